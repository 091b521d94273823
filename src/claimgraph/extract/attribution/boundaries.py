"""Learned span boundaries: the rules find a statement, a model places its edges.

The dependency rules (:mod:`claimgraph.extract.statements`) are good at *finding* a
speaker, a cue and a content, and weaker at where each span starts and ends: whether a
content takes a trailing adverbial clause, whether a speaker takes its title, whether a
content split by a medial cue ("The test, the ministry said, was its largest") is one span.
Annotators follow conventions that are easier to learn than to write down.

For each of the three fields and each side (start, end) a ranker scores the token positions
within :data:`WINDOW` tokens of the rules' boundary on the same line; the best-scoring one
becomes the boundary. Each candidate is described by sparse string features (its words and
tags, the dependency relation of the constituent it opens or closes, its distance from the
rules' boundary, whether it crosses the cue, the speaker, a quotation mark, a sentence
start or a comma) and scored by a dot product with learned weights: a binary logistic
regression per (field, side) fitted on PolNeAR **train** (label: the candidate is the gold
boundary of the gold span the rules' span overlaps most) by ``scripts/train_attribution.py``
(``make train-attribution``), its regularisation chosen on dev. The weights live in
``extract/data/attribution_model.json``; scoring needs nothing beyond the parse.

Set ``CLAIMGRAPH_ATTRIBUTION_MODEL=0`` (settings ``attribution_model``) for the rules alone.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING

from claimgraph.errors import ModelError

if TYPE_CHECKING:
    from spacy.tokens import Doc

MODEL_FILE = "attribution_model.json"
FIELDS = ("source", "cue", "content")
SIDES = ("start", "end")
# Candidate positions on each side of the rules' boundary, in tokens: the model was trained
# over 12 (TRAIN_WINDOW); scoring looks 8 either way, as accurate on PolNeAR dev (exact F1
# within 0.002 per field) for two thirds of the candidates.
WINDOW = 8
TRAIN_WINDOW = 12
QUOTE_MARKS = "\"'\u2018\u2019\u201c\u201d\u00ab\u00bb`"
CLAUSES = {"ccomp", "advcl", "relcl", "acl", "conj", "xcomp", "prep"}
REBUILD = "rebuild it with `make train-attribution` (needs the PolNeAR data)"


@dataclass(frozen=True)
class Context:
    """The rules' spans of one statement, as token ranges [start, end) (end exclusive)."""

    cue: tuple[int, int]
    speaker: tuple[int, int] | None
    content: tuple[int, int]

    def spans(self) -> list[tuple[str, tuple[int, int] | None]]:
        return [("cue", self.cue), ("source", self.speaker), ("content", self.content)]


def _bucket(n: int) -> str:
    a = abs(n)
    b = str(a) if a <= 3 else "4-6" if a <= 6 else "7-12" if a <= 12 else "13+"
    return ("-" if n < 0 else "+" if n > 0 else "") + b


class DocInfo:
    """The token attributes the features read, as plain lists (one pass over the Doc):
    creating spaCy Token objects is the cost of scoring, not the arithmetic."""

    def __init__(self, doc: Doc) -> None:
        self.n = n = len(doc)
        self.lower: list[str] = []
        self.text: list[str] = []
        self.pos: list[str] = []
        self.tag: list[str] = []
        self.dep: list[str] = []
        self.punct: list[bool] = []
        self.space: list[bool] = []
        self.head: list[int] = []
        self.left: list[int] = []
        self.right: list[int] = []
        self.sent_start: list[bool] = []
        ws: list[str] = []
        for t in doc:  # one pass: each Token object is made once
            self.lower.append(t.lower_)
            self.text.append(t.text)
            self.pos.append(t.pos_)
            self.tag.append(t.tag_)
            self.dep.append(t.dep_)
            self.punct.append(t.is_punct)
            self.space.append(t.is_space)
            self.head.append(t.head.i)
            self.left.append(t.left_edge.i)
            self.right.append(t.right_edge.i)
            self.sent_start.append(bool(t.is_sent_start))
            ws.append(t.whitespace_)
        self.sent_of = [0] * n
        start = 0
        for i in range(n):
            if self.sent_start[i]:
                start = i
            self.sent_of[i] = start
        self.quote = [bool(x) and x[0] in QUOTE_MARKS for x in self.text]
        self.ends_sent = [i + 1 >= n or self.sent_start[i + 1] for i in range(n)]
        # a line break in token i or after it (going left), after it or in token i + 1 (right)
        self.break_after = ["\n" in self.text[i] + ws[i] for i in range(n)]
        self.break_before_next = [
            "\n" in ws[i] + (self.text[i + 1] if i + 1 < n else "") for i in range(n)
        ]


