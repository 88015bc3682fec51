"""Counts, tests and findings from the reading: frames, terms and keyness, themes, statistics."""

# fmt: off
from helpers.analysis.concordance import kwic
from helpers.analysis.findings import describe_share, stack_variants
from helpers.analysis.framing import (
    crime_units, document_level_tests, frame_variants, refugee_only, second_axis_variants,
    security_rights_by_document, security_rights_by_year, security_rights_tests,
    sensitivity_table, surviving_leaders,
)
from helpers.analysis.framing_report import (
    cue_summary, frame_findings, kwic_quotes, plot_quotations, plot_security_rights_units,
    plot_sensitivity, quotation_pages, survival_summary, voice_counts, whose_framing,
)
from helpers.analysis.keyness import (
    document_counts, keyness_caption, keyness_findings, keyness_table, keyness_title,
    plot_keyness_marked,
)
from helpers.analysis.overview import (
    cleaning_summary, corpus_overview, lines_by_role, navigation_in_text, ordered_doc_types,
    plot_documents_per_year, plot_timeline,
)
from helpers.analysis.periods import period_table, periods_by_range
from helpers.analysis.repeats import repeat_sentences, repeat_summary
from helpers.analysis.sensitivity import (
    merge_theme, period_tests, sensitivity_counts, survival, theme_matrix_variant,
)
from helpers.analysis.stability import bootstrap_top_terms, leave_one_out_top_terms
from helpers.analysis.terms import (
    compare_top_terms, consecutive_drift, cosine_similarity_table, count_by_period, idf_table,
    log_likelihood, log_ratio, match_terms, pool_by_period, term_table, tfidf_by_period,
    tfidf_steps, ties_at_rank, top_terms, word_totals,
)
from helpers.analysis.terms_findings import (
    peak_findings, similarity_finding, stability_caption, stability_findings, top_terms_finding,
)
from helpers.analysis.themes import (
    cooccurrence, cooccurrence_counts, crime_profiles, period_cooccurrence, period_presence,
    presence_by_year, theme_counts, top_pairs, unmatched_by_year,
)
from helpers.analysis.themes_findings import (
    label_units, theme_findings, theme_units_table, write_table,
)
from helpers.analysis.themes_kwic import kwic_lines, theme_kwic

__all__ = [
    "bootstrap_top_terms", "cleaning_summary", "compare_top_terms", "consecutive_drift",
    "cooccurrence", "cooccurrence_counts", "corpus_overview", "cosine_similarity_table",
    "count_by_period", "crime_profiles", "crime_units", "cue_summary", "describe_share",
    "document_counts", "document_level_tests", "frame_findings", "frame_variants", "idf_table",
    "keyness_caption", "keyness_findings", "keyness_table", "keyness_title", "kwic",
    "kwic_lines", "kwic_quotes", "label_units", "leave_one_out_top_terms", "lines_by_role",
    "log_likelihood", "log_ratio", "match_terms", "merge_theme", "navigation_in_text",
    "ordered_doc_types", "peak_findings", "period_cooccurrence", "period_presence",
    "period_table", "period_tests", "periods_by_range", "plot_documents_per_year",
    "plot_keyness_marked", "plot_quotations", "plot_security_rights_units", "plot_sensitivity",
    "plot_timeline", "pool_by_period", "presence_by_year", "quotation_pages", "refugee_only",
    "repeat_sentences", "repeat_summary", "second_axis_variants", "security_rights_by_document",
    "security_rights_by_year", "security_rights_tests", "sensitivity_counts",
    "sensitivity_table", "similarity_finding", "stability_caption", "stability_findings",
    "stack_variants", "survival", "survival_summary", "surviving_leaders", "term_table",
    "tfidf_by_period", "tfidf_steps", "theme_counts", "theme_findings", "theme_kwic",
    "theme_matrix_variant", "theme_units_table", "ties_at_rank", "top_pairs", "top_terms",
    "top_terms_finding", "unmatched_by_year", "voice_counts", "whose_framing", "word_totals",
    "write_table",
]
# fmt: on
