"""Entity types by the form of a name and by how its sentence uses it.

- **Facilities by their last word**: "Trump Tower", "Betty Ford Center", "Kodak Theatre"
  name buildings (FAC), never people: a person's name does not end in "Tower". A name
  tagged ORG that ends in "Center"/"Centre" is a facility only with a word saying what is
  done there ("Promises Treatment Center", "Dean Smith Center" tagged PERSON), since many
  institutions are called centres ("National Hurricane Center" issues forecasts); one
  named for a person ("Betty Ford Center") is a venue.
- **Usage** (:mod:`claimgraph.extract.organisations`): a city or region on one side of a
  game is its team, in every mention of the article but "in Boston" (:func:`teams`);
  "<US state> State" a university; a name that is not a well-known place and issues
  statements is an organisation; one followed by an age ("Teixeira, 28,") a person.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from claimgraph.extract import organisations
from claimgraph.extract.gender import first_name_gender
from claimgraph.extract.names import plain, strip_possessive, words

if TYPE_CHECKING:
    from spacy.tokens import Span

__all__ = ["FACILITY_WORDS", "by_usage", "facility", "landform", "teams"]

#: Last words of building and venue names.
FACILITY_WORDS = frozenset(
    words(
        """tower towers hotel stadium arena theatre theater courthouse museum mall prison
        jail bridge palace plaza clinic building center centre rehab coliseum colosseum
        ballpark cathedral mosque synagogue"""
    )
)
#: Words before "Center"/"Centre" that make an ORG-tagged name a facility.
CENTRE_KINDS = frozenset(
    words(
        """treatment rehab rehabilitation recovery detention medical shopping convention
        trade sports community cancer trauma care health correctional juvenile events
        exhibition performing arts"""
    )
)


#: Last words of natural features ("Aoraki Mount Cook National Park", "Tasman Glacier").
LANDFORM_WORDS = frozenset(
    words(
        """park river lake mountain mountains valley island islands bay falls glacier canyon
        beach peninsula desert forest gulf strait"""
    )
)
#: Last words of roads and squares (a PERSON-tagged "Elm Street" is a facility).
ROAD_WORDS = frozenset(words("street road avenue square route highway boulevard lane drive"))


def landform(text: str, label: str) -> bool:
    """A name tagged PERSON or ORG that ends in a natural feature's word: a place (LOC)."""
    parts = text.split()
    return label in {"PERSON", "ORG"} and len(parts) >= 2 and parts[-1].lower() in LANDFORM_WORDS


def facility(text: str, label: str) -> bool:
    """A name tagged PERSON or ORG that names a building or venue (see the module doc)."""
    parts = text.split()
    if parts and parts[0].lower() == "the":
        parts = parts[1:]
    if len(parts) < 2 or label not in {"PERSON", "ORG"}:
        return False
    last = parts[-1].lower()
    if label == "PERSON" and last in ROAD_WORDS:
        return True
    if last not in FACILITY_WORDS:
        return False
    if label == "PERSON":
        return True
    if last in {"center", "centre", "building", "rehab"}:
        named_for = len(parts) >= 3 and first_name_gender(parts[0]) is not None
        return named_for or any(p.lower() in CENTRE_KINDS for p in parts[:-1])
    return True


#: An age in apposition after a name ("Jackman, 40, star of ..."): the name is a person's.
_AGE = re.compile(r"\s*,\s*(?:aged\s+)?\d{1,3}\s*,")
#: Prepositions after which a team's city is the place again ("a game in Boston").
_PLACE_PREPOSITIONS = frozenset(words("in near from outside into across inside"))


def teams(items: list[tuple[Span, str]]) -> list[tuple[Span, str]]:
    """Cities and regions (not countries) that an article uses as sides of a game ("Boston
    beat Detroit", "a victory over Evansville", "Evansville (7-2)") are teams (ORG) in all
    its mentions except after a place preposition ("in Boston")."""
    from claimgraph.geo import lookup

    def candidate(span: Span, label: str) -> bool:
        if label not in {"GPE", "LOC"}:
            return False
        place = lookup(strip_possessive(span.text))
        return place is None or place.kind != "country"

    names = {
        plain(strip_possessive(span.text))
        for span, label in items
        if candidate(span, label) and organisations.sports_usage(span)
    }
    if not names:
        return items
    out = []
    for span, label in items:
        before = span.doc[span.start - 1].lower_ if span.start > 0 else ""
        if (
            label in {"GPE", "LOC"}
            and plain(strip_possessive(span.text)) in names
            and before not in _PLACE_PREPOSITIONS
        ):
            label = "ORG"
        out.append((span, label))
    return out


def by_usage(span: Span, text: str, label: str) -> str:
    """The label that the usage of a name gives it, or ``label`` (see the module doc)."""
    from claimgraph.geo import lookup, well_known

    if label in {"GPE", "LOC", "ORG", "PERSON"} and organisations.state_school(text):
        return "ORG"  # "Ohio State"
    if label not in {"GPE", "LOC"}:
        return label
    place = lookup(text)
    if (place is None or not well_known(place)) and _AGE.match(
        span.doc.text[span.end_char : span.end_char + 16]
    ):
        return "PERSON"  # "Teixeira, 28, ...": an age in apposition
    if (place is None or not well_known(place)) and organisations.statement_usage(span):
        return "ORG"  # "Tel Aviv Holdings said in a statement"
    return label
