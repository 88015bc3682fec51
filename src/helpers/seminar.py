"""Exercises and self-checks for the seminar notebook (``notebooks/05_seminar.ipynb``).

Each exercise of the seminar has an answer cell, where the student replaces
``None`` with an answer, and a self-check cell, which prints what one of the
``check_*`` functions below returns:

- ``"Correct: ..."`` when the answer is right;
- ``"Not yet: ..."`` with a hint when it is wrong (the hint never gives the answer);
- ``NOT_ANSWERED`` ("Not answered yet: ...") while the answer is still ``None``
  (or ``...``, or an empty text).

A check never raises: an answer it cannot read gets a "Not yet" saying what
form is expected. The expected answers are not stored anywhere: each check
computes them from the data it is given (the corpus, its framing, the cue
file, the codebook), so the seminar still works when the corpus or the cue
file changes. Where an answer is a judgement (the frame of a sentence), the
check compares it with ``framing.frame_sentence``.

The exercises, and the functions the notebook uses for them:

- **A. Find the distinction sentences with the concordance**: ``search_hits``,
  ``check_search_years``, ``check_search_count``.
- **B. Why is a sentence framed as it is?** ``frame_quiz``, ``quiz_text``,
  ``check_quiz_frames``, ``deciding_words``, ``check_quiz_why``.
- **C. Change a cue, change a theme (in memory)**: ``add_cue``,
  ``check_new_cue``; ``add_pattern``, ``check_new_pattern``.
- **D. Add a document**: ``copy_corpus_with_page``, ``year_changes``, ``check_new_page``.
- **E. Compare two years' top terms, and judge what they show**: ``top_terms_by_year``,
  ``side_by_side``, ``speaker_words``, ``check_speaker_terms``, ``check_what_lists_show``.

Every function is pure (it reads no file unless its name says so and writes
nothing) except ``copy_corpus_with_page``, which writes into the folder it is given.
"""

from __future__ import annotations

import hashlib
import textwrap
from collections.abc import Iterable, Mapping
from pathlib import Path

import pandas as pd

from .answers import NOT_ANSWERED, is_placeholder  # noqa: F401  (used as seminar.<name>)
from .answers import as_int as _as_int
from .answers import as_list as _as_list
from .answers import clean as _clean
from .answers import never_raises as _never_raises
from .concordance import kwic
from .corpus import Corpus
from .framing import (
    FRAMES,
    NONE_LABEL,
    agreement,
    analyse,
    decide,
    frame_sentence,
    frame_sentences,
)
from .framing_cues import cues_from_table
from .framing_figures import compare_frames
from .labels import document_labels
from .paths import REPO_ROOT
from .seminar_terms import (  # noqa: F401  (exercise E, used as seminar.<name>)
    MIN_DOCUMENTS_PER_YEAR,
    TOP_N,
    WHAT_LISTS_SHOW,
    check_speaker_terms,
    check_what_lists_show,
    side_by_side,
    speaker_words,
    top_terms_by_year,
)
from .themes import codebook_from_table, theme_matrix

__all__ = [
    "ALL_FRAMES",
    "CUE_FRAME",
    "CUE_SENTENCE",
    "LABELLED_FILE",
    "MAX_NEW_UNITS",
    "MAX_WHY_WORDS",
    "PAGE_FILE",
    "PAGE_FRAME",
    "QUIZ_FRAMES",
    "SEARCHES",
    "THEME",
    "THEME_SENTENCE",
    "add_cue",
    "add_pattern",
    "check_new_cue",
    "check_new_page",
    "check_new_pattern",
    "check_quiz_frames",
    "check_quiz_why",
    "check_search_count",
    "check_search_years",
    "copy_corpus_with_page",
    "deciding_words",
    "frame_quiz",
    "quiz_text",
    "read_labelled",
    "search_hits",
    "shaped_note",
    "year_changes",
]

