"""When to show a progress bar, decided in one place for every long loop.

A function with a long loop takes ``progress: bool | None = None``:

- ``True``: always show a bar; ``False``: never;
- ``None`` (the default, "auto"): show one only when the loop is long
  (``n_items > threshold``) *and* stderr is a terminal. Notebooks, pytest,
  nbval and CI do not run on a terminal, so they never show a bar and stored
  notebook outputs never change.

``show_progress`` makes that decision; ``progress_iter`` wraps the loop's
iterable in a ``tqdm`` bar when it is on and returns the iterable unchanged
when it is off. ``tqdm`` is imported only when a bar is shown, so it is needed
only then.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from typing import TypeVar

__all__ = [
    "progress_iter",
    "show_progress",
]

T = TypeVar("T")


def show_progress(n_items: int, threshold: int, progress: bool | None) -> bool:
    """Whether to show a progress bar for a loop over ``n_items`` items.

    In: the number of items; ``threshold``, the number of items above which
    "auto" shows a bar; ``progress``, the caller's switch (True, False or None
    for auto). Out: ``bool(progress)`` when it is given, else whether
    ``n_items > threshold`` and stderr is a terminal.
    """
    if progress is not None:
        return bool(progress)
    if n_items <= threshold:
        return False
    stream = sys.stderr
    try:
        return bool(stream is not None and stream.isatty())
    except (AttributeError, ValueError):  # no isatty, or a closed stream
        return False


def progress_iter(
    iterable: Iterable[T], total: int | None, desc: str, enabled: bool
) -> Iterable[T]:
    """``iterable`` wrapped in a ``tqdm`` bar when ``enabled``, else ``iterable`` itself.

    In: the iterable; its length (``total``, for the bar); a short label
    (``desc``); whether to show the bar (usually ``show_progress(...)``).
    Out: an iterable yielding the same items in the same order.
    """
    if not enabled:
        return iterable
    from tqdm.auto import tqdm

    return tqdm(iterable, total=total, desc=desc, unit="it", leave=False, dynamic_ncols=True)
