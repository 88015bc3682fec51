"""Figures of notebook 04: each returns the figure and the DataFrame it draws.

Every figure shows a theme by :func:`theme_label` in :func:`theme_colour`: the two crimes in
their own colours, every other theme grey, so a codebook of any size needs no more colours.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from helpers.analysis.periods import check_periods
from helpers.analysis.themes import DEFAULT_MIN_COUNT
from helpers.base.checks import require_columns
from helpers.base.style import PALETTE, percent_axis
from helpers.figures.heatmap import annotated_heatmap, text_colour
from helpers.reading.themes import NO_THEME

__all__ = ["CRIME_COLOURS", "OTHER_COLOUR", "PERIOD_COLOURS", "edge_width", "plot_crime_profiles",
           "plot_cooccurrence_heatmap", "plot_early_late", "plot_presence_by_year",
           "plot_theme_circle", "plot_theme_sensitivity", "theme_colour", "theme_label"
]  # fmt: skip

# Colours: the two crimes stand out in every figure, in the colours the framing
# notebook gives them (bluish green, sky blue); every other theme is grey, so a
# codebook of any size needs no more colours than the palette has.
CRIME_COLOURS: Mapping[str, str] = {"trafficking": PALETTE[2], "smuggling": PALETTE[5]}
# Periods get colours no crime uses: blue, vermillion, reddish purple, black, orange.
PERIOD_COLOURS: tuple[str, ...] = (PALETTE[0], PALETTE[3], PALETTE[4], PALETTE[7], PALETTE[1])
OTHER_COLOUR = "#9a9a9a"

_WIDTHS = (0.1, 0.2, 0.3)
_MARKERS = ("o", "s", "D", "^", "v", "P")


def theme_label(theme: str) -> str:
    """A theme name as shown in figures: underscores become spaces."""
    return theme.replace("_", " ")


def theme_colour(theme: str) -> str:
    """The colour of a theme in every figure: the two crimes' own, else grey."""
    return CRIME_COLOURS.get(theme, OTHER_COLOUR)


def _on(rgba) -> str:
    return text_colour(rgba, dark="#222222", above=0.5)


def plot_presence_by_year(presence: pd.DataFrame) -> tuple[Figure, pd.DataFrame]:
    """Theme presence by year as coloured cells: colour the share of the year's units, text
    the count; rows themes then ``NO_THEME``; columns years with their units.

    In: ``presence_by_year``. Out: the figure and ``presence``.
    """
    columns = ["year", "theme", "n_units", "n_theme", "share"]
    require_columns(presence, columns, "plot_presence_by_year")
    themes = list(dict.fromkeys(presence["theme"]))
    years = sorted(presence["year"].unique())
    shares = presence.pivot(index="theme", columns="year", values="share").reindex(themes)
    counts = presence.pivot(index="theme", columns="year", values="n_theme").reindex(themes)
    n_units = presence.drop_duplicates("year").set_index("year")["n_units"]
    fig, ax = plt.subplots(
        figsize=(max(6.0, 3.2 + 0.85 * len(years)), 1.6 + 0.36 * max(len(themes), 1))
    )
    ax.grid(False)
    title = "Theme presence by year: share of units with the theme (count in the cell)"
    if not years:
        ax.set_title(title)
        return fig, presence
    cmap = plt.get_cmap("Blues")
    colours = [[_on(cmap(float(shares.loc[t, y]))) if pd.notna(shares.loc[t, y]) else "#222222"
                for y in years] for t in themes]  # fmt: skip
    texts = [[f"{int(counts.loc[t, y])}" for y in years] for t in themes]
    image = annotated_heatmap(ax, shares.to_numpy(dtype=float), texts, colours, 8.5, cmap=cmap,
                              vmin=0, vmax=1, aspect="auto")  # fmt: skip
    ax.set_xticks(range(len(years)), [f"{y}\nn={int(n_units[y])}" for y in years])
    ax.set_yticks(range(len(themes)), [theme_label(t) for t in themes])
    if NO_THEME in themes:
        ax.axhline(themes.index(NO_THEME) - 0.5, color="#333333", linewidth=1)
    ax.tick_params(length=0)
    ax.spines[:].set_visible(False)
    ax.set(xlabel="Year (n = units in that year)", ylabel="Theme", title=title)
    bar = fig.colorbar(image, ax=ax, fraction=0.04, pad=0.02)
    bar.set_label("Share of the year's units")
    percent_axis(bar.ax.yaxis)
    return fig, presence


