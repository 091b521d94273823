"""`claimgraph extract` through the real entry point (click CliRunner)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from claimgraph.serve.cli import cli

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "articles"
ENGLISH = (
    "President Tomas Velk said on Sunday that about 12,000 troops had reached the border. "
    '"We will not retreat," he told reporters in Halvar.\n'
)
FRENCH = (
    "Le président a déclaré que les troupes ne seraient pas retirées de la frontière avant la "
    "fin du mois, selon un communiqué publié dimanche par le ministère de la défense.\n"
)


@pytest.fixture
def mixed(tmp_path: Path) -> Path:
    (tmp_path / "a-good.txt").write_text(ENGLISH, encoding="utf-8")
    (tmp_path / "b-empty.txt").write_bytes(b"")
    (tmp_path / "c-image.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(200))
    (tmp_path / "d-french.txt").write_text(FRENCH, encoding="utf-8")
    (tmp_path / "e-nav.html").write_text(
        "<html><body><nav><a href='/'>Home</a></nav></body></html>", encoding="utf-8"
    )
    (tmp_path / "f-latin1.txt").write_bytes(
        ENGLISH.replace("Halvar", "Halv\u00e1r").encode("cp1252")
    )
    with (tmp_path / "g-huge.txt").open("wb") as fh:
        fh.truncate(50_000_000)
    return tmp_path


def run(*args: str):
    return CliRunner().invoke(cli, ["extract", *args], catch_exceptions=False)


def test_mixed_folder_one_line_per_bad_file_rest_processed_exit_1(nlp, mixed):
    result = run(str(mixed), "--format", "jsonl")
    assert result.exit_code == 1
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert sorted(Path(r["source"]).name for r in records) == ["a-good.txt", "f-latin1.txt"]
    assert "Traceback" not in result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("claimgraph: skipped")]
    assert len(errors) == 5
    expected = {
        "b-empty.txt": "empty",
        "c-image.txt": "PNG",
        "d-french.txt": "French",
        "e-nav.html": "no article",
        "g-huge.txt": "MB limit",
    }
    for name, words in expected.items():
        (line,) = [e for e in errors if name in e]
        assert words in line
    assert "2 extracted, 5 failed" in result.stderr
    latin = next(r for r in records if r["source"].endswith("f-latin1.txt"))
    assert "Halv\u00e1r" in latin["text"]


def test_missing_path_is_reported_and_others_still_run(nlp, tmp_path):
    good = tmp_path / "good.txt"
    good.write_text(ENGLISH, encoding="utf-8")
    result = run(str(tmp_path / "missing.txt"), str(good), "--format", "json")
    assert result.exit_code == 1
    assert "no such file or directory" in result.stderr
    record = json.loads(result.stdout)
    assert record["text"] == ENGLISH


def test_all_good_exits_0_and_json_is_parseable_through_a_pipe(nlp, tmp_path):
    good = tmp_path / "good.txt"
    good.write_text(ENGLISH, encoding="utf-8")
    (tmp_path / "good.txt.meta.json").write_text(
        '{"published": "2026-03-09", "outlet": "Kestrel Wire"}', encoding="utf-8"
    )
    result = run(str(good), "--format", "json")
    assert result.exit_code == 0, result.stderr
    record = json.loads(result.stdout)  # CliRunner's stdout is not a terminal: a pipe
    assert record["schema"] == "claimgraph/1"
    assert record["published"] == "2026-03-09"
    assert record["outlet"] == "Kestrel Wire"
    assert result.stderr == ""


def test_demo_html_page_with_boilerplate(nlp):
    page = EXAMPLES / "2026-03-09-orlan-herald-dravenia-troops.html"
    result = run(str(page), "--format", "json")
    assert result.exit_code == 0, result.stderr
    record = json.loads(result.stdout)
    assert record["outlet"] == "Orlan Herald"
    reasons = {r["reason"] for r in record["removed"]}
    assert {"photo-credit", "read-more"} <= reasons
    for r in record["removed"]:
        assert record["text"][r["start"] : r["end"]] == r["text"]


# --published, --outlet, --title for plain text, and the warning for undated relative dates.
def test_plain_text_metadata_options_resolve_relative_dates(nlp, tmp_path):
    article = tmp_path / "velmora.txt"
    article.write_text("Velmora port officials said on Sunday that the ferry sank.\n")
    result = run(
        str(article), "--format", "json", "--published", "2026-03-11", "--outlet", "Halvar Post",
        "--title", "Ferry sinks",
    )  # fmt: skip
    record = json.loads(result.stdout)
    assert (record["published"], record["outlet"], record["title"]) == (
        "2026-03-11", "Halvar Post", "Ferry sinks",
    )  # fmt: skip
    assert [(d["span"]["text"], d["value"]) for d in record["dates"]] == [
        ("on Sunday", "2026-03-08")
    ]
    assert "warning" not in result.stderr


def test_undated_relative_dates_warn_once_per_document(nlp, tmp_path):
    (tmp_path / "a.txt").write_text("Officials said on Sunday and again last week that it sank.\n")
    (tmp_path / "b.txt").write_text("The Velmora ferry sank on 3 March 2026, officials said.\n")
    result = run(str(tmp_path), "--format", "jsonl")
    warnings = [line for line in result.stderr.splitlines() if "warning" in line]
    assert len(warnings) == 1 and "a.txt" in warnings[0] and "--published" in warnings[0]


def test_a_sidecar_wins_over_the_options(nlp, tmp_path):
    article = tmp_path / "velmora.txt"
    article.write_text("Velmora port officials said on Sunday that the ferry sank.\n")
    (tmp_path / "velmora.txt.meta.json").write_text('{"outlet": "Kestrel Wire"}')
    record = json.loads(run(str(article), "--format", "json", "--outlet", "Halvar Post").stdout)
    assert record["outlet"] == "Kestrel Wire"


def test_an_unreadable_published_date_is_a_usage_error(tmp_path):
    article = tmp_path / "velmora.txt"
    article.write_text("The ferry sank.\n")
    result = CliRunner().invoke(cli, ["extract", str(article), "--published", "soonish"])
    assert result.exit_code == 2 and "not a date" in result.output


def test_ingest_takes_the_metadata_options(nlp, tmp_path):
    article = tmp_path / "velmora.txt"
    article.write_text("Velmora port officials said on Sunday that the ferry sank.\n")
    db = f"sqlite:///{tmp_path / 'c.db'}"
    args = ["ingest", str(article), "--db", db, "-q", "--no-analyse", "--published", "2026-03-11"]
    result = CliRunner().invoke(cli, [*args, "--outlet", "Halvar Post"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    out = CliRunner().invoke(cli, ["export", "--db", db, "--format", "csv", "--what", "articles"])
    assert "2026-03-11" in out.stdout and "Halvar Post" in out.stdout
