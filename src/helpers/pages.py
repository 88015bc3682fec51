"""Turn one saved web page (text or HTML) into a clean article and its metadata.

The pages were saved from a website, so the article sits between navigation
menus and metadata blocks. Nothing here deletes words from a list: every line
of the page is given a *role* from the page's structure, and only the lines
whose role is ``body`` reach the clean text.

Roles
-----
``blank``        an empty line
``chrome``       page furniture outside the article ("Skip to main content", footer lines)
``navigation``   a menu: a run of three or more short bullet items ("- Albania"),
                 with the headings that introduce its sub-menus
``label``        the page-type line above the title ("Press release")
``title``        the article's title
``header``       any other line between the title and the body (a topic label)
``metadata``     the Date / Place / Source / Fields of work block, an event's
                 "Added on" date, organisers, venue, audience and tags
``body``         the article's own paragraphs
``repeat``       a body paragraph already seen earlier on the same page

``label_page_lines`` returns that line table; ``parse_text_page`` and
``parse_html_page`` return a ``Page`` built from it.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pandas as pd
from lxml import etree, html

from .paths import DATA_DIR

PAGE_LABELS_FILE: Path = DATA_DIR / "page_labels.csv"

TERMINAL = re.compile(r"[.!?…](?:\s?[\"”’')\]])*$")
BULLET = re.compile(r"^[-•*](?:\s+|$)")
CHROME = re.compile(
    r"^(?:skip (?:to (?:the )?(?:main )?content|links?|navigation)|jump to (?:main )?content"
    r"|back to top|print this page|share this page)$",
    re.I,
)
LABEL_LINE = re.compile(r"^(?:[-•*]\s*)?([A-Za-z][A-Za-z ]{1,30}?)\s*:\s*(.*)$")
ADDED_ON = re.compile(r"^(?:[-•*]\s*)?added on\b[:\s]*(.*)$", re.I)
_NO_WORD = re.compile(r"(?<!\S)(?:[^\w\s]|_)+(?!\S)")  # a token without letter or digit
VENUE_MARKER = re.compile(r"^venue(?: description)?$", re.I)

MONTH = r"[A-Z][a-z]{2,8}\.?"
DATE_TEXT = (
    rf"(?:\d{{1,2}}\s+{MONTH}\s+\d{{4}}"  # 8 April 2003, 18 Jul 2017
    rf"|{MONTH}\s+\d{{1,2}},?\s+\d{{4}}"  # April 8, 2003
    r"|\d{4}-\d{2}-\d{2})"  # 2003-04-08
)
DATELINE = re.compile(
    r"^(?P<city>[A-ZÀ-ÖØ-Þ][A-Za-zÀ-ÖØ-öø-ÿ'’.\- /]{1,40}?)"
    r"(?:\s*\([^)]{0,40}\))?,\s*"
    rf"(?:[A-Z][a-z]+day,?\s+)?(?P<date>{DATE_TEXT})"
    r"\s*[-–—]+\s*"
)
# The line tests below are pure functions of one line, memoised: pages of one website
# repeat the same menu lines, which are then tested once rather than on every page.
_LINE_CACHE = 1 << 16
_DATE_FORMATS = ("%d %B %Y", "%d %b %Y", "%B %d %Y", "%b %d %Y", "%Y-%m-%d")
_SMALL_WORDS = {"and", "of", "the", "de", "la", "on", "upon", "am", "an", "der", "del", "da"}


@dataclass(frozen=True)
class PageLabels:
    """The words that name page types and metadata fields (from ``data/page_labels.csv``)."""

    doc_types: dict[str, str]
    metadata: dict[str, str]


@dataclass
class Page:
    """One parsed page: metadata, clean paragraphs, the line table and any warnings."""

    title: str = ""
    doc_type: str = "other"
    date: dt.date | None = None
    date_source: str = ""
    place: str = ""
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

    @property
    def lines(self) -> pd.DataFrame:
        """The line table: ``line_no`` (from 1), ``text``, ``role``, one row per line."""
        return _line_table(self.line_texts, self.line_roles)


def _line_table(texts: list[str], roles: list[str]) -> pd.DataFrame:
    return pd.DataFrame({"line_no": range(1, len(texts) + 1), "text": texts, "role": roles})


def read_page_labels(path: Path = PAGE_LABELS_FILE) -> PageLabels:
    """Read the page-type and metadata labels from a CSV (columns kind, label, meaning)."""
    table = pd.read_csv(path, dtype=str, keep_default_na=False)
    doc_types: dict[str, str] = {}
    metadata: dict[str, str] = {}
    for kind, label in zip(table["kind"], table["label"], strict=True):
        key = label.strip().lower()
        if kind == "doc_type":
            doc_types[key] = key if key in ("press release", "event") else "other"
        elif kind == "metadata":
            metadata[key] = _canonical_field(key)
    return PageLabels(doc_types, metadata)


def _canonical_field(label: str) -> str:
    """Map a metadata label to the Page attribute it fills."""
    if label in ("date",):
        return "date"
    if label in ("place",):
        return "place"
    if label.startswith("source"):
        return "sources"
    if label.startswith("field"):
        return "fields_of_work"
    if label in ("tag", "tags", "topics"):
        return "tags"
    if label.startswith("organi"):
        return "organisers"
    if label == "audience":
        return "audience"
    return "venue"


def parse_date(text: str) -> dt.date | None:
    """Parse '8 April 2003', '18 Jul 2017', 'April 8, 2003' or '2003-04-08'; None if none fits."""
    cleaned = re.sub(r"^[A-Z][a-z]+day,?\s+", "", " ".join(text.replace(",", " ").split()))
    cleaned = re.sub(r"\bSept\b", "Sep", cleaned.replace(".", ""))
    for fmt in _DATE_FORMATS:
        try:
            return dt.datetime.strptime(cleaned, fmt).date()
        except ValueError:
            continue
    return None


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


@lru_cache(maxsize=_LINE_CACHE)
def _words(line: str) -> int:
    return len(line.split())


@lru_cache(maxsize=_LINE_CACHE)
def _is_bullet(line: str) -> bool:
    return bool(BULLET.match(line))


@lru_cache(maxsize=_LINE_CACHE)
def _bullet_text(line: str) -> str:
    return BULLET.sub("", line, count=1).strip()


@lru_cache(maxsize=_LINE_CACHE)
def _is_prose(line: str) -> bool:
    """A line that reads as running text: six or more words ending a sentence."""
    return not _is_bullet(line) and _words(line) >= 6 and bool(TERMINAL.search(line))


@lru_cache(maxsize=_LINE_CACHE)
def _is_heading(line: str) -> bool:
    """A short line that could head a menu: eight words at most, not ending a sentence."""
    return bool(line) and not _is_bullet(line) and _words(line) <= 8 and not TERMINAL.search(line)


@lru_cache(maxsize=_LINE_CACHE)
def _is_menu_item(line: str) -> bool:
    """A bullet line short enough to be a menu entry (or a bare '-' separator)."""
    text = _bullet_text(line)
    return _is_bullet(line) and _words(text) <= 15 and not TERMINAL.search(text)


def _is_field_value(line: str) -> bool:
    """A short line that can be a metadata value: not a bullet, label, sentence or dateline."""
    return (
        not _is_bullet(line)
        and not _label_match(line)
        and not TERMINAL.search(line)
        and not DATELINE.match(line)
        and _words(line) <= 15
    )


@lru_cache(maxsize=_LINE_CACHE)
def _label_match(line: str) -> re.Match[str] | None:
    return LABEL_LINE.match(line) if ":" in line else None


@lru_cache(maxsize=_LINE_CACHE)
def _added_on(line: str) -> bool:
    return bool(ADDED_ON.match(line))


@lru_cache(maxsize=_LINE_CACHE)
def _is_chrome(line: str) -> bool:
    return bool(CHROME.match(line))


def count_words(text: str) -> int:
    """Count the white-space separated words of a text that contain a letter or digit."""
    return len(text.split()) - len(_NO_WORD.findall(text))


@lru_cache(maxsize=_LINE_CACHE)
def _normalise_line(line: str) -> str:
    return " ".join(line.replace("\xa0", " ").split())


def _normalise_lines(raw: str) -> list[str]:
    text = raw.replace("\r\n", "\n").replace("\r", "\n").replace("\ufeff", "")
    return [_normalise_line(line) for line in text.split("\n")]


def _mark_metadata(lines: list[str], roles: list[str | None], labels: PageLabels) -> dict:
    """Give labelled metadata lines their role; return {field: [values]}."""
    found: dict[str, list[str]] = {}
    for i, line in enumerate(lines):
        match = _label_match(line)
        if roles[i] or not match or _words(line) > 14:
            continue
        key = labels.metadata.get(match.group(1).strip().lower())
        if key is None:
            continue
        roles[i] = "metadata"
        values = found.setdefault(key, [])
        if match.group(2).strip():
            values.append(match.group(2).strip())
        j = i + 1
        if not match.group(2).strip() and not _is_bullet(line):
            # "Fields of work:" alone, its values on the next lines without bullets
            # (as an HTML page's label and value elements come out)
            while j < len(lines) and roles[j] in (None, "blank"):
                if lines[j] and not _is_field_value(lines[j]):
                    break
                if lines[j]:
                    roles[j] = "metadata"
                    values.append(lines[j])
                j += 1
        while j < len(lines) and roles[j] in (None, "blank"):
            if lines[j] and (not _is_bullet(lines[j]) or _label_match(lines[j])):
                break
            if lines[j]:
                roles[j] = "metadata"
                if _bullet_text(lines[j]):
                    values.append(_bullet_text(lines[j]))
            j += 1
    return found


def _mark_event_block(lines: list[str], roles: list[str | None]) -> dict:
    """Find an event's 'Added on' block and the short lines after it; return its fields."""
    found: dict[str, list[str]] = {}
    start = next((i for i, line in enumerate(lines) if not roles[i] and _added_on(line)), None)
    if start is None:
        return found
    roles[start] = "metadata"
    date_text = ADDED_ON.match(lines[start]).group(1).strip()
    tail: list[int] = []
    for i in range(start + 1, len(lines)):
        if roles[i] or not lines[i]:
            continue
        if _is_prose(lines[i]):
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


