"""Claim alignment, corroboration vs echo, contradictions and timelines (pure functions).

A *claim* is a cluster of statements or numbers about the same thing from different articles:

- **statement claims**: statements whose content words overlap (Jaccard >= claim_threshold,
  or >= claim_same_speaker_threshold when the speaker entity is the same). Candidates come
  from blocking on content terms (terms shared by more than ``claim_max_block`` statements
  are not block keys), so there is no all-pairs comparison. Statements in copies of an
  article (duplicates) are attached to the matching statement of the original instead of
  being compared with everything.
- **quantity claims**: numbers stating the same figure (``QuantityGroups``): in one story,
  the same value of the same counted thing, however named ("four people" / "four
  victims"; ``unit_class``); anywhere, the same counted thing in sentences naming the same
  places, nationalities, people and organisations (speaker excluded; ``quantity_key``)
  with values close enough to be reports of one figure: "about 12,000 North Korean troops
  in Russia" and "11,000 soldiers from North Korea ... Russia".

Each member gets an independent *source*: the original's source for a copy, the origin of
its relay chain when it was reported "via" someone ("Kyodo reported, citing ..."), else its
outlet. ``n_sources`` counts distinct sources; members whose source is not their own outlet
are *echoes*.

Contradictions: within a quantity claim, two values whose intervals (after the stated
approximation: about = +/- approx_tolerance, at least, more than, ranges) do not intersect,
stated by two sources at the same time (within ``contradiction_window_days``, in one
story); a later report of a change ("rose to 22") and a habit or a rate ("has averaged
30 a season") are no side of a dispute, the timeline shows them. Within a statement claim,
a denial against an assertion.

Labels say what a claim is: a statement claim's fullest report (``statement_label``), a
number claim's counted thing, values and sentence (``quantity_label``).
"""

from __future__ import annotations

import hashlib
import itertools
import re
import sys
from collections import Counter
from collections.abc import Hashable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from claimgraph.analysis.text import (
    TermCounts,
    content_terms,
    fold,
    jaccard,
    plural_stem,
    stem5,
    words,
)
from claimgraph.settings import get_settings

# Counted things that are the same thing for a claim ("troops" = "soldiers").
UNIT_SYNONYMS = {
    "soldier": "troop",
    "troop": "troop",
    "servicemen": "troop",
    "personnel": "troop",
    "fighter": "troop",
    "person": "people",
    "people": "people",
    "resident": "people",
    "civilian": "civilian",
    "death": "dead",
    "dead": "dead",
    "killed": "dead",
    "fatality": "dead",
    "casualty": "casualty",
    "injured": "injured",
    "wounded": "injured",
    "dollar": "$",
    "usd": "$",
    "us$": "$",
    "percent": "%",
    "per cent": "%",
}
# Units that are clock times or dates, not claims ("1130 UTC").
NOT_COUNTS = frozenset({"utc", "gmt", "a.m", "p.m", "am", "pm", "bst", "cet", "est", "edt"})
NEGATIVE_MODALITIES = frozenset({"denied"})
POSITIVE_MODALITIES = frozenset({"asserted", "estimated", "confirmed"})
# Contradictions of one claim: per pair of values (one per pair of sources), and in all.
CONTRADICTIONS_PER_VALUES = 10
MAX_CONTRADICTIONS = 50
# Words before a number that report a change of the figure, not a rival figure ("the toll
# rose to 22", "has now climbed to", "was revised to").
UPDATE_CUE = re.compile(
    r"\b(rose|risen|rises|rising|climbed|climbs|jumped|increased|grew|reached|revised|"
    r"updated|raised|now)\b(\s+\w+){0,3}\s*$",
    re.IGNORECASE,
)
# Longest lists (members, sources, echoes, timeline steps) kept in a claim's stored data;
# the counts (n_members, n_sources, n_echoes) are always complete.
MAX_LISTED = 200
MAX_NAMES = 20  # places and people named around a claim's numbers, kept for `--about`
LABEL_CHARS = 200  # a claim's label: its content, cut at a word
LABEL_VALUES = 4  # distinct values shown in a number claim's label
# Share of a denial's stems that must occur in the assertion it contradicts, and the most
# assertions one denial is linked to.
POLARITY_CONTAINMENT = 0.6
POLARITY_LINKS = 5
# Cue stems that deny (a cue with "not"/"never" is never a denial).
DENIAL_CUES = ("deni", "deny", "reject", "dismiss", "refut", "rebut", "contest", "disput", "false")
# Rarest content terms of a statement used as its block keys (claim alignment).
CLAIM_BLOCK_KEYS = 3
_SENTENCE_END = re.compile(r"[.!?][\"'”’)]*\s+|\n\s*\n")


def sentence_ends(text: str) -> list[tuple[int, int]]:
    """(end of a sentence, start of the next) for every sentence break of ``text``."""
    return [(m.start() + 1, m.end()) for m in _SENTENCE_END.finditer(text)]


def sentence_bounds(
    text: str, start: int, end: int, ends: list[tuple[int, int]] | None = None
) -> tuple[int, int]:
    """The sentence around ``[start, end)``: from the previous sentence break to the next
    (``ends`` from :func:`sentence_ends`, computed once per text when given)."""
    import bisect

    breaks = sentence_ends(text) if ends is None else ends
    i = bisect.bisect_right(breaks, (start, len(text) + 1)) - 1
    lo = breaks[i][1] if i >= 0 and breaks[i][1] <= start else 0
    j = bisect.bisect_left(breaks, (end, -1))
    hi = breaks[j][0] if j < len(breaks) else len(text)
    return lo, hi


def normalise_unit(unit: str | None, subject: str | None = None) -> str | None:
    """'soldiers' -> 'troop'; without a unit, the head word of the counted subject."""
    raw = fold(unit or "").strip()
    if raw in UNIT_SYNONYMS:
        return UNIT_SYNONYMS[raw]
    tokens = words(raw) or words(subject or "")[-1:]
    if not tokens:
        return raw or None
    head = plural_stem(tokens[-1])
    if head.endswith("ie") and len(head) > 4:  # casualties -> casualtie -> casualty
        head = head[:-2] + "y"
    return UNIT_SYNONYMS.get(head, head)


def quantity_key(
    unit: str | None, subject: str | None, context: Iterable[str], toll: str | None = None
) -> str | None:
    """What a number counts, as a key: 'troop|north korea russi' (unit | the places,
    nationalities, people and organisations named in its sentence, speaker excluded;
    possibly none: 'troop|'). People killed or injured (``toll``, :func:`toll_of`) count
    as 'dead' / 'injured'. A number with no counted thing has an empty unit ('|kovar': it
    may still join the one thing of its value in its story); None for clock times."""
    norm = normalise_unit(unit, subject)
    if norm in NOT_COUNTS:
        return None
    if toll and unit_class(norm) in {"person", "dead", "injured", None}:
        norm = toll
    stems = sorted({stem5(p) for p in context if stem5(p)})
    return f"{norm or ''}|{' '.join(stems)}"


