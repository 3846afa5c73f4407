"""The actors extractor: the seed article's people, groups and bodies, and one short sentence per rule."""

from __future__ import annotations

import pytest

from armswatch.document import Document
from armswatch.extract import Context
from armswatch.extract.actors import actor_at, resolve_name


@pytest.fixture(scope="module")
def actors_pipeline():
    from armswatch.pipeline import Pipeline

    return Pipeline(extractors=["actors"])


@pytest.fixture(scope="module")
def seed_actors(actors_pipeline, seed_document):
    return [r for r in actors_pipeline(seed_document) if r.kind == "actor"]


def actors_of(pipeline, text, published="2025-02-17"):
    return [r for r in pipeline(Document(text=text, published=published)) if r.kind == "actor"]


def referred(records, text):
    """Records of the actors a pronoun written ``text`` refers to (pronouns are references, not records)."""
    return [r for r in records if any(ref.text == text for ref in r.references)]


PRONOUNS = {"he", "she", "it", "its", "his", "her", "they", "their", "them", "we", "our", "i", "my"}


def by_text(records, text):
    """Records whose text is ``text``, allowing a leading "the" and a title before a name."""
    found = [r for r in records if r.text == text or r.text.lower() == "the " + text.lower()]
    assert found, f"no actor record for {text!r}: {[(r.text, r.name) for r in records]}"
    return found


def code(record):
    return (record.country, record.sector)


# --- the seed article: issue 3's "Done when" ----------------------------------------------------------------------

def test_seed_people_resolve_to_their_governments(seed_actors):
    assert code(by_text(seed_actors, "Pakistani Deputy Prime Minister Ishaq Dar")[0]) == ("PAK", "GOV")
    assert by_text(seed_actors, "US Secretary of State Marco Rubio")[0].name == "Marco Rubio"
    assert code(by_text(seed_actors, "US Secretary of State Marco Rubio")[0]) == ("USA", "GOV")
    assert code(by_text(seed_actors, "Syed Atif Raza")[0]) == ("PAK", "GOV")
    for short in by_text(seed_actors, "Dar"):
        assert short.name == "Ishaq Dar" and code(short) == ("PAK", "GOV")
    for short in by_text(seed_actors, "Rubio"):
        assert short.name == "Marco Rubio" and code(short) == ("USA", "GOV")


def test_seed_armed_groups_are_one_actor_each(seed_actors):
    ttp = by_text(seed_actors, "Tehreek-e-Taliban Pakistan") + by_text(seed_actors, "TTP") \
        + by_text(seed_actors, "the Pakistani Taliban")
    assert {(r.name, r.country, r.sector, r.ids.get("ucdp")) for r in ttp} == {("TTP", "PAK", "REB", "356")}
    bla = by_text(seed_actors, "Baloch Liberation Army") + by_text(seed_actors, "BLA")
    assert {(r.name, r.country, r.sector) for r in bla} == {("BLA", "PAK", "REB")}


def test_seed_small_arms_survey_is_an_ngo(seed_actors):
    for record in by_text(seed_actors, "Small Arms Survey"):
        assert record.type == "organisation" and code(record) == ("NGO", "NGO")


def test_seed_he_said_points_at_the_diplomat(seed_actors, seed_document):
    text = seed_document.text
    start = text.index("he said")
    he = [r for r in seed_actors if any(ref.start == start for ref in r.references)]
    assert he and he[0].name == "Syed Atif Raza"
    assert not [r for r in seed_actors if r.text.lower() in PRONOUNS]  # no pronoun is an actor record
    diplomat = by_text(seed_actors, "Pakistani diplomat")
    assert diplomat and diplomat[0].name == "Syed Atif Raza"


def test_seed_metonyms_and_role_phrases(seed_actors):
    assert all(code(r) == ("PAK", "GOV") for r in by_text(seed_actors, "Islamabad"))
    assert code(by_text(seed_actors, "Kabul’s Afghan Taliban rulers")[0]) == ("AFG", "GOV")
    assert code(by_text(seed_actors, "Afghan officials")[0]) == ("AFG", "GOV")
    assert code(by_text(seed_actors, "Pakistani foreign office")[0]) == ("PAK", "GOV")
    assert all(r.sector == "REB" and r.country is None for r in by_text(seed_actors, "militant groups"))
    # the dateline is a place, not an actor
    assert not [r for r in seed_actors if r.text == "ISLAMABAD"]


