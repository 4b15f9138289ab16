from __future__ import annotations

import bisect
import hashlib
import json
from collections.abc import Iterator
from datetime import datetime, timezone
from importlib.resources import files
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import create_engine, event, func, or_, select
from sqlalchemy.engine import Connection, Engine

from ..model import Document, DocumentGraph
from ..search import index as search_index
from .tables import (ALL_TABLES, documents, entities, entity_keys, entity_links, judgements, review_candidates,
                     search_rows, statements)

# Statements that feed resolution: the names, the identifiers, and the ties that give context.
_RECORD_PROPERTIES = ("name", "inn", "ogrn", "located_in", "part_of", "member_of")
# Types that a sum of money or a date most likely describes, best first.
_VALUE_SUBJECT_ORDER = ("cluster", "site", "organization", "legal_act", "person", "place")


class Store:
    """Documents, entities and statements. Every write is one transaction."""

    def __init__(self, url: str):
        self.url = url
        self.engine: Engine = create_engine(url, future=True, pool_pre_ping=True)
        if self.engine.dialect.name == "sqlite":
            event.listen(self.engine, "connect", _sqlite_pragmas)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    def migrate(self) -> None:
        """Create or upgrade the schema to the newest migration."""
        cfg = Config()
        cfg.set_main_option("script_location", str(files("clusteratlas.store").joinpath("migrations")))
        with self.engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")
            # a database made before search existed gets its index once, on the upgrade
            if conn.execute(select(search_rows.c.id).limit(1)).first() is None and \
                    conn.execute(select(documents.c.id).limit(1)).first() is not None:
                search_index.rebuild(conn)

    def reindex(self, on_progress=None) -> dict[str, int]:
        """Rebuild the search index from the stored documents, entities and statements."""
        with self.engine.begin() as conn:
            return search_index.rebuild(conn, on_progress=on_progress)

    def close(self) -> None:
        self.engine.dispose()

    # ---- writes ---------------------------------------------------------

    def document_id_for_hash(self, content_hash: str) -> str | None:
        with self.engine.connect() as conn:
            return conn.execute(select(documents.c.id).where(documents.c.content_hash == content_hash)).scalar()

    def add_document(
        self, doc: Document, graph: DocumentGraph, entity_ids: list[str], *, extractor: str, extractor_version: str
    ) -> list[str] | None:
        """Store a document and its graph in one transaction; returns the IDs of entities new to
        the store, or None if this content is already stored."""
        now = datetime.now(timezone.utc)
        with self.engine.begin() as conn:
            if conn.execute(select(documents.c.id).where(documents.c.content_hash == doc.content_hash)).scalar():
                return None
            conn.execute(
                documents.insert().values(
                    id=doc.id, content_hash=doc.content_hash, path=doc.path, format=doc.format, title=doc.title,
                    language=doc.language, published=doc.published, size=doc.size, text=doc.text, ingested_at=now,
                )
            )
            new_ids = self._add_entities(conn, graph, entity_ids, now)
            rows = _statement_rows(doc, graph, entity_ids, extractor, extractor_version, now)
            if rows:
                conn.execute(statements.insert(), rows)
            # the search index changes in the same transaction: a document is found once it is stored
            search_index.index_documents(conn, [doc.id])
            search_index.index_entities(conn, sorted(set(entity_ids)))
        return new_ids

    def _add_entities(self, conn: Connection, graph: DocumentGraph, entity_ids: list[str], now: datetime) -> list[str]:
        from ..names import name_key

        wanted = dict(zip(entity_ids, graph.entities))
        if not wanted:
            return []
        existing = set(conn.execute(select(entities.c.id).where(entities.c.id.in_(list(wanted)))).scalars())
        new = [
            {"id": eid, "type": ent.type, "caption": ent.name, "name_key": name_key(ent.name), "created_at": now}
            for eid, ent in wanted.items()
            if eid not in existing
        ]
        if new:
            conn.execute(entities.insert(), new)
        return [row["id"] for row in new]

    # ---- reads ----------------------------------------------------------

    def row_counts(self) -> dict[str, int]:
        with self.engine.connect() as conn:
            return {t.name: conn.execute(select(func.count()).select_from(t)).scalar_one() for t in ALL_TABLES}

    def stats(self) -> dict[str, Any]:
        with self.engine.connect() as conn:
            by_type = dict(conn.execute(select(entities.c.type, func.count()).group_by(entities.c.type)).all())
            relations = conn.execute(
                select(func.count()).select_from(statements).where(statements.c.value_entity_id.is_not(None))
            ).scalar_one()
            languages = dict(
                conn.execute(select(documents.c.language, func.count()).group_by(documents.c.language)).all()
            )
        counts = self.row_counts()
        return {
            "documents": counts["documents"],
            "entities": counts["entities"],
            "statements": counts["statements"],
            "relations": relations,
            "entities_by_type": by_type,
            "documents_by_language": {k or "unknown": v for k, v in languages.items()},
        }

    def list_documents(self, *, limit: int = 20, offset: int = 0) -> tuple[list[dict], int]:
        cols = [c for c in documents.c if c.name != "text"]
        with self.engine.connect() as conn:
            total = conn.execute(select(func.count()).select_from(documents)).scalar_one()
            rows = conn.execute(
                select(*cols).order_by(documents.c.ingested_at.desc(), documents.c.path).limit(limit).offset(offset)
            ).mappings().all()
        return [dict(r) for r in rows], total

    def get_document(self, doc_id: str) -> dict | None:
        with self.engine.connect() as conn:
            row = conn.execute(select(documents).where(documents.c.id == doc_id)).mappings().first()
        return dict(row) if row else None

    def documents_by_ids(self, ids: list[str]) -> dict[str, dict]:
        if not ids:
            return {}
        with self.engine.connect() as conn:
            rows = conn.execute(select(documents).where(documents.c.id.in_(ids))).mappings().all()
        return {r["id"]: dict(r) for r in rows}

    def list_entities(
        self, *, type: str | None = None, q: str | None = None, limit: int = 50, offset: int = 0
    ) -> tuple[list[dict], int]:
        mentions = (
            select(statements.c.entity_id, func.count(func.distinct(statements.c.document_id)).label("documents"))
            .where(statements.c.property == "name")
            .group_by(statements.c.entity_id)
            .subquery()
        )
        query = select(entities.c.id, entities.c.type, entities.c.caption, func.coalesce(mentions.c.documents, 0).label("documents")).outerjoin(
            mentions, mentions.c.entity_id == entities.c.id
        )
        count = select(func.count()).select_from(entities)
        # merged-away entities are not listed: their canonical entity stands for them
        merged_away = select(entity_links.c.entity_id).where(entity_links.c.canonical_id != entity_links.c.entity_id)
        conditions = [entities.c.id.not_in(merged_away)]
        if type:
            conditions.append(entities.c.type == type)
        if q:
            from ..names import name_key

            needle = q.strip().lower()
            named = entities.alias("named")
            # any merged member may carry the name: list the canonical entity it resolved to
            matching = (
                select(func.coalesce(entity_links.c.canonical_id, named.c.id))
                .select_from(named.outerjoin(entity_links, entity_links.c.entity_id == named.c.id))
                .where(or_(func.lower(named.c.caption).contains(needle, autoescape=True),
                           named.c.name_key.contains(name_key(q) or needle, autoescape=True)))
            )
            conditions.append(entities.c.id.in_(matching))
        for cond in conditions:
            query = query.where(cond)
            count = count.where(cond)
        query = query.order_by(func.coalesce(mentions.c.documents, 0).desc(), entities.c.caption, entities.c.id)
        with self.engine.connect() as conn:
            total = conn.execute(count).scalar_one()
            rows = conn.execute(query.limit(limit).offset(offset)).mappings().all()
        return [dict(r) for r in rows], total

    def get_entity(self, entity_id: str) -> dict | None:
        with self.engine.connect() as conn:
            row = conn.execute(select(entities).where(entities.c.id == entity_id)).mappings().first()
        return dict(row) if row else None

    def entities_by_ids(self, ids) -> dict[str, dict]:
        ids = list(set(ids))
        if not ids:
            return {}
        with self.engine.connect() as conn:
            rows = conn.execute(select(entities).where(entities.c.id.in_(ids))).mappings().all()
        return {r["id"]: dict(r) for r in rows}

    def find_entities_by_name(self, name: str, limit: int = 10) -> list[dict]:
        from ..names import name_key

        key = name_key(name)
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(entities).where(or_(entities.c.name_key == key, entities.c.caption == name)).limit(limit)
            ).mappings().all()
            if not rows:
                ids = select(statements.c.entity_id).where(statements.c.property == "name", statements.c.value == name)
                rows = conn.execute(select(entities).where(entities.c.id.in_(ids)).limit(limit)).mappings().all()
        return [dict(r) for r in rows]

    def statements_for_entity(self, entity_id: str) -> list[dict]:
        """Statements about the entity and relations pointing at it (``direction`` says which)."""
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(statements)
                .where(or_(statements.c.entity_id == entity_id, statements.c.value_entity_id == entity_id))
                .order_by(statements.c.property, statements.c.document_id, statements.c.start)
            ).mappings().all()
        out = []
        for r in rows:
            item = _decode(r)
            item["direction"] = "out" if r["entity_id"] == entity_id else "in"
            out.append(item)
        return out

    def statements_for_document(self, doc_id: str) -> list[dict]:
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(statements).where(statements.c.document_id == doc_id).order_by(statements.c.start, statements.c.end)
            ).mappings().all()
        return [_decode(r) for r in rows]

    def iter_statements(self, batch: int = 1000) -> Iterator[dict]:
        with self.engine.connect() as conn:
            result = conn.execution_options(stream_results=True).execute(
                select(statements).order_by(statements.c.document_id, statements.c.start, statements.c.id)
            )
            for chunk in result.mappings().partitions(batch):
                for r in chunk:
                    yield _decode(r)

    def iter_entities(self) -> Iterator[dict]:
        with self.engine.connect() as conn:
            for r in conn.execute(select(entities).order_by(entities.c.type, entities.c.caption, entities.c.id)).mappings():
                yield dict(r)


    # ---- resolution state ------------------------------------------------

    def entity_records(self, ids: list[str] | None = None) -> list:
        """NameRecords (see resolve.matching) for the given entities, or all, oldest first."""
        from ..resolve.matching import NameRecord

        with self.engine.connect() as conn:
            query = select(entities.c.id, entities.c.type, entities.c.caption).order_by(entities.c.created_at, entities.c.id)
            facts = select(statements.c.entity_id, statements.c.property, statements.c.value, statements.c.value_entity_id).where(
                statements.c.property.in_(_RECORD_PROPERTIES))
            if ids is not None:
                if not ids:
                    return []
                query = query.where(entities.c.id.in_(ids))
                facts = facts.where(statements.c.entity_id.in_(ids))
            rows = conn.execute(query).all()
            found = conn.execute(facts).all()
        names: dict[str, list[str]] = {r.id: [r.caption] for r in rows}
        identifiers: dict[str, dict[str, str]] = {}
        context: dict[str, set[str]] = {}
        for entity_id, prop, value, value_entity_id in found:
            if entity_id not in names:
                continue
            if prop == "name":
                if value not in names[entity_id]:
                    names[entity_id].append(value)
            elif prop in ("inn", "ogrn"):
                identifiers.setdefault(entity_id, {})[prop] = value
            elif value_entity_id:
                context.setdefault(entity_id, set()).add(value_entity_id)
        return [
            NameRecord(r.id, r.type, names[r.id], identifiers.get(r.id, {}), frozenset(context.get(r.id, ())))
            for r in rows
        ]


    def links(self) -> dict[str, str]:
        with self.engine.connect() as conn:
            return dict(conn.execute(select(entity_links.c.entity_id, entity_links.c.canonical_id)).all())


    def canonicals_of(self, entity_ids) -> dict[str, str]:
        """entity ID → canonical ID for the given IDs that have been linked."""
        ids = sorted(set(entity_ids))
        found: dict[str, str] = {}
        with self.engine.connect() as conn:
            for start in range(0, len(ids), 500):
                chunk = ids[start : start + 500]
                found.update(conn.execute(select(entity_links.c.entity_id, entity_links.c.canonical_id)
                                          .where(entity_links.c.entity_id.in_(chunk))).all())
        return found

    def cluster_links(self, entity_ids: list[str]) -> dict[str, str]:
        """Links of the given entities and of every other member of their clusters."""
        if not entity_ids:
            return {}
        with self.engine.connect() as conn:
            canonical = set()
            for start in range(0, len(entity_ids), 500):
                chunk = entity_ids[start : start + 500]
                canonical.update(conn.execute(select(entity_links.c.canonical_id).where(entity_links.c.entity_id.in_(chunk))).scalars())
            canonical_list = sorted(canonical)
            found: dict[str, str] = {}
            for start in range(0, len(canonical_list), 500):
                chunk = canonical_list[start : start + 500]
                found.update(conn.execute(select(entity_links.c.entity_id, entity_links.c.canonical_id)
                                          .where(entity_links.c.canonical_id.in_(chunk))).all())
        return found

    def canonical_of(self, entity_id: str) -> str:
        """The canonical entity an ID stands for now (itself when never merged): old IDs keep resolving."""
        with self.engine.connect() as conn:
            found = conn.execute(select(entity_links.c.canonical_id).where(entity_links.c.entity_id == entity_id)).scalar()
        return found or entity_id


    def members_of(self, canonical_id: str) -> list[str]:
        with self.engine.connect() as conn:
            found = list(conn.execute(select(entity_links.c.entity_id).where(entity_links.c.canonical_id == canonical_id)).scalars())
        return found or [canonical_id]


    def replace_resolution(self, canonical: dict[str, str], keys: dict[str, set[str]] | None,
                           review: list[tuple[str, str, float]], *, partial: bool = False) -> None:
        """Write links (and keys and review pairs) in one transaction. ``partial`` updates only the
        given entities' links and adds review pairs; otherwise everything is replaced."""
        with self.engine.begin() as conn:
            if partial:
                if canonical:
                    conn.execute(entity_links.delete().where(entity_links.c.entity_id.in_(list(canonical))))
            else:
                conn.execute(entity_links.delete())
                conn.execute(review_candidates.delete())
                if keys is not None:
                    conn.execute(entity_keys.delete())
            if canonical:
                conn.execute(entity_links.insert(), [{"entity_id": e, "canonical_id": c} for e, c in canonical.items()])
            if keys:
                if partial:
                    conn.execute(entity_keys.delete().where(entity_keys.c.entity_id.in_(list(keys))))
                rows = [{"key": k[:200], "entity_id": e} for e, ks in keys.items() for k in sorted(ks)]
                if rows:
                    conn.execute(entity_keys.insert(), rows)
            if review:
                existing = set(conn.execute(select(review_candidates.c.left_id, review_candidates.c.right_id)).all())
                fresh = {(a, b): s for a, b, s in review if (a, b) not in existing}
                if fresh:
                    conn.execute(review_candidates.insert(), [{"left_id": a, "right_id": b, "score": s} for (a, b), s in fresh.items()])


    def entities_sharing_keys(self, keys: set[str], max_block: int) -> list[str]:
        """Entities that share a blocking key with ``keys``, skipping keys too common to mean anything."""
        if not keys:
            return []
        found: set[str] = set()
        with self.engine.connect() as conn:
            key_list = sorted(keys)
            for start in range(0, len(key_list), 500):
                chunk = key_list[start : start + 500]
                sizes = dict(conn.execute(select(entity_keys.c.key, func.count()).where(entity_keys.c.key.in_(chunk))
                                          .group_by(entity_keys.c.key)).all())
                usable = [k for k in chunk if 0 < sizes.get(k, 0) <= max_block]
                if usable:
                    found.update(conn.execute(select(entity_keys.c.entity_id).where(entity_keys.c.key.in_(usable))).scalars())
        return sorted(found)


    def add_judgement(self, left_id: str, right_id: str, verdict: str, author: str, reason: str | None) -> None:
        with self.engine.begin() as conn:
            conn.execute(judgements.insert().values(left_id=left_id, right_id=right_id, verdict=verdict, author=author,
                                                    reason=reason, created_at=datetime.now(timezone.utc)))
            conn.execute(review_candidates.delete().where(
                or_((review_candidates.c.left_id == left_id) & (review_candidates.c.right_id == right_id),
                    (review_candidates.c.left_id == right_id) & (review_candidates.c.right_id == left_id))))


    def list_judgements(self) -> list[dict]:
        with self.engine.connect() as conn:
            return [dict(r) for r in conn.execute(select(judgements).order_by(judgements.c.id)).mappings()]


    def list_review(self, limit: int = 50) -> list[dict]:
        with self.engine.connect() as conn:
            return [dict(r) for r in conn.execute(select(review_candidates).order_by(
                func.abs(review_candidates.c.score - 82.5), review_candidates.c.left_id).limit(limit)).mappings()]


