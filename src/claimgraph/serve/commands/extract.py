"""`claimgraph extract`: files or folders in, records out (summary, json or jsonl)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from claimgraph.clean.unicode import path_text
from claimgraph.errors import ClaimgraphError
from claimgraph.serve.render import render_summary


def _unusable(path: Path) -> str | None:
    """Why ``path`` cannot be read at all (None when it can be tried): one bad name on the
    command line is skipped, the others are still extracted."""
    try:
        return None if path.exists() else "no such file or directory"
    except OSError as exc:  # a name too long, a folder without permission
        return f"cannot read: {exc.strerror}"


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["summary", "json", "jsonl"]),
    default="summary",
    show_default=True,
    help="summary: readable text; json: one indented record per input; jsonl: one per line.",
)
@click.option("-o", "--output", type=click.File("w", encoding="utf-8"), default="-")
def extract(paths: tuple[Path, ...], fmt: str, output: click.utils.LazyFile) -> None:
    """Extract statements, entities and numbers from articles (.txt, .html, .htm)."""
    from claimgraph.pipeline import extract_paths

    failures: list[str] = []

    def on_error(source: str, exc: ClaimgraphError) -> None:
        failures.append(source)
        click.echo(f"claimgraph: skipped {exc}", err=True)

    present = []
    for p in paths:
        problem = _unusable(p)
        if problem is None:
            present.append(p)
        else:
            failures.append(path_text(p))
            click.echo(f"claimgraph: skipped {path_text(p)}: {problem}", err=True)
    count = 0
    try:
        for record in extract_paths(present, on_error=on_error):
            count += 1
            data = record.to_dict()
            if fmt == "jsonl":
                output.write(json.dumps(data, ensure_ascii=False) + "\n")
            elif fmt == "json":
                output.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
            else:
                output.write(render_summary(record) + "\n")
            output.flush()
    except ClaimgraphError as exc:
        raise click.ClickException(str(exc)) from exc
    if failures:
        click.echo(f"claimgraph: {count} extracted, {len(failures)} failed", err=True)
        sys.exit(1)


COMMANDS = [extract]
