"""``claimgraph spark extract``: input files -> records -> Parquet tables, as one Spark job.

Stages (nothing of the corpus passes through the driver):

1. list the inputs through Hadoop's file systems (``binaryFile``, folders recursively) and
   pair each file with its metadata sidecar (a shuffle keyed by the file's location);
2. read each file on an executor into documents (:mod:`claimgraph.spark.inputs`: the
   readers of ``claimgraph ingest``); a bad input, or a bad item of one, is an error row;
3. one document per content id (the first in input order, as ingest keeps it): a shuffle
   keyed by the id, which also spreads the documents over ``partitions`` tasks;
4. extract in ``mapPartitions`` (:func:`extract_partition`): the spaCy model is loaded once
   per executor Python process (``load_nlp`` is cached and Spark reuses its Python
   workers), documents stream through ``nlp.pipe``; each record becomes the rows of every
   table by the store's own :func:`~claimgraph.store.rows.build_rows`;
5. the rows are kept (memory and disk) and written table by table as Parquet; the corpus
   entity table takes, for each entity id, its first row in input order (what ingest's
   insert-if-absent keeps) and its aliases.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from claimgraph.errors import ClaimgraphError
from claimgraph.models import Document
from claimgraph.spark.inputs import InputFile, ReadError, input_file, read_file, sidecar_of
from claimgraph.spark.tables import ERRORS, EXTRACT_TABLES, ORDER_COLUMN, coerce, columns

Row = tuple[str, tuple[Any, ...]]  # (table, values in that table's column order)
ALIAS_LIMIT = 300  # characters of an alias key (the store's column)


def spark_type(kind: str) -> Any:
    from pyspark.sql import types as T

    return {
        "string": T.StringType(),
        "long": T.LongType(),
        "double": T.DoubleType(),
        "bool": T.BooleanType(),
        "binary": T.BinaryType(),
    }[kind]


def spark_schema(cols: Iterable[tuple[str, str]]) -> Any:
    from pyspark.sql import types as T

    return T.StructType([T.StructField(name, spark_type(kind), True) for name, kind in cols])


def _local_argument(argument: str) -> str:
    """An input as ingest would name its files: a local path normalised like ``Path``."""
    if "://" in argument or argument.startswith("file:"):
        return argument
    return str(Path(argument))


def list_inputs(spark: Any, inputs: list[str]) -> tuple[list[tuple[str, str]], list[ReadError]]:
    """(argument, resolved URI) of each input that exists; an error row for each that does
    not (as ingest reports it). Only metadata calls on the driver."""
    jvm = spark.sparkContext._jvm
    conf = spark.sparkContext._jsc.hadoopConfiguration()
    found: list[tuple[str, str]] = []
    missing: list[ReadError] = []
    for index, raw in enumerate(inputs):
        argument = _local_argument(raw)
        path = jvm.org.apache.hadoop.fs.Path(raw)
        try:
            fs = path.getFileSystem(conf)
            exists = fs.exists(path)
            uri = fs.makeQualified(path).toString() if exists else ""
        except Exception as exc:  # py4j: an unknown scheme, a refused connection
            missing.append(ReadError(f"{index:06d}", argument, f"{argument}: cannot read: {exc}"))
            continue
        if not exists:
            missing.append(
                ReadError(f"{index:06d}", argument, f"{argument}: no such file or directory")
            )
            continue
        found.append((argument, uri))
    return found, missing


def _file_entries(
    path: str, content: bytes, index: int, roots: list[tuple[str, str]]
) -> Iterator[tuple[str, tuple[str, Any, bytes]]]:
    """Key a listed file by the location of the article it belongs to (itself, or the file a
    sidecar describes), so a shuffle brings each file and its sidecar together."""
    base = sidecar_of(path)
    if base is not None:
        yield base, ("meta", None, content)
    argument, root = roots[index]
    file = input_file(path, root, argument, index)
    if file is not None:
        yield path, ("file", file, content)


def _read_group(
    entries: Iterable[tuple[str, InputFile | None, bytes]],
) -> Iterator[tuple[str, Document] | ReadError]:
    entries = list(entries)
    sidecar = next((content for kind, _, content in entries if kind == "meta"), None)
    for kind, file, content in entries:
        if kind == "file" and file is not None:
            yield from read_file(file, content, sidecar)


def document_id(document: Document) -> str:
    """The content id ingest gives a document (outlet, URL and text)."""
    from claimgraph.store.rows import article_id

    return article_id({"outlet": document.outlet, "url": document.url, "text": document.text})


def _first(a: tuple[str, Document], b: tuple[str, Document]) -> tuple[str, Document]:
    return a if a[0] <= b[0] else b


def extract_partition(items: Iterable[tuple[str, tuple[str, Document]]], now: str) -> Iterator[Row]:
    """(id, (order key, Document)) -> rows of every table, and error rows. Runs on an
    executor: the model is loaded once per Python worker process (``load_nlp`` is cached)."""
    from claimgraph.analysis.text import fold
    from claimgraph.pipeline import extract_pairs
    from claimgraph.store.rows import build_rows

    cols = {name: columns(name) for name in EXTRACT_TABLES}
    pending: dict[int, tuple[str, str]] = {}
    orders: dict[str, str] = {}
    failed: list[tuple[str, str]] = []

    def documents() -> Iterator[Document]:
        for aid, (order, document) in items:
            pending[id(document)] = (aid, order)
            orders.setdefault(document.source, order)
            yield document

    def on_error(source: str, exc: ClaimgraphError) -> None:
        failed.append((source, str(exc)))

    def errors() -> Iterator[Row]:
        while failed:
            source, error = failed.pop(0)
            yield "errors", (orders.get(source, ""), source, error)

    for document, record in extract_pairs(documents(), on_error=on_error, jobs=1):
        yield from errors()
        aid, order = pending.pop(id(document))
        data = record.to_dict()
        data["url"] = document.url
        data["id"] = aid
        try:
            tables = build_rows(data, now=now)
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            yield "errors", (order, document.source, f"bad record: {exc}")
            continue
        tables["articles"][0][ORDER_COLUMN] = order
        for name, rows in tables.items():
            for row in rows:
                yield name, coerce(row, cols[name])
        for position, row in enumerate(tables["article_entities"]):
            # first row of each corpus entity in input order, and its aliases (store._insert)
            entity = (row["name"], row["type"], row["key"])
            yield "_entity", (row["entity_id"], f"{order}\x02{position:06d}", entity)
            for alias in {fold(row["name"] or ""), row["key"] or ""}:
                if alias:
                    yield "_alias", (alias[:ALIAS_LIMIT], row["entity_id"])
    yield from errors()


def _entity_row(item: tuple[str, tuple[str, tuple[str, str, str]]]) -> tuple[Any, ...]:
    eid, (_, (name, type_, key)) = item
    row = {
        "id": eid,
        "name": name,
        "type": type_,
        "key": key,
        "aliases": json.dumps([name], ensure_ascii=False),
        "n_articles": 0,
        "n_mentions": 0,
    }
    return coerce(row, columns("entities"))


def run_extract(
    spark: Any, inputs: list[str], out: str, *, partitions: int | None = None
) -> dict[str, Any]:
    """Extract ``inputs`` (paths or Hadoop URLs of files and folders) into Parquet tables
    under ``out``; returns the row count of every table (errors included)."""
    from pyspark import StorageLevel

    sc = spark.sparkContext
    partitions = partitions or max(2, sc.defaultParallelism * 2)
    now = datetime.now(UTC).isoformat(timespec="seconds")
    roots, missing = list_inputs(spark, inputs)

    listed = None
    for index, (_, uri) in enumerate(roots):
        frame = (
            spark.read.format("binaryFile")
            .option("recursiveFileLookup", "true")
            .load(uri)
            .selectExpr("path", "content", f"{index} AS input")
        )
        listed = frame if listed is None else listed.unionByName(frame)

    read: Any = sc.emptyRDD()
    if listed is not None:
        roots_b = sc.broadcast(roots)
        read = (
            listed.rdd.flatMap(lambda r: _file_entries(r[0], r[1], r[2], roots_b.value))
            .groupByKey(partitions)
            .flatMap(lambda kv: _read_group(kv[1]))
        )
    read.persist(StorageLevel.MEMORY_AND_DISK)  # its errors and its documents: read once
    read_errors = read.filter(lambda x: isinstance(x, ReadError)).map(
        lambda e: ("errors", (e.order, e.source, e.error))
    )
    extracted = (
        read.filter(lambda x: not isinstance(x, ReadError))
        .map(lambda od: (document_id(od[1]), od))
        .reduceByKey(_first, partitions)
        .mapPartitions(lambda items: extract_partition(items, now))
    )
    early = sc.parallelize([("errors", (e.order, e.source, e.error)) for e in missing], 1)
    rows = sc.union([early, read_errors, extracted]).persist(StorageLevel.MEMORY_AND_DISK)
    counts: dict[str, Any] = {}
    try:
        for name in EXTRACT_TABLES:
            if name == "entities":
                table = (
                    rows.filter(lambda r: r[0] == "_entity")
                    .map(lambda r: (r[1][0], (r[1][1], r[1][2])))
                    .reduceByKey(lambda a, b: a if a[0] <= b[0] else b)
                    .map(_entity_row)
                )
            elif name == "entity_aliases":
                table = rows.filter(lambda r: r[0] == "_alias").map(lambda r: r[1]).distinct()
            else:
                table = rows.filter(lambda r, n=name: r[0] == n).map(lambda r: r[1])
            counts[name] = _write(spark, table, columns(name), f"{out}/{name}")
        errors = rows.filter(lambda r: r[0] == "errors").map(lambda r: r[1])
        counts["errors"] = _write(spark, errors, ERRORS, f"{out}/errors", sort="order")
    finally:
        rows.unpersist()
        read.unpersist()
    return counts


def _write(spark: Any, rdd: Any, cols: list[tuple[str, str]], path: str, sort: str = "") -> int:
    frame = spark.createDataFrame(rdd, spark_schema(cols), verifySchema=False)
    if sort:
        frame = frame.orderBy(sort)
    frame.write.mode("overwrite").parquet(path)
    return int(spark.read.parquet(path).count())
