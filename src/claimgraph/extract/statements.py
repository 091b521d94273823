"""Attributed statements: speaker, cue, content, kind, recipient, relay, modality.

Candidate cue words (verbs and nouns of a lexicon learned from PolNeAR train,
:mod:`claimgraph.extract.cues`) are kept when a logistic model over parse features
(:mod:`claimgraph.extract.cue_model`, fitted on train, with a threshold learned on train
from out-of-fold probabilities) says so; dependency rules then find the speaker and the
content, helped by quote ranges found from the text alone (:mod:`claimgraph.extract.quotes`).
This module orchestrates and assembles; the finders live in :mod:`claimgraph.extract.attribution`
(``verbs``, ``nouns``, ``constructions``, ``continuation``, ``relays``; span helpers in
``phrases``). Constructions:

- reporting verb with a clause: ``officials said (that) the talks had stalled`` (speaker =
  subject, content = the clausal complement); the clause may come first (``..., he said``)
  or around the cue (``The talks, he said, stalled``: the longer part);
- verbs without a clause take their complements: ``called for X``, ``accused X of Y``;
  a leading verb joins the cue (``went on to say``, ``issued a statement saying``);
- quotes next to a cue, split around it (``"X," he said, "Y."``), opened by a colon
  (``He said: "..."``) or a dash (wire style), over several sentences, and continued by the
  following all-quote paragraphs; signed quotes (``"..." ― Name``);
- ``according to X``; ``Name: ...`` headlines and transcript lines; passive cues with an
  agent (``was first reported by X``) or none (``It was reported that ...``: no speaker);
- noun cues: ``X's claim that ...``, ``the claim by X that ...``, ``X's criticism of Y``,
  ``X has raised questions about Y``;
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

from typing import TYPE_CHECKING

from claimgraph.extract import cues
from claimgraph.extract.attribution.constructions import (
    according_to,
    colon_lines,
    colon_quotes,
    in_sources,
    reported_by,
    signed_quotes,
)
from claimgraph.extract.attribution.continuation import (
    continue_quotes,
    quote_after_sentence,
    quote_paragraphs_after,
)
from claimgraph.extract.attribution.nouns import noun_statement
from claimgraph.extract.attribution.phrases import (
    MEDIA,
    PUNCT,
    WHEN,
    Found,
    inside_quote,
    overlaps,
    quote_at,
    trim,
    ws_trim,
)
from claimgraph.extract.attribution.relays import find_relays
from claimgraph.extract.attribution.verbs import verb_statement
from claimgraph.extract.quotes import find_quotes, overlapping
from claimgraph.extract.ranges import RangeIndex
from claimgraph.models import Actor, Span, Statement
from claimgraph.settings import get_settings

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

    from claimgraph.extract.attribution.boundaries import Scorer
    from claimgraph.extract.entities import EntityIndex

HEDGES = {"may", "might", "could", "possibly", "perhaps", "probably", "likely", "maybe"}
HEDGES |= {"unclear", "apparently", "reportedly", "allegedly", "seemingly", "unlikely"}
# "would" alone is reported "will" (future); with "if"/"unless" the content is hypothetical
FUTURE = {"will", "would", "shall", "'ll", "going", "plan", "plans", "intend", "intends"}
HYPOTHETICAL = {"if", "unless", "whether"}
OPEN_QUESTION = {"how", "whether", "when", "what", "why", "where", "who", "which", "if"}


def extract_statements(doc: Doc, entities: EntityIndex) -> list[Statement]:
    """Statements of ``doc`` in text order, with ids S1, S2, ..."""
    text = doc.text  # built from the tokens on every access: read once
    quotes = [q for q in find_quotes(text) if text[q[0] : q[1]].strip()]
    found = _verb_and_noun_cues(doc, text, quotes)
    found += according_to(doc, text, quotes)
    found += in_sources(doc, text, quotes)
    found += colon_quotes(doc, text, quotes, found)
    found += colon_lines(doc, text, found)
    found += signed_quotes(doc, text, quotes, found)
    # attributions nested inside a quotation are the quoted speaker's words, not the article's
    found = [f for f in found if not _nested(quotes, f)]
    found = _dedupe(found)
    # "X said the figure reported by Y was wrong": Y's claim inside X's (whose numbers are Y's)
    found += [
        r
        for r in reported_by(doc, text, quotes)
        if any(f.content[0] <= r.content[0] and r.content[1] <= f.content[1] for f in found)
    ]
    found += find_relays(doc, text, quotes, found)
    found = _dedupe(found)
    # "The Herald, citing two officials, reported ...": the citing phrase made the officials
    # the speaker of the report; it is not a statement of its own
    speakers = {f.speaker for f in found}
    found = [f for f in found if not (f.cue_lemma == "cite" and f.content in speakers)]
    # a negated cue over an open question ("would not say whether ...") claims nothing
    found = [f for f in found if not (f.negated and _interrogative(doc, f))]
    quote_after_sentence(doc, text, quotes, found)
    continue_quotes(text, quotes, found)
    found += quote_paragraphs_after(text, quotes, found)
    statements = []
    scorer = None
    if found and get_settings().attribution_model:
        from claimgraph.extract.attribution.boundaries import Scorer

        scorer = Scorer(doc, text)
    for n, f in enumerate(sorted(found, key=lambda f: (f.cue[0], f.content[0])), start=1):
        statements.append(_statement(doc, text, entities, f, quotes, f"S{n}", scorer))
    _first_person_in_quotes(doc, entities, statements, quotes)
    return statements


#: First-person words inside a quotation stand for its speaker: "I" for a person, "we"
#: for an organisation or a country (a person's "we" is a group, and is left alone)
FIRST_PERSON = frozenset({"i", "me", "my", "mine", "myself"})
FIRST_PERSON_PLURAL = frozenset({"we", "us", "our", "ours", "ourselves"})


def _first_person_in_quotes(
    doc: Doc, entities: EntityIndex, statements: list[Statement], quotes: list[tuple[int, int]]
) -> None:
    """Add "I"/"my" (and an organisation's "we"/"our") inside a statement's quotation as
    mentions of its speaker: '"I will not resign," Velk said' mentions Velk."""
    from claimgraph.models import Mention

    for st in statements:
        if st.speaker is None or st.speaker.entity is None or st.kind == "indirect":
            continue
        entity = entities.by_id(st.speaker.entity)
        if entity is None:
            continue
        words = FIRST_PERSON if entity.type == "PERSON" else FIRST_PERSON_PLURAL
        if entity.type not in {"PERSON", "ORG", "GPE", "NORP"}:
            continue
        for qs, qe in overlapping(quotes, st.content.start, st.content.end):
            span = doc.char_span(qs, qe, alignment_mode="contract")
            for tok in span if span is not None else []:
                if tok.lower_ in words and tok.pos_ == "PRON":
                    kind = "possessive" if tok.lower_ in {"my", "our"} else "pronoun"
                    start = tok.idx
                    entities.add_mention(
                        entity.id, Mention(start, start + len(tok.text), tok.text, kind)
                    )


def _nested(quotes: list[tuple[int, int]], f: Found) -> bool:
    """A cue inside a quotation with its speaker (or none) inside too: the quoted person's."""
    if f.cue_lemma == ":" or not inside_quote(quotes, f.cue):
        return False
    return f.speaker is None or inside_quote(quotes, f.speaker)


def _dedupe(found: list[Found]) -> list[Found]:
    """One statement per (cue, content); drop one whose cue lies inside another's content."""
    seen: dict[tuple[tuple[int, int], tuple[int, int]], Found] = {}
    for f in found:
        seen.setdefault((f.cue, f.content), f)
    return list(seen.values())


def _verb_and_noun_cues(doc: Doc, text: str, quotes: list[tuple[int, int]]) -> list[Found]:
    found: list[Found] = []
    for tok in doc:
        if tok.pos_ == "VERB":
            f = verb_statement(doc, text, tok, quotes)
        elif tok.pos_ == "NOUN":
            f = noun_statement(doc, text, tok, quotes)
        else:
            f = None
        if f is not None:
            found.append(f)
    return found


def _kind(text: str, f: Found, quotes: list[tuple[int, int]]) -> str:
    """direct: the content is quoted (bar the speaker and cue of a split quote); mixed: partly."""
    inside = quote_at(quotes, *f.content)
    if not inside:
        return "indirect"
    s, e = trim(text, *f.content, chars=PUNCT + "\"'\u201c\u201d\u00ab\u00bb")
    covered = bytearray(max(e - s, 0))
    asides = [f.cue, *([f.speaker] if f.speaker else []), *([f.recipient] if f.recipient else [])]
    for qs, qe in [*inside, *asides]:
        for i in range(max(qs, s), min(qe, e)):
            covered[i - s] = 1
    for i in range(s, e):  # separators between the parts of a split quote
        if text[i] in PUNCT:
            covered[i - s] = 1
    return "direct" if sum(covered) >= 0.95 * max(e - s, 1) else "mixed"


def _modality(doc: Doc, f: Found) -> str:
    if f.cue_lemma in cues.DENY or f.negated:
        return "denied"
    if f.cue_lemma in cues.ESTIMATE:
        return "estimated"
    aside = {t.i for t in _tokens_in(doc, f.cue)}  # a quote split around its cue
    if f.speaker:
        aside |= {t.i for t in _tokens_in(doc, f.speaker)}
    words = _main_clause_words([t for t in _tokens_in(doc, f.content) if t.i not in aside])
    if words & HYPOTHETICAL:
        return "hypothetical"
    if words & HEDGES or f.cue_lemma in cues.HEDGE:
        return "hedged"
    if words & FUTURE:
        return "future"
    return "asserted"


def _main_clause_words(tokens: list[Token]) -> set[str]:
    """The words that set the modality of a content: its first main verb, that verb's
    auxiliaries, adverbs, predicate adjectives and markers, and the markers of its
    conditional clauses. A "will" or "may" deeper in the content (a relative clause, a
    later sentence of the quote: "... today. We never will.") does not make the claim
    future or hedged."""
    inside = {t.i for t in tokens}
    roots = [t for t in tokens if t.head.i not in inside or t.head.i == t.i]
    root = next((t for t in roots if t.pos_ in {"VERB", "AUX"}), roots[0] if roots else None)
    if root is None:
        return set()
    words = {root.lower_}
    for child in root.children:
        if child.dep_ in {"aux", "auxpass", "advmod", "acomp", "mark", "neg"}:
            words.add(child.lower_)
        elif child.dep_ == "advcl":  # "... if talks fail"
            words |= {g.lower_ for g in child.children if g.dep_ == "mark"}
    return words


def _interrogative(doc: Doc, f: Found) -> bool:
    """``did not say how long they would stay``: a question left open, not a claim."""
    tokens = [t for t in _tokens_in(doc, f.content) if not t.is_punct]
    return bool(tokens) and tokens[0].lower_ in OPEN_QUESTION


def _content_parts(
    text: str, content: Span, cue: Span, speaker: Span | None, quotes: list[tuple[int, int]]
) -> list[Span]:
    """The pieces of a content that holds its own cue: the quoted pieces of a quote split
    around it, or the words on each side of a medial aside."""
    if not (content.start <= cue.start and cue.end <= content.end):
        return []
    inside = [(qs, qe) for qs, qe in quotes if content.start <= qs and qe <= content.end]
    if len(inside) > 1:
        return [Span.of(text, *ws_trim(text, qs, qe)) for qs, qe in inside]
    # "The museum, Mr. Obama said, would ...": the words before and after the aside
    aside = [cue, *([speaker] if speaker is not None else [])]
    lo, hi = min(a.start for a in aside), max(a.end for a in aside)
    if inside or not (content.start < lo and hi < content.end):
        return []
    parts = [trim(text, content.start, lo), trim(text, hi, content.end)]
    return [Span.of(text, s, e) for s, e in parts if e > s]


def _tokens_in(doc: Doc, span: tuple[int, int]) -> list[Token]:
    s = doc.char_span(span[0], span[1], alignment_mode="expand")
    return list(s) if s is not None else []


def _actor(doc: Doc, text: str, entities: EntityIndex, span: tuple[int, int]) -> Actor:
    start, end = ws_trim(text, *span)
    return Actor(Span.of(text, start, end), entities.resolve(start, end, doc))


def _statement(
    doc: Doc,
    text: str,
    entities: EntityIndex,
    f: Found,
    quotes: list[tuple[int, int]],
    sid: str,
    scorer: Scorer | None = None,
) -> Statement:
    cue_c = ws_trim(text, *f.cue)
    # a dash-opened quote: the dashes are marks, not content (nor the comma before "he said")
    content_c = trim(text, *f.content, chars=" \t\r\n,;:\u2014\u2013-")
    speaker_c = ws_trim(text, *f.speaker) if f.speaker else None
    if scorer is not None:
        cue_c, content_c, speaker_c = _learned_boundaries(scorer, cue_c, content_c, speaker_c)
    cue = Span.of(text, *cue_c)
    content = Span.of(text, *content_c)
    sent = doc[f.head].sent
    speaker = _actor(doc, text, entities, speaker_c) if speaker_c else None
    return Statement(
        id=sid,
        cue=cue,
        content=content,
        content_parts=_content_parts(text, content, cue, speaker.span if speaker else None, quotes),
        speaker=speaker,
        kind=f.kind or _kind(text, f, quotes),
        recipient=Span.of(text, *ws_trim(text, *f.recipient)) if f.recipient else None,
        via=[_actor(doc, text, entities, v) for v in f.via],
        modality=_modality(doc, f),
        sentence=Span.of(text, *ws_trim(text, sent.start_char, sent.end_char)),
    )


def _learned_boundaries(
    scorer: Scorer,
    cue: tuple[int, int],
    content: tuple[int, int],
    speaker: tuple[int, int] | None,
) -> tuple[tuple[int, int], tuple[int, int], tuple[int, int] | None]:
    """The rules' spans with their edges placed by the learned model (:mod:`boundaries`).
    A span that would overlap another field's span after the move keeps the rules' edges."""
    from claimgraph.extract.attribution import boundaries

    doc = scorer.doc
    cue_t = boundaries.token_range(doc, *cue)
    content_t = boundaries.token_range(doc, *content)
    speaker_t = boundaries.token_range(doc, *speaker) if speaker else None
    if cue_t is None or content_t is None or (speaker and speaker_t is None):
        return cue, content, speaker
    ctx = boundaries.Context(cue=cue_t, speaker=speaker_t, content=content_t)
    new_content = _not_over_governor(
        doc, content, boundaries.adjust(scorer, "content", content_t, ctx), cue_t
    )
    new_cue = boundaries.adjust(scorer, "cue", cue_t, ctx)
    cut = scorer.text[new_cue[1] : cue[1]].lower().split()
    if new_cue[1] < cue[1] and any(w.strip(".,") in MEDIA | WHEN for w in cut):
        new_cue = (new_cue[0], cue[1])  # the day and medium the rules attached stay in the cue
    new_speaker = boundaries.adjust(scorer, "source", speaker_t, ctx) if speaker_t else None
    if new_speaker and overlaps(new_speaker, new_cue):
        new_speaker = speaker
    if (
        new_speaker
        and not overlaps(speaker or new_speaker, content)
        and overlaps(new_speaker, new_content)
    ):
        new_speaker = speaker
    return new_cue, new_content, new_speaker


def _not_over_governor(
    doc: Doc, rules: tuple[int, int], learned: tuple[int, int], cue: tuple[int, int]
) -> tuple[int, int]:
    """A content is a dependent of its cue, never its governor: a learned edge that would
    take in a word the cue hangs on ("Osk's statement that the dam was mined *drew*
    criticism") or the complementiser of the clause around the cue ("Osk said *that* the
    figure reported by the Herald was wrong": the Herald's content is not "that the
    figure") falls back to the rules' edge on that side."""
    start, end = learned
    head = next((i for i in range(*cue) if not cue[0] <= doc[i].head.i < cue[1]), cue[0])
    governors = {a.i for a in doc[head].ancestors}
    span = doc.char_span(start, end, alignment_mode="expand")
    for tok in span if span is not None else []:
        if rules[0] <= tok.idx < rules[1]:
            continue  # the rules' own words
        if tok.i in governors or (tok.head.i in governors and tok.dep_ == "mark"):
            if tok.idx >= rules[1]:
                end = rules[1]
            else:
                start = rules[0]
    return start, end


def content_index(statements: list[Statement]) -> RangeIndex[Statement]:
    """Statements by the range of their content ("which statement holds this number?")."""
    return RangeIndex(statements, key=lambda s: (s.content.start, s.content.end))
