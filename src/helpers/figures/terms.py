"""Figures of notebook 03: top terms, term heat map, similarity, drift, stability, keyness.

Each returns the figure (made with ``plt.subplots``, not shown) and the table it draws."""

from __future__ import annotations

import math
from collections.abc import Callable, Hashable, Mapping, Sequence

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.colors import to_rgba
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from helpers.analysis.keyness import G2_THRESHOLD
from helpers.base.checks import require_columns
from helpers.base.style import PALETTE, percent_axis
from helpers.figures.heatmap import annotated_heatmap

__all__ = ["document_panel_titles", "drift_title", "plot_keyness_marked", "plot_drift",
           "plot_similarity", "plot_stability", "plot_term_heatmap", "plot_top_terms"]  # fmt: skip


def document_panel_titles(n_documents: Mapping[Hashable, int]) -> dict[Hashable, str]:
    """A panel title per period saying how many documents it pools: "2003 (1 document)"."""
    return {p: f"{p} ({n} document{'s' if n > 1 else ''})" for p, n in n_documents.items()}


def _period_panels(
    table: pd.DataFrame,
    bar: float,
    margin: float,
    title: str,
    xlabel: str,
    draw: Callable[[Axes, pd.DataFrame, np.ndarray], None],
    panel_titles: Mapping[Hashable, str] | None = None,
) -> tuple[Figure, np.ndarray]:
    """Panels sharing the x axis, one per period of a ``period, rank, term, ...`` table (three
    to a row, ``bar`` inches per rank plus ``margin``), terms down the side, rank 1 at the
    top; ``draw(ax, rows, y)`` draws a period's rows. Out: the figure and its axes.
    """
    periods = list(dict.fromkeys(table["period"]))
    n_cols = max(1, min(3, len(periods)))
    n_rows = math.ceil(len(periods) / n_cols)
    longest = int(table.groupby("period")["rank"].max().max()) if len(table) else 1
    fig, axes = plt.subplots(
        n_rows, n_cols, figsize=(4.3 * n_cols, 0.6 + (bar * longest + margin) * n_rows),
        sharex=True, squeeze=False,
    )  # fmt: skip
    for ax, period in zip(axes.flat, periods, strict=False):
        rows = table[table["period"] == period].sort_values("rank")
        draw(ax, rows, np.arange(len(rows)))
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
    return fig, axes


def plot_top_terms(
    top: pd.DataFrame,
    title: str = "Top terms by TF-IDF, per period",
    panel_titles: Mapping[Hashable, str] | None = None,
) -> tuple[Figure, pd.DataFrame]:
    """Small multiples: a panel per period, horizontal bars, rank 1 at the top, x shared.

    In: ``period, rank, term, tfidf``; the title; panel titles. Out: the figure and ``top``.
    """
    require_columns(top, ["period", "rank", "term", "tfidf"], "plot_top_terms")

    def bars(ax: Axes, rows: pd.DataFrame, y: np.ndarray) -> None:
        ax.barh(y, rows["tfidf"], color=PALETTE[0], height=0.7)

    fig, _ = _period_panels(top, 0.19, 0.7, title, "TF-IDF weight", bars, panel_titles)
    return fig, top


