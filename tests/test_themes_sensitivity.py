"""Theme findings, the sensitivity table, the unit table and the redrawn figures.

Every text and table below is made up for the tests; expected numbers are
worked out by hand in the comments.
"""

from __future__ import annotations

from types import SimpleNamespace

import matplotlib
import numpy as np
import pandas as pd
import pytest

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from helpers.analysis import sensitivity as themes_sensitivity
from helpers.analysis import themes as themes_counts
from helpers.analysis import themes_findings
from helpers.analysis.findings import stack_variants  # noqa: E402
from helpers.analysis.stats import benjamini_hochberg, fisher_exact  # noqa: E402
from helpers.figures import themes as themes_figures
from helpers.reading import themes


def units_of(*texts: str, years=None) -> pd.DataFrame:
    years = years or [2004] * len(texts)
    return pd.DataFrame(
        {
            "doc_id": [f"d{y}" for y in years],
            "year": years,
            "unit_id": [f"d{y}#s{i}" for i, y in enumerate(years)],
            "text": list(texts),
        }
    )


# --------------------------------------------------------------------------- word senses


@pytest.mark.parametrize(
    "text",
    [
        "People in need of international protection must find it.",
        "The plan must not undermine the protection safeguards for refugees.",
        "UNHCR works on prevention, protection and the search for solutions.",
    ],
)
def test_refugee_protection_is_not_victim_protection(codebook, text: str) -> None:
    row = themes.theme_matrix(pd.DataFrame({"text": [text]}), codebook).iloc[0]
    assert row["refugee_protection"] and not row["victims"]


def test_victim_protection_still_counts(codebook) -> None:
    text = "Victims of trafficking need protection and shelter."
    row = themes.theme_matrix(pd.DataFrame({"text": [text]}), codebook).iloc[0]
    assert row["victims"] and not row["refugee_protection"]


def test_the_codebook_gives_the_rationale(codebook) -> None:
    table = codebook.table.set_index("theme")
    assert "not victim protection" in table.at["victims", "definition"]
    assert "Palermo" in table.at["refugee_protection", "definition"]


def test_merge_theme_puts_refugee_protection_back_into_victims(codebook, cues) -> None:
    merged = themes.codebook_from_table(
        themes_sensitivity.merge_theme(codebook.table, "refugee_protection", "victims"), cues
    )
    text = pd.DataFrame({"text": ["People in need of international protection."]})
    assert themes.theme_matrix(text, merged).iloc[0]["victims"]
    assert not themes.theme_matrix(text, codebook).iloc[0]["victims"]
    # "data protection" is not a refugee-protection phrase: still excluded
    exclude = merged.table.set_index("theme").at["victims", "exclude"]
    assert exclude == "data protection"
    with pytest.raises(ValueError, match="'nothing' is not in the codebook"):
        themes_sensitivity.merge_theme(codebook.table, "nothing", "victims")


def test_names_counted_or_not(codebook) -> None:
    # the workshop title names judicial co-operation; masked as coded, counted in the variant
    units = units_of('The workshop, "Promoting Law Enforcement and Judicial Co-operation", opened.')
    masked = themes_sensitivity.theme_matrix_variant(units, codebook)
    counted = themes_sensitivity.theme_matrix_variant(units, codebook, count_names=True)
    assert masked.equals(themes.theme_matrix(units, codebook))
    assert not masked.iloc[0]["justice"] and counted.iloc[0]["justice"]
    assert list(counted.columns) == list(codebook.names)


# --------------------------------------------------------------------------- sensitivity


@pytest.fixture
def hand_matrix():
    """Four units, years 2004, 2004, 2016, 2016: justice in units 3 and 4; victims in 1 and 3."""
    units = units_of("a", "b", "c", "d", years=[2004, 2004, 2016, 2016])
    matrix = pd.DataFrame(
        {"justice": [False, False, True, True], "victims": [True, False, True, False]}
    )
    return units, matrix


def test_sensitivity_counts_by_hand(hand_matrix) -> None:
    units, matrix = hand_matrix
    table = themes_sensitivity.sensitivity_counts(units, matrix, ["justice", "justice + victims"])
    assert list(table.columns) == ["year", "theme", "n", "total"]
    rows = table.set_index(["theme", "year"])["n"].to_dict()
    assert rows == {
        ("justice", 2004): 0,
        ("justice", 2016): 2,
        ("justice + victims", 2004): 0,
        ("justice + victims", 2016): 1,
    }
    assert (table["total"] == 2).all()
    with pytest.raises(ValueError, match="'borders' is not in the theme matrix"):
        themes_sensitivity.sensitivity_counts(units, matrix, ["borders"])


