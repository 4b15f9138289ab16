"""English words to comparable stems, for supplier matching (``match.py``).

A need ("geogrids for road construction") and a fact ("makes geogrids for road building") meet
when their words share a stem. Three steps, all rule-based and linear in the word:

1. British and American spellings fold into one (fibre/fiber, fertiliser/fertilizer,
   tyre/tire, colour/color), so neither side has to guess the other's;
2. M. F. Porter's suffix-stripping algorithm (1980) reduces inflected and derived forms to one
   stem (forgings, forging → forg; reinforcement, reinforcing → reinforc);
3. ``match_terms.yaml`` (data) joins words that mean the same thing in this trade (rebar and
   reinforcement, motor and engine): a stem stands for its whole group.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files

import yaml

_VOWELS = frozenset("aeiou")


def _consonant(word: str, i: int) -> bool:
    ch = word[i]
    if ch in _VOWELS:
        return False
    if ch == "y":
        return i == 0 or not _consonant(word, i - 1)
    return True


def _measure(stem: str) -> int:
    """m in Porter's [C](VC)^m[V]: how many vowel-consonant sequences the stem has."""
    m, i, n = 0, 0, len(stem)
    while i < n and _consonant(stem, i):
        i += 1
    while i < n:
        while i < n and not _consonant(stem, i):
            i += 1
        if i >= n:
            break
        while i < n and _consonant(stem, i):
            i += 1
        m += 1
    return m


def _has_vowel(stem: str) -> bool:
    return any(not _consonant(stem, i) for i in range(len(stem)))


def _double_consonant(word: str) -> bool:
    return len(word) >= 2 and word[-1] == word[-2] and _consonant(word, len(word) - 1)


def _cvc(word: str) -> bool:
    """Consonant-vowel-consonant at the end, the last not w, x or y (hop, not hoop or snow)."""
    if len(word) < 3:
        return False
    return (_consonant(word, len(word) - 3) and not _consonant(word, len(word) - 2)
            and _consonant(word, len(word) - 1) and word[-1] not in "wxy")


def _replace(word: str, rules, condition) -> str:
    """The first rule whose suffix ends the word decides: replaced when the rest passes ``condition``."""
    for suffix, replacement in sorted(rules, key=lambda r: len(r[0]), reverse=True):  # the longest suffix decides
        if word.endswith(suffix):
            stem = word[: len(word) - len(suffix)]
            return stem + replacement if condition(stem) else word
    return word


_STEP2 = (("ational", "ate"), ("tional", "tion"), ("enci", "ence"), ("anci", "ance"), ("izer", "ize"), ("bli", "ble"),
          ("alli", "al"), ("entli", "ent"), ("eli", "e"), ("ousli", "ous"), ("ization", "ize"), ("ation", "ate"),
          ("ator", "ate"), ("alism", "al"), ("iveness", "ive"), ("fulness", "ful"), ("ousness", "ous"), ("aliti", "al"),
          ("iviti", "ive"), ("biliti", "ble"), ("logi", "log"))
_STEP3 = (("icate", "ic"), ("ative", ""), ("alize", "al"), ("iciti", "ic"), ("ical", "ic"), ("ful", ""), ("ness", ""))
_STEP4 = ("al", "ance", "ence", "er", "ic", "able", "ible", "ant", "ement", "ment", "ent", "ion", "ou", "ism", "ate",
          "iti", "ous", "ive", "ize")


