"""Notebook 07's reading of a run of ``python -m helpers scale``: the figures of notebooks
01-04 from the reduced tables are their files byte for byte, the count-based functions
equal their one-table twins, and a folder that cannot be read says which file and why."""

from __future__ import annotations

import json
import shutil

import numpy as np
import pandas as pd
import pytest

from helpers.analysis.framing import (
    security_rights_counts,
    security_rights_findings,
    security_rights_tests,
)
from helpers.analysis.keyness import keyness_extremes
from helpers.analysis.overview import documents_per_year, documents_per_year_from_counts
from helpers.analysis.terms import distinct_pairs
from helpers.analysis.themes import presence_by_year, presence_from_counts
from helpers.base import paths
from helpers.base.style import read_captions, use_style
from helpers.cli import main
from helpers.figures.captions import FIGURE_CAPTIONS, figure_caption
from helpers.figures.terms import document_panel_titles
from helpers.scale import results as scale_results
from helpers.scale.run import run_scale


@pytest.fixture(scope="module")
def seed_run(tmp_path_factory):
    """The seed pages through the Dask path, two files to a partition (as notebook 07)."""
    out = tmp_path_factory.mktemp("results") / "out"
    run_scale(paths.SEEDS_DIR, out, partition_size=2, workers=1, processes=False,
              echo=lambda _: None)  # fmt: skip
    return out


@pytest.mark.slow
def test_seed_pages_through_dask_give_the_figures_of_notebooks_01_to_04(seed_run, tmp_path):
    use_style()
    results = scale_results.read_results(seed_run)
    assert results.summary["partitions"] >= 3  # the counts really were summed
    written = scale_results.save_results_figures(results, tmp_path)
    assert written == list(scale_results.RESULT_FIGURES)
    committed = paths.DEFAULT_FIGURES_DIR
    for name in written:
        for suffix in (".png", ".svg", ".pdf", ".csv"):
            ours, theirs = tmp_path / f"{name}{suffix}", committed / f"{name}{suffix}"
            assert ours.read_bytes() == theirs.read_bytes(), f"{name}{suffix} differs"
    captions = read_captions(committed)
    assert read_captions(tmp_path) == {name: captions[name] for name in written}


def _run_folder(tmp_path, summary: dict | None = None):
    folder = tmp_path / "run"
    (folder / "tables").mkdir(parents=True)
    if summary is not None:
        (folder / "tables" / "summary.json").write_text(json.dumps(summary))
    return folder


def test_a_missing_folder_says_which_folder_to_give(tmp_path):
    with pytest.raises(scale_results.ResultsError, match="results folder not found: nowhere"):
        scale_results.read_results(tmp_path / "nowhere")


def test_a_run_that_did_not_finish_says_to_run_again(tmp_path):
    with pytest.raises(scale_results.ResultsError, match=r"run/tables/summary.json is missing"):
        scale_results.read_results(_run_folder(tmp_path))


def test_a_missing_table_is_named(tmp_path):
    folder = _run_folder(tmp_path, {"themes": ["trafficking", "smuggling"]})
    with pytest.raises(scale_results.ResultsError, match=r"run/tables/frames.parquet is missing"):
        scale_results.read_results(folder)


def test_a_broken_table_is_named_with_the_reason(tmp_path, seed_run):
    folder = tmp_path / "run"
    shutil.copytree(seed_run, folder)
    (folder / "tables" / "theme_pairs.parquet").write_bytes(b"not parquet")
    with pytest.raises(scale_results.ResultsError, match=r"theme_pairs.parquet cannot be read"):
        scale_results.read_results(folder)


def test_the_figures_command_exits_2_naming_the_folder(tmp_path, capsys):
    assert main(["figures", str(tmp_path / "nowhere")]) == 2
    assert "results folder not found" in capsys.readouterr().err


def test_an_unknown_figure_lists_the_ones_drawn_from_results(seed_run):
    results = scale_results.read_results(seed_run)
    with pytest.raises(KeyError, match="02_frames_by_year"):
        scale_results.results_figure(results, "02_quotations")


