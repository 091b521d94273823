"""Train the attribution boundary model on PolNeAR train (dev for model selection only).

    make train-attribution            # = .venv/bin/python scripts/train_attribution.py

1. Parse PolNeAR train and dev once with the pipeline's spaCy model (cached as DocBin files
   under build/attribution/, keyed by the model's name and version).
2. Run claimgraph's statement rules with the boundary model off; for every speaker, cue and
   content span that overlaps a gold span of its field, each side (start, end) is one
   ranking example: the candidate positions of :func:`boundaries.candidates`, the positive
   one being the gold boundary (after the scorer's trimming). Examples whose gold boundary
   is out of reach are counted and skipped.
3. For each (field, side) a binary logistic regression (scikit-learn, L2, liblinear) over
   the candidates' sparse features, with at most NEGATIVES negatives per example drawn
   with a fixed seed. The regularisation C is chosen from C_GRID by dev top-1 accuracy over
   all candidates; the model is then written with weights rounded and tiny ones pruned.
4. The learning curve (share of train articles -> dev exact F1 of the whole extraction)
   and the final dev scores go into the model file's ``meta``.

Deterministic: fixed seed, sorted features, liblinear's own seed fixed.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

os.environ["CLAIMGRAPH_ATTRIBUTION_MODEL"] = "0"  # the rules' spans are the model's input

from claimgraph.eval.polnear import FIELDS, claimgraph_spans, default_path, load_split
from claimgraph.eval.spans import RULES, Tally, trimmed
from claimgraph.extract.attribution import boundaries
from claimgraph.settings import get_settings

ROOT = Path(__file__).resolve().parents[1]
CACHE = ROOT / "build" / "attribution"
OUT = ROOT / "src/claimgraph/extract/data" / boundaries.MODEL_FILE
SEED = 13
NEGATIVES = 10
C_GRID = (0.1, 0.3)
PRUNE = 0.005
CURVE = (0.1, 0.25, 0.5, 1.0)


def parsed(split: str, path: Path | None) -> list[tuple[object, object]]:
    """(article, doc) pairs of a split, parsed once and cached."""
    from spacy.tokens import DocBin

    from claimgraph.nlp import load_nlp

    nlp = load_nlp()
    articles = load_split(split, path)
    key = f"{nlp.meta['name']}-{nlp.meta['version']}-{split}-{len(articles)}.spacy"
    cache = CACHE / key
    if cache.exists():
        docs = list(DocBin().from_disk(cache).get_docs(nlp.vocab))
    else:
        print(f"parsing PolNeAR {split} ({len(articles)} articles) ...", file=sys.stderr)
        docs = list(nlp.pipe((a.text for a in articles), batch_size=16))
        CACHE.mkdir(parents=True, exist_ok=True)
        DocBin(store_user_data=True, docs=docs).to_disk(cache)
    return list(zip(articles, docs, strict=True))


def rule_statements(doc):
    from claimgraph.extract.entities import build_entities
    from claimgraph.extract.statements import extract_statements

    return extract_statements(doc, build_entities(doc))


def examples(pairs, rng: random.Random | None, per_article: list | None = None):
    """Ranking examples by (field, side): lists of (features per candidate, gold index).
    With ``per_article``, each article's examples are also appended there (for the curve)."""
    out: dict[tuple[str, str], list[tuple[list[list[str]], int]]] = defaultdict(list)
    reach: Counter[str] = Counter()
    for article, doc in pairs:
        before = {k: len(v) for k, v in out.items()}
        _article_examples(article, doc, rng, out, reach)
        if per_article is not None:
            per_article.append({k: v[before.get(k, 0) :] for k, v in out.items()})
    return out, reach


