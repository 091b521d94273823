"""Fractions: figures written without a plain number.

- A fraction of something is a share in percent ("half the roof" 50 %, "two-thirds of homes"
  66.67 %, "a quarter of the staff" 25 %, "about half its normal speed"), its subject the
  thing it is a share of; not "the first half", "the second quarter of last year" (dates),
  "the other half".
- A fraction of a unit is that many units ("half a mile" 0.5 miles, "a half-liter of vodka"
  0.5 litres, "1/2 liter" 0.5 litres).
- Not read here: a magnitude written as one word with its number ("a magnitude-5.2 quake",
  "the 6.1-magnitude quake"). Claim alignment takes every magnitude of a story for one
  figure, so the aftershocks and the earlier quakes an article recalls would be read as
  contradictions of the main one (ecbplus-claims dev: +17 mentions, +44 wrong disagreements).

Read before the general number scanner (:mod:`claimgraph.extract.quantities`), like ages and
durations; ids, approximations and statements are the caller's to set.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from claimgraph.models import Quantity, Span

if TYPE_CHECKING:
    from spacy.tokens import Doc

FRACTIONS = {
    "half": 1 / 2, "a half": 1 / 2, "one half": 1 / 2, "a third": 1 / 3, "one third": 1 / 3,
    "one-third": 1 / 3, "two thirds": 2 / 3, "two-thirds": 2 / 3, "a quarter": 1 / 4,
    "one quarter": 1 / 4, "one-quarter": 1 / 4, "three quarters": 3 / 4,
    "three-quarters": 3 / 4, "a fifth": 1 / 5, "one fifth": 1 / 5, "one-fifth": 1 / 5,
    "a tenth": 1 / 10, "one tenth": 1 / 10, "one-tenth": 1 / 10,
}  # fmt: skip
#: Units a fraction can be of ("half a mile", "a half-liter"), as written -> the unit carried.
FRACTION_UNITS = {
    "mile": "miles", "kilometre": "km", "kilometer": "km", "km": "km", "metre": "m",
    "meter": "m", "litre": "litres", "liter": "litres", "gallon": "gallons", "ton": "tonnes",
    "tonne": "tonnes", "pound": "pounds", "kilo": "kg", "kilogram": "kg", "foot": "ft",
    "inch": "in", "acre": "acres", "hectare": "hectares",
}  # fmt: skip
_FRACTION_RE = "|".join(sorted((re.escape(f) for f in FRACTIONS), key=len, reverse=True))
_UNIT_RE = "|".join(sorted(FRACTION_UNITS, key=len, reverse=True))
#: "half the roof", "two-thirds of homes", "about half its speed".
_SHARE = re.compile(
    rf"\b(?P<f>{_FRACTION_RE})\s+(?=(?:of|the|its|their|his|her|our|all|these|those)\b)", re.I
)
#: "half a mile", "a half-liter", "1/2 liter", "a quarter mile".
_OF_UNIT = re.compile(
    rf"\b(?:(?P<f>{_FRACTION_RE})(?:\s+an?)?|(?P<n>[1-9])/(?P<d>[2-48]))[\s-]+(?P<u>{_UNIT_RE})s?\b",
    re.I,
)
#: Words before "half"/"quarter" that make it a part of a period or an ordinal, not a share.
_NOT_SHARE_BEFORE = {"first", "second", "third", "fourth", "last", "other", "latter", "former"}


def read_fractions(doc: Doc, text: str) -> list[Quantity]:
    """The fractions of ``doc`` (``text`` is ``doc.text``), in text order."""
    found: list[Quantity] = []
    for m in _OF_UNIT.finditer(text):
        if m["f"]:
            if _after_ordinal(text, m.start()):
                continue
            value = FRACTIONS[" ".join(m["f"].lower().split())]
        else:
            value = int(m["n"]) / int(m["d"])
        unit = FRACTION_UNITS[m["u"].lower()]
        found.append(Quantity("", Span.of(text, m.start(), m.end("u")), value, unit=unit))
    for m in _SHARE.finditer(text):
        if _after_ordinal(text, m.start()):
            continue
        fraction = FRACTIONS[" ".join(m["f"].lower().split())]
        end = m.start() + len(m["f"])
        q = Quantity("", Span.of(text, m.start(), end), round(100 * fraction, 2), unit="%")
        subject = _share_of(doc, text, m.end())
        if subject is not None:
            q.subject = subject
        found.append(q)
    found.sort(key=lambda q: q.span.start)
    return found


def _after_ordinal(text: str, start: int) -> bool:
    """ "the first half", "the other half", "the second quarter": a part of a whole period."""
    before = text[max(0, start - 12) : start].split()
    return bool(before) and before[-1].lower() in _NOT_SHARE_BEFORE | {"the"}


def _share_of(doc: Doc, text: str, start: int) -> Span | None:
    """The noun phrase a share is of: "of homes in five villages" -> "homes"."""
    span = doc.char_span(start, start + 1, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    tok = span[0]
    if tok.lower_ == "of":
        objects = [c for c in tok.children if c.dep_ == "pobj"]
        if not objects:
            return None
        head = objects[0]
        return Span.of(text, doc[head.left_edge.i].idx, head.idx + len(head.text))
    head = tok.head if tok.dep_ in {"det", "poss", "predet"} else tok
    if head.pos_ not in {"NOUN", "PROPN"} or head.i < tok.i:
        return None
    return Span.of(text, tok.idx, head.idx + len(head.text))
