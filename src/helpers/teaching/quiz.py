"""Exercise B of the seminar: why is a sentence framed as it is?

:func:`frame_quiz` picks one corpus sentence for each of ``QUIZ_FRAMES``
and :func:`quiz_text` prints them; students give each sentence's frame
(:func:`check_quiz_frames`) and the words that decided the frame of one of
them (:func:`check_quiz_why`, against :func:`deciding_words`). The right
frames are those ``framing.frame_sentence`` gives, as read by
:func:`frame_of`, which exercises C and D (``helpers.teaching.edits``) use too.
"""

from __future__ import annotations

import hashlib
import textwrap
from collections.abc import Iterable

import pandas as pd

from helpers.base.checks import require_columns
from helpers.base.prose import quotation_whole
from helpers.corpus.labels import document_labels
from helpers.reading.framing import FRAMES, NONE_LABEL, analyse, decide, frame_sentence
from helpers.rules.cues import Cues
from helpers.teaching.answers import as_list as _as_list
from helpers.teaching.answers import clean as _clean
from helpers.teaching.answers import never_raises as _never_raises

__all__ = [
    "ALL_FRAMES",
    "MAX_WHY_WORDS",
    "QUIZ_FRAMES",
    "check_quiz_frames",
    "check_quiz_why",
    "deciding_words",
    "frame_of",
    "frame_quiz",
    "quiz_text",
]

# One quiz sentence for each of these frames (those the corpus has).
QUIZ_FRAMES: tuple[str, ...] = ("distinction", "nexus", "umbrella", "paired", "institutional")
MAX_WHY_WORDS = 6
ALL_FRAMES: tuple[str, ...] = (*FRAMES, NONE_LABEL)


def frame_quiz(framed: pd.DataFrame, frames: Iterable[str] = QUIZ_FRAMES) -> pd.DataFrame:
    """Pick one sentence of the corpus for each frame, for students to frame.

    In: the output of ``frame_sentences``; the frames to ask about. For each
    frame that some body sentence (not a title) has, the shortest such
    sentence is taken (ties: by year, document, sentence). The sentences are
    then put in the order of a hash of their text, so the order says nothing
    about their frames and is the same on every run. Out: ``number, year,
    doc_id, sent_id, sentence`` (numbered from 1); no frame column. Raises
    ``ValueError`` naming a missing column.
    """
    require_columns(framed, ["year", "doc_id", "sent_id", "sentence", "frame"], "frame_quiz")
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
    year and doc_id. Out: the text; a sentence cut from a longer quotation gets
    the quotation mark it lacks (``prose.quotation_whole``). Raises
    ``ValueError`` naming a missing column.
    """
    require_columns(quiz, ["number", "year", "doc_id", "sent_id", "sentence"], "quiz_text")
    labels = document_labels(documents) if documents is not None else None
    blocks = []
    for row in quiz.itertuples(index=False):
        source = labels.get(row.doc_id, row.doc_id) if labels is not None else None
        where = source if source else f"{row.year}, {row.doc_id}"
        head = f"{row.number}. ({where}, sentence {row.sent_id}) "
        sentence = quotation_whole(row.sentence)  # no stray mark from a longer quotation
        blocks.append(textwrap.fill(head + sentence, width, subsequent_indent="   "))
    return "\n".join(blocks)


def frame_of(sentence: str, cues: Cues | pd.DataFrame) -> str:
    """The frame of one sentence, as the seminar's checks compare it.

    In: a sentence and the cues. Out: the frame ``framing.frame_sentence``
    gives, or ``framing.NONE_LABEL`` when it gives none.
    """
    return frame_sentence(sentence, cues)[0] or NONE_LABEL


def check_quiz_frames(answer: object, quiz: pd.DataFrame, cues: Cues | pd.DataFrame) -> str:
    """Exercise B1: the frame of each quiz sentence, in order.

    In: the answer (a list of frame names, one per quiz sentence); the quiz
    (``frame_quiz``: ``number, sentence``); the cues. The right frames are
    those ``frame_sentence`` gives. Out: the message; a wrong answer is told
    which sentences are right. A quiz without those columns raises
    ``ValueError``, whatever the answer.
    """
    require_columns(quiz, ["number", "sentence"], "check_quiz_frames")
    return _quiz_frames(answer, quiz, cues)


@_never_raises
def _quiz_frames(answer: object, quiz: pd.DataFrame, cues: Cues | pd.DataFrame) -> str:
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
    expected = [frame_of(sentence, cues) for sentence in quiz["sentence"]]
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


def deciding_words(sentence: str, cues: Cues | pd.DataFrame) -> list[str]:
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


def check_quiz_why(
    answer: object, quiz: pd.DataFrame, cues: Cues | pd.DataFrame, number: int = 1
) -> str:
    """Exercise B2: the word or words that decided the frame of quiz sentence ``number``.

    In: the answer (a word or a few words, or a list of them); the quiz; the
    cues; the sentence's number. Right when the answer holds one of
    ``deciding_words`` whole (for a name, two or more of its words are
    enough: "Action Plan") and is short: at most ``MAX_WHY_WORDS`` words, or
    two more than the longest deciding phrase. Part of a deciding phrase
    ("links" for "links between") gets a "Not yet" that says so. Out: the
    message. A quiz without ``number`` and ``sentence`` raises ``ValueError``,
    whatever the answer.
    """
    require_columns(quiz, ["number", "sentence"], "check_quiz_why")
    return _quiz_why(answer, quiz, cues, number)


@_never_raises
def _quiz_why(answer: object, quiz: pd.DataFrame, cues: Cues | pd.DataFrame, number: int) -> str:
    parts = _as_list(answer) if not isinstance(answer, str) else [answer]
    if parts is None:
        return 'Not yet: write the word or words between quotes, e.g. "some words".'
    given = _clean(" ".join(str(part) for part in parts))
    rows = quiz[quiz["number"] == number]
    if rows.empty:
        return f"Not yet: there is no sentence {number} in the quiz."
    sentence = rows["sentence"].iloc[0]
    frame = frame_of(sentence, cues)
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