def porter(word: str) -> str:
    """Porter's stem of a lower-case word; words of one or two letters stay as they are."""
    if len(word) <= 2:
        return word
    # step 1a: plurals
    if word.endswith("sses"):
        word = word[:-2]
    elif word.endswith("ies"):
        word = word[:-2]
    elif word.endswith("s") and not word.endswith("ss"):
        word = word[:-1]
    # step 1b: -ed, -ing
    again = False
    if word.endswith("eed"):
        if _measure(word[:-3]) > 0:
            word = word[:-1]
    else:
        for suffix in ("ed", "ing"):
            if word.endswith(suffix) and _has_vowel(word[: -len(suffix)]):
                word = word[: -len(suffix)]
                again = True
                break
    if again:
        if word.endswith(("at", "bl", "iz")):
            word += "e"
        elif _double_consonant(word) and word[-1] not in "lsz":
            word = word[:-1]
        elif _measure(word) == 1 and _cvc(word):
            word += "e"
    # step 1c: y → i after a vowel-bearing stem
    if word.endswith("y") and _has_vowel(word[:-1]):
        word = word[:-1] + "i"
    word = _replace(word, _STEP2, lambda s: _measure(s) > 0)
    word = _replace(word, _STEP3, lambda s: _measure(s) > 0)
    # step 4: -ion only after s or t
    for suffix in sorted(_STEP4, key=len, reverse=True):
        if word.endswith(suffix):
            stem = word[: -len(suffix)]
            if _measure(stem) > 1 and (suffix != "ion" or stem.endswith(("s", "t"))):
                word = stem
            break
    # step 5: a final e, a final double l
    if word.endswith("e"):
        stem = word[:-1]
        m = _measure(stem)
        if m > 1 or (m == 1 and not _cvc(stem)):
            word = stem
    if word.endswith("ll") and _measure(word) > 1:
        word = word[:-1]
    return word


# British spellings → American ones, before stemming, so both sides of a comparison fold alike.
_SPELLINGS = (
    (re.compile(r"(?<=[a-z]{3})is(e|ed|es|ing|er|ers|ation|ations)$"), r"iz\1"),  # specialise, fertiliser, stabilisation
    (re.compile(r"(?<=[a-z]{2})([bt])re(s?)$"), r"\1er\2"),  # fibre, centre, metre, litre
    (re.compile(r"(?<=[a-z]{3})our(s?)$"), r"or\1"),  # colour, behaviour
    (re.compile(r"(?<=[a-z]{3})ogue(s?)$"), r"og\1"),  # catalogue
)
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)?", re.UNICODE)


def fold_spelling(word: str, variants: dict[str, str] | None = None) -> str:
    word = (variants or {}).get(word, word)
    for pattern, replacement in _SPELLINGS:
        word = pattern.sub(replacement, word)
    return word


@dataclass(frozen=True)
class Terms:
    variants: dict[str, str]  # a spelling → the one it folds into (tyre → tire)
    fixed: dict[str, str]  # words whose stem is given, where Porter's would join unrelated words
    groups: dict[str, str]  # a stem → the stem of the first word of its synonym group
    stopwords: frozenset[str]  # words of a need that say who is wanted, not what


@lru_cache(maxsize=1)
def terms() -> Terms:
    raw = yaml.safe_load(files(__package__).joinpath("match_terms.yaml").read_text("utf-8"))
    variants = {str(k).lower(): str(v).lower() for k, v in (raw.get("spellings") or {}).items()}
    groups: dict[str, str] = {}
    for group in raw.get("synonyms") or []:
        stems = [porter(fold_spelling(str(w).lower(), variants)) for w in group]
        for s in stems:
            groups.setdefault(s, stems[0])
    fixed = {str(k).lower(): str(v).lower() for k, v in (raw.get("stems") or {}).items()}
    return Terms(variants, fixed, groups, frozenset(str(w).lower() for w in raw.get("stopwords") or []))


@lru_cache(maxsize=50_000)
def stem(word: str) -> str:
    """One word's stem: lower case, spelling folded, Porter's suffixes off, its synonym group's stem."""
    data = terms()
    low = word.lower().replace("’", "'")
    if low.endswith("'s"):
        low = low[:-2]
    base = data.fixed.get(low) or porter(fold_spelling(low, data.variants))
    return data.groups.get(base, base)


def words(text: str) -> list[str]:
    """The words of a text as written, hyphenated words split ("fibre-optic" → fibre, optic)."""
    return _WORD.findall(text.replace("-", " "))


def analyse(text: str, *, stopwords: frozenset[str] = frozenset()) -> list[str]:
    """The stems of a text's content words, in order (repeats kept: BM25 counts them)."""
    out = []
    for w in words(text):
        low = w.lower()
        if low in stopwords or (len(low) < 2 and not low.isdigit()):
            continue
        out.append(stem(w))
    return out
