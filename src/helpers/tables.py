"""Tables that read well in JupyterLab: words never broken, wide tables scroll.

A DataFrame shown in a notebook is drawn as an HTML table; a wide one with
long texts gets squeezed, and its cells can break words in the middle.
:func:`readable` wraps a DataFrame so that the notebook shows it with cells
that wrap only between words, inside a box that scrolls sideways when the
table is wider than the page. Its plain-text form (used by terminals, the
tests and the handout's fallback) is the DataFrame's own ``to_string``.
"""

from __future__ import annotations

import pandas as pd

__all__ = ["MAX_TEXT_WIDTH", "Readable", "readable"]

MAX_TEXT_WIDTH = 80  # characters of a cell in the plain-text form (the HTML form shows all)

_STYLE = (
    "<style>"
    ".readable-table {overflow-x: auto; max-width: 100%;}"
    ".readable-table table {table-layout: auto;}"
    ".readable-table td, .readable-table th {word-break: normal; overflow-wrap: normal;"
    " hyphens: none; white-space: normal; text-align: left; vertical-align: top;"
    " min-width: 4em;}"
    "</style>"
)


class Readable:
    """A DataFrame with a readable notebook display (see the module docstring)."""

    def __init__(self, table: pd.DataFrame, index: bool = True) -> None:
        if not isinstance(table, pd.DataFrame):
            raise TypeError(f"expected a DataFrame, got {type(table).__name__}")
        self.table = table
        self.index = index

    def _repr_html_(self) -> str:
        body = self.table.to_html(index=self.index, escape=True, border=0)
        return f'{_STYLE}<div class="readable-table">{body}</div>'

    def __repr__(self) -> str:
        return self.table.to_string(index=self.index, max_colwidth=MAX_TEXT_WIDTH)


def readable(table: pd.DataFrame, index: bool = True) -> Readable:
    """Wrap a DataFrame for display.

    In: the table; whether to show its index. Out: a :class:`Readable`; its
    ``table`` attribute is the DataFrame itself, unchanged.
    """
    return Readable(table, index=index)
