"""analyse_store: run the cross-article steps over a store and write their results.

Reads rows in streams or indexed groups, calls the pure functions of this package, writes
back in one transaction per step. Derived tables (stories, claims, contradictions) are
rebuilt on each run, so running it twice gives the same result.
"""

from __future__ import annotations

import json
import logging
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    Column,
    Integer,
    MetaData,
    String,
    Table,
    bindparam,
    case,
    delete,
    func,
    insert,
    select,
    update,
)
from sqlalchemy.engine import Connection

from claimgraph.analysis.claims import claim_id
from claimgraph.analysis.duplicates import ArticleKey, DuplicateLinks, resolve_component
from claimgraph.analysis.entities import (
    corpus_id,
    learn_aliases,
    merge_article_entities,
    person_index,
)
from claimgraph.analysis.stories import StoryClusters
from claimgraph.analysis.text import TermCounts, fold, name_key
from claimgraph.batches import chunks
from claimgraph.store import schema as t
from claimgraph.store.sql.align import align_claims
from claimgraph.store.sql.corrections import apply_entity_corrections
from claimgraph.store.sql.engine import write_transaction
from claimgraph.store.sql.scan import STREAM_CHUNK, pages, stream

if TYPE_CHECKING:
    from sqlalchemy.sql.dml import Update

    from claimgraph.store.sql.store import SQLStore

log = logging.getLogger(__name__)


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def analyse_store(store: SQLStore) -> dict[str, Any]:
    """Duplicates, entities, stories, claims, corroboration, contradictions; returns
    seconds per step and counts."""
    timings: dict[str, float] = {}
    counts: dict[str, int] = {}
    for name, step in STEPS:
        start = time.perf_counter()
        counts.update(step(store))
        timings[name] = round(time.perf_counter() - start, 3)
        log.info("analyse %s: %.2fs", name, timings[name])
    with write_transaction(store.engine) as conn:
        store.set_meta(conn, "analysed_at", time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()))
        store.save_event_summary(conn)
    return {"seconds": timings, "counts": counts}


def _groups(rows: Iterable[Any]) -> Iterator[list[Any]]:
    """Consecutive rows (key, value) with the same key -> lists of values (groups of 2+)."""
    current: Any = object()
    group: list[Any] = []
    for key, value in rows:
        if key != current:
            if len(group) > 1:
                yield group
            current, group = key, []
        group.append(value)
    if len(group) > 1:
        yield group


def _key_columns() -> tuple[Any, ...]:
    a = t.articles
    return (a.c.id, a.c.published, a.c.outlet, a.c.text_hash, a.c.minhash)


def _key(r: Any) -> ArticleKey:
    return ArticleKey(r.id, r.published, r.outlet, r.text_hash, r.minhash)


def _with_texts(conn: Connection, components: list[list[str]]) -> dict[str, ArticleKey]:
    """Keys of the articles of some duplicate components with what picks their original:
    the length of each text and the other outlets of its component it credits ("HALVAR,
    March 9 (Kestrel Wire) -", "Photo: Kestrel Wire": a reprint of that outlet)."""
    a = t.articles
    keys: dict[str, ArticleKey] = {}
    texts: dict[str, str] = {}
    for chunk in chunks(sorted({m for c in components for m in c})):
        for r in conn.execute(select(*_key_columns(), a.c.text).where(a.c.id.in_(chunk))):
            keys[r.id] = _key(r)
            texts[r.id] = fold(r.text or "")
    for component in components:
        outlets = {fold(keys[m].outlet or "") for m in component} - {""}
        for m in component:
            key, text = keys[m], texts.pop(m)
            own = fold(key.outlet or "")
            key.length = len(text)
            key.credits = frozenset(o for o in outlets if o != own and o in text)
    return keys


