"""Turn a page saved as HTML into text lines that the page cleaner reads.

``html_to_text`` keeps the element that holds the article, one block element
a line, list items as '- item' lines and a line made only of links as a menu
of bullets, so that ``helpers.corpus.pages`` gives every line its role by the same
rules as a page saved as text. It also returns the page's <title> and its
<time>/<meta> date, which the cleaner uses only when the text has none.
"""

from __future__ import annotations

import html as _entities
import re

from lxml import etree, html

from helpers.base.text import DASHES
from helpers.corpus.language import language_code

_DASHES = re.escape("".join(sorted(DASHES)))  # every dash of the text layer

__all__ = ["BLOCK_TAGS", "INLINE_TAGS", "REMOVE_TAGS", "file_chars", "html_to_text"]

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
_LONG_P = etree.XPath(".//p[string-length(normalize-space(.)) > 40]")  # selected in C
_FOLLOWING_P = etree.XPath("following::p")
_PRECEDING_HEADING = etree.XPath("preceding::*[self::h1 or self::h2 or self::h3][1]")
_META_DATE = re.compile(r"^(dc\.date|date|dcterms\.date)$", re.I)
_META_LANGUAGE = re.compile(r"^(language|content-language|dc\.language|dcterms\.language)$", re.I)
_SPACES = re.compile(r"\s+")
# Formatting tags that hold no block of their own: an old page that leaves them open
# (<font> a paragraph, never closed) nests deeper than the parser goes, so when the
# parser stops for depth they are taken out and the page is parsed again.
INLINE_TAGS = "font basefont b i u s strike em strong small big span center tt sup sub".split()
_INLINE_TAG = re.compile(rb"</?(?:" + "|".join(INLINE_TAGS).encode() + rb")\b[^>]*>", re.I)
# the text of a file as a tag-stripper sees it, to count the characters the parser kept
_NOT_TEXT = re.compile(
    r"<(script|style|noscript|template)\b.*?</\1\s*>|<!--.*?-->|<!\[CDATA\[.*?\]\]>", re.I | re.S
)
_ANY_TAG = re.compile(r"<[A-Za-z/!?][^>]*>")


def _fallbacks(document: html.HtmlElement) -> dict:
    """The title (from <title>) and date (from <meta> or <time>), for a page whose text has none."""
    fallback = {"title": "", "date": ""}
    title = document.find(".//title")
    if title is not None:
        text = " ".join(piece.strip() for piece in title.itertext() if piece.strip())
        fallback["title"] = re.split(rf"\s+[|{_DASHES}-]\s+", text)[0] if text else ""
    metas = list(document.iter("meta"))
    by_property = [m for m in metas if m.get("property") == "article:published_time"]
    by_name = [m for m in metas if _META_DATE.search(m.get("name", ""))]
    meta_date = (by_property or by_name or [None])[0]
    time_tag = next((t for t in document.iter("time") if t.get("datetime") is not None), None)
    fallback["language"] = _declared_language(document, metas)
    if meta_date is not None and meta_date.get("content"):
        fallback["date"] = meta_date.get("content")[:10]
    elif time_tag is not None:
        fallback["date"] = time_tag.get("datetime")[:10]
    return fallback


def _declared_language(document: html.HtmlElement, metas: list) -> str:
    """The language the page declares: <html lang> or xml:lang, else a <meta> naming it."""
    for value in (document.get("lang"), document.get("xml:lang")):
        if language_code(value or ""):
            return language_code(value)
    for meta in metas:
        key = meta.get("http-equiv") or meta.get("name") or ""
        if _META_LANGUAGE.match(key) and language_code(meta.get("content", "")):
            return language_code(meta.get("content", ""))
        if meta.get("property") == "og:locale" and language_code(meta.get("content", "")):
            return language_code(meta.get("content", ""))
    return ""


def file_chars(raw_html: str) -> int:
    """The characters of an HTML page's text, white space aside, as a tag-stripper reads
    them (scripts, styles and comments left out, entities read): what the parser should
    keep, to compare with what it kept."""
    text = _entities.unescape(_ANY_TAG.sub("", _NOT_TEXT.sub("", raw_html)))
    return len("".join(text.split()))


def _parse(data: bytes) -> tuple[html.HtmlElement, bool]:
    """Parse a page without lxml's default depth limit; if it still stops for depth (more
    than 2,048 levels), parse it again without its formatting tags. Out: the document and
    whether the formatting tags were taken out."""
    flattened = False
    while True:
        parser = html.HTMLParser(
            encoding="utf-8", remove_comments=True, remove_pis=True, huge_tree=True
        )
        document = html.document_fromstring(data, parser=parser)
        too_deep = any("depth" in error.message.lower() for error in parser.error_log)
        if not too_deep or flattened:
            return document, flattened
        data, flattened = _INLINE_TAG.sub(b" ", data), True