def _article_examples(article, doc, rng, out, reach) -> None:
    """Append one article's ranking examples to ``out`` and count reachability."""
    text = article.text
    info = boundaries.DocInfo(doc)
    for st in rule_statements(doc):
        spans = {
            "cue": (st.cue.start, st.cue.end),
            "content": (st.content.start, st.content.end),
            "source": (st.speaker.span.start, st.speaker.span.end) if st.speaker else None,
        }
        toks = {k: boundaries.token_range(doc, *v) if v else None for k, v in spans.items()}
        if toks["cue"] is None or toks["content"] is None:
            continue
        ctx = boundaries.Context(toks["cue"], toks["source"], toks["content"])
        lo = max(min(x for t in toks.values() if t for x in t) - boundaries.TRAIN_WINDOW, 0)
        hi = min(max(x for t in toks.values() if t for x in t) + boundaries.TRAIN_WINDOW, len(doc))
        for field in FIELDS:
            span, tok = spans[field], toks[field]
            if span is None or tok is None:
                continue
            gold = _best_gold(article.gold[field], span)
            if gold is None:
                continue
            gs, ge = trimmed(gold, text)
            rule_start = boundaries._first_word(doc, *tok)
            rule_end = boundaries._last_word(doc, *tok)
            for side, rule, target in (("start", rule_start, gs), ("end", rule_end, ge)):
                cands = boundaries.candidates(info, rule, boundaries.TRAIN_WINDOW)
                hit = [
                    i
                    for i, c in enumerate(cands)
                    if (doc[c].idx if side == "start" else doc[c].idx + len(doc[c])) == target
                ]
                reach[f"{field}|{side}|{'ok' if hit else 'out'}"] += 1
                if not hit:
                    continue
                pos = hit[0]
                keep = list(range(len(cands)))
                if rng is not None:
                    neg = [i for i in keep if i != pos]
                    rng.shuffle(neg)
                    keep = sorted(
                        {pos, cands.index(rule) if rule in cands else pos, *neg[:NEGATIVES]}
                    )
                feats = [
                    boundaries.features(info, field, side, cands[i], rule, ctx, lo, hi)
                    for i in keep
                ]
                out[field, side].append((feats, keep.index(pos)))


PAIR_SHARE = 0.5  # overlap / shorter span for a rules' span and a gold span to be a pair


def _best_gold(golds, span):
    """The gold span the rules' span overlaps most, if they share at least PAIR_SHARE of the
    shorter one (a smaller overlap is another attribution, not a boundary to learn)."""
    best, size = None, 0
    for g in golds:
        shared = sum(max(0, min(e, span[1]) - max(s, span[0])) for s, e in g)
        if shared > size:
            best, size = g, shared
    if best is None:
        return None
    shorter = min(span[1] - span[0], sum(e - s for s, e in best))
    return best if size >= PAIR_SHARE * max(shorter, 1) else None


def fit(exs, c: float):
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    rows, labels = [], []
    for feats, pos in exs:
        for i, f in enumerate(feats):
            rows.append(dict.fromkeys(f, 1))
            labels.append(int(i == pos))
    vec = DictVectorizer()
    x = vec.fit_transform(rows).tocsr()
    x.indices = x.indices.astype("int32")  # liblinear takes 32-bit indices only
    x.indptr = x.indptr.astype("int32")
    model = LogisticRegression(C=c, solver="liblinear", random_state=SEED, max_iter=200)
    model.fit(x, labels)
    names = vec.get_feature_names_out()
    # the intercept is the same for every candidate of an example: it never changes a ranking
    return {n: float(w) for n, w in zip(names, model.coef_[0], strict=True)}


def top1(exs, weights) -> float:
    right = 0
    for feats, pos in exs:
        scores = [sum(weights.get(x, 0.0) for x in f) for f in feats]
        right += int(max(range(len(scores)), key=lambda i: (scores[i], -i)) == pos)
    return right / max(len(exs), 1)


def write(weights: dict[str, float], meta: dict) -> None:
    kept = {k: round(v, 4) for k, v in sorted(weights.items()) if abs(v) >= PRUNE}
    model = {"meta": meta, "weights": kept}
    OUT.write_text(json.dumps(model, indent=0, sort_keys=True) + "\n", encoding="utf-8")
    boundaries._model.cache_clear()
    boundaries.weights.cache_clear()


