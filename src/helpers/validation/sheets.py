"""Coding sheets, and reading coded sheets back, checked.

A sheet is a CSV file (UTF-8 with a byte-order mark, so spreadsheets read its accents), a
row per sampled unit between the sentences around it, never the rules' answers.
:func:`read_codes` stops at the first problem naming the file, row and reason; a blank
cell is a unit not coded, kept as missing, never dropped. The adjudicator is ``GOLD_CODER``.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

import pandas as pd

from helpers.base.checks import require_columns
from helpers.corpus.provenance import write_atomic
from helpers.reading.framing import FRAMES, NONE_LABEL
from helpers.reading.voice import VOICES

__all__ = [
    "CODED_COLUMNS", "GOLD_CODER", "LABELS", "SHEET_COLUMNS", "SHEET_ENCODING", "SheetError",
    "codes_from_lists", "coding_progress", "coding_sheet", "read_codes", "read_sheet",
    "write_csv_atomic",
]  # fmt: skip

LABELS: dict[str, tuple[str, ...]] = {
    "frame": (*FRAMES, NONE_LABEL),
    "crime": ("trafficking", "smuggling", "both", NONE_LABEL),
    "voice": VOICES,
}
CODED_COLUMNS: tuple[str, ...] = ("frame", "crime", "voice")
SHEET_COLUMNS: tuple[str, ...] = (
    "sample_id", "item", "unit_id", "before", "text", "after", "coder", *CODED_COLUMNS, "note",
)  # fmt: skip
CODE_COLUMNS = ["file", "row", "coder", "unit_id", "item", *CODED_COLUMNS]
GOLD_CODER = "gold"
SHEET_ENCODING = "utf-8-sig"


class SheetError(ValueError):
    """A coding sheet that cannot be read as it is; the message names the file and row."""


def _label(value: object, variable: str, where: str) -> str | None:
    """A label of ``variable`` read without regard to case or spaces; None for blank."""
    text = "" if value is None else str(value).strip().casefold()
    if text and text not in LABELS[variable]:
        labels = ", ".join(LABELS[variable])
        raise SheetError(f"{where}: unknown label {value!r}; the labels are {labels}")
    return text or None


def coding_sheet(sample: pd.DataFrame, units: pd.DataFrame) -> pd.DataFrame:
    """The blank coding sheet of a ``draw_sample`` sample. Out: a row per unit in item order,
    ``SHEET_COLUMNS``, with the whole sentences ``before`` and ``after`` the unit's."""
    require_columns(
        sample, ["sample_id", "item", "unit_id", "doc_id", "sent_id", "text"], "coding_sheet"
    )
    require_columns(units, ["doc_id", "sent_id", "text"], "coding_sheet")
    context = units[units["doc_id"].isin(set(sample["doc_id"]))]  # the sampled documents
    context = context.sort_values(["doc_id", "sent_id"], kind="stable")
    sentences = context.groupby(["doc_id", "sent_id"], sort=True)["text"].agg(
        lambda texts: " ".join(str(t) for t in texts)  # a sentence's clauses joined
    )
    sentences = sentences.rename("sentence").reset_index()
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
    """Write a table as CSV (UTF-8 with a byte-order mark) in one step, so a kernel dying
    mid-write leaves the old file whole. Out: the path."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, table.to_csv(index=False).encode(SHEET_ENCODING))
    return path


def read_sheet(path: Path | str) -> pd.DataFrame:
    """One coding sheet, every cell a string, and ``row`` (the spreadsheet's number): UTF-8
    or Windows-1252, commas, semicolons or tabs, as spreadsheets save. Raises SheetError."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError as error:
        raise SheetError(f"{path.name}: no such file") from error
    try:
        text = raw.decode(SHEET_ENCODING)
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")
    separator = max((",", ";", "\t"), key=text.split("\n", 1)[0].count)  # spreadsheets differ
    try:
        table = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False, sep=separator)
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
    """Coded sheets (paths, or names mapped to ``read_sheet`` tables) checked against the
    blank sheet. Out: one row per coder and unit coded, ``CODE_COLUMNS``. A coder's name on
    one row holds for the sheet; labels are read regardless of case and spaces."""
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
            codes = {v: _label(record[v], v, f"{where}, column {v!r}") for v in CODED_COLUMNS}
            if any(codes.values()):
                rows.append({"file": name, "row": int(record["row"]), "coder": coder,
                             "unit_id": unit, "item": int(items[unit]), **codes})  # fmt: skip
    return pd.DataFrame(rows, columns=CODE_COLUMNS)


def codes_from_lists(
    sheet: pd.DataFrame, labels_by_coder: Mapping[str, Sequence[str | None]]
) -> pd.DataFrame:
    """Frames typed as lists, each coder's labels in item order (None: not coded), as
    ``read_codes`` gives them. Raises ValueError naming the coder and item of a bad label."""
    require_columns(sheet, ["unit_id", "item"], "codes_from_lists")
    rows = []
    for coder, labels in labels_by_coder.items():
        labels = list(labels)
        if len(labels) != len(sheet):
            raise ValueError(f"{coder}: {len(labels)} labels for {len(sheet)} units")
        for unit, item, label in zip(sheet["unit_id"], sheet["item"], labels, strict=True):
            rows.append({"file": "(typed)", "row": int(item) + 1, "coder": coder, "unit_id": unit,
                         "item": int(item), "crime": None, "voice": None,
                         "frame": _label(label, "frame", f"{coder}, item {item}")})  # fmt: skip
    return pd.DataFrame(rows, columns=CODE_COLUMNS)


def coding_progress(codes: pd.DataFrame, sheet: pd.DataFrame, shown: int = 30) -> pd.DataFrame:
    """How much each coder has coded: In: the codes; the blank sheet; how many items to
    list. Out: per coder, each variable's units coded and ``_missing``, and ``uncoded``,
    the items lacking a label ("4, 7, 9", then "and N more")."""
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
