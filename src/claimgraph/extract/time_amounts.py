"""Ages and durations: amounts of time that news reports as figures.

An age ("Velk, 37,", "a 59-year-old man", "aged 24", "between 30 and 40 years old", "turned
60") and a duration ("after 40 hours of deliberation", "an eight-year, $160 million offer",
"a 24-hour strike", "for about two hours", "several days", "a couple of hours", "1hr 4 mins")
are claims that sources repeat and disagree on, like a death toll. They are read here, before
the general number scanner (:mod:`claimgraph.extract.quantities`), which skips them.

- An age is a number of ``years`` whose subject is the person it is said of when the text
  names them right there ("Velk, 37," -> 37 years, Velk; "a 59-year-old man" -> 59 years,
  man). Claim alignment then treats ages like other lengths of time (a general class: the
  ages of two people in one story are never one figure because their values are close).
- A duration has its time unit in the plural (``"years"``, ``"hours"``, ...); a hyphenated
  one modifies a noun that is its subject ("an eight-year offer" -> offer). "A day", "an
  hour" count only with a word that makes them a length ("for an hour", "about a minute",
  "almost a day after", "an hour later"): "twice a day" and "$2 million a year" are rates.
- Vague lengths follow the vague-amount convention of the quantities module: "several days"
  [3, 9], "a few hours" [2, 9], "a couple of days" 2 (approximate).

Not read: years and year ranges (dates), clock times, "one day" (some day), "24/7".
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from claimgraph.extract.names import words
from claimgraph.models import Quantity, Span

if TYPE_CHECKING:
    from spacy.tokens import Doc

#: The unit of an age: "years" (of age), the unit it is counted in; the subject says whose.
AGE_UNIT = "years"
_ONES = words("one two three four five six seven eight nine")
_TEENS = words("ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen")
_TENS = words("twenty thirty forty fifty sixty seventy eighty ninety")
NUMBER_WORDS: dict[str, int] = {w: n + 1 for n, w in enumerate(_ONES)}
NUMBER_WORDS.update({w: n + 10 for n, w in enumerate(_TEENS)})
for _n, _w in enumerate(_TENS):
    NUMBER_WORDS[_w] = 10 * (_n + 2)
    for _k, _o in enumerate(_ONES):
        NUMBER_WORDS[f"{_w}-{_o}"] = 10 * (_n + 2) + _k + 1

#: Time units, as written -> the unit a quantity carries.
TIME_UNITS = {
    "second": "seconds", "sec": "seconds", "minute": "minutes", "min": "minutes",
    "hour": "hours", "hr": "hours", "day": "days", "week": "weeks", "fortnight": "weeks",
    "month": "months", "year": "years", "yr": "years", "decade": "decades",
    "century": "centuries", "centurie": "centuries",
}  # fmt: skip
_WORDS_RE = "|".join(sorted(NUMBER_WORDS, key=len, reverse=True))
_NUMBER = rf"(?:\d+(?:\.\d+)?|{_WORDS_RE})"
_UNIT = r"(?:seconds?|secs?|minutes?|mins?|hours?|hrs?|days?|weeks?|fortnights?|months?|years?|yrs?|decades?|century|centuries)"  # noqa: E501
_HALF = r"(?:\s+and\s+a\s+half)?"

#: "59-year-old", "70-year old", "30 years old", "sixty-one-year-old".
_AGE = re.compile(rf"\b(?P<n>{_NUMBER})(?:\s*-\s*|\s+)(?:years?|yrs?)(?:\s*-\s*|\s+)old\b", re.I)
#: "between 30 and 40 years old", "41-50 years old".
_AGE_RANGE = re.compile(
    rf"(?:\bbetween\s+(?P<a>{_NUMBER})\s+and\s+|\b(?P<a2>\d{{1,3}})\s*[-–]\s*)(?P<b>{_NUMBER})\s+(?:years?|yrs?)\s*-?\s*old\b",
    re.I,
)
#: "aged 24", "age 24", "at the age of 45", "turned 60", "turns 29", "will be 29 in April".
_AGE_WORD = re.compile(
    rf"\b(?:aged?|ages|at\s+the\s+ages?\s+of|turn(?:s|ed|ing)?)\s+(?P<n>\d{{1,3}}|{_WORDS_RE})\b(?!\s*(?:%|per\s*cent|percent|-))",
    re.I,
)
#: "in her 60s", "in his early twenties" is left out (words), "in their mid-30s".
_AGE_DECADE = re.compile(
    r"\bin\s+(?:his|her|their)\s+(?P<p>early\s+|mid-?\s*|late\s+)?(?P<d>[1-9]0)['’]?s\b", re.I
)
#: "ages 47 and 48": two ages.
_AGES_PAIR = re.compile(r"\bages\s+(?P<a>\d{1,3})\s+and\s+(?P<b>\d{1,3})\b", re.I)
_AGE_BIRTHDAY = re.compile(
    rf"\bwill\s+be\s+(?P<n>\d{{1,3}}|{_WORDS_RE})\s+(?:in|on)\s+(?P<m>[A-Z][a-z]+)\b"
)
#: "1hr 4 mins", "2 hours 30 minutes".
_HOURS_MINUTES = re.compile(
    r"\b(?P<h>\d+)\s*(?:hrs?|hours?)\s*(?:and\s+)?(?P<m>\d+)\s*(?:mins?|minutes?)\b", re.I
)
#: "40 hours", "an eight-year offer", "two and a half years", "a 24-hour strike".
_DURATION = re.compile(
    rf"\b(?P<n>{_NUMBER}|an?|half\s+an?){_HALF}(?P<sep>\s*-\s*|\s+)(?P<u>{_UNIT})\b(?!\s*-\s*old\b)",
    re.I,
)
#: "weeklong", "a year-long inquiry", "decade-long".
_LONG = re.compile(rf"\b(?P<u>{_UNIT.replace('s?', '')})\s*-?\s*long\b", re.I)
#: "several days", "a few hours", "a couple of weeks".
_VAGUE_DURATION = re.compile(
    rf"\b(?P<v>several|a\s+few|a\s+couple\s+of|a\s+couple|couple\s+of)\s+(?:\w+\s+)?(?P<u>{_UNIT})\b",
    re.I,
)
_VAGUE_LENGTH = {"several": (3.0, 9.0), "a few": (2.0, 9.0)}
#: Words before "a day", "an hour" that make it a length, not a rate ("twice a day").
_LENGTH_BEFORE = {
    "for", "after", "within", "about", "around", "almost", "nearly", "roughly", "than",
    "some", "lasted", "last", "took", "take", "spent", "spend", "over", "under", "only",
    "just", "barely", "least", "most", "once",
}  # fmt: skip
_LENGTH_AFTER = {"later", "earlier", "ago", "before", "after", "long"}
_MONTHS = {
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
}  # fmt: skip


def number_value(word: str) -> float | None:
    """ "37" -> 37, "sixty-one" -> 61, "a"/"an"/"one" -> 1, "half an" -> 0.5."""
    low = " ".join(word.lower().split())
    if low in {"a", "an"}:
        return 1.0
    if low in {"half a", "half an"}:
        return 0.5
    if low in NUMBER_WORDS:
        return float(NUMBER_WORDS[low])
    try:
        return float(low)
    except ValueError:
        return None


def _unit(word: str) -> str:
    low = word.lower().rstrip("s") if word.lower() not in {"centuries"} else "centurie"
    return TIME_UNITS.get(low, TIME_UNITS.get(low.rstrip("s"), "years"))


def read_time_amounts(doc: Doc, text: str) -> list[Quantity]:
    """Every age and duration in the parsed ``doc`` (``text`` is ``doc.text``), in text
    order, none overlapping another. Ids and statements are the caller's to set."""
    found: list[Quantity] = []
    taken: list[tuple[int, int]] = []

    def free(start: int, end: int) -> bool:
        return not any(start < b and a < end for a, b in taken)

    def add(q: Quantity) -> None:
        if free(q.span.start, q.span.end):
            taken.append((q.span.start, q.span.end))
            found.append(q)

    for q in _ages(doc, text):
        add(q)
    for q in _durations(doc, text):
        add(q)
    found.sort(key=lambda q: q.span.start)
    return found


