"""A record dict -> the rows of every table it feeds (pure: no database here).

Built apart from running SQL (sqlite-utils' build/insert split), so the mapping can be tested
without a database and the store only executes.
"""

from __future__ import annotations

import hashlib
import json
from bisect import bisect_left
from datetime import UTC, datetime
from typing import Any, NamedTuple

from claimgraph.analysis.claims import (
    clause_terms,
    is_additional,
    is_habitual,
    is_update,
    owner_of,
    quantity_key,
    sentence_bounds,
    sentence_ends,
    toll_of,
)
from claimgraph.analysis.duplicates import signature, text_hash
from claimgraph.analysis.entities import corpus_id, entity_key
from claimgraph.analysis.stories import article_terms
from claimgraph.analysis.text import body_text

# Entity types whose names in a number's sentence say what the number is about.
CONTEXT_TYPES = frozenset({"GPE", "LOC", "FAC", "NORP", "PERSON", "ORG"})


def article_id(record: dict[str, Any]) -> str:
    """Content-hash id: sha256 of outlet, url and text (so the same text published by two
    outlets is two articles, found again as exact duplicates; re-ingesting adds nothing)."""
    key = "\x00".join([record.get("outlet") or "", record.get("url") or "", record["text"]])
    return "a_" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


# one encoder for every row (json.dumps with options builds a new one per call)
_dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


def _record_json(record: dict[str, Any], parts: dict[str, list[str]]) -> str:
    """``_dumps(record)`` reusing the JSON already made of its items: ``parts[key]`` holds
    the encoded elements of the list ``record[key]`` (the same text the encoder writes for
    them nested)."""
    out = []
    for key, value in record.items():
        if not isinstance(key, str):  # the encoder's key coercion: leave it to it
            return _dumps(record)
        encoded = parts.get(key)
        if encoded is not None and isinstance(value, list) and len(value) == len(encoded):
            out.append(_dumps(key) + ":[" + ",".join(encoded) + "]")
        else:
            out.append(_dumps(key) + ":" + _dumps(value))
    return "{" + ",".join(out) + "}"


def _sorted_ints(values: list[Any]) -> list[Any] | tuple[int, ...]:
    """Mention starts as a sorted tuple when all are integers (searched by bisection), as
    they are otherwise."""
    return tuple(sorted(values)) if all(type(v) is int for v in values) else values


def _any_in(starts: list[Any] | tuple[int, ...], lo: int, hi: int) -> bool:
    """Is a start in [lo, hi)? (a number's sentence names the entity)"""
    if isinstance(starts, tuple):
        i = bisect_left(starts, lo)
        return i < len(starts) and starts[i] < hi
    return any(lo <= m < hi for m in starts)


def _span_text(span: dict[str, Any] | None) -> str | None:
    return None if not span else span.get("text")


class PreparedRecord(NamedTuple):
    """A record ready for a store's writer: its id, where it came from, its rows."""

    id: str
    source: str
    rows: dict[str, list[dict[str, Any]]]


def prepare_rows(record: dict[str, Any]) -> PreparedRecord:
    """The rows of ``record`` under its id (given, or the content hash). Pure and picklable,
    so it runs where the record is made (:func:`claimgraph.pipeline.extract_pairs`'
    ``finish``); raises KeyError/TypeError/ValueError/AttributeError on a bad record."""
    rid = record.get("id") or article_id(record)
    return PreparedRecord(rid, str(record.get("source", "?")), build_rows({**record, "id": rid}))