LABELLED_FILE: Path = REPO_ROOT / "tests" / "labelled_sentences.csv"

# Exercise A: the words that name the distinction, searched with the concordance.
SEARCHES: tuple[str, ...] = ("distin", "differen")
# Exercise B: one quiz sentence for each of these frames (those the corpus has).
QUIZ_FRAMES: tuple[str, ...] = ("distinction", "nexus", "umbrella", "paired", "institutional")
MAX_WHY_WORDS = 6
# Exercise C: a made-up sentence to move to another frame with one new cue, and one
# to give a theme with one new pattern.
CUE_SENTENCE = "Smugglers often sell migrants to traffickers once they reach the coast."
CUE_FRAME = "nexus"
THEME_SENTENCE = "More lives could be saved if border guards were trained to spot the signs."
THEME = "victims"
MAX_NEW_UNITS = 2
# Exercise D: the student's page and the frame one of its sentences should get.
PAGE_FILE = "my_page.txt"
PAGE_FRAME = "distinction"

ALL_FRAMES: tuple[str, ...] = (*FRAMES, NONE_LABEL)


# --------------------------------------------------------------------------- answers


# --------------------------------------------------------------------------- A


def search_hits(
    sentences: pd.DataFrame,
    documents: pd.DataFrame,
    queries: Iterable[str] = SEARCHES,
    match: str | None = None,
) -> pd.DataFrame:
    """Every concordance line of every query.

    In: the sentences and documents of a corpus; the queries (default
    ``SEARCHES``); how they read (``match``, as ``concordance.kwic``; default a
    prefix). Out: ``query, year, doc_id, sent_id, keyword``, one row per
    match, in the order of the queries and then of ``kwic``.
    """
    tables = [
        kwic(sentences, query, documents=documents, match=match).assign(query=query)
        for query in queries
    ]
    columns = ["query", "year", "doc_id", "sent_id", "keyword"]
    return (
        pd.concat(tables, ignore_index=True)[columns] if tables else pd.DataFrame(columns=columns)
    )


@_never_raises
def check_search_years(
    answer: object,
    sentences: pd.DataFrame,
    documents: pd.DataFrame,
    queries: Iterable[str] = SEARCHES,
) -> str:
    """Exercise A1: the years with at least one sentence found by the searches.

    In: the answer (a list of years); the corpus's sentences and documents;
    the queries. Out: the message.
    """
    given = _as_list(answer) if _as_int(answer) is None else [answer]
    years = [_as_int(year) for year in given] if given is not None else None
    if years is None or None in years:
        return (
            "Not yet: write the years as a list of numbers in square brackets, e.g. [1999, 2001]."
        )
    expected = sorted({int(year) for year in search_hits(sentences, documents, queries)["year"]})
    extra = sorted(set(years) - set(expected))
    missing = set(expected) - set(years)
    if not extra and not missing:
        return f"Correct: {len(expected)} year(s) have a sentence with one of these words."
    hints = []
    if extra:
        hints.append(f"no sentence of {', '.join(map(str, extra))} contains one of these words")
    if missing:
        hints.append("at least one year is missing (did you run both searches?)")
    return "Not yet: " + "; ".join(hints) + ". Read the year column of each concordance."


@_never_raises
def check_search_count(
    answer: object,
    sentences: pd.DataFrame,
    documents: pd.DataFrame,
    queries: Iterable[str] = SEARCHES,
) -> str:
    """Exercise A2: the number of different sentences found by the searches.

    In: the answer (a whole number); the corpus's sentences and documents; the
    queries. Out: the message.
    """
    number = _as_int(answer)
    if number is None:
        return "Not yet: write a whole number, e.g. 7."
    hits = search_hits(sentences, documents, queries)
    expected = hits[["doc_id", "sent_id"]].drop_duplicates().shape[0]
    if number == expected:
        return (
            f"Correct: {expected} different sentences, from {len(hits)} concordance lines "
            "(a sentence can match more than once)."
        )
    if number == len(hits):
        return (
            "Not yet: that is the number of concordance lines. The question asks for "
            "different sentences: one sentence can match twice. Compare doc_id and sent_id."
        )
    if number > expected:
        return (
            "Not yet: too many. Count each sentence once, even when it matches twice or in "
            "both searches (the same doc_id and sent_id)."
        )
    return "Not yet: too few. Did you count the sentences of both searches?"


