"""SQLStore: the Store contract (store/base.py) over SQLAlchemy Core, SQLite or PostgreSQL."""

from __future__ import annotations

import json
import math
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from operator import itemgetter
from typing import Any, ClassVar

from sqlalchemy import (
    Select,
    and_,
    case,
    create_engine,
    delete,
    event,
    false,
    func,
    insert,
    literal,
    literal_column,
    or_,
    select,
    text,
    union_all,
    update,
)
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import DBAPIError, OperationalError

from claimgraph.analysis.text import fold, name_key
from claimgraph.errors import InputError, StoreError
from claimgraph.settings import get_settings
from claimgraph.store import schema as t
from claimgraph.store.base import IngestReport, Page
from claimgraph.store.rows import PreparedRecord, article_id, prepare_rows
from claimgraph.store.search import fts5_count, fts5_query, match, match_phrases, phrases_query
from claimgraph.store.sql.corrections import (
    ENTITY_ACTIONS,
    MAX_NAMES,
    apply_entity_corrections,
    forget_aliases,
    merged_into,
    merged_sources,
    refresh_entities,
    split_id,
    written_names,
)
from claimgraph.store.sql.engine import db_message, normalise_url, sqlite_pragmas, write_transaction

JSON_COLUMNS = {"via", "data", "aliases", "mentions", "terms"}
MAX_LIMIT = 1000
MAX_TIMELINE_DAYS = 1000  # days in an entity's mention timeline
STORY_ENTITIES = 60  # entities named on a story page (its people and places among them)
JSON_PATHS_MAX = 100  # paths in one json_extract call (SQLite allows up to 127 arguments)
# a speaker filter naming no entity: up to this many distinct mentions containing the name
# become an IN-list on the (speaker, published, id) index; more keep the LIKE on each row
SPEAKER_MENTIONS = 100
UNBUDGETED_S = 600.0  # counts made at analysis time, without a page's budget


def _row(mapping: Any) -> dict[str, Any]:
    out = dict(mapping)
    for key in JSON_COLUMNS & out.keys():
        if isinstance(out[key], str):
            out[key] = json.loads(out[key])
    out.pop("minhash", None)
    return out


def _page(items: list[dict[str, Any]], total: int, limit: int, offset: int) -> Page:
    return {"items": items, "total": total, "limit": limit, "offset": offset}


def _count(table: Any, conds: list[Any]) -> Select[Any]:
    """The total of a list: exact without filters; with filters counted up to
    settings.count_cap + 1 (a capped count answers fast over any corpus size; a total of
    count_cap + 1 means "more than count_cap")."""
    if not conds:
        return select(func.count()).select_from(table)
    cap = get_settings().count_cap
    inner = select(literal(1)).select_from(table).where(*conds).limit(cap + 1).subquery()
    return select(func.count()).select_from(inner)


def _limit(limit: int) -> int:
    return max(0, min(int(limit), MAX_LIMIT))


class _Text:
    """A full-text condition on ``table`` (the user's words, or any of some phrases), built
    for the plan the store picks (see ``search.match``: ``walk``)."""

    def __init__(
        self, table: Any, dialect: str, q: str | None = None, names: list[str] | None = None
    ) -> None:
        self.table, self.dialect, self.q, self.names = table, dialect, q, names

    def cond(self, walk: bool = False) -> Any:
        if self.names is not None:
            return match_phrases(self.table, self.names, self.dialect, walk=walk)
        return match(self.table, self.q or "", self.dialect, walk=walk)

    def count(self, cap: int) -> Any:
        """SQLite: the matches counted inside FTS5, up to ``cap``."""
        value = phrases_query(self.names) if self.names is not None else fts5_query(self.q or "")
        return fts5_count(self.table, value, cap)


class _AnyOf:
    """``column IN values`` where several values would make SQLite gather and sort every row
    of all of them; ``walk`` hides the column from the index planner (coalesce), so the
    query walks its ORDER BY index and checks each row instead."""

    def __init__(self, column: Any, values: list[str]) -> None:
        self.column, self.values = column, values

    def cond(self, walk: bool = False) -> Any:
        return (func.coalesce(self.column, "") if walk else self.column).in_(self.values)

    def count(self, cap: int) -> Any:
        """The rows counted from the column's index, up to ``cap``."""
        inner = select(literal(1)).where(self.cond()).limit(cap).subquery()
        return select(func.count()).select_from(inner)

    def newest(self, n: int, newest: Any) -> Any:
        """The rows among the ``n`` newest of each value, read in (column, newest) index
        order: the newest ``n`` of all of them are among these (a few index steps each)."""
        table = self.column.table
        rowid: Any = literal_column(f"{table.name}.rowid")
        parts = [
            select(rowid.label("r"))
            .where(self.column == value)
            .order_by(newest.desc(), table.c.id.desc())
            .limit(n)
            .subquery()
            for value in self.values
        ]
        return rowid.in_(union_all(*[select(part.c.r) for part in parts]))


