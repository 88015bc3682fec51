"""Validation, step 3: do the coders agree? Krippendorff's alpha, confusion, consensus.

**Krippendorff's alpha** (nominal) is ``1 - D_o / D_e``: the disagreement
observed among the coders' labels of the same units, over the disagreement
expected if the same labels had been handed out at random. 1 is perfect
agreement, 0 agreement no better than chance; it allows any number of
coders and missing values (a unit counts when at least two coders labelled
it). It is computed by the ``krippendorff`` package.

**Its interval** is a bootstrap over units: the units are resampled with
replacement (``n_boot`` times, ``numpy.random.default_rng(seed)``), alpha is
computed on each resample, and the middle ``level`` of the values is the
interval (resamples in which every value is the same have no alpha and are
left out; their number is reported). Resampling units keeps each unit's
labels together, so the interval reflects which units happened to be coded.

**Reading alpha.** Krippendorff's own guidance: rely on a variable with
alpha of at least 0.800; draw only tentative conclusions from 0.667 to
0.800; below 0.667, do not rely on it. The wording here follows the whole
interval, not the point alone (:func:`alpha_finding`).

**Consensus.** An adjudicator's label (coder ``GOLD_CODER``) wins where
there is one; otherwise the majority of the coders; a tie gets no label
and is listed, to be adjudicated.

Codes come as a long table (``coder, unit_id`` and one column per variable,
as ``validation_sheets.read_codes`` gives them); any labels work, so the same
functions read published reliability data.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import krippendorff
import numpy as np
import pandas as pd

from helpers.analysis.findings import check_wording
from helpers.base.checks import require_columns
from helpers.validation.sheets import GOLD_CODER

__all__ = [
    "ACCEPT_FROM",
    "RELY_FROM",
    "alpha",
    "alpha_finding",
    "alpha_table",
    "coder_confusion",
    "consensus",
    "disagreements",
    "reliability_matrix",
    "simulated_intervals",
]

RELY_FROM = 0.800  # Krippendorff: rely on the variable
ACCEPT_FROM = 0.667  # Krippendorff: tentative conclusions only


def reliability_matrix(codes: pd.DataFrame, variable: str) -> pd.DataFrame:
    """Coders by units: each coder's label of each unit.

    In: the codes (``coder, unit_id, <variable>``); the adjudicator's rows
    (``GOLD_CODER``) are left out. Out: a table with one row per coder (sorted)
    and one column per unit (in order of first appearance), None where a coder
    left a unit blank or did not code it.
    """
    require_columns(codes, ["coder", "unit_id", variable], "reliability_matrix")
    coded = codes[codes["coder"] != GOLD_CODER]
    matrix = coded.pivot(index="coder", columns="unit_id", values=variable)
    matrix = matrix.reindex(columns=pd.unique(coded["unit_id"])).sort_index()
    return matrix.astype(object).where(matrix.notna(), None)


def _numeric(matrix: pd.DataFrame) -> tuple[np.ndarray, list]:
    values = sorted({v for v in matrix.to_numpy().ravel() if v is not None}, key=str)
    code = {value: number for number, value in enumerate(values)}
    data = np.array(
        [[code[v] if v is not None else np.nan for v in row] for row in matrix.to_numpy()],
        dtype=float,
    ).reshape(matrix.shape)
    return data, values


def _alpha(data: np.ndarray) -> float:
    """Nominal alpha of a coders x units array (NaN for missing), NaN when it is undefined."""
    pairable = data[:, (~np.isnan(data)).sum(axis=0) >= 2]
    values = pairable[~np.isnan(pairable)]
    if values.size == 0 or np.unique(values).size < 2:
        return math.nan
    return float(krippendorff.alpha(reliability_data=pairable, level_of_measurement="nominal"))


def alpha(codes: pd.DataFrame, variable: str) -> float:
    """Krippendorff's alpha (nominal) of one variable.

    In: the codes (``coder, unit_id, <variable>``). Out: alpha; NaN when fewer
    than two coders labelled any unit, or when every label is the same (then
    agreement cannot be told from chance).
    """
    data, _ = _numeric(reliability_matrix(codes, variable))
    return _alpha(data)


def alpha_table(
    codes: pd.DataFrame,
    variables: Sequence[str] = ("frame", "crime", "voice"),
    n_boot: int = 1000,
    seed: int = 0,
    level: float = 0.95,
) -> pd.DataFrame:
    """Alpha of each variable with its bootstrap interval (module docstring).

    In: the codes; the variables (columns of ``codes``); ``n_boot``, ``seed``,
    ``level``. Out: one row per variable: ``variable, alpha, ci_low,
    ci_high, coders, units`` (units labelled by at least two coders),
    ``values`` (labels used), ``n_boot`` and ``undefined`` (resamples without
    an alpha).
    """
    require_columns(codes, ["coder", "unit_id", *variables], "alpha_table")
    rng = np.random.default_rng(seed)
    tail = (1 - level) / 2
    rows = []
    for variable in variables:
        data, values = _numeric(reliability_matrix(codes, variable))
        pairable = data[:, (~np.isnan(data)).sum(axis=0) >= 2]
        estimate = _alpha(pairable)
        boot = []
        if pairable.shape[1] and not math.isnan(estimate):
            for _ in range(n_boot):
                draw = rng.integers(0, pairable.shape[1], pairable.shape[1])
                boot.append(_alpha(pairable[:, draw]))
        boot_values = np.array([b for b in boot if not math.isnan(b)])
        low, high = (
            np.quantile(boot_values, [tail, 1 - tail]) if boot_values.size else (math.nan,) * 2
        )
        rows.append(
            {
                "variable": variable,
                "alpha": estimate,
                "ci_low": float(low),
                "ci_high": float(high),
                "coders": int(data.shape[0]),
                "units": int(pairable.shape[1]),
                "values": len(values),
                "n_boot": n_boot if boot else 0,
                "undefined": len(boot) - int(boot_values.size),
            }
        )
    return pd.DataFrame(
        rows,
        columns=[
            "variable",
            "alpha",
            "ci_low",
            "ci_high",
            "coders",
            "units",
            "values",
            "n_boot",
            "undefined",
        ],
    )


def alpha_finding(row: pd.Series | dict, level: float = 0.95) -> str:
    """One sentence on one variable's alpha, worded from its interval.

    In: a row of ``alpha_table``. Out: the sentence: "reliable" only when the
    whole interval reaches 0.800; "tentative conclusions only" when it lies
    at or above 0.667; "not reliable" when it lies below 0.667; otherwise
    "inconclusive" (the interval spans a threshold).
    """
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
    """Two coders' labels against each other, on the units both labelled.

    In: the codes; the variable; the two coders (default: the first two by
    name, the adjudicator left out); the labels, in order (default: those
    used). Out: a table, rows the first coder's labels, columns the second's,
    zeros kept; the diagonal holds their agreements.
    """
    matrix = reliability_matrix(codes, variable)
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
    axis = list(labels) if labels is not None else sorted(set(both[first]) | set(both[second]))
    table = pd.crosstab(
        pd.Categorical(both[first], axis), pd.Categorical(both[second], axis), dropna=False
    ).reindex(index=axis, columns=axis, fill_value=0)
    table.index.name, table.columns.name = first, second
    return table.astype("int64")


def disagreements(
    codes: pd.DataFrame, variables: Sequence[str], sheet: pd.DataFrame | None = None
) -> pd.DataFrame:
    """The units the coders label differently, one row per unit and variable, to adjudicate.

    In: the codes; the variables; optionally the blank sheet (``unit_id, item,
    text``) to show each unit's text. Out: ``unit_id, variable`` (with
    ``item, text`` when a sheet is given), then one column per coder with their
    label; only units with two or more different labels, in unit order.
    """
    require_columns(codes, ["coder", "unit_id", *variables], "disagreements")
    parts = []
    for variable in variables:
        matrix = reliability_matrix(codes, variable).T
        differ = matrix.apply(lambda row: len({v for v in row if v is not None}) > 1, axis=1)
        found = matrix[differ].reset_index().rename(columns={"index": "unit_id"})
        found.columns.name = None
        parts.append(found.assign(variable=variable))
    out = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame()
    coders = [c for c in out.columns if c not in ("unit_id", "variable")]
    out = (
        out[["unit_id", "variable", *coders]]
        if len(out)
        else pd.DataFrame(columns=["unit_id", "variable"])
    )
    if sheet is not None:
        require_columns(sheet, ["unit_id", "item", "text"], "disagreements")
        out = out.merge(sheet[["unit_id", "item", "text"]], on="unit_id", how="left")
        out = out[["item", "unit_id", "variable", "text", *coders]].sort_values(
            ["item", "variable"], kind="stable"
        )
    return out.reset_index(drop=True)


def consensus(codes: pd.DataFrame, variable: str) -> pd.DataFrame:
    """The consensus label of each unit (module docstring).

    In: the codes (``coder, unit_id, <variable>``). Out: one row per unit
    labelled by anyone: ``unit_id, label`` (missing for a tie), ``basis``
    ('gold', 'unanimous', 'majority', 'single' for one coder, 'tie'),
    ``votes`` (e.g. "nexus 2, paired 1").
    """
    require_columns(codes, ["coder", "unit_id", variable], "consensus")
    rows = []
    for unit, own in codes.groupby("unit_id", sort=False):
        gold = own.loc[own["coder"] == GOLD_CODER, variable].dropna()
        labels = own.loc[own["coder"] != GOLD_CODER, variable].dropna()
        counts = labels.value_counts()
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
    """How wide alpha's interval is for a sample of each size: a planning aid.

    In: the sample sizes to try; the labels' shares in the corpus (they sum to
    1); ``accuracy``, the chance that a coder gives a unit its true label
    (otherwise a label drawn at random from ``shares``); ``n_boot``; ``seed``.
    Two coders label each simulated unit independently. Out: one row per
    size: ``units, alpha, ci_low, ci_high, half_width`` (half the interval's
    width), from ``alpha_table``. Simulated codes, never a coding.
    """
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
        rows.append({"units": int(n), "alpha": row["alpha"], "ci_low": row["ci_low"],
                     "ci_high": row["ci_high"],
                     "half_width": (row["ci_high"] - row["ci_low"]) / 2})  # fmt: skip
    return pd.DataFrame(rows, columns=["units", "alpha", "ci_low", "ci_high", "half_width"])
