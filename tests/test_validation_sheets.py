"""Coded sheets read back: the good case, and every kind of bad sheet, each named by file and row.

The sheets are made up here, in the shape a spreadsheet saves: a blank sheet of
four units, and coders' copies of it with their labels.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from helpers.cli import main
from helpers.validation.sheets import (
    SHEET_COLUMNS,
    SheetError,
    codes_from_lists,
    coding_progress,
    read_codes,
    read_sheet,
    write_csv_atomic,
)

UNITS = ["d1:0", "d1:1", "d2:0", "d2:3"]


def blank_sheet(sample_id: str = "Sabc") -> pd.DataFrame:
    return pd.DataFrame({
        "sample_id": sample_id, "item": range(1, 5), "unit_id": UNITS,
        "before": "", "text": ["T0.", "T1.", "T2.", "T3."], "after": "",
        "coder": "", "frame": "", "crime": "", "voice": "", "note": "",
    })[list(SHEET_COLUMNS)]  # fmt: skip


def coded(coder: str, frames: list[str], **changes) -> pd.DataFrame:
    sheet = blank_sheet().assign(coder=coder, frame=frames, crime="both", voice="own")
    for column, values in changes.items():
        sheet[column] = values
    return sheet


@pytest.fixture()
def folder(tmp_path: Path) -> Path:
    write_csv_atomic(blank_sheet(), tmp_path / "coding.csv")
    return tmp_path


def write(folder: Path, name: str, table: pd.DataFrame) -> Path:
    path = folder / name
    table.to_csv(path, index=False)  # plain UTF-8, as a spreadsheet may save it
    return path


def test_good_sheets_are_read_with_labels_normalised_and_blanks_kept(folder: Path) -> None:
    ann = coded("ann", ["Nexus ", "paired", "", "none"])
    ann.loc[1:, "coder"] = ""  # the name written on the first row only
    bob = coded("bob", ["nexus", "nexus", "smuggling", "none"])
    paths = [write(folder, "ann.csv", ann), write(folder, "bob.csv", bob)]
    codes = read_codes(folder / "coding.csv", paths)
    assert sorted(set(codes["coder"])) == ["ann", "bob"]
    ann_codes = codes[codes["coder"] == "ann"].set_index("unit_id")
    assert ann_codes.at["d1:0", "frame"] == "nexus"
    assert pd.isna(ann_codes.at["d2:0", "frame"])  # blank: not coded, kept as missing
    assert ann_codes.at["d2:0", "crime"] == "both"
    assert ann_codes.at["d1:0", "row"] == 2 and ann_codes.at["d1:0", "file"] == "ann.csv"
    progress = coding_progress(codes, blank_sheet()).set_index("coder")
    assert progress.loc["ann", ["frame", "frame_missing", "uncoded"]].tolist() == [3, 1, "3"]
    assert progress.loc["bob", ["frame", "frame_missing", "uncoded"]].tolist() == [4, 0, ""]


def test_deleted_rows_count_as_uncoded_and_empty_rows_are_no_rows(folder: Path) -> None:
    ann = coded("ann", ["nexus", "paired", "none", "none"]).drop(index=[1, 3])
    empty = pd.DataFrame([[""] * len(ann.columns)] * 2, columns=ann.columns)
    path = write(folder, "ann.csv", pd.concat([ann, empty], ignore_index=True))
    codes = read_codes(folder / "coding.csv", [path])
    assert codes["item"].tolist() == [1, 3]
    progress = coding_progress(codes, blank_sheet()).set_index("coder")
    assert progress.loc["ann", ["frame_missing", "uncoded"]].tolist() == [2, "2, 4"]


def test_a_row_left_wholly_blank_is_not_a_code(folder: Path) -> None:
    ann = coded("ann", ["nexus", "", "", ""])
    ann.loc[1:, ["crime", "voice"]] = ""
    codes = read_codes(folder / "coding.csv", [write(folder, "ann.csv", ann)])
    assert codes["unit_id"].tolist() == ["d1:0"]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        pytest.param(lambda s: s.assign(frame=["nexus", "nexsu", "none", "none"]),
                     r"ann\.csv row 3, column 'frame': unknown label 'nexsu'; the labels are",
                     id="unknown-frame"),
        pytest.param(lambda s: s.assign(voice=["own", "own", "said", "own"]),
                     r"ann\.csv row 4, column 'voice': unknown label 'said'", id="unknown-voice"),
        pytest.param(lambda s: s.assign(unit_id=["d1:0", "d1:1", "d9:9", "d2:3"]),
                     r"ann\.csv row 4: unit 'd9:9' is not in sample Sabc", id="unit-not-in-sample"),
        pytest.param(lambda s: s.assign(unit_id=["d1:0", "d1:1", "d1:0", "d2:3"]),
                     r"ann\.csv row 4: unit 'd1:0' is coded twice by 'ann' \(also ann\.csv row 2\)",
                     id="coded-twice"),
        pytest.param(lambda s: s.assign(sample_id="Sother"),
                     r"ann\.csv row 2: sample 'Sother', not this sample \('Sabc'\): a sheet coded "
                     "on another sample", id="another-sample"),
        pytest.param(lambda s: s.drop(columns="crime"), r"ann\.csv: no column 'crime'",
                     id="missing-column"),
        pytest.param(lambda s: s.assign(coder=""), r"ann\.csv: no coder's name", id="no-coder"),
        pytest.param(lambda s: s.assign(coder=["ann", "bob", "", "ann"]),
                     r"ann\.csv row 4: no coder's name, and the sheet names several",
                     id="blank-coder-among-several"),
    ],
)  # fmt: skip
def test_a_bad_sheet_is_refused_naming_file_and_row(folder: Path, change, message) -> None:
    sheet = change(coded("ann", ["nexus", "paired", "none", "none"]))
    path = write(folder, "ann.csv", sheet)
    with pytest.raises(SheetError, match=message):
        read_codes(folder / "coding.csv", [path])


def test_one_coder_in_two_sheets_is_a_unit_coded_twice(folder: Path) -> None:
    first = write(folder, "ann.csv", coded("ann", ["nexus", "paired", "none", "none"]))
    second = write(folder, "ann_again.csv", coded("ann", ["nexus", "paired", "none", "none"]))
    with pytest.raises(SheetError, match=r"ann_again\.csv row 2: unit 'd1:0' is coded twice"):
        read_codes(folder / "coding.csv", [first, second])


def test_a_missing_or_unreadable_file_is_named(folder: Path) -> None:
    with pytest.raises(SheetError, match=r"nobody\.csv: no such file"):
        read_sheet(folder / "nobody.csv")
    (folder / "empty.csv").write_text("", encoding="utf-8")
    with pytest.raises(SheetError, match=r"empty\.csv: not a readable CSV file"):
        read_sheet(folder / "empty.csv")


def test_atomic_write_leaves_no_temporary_file(folder: Path) -> None:
    write_csv_atomic(blank_sheet("Snew"), folder / "coding.csv")
    assert sorted(p.name for p in folder.iterdir()) == ["coding.csv"]
    assert read_sheet(folder / "coding.csv")["sample_id"].eq("Snew").all()


def test_the_agree_command_reads_sheets_and_writes_disagreements(folder: Path, capsys) -> None:
    ann = write(folder, "ann.csv", coded("ann", ["nexus", "paired", "none", "none"]))
    bob = write(folder, "bob.csv", coded("bob", ["nexus", "nexus", "none", "smuggling"]))
    assert main(["agree", str(folder / "coding.csv"), str(ann), str(bob)]) == 0
    out = capsys.readouterr().out
    assert "frame: alpha = " in out and "2 disagreement(s)" in out
    found = pd.read_csv(folder / "disagreements.csv", encoding="utf-8-sig")
    assert found["unit_id"].tolist() == ["d1:1", "d2:3"]
    assert found[["ann", "bob"]].values.tolist() == [["paired", "nexus"], ["none", "smuggling"]]
    bad = write(folder, "bad.csv", coded("eve", ["nexus", "oops", "none", "none"]))
    assert main(["agree", str(folder / "coding.csv"), str(ann), str(bad)]) == 2
    assert "bad.csv row 3, column 'frame': unknown label 'oops'" in capsys.readouterr().err


def test_codes_typed_as_lists_are_checked_like_sheets() -> None:
    codes = codes_from_lists(blank_sheet(), {"you": ["Nexus", None, "none", "paired"],
                                             "me": ["nexus", "paired", "", "paired"]})  # fmt: skip
    assert len(codes) == 8 and set(codes["coder"]) == {"you", "me"}
    you = codes[codes["coder"] == "you"].set_index("item")
    assert you.at[1, "frame"] == "nexus" and pd.isna(you.at[2, "frame"])
    with pytest.raises(ValueError, match="you, item 2: unknown label 'nexsu'"):
        codes_from_lists(blank_sheet(), {"you": ["nexus", "nexsu", "none", "none"]})
    with pytest.raises(ValueError, match="you: 3 labels for 4 units"):
        codes_from_lists(blank_sheet(), {"you": ["nexus", "none", "none"]})


def test_sheets_saved_by_spreadsheets_in_other_languages_are_read(folder: Path) -> None:
    sheet = coded("Zoë", ["nexus", "paired", "none", "none"])
    (folder / "semicolons.csv").write_text(sheet.to_csv(index=False, sep=";"), encoding="cp1252")
    (folder / "tabs.csv").write_text(sheet.assign(coder="tab").to_csv(index=False, sep="\t"),
                                     encoding="utf-8")  # fmt: skip
    codes = read_codes(folder / "coding.csv", [folder / "semicolons.csv", folder / "tabs.csv"])
    assert sorted(set(codes["coder"])) == ["Zoë", "tab"]
    assert codes.loc[codes["coder"] == "Zoë", "frame"].tolist() == [
        "nexus",
        "paired",
        "none",
        "none",
    ]
