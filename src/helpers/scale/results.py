"""Notebook 07: the tables and figures of notebooks 01-04 from the output folder of
``python -m helpers scale`` (``RESULTS_DIR``), without loading the corpus.

The run sums the partitions' counts into ``tables/*.parquet``; here the notebooks' own
functions turn those sums into their tables, and the notebooks' plots draw them, with the
same titles and captions (``helpers.figures.captions``). On the same pages, each figure and
its CSV are the bytes notebooks 01-04 write (``tests/test_results.py``). What needs single
sentences or documents (quotations, bootstraps, the coding alternatives) is not here.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from matplotlib.figure import Figure

from helpers.analysis.framing import security_rights_findings, security_rights_from_counts
from helpers.analysis.keyness import keyness_caption, keyness_extremes, keyness_title
from helpers.analysis.overview import documents_per_year_from_counts
from helpers.analysis.periods import period_of
from helpers.analysis.terms import consecutive_drift, cosine_similarity_table, top_terms
from helpers.analysis.themes import (
    DEFAULT_MIN_COUNT,
    cooccurrence_from_counts,
    crime_profiles_from_counts,
    period_cooccurrence_from_counts,
    period_presence_from_counts,
    presence_from_counts,
    theme_counts_from_counts,
)
from helpers.base.paths import display_path
from helpers.base.style import save_figure
from helpers.corpus.load import REPORT_COLUMNS
from helpers.figures.captions import FIGURE_TITLES, figure_caption
from helpers.figures.framing import plot_frames_by_year, plot_security_rights_units
from helpers.figures.overview import plot_document_counts
from helpers.figures.terms import (
    document_panel_titles,
    drift_title,
    plot_drift,
    plot_keyness_marked,
    plot_similarity,
    plot_top_terms,
)
from helpers.figures.themes import (
    plot_cooccurrence_heatmap,
    plot_crime_profiles,
    plot_early_late,
    plot_presence_by_year,
    plot_theme_circle,
)
from helpers.scale.run import RESULT_COUNTS
from helpers.scale.tables import (
    KEYNESS_PERIODS,
    TERM_TABLES,
    frames_table,
    keyness_from_counts,
    square_from_pairs,
    tfidf_from_counts,
)

__all__ = [
    "RESULT_FIGURES", "Results", "ResultsError", "add_figures_arguments", "read_results",
    "results_figure", "run_figures_command", "save_results_figures", "security_findings",
]  # fmt: skip

SHOWN_YEARS = range(2003, 2018)  # notebook 01's axis: the years the project studies
KEYNESS_SHOWN = 10  # notebook 03: the rising and the falling terms drawn
THEME_PERIODS = {"early": (2003, 2008), "late": (2013, 2017)}  # notebook 04's PERIODS


class ResultsError(ValueError):
    """An output folder that cannot be read; the message names the file and the reason."""


@dataclass(frozen=True)
class Results:
    """The reduced tables of a run, as notebooks 01-04 name them.

    ``documents``: ``documents_per_year_from_counts``; ``frame_counts`` and ``n_documents``
    (per year): notebook 02's; ``security_rights``: ``security_rights_by_year``; ``square``
    and ``n_units``: notebook 04's co-occurrence counts of sentence units, titles included;
    ``period_squares``: the same per period of ``THEME_PERIODS``; ``presence``:
    ``presence_by_year``; ``weights`` and ``counts``: notebook 03's TF-IDF and
    term counts, year x term; ``pooled``: ``period, n_documents, words`` per year; ``keyness``
    and ``halves`` (the same per period): its early/late comparison; ``report``: one row per
    file; ``summary``: what the run did.
    """

    folder: Path
    summary: dict
    years: list[int]
    documents: pd.DataFrame
    frame_counts: pd.DataFrame
    n_documents: dict[int, int]
    security_totals: pd.DataFrame
    security_rights: pd.DataFrame
    square: pd.DataFrame
    n_units: int
    period_squares: dict[str, tuple[pd.DataFrame, int]]
    presence: pd.DataFrame
    weights: pd.DataFrame
    counts: pd.DataFrame
    pooled: pd.DataFrame
    keyness: pd.DataFrame
    halves: pd.DataFrame
    report: pd.DataFrame


def _shown(folder: Path, name: str) -> str:
    """``name`` in the folder's ``tables/``, as messages show it."""
    return f"{display_path(folder)}/tables/{name}"


def _read(folder: Path, name: str) -> pd.DataFrame:
    """A table of the folder's ``tables/``: Parquet as written, CSV as text."""
    path = folder / "tables" / name
    try:
        if name.endswith(".parquet"):
            return pd.read_parquet(path)
        return pd.read_csv(path, dtype=str, keep_default_na=False)
    except FileNotFoundError:
        raise ResultsError(
            f"{_shown(folder, name)} is missing: this folder was not made by this version of "
            "'python -m helpers scale', or its run stopped early; run the command again (it "
            "resumes)"
        ) from None
    except Exception as error:  # noqa: BLE001 - any unreadable table gets the same message
        raise ResultsError(f"{_shown(folder, name)} cannot be read: {error}") from None


