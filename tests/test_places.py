"""The places extractor: toponyms resolved with the offline gazetteer; metonymic uses left to the actors."""

from __future__ import annotations

import pytest

from armswatch.document import Document
from armswatch.extract.places.gazetteer import gazetteer, norm
from armswatch.extract.places.resolve import resolve_all


@pytest.fixture(scope="module")
def places_pipeline():
    from armswatch.pipeline import Pipeline

    return Pipeline(extractors=["places"])


def places_in(pipeline, text: str) -> list:
    document = Document(text=text, published="2025-02-17")
    records = [r for r in pipeline(document) if r.kind == "place"]
    for record in records:
        for span in record.evidence:
            assert text[span.start:span.end] == span.text
    return records


# ---- gazetteer and resolver (no parser needed) --------------------------------------------------------


def test_names_normalise():
    assert norm("the United States") == norm("United States") == "united states"
    assert norm("U.S.") == "us" and norm("St. Petersburg") == norm("Saint Petersburg")
    assert norm("Kabul’s") == "kabul" and norm("Bogotá") == "bogota"


def test_gazetteer_knows_countries_cities_states_and_regions():
    g = gazetteer()
    assert {p.country for p, _ in g.candidates("Afghanistan")} == {"AFG"}
    kabul = [p for p, _ in g.candidates("Kabul") if p.feature == "PPLC"][0]
    assert kabul.country == "AFG" and abs(kabul.lat - 34.5) < 0.5 and kabul.geonameid
    assert any(p.feature == "ADM1" for p, _ in g.candidates("Kentucky"))
    assert any(p.country == "PAK" for p, _ in g.candidates("Balochistan"))
    assert g.candidates("Helmand province") and g.candidates("Zzyzxville Heights") == []


def test_seas_oceans_and_macro_regions_lie_at_geonames_own_points():
    middle_east, atlantic, gulf, eu, ussr = resolve_all(["Middle East", "Atlantic", "Gulf of Aden", "EU", "Soviet Union"])
    assert (middle_east.geonameid, round(middle_east.lat), round(middle_east.lon)) == (6269133, 33, 36)
    assert (atlantic.geonameid, atlantic.feature) == (3373405, "OCN")
    assert gulf.geonameid == 80303 and gulf.feature == "GULF"
    assert eu.name == "Europe" and eu.feature == "CONT"  # not the French town of Eu
    assert ussr.country == "RUS"
    # features of no country that regions.yaml did not list come from GeoNames with their alternate names
    assert {p.geonameid for p, _ in gazetteer().candidates("Gulf of Tonkin")} == {1818184}


def test_population_and_capitals_decide_alone():
    paris, = resolve_all(["Paris"])
    assert paris.country == "FRA"
    washington, = resolve_all(["Washington"])
    assert washington.feature == "PPLC" and washington.country == "USA"


def test_other_places_of_the_document_disambiguate():
    georgia, _ = resolve_all(["Georgia", "Tbilisi"])
    assert georgia.country == "GEO" and georgia.feature == "PCLI"
    georgia, _ = resolve_all(["Georgia", "Atlanta"])
    assert georgia.country == "USA" and georgia.feature == "ADM1"
    punjab, _ = resolve_all(["Punjab", "Lahore"])
    assert punjab.country == "PAK"
    punjab, _ = resolve_all(["Punjab", "Amritsar"])
    assert punjab.country == "IND"


def test_a_named_container_decides():
    paris, texas = resolve_all(["Paris", "Texas"], containers={0: 1})
    assert paris.country == "USA" and paris.admin1 == "TX" and texas.feature == "ADM1"


