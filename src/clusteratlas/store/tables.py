"""The tables, as SQLAlchemy Core. Migrations (migrations/versions) create them;
this module is what the code queries. Keep the two in step."""

from __future__ import annotations

from sqlalchemy import JSON, Column, DateTime, Float, ForeignKey, Index, Integer, MetaData, String, Table, Text

metadata = MetaData()

documents = Table(
    "documents",
    metadata,
    Column("id", String(40), primary_key=True),
    Column("content_hash", String(64), nullable=False, unique=True),
    Column("path", Text, nullable=False),
    Column("format", String(16), nullable=False),
    Column("title", Text),
    Column("language", String(8)),
    Column("published", String(32)),
    Column("size", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Column("ingested_at", DateTime(timezone=True), nullable=False),
)

entities = Table(
    "entities",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("type", String(32), nullable=False),
    Column("caption", Text, nullable=False),
    Column("name_key", Text, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Index("ix_entities_type_caption", "type", "caption"),
    Index("ix_entities_name_key", "name_key"),
)

statements = Table(
    "statements",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("entity_id", String(64), ForeignKey("entities.id"), nullable=True),
    Column("property", String(64), nullable=False),
    Column("value", Text, nullable=False),
    Column("value_entity_id", String(64), ForeignKey("entities.id"), nullable=True),
    Column("qualifiers", JSON, nullable=False),
    Column("document_id", String(40), ForeignKey("documents.id"), nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("extractor", String(64), nullable=False),
    Column("extractor_version", String(32), nullable=False),
    Column("confidence", Float, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Index("ix_statements_entity", "entity_id", "property"),
    Index("ix_statements_value_entity", "value_entity_id"),
    Index("ix_statements_document", "document_id"),
    Index("ix_statements_property", "property"),  # migration 0004: matching reads statements by property
)

entity_links = Table(
    "entity_links",
    metadata,
    Column("entity_id", String(64), ForeignKey("entities.id"), primary_key=True),
    Column("canonical_id", String(64), nullable=False),
    Index("ix_entity_links_canonical", "canonical_id"),
)

entity_keys = Table(
    "entity_keys",
    metadata,
    Column("key", String(200), primary_key=True),
    Column("entity_id", String(64), ForeignKey("entities.id"), primary_key=True),
    Index("ix_entity_keys_entity", "entity_id"),
)

judgements = Table(
    "judgements",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("left_id", String(64), nullable=False),
    Column("right_id", String(64), nullable=False),
    Column("verdict", String(16), nullable=False),  # same | different | unsure
    Column("author", String(100), nullable=False),
    Column("reason", Text),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Index("ix_judgements_pair", "left_id", "right_id"),
)

review_candidates = Table(
    "review_candidates",
    metadata,
    Column("left_id", String(64), primary_key=True),
    Column("right_id", String(64), primary_key=True),
    Column("score", Float, nullable=False),
)


# Full-text search (migration 0003). The text itself lives in the database's own index: SQLite's
# FTS5 table search_fts (rowid = search_rows.id), or on PostgreSQL the body/folded columns and the
# generated tsvector column ``tsv``, which this module does not declare (SQLAlchemy need not know it).
search_rows = Table(
    "search_rows",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("kind", String(16), nullable=False),
    Column("ref_id", String(64), nullable=False),
    Column("type", String(32), nullable=False),
    Column("title", Text, nullable=False),
    Column("language", String(8)),
    Column("year", Integer),
    Index("ix_search_rows_ref", "kind", "ref_id", unique=True),
)

search_facets = Table(
    "search_facets",
    metadata,
    Column("row_id", Integer, ForeignKey("search_rows.id", ondelete="CASCADE"), nullable=False),
    Column("facet", String(16), nullable=False),
    Column("value", Text, nullable=False),
    Index("ix_search_facets_row", "row_id"),
    Index("ix_search_facets_value", "facet", "value"),
)

ALL_TABLES = (documents, entities, statements, entity_links, entity_keys, judgements, review_candidates, search_rows,
              search_facets)
