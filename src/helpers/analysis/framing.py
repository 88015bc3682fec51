"""Tests and coding-choice sensitivity for the framing of notebook 02.

:mod:`helpers.reading.framing` gives each sentence a frame and finds its security,
rights and refugee words. This module turns those into claims that can be
tested, and measures how much the coding choices weigh:

- :func:`crime_units`: the units of the second axis, read from the annotation
  table (``helpers.reading.units.build_units``), which decides them once for every
  notebook: a sentence naming one crime is one unit of that crime; a sentence
  that draws the legal line with a contrast word ("whereas", "unlike") is two
  clauses, each the unit of the crime it is about (a clause holding a Palermo
  element but no crime word stands for the other crime); any other sentence
  naming both crimes is a unit of its own, ``both``, reported apart: its words
  cannot be given to one crime.
- :func:`security_rights_tests`: Fisher's exact test of the Palermo
  expectation (security words more often with smuggling, rights words more
  often with trafficking) on the single-crime units, as
  :class:`helpers.analysis.findings.Finding`.
- :func:`security_rights_by_year`: the counts behind the figure, with p-values.
- :func:`refugee_only`: units whose only rights-like words are the refugee
  regime's (``refugee`` list), which a merged list would have counted as rights.
- :func:`frame_variants`, :func:`sensitivity_table`, :func:`surviving_leaders`:
  the frames under the reasonable alternatives to the coding rules.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace

import pandas as pd
from scipy.stats import permutation_test

from helpers.analysis.findings import (
    Finding,
    check_wording,
    compare,
    describe_share,
    format_p,
    opening,
    stack_variants,
    strength_of,
)
from helpers.analysis.stats import fisher_exact
from helpers.base.checks import require_columns
from helpers.reading.framing import CRIMES, FRAMES, Analysis, analyse, decide, frame_counts
from helpers.reading.views import FLAG_INPUTS, unit_flags, whole_sentences
from helpers.rules.cues import Cues

__all__ = [
    "LEADER_COLUMNS",
    "SENSITIVITY_COLUMNS",
    "AXIS_COLUMNS",
    "SECURITY_RIGHTS_COUNT_COLUMNS",
    "VARIANTS",
    "crime_units",
    "document_level_tests",
    "frame_variants",
    "refugee_only",
    "security_rights_by_year",
    "security_rights_counts",
    "security_rights_from_counts",
    "second_axis_variants",
    "security_rights_by_document",
    "security_rights_tests",
    "sensitivity_table",
    "surviving_leaders",
]

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
LEADER_COLUMNS: tuple[str, ...] = (
    "year",
    "as_coded",
    "count",
    "leaders",
    "survives",
    "moves_under",
)
OTHER = {"trafficking": "smuggling", "smuggling": "trafficking"}


# --------------------------------------------------------------------------- units


def _analyses(texts: Sequence[str], cues: Cues) -> list[Analysis]:
    """``analyse`` of each text, each distinct text analysed once (texts recur in large corpora)."""
    cache: dict[str, Analysis] = {}
    out = []
    for text in texts:
        if text not in cache:
            cache[text] = analyse(text, cues)
        out.append(cache[text])
    return out


def crime_units(units: pd.DataFrame) -> pd.DataFrame:
    """The units of the second axis: one per crime a sentence (or clause) is about.

    In: the annotation table (``helpers.reading.units.build_units``), or rows of it.
    Out: ``AXIS_COLUMNS``, one row per unit whose ``crime`` is ``trafficking``,
    ``smuggling`` or ``both``, in the table's order (``units.unit_flags``):
    ``split`` says whether the unit is a clause of a contrast sentence;
    ``security`` and ``rights`` whether a word of each list counts in it
    (names masked, negated and distinction-defining words left out);
    ``refugee``, ``defining_*`` and ``negated_*`` whether it holds a refugee
    word, a vocabulary word left out as distinction-defining, or a negated one.
    """
    require_columns(units, list(FLAG_INPUTS), "crime_units")
    return unit_flags(units)[list(AXIS_COLUMNS)]


# --------------------------------------------------------------------------- tests

_EXPECTATIONS = {
    "security": ("smuggling", "trafficking", "a crime against the State"),
    "rights": ("trafficking", "smuggling", "a crime against the person"),
}


def security_rights_tests(units: pd.DataFrame) -> list[Finding]:
    """Fisher's exact test of the Palermo expectation, one finding per vocabulary.

    In: the output of :func:`crime_units`. Out: two findings: security words
    more often in smuggling units than in trafficking units, and rights words
    more often in trafficking units than in smuggling units (``both`` units
    are left out: see :func:`crime_units`).
    """
    require_columns(units, ["crime", "security", "rights"], "security_rights_tests")
    found = []
    for vocabulary, (more, less, why) in _EXPECTATIONS.items():
        k1 = int(units.loc[units["crime"] == more, vocabulary].sum())
        n1 = int((units["crime"] == more).sum())
        k2 = int(units.loc[units["crime"] == less, vocabulary].sum())
        n2 = int((units["crime"] == less).sum())
        claim = f"{vocabulary} words occur more often with {more} ({why}) than with {less}"
        documents = None
        if "document" in units.columns:
            documents = (
                units.loc[units["crime"] == more, "document"],
                units.loc[units["crime"] == less, "document"],
            )
        found.append(compare(claim, more, k1, n1, less, k2, n2, unit="units", documents=documents))
    return found


def security_rights_by_document(units: pd.DataFrame) -> pd.DataFrame:
    """The units of each crime and their vocabulary, document by document.

    In: the output of :func:`crime_units` (with ``document``). Out: one row per
    document and crime (``trafficking``, ``smuggling``) with at least one unit:
    ``document, crime, n, security, rights`` (units, and units with each
    vocabulary), in the documents' order of appearance: the table that shows
    whether a pooled difference is one of documents.
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


