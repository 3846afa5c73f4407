"""Statements: each quotation form, each reported-speech form, speakers, claims and contradiction links."""

from __future__ import annotations

import pytest

from armswatch.document import Document
from armswatch.extract.statements import parts
from armswatch.extract.statements.quotes import find_quotes


@pytest.fixture(scope="module")
def statements_pipeline():
    from armswatch.pipeline import Pipeline

    return Pipeline(extractors=["statements"])


def statements(pipeline, text: str) -> list:
    records = pipeline(Document(text=text, published="2024-03-05"))
    return [r for r in records if r.kind == "statement"]


def speaker_mention(record) -> str | None:
    span = parts(record).speaker
    return span.text if span else None


def content_texts(record) -> list[str]:
    return [span.text for span in parts(record).content]


def one(found: list, **wanted):
    matches = [r for r in found if all(getattr(r, key) == value for key, value in wanted.items())]
    assert len(matches) == 1, (wanted, [(r.cue, r.text, speaker_mention(r)) for r in found])
    return matches[0]


# ------------------------------------------------------------------ quote marks, without a parse

def test_quote_marks_straight_curly_and_two_apostrophes():
    text = 'A said "one two." B said \u201cthree four.\u201d C said \'\'five six.\'\' Done.'
    found = [text[q.inner_start:q.inner_end] for q in find_quotes(text)]
    assert found == ["one two.", "three four.", "five six."]


def test_quote_running_across_paragraphs_is_one_quote():
    text = "He said: \u201cThe first part is ready.\n\u201cThe second part comes next year.\u201d\nOther news."
    quotes = find_quotes(text)
    assert len(quotes) == 1
    assert text[quotes[0].start:quotes[0].end].endswith("next year.\u201d")


def test_unclosed_quote_ends_at_its_paragraph():
    text = "He said: \u201cThis quote is never closed.\nThe next paragraph is narration."
    (quote,) = find_quotes(text)
    assert text[quote.inner_start:quote.inner_end] == "This quote is never closed."


# ------------------------------------------------------------------ direct quotations

def test_straight_quote_with_inverted_attribution(statements_pipeline):
    found = statements(statements_pipeline, '"We will never give up our weapons," said John Smith, the rebel commander.')
    record = one(found, direct=True)
    assert "Smith" in record.speaker.name
    assert record.cue == "say"
    assert content_texts(record) == ['"We will never give up our weapons,"']
    assert record.text == "We will never give up our weapons,"


def test_curly_quote_told(statements_pipeline):
    found = statements(statements_pipeline, "\u201cThe talks have failed and we are leaving,\u201d Defence Minister Ali Hassan told reporters.")
    record = one(found, direct=True)
    assert "Hassan" in record.speaker.name and record.cue == "tell"


def test_two_apostrophe_quote(statements_pipeline):
    found = statements(statements_pipeline, "''We are ready to talk to anyone,'' Mr. Lopez said on Tuesday.")
    record = one(found, direct=True)
    assert "Lopez" in record.speaker.name


def test_quote_split_by_its_attribution_is_one_statement(statements_pipeline):
    text = "\u201cWe have no choice,\u201d Ahmed Khan said, \u201cbut to fight back against these attacks.\u201d"
    record = one(statements(statements_pipeline, text), direct=True)
    assert len(content_texts(record)) == 2
    assert "Khan" in record.speaker.name
    assert record.text == "We have no choice, but to fight back against these attacks."


def test_quote_across_paragraphs_keeps_its_speaker(statements_pipeline):
    text = ("The mayor, Maria Garcia, said: \u201cThe first part of the plan is ready and will be built soon.\n"
            "\u201cThe second part will follow next year and nobody can stop it.\u201d\nTraffic was heavy.")
    record = one(statements(statements_pipeline, text), direct=True)
    assert "Garcia" in record.speaker.name
    assert content_texts(record)[0].endswith("nobody can stop it.\u201d")


def test_partial_quote_inside_a_sentence(statements_pipeline):
    text = "General Omar Farouk described the rebels as \u201ca grave threat to the nation\u201d during the meeting."
    record = one(statements(statements_pipeline, text), direct=True)
    assert record.text == "a grave threat to the nation"
    assert "Farouk" in record.speaker.name


def test_run_of_quotes_attributed_once(statements_pipeline):
    text = ("\u201cThe border crossing will stay closed until further notice,\u201d Colonel Ivan Petrov said.\n"
            "\u201cNobody will be allowed to pass through without papers from the ministry.\u201d\n")
    found = [r for r in statements(statements_pipeline, text) if r.direct]
    assert len(found) == 2
    assert all("Petrov" in r.speaker.name for r in found)
    assert found[1].cue is None


