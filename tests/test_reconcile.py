"""The reconciliation service at /reconcile (Reconciliation Service API 0.2), on SQLite and PostgreSQL.

Every JSON answer is validated against the schemas in tests/data/reconcile/schemas, written for these
tests from the 0.2 specification's prose. Most tests share one atlas per database, built the way
`make run` builds the demo (the example corpus ingested); the tests that need INNs, regions and
websites import a small registry table into an atlas of their own.
"""

from __future__ import annotations

import csv
import json
import re
from functools import cache
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from jsonschema import Draft202012Validator
from sqlalchemy import event

from clusteratlas import Atlas
from clusteratlas.web import create_app

from .conftest import CORPUS, DATA, database

RECONCILE = DATA / "reconcile"
SCHEMAS = RECONCILE / "schemas"


@cache
def validator(name: str) -> Draft202012Validator:
    schema = json.loads((SCHEMAS / f"{name}.json").read_text("utf-8"))
    Draft202012Validator.check_schema(schema)  # a broken schema would let everything through
    return Draft202012Validator(schema)


def valid(name: str, body) -> dict:
    """``body`` when it is valid against schema ``name``; otherwise the test fails listing every error."""
    errors = [f"{'/'.join(map(str, e.absolute_path)) or '(root)'}: {e.message}" for e in validator(name).iter_errors(body)]
    assert not errors, f"{name}: " + "; ".join(errors[:10])
    return body


def cors(response) -> None:
    assert response.headers.get("access-control-allow-origin") == "*", (response.status_code, dict(response.headers))


def ok_json(response, schema: str) -> dict:
    assert response.status_code == 200, response.text[:500]
    assert response.headers["content-type"].startswith("application/json")
    cors(response)
    return valid(schema, response.json())


def reconcile(client: TestClient, batch: dict, how: str = "post") -> dict:
    valid("reconciliation-query-batch", batch)  # what the tests send is itself a well-formed batch
    if how == "get":
        response = client.get("/reconcile", params={"queries": json.dumps(batch)})
    elif how == "json":
        response = client.post("/reconcile", json={"queries": batch})
    else:
        response = client.post("/reconcile", data={"queries": json.dumps(batch, ensure_ascii=False)})
    return ok_json(response, "reconciliation-result-batch")


def top(client: TestClient, query: str, **extra) -> list[dict]:
    return reconcile(client, {"q": {"query": query, **extra}})["q"]["result"]


# ---- the demo atlas ------------------------------------------------------------------------------


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def demo_url(request, tmp_path_factory):
    """conftest's db_url, once per module: the corpus is ingested once per database."""
    yield from database(request.param, tmp_path_factory.mktemp("reconcile"))


@pytest.fixture(scope="module")
def demo(demo_url):
    atlas = Atlas(demo_url)
    report = atlas.ingest([CORPUS])  # what `make run` (clusteratlas demo) does
    assert report.ok, report.failed
    yield atlas
    atlas.close()


@pytest.fixture(scope="module")
def client(demo) -> TestClient:
    return TestClient(create_app(demo))


def canonical_id(atlas: Atlas, caption: str, type: str) -> str:
    found = [e["id"] for e in atlas.entities(type=type, q=caption, per_page=200)["items"] if e["caption"] == caption]
    assert len(found) == 1, (caption, found)
    return found[0]


def merged_away(atlas: Atlas) -> dict[str, str]:
    return {e: c for e, c in atlas.store.links().items() if e != c}


# ---- manifest --------------------------------------------------------------------------------------


