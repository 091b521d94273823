"""The Parquet tables of a Spark job: their names and columns (plain Python, no pyspark).

Each table has the columns of ``claimgraph export --format parquet`` first, in that order
and with the same types (whole numbers int64, decimals float64, flags bool, the rest
string), then the other columns of the store table of that name, so ``claimgraph load``
fills the store without re-extracting: the article text and record JSON, the MinHash
signature, the JSON data of each statement, number and event. Tables that the export does
not have (``lsh_bands``, ``article_entities``, ``entity_aliases``) have the store columns.
``articles`` has one column more, ``input_order`` (where ingest would have read it).

Directory layout of ``claimgraph spark extract --out DIR``: ``DIR/<table>/part-*.parquet``
for every name in :data:`EXTRACT_TABLES`, and ``DIR/errors`` (source, error).
``claimgraph spark analyse DIR`` adds ``DIR/analysis/<table>`` (:data:`ANALYSIS_TABLES`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Boolean, Float, Integer, LargeBinary

from claimgraph.store import schema as t
from claimgraph.store.export import TABLES as EXPORT_TABLES

Column = tuple[str, str]  # (name, kind): kind is string | long | double | bool | binary

#: Tables written by ``spark extract``, in the order ``load`` inserts them
EXTRACT_TABLES = (
    "articles",
    "lsh_bands",
    "statements",
    "quantities",
    "events",
    "article_entities",
    "entities",
    "entity_aliases",
)
ERRORS: list[Column] = [("order", "string"), ("source", "string"), ("error", "string")]
ORDER_COLUMN = "input_order"


def _kind(sql_type: Any) -> str:
    if isinstance(sql_type, Boolean):
        return "bool"
    if isinstance(sql_type, Integer):  # SmallInteger and BigInteger too
        return "long"
    if isinstance(sql_type, Float):
        return "double"
    if isinstance(sql_type, LargeBinary):
        return "binary"
    return "string"


def columns(table: str) -> list[Column]:
    """The columns of one extract table: the export's first, then the store's."""
    store_table = t.metadata.tables[table]
    kinds = {c.name: _kind(c.type) for c in store_table.columns}
    first = list(EXPORT_TABLES[table][1]) if table in EXPORT_TABLES else []
    names = first + [c.name for c in store_table.columns if c.name not in first]
    out = [(name, kinds[name]) for name in names]
    if table == "articles":
        out.append((ORDER_COLUMN, "string"))
    return out


def store_columns(table: str) -> list[str]:
    """The columns of the store table ``table`` (what ``load`` inserts)."""
    return [c.name for c in t.metadata.tables[table].columns]


_CAST = {
    "string": str,
    "long": int,
    "double": float,
    "bool": bool,
    "binary": bytes,
}


def coerce(row: dict[str, Any], cols: Sequence[Column]) -> tuple[Any, ...]:
    """A row dict -> a tuple in column order with Parquet's types (a whole number in a
    decimal column becomes a float; missing values are null)."""
    out = []
    for name, kind in cols:
        value = row.get(name)
        out.append(None if value is None else _CAST[kind](value))
    return tuple(out)


# -- analysis: what `spark analyse` decides, applied by `load` ------------------------------

ANALYSIS_TABLES: dict[str, list[Column]] = {
    # articles that are copies: what the duplicates step sets on them
    "duplicates": [
        ("id", "string"),
        ("duplicate_of", "string"),
        ("similarity", "double"),
        ("duplicate_kind", "string"),
    ],
    # article entities that are another corpus entity (and the speakers that follow them)
    "entity_changes": [
        ("article_id", "string"),
        ("local_id", "string"),
        ("old", "string"),
        ("new", "string"),
    ],
    # corpus entity statistics, name and aliases
    "entities": [
        ("id", "string"),
        ("name", "string"),
        ("aliases", "string"),
        ("n_articles", "long"),
        ("n_mentions", "long"),
        ("first_seen", "string"),
        ("last_seen", "string"),
    ],
    "entity_aliases": [("alias", "string"), ("entity_id", "string")],
    # the story of every article, and the story rows
    "article_stories": [("id", "string"), ("story", "string")],
    "stories": [
        ("id", "string"),
        ("title", "string"),
        ("n_articles", "long"),
        ("n_outlets", "long"),
        ("first_published", "string"),
        ("last_published", "string"),
    ],
    # claims (statements and numbers found in several articles) and their contradictions:
    # the rows of the store tables, and the claim of each member
    "claims": [
        ("id", "string"),
        ("kind", "string"),
        ("label", "string"),
        ("about", "string"),
        ("speaker_entity", "string"),
        ("n_members", "long"),
        ("n_articles", "long"),
        ("n_sources", "long"),
        ("first_published", "string"),
        ("last_published", "string"),
        ("contradicted", "bool"),
        ("data", "string"),
    ],
    "contradictions": [
        ("id", "string"),
        ("claim_id", "string"),
        ("kind", "string"),
        ("a_id", "string"),
        ("b_id", "string"),
        ("published", "string"),
        ("data", "string"),
    ],
    "claim_members": [("member", "string"), ("kind", "string"), ("claim", "string")],
}
#: The analysis steps in order, and the tables each one writes
ANALYSIS_STEPS = {
    "duplicates": ("duplicates",),
    "entities": ("entity_changes", "entities", "entity_aliases"),
    "stories": ("article_stories", "stories"),
    "claims": ("claims", "contradictions", "claim_members"),
}