# --------------------------------------------------------------------------- B


def frame_quiz(framed: pd.DataFrame, frames: Iterable[str] = QUIZ_FRAMES) -> pd.DataFrame:
    """Pick one sentence of the corpus for each frame, for students to frame.

    In: the output of ``frame_sentences``; the frames to ask about. For each
    frame that some body sentence (not a title) has, the shortest such
    sentence is taken (ties: by year, document, sentence). The sentences are
    then put in the order of a hash of their text, so the order says nothing
    about their frames and is the same on every run. Out: ``number, year,
    doc_id, sent_id, sentence`` (numbered from 1); no frame column.
    """
    body = framed[framed["part"] != "title"] if "part" in framed.columns else framed
    picked = []
    for frame in frames:
        candidates = body[body["frame"] == frame]
        if candidates.empty:
            continue
        candidates = candidates.assign(_length=candidates["sentence"].str.len())
        best = candidates.sort_values(["_length", "year", "doc_id", "sent_id"], kind="stable")
        picked.append(best.iloc[0])
    columns = ["year", "doc_id", "sent_id", "sentence"]
    quiz = pd.DataFrame(picked, columns=columns) if picked else pd.DataFrame(columns=columns)
    order = quiz["sentence"].map(lambda s: hashlib.sha256(s.encode("utf-8")).hexdigest())
    quiz = quiz.assign(_order=order).sort_values("_order").drop(columns="_order")
    quiz.insert(0, "number", range(1, len(quiz) + 1))
    return quiz.reset_index(drop=True)


def quiz_text(quiz: pd.DataFrame, width: int = 96, documents: pd.DataFrame | None = None) -> str:
    """The quiz sentences as numbered, wrapped text, each with its year and source.

    In: ``frame_quiz`` output; the line width; optionally the documents table,
    so each source is named by year and place ("2003 Vienna") instead of its
    year and doc_id. Out: the text.
    """
    labels = document_labels(documents) if documents is not None else None
    blocks = []
    for row in quiz.itertuples(index=False):
        source = labels.get(row.doc_id, row.doc_id) if labels is not None else None
        where = source if source else f"{row.year}, {row.doc_id}"
        head = f"{row.number}. ({where}, sentence {row.sent_id}) "
        blocks.append(textwrap.fill(head + row.sentence, width, subsequent_indent="   "))
    return "\n".join(blocks)


def _frame_of(sentence: str, cues) -> str:
    return frame_sentence(sentence, cues)[0] or NONE_LABEL


@_never_raises
def check_quiz_frames(answer: object, quiz: pd.DataFrame, cues) -> str:
    """Exercise B1: the frame of each quiz sentence, in order.

    In: the answer (a list of frame names, one per quiz sentence); the quiz
    (``frame_quiz``); the cues. The right frames are those ``frame_sentence``
    gives. Out: the message; a wrong answer is told which sentences are right.
    """
    given = _as_list(answer)
    if given is None:
        return 'Not yet: write the frames as a list in square brackets, e.g. ["paired", "nexus"].'
    given = [_clean(item) for item in given]
    if len(given) != len(quiz):
        return (
            f"Not yet: there are {len(quiz)} sentences: give one frame for each, in their "
            f"order (your list has {len(given)})."
        )
    unknown = list(dict.fromkeys(item for item in given if item not in ALL_FRAMES))
    if unknown:
        return (
            f"Not yet: {', '.join(repr(u) for u in unknown)}: not a frame; the frames are "
            f"{', '.join(ALL_FRAMES)}."
        )
    expected = [_frame_of(sentence, cues) for sentence in quiz["sentence"]]
    right = [n for n, g, e in zip(quiz["number"], given, expected, strict=True) if g == e]
    wrong = [n for n, g, e in zip(quiz["number"], given, expected, strict=True) if g != e]
    if not wrong:
        return f"Correct: all {len(quiz)} frames are those the scheme gives."
    right_text = f"sentence(s) {', '.join(map(str, right))} right" if right else "none right yet"
    return (
        f"Not yet: {right_text}; look again at {', '.join(map(str, wrong))}. Hint: a "
        "sentence takes the first frame that applies: distinction, nexus, umbrella, paired, "
        "one crime, institutional (a crime named only inside a name)."
    )


