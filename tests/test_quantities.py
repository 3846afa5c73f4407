"""parse_number and the quantities extractor, on short texts written here and on the bundled seed article."""

from __future__ import annotations

import pytest

from armswatch.extract.quantities import find_quantities, parse_number


@pytest.mark.parametrize("text, expected", [
    ("258,300", (258300, "exact")),
    ("1,845", (1845, "exact")),
    ("2.5 million", (2500000, "exact")),
    ("three", (3, "exact")),
    ("twenty-five", (25, "exact")),
    ("one hundred and twenty", (120, "exact")),
    ("a dozen", (12, "exact")),
    ("two dozen", (24, "exact")),
    ("half a million", (500000, "exact")),
    ("5k", (5000, "exact")),
    ("dozens", ([24, 99], "approximate")),
    ("hundreds", ([100, 999], "approximate")),
    ("thousands", ([1000, 9999], "approximate")),
    ("hundreds of thousands", ([100000, 999999], "approximate")),
    ("tens of thousands", ([20000, 99999], "approximate")),
    ("several hundred", ([300, 999], "approximate")),
    ("more than 20", (20, "at_least")),
    ("over 1,000", (1000, "at_least")),
    ("at least 12", (12, "at_least")),
    ("500,000-plus", (500000, "at_least")),
    ("up to 5", (5, "at_most")),
    ("nearly 300", (300, "at_most")),
    ("almost 40", (40, "at_most")),
    ("fewer than 100", (100, "at_most")),
    ("at most 7", (7, "at_most")),
    ("about 40", (40, "approximate")),
    ("around 3,000", (3000, "approximate")),
    ("some 3,000", (3000, "approximate")),
    ("roughly 15", (15, "approximate")),
    ("an estimated 1.2 million", (1200000, "approximate")),
    ("between 10 and 20", ([10, 20], "range")),
    ("10-20", ([10, 20], "range")),
    ("10 to 20 million", ([10000000, 20000000], "range")),
    ("2 1/2", (2.5, "exact")),
])
def test_parse_number(text, expected):
    assert parse_number(text) == expected


@pytest.mark.parametrize("text", ["", "rifles", "several", "$", "1995-01"])
def test_parse_number_refuses_non_numbers(text):
    assert parse_number(text) is None


def _found(text):
    return {text[f.start:f.end]: f for f in find_quantities(text)}


def test_years_days_times_ages_and_designations_are_not_counts():
    text = ("From 2013 till 2018, on September 15 at 10:30, a 40-year-old man aged 40 carried an AK-47 and "
            "an M16 past 12 F-16 jets.")
    found = _found(text)
    assert {t for t, f in found.items() if f.kind == "count"} == {"12"}
    assert found["40-year-old"].kind == "age" and found["40-year-old"].unit == "year"


def test_calibres_are_measures_not_counts():
    found = _found("They seized 1,845 rounds of 60-82mm and 300 7.62mm cartridges.")
    assert found["1,845"].kind == "count" and found["1,845"].value == 1845
    assert found["60-82mm"].kind == "calibre" and found["60-82mm"].value == [60, 82]
    assert found["7.62mm"].kind == "calibre" and found["300"].value == 300


def test_money_percent_and_measures_carry_units():
    found = _found("It cost $5m, or 20 million pounds, about 40% of a 2.5 kg budget across 1,500,000 kilometres.")
    assert (found["$5m"].value, found["$5m"].unit) == (5000000, "dollar")
    assert (found["20 million pounds"].value, found["20 million pounds"].unit) == (20000000, "pound")
    assert (found["about 40%"].value, found["about 40%"].qualifier, found["about 40%"].unit) == (40, "approximate", "percent")
    assert found["2.5 kg"].unit == "kilogram"
    assert found["1,500,000 kilometres"].value == 1500000


def test_extractor_names_the_thing_counted():
    from armswatch.document import Document
    from armswatch.pipeline import Pipeline

    text = ("Police recovered 32 unused grenades and hundreds of thousands of rounds of ammunition, "
            "and more than 20 sniper rifles, in 2019.")
    records = [r for r in Pipeline(extractors=["quantities"])(Document(text=text, published="2020-01-01"))
               if r.kind == "quantity"]
    by_text = {r.text: r for r in records}
    assert by_text["32"].object == "grenades"
    assert by_text["hundreds of thousands"].value == [100000, 999999]
    assert by_text["hundreds of thousands"].qualifier == "approximate"
    assert by_text["hundreds of thousands"].object == "rounds"
    assert by_text["more than 20"].qualifier == "at_least" and by_text["more than 20"].object == "sniper rifles"
    assert not any(r.value == 2019 for r in records)
    for record in records:
        assert all(text[e.start:e.end] == e.text for e in record.evidence)
