"""claimgraph on Spark (local mode): spark extract -> spark analyse -> load gives the same
store as `claimgraph ingest`, row by row, on part of the (fictional) demo corpus plus bad
inputs; the pieces that need no JVM are tested alone.

Spark needs pyspark and Java: without them these tests skip, saying why, except under
CI=true (.ci/run installs both), where they fail.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from claimgraph.serve.cli import cli
from claimgraph.spark.inputs import ITEM_SEP, PART_SEP, ReadError, input_file, read_file, wanted
from claimgraph.spark.tables import EXTRACT_TABLES, coerce, columns

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
PG_URL = os.environ.get("CLAIMGRAPH_TEST_POSTGRES_URL")
# compared row by row between the engines: every column but the time of ingest
COMPARED = (*EXTRACT_TABLES, "stories", "claims", "contradictions")


def _missing() -> str | None:
    try:
        import pyspark  # noqa: F401
    except ImportError:
        return "pyspark is not installed (pip install 'claimgraph[spark]')"
    if not (shutil.which("java") or os.environ.get("JAVA_HOME")):
        return "no Java runtime (apt-get install openjdk-17-jre-headless)"
    return None


@pytest.fixture(scope="session")
def spark():
    why = _missing()
    if why:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"CI=true but Spark cannot run: {why}; .ci/run must install it")
        pytest.skip(f"Spark tests need pyspark and Java: {why}")
    os.environ.setdefault("CLAIMGRAPH_SPARK_MEMORY", "512m")
    from claimgraph.spark.session import get_session

    session = get_session("local[2]", app="claimgraph-tests")
    yield session
    session.stop()


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


# -- without a JVM ---------------------------------------------------------------------------


def test_input_files_are_named_and_ordered_like_ingest():
    root = "file:/data/corpus"
    a = input_file(f"{root}/a/x.txt", root, "corpus", 1)
    b = input_file(f"{root}/a-b/x.txt", root, "corpus", 1)
    assert a is not None and b is not None
    assert a.source == "corpus/a/x.txt"
    # sorted(Path) compares path parts: a/x before a-b/x, though '-' < '/' as characters
    assert a.order < b.order and a.order == f"000001{PART_SEP}a{PART_SEP}x.txt"
    named = input_file(f"{root}/feed.jsonl", f"{root}/feed.jsonl", "corpus/feed.jsonl", 0)
    assert named is not None and named.source == "corpus/feed.jsonl" and named.order < a.order
    assert input_file(f"{root}/.hidden.txt", root, "corpus", 1) is None
    assert input_file(f"{root}/x.txt.meta.json", root, "corpus", 1) is None
    assert wanted("crawl.warc.gz") and wanted("feed.rss") and not wanted("notes.pdf")


def test_read_file_keeps_the_ingest_readers_and_their_locations():
    lines = [
        json.dumps({"text": "Officials in Kovar said the bridge had reopened.", "outlet": "X"}),
        "{broken",
    ]
    file = input_file("file:/in/news.jsonl", "file:/in", "in", 0)
    assert file is not None
    items = list(read_file(file, "\n".join(lines).encode(), None))
    assert len(items) == 2
    order, document = items[0]  # type: ignore[misc]
    assert order == f"{file.order}{ITEM_SEP}000000000" and document.outlet == "X"
    assert isinstance(items[1], ReadError)
    assert items[1].source == "in/news.jsonl:2" and items[1].error.startswith("in/news.jsonl:2: ")
    # a sidecar gives plain text its metadata; an empty file is an error with its name
    text = input_file("file:/in/a.txt", "file:/in", "in", 0)
    assert text is not None
    meta = json.dumps({"outlet": "Halvar Post", "published": "2026-03-10"}).encode()
    (_, doc), *_ = read_file(text, b"Farmers said the harvest was late.", meta)  # type: ignore[misc]
    assert (doc.outlet, doc.published, doc.source) == ("Halvar Post", "2026-03-10", "in/a.txt")
    (empty,) = read_file(text, b"  \n", None)
    assert isinstance(empty, ReadError) and empty.error == "in/a.txt: file is empty"


def test_table_columns_start_with_the_export_columns():
    from claimgraph.store.export import TABLES

    for name in ("articles", "statements", "quantities", "events", "entities"):
        names = [c for c, _ in columns(name)]
        assert names[: len(TABLES[name][1])] == TABLES[name][1]
    kinds = dict(columns("statements"))
    assert (kinds["has_number"], kinds["start"], kinds["content"]) == ("bool", "long", "string")
    assert coerce({"value": 2, "start": 3}, [("value", "double"), ("start", "long")]) == (2.0, 3)
    assert dict(columns("articles"))["minhash"] == "binary"


def _number(id_, article, story, value, qkey):
    return {"id": id_, "article_id": article, "story": story, "value": value, "low": None,
            "qkey": qkey, "text": f"{value} troops", "subject": None, "data": "{}",
            "duplicate_of": None, "original_outlet": None}  # fmt: skip


def test_numbers_story_by_story_group_as_the_corpus_grouper():
    """Spark's pass 5 in plain Python: a QuantityGroups per story, the cross-story joins per
    (class, name, value) over the first stories, components of the edges; the groups are
    group_quantities' over the whole list."""
    from claimgraph.analysis.claims import NAMED_STORIES, UnionFind, group_quantities
    from claimgraph.spark.claims import group_numbers, grouping_item, named_edges

    rows = [
        *(_number(f"q{i}", f"a{i}", "A", 40.0, "troop|kovar") for i in range(3)),
        _number("q3", "b1", "B", 40.0, "troop|kovar"),  # a small story: joins A's figure
        _number("q4", "c1", "C", 41.0, "troop|kovar"),  # another value: alone
        _number("q5", "a0", "A", 7.0, "|"),  # counts nothing, joins nothing
        _number("q6", "n1", None, 12.0, "troop|korea russi"),  # no story: the named key
        _number("q7", "n2", None, 12.0, "troop|korea russi"),
    ]
    rows.sort(key=lambda r: (r["story"] is not None, r["story"] or "", r["id"]))  # nulls first
    out = list(group_numbers(rows))
    named: dict[str, list[dict]] = {}
    for _tag, (key, story, first, node, small) in (x for x in out if x[0] == "named"):
        named.setdefault(key, []).append({"story": story, "first": first, "node": node,
                                          "small": small})  # fmt: skip
    uf = UnionFind()
    edges = [e for tag, e in out if tag == "edge"]
    for stories in named.values():
        kept = sorted(stories, key=lambda s: s["first"])[:NAMED_STORIES]
        edges.extend(named_edges(kept))
    for a, b in edges:
        uf.union(a, b)
    nodes: dict[str, set[str]] = {}
    for _tag, (id_, node, article, _source) in (x for x in out if x[0] == "member"):
        nodes.setdefault(uf.find(node), set()).add((id_, article))
    spark_groups = {
        frozenset(i for i, _ in members)
        for members in nodes.values()
        if len({a for _, a in members}) > 1
    }
    items = [grouping_item(r) for r in rows]
    stories = {r["article_id"]: r["story"] for r in rows}
    want = {frozenset(i.id for i in g) for g in group_quantities(items, stories)}
    assert spark_groups == want == {frozenset({"q0", "q1", "q2", "q3"}), frozenset({"q6", "q7"})}


