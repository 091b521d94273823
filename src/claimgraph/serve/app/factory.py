"""The app factory: ``create_app(store)`` and ``app_from_url(url)`` -> an ASGI app."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from fastapi import FastAPI

    from claimgraph.store.base import Store

STATIC = Path(__file__).resolve().parents[1] / "static"


def create_app(
    store: Store,
    *,
    allow_writes: bool = False,
    allowed_hosts: list[str] | None = None,
) -> FastAPI:
    """The app serving ``store``; writes (the ingest page) only when ``allow_writes``.

    ``allowed_hosts`` restricts the Host header (``claimgraph serve`` sets it for loopback
    binds, so a DNS-rebinding page cannot talk to a local server).
    """
    from fastapi import FastAPI, Request
    from fastapi.exceptions import HTTPException as FastAPIHTTPException
    from fastapi.responses import JSONResponse, Response
    from fastapi.staticfiles import StaticFiles
    from starlette.exceptions import HTTPException
    from starlette.middleware.trustedhost import TrustedHostMiddleware

    from claimgraph.errors import ClaimgraphError
    from claimgraph.serve import api
    from claimgraph.serve.app import data, pages
    from claimgraph.serve.app.security import SecurityMiddleware
    from claimgraph.serve.app.workers import ExtractionWorkers
    from claimgraph.settings import get_settings
    from claimgraph.version import __version__

    app = FastAPI(
        title="claimgraph",
        version=__version__,
        description=(
            "Who said what, with which numbers, across news articles. Every list is "
            "paginated (limit, offset, total) and every item carries the URL of its HTML page. "
            "Each HTML page also has a JSON twin: append `.json` to its path."
        ),
        docs_url=None,  # the stock Swagger UI loads JS from a CDN: /docs is served below
        redoc_url=None,
    )
    app.state.store = store
    app.state.allow_writes = allow_writes
    app.state.write_lock = threading.Lock()
    app.state.extractors = ExtractionWorkers()

    def _wants_json(request: Request) -> bool:
        path = request.url.path
        return path.startswith("/api/") or path.endswith(".json")

    def _error(request: Request, status: int, message: str) -> Response:
        if _wants_json(request):
            return JSONResponse({"detail": message}, status_code=status)
        return pages.templates.TemplateResponse(
            request, "error.html", {"status": status, "message": message}, status_code=status
        )

    @app.exception_handler(data.NotFound)
    def _not_found(request: Request, exc: data.NotFound) -> Response:
        return _error(request, 404, str(exc))

    @app.exception_handler(ClaimgraphError)
    def _claimgraph_error(request: Request, exc: ClaimgraphError) -> Response:
        return _error(request, 400, str(exc))

    @app.exception_handler(HTTPException)
    def _http_error(request: Request, exc: HTTPException) -> Response:
        if _wants_json(request) or (isinstance(exc, FastAPIHTTPException) and exc.headers):
            return JSONResponse({"detail": exc.detail}, status_code=exc.status_code)
        return _error(request, exc.status_code, str(exc.detail))

    app.include_router(api.router)
    app.include_router(pages.router)
    app.mount("/static", StaticFiles(directory=str(STATIC)), name="static")
    app.add_middleware(SecurityMiddleware, max_body=get_settings().web_max_body_bytes)
    if allowed_hosts:
        app.add_middleware(TrustedHostMiddleware, allowed_hosts=allowed_hosts)
    return app


def prepare(app: FastAPI) -> None:
    """Load at start what first requests would otherwise load all at once: the gazetteer
    (``events?near=``) here, the model in the extraction workers (started now)."""
    from claimgraph.geo import lookup

    app.state.extractors.start()
    lookup("Kyiv")


def app_from_url(url: str | None = None, **kwargs: Any) -> FastAPI:
    """Open the store at ``url`` (default: settings.database_url) and build the app."""
    from claimgraph.settings import get_settings
    from claimgraph.store import open_store

    return create_app(open_store(url or get_settings().database_url), **kwargs)
