"""Rebuild ``data/given_names.tsv`` (given name -> m/f) from Faker's person providers.

Run ``python -m claimgraph.extract.build_names`` (needs the dev extra ``faker``, MIT
licensed; the runtime does not). Latin-script names only; a name listed as both male and
female in any locale is left out (it gives no evidence).
"""

from __future__ import annotations

import importlib
import pkgutil
import unicodedata
from pathlib import Path

OUT = Path(__file__).parent / "data" / "given_names.tsv"


def _latin(name: str) -> bool:
    return all(
        c.isascii() or unicodedata.name(c, "").startswith("LATIN") for c in name if c.isalpha()
    )


def build() -> dict[str, str]:
    import faker.providers.person as people

    male: set[str] = set()
    female: set[str] = set()
    for mod in pkgutil.iter_modules(people.__path__):
        provider = importlib.import_module(f"{people.__name__}.{mod.name}").Provider
        for attr, bucket in (("first_names_male", male), ("first_names_female", female)):
            names = getattr(provider, attr, ())
            for name in names.keys() if isinstance(names, dict) else names:
                for part in str(name).replace("-", " ").split():
                    if part[:1].isupper() and len(part) > 1 and _latin(part):
                        bucket.add(part.lower())
    both = male & female
    out = {n: "m" for n in male - both}
    out.update({n: "f" for n in female - both})
    return dict(sorted(out.items()))


def main() -> None:
    names = build()
    OUT.parent.mkdir(exist_ok=True)
    with OUT.open("w", encoding="utf-8") as fh:
        fh.write("# given name\tgender (built from Faker's person providers, MIT licence)\n")
        for name, gender in names.items():
            fh.write(f"{name}\t{gender}\n")
    print(f"{len(names)} names -> {OUT}")


if __name__ == "__main__":
    main()
