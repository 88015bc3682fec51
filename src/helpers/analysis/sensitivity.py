"""How much the theme findings depend on the coding choices: the sensitivity table.

A theme count rests on choices: whether refugee protection counts as victim
protection, whether a word inside a name (the title of a workshop, an office)
counts, whether a document's title is a unit of its own. This module counts the
themes under each alternative and tests the headline comparisons again:

- :func:`theme_matrix_variant`: the theme matrix with words inside names
  counted or not;
- :func:`merge_theme`: a codebook table in which one theme's phrases are no
  longer excluded from another (refugee protection back inside ``victims``);
- :func:`sensitivity_counts`: units with each theme (or pair, "a + b") per year;
- :func:`period_tests`: for each variant and headline theme, the comparison of
  two periods (Fisher's exact test, corrected for the themes tested together,
  via ``helpers.analysis.findings.compare``);
- :func:`survival`: which findings keep their strength under every variant.

Pure functions; nothing is printed or written; importing changes no setting.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd

from helpers.analysis.findings import compare
from helpers.analysis.periods import check_periods, period_of
from helpers.analysis.stats import benjamini_hochberg, fisher_exact
from helpers.base.checks import require_columns
from helpers.reading.themes import Codebook, theme_matches, theme_matrix

__all__ = [
    "PAIR_JOIN",
    "SENSITIVITY_COLUMNS",
    "TEST_COLUMNS",
    "merge_theme",
    "period_tests",
    "sensitivity_counts",
    "survival",
    "theme_matrix_variant",
]

SENSITIVITY_COLUMNS = ["year", "theme", "n", "total"]
TEST_COLUMNS = [
    "decision",
    "variant",
    "theme",
    "k_first",
    "n_first",
    "k_second",
    "n_second",
    "difference",
    "ci_low",
    "ci_high",
    "p_value",
    "q",
    "strength",
    "text",
]
PAIR_JOIN = " + "


def theme_matrix_variant(
    units: pd.DataFrame, codebook: Codebook, count_names: bool = False
) -> pd.DataFrame:
    """The theme matrix, with words inside names counted or not.

    In: units (``themes.make_units``); the codebook; ``count_names``: False
    gives ``themes.theme_matrix`` itself (a match inside a name does not
    count); True counts a match inside a name as well (status ``in name``).
    Out: one row per unit, one boolean column per theme.
    """
    if not count_names:
        return theme_matrix(units, codebook)
    matches = theme_matches(units, codebook, statuses=("counted", "in name"))
    out = pd.DataFrame(False, index=units.index, columns=list(codebook.names), dtype=bool)
    for row, theme in zip(matches["row"], matches["theme"], strict=True):
        out.at[row, theme] = True
    return out


def merge_theme(table: pd.DataFrame, source: str, target: str) -> pd.DataFrame:
    """A codebook table in which ``source``'s phrases count for ``target`` again.

    In: a codebook table (``theme, patterns, exclude``); the theme whose
    patterns ``target`` excludes (``refugee_protection``); the theme
    (``victims``). Out: a copy in which ``target``'s ``exclude`` no longer
    holds any of ``source``'s patterns (the source theme itself is kept).
    Raises ValueError naming a theme that is not in the table.
    """
    require_columns(table, ["theme", "patterns", "exclude"], "merge_theme")
    for theme in (source, target):
        if theme not in set(table["theme"]):
            raise ValueError(f"theme {theme!r} is not in the codebook table")
    out = table.copy()
    split = lambda cell: [p.strip() for p in str(cell).split(";") if p.strip()]  # noqa: E731
    dropped = set(split(out.loc[out["theme"] == source, "patterns"].iloc[0]))
    where = out.index[out["theme"] == target][0]
    kept = [p for p in split(out.at[where, "exclude"]) if p not in dropped]
    out.at[where, "exclude"] = "; ".join(kept)
    return out


def sensitivity_counts(
    units: pd.DataFrame, matrix: pd.DataFrame, themes: Sequence[str]
) -> pd.DataFrame:
    """Units with each theme, or each pair of themes, per year.

    In: units with ``year``; their theme matrix; the themes to count: a theme
    name, or a pair written ``"a + b"`` (units with both). Out: one row per
    year and theme, ``SENSITIVITY_COLUMNS``: ``n`` units with it of ``total``
    units in that year. Raises ValueError naming a theme the matrix lacks.
    """
    require_columns(units, ["year"], "sensitivity_counts")
    rows = []
    for theme in themes:
        parts = [part.strip() for part in theme.split(PAIR_JOIN.strip())]
        for part in parts:
            if part not in matrix.columns:
                raise ValueError(f"theme {part!r} is not in the theme matrix")
        has = matrix[parts].all(axis=1)
        for year, flags in has.groupby(units["year"].to_numpy(), sort=True):
            rows.append(
                {"year": int(year), "theme": theme, "n": int(flags.sum()), "total": len(flags)}
            )
    return pd.DataFrame(rows, columns=SENSITIVITY_COLUMNS)


def period_tests(
    sensitivity: pd.DataFrame,
    periods: Mapping[str, tuple[int, int]],
    documents_per_year: Mapping[int, int] | None = None,
) -> pd.DataFrame:
    """Test, in each variant, whether each theme is more frequent in the second period.

    In: the sensitivity table (``decision, variant`` and ``SENSITIVITY_COLUMNS``,
    as ``findings.stack_variants`` makes it); two periods (first and last
    year); optionally the documents of each year, to say how many documents
    each period holds. Out: one row per variant and theme, ``TEST_COLUMNS``:
    the counts in each period, the difference of shares (second minus first)
    with its Newcombe interval, Fisher's exact p, its Benjamini-Hochberg ``q``
    over the themes tested in the same variant (they are tested together), the
    strength word (from q when more than one theme is tested) and the sentence
    (``findings.compare``).
    """
    columns = ["decision", "variant", *SENSITIVITY_COLUMNS]
    require_columns(sensitivity, columns, "period_tests")
    labels = list(check_periods(periods))
    if len(labels) != 2:
        raise ValueError(f"expected two periods, got {labels}")
    first, second = labels
    table = sensitivity.assign(period=period_of(sensitivity["year"], periods).to_numpy())
    note = ""
    if documents_per_year is not None:
        docs = {
            label: sum(
                int(documents_per_year.get(int(y), 0))
                for y in table.loc[table["period"] == label, "year"].unique()
            )
            for label in labels
        }
        note = f" {first} holds {docs[first]} document(s), {second} {docs[second]}."
    counted = []
    keys = ["decision", "variant", "theme"]
    for (decision, variant, theme), part in table.groupby(keys, sort=False):
        sums = part.groupby("period")[["n", "total"]].sum()
        k1, n1 = (int(sums.at[second, c]) if second in sums.index else 0 for c in ("n", "total"))
        k2, n2 = (int(sums.at[first, c]) if first in sums.index else 0 for c in ("n", "total"))
        counted.append((decision, variant, theme, k1, n1, k2, n2, fisher_exact(k1, n1, k2, n2)[1]))
    # The headline themes are tested together, so each variant's p-values are corrected
    # for their number (Benjamini-Hochberg) and the strength word follows q.
    frame = pd.DataFrame(counted, columns=["decision", "variant", "theme", *"abcd", "p"])
    frame["q"] = frame.groupby(["decision", "variant"], sort=False)["p"].transform(
        lambda p: pd.Series(benjamini_hochberg(p.to_numpy()), index=p.index)
    )
    frame["m"] = frame.groupby(["decision", "variant"], sort=False)["p"].transform("size")
    rows = []
    for decision, variant, theme, k1, n1, k2, n2, _, q, m in frame.itertuples(index=False):
        finding = compare(
            f"{theme} is more frequent in {second} than in {first}",
            second,
            k1,
            n1,
            first,
            k2,
            n2,
            unit="units",
            q_value=float(q) if m > 1 else None,
            n_tests=int(m),
        )
        rows.append(
            {
                "decision": decision,
                "variant": variant,
                "theme": theme,
                "k_first": k2,
                "n_first": n2,
                "k_second": k1,
                "n_second": n1,
                "difference": finding.effect,
                "ci_low": finding.ci_low,
                "ci_high": finding.ci_high,
                "p_value": fisher_exact(k1, n1, k2, n2)[1],
                "q": float(q),
                "strength": finding.strength,
                "text": finding.text + note,
            }
        )
    return pd.DataFrame(rows, columns=TEST_COLUMNS)


def survival(tests: pd.DataFrame, baseline: tuple[str, str]) -> pd.DataFrame:
    """Which findings keep the strength they have under the baseline coding.

    In: :func:`period_tests` (``decision, variant, theme, strength, text``);
    the baseline's ``(decision, variant)``. Out: one row per theme: ``theme,
    baseline_strength, variants`` (how many), ``same`` (how many variants give
    the baseline's strength), ``survives`` (True when all do), ``differs_in``
    (the variants that do not, '; '-joined), ``baseline_text`` (the baseline's
    finding) and ``text``, a sentence saying which codings keep it.
    """
    columns = ["decision", "variant", "theme", "strength", "text"]
    require_columns(tests, columns, "survival")
    base = tests[(tests["decision"] == baseline[0]) & (tests["variant"] == baseline[1])]
    if base.empty:
        raise ValueError(f"the baseline {baseline!r} is not among the variants")
    rows = []
    for row in base.itertuples(index=False):
        part = tests[tests["theme"] == row.theme]
        other = part[part["strength"] != row.strength]
        where = "; ".join(
            f"{v} ({s})" for v, s in zip(other["variant"], other["strength"], strict=True)
        )
        if other.empty:
            text = f"{row.theme}: '{row.strength}' under every one of the {len(part)} codings."
        else:
            text = (
                f"{row.theme}: '{row.strength}' as coded, but not under {len(other)} of the "
                f"{len(part)} codings: {where}."
            )
        rows.append(
            {
                "theme": row.theme,
                "baseline_strength": row.strength,
                "variants": len(part),
                "same": len(part) - len(other),
                "survives": other.empty,
                "differs_in": where,
                "baseline_text": row.text,
                "text": text,
            }
        )
    return pd.DataFrame(rows)
