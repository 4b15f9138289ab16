"""Full-text search: ranking, snippets, facets, pages, names across scripts, hostile queries,
and an index that follows ingest and rebuilds to the same state. SQLite and PostgreSQL."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from clusteratlas import Atlas
from clusteratlas.cli import app
from clusteratlas.search import MAX_QUERY_CHARS, SearchError
from clusteratlas.web import create_app

from .conftest import DATA

SEARCH = DATA / "search"
RESOLUTION = DATA / "resolution"

# What people paste into a search box; each must be searched or refused in one line, never crash.
HOSTILE = ['"', '""', '"unbalanced', "*", "compos*", "-composite", "title:composite", "NEAR(composite materials)",
           "composite AND", "OR", "NOT timber", "((composite", "composite)", "^", "{title}: x", "'; DROP TABLE x; --",
           "\\", "%_", "…", "🙂", "composite " * 40, "x" * (MAX_QUERY_CHARS + 1), "a" * 10_240]


@pytest.fixture
def atlas(db_url):
    a = Atlas(db_url)
    report = a.ingest([SEARCH, RESOLUTION])
    assert report.ok, report.failed
    yield a
    a.close()


def _titles(result) -> list[str]:
    return [h.title for h in result.hits]


def test_ranking_puts_the_document_about_the_words_first(atlas):
    result = atlas.search("composite materials", type="document")
    assert result.total >= 2
    assert result.hits[0].title == "Composite materials in Kaluga Region"
    assert "Timber processing in Vologda Region" not in _titles(result)  # it has "composite" but not "materials"
    scores = [h.score for h in result.hits]
    assert scores == sorted(scores, reverse=True)


def test_snippets_mark_the_words_found(atlas):
    hit = atlas.search("radomes", type="document").hits[0]
    marked = [text for text, is_hit in hit.snippet if is_hit]
    assert marked and all(text.lower().startswith("radome") for text in marked)
    assert "fairings" in "".join(text for text, _ in hit.snippet)


def test_a_phrase_must_stand_together(atlas):
    assert atlas.search('"timber park"').total >= 1
    assert atlas.search('"park timber"').total == 0
    assert atlas.search("park timber").total >= 1


def test_names_match_across_scripts(atlas):
    latin = {h.id for h in atlas.search("Rostec").hits}
    cyrillic = {h.id for h in atlas.search("Ростех").hits}
    russian_doc = next(d["id"] for d in atlas.documents(per_page=100)["items"] if d["path"].endswith("rostec-ru.txt"))
    assert russian_doc in latin  # an English query finds the Russian document
    english_docs = {h.id for h in atlas.search("Rostec", type="document").hits} - {russian_doc}
    assert english_docs and english_docs <= cyrillic  # and the reverse
    rostec = atlas.entity(atlas.find_entity("Rostec")[0]["id"])["id"]
    assert rostec in latin and rostec in cyrillic


def test_facets_count_and_narrow(atlas):
    result = atlas.search("region")
    facets = dict(result.facets)
    types = dict(facets["type"])
    assert types["document"] >= 2
    regions = dict(facets["region"])
    assert regions.get("Kaluga Region", 0) >= 1 and regions.get("Vologda Region", 0) >= 1
    narrowed = atlas.search("region", region="Vologda Region", type="document")
    assert narrowed.total >= 1
    assert "Timber processing in Vologda Region" in _titles(narrowed)
    assert "Composite materials in Kaluga Region" not in _titles(narrowed)
    assert atlas.search("region", language="xx").total == 0


def test_pages_do_not_repeat_hits(atlas):
    first, second = atlas.search("region", per_page=2, page=1), atlas.search("region", per_page=2, page=2)
    assert first.total == second.total >= 3 and first.pages >= 2
    assert {h.id for h in first.hits}.isdisjoint(h.id for h in second.hits)
    assert atlas.search("region", per_page=2, page=999).hits == []


@pytest.mark.parametrize("query", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_queries_are_searched_or_refused_in_one_line(atlas, query):
    try:
        result = atlas.search(query)
    except SearchError as exc:
        assert "\n" not in str(exc) and ("limit" in str(exc) or "NUL" in str(exc))
        assert len(query) > MAX_QUERY_CHARS or "\x00" in query or len(query.split()) > 32
    else:
        assert result.total >= 0


def test_the_api_answers_hostile_queries_without_a_server_error(atlas):
    client = TestClient(create_app(atlas))
    for query in HOSTILE + ["a\x00b"]:
        response = client.get("/api/search", params={"q": query})
        assert response.status_code in (200, 422), (query, response.status_code)
        if response.status_code == 422:
            assert "cannot search" in response.json()["detail"] or "detail" in response.json()
    body = client.get("/api/search", params={"q": "Ростех", "per_page": 3}).json()
    assert body["total"] >= 1 and len(body["hits"]) <= 3
    assert set(body["hits"][0]) == {"kind", "id", "type", "title", "score", "snippet"}
    assert client.get("/api/search", params={"q": "x", "type": "planet"}).status_code == 422
    page = client.get("/search", params={"q": "composite"})
    assert page.status_code == 200 and "<mark>" in page.text
    assert client.get("/search", params={"q": "a" * 10_240}).status_code == 422


def test_the_index_follows_ingest_and_a_rebuild_gives_the_same(atlas):
    before = atlas.search("composite").total
    counts = atlas.store.row_counts()
    assert counts["search_rows"] > 0
    atlas.store.reindex()
    assert atlas.store.row_counts() == counts
    assert atlas.search("composite").total == before


def test_cli_search_prints_hits_and_refuses_a_pasted_page(atlas, db_url):
    runner = CliRunner()
    result = runner.invoke(app, ["--db", db_url, "search", "radomes"])
    assert result.exit_code == 0, result.output
    assert "[radomes]" in result.stdout and "Composite materials in Kaluga Region" in result.stdout
    as_json = json.loads(runner.invoke(app, ["--db", db_url, "search", "Ростех", "--json"]).stdout)
    assert as_json["total"] >= 1 and as_json["hits"][0]["snippet"]
    refused = runner.invoke(app, ["--db", db_url, "search", "a" * 10_240])
    assert refused.exit_code == 2 and "cannot search" in refused.stderr
