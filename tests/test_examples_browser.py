"""`make run`'s database in a real browser: the bundled examples ingested exactly as `make run` ingests them
(`armswatch ingest examples/articles`), served by `armswatch serve`, and read in Debian's chromium: every
event on the timeline is dated, and the map shows events at places."""

from __future__ import annotations

import json
import subprocess
import sys
import urllib.request

import pytest

from test_web_browser import ARGS, CHROMIUM, ROOT, serving

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="browser tests need Debian's chromium at /usr/bin/chromium "
                                                     "(apt-get install chromium)"),
]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    db = f"sqlite:///{tmp_path_factory.mktemp('make-run') / 'armswatch.db'}"
    ingest = subprocess.run([sys.executable, "-m", "armswatch.cli", "ingest", "examples/articles", "--db", db, "-q"],
                            cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert ingest.returncode == 0, ingest.stdout + ingest.stderr
    with serving(db) as base:
        yield base


@pytest.fixture(scope="module")
def page(server):
    sync_api = pytest.importorskip("playwright.sync_api", reason="pip install playwright (the test extra)")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield browser.new_page(viewport={"width": 1280, "height": 860})
        browser.close()


def _json(url: str) -> dict:
    return json.loads(urllib.request.urlopen(url, timeout=30).read())


def test_every_bundled_event_is_on_the_timeline_dated(page, server):
    events = _json(server + "/events.json?limit=500")
    assert events["items"] and not events["has_more"]
    assert all(e["date"] and e["date"][:4].isdigit() for e in events["items"]), [e["date"] for e in events["items"]]
    timeline = _json(server + "/timeline.json")
    assert timeline["undated"] == 0 and timeline["unplaced"] == 0
    page.goto(server + "/timeline")
    dots = page.locator("svg.timeline circle.dot")
    assert dots.count() > 0
    titles = page.locator("svg.timeline circle.dot title").evaluate_all("nodes => nodes.map(n => n.textContent)")
    # "TYPE · YYYY-MM: N events": the type lanes hold every event once (the actor lanes repeat them)
    drawn = sum(int(title.split(": ")[-1].split()[0]) for title in titles if title.split(" · ")[0] in timeline["types"])
    assert drawn == len(events["items"])  # every event is a dot's count, none left undrawn
    assert "0 events have no date and 0 only a year" in page.locator("main").inner_text()


def test_the_map_shows_events_at_places(page, server):
    page.goto(server + "/map")
    assert page.locator("svg.map path.country").count() > 150
    at_places = page.locator("svg.map circle.place.has-events")
    assert at_places.count() >= 1
    located = [p for p in _json(server + "/map.json")["places"] if p["events"]]
    assert located and all(p["lat"] is not None and p["lon"] is not None for p in located)
