"""Lookups of character ranges by bisection.

Extraction asks, for every statement, number, date and event of a document, which other
items lie inside, hold or touch its range. A scan of all items per question makes
extraction quadratic in the document's length (a 1 MB document took minutes); these
lookups keep it linear. Results keep the items' original order, so answers are the ones a
scan would give.
"""

from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable
from typing import Generic, TypeVar

T = TypeVar("T")


class RangeIndex(Generic[T]):
    """Items with a character range [start, end), sorted by start."""

    def __init__(self, items: Iterable[T], key: Callable[[T], tuple[int, int]]) -> None:
        self._items = list(items)
        self._ranges = sorted((*key(item), n) for n, item in enumerate(self._items))
        self._longest = max((end - start for start, end, _ in self._ranges), default=0)

    def __len__(self) -> int:
        return len(self._items)

    def _starting(self, lo: float, hi: float) -> list[tuple[int, int, int]]:
        """Ranges whose start lies in [lo, hi]."""
        return self._ranges[
            bisect_left(self._ranges, (lo,)) : bisect_right(self._ranges, (hi, math.inf, math.inf))
        ]

    def _pick(self, numbers: Iterable[int]) -> list[T]:
        return [self._items[n] for n in sorted(numbers)]

    def within(self, start: int, end: int) -> list[T]:
        """Items whose range lies inside [start, end)."""
        return self._pick(n for s, e, n in self._starting(start, end) if e <= end)

    def holding(self, start: int, end: int) -> list[T]:
        """Items whose range holds [start, end)."""
        return self._pick(n for s, e, n in self._starting(start - self._longest, start) if end <= e)

    def overlapping(self, start: int, end: int) -> list[T]:
        """Items whose range overlaps [start, end) by at least one character."""
        return self._pick(
            n for s, e, n in self._starting(start - self._longest, end - 1) if e > start
        )
