"""Sentence splitting: relations are stated within one sentence, and the
sentence is the span a relation cites."""

from __future__ import annotations

import re

from ..model import Span

# A full stop that ends an abbreviation ("No.", "St.", "Ltd.", initials) is not a sentence end.
_ABBREVIATIONS = {
    "no", "nos", "st", "ltd", "inc", "corp", "co", "dr", "mr", "mrs", "ms", "prof", "jr", "sr", "vs",
    "e.g", "i.e", "etc", "approx", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept",
    "oct", "nov", "dec", "dd", "art", "para", "mln", "bln", "bn", "rub", "thous", "p", "pp", "s.a", "u.s",
}
_BOUNDARY = re.compile(r"[.!?…]+[\"'”»)\]]*(?=\s+[\"'“«(\[]?[A-ZА-ЯЁ0-9])|\n\s*\n|\n(?=\s*[•\-*])|\n")


def split_sentences(text: str) -> list[Span]:
    """Sentences, and lines. A line ending with ":" and the bulleted lines after it stay one
    sentence, so that "Participants include:" still governs each item of its list."""
    spans: list[Span] = []
    start = 0
    for match in _BOUNDARY.finditer(text):
        end = match.end()
        if match.group(0).startswith("\n") and _list_continues(text, match.start(), end):
            continue
        if match.group(0)[0] == ".":
            word = re.search(r"([\w.]+)\.$", text[max(0, match.start() - 12) : match.start() + 1])
            if word and (word.group(1).lower() in _ABBREVIATIONS or len(word.group(1)) == 1):
                continue
        _append(spans, text, start, end)
        start = end
    _append(spans, text, start, len(text))
    return spans


# No prose sentence is longer; a longer "sentence" (a table dump, a page with no full stops)
# is cut at spaces, so that the work per sentence stays bounded and extraction stays linear.
MAX_SENTENCE = 2000


def _append(spans: list[Span], text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    while end - start > MAX_SENTENCE:
        cut = text.rfind(" ", start + MAX_SENTENCE // 2, start + MAX_SENTENCE)
        cut = cut if cut > start else start + MAX_SENTENCE
        spans.append(Span(start, cut))
        start = cut
        while start < end and text[start].isspace():
            start += 1
    if end > start:
        spans.append(Span(start, end))


def sentence_at(sentences: list[Span], offset: int) -> Span | None:
    """The sentence containing ``offset`` (binary search over sorted spans)."""
    lo, hi = 0, len(sentences)
    while lo < hi:
        mid = (lo + hi) // 2
        if sentences[mid].end <= offset:
            lo = mid + 1
        else:
            hi = mid
    if lo < len(sentences) and sentences[lo].start <= offset < sentences[lo].end:
        return sentences[lo]
    return None


_BULLET_START = re.compile(r"\s*(?:[-•*–]|\d+[.)])\s+")


def _list_continues(text: str, newline_at: int, next_start: int) -> bool:
    """A newline inside a list: the line before ends with ":" or is a bullet ending with ";" or ",",
    and the line after is a bullet."""
    if not _BULLET_START.match(text, next_start) and not _BULLET_START.match(text[newline_at:newline_at + 8]):
        return False
    before = text[max(0, newline_at - 200) : newline_at].rstrip()
    return before.endswith((":", ";", ","))
