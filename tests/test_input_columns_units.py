# ruff: noqa: E501  (module paths grew with the subpackages; this file shrinks with the checks)
"""The table functions of ``helpers.reading.units`` name a missing column."""

from __future__ import annotations

import pandas as pd
import pytest

from helpers.reading import units
from helpers.rules.cues import read_cues

MODULES = ("reading.units",)


class _Corpus:
    def __init__(self, sentences: pd.DataFrame, documents: pd.DataFrame) -> None:
        self.sentences, self.documents = sentences, documents


@pytest.fixture(scope="module")
def tables() -> dict:
    sentences = pd.DataFrame(
        {"doc_id": ["a", "a"], "sent_id": [0, 1], "part": ["title", "body"],
         "text": ["Smugglers caught", "Unlike smuggling, trafficking involves coercion."]}
    )  # fmt: skip
    documents = pd.DataFrame(
        {"doc_id": ["a"], "year": [2010], "place": ["Riga"], "date": pd.to_datetime(["2010-01-02"])}
    )
    table = units.build_units(_Corpus(sentences, documents), read_cues())
    return {"sentences": sentences, "documents": documents, "units": table}


@pytest.mark.parametrize("column", ["doc_id", "sent_id", "text"])
def test_build_units_names_a_missing_sentence_column(tables: dict, column: str) -> None:
    corpus = _Corpus(tables["sentences"].drop(columns=column), tables["documents"])
    with pytest.raises(ValueError, match=f"build_units.*'{column}'"):
        units.build_units(corpus, read_cues())


@pytest.mark.parametrize("column", ["doc_id", "year", "place", "date"])
def test_build_units_names_a_missing_document_column(tables: dict, column: str) -> None:
    corpus = _Corpus(tables["sentences"], tables["documents"].drop(columns=column))
    with pytest.raises(ValueError, match=f"build_units.*'{column}'"):
        units.build_units(corpus, read_cues())


@pytest.mark.parametrize(
    ("function", "column"),
    [
        (lambda t: units.theme_flags(t, ["trafficking"]), "themes"),
        (units.unit_flags, "crime"),
        (units.unit_flags, "senses"),
        (units.whole_sentences, "unit_id"),
        (units.whole_sentences, "speaker"),
    ],
)
def test_the_views_name_a_missing_column(tables: dict, function, column: str) -> None:
    with pytest.raises(ValueError, match=f"'{column}'"):
        function(tables["units"].drop(columns=column))


def test_framed_sentences_names_a_missing_column(tables: dict) -> None:
    with pytest.raises(ValueError, match="framed_sentences.*'frame'"):
        units.framed_sentences(tables["units"].drop(columns="frame"), tables["sentences"])
    with pytest.raises(ValueError, match="framed_sentences.*'text'"):
        units.framed_sentences(tables["units"], tables["sentences"].drop(columns="text"))


def test_units_for_themes_names_a_missing_column(tables: dict) -> None:
    sentences = tables["sentences"].assign(para_id=[0, 1])
    with pytest.raises(ValueError, match="units_for_themes.*'themes'"):
        units.units_for_themes(tables["units"].drop(columns="themes"), sentences)
    with pytest.raises(ValueError, match="units_for_themes.*'para_id'"):
        units.units_for_themes(tables["units"], tables["sentences"])


def test_counted_units_and_people_table_name_a_missing_column(tables: dict) -> None:
    with pytest.raises(ValueError, match="counted_units.*'people'"):
        units.counted_units(tables["units"].drop(columns="people"))
    with pytest.raises(ValueError, match="counted_units.*'part'"):
        units.counted_documents(tables["units"].drop(columns="part"))
    with pytest.raises(ValueError, match="people_table.*'speaker'"):
        units.people_table(tables["units"].drop(columns="speaker"))
