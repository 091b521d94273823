"""Speaker descriptions that are not names: outlets described by their kind ("the
newspaper", "the magazine", "the agency", "the editorial team"), bylines and section labels
(never antecedents), and the principal holder of a role.

These complete :meth:`claimgraph.extract.entities.EntityIndex.resolve`, which handles names,
pronouns (:mod:`.coref`), roles ("the president") and organisation descriptions ("the
ministry"). What a description denotes is decided by the text, never by guessing: an
outlet description takes the outlet the article named before it; with none, the speaker
stays unresolved (and is flagged).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from typing import TYPE_CHECKING

from claimgraph.extract.names import words

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

    from claimgraph.extract.lookup import EntityLookup
    from claimgraph.models import Entity

#: Nouns that describe a news outlet by its kind ("the newspaper said").
OUTLET_NOUNS = frozenset(
    words(
        """newspaper paper daily weekly tabloid magazine journal agency broadcaster network
        channel station website site outlet publication newsletter wire service programme
        program"""
    )
)
#: Nouns that describe an outlet's staff when "editorial" (or "news") qualifies them, and
#: plural nouns that always do ("the editors said").
STAFF_NOUNS = frozenset(words("team board staff desk room"))
STAFF_PLURALS = frozenset(words("editors journalists reporters correspondents"))
#: Last words of outlet names ("Orlan Herald", "Kestrel Wire", "Halvar Monthly").
OUTLET_NAME_WORDS = frozenset(
    words(
        """news times post herald daily press television tv radio wire bulletin journal
        review gazette magazine tribune observer monitor network agency monthly weekly
        chronicle courier telegraph guardian independent express mirror sun standard
        star mail record register dispatch inquirer examiner reporter today weekly
        broadcasting service channel online"""
    )
)
#: Verbs whose subject is an outlet ("the Herald reported ...").
REPORTING_VERBS = frozenset(words("report publish print broadcast air write quote cite"))

# A byline or section label line: "By Mara Lind", "Analysis: Jon Sopel", "Reporting by ...",
# "Mara Lind, Kestrel Wire", "Jon Sopel, North America editor".
_BYLINE = re.compile(
    r"^[ \t]*(?:(?:by|written by|reporting by|additional reporting by|edited by|editing by|"
    r"words by|photos? by|interview by)\s+\S"
    r"|(?:analysis|opinion|comment|commentary|review|column|editorial|explainer|profile|"
    r"interview|letter|perspective|viewpoint)\s*[:|–—-]\s*\S)",
    re.IGNORECASE,
)
#: A byline line is short: at most this many words
BYLINE_MAX_WORDS = 12
_STAFF_TITLE = re.compile(
    r",\s*(?:[A-Z][\w.'-]*\s+){0,4}(?:correspondent|editor|reporter|writer|columnist|"
    r"analyst|producer|staff writer)\s*$",
    re.IGNORECASE,
)


def byline_ranges(text: str) -> list[tuple[int, int]]:
    """Character ranges of byline and section-label lines ("By Mara Lind", "Analysis: Jon
    Sopel", "Jon Sopel, North America editor"): a name there is the article's author, never
    an antecedent of "he" or "the president"."""
    out = []
    start = 0
    for line in text.split("\n"):
        end = start + len(line)
        stripped = line.strip()
        n_words = len(stripped.split())
        short = 0 < n_words <= BYLINE_MAX_WORDS and not stripped.endswith((".", '"', "”"))
        if short and (_BYLINE.match(line) or _STAFF_TITLE.search(stripped)):
            out.append((start, end))
        start = end + 1
    return out


def in_byline(doc: Doc, char: int) -> bool:
    ranges = doc.user_data.get("claimgraph.bylines")
    if ranges is None:
        ranges = doc.user_data["claimgraph.bylines"] = byline_ranges(doc.text)
    return any(s <= char < e for s, e in ranges)


def is_outlet_description(head: Token) -> bool:
    """ "the newspaper", "the magazine", "the agency", "the editorial team", "the editors"."""
    if head.pos_ != "NOUN" or head.is_title or head.is_upper:
        return False  # "The Kestrel Wire" is a name, not a description
    if any(c.dep_ == "compound" and c.pos_ == "PROPN" for c in head.children):
        return False
    definite = any(c.dep_ == "det" and c.lower_ in {"the", "this"} for c in head.children)
    if not definite:
        return False
    low = head.lower_
    if low in STAFF_PLURALS:
        return True
    if low in STAFF_NOUNS:
        return any(c.lower_ in {"editorial", "news"} for c in head.children)
    return head.lemma_.lower() in OUTLET_NOUNS and head.tag_ not in {"NNS", "NNPS"}


def looks_like_outlet(entity: Entity, doc: Doc) -> bool:
    """An organisation named like an outlet, or the subject of "reported" in this text."""
    if entity.type not in {"ORG", "WORK_OF_ART", "FAC", "PERSON"}:
        return False
    name_words = entity.name.lower().split()
    if entity.type == "ORG" and name_words and name_words[-1] in OUTLET_NAME_WORDS:
        return True
    if entity.type == "PERSON":
        return False
    for m in entity.mentions:
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        if span is None:
            continue
        root = span.root
        if root.dep_ in {"nsubj", "nsubjpass"} and root.head.lemma_.lower() in REPORTING_VERBS:
            return True
        if root.dep_ == "pobj" and root.head.lower_ in {"to", "by"}:
            verb = root.head.head
            if verb.lower_ in {"according", "told"} or verb.lemma_.lower() in REPORTING_VERBS:
                return True
    return False


def resolve_outlet_description(head: Token, index: EntityLookup) -> str | None:
    """The outlet named most recently before an outlet description, if any."""
    if not is_outlet_description(head):
        return None
    doc = head.doc
    best: tuple[int, str] | None = None
    for entity in index.entities:
        before = [m.start for m in entity.mentions if m.end <= head.idx and m.kind != "title"]
        if not before or not looks_like_outlet(entity, doc):
            continue
        if best is None or max(before) > best[0]:
            best = (max(before), entity.id)
    return None if best is None else best[1]


def resolve_side(head: Token, index: EntityLookup) -> str | None:
    """ "the Sevrian side said" (a calque of translated news): the country or people it
    names, when the article names that country ("Sevria") or people ("Sevrians")."""
    if head.lemma_.lower() != "side" or head.tag_ in {"NNS", "NNPS"}:
        return None
    qualifier = next(
        (c for c in head.children if c.dep_ in {"amod", "compound"} and c.text[:1].isupper()),
        None,
    )
    if qualifier is None:
        return None
    return _country_of_people(qualifier.text, index, peoples=True)


def given_name_mentions(doc: Doc, index: EntityLookup) -> None:
    """A given name alone ("Isabel and I met at college") that is the first name of exactly
    one person named in full in the article (and a known given name), outside any entity
    and not part of a longer name, is a mention of that person (interviews and features
    call people by their first name; without it "she" finds no Isabel for pages)."""
    from claimgraph.extract.gender import first_name_gender
    from claimgraph.models import Mention

    by_given: dict[str, list[str]] = {}
    for entity in index.entities:
        parts = entity.name.split()
        if entity.type == "PERSON" and len(parts) >= 2 and parts[0][:1].isupper():
            if first_name_gender(parts[0]) is None:
                continue  # not a known given name ("Access Hollywood" typed PERSON)
            by_given.setdefault(parts[0].lower(), []).append(entity.id)
    wanted = {k: v[0] for k, v in by_given.items() if len(v) == 1}
    if not wanted:
        return
    for tok in doc:
        eid = wanted.get(tok.lower_)
        if (
            eid is None
            or not tok.is_title
            or tok.pos_ != "PROPN"
            or tok.ent_type_
            not in {
                "",
                "PERSON",
            }
        ):
            continue
        nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
        prev = doc[tok.i - 1] if tok.i > 0 else None
        if (nxt is not None and nxt.pos_ == "PROPN" and nxt.is_title) or (
            prev is not None and prev.pos_ == "PROPN" and prev.is_title
        ):
            continue  # part of a longer name ("Isabel Ruiz", "Queen Isabel")
        if index.entity_at(tok.idx, tok.idx + len(tok.text)) is not None:
            continue
        kind = "possessive" if nxt is not None and nxt.lower_ in {"'s", "’s"} else "name"
        index.add_mention(eid, Mention(tok.idx, tok.idx + len(tok.text), tok.text, kind))


#: Nouns that describe an organisation by its kind ("the company said", "the band unveiled")
ORG_KIND_NOUNS = frozenset(
    words(
        """company firm group band team club party carrier airline bank lender insurer
        retailer manufacturer maker automaker carmaker developer startup conglomerate
        giant charity organisation organization association union federation alliance
        movement militia coalition council committee board commission authority regulator
        watchdog institute university college school hospital studio label publisher
        network broadcaster operator utility"""
    )
)
#: How many sentences back "the company" looks for the organisation it describes
ORG_KIND_WINDOW = 3
#: People who speak for an organisation ("an Alibaba spokesperson", "a Kestrel official")
SPOKES_NOUNS = frozenset(
    words(
        """spokesperson spokesman spokeswoman representative official officials executive
        executives source sources lawyer lawyers statement"""
    )
)


def resolve_org_kind(head: Token, index: EntityLookup) -> str | None:
    """ "the company", "the band": the organisation named most recently before it, within
    ``ORG_KIND_WINDOW`` sentences (an outlet only for outlet nouns, which
    :func:`resolve_outlet_description` handles)."""
    if head.pos_ != "NOUN" or head.is_title or head.tag_ in {"NNS", "NNPS"}:
        return None
    if head.lemma_.lower() not in ORG_KIND_NOUNS:
        return None
    if not any(c.dep_ == "det" and c.lower_ in {"the", "this"} for c in head.children):
        return None
    if any(c.dep_ in {"compound", "amod", "poss"} and c.pos_ == "PROPN" for c in head.children):
        return None  # "the Kestrel group": a name of its own
    doc = head.doc
    bounds = sentence_starts(doc)
    here = bisect_right(bounds, head.idx) - 1
    floor = bounds[max(0, here - ORG_KIND_WINDOW)]
    best: tuple[int, str] | None = None
    for entity in index.entities:
        if entity.type != "ORG" or looks_like_outlet(entity, doc):
            continue
        before = [m.start for m in entity.mentions if floor <= m.start and m.end <= head.idx]
        if before and (best is None or max(before) > best[0]):
            best = (max(before), entity.id)
    return None if best is None else best[1]


def resolve_spokesperson(head: Token, index: EntityLookup) -> str | None:
    """ "an Alibaba spokesperson", "a spokesman for Kestrel Bank", "Kestrel officials": the
    organisation (or country) they speak for, when the text names it there."""
    if head.lemma_.lower() not in SPOKES_NOUNS and head.lower_ not in SPOKES_NOUNS:
        return None
    named = [c for c in head.children if c.dep_ in {"compound", "poss", "nmod", "amod"}]
    for prep in head.children:
        if prep.dep_ == "prep" and prep.lower_ in {"for", "of", "at", "from"}:
            named += [g for g in prep.children if g.dep_ == "pobj"]
    for tok in named:
        eid = index.entity_at(tok.idx, tok.idx + len(tok.text))
        entity = index.by_id(eid) if eid is not None else None
        if entity is None or entity.type not in {"ORG", "GPE", "NORP"}:
            continue
        if entity.type == "NORP":  # "Sevrian officials" speak for Sevria when it is named
            country = _country_of_people(entity.name, index)
            return country or entity.id
        return entity.id
    return None


def _country_of_people(demonym: str, index: EntityLookup, *, peoples: bool = False) -> str | None:
    """The country the article names whose name starts like ``demonym`` ("Sevrian" ->
    Sevria), the first named; with ``peoples``, else the people ("Sevrians") itself."""
    stem = demonym.lower()[:5]
    types = ("GPE", "NORP") if peoples else ("GPE",)
    found = [
        (types.index(e.type), e.mentions[0].start if e.mentions else 0, e.id)
        for e in index.entities
        if e.type in types and e.name.lower()[:5] == stem
    ]
    return min(found)[2] if found else None


def sentence_starts(doc: Doc) -> list[int]:
    """Character offsets where the document's sentences start (computed once a doc)."""
    cached = doc.user_data.get("claimgraph.sent_starts")
    if cached is None:
        cached = doc.user_data["claimgraph.sent_starts"] = [s.start_char for s in doc.sents]
    return cached  # type: ignore[no-any-return]
