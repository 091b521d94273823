"""Data functions: one per page, shared by the HTML page, its ``.json`` twin and the REST API.

Each takes the store and the request's parameters and returns plain JSON-able data. Lists
keep the store's ``Page`` shape (``items``, ``total``, ``limit``, ``offset``) and every item
carries the ``url`` of its HTML page.
"""

from __future__ import annotations

import functools
import json
from typing import Any
from urllib.parse import urlencode

from claimgraph.errors import InputError
from claimgraph.serve.app import links
from claimgraph.settings import get_settings
from claimgraph.store.base import Store

# Columns of the claims table a client may sort on (store sort keys; "-" prefix = descending).
SORT_KEYS = ("published", "speaker", "outlet", "kind", "modality")
KINDS = ("direct", "indirect", "mixed")
MODALITIES = ("asserted", "estimated", "hedged", "denied", "future", "hypothetical")
# How many aligned claims of an entity's statements are checked for contradictions.
CONTESTED_LIMIT = 20
# Output caps for claims copied thousands of times (totals are always kept).
CLAIM_MEMBERS = 200  # members, timeline steps, sources on a claim page
MEMBERS_IN_LIST = 10  # members per claim in the aligned-claims list
SPEAKERS_IN_LIST = 5  # speakers named per claim in that list (n_speakers has them all)
ECHO_SOURCES = 20  # sources shown in a contradiction side's echo chain (claim page)
ECHO_MEMBERS = 5  # articles shown per source
ECHO_SOURCES_IN_LIST = 5  # ... on the contradictions list (totals kept)
ECHO_MEMBERS_IN_LIST = 3
CONTRADICTIONS_PAGE = 20  # contradictions per page without ?limit= (each is a large card)
CLAIM_CONTRADICTIONS = 200  # contradictions shown on a claim page
STORY_CLAIMS = 25  # claims and numbers on a story page (those with most members in it first)
STORY_MEMBERS = 5  # members shown per claim on a story page (all on the claim's page)
STORY_OUTLETS = 12  # outlets in a number's table on a story page (first reported first)
STORY_CONTRADICTIONS = 20  # contradictions shown per claim on a story page
STORY_CHANGES = 10  # changes and echoes listed per number on a story page (totals kept)
STORY_FIGURES = 3  # figures listed per outlet in a number's table (their count kept)
PLACE_TYPES = ("GPE", "LOC", "FAC", "PLACE")  # entity types a story lists as its places
FACET_OUTLETS = 300  # outlets in the outlet pick-list
FACET_VALUES = 10  # values shown per other facet
FACET_BUDGET_MS = 80  # time the four statement facets may take together (past it: not shown)
EVENT_SUMMARY_MS = 60  # time the events page's timeline, type counts and map may take
MAX_OFFSET = 10**9  # ?offset= above this is refused (HTTP 400): SQLite integers are 64-bit


class NotFound(LookupError):
    """No such article, statement, entity or story (the web layer answers 404)."""


def paging(limit: int | None, offset: int | None) -> tuple[int, int]:
    """Clamp ``?limit=`` to the configured bounds and a negative ``?offset=`` to 0; an offset
    over MAX_OFFSET (past any store, and past SQLite's 64-bit integers) is a bad request."""
    settings = get_settings()
    lim = settings.web_page_size if limit is None else limit
    if offset is not None and offset > MAX_OFFSET:
        raise InputError(f"offset {offset} is out of range (at most {MAX_OFFSET:,})")
    return max(1, min(lim, settings.web_max_page_size)), max(0, offset or 0)


def _blank(value: str | None) -> str | None:
    value = (value or "").strip()
    return value or None


def _page(page: Any, link: Any) -> dict[str, Any]:
    page = dict(page)
    page["items"] = [link(dict(item)) for item in page.get("items", [])]
    return page


