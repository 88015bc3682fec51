"""One pattern language for every rule file and every query: ``phrase``, ``glob`` or ``regex``.

``phrase``: the words as written (case, quotes and dashes do not matter; any white space
matches any other; an inner hyphen also matches a space or nothing). ``glob``: a phrase whose
words may end in ``*``. ``regex``: Python's, on normalised lower-case text. Every pattern
matches whole words. :func:`compile_pattern` is the one place a pattern is compiled;
:func:`cue_words` reads a word cue (``data/name_cues.csv``), where only ``phrase`` applies.
See ``data/README.md``.
"""

from __future__ import annotations

import re

from helpers.base.text import normalise

__all__ = [
    "MATCH_KINDS", "WORD_FORM", "check_match", "compile_pattern", "cue_words", "pattern_body",
    "pattern_example",
]  # fmt: skip

MATCH_KINDS: tuple[str, ...] = ("phrase", "glob", "regex")
WORD_START, WORD_END = r"(?<!\w)(?:", r")(?!\w)"
# A word, as the name finder and TF-IDF read words: letters or digits, possibly
# joined by inner hyphens or apostrophes ("co-operation", "OSCE's", "2015-2016").
WORD_FORM = r"[^\W_]+(?:['-][^\W_]+)*"
_WORD_FULLMATCH = re.compile(WORD_FORM).fullmatch


def check_match(match: str) -> str:
    """In: a kind of match. Out: it, or ValueError naming it and the kinds."""
    if match not in MATCH_KINDS:
        raise ValueError(f"unknown match {match!r}: use one of {list(MATCH_KINDS)}")
    return match


def _word_body(word: str, pattern: str, glob: bool) -> str:
    star = glob and word.endswith("*")
    stem = word[:-1] if star else word
    if glob and (not stem or "*" in stem):
        raise ValueError(f"pattern {pattern!r}: '*' may only end a word, after a letter")
    pieces = stem.split("-")
    if any(not piece for piece in pieces) and len(pieces) > 1 and glob:
        raise ValueError(f"pattern {pattern!r}: a hyphen must join two parts of a word")
    body = "(?:-|\\s)?".join(re.escape(piece) for piece in pieces)
    return body + (r"\w*" if star else "")


def pattern_body(pattern: str, match: str) -> str:
    """The regular expression of a pattern, without its word boundaries.

    In: the pattern and its kind of match. Out: a regex for normalised text. ValueError naming
    the pattern when it is empty, a glob's ``*`` does not end a word, or a regex does not compile.
    """
    check_match(match)
    if not str(pattern).strip():
        raise ValueError(f"empty {match} pattern: {pattern!r}")
    if match == "regex":
        try:
            re.compile(pattern)
        except re.error as error:
            raise ValueError(f"regex {pattern!r} does not compile: {error}") from None
        return pattern
    words = normalise(pattern).split(" ")
    return r"\s+".join(_word_body(word, pattern, match == "glob") for word in words)


def compile_pattern(pattern: str, match: str) -> re.Pattern[str]:
    """In: a pattern and its kind of match. Out: a compiled ``re.Pattern`` for whole words of
    normalised text, ignoring case (errors: :func:`pattern_body`).
    """
    return re.compile(f"{WORD_START}{pattern_body(pattern, match)}{WORD_END}", re.IGNORECASE)


def cue_words(cue: str, match: str) -> tuple[str, ...]:
    """The words of a cue compared word by word with a text's words (the name cues).

    In: the cue and its kind of match. Out: its words, case kept. ValueError naming the cue for a
    kind other than ``phrase`` (write each form as a cue), an empty cue, or a word that is not
    letters or digits joined by inner hyphens or apostrophes.
    """
    check_match(match)
    if match != "phrase":
        raise ValueError(
            f"{match} cue {cue!r}: word cues are compared whole, word by word, so only "
            "'phrase' applies; write each form as a cue of its own"
        )
    words = tuple(str(cue).split())
    if not words:
        raise ValueError(f"empty phrase pattern: {cue!r}")
    for word in words:
        if not _WORD_FULLMATCH(word):
            raise ValueError(
                f"phrase {cue!r}: {word!r} is not a word (letters or digits, joined by a "
                "plain hyphen '-' or a straight apostrophe), so it could never match"
            )
    return words


_GROUP = re.compile(r"\((?:\?:)?([^()]*)\)(\?|\*|\+|\{\d*,?\d*\})?")
_OPTIONAL_CHAR = re.compile(r"(\\?.)\?")


def _plain_group(found: re.Match) -> str:
    """An innermost group's plain reading: nothing when optional, else its first alternative."""
    return "" if found.group(2) in ("?", "*") else found.group(1).split("|")[0]


def pattern_example(pattern: str, match: str) -> str | None:
    """A short text the pattern matches, shown to a reader instead of the pattern.

    In: a pattern and its kind. Out: the phrase; the glob without its ``*``; a regex's shortest
    plain reading ("links? (between|with|to)" gives "link between"); None when there is none or
    it does not match.
    """
    check_match(match)
    if match == "phrase":
        return " ".join(str(pattern).split())
    if match == "glob":
        text = " ".join(str(pattern).replace("*", "").split())
    else:
        text = re.sub(r"\(\?<?[!=][^()]*\)", "", str(pattern))  # look-arounds: no text
        text = re.sub(r"\[([^\]^\\])[^\]]*\]", r"\1", text)  # a class: its first character
        while True:
            changed = _GROUP.sub(_plain_group, text, count=1)
            if changed == text:
                break
            text = changed
        text = text.split("|")[0]
        text = _OPTIONAL_CHAR.sub("", text)
        text = re.sub(r"\\([^\w])", r"\1", text)
        if re.search(r"[\\()\[\]{}*+?^$|]", text):
            return None
        text = " ".join(text.split())
    if not text or not compile_pattern(pattern, match).search(normalise(text)):
        return None
    return text
