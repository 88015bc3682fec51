"""Load a folder of saved pages into tables: documents, paragraphs, sentences.

``load_corpus(folder)`` reads every ``.txt``, ``.html`` and ``.htm`` file of
one folder (sub-folders are not read), cleans each page with
``helpers.corpus.pages`` and returns a ``Corpus``: four tables and a load report
with one row per file of the folder, saying whether it was loaded, loaded
with a warning, skipped (and why) or ignored (a README or hidden file).

Only regular files inside the folder are opened: a named pipe, a device or a
socket is skipped unopened (so a run never hangs on one), and a symbolic link
is followed only when it leads to a file inside the folder. Each page's bytes
are decoded by ``helpers.corpus.encoding`` (byte-order mark, the HTTP charset
kept in ``fetch_log.csv``, the page's ``<meta>``, UTF-8, detection), its
language told by ``helpers.corpus.language``; a page not in the analysis
language (English unless ``language`` says otherwise) is skipped, or loaded
with a warning (``other_languages="warn"``). The folder's ``metadata.csv``
(``helpers.corpus.metadata``) gives a page's date, place, title, language or
type from outside the page.

The folder is only read, never written. Nothing is dropped silently: every
file appears in the report, and every warning or skip is also raised as a
``CorpusWarning`` naming the file. With ``strict=True`` a problem raises
``CorpusError`` instead. A large folder's parsed corpus is cached outside it
(``helpers.corpus.cache``).
"""

from __future__ import annotations

import hashlib
import os
import pickle
import re
import stat
import sys
import warnings
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from helpers.base.parallel import FILES_FROM, packed
from helpers.base.paths import corpus_dir
from helpers.base.progress import progress_iter, show_progress
from helpers.corpus.cache import CACHE_FROM, cache_file, read_cache, write_cache
from helpers.corpus.encoding import (
    GARBLED_FROM,
    LEGACY_ENCODING,
    Decoded,
    decode_page,
    encoding_label,
    garbled,
)
from helpers.corpus.fields import place_and_country
from helpers.corpus.language import (
    LanguageChoice,
    choose_language,
    known_language,
    language_label,
    language_name,
)
from helpers.corpus.metadata import METADATA_FILE, MetadataError, read_metadata
from helpers.corpus.pages import (
    Page,
    PageLabels,
    count_words,
    parse_html_page,
    parse_text_page,
    read_page_labels,
)
from helpers.corpus.provenance import FETCH_LOG, canonical_url, read_charsets, read_origins
from helpers.corpus.sentences import Abbreviations, read_abbreviations, split_sentences

__all__ = [
    "CHUNK_SIZE",
    "Corpus",
    "CorpusError",
    "CorpusWarning",
    "DEFAULT_LANGUAGE",
    "DEFAULT_MAX_BYTES",
    "DOCUMENT_COLUMNS",
    "LEGACY_ENCODING",
    "OTHER_LANGUAGES",
    "PROGRESS_FROM",
    "REPORT_COLUMNS",
    "SUPPORTED_SUFFIXES",
    "decode_bytes",
    "display_name",
    "export_corpus",
    "load_corpus",
    "looks_like_html",
    "read_file",
]

SUPPORTED_SUFFIXES = (".txt", ".html", ".htm")
DEFAULT_MAX_BYTES = 5_000_000
DEFAULT_LANGUAGE = "en"  # the analysis language: the rules in data/ are written for English
OTHER_LANGUAGES = ("skip", "warn")  # what becomes of a page in another language
PROGRESS_FROM = 300  # files: below this, no progress bar
CHUNK_SIZE = 100  # files per task of the process pool

DOCUMENT_COLUMNS = [
    "doc_id", "file", "sha256", "doc_type", "title", "date", "year", "place", "country", "venue",
    "sources", "fields_of_work", "tags", "organisers", "audience", "text", "n_words",
    "n_paragraphs", "n_sentences", "raw_chars", "clean_chars", "raw_words", "nav_lines",
    "metadata_lines", "repeats_dropped", "date_source", "encoding", "encoding_source", "language",
    "language_source", "source_url", "retrieved",
]  # fmt: skip
REPORT_COLUMNS = ["file", "status", "reason", "doc_id", "date_source", "source_url", "retrieved"]


class CorpusError(Exception):
    """Raised when the corpus folder is missing, or for any problem file in strict mode."""


