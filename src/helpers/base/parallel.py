"""One process pool for the whole package: worker counts, thresholds and the maps.

Every map gives the same results, in the same order, with any number of processes. Where
processes fork, workers inherit the items instead of receiving them pickled (see
``inherits_objects``). joblib was measured in its place and kept out: ``benchmarks/README.md``.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import pickle
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import TypeVar

from helpers.base.progress import progress_iter, show_progress
from helpers.base.text import as_text

# fmt: off
__all__ = [
    "CHARS_FROM", "FILES_FROM", "SENTENCES_FROM", "SENTENCES_PROGRESS_FROM", "inherits_objects",
    "map_distinct", "map_items", "packed", "start_worker", "worker_count", "worker_state",
]
# fmt: on

T = TypeVar("T")

# Below these sizes one process is faster than starting a pool (measured in benchmarks/).
FILES_FROM = 400  # files to load (helpers.corpus.load)
SENTENCES_FROM = 20_000  # distinct sentences to frame or match to themes
CHARS_FROM = 2_000_000  # characters of text to split into words (helpers.rules.words)
SENTENCES_PROGRESS_FROM = 5_000  # distinct sentences: below this, no progress bar


def worker_count(n_items: int, workers: int | None, threshold: int | None = None) -> int:
    """``workers`` when given (at least 1), else every core from ``threshold`` items
    (default ``SENTENCES_FROM``) and one below."""
    if workers is not None:
        return max(1, int(workers))
    threshold = SENTENCES_FROM if threshold is None else threshold
    return (os.cpu_count() or 1) if n_items >= threshold else 1


_STATE: list = []  # in a worker process: what ``map_items`` or ``start_worker`` gave it


def start_worker(state: object, items: list | None = None) -> None:
    """In a new worker: keep ``state`` (and inherited ``items``). ``gc.freeze`` keeps the
    collector off the inherited objects, so pages shared with the parent are not copied."""
    gc.freeze()
    _STATE[:] = [state, items]


def _apply(function: Callable[[object, object], object], work: list | tuple[int, int]) -> list:
    """In a worker: ``function`` over a chunk of items, or over ``(start, end)`` of the
    inherited items."""
    state, items = _STATE
    chunk = items[work[0] : work[1]] if isinstance(work, tuple) else work
    return [function(state, item) for item in chunk]


def packed(function: Callable[..., object], *args: object) -> bytes:
    """In a worker: ``function(*args)`` pickled, for the caller to ``pickle.loads``.

    Unpickled by the pool's thread, results would take a new glibc arena (names removed
    from 10,000 pages: +34 MB resident, against +6 MB unpickled by the caller).
    """
    return pickle.dumps(function(*args), protocol=pickle.HIGHEST_PROTOCOL)


def inherits_objects() -> bool:
    """Whether workers are forked copies of this process, so they inherit its objects:
    pickling a non-ASCII ``str`` makes CPython keep its UTF-8 form in it for good."""
    return multiprocessing.get_start_method() == "fork"


def map_items(
    function: Callable[[T, object], object],
    state: T,
    items: list,
    workers: int,
    desc: str,
    show: bool,
    release: bool = False,
) -> list:
    """``[function(state, item) for item in items]`` on ``workers`` processes, in order.

    ``state`` (cues, a codebook) goes once to each worker; forked workers inherit ``items``.
    ``release``: each inherited item is set to None once its result is back, so a large list
    and its results are not held in full at once.
    """
    if workers <= 1 or len(items) < 2:
        return [function(state, item) for item in progress_iter(items, len(items), desc, show)]
    size = min(5_000, len(items) // (8 * workers) + 1)
    bounds = [(i, min(i + size, len(items))) for i in range(0, len(items), size)]
    inherit = inherits_objects()
    setup = (state, items if inherit else None)
    with ProcessPoolExecutor(workers, initializer=start_worker, initargs=setup) as pool:
        # results pickled in the worker, unpickled here: see ``packed``
        work = bounds if inherit else [items[start:end] for start, end in bounds]
        done = pool.map(packed, [_apply] * len(work), [function] * len(work), work)
        results: list = []
        for (start, end), chunk in zip(
            bounds, progress_iter(done, len(bounds), desc, show), strict=True
        ):
            results += pickle.loads(chunk)
            if release and inherit:  # the workers hold their own copy of the list
                items[start:end] = [None] * (end - start)
        return results


def map_distinct(
    function: Callable[[T, str], object],
    state: T,
    texts: Sequence[object],
    workers: int | None,
    desc: str,
    progress: bool | None,
) -> list:
    """``[function(state, as_text(text)) for text in texts]``, each distinct text worked out
    once; rows of one text share its result object (do not change results in place)."""
    # A dict, not pandas.factorize: factorize hashes strings through their UTF-8
    # form, which CPython then keeps inside every non-ASCII text for good.
    position: dict[str, int] = {}
    codes = [position.setdefault(text, len(position)) for text in map(as_text, texts)]
    distinct = list(position)
    del position
    show = show_progress(len(distinct), SENTENCES_PROGRESS_FROM, progress)
    n_workers = worker_count(len(distinct), workers)
    results = map_items(function, state, distinct, n_workers, desc, show)
    return [results[code] for code in codes]


def worker_state() -> tuple[object, list | None]:
    """In a worker: ``(state, items)`` as :func:`start_worker` kept them (items None when sent)."""
    if not _STATE:
        raise RuntimeError("worker_state() is only set inside a worker started by start_worker")
    return _STATE[0], _STATE[1]
