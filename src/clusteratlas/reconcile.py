"""Reconciliation (the W3C Entity Reconciliation Community Group's Reconciliation Service API,
version 0.2, as OpenRefine speaks it) over the atlas: match a table's names to canonical entities.

This module is the logic; ``web/reconcile.py`` is the HTTP skin. Everything here is plain data in,
plain data out:

- :func:`manifest`: the service manifest (what the service offers and where).
- :func:`parse_query_batch` / :func:`parse_extend_query`: check what a client sent, raising
  :class:`ReconcileError` (an HTTP 400) with a one-line reason for anything malformed.
- :class:`Reconciler`: candidates for a name, entity suggestions, preview data and data extension,
  answered from a :class:`~clusteratlas.store.Store`.
- :func:`suggest_types`, :func:`suggest_properties`, :func:`propose_properties`: from the schema.
- :func:`preview_html`: the small HTML card a client shows in an iframe.

How a name finds its candidates: the query is read by resolution's own analysis
(``resolve.analysis``), so it takes the blocking keys a stored entity of that type would have
(``resolve.matching.blocking_keys``), and the stored ``entity_keys`` index gives the entities that
share one. Only when that yields no reasonable candidate (a fragment of a name, say) does a
substring search of the stored name keys run. Candidates are scored with
``resolve.matching.name_similarity`` against every name of every entity merged into a canonical
entity, and only canonical IDs are returned. Cyrillic, transliterations, legal forms and quotes
are folded by the analysis, so «АО Ростех», Rostekh and JSC Rostec find the same entity.
"""

from __future__ import annotations

import html
import json
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote, urlsplit

from rapidfuzz import fuzz
from sqlalchemy import func, or_, select

from . import __version__
from .names import name_key
from .resolve.analysis import PLACE_TOKEN, skeleton, vocabulary
from .resolve.matching import NameRecord, analyse, blocking_keys, name_similarity, score_pair
from .schema import load_schema
from .store import Store
from .store.tables import entities, statements

API_VERSION = "0.2"
SERVICE_NAME = "Cluster Atlas"
# The types offered as sensible defaults in a client's type picker; legal acts can be reconciled
# too (by number), but a table of company names rarely wants them.
DEFAULT_TYPES = ("organization", "cluster", "site", "place", "person")

BATCH_SIZE = 100  # queries per batch; announced in the manifest, more is a 400
DEFAULT_LIMIT = 10
MAX_LIMIT = 100  # a larger limit is lowered to this: no client shows more
MAX_QUERY_CHARS = 10_000  # a longer query string is a mistake (a whole text pasted in a cell)
MATCHED_CHARS = 300  # no name is longer; only this much of a long query is read
MAX_VALUE_CHARS = 1_000  # a property value in a query
MAX_LIST = 20  # types per query, properties per query or extension request
MAX_EXTEND_IDS = 1_000
MAX_ID_CHARS = 200  # as the JSON API: no entity ID is longer
MAX_PREFIX_CHARS = 200

# A candidate is a match, which a client may accept without a person, only when it is near-certain
# and nothing else comes close: 95 or more, and at least this far above the runner-up.
MATCH_SCORE = 95.0
MATCH_MARGIN = 10.0
# Below this the blocked candidates are no good, so a substring search of the names runs as well.
FALLBACK_BELOW = 75.0
# Keys shared by more entities than this say little; resolution drops them at 60, reconciliation
# can afford a few more since it compares one query, not every pair.
MAX_BLOCK = 100
FALLBACK_ROWS = 200

# Adjustments a property constraint makes to the name score: a confirmed region or cluster is a
# hint, a contradicted one a stronger hint the other way; equal INNs decide outright.
PROPERTY_BONUS = 5.0
PROPERTY_PENALTY = 15.0
CONFLICTING_INN_SCORE = 20.0
PROPERTY_ONLY_BASE = 50.0  # a query with properties and no name starts here


class ReconcileError(ValueError):
    """Input the service cannot use; the web layer answers 400 with this message."""

    status_code = 400


# ---- properties ------------------------------------------------------------------------------


@dataclass(frozen=True)
class PropertyInfo:
    id: str
    name: str
    description: str
    types: tuple[str, ...]  # entity types that have it
    value_type: str | None = None  # the entity type of its values, when they are entities


PROPERTIES: dict[str, PropertyInfo] = {p.id: p for p in (
    PropertyInfo("region", "Region", "Place it is located in (located_in), or its region as a registry gives it",
                 ("organization", "cluster", "site"), "place"),
    PropertyInfo("cluster", "Cluster", "Clusters it is a member of", ("organization",), "cluster"),
    PropertyInfo("site", "Park or zone", "Industrial parks, technoparks and SEZs it is a member or resident of",
                 ("organization",), "site"),
    PropertyInfo("role", "Role", "Its role as a member: anchor, core, participant, resident, research, …",
                 ("organization",)),
    PropertyInfo("inn", "INN", "Russian taxpayer number", ("organization",)),
    PropertyInfo("website", "Website", "Its website", ("organization", "cluster", "site")),
)}


