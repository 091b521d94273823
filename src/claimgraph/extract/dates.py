"""Time expressions normalised against the article's publication date.

Two entry points:

- :func:`normalise` turns one time expression into ``(value, precision)`` given a base date
  (the article's publication date): ``"on Sunday"`` -> ``("2024-11-03", "day")``,
  ``"last week"`` -> ``("2024-W44", "week")``, ``"in 2014"`` -> ``("2014", "year")``.
- :func:`extract_dates` finds the time expressions of a parsed document (spaCy DATE/TIME
  entities plus patterns the small model misses) and normalises each.

News conventions: weekday names are the most recent such day on or before publication
("on Sunday" in a Wednesday story is the Sunday just past); a month and day without a year
take the year that puts the date closest to publication; other relative expressions
("yesterday", "last month", "two weeks ago") count back from publication. Most expressions
are handled by the rules below (fast, exact); the rest go to dateparser with the
publication date as ``RELATIVE_BASE`` and ``PREFER_DATES_FROM = past``, cached.

Values follow TIMEX3 / ISO 8601: ``YYYY-MM-DD`` (day), ``YYYY-Www`` (week), ``YYYY-MM``
(month), ``YYYY`` (year), ``YYY`` (decade, precision ``decade``); ``None`` when the expression
cannot be anchored (a duration, "recently", or a relative date with no publication date).
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import TYPE_CHECKING

from claimgraph.extract.ranges import RangeIndex
from claimgraph.models import DateRef, Span

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

MONTHS = {
    name: i
    for i, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
WEEKDAYS = {
    name: i
    for i, names in enumerate(
        [
            ("monday", "mon"),
            ("tuesday", "tue", "tues"),
            ("wednesday", "wed"),
            ("thursday", "thu", "thur", "thurs"),
            ("friday", "fri"),
            ("saturday", "sat"),
            ("sunday", "sun"),
        ]
    )
    for name in names
}
NUMBER_WORDS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "several": None,
    "few": None,
    "a few": None,
}
UNITS = {"day": "day", "week": "week", "month": "month", "year": "year", "decade": "decade"}

_MONTH_RE = "|".join(sorted(MONTHS, key=len, reverse=True))
_WEEKDAY_RE = "|".join(sorted(WEEKDAYS, key=len, reverse=True))
_NUM_RE = r"\d+|" + "|".join(sorted((k for k in NUMBER_WORDS if " " not in k), key=len))
_YEAR_RE = r"(?:1[5-9]\d\d|20\d\d)"

# Leading words that do not change the value ("on Sunday", "earlier this month", ...).
_LEAD = re.compile(
    r"^(?:(?:on|in|at|by|since|from|until|till|during|of|as of|for|the|"
    r"earlier|later|early|late|mid|end of|beginning of|start of|the end of|"
    r"the beginning of|the start of|the middle of|the first half of|the second half of|"
    r"the summer of|the spring of|the winter of|the autumn of|the fall of|"
    r"around|about|before|after|until)[\s-]+)+",
    re.I,
)
_TRAIL = re.compile(r"[\s,.;:]+$")
_PART_OF_DAY = r"(?:\s+(?:morning|afternoon|evening|night|overnight))?"

_ISO = re.compile(rf"^({_YEAR_RE})-(\d\d)(?:-(\d\d))?(?:[T ].*)?$")
_NUMERIC = re.compile(rf"^(\d{{1,2}})[/.](\d{{1,2}})[/.]({_YEAR_RE}|\d\d)$")
_YEAR = re.compile(rf"^(?:the\s+year\s+)?({_YEAR_RE})$", re.I)
_DECADE = re.compile(r"^(?:the\s+)?(1[5-9]\d|20\d)0'?s$", re.I)
_MONTH_YEAR = re.compile(rf"^({_MONTH_RE})\.?,?\s+(?:of\s+)?({_YEAR_RE})$", re.I)
_MONTH_ONLY = re.compile(rf"^(?:this\s+|last\s+|next\s+)?({_MONTH_RE})\.?$", re.I)
_MONTH_DAY = re.compile(
    rf"^(?:(?:{_WEEKDAY_RE}),?\s+)?({_MONTH_RE})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?"
    rf"(?:,?\s+({_YEAR_RE}))?{_PART_OF_DAY}$",
    re.I,
)
_DAY_MONTH = re.compile(
    rf"^(?:(?:{_WEEKDAY_RE}),?\s+)?(?:the\s+)?(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?"
    rf"({_MONTH_RE})\.?(?:,?\s+({_YEAR_RE}))?{_PART_OF_DAY}$",
    re.I,
)
_WEEKDAY = re.compile(
    rf"^(last\s+|this\s+|next\s+|this\s+past\s+)?({_WEEKDAY_RE})\.?{_PART_OF_DAY}$", re.I
)
_DEICTIC = re.compile(
    r"^(today|tonight|yesterday|tomorrow|this\s+(?:morning|afternoon|evening)|"
    r"last\s+night|overnight|(?:yesterday|tomorrow)\s+(?:morning|afternoon|evening|night)|"
    r"the\s+day\s+before\s+yesterday|the\s+day\s+after\s+tomorrow|"
    r"the\s+previous\s+day|the\s+day\s+before|the\s+next\s+day|the\s+following\s+day)$",
    re.I,
)
_THIS_LAST_NEXT = re.compile(
    r"^(this|last|next|past|previous|coming|current|the\s+past|the\s+previous|the\s+coming|"
    r"the\s+current|the\s+next|the\s+last)\s+(week|month|year|weekend|decade)$",
    re.I,
)
# "the beginning of the year", "the end of the month": the current unit of the base date
_BARE_UNIT = re.compile(r"^(year|month|week)$", re.I)
_AGO = re.compile(
    rf"^({_NUM_RE}|a\s+few)\s+(day|week|month|year|decade)s?\s+(ago|earlier|later|from\s+now|hence)$",
    re.I,
)
_PRESENT = re.compile(r"^(now|currently|at\s+present|at\s+the\s+moment|right\s+now)$", re.I)
_CLOCK = re.compile(
    r"^(?:about\s+|around\s+|at\s+)?\d{1,2}(?:[:.]\d\d)?\s*(?:a\.?m\.?|p\.?m\.?)?"
    r"(?:\s+\w+\s+time|\s+gmt|\s+utc|\s+local\s+time)?$",
    re.I,
)
# A duration: a count and a unit with nothing anchoring it ("three years", "for 10 days").
_DURATION = re.compile(
    rf"^(?:for\s+|about\s+|nearly\s+|almost\s+|more\s+than\s+|over\s+|the\s+(?:past|last)\s+)?"
    rf"(?:{_NUM_RE}|\d[\d,.]*|a\s+few|several|many)\s*(?:-\s*)?"
    rf"(?:day|week|month|year|decade|hour|minute|century)s?(?:\s+old|-old|\s+long)?$",
    re.I,
)

# Expressions worth a dateparser call must contain one of these (a cheap pre-filter).
_DATEISH = re.compile(
    rf"\b(?:{_MONTH_RE}|{_WEEKDAY_RE}|{_YEAR_RE}|today|yesterday|tomorrow|ago|week|month|year)\b",
    re.I,
)

# Patterns for time expressions the small spaCy model often misses (a document-level scan).
_SCAN = re.compile(
    rf"\b(?:(?:on|last|this|next|this\s+past)\s+(?:{_WEEKDAY_RE})(?:\s+(?:morning|afternoon|evening|night))?"
    rf"|(?:yesterday|today|tonight|tomorrow)(?:\s+(?:morning|afternoon|evening|night))?"
    rf"|last\s+night"
    rf"|(?:earlier|later)\s+(?:this|last|next)\s+(?:week|month|year)"
    rf"|(?:last|this|next|past)\s+(?:week|month|year|weekend)"
    rf"|in\s+{_YEAR_RE}"
    rf"|(?:{_MONTH_RE})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+{_YEAR_RE})?"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+(?:{_MONTH_RE})\.?(?:,?\s+{_YEAR_RE})?"
    rf"|(?:{_NUM_RE})\s+(?:day|week|month|year)s?\s+ago)\b",
    re.I,
)
# Month abbreviations that are also words: only accept them as months with a day or year.
_AMBIGUOUS_MONTHS = {"may", "mar", "jan", "jun", "sun", "sat", "wed", "dec", "aug"}


def parse_base(published: str | date | datetime | None) -> date | None:
    """The publication date as a ``date`` (ISO strings; other formats via dateparser)."""
    if published is None or published == "":
        return None
    if isinstance(published, datetime):
        return published.date()
    if isinstance(published, date):
        return published
    return _parse_base(str(published).strip())


@lru_cache(maxsize=1024)
def _parse_base(text: str) -> date | None:
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00")).date()
    except ValueError:
        pass
    m = re.match(rf"^({_YEAR_RE})-(\d\d)-(\d\d)", text)
    if m:
        try:
            return date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:
            return None
    import dateparser

    parsed = dateparser.parse(text, languages=["en"])
    return parsed.date() if parsed else None


def _iso_week(d: date) -> str:
    year, week, _ = d.isocalendar()
    return f"{year}-W{week:02d}"


def _shift_month(d: date, months: int) -> tuple[int, int]:
    index = d.year * 12 + (d.month - 1) + months
    return index // 12, index % 12 + 1


def _closest_year(month: int, day: int, base: date) -> date | None:
    best: date | None = None
    best_distance = 0
    for year in (base.year - 1, base.year, base.year + 1):
        try:
            candidate = date(year, month, day)
        except ValueError:
            continue
        # News looks back: a date up to a week ahead may be an announced plan, further
        # ahead it is more likely last year's.
        distance = abs((candidate - base).days) + (0 if candidate <= base + timedelta(7) else 60)
        if best is None or distance < best_distance:
            best, best_distance = candidate, distance
    return best


def _count(word: str) -> int | None:
    word = word.lower().strip()
    if word.isdigit():
        return int(word)
    if word.replace(" ", "") == "afew":
        return None
    return NUMBER_WORDS.get(word)


def _clean(text: str) -> str:
    text = re.sub(r"\s+", " ", text.strip())
    text = _TRAIL.sub("", text)
    return text


def normalise(
    text: str, base: str | date | datetime | None, *, future: bool = False
) -> tuple[str | None, str | None]:
    """``(value, precision)`` of one time expression, relative to ``base`` (publication).

    ``future``: the expression sits in a future-tense clause ("will meet on Friday"), so a
    bare weekday is the next such day rather than the last.

    Precision is one of ``day``, ``week``, ``month``, ``year``, ``decade``, or ``relative``
    (an expression such as "now" or "recently" that names no calendar unit). Returns
    ``(None, None)`` for a duration or text that is not a time expression.
    """
    base_date = parse_base(base)
    return _normalise(_clean(text), base_date, future)


@lru_cache(maxsize=8192)
def _normalise(text: str, base: date | None, future: bool = False) -> tuple[str | None, str | None]:
    if not text:
        return None, None
    core = _LEAD.sub("", text).strip()
    if not core:
        return None, None
    lowered = core.lower()
    ruled = _rules(core, lowered, base, text.lower(), future)
    if ruled is not None:
        return ruled
    if _DURATION.match(core):
        return None, None
    if not _DATEISH.search(core):
        return None, None
    return _dateparser(core, base)


def _rules(
    core: str, lowered: str, base: date | None, full: str, future: bool = False
) -> tuple[str | None, str | None] | None:
    m = _ISO.match(core)
    if m:
        return (f"{m[1]}-{m[2]}-{m[3]}", "day") if m[3] else (f"{m[1]}-{m[2]}", "month")
    m = _NUMERIC.match(core)
    if m:  # ambiguous d/m order: the reading that is a valid date, month-first (US) first
        first, second, year = int(m[1]), int(m[2]), int(m[3])
        if year < 100:  # two-digit year: the century that puts it nearest the base
            century = (base.year // 100 * 100) if base else 2000
            year += (
                century if century + year <= (base.year if base else 2000) + 10 else century - 100
            )
        for month, day in ((first, second), (second, first)):
            try:
                return date(year, month, day).isoformat(), "day"
            except ValueError:
                continue
        return None, None
    m = _YEAR.match(core)
    if m:
        return m[1], "year"
    m = _DECADE.match(core)
    if m:
        return m[1], "decade"
    m = _MONTH_YEAR.match(core)
    if m:
        return f"{m[2]}-{MONTHS[m[1].lower()]:02d}", "month"
    for pattern, month_group, day_group in ((_MONTH_DAY, 1, 2), (_DAY_MONTH, 2, 1)):
        m = pattern.match(core)
        if m:
            month, day = MONTHS[m[month_group].lower()], int(m[day_group])
            if m[3]:
                try:
                    return date(int(m[3]), month, day).isoformat(), "day"
                except ValueError:
                    return None, None
            if base is None:
                return None, "day"
            found = _closest_year(month, day, base)
            return (found.isoformat(), "day") if found else (None, None)
    m = _MONTH_ONLY.match(core)
    if m and (m[1].lower() not in _AMBIGUOUS_MONTHS or len(m[1]) > 3) and lowered != "may":
        if base is None:
            return None, "month"
        month = MONTHS[m[1].lower()]
        if lowered.startswith("next"):
            year = base.year + (month <= base.month)
        elif lowered.startswith("last"):
            year = base.year - (month >= base.month)
        else:
            year = base.year if month <= base.month + 1 else base.year - 1
        return f"{year}-{month:02d}", "month"
    m = _WEEKDAY.match(core)
    if m:
        if base is None:
            return None, "day"
        target = WEEKDAYS[m[2].lower()]
        modifier = (m[1] or "").strip().lower()
        upcoming = future or re.search(r"\b(?:next|coming)\b", full)
        if modifier == "next" or (modifier == "" and upcoming):
            delta = (target - base.weekday()) % 7 or 7
            return (base + timedelta(delta)).isoformat(), "day"
        delta = (base.weekday() - target) % 7
        if modifier == "last" and delta == 0:
            delta = 7
        return (base - timedelta(delta)).isoformat(), "day"
    m = _DEICTIC.match(core)
    if m:
        if base is None:
            return None, "day"
        word = lowered
        if "before yesterday" in word:
            offset = -2
        elif "after tomorrow" in word:
            offset = 2
        elif word.startswith(("yesterday", "last night", "the previous day", "the day before")):
            offset = -1
        elif word.startswith(("tomorrow", "the next day", "the following day")):
            offset = 1
        else:
            offset = 0
        return (base + timedelta(offset)).isoformat(), "day"
    m = _THIS_LAST_NEXT.match(core)
    if m:
        if base is None:
            return None, m[2].lower() if m[2].lower() != "weekend" else "day"
        which = m[1].lower().replace("the ", "")
        step = {"last": -1, "past": -1, "previous": -1, "next": 1, "coming": 1}.get(which, 0)
        unit = m[2].lower()
        if unit in ("week", "weekend"):
            anchor = base + timedelta(weeks=step)
            if unit == "weekend":
                saturday = anchor - timedelta((anchor.weekday() - 5) % 7)
                if step == 0 and saturday > base:
                    saturday -= timedelta(7)
                return saturday.isoformat(), "day"
            return _iso_week(anchor), "week"
        if unit == "month":
            year, month = _shift_month(base, step)
            return f"{year}-{month:02d}", "month"
        if unit == "decade":
            return str(base.year // 10 + step)[:3], "decade"
        return str(base.year + step), "year"
    m = _BARE_UNIT.match(core)
    if m and full != core.lower():  # only after a lead such as "the end of the"
        unit = m[1].lower()
        if base is None:
            return None, unit
        if unit == "year":
            return str(base.year), "year"
        if unit == "month":
            return f"{base.year}-{base.month:02d}", "month"
        return _iso_week(base), "week"
    m = _AGO.match(core)
    if m:
        count = _count(m[1])
        unit = m[2].lower()
        if base is None or count is None:
            return None, UNITS[unit] if count is not None else "relative"
        sign = 1 if m[3].lower() in ("later", "from now", "hence") else -1
        if unit == "day":
            return (base + timedelta(sign * count)).isoformat(), "day"
        if unit == "week":
            return _iso_week(base + timedelta(weeks=sign * count)), "week"
        if unit == "month":
            year, month = _shift_month(base, sign * count)
            return f"{year}-{month:02d}", "month"
        if unit == "year":
            return str(base.year + sign * count), "year"
        return str(base.year // 10 + sign * count)[:3], "decade"
    if _PRESENT.match(core):
        return None, "relative"
    if _CLOCK.match(core) and re.search(r"\d", core):
        return (base.isoformat(), "day") if base else (None, "day")
    return None


@lru_cache(maxsize=4096)
def _dateparser(text: str, base: date | None) -> tuple[str | None, str | None]:
    parser = _date_data_parser(base)
    try:
        data = parser.get_date_data(text)
    except (ValueError, OverflowError, TypeError):  # dateparser raises on odd inputs
        return None, None
    if data is None or data.date_obj is None:
        return None, None
    found = data.date_obj.date()
    period = data.period or "day"
    if period == "year":
        return str(found.year), "year"
    if period == "month":
        return f"{found.year}-{found.month:02d}", "month"
    if period == "week":
        return _iso_week(found), "week"
    if period in ("time", "hour", "minute", "second"):
        period = "day"
    return found.isoformat(), "day"


@lru_cache(maxsize=64)
def _date_data_parser(base: date | None):  # type: ignore[no-untyped-def]
    from dateparser.date import DateDataParser

    settings: dict[str, object] = {"PREFER_DATES_FROM": "past", "RETURN_TIME_AS_PERIOD": True}
    if base is not None:
        settings["RELATIVE_BASE"] = datetime(base.year, base.month, base.day)
    return DateDataParser(languages=["en"], settings=settings)


def extract_dates(doc: Doc, published: str | None) -> list[DateRef]:
    """The time expressions of ``doc``, each normalised against ``published``.

    Candidates are spaCy DATE/TIME entities plus pattern matches (``_SCAN``) the model
    misses; overlapping candidates keep the longer one. Durations ("three years") and
    entities that are not time expressions are dropped.
    """
    text = doc.text
    base = parse_base(published)
    candidates: list[tuple[int, int]] = [
        (ent.start_char, ent.end_char) for ent in doc.ents if ent.label_ in ("DATE", "TIME")
    ]
    # pattern matches the model read as a number ("in 2000 homes") are left out
    numbers = [
        (ent.start_char, ent.end_char)
        for ent in doc.ents
        if ent.label_ in ("CARDINAL", "QUANTITY", "MONEY", "PERCENT")
    ]
    number_index = RangeIndex(numbers, key=lambda r: r)
    candidates.extend(
        (m.start(), m.end())
        for m in _SCAN.finditer(text)
        if not number_index.overlapping(m.start(), m.end())
    )
    candidates.sort(key=lambda c: (c[0], -(c[1] - c[0])))
    refs: list[DateRef] = []
    last_end = -1
    for start, end in candidates:
        if start < last_end:
            continue
        surface = text[start:end]
        if not surface.strip():
            continue
        value, precision = _normalise(_clean(surface), base, _in_future_clause(doc, start, end))
        if value is None and precision is None:
            continue
        refs.append(DateRef(Span.of(text, start, end), value, precision))
        last_end = end
    return refs


FUTURE_AUX = {"will", "shall", "'ll", "wo"}
#: Verbs whose infinitive looks ahead ("hoped to send a convoy on Wednesday").
FUTURE_HEADS = {
    "hope", "plan", "intend", "expect", "aim", "want", "prepare", "promise", "vow", "pledge",
    "threaten", "seek", "schedule",
}  # fmt: skip


def _looks_ahead(verb: Token) -> bool:
    """A FUTURE_HEADS verb, by lemma or by its inflected form (the small model lemmatises
    "hoped" as "hop")."""
    if verb.lemma_.lower() in FUTURE_HEADS:
        return True
    low = verb.lower_
    for suffix in ("ing", "ed", "es", "s", "d"):
        if low.endswith(suffix):
            stem = low[: -len(suffix)]
            if stem in FUTURE_HEADS or stem + "e" in FUTURE_HEADS:
                return True
    return False


def _in_future_clause(doc: Doc, start: int, end: int) -> bool:
    """Whether the verb governing the span ``[start, end)`` is in the future tense."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return False
    head = span.root.head
    for _ in range(3):  # climb from a preposition or noun to its verb
        if head.pos_ in ("VERB", "AUX") or head.head is head:
            break
        head = head.head
    if any(c.dep_ == "aux" and c.lower_ in FUTURE_AUX for c in head.children):
        return True
    if head.dep_ == "xcomp" and _looks_ahead(head.head):
        return True
    return any(c.lower_ == "going" and c.dep_ in ("aux", "xcomp") for c in head.children)


def normalise_span(
    doc: Doc, start: int, end: int, base: str | date | datetime | None
) -> tuple[str | None, str | None]:
    """:func:`normalise` for the text ``[start, end)`` of a parsed doc, using its clause
    (a bare weekday in a future-tense clause is the next such day)."""
    return _normalise(
        _clean(doc.text[start:end]), parse_base(base), _in_future_clause(doc, start, end)
    )


def dates_in(dates: list[DateRef], start: int, end: int) -> list[DateRef]:
    """The date references inside ``[start, end)`` (e.g. a sentence), in text order."""
    return [d for d in dates if d.span.start >= start and d.span.end <= end]
