"""Figures of notebook 04 that a report can take as they are.

- :func:`plot_theme_circle`: the theme network drawn on a circle, labels
  outside it (so no edge runs under a label), edge width by Jaccard with a
  width legend;
- :func:`plot_sensitivity`: how the headline comparisons move under each
  coding choice (difference of shares with its interval, one row per theme
  and variant).

Each returns the figure and the DataFrame it draws. Pure functions; importing
changes no setting.
"""

from __future__ import annotations

import math

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from .figures import PALETTE
from .themes import theme_colour, theme_label

__all__ = ["edge_width", "plot_sensitivity", "plot_theme_circle"]

_WIDTHS = (0.1, 0.2, 0.3)


def edge_width(jaccard: float) -> float:
    """Line width in points for a Jaccard index: 0.5 + 20 x Jaccard (0.1 -> 2.5, 0.3 -> 6.5)."""
    return 0.5 + 20.0 * float(jaccard)


def plot_theme_circle(
    pairs: pd.DataFrame, counts: pd.DataFrame, min_count: int
) -> tuple[Figure, pd.DataFrame]:
    """The theme network on a circle, in codebook order.

    In: ``themes.cooccurrence``; ``themes.theme_counts``; the fewest shared
    units for an edge. Out: the figure (node area by units with the theme,
    labels with the count outside the circle, an edge where two themes share
    at least ``min_count`` units, its width by Jaccard, a legend of widths;
    the counts of shared units are in the data, not on the lines, which would
    cross them) and the data drawn: ``kind`` (node or edge), ``theme_a,
    theme_b, n, jaccard, x, y`` (an edge's x, y: its middle).
    """
    names = list(counts["theme"])
    n_by = dict(zip(counts["theme"], counts["n"], strict=True))
    k = max(len(names), 1)
    angle = {t: math.pi / 2 - 2 * math.pi * i / k for i, t in enumerate(names)}
    xy = {t: (math.cos(a), math.sin(a)) for t, a in angle.items()}
    edges = pairs[pairs["n_both"] >= min_count].sort_values("jaccard", kind="stable")
    fig, ax = plt.subplots(figsize=(8.5, 8))
    ax.set_aspect("equal")
    ax.axis("off")
    rows = []
    for e in edges.itertuples(index=False):
        (x1, y1), (x2, y2) = xy[e.theme_a], xy[e.theme_b]
        ax.plot(
            [x1, x2],
            [y1, y2],
            color="#7a9cc6",
            linewidth=edge_width(e.jaccard),
            alpha=0.8,
            solid_capstyle="butt",
            zorder=1,
        )
        mx, my = (x1 + x2) / 2, (y1 + y2) / 2
        rows.append(
            {
                "kind": "edge",
                "theme_a": e.theme_a,
                "theme_b": e.theme_b,
                "n": int(e.n_both),
                "jaccard": round(float(e.jaccard), 4),
                "x": round(mx, 4),
                "y": round(my, 4),
            }
        )
    top = max(n_by.values()) if n_by else 1
    for t in names:
        x, y = xy[t]
        ax.scatter(
            [x],
            [y],
            s=60 + 900 * n_by[t] / max(top, 1),
            color=theme_colour(t),
            edgecolor="white",
            linewidth=1.2,
            zorder=2,
        )
        a = angle[t]
        lx, ly = 1.22 * math.cos(a), 1.22 * math.sin(a)
        ha = "center" if abs(math.cos(a)) < 0.3 else ("left" if math.cos(a) > 0 else "right")
        ax.text(lx, ly, f"{theme_label(t)}\n({n_by[t]})", ha=ha, va="center", fontsize=9)
        rows.insert(
            0,
            {
                "kind": "node",
                "theme_a": t,
                "theme_b": "",
                "n": int(n_by[t]),
                "jaccard": np.nan,
                "x": round(x, 4),
                "y": round(y, 4),
            },
        )
    ax.set_xlim(-1.75, 1.75)
    ax.set_ylim(-1.5, 1.45)
    handles = [
        Line2D([], [], color="#7a9cc6", linewidth=edge_width(w), label=f"Jaccard {w:.1f}")
        for w in _WIDTHS
    ]
    ax.legend(
        handles=handles,
        loc="lower center",
        bbox_to_anchor=(0.5, -0.06),
        ncols=3,
        title=f"A line: {min_count} or more units with both; width by Jaccard index",
        title_fontsize=8.5,
        fontsize=8.5,
    )
    ax.set_title("Which themes share units: node size and (count) = units with the theme")
    nodes = [r for r in rows if r["kind"] == "node"][::-1]
    data = pd.DataFrame(
        nodes + [r for r in rows if r["kind"] == "edge"],
        columns=["kind", "theme_a", "theme_b", "n", "jaccard", "x", "y"],
    )
    return fig, data


def plot_sensitivity(tests: pd.DataFrame, first: str, second: str) -> tuple[Figure, pd.DataFrame]:
    """The headline comparisons under each coding choice, side by side.

    In: ``themes_sensitivity.period_tests``; the two periods' names. Out: the
    figure (one row per theme and variant: the difference of shares, second
    minus first, as a marker with its 95% interval; filled when its q (Fisher's
    p corrected for the themes tested together) is below 0.05, hollow otherwise;
    counts written) and the data drawn (``tests`` without its sentences).
    """
    data = tests.drop(columns="text").reset_index(drop=True)
    themes = list(dict.fromkeys(data["theme"]))
    variants = list(dict.fromkeys(data["variant"]))
    fig, ax = plt.subplots(figsize=(9, 1.2 + 0.32 * max(len(data), 1)))
    y, labels, offset = 0, [], 0
    ticks = []
    for theme in themes:
        for number, variant in enumerate(variants):
            part = data[(data["theme"] == theme) & (data["variant"] == variant)]
            if part.empty:
                continue
            r = part.iloc[0]
            colour = PALETTE[number % len(PALETTE)]
            filled = r["q"] < 0.05
            ax.plot([r["ci_low"], r["ci_high"]], [y, y], color=colour, linewidth=1.5)
            ax.plot(
                [r["difference"]],
                [y],
                "o",
                color=colour,
                markersize=6,
                markerfacecolor=colour if filled else "white",
                clip_on=False,
            )
            ax.annotate(
                f"{r['k_first']}/{r['n_first']} → {r['k_second']}/{r['n_second']}",
                (max(r["ci_high"], r["difference"]), y),
                xytext=(6, 0),
                textcoords="offset points",
                va="center",
                fontsize=7.5,
            )
            ticks.append(y)
            labels.append(f"{theme_label(theme)} · {variant}")
            y += 1
        y += 0.6
        offset += 1
    ax.set_yticks(ticks, labels, fontsize=8)
    ax.invert_yaxis()
    ax.axvline(0, color="#333333", linewidth=0.8)
    ax.set_xlim(-0.6, 0.75)
    ax.grid(axis="y", visible=False)
    ax.set_xlabel(f"Share of units in {second} minus share in {first} (95% CI); filled: q < 0.05")
    ax.set_title(f"How the {first}/{second} comparisons move under each coding choice")
    fig.tight_layout()
    return fig, data