def _mark_navigation(lines: list[str], roles: list[str | None]) -> None:
    """Mark menus: runs of 3+ short bullet items (with their headings) outside the article."""
    menu = [_is_menu_item(line) for line in lines]
    heading = [not m and _is_heading(line) for m, line in zip(menu, lines, strict=True)]
    named = [m and bool(_bullet_text(line)) for m, line in zip(menu, lines, strict=True)]
    prose = [i for i, line in enumerate(lines) if not roles[i] and _is_prose(line)]
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


def _label_lines(raw: str, labels: PageLabels) -> tuple[list[str], list[str], dict]:
    """Lines of a page, their roles ('' for none) and the metadata values found."""
    lines = _normalise_lines(raw)
    roles: list[str | None] = [
        "blank" if not line else ("chrome" if _is_chrome(line) else None) for line in lines
    ]
    meta = _mark_metadata(lines, roles, labels)
    for key, values in _mark_event_block(lines, roles).items():
        meta.setdefault(key, []).extend(values)
    _mark_navigation(lines, roles)

    free = [i for i, line in enumerate(lines) if not roles[i]]
    if free and lines[free[0]].lower() in labels.doc_types:
        roles[free[0]] = "label"
        meta["label"] = [lines[free[0]].lower()]
        free = free[1:]
    if free and not DATELINE.match(lines[free[0]]) and _words(lines[free[0]]) < 30:
        roles[free[0]] = "title"
        free = free[1:]
    body = [i for i in free if _is_prose(lines[i]) or DATELINE.match(lines[i])]
    if body:
        first, last = body[0], body[-1]
        for i in free:
            roles[i] = "header" if i < first else ("chrome" if i > last else "body")
    else:
        for i in free:
            roles[i] = "header"
    return lines, [r or "" for r in roles], meta


