"""The Store interface: the one contract between the corpus store and its readers
(CLI corpus commands, the REST API and the web UI).

Implementations: ``claimgraph.store.sql.SQLStore`` (SQLite by default, PostgreSQL by URL),
opened with ``claimgraph.store.open_store(url)``.

Conventions
- Every list method returns a :class:`Page`: ``{"items": [...], "total": int, "limit": int,
  "offset": int}``; items are plain JSON-able dicts.
- Article ids are content hashes (``a_`` + 16 hex chars of sha256 of outlet, url and text,
  joined by NUL; see ``store.rows.article_id``): re-ingesting adds nothing, while the same
  text published by two outlets is two articles, linked as exact duplicates by analyse().
  A record dict given to ``add_records`` may carry ``url`` and ``id`` besides the
  ``Record.to_dict()`` keys.
- ``SQLStore`` also offers (beyond this protocol): ``articles(outlet=)``,
  ``statements(article=, claim=)``, ``claims(until=, kind=)``,
  ``replace_records`` (re-extraction), context-manager use.
- Statement ids in the store are ``<article_id>:<S-id>``; entity ids in the corpus are
  corpus-level (``e_...``), each with its per-article mentions.
- Dates are ISO strings; ``since``/``until`` filter on the article's published date.
- ``total`` is exact for unfiltered lists; with filters it is counted up to
  ``settings.count_cap`` and a total of ``count_cap + 1`` means "more than count_cap" (so a
  filtered page answers fast over 100,000 articles). Lists are newest first, ties by id desc.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any, Protocol, TypedDict

if TYPE_CHECKING:
    from claimgraph.store.rows import PreparedRecord


class Page(TypedDict):
    items: list[dict[str, Any]]
    total: int
    limit: int
    offset: int


class IngestReport(TypedDict):
    added: int
    skipped_existing: int
    failed: list[dict[str, str]]  # {"source": ..., "error": ...}


class Store(Protocol):
    url: str

    # writing (what ingest uses: a backend that offers these can be ingested into)
    def add_records(self, records: Iterable[dict[str, Any]]) -> IngestReport: ...
    def add_prepared(self, prepared: Iterable[PreparedRecord]) -> IngestReport:
        """Records whose rows were built already (``store.rows.prepare_rows``, in the
        extraction workers): the writer only stores them."""
        ...

    def replace_records(self, records: Iterable[dict[str, Any]]) -> IngestReport:
        """Re-extracted records: their old rows are deleted, the new ones inserted."""
        ...

    def has_articles(self, ids: list[str]) -> set[str]:
        """Which of ``ids`` are stored already (re-ingest adds only what is new)."""
        ...

    def stale_articles(self, extractor: str, batch: int = 200) -> Iterator[list[dict[str, Any]]]:
        """Stored records made by another extractor version, in batches (--reextract)."""
        ...

    def analyse(self) -> dict[str, Any]:
        """Run the cross-article steps (duplicates, stories, entity merging, claim
        alignment, corroboration, contradictions); returns timing and counts."""
        ...

    # reading
    def counts(self) -> dict[str, int]: ...
    def article(self, article_id: str) -> dict[str, Any] | None:
        """The full record dict plus ``id``, ``duplicate_of``, ``story``."""
        ...

    def articles(
        self,
        *,
        q: str | None = None,
        story: str | None = None,
        since: str | None = None,
        until: str | None = None,
        limit: int = 50,
        offset: int = 0,
    ) -> Page: ...
    def statements(
        self,
        *,
        q: str | None = None,
        speaker: str | None = None,
        entity: str | None = None,
        about: str | None = None,
        outlet: str | None = None,
        since: str | None = None,
        until: str | None = None,
        kind: str | None = None,
        modality: str | None = None,
        has_number: bool | None = None,
        sort: str = "-published",
        limit: int = 50,
        offset: int = 0,
    ) -> Page: ...
    def statement_facets(
        self,
        *,
        facets: Iterable[str] = ...,
        size: int = 10,
        budget_ms: float = 100.0,
        **filters: Any,
    ) -> dict[str, Any]:
        """Statements per outlet, speaker entity, kind and modality under the filters of
        ``statements`` (each facet without its own filter), counted within a time budget
        (a facet past it: ``timed_out``)."""
        ...

    def statement(self, statement_id: str) -> dict[str, Any] | None:
        """One statement with its article, speaker entity, relay chain and aligned claims
        (the same claim in other articles)."""
        ...

    def add_correction(
        self,
        statement_id: str,
        action: str,
        *,
        author: str,
        reason: str,
        entity: str | None = None,
    ) -> dict[str, Any]:
        """Record an analyst's correction (``wrong`` or ``speaker``) apart from the
        extracted rows; InputError (nothing stored) on bad input."""
        ...

    def undo_correction(self, correction_id: int, *, author: str) -> dict[str, Any]: ...
    def apply_corrections(self, items: list[dict[str, Any]]) -> None:
        """Mark statement dicts (by ``id``) with their standing corrections, in place."""
        ...

    def corrections(
        self, statement_id: str | None = None, *, limit: int = 200
    ) -> list[dict[str, Any]]: ...
    def correct_entity(
        self,
        entity: str,
        action: str,
        *,
        author: str,
        reason: str,
        into: str | None = None,
        names: Iterable[str] = (),
    ) -> dict[str, Any]:
        """Record and apply an analyst's ``merge`` (``entity`` into ``into``) or ``split``
        (``entity``'s mentions written as one of ``names`` become a new entity), apart from
        the extracted rows and replayed by analyse(); InputError (nothing stored) on bad
        input."""
        ...

    def entity_corrections(
        self, entity_id: str | Iterable[str], *, standing: bool = False, limit: int = 200
    ) -> list[dict[str, Any]]:
        """Merges and splits of an entity (or several) or into it, newest first; undone
        ones too unless ``standing``."""
        ...

    def entities(
        self, *, q: str | None = None, type: str | None = None, limit: int = 50, offset: int = 0
    ) -> Page: ...
    def entity_names(self, ids: Iterable[str]) -> dict[str, str]:
        """{corpus entity id: name} for the ids given (unknown ids left out)."""
        ...

    def entity(self, key: str) -> dict[str, Any] | None:
        """By corpus entity id or by name/alias: aliases, statements by and about it,
        co-occurring entities, mention timeline."""
        ...

    def stories(self, *, limit: int = 50, offset: int = 0) -> Page: ...
    def story(self, story_id: str) -> dict[str, Any] | None: ...
    def claims(
        self,
        *,
        about: str | None = None,
        since: str | None = None,
        contradicted: bool | None = None,
        ids: list[str] | None = None,
        members: int | None = None,
        speakers: int | None = None,
        limit: int = 50,
        offset: int = 0,
    ) -> Page:
        """Aligned claims (clusters of statements/quantities about the same thing) with
        independent-source counts and echo chains; ``members=N``: brief items (columns, the
        first N members and first ``speakers`` speakers, ``n_speakers``)."""
        ...

    def claim(self, claim_id: str) -> dict[str, Any] | None: ...
    def contradictions(
        self, *, claim: str | None = None, limit: int = 50, offset: int = 0
    ) -> Page: ...
    def event_summary(
        self, *, budget_ms: float = 100.0, points: int = 500, **filters: Any
    ) -> dict[str, Any]:
        """Events under the filters of ``events`` per day, per type and per geocoded point."""
        ...

    def events(
        self,
        *,
        type: str | None = None,
        actor: str | None = None,
        near: str | None = None,
        since: str | None = None,
        until: str | None = None,
        copies: bool = False,
        limit: int = 50,
        offset: int = 0,
    ) -> Page: ...
    def close(self) -> None: ...
