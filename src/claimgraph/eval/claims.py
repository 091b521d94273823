"""`claimgraph eval claims`: numeric claims across articles scored on ECB+ (ecbplus-claims).

Data: ``<benchmarks>/ecbplus-claims/dev`` (``gold.json`` and ``text/<doc>.txt``). The texts
are ingested into a temporary SQLite store through the path ``claimgraph ingest`` takes
(``ingest_documents``), ``store.analyse()`` runs, and the exported ``quantities`` (spans,
values, claim ids) and numeric ``contradictions`` are scored as the benchmark's README says:

- **match**: a predicted number span matches a gold mention of the same document when the
  spans overlap and the predicted value equals the gold value or lies in its [low, high]
  (high null: no upper bound; a prediction with only a range is compared by its low end);
  each gold mention and each prediction is used once, best overlap first;
- **mention recall**: gold mentions matched; **value accuracy**: among gold mentions
  overlapped by some prediction, the share matched (whose value fits);
- **links**: pairs of matched predictions in different documents put in the same claim;
  correct when their gold mentions state the same quantity; precision over those pairs,
  recall over all gold same-quantity pairs;
- **disagreements**: numeric contradictions whose two sides are matched mentions in
  different documents, against the gold disagreement pairs (same quantity, intervals that
  do not overlap: exact [v, v], approximate [0.9 v, 1.1 v], at_least [v, inf), at_most
  [0, v], range and vague [low, high or inf]).

All topics go into one store (as a user's corpus would); a pair counts for a topic when
both its documents are of that topic, and for the overall figures always.
"""

from __future__ import annotations

import json
import tempfile
import time
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path
from typing import Any

from claimgraph.errors import BenchmarkDataMissing
from claimgraph.eval.command import scored_command
from claimgraph.models import Document
from claimgraph.settings import get_settings

INF = float("inf")
APPROX_TOLERANCE = 0.1  # gold "approximate": [0.9 v, 1.1 v]


@dataclass(frozen=True)
class GoldMention:
    id: str
    doc: str
    start: int
    end: int
    quantity: str
    value: float
    low: float | None
    high: float | None
    approx: str
    text: str = ""


@dataclass(frozen=True)
class Prediction:
    """One number the system exported: its span, value and claim (None: in no claim)."""

    id: str
    doc: str
    start: int
    end: int
    value: float | None
    low: float | None = None
    high: float | None = None
    claim: str | None = None


def topic_of(doc: str) -> str:
    return doc.split("_", 1)[0]


def data_dir(path: Path | None = None) -> Path:
    folder = path or get_settings().benchmarks_dir / "ecbplus-claims" / "dev"
    if (folder / "dev" / "gold.json").is_file():
        folder = folder / "dev"
    if not (folder / "gold.json").is_file():
        raise BenchmarkDataMissing(f"ecbplus-claims gold.json not found in {folder}")
    return folder


def load_gold(folder: Path, limit: int | None = None) -> tuple[dict[str, str], list[GoldMention]]:
    """(document key -> text, gold mentions) of a benchmark folder; with ``limit``, only the
    first ``limit`` documents and their mentions."""
    gold = json.loads((folder / "gold.json").read_text(encoding="utf-8"))
    documents = gold["documents"][:limit] if limit else gold["documents"]
    texts = {doc: (folder / "text" / f"{doc}.txt").read_text(encoding="utf-8") for doc in documents}
    mentions = [
        GoldMention(
            id=m["id"],
            doc=m["doc"],
            start=m["start"],
            end=m["end"],
            quantity=m["quantity"],
            value=float(m["value"]),
            low=None if m.get("low") is None else float(m["low"]),
            high=None if m.get("high") is None else float(m["high"]),
            approx=m.get("approx") or "exact",
            text=m.get("text", ""),
        )
        for m in gold["mentions"]
        if m["doc"] in texts
    ]
    return texts, mentions


