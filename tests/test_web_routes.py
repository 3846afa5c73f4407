"""The page modules: every HTML page added through ``twin()`` has its JSON twin in the OpenAPI schema."""

from __future__ import annotations

import re

import pytest

pytest.importorskip("fastapi")


def test_every_page_has_a_json_twin_in_the_schema(tmp_path):
    from armswatch.store import open_store
    from armswatch.web import create_app

    store = open_store(f"sqlite:///{tmp_path / 'w.db'}")
    try:
        app = create_app(store)
        schema_paths = set(app.openapi()["paths"])
        pages = [r.path for r in app.routes if "GET" in (getattr(r, "methods", None) or ())
                 and not r.include_in_schema and r.path not in ("/", "/docs", "/extract")
                 and not r.path.endswith(".json")]
        assert len(pages) >= 14  # search, documents, six record lists, actors, the three detail pages, charts
        missing = [p for p in pages if re.sub(r":\w+}", "}", p) + ".json" not in schema_paths]  # {name:path} is {name} there
        assert not missing, f"pages without a JSON twin: {missing}"
    finally:
        store.close()


def test_a_twin_answers_json_and_html_from_one_view(tmp_path):
    from fastapi.testclient import TestClient

    from armswatch.store import open_store
    from armswatch.web import create_app

    store = open_store(f"sqlite:///{tmp_path / 'w.db'}")
    try:
        with TestClient(create_app(store)) as client:
            as_json = client.get("/timeline.json")
            as_page = client.get("/timeline")
            as_format = client.get("/timeline?format=json")
        assert as_json.headers["content-type"].startswith("application/json") and "months" in as_json.json()
        assert as_page.headers["content-type"].startswith("text/html") and "<html" in as_page.text.lower()
        assert as_format.json() == as_json.json()
    finally:
        store.close()
