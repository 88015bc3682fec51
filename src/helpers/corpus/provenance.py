"""Where each page of a corpus folder came from, and when: the fetch log.

``python -m helpers fetch`` keeps ``fetch_log.csv``, one row per URL (``LOG_COLUMNS``); the
loader reads each page's ``source_url`` and ``retrieved`` from it, else the page's canonical
link. The log is written whole through ``os.replace`` or a whole row at a time, so a crash
never leaves half of it.
"""

from __future__ import annotations

import csv
import html
import io
import os
import re
import warnings
from pathlib import Path

# fmt: off
__all__ = [
    "ADDED_COLUMNS", "FETCH_LOG", "LOG_COLUMNS", "ProvenanceWarning", "append_log_row",
    "canonical_url", "compact_log", "read_charsets", "read_log", "read_origins", "write_atomic",
    "write_log",
]
# fmt: on

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
    """An HTML page's absolute http(s) ``<link rel="canonical">``, else ``og:url``, else ""."""
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
    """A fetch log's rows in order ([] without one); ``ADDED_COLUMNS`` "" in an older log.
    Raises ``ValueError`` naming the file when it lacks another column."""
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
    """Write ``data`` through a hidden temporary file (the loader ignores it): old or new
    bytes, never half."""
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
    """Add one row to a fetch log (the header too if new), in one write of whole lines."""
    text = _csv_text([row], header=not path.is_file() or path.stat().st_size == 0)
    with path.open("a", encoding="utf-8", newline="") as handle:
        handle.write(text)
        handle.flush()


def compact_log(path: Path) -> dict[str, dict[str, str]]:
    """Keep each URL's latest row; rewrite the log only if that (or an old header) changes it.
    Out: the latest row by URL."""
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


def _saved_rows(folder: Path, warn: bool) -> list[dict[str, str]]:
    """The log's rows of saved pages; [] without a log, or (with a ``ProvenanceWarning`` when
    ``warn``) for one that cannot be read."""
    try:
        rows = read_log(Path(folder) / FETCH_LOG)
    except (OSError, ValueError, UnicodeDecodeError, csv.Error) as error:
        if warn:
            message = f"{FETCH_LOG}: cannot be read ({error}); source_url and retrieved left empty"
            warnings.warn(message, ProvenanceWarning, stacklevel=3)
        return []
    return [row for row in rows if row["status"] == "saved" and row["file"]]


def read_origins(folder: Path) -> dict[str, tuple[str, str]]:
    """``{file: (final URL, UTC time)}`` of a folder's saved pages (warns of a bad log)."""
    rows = _saved_rows(folder, warn=True)
    return {row["file"]: (row["final_url"] or row["url"], row["retrieved_at"]) for row in rows}


def read_charsets(folder: Path) -> dict[str, str]:
    """``{file: charset}`` each saved page was served with, from the log (never warns)."""
    return {row["file"]: row["charset"] for row in _saved_rows(folder, False) if row["charset"]}
