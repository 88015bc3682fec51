"""The corpus cache: a parsed corpus kept on disk, so a large folder is parsed once.

A cache file is named by a hash of the parsing code (the ``corpus`` and ``base`` sources,
the parsing libraries' versions, two rule files), the options and every entry's name and
content: a changed file or parser gives a new file, never a stale corpus. It lives in
``paths.cache_dir()``, never in the corpus folder; the newest ``CACHE_KEEP`` are kept.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import pickle
import stat
from importlib.metadata import version
from pathlib import Path

from helpers import __version__
from helpers.base.parallel import inherits_objects
from helpers.base.paths import cache_dir
from helpers.corpus.page_labels import PAGE_LABELS_FILE
from helpers.corpus.provenance import FETCH_LOG
from helpers.corpus.sentences import ABBREVIATIONS_FILE

# fmt: off
__all__ = [
    "CACHE_FROM", "CACHE_KEEP", "PARSING_LIBRARIES", "PARSING_PACKAGES", "cache_file",
    "cache_key", "code_version", "read_cache", "write_cache",
]
# fmt: on

CACHE_FROM = 400  # files: below this, parsing is quicker than hashing for a cache
CACHE_KEEP = 8  # cached corpora kept; older ones are deleted

# what parses pages: the floors keep every other subpackage out of the loader
PARSING_LIBRARIES = ("charset-normalizer", "lxml", "py3langid")
PARSING_PACKAGES = ("corpus", "base")


def code_version() -> str:
    """A hex digest of the code, libraries and rule files that decide how pages are parsed."""
    digest = hashlib.sha256(__version__.encode())
    for library in PARSING_LIBRARIES:
        digest.update(f"|{library}={version(library)}".encode())
    package = Path(__file__).parents[1]
    for name in PARSING_PACKAGES:
        for source in sorted((package / name).glob("*.py")):
            digest.update(f"|{name}/{source.name}|".encode() + source.read_bytes())
    for data in (PAGE_LABELS_FILE, ABBREVIATIONS_FILE):
        digest.update(Path(data).read_bytes())
    return digest.hexdigest()


def _entry_digest(path: Path, max_bytes: int) -> bytes:
    """One entry's part of the key, never raising: a regular file by its content (over the
    limit, by its size), a link also by its target, anything else by its kind or error."""
    parts = [os.fsencode(path.name)]
    try:
        if path.is_symlink():
            parts.append(b"link:" + os.fsencode(os.path.realpath(path)))
        info = os.stat(path)
        if not stat.S_ISREG(info.st_mode):
            return b"|".join([*parts, b"mode:%o" % stat.S_IFMT(info.st_mode)])
        if info.st_size > max_bytes and path.name != FETCH_LOG:
            return b"|".join([*parts, b"size:%d" % info.st_size])
        with open(path, "rb") as handle:
            return b"|".join([*parts, hashlib.sha256(handle.read()).digest()])
    except OSError as error:
        return b"|".join([*parts, f"error:{error.errno}".encode()])


def cache_key(entries: list[Path], max_bytes: int, settings: str = "") -> str:
    """Hex digest of the code version, the size limit, ``settings`` (other options that change
    what is loaded) and every entry of a folder, in name order."""
    digest = hashlib.sha256(f"{code_version()}|{max_bytes}|{settings}".encode())
    for path in entries:
        digest.update(_entry_digest(path, max_bytes) + b"\0")
    return digest.hexdigest()


def cache_file(entries: list[Path], max_bytes: int, settings: str = "") -> Path:
    """``corpus-<key>.pkl`` in ``paths.cache_dir()`` (it may not exist yet)."""
    return cache_dir() / f"corpus-{cache_key(entries, max_bytes, settings)[:32]}.pkl"


def read_cache(cache_file: Path) -> object | None:
    """The corpus cached in ``cache_file``, or None when there is none."""
    if not cache_file.is_file():
        return None
    with cache_file.open("rb") as handle:
        return pickle.load(handle)


def write_cache(cache_file: Path, corpus: object) -> None:
    """Write a corpus to the cache atomically; delete all but the newest ``CACHE_KEEP``.

    A forked child writes it where it can: pickling here would leave nearly every non-ASCII
    text half as big again (``parallel.inherits_objects``). If the child fails, this process does.
    """
    cache_file.parent.mkdir(parents=True, exist_ok=True)
    written = False
    if inherits_objects():
        child = multiprocessing.get_context("fork").Process(
            target=_dump_corpus, args=(cache_file, corpus)
        )
        child.start()
        child.join()
        written = child.exitcode == 0 and cache_file.is_file()
    if not written:
        _dump_corpus(cache_file, corpus)
    old = sorted(cache_file.parent.glob("corpus-*.pkl"), key=lambda p: p.stat().st_mtime)
    for stale in old[:-CACHE_KEEP]:
        stale.unlink(missing_ok=True)


def _dump_corpus(cache_file: Path, corpus: object) -> None:
    """Pickle through a temporary file, so no reader sees half of it."""
    partial = cache_file.with_suffix(f".tmp{os.getpid()}")
    with partial.open("wb") as handle:
        pickle.dump(corpus, handle, protocol=pickle.HIGHEST_PROTOCOL)
    partial.replace(cache_file)
