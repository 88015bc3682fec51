"""Load a folder of saved pages into tables: documents, paragraphs, sentences, lines.

Every entry of the folder (sub-folders are not read) gets a row of the load report: loaded,
warning, skipped (and why) or ignored. Only regular files inside the folder are opened (a pipe
or device never is; a link only when it stays inside), and the folder is never written. Every
warning or skip is also raised as a ``CorpusWarning`` naming the file, or with ``strict=True``
a ``CorpusError``. ``helpers.corpus.read`` reads each file; ``cache`` keeps a large folder.
"""

from __future__ import annotations

import os
import re
import sys
import warnings
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from helpers.base.parallel import FILES_FROM
from helpers.base.paths import corpus_dir
from helpers.base.progress import show_progress
from helpers.corpus.cache import CACHE_FROM, cache_file, read_cache, write_cache
from helpers.corpus.language import known_language
from helpers.corpus.metadata import METADATA_FILE, MetadataError, read_metadata
from helpers.corpus.provenance import FETCH_LOG, read_charsets, read_origins
from helpers.corpus.read import (
    DEFAULT_LANGUAGE,
    DEFAULT_MAX_BYTES,
    Job,
    Read,
    display_name,
    not_regular,
    read_all,
)
from helpers.corpus.roles import count_words

# fmt: off
__all__ = [
    "Corpus", "CorpusError", "CorpusWarning", "DEFAULT_LANGUAGE", "DEFAULT_MAX_BYTES",
    "DOCUMENT_COLUMNS", "OTHER_LANGUAGES", "PROGRESS_FROM", "REPORT_COLUMNS", "display_name",
    "export_corpus", "load_corpus", "load_with_report",
]
# fmt: on

OTHER_LANGUAGES = ("skip", "warn")  # what becomes of a page in another language
PROGRESS_FROM = 300  # files: below this, no progress bar

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
    """The loaded corpus: ``documents`` (``DOCUMENT_COLUMNS``); ``paragraphs`` and ``sentences``
    (number 0 is the title); ``lines``, every line with the role cleaning gave it; ``report``
    (``REPORT_COLUMNS``), one row per folder entry. ``source_url`` and ``retrieved`` come from
    the fetch log, else the page's canonical link (no time); empty for a page saved by hand.
    """

    documents: pd.DataFrame
    paragraphs: pd.DataFrame
    sentences: pd.DataFrame
    lines: pd.DataFrame
    report: pd.DataFrame


_FROM_PAGE = (
    "doc_type", "title", "place", "country", "venue", "sources", "fields_of_work", "tags",
    "organisers", "audience", "repeats_dropped", "date_source",
)  # fmt: skip
_FROM_READ = (
    "sha256", "raw_chars", "raw_words", "encoding", "encoding_source", "language",
    "language_source",
)  # fmt: skip


def _document_row(doc_id: str, path: Path, read: Read, origin: tuple[str, str]) -> dict:
    page = read.page
    text = "\n\n".join(page.paragraphs)
    return {
        **{name: getattr(page, name) for name in _FROM_PAGE},
        **{name: getattr(read, name) for name in _FROM_READ},
        "doc_id": doc_id,
        "file": display_name(path.name),
        "date": pd.Timestamp(page.date),
        "year": page.date.year,
        "text": text,
        "n_words": count_words(text),
        "n_paragraphs": len(page.paragraphs),
        "n_sentences": sum(len(s) for s in read.sentences),
        "clean_chars": len(text),
        "nav_lines": page.line_roles.count("navigation"),
        "metadata_lines": page.line_roles.count("metadata"),
        "source_url": origin[0],
        "retrieved": origin[1],
    }


class _Columns(dict):
    """Column lists for a table built row by row (cheaper than a list of dicts)."""

    def __init__(self, names: list[str]) -> None:
        super().__init__((name, []) for name in names)

    def add(self, *values) -> None:
        for column, value in zip(self.values(), values, strict=True):
            column.append(value)


def _add_text_rows(doc_id: str, read: Read, paras: _Columns, sents: _Columns) -> None:
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


_NOT_PAGES = {
    FETCH_LOG: "the fetch log (where and when each page was fetched), not a page",
    METADATA_FILE: "the pages' fields given from outside them (dates, titles, ...), not a page",
}


def _entry_state(path: Path, root: str) -> tuple[str, str]:
    """``(status, reason)`` of an entry not read as a page: ignored (hidden, a README, the
    fetch log, metadata.csv, a folder) or skipped (a name not UTF-8, a link out of ``root``
    or nowhere, not a regular file); else ``("", "")``."""
    if path.name.startswith("."):
        return "ignored", "hidden file"
    if path.name.upper().startswith("README"):
        return "ignored", "the corpus folder's own documentation, not a page"
    if path.name in _NOT_PAGES:
        return "ignored", _NOT_PAGES[path.name]
    if not path.is_symlink() and path.is_dir():
        return "ignored", "sub-folder: only the files directly in the corpus folder are read"
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
            if not Path(target).is_relative_to(root):
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
    return ("skipped", not_regular(mode)) if not_regular(mode) else ("", "")


