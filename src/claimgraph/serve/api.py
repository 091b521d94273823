"""The REST API (``/api/...``), documented by the app's OpenAPI schema (``/openapi.json``).

The same data functions as the HTML pages and their ``.json`` twins answer it; lists are
paginated (``limit``, ``offset``, ``total``) and every item carries the ``url`` of its page.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, HTTPException, Query, Request
from pydantic import BaseModel, Field

from claimgraph.errors import ClaimgraphError, TooLargeError
from claimgraph.serve.app import data
from claimgraph.serve.app.ingest import EXTRACT_MODULE, check_posted
from claimgraph.serve.app.workers import Busy, TimedOut

router = APIRouter(prefix="/api")

Limit = Annotated[int | None, Query(ge=1, description="Page size (capped by the server).")]
Offset = Annotated[int | None, Query(ge=0, description="Items to skip.")]
Q = Annotated[str | None, Query(description="Full-text search.")]
Since = Annotated[str | None, Query(description="Published on or after (ISO date).")]
Until = Annotated[str | None, Query(description="Published on or before (ISO date).")]


class PageModel(BaseModel):
    """A page of a list: items (each with ``url``, its HTML page), total, limit, offset."""

    items: list[dict[str, Any]]
    total: int
    limit: int
    offset: int


class ExtractRequest(BaseModel):
    text: str = Field(description="Plain text or an HTML page (size-limited).")
    media_type: Literal["text/plain", "text/html"] = "text/plain"
    title: str | None = None
    published: str | None = Field(None, description="ISO date: base for relative dates.")
    outlet: str | None = None


def _store(request: Request) -> Any:
    return request.app.state.store


def _found(fn: Any, *args: Any) -> dict[str, Any]:
    try:
        return fn(*args)
    except data.NotFound as exc:
        raise HTTPException(404, str(exc)) from exc


@router.get("/articles", response_model=PageModel, tags=["articles"])
def list_articles(
    request: Request,
    q: Q = None,
    story: str | None = None,
    since: Since = None,
    until: Until = None,
    limit: Limit = None,
    offset: Offset = None,
) -> dict[str, Any]:
    """Articles, newest first; ``q`` searches their text."""
    return data.article_list(
        _store(request), q=q, story=story, since=since, until=until, limit=limit, offset=offset
    )


@router.get("/articles/{article_id}", tags=["articles"])
def get_article(request: Request, article_id: str) -> dict[str, Any]:
    """The full claimgraph/1 record, plus ``id``, ``duplicate_of`` and ``story``."""
    return _found(data.article, _store(request), article_id)


@router.get("/statements", response_model=PageModel, tags=["statements"])
def list_statements(
    request: Request,
    q: Q = None,
    speaker: str | None = None,
    entity: str | None = None,
    about: str | None = None,
    outlet: str | None = None,
    since: Since = None,
    until: Until = None,
    kind: Literal["direct", "indirect", "mixed"] | None = None,
    modality: Literal["asserted", "estimated", "hedged", "denied", "future", "hypothetical"]
    | None = None,
    has_number: bool | None = None,
    sort: Annotated[
        str, Query(description="published, speaker, outlet, kind or modality; '-' = desc")
    ] = "-published",
    limit: Limit = None,
    offset: Offset = None,
) -> dict[str, Any]:
    """Statements (what one source said, in one article) across the corpus, filtered and
    sorted: the speaker as written and its resolved entity (``speaker_name``), cue,
    modality, source sentence and paragraph (offsets into the article text)."""
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
        has_number=has_number,
        sort=sort,
        limit=limit,
        offset=offset,
    )


@router.get("/statements/{statement_id}", tags=["statements"])
def get_statement(request: Request, statement_id: str) -> dict[str, Any]:
    """One statement (``<article_id>:S<n>``): speaker entity, relay chain, same claim elsewhere."""
    return _found(data.statement, _store(request), statement_id)


@router.get("/entities", response_model=PageModel, tags=["entities"])
def list_entities(
    request: Request,
    q: Q = None,
    type: str | None = None,
    limit: Limit = None,
    offset: Offset = None,
) -> dict[str, Any]:
    """Corpus entities (name variants merged across articles)."""
    return data.entity_list(_store(request), q=q, type=type, limit=limit, offset=offset)


@router.get("/entities/{key}", tags=["entities"])
def get_entity(request: Request, key: str) -> dict[str, Any]:
    """An entity by id or name/alias: aliases, statements by and about it, co-occurring
    entities, mention timeline."""
    return _found(data.entity, _store(request), key)


@router.get("/corrections", tags=["corrections"])
def list_corrections(request: Request, limit: Limit = None) -> dict[str, Any]:
    """Analysts' corrections, newest first, undone ones included: statements marked wrong,
    speakers set, entities merged or split, each with who, when and why (``author``,
    ``created_at``, ``reason``; ``undone_at`` / ``undone_by``) and the ``url`` of the page
    corrected. Made from those pages on a server started with ``--allow-writes``."""
    return data.correction_list(_store(request), limit=limit)


@router.get("/stories", response_model=PageModel, tags=["stories"])
def list_stories(request: Request, limit: Limit = None, offset: Offset = None) -> dict[str, Any]:
    """Articles grouped by the event they report."""
    return data.story_list(_store(request), limit=limit, offset=offset)


@router.get("/stories/{story_id}", tags=["stories"])
def get_story(request: Request, story_id: str) -> dict[str, Any]:
    """A story: its articles, claims, numbers across outlets (first seen, changes, echoes),
    contradictions, people and places."""
    return _found(data.story, _store(request), story_id)


@router.get("/claims", response_model=PageModel, tags=["claims"])
def list_claims(
    request: Request,
    about: str | None = None,
    since: Since = None,
    limit: Limit = None,
    offset: Offset = None,
) -> dict[str, Any]:
    """Claims: the same content (a statement or a number) in several articles, with the
    independent-source count and echo chain. (A statement is what one source said in one
    article: ``/api/statements``.)"""
    return data.claim_list(_store(request), about=about, since=since, limit=limit, offset=offset)


@router.get("/claims/{claim_id}", tags=["claims"])
def get_claim(request: Request, claim_id: str) -> dict[str, Any]:
    """One claim: its members (statements or numbers), independent sources, echo chain,
    timeline and the contradictions within it."""
    return _found(data.claim, _store(request), claim_id)


@router.get("/contradictions", response_model=PageModel, tags=["claims"])
def list_contradictions(
    request: Request, limit: Limit = None, offset: Offset = None
) -> dict[str, Any]:
    """Numeric and polarity disagreements, both sides with sources and dates."""
    return data.contradiction_list(_store(request), limit=limit, offset=offset)


@router.get("/events", response_model=PageModel, tags=["events"])
def list_events(
    request: Request,
    type: Annotated[str | None, Query(description="PLOVER type, e.g. ASSAULT.")] = None,
    actor: Annotated[
        str | None, Query(description="Who acted: an entity name, alias or id, or words.")
    ] = None,
    near: Annotated[str | None, Query(description="A place name (geocoded offline).")] = None,
    since: Since = None,
    until: Until = None,
    limit: Limit = None,
    offset: Offset = None,
) -> dict[str, Any]:
    """Events (who did what to whom, where and when); ``url`` is the article span."""
    return data.event_list(
        _store(request),
        type=type,
        actor=actor,
        near=near,
        since=since,
        until=until,
        limit=limit,
        offset=offset,
    )


@router.get("/search", tags=["search"])
def search(request: Request, q: Q = None, limit: Limit = None) -> dict[str, Any]:
    """Full-text search over statements and article text."""
    return data.search(_store(request), q, limit=limit)


@router.post("/extract", tags=["extract"])
def extract(request: Request, body: ExtractRequest) -> dict[str, Any]:
    """The claimgraph/1 record for a posted text or HTML page; nothing is stored.
    Larger than the server's limit: 413. Every extraction worker busy, or the extraction
    past the server's time limit: 503 (try again later)."""
    try:
        check_posted(body.text)
        return request.app.state.extractors.call(  # type: ignore[no-any-return]
            EXTRACT_MODULE,
            "extract_posted",
            body.text,
            media_type=body.media_type,
            title=body.title,
            published=body.published,
            outlet=body.outlet,
        )
    except (Busy, TimedOut) as exc:
        raise HTTPException(503, str(exc), headers={"Retry-After": "5"}) from exc
    except TooLargeError as exc:
        raise HTTPException(413, str(exc)) from exc
    except ClaimgraphError as exc:
        raise HTTPException(422, str(exc)) from exc
