"""Pronoun resolution: he/she/his/her (and "it"/"they" speakers) to the entity they denote.

No offline coreference package works with spaCy 3.8, so this is a focused rule system:
a third-person pronoun takes the compatible PERSON mentioned most recently within
``settings.pronoun_window_sentences`` sentences, preferring subjects and speakers (the
subject of "said", "told" ...). Gender comes from honorifics (Mr, Mrs, Ms), gendered role
nouns (spokeswoman), a small first-name list, and pronouns already resolved to the entity in
the same article ("Tomas Velk ... his" teaches that Velk is "m"). Pronouns are resolved in
text order, so evidence accumulates. Scores are module constants below.
"""

from __future__ import annotations

from bisect import bisect_left
from typing import TYPE_CHECKING

from claimgraph.extract.names import words
from claimgraph.extract.speakers import in_byline
from claimgraph.models import Mention
from claimgraph.settings import get_settings

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

    from claimgraph.extract.lookup import EntityLookup

#: Personal pronouns resolved to people, with their gender.
PRONOUNS: dict[str, str] = {
    "he": "m", "him": "m", "his": "m", "himself": "m",
    "she": "f", "her": "f", "hers": "f", "herself": "f",
}  # fmt: skip
#: Pronouns resolved to organisations or groups only when they are the subject of speech.
GROUP_PRONOUNS = frozenset({"it", "they"})
#: Every form of "it"/"they" (scored by ``claimgraph eval gum``)
GROUP_FORMS = frozenset({"it", "its", "itself", "they", "them", "their", "theirs", "themselves"})
POSSESSIVE = frozenset({"his", "her", "hers", "its", "their"})
REFLEXIVES = frozenset({"himself", "herself"})
#: Verbs of saying: their subjects are speakers (salient antecedents).
SAY_VERBS = frozenset(
    words(
        """
    say tell add state announce claim confirm deny insist note explain warn argue
    estimate report write describe acknowledge admit reply respond suggest accuse call
    ask urge stress maintain declare believe think
    """
    )
)
SUBJECTS = frozenset({"nsubj", "nsubjpass"})

# Scores (higher wins). A sentence of distance costs SENTENCE_COST.
SENTENCE_COST = 1.0
SUBJECT_BONUS = 0.5
SPEAKER_BONUS = 0.0  # measured on GUM: no gain over SUBJECT_BONUS
GENDER_MATCH_BONUS = 1.0
GENDER_UNKNOWN_COST = 0.3
SALIENCE_BONUS = 0.4  # times min(mentions, 5) / 5
#: A person of the pronoun's known gender is looked for this many times further back than
#: the window ("Isabel ... [four sentences about others] ... she"); one of unknown gender
#: costs this much more per sentence of distance (agreement is evidence, recency is not)
KNOWN_GENDER_REACH = 3
UNKNOWN_GENDER_SENTENCE_COST = 0.5
ADJACENT_BONUS = 1.0  # a pronoun right after the name, in the same sentence
ADJACENT_TOKENS = 2
NAME_MENTION_BONUS = 0.8  # the latest mention is a name (not itself a pronoun)
# The speaker of a quotation is not a he/she inside it: the subject of a verb at least this
# often a cue (PolNeAR train lexicon) at most this many characters before the quote opens.
QUOTE_SPEAKER_CUE_RATE = 0.3
QUOTE_SPEAKER_CHARS = 120


def resolve_all(doc: Doc, index: EntityLookup) -> None:
    """Resolve every he/she/him/his/her of the document and add the pronoun mentions."""
    import numpy
    from spacy.attrs import LOWER
    from spacy.strings import hash_string  # type: ignore[attr-defined]

    wanted = [hash_string(p) for p in PRONOUNS]
    hits = numpy.isin(doc.to_array([LOWER]), wanted).nonzero()[0]  # no Token per word
    for tok in (doc[int(i)] for i in hits):
        if (tok.lower_ in PRONOUNS and tok.pos_ == "PRON") or tok.lower_ in {"his", "her"}:
            if index.entity_at(tok.idx, tok.idx + len(tok.text)) is not None:
                continue
            eid = resolve_pronoun(tok, index)
            if eid is not None:
                kind = "possessive" if tok.lower_ in POSSESSIVE else "pronoun"
                index.add_mention(eid, Mention(tok.idx, tok.idx + len(tok.text), tok.text, kind))


