"""The claims step of ``claimgraph spark analyse``: claim alignment, corroboration and
contradictions as Spark jobs, deciding with the pure cores of :mod:`claimgraph.analysis.claims`
as the store's driver (:mod:`claimgraph.store.sql.align`) does, pass for pass:

1. the document frequency of content terms over statements of original articles, counted by
   Spark (exactly); each statement's ``CLAIM_BLOCK_KEYS`` rarest terms seen twice or more
   (a window per statement: a join, nothing on the driver);
2. statements grouped by block key, in id order within a block, through a
   :class:`~claimgraph.analysis.claims.StatementClusters` of that one block: the edges
   (statement, the representative it joined). The store feeds the blocks of a statement to
   one union-find in turn and stops in a block at a representative already in the
   statement's cluster; a block here does not know the other blocks (README, "Differences
   from ``ingest``");
3. copies: per copy article, its statements and its original's, ``match_copy``;
4. per story that has a denial, its denials and assertions, ``polarity_links``;
5. numbers per story (id order) through a :class:`~claimgraph.analysis.claims.QuantityGroups`
   of that story (:meth:`~claimgraph.analysis.claims.QuantityGroups.join_in_stories`), then
   the one cross-story join (:func:`~claimgraph.analysis.claims.named_links`) per counted
   thing, name and value over its first stories (a window);

the edges' connected components by label propagation (:func:`claimgraph.spark.analysis.
components`, as the union-find of the store); then members grouped by component, one claim
at a time: claims of two articles or more summarised (:func:`~claimgraph.analysis.claims.
claim_rows`). Written under ``DIR/analysis``: ``claims``, ``contradictions`` and
``claim_members`` (member, kind, claim).
"""

from __future__ import annotations

import itertools
import json
import logging
from collections import Counter
from collections.abc import Iterable, Iterator
from typing import Any

from claimgraph.analysis.claims import grouping_item
from claimgraph.spark.tables import ANALYSIS_TABLES

log = logging.getLogger(__name__)

#: Label propagation rounds at most for claims (a component's diameter: clusters of
#: statements joined through representatives are deeper than the stars of copies)
CLAIM_ROUNDS = 500

STATEMENT_COLUMNS = (
    "id",
    "article_id",
    "outlet",
    "published",
    "speaker",
    "speaker_entity",
    "content",
    "cue",
    "modality",
    "origin",
    "duplicate_of",
    "story",
)
QUANTITY_COLUMNS = (
    "id",
    "article_id",
    "outlet",
    "published",
    "value",
    "low",
    "high",
    "approx",
    "unit",
    "subject",
    "text",
    "qkey",
    "data",
    "content",
    "speaker",
    "speaker_entity",
    "modality",
    "origin",
    "duplicate_of",
    "story",
    "original_outlet",
)


# -- plain rows -> items (as the store's driver builds them) -------------------------------------


def statement_item(r: Any, source: str | None = None) -> Any:
    """A statement row (:data:`STATEMENT_COLUMNS`) as the alignment sees it."""
    from claimgraph.analysis import claims

    return claims.statement_item(r, duplicate_of=r["duplicate_of"], story=r["story"], source=source)


def quantity_item(r: Any, source: str | None = None) -> Any:
    """A number row (:data:`QUANTITY_COLUMNS`) as a claim member."""
    from claimgraph.analysis import claims

    return claims.quantity_item(r, duplicate_of=r["duplicate_of"], story=r["story"], source=source)


def number_source(r: Any) -> str | None:
    """A copy's number counts for its original's outlet."""
    from claimgraph.analysis.text import fold

    if not r["duplicate_of"]:
        return None
    return "outlet:" + fold(r["original_outlet"] or r["duplicate_of"])


def corrected_speaker(speaker: str | None, changes: Iterable[Any] | None) -> str | None:
    """A statement's speaker entity after its article's entity changes (local id order, each
    one the UPDATE of the entities step: speaker ``old`` becomes ``new``)."""
    for change in sorted(changes or (), key=lambda c: c["local_id"] or ""):
        if speaker is not None and speaker == change["old"]:
            speaker = change["new"]
    return speaker