def test_he_said_takes_the_earlier_named_speaker(statements_pipeline):
    text = ("Senator Jane Doe spoke at the conference on Friday about the arms embargo.\n"
            "\u201cWe cannot keep sending weapons into this war,\u201d she said.")
    record = one(statements(statements_pipeline, text), direct=True)
    assert "Doe" in record.speaker.name
    assert speaker_mention(record) == "she"


def test_scare_quote_without_cue_is_not_a_statement(statements_pipeline):
    text = "The so-called \u201cpeace plan\u201d was published yesterday in the capital."
    assert [r for r in statements(statements_pipeline, text) if r.direct] == []


# ------------------------------------------------------------------ reported speech

@pytest.mark.parametrize("text, mention, cue, content", [
    ("The defence ministry said that the missiles had been moved to the north.",
     "The defence ministry", "say", "that the missiles had been moved to the north"),
    ("The defence ministry said on Monday the missiles had been moved to the north.",
     "The defence ministry", "say", "the missiles had been moved to the north"),
    ("The missiles had been moved to the north, the defence ministry said.",
     "the defence ministry", "say", "The missiles had been moved to the north"),
    ("According to the defence ministry, the missiles had been moved to the north.",
     "the defence ministry", "according to", "the missiles had been moved to the north"),
    ("Ambassador Lee told a Security Council meeting on Tuesday that the missiles had been moved north.",
     "Ambassador Lee", "tell", "that the missiles had been moved north"),
    ("The rebels insisted that the ceasefire still held.", "The rebels", "insist", "that the ceasefire still held"),
    ("In its report, the monitoring group said that the rifles had been sold across the border.",
     "the monitoring group", "say", "that the rifles had been sold across the border"),
])
def test_reported_speech_forms(statements_pipeline, text, mention, cue, content):
    record = one(statements(statements_pipeline, text), direct=False, cue=cue)
    assert speaker_mention(record) == mention
    assert content_texts(record) == [content]
    assert record.date == "2024-03-05" or record.date.startswith("2024")


def test_accusation_and_denial_are_linked(statements_pipeline):
    text = ("Hamas accused Fatah of detaining its members in the West Bank. "
            "Fatah denied the accusation.")
    found = statements(statements_pipeline, text)
    accusation = one(found, claim="accuse")
    denial = one(found, claim="deny")
    assert accusation.target is not None and "Fatah" in accusation.target.name
    assert denial.id in accusation.contradicts and accusation.id in denial.contradicts


def test_denial_by_another_side_is_not_linked(statements_pipeline):
    text = ("Hamas accused Fatah of detaining its members in the West Bank. "
            "Hezbollah denied the accusation.")
    found = statements(statements_pipeline, text)
    assert one(found, claim="accuse").contradicts == []


def test_a_commitment_to_act_is_no_statement_but_agreeing_that_is(statements_pipeline):
    for text in ("The rebels agreed to cease hostilities along the border.",
                 "Both governments pledged support for the monitoring mission."):
        assert [r for r in statements(statements_pipeline, text) if r.claim == "agree"] == [], text
    record = one(statements(statements_pipeline, "The rebels agreed that the ceasefire had failed."),
                 claim="agree")
    assert content_texts(record) == ["that the ceasefire had failed"]


def test_negated_cue_makes_no_claim(statements_pipeline):
    found = statements(statements_pipeline, "The ministry did not deny that the weapons were sold.")
    assert all(r.claim != "deny" for r in found)


# ------------------------------------------------------------------ participle cues, asides, issuers

def test_participle_cue_reports_its_own_complement_not_its_host_clause(statements_pipeline):
    found = statements(statements_pipeline,
                       "The governor endorsed the bill at a rally in the capital, calling it a lifeline for clinics.")
    record = one(found, cue="call")
    assert speaker_mention(record) == "The governor"
    assert not any("endorsed the bill" in piece for piece in content_texts(record))
    found = statements(statements_pipeline, "The senator praised the deal, referring to the new limits on exports.")
    record = one(found, cue="refer")
    assert content_texts(record) == ["to the new limits on exports"] and speaker_mention(record) == "The senator"


def test_participle_cue_to_a_listener_says_nothing(statements_pipeline):
    found = statements(statements_pipeline, "The minister spoke to reporters for ten minutes, adding nothing new.")
    assert [r for r in found if r.cue in ("add", "speak")] == []


