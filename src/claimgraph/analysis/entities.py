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
from typing import Any

from claimgraph.analysis.text import name_key

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


def entity_key(name: str, type_: str, place: dict[str, Any] | None = None) -> str:
    if type_group(type_) == "PLACE":
        name = _place_name(name, place)
    return name_key(name) or name.casefold()


def corpus_id(type_: str, key: str) -> str:
    digest = hashlib.sha1(f"{type_group(type_)}:{key}".encode()).hexdigest()
    return "e_" + digest[:14]


def surname_index(people: Iterable[tuple[str, str, str]]) -> dict[str, set[str]]:
    """``people``: (corpus entity id, type, key) of the distinct PERSON entities. Returns
    surname -> the full-name corpus ids carrying it (one entry per distinct entity)."""
    full: dict[str, set[str]] = {}
    for eid, type_, key in people:
        tokens = key.split() if key and type_group(type_) == "PERSON" else []
        if len(tokens) > 1:
            full.setdefault(tokens[-1], set()).add(eid)
    return full


def merge_article_surnames(
    rows: Iterable[tuple[str, str, str, str, str]], corpus_full: dict[str, set[str]]
) -> dict[tuple[str, str], str]:
    """:func:`merge_surnames` for the entities of one article (or of several articles, each
    decided on its own), given the corpus :func:`surname_index`."""
    by_article: dict[str, set[tuple[str, str]]] = {}
    singles: list[tuple[str, str, str, str]] = []
    for article_id, local_id, eid, type_, key in rows:
        if type_group(type_) != "PERSON" or not key:
            continue
        tokens = key.split()
        if len(tokens) == 1:
            singles.append((article_id, local_id, eid, tokens[0]))
        else:
            by_article.setdefault(article_id, set()).add((tokens[-1], eid))
    merged: dict[tuple[str, str], str] = {}
    for article_id, local_id, eid, surname in singles:
        local = {full for last, full in by_article.get(article_id, ()) if last == surname}
        if len(local) == 1:
            target = next(iter(local))
        elif not local and len(corpus_full.get(surname, ())) == 1:
            target = next(iter(corpus_full[surname]))
        else:
            continue
        if target != eid:
            merged[(article_id, local_id)] = target
    return merged


def merge_surnames(rows: Iterable[tuple[str, str, str, str, str]]) -> dict[tuple[str, str], str]:
    """``rows``: (article_id, local id, corpus entity id, type, key) of every article entity.

    Returns {(article_id, local id): full-name corpus id} for PERSON mentions whose key is a
    single token matching the last token of exactly one full-name key (in the same article,
    else in the whole corpus). Decided per article, so a bare "Kim" beside Kim Jong Un and
    another beside Kim Yo Jong go to different people, and one beside both goes nowhere.
    """
    rows = list(rows)
    corpus_full = surname_index((eid, type_, key) for _, _, eid, type_, key in rows)
    return merge_article_surnames(rows, corpus_full)
