"""Periods of years: one way to say which years belong together, for terms and themes.

A period is a label and a span of years. Notebooks write the spans as
``{label: (first year, last year)}`` (both inclusive), e.g.
``{"early": (2003, 2008), "late": (2013, 2017)}``; :func:`check_periods`
checks them (at least one, first <= last, no overlap).

- :func:`period_of`: the label of each year of a Series (None outside every span);
- :func:`period_table`: what each period holds in a table of units or documents;
- :func:`periods_by_range`: the spans as a mapping year -> label, for
  :func:`assign_periods`;
- :func:`assign_periods`: the label of each year under a *grouping*
  (``PeriodSpec``): None (each year its own period), a mapping year -> label
  or a function year -> label. ``terms_stats.pool_by_period`` pools texts by it.

Pure functions; importing changes no setting.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Mapping

import pandas as pd

from helpers.base.checks import require_columns

__all__ = [
    "PeriodSpec",
    "Spans",
    "assign_periods",
    "check_periods",
    "period_of",
    "period_table",
    "periods_by_range",
]

# The grouping of years into periods: None (each year its own period), a mapping
# year -> label or a function year -> label.
PeriodSpec = Mapping[int, Hashable] | Callable[[int], Hashable] | None
# Periods as spans of years: label -> (first year, last year), both inclusive.
Spans = Mapping[str, tuple[int, int]]


def check_periods(periods: Spans) -> dict[str, tuple[int, int]]:
    """Check periods given as ``{label: (first year, last year)}``.

    Out: the same, as a dict of int pairs. Raises ``ValueError`` when there is
    none, a first year is after its last year, or two periods overlap.
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


def period_of(years: pd.Series, periods: Spans) -> pd.Series:
    """The period label of each year (``None`` for a year in no period, or missing).

    In: a Series of years; the periods (``check_periods``). Out: a Series of
    labels, same index.
    """
    checked = check_periods(periods)

    def label(year: object) -> str | None:
        if pd.isna(year):
            return None
        for name, (first, last) in checked.items():
            if first <= int(year) <= last:
                return name
        return None

    return pd.Series([label(year) for year in years], index=years.index, dtype=object)


def period_table(units: pd.DataFrame, periods: Spans) -> pd.DataFrame:
    """What each period holds in the data.

    In: the units or documents (``doc_id, year``) and the periods. Out: one row
    per period in the order given: ``period, first, last, years`` (the years
    with units, ', '-joined; '' when none), ``n_documents, n_units``.
    """
    require_columns(units, ["doc_id", "year"], "period_table")
    labels = period_of(units["year"], periods)
    rows = []
    for name, (first, last) in check_periods(periods).items():
        inside = units[(labels == name).to_numpy()]
        years = sorted(int(y) for y in inside["year"].unique())
        rows.append(
            {
                "period": name,
                "first": first,
                "last": last,
                "years": ", ".join(map(str, years)),
                "n_documents": inside["doc_id"].nunique(),
                "n_units": len(inside),
            }
        )
    return pd.DataFrame(
        rows, columns=["period", "first", "last", "years", "n_documents", "n_units"]
    )


def periods_by_range(years: Iterable[int], ranges: Spans) -> dict[int, Hashable]:
    """Map each year to the label of the span (first, last, inclusive) it falls in.

    In: the years of the corpus; ``{"2003-2008": (2003, 2008), ...}`` (checked
    by :func:`check_periods`). Out: a dict for the years inside a span, for
    :func:`assign_periods`; years outside every span are left out.
    """
    check_periods(ranges)
    mapping = {}
    for year in sorted(set(int(y) for y in years)):
        for label, (first, last) in ranges.items():
            if first <= year <= last:
                mapping[year] = label
                break
    return mapping


def assign_periods(years: pd.Series, periods: PeriodSpec = None) -> pd.Series:
    """Return the period label of each year under a grouping.

    In: years; ``periods``: None (each year is its own period), a mapping
    year -> label (e.g. :func:`periods_by_range`), or a function year -> label.
    Out: a Series named ``period``, with None where a year has no period (such
    documents are left out).
    """
    if periods is None:
        labels = years.astype(int).astype(object)
    elif callable(periods):
        labels = years.astype(int).map(periods).astype(object)
    else:
        labels = years.astype(int).map(lambda year: periods.get(year)).astype(object)
    labels = labels.where(labels.notna(), None)
    return labels.rename("period")