def test_period_tests_and_survival() -> None:
    def counts(late: int) -> pd.DataFrame:
        return pd.DataFrame(
            {"year": [2004, 2016], "theme": ["justice"] * 2, "n": [0, late], "total": [32, 56]}
        )

    table = stack_variants({("as coded", "as coded"): counts(7), ("names", "counted"): counts(2)})
    tests = themes_sensitivity.period_tests(
        table, {"early": (2003, 2008), "late": (2013, 2017)}, {2004: 2, 2016: 3}
    )
    assert list(tests.columns) == themes_sensitivity.TEST_COLUMNS
    base = tests.iloc[0]
    # 7 of 56 against 0 of 32: Fisher's exact p = 0.045
    assert base["p_value"] == pytest.approx(fisher_exact(7, 56, 0, 32)[1])
    assert base["strength"] == "evidence" and tests.iloc[1]["strength"] == "inconclusive"
    assert base["q"] == base["p_value"]  # one theme tested: nothing to correct
    assert "early holds 2 document(s), late 3" in base["text"]
    survived = themes_sensitivity.survival(tests, ("as coded", "as coded")).iloc[0]
    assert not survived["survives"] and survived["differs_in"] == "counted (inconclusive)"
    assert "not under 1 of the 2 codings" in survived["text"]
    with pytest.raises(ValueError, match="baseline"):
        themes_sensitivity.survival(tests, ("x", "y"))


def test_period_tests_correct_for_the_themes_tested_together() -> None:
    """Two headline themes at p = 0.045 and 0.30: alone the first would be 'evidence';
    tested together its q is 0.09, so the sentence says 'Suggestive, not significant after
    correction' and gives both."""
    table = pd.DataFrame(
        {
            "year": [2004, 2016, 2004, 2016],
            "theme": ["justice", "justice", "borders", "borders"],
            "n": [0, 7, 1, 6],
            "total": [32, 56, 32, 56],
        }
    )
    periods = {"early": (2003, 2008), "late": (2013, 2017)}
    tests = themes_sensitivity.period_tests(
        stack_variants({("as coded", "as coded"): table}), periods
    )
    justice = tests.set_index("theme").loc["justice"]
    p_values = [fisher_exact(7, 56, 0, 32)[1], fisher_exact(6, 56, 1, 32)[1]]
    assert p_values[0] < 0.05 < p_values[1]
    assert justice["q"] == pytest.approx(benjamini_hochberg(p_values)[0])
    assert justice["strength"] == "suggestive"
    assert justice["text"].startswith("Suggestive, not significant after correction")
    assert "once corrected for the 2 comparisons" in justice["text"]


# --------------------------------------------------------------------------- findings


def test_theme_findings_by_hand() -> None:
    # early: 2 units, late: 4 units; trafficking-only 2, smuggling-only 2, both 1
    units = units_of("a", "b", "c", "d", "e", "f", years=[2004, 2004, 2016, 2016, 2016, 2016])
    matrix = pd.DataFrame(
        {
            "trafficking": [True, True, False, False, True, False],
            "smuggling": [False, False, True, True, True, False],
            "victims": [True, True, False, False, False, False],
            "borders": [False, False, True, True, False, False],
        }
    )
    pairs = themes_counts.cooccurrence(matrix, min_count=1)
    found = themes_findings.theme_findings(
        units, matrix, pairs, {"early": (2003, 2008), "late": (2013, 2017)}, 1
    )
    texts = [f.text for f in found]
    assert texts[0].startswith("1 of 6 units match no theme")
    assert "1 of 5 units naming a crime name both crimes" in " ".join(texts)
    lean = next(t for t in texts if "more frequent with trafficking" in t)
    # victims: 2 of 2 trafficking-only against 0 of 2 smuggling-only; the unit with both left out
    assert "2 of 2 trafficking-only units" in lean and "are left out" in lean
    period = next(t for t in texts if "in late than in early" in t)
    assert "q = " in period and "early is 1 document(s) and late 1" in period
    # both were picked as the largest of several comparisons: the strength word follows q
    assert "so its strength follows q" in lean and "so its strength follows q" in period
    assert "comparisons made with it (Benjamini-Hochberg)" in period
    for word in ("confirm", "holds", "gains most"):
        assert all(word not in t for t in texts)


def test_theme_units_table_and_labels(codebook) -> None:
    documents = pd.DataFrame(
        {"doc_id": ["d2004"], "year": [2004], "place": ["Vienna"], "date": ["2004-01-02"]}
    )
    units = themes_findings.label_units(
        units_of("Victims of trafficking.", "The weather."), documents
    )
    assert units["unit_id"].tolist() == ["2004 Vienna #s0", "2004 Vienna #s1"]
    matrix = themes.theme_matrix(units, codebook)
    table = themes_findings.theme_units_table(units, matrix, documents)
    assert list(table.columns) == themes_findings.THEME_UNIT_COLUMNS
    assert table["themes"].tolist() == ["trafficking;victims", ""]
    assert table["document"].tolist() == ["2004 Vienna"] * 2


def test_write_table(tmp_path) -> None:
    line = themes_findings.write_table(pd.DataFrame({"a": [1]}), "04_x", tmp_path / "f")
    assert (
        line == "Saved 04_x.csv: 1 rows." and (tmp_path / "f" / "04_x.csv").read_text() == "a\n1\n"
    )
    with pytest.raises(ValueError, match="must look like"):
        themes_findings.write_table(pd.DataFrame(), "x", tmp_path)


# --------------------------------------------------------------------------- figures