def _list(
    fetch: Any, link: Any, limit: int | None, offset: int | None, **filters: str | None
) -> dict[str, Any]:
    """A page of ``fetch(**filters)``: blank filters dropped, paging clamped, items linked."""
    limit, offset = paging(limit, offset)
    page = fetch(**{k: _blank(v) for k, v in filters.items()}, limit=limit, offset=offset)
    return _page(page, link)


def overview(store: Store) -> dict[str, Any]:
    return {"counts": store.counts()}


def article_list(
    store: Store,
    *,
    q: str | None = None,
    story: str | None = None,
    since: str | None = None,
    until: str | None = None,
    limit: int | None = None,
    offset: int | None = None,
) -> dict[str, Any]:
    filters = {"q": q, "story": story, "since": since, "until": until}
    return _list(store.articles, _link_article, limit, offset, **filters)


def _link_article(item: dict[str, Any]) -> dict[str, Any]:
    """``url`` becomes the article's page; the URL it was published at is ``original_url``
    (only an http(s) URL: a file path or other source is not a link)."""
    item["original_url"] = _web_url(item.get("url"))
    return links.link_article(item)


def _web_url(url: Any) -> str | None:
    return url if isinstance(url, str) and url.startswith(("http://", "https://")) else None


def article(store: Store, article_id: str) -> dict[str, Any]:
    record = store.article(article_id)
    if record is None:
        raise NotFound(f"no article {article_id!r}")
    record = dict(record)
    aid = record.get("id", article_id)
    record["original_url"] = _web_url(record.get("url"))
    record["url"] = links.article_url(aid)
    for st in record.get("statements") or []:
        st["url"] = links.statement_url(f"{aid}:{st['id']}")
    for ent in record.get("entities") or []:
        key = ent.get("corpus_id") or ent.get("corpus") or ent.get("name")
        if key:
            ent["url"] = links.entity_url(key)
    if record.get("story"):
        record["story_url"] = links.story_url(record["story"])
    if record.get("duplicate_of"):
        record["duplicate_of_url"] = links.article_url(record["duplicate_of"])
    for other in [record.get("original_article"), *(record.get("copy_articles") or [])]:
        if isinstance(other, dict):
            other["original_url"] = _web_url(other.get("url"))
            links.link_article(other)
    return record


def statement_list(
    store: Store,
    *,
    q: str | None = None,
    speaker: str | None = None,
    entity: str | None = None,
    about: str | None = None,
    outlet: str | None = None,
    since: str | None = None,
    until: str | None = None,
    kind: str | None = None,
    modality: str | None = None,
    has_number: bool | None = None,
    sort: str | None = None,
    limit: int | None = None,
    offset: int | None = None,
    facets: bool = False,
) -> dict[str, Any]:
    """A page of statements; ``facets``: with the counts per outlet, speaker, kind and
    modality (see ``statement_facets``)."""
    limit, offset = paging(limit, offset)
    sort = sort if sort and sort.lstrip("-") in SORT_KEYS else "-published"
    filters: dict[str, Any] = {
        "q": _blank(q),
        "speaker": _blank(speaker),
        "entity": _blank(entity),
        "about": _blank(about),
        "outlet": _blank(outlet),
        "since": _blank(since),
        "until": _blank(until),
        "kind": kind if kind in KINDS else None,
        "modality": modality if modality in MODALITIES else None,
        "has_number": has_number,
    }
    page = store.statements(**filters, sort=sort, limit=limit, offset=offset)
    out = _page(page, _link_statement)
    out["filters"] = {**filters, "sort": sort}
    if facets:
        # past count_cap matches the facets would not be counted within their budget:
        # skip the try (the outlet pick-list still lists the outlets)
        many = isinstance(out.get("total"), int) and out["total"] > get_settings().count_cap
        out["facets"] = statement_facets(store, filters, budget_ms=0 if many else None)
    return out


