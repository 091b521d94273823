"""Time expressions normalised against the publication date (extract/dates.py)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claimgraph.extract.dates import extract_dates, normalise

PUBLISHED = "2024-11-06"  # a Wednesday
PRECISIONS = (
    None, "minute", "day", "week", "month", "quarter", "season", "half", "year", "decade",
    "relative",
)  # fmt: skip


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("on Sunday", ("2024-11-03", "day")),
        ("Wednesday", ("2024-11-06", "day")),
        ("last Wednesday", ("2024-10-30", "day")),
        ("next Monday", ("2024-11-11", "day")),
        ("Tuesday night", ("2024-11-05TNI", "day")),
        ("yesterday", ("2024-11-05", "day")),
        ("today", ("2024-11-06", "day")),
        ("last week", ("2024-W44", "week")),
        ("this week", ("2024-W45", "week")),
        ("earlier this month", ("2024-11", "month")),
        ("last month", ("2024-10", "month")),
        ("last year", ("2023", "year")),
        ("in 2014", ("2014", "year")),
        ("November 3", ("2024-11-03", "day")),
        ("Nov. 3", ("2024-11-03", "day")),
        ("3 November 2024", ("2024-11-03", "day")),
        ("the 3rd of November", ("2024-11-03", "day")),
        ("March 2019", ("2019-03", "month")),
        ("two days ago", ("2024-11-04", "day")),
        ("three weeks ago", ("2024-W42", "week")),
        ("the 1990s", ("199", "decade")),
        ("2008-03-01", ("2008-03-01", "day")),
        ("the beginning of the year", ("2024", "year")),
        ("the end of the month", ("2024-11", "month")),
        ("three years", (None, None)),
        ("now", ("PRESENT_REF", "relative")),
    ],
)
def test_normalise(text: str, expected: tuple[str | None, str | None]) -> None:
    assert normalise(text, PUBLISHED) == expected


def test_month_day_takes_the_closest_year() -> None:
    assert normalise("December 28", "2025-01-02") == ("2024-12-28", "day")
    assert normalise("January 3", "2024-12-30") == ("2025-01-03", "day")
    assert normalise("June 1", "2024-11-06") == ("2024-06-01", "day")


def test_relative_dates_need_a_base() -> None:
    assert normalise("yesterday", None) == (None, "day")
    assert normalise("3 November 2024", None) == ("2024-11-03", "day")
    assert normalise("on Sunday", "2024-11-06T14:30:00Z") == ("2024-11-03", "day")


def test_extract_dates_offsets_and_future_weekday(nlp) -> None:
    text = (
        "Dravenian forces shelled Velmora on Sunday, the Sevrian ministry said yesterday. "
        "The minister will visit Ostrava on Friday. A truce was signed in 2014."
    )
    refs = extract_dates(nlp(text), PUBLISHED)
    found = {r.span.text: (r.value, r.precision) for r in refs}
    for ref in refs:
        assert text[ref.span.start : ref.span.end] == ref.span.text
    assert found["on Sunday"] == ("2024-11-03", "day")
    assert found["yesterday"] == ("2024-11-05", "day")
    assert found["on Friday"] == ("2024-11-08", "day")  # future clause: the next Friday
    assert found["in 2014"] == ("2014", "year")


def test_normalise_span_reads_the_clause(nlp) -> None:
    from claimgraph.extract.dates import normalise_span

    text = "The Sevrian envoy will arrive on Friday. The Dravenian envoy left on Friday."
    doc = nlp(text)
    first, second = (text.index("Friday"), text.rindex("Friday"))
    assert normalise_span(doc, first, first + 6, PUBLISHED) == ("2024-11-08", "day")
    assert normalise_span(doc, second, second + 6, PUBLISHED) == ("2024-11-01", "day")


def test_a_weekday_after_hoped_to_is_ahead(nlp) -> None:
    text = "The agency hoped to send a convoy on Friday. The agency sent a convoy on Friday."
    found = [(r.span.text, r.value) for r in extract_dates(nlp(text), PUBLISHED)]
    assert found == [("on Friday", "2024-11-08"), ("on Friday", "2024-11-01")]


def test_extract_dates_drops_durations(nlp) -> None:
    refs = extract_dates(nlp("The siege lasted three years and ended last month."), PUBLISHED)
    assert [(r.span.text, r.value) for r in refs] == [("last month", "2024-10")]


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=40))
def test_normalise_never_crashes(text: str) -> None:
    value, precision = normalise(text, PUBLISHED)
    assert value is None or isinstance(value, str)
    assert precision in PRECISIONS


# TIMEX3 values written as general rules (TimeML 1.2 / TIMEX3 guidelines; HeidelTime's
# readings where the guidelines leave a choice), on our own text.
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # quarters: ordinal of a named or relative year; "last quarter" is the one before
        ("the second quarter of last year", ("2023-Q2", "quarter")),
        ("the third quarter", ("2024-Q3", "quarter")),
        ("the last quarter", ("2024-Q3", "quarter")),
        ("next quarter", ("2025-Q1", "quarter")),
        ("the fourth quarter of 2019", ("2019-Q4", "quarter")),
        ("Q1 2025", ("2025-Q1", "quarter")),
        # halves and fiscal years
        ("the first half of 2023", ("2023-H1", "half")),
        ("the second half of the year", ("2024-H2", "half")),
        ("the financial year", ("FY2024", "year")),
        ("fiscal 2022", ("FY2022", "year")),
        # seasons: this = the publication year, last = the latest that ended, next = ahead
        ("this summer", ("2024-SU", "season")),
        ("last summer", ("2024-SU", "season")),
        ("last autumn", ("2023-FA", "season")),
        ("next spring", ("2025-SP", "season")),
        ("the winter of 2021", ("2021-WI", "season")),
        # weeks and weekends
        ("this weekend", ("2024-W45-WE", "week")),
        ("last weekend", ("2024-W44-WE", "week")),
        ("over the weekend", ("2024-W44-WE", "week")),
        # parts of the day
        ("yesterday morning", ("2024-11-05TMO", "day")),
        ("this afternoon", ("2024-11-06TAF", "day")),
        ("last night", ("2024-11-05TNI", "day")),
        ("tonight", ("2024-11-06TNI", "day")),
        # present, past and future references
        ("currently", ("PRESENT_REF", "relative")),
        ("at present", ("PRESENT_REF", "relative")),
        ("recently", ("PAST_REF", "relative")),
        ("in recent years", ("PAST_REF", "relative")),
        ("in the coming months", ("FUTURE_REF", "relative")),
        ("in the near future", ("FUTURE_REF", "relative")),
        ("soon", ("FUTURE_REF", "relative")),
        # clock times at minute precision; a zone gives UTC ("Z")
        ("12:00 UTC", ("2024-11-06T12:00Z", "minute")),
        ("1130 GMT", ("2024-11-06T11:30Z", "minute")),
        ("9:15 p.m. (GMT +2)", ("2024-11-06T19:15Z", "minute")),
        ("3 pm EST", ("2024-11-06T20:00Z", "minute")),
        ("at 7.30 am", ("2024-11-06T07:30", "minute")),
        ("noon", ("2024-11-06T12:00", "minute")),
    ],
)
def test_timex3_values(text: str, expected: tuple[str | None, str | None]) -> None:
    assert normalise(text, PUBLISHED) == expected


def test_timex3_values_need_a_base_when_relative() -> None:
    assert normalise("last quarter", None) == (None, "quarter")
    assert normalise("the third quarter of 2019", None) == ("2019-Q3", "quarter")
    assert normalise("this summer", None) == (None, "season")
    assert normalise("recently", None) == ("PAST_REF", "relative")


def test_a_clock_time_takes_the_day_of_its_sentence(nlp) -> None:
    text = "The Velmora ferry left on Monday at 18:00 UTC, the Ostrava port said."
    refs = {r.span.text: r.value for r in extract_dates(nlp(text), PUBLISHED)}
    assert refs["18:00 UTC"] == "2024-11-04T18:00Z"
    from claimgraph.extract.dates import normalise_span

    start = text.index("18:00")
    assert normalise_span(nlp(text), start, start + 9, PUBLISHED) == (
        "2024-11-04T18:00Z",
        "minute",
    )


def test_a_range_of_years_is_two_points(nlp) -> None:
    text = "Sevria will receive six ferries from 2027 to 2029 and four between 2031 and 2033."
    found = [(r.span.text, r.value) for r in extract_dates(nlp(text), PUBLISHED)]
    assert found == [("2027", "2027"), ("2029", "2029"), ("2031", "2031"), ("2033", "2033")]


def test_scan_finds_quarters_seasons_and_references(nlp) -> None:
    text = (
        "Velmora Freight said profits fell in the third quarter of last year and are now "
        "rising. Its chief recently said the port would reopen in the coming months, "
        "perhaps next spring. The ledger was signed on 7/8/23."
    )
    found = {r.span.text: r.value for r in extract_dates(nlp(text), PUBLISHED)}
    assert found["the third quarter of last year"] == "2023-Q3"
    assert found["now"] == "PRESENT_REF"
    assert found["recently"] == "PAST_REF"
    assert found["in the coming months"] == "FUTURE_REF"
    assert found["next spring"] == "2025-SP"
    assert found["7/8/23"] == "2023-07-08"


def test_set_to_looks_ahead(nlp) -> None:
    text = "The Ostrava trial is set to begin on Friday."
    found = [(r.span.text, r.value) for r in extract_dates(nlp(text), PUBLISHED)]
    assert found == [("on Friday", "2024-11-08")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("three years", "P3Y"),
        ("the next six months", "P6M"),
        ("a 12-hour", None),
        ("12-hour", "PT12H"),
        ("thirty minutes", "PT30M"),
        ("almost two and a half years", "P2.5Y"),
        ("fifty-year", "P50Y"),
        ("several weeks", "PXW"),
        ("over the years", "PXY"),
        ("the past decade", "P10Y"),
        ("from 2019 to 2022", "P3Y"),
        ("on Sunday", None),
        ("last year", None),
    ],
)
def test_duration_values(text: str, expected: str | None) -> None:
    from claimgraph.extract.dates import duration

    assert duration(text) == expected


def test_relative_dates_without_a_base_are_named(nlp) -> None:
    from claimgraph.extract.dates import first_relative

    assert first_relative("The Velmora ferry sank on Sunday, officials said.") == "on Sunday"
    assert first_relative("The Velmora ferry sank on 3 March 2026.") is None
