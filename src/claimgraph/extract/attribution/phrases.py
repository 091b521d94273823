"""Token and span helpers of the attribution finders: the cue phrase, the speaker noun
phrase, the content extent, and the record a finder returns (:class:`Found`)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from claimgraph.extract import cue_model, cues
from claimgraph.extract.quotes import overlapping

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token
    from spacy.tokens import Span as SpacySpan

CUE_INNER = {"aux", "auxpass", "neg", "prt"}  # dependents that belong to the cue span
CUE_ADVERBS = {"also", "then", "later", "again", "repeatedly", "previously", "often", "once"}
CUE_ADVERBS |= {"recently", "reportedly", "publicly", "privately", "already", "still", "now"}
CUE_ADVERBS |= {"further", "first", "never", "frequently", "earlier", "falsely", "flatly"}
CUE_ADVERBS |= {"just", "even"}
# verbs whose infinitive complement is the cue, taken into it ("went on to say")
# least PolNeAR cue rate of a verb that reports (say, tell, claim ...): relays, participles
REPORTING_RATE = 0.3
CUE_LEADS = {"go", "continue", "decline", "refuse", "begin", "seem", "appear", "start"}
WHEN = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}
WHEN |= {"yesterday", "today", "tonight", "earlier", "later", "recently", "again"}
MEDIA = {"statement", "interview", "email", "e-mail", "letter", "tweet", "twitter", "post"}
MEDIA |= {"facebook", "speech", "release", "op", "memo", "video", "message", "call", "blog"}
# a wire dateline: a place in capitals, maybe an agency and a date, then a dash
DATELINE = re.compile(
    r"[A-Z][A-Z.'\- ]{1,40}(?:, [A-Z][\w. ]{1,30}){0,2}(?: \([^)\n]{1,40}\))? ?[-\u2014\u2013]+ ?"
)
PUNCT = " \t\r\n,;:.!?\u2014\u2013-"


@dataclass
class Found:
    cue: tuple[int, int]
    content: tuple[int, int]
    speaker: tuple[int, int] | None
    head: int  # index of the cue's head token (for relays and ordering)
    recipient: tuple[int, int] | None = None
    via: list[tuple[int, int]] = field(default_factory=list)
    cue_lemma: str = ""
    negated: bool = False
    kind: str | None = None  # set when known before assembly (a quote chained over a cue)


def trim(text: str, start: int, end: int, chars: str = PUNCT) -> tuple[int, int]:
    while start < end and text[start] in chars:
        start += 1
    while end > start and text[end - 1] in chars:
        end -= 1
    return start, end


def ws_trim(text: str, start: int, end: int) -> tuple[int, int]:
    return trim(text, start, end, " \t\r\n")


def _extent(tokens: list[Token]) -> tuple[int, int]:
    return tokens[0].idx, tokens[-1].idx + len(tokens[-1])


def _subtree(tok: Token, exclude: set[int] | None = None) -> list[Token]:
    exclude = exclude or set()
    out = []
    for t in tok.subtree:
        if t.i in exclude:
            continue
        out.append(t)
    return out


def _contiguous_around(tokens: list[Token], anchor: Token, stop: set[int]) -> list[Token]:
    """The run of ``tokens`` containing ``anchor`` that never crosses an index in ``stop``."""
    idx = sorted(t.i for t in tokens)
    members = set(idx)
    lo = hi = anchor.i
    while lo - 1 in members and lo - 1 not in stop:
        lo -= 1
    while hi + 1 in members and hi + 1 not in stop:
        hi += 1
    doc = anchor.doc
    return [doc[i] for i in range(lo, hi + 1)]


def _runs(tokens: list[Token]) -> list[list[Token]]:
    """Runs of consecutive tokens, without spaces, none all punctuation."""
    runs: list[list[Token]] = []
    for t in sorted(tokens, key=lambda t: t.i):
        if runs and runs[-1][-1].i == t.i - 1:
            runs[-1].append(t)
        else:
            runs.append([t])
    runs = [[t for t in r if not t.is_space] for r in runs]
    return [r for r in runs if r and not all(t.is_punct for t in r)]


def _longest_run(tokens: list[Token]) -> list[Token]:
    """The longest run of consecutive tokens (by characters): content never spans the cue."""
    runs = _runs(tokens)
    if not runs:
        return []
    return max(runs, key=lambda r: r[-1].idx + len(r[-1]) - r[0].idx)


def _span_tokens(doc: Doc, start: int, end: int) -> SpacySpan | None:
    return doc.char_span(start, end, alignment_mode="expand")


def quote_at(quotes: list[tuple[int, int]], start: int, end: int) -> list[tuple[int, int]]:
    return overlapping(quotes, start, end)


def inside_quote(quotes: list[tuple[int, int]], span: tuple[int, int]) -> bool:
    return any(qs < span[0] and span[1] < qe for qs, qe in overlapping(quotes, *span))


def overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _words(text: str) -> int:
    return len(text.split())


def _cue_span(verb: Token, speaker: tuple[int, int] | None) -> tuple[int, int]:
    """The verb with its auxiliaries, negation, particle and adverbs next to it."""
    doc = verb.doc
    lo = hi = verb.i
    for child in verb.children:
        near = abs(child.i - verb.i) <= 3
        adverb = child.dep_ == "advmod" and child.lower_ in CUE_ADVERBS
        if near and (child.dep_ in CUE_INNER or adverb):
            lo, hi = min(lo, child.i), max(hi, child.i)
    # keep the cue a contiguous phrase that does not swallow the speaker
    if speaker is not None:
        while lo < verb.i and doc[lo].idx < speaker[1] and doc[lo].idx >= speaker[0]:
            lo += 1
    tokens = [doc[i] for i in range(lo, hi + 1)]
    while tokens and tokens[0].i != verb.i and tokens[0].dep_ not in CUE_INNER | {"advmod"}:
        tokens.pop(0)
    while tokens and tokens[-1].i != verb.i and tokens[-1].dep_ not in CUE_INNER | {"advmod"}:
        tokens.pop()
    tail = doc[_cue_tail(verb, tokens[-1].i)]
    head = verb.head
    if _statement_saying(verb) and head.head.i < head.i < verb.i:
        start = _cue_span(head.head, speaker)[0]  # the cue is "issued a statement saying"
        if speaker is None or not speaker[0] <= start < speaker[1]:
            return start, tail.idx + len(tail)
    if _led(verb) and head.i < tokens[0].i <= head.i + 3:
        # "went on to say", "declined to comment": the leading verb joins the cue
        start = _cue_span(head, speaker)[0]
        if speaker is None or not speaker[0] <= start < speaker[1]:
            return start, tail.idx + len(tail)
    return tokens[0].idx, tail.idx + len(tail)


def _cue_tail(verb: Token, hi: int) -> int:
    """Extend the cue over a day and a medium right after it: ``said Tuesday in a statement``."""
    doc = verb.doc
    i = hi + 1
    while i < len(doc):
        tok = doc[i]
        if tok.head.i == verb.i and tok.dep_ in {"npadvmod", "nmod"} and tok.lower_ in WHEN:
            hi = i
            i += 1
            continue
        if tok.head.i == verb.i and tok.dep_ == "prep" and tok.lower_ in {"in", "on", "via"}:
            pobj = next((c for c in tok.children if c.dep_ == "pobj"), None)
            if pobj is not None and pobj.lemma_.lower() in MEDIA and pobj.i <= i + 3:
                hi = pobj.i
                i = pobj.i + 1
                continue
        break
    return hi


def _subject(verb: Token) -> Token | None:
    """The subject of ``verb``, inherited through conjunctions, xcomp and participles."""
    tok: Token | None = verb
    for _ in range(4):
        if tok is None:
            break
        subjects = [c for c in tok.children if c.dep_ in {"nsubj", "nsubjpass"}]
        if subjects:
            # the nearest one: "RENNICK - The agency confirmed" has two for the parser
            here = tok.i
            child = min(subjects, key=lambda c: abs(c.i - here))
            return None if child.dep_ == "nsubjpass" else child  # passive: see _agent
        if _participle_of_report(tok):
            tok = tok.head.head  # skip the reported clause the parser hung it on
            continue
        if (
            tok.dep_ in {"conj", "xcomp"}
            or (tok.dep_ == "advcl" and tok.tag_ == "VBG")
            or _led(tok)
        ):
            tok = tok.head
            continue
        if tok.dep_ == "relcl":
            return tok.head
        if _statement_saying(tok):
            tok = tok.head.head  # "The ministry issued a statement saying ...": the ministry
            continue
        break
    return None


def _participle_of_report(verb: Token) -> bool:
    """``X said Y had fired on Z, calling it "a crime"``: the parser hangs the participle on
    the reported clause (``fired``), but its subject is the reporter's, not Y."""
    head = verb.head
    return (
        verb.dep_ == "advcl"
        and verb.tag_ == "VBG"
        and verb.i > head.i
        and any(t.text == "," for t in verb.doc[head.i : verb.i])
        and head.dep_ == "ccomp"
        and head.head.pos_ == "VERB"
        and cues.cue_rate(head.head.lemma_, "VERB") >= REPORTING_RATE
    )