def _decode(row) -> dict:
    item = dict(row)
    if isinstance(item.get("qualifiers"), str):  # some drivers hand JSON back as text
        item["qualifiers"] = json.loads(item["qualifiers"])
    return item


def _sqlite_pragmas(dbapi_conn, _record) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.close()


def _statement_id(*parts: Any) -> str:
    return hashlib.sha1("\x1f".join(str(p) for p in parts).encode("utf-8")).hexdigest()[:24]


def _statement_rows(
    doc: Document, graph: DocumentGraph, entity_ids: list[str], extractor: str, version: str, now: datetime
) -> list[dict]:
    rows: dict[str, dict] = {}

    def add(entity_id, prop, value, start, end, confidence, value_entity_id=None, qualifiers=None):
        sid = _statement_id(doc.id, entity_id, prop, value, value_entity_id, start, end)
        rows.setdefault(sid, {
            "id": sid, "entity_id": entity_id, "property": prop, "value": str(value),
            "value_entity_id": value_entity_id, "qualifiers": qualifiers or {}, "document_id": doc.id,
            "start": start, "end": end, "extractor": extractor, "extractor_version": version,
            "confidence": confidence, "created_at": now,
        })

    for eid, ent in zip(entity_ids, graph.entities):
        for span, surface in ent.mentions:
            add(eid, "name", surface, span.start, span.end, ent.confidence)
        if ent.mentions:
            first = ent.mentions[0][0]
            for key, value in ent.attributes.items():
                add(eid, key, value, first.start, first.end, ent.confidence)

    from ..extract.sentences import sentence_at, split_sentences

    sentences = split_sentences(doc.text)
    mention_spans = sorted(
        (span.start, span.end, idx) for idx, ent in enumerate(graph.entities) for span, _ in ent.mentions
    )
    mention_starts = [m[0] for m in mention_spans]
    for val in graph.values:
        sentence = sentence_at(sentences, val.span.start)
        subject = None
        if sentence:
            lo = bisect.bisect_left(mention_starts, sentence.start)
            hi = bisect.bisect_left(mention_starts, sentence.end)
            inside = [i for _, _, i in mention_spans[lo:hi]]
            ranked = sorted(inside, key=lambda i: _VALUE_SUBJECT_ORDER.index(graph.entities[i].type)
                            if graph.entities[i].type in _VALUE_SUBJECT_ORDER else 99)
            subject = entity_ids[ranked[0]] if ranked else None
        qualifiers = {"text": val.text}
        if val.kind == "money":
            qualifiers.update(amount=val.amount, currency=val.currency)
        add(subject, val.kind, val.canonical, val.span.start, val.span.end, 0.9, qualifiers=qualifiers)

    for rel in graph.relations:
        obj = graph.entities[rel.object]
        qualifiers = {"role": rel.role} if rel.role else {}
        add(entity_ids[rel.subject], rel.predicate, obj.name, rel.span.start, rel.span.end, rel.confidence,
            value_entity_id=entity_ids[rel.object], qualifiers=qualifiers)

    # what an entity makes or can do: the span is the item itself ("geogrids"), its sentence the source
    for cap in graph.capabilities:
        add(entity_ids[cap.subject], cap.kind, cap.value, cap.span.start, cap.span.end, cap.confidence,
            qualifiers=cap.qualifiers())
    return list(rows.values())