def test_manifest_announces_the_services(client, demo):
    body = ok_json(client.get("/reconcile"), "manifest")
    assert body["versions"] == ["0.2"]
    assert [t["id"] for t in body["defaultTypes"]] == ["organization", "cluster", "site", "place", "person"]
    assert body["view"]["url"] == "http://testserver/entities/{{id}}"  # our entity pages
    assert body["preview"]["url"].startswith("http://testserver/reconcile/preview?id=")
    for kind, path in (("entity", "/suggest/entity"), ("type", "/suggest/type"), ("property", "/suggest/property")):
        assert body["suggest"][kind] == {"service_url": "http://testserver/reconcile", "service_path": path}
    proposal = body["extend"]["propose_properties"]
    assert proposal["service_url"] + proposal["service_path"] == "http://testserver/reconcile/propose_properties"
    assert [s["name"] for s in body["extend"]["property_settings"]] == ["limit"]
    # every URL the manifest gives answers
    kamaz = canonical_id(demo, "KAMAZ", "organization")
    assert client.get(body["preview"]["url"].replace("{{id}}", kamaz)).status_code == 200
    assert client.get(body["view"]["url"].replace("{{id}}", kamaz)).status_code == 200
    for meta in body["suggest"].values():
        assert client.get(meta["service_url"] + meta["service_path"], params={"prefix": "a"}).status_code == 200
    assert client.get(proposal["service_url"] + proposal["service_path"]).status_code == 200


def test_manifest_over_jsonp_and_with_a_trailing_slash(client):
    response = client.get("/reconcile", params={"callback": "jQuery3600_17.cb$"})
    assert response.status_code == 200 and response.headers["content-type"].startswith("application/javascript")
    cors(response)
    wrapped = re.fullmatch(r"/\*\*/jQuery3600_17\.cb\$\((.*)\);", response.text, re.S)
    assert wrapped, response.text[:200]
    valid("manifest", json.loads(wrapped.group(1)))
    assert ok_json(client.get("/reconcile/"), "manifest")["name"] == "Cluster Atlas"


# ---- reconciliation ---------------------------------------------------------------------------------


def test_get_post_and_json_body_give_the_same_answer(client):
    batch = {"a": {"query": "Ростех"}, "b": {"query": "PJSC KAMAZ", "type": "organization", "limit": 3},
             "c": {"query": "Kamskiy cluster", "type": ["cluster"], "type_strict": "should"}}
    answers = [reconcile(client, batch, how) for how in ("get", "post", "json")]
    assert answers[0] == answers[1] == answers[2]
    got = answers[0]
    assert set(got) == set(batch)
    assert got["a"]["result"][0]["name"] == "Rostekh" and got["a"]["result"][0]["match"] is True
    assert got["b"]["result"][0]["name"] == "KAMAZ" and len(got["b"]["result"]) <= 3
    assert got["c"]["result"][0]["name"] == "Kamsky innovation territorial-production cluster"


def test_a_bare_json_batch_and_jsonp_results(client):
    response = client.post("/reconcile", json={"q": {"query": "Tatneft"}})
    assert ok_json(response, "reconciliation-result-batch")["q"]["result"][0]["name"] == "Tatneft"
    response = client.get("/reconcile", params={"queries": json.dumps({"q": {"query": "Tatneft"}}), "callback": "cb"})
    assert response.status_code == 200
    cors(response)
    body = valid("reconciliation-result-batch", json.loads(response.text[len("/**/cb("):-2]))
    assert body["q"]["result"][0]["name"] == "Tatneft"


@pytest.mark.parametrize("spellings", [
    ("Rostec", "Ростех", "Госкорпорация «Ростех»", "JSC Rostekh", "rostec"),
    ("KAMAZ", "ПАО «КАМАЗ»", "Kamaz", "PJSC “KAMAZ”"),
    ("Titanium Valley", "Титановая долина", "Titanovaya Dolina"),
    ("Inversiya-Sensor", "ООО «Инверсия-Сенсор»", "Inversia Sensor LLC"),
], ids=["rostec", "kamaz", "titanium-valley", "inversiya"])
def test_cyrillic_and_latin_spellings_reach_one_entity(client, spellings):
    batch = {f"q{i}": {"query": s, "type": ["organization", "cluster"]} for i, s in enumerate(spellings)}
    got = reconcile(client, batch)
    tops = {got[k]["result"][0]["id"] for k in batch if got[k]["result"]}
    assert len(tops) == 1 and all(got[k]["result"] for k in batch), {k: got[k]["result"][:2] for k in batch}


