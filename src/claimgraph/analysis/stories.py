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
from array import array
from collections import Counter
from collections.abc import Iterable
from datetime import date
from typing import Any

from claimgraph.analysis.text import (
    STOPWORDS,
    TermCounts,
    content_terms,
    name_key,
    plural_stem,
    words,
)
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
    weights: dict[str, float] = {}
    for entity in record.get("entities") or []:
        if entity.get("type") not in STORY_ENTITY_TYPES:
            continue
        key = name_key(entity.get("name") or "")
        if key:
            weights["e:" + key] = weights.get("e:" + key, 0.0) + ENTITY_WEIGHT * max(
                1, len(entity.get("mentions") or [])
            )
    for term in sorted(content_terms(record.get("title") or "")):  # a set: hash order varies
        weights[term] = weights.get(term, 0.0) + TITLE_WEIGHT
    # each distinct word filtered and stemmed once (Counter keeps first-seen order: ties
    # rank as before)
    for w, n in Counter(words(record.get("text") or "")).items():
        if w in STOPWORDS or len(w) < 3 or w.isdigit():
            continue
        term = plural_stem(w)
        weights[term] = weights.get(term, 0.0) + n
    ranked = sorted(weights.items(), key=lambda tv: -tv[1])[:MAX_STORED_TERMS]
    return {t: round(v, 2) for t, v in ranked}


def _day(published: str | None) -> int | None:
    if not published or len(published) < 10:
        return None
    try:
        return date.fromisoformat(published[:10]).toordinal()
    except ValueError:
        return None


def story_id(first_article: str) -> str:
    return "s_" + hashlib.sha1(first_article.encode()).hexdigest()[:14]


class StoryClusters:
    """Incremental :func:`cluster_stories`: articles are fed to :meth:`add` in date order
    (undated first, then by day, then by id) with the document frequency of their terms
    counted beforehand; :meth:`finish` runs the centroid pass and names each story.

    Memory: one integer per article (its union-find parent), the representatives of the
    blocks of the live time buckets only (an article is compared with its own bucket and the
    two neighbours, so in date order older buckets are dropped: bounded by the articles of
    about three windows, not by the corpus), and per story candidate its summed term vector,
    dated span and earliest article."""

    def __init__(self, df: Counter[str] | TermCounts, n: int) -> None:
        settings = get_settings()
        self.df, self.n = df, n
        self.terms = settings.story_terms
        self.window = settings.story_window_days
        self.max_block = settings.story_max_block
        self.threshold = settings.story_threshold
        self.dated_threshold = settings.story_dated_threshold
        self.parent = array("q")
        self.blocks: dict[tuple[str, int | None], list[int]] = {}
        self.live: dict[int | None, tuple[list[tuple[str, int | None]], list[int]]] = {}
        self.rep_vectors: dict[int, tuple[dict[str, float], int | None]] = {}
        # per root: summed vector, (first day, last day) of dated members, earliest member
        self.sums: dict[int, Counter[str]] = {}
        self.spans: dict[int, tuple[int, int] | None] = {}
        self.first: dict[int, tuple[int, str]] = {}
        self.home: int | None = None
        self.named: dict[int, str] | None = None

    def vector(self, terms: dict[str, float]) -> dict[str, float]:
        """The ``story_terms`` best TF-IDF terms, normalised; a term no other article has
        cannot link two articles: it would only dilute."""
        df, n = self.df, self.n
        scored = {
            t: (1.0 + math.log(w)) * math.log((1 + n) / (1 + df[t]))
            for t, w in terms.items()
            if df[t] > 1
        }
        top = sorted(scored.items(), key=lambda kv: (-kv[1], kv[0]))[: self.terms]
        norm = math.sqrt(sum(v * v for _, v in top)) or 1.0
        return {t: v / norm for t, v in top}

    def find(self, x: int) -> int:
        parent = self.parent
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def _union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return
        if len(self.sums[ra]) > len(self.sums[rb]):  # merge the smaller sum into the larger
            ra, rb = rb, ra
        self.parent[ra] = rb
        self.sums[rb].update(self.sums.pop(ra))
        sa, sb = self.spans.pop(ra), self.spans[rb]
        if sa and sb:
            self.spans[rb] = (min(sa[0], sb[0]), max(sa[1], sb[1]))
        elif sa:
            self.spans[rb] = sa
        self.first[rb] = min(self.first[rb], self.first.pop(ra))

    def _advance(self, home: int | None) -> None:
        """Drop the blocks no later article can reach (articles come in date order)."""
        if home == self.home:
            return
        self.home = home
        for bucket in [b for b in self.live if b is None or (home is not None and b < home - 1)]:
            keys, members = self.live.pop(bucket)
            for key in keys:
                self.blocks.pop(key, None)
            for j in members:
                self.rep_vectors.pop(j, None)

    def add(self, article_id: str, published: str | None, terms: dict[str, float]) -> int:
        """File the next article (in date order); returns its sequence number."""
        i = len(self.parent)
        self.parent.append(i)
        day = _day(published)
        vi = self.vector(terms)
        window = self.window
        home = None if day is None else day // window
        self._advance(home)
        self.sums[i] = Counter(vi)
        self.spans[i] = None if day is None else (day, day)
        self.first[i] = (day if day is not None else 10**9, article_id)
        buckets: tuple[int | None, ...] = (None,) if home is None else (home - 1, home, home + 1)
        seen: set[int] = set()
        for t in vi:
            for bucket in buckets:
                for j in self.blocks.get((t, bucket), ()):
                    if j in seen:
                        continue
                    seen.add(j)
                    if self.find(i) == self.find(j):
                        continue
                    vj, dj = self.rep_vectors[j]
                    if day is not None and dj is not None and abs(day - dj) > window:
                        continue
                    small, large = (vi, vj) if len(vi) <= len(vj) else (vj, vi)
                    cosine = sum(v * large.get(t2, 0.0) for t2, v in small.items())
                    dated = day is not None and dj is not None
                    need = self.dated_threshold if dated else self.threshold
                    if cosine >= need:
                        self._union(i, j)
        root = self.find(i)
        keys, members = self.live.setdefault(home, ([], []))
        represents = False
        for t in vi:
            block = self.blocks.get((t, home))
            if block is None:
                block = self.blocks[(t, home)] = []
                keys.append((t, home))
            if len(block) < self.max_block and all(self.find(j) != root for j in block):
                block.append(i)
                represents = True
        if represents:
            self.rep_vectors[i] = (vi, day)
            members.append(i)
        return i

    def finish(self) -> None:
        """Second pass (centroids) and story names; call once, after the last :meth:`add`."""
        self.blocks.clear()
        self.live.clear()
        self.rep_vectors.clear()
        roots = list(self.sums)
        merged = _merge_by_centroid(
            [self.sums[r] for r in roots], [self.spans[r] for r in roots], self.terms * 2
        )
        first: dict[int, tuple[int, str]] = {}
        for root, group in zip(roots, merged, strict=True):
            if group not in first or self.first[root] < first[group]:
                first[group] = self.first[root]
        self.named = {
            root: story_id(first[group][1]) for root, group in zip(roots, merged, strict=True)
        }
        self.sums.clear()

    def story(self, i: int) -> str:
        """The story id of article number ``i`` (after :meth:`finish`)."""
        assert self.named is not None, "finish() first"
        return self.named[self.find(i)]


