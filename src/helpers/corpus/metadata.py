"""A page's fields given from outside it: the corpus folder's ``metadata.csv``.

Pages are never edited: a missing or wrong date, title, place, language or type is written in
``metadata.csv`` (column ``file`` and any of ``METADATA_FIELDS``); it replaces the page's, and
the load report says so. Every row is checked before any page is read.
"""

from __future__ import annotations

import csv
import os
import stat
from pathlib import Path

from helpers.corpus.dates import parse_date
from helpers.corpus.language import language_code

__all__ = ["DOC_TYPES", "METADATA_FIELDS", "METADATA_FILE", "MetadataError", "read_metadata"]

METADATA_FILE = "metadata.csv"
METADATA_FIELDS = ("date", "place", "title", "language", "doc_type")
DOC_TYPES = ("press release", "event", "other")


class MetadataError(ValueError):
    """A row of ``metadata.csv`` that cannot be used; the message names the row and why."""


def _doc_type(value: str) -> str:
    doc_type = " ".join(value.lower().split())
    return doc_type if doc_type in DOC_TYPES else ""


# each checked field: its reader (None or '' when the value cannot be read) and why not
_READERS = {
    "date": (parse_date, "is not a date (write it as yyyy-mm-dd, for example 2011-12-02)"),
    "language": (language_code, "is not an ISO 639 code such as en, ru or fr"),
    "doc_type": (_doc_type, f"is not one of {', '.join(DOC_TYPES)}"),
}


def read_metadata(folder: Path | str, pages: set[str] | None) -> dict[str, dict]:
    """``{file: {field: value}}`` of a folder's ``metadata.csv`` (non-empty cells; {} without one).

    ``pages``: the names that may be pages, or None (a partition knows only its own files).
    Raises ``MetadataError``, naming the line, for a file that is no UTF-8 CSV with known
    columns, or a row naming no page, a page twice, or a value that cannot be read.
    """
    path = Path(folder) / METADATA_FILE
    real_folder = os.path.realpath(folder)
    if path.is_symlink() and os.path.dirname(os.path.realpath(path)) != real_folder:
        raise MetadataError(f"{METADATA_FILE}: a link out of the corpus folder, not followed")
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        return {}
    except OSError as error:
        raise MetadataError(f"{METADATA_FILE}: cannot be read: {error.strerror}") from error
    if not stat.S_ISREG(mode):
        raise MetadataError(f"{METADATA_FILE}: not a regular file")
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            columns = [c.strip() for c in reader.fieldnames or []]
            _check_columns(columns)
            rows = [(reader.line_num, row) for row in reader]
    except (OSError, UnicodeDecodeError, csv.Error) as error:
        raise MetadataError(f"{METADATA_FILE}: cannot be read as a UTF-8 CSV: {error}") from error
    given: dict[str, dict] = {}
    first_line: dict[str, int] = {}
    for line, row in rows:
        cells = {(k or "").strip(): (v or "").strip() for k, v in row.items() if k is not None}
        if not any(cells.values()):
            continue  # a blank line
        name = cells.get("file", "")
        where = f"{METADATA_FILE}, line {line}"
        if not name:
            raise MetadataError(f"{where}: no file named in the column 'file'")
        if pages is not None and name not in pages:
            raise MetadataError(f"{where}: names '{name}', which is no page of the corpus folder")
        if name in first_line:
            raise MetadataError(f"{where}: names '{name}' again (first on line {first_line[name]})")
        first_line[name] = line
        where = f"{where} ({name})"
        given[name] = {k: _read_field(k, cells[k], where) for k in METADATA_FIELDS if cells.get(k)}
    return given


def _read_field(key: str, value: str, where: str) -> object:
    if key not in _READERS:
        return value
    read, problem = _READERS[key]
    result = read(value)
    if not result:
        raise MetadataError(f"{where}: the {key} '{value}' {problem}")
    return result


def _check_columns(columns: list[str]) -> None:
    if "file" not in columns:
        raise MetadataError(
            f"{METADATA_FILE}: no column 'file' (its first line must name the columns, "
            f"separated by commas: file and any of {', '.join(METADATA_FIELDS)})"
        )
    unknown = [c for c in columns if c not in ("file", *METADATA_FIELDS)]
    if unknown:
        raise MetadataError(
            f"{METADATA_FILE}: unknown column(s) {', '.join(repr(c) for c in unknown)}; "
            f"the columns are file and any of {', '.join(METADATA_FIELDS)}"
        )
