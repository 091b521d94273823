"""HTML pages, each with a ``.json`` twin answered by the same data function."""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import quote, urlencode

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import (
    HTMLResponse,
    JSONResponse,
    RedirectResponse,
    Response,
    StreamingResponse,
)
from fastapi.templating import Jinja2Templates

from claimgraph.errors import ClaimgraphError, TooLargeError
from claimgraph.serve.app import charts, data, export, highlight, links
from claimgraph.serve.app.ingest import EXTRACT_MODULE, check_posted
from claimgraph.serve.app.workers import Busy, TimedOut
from claimgraph.settings import get_settings

TEMPLATES = Path(__file__).resolve().parents[1] / "templates"
templates = Jinja2Templates(directory=str(TEMPLATES))  # autoescape on for .html
router = APIRouter(include_in_schema=False)


def _store(request: Request) -> Any:
    return request.app.state.store


def _with_query(request: Request, **changes: Any) -> str:
    """The current URL with some query parameters changed (None removes one)."""
    params = dict(request.query_params)
    for key, value in changes.items():
        if value is None:
            params.pop(key, None)
        else:
            params[key] = str(value)
    return request.url.path + ("?" + urlencode(params) if params else "")


def _num(value: Any) -> str:
    """12000.0 -> "12,000"; 2.5 -> "2.5"; anything else as given."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return "" if value is None else str(value)
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.6g}"


def _plural(count: Any, word: str) -> str:
    n = count if isinstance(count, int) else 0
    return f"{count} {word}" + ("" if n == 1 else "s")


OPENING = "\"“„«‹'‘"
CLOSING = '"”“»›'  # a closing single quote is left alone: it may be an apostrophe


def _unquote(text: Any) -> str:
    """Direct speech without the quotation marks around it (the page sets its own)."""
    value = str(text or "").strip()
    if value[:1] in OPENING:
        value = value.lstrip(OPENING)
        closing = CLOSING + ("'’" if str(text).strip()[:1] in "'‘" else "")
        value = value.rstrip(closing)
    return value.strip()


def _export_url(request: Request, view: str, fmt: str) -> str:
    """The export of the list shown (its filters, not its paging) as CSV or JSON."""
    params = {k: v for k, v in request.query_params.items() if k not in ("limit", "offset")}
    return f"/export/{view}.{fmt}" + ("?" + urlencode(params) if params else "")


templates.env.globals["with_query"] = _with_query
templates.env.globals["export_url"] = _export_url
templates.env.filters["unquote"] = _unquote
templates.env.globals["count_cap"] = lambda: get_settings().count_cap


def _total_text(total: Any) -> str:
    """A list total: "12,345", or "more than 10,000" for a capped count."""
    cap = get_settings().count_cap
    if isinstance(total, int) and total > cap:
        return f"more than {cap:,}"
    return _num(total)


templates.env.globals["total_text"] = _total_text
templates.env.filters["num"] = _num
templates.env.filters["plural"] = _plural


def twin(
    path: str,
    template: str,
    extra: Callable[[dict], dict] | None = None,
    moved: Callable[[Request], str | None] | None = None,
) -> Callable:
    """Register ``fn`` as ``path`` (HTML through ``template``) and ``path.json``.

    ``moved(request)`` may answer the path (without ``.json``) a request of an old URL
    now lives at: it is redirected there (301), the twin keeping its ``.json``."""

    def deco(fn: Callable[..., dict[str, Any]]) -> Callable[..., dict[str, Any]]:
        @functools.wraps(fn)
        def as_json(*args: Any, **kwargs: Any) -> Response:
            target = moved(kwargs["request"]) if moved else None
            if target:
                return _redirect(kwargs["request"], target + ".json")
            return JSONResponse(fn(*args, **kwargs))

        @functools.wraps(fn)
        def as_html(*args: Any, **kwargs: Any) -> Response:
            target = moved(kwargs["request"]) if moved else None
            if target:
                return _redirect(kwargs["request"], target)
            page = fn(*args, **kwargs)
            context = {"data": page, "json_url": _json_url(kwargs["request"])}
            if extra is not None:
                context.update(extra(page))
            return templates.TemplateResponse(kwargs["request"], template, context)

        as_json.__signature__ = as_html.__signature__ = inspect.signature(fn)  # type: ignore[attr-defined]
        router.add_api_route(path + ".json", as_json, methods=["GET"])
        router.add_api_route(path, as_html, methods=["GET"], response_class=HTMLResponse)
        return fn

    return deco


def _redirect(request: Request, path: str) -> Response:
    query = request.url.query
    return RedirectResponse(path + ("?" + query if query else ""), status_code=301)


def _json_url(request: Request) -> str:
    query = request.url.query
    return request.url.path.rstrip("/") + ".json" + ("?" + query if query else "")


@router.get("/", response_class=HTMLResponse)
def home(request: Request) -> Response:
    page = data.overview(_store(request))
    return templates.TemplateResponse(
        request, "index.html", {"data": page, "json_url": "/index.json"}
    )


@router.get("/index.json")
def home_json(request: Request) -> dict[str, Any]:
    return data.overview(_store(request))


@router.get("/docs", response_class=HTMLResponse)
def docs(request: Request) -> Response:
    """The API reference, rendered from the OpenAPI schema (no CDN-hosted Swagger UI)."""
    return templates.TemplateResponse(
        request, "docs.html", {"schema": request.app.openapi(), "json_url": "/openapi.json"}
    )


@twin("/articles", "articles.html")
def articles(
    request: Request,
    q: str | None = None,
    story: str | None = None,
    since: str | None = None,
    until: str | None = None,
    limit: int | None = None,
    offset: int | None = None,
) -> dict[str, Any]:
    return data.article_list(
        _store(request), q=q, story=story, since=since, until=until, limit=limit, offset=offset
    )


def _article_extra(page: dict[str, Any]) -> dict[str, Any]:
    urls = {s["id"]: s.get("url") for s in page.get("statements") or []}
    return {"segments": highlight.segments(page), "statement_urls": urls}


@twin("/articles/{article_id}", "article.html", _article_extra)
def article(request: Request, article_id: str) -> dict[str, Any]:
    return data.article(_store(request), article_id)


@twin("/statements/{statement_id}", "statement.html")
def statement(request: Request, statement_id: str) -> dict[str, Any]:
    return data.statement(_store(request), statement_id)


@twin("/statements", "statements.html")
def statements(
    request: Request,
    q: str | None = None,
    speaker: str | None = None,
    entity: str | None = None,
    about: str | None = None,
    outlet: str | None = None,
    since: str | None = None,
    until: str | None = None,
    kind: str | None = None,
    modality: str | None = None,
    has_number: str | None = None,
    sort: str | None = None,
    limit: int | None = None,
    offset: int | None = None,
) -> dict[str, Any]:
    number = {"yes": True, "true": True, "1": True, "no": False, "false": False, "0": False}
    return data.statement_list(
        _store(request),
        q=q,
        speaker=speaker,
        entity=entity,
        about=about,
        outlet=outlet,
        since=since,
        until=until,
        kind=kind,
        modality=modality,
        has_number=number.get((has_number or "").lower()),
        sort=sort,
        limit=limit,
        offset=offset,
        facets=True,
    )


@twin("/entities", "entities.html")
def entities(
    request: Request,
    q: str | None = None,
    type: str | None = None,
    limit: int | None = None,
    offset: int | None = None,
) -> dict[str, Any]:
    return data.entity_list(_store(request), q=q, type=type, limit=limit, offset=offset)


def _entity_extra(page: dict[str, Any]) -> dict[str, Any]:
    counts: dict[str, int] = {}
    for t in page.get("timeline") or []:
        if t.get("date"):
            n = int(t.get("mentions") or t.get("count") or 1)
            counts[t["date"]] = counts.get(t["date"], 0) + n
    return {"chart": charts.histogram(counts)}


@twin("/entities/{key}", "entity.html", _entity_extra)
def entity(request: Request, key: str) -> dict[str, Any]:
    return data.entity(_store(request), key)


def _stories_extra(page: dict[str, Any]) -> dict[str, Any]:
    rows = [
        {
            "label": s.get("title") or s.get("id"),
            "url": s.get("url"),
            "dates": [a.get("published") for a in s.get("articles") or []]
            or [s.get("first_published"), s.get("last_published")],
        }
        for s in page.get("items", [])
    ]
    return {"chart": charts.timeline(rows)}


@twin("/stories", "stories.html", _stories_extra)
def stories(
    request: Request, limit: int | None = None, offset: int | None = None
) -> dict[str, Any]:
    return data.story_list(_store(request), limit=limit, offset=offset)


def _story_extra(page: dict[str, Any]) -> dict[str, Any]:
    """One row per outlet (its articles as dots, linking to its first), in order of first
    publication: a story syndicated hundreds of times stays a chart of its outlets."""
    rows: dict[str, dict[str, Any]] = {}
    for a in page.get("articles") or []:
        label = a.get("outlet") or a.get("title") or a.get("id")
        row = rows.setdefault(label, {"label": label, "url": a.get("url"), "dates": []})
        row["dates"].append(a.get("published"))
    return {"chart": charts.timeline(list(rows.values()))}


@twin("/stories/{story_id}", "story.html", _story_extra)
def story(request: Request, story_id: str) -> dict[str, Any]:
    return data.story(_store(request), story_id)


@twin("/contradictions", "contradictions.html")
def contradictions(
    request: Request, limit: int | None = None, offset: int | None = None
) -> dict[str, Any]:
    return data.contradiction_list(_store(request), limit=limit, offset=offset)


# Query parameters only the statements list takes: /claims with one of them is an old link
# to the statements list (the web's "Claims" before claims meant the same content across
# articles) and is redirected there.
STATEMENT_ONLY = ("q", "speaker", "entity", "outlet", "until", "kind", "modality",
                  "has_number", "sort", "facets", "format")  # fmt: skip


def _old_statements_link(request: Request) -> str | None:
    return "/statements" if any(k in request.query_params for k in STATEMENT_ONLY) else None


@twin("/claims", "claims.html", moved=_old_statements_link)
def claims(
    request: Request,
    about: str | None = None,
    since: str | None = None,
    limit: int | None = None,
    offset: int | None = None,
) -> dict[str, Any]:
    return data.claim_list(_store(request), about=about, since=since, limit=limit, offset=offset)


@twin("/claims/{claim_id}", "claim.html")
def claim(request: Request, claim_id: str) -> dict[str, Any]:
    return data.claim(_store(request), claim_id)


# The claims pages lived at /aligned before the vocabulary was settled.
@router.get("/aligned", include_in_schema=False)
@router.get("/aligned.json", include_in_schema=False)
def aligned_moved(request: Request) -> Response:
    return _redirect(request, "/claims" + (".json" if request.url.path.endswith(".json") else ""))


@router.get("/aligned/{rest:path}", include_in_schema=False)
def aligned_claim_moved(request: Request, rest: str) -> Response:
    return _redirect(request, "/claims/" + quote(rest, safe=":."))


def _events_extra(page: dict[str, Any]) -> dict[str, Any]:
    summary = page.get("summary") or {}
    days = {d["date"]: d["count"] for d in summary.get("days") or []}
    return {"chart": charts.histogram(days), "map": charts.world_map(summary.get("points") or [])}


@twin("/events", "events.html", _events_extra)
def events(
    request: Request,
    type: str | None = None,
    actor: str | None = None,
    near: str | None = None,
    since: str | None = None,
    until: str | None = None,
    limit: int | None = None,
    offset: int | None = None,
) -> dict[str, Any]:
    return data.event_list(
        _store(request),
        type=type,
        actor=actor,
        near=near,
        since=since,
        until=until,
        limit=limit,
        offset=offset,
        summary=True,
    )


@twin("/search", "search.html")
def search(request: Request, q: str | None = None, limit: int | None = None) -> dict[str, Any]:
    return data.search(_store(request), q, limit=limit)


# ---- corrections (only with --allow-writes; cross-site POSTs refused by the middleware) ---

Field = Annotated[str, Form()]


@router.post("/statements/{statement_id}/corrections", response_class=HTMLResponse)
def correct_statement(
    request: Request,
    statement_id: str,
    action: Field = "",
    author: Field = "",
    reason: Field = "",
    entity: Field = "",
) -> Response:
    if not request.app.state.allow_writes:
        return _read_only(request)
    with request.app.state.write_lock:
        data.correct(
            _store(request), statement_id, action, author=author, reason=reason, entity=entity
        )
    return RedirectResponse(links.statement_url(statement_id) + "#corrections", status_code=303)


@router.post("/entities/{key}/corrections", response_class=HTMLResponse)
def correct_entity(
    request: Request,
    key: str,
    action: Field = "",
    author: Field = "",
    reason: Field = "",
    into: Field = "",
    names: Annotated[list[str] | None, Form()] = None,
) -> Response:
    """Merge this entity into another (``into``) or split some of its ``names`` off."""
    if not request.app.state.allow_writes:
        return _read_only(request)
    with request.app.state.write_lock:
        found = data.correct_entity(
            _store(request), key, action, author=author, reason=reason, into=into, names=names
        )
    return RedirectResponse(found["url"] + "#corrections", status_code=303)


@router.post("/corrections/{correction_id}/undo", response_class=HTMLResponse)
def undo_correction(request: Request, correction_id: int, author: Field = "") -> Response:
    if not request.app.state.allow_writes:
        return _read_only(request)
    with request.app.state.write_lock:
        found = data.undo_correction(_store(request), correction_id, author=author)
    return RedirectResponse(found["url"] + "#corrections", status_code=303)


def _read_only(request: Request) -> Response:
    message = "This server is read-only: start it with --allow-writes to record corrections."
    return templates.TemplateResponse(
        request, "error.html", {"status": 403, "message": message}, status_code=403
    )


# ---- exports of the list views ----------------------------------------------------------


@router.get("/export/{name}")
def export_view(request: Request, name: str) -> Response:
    """``/export/<view>.csv`` or ``.json``: every row of a list view under its filters (the
    page's query string), up to export.EXPORT_MAX, names rather than ids."""
    view, _, fmt = name.rpartition(".")
    if view not in export.VIEWS or fmt not in ("csv", "json"):
        raise data.NotFound(f"no export {name!r}: try /export/statements.csv")
    params: dict[str, Any] = {k: v for k, v in request.query_params.items() if k != "limit"}
    if view == "statements" and "has_number" in params:
        number = {"yes": True, "true": True, "1": True, "no": False, "false": False, "0": False}
        params["has_number"] = number.get(params["has_number"].lower())
    found = export.rows(_store(request), view, **params)
    if fmt == "csv":
        body, media = export.as_csv(view, found), "text/csv; charset=utf-8"
    else:
        body, media = export.as_json(found), "application/json"
    headers = {"Content-Disposition": f'attachment; filename="{view}.{fmt}"'}
    return StreamingResponse(body, media_type=media, headers=headers)


# ---- ingest (only with --allow-writes) ---------------------------------------------------


def _ingest_page(request: Request, status: int = 200, **context: Any) -> Response:
    context.setdefault("allowed", request.app.state.allow_writes)
    return templates.TemplateResponse(request, "ingest.html", context, status_code=status)


@router.get("/ingest", response_class=HTMLResponse)
def ingest_form(request: Request) -> Response:
    status = 200 if request.app.state.allow_writes else 403
    return _ingest_page(request, status)


@router.post("/ingest", response_class=HTMLResponse)
def ingest(
    request: Request,
    text: Annotated[str, Form()] = "",
    media_type: Annotated[str, Form()] = "text/plain",
    title: Annotated[str, Form()] = "",
    outlet: Annotated[str, Form()] = "",
    published: Annotated[str, Form()] = "",
    files: Annotated[list[UploadFile] | None, File()] = None,
) -> Response:
    if not request.app.state.allow_writes:
        return _ingest_page(request, 403)
    records: list[dict[str, Any]] = []
    failures: list[dict[str, str]] = []
    workers = request.app.state.extractors
    if text.strip():
        try:
            check_posted(text)
            records.append(
                workers.call(
                    EXTRACT_MODULE,
                    "extract_posted",
                    text,
                    media_type="text/html" if media_type == "text/html" else "text/plain",
                    title=title.strip() or None,
                    outlet=outlet.strip() or None,
                    published=published.strip() or None,
                    source=f"web:{title.strip() or 'pasted'}",
                )
            )
        except TooLargeError as exc:
            return _ingest_page(request, 413, failures=[{"source": "pasted", "error": str(exc)}])
        except (Busy, TimedOut) as exc:
            return _ingest_page(request, 503, failures=[{"source": "pasted", "error": str(exc)}])
        except ClaimgraphError as exc:
            failures.append({"source": "pasted", "error": str(exc)})
    uploads = [(f.filename or "", f.file.read()) for f in files or [] if f.filename]
    if uploads:
        try:
            got, failed = workers.call(EXTRACT_MODULE, "extract_uploads", uploads)
        except (Busy, TimedOut) as exc:
            names = ", ".join(name for name, _ in uploads)
            return _ingest_page(request, 503, failures=[{"source": names, "error": str(exc)}])
        records += got
        failures += failed
    report = None
    if records:
        with request.app.state.write_lock:
            report = request.app.state.store.add_records(records)
            request.app.state.store.analyse()
    if report and not failures and len(records) == 1 and report.get("added") == 1:
        from claimgraph.serve.app.links import article_url
        from claimgraph.store.rows import article_id

        return RedirectResponse(article_url(article_id(records[0])), status_code=303)
    return _ingest_page(request, 200, report=report, failures=failures, records=records)
