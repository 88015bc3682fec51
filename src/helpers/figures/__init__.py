"""Plots only: each takes a table and returns the figure and the data drawn."""

# fmt: off
from helpers.figures.framing import (
    agreement_summary, compare_frames, cue_listing, evidence_by_year, frame_count_table,
    interval_table, plot_frame_shares_ci, plot_frames_by_document, plot_frames_by_year,
    sentences_table, validation_subsets,
)
from helpers.figures.terms import (
    drift_title, plot_drift, plot_similarity, plot_stability, plot_term_heatmap, plot_top_terms,
)
from helpers.figures.themes import (
    plot_cooccurrence_heatmap, plot_crime_profiles, plot_early_late, plot_presence_by_year,
    plot_sensitivity, plot_theme_circle,
)
from helpers.figures.validation import plot_scores

__all__ = [
    "agreement_summary", "compare_frames", "cue_listing", "drift_title", "evidence_by_year",
    "frame_count_table", "interval_table", "plot_cooccurrence_heatmap", "plot_crime_profiles",
    "plot_drift", "plot_early_late", "plot_frame_shares_ci", "plot_frames_by_document",
    "plot_frames_by_year", "plot_presence_by_year", "plot_scores", "plot_sensitivity",
    "plot_similarity", "plot_stability", "plot_term_heatmap", "plot_theme_circle",
    "plot_top_terms", "sentences_table", "validation_subsets",
]
# fmt: on