def _type_label(entity_type: str) -> str:
    found = load_schema().entity_types.get(entity_type)
    return found.label if found else entity_type


def _type_ref(entity_type: str) -> dict[str, str]:
    return {"id": entity_type, "name": _type_label(entity_type)}


def entity_types() -> tuple[str, ...]:
    return tuple(load_schema().entity_types)


# ---- the manifest ------------------------------------------------------------------------------


def manifest(base_url: str) -> dict[str, Any]:
    """The service manifest; ``base_url`` is where the app is served (``http://127.0.0.1:8000``),
    since clients need absolute URLs for the view, preview and suggest services."""
    base = base_url.rstrip("/")
    service = f"{base}/reconcile"
    return {
        "versions": [API_VERSION],
        "name": SERVICE_NAME,
        "identifierSpace": f"{base}/entities/",
        "schemaSpace": f"{base}/reconcile/types/",
        "serviceVersion": __version__,
        "defaultTypes": [_type_ref(t) for t in DEFAULT_TYPES],
        "view": {"url": f"{base}/entities/{{{{id}}}}"},
        "preview": {"url": f"{service}/preview?id={{{{id}}}}", "width": 420, "height": 220},
        "suggest": {
            "entity": {"service_url": service, "service_path": "/suggest/entity"},
            "type": {"service_url": service, "service_path": "/suggest/type"},
            "property": {"service_url": service, "service_path": "/suggest/property"},
        },
        "extend": {
            "propose_properties": {"service_url": service, "service_path": "/propose_properties"},
            "property_settings": [
                {"name": "limit", "label": "Limit", "type": "number", "default": 0,
                 "help_text": "At most this many values per entity (0: all of them)"},
            ],
        },
        "batchSize": BATCH_SIZE,
    }


# ---- parsing what a client sent ------------------------------------------------------------------


@dataclass(frozen=True)
class PropertyValue:
    text: str | None = None  # a literal, or the name of a reconciled value
    id: str | None = None  # a reconciled value's entity ID


@dataclass(frozen=True)
class ReconQuery:
    query: str | None
    types: tuple[str, ...] = ()  # empty: any type
    limit: int = DEFAULT_LIMIT
    properties: tuple[tuple[str, tuple[PropertyValue, ...]], ...] = ()


def decode_json(raw: Any, what: str) -> Any:
    if not isinstance(raw, str):
        return raw  # already decoded (a JSON request body)
    try:
        return json.loads(raw)
    except (ValueError, RecursionError) as exc:  # RecursionError: "[[[[…" nested past the parser's stack
        reason = exc.msg if isinstance(exc, json.JSONDecodeError) else "nested too deeply"
        raise ReconcileError(f"{what} is not valid JSON ({reason})") from None


def _clean_text(value: str) -> str:
    # PostgreSQL text cannot hold NUL, and no name contains one
    return value.replace("\x00", "")


def parse_query_batch(raw: Any) -> dict[str, ReconQuery]:
    """A reconciliation query batch (a JSON string or the decoded object) → its queries, checked."""
    data = decode_json(raw, "queries")
    if not isinstance(data, dict):
        raise ReconcileError("queries must be a JSON object mapping query IDs to queries")
    if len(data) > BATCH_SIZE:
        raise ReconcileError(f"too many queries in one batch ({len(data)}; at most {BATCH_SIZE})")
    return {key: _parse_query(key, value) for key, value in data.items()}


def _parse_query(key: str, value: Any) -> ReconQuery:
    where = f"query {key[:40]!r}"
    if not isinstance(value, dict):
        raise ReconcileError(f"{where} must be a JSON object")
    text = value.get("query")
    if text is not None:
        if not isinstance(text, str):
            raise ReconcileError(f"{where}: 'query' must be a string")
        if len(text) > MAX_QUERY_CHARS:
            raise ReconcileError(f"{where}: 'query' is longer than {MAX_QUERY_CHARS} characters")
        text = _clean_text(text)
    properties = _parse_properties(where, value.get("properties"))
    if not text and not properties:
        # the specification: a query has a non-empty query string, or properties, or both
        raise ReconcileError(f"{where} needs a non-empty 'query' string (or 'properties')")
    return ReconQuery(query=text or None, types=_parse_types(where, value.get("type")),
                      limit=_parse_limit(where, value.get("limit")), properties=properties)


def _parse_types(where: str, raw: Any) -> tuple[str, ...]:
    if raw is None:
        return ()
    items = raw if isinstance(raw, list) else [raw]  # OpenRefine sends one type as a bare string
    if len(items) > MAX_LIST:
        raise ReconcileError(f"{where}: too many types (at most {MAX_LIST})")
    found = []
    for item in items:
        if isinstance(item, dict):
            item = item.get("id")
        if not isinstance(item, str):
            raise ReconcileError(f"{where}: 'type' must be a type ID, a type object or a list of them")
        found.append(item)
    return tuple(dict.fromkeys(found))


