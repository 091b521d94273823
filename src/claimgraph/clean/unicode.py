"""Text that can be encoded: lone surrogates out, offsets kept.

JSON can carry a lone surrogate (``"\\ud800"``) that no UTF-8 encoder accepts, and a file
name with a byte that is not UTF-8 reaches Python as a surrogate escape (``"\\udcff"``).
Either one aborts the first write to the store or to the terminal, so readers pass their
strings through these functions before making a Document or an error message.
"""

from __future__ import annotations

import os
import re

REPLACEMENT = "\ufffd"
_SURROGATE = re.compile("[\ud800-\udfff]")


def scrub_surrogates(text: str) -> str:
    """``text`` with every lone surrogate replaced by U+FFFD (same length, so offsets hold).

    Python strings never hold a valid surrogate pair (that is one code point), so every
    surrogate code point is lone."""
    return _SURROGATE.sub(REPLACEMENT, text)


def path_text(path: str | os.PathLike[str]) -> str:
    """A path as printable text: bytes that are not UTF-8 written as ``\\xff``."""
    raw = os.fspath(path)
    try:
        return raw.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:  # a lone surrogate that is not an escaped byte
        return scrub_surrogates(raw)