class CorpusWarning(UserWarning):
    """A file was skipped or loaded with a warning; the message names the file."""


@dataclass(frozen=True)
class Corpus:
    """The loaded corpus.

    - ``documents``: one row per document (columns ``DOCUMENT_COLUMNS``)
    - ``paragraphs``: ``doc_id, para_id, part, text`` (para 0 is the title)
    - ``sentences``: ``doc_id, para_id, sent_id, part, text`` (sent 0 is the title)
    - ``lines``: ``doc_id, line_no, text, role``: every line of every page and
      the role the cleaner gave it, to audit what cleaning removed
    - ``report``: ``file, status, reason, doc_id, date_source, source_url,
      retrieved``, one row per file in the folder (``date_source`` says where a
      loaded page's date was read: see ``helpers.corpus.pages``)
    - ``source_url`` and ``retrieved`` (in ``documents`` and ``report``): where
      and when a page was fetched, from the folder's ``fetch_log.csv``, else the
      page's canonical link (no time); empty for a page saved by hand
    """

    documents: pd.DataFrame
    paragraphs: pd.DataFrame
    sentences: pd.DataFrame
    lines: pd.DataFrame
    report: pd.DataFrame


@dataclass
class _Read:
    """The outcome of reading one file (internal; picklable, holds no raw text)."""

    status: str
    reason: str
    page: Page | None = None
    encoding: str = ""
    encoding_source: str = ""
    language: str = ""
    language_source: str = ""
    sha256: str = ""
    raw_chars: int = 0
    raw_words: int = 0
    sentences: list[list[str]] = field(default_factory=list)  # per body paragraph
    text_key: bytes = b""  # digest of the article text (see ``_text_key``)
    canonical: str = ""  # the page's own URL, from its HTML (see ``provenance``)


def decode_bytes(data: bytes, http_charset: str = "") -> tuple[str | None, str, str]:
    """Decode a page's bytes (see ``page_encoding.decode_page``).

    In: raw bytes and the HTTP charset they were served with, if known. Out:
    ``(text, encoding, problem)``; ``text`` is None when the bytes are binary
    or undecodable, and ``problem`` then says why.
    """
    decoded = decode_page(data, http_charset)
    return decoded.text, decoded.encoding, decoded.problem


def display_name(name: str) -> str:
    """A file name as it can be printed and written: bytes that are not UTF-8 as '\\xff'."""
    return os.fsencode(name).decode("utf-8", "backslashreplace")


def looks_like_html(text: str) -> bool:
    """Say whether a text starts like an HTML document."""
    head = text.lstrip()[:500].lower()
    return head.startswith(("<!doctype html", "<html")) or ("<body" in head and "</" in head)


def _text_key(page: Page) -> bytes:
    """A digest of the article text, case and spacing ignored: two pages with it are duplicates."""
    text = " ".join(" ".join(page.paragraphs).casefold().split())
    return hashlib.sha256(text.encode("utf-8")).digest()


@dataclass(frozen=True)
class _Job:
    """What the loader knows of a file before reading it (internal; picklable)."""

    path: Path
    http_charset: str = ""  # from the fetch log
    given: dict = field(default_factory=dict)  # from metadata.csv


_TITLE_PROBLEMS = ("no title found", "the title '")
_NO_DATE = (
    "no date found: no 'Date:' field, no dateline such as 'VIENNA, 8 April 2003 -', no date "
    "line and no complete date (day, month, year) in the title or first paragraph"
)


def _no_date_reason(page: Page, name: str) -> str:
    """Why a page has no date: what it does hold first (so a shortened line still shows it),
    then how to give it one without editing the page."""
    found = []
    if page.date_hints:
        quoted = ", ".join(f"'{hint}'" for hint in page.date_hints)
        found.append(f"only date-like words without a day, month and year ({quoted})")
    if page.date_fields:
        quoted = ", ".join(f"'{f}'" for f in page.date_fields)
        found.append(f"a date field that cannot be read ({quoted})")
    if page.date_later:
        quoted = ", ".join(f"'{hint}'" for hint in page.date_later)
        found.append(
            f"a complete date only further down the page ({quoted}), perhaps of an earlier "
            "event, so not taken"
        )
    what = f"no date found: {'; '.join(found)}" if found else _NO_DATE
    return (
        f"{what}; to include it, give its date in the folder's {METADATA_FILE} "
        f"(a line '{name},yyyy-mm-dd' under the header 'file,date')"
    )


