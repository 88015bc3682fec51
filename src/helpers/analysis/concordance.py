"""Keyword in context: every occurrence of a word, phrase or pattern, traced to its document
and sentence; and every theme match in context, to audit the codebook.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np
import pandas as pd

from helpers.base.checks import require_columns
from helpers.base.text import as_text, normalise_map
from helpers.reading.themes import STATUSES, Codebook, as_codebook, theme_matches
from helpers.rules.patterns import compile_pattern

__all__ = ["KWIC_COLUMNS", "THEME_KWIC_COLUMNS", "compile_query", "context_window", "kwic",
           "kwic_lines", "theme_kwic"]  # fmt: skip

KWIC_COLUMNS = ["doc_id", "year", "sent_id", "left", "keyword", "right", "sentence"]
THEME_KWIC_COLUMNS: tuple[str, ...] = (
    "theme", "status", "unit_id", "doc_id", "year", "left", "keyword", "right", "pattern",
)  # fmt: skip


def context_window(text: str, start: int, end: int, width: int = 8) -> tuple[str, str]:
    """The ``width`` words left and right of ``text[start:end]``; a side cut short starts or
    ends with '…'.
    """
    left_words = text[:start].split()
    right_words = text[end:].split()
    left = " ".join(left_words[-width:]) if width > 0 else ""
    right = " ".join(right_words[:width]) if width > 0 else ""
    if len(left_words) > width:
        left = "… " + left
    if len(right_words) > width:
        right = right + " …"
    return left, right


def compile_query(query: str, regex: bool = False, match: str | None = None) -> re.Pattern[str]:
    """A KWIC query in the pattern language (``phrase``, ``glob``, ``regex``), for normalised
    text; by default a prefix ("smuggl" finds "smugglers"); ``regex=True`` is
    ``match="regex"``. ValueError names a query that does not compile.
    """
    if match is None:
        match = "regex" if regex else "glob"
        if not regex and not query.rstrip().endswith("*"):
            query = query.rstrip() + "*"
    return compile_pattern(query, match)


_SORT_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")


def kwic(
    sentences: pd.DataFrame,
    query: str,
    window: int = 8,
    regex: bool = False,
    sort_by: str | None = None,
    documents: pd.DataFrame | None = None,
    match: str | None = None,
) -> pd.DataFrame:
    """Every occurrence of ``query`` in a sentences table.

    In: ``doc_id, sent_id, text`` (and ``year``, or ``documents`` to add it); the query and
    how it reads; words each side; ``sort_by`` None, "left" or "right" (by the nearest words,
    punctuation skipped). Out: ``KWIC_COLUMNS``.
    """
    require_columns(sentences, ["doc_id", "sent_id", "text"], "kwic")
    if sort_by not in (None, "left", "right"):
        raise ValueError(f"sort_by must be None, 'left' or 'right', not {sort_by!r}")
    pattern = compile_query(query, regex, match)
    table = sentences
    if "year" not in table.columns:
        if documents is None:
            table = table.assign(year=pd.NA)
        else:
            require_columns(documents, ["doc_id", "year"], "kwic")
            table = table.merge(documents[["doc_id", "year"]], on="doc_id", how="left")
    rows = []
    for row in table.itertuples(index=False):
        text = as_text(row.text)
        norm, where = normalise_map(text)
        for hit in pattern.finditer(norm):
            if hit.end() == hit.start():
                continue
            start, end = where[hit.start()], where[hit.end() - 1] + 1
            left, right = context_window(text, start, end, window)
            rows.append({"doc_id": row.doc_id, "year": row.year, "sent_id": row.sent_id,
                         "left": left, "keyword": text[start:end], "right": right,
                         "sentence": row.text})  # fmt: skip
    out = pd.DataFrame(rows, columns=KWIC_COLUMNS)
    if sort_by is not None:
        # By words only: punctuation ("," or a closing quotation mark after the keyword) is
        # skipped, and a line with no word on that side comes last.
        if sort_by == "left":
            key = out["left"].map(lambda s: " ".join(reversed(_SORT_WORD.findall(s.casefold()))))
        else:
            key = out["right"].map(lambda s: " ".join(_SORT_WORD.findall(s.casefold())))
        out = out.assign(_empty=key.eq(""), _key=key).sort_values(
            ["_empty", "_key", "doc_id", "sent_id"], kind="stable"
        )
        out = out.drop(columns="_empty")
    return out.drop(columns="_key", errors="ignore").reset_index(drop=True)


def theme_kwic(
    units: pd.DataFrame,
    codebook: Codebook | pd.DataFrame,
    width: int = 8,
    statuses: Sequence[str] = ("counted",),
) -> pd.DataFrame:
    """Keyword in context for every theme match (``theme_matches`` with the statuses asked).

    Out: ``THEME_KWIC_COLUMNS``, by theme (codebook order), status, unit order and position.
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
                       columns=list(THEME_KWIC_COLUMNS))  # fmt: skip
    if matches.empty:  # no values to infer the dtypes from: object columns
        out = pd.DataFrame([], columns=list(THEME_KWIC_COLUMNS))
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
