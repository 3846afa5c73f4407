"""Shared fixtures. Fast tests run by default; `pytest --runslow` adds the slow ones.

Tests never need ../shared: gold-set evaluations are run by `armswatch evaluate`, and the few tests that
read the seed article use the copy bundled under examples/.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
SEED = EXAMPLES / "seed" / "000_e30b4c377622b289.txt"
SEED_PUBLISHED = "2025-02-17"
POSTGRES_URL = os.environ.get("ARMSWATCH_TEST_POSTGRES", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


def pytest_addoption(parser):
    parser.addoption("--runslow", action="store_true", default=False, help="run slow tests too")


def pytest_collection_modifyitems(config, items):
    if config.getoption("--runslow"):
        return
    skip = pytest.mark.skip(reason="slow: run with --runslow")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def pipeline():
    from armswatch.pipeline import Pipeline

    return Pipeline()


@pytest.fixture(scope="session")
def seed_document():
    from armswatch.document import Document

    return Document(text=SEED.read_text("utf-8"), published=SEED_PUBLISHED, title=None,
                    url="https://arab.news/jcer6", source=str(SEED))


@pytest.fixture(scope="session")
def seed_records(pipeline, seed_document):
    return pipeline(seed_document)
