"""The JSON API over a small atlas, on SQLite and (when configured) PostgreSQL."""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from clusteratlas.web import create_app

MARKUP = Path(__file__).resolve().parent / "data" / "markup"
INPUT_FILES = sorted(p for p in MARKUP.iterdir() if p.is_file())


@pytest.fixture
def client(atlas):
    report = atlas.ingest([MARKUP])
    assert report.ok, report.failed
    return TestClient(create_app(atlas))


def entity_id(client: TestClient, caption: str, type: str | None = None) -> str:
    params = {"q": caption, "per_page": 200, **({"type": type} if type else {})}
    items = client.get("/api/entities", params=params).json()["items"]
    matches = [e["id"] for e in items if e["caption"] == caption]
    assert len(matches) == 1, f"expected one entity captioned {caption!r}, got {items}"
    return matches[0]


def document_id(client: TestClient, file_name: str) -> str:
    items = client.get("/api/documents", params={"per_page": 200}).json()["items"]
    return next(d["id"] for d in items if d["path"].replace("\\", "/").endswith("/" + file_name))


# ---- counts and lists ---------------------------------------------------------


def test_stats_counts_what_was_ingested(client, atlas):
    stats = client.get("/api/stats").json()
    assert stats == atlas.stats()
    assert stats["documents"] == len(INPUT_FILES) == 4
    assert stats["entities"] == sum(stats["entities_by_type"].values()) > 0
    assert stats["entities_by_type"]["place"] >= 1
    assert stats["entities_by_type"]["cluster"] >= 2
    assert stats["statements"] > stats["relations"] > 0


def test_documents_are_paginated_without_text(client):
    first = client.get("/api/documents", params={"per_page": 3}).json()
    second = client.get("/api/documents", params={"per_page": 3, "page": 2}).json()
    assert (first["total"], first["pages"], first["page"], first["per_page"]) == (4, 2, 1, 3)
    assert len(first["items"]) == 3 and len(second["items"]) == 1 and second["page"] == 2
    ids = [d["id"] for d in first["items"] + second["items"]]
    assert len(set(ids)) == 4
    assert all("text" not in d for d in first["items"] + second["items"])
    past_the_end = client.get("/api/documents", params={"per_page": 3, "page": 3}).json()
    assert past_the_end["items"] == [] and past_the_end["total"] == 4


def test_entities_pages_cover_every_entity_once(client):
    everything = client.get("/api/entities", params={"per_page": 200}).json()
    total = everything["total"]
    assert total == len(everything["items"]) > 5
    per_page = 5
    first = client.get("/api/entities", params={"per_page": per_page}).json()
    assert first["pages"] == math.ceil(total / per_page) >= 2
    seen = []
    for page in range(1, first["pages"] + 1):
        body = client.get("/api/entities", params={"per_page": per_page, "page": page}).json()
        assert body["page"] == page and body["total"] == total
        seen += [e["id"] for e in body["items"]]
    assert sorted(seen) == sorted(e["id"] for e in everything["items"])


def test_entities_filter_by_type_and_name(client):
    places = client.get("/api/entities", params={"type": "place"}).json()["items"]
    assert places and {e["type"] for e in places} == {"place"}
    assert "Kaluga Region" in {e["caption"] for e in places}

    found = client.get("/api/entities", params={"q": "alpha COMP"}).json()
    assert [e["caption"] for e in found["items"]] == ["Alpha Composites"]
    clusters_named_alpha = client.get("/api/entities", params={"q": "alpha", "type": "cluster"}).json()
    assert clusters_named_alpha["total"] == 0


# ---- one document, one entity --------------------------------------------------


def test_document_has_text_mentions_and_values(client):
    doc = client.get(f"/api/documents/{document_id(client, 'script-in-text.txt')}").json()
    text = doc["text"]
    assert "<script>window.__pwned=1</script>" in text
    assert doc["mentions"], "the article names entities"
    for mention in doc["mentions"]:
        assert text[mention["start"]:mention["end"]] == mention["text"]
        assert mention["entity_id"] and mention["type"]
    assert {v["kind"] for v in doc["values"]} == {"money", "date"}
    money = next(v for v in doc["values"] if v["kind"] == "money")
    assert text[money["start"]:money["end"]] == "120 million rubles"


