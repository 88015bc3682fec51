"""Tests for helpers.analysis.overview, on small hand-made tables whose counts are worked out
by hand."""

from __future__ import annotations

import importlib

import matplotlib as mpl
import matplotlib.pyplot as plt
import pandas as pd
import pytest
from matplotlib.figure import Figure

from helpers.analysis import overview
from helpers.base.paths import SEEDS_DIR
from helpers.corpus.load import load_corpus
from helpers.figures import overview as overview_figures


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def make_documents() -> pd.DataFrame:
    """Three documents, deliberately not in date order.

    a: 2010-03-05, press release, 40 of 100 raw words kept (0.4), 1 repeated paragraph
    b: 2005-01-02, event, 30 of 30 kept (1.0)
    c: 2010-01-01, press release, 10 of 30 kept (0.333), and no line in the lines table
    """
    return pd.DataFrame(
        {
            "doc_id": ["a", "b", "c"],
            "date": pd.to_datetime(["2010-03-05", "2005-01-02", "2010-01-01"]),
            "year": [2010, 2005, 2010],
            "place": ["Vienna", "Kyiv", "Tashkent"],
            "doc_type": ["press release", "event", "press release"],
            "title": ["Title A", "Title B", "Title C"],
            "text": [
                "Officials from Austria met in Vienna.\n\nA second paragraph.",
                "Policing\n\nThe seminar discussed policing.",
                "Short text.",
            ],
            "n_words": [40, 30, 10],
            "n_sentences": [3, 2, 1],
            "raw_words": [100, 30, 30],
            "repeats_dropped": [1, 0, 0],
            "extra": ["x", "y", "z"],
        }
    )


def make_lines() -> pd.DataFrame:
    """a: 10 lines (3 navigation, 2 metadata, 2 body, 2 repeat, 1 blank); b: 4 lines
    (1 navigation, 1 chrome, 2 body); c: none."""
    rows = [
        ("a", "- Austria", "navigation"),
        ("a", "- Albania", "navigation"),
        ("a", "-", "navigation"),
        ("a", "Date:", "metadata"),
        ("a", "- 5 March 2010", "metadata"),
        ("a", "", "blank"),
        ("a", "Officials from Austria met in Vienna.", "body"),
        ("a", "A second paragraph.", "body"),
        ("a", "Officials from Austria met", "repeat"),
        ("a", "in Vienna.", "repeat"),
        ("b", "Skip to main content", "chrome"),
        ("b", "- Policing", "navigation"),
        ("b", "Policing", "body"),
        ("b", "The seminar discussed policing.", "body"),
    ]
    table = pd.DataFrame(rows, columns=["doc_id", "text", "role"])
    table.insert(1, "line_no", table.groupby("doc_id").cumcount() + 1)
    return table


# --- corpus_overview -------------------------------------------------------


def test_corpus_overview_one_row_per_document_oldest_first() -> None:
    docs = make_documents()
    before = docs.copy()
    table = overview.corpus_overview(docs)
    assert list(table.columns) == [
        "doc_id", "date", "year", "place", "doc_type", "title", "n_words", "n_sentences",
    ]  # fmt: skip
    assert table["doc_id"].tolist() == ["b", "c", "a"]
    assert table["date"].tolist() == ["2005-01-02", "2010-01-01", "2010-03-05"]
    assert table["year"].tolist() == [2005, 2010, 2010]
    assert table["n_words"].tolist() == [30, 10, 40]
    assert table.index.tolist() == [0, 1, 2]
    pd.testing.assert_frame_equal(docs, before)  # the input is not changed


def test_corpus_overview_accepts_text_dates_and_no_documents() -> None:
    docs = make_documents().assign(date=["2010-03-05", "2005-01-02", "2010-01-01"])
    assert overview.corpus_overview(docs)["date"].tolist() == [
        "2005-01-02", "2010-01-01", "2010-03-05"]  # fmt: skip
    empty = overview.corpus_overview(make_documents().iloc[0:0])
    assert empty.empty and list(empty.columns) == overview.OVERVIEW_COLUMNS


# --- cleaning_summary ------------------------------------------------------


