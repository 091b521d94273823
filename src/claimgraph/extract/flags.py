"""Flags: what a careful reader of one article should know, each with spans into the text.

- ``boilerplate``: ranges marked as page furniture and ignored;
- ``surname-conflict``: one surname with different first names (two people, or one person
  whose first name is spelled two ways: "Vladimir" / "Volodymyr" Zelenskiy);
- ``unresolved-pronoun``: a he/she (speaker or subject) with no person to refer to
  ("She questioned ..." with no woman named before);
- ``unresolved-speaker``: a speaker that is a description or a pointer ("the minister",
  "the newspaper", "they", "it") the article ties to no one it names: left unresolved
  rather than given to whoever was named last;
- ``unattributed-claim``: a statement without a speaker, or a number stated in the reporter's
  voice (no statement contains it);
- ``machine-translation``: the hints of :mod:`claimgraph.clean.translation` (calques, "he
  informed", "12 thousand soldiers", dash quotes) when they make translation probable, plus
  surface artefacts found here: a repeated word ("the the"), a space before a comma, quote
  marks that do not pair up in a paragraph, untranslated fragments (non-Latin script or runs
  of foreign function words), "the president of the country Dravenia".
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from claimgraph.extract.coref import PRONOUNS
from claimgraph.extract.names import words
from claimgraph.models import Flag, Quantity, Record, Span

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from claimgraph.extract.entities import EntityIndex

#: Doubled words that are good English ("had had", "that that").
REPEAT_OK = frozenset({"had", "that", "is", "do", "very", "bye", "no", "so", "ha", "knock"})
#: Function words of other languages; three within five words are an untranslated fragment.
FOREIGN = frozenset(
    words(
        """der die das und nicht ist ein eine mit von zu auf für les des est une avec pour
        dans qui sur pas los las del por para una con es il della che non sono nel dello
        это что не на как"""
    )
)
FOREIGN_RUN, FOREIGN_WINDOW = 3, 5
_REPEAT = re.compile(r"\b([A-Za-z]+)[ \t]+\1\b", re.IGNORECASE)
_SPACE_PUNCT = re.compile(r"(?<=\w) +[,;:](?=\s)|(?<=\w) +\.(?=\s|$)")
_SCRIPT = "\u0400-\u04ff\u0600-\u06ff\u0590-\u05ff\u4e00-\u9fff"
_NON_LATIN = re.compile(rf"[{_SCRIPT}]{{3,}}(?:[\s,.;:!?'\"«»-]+[{_SCRIPT}]+)*")
_CALQUES = (
    (
        re.compile(
            r"\bthe\s+(?:president|prime\s+minister|leader|government|capital|head)\s+of\s+the\s+"
            r"country\s+(?-i:[A-Z])\w+",
            re.IGNORECASE,
        ),
        '"the president of the country X" for "X\'s president"',
    ),
    (
        re.compile(r"\bthe\s+(?:Russian|Ukrainian|\w+ian)\s+side\s+(?:informed|declared)\b"),
        '"the Xian side informed" for "X said"',
    ),
)


def find_flags(record: Record, doc: Doc, entities: EntityIndex) -> list[Flag]:
    text = record.text
    flags: list[Flag] = []
    if record.removed:
        flags.append(
            Flag(
                "boilerplate",
                f"{len(record.removed)} boilerplate range(s) marked and ignored",
                [Span.of(text, r.start, r.end) for r in record.removed],
            )
        )
    flags += surname_conflicts(text, entities)
    flags += unresolved_pronouns(record, doc, entities)
    flags += unattributed_claims(record)
    flags += translation_artefacts(text, [(r.start, r.end) for r in record.removed])
    return flags


def surname_conflicts(text: str, entities: EntityIndex) -> list[Flag]:
    flags = []
    for surname, ids in entities.conflicts:
        people = [e for e in (entities.by_id(i) for i in ids) if e is not None]
        spans = [
            Span.of(text, m.start, m.end)
            for e in people
            for m in e.mentions
            if m.kind in {"name", "possessive"} and len(m.text.split()) > 1
        ]
        if len(people) > 1:
            names = ", ".join(f"{e.name} ({e.id})" for e in people)
            message = f'surname "{surname}" is used for different first names: {names}'
        else:
            e = people[0]
            forms = [a.split() for a in [e.name, *e.aliases] if len(a.split()) > 1]
            firsts = sorted({f[0] for f in forms})
            lasts = sorted({f[-1] for f in forms})
            variants = firsts if len(firsts) > 1 else lasts
            part = "first name" if len(firsts) > 1 else "surname"
            message = (
                f"{e.name} ({e.id}): {part} written {' / '.join(variants)}"
                " (a transliteration variant or a slip)"
            )
        flags.append(Flag("surname-conflict", message, sorted(spans, key=lambda s: s.start)))
    return flags


def unresolved_pronouns(record: Record, doc: Doc, entities: EntityIndex) -> list[Flag]:
    """he/she as a speaker (or a clause subject) that resolves to no one."""
    text = record.text
    flags = []
    seen: set[int] = set()
    for s in record.statements:
        sp = s.speaker
        if sp is None or sp.entity is not None:
            continue
        if sp.span.text.lower() in PRONOUNS:
            seen.add(sp.span.start)
            flags.append(
                Flag(
                    "unresolved-pronoun",
                    f'speaker "{sp.span.text}" ({s.id}) refers to no person named before it',
                    [sp.span],
                )
            )
        elif _description(sp.span.text):
            flags.append(
                Flag(
                    "unresolved-speaker",
                    f'speaker "{sp.span.text}" ({s.id}) is a description the article does not '
                    "tie to anyone it names",
                    [sp.span],
                )
            )
    for tok in doc:
        if tok.lower_ not in {"he", "she"} or tok.dep_ not in {"nsubj", "nsubjpass"}:
            continue
        if tok.idx in seen or entities.entity_at(tok.idx, tok.idx + len(tok.text)):
            continue
        if _in_quote(text, tok.idx):
            continue  # speech inside quotes may refer outside the article
        seen.add(tok.idx)
        flags.append(
            Flag(
                "unresolved-pronoun",
                f'"{tok.text}" refers to no person named before it',
                [Span.of(text, tok.idx, tok.idx + len(tok.text))],
            )
        )
    return flags


#: Speaker words that describe or point instead of naming ("the president", "it", "they")
_DESCRIPTION = re.compile(
    r"^(?:(?:the|this|that|these|those|its|their|his|her)\s+\S|(?:it|they|who|which)$)",
    re.IGNORECASE,
)


def _description(text: str) -> bool:
    return bool(_DESCRIPTION.match(text.strip()))


def _in_quote(text: str, pos: int) -> bool:
    start = text.rfind("\n", 0, pos) + 1
    before = text[start:pos]
    return (before.count('"') % 2 == 1) or before.count("“") > before.count("”")


def unattributed_claims(record: Record) -> list[Flag]:
    flags = []
    for s in record.statements:
        if s.speaker is None:
            flags.append(
                Flag(
                    "unattributed-claim",
                    f"statement {s.id} has no identifiable speaker",
                    [s.cue, s.content],
                )
            )
    covered = [(s.sentence or s.content) for s in record.statements]
    by_sentence: dict[int, list[Quantity]] = {}
    for q in record.quantities:
        if q.statement is not None or not _claim_like(q):
            continue
        if any(c.start <= q.span.start < c.end for c in covered):
            continue  # the sentence reports someone's statement
        by_sentence.setdefault(_sentence_start(record.text, q.span.start), []).append(q)
    for qs in by_sentence.values():
        figures = ", ".join(f'"{q.span.text}"' for q in qs)
        flags.append(
            Flag(
                "unattributed-claim",
                f"figure(s) {figures} stated without a source",
                [q.span for q in qs],
            )
        )
    return flags


#: Smallest count worth flagging as an unsourced figure (percentages and money always are).
MIN_UNSOURCED_COUNT = 10


def _claim_like(q: Quantity) -> bool:
    if q.unit in {"%", "$", "€", "£", "¥", "₽", "₴"}:
        return True
    return q.unit is not None and (q.value or q.high or 0) >= MIN_UNSOURCED_COUNT


def _sentence_start(text: str, pos: int) -> int:
    return max(text.rfind(". ", 0, pos), text.rfind("\n", 0, pos)) + 1


def translation_artefacts(text: str, removed: list[tuple[int, int]] | None = None) -> list[Flag]:
    from claimgraph.clean.translation import probably_translated

    removed = removed or []

    def kept(start: int) -> bool:
        return not any(a <= start < b for a, b in removed)

    flags = []
    probable, hints = probably_translated(text)
    if probable:
        spans = [Span(h.start, h.end, h.text) for h in hints if kept(h.start)]
        reasons = sorted({h.explanation for h in hints})
        flags.append(
            Flag(
                "machine-translation",
                "probable machine translation: " + "; ".join(reasons),
                spans,
            )
        )
    for span, why in surface_artefacts(text):
        if kept(span.start):
            flags.append(Flag("machine-translation", why, [span]))
    return flags


def surface_artefacts(text: str) -> list[tuple[Span, str]]:
    """Repeated words, stray spaces before punctuation, unpaired quotes, foreign fragments."""
    found: list[tuple[Span, str]] = []
    for m in _REPEAT.finditer(text):
        first, second = m.group(0).split()[0], m.group(0).split()[-1]
        if first[0].isupper() and second[0].isupper():
            continue  # "Sirhan Sirhan", "Hobbits Hobbits" headings: names, not slips
        if m.group(1).lower() not in REPEAT_OK:
            found.append((Span.of(text, m.start(), m.end()), f'repeated word "{m.group(1)}"'))
    for m in _SPACE_PUNCT.finditer(text):
        found.append((Span.of(text, m.start(), m.end()), "space before punctuation"))
    for pattern, why in _CALQUES:
        for m in pattern.finditer(text):
            found.append((Span.of(text, m.start(), m.end()), f"calque: {why}"))
    for m in _NON_LATIN.finditer(text):
        found.append((Span.of(text, m.start(), m.end()), "untranslated fragment (non-Latin)"))
    found += _foreign_runs(text)
    found += _unpaired_quotes(text)
    return sorted(found, key=lambda f: f[0].start)


def _foreign_runs(text: str) -> list[tuple[Span, str]]:
    words = [(m.start(), m.end(), m.group(0).lower()) for m in re.finditer(r"\w+", text)]
    out: list[tuple[Span, str]] = []
    i = 0
    while i < len(words):
        window = words[i : i + FOREIGN_WINDOW]
        hits = [w for w in window if w[2] in FOREIGN]
        if len(hits) >= FOREIGN_RUN and words[i][2] in FOREIGN:
            start, end = hits[0][0], hits[-1][1]
            out.append((Span.of(text, start, end), "untranslated fragment (foreign words)"))
            i += FOREIGN_WINDOW
        else:
            i += 1
    return out


def _unpaired_quotes(text: str) -> list[tuple[Span, str]]:
    """Paragraphs whose quote marks do not pair up. A quote running on into the next
    paragraph legitimately opens without closing, so only an odd number of straight quotes
    not at the paragraph start, or more closing than opening curly quotes, is flagged."""
    out: list[tuple[Span, str]] = []
    pos = 0
    for para in text.split("\n"):
        straight = para.count('"')
        opened, closed = para.count("“"), para.count("”")
        odd_straight = straight % 2 == 1 and not para.lstrip().startswith('"')
        if odd_straight or closed > opened:
            out.append((Span.of(text, pos, pos + len(para)), "quote marks do not pair up"))
        pos += len(para) + 1
    return out
