"""Word senses, keyness with its correction, and the findings of notebook 03.

Every text below is made up for the tests; expected numbers are worked out by
hand in the comments.
"""

from __future__ import annotations

import math

import matplotlib
import numpy as np
import pandas as pd
import pytest

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from helpers.analysis import keyness
from helpers.analysis import terms as terms_stats
from helpers.analysis.stats import benjamini_hochberg  # noqa: E402
from helpers.figures import terms as terms_figures  # noqa: E402
from helpers.rules import senses
from helpers.rules import words as terms


@pytest.fixture(scope="module")
def rules() -> list[senses.SenseRule]:
    return senses.read_senses()


# --------------------------------------------------------------------------- senses


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("In her address she spoke of victims.", "In her address-speech she spoke of victims."),
        ("His opening address was short.", "His opening address-speech was short."),
        ("Addressing the Permanent Council, he spoke.", "address-speech the Permanent Council"),
        ("States must address impunity.", "States must address impunity."),
        ("We will address the problem.", "We will address the problem."),
        ("The asylum-migration nexus matters.", "The asylum-migration nexus-asylum matters."),
        ("The migration nexus matters.", "The migration nexus-asylum matters."),
        ("The nexus between trafficking and smuggling.", "The nexus between trafficking"),
    ],
)
def test_sense_rules_of_the_data_file(rules, text: str, expected: str) -> None:
    out, _ = senses.apply_senses(pd.DataFrame({"text": [text]}), rules)
    assert expected in out["text"].iloc[0]


def test_every_sense_rule_has_a_rationale_and_is_logged(rules) -> None:
    assert {r.term for r in rules} == {"address-speech", "nexus-asylum"}
    assert all(len(r.rationale) > 40 for r in rules)
    table = pd.DataFrame({"text": ["In an address, she said: address it.", None]}, index=[7, 8])
    out, log = senses.apply_senses(table, rules)
    # one rewrite ("an address"), the verb kept; the empty text stays empty
    assert out["text"].tolist() == ["In an address-speech, she said: address it.", ""]
    assert log["row"].tolist() == [7] and log["rule"].tolist() == ["address_noun"]
    assert log["matched"].tolist() == ["address"]
    assert list(log.columns) == senses.SENSE_LOG_COLUMNS


def test_the_analyzer_keeps_the_two_senses_apart(rules) -> None:
    text, _ = senses.apply_senses(
        pd.DataFrame({"text": ["In her address she urged States to address impunity."]}), rules
    )
    analyzer = terms.make_analyzer(text["text"], terms.read_stop_words())
    found = analyzer(text["text"].iloc[0])
    assert "address-speech" in found and "address" in found
    assert found.count("address") == 1


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ({"pattern": "no group"}, "no group"),
        ({"pattern": "(?P<word>x"}, "does not compile"),
        ({"term": "Speech"}, "lower-case words joined"),
        ({"rationale": " "}, "no rationale"),
        ({"rule": ""}, "no name"),
    ],
)
def test_bad_sense_rules_are_named(row: dict, message: str) -> None:
    good = {"rule": "r", "pattern": r"(?P<word>x)", "term": "x-y", "sense": "s", "rationale": "r"}
    with pytest.raises(ValueError, match=message):
        senses.senses_from_table(pd.DataFrame([{**good, **row}]))
    with pytest.raises(ValueError, match="column 'rationale'"):
        senses.senses_from_table(pd.DataFrame([good]).drop(columns="rationale"))
    with pytest.raises(ValueError, match="no column 'body'"):
        senses.apply_senses(pd.DataFrame({"text": ["x"]}), [], column="body")


# --------------------------------------------------------------------------- keyness


@pytest.fixture
def two_periods():
    """Three documents: d1, d2 early; d3 late. 'refugees' only in d1; 'victims' in d3."""
    texts = pd.DataFrame(
        {
            "doc_id": ["d1", "d2", "d3"],
            "year": [2003, 2008, 2015],
            "text": [
                "refugees refugees refugees refugees refugees border",
                "border police border police",
                "victims victims victims victims victims victims border police",
            ],
        }
    )
    analyzer = terms.make_analyzer(texts["text"], frozenset(), ngram_range=(1, 1))
    halves = terms_stats.pool_by_period(texts, {2003: "early", 2008: "early", 2015: "late"})
    counts = terms_stats.count_by_period(halves, analyzer)
    totals = terms_stats.word_totals(halves, analyzer)
    return texts, analyzer, counts, totals


