"""Do the coders agree? Krippendorff's alpha (nominal), its interval, confusion, consensus.

Alpha comes from the ``krippendorff`` package (1 perfect, 0 chance; any number of coders,
missing labels allowed). Its interval is a bootstrap over units, so each unit's labels stay
together; resamples with one label throughout have no alpha and are counted, not used
(scipy.stats.bootstrap would keep them as NaN). Alpha is worded by Krippendorff's lines:
rely from 0.800, tentative from 0.667, read over the whole interval. Consensus: the
adjudicator (``GOLD_CODER``) wins, else the majority; a tie is listed to adjudicate.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import krippendorff
import numpy as np
import pandas as pd

from helpers.analysis.findings import check_wording
from helpers.base.checks import require_columns
from helpers.validation.scores import confusion
from helpers.validation.sheets import GOLD_CODER

__all__ = [
    "alpha",
    "alpha_finding",
    "alpha_table",
    "coder_confusion",
    "consensus",
    "disagreements",
    "simulated_intervals",
]

RELY_FROM = 0.800  # Krippendorff: rely on the variable
ACCEPT_FROM = 0.667  # Krippendorff: tentative conclusions only
ALPHA_COLUMNS = ["variable", "alpha", "ci_low", "ci_high", "coders", "units", "values",
                 "n_boot", "undefined"]  # fmt: skip


def _matrix(codes: pd.DataFrame, variable: str) -> pd.DataFrame:
    """Coders (sorted, the adjudicator left out) by units (in order), None where not coded."""
    coded = codes[codes["coder"] != GOLD_CODER]
    matrix = coded.pivot(index="coder", columns="unit_id", values=variable)
    matrix = matrix.reindex(columns=pd.unique(coded["unit_id"])).sort_index()
    return matrix.astype(object).where(matrix.notna(), None)


def _pairable(matrix: pd.DataFrame) -> tuple[np.ndarray, int]:
    """The units at least two coders labelled, as numbers (NaN: missing), and the labels used."""
    values = sorted({v for v in matrix.to_numpy().ravel() if v is not None}, key=str)
    code = {value: number for number, value in enumerate(values)}
    data = np.array([[np.nan if v is None else code[v] for v in row] for row in
                     matrix.to_numpy()], dtype=float).reshape(matrix.shape)  # fmt: skip
    return data[:, (~np.isnan(data)).sum(axis=0) >= 2], len(values)


def _alpha(data: np.ndarray) -> float:
    """Nominal alpha of a coders x units array, NaN without two different labels."""
    values = data[~np.isnan(data)]
    if values.size == 0 or np.unique(values).size < 2:
        return math.nan
    return float(krippendorff.alpha(reliability_data=data, level_of_measurement="nominal"))


def alpha(codes: pd.DataFrame, variable: str) -> float:
    """Krippendorff's alpha (nominal) of one variable of the codes (``coder, unit_id,
    <variable>``); NaN when no unit has two coders or every label is the same."""
    require_columns(codes, ["coder", "unit_id", variable], "alpha")
    return _alpha(_pairable(_matrix(codes, variable))[0])


def alpha_table(
    codes: pd.DataFrame,
    variables: Sequence[str] = ("frame", "crime", "voice"),
    n_boot: int = 1000,
    seed: int = 0,
    level: float = 0.95,
) -> pd.DataFrame:
    """Alpha of each variable with its seeded bootstrap interval over units. Out:
    ``ALPHA_COLUMNS``: ``units`` labelled by two or more, ``values`` (labels used),
    ``undefined`` (resamples without an alpha)."""
    require_columns(codes, ["coder", "unit_id", *variables], "alpha_table")
    rng = np.random.default_rng(seed)
    tail = (1 - level) / 2
    rows = []
    for variable in variables:
        matrix = _matrix(codes, variable)
        data, n_values = _pairable(matrix)
        estimate, n = _alpha(data), data.shape[1]
        boot = []
        if n and not math.isnan(estimate):
            boot = [_alpha(data[:, rng.integers(0, n, n)]) for _ in range(n_boot)]
        kept = np.array([b for b in boot if not math.isnan(b)])
        low, high = np.quantile(kept, [tail, 1 - tail]) if kept.size else (math.nan,) * 2
        rows.append([variable, estimate, float(low), float(high), len(matrix), n, n_values,
                     n_boot if boot else 0, len(boot) - kept.size])  # fmt: skip
    return pd.DataFrame(rows, columns=ALPHA_COLUMNS)


def alpha_finding(row: pd.Series | dict, level: float = 0.95) -> str:
    """One sentence on a row of ``alpha_table``, worded from its whole interval: reliable,
    tentative conclusions only, not reliable, or inconclusive (module docstring)."""
    variable, value = row["variable"], row["alpha"]
    low, high, units, coders = row["ci_low"], row["ci_high"], row["units"], row["coders"]
    if value is None or math.isnan(value):
        return check_wording(
            f"{variable}: no alpha ({coders} coder(s), {units} unit(s) labelled by two or more, "
            "or a single label throughout)."
        )
    head = (
        f"{variable}: alpha = {value:.3f} ({level:.0%} bootstrap CI {low:.2f} to {high:.2f}; "
        f"{coders} coders, {units} units)"
    )
    if low >= RELY_FROM:
        verdict = (
            "reliable by Krippendorff's standard: the whole interval is at or above "
            f"{RELY_FROM:.3f}"
        )
    elif low >= ACCEPT_FROM:
        verdict = (
            f"tentative conclusions only: the interval lies at or above {ACCEPT_FROM:.3f} "
            f"but reaches below {RELY_FROM:.3f}"
        )
    elif high < ACCEPT_FROM:
        verdict = f"not reliable: the whole interval is below {ACCEPT_FROM:.3f}"
    else:
        verdict = (
            f"inconclusive: too few units to tell, the interval spans the {ACCEPT_FROM:.3f} line"
        )
    return check_wording(f"{head}: {verdict}.")


def coder_confusion(
    codes: pd.DataFrame,
    variable: str,
    first: str | None = None,
    second: str | None = None,
    labels: Sequence[str] | None = None,
) -> pd.DataFrame:
    """Two coders' labels (default: the first two by name) against each other, on the units
    both labelled. Out: rows the first's labels, columns the second's."""
    require_columns(codes, ["coder", "unit_id", variable], "coder_confusion")
    matrix = _matrix(codes, variable)
    coders = list(matrix.index)
    if first is None or second is None:
        if len(coders) < 2:
            raise ValueError(f"coder_confusion: two coders are needed, the codes have {coders}")
        first = first or next(c for c in coders if c != second)
        second = second or next(c for c in coders if c != first)
    for coder in (first, second):
        if coder not in coders:
            raise ValueError(f"coder_confusion: no coder {coder!r}; the coders are {coders}")
    both = matrix.loc[[first, second]].T.dropna()
    table = confusion(both.set_axis(["truth", "predicted"], axis=1), labels)
    return table.rename_axis(index=first, columns=second)


def disagreements(
    codes: pd.DataFrame, variables: Sequence[str], sheet: pd.DataFrame | None = None
) -> pd.DataFrame:
    """The units the coders label differently, to adjudicate. Out: one row per unit and
    variable: ``unit_id, variable`` (``item, text`` from the blank ``sheet``), each coder's."""
    require_columns(codes, ["coder", "unit_id", *variables], "disagreements")
    parts = []
    for variable in variables:
        matrix = _matrix(codes, variable).T
        differ = matrix.apply(lambda row: len({v for v in row if v is not None}) > 1, axis=1)
        found = matrix[differ].reset_index().rename(columns={"index": "unit_id"})
        found.columns.name = None
        parts.append(found.assign(variable=variable))
    out = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame()
    coders = [c for c in out.columns if c not in ("unit_id", "variable")]
    if not len(out):
        out = pd.DataFrame(columns=["unit_id", "variable"])
    out = out[["unit_id", "variable", *coders]]
    if sheet is not None:
        require_columns(sheet, ["unit_id", "item", "text"], "disagreements")
        out = out.merge(sheet[["unit_id", "item", "text"]], on="unit_id", how="left")
        out = out[["item", "unit_id", "variable", "text", *coders]].sort_values(
            ["item", "variable"], kind="stable"
        )
    return out.reset_index(drop=True)


