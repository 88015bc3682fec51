"""Tests and coding-choice sensitivity for the framing of notebook 02.

:mod:`helpers.framing` gives each sentence a frame and finds its security,
rights and refugee words. This module turns those into claims that can be
tested, and measures how much the coding choices weigh:

- :func:`crime_units`: the units of the second axis. A sentence that names one
  crime is one unit of that crime. A sentence that draws the legal line with
  a contrast word ("whereas", "unlike") is split at it into two clauses, each
  the unit of the crime it is about; a clause that names no crime but holds a
  Palermo element stands for the crime the other clause does not name (so in
  "it is a crime against a person, whereas human smuggling is a crime against
  the State", "it" is trafficking). Any other sentence naming both crimes is a
  unit of its own, ``both``, reported apart: its words cannot be given to one
  crime.
- :func:`security_rights_tests`: Fisher's exact test of the Palermo
  expectation (security words more often with smuggling, rights words more
  often with trafficking) on the single-crime units, as
  :class:`helpers.findings.Finding`.
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

from .checks import require_columns
from .findings import Finding, compare, describe_share, stack_variants
from .framing import CRIMES, FRAMES, Analysis, analyse, decide, frame_counts
from .framing_cues import Cues
from .stats import fisher_exact

__all__ = [
    "LEADER_COLUMNS",
    "SENSITIVITY_COLUMNS",
    "UNIT_COLUMNS",
    "VARIANTS",
    "crime_units",
    "frame_variants",
    "refugee_only",
    "security_rights_by_year",
    "second_axis_variants",
    "security_rights_tests",
    "sensitivity_table",
    "surviving_leaders",
]

UNIT_COLUMNS: tuple[str, ...] = (
    "doc_id", "year", "sent_id", "crime", "split", "security", "rights", "refugee", "text",
)  # fmt: skip
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


def _sides(analysis: Analysis) -> list[tuple[str, int, int]] | None:
    """Split a contrast sentence into (crime, start, end) clauses, or None when it cannot be.

    The split is at the first contrast cue that has each crime on one side
    only. A side naming no crime takes the other crime when it holds a Palermo
    element of either crime (the sentence itself draws the line).
    """
    mentions = {crime: analysis.of(crime) for crime in CRIMES}
    elements = analysis.of("element_trafficking") + analysis.of("element_smuggling")
    for cue in analysis.of("distinction"):
        sides: dict[str, str | None] = {}
        for side, keep in (
            ("left", lambda s, c=cue: s.end <= c.start),
            ("right", lambda s, c=cue: s.start >= c.end),
        ):
            named = {crime for crime, spans in mentions.items() if any(keep(s) for s in spans)}
            sides[side] = named.pop() if len(named) == 1 else None if not named else "both"
            if sides[side] is None and not any(keep(e) for e in elements):
                sides[side] = "none"
        left, right = sides["left"], sides["right"]
        if "both" in (left, right) or "none" in (left, right) or left == right:
            continue
        left = left or OTHER[right]  # type: ignore[index]
        right = right or OTHER[left]
        if left == right:
            continue
        return [(left, 0, cue.start), (right, cue.end, len(analysis.text))]
    return None


def _analyses(texts: Sequence[str], cues: Cues) -> list[Analysis]:
    """``analyse`` of each text, each distinct text analysed once (texts recur in large corpora)."""
    cache: dict[str, Analysis] = {}
    out = []
    for text in texts:
        if text not in cache:
            cache[text] = analyse(text, cues)
        out.append(cache[text])
    return out


def _has(analysis: Analysis, name: str, start: int, end: int) -> bool:
    return any(start <= span.start and span.end <= end for span in analysis.of(name))


def crime_units(framed: pd.DataFrame, cues: Cues, split_contrasts: bool = True) -> pd.DataFrame:
    """The units of the second axis: one per crime a sentence (or clause) is about.

    In: the output of ``frame_sentences``; the cues; ``split_contrasts``
    (False: no clause split, a contrast sentence naming one crime is a unit of
    that crime and one naming both is ``both``). Out: ``UNIT_COLUMNS``, one
    row per unit, in ``framed``'s order: ``crime`` is ``trafficking``,
    ``smuggling`` or ``both``; ``split`` says whether the unit is a clause of a
    contrast sentence; ``security``, ``rights`` and ``refugee`` whether the
    unit holds words of each list (names masked). Sentences naming neither
    crime outside names give no unit.
    """
    require_columns(framed, ["doc_id", "year", "sent_id", "sentence"], "crime_units")
    rows = []
    analyses = _analyses(framed["sentence"].tolist(), cues)
    for row, analysis in zip(framed.itertuples(index=False), analyses, strict=True):
        named = [crime for crime in CRIMES if analysis.of(crime)]
        if not named:
            continue
        sides = _sides(analysis) if split_contrasts else None
        if sides is None:
            crime = named[0] if len(named) == 1 else "both"
            sides = [(crime, 0, len(analysis.text))]
        for crime, start, end in sides:
            rows.append(
                {
                    "doc_id": row.doc_id,
                    "year": int(row.year),
                    "sent_id": row.sent_id,
                    "crime": crime,
                    "split": len(sides) > 1,
                    "security": _has(analysis, "security", start, end),
                    "rights": _has(analysis, "rights", start, end),
                    "refugee": _has(analysis, "refugee", start, end),
                    "text": analysis.text[start:end].strip(),
                }
            )
    return pd.DataFrame(rows, columns=list(UNIT_COLUMNS))


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
        found.append(compare(claim, more, k1, n1, less, k2, n2, unit="units"))
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
    years = [str(y) for y in sorted(units["year"].unique())] + ["all"]
    rows = []
    for year in years:
        part = units if year == "all" else units[units["year"].astype(str) == year]
        for vocabulary in ("security", "rights", "refugee"):
            counts = {
                crime: (int(part.loc[part["crime"] == crime, vocabulary].sum()),
                        int((part["crime"] == crime).sum()))
                for crime in (*CRIMES, "both")
            }  # fmt: skip
            (k1, n1), (k2, n2) = counts["trafficking"], counts["smuggling"]
            p_value = fisher_exact(k1, n1, k2, n2)[1] if n1 and n2 else math.nan
            for crime, (k, n) in counts.items():
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


def second_axis_variants(framed: pd.DataFrame, cues: Cues) -> pd.DataFrame:
    """The Palermo tests of :func:`security_rights_tests` under other coding choices.

    In: the output of ``frame_sentences``; the cues. Out: one row per variant
    and vocabulary: ``variant, vocabulary, k_expected, n_expected, k_other,
    n_other, difference, p_value, strength`` ("expected" is the crime the
    expectation names: smuggling for security words, trafficking for rights
    words). The variants: as coded; no clause split of contrast sentences; a
    sentence naming both crimes counted for each crime (and its words for
    both); refugee words counted as rights words.
    """
    coded = crime_units(framed, cues)
    variants = {
        "as coded (clauses split, both-crime sentences apart)": coded,
        "no clause split": crime_units(framed, cues, split_contrasts=False),
        "both-crime sentences counted for each crime": _both_for_both(coded),
        "refugee words counted as rights words": coded.assign(
            rights=coded["rights"] | coded["refugee"]
        ),
    }
    rows = []
    for variant, units in variants.items():
        for vocabulary, finding in zip(_EXPECTATIONS, security_rights_tests(units), strict=True):
            more, less, _ = _EXPECTATIONS[vocabulary]
            rows.append(
                {
                    "variant": variant,
                    "vocabulary": vocabulary,
                    "k_expected": int(units.loc[units["crime"] == more, vocabulary].sum()),
                    "n_expected": int((units["crime"] == more).sum()),
                    "k_other": int(units.loc[units["crime"] == less, vocabulary].sum()),
                    "n_other": int((units["crime"] == less).sum()),
                    "difference": finding.effect,
                    "p_value": finding.p_value,
                    "strength": finding.strength,
                }
            )
    return pd.DataFrame(rows)
