"""One person, one entity: which written names of an article are the same person, and where
a name ends.

- :func:`same_full_name` / :func:`surname_matches`: name comparison through
  :func:`claimgraph.extract.names.parse_person_name` (titles and honorifics dropped, middle
  names and initials optional, particles kept with the surname, transliteration-tolerant).
- :func:`split_name_runs`: a title-case headline glues words onto a name ("Lindsay Lohan
  Checks Into Rehab", "76ers Hire Maurice Cheeks"). A name span in a title-case line is cut to
  a person name the article writes elsewhere in running text, and a PERSON span is cut at a
  word the tagger reads as a verb or a preposition: names are nouns.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from claimgraph.extract.names import (
    parse_person_name,
    plain,
    same_person_name,
    similarity,
    strip_possessive,
)

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

#: Parts of speech (and fine tags) that never continue a person's name.
_VERB_POS = frozenset({"VERB", "AUX"})
_VERB_TAGS = frozenset({"VBZ", "VBD", "VBP", "VBN", "VBG"})
#: Function words allowed inside a name span ("Joan of Arc", "Gaetano Lo Presti").
_NAME_JOINERS = frozenset({"of", "the", "and", "&", "for", "-"})
#: Labels whose spans may run on into headline words.
_RUN_LABELS = frozenset({"PERSON", "ORG", "GPE", "FAC", "NORP", "PRODUCT", "WORK_OF_ART", "EVENT"})


def has_given_names(words: list[str]) -> bool:
    """ "Osama bin Laden" has, "bin Laden" and "Lohan" have not."""
    return bool(parse_person_name(" ".join(words)).given)


def same_full_name(full: list[str], words: list[str], settings: Any) -> bool:
    """A written name with given names belongs to a person whose longest name is ``full``."""
    return same_person_name(
        parse_person_name(" ".join(full)),
        parse_person_name(" ".join(words)),
        settings.surname_similarity,
        settings.first_name_similarity,
    )


def surname_matches(word: str, full: list[str], settings: Any) -> bool:
    """A surname-only mention ("Bashir", "bin Laden") of the person named ``full``."""
    mention = parse_person_name(word)
    if mention.given:
        return False
    a, b = mention.surname_key, parse_person_name(" ".join(full)).surname_key
    # within one article a surname may be spelled two ways (Welk / Vielk)
    return bool(a) and (a == b or similarity(a, b) >= settings.surname_similarity)


def given_name_matches(word: str, full: list[str]) -> bool:
    """A lone given name of the person named ``full`` ("Kim" of Kim Jong Un)."""
    name = parse_person_name(" ".join(full))
    return len(word.split()) == 1 and any(plain(w) == plain(word) for w in name.given)


def surname_key(text: str) -> str:
    return parse_person_name(text).surname_key


# -- where a name ends -----------------------------------------------------------------------


def _verb_like(tok: Token) -> bool:
    return tok.pos_ in _VERB_POS or tok.tag_ in _VERB_TAGS


def _line_bounds(doc: Doc) -> list[tuple[int, int]]:
    """Token ranges of the text's lines."""
    out, start = [], 0
    for tok in doc:
        if "\n" in tok.text or "\n" in tok.whitespace_:
            end = tok.i if "\n" in tok.text else tok.i + 1
            if end > start:
                out.append((start, end))
            start = tok.i + 1
    if start < len(doc):
        out.append((start, len(doc)))
    return out


def _title_case(doc: Doc, start: int, end: int) -> bool:
    """A headline written in title case: its content words (3+ of them) all capitalised."""
    content = [t for t in doc[start:end] if t.is_alpha and not t.is_stop and len(t) > 2]
    if len(content) < 3:
        return False
    return all(t.is_title or t.is_upper for t in content)


def _find(tokens: tuple[str, ...], known: set[tuple[str, ...]]) -> list[tuple[int, int]]:
    """Leftmost-longest non-overlapping occurrences of known names among ``tokens``."""
    found, i = [], 0
    longest = max((len(k) for k in known), default=0)
    while i < len(tokens):
        for n in range(min(longest, len(tokens) - i), 0, -1):
            if tokens[i : i + n] in known:
                found.append((i, i + n))
                i += n
                break
        else:
            i += 1
    return found


def _common_words(doc: Doc) -> set[str]:
    """Lemmas and forms of the words the article writes in lower case."""
    out: set[str] = set()
    for tok in doc:
        if tok.is_alpha and tok.is_lower:
            out.add(tok.lower_)
            out.add(tok.lemma_.lower())
    return out


