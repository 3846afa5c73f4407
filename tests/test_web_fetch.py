"""POST /extract with an uploaded feed fetches nothing unless the server was started with --allow-fetch and
the request carries the token; it never reads file: links. The feed's links point at a real loopback
listener that the fetch policy itself would allow, so only the web layer stands in the way."""

from __future__ import annotations

import pytest

from armswatch.config import load_settings

from test_fetch import listener
from test_ingest_helpers import ARTICLE

TOKEN = "s3cret-token"


@pytest.fixture(scope="module")
def settings():
    settings = load_settings(env={})
    settings.set("fetch.allow_private", ["127.0.0.1"])  # the policy would let the listener through …
    settings.set("fetch.allow_file", True)  # … and even file: links: /extract must still refuse both
    return settings


@pytest.fixture(scope="module")
def store(tmp_path_factory, settings):
    from armswatch.store import open_store

    store = open_store(f"sqlite:///{tmp_path_factory.mktemp('webfetch') / 'web.db'}", settings)
    yield store
    store.close()


def _client(store, settings, allow_fetch, token=TOKEN):
    from fastapi.testclient import TestClient

    from armswatch.pipeline import Pipeline
    from armswatch.web import create_app

    app = create_app(store, token=token, settings=settings, allow_fetch=allow_fetch,
                     pipeline_factory=lambda: Pipeline(settings, extractors=["time"]))
    return TestClient(app, raise_server_exceptions=False)


def _feed(links) -> bytes:
    items = "".join(f"<item><title>t</title><link>{link}</link></item>" for link in links)
    return f"<?xml version='1.0'?><rss version='2.0'><channel><title>x</title>{items}</channel></rss>".encode()


@pytest.mark.parametrize("allow_fetch, sent", [(False, TOKEN), (True, None), (True, "wrong-token")])
def test_extract_fetches_nothing_without_option_and_token(tmp_path, store, settings, allow_fetch, sent):
    secret = tmp_path / "secret.html"
    secret.write_text(f"<html><body><article><p>{ARTICLE}</p></article></body></html>", "utf-8")
    with listener() as local, _client(store, settings, allow_fetch) as client:
        feed = _feed([f"http://127.0.0.1:{local.server_address[1]}/internal", f"file://localhost{secret}"])
        headers = {"Authorization": f"Bearer {sent}"} if sent else {}
        answer = client.post("/extract?format=json", files={"file": ("feed.rss", feed, "application/rss+xml")}, headers=headers)
    assert local.hits == []
    assert answer.status_code >= 400 and ARTICLE[:40] not in answer.text
    expected = "AW502" if sent == "wrong-token" else "AW115"
    assert expected in answer.text


def test_extract_fetches_with_option_and_token_but_never_file(tmp_path, store, settings):
    secret = tmp_path / "secret.html"
    secret.write_text("<html><body><article><p>SECRET local file</p></article></body></html>", "utf-8")
    with listener() as local, _client(store, settings, allow_fetch=True) as client:
        feed = _feed([f"file://localhost{secret}", f"http://127.0.0.1:{local.server_address[1]}/page"])
        answer = client.post("/extract?format=json", files={"file": ("feed.rss", feed, "application/rss+xml")},
                             headers={"Authorization": f"Bearer {TOKEN}"})
    assert answer.status_code == 200, answer.text
    assert local.hits == ["/page"] and "SECRET" not in answer.text
    assert "shipment of rifles" in answer.json()["text"]
