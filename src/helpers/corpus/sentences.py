"""Split a paragraph into sentences.

A rule-based splitter, small enough to read: a sentence ends at ``.``, ``!``,
``?`` or ``…`` (optionally followed by closing quotation marks or brackets)
when white space and then a capital letter, a digit or an opening quotation
mark follow. A full stop does not end a sentence after an abbreviation from
``data/abbreviations.txt``, after an initial ("J. Smith") or after a dotted
acronym ("U.S.", "e.g."). Datelines ("VIENNA, 8 April 2003 - ...") contain no
sentence-final punctuation and so stay with their first sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from helpers.base.paths import DATA_DIR

__all__ = [
    "ABBREVIATIONS_FILE",
    "Abbreviations",
    "read_abbreviations",
    "split_sentences",
]

ABBREVIATIONS_FILE: Path = DATA_DIR / "abbreviations.txt"

_BOUNDARY = re.compile(
    r"(?P<punct>[.!?…]+)(?P<close>[\"”’')\]]*)(?P<space>\s+)"
    r"(?=[\"“‘'(\[]*[A-Z0-9À-ÖØ-Þ])"
)
_STRAY_SPACE = re.compile(r"\s+([\"”’])$")
_INITIAL = re.compile(r"^[(\"“‘']*[A-Z]$")
_DOTTED = re.compile(r"^[(\"“‘']*(?:[A-Za-z]\.)+[A-Za-z]$")


@dataclass(frozen=True)
class Abbreviations:
    """Abbreviations that do not end a sentence.

    ``always``: never end a sentence (``mr``, ``dr``); ``before_number``: only
    when a digit follows (``no`` in "No. 5").
    """

    always: frozenset[str]
    before_number: frozenset[str]


def read_abbreviations(path: Path = ABBREVIATIONS_FILE) -> Abbreviations:
    """Read an abbreviations file (one per line, '#' comments, '+' = before a number)."""
    always: set[str] = set()
    before_number: set[str] = set()
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        entry = line.split("#", 1)[0].strip().lower().rstrip(".")
        if not entry:
            continue
        if entry.endswith("+"):
            before_number.add(entry[:-1].rstrip("."))
        else:
            always.add(entry)
    return Abbreviations(frozenset(always), frozenset(before_number))


def _is_abbreviation(token: str, next_char: str, abbreviations: Abbreviations) -> bool:
    """Say whether ``token`` + '.' is an abbreviation rather than a sentence end."""
    if _INITIAL.match(token) or _DOTTED.match(token):
        return True
    word = token.lstrip("(\"“‘'").lower()
    if word in abbreviations.always:
        return True
    return word in abbreviations.before_number and next_char.isdigit()


def split_sentences(paragraph: str, abbreviations: Abbreviations | None = None) -> list[str]:
    """Split one paragraph into a list of sentences (stripped, none empty).

    ``abbreviations`` defaults to the project's ``data/abbreviations.txt``.
    """
    if abbreviations is None:
        abbreviations = read_abbreviations()
    text = " ".join(paragraph.split())
    sentences: list[str] = []
    start = 0
    for match in _BOUNDARY.finditer(text):
        if match.group("punct") == ".":
            before = text[start : match.start()]
            token = before.rsplit(" ", 1)[-1]
            if _is_abbreviation(token, text[match.end() : match.end() + 1], abbreviations):
                continue
        _append(sentences, text[start : match.start("space")])
        start = match.end()
    _append(sentences, text[start:])
    return sentences


def _append(sentences: list[str], sentence: str) -> None:
    """Append a stripped, non-empty sentence; a stray space before a final quote goes."""
    sentence = _STRAY_SPACE.sub(r"\1", sentence.strip())
    if sentence:
        sentences.append(sentence)
