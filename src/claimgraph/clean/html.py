"""HTML page -> Document, through trafilatura (never fetches anything)."""

from __future__ import annotations

from claimgraph.errors import EmptyInputError
from claimgraph.models import Document


def html_to_document(html: str, source: str = "<html>") -> Document:
    import trafilatura

    result = trafilatura.bare_extraction(
        html,
        include_comments=False,
        include_tables=False,
        with_metadata=True,
        favor_precision=False,
    )
    text = getattr(result, "text", None) if result is not None else None
    if not text or not text.strip():
        raise EmptyInputError("no article text found in the HTML", source)
    return Document(
        source=source,
        text=text,
        title=getattr(result, "title", None),
        published=getattr(result, "date", None),
        author=getattr(result, "author", None),
        outlet=getattr(result, "sitename", None),
        url=getattr(result, "url", None),
        media_type="text/html",
    )
