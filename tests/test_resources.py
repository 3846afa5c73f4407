"""The shared resources loader: one way to read a data file, shared vocabularies read once."""

from __future__ import annotations

import pytest

from armswatch.resources import data, vocabulary


def test_shared_vocabulary_lists():
    months = vocabulary("months")
    assert len(months) == 12 and months[0] == "january" and vocabulary("month_abbreviations")["sept"] == 9
    assert len(vocabulary("weekdays")) == 7 and "in" in vocabulary("place_prepositions")
    speech = vocabulary("speech_verbs")
    assert "say" in speech and len(speech) == len(set(speech))  # each word once
    with pytest.raises(KeyError, match="no shared vocabulary"):
        vocabulary("no_such_list")


def test_the_time_and_quantity_words_come_from_the_data_files():
    from armswatch.extract.quantities.numbers import SCALES, parse_number
    from armswatch.extract.timex.lexicon import MONTHS, UNITS, unit_of

    assert MONTHS["sept"] == 9 and MONTHS["december"] == 12 and UNITS["fortnight"] == ("W2", False)
    assert unit_of("centuries") == "century" and unit_of("weeks") == "week"
    assert SCALES["crore"] == data("quantities/numbers.yaml")["scales"]["crore"] == 10_000_000
    assert parse_number("two crore")[0] == 20_000_000


def test_data_is_parsed_once():
    assert data("common/vocabulary.yaml") is data("common/vocabulary.yaml")
    with pytest.raises(ValueError):
        data("common/PROVENANCE.md")
