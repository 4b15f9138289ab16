"""A search query is the user's text, never query syntax.

The text is cut into words; a part in double quotes is a phrase; every other character (``*``,
``-``, ``:``, brackets, ``NEAR``, ``AND`` as operators) is only a separator or a word to look for.
The backends build their own full-text query from these words, quoting each one, so no input can
reach the database's query language. Each word also gets its transliteration-blind skeleton, so
"Ростех" finds the documents and entities written "Rostec" or "Rostekh".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..names import transliterate
from ..resolve.analysis import skeleton

MAX_QUERY_CHARS = 500  # longer than any name or phrase a person types; a pasted page is a mistake
MAX_WORDS = 32
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
_PHRASE = re.compile(r'"([^"]*)"')


class SearchError(ValueError):
    """The query cannot be searched; the message says why, in one line."""


@dataclass(frozen=True)
class ParsedQuery:
    words: tuple[str, ...]  # lower case, every word of the query, phrases included
    phrases: tuple[tuple[str, ...], ...] = ()  # runs of words that must stand together
    folded: tuple[str, ...] = field(default=())  # the words' skeletons, for names across scripts

    @property
    def empty(self) -> bool:
        return not self.words


def parse_query(text: str) -> ParsedQuery:
    if "\x00" in text:
        raise SearchError("the query contains a NUL character")
    if len(text) > MAX_QUERY_CHARS:
        raise SearchError(f"the query is {len(text):,} characters long; the limit is {MAX_QUERY_CHARS}")
    phrases = []
    for inner in _PHRASE.findall(text):
        words = tuple(w.lower() for w in _WORD.findall(inner))
        if len(words) > 1:
            phrases.append(words)
    words = tuple(dict.fromkeys(w.lower().replace("’", "'") for w in _WORD.findall(text)))
    if len(words) > MAX_WORDS:
        raise SearchError(f"the query has {len(words)} words; the limit is {MAX_WORDS}")
    folded = tuple(dict.fromkeys(f for f in (fold(w) for w in words) if len(f) >= 2))
    return ParsedQuery(words=words, phrases=tuple(phrases), folded=folded)


def fold(word: str) -> str:
    """A word's skeleton: transliterated, then folded as resolution folds names."""
    return re.sub(r"[^a-zA-Z0-9]", "", skeleton(transliterate(word.lower()))).lower()


def folded_names(names) -> str:
    """The skeletons of every word of some names, as one space-separated text to index."""
    out: dict[str, None] = {}
    for name in names:
        for word in _WORD.findall(name):
            f = fold(word)
            if len(f) >= 2:
                out[f] = None
    return " ".join(out)
