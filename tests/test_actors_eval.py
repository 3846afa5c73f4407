"""The actor-related scorers (re3d, actors, meantime-coref) on small made-up inputs: no gold set needed."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import pytest

from armswatch.evaluate import load_all
from armswatch.evaluate.meantime_coref import align, score_article
from armswatch.evaluate.re3d import load_corpus, record_types, score, scored_spans
from armswatch.records import ActorRecord, ExtractorInfo, PlaceRecord, QuantityRecord, Span, TimeRecord

INFO = ExtractorInfo(name="test", version="0")


def _span(text, part):
    start = text.index(part)
    return Span(start=start, end=start + len(part), text=part)


def actor(text, part, **fields):
    return ActorRecord(id=part, doc_id="d", evidence=[_span(text, part)], confidence=fields.pop("confidence", 0.9),
                       extractor=INFO, name=fields.pop("name", part), text=part, **fields)


def test_evaluations_are_registered():
    names = load_all()
    assert {"re3d", "actors", "meantime-coref"} <= set(names)


def test_record_types_follow_the_actor_kind():
    text = "France said Pakistani troops and the Kurdish fighters crossed into Iraq."
    assert record_types(actor(text, "France", type="country", country="FRA", sector="GOV")) == ["Organisation"]
    assert record_types(actor(text, "Iraq", type="country", country="IRQ", sector="UNK")) == ["Location"]
    assert record_types(actor(text, "Pakistani", type="country", country="PAK")) == ["Nationality"]
    assert record_types(actor(text, "Kurdish", type="group")) == ["Nationality"]
    quantity = QuantityRecord(id="q", doc_id="d", evidence=[Span(start=0, end=8, text="24 hours")], confidence=1,
                              extractor=INFO, text="24 hours", value=24, unit="hour")
    assert record_types(quantity) == ["Temporal"]


def test_scored_spans_settle_overlaps():
    text = "France said on Monday that ISIL fighters fled."
    records = [
        actor(text, "France", type="country", country="FRA", sector="GOV"),
        PlaceRecord(id="p", doc_id="d", evidence=[_span(text, "France")], confidence=1, extractor=INFO,
                    text="France", name="France"),
        TimeRecord(id="t", doc_id="d", evidence=[_span(text, "on Monday")], confidence=1, extractor=INFO,
                   text="on Monday", value="2025-02-17"),
        actor(text, "ISIL fighters", type="group", sector="REB"),
        actor(text, "ISIL", type="group", sector="REB"),
    ]
    spans = {(text[s:e], kind) for s, e, kind in scored_spans(records, text)}
    assert spans == {("France", "Organisation"), ("Monday", "Temporal"), ("ISIL fighters", "Organisation")}


def test_score_strict_and_lenient():
    gold = {"d": {(0, 10, "Person"), (20, 30, "Location")}}
    pred = {"d": {(0, 10, "Person"), (22, 30, "Location"), (40, 45, "Weapon")}}
    metrics, _ = score(gold, pred)
    assert metrics["strict.micro.precision"] == pytest.approx(1 / 3, abs=1e-3)
    assert metrics["strict.micro.recall"] == 0.5
    assert metrics["lenient.micro.recall"] == 1.0
    assert metrics["lenient.Location.f1"] == 1.0


def test_re3d_loader_keeps_confident_gold_of_the_nine_types(tmp_path):
    folder = tmp_path / "Corpus"
    folder.mkdir()
    (folder / "documents.json").write_text(json.dumps({"_id": "a", "text": "Kerry met Lavrov in Geneva."}) + "\n")
    rows = [{"documentId": "a", "begin": 0, "end": 5, "type": "Person", "confidence": 1},
            {"documentId": "a", "begin": 10, "end": 16, "type": "Person", "confidence": 0.2},
            {"documentId": "a", "begin": 20, "end": 26, "type": "Vehicle", "confidence": 1}]
    (folder / "entities.json").write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    documents, gold = load_corpus(tmp_path)
    assert len(documents) == 1 and gold == {"a": {(0, 5, "Person")}}


def test_coreference_scores():
    gold = {"e1": [(0, 5), (20, 22), (40, 45)], "e2": [(10, 15)]}
    perfect = score_article(gold, {"x": [(0, 5), (20, 22), (40, 45)], "y": [(10, 15)]})
    assert perfect["muc_r_num"] == perfect["muc_r_den"] == 2 and perfect["b3_r"] == perfect["b3_n"] == 4
    split = score_article(gold, {"x": [(0, 5), (20, 22)], "y": [(40, 45)], "z": [(10, 15), (60, 65)]})
    assert split["muc_r_num"] == 1 and split["mention_fp"] == 1
    assert align([(0, 10)], [(2, 10), (0, 3)]) == {(0, 10): (2, 10)}


def test_actor_cases_ship_and_name_their_phrase():
    from armswatch.evaluate.actors_eval import load_cases

    cases = load_cases(None)
    assert len(cases) >= 100
    assert all(c["actor"] in c["text"] and c["country"] for c in cases)


@pytest.mark.slow
def test_actor_cases_mostly_resolve():
    from armswatch.config import load_settings
    from armswatch.evaluate.actors_eval import load_cases, resolve_cases, score

    metrics, _ = score(resolve_cases(load_cases(None)[:40], load_settings(env={})))
    assert metrics["accuracy"] >= 0.8


def test_meantime_gold_chains_from_xml(tmp_path):
    from armswatch.evaluate.meantime import load_article
    from armswatch.evaluate.meantime_coref import gold_chains

    xml = """<Document doc_id="1" doc_name="x" lang="en">
<token number="0" sentence="0" t_id="1">Obama</token><token number="1" sentence="0" t_id="2">spoke</token>
<token number="2" sentence="0" t_id="3">.</token><token number="3" sentence="1" t_id="4">He</token>
<token number="4" sentence="1" t_id="5">left</token>
<Markables><ENTITY_MENTION m_id="1"><token_anchor t_id="1"/></ENTITY_MENTION>
<ENTITY_MENTION m_id="2"><token_anchor t_id="4"/></ENTITY_MENTION>
<ENTITY m_id="9" ent_type="PER" TAG_DESCRIPTOR="Obama"/></Markables>
<Relations><REFERS_TO r_id="1"><source m_id="1"/><source m_id="2"/><target m_id="9"/></REFERS_TO></Relations>
</Document>"""
    path = tmp_path / "a.xml"
    path.write_text(xml, "utf-8")
    article = load_article(path)
    chains = gold_chains(article)
    text = article.document.text
    assert [[text[s:e] for s, e in chain] for chain in chains.values()] == [["Obama", "He"]]
    assert ET  # the loader parses with ElementTree