# What a number counts, coarsely: the counted things a story may name in several ways
# ("four people" / "four victims", "two boats" / "two skiffs", "EUR" / "euros"). Numbers of
# one class and one value in one story are one figure; the class keeps "three years" apart
# from "three people".
_HUMAN_WORDS = (
    "people person resident civilian victim dead body casualty worker employee staff "
    "guard officer policeman policemen police troop soldier men man women woman children "
    "child boy girl adult teenager student robber thief thieve burglar gunman gunmen "
    "attacker assailant raider pirate brigand bandit militant rebel fighter crew crewmen "
    "crewman crewmember sailor seafarer hostage suspect prisoner inmate detainee captive "
    "member citizen national foreigner tourist passenger migrant refugee firefighter "
    "rescuer doctor juror customer shopper delegate voter protester demonstrator "
    "survivor family families manager executive official agent colleague coworker partner "
    "owner director relative friend neighbour neighbor villager fisherman fishermen seaman "
    "seamen youth teenager son daughter sons daughters brother sister wife husband mother "
    "father baby infant user operator"
)
HUMAN_NOUNS = frozenset(_HUMAN_WORDS.split())
_HUMAN_HEADS = ("worker", "member", "woman", "women", "fighter", "officer", "holder")
HUMAN_ENDINGS = ("men", "man", "ers", "ists", "ians", "ees")
UNIT_CLASSES: dict[str, str] = {
    **{
        w: "vessel"
        for w in [
            "boat",
            "skiff",
            "ship",
            "vessel",
            "speedboat",
            "dhow",
            "craft",
            "tanker",
            "trawler",
        ]
    },
    **{
        w: "weapon"
        for w in ["rifle", "gun", "weapon", "firearm", "pistol", "handgun", "shotgun", "ak-47"]
    },
    **{w: "€" for w in ("€", "euro", "eur")},
    **{w: "$" for w in ("$", "dollar", "usd", "us$")},
    **{w: "£" for w in ("£", "pound", "sterling", "gbp")},
}
# Modifiers that make a kind of its own of a counted class ("merchant vessels", "cargo
# ships" are the ships attacked, not the attackers' "boats"; "warships").
SUBCLASSES: dict[str, dict[str, str]] = {
    "vessel": {
        **{w: "merchant ship" for w in ("merchant", "cargo", "commercial", "container")},
        **{w: "merchant ship" for w in ("tanker", "bulk", "cruise", "passenger", "oil")},
        **{w: "warship" for w in ("naval", "navy", "war", "coast", "guard", "patrol")},
    }
}
# Sums and durations belong to someone: two organisations' offers of eight years are two
# figures (``owner_of``).
OWNED_CLASSES = frozenset({"$", "€", "£", "year", "month", "week", "day"})
# A story rarely counts one specific thing twice ("15 villages" damaged / "seven
# villages"; "two boats" / "three boats"): counts of one specific class in one story
# within SPECIFIC_RATIO are reports of one figure. Not so for the general classes: people,
# durations, money, percentages, distances (a story has many of each).
SPECIFIC_RATIO = 1.5
_GENERAL = (
    "person dead injured year month week day hour minute second time season game € $ £ % "
    "percent mile km kilometer kilometre meter metre foot ft inch"
)
GENERAL_CLASSES = frozenset(_GENERAL.split())
# Counted words that say nothing of what is counted ("all four of them").
PRONOUN_UNITS = frozenset(
    [
        "them",
        "they",
        "it",
        "those",
        "these",
        "others",
        "other",
        "each",
        "all",
        "both",
        "one",
        "ones",
        "of",
    ]
)
# Figures a story has one of (an earthquake's magnitude): different values are reports of
# one figure (a change, or a disagreement). A story may hold several events, so its death
# tolls are not one figure.
SINGLE_MEASURES = frozenset({"magnitude", "richter"})
# Words next to a count of people that say what happened to them ("killing at least 10
# people", "10 dead", "the death toll rose to 22", "bodies of 12", "about 50 hurt").
TOLL_WORDS: dict[str, str] = {
    **{
        w: "dead"
        for w in [
            "killed",
            "killing",
            "kill",
            "kills",
            "dead",
            "died",
            "die",
            "dies",
            "death",
            "deaths",
        ]
    },
    **{w: "dead" for w in ["toll", "fatalities", "fatality", "bodies", "lives", "perished"]},
    **{w: "injured" for w in ["injured", "injuring", "injuries", "wounded", "wounding", "hurt"]},
}
_ADDITIONAL = re.compile(r"\b(another|further|additional|more)\b(?! than)", re.IGNORECASE)
_PER_HOUR = re.compile(r"\b(per|an|a)\s+hour\b", re.IGNORECASE)
TOLL_WINDOW = 4  # words on each side of the number (within its sentence)
_WORD = re.compile(r"[a-z]+")


_CLAUSE = re.compile(r"[,;:()\u2013\u2014]| - ")
_APPROX_WORDS = frozenset(
    [
        "at",
        "least",
        "most",
        "more",
        "less",
        "than",
        "about",
        "around",
        "nearly",
        "almost",
        "some",
        "over",
    ]
)


_CONJUNCTIONS = frozenset({"and", "or", "but", "while", "whereas"})


def toll_of(before: str, after: str) -> str | None:
    """'dead' or 'injured' when a toll word stands within TOLL_WINDOW words of a number in
    its clause (``before``/``after``: the text of its sentence on each side, cut at the
    nearest comma, semicolon, colon, bracket or dash); approximation words ("at least")
    are not counted; the nearest wins, the right side first. On each side a conjunction
    ends the number's phrase: in "left a receptionist dead and two partners wounded" the
    two are the wounded."""
    before = _CLAUSE.split(before)[-1]
    after = _CLAUSE.split(after)[0]
    left = [w for w in _WORD.findall(before.lower()) if w not in _APPROX_WORDS]
    left = left[-TOLL_WINDOW:][::-1]
    right = _WORD.findall(after.lower())[:TOLL_WINDOW]
    left = list(itertools.takewhile(lambda w: w not in _CONJUNCTIONS, left))
    right = list(itertools.takewhile(lambda w: w not in _CONJUNCTIONS, right))
    for n in range(TOLL_WINDOW):
        for side in (right, left):
            if n < len(side) and side[n] in TOLL_WORDS:
                return TOLL_WORDS[side[n]]
    return None


# Counts of people within this ratio under one named context (two stems or more) are one
# figure (estimates of a troop deployment); sums of money and durations are not (the
# offers of a negotiation, the years of several sentences).
NEAR_VALUE_RATIO = 1.25
NEAR_VALUE_CLASSES = frozenset({"person", "dead", "injured"})
# Different values of one class in one story are one figure when the clauses around them
# share this much (``QuantityGroups._join_clauses``).
CLAUSE_JACCARD = 0.5
CLAUSE_SHARED = 2
CLAUSE_KEPT = 12  # most frequent clause terms kept per value
CLAUSE_BLOCK = 50  # values compared per shared term


# Articles remembered per value of a figure: two values one article states are two figures
# ("12 Somalis and 11 Yemenis", "two boats escaped, three were intercepted").
ARTICLES_KEPT = 64
PAIR_NAMES = 8
NAMED_STORIES = 8  # stories remembered per (class, name, value): enough to see two
CLAUSE_WINDOW = 6  # words on each side of a number that say what it is about


def owner_of(
    start: int, end: int, organisations: list[tuple[int, int, str]], lo: int, hi: int
) -> str | None:
    """The organisation a number belongs to, as a key (its name's last word, folded): the
    nearest one named before it in its sentence [lo, hi) ("the Nationals have offered
    Teixeira an eight-year deal"), else the nearest after it ("an offer from the Red
    Sox"). ``organisations``: (start, end, name) of ORG mentions."""
    before = [o for o in organisations if lo <= o[0] and o[1] <= start]
    after = [o for o in organisations if end <= o[0] and o[1] <= hi]
    found = before[-1] if before else (after[0] if after else None)
    if found is None:
        return None
    last = words(found[2])[-1:]
    return last[0] if last else None


