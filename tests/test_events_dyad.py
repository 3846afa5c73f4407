"""Events an analyst can use: a dyad with somebody named, reciprocal joint acts, the numbers of violence and
where it happened. Sentences written here; no gold data needed."""

from __future__ import annotations

import pytest

from armswatch.document import Document


@pytest.fixture(scope="module")
def events_pipeline():
    from armswatch.pipeline import Pipeline

    return Pipeline(extractors=["events"])


def code(pipeline, text: str) -> list:
    return [r for r in pipeline(Document(text=text, published="2025-02-17")) if r.kind == "event"]


def countries(actors) -> set:
    return {a.country for a in actors}


def test_nobody_named_codes_nothing(events_pipeline):
    assert not code(events_pipeline, "Police seized a cache of rifles and arrested two men.")
    assert not code(events_pipeline, "Officials warned residents to stay indoors.")


def test_named_parties_without_a_country_code_nothing(events_pipeline):
    # a name nobody can place is no PLOVER actor: no ISO3 or IGO code on either side, no dyad
    assert not code(events_pipeline, "Reuters asked the Hallick Mining Company for comment.")
    assert not code(events_pipeline, "The Zorvan Liberation Front attacked a police post, killing four officers.")


def test_a_named_group_in_a_placed_story_takes_its_country(events_pipeline):
    events = code(events_pipeline, "ISLAMABAD: The Zorvan Liberation Front attacked a police post on Monday, "
                                   "killing four officers.")
    assault = [e for e in events if e.type == "ASSAULT"]
    assert assault and countries(assault[0].actors) == {"PAK"}


def test_one_coded_side_is_enough(events_pipeline):
    events = code(events_pipeline, "The Hallick Mining Company accused the government of Kenya of breaking the "
                                   "contract.")
    assert [e.type for e in events] == ["ACCUSE"] and "KEN" in countries(events[0].recipients)


def test_police_of_a_known_country_coerce(events_pipeline):
    events = code(events_pipeline, "ISLAMABAD: Police seized a cache of rifles and arrested two men on Monday.")
    coerce = [e for e in events if e.type == "COERCE"]
    assert coerce and all("PAK" in countries(e.actors) for e in coerce)


def test_joint_agreement_is_reciprocal(events_pipeline):
    events = code(events_pipeline, "Saudi Arabia and Iran agreed to restore diplomatic relations.")
    agree = [e for e in events if e.type == "AGREE"]
    assert agree and {"SAU", "IRN"} <= countries(agree[0].actors) and {"SAU", "IRN"} <= countries(agree[0].recipients)


def test_one_sided_agreement_is_not_made_reciprocal(events_pipeline):
    events = code(events_pipeline, "Russia agreed to supply India with air defence systems.")
    assert events and all("RUS" not in countries(e.recipients) for e in events)


def test_fatalities_with_qualifier(events_pipeline):
    events = code(events_pipeline, "Nigerian troops killed at least 12 Boko Haram fighters and wounded about 30 "
                                   "others in Borno state on Monday.")
    assault = [e for e in events if e.type == "ASSAULT" and e.fatalities is not None]
    assert assault and assault[0].fatalities == 12 and assault[0].fatalities_qualifier == "at_least"
    assert any(e.injured == 30 and e.injured_qualifier == "approximate" for e in events)


def test_counts_that_are_not_casualties_are_no_toll(events_pipeline):
    events = code(events_pipeline, "Israeli jets struck 12 targets in southern Lebanon on Monday.")
    assert events and all(e.fatalities is None and e.injured is None for e in events)


def test_toll_told_in_the_next_sentence(events_pipeline):
    events = code(events_pipeline, "Russian forces shelled the Ukrainian city of Kharkiv on Monday. "
                                   "Three civilians died and 20 were injured, officials said.")
    assault = [e for e in events if e.type == "ASSAULT"]
    assert assault and assault[0].fatalities == 3 and assault[0].injured == 20


def test_place_from_the_clause_else_the_dateline(events_pipeline):
    events = code(events_pipeline, "Israeli jets bombed targets in Beirut on Monday.")
    assert events and events[0].place == "Beirut" and events[0].place_country == "LBN"
    assert events[0].place_precision == "locality"
    events = code(events_pipeline, "KABUL - Pakistan accused Afghanistan of sheltering militants.")
    assert events and events[0].place == "Kabul" and events[0].place_country == "AFG"


def test_seed_article_has_no_toll(seed_document):
    from armswatch.pipeline import Pipeline

    events = [r for r in Pipeline(extractors=["events"])(seed_document) if r.kind == "event"]
    assert events  # the seed article keeps its events (tests/test_events.py checks which)
    assert all(e.fatalities is None and e.injured is None and e.abducted is None for e in events)


def test_denial_of_it_targets_the_accuser(events_pipeline):
    events = code(events_pipeline, "Sudan's army accused the United Arab Emirates of arming the rebels. "
                                   "The United Arab Emirates rejected the report as baseless.")
    reject = [e for e in events if e.type == "REJECT"]
    assert reject and "ARE" in countries(reject[0].actors) and "SDN" in countries(reject[0].recipients)


def test_a_dyad_with_no_code_on_either_side_codes_nothing(events_pipeline):
    # a named unit and a named man, neither placed in any country: no row an event dataset could hold
    assert not code(events_pipeline, "The 14th Ranger Battalion rescued Tomas Delacruz from the river.")
    # a news agency asking for comment is no political actor
    assert not code(events_pipeline, "Reuters sought comment from the ministry of the interior.")


def test_one_coded_side_is_enough(events_pipeline):
    # the named unit has no country of its own, but the side it acts on has one
    aid = code(events_pipeline, "The 14th Ranger Battalion delivered food aid to Chad.")
    assert aid and any("TCD" in countries(e.recipients) for e in aid)
    threats = [e for e in code(events_pipeline, "The Taliban threatened Pakistan with new attacks.")
               if e.type == "THREATEN"]
    assert threats and "PAK" in countries(threats[0].recipients)