def dev_scores(dev_pairs) -> dict:
    """Exact/strict/lenient P/R/F1 of the whole extraction on dev with the written model."""
    os.environ["CLAIMGRAPH_ATTRIBUTION_MODEL"] = "1"
    get_settings.cache_clear()
    tallies = {f: {r: Tally() for r in RULES} for f in FIELDS}
    for article, doc in dev_pairs:
        pred = claimgraph_spans(doc)
        for f in FIELDS:
            for r in RULES:
                tallies[f][r].add(pred[f], article.gold[f], article.text, r)
    os.environ["CLAIMGRAPH_ATTRIBUTION_MODEL"] = "0"
    get_settings.cache_clear()
    return {f: {r: t.scores()["f1"] for r, t in by.items()} for f, by in tallies.items()}


def train_all(train_ex, dev_ex, grid) -> tuple[dict[str, float], dict]:
    weights: dict[str, float] = {}
    chosen = {}
    for key in sorted(train_ex):
        best = None
        for c in grid:
            w = fit(train_ex[key], c)
            acc = top1(dev_ex.get(key, []), w)
            print(f"  {key} C={c}: dev top-1 {acc:.3f}", file=sys.stderr)
            if best is None or acc > best[0]:
                best = (acc, c, w)
        assert best is not None
        chosen["|".join(key)] = {"C": best[1], "dev_top1": round(best[0], 4)}
        weights.update(best[2])  # features are prefixed with field|side: one shared table
    return weights, chosen


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--path", type=Path, default=None, help="PolNeAR folder")
    parser.add_argument("--no-curve", action="store_true", help="skip the learning curve")
    args = parser.parse_args()
    if not (args.path or default_path()).exists():
        sys.exit(f"PolNeAR not found under {args.path or default_path()}: nothing to train on")
    t0 = time.perf_counter()
    train = parsed("train", args.path)
    dev = parsed("dev", args.path)
    baseline = dev_scores_rules(dev)
    t_parse = time.perf_counter() - t0
    dev_ex, dev_reach = examples(dev, None)
    curve = []
    fractions = CURVE if not args.no_curve else (1.0,)
    t1 = time.perf_counter()
    final = None
    by_article: list[dict] = []
    _, reach = examples(train, random.Random(SEED), by_article)
    for frac in fractions:
        n = max(1, round(frac * len(train)))
        train_ex: dict = defaultdict(list)
        for part in by_article[:n]:
            for key, exs in part.items():
                train_ex[key].extend(exs)
        grid = C_GRID if frac == 1.0 else (0.1,)
        weights, chosen = train_all(train_ex, dev_ex, grid)
        write(weights, {})
        scores = dev_scores(dev)
        curve.append({"train_share": frac, "articles": n, "dev": scores})
        print(f"train share {frac}: dev {scores}", file=sys.stderr)
        if frac == 1.0:
            final = (weights, chosen, reach, scores)
    assert final is not None
    weights, chosen, reach, scores = final
    meta = {
        "model": "boundary ranker: logistic regression per (field, side) over sparse features",
        "trained_on": "PolNeAR train (840 articles, first annotator); C chosen on dev",
        "seed": SEED,
        "negatives_per_example": NEGATIVES,
        "window": boundaries.TRAIN_WINDOW,
        "chosen": chosen,
        "train_reach": dict(sorted(reach.items())),
        "dev_reach": dict(sorted(dev_reach.items())),
        "dev_rules_only": baseline,
        "dev_with_model": scores,
        "learning_curve": curve,
        "seconds": {
            "parse_or_cache": round(t_parse, 1),
            "train": round(time.perf_counter() - t1, 1),
        },
    }
    write(weights, meta)
    print(json.dumps({k: v for k, v in meta.items() if k != "learning_curve"}, indent=1))


def dev_scores_rules(dev_pairs) -> dict:
    tallies = {f: {r: Tally() for r in RULES} for f in FIELDS}
    for article, doc in dev_pairs:
        pred = claimgraph_spans(doc)
        for f in FIELDS:
            for r in RULES:
                tallies[f][r].add(pred[f], article.gold[f], article.text, r)
    return {f: {r: t.scores()["f1"] for r, t in by.items()} for f, by in tallies.items()}


if __name__ == "__main__":
    main()