# Words around a number that make it a habit or an average over time, not one moment's
# figure: "has averaged more than 30 home runs", "never hit fewer than 26", "20 a year".
HABITUAL_BEFORE = re.compile(
    r"\b(averag\w*|never|typically|usually|normally|routinely)\b(\s+\S+){0,7}\s*$",
    re.IGNORECASE,
)
HABITUAL_AFTER = re.compile(
    r"^\s*(\S+\s+){0,3}(a|per|each|every)\s+(year|season|month|week|day|game)\b",
    re.IGNORECASE,
)


def is_habitual(before: str, after: str) -> bool:
    """Is a number stated as a habit or a rate over time ("has averaged 100 RBIs", "never
    fewer than 26 homers", "30 home runs a season") rather than one moment's figure? Such
    a number may agree or not with a figure of the story; it is no side of a dispute."""
    left = _CLAUSE.split(before)[-1]
    right = _CLAUSE.split(after)[0]
    return HABITUAL_BEFORE.search(left) is not None or HABITUAL_AFTER.search(right) is not None


_ADDITIONAL_BEFORE = re.compile(r"\b(another|further|additional)\s*$", re.IGNORECASE)
_ADDITIONAL_AFTER = re.compile(r"^\s*more\b(?!\s+than)", re.IGNORECASE)


def is_additional(before: str, after: str) -> bool:
    """Does a number count a group besides one already counted ("a further 20,000 people
    marched in Thessaloniki", "another 12", "two more victims")? It is not the figure the
    same bare number states elsewhere."""
    return bool(_ADDITIONAL_BEFORE.search(before) or _ADDITIONAL_AFTER.search(after))


def is_update(before: str) -> bool:
    """Does the text before a number report it as a change of the figure ("the death toll
    rose to", "has now climbed to at least")?"""
    return UPDATE_CUE.search(_CLAUSE.split(before)[-1]) is not None


def clause_terms(before: str, after: str) -> list[str]:
    """Content terms (no digits) of the CLAUSE_WINDOW words on each side of a number in its
    clause: what the figure is about ("villages damaged", "magazines seized")."""
    left = " ".join(_WORD.findall(_CLAUSE.split(before)[-1].lower())[-CLAUSE_WINDOW:])
    right = " ".join(_WORD.findall(_CLAUSE.split(after)[0].lower())[:CLAUSE_WINDOW])
    return sorted(content_terms(f"{left} {right}"))


def unit_class(unit: str | None) -> str | None:
    """The coarse class of a normalised unit: 'person' for people however named ('dead',
    'victim', 'robber', 'Somali'), 'vessel', 'weapon', a currency sign; the unit itself
    otherwise; None when it names nothing ('them', empty)."""
    if not unit or unit in PRONOUN_UNITS:
        return None
    if len(unit) >= 4 and unit.endswith("s") and not unit.endswith("ss"):
        unit = unit[:-1]  # short plurals the stemmer leaves: guns, rbis
    if unit in UNIT_CLASSES:
        return UNIT_CLASSES[unit]
    if TOLL_WORDS.get(unit) == "injured":  # "80 hurt", "five wounded"
        return "injured"
    if unit in SINGLE_MEASURES or unit == "injured":
        return unit
    if unit in HUMAN_NOUNS or (len(unit) > 4 and unit.endswith(HUMAN_ENDINGS)):
        return "person"
    if _is_compound_human(unit):  # co-workers, crewmembers, policewomen
        return "person"
    if _is_nationality(unit):  # Somali, Yemeni, Iranian
        return "person"
    return unit


def _is_compound_human(unit: str) -> bool:
    """A compound whose head is a person noun: 'coworker', 'co-worker', 'crewmember'."""
    head = re.split(r"[-\s]", unit)[-1]
    if head != unit and (head in HUMAN_NOUNS or plural_stem(head) in HUMAN_NOUNS):
        return True
    return any(unit.endswith(n) and len(unit) - len(n) >= 2 for n in _HUMAN_HEADS)


def _is_nationality(unit: str) -> bool:
    return len(unit) > 4 and unit.endswith(("i", "ian", "ese")) and unit not in HUMAN_NOUNS


def _top_terms(counts: Counter[str]) -> set[str]:
    """The CLAUSE_KEPT most frequent terms, ties by the term (``most_common`` breaks ties
    by insertion order, which follows set order, i.e. the string hash seed)."""
    ranked = sorted(counts.items(), key=lambda tc: (-tc[1], tc[0]))
    return {t for t, _ in ranked[:CLAUSE_KEPT]}


def _value_text(value: float) -> str:
    return f"{value:.6g}"


