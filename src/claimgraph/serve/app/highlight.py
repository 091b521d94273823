"""Article text cut into highlighted segments, from the record's offsets.

The text is untrusted: this module never produces HTML. It returns plain segments (text plus
the set of roles covering it); the template escapes each segment's text. Roles:
``removed`` (boilerplate), ``entity``, ``speaker``, ``cue``, ``content``, ``number``.
A segment inside a statement also carries that statement's id, so the page can link it.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from typing import Any

ROLES = ("removed", "entity", "speaker", "cue", "content", "number")


@dataclass(slots=True)
class Segment:
    start: int
    end: int
    text: str
    roles: set[str] = field(default_factory=set)
    statement: str | None = None  # local statement id ("S3") covering this segment
    anchors: list[str] = field(default_factory=list)  # statements whose first char is here
    entity: str | None = None  # local entity id of a mention covering this segment

    @property
    def css(self) -> str:
        return " ".join(f"hl-{r}" for r in ROLES if r in self.roles)


def _span(data: Any) -> tuple[int, int] | None:
    if not isinstance(data, dict):
        return None
    try:
        start, end = int(data["start"]), int(data["end"])
    except (KeyError, TypeError, ValueError):
        return None
    return (start, end) if end > start else None


def _marks(record: dict[str, Any]) -> list[tuple[int, int, str, str | None]]:
    """(start, end, role, id) for every highlighted range of the record."""
    marks: list[tuple[int, int, str, str | None]] = []
    for r in record.get("removed") or []:
        if (s := _span(r)) is not None:
            marks.append((*s, "removed", None))
    for e in record.get("entities") or []:
        for m in e.get("mentions") or []:
            if (s := _span(m)) is not None:
                marks.append((*s, "entity", e.get("id")))
    for st in record.get("statements") or []:
        sid = st.get("id")
        cover = [_span(st.get("content")), _span(st.get("cue"))]
        speaker = st.get("speaker") or {}
        cover.append(_span(speaker.get("span")))
        for s, role in zip(cover, ("content", "cue", "speaker"), strict=True):
            if s is not None:
                marks.append((*s, role, sid))
    for q in record.get("quantities") or []:
        if (s := _span(q.get("span"))) is not None:
            marks.append((*s, "number", q.get("id")))
    return marks


def segments(record: dict[str, Any]) -> list[Segment]:
    """Cut ``record["text"]`` at every span boundary; each piece knows what covers it."""
    text: str = record.get("text") or ""
    n = len(text)
    marks = [(max(0, s), min(n, e), role, i) for s, e, role, i in _marks(record) if s < n]
    cuts = sorted({0, n, *(s for s, _, _, _ in marks), *(e for _, e, _, _ in marks)})
    starts: dict[Any, int] = {}
    for s, _e, role, i in marks:
        if role in ("speaker", "cue", "content") and i is not None:
            starts[i] = min(starts.get(i, s), s)
    anchor_at: dict[int, list[str]] = {}
    for sid, pos in starts.items():
        anchor_at.setdefault(pos, []).append(sid)
    # Sweep: marks sorted by start; active set recomputed per segment (texts are short).
    out: list[Segment] = []
    by_start = sorted(marks)
    k = 0
    active: list[tuple[int, int, str, str | None]] = []
    for a, b in itertools.pairwise(cuts):
        while k < len(by_start) and by_start[k][0] <= a:
            active.append(by_start[k])
            k += 1
        active = [m for m in active if m[1] > a]
        seg = Segment(a, b, text[a:b], anchors=anchor_at.get(a, []))
        for _s, _e, role, i in active:
            seg.roles.add(role)
            if role in ("speaker", "cue", "content") and seg.statement is None:
                seg.statement = i
            if role == "entity" and seg.entity is None:
                seg.entity = i
        if "removed" in seg.roles:  # nothing in boilerplate is a claim
            seg.roles = {"removed"}
            seg.statement = seg.entity = None
        out.append(seg)
    return out
