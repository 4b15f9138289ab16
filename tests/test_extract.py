"""The extraction interface and the baseline recognisers, on small sentences."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from clusteratlas.cli import app
from clusteratlas.extract import Extractor, default_extractor
from clusteratlas.extract.sentences import split_sentences

from .conftest import ROOT

EXTRACTOR = default_extractor()
SHARED_EVAL = ROOT.parent / "shared" / "eval"


def graph_of(text: str) -> dict:
    return EXTRACTOR.extract(text).to_schema_dict("t.txt")


def names_of(graph: dict, etype: str) -> set[str]:
    return {e["name"] for e in graph["entities"] if e["type"] == etype}


def test_default_extractor_meets_the_interface():
    assert isinstance(EXTRACTOR, Extractor)
    assert EXTRACTOR.name and EXTRACTOR.version


@pytest.mark.parametrize(
    "text, amount, currency",
    [
        ("The budget was 141.5 million rubles.", 141_500_000, "RUB"),
        ("It received RUB 1.73 bn in 2014.", 1_730_000_000, "RUB"),
        ("Investments reach $4.2 billion.", 4_200_000_000, "USD"),
        ("They paid 90 mln roubles.", 90_000_000, "RUB"),
        ("A grant of € 30 million followed.", 30_000_000, "EUR"),
        ("In total RUR 38.5 billion was spent.", 38_500_000_000, "RUB"),
        ("The plant cost 1,200,000 euros.", 1_200_000, "EUR"),
    ],
)
def test_money(text: str, amount: int, currency: str):
    values = [v for v in graph_of(text)["values"] if v["kind"] == "money"]
    assert len(values) == 1
    assert values[0]["amount"] == pytest.approx(amount, rel=0.001)
    assert values[0]["currency"] == currency
    assert values[0]["text"] in text


@pytest.mark.parametrize(
    "text, iso",
    [
        ("Signed on March 6, 2013 in Kaluga.", "2013-03-06"),
        ("The order dd. 28.08.2012 approved the list.", "2012-08-28"),
        ("It opened on the 19th of August 2011.", "2011-08-19"),
        ("The decree of 12 April 2016 followed.", "2016-04-12"),
        ("Registered 2015-07-31 by the ministry.", "2015-07-31"),
    ],
)
def test_dates(text: str, iso: str):
    dates = [v["value"] for v in graph_of(text)["values"] if v["kind"] == "date"]
    assert dates == [iso]


def test_years_and_months_alone_are_not_dates():
    assert graph_of("The park opened in 2012 and grew in March.")["values"] == []


def test_offsets_point_at_the_text():
    text = "The Alabuga special economic zone received 2.5 billion rubles on 5 May 2010."
    graph = EXTRACTOR.extract(text)
    for value in graph.values:
        assert text[value.span.start:value.span.end] == value.text
    for ent in graph.entities:
        for span, surface in ent.mentions:
            assert text[span.start:span.end] == surface


def test_legal_act_with_number_and_date():
    graph = graph_of("The cluster was listed by Government Decree No. 779 of July 31, 2015.")
    acts = [e for e in graph["entities"] if e["type"] == "legal_act"]
    assert len(acts) == 1
    assert acts[0]["attributes"]["number"] == "779"


def test_organization_with_legal_form_and_cluster_membership():
    graph = graph_of("JSC Alpha Composites is the anchor company of the Kaluga Composite Cluster.")
    assert "Alpha Composites" in names_of(graph, "organization")
    assert "Kaluga Composite Cluster" in names_of(graph, "cluster")
    org = next(e for e in graph["entities"] if e["name"] == "Alpha Composites")
    assert org["attributes"]["legal_form"] == "JSC"
    assert {"subject": "Alpha Composites", "predicate": "member_of", "object": "Kaluga Composite Cluster",
            "role": "anchor"}.items() <= graph["relations"][0].items()


def test_site_and_place_and_located_in():
    graph = graph_of("The Vorsino industrial park is located in Kaluga Region.")
    assert names_of(graph, "site") == {"Vorsino industrial park"}
    assert names_of(graph, "place") == {"Kaluga Region"}
    assert [(r["subject"], r["predicate"], r["object"]) for r in graph["relations"]] == [
        ("Vorsino industrial park", "located_in", "Kaluga Region")
    ]


def test_variants_of_one_name_are_one_entity():
    graph = graph_of("JSC ORPE Tekhnologia is based in Obninsk. ORPE Tekhnologia makes composites.")
    orgs = [e for e in graph["entities"] if e["type"] == "organization"]
    assert len(orgs) == 1
    assert orgs[0]["name"] == "ORPE Tekhnologia"


def test_sentences_respect_abbreviations():
    text = "Decree No. 188 was signed. The St. Petersburg park opened. Prices rose."
    assert [text[s.start:s.end] for s in split_sentences(text)] == [
        "Decree No. 188 was signed.", "The St. Petersburg park opened.", "Prices rose."
    ]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text())
def test_never_raises_on_any_unicode(text: str):
    graph = EXTRACTOR.extract(text)
    for ent in graph.entities:
        for span, surface in ent.mentions:
            assert text[span.start:span.end] == surface


@pytest.mark.parametrize(
    "text",
    ["", " ", "\n\n\n", "x" * 1_000_000, ("JSC Alpha Cluster in Kaluga Region 5 mln rubles; " * 4_000),
     "Kaluga" * 50_000, "«" * 10_000 + "»" * 10_000, "No. " * 10_000, "Ab Cd " * 20_000],
)
def test_never_raises_on_awkward_text(text: str):
    graph = EXTRACTOR.extract(text)
    assert isinstance(graph.entities, list)


def test_extract_command_writes_contract_json(tmp_path: Path):
    src = tmp_path / "one.txt"
    src.write_text("JSC Alpha Composites is the anchor company of the Kaluga Composite Cluster.", encoding="utf-8")
    result = CliRunner().invoke(app, ["--db", str(tmp_path / "never.db"), "extract", str(src), "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    data = json.loads((tmp_path / "out" / "one.json").read_text(encoding="utf-8"))
    assert data["document"] == "one.txt"
    assert {"entities", "values", "relations"} <= set(data)
    assert not (tmp_path / "never.db").exists()  # extraction touches no database


@pytest.mark.skipif(not (SHARED_EVAL / "score.py").exists(), reason="../shared/eval is not beside the checkout")
def test_dev_set_is_scored_without_error(tmp_path: Path):
    docs = sorted((SHARED_EVAL / "dev" / "docs").glob("*.txt"))
    result = CliRunner().invoke(app, ["extract", *map(str, docs), "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert len(list(tmp_path.glob("*.json"))) == len(docs) == 5
    scored = subprocess.run(
        [sys.executable, str(SHARED_EVAL / "score.py"), str(SHARED_EVAL / "dev" / "gold"), str(tmp_path)],
        capture_output=True, text=True, check=True,
    )
    micro = float(scored.stdout.strip().splitlines()[-1].rsplit("F1", 1)[1])
    assert micro >= 0.80  # spaCy's small model with money and date rules scores 0.353 here