class QuantityGroups:
    """Incremental :func:`group_quantities`. :meth:`add` returns the node a number belongs
    to, None when it can join nothing:

    - in a story, numbers of one :func:`unit_class` and one value are one figure ("four
      people" killed / "four victims"; a classifying modifier makes a class of its own:
      "merchant vessels" are not the attackers' "boats", SUBCLASSES); a number that names
      no counted thing joins the one class of its value in its story, or, when the value
      has several, the one whose clauses it shares (:meth:`_by_clause`);
    - a sum or a duration belongs to someone (``owner_of``): in one story, rival owners of
      one value (each in two articles or more) keep their figures apart ("the Nationals
      have offered eight years" / "the Red Sox ... eight years");
    - under one named context of two stems or more (the places, people, organisations of
      the sentence) and one unit class, anywhere in the corpus, one value is one figure,
      and so is one value of one class under two shared names (``p:`` keys, at most
      PAIR_NAMES names a number); in one story, counts of people within NEAR_VALUE_RATIO
      are too ("about 12,000 North Korean troops in Russia" / "11,000 soldiers from North
      Korea ... Russia": estimates of one figure; across stories, "23 pirates" and "26
      pirates" in the Gulf of Aden are two captures; two nationalities are two groups);
    - in one story, counts of one specific class (not people, durations, money, ...)
      within SPECIFIC_RATIO ("15 villages" / "seven villages" damaged), and different
      values of one class whose clauses say the same thing (:meth:`_join_clauses`);
    - never two values one article states (at least one article of each value in common:
      "two skiffs escaped, three were seized" counts two things);
    - a single measure (magnitude) of a story is one figure whatever its values.

    State is one entry per distinct (story, value) and (key, value) (with at most
    ARTICLES_KEPT articles each), not per number."""

    def __init__(self) -> None:
        self.uf = UnionFind()
        self.classes: dict[tuple[str, str], set[str]] = {}
        # near key -> value -> articles stating it (at most ARTICLES_KEPT)
        self.key_values: dict[str, dict[float, set[str]]] = {}
        # (story, class, value) -> articles stating it (at most ARTICLES_KEPT): an article
        # that states two values of one class is counting two things
        self.stated: dict[tuple[str, str, str], set[str]] = {}
        # (story, class) -> value -> the clause terms of its numbers (at most CLAUSE_KEPT)
        self.clauses: dict[tuple[str, str], dict[str, Counter[str]]] = {}
        # (story, class, value) -> the organisations its numbers belong to (owned classes)
        self.owners: dict[tuple[str, str, str], dict[str, set[str]]] = {}
        # (story, value) -> clause terms of the numbers of that value that name nothing
        self.unnamed: dict[tuple[str, str], Counter[str]] = {}
        # story -> its articles with numbers (up to 3: is it a story of one or two?)
        self.story_articles: dict[str, set[str]] = {}
        # (class, name, value, owner) -> story -> the first node of its numbers
        self.named: dict[tuple[str, str, str, str], dict[str, str]] = {}

    def add(self, item: Item, story: str | None) -> str | None:
        if item.key is None:
            return None
        unit, _, context = item.key.partition("|")
        value = item.value if item.value is not None else item.low
        if value is None:
            return None
        if unit in {"mile", "km", "kilometre", "kilometer"} and _PER_HOUR.search(item.text or ""):
            unit = "mph" if unit == "mile" else "km/h"  # "120 miles per hour" is 120 mph
        cls = unit_class(unit)
        if cls in SUBCLASSES:
            # "merchant vessels" are not the pirates' "boats": a classifying modifier
            modifiers = set(_WORD.findall(fold(item.subject or ""))) & SUBCLASSES[cls].keys()
            if modifiers:
                cls = SUBCLASSES[cls][min(modifiers)]
        if cls is not None and (item.additional or _ADDITIONAL.search(item.text or "")):
            cls = f"{cls}+"  # "a further 20,000 people", "two more victims": another group
        shown = _value_text(value)
        owner = item.owner if cls in OWNED_CLASSES else None
        node: str | None = None
        if story:
            if cls is None:
                node = f"w:{story}\x1f{shown}"
                if item.terms:
                    unnamed = self.unnamed.setdefault((story, shown), Counter())
                    unnamed.update(item.terms)
            else:
                node = f"v:{story}\x1f{cls}\x1f{shown}"
                self.classes.setdefault((story, shown), set()).add(cls)
                stated = self.stated.setdefault((story, cls, shown), set())
                if len(stated) < ARTICLES_KEPT:
                    stated.add(item.article_id)
                if item.terms:
                    by_value = self.clauses.setdefault((story, cls), {})
                    by_value.setdefault(shown, Counter()).update(item.terms)
                if owner:
                    # the Nationals' eight years and the Red Sox's eight years: two offers
                    by_owner = self.owners.setdefault((story, cls, shown), {})
                    articles = by_owner.setdefault(owner, set())
                    if len(articles) < 2:
                        articles.add(item.article_id)
                    node = f"o:{story}\x1f{cls}\x1f{shown}\x1f{owner}"
                elif unit in SINGLE_MEASURES:
                    self.uf.union(f"t:{story}\x1f{cls}", node)
                elif cls not in GENERAL_CLASSES:
                    near = f"{story}\x1f={cls}"
                    self._note(near, value, item.article_id)
                    self.uf.union(f"n:{near}\x1f{shown}", node)
        if cls is not None and len(context.split()) >= 2:
            key = f"{cls}|{context}"
            keyed = f"k:{key}\x1f{shown}" + (f"\x1f{owner}" if owner else "")
            if story and cls in NEAR_VALUE_CLASSES:
                # "12 Somalis" and "11 Yemenis" among the pirates: two figures
                group = unit if _is_nationality(unit) else cls
                near = f"{story}\x1f{group}|{context}"
                self._note(near, value, item.article_id)
                self.uf.union(f"n:{near}\x1f{shown}", keyed)
            if node is None:
                node = keyed
            else:
                self.uf.union(keyed, node)
            names = sorted({w for w in context.split() if len(w) >= 3})[:PAIR_NAMES]
            for pair in itertools.combinations(names, 2):
                self.uf.union(f"p:{cls}|{' '.join(pair)}\x1f{shown}\x1f{owner or ''}", node)
        if story and cls is not None and node is not None:
            articles = self.story_articles.setdefault(story, set())
            if len(articles) < 3:
                articles.add(item.article_id)
            for name in sorted({w for w in context.split() if len(w) >= 4})[:PAIR_NAMES]:
                by_story = self.named.setdefault((cls, name, shown, owner or ""), {})
                if story not in by_story and len(by_story) < NAMED_STORIES:
                    by_story[story] = node
        return node

    def _note(self, near: str, value: float, article_id: str) -> None:
        articles = self.key_values.setdefault(near, {}).setdefault(value, set())
        if len(articles) < ARTICLES_KEPT:
            articles.add(article_id)

    def finish(self) -> None:
        """The joins that need every number: :meth:`join_named` across stories, then
        :meth:`join_in_stories`."""
        self.join_named()
        self.join_in_stories()

    def join_named(self) -> None:
        """An article its story grouping left (nearly) alone: its number joins the one
        figure of its class and value, in a story of three articles or more, whose
        sentences name a place or a party its own names (:func:`named_links` on
        :attr:`named`)."""
        small = {s for s, articles in self.story_articles.items() if len(articles) <= 2}
        for a, b in named_links(
            [(s, node, s in small) for s, node in by_story.items()]
            for by_story in self.named.values()
        ):
            self.uf.union(a, b)

    def join_in_stories(self) -> None:
        """The joins within one story (rival owners, clauses, numbers that name nothing,
        near values): they read only the state of that story, so a backend may run them
        story by story with :meth:`join_named` done apart."""
        for (story, cls, shown), owners in self.owners.items():
            # rival owners (each named in two articles or more) keep their figures apart;
            # the numbers of other owners and of none join the base figure of the value
            rivals = {o for o, articles in owners.items() if len(articles) >= 2}
            base = f"v:{story}\x1f{cls}\x1f{shown}"
            for owner in owners:
                if len(rivals) < 2 or owner not in rivals:
                    self.uf.union(f"o:{story}\x1f{cls}\x1f{shown}\x1f{owner}", base)
        for (story, cls), by_value in self.clauses.items():
            self._join_clauses(story, cls, by_value)
        for (story, shown), classes in self.classes.items():
            best = min(classes) if len(classes) == 1 else self._by_clause(story, shown, classes)
            if best is not None:
                self.uf.union(f"w:{story}\x1f{shown}", f"v:{story}\x1f{best}\x1f{shown}")
        for near, values in self.key_values.items():
            ordered = sorted(values)
            ratio = SPECIFIC_RATIO if "\x1f=" in near else NEAR_VALUE_RATIO
            for low, high in itertools.pairwise(ordered):
                if low > 0 and high / low <= ratio and not values[low] & values[high]:
                    self.uf.union(
                        f"n:{near}\x1f{_value_text(low)}", f"n:{near}\x1f{_value_text(high)}"
                    )

    def _by_clause(self, story: str, shown: str, classes: set[str]) -> str | None:
        """The class a number that names nothing counts when its value has several in its
        story: the one whose numbers' clauses share the most terms with its own (at least
        CLAUSE_SHARED, and more than any other class): "a dozen other people were at the
        party" and "at least a dozen people were at the party"."""
        own = _top_terms(self.unnamed.get((story, shown), Counter()))
        if not own:
            return None
        scored = []
        for cls in classes:
            theirs = self.clauses.get((story, cls), {}).get(shown, Counter())
            terms = _top_terms(theirs)
            scored.append((len(own & terms), cls))
        scored.sort(reverse=True)
        if scored[0][0] >= CLAUSE_SHARED and (len(scored) == 1 or scored[1][0] < scored[0][0]):
            return scored[0][1]
        return None

    def _join_clauses(self, story: str, cls: str, by_value: dict[str, Counter[str]]) -> None:
        """Different values of one class in one story whose clauses say the same thing
        (CLAUSE_JACCARD of their most frequent terms, CLAUSE_SHARED terms at least) are
        reports of one figure. Candidates share a term (an index, not all pairs)."""
        if len(by_value) < 2:
            return
        terms = {v: _top_terms(c) for v, c in sorted(by_value.items())}
        stated = {v: self.stated.get((story, cls, v), set()) for v in terms}
        index: dict[str, list[str]] = {}
        for value, ts in terms.items():
            seen: set[str] = set()
            for term in sorted(ts):
                for other in index.get(term, ())[:CLAUSE_BLOCK]:
                    if other in seen:
                        continue
                    seen.add(other)
                    shared = len(ts & terms[other])
                    if stated.get(value, set()) & stated.get(other, set()):
                        continue  # one article states both: two figures
                    if shared >= CLAUSE_SHARED and jaccard(ts, terms[other]) >= CLAUSE_JACCARD:
                        self.uf.union(
                            f"v:{story}\x1f{cls}\x1f{value}", f"v:{story}\x1f{cls}\x1f{other}"
                        )
                index.setdefault(term, []).append(value)

    def joined(self, node: str) -> bool:
        """Whether a node is a figure (a number with no counted thing that joined nothing
        is not)."""
        return not str(self.uf.find(node)).startswith("w:")


