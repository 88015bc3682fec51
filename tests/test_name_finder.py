"""The one finder of names: each rule on small made-up sentences, and the speaker finder
and the masking of names agreeing about who a person is."""

from __future__ import annotations

import pandas as pd
import pytest

from helpers.reading import counted as masking
from helpers.reading import units
from helpers.rules import descriptions, name_finder, people
from helpers.rules.cues import read_cues
from helpers.rules.name_finder import NAME_MARK


@pytest.fixture(scope="module")
def cues():
    return read_cues()


def corpus_of(*pages: list[str]):
    """A made-up corpus: each page a list of sentences, the first its title."""
    rows = []
    for number, sentences in enumerate(pages):
        for sent_id, text in enumerate(sentences):
            part = "title" if sent_id == 0 else "body"
            rows.append((f"d{number}", sent_id, sent_id, part, text))

    class Corpus:
        sentences = pd.DataFrame(rows, columns=["doc_id", "sent_id", "para_id", "part", "text"])
        documents = pd.DataFrame(
            {
                "doc_id": [f"d{n}" for n in range(len(pages))],
                "year": [2010 + n for n in range(len(pages))],
                "place": ["Riga"] * len(pages),
                "date": pd.to_datetime([f"{2010 + n}-05-01" for n in range(len(pages))]),
            }
        )

    return Corpus


def rules_for(*texts: str):
    return name_finder.name_rules(list(texts))


# --- the run of a description, and the person in it ----------------------------------


def test_a_description_run_keeps_the_role_and_stops_at_lower_case_words() -> None:
    text = "in the end Ruth Pojman, Deputy Co-ordinator of the Office, said that"
    tokens = descriptions.word_tokens(text)
    said = next(i for i, t in enumerate(tokens) if t.group() == "said")
    run = descriptions.description_run(text, tokens, said - 1, -1, frozenset())
    assert run == "Ruth Pojman, Deputy Co-ordinator of the Office"
    after = descriptions.description_run(text, tokens, said + 1, 1, frozenset())
    assert after == ""  # "that": no capitalised word


@pytest.mark.parametrize(
    ("description", "person"),
    [
        ("United Nations High Commissioner for Refugees (UNHCR) Anna Berg", "Anna Berg"),
        ("Ambassador Jan Novak, OSCE Project Co-ordinator in Latvia", "Jan Novak"),
        ("Nadia Petrova, Deputy Director of the Office", "Nadia Petrova"),
        ("Special Representative of the Assembly on trafficking issues Karl Weiss", "Karl Weiss"),
        ("Mr Weiss", "Weiss"),
        ("OSCE official", ""),
        ("UNHCR", ""),
        ("the joint report on migrant smuggling from May 2016", ""),
        ("European Union", ""),
    ],
)
def test_the_person_in_a_speakers_description(description: str, person: str) -> None:
    rules = rules_for(description, "the report said that offices work")
    assert name_finder.person_of(description, rules) == person


# --- the speaker rules of the table, each on a made-up page ---------------------------


def test_a_speaker_keeps_the_name_with_the_role_as_the_page_gives_it(cues) -> None:
    table = units.build_units(
        corpus_of(["Meeting", "Ambassador Jan Novak, Head of Mission, urged States to act."]), cues
    )
    row = table.iloc[1]
    assert row["voice"] == "reported"
    assert row["speaker"] == "Ambassador Jan Novak, Head of Mission"
    assert "Jan Novak" in row["people"].split("; ")


def test_the_same_person_in_title_and_body_is_one_speaker(cues) -> None:
    table = units.build_units(
        corpus_of(
            [
                "Special Representative urges action",
                "The OSCE Special Representative, Nadia Petrova, urged States to act.",
            ]
        ),
        cues,
    )
    assert len(set(table["speaker"])) == 1  # the title's short form is the body's speaker
    assert "Nadia Petrova" in table.at[0, "speaker"]


def test_said_next_to_a_quotation_makes_it_quoted(cues) -> None:
    table = units.build_units(
        corpus_of(["Talk", '"Migrants are not criminals," said Nadia Petrova, Deputy Director.']),
        cues,
    )
    row = table.iloc[1]
    assert row["voice"] == "quoted"
    assert row["speaker"].startswith("Nadia Petrova")
    assert row["people"] == "Nadia Petrova"


def test_a_report_cited_as_the_source_is_a_speaker(cues) -> None:
    table = units.build_units(
        corpus_of(["Figures", "According to the 2016 report, smuggling rose sharply."]), cues
    )
    row = table.iloc[1]
    assert row["voice"] == "reported" and row["speaker"] == "the 2016 report"
    assert row["people"] == ""  # a report is a speaker, not a person


def test_words_read_out_on_someones_behalf_are_theirs(cues) -> None:
    table = units.build_units(
        corpus_of(
            [
                "Conference",
                "Minister of Interior Karl Weiss opened the conference.",
                "An aide read out a statement on behalf of Minister of Interior Karl Weiss.",
            ]
        ),
        cues,
    )
    assert "Karl Weiss" in table.at[2, "speaker"]
    assert "An aide" not in table.at[2, "speaker"]
    assert "Karl Weiss" in table.at[2, "people"]


# --- masking and speaking agree ---------------------------------------------------------


def test_every_mention_of_a_speaker_is_masked_and_only_people_by_default(cues) -> None:
    table = units.build_units(
        corpus_of(
            [
                "Office of the Special Representative meets partners",
                "Ambassador Jan Novak said the Office of the Special Representative will help.",
                "Then, Novak stressed that Latvia and Germany agree.",
            ]
        ),
        cues,
    )
    assert table.at[2, "people"] == "Novak"  # the lone surname, known from the speaker
    counted = masking.counted_units(table)
    assert all("Novak" not in text for text in counted["text"])
    assert counted["text"].str.contains("Latvia and Germany", regex=False).any()
    assert counted["text"].str.contains("Office of the Special", regex=False).any()
    masked = masking.counted_units(table, mask="names")
    assert not masked["text"].str.contains("Office of the Special", regex=False).any()
    assert (
        masked["text"]
        .str.count(
            NAME_MARK,
        )
        .sum()
        >= 3
    )


def test_find_people_reads_the_speakers_it_is_given() -> None:
    sentences = pd.DataFrame(
        {"doc_id": ["a", "a"], "text": ["Berg arrived late.", "The minister spoke."]}
    )
    assert people.find_people(sentences) == [[], []]  # a lone word: not a name
    found = people.find_people(sentences, ["", "Minister Anna Berg"])
    assert found == [[(0, 4)], []]  # the speaker's surname, where it stands
    with pytest.raises(ValueError, match="1 speakers for 2 sentences"):
        people.find_people(sentences, [""])
