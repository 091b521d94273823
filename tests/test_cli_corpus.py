"""Corpus commands through the real entry point and the real pipeline (end-to-end)."""

from __future__ import annotations

import csv
import io
import json

import pytest
from click.testing import CliRunner

from claimgraph.serve.cli import cli

WIRE = (
    "Defence minister Alda Renvik said on Monday that about 12,000 Dravenian troops were "
    'stationed in Sevria. "We will not retreat," Renvik told reporters in Kovar.'
)
OTHER = (
    "Farmers in Kovar said the harvest was late this year because of the spring floods. "
    "The agriculture office said prices would rise."
)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory, nlp):
    folder = tmp_path_factory.mktemp("corpus")
    lines = [
        {"text": WIRE, "outlet": "Kestrel Wire", "date": "2026-03-09", "title": "Troops"},
        {"text": WIRE, "outlet": "Baltovia Daily", "date": "2026-03-10", "title": "Troops"},
        {"text": OTHER, "outlet": "Meridian Online", "date": "2026-03-11", "title": "Harvest"},
    ]
    path = folder / "news.jsonl"
    path.write_text("\n".join(json.dumps(x) for x in lines) + "\n{broken\n", encoding="utf-8")
    db = f"sqlite:///{folder / 'c.db'}"
    return path, db


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


def test_ingest_reports_bad_line_and_is_idempotent(corpus):
    path, db = corpus
    first = run("ingest", path, "--db", db, "-q", "--format", "json")
    assert first.exit_code == 1  # one bad line
    data = json.loads(first.stdout)
    assert data["added"] == 3 and data["failed"][0]["source"].endswith("news.jsonl:4")
    assert f"{path}:4" in first.stderr
    assert data["counts"]["duplicates"] == 1
    again = json.loads(run("ingest", path, "--db", db, "-q", "--format", "json").stdout)
    assert again["added"] == 0 and again["skipped_existing"] == 3


def test_listing_commands_text_and_json(corpus):
    path, db = corpus
    run("ingest", path, "--db", db, "-q")
    stories = json.loads(run("stories", "--db", db, "--format", "json").stdout)
    assert stories["items"] and stories["items"][0]["n_articles"] == 2
    claims = run("claims", "--db", db, "--format", "json", "--since", "2026-03-01")
    assert claims.exit_code == 0 and "items" in json.loads(claims.stdout)
    contradictions = run("contradictions", "--db", db, "--format", "json")
    assert json.loads(contradictions.stdout)["total"] >= 0
    text = run("stories", "--db", db)
    assert "Kestrel Wire" in text.stdout and "(copy)" in text.stdout
    entity = run("entity", "Kovar", "--db", db)
    assert entity.exit_code == 0 and "Kovar" in entity.stdout
    assert "  statements about: " in entity.stdout and "statements statements" not in entity.stdout
    about = run("claims", "--db", db, "--about", "Renvik", "--since", "2026-03-01")
    assert about.exit_code == 0 and "claims" in about.stdout
    missing = run("entity", "Nobody Atall", "--db", db)
    assert missing.exit_code == 1 and "no entity" in missing.stderr
    assert "Traceback" not in missing.stderr


def test_contradiction_side_without_modality_has_no_empty_brackets():
    from claimgraph.serve.commands.corpus import _side

    side = {"text": "about 20,000", "outlet": "Orlan Herald", "published": "2026-03-16"}
    assert _side(side).endswith("Orlan Herald, 2026-03-16")
    assert _side({**side, "modality": "denied"}).endswith("2026-03-16 [denied]")


def test_export_formats(corpus, tmp_path):
    path, db = corpus
    run("ingest", path, "--db", db, "-q")
    lines = run("export", "--db", db).stdout.strip().splitlines()
    records = [json.loads(line) for line in lines]
    assert len(records) == 3 and all(r["schema"] == "claimgraph/1" for r in records)
    out = run("export", "--db", db, "--format", "csv", "--what", "articles").stdout
    rows = list(csv.DictReader(io.StringIO(out)))
    assert {r["outlet"] for r in rows} == {"Kestrel Wire", "Baltovia Daily", "Meridian Online"}
    target = tmp_path / "statements.parquet"
    result = run("export", "--db", db, "--format", "parquet", "-o", target)
    assert result.exit_code == 0
    import pyarrow.parquet as pq

    table = pq.read_table(target)
    assert "content" in table.column_names


def test_bad_database_url_is_a_clean_error():
    result = run("stories", "--db", "sqlite:////nonexistent-dir/x/y.db")
    assert result.exit_code == 1 and "cannot open the store" in result.stderr
