"""Flags: what a careful reader of one article should know."""

from __future__ import annotations

from typing import TYPE_CHECKING

from claimgraph.models import Flag, Record

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from claimgraph.extract.entities import EntityIndex


def find_flags(record: Record, doc: Doc, entities: EntityIndex) -> list[Flag]:
    flags: list[Flag] = []
    if record.removed:
        flags.append(
            Flag("boilerplate", f"{len(record.removed)} boilerplate range(s) marked and ignored")
        )
    return flags