def test_captions_need_exactly_their_fields():
    caption = figure_caption("01_documents_per_year", first=2003, last=2016)
    assert caption == "Number of documents in the corpus per year, 2003-2016, by type of page."
    with pytest.raises(ValueError, match=r"takes \['min_count', 'unit'\]"):
        figure_caption("04_theme_network", unit="sentence")
    with pytest.raises(ValueError, match="takes no values"):
        figure_caption("02_frames_by_year", unit="sentence")
    with pytest.raises(KeyError, match="no caption for figure '09_nothing'"):
        figure_caption("09_nothing")
    assert all(name[:2] in {"01", "02", "03", "04"} for name in FIGURE_CAPTIONS)


def test_results_dir_is_unset_or_read_against_the_project_folder(monkeypatch):
    monkeypatch.delenv(paths.RESULTS_ENV, raising=False)
    assert paths.results_dir() is None
    monkeypatch.setenv(paths.RESULTS_ENV, "runs/first")
    assert paths.results_dir() == paths.REPO_ROOT / "runs" / "first"


# ------------------------------------------------------- counts that add up, part by part

_rng = np.random.default_rng(7)
_DOCUMENTS = pd.DataFrame(
    {
        "year": _rng.choice([2004, 2009, 2016], 40),
        "doc_type": _rng.choice(["press release", "event", "news"], 40),
        "n_words": _rng.integers(50, 900, 40),
    }
)


def test_documents_per_year_from_the_counts_of_parts_is_the_whole():
    parts = [documents_per_year(_DOCUMENTS.iloc[start::3]) for start in range(3)]
    summed = documents_per_year_from_counts(pd.concat(parts), range(2003, 2018))
    assert summed.equals(documents_per_year(_DOCUMENTS, range(2003, 2018)))


def test_presence_from_the_counts_of_parts_is_the_whole():
    themes = ["trafficking", "smuggling", "victims"]
    matrix = pd.DataFrame(_rng.random((60, 3)) < 0.3, columns=themes)
    units = pd.DataFrame({"year": _rng.choice([2003, 2010, 2017], 60)})
    parts = [
        presence_by_year(units.loc[rows], matrix.loc[rows])[["year", "theme", "n_units", "n_theme"]]
        for rows in np.array_split(np.arange(60), 4)
    ]
    summed = presence_from_counts(pd.concat(parts, ignore_index=True), themes)
    pd.testing.assert_frame_equal(summed, presence_by_year(units, matrix))


def test_security_findings_from_counts_are_those_from_units():
    units = pd.DataFrame(
        {
            "year": _rng.choice([2003, 2017], 50),
            "crime": _rng.choice(["trafficking", "smuggling", "both"], 50),
            "security": _rng.random(50) < 0.4,
            "rights": _rng.random(50) < 0.4,
            "refugee": _rng.random(50) < 0.1,
        }
    )
    totals = security_rights_counts(units).groupby("crime").sum()
    from_counts = [f.text for f in security_rights_findings(totals)]
    assert from_counts == [f.text for f in security_rights_tests(units)]


# ------------------------------------------------ the small helpers both paths call


def test_keyness_extremes_takes_the_first_risers_then_the_first_fallers():
    key = pd.DataFrame(
        {
            "term": list("abcdef"),
            "direction": ["falls", "rises", "rises", "falls", "rises", "falls"],
        }
    )
    assert keyness_extremes(key, n=2)["term"].tolist() == ["b", "c", "a", "d"]


def test_distinct_pairs_keeps_each_pair_once_in_the_order_given():
    periods = [2017, 2003, 2008]
    long = pd.DataFrame(
        [(a, b, 0.5) for a in periods for b in periods], columns=["period_a", "period_b", "cosine"]
    )
    pairs = distinct_pairs(long, periods)
    assert list(zip(pairs["period_a"], pairs["period_b"], strict=True)) == [
        (2017, 2003),
        (2017, 2008),
        (2003, 2008),
    ]


def test_panel_titles_count_documents_in_the_singular_and_plural():
    assert document_panel_titles({2003: 1, 2008: 3}) == {
        2003: "2003 (1 document)",
        2008: "2008 (3 documents)",
    }
