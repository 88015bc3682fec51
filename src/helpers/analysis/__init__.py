"""Counts, tests and findings from the reading: frames, terms and keyness, themes, statistics."""

# fmt: off
from helpers.analysis.concordance import kwic, kwic_lines, theme_kwic
from helpers.analysis.findings import describe_share, stack_variants
from helpers.analysis.framing import (
    crime_units, document_level_tests, frame_variants, refugee_only, second_axis_variants,
    security_rights_by_document, security_rights_by_year, security_rights_tests, sensitivity_table,
    surviving_leaders,
)
from helpers.analysis.framing_report import (
    agreement_summary, compare_frames, cue_listing, cue_summary, evidence_by_year,
    frame_count_table, frame_findings, interval_table, kwic_quotes, sentences_table,
    survival_summary, validation_subsets, voice_counts, whose_framing,
)
from helpers.analysis.keyness import (
    document_counts, keyness_caption, keyness_extremes, keyness_findings, keyness_table,
    keyness_title, log_likelihood, log_ratio,
)
from helpers.analysis.overview import (
    cleaning_summary, corpus_overview, lines_by_role, navigation_in_text, ordered_doc_types,
    repeat_sentences, repeat_summary,
)
from helpers.analysis.periods import period_table, periods_by_range
from helpers.analysis.sensitivity import (
    merge_theme, period_tests, sensitivity_counts, survival, theme_matrix_variant,
)
from helpers.analysis.stability import bootstrap_top_terms, leave_one_out_top_terms
from helpers.analysis.terms import (
    compare_top_terms, consecutive_drift, cosine_similarity_table, count_by_period, distinct_pairs,
    idf_table, match_terms, peak_findings, pool_by_period, similarity_finding, stability_caption,
    stability_findings, term_table, tfidf_by_period, tfidf_steps, ties_at_rank, top_terms,
    top_terms_finding, word_totals,
)
from helpers.analysis.themes import (
    cooccurrence, cooccurrence_counts, crime_profiles, period_cooccurrence, period_presence,
    presence_by_year, theme_counts, top_pairs, unmatched_by_year,
)
from helpers.analysis.themes_findings import (
    label_units, theme_findings, theme_units_table, write_table,
)

__all__ = [
    "agreement_summary", "bootstrap_top_terms", "cleaning_summary", "compare_frames",
    "compare_top_terms", "consecutive_drift", "cooccurrence", "cooccurrence_counts",
    "corpus_overview", "cosine_similarity_table", "count_by_period", "crime_profiles",
    "crime_units", "cue_listing", "cue_summary", "describe_share", "distinct_pairs",
    "document_counts", "document_level_tests", "evidence_by_year", "frame_count_table",
    "frame_findings", "frame_variants", "idf_table", "interval_table", "keyness_caption",
    "keyness_extremes", "keyness_findings", "keyness_table", "keyness_title", "kwic", "kwic_lines",
    "kwic_quotes", "label_units", "leave_one_out_top_terms", "lines_by_role", "log_likelihood",
    "log_ratio", "match_terms", "merge_theme", "navigation_in_text", "ordered_doc_types",
    "peak_findings", "period_cooccurrence", "period_presence", "period_table", "period_tests",
    "periods_by_range", "pool_by_period", "presence_by_year", "refugee_only", "repeat_sentences",
    "repeat_summary", "second_axis_variants", "security_rights_by_document",
    "security_rights_by_year", "security_rights_tests", "sensitivity_counts", "sensitivity_table",
    "sentences_table", "similarity_finding", "stability_caption", "stability_findings",
    "stack_variants", "survival", "survival_summary", "surviving_leaders", "term_table",
    "tfidf_by_period", "tfidf_steps", "theme_counts", "theme_findings", "theme_kwic",
    "theme_matrix_variant", "theme_units_table", "ties_at_rank", "top_pairs", "top_terms",
    "top_terms_finding", "unmatched_by_year", "validation_subsets", "voice_counts", "whose_framing",
    "word_totals", "write_table",
]
# fmt: on
