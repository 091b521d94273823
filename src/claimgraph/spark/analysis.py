"""``claimgraph spark analyse DIR``: the cross-article steps as Spark jobs over the tables of
``spark extract``, each deciding with the pure cores of :mod:`claimgraph.analysis` (group by a
blocking key, then the same per-group code as the store's driver), written as the tables of
:data:`claimgraph.spark.tables.ANALYSIS_TABLES` under ``DIR/analysis``; ``claimgraph load``
applies them.

- duplicates: articles sharing an LSH band key (a join on the band keys), then articles
  sharing a text hash, verified group by group (:class:`~claimgraph.analysis.duplicates.
  DuplicateLinks`); the verified links' connected components found by label propagation;
  each component's original by :func:`~claimgraph.analysis.duplicates.resolve_component`.
- corpus entities: the distinct full-name people (:func:`~claimgraph.analysis.entities.
  person_index`, broadcast), the short organisation and place names learned article by
  article (:func:`~claimgraph.analysis.entities.learn_aliases`, reduced, broadcast), then
  :func:`~claimgraph.analysis.entities.merge_article_entities` per article; statistics,
  names and aliases by entity.
- stories: the document frequency of terms counted by Spark; then one pass in date order
  through :class:`~claimgraph.analysis.stories.StoryClusters` on the driver (rows streamed
  partition by partition: the step is sequential by design, its memory one integer per
  article plus the live time buckets); copies take their original's story; story rows
  aggregated by Spark.

- claims and contradictions: :mod:`claimgraph.spark.claims` (blocks of statements, copies,
  denials per story, numbers per story; connected components by label propagation; one
  claim at a time summarised).
"""

from __future__ import annotations

import json
import logging
import tempfile
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from typing import Any

from claimgraph.spark.frames import components
from claimgraph.spark.frames import write_table as _write
from claimgraph.spark.tables import ANALYSIS_TABLES

log = logging.getLogger(__name__)

CHUNK = 10_000  # rows per Parquet row group written from the driver


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


# -- duplicates ----------------------------------------------------------------------------


def _article_key(r: Any) -> Any:
    from claimgraph.analysis.duplicates import ArticleKey

    return ArticleKey(r[0], r[1], r[2], r[3], bytes(r[4]))


def group_links(members: Iterable[Any]) -> Iterator[tuple[str, str]]:
    """The verified links of one candidate group, as edges (member, its component's first):
    the same decisions as the store's driver, which feeds every group to one union-find."""
    from claimgraph.analysis.duplicates import DuplicateLinks

    links = DuplicateLinks()
    links.add(_article_key(m) for m in members)
    for component in links.components():
        for member in component[1:]:
            yield member, component[0]


def resolve(members: Iterable[tuple[Any, str]]) -> Iterator[tuple[str, str, float, str]]:
    """One component: (key columns, text) of its members -> (copy, original, similarity,
    kind) rows, with the length and credited outlets that pick the original (as the store's
    driver computes them)."""
    from claimgraph.analysis.duplicates import resolve_component
    from claimgraph.analysis.text import fold

    keys = []
    texts = []
    for row, text in members:
        keys.append(_article_key(row))
        texts.append(fold(text or ""))
    outlets = {fold(k.outlet or "") for k in keys} - {""}
    for key, text in zip(keys, texts, strict=True):
        own = fold(key.outlet or "")
        key.length = len(text)
        key.credits = frozenset(o for o in outlets if o != own and o in text)
    for copy, (of, sim, kind) in resolve_component(keys).items():
        yield copy, of, float(sim), kind


def find_duplicates(spark: Any, directory: str) -> int:
    articles = spark.read.parquet(f"{directory}/articles")
    keys = articles.select("id", "published", "outlet", "text_hash", "minhash")
    bands = spark.read.parquet(f"{directory}/lsh_bands")
    shared = bands.groupBy("band", "key").count().where("count > 1").select("band", "key")
    by_band = (
        bands.join(shared, ["band", "key"])
        .join(keys, bands.article_id == keys.id)
        .select("band", "key", "id", "published", "outlet", "text_hash", "minhash")
        .rdd.map(lambda r: ((r[0], r[1]), tuple(r[2:])))
    )
    same_text = keys.groupBy("text_hash").count().where("count > 1").select("text_hash")
    by_text = (
        keys.join(same_text, "text_hash")
        .select("text_hash", "id", "published", "outlet", "text_hash", "minhash")
        .rdd.map(lambda r: (("text", r[0]), tuple(r[1:])))
    )
    edges = by_band.union(by_text).groupByKey().flatMap(lambda kv: group_links(kv[1])).distinct()
    labels = components(spark, edges)
    members = (
        articles.select("id", "published", "outlet", "text_hash", "minhash", "text")
        .rdd.map(lambda r: (r[0], (tuple(r[:5]), r[5])))
        .join(labels)
        .map(lambda kv: (kv[1][1], kv[1][0]))
    )
    rows = members.groupByKey().flatMap(lambda kv: resolve(kv[1]))
    return _write(spark, rows, "duplicates", directory)


# -- corpus entities -------------------------------------------------------------------------


