"""The corpus tables (SQLAlchemy Core), shared by SQLite and PostgreSQL.

Alembic migrations under ``store/migrations`` create and change these tables; this module is
the current shape the queries are written against. Full-text search is dialect-specific and
created by the migration: SQLite FTS5 tables ``articles_fts`` / ``statements_fts`` (external
content, kept in sync by triggers); PostgreSQL generated ``tsv`` columns with GIN indexes.
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    Float,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    SmallInteger,
    String,
    Table,
    Text,
)
from sqlalchemy.types import BigInteger

metadata = MetaData()

ID = String(80)

articles = Table(
    "articles",
    metadata,
    Column("id", ID, primary_key=True),
    Column("text_hash", String(64), nullable=False, index=True),
    Column("source", Text),
    Column("outlet", String(300), index=True),
    Column("title", Text),
    Column("published", String(32)),
    Column("url", Text),
    Column("extractor", String(200), index=True),
    Column("ingested_at", String(32)),
    Column("n_statements", Integer, default=0),
    Column("n_quantities", Integer, default=0),
    Column("n_entities", Integer, default=0),
    Column("minhash", LargeBinary),
    Column("terms", Text),  # story signature: JSON {term: weight}
    Column("duplicate_of", ID),
    Column("similarity", Float),
    Column("duplicate_kind", String(8)),
    Column("story", ID),
    # large columns last: SQLite reads the columns before them without walking overflow pages
    Column("text", Text, nullable=False),
    Column("record", Text, nullable=False),  # the record JSON (schema claimgraph/1)
    Index("ix_articles_published_id", "published", "id"),
    Index("ix_articles_story_pub", "story", "published", "id"),  # a story's articles by date
    Index("ix_articles_duplicate_of_id", "duplicate_of", "id"),  # the copies, from the index
)

lsh_bands = Table(
    "lsh_bands",
    metadata,
    Column("band", SmallInteger, nullable=False),
    Column("key", BigInteger, nullable=False),
    Column("article_id", ID, nullable=False),
    Index("ix_lsh_bands_band_key", "band", "key"),
    Index("ix_lsh_bands_article", "article_id"),
)

statements = Table(
    "statements",
    metadata,
    Column("id", ID, primary_key=True),
    Column("article_id", ID, nullable=False, index=True),
    Column("local_id", String(40)),
    Column("speaker", Text),
    Column("speaker_entity", ID),
    Column("cue", Text),
    Column("content", Text),
    Column("kind", String(16)),
    Column("modality", String(16)),
    Column("recipient", Text),
    Column("via", Text),  # JSON list of {"text", "entity"}, nearest relay first
    Column("origin", Text),  # the furthest relay (the origin of an echo chain), if any
    Column("has_number", Boolean, default=False),
    Column("start", Integer),
    Column("end", Integer),
    Column("published", String(32)),
    Column("outlet", String(300)),
    Column("claim", ID, index=True),
    Column("data", Text),  # the statement JSON as in the record
    Index("ix_statements_published_id", "published", "id"),
    Index("ix_statements_speaker_pub", "speaker_entity", "published"),
    Index("ix_statements_outlet_pub", "outlet", "published"),
    # a kind/modality filter in newest-first order; the other filters checked in the index
    Index("ix_statements_kind_pub", "kind", "published", "id", "modality", "has_number"),
    Index("ix_statements_modality_pub", "modality", "published", "id", "kind", "has_number"),
    Index("ix_statements_speaker_sort", "speaker", "published", "id"),
)

quantities = Table(
    "quantities",
    metadata,
    Column("id", ID, primary_key=True),
    Column("article_id", ID, nullable=False, index=True),
    Column("statement_id", ID, index=True),
    Column("value", Float),
    Column("low", Float),
    Column("high", Float),
    Column("approx", String(16)),
    Column("unit", String(100)),
    Column("subject", Text),
    Column("text", Text),
    Column("start", Integer),
    Column("end", Integer),
    Column("published", String(32)),
    Column("outlet", String(300)),
    Column("qkey", Text, index=True),  # what is counted: unit + places/nationalities
    Column("claim", ID, index=True),
    Column("data", Text),
)

entities = Table(
    "entities",
    metadata,
    Column("id", ID, primary_key=True),
    Column("name", Text, nullable=False),
    Column("type", String(16), index=True),
    Column("key", Text),
    Column("aliases", Text),  # JSON list
    Column("n_articles", Integer, default=0),
    Column("n_mentions", Integer, default=0),
    Column("first_seen", String(32)),
    Column("last_seen", String(32)),
    Column("place", Text),  # JSON resolved place, when known
    Index("ix_entities_n_articles_id", "n_articles", "id"),
)

entity_aliases = Table(
    "entity_aliases",
    metadata,
    Column("alias", String(300), primary_key=True),  # folded alias text
    Column("entity_id", ID, primary_key=True),
)

article_entities = Table(
    "article_entities",
    metadata,
    Column("article_id", ID, primary_key=True),
    Column("local_id", String(40), primary_key=True),
    Column("entity_id", ID),  # the corpus entity
    Column("name", Text),
    Column("type", String(16)),
    Column("key", Text),
    Column("n_mentions", Integer),
    Column("published", String(32)),
    Column("mentions", Text),  # JSON list of spans (last: it can be long)
    # an entity's mention timeline and co-occurrences read from the index alone
    Index("ix_article_entities_entity_pub", "entity_id", "published", "n_mentions", "article_id"),
)

events = Table(
    "events",
    metadata,
    Column("id", ID, primary_key=True),
    Column("article_id", ID, nullable=False, index=True),
    Column("type", String(32), index=True),
    Column("mode", String(32)),
    Column("acled", String(100)),
    Column("trigger", Text),
    Column("actor", Text),
    Column("actor_entity", ID),
    Column("target", Text),
    Column("target_entity", ID),
    Column("place", String(300), index=True),
    Column("country", String(100)),
    Column("admin1", String(200)),
    Column("lat", Float),
    Column("lon", Float),
    Column("date", String(32)),
    Column("modality", String(16)),
    Column("statement_id", ID),
    Column("published", String(32)),
    Column("outlet", String(300)),
    Column("data", Text),
    Index("ix_events_lat_lon", "lat", "lon"),
    Index("ix_events_published_id", "published", "id"),
)

stories = Table(
    "stories",
    metadata,
    Column("id", ID, primary_key=True),
    Column("title", Text),
    Column("n_articles", Integer),
    Column("n_outlets", Integer),
    Column("first_published", String(32)),
    Column("last_published", String(32)),
    Column("terms", Text),  # JSON list of the story's top terms
    Index("ix_stories_order", "n_articles", "first_published", "id"),
)

claims = Table(
    "claims",
    metadata,
    Column("id", ID, primary_key=True),
    Column("kind", String(16)),  # statement | quantity
    Column("label", Text),
    Column("about", Text),  # searchable: entity names, counted thing, content words
    Column("speaker_entity", ID),
    Column("n_members", Integer),
    Column("n_articles", Integer),
    Column("n_sources", Integer),  # independent sources (copies and relays counted once)
    Column("first_published", String(32), index=True),
    Column("last_published", String(32)),
    Column("contradicted", Boolean, default=False),
    Column("data", Text),  # JSON: members, sources, echo chains, timeline
    Index("ix_claims_order", "n_sources", "first_published", "id"),
)

contradictions = Table(
    "contradictions",
    metadata,
    Column("id", ID, primary_key=True),
    Column("claim_id", ID, index=True),
    Column("kind", String(16)),  # numeric | polarity
    Column("a_id", ID),
    Column("b_id", ID),
    Column("published", String(32)),
    Column("data", Text),  # JSON: both sides with speaker, outlet, date, value/modality
    Index("ix_contradictions_published_id", "published", "id"),
)

# Corrections by analysts: kept apart from the extracted rows (never deleted with an article
# or rebuilt by analyse), each with who, when and why; undone by setting undone_at.
corrections = Table(
    "corrections",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("statement_id", ID, nullable=False, index=True),  # "" for an entity correction
    Column("action", String(16), nullable=False),  # wrong | speaker | merge | split
    # speaker: the corpus entity who said it; merge, split: the entity corrected
    Column("entity_id", ID, index=True),
    Column("content", Text),  # the statement's content when corrected (re-extraction drift)
    Column("author", String(200), nullable=False),
    Column("reason", Text, nullable=False),
    Column("created_at", String(32), nullable=False),
    Column("undone_at", String(32)),
    Column("undone_by", String(200)),
    # merge: the entity merged into; split: the new entity taking the split-off names
    Column("target_id", ID, index=True),
    Column("names", Text),  # split: JSON list of the names (folded) that leave the entity
)

meta = Table(
    "meta",
    metadata,
    Column("key", String(100), primary_key=True),
    Column("value", Text),
)

# Rows derived by analyse(): cleared and rebuilt on each run.
DERIVED = (stories, claims, contradictions)
# Rows owned by one article: deleted with it (re-extraction).
PER_ARTICLE = (lsh_bands, statements, quantities, article_entities, events)
