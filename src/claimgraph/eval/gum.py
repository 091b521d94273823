"""`claimgraph eval gum`: pronoun and title resolution against GUM's gold coreference.

Data: ``<corpus>/gum-wikinews/conllu/*.conllu`` (43 Wikinews articles and interviews with
gold coreference in the ``Entity=`` MISC field). The text is rebuilt from the tokens
(``SpaceAfter=No`` honoured, paragraphs separated by a blank line) and parsed by claimgraph.

Scored items, each in a GUM cluster with a proper-name mention *before* it: every
third-person personal pronoun (he, him, his, himself, she, her, hers, herself) of a *person*
cluster (``pronoun``); every it/its/they/them/their of a person or organisation cluster
(``group``); every relative who/whom/whose/which/that of one (``relative``); every definite
role description of at most five tokens ("the president", "the Ukrainian president": head
noun in the role lexicon) of a person cluster (``title``).
An item is correct when ``EntityIndex.resolve`` links it to an entity one of whose name
mentions overlaps a gold name mention of that cluster. Accuracy = correct / items (an
unresolved item counts as wrong); the ``speaker`` and ``group_speaker`` subsets hold the
he/she and it/they pronouns that are the subject of a verb of saying (gold tree), the case
the attribution stage needs (it/they are resolved only there: elsewhere they mostly stand
for things and unnamed groups).
"""

from __future__ import annotations

import json
import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import click

from claimgraph.errors import ClaimgraphError
from claimgraph.settings import get_settings

_OPEN = re.compile(r"\((\d+)-([a-z]+)[^()]*(\)?)")
_CLOSE = re.compile(r"(?<![(\d])(\d+)\)")


#: A definite description longer than this is a clause ("the only candidate who ..."), not
#: a title, and is not scored.
MAX_TITLE_TOKENS = 5


#: What the command reports: he/she pronouns, the subset that are speakers (subject of a
#: verb of saying), it/they for people and organisations, relative who/which/that, titles
KINDS = ("pronoun", "speaker", "group", "group_speaker", "relative", "title")


class GumMissing(ClaimgraphError):
    """The GUM data is not where it was looked for."""


@dataclass
class Token:
    start: int
    end: int
    text: str
    upos: str
    lemma: str
    deprel: str
    head: int  # index in the document token list, -1 for the root


@dataclass
class GoldMention:
    cluster: str
    etype: str
    first: int  # token indexes, inclusive
    last: int


@dataclass
class GumDoc:
    name: str
    text: str
    tokens: list[Token] = field(default_factory=list)
    mentions: list[GoldMention] = field(default_factory=list)


def default_path() -> Path:
    return get_settings().corpus_dir / "gum-wikinews" / "conllu"


def parse_conllu(name: str, lines: list[str]) -> GumDoc:
    doc = GumDoc(name, "")
    parts: list[str] = []
    pos = 0
    open_stack: dict[str, list[tuple[int, str]]] = {}
    sent_tokens: list[tuple[int, int]] = []  # (doc index, head within sentence)
    new_par = False
    space_after = True

    def close_sentence() -> None:
        base = len(doc.tokens) - len(sent_tokens)
        for i, head in sent_tokens:
            doc.tokens[i].head = base + head - 1 if head > 0 else -1
        sent_tokens.clear()

    for line in lines:
        line = line.rstrip("\n")
        if line.startswith("# newpar"):
            new_par = True
            continue
        if not line:
            close_sentence()
            continue
        if line.startswith("#"):
            continue
        cols = line.split("\t")
        if not cols[0].isdigit():
            continue  # multi-word token ranges and empty nodes
        if doc.tokens:
            sep = "\n\n" if new_par else (" " if space_after else "")
            parts.append(sep)
            pos += len(sep)
        new_par = False
        form, misc = cols[1], cols[9]
        parts.append(form)
        tok = Token(pos, pos + len(form), form, cols[3], cols[2], cols[7], -1)
        pos += len(form)
        index = len(doc.tokens)
        doc.tokens.append(tok)
        sent_tokens.append((index, int(cols[6]) if cols[6].isdigit() else 0))
        space_after = "SpaceAfter=No" not in misc
        entity = next((f[7:] for f in misc.split("|") if f.startswith("Entity=")), "")
        if entity:
            for m in _OPEN.finditer(entity):
                cid, etype, closed = m.group(1), m.group(2), m.group(3)
                if closed:
                    doc.mentions.append(GoldMention(cid, etype, index, index))
                else:
                    open_stack.setdefault(cid, []).append((index, etype))
            rest = _OPEN.sub("", entity)
            for m in _CLOSE.finditer(rest):
                stack = open_stack.get(m.group(1))
                if stack:
                    first, etype = stack.pop()
                    doc.mentions.append(GoldMention(m.group(1), etype, first, index))
    close_sentence()
    doc.text = "".join(parts)
    return doc


def load_docs(path: Path | None = None, limit: int | None = None) -> list[GumDoc]:
    base = path or default_path()
    files = sorted(base.glob("*.conllu")) if base.is_dir() else []
    if not files:
        raise GumMissing(f"GUM CoNLL-U files not found under {base}")
    docs = []
    for f in files[:limit]:
        docs.append(parse_conllu(f.stem, f.read_text(encoding="utf-8").splitlines()))
    return docs


def _is_name(doc: GumDoc, m: GoldMention) -> bool:
    head = _head(doc, m)
    return doc.tokens[head].upos == "PROPN"


