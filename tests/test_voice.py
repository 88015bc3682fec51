"""Tests for helpers.reading.voice on small made-up pages."""

from __future__ import annotations

import pandas as pd
import pytest

from helpers.reading.voice import (
    read_voice_rules,
    sentence_voices,
    voice_rules_from_table,
)

RULES = read_voice_rules()


def _page(*paragraphs: list[str] | str, doc_id: str = "d1") -> pd.DataFrame:
    rows, sent_id = [], 0
    for para_id, paragraph in enumerate(paragraphs):
        for text in [paragraph] if isinstance(paragraph, str) else paragraph:
            rows.append({"doc_id": doc_id, "para_id": para_id, "sent_id": sent_id, "text": text})
            sent_id += 1
    return pd.DataFrame(rows)


def _voices(*paragraphs: list[str] | str) -> list[tuple[str, str]]:
    table = sentence_voices(_page(*paragraphs), RULES)
    return list(zip(table["voice"], table["speaker"], strict=True))


@pytest.mark.parametrize(
    ("text", "voice", "speaker"),
    [
        ("The meeting took place in Riga on Monday.", "own", ""),
        ("Interior Minister Anna Berg urged the States to act against smugglers.", "reported",
         "Interior Minister Anna Berg"),
        ('"We must act now against the smugglers and protect every single victim," said '
         "Ambassador Karl Holm, Head of Mission in Oslo.", "quoted",
         "Ambassador Karl Holm, Head of Mission in Oslo"),
        ('Minister Jan Dore said the plan rests on "a clear principle" of care.', "reported",
         "Minister Jan Dore"),  # a short quotation inside reported speech
        ("Delegates meeting in Tallinn called for more co-operation.", "reported", ""),  # a place
        ("«Tout le monde»", "quoted", ""),
        ("“All of it.”", "quoted", ""),
        ("Ambassador Karl Holm read out a statement on behalf of Foreign Minister Anna Berg.",
         "reported", "Foreign Minister Anna Berg"),
        ("Special Representative of the Regional Assembly on migration issues Karl Holm was "
         'quoted as saying: "We act."', "quoted",
         "Special Representative of the Regional Assembly on migration issues Karl Holm"),
        ('"Act now," said Mr. J. Holm, a border adviser.', "quoted", "Mr. J. Holm"),
        ("The rules changed, said Ambassador Karl Holm. Then", "reported", "Ambassador Karl Holm"),
    ],
)  # fmt: skip
def test_one_sentence_voice_and_speaker(text: str, voice: str, speaker: str) -> None:
    assert _voices(text) == [(voice, speaker)]


def test_pronoun_and_short_form_refer_to_the_last_person_named() -> None:
    voices = _voices(
        "Director Lena Fox of the Regional Office spoke first.",
        "She added that victims need shelter.",
        "Later Ms Fox said the plan was late.",
        "The Director said more work was needed.",
    )
    person = "Director Lena Fox of the Regional Office"
    assert voices == [("own", ""), ("reported", person), ("reported", person), ("reported", person)]


def test_a_quotation_over_several_sentences_keeps_its_speaker() -> None:
    voices = _voices(
        ['Deputy Minister Paul Ray said: "The routes are the same.', "Nobody is safe."],
        "Experts met again in May.",
    )
    # The quotation opens right after "said:", so the sentence is the quotation of its
    # speaker, however long the attribution before it.
    assert [v for v, _ in voices] == ["quoted", "quoted", "own"]
    assert voices[1][1] == "Deputy Minister Paul Ray"


def test_a_quotation_does_not_run_into_the_next_paragraph() -> None:
    voices = _voices('"An open quotation that the page never closes.', "The next paragraph.")
    assert [v for v, _ in voices] == ["quoted", "own"]


