from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from clusteratlas.cli import app

from .conftest import CORPUS, ROOT

runner = CliRunner()


def _commands() -> list[str]:
    import typer.main

    group = typer.main.get_command(app)
    return sorted(group.commands)


def test_every_command_in_readme_exists():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    # command lines in code blocks and `inline code`, not prose or Python imports
    used = set(re.findall(r"(?:^|`)clusteratlas(?:\s+--db\s+\S+)?\s+([a-z][a-z-]+)", readme, re.M))
    assert used, "README shows no clusteratlas command"
    assert used <= set(_commands()), used - set(_commands())


def test_every_command_help_has_an_example():
    for name in _commands():
        result = runner.invoke(app, [name, "--help"])
        assert result.exit_code == 0, name
        assert "Example: clusteratlas" in result.output, name


def test_ingest_entities_show_documents_export(tmp_path: Path):
    db = str(tmp_path / "atlas.db")
    result = runner.invoke(app, ["--db", db, "ingest", str(CORPUS)])
    assert result.exit_code == 0, result.output
    assert re.search(r"^\d+ ingested, 0 unchanged, 0 failed$", result.stdout, re.M)

    listed = runner.invoke(app, ["--db", db, "entities", "--type", "place", "--per-page", "5", "--json"])
    page = json.loads(listed.stdout)
    assert page["per_page"] == 5 and len(page["items"]) == 5 and page["total"] > 5
    assert {row["type"] for row in page["items"]} == {"place"}

    name = page["items"][0]["caption"]
    shown = runner.invoke(app, ["--db", db, "show", name])
    assert shown.exit_code == 0
    assert name in shown.stdout and "“" in shown.stdout  # a quoted source sentence

    docs = runner.invoke(app, ["--db", db, "documents", "--json"])
    assert json.loads(docs.stdout)["total"] >= 12

    out = tmp_path / "atlas.csv"
    exported = runner.invoke(app, ["--db", db, "export", "--format", "csv", "--out", str(out)])
    assert exported.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert rows and all(r["document_id"].startswith("doc-") for r in rows)
    named = [r for r in rows if r["property"] == "name"]
    assert all(r["source_text"] == r["value"] for r in named)

    as_json = runner.invoke(app, ["--db", db, "export", "--format", "json"])
    data = json.loads(as_json.stdout)
    assert len(data["statements"]) == len(rows)
    assert {e["id"] for e in data["entities"]} >= {r["entity_id"] for r in rows if r["entity_id"]}


def test_errors_are_one_line_with_non_zero_exit(tmp_path: Path):
    db = str(tmp_path / "atlas.db")
    missing = runner.invoke(app, ["--db", db, "show", "No Such Cluster Anywhere"])
    assert missing.exit_code == 1
    assert missing.stderr.strip().count("\n") == 0 and missing.stderr.startswith("clusteratlas: ")
    bad_type = runner.invoke(app, ["--db", db, "entities", "--type", "planet"])
    assert bad_type.exit_code == 2 and "unknown type 'planet'" in bad_type.stderr
    bad_format = runner.invoke(app, ["--db", db, "export", "--format", "xml"])
    assert bad_format.exit_code == 2
    bad_db = runner.invoke(app, ["--db", "postgresql://nobody@127.0.0.1:1/none", "entities"])
    assert bad_db.exit_code == 1 and "cannot open the database" in bad_db.stderr


def test_console_script_runs():
    exe = Path(sys.executable).with_name("clusteratlas")
    result = subprocess.run([str(exe), "--version"], capture_output=True, text=True, check=True)
    assert result.stdout.startswith("clusteratlas ")


def test_database_from_environment(tmp_path: Path, monkeypatch):
    db = tmp_path / "from-env.db"
    monkeypatch.setenv("CLUSTERATLAS_DATABASE_URL", str(db))
    doc = tmp_path / "a.txt"
    doc.write_text("The Tomsk special economic zone lies in Tomsk Region.", encoding="utf-8")
    result = runner.invoke(app, ["ingest", str(doc)])
    assert result.exit_code == 0
    assert db.exists()
    listed = runner.invoke(app, ["documents", "--json"])
    assert json.loads(listed.stdout)["total"] == 1