def gold_interval(m: GoldMention) -> tuple[float, float]:
    """The values a gold mention allows after its approximation (README, derived pairs)."""
    if m.approx == "approximate":
        return (m.value * (1 - APPROX_TOLERANCE), m.value * (1 + APPROX_TOLERANCE))
    if m.approx == "at_least":
        return (m.value, INF)
    if m.approx == "at_most":
        return (0.0, m.value)
    if m.approx in {"range", "vague"}:
        low = m.value if m.low is None else m.low
        return (low, INF if m.high is None else m.high)
    return (m.value, m.value)


def disagree(a: GoldMention, b: GoldMention) -> bool:
    (a0, a1), (b0, b1) = gold_interval(a), gold_interval(b)
    return a1 < b0 or b1 < a0


def value_fits(pred: Prediction, gold: GoldMention) -> bool:
    """The predicted value (its low end when it gives only a range) equals the gold value or
    lies in the gold [low, high]."""
    value = pred.value if pred.value is not None else pred.low
    if value is None:
        return False
    if abs(value - gold.value) <= 1e-9 * max(1.0, abs(gold.value)):
        return True
    if gold.low is not None:
        high = INF if gold.high is None else gold.high
        return gold.low - 1e-9 <= value <= high + 1e-9
    return False


def _overlap(a: GoldMention, b: Prediction) -> int:
    return min(a.end, b.end) - max(a.start, b.start)


def match(
    gold: Iterable[GoldMention], predicted: Iterable[Prediction]
) -> tuple[dict[str, Prediction], set[str]]:
    """(gold mention id -> its matched prediction, ids of gold mentions overlapped by some
    prediction). Candidates overlap and fit; best overlap first (then the shorter
    prediction, then positions), each side used once."""
    by_doc: dict[str, list[Prediction]] = defaultdict(list)
    for p in predicted:
        by_doc[p.doc].append(p)
    matched: dict[str, Prediction] = {}
    overlapped: set[str] = set()
    gold_by_doc: dict[str, list[GoldMention]] = defaultdict(list)
    for g in gold:
        gold_by_doc[g.doc].append(g)
    for doc, golds in gold_by_doc.items():
        candidates = []
        for g in golds:
            for p in by_doc.get(doc, ()):
                n = _overlap(g, p)
                if n <= 0:
                    continue
                overlapped.add(g.id)
                if value_fits(p, g):
                    candidates.append((-n, p.end - p.start, g.start, p.start, g, p))
        candidates.sort(key=lambda c: c[:4])
        used: set[str] = set()
        for *_, g, p in candidates:
            if g.id in matched or p.id in used:
                continue
            matched[g.id] = p
            used.add(p.id)
    return matched, overlapped


def _prf(correct: int, predicted: int, gold: int) -> dict[str, Any]:
    p = correct / predicted if predicted else 0.0
    r = correct / gold if gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {
        "precision": round(p, 4),
        "recall": round(r, 4),
        "f1": round(f, 4),
        "correct": correct,
        "predicted": predicted,
        "gold": gold,
    }


def _ratio(n: int, d: int) -> float:
    return round(n / d, 4) if d else 0.0


def _pair(a: str, b: str) -> tuple[str, str]:
    return (a, b) if a <= b else (b, a)