def label_page_lines(raw: str, labels: PageLabels | None = None) -> tuple[pd.DataFrame, dict]:
    """Give every line of a page a role.

    In: the page as text. Out: a table with one row per line (``line_no``
    from 1, ``text``, ``role``) and a dict of the metadata values found,
    keyed by field name (``date``, ``place``, ``sources``, ``added_on``, ...).
    """
    lines, roles, meta = _label_lines(raw, labels or read_page_labels())
    return _line_table(lines, roles), meta


def _paragraphs(lines: list[str], roles: list[str]) -> list[tuple[list[int], str]]:
    """Group body lines into paragraphs (line indexes, text); re-join hard-wrapped lines."""
    groups: list[tuple[list[int], str]] = []
    for i, (line, role) in enumerate(zip(lines, roles, strict=True)):
        if role != "body":
            continue
        text = _bullet_text(line) if _is_bullet(line) else line
        wrapped = (
            groups
            and i > 0
            and roles[i - 1] == "body"
            and not _is_bullet(line)
            and not TERMINAL.search(groups[-1][1])
            and not groups[-1][1].endswith(":")
            and _words(lines[i - 1]) >= 8
        )
        if wrapped:
            groups[-1][0].append(i)
            groups[-1] = (groups[-1][0], groups[-1][1] + " " + text)
        else:
            groups.append(([i], text))
    return groups