def _not_regular(mode: int) -> str:
    """Why a file of this mode is not read ('' for a regular file)."""
    if stat.S_ISREG(mode):
        return ""
    if stat.S_ISFIFO(mode):
        kind = "a named pipe (FIFO)"
    elif stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        kind = "a device"
    elif stat.S_ISSOCK(mode):
        kind = "a socket"
    elif stat.S_ISDIR(mode):
        kind = "a folder"
    else:
        kind = "not a regular file"
    return f"{kind}, not a saved page: never opened"


def _give(page: Page, given: dict) -> list[str]:
    """Put the fields ``metadata.csv`` gives into a page. Out: notes for the load report."""
    notes = []
    if "title" in given:
        page.title = given["title"]
        page.problems = [p for p in page.problems if not p.startswith(_TITLE_PROBLEMS)]
    if "date" in given:
        if page.date is not None and page.date != given["date"]:
            notes.append(
                f"{METADATA_FILE}'s date {given['date']:%Y-%m-%d} replaces the page's "
                f"{page.date:%Y-%m-%d} ({page.date_source})"
            )
        page.date, page.date_source = given["date"], METADATA_FILE
        page.problems = [p for p in page.problems if not p.startswith("date taken from the text")]
    if "place" in given:
        page.place, page.country = place_and_country(given["place"], None, "")
    if "doc_type" in given:
        page.doc_type = given["doc_type"]
    solved = [w for w in page.warnings if w.startswith(_TITLE_PROBLEMS) and "title" in given]
    solved += [w for w in page.warnings if w.startswith("date taken from") and "date" in given]
    page.warnings = [w for w in page.warnings if w not in solved]
    fields = [key for key in ("date", "place", "title", "language", "doc_type") if key in given]
    if fields:
        notes.insert(0, f"{', '.join(fields)} from {METADATA_FILE}")
    return notes


def _language_problem(language: str, source: str, wanted: str, warn: bool) -> str:
    """The load report's reason for a page not in the analysis language."""
    how = {
        "text": "read from its text",
        "declared": "as the page declares",
        METADATA_FILE: f"as {METADATA_FILE} gives",
    }.get(source, "by the detector's best guess")
    what = (
        f"in {language_label(language)}, {how}, not in the analysis language, "
        f"{language_label(wanted)}"
    )
    if warn:
        return f"{what}: loaded on request, but the rules in data/ are written for English"
    return (
        f"{what}: skipped. To analyse {language_name(language)} pages instead, use "
        f"--language {language} (language='{language}'); to load it flagged, "
        "--other-languages warn"
    )


@dataclass
class _Parsed:
    """A page parsed, waiting for its language to be told (internal): see ``_read_chunk``."""

    result: _Read
    decoded: Decoded
    body: str  # the title and article, which the language is told from
    html_in_txt: bool
    given: dict
    name: str


def read_file(
    path: Path,
    max_bytes: int = DEFAULT_MAX_BYTES,
    labels: PageLabels | None = None,
    abbreviations: Abbreviations | None = None,
    *,
    language: str = DEFAULT_LANGUAGE,
    other_languages: str = "skip",
    http_charset: str = "",
    given: dict | None = None,
) -> _Read:
    """Read, parse and split one file. Out: its status, the reason, and the parsed page.

    ``language`` and ``other_languages`` as in ``load_corpus``; ``http_charset``,
    the charset the page was served with (from the fetch log); ``given``, the
    fields its ``metadata.csv`` row gives. Only a regular file is opened, and
    no more than ``max_bytes`` of it is read.
    """
    parsed = _parse_file(path, max_bytes, labels or read_page_labels(), http_charset, given)
    if isinstance(parsed, _Read):
        return parsed
    chosen = _choose_language(parsed, language)
    return _finish(parsed, chosen, abbreviations, language, other_languages)


