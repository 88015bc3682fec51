"""Validation, step 2: coding sheets, and reading coded sheets back.

A **coding sheet** is a CSV file (UTF-8 with a byte-order mark, so that
spreadsheets read its accents) with one row per sampled unit and the columns
``SHEET_COLUMNS``: the sample's id, the item number, the unit's id, the
sentence before, the unit's text and the sentence after, then the columns a
coder fills in: ``coder`` (their name), ``frame``, ``crime``, ``voice`` (one
label each, from ``LABELS``) and ``note``. It never holds the rules' answers.
A coder copies the blank sheet, writes their name, and codes; the project's
coding widget (``helpers.validation.widget``) writes the same file.

**Reading sheets back** (:func:`read_codes`) checks every sheet against the
blank sheet of its sample and stops at the first problem with a
``SheetError`` naming the file, the row (as a spreadsheet numbers it, the
header being row 1) and the reason: a missing column; a sheet of another
sample; a unit that is not in the sample; a unit coded twice by one coder
(in one sheet or in two); an unknown label; a sheet without a coder's name.
Labels are read without regard to case or surrounding spaces ("Nexus " is
``nexus``). A blank cell is a unit the coder did not code: it is kept as
missing (Krippendorff's alpha allows missing values) and counted by
:func:`coding_progress`, never dropped silently. A sheet's ``coder`` may be
written on one row only: when a sheet names exactly one coder, that name
holds for its blank rows. An adjudicator's sheet uses the coder name
``GOLD_CODER``; it settles disagreements and is left out of agreement.
"""

from __future__ import annotations

import io
import os
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

import pandas as pd

from helpers.base.checks import require_columns
from helpers.reading.framing import FRAMES, NONE_LABEL
from helpers.reading.voice import VOICES

__all__ = [
    "CODED_COLUMNS",
    "CODE_COLUMNS",
    "GOLD_CODER",
    "LABELS",
    "SHEET_COLUMNS",
    "SHEET_ENCODING",
    "SheetError",
    "codes_from_lists",
    "coding_progress",
    "coding_sheet",
    "read_codes",
    "read_sheet",
    "write_csv_atomic",
]

LABELS: dict[str, tuple[str, ...]] = {
    "frame": (*FRAMES, NONE_LABEL),
    "crime": ("trafficking", "smuggling", "both", NONE_LABEL),
    "voice": VOICES,
}
CODED_COLUMNS: tuple[str, ...] = ("frame", "crime", "voice")
SHEET_COLUMNS: tuple[str, ...] = (
    "sample_id",
    "item",
    "unit_id",
    "before",
    "text",
    "after",
    "coder",
    *CODED_COLUMNS,
    "note",
)
CODE_COLUMNS: tuple[str, ...] = ("file", "row", "coder", "unit_id", "item", *CODED_COLUMNS)
GOLD_CODER = "gold"
SHEET_ENCODING = "utf-8-sig"


class SheetError(ValueError):
    """A coding sheet that cannot be read as it is; the message names the file and row."""


def _sentences(units: pd.DataFrame) -> pd.DataFrame:
    """One row per sentence (``doc_id, sent_id, sentence``), clauses of a sentence joined."""
    ordered = units.sort_values(["doc_id", "sent_id"], kind="stable")
    joined = ordered.groupby(["doc_id", "sent_id"], sort=True)["text"].agg(
        lambda texts: " ".join(str(t) for t in texts)
    )
    return joined.rename("sentence").reset_index()


def coding_sheet(sample: pd.DataFrame, units: pd.DataFrame) -> pd.DataFrame:
    """The blank coding sheet of a sample.

    In: the sample (``sample_id, item, unit_id, doc_id, sent_id, text``, as
    ``validation.draw_sample`` gives it) and the units it was drawn from
    (``doc_id, sent_id, text``: the context). Out: one row per sampled unit,
    in item order, columns ``SHEET_COLUMNS``: ``before`` and ``after`` are the
    whole sentences before and after the unit's sentence in its document
    ('' at a document's start or end); the coded columns are empty.
    """
    require_columns(
        sample, ["sample_id", "item", "unit_id", "doc_id", "sent_id", "text"], "coding_sheet"
    )
    require_columns(units, ["doc_id", "sent_id", "text"], "coding_sheet")
    # only the sampled units' documents are needed for the context
    sentences = _sentences(units[units["doc_id"].isin(set(sample["doc_id"]))])
    sentences["before"] = sentences.groupby("doc_id")["sentence"].shift(1).fillna("")
    sentences["after"] = sentences.groupby("doc_id")["sentence"].shift(-1).fillna("")
    sheet = sample.sort_values("item").merge(
        sentences[["doc_id", "sent_id", "before", "after"]], on=["doc_id", "sent_id"], how="left"
    )
    for column in ("before", "after"):
        sheet[column] = sheet[column].fillna("")
    for column in ("coder", *CODED_COLUMNS, "note"):
        sheet[column] = ""
    return sheet[list(SHEET_COLUMNS)].reset_index(drop=True)