def statement_facets(
    store: Store, filters: dict[str, Any], budget_ms: float | None = None
) -> dict[str, Any]:
    """Facets of a statements list: per outlet, speaker, kind and modality, the values with
    their counts (each facet counted without its own filter) and the query parameters a
    link to that value sets; outlets all listed (the outlet pick-list), the others cut to
    FACET_VALUES. Counted within FACET_BUDGET_MS: a facet past it is ``timed_out``."""
    budget = FACET_BUDGET_MS if budget_ms is None else budget_ms
    found = store.statement_facets(size=FACET_OUTLETS, budget_ms=budget, **filters)
    out: dict[str, Any] = {}
    for name, facet in found.items():
        values = facet["values"] if name == "outlet" else facet["values"][:FACET_VALUES]
        for v in values:
            if name == "speaker":
                v["params"] = {"entity": v["value"], "speaker": None}
                v["selected"] = filters.get("entity") == v["value"]
            else:
                v["params"] = {name: v["value"]}
                v["selected"] = filters.get(name) == v["value"]
        out[name] = {**facet, "values": values}
    return out


def in_context(item: dict[str, Any]) -> dict[str, Any]:
    """A statement with its sentence cut around the content (``sentence_parts``: before,
    content, after) and its paragraph cut around the sentence (``paragraph_parts``), where
    the offsets agree; a paragraph that is only the sentence is left out."""
    sentence, start, end = item.get("sentence"), item.get("start"), item.get("end")
    if isinstance(sentence, dict) and isinstance(start, int) and isinstance(end, int):
        text, lo = sentence.get("text") or "", sentence.get("start")
        if isinstance(lo, int) and lo <= start <= end <= lo + len(text):
            a, b = start - lo, end - lo
            item["sentence_parts"] = [text[:a], text[a:b], text[b:]]
        para = item.get("paragraph")
        if isinstance(para, dict) and isinstance(lo, int) and para.get("text") != text:
            ptext, plo = para.get("text") or "", para.get("start") or 0
            if plo <= lo and lo + len(text) <= plo + len(ptext):
                a, b = lo - plo, lo - plo + len(text)
                item["paragraph_parts"] = [ptext[:a], ptext[a:b], ptext[b:]]
    return item


def _link_statement(item: dict[str, Any]) -> dict[str, Any]:
    if "original_url" in item:
        item["original_url"] = _web_url(item["original_url"])
    return in_context(links.link_statement(item))


def _items(value: Any) -> list[dict[str, Any]]:
    """A list, or the items of a Page."""
    if isinstance(value, dict):
        value = value.get("items")
    return [dict(x) for x in value or [] if isinstance(x, dict)]


def statement(store: Store, statement_id: str) -> dict[str, Any]:
    item = store.statement(statement_id)
    if item is None:
        raise NotFound(f"no statement {statement_id!r}")
    item = _link_statement(dict(item))
    item["aligned"] = [_link_statement(x) for x in _items(item.get("aligned"))]
    for relay in item.get("relay_chain") or []:
        if isinstance(relay, dict) and relay.get("entity"):
            relay["url"] = links.entity_url(relay["entity"])
    ent = item.get("speaker_entity_record")
    if isinstance(ent, dict):
        links.link_entity(ent)
    claim = item.get("claim_record")
    if isinstance(claim, dict):
        claim["url"] = links.claim_url(claim["id"])
    return item


def correct(
    store: Store,
    statement_id: str,
    action: str,
    *,
    author: str,
    reason: str,
    entity: str | None = None,
) -> dict[str, Any]:
    """Record a correction of a statement (NotFound: no such statement; InputError: a bad
    action, a missing author or reason, an unknown entity)."""
    if store.statement(statement_id) is None:
        raise NotFound(f"no statement {statement_id!r}")
    return store.add_correction(statement_id, action, author=author, reason=reason, entity=entity)


