"""The domain schema, read from ``types.yaml``: entity types, properties, relations.

Everything that needs to list types or properties (validation, pages, exports,
the API) asks this module, so each list lives in one place.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from importlib.resources import files

import yaml


@dataclass(frozen=True)
class EntityType:
    name: str
    label: str
    plural: str
    description: str = ""


@dataclass(frozen=True)
class Property:
    name: str
    label: str
    types: tuple[str, ...] | None  # None: any entity type
    value_kind: str | None = None


@dataclass(frozen=True)
class Relation:
    name: str
    label: str
    reverse_label: str
    subject: tuple[str, ...]
    object: tuple[str, ...]
    roles: tuple[str, ...] = ()
    symmetric: bool = False


@dataclass(frozen=True)
class Schema:
    entity_types: dict[str, EntityType]
    properties: dict[str, Property]
    relations: dict[str, Relation] = field(default_factory=dict)

    def label(self, prop: str) -> str:
        if prop in self.properties:
            return self.properties[prop].label
        if prop in self.relations:
            return self.relations[prop].label
        return prop.replace("_", " ").capitalize()

    def is_relation(self, prop: str) -> bool:
        return prop in self.relations


@lru_cache(maxsize=1)
def load_schema() -> Schema:
    raw = yaml.safe_load(files(__package__).joinpath("types.yaml").read_text("utf-8"))
    types = {
        name: EntityType(name, spec["label"], spec["plural"], spec.get("description", ""))
        for name, spec in raw["entity_types"].items()
    }
    props = {
        name: Property(
            name,
            spec["label"],
            None if spec.get("types") == "any" else tuple(spec["types"]),
            spec.get("value_kind"),
        )
        for name, spec in raw["properties"].items()
    }
    rels = {
        name: Relation(
            name,
            spec["label"],
            spec["reverse_label"],
            tuple(spec["subject"]),
            tuple(spec["object"]),
            tuple(spec.get("roles", ())),
            bool(spec.get("symmetric", False)),
        )
        for name, spec in raw["relations"].items()
    }
    return Schema(types, props, rels)


ENTITY_TYPES: tuple[str, ...] = tuple(load_schema().entity_types)
