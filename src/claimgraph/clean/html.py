"""HTML page -> Document, through trafilatura (never fetches anything).

The record's ``text`` for an HTML input is the article text trafilatura extracts; title,
date, author and site name come from the page's metadata. A page with no article text
(a bare navigation page, an empty body, a script-only page) raises EmptyInputError.

``OPTION_SETS`` lists the trafilatura option sets compared by ``claimgraph eval articles``
on the article-extraction benchmark; ``OPTIONS`` is the one chosen by that score (see
``eval/articles.py`` and the README for the figures).

libxml2 stops at 255 levels of nesting, so a page nested deeper (a broken generator, a
hostile page) has no article for trafilatura. When trafilatura finds nothing in such a page,
the markup is flattened below ``MAX_DEPTH`` levels (Python's ``html.parser``, no recursion;
the text is kept, the extra tags dropped) and extracted again.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from html import escape
from html.parser import HTMLParser
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
MAX_DEPTH = 200  # deeper tags are dropped before a second try (libxml2 stops at 255)


BLOCKQUOTE = re.compile(rb"<blockquote", re.I)
OPENING_MARKS = "\"'\u201c\u2018\u00ab\u201e"
CLOSING_MARKS = "\"'\u201d\u2019\u00bb"
SIGN_OFF = re.compile(r"\s*[\u2014\u2013\u2015-]\s+\S")  # "— Name (@handle)" ending a post


def mark_blockquotes(tree: Any) -> None:
    """Put quotation marks around the text of each outermost ``<blockquote>`` (in place).

    A blockquote is a quotation set off typographically; text extraction keeps its words but
    loses the setting, and the attribution rules would then read it as the reporter's own
    text. Curly marks at its first and last characters keep it a quotation ("Velk said:"
    followed by a blockquote is a direct quote of Velk). A blockquote whose text already
    opens with a quotation mark is left alone.
    """
    for bq in tree.iter("blockquote"):
        if any(a.tag == "blockquote" for a in bq.iterancestors()):
            continue
        nodes = [t for t in bq.xpath(".//text()") if t.strip()]
        if not nodes or nodes[0].strip()[0] in OPENING_MARKS:
            continue
        # an embedded post signs off after its text ("— Name (@handle) November 1, 2019"):
        # the quotation closes before the signature, which then names its speaker
        signed = next((i for i, t in enumerate(nodes) if i and SIGN_OFF.match(t)), None)
        quoted = nodes[:signed] if signed is not None else nodes
        # every paragraph of the quotation opens with a mark, the newspaper convention for a
        # quotation over several paragraphs (the first, and each after a <br> or a new block)
        opens = [0] + [i for i, t in enumerate(quoted) if i and _starts_line(t)]
        for i in opens:
            _edit_text(quoted[i], lambda t: t[: len(t) - len(t.lstrip())] + "\u201c" + t.lstrip())
        nodes = [t for t in bq.xpath(".//text()") if t.strip()]
        last = nodes[signed - 1] if signed is not None else nodes[-1]
        if last.rstrip()[-1] not in CLOSING_MARKS:
            _edit_text(last, lambda t: t.rstrip() + "\u201d" + t[len(t.rstrip()) :])


def _starts_line(node: Any) -> bool:
    """An lxml text node that begins a line: the tail of a <br>, or a block's own text."""
    parent = node.getparent()
    if node.is_tail:
        return bool(parent.tag == "br")
    return bool(parent.tag in {"p", "div", "li"})


def _edit_text(node: Any, change: Callable[[str], str]) -> None:
    """Rewrite one lxml text node (an element's text or tail) through ``change``."""
    parent = node.getparent()
    if node.is_tail:
        parent.tail = change(parent.tail or "")
    else:
        parent.text = change(parent.text or "")


def extract_article(html: str | bytes, options: dict[str, Any] | None = None) -> Any:
    """trafilatura's bare extraction (a Document-like object, or None) with our options."""
    import trafilatura

    _quiet_trafilatura()

    try:
        page: Any = html
        if BLOCKQUOTE.search(html if isinstance(html, bytes) else html.encode("utf-8", "replace")):
            page = trafilatura.load_html(html)
            if page is not None:
                mark_blockquotes(page)
            else:
                page = html
        return trafilatura.bare_extraction(
            page, with_metadata=True, **(OPTIONS if options is None else options)
        )
    except (ValueError, TypeError, AttributeError) as exc:  # lxml on badly broken markup
        raise MalformedInputError(f"cannot parse the HTML: {exc}") from exc
    except RecursionError as exc:
        raise MalformedInputError("cannot parse the HTML: nested too deeply") from exc


def html_to_document(
    html: str | bytes, source: str = "<html>", options: dict[str, Any] | None = None
) -> Document:
    """An HTML page -> Document whose text is the extracted article (offsets index it)."""
    if not html.strip():
        raise EmptyInputError("empty HTML", source)
    try:
        result = _extract(html, options)
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


def _extract(html: str | bytes, options: dict[str, Any] | None) -> Any:
    """extract_article; again on flattened markup when it finds nothing in a page nested
    deeper than libxml2 parses."""
    error: MalformedInputError | None = None
    try:
        result = extract_article(html, options)
    except MalformedInputError as exc:
        result, error = None, exc
    if result is not None and (getattr(result, "text", None) or "").strip():
        return result
    flat = _flatten(html if isinstance(html, str) else html.decode("utf-8", "replace"))
    if flat is not None:
        return extract_article(flat, options)
    if error is not None:
        raise error
    return result


class _Flattener(HTMLParser):
    """Re-emits markup, dropping tags nested deeper than ``MAX_DEPTH`` (their text kept)."""

    VOID = frozenset(
        {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
         "track", "wbr"}
    )  # fmt: skip

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.depth = 0
        self.deepest = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.depth < MAX_DEPTH:
            self.out.append(self.get_starttag_text() or "")
        if tag not in self.VOID:
            self.depth += 1
            self.deepest = max(self.deepest, self.depth)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.depth < MAX_DEPTH:
            self.out.append(self.get_starttag_text() or "")

    def handle_endtag(self, tag: str) -> None:
        if tag not in self.VOID:
            self.depth = max(0, self.depth - 1)
        if self.depth < MAX_DEPTH:
            self.out.append(f"</{tag}>")

    def handle_data(self, data: str) -> None:
        self.out.append(escape(data, quote=False))

    def handle_decl(self, decl: str) -> None:
        self.out.append(f"<!{decl}>")


def _flatten(html: str) -> str | None:
    """``html`` with tags deeper than MAX_DEPTH dropped; None when it is not that deep."""
    parser = _Flattener()
    parser.feed(html)
    parser.close()
    return "".join(parser.out) if parser.deepest > MAX_DEPTH else None


def _menu_only(text: str) -> bool:
    return len(text.split()) < MIN_ARTICLE_WORDS and not _SENTENCE_MARKS & set(text)


def _quiet_trafilatura() -> None:
    """trafilatura logs a warning for every page it rejects ("discarding data: None"); we
    report those pages ourselves (EmptyInputError), once, and its ERROR lines ("empty HTML
    tree", "lxml parsing failed") too, so its logger is silenced unless the user set a level."""
    logger = logging.getLogger("trafilatura")
    if logger.level == logging.NOTSET:
        logger.setLevel(logging.CRITICAL)
