"""`claimgraph eval ecbplus-entities`: entity types and corpus entity ids scored on ECB+.

Data: ``<benchmarks>/ecbplus`` (topics 1-35 present in ../shared). Documents are read as
:mod:`claimgraph.eval.ecbplus` reads them (only the sentences listed in
``ECBplus_coreference_sentences.csv``, tokens joined by spaces, sentences by newlines), here
with each token's character offsets kept, so every gold mention has a character span.

Rules (also in the README):

- **Gold mentions**: markables tagged ``HUMAN_PART_PER`` (-> PERSON), ``HUMAN_PART_ORG``
  (-> ORG), ``HUMAN_PART_GPE`` and ``LOC_GEO`` / ``LOC_FAC`` / ``LOC_OTHER`` (-> PLACE), whose
  tokens all lie in the listed sentences. Other participant tags (generic, vehicle, ...)
  are left out.
- **Named**: a mention counts when one of its tokens is a *name token*: quotes and dots at
  its ends aside, it starts with an upper-case letter, holds a letter, is not an English
  stop word (spaCy's list: "I", "Everyone", "The"), and either its capitalisation tells
  (it is not the sentence's first word and the sentence is not a title-case headline, i.e.
  one whose lower-case words are all stop words) or the word is written capitalised in
  telling positions more often than in lower case across the ECB+ files (all sentences but
  the source URLs). "US" and "CA" always count. So "Police" opening a sentence or
  "Rehab" in a headline is not a name, "Lohan", "U.S.", "TMZ", "Betty Ford" are, also
  first in a sentence. The mention's *name* is its longest run of name tokens (joined by
  "of", "and", "&", "for", "de", "van", "bin", "al", "-", "."; the first of equal runs):
  "actress Lindsay Lohan" -> "Lindsay Lohan", "Morningside Recovery in Newport Beach, CA"
  -> "Morningside Recovery", "California's Betty Ford Center" -> "Betty Ford Center". The
  name must head the mention: no lower-case content word after it before a preposition or
  comma ("Paris jewellery store", "CNN's management" are not named), none before it with a
  preposition in between ("a hospital in Los Angeles" is not; "actress Lindsay Lohan",
  "in Beverly Hills" are). The rule needs no model, so the gold set does not move when the
  parser does.
- **Match**: the claimgraph entity mention (any kind) in the same document that overlaps the
  mention's name by the most characters (ties: the shorter); none overlapping = not covered.
- **Type**: system types grouped as corpus ids group them: PERSON, ORG, GPE/LOC/FAC ->
  PLACE; any other label (NORP, EVENT, ...) is its own, wrong, type. Type accuracy is over
  covered mentions; ``type_accuracy_all`` counts uncovered ones as wrong.
- **Clusters**: gold = mentions joined by CROSS_DOC_COREF instances and INTRA_DOC_COREF
  chains (union), singletons otherwise, restricted to named mentions. System = the corpus
  entity id that ``store.article()`` reports after all documents of all topics are ingested
  into one SQLite store (``ingest_documents``, the path ``claimgraph ingest`` takes) and
  ``store.analyse()`` has run; an uncovered mention is a singleton. ECB+ links mentions only
  within a topic (the same city in two topics is two gold instances), so clusters on both
  sides are taken within a topic: B-cubed over mentions with system cluster
  ``(topic, corpus id)``. B-cubed per gold type restricts both clusterings to that type.
  ECB+ links mostly the participants of its seminal events, so many named mentions are
  unlinked singletons (each "FBI" on its own) and a right merge counts against precision:
  ``bcubed_linked`` scores only the mentions in annotated chains.
"""

from __future__ import annotations

import csv
import re
import tempfile
import time
import xml.etree.ElementTree as ET
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from spacy.lang.en.stop_words import STOP_WORDS

from claimgraph.eval.command import scored_command
from claimgraph.eval.ecbplus import bcubed, data_dir
from claimgraph.models import Document

_NAME = re.compile(r"^(\d+)_(\d+)(ecb|ecbplus)\.xml$")