def named_links(
    groups: Iterable[list[tuple[str, str, bool]]],
) -> Iterator[tuple[str, str]]:
    """:meth:`QuantityGroups.join_named` on plain data: for each (class, name, value, owner)
    of :attr:`QuantityGroups.named`, its first NAMED_STORIES stories as (story, first node,
    whether the story is small: two articles with numbers or fewer); where exactly one is
    not small, the (small story's node, its node) joins."""
    for stories in groups:
        big = [node for _, node, small in stories if not small]
        if len(big) == 1:
            for _, node, small in stories:
                if small:
                    yield node, big[0]


def group_quantities(items: list[Item], stories: dict[str, str | None]) -> list[list[Item]]:
    """Numbers stating the same figure (:class:`QuantityGroups`); groups of one article
    are dropped."""
    grouper = QuantityGroups()
    nodes = [grouper.add(item, stories.get(item.article_id)) for item in items]
    grouper.finish()
    groups: dict[Hashable, list[Item]] = {}
    for item, node in zip(items, nodes, strict=True):
        if node is not None and grouper.joined(node):
            groups.setdefault(grouper.uf.find(node), []).append(item)
    return [g for g in groups.values() if len({m.article_id for m in g}) > 1]


@dataclass(slots=True)
class Item:
    """One statement or quantity as seen by the alignment (a light view of a store row)."""

    id: str
    article_id: str
    outlet: str | None
    published: str | None
    speaker: str | None = None
    speaker_entity: str | None = None
    content: str = ""
    modality: str | None = None
    origin: str | None = None  # furthest relay (entity id or text), if relayed
    value: float | None = None
    low: float | None = None
    high: float | None = None
    approx: str | None = None
    unit: str | None = None
    subject: str | None = None  # the counted noun phrase, when the extractor found it
    text: str | None = None
    key: str | None = None  # quantity key
    duplicate_of: str | None = None  # the original article when this article is a copy
    story: str | None = None  # the story of its article (set by analyse)
    cue: str | None = None  # the reporting verb or phrase
    original_source: str | None = None  # source of the original article (for copies)
    terms: set[str] = field(default_factory=set)
    update: bool = False  # a number reported as a change of the figure ("rose to 22")
    habitual: bool = False  # a rate or a habit, not one moment's figure ("has averaged 30")
    additional: bool = False  # a group besides another ("a further 20,000", "two more")
    names: list[str] = field(default_factory=list)  # places, people named in its sentence
    owner: str | None = None  # the organisation a number belongs to (``owner_of``)


def source_of(item: Item) -> str:
    """The independent source an item counts for."""
    if item.original_source:
        return item.original_source
    if item.origin:
        return "via:" + fold(item.origin)
    return "outlet:" + fold(item.outlet or item.article_id)


def claim_id(kind: str, first_member: str) -> str:
    return "c_" + hashlib.sha1(f"{kind}:{first_member}".encode()).hexdigest()[:14]


def _union_find(n: int) -> tuple[list[int], Any]:
    parent = list(range(n))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    return parent, find


class UnionFind:
    """Union-find over hashable keys; a key never seen is its own root (only keys that were
    joined to something take memory)."""

    __slots__ = ("parent",)

    def __init__(self) -> None:
        self.parent: dict[Hashable, Hashable] = {}

    def find(self, x: Hashable) -> Hashable:
        parent = self.parent
        root = x
        while root in parent:
            root = parent[root]
        while x in parent and parent[x] != root:
            parent[x], x = root, parent[x]
        return root

    def union(self, a: Hashable, b: Hashable) -> None:
        """Put ``a``'s set under ``b``'s root."""
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[ra] = rb


class StatementClusters:
    """Incremental :func:`cluster_statements`: statements are fed in order to :meth:`add`
    with the document frequency of their terms counted beforehand. Blocking: each statement
    is filed under its ``CLAIM_BLOCK_KEYS`` rarest content terms (terms seen once skipped);
    within a block it is compared with at most ``claim_max_block`` earlier representatives
    (statements that joined no one there). Memory holds the representatives (at most
    ``claim_max_block`` per block key; where most statements are unique, nearly one per
    statement) and the union-find links between them; a statement that joins a cluster is
    returned as its node and forgotten.

    With ``journal=True`` the blocks and representatives may live elsewhere (a store's
    temporary tables, :mod:`claimgraph.store.sql.align`): before a page of statements is
    added, :attr:`blocks` and :attr:`reps` are loaded with the complete lists of the page's
    :meth:`block_keys` and their representatives; :attr:`added` then lists the (block key,
    representative) appends of the page in order, to be saved before :meth:`forget`."""

    def __init__(self, df: Counter[str] | TermCounts, journal: bool = False) -> None:
        settings = get_settings()
        self.df = df
        self.max_block = settings.claim_max_block
        self.threshold = settings.claim_threshold
        self.same_speaker = settings.claim_same_speaker_threshold
        self.blocks: dict[str, list[Hashable]] = {}
        self.reps: dict[Hashable, tuple[str, str | None, frozenset[str]]] = {}
        self.uf = UnionFind()
        self.journal = journal
        self.added: list[tuple[str, Hashable]] = []

    def block_keys(self, terms: set[str]) -> list[str]:
        """The block keys of a statement's content terms: its ``CLAIM_BLOCK_KEYS`` rarest
        terms seen more than once (ties by the term)."""
        df = self.df
        keys = sorted((t for t in terms if df[t] > 1), key=lambda t: (df[t], t))
        return keys[:CLAIM_BLOCK_KEYS]

    def forget(self) -> None:
        """Drop the blocks and representatives held (saved elsewhere); links stay."""
        self.blocks, self.reps, self.added = {}, {}, []

    def add(
        self, key: Hashable, item: Item, block_keys: list[str] | None = None
    ) -> Hashable | None:
        """File one statement under ``key``. Returns its node (``key`` itself when it became
        a representative, else the root of the cluster it joined), None when it joined
        nothing and represents nothing (a claim of one statement so far). ``block_keys``:
        :meth:`block_keys` of its terms, when already computed."""
        uf = self.uf
        terms = item.terms or content_terms(item.content)
        represents = joined_any = False
        if block_keys is None:
            block_keys = self.block_keys(terms)
        for block_key in block_keys:
            reps = self.blocks.setdefault(block_key, [])
            joined = False
            for j in reps:
                # Every representative of the block is compared the same way, whichever claim
                # it belongs to: a decision depends on the pair, not on where in the block a
                # representative of the statement's own claim happens to stand (until 0.3 a
                # statement stopped there, an order-dependent shortcut that a per-block engine
                # such as Spark's cannot reproduce).
                article_id, speaker_entity, other = self.reps[j]
                if article_id == item.article_id:
                    continue
                same = item.speaker_entity is not None and item.speaker_entity == speaker_entity
                need = self.same_speaker if same else self.threshold
                if len(terms & other) >= 2 and jaccard(terms, other) >= need:
                    uf.union(key, j)
                    joined = joined_any = True
                    break
            if not joined and len(reps) < self.max_block:
                if not represents:
                    self.reps[key] = (
                        item.article_id,
                        item.speaker_entity,
                        frozenset(sys.intern(t) for t in terms),
                    )
                    represents = True
                reps.append(key)
                if self.journal:
                    self.added.append((block_key, key))
        if represents:
            return key
        if joined_any:
            node = uf.find(key)
            del uf.parent[key]  # a leaf: nothing points to a statement that joined
            return node
        return None


