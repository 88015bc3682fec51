"""Turn one saved web page (text or HTML) into a clean article and its metadata.

The pages were saved from a website, so the article sits between navigation
menus and metadata blocks. Nothing here deletes words from a list: every line
of the page is given a *role* from the page's structure, and only the lines
whose role is ``body`` reach the clean text.

Roles
-----
``blank``        an empty line
``chrome``       page furniture outside the article ("Skip to main content", footer lines,
                 lines after the article, lines above an HTML page's <h1>)
``navigation``   a menu: a run of three or more short bullet items ("- Albania"),
                 with the headings that introduce its sub-menus ("Related content",
                 "Share"); a list after a line of running text ending in a colon
                 ("The plan sets out three priorities:") is the article's, not a menu
``label``        a page-type or section line above the title ("Press release",
                 "Newsroom", "Latest news": ``data/page_labels.csv``), never the title
``title``        the article's title
``header``       any other line between the title and the body (a topic label)
``metadata``     the Date / Place / Source / Fields of work block, a line holding only
                 a date ("4 March 2011", "Published: 4 March 2011"), an event's
                 "Added on" date, organisers, venue, audience and tags
``body``         the article's own paragraphs, lists inside it included
``repeat``       a body paragraph already seen earlier on the same page

``label_page_lines`` returns that line table; ``parse_text_page`` and
``parse_html_page`` return a ``Page`` built from it.

Dates and ``date_source``
-------------------------
A page's date is the first of these that holds a valid date; ``date_source``
says which:

``metadata``   a "Date:" (or "Published:", "Posted:") field
``dateline``   the dateline opening one of the first three paragraphs
               ("BANJA LUKA, Bosnia and Herzegovina, 28 February 2018 –")
``added on``   an event page's "Added on" date
``date line``  a line holding only a date, above the article
``html``       an HTML page's <meta> publication date or <time datetime>
``text``       the first complete date (day, month, year) in the title or the
               first paragraph; the page then loads with status ``warning`` and
               the note "date taken from the text: 'on 22 October 2018'"

A page with none of these is skipped; the reason quotes the date-like words
it holds ("on 3 March") so that the user knows what to add. The place is the
Place field, else the dateline's city, else the venue's first part; the
country is the one the dateline, the Place field or the venue names after the
city ('' when none does).

Where dates sit is found by patterns in ``helpers.corpus.dates``; the written date
itself is read by python-dateutil (already a dependency through pandas),
which knows month names and abbreviations in any case and rejects dates such
as 31 February. ``dateparser`` reads more languages and relative dates, which
these pages do not need, and took about 30 times as long per date (0.9 ms
against 30 microseconds, ``benchmarks/extraction.py``). What the new rules
cost the loader is in ``benchmarks/README.md``.

Problems a person should look at
--------------------------------
``Page.problems`` lists what makes the load report's status ``warning``: a
date taken from the text, no title (or a title that is only a label), a
page whose cleaning left out more than half of its lines of running text (six
words or more), with the count, and an HTML page of which the parser read
less than nine tenths of the text a tag-stripper finds in the file
(``PARSER_LOSS_SHARE``, at least ``PARSER_LOSS_CHARS`` characters), with the share.

Listing pages
-------------
A newsroom's listing shows several headlines, each with its own date field
("Publishing date: 4 March 2011") and a teaser opening with a dateline. A
page with ``LISTING_FROM`` or more such dated items (or two with both) is a
listing: ``Page.listing_items`` counts them, and the loader skips the page.

Own code or a library
---------------------
The HTML side was measured against trafilatura (main text) and htmldate
(date) on the 18 HTML fixtures of ``tests/fixtures/pages`` (runs of 2 December
2026, ``benchmarks/extraction.py``). Text, as precision and recall of the
words kept against each page's hand-written title, first and last sentence,
on the 17 pages with an article: this module 1.00 and 1.00 (17 pages exact),
trafilatura 0.95 and 1.00 (3 exact; it keeps page-type labels, topic lines
and the menus of table layouts). Dates: both right on 18 of 18. Time per
page: this module 0.75-2.5 ms for text and date together, trafilatura and
htmldate 1.45-7.9 ms. The fixtures were written with this code, so the
comparison favours it; but the loader also needs what neither library gives
(line roles, metadata fields, ``date_source``, the warnings). So the loader
keeps its own code and uses neither library at run time; they are pinned in
``benchmarks/requirements.txt`` for the measurement only.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from itertools import compress
from operator import methodcaller

import pandas as pd

from helpers.base.checks import require_columns
from helpers.corpus.dates import DATELINE, choose_date, match_dateline, parse_date
from helpers.corpus.fields import place_and_country, split_list, tidy_place
from helpers.corpus.html import html_to_text
from helpers.corpus.lines import (
    ADDED_ON,
    BULLET,
    TERMINAL,
    VENUE_MARKER,
    bullet_text,
    count_words,
    date_line,
    dateline_alone,
    is_added_on,
    is_bullet,
    is_chrome,
    is_field_value,
    is_heading,
    is_lead_in,
    is_menu_item,
    is_prose,
    is_running,
    is_short_lead_in,
    label_match,
    line_words,
    normalise_lines,
    opens_article,
)
from helpers.corpus.page_labels import PAGE_LABELS_FILE, PageLabels, read_page_labels

__all__ = [
    "BULLET",
    "DATELINE",
    "LISTING_FROM",
    "PARSER_LOSS_SHARE",
    "PARSER_LOSS_CHARS",
    "PAGE_LABELS_FILE",
    "Page",
    "PageLabels",
    "build_page",
    "count_words",
    "html_to_text",
    "label_page_lines",
    "parse_date",
    "parse_html_page",
    "parse_text_page",
    "read_page_labels",
    "split_list",
    "tidy_place",
]


_ENDS_WITH_COLON = methodcaller("endswith", ":")
LISTING_FROM = 3  # dated items from which a page is a listing (see ``_listing_items``)
PARSER_LOSS_SHARE = 0.1  # share of a file's words the HTML parser may lose before a warning
PARSER_LOSS_CHARS = 100  # ... and how many characters at least (white space aside)


@dataclass
class Page:
    """One parsed page: metadata, clean paragraphs, the line table and any warnings.

    ``warnings`` are notes for the load report; ``problems``, a subset of them,
    are the notes that ask a person to look at the page (status ``warning``).
    ``date_words`` quotes the words a date taken from the text was read from;
    on a page with no usable date, ``date_hints`` quotes the date-like words
    found that lack a day, month or year, ``date_fields`` the date fields that
    could not be read and ``date_later`` the complete dates further down the
    page (see ``dates.choose_date``). ``declared_language`` is the language an
    HTML page declares ('' when none); ``listing_items``, on a listing page
    (see ``LISTING_FROM``), the number of items it lists, else 0.
    """

    title: str = ""
    doc_type: str = "other"
    date: dt.date | None = None
    date_source: str = ""
    date_words: str = ""
    date_hints: list[str] = field(default_factory=list)
    date_fields: list[str] = field(default_factory=list)
    date_later: list[str] = field(default_factory=list)
    declared_language: str = ""
    listing_items: int = 0
    place: str = ""
    country: str = ""
    venue: str = ""
    sources: list[str] = field(default_factory=list)
    fields_of_work: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    organisers: list[str] = field(default_factory=list)
    audience: list[str] = field(default_factory=list)
    paragraphs: list[str] = field(default_factory=list)
    repeats_dropped: int = 0
    line_texts: list[str] = field(default_factory=list)
    line_roles: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def lines(self) -> pd.DataFrame:
        """The line table: ``line_no`` (from 1), ``text``, ``role``, one row per line."""
        return _line_table(self.line_texts, self.line_roles)


def _line_table(texts: list[str], roles: list[str]) -> pd.DataFrame:
    return pd.DataFrame({"line_no": range(1, len(texts) + 1), "text": texts, "role": roles})


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
        if match.group(2).strip():
            values.append(match.group(2).strip())
        j = i + 1
        if not match.group(2).strip() and not is_bullet(line):
            # "Fields of work:" alone, its values on the next lines without bullets
            # (as an HTML page's label and value elements come out)
            while j < len(lines) and roles[j] in (None, "blank"):
                if lines[j] and not is_field_value(lines[j]):
                    break
                if lines[j]:
                    roles[j] = "metadata"
                    values.append(lines[j])
                j += 1
        while j < len(lines) and roles[j] in (None, "blank"):
            if lines[j] and (not is_bullet(lines[j]) or label_match(lines[j])):
                break
            if lines[j]:
                roles[j] = "metadata"
                if bullet_text(lines[j]):
                    values.append(bullet_text(lines[j]))
            j += 1
    return found


def _mark_event_block(lines: list[str], roles: list[str | None]) -> dict:
    """Find an event's 'Added on' block and the short lines after it; return its fields."""
    found: dict[str, list[str]] = {}
    start = next((i for i, line in enumerate(lines) if not roles[i] and is_added_on(line)), None)
    if start is None:
        return found
    roles[start] = "metadata"
    date_text = ADDED_ON.match(lines[start]).group(1).strip()
    tail: list[int] = []
    for i in range(start + 1, len(lines)):
        if roles[i] or not lines[i]:
            continue
        if is_prose(lines[i]):
            break
        roles[i] = "metadata"
        if not date_text:
            date_text = lines[i]
        else:
            tail.append(i)
    found["added_on"] = [date_text]
    marker = next((k for k, i in enumerate(tail) if VENUE_MARKER.match(lines[i])), None)
    if marker is None:
        found["extra"] = [lines[i] for i in tail]
        return found
    before, after = tail[:marker], tail[marker + 1 :]
    found["organisers"] = [lines[i] for i in before]
    if after:
        found["venue"] = [lines[after[0]]]
        rest = after[1:]
        if rest:
            found["tags"] = [lines[rest[-1]]]
        if len(rest) >= 2:
            found["audience"] = [lines[rest[-2]]]
        found["organisers"] += [v for i in rest[:-2] for v in lines[i].split(",")]
    return found


