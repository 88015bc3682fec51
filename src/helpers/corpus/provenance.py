"""Where each page of a corpus folder came from, and when: the fetch log.

``python -m helpers fetch`` keeps ``fetch_log.csv`` in the folder it fills,
one row per URL (``LOG_COLUMNS``). The loader reads it back with
``read_origins`` to give every fetched page its ``source_url`` and
``retrieved`` time; a page that is not in the log gets its address from its
own ``<link rel="canonical">`` or ``og:url`` (``canonical_url``), and a page
saved by hand without either keeps both fields empty.

The log is written through a temporary file and ``os.replace``
(``write_log``), or one whole row at a time (``append_log_row``), so a
crash or Ctrl-C never leaves half of it.
"""

from __future__ import annotations

import csv
import html
import io
import os
import re
import warnings
from pathlib import Path

__all__ = [
    "ADDED_COLUMNS",
    "FETCH_LOG",
    "LOG_COLUMNS",
    "ProvenanceWarning",
    "append_log_row",
    "canonical_url",
    "compact_log",
    "read_charsets",
    "read_log",
    "read_origins",
    "write_atomic",
    "write_log",
]

FETCH_LOG = "fetch_log.csv"
LOG_COLUMNS = [
    "url", "file", "final_url", "status", "http_code", "bytes", "sha256", "retrieved_at", "reason",
    "content_type", "charset",
]  # fmt: skip
ADDED_COLUMNS = ("content_type", "charset")  # logs written before them lack them: read as ""
HEAD_CHARS = 200_000  # a canonical link sits in the page's <head>, near the top

_TAG = re.compile(r"<(link|meta)\b([^>]*)>", re.IGNORECASE)
_ATTRIBUTE = re.compile(r"""([\w:.-]+)\s*=\s*("[^"]*"|'[^']*'|[^\s"'>]+)""")


class ProvenanceWarning(UserWarning):
    """The fetch log of a corpus folder could not be read; the message says why."""


def _attributes(text: str) -> dict[str, str]:
    return {
        name.lower(): html.unescape(value.strip("\"'")).strip()
        for name, value in _ATTRIBUTE.findall(text)
    }


def canonical_url(text: str) -> str:
    """The page's own address, as its HTML states it.

    In: the text of an HTML page. Out: the absolute http(s) URL of its
    ``<link rel="canonical">``, else of its ``<meta property="og:url">``, else "".
    """
    canonical = og_url = ""
    for tag, attributes in _TAG.findall(text[:HEAD_CHARS]):
        found = _attributes(attributes)
        if tag.lower() == "link" and "canonical" in found.get("rel", "").lower().split():
            canonical = canonical or found.get("href", "")
        elif tag.lower() == "meta" and found.get("property", found.get("name", "")) == "og:url":
            og_url = og_url or found.get("content", "")
    for url in (canonical, og_url):
        if url.lower().startswith(("http://", "https://")):
            return url
    return ""


def read_log(path: Path) -> list[dict[str, str]]:
    """The rows of a fetch log, in order (a URL may have several until ``compact_log``).

    In: the log's path. Out: one dict per row; [] when the file does not exist.
    Raises ``ValueError`` naming the file when it lacks a column of ``LOG_COLUMNS``
    (those of ``ADDED_COLUMNS`` aside, which are "" in an older log).
    """
    if not path.is_file():
        return []
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        found = reader.fieldnames or []
        missing = [c for c in LOG_COLUMNS if c not in found and c not in ADDED_COLUMNS]
        if missing:
            raise ValueError(f"{path.name}: not a fetch log, it lacks the column(s) {missing}")
        return [{c: row.get(c) or "" for c in LOG_COLUMNS} for row in reader if row.get("url")]


def _csv_text(rows: list[dict[str, str]], header: bool) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, LOG_COLUMNS, extrasaction="ignore", lineterminator="\n")
    if header:
        writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so that it holds either the old or the new bytes, never half.

    The bytes go to a hidden temporary file beside it (which the loader
    ignores), are flushed to disk, then replace ``path`` in one step.
    """
    partial = path.with_name(f".{path.name}.{os.getpid()}.part")
    try:
        with partial.open("wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)


def write_log(path: Path, rows: list[dict[str, str]]) -> None:
    """Write a whole fetch log (header and ``rows``) atomically."""
    write_atomic(path, _csv_text(rows, header=True).encode("utf-8"))


def append_log_row(path: Path, row: dict[str, str]) -> None:
    """Add one row at the end of a fetch log (with the header if the log is new).

    The row goes out in one write of a complete line, so a run that is killed
    leaves whole rows only.
    """
    text = _csv_text([row], header=not path.is_file() or path.stat().st_size == 0)
    with path.open("a", encoding="utf-8", newline="") as handle:
        handle.write(text)
        handle.flush()


def compact_log(path: Path) -> dict[str, dict[str, str]]:
    """Keep one row per URL in a fetch log: its latest. Rewrites the log only if that changes it
    (or to bring a log written before ``ADDED_COLUMNS`` to today's header).

    In: the log's path. Out: the latest row of each URL, by URL, in the order
    the URLs first appear.
    """
    rows = read_log(path)
    latest: dict[str, dict[str, str]] = {}
    for row in rows:
        latest.pop(row["url"], None)  # a URL fetched again moves to the end
        latest[row["url"]] = row
    if len(latest) < len(rows) or (path.is_file() and _header(path) != LOG_COLUMNS):
        write_log(path, list(latest.values()))  # one row per URL, under today's header
    return latest


def _header(path: Path) -> list[str]:
    with path.open(encoding="utf-8", newline="") as handle:
        return next(csv.reader(handle), [])


def read_origins(folder: Path) -> dict[str, tuple[str, str]]:
    """Each fetched file of a corpus folder with the address and time it was fetched from.

    In: the folder. Out: ``{file name: (source_url, retrieved)}`` for the rows
    of its ``fetch_log.csv`` whose page was saved; the source is the final URL
    after redirects (else the URL asked for), the time is UTC ISO 8601. {} when
    the folder has no log; a log that cannot be read gives {} and a
    ``ProvenanceWarning`` saying why.
    """
    try:
        rows = read_log(Path(folder) / FETCH_LOG)
    except (OSError, ValueError, UnicodeDecodeError, csv.Error) as error:
        warnings.warn(
            f"{FETCH_LOG}: cannot be read ({error}); source_url and retrieved left empty",
            ProvenanceWarning,
            stacklevel=2,
        )
        return {}
    return {
        row["file"]: (row["final_url"] or row["url"], row["retrieved_at"])
        for row in rows
        if row["status"] == "saved" and row["file"]
    }


def read_charsets(folder: Path) -> dict[str, str]:
    """The charset each fetched page of a corpus folder was served with, where the log kept it.

    In: the folder. Out: ``{file name: charset}`` from the ``charset`` column of
    its ``fetch_log.csv`` (the latest saved row of each file with one); {} when
    the folder has no log, the log has no such column, or it cannot be read
    (``read_origins`` warns about that).
    """
    path = Path(folder) / FETCH_LOG
    if not path.is_file():
        return {}
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            if "charset" not in (reader.fieldnames or []):
                return {}
            return {
                row["file"]: row["charset"]
                for row in reader
                if row.get("status") == "saved" and row.get("file") and row.get("charset")
            }
    except (OSError, UnicodeDecodeError, csv.Error):
        return {}
