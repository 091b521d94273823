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
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from sqlalchemy import bindparam, delete, func, insert, select, update

from claimgraph.analysis.align import align_claims
from claimgraph.analysis.claims import claim_id
from claimgraph.analysis.duplicates import ArticleKey, resolve_duplicates
from claimgraph.analysis.entities import corpus_id, merge_article_surnames, surname_index
from claimgraph.analysis.scan import chunks, pages
from claimgraph.analysis.stories import cluster_stories
from claimgraph.analysis.text import fold, name_key
from claimgraph.store import schema as t

if TYPE_CHECKING:
    from claimgraph.store.sql import SQLStore

log = logging.getLogger(__name__)
STREAM_CHUNK = 2000


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def analyse_store(store: SQLStore) -> dict[str, Any]:
    """Duplicates, entities, stories, claims, corroboration, contradictions; returns
    seconds per step and counts."""
    timings: dict[str, float] = {}
    counts: dict[str, int] = {}
    for name, step in (
        ("duplicates", find_duplicates),
        ("entities", merge_entities),
        ("stories", group_stories),
        ("claims", align_claims),
    ):
        start = time.perf_counter()
        counts.update(step(store))
        timings[name] = round(time.perf_counter() - start, 3)
        log.info("analyse %s: %.2fs", name, timings[name])
    with store.engine.begin() as conn:
        store.set_meta(conn, "analysed_at", time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()))
    return {"seconds": timings, "counts": counts}


def _groups(rows: Iterator[Any]) -> Iterator[list[str]]:
    """Consecutive rows (key, article_id) with the same key -> lists of article ids."""
    current: Any = object()
    group: list[str] = []
    for key, article_id in rows:
        if key != current:
            if len(group) > 1:
                yield group
            current, group = key, []
        group.append(article_id)
    if len(group) > 1:
        yield group


def find_duplicates(store: SQLStore) -> dict[str, int]:
    a, b = t.articles, t.lsh_bands
    with store.engine.connect() as conn:
        shared = (
            select(b.c.band, b.c.key)
            .group_by(b.c.band, b.c.key)
            .having(func.count() > 1)
            .subquery()
        )
        band_rows = conn.execute(
            select(b.c.band * 1 + 0, b.c.key, b.c.article_id)
            .join(shared, (shared.c.band == b.c.band) & (shared.c.key == b.c.key))
            .order_by(b.c.band, b.c.key)
        )
        groups = list(_groups(((r[0], r[1]), r[2]) for r in band_rows))
        same_text = select(a.c.text_hash).group_by(a.c.text_hash).having(func.count() > 1)
        exact = conn.execute(
            select(a.c.text_hash, a.c.id)
            .where(a.c.text_hash.in_(same_text))
            .order_by(a.c.text_hash)
        )
        groups.extend(_groups(iter(exact)))
        involved = sorted({i for g in groups for i in g})
        keys: dict[str, ArticleKey] = {}
        for i in range(0, len(involved), 500):
            chunk = involved[i : i + 500]
            for r in conn.execute(
                select(a.c.id, a.c.published, a.c.outlet, a.c.text_hash, a.c.minhash).where(
                    a.c.id.in_(chunk)
                )
            ):
                keys[r.id] = ArticleKey(r.id, r.published, r.outlet, r.text_hash, r.minhash)
    copies = resolve_duplicates(keys, groups)
    with store.engine.begin() as conn:
        conn.execute(
            update(a)
            .where(a.c.duplicate_of.is_not(None))
            .values(duplicate_of=None, similarity=None, duplicate_kind=None)
        )
        store.update_column(conn, a, "duplicate_of", {k: v[0] for k, v in copies.items()})
        store.update_column(conn, a, "similarity", {k: v[1] for k, v in copies.items()})
        store.update_column(conn, a, "duplicate_kind", {k: v[2] for k, v in copies.items()})
    return {"duplicates": len(copies)}