def _parse_limit(where: str, raw: Any) -> int:
    if raw is None:
        return DEFAULT_LIMIT
    if isinstance(raw, bool) or not isinstance(raw, int):  # bool is an int to Python, not to JSON
        raise ReconcileError(f"{where}: 'limit' must be a positive integer")
    if raw < 1:
        raise ReconcileError(f"{where}: 'limit' must be a positive integer")
    return min(raw, MAX_LIMIT)


def _parse_properties(where: str, raw: Any) -> tuple[tuple[str, tuple[PropertyValue, ...]], ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list):
        raise ReconcileError(f"{where}: 'properties' must be a list of {{'pid': …, 'v': …}} objects")
    if len(raw) > MAX_LIST:
        raise ReconcileError(f"{where}: too many properties (at most {MAX_LIST})")
    out = []
    for item in raw:
        if not isinstance(item, dict) or not isinstance(item.get("pid"), str) or "v" not in item:
            raise ReconcileError(f"{where}: each property must be an object with a 'pid' string and a 'v' value")
        values = item["v"] if isinstance(item["v"], list) else [item["v"]]
        if len(values) > MAX_LIST:
            raise ReconcileError(f"{where}: too many values for property {item['pid'][:40]!r}")
        parsed = tuple(v for v in (_property_value(where, v) for v in values) if v.text or v.id)
        if parsed:
            out.append((item["pid"], parsed))
    return tuple(out)


def _property_value(where: str, raw: Any) -> PropertyValue:
    if isinstance(raw, dict):  # a value reconciled earlier: {"id": …, "name": …}
        ident, name = raw.get("id"), raw.get("name")
        if not isinstance(ident, str) or (name is not None and not isinstance(name, str)):
            raise ReconcileError(f"{where}: an entity value must have a string 'id' (and 'name')")
        return PropertyValue(text=_clean_text(name)[:MAX_VALUE_CHARS] if name else None, id=ident[:MAX_ID_CHARS])
    if isinstance(raw, bool):
        return PropertyValue(text="true" if raw else "false")
    if isinstance(raw, (int, float, str)):
        text = _clean_text(str(raw)).strip()
        if len(text) > MAX_VALUE_CHARS:
            raise ReconcileError(f"{where}: a property value is longer than {MAX_VALUE_CHARS} characters")
        return PropertyValue(text=text or None)
    if raw is None:
        return PropertyValue()
    raise ReconcileError(f"{where}: a property value must be a string, a number, a boolean or an entity")


@dataclass(frozen=True)
class ExtendQuery:
    ids: tuple[str, ...]
    properties: tuple[tuple[str, int], ...]  # (property ID, value limit; 0 is all)


def parse_extend_query(raw: Any) -> ExtendQuery:
    """A data extension query ({"ids": [...], "properties": [{"id": ...}, ...]}), checked."""
    data = decode_json(raw, "extend")
    if not isinstance(data, dict):
        raise ReconcileError("extend must be a JSON object with 'ids' and 'properties'")
    ids, props = data.get("ids"), data.get("properties")
    if not isinstance(ids, list) or not all(isinstance(i, str) for i in ids):
        raise ReconcileError("extend: 'ids' must be a list of entity IDs")
    if len(ids) > MAX_EXTEND_IDS:
        raise ReconcileError(f"extend: too many IDs ({len(ids)}; at most {MAX_EXTEND_IDS})")
    if not isinstance(props, list) or not props:
        raise ReconcileError("extend: 'properties' must be a non-empty list of {'id': …} objects")
    if len(props) > MAX_LIST:
        raise ReconcileError(f"extend: too many properties (at most {MAX_LIST})")
    wanted = []
    for prop in props:
        if not isinstance(prop, dict) or not isinstance(prop.get("id"), str):
            raise ReconcileError("extend: each property must be an object with an 'id' string")
        if prop["id"] not in PROPERTIES:
            raise ReconcileError(f"extend: unknown property {prop['id'][:40]!r} (known: {', '.join(PROPERTIES)})")
        settings = prop.get("settings") or {}
        if not isinstance(settings, dict):
            raise ReconcileError("extend: a property's 'settings' must be an object")
        limit = settings.get("limit", 0)
        if isinstance(limit, str) and limit.strip().isdigit():  # forms send numbers as text
            limit = int(limit)
        if isinstance(limit, bool) or not isinstance(limit, int) or limit < 0:
            raise ReconcileError("extend: the 'limit' setting must be a whole number, 0 or more")
        wanted.append((prop["id"], limit))
    return ExtendQuery(tuple(ids), tuple(wanted))


# ---- suggest services from the schema ------------------------------------------------------------