def test_seed_evidence_is_exact(seed_actors, seed_document):
    for record in seed_actors:
        assert record.evidence[0].text == record.text
        for span in record.evidence:
            assert seed_document.text[span.start:span.end] == span.text


def test_seed_apposition_is_kept_as_evidence(seed_actors):
    survey = [r for r in seed_actors if r.text == "Small Arms Survey" and len(r.evidence) > 1]
    assert survey and survey[0].evidence[1].text == "a Geneva-based monitor"
    raza = by_text(seed_actors, "Syed Atif Raza")[0]
    assert [e.text for e in raza.evidence[1:]] == ["counsellor at Pakistan’s UN Mission"]


def test_seed_we_in_the_diplomats_quote(seed_actors, seed_document):
    start = seed_document.text.index("“We know")
    we = [r for r in seed_actors if any(ref.start == start + 1 for ref in r.references)]
    assert we and code(we[0]) == ("PAK", "GOV")


# --- one sentence per rule ----------------------------------------------------------------------------------------

def test_country_aliases_and_demonyms(actors_pipeline):
    records = actors_of(actors_pipeline, "The U.S. and America's allies met Afghan and Pakistani envoys. Us too.")
    assert code(by_text(records, "U.S.")[0])[0] == "USA"
    assert by_text(records, "America")[0].country == "USA"
    assert by_text(records, "Afghan")[0].country == "AFG"
    assert not [r for r in records if r.text == "Us"]  # "Us" is not "US"


def test_capital_as_actor_only_when_it_acts(actors_pipeline):
    records = actors_of(actors_pipeline, "Moscow warned Kyiv on Tuesday. Fighting continued in Moscow.")
    moscow = by_text(records, "Moscow")
    assert len(moscow) == 1 and code(moscow[0]) == ("RUS", "GOV")
    assert code(by_text(records, "Kyiv")[0]) == ("UKR", "GOV")


def test_person_with_title_and_apposition(actors_pipeline):
    records = actors_of(actors_pipeline, "Indian Defence Minister Rajnath Singh met Ali Haider, a spokesman for "
                                         "the Iraqi foreign ministry, in Delhi. Singh said the talks went well.")
    assert code(by_text(records, "Indian Defence Minister Rajnath Singh")[0]) == ("IND", "GOV")
    assert code(by_text(records, "Ali Haider")[0]) == ("IRQ", "GOV")
    assert by_text(records, "Singh")[0].name == "Rajnath Singh"


def test_role_phrases(actors_pipeline):
    records = actors_of(actors_pipeline, "Nigerian soldiers clashed with militants while Kenyan police watched.")
    assert code(by_text(records, "Nigerian soldiers")[0]) == ("NGA", "MIL")
    assert code(by_text(records, "Kenyan police")[0]) == ("KEN", "COP")
    assert by_text(records, "militants")[0].sector == "REB"


def test_international_bodies(actors_pipeline):
    records = actors_of(actors_pipeline, "The UN Security Council and NATO met. The European Union did not.")
    assert code(by_text(records, "UN Security Council")[0]) == ("IGO", "GOV")
    assert by_text(records, "NATO")[0].country == "IGO"
    assert by_text(records, "European Union")[0].name == "European Union"


def test_description_and_pronoun_coreference(actors_pipeline):
    text = ("Maria Lopez, a Mexican diplomat, spoke at the meeting. Later the diplomat left. "
            "She said nothing more.")
    records = actors_of(actors_pipeline, text)
    assert code(by_text(records, "Maria Lopez")[0]) == ("MEX", "GOV")
    assert referred(records, "She")[0].name == "Maria Lopez"
    assert not [r for r in records if r.text == "She"]
    assert by_text(records, "diplomat")[-1].name == "Maria Lopez"


def test_ruler_after_takeover(actors_pipeline):
    before = actors_of(actors_pipeline, "The Taliban attacked a checkpoint.", published="2019-05-01")
    after = actors_of(actors_pipeline, "The Taliban attacked a checkpoint.", published="2023-05-01")
    assert code(by_text(before, "Taliban")[0]) == ("AFG", "REB")
    assert code(by_text(after, "Taliban")[0]) == ("AFG", "GOV")


