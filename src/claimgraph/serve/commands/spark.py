"""Spark commands: ``spark extract``, ``spark analyse`` (a group) and ``load``.

Thin: parse arguments, call one function of :mod:`claimgraph.spark`, print its report.
pyspark is imported only when a Spark command runs (``load`` needs none).
"""

from __future__ import annotations

import json
from typing import Any

import click

from claimgraph.serve.commands.corpus import db_option, format_option, user_errors

ERRORS_SHOWN = 50  # input errors of the extract job printed by load (all are in DIR/errors)

master_option = click.option(
    "--master",
    default=None,
    metavar="URL",
    help="Spark master, e.g. local[2] (default: the one spark-submit sets, else local[*]).",
)


def _print_counts(title: str, counts: dict[str, Any], fmt: str) -> None:
    if fmt == "json":
        click.echo(json.dumps(counts, ensure_ascii=False, indent=2, default=str))
        return
    click.echo(title)
    for name, value in counts.items():
        if not isinstance(value, dict | list):
            click.echo(f"  {name:<18} {value}")


@click.group()
def spark() -> None:
    """Extraction and corpus analysis as Spark jobs (needs pip install 'claimgraph[spark]'
    and Java 17). Submit to a cluster with spark-submit, or run locally."""


@spark.command("extract")
@click.argument("inputs", nargs=-1, required=True)
@click.option(
    "--out", "out", required=True, metavar="DIR", help="Output folder or URL (Parquet tables)."
)
@click.option(
    "--partitions",
    type=click.IntRange(1, 1_000_000),
    default=None,
    help="Extraction tasks (default: twice the cluster's cores).",
)
@master_option
@format_option
@user_errors
def extract_command(
    inputs: tuple[str, ...], out: str, partitions: int | None, master: str | None, fmt: str
) -> None:
    """Extract INPUT... (files, folders or Hadoop URLs: .txt, .html, .jsonl, RSS/Atom,
    .warc(.gz)) into Parquet tables under DIR: articles, statements, quantities, entities,
    events, lsh_bands, article_entities, entity_aliases, and errors (each bad input with its
    location; the job does not fail on them)."""
    from claimgraph.spark import extract

    counts = extract(list(inputs), out, master=master, partitions=partitions)
    _print_counts(f"claimgraph: extracted into {out}", counts, fmt)


@spark.command("analyse")
@click.argument("directory", metavar="DIR")
@master_option
@format_option
@user_errors
def analyse_command(directory: str, master: str | None, fmt: str) -> None:
    """The cross-article steps over the tables of `spark extract` in DIR: duplicates (LSH
    band keys), corpus entities, stories, claims and contradictions. Writes DIR/analysis/;
    `claimgraph load` applies it."""
    from claimgraph.spark import analyse

    report = analyse(directory, master=master)
    _print_counts(f"claimgraph: analysed {directory}", report["counts"], fmt)


@click.command("load")
@click.argument("directory", metavar="DIR")
@db_option
@click.option("--no-analyse", is_flag=True, help="Skip the cross-article steps.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
@format_option
@user_errors
def load_command(directory: str, db: str | None, no_analyse: bool, quiet: bool, fmt: str) -> None:
    """Bulk-load the Parquet tables of `claimgraph spark extract` (and `spark analyse`) in
    DIR into the store, so `claimgraph serve` works on them. Articles already stored are
    skipped; the cross-article steps run at the end (Spark's decisions applied on a new
    store)."""
    from claimgraph.settings import get_settings
    from claimgraph.spark import load

    report = load(
        directory, db or get_settings().database_url, analyse=not no_analyse, progress=not quiet
    )
    if fmt == "json":
        click.echo(json.dumps(report, ensure_ascii=False, indent=2, default=str))
    else:
        added = report["added"]
        click.echo(
            f"{added.get('articles', 0)} articles loaded, {report['skipped_existing']} already "
            f"stored, {added.get('statements', 0)} statements, {len(report['errors'])} input "
            "errors in the extract job"
        )
        steps = (report.get("analysis") or {}).get("steps") or {}
        if steps:
            click.echo("analysis: " + ", ".join(f"{k} ({v})" for k, v in steps.items()))
    shown = report["errors"][:ERRORS_SHOWN]
    for error in shown:
        click.echo(f"claimgraph: {error['error']}", err=True)
    if len(report["errors"]) > len(shown):
        more = len(report["errors"]) - len(shown)
        click.echo(f"claimgraph: ... and {more} more input errors in {directory}/errors", err=True)


COMMANDS = [spark, load_command]
