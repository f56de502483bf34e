"""Span arithmetic shared by the rules, with indexes that keep each query logarithmic.

A long page has thousands of trigger words and mentions; the rules ask "does this span
overlap one already taken?" and "which mentions are in sentence i?" for each of them, so
those questions are answered from sorted arrays, never by scanning every span.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable

_CLAUSE_BREAK = re.compile(r"[;.!?:]|\s[–—-]\s")
_LABEL_COLON = re.compile(r"[ \t*]*:[ \t*]*")


def overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def clause_between(text: str, a: int, b: int) -> bool:
    """True when nothing between a and b breaks the clause (so a cue at a governs b). A
    colon right after the cue is a block label's ("Organisé par : X"), not a break."""
    label_colon = _LABEL_COLON.match(text, a, b)
    if label_colon:
        a = label_colon.end()
    return a <= b and not _CLAUSE_BREAK.search(text, a, b)


class SpanSet:
    """Spans that are added to and asked "does anything overlap (a, b)?".

    Kept sorted by start, with the longest span's length: only spans starting in
    ``[a - longest, b)`` can overlap ``(a, b)``, and those are found by bisection."""

    def __init__(self, spans: Iterable[tuple[int, int]] = ()) -> None:
        self._starts: list[int] = []
        self._ends: list[int] = []
        self._longest = 0
        for s in spans:
            self.add(s)

    def add(self, span: tuple[int, int]) -> None:
        i = bisect.bisect_right(self._starts, span[0])
        self._starts.insert(i, span[0])
        self._ends.insert(i, span[1])
        self._longest = max(self._longest, span[1] - span[0])

    def overlaps(self, span: tuple[int, int]) -> bool:
        a, b = span
        lo = bisect.bisect_left(self._starts, a - self._longest)
        hi = bisect.bisect_left(self._starts, b)
        return any(self._ends[j] > a for j in range(lo, hi))

    def overlapping(self, span: tuple[int, int]) -> list[tuple[int, int]]:
        """The spans overlapping ``span``, by start."""
        a, b = span
        lo = bisect.bisect_left(self._starts, a - self._longest)
        hi = bisect.bisect_left(self._starts, b)
        return [(self._starts[j], self._ends[j]) for j in range(lo, hi) if self._ends[j] > a]


def by_start(items: Iterable, key=lambda x: x.start) -> tuple[list[int], list]:
    """Items sorted by start position with the list of starts, for bisection."""
    ordered = sorted(items, key=key)
    return [key(x) for x in ordered], ordered


def within(starts: list[int], items: list, a: int, b: int) -> list:
    """The items whose start lies in [a, b)."""
    return items[bisect.bisect_left(starts, a) : bisect.bisect_left(starts, b)]