def test_acronym_in_brackets_takes_the_name(actors_pipeline):
    records = actors_of(actors_pipeline, "The Free Northern Brigade (FNB) said the FNB would fight on.")
    assert by_text(records, "FNB")[0].name == by_text(records, "Free Northern Brigade")[0].name


# --- helpers for other extractors ---------------------------------------------------------------------------------

def test_resolve_name():
    assert code(resolve_name("Islamabad")) == ("PAK", "GOV")
    assert resolve_name("Pakistani").country == "PAK"
    assert resolve_name("Tehrik-i-Taliban Pakistan").name == "TTP"
    assert resolve_name("Tehreek-e-Taliban Pakistan").name == "TTP"  # spelling-tolerant
    assert resolve_name("Baloch Liberation Army").ids["ucdp"] == "287"
    assert resolve_name("no such actor anywhere") is None
    assert resolve_name("Kurdish").type == "group"
    for name in ("U.S.", "Washington", "the Pakistani Taliban", "UNSC", "Daesh", "Hamas", "NATO"):
        assert resolve_name(name) is not None, name


def test_actor_at_prefers_the_head(actors_pipeline, seed_document):
    text = seed_document.text
    from armswatch import nlp

    doc = actors_pipeline.nlp(text)
    ctx = Context(document=seed_document, doc=doc, settings=actors_pipeline.settings)
    from armswatch.extract.actors import extract_actors

    ctx.records.extend(extract_actors(ctx))
    phrase = "Pakistani Deputy Prime Minister Ishaq Dar"
    start = text.index(phrase)
    actor = actor_at(ctx, start, start + len(phrase))
    assert actor.name == "Ishaq Dar" and actor.country == "PAK"
    start = text.index("he said")
    assert actor_at(ctx, start, start + 2).name == "Syed Atif Raza"
    assert nlp  # the module the pipeline parses with


def test_user_lexicon(tmp_path):
    from armswatch.config import load_settings
    from armswatch.pipeline import Pipeline

    user = tmp_path / "mine.yaml"
    user.write_text("actors:\n  - {name: Northern Guard, aliases: [NG Militia], type: group, country: NER, "
                    "sector: REB}\n", "utf-8")
    settings = load_settings(env={})
    settings.set("extract.user_actors", str(user))
    records = [r for r in Pipeline(settings, extractors=["actors"])(
        Document(text="The NG Militia attacked a convoy near the border.")) if r.kind == "actor"]
    assert code(by_text(records, "NG Militia")[0]) == ("NER", "REB")
    assert resolve_name("NG Militia", user_file=str(user)).name == "Northern Guard"


def test_members_of_a_named_group(actors_pipeline):
    records = actors_of(actors_pipeline, "Hezbollah fighters crossed the river. Al-Qaeda leaders met in secret.")
    fighters = by_text(records, "Hezbollah fighters")[0]
    assert (fighters.name, fighters.country, fighters.sector) == ("Hezbollah", "LBN", "REB")
    assert by_text(records, "Al-Qaeda leaders")[0].sector == "GOV"


def test_ngo_role_and_nested_country(actors_pipeline):
    records = actors_of(actors_pipeline, "A human rights group said U.S. forces fired first.")
    assert code(by_text(records, "A human rights group")[0]) == ("NGO", "NGO")
    assert code(by_text(records, "U.S. forces")[0]) == ("USA", "MIL")
    assert not [r for r in records if r.text == "U.S."]  # the modifier is part of the longer mention


def test_it_needs_an_actor_subject(actors_pipeline):
    records = actors_of(actors_pipeline, "Iran rejected the offer. It said talks were over. "
                                         "The drone crashed. It burned for hours.")
    its = referred(records, "It")
    assert len(its) == 1 and its[0].country == "IRN" and len(its[0].references) == 1


def test_possessives_and_organisation_descriptions(actors_pipeline):
    text = ("Boko Haram attacked the town on Sunday. The group said its fighters would return. "
            "During his visit to Abuja, Defence Minister John Okafor promised help.")
    records = actors_of(actors_pipeline, text)
    assert by_text(records, "The group")[0].name == "Boko Haram"
    assert referred(records, "its")[0].name == "Boko Haram"
    assert referred(records, "his")[0].name == "John Okafor"  # the person after an opening phrase