def test_theme_circle_has_a_width_legend_and_labels_outside() -> None:
    matrix = pd.DataFrame(
        {"a": [True, True, True, False], "b": [True, True, True, True], "c": [False] * 4}
    )
    pairs = themes_counts.cooccurrence(matrix, min_count=3)
    counts = themes_counts.theme_counts(matrix)
    fig, data = themes_figures.plot_theme_circle(pairs, counts, min_count=3)
    edges = data[data["kind"] == "edge"]
    # a + b share 3 units (>= 3); no other pair does
    assert edges[["theme_a", "theme_b", "n"]].values.tolist() == [["a", "b", 3]]
    nodes = data[data["kind"] == "node"].set_index("theme_a")
    assert np.allclose(np.hypot(nodes["x"], nodes["y"]), 1.0, atol=1e-3)  # nodes on the unit circle
    labels = [t for t in fig.axes[0].texts if "(" in t.get_text()]
    assert all(np.hypot(*t.get_position()) > 1.1 for t in labels)  # labels outside it
    legend = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert legend == ["Jaccard 0.1", "Jaccard 0.2", "Jaccard 0.3"]
    plt.close(fig)


def test_sensitivity_figure_fills_only_tested_findings() -> None:
    tests = pd.DataFrame(
        {
            "decision": ["a", "b"], "variant": ["as coded", "other"], "theme": ["justice"] * 2,
            "k_first": [0, 1], "n_first": [32, 32], "k_second": [7, 7], "n_second": [56, 56],
            "difference": [0.125, 0.09], "ci_low": [0.0, -0.05], "ci_high": [0.24, 0.21],
            "p_value": [0.045, 0.01], "q": [0.045, 0.09],
            "strength": ["evidence", "no evidence"], "text": ["x", "y"],
        }
    )  # fmt: skip
    fig, data = themes_figures.plot_theme_sensitivity(tests, "early", "late")
    assert "text" not in data.columns and len(data) == 2
    markers = [line for line in fig.axes[0].lines if line.get_marker() == "o"]
    # filled by q, not by the uncorrected p (the second has p = 0.01 but q = 0.09)
    assert [m.get_markerfacecolor() == "white" for m in markers] == [False, True]
    plt.close(fig)


def test_early_late_markers_at_zero_are_not_cut() -> None:
    presence = pd.DataFrame(
        {"period": ["early", "late"], "theme": ["justice"] * 2, "n": [0, 7],
         "n_units": [32, 56], "share": [0.0, 0.125]}
    )  # fmt: skip
    pairs = pd.DataFrame(columns=["period", *themes_counts.PAIR_COLUMNS])
    fig, _ = themes_figures.plot_early_late(
        presence, pairs, {"early": (2003, 2008), "late": (2013, 2017)}
    )
    assert fig.axes[0].get_xlim()[0] < 0
    plt.close(fig)


def test_corpus_shaped_units_get_readable_ids() -> None:
    corpus = SimpleNamespace(
        documents=pd.DataFrame(
            {"doc_id": ["h1"], "year": [2008], "place": ["Tashkent"], "date": ["2008-03-01"]}
        ),
        sentences=pd.DataFrame(
            {"doc_id": ["h1"], "para_id": [1], "sent_id": [1], "part": ["body"], "text": ["x"]}
        ),
        paragraphs=pd.DataFrame(),
    )
    units = themes_findings.label_units(themes.make_units(corpus), corpus.documents)
    assert units["unit_id"].tolist() == ["2008 Tashkent #s1"]


def test_theme_findings_say_which_way_the_largest_lean_goes_and_call_ties() -> None:
    from helpers.analysis import themes_findings

    # three trafficking-only units, two smuggling-only; "a" and "b" lean equally to trafficking
    matrix = pd.DataFrame(
        {
            "trafficking": [True, True, True, False, False],
            "smuggling": [False, False, False, True, True],
            "a": [True, True, False, False, False],
            "b": [True, True, False, False, False],
            "c": [False, False, False, True, True],
        }
    )
    found = [f.text for f in themes_findings.crime_findings(matrix)]
    assert "tied with b for the largest lean towards trafficking" in found[1]
    assert "the largest lean towards smuggling" in found[2]


def test_theme_findings_say_when_one_document_carries_a_crime() -> None:
    from helpers.analysis import themes_findings

    matrix = pd.DataFrame(
        {
            "trafficking": [True, True, True, False, False],
            "smuggling": [False, False, False, True, True],
            "a": [True, True, False, False, True],
        }
    )
    units = pd.DataFrame(
        {"doc_id": list("xxxyz"), "unit_id": ["2013 Kyiv #s1", "2013 Kyiv #s2", "2013 Kyiv #s3.1",
                                              "2008 Tashkent #s4", "2017 Sarajevo #s5"]}
    )  # fmt: skip
    documents = themes_findings.unit_documents(units)
    assert documents.tolist()[:3] == ["2013 Kyiv"] * 3
    found = [f.text for f in themes_findings.crime_findings(matrix, documents)]
    assert "All 3 trafficking-only units come from one document (2013 Kyiv)." in found[1]
