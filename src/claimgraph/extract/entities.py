"""Entities: spaCy NER, corrected and canonicalised across name variants, titles and pronouns.

Steps, all within one article:

1. clean each NER span: cut at line breaks, strip a possessive "'s", strip leading titles
   from PERSON names ("President Tomas Velk" -> "Tomas Velk", the title kept as a role);
2. correct the small model with the gazetteer (a city tagged PRODUCT/PERSON/ORG becomes GPE, a
   country tagged NORP becomes GPE, a demonym tagged GPE becomes NORP) and drop junk (numbers,
   lower-case fragments, boilerplate words);
3. cluster person names: full names by surname (transliteration-tolerant: Zelenskiy /
   Zelensky / Zelenskyy) and compatible first names; single surnames to the nearest matching
   full name; the canonical name is the longest full form. Different first names with the
   same surname stay apart (a ``surname-conflict`` flag reports them);
4. places cluster by the gazetteer place they resolve to (Kiev / Kyiv), others by text;
5. roles ("President X", "X, the country's president") link later descriptions ("the
   Dravenian president") to the person; pronouns are resolved by :mod:`.coref`.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from claimgraph.extract import coref, entity_types, organisations, speakers
from claimgraph.extract import persons as persons_mod
from claimgraph.extract.gender import first_name_gender
from claimgraph.extract.names import (
    HONORIFICS,
    ROLE_GENDER,
    ROLE_NOUNS,
    plain,
    similarity,
    strip_possessive,
    translit_key,
    words,
)
from claimgraph.models import Entity, Mention
from claimgraph.settings import get_settings

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

    from claimgraph.geo import Place

KEEP = {"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT"}
#: Labels the gazetteer may correct to GPE/LOC (the small model's usual confusions).
RETYPE_FROM = {"PRODUCT", "PERSON", "ORG", "WORK_OF_ART", "FAC", "NORP", "LAW", "EVENT"}
#: Entity texts that are page furniture, not entities.
JUNK = frozenset(
    """read more|source link|share|subscribe|getty images|file photo|photo|image|video|
    advertisement|click here|related|ap photo|afp photo|afp via getty images""".replace(
        "\n", ""
    ).split("|")
)
#: Nouns after a name that make it a region ("the Orlansk region", "Kursk Oblast").
REGION_WORDS = frozenset(
    {"region", "oblast", "province", "governorate", "krai", "district", "prefecture"}
)
#: Relative pronouns: a speaker "who" is the noun its clause modifies.
RELATIVE = frozenset({"who", "which", "that"})
#: Last words of organisation and place names ("Grace Church" is not a person).
ORG_WORDS = frozenset(
    words(
        """church hospital university college school foundation company group bank party
        institute agency ministry council committee court airport station street road
        avenue square park river lake mountain valley island bay falls city county
        district province region news times post herald daily press television radio wire
        bulletin journal review gazette magazine tribune observer monitor network
        club team fc united corporation corp inc ltd llc association union police rescue
        service services department office commission authority administration advisors
        technologies systems partners holdings fund trust society federation league corps
        army navy brigade brigades movement front alliance coalition parliament assembly
        tribunal board bureau directorate organisation organization studios pictures
        entertainment productions airlines airways motors industries laboratories
        tower towers hotel stadium arena theatre theater courthouse museum mall prison jail
        clinic center centre rehab"""
    )
)
CREDIT_WORDS = frozenset({"image", "photo", "picture", "credit", "credits", "photograph", "video"})
_NOT_NAME = re.compile(r"[\[\]{}<>|@#=_*\\]|https?:|www\.")
#: Endings of country names ("Dravenia", "Kyrgyzstan"): a one-word PERSON with one is a place.
_COUNTRY_LIKE = re.compile(r"(?:[^c]ia|stan)$")
_DEMONYM = re.compile(r"(?:ians?|eses?|ish|is|ans)$")


@dataclass
class _Person:
    """A person cluster while it is built."""

    names: list[str] = field(default_factory=list)  # cleaned names, in text order
    mentions: list[Mention] = field(default_factory=list)
    roles: set[str] = field(default_factory=set)
    gender: dict[str, int] = field(default_factory=dict)

    @property
    def full(self) -> list[str]:
        """The longest form (most words); among those the one with the most frequent surname
        (Welk x3 beats a slip Vielk x1), the most frequent, then the longest."""
        surnames = Counter(n.split()[-1] for n in self.names)
        counts = Counter(self.names)
        return max(
            counts,  # first occurrences in text order, as the names themselves
            key=lambda n: (len(n.split()), surnames[n.split()[-1]], counts[n], len(n)),
        ).split()


@dataclass
class EntityIndex:
    """The entities of one document and a lookup from text spans to entity ids."""

    entities: list[Entity] = field(default_factory=list)
    #: role key ("president", "dravenian president") -> [(char offset, entity id)]
    roles: dict[str, list[tuple[int, str]]] = field(default_factory=dict)
    #: entity id -> gender votes {"m": n, "f": n}
    genders: dict[str, dict[str, int]] = field(default_factory=dict)
    #: same surname, conflicting first names: (surname, [entity ids]) for the flags
    conflicts: list[tuple[str, list[str]]] = field(default_factory=list)

    #: mention spans (start, end, entity order, id) sorted by start, built on first lookup
    _spans: list[tuple[int, int, int, str]] = field(default_factory=list, repr=False)
    _spans_for: int = field(default=-1, repr=False)  # len(entities) when _spans was built
    _longest: int = field(default=0, repr=False)
    _ids: dict[str, tuple[int, Entity]] = field(default_factory=dict, repr=False)

    def _index(self) -> list[tuple[int, int, int, str]]:
        """Lookups are logarithmic: a long article has thousands of mentions and every
        speaker, pronoun and event argument looks one up."""
        if self._spans_for != len(self.entities):
            self._ids = {e.id: (n, e) for n, e in enumerate(self.entities)}
            self._spans = sorted(
                (m.start, m.end, n, e.id) for n, e in enumerate(self.entities) for m in e.mentions
            )
            self._longest = max((end - start for start, end, _, _ in self._spans), default=0)
            self._spans_for = len(self.entities)
        return self._spans

    def by_id(self, entity_id: str) -> Entity | None:
        self._index()
        found = self._ids.get(entity_id)
        return None if found is None else found[1]

    def entity_at(self, start: int, end: int) -> str | None:
        """The id of the entity whose mention best overlaps [start, end), if any (ties: the
        entity listed first)."""
        spans = self._index()
        lo = bisect.bisect_left(spans, (start - self._longest,))
        hi = bisect.bisect_left(spans, (end,))
        best: tuple[int, int, str] | None = None
        for m_start, m_end, order, eid in spans[lo:hi]:
            overlap = min(m_end, end) - max(m_start, start)
            if overlap > 0 and (best is None or (overlap, -order) > (best[0], -best[1])):
                best = (overlap, order, eid)
        return None if best is None else best[2]

    def add_mention(self, entity_id: str, mention: Mention) -> None:
        self._index()
        found = self._ids.get(entity_id)
        if found is None:
            return
        order, entity = found
        if any(m.start == mention.start and m.end == mention.end for m in entity.mentions):
            return
        entity.mentions.append(mention)
        entity.mentions.sort(key=lambda m: m.start)
        bisect.insort(self._spans, (mention.start, mention.end, order, entity_id))
        self._longest = max(self._longest, mention.end - mention.start)

    def resolve(self, start: int, end: int, doc: Doc | None = None) -> str | None:
        """Resolve a speaker-like span (name, pronoun, title) to an entity id.

        A pronoun or a role description ("the president") not yet known is resolved here and
        added to the entity's mentions (kind pronoun or title).
        """
        if doc is None:
            return self.entity_at(start, end)
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is None or len(span) == 0:
            return self.entity_at(start, end)
        head = span.root
        found = self.entity_at(head.idx, head.idx + len(head.text))
        if found is not None:
            return found
        if len(span) == 1 and span[0].lower_ in RELATIVE and head.head.dep_ == "relcl":
            noun = head.head.head  # "Tomas Velk, who said ...": the noun the clause modifies
            return self.entity_at(noun.idx, noun.idx + len(noun.text))
        if len(span) == 1 and span[0].lower_ in {*coref.PRONOUNS, *coref.GROUP_PRONOUNS}:
            entity_id = coref.resolve_pronoun(span[0], self)
            if entity_id is not None:
                self.add_mention(entity_id, Mention(start, end, span.text, "pronoun"))
            return entity_id
        entity_id = _resolve_role(head, self, get_settings().title_window_sentences)
        if entity_id is None:
            entity_id = speakers.resolve_outlet_description(head, self)
        if entity_id is None:
            entity_id = speakers.resolve_side(head, self)
        if entity_id is None:
            entity_id = _resolve_org_description(head, self)
        if entity_id is None:
            entity_id = speakers.resolve_org_kind(head, self)
        if entity_id is None:
            entity_id = speakers.resolve_spokesperson(head, self)
        if entity_id is not None:
            self.add_mention(entity_id, Mention(start, end, span.text, "title"))
            return entity_id
        return self._by_name(span)

    def _by_name(self, span: Span) -> str | None:
        """A name the model did not tag here but did elsewhere ("Sevria denied ...")."""
        text = strip_possessive(span.text)
        if text.lower().startswith("the "):
            text = text[4:]
        key = plain(text)
        if not key or not text[:1].isupper():
            return None
        for e in self.entities:
            if key in {plain(n) for n in [e.name, *e.aliases]}:
                start = span.start_char + span.text.index(text)
                self.add_mention(e.id, Mention(start, start + len(text), text, "name"))
                return e.id
        return None


def build_entities(doc: Doc) -> EntityIndex:
    settings = get_settings()
    spans = [s for s in (_clean(ent) for ent in _split_at_dashes(doc)) if s is not None]
    spans = organisations.mark(doc, spans)  # known organisations first: "Hamas" is not Hamm
    spans = _split_trailing_names(spans) + _unlabelled_names(doc, spans)
    spans.sort(key=lambda s: s[0].start)
    spans = persons_mod.split_name_runs(doc, spans)
    spans = _one_word_persons_elsewhere_typed(_surnames_as_persons(_retype(spans, doc)))
    index = EntityIndex()
    persons = _cluster_persons(doc, [s for s in spans if s[1] == "PERSON"], settings, index)
    person_chars = {i for p in persons for m in p.mentions for i in range(m.start, m.end)}
    others = _cluster_others(
        [s for s in spans if s[1] != "PERSON" and s[0].start_char not in person_chars]
    )
    ordered = sorted(
        [("PERSON", p.mentions[0].start, p) for p in persons]
        + [(label, ms[0].start, (name, ms, place)) for label, name, ms, place in others],
        key=lambda x: x[1],
    )
    for n, (label, _, item) in enumerate(ordered, 1):
        eid = f"E{n}"
        if isinstance(item, _Person):
            full = " ".join(item.full)
            aliases = sorted({n for n in item.names if n != full})
            index.entities.append(Entity(eid, full, "PERSON", aliases, item.mentions))
            index.genders[eid] = dict(item.gender)
            for role in item.roles:
                index.roles.setdefault(role, []).append((item.mentions[0].start, eid))
        else:
            name, mentions, place = item
            aliases = sorted({m.text for m in mentions if m.text != name})
            index.entities.append(Entity(eid, name, label, aliases, mentions, place))
    _conflict_ids(index, persons)
    _link_roles(doc, index, settings.title_window_sentences)
    speakers.given_name_mentions(doc, index)
    coref.resolve_all(doc, index)
    for entity in index.entities:
        entity.mentions.sort(key=lambda m: m.start)
    return index


# -- cleaning and typing --------------------------------------------------------------------


#: Ties between labels of one name are broken in this order, never by hash order (the same
#: name must get the same type in every run, or corpus entity ids split)
LABEL_PRIORITY = ("GPE", "LOC", "ORG", "FAC", "NORP", "EVENT", "PERSON")


def majority(labels: list[str]) -> str:
    """The most frequent label; ties broken by :data:`LABEL_PRIORITY`."""
    counts = Counter(labels)
    rank = {label: n for n, label in enumerate(LABEL_PRIORITY)}
    return min(counts, key=lambda label: (-counts[label], rank.get(label, len(rank)), label))


def _clean(ent: Span) -> tuple[Span, str] | None:
    if ent.label_ not in KEEP | RETYPE_FROM:
        return None
    span = ent
    if "\n" in span.text:  # the small model runs names across line breaks
        parts = [p for p in _split_lines(span) if any(t.is_alpha for t in p)]
        if not parts:
            return None
        span = max(parts, key=len)
    while len(span) and (span[-1].is_punct or span[-1].lower_ in {"'s", "’s", "'"}):
        span = span[:-1]
    if len(span) > 1 and span[-1].lower_ in CREDIT_WORDS and _colon_after(span):
        span = span[:-1]  # a caption: "Captain America Image: Nick Moreau."
    while len(span) and (span[0].is_punct or span[0].is_space):
        span = span[1:]
    if not len(span):
        return None
    text = strip_possessive(span.text)
    low = text.lower()
    if not any(c.isalpha() for c in text) or low in JUNK or len(text) < 2:
        return None
    if ent.label_ in {"PERSON", "ORG", "GPE", "LOC", "FAC"} and not any(c.isupper() for c in text):
        return None
    if _credit(span) or _NOT_NAME.search(text):
        return None
    if _dateline(span):
        return span, "GPE"
    return span, ent.label_


def _colon_after(span: Span) -> bool:
    return span.end < len(span.doc) and span.doc[span.end].text == ":"


def _split_at_dashes(doc: Doc) -> list[Span]:
    """NER spans cut at a spaced dash: "RENNICK - Dravenia" is a dateline, then a name."""
    from spacy.tokens import Span as SpacySpan

    out = []
    for ent in doc.ents:
        start = ent.start
        for tok in ent:
            if tok.text in {"-", "–", "—"} and tok.whitespace_ and tok.i > ent.start:
                if tok.i > start:
                    out.append(SpacySpan(doc, start, tok.i, label=ent.label_))
                start = tok.i + 1
        if start == ent.start:
            out.append(ent)
        elif start < ent.end:
            out.append(SpacySpan(doc, start, ent.end, label=ent.label_))
    return out


def _dateline(span: Span) -> bool:
    """ "RENNICK - ...", "HALVAR, March 9 (Kestrel Wire) - ...": the place a story is filed
    from, in capitals at the start of a line."""
    doc, i = span.doc, span.start
    at_line_start = i == 0 or "\n" in doc[i - 1].text or "\n" in doc[i - 1].whitespace_
    nxt = doc[span.end] if span.end < len(doc) else None
    return (
        at_line_start
        and span.text.isupper()
        and len(span.text) > 2
        and nxt is not None
        and nxt.text in {"-", "–", "—", ",", "("}
    )


def _credit(span: Span) -> bool:
    """A photo credit ("Image: Jambula.", "Photo: Anna Morel/Reuters") is not an entity."""
    doc, i = span.doc, span.start
    return i >= 2 and doc[i - 1].text == ":" and doc[i - 2].lower_ in CREDIT_WORDS


def _split_trailing_names(items: list[tuple[Span, str]]) -> list[tuple[Span, str]]:
    """ "Dravenia Tomas Welk" tagged ORG: a given name and what follows it is a PERSON."""

    out = []
    for span, label in items:
        known = (label == "ORG" and organisations.lookup(span.text) is not None) or (
            label in {"GPE", "LOC"} and _place_name(span.text)  # "Santa Rosa" is no Santa
        )
        if label in {"ORG", "GPE", "NORP", "FAC", "PRODUCT", "WORK_OF_ART"} and len(span) >= 2:
            for k in range(len(span) - 1 if not known else 0):  # not "Muslim Brotherhood"
                rest = span[k:]
                if (
                    first_name_gender(span[k].text) is not None
                    and (k == 0 or span[k - 1].lower_ not in {"of", "the", "and", "&"})
                    and not _region_name(span[k].text)
                    and all(t.is_title and t.is_alpha for t in rest)
                    and len(rest) <= 3
                    and rest[-1].lower_ not in ORG_WORDS
                ):
                    span, label = rest, "PERSON"
                    break
        out.append((span, label))
    return out


def _unlabelled_names(doc: Doc, items: list[tuple[Span, str]]) -> list[tuple[Span, str]]:
    """A known given name followed by a capitalised surname, outside any entity: a PERSON
    the small model missed ("Minister of Defence Elsa Marrow")."""

    taken = {i for span, _ in items for i in range(span.start, span.end)}
    found = []
    for tok in _title_tokens_of(doc):
        if tok.i + 1 >= len(doc):
            continue
        nxt = doc[tok.i + 1]
        if tok.i in taken or nxt.i in taken or not (tok.is_title and nxt.is_title):
            continue
        if tok.pos_ != "PROPN" or nxt.pos_ != "PROPN" or not nxt.is_alpha:
            continue
        after = doc[tok.i + 2] if tok.i + 2 < len(doc) else None
        if nxt.lower_ in ORG_WORDS or (after is not None and after.is_title and after.is_alpha):
            continue  # "Grace Church", "Elsa Marrow Foundation"
        if first_name_gender(tok.text) is not None and not _region_name(tok.text):
            found.append((doc[tok.i : tok.i + 2], "PERSON"))
    return found


def _title_tokens_of(doc: Doc) -> list[Token]:
    """Title-case tokens, found without building a Token object for every word."""
    from spacy.attrs import IS_TITLE

    return [doc[int(i)] for i in doc.to_array([IS_TITLE]).nonzero()[0]]


def _tokens_with_lemma(doc: Doc, lemmas: frozenset[str]) -> list[Token]:
    """Tokens whose lemma or lower-case form is in ``lemmas`` (matched by string hash, so no
    Token object is built for the other words)."""
    import numpy
    from spacy.attrs import LEMMA, LOWER

    wanted = _hashes(lemmas)
    arr = doc.to_array([LEMMA, LOWER])
    hits = numpy.isin(arr[:, 0], wanted) | numpy.isin(arr[:, 1], wanted)
    return [doc[int(i)] for i in hits.nonzero()[0]]


@lru_cache(maxsize=8)
def _hashes(words: frozenset[str]) -> list[int]:
    from spacy.strings import hash_string  # type: ignore[attr-defined]

    return [hash_string(w) for w in words] + [hash_string(w.title()) for w in words]


def _place_name(text: str) -> bool:
    """A known place's own name (the gazetteer matches names exactly)."""
    from claimgraph.geo import lookup

    return lookup(text) is not None


