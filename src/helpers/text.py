"""The text layer: how a table cell becomes text.

The bottom floor of the package: every module that reads a text cell reads it
through :func:`as_text`, so None and NaN mean the same thing everywhere.
"""

from __future__ import annotations

import math

__all__ = ["as_text"]


def as_text(value: object) -> str:
    """The text of a table cell. In: any value. Out: '' for None or NaN, else ``str(value)``."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return str(value)
