"""Every record validates against the published JSON schema and every span quotes its text."""

from __future__ import annotations

import pytest

from claimgraph import extract_text
from claimgraph.schema import span_errors, validate_record

ARTICLE = (
    "ORLANSK, Dravenia (Kestrel Wire) - Dravenian President Tomas Velk told the Orlan Herald "
    "on Sunday that about 12,000 soldiers had crossed into Sevria.\n\n"
    '"We will not retreat," he said. "Not one step."\n\n'
    "According to the defence ministry, at least 40 people were killed in the shelling.\n\n"
    "See also: Dravenia election results\n"
)


@pytest.fixture(scope="module")
def record(nlp):
    return extract_text(ARTICLE, source="fixture", published="2024-11-04").to_dict()


def test_record_validates_against_schema(record):
    assert validate_record(record) == []


def test_span_checker_catches_a_shifted_span(record):
    broken = dict(record)
    broken["entities"] = [
        {
            **record["entities"][0],
            "mentions": [{"start": 1, "end": 5, "text": "xxxx", "kind": "name"}],
        }
    ]
    assert span_errors(broken)
