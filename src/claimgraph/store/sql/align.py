"""The claims step of analyse, streamed: claim alignment, corroboration and contradictions
over a store in bounded memory.

The pure functions of :mod:`claimgraph.analysis.claims` decide; this module feeds them pages
of rows and keeps what grows with the corpus on disk, in temporary tables of the step's
own connection:

- ``cg_claim_members`` (member id, kind, node, article, source): one row per statement or
  number that may belong to a claim, with the union-find *node* it joined (a representative
  statement, or a quantity key);
- ``cg_claim_nodes`` (node, root): the final root of every node that was joined to another;
- ``cg_claim_blocks`` (term, seq, rep) and ``cg_claim_reps`` (node, article, speaker entity,
  terms): the blocking index of ``StatementClusters`` (at most ``claim_max_block``
  representatives per block key, in the order they were filed) and what is compared of each
  representative. On a corpus of mostly unique statements nearly every statement represents
  itself somewhere, so this index grows like the corpus; it is read per page of statements
  for the page's block keys only, and the page's additions written back.

In memory stay only the union-find links between nodes, the document frequency of content
terms, the distinct quantity keys, and one page (with its blocks), one story or one claim at
a time.

Passes (statements in primary-key order, as :func:`cluster_statements` would see them):
1. document frequency of content terms over statements of original articles;
2. clustering of those statements (a statement that joins nothing and represents nothing
   is a claim of one and is not written);
3. copies (statements of duplicate articles, by batches of copy articles) attached to the
   statement of their original they reproduce (``match_copy``), with its source;
4. per story that has a denial: denials linked to the assertions they deny
   (``polarity_links``);
5. quantities keyed by what they count (``QuantityGroups``);
then members are read back ordered by root, one claim at a time: claims of more than one
article are summarised and written, with their members' claim column, in one transaction.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Hashable, Iterable, Iterator
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    Column,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    bindparam,
    delete,
    func,
    insert,
    select,
    update,
)
from sqlalchemy.engine import Connection

from claimgraph.analysis.claims import (
    POSITIVE_MODALITIES,
    Item,
    QuantityGroups,
    StatementClusters,
    UnionFind,
    claim_rows,
    grouping_item,
    is_denial,
    match_copy,
    polarity_links,
    quantity_item,
    source_of,
    statement_item,
)
from claimgraph.analysis.text import TermCounts, content_terms, fold
from claimgraph.batches import chunks
from claimgraph.store import schema as t
from claimgraph.store.sql.corrections import corrected_speaker, wrong_statements
from claimgraph.store.sql.engine import write_transaction
from claimgraph.store.sql.scan import article_facts, pages, stream

if TYPE_CHECKING:
    from claimgraph.store.sql.store import SQLStore

log = logging.getLogger(__name__)
FLUSH_ROWS = 5000  # rows written per executemany
COPY_ARTICLES = 200  # copy articles handled per batch (pass 3)
CLUSTER_PAGE = 2000  # statements clustered per load of their blocks (pass 2)
TERM_SEP = "\x1f"  # between the terms of a representative in cg_claim_reps
FULL_BLOCKS_KEPT = 2000  # full blocks (never change again) kept between pages (pass 2)

_temp = MetaData()
members = Table(
    "cg_claim_members",
    _temp,
    Column("member", String, primary_key=True),
    Column("kind", String, nullable=False),
    Column("node", String, nullable=False),
    Column("article_id", String, nullable=False),
    Column("source", String),
    prefixes=["TEMPORARY"],
)
nodes = Table(
    "cg_claim_nodes",
    _temp,
    Column("node", String, primary_key=True),
    Column("root", String, nullable=False),
    prefixes=["TEMPORARY"],
)
blocks = Table(
    "cg_claim_blocks",
    _temp,
    Column("term", String, primary_key=True),
    Column("seq", Integer, primary_key=True, autoincrement=False),
    Column("rep", String, nullable=False),
    prefixes=["TEMPORARY"],
)
reps = Table(
    "cg_claim_reps",
    _temp,
    Column("node", String, primary_key=True),
    Column("article_id", String, nullable=False),
    Column("speaker_entity", String),
    Column("terms", Text, nullable=False),
    prefixes=["TEMPORARY"],
)


def _statement_columns() -> tuple[Any, ...]:
    s = t.statements
    return (
        s.c.id,
        s.c.article_id,
        s.c.outlet,
        s.c.published,
        s.c.speaker,
        corrected_speaker(),  # an analyst's speaker correction counts
        s.c.content,
        s.c.cue,
        s.c.modality,
        s.c.origin,
    )


def _quantity_query() -> Any:
    q, s = t.quantities, t.statements
    return (
        select(
            q.c.id,
            q.c.article_id,
            q.c.outlet,
            q.c.published,
            q.c.value,
            q.c.low,
            q.c.high,
            q.c.approx,
            q.c.unit,
            q.c.subject,
            q.c.text,
            q.c.qkey,
            q.c.data,
            s.c.content,
            s.c.speaker,
            corrected_speaker(),
            s.c.modality,
            s.c.origin,
        )
        # quantities drive (primary-key order); no filter the planner could prefer an index
        # for: rows without a key are skipped by the reader
        .select_from(q)
        .outerjoin(s, s.c.id == q.c.statement_id)
    )


class _Members:
    """Buffered writes to the members table and node look-ups."""

    def __init__(self, store: SQLStore, work: Connection) -> None:
        self.store, self.work = store, work
        self.buffer: list[dict[str, Any]] = []

    def add(self, member: str, kind: str, node: Hashable, article_id: str, source: str | None):
        self.buffer.append(
            {
                "member": member,
                "kind": kind,
                "node": str(node),
                "article_id": article_id,
                "source": source,
            }
        )
        if len(self.buffer) >= FLUSH_ROWS:
            self.flush()

    def flush(self) -> None:
        if self.buffer:
            self.store.insert_ignore(self.work, members, self.buffer)
            self.buffer = []

    def nodes_of(self, items: Iterable[Item]) -> dict[str, str]:
        """Node of each statement; a statement not yet a member becomes one, its own node."""
        self.flush()
        wanted = {i.id: i for i in items}
        found: dict[str, str] = {}
        for chunk in chunks(sorted(wanted)):
            found.update(
                self.work.execute(
                    select(members.c.member, members.c.node).where(members.c.member.in_(chunk))
                ).all()
            )
        for member_id, item in wanted.items():
            if member_id not in found:
                found[member_id] = member_id
                self.add(member_id, "statement", member_id, item.article_id, None)
        return found


def _originals(store: SQLStore, columns: tuple[Any, ...]) -> Iterator[tuple[Any, str | None]]:
    """(row, story) of statements of original articles (not copies), in primary-key order;
    statements an analyst marked wrong are left out."""
    s = t.statements
    query = select(*columns).where(s.c.id.not_in(wrong_statements()))
    for page in pages(store, query, s.c.id):
        with store.engine.connect() as conn:
            facts = article_facts(conn, (r.article_id for r in page))
        for r in page:
            duplicate_of, story, _ = facts.get(r.article_id, (None, None, None))
            if duplicate_of is None:
                yield r, story


def _load_blocks(
    work: Connection, clusters: StatementClusters, keys: set[str], full: dict[str, list[Any]]
) -> None:
    """The blocks of ``keys`` (representatives in filing order) and their representatives,
    from the temporary tables into ``clusters``. A block that holds ``claim_max_block``
    representatives never changes again: up to FULL_BLOCKS_KEPT of them are kept in ``full``
    (block key -> [(node, representative)]) instead of being read for every page."""
    for key in keys & full.keys():
        clusters.blocks[key] = [node for node, _ in full[key]]
        clusters.reps.update(full[key])
    loaded = clusters.reps
    for chunk in chunks(sorted(keys - full.keys())):
        query = (
            select(
                blocks.c.term, blocks.c.rep, reps.c.article_id, reps.c.speaker_entity, reps.c.terms
            )
            .select_from(blocks.join(reps, reps.c.node == blocks.c.rep))
            .where(blocks.c.term.in_(chunk))
            .order_by(blocks.c.term, blocks.c.seq)
        )
        for term, node, article_id, speaker_entity, terms in work.execute(query):
            clusters.blocks.setdefault(term, []).append(node)
            if node not in loaded:
                split = frozenset(terms.split(TERM_SEP)) if terms else frozenset()
                loaded[node] = (article_id, speaker_entity, split)
    for key in keys - full.keys():
        block = clusters.blocks.get(key, ())
        if len(block) >= clusters.max_block:
            if len(full) >= FULL_BLOCKS_KEPT:
                full.clear()
            full[key] = [(node, clusters.reps[node]) for node in block]


def _save_blocks(work: Connection, clusters: StatementClusters, seq: int) -> int:
    """Write the page's additions to the blocks (from ``seq`` on); returns the next seq."""
    filed = [{"term": k, "seq": seq + n, "rep": node} for n, (k, node) in enumerate(clusters.added)]
    new = []
    for node in dict.fromkeys(node for _, node in clusters.added):
        article_id, speaker_entity, terms = clusters.reps[node]
        new.append(
            {
                "node": node,
                "article_id": article_id,
                "speaker_entity": speaker_entity,
                "terms": TERM_SEP.join(sorted(terms)),
            }
        )
    for table, rows in ((blocks, filed), (reps, new)):
        for chunk in chunks(rows, FLUSH_ROWS):
            work.execute(insert(table), chunk)
    return seq + len(filed)


