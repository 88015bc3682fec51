"""Tests of one line of a saved page, the building blocks of ``helpers.corpus.roles``.

Each is memoised: pages of one website repeat the same menu lines, tested once.
"""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import filterfalse

from helpers.corpus.dates import DATE_LINE, DATELINE

# fmt: off
__all__ = [
    "ADDED_ON", "BULLET", "TERMINAL", "VENUE_MARKER", "bullet_text", "count_words", "date_line",
    "dateline_alone", "is_added_on", "is_bullet", "is_chrome", "is_field_value", "is_heading",
    "is_lead_in", "is_menu_item", "is_prose", "is_running", "is_short_lead_in", "label_match",
    "line_words", "normalise_lines", "opens_article",
]
# fmt: on

TERMINAL = re.compile(r"[.!?…](?:\s?[\"”’')\]])*$")
BULLET = re.compile(r"^[-•*](?:\s+|$)")
CHROME = re.compile(
    r"^(?:skip (?:to (?:the )?(?:main )?content|links?|navigation)|jump to (?:main )?content"
    r"|back to top|print this page|share this page|you are here:?.*"
    r"|home\s*[›»>/|].*)$",  # a breadcrumb: 'Home › Newsroom › Press releases'
    re.I,
)
LABEL_LINE = re.compile(r"^(?:[-•*]\s*)?([A-Za-z][A-Za-z ]{1,30}?)\s*:\s*(.*)$")
ADDED_ON = re.compile(r"^(?:[-•*]\s*)?added on\b[:\s]*(.*)$", re.I)
_LETTER_OR_DIGIT = re.compile(r"[^\W_]")
VENUE_MARKER = re.compile(r"^venue(?: description)?$", re.I)

LINE_CACHE = 1 << 16


@lru_cache(maxsize=LINE_CACHE)
def line_words(line: str) -> int:
    return len(line.split())


@lru_cache(maxsize=LINE_CACHE)
def is_bullet(line: str) -> bool:
    return bool(BULLET.match(line))


@lru_cache(maxsize=LINE_CACHE)
def bullet_text(line: str) -> str:
    return BULLET.sub("", line, count=1).strip()


@lru_cache(maxsize=LINE_CACHE)
def is_prose(line: str) -> bool:
    """A line that reads as running text: six or more words ending a sentence."""
    return not is_bullet(line) and line_words(line) >= 6 and bool(TERMINAL.search(line))


@lru_cache(maxsize=LINE_CACHE)
def is_lead_in(line: str) -> bool:
    """A line of running text that introduces a list: six or more words ending in a colon."""
    return not is_bullet(line) and line_words(line) >= 6 and line.endswith(":")


@lru_cache(maxsize=LINE_CACHE)
def is_short_lead_in(line: str) -> bool:
    """Three to five words ending in a colon: a lead-in if the list after it reads as text."""
    return not is_bullet(line) and 3 <= line_words(line) < 6 and line.endswith(":")


@lru_cache(maxsize=LINE_CACHE)
def is_heading(line: str) -> bool:
    """A short line that could head a menu: eight words at most, not ending a sentence."""
    return (
        bool(line) and not is_bullet(line) and line_words(line) <= 8 and not TERMINAL.search(line)
    )


@lru_cache(maxsize=LINE_CACHE)
def is_menu_item(line: str) -> bool:
    """A bullet line short enough to be a menu entry (or a bare '-' separator)."""
    text = bullet_text(line)
    return is_bullet(line) and line_words(text) <= 15 and not TERMINAL.search(text)


def is_field_value(line: str) -> bool:
    """A short line that can be a metadata value."""
    return (
        not is_bullet(line)
        and not label_match(line)
        and not TERMINAL.search(line)
        and not DATELINE.match(line)
        and line_words(line) <= 15
    )


@lru_cache(maxsize=LINE_CACHE)
def label_match(line: str) -> re.Match[str] | None:
    """A 'Label: value' line as a match (groups: label, value), else None."""
    return LABEL_LINE.match(line) if ":" in line else None


@lru_cache(maxsize=LINE_CACHE)
def is_added_on(line: str) -> bool:
    return bool(ADDED_ON.match(line))


@lru_cache(maxsize=LINE_CACHE)
def is_chrome(line: str) -> bool:
    """Page furniture ('Skip to main content', a breadcrumb)."""
    return bool(CHROME.match(line))


def count_words(text: str) -> int:
    """The words of a text holding a letter or digit."""
    words = text.split()
    # most words are all letters or digits (``isalnum``); only the others need the pattern
    return len(words) - sum(
        1 for w in filterfalse(str.isalnum, words) if not _LETTER_OR_DIGIT.search(w)
    )


@lru_cache(maxsize=LINE_CACHE)
def normalise_line(line: str) -> str:
    return " ".join(line.replace("\xa0", " ").split())


def normalise_lines(raw: str) -> list[str]:
    """A page's lines, white space collapsed (any line ending, a BOM dropped)."""
    text = raw.replace("\r\n", "\n").replace("\r", "\n").replace("\ufeff", "")
    return [normalise_line(line) for line in text.split("\n")]


@lru_cache(maxsize=LINE_CACHE)
def date_line(line: str) -> tuple[str, str, str] | None:
    """Date, city and country of a line holding only a date ('VIENNA, 4 March 2011'); the
    date '' for a later edit ('Last updated ...'); else None."""
    match = DATE_LINE.match(line)
    if not match:
        return None
    if match.group("updated"):
        return "", "", ""
    city, country = match.group("city") or "", match.group("country") or match.group("note") or ""
    return match.group("date"), city, country


@lru_cache(maxsize=LINE_CACHE)
def opens_article(line: str) -> bool:
    """A dateline ('VIENNA, 8 April 2003 -') or a line of running text introducing a list."""
    return bool(DATELINE.match(line)) or is_lead_in(line)


def dateline_alone(text: str) -> bool:
    """A dateline with nothing after its dash ('VIENNA, 8 April 2003 -'): joined to what follows."""
    if len(text) > 120:  # a bare dateline is short; a paragraph is not tested further
        return False
    match = DATELINE.match(text)
    return bool(match) and match.end() == len(text)


@lru_cache(maxsize=LINE_CACHE)
def is_running(line: str) -> bool:
    """A line of running text for the cleaning count: six words or more, not a bullet."""
    return not is_bullet(line) and line_words(line) >= 6