def _date_order(day: int | None, article_id: str) -> tuple[int, str]:
    return (day if day is not None else -1, article_id)


def cluster_stories(
    items: Iterable[tuple[str, str | None, dict[str, float]]],
) -> dict[str, list[str]]:
    """``items``: (article id, published, terms). Returns {story id: [article ids]}; the
    story id derives from its earliest article. Every article is in exactly one story."""
    listed = sorted(items, key=lambda it: _date_order(_day(it[1]), it[0]))
    df: Counter[str] = Counter()
    for _, _, terms in listed:
        df.update(terms.keys())
    clusters = StoryClusters(df, len(listed))
    numbers = [clusters.add(*item) for item in listed]
    clusters.finish()
    result: dict[str, list[str]] = {}
    for (article_id, _, _), i in zip(listed, numbers, strict=True):
        result.setdefault(clusters.story(i), []).append(article_id)
    return result


def _merge_by_centroid(
    totals: list[Counter[str]], spans: list[tuple[int, int] | None], top_n: int
) -> list[int]:
    """Second pass: join groups (summed term vectors, dated spans) whose centroids (the
    ``top_n`` best terms, normalised) reach ``story_merge_threshold``, blocked on centroid
    terms like the first pass. Returns the merged group number of each group."""
    settings = get_settings()
    centroids: list[dict[str, float]] = []
    for total in totals:
        top = sorted(total.items(), key=lambda kv: (-kv[1], kv[0]))[:top_n]
        norm = math.sqrt(sum(v * v for _, v in top)) or 1.0
        centroids.append({t: v / norm for t, v in top})
    parent = list(range(len(totals)))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    window = settings.story_window_days
    reps: dict[tuple[str, int | None], list[int]] = {}

    def start(c: int) -> int:
        span = spans[c]
        return span[0] if span else -1

    order = sorted(range(len(totals)), key=lambda c: (start(c), c))
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
    return [find(c) for c in range(len(totals))]