class SQLStore:
    """The corpus store. One writer at a time per SQLite file (WAL: readers never block)."""

    def __init__(self, url: str, *, migrate: bool = True) -> None:
        self.url = url
        try:
            self.engine: Engine = create_engine(normalise_url(url), future=True)
            if self.engine.dialect.name == "sqlite":
                event.listen(self.engine, "connect", sqlite_pragmas)
            if migrate:
                from claimgraph.store.migrate import upgrade

                upgrade(self.engine)
        except StoreError:
            raise
        except Exception as exc:  # driver errors: bad URL, server down, unwritable file
            raise StoreError(f"cannot open the store {url}: {db_message(exc)}") from exc

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    # ------------------------------------------------------------------ writing
    def add_records(self, records: Iterable[dict[str, Any]]) -> IngestReport:
        """Insert records in one transaction; ids already stored are skipped (before their
        rows are built: re-ingesting stored records costs a lookup each)."""
        failed: list[dict[str, str]] = []
        keyed = []
        for record in records:
            try:
                keyed.append((record.get("id") or article_id(record), record))
            except (KeyError, TypeError, AttributeError) as exc:
                failed.append(
                    {"source": str(record.get("source", "?")), "error": f"bad record: {exc}"}
                )
        stored = self.has_articles([rid for rid, _ in keyed]) if keyed else set()
        prepared = []
        skipped = 0
        for rid, record in keyed:
            if rid in stored:
                skipped += 1
                continue
            try:
                prepared.append(prepare_rows({**record, "id": rid}))
            except (KeyError, TypeError, ValueError, AttributeError) as exc:
                failed.append(
                    {"source": str(record.get("source", "?")), "error": f"bad record: {exc}"}
                )
        report = self.add_prepared(prepared)
        report["skipped_existing"] += skipped
        report["failed"] = failed + report["failed"]
        return report

    def add_prepared(self, prepared: Iterable[PreparedRecord]) -> IngestReport:
        """Insert records whose rows were built already (:func:`prepare_rows`, e.g. in the
        extraction workers) in one transaction; ids already stored are skipped. The writer
        only runs SQL: one writer keeps up with many workers."""
        report: IngestReport = {"added": 0, "skipped_existing": 0, "failed": []}
        batch = list(prepared)
        if not batch:
            return report
        with write_transaction(self.engine) as conn, self._write_cache(conn):
            existing = self._existing(conn, [item.id for item in batch])
            tables: dict[str, list[dict[str, Any]]] = {}
            seen: set[str] = set()
            for item in batch:
                if item.id in existing or item.id in seen:
                    report["skipped_existing"] += 1
                    continue
                seen.add(item.id)
                for name, table_rows in item.rows.items():
                    tables.setdefault(name, []).extend(table_rows)
                report["added"] += 1
            self._insert(conn, tables)
        return report

    @contextmanager
    def _write_cache(self, conn: Connection) -> Iterator[None]:
        """On SQLite, a page cache of ``sqlite_write_cache_bytes`` for this transaction (back
        to the connection's own size after it: readers share the pooled connection). At
        11k articles it took a sixth off the insert time; more as the store grows."""
        size = get_settings().sqlite_write_cache_bytes
        if self.dialect != "sqlite" or size <= 0:
            yield
            return
        before = conn.exec_driver_sql("PRAGMA cache_size").scalar()
        conn.exec_driver_sql(f"PRAGMA cache_size=-{int(size) // 1024}")
        yield  # after an error the connection is discarded or keeps the larger cache: harmless
        # dirty pages stay cached until the commit writes them, whatever the size
        conn.exec_driver_sql(f"PRAGMA cache_size={int(before if before is not None else -2000)}")

    def replace_records(self, records: Iterable[dict[str, Any]]) -> IngestReport:
        """Re-extracted records: their old rows are deleted, the new ones inserted."""
        records = list(records)
        ids = [r.get("id") or article_id(r) for r in records]
        with write_transaction(self.engine) as conn:
            self._delete_articles(conn, ids)
        return self.add_records(records)

    def _existing(self, conn: Connection, ids: list[str]) -> set[str]:
        found: set[str] = set()
        for i in range(0, len(ids), 500):
            chunk = ids[i : i + 500]
            found.update(conn.scalars(select(t.articles.c.id).where(t.articles.c.id.in_(chunk))))
        return found

    def _delete_articles(self, conn: Connection, ids: list[str]) -> None:
        for table in t.PER_ARTICLE:
            conn.execute(delete(table).where(table.c.article_id.in_(ids)))
        conn.execute(delete(t.articles).where(t.articles.c.id.in_(ids)))

    def _insert(self, conn: Connection, tables: dict[str, list[dict[str, Any]]]) -> None:
        for name in ("articles", "lsh_bands", "statements", "quantities", "events"):
            if tables.get(name):
                self._insert_many(conn, t.metadata.tables[name], tables[name])
        ent_rows = tables.get("article_entities") or []
        if not ent_rows:
            return
        self._insert_many(conn, t.article_entities, ent_rows)
        corpus: dict[str, dict[str, Any]] = {}
        aliases: set[tuple[str, str]] = set()
        for row in ent_rows:
            corpus.setdefault(
                row["entity_id"],
                {
                    "id": row["entity_id"],
                    "name": row["name"],
                    "type": row["type"],
                    "key": row["key"],
                    "aliases": json.dumps([row["name"]], ensure_ascii=False),
                    "n_articles": 0,
                    "n_mentions": 0,
                },
            )
            for alias in {fold(row["name"] or ""), row["key"] or ""}:
                if alias:
                    aliases.add((alias[:300], row["entity_id"]))
        self.insert_ignore(conn, t.entities, list(corpus.values()))
        self.insert_ignore(
            conn, t.entity_aliases, [{"alias": a, "entity_id": e} for a, e in aliases]
        )

    def _insert_many(self, conn: Connection, table: t.Table, rows: list[dict[str, Any]]) -> None:
        """``INSERT`` of rows (build_rows' rows: all with the same keys). On SQLite the
        values go to the driver's executemany as tuples: SQLAlchemy's per-row
        parameter processing was a fifth of ingest time, and these columns need none (text,
        numbers, bytes; every column with a default is given). Other databases keep
        SQLAlchemy's batched insert."""
        names = list(rows[0])
        params: list[Any] = []
        if self.dialect == "sqlite" and len(names) > 1:
            values = itemgetter(*names)
            try:
                # the same keys in every row: as many, and each of the first row's present
                params = [values(row) for row in rows if len(row) == len(names)]
            except KeyError:
                params = []
        if len(params) != len(rows):
            conn.execute(insert(table), rows)
            return
        columns = ", ".join(f'"{table.c[name].name}"' for name in names)
        marks = ", ".join("?" for _ in names)
        conn.exec_driver_sql(f'INSERT INTO "{table.name}" ({columns}) VALUES ({marks})', params)

    def insert_ignore(self, conn: Connection, table: t.Table, rows: list[dict[str, Any]]) -> None:
        if not rows:
            return
        dialect_insert: Any
        if self.dialect == "postgresql":
            from sqlalchemy.dialects.postgresql import insert as dialect_insert
        else:
            from sqlalchemy.dialects.sqlite import insert as dialect_insert
        conn.execute(dialect_insert(table).on_conflict_do_nothing(), rows)

    def analyse(self) -> dict[str, Any]:
        from claimgraph.store.sql.analyse import analyse_store

        return analyse_store(self)

    def stale_articles(self, extractor: str, batch: int = 200) -> Iterator[list[dict[str, Any]]]:
        """Stored records made by another extractor version, in batches (for --reextract)."""
        last = ""
        while True:
            with self.engine.connect() as conn:
                rows = conn.execute(
                    select(t.articles.c.id, t.articles.c.record, t.articles.c.url)
                    .where(t.articles.c.extractor != extractor, t.articles.c.id > last)
                    .order_by(t.articles.c.id)
                    .limit(batch)
                ).all()
            if not rows:
                return
            last = rows[-1].id
            yield [{**json.loads(r.record), "id": r.id, "url": r.url} for r in rows]

    def has_articles(self, ids: list[str]) -> set[str]:
        with self.engine.connect() as conn:
            return self._existing(conn, ids)

    def get_meta(self, key: str) -> str | None:
        with self.engine.connect() as conn:
            return conn.scalar(select(t.meta.c.value).where(t.meta.c.key == key))

    # ------------------------------------------------------------------ reading
    def counts(self) -> dict[str, int]:
        out = {}
        with self.engine.connect() as conn:
            for table in (
                t.articles,
                t.statements,
                t.quantities,
                t.entities,
                t.events,
                t.stories,
                t.claims,
                t.contradictions,
            ):
                out[table.name] = conn.scalar(select(func.count()).select_from(table)) or 0
            out["duplicates"] = (
                conn.scalar(
                    select(func.count())
                    .select_from(t.articles)
                    .where(t.articles.c.duplicate_of.is_not(None))
                )
                or 0
            )
        return out

    def article(self, article_id: str) -> dict[str, Any] | None:
        with self.engine.connect() as conn:
            row = conn.execute(select(t.articles).where(t.articles.c.id == article_id)).first()
            if row is None:
                return None
            record = json.loads(row.record)
            corpus = dict(
                conn.execute(
                    select(t.article_entities.c.local_id, t.article_entities.c.entity_id).where(
                        t.article_entities.c.article_id == article_id
                    )
                ).all()
            )
            brief = (
                t.articles.c.id,
                t.articles.c.title,
                t.articles.c.outlet,
                t.articles.c.published,
                t.articles.c.url,
                t.articles.c.duplicate_kind,
                t.articles.c.similarity,
            )
            copy_rows = [
                dict(r)
                for r in conn.execute(
                    select(*brief)
                    .where(t.articles.c.duplicate_of == article_id)
                    .order_by(t.articles.c.published, t.articles.c.id)
                    .limit(100)
                ).mappings()
            ]
            original = None
            if row.duplicate_of:
                found = conn.execute(
                    select(*brief).where(t.articles.c.id == row.duplicate_of)
                ).mappings()
                original = next((dict(r) for r in found), None)
            claims = dict(
                conn.execute(
                    select(t.statements.c.local_id, t.statements.c.claim).where(
                        t.statements.c.article_id == article_id, t.statements.c.claim.is_not(None)
                    )
                ).all()
            )
        for entity in record.get("entities") or []:
            entity["corpus_id"] = corpus.get(entity["id"])
        for st in record.get("statements") or []:
            st["claim"] = claims.get(st["id"])
        # the analysts' corrections of its statements (marked wrong, speaker set)
        fixes = [{"id": f"{row.id}:{st['id']}"} for st in record.get("statements") or []]
        self._apply_corrections(fixes)
        for st, fix in zip(record.get("statements") or [], fixes, strict=True):
            st.update({k: v for k, v in fix.items() if k != "id"})
        record.update(
            id=row.id,
            url=row.url,
            duplicate_of=row.duplicate_of,
            duplicate_kind=row.duplicate_kind,
            similarity=row.similarity,
            original_article=original,  # the article this one copies
            copies=[c["id"] for c in copy_rows],
            copy_articles=copy_rows,  # its copies, oldest first (100 at most)
            story=row.story,
            ingested_at=row.ingested_at,
        )
        return record

    _ARTICLE_LIST = (
        t.articles.c.id,
        t.articles.c.title,
        t.articles.c.outlet,
        t.articles.c.published,
        t.articles.c.source,
        t.articles.c.url,
        t.articles.c.n_statements,
        t.articles.c.n_quantities,
        t.articles.c.n_entities,
        t.articles.c.duplicate_of,
        t.articles.c.story,
        t.articles.c.extractor,
    )

    def articles(
        self,
        *,
        q: str | None = None,
        story: str | None = None,
        since: str | None = None,
        until: str | None = None,
        outlet: str | None = None,
        limit: int = 50,
        offset: int = 0,
    ) -> Page:
        a = t.articles
        conds = []
        texts = [_Text(a, self.dialect, q=q)] if q else []
        if story:
            conds.append(a.c.story == story)
        if since:
            conds.append(a.c.published >= since)
        if until:
            conds.append(a.c.published <= until + "\uffff")
        if outlet:
            conds.append(a.c.outlet == outlet)

        def query(where: list[Any]) -> Select[Any]:
            return (
                select(*self._ARTICLE_LIST)
                .where(*where)
                .order_by(a.c.published.desc(), a.c.id.desc())
                .limit(_limit(limit))
                .offset(offset)
            )

        return self._searched(
            a, query, conds, list[_Text | _AnyOf](texts), limit, offset, newest=a.c.published
        )

    def _paged(self, query: Select[Any], count: Select[Any], limit: int, offset: int) -> Page:
        with self.engine.connect() as conn:
            items = [_row(r) for r in conn.execute(query).mappings()]
            total = conn.scalar(count) or 0
        return _page(items, total, _limit(limit), offset)

    def _searched(
        self,
        table: Any,
        query: Any,
        conds: list[Any],
        texts: list[_Text | _AnyOf],
        limit: int,
        offset: int,
        newest: Any = None,
    ) -> Page:
        """A page of ``query(conditions)`` under ``conds`` and the planned conditions
        ``texts`` (full-text matches, IN-lists).

        On SQLite the matches are counted first (inside FTS5 when the words are the only
        filter) and pick the plan. Looking every match up and sorting costs ~1.5 us a match;
        walking the ORDER BY index and probing the matches costs ~0.2 us a step and stops at
        the page's last row - after a few steps when matches are spread over the corpus, but
        after nearly all rows when they cluster in older news (a burst of coverage). So an
        unbounded walk is taken only when matches are at least rows / search_walk_ratio,
        where even a walk of every row costs less than the lookups. A list in ``newest``
        first order (the column given) first tries a bounded walk: only the newest
        search_walk_budget x the rows that spread matches would need (each try materialises
        the matches, so one try); a full page from it is the answer (anything older ranks
        after it), else the matches are looked up."""
        if not texts or self.dialect != "sqlite":
            where = [*conds, *(x.cond() for x in texts)]
            return self._paged(query(where), _count(table, where), limit, offset)
        settings = get_settings()
        cap = settings.count_cap
        with self.engine.connect() as conn:
            rows = conn.scalar(text(f"SELECT max(rowid) FROM {table.name}")) or 0
            enough = rows / max(1.0, settings.search_walk_ratio)
            if len(texts) == 1 and not conds:  # counted cheaply far enough to decide
                found = conn.scalar(texts[0].count(max(cap + 1, math.ceil(enough)))) or 0
            else:
                found = conn.scalar(_count(table, [*conds, *(x.cond() for x in texts)])) or 0
            walk = found >= enough
            page = _limit(limit)
            head = texts[0] if len(texts) == 1 and not conds else None
            if isinstance(head, _AnyOf) and newest is not None and not walk:
                where = [head.newest(offset + page, newest)]
                items = [_row(r) for r in conn.execute(query(where)).mappings()]
                return _page(items, min(found, cap + 1), page, offset)
            budget = settings.search_walk_budget * (offset + page) * rows / max(found, 1)
            # tried only while walking that far costs less than looking the matches up
            bounded = newest is not None and found >= offset + page > 0
            if not walk and bounded and budget < min(rows, found * settings.search_walk_ratio):
                since = conn.scalar(
                    select(newest).order_by(newest.desc()).offset(math.ceil(budget)).limit(1)
                )
                where = [*conds, newest >= since, *(x.cond(True) for x in texts)]
                items = [_row(r) for r in conn.execute(query(where)).mappings()]
                if len(items) == page:
                    return _page(items, min(found, cap + 1), page, offset)
            where = [*conds, *(x.cond(walk) for x in texts)]
            items = [_row(r) for r in conn.execute(query(where)).mappings()] if found else []
        return _page(items, min(found, cap + 1), page, offset)

    def _entity_ids(self, conn: Connection, key: str) -> list[str]:
        """Corpus entity ids for an id, a name or an alias: an entity merged into another is
        that other one, which also answers for what was merged into it (rows not rewritten
        by a merge, such as an event's actor, keep the merged id)."""
        if key.startswith("e_"):
            final = merged_into(conn, key)
            return [final, *merged_sources(conn, [final])]
        aliases = {fold(key), name_key(key)} - {""}
        ids = conn.scalars(
            select(t.entity_aliases.c.entity_id)
            .join(t.entities, t.entities.c.id == t.entity_aliases.c.entity_id)
            .where(t.entity_aliases.c.alias.in_(aliases))
            .order_by(t.entities.c.n_articles.desc())
        ).all()
        key_norm = name_key(key)
        if not ids and key_norm and " " not in key_norm:
            # a surname alone ("Zelensky") finds full names ending with it
            ids = conn.scalars(
                select(t.entity_aliases.c.entity_id)
                .join(t.entities, t.entities.c.id == t.entity_aliases.c.entity_id)
                .where(t.entity_aliases.c.alias.like(f"% {key_norm}"))
                .order_by(t.entities.c.n_articles.desc())
                .limit(50)
            ).all()
        ids = list(dict.fromkeys(ids))
        return list(dict.fromkeys([*ids, *merged_sources(conn, ids[:5])]))

    _STATEMENT_SORTS: ClassVar[dict[str, tuple[Any, ...]]] = {
        "published": (t.statements.c.published, t.statements.c.id),
        # ties in date order, as the (column, published, id) indexes keep them
        "speaker": (t.statements.c.speaker, t.statements.c.published, t.statements.c.id),
        "outlet": (t.statements.c.outlet, t.statements.c.published, t.statements.c.id),
        "kind": (t.statements.c.kind, t.statements.c.published, t.statements.c.id),
        "modality": (t.statements.c.modality, t.statements.c.published, t.statements.c.id),
    }

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
        article: str | None = None,
        claim: str | None = None,
        sort: str = "-published",
        limit: int = 50,
        offset: int = 0,
    ) -> Page:
        s = t.statements
        with self.engine.connect() as conn:
            conds, texts = self._statement_where(
                conn,
                q=q,
                speaker=speaker,
                entity=entity,
                about=about,
                outlet=outlet,
                since=since,
                until=until,
                kind=kind,
                modality=modality,
                has_number=has_number,
                article=article,
                claim=claim,
            )
        descending = sort.startswith("-")
        columns = self._STATEMENT_SORTS.get(sort.lstrip("-"), self._STATEMENT_SORTS["published"])
        order = [c.desc() for c in columns] if descending else list(columns)

        def query(where: list[Any]) -> Select[Any]:
            return (
                select(*s.c, *_statement_extras())
                .join(t.articles, t.articles.c.id == s.c.article_id)
                .outerjoin(t.entities, t.entities.c.id == s.c.speaker_entity)
                .where(*where)
                .order_by(*order)
                .limit(_limit(limit))
                .offset(offset)
            )

        newest = s.c.published if sort == "-published" else None
        page = self._searched(s, query, conds, texts, limit, offset, newest=newest)
        for item in page["items"]:
            _in_context(item)
        self._apply_corrections(page["items"])
        return page

    def _statement_where(
        self,
        conn: Connection,
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
        article: str | None = None,
        claim: str | None = None,
        memo: dict[str, Any] | None = None,
    ) -> tuple[list[Any], list[_Text | _AnyOf]]:
        """The conditions of a statements filter: plain ones, and planned ones (full-text
        matches, IN-lists). ``memo``: a dict kept across calls with the same filters (the
        facets) so that the speaker is resolved once."""
        s = t.statements
        conds: list[Any] = []
        texts: list[_Text | _AnyOf] = [_Text(s, self.dialect, q=q)] if q else []
        if speaker:
            memo = {} if memo is None else memo
            if memo.get("speaker") != speaker:
                memo.update(speaker=speaker, parts=self._speaker_where(conn, speaker))
            conds.extend(memo["parts"][0])
            texts.extend(memo["parts"][1])
        if entity:
            conds.append(s.c.speaker_entity == entity)
        if about:
            names = self._alias_names(conn, about) or [about]
            texts.append(_Text(s, self.dialect, names=names))
        if outlet:
            conds.append(s.c.outlet == outlet)
        if since:
            conds.append(s.c.published >= since)
        if until:
            conds.append(s.c.published <= until + "\uffff")
        if kind:
            conds.append(s.c.kind == kind)
        if modality:
            conds.append(s.c.modality == modality)
        if has_number is not None:
            conds.append(s.c.has_number == has_number)
        if article:
            conds.append(s.c.article_id == article)
        if claim:
            conds.append(s.c.claim == claim)
        return conds, texts

    def _speaker_where(
        self, conn: Connection, speaker: str
    ) -> tuple[list[Any], list[_Text | _AnyOf]]:
        """A speaker filter: a known entity uses the (speaker_entity, published) index;
        several (a surname) are a planned IN-list; only an unknown name matches speaker
        text: the distinct mentions containing it, read from the (speaker, published, id)
        index in one pass, are an IN-list on that index (a LIKE on each row scanned the
        table for the count, the page and each facet); past SPEAKER_MENTIONS of them the
        matches are common and the LIKE is kept (a walk in list order stops early)."""
        s = t.statements
        ids = self._entity_ids(conn, speaker)
        if len(ids) > 1:
            return [], [_AnyOf(s.c.speaker_entity, ids)]
        if ids:
            return [s.c.speaker_entity == ids[0]], []
        # SQLite's LIKE already ignores ASCII case, as its lower() only folds ASCII: the
        # same matches as ilike's lower(speaker) LIKE lower(?), without a call on each row
        pattern = f"%{speaker}%"
        like = s.c.speaker.like(pattern) if self.dialect == "sqlite" else s.c.speaker.ilike(pattern)
        found = select(s.c.speaker).where(like).distinct().limit(SPEAKER_MENTIONS + 1)
        names = sorted(conn.scalars(found))
        if not names:
            return [false()], []
        if len(names) == 1:
            return [s.c.speaker == names[0]], []
        if len(names) <= SPEAKER_MENTIONS:
            return [], [_AnyOf(s.c.speaker, names)]
        return [like], []

    FACETS: ClassVar[tuple[str, ...]] = ("outlet", "speaker", "kind", "modality")

    def statement_facets(
        self,
        *,
        facets: Iterable[str] = FACETS,
        size: int = 10,
        budget_ms: float = 100.0,
        **filters: Any,
    ) -> dict[str, Any]:
        """Exact counts of statements per value of each facet (outlet, speaker entity, kind,
        modality) under ``filters`` (the arguments of ``statements``), each facet counted
        without its own filter (so it lists the alternatives). The facets share a time
        budget (datasette's facet time limit): a facet not counted within it is
        ``{"values": [], "timed_out": true}`` (narrower filters count fast), and an outlet
        facet that timed out still lists the outlets, without counts, for the pick-list.
        ``{facet: {"values": [{"value", "label", "count"}], "more": bool}}``, most
        frequent first, ``size`` values per facet."""
        s = t.statements
        column = {"outlet": s.c.outlet, "speaker": s.c.speaker_entity,
                  "kind": s.c.kind, "modality": s.c.modality}  # fmt: skip
        own = {"outlet": ("outlet",), "speaker": ("speaker", "entity"),
               "kind": ("kind",), "modality": ("modality",)}  # fmt: skip
        deadline = time.perf_counter() + budget_ms / 1000
        out: dict[str, Any] = {}
        n = func.count().label("n")
        memo: dict[str, Any] = {}
        for facet in [f for f in facets if f in column]:
            col = column[facet]
            rest = {k: v for k, v in filters.items() if k not in own[facet]}
            try:
                with self._time_limit(deadline) as conn:
                    conds, texts = self._statement_where(conn, **rest, memo=memo)
                    where = [*conds, *(x.cond() for x in texts), col.is_not(None)]
                    rows = conn.execute(
                        select(col.label("v"), n)
                        .where(*where)
                        .group_by(col)
                        .order_by(n.desc(), col)
                        .limit(size + 1)
                    ).all()
            except (OperationalError, DBAPIError):
                out[facet] = {"values": [], "timed_out": True, "more": False}
                continue
            values = [{"value": r.v, "label": r.v, "count": r.n} for r in rows[:size]]
            out[facet] = {"values": values, "timed_out": False, "more": len(rows) > size}
        named = out.get("speaker", {}).get("values") or []
        if named:
            ids = [v["value"] for v in named]
            names = self.entity_names(ids)
            for v in named:
                v["label"] = names.get(v["value"], v["value"])
        if out.get("outlet", {}).get("timed_out"):
            out["outlet"]["values"] = [
                {"value": o, "label": o, "count": None} for o in self.outlets(limit=size)
            ]
        return out

    def outlets(self, *, limit: int = 500) -> list[str]:
        """The outlets of the stored articles, by name (from the articles' outlet index)."""
        a = t.articles
        query = select(a.c.outlet).where(a.c.outlet.is_not(None)).group_by(a.c.outlet).limit(limit)
        with self.engine.connect() as conn:
            return [r for r in conn.scalars(query) if r]

    @contextmanager
    def _time_limit(self, deadline: float) -> Iterator[Connection]:
        """A connection whose statements are interrupted once ``deadline`` (a perf_counter
        time) has passed: SQLite through a progress handler, PostgreSQL through
        statement_timeout. The interrupted statement raises OperationalError/DBAPIError."""
        left_ms = (deadline - time.perf_counter()) * 1000
        if left_ms <= 0:
            raise OperationalError("facet budget spent", None, Exception("timeout"))
        with self.engine.connect() as conn:
            if self.dialect == "sqlite":
                raw: Any = conn.connection.dbapi_connection
                raw.set_progress_handler(lambda: int(time.perf_counter() > deadline), 2000)
                try:
                    yield conn
                finally:
                    raw.set_progress_handler(None, 0)
            else:
                conn.exec_driver_sql(f"SET LOCAL statement_timeout = {max(1, int(left_ms))}")
                try:
                    yield conn
                finally:
                    conn.rollback()

    def _alias_names(self, conn: Connection, key: str) -> list[str]:
        ids = self._entity_ids(conn, key)
        if not ids:
            return []
        names: list[str] = []
        for raw in conn.scalars(select(t.entities.c.aliases).where(t.entities.c.id.in_(ids[:5]))):
            names.extend(json.loads(raw or "[]"))
        return list(dict.fromkeys([key, *names]))[:20]

    def statement(self, statement_id: str) -> dict[str, Any] | None:
        with self.engine.connect() as conn:
            row = conn.execute(
                select(t.statements, *_statement_extras(context=None))
                .join(t.articles, t.articles.c.id == t.statements.c.article_id)
                .outerjoin(t.entities, t.entities.c.id == t.statements.c.speaker_entity)
                .where(t.statements.c.id == statement_id)
            )
            found = row.mappings().first()
            if found is None:
                return None
            out = _in_context(_row(found))
            art = (
                conn.execute(
                    select(*self._ARTICLE_LIST).where(t.articles.c.id == out["article_id"])
                )
                .mappings()
                .first()
            )
            out["article"] = dict(art) if art else None
            if out.get("speaker_entity"):
                ent = (
                    conn.execute(select(t.entities).where(t.entities.c.id == out["speaker_entity"]))
                    .mappings()
                    .first()
                )
                out["speaker_entity_record"] = _row(ent) if ent else None
            out["relay_chain"] = out.get("via") or []
            out["aligned"] = []
            if out.get("claim"):
                aligned = conn.execute(
                    select(t.statements, *_statement_extras(context=0))
                    .join(t.articles, t.articles.c.id == t.statements.c.article_id)
                    .outerjoin(t.entities, t.entities.c.id == t.statements.c.speaker_entity)
                    .where(t.statements.c.claim == out["claim"], t.statements.c.id != statement_id)
                    .order_by(t.statements.c.published)
                    .limit(100)
                ).mappings()
                out["aligned"] = [_in_context(_row(r)) for r in aligned]
                self._apply_corrections(out["aligned"])
                claim = conn.execute(select(t.claims).where(t.claims.c.id == out["claim"]))
                c = claim.mappings().first()
                out["claim_record"] = self._claim_item(c) if c else None
        self._apply_corrections([out])
        out["corrections"] = self.corrections(statement_id)
        if out.get("speaker_corrected") and out.get("speaker_entity"):
            with self.engine.connect() as conn:
                ent = (
                    conn.execute(select(t.entities).where(t.entities.c.id == out["speaker_entity"]))
                    .mappings()
                    .first()
                )
            out["speaker_entity_record"] = _row(ent) if ent else None
        return out

    # ------------------------------------------------------------------ corrections
    CORRECTIONS: ClassVar[tuple[str, ...]] = ("wrong", "speaker")
    MAX_AUTHOR = 200
    MAX_REASON = 2000

    def add_correction(
        self,
        statement_id: str,
        action: str,
        *,
        author: str,
        reason: str,
        entity: str | None = None,
    ) -> dict[str, Any]:
        """Record an analyst's correction of a statement: ``wrong`` (it is not a statement,
        or not this one) or ``speaker`` (``entity``, an entity id, name or alias, said it).
        Stored apart from the extracted rows, with ``author``, ``reason`` and the time, so
        re-ingesting, re-extracting and analyse() keep it. Bad input raises InputError and
        stores nothing."""
        if action not in self.CORRECTIONS:
            raise InputError(f"unknown correction {action!r}: {' or '.join(self.CORRECTIONS)}")
        author, reason = self._who_and_why(author, reason)
        s, c = t.statements, t.corrections
        with write_transaction(self.engine) as conn:
            found = conn.execute(select(s.c.content).where(s.c.id == statement_id)).first()
            if found is None:
                raise InputError(f"no statement {statement_id!r}")
            entity_id = None
            if action == "speaker":
                ids = (
                    self._entity_ids(conn, (entity or "").strip()) if (entity or "").strip() else []
                )
                if not ids:
                    raise InputError(
                        f"no entity {entity!r}: give an entity's id or one of its names"
                    )
                entity_id = ids[0]
            row = {
                "statement_id": statement_id,
                "action": action,
                "entity_id": entity_id,
                "content": found.content,
                "author": author,
                "reason": reason,
                "created_at": _now(),
            }
            key = conn.execute(insert(c).values(**row)).inserted_primary_key
            new_id = key[0] if key else None
        return {"id": new_id, **row}

    def _who_and_why(self, author: str, reason: str) -> tuple[str, str]:
        author, reason = (author or "").strip(), (reason or "").strip()
        if not author or not reason:
            raise InputError("a correction needs who made it (author) and why (reason)")
        if len(author) > self.MAX_AUTHOR or len(reason) > self.MAX_REASON:
            raise InputError(
                f"author at most {self.MAX_AUTHOR} and reason at most {self.MAX_REASON} characters"
            )
        return author, reason

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
        """Record an analyst's correction of an entity and apply it at once: ``merge`` (it
        and ``into`` are one entity: its mentions and statements become ``into``'s) or
        ``split`` (its mentions written as one of ``names`` are another entity, a new one).
        Entities are given by id, name or alias. Stored apart from the extracted rows and
        replayed after every entities step of analyse(). Bad input raises InputError and
        stores nothing."""
        from claimgraph.analysis.entities import type_group

        if action not in ENTITY_ACTIONS:
            raise InputError(f"unknown correction {action!r}: {' or '.join(ENTITY_ACTIONS)}")
        author, reason = self._who_and_why(author, reason)
        c, e = t.corrections, t.entities
        with write_transaction(self.engine) as conn:
            source = self._one_entity(conn, entity, "entity")
            target, moved = None, None
            if action == "merge":
                target = self._one_entity(conn, into or "", "entity to merge into")
                if target == source:
                    raise InputError("an entity cannot be merged into itself")
                types = dict(
                    conn.execute(select(e.c.id, e.c.type).where(e.c.id.in_([source, target]))).all()
                )
                if type_group(types.get(source) or "") != type_group(types.get(target) or ""):
                    raise InputError(
                        f"cannot merge a {types.get(source)} into a {types.get(target)}: "
                        "merge entities of one kind"
                    )
            else:
                wanted = {fold(n) for n in names if fold(n or "")}
                written = written_names(conn, source)
                if not wanted or len(wanted) > MAX_NAMES:
                    raise InputError(
                        f"a split needs the names that leave the entity (1 to {MAX_NAMES})"
                    )
                unknown = wanted - written
                if unknown:
                    raise InputError(f"the entity is never written {sorted(unknown)[0]!r}")
                if wanted == written:
                    raise InputError("a split leaves some names behind: choose some, not all")
                moved = sorted(wanted)
                target = split_id(source, moved)
            row = {
                "statement_id": "",
                "action": action,
                "entity_id": source,
                "target_id": target,
                "names": json.dumps(moved, ensure_ascii=False) if moved else None,
                "author": author,
                "reason": reason,
                "created_at": _now(),
            }
            key = conn.execute(insert(c).values(**row)).inserted_primary_key
            refresh_entities(self, conn, apply_entity_corrections(self, conn) | {source, target})
        return {"id": key[0] if key else None, **row}

    def _one_entity(self, conn: Connection, key: str, what: str) -> str:
        """The corpus entity ``key`` (an id, a name or an alias) names, merges followed."""
        key = (key or "").strip()
        ids = self._entity_ids(conn, key) if key else []
        if ids and key.startswith("e_"):
            found = conn.scalar(select(t.entities.c.id).where(t.entities.c.id == ids[0]))
            ids = [found] if found else []
        if not ids:
            raise InputError(f"no {what} {key!r}: give an entity's id or one of its names")
        return ids[0]

    def undo_correction(self, correction_id: int, *, author: str) -> dict[str, Any]:
        """Undo a correction (it stays in the history, marked undone, by whom and when).
        Undoing a merge or split re-runs the entities step of analyse() (which replays the
        corrections still standing)."""
        author = (author or "").strip()
        if not author or len(author) > self.MAX_AUTHOR:
            raise InputError(f"undoing needs who undoes it (author, at most {self.MAX_AUTHOR})")
        c = t.corrections
        with write_transaction(self.engine) as conn:
            row = conn.execute(select(c).where(c.c.id == correction_id)).mappings().first()
            if row is None:
                raise InputError(f"no correction {correction_id!r}")
            changed = row["undone_at"] is None
            if changed:
                conn.execute(
                    update(c)
                    .where(c.c.id == correction_id)
                    .values(undone_at=_now(), undone_by=author)
                )
        if changed and row["action"] in ENTITY_ACTIONS:
            from claimgraph.store.sql.analyse import merge_entities

            merge_entities(self)
            with write_transaction(self.engine) as conn:
                forget_aliases(conn, row["action"], row["entity_id"], row["target_id"])
        return {**dict(row), "undone": True}

    def entity_corrections(
        self, entity_id: str | Iterable[str], *, standing: bool = False, limit: int = 200
    ) -> list[dict[str, Any]]:
        """Merges and splits of an entity (or of any of several) or into it, newest first,
        with the names of both entities; undone ones too unless ``standing``."""
        wanted = [entity_id] if isinstance(entity_id, str) else sorted(set(entity_id))
        c = t.corrections
        source, target = t.entities.alias("source_e"), t.entities.alias("target_e")
        query = (
            select(c, source.c.name.label("entity_name"), target.c.name.label("target_name"))
            .outerjoin(source, source.c.id == c.c.entity_id)
            .outerjoin(target, target.c.id == c.c.target_id)
            .where(
                c.c.action.in_(ENTITY_ACTIONS),
                or_(c.c.entity_id.in_(wanted), c.c.target_id.in_(wanted)),
                *([c.c.undone_at.is_(None)] if standing else []),
            )
            .order_by(c.c.id.desc())
            .limit(_limit(limit))
        )
        with self.engine.connect() as conn:
            rows = [dict(r) for r in conn.execute(query).mappings()]
        for r in rows:
            r["names"] = json.loads(r["names"]) if r.get("names") else []
        return rows

    def corrections(
        self, statement_id: str | None = None, *, limit: int = 200
    ) -> list[dict[str, Any]]:
        """Corrections, newest first (of one statement, or all), undone ones included, with
        the name of the entity a speaker correction names."""
        c, e = t.corrections, t.entities
        query = (
            select(c, e.c.name.label("entity_name"))
            .outerjoin(e, e.c.id == c.c.entity_id)
            .order_by(c.c.id.desc())
            .limit(_limit(limit))
        )
        if statement_id is not None:
            query = query.where(c.c.statement_id == statement_id)
        with self.engine.connect() as conn:
            return [dict(r) for r in conn.execute(query).mappings()]

    def apply_corrections(self, items: list[dict[str, Any]]) -> None:
        """Set on statement dicts (``id``: a statement id; claim members and contradiction
        sides too) what standing corrections say: ``marked_wrong``, ``speaker_corrected``
        with ``speaker_entity`` / ``speaker_name`` (one query for all)."""
        self._apply_corrections([i for i in items if ":S" in str(i.get("id") or "")])

    def _apply_corrections(self, items: list[dict[str, Any]]) -> None:
        """Statements as corrected: the latest standing correction of each kind (one query
        for all ``items``). A speaker correction replaces ``speaker_entity`` and
        ``speaker_name`` (the extracted entity kept as ``speaker_entity_extracted``, the
        mention as written unchanged); ``wrong`` sets ``marked_wrong``."""
        ids = [i["id"] for i in items if i.get("id")]
        if not ids:
            return
        c, e = t.corrections, t.entities
        with self.engine.connect() as conn:
            rows = (
                conn.execute(
                    select(c, e.c.name.label("entity_name"))
                    .outerjoin(e, e.c.id == c.c.entity_id)
                    .where(c.c.statement_id.in_(ids), c.c.undone_at.is_(None))
                    .order_by(c.c.id)
                )
                .mappings()
                .all()
            )
        latest: dict[tuple[str, str], dict[str, Any]] = {}
        for r in rows:  # in id order: the last one of a kind stands
            latest[(r["statement_id"], r["action"])] = dict(r)
        for item in items:
            sid = str(item.get("id"))
            wrong = latest.get((sid, "wrong"))
            speaker = latest.get((sid, "speaker"))
            if wrong:
                item["marked_wrong"] = _brief_correction(wrong)
            if speaker:
                item["speaker_entity_extracted"] = item.get("speaker_entity")
                item["speaker_entity"] = speaker["entity_id"]
                item["speaker_name"] = speaker["entity_name"] or speaker["entity_id"]
                item["speaker_corrected"] = _brief_correction(speaker)

    def entity_names(self, ids: Iterable[str]) -> dict[str, str]:
        """{entity id: name} for some corpus entity ids, in one query."""
        wanted = sorted({i for i in ids if i})
        if not wanted:
            return {}
        e = t.entities
        with self.engine.connect() as conn:
            return dict(conn.execute(select(e.c.id, e.c.name).where(e.c.id.in_(wanted))).all())

    def entities(
        self, *, q: str | None = None, type: str | None = None, limit: int = 50, offset: int = 0
    ) -> Page:
        e = t.entities
        conds: list[Any] = [e.c.n_articles > 0]
        if q:
            sub = select(t.entity_aliases.c.entity_id).where(
                t.entity_aliases.c.alias.like(f"%{fold(q)}%")
            )
            conds.append(e.c.id.in_(sub))
        if type:
            conds.append(e.c.type == type)
        query = (
            select(e)
            .where(*conds)
            .order_by(e.c.n_articles.desc(), e.c.id.desc())
            .limit(_limit(limit))
            .offset(offset)
        )
        return self._paged(query, _count(e, conds), limit, offset)

    def entity(self, key: str) -> dict[str, Any] | None:
        with self.engine.connect() as conn:
            ids = self._entity_ids(conn, key)
            if not ids:
                return None
            row = conn.execute(select(t.entities).where(t.entities.c.id == ids[0])).mappings()
            found = row.first()
            if found is None:
                return None
            out = _row(found)
            eid = out["id"]
            ae = t.article_entities
            # co-occurring entities in the entity's most recent articles: counted from the
            # (entity_id, published, ..., article_id) index, names joined for the top 20 only
            # (syndicated copies left out: an article and its copies are one source). Each
            # recent article's row is looked up by id (the walk stops at the limit): a
            # NOT IN list of every copy read the whole articles table (text and all).
            recent = (
                select(ae.c.article_id)
                .join(t.articles, t.articles.c.id == ae.c.article_id)
                .where(ae.c.entity_id == eid, t.articles.c.duplicate_of.is_(None))
                .order_by(ae.c.published.desc())
                .limit(get_settings().entity_cooccurrence_articles)
            )
            top = (
                select(ae.c.entity_id, func.count().label("n"))
                .where(ae.c.article_id.in_(recent), ae.c.entity_id != eid)
                .group_by(ae.c.entity_id)
                .order_by(func.count().desc(), ae.c.entity_id)
                .limit(20)
                .subquery()
            )
            co = (
                select(top.c.entity_id, top.c.n, t.entities.c.name)
                .join(t.entities, t.entities.c.id == top.c.entity_id)
                .order_by(top.c.n.desc(), top.c.entity_id)
            )
            out["cooccurring"] = [
                {"id": r.entity_id, "name": r.name, "articles": r.n} for r in conn.execute(co)
            ]
            # mentions per day: grouped on the indexed published value (no sort), days in Python
            per_day: dict[str, int] = {}
            timeline = (
                select(ae.c.published, func.sum(ae.c.n_mentions).label("mentions"))
                .where(ae.c.entity_id == eid, ae.c.published.is_not(None))
                .group_by(ae.c.published)
                .order_by(ae.c.published)
            )
            for r in conn.execute(timeline):
                key = r.published[:10]
                per_day[key] = per_day.get(key, 0) + int(r.mentions or 0)
            out["timeline"] = [
                {"date": d, "mentions": n} for d, n in sorted(per_day.items())[:MAX_TIMELINE_DAYS]
            ]
            out["other_matches"] = ids[1:10]
        shown = get_settings().entity_statements
        out["statements_by"] = self.statements(entity=eid, limit=shown)
        out["statements_about"] = self.statements(about=out["name"], limit=shown)
        return out

    def stories(self, *, limit: int = 50, offset: int = 0) -> Page:
        s = t.stories
        query = (
            select(s)
            .order_by(s.c.n_articles.desc(), s.c.first_published.desc(), s.c.id.desc())
            .limit(_limit(limit))
            .offset(offset)
        )
        return self._paged(query, _count(s, []), limit, offset)

    def story(self, story_id: str) -> dict[str, Any] | None:
        with self.engine.connect() as conn:
            found = conn.execute(select(t.stories).where(t.stories.c.id == story_id)).mappings()
            row = found.first()
        if row is None:
            return None
        out = _row(row)
        out["articles"] = self.articles(story=story_id, limit=500)["items"]
        out["articles"].sort(key=lambda a: (a.get("published") or "9999", a["id"]))
        out["claim_ids"], out["entities"] = self._story_parts([a["id"] for a in out["articles"]])
        return out

    def _story_parts(
        self, article_ids: list[str], entities: int = STORY_ENTITIES
    ) -> tuple[list[str], list[dict[str, Any]]]:
        """The claims that statements or numbers of these articles belong to (ids, those with
        most members here first) and the ``entities`` entities they name most (``{"id",
        "name", "type", "articles", "mentions"}``, by articles then mentions)."""
        s, q, ae, e = t.statements, t.quantities, t.article_entities, t.entities
        per_claim: dict[str, int] = {}
        found: dict[str, dict[str, Any]] = {}
        with self.engine.connect() as conn:
            for i in range(0, len(article_ids), 500):
                chunk = article_ids[i : i + 500]
                for table in (s, q):
                    rows = conn.execute(
                        select(table.c.claim, func.count())
                        .where(table.c.article_id.in_(chunk), table.c.claim.is_not(None))
                        .group_by(table.c.claim)
                    )
                    for cid, n in rows:
                        per_claim[cid] = per_claim.get(cid, 0) + n
                rows = conn.execute(
                    select(
                        ae.c.entity_id,
                        func.count(func.distinct(ae.c.article_id)),
                        func.sum(ae.c.n_mentions),
                    )
                    .where(ae.c.article_id.in_(chunk), ae.c.entity_id.is_not(None))
                    .group_by(ae.c.entity_id)
                )
                for eid, n_articles, n_mentions in rows:
                    item = found.setdefault(eid, {"id": eid, "articles": 0, "mentions": 0})
                    item["articles"] += n_articles
                    item["mentions"] += int(n_mentions or 0)
            top = sorted(found.values(), key=lambda x: (-x["articles"], -x["mentions"], x["id"]))
            top = top[:entities]
            names = {
                r.id: r
                for r in conn.execute(
                    select(e.c.id, e.c.name, e.c.type).where(e.c.id.in_([x["id"] for x in top]))
                )
            }
        for x in top:
            row = names.get(x["id"])
            x["name"], x["type"] = (row.name, row.type) if row else (x["id"], None)
        claim_ids = sorted(per_claim, key=lambda c: (-per_claim[c], c))
        return claim_ids, top

    def _claim_item(self, row: Any) -> dict[str, Any]:
        out = _row(row)
        data = out.pop("data", None) or {}
        out.update({k: v for k, v in data.items() if k not in out})
        return out

    def _json_heads(self, wanted: dict[str, int]) -> list[Any]:
        """Columns with the first n items of each JSON array ``key`` of claims.data, cut by
        the database (a claim's lists can hold thousands of items; Python parses only these).

        SQLite: one json_extract of every path (the document parsed once), read back by
        ``_brief_claim``; a long head is a json_each subquery (a function takes at most 100
        arguments here)."""
        wanted = {k: max(0, int(n)) for k, n in wanted.items()}
        if self.dialect == "postgresql":
            out: list[Any] = []
            for key, n in wanted.items():
                path = f"$.{key}[0 to {n - 1}]" if n else "$.none_wanted"
                sql = f"jsonb_path_query_array(CAST(claims.data AS jsonb), '{path}')"
                out.append(literal_column(sql).label(key))
            return out
        if sum(wanted.values()) <= JSON_PATHS_MAX:
            paths = [f"'$.{k}[{i}]'" for k, n in wanted.items() for i in range(n)]
            paths += ["'$.none_wanted'"] * (2 - len(paths))  # two paths or more: an array
            heads = ",".join(f"{k}:{n}" for k, n in wanted.items())
            sql = f"json_extract(claims.data, {', '.join(paths)})"
            return [literal_column(sql).label(f"_heads {heads}")]
        value = "CASE WHEN type IN ('object', 'array') THEN json(value) ELSE value END"
        return [
            literal_column(
                f"(SELECT json_group_array({value}) FROM json_each(claims.data, '$.{key}')"
                f" WHERE key < {n})"
            ).label(key)
            for key, n in wanted.items()
        ]

    def _json_length(self, key: str) -> Any:
        """The length of the JSON array ``key`` in claims.data (0 when absent)."""
        if self.dialect == "postgresql":
            sql = (
                f"jsonb_array_length(coalesce(CAST(claims.data AS jsonb) -> '{key}', '[]'::jsonb))"
            )
        else:
            sql = f"coalesce(json_array_length(claims.data, '$.{key}'), 0)"
        return literal_column(sql)

    def claims(
        self,
        *,
        about: str | None = None,
        since: str | None = None,
        until: str | None = None,
        kind: str | None = None,
        contradicted: bool | None = None,
        ids: list[str] | None = None,
        members: int | None = None,
        speakers: int | None = None,
        limit: int = 50,
        offset: int = 0,
    ) -> Page:
        """Aligned claims, most independent sources first. With ``members=N`` each item is
        brief: its columns, its first N members and first ``speakers`` speakers (all when
        None) with ``n_speakers``; no sources, echoes or timeline (a claim's page has
        them)."""
        c = t.claims
        conds: list[Any] = []
        if about:
            with self.engine.connect() as conn:
                names = self._alias_names(conn, about) or [about]
            conds.append(or_(*[c.c.about.ilike(f"%{fold(n)}%") for n in names]))
        if since:
            conds.append(c.c.last_published >= since)
        if until:
            conds.append(c.c.first_published <= until + "\uffff")
        if kind:
            conds.append(c.c.kind == kind)
        if contradicted is not None:
            conds.append(c.c.contradicted == contradicted)
        if ids is not None:
            conds.append(c.c.id.in_(ids))
        columns: list[Any] = [c]
        if members is not None:
            columns = [col for col in c.c if col.name != "data"]
            wanted = {"members": members, "speakers": MAX_LIMIT if speakers is None else speakers}
            columns += [
                *self._json_heads(wanted),
                self._json_length("speakers").label("n_speakers"),
            ]
        query = (
            select(*columns)
            .where(*conds)
            .order_by(c.c.n_sources.desc(), c.c.first_published.desc(), c.c.id.desc())
            .limit(_limit(limit))
            .offset(offset)
        )
        with self.engine.connect() as conn:
            rows = conn.execute(query).mappings()
            if members is None:
                items = [self._claim_item(r) for r in rows]
            else:
                items = [_brief_claim(r) for r in rows]
            total = conn.scalar(_count(c, conds)) or 0
        return _page(items, total, _limit(limit), offset)

    def claim(self, claim_id: str) -> dict[str, Any] | None:
        with self.engine.connect() as conn:
            row = conn.execute(select(t.claims).where(t.claims.c.id == claim_id)).mappings()
            found = row.first()
        return self._claim_item(found) if found else None

    def contradictions(self, *, claim: str | None = None, limit: int = 50, offset: int = 0) -> Page:
        """Contradictions, newest first; ``claim``: those within one aligned claim."""
        c = t.contradictions
        conds = [c.c.claim_id == claim] if claim else []
        query = (
            select(c)
            .where(*conds)
            .order_by(c.c.published.desc(), c.c.id.desc())
            .limit(_limit(limit))
            .offset(offset)
        )
        with self.engine.connect() as conn:
            items = []
            for r in conn.execute(query).mappings():
                out = _row(r)
                out.update(out.pop("data", None) or {})
                items.append(out)
            total = conn.scalar(_count(c, conds)) or 0
        return _page(items, total, _limit(limit), offset)

    def _event_where(
        self,
        conn: Connection,
        *,
        type: str | None = None,
        actor: str | None = None,
        near: str | None = None,
        since: str | None = None,
        until: str | None = None,
        copies: bool = False,
    ) -> tuple[list[Any], tuple[float, float] | None]:
        """The conditions of an events filter, and the geocoded centre of ``near``."""
        e = t.events
        conds: list[Any] = []
        if not copies:  # an event reported by a syndicated copy is its original's event
            a = t.articles
            conds.append(e.c.article_id.not_in(select(a.c.id).where(a.c.duplicate_of.is_not(None))))
        if type:
            conds.append(func.upper(e.c.type) == type.upper())
        if actor:
            # a known entity by id, name or alias; otherwise the actor as written
            ids = self._entity_ids(conn, actor)
            conds.append(e.c.actor_entity.in_(ids) if ids else e.c.actor.ilike(f"%{actor}%"))
        if since:
            conds.append(e.c.published >= since)
        if until:
            conds.append(e.c.published <= until + "\uffff")
        center = _geocode(near) if near else None
        if near:
            by_name = or_(
                e.c.place.ilike(f"%{near}%"),
                e.c.admin1.ilike(f"%{near}%"),
                e.c.country.ilike(f"%{near}%"),
            )
            if center:
                lat, lon = center
                dlat = get_settings().near_km / 111.0
                dlon = dlat / max(0.05, math.cos(math.radians(lat)))
                box = and_(
                    e.c.lat.between(lat - dlat, lat + dlat), e.c.lon.between(lon - dlon, lon + dlon)
                )
                conds.append(or_(by_name, box))
            else:
                conds.append(by_name)
        return conds, center

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
    ) -> Page:
        e = t.events
        with self.engine.connect() as conn:
            conds, center = self._event_where(
                conn, type=type, actor=actor, near=near, since=since, until=until, copies=copies
            )
        actor_name = t.entities.alias("actor_e")
        target_name = t.entities.alias("target_e")
        query = (
            select(
                *[c for c in e.c if c.name != "data"],
                actor_name.c.name.label("actor_name"),
                target_name.c.name.label("target_name"),
                t.articles.c.url.label("original_url"),
            )
            .join(t.articles, t.articles.c.id == e.c.article_id)
            .outerjoin(actor_name, actor_name.c.id == e.c.actor_entity)
            .outerjoin(target_name, target_name.c.id == e.c.target_entity)
            .where(*conds)
            .order_by(e.c.published.desc(), e.c.id.desc())
            .limit(_limit(limit))
            .offset(offset)
        )
        page = self._paged(query, _count(e, conds), limit, offset)
        if center:
            for item in page["items"]:
                if item.get("lat") is not None and item.get("lon") is not None:
                    item["distance_km"] = round(_haversine(center, (item["lat"], item["lon"])), 1)
        return page

    def event_summary(
        self, *, budget_ms: float = 100.0, points: int = 500, **filters: Any
    ) -> dict[str, Any]:
        """Events under ``filters`` (those of ``events``) counted per day, per type (counted
        without the type filter: the alternatives) and per geocoded point (the ``points``
        most reported), exactly, within a time budget shared by the three counts: a count
        past it is left empty and named in ``timed_out``. ``{"days": [{"date", "count"}],
        "types": [{"value", "count"}], "points": [{"lat", "lon", "place", "country",
        "count"}], "timed_out": [...]}``."""
        if not any(filters.values()):
            with self.engine.connect() as conn:
                saved = self._saved_event_summary(conn, points)
            if saved is not None:
                return saved
        return self._event_summary(budget_ms=budget_ms, points=points, **filters)

    def _event_summary(
        self, *, budget_ms: float | None, points: int = 500, **filters: Any
    ) -> dict[str, Any]:
        """The counts of :meth:`event_summary`, made now (``budget_ms`` None: no page budget,
        UNBUDGETED_S at most)."""
        e = t.events
        n = func.count().label("n")
        budget_s = budget_ms / 1000 if budget_ms is not None else UNBUDGETED_S
        deadline = time.perf_counter() + budget_s
        out: dict[str, Any] = {"days": [], "types": [], "points": [], "timed_out": []}
        day = func.substr(e.c.published, 1, 10)
        try:
            with self._time_limit(deadline) as conn:
                conds, _ = self._event_where(conn, **filters)
                days = conn.execute(
                    select(day.label("d"), n)
                    .where(*conds, e.c.published.is_not(None))
                    .group_by(day)
                    .order_by(day)
                ).all()
            out["days"] = [{"date": r.d, "count": r.n} for r in days if r.d]
        except (OperationalError, DBAPIError):
            out["timed_out"].append("days")
        try:
            with self._time_limit(deadline) as conn:
                conds, _ = self._event_where(conn, **filters)
                geo = conn.execute(
                    select(e.c.lat, e.c.lon, func.min(e.c.place), func.min(e.c.country), n)
                    .where(*conds, e.c.lat.is_not(None), e.c.lon.is_not(None))
                    .group_by(e.c.lat, e.c.lon)
                    .order_by(n.desc())
                    .limit(points)
                ).all()
            out["points"] = [
                {"lat": r[0], "lon": r[1], "place": r[2], "country": r[3], "count": r[4]}
                for r in geo
            ]
        except (OperationalError, DBAPIError):
            out["timed_out"].append("points")
        try:
            with self._time_limit(deadline) as conn:
                rest = {k: v for k, v in filters.items() if k != "type"}
                conds, _ = self._event_where(conn, **rest)
                types = conn.execute(
                    select(e.c.type, n)
                    .where(*conds, e.c.type.is_not(None))
                    .group_by(e.c.type)
                    .order_by(n.desc(), e.c.type)
                ).all()
            out["types"] = [{"value": r.type, "count": r.n} for r in types]
        except (OperationalError, DBAPIError):
            out["timed_out"].append("types")
        return out

    # The unfiltered summary (the events page as it opens) counts every event: about 0.2-1 s
    # at 100,000 articles, past any page budget. analyse() saves it, stamped with what it
    # depends on (the last event row and the number of copies), and it is read back while
    # the stamp holds; a later ingest or analysis changes the stamp.
    def _event_summary_stamp(self, conn: Connection) -> str:
        # SQLite: the last rowid (new events take higher ones); elsewhere the count
        rows = func.max(literal_column("rowid")) if self.dialect == "sqlite" else func.count()
        last = conn.scalar(select(rows).select_from(t.events))
        copies = conn.scalar(
            select(func.count())
            .select_from(t.articles)
            .where(t.articles.c.duplicate_of.is_not(None))
        )
        return f"{last or 0}:{copies or 0}"

    def save_event_summary(self, conn: Connection) -> None:
        """Count the unfiltered events summary (no time budget) and keep it in ``meta``."""
        summary = self._event_summary(budget_ms=None)
        value = {"stamp": self._event_summary_stamp(conn), "summary": summary}
        self.set_meta(conn, "event_summary", json.dumps(value, separators=(",", ":")))

    def _saved_event_summary(self, conn: Connection, points: int) -> dict[str, Any] | None:
        raw = conn.scalar(select(t.meta.c.value).where(t.meta.c.key == "event_summary"))
        if not raw:
            return None
        try:
            saved = json.loads(raw)
        except ValueError:
            return None
        if saved.get("stamp") != self._event_summary_stamp(conn):
            return None
        summary: dict[str, Any] = saved["summary"]
        summary["points"] = summary.get("points", [])[:points]
        return summary

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> SQLStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # used by store.sql.analyse
    def set_meta(self, conn: Connection, key: str, value: str) -> None:
        conn.execute(delete(t.meta).where(t.meta.c.key == key))
        conn.execute(insert(t.meta), [{"key": key, "value": value}])

    def update_column(
        self, conn: Connection, table: t.Table, column: str, values: dict[str, Any]
    ) -> None:
        """Set ``column`` per id (a {id: value} map) in chunks."""
        if not values:
            return
        from sqlalchemy import bindparam

        stmt = (
            update(table)
            .where(table.c.id == bindparam("_id"))
            .values({column: bindparam("_value")})
        )
        items = [{"_id": k, "_value": v} for k, v in values.items()]
        for i in range(0, len(items), 5000):
            conn.execute(stmt, items[i : i + 5000])


