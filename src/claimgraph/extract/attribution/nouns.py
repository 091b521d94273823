"""Noun cues: ``X's claim that ...``, ``the claim by X that ...``, ``X's criticism of Y``,
``X has raised questions about Y``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from claimgraph.extract import cue_model
from claimgraph.extract.attribution.phrases import (
    MEDIA,
    Found,
    _content_from,
    _cue_span,
    _is_cue,
    _np_extent,
    _subject,
)

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

# Speech nouns taken as cues whenever they carry a "that" clause ("X's claim that ...")
NOUN_CUES = {"claim", "statement", "assertion", "allegation", "denial", "warning", "report"}
NOUN_CUES |= {"announcement", "remark", "comment", "suggestion", "promise", "pledge", "insistence"}
NOUN_CUES |= {"argument", "accusation", "admission", "prediction", "estimate", "charge", "vow"}
NOUN_PREPS = {"about", "on", "of", "for", "against", "over", "to", "with"}  # noun cue + object


def noun_statement(doc: Doc, text: str, noun: Token, quotes: list[tuple[int, int]]) -> Found | None:
    if not cue_model.is_candidate(noun):
        return None
    likely = cue_model.probability(noun, quotes) >= cue_model.threshold()
    if not likely and noun.lemma_.lower() not in NOUN_CUES:
        return None
    clause = None
    for child in noun.children:
        marked = any(g.lower_ == "that" and g.dep_ == "mark" for g in child.children)
        if child.dep_ in {"acl", "ccomp", "appos"} and child.i > noun.i and marked:
            clause = child
            break
    speaker_tok = None
    for child in noun.children:
        if child.dep_ == "poss":
            speaker_tok = child
        elif child.dep_ == "prep" and child.lower_ in {"by", "from", "of"}:
            for pobj in child.children:
                if pobj.dep_ == "pobj" and pobj.pos_ in {"PROPN", "PRON", "NOUN"}:
                    speaker_tok = pobj
    if clause is None:
        if likely and speaker_tok is None and noun.dep_ == "dobj" and noun.head.pos_ == "VERB":
            return _light_verb_statement(doc, text, noun, quotes)
        if not likely or speaker_tok is None or speaker_tok.dep_ != "poss":
            return None
        return _noun_prep_statement(doc, text, noun, speaker_tok, quotes)
    speaker = None
    if speaker_tok is not None:
        speaker = _np_extent(speaker_tok, {noun.i})
        if speaker_tok.dep_ == "poss":
            speaker = (speaker_tok.left_edge.idx, speaker_tok.idx + len(speaker_tok))
            nxt = speaker_tok.nbor(1) if speaker_tok.i + 1 < len(doc) else None
            if nxt is not None and nxt.dep_ == "case":
                speaker = (speaker[0], nxt.idx + len(nxt))
    content = _content_from(list(clause.subtree), text, quotes)
    if content is None:
        return None
    verb = noun.head.head if noun.dep_ == "pobj" and noun.head.dep_ == "prep" else None
    if speaker is None and verb is not None and verb.pos_ == "VERB" and noun.lemma_ in MEDIA:
        # "said in a statement that ...": the clause hangs on the noun, the verb is the cue
        subj = _subject(verb)
        speaker = _np_extent(subj, {verb.i}) if subj is not None else None
        return Found(
            cue=_cue_span(verb, speaker),
            content=content,
            speaker=speaker,
            head=verb.i,
            cue_lemma=verb.lemma_,
        )
    return Found(
        cue=(noun.idx, noun.idx + len(noun)),
        content=content,
        speaker=speaker,
        head=noun.i,
        cue_lemma=noun.lemma_,
    )


def _light_verb_statement(
    doc: Doc, text: str, noun: Token, quotes: list[tuple[int, int]]
) -> Found | None:
    """``Trump has raised questions about X``: the verb's subject speaks, the object is the content.

    The cue runs from the verb (with its auxiliaries) over the noun to the preposition, as
    in PolNeAR; a verb that is a cue itself makes its own statement instead.
    """
    verb = noun.head
    if _is_cue(verb, quotes):
        return None
    prep = next((c for c in noun.rights if c.dep_ == "prep" and c.lower_ in NOUN_PREPS), None)
    pobj = next((g for g in prep.children if g.dep_ == "pobj"), None) if prep else None
    subj = _subject(verb)
    if prep is None or pobj is None or subj is None or subj.lower_ in {"it", "there"}:
        return None
    content = _content_from(list(pobj.subtree), text, quotes)
    if content is None:
        return None
    speaker = _np_extent(subj, {verb.i})
    cue_start = _cue_span(verb, speaker)[0]
    if speaker[0] < prep.idx + len(prep) and cue_start < speaker[1]:
        return None
    return Found(
        cue=(cue_start, prep.idx + len(prep)),
        content=content,
        speaker=speaker,
        head=noun.i,
        cue_lemma=noun.lemma_,
    )


def _noun_prep_statement(
    doc: Doc, text: str, noun: Token, owner: Token, quotes: list[tuple[int, int]]
) -> Found | None:
    """``Trump's criticism of the deal``: the possessor speaks, the object is the content."""
    prep = next((c for c in noun.rights if c.dep_ == "prep" and c.lower_ in NOUN_PREPS), None)
    pobj = next((g for g in prep.children if g.dep_ == "pobj"), None) if prep else None
    if prep is None or pobj is None:
        return None
    content = _content_from(list(pobj.subtree), text, quotes)
    if content is None:
        return None
    speaker = (owner.left_edge.idx, owner.idx + len(owner))
    nxt = doc[owner.i + 1] if owner.i + 1 < len(doc) else None
    if nxt is not None and nxt.dep_ == "case":
        speaker = (speaker[0], nxt.idx + len(nxt))
    return Found(
        cue=(noun.idx, prep.idx + len(prep)),
        content=content,
        speaker=speaker,
        head=noun.i,
        cue_lemma=noun.lemma_,
    )
