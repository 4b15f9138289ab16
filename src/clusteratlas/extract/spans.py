"""Choosing among overlapping mentions, shared by the English and Russian paths."""

from __future__ import annotations

import bisect
from typing import TypeVar

T = TypeVar("T")  # anything with start, end, rank and type


def non_overlapping(mentions: list[T], type_priority: dict[str, int]) -> list[T]:
    """Rule mentions before statistical or gazetteer ones (lower ``rank``), then the longest span,
    then type priority; no two kept mentions overlap. Kept spans stay sorted by start (they never
    overlap), so each check is a bisection."""
    ordered = sorted(mentions, key=lambda m: (m.rank, -(m.end - m.start), type_priority.get(m.type, 9), m.start))
    starts: list[int] = []
    ends: list[int] = []
    kept: list[T] = []
    for m in ordered:
        k = bisect.bisect_left(starts, m.end)  # kept spans starting before m ends: indices < k
        if k and ends[k - 1] > m.start:
            continue
        starts.insert(k, m.start)
        ends.insert(k, m.end)
        kept.append(m)
    return sorted(kept, key=lambda m: m.start)
