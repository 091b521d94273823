"""Stories: articles about the same event, grouped by their entity + keyword signatures.

At ingest each article gets a bag of terms (:func:`article_terms`): its named entities
(keyed like corpus entities, weighted by mentions), title words and body content words. The
grouping (:func:`cluster_stories`) weights terms by TF-IDF over the corpus and keeps each
article's ``story_terms`` best terms. Blocking: an article is compared only with the
representatives of the blocks (term, ``story_window_days`` time bucket) of its terms, in
its bucket and the two neighbouring ones (a block keeps one representative per story, at
most ``story_max_block``). Pairs whose cosine reaches ``story_threshold`` are linked
(single link; ``story_dated_threshold`` when both are dated, since being published within
the window is evidence in itself). A second pass joins groups whose centroids reach
``story_merge_threshold``, blocked the same way. Terms of one article only are dropped
before weighting (they cannot link anything and would only dilute the vectors). No
all-pairs comparison: cost grows with articles x terms x block size.
"""

from __future__ import annotations

import hashlib
import math
from collections import Counter
from collections.abc import Iterable
from datetime import date
from typing import Any

from claimgraph.analysis.text import STOPWORDS, content_terms, name_key, plural_stem, words
from claimgraph.settings import get_settings

# Entity types that name what a story is about (dates and numbers say little about which).
STORY_ENTITY_TYPES = frozenset(
    {"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "PRODUCT", "WORK_OF_ART", "LAW"}
)
ENTITY_WEIGHT = 2.0  # an entity mention counts as much as two content words
TITLE_WEIGHT = 2.0
MAX_STORED_TERMS = 80  # terms stored per article (by raw weight) before TF-IDF


def article_terms(record: dict[str, Any]) -> dict[str, float]:
    """The weighted terms of one record (a record dict): entities, title and body words."""
    weights: Counter[str] = Counter()
    for entity in record.get("entities") or []:
        if entity.get("type") not in STORY_ENTITY_TYPES:
            continue
        key = name_key(entity.get("name") or "")
        if key:
            weights["e:" + key] += ENTITY_WEIGHT * max(1, len(entity.get("mentions") or []))
    for term in content_terms(record.get("title") or ""):
        weights[term] += TITLE_WEIGHT
    for w in words(record.get("text") or ""):
        if w in STOPWORDS or len(w) < 3 or w.isdigit():
            continue
        weights[plural_stem(w)] += 1.0
    return {t: round(v, 2) for t, v in weights.most_common(MAX_STORED_TERMS)}


def _day(published: str | None) -> int | None:
    if not published or len(published) < 10:
        return None
    try:
        return date.fromisoformat(published[:10]).toordinal()
    except ValueError:
        return None


def story_id(first_article: str) -> str:
    return "s_" + hashlib.sha1(first_article.encode()).hexdigest()[:14]


def cluster_stories(
    items: Iterable[tuple[str, str | None, dict[str, float]]],
) -> dict[str, list[str]]:
    """``items``: (article id, published, terms). Returns {story id: [article ids]}; the
    story id derives from its earliest article. Every article is in exactly one story."""
    settings = get_settings()
    ids: list[str] = []
    days: list[int | None] = []
    bags: list[dict[str, float]] = []
    df: Counter[str] = Counter()
    for article_id, published, terms in items:
        ids.append(article_id)
        days.append(_day(published))
        bags.append(terms)
        df.update(terms.keys())
    n = len(ids)
    vectors: list[dict[str, float]] = []
    for terms in bags:
        # a term no other article has cannot link two articles: it would only dilute
        scored = {
            t: (1.0 + math.log(w)) * math.log((1 + n) / (1 + df[t]))
            for t, w in terms.items()
            if df[t] > 1
        }
        top = sorted(scored.items(), key=lambda kv: (-kv[1], kv[0]))[: settings.story_terms]
        norm = math.sqrt(sum(v * v for _, v in top)) or 1.0
        vectors.append({t: v / norm for t, v in top})
    bags.clear()
    parent = list(range(n))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    window = settings.story_window_days
    # Blocks: (term, time bucket) -> representatives, one per story seen in that block. An
    # article is compared with the representatives of its terms' blocks in its own and the
    # neighbouring buckets; it becomes a representative of a block where its story has none.
    reps: dict[tuple[str, int | None], list[int]] = {}
    order = sorted(range(n), key=lambda k: (days[k] if days[k] is not None else -1, ids[k]))
    for i in order:
        vi = vectors[i]
        day = days[i]
        buckets: tuple[int | None, ...] = (
            (None,) if day is None else (day // window - 1, day // window, day // window + 1)
        )
        seen: set[int] = set()
        for t in vi:
            for bucket in buckets:
                for j in reps.get((t, bucket), ()):
                    if j in seen:
                        continue
                    seen.add(j)
                    if find(i) == find(j):
                        continue
                    if day is not None and days[j] is not None and abs(day - days[j]) > window:
                        continue
                    vj = vectors[j]
                    small, large = (vi, vj) if len(vi) <= len(vj) else (vj, vi)
                    cosine = sum(v * large.get(t2, 0.0) for t2, v in small.items())
                    dated = day is not None and days[j] is not None
                    need = settings.story_dated_threshold if dated else settings.story_threshold
                    if cosine >= need:
                        parent[find(i)] = find(j)
        root = find(i)
        home = None if day is None else day // window
        for t in vi:
            block = reps.setdefault((t, home), [])
            if len(block) < settings.story_max_block and all(find(j) != root for j in block):
                block.append(i)
    groups: dict[int, list[int]] = {}
    for i in range(n):
        groups.setdefault(find(i), []).append(i)
    groups = _merge_by_centroid(groups, vectors, days)
    result = {}
    for members in groups.values():
        first = min(members, key=lambda k: (days[k] if days[k] is not None else 10**9, ids[k]))
        result[story_id(ids[first])] = [ids[k] for k in members]
    return result


def _merge_by_centroid(
    groups: dict[int, list[int]], vectors: list[dict[str, float]], days: list[int | None]
) -> dict[int, list[int]]:
    """Second pass: join groups whose centroids (mean term vectors, ``story_terms`` best
    terms) reach ``story_merge_threshold`` (blocked on centroid terms like the first pass)."""
    settings = get_settings()
    keys = list(groups)
    centroids: list[dict[str, float]] = []
    spans: list[tuple[int, int] | None] = []
    for key in keys:
        total: Counter[str] = Counter()
        for k in groups[key]:
            total.update(vectors[k])
        top = total.most_common(settings.story_terms * 2)
        norm = math.sqrt(sum(v * v for _, v in top)) or 1.0
        centroids.append({t: v / norm for t, v in top})
        dated = [days[k] for k in groups[key] if days[k] is not None]
        spans.append((min(dated), max(dated)) if dated else None)
    parent = list(range(len(keys)))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    window = settings.story_window_days
    reps: dict[tuple[str, int | None], list[int]] = {}
    order = sorted(range(len(keys)), key=lambda c: (spans[c][0] if spans[c] else -1, c))
    for c in order:
        vec = centroids[c]
        span = spans[c]
        buckets: tuple[int | None, ...] = (
            (None,) if span is None else tuple(range(span[0] // window - 1, span[1] // window + 2))
        )
        seen: set[int] = set()
        for t in vec:
            for bucket in buckets:
                for d in reps.get((t, bucket), ()):
                    if d in seen or find(c) == find(d):
                        continue
                    seen.add(d)
                    a, b = span, spans[d]
                    if a and b and (b[0] - a[1] > window or a[0] - b[1] > window):
                        continue
                    other = centroids[d]
                    cosine = sum(v * other.get(t2, 0.0) for t2, v in vec.items())
                    if cosine >= settings.story_merge_threshold:
                        parent[find(c)] = find(d)
        home = None if span is None else span[0] // window
        for t in vec:
            block = reps.setdefault((t, home), [])
            if len(block) < settings.story_max_block:
                block.append(c)
    merged: dict[int, list[int]] = {}
    for c, key in enumerate(keys):
        merged.setdefault(find(c), []).extend(groups[key])
    return merged
