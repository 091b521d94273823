"""`claimgraph eval polnear`: attribution scores on PolNeAR (source, cue, content spans).

Data: ``<benchmarks>/polnear/<split>/text/*.txt`` and ``attributions/*.ann`` (brat). A few
articles were annotated by several annotators (same article name, different 4-character
suffix): the first annotation file in name order is kept, one per article. Gold spans are
the ``Source``, ``Cue`` and ``Content`` text-bound annotations (discontinuous spans kept as
fragments); an ``Attribution-no-source`` simply has no Source. Identical spans count once.

Each article is parsed once with ``nlp.pipe``; claimgraph's statements (speaker, cue,
content) and a baseline, textacy's ``direct_quotations`` over the same spaCy docs, are
scored under three rules side by side (see :mod:`claimgraph.eval.spans`):

- lenient: any character overlap, one-to-one matching;
- strict: overlap >= 50 % of the longer span;
- exact: identical boundaries after trimming whitespace and punctuation.

The headline figure (issue 3 targets) is the strict F1.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from claimgraph.errors import ClaimgraphError
from claimgraph.eval.spans import RULES, Fragments, Tally, fragments, unique
from claimgraph.settings import get_settings

if TYPE_CHECKING:
    from spacy.tokens import Doc

FIELDS = ("source", "cue", "content")
GOLD_TYPES = {"Source": "source", "Cue": "cue", "Content": "content"}
RECORD = re.compile(r"^(T\d+)\t(\S+) ([\d ;]+)\t", re.M)


class PolnearMissing(ClaimgraphError):
    """The PolNeAR data is not where it was looked for."""


@dataclass
class Article:
    name: str
    text: str
    gold: dict[str, list[Fragments]] = field(default_factory=dict)


def default_path() -> Path:
    return get_settings().benchmarks_dir / "polnear"


def parse_ann(ann: str) -> dict[str, list[Fragments]]:
    """Gold spans by field from a brat ``.ann`` file (only ``^T\\d+\\t`` lines are records)."""
    gold: dict[str, list[Fragments]] = {f: [] for f in FIELDS}
    for m in RECORD.finditer(ann):
        kind = GOLD_TYPES.get(m.group(2))
        if kind is None:
            continue
        frags = []
        for part in m.group(3).split(";"):
            s, e = part.split()
            frags.append((int(s), int(e)))
        gold[kind].append(tuple(sorted(frags)))
    return {k: unique(v) for k, v in gold.items()}


def load_split(split: str, path: Path | None = None, limit: int | None = None) -> list[Article]:
    base = (path or default_path()) / split
    texts, anns = base / "text", base / "attributions"
    if not texts.is_dir() or not anns.is_dir():
        raise PolnearMissing(f"PolNeAR {split} split not found under {base}")
    chosen: dict[str, Path] = {}
    for ann in sorted(anns.glob("*.ann")):
        chosen.setdefault(ann.stem[: -len("_xxxx")], ann)  # first annotator per article
    articles = []
    for name, ann in sorted(chosen.items()):
        txt = texts / f"{name}.txt"
        if not txt.exists():
            continue
        text = txt.read_text(encoding="utf-8")
        articles.append(Article(name, text, parse_ann(ann.read_text(encoding="utf-8"))))
        if limit and len(articles) >= limit:
            break
    return articles


def iter_docs(articles: list[Article]) -> Iterator[tuple[Article, Doc, float]]:
    """(article, parsed doc, seconds spent parsing it) for each article."""
    from claimgraph.nlp import load_nlp

    nlp = load_nlp()
    texts = (a.text for a in articles)
    start = time.perf_counter()
    for article, doc in zip(articles, nlp.pipe(texts, batch_size=16), strict=True):
        now = time.perf_counter()
        yield article, doc, now - start
        start = time.perf_counter()


def claimgraph_spans(
    doc: Doc, timing: dict[str, float] | None = None
) -> dict[str, list[Fragments]]:
    """Source, cue and content spans of claimgraph's statements (timing: seconds by stage)."""
    from claimgraph.extract.entities import build_entities
    from claimgraph.extract.statements import extract_statements

    t0 = time.perf_counter()
    entities = build_entities(doc)
    t1 = time.perf_counter()
    statements = extract_statements(doc, entities)
    if timing is not None:
        timing["entities"] = timing.get("entities", 0.0) + t1 - t0
        timing["statements"] = timing.get("statements", 0.0) + time.perf_counter() - t1
    out: dict[str, list[Fragments]] = {f: [] for f in FIELDS}
    for s in statements:
        if s.speaker is not None:
            out["source"].append(fragments(s.speaker.span.start, s.speaker.span.end))
        out["cue"].append(fragments(s.cue.start, s.cue.end))
        out["content"].append(fragments(s.content.start, s.content.end))
    return {k: unique(v) for k, v in out.items()}


