"""Time expressions normalised against the article's publication date."""

from __future__ import annotations

from typing import TYPE_CHECKING

from claimgraph.models import DateRef

if TYPE_CHECKING:
    from spacy.tokens import Doc


def extract_dates(doc: Doc, published: str | None) -> list[DateRef]:
    return []  # TODO(events helper)