def _led_in(lines: list[str], roles: list[str | None], i: int) -> bool:
    """Say whether the list from line ``i`` follows a line of running text that introduces it
    ('The plan sets out three priorities:'): such a list is the article's, not a menu.

    A lead-in of three to five words ('The participants agreed to:') counts only when
    its items read as phrases (four words or more on average), unlike 'Follow us on:'
    above a list of one-word links.
    """
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


def _label_lines(
    raw: str, labels: PageLabels, title_hint: str = ""
) -> tuple[list[str], list[str], dict]:
    """Lines of a page, their roles ('' for none) and the metadata values found.

    ``title_hint`` is an HTML page's <h1>: when a line reads the same, it is the
    title and the lines above it are page furniture.
    """
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
    body += _led_in_items(lines, roles, body)
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
    """The date a 'Date: 4 March 2011' or 'Publishing date: ...' line, or a line holding only
    a date, gives, as yyyy-mm-dd when it reads as one (else as written); '' for others."""
    match = label_match(line)
    if match and labels.metadata.get(match.group(1).strip().lower()) == "date":
        written = match.group(2).strip()
    else:
        written = (date_line(line) or ("",))[0]
    date = parse_date(written) if written else None
    return date.isoformat() if date else written


def _reads_as_paragraph(line: str) -> bool:
    """A line too long for a title (30 words or more), or a sentence of twelve words or more
    ending in a full stop: the page has no title line, and this is its first paragraph."""
    n_words = line_words(line)
    return n_words >= 30 or (n_words >= 12 and line.endswith(".") and is_prose(line))


