"""Name keys shared by extraction (grouping mentions within a document) and
resolution (joining entities across documents): one normalisation, one place."""

from __future__ import annotations

import re
import unicodedata

from .extract.lexicon import load_lexicon

# A simple Cyrillic → Latin table (close to BGN/PCGN) so that Ростех and Rostekh share a key.
_CYRILLIC = dict(zip(
    "абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
    ["a", "b", "v", "g", "d", "e", "e", "zh", "z", "i", "y", "k", "l", "m", "n", "o", "p", "r", "s", "t",
     "u", "f", "kh", "ts", "ch", "sh", "shch", "", "y", "", "e", "yu", "ya"],
))
_QUOTES = "\"'«»“”„‟‘’`´"
_PUNCT = re.compile(r"[^\w\s]+")
_SPACE = re.compile(r"\s+")


def transliterate(text: str) -> str:
    return "".join(_CYRILLIC.get(ch, _CYRILLIC.get(ch.lower(), ch)) if "\u0400" <= ch <= "\u04ff" else ch for ch in text)


def strip_legal_form(name: str) -> tuple[str, str | None]:
    """("JSC RT-Khimkomposit") → ("RT-Khimkomposit", "JSC"); forms at either end."""
    lex = load_lexicon()
    found = None
    changed = True
    clean = name.strip()
    while changed and clean:
        changed = False
        for form in lex.legal_forms:
            if clean.startswith(form + " ") or clean.startswith(form + "\u00a0"):
                clean, found, changed = clean[len(form):].strip(" ,"), found or form, True
            elif clean.endswith(" " + form) or clean.endswith("," + form) or clean.endswith(", " + form):
                clean, found, changed = clean[: -len(form)].rstrip(" ,"), found or form, True
    return clean.strip(_QUOTES + " ") or name.strip(), found


def name_key(name: str) -> str:
    """Lower case, transliterated, no legal form, quotes or punctuation, folded space."""
    clean, _ = strip_legal_form(unicodedata.normalize("NFKC", name))
    clean = transliterate(clean.lower())
    clean = _PUNCT.sub(" ", clean)
    return _SPACE.sub(" ", clean).strip()
