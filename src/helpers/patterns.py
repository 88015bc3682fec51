"""One pattern language for every rule file and every query: ``phrase``, ``glob`` or ``regex``.

A researcher writes a pattern once and says how to read it, in the manner of
quanteda's ``valuetype``:

- ``phrase``: the words as written. Case, curly quotes and dashes do not
  matter (patterns and texts are both read through ``helpers.text.normalise``),
  any run of white space matches any other, and a hyphen inside a word also
  matches a space or nothing ("co-operation" finds "cooperation" and
  "co operation"). Every other character is literal.
- ``glob``: a phrase in which a ``*`` at the end of a word stands for any
  further letters or digits ("traffick*" finds "trafficking", "traffickers").
- ``regex``: a Python regular expression, for what the other two cannot say
  (inflections, alternatives, "not followed by"). It is matched on normalised
  text, so it should be written in lower case with straight quotes and ``-``.

Every pattern matches whole words only: it may not start or end inside a
word. :func:`compile_pattern` is the one function that turns a pattern into a
compiled regular expression; the framing cues, the theme codebook and the
concordance all call it.
"""

from __future__ import annotations

import re

from .text import normalise

__all__ = ["MATCH_KINDS", "check_match", "compile_pattern", "pattern_body"]

MATCH_KINDS: tuple[str, ...] = ("phrase", "glob", "regex")
WORD_START, WORD_END = r"(?<!\w)(?:", r")(?!\w)"


def check_match(match: str) -> str:
    """Check a kind of match. In: ``match``. Out: it, or ValueError naming it and the kinds."""
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

    In: the pattern and its kind of match (``MATCH_KINDS``). Out: a regular
    expression for normalised text. Raises ValueError naming the pattern when
    it is empty, when a glob's ``*`` does not end a word, or when a regex does
    not compile.
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
    """Compile a pattern to match whole words of normalised text, ignoring case.

    In: the pattern and its kind of match (``phrase``, ``glob`` or ``regex``).
    Out: a compiled ``re.Pattern`` (see :func:`pattern_body` for the errors).
    """
    return re.compile(f"{WORD_START}{pattern_body(pattern, match)}{WORD_END}", re.IGNORECASE)