def _cluster_originals(
    store: SQLStore, work: Connection, out: _Members
) -> tuple[UnionFind, set[str]]:
    """Passes 1 and 2: returns the union-find of statement nodes and the stories that have a
    denial. Statements are clustered a page at a time against the blocks of their keys,
    read from and written back to the temporary tables."""
    s = t.statements
    df = TermCounts()
    for r, _story in _originals(store, (s.c.id, s.c.article_id, s.c.content)):
        df.update(content_terms(r.content or ""))
    clusters = StatementClusters(df, journal=True)
    denial_stories: set[str] = set()
    seq = 0
    full: dict[str, list[Any]] = {}
    for page in chunks(_originals(store, _statement_columns()), CLUSTER_PAGE):
        items = []
        for r, story in page:
            item = statement_item(r._mapping, story=story)
            item.terms = content_terms(item.content)
            items.append(item)
        keys = [clusters.block_keys(item.terms) for item in items]
        _load_blocks(work, clusters, {k for ks in keys for k in ks}, full)
        for item, item_keys in zip(items, keys, strict=True):
            node = clusters.add(item.id, item, item_keys)
            if node is not None:
                out.add(item.id, "statement", node, item.article_id, None)
            if item.story and is_denial(item):
                denial_stories.add(item.story)
        seq = _save_blocks(work, clusters, seq)
        clusters.forget()
    out.flush()
    return clusters.uf, denial_stories


