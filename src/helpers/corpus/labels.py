"""Readable document labels ("2003 Vienna") for figures and tables, in place of hash ids.

Repeated year and place get the date ("2013 Kyiv, 10 June"), then a number.
"""

from __future__ import annotations

import pandas as pd

from helpers.base.checks import require_columns

__all__ = ["LABEL_COLUMNS", "document_labels", "label_documents"]

LABEL_COLUMNS = ["doc_id", "year", "place", "date"]


def _day(date: object) -> str:
    stamp = pd.Timestamp(date) if pd.notna(date) else None
    return f"{stamp.day} {stamp.strftime('%B')}" if stamp is not None else "no date"


def document_labels(documents: pd.DataFrame) -> pd.Series:
    """In: documents with ``doc_id, year, place, date``. Out: a unique label per document,
    indexed by ``doc_id`` ("no year", "no place" where missing). Checked here, as every
    table of documents labels through it."""
    require_columns(documents, LABEL_COLUMNS, "document_labels")
    years = documents["year"].map(lambda y: str(int(y)) if pd.notna(y) else "no year")
    places = documents["place"].map(
        lambda p: str(p).strip() if pd.notna(p) and str(p).strip() else "no place"
    )
    labels = years + " " + places
    repeated = labels.duplicated(keep=False)
    labels = labels.where(~repeated, labels + ", " + documents["date"].map(_day))
    counter = labels.groupby(labels).cumcount() + 1
    again = labels.duplicated(keep=False)
    labels = labels.where(~again, labels + " (" + counter.astype(str) + ")")
    return pd.Series(labels.to_numpy(), index=documents["doc_id"].to_numpy(), name="document")


def label_documents(table: pd.DataFrame, documents: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``table`` with ``doc_id`` replaced, in place, by a ``document`` label.
    Raises ValueError naming a doc_id not in ``documents``."""
    require_columns(table, ["doc_id"], "label_documents")
    labels = document_labels(documents)
    unknown = sorted(set(table["doc_id"]) - set(labels.index))
    if unknown:
        raise ValueError(f"doc_id {unknown[0]!r} is not in the documents table")
    out = table.copy()
    out.insert(out.columns.get_loc("doc_id"), "document", out["doc_id"].map(labels))
    return out.drop(columns="doc_id")