def _ages(doc: Doc, text: str) -> list[Quantity]:
    out: list[Quantity] = []
    for m in _AGE_RANGE.finditer(text):
        low, high = number_value(m["a"] or m["a2"]), number_value(m["b"])
        if low is not None and high is not None and low < high:
            span = Span.of(text, m.start(), m.end())
            out.append(Quantity("", span, None, low=low, high=high, approx="range", unit=AGE_UNIT))
    for m in _AGE.finditer(text):
        value = number_value(m["n"])
        if value is None or value > 130:
            continue
        out.append(_age(doc, text, m.start(), m.end(), value, after=True))
    for pattern in (_AGE_WORD, _AGE_BIRTHDAY):
        for m in pattern.finditer(text):
            if pattern is _AGE_BIRTHDAY and m["m"] not in _MONTHS:
                continue
            value = number_value(m["n"])
            if value is None or not 0 < value <= 120 or _counts_a_noun(doc, m.end("n")):
                continue
            start, end = m.span("n") if pattern is _AGE_BIRTHDAY else m.span()
            out.append(_age(doc, text, start, end, value, after=False))
    for m in _AGE_DECADE.finditer(text):
        low = float(m["d"])
        part = (m["p"] or "").lower().rstrip("- ")
        high = {"early": low + 3, "mid": low + 6, "late": low + 9}.get(part, low + 9)
        low = {"mid": low + 4, "late": low + 7}.get(part, low)
        span = Span.of(text, m.start(), m.end())
        out.append(Quantity("", span, None, low=low, high=high, approx="range", unit=AGE_UNIT))
    for m in _AGES_PAIR.finditer(text):
        for group in ("a", "b"):
            span = Span.of(text, m.start(group), m.end(group))
            out.append(Quantity("", span, float(m[group]), unit=AGE_UNIT))
    out.extend(_appositive_ages(doc, text))
    return out


