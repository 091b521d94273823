"""The cue lexicon: how often a lemma is an attribution cue, learned from PolNeAR train.

``data/cues.tsv`` (rebuilt by ``scripts/learn_cues.py``) holds, per (lemma, coarse POS),
the number of train tokens inside a gold Cue span and the number of train tokens in all.
Their ratio is the cue rate: candidates for the cue model (:mod:`cue_model`) and one of
its features. Verb classes below serve modality and recipients; ``ALWAYS`` verbs are
candidates whatever their rate.
"""

from __future__ import annotations

from functools import lru_cache
from importlib.resources import files

MIN_COUNT = 3  # a lemma seen fewer times inside train cues is not a cue

# Verb classes for modality and recipients (lemmas).
ESTIMATE = {"estimate", "calculate", "project", "predict", "forecast", "reckon", "put"}
HEDGE = {"suggest", "believe", "think", "suspect", "speculate", "guess", "feel", "hint"}
HEDGE |= {"seem", "appear", "imply", "indicate", "hope", "fear", "worry", "expect"}
DENY = {"deny", "reject", "dismiss", "refute", "dispute", "rebut", "contest", "disavow"}
TELL = {"tell", "inform", "ask", "assure", "warn", "remind", "brief", "notify", "urge"}
ALWAYS = {"say", "tell", "accord", "add", "write", "claim", "report", "announce", "state"}
ALWAYS |= {"declare", "insist", "argue", "note", "explain", "acknowledge", "admit", "tweet"}
ALWAYS |= {"confirm", "deny", "estimate", "warn", "allege", "assert", "contend", "maintain"}


@lru_cache(maxsize=1)
def lexicon() -> dict[tuple[str, str], float]:
    """Cue rate by (lemma, POS) for lemmas seen at least MIN_COUNT times in train cues."""
    rates: dict[tuple[str, str], float] = {}
    path = files("claimgraph.extract") / "data" / "cues.tsv"
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        lemma, pos, in_cue, total = line.split("\t")
        if int(in_cue) >= MIN_COUNT:
            rates[lemma, pos] = int(in_cue) / max(int(total), 1)
    for lemma in ALWAYS:
        rates[lemma, "VERB"] = max(rates.get((lemma, "VERB"), 0.0), 0.5)
    return rates


def cue_rate(lemma: str, pos: str) -> float:
    return lexicon().get((lemma.lower(), pos), 0.0)
