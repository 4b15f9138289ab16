"""The data that flows between the stages: plain dataclasses, no behaviour
beyond conversions.

read → :class:`Document`; extract → :class:`DocumentGraph`; store →
:class:`Entity` and :class:`Statement`. Character offsets always index
``Document.text``: they are how every fact points back to its source.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any


def content_hash(data: bytes) -> str:
    """The identity of a document's bytes: re-ingesting them changes nothing."""
    return hashlib.sha256(data).hexdigest()


@dataclass
class Document:
    """A document as a reader returns it: plain text plus metadata."""

    text: str
    content_hash: str
    path: str
    format: str  # txt, md, html, pdf, docx
    title: str | None = None
    language: str | None = None
    published: str | None = None  # ISO date, when the source states one
    size: int = 0  # bytes of the source file

    @property
    def id(self) -> str:
        return "doc-" + self.content_hash[:16]

    @property
    def file_name(self) -> str:
        return self.path.replace("\\", "/").rsplit("/", 1)[-1]


@dataclass(frozen=True)
class Span:
    start: int
    end: int

    def text(self, source: str) -> str:
        return source[self.start : self.end]


@dataclass
class GraphEntity:
    """One real thing named in one document, with every place it is named."""

    type: str
    name: str
    aliases: list[str] = field(default_factory=list)
    attributes: dict[str, str] = field(default_factory=dict)
    mentions: list[tuple[Span, str]] = field(default_factory=list)  # (span, surface form)
    confidence: float = 0.5

    @property
    def names(self) -> list[str]:
        return [self.name, *self.aliases]


@dataclass
class GraphValue:
    """A value the text states: a sum of money or a full date."""

    kind: str  # "money" | "date"
    text: str
    span: Span
    amount: float | None = None
    currency: str | None = None
    value: str | None = None  # ISO date for dates

    @property
    def canonical(self) -> str:
        if self.kind == "money":
            amount = int(self.amount) if self.amount is not None and float(self.amount).is_integer() else self.amount
            return f"{amount} {self.currency}"
        return self.value or self.text


@dataclass
class GraphRelation:
    """A relation between two entities of the same graph (by index)."""

    subject: int
    predicate: str
    object: int
    span: Span  # the sentence that states it
    role: str | None = None
    confidence: float = 0.5


@dataclass
class GraphCapability:
    """What an entity of the graph makes (``produces``) or can do (``capability``), as one text states it.

    ``value`` is one product or competence as written ("geogrids"); ``span`` is where that item
    stands in the text and ``sentence`` the sentence that says so. ``use`` is what the text says
    it is for ("road building"), ``cue`` the words that said it ("produces", "a maker of")."""

    subject: int  # index into DocumentGraph.entities
    kind: str  # "produces" | "capability"
    value: str
    span: Span
    sentence: Span
    cue: str = ""
    use: str | None = None
    confidence: float = 0.7
    codes: dict[str, str] = field(default_factory=dict)  # classification codes a registry gives (okpd2, hs)

    def qualifiers(self) -> dict[str, Any]:
        found: dict[str, Any] = {"cue": self.cue} if self.cue else {}
        if self.use:
            found["use"] = self.use
        found.update(self.codes)
        return found


@dataclass
class DocumentGraph:
    """What one extractor read out of one document (see shared SCHEMA.md)."""

    entities: list[GraphEntity] = field(default_factory=list)
    values: list[GraphValue] = field(default_factory=list)
    relations: list[GraphRelation] = field(default_factory=list)
    # not part of the scored contract: written under their own key, which the scorer ignores
    capabilities: list[GraphCapability] = field(default_factory=list)

    def to_schema_dict(self, document_name: str) -> dict[str, Any]:
        """The JSON form of the extraction contract, plus offsets."""
        entities = []
        for ent in self.entities:
            item: dict[str, Any] = {"type": ent.type, "name": ent.name, "aliases": list(ent.aliases)}
            if ent.attributes:
                item["attributes"] = dict(ent.attributes)
            item["mentions"] = [[span.start, span.end] for span, _ in ent.mentions]
            entities.append(item)
        values = []
        for val in self.values:
            item = {"kind": val.kind, "text": val.text, "start": val.span.start, "end": val.span.end}
            if val.kind == "money":
                item["amount"] = val.amount
                item["currency"] = val.currency
            else:
                item["value"] = val.value
            values.append(item)
        relations = []
        for rel in self.relations:
            item = {
                "subject": self.entities[rel.subject].name,
                "predicate": rel.predicate,
                "object": self.entities[rel.object].name,
                "start": rel.span.start,
                "end": rel.span.end,
            }
            if rel.role:
                item["role"] = rel.role
            relations.append(item)
        out = {"document": document_name, "entities": entities, "values": values, "relations": relations}
        if self.capabilities:
            out["capabilities"] = [
                {"subject": self.entities[cap.subject].name, "kind": cap.kind, "value": cap.value,
                 "start": cap.span.start, "end": cap.span.end, **cap.qualifiers()}
                for cap in self.capabilities
            ]
        return out


@dataclass
class Entity:
    """A stored entity of the knowledge graph."""

    id: str
    type: str
    caption: str


@dataclass
class Statement:
    """One fact with its provenance: which document, which span, which extractor.

    A relation is a statement whose ``value_entity_id`` names another entity.
    """

    id: str
    entity_id: str | None
    property: str
    value: str
    document_id: str
    start: int
    end: int
    extractor: str
    extractor_version: str
    confidence: float
    value_entity_id: str | None = None
    qualifiers: dict[str, Any] = field(default_factory=dict)
    created_at: datetime | None = None
