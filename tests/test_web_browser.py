"""The pages in headless Chromium: markup inside documents stays text, and facts lead to their source.

The pages are served by uvicorn in a background thread over an SQLite atlas
holding two files whose text contains script and image markup. The XSS tests
run with the Content-Security-Policy bypassed, so they test the escaping
itself and not the policy that backs it up.
"""

from __future__ import annotations

import re
import socket
import threading
from pathlib import Path

import pytest
import uvicorn

from clusteratlas import Atlas
from clusteratlas.web import create_app

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run",
]
MARKUP = Path(__file__).resolve().parent / "data" / "markup"

# file → (an entity named in a sentence that holds the markup, the markup as the page must show it)
CASES = {
    "script-in-text.txt": (
        "Alpha Composites",
        ["<script>window.__pwned=1</script>", '<img src=x onerror="window.__pwned=2">'],
    ),
    "markup-shown.html": (
        "Gamma Fibres",
        ["<script>window.__pwned=3</script>", "<img src=x onerror=window.__pwned=4>"],
    ),
}


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """The base URL of a live server, and the atlas behind it."""
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is not installed")
    atlas = Atlas(tmp_path_factory.mktemp("browser") / "atlas.db")
    report = atlas.ingest([MARKUP / name for name in CASES])
    assert report.ok, report.failed
    # Bind the socket here so the port is ours before the server thread starts.
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    server = uvicorn.Server(uvicorn.Config(create_app(atlas), log_level="warning"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    # Wait for start-up (bounded); nothing is asserted about how long it took.
    for _ in range(200):
        if server.started or not thread.is_alive():
            break
        threading.Event().wait(0.05)
    assert server.started, "uvicorn did not start"
    yield f"http://127.0.0.1:{sock.getsockname()[1]}", atlas
    server.should_exit = True
    thread.join(timeout=10)
    sock.close()
    atlas.close()


@pytest.fixture(scope="module")
def browser(site):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    """A page with CSP bypassed, recording any dialog (alert, confirm, prompt) that opens."""
    context = browser.new_context(bypass_csp=True)
    tab = context.new_page()
    tab.dialogs = []

    def record(dialog):
        tab.dialogs.append(dialog.message)
        dialog.dismiss()

    tab.on("dialog", record)
    yield tab
    context.close()


def document_id(atlas: Atlas, file_name: str) -> str:
    return next(d["id"] for d in atlas.documents(per_page=200)["items"] if d["path"].endswith(file_name))


def entity_id(atlas: Atlas, caption: str) -> str:
    return next(e["id"] for e in atlas.find_entity(caption) if e["caption"] == caption)


def assert_nothing_ran(page, container: str) -> None:
    assert page.locator(f"{container} script").count() == 0
    assert page.locator(f"{container} img").count() == 0
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.dialogs == []


@pytest.mark.parametrize("file_name", list(CASES))
def test_document_page_shows_markup_as_text(site, page, file_name):
    base, atlas = site
    _, markup = CASES[file_name]
    page.goto(f"{base}/documents/{document_id(atlas, file_name)}")
    text = page.inner_text(".doc-text")
    for snippet in markup:
        assert snippet in text
    assert page.locator(".doc-text mark.ent").count() > 0, "mentions are highlighted"
    assert_nothing_ran(page, ".doc-text")


@pytest.mark.parametrize("file_name", list(CASES))
def test_entity_page_shows_markup_in_source_sentences_as_text(site, page, file_name):
    base, atlas = site
    caption, markup = CASES[file_name]
    page.goto(f"{base}/entities/{entity_id(atlas, caption)}")
    sentences = "\n".join(page.locator("blockquote.sentence").all_inner_texts())
    for snippet in markup:
        assert snippet in sentences
    assert_nothing_ran(page, "main")


def test_sourced_fact_links_to_its_sentence_in_the_document(site, page):
    base, atlas = site
    page.goto(f"{base}/entities/{entity_id(atlas, 'Alpha Composites')}")
    group = page.locator(".fact-group", has=page.locator("h3", has_text="Member of"))
    source = group.locator(".source").first
    sentence = source.locator("blockquote.sentence").inner_text()
    assert "anchor company of the Kaluga Composite Cluster" in sentence
    link = source.locator("a.source-link")
    assert link.inner_text() == "Notes on composite makers in the region"

    link.click()
    page.wait_for_url(re.compile(r"/documents/[^/#]+#s-\d+$"))
    assert page.locator("h1").inner_text() == "Notes on composite makers in the region"
    fragment = page.url.rsplit("#", 1)[1]
    assert page.locator(f".doc-text [id='{fragment}']").count() == 1, "the link lands on an element in the text"
    assert " ".join(sentence.split()) in " ".join(page.inner_text(".doc-text").split())


def test_pages_are_styled_under_their_content_security_policy(site, browser):
    base, atlas = site
    context = browser.new_context()  # the policy enforced this time
    tab = context.new_page()
    response = tab.goto(f"{base}/documents/{document_id(atlas, 'script-in-text.txt')}")
    assert "script-src 'none'" in response.headers["content-security-policy"]
    white_space = tab.evaluate("getComputedStyle(document.querySelector('.doc-text')).whiteSpace")
    assert white_space == "pre-wrap", "the stylesheet loads and keeps line breaks"
    context.close()


def test_the_search_box_finds_and_marks_and_leads_to_the_hit(site, page):
    base, _atlas = site
    page.goto(base + "/")
    page.fill("#header-q", "Alpha Composites")
    page.press("#header-q", "Enter")
    page.wait_for_url(re.compile(r"/search\?q=Alpha"))
    hits = page.locator("ol.hits li.hit")
    assert hits.count() >= 1
    assert page.locator("ol.hits mark").count() >= 1  # the words found are marked
    first = hits.first.locator("a").first
    title = first.inner_text()
    first.click()
    page.wait_for_load_state()
    assert re.search(r"/(documents|entities)/", page.url)
    assert title.split()[0] in page.locator("main").inner_text()


def test_a_query_with_markup_is_searched_as_text(site, page):
    base, _atlas = site
    page.goto(base + "/search?q=" + "%3Cscript%3Ewindow.__pwned%3D9%3C%2Fscript%3E")
    assert page.locator("main h1").inner_text().startswith("Search for")
    assert "<script>" in page.locator("main h1").inner_text()
    assert_nothing_ran(page, "main")
