"""Tables that read well in JupyterLab: text left-aligned and wrapped between words.

:func:`readable` shows text left-aligned, numbers right-aligned, dates and intervals never
broken, a wide table scrolling sideways, a long one cut with a line naming its CSV. Styles sit
on each cell: JupyterLab drops ``<style>`` blocks from untrusted outputs. The plain-text form is
the DataFrame's own ``to_string``, no cell cut short.
"""

from __future__ import annotations

import pandas as pd
from bs4 import BeautifulSoup
from pandas.api.types import is_bool_dtype, is_numeric_dtype

from helpers.base.prose import NOBREAK, nobreak_html

__all__ = ["Readable", "readable", "use_readable_tables"]

_TEXT = (
    "text-align:left;vertical-align:top;white-space:normal;word-break:normal;overflow-wrap:normal"
)
_NUMBER = "text-align:right;vertical-align:top;white-space:nowrap"
_BOX = "overflow-x: auto; max-width: 100%"


class Readable:
    """A DataFrame (``table``, unchanged) with a readable display; ``rows``: the most shown
    (None: all); ``source``: where the whole table is, named when rows are left out."""

    def __init__(
        self,
        table: pd.DataFrame,
        index: bool = True,
        rows: int | None = None,
        source: str = "",
    ) -> None:
        if not isinstance(table, pd.DataFrame):
            raise TypeError(f"expected a DataFrame, got {type(table).__name__}")
        if rows is not None and int(rows) < 1:
            raise ValueError("rows must be 1 or more (or None: all)")
        self.table = table
        self.index = index
        self.rows = None if rows is None else int(rows)
        self.source = source

    def _shown(self) -> pd.DataFrame:
        return self.table if self.rows is None else self.table.head(self.rows)

    def note(self) -> str:
        """The line above a cut table ('' when every row is shown)."""
        if self.rows is None or len(self.table) <= self.rows:
            return ""
        where = f"; the whole table is {self.source}" if self.source else ""
        return f"The first {self.rows} of {len(self.table)} rows{where}."

    def _repr_html_(self) -> str:
        shown = self._shown()
        with pd.option_context("display.max_colwidth", None):
            body = shown.to_html(index=self.index, escape=True, border=0, max_rows=None)
        soup = BeautifulSoup(body, "html.parser")
        numeric = [is_numeric_dtype(dtype) and not is_bool_dtype(dtype) for dtype in shown.dtypes]
        n_columns = len(numeric)
        for row in soup.find_all("tr"):
            del row["style"]  # pandas right-aligns the header row
            cells = row.find_all(["td", "th"], recursive=False)
            first = len(cells) - n_columns  # the first data cell (the index before it)
            for k, cell in enumerate(cells):
                is_number = cell.name == "td" and k >= first >= 0 and numeric[k - first]
                cell["style"] = _NUMBER if is_number else _TEXT
                text = cell.get_text()
                if cell.name == "td" and NOBREAK.search(text) and not cell.find(True):
                    cell.clear()
                    cell.append(BeautifulSoup(nobreak_html(text), "html.parser"))
        table = soup.find("table")
        if table is not None:
            table["style"] = "border-collapse: collapse"
        note = self.note()
        head = f"<p>{nobreak_html(note)}</p>" if note else ""
        return f'{head}<div style="{_BOX}">{soup}</div>'

    def __repr__(self) -> str:
        note = self.note()
        with pd.option_context("display.max_colwidth", None):
            text = self._shown().to_string(index=self.index)
        return f"{note}\n{text}" if note else text


def readable(
    table: pd.DataFrame, index: bool = True, rows: int | None = None, source: str = ""
) -> Readable:
    """A DataFrame wrapped for display (see :class:`Readable`)."""
    return Readable(table, index=index, rows=rows, source=source)


def _default_view(table: pd.DataFrame) -> str:
    """A DataFrame's notebook HTML under :func:`use_readable_tables`."""
    max_rows = pd.get_option("display.max_rows")
    rows = None
    if max_rows and len(table) > max_rows:
        rows = pd.get_option("display.min_rows") or 10
    return Readable(table, rows=rows)._repr_html_()


def use_readable_tables() -> None:
    """Show every DataFrame of the notebook as :func:`readable` does (a long one cut to
    ``display.min_rows``); outside IPython nothing. For a notebook's setup cell."""
    try:
        from IPython import get_ipython
    except ImportError:
        return
    shell = get_ipython()
    if shell is None:
        return
    shell.display_formatter.formatters["text/html"].for_type(pd.DataFrame, _default_view)
