"""Attributed statements: speaker, cue, content, kind, recipient, relay, modality."""

from __future__ import annotations

from typing import TYPE_CHECKING

from claimgraph.models import Statement

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from claimgraph.extract.entities import EntityIndex


def extract_statements(doc: Doc, entities: EntityIndex) -> list[Statement]:
    return []  # TODO(attribution helper)
