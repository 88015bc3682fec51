"""One saved page (text or HTML) to a clean article and its metadata: a ``Page``.

Only lines of role ``body`` (``roles``) reach the text. The date is the first that reads of
``date_source``: ``metadata``, ``dateline``, ``added on``, ``date line``, ``html``, else
``text`` (a warning); with none the page is skipped. Own code, not trafilatura and htmldate:
as accurate on the fixtures, faster, and with line roles (``benchmarks/extraction.py``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pandas as pd

from helpers.corpus.dates import DateChoice, choose_date, match_dateline
from helpers.corpus.html import html_to_text
from helpers.corpus.page_labels import PageLabels, read_page_labels
from helpers.corpus.roles import (
    TERMINAL,
    bullet_text,
    dateline_alone,
    is_bullet,
    label_lines,
    line_words,
)

# fmt: off
__all__ = [
    "LISTING_FROM", "PARSER_LOSS_CHARS", "PARSER_LOSS_SHARE", "Page",
    "label_page_lines", "parse_html_page", "parse_text_page", "place_and_country",
    "split_list", "tidy_place",
]
# fmt: on

LISTING_FROM = 3  # dated items from which a page is a listing (see ``_listing_items``)
PARSER_LOSS_SHARE = 0.1  # share of a file's words the HTML parser may lose before a warning
PARSER_LOSS_CHARS = 100  # ... and how many characters at least (white space aside)


@dataclass
class Page:
    """One parsed page: metadata, clean paragraphs, the line table and any warnings.

    ``problems``, the ``warnings`` that ask a person to look (status ``warning``);
    ``date_choice``, what ``dates.choose_date`` found (with no date: the clues it holds).
    """

    title: str = ""
    doc_type: str = "other"
    date: dt.date | None = None
    date_source: str = ""
    date_choice: DateChoice | None = None
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


def label_page_lines(raw: str) -> tuple[pd.DataFrame, dict]:
    """In: a page as text. Out: its line table (``line_no``, ``text``, ``role``) and the
    metadata values found, by field (``date``, ``place``, ``sources``, ``added_on``, ...)."""
    lines, roles, meta = label_lines(raw, read_page_labels())
    for count in ("running_text", "dated_lines"):  # the cleaner's own checks, not fields
        del meta[count]
    return _line_table(lines, roles), meta


def _paragraphs(lines: list[str], roles: list[str]) -> list[tuple[list[int], str]]:
    """Body lines grouped into paragraphs ``(line indexes, text)``, hard wraps re-joined."""
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


def _assemble(
    lines: list[str], roles: list[str], meta: dict, fallback: dict, labels: PageLabels
) -> Page:
    """A Page from lines, their roles (not changed), metadata and an HTML page's fallbacks."""
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
    for name in ("fields_of_work", "sources", "tags", "audience"):
        setattr(page, name, split_list(meta.get(name, [])))
    if not page.fields_of_work:  # else the lines between title and body
        headers = [line for line, role in zip(lines, roles, strict=True) if role == "header"]
        page.fields_of_work = split_list(headers)
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
    page.date, page.date_source, page.date_choice = chosen.date, chosen.source, chosen
    page.declared_language = fallback.get("language", "")
    page.listing_items = _listing_items(meta, page.paragraphs)
    if chosen.source == "text":
        page.problems.append(f"date taken from the text: '{chosen.words}'")
    place = " ".join(meta.get("place", []))
    page.place, page.country = place_and_country(place, dateline, page.venue)
    label = (meta.get("label") or [""])[0]
    is_event = bool(meta.get("added_on") or page.venue or page.audience)
    known = label if label in ("press release", "event") else "other"
    page.doc_type = "event" if is_event and label in ("", "event") else known
    if page.repeats_dropped:
        page.warnings.append(f"{page.repeats_dropped} repeated paragraph(s) dropped")
    lost, total = meta["running_text"]
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
    """The items of a listing page (headlines, each with its own date field or a teaser
    opening with a dateline): ``LISTING_FROM`` or more of either (distinct dates: one article
    may repeat its date), or two with both; else 0."""
    fields = meta.get("dated_lines", [0])[0]
    datelines = sum(1 for p in paragraphs if match_dateline(p))
    items = max(fields, datelines)
    return items if items >= LISTING_FROM or min(fields, datelines) >= 2 else 0


# tidy metadata values: places, countries and lists of names
_SMALL_WORDS = {"and", "of", "the", "de", "la", "on", "upon", "am", "an", "der", "del", "da"}


def tidy_place(text: str) -> str:
    """Title-case a place written in capitals ('BOSNIA AND HERZEGOVINA'); keep others."""
    text = " ".join(text.split()).strip(" ,.-")
    if not text or text != text.upper():
        return text
    words = text.lower().split(" ")
    return " ".join(
        w if i and w in _SMALL_WORDS else "-".join(p[:1].upper() + p[1:] for p in w.split("-"))
        for i, w in enumerate(words)
    )


def split_list(values: list[str]) -> list[str]:
    """Split comma-separated metadata values into a de-duplicated list, order kept."""
    items: list[str] = []
    for value in values:
        for item in value.split(","):
            item = item.strip(" -•*")
            if item and item not in items:
                items.append(item)
    return items


def place_and_country(place: str, dateline: tuple | None, venue: str) -> tuple[str, str]:
    """``(place, country)``, tidied, from the Place field, else the dateline ``(city, country,
    date)``, else the venue ('BANJA LUKA, Bosnia and Herzegovina' gives both)."""
    written = place.strip()
    city, country = "", ""
    if written:
        city, _, country = written.partition(",")
    elif dateline:
        city, country = dateline[0], dateline[1]
    elif venue:
        city, _, country = venue.partition(",")
    if dateline and dateline[1] and not country and tidy_place(dateline[0]) == tidy_place(city):
        country = dateline[1]
    return tidy_place(city), tidy_place(country.split(",")[-1]) if country else ""


def parse_text_page(raw: str, labels: PageLabels | None = None) -> Page:
    """Parse a page saved as text. In: its text. Out: a ``Page``."""
    labels = labels or read_page_labels()
    lines, roles, meta = label_lines(raw, labels)
    return _assemble(lines, roles, meta, {}, labels)


def parse_html_page(raw_html: str, labels: PageLabels | None = None) -> Page:
    """Parse a page saved as HTML. In: its HTML. Out: a ``Page`` (same rules as text)."""
    labels = labels or read_page_labels()
    text, fallback = html_to_text(raw_html)
    lines, roles, meta = label_lines(text, labels, fallback.get("h1", ""))
    return _assemble(lines, roles, meta, fallback, labels)
