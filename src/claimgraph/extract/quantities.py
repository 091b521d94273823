"""Numeric claims: value, approximation, unit or counted thing, tied to statements.

A focused token scanner over the spaCy parse (not the NER labels alone: the small model tags
"Between 36 and 40" as DATE and "555-1234" as DATE). For each number expression:

- value: "12,000", "12 000", "1.2 million", "twelve thousand", "$3bn", "40%";
- approx: about/around/nearly/almost/roughly/some/an estimated -> approximate; at least/no
  fewer than/or more -> at_least; more than/over/upwards of -> more_than; up to/at most/as many
  as -> at_most; less than/fewer than/under -> less_than; "between 36 and 40", "36-40",
  "36 to 40" -> range (low, high; value None);
- unit: "$", "€", "£", "%", a measure ("km", "tonnes") or the counted noun ("troops");
- subject: the counted noun phrase ("North Korean troops"), or the "of" phrase after a
  percentage or an amount ("40% of the budget");
- a number without its noun still counts something: "14 dead and 31 wounded", "wounded at
  least 30" (the casualty word); "the number of troops ... at 10,000" (the "of" phrase of a
  figure noun); "the death toll rose to 16", "a turnout of 20,000" (what the figure noun
  counts); "the real figure was closer to 10,000", "fewer than the 12,000 announced",
  "organisers said 20,000" (what the nearest earlier number of the same order counted, its
  subject pointing back there: ``quantity_antecedent_chars``, ``quantity_antecedent_ratio``);
- statement: the statement whose content contains it.

Vague amounts are ranges (``approx="range"``, value None) under one convention, that of the
ecbplus-claims gold (a plural of a unit is at least two of it; the bound above is the next
order of magnitude): "dozens" [24, 144], "several dozen" [36, 144], "scores of" [40, 200],
"hundreds" [200, 1,000], "a few hundred" [200, 1,000], "several hundred" [300, 1,000],
"thousands" [2,000, 10,000], "tens of thousands" [20,000, 100,000], "hundreds of
thousands" [200,000, 1,000,000], "millions" [2e6, 1e7], "tens/hundreds of millions",
"billions" likewise; "a dozen" is 12 and "half a dozen" 6 (exact). ACLED's fatality coding
reads lower ("dozens" 12, "hundreds" 100): a reader comparing with ACLED takes our low
end as an upper bound of theirs.

Not claims, skipped: dates, years and year ranges ("from 2011 to 2013", "'91"), times, ages
("aged 45", "45-year-old", "at the age of 45"), ordinals, phone numbers, "one of",
identifiers after a name ("Boeing 737", "Resolution 2231"), numbers inside a name ("Ninety
Mile Beach", "Three Rivers Council"), compound modifiers ("two-state solution", "a
three-judge panel") and idioms ("a thing or two", "one way or another").

A generic counted noun ("12,000 people", "200 personnel") takes the plural noun of a
verbless fragment that follows ("... sent to Russia so far. Troops from North Korea."):
scraped reports split a caption or a dek from its sentence.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from claimgraph.extract.fractions import read_fractions
from claimgraph.extract.names import words
from claimgraph.extract.ranges import RangeIndex
from claimgraph.extract.statements import content_index
from claimgraph.extract.time_amounts import TIME_UNITS, read_time_amounts
from claimgraph.models import Quantity, Span, Statement
from claimgraph.settings import get_settings

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token
    from spacy.tokens import Span as SpacySpan

WORDS = {
    w: n
    for n, w in enumerate(
        words(
            """
    zero one two three four five six seven eight nine ten eleven twelve thirteen
    fourteen fifteen sixteen seventeen eighteen nineteen
    """
        )
    )
}
_TENS = words("_ _ twenty thirty forty fifty sixty seventy eighty ninety")
WORDS.update({w: 10 * n for n, w in enumerate(_TENS) if w != "_"})
SCALES = {
    "hundred": 1e2, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12,
    "mln": 1e6, "mn": 1e6, "bn": 1e9, "bln": 1e9, "tn": 1e12, "k": 1e3, "m": 1e6, "b": 1e9,
    "dozen": 12, "lakh": 1e5, "crore": 1e7,
}  # fmt: skip
#: Approximation phrases before a number (longest first), and what they mean.
BEFORE = [
    ("no fewer than", "at_least"), ("no less than", "at_least"), ("not less than", "at_least"),
    ("at least", "at_least"), ("a minimum of", "at_least"),
    ("more than", "more_than"), ("upwards of", "more_than"), ("in excess of", "more_than"),
    ("just over", "more_than"), ("over", "more_than"), ("above", "more_than"),
    ("up to", "at_most"), ("at most", "at_most"), ("as many as", "at_most"),
    ("no more than", "at_most"), ("a maximum of", "at_most"), ("as much as", "at_most"),
    ("less than", "less_than"), ("fewer than", "less_than"), ("just under", "less_than"),
    ("under", "less_than"), ("below", "less_than"),
    ("an estimated", "approximate"), ("estimated", "approximate"), ("about", "approximate"),
    ("around", "approximate"), ("nearly", "approximate"), ("almost", "approximate"),
    ("roughly", "approximate"), ("approximately", "approximate"), ("some", "approximate"),
    ("close to", "approximate"), ("closer to", "approximate"), ("circa", "approximate"),
    ("approx", "approximate"),
    ("an approximate", "approximate"), ("around about", "approximate"),
]  # fmt: skip
AFTER = [("or more", "at_least"), ("or so", "approximate"), ("plus", "more_than")]
CURRENCY = {"$": "$", "us$": "$", "usd": "$", "€": "€", "eur": "€", "£": "£", "gbp": "£",
            "¥": "¥", "₽": "₽", "₴": "₴", "dollars": "$", "dollar": "$", "euros": "€",
            "euro": "€", "pounds": "£", "roubles": "₽", "rubles": "₽", "hryvnias": "₴",
            "yuan": "¥", "yen": "¥"}  # fmt: skip
MEASURES = {
    "km": "km", "kilometres": "km", "kilometers": "km", "kilometre": "km", "kilometer": "km",
    "miles": "miles", "mile": "miles", "feet": "ft", "foot": "ft", "ft": "ft", "-foot": "ft",
    "inches": "in", "-inch": "in", "-mile": "miles", "-metre": "m", "-meter": "m", "m": "m",
    "metres": "m", "meters": "m", "kg": "kg",
    "kilograms": "kg", "tonnes": "tonnes", "tons": "tonnes", "tonne": "tonnes", "ton": "tonnes",
    "hectares": "hectares", "acres": "acres", "barrels": "barrels", "litres": "litres",
    "liters": "litres", "mph": "mph", "sq": "sq", "square": "sq", "degrees": "degrees",
    "mw": "MW", "gw": "GW", "bcm": "bcm",
}  # fmt: skip
MONTHS = set(
    words(
        """
    january february march april may june july august september october november
    december jan feb mar apr jun jul aug sep sept oct nov dec
    """
    )
)
#: A weekday right before a number dates it ("Monday 9"), not two words off ("confirmed on
#: Monday that 12,000 troops ...").
WEEKDAYS = set(words("monday tuesday wednesday thursday friday saturday sunday"))
AGE_WORDS = {"aged", "age", "ages"}
#: Words that are the counted thing on their own ("14 dead", "31 wounded", "two of the
#: wounded"), and verbs whose bare object or subject is counted so ("wounded at least 30",
#: "5,000 were evacuated").
COUNTED_WORDS = {
    "dead": "dead", "killed": "killed", "wounded": "wounded", "injured": "injured",
    "hurt": "injured", "missing": "missing", "arrested": "arrested", "detained": "detained",
    "displaced": "displaced", "evacuated": "evacuated",
}  # fmt: skip
COUNTED_VERBS = {
    "kill": "killed", "wound": "wounded", "injure": "injured", "hurt": "injured",
    "arrest": "arrested", "detain": "detained", "displace": "displaced",
    "evacuate": "evacuated",
}  # fmt: skip
#: Nouns that stand for a number ("the figure of 10,000", "put the number of troops at
#: 10,000"), with the thing they count when the noun says it ("the death toll" counts the dead).
FIGURE_NOUNS = {
    "figure": None, "number": None, "total": None, "tally": None, "count": None,
    "estimate": None, "toll": "dead", "turnout": "people", "crowd": "people",
}  # fmt: skip
#: Units that do not carry over to a bare number later in the text.
_NOT_CARRIED = {"%"} | set(CURRENCY.values()) | set(MEASURES.values())
_DIGITS = re.compile(r"^\d{1,3}(?:,\d{3})+(?:\.\d+)?$|^\d+(?:\.\d+)?$|^\.\d+$")
_SUFFIXED = re.compile(r"^(\d+(?:\.\d+)?)(k|m|mn|bn|b|tn|bln|mln)$", re.I)
_RANGE = re.compile(r"^(\d[\d,.]*)[-–](\d[\d,.]*)$")
#: A currency written into the number's token: "euro110" (AP style), "Dh4,275", "US$3bn".
_PREFIXED = re.compile(r"^(euro|eur|usd|us\$|dh|aed|rs\.?)(\d[\d,]*(?:\.\d+)?[a-z]*)$", re.I)
_PREFIX_CURRENCY = {"euro": "€", "eur": "€", "usd": "$", "us$": "$", "dh": "Dh", "aed": "Dh",
                    "rs": "Rs", "rs.": "Rs"}  # fmt: skip
#: Scale letters that follow a sum of money, glued to it ("$2.6m", "$136M", "$200MM").
_MONEY_SCALES = {"m": 1e6, "mm": 1e6, "mn": 1e6, "bn": 1e9, "b": 1e9, "k": 1e3, "tn": 1e12}
_PHONE = re.compile(r"\d{3}[-. ]\d{4}\b|\+\d{1,3}[ -]?\d")


def parse_number(text: str) -> float | None:
    """The value of a number expression: "12,000", "12 000", "1.2 million", "twelve thousand",
    "3bn", "$3bn", "40%". None when it is not a number."""
    words = text.lower().replace("%", " ").replace("$", " ").replace("€", " ").split()
    words = [w for w in words if w not in {"and", "a", "an"}]
    if not words:
        return None
    total, current, seen = 0.0, 0.0, False
    for w in words:
        value = _word_value(w)
        if value is not None:
            current += value
            seen = True
            continue
        scale = SCALES.get(w)
        if scale is None or not seen:
            return None
        if scale == 100:
            current *= scale
        else:
            total += current * scale
            current = 0.0
    return total + current if seen else None


def _word_value(w: str) -> float | None:
    prefixed = _PREFIXED.match(w)
    if prefixed:
        w = prefixed.group(2)
    if _DIGITS.match(w):
        return float(w.replace(",", ""))
    m = _SUFFIXED.match(w)
    if m:
        return float(m.group(1)) * SCALES[m.group(2).lower()]
    if w in WORDS:
        return float(WORDS[w])
    if "-" in w and all(p in WORDS for p in w.split("-")):  # twenty-five
        return float(sum(WORDS[p] for p in w.split("-")))
    return None


def _is_num(tok: Token) -> bool:
    low = tok.lower_
    if low not in WORDS and not any(c.isdigit() for c in low) and "-" not in low:
        return False  # fast path: most tokens
    return _word_value(low) is not None and (
        not low.isalpha() or low in WORDS or tok.pos_ == "NUM" or "-" in low
    )


#: Vague amounts: the plural of a unit and the multiplier words before one.
VAGUE_UNITS = {
    "dozens": 12, "scores": 20, "hundreds": 100, "thousands": 1e3, "millions": 1e6,
    "billions": 1e9, "trillions": 1e12,
}  # fmt: skip
VAGUE_SCALES = {"dozen": 12, "hundred": 100, "thousand": 1e3, "million": 1e6, "billion": 1e9}
#: The least multiple a vague word stands for ("several hundred" is at least 300).
VAGUE_MULTIPLIERS = {"several": 3, "a few": 2, "few": 2, "many": 2, "some": 2}
#: Counted nouns that say nothing of what is counted: a following verbless fragment can.
GENERIC_COUNTED = {"people", "persons", "individuals", "men", "personnel", "others"}
#: Idioms with a number that counts nothing.
_IDIOMS = re.compile(
    r"\b(?:a\s+thing\s+or\s+two|one\s+way\s+or\s+(?:another|the\s+other)|two\s+cents|"
    r"at\s+sixes\s+and\s+sevens|on\s+all\s+fours|cloud\s+nine|put\s+two\s+and\s+two|"
    r"nine\s+times\s+out\s+of\s+ten|in\s+two\s+minds|one\s+and\s+(?:the\s+)?same|"
    r"one\s+another|one\s+by\s+one|two\s+by\s+two|one\s+day|one\s+of\s+a\s+kind|"
    r"number\s+one|twenty-four\s+seven|24/7|back\s+to\s+square\s+one|a\s+couple\s+of\s+times)\b",
    re.I,
)
_NAME_TYPES = {"PERSON", "ORG", "GPE", "LOC", "FAC", "WORK_OF_ART", "EVENT", "LAW", "PRODUCT"}


def _vague(doc: Doc, i: int) -> tuple[float, float, int, int] | None:
    """A vague amount starting at token i: (low, high, first token, one past the last)."""
    tok = doc[i]
    low_word = tok.lower_
    nxt = doc[i + 1] if i + 1 < len(doc) else None
    # "tens of thousands", "hundreds of millions"
    after = doc[i + 2].lower_ if i + 2 < len(doc) else ""
    if (
        low_word in {"tens", "hundreds"}
        and nxt is not None
        and nxt.lower_ == "of"
        and after in VAGUE_UNITS
        and after not in {"dozens", "scores"}
    ):
        unit = VAGUE_UNITS[after] * (10 if low_word == "tens" else 100)
        return 2 * unit, 10 * unit, i, i + 3
    if low_word in VAGUE_UNITS:
        if low_word == "scores" and not (nxt is not None and nxt.lower_ == "of"):
            return None  # "test scores": a score of people is "scores of"
        before = doc[i - 1].lower_ if i > 0 else ""
        if before == "in" or (low_word == "scores" and before in {"the", "their", "its"}):
            return None  # "in thousands" is a register; "their scores"
        unit = VAGUE_UNITS[low_word]
        high = 144 if unit == 12 else 10 * unit
        return 2 * unit, high, i, i + 1
    if low_word in VAGUE_WORDS:  # "several villages", "a few languages", "a couple of cars"
        return _vague_word(doc, i)
    if low_word in VAGUE_SCALES and i > 0:  # "several hundred", "a few thousand"
        prev = doc[i - 1].lower_
        two = f"{doc[i - 2].lower_} {prev}" if i > 1 else ""
        if low_word == "dozen" and two == "half a":
            return 6, 6, i - 2, i + 1  # exact
        if low_word == "dozen" and prev in {"a", "one"} and two != "a few":
            return 12, 12, i - 1, i + 1
        multiplier, start = VAGUE_MULTIPLIERS.get(two), i - 2
        if multiplier is None:
            multiplier, start = VAGUE_MULTIPLIERS.get(prev), i - 1
        if multiplier is None or (prev == "some" and low_word != "dozen"):
            return None
        unit = VAGUE_SCALES[low_word]
        high = 144 if unit == 12 else 10 * unit
        return multiplier * unit, high, start, i + 1
    return None


#: Vague words before a plural noun: (the article they need before them, low, high). The
#: bounds follow the convention above: "several" is at least three and less than ten.
VAGUE_WORDS = {
    "several": (None, 3, 9), "few": ("a", 2, 9), "multiple": (None, 2, 9),
    "couple": ("a", 2, 2),
}  # fmt: skip


def _vague_word(doc: Doc, i: int) -> tuple[float, float, int, int] | None:
    """ "several villages" [3, 9], "a few languages" [2, 9], "a couple of fire engines" 2;
    not "several hundred" (a vague scale), "few people" (not a count), "a couple" alone."""
    article, low, high = VAGUE_WORDS[doc[i].lower_]
    start = i
    if article is not None:
        if i == 0 or doc[i - 1].lower_ != article:
            return None
        start = i - 1
    nxt = doc[i + 1] if i + 1 < len(doc) else None
    if nxt is None or nxt.lower_ in VAGUE_SCALES or nxt.lower_ in SCALES:
        return None
    if nxt.lower_ == "of":
        objs = [c for c in nxt.children if c.dep_ == "pobj"]
        if not objs or objs[0].tag_ not in {"NNS", "NNPS"}:
            return None
        return low, high, start, i + 1
    if doc[i].lower_ == "couple":
        return None
    head = doc[i].head
    counted = head.tag_ in {"NNS", "NNPS"} and 0 < head.i - i <= 4
    if not counted and not (
        doc[i].dep_ in {"nsubj", "nsubjpass", "dobj"} and nxt.is_punct is False
    ):
        return None
    return low, high, start, i + 1


def _read_vague(doc: Doc, i: int, text: str) -> tuple[Quantity, int] | None:
    found = _vague(doc, i)
    if found is None:
        return None
    low, high, start, end = found
    unit = None
    subject = None
    if end < len(doc) and doc[end].lower_ == "of":
        of = _of_phrase(doc, end)
        if of is not None:
            subject, unit = of, of.root.lower_
    elif end < len(doc) and doc[end].pos_ == "NOUN":
        head = _counted(doc, end - 1)
        if head is not None:
            subject, unit = doc[end : head.i + 1], head.lower_
    if unit in CURRENCY:  # "hundreds of millions of dollars"
        unit, subject = CURRENCY[unit], None
    last = doc[end - 1]
    verb = last.head.lemma_.lower()
    if unit is None and verb in COUNTED_VERBS and last.dep_ in {"nsubj", "nsubjpass", "dobj"}:
        unit = COUNTED_VERBS[verb]  # "dozens were hurt"
    if low == high:  # "a dozen", "half a dozen"
        span = Span.of(text, doc[start].idx, last.idx + len(last.text))
        approx = "approximate" if doc[start + 1].lower_ == "couple" else "exact"
        quantity = Quantity("", span, float(low), approx=approx, unit=unit)
        if subject is not None:
            quantity.subject = Span.of(text, subject.start_char, subject.end_char)
        return quantity, end
    span = Span.of(text, doc[start].idx, doc[end - 1].idx + len(doc[end - 1].text))
    return (
        Quantity(
            "",
            span,
            None,
            low=float(low),
            high=float(high),
            approx="range",
            unit=unit,
            subject=Span.of(text, subject.start_char, subject.end_char) if subject else None,
        ),
        end,
    )


def _fragment_noun(doc: Doc, q: Quantity, text: str) -> Quantity:
    """A generic counted noun replaced by the plural noun of the verbless fragment right
    after the quantity's sentence ("12,000 people ... so far. Troops from North Korea.")."""
    if q.unit not in GENERIC_COUNTED:
        return q
    span = doc.char_span(q.span.start, q.span.end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return q
    sentence = span.sent
    if sentence.end >= len(doc):
        return q
    following = doc[sentence.end].sent
    words = [t for t in following if not t.is_punct]
    if not words or len(words) > 8 or any(t.pos_ in ("VERB", "AUX") for t in words):
        return q
    root = following.root
    if root.pos_ not in ("NOUN", "PROPN") or root.tag_ not in ("NNS", "NNPS"):
        return q
    phrase = doc[root.left_edge.i : following.end]
    while len(phrase) and phrase[-1].is_punct:
        phrase = phrase[:-1]
    q.unit = root.lower_
    q.subject = Span.of(text, phrase.start_char, phrase.end_char)
    return q


def extract_quantities(doc: Doc, statements: list[Statement]) -> list[Quantity]:
    out: list[Quantity] = []
    text = doc.text  # Doc.text rebuilds the string on every access
    contents = content_index(statements)
    idioms = [(m.start(), m.end()) for m in _IDIOMS.finditer(text)]
    times = _time_amounts(doc, text)
    i = 0
    while i < len(doc):
        tok = doc[i]
        if i in times:
            q, end = times[i]
            q.id = f"Q{len(out) + 1}"
            q.statement = _statement_of(q.span, contents)
            out.append(q)
            i = end
            continue
        vague = _read_vague(doc, i, text) if tok.lower_ in _VAGUE_STARTS else None
        if vague is not None:
            q, end = vague
            q.id = f"Q{len(out) + 1}"
            q.statement = _statement_of(q.span, contents)
            out.append(_fragment_noun(doc, q, text))
            i = end
            continue
        rng = _RANGE.match(tok.text)
        glued_mm = tok.lower_.endswith("mm") and re.fullmatch(r"[\d.,]+mm", tok.lower_)
        if not (_is_num(tok) or rng or (glued_mm and _money(doc, i, i + 1))):
            i += 1
            continue
        if any(a <= tok.idx < b for a, b in idioms):
            i += 1
            continue
        if rng and _score(rng):  # "a 9-3 vote", "won 3-2": two counts, not a range
            for group in (1, 2):
                start = tok.idx + rng.start(group)
                span = Span.of(text, start, tok.idx + rng.end(group))
                value = parse_number(rng.group(group))
                q = Quantity(f"Q{len(out) + 1}", span, value)
                q.statement = _statement_of(q.span, contents)
                out.append(q)
            i += 1
            continue
        found = _read(doc, i, text, out)
        if found is None:
            i += 1
            continue
        q, end = found
        q.id = f"Q{len(out) + 1}"
        q.statement = _statement_of(q.span, contents)
        out.append(_fragment_noun(doc, q, text))
        i = max(end, i + 1)
    return out


def _descending(low: float | None, high: float | None, first: Token, second: Token) -> bool:
    """ "9-3": whole numbers written in digits, the first above the second and not a year
    ("2011-13" is a period): a score or a vote, not a range (a range runs upwards)."""
    if low is None or high is None or not (first.text.isdigit() and second.text.isdigit()):
        return False
    return low > high and not 1800 <= low <= 2100


def _score(rng: re.Match[str]) -> bool:
    """ "9-3", "3-2": whole numbers, the first not below the second (a range runs upwards:
    "36-40"), neither a year ("2011-13")."""
    low, high = rng.group(1), rng.group(2)
    if not (low.isdigit() and high.isdigit()) or len(low) > 3 or len(high) > 3:
        return False
    return int(low) >= int(high)


def _time_amounts(doc: Doc, text: str) -> dict[int, tuple[Quantity, int]]:
    """Ages, durations and fractions by their first token: (quantity with its
    approximation, one past its last token). A number inside one is read as part of it,
    never again as a count."""
    found: dict[int, tuple[Quantity, int]] = {}
    taken: list[tuple[int, int]] = []
    for q in [*read_time_amounts(doc, text), *read_fractions(doc, text)]:
        span = doc.char_span(q.span.start, q.span.end, alignment_mode="expand")
        if span is None or len(span) == 0:
            continue
        if any(span.start < b and a < span.end for a, b in taken):
            continue  # "half an hour" is a duration, not a share
        taken.append((span.start, span.end))
        b, j = span.start, span.end
        if q.approx == "exact":
            q.approx, b = _approx_before(doc, b, q.approx)
            q.approx, j = _approx_after(doc, j, q.approx)
        if b < span.start or j > span.end:
            q.span = Span.of(text, doc[b].idx, doc[j - 1].idx + len(doc[j - 1].text))
        found[b] = (q, j)
    return found


_VAGUE_STARTS = set(VAGUE_UNITS) | set(VAGUE_SCALES) | set(VAGUE_WORDS) | {"tens"}


def _read(doc: Doc, i: int, text: str, previous: list[Quantity]) -> tuple[Quantity, int] | None:
    """Read the number expression starting at token i; (quantity, next token index).
    ``previous``: the quantities read before it (antecedents of a bare number)."""
    start_tok, j = i, i
    low = high = None
    approx = "exact"
    rng = _RANGE.match(doc[i].text)
    if rng:
        low, high = parse_number(rng.group(1)), parse_number(rng.group(2))
        j = i + 1
    else:
        j = _core_end(doc, i)
        bounded = i > 0 and doc[i - 1].lower_ in {"from", "between"}
        # "between 0.5% and 1%": the first bound's own percent sign comes before the link
        m = j + 1 if bounded and j < len(doc) and doc[j].text == "%" else j
        # "36-40", "36 to 40", "36 and 40" after between
        if m + 1 < len(doc) and doc[m].text in {"-", "–", "to", "or"} and _is_num(doc[m + 1]):
            k = _core_end(doc, m + 1)
            low, high = _value(doc, i, j), _value(doc, m + 1, k)
            if doc[m].text == "or" and not (low is not None and high is not None and low < high):
                low = high = None  # "three or four" is a range; "4 or 2" is a list
            if doc[m].text in {"-", "–"} and _descending(low, high, doc[i], doc[m + 1]):
                low = high = None  # "a 9-3 vote", "won 3-2": two counts, each read on its own
            bare_to = doc[m].text == "to" and not bounded
            if bare_to and not _counted(doc, k - 1):
                low = high = None  # "rose 5 to 7 ..." without a counted noun: not a range
            if low is not None:
                j = k
        elif (
            i > 0 and doc[i - 1].lower_ == "between" and m + 1 < len(doc)
            and doc[m].lower_ == "and" and _is_num(doc[m + 1])
        ):  # fmt: skip
            k = _core_end(doc, m + 1)
            low, high = _value(doc, i, j), _value(doc, m + 1, k)
            j = k
    num = doc[j - 1]  # the number's last token (its syntactic head: "1.2 million")
    if low is not None and _years(doc, i, j, low, high):
        return None  # "from 2011 to 2013": a period, not a count
    value = None if low is not None else _value(doc, i, j)
    if low is None and value is None:
        return None
    if _skip(doc, i, j, value, text):
        return None
    unit = None
    # currency before, percent after
    b = start_tok
    if b > 0 and doc[b - 1].lower_ in CURRENCY and not doc[b - 1].is_alpha:
        unit = CURRENCY[doc[b - 1].lower_]
        b -= 1
    prefixed = _PREFIXED.match(doc[i].text)
    if prefixed:
        unit = _PREFIX_CURRENCY[prefixed.group(1).lower()]
    if (  # "a 110bn-euro package"
        unit is None
        and j + 1 < len(doc)
        and doc[j].text == "-"
        and not doc[j - 1].whitespace_
        and doc[j + 1].lower_ in CURRENCY
        and doc[j + 1].is_alpha
    ):
        unit, j = CURRENCY[doc[j + 1].lower_], j + 2
    if j < len(doc) and doc[j].lower_ in {"%", "percent", "pct"}:
        unit, j = "%", j + 1
    elif j + 1 < len(doc) and doc[j].lower_ == "per" and doc[j + 1].lower_ == "cent":
        unit, j = "%", j + 2
    if low is not None:
        approx = "range"
        if b > 0 and doc[b - 1].lower_ in {"between", "from"}:
            b -= 1
    else:
        approx, b = _approx_before(doc, b, approx)
        approx, j = _approx_after(doc, j, approx)
    head = _counted(doc, j - 1 if j - 1 >= i else i)
    subject = None
    if unit is None and j < len(doc) and doc[j].lower_ in CURRENCY and doc[j].is_alpha:
        unit = CURRENCY[doc[j].lower_]
    elif unit is None and head is not None and head.lower_ in MEASURES:
        unit = MEASURES[head.lower_]
    elif unit is None and head is not None:
        unit = head.lower_
        subject = doc[max(j, head.left_edge.i) : head.i + 1]
        if len(subject) == 0 or subject.start < j:
            subject = doc[j : head.i + 1] if head.i >= j else doc[head.i : head.i + 1]
    if subject is not None and subject.text.startswith("-"):
        subject = None  # "five-foot tusk": a measure word, not a counted thing
    if subject is None:
        subject = _of_phrase(doc, j)
        if unit is None and subject is not None and subject.root.tag_ == "NNS":
            unit = subject.root.lower_  # "12 of the state's 41 delegates" -> delegates
        elif unit is None and subject is not None and subject.root.lower_ in COUNTED_WORDS:
            unit = COUNTED_WORDS[subject.root.lower_]  # "two of the wounded"
    implied: Span | None = None
    if unit is None and subject is None:
        unit, implied = _implied(doc, num, value if value is not None else high, previous, text)
    span = Span.of(text, doc[b].idx, doc[j - 1].idx + len(doc[j - 1].text))
    return (
        Quantity(
            "",
            span,
            value,
            low=low,
            high=high,
            approx=approx,
            unit=unit,
            subject=implied
            if subject is None
            else Span.of(text, subject.start_char, subject.end_char),
        ),
        j,
    )


def _implied(
    doc: Doc, num: Token, value: float | None, previous: list[Quantity], text: str
) -> tuple[str | None, Span | None]:
    """What a number without its noun counts, and the span that says it (or None, None)."""
    nxt = doc[num.i + 1] if num.i + 1 < len(doc) else None
    if nxt is not None and nxt.lower_ in COUNTED_WORDS:  # "14 dead", "31 wounded"
        return COUNTED_WORDS[nxt.lower_], Span.of(text, nxt.idx, nxt.idx + len(nxt.text))
    head = num.head
    if head.lemma_.lower() in COUNTED_VERBS and num.dep_ in {"dobj", "nsubj", "nsubjpass"}:
        return COUNTED_VERBS[head.lemma_.lower()], None  # "wounded at least 30"
    figure = _figure_noun(num)
    if figure is not None:
        counted = [
            o
            for p in figure.children
            if p.lower_ == "of"
            for o in p.children
            if o.dep_ == "pobj" and o.pos_ == "NOUN"
        ]
        if counted:  # "the number of troops", "the number of people killed"
            o = counted[0]
            return o.lower_, Span.of(text, doc[o.left_edge.i].idx, o.idx + len(o.text))
        own = FIGURE_NOUNS[figure.lemma_.lower()]
        if own is not None:  # "the death toll rose to 16", "a turnout of 20,000"
            return own, Span.of(text, figure.idx, figure.idx + len(figure.text))
    elliptic = (
        figure is not None
        or any(c.dep_ == "det" for c in num.children)  # "the 12,000 announced by Velk"
        or num.dep_ in {"nsubj", "nsubjpass", "dobj"}  # "organisers said 20,000"
    )
    if elliptic and value:
        return _antecedent(num, value, previous)
    return None, None


def _figure_noun(num: Token) -> Token | None:
    """The figure noun a number is the value of: "the figure of 10,000", "the real figure
    was closer to 10,000", "put the number of troops at 10,000", "the toll rose to 16"."""
    head = num.head
    if num.dep_ == "pobj" and head.lower_ == "of" and head.head.lemma_.lower() in FIGURE_NOUNS:
        return head.head
    verb = head
    if num.dep_ == "pobj":  # "at 10,000", "to 16", "closer to 10,000"
        verb = head.head
        if verb.pos_ == "ADJ":
            verb = verb.head
    elif num.dep_ not in {"dobj", "attr"}:
        return None
    if verb.pos_ not in {"VERB", "AUX"}:
        return None
    for c in verb.children:
        if c.dep_ not in {"nsubj", "nsubjpass", "dobj"}:
            continue
        if c.lemma_.lower() in FIGURE_NOUNS:
            return c
        if c.tag_ == "WDT":  # "the number of troops at the border, which Dravenia put at"
            for t in reversed(c.doc[c.sent.start : c.i]):
                if t.lemma_.lower() in FIGURE_NOUNS and t.pos_ == "NOUN":
                    return t
    return None


def _antecedent(
    num: Token, value: float, previous: list[Quantity]
) -> tuple[str | None, Span | None]:
    """The unit and subject of the nearest earlier number with a counted noun, when it is
    close enough and of the same order as ``value``."""
    settings = get_settings()
    for q in reversed(previous):
        if num.idx - q.span.end > settings.quantity_antecedent_chars:
            break
        other = q.value if q.value is not None else q.high
        if not q.unit or q.unit in _NOT_CARRIED or not other:
            continue
        if max(other, value) / min(other, value) <= settings.quantity_antecedent_ratio:
            return q.unit, q.subject
    return None, None


def _core_end(doc: Doc, i: int) -> int:
    """One past the last token of the number starting at i (scales, "12 000", word numbers)."""
    j = i + 1
    while j < len(doc):
        t = doc[j]
        low = t.lower_
        if (
            (low in SCALES and low not in {"m", "b", "k"})
            or (
                low in {"and", "-"}
                and j + 1 < len(doc)
                and doc[j + 1].lower_ in WORDS
                and (doc[j - 1].lower_ in SCALES)
            )
            or (
                re.fullmatch(r"\d{3}", t.text)
                and doc[j - 1].text.isdigit()
                and (doc[j - 1].whitespace_ == " " and len(doc[j - 1].text) <= 3)
            )
            or (low in WORDS and doc[j - 1].lower_ in WORDS and doc[j - 1].lower_ not in {"one"})
            or (low in _MONEY_SCALES and not doc[j - 1].whitespace_ and _money(doc, i, j + 1))
            or (  # "$140-million", "a 110-billion bailout", "a two-million-euro booty"
                low == "-"
                and not doc[j - 1].whitespace_
                and not t.whitespace_
                and j + 1 < len(doc)
                and doc[j + 1].lower_ in {"million", "billion", "trillion"}
            )
        ):
            j += 1
        else:
            break
    return j


def _money(doc: Doc, i: int, j: int) -> bool:
    """Is the number over tokens [i, j) a sum of money (a currency sign or word next to it)?"""
    before = doc[i - 1].lower_ if i > 0 else ""
    after = doc[j].lower_ if j < len(doc) else ""
    if after == "-" and j + 1 < len(doc):
        after = doc[j + 1].lower_
    return (
        (before in CURRENCY and not doc[i - 1].is_alpha)
        or bool(_PREFIXED.match(doc[i].text))
        or (after in CURRENCY and after.isalpha())
    )


def _value(doc: Doc, i: int, j: int) -> float | None:
    parts = [doc[k].text for k in range(i, j) if doc[k].text != "-"]
    if len(parts) > 1 and parts[-1].lower() in _MONEY_SCALES:  # "$2.6m", "$200 MM"
        number = parse_number(" ".join(parts[:-1]))
        return None if number is None else number * _MONEY_SCALES[parts[-1].lower()]
    glued = re.fullmatch(r"([\d.,]+)mm", parts[-1].lower()) if len(parts) == 1 else None
    if glued and _money(doc, i, j):  # "$200MM": MM is a million in money
        number = parse_number(glued.group(1))
        return None if number is None else number * 1e6
    if len(parts) > 1 and all(p.isdigit() for p in parts):  # "12 000"
        return float("".join(parts))
    return parse_number(" ".join(parts))


def _years(doc: Doc, i: int, j: int, low: float | None, high: float | None) -> bool:
    """Both ends of a range are years and no plural noun follows."""
    if low is not None and high is not None and 1800 <= low <= 2100 and high < 100:
        high = (low // 100) * 100 + high  # "2011-13"
    if low is None or high is None or not all(1800 <= v <= 2100 for v in (low, high)):
        return False
    if not re.fullmatch(r"\d{4}(?:[-–]\d{2,4})?", doc[i].text):
        return False
    nxt = doc[j] if j < len(doc) else None
    return not (nxt is not None and nxt.tag_ in {"NNS", "NNPS"})


def _in_name(doc: Doc, i: int, j: int) -> bool:
    """A number that is part of a name: "Ninety Mile Beach", "Three Rivers Council"."""
    first, last = doc[i], doc[j - 1]
    nxt = doc[j] if j < len(doc) else None
    inside = i > 0 and not doc[i - 1].is_sent_end and doc[i - 1].text not in {'"', "“", "(", ":"}
    if first.is_alpha and first.is_title and inside and nxt is not None and nxt.is_title:
        return not _title_case_line(first)  # in running text, a name; a headline capitalises all
    if first.ent_type_ in _NAME_TYPES and first.ent_iob_ == "B" and first.is_alpha:
        return last.ent_iob_ == "I" or (nxt is not None and nxt.ent_iob_ == "I")
    return False


def _title_case_line(token: Token) -> bool:
    """Is the token's sentence written in title case (a headline: "Quake Kills Five People")?"""
    words = [t for t in token.sent if t.is_alpha and len(t) > 3]
    return len(words) >= 3 and sum(t.is_title for t in words) >= 0.8 * len(words)


def _compound_modifier(doc: Doc, j: int) -> bool:
    """ "two-state solution", "a three-judge panel": a number joined by a hyphen to a
    singular word that is not a measure modifies a noun; it counts nothing."""
    if j + 1 >= len(doc) or doc[j].text != "-" or doc[j].whitespace_:
        return False
    word = doc[j + 1]
    if word.lower_ in MEASURES or ("-" + word.lower_) in MEASURES or word.lower_ in SCALES:
        return False
    if word.lower_ in CURRENCY:
        return False  # "a 110bn-euro package": a sum of money
    if word.lower_ in {"year", "years", "day", "week", "month", "hour", "minute"}:
        return False  # ages and durations: handled where they are read
    return word.is_alpha and word.tag_ not in {"NNS", "NNPS"}


def _skip(doc: Doc, i: int, j: int, value: float | None, text: str) -> bool:
    first, last = doc[i], doc[j - 1]
    prev0 = doc[i - 1] if i > 0 else None
    apostrophe = prev0 is not None and prev0.text in {"'", "’", "‘"} and not prev0.whitespace_
    if apostrophe and re.fullmatch(r"\d\d", first.text):
        return True  # '91: a year
    if re.fullmatch(r"['’‘]\d\d", first.text):
        return True
    if _in_name(doc, i, j) or _compound_modifier(doc, j):
        return True
    if (i >= 3 and doc[i - 1].lower_ == "of" and doc[i - 2].lower_ == "age") or (
        i >= 1 and doc[i - 1].lower_ in {"turned", "turning"}
    ):
        return True  # "at the age of 45", "turned 60"
    ordinal = first.ent_type_ == "ORDINAL" and not _SUFFIXED.match(first.text)
    if first.ent_type_ == "TIME" or ordinal or ":" in first.text:
        return True
    if re.search(r"\d(?:st|nd|rd|th)$", first.lower_):
        return True
    around = text[max(0, first.idx - 4) : last.idx + len(last.text) + 6]
    if _PHONE.search(around) or _not_an_amount(doc, i, j, text):
        return True
    nxt = doc[j] if j < len(doc) else None
    prev = doc[i - 1] if i > 0 else None
    neighbours = {doc[k].lower_ for k in range(max(0, i - 2), min(len(doc), j + 2))}
    if neighbours & MONTHS:
        return True
    if prev is not None and prev.lower_ in WEEKDAYS and value is not None and value < 32:
        return True
    year = value is not None and 1800 <= value <= 2100 and first.text.isdigit() and i + 1 == j
    if year and not (nxt is not None and nxt.tag_ in {"NNS", "NNPS"}):
        return True
    if prev is not None and prev.lower_ in AGE_WORDS:
        return True
    if nxt is not None and nxt.lower_.rstrip("s") in TIME_UNITS:
        return True  # a length is read as a duration; "three years ago" is a date
    if nxt is not None and (
        (
            nxt.lower_ in {"-year", "year", "years"}
            and j + 2 < len(doc)
            and doc[j + 1].lower_ in {"-", "old"}
        )
        or re.match(r"-?year-old", nxt.lower_)
    ):
        return True
    after = text[last.idx + len(last.text) : last.idx + len(last.text) + 16].lower()
    if re.search(r"-year-old$", first.lower_) or re.match(r"\s*-?\s*(?:years?|yr)[- ]old", after):
        return True
    after_name = (
        prev is not None and prev.text == "," and i >= 2 and doc[i - 2].ent_type_ == "PERSON"
    )
    if after_name and nxt is not None and nxt.text == ",":
        return True  # "Tomas Velk, 45, said"
    if first.lower_ in {"one", "zero"} and i + 1 == j:
        return not _counts_one(first)  # "one of", "one day": an article or an idiom
    if prev is not None and prev.pos_ == "PROPN" and prev.is_title and not _counted(doc, j - 1):
        return True  # "Boeing 737", "Resolution 2231"
    if prev is not None and prev.lower_ in {"no", "no.", "number", "page", "article", "#"}:
        return prev.lower_ != "no" or (nxt is not None and nxt.lower_ not in {"fewer", "more"})
    return (
        first.ent_type_ == "DATE"
        and value is not None
        and value < 32
        and (nxt is None or nxt.tag_ not in {"NNS", "NNPS"})
    )


#: Nouns after "one" in phrases that count nothing ("at one point", "on the one hand").
_ONE_IDIOMS = set(
    words(
        """
    thing way time point side hand day reason another place moment more last other kind
    part aspect question example hour night morning evening week year month stage end
    """
    )
)


def _counts_one(tok: Token) -> bool:
    """ "one man was killed", "faces one count of murder", "killing one": a count of one,
    not the article or pronoun 'one' ("one of them", "the one who", "at one point")."""
    before = tok.doc[tok.i - 1].lower_ if tok.i > 0 else ""
    if before in {"no", "-", "any", "every", "each", "only"}:
        return False  # "no one", "no-one", "only one other solution"
    head = tok.head
    if tok.dep_ == "nummod" and head.pos_ == "NOUN" and 0 < head.i - tok.i <= 4:
        return head.lemma_.lower() not in _ONE_IDIOMS and head.lower_ not in _ONE_IDIOMS
    return tok.dep_ in {"dobj", "nsubjpass"} and head.lemma_.lower() in COUNTED_VERBS


#: Groups of digits that dial a number ("0845 125 2222", "0800 555111", "+44 20 7946 0000").
_DIALLED = re.compile(r"\b0\d{2,4}(?:[ -]\d{3,4}){1,2}\b|\b0\d{2,4}[ -]\d{5,7}\b")
#: Words after a four-digit clock time ("1336 GMT", "1100 hrs IST", "at 0600 local time").
_CLOCK_AFTER = {"gmt", "utc", "hrs", "hours", "local", "ist", "bst", "cet", "est", "edt", "pst"}
#: Words that end a street name ("40 East Fifth Avenue", "200 W. American Blvd").
_STREET_WORDS = {
    "avenue", "ave", "ave.", "street", "st", "st.", "boulevard", "blvd", "blvd.", "road", "rd",
    "rd.", "way", "lane", "drive", "dr", "dr.", "place", "square", "highway", "hwy",
}  # fmt: skip
_DIAL_VERBS = {"call", "dial", "ring", "phone", "text"}


def _not_an_amount(doc: Doc, i: int, j: int, text: str) -> bool:
    """Numbers that identify rather than count: a phone number ("0845 125 2222", "called
    911"), a four-digit clock time ("at 1353 (1023 GMT)"), a street number ("at 40 East
    Fifth Avenue", "the 2500 block of Main Street")."""
    first, last = doc[i], doc[j - 1]
    start, end = first.idx, last.idx + len(last.text)
    line = text[max(0, start - 12) : end + 12]
    for m in _DIALLED.finditer(line):
        if m.start() <= start - max(0, start - 12) < m.end():
            return True
    if first.text.startswith("0") and first.text.isdigit() and len(first.text) >= 3:
        return True  # "0800": a leading zero is a code, not a count
    head = first.head
    if head.lemma_.lower() in _DIAL_VERBS and first.dep_ in {"dobj", "npadvmod"}:
        return True
    if re.fullmatch(r"[0-2]\d[0-5]\d", first.text) and i + 1 == j:
        nxt = [t.lower_ for t in doc[j : j + 3] if not t.is_punct]
        if nxt and nxt[0] in _CLOCK_AFTER:
            return True
        after_paren = doc[j].text == "(" if j < len(doc) else False
        if after_paren and any(t.lower_ in _CLOCK_AFTER for t in doc[j : j + 4]):
            return True  # "struck at 1353 (1023 GMT)"
    if j < len(doc) and doc[j].lower_ == "block" and j + 1 < len(doc) and doc[j + 1].lower_ == "of":
        return True
    for t in doc[j : j + 5]:
        if (
            t.lower_ in _STREET_WORDS
            and t.i > j
            and all(x.is_title or x.text.endswith(".") or x.like_num for x in doc[j : t.i])
        ):
            return t.is_title or t.text[:1].isupper()
        if not (t.is_title or t.like_num or t.text.endswith(".")):
            break
    return False


def _counted(doc: Doc, k: int) -> Token | None:
    """The noun a number counts: its nummod head, or the noun right after it."""
    tok = doc[k]
    head = tok.head
    counts = tok.dep_ in {"nummod", "quantmod", "compound", "amod"}
    if counts and head.pos_ in {"NOUN", "PROPN"} and 0 < head.i - k <= 5:
        return head
    nxt = doc[k + 1] if k + 1 < len(doc) else None
    if nxt is not None and nxt.pos_ == "NOUN":
        # walk to the head of a compound ("12,000 ground troops")
        while nxt.dep_ in {"compound", "amod"} and nxt.head.i > nxt.i and nxt.head.pos_ == "NOUN":
            nxt = nxt.head
        return nxt
    return None


def _of_phrase(doc: Doc, j: int) -> SpacySpan | None:
    """ "40% of the budget" -> "the budget" (not "3 of 4": a number is not a subject)."""
    if j < len(doc) and doc[j].lower_ == "of":
        objs = [c for c in doc[j].children if c.dep_ == "pobj" and not c.like_num]
        if objs:
            o = objs[0]
            return doc[o.left_edge.i : o.i + 1]
    return None


def _approx_before(doc: Doc, b: int, approx: str) -> tuple[str, int]:
    for phrase, kind in BEFORE:
        words = phrase.split()
        s = b - len(words)
        if s >= 0 and [t.lower_ for t in doc[s:b]] == words:
            if phrase in {"over", "under", "above", "below", "some"} and not _adverbial(doc[s]):
                continue
            return kind, s
    return approx, b


def _adverbial(tok: Token) -> bool:
    """ "over 500 people" (a bound) but not "over the river"; "some 2,000" not "some of"."""
    return tok.dep_ in {"advmod", "quantmod", "amod", "det", "nummod", "prep"}


def _approx_after(doc: Doc, j: int, approx: str) -> tuple[str, int]:
    for phrase, kind in AFTER:
        words = phrase.split()
        if [t.lower_ for t in doc[j : j + len(words)]] == words and approx == "exact":
            return kind, j + len(words)
    if j < len(doc) and doc[j].text == "+" and approx == "exact":
        return "more_than", j + 1
    return approx, j


def _statement_of(span: Span, statements: RangeIndex[Statement]) -> str | None:
    """The innermost statement whose content holds ``span``: in "Marrow said the figure of
    10,000 reported by the Herald was wrong", the 10,000 is the Herald's."""
    holding = statements.holding(span.start, span.end)
    if not holding:
        return None
    return min(holding, key=lambda s: s.content.end - s.content.start).id