def _attach_copies(store: SQLStore, out: _Members) -> None:
    """Pass 3: each statement of a copy joins the statement of its original it reproduces."""
    a, s = t.articles, t.statements
    # every article in key order, copies kept here: a WHERE on duplicate_of would let the
    # planner scan that index and sort for every page
    articles = stream(store, select(a.c.id, a.c.duplicate_of), a.c.id)
    copies = (r for r in articles if r.duplicate_of is not None)
    for batch in chunks(copies, COPY_ARTICLES):
        original_of = {r.id: r.duplicate_of for r in batch}
        wanted = sorted(set(original_of) | set(original_of.values()))
        copy_rows: list[Any] = []
        by_article: dict[str, list[Item]] = {}
        with store.engine.connect() as conn:
            for chunk in chunks(wanted):
                for r in conn.execute(
                    select(*_statement_columns()).where(s.c.article_id.in_(chunk))
                ):
                    if r.article_id in original_of:
                        copy_rows.append(r)
                    else:
                        by_article.setdefault(r.article_id, []).append(statement_item(r._mapping))
        for items in by_article.values():
            items.sort(key=lambda i: i.id)
        links = []
        for r in sorted(copy_rows, key=lambda r: r.id):
            copy = statement_item(r._mapping, duplicate_of=original_of[r.article_id])
            original = match_copy(copy, by_article.get(copy.duplicate_of or "", []))
            if original is not None:
                links.append((copy, original))
        node = out.nodes_of(o for _, o in links)
        for copy, original in links:
            out.add(copy.id, "statement", node[original.id], copy.article_id, source_of(original))
    out.flush()


