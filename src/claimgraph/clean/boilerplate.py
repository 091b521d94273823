"""Find boilerplate ranges in article text (see also, video players, source links ...)."""

from __future__ import annotations

from claimgraph.models import Removed


def find_boilerplate(text: str) -> list[Removed]:
    """Ranges of ``text`` that are not article content. Pure; never changes the text."""
    return []  # TODO(cleaning helper)
