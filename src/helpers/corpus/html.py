"""A page saved as HTML to text lines for the cleaner, as a page saved as text would read.

One block element a line, list items as '- item', a line of links only as a menu of bullets;
the article's element is kept, furniture left out. Also returns the <title>, the <time>/<meta>
date and language, and what the parser lost, for the cleaner's fallbacks and warnings.
"""

from __future__ import annotations

import html as _entities
import re

from lxml import etree, html

from helpers.base.text import DASHES
from helpers.corpus.language import language_code

_DASHES = re.escape("".join(sorted(DASHES)))  # every dash of the text layer

__all__ = ["html_to_text"]

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
    """The <title>, the <meta> or <time> date and the declared language."""
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
    values = [document.get("lang"), document.get("xml:lang")] + [
        meta.get("content", "")
        for meta in metas
        if _META_LANGUAGE.match(meta.get("http-equiv") or meta.get("name") or "")
        or meta.get("property") == "og:locale"
    ]
    return next(filter(None, map(language_code, values)), "")


def _file_chars(raw_html: str) -> int:
    """The characters of a page's text, white space aside, as a tag-stripper reads them."""
    text = _entities.unescape(_ANY_TAG.sub("", _NOT_TEXT.sub("", raw_html)))
    return len("".join(text.split()))


def _parse(data: bytes) -> tuple[html.HtmlElement, bool]:
    """Parse without lxml's depth limit; past 2,048 levels, again without formatting tags.
    Out: the document and whether they were taken out."""
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
    """The first <main>, role=main, <article>, #main-content, #content or .content element
    holding half the ``long`` paragraphs or more (else a box beside the article); else <body>."""
    for path in _MAIN_PATHS:
        found = path(document)
        if found and _count_in(found[0], long) * 2 >= len(long):
            return found[0]
    body = document.find("body")
    return body if body is not None else document


def _block_text(root: html.HtmlElement) -> str:
    """The text under ``root``: block elements on lines, links marked, '- ' before an item."""
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
    """An HTML page's article as text lines, and its fallbacks.

    Out: the text and a dict: ``title``, ``date``, ``language``; when they apply, ``h1``
    (the headline), ``paragraphs_left_out`` (long <p> outside the article), ``chars_parsed``
    (kept, in the file: the parser kept less than a tag-stripper reads) and ``flattened``.
    lxml reads broken HTML as a browser would; the unclosed <font> tags of old pages nest past
    its default 256 levels, hence ``huge_tree``.
    """
    try:
        document, flattened = _parse(raw_html.encode("utf-8", "surrogatepass"))
    except etree.ParserError:  # nothing but white space or comments
        return "", {"title": "", "date": "", "language": ""}
    fallback = _fallbacks(document)
    for element in document.iter("script", "style", "noscript", "template"):
        element.text = None  # their text is no page text, for the count below
    in_file = _file_chars(raw_html)
    kept = len("".join(etree.tostring(document, method="text", encoding="unicode").split()))
    if kept < in_file:
        fallback["chars_parsed"] = (kept, in_file)
    if flattened:
        fallback["flattened"] = True
    for element in _REMOVE_PATH(document):
        if element.getparent() is not None:
            element.drop_tree()
    long = set(_LONG_P(document))  # <p> of more than 40 characters (about six words)
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


def _headline(main: html.HtmlElement, long: set) -> str:
    """The <h1> whose parent or grandparent holds the first long paragraph after it, else the
    h1-h3 just before the first long paragraph when its parent holds it (never a banner's)."""
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
    return sum(p in elements for p in root.iter("p")) if elements else 0


def _link_line(line: str) -> list[str]:
    """A line of links only as a menu, one '- link' bullet each; else plain text."""
    line = line.strip()
    links = _LINK.findall(line)
    rest = _LINK.sub("", line).strip(" |·•,-")
    if links and not rest:
        return [f"- {' '.join(link.split())}" for link in links if link.strip()]
    return [" ".join(line.replace(_LINK_START, "").replace(_LINK_END, "").split())]
