"""Hardening (issue 10): inputs that used to abort a batch, hang, or be lost without a word.

Every input is generated here (no committed binaries). Each bad input must give one error
with its location, and the good inputs beside it must still be read.
"""

from __future__ import annotations

import errno
import io
import json
import logging
import os
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from claimgraph.clean.html import html_to_document
from claimgraph.clean.language import guess_language
from claimgraph.clean.unicode import path_text, scrub_surrogates
from claimgraph.errors import ClaimgraphError, EmptyInputError, InputError, MalformedInputError
from claimgraph.ingest.files import decode, iter_paths, read_path
from claimgraph.ingest.sources import iter_sources
from claimgraph.models import Document

BODY = (
    "Officials in Kovar said on Monday that the Velka bridge would reopen next week after "
    "repairs. The mayor, Ilse Marek, told reporters that about 300 workers had been on site."
)
DEEP = 100_000


def _docs(items: list) -> list[Document]:
    return [i for i in items if isinstance(i, Document)]


def _errors(items: list) -> list[ClaimgraphError]:
    return [i for i in items if isinstance(i, ClaimgraphError)]


def _one_line(exc: Exception) -> str:
    message = str(exc)
    message.encode("utf-8")  # prints on any terminal: no surrogate left in it
    assert "\n" not in message and len(message) < 500
    return message


# -- item 2: lone surrogates, deep JSON, odd file names ------------------------------------


def test_scrub_surrogates_keeps_length_and_pairs_of_real_characters():
    text = "a\ud800b\udfffc \U0001f600 d"
    clean = scrub_surrogates(text)
    assert clean == "a\ufffdb\ufffdc \U0001f600 d"
    assert len(clean) == len(text)
    assert scrub_surrogates(BODY) == BODY


def test_lone_surrogate_in_jsonl_is_replaced_offsets_kept(tmp_path):
    path = tmp_path / "s.jsonl"
    # json.dumps writes the lone surrogate as the six characters \ud800
    line = json.dumps({"text": "Velk \ud800 said. " + BODY, "title": "T\udc00", "source": "w"})
    path.write_text(line + "\n" + json.dumps({"text": BODY}) + "\n", encoding="utf-8")
    docs = _docs(list(iter_sources([path])))
    assert len(docs) == 2
    assert docs[0].text == "Velk \ufffd said. " + BODY
    assert docs[0].title == "T\ufffd"
    for doc in docs:
        doc.text.encode("utf-8")


