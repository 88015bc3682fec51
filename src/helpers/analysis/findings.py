"""Findings: a claim with its count, effect, test, and the wording that follows from them.

Every findings sentence of the notebooks is made by :func:`finding` (the one template: it
refuses ``OVERCLAIMS``) and opened by :func:`opening` from :func:`strength_of`:

=====================================  ================================================
p (or q) < 0.01 / < 0.05, as claimed   "Strong evidence that ..." / "Evidence that ..."
p (or q) < 0.05, the reverse           "Evidence against the claim that ..."
p < 0.05 but q >= 0.05                 "Suggestive, not significant after correction: ..."
not significant, interval within       "No evidence of a difference larger than X points
+-``NEGLIGIBLE``                       for the claim that ..." (X: its wider bound)
not significant, a wider interval      "Inconclusive: too few units to tell whether ..."
=====================================  ================================================

A superlative is said of one thing only (:func:`leaders` names ties); when one document
carries most of a group, :func:`document_note` says so.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, replace

import pandas as pd

from helpers.analysis.stats import compare_proportions, wilson_interval

__all__ = ["ALPHA", "DOMINANT_SHARE", "NEGLIGIBLE", "OVERCLAIMS", "STRENGTHS", "Finding",
           "check_wording", "compare", "describe_share", "document_note", "finding", "format_p",
           "leaders", "opening", "stack_variants", "strength_of", "with_text"]  # fmt: skip

ALPHA = 0.05
NEGLIGIBLE = 0.10  # a difference of shares below 10 points is too small to matter here
DOMINANT_SHARE = 0.5  # above this share of a group's units from one document, it is said
STRENGTHS: tuple[str, ...] = (
    "strong evidence", "evidence", "evidence against", "suggestive", "no difference larger than",
    "inconclusive", "no evidence",
)  # fmt: skip
OVERCLAIMS = ("confirm", "prove", "holds", "gains most", "clearly", "demonstrates")
ONE_DOCUMENT = " Each side is a single document, so this compares two documents, not two periods."


@dataclass(frozen=True)
class Finding:
    """One claim and its evidence: ``strength`` (a ``STRENGTHS`` word, or ``all``, ``none``,
    ``share``), ``n`` units, ``effect`` (0-1 scale) with ``ci_low``/``ci_high``, ``p_value``
    (NaN without a test), the ``test`` used, and ``text``, the sentence printed.
    """

    claim: str
    strength: str
    n: int
    effect: float
    ci_low: float
    ci_high: float
    p_value: float
    test: str
    text: str

    def __str__(self) -> str:
        return self.text


def check_wording(text: str) -> str:
    """In: a sentence. Out: it; ValueError naming an ``OVERCLAIMS`` word it holds."""
    for word in OVERCLAIMS:
        if re.search(rf"\b{re.escape(word)}", text, flags=re.IGNORECASE):
            raise ValueError(f"a finding may not say {word!r}: {text!r}")
    return text


def finding(
    text: str,
    claim: str,
    strength: str,
    n: int,
    effect: float = math.nan,
    ci: tuple[float, float] = (math.nan, math.nan),
    p_value: float = math.nan,
    test: str = "description",
) -> Finding:
    """The one template every finding is made with; the sentence passes :func:`check_wording`."""
    return Finding(claim, strength, int(n), float(effect), float(ci[0]), float(ci[1]),
                   float(p_value), test, check_wording(text))  # fmt: skip


def with_text(found: Finding, text: str) -> Finding:
    """``found`` with its sentence replaced (checked again)."""
    return replace(found, text=check_wording(text))


def format_p(p_value: float) -> str:
    """``p = 0.38``, ``p = 0.045``, ``p < 0.001``; three decimals below 0.1, so 0.045 never
    reads "0.05" beside "Evidence that".
    """
    if p_value is None or math.isnan(p_value):
        return "no test"
    if p_value < 0.001:
        return "p < 0.001"
    if p_value < 0.1:
        return f"p = {p_value:.3f}"
    return f"p = {p_value:.2f}"


def _percent(share: float) -> str:
    return f"{100 * share:.0f}%"


def _points(value: float) -> str:
    return f"{100 * value:+.0f}"


def strength_of(
    p_value: float,
    effect: float,
    alpha: float = ALPHA,
    *,
    ci_low: float = math.nan,
    ci_high: float = math.nan,
    p_uncorrected: float | None = None,
) -> str:
    """The strength word for a two-sided test of the claim that ``effect`` is positive.

    In: the deciding p (q when corrected), the effect, alpha, its interval, and the
    uncorrected p when ``p_value`` is a q. Out: a ``STRENGTHS`` word (module docstring);
    ``no evidence`` when there is no interval to tell the last two apart.
    """
    if p_value is not None and not math.isnan(p_value) and p_value < alpha:
        if effect < 0:
            return "evidence against"
        return "strong evidence" if p_value < alpha / 5 else "evidence"
    if p_uncorrected is not None and not math.isnan(p_uncorrected) and p_uncorrected < alpha:
        return "suggestive"
    if math.isnan(ci_low) or math.isnan(ci_high):
        return "no evidence"
    if max(abs(ci_low), abs(ci_high)) <= NEGLIGIBLE:
        return "no difference larger than"
    return "inconclusive"


def opening(
    strength: str,
    claim: str,
    ci_low: float = math.nan,
    ci_high: float = math.nan,
    unit: str = "units",
) -> str:
    """The words a finding of ``strength`` opens with, up to its colon ("Evidence that <claim>").

    In: a ``STRENGTHS`` word, the claim, the interval (X of "no difference larger than"), the
    unit counted. Raises ValueError for an unknown strength.
    """
    if strength == "no difference larger than":
        bound = math.ceil(100 * max(abs(ci_low), abs(ci_high)) - 1e-9)
        return f"No evidence of a difference larger than {bound} points for the claim that {claim}"
    openings = {"strong evidence": f"Strong evidence that {claim}",
                "evidence": f"Evidence that {claim}",
                "evidence against": f"Evidence against the claim that {claim}",
                "suggestive": f"Suggestive, not significant after correction: {claim}",
                "inconclusive": f"Inconclusive: too few {unit} to tell whether {claim}",
                "no evidence": f"No evidence that {claim}"}  # fmt: skip
    if strength not in openings:
        raise ValueError(f"unknown strength {strength!r}; the strengths are {list(STRENGTHS)}")
    return openings[strength]


def leaders(values: Mapping[str, float], largest: bool = True) -> list[str]:
    """The keys sharing the largest (or smallest) value, in order; NaN ignored; [] if none."""
    clean = {k: float(v) for k, v in values.items() if v is not None and not math.isnan(v)}
    if not clean:
        return []
    top = max(clean.values()) if largest else min(clean.values())
    return [k for k, v in clean.items() if math.isclose(v, top, abs_tol=1e-12)]


def document_note(documents: pd.Series, group: str, unit: str = "units") -> str:
    """ " 13 of the 22 trafficking units come from one document (2013 Kyiv)." or ''.

    In: the document of each unit of a group; the group's name; the unit noun. Said when one
    document holds more than ``DOMINANT_SHARE`` of them.
    """
    counts = pd.Series(documents, dtype=object).value_counts()
    if counts.empty:
        return ""
    n, k, label = int(counts.sum()), int(counts.iloc[0]), counts.index[0]
    if n > 1 and k / n > DOMINANT_SHARE:
        if k == n:
            return f" All {n} {group} {unit} come from one document ({label})."
        return f" {k} of the {n} {group} {unit} come from one document ({label})."
    return ""


def compare(
    claim: str,
    first: str,
    k1: int,
    n1: int,
    second: str,
    k2: int,
    n2: int,
    unit: str = "sentences",
    single_documents: bool = False,
    level: float = 0.95,
    q_value: float | None = None,
    n_tests: int | None = None,
    documents: tuple[pd.Series, pd.Series] | None = None,
) -> Finding:
    """Test the claim that a share is larger in ``first`` than in ``second``.

    In: the claim; each group's label, count and total; the unit; whether each side is one
    document; the level; the Benjamini-Hochberg ``q_value`` and ``n_tests`` when the claim was
    picked out of several (then the word follows q and both are given); each unit's document
    (for :func:`document_note`). Out: a :class:`Finding`: Newcombe interval of share 1 minus
    share 2, Fisher's exact p, e.g. "Inconclusive: too few sentences to tell whether ...: 8 of
    19 smuggling sentences (42%) against 10 of 35 trafficking sentences (29%); difference +14
    points (95% CI -12 to +38), Fisher's exact test p = 0.38."
    """
    result = compare_proportions(k1, n1, k2, n2, level)
    corrected = q_value is not None
    strength = strength_of(q_value if corrected else result["p_value"], result["difference"],
                           ci_low=result["ci_low"], ci_high=result["ci_high"],
                           p_uncorrected=result["p_value"] if corrected else None)  # fmt: skip
    if n1 == 0 or n2 == 0:
        empty = first if n1 == 0 else second
        text = f"Not testable: there are no {empty} {unit}."
    else:
        text = (
            f"{opening(strength, claim, result['ci_low'], result['ci_high'], unit)}: "
            f"{k1} of {n1} {first} {unit} "
            f"({_percent(result['share_1'])}) against {k2} of {n2} {second} {unit} "
            f"({_percent(result['share_2'])}); difference {_points(result['difference'])} "
            f"points ({level:.0%} CI {_points(result['ci_low'])} to "
            f"{_points(result['ci_high'])}), Fisher's exact test {format_p(result['p_value'])}"
        )
        if corrected:
            text += (
                f", or {format_p(q_value).replace('p', 'q', 1)} once corrected for the {n_tests} "
                "comparisons made with it (Benjamini-Hochberg)."
            )
        else:
            text += "."
        if single_documents:
            text += ONE_DOCUMENT
        elif documents is not None:
            text += document_note(documents[0], first, unit)
            text += document_note(documents[1], second, unit)
    test = "Fisher's exact test; Newcombe interval" + (
        "; Benjamini-Hochberg q" if corrected else ""
    )
    return finding(text, claim, strength, n1 + n2, result["difference"],
                   (result["ci_low"], result["ci_high"]),
                   q_value if corrected else result["p_value"], test)  # fmt: skip


def describe_share(
    k: int, n: int, unit: str, predicate: str, level: float = 0.95, single_document: bool = False
) -> Finding:
    """ "k of n units predicate" with its Wilson interval: "All 4 ...", "None of the 19 ..." or
    "8 of 19 ... (42%; 95% CI 23-64%)"; no test, so ``p_value`` is NaN.
    """
    low, high = wilson_interval(k, n, level)
    interval = f"{level:.0%} CI {_percent(low)}-{_percent(high)}"
    if n == 0:
        text, strength = f"There are no {unit}.", "none"
    elif k == n:
        text, strength = f"All {n} {unit} {predicate} ({interval}).", "all"
    elif k == 0:
        text, strength = f"None of the {n} {unit} {predicate} ({interval}).", "none"
    else:
        text = f"{k} of {n} {unit} {predicate} ({_percent(k / n)}; {interval})."
        strength = "share"
    if single_document and n:
        text += " They come from a single document."
    return finding(text, f"{unit} {predicate}", strength, n, k / n if n else math.nan,
                   (low, high), test="Wilson interval")  # fmt: skip


def stack_variants(tables: Mapping[tuple[str, str], pd.DataFrame]) -> pd.DataFrame:
    """One result table per coding choice stacked into a sensitivity table.

    In: ``(decision, variant)`` -> a table, all with the same columns (ValueError naming the
    variant otherwise). Out: the tables stacked, ``decision, variant`` first, in order.
    """
    frames = []
    columns: list[str] | None = None
    for (decision, variant), table in tables.items():
        if columns is None:
            columns = list(table.columns)
        elif list(table.columns) != columns:
            raise ValueError(
                f"variant {variant!r} of {decision!r} has columns {list(table.columns)}, "
                f"expected {columns}"
            )
        frames.append(table.assign(decision=decision, variant=variant))
    if not frames:
        return pd.DataFrame(columns=["decision", "variant"])
    out = pd.concat(frames, ignore_index=True)
    return out[["decision", "variant", *columns]]