def write_csv_atomic(table: pd.DataFrame, path: Path | str) -> Path:
    """Write a table as CSV in one step: a half-written file never replaces a good one.

    In: the table and the path. Out: the path. The table is written to a
    temporary file in the same folder, flushed to disk, then renamed over
    ``path`` (``os.replace``), so a kernel that dies mid-write leaves the old
    file whole. UTF-8 with a byte-order mark, no index.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding=SHEET_ENCODING, newline="") as stream:
            table.to_csv(stream, index=False)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return path


def _delimiter(header: str) -> str:
    """The separator of a CSV header line: a comma, or the semicolon or tab that spreadsheets
    in many languages write instead (whichever splits the header most)."""
    return max((",", ";", "\t"), key=header.count)


def read_sheet(path: Path | str) -> pd.DataFrame:
    """Read one coding sheet as text, every cell a string ('' for blank).

    In: the CSV path: UTF-8 (with or without a byte-order mark) or, failing
    that, Windows-1252, as some spreadsheets save CSV; separated by commas,
    semicolons or tabs (read from the header). Out: its rows, with ``row``
    added (the spreadsheet row number: the header is row 1). Raises
    SheetError naming the file when it is missing, unreadable or lacks a
    column of ``SHEET_COLUMNS`` other than ``before``, ``after`` and ``note``.
    """
    path = Path(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError as error:
        raise SheetError(f"{path.name}: no such file") from error
    try:
        text = raw.decode(SHEET_ENCODING)
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")
    try:
        table = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False,
                            sep=_delimiter(text.split("\n", 1)[0]))  # fmt: skip
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as error:
        raise SheetError(f"{path.name}: not a readable CSV file ({error})") from error
    table.columns = [str(c).strip() for c in table.columns]
    needed = ["sample_id", "item", "unit_id", "coder", *CODED_COLUMNS]
    missing = [column for column in needed if column not in table.columns]
    if missing:
        raise SheetError(
            f"{path.name}: no column {', '.join(repr(m) for m in missing)}; a coding sheet has "
            f"the columns {', '.join(SHEET_COLUMNS)}"
        )
    return table.assign(row=range(2, len(table) + 2))


def _fill_coder(table: pd.DataFrame, name: str) -> pd.Series:
    coder = table["coder"].str.strip()
    named = sorted(set(coder) - {""})
    if not named:
        raise SheetError(f"{name}: no coder's name; write it in the column 'coder'")
    if len(named) == 1:
        return coder.mask(coder == "", named[0])
    blank = table.loc[coder == "", "row"]
    if len(blank):
        raise SheetError(
            f"{name} row {blank.iloc[0]}: no coder's name, and the sheet names several "
            f"({', '.join(named)})"
        )
    return coder


def read_codes(
    template: pd.DataFrame | Path | str,
    sheets: Iterable[Path | str] | Mapping[str, pd.DataFrame],
) -> pd.DataFrame:
    """Read coded sheets back, checked against the sample's blank sheet (module docstring).

    In: the blank sheet (a path, or the table ``coding_sheet`` gave); the coded
    sheets, as paths, or as a mapping from a name (used in messages) to a
    table read by ``read_sheet``. Out: one row per coder and unit coded in
    at least one variable, columns ``CODE_COLUMNS``; a label is one of
    ``LABELS`` or missing. A row left wholly empty (a spreadsheet may save
    some after the last) is not a row of the sheet. Raises SheetError at the
    first problem.
    """
    if isinstance(template, pd.DataFrame):
        blank, blank_name = template, "the blank sheet"
    else:
        blank, blank_name = read_sheet(template), Path(template).name
    require_columns(blank, ["sample_id", "unit_id", "item"], "read_codes")
    sample_ids = set(blank["sample_id"].astype(str))
    if len(sample_ids) != 1:
        found = sorted(sample_ids)
        raise SheetError(f"{blank_name}: a blank sheet holds one sample, found {found}")
    sample_id = sample_ids.pop()
    items = dict(zip(blank["unit_id"].astype(str), blank["item"].astype(str), strict=True))
    if isinstance(sheets, Mapping):
        named = [(name, table) for name, table in sheets.items()]
    else:
        named = [(Path(path).name, read_sheet(path)) for path in sheets]
    rows: list[dict] = []
    seen: dict[tuple[str, str], str] = {}
    for name, table in named:
        if "row" not in table.columns:
            table = table.assign(row=range(2, len(table) + 2))
        table = table.fillna("").astype(str).assign(row=table["row"])
        content = [c for c in table.columns if c != "row"]
        table = table[(table[content].apply(lambda c: c.str.strip()) != "").any(axis=1)]
        coders = _fill_coder(table, name)
        for record, coder in zip(table.to_dict("records"), coders, strict=True):
            where = f"{name} row {record['row']}"
            if record["sample_id"].strip() != sample_id:
                raise SheetError(
                    f"{where}: sample {record['sample_id'].strip()!r}, not this sample "
                    f"({sample_id!r}): a sheet coded on another sample"
                )
            unit = record["unit_id"].strip()
            if unit not in items:
                raise SheetError(f"{where}: unit {unit!r} is not in sample {sample_id}")
            if (coder, unit) in seen:
                raise SheetError(
                    f"{where}: unit {unit!r} is coded twice by {coder!r} (also {seen[coder, unit]})"
                )
            seen[coder, unit] = where
            codes = {}
            for variable in CODED_COLUMNS:
                value = record[variable].strip().casefold()
                if value and value not in LABELS[variable]:
                    raise SheetError(
                        f"{where}, column {variable!r}: unknown label {record[variable]!r}; the "
                        f"labels are {', '.join(LABELS[variable])}"
                    )
                codes[variable] = value or None
            if any(codes.values()):
                rows.append(
                    {
                        "file": name,
                        "row": int(record["row"]),
                        "coder": coder,
                        "unit_id": unit,
                        "item": int(items[unit]),
                        **codes,
                    }
                )
    return pd.DataFrame(rows, columns=list(CODE_COLUMNS))


def codes_from_lists(
    sheet: pd.DataFrame,
    labels_by_coder: Mapping[str, Sequence[str | None]],
    variable: str = "frame",
) -> pd.DataFrame:
    """Codes typed as lists (one label per row of a sheet, in item order), as codes.

    In: the sheet (``unit_id, item``); a mapping from each coder's name to
    their labels; the variable coded. Out: the table ``read_codes`` gives
    (``CODE_COLUMNS``; the other variables missing), ``file`` '(typed)'. A
    None or '' is a unit not coded. Raises ValueError naming the coder and
    the item for a list of the wrong length or an unknown label.
    """
    require_columns(sheet, ["unit_id", "item"], "codes_from_lists")
    if variable not in LABELS:
        raise ValueError(
            f"codes_from_lists: unknown variable {variable!r}; they are {CODED_COLUMNS}"
        )
    rows = []
    for coder, labels in labels_by_coder.items():
        labels = list(labels)
        if len(labels) != len(sheet):
            raise ValueError(f"{coder}: {len(labels)} labels for {len(sheet)} units")
        for unit, item, label in zip(sheet["unit_id"], sheet["item"], labels, strict=True):
            value = "" if label is None else str(label).strip().casefold()
            if value and value not in LABELS[variable]:
                raise ValueError(
                    f"{coder}, item {item}: unknown label {label!r}; the labels are "
                    f"{', '.join(LABELS[variable])}"
                )
            row = {"file": "(typed)", "row": int(item) + 1, "coder": coder, "unit_id": unit,
                   "item": int(item), "frame": None, "crime": None, "voice": None}  # fmt: skip
            row[variable] = value or None
            rows.append(row)
    return pd.DataFrame(rows, columns=list(CODE_COLUMNS))


def coding_progress(codes: pd.DataFrame, sheet: pd.DataFrame, shown: int = 30) -> pd.DataFrame:
    """How much each coder has coded, and which items they have not.

    In: the codes (``coder, unit_id, frame, crime, voice``); the blank sheet
    (``unit_id, item``); how many items to list at most. Out: one row per
    coder: ``coder``; for each coded variable the units coded and
    ``<variable>_missing``, the sample's units without a label (left blank, or
    whose row is missing from the sheet); ``uncoded``, the items lacking a
    label in some variable ("4, 7, 9", then "and N more").
    """
    require_columns(codes, ["coder", "unit_id", *CODED_COLUMNS], "coding_progress")
    require_columns(sheet, ["unit_id", "item"], "coding_progress")
    items = sheet[["unit_id", "item"]].astype({"unit_id": str})
    rows = []
    for coder, own in codes.groupby("coder", sort=True):
        row: dict = {"coder": coder}
        mine = items.merge(own[["unit_id", *CODED_COLUMNS]], on="unit_id", how="left")
        for variable in CODED_COLUMNS:
            done = int(mine[variable].notna().sum())
            row[variable] = done
            row[f"{variable}_missing"] = len(items) - done
        lacking = [str(item) for item in mine.loc[mine[list(CODED_COLUMNS)].isna().any(axis=1),
                                                  "item"]]  # fmt: skip
        more = f", and {len(lacking) - shown} more" if len(lacking) > shown else ""
        row["uncoded"] = ", ".join(lacking[:shown]) + more
        rows.append(row)
    columns = ["coder", *[c for v in CODED_COLUMNS for c in (v, f"{v}_missing")], "uncoded"]
    return pd.DataFrame(rows, columns=columns)
