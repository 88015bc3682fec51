"""Tables describing a loaded corpus: its documents, what cleaning removed, menu lines, and
paragraphs a saved page repeats (a browser may save the article twice; the cleaner keeps each
paragraph once and marks later copies ``repeat``).

Each function takes ``Corpus`` tables (or DataFrames with their columns) and returns a new one.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd

from helpers.base.checks import require_columns
from helpers.corpus.labels import document_labels
from helpers.corpus.roles import BULLET

__all__ = ["CLEANING_COLUMNS", "DOC_TYPES", "NAVIGATION_COLUMNS", "OVERVIEW_COLUMNS",
           "PER_YEAR_COLUMNS", "REPEAT_COLUMNS", "ROLES", "by_date", "cleaning_summary",
           "corpus_overview", "documents_per_year", "documents_per_year_from_counts",
           "iso_dates", "lines_by_role", "navigation_in_text", "ordered_doc_types",
           "repeat_sentences", "repeat_summary"]  # fmt: skip

# The roles helpers.corpus.pages gives to lines, in the order tables show them.
ROLES: tuple[str, ...] = (
    "body", "title", "label", "header", "metadata", "navigation", "repeat", "chrome", "blank",
)  # fmt: skip
# Types of page in the order tables and figures show them; other types follow alphabetically.
DOC_TYPES: tuple[str, ...] = ("press release", "event", "other")

OVERVIEW_COLUMNS = [
    "doc_id", "date", "year", "place", "doc_type", "title", "n_words", "n_sentences",
]  # fmt: skip
CLEANING_COLUMNS = [
    "doc_id", "raw_words", "n_words", "share_kept", "nav_lines", "metadata_lines",
    "repeats_dropped", "repeat_lines", "chrome_lines",
]  # fmt: skip
NAVIGATION_COLUMNS = ["doc_id", "line_no", "text", "item", "whole_paragraph", "inside_text"]
PER_YEAR_COLUMNS = ["year", "doc_type", "n_documents", "n_words"]
REPEAT_COLUMNS: tuple[str, ...] = (
    "document", "file", "paragraphs", "twice", "once", "once_texts",
)  # fmt: skip


def ordered_doc_types(values: Iterable[str]) -> list[str]:
    """The distinct doc types of ``values``: ``DOC_TYPES`` first, in that order, then the rest
    alphabetically."""
    present = set(values)
    known = [t for t in DOC_TYPES if t in present]
    return known + sorted(present - set(DOC_TYPES))


def iso_dates(dates: pd.Series) -> pd.Series:
    """Dates (datetime or text) as ``yyyy-mm-dd`` strings; a missing date becomes ``""``."""
    parsed = pd.to_datetime(dates, errors="coerce")
    return parsed.dt.strftime("%Y-%m-%d").fillna("").astype(str)


def by_date(documents: pd.DataFrame) -> pd.DataFrame:
    """``documents`` sorted by date, then doc_id, with a fresh 0..n-1 index."""
    order = documents.assign(_date=pd.to_datetime(documents["date"], errors="coerce"))
    order = order.sort_values(["_date", "doc_id"], kind="stable", na_position="last")
    return order.drop(columns="_date").reset_index(drop=True)


def corpus_overview(documents: pd.DataFrame) -> pd.DataFrame:
    """In: ``Corpus.documents``. Out: ``OVERVIEW_COLUMNS``, oldest first, ``date`` as yyyy-mm-dd."""
    require_columns(documents, OVERVIEW_COLUMNS, "corpus_overview")
    table = by_date(documents)[OVERVIEW_COLUMNS].copy()
    table["date"] = iso_dates(table["date"])
    return table


def cleaning_summary(documents: pd.DataFrame, lines: pd.DataFrame) -> pd.DataFrame:
    """Per document, how much of the saved page cleaning kept and what it removed.

    In: documents (``doc_id, date, raw_words, n_words, repeats_dropped``); lines (``doc_id,
    role``). Out: ``CLEANING_COLUMNS``, oldest first; ``share_kept`` = n_words / raw_words
    (3 decimals, NaN without words); ``*_lines`` count lines by role (0 without lines);
    ``repeats_dropped`` counts paragraphs, which may span several lines.
    """
    columns = ["doc_id", "date", "raw_words", "n_words", "repeats_dropped"]
    require_columns(documents, columns, "cleaning_summary")
    require_columns(lines, ["doc_id", "role"], "cleaning_summary")
    table = by_date(documents)[["doc_id", *columns[2:]]]
    table = table.astype({c: "int64" for c in columns[2:]})
    raw = table["raw_words"].where(table["raw_words"] > 0)
    table["share_kept"] = (table["n_words"] / raw).round(3)
    roles = {
        "nav_lines": "navigation",
        "metadata_lines": "metadata",
        "repeat_lines": "repeat",
        "chrome_lines": "chrome",
    }
    counts = pd.crosstab(lines["doc_id"], lines["role"]) if len(lines) else pd.DataFrame()
    counts = counts.reindex(index=table["doc_id"], columns=list(roles.values()), fill_value=0)
    for column, role in roles.items():
        table[column] = counts[role].to_numpy().astype("int64")
    return table[CLEANING_COLUMNS]


def lines_by_role(lines: pd.DataFrame, doc_order: Sequence[str] | None = None) -> pd.DataFrame:
    """Lines of each document by role, with totals.

    In: lines (``doc_id, role``); the documents' order (default sorted; others follow). Out:
    indexed by ``doc_id`` then ``total``; every role of ``ROLES`` (unknown roles after,
    alphabetically), then ``total``; zeros kept.
    """
    require_columns(lines, ["doc_id", "role"], "lines_by_role")
    found = list(dict.fromkeys(lines["doc_id"]))
    order = list(dict.fromkeys(doc_order)) if doc_order is not None else sorted(found)
    order += sorted(set(found) - set(order))
    roles = list(ROLES) + sorted(set(lines["role"]) - set(ROLES))
    table = (
        pd.crosstab(lines["doc_id"], lines["role"])
        if len(lines)
        else pd.DataFrame(index=pd.Index([], name="doc_id"))
    )
    table = table.reindex(index=order, columns=roles, fill_value=0).astype("int64")
    table["total"] = table.sum(axis=1)
    table.loc["total"] = table.sum(axis=0)
    table.index.name = "doc_id"
    table.columns.name = "role"
    return table


def _bullet_text(text: str) -> str:
    return BULLET.sub("", str(text), count=1).strip()


def _normalise(text: str) -> str:
    return " ".join(str(text).casefold().split())


def _has_words(item: str, text: str) -> bool:
    return re.search(r"(?<!\w)" + re.escape(item) + r"(?!\w)", text) is not None


def navigation_in_text(documents: pd.DataFrame, lines: pd.DataFrame) -> pd.DataFrame:
    """Every navigation line checked against its page's clean text.

    In: documents (``doc_id, text``); lines (``doc_id, line_no, text, role``). Out:
    ``NAVIGATION_COLUMNS``, one row per navigation line: ``item`` (without its bullet),
    ``whole_paragraph`` (a menu line that leaked through as a paragraph), ``inside_text``
    (its words occur in the text, as a country named in a sentence may).
    """
    require_columns(documents, ["doc_id", "text"], "navigation_in_text")
    require_columns(lines, ["doc_id", "line_no", "role", "text"], "navigation_in_text")
    texts = dict(zip(documents["doc_id"], documents["text"].fillna("").astype(str), strict=True))
    nav = lines.loc[lines["role"] == "navigation", ["doc_id", "line_no", "text"]]
    nav = nav.reset_index(drop=True)
    items: dict[str, tuple[str, str]] = {}  # a menu line repeats on every page: worked out once
    n_lines = len(nav)
    item_column: list[str] = []
    whole = np.zeros(n_lines, dtype=bool)
    inside = np.zeros(n_lines, dtype=bool)
    # Built column by column, and the paragraphs of one document at a time: a
    # large corpus has millions of menu lines.
    current, paragraphs = None, set()
    for row, (doc_id, text) in enumerate(zip(nav["doc_id"], nav["text"], strict=True)):
        if text not in items:
            item = _bullet_text(text)
            items[text] = (item, _normalise(item))
        item, normalised = items[text]
        item_column.append(item)
        if not item:
            continue
        if doc_id != current:
            current, paragraphs = doc_id, _paragraph_set(texts.get(doc_id, ""))
        doc_text = texts.get(doc_id, "")
        whole[row] = normalised in paragraphs
        # the plain substring test first: the word-boundary search only where it can succeed
        inside[row] = item in doc_text and _has_words(item, doc_text)
    nav["item"] = pd.Series(item_column, dtype=nav["text"].dtype)
    nav["whole_paragraph"] = whole
    nav["inside_text"] = inside
    return nav[NAVIGATION_COLUMNS]


def _paragraph_set(text: str) -> set[str]:
    return {_normalise(p) for p in re.split(r"\n\s*\n", text) if p.strip()}


def documents_per_year(documents: pd.DataFrame, years: range | None = None) -> pd.DataFrame:
    """Documents and words per year and type of page, zeros included.

    In: documents (``year, doc_type, n_words``); the years to show (a year with documents
    is never dropped). Out: ``PER_YEAR_COLUMNS`` by year and ``ordered_doc_types``.
    """
    counts = documents.assign(year=documents["year"].astype("int64"), n_documents=1)
    return documents_per_year_from_counts(counts, years)


def documents_per_year_from_counts(
    counts: pd.DataFrame, years: range | None = None
) -> pd.DataFrame:
    """:func:`documents_per_year` from counts that add up over parts of a corpus.

    In: ``year, doc_type, n_documents, n_words`` (rows of one year and type are summed); the
    years to show. Out: ``PER_YEAR_COLUMNS``, as :func:`documents_per_year`.
    """
    present = set(counts["year"].astype("int64"))
    all_years = sorted(present | set(years if years is not None else []))
    types = ordered_doc_types(counts["doc_type"])
    grid = pd.MultiIndex.from_product([all_years, types], names=["year", "doc_type"])
    summed = (
        counts.assign(year=counts["year"].astype("int64"))
        .groupby(["year", "doc_type"])[["n_documents", "n_words"]]
        .sum()
        .reindex(grid, fill_value=0)
        .reset_index()
    )
    return summed.astype({"year": "int64", "n_documents": "int64", "n_words": "int64"})[
        PER_YEAR_COLUMNS
    ]


def repeat_summary(lines: pd.DataFrame, documents: pd.DataFrame) -> pd.DataFrame:
    """Per document with repeated paragraphs: how many appeared twice, and which once.

    In: ``Corpus.lines`` (``doc_id, text, role``); documents (``doc_id, file, year, place,
    date, n_paragraphs``). Out: ``REPEAT_COLUMNS`` (texts seen once shortened to 80).
    """
    require_columns(lines, ["doc_id", "text", "role"], "repeat_summary")
    require_columns(documents, ["doc_id", "file", "n_paragraphs"], "repeat_summary")
    labels = document_labels(documents)
    rows = []
    for doc in documents.itertuples(index=False):
        own = lines[lines["doc_id"] == doc.doc_id]
        repeated = {_normalise(t) for t in own.loc[own["role"] == "repeat", "text"]}
        if not repeated:
            continue
        body = own.loc[own["role"] == "body", "text"].tolist()
        once = [t for t in body if _normalise(t) not in repeated]
        shortened = "; ".join(textwrap.shorten(t, 80, placeholder=" …") for t in once)
        rows.append({"document": labels[doc.doc_id], "file": doc.file,
                     "paragraphs": int(doc.n_paragraphs), "twice": len(body) - len(once),
                     "once": len(once), "once_texts": shortened})  # fmt: skip
    return pd.DataFrame(rows, columns=list(REPEAT_COLUMNS))


def repeat_sentences(summary: pd.DataFrame) -> list[str]:
    """The summary in words: "2003 Vienna (000_x.txt): 10 of its 11 article paragraphs appear
    twice in the saved file, 1 once: 'VIENNA, ...'."
    """
    require_columns(summary, REPEAT_COLUMNS, "repeat_sentences")
    out = []
    for row in summary.itertuples(index=False):
        if row.once == 0:
            text = f"every one of its {row.paragraphs} article paragraphs appears twice"
        else:
            text = (
                f"{row.twice} of its {row.paragraphs} article paragraphs appear twice in the "
                f"saved file, {row.once} only once: '{row.once_texts}'"
            )
        out.append(f"{row.document} ({row.file}): {text}.")
    return out
