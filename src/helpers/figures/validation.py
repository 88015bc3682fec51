"""Figures of the validation loop: the rules and a classifier, label by label."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from helpers.base.checks import require_columns
from helpers.base.style import PALETTE, percent_axis

__all__ = ["plot_scores"]

_MEASURES = ("precision", "recall")


def plot_scores(
    scores: dict[str, pd.DataFrame], title: str = "Precision and recall per label"
) -> tuple[Figure, pd.DataFrame]:
    """Precision and recall of each label for each predictor, with 95% intervals and 'agree/n'.

    In: predictor name -> its ``label_scores`` table; the title. Out: the figure (a panel per
    measure; no point where a label is never given) and the tables stacked, ``predictor`` first.
    """
    needed = ["label", "n_true", "n_predicted", "agree"]
    needed += [f"{m}{end}" for m in _MEASURES for end in ("", "_low", "_high")]
    for table in scores.values():
        require_columns(table, needed, "plot_scores")
    labels = list(dict.fromkeys(label for t in scores.values() for label in t["label"]))
    data = pd.concat([table[needed].assign(predictor=name) for name, table in scores.items()],
                     ignore_index=True)[["predictor", *needed]]  # fmt: skip
    height = max(3.0, 0.42 * len(labels) + 1.4)
    fig, axes = plt.subplots(1, len(_MEASURES), sharey=True, figsize=(9.5, height))
    shift = np.linspace(-0.16, 0.16, len(scores)) if len(scores) > 1 else np.zeros(1)
    markers = ("o", "s", "^", "D")
    for ax, measure in zip(axes, _MEASURES, strict=True):
        base = "n_predicted" if measure == "precision" else "n_true"
        for number, (name, table) in enumerate(scores.items()):
            rows = table.set_index("label").reindex(labels)
            y = np.arange(len(labels)) + shift[number]
            colour = PALETTE[number % len(PALETTE)]
            for yi, row in zip(y, rows.itertuples(), strict=True):
                value = getattr(row, measure)
                if pd.isna(value):
                    continue
                low, high = getattr(row, f"{measure}_low"), getattr(row, f"{measure}_high")
                ax.plot([low, high], [yi, yi], color=colour, lw=1.6)
                ax.plot(value, yi, marker=markers[number % 4], color=colour, ms=5, ls="none")
                ax.annotate(f"{int(row.agree)}/{int(getattr(row, base))}", (high, yi),
                            xytext=(3, 0), textcoords="offset points", fontsize=7,
                            va="center")  # fmt: skip
            ax.plot([], [], marker=markers[number % 4], color=colour, ls="none", label=name)
        ax.set_xlim(-0.02, 1.18)
        ax.set_xticks([0, 0.25, 0.5, 0.75, 1.0])
        percent_axis(ax.xaxis)
        ax.set_title(measure.capitalize(), loc="left", fontsize=10)
        ax.grid(axis="y", visible=False)
    axes[0].set_yticks(range(len(labels)), labels)
    axes[0].invert_yaxis()
    handles, names = axes[0].get_legend_handles_labels()
    fig.legend(handles, names, loc="lower center", ncol=len(names), fontsize=8, frameon=False)
    fig.suptitle(title)
    fig.tight_layout(rect=(0, 0.05, 1, 1))
    return fig, data
