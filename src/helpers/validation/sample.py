"""Validation, step 1: draw a sample of analysis units for human coders.

A researcher who runs the rules on a corpus of their own must show how well
the rules agree with careful readers of *that* corpus. The loop has four
steps, one module each:

1. **sample** (this module): a reproducible sample of units, stratified by
   year and by the rules' frame, with a stated share of units the rules leave
   unframed (to estimate what the rules miss); ``helpers.validation.codebook``
   writes the codebook coders read;
2. **code** (``helpers.validation.sheets``, ``helpers.validation.widget``): a
   coding sheet per coder, in a spreadsheet or in JupyterLab, checked when
   read back;
3. **agree** (``helpers.validation.agreement``): Krippendorff's alpha between
   coders, their confusion table, the units they disagree on, the consensus;
4. **compare** (``helpers.validation.scores``): the rules, and a trained
   classifier, against the consensus.

**How the sample is drawn.** Units are split into the framed units (each
stratum a year and a rules' frame) and the unframed ones (each stratum a
year). ``round(n * unframed_share)`` units come from the unframed group and
the rest from the framed group; a group with too few units gives all it has
and the other group makes up the difference, so the sample has ``n`` units
whenever the corpus has them. The framed group's draws are shared first
among the rules' frames, then each frame's among its years (``allocate``):
at each level every stratum gets one unit when the draws allow it, so rare
frames and thin years are seen at all, and the rest is shared out in
proportion to the strata's sizes (largest remainders; equal remainders in a
seeded random order). Units are drawn
within each stratum with ``numpy.random.default_rng(seed)`` from the units
sorted by ``unit_id``, so the same units and seed give the same sample
whatever the input's row order. The sample is then put in a seeded random
order, so coders do not meet the strata one after the other. Because small
strata are over-represented, each unit carries its ``weight`` (the
stratum's units per sampled unit): estimates for the whole corpus use it.

The sample's id (``sample_id``) is a digest of its units and their texts, so
a sheet coded on another sample is recognised when it is read back.
"""

from __future__ import annotations

import hashlib
import math

import numpy as np
import pandas as pd

from helpers.base.checks import require_columns
from helpers.reading.framing import FRAMES, NONE_LABEL

__all__ = [
    "DEFAULT_UNFRAMED_SHARE",
    "SAMPLE_COLUMNS",
    "allocate",
    "draw_sample",
    "rules_frame",
    "sample_strata",
]

DEFAULT_UNFRAMED_SHARE = 0.2
SAMPLE_COLUMNS: tuple[str, ...] = (
    "sample_id",
    "item",
    "unit_id",
    "doc_id",
    "sent_id",
    "year",
    "stratum",
    "rules_frame",
    "weight",
    "text",
)


def rules_frame(units: pd.DataFrame) -> pd.Series:
    """The rules' frame of each unit, 'none' where the rules give none.

    In: the units table (``frame``; empty or missing means unframed). Out: a
    Series of labels, one of ``FRAMES`` or 'none', aligned with ``units``.
    """
    require_columns(units, ["frame"], "rules_frame")
    frame = units["frame"].astype("string").fillna("").str.strip()
    return frame.mask(frame == "", NONE_LABEL).astype(object)


def allocate(sizes: pd.Series, k: int, rng: np.random.Generator) -> pd.Series:
    """Share ``k`` draws among strata of the given sizes.

    In: the strata's sizes (index: the strata, in a fixed order); ``k``; a
    generator for breaking ties. Out: the draws per stratum (same index), each
    at most its stratum's size, summing to ``min(k, total size)``. One each
    first when ``k`` reaches the number of non-empty strata, then in
    proportion to the sizes by largest remainders; equal remainders are
    ordered by ``rng``.
    """
    sizes = sizes.astype(int)
    k = min(int(k), int(sizes.sum()))
    taken = pd.Series(0, index=sizes.index, dtype=int)
    if k <= 0:
        return taken
    present = sizes > 0
    if k >= int(present.sum()):
        taken[present] = 1
    tiebreak = pd.Series(rng.permutation(len(sizes)), index=sizes.index)
    left = k - int(taken.sum())
    while left > 0:
        room = sizes - taken
        open_ = room[room > 0].index
        quota = left * sizes[open_] / sizes[open_].sum()
        whole = np.minimum(np.floor(quota).astype(int), room[open_])
        rest = pd.DataFrame({"rest": quota - np.floor(quota), "tie": tiebreak[open_]})
        rest = rest[whole < room[open_]]  # a stratum already full takes no remainder
        extra = rest.sort_values(["rest", "tie"], ascending=[False, True]).index
        extra = extra[: left - int(whole.sum())]
        taken[open_] += whole
        taken[extra] += 1
        left = k - int(taken.sum())
    return taken


def _sample_id(chosen: pd.DataFrame, seed: int, unframed_share: float) -> str:
    digest = hashlib.sha256(f"{seed}|{unframed_share:g}".encode())
    for unit_id, text in sorted(
        zip(chosen["unit_id"].astype(str), chosen["text"].astype(str), strict=True)
    ):
        digest.update(f"\n{unit_id}\t{text}".encode())
    return "S" + digest.hexdigest()[:10]


