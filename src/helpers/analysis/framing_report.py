"""Findings, voices and report figures of notebook 02, worded from their evidence.

Every sentence this module returns is built by :mod:`helpers.analysis.findings` from a
count, its interval or test, and a strength word that follows from them; the
figures name documents by year and place (:mod:`helpers.corpus.labels`), never by a
hash id.

- :func:`frame_findings`: per year, the sentences that distinguish, link or
  fold the crimes, and the most frequent frame, each with its Wilson interval
  and whether it survives every coding variant;
- :func:`voice_counts`, :func:`whose_framing`: frames by voice, and whose
  words each headline frame is;
- :func:`kwic_quotes`: the sentences that distinguish, link or fold the crimes,
  keyword in context, for quotation;
- :func:`plot_quotations`: whole sentences, wrapped, with speaker and document;
- :func:`plot_sensitivity`: the leading frame of each year under each variant;
- :func:`plot_security_rights_units`: the security/rights shares per crime
  with their intervals and Fisher's exact p.
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping, Sequence

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from helpers.analysis.concordance import context_window
from helpers.analysis.findings import Finding, check_wording, describe_share, format_p
from helpers.analysis.stats import wilson_interval
from helpers.base.checks import require_columns
from helpers.base.prose import quotation_whole
from helpers.base.style import FRAME_COLOURS, RIGHTS_COLOUR, SECURITY_COLOUR, percent_axis
from helpers.corpus.labels import document_labels
from helpers.reading.framing import FRAMES
from helpers.reading.voice import VOICES
from helpers.rules.cues import CUE_LISTS, LIST_PURPOSES
from helpers.rules.patterns import pattern_example

__all__ = [
    "MAX_QUOTATIONS",
    "PAGE_HEIGHT",
    "QUOTATION_COLUMNS",
    "cue_summary",
    "frame_findings",
    "kwic_quotes",
    "plot_quotations",
    "plot_security_rights_units",
    "plot_sensitivity",
    "quotation_pages",
    "survival_summary",
    "voice_counts",
    "whose_framing",
]

MAX_QUOTATIONS = 40  # sentences drawn, at most, in the quotation figure
QUOTATION_COLUMNS: list[str] = [
    "document", "year", "sent_id", "frame", "voice", "speaker", "keyword", "sentence",
]  # fmt: skip
_ACTS = {
    "distinction": "draw the line between the two crimes",
    "nexus": "link the two crimes or blur the line",
    "umbrella": "fold the crimes into an umbrella label",
}


# --------------------------------------------------------------------------- findings


def frame_findings(
    counts: pd.DataFrame,
    n_documents: Mapping[int, int],
    survivors: pd.DataFrame | None = None,
) -> list[Finding]:
    """The frame findings of each year, each worded from its count and interval.

    In: the output of ``frame_counts`` (a column per frame and ``total``); the
    documents per year; optionally ``framing_stats.surviving_leaders`` (``year,
    survives, moves_under``; then each leading-frame finding says whether it
    survives every coding variant). Out: findings, year by year: for each of
    ``distinction``, ``nexus``, ``umbrella`` present in the year, "k of n
    framed sentences of YEAR ...", then the year's most frequent frame. A year
    resting on one document says so.
    """
    require_columns(counts, [*FRAMES, "total"], "frame_findings")
    if survivors is not None:
        require_columns(survivors, ["year", "survives", "moves_under"], "frame_findings")
    leaders = survivors.set_index("year") if survivors is not None else None
    found = []
    for year, row in counts.iterrows():
        n, single = int(row["total"]), int(n_documents.get(int(year), 0)) == 1
        if n == 0:
            continue
        for frame, act in _ACTS.items():
            if row[frame] > 0:
                found.append(
                    describe_share(int(row[frame]), n, f"framed sentences of {year}", act,
                                   single_document=single)
                )  # fmt: skip
        top = int(row[list(FRAMES)].max())
        frames = [frame for frame in FRAMES if row[frame] == top]
        predicate = (
            f"are framed {frames[0]}, the year's most frequent frame"
            if len(frames) == 1
            else f"are framed {frames[0]}, and as many {' and '.join(frames[1:])}: a tie for "
            "the year's most frequent frame"
        )
        finding = describe_share(
            top, n, f"framed sentences of {year}", predicate, single_document=single
        )
        if leaders is not None and int(year) in leaders.index:
            survives = bool(leaders.at[int(year), "survives"])
            extra = (
                " It is the most frequent frame (alone or tied) under every coding variant of "
                "section 7."
                if survives
                else " It is not the most frequent frame under every coding variant of section 7: "
                + leaders.at[int(year), "moves_under"]
                + "."
            )
            finding = Finding(**{**finding.__dict__, "text": finding.text + extra})
        found.append(finding)
    return found


# --------------------------------------------------------------------------- voices


def voice_counts(framed: pd.DataFrame) -> pd.DataFrame:
    """Frames by voice: one row per frame (``FRAMES`` order), one column per voice, and ``total``.

    In: framed sentences with ``frame`` and ``voice`` (``voice.add_voices``).
    Out: the counts, zeros kept.
    """
    require_columns(framed, ["frame", "voice"], "voice_counts")
    table = pd.crosstab(framed["frame"], framed["voice"]).reindex(
        index=list(FRAMES), columns=list(VOICES), fill_value=0
    )
    table.index.name, table.columns.name = "frame", "voice"
    table["total"] = table.sum(axis=1)
    return table.astype("int64")


def _short(speaker: str, width: int = 100) -> str:
    return textwrap.shorten(speaker, width, placeholder=" …") if speaker else "no one named"


def whose_framing(framed: pd.DataFrame, frame: str) -> Finding:
    """Whose words the sentences of one frame are.

    In: framed sentences with ``frame, voice, speaker``; a frame. Out: a
    finding "k of n FRAME sentences are the organisation's own narration (…)",
    followed by the speakers of the others with their counts.
    """
    require_columns(framed, ["frame", "voice", "speaker"], "whose_framing")
    rows = framed[framed["frame"] == frame]
    own = int((rows["voice"] == "own").sum())
    finding = describe_share(
        own, len(rows), f"{frame} sentences", "are the organisation's own narration"
    )
    others = rows[rows["voice"] != "own"]
    if len(others):
        speakers = others["speaker"].fillna("").map(_short).value_counts(sort=False)
        listed = "; ".join(f"{name} ({count})" for name, count in speakers.items())
        text = f"{finding.text} The others are quoted or reported words of: {listed}."
        finding = Finding(**{**finding.__dict__, "text": text})
    return finding


# --------------------------------------------------------------------------- figures


def _wrap(text: str, width: int) -> list[str]:
    """Lines of at most ``width`` characters, broken only at spaces (never inside a word)."""
    return textwrap.wrap(text, width, break_long_words=False, break_on_hyphens=False)


_LINE_IN, _PAD_IN, _TITLE_IN = 0.16, 0.1, 0.5  # a table line, a row's padding, the title
PAGE_HEIGHT = 9.0  # inches of quotation figure that fit an A4 page's text block at 7 inches wide


def _select_quotes(quotes: pd.DataFrame, max_rows: int) -> pd.DataFrame:
    """The quotations drawn: all, or the first of each year and frame in turn up to ``max_rows``."""
    quotes = quotes.reset_index(drop=True)
    if len(quotes) <= max_rows:
        return quotes
    turn = quotes.groupby(["year", "frame"], sort=False).cumcount()
    return quotes.loc[sorted(turn.sort_values(kind="stable").index[:max_rows])].reset_index(
        drop=True
    )


def _quotation_cells(row, width: int) -> list[str]:
    """The four cells of one quotation row: document, frame [cue], speaker (voice), sentence."""
    who = "the organisation" if row.voice == "own" else _short(row.speaker, 200)
    return [
        f"{row.document}\nsentence {row.sent_id}",
        "\n".join([row.frame, *_wrap(f"[{row.keyword}]", 16)]),
        "\n".join(_wrap(f"{who} ({row.voice})", 22)),
        "\n".join(_wrap(quotation_whole(row.sentence), width)),
    ]


def quotation_pages(
    quotes: pd.DataFrame,
    documents: pd.DataFrame,
    width: int = 56,
    max_rows: int = MAX_QUOTATIONS,
    page_height: float = PAGE_HEIGHT,
) -> list[pd.DataFrame]:
    """The quotations split into parts, each short enough for one printed page.

    In: as :func:`plot_quotations`; ``page_height``, the most inches one part's
    figure may be tall. Out: the quotations drawn (at most ``max_rows``,
    chosen as :func:`plot_quotations` chooses them), in order, as a list of
    tables, each a part to pass to :func:`plot_quotations`; one part when all
    fit, an empty list when there is no quotation. A row taller than a page
    is a part of its own.
    """
    require_columns(quotes, ["doc_id", "year", "sent_id", "frame", "keyword", "sentence", "voice",
                             "speaker"], "quotation_pages")  # fmt: skip
    chosen = _select_quotes(quotes, max_rows)
    labels = document_labels(documents)
    named = chosen.assign(document=chosen["doc_id"].map(labels))
    parts, start, used = [], 0, _TITLE_IN + _LINE_IN + _PAD_IN
    for index, row in enumerate(named.itertuples(index=False)):
        lines = max(cell.count("\n") + 1 for cell in _quotation_cells(row, width))
        height = lines * _LINE_IN + _PAD_IN
        if used + height > page_height and index > start:
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

    The figure is 7 inches wide with 8-point text, so that placed at the width
    of an A4 page's text (about 6.3 inches) its text is still about 7 points;
    :func:`quotation_pages` splits many quotations into parts of a page each.

    In: the output of ``kwic_quotes`` with ``voice`` and ``speaker`` added;
    the documents table (for the labels); ``width``, the characters per line
    of a sentence (words are never cut); ``max_rows``, the most sentences
    drawn (when there are more, the first of each year and frame are taken in
    turn, so every year and frame keeps a quotation while there is room, and
    the title says how many of how many); ``part``, ``(k, n)`` when the
    quotations are part k of n (said in the title). Out: the figure (one row
    per sentence: document and sentence number, frame and deciding cue,
    speaker and voice, the whole sentence) and the data drawn:
    ``QUOTATION_COLUMNS``.
    """
    require_columns(quotes, ["doc_id", "year", "sent_id", "frame", "keyword", "sentence", "voice",
                             "speaker"], "plot_quotations")  # fmt: skip
    labels = document_labels(documents)
    n_quotes = len(quotes)
    chosen = _select_quotes(quotes, max_rows)
    data = chosen.assign(document=chosen["doc_id"].map(labels))[QUOTATION_COLUMNS]
    body = [_quotation_cells(row, width) for row in data.itertuples(index=False)]
    heights = [max(cell.count("\n") + 1 for cell in row) for row in body]
    rows_in = [h * _LINE_IN + _PAD_IN for h in heights]
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