def _region_name(word: str) -> bool:
    """A country or region name ("Texas", "Georgia"); small towns named Elsa do not count."""
    from claimgraph.geo import lookup

    place = lookup(word)
    return place is not None and place.kind != "city"


def _split_lines(span: Span) -> list[Span]:
    parts, start = [], span.start
    for tok in span:
        if "\n" in tok.text or "\n" in tok.whitespace_:
            end = tok.i if "\n" in tok.text else tok.i + 1
            if end > start:
                parts.append(span.doc[start:end])
            start = tok.i + 1
    if start < span.end:
        parts.append(span.doc[start : span.end])
    return parts


def _retype(items: list[tuple[Span, str]], doc: Doc) -> list[tuple[Span, str]]:
    from claimgraph.geo import lookup

    person_words = {
        t.lower_
        for span, label in items
        if label == "PERSON" and len(span) > 1
        for t in span
        if t.is_alpha
    }
    out = []
    for span, label in items:
        text = strip_possessive(span.text)
        new = label
        if label == "ORG" and organisations.lookup(text) is not None:
            new = "ORG"  # a known organisation (organisations.mark): never a place or person
        elif span.end < len(doc) and doc[span.end].lower_ in REGION_WORDS and label != "LOC":
            new = "LOC"  # "the Orlansk region" with Orlansk tagged PERSON
        elif entity_types.facility(text, label):
            new = "FAC"  # "Trump Tower", "Betty Ford Center"
        elif entity_types.landform(text, label):
            new = "LOC"  # "Mt Cook National Park"
        elif label == "PERSON" and " " in text and text.split()[-1].lower() in ORG_WORDS:
            new = "ORG"  # "Maritime Bulletin", "Kestrel News"
        elif (
            label == "PERSON"
            and _COUNTRY_LIKE.search(text)
            and " " not in text
            and text.lower() not in person_words
            and first_name_gender(text) is None
        ):
            new = "GPE"  # "Dravenia", "Sevria" tagged PERSON
        elif label in {"PERSON", "ORG", "GPE"} and _demonym_of_country(text):
            new = "NORP"  # "Tongan" tagged PERSON
        elif label not in {"GPE", "LOC"}:
            titled = span.start > 0 and _title_word(doc[span.start - 1])
            place = None if titled else lookup(text)
            if place is not None:
                new = _place_label(span, label, place, text.lower() not in person_words)
        elif label == "GPE" and _DEMONYM.search(text) and lookup(text) is None:
            new = "NORP"
        new = entity_types.by_usage(span, text, new)  # "Ohio State", "said in a statement"
        if new in KEEP:
            out.append((span, new))
    return entity_types.teams(out)  # "Boston beat Detroit"