def test_towns_of_a_thousand_provinces_worldwide_counties_and_demonyms():
    g = gazetteer()
    # a town between 1,000 and 5,000 people, a first-order division outside the hand-listed countries
    assert any(p.feature.startswith("PPL") and 1000 <= p.population < 5000 for p, _ in g.candidates("Poland"))
    bavaria, = resolve_all(["Bavaria"])
    assert bavaria.feature == "ADM1" and bavaria.country == "DEU" and 47 < bavaria.lat < 51
    county, = resolve_all(["Cuyahoga County"])
    assert county.feature == "ADM2" and county.country == "USA" and county.admin1 == "OH"
    turkish, canadian = resolve_all(["Turkish", "Canadian"])
    assert (turkish.country, turkish.feature) == ("TUR", "PCLI") and canadian.country == "CAN"


def test_counties_worldwide_and_divisions_named_after_their_city():
    hampshire, london = resolve_all(["Hampshire", "London"])
    assert (hampshire.country, hampshire.feature) == ("GBR", "ADM2")  # the county, not a US village
    aleppo, = resolve_all(["Aleppo"])
    assert aleppo.feature == "PPL"  # the city that holds most of its province's people
    province, = resolve_all(["Aleppo province"])
    assert province.feature == "ADM1" and province.country == "SYR"


def test_a_division_weighs_by_its_population():
    cologne, = resolve_all(["Cologne"])
    assert cologne.country == "DEU"  # an English exonym of a city of a million over a village's own name
    montana, = resolve_all(["Montana"])
    assert montana.country == "USA"  # the US state, not the Bulgarian province of the same name


def test_a_town_near_the_documents_other_towns_wins_among_namesakes():
    # Columbus, Georgia lies across the river from Phenix City, Alabama; alone, Columbus is the Ohio capital
    columbus, _ = resolve_all(["Columbus", "Phenix City"])
    assert (columbus.country, columbus.admin1) == ("USA", "GA")
    assert resolve_all(["Columbus"])[0].admin1 == "OH"
    # the state named outright still outweighs nearness
    assert resolve_all(["Columbus", "Phenix City", "Ohio"])[0].admin1 == "OH"
    # nearness chooses between towns only: a country keeps its name beside its capital
    mexico, _ = resolve_all(["Mexico", "Mexico City"])
    assert mexico.feature == "PCLI"


def test_a_names_repeats_do_not_vouch_for_their_own_reading():
    # three mentions of an ambiguous town must not outvote the document's other places
    *nelsons, _, _ = resolve_all(["Nelson", "Nelson", "Nelson", "Castlegar", "Creston"])
    assert {p.country for p in nelsons} == {"CAN"}


def test_streets_and_buildings_are_placed_approximately():
    street, city, _ = resolve_all(["Frenchmen Street", "New Orleans", "New Orleans"])
    assert street.feature == "LCTY" and street.name == "Frenchmen Street" and street.geonameid is None
    assert street.country == "USA" and abs(street.lat - city.lat) < 0.01  # at the document's focus
    cathedral, = resolve_all(["Cologne Cathedral"])
    assert cathedral.feature == "LCTY" and cathedral.country == "DEU"  # at the town its name contains
    # a name that only contains a town's name is not placed there ("Soviet Union" is not in Union, NJ)
    soviet, _ = resolve_all(["Soviet Union", "Kentucky"])
    assert soviet is None or soviet.country != "USA"
    # a building named after a town elsewhere lies in the document's own area, at its focus
    stadium, toronto = resolve_all(["Rogers Centre", "Toronto"])
    assert stadium.feature == "LCTY" and stadium.country == "CAN" and abs(stadium.lat - toronto.lat) < 0.01


def test_a_square_read_as_a_town_elsewhere_lies_in_the_documents_area():
    square, city = resolve_all(["Washington Square", "New Orleans"])
    assert square.feature == "LCTY" and (square.country, square.admin1) == ("USA", "LA")
    alone, = resolve_all(["Washington Square"])
    assert alone.feature.startswith("PPL")  # nothing says otherwise: the gazetteer's town
    # a country no bigger than a town holds its gardens; a large one does not hold its embassies
    gardens, _ = resolve_all(["Vatican Gardens", "Yerevan"])
    assert gardens.country == "VAT"
    embassy, _ = resolve_all(["Embassy of France", "Yerevan"])
    assert embassy is None or embassy.country != "FRA"


