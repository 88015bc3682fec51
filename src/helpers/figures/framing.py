"""Tables and figures for notebook 02: how sentences frame trafficking and smuggling.

The framing itself lives in :mod:`helpers.reading.framing`; this module only arranges
its outputs for reading and plotting. Every function takes DataFrames (the
outputs of ``frame_sentences``, ``frame_counts``, ``bootstrap_shares``,
``label_predictions``) and returns a new
DataFrame, a string, or a matplotlib figure and the DataFrame it plots.
Nothing is printed, saved or changed in place; importing this module changes
no setting.

- :func:`cue_listing`: the cue file as text, grouped by list, with rationales
- :func:`validation_subsets`, :func:`agreement_summary`: agreement with hand labels
- :func:`compare_frames`: the sentences whose frame an edited cue changes
- :func:`sentences_table`: the framed sentences, six columns, for ``02_framing_sentences``
- :func:`frame_count_table`, :func:`interval_table`: counts and shares side by side
- :func:`evidence_by_year`: the evidence behind each year (the findings
  themselves are worded in :mod:`helpers.analysis.framing_report`)
- :func:`plot_frames_by_year`, :func:`plot_frame_shares_ci`, :func:`plot_frames_by_document`:
  figures of notebook 02 (the second axis, the quotations and the sensitivity
  figure are in :mod:`helpers.analysis.framing_report`)
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping, Sequence

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.colors import to_rgb
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator, PercentFormatter

from helpers.base.checks import require_columns
from helpers.base.style import FRAME_COLOURS
from helpers.corpus.labels import LABEL_COLUMNS, document_labels
from helpers.reading.framing import FRAMES
from helpers.rules.cues import CUE_LISTS, LIST_PURPOSES

__all__ = [
    "CHANGE_COLUMNS",
    "EVIDENCE_COLUMNS",
    "MAX_DOCUMENT_ROWS",
    "SENTENCE_COLUMNS",
    "SUMMARY_COLUMNS",
    "agreement_summary",
    "compare_frames",
    "cue_listing",
    "evidence_by_year",
    "frame_count_table",
    "interval_table",
    "plot_frame_shares_ci",
    "plot_frames_by_document",
    "plot_frames_by_year",
    "sentences_table",
    "validation_subsets",
]

MAX_DOCUMENT_ROWS = 40  # documents drawn, at most, in the per-document heat map

SENTENCE_COLUMNS: tuple[str, ...] = ("doc_id", "year", "sent_id", "sentence", "frame", "cues")
SUMMARY_COLUMNS: list[str] = ["rows", "n", "n_correct", "accuracy", "correct_of_n"]


def _text_colour(background: str) -> str:
    """Black or white, whichever reads better on ``background`` (a colour name or hex)."""
    red, green, blue = to_rgb(background)
    luminance = 0.2126 * red + 0.7152 * green + 0.0722 * blue
    return "black" if luminance > 0.45 else "white"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


# --------------------------------------------------------------------------- cue file


def cue_listing(table: pd.DataFrame, width: int = 100) -> str:
    """The cue table as text, grouped by list in ``CUE_LISTS`` order, with rationales.

    In: a cue table (``list, cue, match, rationale``: ``read_cues().table``);
    ``width``, the line length. Out: one block per list, headed ``[list] n
    cues: purpose``; then one entry per cue: ``cue  (match)`` on one line
    (never wrapped, so that it can be copied) and its rationale, wrapped and
    indented, below. Cues of one list that share their match kind
    and rationale (the name links) are given on one line. A list not in
    ``CUE_LISTS`` follows, alphabetically.
    """
    require_columns(table, ["list", "cue", "match", "rationale"], "cue_listing")
    names = [n for n in CUE_LISTS if n in set(table["list"])]
    names += sorted(set(table["list"]) - set(CUE_LISTS))
    blocks = []
    for name in names:
        rows = table[table["list"] == name]
        purpose = LIST_PURPOSES.get(name, "")
        lines = [f"[{name}] {_plural(len(rows), 'cue')}" + (f": {purpose}" if purpose else "")]
        groups: dict[tuple[str, str], list[str]] = {}
        for row in rows.itertuples(index=False):
            groups.setdefault((row.match, row.rationale), []).append(row.cue)
        for (match, rationale), cues in groups.items():
            joined = ", ".join(cues) if len(cues) > 1 else cues[0]
            lines.append(f"  {joined}  ({match})")
            lines += textwrap.wrap(
                rationale, width, initial_indent="      ", subsequent_indent="      "
            )
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


# --------------------------------------------------------------------------- validation


def validation_subsets(labelled: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """Split a labelled table into the subsets the agreement is reported on.

    In: a table with ``source`` ('seed:<doc_id>:<sent_id>' or 'written') and
    ``shaped_cues`` ('yes' or 'no'). Out: an ordered dict: ``all``; ``seed``
    (sentences of the seed pages); ``written`` (sentences written for the
    test); ``shaped the cues`` (``shaped_cues == 'yes'``: seen while the cues
    were chosen); ``held out`` (``shaped_cues == 'no'``). Each value is a view
    of the rows, index kept.
    """
    require_columns(labelled, ["source", "shaped_cues"], "validation_subsets")
    source = labelled["source"].fillna("").astype(str)
    shaped = labelled["shaped_cues"].fillna("").astype(str).str.strip().str.lower()
    return {
        "all": labelled,
        "seed": labelled[source.str.startswith("seed")],
        "written": labelled[source.str.startswith("written")],
        "shaped the cues": labelled[shaped == "yes"],
        "held out": labelled[shaped == "no"],
    }


def agreement_summary(predictions: pd.DataFrame) -> pd.DataFrame:
    """Accuracy of the scheme on each subset of the labelled sentences.

    In: the output of ``framing.label_predictions`` (needs ``source``,
    ``shaped_cues`` and ``correct``). Out: one row per subset of
    :func:`validation_subsets`: ``rows`` (its name), ``n``, ``n_correct``,
    ``accuracy`` (NaN for an empty subset) and ``correct_of_n`` ('37 / 38').
    """
    require_columns(predictions, ["source", "shaped_cues", "correct"], "agreement_summary")
    rows = []
    for name, subset in validation_subsets(predictions).items():
        n, correct = len(subset), int(subset["correct"].sum())
        rows.append(
            {
                "rows": name,
                "n": n,
                "n_correct": correct,
                "accuracy": correct / n if n else float("nan"),
                "correct_of_n": f"{correct} / {n}",
            }
        )
    return pd.DataFrame(rows, columns=SUMMARY_COLUMNS)


# --------------------------------------------------------------------------- tables

CHANGE_COLUMNS: list[str] = ["doc_id", "year", "sent_id", "sentence", "before", "after"]
_BOOT_COLUMNS = ["year", "frame", "n", "n_year", "share", "ci_low", "ci_high"]  # bootstrap_shares


def compare_frames(before: pd.DataFrame, after: pd.DataFrame) -> pd.DataFrame:
    """The sentences whose frame differs between two framings of the same sentences.

    In: two outputs of ``frame_sentences`` (each with ``doc_id, sent_id, year,
    sentence, frame``; e.g. with the cue file and with an edited cue table).
    Out: ``doc_id, year, sent_id, sentence, before, after``, one row per
    sentence whose frame changed, 'none' where a sentence is framed in only
    one of the two; sorted by year, doc_id and sent_id.
    """
    needed = ["doc_id", "sent_id", "year", "sentence", "frame"]
    require_columns(before, needed, "compare_frames")
    require_columns(after, needed, "compare_frames")
    keys = ["doc_id", "sent_id"]
    left = before[[*keys, "year", "sentence", "frame"]].rename(columns={"frame": "before"})
    right = after[[*keys, "year", "sentence", "frame"]].rename(columns={"frame": "after"})
    both = left.merge(right, on=keys, how="outer", suffixes=("", "_after"))
    both["year"] = both["year"].fillna(both["year_after"])
    both["sentence"] = both["sentence"].fillna(both["sentence_after"])
    both[["before", "after"]] = both[["before", "after"]].fillna("none")
    changed = both[both["before"] != both["after"]]
    changed = changed.sort_values(["year", "doc_id", "sent_id"], kind="stable")
    return changed[CHANGE_COLUMNS].reset_index(drop=True)


def sentences_table(framed: pd.DataFrame) -> pd.DataFrame:
    """The framed sentences with exactly the columns of ``SENTENCE_COLUMNS``.

    In: the output of ``frame_sentences`` (or any table with these columns).
    Out: a new DataFrame, one row per framed sentence in the same order,
    columns ``doc_id, year, sent_id, sentence, frame, cues`` (``cues``: the
    '; '-joined words that decided the frame).
    """
    require_columns(framed, SENTENCE_COLUMNS, "sentences_table")
    return framed.loc[:, list(SENTENCE_COLUMNS)].reset_index(drop=True).copy()


def frame_count_table(counts: pd.DataFrame) -> pd.DataFrame:
    """Counts and shares side by side, as text: one row per year, one column per frame.

    In: the output of ``frame_counts`` (a column per frame and ``total``;
    ``share_<frame>`` when made with shares). Out: a DataFrame indexed by year
    with one column per frame holding '3 (38%)' ('0' when the frame is absent,
    '–' for a year without framed sentences or without shares) and ``total``.
    """
    require_columns(counts, [*FRAMES, "total"], "frame_count_table")
    out = pd.DataFrame(index=counts.index)
    for frame in FRAMES:
        share = counts[f"share_{frame}"] if f"share_{frame}" in counts else counts[frame] * np.nan
        out[frame] = [
            "–" if pd.isna(s) else (f"{n} ({s:.0%})" if n else "0")
            for n, s in zip(counts[frame], share, strict=True)
        ]
    out["total"] = counts["total"].astype("int64")
    return out


def interval_table(boot: pd.DataFrame) -> pd.DataFrame:
    """Bootstrap intervals as text: one row per year, one column per frame.

    In: the output of ``bootstrap_shares`` (``year, frame, n, n_year, share,
    ci_low, ci_high``). Out: a DataFrame indexed by year, one column per frame
    present in ``boot`` (``FRAMES`` order) holding 'n/n_year share
    [low–high]' in per cent, e.g. '3/8 38% [12–75]', and ``n_year``.
    """
    require_columns(boot, _BOOT_COLUMNS, "interval_table")
    frames = [f for f in FRAMES if f in set(boot["frame"])]
    years = sorted(boot["year"].unique())
    out = pd.DataFrame(index=pd.Index([int(y) for y in years], name="year"))
    for frame in frames:
        rows = boot[boot["frame"] == frame].set_index("year").reindex(years)
        out[frame] = [
            f"{int(r.n)}/{int(r.n_year)} {r.share:.0%} [{r.ci_low * 100:.0f}–{r.ci_high * 100:.0f}]"
            for r in rows.itertuples()
        ]
    n_year = boot.drop_duplicates("year").set_index("year")["n_year"].reindex(years)
    out["n_year"] = n_year.astype("int64").to_numpy()
    return out


# --------------------------------------------------------------------------- findings


EVIDENCE_COLUMNS: list[str] = [
    "year", "documents", "framed", "one_sentence_moves", "unseen_up_to",
]  # fmt: skip


def evidence_by_year(counts: pd.DataFrame, n_documents: Mapping[int, int]) -> pd.DataFrame:
    """How much evidence each year rests on.

    In: the output of ``frame_counts`` (indexed by year, with ``total``); the
    number of documents per year. Out: ``year, documents, framed`` (framed
    sentences), ``one_sentence_moves`` (1 / framed: how far one sentence moves
    a share) and ``unseen_up_to`` (min(3 / framed, 1): by the rule of three, a
    frame absent from the year could still have about this share); both NaN
    for a year without framed sentences.
    """
    require_columns(counts, ["total"], "evidence_by_year")
    framed = counts["total"].astype("int64")
    n = framed.where(framed > 0).astype(float)
    return pd.DataFrame(
        {
            "year": [int(y) for y in counts.index],
            "documents": [int(n_documents.get(int(y), 0)) for y in counts.index],
            "framed": framed.to_numpy(),
            "one_sentence_moves": (1 / n).to_numpy(),
            "unseen_up_to": (3 / n).clip(upper=1).to_numpy(),
        },
        columns=EVIDENCE_COLUMNS,
    )


# --------------------------------------------------------------------------- figures


def _year_ticks(years: Sequence[int], under: Mapping[int, str] | None = None) -> list[str]:
    """Year labels, each with an optional second line."""
    under = under or {}
    return [f"{y}\n{under[y]}" if under.get(y) else str(y) for y in years]


def plot_frames_by_year(
    counts: pd.DataFrame, n_documents: Mapping[int, int] | None = None
) -> tuple[Figure, pd.DataFrame]:
    """Draw the frames of each year as stacked bars, with the counts written on them.

    In: the output of ``frame_counts`` (index ``year``; a column per frame and
    ``total``); optionally the number of documents per year, written under
    each year. Out: the figure (one bar per year of ``counts``, evenly spaced,
    segments in ``FRAMES`` order from the bottom, each labelled with its
    count, the total above the bar; a legend outside the axes) and the data
    plotted: ``year, frame, n, total``, one row per year and frame (zeros
    kept). Made with ``plt.subplots``, not shown.
    """
    require_columns(counts, [*FRAMES, "total"], "plot_frames_by_year")
    years = [int(y) for y in counts.index]
    data = (
        counts[list(FRAMES)]
        .rename_axis(columns="frame")
        .stack()
        .rename("n")
        .reset_index()
        .merge(counts["total"].rename("total").reset_index(), on="year")
    )
    data["frame"] = pd.Categorical(data["frame"], list(FRAMES))
    data = data.sort_values(["year", "frame"]).reset_index(drop=True)
    data["frame"] = data["frame"].astype(str)
    data = data.astype({"year": "int64", "n": "int64", "total": "int64"})

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
                        fontsize=8.5, color=_text_colour(colour), zorder=3)  # fmt: skip
        bottom += values
    top = max(float(bottom.max()) if len(bottom) else 0.0, 1.0)
    for xi, total in zip(x, bottom, strict=True):
        ax.annotate(f"n = {int(total)}", xy=(xi, total), xytext=(0, 3),
                    textcoords="offset points", ha="center", va="bottom", fontsize=8.5)  # fmt: skip
    under = {y: _plural(int(n_documents.get(y, 0)), "doc") for y in years} if n_documents else None
    ax.set_xticks(x, _year_ticks(years, under))
    ax.set_xlim(-0.6, len(years) - 0.4)
    ax.set_ylim(0, top * 1.12)
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.grid(axis="x", visible=False)
    handles, labels = ax.get_legend_handles_labels()
    ax.legend(handles[::-1], labels[::-1], title="frame", loc="upper left",
              bbox_to_anchor=(1.01, 1.0))  # fmt: skip
    ax.set_title("Framed sentences per year, by frame (counts)")
    ax.set_xlabel("Year")
    ax.set_ylabel("Number of framed sentences")
    return fig, data


def plot_frame_shares_ci(
    boot: pd.DataFrame, n_boot: int | None = None, level: float = 0.95
) -> tuple[Figure, pd.DataFrame]:
    """Draw each frame's share per year with its bootstrap interval and its count.

    In: the output of ``bootstrap_shares`` (``year, frame, n, n_year, share,
    ci_low, ci_high``); ``n_boot`` and ``level``, as used there (written in
    the title). Out: the figure (one panel per frame, stacked, sharing the
    year axis; a point at the share, a bar for the interval, 'n/n_year'
    beside each point, the year's number of framed sentences under each
    year) and the data plotted (``boot`` sorted by frame in ``FRAMES`` order,
    then year). Made with ``plt.subplots``, not shown.
    """
    require_columns(boot, _BOOT_COLUMNS, "plot_frame_shares_ci")
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
    """Draw framed sentences per document and frame as a heat map with the counts in it.

    In: the output of ``frame_sentences`` (``SENTENCE_COLUMNS``); optionally
    the documents table (``doc_id, year``), so that documents without any
    framed sentence get a row of zeros too; ``max_documents``, the most rows
    drawn (a larger corpus shows the documents with the most framed
    sentences, ties by year and doc_id, and the title says how many of how
    many). Out: the figure (one row per document, labelled by year and place
    (``helpers.corpus.labels``) when ``documents`` has ``place`` and ``date``, else
    'doc_id (year)'; by year then doc_id; one column per frame in ``FRAMES``
    order; each cell shows its count) and the data behind it:
    :func:`sentences_table` of ``framed``, one row per framed sentence
    (``doc_id, year, sent_id, sentence, frame, cues``), all documents. Made
    with ``plt.subplots``, not shown.
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
    grid = (
        pd.crosstab(data["doc_id"], data["frame"])
        .reindex(index=order, columns=list(FRAMES), fill_value=0)
        .astype("int64")
        if len(data)
        else pd.DataFrame(0, index=order, columns=list(FRAMES))
    )
    n_documents = len(order)
    if n_documents > max_documents:
        busiest = grid.sum(axis=1).sort_values(ascending=False, kind="stable").index[:max_documents]
        grid = grid[grid.index.isin(busiest)]
        docs = docs[docs["doc_id"].isin(busiest)]
        order = docs["doc_id"].tolist()
    fig, ax = plt.subplots(figsize=(7.8, 1.4 + 0.42 * max(len(order), 1)))
    peak = max(int(grid.to_numpy().max()) if grid.size else 0, 1)
    ax.imshow(grid.to_numpy(), cmap="Blues", vmin=0, vmax=peak * 1.15, aspect="auto")
    for i in range(grid.shape[0]):
        for j in range(grid.shape[1]):
            value = int(grid.iat[i, j])
            shade = plt.get_cmap("Blues")(value / (peak * 1.15))
            ax.text(j, i, str(value), ha="center", va="center", fontsize=9,
                    color=_text_colour(shade) if value else "#AAAAAA")  # fmt: skip
    if documents is not None and set(LABEL_COLUMNS) <= set(documents.columns):
        named = document_labels(documents)
        labels = [named.get(d, d) for d in docs["doc_id"]]
    else:
        labels = [f"{d} ({y})" for d, y in zip(docs["doc_id"], docs["year"], strict=True)]
    ax.set_yticks(range(len(order)), labels)
    ax.set_xticks(range(len(FRAMES)), list(FRAMES), rotation=30, ha="right")
    ax.grid(False)
    for spine in ax.spines.values():
        spine.set_visible(False)
    title = f"Framed sentences per document and frame ({len(data):,} sentences)"
    if n_documents > len(order):
        title += f"\nthe {len(order)} documents with the most, of {n_documents:,}"
    ax.set_title(title)
    ax.set_xlabel("Frame")
    ax.set_ylabel("Document")
    return fig, data