def document_level_tests(
    units: pd.DataFrame, n_resamples: int = 9999, seed: int = 0
) -> list[Finding]:
    """The Palermo expectation tested with each document counted once per crime.

    In: the output of :func:`crime_units` (with ``document``); the resamples
    and the seed of the permutation test (exact when there are fewer
    permutations than ``n_resamples``). Each document with units of a crime
    gives one value, the share of those units with the vocabulary; the
    documents' mean shares of the two crimes are compared with a two-sided
    permutation test (``scipy.stats.permutation_test``, documents shuffled
    between the crimes). Out: two findings, as :func:`security_rights_tests`;
    a result that is not significant is worded inconclusive, since a handful
    of documents cannot rule a difference out.
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
            found.append(Finding(claim, "no evidence", len(x) + len(y), math.nan, math.nan,
                                 math.nan, math.nan, "permutation test over documents",
                                 check_wording(text)))  # fmt: skip
            continue
        result = permutation_test(
            (x, y),
            lambda a, b: a.mean() - b.mean(),
            permutation_type="independent",
            alternative="two-sided",
            n_resamples=n_resamples,
            random_state=seed,
        )
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
        found.append(
            Finding(claim, strength, len(x) + len(y), effect, math.nan, math.nan, p_value,
                    "permutation test over documents (scipy.stats.permutation_test)",
                    check_wording(text))
        )  # fmt: skip
    return found


def security_rights_by_year(units: pd.DataFrame) -> pd.DataFrame:
    """The counts behind the security/rights figure, with Fisher's exact p per year.

    In: the output of :func:`crime_units`. Out: ``crime, year, vocabulary, n,
    k, share, p_value``: for each crime (``trafficking``, ``smuggling``,
    ``both``), year and vocabulary (``security``, ``rights``, ``refugee``),
    the units and how many hold the vocabulary; ``year`` is the year as text,
    and ``all`` for the pooled row. ``p_value`` is Fisher's exact test of
    trafficking units against smuggling units for that year and vocabulary
    (the same on both rows; NaN for ``both`` and where a side has no unit).
    """
    require_columns(
        units, ["crime", "year", "security", "rights", "refugee"], "security_rights_by_year"
    )
    return security_rights_from_counts(security_rights_counts(units))


def security_rights_counts(units: pd.DataFrame) -> pd.DataFrame:
    """The counts behind :func:`security_rights_by_year`, which add up over parts of a corpus.

    In: the output of :func:`crime_units`. Out: ``SECURITY_RIGHTS_COUNT_COLUMNS``:
    one row per year and crime present, ``n`` its units and, per vocabulary,
    how many of them hold it.
    """
    require_columns(
        units, ["crime", "year", "security", "rights", "refugee"], "security_rights_counts"
    )
    flags = units[["year", "crime", *_VOCABULARIES]].astype({v: "int64" for v in _VOCABULARIES})
    grouped = flags.assign(n=1).groupby(["year", "crime"], sort=True)
    counts = grouped[["n", *_VOCABULARIES]].sum().reset_index()
    counts["year"] = counts["year"].astype("int64")
    return counts[list(SECURITY_RIGHTS_COUNT_COLUMNS)]


def security_rights_from_counts(counts: pd.DataFrame) -> pd.DataFrame:
    """:func:`security_rights_by_year` from :func:`security_rights_counts` (summed over parts).

    In: ``SECURITY_RIGHTS_COUNT_COLUMNS``, a year and crime on several rows
    added up. Out: as :func:`security_rights_by_year`.
    """
    require_columns(counts, list(SECURITY_RIGHTS_COUNT_COLUMNS), "security_rights_from_counts")
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
    """How many units of ``crime`` have refugee words and no rights word.

    In: the output of :func:`crime_units`; the crime (``trafficking``,
    ``smuggling`` or ``both``). Out: a finding "k of n smuggling units have
    their rights-like words only from the refugee vocabulary": the units a
    list that merged refugee protection into human rights would have counted
    as rights framing.
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
    return replace(
        analysis,
        spans=tuple(sorted(spans, key=lambda s: (s.start, s.end, s.list))),
        trafficking_in_names=(),
        smuggling_in_names=(),
    )