# -- per-group code ------------------------------------------------------------------------------


def cluster_blocks(rows: Iterable[Any]) -> Iterator[tuple[str, str]]:
    """Rows (key, id, article_id, speaker_entity, terms) sorted by block key then id ->
    (statement, the representative it joined): one ``StatementClusters`` per block."""
    from claimgraph.analysis.claims import Item, StatementClusters

    current: Any = object()
    clusters = StatementClusters(Counter())
    for key, sid, article_id, speaker_entity, terms in rows:
        if key != current:
            current, clusters = key, StatementClusters(Counter())
        item = Item(sid, article_id, None, None, speaker_entity=speaker_entity)
        item.terms = set(terms or ())
        node = clusters.add(sid, item, [key])
        if node is not None and node != sid:
            yield sid, str(node)


def copy_links(rows: Iterable[Any]) -> Iterator[tuple[str, str, str]]:
    """One copy article's statements (tag "c") and its original's ("o") -> (copy statement,
    original statement, the original's source) for each copy statement that reproduces one."""
    from claimgraph.analysis.claims import match_copy, source_of

    copies: list[Any] = []
    originals: list[Any] = []
    for tag, r in rows:
        (copies if tag == "c" else originals).append(r)
    if not copies or not originals:
        return
    from claimgraph.analysis.claims import statement_item as original_item

    by_id = sorted((original_item(r) for r in originals), key=lambda i: i.id)
    for r in sorted(copies, key=lambda r: r["id"]):
        copy = statement_item(r)
        original = match_copy(copy, by_id)
        if original is not None:
            yield copy.id, original.id, source_of(original)


def denial_links(rows: Iterable[Any]) -> Iterator[tuple[str, str]]:
    """One story's denials and assertions (of original articles) -> (denial, assertion)."""
    from claimgraph.analysis.claims import polarity_links

    items = sorted((statement_item(r) for r in rows), key=lambda i: i.id)
    for i, j in polarity_links(items):
        yield items[i].id, items[j].id


def _new_named(grouper: Any, before: int) -> list[Any]:
    added = len(grouper.named) - before
    return list(itertools.islice(reversed(grouper.named), added)) if added else []


def group_numbers(rows: Iterable[Any]) -> Iterator[tuple[str, Any]]:
    """Keyed numbers sorted by story then id -> ("member", (id, node, article, source)),
    ("edge", (node, node)) and ("named", (key, story, first id, node, small)) rows: one
    ``QuantityGroups`` per story (a number of no story joins only corpus-wide keys: one
    grouper of its own)."""
    from claimgraph.analysis.claims import QuantityGroups

    for story, group in itertools.groupby(rows, key=lambda r: r["story"]):
        grouper = QuantityGroups()
        named: list[tuple[str, str, str, str]] = []
        for r in group:
            if story is None:
                grouper = QuantityGroups()
            before = len(grouper.named)
            node = grouper.add(grouping_item(r), story)
            for key in _new_named(grouper, before):
                named.append((json.dumps(list(key)), story, r["id"], grouper.named[key][story]))
            if node is not None:
                yield "member", (r["id"], node, r["article_id"], number_source(r))
            if story is None:
                yield from _uf_edges(grouper.uf)
        if story is None:
            continue
        small = len(grouper.story_articles.get(story, ())) <= 2
        for key, s, first, node in named:
            yield "named", (key, s, first, node, small)
        grouper.join_in_stories()
        yield from _uf_edges(grouper.uf)


def _uf_edges(uf: Any) -> Iterator[tuple[str, Any]]:
    for node in list(uf.parent):
        yield "edge", (str(node), str(uf.find(node)))


def named_edges(stories: Iterable[Any]) -> Iterator[tuple[str, str]]:
    """One (class, name, value, owner) key's first stories -> the joins of ``join_named``."""
    from claimgraph.analysis.claims import named_links

    ordered = sorted(stories, key=lambda s: s["first"])
    yield from named_links([[(s["story"], s["node"], s["small"]) for s in ordered]])