def _parse_file(
    path: Path, max_bytes: int, labels: PageLabels, http_charset: str, given: dict | None
) -> _Read | _Parsed:
    """Read, decode and parse one file: a final ``_Read`` when it stops there (skipped),
    else a ``_Parsed`` for ``_finish``."""
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        what = f"'{path.suffix}'" if path.suffix else "(no extension)"
        return _Read("skipped", f"unsupported file type {what}: the corpus reads .txt, .html, .htm")
    try:
        info = os.stat(path)
        not_regular = _not_regular(info.st_mode)
        if not_regular:
            return _Read("skipped", not_regular)
        if info.st_size > max_bytes:
            return _Read(
                "skipped",
                f"file is {info.st_size / 1e6:.1f} MB, over the {max_bytes / 1e6:.1f} MB limit "
                "(raise it with max_bytes, or --max-mb on the command line)",
            )
        with open(path, "rb") as handle:
            data = handle.read(max_bytes + 1)
    except OSError as error:
        return _Read("skipped", f"cannot be read: {error.strerror or error}")
    if len(data) > max_bytes:  # it grew since, or its size was not told
        return _Read("skipped", f"file is over the {max_bytes / 1e6:.1f} MB limit")
    sha = hashlib.sha256(data).hexdigest()
    if not data.strip():
        return _Read("skipped", "empty file", sha256=sha)
    decoded = decode_page(data, http_charset)
    text = decoded.text
    if text is None:
        return _Read("skipped", decoded.problem, sha256=sha)
    if not text.strip():
        return _Read("skipped", "empty file (only white space)", sha256=sha)
    is_html = suffix in (".html", ".htm") or looks_like_html(text)
    page = parse_html_page(text, labels) if is_html else parse_text_page(text, labels)
    raw_words = count_words("\n".join(page.line_texts))
    result = _Read("loaded", "", page, decoded.encoding, decoded.source, sha256=sha)
    result.raw_chars, result.raw_words = len(text), raw_words
    result.canonical = canonical_url(text) if is_html else ""
    if not page.paragraphs:
        result.status = "skipped"
        result.reason = "no article body found (no paragraph of running text after the title)"
        return result
    if page.listing_items:
        result.status = "skipped"
        result.reason = (
            f"listing page of {page.listing_items} items (headlines, each with its own date), "
            "not one article: save each item's own page to load it"
        )
        return result
    body = "\n".join([page.title, *page.paragraphs])
    html_in_txt = suffix == ".txt" and is_html
    return _Parsed(result, decoded, body, html_in_txt, given or {}, display_name(path.name))


def _choose_language(parsed: _Parsed, language: str) -> LanguageChoice:
    page = parsed.result.page
    return choose_language(
        parsed.body, page.declared_language, parsed.given.get("language", ""), language
    )


def _finish(
    parsed: _Parsed,
    chosen: LanguageChoice,
    abbreviations: Abbreviations | None,
    language: str,
    other_languages: str,
) -> _Read:
    """A parsed page's language, given fields, date, sentences and the load report's reason."""
    result, decoded, page, given = parsed.result, parsed.decoded, parsed.result.page, parsed.given
    result.language, result.language_source = chosen.language, chosen.source
    notes, problems = [], []
    other = bool(chosen.language) and chosen.language != language
    if other and chosen.sure:
        warn = other_languages == "warn"
        problem = _language_problem(chosen.language, chosen.source, language, warn)
        if not warn:
            result.status, result.reason = "skipped", problem
            return result
        problems.append(problem)
        notes += [chosen.note] if chosen.note else []
    elif chosen.note:
        # an unsure guess of another language, or metadata.csv against the text: look at it;
        # a declaration the text contradicts: a note (the text decides)
        if (other and not chosen.sure) or chosen.source == METADATA_FILE:
            problems.append(chosen.note)
        elif chosen.sure:
            notes.append(chosen.note)
    notes += _give(page, given)
    if page.date is None:
        result.status = "skipped"
        result.reason = _no_date_reason(page, parsed.name)
        return result
    abbreviations = abbreviations or read_abbreviations()
    result.sentences = [split_sentences(p, abbreviations) for p in page.paragraphs]
    result.text_key = _text_key(page)
    notes += decoded.notes
    if decoded.warning:
        problems.append(decoded.warning)
    traces = garbled(parsed.body)
    if len(traces) >= GARBLED_FROM:
        shown = " ".join(dict.fromkeys(traces[:20]))
        problems.append(
            f"the text looks garbled ({len(traces)} traces of a wrong encoding, such as "
            f"'{shown[:20]}'), read as {encoding_label(decoded.encoding)} "
            f"({decoded.source}): check its encoding"
        )
    if parsed.html_in_txt:
        notes.append("a .txt file holding HTML; parsed as HTML")
    result.reason = "; ".join(problems + page.problems + notes + [
        w for w in page.warnings if w not in page.problems])  # fmt: skip
    if problems or page.problems:
        result.status = "warning"
    return result


