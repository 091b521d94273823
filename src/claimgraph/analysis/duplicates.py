"""Exact and near-duplicate articles: MinHash signatures on word shingles, LSH banding.

The signature and its band keys are computed once per article at ingest
(:func:`signature`); the store keeps the band keys in an indexed table, so candidate pairs
come from a GROUP BY over equal band keys (no all-pairs comparison, memory independent of
corpus size). :func:`resolve_duplicates` then verifies candidates on the estimated Jaccard
similarity and picks the original of each group (:func:`original_of`): the earliest
published; on a tie (the same day, unless both give different times) the more complete
text, never the shorter reprint; then the outlet name, then the id (deterministic).
"""

from __future__ import annotations

import hashlib
import struct
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any

from claimgraph.analysis.text import fold, shingles
from claimgraph.settings import get_settings

_MASK63 = (1 << 63) - 1


@dataclass(slots=True)
class Signature:
    minhash: bytes  # little-endian uint32 hash values (minhash_perm of them)
    bands: list[int]  # one signed-63-bit key per band


def text_hash(text: str) -> str:
    """Exact-duplicate key: sha256 of the text with whitespace normalised."""
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()


@cache
def _empty_minhash(num_perm: int) -> Any:
    """An empty MinHash of ``num_perm`` permutations, to copy for each article: its
    permutation parameters come from a seeded generator, the same for every article, and
    a new MinHash draws them again (a third of signature()'s time). ``copy()`` keeps them and
    the scheme of the installed datasketch (2.0 changed the default)."""
    from datasketch import MinHash

    return MinHash(num_perm=num_perm, seed=1, hashfunc=zlib.crc32)


def signature(text: str) -> Signature:
    settings = get_settings()
    mh = _empty_minhash(settings.minhash_perm).copy()
    mh.update_batch([s.encode("utf-8") for s in shingles(text, settings.shingle_size)])
    # the same bytes as struct.pack("<NI", ...) of the values, without a Python int each
    packed = (mh.hashvalues & 0xFFFFFFFF).astype("<u4").tobytes()
    rows = settings.minhash_perm // settings.lsh_bands
    bands = []
    for b in range(settings.lsh_bands):
        chunk = packed[b * rows * 4 : (b + 1) * rows * 4]
        digest = hashlib.blake2b(chunk + bytes([b]), digest_size=8).digest()
        bands.append(int.from_bytes(digest, "little") & _MASK63)
    return Signature(packed, bands)


def similarity(a: bytes, b: bytes) -> float:
    """Estimated Jaccard similarity of two packed MinHash signatures."""
    n = len(a) // 4
    if n == 0 or len(b) != len(a):
        return 0.0
    va = struct.unpack(f"<{n}I", a)
    vb = struct.unpack(f"<{n}I", b)
    return sum(x == y for x, y in zip(va, vb, strict=True)) / n


@dataclass(slots=True)
class ArticleKey:
    id: str
    published: str | None
    outlet: str | None
    text_hash: str
    minhash: bytes
    length: int = 0  # characters of the text: the more complete one is the original
    credits: frozenset[str] = frozenset()  # other outlets of its group its text names


def original_of(members: Iterable[ArticleKey]) -> ArticleKey:
    """The original of a group of copies: published first (undated last: a dated article
    is the better-established original); articles of the same day tie unless all of them
    give a time, and then the earliest time wins; of tied articles, one that credits the
    outlet of another tied article is its reprint ("(Kestrel Wire) -"), then the longest
    text wins (a reprint is the shorter one), then the outlet name, then the id."""
    members = list(members)
    first_day = min((a.published or "9999")[:10] for a in members)
    tied = [a for a in members if (a.published or "9999")[:10] == first_day]
    times = [(a.published or "")[10:] for a in tied]
    if all(times):
        earliest = min(times)
        tied = [a for a, at in zip(tied, times, strict=True) if at == earliest]
    outlets = {fold(a.outlet or "") for a in tied}
    own = [a for a in tied if not (a.credits & outlets)]
    tied = own or tied
    return min(tied, key=lambda a: (-a.length, (a.outlet or "~").casefold(), a.id))


class DuplicateLinks:
    """Incremental :func:`resolve_duplicates`: candidate groups are verified one at a time
    (:meth:`add`); :meth:`components` then lists the linked articles by component. State:
    the union-find over articles verified as copies (one entry per duplicate article), no
    signatures beyond the group at hand."""

    def __init__(self) -> None:
        self.threshold = get_settings().duplicate_threshold
        self.parent: dict[str, str] = {}
        self.linked: set[str] = set()

    def find(self, x: str) -> str:
        parent = self.parent
        while parent.get(x, x) != x:
            parent[x] = parent.get(parent[x], parent[x])
            x = parent[x]
        return x

    def add(self, group: Iterable[ArticleKey]) -> None:
        """Verify one candidate group (articles sharing a band key or a text hash): each
        member against the group's first unlinked representatives only (a group of copies
        needs len-1 checks, not len^2)."""
        members = sorted({g.id: g for g in group}.values(), key=lambda g: g.id)
        if len(members) < 2:
            return
        reps: list[ArticleKey] = []
        for m in members:
            linked = False
            for r in reps:
                sim = 1.0 if m.text_hash == r.text_hash else similarity(m.minhash, r.minhash)
                if sim >= self.threshold:
                    self.linked.update((m.id, r.id))
                    ra, rb = self.find(m.id), self.find(r.id)
                    if ra != rb:
                        self.parent[ra] = rb
                    linked = True
                    break
            if not linked:
                reps.append(m)

    def components(self) -> list[list[str]]:
        components: dict[str, list[str]] = {}
        for m in sorted(self.linked):
            components.setdefault(self.find(m), []).append(m)
        return list(components.values())


def resolve_component(members: Iterable[ArticleKey]) -> dict[str, tuple[str, float, str]]:
    """Copy id -> (original id, similarity, "exact" | "near") within one component; the
    original is :func:`original_of` its members."""
    members = list(members)
    original = original_of(members)
    result: dict[str, tuple[str, float, str]] = {}
    for a in members:
        if a.id == original.id:
            continue
        exact = a.text_hash == original.text_hash
        sim = 1.0 if exact else similarity(a.minhash, original.minhash)
        result[a.id] = (original.id, round(sim, 3), "exact" if exact else "near")
    return result


def resolve_duplicates(
    articles: dict[str, ArticleKey], candidate_groups: Iterable[list[str]]
) -> dict[str, tuple[str, float, str]]:
    """Map copy id -> (original id, similarity, "exact" | "near").

    ``candidate_groups`` are lists of article ids sharing a band key (or a text hash).
    Pairs in a group are verified against ``duplicate_threshold``; verified pairs are joined
    with union-find and each component's original is :func:`original_of` its members.
    """
    links = DuplicateLinks()
    for group in candidate_groups:
        links.add(articles[g] for g in group if g in articles)
    result: dict[str, tuple[str, float, str]] = {}
    for component in links.components():
        result.update(resolve_component(articles[m] for m in component))
    return result