def _prefix_rank(prefix: str, *texts: str) -> int | None:
    """0: a text equals the prefix; 1: starts with it; 2: a word in it does; 3: contains it; None."""
    needle = prefix.casefold().strip()
    if not needle:
        return 1
    ranks = []
    for text in texts:
        hay = text.casefold()
        if hay == needle:
            ranks.append(0)
        elif hay.startswith(needle):
            ranks.append(1)
        elif re.search(r"(?:^|[\W_])" + re.escape(needle), hay):
            ranks.append(2)
        elif needle in hay:
            ranks.append(3)
    return min(ranks) if ranks else None


def _suggest_page(items: list[tuple[int, int, dict]], cursor: int, limit: int) -> dict[str, Any]:
    items.sort(key=lambda x: (x[0], x[1]))
    return {"result": [item for _, _, item in items[cursor: cursor + limit]]}


def suggest_types(prefix: str, cursor: int = 0, limit: int = DEFAULT_LIMIT) -> dict[str, Any]:
    found = []
    for order, entity_type in enumerate(load_schema().entity_types.values()):
        rank = _prefix_rank(prefix, entity_type.name, entity_type.label, entity_type.plural)
        if rank is not None:
            item = {"id": entity_type.name, "name": entity_type.label}
            if entity_type.description:
                item["description"] = entity_type.description
            found.append((rank, order, item))
    return _suggest_page(found, cursor, limit)


def suggest_properties(prefix: str, cursor: int = 0, limit: int = DEFAULT_LIMIT,
                       entity_type: str | None = None) -> dict[str, Any]:
    found = []
    for order, prop in enumerate(PROPERTIES.values()):
        if entity_type and entity_type not in prop.types:
            continue
        rank = _prefix_rank(prefix, prop.id, prop.name)
        if rank is not None:
            found.append((rank, order, {"id": prop.id, "name": prop.name, "description": prop.description}))
    return _suggest_page(found, cursor, limit)


def propose_properties(entity_type: str | None, limit: int | None = None) -> dict[str, Any]:
    """The properties data extension can fetch for entities of a type (all of them without a type)."""
    if entity_type is not None and entity_type not in entity_types():
        raise ReconcileError(f"unknown type {entity_type[:40]!r} (known: {', '.join(entity_types())})")
    props = [{"id": p.id, "name": p.name, "description": p.description}
             for p in PROPERTIES.values() if entity_type is None or entity_type in p.types]
    out: dict[str, Any] = {"type": entity_type or "", "properties": props[:limit] if limit else props}
    if limit:
        out["limit"] = limit
    return out


# ---- the entities behind the answers -------------------------------------------------------------


@dataclass
class _Entity:
    """A canonical entity with everything merged into it."""

    id: str
    type: str
    caption: str
    members: list[str]
    names: list[str]  # every name of every member, the caption first
    captions: list[str]  # each member's own name (a place is compared by these only)
    identifiers: dict[str, set[str]] = field(default_factory=dict)


@dataclass
class _Fact:
    entity_id: str
    property: str
    value: str
    value_entity_id: str | None
    qualifiers: dict


@dataclass
class _Scored:
    entity: _Entity
    score: float
    name_score: float | None
    features: list[dict]
    tie: tuple


_FACT_PROPERTIES = ("located_in", "member_of", "region", "role", "inn", "website")