def _led(verb: Token) -> bool:
    """``went on to say``: an infinitive cue under a leading verb of CUE_LEADS."""
    infinitive = verb.dep_ in {"xcomp", "advcl"} and any(
        c.dep_ == "aux" and c.lower_ == "to" for c in verb.children
    )
    return infinitive and verb.head.lemma_ in CUE_LEADS


def _statement_saying(verb: Token) -> bool:
    """``issued a statement saying``: a participle on a medium that a verb takes as object."""
    head = verb.head
    return verb.dep_ == "acl" and head.lemma_.lower() in MEDIA and head.dep_ == "dobj"


def _agent(verb: Token) -> Token | None:
    for child in verb.children:
        if child.dep_ == "agent":
            for pobj in child.children:
                if pobj.dep_ == "pobj":
                    return pobj
    return None


def _np_extent(tok: Token, stop: set[int]) -> tuple[int, int]:
    """The noun phrase of ``tok`` (its subtree), cut at ``stop`` and at relative clauses."""
    skip: set[int] = set()
    for child in tok.children:
        if child.dep_ in {"relcl", "acl"} and child.i > tok.i:
            skip.update(t.i for t in child.subtree)
    tokens = [t for t in _subtree(tok, skip)]
    tokens = _contiguous_around(tokens, tok, stop)
    while tokens and (tokens[-1].is_punct or tokens[-1].dep_ == "cc"):
        tokens.pop()
    while tokens and tokens[0].is_punct:
        tokens.pop(0)
    if not tokens:
        return tok.idx, tok.idx + len(tok)
    return _extent(tokens)


def _content_from(
    tokens: list[Token], text: str, quotes: list[tuple[int, int]]
) -> tuple[int, int] | None:
    if not tokens:
        return None
    tokens = sorted(tokens, key=lambda t: t.i)
    start, end = _extent(tokens)
    start, end = trim(text, start, end)
    dateline = DATELINE.match(text, start)
    if dateline and (start == 0 or text[start - 1] == "\n"):
        start = dateline.end()  # "RENNICK - ", "WASHINGTON (AP) — " open the story, not the quote
    if end <= start:
        return None
    # a quote that starts or ends inside the content belongs to it whole
    for qs, qe in quote_at(quotes, start, end):
        if qs < start and qe - 1 <= end + 2:
            start = qs
        if qe > end and qs >= start - 2:
            end = qe
    return start, end


def _is_cue(tok: Token, quotes: list[tuple[int, int]]) -> bool:
    if not cue_model.is_candidate(tok):
        return False
    return cue_model.probability(tok, quotes) >= cue_model.threshold()