def test_document_counts(two_periods) -> None:
    texts, analyzer, _, _ = two_periods
    n_docs = keyness.document_counts(texts, analyzer)
    assert n_docs.to_dict() == {"border": 3, "police": 2, "refugees": 1, "victims": 1}
    with pytest.raises(ValueError, match="no column 'text'"):
        keyness.document_counts(texts.drop(columns="text"), analyzer)


def test_keyness_table_adds_q_n_docs_and_marks(two_periods) -> None:
    texts, analyzer, counts, totals = two_periods
    n_docs = keyness.document_counts(texts, analyzer)
    key = keyness.keyness_table(counts, totals, "early", "late", n_docs, min_count=3)
    assert list(key.columns) == keyness.KEYNESS_TABLE_COLUMNS
    cols = list(key.columns)
    assert (
        cols.index("q") == cols.index("p_value") + 1 and cols.index("n_docs") == cols.index("q") + 1
    )
    # four terms tested; q is Benjamini-Hochberg over all four
    assert len(key) == 4
    assert np.allclose(key["q"], benjamini_hochberg(key["p_value"]).round(4))
    row = key.set_index("term")
    assert row.at["refugees", "single_document"] and row.at["refugees", "n_docs"] == 1
    assert not row.at["border", "single_document"]
    # border: 3 of 10 early words, 1 of 8 late: G2 well below 3.84
    assert row.at["border", "below_threshold"]
    assert row.at["victims", "g2"] >= 3.84 and not row.at["victims", "below_threshold"]
    with pytest.raises(ValueError, match="no count for the term"):
        keyness.keyness_table(counts, totals, "early", "late", n_docs.drop("border"))


def test_keyness_findings_say_how_many_survive(two_periods) -> None:
    texts, analyzer, counts, totals = two_periods
    n_docs = keyness.document_counts(texts, analyzer)
    key = keyness.keyness_table(counts, totals, "early", "late", n_docs, min_count=3)
    found = keyness.keyness_findings(key, "early", "late", {"early": 2, "late": 1})
    text = " ".join(f.text for f in found)
    passing = int((~key["below_threshold"]).sum())
    assert f"{passing} of 4 terms tested have G2" in text
    survivors = int((key["q"] <= 0.05).sum())
    if survivors:
        assert f"{survivors} have q ≤ 0.05" in text
    elif passing:
        assert "Suggestive, not significant after correction" in text
    else:
        assert "No evidence, after the Benjamini-Hochberg correction over all 4 terms" in text
    assert "occur in a single document" in text and "early is 2 document(s) and late 1" in text
    # a made-up table where nothing survives: the sentence must say so, and its strength word
    # follows the uncorrected tests: some pass (suggestive) or none does (no evidence)
    none = key.assign(q=1.0, below_threshold=[False] + [True] * (len(key) - 1))
    found = keyness.keyness_findings(none, "a", "b", {"a": 1, "b": 1})
    words = " ".join(f.text for f in found)
    assert "none has q ≤ 0.05" in words and "confirm" not in words
    assert "Suggestive, not significant after correction: 1 of 4 terms pass" in words
    nothing = key.assign(q=1.0, below_threshold=True)
    found = keyness.keyness_findings(nothing, "a", "b", {"a": 1, "b": 1})
    assert any(f.text.startswith("No evidence, after the Benjamini-Hochberg") for f in found)
    assert not any("Suggestive" in f.text for f in found)


def test_keyness_figure_marks_and_caption(two_periods) -> None:
    texts, analyzer, counts, totals = two_periods
    key = keyness.keyness_table(
        counts, totals, "early", "late", keyness.document_counts(texts, analyzer), min_count=3
    )
    fig, _ = terms_figures.plot_keyness_marked(key, ("early", "late"))
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert "refugees (1 doc)" in labels and "border" in labels
    hatched = [p for p in fig.axes[0].patches if p.get_hatch()]
    assert len(hatched) == int(key["below_threshold"].sum())
    plt.close(fig)
    caption = keyness.keyness_caption(key, "early", "late", len(key))
    assert f"{int(key['below_threshold'].sum())} light, hatched" in caption


