"""The check of a function's input table, with a message that names what is missing."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

__all__ = ["require_columns"]


def require_columns(table: object, columns: Iterable[str], where: str) -> None:
    """Raise ``ValueError`` unless ``table`` is a DataFrame with every one of ``columns``:
    ``top_terms: the table has no column 'term' (it has: period, rank)``."""
    if not isinstance(table, pd.DataFrame):
        raise ValueError(f"{where}: expected a DataFrame, got {type(table).__name__}")
    missing = [column for column in columns if column not in table.columns]
    if missing:
        names = ", ".join(repr(str(column)) for column in missing)
        has = ", ".join(str(column) for column in table.columns) or "no column"
        plural = "s" if len(missing) > 1 else ""
        raise ValueError(f"{where}: the table has no column{plural} {names} (it has: {has})")
