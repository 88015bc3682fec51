"""Checking the rules against human coders: samples, coding sheets, agreement, scores."""

# fmt: off
from helpers.validation.agreement import (
    alpha, alpha_finding, alpha_table, coder_confusion, consensus, disagreements,
    simulated_intervals,
)
from helpers.validation.codebook import codebook_markdown, write_coding_files
from helpers.validation.sample import draw_sample, rules_frame, sample_strata
from helpers.validation.scores import (
    classifier_predictions, classifier_verdict, compare_scores, confusion, corrected_shares,
    label_scores, recall_findings,
)
from helpers.validation.sheets import (
    LABELS, SheetError, codes_from_lists, coding_sheet, read_codes, read_sheet,
    write_csv_atomic,
)
from helpers.validation.widget import coding_widget

__all__ = [
    "LABELS", "SheetError", "alpha", "alpha_finding", "alpha_table", "classifier_predictions",
    "classifier_verdict", "codebook_markdown", "coder_confusion", "codes_from_lists",
    "coding_sheet", "coding_widget", "compare_scores", "confusion", "consensus",
    "corrected_shares", "disagreements", "draw_sample", "label_scores", "read_codes",
    "read_sheet", "recall_findings", "rules_frame", "sample_strata", "simulated_intervals",
    "write_coding_files", "write_csv_atomic",
]
# fmt: on
