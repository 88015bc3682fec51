"""The seminar's helpers in one place: this module only re-exports them.

The seminar notebook (``notebooks/05_seminar.ipynb``) and its key import each
helper from the module that holds it; this module gathers them all under one
name, so that ``from helpers import seminar`` then ``seminar.check_quiz_frames``
keeps working (older copies of the notebook, the tests). It defines nothing
of its own.

Each exercise has an answer cell, where the student replaces ``None`` with an
answer, and a self-check cell, which prints what one of the ``check_*``
functions returns:

- ``"Correct: ..."`` when the answer is right;
- ``"Not yet: ..."`` with a hint when it is wrong (the hint never gives the answer);
- ``NOT_ANSWERED`` ("Not answered yet: ...") while the answer is still ``None``
  (or ``...``, or an empty text).

A check never raises on an answer: an answer it cannot read gets a "Not
yet" saying what form is expected (``helpers.answers``). A data table it is
given without the columns it reads is a mistake of the notebook, not of the
student: that raises ``ValueError`` naming the column. The expected answers are not stored
anywhere: each check computes them from the data it is given (the corpus,
its framing, the cue file, the codebook), so the seminar still works when the
corpus or the cue file changes. Where an answer is a judgement (the frame of
a sentence), the check compares it with ``framing.frame_sentence``.

The exercises, and the modules that hold their functions:

- **A. Find the distinction sentences with the concordance**
  (``helpers.seminar_search``): ``search_hits``, ``check_search_years``,
  ``check_search_count``.
- **B. Why is a sentence framed as it is?** (``helpers.seminar_quiz``):
  ``frame_quiz``, ``quiz_text``, ``check_quiz_frames``, ``deciding_words``,
  ``check_quiz_why``.
- **C. Change a cue, change a theme (in memory)** and **D. Add a document**
  (``helpers.seminar_edits``): ``add_cue``, ``check_new_cue``;
  ``add_pattern``, ``check_new_pattern``; ``copy_corpus_with_page``,
  ``year_changes``, ``check_new_page``.
- **E. Compare two years' top terms, and judge what they show**
  (``helpers.seminar_terms``): ``top_terms_by_year``, ``side_by_side``,
  ``speaker_words``, ``check_speaker_terms``, ``check_what_lists_show``.

Every function is pure (it reads no file unless its name says so and writes
nothing) except ``copy_corpus_with_page``, which writes into the folder it is given.
"""

from __future__ import annotations

from .answers import NOT_ANSWERED, is_placeholder
from .seminar_edits import (
    CUE_FRAME,
    CUE_SENTENCE,
    LABELLED_FILE,
    MAX_NEW_UNITS,
    PAGE_FILE,
    PAGE_FRAME,
    THEME,
    THEME_SENTENCE,
    add_cue,
    add_pattern,
    check_new_cue,
    check_new_page,
    check_new_pattern,
    copy_corpus_with_page,
    read_labelled,
    shaped_note,
    year_changes,
)
from .seminar_quiz import (
    ALL_FRAMES,
    MAX_WHY_WORDS,
    QUIZ_FRAMES,
    check_quiz_frames,
    check_quiz_why,
    deciding_words,
    frame_of,
    frame_quiz,
    quiz_text,
)
from .seminar_search import SEARCHES, check_search_count, check_search_years, search_hits
from .seminar_terms import (
    MIN_DOCUMENTS_PER_YEAR,
    TOP_N,
    WHAT_LISTS_SHOW,
    check_speaker_terms,
    check_what_lists_show,
    side_by_side,
    speaker_words,
    top_terms_by_year,
)

__all__ = [
    "ALL_FRAMES",
    "CUE_FRAME",
    "CUE_SENTENCE",
    "LABELLED_FILE",
    "MAX_NEW_UNITS",
    "MAX_WHY_WORDS",
    "MIN_DOCUMENTS_PER_YEAR",
    "NOT_ANSWERED",
    "PAGE_FILE",
    "PAGE_FRAME",
    "QUIZ_FRAMES",
    "SEARCHES",
    "THEME",
    "THEME_SENTENCE",
    "TOP_N",
    "WHAT_LISTS_SHOW",
    "add_cue",
    "add_pattern",
    "check_new_cue",
    "check_new_page",
    "check_new_pattern",
    "check_quiz_frames",
    "check_quiz_why",
    "check_search_count",
    "check_search_years",
    "check_speaker_terms",
    "check_what_lists_show",
    "copy_corpus_with_page",
    "deciding_words",
    "frame_of",
    "frame_quiz",
    "is_placeholder",
    "quiz_text",
    "read_labelled",
    "search_hits",
    "shaped_note",
    "side_by_side",
    "speaker_words",
    "top_terms_by_year",
    "year_changes",
]
