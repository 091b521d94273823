"""Server-side SVG charts as plain geometry (the template draws them; no JS, no CDN).

``timeline`` places stories (rows) on a shared date axis, one dot per article;
``histogram`` counts dated items per month (an entity's mention timeline).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

# Chart geometry in SVG user units (the SVG scales to the page width).
WIDTH = 760
LABEL_W = 250
LABEL_CHARS = 30  # row labels longer than this are cut (full text in the tooltip)
RIGHT_PAD = 45
ROW_H = 26
AXIS_H = 28
BAR_H = 90
MAX_TICKS = 6
MAX_BAR_W = 36
DAILY_UP_TO_DAYS = 92  # histograms count per day up to this span, per month beyond


def _day(value: Any) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        try:
            return date.fromisoformat(str(value)[:7] + "-01")
        except ValueError:
            return None


def _ticks(lo: date, hi: date, x0: float, span: float) -> list[dict[str, Any]]:
    """Up to MAX_TICKS dated ticks from ``lo`` to ``hi``: the last one is always ``hi`` (a
    tick too close to it gives way, so the axis never drops its last date)."""
    days = max((hi - lo).days, 1)
    step = max(1, math.ceil(days / (MAX_TICKS - 1)))
    out: list[dict[str, Any]] = []
    for i in range(MAX_TICKS):
        d = date.fromordinal(min(lo.toordinal() + i * step, hi.toordinal()))
        x = x0 + span * (d - lo).days / days
        if out and x - out[-1]["x"] < 40:
            if d != hi:
                continue
            out.pop()  # the last date wins over the tick before it
        out.append({"x": round(x, 1), "label": d.isoformat()})
        if d == hi:
            break
    return out


def timeline(rows: list[dict[str, Any]]) -> dict[str, Any] | None:
    """rows: ``{"label", "url", "dates": [iso, ...]}`` -> geometry, or None without dates."""
    parsed = [(r, sorted(d for d in map(_day, r.get("dates") or []) if d)) for r in rows]
    all_days = [d for _, ds in parsed for d in ds]
    if not all_days:
        return None
    lo, hi = min(all_days), max(all_days)
    days = max((hi - lo).days, 1)
    x0, span = LABEL_W + 15, WIDTH - LABEL_W - 15 - RIGHT_PAD
    out_rows = []
    for i, (row, dated) in enumerate(parsed):
        y = AXIS_H + i * ROW_H + ROW_H / 2
        per_day = Counter(dated)  # one dot per day: a story syndicated hundreds of times
        ds = sorted(per_day)
        xs = [round(x0 + span * (d - lo).days / days, 1) for d in ds]
        label = str(row.get("label") or "")
        out_rows.append(
            {
                "y": y,
                "label": label if len(label) <= LABEL_CHARS else label[: LABEL_CHARS - 1] + "…",
                "title": label,
                "url": row.get("url"),
                "dots": [
                    {"x": x, "date": d.isoformat(), "count": per_day[d]}
                    for x, d in zip(xs, ds, strict=True)
                ],
                "x1": xs[0] if xs else None,
                "x2": xs[-1] if xs else None,
            }
        )
    height = AXIS_H + len(rows) * ROW_H + 8
    return {
        "width": WIDTH,
        "height": height,
        "label_w": LABEL_W,
        "ticks": _ticks(lo, hi, x0, span),
        "rows": out_rows,
        "axis_y": AXIS_H - 8,
        "bottom": height - 4,
    }


def histogram(dates: Iterable[str] | Mapping[str, int]) -> dict[str, Any] | None:
    """Counts of ISO dates per day (short spans) or per month, as bars. ``dates`` is a list
    of dates, or a {date: count} map (an aggregate, so a chart costs its distinct days)."""
    weights = dates if isinstance(dates, Mapping) else Counter(dates)
    per_day: Counter[date] = Counter()
    for value, n in weights.items():
        d = _day(value)
        if d and n:
            per_day[d] += int(n)
    if not per_day:
        return None
    lo, hi = min(per_day), max(per_day)
    counts: Counter[str] = Counter()
    if (hi - lo).days <= DAILY_UP_TO_DAYS:
        for d, n in per_day.items():
            counts[d.isoformat()] += n
        keys = [date.fromordinal(o).isoformat() for o in range(lo.toordinal(), hi.toordinal() + 1)]
    else:
        for d, n in per_day.items():
            counts[d.isoformat()[:7]] += n
        keys = sorted(counts)
    top = max(counts.values())
    slot = (WIDTH - 60) / len(keys)
    width = min(max(slot * 0.7, 2), MAX_BAR_W)
    bars = []
    for i, key in enumerate(keys):
        h = round(BAR_H * counts.get(key, 0) / top, 1)
        bars.append(
            {
                "x": round(50 + i * slot + (slot - width) / 2, 1),
                "w": round(width, 1),
                "y": round(10 + BAR_H - h, 1),
                "h": h,
                "label": key,
                "count": counts.get(key, 0),
            }
        )
    every = max(1, -(-len(keys) // MAX_TICKS))
    return {
        "width": WIDTH,
        "height": BAR_H + 40,
        "bars": bars,
        "top": top,
        "base": 10 + BAR_H,
        "labels": [b for i, b in enumerate(bars) if i % every == 0],
    }


MAP_W, MAP_H = 720, 360  # 2 px per degree
GRATICULE = 30  # degrees between grid lines


def world_map(points: Iterable[Mapping[str, Any]]) -> dict[str, Any] | None:
    """Geocoded points on a plain equirectangular projection (x from longitude, y from
    latitude, 2 px a degree), drawn offline: no tiles, no outline data. A point's radius
    grows with the square root of its count. None without any point."""
    out: list[dict[str, Any]] = []
    for p in points:
        lat, lon = p.get("lat"), p.get("lon")
        if not isinstance(lat, int | float) or not isinstance(lon, int | float):
            continue
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            continue
        n = int(p.get("count") or 1)
        out.append(
            {
                "x": round((lon + 180) * MAP_W / 360, 1),
                "y": round((90 - lat) * MAP_H / 180, 1),
                "r": round(min(3 + 2 * math.sqrt(n), 14), 1),
                "count": n,
                "label": ", ".join(str(x) for x in (p.get("place"), p.get("country")) if x),
                "place": p.get("place"),
            }
        )
    if not out:
        return None
    out.sort(key=lambda p: -p["r"])  # small points drawn last, on top
    return {
        "width": MAP_W,
        "height": MAP_H,
        "points": out,
        "meridians": [round((lon + 180) * MAP_W / 360, 1) for lon in range(-180, 181, GRATICULE)],
        "parallels": [round((90 - lat) * MAP_H / 180, 1) for lat in range(-90, 91, GRATICULE)],
        "equator": MAP_H / 2,
        "greenwich": MAP_W / 2,
    }
