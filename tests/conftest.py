"""Fixtures shared by the suite.

``db_url`` runs a test once on SQLite and, when CLUSTERATLAS_TEST_DATABASE_URL
is set, once more on PostgreSQL, in a schema of its own that is dropped after.
"""

from __future__ import annotations

import os
import uuid
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from clusteratlas import Atlas
from clusteratlas.store import database_url

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "examples" / "corpus"
DATA = Path(__file__).resolve().parent / "data"
PG_ENV = "CLUSTERATLAS_TEST_DATABASE_URL"


def _pg_schema_url(base: str, schema: str) -> str:
    url = database_url(base)
    sep = "&" if "?" in url else "?"
    return f"{url}{sep}options=-csearch_path%3D{schema}"


def database(kind: str, folder: Path):
    """Yield a database URL of ``kind``: an SQLite file in ``folder``, or a schema of its own in the
    PostgreSQL named by $CLUSTERATLAS_TEST_DATABASE_URL (skipped when unset), dropped afterwards."""
    if kind == "sqlite":
        yield f"sqlite:///{folder / 'atlas.db'}"
        return
    base = os.environ.get(PG_ENV)
    if not base:
        pytest.skip(f"{PG_ENV} is not set")
    schema = "t_" + uuid.uuid4().hex[:12]
    admin = create_engine(database_url(base))
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield _pg_schema_url(base, schema)
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path):
    yield from database(request.param, tmp_path)


@pytest.fixture
def atlas(db_url):
    a = Atlas(db_url)
    yield a
    a.close()


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    return CORPUS