def plot_sensitivity(table: pd.DataFrame) -> tuple[Figure, pd.DataFrame]:
    """The most frequent frame of each year under each coding variant, as a grid.

    In: ``framing_stats.sensitivity_table`` (``decision, variant, year, frame,
    n, total``). Out: the figure (rows: variants, the coded rules first;
    columns: years; each cell names the leading frame(s) with 'k/n', coloured
    by the frame, grey for a tie) and the data plotted: ``table`` unchanged.
    """
    require_columns(
        table, ["decision", "variant", "year", "frame", "n", "total"], "plot_sensitivity"
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
    for spine in ax.spines.values():
        spine.set_visible(False)
    ax.set_title("Most frequent frame of each year under each coding variant (k/n)", fontsize=10)
    return fig, table


def plot_security_rights_units(by_year: pd.DataFrame) -> tuple[Figure, pd.DataFrame]:
    """Security and rights words per crime, with Wilson intervals and Fisher's exact p.

    In: ``framing_stats.security_rights_by_year`` (``crime, year, vocabulary,
    n, k, p_value``). Out: the figure (one panel per vocabulary, security and
    rights; per year and for all years pooled, a point for the share of
    trafficking units and of smuggling units holding the vocabulary, with its
    95% Wilson interval and 'k/n'; the pooled p in the panel title) and the
    data plotted: ``by_year`` unchanged.
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


def cue_summary(table: pd.DataFrame, examples: int = 3) -> pd.DataFrame:
    """The cue file in one line per list: what the list is for, how many cues, a few examples.

    In: a cue table (``list, cue``, and ``match``, the kind of each pattern);
    how many examples to show. Out: ``list, cues, purpose, examples, rules``,
    lists in ``CUE_LISTS`` order (others after, alphabetically).
    ``examples`` are words each list's cues find, in quotation marks and
    joined with '; ', not the patterns themselves (``patterns.pattern_example``:
    a regular expression shows the plainest text it matches; a pattern with
    no plain reading is left out); ``rules`` says where to read the patterns.
    Without a ``match`` column, the cues are shown as written.
    """
    require_columns(table, ["list", "cue"], "cue_summary")
    names = [n for n in CUE_LISTS if n in set(table["list"])]
    names += sorted(set(table["list"]) - set(CUE_LISTS))
    rows = []
    for name in names:
        chosen = table[table["list"] == name]
        kinds = chosen["match"] if "match" in chosen.columns else ["phrase"] * len(chosen)
        shown = []
        for cue, kind in zip(chosen["cue"], kinds, strict=True):
            example = pattern_example(cue, kind) if "match" in chosen.columns else str(cue)
            if example and f"‘{example}’" not in shown:
                shown.append(f"‘{example}’")
        text = "; ".join(shown[:examples]) + ("; …" if len(chosen) > examples else "")
        rows.append(
            {
                "list": name,
                "cues": len(chosen),
                "purpose": LIST_PURPOSES.get(name, ""),
                "examples": text,
                "rules": f"data/framing_cues.csv, list {name}",
            }
        )
    return pd.DataFrame(rows, columns=["list", "cues", "purpose", "examples", "rules"])


def survival_summary(leaders: pd.DataFrame) -> str:
    """Which years' most frequent frame survives every coding variant, in one sentence.

    In: ``framing_stats.surviving_leaders``. Out: "The most frequent frame is
    the same under every coding variant in 2003, 2008 (...); it is not in 2017
    (variant: frame k of n)." ('none' where no year qualifies).
    """
    require_columns(leaders, ["year", "as_coded", "survives", "moves_under"], "survival_summary")
    kept = leaders[leaders["survives"]]
    moved = leaders[~leaders["survives"]]
    text = "The most frequent frame of the year is the same (alone or tied) under every coding "
    text += "variant in " + (
        ", ".join(f"{r.year} ({r.as_coded})" for r in kept.itertuples()) or "no year"
    )
    if len(moved):
        text += "; it is not in " + "; ".join(
            f"{r.year} ({r.as_coded} as coded; {r.moves_under})" for r in moved.itertuples()
        )
    return check_wording(text + ".")


def _keyword_span(sentence: str, cue_words: str) -> tuple[int, int]:
    """Where the first deciding cue word sits in the sentence (case-insensitive)."""
    folded = sentence.casefold()
    for word in filter(None, (w.strip() for w in str(cue_words).split(";"))):
        at = sentence.find(word)
        if at < 0:
            at = folded.find(word.casefold())
        if at >= 0:
            return at, at + len(word)
    return 0, 0


def kwic_quotes(
    framed: pd.DataFrame,
    frames: Sequence[str] = ("distinction", "nexus", "umbrella"),
    width: int = 8,
) -> pd.DataFrame:
    """Keyword-in-context quotations for a report.

    In: the output of ``frame_sentences`` (``doc_id, year, sent_id, sentence,
    frame, cues``); the frames to quote; ``width``, the number of words shown
    on each side. Out: one row per sentence with one of those frames, sorted
    by year, doc_id and sent_id: ``year, doc_id, sent_id, frame, left,
    keyword, right, sentence``; the keyword is the first cue word that decided
    the frame; a left or right side cut short starts or ends with '…'.
    """
    needed = ["doc_id", "year", "sent_id", "sentence", "frame", "cues"]
    require_columns(framed, needed, "kwic_quotes")
    chosen = framed[framed["frame"].isin(list(frames))]
    rows = []
    for row in chosen.itertuples(index=False):
        start, end = _keyword_span(row.sentence, row.cues)
        left, right = context_window(row.sentence, start, end, width)
        rows.append(
            {
                "year": row.year,
                "doc_id": row.doc_id,
                "sent_id": row.sent_id,
                "frame": row.frame,
                "left": left,
                "keyword": row.sentence[start:end],
                "right": right,
                "sentence": row.sentence,
            }
        )
    columns = ["year", "doc_id", "sent_id", "frame", "left", "keyword", "right", "sentence"]
    out = pd.DataFrame(rows, columns=columns)
    return out.sort_values(["year", "doc_id", "sent_id"], kind="stable").reset_index(drop=True)