GOLD_TYPES: dict[str, str] = {
    "HUMAN_PART_PER": "PERSON",
    "HUMAN_PART_ORG": "ORG",
    "HUMAN_PART_GPE": "PLACE",
    "LOC_GEO": "PLACE",
    "LOC_FAC": "PLACE",
    "LOC_OTHER": "PLACE",
}
SYSTEM_GROUPS: dict[str, str] = {"GPE": "PLACE", "LOC": "PLACE", "FAC": "PLACE"}
TYPES = ("PERSON", "ORG", "PLACE")
# Country and state codes whose lower-case forms are common words ("us", "ca" in "ca n't").
ALWAYS_NAMES = frozenset({"US", "CA"})
LINKERS = frozenset({"of", "and", "&", "for", "de", "del", "van", "von", "bin", "al", "-", "."})
PREPOSITIONS = frozenset(
    {"in", "at", "on", "near", "outside", "inside", "of", "from", "off", "to", "into", "for"}
    | {"by", "between", "across", "along", "around", "within", "behind", "over", "under"}
)
CUTS = frozenset({",", "(", "-", "--", ";", ":"})
_EDGE_PUNCT = "'\"’‘“”.,"
MISSING = "none"


def system_group(label: str) -> str:
    """A claimgraph entity type as the gold types are named (GPE/LOC/FAC -> PLACE)."""
    return SYSTEM_GROUPS.get(label, label)


def _core(token: str) -> str:
    return token.strip(_EDGE_PUNCT)


def _capitalised(token: str) -> bool:
    core = _core(token)
    return core[:1].isupper() and any(c.isalpha() for c in core)


def _lower_content(token: str) -> bool:
    core = _core(token)
    return core[:1].islower() and core.casefold() not in STOP_WORDS


def telling_positions(words: Sequence[str]) -> list[bool]:
    """For each token of a sentence, whether its capitalisation tells a name: not the first
    word, and the sentence is not a title-case headline (capitalised words and no lower-case
    word other than stop words: "Lindsay Lohan Checks Into Court - Ordered Rehab")."""
    headline = sum(map(_capitalised, words)) >= 2 and not any(map(_lower_content, words))
    first = next((i for i, w in enumerate(words) if any(c.isalpha() for c in w)), -1)
    return [not headline and i != first for i in range(len(words))]


def proper_forms(sentences: Iterable[Sequence[str]]) -> set[str]:
    """Case-folded words written capitalised in telling positions more often than in lower
    case anywhere: the evidence for a first word or a headline word."""
    capital: Counter[str] = Counter()
    lower: Counter[str] = Counter()
    for words in sentences:
        for word, telling in zip(words, telling_positions(words), strict=True):
            core = _core(word)
            if core[:1].islower():
                lower[core.casefold()] += 1
            elif telling and _capitalised(word):
                capital[core.casefold()] += 1
    return {form for form, n in capital.items() if n > lower[form]}


def is_name_token(token: str, telling: bool, proper: Iterable[str] | set[str]) -> bool:
    """A capitalised word (quotes and dots at its ends ignored) that is not an English stop
    word, in a telling position or else known as a name (``proper``); "US" and "CA" always
    count."""
    core = _core(token)
    if core in ALWAYS_NAMES:
        return True
    folded = core.casefold()
    return _capitalised(core) and folded not in STOP_WORDS and (telling or folded in proper)


def name_is_head(words: Sequence[str], first: int, last: int) -> bool:
    """Whether the name ``words[first:last + 1]`` heads the mention rather than modifying
    a common noun: no lower-case content word follows it before a preposition or comma
    ("Paris jewellery store", "CNN 's management"), and none precedes it with a preposition
    in between ("a hospital in Los Angeles"; "actress Lindsay Lohan" keeps its name)."""
    for word in words[last + 1 :]:
        if word.casefold() in PREPOSITIONS or word in CUTS:
            break
        if _lower_content(word):
            return False
    content = False
    for word in words[:first]:
        if _lower_content(word):
            content = True
        elif content and word.casefold() in PREPOSITIONS:
            return False
    return True


def name_run(names: Sequence[bool], tokens: Sequence[str]) -> tuple[int, int]:
    """``(first, last)`` token index of the mention's name: the longest run of name tokens
    (``names``; joined by "of", "and", "&", "for", "de", "van", "bin", "al", "-", "."), the
    first of equal runs; ``(-1, -1)`` when the mention holds no name token."""
    best = (-1, -1)
    i = 0
    while i < len(tokens):
        if not names[i]:
            i += 1
            continue
        last = j = i
        while j + 1 < len(tokens) and (names[j + 1] or tokens[j + 1].casefold() in LINKERS):
            j += 1
            if names[j]:
                last = j
        if best == (-1, -1) or last - i > best[1] - best[0]:
            best = (i, last)
        i = last + 1
    return best


