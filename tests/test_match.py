"""Supplier matching: the library, the CLI, the API (422 on bad input), the CSV shortlist and the page,
on SQLite and (when configured) PostgreSQL; and the benchmark's needs over the example corpus."""

from __future__ import annotations

import csv
import io
import sys
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from clusteratlas import Atlas
from clusteratlas.cli import app
from clusteratlas.match import MatchError, SemanticUnavailable, semantic_available, write_csv
from clusteratlas.stemmer import porter, stem
from clusteratlas.web import create_app

from .conftest import CORPUS, ROOT

DATA = Path(__file__).resolve().parent / "data" / "match"
runner = CliRunner()


@pytest.fixture
def matched(atlas: Atlas) -> Atlas:
    report = atlas.ingest([DATA])
    assert report.ok, report.failed
    return atlas


@pytest.fixture
def client(matched: Atlas) -> TestClient:
    return TestClient(create_app(matched))


# ---- words --------------------------------------------------------------------------------


def test_stems_join_inflections_spellings_and_synonyms():
    assert porter("forgings") == porter("forging") == "forg"
    assert stem("Fibre") == stem("fiber") and stem("fertilisers") == stem("fertilizer")
    assert stem("rebar") == stem("reinforcement") and stem("building") == stem("construction")
    assert stem("generics") != stem("general")  # Porter alone would join them


# ---- the library ----------------------------------------------------------------------------


def test_a_maker_ranks_above_an_organisation_only_named_beside_the_need(matched: Atlas):
    results = matched.match("geogrids for road construction")
    names = [m.name for m in results]
    assert names[:2] == ["Biysk Geogrid Works", "Kuzbass Polymer"]
    assert "Federal Road Agency" in names[2:]  # named in a sentence about road construction: weaker evidence
    top = results[0]
    assert top.evidence[0].property == "produces" and top.evidence[0].value == "polymer geogrids"
    assert top.evidence[0].text == "JSC Biysk Geogrid Works produces polymer geogrids and geomembranes for road construction."
    assert top.evidence[0].document["title"] == "Composite makers of Altai Krai"
    assert top.region == "Altai Krai"  # Biysk's region, through the cluster it belongs to
    assert top.clusters == [{"id": top.clusters[0]["id"], "name": "Altai Composite Cluster", "type": "cluster",
                             "role": "participant"}]
    for m in results:
        assert m.evidence and all(e.text and e.document["id"] for e in m.evidence)


def test_region_and_cluster_reorder_but_admit_nobody(matched: Atlas):
    plain = {m.name: m for m in matched.match("geogrids")}
    in_altai = {m.name: m for m in matched.match("geogrids", region="Altai Krai")}
    assert set(in_altai) == set(plain)  # nobody without geogrids comes in for being in the region
    assert in_altai["Biysk Geogrid Works"].in_region and not in_altai["Kuzbass Polymer"].in_region
    assert in_altai["Biysk Geogrid Works"].score == pytest.approx(2 * plain["Biysk Geogrid Works"].score)
    assert in_altai["Kuzbass Polymer"].score == pytest.approx(plain["Kuzbass Polymer"].score)
    # a city of the region counts as the region: Kemerovo is in the Kemerovo Region
    assert {m.name for m in matched.match("geogrids", region="Kemerovo Region") if m.in_region} == {"Kuzbass Polymer"}
    by_cluster = matched.match("optical coatings fibre-optic gyroscopes", cluster="Perm Photonics Cluster")
    assert {m.name for m in by_cluster if m.in_cluster} == {"Perm Gyro", "Kama Optics"}
    assert {m.name for m in by_cluster} == {"Perm Gyro", "Kama Optics"}


@pytest.mark.parametrize("kwargs,message", [
    ({"need": ""}, "say what you need"),
    ({"need": "suppliers for the region"}, "nothing to match"),
    ({"need": "geogrids", "region": "Xanadu Oblast"}, "no place called"),
    ({"need": "geogrids", "cluster": "No Such Cluster"}, "no cluster or site called"),
    ({"need": "geogrids", "limit": 0}, "limit"),
    ({"need": "x" * 501}, "longer than"),
])
def test_input_that_cannot_be_matched_is_refused_in_words(matched: Atlas, kwargs, message):
    options = dict(kwargs)  # the parameters are shared by the SQLite and PostgreSQL runs
    need = options.pop("need")
    with pytest.raises(MatchError, match=message):
        matched.match(need, **options)


