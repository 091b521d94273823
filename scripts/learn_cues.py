"""Learn the cue lexicon and the cue model from the PolNeAR TRAIN split (never dev).

1. Lexicon: for every (lemma, coarse POS) of the parsed train texts, how often the token
   lies inside a gold Cue span and how often it occurs at all ->
   src/claimgraph/extract/data/cues.tsv (rows with in_cue >= 2).
2. Model: logistic regression (scikit-learn, a dev dependency) over the sparse features of
   claimgraph.extract.cue_model for every candidate token; label = inside a gold Cue ->
   src/claimgraph/extract/data/cue_model.json (feature -> weight, pruned).

    .venv/bin/python scripts/learn_cues.py [--path ../shared/benchmarks/polnear]
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path

from claimgraph.eval.polnear import default_path, iter_docs, load_split

DATA = Path(__file__).resolve().parents[1] / "src/claimgraph/extract/data"
POS = {"VERB", "NOUN", "ADP", "AUX", "ADJ", "PUNCT", "PROPN"}
C = 0.3  # inverse L2 regularisation strength of the logistic regression
PRUNE = 0.05  # weights smaller than this in absolute value are dropped from the file


def cue_marks(article) -> bytearray:
    inside = bytearray(len(article.text))
    for span in article.gold["cue"]:
        for s, e in span:
            inside[s:e] = b"\x01" * (e - s)
    return inside


def write_lexicon(pairs) -> None:
    in_cue: Counter[tuple[str, str]] = Counter()
    total: Counter[tuple[str, str]] = Counter()
    for article, doc in pairs:
        inside = cue_marks(article)
        for tok in doc:
            if tok.pos_ not in POS:
                continue
            key = (tok.lemma_.lower(), tok.pos_)
            total[key] += 1
            if inside[tok.idx]:
                in_cue[key] += 1
    rows = sorted((k for k, n in in_cue.items() if n >= 2), key=lambda k: (-in_cue[k], k))
    with (DATA / "cues.tsv").open("w", encoding="utf-8") as fh:
        fh.write("# lemma\tpos\tin_cue\ttotal  (learned from PolNeAR train by learn_cues.py)\n")
        for lemma, pos in rows:
            fh.write(f"{lemma}\t{pos}\t{in_cue[lemma, pos]}\t{total[lemma, pos]}\n")
    print(f"lexicon: {len(rows)} rows")


def write_model(pairs) -> None:
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    from claimgraph.extract import cue_model, cues
    from claimgraph.extract.quotes import find_quotes

    cues.lexicon.cache_clear()
    rows, labels = [], []
    for article, doc in pairs:
        inside = cue_marks(article)
        quotes = find_quotes(article.text)
        for tok in doc:
            if cue_model.is_candidate(tok):
                rows.append(dict.fromkeys(cue_model.features(tok, quotes), 1))
                labels.append(int(inside[tok.idx]))
    vec = DictVectorizer()
    x = vec.fit_transform(rows)
    clf = LogisticRegression(C=C, max_iter=2000)
    clf.fit(x, labels)
    weights = {
        name: round(float(w), 3)
        for name, w in zip(vec.get_feature_names_out(), clf.coef_[0], strict=True)
        if abs(w) >= PRUNE
    }
    weights["bias"] = round(weights.get("bias", 0.0) + float(clf.intercept_[0]), 4)
    out = {"about": "cue model learned from PolNeAR train by scripts/learn_cues.py", "C": C}
    out["candidates"] = len(labels)
    out["positives"] = sum(labels)
    out["weights"] = dict(sorted(weights.items()))
    (DATA / "cue_model.json").write_text(json.dumps(out, indent=0) + "\n", encoding="utf-8")
    print(f"model: {len(labels)} candidates, {sum(labels)} positive, {len(weights)} weights")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--path", type=Path, default=None, help="PolNeAR folder")
    ap.add_argument("--docbin", type=Path, default=None, help="cached parsed train (DocBin)")
    ap.add_argument(
        "--hold-out", type=int, default=0, help="leave the first N train articles out (tuning)"
    )
    args = ap.parse_args()
    articles = load_split("train", args.path or default_path())
    if args.docbin:
        from spacy.tokens import DocBin

        from claimgraph.nlp import load_nlp

        docs = list(DocBin().from_disk(args.docbin).get_docs(load_nlp().vocab))
        pairs = list(zip(articles, docs, strict=True))
    else:
        pairs = [(a, d) for a, d, _ in iter_docs(articles)]
    pairs = pairs[args.hold_out :]
    write_lexicon(pairs)
    write_model(pairs)


if __name__ == "__main__":
    main()