def plot_term_heatmap(
    table: pd.DataFrame, title: str = "Framing terms across periods (TF-IDF; count in brackets)"
) -> tuple[Figure, pd.DataFrame]:
    """Terms (rows) by period: colour = TF-IDF, each cell 'weight (count)'.

    In: ``term, period, tfidf, count`` (``term_table``). Out: the figure and ``table``.
    """
    require_columns(table, ["term", "period", "tfidf", "count"], "plot_term_heatmap")
    terms = list(dict.fromkeys(table["term"]))
    periods = list(dict.fromkeys(table["period"]))
    weights = table.pivot(index="term", columns="period", values="tfidf").loc[terms, periods]
    counts = table.pivot(index="term", columns="period", values="count").loc[terms, periods]
    fig, ax = plt.subplots(figsize=(1.6 + 1.1 * len(periods), 1.2 + 0.36 * len(terms)))
    values = weights.to_numpy(dtype=float)
    top = float(np.nanmax(values)) if len(terms) else 1.0
    cells = [[(weights.iat[i, j], counts.iat[i, j]) for j in range(len(periods))]
             for i in range(len(terms))]  # fmt: skip
    texts = [[f"{w:.2f} ({c})" if c else "·" for w, c in row] for row in cells]
    colours = [["white" if top and w > 0.6 * top else "black" for w, _ in row] for row in cells]
    image = annotated_heatmap(ax, values, texts, colours, 7.5, cmap="Blues", aspect="auto", vmin=0)
    ax.set_xticks(range(len(periods)), [str(p) for p in periods])
    ax.set_yticks(range(len(terms)), terms)
    ax.grid(False)
    ax.set(xlabel="Period", ylabel="Term", title=title)
    fig.colorbar(image, ax=ax, label="TF-IDF weight", shrink=0.6)
    fig.tight_layout()
    return fig, table


def plot_similarity(
    similarity: pd.DataFrame, title: str = "Cosine similarity between periods"
) -> tuple[Figure, pd.DataFrame]:
    """Heat map of a period x period similarity table, each cell labelled.

    Out: the figure and ``period_a, period_b, cosine`` per cell.
    """
    labels = [str(p) for p in similarity.index]
    n = len(labels)
    fig, ax = plt.subplots(figsize=(1.8 + 0.9 * n, 1.4 + 0.8 * n))
    values = similarity.to_numpy(dtype=float)
    texts = [[f"{similarity.iat[i, j]:.2f}" for j in range(n)] for i in range(n)]
    colours = [["white" if similarity.iat[i, j] > 0.6 else "black" for j in range(n)]
               for i in range(n)]  # fmt: skip
    image = annotated_heatmap(ax, values, texts, colours, 9, cmap="Blues", vmin=0, vmax=1)
    ax.set_xticks(range(n), labels)
    ax.set_yticks(range(n), labels)
    ax.grid(False)
    ax.set(xlabel="Period", ylabel="Period", title=title)
    fig.colorbar(image, ax=ax, label="cosine of TF-IDF vectors", shrink=0.8)
    fig.tight_layout()
    cells = similarity.rename_axis(index="period_a", columns="period_b").stack()
    return fig, cells.rename("cosine").reset_index()