def _written_lower(word: str, common: set[str]) -> bool:
    """ "Checks" when the article writes "checked", "Dies" beside "died": a headline word
    that the article's running text uses as a common word (its lemma by suffix)."""
    low = word.lower()
    forms = {low}
    for suffix in ("s", "es", "ed", "d", "ing"):
        if low.endswith(suffix) and len(low) - len(suffix) >= 3:
            forms.add(low[: -len(suffix)])
    return bool(forms & common)


def _cut_headline_words(span: Span, common: set[str]) -> Span:
    """In a headline, common words glued before or after a two-word-or-longer name."""
    start, end = span.start, span.end
    doc = span.doc
    while end - start > 2 and _written_lower(doc[end - 1].text, common):
        end -= 1
    while end - start > 2 and _written_lower(doc[start].text, common):
        start += 1
    return doc[start:end]


def _cut_at_verbs(span: Span, headline: bool) -> list[Span]:
    """A PERSON span split where the tagger reads a verb or a preposition inside it (in a
    headline also at its start: "Hire Maurice Cheeks"; elsewhere "Will Smith" stays)."""
    doc = span.doc
    parts, start = [], span.start
    for tok in span:
        joiner = tok.lower_ in _NAME_JOINERS or tok.lower_ in {"bin", "al", "de", "van", "von"}
        cut = _verb_like(tok) or (tok.pos_ == "ADP" and not joiner)
        if cut and tok.i > span.start:
            if tok.i > start:
                parts.append(doc[start : tok.i])
            start = tok.i + 1
        elif cut and headline:
            start = tok.i + 1
    if start < span.end:
        parts.append(doc[start : span.end])
    return [p for p in parts if any(t.is_title for t in p)]


def _rest(span: Span, hits: list[tuple[int, int]], common: set[str]) -> list[Span]:
    """The runs of a span between the person names cut out of it, trimmed to name words."""
    out, edges = [], [0] + [x for h in hits for x in h] + [len(span)]
    for a, b in zip(edges[::2], edges[1::2], strict=True):
        while a < b and (
            span[a].is_stop
            or not span[a].is_title
            or _verb_like(span[a])
            or _written_lower(span[a].text, common)
        ):
            a += 1
        while b > a and (span[b - 1].is_stop or not span[b - 1].is_title):
            b -= 1
        if b > a:
            out.append(span[a:b])
    return out


def split_name_runs(doc: Doc, items: list[tuple[Span, str]]) -> list[tuple[Span, str]]:
    """Names that ran on into the words around them, cut back to the name.

    In a title-case line, a span that holds a person name the article writes in running text
    (or that name's surname, for a span tagged PERSON) is cut to it: "Lindsay Lohan Checks
    Into Rehab" -> "Lindsay Lohan", "Obama Reverses Bush Rule" -> "Obama", "Bush". Elsewhere
    and after that, a PERSON span is cut at a verb or preposition inside it.
    """
    lines = _line_bounds(doc)
    headline = [False] * len(doc)
    for start, end in lines:
        if _title_case(doc, start, end):
            for i in range(start, end):
                headline[i] = True
    full: set[tuple[str, ...]] = set()
    surnames: set[tuple[str, ...]] = set()
    for span, label in items:
        if label != "PERSON" or headline[span.start]:
            continue
        words = tuple(plain(t.text) for t in span if not t.is_punct)
        name = parse_person_name(strip_possessive(span.text))
        if name.given and len(words) >= 2:
            full.add(tuple(plain(w) for w in name.text().split()))
            surnames.add(tuple(plain(w) for w in name.surname.split()))
        elif words:
            surnames.add(tuple(plain(w) for w in name.surname.split()))
    common = _common_words(doc) if any(headline) else set()
    out: list[tuple[Span, str]] = []
    for span, label in items:
        if len(span) < 2 or label not in _RUN_LABELS:
            out.append((span, label))
            continue
        if headline[span.start]:
            tokens = tuple(plain(t.text) for t in span)
            known = full | surnames if label == "PERSON" else full
            hits = _find(tokens, known)
            if hits and hits != [(0, len(span))]:
                for a, b in hits:
                    out.append((span[a:b], "PERSON"))
                if label != "PERSON":  # the rest keeps its label ("... Into Betty Ford")
                    out.extend((rest, label) for rest in _rest(span, hits, common))
                continue
        if label == "PERSON":
            if headline[span.start]:
                span = _cut_headline_words(span, common)
            out.extend((part, label) for part in _cut_at_verbs(span, headline[span.start]))
            continue
        out.append((span, label))
    return out