def cluster_statements(items: list[Item]) -> list[list[int]]:
    """Clusters (lists of indexes into ``items``) of statements making the same claim
    (:class:`StatementClusters` over the document frequency of ``items``' content terms):
    cost O(statements x keys x representatives), no all-pairs comparison."""
    df: Counter[str] = Counter()
    for item in items:
        if not item.terms:
            item.terms = content_terms(item.content)
        df.update(item.terms)
    clusters = StatementClusters(df)
    groups: dict[Hashable, list[int]] = {}
    for i, item in enumerate(items):
        node = clusters.add(i, item)
        if node is not None:
            groups.setdefault(clusters.uf.find(node), []).append(i)
    return [g for g in groups.values() if len({items[k].article_id for k in g}) > 1]


def match_copy(copy: Item, originals: list[Item]) -> Item | None:
    """The statement of the original article that a copy's statement reproduces."""
    if not copy.terms:
        copy.terms = content_terms(copy.content)
    best, best_score = None, 0.0
    for o in originals:
        if not o.terms:
            o.terms = content_terms(o.content)
        score = jaccard(copy.terms, o.terms)
        if score > best_score:
            best, best_score = o, score
    return best if best_score >= get_settings().claim_threshold else None


_SUFFIXES = ("ings", "ing", "ied", "ies", "ed", "es", "s")


def stems(text: str) -> set[str]:
    """Content words cut to a crude stem (firing/fired -> fir), for comparing a short
    denial with the assertion it denies."""
    out = set()
    for w in content_terms(text):
        for suffix in _SUFFIXES:
            if w.endswith(suffix) and len(w) - len(suffix) >= 3:
                w = w[: -len(suffix)]
                break
        out.add(w)
    return out


def is_denial(item: Item) -> bool:
    """A statement that denies its content: modality "denied" with a denying cue ("denied",
    "rejected", "dismissed" ...) that is not itself negated ("did not dispute" agrees, "did
    not say" and "has not commented" say nothing)."""
    if item.modality not in NEGATIVE_MODALITIES:
        return False
    cue = fold(item.cue or "")
    if not cue:
        return True
    if re.search(r"\b(not|never|n't|no)\b", cue.replace("n’t", "n't")):
        return False
    return any(stem in cue for stem in DENIAL_CUES)


def polarity_match(asserted: Item, denied: Item) -> bool:
    """Does ``denied`` deny what ``asserted`` asserts? Most of the denial's stems (at least
    two) occur in the assertion: "denied firing on Kovar" vs "shells fired from Dravenian
    positions hit Kovar"."""
    return _contains(stems(asserted.content), stems(denied.content))


def _contains(asserted: set[str], denied: set[str]) -> bool:
    shared = len(denied & asserted)
    return shared >= 2 and shared / len(denied) >= POLARITY_CONTAINMENT


def polarity_links(items: list[Item]) -> list[tuple[int, int]]:
    """Within one story's statements (in id order): (denial, assertion) index pairs where
    the denial denies the assertion (``_contains`` on stems), from an index of assertion
    stems; at most POLARITY_LINKS per denial, other articles only."""
    denied: list[int] = []
    index: dict[str, list[int]] = {}
    stem_sets: dict[int, set[str]] = {}  # computed once per statement
    for i, item in enumerate(items):
        if is_denial(item):
            denied.append(i)
            stem_sets[i] = stems(item.content)
        elif item.modality in POSITIVE_MODALITIES:
            stem_sets[i] = stems(item.content)
            for stem in stem_sets[i]:
                index.setdefault(stem, []).append(i)
    links: list[tuple[int, int]] = []
    for i in denied:
        d = items[i]
        d_stems = stem_sets[i]
        seen: set[int] = set()
        n = 0
        for stem in sorted(d_stems):
            for j in index.get(stem, ())[: 4 * POLARITY_LINKS]:
                if j in seen or items[j].article_id == d.article_id:
                    continue
                seen.add(j)
                if _contains(stem_sets[j], d_stems):
                    links.append((i, j))
                    n += 1
            if n >= POLARITY_LINKS:
                break
    return links


def link_polarity(items: list[Item], clusters: list[list[int]]) -> list[list[int]]:
    """Join each denial with the assertions it denies in the same story (their clusters
    merge), so the contradiction is found even when the wording differs
    (:func:`polarity_links` per story)."""
    parent, find = _union_find(len(items))
    for cluster in clusters:
        for k in cluster[1:]:
            parent[find(k)] = find(cluster[0])
    by_story: dict[str, list[int]] = {}
    for i, item in enumerate(items):
        if item.story:
            by_story.setdefault(item.story, []).append(i)
    for indexes in by_story.values():
        for i, j in polarity_links([items[k] for k in indexes]):
            parent[find(indexes[i])] = find(indexes[j])
    groups: dict[int, list[int]] = {}
    for i in range(len(items)):
        groups.setdefault(find(i), []).append(i)
    return [g for g in groups.values() if len({items[k].article_id for k in g}) > 1]


def interval(item: Item) -> tuple[float, float] | None:
    """The values a number allows, after its stated approximation."""
    settings = get_settings()
    v, approx = item.value, (item.approx or "exact")
    if approx == "range" and item.low is not None and item.high is not None:
        return (min(item.low, item.high), max(item.low, item.high))
    if v is None:
        return None
    if approx in {"at_least", "more_than"}:
        return (v, float("inf"))
    if approx in {"at_most", "less_than"}:
        return (float("-inf"), v)
    tol = settings.approx_tolerance if approx == "approximate" else settings.exact_tolerance
    return (v - abs(v) * tol, v + abs(v) * tol)


def _side(item: Item) -> dict[str, Any]:
    side: dict[str, Any] = {
        "id": item.id,
        "article_id": item.article_id,
        "speaker": item.speaker,
        "speaker_entity": item.speaker_entity,
        "outlet": item.outlet,
        "published": item.published,
        "source": source_of(item),
        "modality": item.modality,
    }
    if item.value is not None or item.approx == "range":
        side.update(value=item.value, low=item.low, high=item.high, approx=item.approx)
        side["text"] = item.text
    else:
        side["text"] = item.content
    return side