def test_entity_facts_carry_document_offsets_and_sentence(client):
    alpha = entity_id(client, "Alpha Composites", "organization")
    entity = client.get(f"/api/entities/{alpha}").json()
    assert entity["caption"] == "Alpha Composites" and entity["type"] == "organization"
    assert "Alpha Composites" in entity["names"]
    assert entity["facts"]
    texts = {}
    for fact in entity["facts"]:
        doc_id = fact["document"]["id"]
        if doc_id not in texts:
            texts[doc_id] = client.get(f"/api/documents/{doc_id}").json()["text"]
        text = texts[doc_id]
        span = text[fact["start"]:fact["end"]]
        assert span and span in fact["sentence"] and fact["sentence"] in text
        if fact["property"] == "name":
            assert span == fact["value"]
        start = fact["sentence_start"]
        assert text[start:start + len(fact["sentence"])] == fact["sentence"]
    assert {d["id"] for d in entity["documents"]} == set(texts)

    member_of = [f for f in entity["facts"] if f["property"] == "member_of" and f["direction"] == "out"]
    assert [f["other"]["caption"] for f in member_of] == ["Kaluga Composite Cluster"]
    assert member_of[0]["qualifiers"].get("role") == "anchor"
    assert "anchor company" in member_of[0]["sentence"]


def test_cluster_lists_its_members_as_incoming_facts(client):
    cluster = client.get(f"/api/entities/{entity_id(client, 'Kaluga Composite Cluster')}").json()
    members = {f["other"]["caption"] for f in cluster["facts"] if f["property"] == "member_of" and f["direction"] == "in"}
    assert {"Alpha Composites", "Beta Polymers"} <= members


# ---- errors --------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["entities", "documents"])
def test_unknown_ids_are_json_404(client, kind):
    for raw in ["nope", "org-000000000000", "Калуга", "%F0%9F%98%80", "%00", "a%2Fb", "a/b/c", "x" * 5000, "..%2F..%2Fetc"]:
        response = client.get(f"/api/{kind}/{raw}")
        assert response.status_code == 404, raw
        assert response.headers["content-type"].startswith("application/json")
        assert isinstance(response.json()["detail"], str)


@pytest.mark.parametrize(
    "url",
    [
        "/api/entities?type=nope",
        "/api/entities?type=",
        "/api/entities?page=0",
        "/api/entities?page=-1",
        "/api/entities?page=abc",
        "/api/entities?page=1.5",
        "/api/entities?page=100000000000000000000000000000",
        "/api/entities?per_page=0",
        "/api/entities?per_page=100000",
        "/api/entities?per_page=abc",
        "/api/entities?q=" + "a" * 5000,
        "/api/entities?q=%00",
        "/api/documents?page=-1",
        "/api/documents?page=abc",
        "/api/documents?per_page=100000",
    ],
)
def test_bad_parameters_are_json_422(client, url):
    response = client.get(url)
    assert response.status_code == 422, response.text
    assert response.headers["content-type"].startswith("application/json")
    assert response.json()["detail"]


def test_like_wildcards_in_search_are_matched_literally(client):
    # Had '%' or '_' reached LIKE unescaped, they would match every entity; no name contains them.
    for q in ["%", "_", "%%", "\\", "\\%", "_a", "x_y", "%' --"]:
        response = client.get("/api/entities", params={"q": q})
        assert response.status_code == 200, (q, response.text)
        assert response.json()["total"] == 0, q


def test_odd_search_text_never_fails(client):
    for q in ["a%", "'", '"', "' OR '1'='1", "Калуга", "😀", "  ", "\t\n", "<script>", "a" * 200]:
        response = client.get("/api/entities", params={"q": q})
        assert response.status_code == 200, (q, response.text)
        assert isinstance(response.json()["items"], list)


def test_wrong_method_and_unknown_path_answer_json(client):
    assert client.post("/api/stats").status_code == 405
    response = client.get("/api/nothing-here")
    assert response.status_code == 404 and response.json() == {"detail": "Not Found"}


def test_openapi_lists_the_api(client):
    spec = client.get("/openapi.json").json()
    assert spec["info"]["title"] == "Cluster Atlas"
    assert {
        "/api/stats", "/api/documents", "/api/documents/{doc_id}", "/api/entities", "/api/entities/{entity_id}"
    } <= set(spec["paths"])
    assert not any(not path.startswith("/api/") for path in spec["paths"]), "HTML pages stay out of the API spec"
    docs = client.get("/docs")
    assert docs.status_code == 200 and "swagger" in docs.text.lower()