def _link_denials(store: SQLStore, out: _Members, uf: UnionFind, stories: set[str]) -> None:
    """Pass 4: per story with a denial, its denials join the assertions they deny."""
    a, s = t.articles, t.statements
    modalities = ["denied", *sorted(POSITIVE_MODALITIES)]
    for story in sorted(stories):
        with store.engine.connect() as conn:
            # by the story index only (with duplicate_of in the WHERE the planner may scan
            # the duplicate_of index instead: all originals, for every story)
            article_ids = [
                r.id
                for r in conn.execute(select(a.c.id, a.c.duplicate_of).where(a.c.story == story))
                if r.duplicate_of is None
            ]
            rows: list[Any] = []
            for chunk in chunks(article_ids):
                rows.extend(
                    conn.execute(
                        select(*_statement_columns()).where(
                            s.c.article_id.in_(chunk), s.c.modality.in_(modalities)
                        )
                    )
                )
        rows.sort(key=lambda r: r.id)
        items = [statement_item(r._mapping, story=story) for r in rows]
        del rows
        pairs = polarity_links(items)
        if not pairs:
            continue
        node = out.nodes_of(items[k] for pair in pairs for k in pair)
        for i, j in pairs:
            uf.union(node[items[i].id], node[items[j].id])


def _group_quantities(store: SQLStore, out: _Members) -> UnionFind:
    """Pass 5: numbers keyed by what they count; copies carry their original's outlet."""
    q = t.quantities
    grouper = QuantityGroups()
    for page in pages(store, _quantity_query(), q.c.id):
        keyed = [r for r in page if r.qkey is not None]
        with store.engine.connect() as conn:
            facts = article_facts(conn, (r.article_id for r in keyed))
            originals = article_facts(conn, (f[0] for f in facts.values() if f[0]))
        for r in keyed:
            duplicate_of, story, _ = facts.get(r.article_id, (None, None, None))
            item = grouping_item(r._mapping)
            node = grouper.add(item, story)
            if node is None:
                continue
            source = None
            if duplicate_of:
                outlet = originals.get(duplicate_of, (None, None, None))[2]
                source = "outlet:" + fold(outlet or duplicate_of)
            out.add(r.id, "quantity", node, r.article_id, source)
    out.flush()
    grouper.finish()
    return grouper.uf


def _claim_groups(work: Connection) -> Iterator[list[Any]]:
    """Member rows per claim candidate (one kind each), read back ordered by root."""
    root = func.coalesce(nodes.c.root, members.c.node).label("root")
    query = (
        select(members.c.member, members.c.kind, members.c.article_id, members.c.source, root)
        .select_from(members.outerjoin(nodes, nodes.c.node == members.c.node))
        # a statement marked wrong is no member (copies and denials joined it by text)
        .where(members.c.member.not_in(wrong_statements()))
        .order_by(root, members.c.member)
    )
    current: Any = None
    group: list[Any] = []
    # a server-side cursor on PostgreSQL (options on the statement: on the connection they
    # would stay for every later statement)
    for r in work.execute(query.execution_options(stream_results=True, yield_per=FLUSH_ROWS)):
        if r.root != current:
            if group:
                yield group
            current, group = r.root, []
        group.append(r)
    if group:
        yield group


