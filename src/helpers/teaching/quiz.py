"""Exercise B of the seminar: why is a sentence framed as it is?

One corpus sentence per frame of ``QUIZ_FRAMES``; students give each one's frame
and the words that decided one of them. The right frames are those
``framing.frame_sentence`` gives (:func:`frame_of`, which exercises C and D use too).
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
from helpers.teaching.answers import NotYet, as_list, clean, exercise

__all__ = [
    "QUIZ_FRAMES",
    "check_quiz_frames",
    "check_quiz_why",
    "frame_of",
    "frame_quiz",
    "quiz_text",
]

QUIZ_FRAMES: tuple[str, ...] = ("distinction", "nexus", "umbrella", "paired", "institutional")
MAX_WHY_WORDS = 6
ALL_FRAMES: tuple[str, ...] = (*FRAMES, NONE_LABEL)


def frame_quiz(framed: pd.DataFrame, frames: Iterable[str] = QUIZ_FRAMES) -> pd.DataFrame:
    """The shortest body sentence (not a title) of each frame the corpus has. Out: ``number,
    year, doc_id, sent_id, sentence``, ordered by a hash of the text (stable, and says
    nothing of the frames)."""
    require_columns(framed, ["year", "doc_id", "sent_id", "sentence", "frame"], "frame_quiz")
    body = framed[framed["part"] != "title"] if "part" in framed.columns else framed
    body = body.assign(_length=body["sentence"].str.len())
    body = body.sort_values(["_length", "year", "doc_id", "sent_id"], kind="stable")
    columns = ["year", "doc_id", "sent_id", "sentence"]
    picked = [body[body["frame"] == frame].head(1) for frame in frames]
    quiz = pd.concat([body.head(0), *picked])[columns]
    order = quiz["sentence"].map(lambda s: hashlib.sha256(s.encode("utf-8")).hexdigest())
    quiz = quiz.iloc[order.argsort(kind="stable")]
    quiz.insert(0, "number", range(1, len(quiz) + 1))
    return quiz.reset_index(drop=True)


def quiz_text(quiz: pd.DataFrame, width: int = 96, documents: pd.DataFrame | None = None) -> str:
    """The quiz as numbered, wrapped text; sources named by year and place with ``documents``."""
    require_columns(quiz, ["number", "year", "doc_id", "sent_id", "sentence"], "quiz_text")
    labels = document_labels(documents) if documents is not None else None
    blocks = []
    for row in quiz.itertuples(index=False):
        source = labels.get(row.doc_id, row.doc_id) if labels is not None else ""
        where = source or f"{row.year}, {row.doc_id}"
        head = f"{row.number}. ({where}, sentence {row.sent_id}) "
        sentence = quotation_whole(row.sentence)  # no stray mark from a longer quotation
        blocks.append(textwrap.fill(head + sentence, width, subsequent_indent="   "))
    return "\n".join(blocks)


def frame_of(sentence: str, cues: Cues | pd.DataFrame) -> str:
    """The frame ``framing.frame_sentence`` gives one sentence, ``NONE_LABEL`` for none."""
    return frame_sentence(sentence, cues)[0] or NONE_LABEL


@exercise(quiz=["number", "sentence"])
def check_quiz_frames(answer: object, quiz: pd.DataFrame, cues: Cues | pd.DataFrame) -> str:
    """Exercise B1: the frame of each quiz sentence, in order; a wrong answer is told which
    sentences are right."""
    form = 'write the frames as a list in square brackets, e.g. ["paired", "nexus"].'
    given = [clean(item) for item in as_list(answer, form)]
    if len(given) != len(quiz):
        raise NotYet(
            f"there are {len(quiz)} sentences: give one frame for each, in their "
            f"order (your list has {len(given)})."
        )
    unknown = list(dict.fromkeys(item for item in given if item not in ALL_FRAMES))
    if unknown:
        raise NotYet(
            f"{', '.join(repr(u) for u in unknown)}: not a frame; the frames are "
            f"{', '.join(ALL_FRAMES)}."
        )
    expected = [frame_of(sentence, cues) for sentence in quiz["sentence"]]
    right = [n for n, g, e in zip(quiz["number"], given, expected, strict=True) if g == e]
    wrong = [n for n in quiz["number"] if n not in right]
    if not wrong:
        return f"Correct: all {len(quiz)} frames are those the scheme gives."
    right_text = f"sentence(s) {', '.join(map(str, right))} right" if right else "none right yet"
    raise NotYet(
        f"{right_text}; look again at {', '.join(map(str, wrong))}. Hint: a "
        "sentence takes the first frame that applies: distinction, nexus, umbrella, paired, "
        "one crime, institutional (a crime named only inside a name)."
    )


def _deciding(sentence: str, cues: Cues | pd.DataFrame) -> tuple[str, list[str], list[str]]:
    """The frame, the words that decided it and the crime mentions, all cleaned.

    For distinction, nexus and umbrella the deciding words are the cue words without
    the bare crime mentions; otherwise the words ``frame_sentence`` reports.
    """
    analysis = analyse(sentence, cues)
    frame, words = decide(analysis)
    crimes = [span.text for span in analysis.of("trafficking") + analysis.of("smuggling")]
    if frame in ("distinction", "nexus", "umbrella"):
        words = [word for word in words if word not in crimes] or words
    return frame_of(sentence, cues), [clean(w) for w in words], [clean(c) for c in crimes]


@exercise(quiz=["number", "sentence"])
def check_quiz_why(
    answer: object, quiz: pd.DataFrame, cues: Cues | pd.DataFrame, number: int = 1
) -> str:
    """Exercise B2: the words that decided the frame of quiz sentence ``number``; right when
    short and holding a deciding phrase whole (two or more words of a name will do)."""
    form = 'write the word or words between quotes, e.g. "some words".'
    parts = [answer] if isinstance(answer, str) else as_list(answer, form)
    given = clean(" ".join(str(part) for part in parts))
    rows = quiz[quiz["number"] == number]
    if rows.empty:
        raise NotYet(f"there is no sentence {number} in the quiz.")
    frame, words, crimes = _deciding(rows["sentence"].iloc[0], cues)
    limit = max([MAX_WHY_WORDS] + [len(word.split()) + 2 for word in words])
    if len(given.split()) > limit:
        raise NotYet(
            f"name only the words that decided the frame (at most {limit} words), "
            "not the whole sentence."
        )
    inside_name = frame == "institutional" and len(given.split()) >= 2
    if any(word in given or (inside_name and given in word) for word in words):
        return f"Correct: these words decided the frame of sentence {number}."
    if len(given) >= 3 and any(given in word for word in words):
        raise NotYet("close: that is part of the words that decided it. Give the whole phrase.")
    if any(crime in given or (len(given) >= 4 and given in crime) for crime in crimes):
        raise NotYet(
            "that names a crime. Which words make the sentence more than a mention of the crime?"
        )
    raise NotYet(
        f"these words did not decide the frame of sentence {number}. Look for a "
        "word of the list of the frame you chose (notebook 02, section 4, prints every list)."
    )