def _candidate_groups(conn: Connection) -> Iterator[list[ArticleKey]]:
    """Articles sharing an LSH band key, then articles sharing a text hash, with their
    signatures (ordered scans, one group at a time)."""
    a, b = t.articles, t.lsh_bands
    shared = (
        select(b.c.band, b.c.key).group_by(b.c.band, b.c.key).having(func.count() > 1).subquery()
    )
    band_rows = conn.execute(
        select(b.c.band * 1 + 0, b.c.key, *_key_columns())
        .join(shared, (shared.c.band == b.c.band) & (shared.c.key == b.c.key))
        .join(a, a.c.id == b.c.article_id)
        .order_by(b.c.band, b.c.key)
        .execution_options(stream_results=True, yield_per=STREAM_CHUNK)
    )
    yield from _groups(((r[0], r[1]), _key(r)) for r in band_rows)
    same_text = select(a.c.text_hash).group_by(a.c.text_hash).having(func.count() > 1)
    exact = conn.execute(
        select(*_key_columns())
        .where(a.c.text_hash.in_(same_text))
        .order_by(a.c.text_hash)
        .execution_options(stream_results=True, yield_per=STREAM_CHUNK)
    )
    yield from _groups((r.text_hash, _key(r)) for r in exact)


def _batches_of_groups(groups: Iterable[list[str]], size: int) -> Iterator[list[list[str]]]:
    batch: list[list[str]] = []
    n = 0
    for group in groups:
        batch.append(group)
        n += len(group)
        if n >= size:
            yield batch
            batch, n = [], 0
    if batch:
        yield batch


def find_duplicates(store: SQLStore) -> dict[str, int]:
    """Candidate groups verified one at a time as an ordered scan delivers them; copies
    written a batch of components at a time."""
    a = t.articles
    links = DuplicateLinks()
    with store.engine.connect() as conn:
        for group in _candidate_groups(conn):
            links.add(group)
    set_copy = duplicate_update()
    n_copies = 0
    with write_transaction(store.engine) as conn:
        conn.execute(
            update(a)
            .where(a.c.duplicate_of.is_not(None))
            .values(duplicate_of=None, similarity=None, duplicate_kind=None)
        )
        for batch in _batches_of_groups(links.components(), STREAM_CHUNK):
            keys = _with_texts(conn, batch)
            rows = [
                {"_id": copy, "_of": of, "_sim": sim, "_kind": kind}
                for component in batch
                for copy, (of, sim, kind) in resolve_component(keys[m] for m in component).items()
            ]
            if rows:
                conn.execute(set_copy, rows)
            n_copies += len(rows)
    return {"duplicates": n_copies}


def duplicate_update() -> Update:
    """The statement that marks an article a copy (bind ``_id``, ``_of``, ``_sim``,
    ``_kind``); the duplicates step and Spark's load share it."""
    a = t.articles
    return (
        update(a)
        .where(a.c.id == bindparam("_id"))
        .values(
            duplicate_of=bindparam("_of"),
            similarity=bindparam("_sim"),
            duplicate_kind=bindparam("_kind"),
        )
    )


def entity_id_updates() -> tuple[Update, Update]:
    """The statements that move an article's entity mention (bind ``_a``, ``_l``, ``_new``)
    and its statements' speaker (``_a``, ``_old``, ``_new``) to a corpus entity; the entities
    step and Spark's load share them."""
    ae, s = t.article_entities, t.statements
    set_entity = (
        update(ae)
        .where(ae.c.article_id == bindparam("_a"), ae.c.local_id == bindparam("_l"))
        .values(entity_id=bindparam("_new"))
    )
    set_speaker = (
        update(s)
        .where(s.c.article_id == bindparam("_a"), s.c.speaker_entity == bindparam("_old"))
        .values(speaker_entity=bindparam("_new"))
    )
    return set_entity, set_speaker


def entity_stats_update() -> Update:
    """The statement that writes a corpus entity's name, aliases, counts and first/last
    dates (bind ``_id`` and those columns); the entities step and Spark's load share it."""
    e = t.entities
    return (
        update(e)
        .where(e.c.id == bindparam("_id"))
        .values(
            name=bindparam("name"),
            aliases=bindparam("aliases"),
            n_articles=bindparam("n_articles"),
            n_mentions=bindparam("n_mentions"),
            first_seen=bindparam("first_seen"),
            last_seen=bindparam("last_seen"),
        )
    )