def test_a_name_the_gazetteer_lacks_lies_where_in_says():
    from armswatch.extract.places import Mention, geocode_mentions

    text = "The boy was moved from London to the Bambino Gesu Paediatric Hospital in Rome."
    mentions = []
    for name in ("London", "Bambino Gesu Paediatric Hospital", "Rome"):
        start = text.index(name)
        mentions.append(Mention(start, start + len(name), name, "FAC", "location"))
    _, hospital, rome = geocode_mentions(text, mentions)
    assert hospital.feature == "LCTY" and hospital.country == "ITA" and abs(hospital.lat - rome.lat) < 0.01
    # a name the gazetteer lacks, with no known place in it, lies at the document's focus: a neighbourhood
    # beside its city; not a state's or bloc's name, nor anything in a document without a town or division
    bywater, city = resolve_all(["Bywater", "New Orleans"])
    assert bywater.feature == "LCTY" and (bywater.lat, bywater.lon) == (city.lat, city.lon)
    assert resolve_all(["Bywater", "France"])[0] is None
    assert resolve_all(["Islamic Republic", "New Orleans"])[0] is None


def test_arab_towns_are_known_without_their_article():
    # GeoNames writes "Al Diwaniyah", "Al Qa'im"; news mostly "Diwaniyah", "Qaim"
    diwaniyah, qaim = resolve_all(["Diwaniyah", "Qaim"])
    assert diwaniyah.country == "IRQ" and diwaniyah.population > 100000
    assert qaim is not None and qaim.country == "IRQ"


def test_the_focus_lies_in_the_documents_main_country():
    # a town named most often abroad does not draw the document's unknown local names away from its country
    names = ["Kabul", "Zorbat Heights", "London", "London", "London", "Afghanistan", "Kandahar", "Kabul"]
    heights = resolve_all(names)[1]
    assert heights.feature == "LCTY" and heights.country == "AFG"
    kabul = resolve_all(["Kabul"])[0]
    assert (heights.lat, heights.lon) == (kabul.lat, kabul.lon)
    # among towns named as often, the one with the document's other towns nearby
    first, *_ = resolve_all(["Zorbat Heights", "Charleston", "Centreville", "Gainesville", "Manassas"])
    assert first.country == "USA" and first.admin1 == "VA"


# ---- the extractor ------------------------------------------------------------------------------------


def test_places_the_parser_takes_for_people_or_organisations(places_pipeline):
    # the small model labels these ORG / PERSON; after a preposition of place the gazetteer decides
    records = places_in(places_pipeline, "Troops were deployed in Centreville on Monday.")
    assert [(r.text, r.country) for r in records] == [("Centreville", "USA")]
    records = places_in(places_pipeline, "Protests spread across Tamil Nadu and Puducherry.")
    assert ("Puducherry", "IND") in [(r.text, r.country) for r in records]
    # a person's name after "by" or "with" stays a person
    assert places_in(places_pipeline, "The plan was drafted with Franklin last year.") == []


def test_locations_become_place_records(places_pipeline):
    records = places_in(places_pipeline, "Fighting continued in Kabul and Kandahar on Friday.")
    assert [(r.text, r.country) for r in records] == [("Kabul", "AFG"), ("Kandahar", "AFG")]
    assert all(r.lat is not None and r.geonameid and r.confidence > 0.5 for r in records)


def test_metonymic_and_modifier_uses_are_not_places(places_pipeline):
    records = places_in(places_pipeline, "Islamabad accused Kabul of sheltering militants who attack towns near Peshawar.")
    assert [r.text for r in records] == ["Peshawar"]
    records = places_in(places_pipeline, "Pakistan's foreign office said US weapons were left behind in Afghanistan.")
    assert [r.text for r in records] == ["Afghanistan"]
    records = places_in(places_pipeline, "The president of France praised the Taliban's rivals after the takeover of Kabul.")
    assert [r.text for r in records] == ["Kabul"]