def test_an_atlas_that_grows_is_matched_afresh(matched: Atlas, tmp_path: Path):
    assert matched.match("air purifiers") == []
    doc = tmp_path / "tion.txt"
    doc.write_text("Tion LLC, a maker of air purifiers, is a resident of Akadempark.", encoding="utf-8")
    assert matched.ingest([doc]).ok
    assert [m.name for m in matched.match("air purifiers")] == ["Tion"]


def test_semantic_needs_its_extra_or_says_so(matched: Atlas):
    if semantic_available():
        results = matched.match("geogrids for road construction", semantic=True)
        assert results[0].name == "Biysk Geogrid Works"
    else:
        with pytest.raises(SemanticUnavailable, match="semantic"):
            matched.match("geogrids", semantic=True)


def test_csv_shortlist_escapes_formulas(matched: Atlas):
    out = io.StringIO()
    assert write_csv(matched.match("geogrids"), out) == 2
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert [r["name"] for r in rows] == ["Biysk Geogrid Works", "Kuzbass Polymer"]
    assert rows[0]["rank"] == "1" and "produces polymer geogrids" in rows[0]["evidence"]
    assert rows[0]["documents"] == "Composite makers of Altai Krai"
    from clusteratlas.match import _cell

    assert _cell("=HYPERLINK(1)") == "'=HYPERLINK(1)" and _cell("Kama") == "Kama"


# ---- the CLI ----------------------------------------------------------------------------------


def test_cli_lists_with_evidence_and_writes_csv(matched: Atlas, db_url: str, tmp_path: Path):
    shortlist = tmp_path / "shortlist.csv"
    result = runner.invoke(app, ["--db", db_url, "match", "geogrids for road construction", "--region", "Altai Krai",
                                 "--limit", "2", "--csv", str(shortlist)])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].startswith(" 1. Biysk Geogrid Works") and "Altai Krai" in lines[0]
    assert "produces: polymer geogrids" in lines[1] and "Composite makers of Altai Krai" in lines[1]
    assert sum(1 for line in lines if line[:3].strip().rstrip(".").isdigit()) == 2
    rows = list(csv.reader(shortlist.open(encoding="utf-8")))
    assert rows[0][:3] == ["rank", "id", "name"] and len(rows) == 3


def test_cli_refuses_bad_input_with_one_line(matched: Atlas, db_url: str):
    result = runner.invoke(app, ["--db", db_url, "match", "the and of"])
    assert result.exit_code == 2 and result.stderr.startswith("clusteratlas: cannot match: nothing to match")
    result = runner.invoke(app, ["--db", db_url, "match", "geogrids", "--cluster", "No Such Cluster"])
    assert result.exit_code == 2 and "no cluster or site called" in result.stderr


def test_cli_help_teaches_with_an_example():
    result = runner.invoke(app, ["match", "--help"])
    assert result.exit_code == 0
    assert "Example: clusteratlas match" in result.stdout and "--region" in result.stdout and "--csv" in result.stdout


# ---- the API, the CSV download, the page ---------------------------------------------------------


def test_api_answers_results_with_evidence_region_and_clusters(client: TestClient):
    body = client.get("/api/match", params={"q": "geogrids for road construction", "limit": 2}).json()
    assert [r["name"] for r in body["results"]] == ["Biysk Geogrid Works", "Kuzbass Polymer"]
    first = body["results"][0]
    assert set(first) >= {"id", "name", "score", "evidence", "region", "clusters"}
    assert first["region"] == "Altai Krai"
    assert first["clusters"][0]["name"] == "Altai Composite Cluster" and first["clusters"][0]["role"] == "participant"
    assert {"id", "name", "role"} <= set(first["clusters"][0])
    evidence = first["evidence"][0]
    assert evidence["text"].startswith("JSC Biysk Geogrid Works produces") and evidence["document"]["id"].startswith("doc-")
    # the entity the result names is the one the entity API answers for
    assert client.get(f"/api/entities/{first['id']}").json()["caption"] == "Biysk Geogrid Works"


@pytest.mark.parametrize("params", [
    {},  # no need at all
    {"q": ""},
    {"q": "the of and"},  # only words that say who, not what
    {"q": "x" * 501},
    {"q": "geo\x00grids"},
    {"q": "geogrids", "limit": 0},
    {"q": "geogrids", "limit": 201},
    {"q": "geogrids", "limit": "many"},
    {"q": "geogrids", "region": "Xanadu Oblast"},
    {"q": "geogrids", "cluster": "No Such Cluster"},
    {"q": "geogrids", "region": "r" * 201},
    {"q": "geogrids", "semantic": "perhaps"},
])
def test_api_bad_input_is_422(client: TestClient, params):
    for path in ("/api/match", "/api/match.csv"):
        response = client.get(path, params=params)
        assert response.status_code == 422, (path, params, response.text)
        assert "detail" in response.json()