def _demonym_of_country(text: str) -> bool:
    """ "Tongan", "Russian", "Ukrainian", "Chinese": a country name plus a demonym ending."""
    from claimgraph.geo import lookup

    if " " in text or len(text) < 5 or not text[0].isupper() or lookup(text) is not None:
        return False
    stems = {text[:-1], text[:-2], text[:-3], text[:-3] + "a", text[:-2] + "a", text[:-3] + "e"}
    stems.add(text[:-3] + "y")
    return any(
        (place := lookup(stem, kind="country")) is not None and place.kind == "country"
        for stem in stems
        if len(stem) >= 4
    )


def _place_label(span: Span, label: str, place: Place, not_a_name: bool) -> str:
    """The corrected label of a span that names a known place, or its own label."""
    from claimgraph.geo import well_known

    text = strip_possessive(span.text)
    place_label = "LOC" if place.kind == "region" else "GPE"
    if label == "NORP":  # "Ukraine" tagged NORP; a demonym stays NORP
        return "GPE" if place.kind == "country" and plain(text) == plain(place.name) else label
    if place.kind == "city" and len(text.split()) > 1:
        exact = plain(text) == plain(place.name)
        first = text.split()[0]
        if label == "PERSON" and exact and not_a_name and first_name_gender(first) is None:
            return place_label  # "Santa Rosa" tagged PERSON: no given name, the city's name
        return label  # "Paris Hilton Hotel" is not the city
    if not not_a_name:
        return label  # a word of a person's name in this article
    if label == "PERSON" and place.kind == "city" and not _locative(span) and not well_known(place):
        return label  # "Gloria said": a person, unless "in Gloria"; "struck Kyiv" is a place
    return place_label


