"""Speakers as the page describes them: a run of capitalised words with its role.

"Ruth Pojman, Deputy Co-ordinator", "the Minister of Social Policy of Ukraine": read by
``helpers.reading.voice`` on either side of a speech verb.
"""

from __future__ import annotations

import re

__all__ = ["DESCRIPTION_WORD", "capitalised_words", "description_run", "word_tokens"]


# Lower-case words that may stand inside a speaker's description ("Minister of Social
# Policy of Ukraine", "Ruud van der Berg").
DESCRIPTION_LINKS = frozenset(
    {"of", "for", "the", "and", "in", "on", "de", "van", "von", "der", "du", "al"}
)
# A word of a description: a letter, then letters, digits, apostrophes or hyphens.
DESCRIPTION_WORD = re.compile(r"[^\W\d_][\w'’\-]*")
_DESCRIPTION_TOKEN = re.compile(rf"{DESCRIPTION_WORD.pattern}|\d[\w\-]*|\S")


def word_tokens(text: str) -> list[re.Match[str]]:
    """The tokens a description is read in: words, numbers and each other character."""
    return list(_DESCRIPTION_TOKEN.finditer(text))


def capitalised_words(description: str) -> set[str]:
    """The Title-Cased words of a description, honorifics and "The" aside: what two
    descriptions of one person share."""
    return {
        w
        for w in DESCRIPTION_WORD.findall(description)
        if w[:1].isupper() and w not in {"The", "Mr", "Ms", "Mrs", "Dr"}
    }


def _fits(token: str, roles: frozenset[str]) -> bool:
    """Whether a token may be part of a speaker's description."""
    return token[:1].isupper() or token in roles or token in "()"


def _abbreviation(tokens: list[re.Match[str]], i: int) -> bool:
    """Whether the full stop at token ``i`` ends a title or an initial ("Mr.", "J."): after a short
    capitalised word with no space, before a capitalised word.
    """
    if not (0 < i < len(tokens) - 1):
        return False
    before, after = tokens[i - 1], tokens[i + 1]
    word = before.group()
    return (
        before.end() == tokens[i].start()
        and word[:1].isupper()
        and word.isalpha()
        and len(word) <= 3
        and after.group()[:1].isupper()
    )


def description_run(
    text: str, tokens: list[re.Match[str]], start: int, step: int, roles: frozenset[str]
) -> str:
    """The description of a person or body from token ``start``, walking by ``step`` (-1 left).

    In: the text, its :func:`word_tokens`, ``start``, ``step``, the role words that may stand
    in lower case. Out: the run as written ("Ruth Pojman, Deputy Co-ordinator"), or '' without a
    capitalised word; a comma only between two parts.
    """
    kept: list[int] = []
    i = start
    while 0 <= i < len(tokens):
        word = tokens[i].group()
        if _fits(word, roles) or word.casefold() in DESCRIPTION_LINKS and word.islower():
            kept.append(i)
        elif word == "." and _abbreviation(tokens, i):
            kept.append(i)  # "Mr. J. Smith": the full stop of a title or an initial
        elif word == ",":
            # A comma joins two parts of a description ("Ruth Pojman, Deputy
            # Co-ordinator"), or ends it right before the verb ("X, described").
            neighbour, previous = i + step, i - step

            def fits(j: int) -> bool:
                word = tokens[j].group()
                return _fits(word, roles) or word == "the"

            if not (0 <= neighbour < len(tokens) and fits(neighbour)):
                break
            if not (i == start or fits(previous)):
                break
            kept.append(i)
        else:
            break
        i += step
    kept.sort()
    while kept and (
        tokens[kept[0]].group() in DESCRIPTION_LINKS | {",", "The"}
        or tokens[kept[0]].group() == ")"
    ):
        kept.pop(0)
    while kept and tokens[kept[-1]].group() in DESCRIPTION_LINKS | {",", "("}:
        kept.pop()
    if not kept or not any(tokens[k].group()[:1].isupper() for k in kept):
        return ""
    return text[tokens[kept[0]].start() : tokens[kept[-1]].end()]
