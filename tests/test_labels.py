"""Tests for helpers.corpus.labels: readable, unique document labels."""

from __future__ import annotations

import pandas as pd
import pytest

from helpers.corpus.labels import document_labels, label_documents


def documents() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "doc_id": ["a", "b", "c", "d", "e"],
            "year": [2003, 2013, 2013, 2013, None],
            "place": ["Vienna", "Kyiv", "Kyiv", "Kyiv", ""],
            "date": pd.to_datetime(["2003-04-08", "2013-06-10", "2013-06-11", "2013-06-11", None]),
        }
    )


def test_labels_are_readable_and_unique() -> None:
    labels = document_labels(documents())
    assert labels["a"] == "2003 Vienna"
    assert labels["b"] == "2013 Kyiv, 10 June"
    assert {labels["c"], labels["d"]} == {"2013 Kyiv, 11 June (1)", "2013 Kyiv, 11 June (2)"}
    assert labels["e"] == "no year no place"
    assert labels.is_unique


def test_label_documents_replaces_doc_id_in_place() -> None:
    table = pd.DataFrame({"n": [1, 2], "doc_id": ["a", "b"]})
    out = label_documents(table, documents())
    assert list(out.columns) == ["n", "document"]
    assert list(out["document"]) == ["2003 Vienna", "2013 Kyiv, 10 June"]


def test_errors_name_the_problem() -> None:
    with pytest.raises(ValueError, match="'place'"):
        label_documents(pd.DataFrame({"doc_id": ["a"]}), documents().drop(columns="place"))
    with pytest.raises(ValueError, match="'zz'"):
        label_documents(pd.DataFrame({"doc_id": ["zz"]}), documents())
