"""Quotes that go on after their cue's sentence or in the following paragraphs."""

from __future__ import annotations

from typing import TYPE_CHECKING

from claimgraph.extract.attribution.phrases import Found, quote_at

OPENING_MARKS = " \t\r\n\"'`\u2018\u201c\u00ab"  # quote marks a quotation opens with

if TYPE_CHECKING:
    from spacy.tokens import Doc

MAX_CONTINUED_PARAGRAPHS = 3  # how many following all-quote paragraphs join a content
QUOTE_CUE_GAP = 80  # most characters between a quote and the cue that follows it


def quote_after_sentence(
    doc: Doc, text: str, quotes: list[tuple[int, int]], found: list[Found]
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


def continue_quotes(text: str, quotes: list[tuple[int, int]], found: list[Found]) -> None:
    """A quote goes on in the next paragraphs when they are quotes with no cue of their own.

    ``Osk said: "X."`` then a paragraph ``"Y."``: the content runs over Y (PolNeAR joins
    such paragraphs to the content; the statement is the same).
    """
    cues_at = sorted(f.cue[0] for f in found)
    starts = {q[0]: q for q in quotes}
    for f in found:
        if not quote_at(quotes, f.content[1] - 1, f.content[1]):
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


def quote_paragraphs_after(
    text: str, quotes: list[tuple[int, int]], found: list[Found]
) -> list[Found]:
    """A paragraph that is wholly a quotation, with no cue of its own, right after a paragraph
    whose last statement has a speaker, is that speaker's direct speech: ``Ash said the
    bridge would reopen.`` then ``"It has been a hard year."`` (news style gives the speaker
    once and lets the quote follow). The new statement reuses the earlier cue. Paragraphs
    already joined to a content (:func:`continue_quotes`) are left alone."""
    added: list[Found] = []
    cues_at = sorted(f.cue[0] for f in found)
    by_start = {q[0]: q for q in quotes}
    for q_start, q in sorted(by_start.items()):
        line_start = text.rfind("\n", 0, q_start) + 1
        if text[line_start:q_start].strip():
            continue  # the quote does not open its paragraph
        para_end = text.find("\n", q[1])
        para_end = len(text) if para_end < 0 else para_end
        if text[q[1] : para_end].strip() or any(q_start <= c < para_end for c in cues_at):
            continue  # more than a quote, or a cue of its own
        if any(f.content[0] <= q_start < f.content[1] for f in [*found, *added]):
            continue  # already someone's content
        prev_end = line_start - 1
        while prev_end > 0 and text[prev_end - 1].isspace():
            prev_end -= 1
        if prev_end <= 0 or text.count("\n", prev_end, line_start) > 2:
            continue
        prev_start = text.rfind("\n", 0, prev_end) + 1
        last = max(
            (f for f in found if prev_start <= f.cue[0] < prev_end),
            key=lambda f: f.content[1],
            default=None,
        )
        if last is None or last.speaker is None or last.content[1] < prev_end - 2:
            continue  # the previous paragraph does not end with a statement
        added.append(
            Found(
                cue=last.cue,
                content=q,
                speaker=last.speaker,
                head=last.head,
                recipient=last.recipient,
                via=list(last.via),
                cue_lemma=last.cue_lemma,
                negated=last.negated,
                kind="direct",
            )
        )
    return added
