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

Values follow TIMEX3 / ISO 8601 (TimeML 1.2.1 guidelines; where they leave a choice,
HeidelTime's reading), with the precision beside each:

- ``2024-11-03T18:00Z`` (minute; a clock time on the day its sentence names, else the
  publication day; a zone such as UTC, GMT+8 or EST is converted to UTC and marked ``Z``,
  a time without a zone has no suffix), ``2024-11-03TMO`` (day with a part of the day:
  MO, AF, EV, NI), ``2024-11-03`` (day);
- ``2024-W45`` (week), ``2024-W45-WE`` (a weekend: "this weekend" is the publication
  week's, "last weekend" the week before's, "over the weekend" the latest one);
- ``2024-11`` (month), ``2024-Q3`` (quarter: "the second quarter of last year", "last
  quarter" = the quarter before the publication quarter), ``2024-SU`` (season: SP, SU,
  FA, WI; "this summer" is the publication year's, "last summer" the latest that has
  ended, "next spring" the next to begin; a winter is the year it begins), ``2024-H1``
  (half), ``FY2024`` (fiscal year, precision year), ``2024`` (year), ``202`` (decade);
- ``PRESENT_REF`` / ``PAST_REF`` / ``FUTURE_REF`` (precision ``relative``): "now",
  "currently"; "recently", "in recent years"; "soon", "in the coming months";
- ``None`` when the expression cannot be anchored (a duration, or a relative date with no
  publication date: the precision then says what it would have been).

A range of two dates ("from 2009 to 2011", "between May 3 and May 5") gives two
expressions, one per end.
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
    r"the beginning of|the start of|the middle of|the very|very|"
    r"around|about|before|after|over|within|throughout)[\s-]+)+",
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
# TIMEX3 reference values: an expression that points at the present, the past or the
# future without naming a calendar unit ("now", "recently", "in the coming months").
# Matched on the core (leading "in", "the", "over" already stripped).
_UNITS_PLURAL = r"(?:days|weeks|months|years|decades|times)"
_PRESENT = re.compile(
    r"^(now|currently|presently|at\s+present|present|the\s+moment|right\s+now|nowadays|"
    r"these\s+days|present\s+day|the\s+present\s+day)$",
    re.I,
)
_PAST_REF = re.compile(
    rf"^(recently|more\s+recently|most\s+recently|lately|formerly|past|"
    rf"recent\s+{_UNITS_PLURAL}|(?:past|last)\s+(?:few|several)\s+{_UNITS_PLURAL}|"
    rf"(?:a\s+)?few\s+{_UNITS_PLURAL}\s+ago|some\s+time\s+ago|(?:days|weeks|months|years)\s+ago)$",
    re.I,
)
_FUTURE_REF = re.compile(
    rf"^(soon|future|near\s+future|not\s+too\s+distant\s+future|"
    rf"(?:coming|next\s+few|next\s+several|few)\s+{_UNITS_PLURAL}|"
    rf"{_UNITS_PLURAL}\s+ahead|(?:a\s+)?few\s+{_UNITS_PLURAL}\s+from\s+now|"
    rf"a\s+later\s+date|due\s+course)$",
    re.I,
)
# A clock time, optionally with a zone: "18:00 UTC", "6:40 p.m. (GMT +8)", "1130 GMT",
# "3 pm local time", "noon". Groups: hour, minute, meridiem, zone, offset.
_ZONES = {
    "utc": 0, "gmt": 0, "z": 0, "zulu": 0, "est": -5, "edt": -4, "cst": -6, "cdt": -5,
    "mst": -7, "mdt": -6, "pst": -8, "pdt": -7, "bst": 1, "cet": 1, "cest": 2, "eet": 2,
    "eest": 3, "msk": 3, "ist": 5.5, "jst": 9, "aest": 10,
}  # fmt: skip
_ZONE_RE = "|".join(sorted(_ZONES, key=len, reverse=True))
_CLOCK = re.compile(
    r"^(?:about\s+|around\s+|at\s+|approximately\s+|shortly\s+(?:after|before)\s+|"
    r"just\s+(?:after|before)\s+)?"
    r"(?:(\d{1,2})(?:[:.](\d\d))?\s*(a\.?m\.?|p\.?m\.?)?|(\d\d)(\d\d)(?=\s*(?:h|hrs|"
    + _ZONE_RE
    + r")\b)|(noon|midday))"
    r"(?:\s*\(?\s*(?:(" + _ZONE_RE + r")\b\s*([+\-\u2212]\s*\d{1,2}(?::?\d\d)?)?|"
    r"(local\s+time|\w+\s+time|h|hrs))\s*\)?)?$",
    re.I,
)
_DAYPARTS = {
    "morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI", "overnight": "NI",
    "tonight": "NI",
}  # fmt: skip
SEASONS = {"spring": "SP", "summer": "SU", "autumn": "FA", "fall": "FA", "winter": "WI"}
_SEASON_ORDER = {"SP": 0, "SU": 1, "FA": 2, "WI": 3}
_ORDINALS = {
    "first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4,
}  # fmt: skip
# A year named in words or digits: "2025", "last year", "the previous year", "this year".
_YEAR_PHRASE = (
    rf"(?:the\s+)?(?:{_YEAR_RE}|(?:this|last|next|current|previous|past|following|coming)\s+"
    rf"year|year)"
)
_QUARTER = re.compile(
    rf"^(first|second|third|fourth|1st|2nd|3rd|4th|final|last|this|current|past|previous|"
    rf"next|coming)\s+(?:(?:fiscal|financial|calendar)\s+)?quarter"
    rf"(?:\s+(?:of\s+)?({_YEAR_PHRASE}))?$",
    re.I,
)
_Q_CODE = re.compile(rf"^q([1-4])(?:\s+(?:of\s+)?({_YEAR_PHRASE}|'?\d\d))?$", re.I)
_HALF = re.compile(
    rf"^(first|second|1st|2nd|latter)\s+half(?:\s+of)?(?:\s+({_YEAR_PHRASE}))?$", re.I
)
_SEASON = re.compile(
    rf"^(?:(this|last|next|past|previous|coming|current)\s+)?(spring|summer|autumn|fall|winter)"
    rf"(?:\s+(?:of\s+)?({_YEAR_PHRASE}))?$",
    re.I,
)
_FISCAL = re.compile(
    rf"^(?:(this|last|next|current|previous|past|coming)\s+)?(?:fiscal|financial)\s+(?:year\s*)?"
    rf"({_YEAR_RE}|'?\d\d)?(?:[/-]\d{{2,4}})?$|^fy\s*'?({_YEAR_RE}|\d\d)$",
    re.I,
)
_WEEKEND = re.compile(r"^weekend$", re.I)
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
    rf"|(?:{_NUM_RE})\s+(?:day|week|month|year)s?\s+ago"
    # quarters, halves, seasons, fiscal years, weekends (TIMEX3 Q, H, SP/SU/FA/WI, FY, WE)
    rf"|(?:the\s+)?(?:first|second|third|fourth|final|last|this|current|past|previous|next)"
    rf"\s+(?:fiscal\s+|financial\s+)?quarter(?:\s+of\s+{_YEAR_PHRASE}|\s+{_YEAR_RE})?"
    rf"|Q[1-4](?:\s+{_YEAR_RE})?"
    rf"|(?:the\s+)?(?:first|second)\s+half\s+of\s+{_YEAR_PHRASE}"
    rf"|(?:(?:this|last|next|past|coming)\s+(?:spring|summer|autumn|fall|winter)"
    rf"|(?:in|during|over)\s+the\s+(?:spring|summer|autumn|winter)"
    rf"|(?:spring|summer|autumn|fall|winter)\s+(?:of\s+)?{_YEAR_RE})"
    rf"|(?:the\s+)?(?:(?:this|last|next|current|previous)\s+)?(?:fiscal|financial)\s+year"
    rf"|(?:this|last|next|over\s+the)\s+weekend"
    # present, past and future references
    rf"|now|currently|nowadays|at\s+present|(?:more\s+|most\s+)?recently|lately"
    rf"|in\s+recent\s+{_UNITS_PLURAL}|(?:in\s+)?the\s+(?:coming|next\s+few)\s+{_UNITS_PLURAL}"
    rf"|in\s+the\s+(?:near\s+)?future"
    # numeric dates and clock times with a zone or a meridiem
    rf"|\d{{1,2}}/\d{{1,2}}/(?:{_YEAR_RE}|\d\d)"
    rf"|\d{{1,2}}(?::\d\d)?\s*(?:a\.m\.|p\.m\.|am|pm)"
    rf"(?:\s*\(?\s*(?:{_ZONE_RE})(?:\s*[+\-]\s*\d{{1,2}})?\s*\)?)?"
    rf"|\d{{1,2}}:\d\d\s*(?:{_ZONE_RE})\b(?:\s*[+\-]\s*\d{{1,2}})?"
    rf"|\d{{4}}\s+(?:GMT|UTC)"
    rf"|(?:from|between)\s+{_YEAR_RE}\s+(?:to|and|until|through)\s+{_YEAR_RE})\b",
    re.I,
)
# Scan matches that keep their reading even where the model saw a number ("7/8/07").
_UNAMBIGUOUS = re.compile(
    r"^\d{1,2}/\d{1,2}/\d{2,4}$|^\d{1,2}(?::\d\d)?\s*[ap]\.?m|:\d\d|^(?:from|between)\s", re.I
)
# A range of two points: "from 2009 to 2011", "between 2014 and 2016", "2009-2011".
_RANGE = re.compile(
    r"^(?:from\s+|between\s+)?(.+?)\s*(?:\s(?:to|and|until|till|through)\s|[-\u2013])\s*(.+)$",
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
    ruled = _timex_rules(core, base, future) or _rules(core, lowered, base, text.lower(), future)
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
                    return date(int(m[3]), month, day).isoformat() + _daypart(lowered), "day"
                except ValueError:
                    return None, None
            if base is None:
                return None, "day"
            found = _closest_year(month, day, base)
            return (found.isoformat() + _daypart(lowered), "day") if found else (None, None)
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
            return (base + timedelta(delta)).isoformat() + _daypart(lowered), "day"
        delta = (base.weekday() - target) % 7
        if modifier == "last" and delta == 0:
            delta = 7
        return (base - timedelta(delta)).isoformat() + _daypart(lowered), "day"
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
        return (base + timedelta(offset)).isoformat() + _daypart(word), "day"
    m = _THIS_LAST_NEXT.match(core)
    if m:
        if base is None:
            return None, m[2].lower() if m[2].lower() != "weekend" else "day"
        which = m[1].lower().replace("the ", "")
        step = {"last": -1, "past": -1, "previous": -1, "next": 1, "coming": 1}.get(which, 0)
        unit = m[2].lower()
        if unit in ("week", "weekend"):
            # TIMEX3: a weekend is its ISO week with "-WE"; "this weekend" is the weekend of
            # the publication week (HeidelTime's reading), "last weekend" the week before
            anchor = base + timedelta(weeks=step)
            return _iso_week(anchor) + ("-WE" if unit == "weekend" else ""), "week"
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
        return "PRESENT_REF", "relative"
    if _PAST_REF.match(core):
        return "PAST_REF", "relative"
    if _FUTURE_REF.match(core):
        return "FUTURE_REF", "relative"
    m = _CLOCK.match(core)
    if m and (re.search(r"\d", core) or m[6]):
        return _clock(m, base)
    return None


def _daypart(text: str) -> str:
    """The TIMEX3 part-of-day suffix of an expression ("Friday morning" -> "TMO")."""
    if "last night" in text:
        return "TNI"
    for word, code in _DAYPARTS.items():
        if re.search(rf"\b{word}\b", text):
            return "T" + code
    return ""


def _clock(m: re.Match[str], base: date | None) -> tuple[str | None, str | None]:
    """A clock time on the base date at minute precision; with a zone, in UTC ("Z")."""
    meridiem = (m[3] or "").lower().replace(".", "")
    if m[6]:  # noon, midday
        hour, minute = 12, 0
    elif m[4]:  # "1130 GMT"
        hour, minute = int(m[4]), int(m[5])
    else:
        hour, minute = int(m[1]), int(m[2] or 0)
        if not (m[2] or meridiem or m[7]):
            # a bare number ("at 10") is no time of day: the day, as before
            return (base.isoformat(), "day") if base else (None, "day")
    if meridiem == "pm" and hour < 12:
        hour += 12
    elif meridiem == "am" and hour == 12:
        hour = 0
    if hour > 24 or minute > 59 or (meridiem and not 1 <= int(m[1] or 12) <= 12):
        return None, None
    if base is None:
        return None, "minute"
    moment = datetime(base.year, base.month, base.day) + timedelta(hours=hour, minutes=minute)
    zone = ""
    if m[7]:
        offset = _ZONES[m[7].lower()]
        if m[8]:
            raw = m[8].replace("\u2212", "-").replace(" ", "")
            sign = -1 if raw.startswith("-") else 1
            digits = raw[1:].replace(":", "")
            hours = int(digits[:-2]) if len(digits) > 2 else int(digits)
            mins = int(digits[-2:]) if len(digits) > 2 else 0
            offset += sign * (hours + mins / 60)
        moment -= timedelta(hours=offset)
        zone = "Z"
    if moment.date() != base and not zone:
        return None, None
    return moment.strftime("%Y-%m-%dT%H:%M") + zone, "minute"


def _year_of(phrase: str | None, base: date | None) -> int | None:
    """The year of a year phrase ("2025", "last year", "the year"); the base year if None."""
    text = re.sub(r"^the\s+", "", (phrase or "").strip().lower())
    m = re.match(rf"^({_YEAR_RE})$", text)
    if m:
        return int(m[1])
    m = re.match(r"^'?(\d\d)$", text)
    if m:
        return 2000 + int(m[1])
    if base is None:
        return None
    step = 0
    if text.startswith(("last", "previous", "past")):
        step = -1
    elif text.startswith(("next", "following", "coming")):
        step = 1
    return base.year + step


def _season_now(base: date) -> tuple[int, str]:
    """The season of a date as (year, code); winter is the year in which it begins."""
    month = base.month
    if month in (1, 2):
        return base.year - 1, "WI"
    code = {3: "SP", 4: "SP", 5: "SP", 6: "SU", 7: "SU", 8: "SU", 12: "WI"}.get(month, "FA")
    return base.year, code


def _timex_rules(
    core: str, base: date | None, future: bool
) -> tuple[str | None, str | None] | None:
    """Quarters, halves, seasons, fiscal years and weekends (TIMEX3 ``2025-Q2``,
    ``2025-H1``, ``2026-SU``, ``FY2025``, ``2024-W45-WE``)."""
    m = _QUARTER.match(core)
    if m:
        word = m[1].lower()
        if word in _ORDINALS or (word in ("final", "last") and m[2]):
            year = _year_of(m[2], base)
            number = _ORDINALS.get(word, 4)
            return (f"{year}-Q{number}", "quarter") if year else (None, "quarter")
        if base is None:
            return None, "quarter"
        if word == "final":  # "the final quarter": of the current year
            return f"{base.year}-Q4", "quarter"
        step = {"last": -1, "past": -1, "previous": -1, "next": 1, "coming": 1}.get(word, 0)
        index = base.year * 4 + (base.month - 1) // 3 + step
        return f"{index // 4}-Q{index % 4 + 1}", "quarter"
    m = _Q_CODE.match(core)
    if m:
        year = _year_of(m[2], base)
        return (f"{year}-Q{m[1]}", "quarter") if year else (None, "quarter")
    m = _HALF.match(core)
    if m:
        year = _year_of(m[2], base)
        half = 1 if m[1].lower() in ("first", "1st") else 2
        return (f"{year}-H{half}", "half") if year else (None, "half")
    m = _SEASON.match(core)
    if m:
        code = SEASONS[m[2].lower()]
        which = (m[1] or "").lower()
        if m[3]:
            year = _year_of(m[3], base)
            return (f"{year}-{code}", "season") if year else (None, "season")
        if base is None:
            return None, "season"
        now_year, now_code = _season_now(base)
        now_index = now_year * 4 + _SEASON_ORDER[now_code]
        order = _SEASON_ORDER[code]
        if which in ("last", "past", "previous"):  # the latest one that has ended
            year = now_year if order < _SEASON_ORDER[now_code] else now_year - 1
        elif which in ("next", "coming") or (not which and future):
            year = now_year if now_year * 4 + order > now_index else now_year + 1
        else:  # "this summer", "in the summer": the publication year's
            year = now_year if code == "WI" else base.year
        return f"{year}-{code}", "season"
    m = _FISCAL.match(core)
    if m:
        if m[2] or m[3]:
            year = _year_of(m[2] or m[3], base)
        else:
            year = _year_of((m[1] or "this") + " year", base)
        return (f"FY{year}", "year") if year else (None, "year")
    if _WEEKEND.match(core):
        if base is None:
            return None, "week"
        # "over the weekend": the latest weekend, or the coming one in a future clause
        if base.weekday() >= 5 or future:
            return _iso_week(base) + "-WE", "week"
        return _iso_week(base - timedelta(7)) + "-WE", "week"
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
        if _UNAMBIGUOUS.search(m.group()) or not number_index.overlapping(m.start(), m.end())
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
        future = _in_future_clause(doc, start, end)
        value, precision = _normalise(_clean(surface), base, future)
        if value is None:
            points = _range_points(text, start, end, base, future)
            if points:
                refs.extend(points)
                last_end = end
                continue
        if value is None and precision is None:
            continue
        refs.append(DateRef(Span.of(text, start, end), value, precision))
        last_end = end
    for i, ref in enumerate(refs):  # a clock time takes the day its sentence names
        if ref.precision == "minute" and ref.value:
            day = _sentence_day(doc, ref.span.start, ref.span.end, refs)
            if day:
                refs[i] = DateRef(ref.span, _on_day(ref.value, day, base), ref.precision)
    return refs


def _range_points(
    text: str, start: int, end: int, base: date | None, future: bool
) -> list[DateRef]:
    """The two ends of a range ("from 2009 to 2011", "between May 3 and May 5") as two
    anchored expressions; [] when the text is not a range of two dates."""
    m = _RANGE.match(text[start:end])
    if not m:
        return []
    points = []
    for group in (1, 2):
        lo, hi = start + m.start(group), start + m.end(group)
        value, precision = _normalise(_clean(text[lo:hi]), base, future)
        if value is None or precision == "relative":
            return []
        points.append(DateRef(Span.of(text, lo, hi), value, precision))
    return points


def _sentence_day(doc: Doc, start: int, end: int, refs: list[DateRef] | None = None) -> str | None:
    """The calendar day named elsewhere in the sentence of ``[start, end)`` (the nearest),
    for a clock time: "first flight Tuesday ... at 18:00 UTC" happens on that Tuesday."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    sentence = span.sent
    if refs is None:
        base_refs: list[DateRef] = []
    else:
        base_refs = refs
    inside = [
        r
        for r in base_refs
        if sentence.start_char <= r.span.start
        and r.span.end <= sentence.end_char
        and not (r.span.start < end and start < r.span.end)
        and r.value
        and re.match(r"^\d{4}-\d\d-\d\d", r.value)
    ]
    if not inside:
        return None
    nearest = min(inside, key=lambda r: abs(r.span.start - start))
    return (nearest.value or "")[:10]


def _on_day(value: str, day: str, base: date | None) -> str:
    """A clock value moved to ``day``: the time and any shift across midnight by the zone
    are kept ("2009-12-16T18:00Z" on "2009-12-15" -> "2009-12-15T18:00Z")."""
    try:
        moved = datetime.fromisoformat(value[:16]) + (
            date.fromisoformat(day) - (base or date.fromisoformat(value[:10]))
        )
    except ValueError:
        return value
    return moved.strftime("%Y-%m-%dT%H:%M") + value[16:]


FUTURE_AUX = {"will", "shall", "'ll", "wo"}
#: Verbs whose infinitive looks ahead ("hoped to send a convoy on Wednesday").
FUTURE_HEADS = {
    "hope", "plan", "intend", "expect", "aim", "want", "prepare", "promise", "vow", "pledge",
    "threaten", "seek", "schedule", "set", "due", "slate", "poise",
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
    (a bare weekday in a future-tense clause is the next such day) and its sentence (a clock
    time takes the day the sentence names)."""
    base_date = parse_base(base)
    value, precision = _normalise(
        _clean(doc.text[start:end]), base_date, _in_future_clause(doc, start, end)
    )
    if precision == "minute" and value:
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is not None and len(span):
            sentence = span.sent
            iso = base_date.isoformat() if base_date else None
            refs = [r for r in extract_dates(sentence.as_doc(), iso) if r.precision != "minute"]
            shifted = [
                DateRef(
                    Span(
                        r.span.start + sentence.start_char,
                        r.span.end + sentence.start_char,
                        r.span.text,
                    ),
                    r.value,
                    r.precision,
                )
                for r in refs
            ]
            day = _sentence_day(doc, start, end, shifted)
            if day:
                value = _on_day(value, day, base_date)
    return value, precision


REFERENCES = ("PRESENT_REF", "PAST_REF", "FUTURE_REF")

_TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90, "hundred": 100,
}  # fmt: skip
_TENS_RE = "|".join(_TENS)
_DURATION_UNITS = {
    "year": "Y", "yr": "Y", "month": "M", "week": "W", "day": "D", "decade": "DE",
    "century": "CE", "hour": "H", "minute": "M", "second": "S",
}  # fmt: skip
_TIME_UNITS = {"hour", "minute", "second"}
_DURATION_TEXT = re.compile(
    rf"^(?:for\s+|about\s+|nearly\s+|almost\s+|more\s+than\s+|over\s+|under\s+|within\s+|"
    rf"some\s+|around\s+|up\s+to\s+|at\s+least\s+|the\s+(?:past|last|next|first|coming)\s+|"
    rf"another\s+|an?\s+additional\s+)*"
    rf"(?:the\s+)?((?:{_TENS_RE})(?:-(?:{_NUM_RE}))?|{_NUM_RE}|\d+(?:\.\d+)?|a\s+few|several|many|"
    rf"a|an|one)?"
    rf"(\s+and\s+a\s+half)?\s*(?:-\s*)?"
    rf"(year|yr|month|week|day|decade|century|centurie|hour|minute|second)(s?)"
    rf"(?:\s+old|-old|\s+long|-long)?(?:\s+\w+)?$",
    re.I,
)
_VAGUE_COUNTS = {"a few", "several", "many"}


