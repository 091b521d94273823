"""Attributed statements: speaker, cue, content, kind, recipient, relay, modality.

Candidate cue words (verbs and nouns of a lexicon learned from PolNeAR train,
:mod:`claimgraph.extract.cues`) are kept when a logistic model over parse features
(:mod:`claimgraph.extract.cue_model`, fitted on train) says so; dependency rules then find
the speaker and the content, helped by quote ranges found from the text alone
(:mod:`claimgraph.extract.quotes`). Constructions:

- reporting verb with a clause: ``officials said (that) the talks had stalled`` (speaker =
  subject, content = the clausal complement); the clause may come first (``..., he said``)
  or around the cue (``The talks, he said, stalled``: the longer part);
- verbs without a clause take their complements: ``called for X``, ``accused X of Y``;
- quotes next to a cue, split around it (``"X," he said, "Y."``), opened by a colon
  (``He said: "..."``) or a dash (wire style), over several sentences, and continued by the
  following all-quote paragraphs; signed quotes (``"..." ― Name``);
- ``according to X``; ``Name: ...`` headlines and transcript lines; passive cues with an
  agent (``was first reported by X``) or none (``It was reported that ...``: no speaker);
- noun cues: ``X's claim that ...``, ``the claim by X that ...``, ``X's criticism of Y``;
- fronted studies as sources: ``In a CNN poll released Monday, ...``;
- relays: ``Kyodo News reported that the president "acknowledged" ...`` gives the
  president's statement with ``via`` Kyodo News; ``X reported, citing Y, that ...`` gives Y's
  statement via X;
- speech inside a quotation whose speaker is inside it too (``"I think ...," she said``)
  belongs to the quoted person and is not a statement of the article.

Span conventions (those of PolNeAR): the cue holds the verb with its auxiliaries, negation,
particle and adverbs next to it (``has also said``), a following day or medium (``said
Tuesday in a statement``), ``according to``, or the colon/dash of a colon or signed quote;
the speaker is the whole subject noun phrase without relative clauses; the content is the
reported clause including a complementiser ``that`` and the quote marks around it, without
the speaker, the cue and separating punctuation or dashes. Exception: a quote split around
its cue is one content from the first opening mark to the last closing mark (the speaker
and cue lie inside it), and ``content_parts`` lists the quoted pieces without them. Every
span is trimmed of surrounding whitespace.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from claimgraph.extract import cue_model, cues
from claimgraph.extract.quotes import find_quotes
from claimgraph.models import Actor, Span, Statement

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token
    from spacy.tokens import Span as SpacySpan

    from claimgraph.extract.entities import EntityIndex

CUE_INNER = {"aux", "auxpass", "neg", "prt"}  # dependents that belong to the cue span
CUE_ADVERBS = {"also", "then", "later", "again", "repeatedly", "previously", "often", "once"}
CUE_ADVERBS |= {"recently", "reportedly", "publicly", "privately", "already", "still", "now"}
CUE_ADVERBS |= {"further", "first", "never", "frequently", "earlier", "falsely", "flatly"}
WHEN = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}
WHEN |= {"yesterday", "today", "tonight", "earlier", "later", "recently", "again"}
MEDIA = {"statement", "interview", "email", "e-mail", "letter", "tweet", "twitter", "post"}
MEDIA |= {"facebook", "speech", "release", "op", "memo", "video", "message", "call", "blog"}
# Speech nouns taken as cues whenever they carry a "that" clause ("X's claim that ...")
NOUN_CUES = {"claim", "statement", "assertion", "allegation", "denial", "warning", "report"}
NOUN_CUES |= {"announcement", "remark", "comment", "suggestion", "promise", "pledge", "insistence"}
NOUN_CUES |= {"argument", "accusation", "admission", "prediction", "estimate", "charge", "vow"}
RELAY_RATE = 0.3  # least lexicon cue rate of a verb relayed inside an outlet's report
OBJECT_DEPS = {"dobj", "xcomp", "oprd", "acomp", "attr"}  # complements taken as content
OBJECT_PREPS = {"for", "about", "on", "that", "of", "against", "over", "to", "as", "with"}
CUE_PREPS = {"about", "to", "for", "of", "on", "against", "over", "with"}  # "spoke about"
NOUN_PREPS = {"about", "on", "of", "for", "against", "over", "to", "with"}  # noun cue + object
LINE = re.compile(r"[^\n]+")
COLON_SPEAKER_TOKENS = 5  # longest name or phrase before a headline/transcript colon
COLON_NOT_SPEAKERS = {"update", "updated", "watch", "photo", "video", "note", "editor", "read"}
COLON_NOT_SPEAKERS |= {"related", "source", "sources", "via", "correction", "listen", "see"}
COLON_NOT_SPEAKERS |= {"latest", "name", "age", "job", "pay", "transcript", "daily", "q", "a"}
MAX_CONTINUED_PARAGRAPHS = 3  # how many following all-quote paragraphs join a content
# after a quote: a dash and a short capitalised name ending the line ("― Sonya Herridge")
SIGNATURE = re.compile(
    r"[ \t]*([\u2015\u2014\u2013]|--)[ \t]*"
    r"([A-Z][\w.'\u2019-]*(?: [A-Z][\w.'\u2019-]*){0,4})[ \t.]*$",
    re.M,
)
QUOTE_CUE_GAP = 80  # most characters between a quote and the cue that follows it
# a wire dateline: a place in capitals, maybe an agency and a date, then a dash
DATELINE = re.compile(
    r"[A-Z][A-Z.'\- ]{1,40}(?:, [A-Z][\w. ]{1,30}){0,2}(?: \([^)\n]{1,40}\))? ?[-\u2014\u2013]+ ?"
)
IN_SOURCES = {"poll", "survey", "study", "analysis", "report", "census"}  # "In a poll, ..."
QUOTE_MIN_WORDS = 3  # a quoted passage shorter than this is a scare quote, not a content
PUNCT = " \t\r\n,;:.!?\u2014\u2013-"
HEDGES = {"may", "might", "could", "possibly", "perhaps", "probably", "likely", "maybe"}
HEDGES |= {"unclear", "apparently", "reportedly", "allegedly", "seemingly", "unlikely"}
# "would" alone is reported "will" (future); with "if"/"unless" the content is hypothetical
FUTURE = {"will", "would", "shall", "'ll", "going", "plan", "plans", "intend", "intends"}
HYPOTHETICAL = {"if", "unless", "whether"}
OUTLET_WORDS = {"news", "times", "post", "agency", "press", "journal", "herald", "tribune"}
OUTLET_WORDS |= {"reuters", "afp", "ap", "bbc", "cnn", "tass", "xinhua", "kyodo", "yonhap"}
OUTLET_WORDS |= {"gazette", "daily", "radio", "television", "tv", "broadcaster", "newspaper"}


@dataclass
class _Found:
    cue: tuple[int, int]
    content: tuple[int, int]
    speaker: tuple[int, int] | None
    head: int  # index of the cue's head token (for relays and ordering)
    recipient: tuple[int, int] | None = None
    via: list[tuple[int, int]] = field(default_factory=list)
    cue_lemma: str = ""
    negated: bool = False
    kind: str | None = None  # set when known before assembly (a quote chained over a cue)


def extract_statements(doc: Doc, entities: EntityIndex) -> list[Statement]:
    """Statements of ``doc`` in text order, with ids S1, S2, ..."""
    text = doc.text  # built from the tokens on every access: read once
    quotes = [q for q in find_quotes(text) if text[q[0] : q[1]].strip()]
    found = _verb_and_noun_cues(doc, text, quotes)
    found += _according_to(doc, text, quotes)
    found += _in_sources(doc, text, quotes)
    found += _colon_quotes(doc, text, quotes, found)
    found += _colon_lines(doc, text, found)
    found += _signed_quotes(doc, text, quotes, found)
    # attributions nested inside a quotation are the quoted speaker's words, not the article's
    found = [f for f in found if not _nested(quotes, f)]
    found = _dedupe(found)
    found += _relays(doc, text, quotes, found)
    found = _dedupe(found)
    # "The Herald, citing two officials, reported ...": the citing phrase made the officials
    # the speaker of the report; it is not a statement of its own
    speakers = {f.speaker for f in found}
    found = [f for f in found if not (f.cue_lemma == "cite" and f.content in speakers)]
    _quote_after_sentence(doc, text, quotes, found)
    _continue_quotes(text, quotes, found)
    statements = []
    for n, f in enumerate(sorted(found, key=lambda f: (f.cue[0], f.content[0])), start=1):
        statements.append(_statement(doc, text, entities, f, quotes, f"S{n}"))
    return statements


# --------------------------------------------------------------------------- helpers


def _trim(text: str, start: int, end: int, chars: str = PUNCT) -> tuple[int, int]:
    while start < end and text[start] in chars:
        start += 1
    while end > start and text[end - 1] in chars:
        end -= 1
    return start, end


def _ws_trim(text: str, start: int, end: int) -> tuple[int, int]:
    return _trim(text, start, end, " \t\r\n")


def _extent(tokens: list[Token]) -> tuple[int, int]:
    return tokens[0].idx, tokens[-1].idx + len(tokens[-1])


def _subtree(tok: Token, exclude: set[int] | None = None) -> list[Token]:
    exclude = exclude or set()
    out = []
    for t in tok.subtree:
        if t.i in exclude:
            continue
        out.append(t)
    return out


def _contiguous_around(tokens: list[Token], anchor: Token, stop: set[int]) -> list[Token]:
    """The run of ``tokens`` containing ``anchor`` that never crosses an index in ``stop``."""
    idx = sorted(t.i for t in tokens)
    members = set(idx)
    lo = hi = anchor.i
    while lo - 1 in members and lo - 1 not in stop:
        lo -= 1
    while hi + 1 in members and hi + 1 not in stop:
        hi += 1
    doc = anchor.doc
    return [doc[i] for i in range(lo, hi + 1)]


def _longest_run(tokens: list[Token]) -> list[Token]:
    """The longest run of consecutive tokens (by characters): content never spans the cue."""
    runs: list[list[Token]] = []
    for t in sorted(tokens, key=lambda t: t.i):
        if runs and runs[-1][-1].i == t.i - 1:
            runs[-1].append(t)
        else:
            runs.append([t])
    runs = [[t for t in r if not t.is_space] for r in runs]
    runs = [r for r in runs if r and not all(t.is_punct for t in r)]
    if not runs:
        return []
    return max(runs, key=lambda r: r[-1].idx + len(r[-1]) - r[0].idx)


def _span_tokens(doc: Doc, start: int, end: int) -> SpacySpan | None:
    return doc.char_span(start, end, alignment_mode="expand")


def _quote_at(quotes: list[tuple[int, int]], start: int, end: int) -> list[tuple[int, int]]:
    return [q for q in quotes if q[0] < end and start < q[1]]


def _inside_quote(quotes: list[tuple[int, int]], span: tuple[int, int]) -> bool:
    return any(qs < span[0] and span[1] < qe for qs, qe in quotes)


def _nested(quotes: list[tuple[int, int]], f: _Found) -> bool:
    """A cue inside a quotation with its speaker (or none) inside too: the quoted person's."""
    if f.cue_lemma == ":" or not _inside_quote(quotes, f.cue):
        return False
    return f.speaker is None or _inside_quote(quotes, f.speaker)


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _words(text: str) -> int:
    return len(text.split())


