"""`claimgraph eval meantime`: time expressions normalised against the document date.

Data: ``<benchmarks>/meantime/annotation/corpus_*/*.xml`` (NewsReader MEANTIME, English
Wikinews articles in CAT XML). The document creation time (DCT) is the ``TIMEX3`` with
``functionInDocument="CREATION_TIME"``; every other ``TIMEX3`` anchored to tokens is a gold
time expression with a TIMEX3 ``value``. Timexes without tokens (annotator-added) are
skipped.

Two measures:

- **normalisation** (the headline): for each gold DATE/TIME expression, its span is given to
  :func:`claimgraph.extract.dates.normalise_span` (the text plus its clause's tense) with the
  DCT as base; accuracy is the share
  whose value equals the gold value exactly. ``lenient`` also accepts a value that is the
  gold value at a coarser precision than the gold's (gold ``2007-10-17T06:40Z``, predicted
  ``2007-10-17``). DURATION and SET expressions are counted apart (claimgraph does not
  normalise durations; they are reported as misses). Reported beside it, not scored in the
  headline: ``duration_accuracy``, the share of gold DURATION values that
  :func:`claimgraph.extract.dates.duration` reads from the span ("two years" -> ``P2Y``).
- **end to end**: the article text is rebuilt from the tokens (tokens joined by spaces,
  sentences by newlines), parsed, and :func:`claimgraph.extract.dates.extract_dates` finds
  expressions; a prediction matches a gold DATE/TIME when their spans overlap (one-to-one).
  Detection precision/recall/F1, and value accuracy over the matched pairs. Expressions in
  the dateline (the DCT itself) are left out. MEANTIME does not mark every date of a text
  (many "in 2006" are unannotated), so detection precision is a lower bound.
"""

from __future__ import annotations

import time
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from claimgraph.errors import BenchmarkDataMissing
from claimgraph.eval.command import scored_command
from claimgraph.settings import get_settings


@dataclass
class Timex:
    text: str
    type: str
    value: str
    start: int  # character offsets in the rebuilt text
    end: int


@dataclass
class Article:
    name: str
    text: str
    dct: str
    dct_span: tuple[int, int] = (0, 0)
    timexes: list[Timex] = field(default_factory=list)


def default_path() -> Path:
    return get_settings().benchmarks_dir / "meantime"


def load(path: Path | None = None) -> list[Article]:
    base = path or default_path()
    files = sorted((base / "annotation").glob("corpus_*/*.xml")) if base.is_dir() else []
    if not files:
        raise BenchmarkDataMissing(f"MEANTIME annotation files not found under {base}")
    articles = [parse_article(f) for f in files]
    return [a for a in articles if a.dct]


def parse_article(path: Path) -> Article:
    """Tokens -> text with offsets; TIMEX3 markables -> gold expressions; the DCT."""
    root = ET.parse(path).getroot()
    pieces: list[str] = []
    offsets: dict[str, tuple[int, int]] = {}
    position = 0
    last_sentence = None
    for token in root.iter("token"):
        sentence = token.get("sentence")
        if pieces:
            sep = "\n" if sentence != last_sentence else " "
            pieces.append(sep)
            position += 1
        last_sentence = sentence
        word = token.text or ""
        offsets[token.get("t_id", "")] = (position, position + len(word))
        pieces.append(word)
        position += len(word)
    text = "".join(pieces)
    article = Article(path.stem, text, "")
    markables = root.find("Markables")
    for timex in markables.iter("TIMEX3") if markables is not None else ():
        anchors = [a.get("t_id", "") for a in timex.findall("token_anchor")]
        spans = [offsets[a] for a in anchors if a in offsets]
        start, end = (min(s for s, _ in spans), max(e for _, e in spans)) if spans else (0, 0)
        if timex.get("functionInDocument") == "CREATION_TIME":
            article.dct, article.dct_span = timex.get("value", ""), (start, end)
            continue
        if not spans:
            continue
        article.timexes.append(
            Timex(text[start:end], timex.get("type", ""), timex.get("value", ""), start, end)
        )
    return article


def value_matches(predicted: str | None, gold: str, lenient: bool = False) -> bool:
    if predicted is None:
        return False
    if predicted == gold:
        return True
    # lenient: the gold value at a coarser precision ("2007-10-17T06:40Z" ~ "2007-10-17")
    return (
        lenient
        and gold.startswith(predicted)
        and len(predicted) >= 4
        and (gold[len(predicted) : len(predicted) + 1] in ("T", ""))
    )