def summarise_claim(members: Iterable[Any]) -> Iterator[tuple[str, tuple[Any, ...]]]:
    """One component's members ((kind, row, source), one kind) -> its claim, contradiction
    and member rows, when its members are in two articles or more."""
    from claimgraph.analysis.claims import claim_rows

    members = sorted(members, key=lambda m: m[1]["id"])
    kind = members[0][0]
    build = statement_item if kind == "statement" else quantity_item
    items = [build(row, source) for _, row, source in members]
    if len({i.article_id for i in items}) < 2:
        return
    claim, contradictions = claim_rows(kind, items)
    yield "claims", tuple(claim[c] for c, _ in ANALYSIS_TABLES["claims"])
    for row in contradictions:
        yield "contradictions", tuple(row[c] for c, _ in ANALYSIS_TABLES["contradictions"])
    for item in items:
        yield "claim_members", (item.id, kind, claim["id"])


# -- the jobs ------------------------------------------------------------------------------------


def _frame(spark: Any, rows: Any, cols: Iterable[tuple[str, str]]) -> Any:
    from claimgraph.spark.extraction import spark_schema

    return spark.createDataFrame(rows, spark_schema(cols))


def _statements(spark: Any, directory: str, facts: Any) -> Any:
    """Statements with their article's copy and story facts, speakers after the entity
    changes (``entity_changes``: applied by ``load`` before the store's claims step)."""
    from pyspark.sql import functions as F

    changes = spark.read.parquet(f"{directory}/analysis/entity_changes")
    by_article = changes.groupBy("article_id").agg(
        F.collect_list(F.struct("local_id", "old", "new")).alias("changes")
    )
    s = spark.read.parquet(f"{directory}/statements")
    rows = (
        s.select(*STATEMENT_COLUMNS[:10])
        .join(facts.select("article_id", "duplicate_of", "story"), "article_id", "left")
        .join(by_article, "article_id", "left")
        .rdd.map(
            lambda r: tuple(
                corrected_speaker(r["speaker_entity"], r["changes"])
                if c == "speaker_entity"
                else r[c]
                for c in STATEMENT_COLUMNS
            )
        )
    )
    cols = [(c, "string") for c in STATEMENT_COLUMNS]
    return _frame(spark, rows, cols)


def _facts(spark: Any, directory: str) -> Any:
    """article_id, duplicate_of, story, original_outlet of every article."""
    from pyspark.sql import functions as F

    articles = spark.read.parquet(f"{directory}/articles").select("id", "outlet")
    copies = spark.read.parquet(f"{directory}/analysis/duplicates").select("id", "duplicate_of")
    stories = spark.read.parquet(f"{directory}/analysis/article_stories")
    originals = articles.select(
        F.col("id").alias("duplicate_of"), F.col("outlet").alias("original_outlet")
    )
    return (
        articles.select(F.col("id").alias("article_id"), "id")
        .join(copies, "id", "left")
        .join(stories, "id", "left")
        .join(originals, "duplicate_of", "left")
        .select("article_id", "duplicate_of", "story", "original_outlet")
    )


