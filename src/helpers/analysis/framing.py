"""Tests and coding-choice sensitivity of notebook 02's framing.

The second axis counts units (``crime_units``): a sentence naming one crime is a unit of
it; a contrast sentence ("whereas", "unlike") is two clauses, each its crime's; another
sentence naming both is a ``both`` unit, reported apart. Security and rights words are
tested against the Palermo expectation; frames and tests are redone under the reasonable
alternatives to the coding rules.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace

import pandas as pd
from scipy.stats import permutation_test

from helpers.analysis.findings import (
    Finding,
    compare,
    describe_share,
    finding,
    format_p,
    opening,
    stack_variants,
    strength_of,
)  # fmt: skip
from helpers.analysis.stats import fisher_exact
from helpers.base.checks import require_columns
from helpers.reading.framing import CRIMES, FRAMES, Analysis, analyse, decide, frame_counts
from helpers.reading.views import FLAG_INPUTS, unit_flags, whole_sentences
from helpers.rules.cues import Cues

__all__ = ["LEADER_COLUMNS", "SENSITIVITY_COLUMNS", "AXIS_COLUMNS",
           "SECURITY_RIGHTS_COUNT_COLUMNS", "VARIANTS", "crime_units", "document_level_tests",
           "frame_counts_long", "frame_variants", "refugee_only", "security_rights_by_year",
           "security_rights_counts", "security_rights_from_counts", "second_axis_variants",
           "security_rights_by_document", "security_rights_findings", "security_rights_tests",
           "sensitivity_table", "surviving_leaders"]  # fmt: skip

AXIS_COLUMNS: tuple[str, ...] = (
    "doc_id", "document", "year", "sent_id", "unit_id", "crime", "split", "security", "rights",
    "refugee", "defining_security", "defining_rights", "negated_security", "negated_rights",
    "text",
)  # fmt: skip
SECURITY_RIGHTS_COUNT_COLUMNS: tuple[str, ...] = (
    "year", "crime", "n", "security", "rights", "refugee",
)  # fmt: skip
_VOCABULARIES = ("security", "rights", "refugee")
SENSITIVITY_COLUMNS: tuple[str, ...] = ("decision", "variant", "year", "frame", "n", "total")
LEADER_COLUMNS: tuple[str, ...] = ("year", "as_coded", "count", "leaders", "survives",
                                   "moves_under")  # fmt: skip
OTHER = {"trafficking": "smuggling", "smuggling": "trafficking"}


# --------------------------------------------------------------------------- units


def _analyses(texts: Sequence[str], cues: Cues) -> list[Analysis]:
    """``analyse`` of each text, each distinct text analysed once (texts recur in large corpora)."""
    analysed = {text: analyse(text, cues) for text in dict.fromkeys(texts)}
    return [analysed[text] for text in texts]


def crime_units(units: pd.DataFrame) -> pd.DataFrame:
    """The units of the second axis, from the annotation table (``units.unit_flags``).

    Out: ``AXIS_COLUMNS`` for units whose crime is trafficking, smuggling or both: ``split``
    (a clause of a contrast sentence), the vocabulary words that count (names masked, negated
    and distinction-defining words left out) and those left out.
    """
    require_columns(units, list(FLAG_INPUTS), "crime_units")
    return unit_flags(units)[list(AXIS_COLUMNS)]


# --------------------------------------------------------------------------- tests

_EXPECTATIONS = {"security": ("smuggling", "trafficking", "a crime against the State"),
                 "rights": ("trafficking", "smuggling", "a crime against the person")}  # fmt: skip


def security_rights_tests(units: pd.DataFrame) -> list[Finding]:
    """Fisher's exact test of the Palermo expectation (security words more often with
    smuggling, rights words with trafficking), ``both`` units left out. Out: two findings.
    """
    require_columns(units, ["crime", "security", "rights"], "security_rights_tests")
    totals = units[["crime", *_EXPECTATIONS]].assign(n=1).groupby("crime").sum()
    documents = None
    if "document" in units.columns:
        documents = {crime: units.loc[units["crime"] == crime, "document"] for crime in CRIMES}
    return security_rights_findings(totals, documents)


def security_rights_findings(
    totals: pd.DataFrame, documents: Mapping[str, pd.Series] | None = None
) -> list[Finding]:
    """:func:`security_rights_tests` from counts: ``n, security, rights`` units per crime (the
    index; summed :func:`security_rights_counts` will do), and each unit's document if known.
    """
    require_columns(totals, ["n", *_EXPECTATIONS], "security_rights_findings")
    found = []
    for vocabulary, (more, less, why) in _EXPECTATIONS.items():
        (k1, n1), (k2, n2) = (
            (int(totals.at[c, vocabulary]), int(totals.at[c, "n"])) if c in totals.index else (0, 0)
            for c in (more, less)
        )  # fmt: skip
        claim = f"{vocabulary} words occur more often with {more} ({why}) than with {less}"
        pair = (documents[more], documents[less]) if documents is not None else None
        found.append(compare(claim, more, k1, n1, less, k2, n2, unit="units", documents=pair))
    return found


def security_rights_by_document(units: pd.DataFrame) -> pd.DataFrame:
    """``document, crime, n, security, rights`` per document and crime: whether a pooled
    difference is one of documents.
    """
    require_columns(
        units, ["document", "crime", "security", "rights"], "security_rights_by_document"
    )
    part = units[units["crime"].isin(CRIMES)]
    rows = []
    for document, group in part.groupby("document", sort=False):
        for crime in CRIMES:
            mine = group[group["crime"] == crime]
            if len(mine):
                rows.append(
                    {"document": document, "crime": crime, "n": len(mine),
                     "security": int(mine["security"].sum()), "rights": int(mine["rights"].sum())}
                )  # fmt: skip
    return pd.DataFrame(rows, columns=["document", "crime", "n", "security", "rights"])


def document_level_tests(units: pd.DataFrame) -> list[Finding]:
    """The Palermo expectation with each document counted once per crime: documents' mean
    shares compared by a two-sided ``scipy.stats.permutation_test`` (exact below 9,999
    permutations, else 9,999 resamples of seed 0). Not significant reads inconclusive: a
    handful of documents cannot rule a difference out.
    """
    table = security_rights_by_document(units)
    found = []
    for vocabulary, (more, less, why) in _EXPECTATIONS.items():
        shares = {
            crime: (table.loc[table["crime"] == crime, vocabulary]
                    / table.loc[table["crime"] == crime, "n"]).to_numpy(dtype=float)
            for crime in (more, less)
        }  # fmt: skip
        x, y = shares[more], shares[less]
        claim = f"{vocabulary} words occur more often with {more} ({why}) than with {less}"
        if len(x) < 2 or len(y) < 2:
            text = (
                f"Not testable document by document: {len(x)} document(s) with {more} units "
                f"and {len(y)} with {less} units."
            )
            found.append(finding(text, claim, "no evidence", len(x) + len(y),
                                 test="permutation test over documents"))  # fmt: skip
            continue
        result = permutation_test((x, y), lambda a, b: a.mean() - b.mean(),
                                  permutation_type="independent", alternative="two-sided",
                                  n_resamples=9999, random_state=0)  # fmt: skip
        effect, p_value = float(x.mean() - y.mean()), float(result.pvalue)
        strength = strength_of(p_value, effect)
        if strength == "no evidence":
            strength = "inconclusive"
        text = (
            f"{opening(strength, claim, unit='documents')}: document by document, "
            f"{more} units use {vocabulary} words in {100 * x.mean():.0f}% on average over the "
            f"{len(x)} documents with {more} units, against {100 * y.mean():.0f}% over the "
            f"{len(y)} documents with {less} units; difference {100 * effect:+.0f} points, "
            f"permutation test over documents {format_p(p_value)}."
        )
        test = "permutation test over documents (scipy.stats.permutation_test)"
        found.append(finding(text, claim, strength, len(x) + len(y), effect, p_value=p_value,
                             test=test))  # fmt: skip
    return found


def security_rights_by_year(units: pd.DataFrame) -> pd.DataFrame:
    """The counts behind the security/rights figure: ``crime, year, vocabulary, n, k, share,
    p_value`` per crime (and ``both``), year (as text; ``all`` pooled) and vocabulary; p is
    Fisher's exact test of trafficking against smuggling units (NaN for ``both``).
    """
    require_columns(
        units, ["crime", "year", "security", "rights", "refugee"], "security_rights_by_year"
    )
    return security_rights_from_counts(security_rights_counts(units))


def security_rights_counts(units: pd.DataFrame) -> pd.DataFrame:
    """``SECURITY_RIGHTS_COUNT_COLUMNS`` per year and crime: counts that add up over parts."""
    flags = units[["year", "crime", *_VOCABULARIES]].astype({v: "int64" for v in _VOCABULARIES})
    grouped = flags.assign(n=1).groupby(["year", "crime"], sort=True)
    counts = grouped[["n", *_VOCABULARIES]].sum().reset_index()
    counts["year"] = counts["year"].astype("int64")
    return counts[list(SECURITY_RIGHTS_COUNT_COLUMNS)]


def security_rights_from_counts(counts: pd.DataFrame) -> pd.DataFrame:
    """:func:`security_rights_by_year` from summed :func:`security_rights_counts`."""
    counts = counts.groupby(["year", "crime"], sort=True)[["n", *_VOCABULARIES]].sum()
    years = [str(y) for y in sorted(counts.index.get_level_values("year").unique())] + ["all"]
    rows = []
    for year in years:
        part = counts.groupby(level="crime").sum() if year == "all" else counts.xs(
            int(year), level="year"
        )  # fmt: skip
        for vocabulary in _VOCABULARIES:
            counts_of = {
                crime: (int(part.at[crime, vocabulary]), int(part.at[crime, "n"]))
                if crime in part.index else (0, 0)
                for crime in (*CRIMES, "both")
            }  # fmt: skip
            (k1, n1), (k2, n2) = counts_of["trafficking"], counts_of["smuggling"]
            p_value = fisher_exact(k1, n1, k2, n2)[1] if n1 and n2 else math.nan
            for crime, (k, n) in counts_of.items():
                rows.append(
                    {"crime": crime, "year": year, "vocabulary": vocabulary, "n": n, "k": k,
                     "share": k / n if n else math.nan,
                     "p_value": p_value if crime in CRIMES else math.nan}
                )  # fmt: skip
    return pd.DataFrame(rows, columns=["crime", "year", "vocabulary", "n", "k", "share", "p_value"])


def refugee_only(units: pd.DataFrame, crime: str = "smuggling") -> Finding:
    """How many units of ``crime`` have refugee words and no other rights word: those a list
    merging refugee protection into human rights would count as rights framing.
    """
    require_columns(units, ["crime", "rights", "refugee"], "refugee_only")
    part = units[units["crime"] == crime]
    k = int((part["refugee"] & ~part["rights"]).sum())
    return describe_share(
        k,
        len(part),
        "units naming both crimes" if crime == "both" else f"{crime} units",
        "have refugee vocabulary (refugees, asylum, international protection) and no "
        "other rights word, so a list merging the two would have counted them as rights framing",
    )


# --------------------------------------------------------------------------- sensitivity


def _as_coded(analysis: Analysis) -> Analysis:
    return analysis


def _no_umbrella_in_names(analysis: Analysis) -> Analysis:
    keep = tuple(
        span
        for span in analysis.spans
        if not (
            span.list == "umbrella"
            and any(start <= span.start < end for start, end in analysis.names)
        )
    )
    return replace(analysis, spans=keep)


def _crimes_in_names_count(analysis: Analysis) -> Analysis:
    spans = analysis.spans + analysis.trafficking_in_names + analysis.smuggling_in_names
    return replace(analysis, spans=tuple(sorted(spans, key=lambda s: (s.start, s.end, s.list))),
                   trafficking_in_names=(), smuggling_in_names=())  # fmt: skip


VARIANTS: Mapping[tuple[str, str], tuple[Callable[[Analysis], Analysis], bool]] = {
    ("as coded", "as coded (the cues of data/framing_cues.csv)"): (_as_coded, True),
    ("names", "umbrella labels inside names not counted"): (_no_umbrella_in_names, True),
    ("names", "crime words inside names count as mentions"): (_crimes_in_names_count, True),
    ("titles", "titles left out"): (_as_coded, False),
}
"""(decision, variant) -> (how the analysis changes, whether titles count)."""


def frame_variants(framed: pd.DataFrame, cues: Cues) -> dict[tuple[str, str], pd.DataFrame]:
    """The framed sentences under each coding variant of ``VARIANTS``.

    In: ``frame_sentences`` (with ``part``); the cues. No variant adds a frame, so the framed
    sentences suffice. Out: (decision, variant) -> the sentences re-framed, unframed dropped.
    """
    require_columns(framed, ["sentence", "part", "frame", "year"], "frame_variants")
    out = {}
    analyses = _analyses(framed["sentence"].tolist(), cues)
    not_title = (framed["part"] != "title").to_numpy()
    for key, (change, titles) in VARIANTS.items():
        keep = [titles or bool(flag) for flag in not_title]
        table = framed[keep]
        decided: dict[int, tuple] = {}
        for analysis, kept in zip(analyses, keep, strict=True):
            if kept and id(analysis) not in decided:
                decided[id(analysis)] = decide(change(analysis))
        results = [decided[id(a)] for a, kept in zip(analyses, keep, strict=True) if kept]
        copy = table.copy()
        copy["frame"] = [frame for frame, _ in results]
        copy["cues"] = ["; ".join(words) for _, words in results]
        out[key] = copy[copy["frame"].notna()].reset_index(drop=True)
    return out


def sensitivity_table(
    variants: Mapping[tuple[str, str], pd.DataFrame], years: Sequence[int]
) -> pd.DataFrame:
    """``SENSITIVITY_COLUMNS``: frame counts per variant, year and frame (zeros kept)."""
    tables = {
        key: frame_counts_long(frame_counts(table, years=years, shares=False))
        for key, table in variants.items()
    }
    return stack_variants(tables)[list(SENSITIVITY_COLUMNS)]


def frame_counts_long(counts: pd.DataFrame) -> pd.DataFrame:
    """In: ``frame_counts`` (by year). Out: ``year, frame, n, total``, a row per year and frame
    (``FRAMES`` order), zeros kept.
    """
    long = counts[list(FRAMES)].rename_axis(columns="frame").stack().rename("n").reset_index()
    long = long.merge(counts["total"].rename("total").reset_index(), on="year")
    long = long.sort_values("year", kind="stable").reset_index(drop=True)
    return long[["year", "frame", "n", "total"]].astype(
        {"year": "int64", "n": "int64", "total": "int64"}
    )


def surviving_leaders(table: pd.DataFrame) -> pd.DataFrame:
    """Whether each year's most frequent frame is the same under every variant.

    Out: ``LEADER_COLUMNS``: the leader(s) as coded and ``count`` ('4 of 10'); ``leaders``
    under the other variants ('variant: frame k of n'); ``survives`` (leads, alone or tied,
    under all); ``moves_under`` (the variants where it does not).
    """
    require_columns(table, list(SENSITIVITY_COLUMNS), "surviving_leaders")
    rows = []
    for year, part in table.groupby("year", sort=True):
        leaders = {}
        for (decision, variant), rows_v in part.groupby(["decision", "variant"], sort=False):
            top = rows_v["n"].max()
            frames = rows_v.loc[(rows_v["n"] == top) & (top > 0), "frame"].tolist()
            leaders[(decision, variant)] = (frames, int(top), int(rows_v["total"].iloc[0]))
        coded_key = next(iter(leaders))
        coded, k, n = leaders[coded_key]
        others = {key: value for key, value in leaders.items() if key != coded_key}
        survives = bool(coded) and all(
            any(frame in frames for frame in coded) for frames, _, _ in others.values()
        )

        def listed(items: Mapping) -> str:
            return "; ".join(
                f"{variant}: {'/'.join(frames) or 'none'} {kk} of {nn}"
                for (_, variant), (frames, kk, nn) in items.items()
            )

        moved = {
            key: value
            for key, value in others.items()
            if not any(frame in value[0] for frame in coded)
        }
        rows.append({"year": int(year), "as_coded": "/".join(coded) or "none",
                     "count": f"{k} of {n}", "leaders": listed(others), "survives": survives,
                     "moves_under": listed(moved)})  # fmt: skip
    return pd.DataFrame(rows, columns=list(LEADER_COLUMNS))


def _both_for_both(units: pd.DataFrame) -> pd.DataFrame:
    both = units[units["crime"] == "both"]
    return pd.concat([units[units["crime"] != "both"], both.assign(crime="trafficking"),
                     both.assign(crime="smuggling")], ignore_index=True)  # fmt: skip


def second_axis_variants(units: pd.DataFrame) -> pd.DataFrame:
    """The Palermo tests under other coding choices, all derived from the annotation table:
    as coded; no clause split; both-crime sentences counted for each crime; refugee words as
    rights words; distinction-defining words counted; negated words counted.

    Out: ``variant, vocabulary, k_expected, n_expected, k_other, n_other, difference,
    p_value, strength`` ("expected": the crime the expectation names).
    """
    coded = crime_units(units)
    variants = {
        "as coded (clauses split, both-crime sentences apart)": coded,
        "no clause split": crime_units(whole_sentences(units)),
        "both-crime sentences counted for each crime": _both_for_both(coded),
        "refugee words counted as rights words": coded.assign(
            rights=coded["rights"] | coded["refugee"]
        ),
        "distinction-defining words counted": coded.assign(
            security=coded["security"] | coded["defining_security"],
            rights=coded["rights"] | coded["defining_rights"],
        ),
        "negated words counted": coded.assign(
            security=coded["security"] | coded["negated_security"],
            rights=coded["rights"] | coded["negated_rights"],
        ),
    }
    rows = []
    for variant, table in variants.items():
        for vocabulary, found in zip(_EXPECTATIONS, security_rights_tests(table), strict=True):
            more, less, _ = _EXPECTATIONS[vocabulary]
            rows.append({"variant": variant, "vocabulary": vocabulary,
                         "k_expected": int(table.loc[table["crime"] == more, vocabulary].sum()),
                         "n_expected": int((table["crime"] == more).sum()),
                         "k_other": int(table.loc[table["crime"] == less, vocabulary].sum()),
                         "n_other": int((table["crime"] == less).sum()),
                         "difference": found.effect, "p_value": found.p_value,
                         "strength": found.strength})  # fmt: skip
    return pd.DataFrame(rows)
