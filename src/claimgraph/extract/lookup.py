"""What coreference and speaker resolution need of a document's entity index.

:class:`claimgraph.extract.entities.EntityIndex` is both the table of a document's entities
and the resolver that fills it; the resolvers it calls (``coref``, ``speakers``) see it
through this protocol, so they import nothing above them.
"""

from __future__ import annotations

from typing import Protocol

from claimgraph.models import Entity, Mention


class EntityLookup(Protocol):
    """The entities of one document, found by id or by a text span."""

    entities: list[Entity]
    #: entity id -> gender votes {"m": n, "f": n}
    genders: dict[str, dict[str, int]]

    def by_id(self, entity_id: str) -> Entity | None: ...

    def entity_at(self, start: int, end: int) -> str | None:
        """The id of the entity whose mention best overlaps [start, end), if any."""
        ...

    def add_mention(self, entity_id: str, mention: Mention) -> None: ...
