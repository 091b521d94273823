"""Readable terminal summary of a record."""

from __future__ import annotations

import textwrap

from claimgraph.models import Record


def _short(text: str, width: int = 110) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


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
            lines.append(textwrap.indent(_short(s.content.text), "        “") + "”")
    if record.quantities:
        lines.append(f"-- quantities ({len(record.quantities)})")
        for q in record.quantities:
            what = f" {q.unit}" if q.unit else ""
            tied = f" ← {q.statement}" if q.statement else ""
            lines.append(f"   {q.id:<4} {q.span.text!r}: {q.approx} {q.value}{what}{tied}")
    if record.events:
        lines.append(f"-- events ({len(record.events)})")
        for ev in record.events:
            where = (
                f" @ {ev.location['span']['text'] if isinstance(ev.location.get('span'), dict) else ev.location.get('span')}"
                if ev.location
                else ""
            )
            lines.append(f"   {ev.id:<4} {ev.type:<10} {ev.trigger.text!r}{where} ({ev.modality})")
    if record.flags:
        lines.append(f"-- flags ({len(record.flags)})")
        for f in record.flags:
            lines.append(f"   ! {f.code}: {f.message}")
    return "\n".join(lines)
