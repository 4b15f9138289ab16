"""Keeping the search index: one row per document and per entity, with their facets.

Rows are built from what the store holds (documents, entities, statements), by set-based queries
restricted to some IDs, so the same code indexes one new document inside its ingest transaction
and rebuilds the whole index for a benchmark of 100k documents.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator

from sqlalchemy import Column, Integer, MetaData, Table, Text, delete, insert, select, text
from sqlalchemy.engine import Connection

from ..extract.lexicon import load_lexicon
from ..store.tables import documents, entities, search_facets, search_rows, statements
from .query import folded_names

# What an entity row holds as text: its names, and what it makes or can do.
_TEXT_PROPERTIES = ("name", "produces", "capability")
_FACET_PROPERTIES = {"located_in": "region", "member_of": "cluster"}
_CHUNK = 500  # IDs per IN (...) list: well under SQLite's and PostgreSQL's parameter limits
_YEAR = re.compile(r"^(\d{4})")
# On PostgreSQL the text lives in search_rows itself (body, folded; tsv is generated from them).
_POSTGRES_ROWS = Table("search_rows", MetaData(), Column("id", Integer, primary_key=True),
                       *(Column(c.name, c.type) for c in search_rows.columns if c.name != "id"),
                       Column("body", Text), Column("folded", Text))


def facet_token(facet: str, value: str) -> str:
    """A facet value as one word no text contains: "region" + "Kaluga Region" → "fregion1a2b3c4d5e"."""
    return f"f{facet}" + hashlib.sha1(value.encode("utf-8")).hexdigest()[:10]


def _chunks(ids: list[str]) -> Iterator[list[str]]:
    for i in range(0, len(ids), _CHUNK):
        yield ids[i : i + _CHUNK]


def _region(name: str) -> str | None:
    """A place's name as a region facet: the gazetteer's English name of a region, else None."""
    known = load_lexicon().places.get(name)
    return known[0] if known and known[1] == "region" else None


def index_documents(conn: Connection, doc_ids: Iterable[str]) -> None:
    for chunk in _chunks(list(doc_ids)):
        docs = conn.execute(
            select(documents.c.id, documents.c.title, documents.c.path, documents.c.text, documents.c.language,
                   documents.c.published).where(documents.c.id.in_(chunk))
        ).all()
        names: dict[str, set[str]] = defaultdict(set)
        facets: dict[str, set[tuple[str, str]]] = defaultdict(set)
        mentions = conn.execute(
            select(statements.c.document_id, statements.c.value, entities.c.type)
            .join(entities, entities.c.id == statements.c.entity_id)
            .where(statements.c.document_id.in_(chunk), statements.c.property == "name")
        )
        for doc_id, value, entity_type in mentions:
            names[doc_id].add(value)
            if entity_type == "place" and (region := _region(value)):
                facets[doc_id].add(("region", region))
            elif entity_type == "cluster":
                facets[doc_id].add(("cluster", value))
        rows = []
        for d in docs:
            year = _YEAR.match(d.published or "")
            for_row = facets[d.id] | {("type", "document")}
            if d.language:
                for_row.add(("language", d.language))
            if year:
                for_row.add(("year", year.group(1)))
            rows.append(dict(kind="document", ref_id=d.id, type="document",
                             title=d.title or os.path.basename(d.path), language=d.language,
                             year=int(year.group(1)) if year else None, body=d.text,
                             folded=folded_names(sorted(names[d.id])), facets=for_row))
        _replace_rows(conn, "document", rows)


def index_entities(conn: Connection, entity_ids: Iterable[str]) -> None:
    for chunk in _chunks(list(entity_ids)):
        found = conn.execute(select(entities.c.id, entities.c.type, entities.c.caption).where(entities.c.id.in_(chunk)))
        by_id = {e.id: e for e in found}
        texts: dict[str, dict[str, None]] = defaultdict(dict)
        facets: dict[str, set[tuple[str, str]]] = defaultdict(set)
        facts = conn.execute(
            select(statements.c.entity_id, statements.c.property, statements.c.value)
            .where(statements.c.entity_id.in_(chunk),
                   statements.c.property.in_(_TEXT_PROPERTIES + tuple(_FACET_PROPERTIES)))
        )
        for entity_id, prop, value in facts:
            if prop in _TEXT_PROPERTIES:
                texts[entity_id][value] = None
            elif prop == "located_in":
                if region := _region(value):
                    facets[entity_id].add(("region", region))
            else:
                facets[entity_id].add((_FACET_PROPERTIES[prop], value))
        rows = []
        for entity_id, e in by_id.items():
            names = [e.caption, *texts[entity_id]]
            rows.append(dict(kind="entity", ref_id=entity_id, type=e.type, title=e.caption, language=None, year=None,
                             body=" · ".join(dict.fromkeys(names)), folded=folded_names(names),
                             facets=facets[entity_id] | {("type", e.type)}))
        _replace_rows(conn, "entity", rows)


def _replace_rows(conn: Connection, kind: str, rows: list[dict]) -> None:
    """Delete the rows' old versions and insert the new ones, with their facets and full text."""
    if not rows:
        return
    refs = [r["ref_id"] for r in rows]
    old = list(conn.execute(select(search_rows.c.id).where(search_rows.c.kind == kind, search_rows.c.ref_id.in_(refs)))
               .scalars())
    postgres = conn.dialect.name == "postgresql"
    if old:
        conn.execute(delete(search_facets).where(search_facets.c.row_id.in_(old)))
        if not postgres:
            conn.execute(text("DELETE FROM search_fts WHERE rowid IN (%s)" % ",".join(str(int(i)) for i in old)))
        conn.execute(delete(search_rows).where(search_rows.c.id.in_(old)))
    columns = ("kind", "ref_id", "type", "title", "language", "year") + (("body", "folded") if postgres else ())
    table = _POSTGRES_ROWS if postgres else search_rows
    ids = list(conn.execute(insert(table).returning(table.c.id, sort_by_parameter_order=True),
                            [{k: row[k] for k in columns} for row in rows]).scalars())
    if not postgres:
        conn.execute(text("INSERT INTO search_fts (rowid, title, body, folded, facets) "
                          "VALUES (:id, :title, :body, :folded, :facets)"),
                     [{"id": i, "title": r["title"], "body": r["body"], "folded": r["folded"],
                       "facets": " ".join(facet_token(f, v) for f, v in sorted(r["facets"]))} for i, r in zip(ids, rows)])
    facet_rows = [{"row_id": i, "facet": f, "value": v} for i, r in zip(ids, rows) for f, v in sorted(r["facets"])]
    if facet_rows:
        conn.execute(insert(search_facets), facet_rows)


def rebuild(conn: Connection, *, on_progress=None) -> dict[str, int]:
    """Index every document and entity again, from scratch."""
    conn.execute(delete(search_facets))
    if conn.dialect.name != "postgresql":
        conn.execute(text("DELETE FROM search_fts"))
    conn.execute(delete(search_rows))
    doc_ids = list(conn.execute(select(documents.c.id)).scalars())
    entity_ids = list(conn.execute(select(entities.c.id)).scalars())
    for i, chunk in enumerate(_chunks(doc_ids)):
        index_documents(conn, chunk)
        if on_progress:
            on_progress("documents", min((i + 1) * _CHUNK, len(doc_ids)), len(doc_ids))
    for i, chunk in enumerate(_chunks(entity_ids)):
        index_entities(conn, chunk)
        if on_progress:
            on_progress("entities", min((i + 1) * _CHUNK, len(entity_ids)), len(entity_ids))
    if conn.dialect.name == "postgresql":
        # fresh statistics: with them the planner walks the primary key for a word most rows hold and
        # stops at the ranking window, and uses the GIN index for a rare one
        conn.execute(text("ANALYZE search_rows"))
        conn.execute(text("ANALYZE search_facets"))
    return {"documents": len(doc_ids), "entities": len(entity_ids)}