def merge_entities(store: SQLStore) -> dict[str, int]:
    """One entity per person, organisation or place: name variants of a person joined
    across the corpus, surname-only people attached to their full-name entity, shorter
    organisation and place names to the longer one of their article; decided article by
    article (pages of articles), with the corpus person index built from the distinct
    entities (:func:`claimgraph.analysis.entities.merge_article_entities`)."""
    ae, e, a = t.article_entities, t.entities, t.articles
    with store.engine.connect() as conn:
        people = conn.execute(
            select(ae.c.type, ae.c.key).where(ae.c.type == "PERSON").distinct()
        ).all()
    corpus_people = person_index((corpus_id(ty or "", k or ""), ty, k) for ty, k in people)
    del people
    set_entity, set_speaker = entity_id_updates()
    n_merged = 0
    columns = (ae.c.article_id, ae.c.local_id, ae.c.type, ae.c.key, ae.c.name)
    aliases: dict[tuple[str, str], set[str]] = {}
    with store.engine.connect() as conn:  # pass 1: short names learned beside long ones
        for page in pages(store, select(a.c.id), a.c.id):
            found = [
                (r.article_id, r.local_id, "", r.type or "", r.key or "", r.name or "")
                for chunk in chunks([p.id for p in page])
                for r in conn.execute(
                    select(*columns).where(ae.c.article_id.in_(chunk), ae.c.type != "PERSON")
                )
            ]
            learned = learn_aliases((r[:5] for r in found), {(r[0], r[1]): r[5] for r in found})
            for short, longer in learned.items():
                aliases.setdefault(short, set()).update(longer)
    with write_transaction(store.engine) as conn:
        for page in pages(store, select(a.c.id), a.c.id):
            rows = [
                (
                    r.article_id,
                    r.local_id,
                    corpus_id(r.type or "", r.key or ""),
                    r.type,
                    r.key,
                    r.eid,
                    r.name,
                )
                for chunk in chunks([p.id for p in page])
                for r in conn.execute(
                    select(
                        ae.c.article_id,
                        ae.c.local_id,
                        ae.c.type,
                        ae.c.key,
                        ae.c.entity_id.label("eid"),
                        ae.c.name,
                    ).where(ae.c.article_id.in_(chunk))
                )
            ]
            written = {(r[0], r[1]): r[6] or "" for r in rows}
            merged = merge_article_entities((r[:5] for r in rows), corpus_people, written, aliases)
            n_merged += len(merged)
            changes = []
            for article_id, local_id, base, _type, _key, current, _name in rows:
                target = merged.get((article_id, local_id), base)
                if target != current:
                    changes.append(
                        {"_a": article_id, "_l": local_id, "_old": current, "_new": target}
                    )
            if changes:
                conn.execute(set_entity, changes)
                conn.execute(set_speaker, changes)
        # analysts' merges and splits replayed on what was just decided (they outlive it)
        apply_entity_corrections(store, conn)
        # corpus entity statistics and aliases
        stats = conn.execute(
            select(
                ae.c.entity_id,
                func.count(func.distinct(ae.c.article_id)),
                func.sum(ae.c.n_mentions),
                func.min(ae.c.published),
                func.max(ae.c.published),
            ).group_by(ae.c.entity_id)
        ).all()
        names: dict[str, Counter[str]] = {}
        for eid, name, n in conn.execute(
            select(ae.c.entity_id, ae.c.name, func.count()).group_by(ae.c.entity_id, ae.c.name)
        ):
            names.setdefault(eid, Counter())[name or ""] += n
        conn.execute(update(e).values(n_articles=0, n_mentions=0))
        values = []
        alias_rows = []
        for eid, n_articles, n_mentions, first, last in stats:
            variants = names.get(eid, Counter())
            # the most frequent multi-word name, else the most frequent name
            best = sorted(variants.items(), key=lambda kv: (len(kv[0].split()) < 2, -kv[1], kv[0]))
            name = best[0][0] if best else eid
            values.append(
                {
                    "_id": eid,
                    "name": name,
                    "aliases": _dumps([n for n, _ in best][:50]),
                    "n_articles": n_articles,
                    "n_mentions": int(n_mentions or 0),
                    "first_seen": first,
                    "last_seen": last,
                }
            )
            for variant in variants:
                for alias in {fold(variant), name_key(variant)} - {""}:
                    alias_rows.append({"alias": alias[:300], "entity_id": eid})
        stmt = entity_stats_update()
        for i in range(0, len(values), 5000):
            conn.execute(stmt, values[i : i + 5000])
        store.insert_ignore(conn, t.entity_aliases, alias_rows)
    return {"entities": len(values), "merged_mentions": n_merged}