def _read_chunk(
    jobs: list[_Job], max_bytes: int, labels: PageLabels, abbreviations: Abbreviations,
    language: str, other_languages: str,
) -> list[_Read]:  # fmt: skip
    """Read a chunk of files (one task of the process pool).

    Every page is parsed first, then the languages of all are told one after
    the other, then each is finished: the language detector's model stays in
    the processor's caches between pages, which makes it about three times as
    fast as between two parsings (``benchmarks/README.md``).
    """
    parsed = [_parse_file(job.path, max_bytes, labels, job.http_charset, job.given) for job in jobs]
    chosen = [_choose_language(p, language) if isinstance(p, _Parsed) else None for p in parsed]
    return [
        p if isinstance(p, _Read) else _finish(p, c, abbreviations, language, other_languages)
        for p, c in zip(parsed, chosen, strict=True)
    ]


def _read_all(
    jobs: list[_Job], max_bytes: int, workers: int, progress: bool, languages: tuple[str, str]
) -> Iterator[_Read]:
    """Read every file, on ``workers`` processes when more than one; yield results in order.

    A generator, so that only a few chunks of parsed pages are held at a time.
    """
    labels, abbreviations = read_page_labels(), read_abbreviations()
    chunks = [jobs[i : i + CHUNK_SIZE] for i in range(0, len(jobs), CHUNK_SIZE)]
    if workers <= 1 or len(chunks) <= 1:
        results = (
            _read_chunk(chunk, max_bytes, labels, abbreviations, *languages) for chunk in chunks
        )
        for chunk in progress_iter(results, len(chunks), "Loading pages (chunks)", progress):
            yield from chunk
        return
    pool = ProcessPoolExecutor(max_workers=workers)
    try:
        n = len(chunks)
        results = pool.map(
            packed, [_read_chunk] * n, chunks, [max_bytes] * n, [labels] * n, [abbreviations] * n,
            [languages[0]] * n, [languages[1]] * n,
        )  # fmt: skip  # pickled in the worker, unpickled here: see ``parallel.packed``
        for chunk in progress_iter(results, n, "Loading pages (chunks)", progress):
            yield from pickle.loads(chunk)
    finally:  # also when the caller stops early (strict mode): drop the chunks not started
        pool.shutdown(wait=True, cancel_futures=True)


def _document_row(doc_id: str, path: Path, read: _Read) -> dict:
    page = read.page
    text = "\n\n".join(page.paragraphs)
    return {
        "doc_id": doc_id,
        "file": display_name(path.name),
        "sha256": read.sha256,
        "doc_type": page.doc_type,
        "title": page.title,
        "date": pd.Timestamp(page.date),
        "year": page.date.year,
        "place": page.place,
        "country": page.country,
        "venue": page.venue,
        "sources": page.sources,
        "fields_of_work": page.fields_of_work,
        "tags": page.tags,
        "organisers": page.organisers,
        "audience": page.audience,
        "text": text,
        "n_words": count_words(text),
        "n_paragraphs": len(page.paragraphs),
        "n_sentences": sum(len(s) for s in read.sentences),
        "raw_chars": read.raw_chars,
        "clean_chars": len(text),
        "raw_words": read.raw_words,
        "nav_lines": page.line_roles.count("navigation"),
        "metadata_lines": page.line_roles.count("metadata"),
        "repeats_dropped": page.repeats_dropped,
        "date_source": page.date_source,
        "encoding": read.encoding,
        "encoding_source": read.encoding_source,
        "language": read.language,
        "language_source": read.language_source,
    }


class _Columns(dict):
    """Column lists for a table built row by row (cheaper than a list of dicts)."""

    def __init__(self, names: list[str]) -> None:
        super().__init__((name, []) for name in names)

    def add(self, *values) -> None:
        for column, value in zip(self.values(), values, strict=True):
            column.append(value)


def _add_text_rows(doc_id: str, read: _Read, paras: _Columns, sents: _Columns) -> None:
    """Paragraph and sentence rows of one page; the title is paragraph 0, sentence 0."""
    title = read.page.title
    if title:
        paras.add(doc_id, 0, "title", title)
        sents.add(doc_id, 0, 0, "title", title)
    sent_id = 0
    for para_id, (paragraph, sentences) in enumerate(
        zip(read.page.paragraphs, read.sentences, strict=True), start=1
    ):
        paras.add(doc_id, para_id, "body", paragraph)
        for sentence in sentences:
            sent_id += 1
            sents.add(doc_id, para_id, sent_id, "body", sentence)


