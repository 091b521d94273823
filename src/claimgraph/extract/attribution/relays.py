"""Relays: a report holding another statement. An outlet's report (``Kyodo reported that the
president "acknowledged" X``), ``X reported, citing Y, that ...``, and nested reported
speech (``South Africa said Mugabe had told Zuma that ...``: Mugabe's statement, relayed by
South Africa)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from claimgraph.extract import cues
from claimgraph.extract.attribution.phrases import (
    REPORTING_RATE,
    Found,
    _extent,
    _np_extent,
    _span_tokens,
    _subject,
    trim,
)
from claimgraph.extract.attribution.verbs import _clause_child, verb_statement
from claimgraph.extract.quotes import overlapping
from claimgraph.extract.ranges import RangeIndex

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

OUTLET_WORDS = {"news", "times", "post", "agency", "press", "journal", "herald", "tribune"}
OUTLET_WORDS |= {"reuters", "afp", "ap", "bbc", "cnn", "tass", "xinhua", "kyodo", "yonhap"}
OUTLET_WORDS |= {"gazette", "daily", "radio", "television", "tv", "broadcaster", "newspaper"}
OUTLET_WORDS |= {"wire"}  # "The Kestrel Wire"


def _is_outlet(text: str, span: tuple[int, int]) -> bool:
    words = {w.strip(".,'’").lower() for w in text[span[0] : span[1]].split()}
    return bool(words & OUTLET_WORDS)


def find_relays(
    doc: Doc, text: str, quotes: list[tuple[int, int]], found: list[Found]
) -> list[Found]:
    """An outlet's report containing another statement relays that statement.

    ``Kyodo reported that the president "acknowledged" X``: the president's statement (found
    here if the cue model passed it over) gets ``via`` Kyodo. ``X reported, citing Y, that
    ...``: Y is the speaker and X the relay. Returns the statements found here.
    """
    added: list[Found] = []
    have = {f.head for f in found}
    by_cue = RangeIndex(found, key=lambda f: f.cue)  # cues never move here
    for outer in found:
        if outer.speaker is None:
            continue
        outlet = _is_outlet(text, outer.speaker)
        if not outlet and overlapping(quotes, *outer.content):
            continue  # speech inside a quotation is the quoted person's (see _nested)
        verb = doc[outer.head]
        citing = _citing(verb, outer.content) if outlet else None
        if citing is not None:
            cite, source = citing
            outer.via.append(outer.speaker)
            outer.speaker = source
            if cite[0] <= outer.content[0] < cite[1] + 2 and cite[1] < outer.content[1]:
                outer.content = trim(text, cite[1], outer.content[1])
            continue
        span = _span_tokens(doc, *outer.content)
        for tok in span if span is not None else []:
            if tok.pos_ != "VERB" or tok.i in have:
                continue
            if cues.cue_rate(tok.lemma_, "VERB") < REPORTING_RATE or _subject(tok) is None:
                continue
            if not outlet and _clause_child(tok) is None:
                continue  # "X said Y had told Z that ...": a reported report needs its clause
            inner = verb_statement(doc, text, tok, quotes, force=True)
            if inner is not None:
                added.append(inner)
        lo, hi = outer.content
        extra = [a for a in added if lo <= a.cue[0] and a.cue[1] <= hi]  # few: a scan
        for inner in [*by_cue.within(lo, hi), *extra]:
            if inner is not outer:
                inner.via.append(outer.speaker)
    return added


def _citing(
    verb: Token, content: tuple[int, int]
) -> tuple[tuple[int, int], tuple[int, int]] | None:
    """``citing Y`` next to a report: (span of the citing phrase, span of Y)."""
    for tok in verb.subtree:
        if (
            tok.lemma_ != "cite"
            or tok.tag_ != "VBG"
            or tok.head.i not in {verb.i, *[c.i for c in verb.children]}
        ):
            continue
        obj = next((c for c in tok.children if c.dep_ == "dobj"), None)
        if obj is not None:
            return _extent(list(tok.subtree)), _np_extent(obj, {tok.i})
    return None
