"""claimgraph: turn news articles into a checkable graph of who said what, with which numbers.

Public API::

    from claimgraph import extract_text, extract_html, extract_path
    record = extract_text("Mara Velic said about 12,000 people had left.")
    record.to_dict()  # JSON schema "claimgraph/1", see docs/schema.md
"""

from __future__ import annotations

__version__ = "0.1.0"

from claimgraph.models import SCHEMA, Record
from claimgraph.pipeline import extract_html, extract_path, extract_paths, extract_text

__all__ = [
    "SCHEMA",
    "Record",
    "__version__",
    "extract_html",
    "extract_path",
    "extract_paths",
    "extract_text",
]
