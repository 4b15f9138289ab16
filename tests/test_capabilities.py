"""What organisations make or can do: the capabilities component, one sentence per cue shape, and
registry products and codes through import-table (SQLite and, when configured, PostgreSQL)."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from clusteratlas import Atlas
from clusteratlas.cli import app
from clusteratlas.extract import RuleExtractor
from clusteratlas.registry import validate_hs, validate_okpd2

ROOT = Path(__file__).resolve().parent.parent
SCORER = ROOT.parent / "shared" / "eval" / "score.py"
runner = CliRunner()


@pytest.fixture(scope="module")
def extractor() -> RuleExtractor:
    return RuleExtractor()


def facts(extractor: RuleExtractor, text: str) -> set[tuple[str, str, str]]:
    """(subject name, kind, value) for every capability read from ``text``."""
    graph = extractor.extract(text)
    return {(graph.entities[c.subject].name, c.kind, c.value) for c in graph.capabilities}


# ---- one sentence per shape ---------------------------------------------------------------

SHAPES = [
    # a verb after its subject
    ("JSC Biysk Geogrid Works produces polymer geogrids and geomembranes for road construction.",
     {("Biysk Geogrid Works", "produces", "polymer geogrids"), ("Biysk Geogrid Works", "produces", "geomembranes")}),
    # the subject, an appositive, then the verb: the owner inside the appositive is not the maker
    ("Volvo Vostok JSC, part of AB Volvo, assembles trucks in Kaluga.", {("Volvo Vostok", "produces", "trucks")}),
    # "which" after the subject
    ("Other members include Inkab LLC and Inversiya-Sensor LLC, which builds fibre-optic monitoring systems for oil wells.",
     {("Inversiya-Sensor", "produces", "fibre-optic monitoring systems")}),
    # "a maker of", subject before
    ("Other members include Inkab LLC, a maker of fibre-optic cable, and Perm Gyro JSC.",
     {("Inkab", "produces", "fibre-optic cable")}),
    # "the largest producer of X, NAME": subject after
    ("Verkhnyaya Salda is home to the world's largest producer of titanium, PJSC \"VSMPO-AVISMA Corporation\".",
     {("VSMPO-AVISMA Corporation", "produces", "titanium")}),
    # "X producer": the words before the noun, subject by apposition
    ("PJSC KAMAZ, Russia's biggest heavy truck maker, is the anchor company of the cluster.",
     {("KAMAZ", "produces", "heavy truck")}),
    # "the X maker NAME": subject right after the noun
    ("Its core partners include the prepreg producer Kompozit-Service LLC.", {("Kompozit-Service", "produces", "prepreg")}),
    # a plant named by what it makes
    ("Trakya Glass Rus LLC, part of the Turkish Sisecam group, built a float glass plant.",
     {("Trakya Glass Rus", "produces", "float glass")}),
    # "specialises in": a product, or a competence when the item names a service
    ("Ural Boeing Manufacturing LLC specialises in machining titanium forgings.",
     {("Ural Boeing Manufacturing", "capability", "machining titanium forgings")}),
    ("Kama Optics LLC specialises in optical coatings.", {("Kama Optics", "capability", "optical coatings")}),
    # a competence verb
    ("JSC Kaluga Research Radio Engineering Institute develops airborne electronic warfare systems.",
     {("Kaluga Research Radio Engineering Institute", "capability", "airborne electronic warfare systems")}),
]


@pytest.mark.parametrize("text,expected", SHAPES, ids=[s[0][:40] for s in SHAPES])
def test_each_cue_shape_gives_its_facts(extractor, text, expected):
    assert facts(extractor, text) == expected


def test_a_pronoun_takes_the_organisation_of_the_sentence_before(extractor):
    text = ("The anchor company is JSC Perm Gyro, founded in 1956. It supplies inertial navigation systems "
            "for aircraft, ships and drilling tools.")
    graph = extractor.extract(text)
    [cap] = graph.capabilities
    assert (graph.entities[cap.subject].name, cap.value) == ("Perm Gyro", "inertial navigation systems")
    assert cap.use == "aircraft, ships, drilling tools"  # one "for" serves the list after it
    assert text[cap.span.start:cap.span.end] == "inertial navigation systems"  # the span is the item itself
    assert text[cap.sentence.start:cap.sentence.end].startswith("It supplies")


@pytest.mark.parametrize("text", [
    "Forgings from Verkhnyaya Salda fly in airliners built by Boeing.",  # a passive
    "Novo Nordisk LLC agreed to build a plant in the Grabtsevo industrial park.",  # an infinitive, and a bare plant
    "Kuzbass Polymer LLC supplies Gazprom Neft PJSC.",  # a customer is no product
    "Kuzbass Polymer LLC, founded in 2005, employs 300 people.",  # no cue at all
    "Around the plant work suppliers of axles, cabs and engine parts.",  # suppliers with no name
])
def test_no_fact_where_the_text_states_none(extractor, text):
    assert facts(extractor, text) == set()


def test_document_graph_lists_capabilities_under_a_key_the_scorer_ignores(extractor, tmp_path: Path):
    text = "JSC Biysk Geogrid Works produces polymer geogrids. JSC Biysk Geogrid Works is located in Biysk."
    graph = extractor.extract(text).to_schema_dict("doc.txt")
    at = text.index("polymer geogrids")
    assert graph["capabilities"] == [{"subject": "Biysk Geogrid Works", "kind": "produces", "value": "polymer geogrids",
                                      "start": at, "end": at + len("polymer geogrids"), "cue": "produces"}]
    if not SCORER.is_file():
        pytest.skip("the shared scorer is not checked out beside the project")
    spec = importlib.util.spec_from_file_location("score", SCORER)
    score = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(score)
    with_key, without_key = score.Tally(), score.Tally()
    plain = {k: v for k, v in graph.items() if k != "capabilities"}
    score.score_document(plain, graph, with_key)
    score.score_document(plain, plain, without_key)
    assert with_key.counts == without_key.counts  # the extra key changes no figure


def test_cli_extract_writes_capabilities(tmp_path: Path):
    doc = tmp_path / "makers.txt"
    doc.write_text("Kama Optics LLC, a maker of optical lenses, is based in Perm.", encoding="utf-8")
    result = runner.invoke(app, ["extract", str(doc), "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    written = json.loads((tmp_path / "out" / "makers.json").read_text(encoding="utf-8"))
    assert [(c["subject"], c["value"]) for c in written["capabilities"]] == [("Kama Optics", "optical lenses")]


def test_ingested_capabilities_are_statements_with_their_sentence(atlas: Atlas, tmp_path: Path):
    doc = tmp_path / "makers.txt"
    doc.write_text("Composite makers.\n\nBarnaul Rebar LLC, a manufacturer of composite reinforcement, is located in Barnaul.",
                   encoding="utf-8")
    assert atlas.ingest([doc]).ok
    [found] = atlas.find_entity("Barnaul Rebar")
    makes = [f for f in atlas.entity(found["id"])["facts"] if f["property"] == "produces"]
    assert [(f["value"], f["label"]) for f in makes] == [("composite reinforcement", "Makes")]
    fact = makes[0]
    assert fact["sentence"].startswith("Barnaul Rebar LLC, a manufacturer of")
    assert fact["qualifiers"]["cue"] == "manufacturer of"
    text = atlas.document(fact["document"]["id"])["text"]
    assert text[fact["start"]:fact["end"]] == "composite reinforcement"


# ---- registries ------------------------------------------------------------------------------


def test_okpd2_and_hs_are_checked_by_shape():
    assert validate_okpd2("22.21.30; 25.99.29.190\n22") == "22.21.30; 25.99.29.190; 22"
    for bad in ("2221", "22.21.3.01", "00.11", "22.21.30.12", "twenty"):
        with pytest.raises(ValueError):
            validate_okpd2(bad)
    assert validate_hs("7019 90 000 9, 3926.90") == "7019900009; 392690"
    for bad in ("98765", "9901 00", "0000", "70AB"):
        with pytest.raises(ValueError):
            validate_hs(bad)


def test_import_table_products_and_codes_become_statements(db_url: str, tmp_path: Path):
    table = tmp_path / "suppliers.csv"
    table.write_text('Company,INN,Products,OKPD2,HS\n'
                     'Biysk Geogrid Works,7707083893,"geogrids; geomembranes, composite rebar",22.21.30,3926 90 970 9\n'
                     'Barnaul Rebar,7736050003,"composite rebar\nfibreglass mesh",,\n', encoding="utf-8")
    result = runner.invoke(app, ["--db", db_url, "import-table", str(table), "--map",
                                 "name=Company,inn=INN,products=Products,okpd2=OKPD2,hs=HS", "--source", "Supplier list"])
    assert result.exit_code == 0, result.output
    atlas = Atlas(db_url)
    [geogrid] = atlas.find_entity("Biysk Geogrid Works")
    found = atlas.entity(geogrid["id"])["facts"]
    made = sorted(f["value"] for f in found if f["property"] == "produces")
    assert made == ["composite rebar", "geogrids", "geomembranes"]
    assert [f["value"] for f in found if f["property"] == "okpd2"] == ["22.21.30"]
    assert [f["value"] for f in found if f["property"] == "hs"] == ["3926909709"]
    for fact in found:
        if fact["property"] in ("produces", "okpd2", "hs"):
            text = atlas.document(fact["document"]["id"])["text"]
            assert text[fact["start"]:fact["end"]] == fact["value"]  # each item cites its own place in the row
            assert "Biysk Geogrid Works" in fact["sentence"]  # ... and the row is its sentence
    [rebar] = atlas.find_entity("Barnaul Rebar")
    assert sorted(f["value"] for f in atlas.entity(rebar["id"])["facts"] if f["property"] == "produces") == \
        ["composite rebar", "fibreglass mesh"]  # one product per line of a cell
    # the registry's products answer a need, and so does its code, by prefix
    assert atlas.match("composite rebar")[0].name in ("Barnaul Rebar", "Biysk Geogrid Works")
    by_code = atlas.match("22.21")
    assert [m.name for m in by_code] == ["Biysk Geogrid Works"] and by_code[0].evidence[0].property == "okpd2"
    atlas.close()


def test_import_table_refuses_a_bad_code_and_loads_nothing(db_url: str, tmp_path: Path):
    table = tmp_path / "bad.csv"
    table.write_text("Company;OKPD2\nGood;22.21\nBad;2221\n", encoding="utf-8")
    result = runner.invoke(app, ["--db", db_url, "import-table", str(table), "--map", "name=Company,okpd2=OKPD2"])
    assert result.exit_code == 1
    assert any("line 3" in line and "okpd2" in line for line in result.stderr.splitlines())
    atlas = Atlas(db_url)
    assert atlas.store.row_counts()["statements"] == 0
    atlas.close()