def draw_sample(
    units: pd.DataFrame,
    n: int,
    seed: int = 0,
    unframed_share: float = DEFAULT_UNFRAMED_SHARE,
) -> pd.DataFrame:
    """Draw a stratified sample of units to code (module docstring).

    In: the units table (``unit_id, year, frame, text``; ``doc_id, sent_id``
    are carried when present); ``n``, the units wanted; ``seed``;
    ``unframed_share``, the share of the sample drawn from units the rules
    leave unframed (0 to 1). Out: one row per sampled unit in coding order,
    columns ``SAMPLE_COLUMNS``: ``item`` numbers the units 1..n,
    ``stratum`` is "year / frame", ``rules_frame`` the rules' answer (never
    shown on a coding sheet), ``weight`` the stratum's units per sampled unit.
    Raises ValueError for a repeated ``unit_id``, an ``n`` below 1 or a share
    outside 0-1.
    """
    require_columns(units, ["unit_id", "year", "frame", "text"], "draw_sample")
    if int(n) != n or n < 1:
        raise ValueError(f"draw_sample: n must be a whole number of at least 1, got {n!r}")
    if not 0 <= unframed_share <= 1 or math.isnan(unframed_share):
        raise ValueError(
            f"draw_sample: unframed_share must lie between 0 and 1, got {unframed_share!r}"
        )
    repeated = units["unit_id"][units["unit_id"].duplicated()]
    if len(repeated):
        raise ValueError(f"draw_sample: unit_id {repeated.iloc[0]!r} occurs more than once")
    rng = np.random.default_rng(seed)
    table = units.assign(rules_frame=rules_frame(units)).sort_values("unit_id", kind="stable")
    table = table.reset_index(drop=True)
    years = table["year"].drop_duplicates()
    year_text = dict(zip(years, years.map(lambda y: str(int(y)) if pd.notna(y) else "no year"),
                         strict=True))  # fmt: skip
    table["stratum"] = table["year"].map(year_text).astype(str) + " / " + table["rules_frame"]
    unframed = table["rules_frame"] == NONE_LABEL
    n = min(int(n), len(table))
    want_unframed = min(round(n * unframed_share), int(unframed.sum()))
    want_framed = min(n - want_unframed, int((~unframed).sum()))
    want_unframed = n - want_framed  # the unframed make up what the framed lack, and vice versa
    order = {frame: number for number, frame in enumerate((*FRAMES, NONE_LABEL))}
    where = table.groupby("stratum", sort=False).indices  # stratum -> row positions, in order
    frame_of = dict(zip(table["stratum"], table["rules_frame"], strict=True))
    picked = []
    for is_unframed, want in ((False, want_framed), (True, want_unframed)):
        group = table.loc[unframed == is_unframed, "rules_frame"]
        if group.empty or want == 0:
            continue
        by_frame = group.value_counts()
        by_frame = by_frame.loc[sorted(by_frame.index, key=lambda f: order.get(f, 99))]
        for frame, k_frame in allocate(by_frame, want, rng).items():
            by_year = pd.Series(
                {stratum: len(where[stratum]) for stratum in sorted(where)
                 if frame_of[stratum] == frame}, dtype=int,
            )  # fmt: skip
            for stratum, k in allocate(by_year, k_frame, rng).items():
                if not k:
                    continue
                rows = table.iloc[where[stratum]]
                chosen = sorted(rng.choice(len(rows), size=int(k), replace=False))
                picked.append(rows.iloc[chosen].assign(weight=len(rows) / k))
    sample = pd.concat(picked) if picked else table.head(0).assign(weight=0.0)
    sample = sample.iloc[rng.permutation(len(sample))].reset_index(drop=True)
    sample["item"] = range(1, len(sample) + 1)
    sample["sample_id"] = _sample_id(sample, seed, unframed_share)
    for column in ("doc_id", "sent_id"):
        if column not in sample.columns:
            sample[column] = pd.NA
    return sample[list(SAMPLE_COLUMNS)]


def sample_strata(sample: pd.DataFrame, units: pd.DataFrame) -> pd.DataFrame:
    """How the sample covers the corpus, stratum by stratum.

    In: a sample (``stratum``) and the units it was drawn from (``year,
    frame``). Out: one row per stratum of the units: ``stratum, units,
    sampled, share_sampled`` (sampled / units), sorted by stratum.
    """
    require_columns(sample, ["stratum"], "sample_strata")
    require_columns(units, ["year", "frame"], "sample_strata")
    year = units["year"].map(lambda y: str(int(y)) if pd.notna(y) else "no year")
    strata = (year + " / " + rules_frame(units)).value_counts().rename("units")
    sampled = sample["stratum"].value_counts().rename("sampled")
    out = pd.concat([strata, sampled], axis=1).fillna(0).astype(int)
    out.index.name = "stratum"
    out = out.sort_index().reset_index()
    out["share_sampled"] = out["sampled"] / out["units"]
    return out