# ------------------------------------------------------------------------ cue phrase


def _cue_span(verb: Token, speaker: tuple[int, int] | None) -> tuple[int, int]:
    """The verb with its auxiliaries, negation, particle and adverbs next to it."""
    doc = verb.doc
    lo = hi = verb.i
    for child in verb.children:
        near = abs(child.i - verb.i) <= 3
        adverb = child.dep_ == "advmod" and child.lower_ in CUE_ADVERBS
        if near and (child.dep_ in CUE_INNER or adverb):
            lo, hi = min(lo, child.i), max(hi, child.i)
    # keep the cue a contiguous phrase that does not swallow the speaker
    if speaker is not None:
        while lo < verb.i and doc[lo].idx < speaker[1] and doc[lo].idx >= speaker[0]:
            lo += 1
    tokens = [doc[i] for i in range(lo, hi + 1)]
    while tokens and tokens[0].i != verb.i and tokens[0].dep_ not in CUE_INNER | {"advmod"}:
        tokens.pop(0)
    while tokens and tokens[-1].i != verb.i and tokens[-1].dep_ not in CUE_INNER | {"advmod"}:
        tokens.pop()
    tail = doc[_cue_tail(verb, tokens[-1].i)]
    return tokens[0].idx, tail.idx + len(tail)


