"""Verb cues: ``officials said (that) X``, ``X, he said``, quotes next to the cue, objects
as contents (``called for X``), the recipient (``told reporters``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from claimgraph.extract import cue_model, cues
from claimgraph.extract.attribution.phrases import (
    DATELINE,
    MEDIA,
    Found,
    _agent,
    _content_from,
    _cue_span,
    _is_cue,
    _led,
    _longest_run,
    _np_extent,
    _runs,
    _subject,
    _words,
    overlaps,
    trim,
    ws_trim,
)
from claimgraph.extract.quotes import overlapping

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

OBJECT_DEPS = {"dobj", "xcomp", "oprd", "acomp", "attr"}  # complements taken as content
OBJECT_PREPS = {"for", "about", "on", "that", "of", "against", "over", "to", "as", "with"}
# labelling verbs: as participles without a subject or agent they name, nobody speaks
LABEL_VERBS = {"know", "call", "name", "dub", "nickname", "label", "term", "title", "brand"}
# verbs of experience and possession: their subject undergoes or holds, it does not speak
EXPERIENCE_VERBS = {"enjoy", "experience", "suffer", "undergo", "endure", "gain", "lose"}
EXPERIENCE_VERBS |= {"win", "receive", "own", "possess", "inherit", "earn", "lack"}
# concrete places, buildings and vehicles: objects of deeds ("attacked bars"), not of speech
CONCRETE_NOUNS = {"bar", "club", "shop", "store", "market", "church", "mosque", "synagogue"}
CONCRETE_NOUNS |= {"temple", "school", "hospital", "clinic", "building", "house", "home"}
CONCRETE_NOUNS |= {"embassy", "office", "station", "base", "checkpoint", "village", "town"}
CONCRETE_NOUNS |= {"city", "district", "neighborhood", "neighbourhood", "street", "road"}
CONCRETE_NOUNS |= {"bridge", "port", "airport", "camp", "convoy", "vehicle", "car", "bus"}
CONCRETE_NOUNS |= {"train", "ship", "boat", "plane", "aircraft", "tank", "facility", "plant"}
CONCRETE_NOUNS |= {"depot", "warehouse", "hotel", "restaurant", "cafe", "prison", "jail"}
CONCRETE_NOUNS |= {"barracks", "headquarters", "compound", "bus", "hall", "stadium", "square"}
CUE_PREPS = {"about", "to", "for", "of", "on", "against", "over", "with"}  # "spoke about"
OBJECT_TAIL_PREPS = {
    "in",
    "during",
    "from",
    "at",
    "after",
}  # a phrase right after an object that goes on the object
QUOTE_MIN_WORDS = 3  # a quoted passage shorter than this is a scare quote, not a content


def _clause_child(verb: Token) -> Token | None:
    for child in verb.children:
        if child.dep_ == "ccomp":
            return child
    # "X reported, citing the Herald, that ...": the parser hangs the clause on the name
    for child in verb.rights:
        if child.dep_ != "advcl" or child.lemma_ not in {"cite", "quote"}:
            continue
        for obj in child.children:
            for clause in obj.rights if obj.dep_ == "dobj" else []:
                marked = any(g.dep_ == "mark" and g.lower_ == "that" for g in clause.children)
                if clause.dep_ in {"relcl", "acl"} and marked:
                    return clause
    return None


#: Characters of punctuation and white space that may stand between a cue clause and its quote
ADJACENT_GAP_MAX = 200


def _adjacent_quote(
    text: str, verb: Token, lo: int, hi: int, quotes: list[tuple[int, int]]
) -> tuple[int, int] | None:
    """A quote right before or after the clause [lo, hi) of the cue (comma/colon between)."""
    sent = verb.sent
    # only quotes this close can qualify: no slice of the text to any quote far away
    for qs, qe in overlapping(quotes, lo - ADJACENT_GAP_MAX - 1, hi + ADJACENT_GAP_MAX + 1):
        gap = text[qe:lo]
        before = qe <= lo and "\n" not in gap and gap.strip(" \t,\u2014\u2013-") == ""
        if before and (qs >= sent.start_char - 2 or _words(text[qs:qe]) >= QUOTE_MIN_WORDS):
            return qs, qe
        gap = text[hi:qs]
        after = qs >= hi and gap.strip(" \t\r\n,:\u2014\u2013-") == ""
        if after and ("\n" not in gap or ":" in gap):  # "He said:" + a quote paragraph
            return qs, qe
    return None


def _quote_chain(
    text: str, quote: tuple[int, int], lo: int, hi: int, quotes: list[tuple[int, int]]
) -> tuple[int, int]:
    """Extend a quote with the quotes that continue it in the same paragraph.

    ``"X," he said, "Y." "Z."``: the content runs from the first opening mark to the last
    closing mark; the speaker and cue [lo, hi) may lie inside it (a quote split around its
    cue is one content, as in PolNeAR).
    """
    start, end = quote
    for qs, qe in quotes:
        if qs < end:
            continue
        gap = text[end:qs]
        if lo >= end and hi <= qs:
            gap = text[end:lo] + text[hi:qs]
        if "\n" in gap or gap.strip(" \t,.;:\u2014\u2013-") != "":
            break
        end = qe
    return start, end


def verb_statement(
    doc: Doc, text: str, verb: Token, quotes: list[tuple[int, int]], force: bool = False
) -> Found | None:
    if verb.lemma_ == "accord" or not cue_model.is_candidate(verb):
        return None
    if not force and cue_model.probability(verb, quotes) < cue_model.threshold():
        return None
    if any(_led(c) and _is_cue(c, quotes) for c in verb.children):
        return None  # "went on to say X": the cue is "went on to say", made by "say"
    subj = _subject(verb)
    speaker_tok = subj if subj is not None else _agent(verb)
    expletive = any(c.dep_ in {"nsubjpass", "expl"} for c in verb.children)
    if speaker_tok is not None and speaker_tok.lower_ in {"it", "there"} and expletive:
        speaker_tok = None
    speaker = None
    stop = {verb.i}
    if speaker_tok is not None and speaker_tok.lower_ not in {"it", "there", "this", "that"}:
        speaker = _np_extent(speaker_tok, stop)
        dateline = DATELINE.match(text, speaker[0])
        if dateline and (speaker[0] == 0 or text[speaker[0] - 1] == "\n"):
            # "RENNICK - The Northern Relief Agency confirmed": the parser's subject is the place
            end = max(speaker[1], speaker_tok.right_edge.idx + len(speaker_tok.right_edge))
            speaker = ws_trim(text, dateline.end(), min(end, verb.idx))
            if speaker[0] >= speaker[1]:
                # the subject was the dateline alone ("HALVAR (Echo) - Share this article"):
                # no one is left to speak, and a headline or page widget is not a statement
                return None
    cue = _cue_span(verb, speaker)
    clause = _clause_child(verb)
    content = None
    if clause is not None and clause.i < verb.i:
        between = doc[clause.right_edge.i + 1 : verb.i]
        if any(t.text == ";" for t in between):
            # "officials say X; the Herald has reported Y": not X's cue (but maybe a later one)
            clause = next((c for c in verb.rights if c.dep_ == "ccomp"), None)
    if clause is not None:
        exclude = {t.i for t in verb.subtree} - {t.i for t in clause.subtree}
        tokens = [t for t in clause.subtree if t.i not in exclude]
        # "that" complementiser is a child of the clause: kept (PolNeAR convention)
        content = _content_from(tokens, text, quotes)
    # "The talks stalled, he said" / "The talks, he said, stalled": the clause is the head
    left = verb.left_edge.i
    after_punct = left > 0 and doc[left - 1].is_punct
    aside = verb.dep_ in {"parataxis", "advcl"} or (verb.dep_ == "ccomp" and after_punct)
    aside = aside and subj is not None
    aside = aside and not any(c.dep_ in OBJECT_DEPS for c in verb.rights)  # "said, citing X"
    aside = aside and verb.head.pos_ in {"VERB", "AUX"}
    if content is None and aside:
        own = {t.i for t in verb.subtree}
        sent = verb.sent
        tokens = [t for t in verb.head.subtree if t.i not in own and sent.start <= t.i < sent.end]
        runs = _runs(tokens)
        medial = len(runs) == 2 and runs[0][-1].i < verb.i < runs[1][0].i
        if medial and all(_words_in(r) >= MEDIAL_MIN_WORDS for r in runs):
            # "The museum, Mr. Obama said, would make visitors face ...": one content around
            # its cue, as a quote split by its cue is (the parts are in content_parts)
            content = _content_from(tokens, text, quotes)
        else:
            content = _content_from(_longest_run(tokens), text, quotes)
            if content is not None and speaker is not None and overlaps(content, speaker):
                content = None  # "X," he said, referring to Y: the content is Y, not X
    lo = min(cue[0], speaker[0]) if speaker else cue[0]
    hi = max(cue[1], speaker[1]) if speaker else cue[1]
    recipient = _recipient(verb)
    if recipient is not None and recipient[0] >= hi and not text[hi : recipient[0]].strip():
        hi = recipient[1]  # "telling Breitbart London: "...": the quote follows the recipient
    # "“X,” Trump said, referring to Y": a quote before an inherited subject is the head's
    inherited = speaker is not None and (subj is None or subj.head.i != verb.i)
    quote_lo = cue[0] if speaker is not None and inherited and speaker[1] <= cue[0] else lo
    quote = _adjacent_quote(text, verb, quote_lo, hi, quotes)
    inside_quote = quote is not None and (
        content is None or (quote[0] <= content[0] and content[1] <= quote[1])
    )
    if quote is not None and inside_quote:
        content = _quote_chain(text, quote, lo, hi, quotes)
    if content is None:
        if _label_without_source(verb, subj):
            return None  # "a group known as the Wardens": a name, not a statement
        content = _object_content(verb, text, quotes, skip=recipient)
        if content is None and recipient is not None:
            # "referring to the garrison", "responded to the letter": what "to" names is the
            # content, not an addressee
            content = _object_content(verb, text, quotes)
            recipient = None if content is not None else recipient
        if content is not None and not _verbal_object(verb, content):
            return None  # "attacked bars", "dismissed six police chiefs": acts, not speech
        prep = _leading_prep(verb, cue, content)
        if prep is not None and content is not None:
            # "spoke about X", "referring to X": the preposition belongs to the cue
            cue = (cue[0], prep.idx + len(prep))
            content = trim(text, prep.idx + len(prep), content[1])
    passive = next((c for c in verb.lefts if c.dep_ == "nsubjpass"), None)
    if content is None and passive is not None and speaker_tok is not None:
        # "O'Malley's move was first reported by MSNBC": the subject is what was said
        content = _content_from(list(passive.subtree), text, quotes)
    if content is None:
        return None
    split_quote = content[0] < lo and hi < content[1]
    clash = speaker is not None and speaker[0] < content[1] and content[0] < speaker[1]
    if clash and not split_quote:
        return None
    return Found(
        cue=cue,
        content=content,
        speaker=speaker,
        head=verb.i,
        recipient=recipient,
        cue_lemma=verb.lemma_,
        negated=any(c.dep_ == "neg" for c in verb.children),
    )


MEDIAL_MIN_WORDS = 2  # words on each side of a medial cue ("X, he said, Y") for one content


def _words_in(run: list[Token]) -> int:
    return sum(1 for t in run if not t.is_punct)


def _label_without_source(verb: Token, subj: Token | None) -> bool:
    """``known as Salafists``, ``a group called the Wardens``: a labelling participle with
    neither a subject nor an agent names something; nobody is quoted. (``what he called
    tribalism`` has a subject and stays a statement.)"""
    return (
        verb.lemma_.lower() in LABEL_VERBS
        and verb.tag_ == "VBN"
        and subj is None
        and _agent(verb) is None
    )


def _verbal_object(verb: Token, content: tuple[int, int]) -> bool:
    """Whether an object-only content can be what a speech act is about.

    PolNeAR counts stances taken by deeds as attributions (``oppose the resolution``), so
    object-only contents stay, except where the verb's sense is plainly not speech:

    - a denial verb with a counted object dismisses people from a post, not a claim
      (``dismissed six police chiefs``);
    - a verb of experience or possession has an experiencer, not a speaker (``enjoyed a
      meteoric rise``, ``suffered a defeat``);
    - a concrete place, building or vehicle is acted on, not spoken about (``attacked bars``,
      ``hit a checkpoint``), unless the verb is a reporting verb.
    """
    doc = verb.doc
    span = doc.char_span(content[0], content[1], alignment_mode="expand")
    if span is None:
        return True
    obj = span.root
    lemma = verb.lemma_.lower()
    counted = any(c.dep_ == "nummod" for c in obj.children) and obj.tag_ == "NNS"
    if lemma in cues.DENY and counted and obj.ent_type_ == "":
        return False
    if lemma in EXPERIENCE_VERBS:
        return False
    concrete = obj.pos_ == "NOUN" and obj.lemma_.lower() in CONCRETE_NOUNS
    return not (concrete and lemma not in cues.ALWAYS)


def _object_content(
    verb: Token,
    text: str,
    quotes: list[tuple[int, int]],
    skip: tuple[int, int] | None = None,
) -> tuple[int, int] | None:
    """Content as the objects and complements when there is no clause (``called X for Y``).

    The run of right-hand complements of the verb from the first one, stopping at a
    dependent that is not a complement (a time, a place of speaking, punctuation + clause).
    """
    tokens: list[Token] = []
    started = False
    for child in verb.rights:
        if child.dep_ == "dobj" and verb.lemma_ in cues.TELL:
            continue  # "told reporters": the recipient
        if skip is not None and skip[0] <= child.idx < skip[1] + 1:
            continue  # "spoke to the council about X": the council is the addressee
        if skip is not None and child.dep_ == "prep" and child.lower_ == "to":
            lo, hi = skip
            if any(lo <= g.idx < hi for g in child.children):
                continue
        complement = child.dep_ in OBJECT_DEPS or (
            child.dep_ == "prep" and child.lower_ in OBJECT_PREPS and child.ent_type_ == ""
        )
        # "calling for the United States to step up ...": a for/to clause
        complement = complement or (
            child.dep_ == "advcl" and any(g.lower_ in {"for", "to"} for g in child.lefts)
        )
        # "questioned Christie's leadership in the aftermath of X": the parser hangs the
        # phrase on the verb; it goes on the object (not "in a statement", not a date)
        complement = complement or (
            started
            and child.dep_ == "prep"
            and child.lower_ in OBJECT_TAIL_PREPS
            and tokens[-1].i + 1 == child.i
            and not any(g.dep_ == "pobj" and g.lemma_.lower() in MEDIA for g in child.children)
        )
        if complement and not (child.dep_ == "prep" and _is_time(child)):
            tokens += _without_asides(child)
            started = True
        elif started:
            break
    return _content_from(tokens, text, quotes) if tokens else None


def _without_asides(tok: Token) -> list[Token]:
    """The subtree of ``tok`` up to a relative clause set off by a comma (``X, which ...``)."""
    doc = tok.doc
    out: list[Token] = []
    for t in tok.subtree:
        aside = t.dep_ == "relcl" and t.left_edge.i > 0 and doc[t.left_edge.i - 1].text == ","
        if aside and t.left_edge.i - 1 > tok.left_edge.i:
            return [u for u in out if u.i < t.left_edge.i - 1]
        out.append(t)
    return out


def _leading_prep(
    verb: Token, cue: tuple[int, int], content: tuple[int, int] | None
) -> Token | None:
    """The preposition opening a content that follows the cue directly, if any."""
    if content is None:
        return None
    doc = verb.doc
    span = doc.char_span(content[0], content[1], alignment_mode="expand")
    if span is None or len(span) < 2:
        return None
    first = span[0]
    # "calling for the United States to step up": "for" marks the verb's infinitive clause
    marker = first.dep_ == "mark" and first.head.dep_ == "advcl" and first.head.head.i == verb.i
    if not ((first.dep_ == "prep" and first.head.i == verb.i) or marker):
        return None
    if first.lower_ not in CUE_PREPS:
        return None
    if doc.text[cue[1] : first.idx].strip():
        return None
    return first


def _is_time(prep: Token) -> bool:
    return any(g.dep_ == "pobj" and g.ent_type_ in {"DATE", "TIME"} for g in prep.children)


def _recipient(verb: Token) -> tuple[int, int] | None:
    for child in verb.children:
        told = child.dep_ in {"dobj", "dative"} and verb.lemma_ in cues.TELL
        if told and child.pos_ in {"PROPN", "NOUN", "PRON"}:
            return _np_extent(child, {verb.i})
        after = child.i > verb.i
        if (
            child.dep_ in {"prep", "dative"}
            and child.lower_ in {"to", "in"}
            and (after or child.lower_ == "in")
        ):
            for pobj in child.children:
                if pobj.dep_ != "pobj":
                    continue
                if child.lower_ == "to" and pobj.pos_ in {"PROPN", "NOUN", "PRON"}:
                    return _np_extent(pobj, {child.i})  # the addressee, not "to"
                with_ = next((g for g in pobj.children if g.lower_ == "with"), None)
                who = next((g for g in with_.children if g.dep_ == "pobj"), None) if with_ else None
                if child.lower_ == "in" and pobj.lemma_ in MEDIA and who is not None and with_:
                    return _np_extent(who, {with_.i})  # "in an interview with Radio Velda"
    return None
