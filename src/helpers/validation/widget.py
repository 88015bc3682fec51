"""Code a sample in JupyterLab, one unit at a time, the sheet saved atomically after every
click (a dying kernel loses one click at most). The widget writes files, so it is live only
when asked (``live=True`` or ``CODING_LIVE=1``); otherwise a summary that writes nothing.
"""

from __future__ import annotations

import html
import os
from pathlib import Path

import pandas as pd

from helpers.base.paths import display_path
from helpers.base.prose import wrap
from helpers.validation.sheets import (
    CODED_COLUMNS,
    LABELS,
    SHEET_COLUMNS,
    SheetError,
    read_sheet,
    write_csv_atomic,
)

__all__ = ["LIVE_ENV", "CodingSession", "StaticCoding", "coding_widget"]

LIVE_ENV = "CODING_LIVE"


class CodingSession:
    """One coder's sheet of one sample, new or resumed at the first unit not fully coded (it
    keeps its coder's name). Raises SheetError for a sheet of another sample."""

    def __init__(self, blank: pd.DataFrame | Path | str, path: Path | str, coder: str = "") -> None:
        blank_table = blank if isinstance(blank, pd.DataFrame) else read_sheet(blank)
        blank_table = blank_table.drop(columns="row", errors="ignore").fillna("").astype(str)
        self.path = Path(path)
        if self.path.exists():
            sheet = read_sheet(self.path).fillna("").astype(str)
            sheet = sheet.reindex(columns=list(SHEET_COLUMNS), fill_value="")
            if set(sheet["sample_id"]) != set(blank_table["sample_id"]):
                raise SheetError(f"{self.path.name}: a sheet of another sample")
            if list(sheet["unit_id"]) != list(blank_table["unit_id"]):
                raise SheetError(f"{self.path.name}: its units are not those of the blank sheet")
            named = sorted(set(sheet["coder"].str.strip()) - {""})
            self.coder = named[0] if named else coder.strip()
        else:
            if not coder.strip():
                raise ValueError("CodingSession: a new sheet needs the coder's name")
            sheet, self.coder = blank_table.copy(), coder.strip()
        sheet["coder"] = self.coder
        self.sheet = sheet[list(SHEET_COLUMNS)].reset_index(drop=True)
        first_open = (i for i in range(len(self)) if not self.complete(i))
        self.position = next(first_open, max(len(self) - 1, 0))  # the last when all are coded

    def __len__(self) -> int:
        return len(self.sheet)

    def complete(self, position: int) -> bool:
        """Whether the unit at ``position`` has a label in every variable."""
        return all(self.sheet.at[position, v].strip() for v in CODED_COLUMNS)

    def coded(self) -> int:
        """How many units have a label in every variable."""
        return sum(self.complete(i) for i in range(len(self)))

    def unit(self) -> dict:
        """The current unit's row of the sheet."""
        return self.sheet.iloc[self.position].to_dict()

    def code(self, variable: str, label: str) -> None:
        """Label the current unit and save; a complete unit moves on to the next open one."""
        if variable not in CODED_COLUMNS:
            raise ValueError(f"unknown variable {variable!r}; the variables are {CODED_COLUMNS}")
        if label not in LABELS[variable]:
            labels = LABELS[variable]
            raise ValueError(f"unknown {variable} label {label!r}; the labels are {labels}")
        self.sheet.at[self.position, variable] = label
        write_csv_atomic(self.sheet, self.path)
        if self.complete(self.position):
            later = [i for i in range(self.position + 1, len(self)) if not self.complete(i)]
            if later:
                self.position = later[0]

    def note(self, text: str) -> None:
        """Set the current unit's note and save."""
        self.sheet.at[self.position, "note"] = text
        write_csv_atomic(self.sheet, self.path)

    def move(self, step: int) -> None:
        """Move ``step`` units forward (negative: back), staying within the sheet."""
        self.position = min(max(self.position + step, 0), len(self) - 1)

    def summary(self) -> str:
        """One line: who codes which sheet, and how far they are."""
        return (
            f"{self.coder}: {self.coded()} of {len(self)} units coded in "
            f"{display_path(self.path)}; unit {self.position + 1} is next."
        )


