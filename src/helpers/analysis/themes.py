"""Counting themes in a theme matrix (a row per unit, a boolean column per theme): how often,
which travel together, per year and period.

For themes A and B over N units: ``jaccard = n_both / (n_a + n_b - n_both)``; ``expected =
n_a * n_b / N``; ``lift = n_both / expected``, ``pmi = log2(lift)``, both NaN below a
minimum count, since a ratio of two or three sentences says nothing.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping

import numpy as np
import pandas as pd

from helpers.analysis.periods import check_periods, period_of
from helpers.base.checks import require_columns
from helpers.reading.themes import CRIMES, NO_THEME

__all__ = ["DEFAULT_MIN_COUNT", "PAIR_COLUMNS", "cooccurrence", "cooccurrence_counts",
           "cooccurrence_from_counts", "crime_profiles", "crime_profiles_from_counts",
           "period_cooccurrence", "period_cooccurrence_from_counts", "period_presence",
           "period_presence_from_counts", "presence_by_year", "presence_from_counts",
           "theme_counts", "theme_counts_from_counts", "top_pairs",
           "unmatched_by_year"]  # fmt: skip

PAIR_COLUMNS: tuple[str, ...] = (
    "theme_a", "theme_b", "n_both", "n_a", "n_b", "jaccard", "n_units", "expected", "lift", "pmi",
)  # fmt: skip
DEFAULT_MIN_COUNT = 3


# --------------------------------------------------------------------------- counts


def theme_counts(matrix: pd.DataFrame) -> pd.DataFrame:
    """``theme, n, n_units, share`` per theme, in column order (share NaN without units)."""
    return theme_counts_from_counts(matrix.sum(axis=0), len(matrix))


def theme_counts_from_counts(n_theme: pd.Series, n_units: int) -> pd.DataFrame:
    """:func:`theme_counts` from units with each theme (in order) and all units."""
    counts = n_theme.astype("int64")
    return pd.DataFrame({"theme": list(counts.index), "n": counts.to_numpy(), "n_units": n_units,
                         "share": counts.to_numpy() / n_units if n_units else np.nan})  # fmt: skip


def cooccurrence_counts(matrix: pd.DataFrame) -> pd.DataFrame:
    """Themes x themes: units with both; the diagonal, units with the theme."""
    values = matrix.to_numpy(dtype="int64")
    square = values.T @ values
    return pd.DataFrame(square, index=list(matrix.columns), columns=list(matrix.columns))


def cooccurrence(matrix: pd.DataFrame, min_count: int = DEFAULT_MIN_COUNT) -> pd.DataFrame:
    """One row per unordered pair of themes (column order): ``PAIR_COLUMNS``.

    Counts, ``jaccard`` (NaN when neither occurs), ``expected``; ``lift`` and ``pmi`` NaN when
    n_both < ``min_count`` (at least 1) or expected is 0.
    """
    return cooccurrence_from_counts(cooccurrence_counts(matrix), len(matrix), min_count)


def cooccurrence_from_counts(
    square: pd.DataFrame, n_units: int, min_count: int = DEFAULT_MIN_COUNT
) -> pd.DataFrame:
    """:func:`cooccurrence` from the (summed) :func:`cooccurrence_counts` and its units."""
    if min_count < 1:
        raise ValueError(f"min_count must be at least 1, not {min_count}")
    themes = list(square.columns)
    square = square.to_numpy()
    rows = []
    for i, a in enumerate(themes):
        for j in range(i + 1, len(themes)):
            n_both, n_a, n_b = int(square[i, j]), int(square[i, i]), int(square[j, j])
            union = n_a + n_b - n_both
            expected = n_a * n_b / n_units if n_units else np.nan
            lift = n_both / expected if n_both >= min_count and expected > 0 else np.nan
            rows.append({"theme_a": a, "theme_b": themes[j], "n_both": n_both, "n_a": n_a,
                         "n_b": n_b, "jaccard": n_both / union if union else np.nan,
                         "n_units": n_units, "expected": expected, "lift": lift,
                         "pmi": math.log2(lift) if lift > 0 else np.nan})  # fmt: skip
    out = pd.DataFrame(rows, columns=list(PAIR_COLUMNS))
    return out.astype({c: "int64" for c in ("n_both", "n_a", "n_b", "n_units")})


def top_pairs(pairs: pd.DataFrame, n: int = 5, min_count: int = DEFAULT_MIN_COUNT) -> pd.DataFrame:
    """The ``n`` pairs with the highest Jaccard index among those with ``n_both >= min_count``
    (ties by n_both, then codebook order).
    """
    require_columns(pairs, ["n_both", "jaccard"], "top_pairs")
    chosen = pairs[pairs["n_both"] >= min_count]
    chosen = chosen.sort_values(["jaccard", "n_both"], ascending=False, kind="stable")
    return chosen.head(n).reset_index(drop=True)


def presence_by_year(units: pd.DataFrame, matrix: pd.DataFrame) -> pd.DataFrame:
    """``year, theme, n_units, n_theme, share`` per year and theme (zeros kept), then
    ``NO_THEME`` (units without a theme).
    """
    require_columns(units, ["year"], "presence_by_year")
    flags = matrix.assign(**{NO_THEME: ~matrix.any(axis=1)})
    years = units.loc[flags.index, "year"]
    rows = []
    for year in sorted(int(y) for y in years.dropna().unique()):
        in_year = flags[(years == year).to_numpy()]
        for theme in flags.columns:
            rows.append({"year": year, "theme": theme, "n_units": len(in_year),
                         "n_theme": int(in_year[theme].sum())})  # fmt: skip
    table = pd.DataFrame(rows, columns=["year", "theme", "n_units", "n_theme"])
    return presence_from_counts(table, matrix.columns)


def presence_from_counts(counts: pd.DataFrame, themes: Iterable[str]) -> pd.DataFrame:
    """:func:`presence_by_year` from counts that add up over parts of a corpus.

    In: ``year, theme, n_units, n_theme`` (rows of one year and theme summed); the themes in
    order. Out: as :func:`presence_by_year`, ``NO_THEME`` last in each year.
    """
    order = {theme: i for i, theme in enumerate([*themes, NO_THEME])}
    table = counts.groupby(["year", "theme"], sort=False)[["n_units", "n_theme"]].sum()
    table = table.reset_index().astype({"year": "int64", "n_units": "int64", "n_theme": "int64"})
    table = table.sort_values(["year", "theme"], key=lambda c: c.map(order) if c.name == "theme"
                              else c, kind="stable").reset_index(drop=True)  # fmt: skip
    table["share"] = table["n_theme"] / table["n_units"]
    return table[["year", "theme", "n_units", "n_theme", "share"]]


def unmatched_by_year(units: pd.DataFrame, matrix: pd.DataFrame) -> pd.DataFrame:
    """``year, n_units, n_none, share_none``: units matching no theme, per year."""
    require_columns(units, ["year"], "unmatched_by_year")
    presence = presence_by_year(units, matrix)
    none = presence[presence["theme"] == NO_THEME]
    return pd.DataFrame({"year": none["year"].to_numpy(), "n_units": none["n_units"].to_numpy(),
                         "n_none": none["n_theme"].to_numpy(),
                         "share_none": none["share"].to_numpy()})  # fmt: skip


# --------------------------------------------------------------------------- periods


def period_presence(
    units: pd.DataFrame, matrix: pd.DataFrame, periods: Mapping[str, tuple[int, int]]
) -> pd.DataFrame:
    """``period, theme, n, n_units, share`` per period (order given) and theme."""
    require_columns(units, ["year"], "period_presence")
    return period_presence_from_counts(_period_squares(units, matrix, periods))


def period_cooccurrence(
    units: pd.DataFrame,
    matrix: pd.DataFrame,
    periods: Mapping[str, tuple[int, int]],
    min_count: int = DEFAULT_MIN_COUNT,
) -> pd.DataFrame:
    """:func:`cooccurrence` within each period: ``period`` then ``PAIR_COLUMNS``."""
    require_columns(units, ["year"], "period_cooccurrence")
    return period_cooccurrence_from_counts(_period_squares(units, matrix, periods), min_count)


def _period_squares(
    units: pd.DataFrame, matrix: pd.DataFrame, periods: Mapping[str, tuple[int, int]]
) -> dict[str, tuple[pd.DataFrame, int]]:
    """Each period's :func:`cooccurrence_counts` and number of units, in the order given."""
    labels = period_of(units.loc[matrix.index, "year"], periods)
    squares = {}
    for name in check_periods(periods):
        part = matrix[(labels == name).to_numpy()]
        squares[name] = (cooccurrence_counts(part), len(part))
    return squares