def test_lone_surrogate_in_sidecar_is_replaced(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(BODY, encoding="utf-8")
    (tmp_path / "a.txt.meta.json").write_text('{"title": "Bridge \\ud800", "outlet": "K"}')
    doc = read_path(path)
    assert doc.title == "Bridge \ufffd" and doc.outlet == "K"


def test_json_nested_100000_deep_is_one_malformed_line(tmp_path):
    path = tmp_path / "deep.jsonl"
    lines = ["[" * DEEP + "]" * DEEP, json.dumps({"text": BODY})]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    items = list(iter_sources([path]))
    (error,) = _errors(items)
    assert isinstance(error, MalformedInputError)
    assert _one_line(error).startswith(f"{path}:1: ") and "nested too deeply" in str(error)
    assert [d.text for d in _docs(items)] == [BODY]


def test_sidecar_nested_100000_deep_is_a_clear_error(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(BODY, encoding="utf-8")
    (tmp_path / "a.txt.meta.json").write_text('{"title": ' + "[" * DEEP + "]" * DEEP + "}")
    (good := tmp_path / "b.txt").write_text(BODY, encoding="utf-8")
    items = list(iter_paths([path, good]))
    assert isinstance(items[0], MalformedInputError)
    assert "a.txt.meta.json" in _one_line(items[0]) and "nested too deeply" in str(items[0])
    assert isinstance(items[1], Document)


def test_file_name_with_a_byte_that_is_not_utf8(tmp_path):
    good = Path(os.fsdecode(os.fsencode(tmp_path) + b"/caf\xe9.txt"))
    good.write_text(BODY, encoding="utf-8")
    empty = Path(os.fsdecode(os.fsencode(tmp_path) + b"/vide\xff.txt"))
    empty.write_bytes(b"")
    for items in (list(iter_sources([good, empty])), list(iter_sources([tmp_path]))):
        (doc,) = _docs(items)
        (error,) = _errors(items)
        assert doc.source == f"{tmp_path}/caf\\xe9.txt"  # printable, and names the byte
        doc.source.encode("utf-8")
        assert _one_line(error) == f"{tmp_path}/vide\\xff.txt: file is empty"
    assert path_text(good) == f"{tmp_path}/caf\\xe9.txt"


@pytest.mark.parametrize("length", [246, 250, 255])
def test_long_file_name_has_no_sidecar(tmp_path, length):
    path = tmp_path / ("x" * (length - 4) + ".txt")
    assert len(os.fsencode(path.name)) == length
    path.write_text(BODY, encoding="utf-8")
    assert read_path(path).text == BODY
    (doc,) = list(iter_sources([tmp_path]))
    assert doc.text == BODY


# -- item 4: readers report what they skip -----------------------------------------------


def _html(n: int) -> str:
    return f"<html><body><article><p>Report {n}. {BODY}</p><p>{BODY}</p></article></body></html>"


def _warc(records: int, *, gzip: bool = True, kinds: tuple[str, ...] = ("text/html",)) -> bytes:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    out = io.BytesIO()
    writer = WARCWriter(out, gzip=gzip)
    for n in range(records):
        ctype = kinds[n % len(kinds)]
        headers = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.0")
        writer.write_record(
            writer.create_warc_record(
                f"https://kestrel.example/{n}",
                "response",
                payload=io.BytesIO(_html(n).encode()),
                http_headers=headers,
            )
        )
    return out.getvalue()


@pytest.mark.parametrize("gzip", [True, False])
def test_warc_cut_in_half_reports_the_truncation(tmp_path, gzip):
    data = _warc(8, gzip=gzip)
    path = tmp_path / ("cut.warc.gz" if gzip else "cut.warc")
    marker = b"\x1f\x8b\x08" if gzip else b"WARC/1"
    starts = [i for i in range(len(data)) if data.startswith(marker, i)]
    path.write_bytes(data[: starts[4] + 40])  # inside the fifth record, never at its edge
    items = list(iter_sources([path]))
    assert len(_docs(items)) == 4  # the records before the cut are kept
    (error,) = _errors(items)
    assert isinstance(error, MalformedInputError)
    assert _one_line(error).startswith(f"{path}@") and "truncated" in str(error)


@pytest.mark.parametrize("gzip", [True, False])
def test_warc_missing_its_last_bytes_reports_the_record(tmp_path, gzip):
    data = _warc(3, gzip=gzip)
    path = tmp_path / ("cut.warc.gz" if gzip else "cut.warc")
    path.write_bytes(data[:-10])
    items = list(iter_sources([path]))
    assert [d.url for d in _docs(items)] == [f"https://kestrel.example/{n}" for n in (0, 1)]
    (error,) = _errors(items)
    assert "truncated WARC record" in _one_line(error)


@pytest.mark.parametrize("name", ["notes.warc.gz", "notes.warc"])
def test_text_file_named_warc_is_a_clear_error(tmp_path, name):
    path = tmp_path / name
    path.write_text(BODY + "\n", encoding="utf-8")
    (error,) = list(iter_sources([path]))
    assert isinstance(error, MalformedInputError)
    assert _one_line(error).startswith(str(path))


def test_warc_without_html_responses_says_so(tmp_path):
    path = tmp_path / "images.warc.gz"
    path.write_bytes(_warc(2, kinds=("image/png",)))
    (error,) = list(iter_sources([path]))
    assert isinstance(error, EmptyInputError)
    assert "no HTML response among 2 WARC records (2 image/png responses)" in _one_line(error)


def test_warc_skips_other_records_and_reads_the_rest(tmp_path):
    path = tmp_path / "mixed.warc.gz"
    path.write_bytes(_warc(4, kinds=("text/html", "application/pdf")))
    items = list(iter_sources([path]))
    assert [d.url for d in items] == ["https://kestrel.example/0", "https://kestrel.example/2"]


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("e.jsonl", b""),
        ("blank.jsonl", b"\n  \n\n"),
        ("e.rss", b""),
        ("e.warc", b""),
        ("e.warc.gz", b""),
        ("e.atom", b"  \n"),
    ],
)
def test_empty_container_files_say_so(tmp_path, name, data):
    path = tmp_path / name
    path.write_bytes(data)
    (error,) = list(iter_sources([path]))
    assert isinstance(error, EmptyInputError)
    assert _one_line(error).startswith(f"{path}: ")


