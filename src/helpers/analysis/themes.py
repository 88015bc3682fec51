"""Counting themes: how often each theme occurs, which themes travel together, per year and period.

Every function here takes the theme matrix of ``themes.theme_matrix`` (one row
per unit, one boolean column per theme; and, for counts over time, the units of
``themes.make_units`` with their ``year``) and returns a new DataFrame.

**Counts and measures.** For two themes A and B over N units: ``n_a`` and
``n_b`` are the units with A and with B, ``n_both`` the units with both;
``jaccard = n_both / (n_a + n_b - n_both)`` (the share of units with either
theme that have both); ``expected = n_a * n_b / N`` (the count if the themes
were independent); ``lift = n_both / expected`` and ``pmi = log2(lift)``, left
empty (NaN) when ``n_both`` is below a minimum count, because a ratio of two or
three sentences says nothing.

The functions, in the order a notebook uses them: ``theme_counts``,
``cooccurrence_counts``, ``cooccurrence``, ``top_pairs``; ``presence_by_year``,
``unmatched_by_year``; ``period_presence``, ``period_cooccurrence`` (periods as
in ``helpers.analysis.periods``, whose ``period_table`` says what each holds);
``crime_profiles``.

Every function is pure: it takes DataFrames and returns new ones and changes
nothing in place. Nothing reads or writes a file; importing this module changes
no setting.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from helpers.analysis.periods import check_periods, period_of
from helpers.base.checks import require_columns
from helpers.reading.themes import CRIMES, NO_THEME

__all__ = [
    "DEFAULT_MIN_COUNT",
    "PAIR_COLUMNS",
    "cooccurrence",
    "cooccurrence_counts",
    "cooccurrence_from_counts",
    "crime_profiles",
    "period_cooccurrence",
    "period_presence",
    "presence_by_year",
    "theme_counts",
    "top_pairs",
    "unmatched_by_year",
]

PAIR_COLUMNS: tuple[str, ...] = (
    "theme_a", "theme_b", "n_both", "n_a", "n_b", "jaccard", "n_units", "expected", "lift", "pmi",
)  # fmt: skip
DEFAULT_MIN_COUNT = 3


# --------------------------------------------------------------------------- counts


def theme_counts(matrix: pd.DataFrame) -> pd.DataFrame:
    """How many units have each theme.

    In: a theme matrix. Out: one row per theme, in column order: ``theme, n,
    n_units, share`` (``n / n_units``; NaN when there is no unit).
    """
    n_units = len(matrix)
    counts = matrix.sum(axis=0).astype("int64")
    return pd.DataFrame(
        {
            "theme": list(matrix.columns),
            "n": counts.to_numpy(),
            "n_units": n_units,
            "share": counts.to_numpy() / n_units if n_units else np.nan,
        }
    )


def cooccurrence_counts(matrix: pd.DataFrame) -> pd.DataFrame:
    """The square co-occurrence table: units having both the row and the column theme.

    In: a theme matrix. Out: a themes x themes table of int counts (index and
    columns the themes); the diagonal holds the units having that theme.
    """
    values = matrix.to_numpy(dtype="int64")
    square = values.T @ values
    return pd.DataFrame(square, index=list(matrix.columns), columns=list(matrix.columns))


def cooccurrence(matrix: pd.DataFrame, min_count: int = DEFAULT_MIN_COUNT) -> pd.DataFrame:
    """One row per pair of themes: counts and association.

    In: a theme matrix; ``min_count`` (at least 1), the fewest units with both
    themes for which ``lift`` and ``pmi`` are given. Out: one row per unordered
    pair (theme_a before theme_b in column order), columns ``PAIR_COLUMNS``:
    ``n_both, n_a, n_b, n_units`` (counts); ``jaccard`` = n_both / (n_a + n_b -
    n_both), NaN when neither theme occurs; ``expected`` = n_a * n_b / n_units;
    ``lift`` = n_both / expected and ``pmi`` = log2(lift), NaN when n_both <
    min_count or expected is 0.
    """
    return cooccurrence_from_counts(cooccurrence_counts(matrix), len(matrix), min_count)


def cooccurrence_from_counts(
    square: pd.DataFrame, n_units: int, min_count: int = DEFAULT_MIN_COUNT
) -> pd.DataFrame:
    """:func:`cooccurrence` from its counts, which add up over parts of a corpus.

    In: the square of :func:`cooccurrence_counts` (or the sum of those of
    several parts), the number of units behind it, ``min_count`` as in
    :func:`cooccurrence`. Out: as :func:`cooccurrence`.
    """
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
            rows.append(
                {
                    "theme_a": a,
                    "theme_b": themes[j],
                    "n_both": n_both,
                    "n_a": n_a,
                    "n_b": n_b,
                    "jaccard": n_both / union if union else np.nan,
                    "n_units": n_units,
                    "expected": expected,
                    "lift": lift,
                    "pmi": math.log2(lift) if lift > 0 else np.nan,
                }
            )
    out = pd.DataFrame(rows, columns=list(PAIR_COLUMNS))
    return out.astype({c: "int64" for c in ("n_both", "n_a", "n_b", "n_units")})


def top_pairs(
    pairs: pd.DataFrame, n: int = 5, min_count: int = DEFAULT_MIN_COUNT, by: str = "jaccard"
) -> pd.DataFrame:
    """The ``n`` pairs with the highest ``by`` among those with ``n_both >= min_count``.

    In: the output of ``cooccurrence``. Out: those rows, highest first (ties
    broken by n_both, then by codebook order).
    """
    require_columns(pairs, ["n_both", by], "top_pairs")
    chosen = pairs[pairs["n_both"] >= min_count]
    chosen = chosen.sort_values([by, "n_both"], ascending=False, kind="stable")
    return chosen.head(n).reset_index(drop=True)


def presence_by_year(
    units: pd.DataFrame, matrix: pd.DataFrame, include_none: bool = True
) -> pd.DataFrame:
    """Units with each theme, per year.

    In: the units (``year``) and their theme matrix (same index);
    ``include_none``: add the pseudo-theme ``NO_THEME``, the units with no
    theme. Out: one row per year (ascending, the years of ``units``) and theme
    (codebook order, zeros kept): ``year, theme, n_units, n_theme, share``.
    """
    require_columns(units, ["year"], "presence_by_year")
    flags = matrix.copy()
    if include_none:
        flags[NO_THEME] = ~matrix.any(axis=1)
    years = units.loc[flags.index, "year"]
    rows = []
    for year in sorted(int(y) for y in years.dropna().unique()):
        in_year = flags[(years == year).to_numpy()]
        for theme in flags.columns:
            n_theme = int(in_year[theme].sum())
            rows.append(
                {
                    "year": year,
                    "theme": theme,
                    "n_units": len(in_year),
                    "n_theme": n_theme,
                    "share": n_theme / len(in_year),
                }
            )
    return pd.DataFrame(rows, columns=["year", "theme", "n_units", "n_theme", "share"])


def unmatched_by_year(units: pd.DataFrame, matrix: pd.DataFrame) -> pd.DataFrame:
    """Units that match no theme, per year.

    In: the units (``year``) and their theme matrix. Out: one row per year:
    ``year, n_units, n_none, share_none``.
    """
    require_columns(units, ["year"], "unmatched_by_year")
    presence = presence_by_year(units, matrix)
    none = presence[presence["theme"] == NO_THEME]
    return pd.DataFrame(
        {
            "year": none["year"].to_numpy(),
            "n_units": none["n_units"].to_numpy(),
            "n_none": none["n_theme"].to_numpy(),
            "share_none": none["share"].to_numpy(),
        }
    )


# --------------------------------------------------------------------------- periods


def period_presence(
    units: pd.DataFrame, matrix: pd.DataFrame, periods: Mapping[str, tuple[int, int]]
) -> pd.DataFrame:
    """Units with each theme, per period.

    In: the units (``year``), their theme matrix and the periods. Out: one
    row per period (order given) and theme: ``period, theme, n, n_units,
    share`` (NaN when the period has no unit).
    """
    require_columns(units, ["year"], "period_presence")
    labels = period_of(units.loc[matrix.index, "year"], periods)
    parts = []
    for name in check_periods(periods):
        counts = theme_counts(matrix[(labels == name).to_numpy()])
        parts.append(counts.assign(period=name))
    out = pd.concat(parts, ignore_index=True)
    return out[["period", "theme", "n", "n_units", "share"]]


def period_cooccurrence(
    units: pd.DataFrame,
    matrix: pd.DataFrame,
    periods: Mapping[str, tuple[int, int]],
    min_count: int = DEFAULT_MIN_COUNT,
) -> pd.DataFrame:
    """``cooccurrence`` within each period.

    In: the units (``year``), their theme matrix, the periods and the minimum
    count. Out: ``period`` followed by ``PAIR_COLUMNS``, one row per period
    (order given) and pair.
    """
    require_columns(units, ["year"], "period_cooccurrence")
    labels = period_of(units.loc[matrix.index, "year"], periods)
    parts = [
        cooccurrence(matrix[(labels == name).to_numpy()], min_count).assign(period=name)
        for name in check_periods(periods)
    ]
    out = pd.concat(parts, ignore_index=True)
    return out[["period", *PAIR_COLUMNS]]


# --------------------------------------------------------------------------- the two crimes


def crime_profiles(
    matrix: pd.DataFrame,
    crimes: Sequence[str] = CRIMES,
    min_count: int = DEFAULT_MIN_COUNT,
    exclusive: bool = False,
) -> pd.DataFrame:
    """The themes that co-occur with each crime.

    In: a theme matrix with a column per crime; ``crimes``; ``min_count`` (for
    ``lift``); ``exclusive``: count only units naming this crime and none of
    the other ``crimes`` (default: every unit naming the crime, so a unit
    naming both counts for both, as in the framing notebook). Out: one row per
    crime (order given) and other theme (column order, the crimes left out):
    ``crime, theme, n_crime, n_both, share`` (n_both / n_crime, NaN when
    n_crime is 0), ``n_theme, jaccard, lift`` (as in ``cooccurrence``, over
    all units; ``lift`` NaN below ``min_count``).
    """
    missing = [crime for crime in crimes if crime not in matrix.columns]
    if missing:
        raise ValueError(f"the codebook has no theme {missing}: crime_profiles needs {crimes}")
    n_units = len(matrix)
    others = [theme for theme in matrix.columns if theme not in crimes]
    rows = []
    for crime in crimes:
        mask = matrix[crime].to_numpy()
        if exclusive:
            for other in crimes:
                if other != crime:
                    mask = mask & ~matrix[other].to_numpy()
        n_crime = int(mask.sum())
        for theme in others:
            has = matrix[theme].to_numpy()
            n_both, n_theme = int((mask & has).sum()), int(has.sum())
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
