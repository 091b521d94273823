"""Corpus commands: ingest, analyse, stories, claims, contradictions, entity, export.

Each command opens the store named by ``--db`` (default settings.database_url, env
CLAIMGRAPH_DATABASE_URL), calls one library function and prints its data as text or, with
``--format json``, as JSON.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any

import click

from claimgraph.errors import ClaimgraphError
from claimgraph.serve.commands.extract import metadata_options


def _default_db() -> str:
    from claimgraph.settings import get_settings

    return get_settings().database_url


db_option = click.option(
    "--db",
    "db",
    default=None,
    metavar="URL",
    help="Database URL: sqlite:///file.db (default: claimgraph.db) or postgresql://...",
)
format_option = click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
)
# Bounded like the web's ?limit= and ?offset=: SQLite integers are 64-bit, and 2**63 was an
# OverflowError traceback; out of range is a one-line usage error.
limit_option = click.option(
    "--limit", type=click.IntRange(0, 100_000), default=20, show_default=True
)
offset_option = click.option(
    "--offset", type=click.IntRange(0, 10**9), default=0, show_default=True
)


#: Default extraction processes of `ingest`: one per core, at most this many
MAX_DEFAULT_JOBS = 4


def open_db(db: str | None) -> Any:
    from claimgraph.store import open_store

    return open_store(db or _default_db())


def user_errors(func: Callable[..., Any]) -> Callable[..., Any]:
    """ClaimgraphError, and a database error (a store locked by another writer past
    busy_timeout, a read-only store file) -> a one-line message and exit status 1 (no
    traceback, no SQL or article text)."""
    from sqlalchemy.exc import DBAPIError

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except ClaimgraphError as exc:
            raise click.ClickException(str(exc)) from exc
        except DBAPIError as exc:
            from claimgraph.store.sql import db_message

            raise click.ClickException(f"store error: {db_message(exc)}") from exc

    return wrapper


def _json(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))


def shorten(text: str | None, width: int = 90) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= width else text[: width - 1] + "…"


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@db_option
@click.option("--no-analyse", is_flag=True, help="Skip the cross-article steps at the end.")
@click.option("--reextract", is_flag=True, help="Re-extract articles of an older extractor.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
@click.option(
    "--workers",
    "--jobs",
    "-j",
    "jobs",
    type=click.IntRange(1, 64),
    default=None,
    help="Extraction worker processes feeding one writer (default: one per core, at most "
    "4; each loads the model once, about 0.5-1 GB). Records are stored in input order with "
    "the same ids whatever the number.",
)
@metadata_options
@format_option
@user_errors
def ingest(
    paths: tuple[Path, ...],
    db: str | None,
    no_analyse: bool,
    reextract: bool,
    quiet: bool,
    jobs: int | None,
    published: str | None,
    outlet: str | None,
    title: str | None,
    fmt: str,
) -> None:
    """Store articles from files, folders, .jsonl, RSS/Atom and .warc(.gz) files.

    Re-running adds only what is new; bad inputs are reported with their location and
    skipped (exit status 1 when any failed). The cross-article analysis runs at the end.
    Plain text takes its date, outlet and title from a NAME.txt.meta.json sidecar or from
    --published, --outlet and --title (which fill what an input lacks).
    """
    from claimgraph.corpus import ingest_documents
    from claimgraph.corpus import reextract as run_reextract
    from claimgraph.ingest.metadata import undated_message, with_defaults
    from claimgraph.ingest.sources import iter_sources

    if not paths and not reextract:
        raise click.UsageError("give PATH... to ingest, or --reextract")

    def on_error(source: str, exc: ClaimgraphError) -> None:
        message = str(exc)
        if not message.startswith(source):
            message = f"{source}: {message}"
        from tqdm import tqdm

        # above the progress bar, not glued to it
        tqdm.write(f"claimgraph: skipped {message}", file=sys.stderr)

    with open_db(db) as store:
        report: dict[str, Any] = {"added": 0, "skipped_existing": 0, "failed": []}
        if paths:
            jobs = jobs or min(os.cpu_count() or 1, MAX_DEFAULT_JOBS)
            from tqdm import tqdm

            documents = with_defaults(
                iter_sources(paths),
                published=published,
                outlet=outlet,
                title=title,
                on_undated=lambda source, expression: tqdm.write(
                    f"claimgraph: {undated_message(source, expression)}", file=sys.stderr
                ),
            )
            report = ingest_documents(
                store, documents, on_error=on_error, progress=not quiet, jobs=jobs
            )
        if reextract:
            again = run_reextract(store, on_error=on_error, progress=not quiet)
            report["reextracted"] = again["reextracted"]
            report["failed"].extend(again["failed"])
        if not no_analyse:
            report["analysis"] = store.analyse()
        report["counts"] = store.counts()
    if fmt == "json":
        _json(report)
    else:
        line = f"{report['added']} added, {report['skipped_existing']} already stored"
        if "reextracted" in report:
            line += f", {report['reextracted']} re-extracted"
        line += f", {len(report['failed'])} failed"
        click.echo(line)
        c = report["counts"]
        click.echo(
            f"store: {c['articles']} articles ({c['duplicates']} copies), {c['statements']} "
            f"statements, {c['entities']} entities, {c['stories']} stories, {c['claims']} "
            f"claims, {c['contradictions']} contradictions"
        )
    if report["failed"]:
        sys.exit(1)


@click.command()
@db_option
@format_option
@user_errors
def analyse(db: str | None, fmt: str) -> None:
    """Run the cross-article steps: duplicates, stories, entities, claims, contradictions."""
    with open_db(db) as store:
        result = store.analyse()
    if fmt == "json":
        _json(result)
        return
    for step, seconds in result["seconds"].items():
        click.echo(f"{step:<12} {seconds:8.2f}s")
    click.echo(", ".join(f"{v} {k}" for k, v in result["counts"].items()))


@click.command()
@db_option
@format_option
@limit_option
@offset_option
@click.option("--min-articles", type=int, default=2, show_default=True)
@user_errors
def stories(db: str | None, fmt: str, limit: int, offset: int, min_articles: int) -> None:
    """Articles grouped by the event they report (largest first)."""
    with open_db(db) as store:
        page = store.stories(limit=limit, offset=offset)
        page["items"] = [s for s in page["items"] if s["n_articles"] >= min_articles]
        for story in page["items"]:
            story["articles"] = store.articles(story=story["id"], limit=10)["items"]
        analysed = store.get_meta("analysed_at")
    if fmt == "json":
        _json(page)
        return
    if not page["items"]:
        if analysed:
            click.echo(
                f"no stories of {min_articles} or more articles (analysed {analysed}: "
                "no event was reported by that many articles)"
            )
        else:
            click.echo("no stories with several articles (run `claimgraph analyse`?)")
    for s in page["items"]:
        click.echo(
            f"{s['id']}  {s['n_articles']} articles, {s['n_outlets']} outlets, "
            f"{(s['first_published'] or '?')[:10]} .. {(s['last_published'] or '?')[:10]}"
        )
        click.echo(f"  {shorten(s['title'])}")
        for a in s["articles"]:
            copy = " (copy)" if a.get("duplicate_of") else ""
            click.echo(
                f"    {a['published'] or '?':<10.10} {shorten(a['outlet'] or '-', 24):<24} "
                f"{shorten(a['title'], 60)}{copy}"
            )


@click.command()
@db_option
@format_option
@limit_option
@offset_option
@click.option("--about", help="An entity name or alias, or words of the claim.")
@click.option("--since", help="Only claims seen on or after this date (ISO).")
@click.option("--until", help="Only claims first seen on or before this date (ISO).")
@click.option("--kind", type=click.Choice(["statement", "quantity"]))
@click.option("--contradicted", is_flag=True, help="Only claims with a contradiction.")
@user_errors
def claims(
    db: str | None,
    fmt: str,
    limit: int,
    offset: int,
    about: str | None,
    since: str | None,
    until: str | None,
    kind: str | None,
    contradicted: bool,
) -> None:
    """The same claim across articles, with its independent sources and echoes."""
    with open_db(db) as store:
        page = store.claims(
            about=about,
            since=since,
            until=until,
            kind=kind,
            contradicted=True if contradicted else None,
            limit=limit,
            offset=offset,
        )
    if fmt == "json":
        _json(page)
        return
    click.echo(f"{page['total']} claims")
    for c in page["items"]:
        flag = "  CONTRADICTED" if c.get("contradicted") else ""
        # one source in several articles: a text and its reprints, nothing corroborated
        echo = "  (echo: one source)" if c["n_sources"] < 2 else ""
        click.echo(
            f"{c['id']}  [{c['kind']}] {c['n_sources']} independent source(s), "
            f"{c['n_articles']} articles, first {c['first_published'] or '?'}{flag}{echo}"
        )
        click.echo(f"  {shorten(c['label'])}")
        for step in c.get("timeline") or []:
            what = (
                f"{step['value']:g} ({step['approx']})"
                if step.get("value") is not None
                else step.get("modality") or ""
            )
            again = f" (+{step['repeats']} repeats)" if step.get("repeats") else ""
            click.echo(
                f"    {step['published'] or '?':<10.10} {shorten(step['outlet'] or '-', 24):<24} "
                f"{step['change']}: {what}{again}"
            )
        for echo in (c.get("echoes") or [])[:5]:
            click.echo(f"    echo: {echo['outlet'] or '-'} <- {echo['source']}")


def _side(side: dict[str, Any]) -> str:
    what = side.get("text") or ""
    who = side.get("speaker") or "unattributed"
    return (
        f"{shorten(what, 60)!r} — {who}, {side.get('outlet') or '-'}, "
        f"{side.get('published') or '?'}"
        + (f" [{side['modality']}]" if side.get("modality") else "")
    )


@click.command()
@db_option
@format_option
@limit_option
@offset_option
@user_errors
def contradictions(db: str | None, fmt: str, limit: int, offset: int) -> None:
    """Claims that disagree: numbers beyond their stated approximation, or confirmed vs
    denied, with both sides, speakers, outlets and dates."""
    with open_db(db) as store:
        page = store.contradictions(limit=limit, offset=offset)
    if fmt == "json":
        _json(page)
        return
    click.echo(f"{page['total']} contradictions")
    for x in page["items"]:
        click.echo(f"{x['id']}  [{x['kind']}] {shorten((x.get('claim') or {}).get('label'), 70)}")
        click.echo(f"   A: {_side(x['a'])}")
        click.echo(f"   B: {_side(x['b'])}")


@click.command()
@click.argument("name")
@db_option
@format_option
@user_errors
def entity(name: str, db: str | None, fmt: str) -> None:
    """One entity across the corpus: aliases, statements by and about it, co-occurring
    entities, mention timeline."""
    with open_db(db) as store:
        data = store.entity(name)
    if data is None:
        raise click.ClickException(f"no entity named {name!r} in the store")
    if fmt == "json":
        _json(data)
        return
    click.echo(f"{data['name']} ({data['type']}, {data['id']})")
    click.echo(f"  aliases: {', '.join(data.get('aliases') or [])}")
    click.echo(
        f"  {data['n_articles']} articles, {data['n_mentions']} mentions, "
        f"{data.get('first_seen') or '?'} .. {data.get('last_seen') or '?'}"
    )
    co = ", ".join(f"{c['name']} ({c['articles']})" for c in data["cooccurring"][:10])
    click.echo(f"  with: {co}")
    for title, key in (
        ("statements by", "statements_by"),
        ("statements about", "statements_about"),
    ):
        page = data[key]
        click.echo(f"  {title}: {page['total']}")
        for s in page["items"][:10]:
            click.echo(
                f"    {s['published'] or '?':<10.10} {shorten(s['outlet'] or '-', 20):<20} "
                f"{shorten(s['speaker'] or '-', 20)}: {shorten(s['content'], 70)}"
            )


@click.command()
@db_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["jsonl", "csv", "parquet"]),
    default="jsonl",
    show_default=True,
)
@click.option(
    "--what",
    default=None,
    help="records (jsonl only) or a table: articles, statements, quantities, entities, "
    "claims, contradictions, events. Default: records for jsonl, statements otherwise.",
)
@click.option("-o", "--output", type=click.Path(path_type=Path), default=None)
@user_errors
def export(db: str | None, fmt: str, what: str | None, output: Path | None) -> None:
    """Export the store as JSON Lines, CSV or Parquet."""
    from claimgraph.store.export import export as run_export

    what = what or ("records" if fmt == "jsonl" else "statements")
    if fmt == "parquet" and output is None:
        raise click.UsageError("parquet needs -o FILE")
    with open_db(db) as store:
        if output is None:
            n = run_export(store, fmt, what, sys.stdout)
        else:
            mode = "wb" if fmt == "parquet" else "w"
            kwargs: dict[str, Any] = (
                {} if fmt == "parquet" else {"encoding": "utf-8", "newline": ""}
            )
            with output.open(mode, **kwargs) as handle:
                n = run_export(store, fmt, what, handle)
    click.echo(f"claimgraph: exported {n} {what}", err=True)


COMMANDS = [ingest, analyse, stories, claims, contradictions, entity, export]
