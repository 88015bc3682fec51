"""Statistics for small counts, on scipy.stats: Wilson and Newcombe intervals, Fisher's exact
test, Benjamini-Hochberg q-values. Numbers in, numbers out; ``findings`` words them."""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
from scipy.stats import binomtest, false_discovery_control
from scipy.stats import fisher_exact as _scipy_fisher

__all__ = ["benjamini_hochberg", "compare_proportions", "fisher_exact", "newcombe_difference",
           "wilson_interval"]  # fmt: skip


def _check_count(k: int, n: int) -> None:
    if int(k) != k or int(n) != n or n < 0 or k < 0 or k > n:
        raise ValueError(f"expected whole counts with 0 <= k <= n, got k={k!r}, n={n!r}")


def wilson_interval(k: int, n: int, level: float = 0.95) -> tuple[float, float]:
    """Wilson score interval of ``k / n`` (stays in 0-1, sane at 0 and n); NaNs when n is 0."""
    _check_count(k, n)
    if not 0 < level < 1:
        raise ValueError(f"level must lie between 0 and 1, got {level!r}")
    if n == 0:
        return math.nan, math.nan
    ci = binomtest(int(k), int(n)).proportion_ci(confidence_level=level, method="wilson")
    return max(0.0, float(ci.low)), min(1.0, float(ci.high))


def newcombe_difference(
    k1: int, n1: int, k2: int, n2: int, level: float = 0.95
) -> tuple[float, float, float]:
    """Share 1 minus share 2 with Newcombe's hybrid score interval (1998, method 10).

    In: ``k1`` of ``n1``, ``k2`` of ``n2``, the level. Out: ``(difference, low, high)`` in
    -1..1; NaNs when a group is empty.
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
    """Fisher's exact test, two-sided. Out: ``(sample odds ratio, p)``; ``(nan, 1.0)`` when a
    group is empty."""
    _check_count(k1, n1)
    _check_count(k2, n2)
    if n1 == 0 or n2 == 0:
        return math.nan, 1.0
    table = [[int(k1), int(n1 - k1)], [int(k2), int(n2 - k2)]]
    with np.errstate(divide="ignore", invalid="ignore"):
        odds, p_value = _scipy_fisher(table, alternative="two-sided")
    return float(odds), float(min(1.0, p_value))


def benjamini_hochberg(p_values: Sequence[float] | np.ndarray) -> np.ndarray:
    """Benjamini-Hochberg q-values in the order given; NaN p-values are left out of the count."""
    p = np.asarray(p_values, dtype=float)
    if p.ndim != 1:
        raise ValueError(f"expected a one-dimensional sequence of p-values, got shape {p.shape}")
    valid = ~np.isnan(p)
    q = np.full(p.shape, np.nan)
    if valid.any():
        q[valid] = false_discovery_control(p[valid], method="bh")
    return q


def compare_proportions(k1: int, n1: int, k2: int, n2: int, level: float = 0.95) -> dict:
    """Everything a sentence about "k1 of n1 against k2 of n2" needs.

    Out: ``k1, n1, k2, n2, share_1, share_2, difference, ci_low, ci_high`` (Newcombe),
    ``odds_ratio, p_value`` (Fisher, two-sided), ``level``.
    """
    difference, low, high = newcombe_difference(k1, n1, k2, n2, level)
    odds, p_value = fisher_exact(k1, n1, k2, n2)
    return {
        "k1": int(k1), "n1": int(n1), "k2": int(k2), "n2": int(n2),
        "share_1": k1 / n1 if n1 else math.nan, "share_2": k2 / n2 if n2 else math.nan,
        "difference": difference, "ci_low": low, "ci_high": high,
        "odds_ratio": odds, "p_value": p_value, "level": level,
    }  # fmt: skip