def _surnames_as_persons(items: list[tuple[Span, str]]) -> list[tuple[Span, str]]:
    """Repair split names and lone surnames the small model types as something else.

    "Valeska Paris" tagged Valeska/PERSON + Paris/GPE becomes one PERSON; afterwards a lone
    "Paris" that is a subject or a possessor is that person, and a lone surname tagged
    ORG/NORP/FAC/EVENT always is.
    """
    merged: list[tuple[Span, str]] = []
    for span, label in items:
        if merged:
            prev, prev_label = merged[-1]
            given = len(prev) == 1 and first_name_gender(prev.text) is not None
            if (
                (prev_label == "PERSON" or given)
                and label in {"GPE", "LOC", "ORG", "PERSON"}
                and prev.end == span.start
                and len(span) == 1
                and span[0].is_title
                and not prev[-1].whitespace_.strip()
                and "\n" not in prev[-1].whitespace_
            ):
                merged[-1] = (span.doc[prev.start : span.end], "PERSON")
                continue
        merged.append((span, label))
    surnames = {
        plain(strip_possessive(span.text).split()[-1])
        for span, label in merged
        if label == "PERSON" and len(strip_possessive(span.text).split()) > 1
    }
    out = []
    for span, label in merged:
        single = len(strip_possessive(span.text).split()) == 1
        subject = span.root.dep_ in {"nsubj", "nsubjpass", "poss"} or not _locative(span)
        if (
            single
            and plain(strip_possessive(span.text)) in surnames
            and (label in {"ORG", "NORP", "FAC", "EVENT"} or (label in {"GPE", "LOC"} and subject))
        ):
            label = "PERSON"
        elif single and label != "PERSON" and subject and _given_name_alone(span):
            label = "PERSON"  # "Gloria developed ..." tagged ORG
        out.append((span, label))
    return out


