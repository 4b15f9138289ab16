"""A cheap language guess by script; good enough to pick between English and Russian."""

from __future__ import annotations


def guess_language(text: str, sample: int = 20000) -> str | None:
    cyrillic = latin = 0
    for ch in text[:sample]:
        if "\u0400" <= ch <= "\u04ff":
            cyrillic += 1
        elif ch.isascii() and ch.isalpha():
            latin += 1
    if cyrillic + latin == 0:
        return None
    return "ru" if cyrillic > latin else "en"