@dataclass
class Token:
    text: str
    start: int
    end: int
    telling: bool = True  # see telling_positions


@dataclass
class GoldMention:
    doc: str  # "1_10ecbplus"
    topic: str
    m_id: str
    tag: str
    type: str  # PERSON, ORG, PLACE
    start: int  # the mention's tokens
    end: int
    text: str
    named_start: int  # first to last name token; -1 when the mention is not named
    named_end: int
    cluster: str = ""
    linked: bool = False  # in an annotated coreference chain (not a singleton)

    @property
    def key(self) -> str:
        return f"{self.doc}:{self.m_id}"

    @property
    def named(self) -> bool:
        return self.named_start >= 0


@dataclass
class GoldDocument:
    key: str
    topic: str
    text: str
    mentions: list[GoldMention] = field(default_factory=list)


@dataclass
class SystemMention:
    start: int
    end: int
    entity: str  # corpus entity id (or any id shared by one entity's mentions)
    type: str  # claimgraph label (PERSON, ORG, GPE, ...)
    name: str


def _selected_sentences(folder: Path) -> dict[str, set[int]]:
    wanted: dict[str, set[int]] = defaultdict(set)
    with (folder / "ECBplus_coreference_sentences.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            wanted[f"{row['Topic']}_{row['File']}"].add(int(row["Sentence Number"]))
    return wanted


class _Clusters:
    """Union-find over mention keys."""

    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, item: str) -> str:
        self.parent.setdefault(item, item)
        while self.parent[item] != item:
            self.parent[item] = self.parent[self.parent[item]]
            item = self.parent[item]
        return item

    def union(self, a: str, b: str) -> None:
        """Join two sets; an instance (``@...``) stays the root over a mention key."""
        ra, rb = sorted((self.find(a), self.find(b)), key=lambda r: (not r.startswith("@"), r))
        if ra != rb:
            self.parent[rb] = ra


def parse_document(
    root: ET.Element, key: str, topic: str, sentences: set[int], proper: set[str]
) -> tuple[GoldDocument, list[tuple[str, str]], dict[str, str]]:
    """One ECB+ file: the document of its listed sentences (same text as
    :func:`claimgraph.eval.ecbplus.load_documents`), its person/organisation/place mentions,
    the coreference links (mention key, instance) and instance names."""
    by_sentence: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for tok in root.iter("token"):
        number = int(tok.get("sentence", "-1"))
        if number in sentences:
            by_sentence[number].append((tok.get("t_id", ""), tok.text or ""))
    tokens: dict[str, Token] = {}
    parts: list[str] = []
    offset = 0
    for i, number in enumerate(sorted(by_sentence)):
        if i:
            parts.append("\n")
            offset += 1
        words = [text for _, text in by_sentence[number]]
        telling = telling_positions(words)
        for j, (t_id, text) in enumerate(by_sentence[number]):
            if j:
                parts.append(" ")
                offset += 1
            tokens[t_id] = Token(text, offset, offset + len(text), telling[j])
            parts.append(text)
            offset += len(text)
    doc = GoldDocument(key=key, topic=topic, text="".join(parts))
    markables = root.find("Markables")
    names: dict[str, str] = {}
    for m in markables if markables is not None else []:
        if m.get("instance_id") and m.get("TAG_DESCRIPTOR"):
            names[m.get("instance_id", "")] = m.get("TAG_DESCRIPTOR", "")
        gold_type = GOLD_TYPES.get(m.tag)
        anchors = [a.get("t_id", "") for a in m.iter("token_anchor")]
        if gold_type is None or not anchors or any(a not in tokens for a in anchors):
            continue
        span = sorted((tokens[a] for a in anchors), key=lambda t: t.start)
        names_ = [is_name_token(t.text, t.telling, proper) for t in span]
        words = [t.text for t in span]
        first, last = name_run(names_, words)
        if first >= 0 and not name_is_head(words, first, last):
            first = last = -1
        doc.mentions.append(
            GoldMention(
                doc=key,
                topic=topic,
                m_id=m.get("m_id", ""),
                tag=m.tag,
                type=gold_type,
                start=span[0].start,
                end=span[-1].end,
                text=doc.text[span[0].start : span[-1].end],
                named_start=span[first].start if first >= 0 else -1,
                named_end=span[last].end if first >= 0 else -1,
            )
        )
    links: list[tuple[str, str]] = []
    relations = root.find("Relations")
    for rel in relations if relations is not None else []:
        if rel.tag == "CROSS_DOC_COREF":
            instance = f"{topic}:{rel.get('note', '')}"
            members = [s.get("m_id", "") for s in rel.iter("source")]
        elif rel.tag == "INTRA_DOC_COREF":
            instance = f"{key}:intra:{rel.get('r_id', '')}"
            members = [s.get("m_id", "") for s in rel.iter("source")]
            members += [s.get("m_id", "") for s in rel.iter("target")]
        else:
            continue
        links.extend((f"{key}:{m}", instance) for m in members)
    return doc, links, names