def plot_cooccurrence_heatmap(
    pairs: pd.DataFrame, counts: pd.DataFrame
) -> tuple[Figure, pd.DataFrame]:
    """Counts of units with both themes, coloured by Jaccard; the diagonal (grey, bold) the
    units with the theme.

    In: ``cooccurrence``; ``cooccurrence_counts``. Out: the figure and ``theme_a, theme_b,
    n_both, jaccard`` per cell (diagonal jaccard empty).
    """
    columns = ["theme_a", "theme_b", "jaccard", "n_units"]
    require_columns(pairs, columns, "plot_cooccurrence_heatmap")
    themes = list(counts.index)
    k = len(themes)
    jaccard = np.full((k, k), np.nan)
    index = {theme: number for number, theme in enumerate(themes)}
    for row in pairs.itertuples(index=False):
        i, j = index[row.theme_a], index[row.theme_b]
        jaccard[i, j] = jaccard[j, i] = row.jaccard
    cells = counts.loc[themes, themes].rename_axis(index="theme_a", columns="theme_b").stack()
    data = cells.astype("int64").rename("n_both").reset_index()
    data["jaccard"] = np.where(np.eye(k, dtype=bool), np.nan, jaccard).ravel()
    size = 2.8 + 0.55 * max(k, 1)
    fig, ax = plt.subplots(figsize=(size + 1.2, size))
    ax.grid(False)
    off = jaccard[~np.eye(k, dtype=bool)] if k > 1 else np.array([])
    top = float(np.nanmax(off)) if off.size and np.isfinite(off).any() else 1.0
    vmax = max(0.05, math.ceil(top * 10) / 10)
    cmap = plt.get_cmap("Blues").with_extremes(bad="#f0f0f0")
    colours = [["#222222" if i == j or np.isnan(jaccard[i, j])
                else _on(cmap(min(jaccard[i, j] / vmax, 1.0))) for j in range(k)]
               for i in range(k)]  # fmt: skip
    texts = [[str(int(counts.loc[a, b])) for b in themes] for a in themes]
    weights = [["bold" if i == j else "normal" for j in range(k)] for i in range(k)]
    image = annotated_heatmap(ax, np.ma.masked_invalid(jaccard), texts, colours, 8.5, weights,
                              cmap=cmap, vmin=0, vmax=vmax)  # fmt: skip
    labels = [theme_label(t) for t in themes]
    ax.set_xticks(range(k), labels, rotation=45, ha="right", rotation_mode="anchor")
    ax.set_yticks(range(k), labels)
    ax.tick_params(length=0)
    ax.spines[:].set_visible(False)
    ax.set(xlabel="Theme", ylabel="Theme")
    n_units = int(pairs["n_units"].iloc[0]) if len(pairs) else 0
    ax.set_title(f"Themes in the same unit: counts, coloured by Jaccard (n = {n_units} units)")
    bar = fig.colorbar(image, ax=ax, fraction=0.04, pad=0.02)
    bar.set_label("Jaccard index (diagonal, grey: units with the theme)")
    return fig, data


def _dot_rows(
    ax: plt.Axes,
    values: pd.DataFrame,
    rows: list[str],
    labels: list[str],
    colours: list[str],
    value: str,
    count: str,
) -> None:
    """One row per item named in ``rows``, one marker per period (column ``period``), counts
    written; x from just below 0 to a little past the largest value.
    """
    offsets = np.linspace(-0.16, 0.16, len(labels)) if len(labels) > 1 else np.zeros(1)
    # a grey line joins each row's markers, period after period
    offset = dict(zip(labels, offsets, strict=True))
    for row in range(len(rows)):
        part = values[(values["_row"] == row).to_numpy()].dropna(subset=[value])
        part = part[part["period"].isin(labels)]
        part = part.assign(_order=part["period"].map(labels.index)).sort_values("_order")
        ax.plot(
            part[value], row + part["period"].map(offset), color="#bbbbbb", linewidth=1.5, zorder=2
        )
    for number, name in enumerate(labels):
        part = values[values["period"] == name]
        y = part["_row"].to_numpy() + offsets[number]
        ax.scatter(part[value], y, marker=_MARKERS[number % len(_MARKERS)], s=34, zorder=3,
                   color=colours[number])  # fmt: skip
        for yi, x, n in zip(y, part[value], part[count], strict=True):
            if pd.notna(x):
                ax.annotate(str(int(n)), (x, yi), xytext=(5, 0), textcoords="offset points",
                            va="center", fontsize=7.5, color=colours[number])  # fmt: skip
    ax.set_ylim(len(rows) - 0.5, -0.5)
    ax.grid(axis="y", visible=False)
    ax.set_yticks(range(len(rows)), rows)
    top = values[value].max()
    ax.set_xlim(-0.03, min(1.05, 1.15 * top + 0.03) if pd.notna(top) else 1)


