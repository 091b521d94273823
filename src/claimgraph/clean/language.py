"""A cheap English check (no model): share of tokens that are common English words."""

from __future__ import annotations

import re

from claimgraph.errors import UnsupportedLanguageError
from claimgraph.settings import get_settings

_COMMON = frozenset(
    [
        "the",
        "of",
        "and",
        "to",
        "a",
        "in",
        "that",
        "is",
        "was",
        "he",
        "she",
        "it",
        "for",
        "on",
        "are",
        "as",
        "with",
        "his",
        "her",
        "they",
        "at",
        "be",
        "this",
        "have",
        "from",
        "or",
        "by",
        "had",
        "not",
        "but",
        "what",
        "all",
        "were",
        "when",
        "we",
        "there",
        "can",
        "an",
        "which",
        "their",
        "said",
        "if",
        "will",
        "would",
        "has",
        "been",
        "who",
        "its",
        "also",
        "after",
        "than",
        "more",
        "one",
        "two",
        "about",
        "over",
        "into",
        "could",
        "other",
        "some",
        "them",
        "these",
        "told",
        "according",
        "year",
        "people",
    ]
)
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


def english_ratio(text: str, sample_chars: int = 20_000) -> float:
    words = _WORD.findall(text[:sample_chars].lower())
    if not words:
        return 0.0
    return sum(w in _COMMON for w in words) / len(words)


def check_language(text: str, source: str | None = None) -> str:
    """Return "en" or raise UnsupportedLanguageError for text that is not English."""
    ratio = english_ratio(text)
    if ratio < get_settings().min_english_ratio:
        raise UnsupportedLanguageError(
            f"text does not look like English ({ratio:.0%} common English words); skipped",
            source,
        )
    return "en"
