"""`claimgraph eval case2021`: event sub-type of news snippets (CASE 2021 task 2).

Data: ``<benchmarks>/case2021-event-types/dev.tsv`` (``id``, ``EventSnippet``, ``SubType``):
509 snippets labelled with 25 ACLED sub-types plus five CASE extensions (DIPLO, ATTRIB,
ORG_CRIME, NATURAL_DISASTER, MAN_MADE_DISASTER). Each snippet is parsed and classified by
:func:`claimgraph.extract.events.classify_doc`: every trigger of the PLOVER lexicon votes
for its ACLED sub-type (refined by its sentence), the strongest wins. No training: the
lexicons are written from the ACLED codebook definitions. Scores: weighted F1 (the shared
task's measure), macro F1 and accuracy, with per-label figures.
"""

from __future__ import annotations

import csv
import time
from collections import Counter
from pathlib import Path
from typing import Any

from claimgraph.errors import BenchmarkDataMissing
from claimgraph.eval.command import scored_command
from claimgraph.settings import get_settings

FOLDER = "case2021-event-types"


def default_path() -> Path:
    return get_settings().benchmarks_dir / FOLDER / "dev.tsv"


def load(path: Path | None = None) -> list[tuple[str, str, str]]:
    """``(id, snippet, label)`` rows of the CASE 2021 file."""
    path = path or default_path()
    if path.is_dir():
        path = path / "dev.tsv"
    if not path.is_file():
        raise BenchmarkDataMissing(f"CASE 2021 event types not found at {path}")
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)
        return [(r["id"], r["EventSnippet"], r["SubType"].strip()) for r in reader]


def f1_scores(gold: list[str], predicted: list[str]) -> dict[str, Any]:
    """Weighted and macro F1 (over gold labels), accuracy and per-label P/R/F1."""
    labels = sorted(set(gold))
    support = Counter(gold)
    per_label: dict[str, dict[str, float]] = {}
    for label in labels:
        tp = sum(1 for g, p in zip(gold, predicted, strict=True) if g == p == label)
        n_pred = sum(1 for p in predicted if p == label)
        precision = tp / n_pred if n_pred else 0.0
        recall = tp / support[label]
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        per_label[label] = {
            "precision": round(precision, 4),
            "recall": round(recall, 4),
            "f1": round(f1, 4),
            "support": support[label],
        }
    total = len(gold)
    weighted = sum(per_label[lb]["f1"] * support[lb] for lb in labels) / total if total else 0.0
    macro = sum(per_label[lb]["f1"] for lb in labels) / len(labels) if labels else 0.0
    accuracy = sum(1 for g, p in zip(gold, predicted, strict=True) if g == p) / total
    return {
        "weighted_f1": round(weighted, 4),
        "macro_f1": round(macro, 4),
        "accuracy": round(accuracy, 4),
        "per_label": per_label,
    }


def evaluate(path: Path | None = None, limit: int | None = None) -> dict[str, Any]:
    """Classify every snippet and score against the gold sub-types."""
    from claimgraph.extract.events import classify_doc
    from claimgraph.nlp import load_nlp

    rows = load(path)[:limit] if limit else load(path)
    nlp = load_nlp()
    started = time.perf_counter()
    predicted = [classify_doc(doc)[0] for doc in nlp.pipe(r[1] for r in rows)]
    elapsed = time.perf_counter() - started
    gold = [r[2] for r in rows]
    result = f1_scores(gold, predicted)
    confusions = Counter((g, p) for g, p in zip(gold, predicted, strict=True) if g != p)
    result.update(
        {
            "dataset": "CASE 2021 task 2 dev",
            "snippets": len(rows),
            "seconds": round(elapsed, 2),
            "top_confusions": [
                {"gold": g, "predicted": p, "count": n} for (g, p), n in confusions.most_common(10)
            ],
        }
    )
    return result


def format_table(result: dict[str, Any]) -> str:
    lines = [
        f"{result['dataset']}: {result['snippets']} snippets in {result['seconds']} s",
        f"weighted F1 {result['weighted_f1']:.3f}   macro F1 {result['macro_f1']:.3f}   "
        f"accuracy {result['accuracy']:.3f}",
        "",
        f"{'label':32} {'P':>6} {'R':>6} {'F1':>6} {'n':>4}",
    ]
    for label, s in sorted(result["per_label"].items(), key=lambda kv: -kv[1]["support"]):
        lines.append(
            f"{label:32} {s['precision']:6.3f} {s['recall']:6.3f} {s['f1']:6.3f} {s['support']:4d}"
        )
    lines.append("")
    lines.append("top confusions (gold -> predicted):")
    lines.extend(
        f"  {c['gold']} -> {c['predicted']}: {c['count']}" for c in result["top_confusions"]
    )
    return "\n".join(lines)


command = scored_command(
    "case2021",
    evaluate,
    format_table,
    help="Event sub-type of news snippets (CASE 2021): weighted F1 via the ACLED mapping.",
    path_help="dev.tsv or its folder.",
    limit_help="Only the first N snippets.",
)
