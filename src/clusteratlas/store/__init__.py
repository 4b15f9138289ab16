"""Storage: the one :class:`Store` interface over SQLite (the default) and
PostgreSQL. Both run the same SQLAlchemy Core queries; the schema is created
and upgraded by the Alembic migrations in ``migrations/``."""

from __future__ import annotations

import os
from pathlib import Path

from .store import Store

DEFAULT_DATABASE = "atlas.db"
DATABASE_ENV = "CLUSTERATLAS_DATABASE_URL"


def database_url(value: str | os.PathLike | None = None) -> str:
    """An SQLAlchemy URL from a path or URL; ``None`` reads the environment, then ./atlas.db."""
    raw = str(value) if value else os.environ.get(DATABASE_ENV) or DEFAULT_DATABASE
    if "://" not in raw:
        return "sqlite:///" + str(Path(raw).expanduser().resolve())
    for prefix in ("postgresql://", "postgres://"):
        if raw.startswith(prefix):  # psycopg 3 is the driver we ship
            return "postgresql+psycopg://" + raw[len(prefix):]
    return raw


def open_store(value: str | os.PathLike | None = None, *, migrate: bool = True) -> Store:
    store = Store(database_url(value))
    if migrate:
        store.migrate()
    return store


__all__ = ["DATABASE_ENV", "DEFAULT_DATABASE", "Store", "database_url", "open_store"]
