"""The time extractor: the seed article's expressions, each rule on short sentences, and what is no time."""

from __future__ import annotations

import pytest

from armswatch.document import Document
from armswatch.extract import Context
from armswatch.extract.time import sentence_date

PUBLISHED = "2025-02-17"  # a Monday


@pytest.fixture(scope="module")
def time_pipeline():
    from armswatch.pipeline import Pipeline

    return Pipeline(extractors=["time"])


def times(pipeline, text: str, published: str | None = PUBLISHED) -> list:
    records = [r for r in pipeline(Document(text=text, published=published)) if r.kind == "time"]
    for r in records:
        assert text[r.evidence[0].start:r.evidence[0].end] == r.evidence[0].text == r.text
    return records


def found(pipeline, text: str, published: str | None = PUBLISHED) -> dict[str, str | None]:
    return {r.text: r.value for r in times(pipeline, text, published)}


def test_seed_article_expressions(time_pipeline, seed_document):
    records = [r for r in time_pipeline(seed_document) if r.kind == "time"]
    by_text = {r.text: r for r in records}
    expected = {"on Monday": ("2025-02-17", "day"), "On Friday": ("2025-02-14", "day"),
                "Last month": ("2025-01", "month"), "as of August 2021": ("2021-08", "month"),
                "last week": ("2025-W07", "week"), "from 2013 till 2018": ("2013/2018", "range")}
    for text, (value, granularity) in expected.items():
        assert text in by_text, f"{text!r} not found among {sorted(by_text)}"
        assert (by_text[text].value, by_text[text].granularity) == (value, granularity)
    for r in records:
        for span in r.evidence:
            assert seed_document.text[span.start:span.end] == span.text
    # no count, calibre or pronoun taken for a time
    texts = " | ".join(by_text)
    for wrong in ("258,300", "60-82", "64,300", "We"):
        assert wrong not in texts


def test_range_evidence_lists_both_ends(time_pipeline):
    [record] = times(time_pipeline, "He fought terrorism from 2013 till 2018.")
    assert record.value == "2013/2018"
    assert [e.text for e in record.evidence] == ["from 2013 till 2018", "2013", "2018"]


@pytest.mark.parametrize("text, expression, value", [
    # weekdays: past tense looks back (the publication weekday is the publication day), future looks ahead
    ("The minister said on Monday that talks failed.", "on Monday", "2025-02-17"),
    ("The minister spoke on Tuesday.", "on Tuesday", "2025-02-11"),
    ("The minister will travel on Tuesday.", "on Tuesday", "2025-02-18"),
    ("Leaders meet on Thursday in Geneva.", "on Thursday", "2025-02-20"),
    ("The envoy arrived last Friday.", "last Friday", "2025-02-14"),
    ("The vote is due next Monday.", "next Monday", "2025-02-24"),
    ("The deadline was extended until Wednesday.", "until Wednesday", "2025-02-12"),
    ("They have until Wednesday to respond.", "until Wednesday", "2025-02-19"),
    # deictic days
    ("Officials confirmed the strike yesterday.", "yesterday", "2025-02-16"),
    ("The ministry said today that it would respond.", "today", "2025-02-17"),
    ("The council meets tomorrow.", "tomorrow", "2025-02-18"),
    # relative units
    ("Islamabad last week urged the UN to act.", "last week", "2025-W07"),
    ("Last month, the survey reported losses.", "Last month", "2025-01"),
    ("Prices rose this year.", "this year", "2025"),
    ("Elections are planned for next year.", "next year", "2026"),
    ("Sales fell last year.", "last year", "2024"),
    ("Fighting resumed earlier this month.", "earlier this month", "2025-02"),
    ("The plant opened three years ago.", "three years ago", "2022"),
    ("The deal was signed two weeks ago.", "two weeks ago", "2025-W06"),
    ("The attack happened five days ago.", "five days ago", "2025-02-12"),
    ("A ceasefire began two months ago.", "two months ago", "2024-12"),
    # months and dates
    ("The report was published in August.", "in August", "2024-08"),
    ("The talks resume in March.", "in March", "2025-03"),
    ("The report said that as of August 2021, stocks were high.", "as of August 2021", "2021-08"),
    ("The shipment left on Aug. 7.", "on Aug. 7", "2024-08-07"),
    ("The shipment left on Feb. 3.", "on Feb. 3", "2025-02-03"),
    ("The treaty was signed on 12 March 2019.", "on 12 March 2019", "2019-03-12"),
    ("The treaty was signed on March 12, 2019.", "on March 12, 2019", "2019-03-12"),
    ("The file is dated 2019-03-12.", "2019-03-12", "2019-03-12"),
    ("The order was issued on 3/12/2019.", "on 3/12/2019", "2019-03-12"),
    ("It was signed on Saturday, April 25, 1998.", "on Saturday, April 25, 1998", "1998-04-25"),
    # years, decades, centuries, quarters, halves, seasons
    ("The war began in 2001.", "in 2001", "2001"),
    ("Arms flowed in the 1990s.", "in the 1990s", "199"),
    ("Arms flowed in the late 1980s.", "in the late 1980s", "198"),
    ("Borders were drawn in the 19th century.", "in the 19th century", "18"),
    ("Profits rose in the third quarter.", "in the third quarter", "2024-Q3"),
    ("Output fell in the first quarter of 2023.", "in the first quarter of 2023", "2023-Q1"),
    ("Exports grew in Q3 2022.", "in Q3 2022", "2022-Q3"),
    ("Sales grew in the first half of 2024.", "in the first half of 2024", "2024-H1"),
    ("The offensive began last summer.", "last summer", "2024-SU"),
    ("The offensive will begin next spring.", "next spring", "2025-SP"),
    ("The budget for fiscal 2024 was cut.", "fiscal 2024", "2024"),
    ("Troops withdrew between 2013 and 2018.", "between 2013 and 2018", "2013/2018"),
    ("Troops served in 2013-2018.", "in 2013-2018", "2013/2018"),
    ("The programme ran from May to July 2020.", "from May to July 2020", "2020-05/2020-07"),
    # durations and sets
    ("The siege lasted three years.", "three years", "P3Y"),
    ("The siege lasted 18 months.", "18 months", "P18M"),
    ("He waited for nearly two weeks.", "nearly two weeks", "P2W"),
    ("Talks went on for several days.", "several days", "PXD"),
    ("It took two and a half years.", "two and a half years", "P30M"),
    ("The conflict lasted two decades.", "two decades", "P20Y"),
    ("Patrols run daily.", "daily", "P1D"),
    ("Inspectors visit every Monday.", "every Monday", "XXXX-WXX-1"),
    ("Inspectors visit every two weeks.", "every two weeks", "P2W"),
    # present, past and future references; times of day; holidays
    ("The weapons are now used against civilians.", "now", "PRESENT_REF"),
    ("Attacks have risen recently.", "recently", "PAST_REF"),
    ("The blast happened at 9 a.m. on Monday.", "at 9 a.m. on Monday", "2025-02-17T09:00"),
    ("The blast happened at 3:30 p.m.", "at 3:30 p.m.", "2025-02-17T15:30"),
    ("Fighting paused on Christmas Day.", "on Christmas Day", "2024-12-25"),
    # later additions: weekends, weeks of a month, universal time, relative years, spelled years
    ("Talks continued over the weekend.", "the weekend", "2025-W07-WE"),
    ("Inspections resume in the last week of March.", "in the last week of March", "2025-W13"),
    ("The launch came at 18:00 UTC on Monday.", "at 18:00 UTC on Monday", "2025-02-17T18:00Z"),
    ("Raids began in June last year.", "in June last year", "2024-06"),
    ("The embargo dates from nineteen ninety-six.", "from nineteen ninety-six", "1996"),
    ("Arms flowed in the nineties.", "in the nineties", "199"),
    ("Profit fell in the final quarter of 2024.", "in the final quarter of 2024", "2024-Q4"),
    ("The offer was extended until Feb. 28.", "until Feb. 28", "2025-02-28"),
])
def test_rule(time_pipeline, text, expression, value):
    result = found(time_pipeline, text)
    assert expression in result, f"{expression!r} not among {result}"
    assert result[expression] == value