def _wide(long: pd.DataFrame, value: str, periods: list[int]) -> pd.DataFrame:
    """A ``period, term, value`` table as period x term (terms alphabetical, zeros filled),
    periods as ints in ``periods`` order, as notebook 03's vectorizers give it."""
    wide = long.pivot(index="period", columns="term", values=value)
    wide.index = wide.index.astype(int)
    wide = wide.reindex(index=periods, columns=sorted(wide.columns)).fillna(0)
    wide.index.name, wide.columns.name = None, None
    return wide.astype(long[value].dtype)


def read_results(folder: Path | str) -> Results:
    """The reduced tables of an output folder of ``python -m helpers scale``.

    In: the folder given as ``--out``. Out: :class:`Results`. Raises :class:`ResultsError`
    naming the file when the folder, a table or ``tables/summary.json`` (written last) is
    missing or unreadable.
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise ResultsError(
            f"results folder not found: {display_path(folder)} (give the folder that "
            "'python -m helpers scale CORPUS --out DIR' wrote)"
        )
    summary_file = folder / "tables" / "summary.json"
    try:
        summary = json.loads(summary_file.read_text(encoding="utf-8"))
        themes = list(summary["themes"])
    except (OSError, ValueError, KeyError, TypeError):
        raise ResultsError(
            f"{_shown(folder, 'summary.json')} is missing or unreadable: the run did not "
            "finish, or an older version made it; run 'python -m helpers scale' again (it "
            "resumes)"
        ) from None
    t = {name: _read(folder, f"{name}.parquet") for name in (*RESULT_COUNTS, *TERM_TABLES)}
    per_year = t["documents_per_year"]
    years = [int(y) for y in per_year["year"]]
    frames = frames_table(t["frames"], years)
    square, n_units = square_from_pairs(t["theme_pairs"], themes)
    by_year = t["theme_pairs_by_year"]
    labels = period_of(by_year["year"], THEME_PERIODS)
    period_squares = {
        name: square_from_pairs(by_year[(labels == name).to_numpy()], themes)
        for name in THEME_PERIODS
    }
    pooled = t["words_by_year"].assign(period=lambda w: w["period"].astype(int))
    pooled = pooled.set_index("period").reindex(years).dropna().astype("int64").reset_index()
    periods = list(pooled["period"])
    tfidf = tfidf_from_counts(t["terms_by_year"], [str(p) for p in periods])
    halves = t["words_by_half"]
    return Results(
        folder=folder,
        summary=summary,
        years=years,
        documents=documents_per_year_from_counts(t["documents_by_type"], SHOWN_YEARS),
        frame_counts=frames,
        n_documents=dict(zip(years, (int(n) for n in per_year["n_documents"]), strict=True)),
        security_totals=t["security_rights"].groupby("crime").sum(),
        security_rights=security_rights_from_counts(t["security_rights"]),
        square=square,
        n_units=n_units,
        period_squares=period_squares,
        presence=presence_from_counts(t["themes_by_year"], themes),
        weights=_wide(tfidf, "tfidf", periods),
        counts=_wide(t["terms_by_year"], "count", periods),
        pooled=pooled[["period", "n_documents", "words"]],
        keyness=keyness_from_counts(t["terms_by_half"], halves, t["documents_by_term"]),
        halves=halves[["period", "n_documents", "words"]].reset_index(drop=True),
        report=_read(folder, "load_report.csv")[list(REPORT_COLUMNS)],
    )


def security_findings(results: Results) -> list:
    """Notebook 02's Palermo tests (Fisher's exact) from the summed counts; the documents of
    the units are not kept, so no finding can say that one document carries a group."""
    return security_rights_findings(results.security_totals)


# --------------------------------------------------------------------------- figures

Drawn = tuple[Figure, pd.DataFrame, str]


def _documents(r: Results) -> Drawn:
    fig, data = plot_document_counts(r.documents)
    first, last = int(data["year"].min()), int(data["year"].max())
    return fig, data, figure_caption("01_documents_per_year", first=first, last=last)


def _frames(r: Results) -> Drawn:
    fig, data = plot_frames_by_year(r.frame_counts, n_documents=r.n_documents)
    return fig, data, figure_caption("02_frames_by_year")


def _security(r: Results) -> Drawn:
    fig, _ = plot_security_rights_units(r.security_rights)
    return fig, r.security_rights, figure_caption("02_security_rights")


def _top_terms(r: Results) -> Drawn:
    n_docs = r.pooled.set_index("period")["n_documents"]
    fig, shown = plot_top_terms(
        top_terms(r.weights, n=25),
        title=FIGURE_TITLES["03_tfidf_top_terms"],
        panel_titles=document_panel_titles(n_docs),
    )
    return fig, shown, figure_caption("03_tfidf_top_terms", years=len(r.pooled))


def _similarity(r: Results) -> Drawn:
    similarity = cosine_similarity_table(r.weights)
    fig, data = plot_similarity(similarity, title=FIGURE_TITLES["03_tfidf_similarity"])
    return fig, data, figure_caption("03_tfidf_similarity")


def _drift(r: Results) -> Drawn:
    drift = consecutive_drift(r.weights)
    fig, shown = plot_drift(drift, title=drift_title(drift))
    return fig, shown, figure_caption("03_tfidf_drift")


def _keyness(r: Results) -> Drawn:
    key = r.keyness
    first, second = KEYNESS_PERIODS
    shown = keyness_extremes(key, KEYNESS_SHOWN)
    fig, data = plot_keyness_marked(shown, (first, second), title=keyness_title(key, first, second))
    return fig, data, keyness_caption(shown, first, second, len(key))


def _presence(r: Results) -> Drawn:
    fig, data = plot_presence_by_year(r.presence)
    return fig, data, figure_caption("04_theme_presence_by_year", unit="sentence")


def _pairs(r: Results) -> pd.DataFrame:
    return cooccurrence_from_counts(r.square, r.n_units, DEFAULT_MIN_COUNT)


def _cooccurrence(r: Results) -> Drawn:
    pairs = _pairs(r)
    fig, _ = plot_cooccurrence_heatmap(pairs, r.square)
    caption = figure_caption("04_theme_cooccurrence", unit="sentence", min_count=DEFAULT_MIN_COUNT)
    return fig, pairs, caption


def _network(r: Results) -> Drawn:
    counts = theme_counts_from_counts(pd.Series(r.square.to_numpy().diagonal(), r.square.index),
                                      r.n_units)  # fmt: skip
    fig, data = plot_theme_circle(_pairs(r), counts, min_count=DEFAULT_MIN_COUNT)
    caption = figure_caption("04_theme_network", unit="sentence", min_count=DEFAULT_MIN_COUNT)
    return fig, data, caption


def _profiles(r: Results) -> Drawn:
    profiles = crime_profiles_from_counts(r.square, r.n_units, DEFAULT_MIN_COUNT)
    fig, data = plot_crime_profiles(profiles)
    return fig, data, figure_caption("04_trafficking_vs_smuggling", unit="sentence")


def _early_late(r: Results) -> Drawn:
    presence = period_presence_from_counts(r.period_squares)
    pairs = period_cooccurrence_from_counts(r.period_squares, DEFAULT_MIN_COUNT)
    fig, data = plot_early_late(presence, pairs, THEME_PERIODS, min_count=DEFAULT_MIN_COUNT)
    periods = ", ".join(f"{p} {a}-{b}" for p, (a, b) in THEME_PERIODS.items())
    return fig, data, figure_caption("04_early_late", periods=periods)


_FIGURES: dict[str, Callable[[Results], Drawn]] = {
    "01_documents_per_year": _documents,
    "02_frames_by_year": _frames,
    "02_security_rights": _security,
    "03_tfidf_top_terms": _top_terms,
    "03_tfidf_similarity": _similarity,
    "03_tfidf_drift": _drift,
    "03_keyness": _keyness,
    "04_theme_presence_by_year": _presence,
    "04_theme_cooccurrence": _cooccurrence,
    "04_theme_network": _network,
    "04_early_late": _early_late,
    "04_trafficking_vs_smuggling": _profiles,
}
RESULT_FIGURES: tuple[str, ...] = tuple(_FIGURES)


def results_figure(results: Results, name: str, save_to: Path | None = None) -> Drawn:
    """Figure ``name`` (one of ``RESULT_FIGURES``) drawn from ``results`` as its notebook
    draws it, and saved under that name in ``save_to`` if given (``save_figure``).
    Out: the figure, the table saved beside it, its caption."""
    if name not in _FIGURES:
        raise KeyError(
            f"{name!r} is not drawn from reduced tables; these are: {', '.join(RESULT_FIGURES)}"
        )
    fig, data, caption = _FIGURES[name](results)
    if save_to is not None:
        save_figure(fig, data, name, caption, figures_dir=save_to)
    return fig, data, caption


def save_results_figures(results: Results, folder: Path | None = None) -> list[str]:
    """Every one of ``RESULT_FIGURES`` saved (PNG, SVG, PDF, CSV, and the captions file) to
    ``folder``, by default ``figures/`` in the results folder, apart from the one-process
    figures of other pages. Out: the names."""
    import matplotlib.pyplot as plt

    for name in RESULT_FIGURES:
        plt.close(results_figure(results, name, folder or results.folder / "figures")[0])
    return list(RESULT_FIGURES)


def add_figures_arguments(parser: argparse.ArgumentParser) -> None:
    """The options of ``python -m helpers figures``."""
    parser.add_argument("results", type=Path, help="the output folder of 'python -m helpers scale'")
    parser.add_argument(
        "--figures-dir",
        type=Path,
        help="where to write them (default: RESULTS/figures/)",
    )


def run_figures_command(args: argparse.Namespace) -> int:
    """``python -m helpers figures RESULTS``. Out: 0, or 2 for a folder that cannot be read."""
    from helpers.base.style import use_style

    try:
        results = read_results(args.results)
    except ResultsError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    use_style()
    folder = args.figures_dir if args.figures_dir is not None else args.results / "figures"
    save_results_figures(results, folder)
    print(f"{len(RESULT_FIGURES)} figures in {display_path(Path(folder))}")
    return 0
