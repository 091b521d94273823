"""`claimgraph eval ecbplus`: story grouping scored on ECB+ with B-cubed over documents.

ECB+ (``benchmarks/ecbplus``): each topic folder holds two stories about similar events
(``*ecb.xml`` vs ``*ecbplus.xml``: e.g. two different celebrities entering rehab). Gold
cluster of a document = (topic, ecb|ecbplus). Only sentences listed in
``ECBplus_coreference_sentences.csv`` are used, as the corpus documentation asks. Each
document's text (tokens joined by spaces) goes through the real pipeline, then
``analysis.stories.article_terms`` and ``cluster_stories`` group all documents of all topics
at once (no topic given to the system; the documents carry no dates, so the time window is
not used). B-cubed precision/recall are averaged over documents.
"""

from __future__ import annotations

import csv
import json
import re
import xml.etree.ElementTree as ET
from collections import defaultdict
from pathlib import Path
from typing import Any

import click

from claimgraph.errors import BenchmarkDataMissing
from claimgraph.models import Document
from claimgraph.settings import get_settings

_NAME = re.compile(r"^(\d+)_(\d+)(ecb|ecbplus)\.xml$")


def data_dir(path: Path | None = None) -> Path:
    folder = path or get_settings().benchmarks_dir / "ecbplus"
    if not (folder / "ECBplus_coreference_sentences.csv").is_file():
        raise BenchmarkDataMissing(f"ECB+ data not found in {folder}")
    return folder


def load_documents(folder: Path) -> list[tuple[Document, str]]:
    """(document of the listed sentences, gold story) for every ECB+ file present."""
    wanted: dict[str, set[int]] = defaultdict(set)
    with (folder / "ECBplus_coreference_sentences.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            wanted[f"{row['Topic']}_{row['File']}"].add(int(row["Sentence Number"]))
    out = []
    for path in sorted((folder / "ECB+").glob("*/*.xml")):
        m = _NAME.match(path.name)
        if not m:
            continue
        key = f"{m.group(1)}_{m.group(2)}{m.group(3)}"
        sentences = wanted.get(key)
        if not sentences:
            continue
        tokens: dict[int, list[str]] = defaultdict(list)
        for token in ET.parse(path).getroot().iter("token"):
            number = int(token.get("sentence", "-1"))
            if number in sentences:
                tokens[number].append(token.text or "")
        text = "\n".join(" ".join(tokens[n]) for n in sorted(tokens))
        if text.strip():
            out.append((Document(source=key, text=text), f"{m.group(1)}/{m.group(3)}"))
    return out


def bcubed(predicted: dict[str, str], gold: dict[str, str]) -> dict[str, float]:
    """B-cubed precision, recall, F1 of a clustering (item -> cluster) against gold."""
    pred_members: dict[str, set[str]] = defaultdict(set)
    gold_members: dict[str, set[str]] = defaultdict(set)
    for item, cluster in predicted.items():
        pred_members[cluster].add(item)
    for item, cluster in gold.items():
        gold_members[cluster].add(item)
    precision = recall = 0.0
    for item in gold:
        p = pred_members[predicted[item]]
        g = gold_members[gold[item]]
        overlap = len(p & g)
        precision += overlap / len(p)
        recall += overlap / len(g)
    n = len(gold) or 1
    precision, recall = precision / n, recall / n
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4)}


def evaluate(path: Path | None = None, limit: int | None = None) -> dict[str, Any]:
    from claimgraph.analysis.stories import article_terms, cluster_stories
    from claimgraph.pipeline import extract_documents

    folder = data_dir(path)
    docs = load_documents(folder)
    if limit:
        docs = docs[:limit]
    gold = {doc.source: story for doc, story in docs}
    items = []
    for record in extract_documents((d for d, _ in docs), on_error=lambda *_: None):
        items.append((record.source, None, article_terms(record.to_dict())))
    clusters = cluster_stories(items)
    predicted = {aid: sid for sid, members in clusters.items() for aid in members}
    for source in gold:  # a document the pipeline refused is a singleton
        predicted.setdefault(source, "missing:" + source)
    scores = bcubed(predicted, gold)
    topics = {story.split("/")[0] for story in gold.values()}
    return {
        "benchmark": "ecbplus",
        "documents": len(gold),
        "topics": len(topics),
        "gold_stories": len(set(gold.values())),
        "predicted_stories": len(set(predicted.values())),
        **scores,
        "settings": {
            "story_terms": get_settings().story_terms,
            "story_threshold": get_settings().story_threshold,
            "story_max_block": get_settings().story_max_block,
        },
    }


@click.command(name="ecbplus")
@click.option("--path", type=click.Path(path_type=Path), default=None, help="ECB+ folder.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
def command(path: Path | None, fmt: str) -> None:
    """Story grouping on ECB+: B-cubed precision, recall and F1 over documents."""
    try:
        result = evaluate(path)
    except BenchmarkDataMissing as exc:
        click.echo(f"skipped: {exc}")
        return
    if fmt == "json":
        click.echo(json.dumps(result, indent=2))
        return
    click.echo(
        f"ECB+ stories: {result['documents']} documents, {result['topics']} topics, "
        f"{result['gold_stories']} gold stories, {result['predicted_stories']} predicted"
    )
    click.echo(
        f"B-cubed  P {result['precision']:.3f}  R {result['recall']:.3f}  F1 {result['f1']:.3f}"
    )
