"""Time expressions normalised against the publication date (extract/dates.py)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claimgraph.extract.dates import extract_dates, normalise

PUBLISHED = "2024-11-06"  # a Wednesday


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("on Sunday", ("2024-11-03", "day")),
        ("Wednesday", ("2024-11-06", "day")),
        ("last Wednesday", ("2024-10-30", "day")),
        ("next Monday", ("2024-11-11", "day")),
        ("Tuesday night", ("2024-11-05", "day")),
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
        ("now", (None, "relative")),
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
    assert precision in (None, "day", "week", "month", "year", "decade", "relative")
