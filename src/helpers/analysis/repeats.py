"""How much of a saved page repeats itself: a browser may save the article twice; the cleaner
keeps each paragraph once and marks later copies ``repeat``. Here: which appeared twice.
"""

from __future__ import annotations

import re
import textwrap

import pandas as pd

from helpers.base.checks import require_columns
from helpers.corpus.labels import document_labels

__all__ = ["REPEAT_COLUMNS", "repeat_summary", "repeat_sentences"]

REPEAT_COLUMNS: tuple[str, ...] = (
    "document", "file", "paragraphs", "twice", "once", "once_texts",
)  # fmt: skip


def _key(text: str) -> str:
    return re.sub(r"\s+", " ", str(text)).strip().casefold()


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
        repeated = {_key(t) for t in own.loc[own["role"] == "repeat", "text"]}
        if not repeated:
            continue
        body = own.loc[own["role"] == "body", "text"].tolist()
        once = [t for t in body if _key(t) not in repeated]
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