def resolve_pronoun(tok: Token, index: EntityLookup) -> str | None:
    low = tok.lower_
    if low in GROUP_PRONOUNS:
        return _resolve_group(tok, index)
    gender = PRONOUNS.get(low)
    if gender is None:
        return None
    if low in REFLEXIVES:
        bound = _binder(tok, index)
        if bound is not None:
            return bound
    ahead = _fronted_possessive_subject(tok, index, gender)
    if ahead is not None:
        return ahead
    window = get_settings().pronoun_window_sentences
    doc = tok.doc
    sent_index = _sentence_index(doc)
    here = sent_index[tok.i]
    blocked = _clause_mates(tok) if low not in {"his", "her", "himself", "herself"} else set()
    quote = _quote_around(doc, tok.idx)
    best: tuple[float, str] | None = None
    for entity in index.entities:
        if entity.type != "PERSON":
            continue
        k = _last_before(entity.mentions, tok.idx)
        while k >= 0 and in_byline(doc, entity.mentions[k].start):
            k -= 1  # "By Mara Lind", "Analysis: Jon Sopel": the author is no antecedent
        if k < 0:
            continue
        last = entity.mentions[k]
        span = doc.char_span(last.start, last.end, alignment_mode="expand")
        if span is None:
            continue
        if any(t.i in blocked for t in span) or _inside_apposition(tok, span):
            continue
        if quote is not None and _introduces(doc, span, quote):
            continue  # "Stan said, "When he was winning ..."": he is not Stan (that is "I")
        dist = here - sent_index[span.root.i]
        votes = index.genders.get(entity.id, {})
        known = _gender_of(votes)
        if known is not None and known != gender:
            continue
        if dist > window and not (known == gender and dist <= window * KNOWN_GENDER_REACH):
            continue  # only a person of the pronoun's known gender is looked for further back
        score = -SENTENCE_COST * dist
        # the entity's mentions in the latest sentence where it appears
        latest = _in_sentence_before(doc, entity.mentions, k, sent_index, span.root.i)
        if any(r.dep_ in SUBJECTS for _, r in latest):
            score += SUBJECT_BONUS
            if any(r.dep_ in SUBJECTS and r.head.lemma_.lower() in SAY_VERBS for _, r in latest):
                score += SPEAKER_BONUS
        if known == gender:
            score += GENDER_MATCH_BONUS
        else:  # no evidence of gender: plausible only while recent
            score -= GENDER_UNKNOWN_COST + UNKNOWN_GENDER_SENTENCE_COST * dist
        score += SALIENCE_BONUS * min(len(entity.mentions), 5) / 5
        if any(m.text.lower() not in PRONOUNS for m, _ in latest):
            score += NAME_MENTION_BONUS
        if tok.i - span.end <= ADJACENT_TOKENS and dist == 0:
            score += ADJACENT_BONUS  # "Hoop Scheffer, he has explained"
        if best is None or score > best[0]:
            best = (score, entity.id)
    if best is None:
        return None
    votes = index.genders.setdefault(best[1], {})
    votes[gender] = votes.get(gender, 0) + 1
    return best[1]


def _fronted_possessive_subject(tok: Token, index: EntityLookup, gender: str) -> str | None:
    """Backward anaphora: a possessive inside a phrase fronted before the subject of its
    clause ("In her opening remarks, Waters said ...", "On his website, Sarvis notes ...")
    refers to that subject, when it is a person of a compatible gender."""
    if tok.lower_ not in {"his", "her"} or tok.dep_ != "poss":
        return None
    noun = tok.head
    if noun.dep_ != "pobj" or noun.head.dep_ != "prep":
        return None
    verb = noun.head.head
    if verb.pos_ not in {"VERB", "AUX"} or noun.head.i > verb.i:
        return None
    subject = next((c for c in verb.children if c.dep_ in SUBJECTS), None)
    if subject is None or subject.i < noun.i:
        return None
    eid = index.entity_at(subject.idx, subject.idx + len(subject.text))
    entity = index.by_id(eid) if eid is not None else None
    if entity is None or entity.type != "PERSON":
        return None
    known = _gender_of(index.genders.get(entity.id, {}))
    return entity.id if known in (None, gender) else None


def _binder(tok: Token, index: EntityLookup) -> str | None:
    """A reflexive takes the subject of its own clause ("Montalvo ... turned himself in")."""
    verb = tok.head.head if tok.dep_ == "pobj" else tok.head
    for _ in range(3):  # "wanted to defend himself": through xcomp and conj to the subject
        subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
        if subject is not None:
            eid = index.entity_at(subject.idx, subject.idx + len(subject.text))
            entity = index.by_id(eid) if eid is not None else None
            return eid if entity is not None and entity.type == "PERSON" else None
        if verb.dep_ not in {"xcomp", "conj"} or verb.head.i == verb.i:
            return None
        verb = verb.head
    return None


def _quotes(doc: Doc) -> list[tuple[int, int]]:
    """Quotations of the text with the paragraph breaks before each (computed once a doc)."""
    cached = doc.user_data.get("claimgraph.quotes")
    if cached is None:
        from claimgraph.extract.quotes import find_quotes

        text = doc.text  # built from the tokens on every access: read once
        cached = doc.user_data["claimgraph.quotes"] = find_quotes(text)
        doc.user_data["claimgraph.breaks"] = [i for i, c in enumerate(text) if c == "\n"]
    return cached


