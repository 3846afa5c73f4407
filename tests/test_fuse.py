"""Fusion across documents: copies, fused events, stories and claim links, stored incrementally on ingest.

The result must not depend on the order documents arrive in: forward, backward, shuffled, twice, and a
rebuild from scratch give the same copy groups, fused events, stories and claim links.
"""

from __future__ import annotations

import json
import random
from itertools import combinations

import pytest

from armswatch.document import Document
from armswatch.fuse import store as fused
from armswatch.fuse.params import Params
from armswatch.fuse.update import rebuild
from armswatch.store import open_store

from conftest import EXAMPLES
from fuse_edits import edited_copy


def bundled() -> list[Document]:
    docs = []
    for path in sorted((EXAMPLES / "articles").glob("*.jsonl")):
        for line in path.read_text("utf-8").splitlines():
            row = json.loads(line)
            docs.append(Document(text=row["text"], title=row.get("title"), url=row.get("url"),
                                 published=row.get("published"), source=f"{path.name}:{len(docs)}"))
    return docs


def with_copies(docs: list[Document], per_doc: int, seed: int = 7) -> list[tuple[Document, int]]:
    """Each document and ``per_doc`` edited copies of it, with the index of the original."""
    rng = random.Random(seed)
    out, seen = [], set()
    for origin, doc in enumerate(docs):
        out.append((doc, origin))
        seen.add(doc.text)
        for n in range(per_doc):
            title, text = edited_copy(doc.text, doc.title, rng)
            while text in seen:  # a copy identical to another is a duplicate, not a copy
                title, text = edited_copy(doc.text, doc.title, rng)
            seen.add(text)
            out.append((Document(text=text, title=title, url=f"https://copy{n}.example/{origin}",
                                 published=doc.published, source=f"copy{n}-{origin}"), origin))
    return out


def snapshot(store) -> dict:
    from sqlalchemy import select

    from armswatch.fuse import tables as T

    with store.reading() as c:
        return {
            "copies": dict(c.execute(select(T.documents.c.doc_id, T.documents.c.copy_group)).all()),
            "stories": dict(c.execute(select(T.documents.c.doc_id, T.documents.c.story)).all()),
            "events": dict(c.execute(select(T.events.c.event_id, T.events.c.fused_id)).all()),
            "fused": sorted(fused.fused_events(c), key=lambda f: f["id"]),
            "claims": fused.claim_links(c),
        }


@pytest.fixture(scope="module")
def corpus(pipeline):
    """The bundled articles with two edited copies each, and their records (extracted once)."""
    docs = [doc for doc, _ in with_copies(bundled(), per_doc=2)]
    return [(doc, records) for doc, records in pipeline.run(docs)]


def _store_in(tmp_path, name, items):
    store = open_store(f"sqlite:///{tmp_path / name}.db")
    for doc, records in items:
        store.write_document(doc, records)
    return store


def test_same_result_in_any_order_twice_and_rebuilt(tmp_path, corpus):
    forward = _store_in(tmp_path, "forward", corpus)
    expected = snapshot(forward)
    assert len(set(expected["copies"].values())) == len(corpus) // 3  # each original with its two copies
    assert any(f["sources"] > 1 for f in expected["fused"])
    shuffled = list(corpus)
    random.Random(3).shuffle(shuffled)
    for name, items in (("backward", corpus[::-1]), ("shuffled", shuffled), ("twice", corpus + corpus)):
        with _store_in(tmp_path, name, items) as store:
            assert snapshot(store) == expected, name
    with forward.transaction() as connection:
        assert rebuild(connection, Params()) == len(corpus)
    assert snapshot(forward) == expected
    forward.close()


def test_copies_count_once_as_a_source(tmp_path, corpus):
    with _store_in(tmp_path, "sources", corpus) as store, store.reading() as c:
        for f in fused.fused_events(c):
            groups = {r["copy_group"] for r in f["reports"]}
            assert f["sources"] == len(groups) <= f["documents"] == len({r["doc_id"] for r in f["reports"]})
            assert len({r["url"] for r in f["reports"]}) == f["documents"]  # every copy's URL kept
        doc = corpus[0][0]
        assert len(fused.copies_of(c, doc.doc_id)) == 3
        assert fused.copies_of(c, "no-such-doc") == []
        story = fused.story(c, fused.stories(c)[0]["id"])
        assert story["documents"] and story["fused_events"]


def test_copy_groups_precision_and_recall(tmp_path):
    """Real bundled articles, four edited copies each, written without records: copy groups against the
    true origins, pair by pair (threshold from the shipped settings, not tuned on this set)."""
    items = with_copies(bundled(), per_doc=4, seed=11)
    origin = {doc.doc_id: o for doc, o in items}
    with open_store(f"sqlite:///{tmp_path / 'copies'}.db") as store:
        for doc, _ in items:
            store.write_document(doc, [])
        group = snapshot(store)["copies"]
    pairs = list(combinations(sorted(origin), 2))
    found = {p for p in pairs if group[p[0]] == group[p[1]]}
    true = {p for p in pairs if origin[p[0]] == origin[p[1]]}
    precision = len(found & true) / len(found)
    recall = len(found & true) / len(true)
    assert precision >= 0.98 and recall >= 0.95, (precision, recall)


def test_templated_daily_releases_are_not_copies(tmp_path):
    daily = [d for d in bundled() if "Military airstrikes continue" in (d.title or "")]
    assert len(daily) == 3
    with open_store(f"sqlite:///{tmp_path / 'daily'}.db") as store:
        for doc in daily:
            store.write_document(doc, [])
        assert len(set(snapshot(store)["copies"].values())) == 3


def test_fusion_off_stores_nothing(tmp_path, monkeypatch):
    monkeypatch.setenv("ARMSWATCH__FUSE__ON_INGEST", "false")
    from armswatch.config import load_settings

    doc = bundled()[0]
    with open_store(f"sqlite:///{tmp_path / 'off'}.db", settings=load_settings()) as store:
        assert store.fusion is None
        store.write_document(doc, [])
        assert snapshot(store)["copies"] == {}
