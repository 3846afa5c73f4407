"""The dashboard in a real headless browser: Debian's chromium driven by Playwright.

The server is the real one (`armswatch serve` in a subprocess on a free 127.0.0.1 port) over a database of
the bundled examples. Set ARMSWATCH_SCREENSHOTS=1 to write the screenshots to docs/screenshots/ (the README
shows them); otherwise they go to a temporary folder, which still checks that every page renders.
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from test_web_api import DOCUMENTS, HOSTILE_TEXT, TOKEN, build_example_db

CHROMIUM = Path("/usr/bin/chromium")
ROOT = Path(__file__).resolve().parent.parent
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="browser tests need Debian's chromium at /usr/bin/chromium "
                                                     "(apt-get install chromium)"),
]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def serving(db_url: str, env: dict | None = None):
    """`armswatch serve` on ``db_url`` at a free 127.0.0.1 port, in a subprocess; yields its base URL."""
    port = _free_port()
    process = subprocess.Popen([sys.executable, "-m", "armswatch.cli", "serve", "--db", db_url, "--port", str(port)],
                               env={**os.environ, **(env or {})}, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while True:
        try:
            urllib.request.urlopen(base + "/search.json", timeout=2).read()
            break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                raise RuntimeError("the server did not start: " + process.stdout.read().decode("utf-8", "replace"))
            time.sleep(0.3)
    try:
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("browser")
    db = folder / "web.db"
    build_example_db(db).close()
    with serving(f"sqlite:///{db}", {"ARMSWATCH_TOKEN": TOKEN}) as base:
        yield base


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api", reason="pip install playwright (the test extra)")
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 860})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    yield page
    context.close()
    assert not errors, f"script errors on the page: {errors}"


@pytest.fixture(scope="module")
def shots(tmp_path_factory) -> Path:
    if os.environ.get("ARMSWATCH_SCREENSHOTS"):
        folder = ROOT / "docs" / "screenshots"
        folder.mkdir(parents=True, exist_ok=True)
        return folder
    return tmp_path_factory.mktemp("shots")


def _snap(page, shots: Path, name: str) -> None:
    page.screenshot(path=str(shots / f"{name}.png"), type="png")
    assert (shots / f"{name}.png").stat().st_size > 5_000


def _open_document(page, server, title_part: str) -> None:
    page.goto(server + "/documents")
    page.locator("a.doc-link", has_text=title_part).first.click()
    page.wait_for_selector("#doc-text")


def test_dashboard_and_search(page, server, shots):
    page.goto(server + "/")
    assert str(DOCUMENTS) in page.locator(".stats").inner_text()
    _snap(page, shots, "dashboard")
    page.fill("#q", "rifles")
    page.press("#q", "Enter")
    page.wait_for_url("**/search?q=rifles*")
    results = page.locator("ol.records li.rec")
    assert results.count() > 0
    assert "rifles" in results.first.inner_text().lower() or "rifle" in results.first.inner_text().lower()
    page.locator("a.facet", has_text="arms").first.click()
    page.wait_for_url("**kind=arms*")
    kinds = page.locator("ol.records li.rec .kind").all_inner_texts()
    assert kinds and set(k.lower() for k in kinds) == {"arms"}


def test_seed_article_click_highlight_and_record(page, server, shots):
    _open_document(page, server, "Pakistan")
    assert page.locator("#doc-text").inner_text().startswith("ISLAMABAD")
    marks = page.locator("mark.hl")
    assert marks.count() > 5
    mark = page.locator("mark.hl:not(.off)").first  # time and quantity start switched off
    ids = mark.get_attribute("data-ids").split()
    mark.click()
    focused = page.locator(".doc-records .rec.focus")
    focused.first.wait_for(state="visible")
    assert focused.first.get_attribute("data-id") in ids
    _snap(page, shots, "document")
    # and back: click a record, its sentence and evidence light up
    card = page.locator(".doc-records .rec:visible").nth(3)
    card.locator(".conf").click()  # not on a link inside the card
    record_id = card.get_attribute("data-id")
    sentence = page.locator(".sent.focus")
    assert sentence.count() == 1
    active = page.locator("mark.hl.active")
    assert active.count() >= 1 and record_id in active.first.get_attribute("data-ids").split()
    assert active.first.is_visible()


def test_legend_toggles_hide_and_show_a_kinds_highlights(page, server):
    _open_document(page, server, "Pakistan")
    legend = page.locator("#legend")
    assert "Highlights" in legend.inner_text()
    # time and quantity start off: their only-time marks are uncoloured and their records hidden
    assert not legend.locator("input[data-kind=time]").is_checked()
    assert page.locator("mark.hl.k-time:not(.off)").count() == page.locator(
        "mark.hl.k-time:is(.k-event, .k-statement, .k-arms, .k-actor, .k-place, .k-quantity):not(.off)").count()
    assert page.locator(".doc-records .rec.k-time:visible").count() == 0
    places = page.locator("mark.hl.k-place")
    assert places.count() > 0 and page.locator("mark.hl.k-place.off").count() == 0
    legend.locator("input[data-kind=place]").uncheck()
    only_place = page.locator("mark.hl.k-place:not(.k-event, .k-statement, .k-arms, .k-actor)")
    assert only_place.count() > 0
    assert page.locator("mark.hl.k-place:not(.k-event, .k-statement, .k-arms, .k-actor):not(.off)").count() == 0
    assert page.locator(".doc-records .rec.k-place:visible").count() == 0
    legend.locator("input[data-kind=place]").check()
    assert page.locator("mark.hl.k-place.off").count() == 0
    assert page.locator(".doc-records .rec.k-place:visible").count() > 0
    legend.locator("input[data-kind=time]").check()
    assert page.locator("mark.hl.k-time.off").count() == 0
    assert page.locator(".doc-records .rec.k-time:visible").count() > 0


def test_review_a_record_with_the_token(page, server):
    from playwright.sync_api import expect

    _open_document(page, server, "Known figures")
    card = page.locator(".doc-records .rec.k-arms").first
    record_id = card.get_attribute("data-id")
    # without the token the server refuses and the page says so
    page.fill("#reviewer", "browser-analyst")
    page.dispatch_event("#reviewer", "change")
    card.locator("button[value=wrong]").click()
    expect(page.locator("#review-status")).to_contain_text("AW502")
    page.fill("#token", TOKEN)
    page.dispatch_event("#token", "change")
    card.locator("button[value=wrong]").click()
    expect(page.locator(f"#r-{record_id} .verdict")).to_contain_text("wrong · browser-analyst")
    with urllib.request.urlopen(f"{server}/records/{record_id}.json") as answer:
        import json

        data = json.loads(answer.read())
    assert data["_review"] == "wrong" and data["_reviews"][-1]["reviewer"] == "browser-analyst"


def test_hostile_article_renders_as_text(page, server, shots):
    _open_document(page, server, "Hostile")
    assert page.evaluate("window.__pwned") is None
    assert "pwned" not in page.title()
    assert page.locator("#doc-text script, #doc-text img").count() == 0
    assert page.locator("#doc-text").text_content() == HOSTILE_TEXT
    assert page.locator("h1").first.inner_text() == "<b>Hostile</b> <script>alert(1)</script>"


def test_charts_and_map_render(page, server, shots):
    for path, selector, name in (("/timeline", "svg.timeline circle.dot", "timeline"),
                                 ("/actors/Ruritania", "svg.net line.edge", "actor"),
                                 ("/arms", ".side-by-side .figure", "arms"),
                                 ("/map", "svg.map path.country", "map"),
                                 ("/extract", "form.extract textarea", "extract")):
        page.goto(server + path)
        page.wait_for_selector(selector, state="attached")
        assert page.locator(selector).count() >= 1, path
        _snap(page, shots, name)
    page.goto(server + "/map")
    assert page.locator("svg.map path.country").count() > 150
    assert page.locator("svg.map circle.place").count() >= 1


def test_from_the_dashboard_to_a_fused_event_and_its_reports(page, server, shots):
    page.goto(server + "/")
    link = page.locator("ol.fused a.reported").first
    said = link.inner_text()  # "reported N times by M sources"
    documents = int(said.split()[1])
    link.click()
    page.wait_for_url("**/fused/*")
    assert page.locator(".reports .report").count() >= documents  # one card per report (a document may hold two)
    assert f"{documents} document" in page.locator(".fused-facts .counts").inner_text()
    _snap(page, shots, "fused_event")
    page.locator(".reports .report a.doc-link").first.click()
    page.wait_for_selector("#doc-text")
    page.locator(".fusion a.story-link").click()
    page.wait_for_url("**/stories/*")
    assert page.locator("ol.story-documents li").count() >= 1 and page.locator("ol.fused a.reported").count() >= 1


def test_paste_an_article(page, server):
    page.goto(server + "/extract")
    page.fill("textarea[name=text]", "The army seized 40 rifles near Kandahar on Monday, officials said.")
    page.fill("input[name=published]", "2025-01-06")
    page.click("form.extract button[type=submit]")
    page.wait_for_selector("#doc-text")
    assert "not stored" in page.locator(".doc-head").inner_text()
    assert page.locator("mark.hl").count() >= 1


def test_api_docs_work_offline(page, server):
    """Swagger UI at /docs is served from the package (swagger-ui-bundle), not a CDN."""
    outside: list[str] = []
    page.on("request", lambda request: outside.append(request.url) if not request.url.startswith(server) else None)
    page.goto(server + "/docs")
    page.wait_for_selector(".swagger-ui .opblock", timeout=30_000)
    assert "/documents.json" in page.locator(".swagger-ui").inner_text()
    assert not outside, f"requests left the server: {outside}"
