"""The click command every scored evaluation shares: ``--path``, ``--limit``, ``--format``.

``evaluate(path, limit) -> dict`` computes the scores, ``render(dict) -> str`` the table; a
missing data folder (BenchmarkDataMissing) is a skip message on stderr and exit status 0.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from claimgraph.errors import BenchmarkDataMissing


def scored_command(
    name: str,
    evaluate: Callable[[Path | None, int | None], dict[str, Any]],
    render: Callable[[dict[str, Any]], str],
    *,
    help: str,
    path_help: str,
    limit_help: str,
) -> click.Command:
    """A ``claimgraph eval NAME`` command around ``evaluate`` and ``render``."""

    @click.command(name=name, help=help)
    @click.option("--path", type=click.Path(path_type=Path), help=path_help)
    @click.option("--limit", type=int, default=None, help=limit_help)
    @click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table")
    def command(path: Path | None, limit: int | None, fmt: str) -> None:
        try:
            result = evaluate(path, limit)
        except BenchmarkDataMissing as exc:
            click.echo(f"skipped: {exc}", err=True)
            return
        click.echo(json.dumps(result, indent=2) if fmt == "json" else render(result))

    return command