def _ignored_reason(path: Path) -> str:
    if path.name.startswith("."):
        return "hidden file"
    if path.name.upper().startswith("README"):
        return "the corpus folder's own documentation, not a page"
    if path.name == FETCH_LOG:
        return "the fetch log (where and when each page was fetched), not a page"
    if path.name == METADATA_FILE:
        return "the pages' fields given from outside them (dates, titles, ...), not a page"
    if not path.is_symlink() and path.is_dir():
        return "sub-folder: only the files directly in the corpus folder are read"
    return ""


def _inside(root: str, target: str) -> bool:
    """Say whether a resolved path lies in the folder ``root`` (resolved too)."""
    try:
        return os.path.commonpath([root, target]) == root
    except ValueError:  # on another drive
        return False


def _entry_problem(path: Path, root: str) -> tuple[str, str]:
    """``(status, reason)`` for a folder entry that is not read as a page, else ``("", "")``.

    A file name that is not UTF-8, a symbolic link that leads out of the folder
    (``root``, resolved) or nowhere, a link to a sub-folder, and whatever is not
    a regular file (a named pipe, a device, a socket) are skipped unopened.
    """
    try:
        path.name.encode("utf-8")
    except UnicodeEncodeError:
        return "skipped", (
            "the file name is not valid UTF-8 (the bytes shown as \\x..): rename the file "
            "to load it"
        )
    try:
        if path.is_symlink():
            target = os.path.realpath(path)
            if not _inside(root, target):
                return "skipped", (
                    f"a symbolic link to '{display_name(target)}', outside the corpus folder: "
                    "not followed (copy the file into the folder to load it)"
                )
            if not os.path.exists(target):
                return "skipped", "a broken symbolic link (what it points to does not exist)"
            if os.path.isdir(target):
                return "ignored", "a link to a folder: only the files of the corpus folder are read"
        mode = os.stat(path).st_mode
    except OSError as error:
        return "skipped", f"cannot be read: {error.strerror or error}"
    return ("skipped", _not_regular(mode)) if _not_regular(mode) else ("", "")


def _announce(report: pd.DataFrame, strict: bool) -> None:
    """Raise (strict) or warn for every skipped or warning row of a report."""
    problems = report[report["status"].isin(["skipped", "warning"])]
    for row in problems.itertuples(index=False):
        _problem(f"{row.file}: {row.status}: {row.reason}", strict, stacklevel=4)


def _problem(message: str, strict: bool, stacklevel: int = 3) -> None:
    """Raise ``message`` as a ``CorpusError`` (strict) or warn it as a ``CorpusWarning``."""
    if strict:
        raise CorpusError(message)
    warnings.warn(message, CorpusWarning, stacklevel=stacklevel)