def _led_in_items(lines: list[str], roles: list[str | None], body: list[int]) -> list[int]:
    """The bullet lines that follow a body line ending in a colon (its list), up to the next
    line that is not a bullet."""
    return [j for k in body if lines[k].endswith(":") for j in _list_after(lines, roles, k)]


def label_page_lines(raw: str, labels: PageLabels | None = None) -> tuple[pd.DataFrame, dict]:
    """Give every line of a page a role.

    In: the page as text. Out: a table with one row per line (``line_no``
    from 1, ``text``, ``role``) and a dict of the metadata values found,
    keyed by field name (``date``, ``place``, ``sources``, ``added_on``, ...).
    """
    lines, roles, meta = _label_lines(raw, labels or read_page_labels())
    meta.pop("running_text")  # counts for the cleaner's own checks, not fields of the page
    meta.pop("dated_lines")
    return _line_table(lines, roles), meta


def _paragraphs(lines: list[str], roles: list[str]) -> list[tuple[list[int], str]]:
    """Group body lines into paragraphs (line indexes, text); re-join hard-wrapped lines."""
    groups: list[tuple[list[int], str]] = []
    for i, (line, role) in enumerate(zip(lines, roles, strict=True)):
        if role != "body":
            continue
        text = bullet_text(line) if is_bullet(line) else line
        wrapped = (
            groups
            and i > 0
            and roles[i - 1] == "body"
            and not is_bullet(line)
            and not TERMINAL.search(groups[-1][1])
            and not groups[-1][1].endswith(":")
            and line_words(lines[i - 1]) >= 8
        )
        # 'VIENNA, 8 April 2003 -' on a line (or an HTML block) of its own opens the next one
        wrapped = wrapped or (
            groups
            and len(groups[-1][0]) == 1
            and not is_bullet(line)
            and dateline_alone(groups[-1][1])
            and all(roles[k] == "blank" for k in range(groups[-1][0][-1] + 1, i))
        )
        if wrapped:
            groups[-1][0].append(i)
            groups[-1] = (groups[-1][0], groups[-1][1] + " " + text)
        else:
            groups.append(([i], text))
    return groups