def period_presence_from_counts(squares: Mapping[str, tuple[pd.DataFrame, int]]) -> pd.DataFrame:
    """:func:`period_presence` from each period's co-occurrence counts and number of units."""
    parts = [
        theme_counts_from_counts(pd.Series(np.diagonal(square.to_numpy()), square.columns), n)
        .assign(period=name)
        for name, (square, n) in squares.items()
    ]  # fmt: skip
    return pd.concat(parts, ignore_index=True)[["period", "theme", "n", "n_units", "share"]]


def period_cooccurrence_from_counts(
    squares: Mapping[str, tuple[pd.DataFrame, int]], min_count: int = DEFAULT_MIN_COUNT
) -> pd.DataFrame:
    """:func:`period_cooccurrence` from each period's co-occurrence counts and units."""
    parts = [
        cooccurrence_from_counts(square, n, min_count).assign(period=name)
        for name, (square, n) in squares.items()
    ]
    return pd.concat(parts, ignore_index=True)[["period", *PAIR_COLUMNS]]


# --------------------------------------------------------------------------- the two crimes


def crime_profiles(
    matrix: pd.DataFrame, min_count: int = DEFAULT_MIN_COUNT, exclusive: bool = False
) -> pd.DataFrame:
    """The themes that co-occur with each crime.

    In: a theme matrix with a column per crime of ``CRIMES``; ``min_count`` (lift);
    ``exclusive``: only units naming no other crime (default: a unit naming both counts for
    both, as in notebook 02). Out: ``crime, theme, n_crime, n_both, share, n_theme, jaccard,
    lift`` per crime and other theme (jaccard and lift over all units).
    """
    missing = [crime for crime in CRIMES if crime not in matrix.columns]
    if missing:
        raise ValueError(f"the codebook has no theme {missing}: crime_profiles needs {CRIMES}")
    flags = matrix
    if exclusive:
        flags = matrix.copy()
        for crime in CRIMES:
            for other in CRIMES:
                if other != crime:
                    flags[crime] = flags[crime] & ~matrix[other]
    return crime_profiles_from_counts(cooccurrence_counts(flags), len(matrix), min_count)


def crime_profiles_from_counts(
    square: pd.DataFrame, n_units: int, min_count: int = DEFAULT_MIN_COUNT
) -> pd.DataFrame:
    """:func:`crime_profiles` from :func:`cooccurrence_counts` (summed over parts will do)
    and the number of units."""
    others = [theme for theme in square.columns if theme not in CRIMES]
    rows = []
    for crime in CRIMES:
        n_crime = int(square.at[crime, crime])
        for theme in others:
            n_both, n_theme = int(square.at[crime, theme]), int(square.at[theme, theme])
            union = n_crime + n_theme - n_both
            expected = n_crime * n_theme / n_units if n_units else np.nan
            rows.append(
                {
                    "crime": crime,
                    "theme": theme,
                    "n_crime": n_crime,
                    "n_both": n_both,
                    "share": n_both / n_crime if n_crime else np.nan,
                    "n_theme": n_theme,
                    "jaccard": n_both / union if union else np.nan,
                    "lift": n_both / expected if n_both >= min_count and expected > 0 else np.nan,
                }
            )
    columns = ["crime", "theme", "n_crime", "n_both", "share", "n_theme", "jaccard", "lift"]
    return pd.DataFrame(rows, columns=columns)
