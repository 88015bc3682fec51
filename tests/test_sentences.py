"""Sentence splitting: quotation marks, abbreviations, initials and datelines."""

import pytest

from helpers.corpus.sentences import read_abbreviations, split_sentences


@pytest.mark.parametrize(
    ("paragraph", "expected"),
    [
        ("One. Two? Three!", ["One.", "Two?", "Three!"]),
        (
            "VIENNA, 8 April 2003 - The High Commissioner spoke. He left.",
            ["VIENNA, 8 April 2003 - The High Commissioner spoke.", "He left."],
        ),
        (
            "KYIV, 10 June 2013 – Ways to act are discussed. BRUSSELS — no split here.",
            ["KYIV, 10 June 2013 – Ways to act are discussed.", "BRUSSELS — no split here."],
        ),
        (
            'He hoped for "a fundamental protection rationale." "From our view, it is crucial."',
            [
                'He hoped for "a fundamental protection rationale."',
                '"From our view, it is crucial."',
            ],
        ),
        (
            "“Mixed flows need care,” she said. “No clear line exists.” Then she left.",
            ["“Mixed flows need care,” she said.", "“No clear line exists.”", "Then she left."],
        ),
        (
            "Mr. Lubbers and Dr. Jones met Amb. Venczel. They spoke.",
            ["Mr. Lubbers and Dr. Jones met Amb. Venczel.", "They spoke."],
        ),
        (
            "J. R. Smith met the U.S. delegation. See Art. 5 now.",
            ["J. R. Smith met the U.S. delegation.", "See Art. 5 now."],
        ),
        ("It grew by 2.7 per cent. Prices rose.", ["It grew by 2.7 per cent.", "Prices rose."]),
        ('a crime against the State. "', ['a crime against the State."']),
        ("Talks, e.g. on borders, began. Next.", ["Talks, e.g. on borders, began.", "Next."]),
        ("It was said in Jan. 2004 already. Yes.", ["It was said in Jan. 2004 already.", "Yes."]),
        ("   ", []),
    ],
)
def test_split_sentences(paragraph: str, expected: list[str]) -> None:
    assert split_sentences(paragraph) == expected


def test_abbreviation_needing_a_number_splits_otherwise() -> None:
    assert split_sentences("He said no. No one came.") == ["He said no.", "No one came."]
    assert split_sentences("See No. 5 below.") == ["See No. 5 below."]


def test_abbreviations_file_is_editable(tmp_path) -> None:
    custom = tmp_path / "abbr.txt"
    custom.write_text("# comment\nsec\nfig+\n", encoding="utf-8")
    abbreviations = read_abbreviations(custom)
    assert abbreviations.always == {"sec"}
    assert abbreviations.before_number == {"fig"}
    assert split_sentences("Ask the Sec. General. Done.", abbreviations) == [
        "Ask the Sec. General.",
        "Done.",
    ]
    assert split_sentences("Ask Mr. Brown.", abbreviations) == ["Ask Mr.", "Brown."]