def _cue_tail(verb: Token, hi: int) -> int:
    """Extend the cue over a day and a medium right after it: ``said Tuesday in a statement``."""
    doc = verb.doc
    i = hi + 1
    while i < len(doc):
        tok = doc[i]
        if tok.head.i == verb.i and tok.dep_ in {"npadvmod", "nmod"} and tok.lower_ in WHEN:
            hi = i
            i += 1
            continue
        if tok.head.i == verb.i and tok.dep_ == "prep" and tok.lower_ in {"in", "on", "via"}:
            pobj = next((c for c in tok.children if c.dep_ == "pobj"), None)
            if pobj is not None and pobj.lemma_.lower() in MEDIA and pobj.i <= i + 3:
                hi = pobj.i
                i = pobj.i + 1
                continue
        break
    return hi


# ------------------------------------------------------------------------ speakers


def _subject(verb: Token) -> Token | None:
    """The subject of ``verb``, inherited through conjunctions, xcomp and participles."""
    tok: Token | None = verb
    for _ in range(4):
        if tok is None:
            break
        subjects = [c for c in tok.children if c.dep_ in {"nsubj", "nsubjpass"}]
        if subjects:
            # the nearest one: "RENNICK - The agency confirmed" has two for the parser
            child = min(subjects, key=lambda c: abs(c.i - tok.i))
            return None if child.dep_ == "nsubjpass" else child  # passive: see _agent
        if tok.dep_ in {"conj", "xcomp"} or (tok.dep_ == "advcl" and tok.tag_ == "VBG"):
            tok = tok.head
            continue
        if tok.dep_ == "relcl":
            return tok.head
        break
    return None


def _agent(verb: Token) -> Token | None:
    for child in verb.children:
        if child.dep_ == "agent":
            for pobj in child.children:
                if pobj.dep_ == "pobj":
                    return pobj
    return None


def _np_extent(tok: Token, stop: set[int]) -> tuple[int, int]:
    """The noun phrase of ``tok`` (its subtree), cut at ``stop`` and at relative clauses."""
    skip: set[int] = set()
    for child in tok.children:
        if child.dep_ in {"relcl", "acl"} and child.i > tok.i:
            skip.update(t.i for t in child.subtree)
    tokens = [t for t in _subtree(tok, skip)]
    tokens = _contiguous_around(tokens, tok, stop)
    while tokens and (tokens[-1].is_punct or tokens[-1].dep_ == "cc"):
        tokens.pop()
    while tokens and tokens[0].is_punct:
        tokens.pop(0)
    if not tokens:
        return tok.idx, tok.idx + len(tok)
    return _extent(tokens)


# ------------------------------------------------------------------------ contents


