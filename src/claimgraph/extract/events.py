"""Events (PLOVER types mapped to ACLED): who did what to whom, where and when.

An event is found from a trigger word of the lexicon ``data/plover_triggers.tsv`` (verbs and
event nouns: shelled, airstrike, protested, arrested, sent troops, ...), then filled from the
dependency parse:

- ``actor``: the subject of an active trigger verb, the ``by`` agent of a passive one, the
  possessor or ``by`` phrase of a trigger noun, or the subject of the light verb a trigger
  noun is the object of ("Sevria *launched* an airstrike");
- ``target``: the direct object or passive subject of the verb, the ``on/against/of`` object
  of a noun;
- ``location``: an ``in/near/at/...`` phrase naming a place, geocoded offline with
  :func:`claimgraph.geo.lookup`;
- ``date``: the sentence's time expression (else the publication date, empty span);
- ``quantity``: a number inside the actor or target ("12,000 troops") or under the trigger
  ("killing 12 civilians"); not just any number of the sentence;
- ``modality``: negated (also when the statement that holds it denies it: "Dravenia denied
  firing on Kovar"), hypothetical (also an embedded question left open: "did not say how
  many were killed", "asked whether troops had fired", "it is unclear who attacked"),
  future, claimed (inside a statement's content, with its id) or asserted;
- ``date``: a time expression of the trigger's own clause when it is reported ("Marrow
  denied on Friday that ... had fired": Friday dates the denial, not the firing).

The ACLED sub-type starts from the trigger's row and is refined by the sentence: a weapon
named anywhere in the sentence (grenade, IED, drone, artillery) makes a generic "killed" an
Explosions/Remote violence event; civilian targets make it an Attack, armed ones an Armed
clash; a protest dispersed with tear gas is a Protest with intervention (the lexicon and its
refinement live in :mod:`claimgraph.extract.event_lexicon`; docs/events.md documents the
mapping).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from claimgraph.extract.dates import is_calendar, parse_base
from claimgraph.extract.event_lexicon import (
    PLACE_LABELS,
    PLACE_NOUNS,
    PLOVER_TYPES,
    TERRITORY_SUBTYPES,
    acled_label,
    context_cues,
    find_matches,
    is_weapon,
    lexicon,
    refine_acled,
    token_keys,
)
from claimgraph.extract.ranges import RangeIndex
from claimgraph.extract.statements import content_index
from claimgraph.models import Actor, DateRef, Event, Quantity, Span, Statement

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token
    from spacy.tokens import Span as SpacySpan

    from claimgraph.extract.entities import EntityIndex

__all__ = ["PLOVER_TYPES", "classify_doc", "extract_events", "lexicon", "trigger_roles"]

# An event trigger must weigh at least this much to make an event in a record (weaker lexicon
# rows such as "provide" or "launch" only vote in the snippet classifier).
MIN_EVENT_WEIGHT = 0.8
# Prepositions that introduce the place of an event.
PLACE_PREPS = {"in", "near", "at", "outside", "around", "across", "inside", "into", "on", "from"}
# Prepositions of a cause's place ("killed in an airstrike in X"; not "fire from X", a source).
CAUSE_PLACE_PREPS = {"in", "near", "at", "outside", "inside"}
# Prepositions that introduce the target of an event noun ("attack on X", "strikes against X").
TARGET_PREPS = {"on", "against", "of", "at", "into"}
# Verbs whose object noun is the event ("launched an attack", "staged a protest").
LIGHT_VERBS = {
    "launch", "carry", "conduct", "stage", "hold", "make", "mount", "perform", "begin",
    "start", "continue", "organise", "organize", "lead", "call", "announce", "sign", "reach",
    "claim", "take", "order", "step", "intensify", "resume", "open",
}  # fmt: skip
# Entity labels of the side a weapon belongs to ("Dravenian artillery", "Sevria's drones").
SIDE_LABELS = {"NORP", "GPE", "ORG"}
# Entity labels a trigger token may carry (other labelled tokens are names, dates, numbers).
TRIGGER_ENT_TYPES = {"EVENT"}
# Verbs whose subject undergoes the event rather than doing it.
UNACCUSATIVE = {"die", "explode", "detonate", "collapse", "crash", "sink", "fall", "disappear"}
# Verbs whose subject undergoes the event named by their object ("suffered injuries").
UNDERGO_VERBS = {"suffer", "sustain", "receive", "face", "undergo", "survive", "escape"}
HYPOTHETICAL_AUX = {"could", "might", "may", "would", "should", "can"}
FUTURE_AUX = {"will", "shall", "'ll", "wo"}
FUTURE_HEADS = {"plan", "intend", "prepare", "threaten", "vow", "pledge", "promise", "aim"}
NEGATIONS = {"not", "n't", "never", "no"}


# ---------------------------------------------------------------------------------------------
# roles


NP_LEFT_DEPS = {"compound", "amod", "det", "nummod", "poss", "nmod", "quantmod", "case"}


def _np_span(head: Token) -> tuple[int, int]:
    """Token range of the noun phrase headed by ``head`` without clauses or PPs."""
    start = head.i
    for child in head.lefts:
        if child.dep_ in NP_LEFT_DEPS:
            start = min(start, child.left_edge.i)
    end = head.i + 1
    for child in head.rights:
        if child.dep_ in ("compound", "flat", "case") or (
            child.dep_ == "appos" and child.ent_type_ and child.i == end
        ):
            end = max(end, child.right_edge.i + 1)
    # trim a leading determiner or possessive marker for a tidier span
    doc = head.doc
    while start < head.i and doc[start].dep_ in ("det", "case", "punct"):
        start += 1
    return start, end


def conjuncts(token: Token) -> list[Token]:
    """Heads conjoined with ``token`` ("Sevria and Dravenia", "soldiers and civilians")."""
    found: list[Token] = []
    for child in token.children:
        if child.dep_ == "conj" and child.pos_ in ("NOUN", "PROPN", "PRON"):
            found.append(child)
            found.extend(conjuncts(child))
        elif child.dep_ == "prep" and child.lower_ in ("including", "among"):
            for grand in child.children:  # "arrested 12 people, including X and Y"
                if grand.dep_ == "pobj":
                    found.append(grand)
                    found.extend(conjuncts(grand))
    return found


def _passive(verb: Token) -> bool:
    return any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children)


def _subject(verb: Token) -> Token | None:
    """The actor token of a verb: the active subject, or the passive ``by`` agent."""
    subjects = [c for c in verb.children if c.dep_ in ("nsubj", "csubj")]
    if subjects:  # the subject nearest the verb (a dateline can parse as a second subject)
        before = [c for c in subjects if c.i < verb.i]
        return before[-1] if before else subjects[0]
    for child in verb.children:
        if child.dep_ == "agent":
            for grand in child.children:
                if grand.dep_ == "pobj":
                    return grand
    # "X threatened to attack", "X and Y attacked", "X shelled the town, killing 12":
    # inherit from the governing verb
    if verb.dep_ in ("xcomp", "conj", "advcl") and verb.head is not verb:
        head = verb.head
        participle = (
            verb.dep_ == "advcl"
            and verb.tag_ == "VBG"
            and not any(c.dep_ == "mark" for c in verb.children)
        )
        inherits = verb.dep_ == "xcomp" or (verb.dep_ == "conj" and not _passive(verb))
        if head.pos_ in ("VERB", "AUX") and (inherits or (participle and not _passive(head))):
            return _subject(head)
    return None


def _object(verb: Token) -> Token | None:
    for child in verb.children:
        if child.dep_ in ("dobj", "obj", "nsubjpass"):
            return child
    for child in verb.children:  # "fired on the convoy", "clashed with rebels"
        if child.dep_ == "prep" and child.lower_ in ("on", "at", "against", "with", "upon"):
            for grand in child.children:
                if grand.dep_ == "pobj" and grand.ent_type_ not in NOT_PLACE_LABELS:
                    return grand
    return None


def trigger_roles(trigger: Token) -> tuple[Token | None, Token | None]:
    """The actor and target head tokens of a trigger token (verb or event noun).

    A weapon is never the actor ("a roadside bomb killed three soldiers": no actor named),
    but the side it belongs to is ("Dravenian artillery fired on Kovar": Dravenian).
    """
    actor, target = _roles(trigger)
    if actor is not None and is_weapon(actor):
        actor = next(
            (
                c
                for c in actor.children
                if c.dep_ in ("amod", "compound", "poss") and c.ent_type_ in SIDE_LABELS
            ),
            None,
        )
    return actor, target


def _gerund_noun(trigger: Token) -> bool:
    """ "Thursday's shelling", "Sevria's shelling of Kovar": a gerund with a possessive is a
    noun (the parser may still give it an object: "Thursday's shelling 'a fabrication'")."""
    return trigger.tag_ == "VBG" and any(
        c.dep_ in ("nsubj", "poss") and any(g.dep_ == "case" for g in c.children)
        for c in trigger.children
    )


def _roles(trigger: Token) -> tuple[Token | None, Token | None]:
    actor: Token | None
    target: Token | None
    if _gerund_noun(trigger):
        actor = next((c for c in trigger.children if c.dep_ in ("nsubj", "poss")), None)
        target = None
        for child in trigger.children:
            if child.dep_ == "prep" and child.lower_ in TARGET_PREPS:
                target = next((g for g in child.children if g.dep_ == "pobj"), None)
                break
        return actor, target
    if trigger.pos_ in ("VERB", "AUX") or (trigger.pos_ != "NOUN" and trigger.dep_ == "ROOT"):
        if trigger.dep_ == "amod" and trigger.tag_ == "VBN":  # "the killed soldiers"
            return None, trigger.head
        if trigger.dep_ == "acl":  # "soldiers killed in the attack", "a convoy hit by ..."
            return _subject(trigger), trigger.head if trigger.tag_ == "VBN" else None
        subject, obj = _subject(trigger), _object(trigger)
        if trigger.lemma_.lower() in UNACCUSATIVE and obj is None and not _passive(trigger):
            return None, subject  # "three soldiers died": the subject undergoes the event
        return subject, obj
    # an event noun
    actor = target = None
    for child in trigger.children:
        if child.dep_ == "poss" or (child.dep_ in ("amod", "compound") and child.ent_type_ in (
            "NORP", "GPE", "ORG", "PERSON")):  # fmt: skip
            actor = actor or child
        elif child.dep_ == "prep" and child.lower_ == "by":
            actor = actor or next((g for g in child.children if g.dep_ == "pobj"), None)
        elif child.dep_ == "prep" and child.lower_ in TARGET_PREPS:
            target = target or next((g for g in child.children if g.dep_ == "pobj"), None)
    head = trigger.head
    light = head.lemma_.lower() in LIGHT_VERBS and not any(
        c.dep_ in ("oprd", "xcomp", "ccomp") for c in head.children
    )  # "called a strike", not "called the deployment a violation"
    if actor is None and trigger.dep_ in ("dobj", "obj") and light:
        actor = _subject(head)
    if target is None and trigger.dep_ in ("dobj", "obj") and head.lemma_.lower() in UNDERGO_VERBS:
        target = _subject(head)  # "three people suffered injuries"
    if trigger.dep_ == "nsubj" and head.pos_ == "VERB":  # "an airstrike hit the market"
        target = target or _object(head)
    if trigger.dep_ == "pobj" and head.dep_ == "prep" and head.head.pos_ == "VERB":
        verb = head.head  # "killed in an airstrike": the victims are the verb's patient
        if head.lower_ in ("in", "by") and _passive(verb):
            target = target or next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
    return actor, target


def place_of(trigger: Token, sentence: SpacySpan, fallback: bool = False) -> tuple[int, int] | None:
    """Character range of the place an event happened in, from the trigger outward.

    Looks at the place phrases of the trigger, of its object ("shelled the village of X in
    the Y region") and of its head, then at any "in/near <place>" phrase of the sentence.
    """
    heads = [trigger]
    heads.extend(c for c in trigger.children if c.dep_ in ("dobj", "obj", "nsubjpass"))
    # "killed by drone strikes in the X region", "died in shelling near X": the place of the
    # cause (an event noun, not a site) named by the trigger's agent or "in" phrase
    causes = [
        g
        for c in trigger.children
        if c.dep_ in ("agent", "prep") and c.lower_ in ("by", "in", "during")
        for g in c.children
        if g.dep_ == "pobj" and g.pos_ == "NOUN" and not g.ent_type_
        and g.lemma_.lower() not in SITE_NOUNS | REGION_NOUNS
    ]  # fmt: skip
    if trigger.head is not trigger and (
        trigger.pos_ not in ("VERB", "AUX") or trigger.dep_ in ("advcl", "xcomp", "conj")
    ):  # "killed in an airstrike in X"; "shelled X in Y, killing 12"
        heads.append(trigger.head)
    found: list[tuple[int, int]] = []
    for head in heads:
        for child in head.children:
            if child.dep_ == "prep" and (
                child.lower_ in PLACE_PREPS or (child.lower_ == "of" and head is not trigger)
            ):
                place = _place_in(child)
                if place is not None:
                    found.append(place)
    for cause in causes if not found else ():
        for child in cause.children:
            if child.dep_ == "prep" and child.lower_ in CAUSE_PLACE_PREPS:
                place = _place_in(child)
                if place is not None:
                    found.append(place)
    if fallback and not found:
        for token in sentence:
            if token.dep_ == "prep" and token.lower_ in ("in", "near", "outside"):
                place = _place_in(token, named_only=True)
                if place is not None:
                    found.append(place)
                    break
    if len(found) > 1:  # "the village of Ostrin in the Kursk region": prefer what can be mapped
        doc = trigger.doc
        for start, end in found:
            span = doc.char_span(start, end, alignment_mode="expand")
            if span is not None and geocode(span.text) is not None:
                return start, end
    return found[0] if found else None


def _entity_span(token: Token) -> SpacySpan | None:
    """The named-entity span holding ``token`` (found from its IOB tags, not by listing
    ``doc.ents``, which costs the whole document every time)."""
    if not token.ent_iob_ or token.ent_iob_ == "O":
        return None
    doc, start, end = token.doc, token.i, token.i + 1
    while start > 0 and doc[start].ent_iob_ == "I":
        start -= 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    from spacy.tokens import Span

    return Span(doc, start, end, label=token.ent_type_)


def _place_in(prep: Token, named_only: bool = False) -> tuple[int, int] | None:
    doc = prep.doc
    for pobj in prep.children:
        if pobj.dep_ != "pobj":
            continue
        candidates = [pobj, *[c for c in pobj.children if c.dep_ in ("compound", "amod", "nmod")]]
        for child in pobj.children:  # "the village of Velmora"
            if child.dep_ == "prep" and child.lower_ == "of":
                candidates.extend(g for g in child.children if g.dep_ == "pobj")
        for token in candidates:
            if not token.ent_type_ or token.ent_type_ in NOT_PLACE_LABELS | {"PERSON", "NORP"}:
                continue
            ent = _entity_span(token)
            if ent is None:
                continue
            start, end = ent.start_char, ent.end_char
            region = ent.end < len(doc) and doc[ent.end].lower_ in REGION_NOUNS
            if region:  # "the Kursk region"
                end = doc[ent.end].idx + len(doc[ent.end].text)
            # the small model mislabels places (a city as ORG or PRODUCT): accept another
            # label when the preposition is the trigger's own or the gazetteer knows the name
            if (
                ent.label_ in PLACE_LABELS
                or region
                or not named_only
                or geocode(doc[ent.start : ent.end + int(region)].text) is not None
            ):
                return start, end
        # no name: a site noun ("in a crowded market"), the name winning when there is one
        if not named_only and not pobj.ent_type_ and pobj.lemma_.lower() in SITE_NOUNS:
            return _site_span(pobj)
    return None


# Common nouns that name the site of an event when no place name is given ("in a market").
SITE_NOUNS = PLACE_NOUNS | {
    "market", "mosque", "church", "temple", "school", "university", "hospital", "street",
    "square", "station", "building", "house", "home", "compound", "office", "embassy",
    "prison", "jail", "hotel", "restaurant", "cafe", "shop", "mall", "stadium", "court",
    "courthouse", "headquarters", "parliament", "palace", "ministry", "factory", "plant",
    "mine", "farm", "capital", "country", "state", "county", "neighborhood", "community",
}  # fmt: skip


def _site_span(token: Token) -> tuple[int, int]:
    start, end = _np_span(token)
    doc = token.doc
    return doc[start].idx, doc[end - 1].idx + len(doc[end - 1])


NOT_PLACE_LABELS = {"DATE", "TIME", "CARDINAL", "ORDINAL", "QUANTITY", "MONEY", "PERCENT"}
REGION_NOUNS = {"region", "oblast", "province", "district", "governorate", "state", "county"}


def geocode(name: str) -> dict[str, Any] | None:
    """The resolved place for ``name`` via :func:`claimgraph.geo.lookup` (when available)."""
    try:
        from claimgraph.geo import lookup  # type: ignore[attr-defined]
    except ImportError:
        return None
    try:
        place = lookup(name)
    except Exception:  # a gazetteer failure must not lose the event
        return None
    if place is None:
        return None
    if isinstance(place, dict):
        return place
    to_dict = getattr(place, "to_dict", None)
    if callable(to_dict):
        return to_dict()
    try:
        from dataclasses import asdict

        return asdict(place)
    except TypeError:
        return None


def _modality(trigger: Token, sentence: SpacySpan) -> str | None:
    """negated / hypothetical / future from the grammar of the trigger (None: plain)."""
    verb = trigger
    for _ in range(3):  # climb from an event noun to its verb ("launched no attack")
        if verb.pos_ in ("VERB", "AUX") or verb.head is verb:
            break
        if any(c.dep_ == "det" and c.lower_ == "no" for c in verb.children):
            return "negated"
        verb = verb.head
    chain = [verb]
    if verb.dep_ in ("xcomp", "ccomp", "conj") and verb.head is not verb:
        chain.append(verb.head)
    # a negated verb does not negate the clause it reports: "did not dispute that civilians
    # had been killed" (they were), unlike "did not try to attack" (xcomp)
    negatable = chain if verb.dep_ != "ccomp" else chain[:1]
    for v in negatable:
        children = list(v.children)
        if any(c.dep_ == "neg" or (c.lower_ in NEGATIONS and c.dep_ in ("neg", "advmod"))
               for c in children):  # fmt: skip
            return "negated"
    for v in chain:
        for c in v.children:
            if c.dep_ == "mark" and c.lower_ in ("if", "unless", "whether"):
                return "hypothetical"
            if c.dep_ == "aux" and c.lower_ in HYPOTHETICAL_AUX:
                return "hypothetical"
    if verb.dep_ == "advcl" and any(
        c.dep_ == "mark" and c.lower_ in ("if", "unless") for c in verb.children
    ):
        return "hypothetical"
    for v in chain:
        if any(c.dep_ == "aux" and c.lower_ in FUTURE_AUX for c in v.children):
            return "future"
        if any(c.lower_ == "going" and c.dep_ in ("aux", "xcomp") for c in v.children):
            return "future"
    if verb.dep_ == "xcomp" and verb.head.lemma_.lower() in FUTURE_HEADS:
        return "future"
    if _open_question(verb):
        return "hypothetical"
    if _generic_activity(trigger):
        return "hypothetical"
    return None


#: Prepositions whose gerund object is an activity talked about, not an event that took place
#: ("argued against arming the rebels", "the cost of aiding Velmora", "instead of attacking").
GENERIC_PREPS = {"against", "of", "about", "on", "for", "instead", "without", "than"}


def _generic_activity(trigger: Token) -> bool:
    """A gerund trigger used as a noun phrase names an activity, not one event: the subject
    of a clause ("aiding Velmora prolongs the war", "arming rebels is a mistake") or the
    object of a preposition that discusses it ("argued against arming the rebels")."""
    if trigger.tag_ != "VBG" or any(
        c.dep_ in ("aux", "auxpass", "det", "poss", "nsubj") for c in trigger.children
    ):  # "Thursday's shelling", "the shelling of X", "troops shelling": one event
        return False
    if trigger.dep_ in ("csubj", "csubjpass"):
        return True
    if trigger.dep_ == "nsubj" and trigger.pos_ == "VERB":
        return True
    return trigger.dep_ == "pcomp" and trigger.head.lower_ in GENERIC_PREPS


#: Heads of an embedded question that leave it open ("asked who fired", "it is unclear how").
QUESTION_HEADS = {
    "ask", "wonder", "question", "unclear", "unknown", "investigate", "determine",
    "establish", "check", "verify",
}  # fmt: skip
WH_WORDS = {"how", "who", "whom", "what", "which", "whether", "when", "where", "why", "if"}


def _open_question(verb: Token) -> bool:
    """The trigger's clause is an embedded question that its head leaves open: "did not say
    how many were killed or injured", "asked whether troops had fired", "it is unclear who
    attacked" — the event is asked about, not asserted."""
    while verb.dep_ == "conj" and verb.head is not verb:  # "killed or injured"
        verb = verb.head
    if verb.dep_ not in ("ccomp", "xcomp", "advcl", "csubj") or verb.head is verb:
        return False
    first = verb.doc[verb.left_edge.i]
    if first.lower_ not in WH_WORDS:
        return False
    head = verb.head
    negated = any(c.dep_ == "neg" or c.lower_ in NEGATIONS for c in head.children)
    open_adjective = any(  # "it is unclear who ..."
        c.dep_ == "acomp" and c.lemma_.lower() in QUESTION_HEADS for c in head.children
    )
    return negated or open_adjective or head.lemma_.lower() in QUESTION_HEADS


def _by_name(entities: EntityIndex, span: SpacySpan) -> str | None:
    """An entity whose name or alias is the span's text or its root (an unlabelled mention
    of a known name, e.g. a country the model tagged only elsewhere)."""
    wanted = {span.text, span.root.text}
    for entity in getattr(entities, "entities", ()):
        if entity.name in wanted or wanted & set(entity.aliases):
            return entity.id
    return None


def _antecedent(token: Token) -> Token:
    """The noun a relative pronoun stands for ("the forces, *which* shelled ..."), else the
    token itself."""
    if token.tag_ in ("WDT", "WP") and token.head.dep_ == "relcl":
        return token.head.head
    return token


def _actor(token: Token | None, entities: EntityIndex, doc: Doc) -> Actor | None:
    if token is None:
        return None
    token = _antecedent(token)
    if token.pos_ in ("DET", "ADP", "PUNCT") or token.ent_type_ in NOT_PLACE_LABELS:
        return None  # "last week's shelling": a date is not an actor
    start, end = _np_span(token)
    span = doc[start:end]
    if not span.text.strip():
        return None
    char_start, char_end = span.start_char, span.end_char
    entity = entities.resolve(char_start, char_end, doc) or _by_name(entities, span)
    return Actor(Span(char_start, char_end, span.text), entity)


def _clause_path(trigger: Token) -> tuple[set[int], Token | None]:
    """The trigger and the words above it up to the verb of a reported clause (the words a
    time expression of the event may hang from), and that verb (None: not reported)."""
    path = {trigger.i}
    token = trigger
    for _ in range(12):
        if token.pos_ in ("VERB", "AUX") and token.dep_ == "ccomp":
            return path, token
        if token.head is token:
            break
        token = token.head
        path.add(token.i)
    return path, None


def _dates_other_noun(doc: Doc, date: DateRef, trigger: Token) -> bool:
    """ "a violation of the 2019 truce": 2019 modifies another noun, it dates the truce (but
    "joined Saturday's march": the trigger's own object dates the joining)."""
    span = doc.char_span(date.span.start, date.span.end, alignment_mode="expand")
    if span is None:
        return False
    root = span.root
    noun = root.head
    modifier = root.dep_ in ("nummod", "compound", "amod", "poss")
    return modifier and trigger.i not in (noun.i, noun.head.i)


def _dates_event(doc: Doc, date: DateRef, trigger: Token, path: set[int]) -> bool:
    """Does the time expression hang from the trigger or a verb of its clause path (not from
    another clause: "... Feld said, adding that Sevria would attend talks on March 25")?"""
    span = doc.char_span(date.span.start, date.span.end, alignment_mode="expand")
    if span is None:
        return True
    token = span.root
    for _ in range(12):
        if token.i in path:
            return True
        clause = token.pos_ in ("VERB", "AUX") and token.dep_ not in ("acl", "relcl", "amod")
        if clause or token.head is token:  # not a participle of a noun ("a truce agreed on")
            return False
        token = token.head
    return False


def _date_for(
    trigger: Token, sentence: SpacySpan, dates: RangeIndex[DateRef], base: str | None
) -> DateRef | None:
    inside = dates.within(sentence.start_char, sentence.end_char)
    path, reported = _clause_path(trigger)
    if reported is not None:  # "denied on Friday that X had fired": Friday dates the denial
        lo = reported.left_edge.idx
        hi = reported.right_edge.idx + len(reported.right_edge.text)
        inside = [d for d in inside if lo <= d.span.start and d.span.end <= hi]
    doc = trigger.doc
    inside = [d for d in inside if not _dates_other_noun(doc, d, trigger)]
    # a time expression hanging from the trigger's own clause first, else the nearest one
    own = [d for d in inside if is_calendar(d.value) and _dates_event(doc, d, trigger, path)]
    anchored = own or [d for d in inside if is_calendar(d.value)]
    if anchored:
        return min(anchored, key=lambda d: abs(d.span.start - trigger.idx))
    published = parse_base(base)
    if published is None:
        return None
    # No time expression in the sentence: the publication date, with an empty span.
    return DateRef(Span(0, 0, ""), published.isoformat(), "day")


def _quantity_for(
    trigger: Token,
    sentence: SpacySpan,
    quantities: RangeIndex[Quantity],
    roles: list[Actor | None],
) -> str | None:
    inside = quantities.within(sentence.start_char, sentence.end_char)
    if not inside:
        return None
    for role in roles:  # a number inside the actor or target ("12,000 troops")
        if role is None:
            continue
        for q in inside:
            if role.span.start <= q.span.start and q.span.end <= role.span.end:
                return q.id
    # a number whose counted thing is a participant or the trigger itself: "the number of
    # people killed ... has risen to 16", "two of the wounded"
    parts = [r.span for r in roles if r is not None]
    parts.append(Span(trigger.idx, trigger.idx + len(trigger.text), trigger.text))
    for q in inside:
        if q.subject is not None and any(
            q.subject.start < p.end and p.start < q.subject.end for p in parts
        ):
            return q.id
    subtree = trigger.subtree
    lo = min((t.idx for t in subtree), default=trigger.idx)
    hi = max((t.idx + len(t) for t in trigger.subtree), default=trigger.idx + len(trigger))
    doc = trigger.doc
    for q in inside:
        if lo <= q.span.start and q.span.end <= hi and not _under_clause(doc, q, trigger):
            return q.id
    return None  # a number elsewhere in the sentence counts something else


def _under_clause(doc: Doc, q: Quantity, trigger: Token) -> bool:
    """Is the number in a clause of its own below the trigger ("the largest deployment since
    the two countries signed a truce": two counts the countries, not the deployment)?"""
    span = doc.char_span(q.span.start, q.span.end, alignment_mode="expand")
    if span is None:
        return False
    token = span.root.head
    for _ in range(12):
        if token.i == trigger.i or token.head is token:
            return False
        if token.pos_ in ("VERB", "AUX"):
            return True
        token = token.head
    return False


def _location(trigger: Token, sentence: SpacySpan, text: str) -> dict[str, Any] | None:
    """``{"span": Span, "place": geocoded place or None}`` for the trigger, if any."""
    place_range = place_of(trigger, sentence)
    if place_range is None:
        return None
    span = Span.of(text, *place_range)
    return {"span": span, "place": geocode(span.text)}


def _quantity_in(role: Actor | None, quantities: RangeIndex[Quantity]) -> str | None:
    """The id of a quantity inside a role's span ("12 civilians"), if any."""
    if role is None:
        return None
    inside = quantities.within(role.span.start, role.span.end)
    return inside[0].id if inside else None


def _reported(trigger: Token, statement: str | None, statements: list[Statement]) -> str:
    """The modality of an event as its statement reports it: claimed, or negated when the
    speaker denies it ("Dravenia denied firing on Kovar"; not "did not dispute that ...", nor
    an event of a side clause: "denied that X fired, calling the account of the shelling
    ...")."""
    if statement is None:
        return "asserted"
    st = next((s for s in statements if s.id == statement), None)
    if st is not None and st.modality == "denied" and not _in_side_clause(trigger, st):
        cue = st.cue.text.lower().replace("\u2019", "'")
        if not re.search(r"\b(?:not|never|no)\b|n't", cue):
            return "negated"
    return "claimed"


def _in_side_clause(trigger: Token, st: Statement) -> bool:
    """Is the trigger under an adverbial or relative clause inside the statement's content?"""
    token = trigger
    while token.head is not token and st.content.start <= token.head.idx < st.content.end:
        if token.dep_ in ("advcl", "relcl", "acl"):
            return True
        token = token.head
    return False


def _statement_for(start: int, end: int, statements: RangeIndex[Statement]) -> str | None:
    holding = statements.holding(start, end)
    return holding[0].id if holding else None


#: A state as the one taking ground: a country ("Russia advanced"), or a phrase a country or
#: nationality qualifies ("Velmoran forces", "the forces of Velmora") with no word of a
#: non-state group. ACLED's two territory sub-types split on state vs non-state actors.
STATE_TERRITORY = ("GOV_REGAINS_TERIT", 2.0)


def actor_context(actor: Token) -> dict[str, tuple[str, float]]:
    """Context cues of an event's actor phrase (see ``context_cues``), with a state actor
    counted as government forces for the territory sub-types."""
    cues = context_cues(list(actor.subtree))
    if "territory" in cues:
        return cues
    state = actor.ent_type_ == "GPE" or any(
        t.ent_type_ in {"GPE", "NORP"} for t in actor.subtree if t.i != actor.i
    )
    if state:
        cues["territory"] = STATE_TERRITORY
    return cues


def extract_events(
    doc: Doc,
    entities: EntityIndex,
    statements: list[Statement],
    quantities: list[Quantity],
    dates: list[DateRef],
    published: str | None,
) -> list[Event]:
    """The events of a parsed document (PLOVER type, roles, place, date, ACLED sub-type)."""
    events: list[Event] = []
    text = doc.text
    keys = token_keys(doc)
    contents = content_index(statements)
    date_index = RangeIndex(dates, key=lambda d: (d.span.start, d.span.end))
    quantity_index = RangeIndex(quantities, key=lambda q: (q.span.start, q.span.end))
    for sentence in doc.sents:
        matches = find_matches(doc, sentence.start, sentence.end, keys)
        triggers = [
            m
            for m in matches
            if m.entry.is_trigger and m.entry.plover and m.entry.weight >= MIN_EVENT_WEIGHT
        ]
        if not triggers:
            continue
        cues = context_cues(sentence)
        seen: set[int] = set()
        by_head: dict[int, Event] = {}
        for match in triggers:
            if match.start in seen:  # one event per trigger position (the heaviest entry)
                continue
            entry = max(
                (m.entry for m in triggers if m.start == match.start), key=lambda e: e.weight
            )
            seen.add(match.start)
            head = doc[match.start]
            if entry.lemmas and len(entry.lemmas) > 1:  # the syntactic head of the phrase
                span = doc[match.start : match.end]
                head = span.root
            if head.pos_ not in ("VERB", "NOUN", "PROPN", "AUX", "ADJ") or (
                head.ent_type_ and head.ent_type_ not in TRIGGER_ENT_TYPES
            ):  # "March" the month, "Strike Force" the name
                continue
            actor_tok, target_tok = trigger_roles(head)
            actor = _actor(actor_tok, entities, doc)
            target = _actor(target_tok, entities, doc)
            parent = by_head.get(head.head.i) if head.dep_ == "advcl" else None
            if parent is None or head.tag_ != "VBG":
                # "Shelling killed 14 civilians": the event noun is the subject
                parent = by_head.get(_antecedent(actor_tok).i) if actor_tok is not None else None
            if parent is None and head.dep_ == "pobj" and head.head.dep_ == "prep":
                # "14 civilians were killed in shelling": the noun names the same event
                parent = by_head.get(head.head.head.i)
            if parent is not None and parent.type == entry.plover:
                # "shelled the village, killing 12 civilians": the casualties of one event
                if parent.target is None:
                    parent.target = target
                if parent.location is None:
                    parent.location = _location(head, sentence, text)
                casualties = _quantity_in(target, quantity_index)
                if casualties is not None:
                    parent.quantity = casualties
                continue
            trigger_span = Span.of(text, doc[match.start].idx, doc[match.end - 1].idx
                                   + len(doc[match.end - 1]))  # fmt: skip
            location = _location(head, sentence, text)
            statement = _statement_for(trigger_span.start, trigger_span.end, contents)
            modality = _modality(head, sentence) or _reported(head, statement, statements)
            event = Event(
                id=f"V{len(events) + 1}",
                type=entry.plover or "",
                trigger=trigger_span,
                sentence=Span.of(text, sentence.start_char, sentence.end_char),
                mode=entry.mode,
                acled=acled_label(
                    refine_acled(
                        entry,
                        matches,
                        cues,
                        actor_context(actor_tok) if actor_tok else None,
                    )
                ),
                actor=actor,
                target=target,
                location=location,
                date=_date_for(head, sentence, date_index, published),
                quantity=_quantity_for(head, sentence, quantity_index, [actor, target]),
                modality=modality,
                statement=statement,
            )
            events.append(event)
            by_head[head.i] = event
    return events


# ---------------------------------------------------------------------------------------------
# snippet classification (the CASE 2021 task: one event sub-type for a short news text)

# How the votes of other sub-types count inside a protest (see classify_doc); the
# sentence's protest cue, when there is one, decides instead.
IN_PROTEST = {
    "ARREST": "PROTEST_WITH_INTER",
    "ATTACK": "FORCE_AGAINST_PROTEST",
    "ARMED_CLASH": "VIOL_DEMONSTR",
    "PROPERTY_DISTRUCT": "VIOL_DEMONSTR",
}
# Votes of later sentences count less: a news snippet states its main event first.
LATER_SENTENCE_WEIGHT = 0.6
# Votes of negated or hypothetical triggers ("did not attack", "could strike") count less.
UNREAL_WEIGHT = 0.3
# The label when no lexicon entry is found: ACLED's "Strategic developments / Other".
FALLBACK_CODE = "OTHER"


def classify_doc(doc: Doc) -> tuple[str, dict[str, float]]:
    """The event sub-type code of a short text and the score of every code considered.

    Every lexicon match (trigger or cue) votes its weight for its sub-type, refined by its
    sentence (a weapon, a civilian target, force against protesters); votes of later
    sentences and of negated or hypothetical triggers count less. The strongest code wins.
    """
    scores: dict[str, float] = {}
    all_matches = find_matches(doc, keys=token_keys(doc))
    if not all_matches:
        return FALLBACK_CODE, scores
    # a snippet is about one event: its context cues are read over the whole text
    cues = context_cues(doc[:])
    for index, sentence in enumerate(doc.sents):
        matches = [m for m in all_matches if sentence.start <= m.start < sentence.end]
        if not matches:
            continue
        factor = 1.0 if index == 0 else LATER_SENTENCE_WEIGHT
        for match in matches:
            actor_cues = None
            if match.entry.acled in TERRITORY_SUBTYPES:
                actor, _ = trigger_roles(doc[match.start])
                if actor is not None:
                    actor_cues = actor_context(actor)
            code = refine_acled(match.entry, all_matches, cues, actor_cues)
            if code is None:
                continue
            weight = match.entry.weight * factor
            if match.entry.is_trigger and _modality(doc[match.start], sentence) in (
                "negated",
                "hypothetical",
            ):
                weight *= UNREAL_WEIGHT
            scores[code] = scores.get(code, 0.0) + weight
    if not scores:
        return FALLBACK_CODE, scores
    if any(m.entry.plover == "PROTEST" and m.entry.mode == "demo" for m in all_matches):
        # ACLED codes a protest and the response to it as one protest event: arrests are an
        # intervention, killings and beatings excessive force, destruction a riot.
        for code, family_code in IN_PROTEST.items():
            if code in scores:
                target = cues.get("protest", (family_code, 0.0))[0]
                scores[target] = scores.get(target, 0.0) + scores.pop(code)
    return max(scores.items(), key=lambda kv: kv[1])[0], scores
