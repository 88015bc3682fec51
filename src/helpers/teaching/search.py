"""Exercise A of the seminar: find the distinction sentences with the concordance.

Students search the corpus for the words that name the distinction
(``SEARCHES``, read as prefixes by ``concordance.kwic``) and answer two
questions from the concordance lines: which years have such a sentence
(:func:`check_search_years`) and how many different sentences were found
(:func:`check_search_count`). The right answers are computed from the corpus
given, by :func:`search_hits`.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from helpers.analysis.concordance import kwic
from helpers.base.checks import require_columns
from helpers.teaching.answers import as_int as _as_int
from helpers.teaching.answers import as_list as _as_list
from helpers.teaching.answers import never_raises as _never_raises

__all__ = ["SEARCHES", "check_search_count", "check_search_years", "search_hits"]

# The words that name the distinction, searched with the concordance.
SEARCHES: tuple[str, ...] = ("distin", "differen")


def search_hits(
    sentences: pd.DataFrame,
    documents: pd.DataFrame,
    queries: Iterable[str] = SEARCHES,
    match: str | None = None,
) -> pd.DataFrame:
    """Every concordance line of every query.

    In: the sentences and documents of a corpus; the queries (default
    ``SEARCHES``); how they read (``match``, as ``concordance.kwic``; default a
    prefix). Out: ``query, year, doc_id, sent_id, keyword``, one row per
    match, in the order of the queries and then of ``kwic``. Raises
    ``ValueError`` naming a missing column.
    """
    _require_corpus(sentences, documents, "search_hits")
    tables = [
        kwic(sentences, query, documents=documents, match=match).assign(query=query)
        for query in queries
    ]
    columns = ["query", "year", "doc_id", "sent_id", "keyword"]
    return (
        pd.concat(tables, ignore_index=True)[columns] if tables else pd.DataFrame(columns=columns)
    )


def _require_corpus(sentences: pd.DataFrame, documents: pd.DataFrame, where: str) -> None:
    """Raise ``ValueError`` naming a column the searches need and the tables lack:
    ``doc_id, sent_id, text`` of the sentences, and ``doc_id, year`` of the
    documents when the sentences have no ``year``."""
    require_columns(sentences, ["doc_id", "sent_id", "text"], where)
    if "year" not in sentences.columns:
        require_columns(documents, ["doc_id", "year"], where)


def check_search_years(
    answer: object,
    sentences: pd.DataFrame,
    documents: pd.DataFrame,
    queries: Iterable[str] = SEARCHES,
) -> str:
    """Exercise A1: the years with at least one sentence found by the searches.

    In: the answer (a list of years); the corpus's sentences and documents
    (the columns of :func:`search_hits`); the queries. Out: the message. A
    table without those columns raises ``ValueError``, whatever the answer.
    """
    _require_corpus(sentences, documents, "check_search_years")
    return _search_years(answer, sentences, documents, queries)


@_never_raises
def _search_years(
    answer: object, sentences: pd.DataFrame, documents: pd.DataFrame, queries: Iterable[str]
) -> str:
    given = _as_list(answer) if _as_int(answer) is None else [answer]
    years = [_as_int(year) for year in given] if given is not None else None
    if years is None or None in years:
        return (
            "Not yet: write the years as a list of numbers in square brackets, e.g. [1999, 2001]."
        )
    expected = sorted({int(year) for year in search_hits(sentences, documents, queries)["year"]})
    extra = sorted(set(years) - set(expected))
    missing = set(expected) - set(years)
    if not extra and not missing:
        return f"Correct: {len(expected)} year(s) have a sentence with one of these words."
    hints = []
    if extra:
        hints.append(f"no sentence of {', '.join(map(str, extra))} contains one of these words")
    if missing:
        hints.append("at least one year is missing (did you run both searches?)")
    return "Not yet: " + "; ".join(hints) + ". Read the year column of each concordance."


def check_search_count(
    answer: object,
    sentences: pd.DataFrame,
    documents: pd.DataFrame,
    queries: Iterable[str] = SEARCHES,
) -> str:
    """Exercise A2: the number of different sentences found by the searches.

    In: the answer (a whole number); the corpus's sentences and documents (the
    columns of :func:`search_hits`); the queries. Out: the message. A table
    without those columns raises ``ValueError``, whatever the answer.
    """
    _require_corpus(sentences, documents, "check_search_count")
    return _search_count(answer, sentences, documents, queries)


@_never_raises
def _search_count(
    answer: object, sentences: pd.DataFrame, documents: pd.DataFrame, queries: Iterable[str]
) -> str:
    number = _as_int(answer)
    if number is None:
        return "Not yet: write a whole number, e.g. 7."
    hits = search_hits(sentences, documents, queries)
    expected = hits[["doc_id", "sent_id"]].drop_duplicates().shape[0]
    if number == expected:
        return (
            f"Correct: {expected} different sentences, from {len(hits)} concordance lines "
            "(a sentence can match more than once)."
        )
    if number == len(hits):
        return (
            "Not yet: that is the number of concordance lines. The question asks for "
            "different sentences: one sentence can match twice. Compare doc_id and sent_id."
        )
    if number > expected:
        return (
            "Not yet: too many. Count each sentence once, even when it matches twice or in "
            "both searches (the same doc_id and sent_id)."
        )
    return "Not yet: too few. Did you count the sentences of both searches?"
