"""`claimgraph eval wikievents`: event arguments (actor, target, place) on WikiEvents dev.

Data: ``<benchmarks>/wikievents/dev.jsonl`` (and ``coref/dev.jsonlines`` for the coref
score). Setting: argument extraction given the gold event triggers, as in the published
BART-Gen figures. Each document's text is rebuilt from its tokens (tokens joined by spaces,
sentences by newlines) and parsed once; for every gold trigger, claimgraph's role finder
(:func:`claimgraph.extract.events.trigger_roles` for actor and target, the place finder of
``extract_events`` for place) proposes up to three arguments.

Role mapping (KAIROS role -> claimgraph role); gold arguments with other roles (Instrument,
ExplosiveDevice, Vehicle, Topic, Destination, Origin, ...) are not scored:

- actor: Attacker, Killer, Injurer, Perpetrator, Communicator, Demonstrator, Jailer,
  Damager, Destroyer, Transporter, Giver, Investigator, Impeder, Prosecutor, Regulator,
  Recruiter, Driver, Buyer, Seller, Employer, Defeater, Identifier, Observer, Inspector;
- target: Victim, Target, Detainee, Defendant, Recipient, Artifact, Patient,
  AcquiredEntity, PassengerArtifact, Employee, Inspectee, Defeated, IdentifiedObject;
- either: Participant (the two sides of a contact event are symmetric);
- place: Place.

Conjoined heads ("killed a soldier and two civilians", "including X") and a name in
apposition to a head ("the leader, X") are separate arguments. Matching: a
predicted argument is its head token; it matches a gold argument of the same
event when it is the head (spaCy root) of the gold mention ("head match"), or, for the
coref score, the head of any mention coreferent with it. Identification ignores the role;
classification also requires the claimgraph role to be the gold role's class. Each gold
argument matches at most one prediction.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from claimgraph.errors import BenchmarkDataMissing
from claimgraph.eval.command import scored_command
from claimgraph.settings import get_settings

if TYPE_CHECKING:
    from spacy.tokens import Doc

ROLE_CLASS = {
    **dict.fromkeys(
        [
            "Attacker",
            "Killer",
            "Injurer",
            "Perpetrator",
            "Communicator",
            "Demonstrator",
            "Jailer",
            "Damager",
            "Destroyer",
            "Transporter",
            "Giver",
            "Investigator",
            "Impeder",
            "Prosecutor",
            "Regulator",
            "Recruiter",
            "Driver",
            "Buyer",
            "Seller",
            "Employer",
            "Defeater",
            "Identifier",
            "Observer",
            "Inspector",
        ],
        "actor",
    ),
    **dict.fromkeys(
        [
            "Victim",
            "Target",
            "Detainee",
            "Defendant",
            "Recipient",
            "Artifact",
            "Patient",
            "AcquiredEntity",
            "PassengerArtifact",
            "Employee",
            "Inspectee",
            "Defeated",
            "IdentifiedObject",
        ],
        "target",
    ),
    "Participant": "either",
    "Place": "place",
}


@dataclass
class Gold:
    role_class: str
    start: int  # character offsets in the rebuilt text
    end: int
    entity: str


def default_path() -> Path:
    return get_settings().benchmarks_dir / "wikievents"


def load(path: Path | None = None) -> tuple[list[dict[str, Any]], dict[str, int]]:
    """Documents and a map entity-mention id -> coref cluster number."""
    base = path or default_path()
    data = base / "dev.jsonl" if base.is_dir() else base
    if not data.is_file():
        raise BenchmarkDataMissing(f"WikiEvents dev.jsonl not found under {base}")
    docs = [json.loads(line) for line in data.read_text("utf-8").splitlines() if line.strip()]
    clusters: dict[str, int] = {}
    coref = data.parent / "coref" / "dev.jsonlines"
    if coref.is_file():
        for line in coref.read_text("utf-8").splitlines():
            if line.strip():
                for cluster in json.loads(line).get("clusters", []):
                    number = len(clusters) + 1_000_000
                    for mention in cluster:
                        clusters[mention] = number
    return docs, clusters


def rebuild(document: dict[str, Any]) -> tuple[str, list[tuple[int, int]]]:
    """The text (tokens joined by spaces, sentences by newlines) and each token's offsets."""
    pieces: list[str] = []
    offsets: list[tuple[int, int]] = []
    position = 0
    for s_index, sentence in enumerate(document["sentences"]):
        for t_index, token in enumerate(sentence[0]):
            if s_index or t_index:
                pieces.append("\n" if t_index == 0 else " ")
                position += 1
            word = token[0]
            offsets.append((position, position + len(word)))
            pieces.append(word)
            position += len(word)
    return "".join(pieces), offsets


def _head(doc: Doc, start: int, end: int) -> int | None:
    span = doc.char_span(start, end, alignment_mode="expand")
    return None if span is None or len(span) == 0 else span.root.i