def test_feed_without_entries_says_so(tmp_path):
    path = tmp_path / "wire.rss"
    path.write_text(
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Kestrel</title></channel></rss>',
        encoding="utf-8",
    )
    (error,) = list(iter_sources([path]))
    assert isinstance(error, EmptyInputError) and "no entries" in str(error)


@pytest.mark.parametrize("codec", ["utf-32", "utf-32-le", "utf-32-be"])
def test_utf32_with_bom_is_decoded_as_utf32(tmp_path, codec):
    bom = {"utf-32": b"", "utf-32-le": b"\xff\xfe\x00\x00", "utf-32-be": b"\x00\x00\xfe\xff"}
    data = bom[codec] + BODY.encode(codec)
    assert decode(data, "x.txt") == BODY
    path = tmp_path / "u32.txt"
    path.write_bytes(data)
    assert read_path(path).text == BODY


# -- item 10: command-line inputs, trafilatura, deep HTML, language ----------------------


class _FifoWatch:
    """Notices when a reader opens ``path`` (and then lets it go, so a test never hangs)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.opened = False
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)

    def _watch(self) -> None:
        while not self._stop.is_set():
            try:
                fd = os.open(self.path, os.O_WRONLY | os.O_NONBLOCK)
            except OSError as exc:
                if exc.errno != errno.ENXIO:  # ENXIO: no reader yet
                    return
                time.sleep(0.01)
                continue
            self.opened = True
            os.close(fd)

    def __enter__(self) -> _FifoWatch:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(timeout=5)


@pytest.mark.parametrize("name", ["pipe", "pipe.txt", "pipe.jsonl", "pipe.xml", "pipe.warc"])
def test_fifo_named_as_input_is_refused_unopened(tmp_path, name):
    fifo = tmp_path / name
    os.mkfifo(fifo)
    (good := tmp_path / "good.txt").write_text(BODY, encoding="utf-8")
    with _FifoWatch(fifo) as watch:
        items = list(iter_sources([fifo, good]))
        with pytest.raises(InputError, match="FIFO"):
            read_path(fifo)
    assert not watch.opened
    assert isinstance(items[0], InputError) and "FIFO" in _one_line(items[0])
    assert isinstance(items[1], Document)


def test_dev_zero_is_refused_unread():
    zero = Path("/dev/zero")
    for items in (list(iter_sources([zero])), list(iter_paths([zero]))):
        (error,) = items
        assert isinstance(error, InputError)
        assert _one_line(error) == "/dev/zero: a character device, not a regular file: not read"


def test_unreadable_name_on_the_command_line_is_skipped(tmp_path):
    too_long = tmp_path / ("y" * 300 + ".txt")  # stat() fails: ENAMETOOLONG
    (good := tmp_path / "good.txt").write_text(BODY, encoding="utf-8")
    for items in (list(iter_sources([too_long, good])), list(iter_paths([too_long, good]))):
        assert isinstance(items[0], InputError) and "File name too long" in _one_line(items[0])
        assert isinstance(items[1], Document)


def test_permission_denied_on_the_command_line_is_skipped(tmp_path, monkeypatch):
    locked = tmp_path / "locked.txt"
    locked.write_text(BODY, encoding="utf-8")
    (good := tmp_path / "good.txt").write_text(BODY, encoding="utf-8")
    real_stat = Path.stat

    def stat(self: Path, **kwargs: object) -> os.stat_result:
        if self.name == "locked.txt":  # root reads anything: simulate the EACCES
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(self))
        return real_stat(self, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Path, "stat", stat)
    items = list(iter_sources([locked, good]))
    assert "cannot read: Permission denied" in _one_line(items[0])
    assert isinstance(items[1], Document)


@pytest.mark.model
def test_extract_command_skips_unreadable_names_and_goes_on(tmp_path, nlp):
    from claimgraph.serve.cli import cli

    (good := tmp_path / "good.txt").write_text(BODY, encoding="utf-8")
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    too_long = tmp_path / ("y" * 300 + ".txt")
    with _FifoWatch(fifo) as watch:
        result = CliRunner().invoke(
            cli, ["extract", "--format", "jsonl", str(too_long), str(fifo), str(good)]
        )
    assert not watch.opened
    assert result.exit_code == 1, result.output
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["source"] for r in records] == [str(good)]
    errors = result.stderr.splitlines()
    assert any("File name too long" in line for line in errors)
    assert any("FIFO" in line for line in errors)
    assert errors[-1] == "claimgraph: 1 extracted, 2 failed"


def test_trafilatura_error_lines_do_not_leak(caplog):
    with caplog.at_level(logging.DEBUG), pytest.raises(EmptyInputError):
        html_to_document("<!-- -->")
    assert not [r for r in caplog.records if r.name.startswith("trafilatura")]


def test_html_nested_100000_deep_still_gives_its_article():
    html = (
        "<html><head><title>Bridge</title></head><body>"
        + "<div>" * DEEP
        + f"<p>{BODY}</p>"
        + "</div>" * DEEP
        + "</body></html>"
    )
    doc = html_to_document(html, source="deep.html")
    assert BODY in doc.text


def test_deep_page_with_no_article_is_still_refused():
    html = "<html><body>" + "<div>" * 1000 + "<a href='/'>Home</a>" + "</div>" * 1000
    with pytest.raises(EmptyInputError, match="no article"):
        html_to_document(html + "</body></html>")


@pytest.mark.parametrize("text", ["Президент заявил.", "Мы победим.", "Привет, как дела?"])
def test_short_russian_sentence_is_not_english(text):
    language, reason = guess_language(text)
    assert language == "other" and "Cyrillic" in reason


@pytest.mark.parametrize("text", ["Velk met Путин.", "Zelensky said: Слава Україні!"])
def test_english_with_a_few_cyrillic_words_is_english(text):
    assert guess_language(text)[0] == "en"


# -- item 7: out-of-range paging parameters --------------------------------------------

LISTS = [
    "/articles",
    "/statements",
    "/claims",
    "/entities",
    "/stories",
    "/contradictions",
    "/events",
]
API_LISTS = ["/api/articles", "/api/statements", "/api/entities", "/api/stories",
             "/api/claims", "/api/contradictions", "/api/events"]  # fmt: skip


@pytest.fixture(scope="module")
def web(tmp_path_factory):
    from claimgraph.serve.app.factory import create_app
    from claimgraph.store import open_store
    from web_corpus import Client

    store = open_store(f"sqlite:///{tmp_path_factory.mktemp('paging') / 'empty.db'}")
    yield Client(create_app(store))
    store.close()


@pytest.mark.parametrize(
    "path", LISTS + [p + ".json" for p in LISTS] + API_LISTS
)  # fmt: skip
@pytest.mark.parametrize("offset", ["9223372036854775808", str(10**30), "1000000001"])
def test_offset_out_of_range_is_a_bad_request(web, path, offset):
    response = web.get(f"{path}?offset={offset}")
    assert response.status_code == 400, (path, response.status_code)
    if path.startswith("/api/") or path.endswith(".json"):
        assert "offset" in response.json()["detail"]


@pytest.mark.parametrize("path", ["/claims", "/claims.json", "/api/claims", "/search.json"])
def test_paging_in_range_still_works(web, path):
    assert web.get(f"{path}?offset=1000000000&limit=99999999999999999999").status_code == 200


# -- item 5: two processes on one SQLite store -----------------------------------------


def _open_and_add(url: str, records: list[dict], queue: object) -> None:
    from claimgraph.store import open_store

    try:
        with open_store(url) as store:
            report = store.add_records(records) if records else None
        queue.put(("ok", report and report["added"]))  # type: ignore[attr-defined]
    except Exception as exc:  # reported to the parent, which fails the test
        queue.put((type(exc).__name__, str(exc)[:300]))  # type: ignore[attr-defined]


def _in_processes(url: str, records: list[dict], n: int = 3) -> list[tuple[str, object]]:
    import multiprocessing

    ctx = multiprocessing.get_context("fork")
    queue = ctx.Queue()
    procs = [ctx.Process(target=_open_and_add, args=(url, records, queue)) for _ in range(n)]
    for proc in procs:
        proc.start()
    results = [queue.get(timeout=120) for _ in procs]
    for proc in procs:
        proc.join(timeout=30)
    return results


@pytest.mark.parametrize("attempt", range(3))
def test_processes_creating_one_new_store_at_once(tmp_path, attempt):
    results = _in_processes(f"sqlite:///{tmp_path / 'new.db'}", [])
    assert [kind for kind, _ in results] == ["ok"] * 3, results


def test_processes_writing_the_same_records_at_once_store_them_once(tmp_path):
    from claimgraph.store import open_store
    from test_store_records import make_record

    url = f"sqlite:///{tmp_path / 'shared.db'}"
    open_store(url).close()
    records = [
        make_record(f"{BODY} Report {n}.", outlet="Kestrel", published="2026-03-02")
        for n in range(200)
    ]
    results = _in_processes(url, records)
    assert [kind for kind, _ in results] == ["ok"] * 3, results
    assert sorted(added for _, added in results) == [0, 0, 200]
    with open_store(url) as store:
        assert store.counts()["articles"] == 200


def test_read_only_store_is_one_line(tmp_path):
    from claimgraph.serve.cli import cli
    from claimgraph.store import open_store

    path = tmp_path / "ro.db"
    open_store(f"sqlite:///{path}").close()
    (article := tmp_path / "a.txt").write_text(BODY, encoding="utf-8")
    url = f"sqlite:///file:{path}?mode=ro&uri=true"  # root ignores chmod: a read-only open
    result = CliRunner().invoke(cli, ["ingest", "-q", "--no-analyse", "--db", url, str(article)])
    assert result.exit_code == 1
    assert isinstance(result.exception, SystemExit)  # no traceback
    (line,) = result.stderr.splitlines()[-1:]
    assert line.startswith("Error: store error: attempt to write a readonly database"), line
    assert "INSERT" not in result.stderr and BODY not in result.stderr


def test_a_jsonl_line_over_the_size_limit_is_skipped_and_the_rest_read(tmp_path, monkeypatch):
    from claimgraph.errors import TooLargeError
    from claimgraph.ingest.jsonl import read_jsonl
    from claimgraph.settings import get_settings

    monkeypatch.setenv("CLAIMGRAPH_MAX_INPUT_BYTES", "2000")
    get_settings.cache_clear()
    try:
        good = '{"text": "Tomas Velk said the bridge at Kovar had reopened on Monday."}\n'
        huge = '{"text": "' + "word " * 5000 + '"}\n'
        path = tmp_path / "big.jsonl"
        path.write_text(good + huge + good, encoding="utf-8")
        items = list(read_jsonl(path))
    finally:
        get_settings.cache_clear()
    assert [type(i).__name__ for i in items] == ["Document", "TooLargeError", "Document"]
    assert isinstance(items[1], TooLargeError) and "big.jsonl:2" in str(items[1])


@pytest.mark.parametrize("command", ["claims", "stories", "contradictions"])
def test_cli_offset_out_of_range_is_a_usage_error(tmp_path, command):
    from click.testing import CliRunner

    from claimgraph.serve.cli import cli

    db = f"sqlite:///{tmp_path / 'o.db'}"
    result = CliRunner().invoke(cli, [command, "--db", db, "--offset", str(2**63)])
    assert result.exit_code == 2
    assert "not in the range" in result.output and "Traceback" not in result.output


@pytest.mark.postgres
@pytest.mark.parametrize("attempt", range(2))
def test_processes_creating_and_filling_one_postgres_store_at_once(attempt):
    """The PostgreSQL store under three processes: creation and the same records, once."""
    from claimgraph.store import open_store
    from test_store import PG_URL, _reset_postgres
    from test_store_records import make_record

    if not PG_URL:
        pytest.skip("CLAIMGRAPH_TEST_POSTGRES_URL is not set (no PostgreSQL server)")
    _reset_postgres(PG_URL)
    results = _in_processes(PG_URL, [])
    assert [kind for kind, _ in results] == ["ok"] * 3, results
    records = [
        make_record(f"{BODY} Report {n}.", outlet="Kestrel", published="2026-03-02")
        for n in range(50)
    ]
    results = _in_processes(PG_URL, records)
    assert [kind for kind, _ in results] == ["ok"] * 3, results
    assert sorted(added for _, added in results) == [0, 0, 50]
    with open_store(PG_URL) as store:
        assert store.counts()["articles"] == 50