def load_gold(folder: Path) -> tuple[list[GoldDocument], dict[str, str]]:
    """Every ECB+ document with listed sentences (in file order), its mentions with their
    gold cluster set, and the instance names (instance id -> TAG_DESCRIPTOR)."""
    wanted = _selected_sentences(folder)
    files = []
    for path in sorted((folder / "ECB+").glob("*/*.xml")):
        m = _NAME.match(path.name)
        if m:
            files.append((path, m.group(1), f"{m.group(1)}_{m.group(2)}{m.group(3)}"))
    roots = {key: ET.parse(path).getroot() for path, _, key in files}
    sentences: dict[tuple[str, str], list[str]] = defaultdict(list)
    for key, root in roots.items():
        for t in root.iter("token"):
            # sentence 0 of an ecbplus file is its source URL ("la-me-0504-lohan-rehab")
            if not (key.endswith("ecbplus") and t.get("sentence") == "0"):
                sentences[(key, t.get("sentence", ""))].append(t.text or "")
    proper = proper_forms(sentences.values())
    docs: list[GoldDocument] = []
    clusters = _Clusters()
    names: dict[str, str] = {}
    for _, topic, key in files:
        if not wanted.get(key):
            continue
        doc, links, doc_names = parse_document(roots[key], key, topic, wanted[key], proper)
        names.update(doc_names)
        if not doc.text.strip():
            continue
        docs.append(doc)
        for mention_key, instance in links:
            clusters.union(mention_key, "@" + instance)
    for doc in docs:
        for mention in doc.mentions:
            top = clusters.find(mention.key)
            mention.linked = top.startswith("@")
            mention.cluster = top[1:] if mention.linked else top
    return docs, names


def match(start: int, end: int, candidates: Sequence[SystemMention]) -> SystemMention | None:
    """The system mention overlapping [start, end) by the most characters (ties: the
    shortest, then the first)."""
    best: SystemMention | None = None
    best_key = (0, 0)
    for cand in candidates:
        overlap = min(end, cand.end) - max(start, cand.start)
        if overlap <= 0:
            continue
        rank = (overlap, -(cand.end - cand.start))
        if best is None or rank > best_key:
            best, best_key = cand, rank
    return best


def _ratio(num: int, den: int) -> float:
    return round(num / den, 4) if den else 0.0