def _constituent(info: DocInfo, i: int, side: str, lo: int, hi: int) -> int | None:
    """The highest token whose subtree starts (side=start) or ends (side=end) at ``i`` and
    lies within [lo, hi): the constituent that this boundary opens or closes."""
    best = None
    cur = i
    for _ in range(12):
        edge = info.left[cur] if side == "start" else info.right[cur]
        if edge != i or info.left[cur] < lo or info.right[cur] >= hi:
            break
        best = cur
        if info.head[cur] == cur:
            break
        cur = info.head[cur]
    return best


def _crosses(a: int, b: int, span: tuple[int, int] | None) -> bool:
    """Moving a boundary from token ``a`` to token ``b`` passes over part of ``span``."""
    if span is None:
        return False
    lo, hi = min(a, b), max(a, b)
    return span[0] < hi and lo < span[1]


def static_features(info: DocInfo, field: str, side: str, cand: int) -> list[str]:
    """Features of a candidate that do not depend on the rules' span: its words and tags
    and those of the token outside it. Cached per document by :class:`Scorer`."""
    outer = cand - 1 if side == "start" else cand + 1
    has_out = 0 <= outer < info.n
    o_pos = info.pos[outer] if has_out else "<edge>"
    feats = [
        "bias",
        f"w={info.lower[cand]}",
        f"pos={info.pos[cand]}",
        f"tag={info.tag[cand]}",
        f"dep={info.dep[cand]}",
        f"o={info.lower[outer] if has_out else '<edge>'}",
        f"opos={o_pos}",
        f"pos_opos={info.pos[cand]}|{o_pos}",
    ]
    # the token just inside the span on the other side of the boundary
    inner = cand + 1 if side == "start" and cand + 1 < info.n else None
    if side == "end" and cand > 0:
        inner = cand - 1
    if inner is not None:
        feats.append(f"i={info.lower[inner] if info.punct[inner] else info.pos[inner]}")
    if has_out:
        feats.append(f"o_dep={info.dep[outer]}")
        if info.quote[outer]:
            feats.append("o_quote")
    if info.quote[cand]:
        feats.append("quote_mark")
    if side == "start" and info.sent_start[cand]:
        feats.append("sent_start")
    if side == "end" and info.ends_sent[cand]:
        feats.append("sent_end")
    return [f"{field}|{side}|{f}" for f in feats]