def test_attribution_set_off_by_commas_inside_its_content(statements_pipeline):
    # the parser hangs the opening comma on the cue: "…, officials said, …"
    found = statements(statements_pipeline,
                       "Whatever the envoy has promised, officials said, could easily be undone by the militias.")
    record = one(found, cue="say")
    assert speaker_mention(record) == "officials"
    assert content_texts(record) == ["Whatever the envoy has promised", "could easily be undone by the militias"]
    found = statements(statements_pipeline, "The new treaty, she said, will not survive the winter.")
    assert content_texts(one(found, cue="say")) == ["The new treaty", "will not survive the winter"]


def test_adjective_aside_is_no_part_of_the_speaker_mention(statements_pipeline):
    found = statements(statements_pipeline,
                       "Mayor Ruth Okafor, eager all week to change the subject, said the budget was balanced.")
    assert speaker_mention(one(found, cue="say")) == "Mayor Ruth Okafor"


def test_issuer_of_a_statement_is_the_source_of_its_saying(statements_pipeline):
    record = one(statements(statements_pipeline,
                            "The defence ministry issued a statement saying the drills would end on Friday."), cue="say")
    assert speaker_mention(record) == "The defence ministry" and "ministry" in record.speaker.name
    record = one(statements(statements_pipeline, "The mayor hit back in a statement stating that the port was safe."),
                 cue="state")
    assert speaker_mention(record) == "The mayor"
    # a joint statement of several issuers still speaks as the statement
    record = one(statements(statements_pipeline,
                            "The army and the police issued a joint statement saying the border was calm."), cue="say")
    assert speaker_mention(record) == "a joint statement"


# ------------------------------------------------------------------ the seed article

@pytest.fixture(scope="module")
def seed_statements(statements_pipeline, seed_document):
    return [r for r in statements_pipeline(seed_document) if r.kind == "statement"]


def test_seed_five_quotations_and_their_speakers(seed_statements):
    quotes = [r for r in seed_statements if r.direct and len(r.text.split()) > 4]
    assert len(quotes) == 5
    for record in quotes[:3]:
        assert "foreign office" in (record.speaker.text + " " + record.speaker.name).lower() \
            or record.speaker.country == "PAK", record.speaker
    for record in quotes[3:]:
        assert "Raza" in record.speaker.name, record.speaker
    assert speaker_mention(quotes[3]) == "he"


def test_seed_reported_statements(seed_statements):
    reported = [r for r in seed_statements if not r.direct]
    mentions = [speaker_mention(r) or "" for r in reported]
    assert sum("Small Arms Survey" in m for m in mentions) == 2
    assert any(m == "Afghan officials" for m in mentions)
    assert any(r.speaker is not None and "Dar" in r.speaker.name for r in reported)


def test_seed_accusation_linked_with_denial(seed_statements):
    accusation = one(seed_statements, claim="accuse")
    denial = one(seed_statements, claim="deny")
    assert accusation.text.startswith("Kabul")
    assert denial.text == "involvement"
    assert denial.id in accusation.contradicts


def test_seed_statement_dates_fall_back_to_publication(seed_statements):
    assert all(r.date for r in seed_statements)


def test_quote_signed_with_a_dash(statements_pipeline):
    text = "\u201cThis war has taken everything from our village and nobody listens.\u201d \u2015 Amina Yusuf"
    record = one(statements(statements_pipeline, text), direct=True)
    assert speaker_mention(record) == "Amina Yusuf"


def test_transcript_labels_but_not_a_dateline(statements_pipeline):
    transcript = ("HOST: What will you do about the border crossings tonight?\n"
                  "MINISTER: We will reopen them once the shelling stops for good.\n")
    found = statements(statements_pipeline, transcript)
    assert sorted(speaker_mention(r) for r in found if r.direct) == ["HOST", "MINISTER"]
    dateline = "KABUL: The ministry said on Sunday that the border crossings would reopen next week."
    assert all(speaker_mention(r) != "KABUL" for r in statements(statements_pipeline, dateline))


# ------------------------------------------------------------------ stance cues (PolNeAR-style attributions)

def test_stance_verb_with_a_holder_is_a_statement(statements_pipeline):
    found = statements(statements_pipeline, "The senator wants to cut the defence budget by a tenth.")
    record = one(found, cue="want")
    assert record.direct is False
    assert content_texts(record) == ["to cut the defence budget by a tenth"]
    assert speaker_mention(record) == "The senator"


