"""The driver script for ``spark-submit``: ``claimgraph spark ARGS...`` on a cluster.

    spark-submit --master yarn ... "$(python -c 'import claimgraph.serve.spark_submit as m;
        print(m.__file__)')" extract hdfs:///crawl/ --out hdfs:///claimgraph/run1

The master, executors and resources come from spark-submit (``--master`` here would
replace them); the arguments are those of ``claimgraph spark`` (extract, analyse).
"""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> None:
    from claimgraph.serve.cli import cli

    cli.main(args=["spark", *(sys.argv[1:] if argv is None else argv)], prog_name="claimgraph")


if __name__ == "__main__":
    main()
