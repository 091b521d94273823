"""Same input, same output: the demo corpus extracted under two different hash seeds gives
identical records and identical corpus entity ids (hardening issue 6, "who" issue)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ARTICLES = Path(__file__).parents[1] / "examples" / "articles"

_CHILD = """
import json, sys
from pathlib import Path
from claimgraph.analysis.entities import corpus_id, entity_key
from claimgraph.pipeline import extract_paths
out = []
for record in extract_paths([Path(sys.argv[1])]):
    data = record.to_dict()
    data["corpus_ids"] = [
        corpus_id(e["type"], entity_key(e["name"], e["type"], e.get("place")))
        for e in data["entities"]
    ]
    out.append(data)
json.dump(out, sys.stdout, sort_keys=True)
"""


def _extract(seed: str) -> list[dict]:
    env = {**os.environ, "PYTHONHASHSEED": seed}
    done = subprocess.run(
        [sys.executable, "-c", _CHILD, str(ARTICLES)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout)


@pytest.mark.model
def test_demo_corpus_is_identical_under_two_hash_seeds():
    first, second = _extract("1"), _extract("2")
    assert len(first) == len(list(ARTICLES.glob("*.txt")) + list(ARTICLES.glob("*.htm*")))
    for a, b in zip(first, second, strict=True):
        assert a["source"] == b["source"]
        types_a = [(e["name"], e["type"]) for e in a["entities"]]
        types_b = [(e["name"], e["type"]) for e in b["entities"]]
        assert types_a == types_b, a["source"]
        assert a["corpus_ids"] == b["corpus_ids"], a["source"]
        assert a == b, a["source"]