class StaticCoding:
    """What :func:`coding_widget` shows when not live: a summary, and how to go live."""

    def __init__(self, text: str) -> None:
        self.text = text

    def __repr__(self) -> str:
        return self.text


def _static(blank: pd.DataFrame | Path | str, path: Path | str, coder: str) -> StaticCoding:
    path = Path(path)
    n = len(blank) if isinstance(blank, pd.DataFrame) else len(read_sheet(blank))
    if path.exists():
        status = CodingSession(blank, path, coder).summary()
    else:
        status = (
            f"{coder or 'The coder'}: no sheet yet at {display_path(path)}; the live widget "
            f"starts it, with {n} units to code."
        )
    how = (
        f"The coding widget is shown live in JupyterLab with live=True (or {LIVE_ENV}=1); "
        "each click is saved at once."
    )
    # wrapped between words, as printed prose is everywhere (helpers.base.prose)
    return StaticCoding("\n".join(wrap(line, indent="") for line in (status, how)))


def _unit_html(session: CodingSession) -> str:
    unit = session.unit()
    before, text, after = (html.escape(str(unit[k])) for k in ("before", "text", "after"))
    return (
        f"<div style='max-width: 60em'><p><b>Unit {session.position + 1} of {len(session)}</b> "
        f"(item {html.escape(str(unit['item']))}; {session.coded()} fully coded)</p>"
        f"<p style='color: #666'>{before}</p><p style='font-size: 1.1em'><b>{text}</b></p>"
        f"<p style='color: #666'>{after}</p></div>"
    )


def coding_widget(
    blank: pd.DataFrame | Path | str, path: Path | str, coder: str = "", live: bool | None = None
):
    """The coding widget of a coder's sheet (created on the first click, else resumed), never
    showing the rules' answers. Out: an ipywidgets ``VBox`` when live, else a ``StaticCoding``."""
    if live is None:
        live = os.environ.get(LIVE_ENV, "").strip() == "1"
    if not live:
        return _static(blank, path, coder)
    import ipywidgets as widgets

    session = CodingSession(blank, path, coder)
    shown = widgets.HTML()
    status = widgets.HTML()
    note = widgets.Text(
        description="note", continuous_update=False, layout=widgets.Layout(width="60em")
    )
    buttons: dict[str, list] = {}

    def refresh() -> None:
        shown.value = _unit_html(session)
        unit = session.unit()
        for variable, row in buttons.items():
            for button in row:
                button.button_style = "success" if unit[variable] == button.description else ""
        note.value = unit["note"]
        status.value = html.escape(session.summary())

    def on_label(variable: str, label: str):
        def click(_button) -> None:
            session.code(variable, label)
            refresh()

        return click

    rows = []
    for variable in CODED_COLUMNS:
        row = []
        for label in LABELS[variable]:
            button = widgets.Button(description=label, layout=widgets.Layout(width="auto"))
            button.on_click(on_label(variable, label))
            row.append(button)
        buttons[variable] = row
        rows.append(widgets.HBox([widgets.Label(f"{variable}:"), *row]))

    def on_note(change) -> None:
        if change["new"] != session.unit()["note"]:
            session.note(change["new"])
            status.value = html.escape(session.summary())

    note.observe(on_note, names="value")
    previous = widgets.Button(description="◀ previous")
    following = widgets.Button(description="next ▶")
    previous.on_click(lambda _b: (session.move(-1), refresh()))
    following.on_click(lambda _b: (session.move(1), refresh()))
    refresh()
    box = widgets.VBox([shown, *rows, note, widgets.HBox([previous, following]), status])
    box.session = session  # for tests and for the curious: the session behind the widget
    return box
