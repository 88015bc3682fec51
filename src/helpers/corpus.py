"""Load a folder of saved pages into tables: documents, paragraphs, sentences.

``load_corpus(folder)`` reads every ``.txt``, ``.html`` and ``.htm`` file of
one folder (sub-folders are not read), cleans each page with
``helpers.pages`` and returns a ``Corpus``: four tables and a load report
with one row per file of the folder, saying whether it was loaded, loaded
with a warning, skipped (and why) or ignored (a README or hidden file).

The folder is only read, never written. Nothing is dropped silently: every
file appears in the report, and every warning or skip is also raised as a
``CorpusWarning`` naming the file. With ``strict=True`` a problem raises
``CorpusError`` instead.
"""

from __future__ import annotations

import hashlib
import warnings
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .pages import Page, PageLabels, parse_html_page, parse_text_page, read_page_labels
from .paths import corpus_dir
from .sentences import Abbreviations, read_abbreviations, split_sentences

SUPPORTED_SUFFIXES = (".txt", ".html", ".htm")
DEFAULT_MAX_BYTES = 5_000_000
LEGACY_ENCODING = "cp1252"

DOCUMENT_COLUMNS = [
    "doc_id", "file", "sha256", "doc_type", "title", "date", "year", "place", "venue",
    "sources", "fields_of_work", "tags", "organisers", "audience", "text", "n_words",
    "n_paragraphs", "n_sentences", "raw_chars", "clean_chars", "raw_words", "nav_lines",
    "metadata_lines", "repeats_dropped", "date_source", "encoding",
]  # fmt: skip
REPORT_COLUMNS = ["file", "status", "reason", "doc_id"]


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
    - ``report``: ``file, status, reason, doc_id``, one row per file in the folder
    """

    documents: pd.DataFrame
    paragraphs: pd.DataFrame
    sentences: pd.DataFrame
    lines: pd.DataFrame
    report: pd.DataFrame


@dataclass
class _Read:
    """The outcome of reading one file (internal)."""

    status: str
    reason: str
    page: Page | None = None
    text: str = ""
    encoding: str = ""
    sha256: str = ""


def count_words(text: str) -> int:
    """Count white-space separated words that contain a letter or digit."""
    return sum(1 for token in text.split() if any(ch.isalnum() for ch in token))


def decode_bytes(data: bytes) -> tuple[str | None, str, str]:
    """Decode a page's bytes: UTF-8 first, then the legacy Windows-1252.

    In: raw bytes. Out: ``(text, encoding, problem)``; ``text`` is None when the
    bytes are binary or undecodable, and ``problem`` then says why.
    """
    if b"\x00" in data[:65536]:
        return None, "", "binary file (it contains NUL bytes), not a text or HTML page"
    try:
        text, encoding = data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        try:
            text, encoding = data.decode(LEGACY_ENCODING), LEGACY_ENCODING
        except UnicodeDecodeError:
            return None, "", "cannot be decoded as UTF-8 or Windows-1252 text"
    controls = sum(1 for ch in text[:65536] if ord(ch) < 32 and ch not in "\t\n\r\f")
    if controls > max(3, len(text[:65536]) // 100):
        return None, "", "binary file (too many control characters), not a text or HTML page"
    return text, encoding, ""


def looks_like_html(text: str) -> bool:
    """Say whether a text starts like an HTML document."""
    head = text.lstrip()[:500].lower()
    return head.startswith(("<!doctype html", "<html")) or ("<body" in head and "</" in head)


def read_file(
    path: Path,
    max_bytes: int = DEFAULT_MAX_BYTES,
    labels: PageLabels | None = None,
) -> _Read:
    """Read and parse one file. Out: its status, the reason, and the parsed page."""
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        what = f"'{path.suffix}'" if path.suffix else "(no extension)"
        return _Read("skipped", f"unsupported file type {what}: the corpus reads .txt, .html, .htm")
    size = path.stat().st_size
    if size > max_bytes:
        return _Read(
            "skipped",
            f"file is {size / 1e6:.1f} MB, over the {max_bytes / 1e6:.1f} MB limit "
            "(raise it with max_bytes, or --max-mb on the command line)",
        )
    try:
        data = path.read_bytes()
    except OSError as error:
        return _Read("skipped", f"cannot be read: {error.strerror or error}")
    sha = hashlib.sha256(data).hexdigest()
    if not data.strip():
        return _Read("skipped", "empty file", sha256=sha)
    text, encoding, problem = decode_bytes(data)
    if text is None:
        return _Read("skipped", problem, sha256=sha)
    if not text.strip():
        return _Read("skipped", "empty file (only white space)", sha256=sha)
    is_html = suffix in (".html", ".htm") or looks_like_html(text)
    page = parse_html_page(text, labels) if is_html else parse_text_page(text, labels)
    result = _Read("loaded", "", page, text, encoding, sha)
    if not page.paragraphs:
        result.status = "skipped"
        result.reason = "no article body found (no paragraph of running text after the title)"
        return result
    if page.date is None:
        result.status = "skipped"
        result.reason = (
            "no date found: no 'Date:' field, no dateline such as 'VIENNA, 8 April 2003 -' "
            "and no 'Added on' line; add one to the page to include it"
        )
        return result
    notes = []
    if encoding == LEGACY_ENCODING:
        notes.append("not valid UTF-8; read as Windows-1252 (check accented letters)")
    if suffix == ".txt" and is_html:
        notes.append("a .txt file holding HTML; parsed as HTML")
    notes += page.warnings
    result.reason = "; ".join(notes)
    if encoding == LEGACY_ENCODING or "no title found" in page.warnings:
        result.status = "warning"
    return result


def _text_key(page: Page) -> str:
    return " ".join(" ".join(page.paragraphs).casefold().split())


def _document_row(doc_id: str, path: Path, read: _Read, sentences: int) -> dict:
    page = read.page
    roles = page.lines["role"]
    text = "\n\n".join(page.paragraphs)
    return {
        "doc_id": doc_id,
        "file": path.name,
        "sha256": read.sha256,
        "doc_type": page.doc_type,
        "title": page.title,
        "date": pd.Timestamp(page.date),
        "year": page.date.year,
        "place": page.place,
        "venue": page.venue,
        "sources": page.sources,
        "fields_of_work": page.fields_of_work,
        "tags": page.tags,
        "organisers": page.organisers,
        "audience": page.audience,
        "text": text,
        "n_words": count_words(text),
        "n_paragraphs": len(page.paragraphs),
        "n_sentences": sentences,
        "raw_chars": len(read.text),
        "clean_chars": len(text),
        "raw_words": count_words(read.text),
        "nav_lines": int((roles == "navigation").sum()),
        "metadata_lines": int((roles == "metadata").sum()),
        "repeats_dropped": page.repeats_dropped,
        "date_source": page.date_source,
        "encoding": read.encoding,
    }


def _split_rows(
    doc_id: str, page: Page, abbreviations: Abbreviations
) -> tuple[list[dict], list[dict]]:
    """Paragraph and sentence rows of one page; the title is paragraph 0, sentence 0."""
    paragraphs = [{"doc_id": doc_id, "para_id": 0, "part": "title", "text": page.title}]
    sentences = [
        {"doc_id": doc_id, "para_id": 0, "sent_id": 0, "part": "title", "text": page.title}
    ]
    sent_id = 0
    for para_id, paragraph in enumerate(page.paragraphs, start=1):
        paragraphs.append({"doc_id": doc_id, "para_id": para_id, "part": "body", "text": paragraph})
        for sentence in split_sentences(paragraph, abbreviations):
            sent_id += 1
            sentences.append(
                {"doc_id": doc_id, "para_id": para_id, "sent_id": sent_id, "part": "body",
                 "text": sentence}
            )  # fmt: skip
    if not page.title:
        paragraphs, sentences = paragraphs[1:], sentences[1:]
    return paragraphs, sentences


def _ignored_reason(path: Path) -> str:
    if path.is_dir():
        return "sub-folder: only the files directly in the corpus folder are read"
    if path.name.startswith("."):
        return "hidden file"
    if path.name.upper().startswith("README"):
        return "the corpus folder's own documentation, not a page"
    return ""


def load_corpus(
    folder: Path | str | None = None,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    strict: bool = False,
) -> Corpus:
    """Load every page of a corpus folder.

    In: ``folder`` (default: ``paths.corpus_dir()``, i.e. ``$CORPUS_DIR`` or
    ``seeds/``); ``max_bytes``, the size above which a file is skipped;
    ``strict``, raise ``CorpusError`` on the first problem file instead of
    skipping it. Out: a ``Corpus`` (see its docstring). Files are read in name
    order, so the tables are the same on every run.
    """
    folder = Path(folder) if folder is not None else corpus_dir()
    if not folder.is_dir():
        raise CorpusError(f"corpus folder not found: {folder}")
    labels = read_page_labels()
    abbreviations = read_abbreviations()
    docs, paras, sents, lines, report = [], [], [], [], []
    seen_bytes: dict[str, str] = {}
    seen_text: dict[str, str] = {}
    used_ids: dict[str, str] = {}

    for path in sorted(folder.iterdir(), key=lambda p: p.name):
        ignored = _ignored_reason(path)
        if ignored:
            report.append({"file": path.name, "status": "ignored", "reason": ignored, "doc_id": ""})
            continue
        read = read_file(path, max_bytes, labels)
        if read.status != "skipped" and read.sha256 in seen_bytes:
            read.status, read.reason = (
                "skipped",
                f"duplicate: same bytes as {seen_bytes[read.sha256]}",
            )
        elif read.status != "skipped" and _text_key(read.page) in seen_text:
            first = seen_text[_text_key(read.page)]
            read.status, read.reason = "skipped", f"duplicate: same article text as {first}"
        doc_id = path.stem
        if read.status != "skipped" and doc_id in used_ids:
            doc_id = f"{path.stem}_{path.suffix.lstrip('.').lower()}"
            read.status = "warning"
            read.reason = "; ".join(
                filter(None, [read.reason, f"doc_id '{path.stem}' already used by "
                              f"{used_ids[path.stem]}; this file is '{doc_id}'"])
            )  # fmt: skip
        report.append(
            {"file": path.name, "status": read.status, "reason": read.reason,
             "doc_id": "" if read.status == "skipped" else doc_id}
        )  # fmt: skip
        if read.status in ("skipped", "warning"):
            message = f"{path.name}: {read.status}: {read.reason}"
            if strict:
                raise CorpusError(message)
            warnings.warn(message, CorpusWarning, stacklevel=2)
        if read.status == "skipped":
            continue
        seen_bytes[read.sha256] = path.name
        seen_text[_text_key(read.page)] = path.name
        used_ids[doc_id] = path.name
        page_paras, page_sents = _split_rows(doc_id, read.page, abbreviations)
        paras += page_paras
        sents += page_sents
        docs.append(_document_row(doc_id, path, read, sum(s["part"] == "body" for s in page_sents)))
        lines.append(read.page.lines.assign(doc_id=doc_id))

    documents = pd.DataFrame(docs, columns=DOCUMENT_COLUMNS)
    documents["date"] = pd.to_datetime(documents["date"])
    documents["year"] = documents["year"].astype("int64")
    return Corpus(
        documents=documents,
        paragraphs=pd.DataFrame(paras, columns=["doc_id", "para_id", "part", "text"]),
        sentences=pd.DataFrame(sents, columns=["doc_id", "para_id", "sent_id", "part", "text"]),
        lines=(
            pd.concat(lines, ignore_index=True)[["doc_id", "line_no", "text", "role"]]
            if lines
            else pd.DataFrame(columns=["doc_id", "line_no", "text", "role"])
        ),
        report=pd.DataFrame(report, columns=REPORT_COLUMNS),
    )


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
