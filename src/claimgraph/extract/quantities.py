"""Numeric claims: value, approximation, unit or counted thing, tied to statements."""

from __future__ import annotations

from typing import TYPE_CHECKING

from claimgraph.models import Quantity, Statement

if TYPE_CHECKING:
    from spacy.tokens import Doc


def extract_quantities(doc: Doc, statements: list[Statement]) -> list[Quantity]:
    return []  # TODO(entities helper)
