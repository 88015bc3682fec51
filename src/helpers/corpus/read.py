"""Read one saved page: its bytes, encoding, page, language, date and sentences.

``read_file`` gives a ``Read``: a status (loaded, warning, skipped), the load report's reason
and the parsed page. Only a regular file is opened, never more than ``max_bytes`` of it.
``read_all`` reads many in chunks, on a process pool when asked.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import stat
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from helpers.base.parallel import packed
from helpers.base.progress import progress_iter
from helpers.corpus.dates import DateChoice
from helpers.corpus.encoding import GARBLED_FROM, Decoded, decode_page, encoding_label, garbled
from helpers.corpus.language import LanguageChoice, choose_language, language_label, language_name
from helpers.corpus.metadata import METADATA_FIELDS, METADATA_FILE
from helpers.corpus.page_labels import PageLabels, read_page_labels
from helpers.corpus.pages import Page, parse_html_page, parse_text_page, place_and_country
from helpers.corpus.provenance import canonical_url
from helpers.corpus.roles import count_words
from helpers.corpus.sentences import Abbreviations, read_abbreviations, split_sentences

# fmt: off
__all__ = [
    "CHUNK_SIZE", "DEFAULT_LANGUAGE", "DEFAULT_MAX_BYTES", "SUPPORTED_SUFFIXES", "Job", "Read",
    "display_name", "looks_like_html", "not_regular", "read_all", "read_file",
]
# fmt: on

SUPPORTED_SUFFIXES = (".txt", ".html", ".htm")
DEFAULT_MAX_BYTES = 5_000_000
DEFAULT_LANGUAGE = "en"  # the analysis language: the rules in data/ are written for English
CHUNK_SIZE = 100  # files per task of the process pool


@dataclass
class Read:
    """The outcome of reading one file (picklable, holds no raw text)."""

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
    text_key: bytes = b""  # digest of the article text, case and spacing ignored: duplicates
    canonical: str = ""  # the page's own URL, from its HTML


def display_name(name: str) -> str:
    """A file name as it can be printed and written: bytes that are not UTF-8 as '\\xff'."""
    return os.fsencode(name).decode("utf-8", "backslashreplace")


def looks_like_html(text: str) -> bool:
    """Say whether a text starts like an HTML document."""
    head = text.lstrip()[:500].lower()
    return head.startswith(("<!doctype html", "<html")) or ("<body" in head and "</" in head)


def _text_key(page: Page) -> bytes:
    text = " ".join(" ".join(page.paragraphs).casefold().split())
    return hashlib.sha256(text.encode("utf-8")).digest()


@dataclass(frozen=True)
class Job:
    """What the loader knows of a file before reading it (picklable)."""

    path: Path
    http_charset: str = ""  # from the fetch log
    given: dict = field(default_factory=dict)  # from metadata.csv


# the problems of a page that a field given in metadata.csv solves
_SOLVES = {"title": ("no title found", "the title '"), "date": ("date taken from the text",)}
_NO_DATE = (
    "no date found: no 'Date:' field, no dateline such as 'VIENNA, 8 April 2003 -', no date "
    "line and no complete date (day, month, year) in the title or first paragraph"
)


def _no_date_reason(page: Page, name: str) -> str:
    """Why a page has no date: what it holds first, then how to give it one."""
    clues = page.date_choice or DateChoice(None)
    kinds = (
        ("only date-like words without a day, month and year", clues.hints),
        ("a date field that cannot be read", clues.fields),
        ("a complete date only further down the page", clues.later),
    )
    found = [kind + " (" + ", ".join(f"'{c}'" for c in seen) + ")" for kind, seen in kinds if seen]
    if clues.later:
        found[-1] += ", perhaps of an earlier event, so not taken"
    what = f"no date found: {'; '.join(found)}" if found else _NO_DATE
    return (
        f"{what}; to include it, give its date in the folder's {METADATA_FILE} "
        f"(a line '{name},yyyy-mm-dd' under the header 'file,date')"
    )


_KINDS = {
    stat.S_IFIFO: "a named pipe (FIFO)", stat.S_IFCHR: "a device", stat.S_IFBLK: "a device",
    stat.S_IFSOCK: "a socket", stat.S_IFDIR: "a folder",
}  # fmt: skip


def not_regular(mode: int) -> str:
    """Why a file of this ``st_mode`` is not read ('' for a regular file)."""
    if stat.S_ISREG(mode):
        return ""
    return f"{_KINDS.get(stat.S_IFMT(mode), 'not a regular file')}, not a saved page: never opened"


def _give(page: Page, given: dict) -> list[str]:
    """Put the fields ``metadata.csv`` gives into a page. Out: notes for the load report."""
    fields = [key for key in METADATA_FIELDS if key in given]
    notes = [f"{', '.join(fields)} from {METADATA_FILE}"] if fields else []
    if "date" in given and page.date is not None and page.date != given["date"]:
        notes.append(
            f"{METADATA_FILE}'s date {given['date']:%Y-%m-%d} replaces the page's "
            f"{page.date:%Y-%m-%d} ({page.date_source})"
        )
    if "date" in given:
        page.date, page.date_source = given["date"], METADATA_FILE
    page.title = given.get("title", page.title)
    page.doc_type = given.get("doc_type", page.doc_type)
    if "place" in given:
        page.place, page.country = place_and_country(given["place"], None, "")
    solved = tuple(
        prefix for key, prefixes in _SOLVES.items() if key in given for prefix in prefixes
    )
    page.problems = [p for p in page.problems if not p.startswith(solved)]
    page.warnings = [w for w in page.warnings if not w.startswith(solved)]
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
    """A page parsed, waiting for its language to be told (see ``_read_chunk``)."""

    result: Read
    decoded: Decoded
    body: str  # the title and article, which the language is told from
    html_in_txt: bool
    given: dict
    name: str


def read_file(path: Path) -> Read:
    """Read, parse and split one file into a ``Read``, as ``load_corpus`` does by default."""
    labels, abbreviations = read_page_labels(), read_abbreviations()
    job = Job(path)
    return _read_chunk([job], DEFAULT_MAX_BYTES, labels, abbreviations, DEFAULT_LANGUAGE, "skip")[0]


def _parse_file(
    path: Path, max_bytes: int, labels: PageLabels, http_charset: str, given: dict | None
) -> Read | _Parsed:
    """Read, decode and parse one file: a ``Read`` when it is skipped, else a ``_Parsed``."""
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        what = f"'{path.suffix}'" if path.suffix else "(no extension)"
        return Read("skipped", f"unsupported file type {what}: the corpus reads .txt, .html, .htm")
    try:
        info = os.stat(path)
        why = not_regular(info.st_mode)
        if why:
            return Read("skipped", why)
        if info.st_size > max_bytes:
            return Read(
                "skipped",
                f"file is {info.st_size / 1e6:.1f} MB, over the {max_bytes / 1e6:.1f} MB limit "
                "(raise it with max_bytes, or --max-mb on the command line)",
            )
        with open(path, "rb") as handle:
            data = handle.read(max_bytes + 1)
    except OSError as error:
        return Read("skipped", f"cannot be read: {error.strerror or error}")
    if len(data) > max_bytes:  # it grew since, or its size was not told
        return Read("skipped", f"file is over the {max_bytes / 1e6:.1f} MB limit")
    sha = hashlib.sha256(data).hexdigest()
    if not data.strip():
        return Read("skipped", "empty file", sha256=sha)
    decoded = decode_page(data, http_charset)
    text = decoded.text
    if text is None:
        return Read("skipped", decoded.problem, sha256=sha)
    if not text.strip():
        return Read("skipped", "empty file (only white space)", sha256=sha)
    is_html = suffix in (".html", ".htm") or looks_like_html(text)
    page = parse_html_page(text, labels) if is_html else parse_text_page(text, labels)
    raw_words = count_words("\n".join(page.line_texts))
    result = Read("loaded", "", page, decoded.encoding, decoded.source, sha256=sha)
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


def _finish(
    parsed: _Parsed,
    chosen: LanguageChoice,
    abbreviations: Abbreviations,
    language: str,
    other_languages: str,
) -> Read:
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
    jobs: list[Job], max_bytes: int, labels: PageLabels, abbreviations: Abbreviations,
    language: str, other_languages: str,
) -> list[Read]:  # fmt: skip
    """Read a chunk of files (one task of the pool): all parsed, then all languages told, then
    each finished; the detector's model stays in the caches, three times as fast."""
    parsed = [_parse_file(job.path, max_bytes, labels, job.http_charset, job.given) for job in jobs]
    chosen = [
        choose_language(
            p.body, p.result.page.declared_language, p.given.get("language", ""), language
        )
        if isinstance(p, _Parsed)
        else None
        for p in parsed
    ]
    return [
        p if isinstance(p, Read) else _finish(p, c, abbreviations, language, other_languages)
        for p, c in zip(parsed, chosen, strict=True)
    ]


def read_all(
    jobs: list[Job], max_bytes: int, workers: int, progress: bool, languages: tuple[str, str]
) -> Iterator[Read]:
    """Read every file, on ``workers`` processes when more than one, yielding in order."""
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
