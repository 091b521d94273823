"""`claimgraph serve`: the web UI and REST API over a corpus store."""

from __future__ import annotations

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
def serve(db_url: str | None, host: str, port: int, allow_writes: bool) -> None:
    """Serve the web UI and REST API (API reference at /docs)."""
    import uvicorn

    from claimgraph.errors import ClaimgraphError
    from claimgraph.serve.app import app_from_url, prepare

    # On a loopback bind, only loopback Host headers: a web page elsewhere cannot reach
    # the server through DNS rebinding.
    hosts = ["127.0.0.1", "localhost", "[::1]"] if host in LOOPBACK else None
    try:
        app = app_from_url(db_url, allow_writes=allow_writes, allowed_hosts=hosts)
    except ClaimgraphError as exc:
        raise click.ClickException(str(exc)) from exc
    prepare(app)  # gazetteer loaded, extraction workers started: no slow first requests
    mode = "read-write" if allow_writes else "read-only"
    click.echo(f"claimgraph: serving {app.state.store.url} ({mode}) on http://{host}:{port}/")
    uvicorn.run(app, host=host, port=port, log_level="warning")


COMMANDS = [serve]