def build_page(table: pd.DataFrame, meta: dict, fallback: dict | None = None) -> Page:
    """Assemble a Page from a line table and its metadata (see ``label_page_lines``).

    ``fallback`` may hold ``title`` and ``date`` found elsewhere (an HTML page's
    <title> or <time> element); they are used only when the text has none.
    """
    return _assemble(table["text"].tolist(), table["role"].tolist(), meta, fallback)


def _assemble(lines: list[str], roles: list[str], meta: dict, fallback: dict | None) -> Page:
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
    page.title = titles[0] if titles else fallback.get("title", "")
    if not page.title:
        page.warnings.append("no title found")
    page.fields_of_work = split_list(meta.get("fields_of_work", []))
    if not page.fields_of_work:
        headers = [line for line, role in zip(lines, roles, strict=True) if role == "header"]
        page.fields_of_work = split_list(headers)
    page.sources = split_list(meta.get("sources", []))
    page.tags = split_list(meta.get("tags", []))
    page.audience = split_list(meta.get("audience", []))
    page.organisers = [v.strip() for v in meta.get("organisers", []) if v.strip()]
    page.venue = " ".join(meta.get("venue", [])).strip()

    dateline = DATELINE.match(page.paragraphs[0]) if page.paragraphs else None
    candidates = [
        ("metadata", " ".join(meta.get("date", []))),
        ("dateline", dateline.group("date") if dateline else ""),
        ("added on", " ".join(meta.get("added_on", []))),
        ("html", fallback.get("date", "")),
    ]
    for source, text in candidates:
        parsed = parse_date(text) if text else None
        if parsed:
            page.date, page.date_source = parsed, source
            break
    places = [
        " ".join(meta.get("place", [])),
        dateline.group("city") if dateline else "",
        page.venue.split(",")[0],
    ]
    page.place = next((tidy_place(p) for p in places if p.strip()), "")

    label = (meta.get("label") or [""])[0]
    is_event = bool(meta.get("added_on") or page.venue or page.audience)
    page.doc_type = "event" if is_event and label in ("", "event") else _doc_type(label)
    if page.repeats_dropped:
        page.warnings.append(f"{page.repeats_dropped} repeated paragraph(s) dropped")
    return page


def _doc_type(label: str) -> str:
    if label == "press release":
        return "press release"
    if label == "event":
        return "event"
    return "other"


def parse_text_page(raw: str, labels: PageLabels | None = None) -> Page:
    """Parse a page saved as text. In: its text. Out: a ``Page``."""
    lines, roles, meta = _label_lines(raw, labels or read_page_labels())
    return _assemble(lines, roles, meta, None)


# --- HTML -----------------------------------------------------------------

BLOCK_TAGS = (
    "address article aside blockquote dd div dl dt fieldset figcaption figure footer form "
    "h1 h2 h3 h4 h5 h6 header hr li main nav ol p pre section table tbody thead tfoot tr td "
    "th ul br"
).split()
REMOVE_TAGS = (
    "nav header footer script style noscript aside form iframe svg button template".split()
)
_LINK_START, _LINK_END = "\x01", "\x02"
_LINK = re.compile("\x01([^\x01\x02]*)\x02")
_BLOCK_SET = frozenset(BLOCK_TAGS)
# page furniture, and the places the article may be, first found wins (compiled XPath)
_REMOVE_PATH = etree.XPath(
    " | ".join(f"//{tag}" for tag in REMOVE_TAGS) + " | //*[@role='navigation' or @role='banner']"
)
_MAIN_PATHS = tuple(
    etree.XPath(path)
    for path in (
        "//main", "//*[@role='main']", "//article", "//*[@id='main-content']", "//*[@id='content']",
        "//*[contains(concat(' ', normalize-space(@class), ' '), ' content ')]",
    )
)  # fmt: skip
_META_DATE = re.compile(r"^(dc\.date|date|dcterms\.date)$", re.I)
_SPACES = re.compile(r"\s+")