def load_corpus(
    folder: Path | str | None = None,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    strict: bool = False,
    workers: int | None = None,
    cache: bool | None = None,
    progress: bool | None = None,
    language: str = DEFAULT_LANGUAGE,
    other_languages: str = "skip",
    files: Iterable[str] | None = None,
) -> Corpus:
    """Load every page of a corpus folder.

    In: ``folder`` (default: ``paths.corpus_dir()``, i.e. ``$CORPUS_DIR`` or
    ``seeds/``); ``max_bytes``, the size above which a file is skipped;
    ``strict``, raise ``CorpusError`` on the first problem file instead of
    skipping it; ``language``, the analysis language (an ISO 639 code,
    English by default), and ``other_languages``, what becomes of a page in
    another: ``"skip"`` it (the default) or ``"warn"``, load it with status
    ``warning``. For large folders: ``workers``, processes that parse pages
    (default: every core when the folder has more than ``FILES_FROM``
    files, else one); ``cache``, keep the parsed corpus in ``paths.cache_dir()``
    (``helpers.corpus.cache``) keyed by the code version and every file's name
    and content hash, so that the next load of the same folder reads it back
    instead of parsing (default: on from ``corpus_cache.CACHE_FROM`` files);
    ``progress``, a progress bar (default: shown from ``PROGRESS_FROM`` files
    when the output is a terminal); ``files``, the names of the folder's
    entries to read (default: all), for one partition of a folder too large
    for one process: the others are left out of the tables and the report.

    Out: a ``Corpus`` (see its docstring). Files are read in name order, so the
    tables are the same on every run, with or without workers or cache.
    Raises ``CorpusError`` when the folder is missing or cannot be read, when
    its ``metadata.csv`` has a row that cannot be used (the message names the
    line), or for an unknown ``language`` or ``other_languages``.
    """
    folder = Path(folder) if folder is not None else corpus_dir()
    if other_languages not in OTHER_LANGUAGES:
        raise CorpusError(f"other_languages is '{other_languages}': use 'skip' or 'warn'")
    if not re.fullmatch(r"[a-z]{2,3}", language or ""):
        raise CorpusError(f"language '{language}' is not an ISO 639 code such as en, ru or fr")
    if not folder.is_dir():
        raise CorpusError(f"corpus folder not found: {folder}")
    try:
        if files is None:
            entries = sorted(folder.iterdir(), key=lambda p: p.name)
        else:  # one part of the folder (``helpers.scale.run``), read as the whole is
            entries = [folder / name for name in sorted(set(files))]
    except OSError as error:
        where = display_name(os.fspath(folder))
        raise CorpusError(f"corpus folder cannot be read: {where}: {error.strerror}") from None
    root = os.path.realpath(folder)
    states = {}  # entry: (status, reason) of an entry that is not read as a page
    for path in entries:
        ignored = _ignored_reason(path)
        states[path] = ("ignored", ignored) if ignored else _entry_problem(path, root)
    candidates = [p for p in entries if not states[p][0]]
    try:
        names = {p.name for p in candidates}
        given = read_metadata(folder, None if files is not None else names)
        given = {name: fields for name, fields in given.items() if name in names}
    except MetadataError as error:
        raise CorpusError(str(error)) from None
    use_cache = cache if cache is not None else len(entries) >= CACHE_FROM
    settings = f"{language}|{other_languages}"
    cache_path = cache_file(entries, max_bytes, settings) if use_cache else None
    if cache_path is not None:
        cached = read_cache(cache_path)
        if cached is not None:
            _announce(cached.report, strict)
            return cached
    if not known_language(language):  # loads the detector here, before any worker starts
        raise CorpusError(f"language '{language}' is not one the language detector knows")

    charsets = read_charsets(folder)  # {file: charset} the web server declared (fetch log)
    jobs = [_Job(p, charsets.get(p.name, ""), given.get(p.name, {})) for p in candidates]
    n_workers = workers if workers is not None else (
        os.cpu_count() or 1 if len(candidates) >= FILES_FROM else 1
    )  # fmt: skip
    show = show_progress(len(candidates), PROGRESS_FROM, progress)
    reads = _read_all(jobs, max_bytes, n_workers, show, (language, other_languages))

    docs: list[dict] = []
    paras = _Columns(["doc_id", "para_id", "part", "text"])
    sents = _Columns(["doc_id", "para_id", "sent_id", "part", "text"])
    lines = _Lines()
    report = _Columns(REPORT_COLUMNS)
    origins = read_origins(folder)  # {file: (source_url, retrieved)} from the fetch log
    seen_bytes: dict[str, str] = {}
    seen_text: dict[bytes, str] = {}  # keyed by a hash of the article text, to stay small
    used_ids: dict[str, str] = {}

    for path in entries:
        name = display_name(path.name)
        status, reason = states[path]
        if status:
            report.add(name, status, reason, "", "", "", "")
            if status == "skipped":
                _problem(f"{name}: skipped: {reason}", strict)
            continue
        read = next(reads)
        origin = origins.get(path.name, (read.canonical, ""))
        if read.status != "skipped" and read.sha256 in seen_bytes:
            first = seen_bytes[read.sha256]
            read.status, read.reason = "skipped", f"duplicate: same bytes as {first}"
        elif read.status != "skipped" and read.text_key in seen_text:
            first = seen_text[read.text_key]
            read.status, read.reason = "skipped", f"duplicate: same article text as {first}"
        doc_id = path.stem
        if read.status != "skipped" and doc_id in used_ids:
            doc_id = f"{path.stem}_{path.suffix.lstrip('.').lower()}"
            read.status = "warning"
            read.reason = "; ".join(
                filter(None, [read.reason, f"doc_id '{path.stem}' already used by "
                              f"{used_ids[path.stem]}; this file is '{doc_id}'"])
            )  # fmt: skip
        if read.status in ("skipped", "warning"):
            _problem(f"{name}: {read.status}: {read.reason}", strict)
        loaded = read.status != "skipped"
        report.add(
            name, read.status, read.reason, doc_id if loaded else "",
            read.page.date_source if loaded else "", *origin,
        )  # fmt: skip
        if read.status == "skipped":
            continue
        seen_bytes[read.sha256] = path.name
        seen_text[read.text_key] = path.name
        used_ids[doc_id] = path.name
        _add_text_rows(doc_id, read, paras, sents)
        source_url, retrieved = origin
        docs.append(
            _document_row(doc_id, path, read) | {"source_url": source_url, "retrieved": retrieved}
        )
        lines.add(doc_id, read.page.line_texts, read.page.line_roles)

    documents = pd.DataFrame(docs, columns=DOCUMENT_COLUMNS)
    documents["date"] = pd.to_datetime(documents["date"])
    documents["year"] = documents["year"].astype("int64")
    corpus = Corpus(
        documents=documents,
        paragraphs=pd.DataFrame(paras),
        sentences=pd.DataFrame(sents),
        lines=lines.table(),
        report=pd.DataFrame(report),
    )
    if cache_path is not None:
        write_cache(cache_path, corpus)
    return corpus