def consensus(codes: pd.DataFrame, variable: str) -> pd.DataFrame:
    """The consensus label of each unit labelled by anyone. Out: ``unit_id, label`` (missing
    for a tie), ``basis`` (gold, unanimous, majority, single, tie), ``votes`` ("nexus 2")."""
    require_columns(codes, ["coder", "unit_id", variable], "consensus")
    rows = []
    for unit, own in codes.groupby("unit_id", sort=False):
        gold = own.loc[own["coder"] == GOLD_CODER, variable].dropna()
        counts = own.loc[own["coder"] != GOLD_CODER, variable].dropna().value_counts()
        votes = ", ".join(f"{label} {n}" for label, n in counts.items())
        if len(gold):
            label, basis = gold.iloc[0], "gold"
        elif counts.empty:
            continue
        elif len(counts) == 1:
            label, basis = counts.index[0], "unanimous" if counts.iloc[0] > 1 else "single"
        elif counts.iloc[0] > counts.iloc[1]:
            label, basis = counts.index[0], "majority"
        else:
            label, basis = None, "tie"
        rows.append({"unit_id": unit, "label": label, "basis": basis, "votes": votes})
    return pd.DataFrame(rows, columns=["unit_id", "label", "basis", "votes"])


def simulated_intervals(
    sizes: Sequence[int],
    shares: Sequence[float],
    accuracy: float = 0.9,
    n_boot: int = 300,
    seed: int = 0,
) -> pd.DataFrame:
    """How wide alpha's interval is for a sample of each size (a planning aid): two simulated
    coders give a unit its true label with ``accuracy``, else one drawn from ``shares``.
    Out: ``units, alpha, ci_low, ci_high, half_width`` per size."""
    probabilities = np.asarray(shares, dtype=float)
    if probabilities.min() < 0 or not math.isclose(probabilities.sum(), 1.0, abs_tol=1e-9):
        raise ValueError(f"simulated_intervals: shares must be >= 0 and sum to 1, got {shares}")
    rng = np.random.default_rng(seed)
    rows = []
    for n in sizes:
        truth = rng.choice(len(probabilities), size=n, p=probabilities)
        coders = []
        for _ in range(2):
            other = rng.choice(len(probabilities), size=n, p=probabilities)
            coders.append(np.where(rng.random(n) < accuracy, truth, other))
        codes = pd.DataFrame({
            "coder": ["first"] * n + ["second"] * n,
            "unit_id": list(range(n)) * 2,
            "label": [str(v) for v in np.concatenate(coders)],
        })  # fmt: skip
        row = alpha_table(codes, ["label"], n_boot=n_boot, seed=seed).iloc[0]
        rows.append([n, row["alpha"], row["ci_low"], row["ci_high"],
                     (row["ci_high"] - row["ci_low"]) / 2])  # fmt: skip
    return pd.DataFrame(rows, columns=["units", "alpha", "ci_low", "ci_high", "half_width"])
