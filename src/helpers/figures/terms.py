"""Figures of notebook 03: top terms, term heatmap, similarity, drift, stability.

The keyness figure, with its marks, is ``helpers.analysis.keyness.plot_keyness_marked``.

Each ``plot_*`` function returns a matplotlib figure (made with ``plt.subplots``
and not shown); the notebook saves it with ``helpers.base.style.save_figure``.
Pure functions; importing changes no setting.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Mapping

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from helpers.base.checks import require_columns
from helpers.base.style import percent_axis

__all__ = [
    "drift_title",
    "plot_drift",
    "plot_similarity",
    "plot_stability",
    "plot_term_heatmap",
    "plot_top_terms",
]


def _colours() -> list[str]:
    from helpers.base.style import PALETTE

    return list(PALETTE)


def _period_panels(
    table: pd.DataFrame, ncols: int, bar: float, margin: float
) -> tuple[Figure, np.ndarray, list, int]:
    """A grid of panels sharing the x axis, one per period of a ``period, rank, ...`` table.

    Each panel is ``bar`` inches per rank of the longest list plus ``margin``.
    Out: the figure, the 2-D array of axes, the periods (in order of first
    appearance) and the longest list's number of ranks.
    """
    periods = list(dict.fromkeys(table["period"]))
    n_rows, n_cols = _grid(len(periods), ncols)
    longest = int(table.groupby("period")["rank"].max().max()) if len(table) else 1
    fig, axes = plt.subplots(
        n_rows, n_cols, figsize=(4.3 * n_cols, 0.6 + (bar * longest + margin) * n_rows),
        sharex=True, squeeze=False,
    )  # fmt: skip
    return fig, axes, periods, longest


def _grid(n_panels: int, ncols: int) -> tuple[int, int]:
    ncols = max(1, min(ncols, n_panels))
    return math.ceil(n_panels / ncols), ncols


def plot_top_terms(
    top: pd.DataFrame,
    value: str = "tfidf",
    xlabel: str = "TF-IDF weight",
    title: str = "Top terms by TF-IDF, per period",
    ncols: int = 3,
    panel_titles: Mapping[Hashable, str] | None = None,
) -> Figure:
    """Small multiples: one panel per period, horizontal bars, rank 1 at the top.

    In: a table with ``period, rank, term`` and a ``value`` column; the x label,
    the overall title, panels per row, optional panel titles by period. Out:
    the figure (x axis shared, so bars compare across panels).
    """
    require_columns(top, ["period", "rank", "term", value], "plot_top_terms")
    fig, axes, periods, longest = _period_panels(top, ncols, bar=0.19, margin=0.7)
    colour = _colours()[0]
    for ax, period in zip(axes.flat, periods, strict=False):
        rows = top[top["period"] == period].sort_values("rank")
        ax.barh(range(len(rows)), rows[value], color=colour, height=0.7)
        ax.set_yticks(range(len(rows)), rows["term"], fontsize=8)
        ax.set_ylim(longest - 0.4, -0.6)
        ax.set_title(panel_titles.get(period, str(period)) if panel_titles else str(period))
        ax.grid(axis="y", visible=False)
        ax.tick_params(axis="x", labelbottom=True)
        ax.set_xlabel(xlabel)
    for ax in list(axes.flat)[len(periods) :]:
        ax.set_visible(False)
    fig.suptitle(title)
    fig.tight_layout()
    return fig


def plot_term_heatmap(
    table: pd.DataFrame, title: str = "Framing terms across periods (TF-IDF; count in brackets)"
) -> Figure:
    """Heatmap of terms (rows, in table order) by period (columns): colour = TF-IDF,
    each cell labelled with the weight and the raw count.

    In: ``term, period, tfidf, count`` (``terms_stats.term_table``). Out: the figure.
    """
    require_columns(table, ["term", "period", "tfidf", "count"], "plot_term_heatmap")
    terms = list(dict.fromkeys(table["term"]))
    periods = list(dict.fromkeys(table["period"]))
    weights = table.pivot(index="term", columns="period", values="tfidf").loc[terms, periods]
    counts = table.pivot(index="term", columns="period", values="count").loc[terms, periods]
    fig, ax = plt.subplots(figsize=(1.6 + 1.1 * len(periods), 1.2 + 0.36 * len(terms)))
    image = ax.imshow(weights.to_numpy(dtype=float), cmap="Blues", aspect="auto", vmin=0)
    top = float(np.nanmax(weights.to_numpy(dtype=float))) if len(terms) else 1.0
    for i in range(len(terms)):
        for j in range(len(periods)):
            w, c = weights.iat[i, j], counts.iat[i, j]
            colour = "white" if top and w > 0.6 * top else "black"
            ax.text(j, i, f"{w:.2f} ({c})" if c else "·", ha="center", va="center",
                    fontsize=7.5, color=colour)  # fmt: skip
    ax.set_xticks(range(len(periods)), [str(p) for p in periods])
    ax.set_yticks(range(len(terms)), terms)
    ax.grid(False)
    ax.set_xlabel("Period")
    ax.set_ylabel("Term")
    ax.set_title(title)
    fig.colorbar(image, ax=ax, label="TF-IDF weight", shrink=0.6)
    fig.tight_layout()
    return fig


def plot_similarity(
    similarity: pd.DataFrame, title: str = "Cosine similarity between periods"
) -> Figure:
    """Heatmap of a period x period similarity table, each cell labelled. Out: the figure."""
    labels = [str(p) for p in similarity.index]
    n = len(labels)
    fig, ax = plt.subplots(figsize=(1.8 + 0.9 * n, 1.4 + 0.8 * n))
    image = ax.imshow(similarity.to_numpy(dtype=float), cmap="Blues", vmin=0, vmax=1)
    for i in range(n):
        for j in range(n):
            value = similarity.iat[i, j]
            ax.text(j, i, f"{value:.2f}", ha="center", va="center", fontsize=9,
                    color="white" if value > 0.6 else "black")  # fmt: skip
    ax.set_xticks(range(n), labels)
    ax.set_yticks(range(n), labels)
    ax.grid(False)
    ax.set_xlabel("Period")
    ax.set_ylabel("Period")
    ax.set_title(title)
    fig.colorbar(image, ax=ax, label="cosine of TF-IDF vectors", shrink=0.8)
    fig.tight_layout()
    return fig


def drift_title(drift: pd.DataFrame) -> str:
    """The drift figure's title, saying what "from one period to the next" spans.

    In: ``period_from, period_to`` (``terms_stats.consecutive_drift``). Out:
    "consecutive years" only when every pair is one year apart; otherwise
    "the years in the corpus" and the gaps ("gaps of 5, 5, 2 and 2 years");
    periods that are not years are "successive periods".
    """
    require_columns(drift, ["period_from", "period_to"], "drift_title")
    measure = "(1 − cosine of TF-IDF vectors)"
    try:
        gaps = [
            int(b) - int(a) for a, b in zip(drift["period_from"], drift["period_to"], strict=True)
        ]
    except (TypeError, ValueError):
        return f"Drift between successive periods {measure}"
    if not gaps:
        return f"Drift {measure}: a single period, nothing to compare"
    if all(gap == 1 for gap in gaps):
        return f"Drift between consecutive years {measure}"
    words = [str(gap) for gap in gaps]
    listed = words[0] if len(words) == 1 else ", ".join(words[:-1]) + f" and {words[-1]}"
    plural = "" if len(words) == 1 else "s"
    return f"Drift between the years in the corpus {measure}:\ngap{plural} of {listed} years"


def plot_drift(drift: pd.DataFrame, title: str = "Drift between consecutive periods") -> Figure:
    """Bars of ``1 - cosine`` between consecutive periods.

    In: ``period_from, period_to, drift`` (``terms_stats.consecutive_drift``). Out: the figure.
    """
    require_columns(drift, ["period_from", "period_to", "drift"], "plot_drift")
    labels = [f"{a}→{b}" for a, b in zip(drift["period_from"], drift["period_to"], strict=True)]
    fig, ax = plt.subplots(figsize=(1.5 + 1.2 * max(len(labels), 1), 3.2))
    ax.bar(range(len(labels)), drift["drift"], color=_colours()[3], width=0.6)
    for x, value in enumerate(drift["drift"]):
        ax.text(x, value + 0.01, f"{value:.2f}", ha="center", va="bottom", fontsize=9)
    ax.set_xticks(range(len(labels)), labels)
    ax.set_ylim(0, 1.05)
    ax.set_xlabel("From one period to the next")
    ax.set_ylabel("Drift (1 − cosine)")
    ax.set_title(title)
    ax.grid(axis="x", visible=False)
    fig.tight_layout()
    return fig


def plot_stability(
    stability: pd.DataFrame,
    title: str = "How often each top term stays in the top 10",
    ncols: int = 3,
) -> Figure:
    """Small multiples: per period, the share of bootstrap samples (bars) and of
    leave-one-document-out runs (diamonds, where a period has several documents)
    in which each of its top terms stays in the top list.

    In: ``period, rank, term, bootstrap_share`` and optionally ``loo_share``.
    Out: the figure.
    """
    require_columns(stability, ["period", "rank", "term", "bootstrap_share"], "plot_stability")
    fig, axes, periods, longest = _period_panels(stability, ncols, bar=0.22, margin=0.8)
    colours = _colours()
    has_loo = "loo_share" in stability and stability["loo_share"].notna().any()
    for ax, period in zip(axes.flat, periods, strict=False):
        rows = stability[stability["period"] == period].sort_values("rank")
        y = np.arange(len(rows))
        ax.barh(y, rows["bootstrap_share"], color=colours[0], height=0.7, label="bootstrap")
        if has_loo:
            ax.plot(rows["loo_share"], y, "D", color=colours[3], markersize=5,
                    label="leave one document out")  # fmt: skip
        ax.set_yticks(y, rows["term"], fontsize=8)
        ax.set_ylim(longest - 0.4, -0.6)
        ax.set_xlim(0, 1.06)
        ax.set_title(str(period))
        ax.grid(axis="y", visible=False)
        ax.tick_params(axis="x", labelbottom=True)
        ax.set_xlabel("Share of runs in the top list")
        percent_axis(ax.xaxis)
    for ax in list(axes.flat)[len(periods) :]:
        ax.set_visible(False)
    fig.suptitle(title)
    fig.tight_layout()
    if has_loo:
        handles, labels = axes.flat[0].get_legend_handles_labels()
        fig.legend(handles, labels, loc="upper center", bbox_to_anchor=(0.5, 0.0), ncols=2)
    return fig
