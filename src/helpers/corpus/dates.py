"""Find and read the dates of saved pages: datelines, date lines and dates in the text.

Patterns find where a date sits ('8 April 2003', 'April 8, 2003', '2003-04-08', '08.04.2003',
ranges such as '22-26 October 2018' whose first day counts, an event's time after it);
python-dateutil reads the date itself (month names in any case, no 31 February). Only a day,
month and year make a date: 'on 3 March' is a hint, reported, never read as one.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

from dateutil import parser as _dateutil

from helpers.base.text import DASHES

# fmt: off
__all__ = [
    "DATE_LINE", "DATELINE", "DATE_TEXT", "TIME_TAIL", "DateChoice", "choose_date", "date_hints",
    "find_date", "match_dateline", "parse_date",
]
# fmt: on

_MONTH_WORDS = (
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sept sep oct nov dec"
).split()
MONTH = r"(?i:" + "|".join(sorted(_MONTH_WORDS, key=len, reverse=True)) + r")\.?(?![A-Za-z])"
_WEEKDAY = (
    r"(?i:monday|tuesday|wednesday|thursday|friday|saturday|sunday"
    r"|mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)\.?,?\s+"
)
DAY = r"(?:3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?(?!\d)"
YEAR = r"(?:19|20)\d\d(?!\d)"
# Any dash of the text layer's table, or a hyphen ("22-26", "22–26", "22 — 26").
_DASH = "[" + re.escape("".join(sorted(DASHES))) + "-]"
_TO = rf"\s*(?:{_DASH}|(?i:to|and|until|through))\s*"


def _date_pattern(named: bool) -> str:
    """The date pattern; ``named``: groups name each form's day, month and year."""

    def g(name: str, pattern: str) -> str:
        return f"(?P<{name}>{pattern})" if named else f"(?:{pattern})"

    day_first = (
        rf"{g('d1', DAY)}(?:\s+{g('m1a', MONTH)})?(?:{_TO}{DAY})?"
        rf"\s+{g('m1', MONTH)},?\s+{g('y1', YEAR)}"
    )
    month_first = (
        rf"{g('m2', MONTH)}\s+{g('d2', DAY)}(?:{_TO}(?:{MONTH}\s+)?{DAY})?,?\s+{g('y2', YEAR)}"
    )
    two, one_or_two = r"[0-3]\d", r"[0-3]?\d"
    iso = rf"{g('y3', YEAR)}-{g('m3', two)}-{g('d3', two)}(?!\d)"
    dotted = rf"{g('d4', one_or_two)}\.{g('m4', one_or_two)}\.{g('y4', YEAR)}"
    return rf"(?:{day_first}|{month_first}|{iso}|{dotted})"


DATE_TEXT = _date_pattern(False)
"""A complete date (day, month, year) in any of the forms above, no groups: for embedding."""
_CLOCK = (
    r"(?:(?:[01]?\d|2[0-3])[:.h][0-5]\d(?:\s*(?i:[ap]\.?m\.?))?"
    r"|(?:1[0-2]|0?[1-9])\s*(?i:[ap]\.?m\.?))(?!\w)"
)
_ZONE = r"\(?(?:[A-Z]{2,5}|(?:UTC|GMT)\s?[+-]\s?\d{1,2}(?::?\d\d)?)\)?(?!\w)"
_ALL_DAY = r"\(?(?i:all[ -]day)\)?"
TIME_TAIL = (
    rf"(?:[\s,;|]*(?:{_ALL_DAY}|(?i:(?:at|from)\s+)?{_CLOCK}(?:\s*{_ZONE})?"
    rf"|{_DASH}+|(?i:to|until|till)(?!\w)|(?:{_WEEKDAY})?{DATE_TEXT}))*"
)
"""What may follow an event's date: '(All day)', times, a time zone, a range to a later
time or date ('09:30 - 17:00 CET', '10:00 to 3 December 2011 18:00')."""
_WHOLE_DATE = re.compile(rf"\s*(?:{_WEEKDAY})?{_date_pattern(True)}{TIME_TAIL}[\s.,]*")

_CAPITAL = r"[A-ZÀ-ÖØ-ÞĀ-žȘȚ]"  # a city's first letter: Latin capitals, and the letters of
# Latin Extended-A ('Š', 'Ș'), whose capitals and small letters alternate
_NAME = r"(?:[^\W\d_]|['’.\- /])"  # letters of any script, and what joins words in a name
_WHERE = (
    rf"(?P<city>{_CAPITAL}{_NAME}{{1,40}}?)"
    r"(?:\s*\((?P<note>[^)]{0,40})\))?"
    rf"(?:,\s*(?!{_WEEKDAY})(?P<country>{_CAPITAL}{_NAME}{{1,40}}?))?"
)
DATELINE = re.compile(rf"^{_WHERE},\s*(?:{_WEEKDAY})?(?P<date>{DATE_TEXT})\s*{_DASH}+\s*")
"""A dateline at the start of a paragraph: city, optional country, date, dash."""

