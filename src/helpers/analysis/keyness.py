"""Keyness a researcher can defend: G2 with its p, a false-discovery q, and where each term occurs.

``terms_stats.keyness`` gives each term's counts in two periods, its log ratio, its
log-likelihood G2 and G2's p-value, one term at a time. Testing a hundred terms
at once, a few pass p < 0.05 by chance alone, and in a corpus of a handful of
documents a term may "rise" only because one document uses it. This module adds
what is needed to read the table honestly:

- :func:`document_counts`: in how many documents each term occurs (``n_docs``);
- :func:`keyness_table`: the keyness table with ``q`` (Benjamini-Hochberg, over
  every term tested), ``n_docs``, and two marks: ``single_document`` and
  ``below_threshold`` (G2 below 3.84, i.e. p >= 0.05 before any correction);
- :func:`keyness_findings`: the findings sentences, worded from q and p;
- :func:`plot_keyness_marked`: the bar chart with both marks drawn.

Pure functions; nothing is printed or written; importing changes no setting.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.colors import to_rgba
from matplotlib.figure import Figure
from matplotlib.patches import Patch
from sklearn.feature_extraction.text import CountVectorizer

from helpers.analysis import terms as terms_stats
from helpers.analysis.findings import ALPHA, Finding, check_wording, format_p
from helpers.analysis.stats import benjamini_hochberg
from helpers.base.checks import require_columns
from helpers.base.style import PALETTE
from helpers.rules import words as terms

__all__ = [
    "G2_THRESHOLD",
    "KEYNESS_TABLE_COLUMNS",
    "document_counts",
    "keyness_caption",
    "keyness_findings",
    "keyness_table",
    "keyness_title",
    "plot_keyness_marked",
]

G2_THRESHOLD = terms_stats.G2_CRITICAL[0.05]
KEYNESS_TABLE_COLUMNS = [
    *terms_stats.KEYNESS_COLUMNS[:-1],
    "q",
    "n_docs",
    "direction",
    "single_document",
    "below_threshold",
]


def document_counts(texts: pd.DataFrame, analyzer: terms.TermAnalyzer) -> pd.Series:
    """In how many documents each term occurs.

    In: one row per document with a ``text`` column (``units.counted_documents``);
    the analyzer. Out: a Series, term -> number of documents that use it
    (terms used by no document are absent).
    """
    require_columns(texts, ["text"], "document_counts")
    if texts.empty:
        return pd.Series(dtype=int, name="n_docs")
    vectorizer = CountVectorizer(analyzer=analyzer, binary=True)
    try:
        matrix = vectorizer.fit_transform(texts["text"].fillna("").astype(str))
    except ValueError:  # no term in any text
        return pd.Series(dtype=int, name="n_docs")
    counts = np.asarray(matrix.sum(axis=0)).ravel().astype(int)
    return pd.Series(counts, index=vectorizer.get_feature_names_out(), name="n_docs")


def keyness_table(
    counts: pd.DataFrame,
    totals: pd.Series,
    first: Hashable,
    second: Hashable,
    n_docs: pd.Series,
    min_count: int = 3,
) -> pd.DataFrame:
    """``terms_stats.keyness`` with a Benjamini-Hochberg ``q``, ``n_docs`` and two marks.

    In: as :func:`helpers.analysis.terms.keyness`, plus ``n_docs`` (:func:`document_counts`
    over the documents of the two periods). Out: ``KEYNESS_TABLE_COLUMNS``, in
    the order of ``terms_stats.keyness`` (G2, largest first): ``q`` is computed over
    every term tested (every row); ``single_document`` is True when the term
    occurs in one document only; ``below_threshold`` when G2 < 3.84. Raises
    ValueError naming a tested term that ``n_docs`` lacks.
    """
    key = terms_stats.keyness(counts, totals, first, second, min_count=min_count)
    missing = sorted(set(key["term"]) - set(n_docs.index))
    if missing:
        raise ValueError(f"n_docs has no count for the term {missing[0]!r}")
    key.insert(key.columns.get_loc("p_value") + 1, "q", benjamini_hochberg(key["p_value"]))
    key["q"] = key["q"].round(4)
    key.insert(key.columns.get_loc("q") + 1, "n_docs", key["term"].map(n_docs).astype(int))
    key["single_document"] = key["n_docs"] == 1
    key["below_threshold"] = key["g2"] < G2_THRESHOLD
    return key[KEYNESS_TABLE_COLUMNS]


def _term_text(row) -> str:
    where = "a single document" if row.single_document else f"{row.n_docs} documents"
    return (
        f"'{row.term}' ({row.count_a} → {row.count_b}, log ratio {row.log_ratio:+.1f}, "
        f"G2 {row.g2:.1f}, {format_p(row.p_value)}, q = {row.q:.3f}; in {where})"
    )


def keyness_findings(
    key: pd.DataFrame, first: str, second: str, n_documents: Mapping[str, int], top: int = 3
) -> list[Finding]:
    """The keyness findings, worded from the corrected test.

    In: :func:`keyness_table`; the two periods' names; the number of documents
    in each; ``top``, terms quoted in each direction. Out: findings: how many
    terms pass G2 >= 3.84 against the number expected by chance; how many have
    q <= 0.05 after the Benjamini-Hochberg correction (and, when none does,
    that there is no evidence, after correction, that any term rises or
    falls); how many of the terms passing G2 come from a single document; and
    the ``top`` strongest terms each way, with counts, G2, p, q and documents.
    """
    require_columns(
        key,
        ["term", "g2", "p_value", "q", "n_docs", "below_threshold", "single_document", "direction"],
        "keyness_findings",
    )
    m = len(key)
    passing = key[~key["below_threshold"]]
    surviving = key[key["q"] <= ALPHA]
    docs = f"{first} is {n_documents[first]} document(s) and {second} {n_documents[second]}"
    out = [
        _finding(
            "terms pass G2 >= 3.84 uncorrected",
            "share",
            m,
            len(passing) / m if m else np.nan,
            np.nan,
            f"{len(passing)} of {m} terms tested have G2 ≥ {G2_THRESHOLD} (p < 0.05 for one "
            f"test); about {ALPHA * m:.0f} would by chance alone.",
        )
    ]
    if len(surviving):
        strength = "evidence"
        text = (
            f"After the Benjamini-Hochberg correction over all {m} terms, {len(surviving)} "
            f"have q ≤ {ALPHA}: " + "; ".join(_term_text(r) for r in surviving.itertuples()) + "."
        )
    elif len(passing):
        # Terms pass one test each but none survives the correction: a lead, not an absence.
        strength = "suggestive"
        smallest = key["q"].min()
        text = (
            f"Suggestive, not significant after correction: {len(passing)} of {m} terms pass "
            f"one test each, but after the Benjamini-Hochberg correction over all {m} terms "
            f"none has q ≤ {ALPHA} (smallest q = {smallest:.3f}), so no single term can be "
            f"said to rise or fall."
        )
    else:
        strength = "no evidence"
        smallest = key["q"].min() if m else np.nan
        text = (
            f"No evidence, after the Benjamini-Hochberg correction over all {m} terms, that any "
            f"term rises or falls: none has q ≤ {ALPHA} (smallest q = {smallest:.3f})."
        )
    out.append(_finding("terms survive the correction", strength, m, len(surviving), np.nan, text))
    single = int(passing["single_document"].sum())
    out.append(
        _finding(
            "terms passing G2 found in a single document",
            "share",
            len(passing),
            single / len(passing) if len(passing) else np.nan,
            np.nan,
            f"{single} of the {len(passing)} terms with G2 ≥ {G2_THRESHOLD} occur in a single "
            f"document: they may mark that document (its speaker, occasion or genre) rather "
            f"than a period ({docs}).",
        )
    )
    for direction, verb in (("rises", "rise"), ("falls", "fall")):
        rows = key[key["direction"] == direction].head(top)
        if len(rows):
            out.append(
                _finding(
                    f"strongest terms to {verb}",
                    "no evidence" if (rows["q"] > ALPHA).all() else "evidence",
                    len(rows),
                    float(rows["log_ratio"].iloc[0]),
                    float(rows["p_value"].iloc[0]),
                    f"Largest G2 among the terms that {verb} from {first} to {second}: "
                    + "; ".join(_term_text(r) for r in rows.itertuples())
                    + ".",
                )
            )
    return out


def _finding(claim: str, strength: str, n: int, effect, p_value, text: str) -> Finding:
    return Finding(
        claim=claim,
        strength=strength,
        n=int(n),
        effect=float(effect),
        ci_low=np.nan,
        ci_high=np.nan,
        p_value=float(p_value),
        test="log-likelihood G2; Benjamini-Hochberg q over all terms tested",
        text=check_wording(text),
    )


def keyness_caption(shown: pd.DataFrame, first: str, second: str, n_tested: int) -> str:
    """The caption of :func:`plot_keyness_marked`, saying only what the figure draws.

    In: the rows drawn; the periods; the number of terms tested. Out: one sentence.
    """
    require_columns(shown, ["below_threshold", "single_document", "q"], "keyness_caption")
    below = int(shown["below_threshold"].sum())
    single = int(shown["single_document"].sum())
    surviving = int((shown["q"] <= ALPHA).sum())
    return (
        f"The terms with the highest log-likelihood G2 rising and falling from {first} to "
        f"{second}: log ratio (zero counts replaced by 0.5), with counts, G2 and the "
        f"Benjamini-Hochberg q (over {n_tested} terms) beside each bar; {below} light, hatched "
        f"bar(s) have G2 below {G2_THRESHOLD}; {single} term(s) marked '1 doc' occur in a single "
        f"document; {surviving} bar(s) have q ≤ {ALPHA}."
    )


def keyness_title(key: pd.DataFrame, first: str, second: str) -> str:
    """The keyness figure's title, from the same test as :func:`keyness_findings`.

    In: every term tested (``q``, and ``direction``: ``rises`` or ``falls``),
    as :func:`keyness_table`; the two periods. Out: a title that says how
    many terms survive the Benjamini-Hochberg correction (q <= ALPHA), and
    so, when none does, that the bars show the largest changes, not
    significant ones.
    """
    require_columns(key, ["q", "direction"], "keyness_title")
    surviving = key[key["q"] <= ALPHA]
    if surviving.empty:
        return (
            f"Largest changes in term frequency from {first} to {second}:\n"
            f"no term rises or falls significantly after correction (q ≤ {ALPHA})"
        )
    rises = int((surviving["direction"] == "rises").sum())
    falls = len(surviving) - rises
    return (
        f"Terms that rise and fall from {first} to {second}:\n"
        f"{rises} rise(s) and {falls} fall(s) significantly after correction (q ≤ {ALPHA})"
    )


def plot_keyness_marked(
    table: pd.DataFrame, labels: Sequence[str], title: str = "Terms that rise and fall"
) -> Figure:
    """Bars of the log ratio, each labelled with counts, G2 and q, marks drawn.

    In: rows of :func:`keyness_table` (``term, log_ratio, direction,
    below_threshold, single_document``, and ``count_a, count_b, g2, q`` for
    the labels); the names of the two periods. Out: the figure: rising terms
    at the top (blue), falling ones below (orange); a bar with G2 below 3.84
    is light and hatched; a term found in one document only has "(1 doc)"
    after it; the q of each term is written with three decimals (0.054 is not
    0.05); a legend explains the marks.
    """
    require_columns(
        table,
        ["term", "log_ratio", "direction", "below_threshold", "single_document"],
        "plot_keyness_marked",
    )
    rows = table.sort_values(["log_ratio", "term"], ascending=[False, True])
    fig, ax = plt.subplots(figsize=(9, 1.3 + 0.3 * max(len(rows), 1)))
    y = np.arange(len(rows))
    for yi, row in zip(y, rows.itertuples(), strict=True):
        colour = PALETTE[0] if row.direction == "rises" else PALETTE[1]
        faint = bool(row.below_threshold)
        # A faint bar: a light tint of its colour, hatched in the full colour (the hatch is
        # drawn in the edge colour, so it shows on screen, in the SVG and in print).
        ax.barh(
            yi,
            row.log_ratio,
            height=0.7,
            facecolor=to_rgba(colour, 0.25) if faint else colour,
            hatch="///" if faint else None,
            edgecolor=colour,
            linewidth=0.6,
        )
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
        ax.text(
            row.log_ratio + (0.04 if right else -0.04) * span,
            yi,
            f"{row.count_a}→{row.count_b}, G2 {row.g2:.1f}, q {row.q:.3f}",
            va="center",
            ha="left" if right else "right",
            fontsize=8,
        )
    ax.set_xlim(-1.9 * span, 1.9 * span)
    ax.set_xlabel(f"Log ratio: log2 of relative frequency in {labels[1]} / in {labels[0]}")
    ax.set_title(title)
    ax.grid(axis="y", visible=False)
    handles = [
        Patch(color=PALETTE[0], label=f"rises to {labels[1]}"),
        Patch(color=PALETTE[1], label=f"falls from {labels[0]}"),
        Patch(
            facecolor="#eeeeee",
            edgecolor="#555555",
            hatch="///",
            label=f"G2 below {G2_THRESHOLD} (p ≥ 0.05 before correction)",
        ),
        Patch(facecolor="none", edgecolor="none", label="(1 doc): in a single document"),
    ]
    ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.12), ncols=2, fontsize=8)
    fig.tight_layout()
    return fig
