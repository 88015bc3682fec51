"""One plotting style, and saving figures so that every rebuild gives the same bytes.

Each notebook calls :func:`use_style` once in its setup cell, then, for every
figure, :func:`save_figure` with the data that was plotted and a caption::

    from helpers.base.style import save_figure, use_style

    use_style()
    fig, ax = plt.subplots()
    ax.plot(counts["year"], counts["documents"])
    ax.set_title("Documents per year")
    save_figure(fig, counts, "01_timeline", "Number of documents in the corpus per year.")

Importing this module changes no matplotlib setting.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Mapping
from pathlib import Path

import matplotlib as mpl
import pandas as pd
from cycler import cycler
from matplotlib.figure import Figure

from helpers.base import paths

__all__ = [
    "FRAME_COLOURS",
    "RIGHTS_COLOUR",
    "SECURITY_COLOUR",
    "NAME_PATTERN",
    "PALETTE",
    "STYLE",
    "SHARE_SCALE",
    "figure_title",
    "percent_axis",
    "read_caption",
    "save_figure",
    "use_style",
]

# Okabe & Ito (2008), "Color Universal Design": distinguishable with the common
# forms of colour blindness, and in this order still distinct when printed in grey.
PALETTE: list[str] = [
    "#0072B2",  # blue
    "#E69F00",  # orange
    "#009E73",  # bluish green
    "#D55E00",  # vermillion
    "#CC79A7",  # reddish purple
    "#56B4E9",  # sky blue
    "#F0E442",  # yellow
    "#000000",  # black
]

STYLE: dict = {
    # Page and font
    "figure.facecolor": "white",
    "axes.facecolor": "white",
    "savefig.facecolor": "white",
    "font.family": "sans-serif",
    "font.sans-serif": ["DejaVu Sans"],  # ships with matplotlib: same glyphs everywhere
    "font.size": 10,
    "axes.titlesize": 11,
    "axes.labelsize": 10,
    "xtick.labelsize": 10,
    "ytick.labelsize": 10,
    "legend.fontsize": 10,
    "figure.titlesize": 11,
    # Axes and grid
    "axes.prop_cycle": cycler(color=PALETTE),
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.edgecolor": "#333333",
    "axes.linewidth": 0.8,
    "axes.grid": True,
    "axes.axisbelow": True,
    "grid.color": "#dddddd",
    "grid.linewidth": 0.6,
    "grid.linestyle": "-",
    "legend.frameon": False,
    "lines.linewidth": 1.8,
    # Output
    "figure.dpi": 100,
    "savefig.dpi": 300,  # print quality at report width
    "savefig.bbox": "tight",
    "svg.fonttype": "none",  # text stays text (quotations can be copied), set in DejaVu Sans
    "svg.hashsalt": "migration-crime-framing",  # fixed ids inside the SVG
    "pdf.fonttype": 42,  # TrueType: the PDF's text can be selected and copied
}

# The settings that decide the bytes of a saved file; save_figure applies them itself.
_SAVE_KEYS = (
    "savefig.dpi", "savefig.bbox", "savefig.facecolor", "svg.fonttype", "svg.hashsalt",
    "pdf.fonttype",
)  # fmt: skip

NAME_PATTERN = re.compile(r"^\d{2}_[a-z0-9_]+$")

# Every figure draws a share (a proportion of sentences, units, runs) on one scale: per cent,
# 0-100 %, through percent_axis. The CSV files keep proportions from 0 to 1.
SHARE_SCALE = "per cent (0–100 %); the CSV files keep proportions (0–1)"

_DC = "{http://purl.org/dc/elements/1.1/}"
_CC = "{http://creativecommons.org/ns#}"


# One colour per frame (Okabe & Ito, as PALETTE); the
# institutional frame, counted apart, is grey.
FRAME_COLOURS: Mapping[str, str] = {
    "distinction": "#0072B2",
    "nexus": "#D55E00",
    "umbrella": "#CC79A7",
    "paired": "#E69F00",
    "trafficking": "#009E73",
    "smuggling": "#56B4E9",
    "institutional": "#999999",
}
SECURITY_COLOUR = "#D55E00"
RIGHTS_COLOUR = "#0072B2"


def use_style() -> None:
    """Apply :data:`STYLE` to ``matplotlib.rcParams``. Takes and returns nothing."""
    mpl.rcParams.update(STYLE)


def percent_axis(axis, points: bool = False) -> None:
    """Label a share axis in per cent (:data:`SHARE_SCALE`), the data staying 0 to 1.

    In: a matplotlib axis (``ax.xaxis``, ``ax.yaxis`` or a colour bar's axis);
    ``points``: a difference of two shares, written as signed percentage
    points (+12). Out: None.
    """
    from matplotlib.ticker import FuncFormatter, PercentFormatter

    if points:
        axis.set_major_formatter(FuncFormatter(lambda value, _: f"{100 * value:+.0f}"))
    else:
        axis.set_major_formatter(PercentFormatter(1.0, decimals=0))


def figure_title(fig: Figure, default: str = "") -> str:
    """Return the figure's suptitle, else its first non-empty axes title, else ``default``."""
    suptitle = getattr(fig, "_suptitle", None)
    if suptitle is not None and suptitle.get_text().strip():
        return suptitle.get_text().strip()
    for ax in fig.get_axes():
        for loc in ("center", "left", "right"):
            text = ax.get_title(loc=loc).strip()
            if text:
                return text
    return default


def save_figure(
    fig: Figure,
    data: pd.DataFrame,
    name: str,
    caption: str,
    figures_dir: Path | None = None,
) -> None:
    """Save ``fig`` as NAME.png, NAME.svg and NAME.pdf, and ``data`` as NAME.csv.

    In: the figure; the DataFrame it plots (written without its index); a
    ``name`` like ``"01_timeline"`` (two digits = the notebook's number, then
    lowercase letters, digits and underscores); a one-sentence ``caption``
    (stored in the SVG, listed in figures/README.md); the folder (default:
    :func:`helpers.base.paths.figures_dir`, i.e. ``$FIGURES_DIR`` or ``figures/``),
    created if missing.

    Out: None. Prints one line naming the files, without their folder, so that
    the notebook output is the same wherever the figures are written.
    Saving the same figure twice gives the same bytes: the PNG (300 dpi) and
    the PDF carry no date or software version, the SVG's ids are fixed by
    ``svg.hashsalt``; the SVG and the PDF keep their text as text.
    """
    if not isinstance(name, str) or not NAME_PATTERN.match(name):
        raise ValueError(
            f"figure name {name!r} must look like '01_timeline': two digits (the notebook's "
            "number), an underscore, then lowercase letters, digits or underscores"
        )
    if not isinstance(data, pd.DataFrame):
        raise TypeError(f"data must be a pandas DataFrame, not {type(data).__name__}")
    folder = Path(figures_dir) if figures_dir is not None else paths.figures_dir()
    folder.mkdir(parents=True, exist_ok=True)

    svg_metadata = {
        "Date": None,
        "Creator": None,
        "Title": figure_title(fig, default=name),
        "Description": caption,
    }
    with mpl.rc_context({key: STYLE[key] for key in _SAVE_KEYS}):
        fig.savefig(folder / f"{name}.png", format="png", metadata={"Software": None})
        fig.savefig(folder / f"{name}.svg", format="svg", metadata=svg_metadata)
        pdf_metadata = {
            "Title": svg_metadata["Title"],
            "Subject": caption,
            "Creator": None,
            "Producer": None,
            "CreationDate": None,
        }
        fig.savefig(folder / f"{name}.pdf", format="pdf", metadata=pdf_metadata)
    data.to_csv(folder / f"{name}.csv", index=False, lineterminator="\n")
    print(f"Saved {name}.png, .svg, .pdf, .csv")


def read_caption(svg_path: Path) -> tuple[str, str]:
    """Return ``(title, description)`` stored in an SVG written by :func:`save_figure`.

    In: the path of an SVG file. Out: the Dublin Core title and description of
    the figure; each is ``""`` when the SVG does not carry it.
    """
    root = ET.parse(svg_path).getroot()
    work = root.find(f".//{_CC}Work")
    if work is None:
        return "", ""
    title = work.findtext(f"{_DC}title", default="")
    description = work.findtext(f"{_DC}description", default="")
    return title, description
