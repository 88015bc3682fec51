"""The text layer: how a table cell becomes text, and how text is normalised for matching.

The bottom floor of the package. Every module that reads a text cell reads it
through :func:`as_text`, so None and NaN mean the same thing everywhere; every
rule that matches words (framing cues, theme patterns, concordance queries)
matches them on :func:`normalise`'s output, built from one table of quote,
dash and invisible characters:

- ``QUOTES``: curly, low, angle and prime quotation marks and the modifier
  letter apostrophe (U+02BC), made ``"`` or ``'``;
- ``DASHES``: the hyphens, en and em dashes, minus signs and their full-width
  forms, made ``-`` (so "co–operation" with an en dash is "co-operation");
- ``DROP``: the soft hyphen and zero-width characters, removed.

:func:`normalise_map` also gives, for each character of the normalised text,
its position in the original, so a match can be shown in the text as written.
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

# For the fast path of ``normalise_map``: quotes and dashes mapped in one go; a
# dropped character; white space other than single inner spaces (``\s`` is
# exactly ``str.isspace``).
_QUOTE_DASH = str.maketrans(QUOTES | DASHES)
_DROP_SEARCH = re.compile("[" + "".join(sorted(DROP)) + "]").search
_SPACE_RUN_FINDITER = re.compile(r"\s+").finditer


def as_text(value: object) -> str:
    """The text of a table cell. In: any value. Out: '' for None or NaN, else ``str(value)``."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return str(value)


def normalise(text: str) -> str:
    """Normalise text for matching: case-folded, quotes straight, dashes '-', spaces collapsed.

    In: any string. Out: the normalised string (see ``normalise_map`` for the
    positions).
    """
    return normalise_map(text)[0]


def normalise_map(text: str) -> tuple[str, Sequence[int]]:
    """Normalise ``text`` and map each output character to its input position.

    The usual text (no dropped character; each character folds to one
    character and is its own NFC form) takes a fast path made of whole-string
    operations; any other text goes character by character
    (``_normalise_slow``). Both give the same result.
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
    """Collapse white space runs of a folded text to one space, dropping them at both ends.

    In: text whose characters map one to one to the input's. Out: the text
    and the input position of each of its characters (a ``range`` when no
    space is collapsed: indexed like a list, without one int per character).
    """
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
