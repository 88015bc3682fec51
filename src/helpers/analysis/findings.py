"""Findings: a claim computed with its count, its effect, its test, and wording that follows.

The notebooks print their findings from here, never as hand-written prose, so a
sentence cannot say more than its numbers allow. Each :class:`Finding` keeps the
claim in plain words, the counts, the effect (a share or a difference of shares)
with its interval, the test and its p-value, and the sentence built from them.

How strength is worded (two-sided tests, alpha = 0.05; q is the
Benjamini-Hochberg q when the comparison was picked out of several):

=========================================  ============================================
the data                                    the sentence begins
=========================================  ============================================
p (or q) < 0.01, as claimed                 "Strong evidence that ..."
p (or q) < 0.05, as claimed                 "Evidence that ..."
p (or q) < 0.05, the reverse                "Evidence against the claim that ..."
p < 0.05 but q >= 0.05                      "Suggestive, not significant after correction: ..."
not significant, the interval within        "No evidence of a difference larger than X
+-``NEGLIGIBLE`` (10 points)                points for the claim that ..." (X: its
                                            wider bound)
not significant, a wider interval           "Inconclusive: too few units to tell whether
                                            ..." (a wide interval is not an absence)
=========================================  ============================================

A superlative ("the largest") is said of one thing only: :func:`leaders` finds
the things that share the top value, and a tie is called a tie. When one
document carries most of a group's units, :func:`document_note` says so, so a
pooled comparison of units is not read as a comparison of many documents.

Words that claim more than a test can give ("confirms", "proves", "holds",
"gains most") are refused by :func:`check_wording`, which every constructor here
calls. When each side of a comparison is a single document, the sentence says
so: it then compares two documents, not two periods.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from helpers.analysis.stats import compare_proportions, wilson_interval

__all__ = [
    "ALPHA",
    "DOMINANT_SHARE",
    "NEGLIGIBLE",
    "OVERCLAIMS",
    "STRENGTHS",
    "Finding",
    "check_wording",
    "compare",
    "describe_share",
    "document_note",
    "format_p",
    "leaders",
    "opening",
    "stack_variants",
    "strength_of",
]

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
    """One claim and the evidence behind it.

    ``claim``: what is claimed, in plain words; ``strength``: one of
    ``strong evidence``, ``evidence``, ``evidence against``, ``no evidence``,
    ``all``, ``none``, ``share``; ``n``: the units behind it; ``effect``: a
    share or a difference of shares (0-1 scale); ``ci_low``/``ci_high``: its
    interval; ``p_value``: the test's p (NaN when there is no test); ``test``:
    the test or interval used; ``text``: the sentence to print.
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
    """Refuse a sentence that claims more than a test can give.

    In: a sentence. Out: the same sentence; raises ValueError naming the word
    when it contains one of ``OVERCLAIMS`` (as a word start, any case).
    """
    for word in OVERCLAIMS:
        if re.search(rf"\b{re.escape(word)}", text, flags=re.IGNORECASE):
            raise ValueError(f"a finding may not say {word!r}: {text!r}")
    return text


def format_p(p_value: float) -> str:
    """``p = 0.38``, ``p = 0.045``, ``p < 0.001``. In: a p-value. Out: the text.

    Three decimals below 0.1, so a p near the 0.05 line is never rounded onto it
    (0.045 would read "0.05" beside "Evidence that").
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
    """The strength word for a two-sided test of a claim that ``effect`` is positive.

    In: the p-value that decides (q when corrected), the observed effect
    (positive = as claimed), ``alpha``; the effect's interval; the uncorrected
    p when ``p_value`` is a q. Out: ``strong evidence`` (p < alpha / 5),
    ``evidence`` (p < alpha), ``evidence against`` (p < alpha, negative
    effect); else ``suggestive`` (the uncorrected p < alpha), ``no difference
    larger than`` (both bounds of the interval within +-``NEGLIGIBLE``),
    ``inconclusive`` (a wider interval); ``no evidence`` when there is no
    interval to tell the last two apart.
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
    """The words a finding of ``strength`` opens with, up to its colon.

    In: a strength word (``STRENGTHS``); the claim; the interval (for ``no
    difference larger than``, whose X is its wider bound, in points); the
    unit counted ("too few sentences to tell"). Out:
    "Evidence that <claim>", "Inconclusive: too few units to tell whether
    <claim>", and so on. Raises ValueError for an unknown strength.
    """
    if strength == "no difference larger than":
        bound = math.ceil(100 * max(abs(ci_low), abs(ci_high)) - 1e-9)
        return f"No evidence of a difference larger than {bound} points for the claim that {claim}"
    openings = {
        "strong evidence": f"Strong evidence that {claim}",
        "evidence": f"Evidence that {claim}",
        "evidence against": f"Evidence against the claim that {claim}",
        "suggestive": f"Suggestive, not significant after correction: {claim}",
        "inconclusive": f"Inconclusive: too few {unit} to tell whether {claim}",
        "no evidence": f"No evidence that {claim}",
    }
    if strength not in openings:
        raise ValueError(f"unknown strength {strength!r}; the strengths are {list(STRENGTHS)}")
    return openings[strength]


