"""The one annotated heat map: a grid of coloured cells, each with its number written in it."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from matplotlib.axes import Axes
from matplotlib.colors import to_rgb
from matplotlib.image import AxesImage

__all__ = ["annotated_heatmap", "text_colour"]


def text_colour(background, dark: str = "black", above: float = 0.45) -> str:
    """``dark`` text on a cell whose relative luminance exceeds ``above``, else white."""
    red, green, blue = to_rgb(background)
    return dark if 0.2126 * red + 0.7152 * green + 0.0722 * blue > above else "white"


def annotated_heatmap(
    ax: Axes,
    values: np.ndarray,
    texts: Sequence[Sequence[str]],
    colours: Sequence[Sequence[str]],
    fontsize: float,
    weights: Sequence[Sequence[str]] | None = None,
    **imshow,
) -> AxesImage:
    """Draw ``values`` with ``ax.imshow(**imshow)`` and write ``texts[i][j]`` in each cell.

    In: the axes; the cell values; per cell its text, text colour and (optionally) font
    weight. Out: the image, for a colour bar. Every heat map of the notebooks is drawn here.
    """
    image = ax.imshow(values, **imshow)
    for i, row in enumerate(texts):
        for j, text in enumerate(row):
            weight = {"fontweight": weights[i][j]} if weights is not None else {}
            ax.text(j, i, text, ha="center", va="center", fontsize=fontsize,
                    color=colours[i][j], **weight)  # fmt: skip
    return image