def test_city_state_pairs_and_datelines(places_pipeline):
    records = places_in(places_pipeline, "Crowds gathered in Louisville, Kentucky, on Sunday.")
    assert [(r.name, r.country, r.feature) for r in records][0] == ("Louisville", "USA", "PPL")
    records = places_in(places_pipeline, "KYIV: Officials met in the capital on Monday to discuss air defence.")
    assert records[0].text == "KYIV" and records[0].country == "UKR"


def test_unknown_toponyms_are_kept_without_coordinates(places_pipeline):
    records = places_in(places_pipeline, "Flooding hit the village of Zzyzxville Heights last week.")
    unknown = [r for r in records if r.text == "Zzyzxville Heights"]
    if unknown:  # only where the parser calls it a place
        assert unknown[0].lat is None and unknown[0].confidence < 0.5


def test_unknown_toponyms_are_placed_at_the_documents_focus(places_pipeline):
    records = places_in(places_pipeline, "Flooding hit the village of Zzyzxville Heights in Texas last week.")
    unknown = [r for r in records if r.text == "Zzyzxville Heights"]
    if unknown:  # only where the parser calls it a place
        texas = next(r for r in records if r.text == "Texas")
        assert (unknown[0].lat, unknown[0].lon, unknown[0].country) == (texas.lat, texas.lon, "USA")
        assert unknown[0].feature == "LCTY" and unknown[0].geonameid is None and unknown[0].confidence == 0.5


def test_seed_article_places(places_pipeline, seed_document):
    records = [r for r in places_pipeline(seed_document) if r.kind == "place"]
    text = seed_document.text
    by_text = {}
    for record in records:
        assert text[record.evidence[0].start:record.evidence[0].end] == record.text
        by_text.setdefault(record.text, set()).add(record.country)
    assert by_text["Afghanistan"] == {"AFG"} and by_text.get("ISLAMABAD") == {"PAK"}
    # "Washington has sought" and "Islamabad urged" stand for governments: actors, not places
    agents = {m.start() for m in __import__("re").finditer(r"Washington has sought|Islamabad urged", text)}
    assert not any(r.evidence[0].start in agents for r in records)


def test_buildings_become_approximate_place_records(places_pipeline):
    records = places_in(places_pipeline, "A bomb exploded near Kabul International Airport on Monday.")
    airport = [r for r in records if r.text == "Kabul International Airport"]
    assert airport and airport[0].feature == "LCTY" and airport[0].country == "AFG"
    assert airport[0].geonameid is None and airport[0].confidence == 0.5
    # the focus: the town the document names most
    records = places_in(places_pipeline, "Protesters marched to City Hall in Louisville, Kentucky, on Sunday.")
    hall = [r for r in records if r.text == "City Hall"]
    assert hall and hall[0].country == "USA" and hall[0].feature == "LCTY"


def test_a_list_keeps_to_one_class_of_place():
    from armswatch.extract.places import Mention, geocode_mentions

    text = "Snow closed roads in California, Washington, Utah and Idaho."
    mentions = []
    for name in ("California", "Washington", "Utah", "Idaho"):
        start = text.index(name)
        mentions.append(Mention(start, start + len(name), name, "GPE", "location"))
    washington = geocode_mentions(text, mentions)[1]
    assert (washington.feature, washington.admin1) == ("ADM1", "WA")  # the state, among states
    alone, = resolve_all(["Washington"])
    assert alone.feature == "PPLC"
    # two members, neither clear by the bonus: the clearer one (the state, beside a small namesake town) votes
    text = "Tech jobs stay in western states such as California or Washington."
    mentions = []
    for name in ("California", "Washington"):
        start = text.index(name)
        mentions.append(Mention(start, start + len(name), name, "GPE", "location"))
    california, washington = geocode_mentions(text, mentions)
    assert (california.feature, washington.feature, washington.admin1) == ("ADM1", "ADM1", "WA")