def merge_entities(store: SQLStore) -> dict[str, int]:
    """Surname-only people attached to their full-name entity, decided article by article
    (pages of articles), with the corpus surname index built from the distinct entities."""
    ae, e, a, s = t.article_entities, t.entities, t.articles, t.statements
    with store.engine.connect() as conn:
        people = conn.execute(
            select(ae.c.type, ae.c.key).where(ae.c.type == "PERSON").distinct()
        ).all()
    corpus_full = surname_index((corpus_id(ty or "", k or ""), ty, k) for ty, k in people)
    del people
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
    n_merged = 0
    with store.engine.begin() as conn:
        for page in pages(store, select(a.c.id), a.c.id):
            rows = [
                (
                    r.article_id,
                    r.local_id,
                    corpus_id(r.type or "", r.key or ""),
                    r.type,
                    r.key,
                    r.eid,
                )
                for chunk in chunks([p.id for p in page])
                for r in conn.execute(
                    select(
                        ae.c.article_id,
                        ae.c.local_id,
                        ae.c.type,
                        ae.c.key,
                        ae.c.entity_id.label("eid"),
                    ).where(ae.c.article_id.in_(chunk), ae.c.type == "PERSON")
                )
            ]
            merged = merge_article_surnames((r[:5] for r in rows), corpus_full)
            n_merged += len(merged)
            changes = []
            for article_id, local_id, base, _type, _key, current in rows:
                target = merged.get((article_id, local_id), base)
                if target != current:
                    changes.append(
                        {"_a": article_id, "_l": local_id, "_old": current, "_new": target}
                    )
            if changes:
                conn.execute(set_entity, changes)
                conn.execute(set_speaker, changes)
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
        stmt = (
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
        for i in range(0, len(values), 5000):
            conn.execute(stmt, values[i : i + 5000])
        store._insert_ignore(conn, t.entity_aliases, alias_rows)
    return {"entities": len(values), "merged_mentions": n_merged}


def _stream(store: SQLStore, query: Any, key: Any) -> Iterator[Any]:
    """Keyset-paginated rows of ``query`` ordered by the unique column ``key``."""
    last = None
    while True:
        q = query.order_by(key).limit(STREAM_CHUNK)
        if last is not None:
            q = q.where(key > last)
        with store.engine.connect() as conn:
            rows = conn.execute(q).all()
        if not rows:
            return
        yield from rows
        last = getattr(rows[-1], key.name)


def group_stories(store: SQLStore) -> dict[str, int]:
    a = t.articles
    originals = _stream(
        store,
        select(a.c.id, a.c.published, a.c.terms).where(a.c.duplicate_of.is_(None)),
        a.c.id,
    )
    clusters = cluster_stories((r.id, r.published, json.loads(r.terms or "{}")) for r in originals)
    story_of = {aid: sid for sid, members in clusters.items() for aid in members}
    with store.engine.connect() as conn:
        copies = conn.execute(
            select(a.c.id, a.c.duplicate_of).where(a.c.duplicate_of.is_not(None))
        ).all()
    for copy_id, original in copies:
        if original in story_of:
            story_of[copy_id] = story_of[original]
    # story rows: title of the earliest article, date range, outlets
    info: dict[str, dict[str, Any]] = {}
    for r in _stream(store, select(a.c.id, a.c.published, a.c.outlet, a.c.title), a.c.id):
        sid = story_of.get(r.id)
        if sid is None:
            continue
        s = info.setdefault(sid, {"n": 0, "outlets": set(), "first": None, "last": None})
        s["n"] += 1
        if r.outlet:
            s["outlets"].add(r.outlet)
        when = r.published or "9999"
        if s["first"] is None or (when, r.id) < s["first"]:
            s["first"], s["title"] = (when, r.id), r.title
        if r.published and (s["last"] is None or r.published > s["last"]):
            s["last"] = r.published
    with store.engine.begin() as conn:
        conn.execute(delete(t.stories))
        rows = [
            {
                "id": sid,
                "title": s.get("title"),
                "n_articles": s["n"],
                "n_outlets": len(s["outlets"]),
                "first_published": None if s["first"][0] == "9999" else s["first"][0],
                "last_published": s["last"],
                "terms": None,
            }
            for sid, s in info.items()
        ]
        for i in range(0, len(rows), 5000):
            conn.execute(insert(t.stories), rows[i : i + 5000])
        store.update_column(conn, a, "story", story_of)
    return {"stories": len(info), "stories_multi": sum(1 for s in info.values() if s["n"] > 1)}


__all__ = ["analyse_store", "claim_id"]