def _has_textacy() -> bool:
    """The baseline needs textacy (a dev dependency); without it only claimgraph is scored."""
    import importlib.util

    return importlib.util.find_spec("textacy") is not None


def textacy_spans(doc: Doc) -> dict[str, list[Fragments]]:
    from textacy.extract.triples import direct_quotations

    out: dict[str, list[Fragments]] = {f: [] for f in FIELDS}
    try:
        triples = list(direct_quotations(doc))
    except ValueError:  # textacy gives up on an odd number of quote marks
        triples = []
    for triple in triples:
        for name, tokens in zip(FIELDS, triple, strict=True):
            if tokens:
                out[name].append(fragments(tokens[0].idx, tokens[-1].idx + len(tokens[-1])))
    return {k: unique(v) for k, v in out.items()}


def evaluate(split: str = "dev", path: Path | None = None, limit: int | None = None) -> dict:
    """Scores of claimgraph and the textacy baseline on a PolNeAR split, plus timings."""
    articles = load_split(split, path, limit)
    systems = ("claimgraph", "textacy") if _has_textacy() else ("claimgraph",)
    tallies = {sys: {f: {r: Tally() for r in RULES} for f in FIELDS} for sys in systems}
    seconds = {"parse": 0.0, "entities": 0.0, "statements": 0.0, "textacy": 0.0}
    for article, doc, parse_seconds in iter_docs(articles):
        seconds["parse"] += parse_seconds
        for sys in systems:
            t0 = time.perf_counter()
            predicted = (
                claimgraph_spans(doc, seconds) if sys == "claimgraph" else textacy_spans(doc)
            )
            if sys == "textacy":
                seconds[sys] += time.perf_counter() - t0
            for f in FIELDS:
                for r in RULES:
                    tallies[sys][f][r].add(predicted[f], article.gold[f], article.text, r)
    return {
        "split": split,
        "articles": len(articles),
        "rules": list(RULES),
        "scores": {
            sys: {f: {r: t.scores() for r, t in by_rule.items()} for f, by_rule in by_f.items()}
            for sys, by_f in tallies.items()
        },
        "seconds": {k: round(v, 2) for k, v in seconds.items()},
        "statements_over_parse": round(
            (seconds["parse"] + seconds["statements"]) / seconds["parse"], 3
        )
        if seconds["parse"]
        else None,
    }


def format_table(result: dict[str, Any]) -> str:
    lines = [f"PolNeAR {result['split']}: {result['articles']} articles"]
    header = f"{'system':<11} {'field':<8} " + " ".join(f"{r + ' P/R/F1':>22}" for r in RULES)
    lines.append(header)
    for sys, by_field in result["scores"].items():
        for f, by_rule in by_field.items():
            cells = " ".join(
                f"{s['precision']:>6.3f} {s['recall']:>6.3f} {s['f1']:>6.3f}   "
                for s in by_rule.values()
            )
            lines.append(f"{sys:<11} {f:<8} {cells}")
    sec = result["seconds"]
    lines.append(
        f"seconds: parse {sec['parse']}, statements {sec['statements']}, entities "
        f"{sec['entities']}, textacy {sec['textacy']}; "
        f"(parse + statements) / parse = {result['statements_over_parse']}"
    )
    return "\n".join(lines)


@click.command(name="polnear")
@click.option("--split", default="dev", show_default=True, type=click.Choice(["dev", "train"]))
@click.option("--path", type=click.Path(path_type=Path), help="PolNeAR folder (default: shared).")
@click.option("--limit", type=int, default=None, help="Only the first N articles.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table")
def command(split: str, path: Path | None, limit: int | None, fmt: str) -> None:
    """Score statements (source, cue, content) against PolNeAR gold spans."""
    try:
        result = evaluate(split, path, limit)
    except PolnearMissing as exc:
        click.echo(f"skipped: {exc}", err=True)
        return
    click.echo(json.dumps(result, indent=2) if fmt == "json" else format_table(result))
