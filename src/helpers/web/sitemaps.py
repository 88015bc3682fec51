"""The URLs to fetch: a text file of URLs, or a sitemap and the sitemaps it lists.

``read_source`` turns what the user gives ``python -m helpers fetch`` into a
list of URLs: a local text file (one URL a line, ``#`` starts a comment), a
saved ``sitemap.xml`` (or ``.xml.gz``), or a sitemap's URL. A sitemap index
is followed to the sitemaps it lists. ``--match`` keeps the URLs a regular
expression finds a match in; ``--since`` and ``--until`` keep the sitemap
entries whose ``<lastmod>`` date lies in the range, and keep (and count)
the entries that give no date.
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
from urllib.parse import urlsplit, urlunsplit

from requests.utils import requote_uri

__all__ = [
    "MAX_SITEMAPS",
    "SitemapEntry",
    "SourceError",
    "normalise_url",
    "parse_lastmod",
    "parse_sitemap",
    "parse_url_list",
    "read_source",
    "select_entries",
]

MAX_SITEMAPS = 1000  # sitemaps read from one index tree, at most
MAX_SITEMAP_BYTES = 50_000_000  # the sitemap protocol's limit for one uncompressed file
_DEFAULT_PORTS = {"http": 80, "https": 443}
_LASTMOD = re.compile(r"^\s*(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


class SourceError(Exception):
    """The list of URLs or the sitemap cannot be read; the message names it and says why."""


@dataclass(frozen=True)
class SitemapEntry:
    """One ``<url>`` or ``<sitemap>`` of a sitemap: its address and last-modified date."""

    loc: str
    lastmod: dt.date | None = None


def _without_dot_segments(path: str) -> str:
    """``path`` with its ``.`` and ``..`` segments resolved (RFC 3986, 5.2.4)."""
    kept: list[str] = []
    segments = path.split("/")[1:]
    for segment in segments:
        if segment == "..":
            kept = kept[:-1]
        elif segment != ".":
            kept.append(segment)
    if segments and segments[-1] in (".", ".."):
        kept.append("")  # '/a/b/..' is the folder '/a/'
    return "/" + "/".join(kept)


def _escapes(text: str) -> str:
    """Percent-encoding normalised: unreserved characters decoded, other escapes in upper case,
    characters that may not stand in a URL encoded (as ``requests`` sends them)."""
    return re.sub(r"%[0-9a-f]{2}", lambda m: m[0].upper(), requote_uri(text))


def normalise_url(text: str) -> str | None:
    """The URL to fetch for a line of text, in the one form that robots.txt is checked against.

    In: a string. Out: the URL trimmed, without its ``#fragment``, scheme and
    host in lower case, the scheme's default port dropped, percent-encoding
    normalised and ``.`` and ``..`` path segments resolved (so ``/ok/../private/x``
    is ``/private/x``, as the server would read it); None when it is not an
    absolute http(s) URL.
    """
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
    path = _without_dot_segments(_escapes(parts.path or "/"))
    return urlunsplit((scheme, netloc, path, _escapes(parts.query), ""))


def parse_url_list(text: str) -> tuple[list[str], list[str]]:
    """Read a text list of URLs.

    In: the file's text: one URL a line; blank lines and lines starting with
    ``#`` are skipped, and `` #`` after a URL starts a comment. Out: the URLs in
    order, each once; and one problem per line that is not an http(s) URL
    ("line 4: not an http(s) URL: 'www.example.org'").
    """
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
    """The date of a sitemap ``<lastmod>`` (W3C datetime: ``2008``, ``2008-05``, ``2008-05-15``,
    or with a time). A year or month alone counts as its first day. Out: None if no date."""
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
    """Read a sitemap.

    In: its bytes (XML, or gzip-compressed XML) and a name for messages. Out:
    ``("urlset", entries)`` for a sitemap of pages or ``("index", entries)``
    for a sitemap index. Raises ``SourceError`` naming it when it is not one.
    """
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
    """The URLs of the entries to fetch.

    In: sitemap entries; ``match``, a regular expression searched in each URL;
    ``since`` and ``until``, inclusive bounds on the entry's date. Out: the
    URLs kept, each once, in order; and how many of them were kept without a
    date to check (only counted when ``since`` or ``until`` is given).
    """
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
    """The URLs to fetch from a list of URLs or a sitemap, and notes to show the user.

    In: ``source``, a path to a text file of URLs or to a saved sitemap, or a
    sitemap's URL; ``get``, a function that fetches a URL's bytes (it raises
    ``SourceError`` when it cannot); the filters of ``select_entries``. Out:
    the URLs, each once, in order; and notes (lines that are not URLs,
    sitemaps that could not be read, entries kept without a date).
    Raises ``SourceError`` when the source itself cannot be read, or when
    dates are asked of a list of URLs.
    """
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
