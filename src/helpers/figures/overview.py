"""Figures of notebook 01: the corpus as a timeline and as documents per year."""

from __future__ import annotations

import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from helpers.analysis.overview import by_date, documents_per_year, iso_dates, ordered_doc_types
from helpers.base.checks import require_columns
from helpers.base.style import PALETTE

__all__ = [
    "TIMELINE_COLUMNS", "TIMELINE_LABELS_UP_TO", "plot_document_counts", "plot_documents_per_year",
    "plot_timeline",
]  # fmt: skip

TIMELINE_COLUMNS = ["doc_id", "date", "doc_type", "place", "n_words", "row"]
TIMELINE_LABELS_UP_TO = 25  # documents: above this, markers are not labelled (they would overlap)


def plot_timeline(
    documents: pd.DataFrame, labels_up_to: int = TIMELINE_LABELS_UP_TO
) -> tuple[Figure, pd.DataFrame]:
    """The corpus as a timeline: one marker per document at its date, a row per doc type.

    In: documents (``doc_id, date, doc_type, place, n_words``); the most documents whose
    markers are labelled with place and words (above it, small markers and a title note).
    Out: the figure and ``TIMELINE_COLUMNS``, oldest first (``row`` 0 is the bottom row).
    """
    require_columns(documents, ["doc_id", "date", "doc_type", "place", "n_words"], "plot_timeline")
    docs = by_date(documents)
    types = ordered_doc_types(docs["doc_type"])
    rows = {doc_type: len(types) - 1 - i for i, doc_type in enumerate(types)}  # first on top
    colours = list(PALETTE)
    data = pd.DataFrame({"doc_id": docs["doc_id"], "date": iso_dates(docs["date"]),
                        "doc_type": docs["doc_type"], "place": docs["place"].fillna("").astype(str),
                        "n_words": docs["n_words"].astype("int64"),
                        "row": docs["doc_type"].map(rows).astype("int64")},
                        columns=TIMELINE_COLUMNS)  # fmt: skip
    fig, ax = plt.subplots(figsize=(8, 1.5 + 0.8 * max(len(types), 1)))
    if data.empty:
        ax.set(
            title="The corpus: no documents", xlabel="Date of publication", ylabel="Type of page"
        )
        return fig, data

    x = mdates.date2num(pd.to_datetime(data["date"]).dt.to_pydatetime())
    labelled = len(data) <= labels_up_to
    for doc_type in types:
        mask = (data["doc_type"] == doc_type).to_numpy()
        colour = colours[types.index(doc_type) % len(colours)]
        ax.scatter(x[mask], data.loc[mask, "row"], s=70 if labelled else 12, color=colour,
                   zorder=3, edgecolor="white", linewidth=0.8 if labelled else 0,
                   alpha=1 if labelled else 0.4)  # fmt: skip
    if labelled:
        _label_markers(ax, x, data)

    first, last = pd.to_datetime(data["date"]).dt.year.agg(["min", "max"])
    span = int(last - first) + 2
    # A year and a quarter either side: a label centred on a marker early or late in the
    # period stays clear of the y-axis and of the right edge.
    ax.set_xlim(mdates.date2num(pd.Timestamp(first - 1, 1, 1)),
                mdates.date2num(pd.Timestamp(last + 2, 1, 1)))  # fmt: skip
    step = max(1, -(-span // 9))  # at most about nine labelled years, starting at the first
    ticks = range(int(first), int(last) + 2, step)
    ax.set_xticks([mdates.date2num(pd.Timestamp(y, 1, 1)) for y in ticks],
                  [str(y) for y in ticks])  # fmt: skip
    ax.xaxis.set_minor_locator(mdates.YearLocator())
    ax.set_ylim(-0.8, len(types) - 0.2)
    ax.set_yticks(sorted(rows.values()), [t for t, _ in sorted(rows.items(), key=lambda i: i[1])])
    ax.grid(axis="y", visible=False)
    years = f"{first}–{last}" if first != last else f"{first}"
    n = len(data)
    note = "" if labelled else f" (markers not labelled above {labels_up_to} documents)"
    ax.set_title(f"The corpus: {n:,} document{'s' if n != 1 else ''}, {years}{note}")
    ax.set(xlabel="Date of publication", ylabel="Type of page")
    return fig, data


def _label_markers(ax: Axes, x: np.ndarray, data: pd.DataFrame) -> None:
    """Place and words beside each marker, alternately above and below within a row."""
    seen_in_row: dict[int, int] = {}
    for xi, row in zip(x, data.itertuples(index=False), strict=True):
        k = seen_in_row.get(row.row, 0)
        seen_in_row[row.row] = k + 1
        above = k % 2 == 0
        label = f"{row.place}\n{row.n_words:,} words" if row.place else f"{row.n_words:,} words"
        ax.annotate(label, xy=(xi, row.row), xytext=(0, 9 if above else -9),
                    textcoords="offset points", ha="center",
                    va="bottom" if above else "top", fontsize=8.5)  # fmt: skip


def plot_documents_per_year(
    documents: pd.DataFrame, years: range | None = None
) -> tuple[Figure, pd.DataFrame]:
    """Documents per year as bars stacked by type of page; a year without documents shows 0.

    In: documents and ``years``, as ``documents_per_year``. Out: the figure and that table.
    """
    require_columns(documents, ["year", "doc_type", "n_words"], "plot_documents_per_year")
    return plot_document_counts(documents_per_year(documents, years))


def plot_document_counts(data: pd.DataFrame) -> tuple[Figure, pd.DataFrame]:
    """:func:`plot_documents_per_year` of a table already counted.

    In: ``documents_per_year`` (or ``documents_per_year_from_counts``). Out: the figure, the table.
    """
    require_columns(data, ["year", "doc_type", "n_documents"], "plot_document_counts")
    colours = list(PALETTE)
    types = ordered_doc_types(data["doc_type"])
    all_years = sorted(data["year"].unique())
    fig, ax = plt.subplots(figsize=(8, 3.2))
    bottom = pd.Series(0, index=all_years, dtype="int64")
    for i, doc_type in enumerate(types):
        counts = data[data["doc_type"] == doc_type].set_index("year")["n_documents"]
        counts = counts.reindex(all_years, fill_value=0)
        ax.bar(all_years, counts, bottom=bottom, width=0.7, label=doc_type,
               color=colours[i % len(colours)], zorder=2)  # fmt: skip
        bottom += counts
    for year, total in bottom.items():
        ax.annotate(str(total), xy=(year, total), xytext=(0, 2), textcoords="offset points",
                    ha="center", va="bottom", fontsize=8.5,
                    color="#333333" if total else "#888888")  # fmt: skip
    ax.set_xticks(all_years, [str(y) for y in all_years], rotation=45 if len(all_years) > 16 else 0)
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_ylim(0, max(int(bottom.max()) if len(bottom) else 0, 1) * 1.45)  # room for the legend
    ax.grid(axis="x", visible=False)
    ax.set_title("Documents per year, by type of page")
    ax.set(xlabel="Year", ylabel="Number of documents")
    if types:
        ax.legend(loc="upper left", ncols=len(types))
    return fig, data
