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
    for name in (
        "add_records",
        "add_prepared",
        "replace_records",
        "has_articles",
        "stale_articles",
        "analyse",
    ):
        assert name in protocol
        assert callable(getattr(store, name))
    assert store.has_articles(["nope"]) == set()
    assert list(store.stale_articles("claimgraph 0.0")) == []


# ---------------------------------------------------------------- one-way layers
#: claimgraph's packages from the bottom up: a package imports only from layers below its
#: own (lazy imports inside functions count; ``if TYPE_CHECKING:`` blocks do not).
LAYERS: list[set[str]] = [
    {"version", "errors", "batches"},
    {"settings", "models"},
    {"schema"},  # the JSON schema of records
    {"geo", "nlp", "clean"},
    {"extract"},
    {"ingest"},  # readers of files and feeds
    {"analysis"},  # pure cross-article cores: no database, no engine
    {"pipeline", "store"},  # documents -> records; records -> a backend (store/sql/...)
    {"corpus", "spark"},  # orchestration over one machine or a cluster
    {"eval", "serve"},  # evaluations; CLI, REST API, web UI
    {"__init__", "__main__"},
]


def _runtime_imports(path: Path) -> list[str]:
    """Modules imported by ``path`` when it runs (type-checking-only imports left out)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    typing_only = {
        id(inner)
        for node in ast.walk(tree)
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)
        for inner in ast.walk(node)
    }
    out = []
    for node in ast.walk(tree):
        if id(node) in typing_only:
            continue
        if (
            isinstance(node, ast.ImportFrom)
            and node.module
            and node.module.startswith("claimgraph")
        ):
            if node.module == "claimgraph":
                out.extend(f"claimgraph.{a.name}" for a in node.names)
            else:
                out.append(node.module)
                out.extend(f"{node.module}.{a.name}" for a in node.names)
        elif isinstance(node, ast.Import):
            out.extend(a.name for a in node.names if a.name.startswith("claimgraph"))
    return out


def _modules() -> dict[str, Path]:
    out = {}
    for path in sorted(SRC.rglob("*.py")):
        parts = path.relative_to(SRC.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        out[name] = path
    return out


def _package(module: str) -> str:
    """The top-level part of claimgraph a module belongs to ('store', 'serve', '__init__')."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def test_packages_import_only_from_layers_below():
    layer = {name: n for n, names in enumerate(LAYERS) for name in names}
    modules = _modules()
    unknown = sorted({_package(m) for m in modules} - set(layer))
    assert unknown == [], f"add these packages to LAYERS: {unknown}"
    upward = []
    for module, path in modules.items():
        mine = _package(module)
        for target in _runtime_imports(path):
            theirs = _package(target)
            if theirs != mine and layer[theirs] >= layer[mine]:
                upward.append(f"{module} -> {target}")
    assert upward == []


def test_no_import_cycles_between_modules():
    modules = _modules()
    graph = {
        m: sorted({t for t in _runtime_imports(p) if t in modules and t != m})
        for m, p in modules.items()
    }
    # Tarjan's strongly connected components, iteratively
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles = []
    for root in graph:
        if root in index:
            continue
        work = [(root, 0)]
        while work:
            node, i = work.pop()
            if i == 0:
                index[node] = low[node] = len(index)
                stack.append(node)
                on_stack.add(node)
            for j in range(i, len(graph[node])):
                nxt = graph[node][j]
                if nxt not in index:
                    work.append((node, j + 1))
                    work.append((nxt, 0))
                    break
                if nxt in on_stack:
                    low[node] = min(low[node], index[nxt])
            else:
                if low[node] == index[node]:
                    component = []
                    while True:
                        top = stack.pop()
                        on_stack.discard(top)
                        component.append(top)
                        if top == node:
                            break
                    if len(component) > 1:
                        cycles.append(sorted(component))
                if work:
                    parent = work[-1][0]
                    low[parent] = min(low[parent], low[node])
    assert cycles == []


def test_no_private_names_imported_across_packages():
    crossing = []
    for module, path in _modules().items():
        package = module if path.name == "__init__.py" else module.rsplit(".", 1)[0]
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("claimgraph"):
                source = node.module or ""
                source_package = source.rsplit(".", 1)[0]
                for alias in node.names:
                    private = alias.name.startswith("_") and not alias.name.startswith("__")
                    if private and source_package != package:
                        crossing.append(f"{module}: {alias.name} from {source}")
    assert crossing == []