def undo_correction(store: Store, correction_id: int, *, author: str) -> dict[str, Any]:
    """Undo a correction; ``url``: the page of what it corrected."""
    found = dict(store.undo_correction(correction_id, author=author))
    if found.get("statement_id"):
        found["url"] = links.statement_url(found["statement_id"])
    else:
        found["url"] = links.entity_url(found.get("target_id") or found.get("entity_id") or "")
    return found


def correction_list(store: Store, *, limit: int | None = None) -> dict[str, Any]:
    """Every correction, newest first, undone ones included (the audit trail): who, when,
    why, and the ``url`` of the page of what it corrected."""
    limit, _ = paging(limit, 0)
    items = []
    for c in store.corrections(limit=limit):
        c = dict(c)
        if c.get("statement_id"):
            c["url"] = links.statement_url(c["statement_id"])
        else:
            c["url"] = links.entity_url(c.get("entity_id") or "")
            c["target_url"] = links.entity_url(c.get("target_id") or "")
        if isinstance(c.get("names"), str):
            c["names"] = json.loads(c["names"])
        items.append(c)
    return {"items": items, "limit": limit}


def correct_entity(
    store: Store,
    key: str,
    action: str,
    *,
    author: str,
    reason: str,
    into: str | None = None,
    names: list[str] | None = None,
) -> dict[str, Any]:
    """Merge an entity into another or split names off it (NotFound: no such entity;
    InputError: a bad action, missing author or reason, unknown entity or names)."""
    if not store.entity_names([key]):
        raise NotFound(f"no entity {key!r}")
    found = dict(
        store.correct_entity(
            key, action, author=author, reason=reason, into=into, names=names or []
        )
    )
    found["url"] = links.entity_url(found["target_id"] if action == "merge" else found["entity_id"])
    return found


def entity_list(
    store: Store,
    *,
    q: str | None = None,
    type: str | None = None,
    limit: int | None = None,
    offset: int | None = None,
) -> dict[str, Any]:
    page = _list(store.entities, links.link_entity, limit, offset, q=q, type=type)
    ids = [e["id"] for e in page["items"] if e.get("id")]
    found = store.entity_corrections(ids, standing=True) if ids else []
    for e in page["items"]:
        mine = [c for c in found if e.get("id") in (c["entity_id"], c["target_id"])]
        e["corrections"] = [describe_entity_correction(c) for c in mine]
    return page


def describe_entity_correction(c: dict[str, Any]) -> str:
    """A merge or split in one line: what, by whom, when, why."""
    source = c.get("entity_name") or c.get("entity_id")
    target = c.get("target_name") or c.get("target_id")
    if c.get("action") == "merge":
        what = f"merged {source} into {target}"
    else:
        what = f"split {', '.join(c.get('names') or [])} off {source} into {target}"
    when = (c.get("created_at") or "")[:10]
    return f"{what}: {c.get('author')} ({when}): {c.get('reason')}"


def entity(store: Store, key: str) -> dict[str, Any]:
    item = store.entity(key)
    if item is None:
        raise NotFound(f"no entity {key!r}")
    item = links.link_entity(dict(item))
    for k in ("statements_by", "statements_about"):
        raw = item.get(k)
        item[f"{k}_total"] = raw.get("total") if isinstance(raw, dict) else len(raw or [])
        item[k] = [_link_statement(x) for x in _items(raw)]
    item["cooccurring"] = [links.link_entity(x) for x in _items(item.get("cooccurring"))]
    item["contested"] = _contested(store, item)
    if key.startswith("e_") and key != item["id"]:
        item["merged_from"] = key  # an entity merged into this one: its page is this one
    item["corrections"] = [_link_entity_correction(c) for c in store.entity_corrections(item["id"])]
    return item


def _link_entity_correction(c: dict[str, Any]) -> dict[str, Any]:
    c = dict(c)
    for k in ("entity_id", "target_id"):
        if c.get(k):
            c[k.replace("_id", "_url")] = links.entity_url(c[k])
    return c


