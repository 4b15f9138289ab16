"""Resolution: which stored entity does a mention in a document graph denote?

This first resolver is key-based: the same type and the same normalised name
(:func:`clusteratlas.names.name_key`) give the same entity, and the ID is a
hash of that key, so re-running gives the same IDs. A scored, reviewable
resolver replaces :func:`entity_id_for` behind the same call.
"""

from __future__ import annotations

import hashlib

from ..model import DocumentGraph
from ..names import name_key

# Short, readable ID prefixes per entity type.
_PREFIX = {"organization": "org", "cluster": "cl", "site": "site", "person": "per", "place": "pl", "legal_act": "act"}


def entity_id_for(entity_type: str, name: str, identifier: str | None = None) -> str:
    """The ID of a type and name; an identifier (INN, OGRN) is part of it, because two companies
    may share a name ("Progress LLC") and be told apart only by their registration numbers."""
    key = name_key(name) or name.strip().lower()
    if identifier:
        key += f"\x1f{identifier}"
    digest = hashlib.sha1(f"{entity_type}\x1f{key}".encode("utf-8")).hexdigest()[:12]
    return f"{_PREFIX.get(entity_type, entity_type[:4])}-{digest}"


def resolve_graph(graph: DocumentGraph) -> list[str]:
    """The stored entity ID of each entity of ``graph``, in order."""
    return [entity_id_for(ent.type, ent.name, ent.attributes.get("inn") or ent.attributes.get("ogrn"))
            for ent in graph.entities]