def _content_from(
    tokens: list[Token], text: str, quotes: list[tuple[int, int]]
) -> tuple[int, int] | None:
    if not tokens:
        return None
    tokens = sorted(tokens, key=lambda t: t.i)
    start, end = _extent(tokens)
    start, end = _trim(text, start, end)
    dateline = DATELINE.match(text, start)
    if dateline and (start == 0 or text[start - 1] == "\n"):
        start = dateline.end()  # "RENNICK - ", "WASHINGTON (AP) — " open the story, not the quote
    if end <= start:
        return None
    # a quote that starts or ends inside the content belongs to it whole
    for qs, qe in _quote_at(quotes, start, end):
        if qs < start and qe - 1 <= end + 2:
            start = qs
        if qe > end and qs >= start - 2:
            end = qe
    return start, end


def _clause_child(verb: Token) -> Token | None:
    for child in verb.children:
        if child.dep_ == "ccomp":
            return child
    return None


def _adjacent_quote(
    text: str, verb: Token, lo: int, hi: int, quotes: list[tuple[int, int]]
) -> tuple[int, int] | None:
    """A quote right before or after the clause [lo, hi) of the cue (comma/colon between)."""
    sent = verb.sent
    for qs, qe in quotes:
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


# ------------------------------------------------------------------------ finders


def _verb_and_noun_cues(doc: Doc, text: str, quotes: list[tuple[int, int]]) -> list[_Found]:
    found: list[_Found] = []
    for tok in doc:
        if tok.pos_ == "VERB":
            f = _verb_statement(doc, text, tok, quotes)
        elif tok.pos_ == "NOUN":
            f = _noun_statement(doc, text, tok, quotes)
        else:
            f = None
        if f is not None:
            found.append(f)
    return found


def _verb_statement(
    doc: Doc, text: str, verb: Token, quotes: list[tuple[int, int]], force: bool = False
) -> _Found | None:
    if verb.lemma_ == "accord" or not cue_model.is_candidate(verb):
        return None
    if not force and cue_model.probability(verb, quotes) < cue_model.threshold():
        return None
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
            speaker = _ws_trim(text, dateline.end(), min(end, verb.idx))
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
        content = _content_from(_longest_run(tokens), text, quotes)
        if content is not None and speaker is not None and _overlaps(content, speaker):
            content = None  # "X," he said, referring to Y: the content is Y, not X
    lo = min(cue[0], speaker[0]) if speaker else cue[0]
    hi = max(cue[1], speaker[1]) if speaker else cue[1]
    recipient = _recipient(verb)
    if recipient is not None and recipient[0] >= hi and not text[hi : recipient[0]].strip():
        hi = recipient[1]  # "telling Breitbart London: "...": the quote follows the recipient
    # "“X,” Trump said, referring to Y": a quote before an inherited subject is the head's
    inherited = speaker is not None and (subj is None or subj.head.i != verb.i)
    quote_lo = cue[0] if inherited and speaker[1] <= cue[0] else lo
    quote = _adjacent_quote(text, verb, quote_lo, hi, quotes)
    inside_quote = quote is not None and (
        content is None or (quote[0] <= content[0] and content[1] <= quote[1])
    )
    if quote is not None and inside_quote:
        content = _quote_chain(text, quote, lo, hi, quotes)
    if content is None:
        content = _object_content(verb, text, quotes)
        prep = _leading_prep(verb, cue, content)
        if prep is not None and content is not None:
            # "spoke about X", "referring to X": the preposition belongs to the cue
            cue = (cue[0], prep.idx + len(prep))
            content = _trim(text, prep.idx + len(prep), content[1])
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
    return _Found(
        cue=cue,
        content=content,
        speaker=speaker,
        head=verb.i,
        recipient=recipient,
        cue_lemma=verb.lemma_,
        negated=any(c.dep_ == "neg" for c in verb.children),
    )