def statement_edges(spark: Any, stmts: Any) -> tuple[Any, Any, Any]:
    """Passes 1-4: (RDD of statement edges, RDD of (copy statement, source), the cached RDD
    to release after use)."""
    from pyspark import StorageLevel
    from pyspark.sql import functions as F
    from pyspark.sql import types as T
    from pyspark.sql.window import Window

    from claimgraph.analysis.claims import CLAIM_BLOCK_KEYS, POSITIVE_MODALITIES, is_denial
    from claimgraph.analysis.text import content_terms

    originals = stmts.where(F.col("duplicate_of").isNull())
    terms_schema = T.StructType(
        [T.StructField("id", T.StringType()), T.StructField("terms", T.ArrayType(T.StringType()))]
    )
    terms = spark.createDataFrame(
        originals.select("id", "content").rdd.map(
            lambda r: (r[0], sorted(content_terms(r[1] or "")))
        ),
        terms_schema,
    )
    each = terms.select("id", F.explode("terms").alias("term"))
    df = each.groupBy("term").agg(F.count(F.lit(1)).alias("df")).where("df > 1")
    rank = F.row_number().over(Window.partitionBy("id").orderBy("df", "term"))
    keys = (
        each.join(df, "term")
        .withColumn("rank", rank)
        .where(F.col("rank") <= CLAIM_BLOCK_KEYS)
        .select("id", F.col("term").alias("key"))
    )
    blocks = (
        keys.join(terms, "id")
        .join(originals.select("id", "article_id", "speaker_entity"), "id")
        .select("key", "id", "article_id", "speaker_entity", "terms")
        .repartition("key")
        .sortWithinPartitions("key", "id")
    )
    clustered = blocks.rdd.mapPartitions(lambda rows: cluster_blocks(tuple(r) for r in rows))

    copies = stmts.where(F.col("duplicate_of").isNotNull())
    copy_of = copies.select("duplicate_of", "article_id").distinct().rdd.map(lambda r: (r[0], r[1]))
    of_copies = (
        originals.rdd.map(lambda r: (r["article_id"], r.asDict()))
        .join(copy_of)
        .map(lambda kv: (kv[1][1], ("o", kv[1][0])))
    )
    tagged = copies.rdd.map(lambda r: (r["article_id"], ("c", r.asDict()))).union(of_copies)
    copied = tagged.groupByKey().flatMap(lambda kv: copy_links(kv[1]))
    copied.persist(StorageLevel.MEMORY_AND_DISK)

    modalities = ["denied", *sorted(POSITIVE_MODALITIES)]
    in_stories = originals.where(F.col("story").isNotNull())
    denied = in_stories.rdd.filter(lambda r: is_denial(statement_item(r))).map(
        lambda r: (r["story"],)
    )
    denial_stories = spark.createDataFrame(
        denied, T.StructType([T.StructField("story", T.StringType())])
    ).distinct()
    denials = (
        in_stories.where(F.col("modality").isin(modalities))
        .join(denial_stories, "story")
        .rdd.map(lambda r: (r["story"], r.asDict()))
        .groupByKey()
        .flatMap(lambda kv: denial_links(kv[1]))
    )
    edges = clustered.union(copied.map(lambda x: (x[0], x[1]))).union(denials)
    return edges, copied.map(lambda x: (x[0], x[2])), copied


def quantity_edges(spark: Any, numbers: Any) -> tuple[Any, Any, Any]:
    """Pass 5: (RDD of node edges, RDD of members (id, node, article, source), the cached
    RDD to release after use)."""
    from pyspark import StorageLevel
    from pyspark.sql import functions as F
    from pyspark.sql import types as T
    from pyspark.sql.window import Window

    from claimgraph.analysis.claims import NAMED_STORIES

    grouped = (
        numbers.where(F.col("qkey").isNotNull())
        .repartition("story")
        .sortWithinPartitions("story", "id")
        .rdd.mapPartitions(group_numbers)
    )
    grouped.persist(StorageLevel.MEMORY_AND_DISK)
    named_schema = T.StructType(
        [
            T.StructField("key", T.StringType()),
            T.StructField("story", T.StringType()),
            T.StructField("first", T.StringType()),
            T.StructField("node", T.StringType()),
            T.StructField("small", T.BooleanType()),
        ]
    )
    named = spark.createDataFrame(
        grouped.filter(lambda x: x[0] == "named").map(lambda x: x[1]), named_schema
    )
    first = F.row_number().over(Window.partitionBy("key").orderBy("first"))
    across = (
        named.withColumn("rank", first)
        .where(F.col("rank") <= NAMED_STORIES)
        .rdd.map(lambda r: (r["key"], r.asDict()))
        .groupByKey()
        .flatMap(lambda kv: named_edges(kv[1]))
    )
    edges = grouped.filter(lambda x: x[0] == "edge").map(lambda x: x[1]).union(across)
    members = grouped.filter(lambda x: x[0] == "member").map(lambda x: x[1])
    return edges, members, grouped


