"""Fusion across documents: copies, fused events, stories and claim links, stored incrementally on ingest.

The result must not depend on the order documents arrive in: forward, backward, shuffled, twice, and a
rebuild from scratch give the same copy groups, fused events, stories and claim links.
"""

from __future__ import annotations

import json
import os
import random
from itertools import combinations
from pathlib import Path

import pytest

from armswatch.document import Document
from armswatch.fuse import store as fused
from armswatch.fuse.params import Params
from armswatch.fuse.update import rebuild
from armswatch.store import open_store

from conftest import EXAMPLES, ROOT
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
    assert any(f["documents"] > f["sources"] for f in expected["fused"])  # copies fused, counted once
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


def test_templated_releases_with_other_figures_are_not_copies(tmp_path):
    """A templated release (yesterday's wording, today's numbers) shares most shingles but not its figures:
    not a copy. The releases are made from the bundled seed article by changing every number in it."""
    import re

    seed = next(d for d in bundled() if "arab.news" in (d.url or ""))
    numbers = sorted(set(re.findall(r"\d[\d,]*", seed.text)))
    assert len(numbers) >= 5
    def release(day):
        return Document(text=re.sub(r"\d[\d,]*", lambda m: str(int(m.group(0).replace(",", "")) + day), seed.text),
                        title=seed.title, url=f"https://release.example/{day}", source=f"day{day}")
    with open_store(f"sqlite:///{tmp_path / 'daily'}.db") as store:
        for doc in [seed, release(1), release(2)]:
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


ECBPLUS = Path(os.environ.get("ARMSWATCH_EVAL_DATA", ROOT.parent / "shared" / "eval")) / "ecbplus"


@pytest.mark.skipif(not (ECBPLUS / "ECB+").is_dir(), reason="needs the ECB+ gold set (../shared/eval/ecbplus)")
def test_ten_copies_and_three_independent_reports_make_one_event_of_four_sources(tmp_path, pipeline):
    """Real reports of one event (ECB+ topic 12: the Indian Navy's capture of Somali pirates, December
    2008): one article in ten versions (itself and nine edited copies), and three reports by other outlets."""
    from armswatch.evaluate.ecbplus_data import load

    docs = {d.name: d for d in load(ECBPLUS, range(12, 13))}
    original, others = docs["12_1ecb"], [docs[n] for n in ("12_4ecb", "12_11ecb", "12_13ecb")]
    first = Document(text=original.text, url=original.url, source=original.name)
    items = [doc for doc, _ in with_copies([first], per_doc=9, seed=5)]  # ten texts of one article
    items += [Document(text=d.text, url=d.url, source=d.name) for d in others]
    with open_store(f"sqlite:///{tmp_path / 'pirates'}.db") as store:
        for doc, records in pipeline.run(items):
            store.write_document(doc, records)
        with store.reading() as c:
            assert len(fused.copies_of(c, first.doc_id)) == 10
            best = max(fused.fused_events(c), key=lambda f: (f["documents"], f["sources"]))
    assert (best["documents"], best["sources"]) == (13, 4), best
    assert {r["url"] for r in best["reports"]} == {d.url for d in items}  # every copy's URL kept


def test_exports_of_stories_and_fused_events(tmp_path, corpus):
    import csv

    import pyarrow.parquet as pq

    from armswatch.errors import FusedFormat

    with _store_in(tmp_path, "export", corpus) as store:
        with store.reading() as c:
            expected = fused.fused_events(c)
            stories = fused.stories(c)
        out = tmp_path / "fused.jsonl"
        assert store.export("fused_event", "jsonl", out) == len(expected)
        first = json.loads(out.read_text("utf-8").splitlines()[0])
        assert set(first) >= {"id", "type", "actors", "recipients", "date", "place", "reports", "documents",
                              "sources", "confidence"}
        assert set(first["reports"][0]) == {"event", "doc_id", "url"}
        store.export("fused_event", "csv", tmp_path / "fused.csv")
        rows = list(csv.DictReader((tmp_path / "fused.csv").open(encoding="utf-8")))
        assert len(rows) == len(expected) and rows[0]["id"] == first["id"]
        store.export("fused_event", "parquet", tmp_path / "fused.parquet")
        assert pq.read_table(tmp_path / "fused.parquet").num_rows == len(expected)
        assert store.export("story", "jsonl", tmp_path / "stories.jsonl") == len(stories)
        line = json.loads((tmp_path / "stories.jsonl").read_text("utf-8").splitlines()[0])
        assert {"id", "documents", "urls"} <= set(line)
        with pytest.raises(FusedFormat) as caught:
            store.export("story", "csv", tmp_path / "stories.csv")
        assert caught.value.code == "AW802"


def test_figures_reconciled():
    from armswatch.fuse.figures import reconcile, series

    def row(record, doc, count, as_of="2021-08", source="Small Arms Survey"):
        return {"record_id": record, "doc_id": doc, "holder": "Afghanistan", "holder_country": "AFG",
                "category": "rifle", "as_of": as_of, "count_low": count, "count_high": count, "source": source,
                "copy_group": "d1" if doc == "d2" else doc}  # d2 is a copy of d1

    rows = [row("r1", "d1", 258300), row("r2", "d2", 258300), row("r3", "d3", 258300),
            row("r4", "d4", 300000, source="Other"), row("r5", "d1", 250000, as_of="2022")]
    figures = reconcile(rows)
    same = next(f for f in figures if f["count_low"] == 258300)
    assert (len(same["reports"]), same["documents"], same["sources"]) == (3, 3, 2)
    assert same["conflicts_with"] == [[300000, 300000]]
    assert next(f for f in figures if f["count_low"] == 250000)["conflicts_with"] == []  # another date
    assert [f["as_of"] for f in series(figures)[("Afghanistan", "rifle")]] == ["2021-08", "2021-08", "2022"]
