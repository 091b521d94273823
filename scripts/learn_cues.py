"""Learn the cue lexicon and the cue model from the PolNeAR TRAIN split (never dev).

1. Lexicon: for every (lemma, coarse POS) of the parsed train texts, how often the token
   lies inside a gold Cue span and how often it occurs at all ->
   src/claimgraph/extract/data/cues.tsv (rows with in_cue >= 2).
2. Model: logistic regression (scikit-learn, a dev dependency) over the sparse features of
   claimgraph.extract.cue_model for every candidate token; label = inside a gold Cue ->
   src/claimgraph/extract/data/cue_model.json (feature -> weight, pruned).
3. Threshold: the same model is fitted on 4/5 of the train articles and scores the other
   fifth (5 folds); with these out-of-fold probabilities the whole extraction runs over
   train for each threshold of THRESHOLDS, and the one with the best mean strict F1 of
   source, cue and content is written to the model file (dev is never looked at).

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
C = 0.1  # inverse L2 regularisation strength (5-fold log-loss on train: 0.1 < 0.3 < 1)
FOLDS = 5
THRESHOLDS = (0.35, 0.4, 0.45, 0.5, 0.55, 0.6)
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
    rows, labels, keys = [], [], []
    for n, (article, doc) in enumerate(pairs):
        inside = cue_marks(article)
        quotes = find_quotes(article.text)
        for tok in doc:
            if cue_model.is_candidate(tok):
                rows.append(dict.fromkeys(cue_model.features(tok, quotes), 1))
                labels.append(int(inside[tok.idx]))
                keys.append((n, tok.i))
    vec = DictVectorizer()
    x = vec.fit_transform(rows)
    clf = LogisticRegression(C=C, max_iter=3000)
    clf.fit(x, labels)
    threshold = learn_threshold(pairs, x, labels, keys)
    weights = {
        name: round(float(w), 3)
        for name, w in zip(vec.get_feature_names_out(), clf.coef_[0], strict=True)
        if abs(w) >= PRUNE
    }
    weights["bias"] = round(weights.get("bias", 0.0) + float(clf.intercept_[0]), 4)
    out = {"about": "cue model learned from PolNeAR train by scripts/learn_cues.py", "C": C}
    out["threshold"] = threshold
    out["candidates"] = len(labels)
    out["positives"] = sum(labels)
    out["weights"] = dict(sorted(weights.items()))
    (DATA / "cue_model.json").write_text(json.dumps(out, indent=0) + "\n", encoding="utf-8")
    print(f"model: {len(labels)} candidates, {sum(labels)} positive, {len(weights)} weights")


def learn_threshold(pairs, x, labels, keys) -> float:
    """The threshold with the best mean strict F1 over train, from out-of-fold probabilities."""
    import numpy as np
    from sklearn.linear_model import LogisticRegression

    from claimgraph.eval.polnear import FIELDS, claimgraph_spans
    from claimgraph.eval.spans import Tally
    from claimgraph.extract import cue_model

    y = np.array(labels)
    fold = np.array([n % FOLDS for n, _ in keys])
    oof = np.zeros(len(y))
    for k in range(FOLDS):
        held = fold == k
        clf = LogisticRegression(C=C, max_iter=3000).fit(x[~held], y[~held])
        oof[held] = clf.predict_proba(x[held])[:, 1]
    prob = dict(zip(keys, oof.tolist(), strict=True))
    doc_number = {id(doc): n for n, (_, doc) in enumerate(pairs)}
    scored, learned = cue_model.probability, cue_model.threshold
    best = (-1.0, cue_model.DEFAULT_THRESHOLD)
    try:
        cue_model.probability = lambda tok, quotes: prob.get((doc_number[id(tok.doc)], tok.i), 0.0)
        for threshold in THRESHOLDS:
            cue_model.threshold = lambda t=threshold: t
            tallies = {f: Tally() for f in FIELDS}
            for article, doc in pairs:
                spans = claimgraph_spans(doc)
                for f in FIELDS:
                    tallies[f].add(spans[f], article.gold[f], article.text, "strict")
            f1 = {f: t.scores()["f1"] for f, t in tallies.items()}
            mean = sum(f1.values()) / len(f1)
            print(f"threshold {threshold}: out-of-fold strict F1 {f1}, mean {mean:.4f}")
            best = max(best, (mean, threshold))
    finally:
        cue_model.probability, cue_model.threshold = scored, learned
    print(f"threshold: {best[1]} (mean strict F1 {best[0]:.4f})")
    return best[1]


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