def deciding_words(sentence: str, cues) -> list[str]:
    """The words that decided a sentence's frame.

    In: a sentence and the cues. Out: for ``distinction``, ``nexus`` and
    ``umbrella``, the cue words of the frame (without the bare crime
    mentions); for the other frames, the words ``frame_sentence`` reports
    (the crime mentions, or for ``institutional`` the names holding them).
    """
    analysis = analyse(sentence, cues)
    frame, words = decide(analysis)
    crimes = {span.text for span in analysis.of("trafficking") + analysis.of("smuggling")}
    if frame in ("distinction", "nexus", "umbrella"):
        return [word for word in words if word not in crimes] or words
    return words


@_never_raises
def check_quiz_why(answer: object, quiz: pd.DataFrame, cues, number: int = 1) -> str:
    """Exercise B2: the word or words that decided the frame of quiz sentence ``number``.

    In: the answer (a word or a few words, or a list of them); the quiz; the
    cues; the sentence's number. Right when the answer holds one of
    ``deciding_words`` whole (for a name, two or more of its words are
    enough: "Action Plan") and is short: at most ``MAX_WHY_WORDS`` words, or
    two more than the longest deciding phrase. Part of a deciding phrase
    ("links" for "links between") gets a "Not yet" that says so. Out: the message.
    """
    parts = _as_list(answer) if not isinstance(answer, str) else [answer]
    if parts is None:
        return 'Not yet: write the word or words between quotes, e.g. "some words".'
    given = _clean(" ".join(str(part) for part in parts))
    rows = quiz[quiz["number"] == number]
    if rows.empty:
        return f"Not yet: there is no sentence {number} in the quiz."
    sentence = rows["sentence"].iloc[0]
    frame = _frame_of(sentence, cues)
    words = [_clean(word) for word in deciding_words(sentence, cues)]
    limit = max([MAX_WHY_WORDS] + [len(word.split()) + 2 for word in words])
    if len(given.split()) > limit:
        return (
            f"Not yet: name only the words that decided the frame (at most {limit} words), "
            "not the whole sentence."
        )
    inside_name = frame == "institutional" and len(given.split()) >= 2
    if any(word in given or (inside_name and given in word) for word in words):
        return f"Correct: these words decided the frame of sentence {number}."
    if len(given) >= 3 and any(given in word for word in words):
        return "Not yet: close: that is part of the words that decided it. Give the whole phrase."
    analysis = analyse(sentence, cues)
    crimes = [_clean(s.text) for s in analysis.of("trafficking") + analysis.of("smuggling")]
    if any(crime in given or (len(given) >= 4 and given in crime) for crime in crimes):
        return (
            "Not yet: that names a crime. Which words make the sentence more than a "
            "mention of the crime?"
        )
    return (
        f"Not yet: these words did not decide the frame of sentence {number}. Look for a "
        "word of the list of the frame you chose (notebook 02, section 4, prints every list)."
    )


# --------------------------------------------------------------------------- C


