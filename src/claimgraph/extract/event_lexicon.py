"""The event lexicon: PLOVER triggers, ACLED sub-types and the sentence cues that refine them.

Data (package data, tab-separated, documented in their headers):

- ``data/plover_triggers.tsv``: trigger or cue -> PLOVER type, mode, ACLED sub-type code,
  weight;
- ``data/acled_context.tsv``: words of a sentence that refine a sub-type (civilian or armed
  targets, force against protesters, who takes ground, accidents);
- ``data/acled_subtypes.tsv``: ACLED codes -> event type and sub-type names.

:func:`find_matches` finds lexicon entries in a parsed doc; :func:`refine_acled` gives an
entry its ACLED sub-type in its sentence (docs/events.md documents the mapping).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token
    from spacy.tokens import Span as SpacySpan

# The 16 PLOVER event types (the successor of CAMEO; see docs/events.md).
PLOVER_TYPES = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
)  # fmt: skip
# spaCy entity labels of places.
PLACE_LABELS = {"GPE", "LOC", "FAC"}
# Nouns that name ground that can be captured ("seized the town", "took the airport").
PLACE_NOUNS = {
    "town", "village", "city", "area", "district", "territory", "position", "hill", "base",
    "airport", "airbase", "road", "highway", "neighbourhood", "neighborhood", "region",
    "province", "stronghold", "countryside", "settlement", "outskirts", "bridge", "port",
    "crossing", "border", "checkpoint", "post", "outpost", "camp", "garrison", "enclave",
    "capital", "centre", "center", "site", "facility", "headquarters",
    "suburb", "island", "valley", "mountain", "field", "oilfield", "dam", "locality",
}  # fmt: skip
# Nouns that name a weapon or explosive ("defused a bomb", "seized rifles").
WEAPON_NOUNS = {
    "weapon", "arm", "gun", "rifle", "pistol", "revolver", "firearm", "ammunition", "round",
    "bullet", "cartridge", "explosive", "bomb", "ied", "device", "mine", "landmine", "grenade",
    "rocket", "missile", "mortar", "shell", "projectile", "drone", "launcher", "detonator",
    "munition", "ordnance", "artillery", "cache", "stockpile", "arsenal", "vest",
}  # fmt: skip
# Sub-types an assault trigger leaves open (the weapon or target in the sentence decides).
GENERIC_VIOLENCE = {"ATTACK", "ARMED_CLASH"}
# Sub-types a weapon named in the sentence imposes on a generic assault.
WEAPON_SUBTYPES = {
    "SUIC_BOMB", "CHEM_WEAP", "GRENADE", "AIR_STRIKE", "ART_MISS_ATTACK", "REM_EXPLOS",
    "SEX_VIOL", "ABDUCT_DISSAP",
}  # fmt: skip
# Riot sub-types a protest takes when riot words are in its sentence.
RIOT_SUBTYPES = {"VIOL_DEMONSTR", "MOB_VIOL"}
# Battles over ground: the actor decides (government regains / non-state actor overtakes).
TERRITORY_SUBTYPES = {"GOV_REGAINS_TERIT", "NON_STATE_ACTOR_OVERTAKES_TER"}
# Sub-types that become "Disrupted weapons use" when the weapon is found, defused, seized or
# intercepted.
EXPLOSIVE_SUBTYPES = {"REM_EXPLOS", "ART_MISS_ATTACK", "AIR_STRIKE", "GRENADE", "SUIC_BOMB"}
# A "Disrupted weapons use" trigger at least this strong (a weapon found, defused, seized,
# intercepted) turns the explosives of its sentence into disrupted weapons.
DISRUPTION_WEIGHT = 2.5
# Trigger words of an explosion with no stated weapon (an accident is possible).
GENERIC_EXPLOSIONS = {"blast", "explosion", "explode", "go", "blow"}


@dataclass(frozen=True, slots=True)
class Entry:
    """One lexicon row."""

    lemmas: tuple[str, ...]
    plover: str | None
    mode: str | None
    acled: str | None
    weight: float
    is_trigger: bool
    object_lemma: str | None = None  # for "verb>noun" rows
    pos: str | None = None  # for "lemma:NOUN" / "lemma:VERB" rows


@dataclass(slots=True)
class Match:
    """A lexicon entry found in a doc: token indices ``[start, end)`` (the trigger)."""

    entry: Entry
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Lexicon:
    by_first: dict[str, tuple[Entry, ...]]
    context: dict[str, tuple[tuple[tuple[str, ...], str, float], ...]]  # first lemma -> rows
    acled_names: dict[str, tuple[str, str]]  # code -> (event type, sub-type)


def _rows(name: str) -> list[dict[str, str]]:
    text = resources.files("claimgraph.extract").joinpath("data", name).read_text("utf-8")
    lines = [ln for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))


def _dash(value: str) -> str | None:
    return None if value in ("-", "") else value


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """The trigger lexicon, context cues and ACLED names (read once from package data)."""
    by_first: dict[str, list[Entry]] = {}
    for row in _rows("plover_triggers.tsv"):
        trigger = row["trigger"].strip().lower()
        obj = pos = None
        if ">" in trigger:
            trigger, obj = (p.strip() for p in trigger.split(">", 1))
        words = trigger.split()
        if ":" in words[0]:
            words[0], pos = words[0].split(":", 1)
            pos = pos.upper()  # spaCy's tags are upper case: "strike:verb" -> VERB
        entry = Entry(
            lemmas=tuple(words),
            pos=pos,
            plover=_dash(row["plover"]),
            mode=_dash(row["mode"]),
            acled=_dash(row["acled"]),
            weight=float(row["weight"]),
            is_trigger=row["role"] == "trigger",
            object_lemma=obj,
        )
        by_first.setdefault(entry.lemmas[0], []).append(entry)
    context: dict[str, list[tuple[tuple[str, ...], str, float]]] = {}
    for row in _rows("acled_context.tsv"):
        lemmas = tuple(row["cue"].lower().split())
        context.setdefault(lemmas[0], []).append(
            (lemmas, f"{row['applies']}:{row['acled']}", float(row["weight"]))
        )
    names = {r["code"]: (r["event_type"], r["sub_type"]) for r in _rows("acled_subtypes.tsv")}
    return Lexicon(
        by_first={k: tuple(sorted(v, key=lambda e: -len(e.lemmas))) for k, v in by_first.items()},
        context={k: tuple(v) for k, v in context.items()},
        acled_names=names,
    )


def _keys(token: Token) -> tuple[str, ...]:
    lemma, lower = token.lemma_.lower(), token.lower_
    return (lemma,) if lemma == lower else (lemma, lower)


def token_keys(doc: Doc) -> list[tuple[str, ...]]:
    """The lexicon keys (lemma, lower-case form) of every token, computed once per doc."""
    return [_keys(t) for t in doc]


def find_matches(
    doc: Doc, start: int = 0, end: int | None = None, keys: list[tuple[str, ...]] | None = None
) -> list[Match]:
    """Lexicon entries (triggers and cues) in tokens ``[start, end)`` of ``doc``.

    At each position the longest entry wins; entries of equal length are all kept (e.g.
    "strike" as an air strike and as a labour strike).
    """
    lex = lexicon()
    end = len(doc) if end is None else end
    keys = keys if keys is not None else token_keys(doc)
    matches: list[Match] = []
    i = start
    while i < end:
        found: list[Match] = []
        for key in keys[i]:
            for entry in lex.by_first.get(key, ()):
                size = len(entry.lemmas)
                if i + size > end or any(
                    entry.lemmas[j] not in keys[i + j] for j in range(1, size)
                ):
                    continue
                if entry.pos is not None and doc[i].pos_ != entry.pos:
                    continue
                if entry.object_lemma is not None and not any(
                    c.dep_ in ("dobj", "nsubjpass", "obj") and _object_fits(c, entry.object_lemma)
                    for c in doc[i].children
                ):
                    continue
                found.append(Match(entry, i, i + size))
        if found:
            longest = max(m.end for m in found)
            matches.extend(m for m in found if m.end == longest)
            i = longest
        else:
            i += 1
    return matches


def _object_fits(token: Token, wanted: str) -> bool:
    """Whether an object token is ``wanted`` (a lemma) or, for ``@place``, a place."""
    if wanted == "@place":
        return token.ent_type_ in PLACE_LABELS or token.lemma_.lower() in PLACE_NOUNS
    if wanted == "@weapon":
        return is_weapon(token)
    return wanted in _keys(token)


def context_cues(sentence: SpacySpan | list[Token]) -> dict[str, tuple[str, float]]:
    """The strongest context cue of each group ("violence", "protest", ...) in the tokens."""
    lex = lexicon()
    best: dict[str, tuple[str, float]] = {}
    tokens = list(sentence)
    for i, token in enumerate(tokens):
        for key in _keys(token):
            for lemmas, target, weight in lex.context.get(key, ()):
                size = len(lemmas)
                if size > 1 and (
                    i + size > len(tokens)
                    or any(lemmas[j] not in _keys(tokens[i + j]) for j in range(1, size))
                ):
                    continue
                group, code = target.split(":")
                if group not in best or weight > best[group][1]:
                    best[group] = (code, weight)
    return best


def refine_acled(
    entry: Entry,
    sentence_matches: list[Match],
    cues: dict[str, tuple[str, float]],
    actor_cues: dict[str, tuple[str, float]] | None = None,
) -> str | None:
    """The ACLED sub-type code of an event, refined by its sentence (see module docstring).

    ``cues``: the strongest context cue per group in the sentence (``context_cues``);
    ``actor_cues``: the same over the event's actor phrase, which decides territory first.
    """
    code = entry.acled
    if "peaceful" in cues and (code in TERRITORY_SUBTYPES or entry.plover == "RETREAT"):
        return cues["peaceful"][0]  # "withdrew, leaving it in the hands of", "unopposed"
    if code in TERRITORY_SUBTYPES:
        for source in (actor_cues or {}, cues):
            if "territory" in source:
                return source["territory"][0]
        return code
    if code in EXPLOSIVE_SUBTYPES and any(
        m.entry.acled == "DISR_WEAP" and m.entry.is_trigger and m.entry.weight >= DISRUPTION_WEIGHT
        for m in sentence_matches
    ):  # "defused a roadside bomb", "intercepted two missiles": the weapon was not used
        return "DISR_WEAP"
    if "accident" in cues and (
        (code == "REM_EXPLOS" and entry.lemmas[0] in GENERIC_EXPLOSIONS) or code == "CHEM_WEAP"
    ):  # a gas cylinder explosion, a chemical leak at a plant: an accident
        return cues["accident"][0]
    if entry.plover == "ASSAULT" and code in GENERIC_VIOLENCE:
        weapons = [m.entry for m in sentence_matches if m.entry.acled in WEAPON_SUBTYPES]
        if weapons:
            return max(weapons, key=lambda e: e.weight).acled
        if entry.acled == "ATTACK" and "violence" in cues:
            return cues["violence"][0]
        return code
    if code == "PEACE_PROTEST":
        if "protest" in cues:
            return cues["protest"][0]
        riots = [
            m.entry for m in sentence_matches if m.entry.acled in ("VIOL_DEMONSTR", "MOB_VIOL")
        ]
        if riots:
            return max(riots, key=lambda e: e.weight).acled
    return code


def acled_label(code: str | None) -> str | None:
    """``"Event type / Sub-type"`` as ACLED writes them; None for codes outside ACLED (the
    CASE 2021 extensions: diplomatic events, attributions, crime, disasters)."""
    names = lexicon().acled_names.get(code or "")
    if names is None or names[0] == "-":
        return None
    return f"{names[0]} / {names[1]}"


def is_weapon(token: Token) -> bool:
    """A weapon noun ("bomb", "roadside bomb", "rifles"); "shelling" the act is not one."""
    if token.pos_ not in ("NOUN", "PROPN"):
        return False
    return token.lemma_.lower() in WEAPON_NOUNS or any(
        c.dep_ == "compound" and c.lemma_.lower() in WEAPON_NOUNS for c in token.children
    )