def _now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())


def _brief_correction(row: dict[str, Any]) -> dict[str, Any]:
    return {k: row.get(k) for k in ("id", "author", "reason", "created_at", "entity_name")}


CONTEXT_CHARS = 1500  # article text read on each side of a listed statement (its paragraph)


def _statement_extras(context: int | None = CONTEXT_CHARS) -> list[Any]:
    """Columns read with a statement row (statements joined to articles and, outer, to the
    speaker's entity): the article's title and original URL, the speaker entity's name,
    and ``context`` characters of article text on each side (None: the whole text; 0: none)."""
    s, a = t.statements, t.articles
    cols = [a.c.title, a.c.url.label("original_url"), t.entities.c.name.label("speaker_name")]
    if context is None:
        cols += [a.c.text.label("_ctx"), literal(0).label("_ctx_lo")]
    elif context > 0:
        lo = case((s.c.start > context, s.c.start - context), else_=0)
        cols += [
            func.substr(a.c.text, lo + 1, s.c.end - lo + context).label("_ctx"),
            lo.label("_ctx_lo"),
        ]
    return cols


def _in_context(item: dict[str, Any]) -> dict[str, Any]:
    """A statement row with ``speaker_mention`` (the speaker as written), its ``sentence``
    and its ``paragraph`` (``{"text", "start", "end"}``, offsets into the article text);
    the row's JSON ``data`` is dropped."""
    data = item.pop("data", None) or {}
    item["speaker_mention"] = item.get("speaker")
    sentence = data.get("sentence") if isinstance(data, dict) else None
    if isinstance(sentence, dict) and sentence.get("text") is not None:
        item["sentence"] = {k: sentence.get(k) for k in ("text", "start", "end")}
    window, lo = item.pop("_ctx", None), item.pop("_ctx_lo", None)
    start, end = item.get("start"), item.get("end")
    if isinstance(window, str) and isinstance(lo, int) and isinstance(start, int):
        end = end if isinstance(end, int) else start
        sent = item.get("sentence")
        if isinstance(sent, dict) and isinstance(sent.get("start"), int):
            # content running over several sentences: the sentence grows to hold it
            s0, s1 = min(start, sent["start"]), max(end, sent["end"])
            if (s0, s1) != (sent["start"], sent["end"]) and lo <= s0 and s1 <= lo + len(window):
                item["sentence"] = {"text": window[s0 - lo : s1 - lo], "start": s0, "end": s1}
        first = min(start, (item.get("sentence") or {}).get("start") or start)
        last = max(end, (item.get("sentence") or {}).get("end") or end)
        cut = window.rfind("\n", 0, max(0, first - lo))
        p_start = lo + cut + 1 if cut >= 0 else lo
        stop = window.find("\n", max(0, last - lo))
        p_end = lo + stop if stop >= 0 else lo + len(window)
        text_ = window[p_start - lo : p_end - lo]
        stripped = text_.strip()
        p_start += len(text_) - len(text_.lstrip())
        item["paragraph"] = {"text": stripped, "start": p_start, "end": p_start + len(stripped)}
    return item


def _brief_claim(row: Any) -> dict[str, Any]:
    out = _row(row)
    for label in [k for k in out if k.startswith("_heads ")]:
        values = json.loads(out.pop(label) or "[]")
        for part in label.split()[1].split(","):
            key, n = part.split(":")
            head, values = values[: int(n)], values[int(n) :]
            out[key] = [v for v in head if v is not None]
    for key in ("speakers", "members"):
        if isinstance(out.get(key), str):
            out[key] = json.loads(out[key])
        out[key] = out.get(key) or []
    return out


def _geocode(name: str) -> tuple[float, float] | None:
    try:
        from claimgraph.geo import lookup
    except ImportError:
        return None
    try:
        place = lookup(name)
    except Exception:
        return None
    if place is None:
        return None
    get = place.get if isinstance(place, dict) else lambda k: getattr(place, k, None)
    lat, lon = get("lat"), get("lon")
    if lat is None or lon is None:
        return None
    return float(lat), float(lon)


def _haversine(a: tuple[float, float], b: tuple[float, float]) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * 6371.0 * math.asin(math.sqrt(h))
