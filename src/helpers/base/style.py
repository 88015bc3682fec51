"""One plotting style, and saving figures so that every rebuild gives the same bytes.

A notebook calls :func:`use_style` once, then :func:`save_figure` per figure with the data
plotted and a caption; the caption goes to ``captions.csv`` beside the figures, the one
place the build reads it from. Importing this module changes no matplotlib setting.
"""

from __future__ import annotations

import csv
import io
import os
import re
from collections.abc import Mapping
from pathlib import Path

import matplotlib as mpl
import pandas as pd
from cycler import cycler
from matplotlib.figure import Figure

from helpers.base import paths

__all__ = [
    "CAPTIONS_FILE", "FRAME_COLOURS", "NAME_PATTERN", "PALETTE", "RIGHTS_COLOUR",
    "SECURITY_COLOUR", "SHARE_SCALE", "STYLE", "figure_title", "percent_axis", "read_caption",
    "read_captions", "save_figure", "use_style",
]  # fmt: skip

# Okabe & Ito (2008), "Color Universal Design": distinguishable with the common forms of
# colour blindness, and in this order still distinct when printed in grey. Blue, orange,
# bluish green, vermillion, reddish purple, sky blue, yellow, black.
PALETTE: list[str] = [
    "#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000",
]  # fmt: skip

STYLE: dict = {
    # Page and font: DejaVu Sans ships with matplotlib, the same glyphs everywhere
    "figure.facecolor": "white", "axes.facecolor": "white", "savefig.facecolor": "white",
    "font.family": "sans-serif", "font.sans-serif": ["DejaVu Sans"], "font.size": 10,
    "axes.titlesize": 11, "axes.labelsize": 10, "xtick.labelsize": 10, "ytick.labelsize": 10,
    "legend.fontsize": 10, "figure.titlesize": 11,
    # Axes and grid
    "axes.prop_cycle": cycler(color=PALETTE), "axes.spines.top": False,
    "axes.spines.right": False, "axes.edgecolor": "#333333", "axes.linewidth": 0.8,
    "axes.grid": True, "axes.axisbelow": True, "grid.color": "#dddddd", "grid.linewidth": 0.6,
    "grid.linestyle": "-", "legend.frameon": False, "lines.linewidth": 1.8,
    # Output: print quality at report width; SVG and PDF text stays text a reader can copy
    # (TrueType in the PDF); the SVG's ids fixed by the salt
    "figure.dpi": 100, "savefig.dpi": 300, "savefig.bbox": "tight", "svg.fonttype": "none",
    "svg.hashsalt": "migration-crime-framing", "pdf.fonttype": 42,
}  # fmt: skip

# The settings that decide the bytes of a saved file; save_figure applies them itself.
_SAVE_KEYS = ("savefig.dpi", "savefig.bbox", "savefig.facecolor", "svg.fonttype",
              "svg.hashsalt", "pdf.fonttype")  # fmt: skip

NAME_PATTERN = re.compile(r"^\d{2}_[a-z0-9_]+$")

# Every figure draws a share (of sentences, units, runs) in per cent through percent_axis;
# the CSV files keep proportions from 0 to 1.
SHARE_SCALE = "per cent (0–100 %); the CSV files keep proportions (0–1)"

CAPTIONS_FILE = "captions.csv"  # name, title, caption of each figure saved in a folder
_CAPTION_COLUMNS = ["name", "title", "caption"]

# One colour per frame (as in PALETTE); the institutional frame, counted apart, is grey.
FRAME_COLOURS: Mapping[str, str] = {
    "distinction": "#0072B2", "nexus": "#D55E00", "umbrella": "#CC79A7", "paired": "#E69F00",
    "trafficking": "#009E73", "smuggling": "#56B4E9", "institutional": "#999999",
}  # fmt: skip
SECURITY_COLOUR = "#D55E00"
RIGHTS_COLOUR = "#0072B2"


def use_style() -> None:
    """Apply :data:`STYLE` to ``matplotlib.rcParams``."""
    mpl.rcParams.update(STYLE)