def _learned(rows: Iterable[Any]) -> Iterator[tuple[tuple[str, str], set[str]]]:
    from claimgraph.analysis.entities import learn_aliases

    rows = list(rows)
    names = {(r[0], r[1]): r[5] or "" for r in rows}
    yield from learn_aliases(
        ((r[0], r[1], "", r[2] or "", r[3] or "") for r in rows), names
    ).items()


def _merged(rows: Iterable[Any], people: Any, aliases: Any) -> Iterator[tuple[str, Any]]:
    """One article's entities: ("change", (article, local, old, new)) for each that is
    another corpus entity, and ("final", (entity, article, name, mentions, published)) for
    each."""
    from claimgraph.analysis.entities import corpus_id, merge_article_entities

    rows = [
        (r[0], r[1], corpus_id(r[2] or "", r[3] or ""), r[2], r[3], r[4], r[5], r[6], r[7])
        for r in rows
    ]
    written = {(r[0], r[1]): r[6] or "" for r in rows}
    merged = merge_article_entities((r[:5] for r in rows), people.value, written, aliases.value)
    for article_id, local_id, base, _type, _key, current, name, mentions, published in rows:
        target = merged.get((article_id, local_id), base)
        if target != current:
            yield "change", (article_id, local_id, current, target)
        yield "final", (target, article_id, name, mentions, published)


def _entity_stats(item: tuple[str, Iterable[Any]]) -> tuple[Any, ...]:
    """One corpus entity: its most frequent multi-word name (else most frequent name), its
    name variants, articles, mentions and dates (as the store's driver decides them)."""
    eid, rows = item
    articles: set[str] = set()
    mentions = 0
    variants: Counter[str] = Counter()
    dates: list[str] = []
    for article_id, name, n_mentions, published in rows:
        articles.add(article_id)
        mentions += n_mentions or 0
        variants[name or ""] += 1
        if published is not None:
            dates.append(published)
    best = sorted(variants.items(), key=lambda kv: (len(kv[0].split()) < 2, -kv[1], kv[0]))
    name = best[0][0] if best else eid
    return (
        eid,
        name,
        _dumps([n for n, _ in best][:50]),
        len(articles),
        int(mentions),
        min(dates) if dates else None,
        max(dates) if dates else None,
        sorted(variants),
    )


def _aliases(stats: tuple[Any, ...]) -> Iterator[tuple[str, str]]:
    from claimgraph.analysis.text import fold, name_key

    eid, variants = stats[0], stats[-1]
    for variant in variants:
        for alias in {fold(variant), name_key(variant)} - {""}:
            yield alias[:300], eid


def merge_entities(spark: Any, directory: str) -> dict[str, int]:
    from pyspark import StorageLevel

    from claimgraph.analysis.entities import corpus_id, person_index

    sc = spark.sparkContext
    ae = spark.read.parquet(f"{directory}/article_entities")
    people_rows = ae.where("type = 'PERSON'").select("type", "key").distinct().toLocalIterator()
    people = person_index((corpus_id(r[0] or "", r[1] or ""), r[0], r[1]) for r in people_rows)
    people_b = sc.broadcast(people)
    learned = (
        ae.where("type != 'PERSON'")  # as SQL: a NULL type is neither
        .select("article_id", "local_id", "type", "key", "entity_id", "name")
        .rdd.groupBy(lambda r: r[0])
        .flatMap(lambda kv: _learned(kv[1]))
        .reduceByKey(lambda a, b: a | b)
    )
    aliases_b = sc.broadcast(dict(learned.toLocalIterator()))
    decided = (
        ae.select(
            "article_id", "local_id", "type", "key", "entity_id", "name", "n_mentions", "published"
        )
        .rdd.groupBy(lambda r: r[0])
        .flatMap(lambda kv: _merged(kv[1], people_b, aliases_b))
    )
    decided.persist(StorageLevel.MEMORY_AND_DISK)
    try:
        changes = decided.filter(lambda x: x[0] == "change").map(lambda x: x[1])
        n_changes = _write(spark, changes, "entity_changes", directory)
        stats = (
            decided.filter(lambda x: x[0] == "final")
            .map(lambda x: (x[1][0], x[1][1:]))
            .groupByKey()
            .map(_entity_stats)
        )
        stats.persist(StorageLevel.MEMORY_AND_DISK)
        n_entities = _write(spark, stats.map(lambda s: s[:-1]), "entities", directory)
        _write(spark, stats.flatMap(_aliases).distinct(), "entity_aliases", directory)
        stats.unpersist()
    finally:
        decided.unpersist()
        people_b.unpersist()
        aliases_b.unpersist()
    return {"entities": n_entities, "merged_mentions": n_changes}


# -- stories -----------------------------------------------------------------------------------


