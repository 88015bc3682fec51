"""Exercise E of the seminar: two years' top terms, and what they can show.

The exercise asks for judgement, not a look-up: which terms of a year's
TF-IDF list come from *who speaks* rather than from how the problem is framed
(:func:`check_speaker_terms`, which asks for evidence from the speakers of
the annotation table, ``helpers.reading.units``), and what two lists can show
when each year rests on one document (:func:`check_what_lists_show`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping

import pandas as pd

from helpers.analysis import terms as terms_stats
from helpers.base.checks import require_columns
from helpers.reading.counted import counted_documents
from helpers.rules import senses
from helpers.rules import words as terms
from helpers.teaching.answers import as_list as _as_list
from helpers.teaching.answers import clean as _clean
from helpers.teaching.answers import never_raises as _never_raises

__all__ = [
    "MIN_DOCUMENTS_PER_YEAR",
    "TOP_N",
    "WHAT_LISTS_SHOW",
    "check_speaker_terms",
    "check_what_lists_show",
    "side_by_side",
    "speaker_words",
    "top_terms_by_year",
]

TOP_N = 20  # the length of the top-term lists


def top_terms_by_year(units: pd.DataFrame, n: int = TOP_N) -> pd.DataFrame:
    """The ``n`` top TF-IDF terms of each year, exactly as notebook 03 computes them.

    In: the annotation table (``units.build_units``); ``n``. The texts are the
    body units with the people's names of the table masked
    (``units.counted_documents``) and the word senses applied, pooled by year,
    weighted with TF-IDF over the years (``helpers.rules.words``). Out: ``period,
    rank, term, tfidf`` (``period`` is the year).
    """
    require_columns(units, ["doc_id", "year", "part", "text", "people"], "top_terms_by_year")
    texts, _ = senses.apply_senses(counted_documents(units, mask="people"), senses.read_senses())
    analyzer = terms.make_analyzer(texts["text"], terms.read_stop_words())
    weights = terms_stats.tfidf_by_period(terms_stats.pool_by_period(texts), analyzer)
    return terms_stats.top_terms(weights, n=n)


def side_by_side(top: pd.DataFrame, first: int, second: int) -> pd.DataFrame:
    """Two years' top terms side by side.

    In: ``top_terms_by_year`` output (``period, rank, term``); two years. Out:
    one row per rank, one column per year (named by the year, as text). Raises
    ``ValueError`` for a year without terms or a missing column.
    """
    require_columns(top, ["period", "rank", "term"], "side_by_side")
    columns = {}
    for year in (first, second):
        terms_of_year = top.loc[top["period"] == year].sort_values("rank")["term"]
        if terms_of_year.empty:
            raise ValueError(f"no document, so no top terms, in {year}")
        columns[str(year)] = terms_of_year.tolist()
    length = max(len(values) for values in columns.values())
    table = pd.DataFrame(
        {name: values + [""] * (length - len(values)) for name, values in columns.items()}
    )
    table.index = pd.RangeIndex(1, length + 1, name="rank")
    return table


def _listed(units: pd.DataFrame, year: int, n: int) -> list[str]:
    table = side_by_side(top_terms_by_year(units, n), year, year)
    return [_clean(term) for term in table[str(year)] if term]


def speaker_words(units: pd.DataFrame, year: int) -> set[str]:
    """The words with which the documents of ``year`` name the people they quote or report.

    In: the annotation table (``year, speaker``); a year. Out: the case-folded
    words of every ``speaker`` the table gives that year's units (empty when
    no one is named).
    """
    require_columns(units, ["year", "speaker"], "speaker_words")
    text = " ".join(units.loc[units["year"] == year, "speaker"].fillna(""))
    return {_clean(word) for word in re.findall(r"[^\W\d_][\w'-]*", text)}


def check_speaker_terms(answer: object, units: pd.DataFrame, year: int, n: int = TOP_N) -> str:
    """Exercise E1: the terms of ``year``'s top ``n`` that come from who speaks, not what is said.

    A judgement, so the check asks for evidence rather than one list: every
    term must be in the year's list, and at least one must come from how the
    year's documents name the people they quote or report
    (:func:`speaker_words`); the message says which do, and asks for the
    reason behind the others. In: the answer; the annotation table
    (``units.build_units``); the year; the length of the list. Out: the
    message. A table without the columns it needs raises ``ValueError``,
    whatever the answer.
    """
    require_columns(units, ["doc_id", "year", "part", "text", "people", "speaker"],
                    "check_speaker_terms")  # fmt: skip
    return _speaker_terms(answer, units, year, n)


@_never_raises
def _speaker_terms(answer: object, units: pd.DataFrame, year: int, n: int) -> str:
    given = _as_list(answer)
    if given is None:
        return 'Not yet: write the terms as a list in square brackets, e.g. ["a", "b"].'
    given = list(dict.fromkeys(_clean(term) for term in given if _clean(term)))
    if not given:
        return "Not yet: name at least one term of the list."
    listed = _listed(units, year, n)
    not_listed = [term for term in given if term not in listed]
    if not_listed:
        return (
            f"Not yet: {', '.join(repr(t) for t in not_listed)}: not in the top {n} of {year}. "
            "Copy the terms from the table, spelled exactly as there."
        )
    words = speaker_words(units, year)
    if not words:
        return (
            f"Correct: the {year} page quotes or reports no named person, so your terms are your "
            "reading of the occasion or the kind of page; be ready to say why."
        )
    from_speakers = [term for term in given if set(term.split()) <= words]
    if not from_speakers:
        return (
            f"Not yet: none of these terms comes from how the {year} page names the people it "
            "quotes or reports. Look a term up in the explorer and ask, for each sentence, whose "
            "words they are (notebook 02, section 6, names every speaker)."
        )
    others = [term for term in given if term not in from_speakers]
    text = (
        f"Correct: {len(from_speakers)} of your {len(given)} term(s) come from how the {year} page "
        f"names the people it quotes or reports ({', '.join(from_speakers)})."
    )
    if others:
        text += (
            f" {', '.join(others)}: your own reading (the occasion, the kind of page?); be "
            "ready to say why."
        )
    return text


WHAT_LISTS_SHOW: Mapping[str, str] = {
    "a": "the organisation's vocabulary moved between the two years",
    "b": "the two years' documents differ, but with so few documents per year, the speaker, the "
    "kind of page and the occasion cannot be told apart from the year",
    "c": "nothing: TF-IDF lists cannot be compared",
}
MIN_DOCUMENTS_PER_YEAR = (
    5  # fewer documents in a year: its top terms describe documents, not a year
)


def check_what_lists_show(answer: object, documents: pd.DataFrame, first: int, second: int) -> str:
    """Exercise E2: what the two years' top terms can show (one of ``WHAT_LISTS_SHOW``).

    Right: ``b`` when either year has fewer than ``MIN_DOCUMENTS_PER_YEAR``
    documents; ``a`` or ``b`` when both have at least that many (``a`` then
    with a caution). In: the answer; the documents (``doc_id, year``); the
    two years. Out: the message, which counts the documents behind each list.
    A documents table without those columns raises ``ValueError``, whatever the answer.
    """
    require_columns(documents, ["doc_id", "year"], "check_what_lists_show")
    return _what_lists_show(answer, documents, first, second)


@_never_raises
def _what_lists_show(answer: object, documents: pd.DataFrame, first: int, second: int) -> str:
    choice = _clean(answer)[:1] if isinstance(answer, str) else ""
    if choice not in WHAT_LISTS_SHOW:
        return 'Not yet: write one letter, "a", "b" or "c".'
    counts = documents.groupby("year")["doc_id"].nunique()
    n1, n2 = int(counts.get(first, 0)), int(counts.get(second, 0))
    few = min(n1, n2) < MIN_DOCUMENTS_PER_YEAR
    behind = f"{first} rests on {n1} document(s), {second} on {n2}"
    if choice == "c":
        return (
            "Not yet: the lists do describe how the texts differ; the question is what those "
            "texts stand for. How many documents is each list made of?"
        )
    if choice == "a" and few:
        return (
            "Not yet: how many documents is each list made of (the setup cell prints the years, "
            "notebook 01 counts the documents)? Could the speaker or the kind of page explain "
            "the difference just as well?"
        )
    if choice == "a":
        return (
            f"Correct, with care: {behind}, so a difference of years is possible, but only if the "
            "documents of each year are alike in genre and speaker; check that first."
        )
    return (
        f"Correct: {behind}; a difference between the lists may come from the year, but just as "
        "well from who speaks, the kind of page or the occasion."
    )