def test_only_canonical_ids_come_back(client, demo):
    links = merged_away(demo)
    assert links, "the demo corpus merges some spellings"
    captions = demo.store.entities_by_ids(links)
    batch = {f"q{i}": {"query": captions[e]["caption"], "limit": 20} for i, e in enumerate(sorted(links)[:40])}
    got = reconcile(client, batch)
    returned = {c["id"] for r in got.values() for c in r["result"]}
    assert returned and not returned & set(links)  # a merged-away ID is never a candidate
    # each merged-away caption finds its canonical entity first
    for i, e in enumerate(sorted(links)[:40]):
        result = got[f"q{i}"]["result"]
        assert links[e] in [c["id"] for c in result], (captions[e]["caption"], result[:3])


def test_an_entity_id_as_query_finds_that_entity(client, demo):
    old, canonical = sorted(merged_away(demo).items())[0]
    for query in (old, canonical):
        result = top(client, query)
        assert result[0]["id"] == canonical and result[0]["score"] == 100


def test_type_filter_limit_and_order(client):
    places = top(client, "Kaluga", type="place")
    assert places and {t["id"] for c in places for t in c["type"]} == {"place"}
    assert places[0]["name"] == "Kaluga"
    clusters = top(client, "Kaluga", type=[{"id": "cluster", "name": "Cluster"}], limit=2)
    assert 1 <= len(clusters) <= 2 and all(c["type"] == [{"id": "cluster", "name": "Cluster"}] for c in clusters)
    anything = top(client, "Kaluga", limit=50)
    assert {t["id"] for c in anything for t in c["type"]} >= {"place", "organization"}
    scores = [c["score"] for c in anything]
    assert scores == sorted(scores, reverse=True)
    assert top(client, "Kaluga", type="starship") == []  # no entity is of a type we do not have


def test_match_only_for_an_unambiguous_hit(client):
    clear = top(client, "ПАО «КАМАЗ»")
    assert clear[0]["match"] is True and clear[0]["score"] >= 95
    assert all(c["match"] is False for c in clear[1:])
    # "Kaluga" is a city and (by its short name) the Kaluga Research Institute: no automatic match
    ambiguous = top(client, "Kaluga")
    assert ambiguous[0]["score"] >= 95 and ambiguous[1]["score"] >= 95
    assert not any(c["match"] for c in ambiguous)
    # a good but imperfect hit is offered, not matched
    fragment = top(client, "Kaluga automotive", type="cluster")
    assert fragment[0]["name"] == "Kaluga automotive cluster" and fragment[0]["match"] is False


def test_candidates_come_from_the_blocking_index_before_any_substring_search(client, demo):
    seen: list[str] = []

    def record(conn, cursor, statement, parameters, context, executemany):
        seen.append(statement)

    event.listen(demo.store.engine, "before_cursor_execute", record)
    try:
        assert top(client, "ПАО «Татнефть»")[0]["name"] == "Tatneft"
        blocked = list(seen)
        seen.clear()
        # a transliteration the keys do not share: only the substring fallback finds it
        fragment = top(client, "Kamskiy innovatsionnyy klaster", type="cluster")
        fallback = list(seen)
    finally:
        event.remove(demo.store.engine, "before_cursor_execute", record)
    assert any("entity_keys" in s for s in blocked)
    assert not any(" LIKE " in s.upper() for s in blocked)
    assert any(" LIKE " in s.upper() for s in fallback)
    assert fragment[0]["name"] == "Kamsky innovation territorial-production cluster"


