"""The one reader of the rule files in ``data/``: CSV tables and word lists.

A rule CSV has a header row; a row whose first cell starts with '#' is switched off.
Rows are numbered as in the file (the header is row 1), so an error names the file,
the row and the reason. Each rule module checks what its rows mean; this module reads
them and says where a row is.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import pandas as pd

from helpers.base.checks import require_columns

__all__ = ["file_errors", "read_rule_file", "read_word_list", "rule_rows"]


@contextmanager
def file_errors(path: Path | str) -> Iterator[None]:
    """Prefix the ``ValueError`` raised inside with the file's name ("themes.csv: ...")."""
    try:
        yield
    except ValueError as error:
        raise ValueError(f"{Path(path).name}: {error}") from None


def read_rule_file(path: Path | str) -> pd.DataFrame:
    """In: a rule CSV. Out: every row as strings (switched-off rows too, for the row numbers)."""
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def rule_rows(
    table: pd.DataFrame,
    columns: Sequence[str],
    what: str,
    optional: Sequence[str] = (),
    rationale: str | None = None,
) -> tuple[pd.DataFrame, list[int]]:
    """Check a rule table and drop its switched-off rows.

    In: the table (a file as read, or an edited copy); the ``columns`` it needs and the
    ``optional`` ones (added empty); ``what`` it is, for the errors; ``rationale``, a
    column that may not be empty. Out: the rows kept (these columns, as strings, index
    0..n-1) and the row number of each in the file. Raises ValueError naming a missing
    column, or the row without a rationale.
    """
    require_columns(table, columns, what)
    table = table.reindex(columns=[*columns, *optional]).astype(object).fillna("").astype(str)
    on = ~table[columns[0]].str.lstrip().str.startswith("#").to_numpy()
    numbers = [number for number, kept in enumerate(on, start=2) if kept]
    table = table[on].reset_index(drop=True)
    if rationale is not None:
        for number, row in zip(numbers, table.itertuples(index=False), strict=True):
            if not getattr(row, rationale).strip():
                raise ValueError(f"row {number} ({row[0]!r}, {row[1]!r}): no {rationale}")
    return table, numbers


def read_word_list(path: Path | str) -> list[str]:
    """In: a UTF-8 word list (one entry a line, '#' starts a comment). Out: its entries."""
    entries = (line.split("#", 1)[0].strip() for line in Path(path).read_text("utf-8").splitlines())
    return [entry for entry in entries if entry]
