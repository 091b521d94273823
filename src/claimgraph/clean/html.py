"""HTML page -> Document, through trafilatura (never fetches anything).

The record's ``text`` for an HTML input is the article text trafilatura extracts; title,
date, author and site name come from the page's metadata. A page with no article text
(a bare navigation page, an empty body, a script-only page) raises EmptyInputError.

``OPTION_SETS`` lists the trafilatura option sets compared by ``claimgraph eval articles``
on the article-extraction benchmark; ``OPTIONS`` is the one chosen by that score (see
``eval/articles.py`` and the README for the figures).
"""

from __future__ import annotations

import logging
from typing import Any

from claimgraph.errors import EmptyInputError, MalformedInputError
from claimgraph.models import Document

# trafilatura options compared on the benchmark. Comments are never article content here,
# and deduplication is off: it keeps a global cache across documents (cross-document state).
_BASE: dict[str, Any] = {"include_comments": False, "deduplicate": False}
OPTION_SETS: dict[str, dict[str, Any]] = {
    "balanced": {**_BASE, "include_tables": True},
    "no-tables": {**_BASE, "include_tables": False},
    "precision": {**_BASE, "include_tables": True, "favor_precision": True},
    "recall": {**_BASE, "include_tables": True, "favor_recall": True},
    "fast": {**_BASE, "include_tables": True, "fast": True},
}
# Extracted text shorter than this, without a sentence mark, is a menu, not an article.
MIN_ARTICLE_WORDS = 8
_SENTENCE_MARKS = frozenset('.!?"\u201d')
CHOSEN = "precision"  # best F1 of OPTION_SETS on the benchmark: 0.964 (eval/articles.py)
OPTIONS = OPTION_SETS[CHOSEN]


def extract_article(html: str | bytes, options: dict[str, Any] | None = None) -> Any:
    """trafilatura's bare extraction (a Document-like object, or None) with our options."""
    import trafilatura

    _quiet_trafilatura()

    try:
        return trafilatura.bare_extraction(
            html, with_metadata=True, **(OPTIONS if options is None else options)
        )
    except (ValueError, TypeError, AttributeError) as exc:  # lxml on badly broken markup
        raise MalformedInputError(f"cannot parse the HTML: {exc}") from exc


def html_to_document(
    html: str | bytes, source: str = "<html>", options: dict[str, Any] | None = None
) -> Document:
    """An HTML page -> Document whose text is the extracted article (offsets index it)."""
    if not html.strip():
        raise EmptyInputError("empty HTML", source)
    try:
        result = extract_article(html, options)
    except MalformedInputError as exc:
        raise MalformedInputError(str(exc), source) from exc
    text = getattr(result, "text", None) if result is not None else None
    if not text or not text.strip() or _menu_only(text):
        raise EmptyInputError("no article text found in the HTML", source)
    return Document(
        source=source,
        text=text,
        title=getattr(result, "title", None) or None,
        published=getattr(result, "date", None) or None,
        author=getattr(result, "author", None) or None,
        outlet=getattr(result, "sitename", None) or None,
        url=getattr(result, "url", None) or None,
        media_type="text/html",
    )


def _menu_only(text: str) -> bool:
    return len(text.split()) < MIN_ARTICLE_WORDS and not _SENTENCE_MARKS & set(text)


def _quiet_trafilatura() -> None:
    """trafilatura logs a warning for every page it rejects ("discarding data: None"); we
    report those pages ourselves (EmptyInputError), once, so its logger keeps errors only
    unless the user configured it."""
    logger = logging.getLogger("trafilatura")
    if logger.level == logging.NOTSET:
        logger.setLevel(logging.ERROR)
