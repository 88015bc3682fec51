"""Exercise A of the seminar: find the distinction sentences with the concordance.

Students search for the words that name the distinction (``SEARCHES``, read as
prefixes by ``concordance.kwic``) and answer from the lines: which years, and
how many different sentences. The right answers are computed from the corpus given.
"""

from __future__ import annotations

import pandas as pd

from helpers.analysis.concordance import kwic
from helpers.teaching.answers import NotYet, as_int, as_list, exercise

__all__ = ["SEARCHES", "check_search_count", "check_search_years"]

SEARCHES: tuple[str, ...] = ("distin", "differen")
CORPUS_COLUMNS = {"sentences": ["doc_id", "sent_id", "text"], "documents": ["doc_id", "year"]}


def _hits(sentences: pd.DataFrame, documents: pd.DataFrame) -> pd.DataFrame:
    """Every concordance line of every search: ``year, doc_id, sent_id``."""
    tables = [kwic(sentences, query, documents=documents) for query in SEARCHES]
    return pd.concat(tables)[["year", "doc_id", "sent_id"]]


@exercise(**CORPUS_COLUMNS)
def check_search_years(answer: object, sentences: pd.DataFrame, documents: pd.DataFrame) -> str:
    """Exercise A1: the years (a list) with at least one sentence the searches find."""
    form = "write the years as a list of numbers in square brackets, e.g. [1999, 2001]."
    given = [answer] if as_int(answer) is not None else as_list(answer, form)
    years = [as_int(year) for year in given]
    if None in years:
        raise NotYet(form)
    expected = sorted({int(year) for year in _hits(sentences, documents)["year"]})
    extra = sorted(set(years) - set(expected))
    if not extra and set(expected) <= set(years):
        return f"Correct: {len(expected)} year(s) have a sentence with one of these words."
    hints = [f"no sentence of {', '.join(map(str, extra))} contains one of these words"]
    hints = hints if extra else []
    if set(expected) - set(years):
        hints.append("at least one year is missing (did you run both searches?)")
    raise NotYet("; ".join(hints) + ". Read the year column of each concordance.")


@exercise(**CORPUS_COLUMNS)
def check_search_count(answer: object, sentences: pd.DataFrame, documents: pd.DataFrame) -> str:
    """Exercise A2: the number of different sentences the searches find."""
    number = as_int(answer)
    if number is None:
        raise NotYet("write a whole number, e.g. 7.")
    hits = _hits(sentences, documents)
    expected = len(hits[["doc_id", "sent_id"]].drop_duplicates())
    if number == expected:
        return (
            f"Correct: {expected} different sentences, from {len(hits)} concordance lines "
            "(a sentence can match more than once)."
        )
    if number == len(hits):
        raise NotYet(
            "that is the number of concordance lines. The question asks for "
            "different sentences: one sentence can match twice. Compare doc_id and sent_id."
        )
    if number > expected:
        raise NotYet(
            "too many. Count each sentence once, even when it matches twice or in "
            "both searches (the same doc_id and sent_id)."
        )
    raise NotYet("too few. Did you count the sentences of both searches?")
