"""Ingestion: idempotent by content, one transaction per document, bad files
reported one line each with nothing of them stored. Runs on SQLite and PostgreSQL."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from clusteratlas import Atlas
from clusteratlas.cli import app

from .badfiles import SMALL_LIMIT, make_bad_files
from .conftest import CORPUS

from clusteratlas.store.tables import ALL_TABLES

EMPTY = {table.name: 0 for table in ALL_TABLES}


def test_corpus_twice_changes_no_table(atlas: Atlas):
    first = atlas.ingest([CORPUS])
    assert first.ok, first.failed
    assert len(first.ingested) >= 12
    counts = atlas.store.row_counts()
    assert counts["documents"] == len(first.ingested)
    assert counts["entities"] >= 100
    second = atlas.ingest([CORPUS])
    assert second.ingested == []
    assert len(second.unchanged) == len(first.ingested)
    assert atlas.store.row_counts() == counts


def test_same_content_under_another_name_is_unchanged(atlas: Atlas, tmp_path: Path):
    src = tmp_path / "a.txt"
    src.write_text("The Kaluga pharmaceutical cluster unites 60 companies in Kaluga Region.", encoding="utf-8")
    shutil.copy(src, tmp_path / "copy.txt")
    report = atlas.ingest([src, tmp_path / "copy.txt"])
    assert (len(report.ingested), len(report.unchanged)) == (1, 1)


def test_bad_files_leave_no_row(db_url: str, tmp_path: Path):
    reasons = make_bad_files(tmp_path / "bad")
    atlas = Atlas(db_url, max_bytes=SMALL_LIMIT)
    report = atlas.ingest([tmp_path / "bad"])
    assert len(report.failed) == len(reasons) >= 15
    assert report.ingested == [] and report.unchanged == []
    assert atlas.store.row_counts() == EMPTY
    atlas.close()


def test_cli_bad_directory_one_line_per_file_and_exit_1(db_url: str, tmp_path: Path):
    reasons = make_bad_files(tmp_path / "bad")
    result = CliRunner().invoke(app, ["--db", db_url, "ingest", "--max-size", str(SMALL_LIMIT), str(tmp_path / "bad")])
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("clusteratlas: cannot read ")]
    assert len(errors) == len(reasons)
    for name, reason in reasons.items():
        line = next(e for e in errors if f"/bad/{name}: " in e)
        assert reason in line
    assert result.stdout.strip().splitlines()[-1] == f"0 ingested, 0 unchanged, {len(reasons)} failed"
    atlas = Atlas(db_url)
    assert atlas.store.row_counts() == EMPTY
    atlas.close()


def test_good_files_go_on_past_bad_ones(atlas: Atlas, tmp_path: Path):
    make_bad_files(tmp_path / "mixed")
    (tmp_path / "mixed" / "good.txt").write_text(
        "JSC Alpha Composites is the anchor company of the Kaluga Composite Cluster in Kaluga Region.", encoding="utf-8"
    )
    atlas.max_bytes = SMALL_LIMIT
    report = atlas.ingest([tmp_path / "mixed"])
    assert len(report.ingested) == 1
    assert len(report.failed) >= 15
    assert atlas.store.row_counts()["documents"] == 1


def test_failure_while_storing_rolls_back_the_document(atlas: Atlas, tmp_path: Path, monkeypatch):
    """A crash between the document row and its statements leaves neither."""
    path = tmp_path / "doc.txt"
    path.write_text("The Alabuga special economic zone lies in the Republic of Tatarstan.", encoding="utf-8")
    from clusteratlas.store import store as store_module

    def broken_rows(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(store_module, "_statement_rows", broken_rows)
    with pytest.raises(RuntimeError):
        atlas.ingest_file(path)
    assert atlas.store.row_counts() == EMPTY
    monkeypatch.undo()
    assert atlas.ingest_file(path) == "ingested"
    assert atlas.store.row_counts()["documents"] == 1


def test_every_statement_points_into_its_document(atlas: Atlas):
    atlas.ingest([CORPUS])
    texts = {}
    checked = 0
    for st in atlas.store.iter_statements():
        text = texts.setdefault(st["document_id"], atlas.store.get_document(st["document_id"])["text"])
        assert 0 <= st["start"] < st["end"] <= len(text)
        if st["property"] == "name":
            assert text[st["start"]:st["end"]] == st["value"]
        if "text" in st["qualifiers"]:  # money and date values keep the text they were read from
            assert text[st["start"]:st["end"]] == st["qualifiers"]["text"]
        checked += 1
    assert checked > 300


def test_relations_link_stored_entities(atlas: Atlas):
    atlas.ingest([CORPUS])
    relations = [s for s in atlas.store.iter_statements() if s["value_entity_id"]]
    assert relations
    ids = {e["id"] for e in atlas.store.iter_entities()}
    assert all(r["entity_id"] in ids and r["value_entity_id"] in ids for r in relations)
