"""Give every line of a page a role, from the page's structure, never from a list of words.

Roles: ``blank``; ``chrome`` (furniture outside the article: "Skip to main content", lines after
it, lines above an HTML page's <h1>); ``navigation`` (runs of three or more short bullets, with
the headings of their sub-menus; a list after a line of running text ending in a colon is the
article's); ``label`` (a page-type or section line above the title, ``data/page_labels.csv``);
``title``; ``header`` (other lines between title and body); ``metadata`` (the Date / Place /
Source block, a line holding only a date, an event's "Added on" block); ``body``; and, set by
``helpers.corpus.pages``, ``repeat`` (a body paragraph seen before on the page).
The tests of one line are memoised: pages of one website repeat the same menu lines.
"""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import compress, filterfalse
from operator import methodcaller

from helpers.corpus.dates import DATE_LINE, DATELINE, parse_date
from helpers.corpus.page_labels import PageLabels

# fmt: off
__all__ = [
    "ADDED_ON", "BULLET", "TERMINAL", "VENUE_MARKER", "bullet_text", "count_words", "date_line",
    "dateline_alone", "is_added_on", "is_bullet", "is_chrome", "is_field_value", "is_heading",
    "is_lead_in", "is_menu_item", "is_prose", "is_running", "is_short_lead_in", "label_lines",
    "label_match", "line_words", "normalise_lines", "opens_article",
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


_ENDS_WITH_COLON = methodcaller("endswith", ":")


def _mark_metadata(lines: list[str], roles: list[str | None], labels: PageLabels) -> dict:
    """Give labelled metadata lines their role; return {field: [values]}."""
    found: dict[str, list[str]] = {}
    for i, line in enumerate(lines):
        match = label_match(line)
        if roles[i] or not match or line_words(line) > 14:
            continue
        key = labels.metadata.get(match.group(1).strip().lower())
        if key is None:
            continue
        roles[i] = "metadata"
        values = found.setdefault(key, [])
        value = match.group(2).strip()
        values += [value] if value else []
        j = i + 1
        if not value and not is_bullet(line):
            # "Fields of work:" alone, its values on the next lines without bullets
            # (as an HTML page's label and value elements come out)
            j = _take_values(lines, roles, j, is_field_value, str, values)
        _take_values(lines, roles, j, _is_bullet_value, bullet_text, values)
    return found


def _is_bullet_value(line: str) -> bool:
    return is_bullet(line) and not label_match(line)


def _take_values(lines: list[str], roles: list, j: int, fits, value, values: list[str]) -> int:
    """Mark the lines from ``j`` that ``fits`` (blank lines between) as metadata, adding each
    one's non-empty ``value`` to ``values``. Out: the first line after them."""
    while j < len(lines) and roles[j] in (None, "blank"):
        if lines[j]:
            if not fits(lines[j]):
                break
            roles[j] = "metadata"
            values += filter(None, [value(lines[j])])
        j += 1
    return j


def _mark_event_block(lines: list[str], roles: list[str | None]) -> dict:
    """Find an event's 'Added on' block and the short lines after it; return its fields."""
    start = next((i for i, line in enumerate(lines) if not roles[i] and is_added_on(line)), None)
    if start is None:
        return {}
    roles[start] = "metadata"
    date_text = ADDED_ON.match(lines[start]).group(1).strip()
    tail: list[str] = []  # the short lines after the date
    for i in range(start + 1, len(lines)):
        if roles[i] or not lines[i]:
            continue
        if is_prose(lines[i]):
            break
        roles[i] = "metadata"
        if not date_text:
            date_text = lines[i]
        else:
            tail.append(lines[i])
    found = {"added_on": [date_text]}
    marker = next((k for k, line in enumerate(tail) if VENUE_MARKER.match(line)), None)
    if marker is None:
        return found | {"extra": tail}
    found["organisers"], after = tail[:marker], tail[marker + 1 :]
    if after:
        found["venue"], rest = after[:1], after[1:]
        if rest:
            found["tags"] = rest[-1:]
        if len(rest) >= 2:
            found["audience"] = [rest[-2]]
        found["organisers"] += [v for line in rest[:-2] for v in line.split(",")]
    return found


def _led_in(lines: list[str], roles: list[str | None], i: int) -> bool:
    """Whether the list from line ``i`` follows running text introducing it ('The plan sets
    out three priorities:'): the article's, not a menu. A three-to-five-word lead-in counts
    only above phrases, not above one-word links ('Follow us on:')."""
    before = next((k for k in range(i - 1, -1, -1) if lines[k]), None)
    if before is None or roles[before]:
        return False
    return is_lead_in(lines[before]) or (
        is_short_lead_in(lines[before]) and _wordy(lines, _list_after(lines, roles, before))
    )


def _list_after(lines: list[str], roles: list[str | None], k: int) -> list[int]:
    """The bullet lines without a role that follow line ``k`` (blank lines skipped)."""
    items: list[int] = []
    for j in range(k + 1, len(lines)):
        if not lines[j]:
            continue
        if roles[j] or not is_bullet(lines[j]):
            break
        items.append(j)
    return items


def _wordy(lines: list[str], items: list[int]) -> bool:
    """Items that read as phrases, not links: four words or more on average."""
    return bool(items) and sum(line_words(bullet_text(lines[j])) for j in items) >= 4 * len(items)


def _mark_navigation(lines: list[str], roles: list[str | None]) -> None:
    """Mark menus: runs of 3+ short bullet items (with their headings) outside the article."""
    menu = [is_menu_item(line) for line in lines]
    heading = [not m and is_heading(line) for m, line in zip(menu, lines, strict=True)]
    # a list that a line of running text introduces is the article's: neither heading nor menu
    for k in compress(range(len(lines)), map(_ENDS_WITH_COLON, lines)):  # at C speed
        if not roles[k] and _led_in(lines, roles, k + 1):
            heading[k] = False
            for j in _list_after(lines, roles, k):
                menu[j] = False
    named = [m and bool(bullet_text(line)) for m, line in zip(menu, lines, strict=True)]
    prose = [i for i, line in enumerate(lines) if not roles[i] and is_prose(line)]
    first_prose, last_prose = (prose[0], prose[-1]) if prose else (len(lines), -1)
    n, i = len(lines), 0
    while i < n:
        if roles[i] or not (menu[i] or heading[i]):
            i += 1
            continue
        j = i
        while j < n and (not lines[j] or (not roles[j] and (menu[j] or heading[j]))):
            j += 1
        items = [k for k in range(i, j) if menu[k]]
        inside_body = first_prose < i and last_prose >= j
        if sum(named[k] for k in items) >= 3 and not inside_body:
            first, last = items[0], items[-1]
            # a heading counts as navigation only when a menu item follows it in the run
            start = first - 1 if first > i and heading[first - 1] else first
            for k in range(start, last + 1):
                roles[k] = "navigation" if lines[k] else "blank"
        i = j if j > i else i + 1


def label_lines(
    raw: str, labels: PageLabels, title_hint: str = ""
) -> tuple[list[str], list[str], dict]:
    """Lines of a page, their roles ('' for none) and the metadata values found.
    ``title_hint``: an HTML page's <h1>; the line reading the same is the title."""
    lines = normalise_lines(raw)
    roles: list[str | None] = [
        "blank" if not line else ("chrome" if is_chrome(line) else None) for line in lines
    ]
    meta = _mark_metadata(lines, roles, labels)
    for key, values in _mark_event_block(lines, roles).items():
        meta.setdefault(key, []).extend(values)
    _mark_navigation(lines, roles)

    free = [i for i, line in enumerate(lines) if not roles[i]]
    hinted = next((i for i in free if lines[i] == title_hint), -1) if title_hint else -1
    anchors = [i for i in free if i > hinted and (is_prose(lines[i]) or opens_article(lines[i]))]
    anchors += [
        i
        for i in free
        if i > hinted and is_short_lead_in(lines[i]) and _led_in(lines, roles, i + 1)
    ]  # 'The participants agreed to:' above a list of phrases
    anchors.sort()
    start = anchors[0] if anchors else len(lines)
    # 'Related content', 'Share', 'Contacts' after the article's start: the article has ended
    end = next(
        (
            i
            for i in range(start + 1, len(lines))
            if len(lines[i]) < 40 and labels.ends_article(lines[i])
        ),
        None,
    )
    if end is not None:
        for i in free:
            roles[i] = "chrome" if i >= end else roles[i]
        free, anchors = [i for i in free if i < end], [i for i in anchors if i < end]
    # a line holding only a date, above the article ('4 March 2011', 'Published 4 March 2011')
    dated = [i for i in free if i < start and date_line(lines[i])]
    for i in dated:
        roles[i] = "metadata"
        date, city, country = date_line(lines[i])
        if date:  # not the date of a later edit
            meta.setdefault("date_line", []).append(date)
        if city and "date_line_place" not in meta:
            meta["date_line_place"] = [city, country]
    free = [i for i in free if not roles[i]] if dated else free
    # site and section labels above the headline ('Newsroom', 'Press release'): never the title
    while free and free[0] < start and labels.is_label(lines[free[0]]):
        key = lines[free[0]].rstrip(":").strip().lower()
        roles[free[0]] = "label"
        if key in labels.doc_types and "label" not in meta:
            meta["label"] = [key]
        free = free[1:]
    free_before_title = free
    if hinted >= 0:
        for i in free:
            roles[i] = "chrome" if i < hinted else roles[i]
        roles[hinted] = "title"
        free = [i for i in free if i > hinted]
    elif free and not DATELINE.match(lines[free[0]]) and not _reads_as_paragraph(lines[free[0]]):
        roles[free[0]] = "title"
        free = free[1:]
    body = [i for i in anchors if not roles[i]]  # the anchors left once the title is known
    # and the bullet lines after a body line ending in a colon
    body += [j for k in body if lines[k].endswith(":") for j in _list_after(lines, roles, k)]
    first, last = (min(body), max(body)) if body else (len(lines), -1)
    for i in free:
        roles[i] = "header" if i < first else ("chrome" if i > last else "body")
    # the distinct dates of the date fields and date lines above the article's end: one
    # article repeats its date ('Date:', 'Published:'), a listing's items have their own
    stop = end if end is not None else len(lines)
    dated = {_field_date(lines[i], labels) for i in range(stop) if roles[i] == "metadata"}
    meta["dated_lines"] = [len(dated - {""})]
    # lines of running text (six words or more, not a bullet) left out of the article, and all
    running = [roles[i] for i in free_before_title if is_running(lines[i])]
    meta["running_text"] = [sum(r not in ("body", "title") for r in running), len(running)]
    return lines, [r or "" for r in roles], meta


def _field_date(line: str, labels: PageLabels) -> str:
    """The date a date field or date line gives, yyyy-mm-dd when readable; '' for others."""
    match = label_match(line)
    if match and labels.metadata.get(match.group(1).strip().lower()) == "date":
        written = match.group(2).strip()
    else:
        written = (date_line(line) or ("",))[0]
    date = parse_date(written) if written else None
    return date.isoformat() if date else written


def _reads_as_paragraph(line: str) -> bool:
    """A line too long for a title (30 words, or a sentence of 12 ending in a full stop)."""
    n_words = line_words(line)
    return n_words >= 30 or (n_words >= 12 and line.endswith(".") and is_prose(line))
