"""The findings of notebook 04, each worded from its count and test, and the unit-by-theme
table behind every count. Units naming both crimes are left out of the trafficking-
against-smuggling test (it needs two separate groups); the sentence says so.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path

import numpy as np
import pandas as pd

from helpers.analysis.findings import Finding, compare, describe_share, finding, leaders, with_text
from helpers.analysis.periods import check_periods, period_of
from helpers.analysis.stats import benjamini_hochberg, fisher_exact
from helpers.base import paths
from helpers.base.checks import require_columns
from helpers.base.style import NAME_PATTERN
from helpers.corpus.labels import document_labels
from helpers.reading.themes import CRIMES

__all__ = ["THEME_UNIT_COLUMNS", "crime_findings", "label_units", "overview_findings",
           "period_findings", "theme_findings", "theme_units_table", "unit_documents",
           "write_table"]  # fmt: skip

THEME_UNIT_COLUMNS = ["doc_id", "document", "year", "unit_id", "text", "themes"]


def theme_units_table(
    units: pd.DataFrame, matrix: pd.DataFrame, documents: pd.DataFrame
) -> pd.DataFrame:
    """One row per unit with its themes (';'-joined, codebook order):
    ``THEME_UNIT_COLUMNS``, documents named "2003 Vienna".
    """
    require_columns(units, ["doc_id", "year", "unit_id", "text"], "theme_units_table")
    names = list(matrix.columns)
    flags = matrix.loc[units.index].to_numpy()
    joined = [";".join(n for n, f in zip(names, row, strict=True) if f) for row in flags]
    labels = document_labels(documents)
    out = units[["doc_id", "year", "unit_id", "text"]].copy()
    out.insert(1, "document", out["doc_id"].map(labels))
    out["themes"] = joined
    return out[THEME_UNIT_COLUMNS].reset_index(drop=True)


def overview_findings(matrix: pd.DataFrame, pairs: pd.DataFrame, min_count: int) -> list[Finding]:
    """Units without a theme, the three most frequent themes (Wilson intervals), the strongest
    pairs (described by Jaccard and lift, not tested).
    """
    n = len(matrix)
    out = [describe_share(int((~matrix.any(axis=1)).sum()), n, "units", "match no theme")]
    for theme in matrix.sum().sort_values(ascending=False, kind="stable").head(3).index:
        out.append(describe_share(int(matrix[theme].sum()), n, "units", f"have the theme {theme}"))
    strong = pairs[pairs["n_both"] >= min_count].sort_values(
        ["jaccard", "n_both"], ascending=False, kind="stable"
    )
    for row in strong.head(3).itertuples(index=False):
        text = (
            f"{row.theme_a} and {row.theme_b} share {row.n_both} of the "
            f"{row.n_a + row.n_b - row.n_both} units with either (Jaccard {row.jaccard:.2f}); "
            f"{row.expected:.1f} would be expected "
            f"if they were unrelated (lift {row.lift:.1f}). Sharing a unit is not the same as "
            f"the text linking them."
        )
        claim = f"{row.theme_a} + {row.theme_b} co-occur"
        out.append(finding(text, claim, "share", row.n_units, row.jaccard,
                           test="description (Jaccard, lift)"))  # fmt: skip
    return out


def _largest_leans(
    matrix: pd.DataFrame,
    groups: tuple[tuple[str, np.ndarray], tuple[str, np.ndarray]],
    claim: Callable[[str, bool], str],
    suffix: Callable[[str, bool, list[str]], str],
    documents: np.ndarray | None = None,
) -> list[Finding]:
    """The theme leaning most towards each of two groups of units, each tested by
    :func:`compare` with the Benjamini-Hochberg q over every theme (its word follows q).

    In: the matrix of the themes compared; ``(label, mask)`` of each group; ``claim(theme,
    towards_first)``; ``suffix(theme, towards_first, tied)``, the words after the sentence;
    each unit's document. Out: two findings; [] without themes or with an empty group.
    """
    (label_a, in_a), (label_b, in_b) = groups
    n_a, n_b = int(in_a.sum()), int(in_b.sum())
    themes = list(matrix.columns)
    if not themes or not n_a or not n_b:
        return []
    counts = {}
    for theme in themes:
        has = matrix[theme].to_numpy()
        counts[theme] = (int((has & in_a).sum()), int((has & in_b).sum()))
    p_values = [fisher_exact(k_a, n_a, k_b, n_b)[1] for k_a, k_b in counts.values()]
    q_of = dict(zip(themes, benjamini_hochberg(p_values), strict=True))
    lean = {theme: k_a / n_a - k_b / n_b for theme, (k_a, k_b) in counts.items()}
    out = []
    for tied, towards_a in ((leaders(lean), True), (leaders(lean, largest=False), False)):
        theme = tied[0]
        sides = [(label_a, counts[theme][0], n_a, in_a), (label_b, counts[theme][1], n_b, in_b)]
        if not towards_a:
            sides.reverse()
        docs = None if documents is None else tuple(documents[mask] for *_, mask in sides)
        q_value = float(q_of[theme])
        found = compare(claim(theme, towards_a), *sides[0][:3], *sides[1][:3], "units",
                        q_value=q_value, n_tests=len(themes), documents=docs)  # fmt: skip
        out.append(with_text(found, found.text + suffix(theme, towards_a, tied)))
    return out


def crime_findings(matrix: pd.DataFrame, documents: pd.Series | None = None) -> list[Finding]:
    """How many units name both crimes; then, over single-crime units, the theme leaning most
    each way (a tie named), Fisher's exact test with the q over every theme.
    """
    t, s = (matrix[c].to_numpy() for c in CRIMES)
    both, either = int((t & s).sum()), int((t | s).sum())
    out = [describe_share(both, either, "units naming a crime", "name both crimes")]
    others = matrix[[c for c in matrix.columns if c not in CRIMES]]

    def claim(theme: str, towards_first: bool) -> str:
        more, less = CRIMES if towards_first else CRIMES[::-1]
        return f"{theme} is more frequent with {more} than with {less}"

    def suffix(theme: str, towards_first: bool, tied: list[str]) -> str:
        crime = CRIMES[0] if towards_first else CRIMES[1]
        rank = (
            f"the largest lean towards {crime} of the {others.shape[1]} themes compared"
            if len(tied) == 1
            else f"tied with {', '.join(t for t in tied if t != theme)} for the largest lean "
            f"towards {crime} of the {others.shape[1]} themes compared"
        )
        return (
            f" Units naming both crimes ({both}) are left out, so the two groups do not overlap;"
            f" this is {rank}, so its strength follows q."
        )

    groups = (("trafficking-only", t & ~s), ("smuggling-only", s & ~t))
    labels = None if documents is None else documents.reindex(matrix.index).to_numpy()
    return out + _largest_leans(others, groups, claim, suffix, labels)


def period_findings(
    units: pd.DataFrame, matrix: pd.DataFrame, periods: Mapping[str, tuple[int, int]]
) -> list[Finding]:
    """Every theme compared between two periods (Fisher, q over all themes): the findings for
    the largest rise and fall.
    """
    labels = list(check_periods(periods))
    if len(labels) != 2:
        raise ValueError(f"expected two periods, got {labels}")
    first, second = labels
    where = period_of(units.loc[matrix.index, "year"], periods).to_numpy()
    docs = {p: units.loc[matrix.index[where == p], "doc_id"].nunique() for p in labels}
    note = (
        f" {first} is {docs[first]} document(s) and {second} {docs[second]}: a difference of "
        "documents (speakers, occasions) as much as of periods."
    )

    def claim(theme: str, up: bool) -> str:
        return f"{theme} is {'more' if up else 'less'} frequent in {second} than in {first}"

    def suffix(theme: str, up: bool, tied: list[str]) -> str:
        direction = "up" if up else "down"
        rank = (
            f"this is the largest change {direction}"
            if len(tied) == 1
            else "this ties with "
            + ", ".join(str(t) for t in tied if t != theme)
            + f" for the largest change {direction}"
        )
        return (
            f" Of the {matrix.shape[1]} themes compared {rank}, so its strength follows q." + note
        )

    groups = ((second, where == second), (first, where == first))
    return _largest_leans(matrix, groups, claim, suffix)


def theme_findings(
    units: pd.DataFrame,
    matrix: pd.DataFrame,
    pairs: pd.DataFrame,
    periods: Mapping[str, tuple[int, int]],
    min_count: int,
) -> list[Finding]:
    """All the findings of notebook 04 in order: overview, crimes, periods."""
    require_columns(units, ["year", "doc_id"], "theme_findings")
    require_columns(matrix, list(CRIMES), "theme_findings")
    pair_columns = ["theme_a", "theme_b", "n_both", "n_a", "n_b", "n_units", "expected", "jaccard"]
    require_columns(pairs, [*pair_columns, "lift"], "theme_findings")
    documents = unit_documents(units)
    found = overview_findings(matrix, pairs, min_count) + crime_findings(matrix, documents)
    return found + period_findings(units, matrix, periods)


def unit_documents(units: pd.DataFrame) -> pd.Series:
    """The document of each unit as a reader names it: ``unit_id`` without its ``#s``/``#p``
    part, or ``doc_id``.
    """
    label = units["unit_id"].astype(str).str.replace(r"\s*#[sp][\d.]+$", "", regex=True)
    return label.where(label != "", units["doc_id"])


def label_units(units: pd.DataFrame, documents: pd.DataFrame) -> pd.DataFrame:
    """Units whose ``unit_id`` names the document by year and place ("2003 Vienna #s3",
    "2008 Tashkent #s8.1"); ``doc_id`` kept as the key.
    """
    require_columns(units, ["doc_id", "unit_id"], "label_units")
    labels = document_labels(documents)
    suffix = units["unit_id"].str.extract(r"(#[sp]\d+(?:\.\d+)?)$", expand=False).fillna("")
    return units.assign(unit_id=units["doc_id"].map(labels) + " " + suffix)


def write_table(table: pd.DataFrame, name: str, figures_dir: Path | None = None) -> str:
    """Write a table without a figure as ``NAME.csv`` beside the figures (default
    ``paths.figures_dir()``); out: the line to print, without the folder.
    """
    if not NAME_PATTERN.match(name):
        raise ValueError(f"table name {name!r} must look like '04_theme_units'")
    folder = Path(figures_dir) if figures_dir is not None else paths.figures_dir()
    folder.mkdir(parents=True, exist_ok=True)
    table.to_csv(folder / f"{name}.csv", index=False, lineterminator="\n")
    return f"Saved {name}.csv: {len(table)} rows."
