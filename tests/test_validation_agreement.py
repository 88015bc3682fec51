"""Krippendorff's alpha against the published worked examples and a hand computation;
consensus, confusion and disagreements on made-up codes worked out by hand.

The two reliability matrices are typed in from Krippendorff's "Computing
Krippendorff's Alpha-Reliability" (2011): section A, binary data, two
observers, ten units (alpha = 0.095); section C, nominal data, four observers,
twelve units with missing values (alpha = 0.743).
"""

from __future__ import annotations

import itertools
import math

import numpy as np
import pandas as pd
import pytest

from helpers.validation.agreement import (
    alpha,
    alpha_finding,
    alpha_table,
    coder_confusion,
    consensus,
    disagreements,
    simulated_intervals,
)

# Section C: rows are observers A-D, columns units 1-12, None where an observer gave no value.
FOUR_OBSERVERS = {
    "A": [1, 2, 3, 3, 2, 1, 4, 1, 2, None, None, None],
    "B": [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, None, 3],
    "C": [None, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, None],
    "D": [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, None],
}
# Section A: two observers, ten units, values 0 and 1.
TWO_OBSERVERS = {
    "A": [0, 1, 0, 0, 0, 0, 0, 0, 1, 0],
    "B": [1, 1, 1, 0, 0, 1, 0, 0, 0, 0],
}


def long_codes(matrix: dict[str, list], variable: str = "value") -> pd.DataFrame:
    """A coders x units matrix as the long table of codes the helpers read."""
    rows = [
        {"coder": coder, "unit_id": f"u{unit:02d}", variable: None if v is None else str(v)}
        for coder, values in matrix.items()
        for unit, v in enumerate(values, start=1)
    ]
    return pd.DataFrame(rows)


def alpha_by_hand(matrix: dict[str, list]) -> float:
    """Nominal alpha from the coincidence matrix, as the paper computes it."""
    units = list(zip(*matrix.values(), strict=True))
    coincidences: dict[tuple, float] = {}
    for unit in units:
        values = [v for v in unit if v is not None]
        m = len(values)
        if m < 2:
            continue
        for i, j in itertools.permutations(range(m), 2):
            key = (values[i], values[j])
            coincidences[key] = coincidences.get(key, 0.0) + 1 / (m - 1)
    labels = sorted({c for c, _ in coincidences})
    n_c = {c: sum(coincidences.get((c, k), 0.0) for k in labels) for c in labels}
    n = sum(n_c.values())
    observed = sum(v for (c, k), v in coincidences.items() if c != k)
    expected = sum(n_c[c] * n_c[k] for c in labels for k in labels if c != k)
    return 1 - (n - 1) * observed / expected


def test_alpha_matches_the_published_four_observer_nominal_example() -> None:
    value = alpha(long_codes(FOUR_OBSERVERS), "value")
    assert round(value, 3) == 0.743
    assert value == pytest.approx(alpha_by_hand(FOUR_OBSERVERS), abs=1e-12)


def test_alpha_matches_the_published_two_observer_binary_example() -> None:
    value = alpha(long_codes(TWO_OBSERVERS), "value")
    assert round(value, 3) == 0.095
    # the paper's formula for two observers and binary data: 1 - (n - 1) o_01 / (n_0 n_1)
    assert value == pytest.approx(1 - 19 * 4 / (14 * 6), abs=1e-12)


def test_alpha_equals_a_hand_computation_on_random_codes() -> None:
    rng = np.random.default_rng(7)
    for _ in range(20):
        matrix = {
            coder: [None if rng.random() < 0.2 else str(rng.integers(0, 4)) for _ in range(15)]
            for coder in "xyz"
        }
        expected = alpha_by_hand(matrix)
        assert alpha(long_codes(matrix), "value") == pytest.approx(expected, abs=1e-9)


def test_alpha_is_undefined_without_variation_or_a_second_coder() -> None:
    same = {"A": ["x", "x", "x"], "B": ["x", "x", "x"]}
    assert math.isnan(alpha(long_codes(same), "value"))
    alone = {"A": ["x", "y", "z"], "B": [None, None, None]}
    assert math.isnan(alpha(long_codes(alone), "value"))


def test_the_adjudicator_is_left_out_of_alpha() -> None:
    codes = long_codes(TWO_OBSERVERS)
    gold = long_codes({"gold": [1] * 10})
    assert alpha(pd.concat([codes, gold]), "value") == alpha(codes, "value")
    assert alpha_table(pd.concat([codes, gold]), ["value"], n_boot=10).at[0, "coders"] == 2


