"""Precision, recall, F1, confusion and corrected shares on made-up codes worked by hand;
the classifier baseline on made-up sentences."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from helpers.analysis.stats import wilson_interval
from helpers.validation.scores import (
    MIN_UNITS,
    classifier_predictions,
    classifier_verdict,
    compare_scores,
    confusion,
    corrected_shares,
    label_scores,
    recall_findings,
)

# Six made-up units: the coders' label and the rules' label.
PAIRS = pd.DataFrame({
    "truth":     ["a", "a", "a", "b", "b", "c"],
    "predicted": ["a", "a", "b", "b", "c", "c"],
})  # fmt: skip


def test_precision_recall_and_f1_worked_by_hand() -> None:
    scores = label_scores(PAIRS, ["a", "b", "c", "d"], n_boot=200).set_index("label")
    # a: 2 agree; the rules say a twice, the coders three times
    assert scores.loc["a", ["agree", "n_predicted", "n_true"]].tolist() == [2, 2, 3]
    assert scores.loc["a", "precision"] == 1.0
    assert scores.loc["a", "recall"] == pytest.approx(2 / 3)
    assert scores.loc["a", "f1"] == pytest.approx(0.8)  # 2 * 1 * (2/3) / (1 + 2/3)
    # b: 1 agree of 2 predicted and 2 true; c: 1 of 2 predicted, 1 of 1 true
    assert scores.loc["b", ["precision", "recall", "f1"]].tolist() == [0.5, 0.5, 0.5]
    assert scores.loc["c", ["precision", "recall"]].tolist() == [0.5, 1.0]
    assert scores.loc["c", "f1"] == pytest.approx(2 / 3)
    # d: never said by anyone, so nothing to score
    assert math.isnan(scores.loc["d", "precision"]) and math.isnan(scores.loc["d", "f1"])
    # Wilson intervals, the same as the project's own score interval
    assert (scores.loc["a", "recall_low"], scores.loc["a", "recall_high"]) == pytest.approx(
        wilson_interval(2, 3)
    )
    for label in "abc":
        row = scores.loc[label]
        assert row["f1_low"] <= row["f1"] <= row["f1_high"]
        assert row["precision_low"] <= row["precision"] <= row["precision_high"]


@pytest.mark.parametrize("labels", [list("aaaaabbbbb"), list("aaaaaaaaab"), list("aaaaaaaaaa")])
def test_scipy_wilson_intervals_are_the_closed_form_ones(labels: list[str]) -> None:
    """scipy.stats.binomtest's Wilson interval gives the closed-form numbers, 0 and n included."""
    pairs = pd.DataFrame({"truth": labels, "predicted": ["a"] * 5 + ["b"] * 5})
    row = label_scores(pairs, ["a"], n_boot=10).iloc[0]
    for measure, n in (("precision", "n_predicted"), ("recall", "n_true")):
        expected = wilson_interval(int(row["agree"]), int(row[n]))
        assert (row[f"{measure}_low"], row[f"{measure}_high"]) == pytest.approx(expected, abs=1e-12)
    nothing = label_scores(pairs, ["c"], n_boot=10).iloc[0]
    assert math.isnan(nothing["recall_low"]) and math.isnan(nothing["precision_high"])


def test_confusion_worked_by_hand() -> None:
    table = confusion(PAIRS, ["a", "b", "c"])
    assert table.to_numpy().tolist() == [[2, 1, 0], [0, 1, 1], [0, 0, 1]]
    assert (table.index.name, table.columns.name) == ("consensus", "predicted")


def test_corrected_shares_worked_by_hand() -> None:
    # The rules label 60 units a and 40 b. Coded: 4 of the rules' a (3 truly a, 1 b) and
    # 5 of the rules' b (1 truly a, 4 b). So a = 60 * 3/4 + 40 * 1/5 = 53, b = 47.
    rules = pd.Series(["a"] * 60 + ["b"] * 40)
    pairs = pd.DataFrame({"predicted": ["a"] * 4 + ["b"] * 5,
                          "truth": ["a", "a", "a", "b", "a", "b", "b", "b", "b"]})  # fmt: skip
    table = corrected_shares(rules, pairs, ["a", "b", "c"], n_boot=500, seed=1).set_index("label")
    assert table.loc["a", ["raw_n", "corrected_n"]].tolist() == [60, pytest.approx(53)]
    assert table.loc["b", "corrected_n"] == pytest.approx(47)
    assert table.loc["a", "corrected_share"] == pytest.approx(0.53)
    assert table.loc["a", "ci_low"] <= 0.53 <= table.loc["a", "ci_high"]
    assert table["corrected_n"].sum() == pytest.approx(100)
    assert table.loc["c", "note"] == "not corrected: no coded unit"
    assert table.loc["a", "coded"] == 4
    # of the 53 units truly a, the rules label 60 * 3/4 = 45 a: a recall of 45/53 in the corpus
    assert table.loc["a", "corpus_recall"] == pytest.approx(45 / 53)
    assert table.loc["b", "corpus_recall"] == pytest.approx(32 / 47)
    assert table.loc["a", "recall_low"] <= 45 / 53 <= table.loc["a", "recall_high"]


