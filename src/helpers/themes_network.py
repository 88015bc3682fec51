"""The theme network as a graph: themes as nodes, an edge where two themes share units.

:func:`theme_graph` builds the graph from ``themes_counts.cooccurrence`` and
``themes_counts.theme_counts``; :func:`network_layout` places its nodes the same way
on every run; :func:`plot_theme_network` draws it (node size by units with the
theme, edge width by Jaccard) and returns the figure and the data drawn.
Notebook 04 draws the network on a circle instead
(``themes_figures.plot_theme_circle``). Pure functions; importing changes no setting.
"""

from __future__ import annotations

import math

import matplotlib.pyplot as plt
import networkx as nx
import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from .themes import CRIMES
from .themes_counts import DEFAULT_MIN_COUNT
from .themes_figures import theme_colour, theme_label

__all__ = ["network_layout", "plot_theme_network", "theme_graph"]


def network_layout(graph: nx.Graph, seed: int = 4) -> dict[str, tuple[float, float]]:
    """A reproducible layout of the theme network.

    In: the graph of ``theme_graph``; ``seed`` for the spring layout. Out:
    node -> (x, y), rounded to 4 decimals. The nodes start on a circle in
    codebook order and a spring layout (edge weight: Jaccard) pulls linked
    themes together, so the same graph and seed give the same positions.
    """
    if graph.number_of_nodes() == 0:
        return {}
    start = nx.circular_layout(graph)
    pos = nx.spring_layout(
        graph, pos=start, seed=seed, weight="weight", iterations=200, k=1.6 / math.sqrt(len(graph))
    )
    return {node: (round(float(x), 4), round(float(y), 4)) for node, (x, y) in pos.items()}


def _edge_width(jaccard: float) -> float:
    return 0.8 + 14 * jaccard


def theme_graph(
    pairs: pd.DataFrame, counts: pd.DataFrame, min_count: int = DEFAULT_MIN_COUNT
) -> nx.Graph:
    """The theme network: themes as nodes, an edge where two themes share enough units.

    In: the output of ``cooccurrence`` and of ``theme_counts``; ``min_count``.
    Out: an undirected graph; nodes in codebook order with attribute ``n``
    (units with the theme); an edge for each pair with ``n_both >= min_count``,
    attributes ``n_both`` and ``weight`` (the Jaccard index).
    """
    graph = nx.Graph()
    for row in counts.itertuples(index=False):
        graph.add_node(row.theme, n=int(row.n))
    for row in pairs[pairs["n_both"] >= min_count].itertuples(index=False):
        graph.add_edge(row.theme_a, row.theme_b, n_both=int(row.n_both), weight=float(row.jaccard))
    return graph


def plot_theme_network(
    pairs: pd.DataFrame,
    counts: pd.DataFrame,
    min_count: int = DEFAULT_MIN_COUNT,
    seed: int = 4,
) -> tuple[Figure, pd.DataFrame]:
    """The theme network: node size by frequency, edge width by Jaccard.

    In: the output of ``cooccurrence`` and ``theme_counts``; ``min_count``
    (pairs below it get no edge); ``seed`` (``network_layout``). Out: the
    figure and the data plotted: one row per node (``kind = "node"``:
    ``theme_a``, ``n`` = units with the theme, ``x, y``) then per edge
    (``kind = "edge"``: ``theme_a, theme_b``, ``n`` = units with both,
    ``jaccard``).
    """
    graph = theme_graph(pairs, counts, min_count)
    pos = network_layout(graph, seed)
    rows = [
        {
            "kind": "node",
            "theme_a": node,
            "theme_b": "",
            "n": graph.nodes[node]["n"],
            "jaccard": np.nan,
            "x": pos[node][0],
            "y": pos[node][1],
        }
        for node in graph.nodes
    ] + [
        {
            "kind": "edge",
            "theme_a": a,
            "theme_b": b,
            "n": d["n_both"],
            "jaccard": d["weight"],
            "x": np.nan,
            "y": np.nan,
        }
        for a, b, d in graph.edges(data=True)
    ]
    data = pd.DataFrame(rows, columns=["kind", "theme_a", "theme_b", "n", "jaccard", "x", "y"])
    fig, ax = plt.subplots(figsize=(9, 8), layout="constrained")
    ax.grid(False)
    ax.set_axis_off()
    n_units = int(counts["n_units"].iloc[0]) if len(counts) else 0
    ax.set_title(
        f"Theme network: an edge where two themes share {min_count} or more units "
        f"(n = {n_units} units)"
    )
    if not pos:
        return fig, data
    n_max = max(max(d["n"] for _, d in graph.nodes(data=True)), 1)
    for a, b, d in graph.edges(data=True):
        (xa, ya), (xb, yb) = pos[a], pos[b]
        ax.plot(
            [xa, xb],
            [ya, yb],
            color="#666666",
            alpha=0.5,
            zorder=1,
            linewidth=_edge_width(d["weight"]),
            solid_capstyle="round",
        )
    for node, d in graph.nodes(data=True):
        x, y = pos[node]
        size = 80 + 2200 * d["n"] / n_max
        ax.scatter(
            [x], [y], s=size, color=theme_colour(node), zorder=2, edgecolor="white", linewidth=1.2
        )
        # the label sits just below the marker (its radius in points is sqrt(size) / 2)
        ax.annotate(
            f"{theme_label(node)} ({d['n']})",
            (x, y),
            xytext=(0, -(math.sqrt(size) / 2 + 2)),
            textcoords="offset points",
            ha="center",
            va="top",
            fontsize=9,
            zorder=4,
            bbox={
                "boxstyle": "round,pad=0.15",
                "facecolor": "white",
                "alpha": 0.8,
                "edgecolor": "none",
            },
        )
    xs = [p[0] for p in pos.values()]
    ys = [p[1] for p in pos.values()]
    ax.set_xlim(min(xs) - 0.25, max(xs) + 0.25)
    ax.set_ylim(min(ys) - 0.25, max(ys) + 0.15)
    handles = [
        Line2D([], [], color="#666666", alpha=0.5, linewidth=_edge_width(j), label=f"{j}")
        for j in (0.1, 0.25, 0.5)
    ] + [
        Line2D(
            [],
            [],
            linestyle="none",
            marker="o",
            markersize=9,
            color=theme_colour(c),
            label=theme_label(c),
        )
        for c in CRIMES
        if c in graph
    ]
    fig.legend(
        handles=handles,
        loc="outside lower center",
        ncols=len(handles),
        fontsize=8.5,
        title="Edge width: Jaccard index; node area: units with the theme (in brackets)",
        title_fontsize=8.5,
    )
    return fig, data