def test_block_clustering_joins_the_first_representative_of_another_article():
    from claimgraph.spark.claims import cluster_blocks

    terms = ["bridge", "fire", "kovar", "shell"]
    rows = [
        ("kovar", "s1", "a1", None, terms),
        ("kovar", "s2", "a2", None, terms),  # joins s1
        ("kovar", "s3", "a1", None, terms),  # s1 is of its article, s2 no representative
        ("kovar", "s4", "a3", None, ["kovar", "harvest", "late", "farmers"]),
        ("zeta", "s5", "a4", None, terms),  # another block: nothing to join
    ]
    assert list(cluster_blocks(rows)) == [("s2", "s1")]


def test_block_clustering_is_the_store_clustering_where_a_claim_spans_blocks():
    """S joins R1's claim through block k1 and matches R2 in block k2, where Q (already of
    R1's claim) stands before R2. The store compares S with every representative of k2 as a
    Spark block does (until 0.3 it stopped at Q, so whether S bridged the two claims hung on
    where Q stood in the block): both give one claim, whatever the order of Q and R2."""
    from collections import Counter

    from claimgraph.analysis.claims import Item, StatementClusters, UnionFind
    from claimgraph.spark.claims import cluster_blocks

    r1 = ("s1", "a1", ["k1", "k3"], set("abcdef"))
    q = ("s2", "a2", ["k3", "k2"], set("abcdgh"))  # joins R1 in k3, represents k2
    r2 = ("s3", "a3", ["k2"], set("efijkl"))  # not R1's claim
    s = ("s4", "a4", ["k1", "k2"], set("cdefij"))  # R1's claim (k1), R2's terms (k2)

    def claims(uf: UnionFind, statements: list) -> set[frozenset[str]]:
        found: dict = {}
        for sid, *_ in statements:
            found.setdefault(uf.find(sid), set()).add(sid)
        return {frozenset(c) for c in found.values()}

    for statements in ([r1, q, r2, s], [r1, r2, q, s]):
        clusters = StatementClusters(Counter())
        store = UnionFind()  # as the store's members table: each statement to its node
        for sid, article, keys, terms in statements:
            item = Item(sid, article, None, None)
            item.terms = terms
            node = clusters.add(sid, item, keys)
            store.union(sid, node if node is not None else sid)
        for x, y in clusters.uf.parent.items():
            store.union(x, y)
        rows = sorted((key, sid, article, None, sorted(terms))
                      for sid, article, keys, terms in statements for key in keys)  # fmt: skip
        spark = UnionFind()
        for x, y in cluster_blocks(rows):
            spark.union(x, y)
        assert claims(store, statements) == {frozenset({"s1", "s2", "s3", "s4"})}
        assert claims(spark, statements) == claims(store, statements)