class Reconciler:
    """Answers reconciliation, suggest, preview and extension requests from one store."""

    def __init__(self, store: Store):
        self.store = store

    # ---- reads the Store has no method for (read-only, bounded by the IDs asked for) ----

    def _facts(self, entity_ids: Iterable[str], properties: Iterable[str] = _FACT_PROPERTIES) -> list[_Fact]:
        ids = sorted(set(entity_ids))
        found: list[_Fact] = []
        with self.store.engine.connect() as conn:
            for start in range(0, len(ids), 500):
                rows = conn.execute(
                    select(statements.c.entity_id, statements.c.property, statements.c.value,
                           statements.c.value_entity_id, statements.c.qualifiers)
                    .where(statements.c.entity_id.in_(ids[start: start + 500]),
                           statements.c.property.in_(list(properties)))
                    .order_by(statements.c.document_id, statements.c.start, statements.c.id)
                ).all()
                for entity_id, prop, value, value_entity_id, qualifiers in rows:
                    if isinstance(qualifiers, str):  # some drivers hand JSON back as text
                        qualifiers = json.loads(qualifiers)
                    found.append(_Fact(entity_id, prop, value, value_entity_id, qualifiers or {}))
        return found

    def _document_counts(self, member_ids: Iterable[str]) -> dict[str, int]:
        """Entity ID → documents naming it: popularity, to order namesakes."""
        ids = sorted(set(member_ids))
        counts: dict[str, int] = {}
        with self.store.engine.connect() as conn:
            for start in range(0, len(ids), 500):
                counts.update(conn.execute(
                    select(statements.c.entity_id, func.count(func.distinct(statements.c.document_id)))
                    .where(statements.c.entity_id.in_(ids[start: start + 500]), statements.c.property == "name")
                    .group_by(statements.c.entity_id)).all())
        return counts

    def _documents_naming(self, member_ids: list[str]) -> int:
        with self.store.engine.connect() as conn:
            return conn.execute(
                select(func.count(func.distinct(statements.c.document_id)))
                .where(statements.c.entity_id.in_(member_ids), statements.c.property == "name")).scalar_one()

    def _name_key_search(self, key: str, types: tuple[str, ...], *, prefix: bool, limit: int) -> list[str]:
        """Entity IDs whose stored name key has a word starting with ``key`` (``prefix``), or else
        contains the key or the beginning of one of its distinctive words (a transliteration
        differs most at the end: kamskiy / kamsky). A substring search reads every name key, so it
        runs for suggestions and when blocking found nothing good, never first."""
        if not key:
            return []
        if prefix:
            condition = or_(entities.c.name_key.startswith(key, autoescape=True),
                            entities.c.name_key.contains(" " + key, autoescape=True))
        else:
            generic = vocabulary().generic
            words = sorted({w for w in key.split() if len(w) >= 4 and skeleton(w) not in generic}, key=len, reverse=True)
            condition = or_(entities.c.name_key.contains(key, autoescape=True),
                            *(entities.c.name_key.contains(w[:5], autoescape=True) for w in words[:3]))
        query = select(entities.c.id).where(condition)
        if types:
            query = query.where(entities.c.type.in_(list(types)))
        with self.store.engine.connect() as conn:
            return list(conn.execute(query.order_by(entities.c.id).limit(limit)).scalars())

    # ---- canonical entities ----

    def _canonical(self, entity_ids: Iterable[str]) -> list[str]:
        """Canonical IDs for any IDs, merged-away ones included, in first-seen order."""
        ids = list(dict.fromkeys(entity_ids))
        links = self.store.canonicals_of(ids)
        return list(dict.fromkeys(links.get(i, i) for i in ids))

    def _load(self, canonical_ids: Iterable[str]) -> dict[str, _Entity]:
        ids = list(dict.fromkeys(canonical_ids))
        if not ids:
            return {}
        links = self.store.cluster_links(ids)
        members: dict[str, list[str]] = defaultdict(list)
        for entity_id, canonical in sorted(links.items()):
            members[canonical].append(entity_id)
        rows = self.store.entities_by_ids(ids)
        every = [m for i in ids for m in (members.get(i) or [i])]
        records = {r.id: r for r in self.store.entity_records(every)}
        member_rows = self.store.entities_by_ids(every)
        loaded = {}
        for entity_id in ids:
            row = rows.get(entity_id)
            if row is None:
                continue
            group = [entity_id] + [m for m in members.get(entity_id, []) if m != entity_id]
            names = [row["caption"]]
            identifiers: dict[str, set[str]] = defaultdict(set)
            for member in group:
                record = records.get(member)
                if record is None:
                    continue
                names.extend(n for n in record.names if n not in names)
                for kind, value in record.identifiers.items():
                    identifiers[kind].add(value)
            captions = list(dict.fromkeys(member_rows[m]["caption"] for m in group if m in member_rows))
            loaded[entity_id] = _Entity(entity_id, row["type"], row["caption"], group, names, captions,
                                        dict(identifiers))
        return loaded

    def _relations(self, loaded: dict[str, _Entity]) -> tuple[dict[str, list[_Fact]], dict[str, _Entity]]:
        """Facts of each canonical entity (over all its members), and the canonical entities its
        relations point at, loaded."""
        owner = {m: e.id for e in loaded.values() for m in e.members}
        facts: dict[str, list[_Fact]] = defaultdict(list)
        for fact in self._facts(owner):
            facts[owner[fact.entity_id]].append(fact)
        targets = [f.value_entity_id for fs in facts.values() for f in fs if f.value_entity_id]
        target_links = self.store.canonicals_of(targets)
        for fs in facts.values():
            for fact in fs:
                if fact.value_entity_id:
                    fact.value_entity_id = target_links.get(fact.value_entity_id, fact.value_entity_id)
        return facts, self._load(target_links.get(t, t) for t in targets)

    # ---- reconciliation ----

    def reconcile_batch(self, queries: dict[str, ReconQuery]) -> dict[str, dict[str, list]]:
        # each query is answered on its own, as the specification asks: no batch-wide statistics
        return {key: {"result": self.reconcile(query)} for key, query in queries.items()}

    def reconcile(self, query: ReconQuery) -> list[dict[str, Any]]:
        known = entity_types()
        types = tuple(t for t in query.types if t in known) if query.types else known
        if not types:
            return []  # only types this service does not have: nothing is of them
        text = (query.query or "").strip()[:MATCHED_CHARS]
        # stored INNs are digits only (registries are checked on import); "77 3620 7543" is the same INN
        inns = {re.sub(r"\D", "", v.text) for pid, vs in query.properties if pid == "inn" for v in vs if v.text} - {""}

        found = self._blocked(text, types, inns)
        if text and self.store.get_entity(text[:MAX_ID_CHARS]) is not None:
            found.insert(0, text)  # the query is an entity ID: that entity, as the specification expects
        scored = self._score(text, query, self._canonical(found), types)
        if text and max((s.score for s in scored), default=0.0) < FALLBACK_BELOW:
            extra = self._name_key_search(name_key(text), types, prefix=False, limit=FALLBACK_ROWS)
            seen = {s.entity.id for s in scored}
            scored += self._score(text, query, [i for i in self._canonical(extra) if i not in seen], types)
        scored = [s for s in scored if s.score > 0]
        scored.sort(key=lambda s: s.tie)
        top = scored[: query.limit]
        descriptions = self._descriptions([s.entity for s in top])
        out = []
        for rank, s in enumerate(top):
            runner_up = scored[rank + 1].score if rank + 1 < len(scored) else None
            match = (rank == 0 and s.score >= MATCH_SCORE
                     and (runner_up is None or runner_up <= s.score - MATCH_MARGIN))
            candidate = {"id": s.entity.id, "name": s.entity.caption, "type": [_type_ref(s.entity.type)],
                         "score": round(s.score, 1), "match": match, "features": s.features}
            if descriptions.get(s.entity.id):
                candidate["description"] = descriptions[s.entity.id]
            out.append(candidate)
        return out

    def _blocked(self, text: str, types: tuple[str, ...], inns: set[str]) -> list[str]:
        """Entity IDs sharing a blocking key with the query, read as a name (and INNs) of each wanted type."""
        keys: set[str] = set()
        for entity_type in types:
            if text:
                keys |= blocking_keys(NameRecord("query", entity_type, [text]))
            for inn in sorted(inns):
                keys |= blocking_keys(NameRecord("query", entity_type, [], {"inn": inn}))
        return self.store.entities_sharing_keys({k[:200] for k in keys}, MAX_BLOCK)  # stored keys are cut at 200

    def _score(self, text: str, query: ReconQuery, canonical_ids: list[str], types: tuple[str, ...]) -> list[_Scored]:
        loaded = {i: e for i, e in self._load(canonical_ids).items() if e.type in types}
        if not loaded:
            return []
        wanted = {pid for pid, _ in query.properties if pid in PROPERTIES}
        facts, targets = self._relations(loaded) if wanted - {"inn"} else ({}, {})
        popularity = self._document_counts(m for e in loaded.values() for m in e.members)
        key = name_key(text)
        out = []
        for entity in loaded.values():
            name_score = self._name_score(text, entity) if text else None
            score = name_score if name_score is not None else PROPERTY_ONLY_BASE
            features = [{"id": "name_similarity", "value": round(name_score, 1)}] if name_score is not None else []
            if text in entity.members:
                score = 100.0  # the query is one of its IDs
            for pid, values in query.properties:
                verdict = self._property_verdict(pid, values, entity, facts.get(entity.id, []), targets)
                if verdict is None:
                    continue  # the entity says nothing about it: no evidence either way
                features.append({"id": f"{pid}_match", "value": verdict})
                if pid == "inn":
                    score = 100.0 if verdict else min(score, CONFLICTING_INN_SCORE)
                else:
                    score = min(100.0, score + PROPERTY_BONUS) if verdict else max(0.0, score - PROPERTY_PENALTY)
            docs = sum(popularity.get(m, 0) for m in entity.members)
            closeness = fuzz.ratio(key, name_key(entity.caption)) if key else 0
            out.append(_Scored(entity, score, name_score, features, (-score, -closeness, -docs, entity.id)))
        return out

    @staticmethod
    def _name_score(text: str, entity: _Entity) -> float:
        if entity.type == "legal_act":  # acts are one act by their number and date, not their wording
            return score_pair(NameRecord("query", "legal_act", [text]), NameRecord(entity.id, "legal_act", entity.names))
        # a place by its own names only: its aliases include short forms that name the city of a region
        names = entity.captions if entity.type == "place" else entity.names
        return max((name_similarity(text, n) for n in names), default=0.0)

    def _property_verdict(self, pid: str, values: tuple[PropertyValue, ...], entity: _Entity,
                          facts: list[_Fact], targets: dict[str, _Entity]) -> bool | None:
        """True if the entity has a value matching one of ``values``, False if it has values and
        none match, None if it has none (or the property is not ours)."""
        if pid == "inn":
            have = {re.sub(r"\D", "", v) for v in entity.identifiers.get("inn", ())}
            if not have:
                return None
            return any(re.sub(r"\D", "", v.text or "") in have for v in values)
        if pid in ("region", "cluster", "site"):
            related = [targets[f.value_entity_id] for f in facts
                       if f.value_entity_id in targets and f.property == ("located_in" if pid == "region" else "member_of")
                       and targets[f.value_entity_id].type == PROPERTIES[pid].value_type]
            literals = [f.value for f in facts if pid == "region" and f.property == "region"]
            if not related and not literals:
                return None
            for value in values:
                if value.id and self.store.canonical_of(value.id) in {t.id for t in related}:
                    return True
                if value.text and any(_same_place(value.text, n) if pid == "region" else name_similarity(value.text, n) >= 90
                                      for n in [n for t in related for n in t.captions] + literals):
                    return True
            return False
        if pid in ("website", "role"):
            have = {_normalise(pid, f.value) for f in facts if f.property == pid}
            have |= {_normalise(pid, f.qualifiers.get("role", "")) for f in facts
                     if pid == "role" and f.property == "member_of"}
            have.discard("")
            if not have:
                return None
            return any(_normalise(pid, v.text or "") in have for v in values)
        return None  # a property this service does not know: ignored

    def _descriptions(self, found: list[_Entity]) -> dict[str, str]:
        """"Organisation in Kaluga; member of Kaluga automotive cluster": enough to tell namesakes apart."""
        if not found:
            return {}
        loaded = {e.id: e for e in found}
        facts, targets = self._relations(loaded)
        out = {}
        for entity in found:
            places = _target_names(facts.get(entity.id, []), targets, "located_in", ("place",))
            groups = _target_names(facts.get(entity.id, []), targets, "member_of", ("cluster", "site"))
            text = _type_label(entity.type)
            if places:
                text += " in " + ", ".join(places[:2])
            if groups:
                text += "; member of " + ", ".join(groups[:2])
            out[entity.id] = text
        return out

    # ---- suggest ----

    def suggest_entities(self, prefix: str, cursor: int = 0, limit: int = DEFAULT_LIMIT,
                         types: tuple[str, ...] = ()) -> dict[str, Any]:
        """Entities whose name starts with ``prefix`` (any name, any script), then close spellings."""
        prefix = _clean_text(prefix).strip()[:MAX_PREFIX_CHARS]
        if not prefix:
            return {"result": []}
        known = entity_types()
        types = tuple(t for t in types if t in known) or known
        wanted = cursor + limit
        key = name_key(prefix)
        ids = []
        exact = self.store.get_entity(prefix)
        if exact is not None:
            ids.append(exact["id"])  # an entity ID typed in: that entity first
        ids += self._name_key_search(key, types, prefix=True, limit=max(50, wanted * 3))
        ids += self._blocked(prefix, types, set())
        loaded = {i: e for i, e in self._load(self._canonical(ids)).items() if e.type in types}
        popularity = self._document_counts(m for e in loaded.values() for m in e.members)
        ranked = []
        for entity in loaded.values():
            if exact is not None and entity.id == self.store.canonical_of(exact["id"]):
                rank = -1
            else:
                rank = _prefix_rank(key, *(name_key(n) for n in entity.names)) if key else None
                if rank is None or rank > 2:
                    # no name starts with it in any script: a close spelling of a whole name still counts
                    rank = 4 if self._name_score(prefix, entity) >= FALLBACK_BELOW else None
            if rank is not None:
                docs = sum(popularity.get(m, 0) for m in entity.members)
                ranked.append((rank, -docs, entity.caption.casefold(), entity))
        ranked.sort(key=lambda r: r[:3])
        page = [r[3] for r in ranked[cursor: cursor + limit]]
        descriptions = self._descriptions(page)
        return {"result": [{"id": e.id, "name": e.caption, "description": descriptions.get(e.id, _type_label(e.type)),
                            "notable": [_type_ref(e.type)]} for e in page]}

    # ---- preview ----

    def preview(self, entity_id: str) -> dict[str, Any] | None:
        """What a preview card shows of an entity (any of its IDs), or None if there is none."""
        if not entity_id or len(entity_id) > MAX_ID_CHARS or "\x00" in entity_id:
            return None
        canonical = self.store.canonical_of(entity_id)
        entity = self._load([canonical]).get(canonical)
        if entity is None:
            return None
        facts, targets = self._relations({entity.id: entity})
        mine = facts.get(entity.id, [])
        members = []
        for fact in mine:
            if fact.property == "member_of" and fact.value_entity_id in targets:
                role = fact.qualifiers.get("role")
                label = targets[fact.value_entity_id].caption + (f" ({role})" if role else "")
                if label not in members:
                    members.append(label)
        return {
            "id": entity.id,
            "name": entity.caption,
            "type": _type_label(entity.type),
            "aliases": [n for n in entity.names if n != entity.caption][:8],
            "located_in": _target_names(mine, targets, "located_in", ("place",)),
            "member_of": members,
            "inn": sorted(entity.identifiers.get("inn", ())),
            "website": list(dict.fromkeys(f.value for f in mine if f.property == "website")),
            "documents": self._documents_naming(entity.members),
        }

    # ---- data extension ----

    def extend(self, query: ExtendQuery) -> dict[str, Any]:
        canonical = self.store.canonicals_of(query.ids)
        loaded = self._load(canonical.get(i, i) for i in query.ids)
        facts, targets = self._relations(loaded) if loaded else ({}, {})
        meta = []
        for pid, _limit in query.properties:
            info = PROPERTIES[pid]
            column: dict[str, Any] = {"id": pid, "name": info.name}
            if info.value_type:
                column["type"] = _type_ref(info.value_type)
            meta.append(column)
        rows: dict[str, dict[str, list]] = {}
        for requested in query.ids:
            entity = loaded.get(canonical.get(requested, requested))
            mine = facts.get(entity.id, []) if entity else []
            row = {}
            for pid, limit in query.properties:
                values = _extension_values(pid, entity, mine, targets) if entity else []
                row[pid] = values[:limit] if limit else values
            rows[requested] = row  # answered under the ID asked for, merged-away or not
        return {"meta": meta, "rows": rows}