def _counts_a_noun(doc: Doc, end: int) -> bool:
    """ "turned 3 houses": the number right before ``end`` counts the noun after it."""
    span = doc.char_span(end, end + 1, alignment_mode="expand")
    if span is None or len(span) == 0:
        return False
    nxt = span[0]
    return nxt.idx >= end and nxt.pos_ in {"NOUN", "PROPN"} and nxt.tag_ in {"NNS", "NN"}


def _age(doc: Doc, text: str, start: int, end: int, value: float, *, after: bool) -> Quantity:
    """An age over [start, end); its subject is the noun it modifies ("a 59-year-old man")."""
    q = Quantity("", Span.of(text, start, end), value, unit=AGE_UNIT)
    if after:
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is not None and span.end < len(doc):
            nxt = doc[span.end]
            if nxt.pos_ in {"NOUN", "PROPN"}:
                head = nxt
                while head.dep_ == "compound" and head.head.i > head.i:
                    head = head.head
                q.subject = Span.of(text, nxt.idx, head.idx + len(head.text))
    return q


def _appositive_ages(doc: Doc, text: str) -> list[Quantity]:
    """ "Tomas Velk, 37, said", "Hakim and Tennant, both 51, died", "Velk, 37." """
    out: list[Quantity] = []
    for tok in doc:
        if not re.fullmatch(r"[0-9]{1,3}", tok.text) or not 0 < int(tok.text) <= 115:
            continue
        i = tok.i
        start = i - 1 if i > 0 and doc[i - 1].lower_ == "both" else i
        if start < 2 or doc[start - 1].text != ",":
            continue
        name = doc[start - 2]
        after = doc[i + 1] if i + 1 < len(doc) else None
        if after is None or after.text not in {",", ".", ";"}:
            continue
        if after.text == "," and i + 2 < len(doc) and doc[i + 2].like_num:
            continue  # "3, 12, 40": a list of numbers
        if name.pos_ != "PROPN" or not name.text[0].isupper() or name.text in _MONTHS:
            continue
        if name.ent_type_ in {"DATE", "TIME", "MONEY", "CARDINAL", "QUANTITY"}:
            continue
        first = name
        while first.i > 0 and doc[first.i - 1].pos_ == "PROPN" and doc[first.i - 1].is_title:
            if doc[first.i - 1].is_sent_start:
                first = doc[first.i - 1]
                break
            first = doc[first.i - 1]
        q = Quantity(
            "",
            Span.of(text, doc[start].idx, tok.idx + len(tok.text)),
            float(tok.text),
            unit=AGE_UNIT,
            subject=Span.of(text, first.idx, name.idx + len(name.text)),
        )
        out.append(q)
    return out