def build_rows(record: dict[str, Any], now: str | None = None) -> dict[str, list[dict[str, Any]]]:
    """Rows keyed by table name for one record dict (``Record.to_dict()`` plus optional
    ``url`` and ``id``)."""
    if not isinstance(record.get("text"), str) or not record["text"].strip():
        raise ValueError("record has no text")
    aid = record.get("id") or article_id(record)
    text = record["text"]
    published = record.get("published")
    outlet = record.get("outlet")
    body = body_text(record)  # duplicates are judged on the story, not the site's wrapping
    sig = signature(body)
    local_to_corpus: dict[str, str] = {}
    entity_rows = []
    mentions_of: dict[str, list[dict[str, Any]]] = {}
    for ent in record.get("entities") or []:
        key = entity_key(ent.get("name") or "", ent.get("type") or "", ent.get("place"))
        eid = corpus_id(ent.get("type") or "", key)
        local_to_corpus[ent["id"]] = eid
        mentions = ent.get("mentions") or []
        mentions_of[ent["id"]] = mentions
        entity_rows.append(
            {
                "article_id": aid,
                "local_id": ent["id"],
                "entity_id": eid,
                "name": ent.get("name"),
                "type": ent.get("type"),
                "key": key,
                "n_mentions": len(mentions),
                "mentions": _dumps(mentions),
                "published": published,
            }
        )
    statement_rows = []
    statement_json = []
    statement_by_local: dict[str, dict[str, Any]] = {}
    quantity_statements = {q.get("statement") for q in record.get("quantities") or []}
    for st in record.get("statements") or []:
        speaker = st.get("speaker") or {}
        via = [
            {"text": _span_text(v.get("span")), "entity": local_to_corpus.get(v.get("entity"))}
            for v in st.get("via") or []
        ]
        data = _dumps(st)
        statement_json.append(data)
        row = {
            "id": f"{aid}:{st['id']}",
            "article_id": aid,
            "local_id": st["id"],
            "speaker": _span_text(speaker.get("span")),
            "speaker_entity": local_to_corpus.get(speaker.get("entity") or ""),
            "cue": _span_text(st.get("cue")),
            "content": _span_text(st.get("content")),
            "kind": st.get("kind"),
            "modality": st.get("modality"),
            "recipient": _span_text(st.get("recipient")),
            "via": _dumps(via),
            "origin": (via[-1]["entity"] or via[-1]["text"]) if via else None,
            "has_number": st["id"] in quantity_statements,
            "start": (st.get("content") or {}).get("start"),
            "end": (st.get("content") or {}).get("end"),
            "published": published,
            "outlet": outlet,
            "claim": None,
            "data": data,
        }
        statement_rows.append(row)
        statement_by_local[st["id"]] = st
    quantity_rows = []
    ends = sentence_ends(text) if record.get("quantities") else []
    # what a number is about: the named things in its sentence (people by surname)
    context = [
        (
            ent["id"],
            (ent.get("name") or "").split()[-1:][0]
            if ent.get("type") == "PERSON" and (ent.get("name") or "").split()
            else ent.get("name") or "",
            _sorted_ints([m["start"] for m in mentions_of.get(ent["id"], [])]),
        )
        for ent in record.get("entities") or []
        if ent.get("type") in CONTEXT_TYPES
    ]
    organisations = sorted(
        (m["start"], m["end"], ent.get("name") or "")
        for ent in record.get("entities") or []
        if ent.get("type") == "ORG"
        for m in mentions_of.get(ent["id"], [])
        if isinstance(m.get("start"), int) and isinstance(m.get("end"), int)
    )
    for q in record.get("quantities") or []:
        span = q.get("span") or {}
        st = statement_by_local.get(q.get("statement") or "")
        if st and st.get("sentence"):
            lo, hi = st["sentence"]["start"], st["sentence"]["end"]
        else:
            lo, hi = sentence_bounds(text, span.get("start", 0), span.get("end", 0), ends)
        speaker = ((st or {}).get("speaker") or {}).get("entity")
        stems = {
            name for eid, name, starts in context if eid != speaker and _any_in(starts, lo, hi)
        }
        before = text[lo : span.get("start", lo)]
        after = text[span.get("end", hi) : hi]
        quantity_rows.append(
            {
                "id": f"{aid}:{q['id']}",
                "article_id": aid,
                "statement_id": f"{aid}:{q['statement']}" if q.get("statement") else None,
                "value": q.get("value"),
                "low": q.get("low"),
                "high": q.get("high"),
                "approx": q.get("approx"),
                "unit": q.get("unit"),
                "subject": _span_text(q.get("subject")),
                "text": span.get("text"),
                "start": span.get("start"),
                "end": span.get("end"),
                "published": published,
                "outlet": outlet,
                "qkey": quantity_key(
                    q.get("unit"),
                    _span_text(q.get("subject")),
                    stems,
                    toll_of(before, after),
                ),
                "claim": None,
                "data": _dumps(
                    {
                        **q,
                        "clause": clause_terms(before, after),
                        "update": is_update(before),
                        "habitual": is_habitual(before, after),
                        "additional": is_additional(before, after),
                        "context": sorted(stems),  # for `claims --about`
                        "owner": owner_of(
                            span.get("start", lo), span.get("end", hi), organisations, lo, hi
                        ),
                    }
                ),
            }
        )
    event_rows = []
    event_json = []
    for ev in record.get("events") or []:
        data = _dumps(ev)
        event_json.append(data)
        location = ev.get("location") or {}
        place = location.get("place") or {}
        actor = ev.get("actor") or {}
        target = ev.get("target") or {}
        event_rows.append(
            {
                "id": f"{aid}:{ev['id']}",
                "article_id": aid,
                "type": ev.get("type"),
                "mode": ev.get("mode"),
                "acled": ev.get("acled"),
                "trigger": _span_text(ev.get("trigger")),
                "actor": _span_text(actor.get("span")),
                "actor_entity": local_to_corpus.get(actor.get("entity") or ""),
                "target": _span_text(target.get("span")),
                "target_entity": local_to_corpus.get(target.get("entity") or ""),
                "place": place.get("name") or _span_text(location.get("span")),
                "country": place.get("country"),
                "admin1": place.get("admin1"),
                "lat": place.get("lat"),
                "lon": place.get("lon"),
                "date": (ev.get("date") or {}).get("value"),
                "modality": ev.get("modality"),
                "statement_id": f"{aid}:{ev['statement']}" if ev.get("statement") else None,
                "published": published,
                "outlet": outlet,
                "data": data,
            }
        )
    stored = {k: v for k, v in record.items() if k not in {"id"}}
    article = {
        "id": aid,
        "text_hash": text_hash(body),
        "source": record.get("source"),
        "outlet": outlet,
        "title": record.get("title"),
        "published": published,
        "url": record.get("url"),
        "text": text,
        "record": _record_json(stored, {"statements": statement_json, "events": event_json}),
        "extractor": record.get("extractor"),
        "ingested_at": now or datetime.now(UTC).isoformat(timespec="seconds"),
        "n_statements": len(statement_rows),
        "n_quantities": len(quantity_rows),
        "n_entities": len(entity_rows),
        "minhash": sig.minhash,
        "terms": _dumps(article_terms(record)),
        "duplicate_of": None,
        "similarity": None,
        "duplicate_kind": None,
        "story": None,
    }
    return {
        "articles": [article],
        "lsh_bands": [{"band": b, "key": k, "article_id": aid} for b, k in enumerate(sig.bands)],
        "statements": statement_rows,
        "quantities": quantity_rows,
        "article_entities": entity_rows,
        "events": event_rows,
    }