def _target_names(facts: list[_Fact], targets: dict[str, _Entity], prop: str, types: tuple[str, ...]) -> list[str]:
    names = [targets[f.value_entity_id].caption for f in facts
             if f.property == prop and f.value_entity_id in targets and targets[f.value_entity_id].type in types]
    return list(dict.fromkeys(names))


def _extension_values(pid: str, entity: _Entity, facts: list[_Fact], targets: dict[str, _Entity]) -> list[dict]:
    values: list[dict] = []

    def add(value: dict) -> None:
        if value not in values:
            values.append(value)

    if pid in ("region", "cluster", "site"):
        relation = "located_in" if pid == "region" else "member_of"
        for fact in facts:
            target = targets.get(fact.value_entity_id or "")
            if fact.property == relation and target is not None and target.type == PROPERTIES[pid].value_type:
                add({"id": target.id, "name": target.caption})
        if pid == "region":
            for fact in facts:
                if fact.property == "region":
                    add({"str": fact.value})
    elif pid == "role":
        for fact in facts:
            role = fact.qualifiers.get("role") if fact.property == "member_of" else (
                fact.value if fact.property == "role" else None)
            if role:
                add({"str": role})
    elif pid == "inn":
        for inn in sorted(entity.identifiers.get("inn", ())):
            add({"str": inn})
    elif pid == "website":
        for fact in facts:
            if fact.property == "website":
                add({"str": fact.value})
    return values


