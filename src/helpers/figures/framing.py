"""Figures of notebook 02: frames by year, by document, with intervals; quotations; variants.

Documents are named by year and place (``helpers.corpus.labels``), never by a hash id.
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping, Sequence

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator, PercentFormatter

from helpers.analysis.findings import format_p
from helpers.analysis.framing import frame_counts_long
from helpers.analysis.framing_report import (
    BOOT_COLUMNS,
    SENTENCE_COLUMNS,
    sentences_table,
    short_speaker,  # fmt: skip
)
from helpers.analysis.stats import wilson_interval
from helpers.base.checks import require_columns
from helpers.base.prose import quotation_whole
from helpers.base.style import FRAME_COLOURS, RIGHTS_COLOUR, SECURITY_COLOUR, percent_axis
from helpers.corpus.labels import LABEL_COLUMNS, document_labels
from helpers.figures.heatmap import annotated_heatmap, text_colour
from helpers.reading.framing import FRAMES

__all__ = ["MAX_DOCUMENT_ROWS", "MAX_QUOTATIONS", "PAGE_HEIGHT", "QUOTATION_COLUMNS",
           "plot_frame_sensitivity", "plot_frame_shares_ci", "plot_frames_by_document",
           "plot_frames_by_year", "plot_quotations", "plot_security_rights_units",
           "quotation_pages"]  # fmt: skip

MAX_DOCUMENT_ROWS = 40  # documents drawn, at most, in the per-document heat map
MAX_QUOTATIONS = 40  # sentences drawn, at most, in the quotation figure
QUOTATION_COLUMNS: list[str] = [
    "document", "year", "sent_id", "frame", "voice", "speaker", "keyword", "sentence",
]  # fmt: skip
_LINE_IN, _PAD_IN, _TITLE_IN = 0.16, 0.1, 0.5  # a table line, a row's padding, the title
PAGE_HEIGHT = 9.0  # inches of quotation figure that fit an A4 page's text block at 7 inches wide


def _year_ticks(years: Sequence[int], under: Mapping[int, str] | None = None) -> list[str]:
    """Year labels, each with an optional second line."""
    under = under or {}
    return [f"{y}\n{under[y]}" if under.get(y) else str(y) for y in years]


def plot_frames_by_year(
    counts: pd.DataFrame, n_documents: Mapping[int, int] | None = None
) -> tuple[Figure, pd.DataFrame]:
    """Framed sentences per year as bars stacked by frame, counts written on them.

    In: ``frame_counts`` (by year: a column per frame, ``total``); optionally documents per
    year, written under each year. Out: the figure and ``year, frame, n, total`` (zeros kept).
    """
    require_columns(counts, [*FRAMES, "total"], "plot_frames_by_year")
    years = [int(y) for y in counts.index]
    data = frame_counts_long(counts)

    fig, ax = plt.subplots(figsize=(max(6.0, 1.9 + 0.75 * len(years)), 4.4))
    x = np.arange(len(years))
    bottom = np.zeros(len(years))
    for frame in FRAMES:
        values = counts[frame].to_numpy(dtype=float)
        colour = FRAME_COLOURS[frame]
        ax.bar(x, values, bottom=bottom, width=0.65, color=colour, label=frame,
               edgecolor="white", linewidth=0.6, zorder=2)  # fmt: skip
        for xi, value, base in zip(x, values, bottom, strict=True):
            if value > 0:
                ax.text(xi, base + value / 2, f"{int(value)}", ha="center", va="center",
                        fontsize=8.5, color=text_colour(colour), zorder=3)  # fmt: skip
        bottom += values
    top = max(float(bottom.max()) if len(bottom) else 0.0, 1.0)
    for xi, total in zip(x, bottom, strict=True):
        ax.annotate(f"n = {int(total)}", xy=(xi, total), xytext=(0, 3),
                    textcoords="offset points", ha="center", va="bottom", fontsize=8.5)  # fmt: skip
    under = None
    if n_documents:
        under = {y: f"{n} doc{'' if n == 1 else 's'}" for y in years
                 for n in [int(n_documents.get(y, 0))]}  # fmt: skip
    ax.set_xticks(x, _year_ticks(years, under))
    ax.set_xlim(-0.6, len(years) - 0.4)
    ax.set_ylim(0, top * 1.12)
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.grid(axis="x", visible=False)
    handles, labels = ax.get_legend_handles_labels()
    ax.legend(handles[::-1], labels[::-1], title="frame", loc="upper left",
              bbox_to_anchor=(1.01, 1.0))  # fmt: skip
    ax.set_title("Framed sentences per year, by frame (counts)")
    ax.set(xlabel="Year", ylabel="Number of framed sentences")
    return fig, data


def plot_frame_shares_ci(
    boot: pd.DataFrame, n_boot: int | None = None, level: float = 0.95
) -> tuple[Figure, pd.DataFrame]:
    """Each frame's share per year with its bootstrap interval and 'n/n_year', a panel per frame.

    In: ``bootstrap_shares``; its ``n_boot`` and ``level`` (for the title). Out: the figure and
    ``boot`` sorted by frame (``FRAMES`` order), then year.
    """
    require_columns(boot, BOOT_COLUMNS, "plot_frame_shares_ci")
    data = boot.copy()
    data["frame"] = pd.Categorical(data["frame"], list(FRAMES))
    data = data.sort_values(["frame", "year"]).reset_index(drop=True)
    data["frame"] = data["frame"].astype(str)
    years = sorted(int(y) for y in data["year"].unique())
    position = {year: i for i, year in enumerate(years)}
    n_year = data.drop_duplicates("year").set_index("year")["n_year"]

    size = (max(6.0, 1.6 + 0.8 * len(years)), 1.05 * len(FRAMES) + 1.3)
    fig, axes = plt.subplots(len(FRAMES), 1, sharex=True, figsize=size)
    for ax, frame in zip(axes, FRAMES, strict=True):
        rows = data[data["frame"] == frame]
        colour = FRAME_COLOURS[frame]
        x = rows["year"].map(position).to_numpy(dtype=float)
        share = rows["share"].to_numpy(dtype=float)
        low = np.clip(share - rows["ci_low"].to_numpy(dtype=float), 0, None)
        high = np.clip(rows["ci_high"].to_numpy(dtype=float) - share, 0, None)
        ax.errorbar(x, share, yerr=[low, high], fmt="none", ecolor=colour, elinewidth=2.2,
                    capsize=3, zorder=2)  # fmt: skip
        seen = rows["n"].to_numpy() > 0
        ax.scatter(x[seen], share[seen], s=28, color=colour, edgecolor="black",
                   linewidth=0.5, zorder=3)  # fmt: skip
        ax.scatter(x[~seen], share[~seen], s=28, facecolor="white", edgecolor="#777777",
                   linewidth=0.8, zorder=3)  # fmt: skip
        for xi, si, row in zip(x, share, rows.itertuples(index=False), strict=True):
            ax.annotate(f"{row.n}/{row.n_year}", xy=(xi, si), xytext=(6, 0),
                        textcoords="offset points", ha="left", va="center", fontsize=7.5,
                        color="#333333")  # fmt: skip
        ax.set_ylim(-0.08, 1.08)
        ax.set_yticks([0, 0.5, 1])
        ax.yaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
        ax.set_title(frame, loc="left", fontsize=9.5, color="#222222", pad=2)
        ax.grid(axis="x", visible=False)
    axes[-1].set_xticks(
        range(len(years)), _year_ticks(years, {y: f"n = {n_year[y]}" for y in years})
    )
    axes[-1].set_xlim(-0.5, len(years) - 0.2)
    axes[-1].set_xlabel("Year (n = framed sentences in the year)")
    fig.supylabel("Share of the year's framed sentences", fontsize=10)
    resamples = f"{n_boot:,} resamples, " if n_boot else ""
    fig.suptitle(
        f"Frame shares per year with {level:.0%} bootstrap intervals\n"
        f"({resamples}label = sentences with the frame / framed sentences; open circle = none)",
        fontsize=10.5,
    )
    fig.tight_layout(h_pad=0.6)
    return fig, data


def plot_frames_by_document(
    framed: pd.DataFrame,
    documents: pd.DataFrame | None = None,
    max_documents: int = MAX_DOCUMENT_ROWS,
) -> tuple[Figure, pd.DataFrame]:
    """Framed sentences per document and frame as a heat map with the counts in it.

    In: ``frame_sentences``; optionally the documents (``doc_id, year``; ``place, date`` for
    readable labels), so documents without a framed sentence get zeros; ``max_documents``
    rows at most (the busiest; the title says how many of how many). Out: the figure and
    ``sentences_table(framed)``, every document.
    """
    require_columns(framed, SENTENCE_COLUMNS, "plot_frames_by_document")
    if documents is not None:
        require_columns(documents, ["doc_id", "year"], "plot_frames_by_document")
    data = sentences_table(framed)
    docs = data[["doc_id", "year"]]
    if documents is not None:
        docs = pd.concat([docs, documents[["doc_id", "year"]]], ignore_index=True)
    docs = docs.drop_duplicates("doc_id").astype({"year": "int64"})
    docs = docs.sort_values(["year", "doc_id"], kind="stable")
    order = docs["doc_id"].tolist()
    grid = pd.crosstab(data["doc_id"], data["frame"])
    grid = grid.reindex(index=order, columns=list(FRAMES), fill_value=0).astype("int64")
    n_documents = len(order)
    if n_documents > max_documents:
        busiest = grid.sum(axis=1).sort_values(ascending=False, kind="stable").index[:max_documents]
        grid = grid[grid.index.isin(busiest)]
        docs = docs[docs["doc_id"].isin(busiest)]
        order = docs["doc_id"].tolist()
    fig, ax = plt.subplots(figsize=(7.8, 1.4 + 0.42 * max(len(order), 1)))
    peak = max(int(grid.to_numpy().max()) if grid.size else 0, 1)
    values = grid.to_numpy()
    shade = plt.get_cmap("Blues")
    colours = [[text_colour(shade(int(v) / (peak * 1.15))) if v else "#AAAAAA" for v in row]
               for row in values]  # fmt: skip
    annotated_heatmap(ax, values, [[str(int(v)) for v in row] for row in values], colours, 9,
                      cmap="Blues", vmin=0, vmax=peak * 1.15, aspect="auto")  # fmt: skip
    if documents is not None and set(LABEL_COLUMNS) <= set(documents.columns):
        named = document_labels(documents)
        labels = [named.get(d, d) for d in docs["doc_id"]]
    else:
        labels = [f"{d} ({y})" for d, y in zip(docs["doc_id"], docs["year"], strict=True)]
    ax.set_yticks(range(len(order)), labels)
    ax.set_xticks(range(len(FRAMES)), list(FRAMES), rotation=30, ha="right")
    ax.grid(False)
    ax.spines[:].set_visible(False)
    title = f"Framed sentences per document and frame ({len(data):,} sentences)"
    if n_documents > len(order):
        title += f"\nthe {len(order)} documents with the most, of {n_documents:,}"
    ax.set(title=title, xlabel="Frame", ylabel="Document")
    return fig, data


def _wrap(text: str, width: int) -> list[str]:
    """Lines of at most ``width`` characters, broken only at spaces."""
    return textwrap.wrap(text, width, break_long_words=False, break_on_hyphens=False)


def _quotation_rows(
    quotes: pd.DataFrame, documents: pd.DataFrame, width: int, max_rows: int, face: str
) -> tuple[pd.DataFrame, list[list[str]], list[float]]:
    """The quotations drawn (all, or the first of each year and frame in turn up to
    ``max_rows``), each row's cells (document, frame [cue], speaker (voice), sentence) and its
    height in inches.
    """
    columns = ["doc_id", "year", "sent_id", "frame", "keyword", "sentence", "voice", "speaker"]
    require_columns(quotes, columns, face)
    chosen = quotes.reset_index(drop=True)
    if len(chosen) > max_rows:
        turn = chosen.groupby(["year", "frame"], sort=False).cumcount()
        chosen = chosen.loc[sorted(turn.sort_values(kind="stable").index[:max_rows])]
        chosen = chosen.reset_index(drop=True)
    named = chosen.assign(document=chosen["doc_id"].map(document_labels(documents)))
    body = []
    for row in named.itertuples(index=False):
        who = "the organisation" if row.voice == "own" else short_speaker(row.speaker, 200)
        body.append([f"{row.document}\nsentence {row.sent_id}",
                     "\n".join([row.frame, *_wrap(f"[{row.keyword}]", 16)]),
                     "\n".join(_wrap(f"{who} ({row.voice})", 22)),
                     "\n".join(_wrap(quotation_whole(row.sentence), width))])  # fmt: skip
    heights = [max(cell.count("\n") + 1 for cell in row) * _LINE_IN + _PAD_IN for row in body]
    return chosen, body, heights


def quotation_pages(
    quotes: pd.DataFrame,
    documents: pd.DataFrame,
    width: int = 56,
    max_rows: int = MAX_QUOTATIONS,
) -> list[pd.DataFrame]:
    """The quotations of :func:`plot_quotations` split into parts of one printed page each.

    In: as :func:`plot_quotations`. Out: a list of tables at most ``PAGE_HEIGHT`` inches tall
    each (a row taller than a page is a part of its own; [] without quotations).
    """
    chosen, _, heights = _quotation_rows(quotes, documents, width, max_rows, "quotation_pages")
    parts, start, used = [], 0, _TITLE_IN + _LINE_IN + _PAD_IN
    for index, height in enumerate(heights):
        if used + height > PAGE_HEIGHT and index > start:
            parts.append(chosen.iloc[start:index].reset_index(drop=True))
            start, used = index, _TITLE_IN + _LINE_IN + _PAD_IN
        used += height
    if len(chosen) > start:
        parts.append(chosen.iloc[start:].reset_index(drop=True))
    return parts


def plot_quotations(
    quotes: pd.DataFrame,
    documents: pd.DataFrame,
    width: int = 56,
    max_rows: int = MAX_QUOTATIONS,
    part: tuple[int, int] | None = None,
) -> tuple[Figure, pd.DataFrame]:
    """A quotation table for a report: whole sentences, wrapped, with speaker and document.

    7 inches wide, 8-point text: about 7 points at an A4 page's text width.
    In: ``kwic_quotes`` with ``voice`` and ``speaker``; the documents (labels); characters
    per line (words never cut); ``max_rows`` (beyond it, the first of each year and frame in
    turn, said in the title); ``part`` ``(k, n)`` for the title. Out: the figure and
    ``QUOTATION_COLUMNS``.
    """
    chosen, body, rows_in = _quotation_rows(quotes, documents, width, max_rows, "plot_quotations")
    data = chosen.assign(document=chosen["doc_id"].map(document_labels(documents)))
    data = data[QUOTATION_COLUMNS]
    n_quotes = len(quotes)
    header_in = _LINE_IN + _PAD_IN
    table_in = header_in + sum(rows_in)
    fig = plt.figure(figsize=(7.0, max(1.2, table_in + _TITLE_IN)))
    ax = fig.add_axes((0.0, 0.0, 1.0, table_in / (table_in + _TITLE_IN)))
    ax.set_axis_off()
    title = "Sentences that distinguish, link or fold the two crimes, with who speaks"
    notes = []
    if n_quotes > len(data):
        notes.append(f"{len(data)} of {n_quotes:,}: the first of each year and frame in turn")
    if part is not None and part[1] > 1:
        notes.append(f"part {part[0]} of {part[1]}")
    if notes:
        title += "\n(" + "; ".join(notes) + ")"
    ax.set_title(title, loc="left", fontsize=10)
    if not body:
        ax.text(0.0, 0.5, "No sentence of the corpus has one of these frames.", fontsize=10,
                transform=ax.transAxes)  # fmt: skip
        return fig, data
    table = ax.table(
        cellText=body,
        colLabels=["document", "frame [cue]", "speaker (voice)", "sentence"],
        colWidths=[0.13, 0.15, 0.2, 0.52],
        cellLoc="left", colLoc="left", loc="upper left", edges="horizontal",
    )  # fmt: skip
    table.auto_set_font_size(False)
    table.set_fontsize(8)
    for (r, c), cell in table.get_celld().items():
        cell.set_height((header_in if r == 0 else rows_in[r - 1]) / table_in)
        cell.set_edgecolor("#BBBBBB")
        cell.get_text().set_va("center")
        if r == 0:
            cell.get_text().set_fontweight("bold")
        elif c == 1:
            cell.get_text().set_color(FRAME_COLOURS.get(data.at[r - 1, "frame"], "black"))
    return fig, data


def plot_frame_sensitivity(table: pd.DataFrame) -> tuple[Figure, pd.DataFrame]:
    """The most frequent frame of each year under each coding variant, as a grid.

    In: ``sensitivity_table``. Out: the figure (a cell per variant and year naming the leading
    frame(s) with 'k/n', coloured by frame, grey for a tie) and the table.
    """
    require_columns(
        table, ["decision", "variant", "year", "frame", "n", "total"], "plot_frame_sensitivity"
    )
    keys = list(dict.fromkeys(zip(table["decision"], table["variant"], strict=True)))
    years = sorted(int(y) for y in table["year"].unique())
    fig, ax = plt.subplots(figsize=(1.6 + 1.45 * len(years), 0.9 + 0.55 * len(keys)))
    for i, (decision, variant) in enumerate(keys):
        part = table[(table["decision"] == decision) & (table["variant"] == variant)]
        for j, year in enumerate(years):
            rows = part[part["year"] == year]
            top = int(rows["n"].max()) if len(rows) else 0
            frames = rows.loc[rows["n"] == top, "frame"].tolist() if top else []
            colour = FRAME_COLOURS.get(frames[0], "#DDDDDD") if len(frames) == 1 else "#DDDDDD"
            ax.add_patch(plt.Rectangle((j - 0.48, i - 0.45), 0.96, 0.9, color=colour, alpha=0.35))
            total = int(rows["total"].iloc[0]) if len(rows) else 0
            text = f"{'/'.join(frames) or 'none'}\n{top}/{total}"
            ax.text(j, i, text, ha="center", va="center", fontsize=7.5)
    ax.set_xlim(-0.5, len(years) - 0.5)
    ax.set_ylim(len(keys) - 0.5, -0.5)
    ax.set_xticks(range(len(years)), [str(y) for y in years])
    ax.set_yticks(range(len(keys)), [textwrap.fill(v, 30) for _, v in keys], fontsize=8)
    ax.tick_params(length=0)
    ax.grid(False)
    ax.spines[:].set_visible(False)
    ax.set_title("Most frequent frame of each year under each coding variant (k/n)", fontsize=10)
    return fig, table


def plot_security_rights_units(by_year: pd.DataFrame) -> tuple[Figure, pd.DataFrame]:
    """Security and rights words per crime, with Wilson intervals and Fisher's exact p.

    In: ``security_rights_by_year``. Out: the figure (a panel per vocabulary; per year and
    pooled, each crime's share with 'k/n'; the pooled p in the title) and the table.
    """
    needed = ["crime", "year", "vocabulary", "n", "k", "p_value"]
    require_columns(by_year, needed, "plot_security_rights_units")
    years = list(dict.fromkeys(by_year["year"]))
    fig, axes = plt.subplots(2, 1, sharex=True, figsize=(max(6.5, 1.6 + 1.1 * len(years)), 5.6))
    offsets = {"trafficking": -0.13, "smuggling": 0.13}
    colours = {"security": SECURITY_COLOUR, "rights": RIGHTS_COLOUR}
    markers = {"trafficking": "o", "smuggling": "s"}
    for ax, vocabulary in zip(axes, ("security", "rights"), strict=True):
        part = by_year[by_year["vocabulary"] == vocabulary]
        for crime, shift in offsets.items():
            rows = part[part["crime"] == crime].set_index("year").reindex(years)
            x = np.arange(len(years)) + shift
            for xi, row in zip(x, rows.itertuples(), strict=True):
                if not row.n or pd.isna(row.n):
                    continue
                low, high = wilson_interval(int(row.k), int(row.n))
                ax.plot([xi, xi], [low, high], color=colours[vocabulary], lw=1.6, zorder=2)
                ax.plot(xi, row.k / row.n, marker=markers[crime], ms=6, zorder=3,
                        color="white" if crime == "smuggling" else colours[vocabulary],
                        markeredgecolor=colours[vocabulary], clip_on=False)  # fmt: skip
                ax.annotate(f"{int(row.k)}/{int(row.n)}", (xi, row.k / row.n), xytext=(4, 0),
                            textcoords="offset points", fontsize=7, va="center")  # fmt: skip
            ax.plot([], [], marker=markers[crime], ls="none", label=f"{crime} units",
                    color="white" if crime == "smuggling" else colours[vocabulary],
                    markeredgecolor=colours[vocabulary])  # fmt: skip
        pooled = part.loc[(part["year"] == "all") & (part["crime"] == "trafficking"), "p_value"]
        p_text = format_p(float(pooled.iloc[0])) if len(pooled) else "no test"
        ax.set_title(f"Units with {vocabulary} words (all years: Fisher's exact test {p_text})",
                     loc="left", fontsize=10)  # fmt: skip
        ax.set_ylim(-0.06, 1.06)
        ax.set_ylabel("Share of units")
        percent_axis(ax.yaxis)
        ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8)
        ax.grid(axis="x", visible=False)
    axes[-1].set_xticks(range(len(years)), [str(y) for y in years])
    axes[-1].set_xlim(-0.5, len(years) - 0.3)
    axes[-1].set_xlabel("Year ('all' = the years pooled)")
    fig.suptitle("Security and human-rights words by crime, with 95% Wilson intervals")
    fig.tight_layout()
    return fig, by_year