def test_initials_stand_for_the_place_the_text_names_in_full():
    from armswatch.extract.places import Mention, geocode_mentions

    text = "Millions of South Africans depend on mining. That SA holds such reserves of platinum matters."
    start = text.index("SA ")
    sa, = geocode_mentions(text, [Mention(start, start + 2, "SA", "GPE", "location")])
    assert (sa.country, sa.feature) == ("ZAF", "PCLI")
    alone, = geocode_mentions("That SA holds reserves.", [Mention(5, 7, "SA", "GPE", "location")])
    assert alone is None or alone.feature != "PCLI"  # no full name in the text: no guess


def test_the_start_of_an_official_name_stands_for_the_country_named():
    from armswatch.extract.places import Mention, geocode_mentions

    text = "Trade with Iran grew; the Islamic Republic exports more to Asia."
    mentions = [Mention(text.index(n), text.index(n) + len(n), n, "GPE", "location")
                for n in ("Iran", "Islamic Republic", "Asia")]
    iran, republic, _ = geocode_mentions(text, mentions)
    assert republic == iran and republic.feature == "PCLI"


def test_a_compass_word_outside_the_name_can_name_an_ocean_of_its_own():
    from armswatch.extract.places import Mention, geocode_mentions

    text = "Waters in the tropical Atlantic are warm, the north Atlantic is cooler, and north Kabul is calm."
    mentions = []
    for name, after in (("Atlantic", 0), ("Atlantic", 30), ("Kabul", 0)):
        start = text.index(name, after)
        mentions.append(Mention(start, start + len(name), name, "LOC", "location"))
    tropical, north, kabul = geocode_mentions(text, mentions)
    assert (tropical.geonameid, north.geonameid) == (3373405, 3411923)  # the Atlantic, the North Atlantic
    assert kabul.name == "Kabul"


# ---- the GeoWebNews scorer on a set that lacks some toponym classes -----------------------------------

def test_geowebnews_scorer_reports_a_missing_class_as_absent(tmp_path):
    from armswatch import evaluate as ev
    from armswatch.config import load_settings

    text = "Fighting was reported in Aleppo on Monday."
    start = text.index("Aleppo")
    (tmp_path / "GWN.xml").write_text(
        f"<articles><article file='1'><text>{text}</text><toponyms><toponym><start>{start}</start>"
        f"<end>{start + 6}</end><type>Literal</type><latitude>36.20</latitude><longitude>37.16</longitude>"
        "<geonamesID>170063</geonamesID></toponym></toponyms></article></articles>", "utf-8")
    report = ev.run("geowebnews", str(tmp_path), load_settings(env={}))
    assert report.metrics["geocoding.toponyms"] == 1
    assert "geocoding.Literal.accuracy_161km" in report.metrics
    assert "geocoding.Metonymic.accuracy_161km" not in report.metrics  # absent, not zero, not a crash
    rows = {metric: (now, verdict) for metric, _, now, verdict in
            ev.compare(report, {"geocoding.Metonymic.accuracy_161km": 0.9})}
    assert rows["geocoding.Metonymic.accuracy_161km"] == (None, "absent")


def test_geowebnews_scorer_on_a_set_without_toponyms(tmp_path):
    from armswatch import evaluate as ev
    from armswatch.config import load_settings

    (tmp_path / "GWN.xml").write_text("<articles><article file='1'><text>No places here.</text><toponyms/>"
                                      "</article></articles>", "utf-8")
    report = ev.run("geowebnews", str(tmp_path), load_settings(env={}))
    assert report.metrics["geocoding.toponyms"] == 0
    assert "place_records.correct_161km" not in report.metrics


