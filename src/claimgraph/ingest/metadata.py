"""Metadata given on the command line for inputs that carry none (plain text).

A plain ``.txt`` has no date, outlet or title of its own: they come from a sidecar
``NAME.txt.meta.json`` (:func:`claimgraph.ingest.files.read_meta`) or, for every input of one
run, from ``--published``, ``--outlet`` and ``--title``. :func:`with_defaults` fills what a
document lacks (a sidecar or the page's own metadata wins: a folder of mixed inputs keeps
what each one says) and reports, once per document, a document left without a publication
date whose text has a relative date ("on Sunday", "last week") that therefore gets no value.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

from claimgraph.errors import ClaimgraphError
from claimgraph.extract.dates import first_relative, parse_base
from claimgraph.models import Document

#: Called with (document source, the first relative date expression found).
UndatedHandler = Callable[[str, str], None]


def parse_published(value: str) -> str:
    """``value`` as an ISO date (or the ISO date-time given); ValueError when unreadable."""
    text = value.strip()
    if "T" in text and parse_base(text) is not None:
        return text
    found = parse_base(text)
    if found is None:
        raise ValueError(f"not a date: {value!r} (use YYYY-MM-DD)")
    return found.isoformat()


def with_defaults(
    documents: Iterable[Document | ClaimgraphError],
    *,
    published: str | None = None,
    outlet: str | None = None,
    title: str | None = None,
    on_undated: UndatedHandler | None = None,
) -> Iterator[Document | ClaimgraphError]:
    """``documents`` with missing ``published``/``outlet``/``title`` filled from the given
    values; errors pass through. ``on_undated`` hears of each document still undated that
    has a relative date expression."""
    for document in documents:
        if isinstance(document, Document):
            if published and not document.published:
                document.published = published
            if outlet and not document.outlet:
                document.outlet = outlet
            if title and not document.title:
                document.title = title
            if on_undated is not None and not document.published:
                expression = first_relative(document.text)
                if expression is not None:
                    on_undated(document.source, expression)
        yield document


def undated_message(source: str, expression: str) -> str:
    """The one-line warning for a document whose relative dates cannot be resolved."""
    return (
        f"warning: {source}: no publication date, so relative dates such as "
        f"{expression!r} get no value (give --published YYYY-MM-DD or a "
        f'{source}.meta.json sidecar with "published")'
    )