def score(
    gold: list[GoldMention],
    predicted: list[Prediction],
    contradictions: Iterable[tuple[str, str]] = (),
    *,
    examples: int = 8,
) -> dict[str, Any]:
    """Scores of ``predicted`` numbers (with their claims) and ``contradictions`` (pairs of
    prediction ids) against ``gold``: overall and per topic."""
    matched, overlapped = match(gold, predicted)
    gold_of = {p.id: gold_by_id for gold_by_id, p in matched.items()}  # prediction -> gold id
    by_id = {g.id: g for g in gold}
    topics = sorted({topic_of(g.doc) for g in gold}, key=lambda t: (len(t), t))

    gold_pairs: set[tuple[str, str]] = set()
    gold_disagree: set[tuple[str, str]] = set()
    by_quantity: dict[str, list[GoldMention]] = defaultdict(list)
    for g in gold:
        by_quantity[g.quantity].append(g)
    for members in by_quantity.values():
        for a, b in combinations(members, 2):
            if a.doc != b.doc:
                gold_pairs.add(_pair(a.id, b.id))
                if disagree(a, b):
                    gold_disagree.add(_pair(a.id, b.id))

    predicted_pairs: set[tuple[str, str]] = set()
    by_claim: dict[str, list[str]] = defaultdict(list)
    for p in predicted:
        if p.claim and p.id in gold_of:
            by_claim[p.claim].append(gold_of[p.id])
    for linked in by_claim.values():
        for ia, ib in combinations(linked, 2):
            if by_id[ia].doc != by_id[ib].doc:
                predicted_pairs.add(_pair(ia, ib))

    predicted_disagree: set[tuple[str, str]] = set()
    for a_id, b_id in contradictions:
        ga, gb = gold_of.get(a_id), gold_of.get(b_id)
        if ga and gb and by_id[ga].doc != by_id[gb].doc:
            predicted_disagree.add(_pair(ga, gb))

    def in_topic(pairs: set[tuple[str, str]], topic: str | None) -> set[tuple[str, str]]:
        if topic is None:
            return pairs
        return {p for p in pairs if topic_of(by_id[p[0]].doc) == topic == topic_of(by_id[p[1]].doc)}

    def figures(topic: str | None) -> dict[str, Any]:
        mentions = [g for g in gold if topic is None or topic_of(g.doc) == topic]
        n_matched = sum(g.id in matched for g in mentions)
        n_overlapped = sum(g.id in overlapped for g in mentions)
        links = in_topic(predicted_pairs, topic)
        gl = in_topic(gold_pairs, topic)
        dis = in_topic(predicted_disagree, topic)
        gd = in_topic(gold_disagree, topic)
        return {
            "gold_mentions": len(mentions),
            "mention_recall": _ratio(n_matched, len(mentions)),
            "value_accuracy": _ratio(n_matched, n_overlapped),
            "links": _prf(len(links & gl), len(links), len(gl)),
            "disagreements": _prf(len(dis & gd), len(dis), len(gd)),
        }

    def shown(pairs: Iterable[tuple[str, str]]) -> list[dict[str, Any]]:
        out = []
        for a, b in sorted(pairs)[:examples]:
            ga, gb = by_id[a], by_id[b]
            out.append(
                {
                    "a": f"{ga.doc} {ga.text!r} ({ga.quantity})",
                    "b": f"{gb.doc} {gb.text!r} ({gb.quantity})",
                }
            )
        return out

    missed = [g for g in gold if g.id not in matched]
    return {
        **figures(None),
        "per_topic": {topic: figures(topic) for topic in topics},
        "examples": {
            "wrong_links": shown(predicted_pairs - gold_pairs),
            "missed_links": shown(gold_pairs - predicted_pairs),
            "wrong_disagreements": shown(predicted_disagree - gold_disagree),
            "missed_mentions": [f"{g.doc} {g.text!r}" for g in missed[:examples]],
        },
    }


def predictions(
    quantities: Iterable[Mapping[str, Any]],
    contradictions: Iterable[Mapping[str, Any]],
    doc_of: Mapping[str, str],
) -> tuple[list[Prediction], list[tuple[str, str]]]:
    """Exported ``quantities`` and ``contradictions`` rows -> predictions and numeric
    contradiction pairs (``doc_of``: article id -> document key)."""
    preds = [
        Prediction(
            id=r["id"],
            doc=doc_of[r["article_id"]],
            start=int(r["start"]),
            end=int(r["end"]),
            value=r.get("value"),
            low=r.get("low"),
            high=r.get("high"),
            claim=r.get("claim"),
        )
        for r in quantities
        if r.get("article_id") in doc_of and r.get("start") is not None
    ]
    pairs = [(r["a_id"], r["b_id"]) for r in contradictions if r.get("kind") == "numeric"]
    return preds, pairs


