"""import-table: registry rows become sourced statements, all or nothing, and INN joins spellings."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from clusteratlas import Atlas
from clusteratlas.cli import app

runner = CliRunner()


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_rows_become_statements_and_inn_joins_spellings(db_url: str, tmp_path: Path):
    first = _write(tmp_path / "park.csv", "Company;INN;Region\nSberbank;7707083893;Moscow\n")
    second = _write(tmp_path / "cluster.csv", "Name,INN,Products\nPJSC «Sberbank of Russia»,7707083893,loans\n")
    assert runner.invoke(app, ["--db", db_url, "import-table", str(first), "--map", "name=Company,inn=INN,region=Region"]).exit_code == 0
    result = runner.invoke(app, ["--db", db_url, "import-table", str(second), "--map", "name=Name,inn=INN,products=Products",
                                 "--source", "Cluster register"])
    assert result.exit_code == 0, result.output
    atlas = Atlas(db_url)
    mentions = {m["name"]: m["entity_id"] for m in atlas.mentions()}
    assert mentions["Sberbank"] == mentions["PJSC «Sberbank of Russia»"]  # different names, one INN
    entity = atlas.entity(mentions["Sberbank"])
    facts = {(f["property"], f["value"]) for f in entity["facts"]}
    assert ("inn", "7707083893") in facts and ("produces", "loans") in facts  # a products cell gives produces statements
    located = [f for f in entity["facts"] if f["property"] == "located_in"]
    assert located and located[0]["other"]["caption"] == "Moscow"
    assert "Sberbank" in located[0]["sentence"]  # the row is the source "sentence"
    atlas.close()


def test_bad_rows_load_nothing_and_name_their_lines(db_url: str, tmp_path: Path):
    table = _write(tmp_path / "bad.csv", "Company;INN;OGRN\nGood;7707083893;1027700132195\nBad;7707083894;\nWorse;;123\n")
    result = runner.invoke(app, ["--db", db_url, "import-table", str(table), "--map", "name=Company,inn=INN,ogrn=OGRN"])
    assert result.exit_code == 1
    lines = [line for line in result.stderr.splitlines() if " line " in line]
    assert any("line 3" in line and "inn" in line for line in lines)
    assert any("line 4" in line and "ogrn" in line for line in lines)
    atlas = Atlas(db_url)
    assert atlas.store.row_counts()["documents"] == 0 and atlas.store.row_counts()["statements"] == 0
    atlas.close()


def test_mapping_and_type_errors_are_one_line(tmp_path: Path):
    table = _write(tmp_path / "t.csv", "Company\nAlpha\n")
    db = str(tmp_path / "a.db")
    unknown = runner.invoke(app, ["--db", db, "import-table", str(table), "--map", "name=Company,colour=Colour"])
    assert unknown.exit_code == 2 and unknown.stderr.startswith("clusteratlas: --map:")
    missing = runner.invoke(app, ["--db", db, "import-table", str(table), "--map", "name=Firma"])
    assert missing.exit_code == 1 and "Firma" in missing.stderr


def test_same_name_different_inn_stays_two_companies(db_url: str, tmp_path: Path):
    table = _write(tmp_path / "same.csv", "Company,INN\nProgress LLC,7707083893\nProgress LLC,7728168971\n")
    result = runner.invoke(app, ["--db", db_url, "import-table", str(table), "--map", "name=Company,inn=INN"])
    assert result.exit_code == 0, result.output
    atlas = Atlas(db_url)
    try:
        found = {atlas.entity(e["id"])["id"] for e in atlas.find_entity("Progress LLC")}
        assert len(found) == 2  # one name, two registration numbers: two canonical entities
    finally:
        atlas.close()
