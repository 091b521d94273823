"""Learn the cue lexicon from the PolNeAR TRAIN split (never dev).

For every (lemma, coarse POS) of the parsed train texts, count how often the token lies
inside a gold Cue span and how often it occurs at all. Writes
src/claimgraph/extract/data/cues.tsv: lemma, pos, in_cue, total (rows with in_cue >= 2).

    .venv/bin/python scripts/learn_cues.py [--path ../shared/benchmarks/polnear]
"""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path

from claimgraph.eval.polnear import default_path, iter_docs, load_split

OUT = Path(__file__).resolve().parents[1] / "src/claimgraph/extract/data/cues.tsv"
POS = {"VERB", "NOUN", "ADP", "AUX", "ADJ", "PUNCT", "PROPN"}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--path", type=Path, default=None)
    args = ap.parse_args()
    articles = load_split("train", args.path or default_path())
    in_cue: Counter[tuple[str, str]] = Counter()
    total: Counter[tuple[str, str]] = Counter()
    for article, doc, _ in iter_docs(articles):
        inside = bytearray(len(article.text))
        for span in article.gold["cue"]:
            for s, e in span:
                inside[s:e] = b"\x01" * (e - s)
        for tok in doc:
            if tok.pos_ not in POS:
                continue
            key = (tok.lemma_.lower(), tok.pos_)
            total[key] += 1
            if inside[tok.idx]:
                in_cue[key] += 1
    rows = sorted((k for k, n in in_cue.items() if n >= 2), key=lambda k: (-in_cue[k], k))
    with OUT.open("w", encoding="utf-8") as fh:
        fh.write("# lemma\tpos\tin_cue\ttotal  (learned from PolNeAR train by learn_cues.py)\n")
        for lemma, pos in rows:
            fh.write(f"{lemma}\t{pos}\t{in_cue[lemma, pos]}\t{total[lemma, pos]}\n")
    print(f"wrote {len(rows)} rows to {OUT}")


if __name__ == "__main__":
    main()