def score_store(store: Any, texts: Mapping[str, str], gold: list[GoldMention]) -> dict[str, Any]:
    """Score an analysed store holding the benchmark documents (ids from their texts)."""
    from claimgraph.corpus import document_id
    from claimgraph.store.export import iter_table

    doc_of = {document_id(Document(source=k, text=v)): k for k, v in texts.items()}
    preds, pairs = predictions(
        iter_table(store, "quantities"), iter_table(store, "contradictions"), doc_of
    )
    result = score(gold, preds, pairs)
    claims = [r for r in iter_table(store, "claims") if r["kind"] == "quantity"]
    result["system"] = {
        "quantities": len(preds),
        "quantity_claims": len(claims),
        "numeric_contradictions": len(pairs),
    }
    return result


def evaluate(path: Path | None = None, limit: int | None = None) -> dict[str, Any]:
    from claimgraph.corpus import ingest_documents
    from claimgraph.store import open_store

    started = time.perf_counter()
    folder = data_dir(path)
    texts, gold = load_gold(folder, limit)
    timings: dict[str, float] = {}
    with (
        tempfile.TemporaryDirectory(prefix="cg-claims-") as tmp,
        open_store(f"sqlite:///{tmp}/claims.db") as store,
    ):
        step = time.perf_counter()
        report = ingest_documents(store, (Document(source=k, text=v) for k, v in texts.items()))
        timings["extract_ingest"] = round(time.perf_counter() - step, 1)
        step = time.perf_counter()
        store.analyse()
        timings["analyse"] = round(time.perf_counter() - step, 1)
        result = score_store(store, texts, gold)
    timings["total"] = round(time.perf_counter() - started, 1)
    return {
        "benchmark": "ecbplus-claims",
        "documents": len(texts),
        "topics": len({topic_of(k) for k in texts}),
        "failed": len(report["failed"]),
        "store": "one SQLite store for all topics; a pair counts for a topic when both "
        "documents are of it",
        **result,
        "seconds": timings,
    }


def format_table(result: dict[str, Any]) -> str:
    lines = [
        f"ECB+ claims: {result['documents']} documents, {result['topics']} topics, "
        f"{result['gold_mentions']} gold number mentions ({result['seconds']['total']} s)",
        "",
        f"{'topic':6} {'ment':>5} {'recall':>6} {'valAcc':>6} "
        f"{'link P':>6} {'link R':>6} {'link F':>6} {'dis P':>6} {'dis R':>6} {'dis F':>6}",
    ]
    rows = [*result["per_topic"].items(), ("all", result)]
    for name, r in rows:
        li, di = r["links"], r["disagreements"]
        lines.append(
            f"{name:6} {r['gold_mentions']:5d} {r['mention_recall']:6.3f} "
            f"{r['value_accuracy']:6.3f} {li['precision']:6.3f} {li['recall']:6.3f} "
            f"{li['f1']:6.3f} {di['precision']:6.3f} {di['recall']:6.3f} {di['f1']:6.3f}"
        )
    li, di = result["links"], result["disagreements"]
    lines.append(
        f"(links: {li['correct']} correct of {li['predicted']} predicted, {li['gold']} gold; "
        f"disagreements: {di['correct']} of {di['predicted']}, {di['gold']} gold)"
    )
    for key, title in (
        ("wrong_links", "linked, different quantities"),
        ("missed_links", "same quantity, not linked"),
        ("wrong_disagreements", "contradiction, not a gold disagreement"),
    ):
        lines += ["", f"{title}:"]
        lines += [f"  {e['a']}  <->  {e['b']}" for e in result["examples"][key]]
    lines += ["", "gold mentions not matched:"]
    lines += [f"  {e}" for e in result["examples"]["missed_mentions"]]
    return "\n".join(lines)


command = scored_command(
    "claims",
    evaluate,
    format_table,
    help="Numeric claims across articles on ECB+ (ecbplus-claims dev): number-mention "
    "recall and value accuracy, same-figure link P/R/F1, disagreement P/R/F1, per topic.",
    path_help="ecbplus-claims folder (with dev/gold.json) or its dev folder.",
    limit_help="Only the first N documents (gold order).",
)