#: Prepositions that make a name tagged PERSON read as a place ("in Kursk", "from Odesa").
LOCATIVE = frozenset({"in", "from", "to", "at", "near", "into", "outside", "across", "of"})


def _locative(span: Span) -> bool:
    """A PERSON-tagged city name is a place only after a locative preposition (not after
    "according to")."""
    doc, i = span.doc, span.start
    if i >= 2 and doc[i - 2].lower_ == "according" and doc[i - 1].lower_ == "to":
        return False
    return i > 0 and doc[i - 1].lower_ in LOCATIVE


def _one_word_persons_elsewhere_typed(items: list[tuple[Span, str]]) -> list[tuple[Span, str]]:
    """A one-word PERSON ("Sevria's") whose text the model types otherwise more often in
    the article, and that no person's full name contains, takes the other type."""
    person_words = {
        plain(w)
        for span, label in items
        if label == "PERSON" and len(span) > 1
        for w in strip_possessive(span.text).split()
    }
    labels: dict[str, list[str]] = {}
    for span, label in items:
        labels.setdefault(plain(strip_possessive(span.text)), []).append(label)
    out = []
    for span, label in items:
        key = plain(strip_possessive(span.text))
        seen = labels[key]
        if label == "PERSON" and len(span) == 1 and key not in person_words:
            others = [x for x in seen if x != "PERSON"]
            n = seen.count("PERSON")  # typed otherwise more often (or as often, not a name)
            if len(others) > n or (len(others) == n and not first_name_gender(span.text)):
                label = majority(others)
        out.append((span, label))
    return out


def _given_name_alone(span: Span) -> bool:
    from claimgraph.geo import lookup

    text = strip_possessive(span.text)
    return first_name_gender(text) is not None and lookup(text) is None


def _title_word(tok: Token) -> bool:
    low = tok.lower_.rstrip(".")
    return low in HONORIFICS or low in ROLE_NOUNS


def _title_tokens(span: Span) -> tuple[list[Token], Span]:
    """Leading title tokens inside the span and the name that remains."""
    toks: list[Token] = []
    i = span.start
    while i < span.end - 1 and _title_word(span.doc[i]):
        toks.append(span.doc[i])
        i += 1
    return toks, span.doc[i : span.end]


def _titles_before(doc: Doc, start: int) -> list[Token]:
    """Title words just before a name: "Dravenian President", "Mr.", "Foreign Minister"."""
    toks: list[Token] = []
    i = start - 1
    while i >= 0 and i >= start - 5:
        tok = doc[i]
        if _title_word(tok) or (
            toks and tok.is_title and tok.pos_ in {"PROPN", "ADJ", "NOUN"} and not tok.ent_type_
        ):
            toks.insert(0, tok)
            i -= 1
            continue
        if toks and tok.ent_type_ in {"NORP", "GPE"} and tok.is_title:
            toks.insert(0, tok)
            i -= 1
            continue
        if toks and tok.lower_ in {"'s", "’s"} and i > 0 and doc[i - 1].pos_ == "PROPN":
            toks.insert(0, doc[i - 1])  # "Dravenia's President Tomas Velk"
            i -= 2
            continue
        break
    return toks if any(_title_word(t) for t in toks) else []


# -- persons --------------------------------------------------------------------------------