def score(
    docs: Sequence[GoldDocument],
    system: Mapping[str, Sequence[SystemMention]],
    instance_names: Mapping[str, str] | None = None,
    examples: int = 5,
) -> dict[str, Any]:
    """Type accuracy, coverage and within-topic B-cubed of system entity ids over the named
    gold mentions; ``system``: document key -> its claimgraph entity mentions."""
    instance_names = instance_names or {}
    gold: dict[str, str] = {}
    predicted: dict[str, str] = {}
    type_of: dict[str, str] = {}
    linked: set[str] = set()
    tally: dict[str, Counter[str]] = {t: Counter() for t in (*TYPES, "all")}
    confusions: Counter[tuple[str, str]] = Counter()
    confusion_examples: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    system_names: dict[str, Counter[str]] = defaultdict(Counter)
    gold_texts: dict[str, Counter[str]] = defaultdict(Counter)
    for doc in docs:
        for m in doc.mentions:
            if not m.named:
                continue
            found = match(m.named_start, m.named_end, system.get(doc.key, ()))
            got = system_group(found.type) if found else MISSING
            for bucket in (m.type, "all"):
                tally[bucket]["named"] += 1
                tally[bucket]["covered"] += found is not None
                tally[bucket]["correct"] += got == m.type
            if got != m.type:
                confusions[(m.type, got)] += 1
                shown = confusion_examples[(m.type, got)]
                if len(shown) < examples and m.text not in {e["mention"] for e in shown}:
                    shown.append(
                        {
                            "doc": doc.key,
                            "mention": m.text,
                            "gold": m.type,
                            "system_type": found.type if found else None,
                            "system_entity": found.name if found else None,
                            "system_text": doc.text[found.start : found.end] if found else None,
                        }
                    )
            gold[m.key] = f"{doc.topic}|{m.cluster}"
            predicted[m.key] = f"{doc.topic}|{found.entity}" if found else f"{MISSING}|{m.key}"
            type_of[m.key] = m.type
            gold_texts[gold[m.key]][m.text] += 1
            if m.linked:
                linked.add(m.key)
            if found:
                system_names[predicted[m.key]][f"{found.name} ({found.type})"] += 1

    def figures(bucket: str) -> dict[str, Any]:
        n = tally[bucket]
        keys = [k for k in gold if bucket == "all" or type_of[k] == bucket]
        chained = [k for k in keys if k in linked]
        return {
            "named_mentions": n["named"],
            "coverage": _ratio(n["covered"], n["named"]),
            "type_accuracy": _ratio(n["correct"], n["covered"]),
            "type_accuracy_all": _ratio(n["correct"], n["named"]),
            "bcubed": bcubed({k: predicted[k] for k in keys}, {k: gold[k] for k in keys}),
            "linked_mentions": len(chained),
            "bcubed_linked": bcubed(
                {k: predicted[k] for k in chained}, {k: gold[k] for k in chained}
            ),
        }

    def gold_label(cluster: str) -> str:
        instance = cluster.split(":", 1)[-1]
        return instance_names.get(instance) or gold_texts[cluster].most_common(1)[0][0]

    def system_label(cluster: str) -> str:
        if cluster == MISSING:
            return "(no entity)"
        return system_names[cluster].most_common(1)[0][0]

    by_gold: dict[str, Counter[str]] = defaultdict(Counter)
    by_system: dict[str, Counter[str]] = defaultdict(Counter)
    for k in gold:
        by_gold[gold[k]][MISSING if predicted[k].startswith(MISSING) else predicted[k]] += 1
        if not predicted[k].startswith(MISSING):
            by_system[predicted[k]][gold[k]] += 1
    split = [(g, parts) for g, parts in by_gold.items() if len(set(parts) - {MISSING}) > 1]
    split.sort(key=lambda gp: (-len(gp[1]), -sum(gp[1].values()), gold_label(gp[0])))
    splits = [
        {
            "gold": gold_label(g),
            "mentions": sum(parts.values()),
            "system": [{"entity": system_label(p), "mentions": n} for p, n in parts.most_common()],
        }
        for g, parts in split
    ]
    merged = [(p, parts) for p, parts in by_system.items() if len(parts) > 1]
    merged.sort(key=lambda pp: (-len(pp[1]), -sum(pp[1].values()), system_label(pp[0])))
    merges = [
        {
            "system": system_label(p),
            "mentions": sum(parts.values()),
            "gold": [{"entity": gold_label(g), "mentions": n} for g, n in parts.most_common()],
        }
        for p, parts in merged
    ]
    return {
        **figures("all"),
        "per_type": {t: figures(t) for t in TYPES},
        "top_confusions": [
            {"gold": g, "system": s, "count": n, "examples": confusion_examples[(g, s)]}
            for (g, s), n in confusions.most_common(10)
        ],
        "splits": {"count": len(splits), "examples": splits[:examples]},
        "merges": {"count": len(merges), "examples": merges[:examples]},
    }


def system_mentions(record: Mapping[str, Any]) -> list[SystemMention]:
    """The entity mentions of a stored record (``store.article()``), with corpus ids."""
    out = []
    for ent in record.get("entities") or []:
        eid = ent.get("corpus_id") or f"local:{record.get('id')}:{ent.get('id')}"
        for m in ent.get("mentions") or []:
            out.append(
                SystemMention(
                    start=int(m["start"]),
                    end=int(m["end"]),
                    entity=eid,
                    type=ent.get("type") or "",
                    name=ent.get("name") or "",
                )
            )
    return out