def duration(text: str) -> str | None:
    """The TIMEX3 duration value of an expression ("three years" -> ``P3Y``, "12-hour" ->
    ``PT12H``, "two and a half years" -> ``P2.5Y``, "several years" -> ``PXY``, "from 2009
    to 2011" -> ``P2Y``); None when it is not a duration. Durations are not dates: they are
    not anchored, so :func:`extract_dates` leaves them out; this reads their length."""
    core = _clean(text)
    years = re.match(
        rf"^(?:from|between)\s+({_YEAR_RE})\s+(?:to|and|until|through)\s+({_YEAR_RE})$", core, re.I
    )
    if years:
        return f"P{abs(int(years[2]) - int(years[1]))}Y"
    m = _DURATION_TEXT.match(core)
    if m is None:
        if re.match(r"^decades?-long$", core, re.I):
            return "PXDE"
        return None
    count_word, half, unit = (m[1] or "").lower(), m[2], m[3].lower()
    if not count_word:  # "the past decade" is one; "over the years" some
        count_word = "several" if m[4] else "one"
    unit = "century" if unit.startswith("centur") else unit
    if count_word in _VAGUE_COUNTS:
        number = "X"
    elif count_word in ("a", "an", "the"):
        number = "1"
    else:
        value = _count(count_word) if not re.match(r"^\d+\.\d+$", count_word) else None
        if value is None and count_word.split("-")[0] in _TENS:  # "fifty-year", "thirty-five"
            parts = count_word.split("-")
            value = _TENS[parts[0]] + (_count(parts[1]) or 0 if len(parts) > 1 else 0)
        if value is None:
            try:
                value_f = float(count_word)
            except ValueError:
                return None
        else:
            value_f = float(value)
        if half:
            value_f += 0.5
        number = f"{value_f:g}"
    code = _DURATION_UNITS[unit]
    if unit == "decade":  # MEANTIME and TimeBank write ten years, not DE
        return f"P{number}DE" if number == "X" else f"P{float(number) * 10:g}Y"
    return f"PT{number}{code}" if unit in _TIME_UNITS else f"P{number}{code}"


def first_relative(text: str) -> str | None:
    """The first time expression in ``text`` that needs a publication date for its value
    ("on Sunday", "last week"), by the pattern scan alone (no parse); None when none."""
    for m in _SCAN.finditer(text):
        surface = _clean(m.group())
        value, precision = _normalise(surface, None)
        if value is None and precision is not None:
            return surface
    return None


def is_calendar(value: str | None) -> bool:
    """Whether a TIMEX3 value names a calendar time (not None, not a ``*_REF``)."""
    return value is not None and value not in REFERENCES


def dates_in(dates: list[DateRef], start: int, end: int) -> list[DateRef]:
    """The date references inside ``[start, end)`` (e.g. a sentence), in text order."""
    return [d for d in dates if d.span.start >= start and d.span.end <= end]