def test_claimgraph_works_without_pyspark(tmp_path):
    """pyspark blocked from import: the other commands work, the Spark ones say what to
    install (exit status 1, no traceback)."""
    code = (
        "import sys; sys.modules['pyspark'] = None\n"
        "from click.testing import CliRunner\n"
        "from claimgraph.serve.cli import cli\n"
        "r = CliRunner().invoke(cli, ['--help'])\n"
        "assert r.exit_code == 0 and 'spark' in r.output and 'load' in r.output, r.output\n"
        f"r = CliRunner().invoke(cli, ['spark', 'extract', 'x', '--out', {str(tmp_path)!r}])\n"
        "print(r.exit_code, r.output)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.startswith("1 ") and "pip install 'claimgraph[spark]'" in done.stdout
    assert "Traceback" not in done.stdout


# -- Spark against ingest --------------------------------------------------------------------


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """The troops story of the demo corpus (its first two days: copies, a name slip, a
    correction), all its feeds (JSONL, RSS, WARC: more copies), and bad inputs."""
    folder = tmp_path_factory.mktemp("spark-corpus")
    articles = folder / "articles"
    articles.mkdir()
    for path in sorted((EXAMPLES / "articles").glob("2026-03-1[0]-*")) + sorted(
        (EXAMPLES / "articles").glob("2026-03-09-*")
    ):
        shutil.copy(path, articles / path.name)
    shutil.copytree(EXAMPLES / "feeds", folder / "feeds")
    bad = folder / "bad"
    bad.mkdir()
    (bad / "empty.txt").write_text("  \n", encoding="utf-8")
    (bad / "scan.txt").write_bytes(b"%PDF-1.4\n" + bytes(range(256)))
    (bad / "wire.jsonl").write_text(
        json.dumps(
            {
                "text": "Mayor Ivo Brenner said on Tuesday that 40 buses had reached Kovar.",
                "outlet": "Kestrel Wire",
                "date": "2026-03-11",
            }
        )
        + "\n[1, 2]\n",
        encoding="utf-8",
    )
    inputs = [articles, folder / "feeds", bad, folder / "nowhere"]
    return folder, inputs


@pytest.fixture(scope="module")
def engines(corpus, spark):
    """The same inputs through `claimgraph ingest` and through spark extract, spark
    analyse and load (all by the CLI)."""
    folder, inputs = corpus
    ref = f"sqlite:///{folder / 'ingest.db'}"
    ingested = run("ingest", *inputs, "--db", ref, "-q", "--format", "json")
    assert ingested.exit_code == 1, ingested.output  # the bad inputs
    out = folder / "tables"
    extracted = run("spark", "extract", *inputs, "--out", out, "--format", "json")
    assert extracted.exit_code == 0, extracted.output  # bad inputs do not fail the job
    analysed = run("spark", "analyse", out, "--format", "json")
    assert analysed.exit_code == 0, analysed.output
    db = f"sqlite:///{folder / 'spark.db'}"
    loaded = run("load", out, "--db", db, "-q", "--format", "json")
    assert loaded.exit_code == 0, loaded.output
    return {
        "ingest": json.loads(ingested.stdout),
        "extract": json.loads(extracted.stdout),
        "load": json.loads(loaded.stdout),
        "ref": ref,
        "db": db,
        "out": out,
    }


def _rows(url: str, table: str) -> list[tuple]:
    from sqlalchemy import create_engine, select

    from claimgraph.store import schema as t

    engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://"))
    cols = [c for c in t.metadata.tables[table].columns if c.name != "ingested_at"]
    with engine.connect() as conn:
        rows = [tuple(r) for r in conn.execute(select(*cols))]
    engine.dispose()
    return sorted(rows, key=repr)


def test_inputs_are_listed_through_hadoop_file_systems(spark, tmp_path):
    from claimgraph.spark.extraction import list_inputs

    (tmp_path / "a.txt").write_text("Farmers said the harvest was late.", encoding="utf-8")
    found, missing = list_inputs(spark, [f"file://{tmp_path}", str(tmp_path / "gone")])
    assert found == [(f"file://{tmp_path}", f"file:{tmp_path}")]
    assert [(e.source, e.error) for e in missing] == [
        (str(tmp_path / "gone"), f"{tmp_path / 'gone'}: no such file or directory")
    ]
    file = input_file(f"file:{tmp_path}/a.txt", found[0][1], found[0][0], 0)
    assert file is not None and file.source == f"file://{tmp_path}/a.txt"


def test_spark_gives_the_ingest_store_row_by_row(engines):
    assert engines["load"]["analysis"]["steps"] == {
        "duplicates": "spark",
        "entities": "spark",
        "stories": "spark",
        "claims": "spark",
    }
    counts = {}
    for table in COMPARED:
        ingest_rows, spark_rows = _rows(engines["ref"], table), _rows(engines["db"], table)
        assert ingest_rows == spark_rows, table
        counts[table] = len(ingest_rows)
    # what the comparison covered: copies, merged entities, stories, claims
    assert engines["ingest"]["added"] == counts["articles"] == engines["extract"]["articles"]
    assert engines["ingest"]["counts"]["duplicates"] >= 3
    assert counts["stories"] >= 1 and counts["claims"] >= 5 and counts["events"] >= 5


def _table(path: Path) -> list[tuple]:
    import pyarrow.parquet as pq

    return sorted((tuple(r.values()) for r in pq.read_table(path).to_pylist()), key=repr)


def test_spark_claims_tables_are_the_store_claims(engines):
    """`spark analyse` writes claims, contradictions and each member's claim, and they are
    the rows the store's claims step gives (before `load` applies them)."""
    from sqlalchemy import create_engine, select

    from claimgraph.store import schema as t

    analysis = engines["out"] / "analysis"
    claims, contradictions = _table(analysis / "claims"), _table(analysis / "contradictions")
    assert claims == _rows(engines["ref"], "claims")
    assert contradictions == _rows(engines["ref"], "contradictions")
    engine = create_engine(engines["ref"])
    want = set()
    with engine.connect() as conn:
        for kind, table in (("statement", t.statements), ("quantity", t.quantities)):
            members = select(table.c.id, table.c.claim).where(table.c.claim.is_not(None))
            want |= {(r.id, kind, r.claim) for r in conn.execute(members)}
    engine.dispose()
    assert set(_table(analysis / "claim_members")) == want
    kinds = {row[1] for row in claims}
    # both kinds of claim, a contradicted one, members of copies (a claim's echoes)
    assert kinds == {"statement", "quantity"} and len(contradictions) >= 1
    assert any(json.loads(row[-1])["n_echoes"] for row in claims)


def test_load_without_spark_claims_runs_the_store_step(engines, tmp_path):
    """An analysis without the claims tables (an older `spark analyse`): `load` runs the
    store's claims step, with the same result."""
    out = tmp_path / "tables"
    shutil.copytree(engines["out"], out)
    shutil.rmtree(out / "analysis" / "claim_members")
    db = f"sqlite:///{tmp_path / 'fallback.db'}"
    loaded = run("load", out, "--db", db, "-q", "--format", "json")
    assert loaded.exit_code == 0, loaded.output
    assert json.loads(loaded.stdout)["analysis"]["steps"]["claims"] == "store"
    for table in ("claims", "contradictions", "statements", "quantities"):
        assert _rows(db, table) == _rows(engines["ref"], table), table


def test_bad_inputs_are_error_rows_with_their_location(engines):
    failed = {(f["source"], f["error"]) for f in engines["ingest"]["failed"]}
    errors = {(e["source"], e["error"]) for e in engines["load"]["errors"]}
    assert errors == failed
    sources = {source.rsplit("/", 2)[-1] for source, _ in errors}
    assert {"empty.txt", "scan.txt", "wire.jsonl:2", "nowhere"} <= sources


def test_parquet_tables_have_the_export_columns(engines, tmp_path):
    import pyarrow.parquet as pq

    for name in ("articles", "statements", "quantities", "events"):
        exported = tmp_path / f"{name}.parquet"
        done = run("export", "--db", engines["ref"], "--format", "parquet", "--what", name,
                   "-o", exported)  # fmt: skip
        assert done.exit_code == 0, done.output
        want = pq.read_schema(exported)
        have = pq.read_table(engines["out"] / name).schema
        assert have.names[: len(want.names)] == want.names, name
        values = pq.read_table(exported)
        for field in want:
            # an all-null column is a string in an export: its type says nothing
            if values.column(field.name).null_count < values.num_rows:
                assert have.field(field.name).type == field.type, (name, field.name)


def test_load_again_adds_nothing(engines):
    again = run("load", engines["out"], "--db", engines["db"], "-q", "--no-analyse",
                "--format", "json")  # fmt: skip
    report = json.loads(again.stdout)
    assert report["added"]["articles"] == 0 and report["added"]["statements"] == 0
    assert report["skipped_existing"] == engines["extract"]["articles"]
    assert _rows(engines["db"], "statements") == _rows(engines["ref"], "statements")


@pytest.mark.postgres
def test_load_into_postgres_gives_the_same_store(engines):
    if not PG_URL:
        pytest.skip("CLAIMGRAPH_TEST_POSTGRES_URL is not set (no PostgreSQL server)")
    from sqlalchemy import create_engine, text

    from claimgraph.store.sql import normalise_url

    engine = create_engine(normalise_url(PG_URL))
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()
    loaded = run("load", engines["out"], "--db", PG_URL, "-q", "--format", "json")
    assert loaded.exit_code == 0, loaded.output
    for table in COMPARED:
        assert _rows(PG_URL, table) == _rows(engines["ref"], table), table


def test_serve_reads_the_loaded_store(engines):
    from claimgraph.serve.app.factory import create_app
    from claimgraph.store import open_store
    from web_corpus import Client

    with open_store(engines["db"]) as store:
        client = Client(create_app(store))
        stories = client.get("/api/stories")
        assert stories.status_code == 200
        assert stories.json()["items"][0]["n_articles"] >= 2
        page = client.get("/contradictions")
        assert page.status_code == 200
