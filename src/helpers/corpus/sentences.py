"""Split a paragraph into sentences: a small rule-based splitter.

A sentence ends at ``.``, ``!``, ``?`` or ``…`` (closing quotes or brackets after) before
white space and a capital, digit or opening quote; not after an abbreviation of
``data/abbreviations.txt``, an initial ("J. Smith") or a dotted acronym ("U.S.").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from helpers.base.paths import DATA_DIR
from helpers.base.rule_files import read_word_list

__all__ = ["ABBREVIATIONS_FILE", "Abbreviations", "read_abbreviations", "split_sentences"]

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
    """Abbreviations: ``always`` (``mr``) and ``before_number`` (``no`` in "No. 5")."""

    always: frozenset[str]
    before_number: frozenset[str]


def read_abbreviations(path: Path = ABBREVIATIONS_FILE) -> Abbreviations:
    """Read an abbreviations file (one per line, '#' comments, '+' = before a number)."""
    entries = [entry.lower().rstrip(".") for entry in read_word_list(path)]
    return Abbreviations(
        frozenset(e for e in entries if e and not e.endswith("+")),
        frozenset(e[:-1].rstrip(".") for e in entries if e.endswith("+")),
    )


def _is_abbreviation(token: str, next_char: str, abbreviations: Abbreviations) -> bool:
    if _INITIAL.match(token) or _DOTTED.match(token):
        return True
    word = token.lstrip("(\"“‘'").lower()
    if word in abbreviations.always:
        return True
    return word in abbreviations.before_number and next_char.isdigit()


def split_sentences(paragraph: str, abbreviations: Abbreviations | None = None) -> list[str]:
    """A paragraph's sentences (stripped, none empty)."""
    if abbreviations is None:
        abbreviations = read_abbreviations()
    text = " ".join(paragraph.split())
    pieces: list[str] = []
    start = 0
    for match in _BOUNDARY.finditer(text):
        if match.group("punct") == ".":
            before = text[start : match.start()]
            token = before.rsplit(" ", 1)[-1]
            if _is_abbreviation(token, text[match.end() : match.end() + 1], abbreviations):
                continue
        pieces.append(text[start : match.start("space")])
        start = match.end()
    pieces.append(text[start:])
    return [s for s in (_STRAY_SPACE.sub(r"\1", p.strip()) for p in pieces) if s]