def _contested(store: Store, item: dict[str, Any]) -> list[dict[str, Any]]:
    """Aligned claims by or about an entity that sources disagree on: the claims of its
    statements, read in one query without their member lists."""
    ids = [s["claim"] for s in item["statements_by"] + item["statements_about"] if s.get("claim")]
    ids = list(dict.fromkeys(ids))[:CONTESTED_LIMIT]
    if not ids:
        return []
    claims = _items(store.claims(ids=ids, contradicted=True, members=0, speakers=0, limit=len(ids)))
    return [
        {
            "id": c["id"],
            "label": c.get("label"),
            "kind": c.get("kind"),
            "url": links.claim_url(c["id"]),
        }
        for c in claims
        if c.get("contradicted")
    ]


def story_list(
    store: Store, *, limit: int | None = None, offset: int | None = None
) -> dict[str, Any]:
    return _list(store.stories, links.link_story, limit, offset)


def story(store: Store, story_id: str) -> dict[str, Any]:
    """A story told: its articles, its claims (the same content in several of them), each
    number across outlets (first seen, changes, echoes), its contradictions, and the
    people and places it names. Claims are read brief (their first members); numbers and
    contradicted claims whole (timeline, echoes, every side's sources)."""
    item = store.story(story_id)
    if item is None:
        raise NotFound(f"no story {story_id!r}")
    item = links.link_story(dict(item))
    ids = list(item.pop("claim_ids", None) or [])
    shown = ids[:STORY_CLAIMS]
    brief = _items(store.claims(ids=shown, members=STORY_MEMBERS, speakers=0, limit=len(shown)))
    whole_ids = [c["id"] for c in brief if c.get("kind") == "quantity" or c.get("contradicted")]
    whole = {c["id"]: c for c in _items(store.claims(ids=whole_ids, limit=len(whole_ids)))}
    order = {cid: n for n, cid in enumerate(shown)}
    found = sorted(
        (whole.get(c["id"], c) for c in brief), key=lambda c: order.get(c.get("id", ""), 0)
    )
    raw = {c["id"]: list(c.get("members") or []) for c in found}
    claims = [_link_claim(c, members=STORY_MEMBERS, steps=STORY_CHANGES + 1) for c in found]
    for c in claims:  # lists the page does not show stay on the claim's page (totals kept)
        unshown = ("about", "speakers", "timeline", "sources", "echoes")
        for key in unshown if c.get("kind") != "quantity" else unshown[:2]:
            c.pop(key, None)
    item["claims"] = [c for c in claims if c.get("kind") != "quantity"]
    item["numbers"] = [
        _number_across_outlets(c, raw[c["id"]]) for c in claims if c.get("kind") == "quantity"
    ]
    item["claims_total"] = len(ids)
    _name_speakers(store, [m for c in item["claims"] for m in c["members"]])
    store.apply_corrections([m for c in item["claims"] for m in c["members"]])
    contradictions = []
    for c in claims:
        if not c.get("contradicted"):
            continue
        for x in store.contradictions(claim=c["id"], limit=STORY_CONTRADICTIONS)["items"]:
            sides = [x[k] for k in ("a", "b") if isinstance(x.get(k), dict)]
            contradictions.append(
                {
                    **x,
                    "url": links.contradiction_url(x.get("id", "")),
                    "claim": {"id": c["id"], "label": c.get("label"), "url": c["url"]},
                    "sides": [
                        _side(side, raw[c["id"]], ECHO_SOURCES_IN_LIST, ECHO_MEMBERS_IN_LIST)
                        for side in sides
                    ],
                }
            )
    sides = [side for x in contradictions for side in x["sides"]]
    _name_speakers(store, sides)
    store.apply_corrections(sides)
    item["contradictions"] = contradictions
    named = [links.link_entity(dict(e)) for e in item.pop("entities", None) or []]
    item["people"] = [e for e in named if e.get("type") == "PERSON"]
    item["places"] = [e for e in named if e.get("type") in PLACE_TYPES]
    item["organisations"] = [e for e in named if e.get("type") == "ORG"]
    return item


