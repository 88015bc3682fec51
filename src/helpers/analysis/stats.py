"""Statistics for small counts: intervals, exact tests and a false-discovery correction.

The corpus is small (five pages ship with the project), so every comparison the
notebooks make is between a handful of sentences or documents. These functions
are chosen for counts that small:

- :func:`wilson_interval`: a score interval for one share, which stays inside
  0-1 and behaves at 0 of n and n of n (the normal approximation does not);
- :func:`newcombe_difference`: an interval for the difference of two shares,
  built from the two Wilson intervals (Newcombe 1998, method 10);
- :func:`fisher_exact`: Fisher's exact test of a 2 x 2 table, two-sided, with no
  large-sample approximation;
- :func:`benjamini_hochberg`: q-values that control the false discovery rate
  when many terms are tested at once (keyness);
- :func:`compare_proportions`: all of the above for "k1 of n1 against k2 of n2".

Each function is pure: numbers in, numbers out. ``helpers.analysis.findings`` turns the
numbers into sentences.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
from scipy.stats import fisher_exact as _scipy_fisher
from scipy.stats import norm

__all__ = [
    "benjamini_hochberg",
    "compare_proportions",
    "fisher_exact",
    "newcombe_difference",
    "wilson_interval",
]


def _check_count(k: int, n: int) -> None:
    """Raise ValueError unless 0 <= k <= n are whole numbers."""
    if int(k) != k or int(n) != n or n < 0 or k < 0 or k > n:
        raise ValueError(f"expected whole counts with 0 <= k <= n, got k={k!r}, n={n!r}")


def _z(level: float) -> float:
    if not 0 < level < 1:
        raise ValueError(f"level must lie between 0 and 1, got {level!r}")
    return float(norm.ppf(1 - (1 - level) / 2))


def wilson_interval(k: int, n: int, level: float = 0.95) -> tuple[float, float]:
    """Wilson score interval for the share ``k / n``.

    In: a count ``k`` of ``n`` and the coverage ``level``. Out: ``(low, high)``,
    both within 0-1; ``(nan, nan)`` when ``n`` is 0.
    """
    _check_count(k, n)
    if n == 0:
        return math.nan, math.nan
    z = _z(level)
    share = k / n
    centre = (share + z * z / (2 * n)) / (1 + z * z / n)
    half = z / (1 + z * z / n) * math.sqrt(share * (1 - share) / n + z * z / (4 * n * n))
    low, high = max(0.0, centre - half), min(1.0, centre + half)
    if k == 0:
        low = 0.0
    if k == n:
        high = 1.0
    return low, high


def newcombe_difference(
    k1: int, n1: int, k2: int, n2: int, level: float = 0.95
) -> tuple[float, float, float]:
    """The difference of two shares with Newcombe's hybrid score interval.

    In: ``k1`` of ``n1`` (group 1), ``k2`` of ``n2`` (group 2), the coverage
    ``level``. Out: ``(difference, low, high)`` for share 1 minus share 2, each
    between -1 and 1; all NaN when either group is empty.
    """
    _check_count(k1, n1)
    _check_count(k2, n2)
    if n1 == 0 or n2 == 0:
        return math.nan, math.nan, math.nan
    p1, p2 = k1 / n1, k2 / n2
    l1, u1 = wilson_interval(k1, n1, level)
    l2, u2 = wilson_interval(k2, n2, level)
    difference = p1 - p2
    low = difference - math.sqrt((p1 - l1) ** 2 + (u2 - p2) ** 2)
    high = difference + math.sqrt((u1 - p1) ** 2 + (p2 - l2) ** 2)
    return difference, max(-1.0, low), min(1.0, high)


def fisher_exact(k1: int, n1: int, k2: int, n2: int) -> tuple[float, float]:
    """Fisher's exact test of ``k1`` of ``n1`` against ``k2`` of ``n2``, two-sided.

    In: the two counts and their totals. Out: ``(odds_ratio, p_value)``; the odds
    ratio is the sample one, ``(k1 * (n2 - k2)) / ((n1 - k1) * k2)`` (``inf`` or
    0 when a cell is 0, NaN when both are); p is 1.0 when either group is empty.
    """
    _check_count(k1, n1)
    _check_count(k2, n2)
    if n1 == 0 or n2 == 0:
        return math.nan, 1.0
    table = [[int(k1), int(n1 - k1)], [int(k2), int(n2 - k2)]]
    with np.errstate(divide="ignore", invalid="ignore"):
        odds, p_value = _scipy_fisher(table, alternative="two-sided")
    return float(odds), float(min(1.0, p_value))


def benjamini_hochberg(p_values: Sequence[float] | np.ndarray) -> np.ndarray:
    """Benjamini-Hochberg q-values (false discovery rate) for many tests at once.

    In: p-values, in any order (NaN allowed, and left out of the count of
    tests). Out: an array of q-values in the same order: ``q_i = min over
    j >= rank(i) of p_(j) * m / j``, capped at 1; NaN where p was NaN.
    """
    p = np.asarray(p_values, dtype=float)
    if p.ndim != 1:
        raise ValueError(f"expected a one-dimensional sequence of p-values, got shape {p.shape}")
    valid = ~np.isnan(p)
    if np.any((p[valid] < 0) | (p[valid] > 1)):
        bad = p[valid][(p[valid] < 0) | (p[valid] > 1)][0]
        raise ValueError(f"p-values must lie between 0 and 1, got {bad!r}")
    q = np.full(p.shape, np.nan)
    m = int(valid.sum())
    if m == 0:
        return q
    order = np.argsort(p[valid], kind="stable")
    ranked = p[valid][order] * m / np.arange(1, m + 1)
    ranked = np.minimum.accumulate(ranked[::-1])[::-1]
    values = np.empty(m)
    values[order] = np.minimum(ranked, 1.0)
    q[valid] = values
    return q


def compare_proportions(k1: int, n1: int, k2: int, n2: int, level: float = 0.95) -> dict:
    """Everything a sentence about "k1 of n1 against k2 of n2" needs.

    In: the two counts, their totals and the interval's ``level``. Out: a dict
    with ``k1, n1, k2, n2, share_1, share_2, difference, ci_low, ci_high``
    (Newcombe interval of share 1 minus share 2), ``odds_ratio`` and
    ``p_value`` (Fisher's exact test, two-sided), and ``level``.
    """
    difference, low, high = newcombe_difference(k1, n1, k2, n2, level)
    odds, p_value = fisher_exact(k1, n1, k2, n2)
    return {
        "k1": int(k1),
        "n1": int(n1),
        "k2": int(k2),
        "n2": int(n2),
        "share_1": k1 / n1 if n1 else math.nan,
        "share_2": k2 / n2 if n2 else math.nan,
        "difference": difference,
        "ci_low": low,
        "ci_high": high,
        "odds_ratio": odds,
        "p_value": p_value,
        "level": level,
    }
