"""Quoted passages found from the text alone (no parse): marks, paragraphs, wire dashes.

A quote is a half-open range ``[start, end)`` that includes its marks. Conventions:

- curly marks pair “ with ”; straight " marks alternate within a paragraph;
- a paragraph that ends inside an open quote continues into the next paragraph when that
  paragraph opens with a quote mark (the newspaper convention for multi-paragraph quotes);
  otherwise the quote closes at the end of its paragraph;
- a paragraph opened by an em dash, en dash or ``--`` (wire and European style) is a quote
  up to the next dash that closes it (``— Y, — he said``), else up to the comma or stop
  that a closing attribution follows (``— Y, the mayor said. But he said ...``: the rest of
  the paragraph is the reporter's), else to the end of the paragraph.

Two apostrophes ('') count as a straight double quote. Single quotes (‘ ’ and ') are not
quote marks here: they are too often apostrophes.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right

OPEN = "\u201c\u00ab"  # “ «
CLOSE = "\u201d\u00bb"  # ” »
STRAIGHT = '"'
STRAIGHT_MARKS = {'"', "''"}  # '' is the typewriter double quote of some newspaper feeds
MARK = re.compile(r"[\u201c\u201d\u00ab\u00bb\"]|(?<![\w'])''|''(?![\w'])")
DASH_OPEN = re.compile(r"(?m)^[ \t]*(\u2014|\u2013|--)[ \t]*(?=\S)")
PARAGRAPH = re.compile(r"[^\n]+")
# After a quote: a dash and a short capitalised name ending the line ("― Sonya Herridge"),
# maybe on the next line; an embedded post signs the same way with its handle and date
# ("— Mara Velk (@maravelk) November 1, 2019", the embed markup of the platforms). Such a
# line names a speaker: it is not a dash-opened quotation.
SIGNATURE = re.compile(
    r"[ \t]*\n?[ \t]*([\u2015\u2014\u2013]|--)[ \t]*"
    r"([A-Z][\w.'\u2019-]*(?: [A-Z][\w.'\u2019-]*){0,4})"
    r"(?:[ \t]+\(@\w{1,30}\))?(?:[ \t]+[A-Z][a-z]{2,8}\.? \d{1,2}, \d{4})?[ \t.]*$",
    re.M,
)
# Verba dicendi in the forms that close a quotation ("..., he said", "..., said Velk").
SAID = (
    "said|says|added|adds|told|tells|asked|asks|stressed|stresses|noted|notes|explained|"
    "explains|insisted|insists|warned|warns|declared|declares|stated|states|wrote|writes|"
    "replied|replies|continued|continues|concluded|argued|argues|claimed|claims|admitted|"
    "admits|acknowledged|acknowledges|announced|announces|recalled|recalls|remarked|"
    "commented|comments|observed|urged|urges|vowed|vows|promised|promises|confirmed|"
    "confirms|denied|denies|insisted|emphasised|emphasized|underlined|pointed out"
)
# A dash-opened quotation without a closing dash ends at the comma (or stop) that is followed,
# within a few words, by such a verb: the attribution that closes it. Only the same line.
DASH_SAID = re.compile(r"[,.!?](?=[ \t]+(?:[^\s,.!?;:]+[ \t]+){0,6}?(?:" + SAID + r")\b)")


def overlapping(quotes: list[tuple[int, int]], start: int, end: int) -> list[tuple[int, int]]:
    """The quotes (sorted, never overlapping, as :func:`find_quotes` gives them) that overlap
    [start, end), found by bisection: every cue and span of a long document asks."""
    lo = bisect_right(quotes, start, key=lambda q: q[1])
    hi = bisect_left(quotes, end, key=lambda q: q[0])
    return quotes[lo:hi]


def find_quotes(text: str) -> list[tuple[int, int]]:
    """Quoted ranges of ``text`` in order, marks included, never overlapping."""
    quotes = _marked(text)
    taken = [False] * (len(text) + 1)
    for s, e in quotes:
        for i in range(s, e):
            taken[i] = True
    for m in DASH_OPEN.finditer(text):
        start = m.start(1)
        if taken[start]:
            continue
        if start > 0 and text[start - 1] == "\n" and SIGNATURE.match(text, start):
            previous = text.rfind("\n", 0, start - 1)
            if text[previous + 1 : start - 1].rstrip().endswith(tuple(CLOSE + STRAIGHT)):
                continue  # "— Mara Velk" under a quotation signs it
        line_end = text.find("\n", start)
        line_end = len(text) if line_end < 0 else line_end
        close = re.search(r"[,.!?]?\s(\u2014|\u2013|--)\s", text[m.end() : line_end])
        said = DASH_SAID.search(text, m.end(), line_end)
        if close:
            end = m.end() + close.start() + 1
        elif said:  # "— We need more time, the mayor said. But he said ...": ends at the comma
            end = said.start()
        else:
            end = line_end
        end = _rstrip(text, start, end)
        if end > m.end():
            quotes.append((start, end))
    return sorted(quotes)


def _rstrip(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1].isspace():
        end -= 1
    return end


def _marked(text: str) -> list[tuple[int, int]]:
    quotes: list[tuple[int, int]] = []
    paragraphs = [(m.start(), m.end()) for m in PARAGRAPH.finditer(text)]
    open_at: int | None = None
    for n, (p_start, p_end) in enumerate(paragraphs):
        for m in MARK.finditer(text, p_start, p_end):
            mark, i = m.group(), m.start()
            straight = mark in STRAIGHT_MARKS
            if open_at is None and (mark in OPEN or straight):
                open_at = i
            elif open_at is not None and (mark in CLOSE or straight):
                quotes.append((open_at, m.end()))
                open_at = None
            elif open_at is not None and mark in OPEN:
                if i > 0 and text[i - 1] in ",.!?\u2026" and text[i + 1 : i + 2].isspace():
                    # a typo'd closing mark: "... problems for her here,“ said Jim"
                    quotes.append((open_at, m.end()))
                    open_at = None
                else:
                    # a new opening mark while open: the earlier mark was never closed
                    open_at = i
        if open_at is not None:
            nxt = paragraphs[n + 1] if n + 1 < len(paragraphs) else None
            first = text[nxt[0] : nxt[1]].lstrip()[:1] if nxt else ""
            if first and (first in OPEN or first == STRAIGHT or first == "'"):
                # multi-paragraph quote: close here, reopen at the next paragraph's mark
                quotes.append((open_at, _rstrip(text, open_at, p_end)))
                open_at = None
            else:
                quotes.append((open_at, _rstrip(text, open_at, p_end)))
                open_at = None
    return _join_paragraphs(text, quotes)


def _join_paragraphs(text: str, quotes: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Merge an unclosed paragraph quote with the quote opening the next paragraph."""
    merged: list[tuple[int, int]] = []
    for s, e in quotes:
        if merged:
            ps, pe = merged[-1]
            gap = text[pe:s]
            unclosed = text[pe - 1] not in CLOSE and text[pe - 1] not in "\"'"
            if unclosed and gap.strip() == "" and "\n" in gap:
                merged[-1] = (ps, e)
                continue
        merged.append((s, e))
    return merged