def test_api_semantic_without_the_extra_is_501(client: TestClient):
    if semantic_available():
        pytest.skip("the semantic extra is installed here")
    response = client.get("/api/match", params={"q": "geogrids", "semantic": "true"})
    assert response.status_code == 501 and "semantic" in response.json()["detail"]


def test_csv_download(client: TestClient):
    response = client.get("/api/match.csv", params={"q": "geogrids", "region": "Altai Krai"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert "attachment" in response.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert [r["name"] for r in rows] == ["Biysk Geogrid Works", "Kuzbass Polymer"]
    assert rows[0]["region"] == "Altai Krai"


def test_page_renders_results_with_evidence_and_escapes_the_need(client: TestClient):
    page = client.get("/match", params={"q": "geogrids for road construction"})
    assert page.status_code == 200
    assert "script-src 'none'" in page.headers["content-security-policy"]
    html = page.text
    assert "Biysk Geogrid Works" in html and "JSC Biysk Geogrid Works produces polymer geogrids" in html
    assert 'href="/documents/doc-' in html and "#s-" in html  # evidence links to its sentence
    assert 'href="/api/match.csv?q=geogrids+for+road+construction"' in html
    assert "<script" not in html
    hostile = client.get("/match", params={"q": "<script>alert(1)</script> geogrids", "region": "\"><b>x</b>"})
    assert "<script>alert(1)</script>" not in hostile.text and "&lt;script&gt;" in hostile.text
    assert "<b>x</b>" not in hostile.text
    assert hostile.status_code == 422  # the region is unknown: said on the page, not a crash
    empty = client.get("/match")
    assert empty.status_code == 200 and 'name="q"' in empty.text
    refused = client.get("/match", params={"q": "of the"})
    assert refused.status_code == 422 and "cannot be matched" in refused.text


# ---- the benchmark's needs over the example corpus ---------------------------------------------------


@pytest.fixture(scope="module")
def corpus_atlas(tmp_path_factory) -> Atlas:
    atlas = Atlas(f"sqlite:///{tmp_path_factory.mktemp('bench') / 'atlas.db'}")
    report = atlas.ingest([CORPUS])
    assert report.ok, report.failed
    yield atlas
    atlas.close()


def test_every_result_of_every_bench_need_carries_evidence(corpus_atlas: Atlas):
    sys.path.insert(0, str(ROOT / "bench" / "match"))
    try:
        from evaluate import load_needs
    finally:
        sys.path.pop(0)
    needs = load_needs()
    assert len(needs) >= 20
    answered = 0
    for item in needs:
        results = corpus_atlas.match(item["need"], region=item.get("region"), cluster=item.get("cluster"), limit=10)
        answered += bool(results)
        for m in results:
            assert m.evidence, (item["need"], m.name)
            for ev in m.evidence:
                assert ev.text.strip() and ev.document["id"].startswith("doc-"), (item["need"], m.name, ev)
                doc = corpus_atlas.document(ev.document["id"])
                assert " ".join(doc["text"][ev.sentence_start:].split()).startswith(ev.text[:40])  # it is that document's text
    assert answered >= len(needs) - 3  # a need may go unanswered only where the corpus names no maker


def test_semantic_similarity_adds_to_the_words(matched: Atlas, monkeypatch):
    """The blend of embedding similarity and BM25, with a stand-in encoder (the real model is an
    optional extra): a need sharing no word with any statement still finds what means the same."""
    import numpy as np

    import clusteratlas.match as matching

    topics = ("geogrid", "gyroscope", "coating")
    meaning = {"ground stabilising mesh": "geogrid", "polymer geogrids": "geogrid"}

    class Encoder:
        def encode(self, texts, normalize_embeddings=True, batch_size=64):
            def vector(text):
                low = text.lower()
                topic = meaning.get(low) or next((t for t in topics if t in low), None)
                v = np.array([1.0 if t == topic else 0.0 for t in topics] + [0.1])
                return v / np.linalg.norm(v)
            return np.array([vector(t) for t in texts])

    monkeypatch.setattr(matching, "semantic_model", lambda: Encoder())
    assert matched.match("ground stabilising mesh") == []  # no word in common with any fact
    found = matched.match("ground stabilising mesh", semantic=True)
    assert found[0].name == "Biysk Geogrid Works" and found[0].evidence[0].value == "polymer geogrids"
