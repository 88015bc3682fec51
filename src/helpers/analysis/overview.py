"""Describe a loaded corpus: tables of its documents, of what cleaning removed, and two figures.

Every function takes the tables of a :class:`helpers.corpus.load.Corpus` (or
DataFrames with the same columns) and returns a new DataFrame, or a matplotlib
figure and the DataFrame it plots. Nothing is printed, saved or changed in
place; importing this module changes no setting.

- :func:`corpus_overview`: one row per document (date, place, type, title, size)
- :func:`cleaning_summary`: per document, how many words and lines cleaning removed
- :func:`lines_by_role`: how many lines of each page got each role
- :func:`navigation_in_text`: every menu line, and whether its words reach the clean text
- :func:`documents_per_year`: documents and words per year and type of page
- :func:`plot_timeline`, :func:`plot_documents_per_year`: the two figures of notebook 01
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from helpers.base.checks import require_columns
from helpers.corpus.lines import BULLET

__all__ = [
    "CLEANING_COLUMNS",
    "DOC_TYPES",
    "NAVIGATION_COLUMNS",
    "OVERVIEW_COLUMNS",
    "PER_YEAR_COLUMNS",
    "ROLES",
    "TIMELINE_COLUMNS",
    "TIMELINE_LABELS_UP_TO",
    "cleaning_summary",
    "corpus_overview",
    "documents_per_year",
    "lines_by_role",
    "navigation_in_text",
    "ordered_doc_types",
    "plot_documents_per_year",
    "plot_timeline",
]

# The roles helpers.corpus.pages gives to lines, in the order tables show them.
ROLES: tuple[str, ...] = (
    "body", "title", "label", "header", "metadata", "navigation", "repeat", "chrome", "blank",
)  # fmt: skip
# Types of page in the order tables and figures show them; other types follow alphabetically.
DOC_TYPES: tuple[str, ...] = ("press release", "event", "other")

OVERVIEW_COLUMNS = [
    "doc_id", "date", "year", "place", "doc_type", "title", "n_words", "n_sentences",
]  # fmt: skip
CLEANING_COLUMNS = [
    "doc_id", "raw_words", "n_words", "share_kept", "nav_lines", "metadata_lines",
    "repeats_dropped", "repeat_lines", "chrome_lines",
]  # fmt: skip
NAVIGATION_COLUMNS = ["doc_id", "line_no", "text", "item", "whole_paragraph", "inside_text"]
PER_YEAR_COLUMNS = ["year", "doc_type", "n_documents", "n_words"]
TIMELINE_COLUMNS = ["doc_id", "date", "doc_type", "place", "n_words", "row"]
TIMELINE_LABELS_UP_TO = 25  # documents: above this, markers are not labelled (they would overlap)

_FALLBACK_COLOURS = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9"]


def _palette() -> list[str]:
    """The project's colours (``helpers.base.style.PALETTE``), or a colour-blind safe fallback."""
    try:
        from helpers.base.style import PALETTE
    except (ImportError, AttributeError):
        return list(_FALLBACK_COLOURS)
    return list(PALETTE) or list(_FALLBACK_COLOURS)


def ordered_doc_types(values: Iterable[str]) -> list[str]:
    """Return the distinct doc types of ``values``: those of ``DOC_TYPES`` first, in that
    order, then any other type alphabetically."""
    present = set(values)
    known = [t for t in DOC_TYPES if t in present]
    return known + sorted(present - set(DOC_TYPES))


def _iso_dates(dates: pd.Series) -> pd.Series:
    """Dates (datetime or text) as ``yyyy-mm-dd`` strings; a missing date becomes ``""``."""
    parsed = pd.to_datetime(dates, errors="coerce")
    return parsed.dt.strftime("%Y-%m-%d").fillna("").astype(str)


def _by_date(documents: pd.DataFrame) -> pd.DataFrame:
    """``documents`` sorted by date, then doc_id, with a fresh 0..n-1 index."""
    order = documents.assign(_date=pd.to_datetime(documents["date"], errors="coerce"))
    order = order.sort_values(["_date", "doc_id"], kind="stable", na_position="last")
    return order.drop(columns="_date").reset_index(drop=True)