_temp = MetaData()
story_order = Table(
    "cg_story_order",
    _temp,
    Column("seq", Integer, primary_key=True),
    Column("article_id", String, nullable=False),
    prefixes=["TEMPORARY"],
)


def group_stories(store: SQLStore) -> dict[str, int]:
    """Stories over the originals in date order (``StoryClusters``: live time buckets only),
    each article's number kept in a temporary table; copies take their original's story;
    story rows are aggregated in SQL."""
    a = t.articles
    df = TermCounts()
    n = 0
    # originals filtered here, not in the WHERE (see align._attach_copies)
    for r in stream(store, select(a.c.id, a.c.duplicate_of, a.c.terms), a.c.id):
        if r.duplicate_of is None:
            df.update(json.loads(r.terms or "{}").keys())
            n += 1
    clusters = StoryClusters(df, n)
    del df
    # date order: undated first ('' before any date), then by day, then by id
    day = case((func.length(a.c.published) >= 10, func.substr(a.c.published, 1, 10)), else_="")
    in_order = (
        select(a.c.id, a.c.published)
        .where(a.c.duplicate_of.is_(None))
        .order_by(day, a.c.id)
        .execution_options(stream_results=True, yield_per=STREAM_CHUNK)
    )
    with write_transaction(store.engine) as conn:
        _temp.drop_all(conn)
        _temp.create_all(conn)
        with store.engine.connect() as reader:
            for batch in chunks(reader.execute(in_order)):
                terms = dict(
                    conn.execute(
                        select(a.c.id, a.c.terms).where(a.c.id.in_([r.id for r in batch]))
                    ).all()
                )
                rows = [
                    {
                        "seq": clusters.add(r.id, r.published, json.loads(terms[r.id] or "{}")),
                        "article_id": r.id,
                    }
                    for r in batch
                ]
                conn.execute(insert(story_order), rows)
        clusters.finish()
        set_story = update(a).where(a.c.id == bindparam("_id")).values(story=bindparam("_story"))
        last = -1
        while True:
            page = conn.execute(
                select(story_order.c.seq, story_order.c.article_id)
                .where(story_order.c.seq > last)
                .order_by(story_order.c.seq)
                .limit(STREAM_CHUNK)
            ).all()
            if not page:
                break
            conn.execute(set_story, [{"_id": aid, "_story": clusters.story(i)} for i, aid in page])
            last = page[-1].seq
        o = a.alias("o")
        conn.execute(
            update(a)
            .where(a.c.duplicate_of.is_not(None))
            .values(story=select(o.c.story).where(o.c.id == a.c.duplicate_of).scalar_subquery())
        )
        _temp.drop_all(conn)
        # story rows: title of the earliest article, date range, outlets
        conn.execute(delete(t.stories))
        rank = (
            func.row_number()
            .over(
                partition_by=a.c.story,
                order_by=(func.coalesce(a.c.published, "9999"), a.c.id),
            )
            .label("rank")
        )
        ranked = select(a.c.story, a.c.title, rank).where(a.c.story.is_not(None)).subquery()
        titles = select(ranked.c.story, ranked.c.title).where(ranked.c.rank == 1).subquery()
        stats = (
            select(
                a.c.story,
                func.count().label("n"),
                func.count(func.distinct(func.nullif(a.c.outlet, ""))).label("outlets"),
                func.min(a.c.published).label("first"),
                func.max(a.c.published).label("last"),
            )
            .where(a.c.story.is_not(None))
            .group_by(a.c.story)
            .subquery()
        )
        conn.execute(
            insert(t.stories).from_select(
                ["id", "title", "n_articles", "n_outlets", "first_published", "last_published"],
                select(
                    stats.c.story,
                    titles.c.title,
                    stats.c.n,
                    stats.c.outlets,
                    stats.c.first,
                    stats.c.last,
                ).join_from(stats, titles, titles.c.story == stats.c.story),
            )
        )
        st = t.stories
        n_stories, n_multi = conn.execute(
            select(func.count(), func.count().filter(st.c.n_articles > 1))
        ).one()
    return {"stories": n_stories, "stories_multi": n_multi}


STEPS = (
    ("duplicates", find_duplicates),
    ("entities", merge_entities),
    ("stories", group_stories),
    ("claims", align_claims),
)

__all__ = ["STEPS", "analyse_store", "claim_id"]
