"""Corpus entities: one entity per person, organisation or place across articles.

Per-article entities are keyed at ingest (:func:`entity_key`): folded, accent-free names with
transliteration endings collapsed (Zelenskiy / Zelensky / Zelenskyy -> ``zelensk``), places
through the gazetteer's canonical name when ``claimgraph.geo`` resolves them (Kiev -> Kyiv).
The corpus id is a hash of (type group, key), so ingest needs no global state.

:func:`merge_surnames` (run by analyse) then attaches surname-only person entities
("Zelensky") to the one full-name entity with that surname: in the same article first, else
in the corpus when exactly one full name carries that surname. Two different people sharing a
surname (Kim Jong Un, Kim Yo Jong) keep separate entities, and a bare "Kim" next to both
stays unattached.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from claimgraph.analysis.text import name_key
from claimgraph.extract.names import (
    PersonName,
    is_initial,
    parse_person_name,
    same_person_name,
    skeleton,
    specificity,
    translit_key,
)
from claimgraph.settings import get_settings

TYPE_GROUPS = {"GPE": "PLACE", "LOC": "PLACE", "FAC": "PLACE", "PERSON": "PERSON"}


def type_group(type_: str) -> str:
    return TYPE_GROUPS.get(type_, type_)


def _place_name(name: str, place: dict[str, Any] | None) -> str:
    if place and place.get("name"):
        return str(place["name"])
    try:
        from claimgraph.geo import lookup  # built by the entities engineer; optional here
    except ImportError:
        return name
    try:
        found = lookup(name)
    except Exception:
        return name
    if isinstance(found, dict) and found.get("name"):
        return str(found["name"])
    return str(getattr(found, "name", "") or name)


#: Company-form words dropped from organisation keys ("Microsoft Corp." = "Microsoft").
_ORG_FORMS = frozenset({"corp", "corporation", "inc", "incorporated", "ltd", "llc", "co"})
#: Abbreviations expanded in place keys ("Mt Cook" = "Mount Cook").
_PLACE_ABBREVIATIONS = {"mt": "mount", "mtn": "mountain", "ft": "fort", "pt": "point"}


def person_key(name: str) -> str:
    """Key of a person's name: titles, honorifics, nicknames and Jr./Sr. dropped, given names
    and the particle-free surname spelling-keyed: "Dr. Omar al-Bashir" -> "omar bashir",
    "Donald J. Trump" -> "donald j trump", "Osama bin Laden" -> "osama laden"."""
    parsed = parse_person_name(name)
    given = [translit_key(g)[:1] if is_initial(g) else translit_key(g) for g in parsed.given]
    return " ".join(t for t in [*given, parsed.surname_key] if t)


def entity_key(name: str, type_: str, place: dict[str, Any] | None = None) -> str:
    group = type_group(type_)
    if group == "PLACE":
        name = _place_name(name, place)
    if group == "PERSON":
        key = person_key(name)
        if key:
            return key
    key = name_key(name) or name.casefold()
    tokens = key.split()
    if group == "ORG":
        while len(tokens) > 1 and tokens[-1] in _ORG_FORMS:
            tokens.pop()
    elif group == "PLACE":
        tokens = [_PLACE_ABBREVIATIONS.get(t, t) for t in tokens]
    return " ".join(tokens)


def corpus_id(type_: str, key: str) -> str:
    digest = hashlib.sha1(f"{type_group(type_)}:{key}".encode()).hexdigest()
    return "e_" + digest[:14]


# -- people: one entity across name variants ----------------------------------------------------


def _parsed_key(key: str) -> PersonName:
    """A person key back into its parts (the last token is the surname key)."""
    tokens = key.split()
    return PersonName(tuple(tokens[:-1]), tokens[-1] if tokens else "")


def _compatible(a: str, b: str) -> bool:
    settings = get_settings()
    return same_person_name(
        _parsed_key(a), _parsed_key(b), settings.surname_similarity, settings.first_name_similarity
    )


def _specific(key: str) -> tuple[tuple[int, int, int], str]:
    """Most written-out first; ties by the key itself (never by input order)."""
    n = specificity(_parsed_key(key))
    return ((-n[0], -n[1], -n[2]), key)


@dataclass
class PersonIndex:
    """The distinct full-name people of the corpus: each full-name key -> the key of the
    person it is (Donald Trump -> Donald J. Trump), and surname key -> those people."""

    canonical: dict[str, str] = field(default_factory=dict)
    by_surname: dict[str, set[str]] = field(default_factory=dict)
    ids: dict[str, str] = field(default_factory=dict)  # person key -> corpus entity id

    def person_id(self, key: str) -> str | None:
        target = self.canonical.get(key)
        return self.ids.get(target) if target else None


def person_index(people: Iterable[tuple[str, str, str]]) -> PersonIndex:
    """``people``: (corpus entity id, type, key) of the distinct PERSON entities.

    Full names are blocked by the consonant skeleton of the surname key and compared within
    the block (:func:`claimgraph.extract.names.same_person_name`: middle names and initials
    optional, given names by initial or transliteration, surnames transliteration-tolerant
    when the given names match). A name goes to the most written-out name compatible with
    it when every name compatible with it is compatible with every other (George Bush stays
    apart when George W. Bush and George H. W. Bush are both in the corpus).
    """
    index = PersonIndex()
    blocks: dict[str, set[str]] = {}
    for eid, type_, key in people:
        tokens = key.split() if key and type_group(type_) == "PERSON" else []
        if len(tokens) > 1:
            index.ids.setdefault(key, eid)
            blocks.setdefault(skeleton(tokens[-1]) or tokens[-1], set()).add(key)
    for block in blocks.values():
        names = sorted(block, key=_specific)
        compatible = {a: [b for b in names if b == a or _compatible(a, b)] for a in names}
        for a in names:
            group = compatible[a]
            clique = all(_compatible(x, y) for i, x in enumerate(group) for y in group[i + 1 :])
            index.canonical[a] = group[0] if clique else a
    for key in list(index.canonical):  # follow to a fixed point
        seen = {key}
        target = index.canonical[key]
        while index.canonical.get(target, target) != target and target not in seen:
            seen.add(target)
            target = index.canonical[target]
        index.canonical[key] = target
    for key, target in index.canonical.items():
        index.by_surname.setdefault(key.split()[-1], set()).add(target)
    return index


def surname_index(people: Iterable[tuple[str, str, str]]) -> PersonIndex:
    """Kept name of :func:`person_index`."""
    return person_index(people)


# -- organisations and places: a shorter name of a longer one in the same article ---------------


def _initials(key: str) -> str:
    return "".join(w[0] for w in key.split() if w not in {"of", "and", "the", "for", "&", "de"})


def _contained(short: str, long_: str, name: str) -> bool:
    """ "colts" in "indianapolis colts", "ford center" in "betty ford center" (the end of the
    longer name), "ap" for "associated press" (an acronym written in capitals)."""
    s, t = short.split(), long_.split()
    if len(s) < len(t) and t[-len(s) :] == s:
        return True
    return len(s) == 1 and name.isupper() and len(short) >= 2 and _initials(long_) == short


def _longer_names(
    items: list[tuple[str, str, str, str]], local_id: str, group: str, key: str, written: str
) -> set[str]:
    return {
        k
        for lid, _, g, k in items
        if lid != local_id and g == group and k != key and _contained(key, k, written)
    }


def _by_article(
    rows: Iterable[tuple[str, str, str, str, str]],
) -> dict[str, list[tuple[str, str, str, str]]]:
    by_article: dict[str, list[tuple[str, str, str, str]]] = {}
    for article_id, local_id, eid, type_, key in rows:
        if key:
            by_article.setdefault(article_id, []).append((local_id, eid, type_group(type_), key))
    return by_article


def learn_aliases(
    rows: Iterable[tuple[str, str, str, str, str]],
    names: dict[tuple[str, str], str] | None = None,
) -> dict[tuple[str, str], set[str]]:
    """Shorter organisation and place names seen beside the longer one in one article
    ("Saints" beside "New Orleans Saints", "AP" beside "Associated Press"): (type group,
    short key) -> the longer keys. An article that writes only the short name attaches to
    the longer one when it is the only one learned."""
    names = names or {}
    learned: dict[tuple[str, str], set[str]] = {}
    for article_id, items in _by_article(rows).items():
        for local_id, _, group, key in items:
            if group == "PERSON":
                continue
            written = names.get((article_id, local_id), "")
            longer = _longer_names(items, local_id, group, key, written)
            if len(longer) == 1:
                learned.setdefault((group, key), set()).update(longer)
    return learned


def merge_article_entities(
    rows: Iterable[tuple[str, str, str, str, str]],
    people: PersonIndex,
    names: dict[tuple[str, str], str] | None = None,
    aliases: dict[tuple[str, str], set[str]] | None = None,
) -> dict[tuple[str, str], str]:
    """``rows``: (article_id, local id, corpus entity id, type, key) of article entities.
    Returns {(article_id, local id): corpus id} for the entities that are another entity:

    - a full name: the corpus person it is (:func:`person_index`);
    - a surname alone: the one person of the article with that surname, else the one person
      of the corpus (two people sharing a surname keep it unattached);
    - an organisation or place name that ends another name of the same type in the same
      article, or is its acronym ("Colts" / "Indianapolis Colts", "AP" / "Associated Press"),
      when exactly one such longer name is there.

    ``names``: the written names of the rows (for acronyms, which must be in capitals);
    ``aliases``: :func:`learn_aliases` of the corpus, for an article that writes only the
    shorter name."""
    names = names or {}
    aliases = aliases or {}
    by_article = _by_article(rows)
    merged: dict[tuple[str, str], str] = {}
    for article_id in sorted(by_article):
        items = by_article[article_id]
        final: dict[str, str] = {}
        for local_id, eid, group, key in items:
            if group == "PERSON" and len(key.split()) > 1:
                final[local_id] = people.person_id(key) or eid
        for local_id, eid, group, key in items:
            if local_id in final:
                continue
            if group == "PERSON":
                local = {
                    final[lid]
                    for lid, _, g, k in items
                    if g == "PERSON"
                    and lid in final
                    and _parsed_key(k).given
                    and _compatible(key, k)
                }
                if len(local) == 1:
                    final[local_id] = next(iter(local))
                elif not local and len(people.by_surname.get(key, ())) == 1:
                    final[local_id] = people.ids.get(next(iter(people.by_surname[key])), eid)
                continue
            written = names.get((article_id, local_id), "")
            longer = _longer_names(items, local_id, group, key, written)
            if len(longer) == 1:
                target = next(iter(longer))
                final[local_id] = next(
                    final.get(lid, e) for lid, e, g, k in items if g == group and k == target
                )
            elif not longer and len(aliases.get((group, key), ())) == 1:
                final[local_id] = corpus_id(group, next(iter(aliases[(group, key)])))
        for local_id, eid, _group, _key in items:
            target = final.get(local_id, eid)
            if target != eid:
                merged[(article_id, local_id)] = target
    return merged


def merge_article_surnames(
    rows: Iterable[tuple[str, str, str, str, str]], corpus_full: PersonIndex
) -> dict[tuple[str, str], str]:
    """Kept name of :func:`merge_article_entities`."""
    return merge_article_entities(rows, corpus_full)


def merge_surnames(rows: Iterable[tuple[str, str, str, str, str]]) -> dict[tuple[str, str], str]:
    """``rows``: (article_id, local id, corpus entity id, type, key) of every article entity.

    :func:`merge_article_entities` with the corpus :func:`person_index` built from the rows:
    a bare "Kim" beside Kim Jong Un and another beside Kim Yo Jong go to different people, and
    one beside both goes nowhere; "Donald Trump" and "Donald J. Trump" are one person.
    """
    rows = list(rows)
    index = person_index((eid, type_, key) for _, _, eid, type_, key in rows)
    return merge_article_entities(rows, index, aliases=learn_aliases(rows))