def corpus_overview(documents: pd.DataFrame) -> pd.DataFrame:
    """One row per document, oldest first.

    In: a documents table (``Corpus.documents``; needs ``doc_id, date, year,
    place, doc_type, title, n_words, n_sentences``). Out: a new DataFrame with
    exactly those columns, sorted by date then doc_id, ``date`` as a
    ``yyyy-mm-dd`` string.
    """
    require_columns(
        documents,
        ["doc_id", "date", "year", "place", "doc_type", "title", "n_words", "n_sentences"],
        "corpus_overview",
    )
    table = _by_date(documents)[OVERVIEW_COLUMNS].copy()
    table["date"] = _iso_dates(table["date"])
    return table


def cleaning_summary(documents: pd.DataFrame, lines: pd.DataFrame) -> pd.DataFrame:
    """Per document, how much of the saved page cleaning kept and what it removed.

    In: a documents table (needs ``doc_id, date, raw_words, n_words,
    repeats_dropped``) and a lines table (``Corpus.lines``: ``doc_id, role``).
    Out: one row per document, oldest first, with the columns
    ``CLEANING_COLUMNS``: ``raw_words`` (words in the file as saved),
    ``n_words`` (words in the clean text), ``share_kept`` (n_words / raw_words,
    rounded to 3 decimals; NaN when the file had no words), the number of
    lines whose role is navigation (``nav_lines``), metadata
    (``metadata_lines``), repeat (``repeat_lines``) or chrome
    (``chrome_lines``), and ``repeats_dropped``, the repeated *paragraphs*
    dropped (a paragraph may span several lines). A document without lines in
    ``lines`` has 0 of each.
    """
    columns = ["doc_id", "date", "raw_words", "n_words", "repeats_dropped"]
    require_columns(documents, columns, "cleaning_summary")
    require_columns(lines, ["doc_id", "role"], "cleaning_summary")
    docs = _by_date(documents)
    counts = (
        pd.crosstab(lines["doc_id"], lines["role"])
        if len(lines)
        else pd.DataFrame(index=pd.Index([], name="doc_id"))
    )
    table = pd.DataFrame({"doc_id": docs["doc_id"]})
    table["raw_words"] = docs["raw_words"].astype("int64")
    table["n_words"] = docs["n_words"].astype("int64")
    raw = table["raw_words"].where(table["raw_words"] > 0)
    table["share_kept"] = (table["n_words"] / raw).round(3)
    for column, role in (("nav_lines", "navigation"), ("metadata_lines", "metadata")):
        table[column] = _role_count(counts, role, table["doc_id"])
    table["repeats_dropped"] = docs["repeats_dropped"].astype("int64")
    table["repeat_lines"] = _role_count(counts, "repeat", table["doc_id"])
    table["chrome_lines"] = _role_count(counts, "chrome", table["doc_id"])
    return table[CLEANING_COLUMNS]


def _role_count(counts: pd.DataFrame, role: str, doc_ids: pd.Series) -> pd.Series:
    """The number of lines with ``role`` for each of ``doc_ids`` (0 when none)."""
    if role not in counts.columns:
        return pd.Series(0, index=doc_ids.index, dtype="int64")
    return doc_ids.map(counts[role]).fillna(0).astype("int64")