def build_page(
    table: pd.DataFrame, meta: dict, fallback: dict | None = None, labels: PageLabels | None = None
) -> Page:
    """Assemble a Page from a line table (``text, role``) and its metadata (``label_page_lines``).

    ``fallback`` may hold ``title`` and ``date`` found elsewhere (an HTML page's
    <title> or <time> element); they are used only when the text has none.
    """
    require_columns(table, ["text", "role"], "build_page")
    rows = (table["text"].tolist(), table["role"].tolist())
    return _assemble(*rows, meta, fallback, labels or read_page_labels())


def _assemble(
    lines: list[str], roles: list[str], meta: dict, fallback: dict | None, labels: PageLabels
) -> Page:
    """Build a Page from lines, their roles and metadata (the roles list is not changed)."""
    fallback = fallback or {}
    roles = list(roles)
    page = Page()
    seen: set[str] = set()
    for indexes, text in _paragraphs(lines, roles):
        key = " ".join(text.casefold().split())
        if key in seen:
            for i in indexes:
                roles[i] = "repeat"
            page.repeats_dropped += 1
        else:
            seen.add(key)
            page.paragraphs.append(text)
    page.line_texts, page.line_roles = lines, roles

    titles = [line for line, role in zip(lines, roles, strict=True) if role == "title"]
    html_title = fallback.get("title", "")
    page.title = titles[0] if titles else ("" if labels.is_label(html_title) else html_title)
    if not page.title:
        why = f" ('{html_title}', the HTML title, is a label)" if html_title else ""
        page.problems.append(f"no title found{why}")
    elif labels.is_label(page.title):
        page.problems.append(f"the title '{page.title}' is a site or section label")
    page.fields_of_work = split_list(meta.get("fields_of_work", []))
    if not page.fields_of_work:
        headers = [line for line, role in zip(lines, roles, strict=True) if role == "header"]
        page.fields_of_work = split_list(headers)
    page.sources = split_list(meta.get("sources", []))
    page.tags = split_list(meta.get("tags", []))
    page.audience = split_list(meta.get("audience", []))
    page.organisers = [v.strip() for v in meta.get("organisers", []) if v.strip()]
    page.venue = " ".join(meta.get("venue", [])).strip()

    dateline = next(filter(None, map(match_dateline, page.paragraphs[:3])), None)
    if dateline is None and meta.get("date_line_place"):  # 'VIENNA, 4 March 2011' alone
        dateline = (*meta["date_line_place"], None)
    fields = [
        ("metadata", " ".join(meta.get("date", []))),
        ("dateline", dateline[2].isoformat() if dateline and dateline[2] else ""),
        ("added on", " ".join(meta.get("added_on", []))),
        ("date line", " ".join(meta.get("date_line", [])[:1])),
        ("html", fallback.get("date", "")),
    ]
    lead = [page.title, *page.paragraphs[:1]]
    chosen = choose_date(fields, lead, page.paragraphs[1:])
    page.date, page.date_source, page.date_words = chosen.date, chosen.source, chosen.words
    page.date_hints = list(chosen.hints)
    page.date_fields, page.date_later = list(chosen.fields), list(chosen.later)
    page.declared_language = fallback.get("language", "")
    page.listing_items = _listing_items(meta, page.paragraphs)
    if chosen.source == "text":
        page.problems.append(f"date taken from the text: '{chosen.words}'")
    place = " ".join(meta.get("place", []))
    page.place, page.country = place_and_country(place, dateline, page.venue)
    label = (meta.get("label") or [""])[0]
    is_event = bool(meta.get("added_on") or page.venue or page.audience)
    page.doc_type = "event" if is_event and label in ("", "event") else _doc_type(label)
    if page.repeats_dropped:
        page.warnings.append(f"{page.repeats_dropped} repeated paragraph(s) dropped")
    lost, total = meta.get("running_text") or _running_text(lines, roles)
    left_out = fallback.get("paragraphs_left_out", 0)  # an HTML page's, outside the article
    lost, total = lost + left_out, total + left_out
    if lost * 2 > total:
        page.problems.append(
            f"cleaning dropped {lost} of {total} paragraphs of running text; check the text kept"
        )
    kept, in_file = fallback.get("chars_parsed", (0, 0))
    if in_file - kept >= PARSER_LOSS_CHARS and kept < (1 - PARSER_LOSS_SHARE) * in_file:
        page.problems.append(
            f"the HTML parser read only {kept / in_file:.0%} of the text in the file "
            f"({kept:,} of {in_file:,} characters): its HTML is broken beyond repair; check "
            "the text kept, or save the page again (as text)"
        )
    if fallback.get("flattened"):
        page.warnings.append(
            "its formatting tags (<font>, <b>, ...) nest too deep; read without them"
        )
    page.warnings = page.problems + page.warnings
    return page


