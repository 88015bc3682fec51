"""The text layer: a table cell as text (:func:`as_text`), and text normalised for matching.

Every rule matches words on :func:`normalise`'s output, built from one table of characters:
``QUOTES`` made ``"`` or ``'``, ``DASHES`` made ``-``, ``DROP`` (soft hyphen, zero-width)
removed. :func:`normalise_map` also gives each output character's position in the input.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Sequence

__all__ = ["DASHES", "DROP", "QUOTES", "as_text", "normalise", "normalise_map"]

QUOTES: dict[str, str] = dict.fromkeys("“”„‟«»″〝〞＂", '"') | dict.fromkeys("‘’‚‛′`´＇ʼ", "'")
DASHES: dict[str, str] = dict.fromkeys("‐‑‒–—―−﹘﹣－", "-")
DROP: frozenset[str] = frozenset("\u00ad\u200b\u200c\u200d\u2060\ufeff")

# for the fast path of ``normalise_map`` (``\s`` is exactly ``str.isspace``)
_QUOTE_DASH = str.maketrans(QUOTES | DASHES)
_DROP_SEARCH = re.compile("[" + "".join(sorted(DROP)) + "]").search
_SPACE_RUN_FINDITER = re.compile(r"\s+").finditer


def as_text(value: object) -> str:
    """The text of a table cell. In: any value. Out: '' for None or NaN, else ``str(value)``."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return str(value)


def normalise(text: str) -> str:
    """Text case-folded, quotes straight, dashes '-', spaces collapsed."""
    return normalise_map(text)[0]


def normalise_map(text: str) -> tuple[str, Sequence[int]]:
    """``normalise(text)`` and each output character's input position.

    The usual text (nothing dropped, each character folding to one, NFC already) takes a
    whole-string fast path; any other goes character by character, to the same result.
    """
    text = str(text)
    if text.isascii():  # no dropped character; '`' is the only quote or dash to map
        return _collapse_spaces((text.replace("`", "'") if "`" in text else text).lower())
    if _DROP_SEARCH(text) is None:
        mapped = text.translate(_QUOTE_DASH)
        if mapped.isascii() or unicodedata.is_normalized("NFC", mapped):
            folded = mapped.casefold()
            if len(folded) == len(mapped):
                return _collapse_spaces(folded)
    return _normalise_slow(text)


def _collapse_spaces(folded: str) -> tuple[str, Sequence[int]]:
    """White space runs collapsed to one space, none at the ends, with input positions
    (a ``range`` when nothing is collapsed: no int per character)."""
    if " ".join(folded.split()) == folded:  # single inner spaces only
        return folded, range(len(folded))  # indexed like the list, and made at once
    out: list[str] = []
    where: list[int] = []
    position = 0
    for run in _SPACE_RUN_FINDITER(folded):
        start, end = run.span()
        if start > position:
            out.append(folded[position:start])
            where.extend(range(position, start))
        if where:
            out.append(" ")
            where.append(start)
        position = end
    if position < len(folded):
        out.append(folded[position:])
        where.extend(range(position, len(folded)))
    elif out and out[-1] == " ":
        out.pop()
        where.pop()
    return "".join(out), where


def _normalise_slow(text: str) -> tuple[str, list[int]]:
    """``normalise_map`` one character at a time (any text)."""
    out: list[str] = []
    where: list[int] = []
    previous_space = True
    for index, char in enumerate(text):
        if char in DROP:
            continue
        if char.isspace():
            if previous_space:
                continue
            out.append(" ")
            where.append(index)
            previous_space = True
            continue
        previous_space = False
        char = QUOTES.get(char) or DASHES.get(char) or char
        for folded in unicodedata.normalize("NFC", char).casefold():
            out.append(folded)
            where.append(index)
    while out and out[-1] == " ":
        out.pop()
        where.pop()
    return "".join(out), where