def lines_by_role(lines: pd.DataFrame, doc_order: Sequence[str] | None = None) -> pd.DataFrame:
    """Count the lines of each document by role: a crosstab with totals.

    In: a lines table (``Corpus.lines``: ``doc_id, role``); optionally the
    order of the documents (e.g. ``corpus_overview(...)["doc_id"]``; default:
    sorted doc_ids). Out: a DataFrame indexed by ``doc_id`` plus a last row
    ``total``; one column per role of ``ROLES`` (always all of them, in that
    order, 0 when absent; a role not in ``ROLES`` follows alphabetically) and
    a last column ``total``. Documents of ``doc_order`` without lines get a row
    of zeros; documents of ``lines`` missing from ``doc_order`` are added after it.
    """
    require_columns(lines, ["doc_id", "role"], "lines_by_role")
    found = list(dict.fromkeys(lines["doc_id"]))
    order = list(dict.fromkeys(doc_order)) if doc_order is not None else sorted(found)
    order += sorted(set(found) - set(order))
    roles = list(ROLES) + sorted(set(lines["role"]) - set(ROLES))
    table = (
        pd.crosstab(lines["doc_id"], lines["role"])
        if len(lines)
        else pd.DataFrame(index=pd.Index([], name="doc_id"))
    )
    table = table.reindex(index=order, columns=roles, fill_value=0).astype("int64")
    table["total"] = table.sum(axis=1)
    table.loc["total"] = table.sum(axis=0)
    table.index.name = "doc_id"
    table.columns.name = "role"
    return table


def _bullet_text(text: str) -> str:
    return BULLET.sub("", str(text), count=1).strip()


def _normalise(text: str) -> str:
    return " ".join(str(text).casefold().split())


def _has_words(item: str, text: str) -> bool:
    """Whether ``item`` occurs in ``text`` as whole words (not inside a longer word)."""
    return re.search(r"(?<!\w)" + re.escape(item) + r"(?!\w)", text) is not None


def navigation_in_text(documents: pd.DataFrame, lines: pd.DataFrame) -> pd.DataFrame:
    """Check every navigation line of every page against that page's clean text.

    In: a documents table (``doc_id, text``; paragraphs separated by blank
    lines) and a lines table (``doc_id, line_no, text, role``). Out: one row
    per line whose role is ``navigation``, in the order of ``lines``, with
    ``item`` (the line without its bullet), ``whole_paragraph`` (True when
    the item is, by itself, a paragraph of the clean text: a menu line that
    leaked through) and ``inside_text`` (True when the item occurs as words
    inside the clean text, e.g. a country named in a sentence, which is
    expected). Lines of documents not in ``documents`` are checked against
    an empty text.
    """
    require_columns(documents, ["doc_id", "text"], "navigation_in_text")
    require_columns(lines, ["doc_id", "line_no", "role", "text"], "navigation_in_text")
    texts = dict(zip(documents["doc_id"], documents["text"].fillna("").astype(str), strict=True))
    nav = lines.loc[lines["role"] == "navigation", ["doc_id", "line_no", "text"]]
    nav = nav.reset_index(drop=True)
    items: dict[str, tuple[str, str]] = {}  # a menu line repeats on every page: worked out once
    n_lines = len(nav)
    item_column: list[str] = []
    whole = np.zeros(n_lines, dtype=bool)
    inside = np.zeros(n_lines, dtype=bool)
    # Built column by column, and the paragraphs of one document at a time: a
    # large corpus has millions of menu lines.
    current, paragraphs = None, set()
    for row, (doc_id, text) in enumerate(zip(nav["doc_id"], nav["text"], strict=True)):
        if text not in items:
            item = _bullet_text(text)
            items[text] = (item, _normalise(item))
        item, normalised = items[text]
        item_column.append(item)
        if not item:
            continue
        if doc_id != current:
            current, paragraphs = doc_id, _paragraph_set(texts.get(doc_id, ""))
        doc_text = texts.get(doc_id, "")
        whole[row] = normalised in paragraphs
        # the plain substring test first: the word-boundary search only where it can succeed
        inside[row] = item in doc_text and _has_words(item, doc_text)
    nav["item"] = pd.Series(item_column, dtype=nav["text"].dtype)
    nav["whole_paragraph"] = whole
    nav["inside_text"] = inside
    return nav[NAVIGATION_COLUMNS]


def _paragraph_set(text: str) -> set[str]:
    """The paragraphs of a clean text (separated by blank lines), as ``_normalise`` makes them."""
    return {_normalise(p) for p in re.split(r"\n\s*\n", text) if p.strip()}