def leaders(values: Mapping[str, float], largest: bool = True) -> list[str]:
    """The keys that share the top (or bottom) value: one for a single leader, more for a tie.

    In: a mapping of names to values (NaN ignored); ``largest``. Out: the
    names with the largest (or smallest) value, in the mapping's order; [] when
    there is no value.
    """
    clean = {k: float(v) for k, v in values.items() if v is not None and not math.isnan(v)}
    if not clean:
        return []
    top = max(clean.values()) if largest else min(clean.values())
    return [k for k, v in clean.items() if math.isclose(v, top, abs_tol=1e-12)]


def document_note(documents: pd.Series, group: str, unit: str = "units") -> str:
    """A sentence saying that one document carries most of a group's units, or ''.

    In: the document label of each unit of the group (one entry per unit);
    the group's name ("trafficking"); the unit noun. Out: " 13 of the 22
    trafficking units come from one document (2013 Kyiv)." when one document
    holds more than ``DOMINANT_SHARE`` of them, else ''.
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

    In: ``claim`` in plain words ("smuggling sentences use security words more
    often than trafficking sentences"); the first group's label, count ``k1``
    and total ``n1``; the second group's; the ``unit`` counted; whether each
    group is a ``single_documents``; the interval's ``level``; and, when the
    claim was picked out of ``n_tests`` comparisons (the largest change among
    all themes, say), its Benjamini-Hochberg ``q_value``: then the strength word
    follows q, not the uncorrected p, and the sentence gives both;
    ``documents``, the document label of each unit of each group, so that the
    sentence says when one document carries most of a group (``document_note``).
    The strength word follows the test and the interval (module docstring). Out: a
    :class:`Finding` whose effect is share 1 minus share 2 with its Newcombe
    interval and whose p-value is Fisher's exact test (two-sided), for example
    "No evidence that ...: 8 of 19 smuggling sentences (42%) against 10 of 35
    trafficking sentences (29%); difference +14 points (95% CI -12 to +38),
    Fisher's exact test p = 0.38." (worded "Inconclusive: ...", the interval
    being wide).
    """
    result = compare_proportions(k1, n1, k2, n2, level)
    corrected = q_value is not None
    strength = strength_of(
        q_value if corrected else result["p_value"],
        result["difference"],
        ci_low=result["ci_low"],
        ci_high=result["ci_high"],
        p_uncorrected=result["p_value"] if corrected else None,
    )
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
    return Finding(
        claim=claim,
        strength=strength,
        n=int(n1 + n2),
        effect=result["difference"],
        ci_low=result["ci_low"],
        ci_high=result["ci_high"],
        p_value=q_value if corrected else result["p_value"],
        test="Fisher's exact test; Newcombe interval"
        + ("; Benjamini-Hochberg q" if corrected else ""),
        text=check_wording(text),
    )


def describe_share(
    k: int, n: int, unit: str, predicate: str, level: float = 0.95, single_document: bool = False
) -> Finding:
    """Describe "k of n units predicate" with its Wilson interval.

    In: the count ``k`` of ``n`` ``unit`` (a plural noun phrase, "smuggling
    sentences") that ``predicate`` ("also name trafficking"); the interval's
    ``level``; whether all ``n`` come from a single document. Out: a
    :class:`Finding`: "All 4 ...", "None of the 19 ..." or "8 of 19 ... (42%;
    95% CI 23-64%)". There is no test, so ``p_value`` is NaN.
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
    return Finding(
        claim=f"{unit} {predicate}",
        strength=strength,
        n=int(n),
        effect=k / n if n else math.nan,
        ci_low=low,
        ci_high=high,
        p_value=math.nan,
        test="Wilson interval",
        text=check_wording(text),
    )


def stack_variants(tables: Mapping[tuple[str, str], pd.DataFrame]) -> pd.DataFrame:
    """Stack one result table per coding choice into a sensitivity table.

    In: a mapping from ``(decision, variant)`` (for example ``("names",
    "umbrella labels in names not counted")``) to a table of the same columns.
    Out: the tables one under the other, with ``decision`` and ``variant`` as
    the first two columns, in the mapping's order. Raises ValueError when the
    tables' columns differ, naming the variant.
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