def _date_key(item: Item) -> tuple[str, str]:
    return (item.published or "9999", item.id)


def _day(published: str | None) -> int | None:
    from datetime import date

    try:
        return date.fromisoformat((published or "")[:10]).toordinal()
    except ValueError:
        return None


def _close_in_time(
    a: list[Item], b: list[Item], window: int, limit: int = 1
) -> list[tuple[Item, Item]]:
    """Pairs (one of ``a``, one of ``b``) by distinct sources published within ``window``
    days of each other, the earliest first, one per pair of sources, at most ``limit``;
    undated members pair with anything. A number that reports an update ("rose to 22") is
    a change of the figure, never one side of a contradiction. ``b`` is bucketed by day,
    so the cost is |a| x (2 window + 1) buckets, not |a| x |b|."""
    by_day: dict[int | None, list[tuple[str, Item]]] = {}
    for y in b:
        if y.update or y.habitual:
            continue
        bucket = by_day.setdefault(_day(y.published), [])
        if len(bucket) < 8:  # a few per day: enough to find distinct sources
            bucket.append((source_of(y), y))
    undated = by_day.get(None, [])
    dated = sorted(d for d in by_day if d is not None)
    pairs: list[tuple[Item, Item]] = []
    seen: set[tuple[str, str]] = set()
    for x in a:
        if x.update or x.habitual:
            continue
        sx, dx = source_of(x), _day(x.published)
        days = dated if dx is None else range(dx - window, dx + window + 1)
        candidates = [e for day in days for e in by_day.get(day, ())] + undated
        for sy, y in candidates:
            if sy != sx and (sx, sy) not in seen and _same_time(x, y):
                seen.add((sx, sy))
                pairs.append((x, y))
                if len(pairs) >= limit:
                    return pairs
    return pairs


def _same_time(a: Item, b: Item) -> bool:
    """Can two numbers be rival reports of one moment? Not when they belong to two stories
    (two events: the 2005 quake's magnitude and the 2008 one's)."""
    return a.story is None or b.story is None or a.story == b.story


def _comparable(a: Item, b: Item, max_ratio: float) -> bool:
    """Two numbers can disagree about one thing: both percentages or neither, and within
    ``max_ratio`` of each other (1,000 vs 200,000 are counts of different things)."""
    if ("%" in (a.text or "")) != ("%" in (b.text or "")):
        return False
    va, vb = abs(a.value or a.low or 0.0), abs(b.value or b.low or 0.0)
    if va == 0 or vb == 0:
        return False
    return max(va, vb) / min(va, vb) <= max_ratio


def _value_key(m: Item) -> tuple[Any, ...]:
    return (m.value, m.low, m.high, m.approx)


def numeric_contradictions(members: list[Item]) -> list[tuple[Item, Item]]:
    """Pairs of members whose intervals (after the stated approximation) do not meet,
    published within ``contradiction_window_days`` of each other by distinct sources and of
    comparable size; per pair of distinct values, one pair per pair of sources (the
    earliest; at most CONTRADICTIONS_PER_VALUES, MAX_CONTRADICTIONS per claim). Numbers
    further apart in time, and updates ("rose to 22"), are changes on the claim's timeline,
    not contradictions."""
    settings = get_settings()
    by_value: dict[tuple[Any, ...], list[Item]] = {}
    for m in sorted(members, key=_date_key):
        by_value.setdefault(_value_key(m), []).append(m)
    groups: list[tuple[list[Item], tuple[float, float]]] = []
    for ms in by_value.values():
        iv = interval(ms[0])
        if iv is not None:
            groups.append((ms, iv))
    # an article that states both numbers is counting two different things
    values_in: dict[str, set[tuple[Any, ...]]] = {}
    for value, ms in by_value.items():
        for m in ms:
            values_in.setdefault(m.article_id, set()).add(value)
    pairs: list[tuple[Item, Item]] = []
    for i, (a, ia) in enumerate(groups):
        for b, ib in groups[i + 1 :]:
            if not (ia[1] < ib[0] or ib[1] < ia[0]):
                continue
            both = [m for m in a if len(values_in[m.article_id]) > 1]
            va, vb = _value_key(a[0]), _value_key(b[0])
            if any(vb in values_in[m.article_id] for m in both) or any(
                va in values_in[m.article_id] for m in b if len(values_in[m.article_id]) > 1
            ):
                continue
            if not _comparable(a[0], b[0], settings.contradiction_max_ratio):
                continue
            room = MAX_CONTRADICTIONS - len(pairs)
            if room <= 0:
                break
            window = settings.contradiction_window_days
            pairs.extend(_close_in_time(a, b, window, min(room, CONTRADICTIONS_PER_VALUES)))
    return pairs


def polarity_contradictions(members: list[Item]) -> list[tuple[Item, Item]]:
    """Denial against assertion of the same content (``polarity_match``, checked directly,
    not only through the cluster), by distinct sources within ``contradiction_window_days``:
    the earliest pair per pair of sources."""
    settings = get_settings()
    ordered = sorted(members, key=_date_key)
    denied = [m for m in ordered if is_denial(m)]
    asserted = [m for m in ordered if m.modality in POSITIVE_MODALITIES]
    if not denied or not asserted:
        return []
    cache = {m.id: stems(m.content) for m in (*denied, *asserted)}
    pairs, seen = [], set()
    for d in denied:
        for a in asserted:
            key = (source_of(d), source_of(a))
            if key[0] == key[1] or key in seen:
                continue
            if not _contains(cache[a.id], cache[d.id]):
                continue
            da, dd = _day(a.published), _day(d.published)
            if (
                da is not None
                and dd is not None
                and abs(da - dd) > settings.contradiction_window_days
            ):
                continue
            seen.add(key)
            pairs.append((a, d))
    return pairs[:10]


def timeline(members: list[Item]) -> list[dict[str, Any]]:
    """First appearance, then each change of value or polarity, in date order."""
    out: list[dict[str, Any]] = []
    last = None
    for m in sorted(members, key=_date_key):
        state = (m.value, m.low, m.high, m.approx) if m.value is not None else m.modality
        if out and state == last:
            out[-1]["repeats"] += 1
            continue
        out.append(
            {
                "published": m.published,
                "outlet": m.outlet,
                "id": m.id,
                "article_id": m.article_id,
                "change": "first" if not out else ("updated" if m.update else "changed"),
                "value": m.value,
                "approx": m.approx,
                "modality": m.modality,
                "repeats": 0,
            }
        )
        last = state
    return out


def statement_label(members: list[Item]) -> str:
    """What a statement claim says: the member content that shares the most content terms
    with the others (the fullest report, not a fragment such as "as a despot"), the earlier
    on a tie; at most LABEL_CHARS characters, cut at a word."""
    terms = [m.terms or content_terms(m.content) for m in members]
    counts = Counter(t for ts in terms for t in ts)
    best = max(
        range(len(members)),
        key=lambda i: (sum(min(counts[t], 3) for t in terms[i]), -i),
    )
    return _cut(members[best].content)


def _cut(text: str) -> str:
    text = " ".join(text.split())
    if len(text) <= LABEL_CHARS:
        return text
    return text[:LABEL_CHARS].rsplit(" ", 1)[0] + "…"


