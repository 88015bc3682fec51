"""Draw a reproducible sample of analysis units for human coders, stratified by year and
the rules' frame.

``round(n * unframed_share)`` units come from those the rules leave unframed (to see what
the rules miss). Draws are shared among frames, then years, one per stratum first (so rare
frames and thin years are seen), the rest by size (:func:`allocate`); each unit carries
its ``weight``. ``sample_id`` digests the units and texts, so a sheet of another sample is
recognised.
"""

from __future__ import annotations

import hashlib
import math

import numpy as np
import pandas as pd

from helpers.base.checks import require_columns
from helpers.reading.framing import FRAMES, NONE_LABEL

__all__ = ["DEFAULT_UNFRAMED_SHARE", "allocate", "draw_sample", "rules_frame", "sample_strata"]

DEFAULT_UNFRAMED_SHARE = 0.2
SAMPLE_COLUMNS = ["sample_id", "item", "unit_id", "doc_id", "sent_id", "year", "stratum",
                  "rules_frame", "weight", "text"]  # fmt: skip


def rules_frame(units: pd.DataFrame) -> pd.Series:
    """The rules' frame of each unit (``frame``), 'none' where empty or missing."""
    require_columns(units, ["frame"], "rules_frame")
    frame = units["frame"].astype("string").fillna("").str.strip()
    return frame.mask(frame == "", NONE_LABEL).astype(object)


def allocate(sizes: pd.Series, k: int, rng: np.random.Generator) -> pd.Series:
    """Share ``k`` draws among strata (sizes in a fixed order): one each when ``k`` allows,
    the rest by largest remainders, ties seeded. Out: draws per stratum, each at most its size."""
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


def _strata(years: pd.Series, frames: pd.Series) -> pd.Series:
    """Each unit's stratum, "2005 / nexus" (a unit without a year: "no year / nexus")."""
    return years.map(lambda y: str(int(y)) if pd.notna(y) else "no year") + " / " + frames


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
    """Draw a stratified sample of ``n`` units to code (module docstring). Out: one row per
    unit in a seeded coding order, ``SAMPLE_COLUMNS``. Raises ValueError for a repeated
    ``unit_id`` or a bad request."""
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
    table["stratum"] = _strata(table["year"], table["rules_frame"])
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
    return sample[SAMPLE_COLUMNS]


def sample_strata(sample: pd.DataFrame, units: pd.DataFrame) -> pd.DataFrame:
    """How the sample covers the corpus: In: a sample and the units it was drawn from.
    Out: per stratum ``stratum, units, sampled, share_sampled``, sorted."""
    require_columns(sample, ["stratum"], "sample_strata")
    require_columns(units, ["year", "frame"], "sample_strata")
    strata = _strata(units["year"], rules_frame(units)).value_counts().rename("units")
    sampled = sample["stratum"].value_counts().rename("sampled")
    out = pd.concat([strata, sampled], axis=1).fillna(0).astype(int)
    out.index.name = "stratum"
    out = out.sort_index().reset_index()
    out["share_sampled"] = out["sampled"] / out["units"]
    return out
