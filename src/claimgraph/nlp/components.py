"""Custom spaCy components (versioned registry names)."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

PARAGRAPHS = "claimgraph_paragraphs_v1"


@Language.component(
    PARAGRAPHS,
    assigns=["token.is_sent_start"],
    requires=[],
)
def paragraph_boundaries(doc: Doc) -> Doc:
    """A line break ends a sentence: headlines, datelines, captions and paragraphs of news
    text are lines, and the parser would otherwise run them into the next sentence.
    Runs before the parser, which keeps preset boundaries."""
    for token in doc[1:]:
        previous = doc[token.i - 1]
        if "\n" in previous.whitespace_ or (previous.is_space and "\n" in previous.text):
            token.is_sent_start = True
    return doc
