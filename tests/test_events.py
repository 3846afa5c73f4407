"""The events extractor on the seed article and on short sentences written here (no gold data needed)."""

from __future__ import annotations

import pytest

from armswatch.document import Document


@pytest.fixture(scope="module")
def events_pipeline():
    from armswatch.pipeline import Pipeline

    return Pipeline(extractors=["events"])


@pytest.fixture(scope="module")
def seed_events(events_pipeline, seed_document):
    return [r for r in events_pipeline(seed_document) if r.kind == "event"]


def code(pipeline, text: str) -> list:
    return [r for r in pipeline(Document(text=text, published="2025-02-17")) if r.kind == "event"]


def countries(actors) -> set:
    return {a.country for a in actors}


def find(events, event_type, actor=None, recipient=None):
    return [e for e in events if e.type == event_type
            and (actor is None or actor in countries(e.actors))
            and (recipient is None or recipient in countries(e.recipients))]


# --- the seed article (no rule is written for it) ---

def test_seed_phone_consultation(seed_events):
    calls = [e for e in seed_events if e.type == "CONSULT" and "phone" in e.mode]
    assert calls, "the Dar-Rubio telephone conversation is a CONSULT with mode phone"
    assert {"PAK", "USA"} <= countries(calls[0].actors) | countries(calls[0].recipients)


def test_seed_request_to_un(seed_events):
    assert find(seed_events, "REQUEST", "PAK", "IGO") or find(seed_events, "REQUEST", "PAK", "UNO")


def test_seed_accuse_afghanistan(seed_events):
    accusations = find(seed_events, "ACCUSE", "PAK", "AFG")
    assert accusations and accusations[0].trigger.lower().startswith("accus")


def test_seed_agree_compound_subject(seed_events):
    agreements = [e for e in seed_events if e.type == "AGREE" and {"PAK", "USA"} <= countries(e.actors)]
    assert agreements, "'Dar and Rubio agreed' is one AGREE with both as actors"


def test_seed_support_appreciated(seed_events):
    assert find(seed_events, "SUPPORT", "USA", "PAK")


def test_seed_us_request_to_kabul(seed_events):
    assert find(seed_events, "REQUEST", "USA", "AFG")


def test_seed_voiced_concerns_codes_nothing(seed_events, seed_document):
    start = seed_document.text.index("Pakistan has voiced its concerns")
    end = seed_document.text.index("Islamabad last week urged")
    inside = [e for e in seed_events if any(start <= s.start < end for s in e.evidence) and e.type != "REQUEST"]
    assert not inside, [(e.type, e.trigger) for e in inside]


def test_seed_records_are_well_formed(seed_events, seed_document):
    for e in seed_events:
        assert e.evidence and 0 < e.confidence <= 1
        for span in e.evidence:
            assert seed_document.text[span.start:span.end] == span.text
        assert e.date and e.date.startswith("20")


# --- flags, voice, nominalisations, reported speech ---

def test_negation(events_pipeline):
    events = code(events_pipeline, "India did not attack Pakistan on Monday.")
    assert events and events[0].type == "ASSAULT" and events[0].negated
    assert not code(events_pipeline, "India attacked Pakistan on Monday.")[0].negated


def test_denial_negates(events_pipeline):
    events = code(events_pipeline, "Russia denied attacking Ukraine.")
    assault = [e for e in events if e.type == "ASSAULT"]
    assert assault and assault[0].negated


def test_hypothetical_modal(events_pipeline):
    events = code(events_pipeline, "Iran may attack Israel next year, officials said.")
    assert events and events[0].type == "ASSAULT" and events[0].hypothetical


def test_threat_is_one_threaten_event(events_pipeline):
    events = code(events_pipeline, "Iran threatened to attack Israel.")
    assert [e.type for e in events] == ["THREATEN"]
    assert "violence" in events[0].mode and "ISR" in countries(events[0].recipients)


def test_conditional_is_hypothetical(events_pipeline):
    events = code(events_pipeline, "If Pakistan attacks, India will retaliate against Pakistan.")
    assert events and all(e.hypothetical for e in events)


def test_future(events_pipeline):
    events = code(events_pipeline, "Russia will deploy troops to Belarus.")
    assert events and events[0].type == "MOBILIZE" and events[0].future
    # PLOVER codes a stated future attack as a threat, a stated future aid as an agreement; the flag stays
    planned = code(events_pipeline, "Turkey plans to attack Syria.")
    assert planned and planned[0].type == "THREATEN" and planned[0].future and "violence" in planned[0].mode
    promised = code(events_pipeline, "Japan will send aid to Sri Lanka.")
    assert promised and promised[0].type == "AGREE" and promised[0].future


def test_passive_voice(events_pipeline):
    events = code(events_pipeline, "Afghanistan was attacked by Pakistan.")
    assert events and events[0].type == "ASSAULT"
    assert countries(events[0].actors) == {"PAK"} and countries(events[0].recipients) == {"AFG"}


def test_nominalisation(events_pipeline):
    events = code(events_pipeline, "The seizure of the stockpiles by the Taliban worried Pakistan.")
    seizure = [e for e in events if e.type == "COERCE"]
    assert seizure and "seize" in seizure[0].mode and countries(seizure[0].actors) == {"AFG"}