def evaluate(path: Path | None = None, limit: int | None = None) -> dict[str, Any]:
    from claimgraph.corpus import document_id, ingest_documents
    from claimgraph.store import open_store

    started = time.perf_counter()
    folder = data_dir(path)
    docs, names = load_gold(folder)
    if limit:
        docs = docs[:limit]
    documents = {d.key: Document(source=d.key, text=d.text) for d in docs}
    timings: dict[str, float] = {"read": round(time.perf_counter() - started, 1)}
    system: dict[str, list[SystemMention]] = {}
    with (
        tempfile.TemporaryDirectory(prefix="cg-ecbplus-") as tmp,
        open_store(f"sqlite:///{tmp}/ecbplus.db") as store,
    ):
        step = time.perf_counter()
        report = ingest_documents(store, documents.values())
        timings["extract_ingest"] = round(time.perf_counter() - step, 1)
        step = time.perf_counter()
        store.analyse()
        timings["analyse"] = round(time.perf_counter() - step, 1)
        for key, document in documents.items():
            record = store.article(document_id(document))
            if record is None:  # refused by the pipeline: every mention uncovered
                continue
            if record.get("text") != document.text:
                raise RuntimeError(f"{key}: stored text differs from the input text")
            system[key] = system_mentions(record)
    step = time.perf_counter()
    result = score(docs, system, names)
    timings["score"] = round(time.perf_counter() - step, 1)
    timings["total"] = round(time.perf_counter() - started, 1)
    mentions = [m for d in docs for m in d.mentions]
    return {
        "benchmark": "ecbplus-entities",
        "documents": len(docs),
        "topics": len({d.topic for d in docs}),
        "failed": len(report["failed"]),
        "gold_mentions": len(mentions),
        "store": "one SQLite store for all topics; clusters scored within each topic",
        **result,
        "seconds": timings,
    }


def _pct(x: float) -> str:
    return f"{x:.3f}"


def format_table(result: dict[str, Any]) -> str:
    lines = [
        f"ECB+ entities: {result['documents']} documents, {result['topics']} topics, "
        f"{result['gold_mentions']} person/org/place mentions, "
        f"{result['named_mentions']} named ({result['seconds']['total']} s)",
        "",
        f"{'type':8} {'named':>6} {'cover':>6} {'typeAcc':>7} {'acc/all':>7} "
        f"{'B3 P':>6} {'B3 R':>6} {'B3 F1':>6} {'linked':>6} {'F1':>6}",
    ]
    rows = [*result["per_type"].items(), ("all", result)]
    for name, r in rows:
        b = r["bcubed"]
        lines.append(
            f"{name:8} {r['named_mentions']:6d} {_pct(r['coverage']):>6} "
            f"{_pct(r['type_accuracy']):>7} {_pct(r['type_accuracy_all']):>7} "
            f"{_pct(b['precision']):>6} {_pct(b['recall']):>6} {_pct(b['f1']):>6} "
            f"{r['linked_mentions']:6d} {_pct(r['bcubed_linked']['f1']):>6}"
        )
    lines.append(
        "(cover: share of named mentions under a claimgraph entity; typeAcc over those; "
        "acc/all over all; linked: only mentions in annotated chains)"
    )
    lines += ["", "top type errors (gold -> system; none = no entity covers the name):"]
    for c in result["top_confusions"]:
        lines.append(f"  {c['gold']} -> {c['system']}: {c['count']}")
        for ex in c["examples"]:
            got = f"{ex['system_entity']!r} {ex['system_type']}" if ex["system_type"] else "-"
            lines.append(f"      {ex['doc']:14} {ex['mention']!r:40} system: {got}")
    lines += ["", f"split gold entities (several corpus ids): {result['splits']['count']}"]
    for s in result["splits"]["examples"]:
        parts = ", ".join(f"{p['entity']!r} x{p['mentions']}" for p in s["system"])
        lines.append(f"  {s['gold']} ({s['mentions']}): {parts}")
    lines += ["", f"merged corpus ids (several gold entities): {result['merges']['count']}"]
    for s in result["merges"]["examples"]:
        parts = ", ".join(f"{g['entity']} x{g['mentions']}" for g in s["gold"])
        lines.append(f"  {s['system']!r} ({s['mentions']}): {parts}")
    return "\n".join(lines)


command = scored_command(
    "ecbplus-entities",
    evaluate,
    format_table,
    help="Entity types and cross-document corpus entity ids on ECB+ (named mentions): "
    "type accuracy, coverage, B-cubed within topics.",
    path_help="ECB+ folder (with ECBplus_coreference_sentences.csv).",
    limit_help="Only the first N documents (file order).",
)
