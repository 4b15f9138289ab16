"""The HTML pages, read as text through the test client, and the helpers that shape them."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from clusteratlas.web import create_app, pages
from clusteratlas.web.pages import highlighted_text, sentence_parts

MARKUP = Path(__file__).resolve().parent / "data" / "markup"


@pytest.fixture
def client(atlas):
    report = atlas.ingest([MARKUP])
    assert report.ok, report.failed
    return TestClient(create_app(atlas))


def entity_id(atlas, caption: str) -> str:
    found = [e for e in atlas.find_entity(caption) if e["caption"] == caption]
    assert len(found) == 1, found
    return found[0]["id"]


def document_id(atlas, file_name: str) -> str:
    items = atlas.documents(per_page=200)["items"]
    return next(d["id"] for d in items if d["path"].replace("\\", "/").endswith("/" + file_name))


def assert_html_page(response, status: int = 200) -> str:
    assert response.status_code == status, response.text[:500]
    assert response.headers["content-type"].startswith("text/html")
    policy = response.headers["content-security-policy"]
    assert "script-src 'none'" in policy and "object-src 'none'" in policy and "base-uri 'none'" in policy
    body = response.text
    for link in ('href="/"', 'href="/entities"', 'href="/documents"', 'href="/docs"'):
        assert link in body, f"the header nav lacks {link}"
    assert '<footer class="site-footer">' in body
    return body


# ---- pages --------------------------------------------------------------------


def test_home_shows_counts_search_and_recent_documents(client, atlas):
    body = assert_html_page(client.get("/"))
    stats = atlas.stats()
    for type_name, count in stats["entities_by_type"].items():
        assert f'href="/entities?type={type_name}"' in body
        assert re.search(rf'data-type="{type_name}">\s*{count}\s*<', body), type_name
    assert re.search(r'data-type="legal_act">\s*0\s*<', body), "types with no entities show 0"
    assert 'action="/entities"' in body and 'name="q"' in body
    for doc in atlas.documents()["items"]:
        assert f'href="/documents/{doc["id"]}"' in body


def test_entity_list_filters_by_type_and_searches(client):
    body = assert_html_page(client.get("/entities", params={"type": "place"}))
    assert "Kaluga Region" in body and "Alpha Composites" not in body
    body = assert_html_page(client.get("/entities", params={"q": "alpha"}))
    assert "Alpha Composites" in body and "Beta Polymers" not in body
    assert 'value="alpha"' in body, "the search box keeps the query"


def test_entity_list_pages_link_to_each_other(client, atlas, monkeypatch):
    monkeypatch.setattr(pages, "ENTITIES_PER_PAGE", 5)
    total = atlas.entities()["total"]
    first = assert_html_page(client.get("/entities"))
    assert 'rel="next" href="/entities?page=2"' in first and 'rel="prev"' not in first
    second = assert_html_page(client.get("/entities", params={"page": 2}))
    assert 'rel="prev" href="/entities"' in second
    assert f"page 2 of {-(-total // 5)}" in second
    filtered = assert_html_page(client.get("/entities", params={"type": "organization"}))
    assert 'rel="next" href="/entities?type=organization&amp;page=2"' in filtered


def test_entity_page_shows_facts_with_sentences_and_document_links(client, atlas):
    alpha = entity_id(atlas, "Alpha Composites")
    body = assert_html_page(client.get(f"/entities/{alpha}"))
    assert "<h1>Alpha Composites" in body
    assert "<h3>Member of</h3>" in body and "<h3>Located in</h3>" in body
    assert f'href="/entities/{entity_id(atlas, "Kaluga Composite Cluster")}"' in body
    assert "JSC Alpha Composites is the anchor company of the Kaluga Composite Cluster in Kaluga Region." in body
    assert "JSC <mark>Alpha Composites</mark> is the anchor company" in body, "a name fact is marked in its sentence"
    doc = document_id(atlas, "script-in-text.txt")
    links = re.findall(rf'href="/documents/{doc}#s-(\d+)"', body)
    assert links, "each fact links to the document at its span"
    # markup in a source sentence is shown escaped
    assert "&lt;img src=x onerror=" in body and "<img" not in body
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in body and "<script" not in body


def test_every_fact_link_has_a_target_on_the_document_page(client, atlas):
    for caption in ("Alpha Composites", "Kaluga Composite Cluster", "Gamma Fibres"):
        body = client.get(f"/entities/{entity_id(atlas, caption)}").text
        for doc, start in set(re.findall(r'href="/documents/([^"#]+)#s-(\d+)"', body)):
            assert f'id="s-{start}"' in client.get(f"/documents/{doc}").text, (caption, doc, start)


def test_cluster_page_shows_members_as_reverse_relation(client, atlas):
    body = assert_html_page(client.get(f"/entities/{entity_id(atlas, 'Kaluga Composite Cluster')}"))
    members = body.split("<h3>Members</h3>", 1)[1].split("</section>", 1)[0]
    assert f'href="/entities/{entity_id(atlas, "Alpha Composites")}"' in members
    assert f'href="/entities/{entity_id(atlas, "Beta Polymers")}"' in members


def test_document_page_marks_mentions_and_values_and_escapes_text(client, atlas):
    doc_id = document_id(atlas, "script-in-text.txt")
    doc = atlas.document(doc_id)
    body = assert_html_page(client.get(f"/documents/{doc_id}"))
    for field in ("script-in-text.txt", "txt", doc["language"]):
        assert field in body
    for mention in doc["mentions"]:
        mark = (f'<mark class="ent ent-{mention["type"]}" id="s-{mention["start"]}">'
                f'{html.escape(mention["text"])}</mark>')
        assert mark in body
        assert f'href="/entities/{mention["entity_id"]}"' in body
    assert '<mark class="val val-money" id="s-' in body and ">120 million rubles</mark>" in body
    assert '<mark class="val val-date" id="s-' in body
    text_html = body.split('<article class="doc-text">', 1)[1].split("</article>", 1)[0]
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in text_html
    assert "<script" not in text_html and "<img" not in text_html
    # with the tags taken out and entities decoded, the container holds exactly the document's text
    assert html.unescape(re.sub(r"<[^>]+>", "", text_html)) == doc["text"]


def test_document_list_links_every_document(client, atlas):
    body = assert_html_page(client.get("/documents"))
    for doc in atlas.documents()["items"]:
        assert f'href="/documents/{doc["id"]}"' in body


@pytest.mark.parametrize("path", ["/entities/nope", "/documents/nope", "/entities/%00", "/documents/Калуга", "/no/such/page"])
def test_unknown_pages_are_html_404(client, path):
    body = assert_html_page(client.get(path), 404)
    assert "<h1>Not found</h1>" in body


@pytest.mark.parametrize("query", ["type=nope", "page=0", "page=abc", "q=%00"])
def test_bad_parameters_on_pages_are_html_422(client, query):
    body = assert_html_page(client.get(f"/entities?{query}"), 422)
    assert "<h1>Bad request</h1>" in body


def test_error_page_escapes_what_the_address_said(client):
    response = client.get("/entities/%3Cb%3Ehi%3Cscript%3Ealert(1)")
    body = assert_html_page(response, 404)
    assert "<script>alert(1)" not in body and "&lt;b&gt;hi&lt;script&gt;alert(1)" in body


# ---- helpers --------------------------------------------------------------------


def _mention(start, end, entity="e1"):
    return {"start": start, "end": end, "entity_id": entity, "type": "organization", "caption": "X"}


def test_highlighting_keeps_all_text_and_skips_overlapping_spans():
    text = "Alpha Beta Gamma Delta"
    mentions = [_mention(0, 10), _mention(6, 16), _mention(11, 16), _mention(3, 5)]
    values = [{"start": 17, "end": 22, "kind": "date", "value": "2020-01-01"}, {"start": 20, "end": 40, "kind": "money", "value": "x"}]
    segments = highlighted_text(text, mentions, values)
    assert "".join(s.text for s in segments) == text
    marked = [(s.kind, s.text) for s in segments if s.kind != "text"]
    assert marked == [("mention", "Alpha Beta"), ("mention", "Gamma"), ("value", "Delta")]


def test_highlighting_adds_anchors_only_where_no_mark_starts():
    segments = highlighted_text("One. Two three. Four.", [_mention(5, 14)], [], anchors=[0, 5, 9, 16])
    anchors = [s.start for s in segments if s.kind == "anchor"]
    assert anchors == [0, 16], "5 has a mark and 9 falls inside one"
    assert "".join(s.text for s in segments) == "One. Two three. Four."


def test_sentence_parts_mark_the_span_inside_its_sentence():
    fact = {"sentence": "JSC Alpha is here.", "sentence_start": 100, "start": 104, "end": 109}
    assert sentence_parts(fact) == ("JSC ", "Alpha", " is here.")
    whole = {**fact, "start": 100, "end": 118}
    assert sentence_parts(whole) == ("JSC Alpha is here.", "", "")
    outside = {**fact, "start": 90, "end": 95}
    assert sentence_parts(outside) == ("JSC Alpha is here.", "", "")