def test_reported_speech_codes_the_reported_event(events_pipeline):
    events = code(events_pipeline, "Pakistan said India attacked Afghanistan.")
    assert [(e.type, countries(e.actors), countries(e.recipients)) for e in events] == [("ASSAULT", {"IND"}, {"AFG"})]


def test_speech_alone_is_not_an_event(events_pipeline):
    assert not code(events_pipeline, "France said the weather in Paris was fine, and Germany added that it agreed.")[:0]
    assert not code(events_pipeline, "Pakistan has voiced its concerns over the presence of weapons in Afghanistan.")


def test_event_told_across_two_sentences(events_pipeline):
    text = "Pakistan attacked Afghan border posts on Monday. The attack killed three Afghan soldiers."
    assaults = [e for e in code(events_pipeline, text) if e.type == "ASSAULT"]
    assert len(assaults) == 1
    assert "AFG" in countries(assaults[0].recipients)
    assert any(s.text == "killed" for s in assaults[0].evidence)


def test_assault_mode_from_weapon_words(events_pipeline):
    events = code(events_pipeline, "Israeli jets bombed targets in Lebanon.")
    assert events and events[0].type == "ASSAULT" and "aerial" in events[0].mode


def test_denying_an_allegation_is_a_rejection_declining_to_comment_is_nothing(events_pipeline):
    # claims are events (issue 13): a denial is a REJECT; its target comes from the accusation before it
    events = code(events_pipeline, "Venezuela rejected allegations of involvement in the drug trade.")
    assert [e.type for e in events] == ["REJECT"] and "VEN" in countries(events[0].actors)
    assert not code(events_pipeline, "The Pakistani foreign ministry declined to comment on the report.")


def test_reported_would_is_future(events_pipeline):
    events = code(events_pipeline, "Palestinian leaders said they would boycott all official contact with the United States.")
    assert [e.type for e in events] == ["THREATEN"] and events[0].future


def test_refusal_from_negated_intention(events_pipeline):
    events = code(events_pipeline, "Syria says it will not accept any more refugees from Iraq.")
    assert events and events[0].type == "REJECT" and not events[0].negated


def test_order_of_an_event_noun_keeps_its_type(events_pipeline):
    events = code(events_pipeline, "The government of Pakistan's Sindh province has ordered patrols by police after violent protests.")
    assert events and events[0].type == "MOBILIZE"


def test_event_retold_is_one_event(events_pipeline):
    text = ("Pakistan urged the United Nations to recover the weapons. "
            "In a statement, Pakistan urged the UN to recover the weapons.")
    requests = [e for e in code(events_pipeline, text) if e.type == "REQUEST"]
    assert len(requests) == 1 and len({s.start for s in requests[0].evidence if s.text == "urged"}) == 2


def test_intended_cooperation_is_an_agreement(events_pipeline):
    events = code(events_pipeline, "Rubio expressed the US desire to enhance counter-terrorism cooperation with Pakistan.")
    assert [e.type for e in events] == ["AGREE"] and events[0].future
    assert "USA" in countries(events[0].actors)


# --- countries the actors layer leaves open, recipients outside the direct objects ---

def test_promised_withdrawal_is_agree_with_recipient_from_preposition(events_pipeline):
    events = code(events_pipeline, "Syria says it is willing to withdraw its troops from neighbouring Lebanon.")
    assert find(events, "AGREE", "SYR", "LBN"), "a promised withdrawal is AGREE; 'from Lebanon' names the recipient"
    assert not find(events, "CONCEDE")


def test_aid_recipient_under_the_object(events_pipeline):
    events = code(events_pipeline, "Britain has promised to continue military aid to war-torn Mozambique.")
    assert find(events, "AGREE", "GBR", "MOZ")


def test_protest_without_target_is_domestic(events_pipeline):
    events = code(events_pipeline, "Thousands of students demonstrated in Egypt on Sunday.")
    protests = find(events, "PROTEST", recipient="EGY")
    assert protests and "EGY" in countries(protests[0].actors), "students in Egypt protest at Egypt's government"


def test_titled_person_takes_the_country_the_text_gives(events_pipeline):
    events = code(events_pipeline, "Ousted President Askar Akayev has agreed to resign without returning to Kyrgyzstan.")
    assert find(events, "AGREE", "KGZ"), "a head of state named with a title is of the country the text names"


def test_ultimatum_is_threaten(events_pipeline):
    events = code(events_pipeline, "Nigeria said it will withdraw its troops from Chad unless the rebels accept a ceasefire.")
    assert find(events, "THREATEN", "NGA"), "an act announced 'unless' a condition is met is a threat"


def test_property_destruction_is_coercion(events_pipeline):
    events = code(events_pipeline, "Israeli army bulldozers demolished Palestinian homes in southern Gaza on Sunday.")
    assert find(events, "COERCE") and not find(events, "ASSAULT")


def test_no_module_level_state_between_documents():
    from armswatch.extract.events import arguments

    assert not any(isinstance(v, set) for k, v in vars(arguments).items() if k.isupper() and not k.startswith("_")), \
        "per-document state lives in the call, not in a shared module-level set"
