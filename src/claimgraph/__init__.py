"""claimgraph: turn news articles into a checkable graph of who said what, with which numbers.

Public API::

    from claimgraph import extract_text, extract_html, extract_path, open_store
    record = extract_text("Mara Velic said about 12,000 people had left.")
    record.to_dict()  # JSON schema "claimgraph/1", see docs/schema.md
    store = open_store("sqlite:///claimgraph.db")  # the corpus store (SQLAlchemy, lazy import)
"""

from __future__ import annotations

from claimgraph.models import SCHEMA, Record
from claimgraph.pipeline import extract_html, extract_path, extract_paths, extract_text
from claimgraph.version import __version__

__all__ = [
    "SCHEMA",
    "Record",
    "__version__",
    "extract_html",
    "extract_path",
    "extract_paths",
    "extract_text",
    "open_store",
]


def __getattr__(name: str) -> object:
    # The store pulls in SQLAlchemy: import it only when asked for.
    if name == "open_store":
        from claimgraph.store import open_store

        return open_store
    raise AttributeError(f"module 'claimgraph' has no attribute {name!r}")
