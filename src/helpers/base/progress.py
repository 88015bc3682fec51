"""When to show a progress bar, decided in one place for every long loop.

``progress``: True always, False never, None ("auto") only for a long loop on a terminal,
so notebooks, tests and CI never show one and stored outputs never change.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from typing import TypeVar

__all__ = ["progress_iter", "show_progress"]

T = TypeVar("T")


def show_progress(n_items: int, threshold: int, progress: bool | None) -> bool:
    """In: the loop's length, the length above which "auto" shows a bar, the caller's switch.
    Out: whether to show a bar."""
    if progress is not None:
        return bool(progress)
    try:
        return n_items > threshold and bool(sys.stderr is not None and sys.stderr.isatty())
    except (AttributeError, ValueError):  # no isatty, or a closed stream
        return False


def progress_iter(
    iterable: Iterable[T], total: int | None, desc: str, enabled: bool
) -> Iterable[T]:
    """``iterable`` in a ``tqdm`` bar when ``enabled``, else itself (tqdm imported only then)."""
    if not enabled:
        return iterable
    from tqdm.auto import tqdm

    return tqdm(iterable, total=total, desc=desc, unit="it", leave=False, dynamic_ncols=True)