def _number_text(m: Item) -> str:
    shown = f"{m.value:,.6g}" if m.value is not None else "?"
    words_ = {"at_least": "at least ", "at_most": "at most ", "approximate": "about "}
    if m.approx == "range" and m.low is not None and m.high is not None:
        return f"{m.low:,.6g}-{m.high:,.6g}"
    return words_.get(m.approx or "", "") + shown


def quantity_label(members: list[Item]) -> str:
    """What a number claim counts and its values, then the sentence that states it: "people
    killed: 19, at least 20 — Gunmen killed 19 people in an attack on ..." (the counted
    noun the members name most often, the toll they report, each distinct value once in
    date order; the fullest member sentence)."""
    subjects = Counter(fold(m.subject) for m in members if m.subject)
    unit = (members[0].key or "").partition("|")[0]
    what = subjects.most_common(1)[0][0] if subjects else unit
    if unit in {"dead", "injured"} and unit not in what:
        what = f"{what} ({unit})" if what else unit
    values = list(dict.fromkeys(_number_text(m) for m in members))
    shown = ", ".join(values[:LABEL_VALUES]) + (", …" if len(values) > LABEL_VALUES else "")
    head = f"{what}: {shown}" if what else shown
    sentences = [m for m in members if m.content]
    if not sentences:
        return head
    return _cut(f"{head} — {statement_label(sentences)}")


def summarise(kind: str, members: list[Item]) -> dict[str, Any]:
    """The claim row data: sources, echoes, timeline and contradictions of a cluster."""
    ordered = sorted(members, key=_date_key)
    sources: dict[str, list[str]] = {}
    echoes = []
    for m in ordered:
        src = source_of(m)
        sources.setdefault(src, []).append(m.id)
        if src != "outlet:" + fold(m.outlet or m.article_id):
            echoes.append(
                {"id": m.id, "outlet": m.outlet, "source": src, "copy_of": m.duplicate_of}
            )
    first = ordered[0]
    if kind == "quantity":
        label = quantity_label(ordered)
        pairs = numeric_contradictions(ordered)
    else:
        label = statement_label(ordered)
        pairs = polarity_contradictions(ordered)
    names = Counter(n for m in ordered for n in dict.fromkeys(m.names))
    speakers = sorted({m.speaker for m in ordered if m.speaker})
    listed = MAX_LISTED
    return {
        "id": claim_id(kind, first.id),
        "kind": kind,
        "label": label,
        "speakers": speakers,
        "names": [n for n, _ in names.most_common(MAX_NAMES)],
        "speaker_entity": first.speaker_entity
        if all(m.speaker_entity == first.speaker_entity for m in ordered)
        else None,
        "members": [_side(m) for m in ordered[:listed]],
        "n_members": len(ordered),
        "n_articles": len({m.article_id for m in ordered}),
        "sources": [
            {"source": s, "n_members": len(ids), "members": ids[:20]}
            for s, ids in list(sources.items())[:listed]
        ],
        "n_sources": len(sources),
        "echoes": echoes[:listed],
        "n_echoes": len(echoes),
        "timeline": timeline(ordered)[:listed],
        "first_published": first.published,
        "last_published": ordered[-1].published,
        "contradictions": [
            {"kind": "numeric" if kind == "quantity" else "polarity", "a": _side(a), "b": _side(b)}
            for a, b in pairs
        ],
    }


# -- store rows -> items (the SQL driver and Spark read the same columns) --------------------


def number_data(data: str | None) -> dict[str, Any]:
    """What a number row stores in ``data`` (its clause terms, update, owner ...); empty
    for rows written before they were."""
    import json

    try:
        found = json.loads(data or "{}")
    except ValueError:
        return {}
    return found if isinstance(found, dict) else {}


def statement_item(
    r: Any,
    *,
    duplicate_of: str | None = None,
    story: str | None = None,
    source: str | None = None,
) -> Item:
    """A statement row (a mapping: id, article_id, outlet, published, speaker,
    speaker_entity, content, cue, modality, origin) as the alignment sees it."""
    return Item(
        id=r["id"],
        article_id=r["article_id"],
        outlet=r["outlet"],
        published=r["published"],
        speaker=r["speaker"],
        speaker_entity=r["speaker_entity"],
        content=r["content"] or "",
        cue=r["cue"],
        modality=r["modality"],
        origin=r["origin"],
        duplicate_of=duplicate_of,
        story=story,
        original_source=source,
    )


def quantity_item(
    r: Any,
    *,
    duplicate_of: str | None = None,
    story: str | None = None,
    source: str | None = None,
) -> Item:
    """A number row joined to its statement (a mapping: the number's columns with ``qkey``
    and ``data``, the statement's content, speaker, speaker_entity, modality, origin) as a
    claim member."""
    data = number_data(r["data"])
    names = data.get("context")
    return Item(
        id=r["id"],
        article_id=r["article_id"],
        outlet=r["outlet"],
        published=r["published"],
        speaker=r["speaker"],
        speaker_entity=r["speaker_entity"],
        modality=r["modality"],
        origin=r["origin"],
        value=r["value"],
        low=r["low"],
        high=r["high"],
        approx=r["approx"],
        unit=r["unit"],
        subject=r["subject"],
        text=r["text"],
        key=r["qkey"],
        duplicate_of=duplicate_of,
        story=story,
        update=bool(data.get("update")),
        habitual=bool(data.get("habitual")),
        content=r["content"] or "",
        names=[n for n in names if isinstance(n, str)] if isinstance(names, list) else [],
        original_source=source,
    )


def grouping_item(r: Any) -> Item:
    """A number row (a mapping: id, article_id, value, low, qkey, text, subject, data) as
    :class:`QuantityGroups` reads it."""
    item = Item(r["id"], r["article_id"], None, None, value=r["value"], low=r["low"])
    item.key, item.text, item.subject = r["qkey"], r["text"], r["subject"]
    data = number_data(r["data"])
    item.terms = set(data.get("clause") or ())
    owner = data.get("owner")
    item.owner = owner if isinstance(owner, str) else None
    item.additional = bool(data.get("additional"))
    return item


def claim_rows(kind: str, members: list[Item]) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The rows of one claim (:func:`summarise`): its ``claims`` row and its
    ``contradictions`` rows, with the columns of those store tables (``data`` as JSON)."""
    import json

    def dumps(value: Any) -> str:
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))

    data = summarise(kind, members)
    cid = data["id"]
    about = " ".join(
        [fold(data["label"] or ""), *(fold(n) for n in (*data["speakers"], *data["names"]))]
    )
    contradictions = data.pop("contradictions")
    claim = {
        "id": cid,
        "kind": kind,
        "label": (data["label"] or "")[:500],
        "about": about[:2000],
        "speaker_entity": data["speaker_entity"],
        "n_members": len(members),
        "n_articles": data["n_articles"],
        "n_sources": data["n_sources"],
        "first_published": data["first_published"],
        "last_published": data["last_published"],
        "contradicted": bool(contradictions),
        "data": dumps(data),
    }
    rows = []
    for n, c in enumerate(contradictions):
        dates = [d for d in (c["a"]["published"], c["b"]["published"]) if d]
        rows.append(
            {
                "id": f"x_{cid[2:]}_{n}",
                "claim_id": cid,
                "kind": c["kind"],
                "a_id": c["a"]["id"],
                "b_id": c["b"]["id"],
                "published": max(dates) if dates else None,
                "data": dumps({**c, "claim": {"id": cid, "label": data["label"]}}),
            }
        )
    return claim, rows
