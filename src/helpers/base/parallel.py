"""One process pool for the whole package: worker counts, thresholds and the maps.

The research rules (framing, terms, themes) and the loader (corpus) run their
loops through here, so how work is spread over the cores lives in one module
and the rules stay plain functions of one item. Every map gives the same
results, in the same order, with any number of processes.

- :func:`worker_count`: how many processes a loop of n items gets;
- :func:`map_items`: ``[function(state, item) for item in items]`` on a pool;
- :func:`map_distinct`: the same over texts, each distinct text worked out once;
- :func:`packed`, :func:`start_worker`, :func:`worker_state`: for a module that
  runs a pool of its own shape (the loader's chunked reads, TF-IDF's streamed
  counts) with the same conventions;
- :func:`inherits_objects`: whether workers start as copies of this process.

The thresholds below which one process is faster than starting a pool are
measured on the benchmark's generated corpora (``benchmarks/``).

Each map takes a module-level function and a list: a batch in, a list out.
Another engine (Dask, say) could run the same functions over the same batches.
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

__all__ = [
    "CHARS_FROM",
    "DOCUMENTS_FROM",
    "FILES_FROM",
    "SENTENCES_FROM",
    "SENTENCES_PROGRESS_FROM",
    "inherits_objects",
    "map_distinct",
    "map_items",
    "packed",
    "start_worker",
    "worker_count",
    "worker_state",
]

T = TypeVar("T")

# Below these sizes one process is faster than starting a pool.
FILES_FROM = 400  # files to load (helpers.corpus.load)
DOCUMENTS_FROM = 500  # documents whose names of people are found (helpers.rules.words)
SENTENCES_FROM = 20_000  # distinct sentences to frame or match to themes
CHARS_FROM = 2_000_000  # characters of text to split into words (helpers.rules.words)
SENTENCES_PROGRESS_FROM = 5_000  # distinct sentences: below this, no progress bar


def worker_count(n_items: int, workers: int | None, threshold: int | None = None) -> int:
    """The processes for a loop over ``n_items`` items.

    ``workers`` when given (at least 1); by default every core from
    ``threshold`` items (default ``SENTENCES_FROM``), else one: below that, starting
    processes costs more than it saves.
    """
    if workers is not None:
        return max(1, int(workers))
    threshold = SENTENCES_FROM if threshold is None else threshold
    return (os.cpu_count() or 1) if n_items >= threshold else 1


_STATE: list = []  # in a worker process: what ``map_items`` or ``start_worker`` gave it


def start_worker(state: object, items: list | None = None) -> None:
    """Set up a worker process: keep ``state`` (and ``items``, when inherited);
    leave the inherited objects to the parent.

    ``gc.freeze`` keeps the worker's garbage collector off the objects it
    inherited from the parent, which it never frees: collections stay quick
    and the pages shared with the parent are not copied.
    """
    gc.freeze()
    _STATE[:] = [state, items]


def _apply(function: Callable[[object, object], object], chunk: list) -> list:
    state = _STATE[0]
    return [function(state, item) for item in chunk]


def _apply_range(function: Callable[[object, object], object], bounds: tuple[int, int]) -> list:
    """``_apply`` to the inherited items ``bounds[0]`` to ``bounds[1]`` (exclusive)."""
    state, items = _STATE
    return [function(state, item) for item in items[bounds[0] : bounds[1]]]


def packed(function: Callable[..., object], *args: object) -> bytes:
    """In a worker: ``function(*args)``, pickled there (the caller reads it with ``pickle.loads``).

    A result sent as it is would be unpickled by the pool's own thread, and
    glibc gives each thread its own memory arena: the texts in the results
    would take new memory instead of the memory the caller's thread has just
    freed (names removed from 10,000 pages: +34 MB of resident memory, against
    +6 MB when they are unpickled by the caller).
    """
    return pickle.dumps(function(*args), protocol=pickle.HIGHEST_PROTOCOL)


def inherits_objects() -> bool:
    """Whether new worker processes start as copies of this one (the "fork" start method).

    Then they can be given the parent's objects without pickling them. That
    matters for memory: pickling a ``str`` that holds a non-ASCII character
    makes CPython keep its UTF-8 encoding inside it for as long as it lives, so
    every non-ASCII text sent to a worker would grow by half or more.
    """
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
    """``[function(state, item) for item in items]``, on ``workers`` processes when more than one.

    In: a module-level function; what it needs besides the item (``state``:
    cues, a codebook; sent once to each process); the items; the number of
    processes; a progress bar's label and switch. Out: the results, in the
    order of ``items`` (the same with any number of processes).

    Where processes are forked (Linux), they inherit ``items`` and are sent
    only which of them to take: no item is pickled (see ``inherits_objects``).
    ``release``: the caller hands ``items`` over, and each item is replaced by
    None in it once its result is back (inherited items only), so that a large
    list of items and their results are not held in full at the same time.
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
        apply = [_apply_range if inherit else _apply] * len(work)
        done = pool.map(packed, apply, [function] * len(work), work)
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
    """``[function(state, as_text(text)) for text in texts]``, each distinct text worked out once.

    In: a module-level function of the state and one text, as in
    ``map_items``; the texts (a cell may be None or NaN, read as ''); the
    caller's ``workers`` and ``progress`` (None: decided by the number of
    distinct texts, see ``worker_count`` and ``helpers.base.progress``). Out: the
    results in the order of ``texts``. A sentence that recurs (a closing
    formula, a page saved twice) is analysed once, and its rows share one
    result object, so results must not be changed in place.
    """
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
    """In a worker: ``(state, items)`` as :func:`start_worker` kept them.

    In: nothing. Out: the state and the inherited items (None when the items
    are sent with each task). Raises RuntimeError outside a worker.
    """
    if not _STATE:
        raise RuntimeError("worker_state() is only set inside a worker started by start_worker")
    return _STATE[0], _STATE[1]