VARIANTS: Mapping[tuple[str, str], tuple[Callable[[Analysis], Analysis], bool]] = {
    ("as coded", "as coded (the cues of data/framing_cues.csv)"): (_as_coded, True),
    ("names", "umbrella labels inside names not counted"): (_no_umbrella_in_names, True),
    ("names", "crime words inside names count as mentions"): (_crimes_in_names_count, True),
    ("titles", "titles left out"): (_as_coded, False),
}
"""(decision, variant) -> (how the analysis changes, whether titles count)."""


def frame_variants(framed: pd.DataFrame, cues: Cues) -> dict[tuple[str, str], pd.DataFrame]:
    """The framed sentences under each coding variant of ``VARIANTS``.

    In: the output of ``frame_sentences`` (with ``part``: ``title`` for a
    page's title); the cues. Every variant can only move or remove frames of
    these sentences (none adds a frame to a sentence with none), so they are
    enough. Out: (decision, variant) -> a copy of ``framed`` with ``frame``
    and ``cues`` recomputed, sentences without a frame dropped.
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
    """Frame counts per year under each variant, in long form.

    In: the output of :func:`frame_variants`; the years to show. Out:
    ``SENSITIVITY_COLUMNS`` (``decision, variant, year, frame, n, total``):
    one row per variant, year and frame (``FRAMES`` order, zeros kept);
    ``total`` is the year's framed sentences under the variant.
    """
    tables = {}
    for key, table in variants.items():
        counts = frame_counts(table, years=years, shares=False)
        long = counts[list(FRAMES)].rename_axis(columns="frame").stack().rename("n").reset_index()
        long = long.merge(counts["total"].reset_index(), on="year")
        tables[key] = long[["year", "frame", "n", "total"]].astype(
            {"year": "int64", "n": "int64", "total": "int64"}
        )
    return stack_variants(tables)[list(SENSITIVITY_COLUMNS)]


def surviving_leaders(table: pd.DataFrame) -> pd.DataFrame:
    """Which year's most frequent frame is the same under every variant.

    In: the output of :func:`sensitivity_table`. Out: one row per year:
    ``year``, ``as_coded`` (the leading frame(s) as coded, ties joined by
    '/'), ``count`` ('4 of 10'), ``leaders`` (the leaders under each other
    variant, '; '-joined as 'variant: frame k of n'), ``survives`` (True when
    the coded leader leads, alone or tied, under every variant), ``moves_under``
    (the variants under which it does not, as in ``leaders``; '' when none).
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
        rows.append(
            {
                "year": int(year),
                "as_coded": "/".join(coded) or "none",
                "count": f"{k} of {n}",
                "leaders": listed(others),
                "survives": survives,
                "moves_under": listed(moved),
            }
        )
    return pd.DataFrame(rows, columns=list(LEADER_COLUMNS))


def _both_for_both(units: pd.DataFrame) -> pd.DataFrame:
    both = units[units["crime"] == "both"]
    return pd.concat(
        [
            units[units["crime"] != "both"],
            both.assign(crime="trafficking"),
            both.assign(crime="smuggling"),
        ],
        ignore_index=True,
    )


def second_axis_variants(units: pd.DataFrame) -> pd.DataFrame:
    """The Palermo tests of :func:`security_rights_tests` under other coding choices.

    In: the annotation table (``helpers.reading.units.build_units``). Every variant is
    derived from it, none re-reads the text. Out: one row per variant and
    vocabulary: ``variant, vocabulary, k_expected, n_expected, k_other,
    n_other, difference, p_value, strength`` ("expected" is the crime the
    expectation names: smuggling for security words, trafficking for rights
    words). The variants: as coded; no clause split of contrast sentences
    (``units.whole_sentences``); a sentence naming both crimes counted for
    each crime (and its words for both); refugee words counted as rights
    words; distinction-defining words counted (a security or rights word
    inside a Palermo element, such as "the State" in "a crime against the
    State"); negated words counted.
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
        for vocabulary, finding in zip(_EXPECTATIONS, security_rights_tests(table), strict=True):
            more, less, _ = _EXPECTATIONS[vocabulary]
            rows.append(
                {
                    "variant": variant,
                    "vocabulary": vocabulary,
                    "k_expected": int(table.loc[table["crime"] == more, vocabulary].sum()),
                    "n_expected": int((table["crime"] == more).sum()),
                    "k_other": int(table.loc[table["crime"] == less, vocabulary].sum()),
                    "n_other": int((table["crime"] == less).sum()),
                    "difference": finding.effect,
                    "p_value": finding.p_value,
                    "strength": finding.strength,
                }
            )
    return pd.DataFrame(rows)