def test_alpha_table_gives_a_seeded_interval_around_the_estimate() -> None:
    codes = long_codes(FOUR_OBSERVERS)
    first = alpha_table(codes, ["value"], n_boot=300, seed=3)
    again = alpha_table(codes, ["value"], n_boot=300, seed=3)
    pd.testing.assert_frame_equal(first, again)
    row = first.iloc[0]
    assert row["ci_low"] <= row["alpha"] <= row["ci_high"] <= 1
    assert (row["coders"], row["units"], row["values"]) == (4, 11, 5)  # unit 12 has one value
    other = alpha_table(codes, ["value"], n_boot=300, seed=4).iloc[0]
    assert (other["ci_low"], other["ci_high"]) != (row["ci_low"], row["ci_high"])


@pytest.mark.parametrize(
    ("low", "high", "word"),
    [
        (0.81, 0.95, "reliable by Krippendorff's standard"),
        (0.70, 0.90, "tentative conclusions only"),
        (0.20, 0.60, "not reliable"),
        (0.41, 1.00, "inconclusive: too few units to tell"),
    ],
)
def test_alpha_is_worded_from_its_whole_interval(low: float, high: float, word: str) -> None:
    row = {"variable": "frame", "alpha": (low + high) / 2, "ci_low": low, "ci_high": high,
           "units": 40, "coders": 2}  # fmt: skip
    text = alpha_finding(row)
    assert word in text
    assert text.startswith(f"frame: alpha = {(low + high) / 2:.3f}")


def test_consensus_takes_gold_then_majority_and_lists_ties() -> None:
    codes = pd.DataFrame(
        [
            ("a", "u1", "nexus"), ("b", "u1", "nexus"), ("c", "u1", "paired"),  # majority
            ("a", "u2", "nexus"), ("b", "u2", "paired"),  # tie
            ("a", "u3", "nexus"), ("b", "u3", "paired"), ("gold", "u3", "paired"),  # gold
            ("a", "u4", "smuggling"), ("b", "u4", None),  # one coder only
            ("a", "u5", "umbrella"), ("b", "u5", "umbrella"),  # unanimous
        ],
        columns=["coder", "unit_id", "frame"],
    )  # fmt: skip
    found = consensus(codes, "frame").set_index("unit_id")
    assert found.loc["u1", ["label", "basis"]].tolist() == ["nexus", "majority"]
    assert found.loc["u2", "basis"] == "tie" and pd.isna(found.loc["u2", "label"])
    assert found.loc["u3", ["label", "basis"]].tolist() == ["paired", "gold"]
    assert found.loc["u4", ["label", "basis"]].tolist() == ["smuggling", "single"]
    assert found.loc["u5", ["label", "basis"]].tolist() == ["umbrella", "unanimous"]
    assert found.loc["u1", "votes"] == "nexus 2, paired 1"


def test_confusion_and_disagreements_of_two_coders() -> None:
    two = {"ann": ["a", "a", "b", "c", None], "bob": ["a", "b", "b", "c", "c"]}
    codes = long_codes(two, "frame")
    table = coder_confusion(codes, "frame", labels=["a", "b", "c"])
    assert table.to_numpy().tolist() == [[1, 1, 0], [0, 1, 0], [0, 0, 1]]
    assert (table.index.name, table.columns.name) == ("ann", "bob")
    sheet = pd.DataFrame({"unit_id": [f"u{i:02d}" for i in range(1, 6)], "item": range(1, 6),
                          "text": list("VWXYZ")})  # fmt: skip
    found = disagreements(codes, ["frame"], sheet)
    assert found[["item", "unit_id", "text", "ann", "bob"]].values.tolist() == [
        [2, "u02", "W", "a", "b"]
    ]
    with pytest.raises(ValueError, match="no coder 'eve'"):
        coder_confusion(codes, "frame", "ann", "eve")


def test_simulated_intervals_narrow_as_the_sample_grows() -> None:
    table = simulated_intervals([30, 300], [0.5, 0.3, 0.2], accuracy=0.9, n_boot=200, seed=1)
    assert table["units"].tolist() == [30, 300]
    assert table.loc[1, "half_width"] < table.loc[0, "half_width"]
    assert (table["ci_low"] <= table["alpha"]).all() and (table["alpha"] <= table["ci_high"]).all()
    pd.testing.assert_frame_equal(
        table, simulated_intervals([30, 300], [0.5, 0.3, 0.2], accuracy=0.9, n_boot=200, seed=1)
    )
    with pytest.raises(ValueError, match="sum to 1"):
        simulated_intervals([10], [0.5, 0.6])