def _introduces(doc: Doc, span, quote: tuple[int, int]) -> bool:
    """The mention is the speaker of the quotation: the subject of a reporting verb (cue rate
    of the PolNeAR lexicon) in the same paragraph, right before the quote opens."""
    from claimgraph.extract import cues

    end = span.end_char
    if end > quote[0] or quote[0] - end > QUOTE_SPEAKER_CHARS:
        return False
    breaks = doc.user_data["claimgraph.breaks"]
    if bisect_left(breaks, end) != bisect_left(breaks, quote[0]):
        return False  # another paragraph
    root = span.root
    if root.dep_ not in SUBJECTS:
        return False
    return cues.cue_rate(root.head.lemma_, "VERB") >= QUOTE_SPEAKER_CUE_RATE


def _root(doc: Doc, m: Mention) -> Token | None:
    span = doc.char_span(m.start, m.end, alignment_mode="expand")
    return None if span is None else span.root


def _gender_of(votes: dict[str, int]) -> str | None:
    m, f = votes.get("m", 0), votes.get("f", 0)
    if m > f:
        return "m"
    if f > m:
        return "f"
    return None


def _clause_mates(tok: Token) -> set[int]:
    """Tokens of the pronoun's own clause subject: "Velk praised him" - him is not Velk."""
    if tok.dep_ not in {"dobj", "iobj", "pobj", "dative"}:
        return set()
    head = tok.head if tok.dep_ != "pobj" else tok.head.head
    return {t.i for c in head.children if c.dep_ in SUBJECTS for t in c.subtree}


def _inside_apposition(tok: Token, span) -> bool:
    """ "Marta Velk, his wife": a pronoun inside a name's apposition is not that name."""
    node = tok
    for _ in range(6):
        if node.dep_ == "appos" and span.start <= node.head.i < span.end:
            return True
        if node.head.i == node.i:
            return False
        node = node.head
    return False


def _resolve_group(tok: Token, index: EntityLookup) -> str | None:
    """ "it"/"they" as the subject of a verb of saying: the nearest organisation or country."""
    if tok.dep_ not in SUBJECTS or tok.head.lemma_.lower() not in SAY_VERBS:
        return None
    types = {"ORG", "GPE"} if tok.lower_ == "it" else {"ORG", "NORP", "GPE"}
    window = get_settings().pronoun_window_sentences
    sent_index = _sentence_index(tok.doc)
    here = sent_index[tok.i]
    best: tuple[tuple[int, int], str] | None = None
    for entity in index.entities:
        if entity.type not in types:
            continue
        k = _last_before(entity.mentions, tok.idx)
        if k < 0:
            continue
        last = entity.mentions[k]
        span = tok.doc.char_span(last.start, last.end, alignment_mode="expand")
        if span is None:
            continue
        dist = here - sent_index[span.root.i]
        if dist > window:
            continue
        subject = span.root.dep_ in SUBJECTS
        score = (int(subject) - dist, last.end)
        if best is None or score > best[0]:
            best = (score, entity.id)
    return None if best is None else best[1]


def _last_before(mentions: list[Mention], char: int) -> int:
    """Index of the last mention that ends by ``char`` (mentions sorted by start), or -1.
    A bisection, so that resolving every pronoun of a long document stays linear."""
    k = bisect_left(mentions, char, key=lambda m: m.start) - 1
    while k >= 0 and mentions[k].end > char:
        k -= 1
    return k


def _in_sentence_before(
    doc: Doc, mentions: list[Mention], last: int, sent_index: list[int], root: int
) -> list[tuple[Mention, Token]]:
    """The mentions up to ``mentions[last]`` in the sentence of token ``root``, latest
    first, with their syntactic roots."""
    end = mentions[last].end
    out = []
    for k in range(last, -1, -1):
        m = mentions[k]
        r = _root(doc, m)
        if r is None:
            continue
        if sent_index[r.i] < sent_index[root]:
            break
        if sent_index[r.i] == sent_index[root] and m.end <= end:
            out.append((m, r))
    return out


def _quote_around(doc: Doc, char: int) -> tuple[int, int] | None:
    """The quotation that holds offset ``char`` (the earliest-opening one), if any."""
    quotes = _quotes(doc)
    k = bisect_left(quotes, (char,))
    found = None
    for q in reversed(quotes[max(0, k - QUOTE_LOOKBACK) : k]):
        if q[0] < char < q[1]:
            found = q
    return found


#: Quotations before an offset checked for one that holds it (quotes rarely nest deeper)
QUOTE_LOOKBACK = 8


def _sentence_index(doc: Doc) -> list[int]:
    cached = doc.user_data.get("claimgraph.sent_index")
    if cached is None or len(cached) != len(doc):
        cached = [0] * len(doc)
        for n, sent in enumerate(doc.sents):
            for i in range(sent.start, sent.end):
                cached[i] = n
        doc.user_data["claimgraph.sent_index"] = cached
    return cached
