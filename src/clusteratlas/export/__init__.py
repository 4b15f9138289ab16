"""Exports of the whole graph: JSON (entities with their statements) and CSV
(one statement per row, with its source). Both stream, so size is no limit."""

from __future__ import annotations

import csv
import json
from typing import TextIO

from ..store import Store

FORMATS = ("json", "csv", "mentions")

CSV_COLUMNS = [
    "statement_id", "entity_id", "entity_type", "entity_caption", "property", "value", "value_entity_id",
    "qualifiers", "document_id", "document_path", "start", "end", "source_text", "extractor",
    "extractor_version", "confidence",
]


def export(store: Store, fmt: str, out: TextIO) -> int:
    """Write the graph to ``out``; returns the number of statements written."""
    if fmt == "json":
        return _export_json(store, out)
    if fmt == "csv":
        return _export_csv(store, out)
    if fmt == "mentions":
        count = 0
        for count, row in enumerate(iter_mentions(store), 1):
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
        return count
    raise ValueError(f"unknown export format {fmt!r} (choose from {', '.join(FORMATS)})")


def _export_json(store: Store, out: TextIO) -> int:
    out.write('{"entities": [')
    for i, ent in enumerate(store.iter_entities()):
        out.write((",\n" if i else "\n") + json.dumps({"id": ent["id"], "type": ent["type"], "caption": ent["caption"]}, ensure_ascii=False))
    out.write('\n], "statements": [')
    count = 0
    for count, st in enumerate(store.iter_statements(), 1):
        row = {k: st[k] for k in ("id", "entity_id", "property", "value", "value_entity_id", "qualifiers", "document_id",
                                  "start", "end", "extractor", "extractor_version", "confidence")}
        out.write((",\n" if count > 1 else "\n") + json.dumps(row, ensure_ascii=False))
    out.write("\n]}\n")
    return count


def _export_csv(store: Store, out: TextIO) -> int:
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    entities = {e["id"]: e for e in store.iter_entities()}
    texts: dict[str, dict] = {}
    count = 0
    for count, st in enumerate(store.iter_statements(), 1):
        doc = texts.get(st["document_id"])
        if doc is None:  # statements come ordered by document: keep only the current one
            texts.clear()
            doc = texts[st["document_id"]] = store.get_document(st["document_id"]) or {"path": "", "text": ""}
        ent = entities.get(st["entity_id"] or "", {})
        writer.writerow([
            st["id"], st["entity_id"] or "", ent.get("type", ""), ent.get("caption", ""), st["property"], st["value"],
            st["value_entity_id"] or "", json.dumps(st["qualifiers"], ensure_ascii=False) if st["qualifiers"] else "",
            st["document_id"], doc["path"], st["start"], st["end"], doc["text"][st["start"]:st["end"]],
            st["extractor"], st["extractor_version"], st["confidence"],
        ])
    return count


def iter_mentions(store: Store):
    """JSON-lines rows {document, name, type, entity_id}: each distinct surface form of each
    document with the canonical entity it resolved to. This is how resolution is scored."""
    links = store.links()
    types = {e["id"]: e["type"] for e in store.iter_entities()}
    names: dict[str, str] = {}
    seen: set[tuple] = set()
    for st in store.iter_statements():
        if st["property"] != "name" or not st["entity_id"]:
            continue
        doc_id = st["document_id"]
        if doc_id not in names:
            doc = store.get_document(doc_id) or {"path": ""}
            names[doc_id] = doc["path"].replace("\\", "/").rsplit("/", 1)[-1]
        key = (doc_id, st["value"], st["entity_id"])
        if key in seen:
            continue
        seen.add(key)
        yield {"document": names[doc_id], "name": st["value"], "type": types.get(st["entity_id"]),
               "entity_id": links.get(st["entity_id"], st["entity_id"])}