# --------------------------------------------------------------------------- notebook 03 findings


def test_stability_caption_mentions_diamonds_only_when_drawn() -> None:
    one = pd.DataFrame({"bootstrap_share": [0.9], "loo_share": [np.nan]})
    several = one.assign(loo_share=[0.5])
    assert "diamond" not in terms_stats.stability_caption(one, 200)
    assert "no leave-one-out share is drawn" in terms_stats.stability_caption(one, 200)
    assert "diamonds" in terms_stats.stability_caption(several, 200)


def test_peak_findings_call_a_tie_a_tie() -> None:
    counts = pd.DataFrame({"victims": [2, 2, 1]}, index=[2003, 2013, 2017])
    weights = pd.DataFrame({"victims": [0.1, 0.1, 0.05]}, index=[2003, 2013, 2017])
    (finding,) = terms_stats.peak_findings(weights, counts, ["victims"], {})
    assert "It weighs as much in 2013, a tie for the year where it weighs most" in finding.text
    assert "It weighs most in that year" not in finding.text


def test_peak_and_similarity_findings_say_one_document() -> None:
    counts = pd.DataFrame({"refugees": [7, 1]}, index=[2003, 2015])
    weights = pd.DataFrame({"refugees": [0.25, 0.02]}, index=[2003, 2015])
    (finding,) = terms_stats.peak_findings(weights, counts, ["refugees", "absent"], {2003: 1})
    # 7 of 8 = 88%
    assert finding.text.startswith("7 of 8 occurrences of 'refugees' are in 2003 (88%")
    assert finding.text.endswith("That year is a single document.")
    assert math.isclose(finding.effect, 7 / 8)
    pairs = pd.DataFrame({"period_a": [2003.0], "period_b": [2015.0], "cosine": [0.2]})
    text = terms_stats.similarity_finding(pairs, {2003: 1, 2015: 1}).text
    assert "2003 and 2015" in text and "compares documents, not periods" in text
    text = terms_stats.similarity_finding(pairs, {2003: 2, 2015: 1}).text
    assert "compares documents" not in text


def test_stability_findings_count_by_hand() -> None:
    stability = pd.DataFrame({"bootstrap_share": [0.9, 0.8, 0.4, 0.6]})
    high, low = terms_stats.stability_findings(stability, 50)
    assert high.text.startswith("2 of 4 top-10 terms stay") and low.text.startswith("1 of 4")


def test_keyness_title_says_when_no_term_survives_the_correction() -> None:
    from helpers.analysis.keyness import keyness_title

    none = pd.DataFrame({"q": [0.054, 0.2], "direction": ["rises", "falls"]})
    title = keyness_title(none, "2003-2008", "2013-2017")
    assert "no term rises or falls significantly" in title
    assert "Terms that rise and fall" not in title
    some = pd.DataFrame({"q": [0.01, 0.04, 0.3], "direction": ["rises", "falls", "falls"]})
    assert "1 rise(s) and 1 fall(s) significantly" in keyness_title(some, "a", "b")


def test_keyness_hatching_differs_from_its_fill_in_the_svg(tmp_path) -> None:
    import io

    import matplotlib.pyplot as plt

    from helpers.figures.terms import plot_keyness_marked

    table = pd.DataFrame({
        "term": ["a", "b"], "log_ratio": [2.0, -1.0], "direction": ["rises", "falls"],
        "below_threshold": [True, False], "single_document": [False, False],
        "count_a": [0, 3], "count_b": [4, 0], "g2": [2.0, 5.0], "q": [0.3, 0.04],
    })  # fmt: skip
    fig, _ = plot_keyness_marked(table, ("early", "late"))
    bar = next(p for p in fig.axes[0].patches if p.get_hatch())
    assert bar.get_facecolor()[:3] != bar.get_edgecolor()[:3] or bar.get_facecolor()[3] < 0.5
    assert bar.get_edgecolor()[3] == 1.0  # the hatch lines are drawn in the full colour
    svg = io.StringIO()
    fig.savefig(svg, format="svg")
    assert "<pattern" in svg.getvalue()
    plt.close(fig)
