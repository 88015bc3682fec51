"""The one way a seminar check turns a student's answer into a message (:func:`exercise`):
a "Correct" message, or "Not yet" and a hint, never an error that stops the notebook.
"""

from __future__ import annotations

import functools
import inspect
import re
from collections.abc import Callable

import pandas as pd

from helpers.base.checks import require_columns
from helpers.base.text import normalise

__all__ = ["NOT_ANSWERED", "NotYet", "as_int", "as_list", "clean", "exercise", "is_placeholder"]

NOT_ANSWERED = (
    "Not answered yet: replace None in the answer cell above with your answer, run that "
    "cell, then run this one again."
)


class NotYet(Exception):
    """A wrong answer; its message is the hint the student reads after "Not yet: "."""


def is_placeholder(answer: object) -> bool:
    """Whether ``answer`` is still the placeholder: None, ``...`` or a blank text."""
    return answer is None or answer is Ellipsis or (isinstance(answer, str) and not answer.strip())


def exercise(**columns: list[str]) -> Callable:
    """Decorate ``check(answer, ...)``: its tables' ``columns`` are checked first (a missing
    one raises, whatever the answer); then ``NOT_ANSWERED`` for a placeholder, the body's
    "Correct" text, or "Not yet: " and the hint of a ``NotYet`` (or of any other error)."""

    def decorate(check: Callable[..., str]) -> Callable[..., str]:
        signature = inspect.signature(check)

        @functools.wraps(check)
        def wrapper(answer: object, *args, **kwargs) -> str:
            tables = signature.bind(answer, *args, **kwargs).arguments
            for name, needed in columns.items():
                require_columns(tables[name], needed, check.__name__)
            if is_placeholder(answer):
                return NOT_ANSWERED
            try:
                return check(answer, *args, **kwargs)
            except NotYet as hint:
                return f"Not yet: {hint}"
            except Exception as error:  # a student's answer must never stop the notebook
                return (
                    f"Not yet: your answer could not be checked ({type(error).__name__}: "
                    f"{error}). Look at the form the answer cell asks for."
                )

        return wrapper

    return decorate


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


def as_list(answer: object, form: str) -> list:
    """A list from a list, tuple, set, range or Series, or a text split at commas; else
    ``NotYet(form)``, the form the answer cell asks for."""
    if isinstance(answer, str):
        return [part for part in re.split(r"[,;]", answer) if part.strip()]
    if isinstance(answer, list | tuple | set | frozenset | range | pd.Series):
        return list(answer)
    raise NotYet(form)


def clean(text: object) -> str:
    """Normalised text for comparing answers: case-folded, outer quotes and spaces dropped."""
    return normalise(str(text)).strip().strip("\"'").strip()
