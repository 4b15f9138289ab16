"""Name keys shared by extraction (grouping mentions within a document) and
resolution (joining entities across documents): one normalisation, one place."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

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


@lru_cache(maxsize=1)
def _legal_form_patterns() -> tuple[re.Pattern, re.Pattern]:
    """A legal form at the start ("JSC X") and at the end ("X JSC", "X, LLC"), longest first."""
    forms = "|".join(re.escape(f) for f in load_lexicon().legal_forms)
    return re.compile(rf"^(?:{forms})(?:[ \u00a0]+|(?=[«\"“„']))"), re.compile(rf"(?:,\s*|\s+)(?:{forms})$")


def strip_legal_form(name: str) -> tuple[str, str | None]:
    """("JSC RT-Khimkomposit") → ("RT-Khimkomposit", "JSC"); forms at either end, repeatedly."""
    leading, trailing = _legal_form_patterns()
    found = None
    clean = name.strip()
    while clean:
        m = leading.match(clean) or trailing.search(clean)
        if not m:
            break
        found = found or m.group(0).strip(" ,\u00a0")
        clean = (clean[m.end():] if m.start() == 0 else clean[: m.start()]).strip(" ,")
    return clean.strip(_QUOTES + " ") or name.strip(), found


def name_key(name: str) -> str:
    """Lower case, transliterated, no legal form, quotes or punctuation, folded space."""
    clean, _ = strip_legal_form(unicodedata.normalize("NFKC", name))
    clean = transliterate(clean.lower())
    clean = _PUNCT.sub(" ", clean)
    return _SPACE.sub(" ", clean).strip()
