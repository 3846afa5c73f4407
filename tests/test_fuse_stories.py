"""fuse.stories: inside a candidate group, average linkage keeps two events of one kind apart.

Hand-made reports: two seizures by the Indonesian navy, same kind, same actors, at other places and dates,
two reports of each, a copy of one report, and a roundup naming both. Single linkage over the candidate links would chain them
into one story; the re-clustering must give two stories, with the copy beside its original, whatever the
order the documents are given in.
"""

from __future__ import annotations

import random

from armswatch.fuse import links as L
from armswatch.fuse.params import Params
from armswatch.fuse.stories import cluster, similarities

BATAM_1 = """Indonesian navy seizes tanker off Batam
The Indonesian navy seized an oil tanker carrying 2,000 tonnes of smuggled diesel off Batam island on Monday,
a navy spokesman said. The Panama-flagged tanker Ocean Pearl was stopped by the patrol ship KRI Sultan Iskandar
near the Riau Islands and its crew of 14 were detained for questioning. The navy said the tanker had switched
off its transponder while transferring fuel to a smaller vessel at night. Smuggling of subsidised diesel
through the Singapore Strait costs the state millions of dollars a year, officials said."""

BATAM_2 = """Navy detains crew of fuel tanker near Batam
Indonesia's navy has detained 14 crew members of the tanker Ocean Pearl, stopped off Batam with smuggled diesel
in its tanks, the western fleet command said on Tuesday. The KRI Sultan Iskandar intercepted the Panama-flagged
ship on Monday night after it turned off its transponder during a ship-to-ship transfer in the Riau Islands.
The fleet commander told reporters the 2,000 tonnes of diesel would be handed to customs."""

NATUNA_1 = """Indonesia seizes Vietnamese fishing boats off Natuna
The Indonesian navy seized three Vietnamese fishing boats in its exclusive economic zone off the Natuna Islands
on Thursday, the navy said. The warship KRI Usman Harun caught the boats trawling north of Natuna Besar and
escorted them to Ranai port, where 31 fishermen were being held. Jakarta has sunk dozens of foreign boats
caught poaching in the South China Sea, where Vietnam and Indonesia dispute fishing grounds."""

NATUNA_2 = """Navy escorts seized Vietnamese boats to Ranai
Three Vietnamese trawlers seized by the Indonesian navy near the Natuna Islands arrived at Ranai on Friday with
31 fishermen aboard, a navy officer said. The KRI Usman Harun stopped the boats on Thursday inside Indonesia's
exclusive economic zone in the South China Sea. The fishermen will face charges of illegal fishing, and the
boats may be sunk, the officer said."""

BATAM_COPY = """Tanker with smuggled diesel seized off Batam (wire)
The Indonesian navy seized an oil tanker carrying 2,000 tonnes of smuggled diesel off Batam island on Monday,
a navy spokesman said. The Panama-flagged tanker Ocean Pearl was stopped by the patrol ship KRI Sultan Iskandar
near the Riau Islands and its crew of 14 were detained for questioning. The navy said the tanker had switched
off its transponder while transferring fuel to a smaller vessel at night. Subscribe to our newsletter."""

ROUNDUP = """Jakarta raises maritime budget as neighbours watch
Indonesia will spend more on coast guard cutters and drones next year, the defence minister told parliament
on Saturday, citing smuggling and poaching at sea. This week the navy ship KRI Sultan Iskandar seized the tanker Ocean Pearl with smuggled diesel off
Batam, and Vietnamese fishing boats off the Natuna Islands. Analysts in Singapore and Hanoi said the budget
would test relations with Malaysia, Vietnam and China, whose coast guards also patrol the disputed waters.
Parliament is expected to vote on the budget in October."""

TEXTS = {"b1": BATAM_1, "b2": BATAM_2, "n1": NATUNA_1, "n2": NATUNA_2, "bc": BATAM_COPY, "r": ROUNDUP}


def _terms(params):
    return {d: L.terms(text, params) for d, text in TEXTS.items()}


def test_two_seizures_by_one_navy_stay_apart_and_the_copy_joins():
    params = Params()
    terms = _terms(params)
    # the roundup is a candidate link of both seizures: single linkage would make one story of all six
    assert L.story_similarity(terms["r"], terms["b1"], params) and L.story_similarity(terms["r"], terms["n1"], params)
    got = cluster(terms, [("b1", "bc")], params)
    assert {d: got[d] for d in ("b1", "b2", "bc", "n1", "n2")} == {"b1": "sb1", "b2": "sb1", "bc": "sb1",
                                                                  "n1": "sn1", "n2": "sn1"}
    # the same in any order the documents (and copy pairs) are given in
    for seed in range(5):
        items = list(terms.items())
        random.Random(seed).shuffle(items)
        assert cluster(dict(items), [("bc", "b1")], params) == got


def test_the_topic_words_weigh_less_inside_the_group():
    params = Params()
    terms = _terms(params)
    groups = [["b1", "bc"], ["b2"], ["n1"], ["n2"], ["r"]]
    flat = [d for g in groups for d in g]
    plain = similarities(terms, groups, Params(story_group_rarity=0.0))
    weighted = similarities(terms, groups, params)
    across = (flat.index("b1"), flat.index("n1"))
    within = (flat.index("b1"), flat.index("b2"))
    assert weighted[across] < plain[across]  # "indonesian navy seized" tells the topic, not the event
    assert weighted[within] - weighted[across] > plain[within] - plain[across]


def test_without_copies_and_a_high_threshold_every_document_is_its_own_story():
    params = Params(story_cluster_threshold=0.99)
    got = cluster(_terms(params), [], params)
    assert got == {d: "s" + d for d in TEXTS}


def test_a_group_over_the_cap_stays_one_story():
    params = Params(story_group_cap=3)
    assert set(cluster(_terms(params), [], params).values()) == {"sb1"}


BATAM_BRIEF = """Customs to auction diesel
Customs officers in the Riau Islands will auction the diesel taken from the tanker Ocean Pearl, a customs official
said on Wednesday, after the fuel was handed over by the navy."""


def test_a_report_left_alone_joins_the_story_it_is_closest_to():
    params = Params(story_cluster_threshold=0.5)  # the brief is too short to reach that mean
    terms = {**_terms(params), "b3": L.terms(BATAM_BRIEF, params)}
    got = cluster(terms, [("b1", "bc")], params)
    assert got["b3"] == "sb1" and got["n1"] == got["n2"] == "sn1"
    alone = Params(story_cluster_threshold=0.5, story_attach_threshold=1.0)
    assert cluster(terms, [("b1", "bc")], alone)["b3"] == "sb3"
