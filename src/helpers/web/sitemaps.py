"""The URLs to fetch: a text file of URLs (``#`` comments), or a sitemap (a file, ``.gz``
or a URL; an index followed), filtered by ``--match`` and by ``<lastmod>`` (undated kept).
"""

from __future__ import annotations

import datetime as dt
import gzip
import io
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin, urlsplit, urlunsplit

from requests.utils import requote_uri

__all__ = ["MAX_SITEMAPS", "SourceError", "normalise_url", "parse_url_list", "read_source"]

MAX_SITEMAPS = 1000  # sitemaps read from one index tree, at most
MAX_SITEMAP_BYTES = 50_000_000  # the sitemap protocol's limit for one uncompressed file
_DEFAULT_PORTS = {"http": 80, "https": 443}
_LASTMOD = re.compile(r"^\s*(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


class SourceError(Exception):
    """The list of URLs or the sitemap cannot be read; the message names it and why."""


@dataclass(frozen=True)
class SitemapEntry:
    """One ``<url>`` or ``<sitemap>``: its address and last-modified date."""

    loc: str
    lastmod: dt.date | None = None


def _escapes(text: str) -> str:
    """Escapes as ``requests`` sends them: unreserved characters decoded, others upper case."""
    return re.sub(r"%[0-9a-f]{2}", lambda m: m[0].upper(), requote_uri(text))


def normalise_url(text: str) -> str | None:
    """The one form of a URL fetched and checked against robots.txt, as a server reads it
    (so ``/ok/../private/x`` is ``/private/x``); None if not http(s)."""
    parts = urlsplit(text.strip())
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https") or not parts.hostname:
        return None
    try:
        port = parts.port
    except ValueError:  # not a number, or out of range
        return None
    host = f"[{parts.hostname}]" if ":" in parts.hostname else parts.hostname
    if port is not None and port != _DEFAULT_PORTS[scheme]:
        host = f"{host}:{port}"
    user = parts.netloc.rpartition("@")[0]
    netloc = f"{user}@{host}" if user else host
    path = urlsplit(urljoin("http://h/", "/." + _escapes(parts.path or "/"))).path
    return urlunsplit((scheme, netloc, path, _escapes(parts.query), ""))


def parse_url_list(text: str) -> tuple[list[str], list[str]]:
    """The URLs of a text list (one a line, ``#`` comments), each once, and one problem per
    line that is not an http(s) URL ("line 4: not an http(s) URL: 'www.example.org'")."""
    urls: dict[str, None] = {}
    problems = []
    for number, line in enumerate(text.splitlines(), start=1):
        line = re.split(r"\s#", line, maxsplit=1)[0].strip()
        if not line or line.startswith("#"):
            continue
        url = normalise_url(line)
        if url is None:
            problems.append(f"line {number}: not an http(s) URL: {line!r}")
        else:
            urls.setdefault(url)
    return list(urls), problems


def parse_lastmod(text: str | None) -> dt.date | None:
    """The date of a ``<lastmod>`` (``2008``, ``2008-05``, ``2008-05-15...``; a year or month
    alone is its first day), or None."""
    found = _LASTMOD.match(text or "")
    if not found:
        return None
    year, month, day = (int(part) if part else 1 for part in found.groups())
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def parse_sitemap(data: bytes, name: str = "sitemap") -> tuple[str, list[SitemapEntry]]:
    """``("urlset" or "index", entries)`` of a sitemap's bytes (XML or gzipped XML); raises
    ``SourceError`` naming it when it is not one."""
    if data[:2] == b"\x1f\x8b":
        try:
            with gzip.GzipFile(fileobj=io.BytesIO(data)) as packed:
                data = packed.read(MAX_SITEMAP_BYTES + 1)
        except (OSError, EOFError) as error:
            raise SourceError(f"{name}: not a readable .gz file ({error})") from error
        if len(data) > MAX_SITEMAP_BYTES:
            raise SourceError(f"{name}: over {MAX_SITEMAP_BYTES // 1_000_000} MB uncompressed")
    try:
        root = ET.fromstring(data)
    except ET.ParseError as error:
        raise SourceError(f"{name}: not a sitemap, the XML cannot be read ({error})") from error
    kind = {"urlset": ("urlset", "url"), "sitemapindex": ("index", "sitemap")}.get(_local(root.tag))
    if kind is None:
        raise SourceError(
            f"{name}: not a sitemap: its root element is <{_local(root.tag)}>, "
            "not <urlset> or <sitemapindex>"
        )
    entries = []
    for item in root:
        if _local(item.tag) != kind[1]:
            continue
        fields = {_local(child.tag): (child.text or "").strip() for child in item}
        loc = normalise_url(fields.get("loc", ""))
        if loc:
            entries.append(SitemapEntry(loc, parse_lastmod(fields.get("lastmod"))))
    return kind[0], entries


def select_entries(
    entries: list[SitemapEntry],
    match: str | None = None,
    since: dt.date | None = None,
    until: dt.date | None = None,
) -> tuple[list[str], int]:
    """The entries' URLs that ``match`` finds and dated from ``since`` to ``until`` (each once,
    in order), and how many were kept without a date to check."""
    pattern = re.compile(match) if match else None
    kept: dict[str, None] = {}
    undated = 0
    for entry in entries:
        if pattern and not pattern.search(entry.loc):
            continue
        if since or until:
            if entry.lastmod is None:
                undated += entry.loc not in kept
            elif (since and entry.lastmod < since) or (until and entry.lastmod > until):
                continue
        kept.setdefault(entry.loc)
    return list(kept), undated


def _is_sitemap(data: bytes) -> bool:
    return data[:2] == b"\x1f\x8b" or data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] == b"<"


