"""Golden files: demo articles and the meaning of their expected records, side by side.

``tests/data/golden/NAME.expected.json`` is what the record of the demo article
``examples/articles/NAME`` (with its ``.meta.json`` sidecar) *means*: boilerplate ranges, entities
and their mentions, statements (speaker, cue, content, kind, modality, via), quantities and
the statement they belong to, events, flags. Ids and list order are left out, so only a
change of meaning fails the test. After an intended change of the extractors, regenerate
and review the diff:

    .venv/bin/pytest tests/test_golden.py --regen-golden      (or CLAIMGRAPH_REGEN_GOLDEN=1)

The inputs are the demo articles themselves, so editing one shows up here as a change of
meaning. To add a golden file, write ``{}`` to ``tests/data/golden/NAME.expected.json`` and
regenerate.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from claimgraph.schema import validate_record

GOLDEN = Path(__file__).parent / "data" / "golden"
EXAMPLES = Path(__file__).parent.parent / "examples" / "articles"
EXPECTED = ".expected.json"
INPUTS = sorted(EXAMPLES / p.name.removesuffix(EXPECTED) for p in GOLDEN.glob("*" + EXPECTED))


def _span(span: dict | None) -> list | None:
    return None if span is None else [span["start"], span["end"], span["text"]]


def meaning(record: dict[str, Any]) -> dict[str, Any]:
    """The parts of a record a reader signs off, with ids replaced by what they denote."""
    names = {e["id"]: e["name"] for e in record["entities"]}

    def actor(a: dict | None) -> list | None:
        if a is None:
            return None
        return [*_span(a["span"]), names.get(a["entity"]) if a.get("entity") else None]

    statements = {s["id"]: s for s in record["statements"]}

    def statement_key(sid: str | None) -> list | None:
        if sid is None or sid not in statements:
            return None
        return _span(statements[sid]["cue"])

    quantities = {q["id"]: q for q in record["quantities"]}
    return {
        "title": record.get("title"),
        "published": record.get("published"),
        "outlet": record.get("outlet"),
        "removed": sorted([r["start"], r["end"], r["reason"]] for r in record["removed"]),
        "entities": sorted(
            [
                e["name"],
                e["type"],
                sorted(e.get("aliases") or []),
                sorted(
                    [m["start"], m["end"], m["text"], m.get("kind", "name")] for m in e["mentions"]
                ),
            ]
            for e in record["entities"]
        ),
        "statements": sorted(
            (
                {
                    "speaker": actor(s.get("speaker")),
                    "cue": _span(s["cue"]),
                    "content": _span(s["content"]),
                    "kind": s["kind"],
                    "modality": s["modality"],
                    "recipient": _span(s.get("recipient")),
                    "via": [actor(v) for v in s.get("via") or []],
                }
                for s in record["statements"]
            ),
            key=lambda s: (s["cue"], s["content"]),
        ),
        "quantities": sorted(
            (
                {
                    "span": _span(q["span"]),
                    "value": q["value"],
                    "low": q.get("low"),
                    "high": q.get("high"),
                    "approx": q["approx"],
                    "unit": q.get("unit"),
                    "statement": statement_key(q.get("statement")),
                }
                for q in record["quantities"]
            ),
            key=lambda q: q["span"],
        ),
        "events": sorted(
            (
                {
                    "type": ev["type"],
                    "trigger": _span(ev["trigger"]),
                    "modality": ev.get("modality"),
                    "quantity": _span(quantities[ev["quantity"]]["span"])
                    if ev.get("quantity") in quantities
                    else None,
                }
                for ev in record.get("events") or []
            ),
            key=lambda ev: ev["trigger"],
        ),
        "flags": sorted({f["code"] for f in record["flags"]}),
    }


# The records are extracted in a child process with a fixed hash seed: the expected files
# pin meaning, and must not flip with Python's per-process string-hash randomisation where
# an extractor breaks a tie by set order (a bug for a determinism test to catch, not this).
_CHILD = """
import json, sys
from claimgraph.pipeline import extract_path
json.dump([extract_path(p).to_dict() for p in sys.argv[1:]], sys.stdout)
"""
HASH_SEED = "0"


@pytest.fixture(scope="session")
def golden_records() -> dict[str, dict[str, Any]]:
    env = {**os.environ, "PYTHONHASHSEED": HASH_SEED}
    done = subprocess.run(
        [sys.executable, "-c", _CHILD, *map(str, INPUTS)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return {p.name: r for p, r in zip(INPUTS, json.loads(done.stdout), strict=True)}


@pytest.mark.model
@pytest.mark.parametrize("path", INPUTS, ids=[p.name for p in INPUTS])
def test_golden(golden_records, path, regen_golden):
    record = golden_records[path.name]
    text = record["text"]
    # a valid record whose offsets all quote the text, whatever the expected file says
    assert validate_record(record) == []
    # nothing in a removed (boilerplate) range yields an entity, statement or quantity
    removed = [(r["start"], r["end"]) for r in record["removed"]]
    extracted = [m for e in record["entities"] for m in e["mentions"]]
    extracted += [s["cue"] for s in record["statements"]] + [
        q["span"] for q in record["quantities"]
    ]
    for span in extracted:
        assert not any(a < span["end"] and span["start"] < b for a, b in removed), span
    if path.suffix == ".txt":
        assert text == path.read_text(encoding="utf-8")  # plain text: offsets index the input
    got = meaning(record)
    expected_path = GOLDEN / (path.name + EXPECTED)
    if regen_golden or not expected_path.exists():
        if not regen_golden:
            pytest.fail(f"{expected_path.name} missing: run pytest --regen-golden")
        expected_path.write_text(
            json.dumps(got, indent=1, ensure_ascii=False) + "\n", encoding="utf-8"
        )
        pytest.skip(f"regenerated {expected_path.name}")
    expected = json.loads(expected_path.read_text(encoding="utf-8"))
    for key in expected:
        assert got[key] == expected[key], f"{path.name}: {key} changed (regenerate on purpose)"