def _share(hits: int, total: int) -> float:
    return round(hits / total, 4) if total else 0.0


def evaluate(path: Path | None = None, limit: int | None = None) -> dict[str, Any]:
    from claimgraph.extract.dates import duration, extract_dates, normalise_span
    from claimgraph.nlp import load_nlp

    articles = load(path)[:limit] if limit else load(path)
    started = time.perf_counter()
    nlp = load_nlp()
    docs = list(nlp.pipe(a.text for a in articles))
    by_type: dict[str, list[int]] = {}
    exact = lenient = total = 0
    durations = [0, 0]
    for article, doc in zip(articles, docs, strict=True):
        for timex in article.timexes:
            value, _ = normalise_span(doc, timex.start, timex.end, article.dct)
            counts = by_type.setdefault(timex.type, [0, 0])
            counts[1] += 1
            if value_matches(value, timex.value):
                counts[0] += 1
            if timex.type == "DURATION":
                durations[1] += 1
                durations[0] += duration(timex.text) == timex.value
            if timex.type in ("DATE", "TIME"):
                total += 1
                exact += value_matches(value, timex.value)
                lenient += value_matches(value, timex.value, lenient=True)
    # end to end
    tp = n_pred = n_gold = value_ok = 0
    for article, doc in zip(articles, docs, strict=True):
        dct_start, dct_end = article.dct_span  # the dateline is the DCT, not a gold timex
        predicted = [
            r
            for r in extract_dates(doc, article.dct)
            if not (r.span.start < dct_end and dct_start < r.span.end)
        ]
        gold = [t for t in article.timexes if t.type in ("DATE", "TIME")]
        n_pred += len(predicted)
        n_gold += len(gold)
        used: set[int] = set()
        for ref in predicted:
            for i, timex in enumerate(gold):
                if i in used or not (ref.span.start < timex.end and timex.start < ref.span.end):
                    continue
                used.add(i)
                tp += 1
                value_ok += value_matches(ref.value, timex.value, lenient=True)
                break
    precision, recall = _share(tp, n_pred), _share(tp, n_gold)
    f1 = round(2 * precision * recall / (precision + recall), 4) if precision + recall else 0.0
    return {
        "dataset": "MEANTIME (English, airbus + apple)",
        "articles": len(articles),
        "seconds": round(time.perf_counter() - started, 2),
        "normalisation": {
            "date_time_expressions": total,
            "accuracy": _share(exact, total),
            "accuracy_lenient": _share(lenient, total),
            "by_type": {k: {"n": v[1], "accuracy": _share(*v)} for k, v in sorted(by_type.items())},
            "duration_accuracy": _share(*durations),
        },
        "end_to_end": {
            "gold": n_gold,
            "predicted": n_pred,
            "precision": precision,
            "recall": recall,
            "f1": f1,
            "value_accuracy_matched": _share(value_ok, tp),
        },
    }


def format_table(result: dict[str, Any]) -> str:
    norm, e2e = result["normalisation"], result["end_to_end"]
    lines = [
        f"{result['dataset']}: {result['articles']} articles in {result['seconds']} s",
        f"normalisation of gold DATE/TIME expressions (n={norm['date_time_expressions']}): "
        f"accuracy {norm['accuracy']:.3f} (lenient {norm['accuracy_lenient']:.3f})",
    ]
    for kind, v in norm["by_type"].items():
        lines.append(f"  {kind:9} n={v['n']:4d}  exact value accuracy {v['accuracy']:.3f}")
    if "duration_accuracy" in norm:
        lines.append(
            f"  durations read by extract.dates.duration (not in the headline): "
            f"{norm['duration_accuracy']:.3f}"
        )
    lines.append(
        f"end to end: detection P {e2e['precision']:.3f} R {e2e['recall']:.3f} "
        f"F1 {e2e['f1']:.3f}; value accuracy on matched {e2e['value_accuracy_matched']:.3f}"
    )
    return "\n".join(lines)


command = scored_command(
    "meantime",
    evaluate,
    format_table,
    help="TIMEX3 value accuracy on MEANTIME, given the document creation time.",
    path_help="MEANTIME folder (default: shared).",
    limit_help="Only the first N articles.",
)