def _listing_items(meta: dict, paragraphs: list[str]) -> int:
    """The number of items of a listing page, else 0.

    A listing (a newsroom's page of headlines) shows several items, each with its
    own date field ('Publishing date: 4 March 2011') or date line, and a teaser
    that opens with a dateline. It is a listing when ``LISTING_FROM`` or more
    items have either (date fields counted by their distinct dates: one article
    may give its date twice), or when two or more have both.
    """
    fields = meta.get("dated_lines", [0])[0]
    datelines = sum(1 for p in paragraphs if DATELINE.match(p) and match_dateline(p))
    items = max(fields, datelines)
    return items if items >= LISTING_FROM or min(fields, datelines) >= 2 else 0


def _running_text(lines: list[str], roles: list[str]) -> tuple[int, int]:
    """Lines of running text left out of the article (header, chrome), and all of them
    (those kept as body, title or repeat too); for a page built from its line table."""
    running = [r for line, r in zip(lines, roles, strict=True) if is_running(line)]
    lost = sum(r in ("header", "chrome") for r in running)
    return lost, lost + sum(r in ("body", "title", "repeat") for r in running)


def _doc_type(label: str) -> str:
    if label == "press release":
        return "press release"
    if label == "event":
        return "event"
    return "other"


def parse_text_page(raw: str, labels: PageLabels | None = None) -> Page:
    """Parse a page saved as text. In: its text. Out: a ``Page``."""
    labels = labels or read_page_labels()
    lines, roles, meta = _label_lines(raw, labels)
    return _assemble(lines, roles, meta, None, labels)


def parse_html_page(raw_html: str, labels: PageLabels | None = None) -> Page:
    """Parse a page saved as HTML. In: its HTML. Out: a ``Page`` (same rules as text)."""
    labels = labels or read_page_labels()
    text, fallback = html_to_text(raw_html)
    lines, roles, meta = _label_lines(text, labels, fallback.get("h1", ""))
    return _assemble(lines, roles, meta, fallback, labels)
