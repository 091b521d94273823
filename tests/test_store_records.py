"""Hand-built fictional records for store and analysis tests (no extractor needed)."""

from __future__ import annotations

from typing import Any


def span(text: str, part: str, start_at: int = 0) -> dict[str, Any]:
    start = text.index(part, start_at)
    return {"start": start, "end": start + len(part), "text": part}


def make_record(
    text: str,
    *,
    outlet: str,
    published: str,
    title: str | None = None,
    entities: list[tuple[str, str, str]] = (),  # (id, name, type): mentions found in text
    statements: list[dict[str, Any]] = (),  # {"id", "speaker", "entity", "cue", "content", ...}
    quantities: list[dict[str, Any]] = (),  # {"id", "text", "value", "approx", "unit", ...}
    events: list[dict[str, Any]] = (),
    url: str | None = None,
    extractor: str = "test-extractor 1",
) -> dict[str, Any]:
    ents = []
    for eid, name, type_ in entities:
        mentions, at = [], 0
        while name in text[at:]:
            m = span(text, name, at)
            mentions.append({**m, "kind": "name"})
            at = m["end"]
        ents.append({"id": eid, "name": name, "type": type_, "aliases": [], "mentions": mentions})
    sts = []
    for s in statements:
        sts.append(
            {
                "id": s["id"],
                "cue": span(text, s["cue"]),
                "content": span(text, s["content"]),
                "speaker": {"span": span(text, s["speaker"]), "entity": s.get("entity")}
                if s.get("speaker")
                else None,
                "kind": s.get("kind", "indirect"),
                "recipient": None,
                "via": [{"span": span(text, v), "entity": None} for v in s.get("via", [])],
                "modality": s.get("modality", "asserted"),
                "sentence": None,
                "dates": [],
            }
        )
    qs = []
    for q in quantities:
        qs.append(
            {
                "id": q["id"],
                "span": span(text, q["text"]),
                "value": q["value"],
                "low": q.get("low"),
                "high": q.get("high"),
                "approx": q.get("approx", "exact"),
                "unit": q.get("unit"),
                "subject": None,
                "statement": q.get("statement"),
            }
        )
    return {
        "schema": "claimgraph/1",
        "source": f"{outlet}/{published}",
        "text": text,
        "title": title or text.split(".")[0],
        "published": published,
        "author": None,
        "outlet": outlet,
        "url": url,
        "language": "en",
        "removed": [],
        "entities": ents,
        "statements": sts,
        "quantities": qs,
        "events": list(events),
        "dates": [],
        "flags": [],
        "extractor": extractor,
    }


TROOPS = (
    "Defence minister Alda Renvik said about 12,000 Dravenian troops were in Sevria. "
    "The Dravenian foreign ministry denied that troops had crossed into Sevria."
)


def troops_record(outlet: str, published: str, value: str, approx: str, **extra: Any) -> dict:
    text = TROOPS.replace("about 12,000", value)
    number = float(value.split()[-1].replace(",", ""))
    return make_record(
        text,
        outlet=outlet,
        published=published,
        entities=[
            ("E1", "Alda Renvik", "PERSON"),
            ("E2", "Dravenian", "NORP"),
            ("E3", "Sevria", "GPE"),
        ],
        statements=[
            {
                "id": "S1",
                "speaker": "Alda Renvik",
                "entity": "E1",
                "cue": "said",
                "content": f"{value} Dravenian troops were in Sevria",
            },
            {
                "id": "S2",
                "speaker": "The Dravenian foreign ministry",
                "cue": "denied",
                "content": "troops had crossed into Sevria",
                "modality": "denied",
            },
        ],
        quantities=[
            {
                "id": "Q1",
                "text": value,
                "value": number,
                "approx": approx,
                "unit": "troops",
                "statement": "S1",
            }
        ],
        **extra,
    )


def test_make_record_offsets_index_text() -> None:
    record = troops_record("Kestrel Wire", "2026-03-09", "about 12,000", "approximate")
    text = record["text"]
    for st in record["statements"]:
        for key in ("cue", "content"):
            s = st[key]
            assert text[s["start"] : s["end"]] == s["text"]
    q = record["quantities"][0]["span"]
    assert text[q["start"] : q["end"]] == "about 12,000"
