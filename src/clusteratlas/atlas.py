"""The library API: :class:`Atlas` ties read → extract → resolve → store → serve.

The CLI and the web app are thin skins over these methods.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .extract import Extractor, default_extractor
from .extract.sentences import sentence_at, split_sentences
from .model import Document, DocumentGraph, GraphEntity, GraphRelation, Span, content_hash
from .read import DEFAULT_MAX_BYTES, SUPPORTED_EXTENSIONS, ReadError, read_document
from .resolve import resolve_graph
from .resolve.service import rebuild, resolve_new
from .schema import load_schema
from .store import Store, open_store


@dataclass
class IngestReport:
    ingested: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)  # (path, one-line reason)

    @property
    def ok(self) -> bool:
        return not self.failed

    def summary(self) -> str:
        return f"{len(self.ingested)} ingested, {len(self.unchanged)} unchanged, {len(self.failed)} failed"


def iter_input_files(paths: Iterable[str | os.PathLike]) -> Iterator[Path]:
    """Files as given, and the files under directories (recursive, sorted, hidden ones skipped).

    Inside a directory only supported formats are taken; a file named on its
    own is always tried, so an unsupported one gets its own error.
    """
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                rel = child.relative_to(path).parts
                if child.is_file() and not any(p.startswith(".") for p in rel):
                    yield child
        else:
            yield path


class Atlas:
    def __init__(
        self,
        db: str | os.PathLike | None = None,
        *,
        extractor: Extractor | None = None,
        max_bytes: int = DEFAULT_MAX_BYTES,
        store: Store | None = None,
    ):
        self.store = store or open_store(db)
        self.extractor = extractor or default_extractor()
        self.max_bytes = max_bytes
        self.schema = load_schema()

    def close(self) -> None:
        self.store.close()

    # ---- read and extract ----------------------------------------------

    def read(self, path: str | os.PathLike) -> Document:
        return read_document(path, max_bytes=self.max_bytes)

    def extract_file(self, path: str | os.PathLike) -> dict[str, Any]:
        """The document graph of one file in the extraction contract's JSON form; touches no database."""
        doc = self.read(path)
        graph = self.extractor.extract(doc.text, language=doc.language)
        out = graph.to_schema_dict(doc.file_name)
        out["extractor"] = {"name": self.extractor.name, "version": self.extractor.version}
        return out

    # ---- ingest ---------------------------------------------------------

    def ingest_file(self, path: str | os.PathLike) -> str:
        """Read, extract, resolve and store one file in one transaction: 'ingested' or 'unchanged'."""
        doc = self.read(path)
        if self.store.document_id_for_hash(doc.content_hash):
            return "unchanged"
        graph = self.extractor.extract(doc.text, language=doc.language)
        ids = resolve_graph(graph)
        new_ids = self.store.add_document(
            doc, graph, ids, extractor=self.extractor.name, extractor_version=self.extractor.version
        )
        if new_ids is None:
            return "unchanged"
        resolve_new(self.store, new_ids)  # only the new entities, through their blocking keys
        return "ingested"

    def ingest(
        self, paths: Iterable[str | os.PathLike], *, on_file: Callable[[Path, str, str | None], None] | None = None
    ) -> IngestReport:
        """Ingest files and directories; a bad file is reported and the rest go on."""
        report = IngestReport()
        for path in iter_input_files(paths):
            in_dir_unsupported = path.suffix.lower() not in SUPPORTED_EXTENSIONS and path.exists() and not _named(path, paths)
            if in_dir_unsupported:
                error = str(ReadError(path, f"unsupported file type '{path.suffix or '(none)'}'"))
                report.failed.append((str(path), error))
                if on_file:
                    on_file(path, "failed", error)
                continue
            try:
                outcome = self.ingest_file(path)
            except ReadError as exc:
                report.failed.append((str(path), str(exc)))
                if on_file:
                    on_file(path, "failed", str(exc))
                continue
            (report.ingested if outcome == "ingested" else report.unchanged).append(str(path))
            if on_file:
                on_file(path, outcome, None)
        return report

    # ---- serve ----------------------------------------------------------

    def stats(self) -> dict[str, Any]:
        return self.store.stats()

    def documents(self, *, page: int = 1, per_page: int = 20) -> dict[str, Any]:
        rows, total = self.store.list_documents(limit=per_page, offset=(page - 1) * per_page)
        return _page(rows, total, page, per_page)

    def document(self, doc_id: str) -> dict[str, Any] | None:
        doc = self.store.get_document(doc_id)
        if doc is None:
            return None
        found = self.store.statements_for_document(doc_id)
        entity_rows = self.store.entities_by_ids(s["entity_id"] for s in found if s["entity_id"])
        doc["mentions"] = [
            {
                "start": s["start"], "end": s["end"], "text": s["value"], "entity_id": s["entity_id"],
                "type": entity_rows.get(s["entity_id"], {}).get("type"),
                "caption": entity_rows.get(s["entity_id"], {}).get("caption"),
            }
            for s in found
            if s["property"] == "name"
        ]
        doc["values"] = [
            {"start": s["start"], "end": s["end"], "kind": s["property"], "value": s["value"], **s["qualifiers"]}
            for s in found
            if s["property"] in ("money", "date")
        ]
        return doc

    def entities(self, *, type: str | None = None, q: str | None = None, page: int = 1, per_page: int = 50) -> dict[str, Any]:
        rows, total = self.store.list_entities(type=type, q=q, limit=per_page, offset=(page - 1) * per_page)
        return _page(rows, total, page, per_page)

    def search(self, query: str, *, type: str | None = None, region: str | None = None, cluster: str | None = None,
               language: str | None = None, year: int | None = None, page: int = 1, per_page: int = 20):
        """Full-text search over documents and entities (BM25 on SQLite, ts_rank on PostgreSQL), with
        highlighted snippets, facet counts and pages; names match across scripts (Ростех → Rostec).
        Raises :class:`clusteratlas.search.SearchError` for a query that cannot be searched."""
        from .search import SearchFilters, search

        filters = SearchFilters(type=type, region=region, cluster=cluster, language=language, year=year)
        result = search(self.store.engine, query, filters, page=page, per_page=per_page,
                        canonical=self.store.canonical_of)
        captions = self.store.entities_by_ids([h.id for h in result.hits if h.kind == "entity"])
        for hit in result.hits:  # a merged entity shows its canonical name
            if hit.kind == "entity" and hit.id in captions:
                hit.title = captions[hit.id]["caption"]
        return result

    def match(self, need: str, *, region: str | None = None, cluster: str | None = None, limit: int = 20,
              semantic: bool = False):
        """Organisations ranked by how well what they make or can do answers ``need`` ("geogrids for
        road construction"), boosted in ``region`` and ``cluster``; each :class:`~clusteratlas.match.Match`
        carries its evidence. Raises :class:`~clusteratlas.match.MatchError` for input that cannot be
        matched and :class:`~clusteratlas.match.SemanticUnavailable` when ``semantic`` is asked without
        the optional extra."""
        from .match import match

        return match(self.store, need, region=region, cluster=cluster, limit=limit, semantic=semantic)

    def find_entity(self, id_or_name: str) -> list[dict]:
        """Entities with this ID, or else with this name (any written form)."""
        found = self.store.get_entity(id_or_name)
        return [found] if found else self.store.find_entities_by_name(id_or_name)

    def entity(self, entity_id: str) -> dict[str, Any] | None:
        """A canonical entity with every statement about any of its merged entities, each with its
        document and source sentence. A merged-away ID answers with its canonical entity
        (``redirected_from`` says so)."""
        canonical_id = self.store.canonical_of(entity_id)
        ent = self.store.get_entity(canonical_id)
        if ent is None:
            return None
        members = self.store.members_of(canonical_id)
        found = [s for member in members for s in self.store.statements_for_entity(member)]
        docs = self.store.documents_by_ids(list({s["document_id"] for s in found}))
        other_ids = [s["value_entity_id"] if s["direction"] == "out" else s["entity_id"] for s in found if s["value_entity_id"]]
        links = self.store.canonicals_of(other_ids)
        others = self.store.entities_by_ids(links.get(i, i) for i in other_ids)
        sentence_cache: dict[str, list] = {}
        facts = []
        for s in found:
            doc = docs[s["document_id"]]
            fact = {
                "id": s["id"], "property": s["property"], "label": self.schema.label(s["property"]),
                "value": s["value"], "qualifiers": s["qualifiers"], "direction": s["direction"],
                "document": {"id": doc["id"], "title": doc["title"], "path": doc["path"]},
                "start": s["start"], "end": s["end"],
                "sentence": source_sentence(doc["text"], s["start"], s["end"], sentence_cache.setdefault(doc["id"], [])),
                # where the sentence starts in the document, so a page can mark the fact's span inside it
                "sentence_start": source_sentence_start(doc["text"], s["start"], sentence_cache[doc["id"]]),
                "extractor": s["extractor"], "extractor_version": s["extractor_version"], "confidence": s["confidence"],
            }
            if s["value_entity_id"]:
                other_id = s["value_entity_id"] if s["direction"] == "out" else s["entity_id"]
                other_id = links.get(other_id, other_id)  # relations point at canonical entities
                other = others.get(other_id, {})
                fact["other"] = {"id": other_id, "type": other.get("type"), "caption": other.get("caption")}
            facts.append(fact)
        names = sorted({f["value"] for f in facts if f["property"] == "name"})
        ent["names"] = names
        ent["facts"] = facts
        ent["merged_ids"] = sorted(members)
        if entity_id != canonical_id:
            ent["redirected_from"] = entity_id
        ent["documents"] = [
            {"id": d["id"], "title": d["title"], "path": d["path"]} for d in sorted(docs.values(), key=lambda d: d["path"])
        ]
        return ent


    # ---- registries -------------------------------------------------------

    def import_table(self, path: str | os.PathLike, mapping: dict[str, str], *, entity_type: str = "organization",
                     source: str | None = None) -> dict[str, Any]:
        """Load a registry table (CSV or XLSX) as statements, all or nothing.

        The table becomes a document whose text is one line per row, so every statement cites
        the row it came from like any fact cites its sentence. Bad rows raise
        :class:`~clusteratlas.registry.RegistryError` listing every problem with its line number;
        nothing is written then. The new entities are resolved against the graph (INN and OGRN
        are decisive keys)."""
        from .registry import LIST_FIELDS, RegistryError, read_table, row_capabilities, split_list, validate_rows

        path = Path(path)
        rows, errors = validate_rows(path, list(read_table(path, mapping)))
        if errors:
            error = RegistryError(path, f"{len(errors)} bad rows, nothing imported")
            error.details = errors  # every bad row, one line each, for the person to fix them all at once
            raise error
        data = path.read_bytes()
        lines, spans = [], []
        offset = 0
        # one line per row; a cell listing products or codes one per line keeps them apart with "; "
        cleaned = [{k: "; ".join(split_list(v)) if k in LIST_FIELDS else " ".join(v.split()) for k, v in row.fields.items()}
                   for row in rows]
        for fields in cleaned:
            line = " | ".join(f"{k}: {v}" for k, v in fields.items())
            spans.append((offset, offset + len(line)))
            lines.append(line)
            offset += len(line) + 1
        doc = Document(text="\n".join(lines), content_hash=content_hash(data), path=str(path),
                       format=path.suffix.lower().lstrip("."), title=source or path.name, language=None, size=len(data))
        graph = DocumentGraph()
        for fields, (start, end) in zip(cleaned, spans):
            attributes = {k: fields[k] for k in ("inn", "ogrn", "website", "address", "role") if k in fields}
            ent = GraphEntity(entity_type, fields["name"], attributes=attributes, confidence=0.95)
            name_at = doc.text.index(fields["name"], start)
            ent.mentions.append((Span(name_at, name_at + len(fields["name"])), fields["name"]))
            graph.entities.append(ent)
            # products and OKPD2 / HS codes: one statement per item, each citing its place in the row
            graph.capabilities.extend(row_capabilities(doc.text, fields, start, end, len(graph.entities) - 1))
            if "region" in fields:
                place = GraphEntity("place", fields["region"], attributes={"kind": "region"}, confidence=0.95)
                at = doc.text.index(fields["region"], start)
                place.mentions.append((Span(at, at + len(fields["region"])), fields["region"]))
                graph.entities.append(place)
                graph.relations.append(GraphRelation(len(graph.entities) - 2, "located_in", len(graph.entities) - 1,
                                                     Span(start, end), confidence=0.95))
        ids = resolve_graph(graph)
        new_ids = self.store.add_document(doc, graph, ids, extractor=f"registry:{source or path.name}", extractor_version="1")
        if new_ids is None:
            return {"rows": len(rows), "status": "unchanged"}
        resolve_new(self.store, new_ids)
        return {"rows": len(rows), "status": "imported", "entities": len(set(ids))}

    # ---- resolution -------------------------------------------------------

    def resolve(self) -> dict[str, int]:
        """Resolve the whole graph again (``clusteratlas resolve --rebuild``); judgements hold."""
        return rebuild(self.store)

    def judge(self, left_id: str, right_id: str, verdict: str, *, author: str = "cli", reason: str | None = None) -> dict:
        """Record that two entities are the ``same``, ``different``, or that one is ``unsure``;
        then resolve again so the judgement takes effect."""
        if verdict not in ("same", "different", "unsure"):
            raise ValueError(f"verdict must be same, different or unsure, not {verdict!r}")
        for entity_id in (left_id, right_id):
            if self.store.get_entity(entity_id) is None:
                raise KeyError(f"no entity with ID {entity_id!r}")
        self.store.add_judgement(left_id, right_id, verdict, author, reason)
        return self.resolve()

    def review_queue(self, limit: int = 20) -> list[dict]:
        """Pairs the resolver was unsure of, the closest to the thresholds first."""
        return self.store.list_review(limit)

    def mentions(self):
        """One row per distinct surface form per document, with its canonical entity ID."""
        from .export import iter_mentions

        return iter_mentions(self.store)


def source_sentence(text: str, start: int, end: int, cache: list | None = None) -> str:
    """The sentence(s) around a span: what a person reads to check a fact."""
    sentences = cache if cache else split_sentences(text)
    if cache is not None and not cache:
        cache.extend(sentences)
    first = sentence_at(sentences, start)
    last = sentence_at(sentences, max(start, end - 1))
    lo = first.start if first else start
    hi = last.end if last else end
    return text[lo:hi]


def source_sentence_start(text: str, start: int, cache: list | None = None) -> int:
    """The offset in ``text`` where :func:`source_sentence` of a span starting at ``start`` begins."""
    first = sentence_at(cache if cache else split_sentences(text), start)
    return first.start if first else start


def _named(path: Path, paths) -> bool:
    return any(Path(p) == path for p in paths)


def _page(rows: list, total: int, page: int, per_page: int) -> dict[str, Any]:
    pages = max(1, -(-total // per_page)) if per_page else 1
    return {"items": rows, "total": total, "page": page, "per_page": per_page, "pages": pages}