def test_a_label_with_no_coded_unit_keeps_its_raw_count() -> None:
    rules = pd.Series(["a"] * 10 + ["b"] * 5)
    pairs = pd.DataFrame({"predicted": ["a", "a"], "truth": ["a", "b"]})
    table = corrected_shares(rules, pairs, n_boot=50).set_index("label")
    assert table.loc["b", "corrected_n"] == pytest.approx(5 + 5)  # its own 5, and half of a's
    assert table.loc["b", "note"].startswith("not corrected")


def made_up_sentences() -> tuple[list[str], list[str]]:
    texts, labels = [], []
    for i in range(12):
        texts.append(f"Smugglers charged migrant group {i} for the crossing at the border.")
        labels.append("smuggling")
        texts.append(f"Traffickers exploited victim {i} in forced labour and deceit.")
        labels.append("trafficking")
    texts.append("A single sentence about something else entirely.")
    labels.append("none")
    return texts, labels


def test_the_classifier_is_cross_validated_seeded_and_reports_unscored_units() -> None:
    texts, labels = made_up_sentences()
    first = classifier_predictions(texts, labels, seed=3)
    again = classifier_predictions(texts, labels, seed=3)
    pd.testing.assert_frame_equal(first, again)
    assert first["predicted"].iloc[-1] is None  # a label with one unit cannot be cross-validated
    scored = first.dropna(subset=["predicted"])
    assert len(scored) == 24 and set(scored["fold"]) == set(range(5))
    assert (scored["truth"] == scored["predicted"]).mean() >= 0.9  # the words give it away
    with pytest.raises(ValueError, match="25 texts but 2 labels"):
        classifier_predictions(texts, labels[:2])


def test_the_verdict_says_plainly_when_the_sample_is_too_small() -> None:
    texts, labels = made_up_sentences()
    verdict = classifier_verdict(labels)
    assert verdict.startswith("Too small to mean anything: 25 coded units")
    assert "none" in verdict.split("say nothing:")[1]
    big = ["a"] * MIN_UNITS + ["b"] * 20
    assert classifier_verdict(big).startswith(f"{MIN_UNITS + 20} coded units: enough")


def test_scores_side_by_side_and_in_words() -> None:
    rules = label_scores(PAIRS, ["a", "b"], n_boot=50)
    other = label_scores(PAIRS.assign(predicted=["a", "b", "b", "b", "b", "b"]), ["a", "b"],
                         n_boot=50)  # fmt: skip
    both = compare_scores(rules, other).set_index("label")
    assert both.loc["a", "rules_precision"].startswith("1.00 (")
    assert both.loc["a", "classifier_recall"].startswith("0.33 (")
    texts = [str(f) for f in recall_findings(PAIRS, ["a"], who="the rules", coder="the coders")]
    assert texts[0].startswith("2 of 3 units the coders labelled a are labelled a by the rules too")
    assert texts[1].startswith("All 2 units the rules labelled a are labelled a by the coders too")


def test_the_figure_draws_each_predictor_and_names_a_missing_column() -> None:
    import matplotlib.pyplot as plt

    from helpers.figures.validation import plot_scores

    rules = label_scores(PAIRS, ["a", "b", "c"], n_boot=20)
    fig, data = plot_scores({"rules": rules, "classifier": rules})
    assert data["predictor"].tolist() == ["rules"] * 3 + ["classifier"] * 3
    assert [t.get_text() for t in fig.axes[0].get_yticklabels()] == ["a", "b", "c"]
    plt.close(fig)
    with pytest.raises(ValueError, match="plot_scores: the table has no column 'recall_low'"):
        plot_scores({"rules": rules.drop(columns="recall_low")})
