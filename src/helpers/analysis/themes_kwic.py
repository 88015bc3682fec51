"""The audit of the themes: every theme match in context, to judge the codebook."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from helpers.analysis.concordance import context_window
from helpers.base.checks import require_columns
from helpers.reading.themes import STATUSES, Codebook, as_codebook, theme_matches

__all__ = ["KWIC_COLUMNS", "kwic_lines", "theme_kwic"]

KWIC_COLUMNS: tuple[str, ...] = (
    "theme", "status", "unit_id", "doc_id", "year", "left", "keyword", "right", "pattern",
)  # fmt: skip


# --------------------------------------------------------------------------- audit


def theme_kwic(
    units: pd.DataFrame,
    codebook: Codebook | pd.DataFrame,
    width: int = 8,
    statuses: Sequence[str] = ("counted",),
) -> pd.DataFrame:
    """Keyword in context for every theme match (``theme_matches`` with the statuses asked).

    Out: ``KWIC_COLUMNS``, by theme (codebook order), status, unit order and position.
    """
    require_columns(units, ["text"], "theme_kwic")
    codebook = as_codebook(codebook)
    # matched by position, so that each unit's values are read from its columns
    # (one row lookup per unit costs more than the matching on a large corpus),
    # whatever the index holds
    matches = theme_matches(units.reset_index(drop=True), codebook, statuses)
    at = matches["row"].to_numpy(dtype=np.int64)
    texts = units["text"].to_numpy(dtype=object)[at]
    contexts = [
        context_window(text, start, end, width)
        for text, start, end in zip(texts, matches["start"], matches["end"], strict=True)
    ]

    def column(name: str, default: list) -> list:
        """A unit column's value for each match, as a list (its dtype inferred as before)."""
        if name not in units.columns:
            return default
        return units[name].to_numpy(dtype=object)[at].tolist()

    out = pd.DataFrame({"theme": matches["theme"].tolist(), "status": matches["status"].tolist(),
                       "unit_id": column("unit_id", units.index[at].tolist()),
                       "doc_id": column("doc_id", [pd.NA] * len(matches)),
                       "year": column("year", [pd.NA] * len(matches)),
                       "left": [left for left, _ in contexts],
                       "keyword": matches["matched"].tolist(),
                       "right": [right for _, right in contexts],
                       "pattern": matches["pattern"].tolist()},
                       columns=list(KWIC_COLUMNS))  # fmt: skip
    if matches.empty:  # no values to infer the dtypes from: object columns
        out = pd.DataFrame([], columns=list(KWIC_COLUMNS))
    order = {name: number for number, name in enumerate(codebook.names)}
    out["_theme"] = out["theme"].map(order)
    out["_status"] = out["status"].map({s: n for n, s in enumerate(STATUSES)})
    out = out.sort_values(["_theme", "_status"], kind="stable")
    return out.drop(columns=["_theme", "_status"]).reset_index(drop=True)


def kwic_lines(kwic: pd.DataFrame, chars: int = 48) -> list[str]:
    """KWIC rows as aligned lines: ``year unit_id | …left [keyword] right…``, ``chars`` a side."""
    require_columns(kwic, ["year", "unit_id", "left", "keyword", "right"], "kwic_lines")
    lines = []
    for row in kwic.itertuples(index=False):
        left = row.left if len(row.left) <= chars else "…" + row.left[-(chars - 1) :]
        right = row.right if len(row.right) <= chars else row.right[: chars - 1] + "…"
        year = "" if pd.isna(row.year) else str(row.year)
        lines.append(f"{year} {row.unit_id} | {left:>{chars}} [{row.keyword}] {right}")
    return lines