def _cluster_persons(doc, items, settings, index: EntityIndex) -> list[_Person]:
    found: list[tuple[Span, list[Token], bool]] = []  # name span, titles, possessive
    for span, _ in items:
        inner, name = _title_tokens(span)
        titles = _titles_before(doc, span.start) + inner
        possessive = span.end < len(doc) and doc[span.end].lower_ in {"'s", "’s"}
        possessive = possessive or bool(re.search(r"['’]s?$", span.text))
        if len(name):
            found.append((name, titles, possessive))
    found.extend(_surname_tokens(doc, found, settings))
    found.sort(key=lambda f: f[0].start)
    persons: list[_Person] = []
    placed: dict[int, _Person] = {}
    # pass 1: multi-word names
    for k, (name, _, _) in enumerate(found):
        words = strip_possessive(name.text).split()
        if not persons_mod.has_given_names(words):
            continue  # "Lohan", "bin Laden": a surname alone, placed in pass 2
        target = None
        for p in persons:
            if persons_mod.same_full_name(p.full, words, settings):
                target = p
                break
        if target is None:
            target = _Person()
            persons.append(target)
        target.names.append(" ".join(words))
        placed[k] = target
    # pass 2: single words (surnames, or the family name first: "Kim")
    for k, (name, _, _) in enumerate(found):
        if k in placed:
            continue
        word = strip_possessive(name.text)
        cands = [
            p
            for p in persons
            if persons_mod.has_given_names(p.full) and _word_matches(word, p, settings)
        ]
        if not cands:  # a given name alone, only where no surname matches ("Trump Tower")
            cands = [p for p in persons if persons_mod.given_name_matches(word, p.full)]
        if not cands:
            key = persons_mod.surname_key(word)
            cands = [
                p
                for p in persons
                if not persons_mod.has_given_names(p.full)
                and persons_mod.surname_key(" ".join(p.full)) == key
            ]
        if not cands:
            target = _Person()
            persons.append(target)
        elif len(cands) == 1:
            target = cands[0]
        else:  # several people share the surname: the nearest mention before wins
            target = min(cands, key=lambda p: _distance(p, found, placed, name.start))
        target.names.append(word)
        placed[k] = target
    for k, (name, titles, possessive) in enumerate(found):
        p = placed[k]
        text = strip_possessive(name.text)
        p.mentions.append(
            Mention(
                name.start_char,
                name.start_char + len(text),
                text,
                "possessive" if possessive else "name",
            )
        )
        _add_roles(p, titles)
    _name_gender(persons)
    return [p for p in persons if p.mentions]


def _word_matches(word: str, p: _Person, settings) -> bool:
    return persons_mod.surname_matches(word, p.full, settings)


def _distance(p: _Person, found, placed, start: int) -> int:
    starts = [found[k][0].start for k, q in placed.items() if q is p]
    before = [start - s for s in starts if s < start]
    return min(before) if before else 10_000 + min(abs(s - start) for s in starts)


def _surname_tokens(doc: Doc, found, settings) -> list[tuple[Span, list[Token], bool]]:
    """Surnames the model missed or mistyped (a lone "Velk" tagged ORG or nothing)."""
    keys = {
        persons_mod.surname_key(strip_possessive(n.text))
        for n, _, _ in found
        if persons_mod.has_given_names(strip_possessive(n.text).split())
    } - {""}
    taken = {i for n, _, _ in found for i in range(n.start, n.end)}
    if not keys:
        return []
    limit = settings.surname_similarity
    memo: dict[str, bool] = {}

    def matches(word: str) -> bool:
        if word not in memo:
            key = translit_key(word)
            memo[word] = any(
                key == k
                or (
                    k[:1] == key[:1] and abs(len(k) - len(key)) <= 3 and similarity(key, k) >= limit
                )
                for k in keys
            )
        return memo[word]

    extra = []
    for tok in _title_tokens_of(doc):
        if tok.i in taken or tok.pos_ not in {"PROPN", "NOUN"}:
            continue
        if not matches(tok.text):
            continue
        if tok.ent_type_ and tok.ent_type_ not in {"ORG", "PRODUCT", "NORP", "GPE", "FAC"}:
            continue
        if tok.i + 1 < len(doc) and doc[tok.i + 1].pos_ == "PROPN" and doc[tok.i + 1].is_title:
            continue  # part of a longer name ("Velk Industries")
        possessive = tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ in {"'s", "’s"}
        extra.append((doc[tok.i : tok.i + 1], _titles_before(doc, tok.i), possessive))
    return extra


def _add_roles(p: _Person, titles: list[Token]) -> None:
    words = [t.lower_.rstrip(".") for t in titles]
    for w in words:
        implied = HONORIFICS.get(w)
        if implied:
            p.gender[implied] = p.gender.get(implied, 0) + 3
        if w in ROLE_GENDER:
            p.gender[ROLE_GENDER[w]] = p.gender.get(ROLE_GENDER[w], 0) + 2
    roles = [w for w in words if w in ROLE_NOUNS]
    if roles:
        head = roles[-1]
        p.roles.add(head)
        qualifiers = [w for w in words[: words.index(head)] if w not in HONORIFICS]
        if qualifiers:
            p.roles.add(" ".join([*qualifiers, head]))
            p.roles.add(f"{qualifiers[-1]} {head}")


def _name_gender(persons: list[_Person]) -> None:
    for p in persons:
        g = first_name_gender(p.full[0])
        if g:
            p.gender[g] = p.gender.get(g, 0) + 2


