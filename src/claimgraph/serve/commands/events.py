"""`claimgraph events`: events in the corpus store, filtered by type, place and date.

A thin command over :meth:`claimgraph.store.base.Store.events`: ``--type`` is a PLOVER type
(ASSAULT, PROTEST, ...), ``--near`` a place name (matched by name, or within
``settings.near_km`` of its geocoded position), ``--since``/``--until`` ISO dates of the
article.
"""

from __future__ import annotations

import json

import click

from claimgraph.errors import ClaimgraphError
from claimgraph.extract.events import PLOVER_TYPES, geocode
from claimgraph.settings import get_settings
from claimgraph.store.base import Page


def list_events(
    db: str | None = None,
    *,
    type: str | None = None,
    near: str | None = None,
    since: str | None = None,
    until: str | None = None,
    copies: bool = False,
    limit: int = 20,
    offset: int = 0,
) -> Page:
    """One page of events from the store at ``db`` (default: settings.database_url)."""
    from claimgraph.settings import get_settings
    from claimgraph.store import open_store

    store = open_store(db or get_settings().database_url)
    try:
        return store.events(
            type=type,
            near=near,
            since=since,
            until=until,
            copies=copies,
            limit=limit,
            offset=offset,
        )
    finally:
        store.close()


def _short(text: str | None, width: int) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= width else text[: width - 1] + "…"


def render_table(page: Page) -> str:
    items = page["items"]
    if not items:
        return "no events"
    lines = [
        f"{'date':10}  {'type':9}  {'modality':9}  {'actor':22}  {'trigger':14}  "
        f"{'target':22}  place"
    ]
    for ev in items:
        place = ev.get("place") or ""
        if ev.get("country"):
            place = f"{place} ({ev['country']})"
        if ev.get("distance_km") is not None:
            place = f"{place}, {ev['distance_km']} km"
        lines.append(
            f"{_short(ev.get('date') or ev.get('published'), 10):10}  "
            f"{_short(ev.get('type'), 9):9}  {_short(ev.get('modality'), 9):9}  "
            f"{_short(ev.get('actor'), 22):22}  {_short(ev.get('trigger'), 14):14}  "
            f"{_short(ev.get('target'), 22):22}  {_short(place, 40)}"
        )
        if ev.get("acled"):
            lines.append(f"{'':10}  ACLED: {ev['acled']}")
    shown = f"{page['offset'] + 1}-{page['offset'] + len(items)}"
    lines.append(f"\n{shown} of {page['total']} events")
    return "\n".join(lines)


@click.command(name="events")
@click.option(
    "--type",
    "type_",
    metavar="TYPE",
    help="PLOVER type: " + ", ".join(PLOVER_TYPES) + ".",
)
@click.option("--near", metavar="PLACE", help='A place name, e.g. "Kursk" or "Kursk region".')
@click.option("--since", metavar="DATE", help="Articles published on or after (ISO date).")
@click.option("--until", metavar="DATE", help="Articles published on or before (ISO date).")
@click.option(
    "--copies",
    is_flag=True,
    help="Also list the events of syndicated copies (by default only their originals').",
)
@click.option("--db", default=None, metavar="URL", help="Database URL (default: settings).")
@click.option("--limit", type=int, default=20, show_default=True)
@click.option("--offset", type=int, default=0, show_default=True)
@click.option(
    "--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True
)
def events(
    type_: str | None,
    near: str | None,
    since: str | None,
    until: str | None,
    copies: bool,
    db: str | None,
    limit: int,
    offset: int,
    fmt: str,
) -> None:
    """Events in the store (who did what to whom, where, when), with filters."""
    if type_ and type_.upper() not in PLOVER_TYPES:
        raise click.BadParameter(
            f"{type_!r} is not a PLOVER type ({', '.join(PLOVER_TYPES)})", param_hint="--type"
        )
    try:
        page = list_events(
            db,
            type=type_,
            near=near,
            since=since,
            until=until,
            copies=copies,
            limit=limit,
            offset=offset,
        )
    except ClaimgraphError as exc:
        raise click.ClickException(str(exc)) from exc
    if fmt == "json":
        click.echo(json.dumps(page, ensure_ascii=False, indent=2, default=str))
    else:
        click.echo(render_table(page))
        if near and geocode(near) is None:
            km = get_settings().near_km
            click.echo(
                f"note: {near!r} is not in the gazetteer: events matched by place name only "
                f"(no {km:g} km radius)"
            )


COMMANDS = [events]
