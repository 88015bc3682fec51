"""Tests for helpers.figures.framing: tables and figures of notebook 02, on hand-made tables."""

from __future__ import annotations

import importlib

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from matplotlib.figure import Figure

from helpers.analysis import framing_report as fr
from helpers.figures import framing as ff
from helpers.reading.framing import FRAMES, frame_counts


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def make_framed() -> pd.DataFrame:
    """Six framed sentences: two documents in 2010, one in 2012 (no 2011)."""
    rows = [
        ("b", 2010, 1, "Trafficking and smuggling differ.", "distinction", "differ; Trafficking"),
        ("b", 2010, 2, "Traffickers lured them.", "trafficking", "Traffickers"),
        ("a", 2010, 0, "Smugglers and traffickers overlap.", "nexus", "overlap; Smugglers"),
        ("a", 2010, 3, "Smugglers charged a fee.", "smuggling", "Smugglers"),
        ("c", 2012, 0, "Migration-related crime rose.", "umbrella", "Migration-related crime"),
        ("c", 2012, 4, "Smugglers were arrested.", "smuggling", "Smugglers"),
    ]
    table = pd.DataFrame(rows, columns=["doc_id", "year", "sent_id", "sentence", "frame", "cues"])
    table.insert(3, "para_id", 1)
    table["security_cues"] = ""
    return table.astype({"year": "Int64"})


def texts(fig: Figure) -> list[str]:
    """Every text drawn on the figure's axes (texts and annotations)."""
    return [t.get_text() for ax in fig.get_axes() for t in ax.texts]


# --------------------------------------------------------------------------- cue listing


def test_cue_listing_groups_by_list_with_rationales() -> None:
    table = pd.DataFrame(
        [
            ("nexus", "nexus", "phrase", "The nexus."),
            ("trafficking", "human trafficking", "phrase", "Usual name."),
            ("name_link", "of", "phrase", "Link word."),
            ("name_link", "for", "phrase", "Link word."),
            ("zzz_custom", "x", "regex", "Made up."),
        ],
        columns=["list", "cue", "match", "rationale"],
    )
    text = fr.cue_listing(table)
    blocks = text.split("\n\n")
    assert [b.split("]")[0] for b in blocks] == [
        "[trafficking",
        "[name_link",
        "[nexus",
        "[zzz_custom",
    ]
    assert blocks[0].startswith("[trafficking] 1 cue: mentions of trafficking in persons")
    assert "  human trafficking  (phrase)\n      Usual name." in blocks[0]
    assert "[name_link] 2 cues" in blocks[1]
    assert "  of, for  (phrase)\n      Link word." in blocks[1]  # same rationale: one line
    assert blocks[3] == "[zzz_custom] 1 cue\n  x  (regex)\n      Made up."


def test_cue_listing_never_wraps_a_cue() -> None:
    long_cue = "(" + "|".join(f"word{i} more" for i in range(40)) + ")"
    columns = ["list", "cue", "match", "rationale"]
    table = pd.DataFrame([("umbrella", long_cue, "regex", "A long one.")], columns=columns)
    assert f"  {long_cue}  (regex)" in fr.cue_listing(table, width=60).splitlines()


# --------------------------------------------------------------------------- validation


def make_predictions() -> pd.DataFrame:
    rows = [
        ("seed:a:0", "yes", True),
        ("seed:a:1", "yes", False),
        ("written", "yes", True),
        ("written", "no", True),
        ("written", "no", False),
    ]
    return pd.DataFrame(rows, columns=["source", "shaped_cues", "correct"])


def test_validation_subsets() -> None:
    subsets = fr.validation_subsets(make_predictions())
    assert list(subsets) == ["all", "seed", "written", "shaped the cues", "held out"]
    sizes = {name: len(rows) for name, rows in subsets.items()}
    assert sizes == {"all": 5, "seed": 2, "written": 3, "shaped the cues": 3, "held out": 2}
    assert subsets["held out"].index.tolist() == [3, 4]


