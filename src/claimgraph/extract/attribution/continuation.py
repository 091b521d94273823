"""Quotes that go on after their cue's sentence or in the following paragraphs."""

from __future__ import annotations

from typing import TYPE_CHECKING

from claimgraph.extract.attribution.phrases import _Found, _quote_at

OPENING_MARKS = " \t\r\n\"'`\u2018\u201c\u00ab"  # quote marks a quotation opens with

if TYPE_CHECKING:
    from spacy.tokens import Doc

MAX_CONTINUED_PARAGRAPHS = 3  # how many following all-quote paragraphs join a content
QUOTE_CUE_GAP = 80  # most characters between a quote and the cue that follows it


def _quote_after_sentence(
    doc: Doc, text: str, quotes: list[tuple[int, int]], found: list[_Found]
) -> None:
    """``"X," Graham told CBS News on Tuesday, when ... "Y."``: Y goes on X's quote.

    A quote right before its cue continues with the quote that opens just after the cue's
    sentence (same or next paragraph), unless another cue claims that quote.
    """
    starts = sorted(quotes)
    other_cues = [f.cue[0] for f in found]
    for f in found:
        q = next((q for q in starts if q == f.content), None)
        if q is None or q[1] > f.cue[0] or f.cue[1] - q[1] > QUOTE_CUE_GAP:
            continue
        sent_end = doc[f.head].sent.end_char
        # the parser may end the sentence after the next quote's opening mark ("... '' And")
        opening = next((n for n in starts if f.cue[1] < n[0] < sent_end), None)
        if opening is not None and not text[opening[0] : sent_end].strip(OPENING_MARKS):
            sent_end = opening[0]
        nxt = next((n for n in starts if n[0] >= sent_end), None)
        if nxt is None or text[sent_end : nxt[0]].strip() or text.count("\n", sent_end, nxt[0]) > 2:
            continue
        line_end = text.find("\n", nxt[1])
        line_end = len(text) if line_end < 0 else line_end
        if any(nxt[0] <= c < line_end for c in other_cues if c != f.cue[0]):
            continue
        f.content = (f.content[0], nxt[1])
        f.kind = "direct"


def _continue_quotes(text: str, quotes: list[tuple[int, int]], found: list[_Found]) -> None:
    """A quote goes on in the next paragraphs when they are quotes with no cue of their own.

    ``Osk said: "X."`` then a paragraph ``"Y."``: the content runs over Y (PolNeAR joins
    such paragraphs to the content; the statement is the same).
    """
    cues_at = sorted(f.cue[0] for f in found)
    starts = {q[0]: q for q in quotes}
    for f in found:
        if not _quote_at(quotes, f.content[1] - 1, f.content[1]):
            continue
        end = f.content[1]
        for _ in range(MAX_CONTINUED_PARAGRAPHS):
            nxt = text.find("\n", end)
            if nxt < 0:
                break
            rest = list(text[end:nxt])
            for s, e in [f.cue, *([f.speaker] if f.speaker else [])]:
                for i in range(max(s, end), min(e, nxt)):
                    rest[i - end] = " "
            if "".join(rest).strip(" \t,.;:!?\"\u201d\u2019'"):
                break
            para_start = nxt
            while para_start < len(text) and text[para_start].isspace():
                para_start += 1
            q = starts.get(para_start)
            para_end = text.find("\n", para_start)
            para_end = len(text) if para_end < 0 else para_end
            if q is None or q[1] < para_end - 2:
                break  # the paragraph is not wholly a quote
            if any(para_start <= c < para_end for c in cues_at):
                break  # its own statement
            end = q[1]
        f.content = (f.content[0], end)
