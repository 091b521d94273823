"""Plain data passed between pipeline stages (no spaCy objects).

The record produced by :func:`claimgraph.extract_text` is a :class:`Record`. Its JSON form
(``Record.to_dict()``) is the versioned output schema ``claimgraph/1`` documented in
``docs/schema.md``. Every extracted field carries character offsets into ``Record.text``.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

SCHEMA = "claimgraph/1"


@dataclass(frozen=True, slots=True)
class Span:
    """A half-open character range ``[start, end)`` of the record text, with its text."""

    start: int
    end: int
    text: str

    @classmethod
    def of(cls, text: str, start: int, end: int) -> Span:
        return cls(start, end, text[start:end])

    def overlaps(self, other: Span) -> bool:
        return self.start < other.end and other.start < self.end

    def __len__(self) -> int:
        return self.end - self.start


@dataclass(slots=True)
class Removed:
    """A range of the text judged not to be article content (kept, never deleted)."""

    start: int
    end: int
    reason: str  # e.g. "see-also", "video-player", "source-link", "share", "photo-credit"
    text: str = ""


@dataclass(slots=True)
class Mention:
    """One mention of an entity; ``kind`` is name, pronoun, title (role noun) or possessive."""

    start: int
    end: int
    text: str
    kind: str = "name"


@dataclass(slots=True)
class Entity:
    id: str
    name: str
    type: str  # PERSON, ORG, GPE, LOC, NORP, FAC, EVENT, ...
    aliases: list[str] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    # Resolved place for GPE/LOC (name, country, admin1, lat, lon, precision), when known.
    place: dict[str, Any] | None = None


@dataclass(slots=True)
class Actor:
    """A span in the text (name, pronoun, title, outlet) and the entity it resolves to."""

    span: Span
    entity: str | None = None


@dataclass(slots=True)
class DateRef:
    """A time expression normalised against the article date (ISO value + precision)."""

    span: Span
    value: str | None  # "2024-11-03", "2024-11", "2024" or None when not normalisable
    precision: str | None = None  # day, month, year, week, relative


@dataclass(slots=True)
class Statement:
    id: str
    cue: Span
    content: Span
    speaker: Actor | None = None
    kind: str = "indirect"  # direct, indirect, mixed
    # A quote split around its cue ("X," he said, "Y."): ``content`` runs from the first
    # opening mark to the last closing one; the parts are the quoted pieces without the
    # speaker and cue. Empty when the content is one continuous piece.
    content_parts: list[Span] = field(default_factory=list)
    recipient: Span | None = None
    via: list[Actor] = field(default_factory=list)  # relaying outlets/people, nearest first
    modality: str = "asserted"  # asserted, estimated, hedged, denied, future, hypothetical
    sentence: Span | None = None
    dates: list[DateRef] = field(default_factory=list)


@dataclass(slots=True)
class Quantity:
    id: str
    span: Span
    value: float | None
    low: float | None = None
    high: float | None = None
    approx: str = "exact"  # exact, approximate, at_least, at_most, more_than, less_than, range
    unit: str | None = None  # "$", "%", "km", or the counted thing ("troops", "people")
    subject: Span | None = None  # the noun phrase counted or measured, when found
    statement: str | None = None  # id of the statement whose content contains it


@dataclass(slots=True)
class Event:
    id: str
    type: str  # PLOVER type, e.g. ASSAULT
    trigger: Span
    sentence: Span
    mode: str | None = None
    acled: str | None = None  # ACLED event type / sub-type where the mapping applies
    actor: Actor | None = None
    target: Actor | None = None
    location: dict[str, Any] | None = None  # {"span": Span, "place": {...}}
    date: DateRef | None = None
    quantity: str | None = None  # id of a Quantity tied to the event
    modality: str = "asserted"  # asserted, claimed, future, hypothetical, negated
    statement: str | None = None  # id of the statement that claims it, when claimed


@dataclass(slots=True)
class Flag:
    code: str  # e.g. "surname-conflict", "unresolved-pronoun", "unattributed-claim"
    message: str
    spans: list[Span] = field(default_factory=list)


@dataclass(slots=True)
class Document:
    """A cleaned input document before NLP: the text all offsets index, plus metadata."""

    source: str
    text: str
    title: str | None = None
    published: str | None = None
    author: str | None = None
    outlet: str | None = None
    url: str | None = None
    language: str = "en"
    removed: list[Removed] = field(default_factory=list)
    media_type: str = "text/plain"  # text/plain or text/html (text then is the extracted text)


@dataclass(slots=True)
class Record:
    source: str
    text: str
    title: str | None = None
    published: str | None = None  # ISO date or datetime, when known
    author: str | None = None
    outlet: str | None = None
    language: str = "en"
    removed: list[Removed] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    statements: list[Statement] = field(default_factory=list)
    quantities: list[Quantity] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    dates: list[DateRef] = field(default_factory=list)
    flags: list[Flag] = field(default_factory=list)
    extractor: str = ""  # claimgraph version + model that produced the record
    schema: str = SCHEMA

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        # schema first, text last: easier to read in a terminal or a diff
        ordered = {"schema": data.pop("schema"), "source": data.pop("source")}
        text = data.pop("text")
        ordered.update(data)
        ordered["text"] = text
        return ordered


def span_from(data: dict[str, Any] | None) -> Span | None:
    return None if data is None else Span(data["start"], data["end"], data["text"])