def _admit(read: Read, path: Path, seen: dict, used_ids: dict[str, str]) -> str:
    """A read file's doc_id (its name's stem, with its suffix when the stem is taken, a warning);
    a file with the bytes or article text of one before is skipped as a duplicate."""
    for key, what in ((read.sha256, "same bytes as"), (read.text_key, "same article text as")):
        if read.status != "skipped" and key in seen:
            read.status, read.reason = "skipped", f"duplicate: {what} {seen[key]}"
    if read.status == "skipped" or path.stem not in used_ids:
        return path.stem
    doc_id = f"{path.stem}_{path.suffix.lstrip('.').lower()}"
    taken = f"doc_id '{path.stem}' already used by {used_ids[path.stem]}; this file is '{doc_id}'"
    read.status, read.reason = "warning", "; ".join(filter(None, [read.reason, taken]))
    return doc_id


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
    """Load every page of a corpus folder (default ``paths.corpus_dir()``) into a ``Corpus``.

    ``max_bytes``: larger files are skipped; ``strict``: raise on the first problem file;
    ``language``: the analysis language (ISO 639); ``other_languages``: "skip" a page in
    another, or "warn" and load it; ``workers``: processes (default every core from
    ``FILES_FROM`` files); ``cache``: keep the parsed corpus (default from ``CACHE_FROM``
    files); ``progress``: a bar (default from ``PROGRESS_FROM`` files on a terminal);
    ``files``: only these entries (one partition of a large folder). Files are read in name
    order: the same tables with or without workers or cache. Raises ``CorpusError`` for a
    missing or unreadable folder, a bad ``metadata.csv`` row, or an unknown option.
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
    states = {path: _entry_state(path, root) for path in entries}
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
    jobs = [Job(p, charsets.get(p.name, ""), given.get(p.name, {})) for p in candidates]
    n_workers = workers if workers is not None else (
        os.cpu_count() or 1 if len(candidates) >= FILES_FROM else 1
    )  # fmt: skip
    show = show_progress(len(candidates), PROGRESS_FROM, progress)
    reads = read_all(jobs, max_bytes, n_workers, show, (language, other_languages))

    docs: list[dict] = []
    paras = _Columns(["doc_id", "para_id", "part", "text"])
    sents = _Columns(["doc_id", "para_id", "sent_id", "part", "text"])
    lines = _Lines()
    report = _Columns(REPORT_COLUMNS)
    origins = read_origins(folder)  # {file: (source_url, retrieved)} from the fetch log
    seen: dict[str | bytes, str] = {}  # the first file of each content hash and article text
    used_ids: dict[str, str] = {}

    for path in entries:
        name = display_name(path.name)
        status, reason = states[path]
        if status:
            report.add(name, status, reason, "", "", "", "")
        else:
            read = next(reads)
            doc_id = _admit(read, path, seen, used_ids)
            status, reason = read.status, read.reason
            origin = origins.get(path.name, (read.canonical, ""))
            kept = ("", "") if status == "skipped" else (doc_id, read.page.date_source)
            report.add(name, status, reason, *kept, *origin)
        if status in ("skipped", "warning"):
            _problem(f"{name}: {status}: {reason}", strict)
        if status in ("skipped", "ignored"):
            continue
        seen[read.sha256] = seen[read.text_key] = used_ids[doc_id] = path.name
        _add_text_rows(doc_id, read, paras, sents)
        docs.append(_document_row(doc_id, path, read, origin))
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
    """The lines table, gathered page by page: millions of lines, so built from arrays (texts
    one list, roles one byte each), never two copies of a column at a time."""

    def __init__(self) -> None:
        self.doc_ids: list[str] = []
        self.counts: list[int] = []
        self.texts: list[str] = []
        self.codes = bytearray()  # each line's role, as its position in ``self.roles``
        self.roles: dict[str, int] = {}

    def add(self, doc_id: str, texts: list[str], roles: list[str]) -> None:
        self.doc_ids.append(doc_id)
        self.counts.append(len(texts))
        # interned: the same menu line on thousands of pages is stored once
        self.texts.extend(map(sys.intern, texts))
        for role in roles:
            code = self.roles.setdefault(role, len(self.roles))
            self.codes.append(code)

    def table(self) -> pd.DataFrame:
        """``doc_id, line_no, text, role`` (role categorical, sorted); call it once."""
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
    """Write ``documents.csv`` (dates yyyy-mm-dd, lists '; '-joined), ``sentences.csv`` and
    ``load_report.csv`` to ``outdir``. Out: the paths written."""
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


def load_with_report(folder: Path | str | None = None, **options) -> tuple[Corpus, list[str]]:
    """``load_corpus(folder, **options)`` and every warning it raised, repeats too, as lines
    ``"CorpusWarning: empty.txt: skipped: empty file"`` (the filter restored after)."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", CorpusWarning)
        corpus = load_corpus(folder, **options)
    return corpus, [f"{w.category.__name__}: {w.message}" for w in caught]