def documents_per_year(documents: pd.DataFrame, years: range | None = None) -> pd.DataFrame:
    """Count documents and words per year and type of page, zeros included.

    In: a documents table (``year, doc_type, n_words``); ``years``, the years
    to show (e.g. ``range(2003, 2018)``), or None for the years that have
    documents. A year of ``documents`` outside ``years`` is added, never
    dropped, so the counts always add up to the number of documents.
    Out: one row per year and doc type (every type present in ``documents``,
    ordered as ``ordered_doc_types``), sorted by year: ``year, doc_type,
    n_documents, n_words``; 0 where a year has no document of that type.
    """
    require_columns(documents, ["year", "doc_type", "n_words"], "documents_per_year")
    present = set(documents["year"].astype("int64"))
    all_years = sorted(present | set(years if years is not None else []))
    types = ordered_doc_types(documents["doc_type"])
    grid = pd.MultiIndex.from_product([all_years, types], names=["year", "doc_type"])
    counts = (
        documents.assign(year=documents["year"].astype("int64"))
        .groupby(["year", "doc_type"])
        .agg(n_documents=("doc_type", "size"), n_words=("n_words", "sum"))
        .reindex(grid, fill_value=0)
        .reset_index()
    )
    return counts.astype({"year": "int64", "n_documents": "int64", "n_words": "int64"})[
        PER_YEAR_COLUMNS
    ]


def plot_timeline(
    documents: pd.DataFrame, labels_up_to: int = TIMELINE_LABELS_UP_TO
) -> tuple[Figure, pd.DataFrame]:
    """Draw the corpus as a timeline: one marker per document at its date.

    In: a documents table (``doc_id, date, doc_type, place, n_words``);
    ``labels_up_to``, the most documents whose markers get labels (above it,
    smaller, half-transparent markers without labels, and the title says so).
    Out: the figure (one row per doc type, each marker labelled with the
    document's place and word count, a title and axis labels) and the data
    plotted, one row per document, oldest first: ``doc_id, date``
    (yyyy-mm-dd), ``doc_type, place, n_words`` and ``row`` (the marker's
    height: 0 is the bottom row). The figure is made with ``plt.subplots`` and
    not shown: in a notebook it displays when the cell ends.
    """
    require_columns(documents, ["doc_id", "date", "doc_type", "place", "n_words"], "plot_timeline")
    docs = _by_date(documents)
    types = ordered_doc_types(docs["doc_type"])
    rows = {doc_type: len(types) - 1 - i for i, doc_type in enumerate(types)}  # first on top
    colours = _palette()
    data = pd.DataFrame(
        {
            "doc_id": docs["doc_id"],
            "date": _iso_dates(docs["date"]),
            "doc_type": docs["doc_type"],
            "place": docs["place"].fillna("").astype(str),
            "n_words": docs["n_words"].astype("int64"),
            "row": docs["doc_type"].map(rows).astype("int64"),
        },
        columns=TIMELINE_COLUMNS,
    )
    fig, ax = plt.subplots(figsize=(8, 1.5 + 0.8 * max(len(types), 1)))
    if data.empty:
        ax.set_title("The corpus: no documents")
        ax.set_xlabel("Date of publication")
        ax.set_ylabel("Type of page")
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
    ax.set_xlabel("Date of publication")
    ax.set_ylabel("Type of page")
    return fig, data


def _label_markers(ax: Axes, x: np.ndarray, data: pd.DataFrame) -> None:
    """Label each timeline marker with its place and word count, alternately above and
    below the marker in each row, so that near neighbours do not overlap."""
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
    """Draw the number of documents per year as bars stacked by type of page.

    In: a documents table and ``years`` as for :func:`documents_per_year`.
    Out: the figure (one bar slot per year, so years without documents show
    as gaps marked 0; a title, axis labels and a legend) and the data plotted,
    the table returned by :func:`documents_per_year`. Made with
    ``plt.subplots`` and not shown.
    """
    data = documents_per_year(documents, years)
    colours = _palette()
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
    ax.set_xlabel("Year")
    ax.set_ylabel("Number of documents")
    if types:
        ax.legend(loc="upper left", ncols=len(types))
    return fig, data