def test_cleaning_summary_counts_by_hand() -> None:
    table = overview.cleaning_summary(make_documents(), make_lines())
    assert list(table.columns) == overview.CLEANING_COLUMNS
    rows = {row["doc_id"]: row for row in table.to_dict("records")}
    assert table["doc_id"].tolist() == ["b", "c", "a"]
    assert rows["a"] == {
        "doc_id": "a", "raw_words": 100, "n_words": 40, "share_kept": 0.4, "nav_lines": 3,
        "metadata_lines": 2, "repeats_dropped": 1, "repeat_lines": 2, "chrome_lines": 0,
    }  # fmt: skip
    assert rows["b"] == {
        "doc_id": "b", "raw_words": 30, "n_words": 30, "share_kept": 1.0, "nav_lines": 1,
        "metadata_lines": 0, "repeats_dropped": 0, "repeat_lines": 0, "chrome_lines": 1,
    }  # fmt: skip
    # c has no lines at all: every line count is 0; 10 / 30 rounds to 0.333
    assert rows["c"]["share_kept"] == 0.333
    assert [rows["c"][k] for k in ("nav_lines", "metadata_lines", "repeat_lines")] == [0, 0, 0]


def test_cleaning_summary_with_no_lines_and_no_raw_words() -> None:
    docs = make_documents().assign(raw_words=[100, 0, 30])
    lines = make_lines().iloc[0:0]
    table = overview.cleaning_summary(docs, lines).set_index("doc_id")
    assert pd.isna(table.loc["b", "share_kept"])  # no raw words: no share, not a division error
    assert table["nav_lines"].tolist() == [0, 0, 0]


# --- lines_by_role ---------------------------------------------------------


def test_lines_by_role_crosstab_with_totals() -> None:
    table = overview.lines_by_role(make_lines())
    assert table.index.tolist() == ["a", "b", "total"]
    assert table.columns.tolist() == list(overview.ROLES) + ["total"]
    assert table.loc["a"].to_dict() == {
        "body": 2, "title": 0, "label": 0, "header": 0, "metadata": 2, "navigation": 3,
        "repeat": 2, "chrome": 0, "blank": 1, "total": 10,
    }  # fmt: skip
    assert table.loc["b", ["body", "navigation", "chrome", "total"]].tolist() == [2, 1, 1, 4]
    assert table.loc["total", ["body", "navigation", "repeat", "total"]].tolist() == [4, 4, 2, 14]
    assert table.loc["total", "total"] == len(make_lines())


def test_lines_by_role_order_and_unknown_roles() -> None:
    lines = pd.concat(
        [make_lines(), pd.DataFrame([{"doc_id": "b", "line_no": 5, "text": "?", "role": "odd"}])]
    )
    table = overview.lines_by_role(lines, doc_order=["c", "b"])
    # c has no lines (a row of zeros); a is not in doc_order, so it comes after
    assert table.index.tolist() == ["c", "b", "a", "total"]
    assert table.loc["c"].sum() == 0
    assert table.columns.tolist()[-2:] == ["odd", "total"]
    assert table.loc["b", "total"] == 5


# --- navigation_in_text ----------------------------------------------------


def test_navigation_in_text() -> None:
    table = overview.navigation_in_text(make_documents(), make_lines())
    assert list(table.columns) == overview.NAVIGATION_COLUMNS
    assert table["item"].tolist() == ["Austria", "Albania", "", "Policing"]
    # "Austria" is named in a sentence of a (expected); "Policing" is a paragraph of b (a leak)
    assert table["inside_text"].tolist() == [True, False, False, True]
    assert table["whole_paragraph"].tolist() == [False, False, False, True]


def test_navigation_in_text_in_any_order_of_lines() -> None:
    """Lines of different documents may alternate: each is checked against its own text."""
    lines = make_lines()
    order = [0, 11, 1, 2]  # the menu lines: a, b, a, a
    mixed = overview.navigation_in_text(make_documents(), lines.iloc[order])
    grouped = overview.navigation_in_text(make_documents(), lines)
    pd.testing.assert_frame_equal(mixed, grouped.iloc[[0, 3, 1, 2]].reset_index(drop=True))


def test_navigation_in_text_without_menus_keeps_the_columns() -> None:
    lines = make_lines()
    table = overview.navigation_in_text(make_documents(), lines[lines["role"] != "navigation"])
    assert table.empty and list(table.columns) == overview.NAVIGATION_COLUMNS
    assert table["whole_paragraph"].dtype == bool and table["inside_text"].dtype == bool


# --- documents_per_year ----------------------------------------------------