def dynamic_features(
    info: DocInfo,
    field: str,
    side: str,
    cand: int,
    rule: int,
    ctx: Context,
    lo: int,
    hi: int,
) -> list[str]:
    """Features of a candidate against the rules' boundary ``rule`` and the statement's
    other spans: distance, the constituent opened or closed, what the move passes over."""
    delta = cand - rule
    d = _bucket(delta)
    feats = [f"d={d}"]
    if delta == 0:
        feats.append("rule")
    const = _constituent(info, cand, side, lo, hi)
    const_dep = info.dep[const] if const is not None else "none"
    feats.append(f"const={const_dep}")
    feats.append(f"const_d={const_dep}|{d}")
    if const is not None:
        head = info.head[const]
        feats.append(f"const_head={info.dep[head]}|{const_dep}")
        if ctx.cue[0] <= head < ctx.cue[1]:  # a dependent of the cue opens/closes here
            feats.append(f"cue_child={const_dep}|{d}")
    outer = cand - 1 if side == "start" else cand + 1
    if 0 <= outer < info.n and info.punct[outer]:
        feats.append(f"o_punct={info.text[outer]}|{d}")
    if side == "start" and info.sent_start[cand]:
        feats.append(f"sent_start_d={d}")
    if side == "end" and info.ends_sent[cand]:
        feats.append(f"sent_end_d={d}")
    others = [(name, span) for name, span in ctx.spans() if name != field]
    # what the move passes over: the tokens that join or leave the span
    if delta != 0:
        sign = "+" if delta > 0 else "-"
        if side == "start":
            region = (cand, rule) if delta < 0 else (rule, cand)
        else:
            region = (rule + 1, cand + 1) if delta > 0 else (cand + 1, rule + 1)
        a, b = region
        if info.sent_of[cand] != info.sent_of[rule]:
            feats.append(f"x_sent|{sign}")
        if "," in info.text[a:b]:
            feats.append(f"x_comma|{sign}")
        if any(info.quote[a:b]):
            feats.append(f"x_quote|{sign}")
        for dep in sorted({x for x in info.dep[a:b] if x in CLAUSES}):
            feats.append(f"x_dep={dep}|{sign}")
        for name, span in others:
            if _crosses(a, b, span):
                feats.append(f"x_{name}|{sign}")
    # where the candidate lies relative to the other spans
    for name, span in others:
        if span is None:
            continue
        rel = "before" if cand < span[0] else "after" if cand >= span[1] else "in"
        feats.append(f"rel_{name}={rel}")
        feats.append(f"rel_{name}_d={rel}|{d}")
    return [f"{field}|{side}|{f}" for f in feats]


def features(
    info: DocInfo, field: str, side: str, cand: int, rule: int, ctx: Context, lo: int, hi: int
) -> list[str]:
    """All sparse features of candidate boundary token ``cand`` (first token of the span for
    side=start, last for side=end) against the rules' boundary token ``rule``."""
    return static_features(info, field, side, cand) + dynamic_features(
        info, field, side, cand, rule, ctx, lo, hi
    )


def candidates(info: DocInfo, rule: int, window: int = WINDOW) -> list[int]:
    """Token positions within WINDOW of ``rule`` on its line (no line break crossed),
    skipping spaces and punctuation (an annotated span never starts or ends on those)."""
    lo = rule
    while lo > 0 and rule - lo < window and not info.break_after[lo - 1]:
        lo -= 1
    hi = rule
    while hi + 1 < info.n and hi - rule < window and not info.break_before_next[hi]:
        hi += 1
    return [i for i in range(lo, hi + 1) if not info.space[i] and (not info.punct[i] or i == rule)]


def model_path() -> Path:
    """Where the shipped model file is (inside the installed package)."""
    return Path(str(files("claimgraph.extract") / "data" / MODEL_FILE))


@lru_cache(maxsize=1)
def _model() -> dict:
    path = model_path()
    try:
        model = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ModelError(f"attribution model {path} is missing; {REBUILD}") from exc
    except (ValueError, UnicodeDecodeError) as exc:
        raise ModelError(f"attribution model {path} is corrupt ({exc}); {REBUILD}") from exc
    if not isinstance(model, dict) or not isinstance(model.get("weights"), dict):
        raise ModelError(f"attribution model {path} has no weights; {REBUILD}")
    return model


@lru_cache(maxsize=1)
def weights() -> dict[str, float]:
    try:
        return {k: float(v) for k, v in _model()["weights"].items()}
    except (TypeError, ValueError) as exc:
        raise ModelError(f"attribution model {model_path()} is corrupt ({exc}); {REBUILD}") from exc