def _number_across_outlets(claim: dict[str, Any], members: list[dict[str, Any]]) -> dict[str, Any]:
    """A number claim as the story page shows it: where it was first seen, each change
    after that (with how many articles repeated a value), its echoes (copies and relays
    of another source) and each outlet's figures (``members``: all those the claim lists,
    in date order; STORY_OUTLETS outlets at most)."""
    steps = claim.get("timeline") or []
    claim["first_seen"] = steps[0] if steps else None
    claim["changes_total"] = max(0, claim.get("timeline_total", len(steps)) - 1)
    claim["changes"] = steps[1 : 1 + STORY_CHANGES]
    claim["echoes"] = (claim.get("echoes") or [])[:STORY_CHANGES]
    outlets: dict[str, dict[str, Any]] = {}
    for m in members:
        key = m.get("outlet") or m.get("article_id") or ""
        if key not in outlets and len(outlets) >= STORY_OUTLETS:
            continue
        row = outlets.setdefault(
            key,
            {"outlet": m.get("outlet"), "first": m.get("published"), "figures": [], "n_figures": 0},
        )
        row["n_figures"] += 1
        if len(row["figures"]) < STORY_FIGURES:
            figure = {k: m.get(k) for k in ("id", "article_id", "text", "value", "low", "high")}
            row["figures"].append(links.link_member(figure))
    claim["outlets"] = list(outlets.values())
    # what the page does not show stays on the number's own page (a claim lists hundreds)
    for key in ("timeline", "members", "sources", "speakers", "about"):
        claim.pop(key, None)
    return claim


def _agrees(member: dict[str, Any], side: dict[str, Any]) -> bool:
    if side.get("value") is not None or side.get("low") is not None:
        return (member.get("value"), member.get("low"), member.get("high")) == (
            side.get("value"),
            side.get("low"),
            side.get("high"),
        )
    negative = {"denied"}
    return (member.get("modality") in negative) == (side.get("modality") in negative)


def _member_view(m: dict[str, Any]) -> dict[str, Any]:
    m = links.link_member({k: m.get(k) for k in ("id", "article_id", "outlet", "published",
                                                  "speaker", "speaker_entity")})  # fmt: skip
    return m


def _side(
    side: dict[str, Any],
    members: list[dict[str, Any]],
    n_sources: int = ECHO_SOURCES,
    n_members: int = ECHO_MEMBERS,
) -> dict[str, Any]:
    """One side of a contradiction, with its independent-source count and echo chain
    (members of the claim that agree with it, grouped by the source they trace to).

    Uses the store's own per-side figures when it gives them; lists are trimmed to
    ``n_sources`` sources of ``n_members`` members each (totals kept)."""
    side = links.link_member(dict(side))
    if "n_sources" in side and isinstance(side.get("echo"), list):
        side["corroboration"] = side["n_sources"]
        return side
    agreeing = [m for m in members if _agrees(m, side)] or [side]
    sources: dict[str, list[dict[str, Any]]] = {}
    for m in agreeing:
        sources.setdefault(m.get("source") or m.get("outlet") or m["id"], []).append(m)
    ranked = sorted(sources.items(), key=lambda kv: (-len(kv[1]), kv[0]))
    side["corroboration"] = len(sources)
    side["echo_sources_total"] = len(sources)
    side["echo_members_total"] = len(agreeing)
    side["echo"] = [
        {
            "source": src,
            "n_members": len(ms),
            "members": [_member_view(m) for m in ms[:n_members]],
        }
        for src, ms in ranked[:n_sources]
    ]
    return side