def read_source(
    source: str,
    get: Callable[[str], bytes],
    match: str | None = None,
    since: dt.date | None = None,
    until: dt.date | None = None,
) -> tuple[list[str], list[str]]:
    """The URLs of a source (a path or a sitemap's URL, fetched by ``get``), each once, and
    notes for the user. Raises ``SourceError`` for an unreadable source or dates asked of a
    list of URLs; an index's unreadable sitemap is a note."""
    if normalise_url(source) and "://" in source:
        first, data = source, get(normalise_url(source))
    else:
        path = Path(source)
        try:
            data = path.read_bytes()
        except OSError as error:
            raise SourceError(f"{source}: cannot be read ({error.strerror or error})") from error
        first = path.name
        if not _is_sitemap(data):
            if since or until:
                raise SourceError(
                    f"{first}: --since and --until filter a sitemap's dates; "
                    "a list of URLs has none"
                )
            try:
                text = data.decode("utf-8-sig")
            except UnicodeDecodeError as error:
                raise SourceError(f"{first}: not UTF-8 text ({error})") from error
            urls, notes = parse_url_list(text)
            notes = [f"{first}: {note}" for note in notes]
            kept, _ = select_entries([SitemapEntry(url) for url in urls], match)
            return kept, notes
    entries: list[SitemapEntry] = []
    notes: list[str] = []
    queue, seen = [first], {first}
    while queue:
        name = queue.pop(0)
        if name == first:
            kind, found = parse_sitemap(data, name)  # the source itself: its errors stop the run
        else:
            try:
                kind, found = parse_sitemap(get(name), name)
            except SourceError as error:
                notes.append(f"sitemap skipped: {error}")
                continue
        if kind == "urlset":
            entries += found
            continue
        for child in found:
            if child.loc in seen:
                continue
            if len(seen) >= MAX_SITEMAPS:
                notes.append(f"more than {MAX_SITEMAPS} sitemaps: the rest are not read")
                break
            seen.add(child.loc)
            queue.append(child.loc)
    urls, undated = select_entries(entries, match, since, until)
    if undated:
        notes.append(f"{undated} sitemap entr{'y' if undated == 1 else 'ies'} without a date kept")
    return urls, notes