DATE_LINE = re.compile(
    rf"^(?:(?!{_WEEKDAY}){_WHERE},\s*)?"
    r"(?:(?P<updated>(?i:last updated|updated|last modified|modified))\b\s*:?\s*(?i:on\s+)?"
    r"|(?i:published|posted|issued|added on|date)\b\s*:?\s*(?i:on\s+)?)?"
    rf"(?:{_WEEKDAY})?(?P<date>{DATE_TEXT}){TIME_TAIL}\s*\.?$"
)
"""A line that holds only a date, perhaps after 'Published', 'Posted', 'Added on' or 'Date:',
or after a place with no dash ('VIENNA, 4 March 2011'). The group ``updated`` is set when the
date is that of a later edit ('Last updated 12 August 2015'), not of publication."""

_IN_TEXT = re.compile(
    rf"(?:\b(?i:on|from|between|since|dated|until|of)\s+)?(?:{_WEEKDAY})?{_date_pattern(True)}"
)
_HINT = re.compile(
    rf"(?:\b(?i:on|from|between|since|in|until)\s+)?"
    rf"(?:{DAY}(?:{_TO}{DAY})?\s+{MONTH}(?:\s+{YEAR})?|{MONTH}\s+(?:{DAY}|{YEAR})(?:,?\s+{YEAR})?)"
)
_PARSER = _dateutil.parser()


@lru_cache(maxsize=4096)
def _to_date(day: str, month: str, year: str) -> dt.date | None:
    """Day, month (a name, an abbreviation or a number) and year as a date; None if invalid."""
    day = day.rstrip("stndrh") or day
    if month.isdigit():
        try:
            return dt.date(int(year), int(month), int(day))
        except ValueError:
            return None
    try:
        return _PARSER.parse(f"{int(day)} {month.rstrip('.')} {year}").date()
    except (ValueError, OverflowError):
        return None


def _first_day(match: re.Match[str]) -> dt.date | None:
    """The date a match of the named date pattern stands for: the first day of a range."""
    found = match.groupdict()
    if found["d1"]:
        month = found["m1a"] or found["m1"]
        date = _to_date(found["d1"], month, found["y1"])
        # '30 December 2017 - 2 January 2018' is written with both years; '30 December -
        # 2 January 2018' starts the year before
        later = _to_date("1", found["m1"], found["y1"])
        if date and later and found["m1a"] and date > later:
            date = _to_date(found["d1"], month, str(int(found["y1"]) - 1))
        return date
    form = next(k for k in "234" if found[f"d{k}"])  # month first, ISO or dotted
    return _to_date(found[f"d{form}"], found[f"m{form}"], found[f"y{form}"])


@lru_cache(maxsize=4096)
def parse_date(text: str) -> dt.date | None:
    """A text that is one complete date and nothing else (a range: its first day); else None."""
    match = _WHOLE_DATE.fullmatch(text)
    return _first_day(match) if match else None


def match_dateline(line: str) -> tuple[str, str, dt.date] | None:
    """``(city, country, date)`` of a dateline opening ``line`` (country may be ''); else None."""
    match = DATELINE.match(line)
    if not match:
        return None
    date = parse_date(match.group("date"))
    if date is None:
        return None
    country = match.group("country") or ""
    note = match.group("note") or ""
    if not country and note and not any(c.isdigit() for c in note):
        country = note
    return match.group("city"), country, date


def find_date(text: str) -> tuple[dt.date, str] | None:
    """The first complete date in a text and its words ('on 22 October 2018'); else None."""
    for match in _IN_TEXT.finditer(text):
        date = _first_day(match)
        if date is not None:
            return date, match.group(0)
    return None


def date_hints(text: str) -> list[str]:
    """Up to three distinct date-like phrases of a text ('on 3 March', 'in October 2018')."""
    hints: list[str] = []
    for match in _HINT.finditer(text):
        words = match.group(0).rstrip(".")  # 'on 4 May.' at a sentence's end
        if words not in hints:
            hints.append(words)
        if len(hints) == 3:
            break
    return hints


@dataclass(frozen=True)
class DateChoice:
    """The date chosen for a page (see ``choose_date``)."""

    date: dt.date | None
    source: str = ""
    words: str = ""  # the words of the text a ``text`` date was read from
    hints: tuple[str, ...] = ()  # with no date: date-like words that are no complete date
    fields: tuple[str, ...] = ()  # with no date: date fields that could not be read
    later: tuple[str, ...] = ()  # with no date: complete dates further down the page


def choose_date(fields: list[tuple[str, str]], texts: list[str], more: list[str]) -> DateChoice:
    """A page's date: the first of ``fields`` (``(source, written)``, most trusted first) that
    reads, else the first in ``texts`` (title, first paragraph; source ``text``). With none,
    up to three each of unread fields, hints, and complete dates of ``more`` (perhaps an
    earlier event's, so never used)."""
    for source, written in fields:
        date = parse_date(written) if written else None
        if date is not None:
            return DateChoice(date, source)
    for text in texts:
        found = find_date(text)
        if found:
            return DateChoice(found[0], "text", found[1])
    unread = [f"{source}: {written}" for source, written in fields if written.strip()]
    hints: list[str] = []
    later: list[str] = []
    for text in [*texts, *more]:
        for hint in date_hints(text):
            kept = later if find_date(hint) is not None else hints
            if hint not in kept:
                kept.append(hint)
    return DateChoice(
        None, hints=tuple(hints[:3]), fields=tuple(unread[:3]), later=tuple(later[:3])
    )