def predict(doc: Doc, trigger_start: int, trigger_end: int) -> list[tuple[str, int]]:
    """``(role, head token index)`` of the arguments claimgraph finds for one trigger."""
    from claimgraph.extract.events import conjuncts, place_of, trigger_roles

    span = doc.char_span(trigger_start, trigger_end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return []
    trigger = span.root
    actor, target = trigger_roles(trigger)
    found: list[tuple[str, int]] = []
    for role, head in (("actor", actor), ("target", target)):
        if head is None:
            continue
        # "killed a soldier and two civilians": each conjunct counts; so does the name in
        # apposition ("the leader, X")
        names = [c for c in head.children if c.dep_ == "appos" and c.pos_ == "PROPN"]
        found.extend((role, t.i) for t in (head, *conjuncts(head), *names))
    place = place_of(trigger, trigger.sent)
    place_head = _head(doc, *place) if place is not None else None
    if place_head is not None:
        found.append(("place", place_head))
    return found


def evaluate(path: Path | None = None, limit: int | None = None) -> dict[str, Any]:
    from claimgraph.nlp import load_nlp

    documents, clusters = load(path)
    documents = documents[:limit] if limit else documents
    nlp = load_nlp()
    rebuilt = [rebuild(d) for d in documents]
    started = time.perf_counter()
    tallies = {name: [0, 0, 0] for name in ("head_id", "head_class", "coref_id")}  # tp pred gold
    by_class: dict[str, list[int]] = {}
    for document, (_text, offsets), doc in zip(
        documents, rebuilt, nlp.pipe(t for t, _ in rebuilt), strict=True
    ):
        mentions = {m["id"]: m for m in document["entity_mentions"]}
        heads_of_cluster: dict[int, set[int]] = {}
        for mention in document["entity_mentions"]:
            cluster = clusters.get(mention["id"])
            if cluster is None:
                continue
            head = _head(doc, offsets[mention["start"]][0], offsets[mention["end"] - 1][1])
            if head is not None:
                heads_of_cluster.setdefault(cluster, set()).add(head)
        for event in document["event_mentions"]:
            trigger = event["trigger"]
            t_start, t_end = offsets[trigger["start"]][0], offsets[trigger["end"] - 1][1]
            gold: list[tuple[str, int | None, set[int]]] = []
            for argument in event["arguments"]:
                role_class = ROLE_CLASS.get(argument["role"])
                mention = mentions.get(argument["entity_id"])
                if role_class is None or mention is None:
                    continue
                head = _head(doc, offsets[mention["start"]][0], offsets[mention["end"] - 1][1])
                cluster = clusters.get(argument["entity_id"])
                coref_heads = set(heads_of_cluster.get(cluster, set())) if cluster else set()
                if head is not None:
                    coref_heads.add(head)
                gold.append((role_class, head, coref_heads))
                by_class.setdefault(role_class, [0, 0])[1] += 1
            predicted = predict(doc, t_start, t_end)
            for name in tallies:
                tallies[name][1] += len(predicted)
                tallies[name][2] += len(gold)
            for name, use_coref, use_class in (
                ("head_id", False, False),
                ("head_class", False, True),
                ("coref_id", True, False),
            ):
                used: set[int] = set()
                for role, head in predicted:
                    for i, (role_class, gold_head, coref_heads) in enumerate(gold):
                        if i in used:
                            continue
                        hit = head in coref_heads if use_coref else head == gold_head
                        if use_class and role_class not in (role, "either"):
                            hit = hit and role in ("actor", "target") and role_class == "either"
                        if hit:
                            used.add(i)
                            tallies[name][0] += 1
                            if name == "head_id":
                                by_class[role_class][0] += 1
                            break
    scores = {}
    for name, (tp, n_pred, n_gold) in tallies.items():
        precision = tp / n_pred if n_pred else 0.0
        recall = tp / n_gold if n_gold else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        scores[name] = {
            "precision": round(precision, 4),
            "recall": round(recall, 4),
            "f1": round(f1, 4),
            "tp": tp,
            "predicted": n_pred,
            "gold": n_gold,
        }
    return {
        "dataset": "WikiEvents dev (gold triggers)",
        "documents": len(documents),
        "events": sum(len(d["event_mentions"]) for d in documents),
        "seconds": round(time.perf_counter() - started, 2),
        "scores": scores,
        "recall_by_gold_class": {
            k: {"gold": v[1], "recall": round(v[0] / v[1], 4) if v[1] else 0.0}
            for k, v in sorted(by_class.items())
        },
        "reference": "BART-Gen (trained) head-match identification F1 0.7175",
    }


def format_table(result: dict[str, Any]) -> str:
    lines = [
        f"{result['dataset']}: {result['documents']} documents, {result['events']} events, "
        f"{result['seconds']} s",
        f"{'score':12} {'P':>6} {'R':>6} {'F1':>6} {'tp':>5} {'pred':>5} {'gold':>5}",
    ]
    for name, s in result["scores"].items():
        lines.append(
            f"{name:12} {s['precision']:6.3f} {s['recall']:6.3f} {s['f1']:6.3f} "
            f"{s['tp']:5d} {s['predicted']:5d} {s['gold']:5d}"
        )
    lines.append(
        "recall by gold class: "
        + ", ".join(
            f"{k} {v['recall']:.3f} (n={v['gold']})"
            for k, v in result["recall_by_gold_class"].items()
        )
    )
    lines.append(f"reference: {result['reference']}")
    return "\n".join(lines)


command = scored_command(
    "wikievents",
    evaluate,
    format_table,
    help="Event argument (actor, target, place) identification F1 on WikiEvents dev.",
    path_help="WikiEvents folder (default: shared).",
    limit_help="Only the first N documents.",
)
