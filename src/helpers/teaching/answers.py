"""Reading a student's answer: placeholders, lenient parsing, and checks that never raise.

The seminar's checks (``helpers.teaching.search``, ``seminar_quiz``,
``seminar_edits``, ``seminar_terms``) share these: an answer cell starts as
``None`` (:func:`is_placeholder`); a check wrapped in :func:`never_raises`
returns :data:`NOT_ANSWERED` for a placeholder and a "Not yet" instead of any
error; :func:`as_int`, :func:`as_list` and :func:`clean` read numbers, lists
and texts written in the forms students use.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable

import pandas as pd

from helpers.base.text import normalise

__all__ = ["NOT_ANSWERED", "as_int", "as_list", "clean", "is_placeholder", "never_raises"]

NOT_ANSWERED = (
    "Not answered yet: replace None in the answer cell above with your answer, run that "
    "cell, then run this one again."
)


def is_placeholder(answer: object) -> bool:
    """Whether ``answer`` is still the placeholder: None, ``...`` or a blank text."""
    return answer is None or answer is Ellipsis or (isinstance(answer, str) and not answer.strip())


def never_raises(check: Callable[..., str]) -> Callable[..., str]:
    """Return NOT_ANSWERED for a placeholder, and a 'Not yet' instead of any error."""

    @functools.wraps(check)
    def wrapper(answer: object, *args, **kwargs) -> str:
        if is_placeholder(answer):
            return NOT_ANSWERED
        try:
            return check(answer, *args, **kwargs)
        except Exception as error:  # a student's answer must never stop the notebook
            return (
                f"Not yet: your answer could not be checked ({type(error).__name__}: {error}). "
                "Look at the form the answer cell asks for."
            )

    return wrapper


def as_int(value: object) -> int | None:
    """A whole number from an int, an integral float or a text of digits; else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, str):
        value = value.strip()
        return int(value) if re.fullmatch(r"[+-]?\d+", value) else None
    try:
        number = float(value)  # numpy integers, floats
    except (TypeError, ValueError):
        return None
    return int(number) if number.is_integer() else None


def as_list(answer: object) -> list | None:
    """A list from a list, tuple, set or range; a text is split at commas; else None."""
    if isinstance(answer, str):
        return [part for part in re.split(r"[,;]", answer) if part.strip()]
    if isinstance(answer, list | tuple | set | frozenset | range | pd.Series):
        return list(answer)
    return None


def clean(text: object) -> str:
    """Normalised text for comparing answers: case-folded, outer quotes and spaces dropped."""
    return normalise(str(text)).strip().strip("\"'").strip()
