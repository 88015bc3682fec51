"""Tests for helpers.analysis.periods (one way to group years into periods) and
helpers.base.checks."""

from __future__ import annotations

import pandas as pd
import pytest

from helpers.analysis import keyness, periods
from helpers.analysis import terms as terms_stats
from helpers.analysis import themes as themes_counts
from helpers.base.checks import require_columns
from helpers.figures import overview as overview_figures
from helpers.reading import counted

SPANS = {"early": (2003, 2008), "late": (2013, 2017)}


def test_spans_and_groupings_agree() -> None:
    years = pd.Series([2003, 2008, 2010, 2013, 2017])
    by_span = periods.period_of(years, SPANS)
    mapping = periods.periods_by_range(years, SPANS)
    by_mapping = periods.assign_periods(years, mapping)
    assert by_span.tolist() == ["early", "early", None, "late", "late"]
    assert by_mapping.tolist() == by_span.tolist()
    assert by_mapping.name == "period"
    function = periods.assign_periods(years, lambda y: "late" if y > 2010 else "early")
    assert function.tolist() == ["early", "early", "early", "late", "late"]
    assert periods.assign_periods(years).tolist() == years.tolist()  # each year its own


def test_periods_by_range_checks_the_spans() -> None:
    with pytest.raises(ValueError, match="overlap"):
        periods.periods_by_range([2005], {"a": (2003, 2008), "b": (2008, 2010)})
    with pytest.raises(ValueError, match="after"):
        periods.periods_by_range([2005], {"a": (2008, 2003)})


def test_period_table_counts_documents_and_units() -> None:
    units = pd.DataFrame({"doc_id": ["a", "a", "b", "c"], "year": [2003, 2003, 2015, 2011]})
    table = periods.period_table(units, SPANS)
    assert table["period"].tolist() == ["early", "late"]
    assert table["n_documents"].tolist() == [1, 1]
    assert table["n_units"].tolist() == [2, 1]
    assert table["years"].tolist() == ["2003", "2015"]


def test_require_columns_names_what_is_missing() -> None:
    table = pd.DataFrame({"period": [1], "rank": [1]})
    require_columns(table, ["period", "rank"], "f")  # nothing missing: no error
    with pytest.raises(ValueError, match=r"^f: the table has no column 'term' \(it has: period"):
        require_columns(table, ["period", "term"], "f")
    with pytest.raises(ValueError, match="no columns 'term', 'tfidf'"):
        require_columns(table, ["term", "tfidf"], "f")
    with pytest.raises(ValueError, match="expected a DataFrame, got list"):
        require_columns([1, 2], ["term"], "f")


@pytest.mark.parametrize(
    ("call", "missing"),
    [
        (lambda t: periods.period_table(t, SPANS), "doc_id"),
        (lambda t: terms_stats.pool_by_period(t), "text"),
        (lambda t: counted.counted_documents(t), "unit_id"),
        (lambda t: overview_figures.plot_documents_per_year(t), "doc_type"),
        (lambda t: themes_counts.unmatched_by_year(t, t), "year"),
        (lambda t: keyness.keyness_caption(t, "a", "b", 3), "below_threshold"),
    ],
)
def test_public_functions_name_the_missing_column(call, missing: str) -> None:
    table = pd.DataFrame({"doc_id": ["a"], "year": [2003], "text": ["x"]})
    with pytest.raises(ValueError, match=f"no column.*'{missing}'"):
        call(table.drop(columns=[missing], errors="ignore"))
