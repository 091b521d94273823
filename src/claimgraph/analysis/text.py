"""Lexical helpers shared by the cross-article steps: tokens, name keys, content terms.

Pure functions of strings; no model, no state.
"""

from __future__ import annotations

import re
import unicodedata
import zlib
from collections.abc import Iterable
from collections.abc import Set as AbstractSet

# combining marks (accents) left by NFKD decomposition
_COMBINING = re.compile(r"[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")
WORD = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*", re.UNICODE)

# Small closed-class list: enough for content keys; spaCy's list would need the model loaded.
STOPWORDS = frozenset(
    [
        "a",
        "about",
        "above",
        "after",
        "again",
        "against",
        "all",
        "also",
        "am",
        "an",
        "and",
        "any",
        "are",
        "as",
        "at",
        "be",
        "because",
        "been",
        "before",
        "being",
        "below",
        "between",
        "both",
        "but",
        "by",
        "can",
        "could",
        "did",
        "do",
        "does",
        "doing",
        "down",
        "during",
        "each",
        "few",
        "for",
        "from",
        "further",
        "had",
        "has",
        "have",
        "having",
        "he",
        "her",
        "here",
        "hers",
        "herself",
        "him",
        "himself",
        "his",
        "how",
        "i",
        "if",
        "in",
        "into",
        "is",
        "it",
        "its",
        "itself",
        "just",
        "me",
        "more",
        "most",
        "my",
        "myself",
        "no",
        "nor",
        "not",
        "now",
        "of",
        "off",
        "on",
        "once",
        "only",
        "or",
        "other",
        "our",
        "ours",
        "ourselves",
        "out",
        "over",
        "own",
        "said",
        "same",
        "says",
        "she",
        "should",
        "so",
        "some",
        "such",
        "than",
        "that",
        "the",
        "their",
        "theirs",
        "them",
        "themselves",
        "then",
        "there",
        "these",
        "they",
        "this",
        "those",
        "through",
        "to",
        "told",
        "too",
        "under",
        "until",
        "up",
        "very",
        "was",
        "we",
        "were",
        "what",
        "when",
        "where",
        "which",
        "while",
        "who",
        "whom",
        "why",
        "will",
        "with",
        "would",
        "you",
        "your",
        "yours",
        "yourself",
        "yourselves",
        "mr",
        "mrs",
        "ms",
        "dr",
        "according",
        "would",
        "also",
        "one",
        "two",
        "new",
        "told",
        "stated",
        "reported",
        "added",
    ]
)

# Spelling variants collapsed in name keys (transliteration endings, e.g. Zelenskiy/Zelensky/
# Zelenskyy -> zelensk). Applied to tokens longer than NAME_STEM_MIN_LEN characters.
_NAME_ENDINGS = ("iy", "yy", "yi", "ij", "y", "i")
NAME_STEM_MIN_LEN = 5
# Words dropped from entity names before keying ("the Kremlin" = "Kremlin").
_NAME_DROP = frozenset({"the", "mr", "mrs", "ms", "dr", "president", "minister", "gen", "general"})


def body_text(record: dict) -> str:
    """The record text with its removed (boilerplate) ranges blanked out.

    Syndicated copies differ mostly in what each site wraps around the story (share lines,
    "Source link", footers); comparing articles on the body alone finds them as copies.
    """
    text = record.get("text") or ""
    removed = record.get("removed") or []
    if not removed:
        return text
    chars = list(text)
    for r in removed:
        start, end = max(0, int(r.get("start", 0))), min(len(text), int(r.get("end", 0)))
        chars[start:end] = " " * max(0, end - start)
    return "".join(chars)


def fold(text: str) -> str:
    """Lower case without accents: 'Zelenskyy' -> 'zelenskyy', 'Ménard' -> 'menard'."""
    if text.isascii():
        return text.casefold()
    return _COMBINING.sub("", unicodedata.normalize("NFKD", text)).casefold()


def words(text: str) -> list[str]:
    return WORD.findall(fold(text))


def name_token(token: str) -> str:
    """One name token keyed for spelling variants (possessive and transliteration endings)."""
    token = token.replace("’", "'")
    if token.endswith("'s"):
        token = token[:-2]
    token = token.replace("'", "").replace("-", "")
    if len(token) > NAME_STEM_MIN_LEN:
        for ending in _NAME_ENDINGS:
            if token.endswith(ending):
                return token[: -len(ending)]
    return token


def name_key(name: str) -> str:
    """Key under which variants of one name meet: 'Volodymyr Zelenskiy' -> 'volodymyr zelensk'."""
    tokens = [name_token(t) for t in words(name) if t not in _NAME_DROP]
    return " ".join(t for t in tokens if t)


def stem5(name: str) -> str:
    """A coarse key for places and nationalities: 'North Korean' and 'North Korea' ->
    'north korea'; 'Russian' and 'Russia' -> 'russi'. Words truncated to five letters."""
    return " ".join(w[:5] for w in words(name) if w not in _NAME_DROP)


def content_terms(text: str) -> set[str]:
    """Content words of a statement or sentence (stopwords and 1-letter tokens dropped),
    crudely stemmed (plural s), with numbers kept as written."""
    out = set()
    for w in words(text):
        if w in STOPWORDS or len(w) < 2:
            continue
        out.add(plural_stem(w))
    return out


def plural_stem(word: str) -> str:
    """'troops' -> 'troop', 'talks' -> 'talk'; short words and '-ss' words unchanged."""
    if len(word) > 4 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def jaccard(a: AbstractSet[str], b: AbstractSet[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


def shingles(text: str, size: int) -> set[str]:
    """Word n-gram shingles of a text (folded), for near-duplicate detection."""
    tokens = words(text)
    if len(tokens) < size:
        return {" ".join(tokens)} if tokens else set()
    return {" ".join(tokens[i : i + size]) for i in range(len(tokens) - size + 1)}


class TermCounts:
    """Document frequency of terms in fixed memory for the terms seen once: a first sighting
    only sets bits of a Bloom filter (``term_filter_bits``, 3 hashes); a term is counted
    exactly from its second sighting on. A term seen once reads 1, never seen 0. Most
    distinct terms of a corpus occur once (and a synthetic corpus with random words is all
    such terms), so memory follows the repeated vocabulary. A false positive of the filter
    (about 1e-4 with 4 million terms seen once) reads a once-seen term as 2."""

    __slots__ = ("bits", "counts", "size")

    def __init__(self, bits: int | None = None) -> None:
        from claimgraph.settings import get_settings

        self.size = bits or get_settings().term_filter_bits
        self.bits = bytearray(self.size // 8 + 1)
        self.counts: dict[str, int] = {}

    def _slots(self, term: str) -> tuple[int, int, int]:
        data = term.encode("utf-8")
        h1 = zlib.crc32(data)
        h2 = zlib.crc32(data, 0x9E3779B9) | 1
        return h1 % self.size, (h1 + h2) % self.size, (h1 + 2 * h2) % self.size

    def update(self, terms: Iterable[str]) -> None:
        counts, bits = self.counts, self.bits
        for term in terms:
            if term in counts:
                counts[term] += 1
                continue
            seen = True
            for slot in self._slots(term):
                byte, bit = slot >> 3, 1 << (slot & 7)
                if not bits[byte] & bit:
                    seen = False
                    bits[byte] |= bit
            if seen:
                counts[term] = 2

    def __getitem__(self, term: str) -> int:
        count = self.counts.get(term)
        if count is not None:
            return count
        bits = self.bits
        return int(all(bits[s >> 3] & (1 << (s & 7)) for s in self._slots(term)))
