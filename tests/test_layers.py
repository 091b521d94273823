"""One-way layers (issue 13, part 1, the first moves): the version in its own module, the
store backend chosen by URL scheme, and the write side of the Store protocol."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from claimgraph.errors import StoreError
from claimgraph.store import backend_for, open_store
from claimgraph.store.base import Store
from claimgraph.store.sql import SQLStore

SRC = Path(__file__).parents[1] / "src" / "claimgraph"


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            out.add(node.module)
            out.update(f"{node.module}.{a.name}" for a in node.names)
        elif isinstance(node, ast.Import):
            out.update(a.name for a in node.names)
    return out


def test_no_module_takes_the_version_from_the_package_init():
    # the package __init__ imports the pipeline: taking __version__ from it is a cycle
    offenders = [
        str(p.relative_to(SRC))
        for p in SRC.rglob("*.py")
        if p.name != "__init__.py" or p.parent != SRC
        if "claimgraph.__version__" in _imports(p)
    ]
    assert offenders == []


@pytest.mark.parametrize(
    "url",
    [
        "sqlite:///x.db",
        "x.db",
        "postgresql://u@h/db",
        "postgresql+psycopg://u@h/db",
        "postgres://h/d",
    ],
)
def test_backend_by_scheme(url):
    assert backend_for(url) == ("claimgraph.store.sql", "SQLStore")


def test_unknown_scheme_is_a_clear_error():
    with pytest.raises(
        StoreError, match=r"cannot open the store mysql://h/db: no backend.*sqlite://"
    ):
        open_store("mysql://h/db")


def test_sql_store_offers_the_write_side_ingest_uses(tmp_path):
    store = open_store(f"sqlite:///{tmp_path}/s.db")
    assert isinstance(store, SQLStore)
    protocol = {n for n in vars(Store) if not n.startswith("_")}
    for name in ("add_records", "replace_records", "has_articles", "stale_articles", "analyse"):
        assert name in protocol
        assert callable(getattr(store, name))
    assert store.has_articles(["nope"]) == set()
    assert list(store.stale_articles("claimgraph 0.0")) == []