def test_documents_per_year_years_present() -> None:
    table = overview.documents_per_year(make_documents())
    assert list(table.columns) == ["year", "doc_type", "n_documents", "n_words"]
    assert table.values.tolist() == [
        [2005, "press release", 0, 0],
        [2005, "event", 1, 30],
        [2010, "press release", 2, 50],  # a (40 words) and c (10 words)
        [2010, "event", 0, 0],
    ]


def test_documents_per_year_given_years_keeps_gaps_and_every_document() -> None:
    table = overview.documents_per_year(make_documents(), years=range(2004, 2007))
    # 2004 and 2006 have no document; 2010 lies outside the range but is kept
    assert sorted(set(table["year"])) == [2004, 2005, 2006, 2010]
    assert len(table) == 4 * 2
    assert table.loc[table["year"] == 2004, "n_documents"].tolist() == [0, 0]
    assert table["n_documents"].sum() == 3
    assert table["n_words"].sum() == 80


def test_ordered_doc_types() -> None:
    values = ["speech", "event", "other", "press release", "agenda", "event"]
    expected = ["press release", "event", "other", "agenda", "speech"]
    assert overview.ordered_doc_types(values) == expected


# --- figures ---------------------------------------------------------------


def test_plot_timeline() -> None:
    fig, data = overview_figures.plot_timeline(make_documents())
    assert isinstance(fig, Figure)
    assert list(data.columns) == overview_figures.TIMELINE_COLUMNS
    assert data["doc_id"].tolist() == ["b", "c", "a"]
    assert data["date"].tolist() == ["2005-01-02", "2010-01-01", "2010-03-05"]
    # two doc types: press release on the top row (1), event below (0)
    assert data["row"].tolist() == [0, 1, 1]
    (ax,) = fig.get_axes()
    assert ax.get_title() == "The corpus: 3 documents, 2005–2010"
    assert ax.get_xlabel() and ax.get_ylabel()
    assert [t.get_text() for t in ax.get_yticklabels()] == ["event", "press release"]
    labels = [t.get_text() for t in ax.texts]
    assert labels == ["Kyiv\n30 words", "Tashkent\n10 words", "Vienna\n40 words"]


def test_plot_timeline_stops_labelling_a_large_corpus() -> None:
    fig, data = overview_figures.plot_timeline(make_documents(), labels_up_to=2)
    (ax,) = fig.get_axes()
    assert len(ax.texts) == 0  # labels on thousands of markers would hide them (and take minutes)
    assert ax.get_title() == (
        "The corpus: 3 documents, 2005–2010 (markers not labelled above 2 documents)"
    )
    assert len(data) == 3


def test_plot_timeline_without_documents() -> None:
    fig, data = overview_figures.plot_timeline(make_documents().iloc[0:0])
    assert data.empty
    assert fig.get_axes()[0].get_title() == "The corpus: no documents"


def test_plot_documents_per_year() -> None:
    fig, data = overview_figures.plot_documents_per_year(make_documents(), years=range(2005, 2011))
    expected = overview.documents_per_year(make_documents(), years=range(2005, 2011))
    pd.testing.assert_frame_equal(data, expected)
    (ax,) = fig.get_axes()
    assert len(ax.patches) == 6 * 2  # six years, two doc types
    assert [t.get_text() for t in ax.texts] == ["1", "0", "0", "0", "0", "2"]
    assert ax.get_title() and ax.get_xlabel() and ax.get_ylabel()


def test_import_changes_no_setting() -> None:
    before = dict(mpl.rcParams)
    importlib.reload(overview)
    assert dict(mpl.rcParams) == before


# --- on the seeds ----------------------------------------------------------


def test_seed_overview() -> None:
    corpus = load_corpus(SEEDS_DIR)
    table = overview.corpus_overview(corpus.documents)
    assert table["year"].tolist() == [2003, 2008, 2013, 2015, 2017]
    summary = overview.cleaning_summary(corpus.documents, corpus.lines)
    assert summary["repeats_dropped"].tolist() == [10, 0, 0, 0, 0]
    roles = overview.lines_by_role(corpus.lines)
    assert roles.loc["total", "total"] == len(corpus.lines)
    assert not overview.navigation_in_text(corpus.documents, corpus.lines)["whole_paragraph"].any()
    per_year = overview.documents_per_year(corpus.documents, range(2003, 2018))
    assert per_year["n_documents"].sum() == 5 and per_year["year"].nunique() == 15
