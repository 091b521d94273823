"""The SparkSession of a claimgraph job (pyspark is imported here, when a job starts).

Under ``spark-submit`` the master and the resources come from the submit command and are
left alone; run as a plain command (``claimgraph spark extract``), the job starts Spark in
local mode on this machine (``--master local[N]``, default ``local[*]``).
"""

from __future__ import annotations

import os
import sys
from typing import Any

from claimgraph.errors import ClaimgraphError


class SparkUnavailableError(ClaimgraphError):
    """pyspark or a Java runtime is missing."""


def require_pyspark() -> None:
    """SparkUnavailableError with what to install when pyspark cannot be imported."""
    try:
        import pyspark  # noqa: F401
    except ImportError as exc:
        raise SparkUnavailableError(
            "the Spark commands need pyspark and Java 17: pip install 'claimgraph[spark]' "
            "and a Java runtime (Debian: apt-get install openjdk-17-jre-headless)"
        ) from exc


def get_session(master: str | None = None, *, app: str = "claimgraph") -> Any:
    """The active SparkSession, or a new one (``master``: e.g. ``local[2]``; None keeps the
    one spark-submit set, else ``local[*]``)."""
    require_pyspark()
    from pyspark.sql import SparkSession

    active = SparkSession.getActiveSession()
    if active is not None and master is None:
        return active
    builder = SparkSession.builder.appName(app)
    # spark-submit starts this Python from its JVM (which passes the gateway's port)
    submitted = "PYSPARK_GATEWAY_PORT" in os.environ
    if master is not None or not submitted:
        master = master or "local[*]"
        builder = builder.master(master)
        if master.startswith("local"):
            # the executors' Python is this one (where claimgraph is installed)
            os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
            builder = (
                builder.config("spark.ui.enabled", "false")
                .config("spark.ui.showConsoleProgress", "false")
                .config("spark.driver.memory", os.environ.get("CLAIMGRAPH_SPARK_MEMORY", "1g"))
                .config("spark.sql.shuffle.partitions", str(2 * _local_cores(master)))
            )
    try:
        session = builder.getOrCreate()
    except Exception as exc:  # no Java: py4j's "Java gateway process exited"
        raise SparkUnavailableError(f"Spark could not start: {exc}") from exc
    session.sparkContext.setLogLevel("WARN")
    return session


def _local_cores(master: str) -> int:
    """The worker threads of a local master (local, local[2], local[*], local[4,2])."""
    inside = master[master.find("[") + 1 : master.find("]")] if "[" in master else "1"
    count = inside.split(",")[0]
    return (os.cpu_count() or 1) if count == "*" else max(1, int(count))
