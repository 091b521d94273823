"""Spark helpers shared by the analysis jobs: writing a decision table, and the connected
components of a graph given as an RDD of edges."""

from __future__ import annotations

import logging
from typing import Any

from claimgraph.spark.extraction import spark_schema
from claimgraph.spark.tables import ANALYSIS_TABLES

log = logging.getLogger(__name__)

#: Label propagation rounds at most (a component of copies is a star around the group's
#: first member: two or three rounds in practice)
MAX_ROUNDS = 50


def write_table(spark: Any, rows: Any, table: str, directory: str) -> int:
    """Write an RDD of tuples (or a DataFrame) as ``DIR/analysis/<table>``; its row count."""
    path = f"{directory}/analysis/{table}"
    frame = rows
    if not hasattr(rows, "write"):
        frame = spark.createDataFrame(rows, spark_schema(ANALYSIS_TABLES[table]))
    frame.write.mode("overwrite").parquet(path)
    return int(spark.read.parquet(path).count())


def components(spark: Any, edges: Any, max_rounds: int = MAX_ROUNDS) -> Any:
    """(node, component label: the least node id) of every node of ``edges`` (an RDD of
    pairs), by label propagation until nothing changes: DataFrames (no Python in the loop),
    each round's labels checkpointed, so a round reads the last one and not its history.
    Stopping at ``max_rounds`` with labels still changing is an error (a component would be
    split)."""
    from pyspark import StorageLevel
    from pyspark.sql import functions as F
    from pyspark.sql import types as T

    pair = T.StructType(
        [T.StructField("src", T.StringType()), T.StructField("dst", T.StringType())]
    )
    one_way = spark.createDataFrame(edges, pair)
    both = one_way.unionByName(one_way.select(F.col("dst").alias("src"), F.col("src").alias("dst")))
    both = both.distinct().persist(StorageLevel.MEMORY_AND_DISK)
    labels = both.select(F.col("src").alias("node"), F.col("src").alias("label")).distinct()
    labels = labels.localCheckpoint(eager=True)
    changed = 0
    for round_ in range(max_rounds):
        offered = both.join(labels, both.src == labels.node).select(
            both.dst.alias("node"), labels.label
        )
        fresh = (
            labels.unionByName(offered)
            .groupBy("node")
            .agg(F.min("label").alias("label"))
            .localCheckpoint(eager=True)
        )
        old = labels.withColumnRenamed("label", "old")
        changed = fresh.join(old, "node").where(F.col("label") != F.col("old")).count()
        labels = fresh
        log.info("components: label round %d, %d changed", round_ + 1, changed)
        if not changed:
            break
    both.unpersist()
    if changed:
        raise RuntimeError(f"components: labels still changing after {max_rounds} rounds")
    return labels.rdd.map(lambda r: (r[0], r[1]))