def test_the_demo_atlas_reconciles_the_names_table(client, capsys):
    """tests/data/reconcile/names.csv: 20 cluster and company names as other tables write them."""
    with (RECONCILE / "names.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 20
    batch = {f"row{i}": {"query": r["name"], "type": r["type"], "limit": 3} for i, r in enumerate(rows)}
    got = reconcile(client, batch)
    wrong = []
    for i, row in enumerate(rows):
        result = got[f"row{i}"]["result"]
        if not result or result[0]["name"] != row["expected"]:
            wrong.append(f"{row['name']!r}: expected {row['expected']!r}, got {[(c['name'], c['score']) for c in result]}")
    correct = len(rows) - len(wrong)
    with capsys.disabled():
        print(f"\nreconciliation of names.csv: {correct}/{len(rows)} correct top candidates"
              + "".join(f"\n  missed {w}" for w in wrong))
    assert correct >= 18, wrong


# ---- malformed input -------------------------------------------------------------------------------

BAD_QUERIES = {
    "not-json": "{query: Rostec}",
    "a-list": json.dumps([{"query": "Rostec"}]),
    "a-string": json.dumps("Rostec"),
    "query-not-object": json.dumps({"q": "Rostec"}),
    "no-query": json.dumps({"q": {"type": "organization"}}),
    "query-not-string": json.dumps({"q": {"query": 42}}),
    "empty-query": json.dumps({"q": {"query": ""}}),
    "limit-string": json.dumps({"q": {"query": "Rostec", "limit": "5"}}),
    "limit-zero": json.dumps({"q": {"query": "Rostec", "limit": 0}}),
    "limit-bool": json.dumps({"q": {"query": "Rostec", "limit": True}}),
    "limit-float": json.dumps({"q": {"query": "Rostec", "limit": 2.5}}),
    "type-number": json.dumps({"q": {"query": "Rostec", "type": 7}}),
    "properties-not-list": json.dumps({"q": {"query": "Rostec", "properties": {"pid": "inn"}}}),
    "property-without-pid": json.dumps({"q": {"query": "Rostec", "properties": [{"v": "1650032058"}]}}),
    "too-many-queries": json.dumps({f"q{i}": {"query": "Rostec"} for i in range(101)}),
    "too-long": json.dumps({"q": {"query": "x" * 10_001}}),
    "nested-deeply": "[" * 5_000,  # past the JSON parser's recursion limit
    "empty": "",
}


@pytest.mark.parametrize("how", ["get", "post"])
@pytest.mark.parametrize("raw", list(BAD_QUERIES.values()), ids=list(BAD_QUERIES))
def test_malformed_queries_are_a_400_in_json(client, raw, how):
    if how == "get":
        response = client.get("/reconcile", params={"queries": raw})
    else:
        response = client.post("/reconcile", data={"queries": raw})
    assert response.status_code == 400, response.text[:300]
    assert response.headers["content-type"].startswith("application/json")
    cors(response)
    valid("error", response.json())


def test_other_malformed_requests_are_json_errors(client):
    cases = [
        client.get("/reconcile", params={"queries": json.dumps({"q": {"query": "a"}}), "callback": "alert(1)//"}),
        client.get("/reconcile", params={"callback": "ок"}),  # \w would take Cyrillic; a callback is ASCII
        client.get("/reconcile", params={"callback": "1abc"}),
        client.post("/reconcile", content=b"\xff\xfe", headers={"content-type": "application/x-www-form-urlencoded"}),
        client.post("/reconcile", content=b"[1, 2]", headers={"content-type": "application/json"}),
        client.get("/reconcile/suggest/entity", params={"prefix": "a", "cursor": "-1"}),
        client.get("/reconcile/suggest/type", params={"limit": "many"}),
        client.get("/reconcile/propose_properties", params={"type": "starship"}),
        client.get("/reconcile", params={"queries": "{}", "extend": "{}"}),
    ]
    for response in cases:
        assert response.status_code == 400, (response.request.url, response.text[:200])
        cors(response)
        valid("error", response.json())


def test_long_but_legal_queries_are_answered(client):
    # 10,000 characters is the most a query may have: a pasted paragraph is answered, not refused
    got = reconcile(client, {"q": {"query": "Rostec " + "x" * 9_993}})
    assert isinstance(got["q"]["result"], list)
    # a query with nothing but spaces has no candidates, and does not spoil its batch
    got = reconcile(client, {"blank": {"query": "   "}, "real": {"query": "Tatneft"}})
    assert got["blank"]["result"] == [] and got["real"]["result"][0]["name"] == "Tatneft"


def test_wrong_methods_and_paths_under_reconcile_are_json(client):
    for response, status in ((client.put("/reconcile"), 405), (client.post("/reconcile/suggest/type"), 405),
                             (client.get("/reconcile/no-such-service"), 404),
                             (client.get("/reconcile/preview", params={"id": "org-000000000000"}), 404)):
        assert response.status_code == status, response.text[:200]
        cors(response)
        valid("error", response.json())


# ---- suggest -----------------------------------------------------------------------------------------


def test_suggest_entities_by_prefix_in_any_script(client, demo):
    def names(prefix: str, **params) -> list[str]:
        body = ok_json(client.get("/reconcile/suggest/entity", params={"prefix": prefix, **params}),
                       "suggest-entities-response")
        return [item["name"] for item in body["result"]]

    assert names("Рост")[0] == "Rostekh"  # Ростех, by its Cyrillic name
    assert "Rostekh" in names("rostec")
    kam = names("kam")
    assert {"KAMAZ", "Kamsky innovation territorial-production cluster"} <= set(kam)
    assert names("kam", type="cluster") == ["Kamsky innovation territorial-production cluster"]
    assert names("") == []
    # paging with cursor continues where the first page ended
    first, second = names("ka", limit=3), names("ka", limit=3, cursor=3)
    assert len(first) == 3 and second and not set(first) & set(second)
    # an entity ID (even a merged-away one) suggests its entity
    old, canonical = sorted(merged_away(demo).items())[0]
    body = client.get("/reconcile/suggest/entity", params={"prefix": old}).json()
    assert body["result"][0]["id"] == canonical
    item = client.get("/reconcile/suggest/entity", params={"prefix": "KAMAZ"}).json()["result"][0]
    assert item["notable"] == [{"id": "organization", "name": "Organisation"}] and item["description"]


def test_suggest_types_and_properties(client):
    body = ok_json(client.get("/reconcile/suggest/type", params={"prefix": "cl"}), "suggest-types-response")
    assert [t["id"] for t in body["result"]] == ["cluster"]
    body = ok_json(client.get("/reconcile/suggest/type", params={"prefix": ""}), "suggest-types-response")
    assert {t["id"] for t in body["result"]} == {"organization", "cluster", "site", "place", "person", "legal_act"}
    body = ok_json(client.get("/reconcile/suggest/property", params={"prefix": "reg"}), "suggest-properties-response")
    assert [p["id"] for p in body["result"]] == ["region"]
    body = ok_json(client.get("/reconcile/suggest/property", params={"prefix": "", "type": "cluster"}),
                   "suggest-properties-response")
    assert {p["id"] for p in body["result"]} == {"region", "website"}
    body = ok_json(client.get("/reconcile/suggest/property", params={"prefix": "ИНН"}), "suggest-properties-response")
    assert body["result"] == []


# ---- preview -------------------------------------------------------------------------------------------


def test_preview_is_a_small_escaped_card(client, demo):
    old, canonical = next((e, c) for e, c in sorted(merged_away(demo).items()) if c == canonical_id(demo, "Rostekh", "organization"))
    for entity_id in (canonical, old):
        response = client.get("/reconcile/preview", params={"id": entity_id})
        assert response.status_code == 200 and response.headers["content-type"].startswith("text/html")
        cors(response)
        assert "script-src" not in response.headers["content-security-policy"]  # default-src 'none' covers it
        assert "default-src 'none'" in response.headers["content-security-policy"]
        page = response.text
        assert "<script" not in page.lower() and "Rostekh" in page and "Ростех" in page
        assert f'href="http://testserver/entities/{canonical}"' in page


# ---- data extension ------------------------------------------------------------------------------------


def test_extend_returns_rows_for_the_ids_asked(client, demo):
    kamaz = canonical_id(demo, "KAMAZ", "organization")
    kamsky = canonical_id(demo, "Kamsky innovation territorial-production cluster", "cluster")
    old_rostec = next(e for e, c in merged_away(demo).items() if c == canonical_id(demo, "Rostekh", "organization"))
    query = {"ids": [kamaz, old_rostec, "org-000000000000"],
             "properties": [{"id": "cluster"}, {"id": "role"}, {"id": "region"}, {"id": "inn"}, {"id": "website"}]}
    answers = [ok_json(client.post("/reconcile", data={"extend": json.dumps(query)}), "data-extension-response"),
               ok_json(client.get("/reconcile", params={"extend": json.dumps(query)}), "data-extension-response"),
               ok_json(client.post("/reconcile", json={"extend": query}), "data-extension-response")]
    assert answers[0] == answers[1] == answers[2]
    body = answers[0]
    assert [m["id"] for m in body["meta"]] == ["cluster", "role", "region", "inn", "website"]
    assert body["meta"][0]["type"] == {"id": "cluster", "name": "Cluster"}
    assert set(body["rows"]) == set(query["ids"])  # answered under the IDs asked, merged-away included
    assert {"id": kamsky, "name": "Kamsky innovation territorial-production cluster"} in body["rows"][kamaz]["cluster"]
    assert {"str": "resident"} in body["rows"][kamaz]["role"]
    assert body["rows"][old_rostec]["cluster"]  # the merged entity's facts, through its canonical entity
    assert all(values == [] for values in body["rows"]["org-000000000000"].values())


def test_extend_rejects_what_it_cannot_answer(client):
    for query in ({"ids": "org-1", "properties": [{"id": "region"}]}, {"ids": ["org-1"], "properties": []},
                  {"ids": ["org-1"], "properties": [{"id": "founded_by_aliens"}]},
                  {"ids": ["org-1"], "properties": [{"id": "region", "settings": {"limit": -1}}]},
                  {"ids": ["org-1"] * 1001, "properties": [{"id": "region"}]}):
        response = client.post("/reconcile", data={"extend": json.dumps(query)})
        assert response.status_code == 400, query
        cors(response)
        valid("error", response.json())


def test_propose_properties(client):
    body = ok_json(client.get("/reconcile/propose_properties", params={"type": "organization"}),
                   "propose-properties-response")
    assert body["type"] == "organization"
    assert [p["id"] for p in body["properties"]] == ["region", "cluster", "site", "role", "inn", "website"]
    body = ok_json(client.get("/reconcile/propose_properties", params={"type": "organization", "limit": 2}),
                   "propose-properties-response")
    assert len(body["properties"]) == 2 and body["limit"] == 2
    body = ok_json(client.get("/reconcile/propose_properties", params={"type": "person"}), "propose-properties-response")
    assert body["properties"] == []


# ---- CORS --------------------------------------------------------------------------------------------------


def test_cors_on_every_reconcile_response_and_only_there(client):
    for response in (client.get("/reconcile"), client.get("/reconcile/suggest/type", params={"prefix": "x"}),
                     client.get("/reconcile/preview", params={"id": "nope"}), client.delete("/reconcile")):
        cors(response)
    preflight = client.options("/reconcile", headers={"Origin": "https://openrefine.example",
                                                      "Access-Control-Request-Method": "POST",
                                                      "Access-Control-Request-Headers": "content-type"})
    assert preflight.status_code == 204
    cors(preflight)
    assert "POST" in preflight.headers["access-control-allow-methods"]
    assert preflight.headers["access-control-allow-headers"] == "content-type"
    assert client.options("/reconcile/suggest/entity").status_code == 204
    # the rest of the app is not opened to other origins, and keeps its own error forms
    for response in (client.get("/api/stats"), client.get("/"), client.get("/api/entities/nope")):
        assert "access-control-allow-origin" not in response.headers
    assert client.get("/api/entities/nope").json() == {"detail": "no entity with ID 'nope'"}
    assert client.get("/no-such-page").headers["content-type"].startswith("text/html")


# ---- properties: INN, region, website (a registry table) --------------------------------------------------

REGISTRY = [
    ("name", "inn", "region", "website", "role"),
    ("ООО «Технология»", "4027123455", "Kaluga Region", "https://tekhnologiya-kaluga.ru", "resident"),
    ("Tekhnologia LLC", "7017543216", "Tomsk Region", "www.tekhnologiya.tomsk.ru", "participant"),
    ('<b>Bad</b> & <script>alert(1)</script> "Ltd"', "5001007329", "Moscow Region", "", ""),
]


@pytest.fixture
def registry_client(atlas, tmp_path):
    table = tmp_path / "registry.csv"
    with table.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(REGISTRY)
    atlas.import_table(table, {k: k for k in ("name", "inn", "region", "website", "role")}, source="test registry")
    return TestClient(create_app(atlas))


def test_inn_and_region_constraints_decide_between_namesakes(registry_client):
    client = registry_client
    both = top(client, "Tekhnologiya", type="organization")
    assert len(both) == 2 and both[0]["score"] == both[1]["score"] == 100
    assert not any(c["match"] for c in both)  # two companies, one name: nobody may pick for the user

    by_inn = top(client, "Технология", type="organization", properties=[{"pid": "inn", "v": "7017543216"}])
    assert by_inn[0]["match"] is True and by_inn[0]["score"] == 100
    assert {"id": "inn_match", "value": True} in by_inn[0]["features"]
    tomsk = by_inn[0]["id"]
    assert by_inn[1]["score"] <= 20  # the other INN contradicts it

    only_inn = reconcile(client, {"q": {"properties": [{"pid": "inn", "v": "70 1754 3216"}]}})["q"]["result"]
    assert only_inn[0]["id"] == tomsk and only_inn[0]["match"] is True

    by_region = top(client, "Tekhnologiya", properties=[{"pid": "region", "v": "Томская область"}])
    assert by_region[0]["id"] == tomsk and by_region[0]["match"] is True
    assert by_region[1]["score"] < by_region[0]["score"] - 10
    kaluga = top(client, "Tekhnologiya", properties=[{"pid": "region", "v": "Kaluga"}])[0]  # the region's city
    assert kaluga["id"] != tomsk and kaluga["match"] is True


def test_extend_reads_registry_facts(registry_client):
    client = registry_client
    ids = [c["id"] for c in top(client, "Tekhnologiya")]
    query = {"ids": ids, "properties": [{"id": "inn"}, {"id": "region"}, {"id": "website"}, {"id": "role"},
                                        {"id": "region", "settings": {"limit": 0}}]}
    body = ok_json(client.post("/reconcile", data={"extend": json.dumps(query)}), "data-extension-response")
    rows = body["rows"]
    assert sorted(v["str"] for i in ids for v in rows[i]["inn"]) == ["4027123455", "7017543216"]
    regions = {rows[i]["region"][0]["name"] for i in ids}
    assert regions == {"Kaluga Region", "Tomsk Region"}
    assert {v["str"] for i in ids for v in rows[i]["role"]} == {"resident", "participant"}
    assert any(v["str"].startswith("https://tekhnologiya-kaluga.ru") for i in ids for v in rows[i]["website"])
    limited = {"ids": ids, "properties": [{"id": "website", "settings": {"limit": 1}}, {"id": "role"}]}
    body = ok_json(client.get("/reconcile", params={"extend": json.dumps(limited)}), "data-extension-response")
    assert all(len(body["rows"][i]["website"]) <= 1 for i in ids)


def test_preview_escapes_names(registry_client):
    client = registry_client
    found = top(client, "Bad Ltd", limit=1)
    assert found, "the registry row with markup in its name is found"
    page = client.get("/reconcile/preview", params={"id": found[0]["id"]}).text
    assert "<script" not in page and "<b>" not in page
    assert "&lt;script&gt;" in page and "&amp;" in page and "&quot;Ltd&quot;" in page