def test_agreement_summary_counts_by_hand() -> None:
    summary = fr.agreement_summary(make_predictions())
    assert list(summary.columns) == fr.SUMMARY_COLUMNS
    assert summary["n"].tolist() == [5, 2, 3, 3, 2]
    assert summary["n_correct"].tolist() == [3, 1, 2, 2, 1]
    assert summary["correct_of_n"].tolist() == ["3 / 5", "1 / 2", "2 / 3", "2 / 3", "1 / 2"]
    assert summary["accuracy"].tolist() == pytest.approx([0.6, 0.5, 2 / 3, 2 / 3, 0.5])


def test_agreement_summary_empty_subset_is_nan() -> None:
    summary = fr.agreement_summary(make_predictions().iloc[:2])
    held_out = summary.set_index("rows").loc["held out"]
    assert held_out["n"] == 0 and np.isnan(held_out["accuracy"])


# --------------------------------------------------------------------------- tables


def test_sentences_table_has_exactly_six_columns() -> None:
    framed = make_framed()
    before = framed.copy()
    table = fr.sentences_table(framed)
    assert list(table.columns) == ["doc_id", "year", "sent_id", "sentence", "frame", "cues"]
    assert table["sentence"].tolist() == framed["sentence"].tolist()
    pd.testing.assert_frame_equal(framed, before)


def test_compare_frames_lists_changed_sentences_only() -> None:
    before = make_framed()
    after = before.copy()
    after.loc[1, "frame"] = "paired"  # b 2010 sentence 2 changes
    after = after.drop(index=4)  # c 2012 sentence 0 loses its frame
    gained = before.iloc[[0]].assign(doc_id="d", sent_id=9, frame="nexus")
    after = pd.concat([after, gained], ignore_index=True)  # d gains a frame
    changes = fr.compare_frames(before, after)
    assert list(changes.columns) == fr.CHANGE_COLUMNS
    assert changes[["doc_id", "sent_id", "before", "after"]].values.tolist() == [
        ["b", 2, "trafficking", "paired"],
        ["d", 9, "none", "nexus"],
        ["c", 0, "umbrella", "none"],
    ]
    assert changes["year"].tolist() == [2010, 2010, 2012]
    assert fr.compare_frames(before, before).empty


def test_frame_count_table_shows_counts_and_shares() -> None:
    counts = frame_counts(make_framed(), years=[2010, 2011, 2012])
    table = fr.frame_count_table(counts)
    assert list(table.columns) == [*FRAMES, "total"]
    assert table.loc[2010, "distinction"] == "1 (25%)"
    assert table.loc[2010, "umbrella"] == "0"
    assert table.loc[2011, "nexus"] == "–"  # a year without framed sentences
    assert table.loc[2012, "smuggling"] == "1 (50%)"
    assert table["total"].tolist() == [4, 0, 2]


def make_boot() -> pd.DataFrame:
    rows = []
    for year, n_year, ns in ((2010, 4, [1, 1, 0, 0, 1, 1, 0]), (2012, 2, [0, 0, 1, 0, 0, 1, 0])):
        for frame, n in zip(FRAMES, ns, strict=True):
            share = n / n_year
            rows.append((year, frame, n, n_year, share, max(share - 0.25, 0), min(share + 0.25, 1)))
    return pd.DataFrame(
        rows, columns=["year", "frame", "n", "n_year", "share", "ci_low", "ci_high"]
    )


def test_interval_table_formats_count_share_and_interval() -> None:
    table = fr.interval_table(make_boot())
    assert table.index.tolist() == [2010, 2012]
    assert list(table.columns) == [*FRAMES, "n_year"]
    assert table.loc[2010, "distinction"] == "1/4 25% [0–50]"
    assert table.loc[2012, "umbrella"] == "1/2 50% [25–75]"
    assert table.loc[2012, "nexus"] == "0/2 0% [0–25]"
    assert table["n_year"].tolist() == [4, 2]


# --------------------------------------------------------------------------- findings


