"""Organisations: recognised by name (a curated table) and by how a sentence uses a name.

- **By name**: ``data/organisations.tsv`` holds a few hundred well-known organisations
  (armed groups, parties, intergovernmental bodies, agencies, news outlets, companies,
  professional sports teams) with their acronyms and short forms. A name found there is an
  organisation whatever the small model tagged it, and wins over a same-name place
  ("Hamas" is not Hamm, "Boko Haram" is not a person). :func:`mark` also finds table names
  the model missed or ran into other words ("Colts Beat Chiefs", "Diego Chargers").
- **By usage**: a city or region used as the subject or object of a game verb ("Boston beat
  Detroit") names its team; "<US state> State" ("Ohio State") its university; a name that
  is not a well-known place and issues statements ("... said in a statement", "claimed
  responsibility") is an organisation.

Matching ignores case, accents, punctuation and a leading "the" (:func:`claimgraph.geo.normalise`).
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from claimgraph.extract.names import words
from claimgraph.geo import normalise

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

__all__ = ["Organisation", "lookup", "mark", "sports_usage", "state_school", "statement_usage"]

DATA = Path(__file__).parent / "data" / "organisations.tsv"

#: The longest table name, in tokens, that :func:`mark` looks for.
MAX_TOKENS = 10
#: Verbs of a game between two named sides ("Boston beat Detroit", "Detroit lost to
#: Chicago", "Creighton edged Evansville"): both sides name teams, not places.
GAME_VERBS = frozenset(
    words(
        """beat defeat edge rout upset trounce thrash outlast outscore outplay overpower
        blank sweep eliminate lose tie top down"""
    )
)
#: Verbs of statements that an organisation, not a place, issues ("claimed responsibility").
STATEMENT_VERBS = frozenset(
    words("announce claim confirm deny issue pledge vow warn threaten condemn release")
)


@dataclass(frozen=True, slots=True)
class Organisation:
    name: str
    kind: str  # armed, party, igo, agency, ngo, media, company, team
    common_word: bool = False  # matched by an alias that is also an English word


def _rows() -> Iterator[dict[str, str]]:
    with DATA.open(encoding="utf-8") as fh:
        lines = (line for line in fh if not line.startswith("#"))
        yield from csv.DictReader(lines, delimiter="\t")


@lru_cache(maxsize=1)
def _table() -> dict[str, Organisation]:
    """Normalised name or alias -> organisation; the first row naming a key keeps it."""
    index: dict[str, Organisation] = {}
    for r in _rows():
        names = [r["name"], *filter(None, r["aliases"].split("|"))]
        for n in names:
            common = n.startswith("~")
            key = normalise(n.lstrip("~"))
            if key and key not in index:
                index[key] = Organisation(r["name"], r["kind"], common)
    return index


@lru_cache(maxsize=1)
def _first_words() -> frozenset[str]:
    return frozenset(k.split()[0] for k in _table())


@lru_cache(maxsize=65536)
def _key(text: str) -> str:
    return normalise(text)


def lookup(text: str) -> Organisation | None:
    """The organisation that ``text`` names exactly (case, accents, punctuation and a leading
    "the" aside), or None."""
    return _table().get(_key(text))


def _headline(sent: Span) -> bool:
    """A title-case or all-capitals line: capitals there tell nothing about names."""
    alpha = [t for t in sent if t.is_alpha]
    if len(alpha) < 3:
        return False
    return sum(t.is_title or t.is_upper for t in alpha) >= 0.7 * len(alpha)


def _capitalised(tok: Token) -> bool:
    return tok.text[:1].isupper() or tok.text[:1].isdigit()


def _matches(doc: Doc) -> list[tuple[int, int, Organisation]]:
    """Table names in the text, longest first from left to right, as token ranges."""
    first = _first_words()
    out: list[tuple[int, int, Organisation]] = []
    i, n = 0, len(doc)
    while i < n:
        tok = doc[i]
        start = i + 1 if tok.lower_ == "the" and i + 1 < n else i
        if not _capitalised(doc[start]) or _key(doc[start].text) not in first:
            i += 1
            continue
        found = None
        for end in range(min(n, start + MAX_TOKENS), start, -1):
            if not _capitalised(doc[end - 1]) or "\n" in doc[start:end].text:
                continue
            org = lookup(doc[start:end].text)
            if org is not None:
                found = (start, end, org)
                break
        if found is None:
            i += 1
            continue
        out.append(found)
        i = found[1]
    return out


def _accept(doc: Doc, start: int, end: int, org: Organisation, tagged: str | None) -> bool:
    """A common-word alias ("People", "Angels") counts where the parser tagged it as a name
    (not as a place), or capitalised inside a running-text sentence, not first."""
    if not org.common_word:
        if end - start == 1 and doc[start].is_upper and tagged is None:
            return not _headline(doc[start].sent)  # "WHO" in an all-capitals headline
        return True
    if tagged is not None:
        return tagged not in {"GPE", "LOC"}
    sent = doc[start].sent
    return start > sent.start and not _headline(sent)


def mark(doc: Doc, items: list[tuple[Span, str]]) -> list[tuple[Span, str]]:
    """Organisations of the table as ORG spans: a span that is a table name (or lies inside
    one) becomes it; a span holding one is cut around it (pieces of two or more words keep
    their label); a table name no span covers is added."""
    matches = _matches(doc)
    if not matches:
        return items
    accepted: list[tuple[int, int]] = []
    for start, end, org in matches:
        inside = [label for span, label in items if span.start >= start and span.end <= end]
        around = [s for s, _ in items if s.start <= start and s.end >= end and not inside]
        if org.common_word and around:
            continue  # "Hill" of "Chapel Hill" is no newspaper
        if _accept(doc, start, end, org, inside[0] if inside else None):
            accepted.append((start, end))
    owner = {i for start, end in accepted for i in range(start, end)}
    out: list[tuple[Span, str]] = [(doc[start:end], "ORG") for start, end in accepted]
    for span, label in items:
        if not any(i in owner for i in range(span.start, span.end)):
            out.append((span, label))
            continue
        piece: list[int] = []
        for i in [*range(span.start, span.end), -1]:
            if i >= 0 and i not in owner:
                piece.append(i)
                continue
            while piece and not _capitalised(doc[piece[0]]):
                piece.pop(0)
            while piece and (doc[piece[-1]].is_punct or not _capitalised(doc[piece[-1]])):
                piece.pop()
            if len(piece) >= 2:
                out.append((doc[piece[0] : piece[-1] + 1], label))
            piece = []
    out.sort(key=lambda s: (s[0].start, s[0].end))
    return out


def _verb_lemma(tok: Token) -> str:
    return tok.lemma_.lower()


def _proper(tok: Token) -> bool:
    return tok.pos_ == "PROPN" and _capitalised(tok)


#: Nouns of a game result: "a 91-73 victory over Evansville", "games against Detroit".
GAME_NOUNS = frozenset(
    words("victory win loss defeat game games match matchup rout upset triumph rematch")
)
_RECORD = re.compile(r"^\s*\(\s*\d{1,3}\s*-\s*\d{1,3}\s*\)")


#: Dependencies of the other side of a game verb ("beat Detroit 5-3" parses Detroit as an
#: adverbial noun phrase).
_OBJECTS = frozenset({"dobj", "npadvmod"})


def sports_usage(span: Span) -> bool:
    """A name on one side of a game against another name: subject or object of "beat",
    "defeated", "edged" with a proper name on the other side, either side of "lost to"
    ("Detroit lost to Chicago"), after "victory over" / "games against", or followed by a
    win-loss record ("Evansville (7-2)"). "Kyiv defeated Russian forces" is no game."""
    if _RECORD.match(span.doc.text[span.end_char : span.end_char + 16]):
        return True
    root = span.root
    head = root.head
    game = head.head
    game_noun = game.pos_ == "NOUN" and game.lemma_.lower() in GAME_NOUNS
    if root.dep_ == "pobj" and head.lower_ in {"over", "against"} and game_noun:
        return True
    if _verb_lemma(head) in GAME_VERBS and head.pos_ == "VERB":
        if root.dep_ in {"nsubj", "nsubjpass"}:
            others = [c for c in head.children if c.dep_ in _OBJECTS]
            others += [g for c in head.children if c.dep_ == "prep" for g in c.children]
            return any(_proper(o) for o in others)
        if root.dep_ in _OBJECTS:
            return any(c.dep_ == "nsubj" and _proper(c) for c in head.children)
    if root.dep_ == "pobj" and head.lower_ in {"to", "over", "against"}:
        verb = head.head
        if verb.pos_ == "VERB" and _verb_lemma(verb) in GAME_VERBS:
            return any(c.dep_ == "nsubj" and _proper(c) for c in verb.children)
    return False


def state_school(text: str) -> bool:
    """ "Ohio State", "Indiana State": a US state's name and "State" is its university."""
    from claimgraph.geo import lookup as place_lookup

    words = text.split()
    if len(words) < 2 or words[-1] != "State":
        return False
    place = place_lookup(" ".join(words[:-1]), kind="admin1")
    return place is not None and place.country == "US"


def statement_usage(span: Span) -> bool:
    """The subject of a statement an organisation issues: "X said in a statement",
    "X claimed responsibility", "X announced"."""
    root = span.root
    if root.dep_ != "nsubj":
        return False
    verb = root.head
    lemma = _verb_lemma(verb)
    if lemma in STATEMENT_VERBS:
        return True
    if lemma in {"say", "tell"}:
        for child in verb.children:
            if (
                child.dep_ == "prep"
                and child.lower_ == "in"
                and any(g.lower_ in {"statement", "communique", "release"} for g in child.children)
            ):
                return True
    return False
