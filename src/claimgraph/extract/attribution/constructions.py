"""Attributions without a cue word of the lexicon: ``according to X``, fronted polls
(``In a CNN poll, ...``), ``Name: ...`` headlines and transcript lines, ``Name: "..."``
and signed quotes (``"..." ― Name``)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from claimgraph.extract import cues
from claimgraph.extract.attribution.phrases import (
    REPORTING_RATE,
    Found,
    _content_from,
    _contiguous_around,
    _extent,
    _np_extent,
    _span_tokens,
    trim,
    ws_trim,
)
from claimgraph.extract.quotes import SIGNATURE
from claimgraph.extract.ranges import RangeIndex

if TYPE_CHECKING:
    from spacy.tokens import Doc

LINE = re.compile(r"[^\n]+")
COLON_SPEAKER_TOKENS = 5  # longest name or phrase before a headline/transcript colon
COLON_NOT_SPEAKERS = {"update", "updated", "watch", "photo", "video", "note", "editor", "read"}
COLON_NOT_SPEAKERS |= {"related", "source", "sources", "via", "correction", "listen", "see"}
COLON_NOT_SPEAKERS |= {"latest", "name", "age", "job", "pay", "transcript", "daily", "q", "a"}
IN_SOURCES = {"poll", "survey", "study", "analysis", "report", "census"}  # "In a poll, ..."


def according_to(doc: Doc, text: str, quotes: list[tuple[int, int]]) -> list[Found]:
    out = []
    for tok in doc:
        if tok.lower_ != "according" or tok.i + 1 >= len(doc) or doc[tok.i + 1].lower_ != "to":
            continue
        to = doc[tok.i + 1]
        pobj = next((c for c in to.children if c.dep_ == "pobj"), None)
        if pobj is None:
            pobj = next((c for c in tok.children if c.dep_ == "pobj"), None)
        if pobj is None:
            continue
        speaker = _np_extent(pobj, {tok.i})
        sent = tok.sent
        head = tok.head
        while head.dep_ not in {"ROOT"} and head.pos_ not in {"VERB", "AUX"} and head != head.head:
            head = head.head
        own = {t.i for t in tok.subtree} | {tok.i, to.i}
        own |= {t.i for t in pobj.subtree}
        tokens = [t for t in head.subtree if t.i not in own and sent.start <= t.i < sent.end]
        if not tokens:
            continue
        tokens = _contiguous_around(
            tokens,
            next(t for t in tokens if t.i == head.i) if head.i not in own else tokens[0],
            own,
        )
        content = _content_from(tokens, text, quotes)
        if content is None:
            continue
        start, end = content
        out.append(
            Found(
                cue=(tok.idx, to.idx + len(to)),
                content=(start, end),
                speaker=speaker,
                head=tok.i,
                cue_lemma="according to",
            )
        )
    return out


def reported_by(doc: Doc, text: str, quotes: list[tuple[int, int]]) -> list[Found]:
    """``the figure of 10,000 reported by the Orlan Herald``: a reporting participle with an
    agent makes the noun phrase it modifies that agent's claim (content = the phrase before
    the participle), so a number inside it is tied to the agent, not to whoever mentions it."""
    out = []
    for tok in doc:
        if tok.dep_ != "acl" or tok.tag_ != "VBN" or tok.i <= tok.head.i:
            continue
        if cues.cue_rate(tok.lemma_, "VERB") < REPORTING_RATE:
            continue
        agent = next((c for c in tok.children if c.dep_ == "agent"), None)
        pobj = next((c for c in agent.children if c.dep_ == "pobj"), None) if agent else None
        if pobj is None:
            continue
        noun = tok.head
        while noun.dep_ == "pobj" and noun.head.lower_ == "of" and noun.head.head.i < noun.i:
            noun = noun.head.head  # "the figure of 10,000 reported by": the figure
        tokens = [t for t in noun.subtree if t.i < tok.i]
        while tokens and (tokens[-1].is_punct or tokens[0].is_punct):
            tokens = tokens[:-1] if tokens[-1].is_punct else tokens[1:]
        if not tokens:
            continue
        out.append(
            Found(
                cue=(tok.idx, tok.idx + len(tok)),
                content=_extent(tokens),
                speaker=_np_extent(pobj, set()),
                head=tok.i,
                cue_lemma=tok.lemma_.lower(),
            )
        )
    return out


def in_sources(doc: Doc, text: str, quotes: list[tuple[int, int]]) -> list[Found]:
    """``In a CNN poll released Monday, Dask led by 24 points``: the poll is the source."""
    out = []
    for tok in doc:
        if tok.lower_ != "in" or tok.dep_ != "prep" or tok.head.pos_ not in {"VERB", "AUX"}:
            continue
        pobj = next((c for c in tok.children if c.dep_ == "pobj"), None)
        if pobj is None or pobj.lemma_.lower() not in IN_SOURCES or pobj.i > tok.i + 8:
            continue
        verb = tok.head
        if cues.cue_rate(verb.lemma_, "VERB") >= REPORTING_RATE:
            continue  # "In a report, officials said ...": the verb is the cue
        if tok.i > verb.i or (tok.i > 0 and not doc[tok.i - 1].is_punct and not tok.is_sent_start):
            continue  # a fronted phrase: "In a poll ..., X" (not "said in a statement")
        own = {t.i for t in tok.subtree}
        sent = verb.sent
        tokens = [t for t in verb.subtree if t.i not in own and sent.start <= t.i < sent.end]
        if not tokens:
            continue
        content = _content_from(_contiguous_around(tokens, verb, own), text, quotes)
        if content is None:
            continue
        out.append(
            Found(
                cue=(tok.idx, tok.idx + len(tok)),
                content=content,
                speaker=_extent(list(pobj.subtree)),
                head=tok.i,
                cue_lemma="in",
            )
        )
    return out


def signed_quotes(
    doc: Doc, text: str, quotes: list[tuple[int, int]], found: list[Found]
) -> list[Found]:
    """Epigraph style: ``"..." ― Sonya Herridge`` (a quote, a dash, a name ending the line)."""
    used = [f.content for f in found]
    out = []
    for qs, qe in quotes:
        m = SIGNATURE.match(text, qe)
        if m is None or any(u[0] <= qs and qe <= u[1] for u in used):
            continue
        name = m.group(2)
        if not all(w[:1].isupper() for w in name.replace(".", " ").split() if w.isalpha()):
            continue
        start = m.start(2)
        quoted = _span_tokens(doc, qs, qe)
        if quoted is None or not len(quoted):
            continue
        out.append(
            Found(
                cue=(m.start(1), m.end(1)),
                content=(qs, qe),
                speaker=(start, start + len(name.rstrip(" ."))),
                head=quoted[0].i,
                cue_lemma=":",
            )
        )
    return out


def colon_lines(doc: Doc, text: str, found: list[Found]) -> list[Found]:
    """Headline and transcript style: ``Graham: Trump's rhetoric destroying GOP's chances``.

    A paragraph opening with a short name or noun phrase (at most COLON_SPEAKER_TOKENS
    tokens, with a proper noun) and a colon: the rest of the paragraph is the content.
    """
    taken = [f.cue for f in found]
    out = []
    for m in LINE.finditer(text):
        line_start, line_end = m.start(), m.end()
        colon = text.find(":", line_start, min(line_end, line_start + 60))
        if colon < 0 or any(c[0] <= colon < c[1] for c in taken):
            continue
        head = doc.char_span(line_start, colon, alignment_mode="contract")
        if head is None or not 0 < len(head) <= COLON_SPEAKER_TOKENS:
            continue
        # a name, maybe with a lower-case role or place ("Clinton camp", "Mukasey at RNC")
        capitalised = [t for t in head if t.is_title or t.is_upper]
        named = len(capitalised) == sum(t.is_alpha for t in head) or (
            head[0] in capitalised
            and any(t.pos_ == "PROPN" for t in head)
            and 2 * len(capitalised) >= len(head)
        )
        if not named or any(t.like_num or t.pos_ in {"VERB", "AUX"} for t in head):
            continue
        if head[0].lower_ in COLON_NOT_SPEAKERS or head[-1].lower_ in COLON_NOT_SPEAKERS:
            continue
        start, end = trim(text, colon + 1, line_end)
        if end - start < 10:
            continue
        out.append(
            Found(
                cue=(colon, colon + 1),
                content=(start, end),
                speaker=ws_trim(text, head.start_char, head.end_char),
                head=head[-1].i,
                cue_lemma=":",
            )
        )
    return out


def colon_quotes(
    doc: Doc, text: str, quotes: list[tuple[int, int]], found: list[Found]
) -> list[Found]:
    """``Vance: "..."`` — a name or noun phrase, a colon, then a quote."""
    used = RangeIndex([f.content for f in found], key=lambda c: c)
    out = []
    for qs, qe in quotes:
        if used.holding(qs, qe):
            continue
        j = qs - 1
        while j >= 0 and text[j] in " \t":
            j -= 1
        if j < 0 or text[j] != ":":
            continue
        colon = _span_tokens(doc, j, j + 1)
        if colon is None:
            continue
        prev = colon[0].i - 1
        if prev < 0:
            continue
        head = doc[prev]
        while head.head != head and head.head.i < colon[0].i and head.dep_ in {"compound", "amod"}:
            head = head.head
        if head.pos_ not in {"PROPN", "NOUN", "PRON"}:
            continue
        start = head.left_edge.idx
        out.append(
            Found(
                cue=(j, j + 1),
                content=(qs, qe),
                speaker=ws_trim(text, start, head.idx + len(head)),
                head=head.i,
                cue_lemma=":",
            )
        )
    return out