def test_a_quoted_title_is_not_speech() -> None:
    text = 'The seminar "Moving Forward Against Organised Crime in Northern Regions" opened.'
    # The title is not counted as quoted, and no quotation stays open after it.
    assert _voices([text, "Delegates met."]) == [("own", ""), ("own", "")]


def test_an_office_is_not_a_person() -> None:
    voices = _voices(
        "Ambassador Eva Lind opened the event.",
        "The Office of the Special Representative has worked on this for years.",
        "She said that the work goes on.",
    )
    assert voices[2] == ("reported", "Ambassador Eva Lind")


def test_a_curly_quotation_left_open_runs_to_the_end_of_its_paragraph() -> None:
    voices = _voices(["He said: “Half of this", "and the rest."], "Next paragraph.")
    assert [v for v, _ in voices] == ["quoted", "quoted", "own"]


def test_bad_rules_are_named() -> None:
    table = RULES.table.copy()
    with pytest.raises(ValueError, match="unknown kind"):
        voice_rules_from_table(
            pd.concat([table, pd.DataFrame([["verb", "x", "y"]], columns=table.columns)])
        )
    with pytest.raises(ValueError, match="rationale"):
        voice_rules_from_table(
            pd.DataFrame({"kind": ["speech"], "cue": ["said"], "rationale": [""]})
        )
    with pytest.raises(ValueError, match="quote cue"):
        voice_rules_from_table(pd.DataFrame({"kind": ["quote"], "cue": ["<<"], "rationale": ["r"]}))


def test_missing_column_is_named() -> None:
    with pytest.raises(ValueError, match="'text'"):
        sentence_voices(pd.DataFrame({"doc_id": ["a"], "sent_id": [0]}), RULES)


def test_a_quotation_beside_said_x_is_quoted_however_long_the_attribution() -> None:
    voices = _voices(
        '"Act now," said Ambassador Karl Holm, Head of the OSCE Mission to the Republic of '
        "Northland and Chair of the Regional Working Group on Migration and Borders."
    )
    assert voices[0][0] == "quoted"
    assert voices[0][1].startswith("Ambassador Karl Holm")
    # a short quotation inside reported speech, away from the verb, stays reported
    assert _voices('She said the plan was "a start" for the region.')[0][0] == "reported"


def test_a_report_or_survey_cited_as_source_is_the_speaker() -> None:
    voices = _voices(
        "According to the 2016 regional report, most smuggled migrants pay in cash.",
        "The survey reported that victims rarely go to the police.",
    )
    assert voices == [
        ("reported", "the 2016 regional report"),
        ("reported", "The survey"),
    ]


def test_the_same_person_in_the_title_and_the_body_is_one_speaker() -> None:
    voices = _voices(
        "OSCE Special Representative warns of smugglers",
        "The OSCE Special Representative for Combating Trafficking, Maria Lind, warned that "
        "smugglers exploit the crisis.",
    )
    full = "OSCE Special Representative for Combating Trafficking, Maria Lind"
    assert voices == [("reported", full), ("reported", full)]
    # an organisation is not the person who works for it
    voices = _voices("OSCE says borders matter", "OSCE Director Ann Lee said borders matter.")
    assert voices[0][1] == "OSCE"


def test_a_cited_document_that_states_a_finding_is_the_speaker() -> None:
    texts = [
        "The results of the Flow Survey of May 2016 show that most migrants paid smugglers.",
        "OSCE experience shows the importance of national referral mechanisms.",
        "LONDON, 3 May 2016 - A study by the agency found that victims are rarely identified.",
        "The conference found ways to help victims.",
    ]
    table = pd.DataFrame({"doc_id": "d", "sent_id": range(len(texts)), "text": texts})
    voices = sentence_voices(table)
    assert voices["voice"].tolist() == ["reported", "own", "reported", "own"]
    assert voices["speaker"].tolist() == [
        "The results of the Flow Survey of May 2016", "", "A study by the agency", ""]  # fmt: skip
    assert voices["voice_cue"].tolist() == ["show", "", "found", ""]
