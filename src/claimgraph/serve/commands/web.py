"""`claimgraph serve`: the web UI and REST API over a corpus store."""

from __future__ import annotations

import json
from typing import Any

import click

LOOPBACK = ("127.0.0.1", "localhost", "::1")


@click.command()
@click.option("--db", "db_url", default=None, help="Store URL (default: settings.database_url).")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=int)
@click.option(
    "--allow-writes",
    is_flag=True,
    help="Enable the ingest page (upload or paste articles). Read-only by default.",
)
@click.option(
    "--workers",
    type=click.IntRange(1, 64),
    default=None,
    help="Server processes (default: one per core, at most 4). Pages are CPU work: on 2 "
    "cores two processes halve the p95 under load.",
)
def serve(
    db_url: str | None, host: str, port: int, allow_writes: bool, workers: int | None
) -> None:
    """Serve the web UI and REST API (API reference at /docs)."""
    import os

    import uvicorn

    from claimgraph.errors import ClaimgraphError
    from claimgraph.serve.app.factory import app_from_url, prepare

    # On a loopback bind, only loopback Host headers: a web page elsewhere cannot reach
    # the server through DNS rebinding.
    hosts = ["127.0.0.1", "localhost", "[::1]"] if host in LOOPBACK else None
    try:
        app = app_from_url(db_url, allow_writes=allow_writes, allowed_hosts=hosts)
    except ClaimgraphError as exc:
        raise click.ClickException(str(exc)) from exc
    workers = workers or min(os.cpu_count() or 1, MAX_DEFAULT_WORKERS)
    mode = "read-write" if allow_writes else "read-only"
    plural = "es" if workers > 1 else ""
    click.echo(
        f"claimgraph: serving {app.state.store.url} ({mode}) on http://{host}:{port}/ "
        f"({workers} process{plural})"
    )
    if workers == 1:
        prepare(app)  # gazetteer loaded, extraction workers started: no slow first requests
        uvicorn.run(app, host=host, port=port, log_level="warning")
        return
    url = app.state.store.url
    app.state.store.close()  # each server process opens its own (checked above)
    os.environ[SERVE_ENV] = json.dumps(
        {"url": url, "allow_writes": allow_writes, "allowed_hosts": hosts}
    )
    uvicorn.run(
        "claimgraph.serve.commands.web:app_from_env",
        factory=True,
        workers=workers,
        host=host,
        port=port,
        log_level="warning",
    )


#: The default number of server processes is one per core, at most this many
MAX_DEFAULT_WORKERS = 4
#: How `claimgraph serve` passes its options to the processes uvicorn starts
SERVE_ENV = "CLAIMGRAPH_SERVE_OPTIONS"


def app_from_env() -> Any:
    """The app of one server process started by ``claimgraph serve --workers N``."""
    import os

    from claimgraph.serve.app.factory import app_from_url, prepare

    options = json.loads(os.environ[SERVE_ENV])
    app = app_from_url(
        options["url"],
        allow_writes=options["allow_writes"],
        allowed_hosts=options["allowed_hosts"],
    )
    prepare(app)
    return app


COMMANDS = [serve]
