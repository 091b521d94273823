"""Cleaning: pure functions of text (or HTML) that never shift offsets.

- :func:`~claimgraph.clean.html.html_to_document`: an HTML page -> article text + metadata
  (trafilatura, options chosen on the article-extraction benchmark);
- :func:`~claimgraph.clean.boilerplate.find_boilerplate`: ranges of scraped boilerplate,
  with reasons (reported in ``Record.removed``, masked before parsing);
- :func:`~claimgraph.clean.language.check_language`: refuse text that is not English;
- :func:`~claimgraph.clean.translation.find_translation_hints`: signs of machine
  translation, for the flags stage.
"""

from claimgraph.clean.boilerplate import find_boilerplate
from claimgraph.clean.html import html_to_document
from claimgraph.clean.language import check_language, guess_language
from claimgraph.clean.translation import find_translation_hints, probably_translated

__all__ = [
    "check_language",
    "find_boilerplate",
    "find_translation_hints",
    "guess_language",
    "html_to_document",
    "probably_translated",
]