def _conflict_ids(index: EntityIndex, persons: list[_Person]) -> None:
    people = [e for e in index.entities if e.type == "PERSON" and len(e.name.split()) > 1]
    seen: set[str] = set()
    for a in people:
        # people kept apart share a surname only when its spelling key is identical
        # (Torres / Tolles are two names, not one surname)
        group = [
            b
            for b in people
            if translit_key(a.name.split()[-1]) == translit_key(b.name.split()[-1])
        ]
        key = plain(a.name.split()[-1])
        if len(group) > 1 and key not in seen:
            seen.add(key)
            index.conflicts.append((a.name.split()[-1], [e.id for e in group]))
    # a merged person whose first name (Vladimir / Volodymyr) or surname (Welk / Vielk) is
    # spelled two ways; transliterations of one key (Zelenskiy / Zelensky) are not noted
    for e in people:
        forms = [a.split() for a in [e.name, *e.aliases]]
        firsts = {plain(f[0]) for f in forms if len(f) > 1}
        lasts = {translit_key(f[-1]) for f in forms if len(f) > 1}
        if len(firsts) > 1 or len(lasts) > 1:
            index.conflicts.append((e.name.split()[-1], [e.id]))


# -- other entities -------------------------------------------------------------------------


_Group = tuple[list[str], list[Mention], dict[str, Any] | None, list[str]]


def _cluster_others(
    items: list[tuple[Span, str]],
) -> list[tuple[str, str, list[Mention], dict[str, Any] | None]]:
    """Places by the gazetteer place they resolve to (among same-name places, one in a
    country or region the article names), known organisations by their table entry
    ("Red Sox" / "Boston Red Sox"), the rest by normalised text. The name is always one
    written in the text (:func:`_written_name`); the place link may name it otherwise."""
    from claimgraph.geo import lookup

    context = _place_context(items)
    groups: dict[tuple[str, ...], _Group] = {}
    for span, label in items:
        text = strip_possessive(span.text)
        offset = span.start_char
        if label in {"ORG", "FAC", "EVENT"} and text.lower().startswith("the "):
            text, offset = text[4:], offset + 4
        found = lookup(text, context=context) if label in {"GPE", "LOC"} else None
        org = organisations.lookup(text) if label == "ORG" else None
        if found:
            key: tuple[str, ...] = ("place", found.name, found.country or "")
        else:
            key = ("org", org.name) if org else ("text", plain(text))
        doc = span.doc
        possessive = span.end < len(doc) and doc[span.end].lower_ in {"'s", "’s"}
        mention = Mention(offset, offset + len(text), text, "possessive" if possessive else "name")
        if key not in groups:
            groups[key] = ([], [], found.to_dict() if found else None, [])
        groups[key][0].append(label)
        groups[key][1].append(mention)
        groups[key][3].append(text)
    out = []
    for key, (labels, mentions, place, texts) in groups.items():
        label = majority(labels)  # "Brexit" tagged GPE once, ORG twice
        known = key[1] if key[0] == "org" else None
        out.append((label, _written_name(texts, place, known), mentions, place))
    return out


def _written_name(texts: list[str], place: dict[str, Any] | None, org: str | None = None) -> str:
    """The name as the text writes it, never a gazetteer's: not in capitals ("Halvar" over
    "HALVAR"); a known organisation's full name where the text writes it ("Indianapolis
    Colts" over "Colts", so articles agree on it); the most frequent; the place's own name
    among equals ("Kyiv" over "Kiev"); the longest; the first."""
    counts = Counter(texts)
    own = plain(place["name"]) if place else ""
    from claimgraph.geo import normalise

    full = normalise(org) if org else ""

    def rank(t: str) -> tuple[bool, bool, int, bool, int]:
        written_full = bool(full) and normalise(t) == full
        return (not t.isupper(), written_full, counts[t], plain(t) == own, len(t))

    return max(counts, key=rank)  # ties: the first written


def _place_context(items: list[tuple[Span, str]]) -> frozenset[str]:
    """ISO codes of the countries and names of the first-level regions an article names."""
    from claimgraph.geo import lookup

    found: set[str] = set()
    for span, label in items:
        if label not in {"GPE", "LOC"}:
            continue
        place = lookup(strip_possessive(span.text))
        if place is not None and place.kind == "country" and place.country:
            found.add(place.country)
        elif place is not None and place.kind == "admin1":
            found.add(place.name)
    return frozenset(found)


# -- roles ----------------------------------------------------------------------------------


def _link_roles(doc: Doc, index: EntityIndex, window: int) -> None:
    """Appositions ("Velk, the country's president") and later role descriptions."""
    by_token: dict[int, str] = {}
    for e in index.entities:
        if e.type != "PERSON":
            continue
        for m in e.mentions:
            span = doc.char_span(m.start, m.end, alignment_mode="expand")
            if span is not None:
                for t in span:
                    by_token[t.i] = e.id
    role_tokens = _tokens_with_lemma(doc, ROLE_NOUNS)
    for tok in role_tokens:
        if tok.lemma_.lower() not in ROLE_NOUNS or tok.pos_ not in {"NOUN", "PROPN"}:
            continue
        if tok.i in by_token:
            continue
        eid = None
        if tok.dep_ == "appos" and tok.head.i in by_token:
            eid = by_token[tok.head.i]  # "Velk, the country's president"
        else:
            named = [c for c in tok.children if c.dep_ == "appos" and c.i in by_token]
            if named:
                eid = by_token[named[0].i]  # "the president, Tomas Velk"
        if eid is not None:
            np = _noun_phrase(tok)
            index.add_mention(eid, Mention(np.start_char, np.end_char, np.text, "title"))
            for key in _role_keys(tok):
                index.roles.setdefault(key, []).append((np.start_char, eid))
            _gender_vote(index, eid, tok.lower_)
    for tok in role_tokens:
        if tok.lemma_.lower() not in ROLE_NOUNS or tok.pos_ != "NOUN" or tok.i in by_token:
            continue
        if not any(c.dep_ in {"det", "poss"} for c in tok.children):
            continue
        if any(c.dep_ == "appos" for c in tok.children) or tok.dep_ == "appos":
            continue
        if index.entity_at(tok.idx, tok.idx + len(tok.text)) is not None:
            continue
        np = _noun_phrase(tok)
        eid = _resolve_role(tok, index, window)
        if eid is not None:
            index.add_mention(eid, Mention(np.start_char, np.end_char, np.text, "title"))


