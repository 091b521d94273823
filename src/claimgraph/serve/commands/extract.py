"""`claimgraph extract`: files or folders in, records out (summary, json or jsonl)."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TextIO

import click

from claimgraph.clean.unicode import path_text
from claimgraph.errors import ClaimgraphError
from claimgraph.serve.render import render_summary


def _published(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    from claimgraph.ingest.metadata import parse_published

    if value is None:
        return None
    try:
        return parse_published(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from exc


def metadata_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """--published, --outlet and --title: metadata for inputs that carry none (plain text)."""
    command = click.option(
        "--title", help="Title for inputs without one (a sidecar or the page's wins)."
    )(command)
    command = click.option(
        "--outlet", help="Outlet (publisher) for inputs without one, e.g. 'Halvar Post'."
    )(command)
    return click.option(
        "--published",
        callback=_published,
        metavar="DATE",
        help="Publication date (YYYY-MM-DD) for inputs without one: relative dates "
        "('on Sunday', 'last week') are resolved against it.",
    )(command)


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
@metadata_options
def extract(
    paths: tuple[Path, ...],
    fmt: str,
    output: TextIO,
    published: str | None,
    outlet: str | None,
    title: str | None,
) -> None:
    """Extract statements, entities and numbers from articles (.txt, .html, .htm).

    A plain-text file takes its date, outlet and title from a sidecar NAME.txt.meta.json
    ({"published": "2026-03-09", "outlet": "...", "title": "..."}) or from --published,
    --outlet and --title (which fill what an input lacks).
    """
    from claimgraph.ingest.files import iter_paths
    from claimgraph.ingest.metadata import undated_message, with_defaults
    from claimgraph.pipeline import extract_documents

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
        documents = with_defaults(
            iter_paths(present),
            published=published,
            outlet=outlet,
            title=title,
            on_undated=lambda source, expression: click.echo(
                f"claimgraph: {undated_message(source, expression)}", err=True
            ),
        )
        for record in extract_documents(documents, on_error):
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
