"""Fusion's lookups at scale: blocking keys that meet for every pair of overlapping dates and not for two
different days, indexed lookups (no table scan as the store grows), and migration 0008's rewritten keys."""

from __future__ import annotations

from datetime import date, timedelta
from itertools import combinations

from sqlalchemy import select, text

from armswatch.fuse import tables as T
from armswatch.fuse.dates import overlap, periods
from armswatch.fuse.events import keys
from armswatch.store.connect import make_engine
from armswatch.store.migrate import upgrade, upgrade_on


def _ranges() -> list[tuple[date, date]]:
    out = []
    for start in (date(2019, 12, 31), date(2020, 1, 1), date(2020, 1, 30), date(2020, 2, 28), date(2020, 12, 31)):
        for days in (0, 1, 6, 30, 62, 63, 200, 400, 1000, 4000):
            out.append((start, start + timedelta(days=days)))
    return out


def _decade(span: tuple[date, date]) -> bool:
    return span[1].year - span[0].year + 1 > 3 and (span[1] - span[0]).days > 62


def test_overlapping_dates_meet_under_a_key_and_two_days_do_not():
    ranges = _ranges()
    for a, b in combinations(ranges, 2):
        (stored_a, probed_a), (stored_b, probed_b) = periods(*a), periods(*b)
        meet = bool(set(stored_a) & set(probed_b) or set(stored_b) & set(probed_a))
        long_a, long_b = _decade(a), _decade(b)  # "L": a decade says too little to block on, meets only its kind
        if overlap((a[0].isoformat(), a[1].isoformat()), (b[0].isoformat(), b[1].isoformat())):
            assert meet or long_a != long_b, (a, b)
        if a[0] == a[1] and b[0] == b[1] and a != b:
            assert not meet, (a, b)
        if long_a and long_b:
            assert meet


def _features(day: str, country: str = "USA") -> dict:
    return {"family": "material_conflict", "names": ["army"], "countries": [country], "date": [day, day]}


def test_migration_0008_rewrites_event_keys_and_band_lookups_use_an_index(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'old.db'}")
    with engine.begin() as connection:
        upgrade_on(connection, "0007")
        connection.execute(text("INSERT INTO documents (doc_id, title, text, chars, ingested_at) "
                                "VALUES ('d1', 't', 'x', 1, CURRENT_TIMESTAMP)"))
        connection.execute(text("INSERT INTO records (id, doc_id, kind, confidence, extractor, data) "
                                "VALUES ('e1', 'd1', 'event', 0.5, 'x', '{}')"))
        connection.execute(T.events.insert(), {"event_id": "e1", "doc_id": "d1", "fused_id": "fe1", "main": True,
                                               "features": _features("2020-05-03")})
        connection.execute(T.event_keys.insert(), {"key": "material_conflict|c:USA|M2020-05", "event_id": "e1"})
    upgrade(engine)
    with engine.connect() as connection:
        stored = set(connection.scalars(select(T.event_keys.c.key)))
        assert stored == set(keys(_features("2020-05-03"))[0])
        assert "material_conflict|c:USA|D2020-05-03" in stored
        plan = " ".join(str(row) for row in connection.execute(text(
            "EXPLAIN QUERY PLAN SELECT doc_id FROM fuse_bands WHERE hash IN (1, 2, 3)")))
        assert "ix_fuse_bands_hash" in plan and "SCAN fuse_bands" not in plan
    engine.dispose()


def _doc_links_of(tmp_path, min_shared: int) -> set[tuple[str, str]]:
    """Links made for a new document against two stored ones: d1 shares one of its keys, d2 two (each
    close enough in words to tell one story)."""
    from armswatch.fuse.params import Params
    from armswatch.fuse.update import _add_doc_links

    engine = make_engine(f"sqlite:///{tmp_path / f'links{min_shared}.db'}")
    upgrade(engine)
    stored = {"d1": {"alpha": 1.0}, "d2": {"alpha": 0.7071, "beta": 0.7071}}
    with engine.begin() as connection:
        for doc_id, terms in [*stored.items(), ("d3", {})]:
            connection.execute(text("INSERT INTO documents (doc_id, title, text, chars, ingested_at) "
                                    "VALUES (:d, 't', 'x', 1, CURRENT_TIMESTAMP)"), {"d": doc_id})
            connection.execute(T.documents.insert(), {"doc_id": doc_id, "copy_group": doc_id, "story": "s" + doc_id,
                                                      "signature": b"", "figures": [], "terms": terms})
            if terms:
                connection.execute(T.terms.insert(), [{"term": t, "doc_id": doc_id} for t in terms])
        new = {"terms": {"alpha": 0.7071, "beta": 0.7071}, "keys": ["alpha", "beta", "gamma"]}
        _add_doc_links(connection, "d3", new, Params(story_min_shared_keys=min_shared))
        return set(connection.execute(select(T.doc_links.c.doc_id, T.doc_links.c.other_id)).all())


def test_a_story_candidate_shares_story_min_shared_keys_keys(tmp_path):
    assert _doc_links_of(tmp_path, 2) == {("d3", "d2"), ("d2", "d3")}
    assert _doc_links_of(tmp_path, 1) == {("d3", "d2"), ("d2", "d3"), ("d3", "d1"), ("d1", "d3")}


def _linked_by_date(tmp_path, published: str | None, stored: dict[str, str | None], window: int) -> set[str]:
    """The stored documents (doc id: publication date) a new one published on ``published`` is linked to,
    every one sharing its words."""
    from armswatch.fuse.params import Params
    from armswatch.fuse.update import _add_doc_links

    engine = make_engine(f"sqlite:///{tmp_path / f'window{window}-{published}.db'}")
    upgrade(engine)
    terms = {"alpha": 0.7071, "beta": 0.7071}
    with engine.begin() as connection:
        for doc_id, day in [*stored.items(), ("new", published)]:
            connection.execute(text("INSERT INTO documents (doc_id, title, text, chars, ingested_at) "
                                    "VALUES (:d, 't', 'x', 1, CURRENT_TIMESTAMP)"), {"d": doc_id})
            connection.execute(T.documents.insert(), {"doc_id": doc_id, "copy_group": doc_id, "story": "s" + doc_id,
                                                      "signature": b"", "figures": [], "terms": terms,
                                                      "published": day})
            if doc_id != "new":
                connection.execute(T.terms.insert(), [{"term": t, "doc_id": doc_id} for t in terms])
        _add_doc_links(connection, "new", {"terms": terms, "keys": list(terms)}, Params(story_window_days=window),
                       published)
        return set(connection.scalars(select(T.doc_links.c.other_id).where(T.doc_links.c.doc_id == "new")))


def test_documents_published_far_apart_tell_no_story_by_their_words(tmp_path):
    from armswatch.fuse import links as L
    from armswatch.fuse.params import Params

    stored = {"day_after": "2025-02-18", "month_edge": "2025-03-20", "month_after": "2025-03-21",
              "year_before": "2024-02-17", "undated": None, "a_month": "2025-03", "a_year": "2024"}
    assert _linked_by_date(tmp_path, "2025-02-17", stored, 31) == {"day_after", "month_edge", "undated", "a_month"}
    assert _linked_by_date(tmp_path, None, stored, 31) == set(stored)  # an undated document has no window
    assert _linked_by_date(tmp_path, "2025-02-17", stored, 0) == set(stored)  # 0: no window
    params = Params(story_window_days=31)
    for a in [*stored.values(), "2025-02-17"]:
        for b in stored.values():
            assert L.within_window(a, b, params) == L.within_window(b, a, params)  # the order never matters
