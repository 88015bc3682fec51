"""Exercise E of the seminar: two years' top terms, and what they can show.

A judgement, not a look-up: which terms come from *who speaks* (evidence: the speakers
of the annotation table), and what two lists can show when a year rests on one document.
"""

from __future__ import annotations

import re

import pandas as pd

from helpers.analysis import terms as terms_stats
from helpers.base.checks import require_columns
from helpers.reading.counted import counted_documents
from helpers.rules import senses
from helpers.rules import words as terms
from helpers.teaching.answers import NotYet, as_list, clean, exercise

__all__ = [
    "TOP_N",
    "check_speaker_terms",
    "check_what_lists_show",
    "side_by_side",
    "speaker_words",
    "top_terms_by_year",
]

TOP_N = 20  # the length of the top-term lists
MIN_DOCUMENTS_PER_YEAR = 5  # fewer documents in a year: its top terms describe documents
WHAT_LISTS_SHOW = ("a", "b", "c")  # the answer's choices, worded in the notebook


def top_terms_by_year(units: pd.DataFrame, n: int = TOP_N) -> pd.DataFrame:
    """The ``n`` top TF-IDF terms of each year of the annotation table, as notebook 03
    computes them. Out: ``period`` (the year), ``rank, term, tfidf``."""
    require_columns(units, ["doc_id", "year", "part", "text", "people"], "top_terms_by_year")
    texts, _ = senses.apply_senses(counted_documents(units, mask="people"), senses.read_senses())
    analyzer = terms.make_analyzer(texts["text"], terms.read_stop_words())
    weights = terms_stats.tfidf_by_period(terms_stats.pool_by_period(texts), analyzer)
    return terms_stats.top_terms(weights, n=n)


def side_by_side(top: pd.DataFrame, first: int, second: int) -> pd.DataFrame:
    """Two years' ``top_terms_by_year`` side by side: a row per rank, a column per year (its
    name the year as text). Raises ``ValueError`` for a year without terms."""
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


def speaker_words(units: pd.DataFrame, year: int) -> set[str]:
    """The case-folded words of every ``speaker`` the annotation table gives ``year``'s units."""
    text = " ".join(units.loc[units["year"] == year, "speaker"].fillna(""))
    return {clean(word) for word in re.findall(r"[^\W\d_][\w'-]*", text)}


@exercise(units=["doc_id", "year", "part", "text", "people", "speaker"])
def check_speaker_terms(answer: object, units: pd.DataFrame, year: int, n: int = TOP_N) -> str:
    """Exercise E1: the terms of ``year``'s top ``n`` that come from who speaks: each in the
    list, one at least from how the year's documents name the people they quote or report."""
    given = as_list(answer, 'write the terms as a list in square brackets, e.g. ["a", "b"].')
    given = list(dict.fromkeys(clean(term) for term in given if clean(term)))
    if not given:
        raise NotYet("name at least one term of the list.")
    top = side_by_side(top_terms_by_year(units, n), year, year)[str(year)]
    listed = [clean(term) for term in top if term]
    not_listed = [term for term in given if term not in listed]
    if not_listed:
        raise NotYet(
            f"{', '.join(repr(t) for t in not_listed)}: not in the top {n} of {year}. "
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
        raise NotYet(
            f"none of these terms comes from how the {year} page names the people it "
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


@exercise(documents=["doc_id", "year"])
def check_what_lists_show(answer: object, documents: pd.DataFrame, first: int, second: int) -> str:
    """Exercise E2: what two years' top terms show: a (vocabulary moved), b (documents differ:
    speaker, page or occasion) or c (nothing). Right: b when a year has fewer than
    ``MIN_DOCUMENTS_PER_YEAR`` documents, else a (with a caution) or b."""
    choice = clean(answer)[:1] if isinstance(answer, str) else ""
    if choice not in WHAT_LISTS_SHOW:
        raise NotYet('write one letter, "a", "b" or "c".')
    counts = documents.groupby("year")["doc_id"].nunique()
    n1, n2 = int(counts.get(first, 0)), int(counts.get(second, 0))
    behind = f"{first} rests on {n1} document(s), {second} on {n2}"
    if choice == "c":
        raise NotYet(
            "the lists do describe how the texts differ; the question is what those "
            "texts stand for. How many documents is each list made of?"
        )
    if choice == "a" and min(n1, n2) < MIN_DOCUMENTS_PER_YEAR:
        raise NotYet(
            "how many documents is each list made of (the setup cell prints the years, "
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
