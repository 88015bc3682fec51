"""The corpus cache: a parsed corpus kept on disk, so a large folder is parsed once.

``corpus.load_corpus`` uses it from ``CACHE_FROM`` files (or when asked).
The cache file of a folder is named by :func:`cache_key`, a hash of
:func:`code_version` (the code and data files that decide how pages are
parsed), the size limit and every file's name and content, so a changed,
added or removed file, or a change to the parser, gives a new file instead of
a stale corpus. :func:`read_cache` reads a cached corpus back;
:func:`write_cache` writes one atomically and keeps the newest ``CACHE_KEEP``.

The cache lives in ``paths.cache_dir()`` (``$CORPUS_CACHE_DIR`` or
``.cache/corpus/``), never in the corpus folder. Importing this module reads
and writes nothing.
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

__all__ = [
    "CACHE_FROM",
    "CACHE_KEEP",
    "PARSING_LIBRARIES",
    "PARSING_PACKAGES",
    "cache_file",
    "cache_key",
    "code_version",
    "read_cache",
    "write_cache",
]

CACHE_FROM = 400  # files: below this, parsing is quicker than hashing for a cache
CACHE_KEEP = 8  # cached corpora kept; older ones are deleted

# What decides how pages are parsed into a corpus: the code of this subpackage and of the one
# it stands on (``helpers.base``; the floors keep every other one out), the libraries that
# decode pages and tell their language (their versions), and two rule files.
PARSING_LIBRARIES = ("charset-normalizer", "lxml", "py3langid")
PARSING_PACKAGES = ("corpus", "base")


def code_version() -> str:
    """A hash of the code and data files that decide how pages are parsed (the cache key).

    In: nothing; it reads the sources of ``PARSING_PACKAGES``, the page
    labels and the abbreviations. Out: the hex digest.
    """
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
    """What of one folder entry goes into the cache key; it never raises.

    A regular file (a link followed) up to the size limit, and the fetch log,
    by its content; a larger one by its size; a symbolic link also by where it
    points; anything else (a sub-folder, a named pipe, a device: never
    opened), or an entry that cannot be read, by its kind or the error.
    """
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
    """Hash of the code version, the size limit and every file's name and content.

    In: the entries of a corpus folder, in name order; the loader's size limit;
    ``settings``, any other option that changes what is loaded (the analysis
    language). Out: the hex digest. A file over the limit is hashed by its size
    only (it is skipped unread), a sub-folder by its name, an entry that cannot
    be read by its error (see ``_entry_digest``).
    """
    digest = hashlib.sha256(f"{code_version()}|{max_bytes}|{settings}".encode())
    for path in entries:
        digest.update(_entry_digest(path, max_bytes) + b"\0")
    return digest.hexdigest()


def cache_file(entries: list[Path], max_bytes: int, settings: str = "") -> Path:
    """Where the corpus of these folder entries is cached.

    In: as :func:`cache_key`. Out: ``corpus-<key>.pkl`` in ``paths.cache_dir()``
    (the file may not exist yet).
    """
    return cache_dir() / f"corpus-{cache_key(entries, max_bytes, settings)[:32]}.pkl"


def read_cache(cache_file: Path) -> object | None:
    """The corpus cached in ``cache_file``, or None when there is no such file.

    In: a path from :func:`cache_file`. Out: the unpickled ``corpus.Corpus``.
    """
    if not cache_file.is_file():
        return None
    with cache_file.open("rb") as handle:
        return pickle.load(handle)


def write_cache(cache_file: Path, corpus: object) -> None:
    """Write a corpus to the cache (atomically) and keep only the newest few cache files.

    In: a path from :func:`cache_file`; the ``corpus.Corpus`` to keep. Out:
    None; cache files beyond the newest ``CACHE_KEEP`` are deleted.

    Where processes are forked (``parallel.inherits_objects``), a child process
    that inherits the corpus writes it: pickling a ``str`` that holds a
    non-ASCII character makes CPython keep its UTF-8 form inside it, which
    would leave nearly every text of the corpus half as big again in this
    process. If the child fails, the corpus is written from here.
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
    """Pickle a corpus to ``cache_file`` through a temporary file, so no reader sees half of it."""
    partial = cache_file.with_suffix(f".tmp{os.getpid()}")
    with partial.open("wb") as handle:
        pickle.dump(corpus, handle, protocol=pickle.HIGHEST_PROTOCOL)
    partial.replace(cache_file)