def percent_axis(axis, points: bool = False) -> None:
    """Label a share axis (0 to 1) in per cent, or with ``points`` in signed percentage points."""
    from matplotlib.ticker import FuncFormatter, PercentFormatter

    if points:
        axis.set_major_formatter(FuncFormatter(lambda value, _: f"{100 * value:+.0f}"))
    else:
        axis.set_major_formatter(PercentFormatter(1.0, decimals=0))


def figure_title(fig: Figure, default: str = "") -> str:
    """Return the figure's suptitle, else its first non-empty axes title, else ``default``."""
    titles = [fig.get_suptitle()]
    titles += [ax.get_title(loc) for ax in fig.get_axes() for loc in ("center", "left", "right")]
    return next((title.strip() for title in titles if title.strip()), default)


def save_figure(
    fig: Figure,
    data: pd.DataFrame,
    name: str,
    caption: str,
    figures_dir: Path | None = None,
) -> None:
    """Save ``fig`` as NAME.png, .svg, .pdf and ``data`` as NAME.csv, and record the caption;
    no date or version goes in and the SVG's ids are fixed, so the same figure gives the same
    bytes. Prints the files' names only, the same wherever they go."""
    if not isinstance(name, str) or not NAME_PATTERN.match(name):
        raise ValueError(
            f"figure name {name!r} must look like '01_timeline': two digits (the notebook's "
            "number), an underscore, then lowercase letters, digits or underscores"
        )
    if not isinstance(data, pd.DataFrame):
        raise TypeError(f"data must be a pandas DataFrame, not {type(data).__name__}")
    folder = Path(figures_dir) if figures_dir is not None else paths.figures_dir()
    folder.mkdir(parents=True, exist_ok=True)
    title = figure_title(fig, default=name)
    svg = {"Date": None, "Creator": None, "Title": title, "Description": caption}
    pdf = {"Title": title, "Subject": caption, "Creator": None, "Producer": None,
           "CreationDate": None}  # fmt: skip
    with mpl.rc_context({key: STYLE[key] for key in _SAVE_KEYS}):
        fig.savefig(folder / f"{name}.png", format="png", metadata={"Software": None})
        fig.savefig(folder / f"{name}.svg", format="svg", metadata=svg)
        fig.savefig(folder / f"{name}.pdf", format="pdf", metadata=pdf)
    data.to_csv(folder / f"{name}.csv", index=False, lineterminator="\n")
    if read_captions(folder).get(name) != (title, caption):  # a rerun leaves the file as it is
        _append_caption(folder, [name, title, caption])
    print(f"Saved {name}.png, .svg, .pdf, .csv")


def _append_caption(folder: Path, row: list[str]) -> None:
    """Add a row to the folder's captions file in one append: notebooks run side by side
    write it at once, and a small append is never interleaved. The build tidies it."""
    text = io.StringIO()
    csv.writer(text, lineterminator="\n").writerow(row)
    fd = os.open(folder / CAPTIONS_FILE, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    try:
        os.write(fd, text.getvalue().encode("utf-8"))
    finally:
        os.close(fd)


def read_captions(folder: Path, keep: set[str] | None = None) -> dict[str, tuple[str, str]]:
    """The ``{name: (title, caption)}`` of a figures folder (a name's last row wins); with
    ``keep``, the file is rewritten with those names' rows only, sorted."""
    path = Path(folder) / CAPTIONS_FILE
    rows: dict[str, tuple[str, str]] = {}
    if path.is_file():
        for row in csv.reader(io.StringIO(path.read_text(encoding="utf-8"))):
            if len(row) == 3 and row != _CAPTION_COLUMNS:
                rows[row[0]] = (row[1], row[2])
    if keep is not None:
        rows = {name: rows[name] for name in sorted(rows) if name in keep}
        text = io.StringIO()
        writer = csv.writer(text, lineterminator="\n")
        writer.writerows([_CAPTION_COLUMNS, *([n, *v] for n, v in rows.items())])
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.getvalue().encode("utf-8"))
    return rows


def read_caption(path: Path) -> tuple[str, str]:
    """The ``(title, caption)`` of the figure file at ``path``, ``("", "")`` if none recorded."""
    return read_captions(Path(path).parent).get(Path(path).stem, ("", ""))
