"""`claimgraph eval quantities`: claim-bearing numbers found, per kind, with their precision.

Data: the ecbplus-claims gold (``<benchmarks>/ecbplus-claims/dev``, 233 ECB+ documents), which
marks every number that states a claim (a death toll, an age, a sentence length, a sum of
money, a magnitude ...) with its value and kind, and leaves out numbers that state none
(phone numbers, addresses, clock times, scores of a game that is not the story's). Each text
goes through the whole extraction (:func:`claimgraph.pipeline.extract_document`); its
``quantities`` are the predictions.

- **recall**: gold mentions matched by a prediction whose span overlaps and whose value fits
  (the matching of :func:`claimgraph.eval.claims.match`), overall and per gold kind (count,
  duration, measure, money, age, percent, rank);
- **precision**: predictions that match a gold mention, over all predictions; a prediction
  that overlaps a gold mention with another value is wrong, one that overlaps none is a
  number the gold does not take for a claim;
- **value accuracy**: among gold mentions overlapped by a prediction, the share matched;
- **statement share**: predictions tied to a statement (said by someone), and of the matched
  ones.

Unlike ``claimgraph eval claims`` nothing is stored or aligned, so it isolates extraction.
"""

from __future__ import annotations

import json
import time
from collections import Counter
from pathlib import Path
from typing import Any

from claimgraph.eval.claims import GoldMention, Prediction, data_dir, load_gold, match
from claimgraph.eval.command import scored_command
from claimgraph.models import Document


def kinds_of(folder: Path) -> dict[str, str]:
    """Gold quantity id -> its kind (count, duration, money, ...)."""
    gold = json.loads((folder / "gold.json").read_text(encoding="utf-8"))
    return {q["id"]: q.get("kind") or "other" for q in gold["quantities"]}


def score(
    gold: list[GoldMention],
    predicted: list[Prediction],
    kinds: dict[str, str],
    in_statement: set[str] | None = None,
) -> dict[str, Any]:
    """Recall (overall and per kind), precision, F1 and value accuracy of ``predicted``
    numbers against ``gold`` mentions; ``in_statement``: ids of predictions tied to a
    statement."""
    matched, overlapped = match(gold, predicted)
    used = {p.id for p in matched.values()}
    total: Counter[str] = Counter()
    found: Counter[str] = Counter()
    for g in gold:
        kind = kinds.get(g.quantity, "other")
        total[kind] += 1
        found[kind] += g.id in matched
    recall = len(matched) / len(gold) if gold else 0.0
    precision = len(used) / len(predicted) if predicted else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    stated = in_statement or set()
    return {
        "gold_mentions": len(gold),
        "predicted": len(predicted),
        "matched": len(matched),
        "recall": round(recall, 4),
        "precision": round(precision, 4),
        "f1": round(f1, 4),
        "value_accuracy": round(len(matched) / len(overlapped), 4) if overlapped else 0.0,
        "recall_by_kind": {
            k: {"gold": total[k], "recall": round(found[k] / total[k], 4)}
            for k in sorted(total, key=lambda k: -total[k])
        },
        "in_statement": {
            "predicted": round(len(stated) / len(predicted), 4) if predicted else 0.0,
            "matched": round(len(stated & used) / len(used), 4) if used else 0.0,
        },
    }


def evaluate(path: Path | None = None, limit: int | None = None) -> dict[str, Any]:
    from claimgraph.pipeline import extract_document

    started = time.perf_counter()
    folder = data_dir(path)
    texts, gold = load_gold(folder, limit)
    predicted: list[Prediction] = []
    stated: set[str] = set()
    for key, text in texts.items():
        record = extract_document(Document(source=key, text=text))
        for q in record.quantities:
            pid = f"{key}:{q.id}"
            predicted.append(
                Prediction(pid, key, q.span.start, q.span.end, q.value, low=q.low, high=q.high)
            )
            if q.statement:
                stated.add(pid)
    return {
        "benchmark": "ecbplus-claims dev (claim-bearing numbers)",
        "documents": len(texts),
        **score(gold, predicted, kinds_of(folder), stated),
        "seconds": round(time.perf_counter() - started, 1),
    }


def format_table(result: dict[str, Any]) -> str:
    lines = [
        f"{result['benchmark']}: {result['documents']} documents in {result['seconds']} s",
        f"recall {result['recall']:.3f}   precision {result['precision']:.3f}   "
        f"F1 {result['f1']:.3f}   value accuracy {result['value_accuracy']:.3f}",
        f"({result['matched']} of {result['gold_mentions']} gold mentions, "
        f"{result['predicted']} numbers extracted)",
        "",
        f"{'kind':<10} {'recall':>7} {'n':>5}",
    ]
    for kind, row in result["recall_by_kind"].items():
        lines.append(f"{kind:<10} {row['recall']:>7.3f} {row['gold']:>5}")
    share = result["in_statement"]
    lines.append("")
    lines.append(
        f"tied to a statement: {share['predicted']:.3f} of the numbers extracted, "
        f"{share['matched']:.3f} of those matched"
    )
    return "\n".join(lines)


command = scored_command(
    "quantities",
    evaluate,
    format_table,
    help="Claim-bearing numbers on ecbplus-claims dev: recall per kind, precision, value "
    "accuracy (extraction only, nothing stored).",
    path_help="ecbplus-claims folder (with dev/gold.json) or its dev folder.",
    limit_help="Only the first N documents (gold order).",
)
