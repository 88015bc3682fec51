"""One pattern language for every rule file and every query: ``phrase``, ``glob`` or ``regex``.

A researcher writes a pattern once and says how to read it, in the manner of
quanteda's ``valuetype``:

- ``phrase``: the words as written. Case, curly quotes and dashes do not
  matter (patterns and texts are both read through ``helpers.base.text.normalise``),
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

The name cues (``data/name_cues.csv``) are not matched on text but compared
with a text's words, one by one (``helpers.rules.person_names``): there only
``phrase`` applies, and :func:`cue_words` checks a cue and splits it into
its words.
"""

from __future__ import annotations

import re

from helpers.base.text import normalise

__all__ = [
    "MATCH_KINDS",
    "WORD_FORM",
    "check_match",
    "compile_pattern",
    "cue_words",
    "pattern_body",
    "pattern_example",
]

MATCH_KINDS: tuple[str, ...] = ("phrase", "glob", "regex")
WORD_START, WORD_END = r"(?<!\w)(?:", r")(?!\w)"
# A word, as the name finder and TF-IDF read words: letters or digits, possibly
# joined by inner hyphens or apostrophes ("co-operation", "OSCE's", "2015-2016").
WORD_FORM = r"[^\W_]+(?:['-][^\W_]+)*"
_WORD_FULLMATCH = re.compile(WORD_FORM).fullmatch


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


def cue_words(cue: str, match: str) -> tuple[str, ...]:
    """The words of a cue that is compared word by word with a text's words (the name cues).

    In: the cue and its kind of match. Out: its words as written (case kept),
    split at white space. Only ``phrase`` applies, since a text's words are
    compared whole: a ``glob`` or a ``regex`` is refused (write each form as a
    cue of its own). Raises ValueError naming the cue when ``match`` is not a
    kind of :data:`MATCH_KINDS` or not ``phrase``, when the cue is empty, or
    when one of its words is not a word (:data:`WORD_FORM`: letters or digits,
    joined by inner hyphens or apostrophes), which no word of a text could equal.
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
    """A short text the pattern matches, to show a reader instead of the pattern itself.

    In: the pattern and its kind of match. Out: for a phrase, the phrase; for
    a glob, the glob with each ``*`` dropped ("traffick*" gives "traffick");
    for a regex, its shortest plain reading: each group its first alternative,
    optional parts left out ("links? (between|with|to)" gives "link between").
    The example is checked against the compiled pattern; None when the regex
    has a part with no plain reading (a character class, a look-around) or the
    reading does not match.
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