def group_stories(spark: Any, directory: str) -> dict[str, int]:
    from pyspark.sql import functions as F
    from pyspark.sql.window import Window

    from claimgraph.analysis.stories import StoryClusters

    articles = spark.read.parquet(f"{directory}/articles")
    copies = spark.read.parquet(f"{directory}/analysis/duplicates")
    originals = articles.join(copies.select("id"), "id", "left_anti").select(
        "id", "published", "terms"
    )
    # document frequency of terms over the originals (terms seen twice or more: a term of
    # one article never links two, StoryClusters reads it as rare either way)
    terms = originals.select(
        F.explode(F.map_keys(F.from_json("terms", "map<string,double>"))).alias("term")
    )
    df: Counter[str] = Counter()
    for term, count in terms.groupBy("term").count().where("count > 1").toLocalIterator():
        df[term] = int(count)
    n = originals.count()
    clusters = StoryClusters(df, n)
    day = F.when(F.length("published") >= 10, F.substring("published", 1, 10)).otherwise("")
    ordered = originals.orderBy(day, "id")
    own_path = f"{directory}/analysis/original_stories"
    with tempfile.TemporaryFile("w+", encoding="utf-8") as seen:
        # article numbers in a local file, not in memory; written from here in chunks
        for article_id, published, article_terms in ordered.toLocalIterator():
            clusters.add(article_id, published, json.loads(article_terms or "{}"))
            seen.write(article_id + "\n")
        clusters.finish()
        seen.seek(0)
        write_parquet(own_path, ANALYSIS_TABLES["article_stories"], _story_rows(seen, clusters))
    own = spark.read.parquet(own_path)
    of_copies = (
        copies.select("id", "duplicate_of")
        .join(own.withColumnRenamed("id", "duplicate_of"), "duplicate_of")
        .select("id", "story")
    )
    stories = own.unionByName(of_copies)
    n_articles = _write(spark, stories, "article_stories", directory)
    stories = spark.read.parquet(f"{directory}/analysis/article_stories")
    dated = stories.join(articles.select("id", "title", "published", "outlet"), "id")
    rank = F.row_number().over(
        Window.partitionBy("story").orderBy(F.coalesce("published", F.lit("9999")), "id")
    )
    titles = dated.withColumn("rank", rank).where("rank = 1").select("story", "title")
    stats = dated.groupBy("story").agg(
        F.count(F.lit(1)).alias("n_articles"),
        F.countDistinct(F.when(F.col("outlet") != "", F.col("outlet"))).alias("n_outlets"),
        F.min("published").alias("first_published"),
        F.max("published").alias("last_published"),
    )
    rows = stats.join(titles, "story").select(
        F.col("story").alias("id"),
        "title",
        F.col("n_articles").cast("long"),
        F.col("n_outlets").cast("long"),
        "first_published",
        "last_published",
    )
    n_stories = _write(spark, rows, "stories", directory)
    multi = spark.read.parquet(f"{directory}/analysis/stories").where("n_articles > 1").count()
    return {"stories": n_stories, "stories_multi": int(multi), "story_articles": n_articles}


def write_parquet(path: str, cols: list[tuple[str, str]], rows: Iterable[tuple[Any, ...]]) -> None:
    """Rows from the driver as one Parquet file under ``path`` (a folder, replaced), in
    chunks (pyarrow's file systems: local paths, hdfs://, s3:// ...)."""
    import os

    import pyarrow as pa
    import pyarrow.parquet as pq
    from pyarrow import fs as pafs

    kinds = {"string": pa.string(), "long": pa.int64(), "double": pa.float64()}
    schema = pa.schema([(name, kinds[kind]) for name, kind in cols])
    if "://" in path:
        filesystem, folder = pafs.FileSystem.from_uri(path)
    else:
        filesystem, folder = pafs.LocalFileSystem(), os.path.abspath(path)
    filesystem.create_dir(folder, recursive=True)
    filesystem.delete_dir_contents(folder)

    def table(chunk: list[tuple[Any, ...]]) -> Any:
        return pa.Table.from_pylist(
            [dict(zip(schema.names, r, strict=True)) for r in chunk], schema
        )

    with pq.ParquetWriter(f"{folder}/part-00000.parquet", schema, filesystem=filesystem) as out:
        chunk: list[tuple[Any, ...]] = []
        for row in rows:
            chunk.append(row)
            if len(chunk) >= CHUNK:
                out.write_table(table(chunk))
                chunk.clear()
        out.write_table(table(chunk))


def _story_rows(seen: Any, clusters: Any) -> Iterator[tuple[str, str]]:
    for i, line in enumerate(seen):
        yield line.rstrip("\n"), clusters.story(i)


def run_analyse(spark: Any, directory: str) -> dict[str, Any]:
    """Duplicates, corpus entities, stories and claims over ``directory``; seconds and
    counts."""
    from claimgraph.spark.claims import align_claims

    directory = directory.rstrip("/")
    seconds: dict[str, float] = {}
    counts: dict[str, int] = {}
    for name, step in (
        ("duplicates", lambda: {"duplicates": find_duplicates(spark, directory)}),
        ("entities", lambda: merge_entities(spark, directory)),
        ("stories", lambda: group_stories(spark, directory)),
        ("claims", lambda: align_claims(spark, directory)),
    ):
        start = time.perf_counter()
        counts.update(step())
        seconds[name] = round(time.perf_counter() - start, 3)
        log.info("spark analyse %s: %.2fs", name, seconds[name])
    return {"seconds": seconds, "counts": counts}