def _head(doc: GumDoc, m: GoldMention) -> int:
    for i in range(m.first, m.last + 1):
        h = doc.tokens[i].head
        if h < m.first or h > m.last:
            return i
    return m.last


#: GUM entity types scored for "they"/"it" and relative pronouns (people and organisations)
GROUP_TYPES = frozenset({"person", "organization"})
RELATIVES = frozenset({"who", "whom", "whose", "which", "that"})


def items(doc: GumDoc) -> list[tuple[str, GoldMention, list[GoldMention]]]:
    """(kind, mention, name mentions of its cluster) for scored mentions whose cluster has
    a proper-name mention before them. Kinds: ``pronoun`` (he/she/him/his/her/...), ``group``
    (it/they/them/its/their for a person or organisation), ``relative`` (who/which/that
    standing for a person or organisation) and ``title`` ("the president")."""
    from claimgraph.extract.coref import GROUP_FORMS, PRONOUNS
    from claimgraph.extract.names import ROLE_NOUNS

    names: dict[str, list[GoldMention]] = {}
    for m in doc.mentions:
        if m.etype in GROUP_TYPES and _is_name(doc, m):
            names.setdefault(m.cluster, []).append(m)
    out = []
    for m in doc.mentions:
        if m.etype not in GROUP_TYPES or m.cluster not in names:
            continue
        if not any(n.last < m.first for n in names[m.cluster]):
            continue
        head = doc.tokens[_head(doc, m)]
        low = head.text.lower()
        single = m.first == m.last
        if m.etype == "person" and single and low in PRONOUNS and head.upos == "PRON":
            out.append(("pronoun", m, names[m.cluster]))
        elif single and low in GROUP_FORMS and head.upos == "PRON":
            out.append(("group", m, names[m.cluster]))
        elif single and low in RELATIVES and head.upos == "PRON" and _relative(doc, head):
            out.append(("relative", m, names[m.cluster]))
        elif (
            m.etype == "person"
            and m.last - m.first < MAX_TITLE_TOKENS
            and doc.tokens[m.first].text.lower() == "the"
            and head.upos == "NOUN"
            and head.lemma.lower() in ROLE_NOUNS
        ):
            out.append(("title", m, names[m.cluster]))
    return out


def _relative(doc: GumDoc, tok: Token) -> bool:
    """A relative pronoun: its clause (its head) is a relative clause (``acl:relcl``), not a
    demonstrative "that"."""
    return tok.head >= 0 and doc.tokens[tok.head].deprel == "acl:relcl"


def _is_speaker(doc: GumDoc, m: GoldMention) -> bool:
    from claimgraph.extract.coref import SAY_VERBS

    tok = doc.tokens[m.first]
    if not tok.deprel.startswith("nsubj") or tok.head < 0:
        return False
    return doc.tokens[tok.head].lemma.lower() in SAY_VERBS


def evaluate(path: Path | None = None, limit: int | None = None) -> dict[str, Any]:
    from claimgraph.extract.entities import build_entities
    from claimgraph.nlp import load_nlp

    started = time.perf_counter()
    docs = load_docs(path, limit)
    nlp = load_nlp()
    tallies: dict[str, dict[str, int]] = {
        k: {"items": 0, "correct": 0, "unresolved": 0} for k in KINDS
    }
    for gum, parsed in zip(docs, nlp.pipe(d.text for d in docs), strict=True):
        index = build_entities(parsed)
        for kind, m, gold_names in items(gum):
            start, end = gum.tokens[m.first].start, gum.tokens[m.last].end
            predicted = index.resolve(start, end, parsed)
            ok = False
            if predicted is not None:
                entity = index.by_id(predicted)
                gold_spans = [
                    (gum.tokens[n.first].start, gum.tokens[n.last].end) for n in gold_names
                ]
                ok = entity is not None and any(
                    mm.kind in {"name", "possessive"} and mm.start < ge and gs < mm.end
                    for mm in entity.mentions
                    for gs, ge in gold_spans
                )
            kinds = [kind]
            if kind in {"pronoun", "group"} and _is_speaker(gum, m):
                kinds.append("speaker" if kind == "pronoun" else "group_speaker")
            for k in kinds:
                tallies[k]["items"] += 1
                tallies[k]["correct"] += int(ok)
                tallies[k]["unresolved"] += int(predicted is None)
    result: dict[str, Any] = {"documents": len(docs)}
    for k, t in tallies.items():
        result[k] = {**t, "accuracy": round(t["correct"] / t["items"], 4) if t["items"] else 0.0}
    result["seconds"] = round(time.perf_counter() - started, 1)
    return result


@click.command(name="gum")
@click.option("--path", type=click.Path(path_type=Path), help="Folder of GUM .conllu files.")
@click.option("--limit", type=int, help="Only the first N documents.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
def command(path: Path | None, limit: int | None, fmt: str) -> None:
    """Pronoun and title resolution accuracy on GUM gold coreference."""
    try:
        result = evaluate(path, limit)
    except GumMissing as exc:
        click.echo(f"skipped: {exc}")
        return
    if fmt == "json":
        click.echo(json.dumps(result, indent=2))
        return
    click.echo(f"GUM Wikinews: {result['documents']} documents, {result['seconds']} s")
    for k in KINDS:
        t = result[k]
        click.echo(
            f"  {k:13} {t['correct']:4}/{t['items']:<4} accuracy {t['accuracy']:.3f}"
            f"  (unresolved {t['unresolved']})"
        )