class _ClaimWriter:
    """Claim and contradiction rows and members' claim column, written in batches."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self.claims: list[dict[str, Any]] = []
        self.contradictions: list[dict[str, Any]] = []
        self.claim_of: dict[str, list[dict[str, str]]] = {"statement": [], "quantity": []}
        self.counts = {"claims": 0, "statement_claims": 0, "quantity_claims": 0}
        self.counts["contradictions"] = 0

    def add(self, kind: str, items: list[Item]) -> None:
        claim, contradictions = claim_rows(kind, items)
        cid = claim["id"]
        self.claims.append(claim)
        self.contradictions.extend(contradictions)
        self.claim_of[kind].extend({"_id": m.id, "_claim": cid} for m in items)
        self.counts["claims"] += 1
        self.counts[f"{kind}_claims"] += 1
        self.counts["contradictions"] += len(contradictions)
        if len(self.claims) >= 1000 or sum(map(len, self.claim_of.values())) >= FLUSH_ROWS:
            self.flush()

    def flush(self) -> None:
        for table, rows in ((t.claims, self.claims), (t.contradictions, self.contradictions)):
            if rows:
                self.conn.execute(insert(table), rows)
        self.claims, self.contradictions = [], []
        for kind, table in (("statement", t.statements), ("quantity", t.quantities)):
            rows = self.claim_of[kind]
            if rows:
                self.conn.execute(
                    update(table)
                    .where(table.c.id == bindparam("_id"))
                    .values(claim=bindparam("_claim")),
                    rows,
                )
            self.claim_of[kind] = []


class _Clock:
    """Logs the seconds of each pass (``claimgraph.store.sql.align`` at level INFO)."""

    def __init__(self) -> None:
        self.last = time.perf_counter()

    def __call__(self, what: str) -> None:
        now = time.perf_counter()
        log.info("claims: %s in %.1fs", what, now - self.last)
        self.last = now


def _member_items(conn: Connection, rows: list[Any]) -> dict[str, Item]:
    """The statements and numbers of a batch of member rows, as items (bulk reads)."""
    s, q = t.statements, t.quantities
    source = {r.member: r.source for r in rows}
    found: list[tuple[str, Any]] = []
    for kind in ("statement", "quantity"):
        ids = sorted(r.member for r in rows if r.kind == kind)
        for chunk in chunks(ids):
            if kind == "statement":
                query = select(*_statement_columns()).where(s.c.id.in_(chunk))
            else:
                query = _quantity_query().where(q.c.id.in_(chunk))
            found.extend((kind, r) for r in conn.execute(query))
    facts = article_facts(conn, (r.article_id for _, r in found))
    items = {}
    for kind, r in found:
        duplicate_of, story, _ = facts.get(r.article_id, (None, None, None))
        if kind == "statement":
            item = statement_item(r._mapping, duplicate_of=duplicate_of, story=story)
        else:
            item = quantity_item(r._mapping, duplicate_of=duplicate_of)
            item.story = story
        item.original_source = source[r.id]
        items[r.id] = item
    return items


def _summarise_batch(conn: Connection, writer: _ClaimWriter, groups: list[list[Any]]) -> None:
    items = _member_items(conn, [r for g in groups for r in g])
    for group in groups:
        writer.add(group[0].kind, [items[r.member] for r in group])


def align_claims(store: SQLStore) -> dict[str, int]:
    """Claims (statements and numbers), their sources and contradictions, rebuilt."""
    s, q = t.statements, t.quantities
    with store.engine.connect() as work:
        _temp.drop_all(work)  # a connection reused from the pool may still have them
        _temp.create_all(work)
        out = _Members(store, work)
        clock = _Clock()
        statement_links, denial_stories = _cluster_originals(store, work, out)
        clock("statements clustered")
        _attach_copies(store, out)
        clock("copies attached")
        _link_denials(store, out, statement_links, denial_stories)
        clock("denials linked")
        quantity_links = _group_quantities(store, out)
        clock("quantities grouped")
        for uf in (statement_links, quantity_links):
            rows = ({"node": str(n), "root": str(uf.find(n))} for n in list(uf.parent))
            for chunk in chunks(rows, FLUSH_ROWS):
                work.execute(insert(nodes), chunk)
        del statement_links, quantity_links
        work.commit()
        with write_transaction(store.engine) as conn:
            conn.execute(delete(t.contradictions))
            conn.execute(delete(t.claims))
            conn.execute(update(s).where(s.c.claim.is_not(None)).values(claim=None))
            conn.execute(update(q).where(q.c.claim.is_not(None)).values(claim=None))
            writer = _ClaimWriter(conn)
            batch: list[list[Any]] = []
            size = 0
            for group in _claim_groups(work):
                if len({r.article_id for r in group}) < 2 or group[0].root.startswith("w:"):
                    continue  # one article, or numbers that name nothing and joined nothing
                batch.append(group)
                size += len(group)
                if size >= FLUSH_ROWS:
                    _summarise_batch(conn, writer, batch)
                    batch, size = [], 0
            _summarise_batch(conn, writer, batch)
            writer.flush()
        clock("claims written")
        _temp.drop_all(work)
        work.commit()
    return writer.counts
