"""Cross-document claim links (armswatch.fuse.claims)."""

from __future__ import annotations

from armswatch.fuse.claims import link_claims
from armswatch.records import Actor, StatementRecord

_PAK = Actor(name="Pakistan", text="Islamabad", type="country", country="PAK", sector="GOV")
_AFG = Actor(name="Afghanistan", text="Kabul", type="country", country="AFG", sector="GOV")
_IND = Actor(name="India", text="New Delhi", type="country", country="IND", sector="GOV")


def statement(sid: str, doc: str, claim: str, text: str, speaker: Actor, target: Actor | None, when: str):
    return StatementRecord(id=sid, doc_id=doc, evidence=[], confidence=0.8,
                           extractor={"name": "statements", "version": "0.1"}, speaker=speaker, text=text,
                           direct=False, cue=claim, date=when, claim=claim, target=target)


def test_accusation_and_denial_in_two_documents_are_linked():
    accusation = statement("a", "d1", "accuse", "Kabul of sheltering militant groups", _PAK, _AFG, "2025-02-10")
    denial = statement("b", "d2", "deny", "that Kabul shelters militant groups", _AFG, _AFG, "2025-02-12")
    assert link_claims([accusation, denial]) == {"a": ["b"], "b": ["a"]}


def test_bare_denial_needs_to_be_close_in_time():
    accusation = statement("a", "d1", "accuse", "Kabul of sheltering militant groups", _PAK, _AFG, "2025-02-10")
    soon = statement("b", "d2", "deny", "involvement", _AFG, _AFG, "2025-02-11")
    late = statement("c", "d3", "deny", "involvement", _AFG, _AFG, "2025-06-01")
    links = link_claims([accusation, soon, late])
    assert links["a"] == ["b"] and "c" not in links


def test_other_side_same_document_and_other_matter_are_not_linked():
    accusation = statement("a", "d1", "accuse", "Kabul of sheltering militant groups", _PAK, _AFG, "2025-02-10")
    other_side = statement("b", "d2", "deny", "involvement", _IND, _IND, "2025-02-11")
    same_doc = statement("c", "d1", "deny", "involvement", _AFG, _AFG, "2025-02-10")
    other_matter = statement("d", "d4", "deny", "that the election results were rigged", _AFG, _AFG, "2025-02-11")
    assert link_claims([accusation, other_side, same_doc, other_matter]) == {}
