"""How much the theme findings depend on the coding choices (refugee protection as victim
protection, words inside names, titles as units): themes counted and the headline
period comparisons tested again under each alternative.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd

from helpers.analysis.findings import compare
from helpers.analysis.periods import check_periods, period_of
from helpers.analysis.stats import benjamini_hochberg, fisher_exact
from helpers.base.checks import require_columns
from helpers.reading.themes import Codebook, theme_matches, theme_matrix

__all__ = ["PAIR_JOIN", "SENSITIVITY_COLUMNS", "TEST_COLUMNS", "merge_theme", "period_tests",
           "sensitivity_counts", "survival", "theme_matrix_variant"]  # fmt: skip

SENSITIVITY_COLUMNS = ["year", "theme", "n", "total"]
TEST_COLUMNS = ["decision", "variant", "theme", "k_first", "n_first", "k_second", "n_second",
                "difference", "ci_low", "ci_high", "p_value", "q", "strength", "text"]  # fmt: skip
PAIR_JOIN = " + "


def theme_matrix_variant(
    units: pd.DataFrame, codebook: Codebook, count_names: bool = False
) -> pd.DataFrame:
    """The theme matrix, a match inside a name counted (``count_names``) or not (as
    ``theme_matrix``).
    """
    require_columns(units, ["text"], "theme_matrix_variant")
    if not count_names:
        return theme_matrix(units, codebook)
    matches = theme_matches(units, codebook, statuses=("counted", "in name"))
    out = pd.DataFrame(False, index=units.index, columns=list(codebook.names), dtype=bool)
    for row, theme in zip(matches["row"], matches["theme"], strict=True):
        out.at[row, theme] = True
    return out


def merge_theme(table: pd.DataFrame, source: str, target: str) -> pd.DataFrame:
    """A codebook table in which ``target`` no longer excludes ``source``'s patterns (source
    kept); ValueError names a theme not in the table.
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
    """Units with each theme, or pair "a + b" (units with both), per year:
    ``SENSITIVITY_COLUMNS``; ValueError names a theme the matrix lacks.
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
    """In each variant, whether each theme is more frequent in the second period.

    In: ``stack_variants`` of :func:`sensitivity_counts`; two periods; optionally documents
    per year (said in the sentence). Out: ``TEST_COLUMNS``: counts, difference (second minus
    first) with its Newcombe interval, Fisher's p, the Benjamini-Hochberg q over the themes of
    the variant (the strength follows it), the sentence.
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
    for decision, variant, theme, k1, n1, k2, n2, p, q, m in frame.itertuples(index=False):
        finding = compare(f"{theme} is more frequent in {second} than in {first}", second, k1, n1,
                          first, k2, n2, unit="units", q_value=float(q) if m > 1 else None,
                          n_tests=int(m))  # fmt: skip
        rows.append({"decision": decision, "variant": variant, "theme": theme, "k_first": k2,
                     "n_first": n2, "k_second": k1, "n_second": n1, "difference": finding.effect,
                     "ci_low": finding.ci_low, "ci_high": finding.ci_high,
                     "p_value": p, "q": float(q),
                     "strength": finding.strength, "text": finding.text + note})  # fmt: skip
    return pd.DataFrame(rows, columns=TEST_COLUMNS)


def survival(tests: pd.DataFrame, baseline: tuple[str, str]) -> pd.DataFrame:
    """Which findings keep their baseline strength under every variant.

    Out: per theme ``baseline_strength, variants, same, survives, differs_in,
    baseline_text, text``; ValueError when the baseline is not among the variants.
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
        rows.append({"theme": row.theme, "baseline_strength": row.strength, "variants": len(part),
                     "same": len(part) - len(other), "survives": other.empty, "differs_in": where,
                     "baseline_text": row.text, "text": text})  # fmt: skip
    return pd.DataFrame(rows)
