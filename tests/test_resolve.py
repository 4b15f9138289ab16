"""Resolution: one entity per real thing across documents and spellings, hard negatives apart,
judgements that hold through a rebuild, and old IDs that keep resolving. SQLite and PostgreSQL."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from clusteratlas import Atlas
from clusteratlas.cli import app
from clusteratlas.resolve.matching import NameRecord, name_similarity, resolve_records
from clusteratlas.web import create_app

from .conftest import DATA

RESOLUTION = DATA / "resolution"


@pytest.mark.parametrize(
    "a, b",
    [
        ("Rostec", "Rostekh"),
        ("Rostec", "Ростех"),
        ("RT-Khimkompozit", "JSC RT-Khimkomposit"),
        ("Tekhnodinamika", "«Технодинамика»"),
        ("Technodinamika", "Tehnodinamika"),
        ("Kaluga Region", "Kaluga Oblast"),
        ("Калужская область", "Kaluga Region"),
        ("Republic of Tatarstan", "Tatarstan Republic"),
        ("Alabuga special economic zone", "SEZ Alabuga"),
        ("VSMPO-AVISMA Corporation", "VSMPO-AVISMA"),
        ("Yekaterinburg", "Ekaterinburg"),
    ],
)
def test_spellings_of_one_thing_score_high(a: str, b: str):
    assert name_similarity(a, b) >= 90


@pytest.mark.parametrize(
    "a, b",
    [
        ("Gazprom", "Gazprom Neft"),  # a holding is not its subsidiary
        ("Kaluga", "Kaluga Region"),  # a city is not its region
        ("Tula", "Tula Region"),
        ("Kama Tyres", "Kama Trucks"),
        ("Uralmash Plant", "Uralkhimmash Plant"),
        ("Plant No. 1", "Plant No. 2"),
        ("Yugra Development Bank", "Yugra SEZ Management Company"),
    ],
)
def test_hard_negatives_score_low(a: str, b: str):
    assert name_similarity(a, b) < 75


def test_identifiers_decide_and_types_never_mix():
    records = [
        NameRecord("a", "organization", ["Progress LLC"], {"inn": "7707083893"}),
        NameRecord("b", "organization", ["Progress"], {"inn": "7702070139"}),
        NameRecord("c", "organization", ["LLC «Progress»"], {"inn": "7707083893"}),
        NameRecord("d", "place", ["Progress"]),
    ]
    canonical = resolve_records(records).canonical
    assert canonical["a"] == canonical["c"] == "a"
    assert canonical["b"] == "b" and canonical["d"] == "d"


def test_a_different_judgement_is_never_overridden():
    records = [NameRecord("x", "organization", ["Alpha Composites"]), NameRecord("y", "organization", ["Alpha Composites LLC"])]
    assert resolve_records(records).canonical["y"] == "x"
    assert resolve_records(records, different=[("x", "y")]).canonical["y"] == "y"


def _mentions(atlas: Atlas) -> dict[tuple[str, str], str]:
    return {(m["document"], m["name"]): m["entity_id"] for m in atlas.mentions()}


@pytest.fixture
def resolved(db_url):
    atlas = Atlas(db_url)
    report = atlas.ingest([RESOLUTION])
    assert report.ok and len(report.ingested) == 6
    yield atlas
    atlas.close()


def test_mention_export_joins_spellings_across_documents(resolved: Atlas):
    m = _mentions(resolved)
    same = [
        (("a-kama-cluster.txt", "Tekhnodinamika"), ("b-kama-trucks.txt", "Technodinamika")),
        (("b-kama-trucks.txt", "Technodinamika"), ("c-russian-forms.txt", "Технодинамика")),
        (("c-russian-forms.txt", "Tehnodinamika"), ("a-kama-cluster.txt", "Tekhnodinamika")),
        (("a-kama-cluster.txt", "Kama Tyres"), ("c-russian-forms.txt", "Kama Tyres")),
        (("a-kama-cluster.txt", "Rostec"), ("b-kama-trucks.txt", "Rostekh")),
        (("a-kama-cluster.txt", "Kama Machine-Building Cluster"), ("c-russian-forms.txt", "Kama Machine Building Cluster")),
        (("a-kama-cluster.txt", "Republic of Tatarstan"), ("b-kama-trucks.txt", "Republic of Tatarstan")),
    ]
    for left, right in same:
        assert left in m and right in m, (left, right)
        assert m[left] == m[right], (left, right)


def test_mention_export_keeps_hard_negatives_apart(resolved: Atlas):
    m = _mentions(resolved)
    apart = [
        (("a-kama-cluster.txt", "Gazprom Neft"), ("b-kama-trucks.txt", "Gazprom")),
        (("a-kama-cluster.txt", "Kama Tyres"), ("b-kama-trucks.txt", "Kama Trucks")),
        (("a-kama-cluster.txt", "Tula Region"), ("a-kama-cluster.txt", "Tula")),
    ]
    for left, right in apart:
        assert left in m and right in m, (left, right)
        assert m[left] != m[right], (left, right)


def test_export_command_writes_json_lines(resolved: Atlas, db_url: str):
    result = CliRunner().invoke(app, ["--db", db_url, "export", "--format", "mentions"])
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert rows and set(rows[0]) == {"document", "name", "type", "entity_id"}
    assert len(rows) == len({(r["document"], r["name"], r["entity_id"]) for r in rows})


def test_incremental_equals_rebuild(resolved: Atlas):
    before = resolved.store.links()
    resolved.resolve()
    assert resolved.store.links() == before


def test_judgements_survive_rebuild_and_old_ids_redirect(resolved: Atlas):
    m = _mentions(resolved)
    canonical = m[("b-kama-trucks.txt", "Technodinamika")]
    members = resolved.store.members_of(canonical)
    assert len(members) >= 2
    merged_away = next(i for i in members if i != canonical)
    # an old ID answers with its canonical entity
    assert resolved.entity(merged_away)["id"] == canonical
    assert resolved.entity(merged_away)["redirected_from"] == merged_away
    # a person says they differ: split, and it holds through a rebuild
    resolved.judge(canonical, merged_away, "different", author="test", reason="checked the registry")
    assert resolved.store.canonical_of(merged_away) != resolved.store.canonical_of(canonical)
    resolved.resolve()
    assert resolved.store.canonical_of(merged_away) != resolved.store.canonical_of(canonical)
    # and "same" joins two things the machine kept apart
    gazprom, neft = m[("b-kama-trucks.txt", "Gazprom")], m[("a-kama-cluster.txt", "Gazprom Neft")]
    resolved.judge(gazprom, neft, "same", author="test")
    resolved.resolve()
    assert resolved.store.canonical_of(gazprom) == resolved.store.canonical_of(neft)
    assert len(resolved.store.list_judgements()) == 2


def test_api_neighbours_redirect_and_judgements(resolved: Atlas):
    from fastapi.testclient import TestClient

    client = TestClient(create_app(resolved))
    m = _mentions(resolved)
    cluster = m[("a-kama-cluster.txt", "Kama Machine-Building Cluster")]
    body = client.get(f"/api/entities/{cluster}/neighbours").json()
    captions = {n["caption"] for n in body["nodes"]}
    assert any("Kama Tyres" in c for c in captions) and any(e["relation"] == "member_of" for e in body["edges"])
    canonical = m[("b-kama-trucks.txt", "Technodinamika")]
    old = next(i for i in resolved.store.members_of(canonical) if i != canonical)
    page = client.get(f"/entities/{old}", follow_redirects=False)
    assert page.status_code == 301 and page.headers["location"] == f"/entities/{canonical}"
    assert client.get(f"/api/entities/{old}").json()["id"] == canonical
    bad = client.post("/api/judgements", json={"left_id": canonical, "right_id": "org-nope", "verdict": "same"})
    assert bad.status_code == 404
    wrong = client.post("/api/judgements", json={"left_id": canonical, "right_id": old, "verdict": "maybe"})
    assert wrong.status_code == 422
    ok = client.post("/api/judgements", json={"left_id": canonical, "right_id": old, "verdict": "different"})
    assert ok.status_code == 200
    assert client.get(f"/api/entities/{old}").json()["id"] == old


def test_review_page_judges_a_pair(db_url: str):
    from fastapi.testclient import TestClient

    atlas = Atlas(db_url)
    atlas.ingest([RESOLUTION])
    ids = {m["name"]: m["entity_id"] for m in atlas.mentions()}
    # put a pair in the queue as the resolver would, then judge it through the page
    atlas.store.replace_resolution({}, None, [(ids["Kama Tyres"], ids["Kama Trucks"], 80.0)], partial=True)
    client = TestClient(create_app(atlas))
    page = client.get("/review")
    assert page.status_code == 200 and "Kama Tyres" in page.text and "Kama Trucks" in page.text
    judged = client.post("/review", data={"left_id": ids["Kama Tyres"], "right_id": ids["Kama Trucks"], "verdict": "different"})
    assert judged.status_code == 200 and "Nothing to review" in judged.text
    assert atlas.store.list_judgements()[-1]["author"] == "web"
    assert client.post("/review", data={"left_id": "x", "right_id": "y", "verdict": "same"}).status_code == 422
    atlas.close()