def _same_place(query: str, name: str) -> bool:
    """A region given in a query and a place an entity is located in: the same place in any
    spelling or language, or the query's region and a city it is named after (Kaluga Region and
    Kaluga): the atlas seldom says which region a city is in."""
    if name_similarity(query, name) >= 90:
        return True
    a, b = analyse(query).full, analyse(name).full
    for region, city in ((a, b), (b, a)):
        if region.startswith(PLACE_TOKEN) and city and not city.startswith(PLACE_TOKEN) and len(city) >= 4 \
                and " " not in city and region[len(PLACE_TOKEN):].startswith(city):
            return True
    return False


def _normalise(pid: str, value: str) -> str:
    value = value.strip().casefold()
    if pid == "website" and value:
        host = urlsplit(value if "//" in value else "//" + value).hostname or ""
        return host.removeprefix("www.")
    return value


# ---- the preview card ----------------------------------------------------------------------------

_CARD_STYLE = (
    "body{margin:0;font:13px/1.4 system-ui,sans-serif;color:#222;background:#fff}"
    ".card{padding:8px 12px}h1{font-size:16px;margin:0 0 2px}a{color:#1a56a8}"
    ".meta{color:#666;margin:0 0 6px}dl{margin:0;display:grid;grid-template-columns:max-content 1fr;gap:2px 10px}"
    "dt{color:#666}dd{margin:0}"
)