def _link_contradiction(item: dict[str, Any], claim: dict[str, Any]) -> dict[str, Any]:
    """A contradiction's sides with their echo chains, from ``claim`` (its aligned claim,
    brief: the first members only)."""
    sides = [item[k] for k in ("a", "b") if isinstance(item.get(k), dict)]
    members = claim.get("members") or []
    item["sides"] = [_side(s, members, ECHO_SOURCES_IN_LIST, ECHO_MEMBERS_IN_LIST) for s in sides]
    item["claim"] = {
        "id": claim.get("id") or item.get("claim_id"),
        "label": claim.get("label") or (item.get("claim") or {}).get("label"),
        "n_sources": claim.get("n_sources"),
        "url": links.claim_url(claim.get("id") or item.get("claim_id") or ""),
    }
    item["url"] = links.contradiction_url(item.get("id", ""))
    return item


def contradiction_list(
    store: Store, *, limit: int | None = None, offset: int | None = None
) -> dict[str, Any]:
    limit, offset = paging(CONTRADICTIONS_PAGE if limit is None else limit, offset)
    page: dict[str, Any] = dict(store.contradictions(limit=limit, offset=offset))
    items = [dict(i) for i in page["items"]]
    # the claims of the page in one query, members only (not each claim's whole record)
    ids = list(dict.fromkeys(i["claim_id"] for i in items if i.get("claim_id")))
    claims: dict[str, dict[str, Any]] = {}
    if ids and not all(_sides_ready(i) for i in items):
        found = store.claims(ids=ids, members=CLAIM_MEMBERS, speakers=0, limit=len(ids))
        claims = {c["id"]: c for c in found["items"]}
    page["items"] = [_link_contradiction(i, claims.get(i.get("claim_id") or "", {})) for i in items]
    sides = [side for i in page["items"] for side in i["sides"]]
    _name_speakers(store, sides)
    store.apply_corrections(sides)
    return page


def _sides_ready(item: dict[str, Any]) -> bool:
    """The store gave each side its own source count and echo chain."""
    sides = [item[k] for k in ("a", "b") if isinstance(item.get(k), dict)]
    return all("n_sources" in s and isinstance(s.get("echo"), list) for s in sides)


def _source_size(source: dict[str, Any]) -> int:
    """Members of one source of a claim (the store may list only the first ones)."""
    return max(source.get("n_members") or 0, len(source.get("members") or []))


def _link_claim(
    item: dict[str, Any], members: int = CLAIM_MEMBERS, steps: int = CLAIM_MEMBERS
) -> dict[str, Any]:
    """URLs for a claim and its members; long member lists are cut to ``members`` and the
    timeline to ``steps`` (the totals stay in ``n_members`` / ``members_total`` and
    ``timeline_total``)."""
    everyone = item.get("members") or []
    item["members_total"] = max(item.get("n_members") or 0, len(everyone))
    item["members"] = [links.link_member(dict(m)) for m in everyone[:members]]
    timeline = item.get("timeline") or []
    item["timeline_total"] = len(timeline)
    item["timeline"] = [links.link_member(dict(t)) for t in timeline[:steps]]
    sources = item.get("sources") or []
    item["sources_total"] = max(item.get("n_sources") or 0, len(sources))
    item["sources"] = [
        {"source": s.get("source"), "n_members": _source_size(s)}
        for s in sorted(sources, key=lambda s: -_source_size(s))[:CLAIM_MEMBERS]
    ]
    echoes = item.get("echoes") or []
    item["echoes_total"] = max(item.get("n_echoes") or 0, len(echoes))
    item["echoes"] = echoes[:CLAIM_MEMBERS]
    item["url"] = links.claim_url(item.get("id", ""))
    return item


def claim_list(
    store: Store,
    *,
    about: str | None = None,
    since: str | None = None,
    limit: int | None = None,
    offset: int | None = None,
) -> dict[str, Any]:
    link = functools.partial(_link_claim, members=MEMBERS_IN_LIST)
    fetch = functools.partial(store.claims, members=MEMBERS_IN_LIST, speakers=SPEAKERS_IN_LIST)
    return _list(fetch, link, limit, offset, about=about, since=since)