def align_claims(spark: Any, directory: str) -> dict[str, int]:
    """Claims, their members and contradictions over ``directory`` (after duplicates,
    entities and stories): the tables ``claims``, ``contradictions``, ``claim_members``."""
    from pyspark import StorageLevel
    from pyspark.sql import functions as F

    from claimgraph.spark.frames import components, write_table

    facts = _facts(spark, directory)
    facts.persist(StorageLevel.MEMORY_AND_DISK)
    stmts = _statements(spark, directory, facts)
    stmts.persist(StorageLevel.MEMORY_AND_DISK)
    q = spark.read.parquet(f"{directory}/quantities")
    numbers = (
        q.select(*(c for c in QUANTITY_COLUMNS[:13]), "statement_id")
        .join(
            stmts.select(
                F.col("id").alias("statement_id"),
                "content",
                "speaker",
                "speaker_entity",
                "modality",
                "origin",
            ),
            "statement_id",
            "left",
        )
        .join(facts, "article_id", "left")
        .select(*QUANTITY_COLUMNS)
    )
    numbers.persist(StorageLevel.MEMORY_AND_DISK)
    s_edges, sources, copied = statement_edges(spark, stmts)
    s_edges.persist(StorageLevel.MEMORY_AND_DISK)
    q_edges, q_members, numbered = quantity_edges(spark, numbers)
    labels = components(spark, s_edges.union(q_edges), max_rounds=CLAIM_ROUNDS)
    # members: (member, kind, node, article_id, source)
    s_members = (
        s_edges.flatMap(lambda e: e)
        .distinct()
        .map(lambda m: (m, None))
        .leftOuterJoin(sources)
        .map(lambda kv: (kv[0], "statement", kv[0], kv[1][1]))
    )
    member_cols = [("member", "string"), ("kind", "string"), ("node", "string")]
    member_cols.append(("source", "string"))
    members = _frame(
        spark,
        s_members.union(q_members.map(lambda m: (m[0], "quantity", m[1], m[3]))),
        member_cols,
    )
    label_frame = _frame(spark, labels, [("node", "string"), ("label", "string")])
    labelled = (
        members.join(label_frame, "node", "left")
        .select("member", "kind", "source", F.coalesce("label", "node").alias("label"))
        .where(~F.col("label").startswith("w:"))
    )
    s_rows = labelled.where(F.col("kind") == "statement").join(
        stmts.withColumnRenamed("id", "member"), "member"
    )
    q_rows = labelled.where(F.col("kind") == "quantity").join(
        numbers.withColumnRenamed("id", "member"), "member"
    )

    def keyed(cols: tuple[str, ...]) -> Any:
        def one(r: Any) -> Any:
            row = {c: r["member"] if c == "id" else r[c] for c in cols}
            return r["label"], (r["kind"], row, r["source"])

        return one

    grouped = (
        s_rows.rdd.map(keyed(STATEMENT_COLUMNS))
        .union(q_rows.rdd.map(keyed(QUANTITY_COLUMNS)))
        .groupByKey()
        .flatMap(lambda kv: summarise_claim(kv[1]))
    )
    grouped.persist(StorageLevel.MEMORY_AND_DISK)
    counts = {}
    try:
        for table in ("claims", "contradictions", "claim_members"):
            rows = grouped.filter(lambda x, t=table: x[0] == t).map(lambda x: x[1])
            counts[table] = write_table(spark, rows, table, directory)
    finally:
        for cached in (grouped, numbered, copied, s_edges, numbers, stmts, facts):
            cached.unpersist()
    claims = spark.read.parquet(f"{directory}/analysis/claims")
    kinds = dict(claims.groupBy("kind").count().collect())
    return {
        "claims": counts["claims"],
        "statement_claims": int(kinds.get("statement", 0)),
        "quantity_claims": int(kinds.get("quantity", 0)),
        "contradictions": counts["contradictions"],
    }