def test_geowebnews_scorer_splits_tuned_and_untouched_articles(tmp_path, monkeypatch):
    from armswatch import evaluate as ev
    from armswatch.config import load_settings
    from armswatch.evaluate import geowebnews

    text = "Fighting was reported in Aleppo on Monday."
    start = text.index("Aleppo")
    toponym = (f"<toponym><start>{start}</start><end>{start + 6}</end><type>Literal</type><latitude>36.20</latitude>"
               "<longitude>37.16</longitude><geonamesID>170063</geonamesID></toponym>")
    articles = [f"<article file='{i}'><text>{text}</text><toponyms>{toponym}</toponyms></article>" for i in range(2)]
    articles.append("<article file='2'><text>No places here.</text><toponyms/></article>")
    (tmp_path / "GWN.xml").write_text(f"<articles>{''.join(articles)}</articles>", "utf-8")
    monkeypatch.setattr(geowebnews, "TUNED_ARTICLES", 2)
    report = ev.run("geowebnews", str(tmp_path), load_settings(env={}))
    assert report.metrics["geocoding.first_100.accuracy_161km"] == 1.0
    assert "geocoding.after_100.accuracy_161km" not in report.metrics  # no toponym after them: absent, no crash


def test_names_joined_by_and_are_one_place(places_pipeline):
    records = places_in(places_pipeline, "The ship docked in Trinidad and Tobago after a storm.")
    assert [r.text for r in records] == ["Trinidad and Tobago"]
    assert records[0].country == "TTO"
    two = places_in(places_pipeline, "Fighting spread to Syria and Iraq.")
    assert sorted(r.country for r in two) == ["IRQ", "SYR"]


def test_toponym_mentions_read_the_document_text(places_pipeline):
    # each mention is read off the document text (a loop variable once shadowed it: the abbreviation rule and
    # the search for names the parser missed read the last entity's text instead)
    from armswatch.extract.places import toponym_mentions
    from armswatch import nlp
    from armswatch.config import default_settings

    parse = nlp.load(default_settings().get("nlp.model"))
    text = "Pakistan said the weapons were seized in Peshawar. The United States (US) said nothing."
    mentions = toponym_mentions(parse(text), text)
    assert all(text[m.start:m.end] == m.text for m in mentions)  # spans and names of the document's text
    us = [m for m in mentions if m.text == "US"]
    assert not us or us[0].use == [m for m in mentions if m.text == "United States"][0].use


def test_a_generic_word_refers_back_to_the_full_name():
    from armswatch.extract.places import Mention, geocode_mentions

    text = "A tanker was attacked in the Gulf of Oman on Friday. Ships in the Gulf slowed down."
    spans = [(text.index("Gulf of Oman"), text.index("Gulf of Oman") + 12), (text.rindex("Gulf"), text.rindex("Gulf") + 4)]
    places = geocode_mentions(text, [Mention(s, e, text[s:e], "LOC", "location") for s, e in spans])
    assert places[0] is not None and places[1] == places[0]


def test_an_untagged_town_after_in_counts_in_a_country_the_document_names():
    from armswatch import nlp
    from armswatch.config import default_settings
    from armswatch.extract.places import Mention, _missed_by_parser

    parse = nlp.load(default_settings().get("nlp.model"))
    text = "Soldiers patrolled in Xyzabad."  # no such town: nothing is invented
    assert not _missed_by_parser(parse(text), text, [], frozenset({"PAK"}))


def _build_script():
    import importlib.util
    from pathlib import Path

    path = Path(__file__).resolve().parent.parent / "scripts" / "build_places_gazetteer.py"
    spec = importlib.util.spec_from_file_location("build_places_gazetteer", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_a_division_lies_at_the_middle_of_the_land_its_towns_cover():
    """A crowded corner of villages does not pull a division's point towards it: each half-degree cell its
    towns cover weighs once (by its area), however many towns it holds."""
    build = _build_script()
    corner = [(10.1 + i * 0.001, 10.1 + i * 0.001) for i in range(200)]  # 200 villages in one cell
    spread = [(10.25 + 0.5 * r, 10.25 + 0.5 * c) for r in range(4) for c in range(4)]  # one town per cell
    lat, lon = build._cells_centre(corner + spread, 0.5)
    assert abs(lat - 11.0) < 0.05 and abs(lon - 11.0) < 0.05
    mean_lat = sum(p[0] for p in corner + spread) / len(corner + spread)
    assert mean_lat < 10.3  # the plain mean of the towns lies in the crowded corner