def claim(store: Store, claim_id: str) -> dict[str, Any]:
    """One aligned claim: members, independent sources, echo chain, timeline, and the
    contradictions within it."""
    item = store.claim(claim_id)
    if item is None:
        raise NotFound(f"no claim {claim_id!r}")
    members = list(item.get("members") or [])
    item = _link_claim(dict(item))
    _name_speakers(store, item["members"])
    store.apply_corrections(item["members"])  # corrected since the last analyse
    found = item.get("contradictions")
    if found is None and item.get("contradicted"):
        found = store.contradictions(claim=claim_id, limit=CLAIM_CONTRADICTIONS)["items"]
    item["contradictions"] = [
        {
            **c,
            "url": links.contradiction_url(c.get("id", "")),
            "sides": [_side(c[k], members) for k in ("a", "b") if isinstance(c.get(k), dict)],
        }
        for c in found or []
    ]
    sides = [side for c in item["contradictions"] for side in c["sides"]]
    _name_speakers(store, sides)
    store.apply_corrections(sides)
    return item


def _name_speakers(store: Store, items: list[dict[str, Any]]) -> None:
    """Set ``speaker_name`` (and keep the mention as ``speaker_mention``) on items that
    carry a ``speaker_entity``: one query for all of them."""
    names = store.entity_names(str(i["speaker_entity"]) for i in items if i.get("speaker_entity"))
    for i in items:
        if i.get("speaker_entity") in names:
            i["speaker_name"] = names[i["speaker_entity"]]
            i.setdefault("speaker_mention", i.get("speaker"))


def _link_event(item: dict[str, Any]) -> dict[str, Any]:
    article, _local = links.split_statement_id(item.get("id", ""))
    item["url"] = links.article_url(item.get("article_id") or article)
    if "original_url" in item:
        item["original_url"] = _web_url(item["original_url"])
    if item.get("statement_id"):
        item["statement_url"] = links.statement_url(item["statement_id"])
    for key in ("actor_entity", "target_entity"):
        if item.get(key):
            item[key + "_url"] = links.entity_url(item[key])
    if item.get("place"):
        item["place_url"] = "/events?" + urlencode({"near": item["place"]})
    return item


def event_list(
    store: Store,
    *,
    type: str | None = None,
    actor: str | None = None,
    near: str | None = None,
    since: str | None = None,
    until: str | None = None,
    limit: int | None = None,
    offset: int | None = None,
    summary: bool = False,
) -> dict[str, Any]:
    """A page of events; ``summary``: with the matching events per day, per type and per
    geocoded point (the events page's timeline, type pick-list and map)."""
    filters = {"type": type, "actor": actor, "near": near, "since": since, "until": until}
    page = _list(store.events, _link_event, limit, offset, **filters)
    page["filters"] = {k: _blank(v) for k, v in filters.items()}
    if summary:
        # past count_cap matching events, a live count would not finish within its budget:
        # skip the try (the unfiltered summary saved by analyse is read whatever the budget)
        many = isinstance(page.get("total"), int) and page["total"] > get_settings().count_cap
        budget = 0 if many else EVENT_SUMMARY_MS
        found = store.event_summary(budget_ms=budget, **page["filters"])
        for p in found["points"]:
            p["url"] = "/events?" + urlencode({"near": p["place"]}) if p.get("place") else None
        page["summary"] = found
    return page


def search(store: Store, q: str | None, *, limit: int | None = None) -> dict[str, Any]:
    """Full-text search over statements and article text."""
    q = _blank(q)
    limit, _ = paging(limit, 0)
    if q is None:
        empty = {"items": [], "total": 0, "limit": limit, "offset": 0}
        return {"q": None, "statements": empty, "articles": dict(empty)}
    return {
        "q": q,
        "statements": statement_list(store, q=q, limit=limit),
        "articles": article_list(store, q=q, limit=limit),
    }