def _object_content(
    verb: Token, text: str, quotes: list[tuple[int, int]]
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
        complement = child.dep_ in OBJECT_DEPS or (
            child.dep_ == "prep" and child.lower_ in OBJECT_PREPS and child.ent_type_ == ""
        )
        # "calling for the United States to step up ...": a for/to clause
        complement = complement or (
            child.dep_ == "advcl" and any(g.lower_ in {"for", "to"} for g in child.lefts)
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
    out = []
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
    if first.dep_ != "prep" or first.head.i != verb.i or first.lower_ not in CUE_PREPS:
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
        if child.dep_ in {"prep", "dative"} and child.lower_ in {"to", "in"} and child.i > verb.i:
            for pobj in child.children:
                if pobj.dep_ != "pobj":
                    continue
                if child.lower_ == "to" and pobj.pos_ in {"PROPN", "NOUN", "PRON"}:
                    return _extent(list(child.subtree))
                with_ = next((g for g in pobj.children if g.lower_ == "with"), None)
                who = next((g for g in with_.children if g.dep_ == "pobj"), None) if with_ else None
                if child.lower_ == "in" and pobj.lemma_ in MEDIA and who is not None:
                    return _np_extent(who, {with_.i})  # "in an interview with Radio Velda"
    return None


def _noun_statement(
    doc: Doc, text: str, noun: Token, quotes: list[tuple[int, int]]
) -> _Found | None:
    if not cue_model.is_candidate(noun):
        return None
    likely = cue_model.probability(noun, quotes) >= cue_model.threshold()
    if not likely and noun.lemma_.lower() not in NOUN_CUES:
        return None
    clause = None
    for child in noun.children:
        marked = any(g.lower_ == "that" and g.dep_ == "mark" for g in child.children)
        if child.dep_ in {"acl", "ccomp", "appos"} and child.i > noun.i and marked:
            clause = child
            break
    speaker_tok = None
    for child in noun.children:
        if child.dep_ == "poss":
            speaker_tok = child
        elif child.dep_ == "prep" and child.lower_ in {"by", "from", "of"}:
            for pobj in child.children:
                if pobj.dep_ == "pobj" and pobj.pos_ in {"PROPN", "PRON", "NOUN"}:
                    speaker_tok = pobj
    if clause is None:
        if likely and speaker_tok is None and noun.dep_ == "dobj" and noun.head.pos_ == "VERB":
            return _light_verb_statement(doc, text, noun, quotes)
        if not likely or speaker_tok is None or speaker_tok.dep_ != "poss":
            return None
        return _noun_prep_statement(doc, text, noun, speaker_tok, quotes)
    speaker = None
    if speaker_tok is not None:
        speaker = _np_extent(speaker_tok, {noun.i})
        if speaker_tok.dep_ == "poss":
            speaker = (speaker_tok.left_edge.idx, speaker_tok.idx + len(speaker_tok))
            nxt = speaker_tok.nbor(1) if speaker_tok.i + 1 < len(doc) else None
            if nxt is not None and nxt.dep_ == "case":
                speaker = (speaker[0], nxt.idx + len(nxt))
    content = _content_from(list(clause.subtree), text, quotes)
    if content is None:
        return None
    verb = noun.head.head if noun.dep_ == "pobj" and noun.head.dep_ == "prep" else None
    if speaker is None and verb is not None and verb.pos_ == "VERB" and noun.lemma_ in MEDIA:
        # "said in a statement that ...": the clause hangs on the noun, the verb is the cue
        subj = _subject(verb)
        speaker = _np_extent(subj, {verb.i}) if subj is not None else None
        return _Found(
            cue=_cue_span(verb, speaker),
            content=content,
            speaker=speaker,
            head=verb.i,
            cue_lemma=verb.lemma_,
        )
    return _Found(
        cue=(noun.idx, noun.idx + len(noun)),
        content=content,
        speaker=speaker,
        head=noun.i,
        cue_lemma=noun.lemma_,
    )


def _is_cue(tok: Token, quotes: list[tuple[int, int]]) -> bool:
    if not cue_model.is_candidate(tok):
        return False
    return cue_model.probability(tok, quotes) >= cue_model.threshold()


def _light_verb_statement(
    doc: Doc, text: str, noun: Token, quotes: list[tuple[int, int]]
) -> _Found | None:
    """``Trump has raised questions about X``: the verb's subject speaks, the object is the content.

    The cue runs from the verb (with its auxiliaries) over the noun to the preposition, as
    in PolNeAR; a verb that is a cue itself makes its own statement instead.
    """
    verb = noun.head
    if _is_cue(verb, quotes):
        return None
    prep = next((c for c in noun.rights if c.dep_ == "prep" and c.lower_ in NOUN_PREPS), None)
    pobj = next((g for g in prep.children if g.dep_ == "pobj"), None) if prep else None
    subj = _subject(verb)
    if prep is None or pobj is None or subj is None or subj.lower_ in {"it", "there"}:
        return None
    content = _content_from(list(pobj.subtree), text, quotes)
    if content is None:
        return None
    speaker = _np_extent(subj, {verb.i})
    cue_start = _cue_span(verb, speaker)[0]
    if speaker[0] < prep.idx + len(prep) and cue_start < speaker[1]:
        return None
    return _Found(
        cue=(cue_start, prep.idx + len(prep)),
        content=content,
        speaker=speaker,
        head=noun.i,
        cue_lemma=noun.lemma_,
    )


def _noun_prep_statement(
    doc: Doc, text: str, noun: Token, owner: Token, quotes: list[tuple[int, int]]
) -> _Found | None:
    """``Trump's criticism of the deal``: the possessor speaks, the object is the content."""
    prep = next((c for c in noun.rights if c.dep_ == "prep" and c.lower_ in NOUN_PREPS), None)
    pobj = next((g for g in prep.children if g.dep_ == "pobj"), None) if prep else None
    if prep is None or pobj is None:
        return None
    content = _content_from(list(pobj.subtree), text, quotes)
    if content is None:
        return None
    speaker = (owner.left_edge.idx, owner.idx + len(owner))
    nxt = doc[owner.i + 1] if owner.i + 1 < len(doc) else None
    if nxt is not None and nxt.dep_ == "case":
        speaker = (speaker[0], nxt.idx + len(nxt))
    return _Found(
        cue=(noun.idx, prep.idx + len(prep)),
        content=content,
        speaker=speaker,
        head=noun.i,
        cue_lemma=noun.lemma_,
    )


def _according_to(doc: Doc, text: str, quotes: list[tuple[int, int]]) -> list[_Found]:
    out = []
    for tok in doc:
        if tok.lower_ != "according" or tok.i + 1 >= len(doc) or doc[tok.i + 1].lower_ != "to":
            continue
        to = doc[tok.i + 1]
        pobj = next((c for c in to.children if c.dep_ == "pobj"), None)
        if pobj is None:
            pobj = next((c for c in tok.children if c.dep_ == "pobj"), None)
        if pobj is None:
            continue
        speaker = _np_extent(pobj, {tok.i})
        sent = tok.sent
        head = tok.head
        while head.dep_ not in {"ROOT"} and head.pos_ not in {"VERB", "AUX"} and head != head.head:
            head = head.head
        own = {t.i for t in tok.subtree} | {tok.i, to.i}
        own |= {t.i for t in pobj.subtree}
        tokens = [t for t in head.subtree if t.i not in own and sent.start <= t.i < sent.end]
        if not tokens:
            continue
        tokens = _contiguous_around(
            tokens,
            next(t for t in tokens if t.i == head.i) if head.i not in own else tokens[0],
            own,
        )
        content = _content_from(tokens, text, quotes)
        if content is None:
            continue
        start, end = content
        out.append(
            _Found(
                cue=(tok.idx, to.idx + len(to)),
                content=(start, end),
                speaker=speaker,
                head=tok.i,
                cue_lemma="according to",
            )
        )
    return out


def _in_sources(doc: Doc, text: str, quotes: list[tuple[int, int]]) -> list[_Found]:
    """``In a CNN poll released Monday, Dask led by 24 points``: the poll is the source."""
    out = []
    for tok in doc:
        if tok.lower_ != "in" or tok.dep_ != "prep" or tok.head.pos_ not in {"VERB", "AUX"}:
            continue
        pobj = next((c for c in tok.children if c.dep_ == "pobj"), None)
        if pobj is None or pobj.lemma_.lower() not in IN_SOURCES or pobj.i > tok.i + 8:
            continue
        verb = tok.head
        if cues.cue_rate(verb.lemma_, "VERB") >= RELAY_RATE:
            continue  # "In a report, officials said ...": the verb is the cue
        if tok.i > verb.i or (tok.i > 0 and not doc[tok.i - 1].is_punct and not tok.is_sent_start):
            continue  # a fronted phrase: "In a poll ..., X" (not "said in a statement")
        own = {t.i for t in tok.subtree}
        sent = verb.sent
        tokens = [t for t in verb.subtree if t.i not in own and sent.start <= t.i < sent.end]
        if not tokens:
            continue
        content = _content_from(_contiguous_around(tokens, verb, own), text, quotes)
        if content is None:
            continue
        out.append(
            _Found(
                cue=(tok.idx, tok.idx + len(tok)),
                content=content,
                speaker=_extent(list(pobj.subtree)),
                head=tok.i,
                cue_lemma="in",
            )
        )
    return out


def _quote_after_sentence(
    doc: Doc, text: str, quotes: list[tuple[int, int]], found: list[_Found]
) -> None:
    """``"X," Graham told CBS News on Tuesday, when ... "Y."``: Y goes on X's quote.

    A quote right before its cue continues with the quote that opens just after the cue's
    sentence (same or next paragraph), unless another cue claims that quote.
    """
    starts = sorted(quotes)
    other_cues = [f.cue[0] for f in found]
    for f in found:
        q = next((q for q in starts if q == f.content), None)
        if q is None or q[1] > f.cue[0] or f.cue[1] - q[1] > QUOTE_CUE_GAP:
            continue
        sent_end = doc[f.head].sent.end_char
        nxt = next((n for n in starts if n[0] >= sent_end), None)
        if nxt is None or text[sent_end : nxt[0]].strip() or text.count("\n", sent_end, nxt[0]) > 2:
            continue
        line_end = text.find("\n", nxt[1])
        line_end = len(text) if line_end < 0 else line_end
        if any(nxt[0] <= c < line_end for c in other_cues if c != f.cue[0]):
            continue
        f.content = (f.content[0], nxt[1])
        f.kind = "direct"


def _continue_quotes(text: str, quotes: list[tuple[int, int]], found: list[_Found]) -> None:
    """A quote goes on in the next paragraphs when they are quotes with no cue of their own.

    ``Osk said: "X."`` then a paragraph ``"Y."``: the content runs over Y (PolNeAR joins
    such paragraphs to the content; the statement is the same).
    """
    cues_at = sorted(f.cue[0] for f in found)
    starts = {q[0]: q for q in quotes}
    for f in found:
        if not _quote_at(quotes, f.content[1] - 1, f.content[1]):
            continue
        end = f.content[1]
        for _ in range(MAX_CONTINUED_PARAGRAPHS):
            nxt = text.find("\n", end)
            if nxt < 0:
                break
            rest = list(text[end:nxt])
            for s, e in [f.cue, *([f.speaker] if f.speaker else [])]:
                for i in range(max(s, end), min(e, nxt)):
                    rest[i - end] = " "
            if "".join(rest).strip(" \t,.;:!?\"\u201d\u2019'"):
                break
            para_start = nxt
            while para_start < len(text) and text[para_start].isspace():
                para_start += 1
            q = starts.get(para_start)
            para_end = text.find("\n", para_start)
            para_end = len(text) if para_end < 0 else para_end
            if q is None or q[1] < para_end - 2:
                break  # the paragraph is not wholly a quote
            if any(para_start <= c < para_end for c in cues_at):
                break  # its own statement
            end = q[1]
        f.content = (f.content[0], end)


def _signed_quotes(
    doc: Doc, text: str, quotes: list[tuple[int, int]], found: list[_Found]
) -> list[_Found]:
    """Epigraph style: ``"..." ― Sonya Herridge`` (a quote, a dash, a name ending the line)."""
    used = [f.content for f in found]
    out = []
    for qs, qe in quotes:
        m = SIGNATURE.match(text, qe)
        if m is None or any(u[0] <= qs and qe <= u[1] for u in used):
            continue
        name = m.group(2)
        if not all(w[:1].isupper() for w in name.replace(".", " ").split() if w.isalpha()):
            continue
        start = m.start(2)
        out.append(
            _Found(
                cue=(m.start(1), m.end(1)),
                content=(qs, qe),
                speaker=(start, start + len(name.rstrip(" ."))),
                head=_span_tokens(doc, qs, qe)[0].i,
                cue_lemma=":",
            )
        )
    return out


def _colon_lines(doc: Doc, text: str, found: list[_Found]) -> list[_Found]:
    """Headline and transcript style: ``Graham: Trump's rhetoric destroying GOP's chances``.

    A paragraph opening with a short name or noun phrase (at most COLON_SPEAKER_TOKENS
    tokens, with a proper noun) and a colon: the rest of the paragraph is the content.
    """
    taken = [f.cue for f in found]
    out = []
    for m in LINE.finditer(text):
        line_start, line_end = m.start(), m.end()
        colon = text.find(":", line_start, min(line_end, line_start + 60))
        if colon < 0 or any(c[0] <= colon < c[1] for c in taken):
            continue
        head = doc.char_span(line_start, colon, alignment_mode="contract")
        if head is None or not 0 < len(head) <= COLON_SPEAKER_TOKENS:
            continue
        # a name, maybe with a lower-case role or place ("Clinton camp", "Mukasey at RNC")
        capitalised = [t for t in head if t.is_title or t.is_upper]
        named = len(capitalised) == sum(t.is_alpha for t in head) or (
            head[0] in capitalised
            and any(t.pos_ == "PROPN" for t in head)
            and 2 * len(capitalised) >= len(head)
        )
        if not named or any(t.like_num or t.pos_ in {"VERB", "AUX"} for t in head):
            continue
        if head[0].lower_ in COLON_NOT_SPEAKERS or head[-1].lower_ in COLON_NOT_SPEAKERS:
            continue
        start, end = _trim(text, colon + 1, line_end)
        if end - start < 10:
            continue
        out.append(
            _Found(
                cue=(colon, colon + 1),
                content=(start, end),
                speaker=_ws_trim(text, head.start_char, head.end_char),
                head=head[-1].i,
                cue_lemma=":",
            )
        )
    return out


def _colon_quotes(
    doc: Doc, text: str, quotes: list[tuple[int, int]], found: list[_Found]
) -> list[_Found]:
    """``Vance: "..."`` — a name or noun phrase, a colon, then a quote."""
    used = [f.content for f in found]
    out = []
    for qs, qe in quotes:
        if any(u[0] <= qs and qe <= u[1] for u in used):
            continue
        j = qs - 1
        while j >= 0 and text[j] in " \t":
            j -= 1
        if j < 0 or text[j] != ":":
            continue
        colon = _span_tokens(doc, j, j + 1)
        if colon is None:
            continue
        prev = colon[0].i - 1
        if prev < 0:
            continue
        head = doc[prev]
        while head.head != head and head.head.i < colon[0].i and head.dep_ in {"compound", "amod"}:
            head = head.head
        if head.pos_ not in {"PROPN", "NOUN", "PRON"}:
            continue
        start = head.left_edge.idx
        out.append(
            _Found(
                cue=(j, j + 1),
                content=(qs, qe),
                speaker=_ws_trim(text, start, head.idx + len(head)),
                head=head.i,
                cue_lemma=":",
            )
        )
    return out


def _dedupe(found: list[_Found]) -> list[_Found]:
    """One statement per (cue, content); drop one whose cue lies inside another's content."""
    seen: dict[tuple[tuple[int, int], tuple[int, int]], _Found] = {}
    for f in found:
        seen.setdefault((f.cue, f.content), f)
    return list(seen.values())


def _is_outlet(text: str, span: tuple[int, int]) -> bool:
    words = {w.strip(".,'’").lower() for w in text[span[0] : span[1]].split()}
    return bool(words & OUTLET_WORDS)


def _relays(
    doc: Doc, text: str, quotes: list[tuple[int, int]], found: list[_Found]
) -> list[_Found]:
    """An outlet's report containing another statement relays that statement.

    ``Kyodo reported that the president "acknowledged" X``: the president's statement (found
    here if the cue model passed it over) gets ``via`` Kyodo. ``X reported, citing Y, that
    ...``: Y is the speaker and X the relay. Returns the statements found here.
    """
    added: list[_Found] = []
    for outer in found:
        if outer.speaker is None or not _is_outlet(text, outer.speaker):
            continue
        verb = doc[outer.head]
        citing = _citing(verb, outer.content)
        if citing is not None:
            cite, source = citing
            outer.via.append(outer.speaker)
            outer.speaker = source
            if cite[0] <= outer.content[0] < cite[1] + 2:
                outer.content = _trim(text, cite[1], outer.content[1])
            continue
        have = {f.head for f in found}
        span = _span_tokens(doc, *outer.content)
        for tok in span if span is not None else []:
            if tok.pos_ != "VERB" or tok.i in have:
                continue
            if cues.cue_rate(tok.lemma_, "VERB") < RELAY_RATE or _subject(tok) is None:
                continue
            inner = _verb_statement(doc, text, tok, quotes, force=True)
            if inner is not None:
                added.append(inner)
        for inner in [*found, *added]:
            inside = outer.content[0] <= inner.cue[0] and inner.cue[1] <= outer.content[1]
            if inner is not outer and inside:
                inner.via.append(outer.speaker)
    return added


def _citing(
    verb: Token, content: tuple[int, int]
) -> tuple[tuple[int, int], tuple[int, int]] | None:
    """``citing Y`` next to a report: (span of the citing phrase, span of Y)."""
    for tok in verb.subtree:
        if (
            tok.lemma_ != "cite"
            or tok.tag_ != "VBG"
            or tok.head.i not in {verb.i, *[c.i for c in verb.children]}
        ):
            continue
        obj = next((c for c in tok.children if c.dep_ == "dobj"), None)
        if obj is not None:
            return _extent(list(tok.subtree)), _np_extent(obj, {tok.i})
    return None


# ------------------------------------------------------------------------ assembly


def _kind(text: str, f: _Found, quotes: list[tuple[int, int]]) -> str:
    """direct: the content is quoted (bar the speaker and cue of a split quote); mixed: partly."""
    inside = _quote_at(quotes, *f.content)
    if not inside:
        return "indirect"
    s, e = _trim(text, *f.content, chars=PUNCT + "\"'\u201c\u201d\u00ab\u00bb")
    covered = bytearray(max(e - s, 0))
    asides = [f.cue, *([f.speaker] if f.speaker else []), *([f.recipient] if f.recipient else [])]
    for qs, qe in [*inside, *asides]:
        for i in range(max(qs, s), min(qe, e)):
            covered[i - s] = 1
    for i in range(s, e):  # separators between the parts of a split quote
        if text[i] in PUNCT:
            covered[i - s] = 1
    return "direct" if sum(covered) >= 0.95 * max(e - s, 1) else "mixed"


def _modality(doc: Doc, f: _Found) -> str:
    if f.cue_lemma in cues.DENY or f.negated:
        return "denied"
    if f.cue_lemma in cues.ESTIMATE:
        return "estimated"
    words = {w.lower_ for w in _tokens_in(doc, f.content)}
    if words & HYPOTHETICAL:
        return "hypothetical"
    if words & HEDGES or f.cue_lemma in cues.HEDGE:
        return "hedged"
    if words & FUTURE:
        return "future"
    return "asserted"


def _content_parts(
    text: str, content: Span, cue: Span, quotes: list[tuple[int, int]]
) -> list[Span]:
    """The quoted pieces of a content that holds its own cue (a quote split around it)."""
    if not (content.start <= cue.start and cue.end <= content.end):
        return []
    inside = [(qs, qe) for qs, qe in quotes if content.start <= qs and qe <= content.end]
    return [Span.of(text, *_ws_trim(text, qs, qe)) for qs, qe in inside] if len(inside) > 1 else []


def _tokens_in(doc: Doc, span: tuple[int, int]) -> list[Token]:
    s = doc.char_span(span[0], span[1], alignment_mode="expand")
    return list(s) if s is not None else []


def _actor(doc: Doc, text: str, entities: EntityIndex, span: tuple[int, int]) -> Actor:
    start, end = _ws_trim(text, *span)
    return Actor(Span.of(text, start, end), entities.resolve(start, end, doc))


def _statement(
    doc: Doc, text: str, entities: EntityIndex, f: _Found, quotes: list[tuple[int, int]], sid: str
) -> Statement:
    cue = Span.of(text, *_ws_trim(text, *f.cue))
    # a dash-opened quote: the dashes are marks, not content (nor the comma before "he said")
    content = Span.of(text, *_trim(text, *f.content, chars=" \t\r\n,;:\u2014\u2013-"))
    sent = doc[f.head].sent
    return Statement(
        id=sid,
        cue=cue,
        content=content,
        content_parts=_content_parts(text, content, cue, quotes),
        speaker=_actor(doc, text, entities, f.speaker) if f.speaker else None,
        kind=f.kind or _kind(text, f, quotes),
        recipient=Span.of(text, *_ws_trim(text, *f.recipient)) if f.recipient else None,
        via=[_actor(doc, text, entities, v) for v in f.via],
        modality=_modality(doc, f),
        sentence=Span.of(text, *_ws_trim(text, sent.start_char, sent.end_char)),
    )