def plot_early_late(
    presence: pd.DataFrame,
    pairs: pd.DataFrame,
    periods: Mapping[str, tuple[int, int]],
    min_count: int = DEFAULT_MIN_COUNT,
    top: int = 12,
) -> tuple[Figure, pd.DataFrame]:
    """Periods compared: each theme's share of units, and the strongest pairs' Jaccard.

    In: ``period_presence``; ``period_cooccurrence``; the periods; ``min_count``; ``top``
    pairs (at least ``min_count`` units with both in some period, highest Jaccard first).
    Out: the figure and ``kind`` (theme or pair), ``period, theme_a, theme_b, n, n_units,
    share, jaccard``.
    """
    require_columns(presence, ["period", "theme", "n", "n_units", "share"], "plot_early_late")
    pair_columns = ["period", "theme_a", "theme_b", "n_both", "n_units", "jaccard"]
    require_columns(pairs, pair_columns, "plot_early_late")
    labels = list(check_periods(periods))
    themes = list(dict.fromkeys(presence["theme"]))
    strong = pairs[pairs["n_both"] >= min_count]
    best = strong.groupby(["theme_a", "theme_b"], sort=False)["jaccard"].max()
    chosen = list(best.sort_values(ascending=False, kind="stable").head(top).index)

    theme_rows = presence.assign(kind="theme", theme_a=presence["theme"], theme_b="",
                                 jaccard=np.nan,
                                 _row=presence["theme"].map({t: i for i, t in enumerate(themes)})
    )  # fmt: skip
    where = {pair: i for i, pair in enumerate(chosen)}
    keys = pd.Series(list(zip(pairs["theme_a"], pairs["theme_b"], strict=True)), index=pairs.index)
    pair_rows = pairs[keys.isin(list(where)).to_numpy()]
    pair_rows = pair_rows.assign(
        kind="pair",
        n=pair_rows["n_both"],
        share=pair_rows["n_both"] / pair_rows["n_units"].where(pair_rows["n_units"] > 0),
        _row=keys[pair_rows.index].map(where),
    )
    columns = ["kind", "period", "theme_a", "theme_b", "n", "n_units", "share", "jaccard"]
    data = pd.concat([theme_rows[columns], pair_rows[columns]], ignore_index=True)

    n_units = presence.drop_duplicates("period").set_index("period")["n_units"]
    colours = [PERIOD_COLOURS[i % len(PERIOD_COLOURS)] for i in range(len(labels))]
    height = 2.2 + 0.36 * max(len(themes), len(chosen), 1)
    fig, (left, right) = plt.subplots(1, 2, figsize=(12, height), layout="constrained")
    _dot_rows(left, theme_rows, [theme_label(t) for t in themes], labels, colours, "share", "n")
    left.set_xlabel("Share of the period's units with the theme (count written)")
    percent_axis(left.xaxis)
    left.set_title("Each theme: share of units")

    right.set_title(f"Strongest pairs ({min_count} or more units with both in one period)")
    if chosen:
        names = [f"{theme_label(a)} + {theme_label(b)}" for a, b in chosen]
        _dot_rows(right, pair_rows, names, labels, colours, "jaccard", "n_both")
    else:
        right.set_yticks([])
        right.text(0.5, 0.5, "no pair reaches the minimum count", ha="center", va="center",
                   transform=right.transAxes)  # fmt: skip
    right.set_xlabel("Jaccard index (units with both written)")
    handles = [Line2D([], [], linestyle="none", marker=_MARKERS[i % len(_MARKERS)],
                      color=colours[i], label=f"{name}: {periods[name][0]}-{periods[name][1]}, "
                      f"n = {int(n_units.get(name, 0))} units")
               for i, name in enumerate(labels)]  # fmt: skip
    fig.legend(handles=handles, loc="outside lower center", ncols=len(labels))
    fig.suptitle("Early against late: each theme, and the strongest pairs, by period")
    return fig, data