def add_cue(cues_table: pd.DataFrame, new_cue: Mapping | None) -> pd.DataFrame:
    """A copy of the cue table with one row added.

    In: the cue table (``cues.table``); the new row as a dictionary with
    ``list``, ``cue``, ``match`` and optionally ``rationale`` (None: no row
    added). Out: the new table (build cues from it with ``cues_from_table``).
    Raises ``ValueError`` for a row that is not a dictionary or lacks a key.
    """
    table = cues_table.copy()
    if new_cue is None:
        return table
    if not isinstance(new_cue, Mapping):
        raise ValueError(
            'the new cue must be a dictionary: {"list": ..., "cue": ..., "match": ..., '
            '"rationale": ...}'
        )
    keys = ("list", "cue", "match", "rationale")
    unknown = sorted(str(key) for key in new_cue if key not in keys)
    missing = [key for key in keys[:3] if key not in new_cue]
    if unknown or missing:
        problem = f"unknown key(s) {unknown}" if unknown else f"missing key(s) {missing}"
        raise ValueError(f"{problem}; the keys are {list(keys)}")
    row = {key: str(new_cue.get(key, "")) for key in keys}
    return pd.concat([table, pd.DataFrame([row])], ignore_index=True)


def read_labelled(path: Path | str = LABELLED_FILE) -> pd.DataFrame:
    """Read the hand-labelled sentences (``sentence, frame, ...``), as notebook 02 does."""
    return pd.read_csv(path, dtype=str, keep_default_na=False)


@_never_raises
def check_new_cue(
    answer: object,
    cues_table: pd.DataFrame,
    sentences: pd.DataFrame,
    documents: pd.DataFrame,
    labelled: pd.DataFrame,
    sentence: str = CUE_SENTENCE,
    frame: str = CUE_FRAME,
) -> str:
    """Exercise C1: one new cue that gives ``sentence`` the frame ``frame``, changing nothing else.

    In: the answer (a new cue row, see ``add_cue``); the cue table; the
    corpus's sentences and documents; the hand-labelled sentences. Right when,
    with the row added, ``sentence`` gets ``frame``, no corpus sentence
    changes its frame, and the agreement with the labels does not drop.
    Out: the message.
    """
    if not isinstance(answer, Mapping):
        return (
            'Not yet: write the new row as a dictionary: {"list": "...", "cue": "...", '
            '"match": "phrase", "rationale": "..."}.'
        )
    try:
        edited = cues_from_table(add_cue(cues_table, answer))
    except ValueError as error:
        return f"Not yet: your row does not make a cue: {error}."
    original = cues_from_table(cues_table)
    before, after = _frame_of(sentence, original), _frame_of(sentence, edited)
    if after != frame:
        if after == before:
            return (
                f"Not yet: the sentence is still framed {before}. Does your cue occur in it, "
                "word for word (a phrase matches whole words), and is it in the right list?"
            )
        return f"Not yet: the sentence is now framed {after}, not {frame}: is the list right?"
    changed = compare_frames(
        frame_sentences(sentences, documents, original),
        frame_sentences(sentences, documents, edited),
    )
    if len(changed):
        return (
            f"Not yet: the sentence is now framed {frame}, but your cue also changes the frame "
            f"of {len(changed)} corpus sentence(s) (the cell above lists them): make it "
            "more specific."
        )
    accuracy_before, _ = agreement(labelled, original)
    accuracy_after, _ = agreement(labelled, edited)
    if accuracy_after < accuracy_before:
        return (
            f"Not yet: the sentence is now framed {frame}, but the agreement with the "
            f"hand-labelled sentences drops from {accuracy_before:.1%} to {accuracy_after:.1%}: "
            "your cue also catches sentences a careful reader frames differently."
        )
    return (
        f"Correct: the sentence is now framed {frame}, no corpus sentence changes its frame, "
        f"and the agreement with the hand labels stays at {accuracy_after:.1%} "
        f"({shaped_note(labelled)})."
    )