class _Lines:
    """The lines table of a corpus, gathered page by page (internal).

    A large corpus has millions of lines, so the table is built from arrays,
    not one Python object per cell, and without holding two copies of a
    column at a time: the texts are one list, the roles one byte each.
    """

    def __init__(self) -> None:
        self.doc_ids: list[str] = []
        self.counts: list[int] = []
        self.texts: list[str] = []
        self.codes = bytearray()  # each line's role, as its position in ``self.roles``
        self.roles: dict[str, int] = {}

    def add(self, doc_id: str, texts: list[str], roles: list[str]) -> None:
        """Add the lines of one page and their roles."""
        self.doc_ids.append(doc_id)
        self.counts.append(len(texts))
        # interned: the same menu line on thousands of pages is stored once
        self.texts.extend(map(sys.intern, texts))
        for role in roles:
            code = self.roles.setdefault(role, len(self.roles))
            self.codes.append(code)

    def table(self) -> pd.DataFrame:
        """``doc_id, line_no, text, role`` (role a categorical, its categories sorted).

        The gathered texts are handed over to the table: call it once.
        """
        n = np.array(self.counts, dtype=np.int64)
        line_no = np.arange(1, int(n.sum()) + 1, dtype=np.int64)
        line_no -= np.repeat(np.cumsum(n) - n, n)
        doc_id = np.repeat(np.array(self.doc_ids, dtype=object), n)
        text = np.fromiter(self.texts, dtype=object, count=len(self.texts))
        self.texts = []
        names = sorted(self.roles)
        position = np.array([names.index(r) for r in self.roles] or [0], dtype=np.int8)
        codes = position[np.frombuffer(self.codes, dtype=np.uint8)]
        role = pd.Categorical.from_codes(codes, categories=names)
        table = pd.DataFrame({"doc_id": doc_id, "line_no": line_no}, copy=False)
        table["text"] = pd.array(text, dtype="str", copy=False)
        table["role"] = role
        return table


def export_corpus(corpus: Corpus, outdir: Path | str) -> list[Path]:
    """Write ``documents.csv``, ``sentences.csv`` and ``load_report.csv`` to ``outdir``.

    Dates are written as yyyy-mm-dd and list columns as '; '-joined text.
    Out: the paths written.
    """
    outdir = Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    docs = corpus.documents.copy()
    docs["date"] = docs["date"].dt.strftime("%Y-%m-%d")
    for column in ("sources", "fields_of_work", "tags", "organisers", "audience"):
        docs[column] = docs[column].map("; ".join)
    docs = docs.drop(columns=["sha256"]).assign(sha256=corpus.documents["sha256"])
    tables = {
        "documents.csv": docs,
        "sentences.csv": corpus.sentences[["doc_id", "sent_id", "para_id", "part", "text"]],
        "load_report.csv": corpus.report,
    }
    written = []
    for name, table in tables.items():
        path = outdir / name
        table.to_csv(path, index=False, lineterminator="\n")
        written.append(path)
    return written