def plot_crime_profiles(profiles: pd.DataFrame) -> tuple[Figure, pd.DataFrame]:
    """The themes of each crime's units side by side, bars of shares with "n_both/n_crime".

    In: ``crime_profiles``. Out: the figure and ``profiles``.
    """
    columns = ["crime", "theme", "n_crime", "n_both", "share"]
    require_columns(profiles, columns, "plot_crime_profiles")
    crimes = list(dict.fromkeys(profiles["crime"]))
    themes = list(dict.fromkeys(profiles["theme"]))
    fig, ax = plt.subplots(figsize=(9, 1.8 + 0.45 * max(len(themes), 1)), layout="constrained")
    height = 0.8 / max(len(crimes), 1)
    for number, crime in enumerate(crimes):
        part = profiles[profiles["crime"] == crime].set_index("theme").reindex(themes)
        y = np.arange(len(themes)) - 0.4 + height * (number + 0.5)
        n_crime = int(part["n_crime"].iloc[0]) if len(part) else 0
        colour = CRIME_COLOURS.get(crime, PERIOD_COLOURS[number % len(PERIOD_COLOURS)])
        shares = part["share"].fillna(0)
        ax.barh(y, shares, height=height * 0.92, color=colour,
                label=f"{theme_label(crime)} (n = {n_crime} units)")  # fmt: skip
        for yi, share, n in zip(y, shares, part["n_both"], strict=True):
            ax.annotate(f"{int(n)}/{n_crime}", (share, yi), xytext=(3, 0),
                        textcoords="offset points", va="center", fontsize=7.5)  # fmt: skip
    ax.set_yticks(range(len(themes)), [theme_label(t) for t in themes])
    ax.set_ylim(len(themes) - 0.5, -0.5)
    top = profiles["share"].max()
    ax.set_xlim(0, min(1.1, 1.2 * top + 0.05) if pd.notna(top) else 1)
    ax.grid(axis="y", visible=False)
    ax.set_xlabel("Share of the crime's units that also have the theme (count written)")
    percent_axis(ax.xaxis)
    ax.set_ylabel("Theme")
    names = " and with ".join(theme_label(crime) for crime in crimes)
    ax.set_title(f"Themes that travel with {names}")
    ax.legend(loc="lower right")
    return fig, profiles


def edge_width(jaccard: float) -> float:
    """Line width in points for a Jaccard index: 0.5 + 20 x Jaccard (0.1 -> 2.5, 0.3 -> 6.5)."""
    return 0.5 + 20.0 * float(jaccard)


