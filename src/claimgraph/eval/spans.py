"""Span scoring shared by the benchmark evaluations: three matching rules side by side.

A span is a tuple of half-open character fragments ``((start, end), ...)``; gold spans from
brat can be discontinuous ("207 579;581 851"), predictions are one fragment.

Rules (a prediction and a gold span of the same field and document can match; matching is
one-to-one, greedy by overlap size, largest first):

- ``lenient``: any character overlap.
- ``strict``: the overlap covers at least half of the longer of the two spans.
- ``exact``: the same boundaries after trimming whitespace and punctuation (quote marks,
  commas, full stops, colons, dashes) from both ends of each span.

Precision = matched / predicted, recall = matched / gold, F1 their harmonic mean.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

RULES = ("lenient", "strict", "exact")
STRICT_SHARE = 0.5  # share of the longer span the overlap must cover under "strict"
TRIM = " \t\r\n\u00a0.,;:!?\"'`\u2018\u2019\u201c\u201d\u00ab\u00bb\u2014\u2013-()[]"

Fragments = tuple[tuple[int, int], ...]


def fragments(start: int, end: int) -> Fragments:
    return ((start, end),)


def length(span: Fragments) -> int:
    return sum(e - s for s, e in span)


def overlap(a: Fragments, b: Fragments) -> int:
    total = 0
    for s1, e1 in a:
        for s2, e2 in b:
            total += max(0, min(e1, e2) - max(s1, s2))
    return total


def trimmed(span: Fragments, text: str) -> tuple[int, int]:
    """Outer boundaries of ``span`` with whitespace and punctuation stripped from both ends."""
    start, end = span[0][0], span[-1][1]
    while start < end and text[start] in TRIM:
        start += 1
    while end > start and text[end - 1] in TRIM:
        end -= 1
    return start, end


def matches(a: Fragments, b: Fragments, text: str, rule: str) -> bool:
    if rule == "exact":
        return trimmed(a, text) == trimmed(b, text)
    shared = overlap(a, b)
    if rule == "lenient":
        return shared > 0
    return shared > 0 and shared >= STRICT_SHARE * max(length(a), length(b))


def match_count(
    predicted: Sequence[Fragments], gold: Sequence[Fragments], text: str, rule: str
) -> int:
    """Size of a greedy one-to-one matching under ``rule`` (largest overlaps first)."""
    pairs = []
    for i, p in enumerate(predicted):
        for j, g in enumerate(gold):
            if matches(p, g, text, rule):
                pairs.append((overlap(p, g), i, j))
    pairs.sort(key=lambda t: (-t[0], t[1], t[2]))
    used_p: set[int] = set()
    used_g: set[int] = set()
    for _, i, j in pairs:
        if i not in used_p and j not in used_g:
            used_p.add(i)
            used_g.add(j)
    return len(used_p)


@dataclass
class Tally:
    """Counts for one field under one rule, summed over documents."""

    predicted: int = 0
    gold: int = 0
    matched: int = 0

    def add(
        self, predicted: Sequence[Fragments], gold: Sequence[Fragments], text: str, rule: str
    ) -> None:
        self.predicted += len(predicted)
        self.gold += len(gold)
        self.matched += match_count(predicted, gold, text, rule)

    def scores(self) -> dict[str, float | int]:
        p = self.matched / self.predicted if self.predicted else 0.0
        r = self.matched / self.gold if self.gold else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return {
            "precision": round(p, 4),
            "recall": round(r, 4),
            "f1": round(f, 4),
            "predicted": self.predicted,
            "gold": self.gold,
            "matched": self.matched,
        }


def unique(spans: Iterable[Fragments]) -> list[Fragments]:
    """Distinct spans in first-seen order (one annotation per span)."""
    return list(dict.fromkeys(spans))
