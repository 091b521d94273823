"""Signs of machine translation (or of a hurried translation) in English news text.

Republished copies of non-English wire stories often keep calques and typography of the
source language: "In the frames of", "took the decision to", "informed" without an object
("..., he informed on Sunday"), "according to the words of", "12 thousand soldiers",
dash-opened quotes ("— We will not retreat, — Velk said."). One of these alone proves
nothing; several distinct ones in one article make machine translation probable, and a
careful reader should then check names (Velk/Welk) and numbers against another copy.

:func:`find_translation_hints` is pure and returns spans into the text; the flags stage
decides what to report (see ``MIN_DISTINCT_HINTS``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Distinct hint kinds in one article from which machine translation is called probable.
MIN_DISTINCT_HINTS = 2

# (kind, pattern, explanation). Patterns are case-insensitive unless they say otherwise.
HINTS: tuple[tuple[str, str, str], ...] = (
    ("calque", r"\bin\s+the\s+frames?\s+of\b", '"in the frame(s) of" for "as part of"'),
    ("calque", r"\btook\s+the\s+decision\s+to\b", '"took the decision to" for "decided to"'),
    (
        "calque",
        r"\baccording\s+to\s+(?:the\s+)?(?:his|her|their|the)\s+words\b",
        '"according to the words of" for "according to"',
    ),
    ("calque", r"\bon\s+the\s+distance\s+of\b", '"on the distance of" for "within"'),
    ("calque", r"\barmou?red\s+technique\b", '"armoured technique" for "armoured vehicles"'),
    ("calque", r"\bduring\s+one\s+(?:week|month|day|year)\b", '"during one week" for "for a week"'),
    ("calque", r"\bmedicaments\b", '"medicaments" for "medicines"'),
    ("calque", r"\bhumanitarian\s+cargo\b", '"humanitarian cargo" for "aid"'),
    (
        "calque",
        r"\b(?:the\s+)?representative\s+of\s+the\s+(?:agency|ministry|organisation|organization)"
        r"\s+(?-i:[A-Z])",
        '"the representative of the agency X" for "agency spokeswoman X"',
    ),
    (
        "reporting-verb",
        r",\s*(?:he|she|they|it|the\s+\w+)\s+informed\b(?!\s+(?:him|her|them|us|me|the|a)\b)",
        '"..., he informed" used like "said"',
    ),
    (
        "reporting-verb",
        r"\binformed\s+the\s+(?:minister|ministry|president|agency|spokesman|spokeswoman)",
        '"informed the minister" meaning "the minister said"',
    ),
    (
        "reporting-verb",
        r"\b(?:declared|underlined|informed|stated)\s+(?:to\s+journalists|that\s+no)\b",
        'reporting verb calque ("declared to journalists")',
    ),
    (
        "number-words",
        r"\b\d{1,3}\s+thousand\s+(?:soldiers|troops|people|tons|tonnes|"
        r"refugees|residents|dollars|euros)\b",
        '"12 thousand soldiers" for "12,000 soldiers"',
    ),
    (
        "dash-quote",
        r"(?m)^\s*[\u2014\u2013]\s+\S[^\n]*?,\s+[\u2014\u2013]\s",
        "quote opened and closed by dashes (Slavic typography)",
    ),
)

_COMPILED = tuple((kind, re.compile(p, re.IGNORECASE), why) for kind, p, why in HINTS)


@dataclass(frozen=True, slots=True)
class TranslationHint:
    start: int
    end: int
    text: str
    kind: str  # calque, reporting-verb, number-words, dash-quote
    explanation: str


def find_translation_hints(text: str) -> list[TranslationHint]:
    """Spans of ``text`` that look like translation artefacts, sorted by position."""
    hints = [
        TranslationHint(m.start(), m.end(), m.group(0), kind, why)
        for kind, pattern, why in _COMPILED
        for m in pattern.finditer(text)
    ]
    return sorted(hints, key=lambda h: (h.start, h.end))


def probably_translated(text: str) -> tuple[bool, list[TranslationHint]]:
    """(probable machine translation?, the hints). Needs ``MIN_DISTINCT_HINTS`` distinct
    explanations, so one odd phrase in a native English article is not enough."""
    hints = find_translation_hints(text)
    return len({h.explanation for h in hints}) >= MIN_DISTINCT_HINTS, hints
