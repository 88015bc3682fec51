"""The coding widget: every click saved at once, a session resumed where it stopped, the
rules' answers never shown, and a static view that writes nothing. Clicks are simulated."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from helpers.validation.sheets import SHEET_COLUMNS, SheetError, read_codes, read_sheet
from helpers.validation.widget import LIVE_ENV, CodingSession, StaticCoding, coding_widget


def blank_sheet(sample_id: str = "Sabc", n: int = 3) -> pd.DataFrame:
    return pd.DataFrame({
        "sample_id": sample_id, "item": range(1, n + 1), "unit_id": [f"d:{i}" for i in range(n)],
        "before": "Before.", "text": [f"Unit text {i}." for i in range(n)], "after": "After.",
        "coder": "", "frame": "", "crime": "", "voice": "", "note": "",
    })[list(SHEET_COLUMNS)]  # fmt: skip


def code_unit(session: CodingSession, frame: str, crime: str, voice: str) -> None:
    for variable, label in (("frame", frame), ("crime", crime), ("voice", voice)):
        session.code(variable, label)


def test_every_click_is_saved_and_a_new_session_resumes(tmp_path: Path) -> None:
    path = tmp_path / "ann.csv"
    session = CodingSession(blank_sheet(), path, "ann")
    assert not path.exists()  # nothing written before the first click
    session.code("frame", "nexus")
    saved = read_sheet(path)
    assert saved.loc[0, ["coder", "frame", "crime"]].tolist() == ["ann", "nexus", ""]
    assert session.position == 0  # the unit is not complete yet
    session.code("crime", "both")
    session.code("voice", "quoted")
    assert session.position == 1  # complete: on to the next unit
    session.code("frame", "paired")  # the kernel dies here, mid-unit
    resumed = CodingSession(blank_sheet(), path)
    assert resumed.coder == "ann"
    assert resumed.position == 1
    assert resumed.unit()["frame"] == "paired"
    assert resumed.coded() == 1
    code_unit(resumed, "paired", "both", "own")
    code_unit(resumed, "none", "none", "own")
    codes = read_codes(blank_sheet(), [path])
    assert codes[["unit_id", "frame", "voice"]].values.tolist() == [
        ["d:0", "nexus", "quoted"], ["d:1", "paired", "own"], ["d:2", "none", "own"],
    ]  # fmt: skip
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ann.csv"]  # no temporary file left


def test_notes_moves_and_changed_minds(tmp_path: Path) -> None:
    session = CodingSession(blank_sheet(), tmp_path / "bob.csv", "bob")
    session.move(5)
    assert session.position == 2
    session.move(-9)
    assert session.position == 0
    session.note("hard to say")
    session.code("frame", "nexus")
    session.code("frame", "distinction")  # a second click replaces the first
    sheet = read_sheet(tmp_path / "bob.csv")
    assert sheet.loc[0, ["frame", "note"]].tolist() == ["distinction", "hard to say"]


def test_bad_labels_and_other_samples_are_refused(tmp_path: Path) -> None:
    session = CodingSession(blank_sheet(), tmp_path / "ann.csv", "ann")
    with pytest.raises(ValueError, match="unknown frame label 'nexsu'"):
        session.code("frame", "nexsu")
    with pytest.raises(ValueError, match="unknown variable 'tone'"):
        session.code("tone", "calm")
    session.code("frame", "nexus")
    with pytest.raises(SheetError, match="a sheet of another sample"):
        CodingSession(blank_sheet("Sother"), tmp_path / "ann.csv", "ann")
    with pytest.raises(ValueError, match="needs the coder's name"):
        CodingSession(blank_sheet(), tmp_path / "new.csv", "")


def test_the_live_widget_saves_each_click_and_never_shows_the_rules(tmp_path: Path) -> None:
    pytest.importorskip("ipywidgets")
    blank = blank_sheet().assign(rules_frame="trafficking")  # a column a sheet must not show
    path = tmp_path / "ann.csv"
    box = coding_widget(blank, path, "ann", live=True)
    buttons = {}
    for row in box.children[1:4]:
        variable = row.children[0].value.rstrip(":")
        buttons[variable] = {b.description: b for b in row.children[1:]}
    assert set(buttons) == {"frame", "crime", "voice"}
    assert "trafficking" not in box.children[0].value.lower()  # the unit is shown, not the rules
    buttons["frame"]["nexus"].click()
    assert read_sheet(path).loc[0, "frame"] == "nexus"
    assert buttons["frame"]["nexus"].button_style == "success"
    buttons["crime"]["both"].click()
    buttons["voice"]["own"].click()
    assert "Unit 2 of 3" in box.children[0].value
    assert box.session.coded() == 1
    again = coding_widget(blank, path, "ann", live=True)  # reopened: resumes at unit 2
    assert "Unit 2 of 3" in again.children[0].value


def test_the_static_view_writes_nothing(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.delenv(LIVE_ENV, raising=False)
    path = tmp_path / "ann.csv"
    view = coding_widget(blank_sheet(), path, "ann")
    assert isinstance(view, StaticCoding)
    assert "no sheet yet" in repr(view) and "3 units" in repr(view)
    assert not path.exists()
    CodingSession(blank_sheet(), path, "ann").code("frame", "none")
    assert "ann: 0 of 3 units coded" in repr(coding_widget(blank_sheet(), path, "ann"))