def _score(feats: list[str], w: dict[str, float]) -> float:
    return sum(w.get(f, 0.0) for f in feats)


class Scorer:
    """Scores candidate boundaries in one document; the static part of each candidate's
    score (its words and tags) is computed once per (token, field, side)."""

    def __init__(self, doc: Doc, text: str | None = None) -> None:
        self.doc = doc
        self.text = doc.text if text is None else text  # Doc.text is rebuilt on every read
        self.info = DocInfo(doc)
        self.w = weights()
        self._static: dict[tuple[int, str, str], float] = {}

    def static(self, field: str, side: str, cand: int) -> float:
        key = (cand, field, side)
        z = self._static.get(key)
        if z is None:
            z = _score(static_features(self.info, field, side, cand), self.w)
            self._static[key] = z
        return z

    def best(self, field: str, side: str, rule: int, ctx: Context, lo: int, hi: int) -> int:
        """The highest-scoring candidate for one boundary (the rules' one on a tie)."""
        info, w = self.info, self.w
        best, best_z = rule, -math.inf
        for cand in candidates(info, rule):
            z = self.static(field, side, cand) + _score(
                dynamic_features(info, field, side, cand, rule, ctx, lo, hi), w
            )
            if z > best_z + 1e-9 or (cand == rule and z >= best_z - 1e-9):
                best, best_z = cand, z
        return best


def token_range(doc: Doc, start: int, end: int) -> tuple[int, int] | None:
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    return span.start, span.end


def adjust(scorer: Scorer, field: str, span: tuple[int, int], ctx: Context) -> tuple[int, int]:
    """New character boundaries of one span (``span`` and ``ctx`` in tokens, end exclusive).

    A quotation mark right outside a moved content boundary comes along (content keeps its
    marks; a cue or a speaker never takes one).
    """
    doc = scorer.doc
    s_tok, e_tok = span
    lo = min(x for x in (ctx.cue[0], ctx.content[0], *(ctx.speaker or ())) if x is not None)
    hi = max(x for x in (ctx.cue[1], ctx.content[1], *(ctx.speaker or ())) if x is not None)
    lo, hi = max(lo - TRAIN_WINDOW, 0), min(hi + TRAIN_WINDOW, len(doc))
    rule_start = _first_word(doc, s_tok, e_tok)
    rule_end = _last_word(doc, s_tok, e_tok)
    start = scorer.best(field, "start", rule_start, ctx, lo, hi)
    end = scorer.best(field, "end", rule_end, ctx, lo, hi)
    if end < start:  # the two sides disagree: keep the rules' span
        start, end = rule_start, rule_end
    start_tok, end_tok = doc[start], doc[end]
    s_char = doc[s_tok].idx if start == rule_start else start_tok.idx
    e_char = (
        doc[e_tok - 1].idx + len(doc[e_tok - 1]) if end == rule_end else end_tok.idx + len(end_tok)
    )
    if field != "content":
        return s_char, e_char
    if start != rule_start and start > 0:
        prev = doc[start - 1]
        if prev.text and prev.text[0] in QUOTE_MARKS and not prev.whitespace_:
            s_char = prev.idx
    if end != rule_end and end + 1 < len(doc):
        nxt = doc[end + 1]
        if nxt.text and nxt.text[0] in QUOTE_MARKS and not end_tok.whitespace_:
            e_char = nxt.idx + len(nxt)
    return s_char, e_char


def _first_word(doc: Doc, s: int, e: int) -> int:
    for i in range(s, e):
        if not (doc[i].is_punct or doc[i].is_space):
            return i
    return s


def _last_word(doc: Doc, s: int, e: int) -> int:
    for i in range(e - 1, s - 1, -1):
        if not (doc[i].is_punct or doc[i].is_space):
            return i
    return max(e - 1, s)
