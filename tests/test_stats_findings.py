"""Tests for helpers.analysis.stats and helpers.analysis.findings, on counts worked out by hand."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from helpers.analysis.findings import (
    STRENGTHS,
    check_wording,
    compare,
    describe_share,
    document_note,
    format_p,
    leaders,
    opening,
    stack_variants,
    strength_of,
)
from helpers.analysis.stats import (
    benjamini_hochberg,
    compare_proportions,
    fisher_exact,
    newcombe_difference,
    wilson_interval,
)


def test_wilson_interval_by_hand() -> None:
    # 5 of 10, 95%: centre 0.5, half-width z/(1+z²/n)·sqrt(.025 + z²/400) = 0.2775...
    low, high = wilson_interval(5, 10)
    assert low == pytest.approx(0.2366, abs=1e-4)
    assert high == pytest.approx(0.7634, abs=1e-4)


def test_wilson_interval_edges() -> None:
    assert wilson_interval(0, 4)[0] == 0.0
    assert wilson_interval(4, 4)[1] == 1.0
    assert 0 < wilson_interval(0, 4)[1] < 1
    assert all(math.isnan(v) for v in wilson_interval(0, 0))


@pytest.mark.parametrize("k, n", [(-1, 3), (4, 3), (1.5, 3)])
def test_bad_counts_are_named(k: float, n: int) -> None:
    with pytest.raises(ValueError, match=f"k={k!r}"):
        wilson_interval(k, n)


def test_newcombe_difference_contains_the_difference() -> None:
    difference, low, high = newcombe_difference(8, 19, 10, 35)
    assert difference == pytest.approx(8 / 19 - 10 / 35)
    assert low < difference < high
    # Newcombe (1998), example (56/70 vs 48/80): 0.2, interval 0.0524 to 0.3339.
    difference, low, high = newcombe_difference(56, 70, 48, 80)
    assert (round(difference, 4), round(low, 4), round(high, 4)) == (0.2, 0.0524, 0.3339)


def test_fisher_exact_by_hand() -> None:
    # [[3, 0], [0, 3]]: one table as extreme per side of C(6,3) = 20: p = 2/20.
    odds, p_value = fisher_exact(3, 3, 0, 3)
    assert p_value == pytest.approx(0.1)
    assert math.isinf(odds)
    assert fisher_exact(1, 2, 1, 2)[1] == pytest.approx(1.0)
    assert fisher_exact(0, 0, 1, 2) == (pytest.approx(math.nan, nan_ok=True), 1.0)


def test_benjamini_hochberg_by_hand() -> None:
    p = [0.01, 0.04, 0.03, 0.20, np.nan]
    # m = 4: sorted 0.01, 0.03, 0.04, 0.20 -> 0.04, 0.04*4/2... min-accumulated from the top.
    q = benjamini_hochberg(p)
    expected = [0.04, 0.04 * 4 / 3, 0.04 * 4 / 3, 0.20]
    assert np.allclose(q[:4], [expected[0], expected[2], expected[1], expected[3]])
    assert math.isnan(q[4])
    assert np.all(q[:4] >= np.asarray(p[:4]))


def test_scipy_intervals_and_q_values_equal_the_textbook_formulas() -> None:
    # scipy.stats gives the Wilson interval and the BH q-values; they must equal the
    # closed forms to floating-point precision (they differ from them by at most 1 ulp or so)
    z = 1.959963984540054
    for n in range(1, 61):
        for k in range(n + 1):
            p = k / n
            centre = (p + z * z / (2 * n)) / (1 + z * z / n)
            half = z / (1 + z * z / n) * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
            low, high = wilson_interval(k, n)
            assert low == pytest.approx(max(0.0, centre - half), abs=1e-12)
            assert high == pytest.approx(min(1.0, centre + half), abs=1e-12)
        assert wilson_interval(0, n)[0] == 0.0 and wilson_interval(n, n)[1] == 1.0
    rng = np.random.default_rng(1)
    for size in range(1, 40):
        p = rng.random(size) ** 3
        order = np.argsort(p, kind="stable")
        stepped = np.minimum.accumulate((p[order] * size / np.arange(1, size + 1))[::-1])[::-1]
        expected = np.empty(size)
        expected[order] = np.minimum(stepped, 1.0)
        assert np.allclose(benjamini_hochberg(p), expected, rtol=0, atol=1e-12)


def test_benjamini_hochberg_rejects_bad_values() -> None:
    with pytest.raises(ValueError, match="between 0 and 1"):
        benjamini_hochberg([0.1, 1.5])


def test_compare_proportions_keys() -> None:
    result = compare_proportions(8, 19, 10, 35)
    assert result["share_1"] == pytest.approx(8 / 19)
    assert 0 < result["p_value"] <= 1
    assert result["ci_low"] < result["difference"] < result["ci_high"]


@pytest.mark.parametrize(
    "p_value, effect, word",
    [
        (0.001, 0.3, "strong evidence"),
        (0.03, 0.3, "evidence"),
        (0.03, -0.3, "evidence against"),
        (0.4, 0.3, "no evidence"),
        (float("nan"), 0.3, "no evidence"),
    ],
)
def test_strength_of(p_value: float, effect: float, word: str) -> None:
    assert strength_of(p_value, effect) == word


@pytest.mark.parametrize(
    "p_value, text",
    [(0.38, "p = 0.38"), (0.045, "p = 0.045"), (0.0499, "p = 0.050"), (0.0004, "p < 0.001")],
)
def test_format_p_never_rounds_onto_the_line(p_value: float, text: str) -> None:
    assert format_p(p_value) == text


def test_compare_small_counts_are_inconclusive() -> None:
    finding = compare(
        "smuggling sentences use security words more often",
        "smuggling",
        8,
        19,
        "trafficking",
        10,
        35,
    )
    # the interval (-12 to +38 points) is wide: not an absence, too few to tell
    assert finding.strength == "inconclusive"
    assert finding.text.startswith(
        "Inconclusive: too few sentences to tell whether smuggling sentences"
    )
    assert "8 of 19 smuggling sentences (42%)" in finding.text
    assert "10 of 35 trafficking sentences (29%)" in finding.text
    assert format_p(finding.p_value) in finding.text
    assert finding.n == 54


def test_compare_clear_difference_and_single_documents() -> None:
    finding = compare("x", "early", 18, 20, "late", 2, 20, single_documents=True)
    assert finding.strength == "strong evidence"
    assert finding.text.startswith("Strong evidence that x")
    assert "single document" in finding.text
    reverse = compare("x", "early", 2, 20, "late", 18, 20)
    assert reverse.strength == "evidence against"


def test_compare_picked_from_many_follows_q() -> None:
    plain = compare("x", "late", 8, 56, "early", 0, 32)
    assert plain.strength == "evidence"
    picked = compare("x", "late", 8, 56, "early", 0, 32, q_value=0.14, n_tests=12)
    # p < 0.05 but q >= 0.05: suggestive, not significant after correction
    assert picked.strength == "suggestive"
    assert picked.text.startswith("Suggestive, not significant after correction: x")
    assert "q = 0.14 once corrected for the 12 comparisons made with it" in picked.text
    assert format_p(plain.p_value) in picked.text
    assert picked.p_value == 0.14


def test_compare_with_an_empty_group() -> None:
    finding = compare("x", "early", 0, 0, "late", 3, 5)
    assert finding.text == "Not testable: there are no early sentences."


def test_describe_share_all_none_some() -> None:
    assert describe_share(4, 4, "umbrella sentences", "are names").text.startswith(
        "All 4 umbrella sentences are names (95% CI 51%-100%)"
    )
    assert describe_share(0, 19, "sentences", "say victim").text.startswith("None of the 19")
    some = describe_share(14, 19, "smuggling sentences", "also name trafficking")
    assert some.text.startswith("14 of 19 smuggling sentences also name trafficking (74%;")
    assert some.strength == "share"


@pytest.mark.parametrize("word", ["confirms", "Proves", "holds", "gains most"])
def test_check_wording_refuses_overclaims(word: str) -> None:
    with pytest.raises(ValueError, match="may not say"):
        check_wording(f"The data {word} it.")
    assert check_wording("The data are consistent with it.")


def test_stack_variants() -> None:
    base = pd.DataFrame({"year": [2003], "n": [1]})
    stacked = stack_variants({("names", "in"): base, ("names", "out"): base.assign(n=0)})
    assert list(stacked.columns) == ["decision", "variant", "year", "n"]
    assert list(stacked["n"]) == [1, 0]
    with pytest.raises(ValueError, match="'odd'"):
        stack_variants({("names", "in"): base, ("names", "odd"): base.rename(columns={"n": "m"})})


@pytest.mark.parametrize(
    ("args", "kwargs", "strength", "start"),
    [
        (("x", "a", 18, 20, "b", 2, 20), {}, "strong evidence", "Strong evidence that x:"),
        (("x", "a", 9, 20, "b", 2, 20), {}, "evidence", "Evidence that x:"),
        (("x", "a", 2, 20, "b", 9, 20), {}, "evidence against",
         "Evidence against the claim that x:"),
        (("x", "a", 9, 20, "b", 2, 20), {"q_value": 0.2, "n_tests": 5}, "suggestive",
         "Suggestive, not significant after correction: x:"),
        (("x", "a", 2, 5, "b", 5, 22), {"unit": "units"}, "inconclusive",
         "Inconclusive: too few units to tell whether x:"),
        (("x", "a", 500, 1000, "b", 505, 1000), {}, "no difference larger than",
         "No evidence of a difference larger than 5 points for the claim that x:"),
    ],
)  # fmt: skip
def test_every_strength_word_on_made_up_results(args, kwargs, strength, start) -> None:
    finding = compare(*args, **kwargs)
    assert finding.strength == strength
    assert finding.text.startswith(start)
    assert strength in STRENGTHS


def test_the_negligible_bound_is_the_wider_side_of_the_interval() -> None:
    finding = compare("x", "a", 500, 1000, "b", 505, 1000)
    assert finding.ci_low < 0 < finding.ci_high
    bound = math.ceil(100 * max(abs(finding.ci_low), abs(finding.ci_high)) - 1e-9)
    assert f"larger than {bound} points" in finding.text and bound <= 10


def test_strength_of_without_an_interval_says_no_evidence() -> None:
    assert strength_of(0.4, 0.3) == "no evidence"
    assert strength_of(0.4, 0.3, ci_low=-0.3, ci_high=0.6) == "inconclusive"
    assert strength_of(0.4, 0.01, ci_low=-0.05, ci_high=0.07) == "no difference larger than"
    assert strength_of(0.2, 0.3, p_uncorrected=0.01) == "suggestive"
    with pytest.raises(ValueError, match="unknown strength"):
        opening("proof", "x")


def test_leaders_call_a_tie_a_tie() -> None:
    assert leaders({"a": 3, "b": 5, "c": 1}) == ["b"]
    assert leaders({"a": 4, "b": 4, "c": 1}) == ["a", "b"]
    assert leaders({"a": 4, "b": 4, "c": 1}, largest=False) == ["c"]
    assert leaders({"a": float("nan")}) == []


def test_document_note_names_a_dominant_document() -> None:
    docs = pd.Series(["2013 Kyiv"] * 13 + ["2008 Tashkent"] * 5 + ["2017 Sarajevo"] * 4)
    assert document_note(docs, "trafficking") == (
        " 13 of the 22 trafficking units come from one document (2013 Kyiv)."
    )
    assert document_note(pd.Series(["a", "b", "c"]), "smuggling") == ""
    assert document_note(pd.Series(["a", "a"]), "smuggling").startswith(" All 2 smuggling units")
    finding = compare(
        "x", "trafficking", 5, 22, "smuggling", 2, 5, unit="units", documents=(docs, ["a"] * 5)
    )
    assert "13 of the 22 trafficking units come from one document (2013 Kyiv)." in finding.text
    assert "All 5 smuggling units come from one document (a)." in finding.text