def _resolve_org_description(head: Token, index: EntityIndex) -> str | None:
    """ "the ministry" -> the Ministry of Defence named before (the latest ORG whose name
    contains the head noun); plural or indefinite descriptions are not resolved."""
    if head.pos_ != "NOUN" or head.tag_ == "NNS":
        return None
    if not any(c.dep_ == "det" and c.lower_ == "the" for c in head.children):
        return None
    word = head.lower_
    best: tuple[int, str] | None = None
    for e in index.entities:
        if e.type not in {"ORG", "FAC"} or word not in e.name.lower().split():
            continue
        before = [m.start for m in e.mentions if m.end <= head.idx]
        if before and (best is None or max(before) > best[0]):
            best = (max(before), e.id)
    return None if best is None else best[1]


def _noun_phrase(tok: Token) -> Span:
    left = [c for c in tok.lefts if c.dep_ in {"det", "poss", "amod", "compound", "nmod"}]
    start = min([tok.i, *(c.left_edge.i for c in left)])
    return tok.doc[start : tok.i + 1]


def _role_keys(tok: Token) -> list[str]:
    head = tok.lemma_.lower()
    keys = [head]
    for c in tok.lefts:
        if c.dep_ in {"amod", "compound"} and c.lower_ not in HONORIFICS:
            keys.append(f"{c.lower_} {head}")
    return keys


def _qualifier(tok: Token) -> str | None:
    """The place or people qualifying a role: "Dravenian", "of Sevria", "Sevria's"."""
    for c in tok.children:
        if c.dep_ in {"amod", "compound", "poss"} and (c.ent_type_ in {"NORP", "GPE"}):
            return plain(c.text)
        if c.dep_ == "prep" and c.lower_ == "of":
            for g in c.children:
                if g.dep_ == "pobj" and g.ent_type_ in {"GPE", "NORP"}:
                    return plain(g.text)
    return None


def _compatible_place(a: str, b: str) -> bool:
    return a[:5] == b[:5]


def _resolve_role(tok: Token, index: EntityIndex, window: int) -> str | None:
    head = tok.lemma_.lower()
    if head not in ROLE_NOUNS or tok.tag_ in {"NNS", "NNPS"}:
        return None
    keys = _role_keys(tok)
    cands = [(pos, eid, key) for key in keys for pos, eid in index.roles.get(key, [])]
    if not cands:
        return None
    qual = _qualifier(tok)
    starts = speakers.sentence_starts(tok.doc)

    def sent_of(char: int) -> int:
        return max(bisect.bisect_right(starts, char) - 1, 0)

    here = sent_of(tok.idx)
    best = None
    for pos, eid, key in cands:
        entity = index.by_id(eid)
        if qual is not None:
            # "the president of Sevria" is not the president of Dravenia
            words = key.split()
            if len(words) > 1 and not _compatible_place(plain(words[0]), qual):
                continue
            quals = _qualifiers_of(index, eid)
            if len(words) == 1 and entity is not None and quals and qual[:5] not in quals:
                continue
        before = pos < tok.idx
        dist = here - sent_of(pos)
        if before and dist > window * ROLE_PRINCIPAL_REACH:
            continue
        mentions = entity.mentions if entity is not None else []
        recent = before and _holder_just_named(tok, mentions, here, sent_of)
        if before and dist > window and not recent:
            salient = len(mentions) >= ROLE_PRINCIPAL_MENTIONS
            if not salient:
                continue  # far back and named in passing: not "the president" of this text
        # the holder named in this sentence (or as the subject of the last one) first; else
        # the article's principal holder (most mentions); else the nearest
        score = (1 if before else 0, len(key.split()), int(recent), len(mentions), -abs(dist))
        if best is None or score > best[0]:
            best = (score, eid)
    return None if best is None else best[1]


#: A role description looks this many times further back than the title window for a
#: holder who is the article's principal person (at least this many mentions)
ROLE_PRINCIPAL_REACH = 3
ROLE_PRINCIPAL_MENTIONS = 3


def _holder_just_named(tok: Token, mentions: list[Mention], here: int, sent_of: Any) -> bool:
    """The role holder is named in the description's own sentence, or is the subject of the
    sentence before ("Russian President X said ... The president added"), not merely named
    in passing some sentences back."""
    doc = tok.doc
    for m in reversed(mentions):
        if m.end > tok.idx:
            continue
        n = sent_of(m.start)
        if n == here:
            return True
        if n < here - 1:
            return False
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        if span is not None and span.root.dep_ in {"nsubj", "nsubjpass"}:
            return True
    return False


def _qualifiers_of(index: EntityIndex, eid: str) -> set[str]:
    """Prefixes of the places and peoples the person's roles name ("draven" ...)."""
    quals = set()
    for key, items in index.roles.items():
        words = key.split()
        if len(words) > 1 and any(e == eid for _, e in items):
            quals.add(plain(words[0])[:5])
    return quals


def _gender_vote(index: EntityIndex, eid: str, word: str) -> None:
    g = ROLE_GENDER.get(word)
    if g:
        votes = index.genders.setdefault(eid, {})
        votes[g] = votes.get(g, 0) + 2
