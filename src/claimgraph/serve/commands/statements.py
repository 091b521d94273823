"""`claimgraph statements`: statements by speaker, outlet, entity, kind, modality or date, as
a table or as the web's CSV / JSON export rows (names not ids, sentence, offsets, URLs)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from claimgraph.serve.commands.corpus import db_option, open_db, shorten, user_errors


@click.command()
@db_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "csv", "json"]),
    default="text",
    show_default=True,
    help="csv and json: one row per statement, names not ids, with the sentence, the "
    "offsets and the article's URL.",
)
@click.option("--limit", type=click.IntRange(0, 10_000), default=50, show_default=True)
@click.option("--speaker", help="A speaker: entity name, alias or surname.")
@click.option("--outlet", help="An outlet, exactly as named (see the web's outlet list).")
@click.option("--about", help="Statements mentioning this entity (any of its names).")
@click.option("-q", "--text", "q", help="Words in the statement (full-text search).")
@click.option("--kind", type=click.Choice(["direct", "indirect", "mixed"]))
@click.option(
    "--modality",
    type=click.Choice(["asserted", "estimated", "hedged", "denied", "future", "hypothetical"]),
)
@click.option("--since", help="Published on or after this date (ISO).")
@click.option("--until", help="Published on or before this date (ISO).")
@click.option("-o", "--output", type=click.Path(path_type=Path), default=None)
@user_errors
def statements(
    db: str | None, fmt: str, limit: int, output: Path | None, **filters: str | None
) -> None:
    """Statements: who said what, where and when (newest first)."""
    from claimgraph.serve.app import export as exports

    with open_db(db) as store:
        rows = list(exports.rows(store, "statements", limit=limit, **filters))
    if fmt == "text":
        text = "".join(
            f"{(r['published'] or '?')[:10]:<10} {shorten(r['outlet'] or '-', 20):<20} "
            f"{shorten(_speaker(r), 34):<34} {r['cue'] or '':<10.10} {shorten(r['content'], 80)}\n"
            for r in rows
        )
        if not rows:
            text = "no statements match\n"
    elif fmt == "csv":
        text = "".join(exports.as_csv("statements", iter(rows)))
    else:
        text = "".join(exports.as_json(iter(rows)))
    if output is None:
        click.echo(text, nl=False)
    else:
        output.write_text(text, encoding="utf-8", newline="")
        click.echo(f"claimgraph: wrote {len(rows)} statements to {output}", err=True)


def _speaker(row: dict[str, Any]) -> str:
    name, written = row.get("speaker") or "?", row.get("speaker_as_written")
    return f"{name} ({written})" if written and written != name else name


COMMANDS = [statements]
