"""Stories: articles about the same event, grouped by their entity + keyword signatures.

At ingest each article gets a bag of terms (:func:`article_terms`): its named entities
(keyed like corpus entities, weighted by mentions), title words and body content words. The
grouping (:func:`cluster_stories`) weights terms by TF-IDF over the corpus, keeps each
article's ``story_terms`` best terms, and compares only articles that share one of them
(blocking: a term carried by more than ``story_max_block`` articles is no block key) and lie
within ``story_window_days`` of each other. Pairs whose cosine reaches ``story_threshold``
are linked; stories are the connected components (single link). Cost grows with the number
of articles times the block size, not with the number of pairs.
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
    postings: dict[str, list[int]] = {}
    for i, terms in enumerate(bags):
        scored = {
            t: (1.0 + math.log(w)) * math.log((1 + n) / (1 + df[t])) for t, w in terms.items()
        }
        top = sorted(scored.items(), key=lambda kv: (-kv[1], kv[0]))[: settings.story_terms]
        norm = math.sqrt(sum(v * v for _, v in top)) or 1.0
        vectors.append({t: v / norm for t, v in top})
        for t, _ in top:
            postings.setdefault(t, []).append(i)
    bags.clear()
    parent = list(range(n))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    window = settings.story_window_days
    for i in range(n):
        vi = vectors[i]
        candidates: set[int] = set()
        for t in vi:
            block = postings[t]
            if 1 < len(block) <= settings.story_max_block:
                candidates.update(j for j in block if j > i)
        for j in candidates:
            if find(i) == find(j):
                continue
            if days[i] is not None and days[j] is not None and abs(days[i] - days[j]) > window:
                continue
            vj = vectors[j]
            small, large = (vi, vj) if len(vi) <= len(vj) else (vj, vi)
            cosine = sum(v * large.get(t, 0.0) for t, v in small.items())
            if cosine >= settings.story_threshold:
                parent[find(i)] = find(j)
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
    postings: dict[str, list[int]] = {}
    for c, vec in enumerate(centroids):
        for t in vec:
            postings.setdefault(t, []).append(c)
    parent = list(range(len(keys)))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    window = settings.story_window_days
    for c, vec in enumerate(centroids):
        candidates: set[int] = set()
        for t in vec:
            block = postings[t]
            if 1 < len(block) <= settings.story_max_block:
                candidates.update(d for d in block if d > c)
        for d in candidates:
            a, b = spans[c], spans[d]
            if a and b and (b[0] - a[1] > window or a[0] - b[1] > window):
                continue
            other = centroids[d]
            cosine = sum(v * other.get(t, 0.0) for t, v in vec.items())
            if cosine >= settings.story_merge_threshold:
                parent[find(c)] = find(d)
    merged: dict[int, list[int]] = {}
    for c, key in enumerate(keys):
        merged.setdefault(find(c), []).extend(groups[key])
    return merged
