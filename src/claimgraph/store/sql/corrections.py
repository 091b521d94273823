"""Analysts' corrections as the store and the analysis apply them.

Corrections live in their own table (``schema.corrections``), never deleted with an article
or rebuilt by analyse(); each has who, when and why, and is undone by setting
``undone_at``. A correction *stands* until it is undone.

- ``wrong`` and ``speaker`` (of one statement) are applied where statements are read: the
  pages through ``SQLStore._apply_corrections``; the claims step through
  :func:`wrong_statements` (a statement marked wrong is in no claim) and
  :func:`corrected_speaker` (a claim counts the corrected speaker).
- ``merge`` (entity ``entity_id`` into ``target_id``) and ``split`` (the mentions of
  ``entity_id`` written as one of ``names`` become the entity ``target_id``) rewrite the
  derived entity columns (``article_entities.entity_id``, ``statements.speaker_entity``):
  :func:`apply_entity_corrections` replays every standing one, in the order they were
  made, after the entities step of analyse() and when one is recorded, so merged entities
  count as one everywhere, claims included.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from sqlalchemy import Select, bindparam, case, delete, func, select, update
from sqlalchemy.engine import Connection

from claimgraph.analysis.text import fold, name_key
from claimgraph.store import schema as t

if TYPE_CHECKING:
    from claimgraph.store.sql.store import SQLStore

ENTITY_ACTIONS = ("merge", "split")
MAX_NAMES = 50  # names one split may move
MAX_MERGE_DEPTH = 20  # merges followed from an entity to the one it now is


def wrong_statements() -> Select[Any]:
    """The ids of statements a standing correction marks wrong (a subquery)."""
    c = t.corrections
    return select(c.c.statement_id).where(c.c.action == "wrong", c.c.undone_at.is_(None))


def corrected_speaker() -> Any:
    """``statements.speaker_entity`` as corrected: the entity of the latest standing
    ``speaker`` correction (through a standing merge of that entity), else the column.
    A correlated subquery on the corrections' statement index: one probe per row, and
    none while no speaker correction stands."""
    s, c = t.statements, t.corrections
    m = t.corrections.alias("merged")
    latest = (
        select(func.coalesce(m.c.target_id, c.c.entity_id))
        .select_from(
            c.outerjoin(
                m,
                (m.c.action == "merge")
                & m.c.undone_at.is_(None)
                & (m.c.entity_id == c.c.entity_id),
            )
        )
        .where(c.c.statement_id == s.c.id, c.c.action == "speaker", c.c.undone_at.is_(None))
        .order_by(c.c.id.desc(), m.c.id.desc())
        .limit(1)
        .scalar_subquery()
    )
    # without any standing speaker correction (the usual store) the subquery is never
    # run: the uncorrelated EXISTS is evaluated once per statement
    any_standing = select(c.c.id).where(c.c.action == "speaker", c.c.undone_at.is_(None)).exists()
    corrected = func.coalesce(latest, s.c.speaker_entity)
    return case((any_standing, corrected), else_=s.c.speaker_entity).label("speaker_entity")


def merged_into(conn: Connection, entity_id: str) -> str:
    """The entity ``entity_id`` now is: standing merges followed (``entity_id`` itself when
    it was never merged)."""
    c = t.corrections
    seen = [entity_id]
    while len(seen) <= MAX_MERGE_DEPTH:
        target = conn.scalar(
            select(c.c.target_id)
            .where(c.c.action == "merge", c.c.entity_id == seen[-1], c.c.undone_at.is_(None))
            .order_by(c.c.id.desc())
            .limit(1)
        )
        if target is None or target in seen:
            break
        seen.append(target)
    return seen[-1]


def merged_sources(conn: Connection, entity_ids: list[str]) -> list[str]:
    """The entities standing merges made part of these (merges into them followed back)."""
    c = t.corrections
    found: list[str] = []
    wanted = list(entity_ids)
    for _ in range(MAX_MERGE_DEPTH):
        if not wanted:
            break
        sources = conn.scalars(
            select(c.c.entity_id).where(
                c.c.action == "merge", c.c.target_id.in_(wanted), c.c.undone_at.is_(None)
            )
        ).all()
        wanted = [e for e in dict.fromkeys(sources) if e not in found and e not in entity_ids]
        found.extend(wanted)
    return found


def split_id(entity_id: str, names: Iterable[str]) -> str:
    """The id of the entity a split makes: the same split of the same entity, the same id."""
    digest = hashlib.sha1(f"split:{entity_id}:{'|'.join(sorted(names))}".encode()).hexdigest()
    return "e_" + digest[:14]


def apply_entity_corrections(store: SQLStore, conn: Connection) -> set[str]:
    """Replay every standing merge and split, oldest first, on the derived entity columns;
    returns the ids of the entities whose mentions changed (to refresh with
    :func:`refresh_entities`). Replaying is idempotent."""
    c = t.corrections
    rules = conn.execute(
        select(c.c.action, c.c.entity_id, c.c.target_id, c.c.names)
        .where(c.c.action.in_(ENTITY_ACTIONS), c.c.undone_at.is_(None))
        .order_by(c.c.id)
    ).all()
    touched: set[str] = set()
    for action, source, target, names in rules:
        if action == "merge":
            moved = _merge(conn, source, target)
        else:
            moved = _split(store, conn, source, target, set(json.loads(names or "[]")))
        if moved:
            touched |= {source, target}
    return touched


def _merge(conn: Connection, source: str, target: str) -> int:
    ae, s = t.article_entities, t.statements
    moved = conn.execute(
        update(ae).where(ae.c.entity_id == source).values(entity_id=target)
    ).rowcount
    conn.execute(update(s).where(s.c.speaker_entity == source).values(speaker_entity=target))
    return int(moved or 0)


def _split(store: SQLStore, conn: Connection, source: str, target: str, names: set[str]) -> int:
    """The mentions of ``source`` written as one of ``names`` (folded) become ``target``,
    and so do the statements those mentions said (by the statement's speaker mention)."""
    ae, s, e = t.article_entities, t.statements, t.entities
    rows = conn.execute(
        select(ae.c.article_id, ae.c.local_id, ae.c.name).where(ae.c.entity_id == source)
    ).all()
    chosen = {(r.article_id, r.local_id) for r in rows if fold(r.name or "") in names}
    if not chosen:
        return 0
    found = conn.execute(select(e.c.type, e.c.key).where(e.c.id == source)).first()
    first = next(r.name for r in rows if (r.article_id, r.local_id) in chosen)
    store.insert_ignore(
        conn,
        e,
        [
            {
                "id": target,
                "name": first,
                "type": found.type if found else None,
                "key": name_key(first or ""),
                "aliases": json.dumps([first], ensure_ascii=False),
                "n_articles": 0,
                "n_mentions": 0,
            }
        ],
    )
    conn.execute(
        update(ae)
        .where(ae.c.article_id == bindparam("_a"), ae.c.local_id == bindparam("_l"))
        .values(entity_id=target),
        [{"_a": a, "_l": local} for a, local in sorted(chosen)],
    )
    articles = sorted({a for a, _ in chosen})
    said = []
    for i in range(0, len(articles), 500):
        for r in conn.execute(
            select(s.c.id, s.c.article_id, s.c.data).where(
                s.c.article_id.in_(articles[i : i + 500]), s.c.speaker_entity == source
            )
        ):
            speaker = (json.loads(r.data or "{}") or {}).get("speaker") or {}
            local = speaker.get("entity") if isinstance(speaker, dict) else None
            if (r.article_id, local) in chosen:
                said.append({"_id": r.id})
    if said:
        conn.execute(
            update(s).where(s.c.id == bindparam("_id")).values(speaker_entity=target), said
        )
    return len(chosen)


def refresh_entities(store: SQLStore, conn: Connection, ids: Iterable[str]) -> None:
    """Name, aliases, article and mention counts and first/last seen of some entities from
    their mentions (the rule of the entities step: the most frequent multi-word name); an
    entity left without mentions (merged away) keeps its row with no articles."""
    ae, e = t.article_entities, t.entities
    wanted = sorted(set(ids))
    if not wanted:
        return
    stats = {
        r[0]: r
        for r in conn.execute(
            select(
                ae.c.entity_id,
                func.count(func.distinct(ae.c.article_id)),
                func.sum(ae.c.n_mentions),
                func.min(ae.c.published),
                func.max(ae.c.published),
            )
            .where(ae.c.entity_id.in_(wanted))
            .group_by(ae.c.entity_id)
        )
    }
    names: dict[str, Counter[str]] = {}
    for eid, name, n in conn.execute(
        select(ae.c.entity_id, ae.c.name, func.count())
        .where(ae.c.entity_id.in_(wanted))
        .group_by(ae.c.entity_id, ae.c.name)
    ):
        names.setdefault(eid, Counter())[name or ""] += n
    aliases = []
    for eid in wanted:
        if eid not in stats:
            conn.execute(update(e).where(e.c.id == eid).values(n_articles=0, n_mentions=0))
            continue
        _, n_articles, n_mentions, first, last = stats[eid]
        variants = names.get(eid, Counter())
        best = sorted(variants.items(), key=lambda kv: (len(kv[0].split()) < 2, -kv[1], kv[0]))
        conn.execute(
            update(e)
            .where(e.c.id == eid)
            .values(
                name=best[0][0] if best else eid,
                aliases=json.dumps([n for n, _ in best][:50], ensure_ascii=False),
                n_articles=n_articles,
                n_mentions=int(n_mentions or 0),
                first_seen=first,
                last_seen=last,
            )
        )
        for variant in variants:
            for alias in {fold(variant), name_key(variant)} - {""}:
                aliases.append({"alias": alias[:300], "entity_id": eid})
    store.insert_ignore(conn, t.entity_aliases, aliases)


def _alias_keys(conn: Connection, entity_id: str) -> set[str]:
    """The alias keys of the names an entity's mentions are written as."""
    ae = t.article_entities
    names = conn.scalars(select(ae.c.name).where(ae.c.entity_id == entity_id).distinct())
    return {key for name in names if name for key in (fold(name), name_key(name)) if key}


def forget_aliases(conn: Connection, action: str, source: str, target: str) -> None:
    """After an undone merge or split (and the entities step run again): the names the
    correction gave ``target`` no longer find it. Merge: ``target`` loses the aliases of
    ``source``'s names it is not written as itself; split: ``target`` (made by the
    split) loses them all."""
    a = t.entity_aliases
    if action == "split":
        conn.execute(delete(a).where(a.c.entity_id == target))
        return
    stale = _alias_keys(conn, source) - _alias_keys(conn, target)
    if stale:
        conn.execute(delete(a).where(a.c.entity_id == target, a.c.alias.in_(sorted(stale))))


def written_names(conn: Connection, entity_id: str) -> set[str]:
    """The names (folded) an entity's mentions are written as: what a split may move."""
    ae = t.article_entities
    query = select(ae.c.name).where(ae.c.entity_id == entity_id).distinct()
    return {fold(name) for name in conn.scalars(query) if name}