def test_seed_possessive_before_the_subject(seed_actors):
    assert referred(seed_actors, "his")[0].name == "Ishaq Dar"


def test_states_named_as_members(actors_pipeline):
    records = actors_of(actors_pipeline, "Coalition nations taking part include Australia, Belgium, Canada, "
                                         "Denmark and France. Fighting continued in Syria.")
    assert all(r.sector == "GOV" for r in records if r.text in ("Australia", "Canada", "France"))
    assert by_text(records, "Syria")[0].sector == "UNK"


def test_title_parsed_apart_and_a_leaders_regime(actors_pipeline):
    records = actors_of(actors_pipeline, "Syrian President Bashar al-Assad spoke. Later, the Assad regime "
                                         "bombed the town.")
    assert code(by_text(records, "Syrian President Bashar al-Assad")[0]) == ("SYR", "GOV")
    regime = by_text(records, "Assad regime")[0]
    assert (regime.name, regime.country, regime.sector) == ("Government of Syria", "SYR", "GOV")


def test_a_name_after_a_rank_is_a_person_and_a_calibre_is_not(actors_pipeline):
    records = actors_of(actors_pipeline, "Brig.-Gen. Texas Chukwu said troops recovered 32 rounds of 7.62mm "
                                         "special ammunition.")
    assert by_text(records, "Texas Chukwu")[0].type == "person"
    assert not [r for r in records if r.type == "person" and r.text == "mm"]


def test_a_groups_spokesman_speaks_for_the_group(actors_pipeline):
    records = actors_of(actors_pipeline, "TTP spokesman Muhammad Khurasani said the group carried out the attack.")
    person = [r for r in records if r.name == "Muhammad Khurasani"][0]  # its mention carries the title
    assert person.type == "person" and code(person) == ("PAK", "REB")


def test_weapons_are_no_actors_but_a_states_warships_are_its_forces(actors_pipeline):
    from armswatch.extract.actors.things import is_weapon

    assert is_weapon("Air Force F-16 Fighting Falcons") and is_weapon("the VBIED")
    assert not is_weapon("Small Arms Survey") and not is_weapon("AK Party")
    records = actors_of(actors_pipeline, "Air Force F-16 Fighting Falcons from the Vermont Air National Guard "
                                         "arrived on Monday. Egyptian warships sailed to the coast.")
    names = [r.name for r in records]
    assert not any("F-16" in (r.text or "") or "Falcon" in (r.name or "") for r in records), names
    assert "Vermont Air National Guard" in names
    assert any(r.country == "EGY" for r in records), names


def test_a_name_in_a_hyphenated_modifier_does_not_own_the_phrase(actors_pipeline):
    records = actors_of(actors_pipeline, "Arms reach Tehreek-e-Taliban Pakistan, a UN-listed terrorist organization, "
                                         "and ISIL fighters.")
    listed = by_text(records, "a UN-listed terrorist organization")
    assert all(r.name != "United Nations" and r.country != "IGO" for r in listed), [(r.name, r.country) for r in listed]
    assert by_text(records, "ISIL fighters")[0].name == "Islamic State"  # a plain modifier still does


def test_an_identity_word_as_a_bare_modifier_is_no_actor(actors_pipeline):
    records = actors_of(actors_pipeline, "The Arab element of the SDF is indigenous to the area. "
                                         "Kurdish fighters attacked. The Kurds protested.")
    assert not [r for r in records if r.text == "Arab"], [(r.text, r.name) for r in records]
    assert by_text(records, "Kurdish fighters")[0].name == "Kurds" and by_text(records, "Kurds")[0].name == "Kurds"


def test_named_ships_are_no_actors(actors_pipeline):
    records = actors_of(actors_pipeline, "The French frigate FS Forbin fired on the drones. USS Carney intercepted "
                                         "missiles, the Pentagon said.")
    texts = [r.text for r in records]
    assert not any("Forbin" in t or "Carney" in t for t in texts), texts
    assert "the Pentagon" in texts
