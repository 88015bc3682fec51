"""Tests for the repeated paragraphs of helpers.analysis.overview on a made-up line table."""

from __future__ import annotations

import pandas as pd
import pytest

from helpers.analysis.overview import repeat_sentences, repeat_summary

DOCS = pd.DataFrame(
    {"doc_id": ["a", "b"], "file": ["a.txt", "b.txt"], "year": [2010, 2011],
     "place": ["Riga", "Oslo"], "date": ["2010-01-01", "2011-01-01"], "n_paragraphs": [3, 1]}
)  # fmt: skip


def _lines(rows: list[tuple[str, str, str]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["doc_id", "text", "role"])


def test_lead_once_others_twice() -> None:
    lines = _lines(
        [("a", "RIGA, 1 Jan - Lead paragraph.", "body"), ("a", "Second one.", "body"),
         ("a", "Third one.", "body"), ("a", "Second  one.", "repeat"),
         ("a", "third one.", "repeat"),
         ("b", "Only paragraph.", "body")]
    )  # fmt: skip
    summary = repeat_summary(lines, DOCS)
    assert summary[["document", "paragraphs", "twice", "once"]].values.tolist() == [
        ["2010 Riga", 3, 2, 1]
    ]
    (sentence,) = repeat_sentences(summary)
    assert sentence == (
        "2010 Riga (a.txt): 2 of its 3 article paragraphs appear twice in the saved file, "
        "1 only once: 'RIGA, 1 Jan - Lead paragraph.'."
    )


def test_whole_body_twice() -> None:
    lines = _lines([("b", "Only paragraph.", "body"), ("b", "Only paragraph.", "repeat")])
    assert repeat_sentences(repeat_summary(lines, DOCS)) == [
        "2011 Oslo (b.txt): every one of its 1 article paragraphs appears twice."
    ]


def test_missing_column_is_named() -> None:
    with pytest.raises(ValueError, match="'role'"):
        repeat_summary(pd.DataFrame({"doc_id": [], "text": []}), DOCS)