def drift_title(drift: pd.DataFrame) -> str:
    """The drift figure's title: "consecutive years" only when every pair is a year apart,
    else the gaps ("gaps of 5, 5, 2 and 2 years"); "successive periods" for non-years.
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


def plot_drift(
    drift: pd.DataFrame, title: str = "Drift between consecutive periods"
) -> tuple[Figure, pd.DataFrame]:
    """Bars of ``1 - cosine`` between consecutive periods. In: ``consecutive_drift``. Out: the
    figure and ``drift``.
    """
    require_columns(drift, ["period_from", "period_to", "drift"], "plot_drift")
    labels = [f"{a}→{b}" for a, b in zip(drift["period_from"], drift["period_to"], strict=True)]
    fig, ax = plt.subplots(figsize=(1.5 + 1.2 * max(len(labels), 1), 3.2))
    ax.bar(range(len(labels)), drift["drift"], color=PALETTE[3], width=0.6)
    for x, value in enumerate(drift["drift"]):
        ax.text(x, value + 0.01, f"{value:.2f}", ha="center", va="bottom", fontsize=9)
    ax.set_xticks(range(len(labels)), labels)
    ax.set_ylim(0, 1.05)
    ax.set(xlabel="From one period to the next", ylabel="Drift (1 − cosine)", title=title)
    ax.grid(axis="x", visible=False)
    fig.tight_layout()
    return fig, drift


def plot_stability(
    stability: pd.DataFrame,
    title: str = "How often each top term stays in the top 10",
) -> tuple[Figure, pd.DataFrame]:
    """Per period, the share of bootstrap samples (bars) and of leave-one-document-out runs
    (diamonds, when any) keeping each top term in the top list.

    In: ``period, rank, term, bootstrap_share`` and optionally ``loo_share``. Out: the figure
    and ``stability``.
    """
    require_columns(stability, ["period", "rank", "term", "bootstrap_share"], "plot_stability")
    has_loo = "loo_share" in stability and stability["loo_share"].notna().any()

    def bars(ax: Axes, rows: pd.DataFrame, y: np.ndarray) -> None:
        ax.barh(y, rows["bootstrap_share"], color=PALETTE[0], height=0.7, label="bootstrap")
        if has_loo:
            ax.plot(rows["loo_share"], y, "D", color=PALETTE[3], markersize=5,
                    label="leave one document out")  # fmt: skip
        ax.set_xlim(0, 1.06)
        percent_axis(ax.xaxis)

    xlabel = "Share of runs in the top list"
    fig, axes = _period_panels(stability, 0.22, 0.8, title, xlabel, bars)
    if has_loo:
        handles, labels = axes.flat[0].get_legend_handles_labels()
        fig.legend(handles, labels, loc="upper center", bbox_to_anchor=(0.5, 0.0), ncols=2)
    return fig, stability


def plot_keyness_marked(
    table: pd.DataFrame, labels: Sequence[str], title: str = "Terms that rise and fall"
) -> tuple[Figure, pd.DataFrame]:
    """Bars of the log ratio labelled with counts, G2 and q (three decimals), marks drawn.

    In: rows of ``keyness_table``; the two periods' names. Out: the figure: rising terms
    blue at the top, falling orange below; G2 below 3.84 light and hatched; "(1 doc)" after
    a term of a single document; a legend of the marks; and ``table``.
    """
    require_columns(table,
                    ["term", "log_ratio", "direction", "below_threshold", "single_document"],
                    "plot_keyness_marked")  # fmt: skip
    rows = table.sort_values(["log_ratio", "term"], ascending=[False, True])
    fig, ax = plt.subplots(figsize=(9, 1.3 + 0.3 * max(len(rows), 1)))
    y = np.arange(len(rows))
    for yi, row in zip(y, rows.itertuples(), strict=True):
        colour = PALETTE[0] if row.direction == "rises" else PALETTE[1]
        faint = bool(row.below_threshold)
        # A faint bar: a light tint of its colour, hatched in the full colour (the hatch is
        # drawn in the edge colour, so it shows on screen, in the SVG and in print).
        ax.barh(yi, row.log_ratio, height=0.7,
                facecolor=to_rgba(colour, 0.25) if faint else colour,
                hatch="///" if faint else None, edgecolor=colour, linewidth=0.6)  # fmt: skip
    ax.set_yticks(
        y,
        [
            f"{t} (1 doc)" if s else t
            for t, s in zip(rows["term"], rows["single_document"], strict=True)
        ],
    )
    ax.invert_yaxis()
    ax.axvline(0, color="#333333", linewidth=0.8)
    span = float(np.abs(rows["log_ratio"]).max()) if len(rows) else 1.0
    for yi, row in zip(y, rows.itertuples(), strict=True):
        right = row.log_ratio >= 0
        ax.text(row.log_ratio + (0.04 if right else -0.04) * span, yi,
                f"{row.count_a}→{row.count_b}, G2 {row.g2:.1f}, q {row.q:.3f}", va="center",
                ha="left" if right else "right", fontsize=8)  # fmt: skip
    ax.set_xlim(-1.9 * span, 1.9 * span)
    ax.set_xlabel(f"Log ratio: log2 of relative frequency in {labels[1]} / in {labels[0]}")
    ax.set_title(title)
    ax.grid(axis="y", visible=False)
    handles = [
        Patch(color=PALETTE[0], label=f"rises to {labels[1]}"),
        Patch(color=PALETTE[1], label=f"falls from {labels[0]}"),
        Patch(facecolor="#eeeeee", edgecolor="#555555", hatch="///",
              label=f"G2 below {G2_THRESHOLD} (p ≥ 0.05 before correction)"),
        Patch(facecolor="none", edgecolor="none", label="(1 doc): in a single document"),
    ]  # fmt: skip
    ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.12), ncols=2, fontsize=8)
    fig.tight_layout()
    return fig, table
