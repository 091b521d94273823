"""claimgraph on Spark: the same extraction and corpus steps as Spark jobs, past one machine.

- :func:`extract` (``claimgraph spark extract``): input files -> Parquet tables;
- :func:`analyse` (``claimgraph spark analyse``): the cross-article steps over them;
- :func:`load` (``claimgraph load``): the tables into an SQLite or PostgreSQL store.

pyspark is optional (``pip install 'claimgraph[spark]'``) and imported only when a job
starts; :mod:`claimgraph.spark.loading` needs only pyarrow.
"""

from __future__ import annotations

from typing import Any


def extract(
    inputs: list[str], out: str, *, master: str | None = None, partitions: int | None = None
) -> dict[str, Any]:
    """Run :func:`claimgraph.spark.extraction.run_extract` in the active (or a new) session."""
    from claimgraph.spark.extraction import run_extract
    from claimgraph.spark.session import get_session

    return run_extract(get_session(master), inputs, out, partitions=partitions)


def analyse(directory: str, *, master: str | None = None) -> dict[str, Any]:
    """Run :func:`claimgraph.spark.analysis.run_analyse` in the active (or a new) session."""
    from claimgraph.spark.analysis import run_analyse
    from claimgraph.spark.session import get_session

    return run_analyse(get_session(master), directory)


def load(directory: str, db: str, **options: Any) -> dict[str, Any]:
    """:func:`claimgraph.spark.loading.load_tables` into the store at ``db``."""
    from claimgraph.spark.loading import load_tables
    from claimgraph.store import open_store

    with open_store(db) as store:
        return load_tables(store, directory, **options)


__all__ = ["analyse", "extract", "load"]
