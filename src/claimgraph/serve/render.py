"""Readable terminal summary of a record."""

from __future__ import annotations

import textwrap

from claimgraph.models import Actor, Event, Record


def _short(text: str, width: int = 110) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _num(value: float | None) -> str:
    if value is None:
        return "?"
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,}"


def _actor(actor: Actor | None, names: dict[str, str]) -> str | None:
    if actor is None:
        return None
    name = names.get(actor.entity or "")
    return name if name and name != actor.span.text else actor.span.text


def _event_args(ev: Event, names: dict[str, str]) -> str:
    """' Dravenia → Sevria @ Rennick (Dravenia) on 2026-03-08 [Q1]', parts as present."""
    out = ""
    actor, target = _actor(ev.actor, names), _actor(ev.target, names)
    if actor or target:
        out += f" {actor or '?'} → {target or '?'}"
    if ev.location:
        span = ev.location.get("span")
        place = ev.location.get("place") or {}
        text_of = getattr(span, "text", None)
        where = str(text_of) if text_of is not None else (span or {}).get("text", "")
        country = place.get("country")
        out += f" @ {where}" + (f" ({country})" if country and country != where else "")
    if ev.date is not None and ev.date.value:
        out += f" on {ev.date.value}"
    if ev.quantity:
        out += f" [{ev.quantity}]"
    return out


def render_summary(record: Record) -> str:
    names = {e.id: e.name for e in record.entities}
    lines = [f"== {record.title or record.source}"]
    meta = [f"source: {record.source}"]
    if record.published:
        meta.append(f"published: {record.published}")
    if record.outlet:
        meta.append(f"outlet: {record.outlet}")
    lines.append("   " + " | ".join(meta))
    if record.entities:
        lines.append(f"-- entities ({len(record.entities)})")
        for e in record.entities:
            aliases = (
                f" (also: {', '.join(a for a in e.aliases if a != e.name)})"
                if len(e.aliases) > 1
                else ""
            )
            lines.append(f"   {e.id:<4} {e.type:<7} {e.name}{aliases} ×{len(e.mentions)}")
    if record.statements:
        lines.append(f"-- statements ({len(record.statements)})")
        for s in record.statements:
            who = "(unattributed)"
            if s.speaker is not None:
                who = s.speaker.span.text
                if s.speaker.entity and names.get(s.speaker.entity) not in (None, who):
                    who += f" → {names[s.speaker.entity]}"
            via = "".join(f" via {v.span.text}" for v in s.via)
            to = f" to {s.recipient.text}" if s.recipient else ""
            lines.append(f"   {s.id:<4} {who} [{s.cue.text}]{to}{via}  ({s.kind}, {s.modality})")
            # A quote split around its cue shows its pieces, not the cue inside them.
            content = " … ".join(p.text for p in s.content_parts) or s.content.text
            lines.append(textwrap.indent(_short(content), "        “") + "”")
    if record.quantities:
        lines.append(f"-- quantities ({len(record.quantities)})")
        for q in record.quantities:
            what = f" {q.unit}" if q.unit else ""
            tied = f" ← {q.statement}" if q.statement else ""
            value = f"{_num(q.low)}–{_num(q.high)}" if q.approx == "range" else _num(q.value)
            lines.append(f"   {q.id:<4} {q.span.text!r}: {q.approx} {value}{what}{tied}")
    if record.events:
        lines.append(f"-- events ({len(record.events)})")
        for ev in record.events:
            lines.append(
                f"   {ev.id:<4} {ev.type:<10} {ev.trigger.text!r}{_event_args(ev, names)}"
                f" ({ev.modality})"
            )
    if record.flags:
        lines.append(f"-- flags ({len(record.flags)})")
        for f in record.flags:
            lines.append(f"   ! {f.code}: {f.message}")
    return "\n".join(lines)
