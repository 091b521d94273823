"""Events (PLOVER types mapped to ACLED): who did what to whom, where and when."""

from __future__ import annotations

from typing import TYPE_CHECKING

from claimgraph.models import DateRef, Event, Quantity, Statement

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from claimgraph.extract.entities import EntityIndex


def extract_events(
    doc: Doc,
    entities: EntityIndex,
    statements: list[Statement],
    quantities: list[Quantity],
    dates: list[DateRef],
    published: str | None,
) -> list[Event]:
    return []  # TODO(events helper)