@pytest.mark.parametrize("text", [
    "Afghanistan had 258,300 rifles and 64,300 pistols.",
    "It held 1,845 rounds of 60-82mm ammunition.",
    "We may never know who supplied them.",
    "The rebels paid $2013 for each rifle.",
    "The army deployed 2000 troops to the border.",
    "UN Security Council Resolution 2231 was cited.",
    "The Arab Spring changed the region.",
    "After the fall of Kabul, arms spread.",
    "Prices may rise if supplies fall.",
    "He will march on the capital.",
    "The 45-year-old commander was arrested.",
    "A second shipment arrived by sea.",
    "A quarter of the weapons were lost.",
    "He spoke on CBS's 60 Minutes programme.",
    "Ministers Jan Kavan and June Carter met.",
    "The 52 years old commander was freed.",
    "The party daily Granma printed the letter.",
])
def test_not_a_time(time_pipeline, text):
    assert found(time_pipeline, text) == {}


def test_without_publication_date_relative_values_stay_unknown(time_pipeline):
    result = found(time_pipeline, "Last month the survey counted arms held as of August 2021.", published=None)
    assert result["Last month"] is None
    assert result["as of August 2021"] == "2021-08"


def test_sentence_date_picks_the_nearest_expression_of_the_sentence(time_pipeline):
    from armswatch import nlp as nlp_module

    text = ("Pakistan urged the UN on Monday to act. The survey said in 2023 that arms spread on Friday. "
            "Nothing else happened.")
    document = Document(text=text, published=PUBLISHED)
    doc = time_pipeline.nlp(text)
    ctx = Context(document=document, doc=doc, settings=time_pipeline.settings)
    urged = text.index("urged")
    assert sentence_date(ctx, urged, urged + 5) == "2025-02-17"
    spread = text.index("spread")
    assert sentence_date(ctx, spread, spread + 6) == "2025-02-14"  # day precision beats the year
    nothing = text.index("Nothing")
    assert sentence_date(ctx, nothing, nothing + 7) is None
    assert nlp_module is not None


def test_a_year_earlier_follows_the_story_time(time_pipeline):
    result = found(time_pipeline, "Profit rose in the third quarter of 2023. A year earlier, it had fallen.")
    assert result["A year earlier"] == "2022-Q3"


def test_clock_time_takes_the_day_of_the_story(time_pipeline):
    result = found(time_pipeline, "The convoy was hit on Friday. The blast came at 10:35 a.m. near the border.")
    assert result["at 10:35 a.m."] == "2025-02-14T10:35"
