"""Periods of years, written ``{label: (first, last)}`` (inclusive), e.g. ``{"early": (2003,
2008), "late": (2013, 2017)}``, or a grouping (``PeriodSpec``: None, each year its own
period; a mapping or a function year -> label) for pooling texts.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Mapping

import pandas as pd

from helpers.base.checks import require_columns

__all__ = ["PeriodSpec", "Spans", "assign_periods", "check_periods", "period_of", "period_table",
           "periods_by_range"]  # fmt: skip

# The grouping of years into periods: None (each year its own period), a mapping
# year -> label or a function year -> label.
PeriodSpec = Mapping[int, Hashable] | Callable[[int], Hashable] | None
# Periods as spans of years: label -> (first year, last year), both inclusive.
Spans = Mapping[str, tuple[int, int]]


def check_periods(periods: Spans) -> dict[str, tuple[int, int]]:
    """The periods as a dict of int pairs; ValueError when there is none, a first year is
    after its last, or two overlap.
    """
    checked = {str(label): (int(first), int(last)) for label, (first, last) in periods.items()}
    if not checked:
        raise ValueError("give at least one period, e.g. {'early': (2003, 2008)}")
    for label, (first, last) in checked.items():
        if first > last:
            raise ValueError(f"period {label!r}: first year {first} is after last year {last}")
    spans = sorted(checked.items(), key=lambda item: item[1])
    for (label_a, (_, last_a)), (label_b, (first_b, _)) in zip(spans, spans[1:], strict=False):
        if first_b <= last_a:
            raise ValueError(f"periods {label_a!r} and {label_b!r} overlap")
    return checked


def _span_of(year: int, checked: dict[str, tuple[int, int]]) -> str | None:
    """The label of the checked span ``year`` falls in, or None."""
    for name, (first, last) in checked.items():
        if first <= int(year) <= last:
            return name
    return None


def period_of(years: pd.Series, periods: Spans) -> pd.Series:
    """The period label of each year of a Series (None outside every period)."""
    checked = check_periods(periods)
    labels = [None if pd.isna(year) else _span_of(year, checked) for year in years]
    return pd.Series(labels, index=years.index, dtype=object)


def period_table(units: pd.DataFrame, periods: Spans) -> pd.DataFrame:
    """What each period holds: ``period, first, last, years, n_documents, n_units``."""
    require_columns(units, ["doc_id", "year"], "period_table")
    labels = period_of(units["year"], periods)
    rows = []
    for name, (first, last) in check_periods(periods).items():
        inside = units[(labels == name).to_numpy()]
        years = sorted(int(y) for y in inside["year"].unique())
        rows.append({"period": name, "first": first, "last": last,
                     "years": ", ".join(map(str, years)),
                     "n_documents": inside["doc_id"].nunique(), "n_units": len(inside)
        })  # fmt: skip
    return pd.DataFrame(
        rows, columns=["period", "first", "last", "years", "n_documents", "n_units"]
    )


def periods_by_range(years: Iterable[int], ranges: Spans) -> dict[int, Hashable]:
    """Year -> label of the span it falls in (years outside every span left out)."""
    checked = check_periods(ranges)
    spans = {year: _span_of(year, checked) for year in sorted({int(y) for y in years})}
    return {year: label for year, label in spans.items() if label is not None}


def assign_periods(years: pd.Series, periods: PeriodSpec = None) -> pd.Series:
    """The period of each year under a grouping: a Series ``period`` (None: left out)."""
    if periods is None:
        labels = years.astype(int).astype(object)
    elif callable(periods):
        labels = years.astype(int).map(periods).astype(object)
    else:
        labels = years.astype(int).map(lambda year: periods.get(year)).astype(object)
    labels = labels.where(labels.notna(), None)
    return labels.rename("period")
