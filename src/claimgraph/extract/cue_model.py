"""Which candidate words are attribution cues: a logistic model over parse features.

Candidates are verbs and nouns of the cue lexicon (:mod:`claimgraph.extract.cues`). Each
gets sparse string features (lemma, dependency relation, children, subject kind, quote
context, ...); ``data/cue_model.json`` holds one weight per feature and a bias, fitted on
the PolNeAR train split by ``scripts/learn_cues.py`` (a token is positive when it lies
inside a gold Cue span). Scoring is a dot product: no runtime dependency beyond the parse.
"""

from __future__ import annotations

import json
import math
from functools import lru_cache
from importlib.resources import files
from typing import TYPE_CHECKING

from claimgraph.extract import cues
from claimgraph.extract.quotes import overlapping

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

CANDIDATE_RATE = 0.02  # least lexicon cue rate for a word to be scored at all
CANDIDATE_POS = {"VERB", "NOUN"}
DEFAULT_THRESHOLD = 0.5  # used when the model file carries no learned threshold
MODEL_FILE = "cue_model.json"


def is_candidate(tok: Token) -> bool:
    return tok.pos_ in CANDIDATE_POS and cues.cue_rate(tok.lemma_, tok.pos_) >= CANDIDATE_RATE


def _bucket(rate: float) -> str:
    return str(min(int(-math.log2(max(rate, 1e-4))), 10))


#: Characters between a cue and a quote that make the quote "near"
QUOTE_NEAR = 40


def _chars(span: Span) -> tuple[int, int]:
    return span.start_char, span.end_char


def features(tok: Token, quotes: list[tuple[int, int]]) -> list[str]:
    """Sparse features of a candidate cue token."""
    lemma = tok.lemma_.lower()
    rate = cues.cue_rate(lemma, tok.pos_)
    out = [
        "bias",
        f"lemma={lemma}",
        f"pos={tok.pos_}",
        f"tag={tok.tag_}",
        f"dep={tok.dep_}",
        f"lemma_dep={lemma}|{tok.dep_}",
        f"rate={_bucket(rate)}",
        f"rate_pos={_bucket(rate)}|{tok.pos_}",
        f"head_dep={tok.head.dep_}|{tok.dep_}",
        f"head_lemma={tok.head.lemma_.lower()}|{tok.dep_}",
    ]
    doc = tok.doc
    deps = set()
    subject = None
    for child in tok.children:
        deps.add(child.dep_)
        if child.dep_ in {"nsubj", "nsubjpass"}:
            subject = child
        if child.dep_ == "prep":
            out.append(f"prep={child.lower_}")
            out.append(f"lemma_prep={lemma}|{child.lower_}")
        if child.dep_ == "ccomp" and any(g.lower_ == "that" for g in child.children):
            out.append("ccomp_that")
        if child.dep_ == "dobj":
            out.append(f"dobj_pos={child.pos_}")
    for d in sorted(deps):
        out.append(f"child={d}")
        out.append(f"lemma_child={lemma}|{d}")
        out.append(f"pos_child={tok.pos_}|{d}")
    if subject is None:
        out.append("subj=none")
        out.append(f"lemma_subj={lemma}|none")
    else:
        kind = subject.ent_type_ or subject.pos_
        out.append(f"subj={kind}")
        out.append(f"lemma_subj={lemma}|{kind}")
        out.append(f"subj_lower={subject.lower_}" if subject.pos_ == "PRON" else "subj_named")
        if subject.pos_ == "NOUN":
            out.append(f"subj_noun={subject.lemma_.lower()}")

    start, end = tok.idx, tok.idx + len(tok)
    for qs, qe in overlapping(quotes, start - QUOTE_NEAR - 1, end + QUOTE_NEAR + 1):
        if qs < start and end < qe:
            place = "in_quote"
        elif 0 <= start - qe <= 3 or 0 <= qs - end <= 3:
            place = "quote_adjacent"
        elif 0 <= start - qe <= QUOTE_NEAR or 0 <= qs - end <= QUOTE_NEAR:
            place = "quote_near"
        else:
            continue
        out.append(place)
        out.append(f"lemma_{place}={lemma}")
    out += _frame_features(tok, lemma, quotes)
    prev = doc[tok.i - 1].lower_ if tok.i > 0 else "<s>"
    nxt = doc[tok.i + 1].lower_ if tok.i + 1 < len(doc) else "</s>"
    out.append(f"prev={prev}")
    out.append(f"next={nxt}")
    out.append(f"lemma_next={lemma}|{nxt}")
    if tok.is_sent_start or (tok.i > 0 and doc[tok.i - 1].is_sent_start):
        out.append("sent_initial")
    return out


def _frame_features(tok: Token, lemma: str, quotes: list[tuple[int, int]]) -> list[str]:
    """The dependency frame: children kinds as one string, what the complements are,
    a that-clause, a possessor, the head's cue rate, an inherited subject, a quote nearby."""
    out = []
    frame = sorted({c.dep_ for c in tok.children if c.dep_ not in {"punct", "cc", "det"}})
    out.append(f"frame={tok.pos_}|{','.join(frame)}")
    out.append(f"lemma_tag={lemma}|{tok.tag_}")
    for c in tok.children:
        if c.dep_ in {"dobj", "xcomp", "attr", "acomp", "oprd"}:
            out.append(f"lemma_{c.dep_}={lemma}|{c.lemma_.lower()}")  # "made it clear"
        elif c.dep_ == "prep":
            pobj = next((g for g in c.children if g.dep_ == "pobj"), None)
            if pobj is not None:
                out.append(f"prep_pobj={c.lower_}|{pobj.lemma_.lower()}")  # "in a statement"
        elif c.dep_ == "poss":
            out.append(f"poss={c.ent_type_ or c.pos_}")
        if c.dep_ in {"acl", "ccomp", "advcl", "relcl"} and any(
            g.dep_ == "mark" and g.lower_ == "that" for g in c.children
        ):
            out.append(f"that_clause={tok.pos_}")
            out.append(f"lemma_that={lemma}")
    head = tok.head
    out.append(f"head_rate={_bucket(cues.cue_rate(head.lemma_, head.pos_))}|{tok.dep_}")
    if tok.dep_ in {"conj", "xcomp", "advcl"} and not any(
        c.dep_ in {"nsubj", "nsubjpass"} for c in tok.children
    ):
        inherited = next((c for c in head.children if c.dep_ == "nsubj"), None)
        kind = (inherited.ent_type_ or inherited.pos_) if inherited is not None else "none"
        out.append(f"inh_subj={kind}")
    sent = tok.sent
    quoted = any(sent.start_char <= qs for qs, _ in overlapping(quotes, *_chars(sent)))
    out.append(f"sent_quote={quoted}")
    return out


@lru_cache(maxsize=1)
def _model() -> dict:
    path = files("claimgraph.extract") / "data" / MODEL_FILE
    return json.loads(path.read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def weights() -> dict[str, float]:
    return {k: float(v) for k, v in _model()["weights"].items()}


def threshold() -> float:
    """Least probability for a candidate to be taken as a cue.

    Learned with the weights (``scripts/learn_cues.py``): the value that maximises the mean
    strict F1 of source, cue and content over PolNeAR train, scored with out-of-fold
    probabilities (5 folds by article) so that the model never scores its own training data.
    """
    return float(_model().get("threshold", DEFAULT_THRESHOLD))


def probability(tok: Token, quotes: list[tuple[int, int]]) -> float:
    w = weights()
    z = sum(w.get(f, 0.0) for f in features(tok, quotes))
    return 1.0 / (1.0 + math.exp(-max(min(z, 30.0), -30.0)))