def shaped_note(labelled: pd.DataFrame) -> str:
    """Why an agreement with the hand labels is optimistic, counted from the labels.

    In: the labelled sentences (with ``shaped_cues``, 'yes' or 'no'). Out: e.g.
    "optimistic: 111 of these 149 labelled sentences were in view while the
    cues were chosen; see notebook 02, section 5"; '' without the column.
    """
    if "shaped_cues" not in labelled.columns:
        return ""
    shaped = int(labelled["shaped_cues"].astype(str).str.strip().str.lower().eq("yes").sum())
    return (
        f"optimistic: {shaped} of these {len(labelled)} labelled sentences were in view while "
        "the cues were chosen; see notebook 02, section 5"
    )


def add_pattern(codebook_table: pd.DataFrame, theme: str, pattern: str | None) -> pd.DataFrame:
    """A copy of the codebook table with one pattern added to one theme.

    In: the codebook table (``codebook.table``); the theme's name; the pattern
    (None: nothing added). Out: the new table (build a codebook from it with
    ``themes.codebook_from_table``). Raises ``ValueError`` for an unknown theme.
    """
    table = codebook_table.copy()
    if pattern is None:
        return table
    where = table["theme"] == theme
    if not where.any():
        raise ValueError(f"no theme {theme!r}; the themes are {list(table['theme'])}")
    table.loc[where, "patterns"] = table.loc[where, "patterns"].map(
        lambda patterns: f"{patterns}; {pattern}" if str(patterns).strip() else str(pattern)
    )
    return table


@_never_raises
def check_new_pattern(
    answer: object,
    codebook_table: pd.DataFrame,
    cues,
    units: pd.DataFrame,
    sentence: str = THEME_SENTENCE,
    theme: str = THEME,
    max_new: int = MAX_NEW_UNITS,
) -> str:
    """Exercise C2: one new pattern that gives ``sentence`` the theme ``theme``, and little else.

    In: the answer (a pattern, as in ``data/themes.csv``); the codebook table;
    the cues; the corpus's units (``themes.make_units``). Right when, with the
    pattern added to ``theme``, the sentence has the theme and at most
    ``max_new`` corpus units gain it. Out: the message.
    """
    if not isinstance(answer, str):
        return 'Not yet: write the pattern as text between quotes, e.g. "some words".'
    try:
        edited = codebook_from_table(add_pattern(codebook_table, theme, answer), cues)
    except ValueError as error:
        return f"Not yet: the codebook does not build with your pattern: {error}."
    if not theme_matrix(pd.DataFrame({"text": [sentence]}), edited)[theme].iloc[0]:
        return (
            f"Not yet: the sentence still lacks the theme {theme}: your pattern does not match "
            "it. A pattern matches whole words; end a word with * for any ending (protect* "
            "matches protection)."
        )
    original = codebook_from_table(codebook_table, cues)
    before = theme_matrix(units, original)[theme]
    after = theme_matrix(units, edited)[theme]
    gained = int((after & ~before).sum())
    if gained > max_new:
        return (
            f"Not yet: the sentence now has the theme, but so do {gained} corpus units that did "
            f"not have it (at most {max_new} may): make the pattern more specific."
        )
    return (
        f"Correct: the sentence now has the theme {theme}, and {gained} corpus unit(s) gain it "
        "(read them above: do they speak of victims?)."
    )


# --------------------------------------------------------------------------- D


def copy_corpus_with_page(
    source: Path | str, target: Path | str, page: str | None, name: str = PAGE_FILE
) -> list[str]:
    """Copy the files of a corpus folder into ``target`` and write the page beside them.

    In: the corpus folder (its files, not its sub-folders, are copied byte for
    byte); an existing folder to copy into (e.g. a temporary one); the page's
    text (None: no page written); its file name. Out: the names of the files
    now in ``target``, sorted. The source folder is only read.
    """
    source, target = Path(source), Path(target)
    for path in sorted(source.iterdir()):
        if path.is_file():
            (target / path.name).write_bytes(path.read_bytes())
    if page is not None:
        (target / name).write_text(str(page), encoding="utf-8")
    return sorted(path.name for path in target.iterdir())


