"""The seminar: exercises and their checks, the concordance explorer, the handout."""

# fmt: off
from helpers.teaching.edits import (
    CUE_SENTENCE, PAGE_FILE, THEME, THEME_SENTENCE, add_cue, add_pattern, check_new_cue,
    check_new_page, check_new_pattern, copy_corpus_with_page, read_labelled, year_changes,
)
from helpers.teaching.kwic_explorer import explore, explorer, format_kwic
from helpers.teaching.quiz import check_quiz_frames, check_quiz_why, frame_quiz, quiz_text
from helpers.teaching.search import check_search_count, check_search_years
from helpers.teaching.terms import (
    TOP_N, check_speaker_terms, check_what_lists_show, side_by_side, top_terms_by_year,
)

__all__ = [
    "CUE_SENTENCE", "PAGE_FILE", "THEME", "THEME_SENTENCE", "TOP_N", "add_cue", "add_pattern",
    "check_new_cue", "check_new_page", "check_new_pattern", "check_quiz_frames",
    "check_quiz_why", "check_search_count", "check_search_years", "check_speaker_terms",
    "check_what_lists_show", "copy_corpus_with_page", "explore", "explorer", "format_kwic",
    "frame_quiz", "quiz_text", "read_labelled", "side_by_side", "top_terms_by_year",
    "year_changes",
]
# fmt: on
