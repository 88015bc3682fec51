"""The findings of notebook 04, each worded from its count and test, and the unit-by-theme
table behind every count. Units naming both crimes are left out of the trafficking-
against-smuggling test (it needs two separate groups); the sentence says so.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

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


def crime_findings(matrix: pd.DataFrame, documents: pd.Series | None = None) -> list[Finding]:
    """How many units name both crimes; then, over single-crime units, the theme leaning most
    each way (a tie named), Fisher's exact test with the q over every theme.
    """
    t, s = (matrix[c].to_numpy() for c in CRIMES)
    both, either = int((t & s).sum()), int((t | s).sum())
    out = [describe_share(both, either, "units naming a crime", "name both crimes")]
    only_t, only_s = t & ~s, s & ~t
    n_t, n_s = int(only_t.sum()), int(only_s.sum())
    others = [c for c in matrix.columns if c not in CRIMES]
    if not others or not n_t or not n_s:
        return out
    share = {
        c: matrix[c].to_numpy()[only_t].mean() - matrix[c].to_numpy()[only_s].mean() for c in others
    }

    def note(theme: str, crime: str, tied: list[str]) -> str:
        rank = (
            f"the largest lean towards {crime} of the {len(others)} themes compared"
            if len(tied) == 1
            else f"tied with {', '.join(t for t in tied if t != theme)} for the largest lean "
            f"towards {crime} of the {len(others)} themes compared"
        )
        return (
            f" Units naming both crimes ({both}) are left out, so the two groups do not overlap;"
            f" this is {rank}, so its strength follows q."
        )

    counts = {
        c: (int((matrix[c].to_numpy() & only_t).sum()), int((matrix[c].to_numpy() & only_s).sum()))
        for c in others
    }
    p_values = [fisher_exact(k_t, n_t, k_s, n_s)[1] for k_t, k_s in counts.values()]
    q_of = dict(zip(others, benjamini_hochberg(p_values), strict=True))
    towards_t, towards_s = leaders(share), leaders(share, largest=False)
    for theme, first, tied in ((towards_t[0], True, towards_t), (towards_s[0], False, towards_s)):
        k_t, k_s = counts[theme]
        groups = ("trafficking-only", k_t, n_t, "smuggling-only", k_s, n_s)
        crimes = CRIMES
        if not first:
            groups, crimes = groups[3:] + groups[:3], crimes[::-1]
        docs = None
        if documents is not None:
            labels = documents.reindex(matrix.index).to_numpy()
            docs = (labels[only_t], labels[only_s]) if first else (labels[only_s], labels[only_t])
        found = compare(f"{theme} is more frequent with {crimes[0]} than with {crimes[1]}",
                        *groups, "units", q_value=float(q_of[theme]), n_tests=len(others),
                        documents=docs)  # fmt: skip
        text = found.text + note(theme, crimes[0], tied)
        out.append(with_text(found, text))
    return out


def period_findings(
    units: pd.DataFrame,
    matrix: pd.DataFrame,
    periods: Mapping[str, tuple[int, int]],
) -> tuple[list[Finding], pd.DataFrame]:
    """Every theme compared between two periods (Fisher, q over all themes); the findings for
    the largest rise and fall, and ``theme, k_first, n_first, k_second, n_second,
    difference, p_value, q``.
    """
    labels = list(check_periods(periods))
    if len(labels) != 2:
        raise ValueError(f"expected two periods, got {labels}")
    first, second = labels
    where = period_of(units.loc[matrix.index, "year"], periods).to_numpy()
    in_1, in_2 = where == first, where == second
    n_1, n_2 = int(in_1.sum()), int(in_2.sum())
    docs = {p: units.loc[matrix.index[where == p], "doc_id"].nunique() for p in labels}
    rows = []
    for theme in matrix.columns:
        has = matrix[theme].to_numpy()
        k_1, k_2 = int((has & in_1).sum()), int((has & in_2).sum())
        found = compare(theme, second, k_2, n_2, first, k_1, n_1, "units")
        rows.append({"theme": theme, "k_first": k_1, "n_first": n_1, "k_second": k_2,
                     "n_second": n_2, "difference": found.effect, "p_value": found.p_value
        })  # fmt: skip
    table = pd.DataFrame(rows)
    if table.empty or not n_1 or not n_2:
        return [], table
    table["q"] = benjamini_hochberg(table["p_value"])
    out = []
    note = (
        f" {first} is {docs[first]} document(s) and {second} {docs[second]}: a difference of "
        "documents (speakers, occasions) as much as of periods."
    )
    by_theme = dict(zip(table.index, table["difference"], strict=True))
    ups, downs = leaders(by_theme), leaders(by_theme, largest=False)
    for index, verb, tied in ((ups[0], "more", ups), (downs[0], "less", downs)):
        row = table.loc[index]
        theme = row["theme"]
        groups = (second, int(row.k_second), n_2, first, int(row.k_first), n_1)
        if verb == "less":
            groups = (first, int(row.k_first), n_1, second, int(row.k_second), n_2)
        found = compare(f"{theme} is {verb} frequent in {second} than in {first}", *groups,
                        "units", q_value=float(row["q"]), n_tests=len(table))  # fmt: skip
        direction = "up" if verb == "more" else "down"
        rank = (
            f"this is the largest change {direction}"
            if len(tied) == 1
            else "this ties with "
            + ", ".join(str(table.at[i, "theme"]) for i in tied if i != index)
            + f" for the largest change {direction}"
        )
        text = (
            found.text
            + f" Of the {len(table)} themes compared {rank}, so its strength follows q."
            + note
        )
        out.append(with_text(found, text))
    return out, table


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
    return found + period_findings(units, matrix, periods)[0]


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