def _main_content(document: html.HtmlElement, long: set) -> html.HtmlElement:
    """The element holding the article (see ``html_to_text``), else <body>.

    An element that holds fewer than half of the page's ``long`` paragraphs
    (its <p> elements of more than 40 characters) is a box beside the article.
    """
    for path in _MAIN_PATHS:
        found = path(document)
        if found and _count_in(found[0], long) * 2 >= len(long):
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
    the <title> element and from <time>/<meta> elements, for use as fallbacks,
    with ``"paragraphs_left_out"``, the number of <p> elements of more than 40
    characters (about six words) outside the text kept, when there are any,
    and ``"h1"``, the article's headline (see ``_headline``), when it has one
    (the cleaner's title); ``"language"``, the ISO 639 code the page declares
    ('' when none); ``"chars_parsed"``, ``(characters the parser kept,
    characters in the file)``, white space aside, when the parser kept fewer
    than a tag-stripper reads in the file (``file_chars``); and ``"flattened"``
    when the page nested too deep and was parsed again without its formatting
    tags (``INLINE_TAGS``).
    Menus, headers, footers, scripts, forms and comments are left out; the
    article is the first <main>, role=main, <article>, #main-content,
    #content or .content element that holds at least half of the page's
    paragraphs, else the <body>. Parsed with lxml, which
    reads broken HTML as a browser would, without its default limit of 256
    levels of nesting (``huge_tree``), which the unclosed <font> tags of old
    pages exceed.
    """
    try:
        document, flattened = _parse(raw_html.encode("utf-8", "surrogatepass"))
    except etree.ParserError:  # nothing but white space or comments
        return "", {"title": "", "date": "", "language": ""}
    fallback = _fallbacks(document)
    for element in document.iter("script", "style", "noscript", "template"):
        element.text = None  # their text is no page text, for the count below
    in_file = file_chars(raw_html)
    kept = len("".join(etree.tostring(document, method="text", encoding="unicode").split()))
    if kept < in_file:
        fallback["chars_parsed"] = (kept, in_file)
    if flattened:
        fallback["flattened"] = True
    for element in _REMOVE_PATH(document):
        if element.getparent() is not None:
            element.drop_tree()
    long = _long_paragraphs(document)
    main = _main_content(document, long)
    left_out = len(long) - _count_in(main, long)
    if left_out:
        fallback["paragraphs_left_out"] = left_out
    heading = _headline(main, long)
    if heading:
        fallback["h1"] = heading
    lines = [_link_line(line) for line in _block_text(main).split("\n")]
    # one block a line, a blank line between blocks: lines are never re-joined as wrapped
    return "\n\n".join(line for group in lines for line in group if line), fallback


def _long_paragraphs(root: html.HtmlElement) -> set:
    """The <p> elements under ``root`` of more than 40 characters (about six words)."""
    return set(_LONG_P(root))


def _headline(main: html.HtmlElement, long: set) -> str:
    """The article's headline: its <h1> when the <h1>'s parent or grandparent also holds the
    first long paragraph after it; else the heading (h1-h3) nearest before the first long
    paragraph, when its parent holds that paragraph (a site banner's <h1> in another row of
    a table layout is neither). '' when no heading qualifies."""
    h1 = main.find(".//h1")
    if h1 is not None:
        after = next((p for p in _FOLLOWING_P(h1) if p in long), None)
        parent = h1.getparent()
        grandparent = parent.getparent() if parent is not None else None
        if after is not None and (_holds(parent, after) or _holds(grandparent, after)):
            return " ".join(h1.text_content().split())
    first = next((p for p in main.iter("p") if p in long), None)
    if first is None:
        return " ".join(h1.text_content().split()) if h1 is not None else ""
    before = _PRECEDING_HEADING(first)
    if before and _holds(before[0].getparent(), first):
        return " ".join(before[0].text_content().split())
    return ""


def _holds(parent: html.HtmlElement | None, element: html.HtmlElement) -> bool:
    return parent is not None and any(a is parent for a in element.iterancestors())


def _count_in(root: html.HtmlElement, elements: set) -> int:
    """How many of ``elements`` are ``root`` or under it."""
    return sum(p in elements for p in root.iter("p")) if elements else 0


def _link_line(line: str) -> list[str]:
    """A line made only of links is a menu: one '- link' bullet per link; else plain text."""
    line = line.strip()
    links = _LINK.findall(line)
    rest = _LINK.sub("", line).strip(" |·•,-")
    if links and not rest:
        return [f"- {' '.join(link.split())}" for link in links if link.strip()]
    return [" ".join(line.replace(_LINK_START, "").replace(_LINK_END, "").split())]