def _durations(doc: Doc, text: str) -> list[Quantity]:
    out: list[Quantity] = []
    for m in _HOURS_MINUTES.finditer(text):
        value = 60 * float(m["h"]) + float(m["m"])
        out.append(Quantity("", Span.of(text, m.start(), m.end()), value, unit="minutes"))
    for m in _VAGUE_DURATION.finditer(text):
        word = " ".join(m["v"].lower().split())
        unit = _unit(m["u"])
        span = Span.of(text, m.start(), m.end())
        if word in _VAGUE_LENGTH:
            low, high = _VAGUE_LENGTH[word]
            out.append(Quantity("", span, None, low=low, high=high, approx="range", unit=unit))
        else:
            out.append(Quantity("", span, 2.0, approx="approximate", unit=unit))
    for m in _DURATION.finditer(text):
        q = _duration(doc, text, m)
        if q is not None:
            out.append(q)
    for m in _LONG.finditer(text):
        out.append(Quantity("", Span.of(text, m.start(), m.end()), 1.0, unit=_unit(m["u"])))
    return out


def _duration(doc: Doc, text: str, m: re.Match[str]) -> Quantity | None:
    number = " ".join(m["n"].lower().split())
    value = number_value(number)
    if value is None:
        return None
    plural = m["u"].lower().endswith("s") and m["u"].lower() not in {"hrs", "mins", "secs"}
    if value == 1 and plural and number not in {"one"}:
        return None
    if re.search(r"and\s+a\s+half", m.group(), re.I):
        value += 0.5
    span = doc.char_span(m.start(), m.end(), alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    before = doc[span.start - 1] if span.start > 0 else None
    after = doc[span.end] if span.end < len(doc) else None
    if number in {"a", "an", "half a", "half an"}:
        length = (before is not None and before.lower_ in _LENGTH_BEFORE) or (
            after is not None and after.lower_ in _LENGTH_AFTER
        )
        if not length:
            return None  # "twice a day", "$2 million a year": a rate
    if number == "one" and m["u"].lower() == "day" and m["sep"].strip() == "":
        return None  # "one day" is some day
    if before is not None and before.text in {"/", "-"} and not before.whitespace_:
        return None  # "24/7", "9-11 days"
    if m.start() > 0 and text[m.start() - 1] == ":":
        return None  # "17:06 hours": a clock time
    if m["n"].isdigit() and len(m["n"]) == 4:
        return None  # "1100 hrs": a clock time (a 4-digit year is no length either)
    if after is not None and after.lower_ == "ago":
        return None  # "eight years ago" dates something (a TIMEX3 DATE), it is no length
    q = Quantity("", Span.of(text, m.start(), m.end()), value, unit=_unit(m["u"]))
    hyphenated = "-" in m["sep"]
    if hyphenated and after is not None and after.pos_ in {"NOUN", "PROPN"}:
        head = after
        while head.dep_ in {"compound", "amod"} and head.head.i > head.i:
            head = head.head
        q.subject = Span.of(text, after.idx, head.idx + len(head.text))
    return q