def year_changes(
    before_documents: pd.DataFrame,
    before_framed: pd.DataFrame,
    after_documents: pd.DataFrame,
    after_framed: pd.DataFrame,
    frame: str = PAGE_FRAME,
) -> pd.DataFrame:
    """Documents, framed sentences and sentences of one frame per year, before and after.

    In: the documents and ``frame_sentences`` output of two corpora; the frame
    to count. Out: one row per year of either corpus: ``year, documents_before,
    documents_after, framed_before, framed_after, <frame>_before,
    <frame>_after``, and ``changed`` (True where any count differs).
    """
    years = sorted(
        {int(y) for y in before_documents["year"]} | {int(y) for y in after_documents["year"]}
    )
    out = pd.DataFrame({"year": years})
    tables = {
        "documents": (before_documents, after_documents),
        "framed": (before_framed, after_framed),
        frame: (
            before_framed[before_framed["frame"] == frame],
            after_framed[after_framed["frame"] == frame],
        ),
    }
    for name, (before, after) in tables.items():
        for when, table in (("before", before), ("after", after)):
            counts = table.groupby("year").size()
            counts.index = counts.index.astype(int)
            out[f"{name}_{when}"] = out["year"].map(counts).fillna(0).astype("int64")
    counts = out.drop(columns="year")
    out["changed"] = (counts.iloc[:, 0::2].to_numpy() != counts.iloc[:, 1::2].to_numpy()).any(
        axis=1
    )
    return out


@_never_raises
def check_new_page(
    answer: object,
    new_corpus: Corpus,
    base_documents: pd.DataFrame,
    cues,
    name: str = PAGE_FILE,
    frame: str = PAGE_FRAME,
) -> str:
    """Exercise D: a page that loads, adds a year, and has a sentence with the frame ``frame``.

    In: the answer (the page's text); the corpus loaded from the folder with
    the page (``copy_corpus_with_page`` then ``load_corpus``); the documents
    of the corpus without it; the cues; the page's file name. Out: the message.
    """
    if not isinstance(answer, str):
        return 'Not yet: write your page as text between triple quotes: """ ... """.'
    report = new_corpus.report[new_corpus.report["file"] == name]
    if report.empty:
        return "Not yet: your page is not in the folder that was loaded: run the cell above again."
    row = report.iloc[0]
    if row["status"] == "skipped":
        return (
            f"Not yet: the corpus skipped your page: {row['reason']}. Notebook 01 (section 8) "
            "and the README (Adding documents) say what a page needs."
        )
    document = new_corpus.documents[new_corpus.documents["doc_id"] == row["doc_id"]].iloc[0]
    year = int(document["year"])
    if year in {int(y) for y in base_documents["year"]}:
        return (
            f"Not yet: your page loaded, dated {document['date'].day} {document['date']:%B %Y}, "
            f"but {year} already "
            "has a document: date it in a year that has none, so that it adds a year."
        )
    own = new_corpus.sentences[new_corpus.sentences["doc_id"] == row["doc_id"]]
    framed = frame_sentences(own, new_corpus.documents, cues)
    n_frame = int((framed["frame"] == frame).sum())
    if not n_frame:
        frames = ", ".join(sorted(set(framed["frame"]))) or "none"
        return (
            f"Not yet: your page loaded as a document of {year}, but none of its sentences is "
            f"framed {frame} (its frames: {frames}). Name both crimes in one sentence with a "
            "contrast word, as the sentences of exercise A do."
        )
    return (
        f"Correct: your page is a document of {year} with {len(own)} sentence(s) (title "
        f"included), {n_frame} of them framed {frame}."
    )