def _fallbacks(document: html.HtmlElement) -> dict:
    """The title (from <title>) and date (from <meta> or <time>), for a page whose text has none."""
    fallback = {"title": "", "date": ""}
    title = document.find(".//title")
    if title is not None:
        text = " ".join(piece.strip() for piece in title.itertext() if piece.strip())
        fallback["title"] = re.split(r"\s+[|–—-]\s+", text)[0] if text else ""
    metas = list(document.iter("meta"))
    by_property = [m for m in metas if m.get("property") == "article:published_time"]
    by_name = [m for m in metas if _META_DATE.search(m.get("name", ""))]
    meta_date = (by_property or by_name or [None])[0]
    time_tag = next((t for t in document.iter("time") if t.get("datetime") is not None), None)
    if meta_date is not None and meta_date.get("content"):
        fallback["date"] = meta_date.get("content")[:10]
    elif time_tag is not None:
        fallback["date"] = time_tag.get("datetime")[:10]
    return fallback


def _main_content(document: html.HtmlElement) -> html.HtmlElement:
    """The element holding the article (see ``html_to_text``), else <body>."""
    for path in _MAIN_PATHS:
        found = path(document)
        if found:
            return found[0]
    body = document.find("body")
    return body if body is not None else document


def _block_text(root: html.HtmlElement) -> str:
    """The text under ``root``, a line break around each block element and links marked.

    White space is collapsed outside <pre>; a list item starts with '- '.
    """
    pieces: list[str] = []
    in_pre = 0
    for event, element in etree.iterwalk(root, events=("start", "end")):
        tag = element.tag if isinstance(element.tag, str) else ""
        is_root = element is root
        if event == "start":
            in_pre += tag == "pre"
            if not is_root:
                if tag in _BLOCK_SET:
                    pieces.append("\n")
                if tag == "li":
                    pieces.append("- ")
                if tag == "a":
                    pieces.append(_LINK_START)
            if tag and element.text:
                pieces.append(element.text if in_pre else _SPACES.sub(" ", element.text))
        else:
            in_pre -= tag == "pre"
            if is_root:
                continue
            if tag == "a":
                pieces.append(_LINK_END)
            if tag in _BLOCK_SET:
                pieces.append("\n")
            if element.tail:
                pieces.append(element.tail if in_pre else _SPACES.sub(" ", element.tail))
    return "".join(pieces)


def html_to_text(raw_html: str) -> tuple[str, dict]:
    """Keep an HTML page's main content as text lines, one block element a line.

    In: the page's HTML. Out: the text (list items as '- item' lines, so the
    text rules apply unchanged) and ``{"title": ..., "date": ...}`` taken from
    the <title> element and from <time>/<meta> elements, for use as fallbacks.
    Menus, headers, footers, scripts, forms and comments are left out; the
    article is the first <main>, role=main, <article>, #main-content,
    #content or .content element, else the <body>. Parsed with lxml, which
    reads broken HTML as a browser would.
    """
    parser = html.HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True)
    try:
        document = html.document_fromstring(raw_html.encode("utf-8"), parser=parser)
    except etree.ParserError:  # nothing but white space or comments
        return "", {"title": "", "date": ""}
    fallback = _fallbacks(document)
    for element in _REMOVE_PATH(document):
        if element.getparent() is not None:
            element.drop_tree()
    lines = [_link_line(line) for line in _block_text(_main_content(document)).split("\n")]
    # one block a line, a blank line between blocks: lines are never re-joined as wrapped
    return "\n\n".join(line for group in lines for line in group if line), fallback


def _link_line(line: str) -> list[str]:
    """A line made only of links is a menu: one '- link' bullet per link; else plain text."""
    line = line.strip()
    links = _LINK.findall(line)
    rest = _LINK.sub("", line).strip(" |·•,-")
    if links and not rest:
        return [f"- {' '.join(link.split())}" for link in links if link.strip()]
    return [" ".join(line.replace(_LINK_START, "").replace(_LINK_END, "").split())]


def parse_html_page(raw_html: str, labels: PageLabels | None = None) -> Page:
    """Parse a page saved as HTML. In: its HTML. Out: a ``Page`` (same rules as text)."""
    text, fallback = html_to_text(raw_html)
    lines, roles, meta = _label_lines(text, labels or read_page_labels())
    return _assemble(lines, roles, meta, fallback)
