"""Plots only: each takes a table and returns the figure (and, mostly, the data drawn)."""

# fmt: off
from helpers.figures.captions import FIGURE_TITLES, figure_caption
from helpers.figures.framing import (
    plot_frame_sensitivity, plot_frame_shares_ci, plot_frames_by_document, plot_frames_by_year,
    plot_quotations, plot_security_rights_units, quotation_pages,
)
from helpers.figures.overview import plot_document_counts, plot_documents_per_year, plot_timeline
from helpers.figures.terms import (
    document_panel_titles, drift_title, plot_drift, plot_keyness_marked, plot_similarity,
    plot_stability, plot_term_heatmap, plot_top_terms,
)
from helpers.figures.themes import (
    plot_cooccurrence_heatmap, plot_crime_profiles, plot_early_late, plot_presence_by_year,
    plot_theme_circle, plot_theme_sensitivity,
)
from helpers.figures.validation import plot_scores

__all__ = [
    "FIGURE_TITLES", "document_panel_titles", "drift_title", "figure_caption",
    "plot_cooccurrence_heatmap", "plot_crime_profiles", "plot_document_counts",
    "plot_documents_per_year", "plot_drift", "plot_early_late", "plot_frame_sensitivity",
    "plot_frame_shares_ci", "plot_frames_by_document", "plot_frames_by_year", "plot_keyness_marked",
    "plot_presence_by_year", "plot_quotations", "plot_scores", "plot_security_rights_units",
    "plot_similarity", "plot_stability", "plot_term_heatmap", "plot_theme_circle",
    "plot_theme_sensitivity", "plot_timeline", "plot_top_terms", "quotation_pages",
]
# fmt: on