def plot_theme_circle(
    pairs: pd.DataFrame, counts: pd.DataFrame, min_count: int
) -> tuple[Figure, pd.DataFrame]:
    """The theme network on a circle in codebook order, labels outside it.

    In: ``cooccurrence``; ``theme_counts``; the fewest shared units for an edge. Out: the
    figure (node area by units; edge width by Jaccard, with a width legend; shared counts in
    the data, not on the lines) and ``kind, theme_a, theme_b, n, jaccard, x, y`` (an edge's
    middle).
    """
    require_columns(pairs, ["theme_a", "theme_b", "n_both", "jaccard"], "plot_theme_circle")
    require_columns(counts, ["theme", "n"], "plot_theme_circle")
    names = list(counts["theme"])
    n_by = dict(zip(counts["theme"], counts["n"], strict=True))
    k = max(len(names), 1)
    angle = {t: math.pi / 2 - 2 * math.pi * i / k for i, t in enumerate(names)}
    xy = {t: (math.cos(a), math.sin(a)) for t, a in angle.items()}
    edges = pairs[pairs["n_both"] >= min_count].sort_values("jaccard", kind="stable")
    fig, ax = plt.subplots(figsize=(8.5, 8))
    ax.set_aspect("equal")
    ax.axis("off")
    edge_rows, node_rows = [], []
    for e in edges.itertuples(index=False):
        (x1, y1), (x2, y2) = xy[e.theme_a], xy[e.theme_b]
        ax.plot([x1, x2], [y1, y2], color="#7a9cc6", linewidth=edge_width(e.jaccard), alpha=0.8,
                solid_capstyle="butt", zorder=1)  # fmt: skip
        mx, my = (x1 + x2) / 2, (y1 + y2) / 2
        edge_rows.append({"kind": "edge", "theme_a": e.theme_a, "theme_b": e.theme_b,
                     "n": int(e.n_both), "jaccard": round(float(e.jaccard), 4), "x": round(mx, 4),
                     "y": round(my, 4)})  # fmt: skip
    top = max(n_by.values()) if n_by else 1
    for t in names:
        x, y = xy[t]
        ax.scatter([x], [y], s=60 + 900 * n_by[t] / max(top, 1), color=theme_colour(t),
                   edgecolor="white", linewidth=1.2, zorder=2)  # fmt: skip
        a = angle[t]
        lx, ly = 1.22 * math.cos(a), 1.22 * math.sin(a)
        ha = "center" if abs(math.cos(a)) < 0.3 else ("left" if math.cos(a) > 0 else "right")
        ax.text(lx, ly, f"{theme_label(t)}\n({n_by[t]})", ha=ha, va="center", fontsize=9)
        node_rows.append({"kind": "node", "theme_a": t, "theme_b": "", "n": int(n_by[t]),
                          "jaccard": np.nan, "x": round(x, 4), "y": round(y, 4)})  # fmt: skip
    ax.set_xlim(-1.75, 1.75)
    ax.set_ylim(-1.5, 1.45)
    handles = [
        Line2D([], [], color="#7a9cc6", linewidth=edge_width(w), label=f"Jaccard {w:.1f}")
        for w in _WIDTHS
    ]
    ax.legend(handles=handles, loc="lower center", bbox_to_anchor=(0.5, -0.06), ncols=3,
              title=f"A line: {min_count} or more units with both; width by Jaccard index",
              title_fontsize=8.5, fontsize=8.5)  # fmt: skip
    ax.set_title("Which themes share units: node size and (count) = units with the theme")
    columns = ["kind", "theme_a", "theme_b", "n", "jaccard", "x", "y"]
    data = pd.DataFrame(node_rows + edge_rows, columns=columns)
    return fig, data


def plot_theme_sensitivity(
    tests: pd.DataFrame, first: str, second: str
) -> tuple[Figure, pd.DataFrame]:
    """The headline period comparisons under each coding choice.

    In: ``period_tests``; the two periods. Out: the figure (a row per theme and variant: the
    difference of shares with its 95% interval, filled when q < 0.05; counts written) and
    ``tests`` without ``text``.
    """
    counts = ["k_first", "n_first", "k_second", "n_second"]
    columns = ["theme", "variant", *counts, "difference", "ci_low", "ci_high", "q", "text"]
    require_columns(tests, columns, "plot_theme_sensitivity")
    data = tests.drop(columns="text").reset_index(drop=True)
    themes = list(dict.fromkeys(data["theme"]))
    variants = list(dict.fromkeys(data["variant"]))
    fig, ax = plt.subplots(figsize=(9, 1.2 + 0.32 * max(len(data), 1)))
    y, labels = 0, []
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
            ax.plot([r["difference"]], [y], "o", color=colour, markersize=6,
                    markerfacecolor=colour if filled else "white", clip_on=False)  # fmt: skip
            ax.annotate(f"{r['k_first']}/{r['n_first']} → {r['k_second']}/{r['n_second']}",
                        (max(r["ci_high"], r["difference"]), y), xytext=(6, 0),
                        textcoords="offset points", va="center", fontsize=7.5)  # fmt: skip
            ticks.append(y)
            labels.append(f"{theme_label(theme)} · {variant}")
            y += 1
        y += 0.6
    ax.set_yticks(ticks, labels, fontsize=8)
    ax.invert_yaxis()
    ax.axvline(0, color="#333333", linewidth=0.8)
    ax.set_xlim(-0.6, 0.75)
    ax.grid(axis="y", visible=False)
    ax.set_xlabel(
        f"Share of units in {second} minus share in {first}, percentage points (95% CI); "
        "filled: q < 0.05"
    )
    percent_axis(ax.xaxis, points=True)
    ax.set_title(f"How the {first}/{second} comparisons move under each coding choice")
    fig.tight_layout()
    return fig, data