def test_stance_verb_without_a_holder_is_no_statement(statements_pipeline):
    found = statements(statements_pipeline, "The new bill aims to cut the defence budget by a tenth.")
    assert not [r for r in found if r.cue == "aim"]


def test_called_for_takes_the_preposition_into_the_cue(statements_pipeline):
    found = statements(statements_pipeline, "The union called for a moratorium on new missile sales.")
    record = one(found, cue="call for")
    assert parts(record).cue.text == "called for"
    assert content_texts(record) == ["a moratorium on new missile sales"]


def test_source_between_content_pieces_is_kept(statements_pipeline):
    text = "The weapons, which officials said were smuggled from Iran, were seized at the port."
    found = statements(statements_pipeline, text)
    assert any(speaker_mention(r) == "officials" for r in found if r.cue == "say")


# ------------------------------------------------------------------ who speaks: documents, pronouns, nesting

def test_a_document_speaks_for_its_issuer(statements_pipeline):
    found = statements(statements_pipeline, "The defence ministry issued a statement saying the talks had failed.")
    assert "ministry" in one(found, cue="say").speaker.text.lower()
    found = statements(statements_pipeline, "A statement from the Indian army said the border was calm.")
    assert "army" in one(found, cue="say").speaker.text.lower()
    found = statements(statements_pipeline, "Amnesty International published a report on Monday. "
                                            "The report said that prisoners had been tortured.")
    assert one(found, cue="say").speaker.name == "Amnesty International"


def test_a_joint_statement_speaks_as_itself(statements_pipeline):
    text = ("The agreement was announced in a joint statement by Chad and Niger on Monday. "
            "The two nations agreed to reopen their border next month, it said.")
    speaker = one(statements(statements_pipeline, text), cue="say").speaker
    assert "statement" in speaker.text.lower()


def test_he_is_the_person_named_before_never_the_byline(statements_pipeline):
    text = ("By Mary Jones\n\nBrig.-Gen. Texas Chukwu, the Director of Army Public Relations, spoke in "
            "Maiduguri on Friday.\n\nHe said the terrorists were neutralised by troops of 151 battalion.")
    record = one(statements(statements_pipeline, text), cue="say")
    assert speaker_mention(record) == "He" and record.speaker.name == "Texas Chukwu"


def test_no_statement_that_says_nothing(statements_pipeline):
    assert not statements(statements_pipeline, "The army disclosed this in Maiduguri.")
    assert not [r for r in statements(statements_pipeline, "Police claimed on Friday.") if r.text == "on Friday"]


def test_a_participle_modifier_is_no_cue(statements_pipeline):
    text = "Scholz, asked to confirm a report in Spiegel, said Germany had delivered the tanks."
    found = statements(statements_pipeline, text)
    assert [r.cue for r in found] == ["say"]


def test_one_statement_per_saying(statements_pipeline):
    found = statements(statements_pipeline, "The foreign office said the United States acknowledges the "
                                            "problem of weapons left behind in Afghanistan.")
    assert len(found) == 1 and found[0].cue == "say"



def test_statements_at_gives_the_statements_holding_an_offset_innermost_first(statements_pipeline):
    from armswatch.extract import Context
    from armswatch.records import Actor

    text = ('"We seized the rifles at dawn," the general said, "and the mortars were handed over." '
            'The minister said the police had announced that 300 rifles were found.')
    found = statements(statements_pipeline, text)
    ctx = Context(document=Document(text=text), doc=None, settings=statements_pipeline.settings, records=found)
    # both parts of a quotation split by its attribution belong to it; its attribution to none
    for word in ("dawn", "mortars"):
        assert [parts(r).speaker.text for r in ctx.statements_at(text.index(word))] == ["the general"]
    assert ctx.statements_at(text.index("general said")) == []
    # a statement inside another's content comes first (built here: the extractor nests none in this text)
    outer = next(r for r in found if r.speaker.name == "minister")
    start = text.index("300")
    inner = outer.model_copy(update={"speaker": Actor(name="police", text="the police", type="organisation"),
                                     "evidence": [ctx.span(start, text.index(" were found")), outer.evidence[-1]]})
    ctx = Context(document=ctx.document, doc=None, settings=ctx.settings, records=[*found, inner])
    assert [r.speaker.name for r in ctx.statements_at(start)] == ["police", "minister"]
    assert ctx.statements_at(len(text) - 1) == []