def test_evidence_by_year() -> None:
    counts = frame_counts(make_framed(), years=[2010, 2011, 2012])
    table = fr.evidence_by_year(counts, {2010: 2, 2012: 1})
    assert list(table.columns) == fr.EVIDENCE_COLUMNS
    assert table[["year", "documents", "framed"]].values.tolist() == [
        [2010, 2, 4], [2011, 0, 0], [2012, 1, 2]]  # fmt: skip
    assert table["one_sentence_moves"].tolist()[::2] == [0.25, 0.5]
    assert table["unseen_up_to"].tolist()[::2] == [0.75, 1.0]  # 3/2 capped at 1
    assert table.loc[1, ["one_sentence_moves", "unseen_up_to"]].isna().all()


# --------------------------------------------------------------------------- figures


def test_plot_frames_by_year_counts_on_bars_and_years_from_data() -> None:
    counts = frame_counts(make_framed(), years=[2010, 2011, 2012])
    fig, data = ff.plot_frames_by_year(counts, n_documents={2010: 2, 2012: 1})
    assert isinstance(fig, Figure)
    ax = fig.get_axes()[0]
    assert ax.get_title()
    assert ax.get_xlabel() and ax.get_ylabel()
    assert list(data.columns) == ["year", "frame", "n", "total"]
    assert len(data) == 3 * len(FRAMES)  # zeros kept
    assert data.loc[(data["year"] == 2010) & (data["frame"] == "nexus"), "n"].item() == 1
    labels = [t.get_text() for t in ax.get_xticklabels()]
    assert labels == ["2010\n2 docs", "2011\n0 docs", "2012\n1 doc"]
    drawn = texts(fig)
    assert drawn.count("1") == 6  # one label per non-empty segment
    assert {"n = 4", "n = 0", "n = 2"} <= set(drawn)


def test_plot_frame_shares_ci_one_panel_per_frame_with_counts() -> None:
    fig, data = ff.plot_frame_shares_ci(make_boot(), n_boot=500)
    axes = fig.get_axes()
    assert [ax.get_title(loc="left") for ax in axes] == list(FRAMES)
    assert "95%" in fig._suptitle.get_text() and "500 resamples" in fig._suptitle.get_text()
    assert data["frame"].tolist()[:2] == ["distinction", "distinction"]
    assert data["year"].tolist()[:2] == [2010, 2012]
    assert "1/4" in texts(fig) and "0/2" in texts(fig)
    labels = [t.get_text() for t in axes[-1].get_xticklabels()]
    assert labels == ["2010\nn = 4", "2012\nn = 2"]


def test_plot_frames_by_document_heat_map_and_six_column_data() -> None:
    framed = make_framed()
    fig, data = ff.plot_frames_by_document(framed)
    pd.testing.assert_frame_equal(data, fr.sentences_table(framed))
    ax = fig.get_axes()[0]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["a (2010)", "b (2010)", "c (2012)"]
    assert "6 sentences" in ax.get_title()
    assert len(ax.texts) == 3 * len(FRAMES)
    assert sum(int(t) for t in texts(fig)) == 6


def test_plot_frames_by_document_keeps_documents_without_frames() -> None:
    documents = pd.DataFrame({"doc_id": ["a", "b", "c", "z"], "year": [2010, 2010, 2012, 2011]})
    fig, data = ff.plot_frames_by_document(make_framed(), documents)
    labels = [t.get_text() for t in fig.get_axes()[0].get_yticklabels()]
    assert labels == ["a (2010)", "b (2010)", "z (2011)", "c (2012)"]
    assert len(data) == 6  # the data are the framed sentences only


def test_plot_frames_by_document_draws_the_busiest_documents_of_a_large_corpus() -> None:
    documents = pd.DataFrame({"doc_id": ["a", "b", "c", "z"], "year": [2010, 2010, 2012, 2011]})
    fig, data = ff.plot_frames_by_document(make_framed(), documents, max_documents=2)
    ax = fig.get_axes()[0]
    # a and b have two framed sentences each, c two as well: ties keep year then doc_id order
    assert [t.get_text() for t in ax.get_yticklabels()] == ["a (2010)", "b (2010)"]
    assert "the 2 documents with the most, of 4" in ax.get_title()
    assert len(data) == 6  # the data behind the figure keep every framed sentence


def test_import_changes_no_setting() -> None:
    before = dict(mpl.rcParams)
    importlib.reload(ff)
    assert dict(mpl.rcParams) == before