def preview_html(data: dict[str, Any], entity_url: str) -> str:
    """A self-contained HTML card for an iframe: every value escaped, no script, no external resource."""
    e = lambda value: html.escape(str(value), quote=True)  # noqa: E731 - one short local alias
    rows = []
    for label, values in (("Also written as", data["aliases"]), ("Located in", data["located_in"]),
                          ("Member of", data["member_of"]), ("INN", data["inn"]), ("Website", data["website"])):
        if values:
            rows.append(f"<dt>{e(label)}</dt><dd>{e('; '.join(values))}</dd>")
    rows.append(f"<dt>Documents</dt><dd>{e(data['documents'])}</dd>")
    return (
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
        f"<title>{e(data['name'])}</title><style>{_CARD_STYLE}</style></head><body><div class=\"card\">"
        f"<h1><a href=\"{e(entity_url)}\" target=\"_blank\" rel=\"noopener noreferrer\">{e(data['name'])}</a></h1>"
        f"<p class=\"meta\">{e(data['type'])} · <code>{e(data['id'])}</code></p>"
        f"<dl>{''.join(rows)}</dl></div></body></html>"
    )


def entity_url(base_url: str, entity_id: str) -> str:
    return f"{base_url.rstrip('/')}/entities/{quote(entity_id, safe='')}"
