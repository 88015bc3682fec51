"""Terms by period: pooling, TF-IDF, top terms, similarity, drift and keyness.

Notebook 03 uses these functions on the texts of ``units.counted_documents``
and the analyzer of ``terms.make_analyzer``: :func:`pool_by_period` pools the
documents of a period (by default a period is a year, see
``periods.assign_periods``), :func:`tfidf_by_period` weights them with
scikit-learn, :func:`top_terms` lists the highest weights; drift is
:func:`cosine_similarity_table` and :func:`consecutive_drift`; :func:`keyness`
gives log-likelihood G2 and log ratio between two periods. Pure functions;
importing changes no setting.
"""

from __future__ import annotations

import pickle
from collections import deque
from collections.abc import Hashable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from itertools import chain, islice, repeat

import numpy as np
import pandas as pd
from scipy.stats import chi2
from sklearn.feature_extraction.text import (
    CountVectorizer,
    TfidfVectorizer,
)

from helpers.analysis.periods import PeriodSpec, assign_periods
from helpers.base.checks import require_columns
from helpers.base.parallel import (
    CHARS_FROM,
    inherits_objects,
    packed,
    start_worker,
    worker_count,
    worker_state,
)
from helpers.rules.words import TermAnalyzer

__all__ = [
    "G2_CRITICAL",
    "KEYNESS_COLUMNS",
    "TOP_TERMS_COLUMNS",
    "compare_top_terms",
    "consecutive_drift",
    "cosine_similarity_table",
    "count_by_period",
    "idf_table",
    "keyness",
    "log_likelihood",
    "log_ratio",
    "match_terms",
    "pool_by_period",
    "smoothed_idf",
    "term_table",
    "tfidf_by_period",
    "tfidf_steps",
    "ties_at_rank",
    "top_indices",
    "top_terms",
    "word_totals",
]

TOP_TERMS_COLUMNS = ["period", "rank", "term", "tfidf"]
KEYNESS_COLUMNS = [
    "term", "count_a", "count_b", "per_10k_a", "per_10k_b", "log_ratio", "g2", "p_value",
    "direction",
]  # fmt: skip
# Critical values of G2 (chi-squared, one degree of freedom).
G2_CRITICAL = {0.05: 3.84, 0.01: 6.63, 0.001: 10.83}


def pool_by_period(texts: pd.DataFrame, periods: PeriodSpec = None) -> pd.DataFrame:
    """Pool the texts of each period into one text.

    In: ``doc_id, year, text`` (e.g. from ``units.counted_documents``, or sentences);
    the grouping (see ``periods.assign_periods``). Out: one row per period, ordered
    by its first year: ``period, first_year, last_year, n_documents, n_texts,
    doc_ids, text`` (texts joined by blank lines, in their order of ``texts``).
    """
    require_columns(texts, ["doc_id", "year", "text"], "pool_by_period")
    table = texts.assign(period=assign_periods(texts["year"], periods).to_numpy())
    table = table[table["period"].notna()]
    rows = []
    for period, group in table.groupby("period", sort=False):
        rows.append(
            {
                "period": period,
                "first_year": int(group["year"].min()),
                "last_year": int(group["year"].max()),
                "n_documents": group["doc_id"].nunique(),
                "n_texts": len(group),
                "doc_ids": "; ".join(dict.fromkeys(group["doc_id"])),
                "text": "\n\n".join(group["text"]),
            }
        )
    pooled = pd.DataFrame(
        rows,
        columns=["period", "first_year", "last_year", "n_documents", "n_texts", "doc_ids", "text"],
    )
    order = pooled.assign(_label=pooled["period"].astype(str))
    order = order.sort_values(["first_year", "_label"], kind="stable").drop(columns="_label")
    return order.reset_index(drop=True)


def _matrix_frame(matrix, periods: Sequence, vocabulary: Sequence[str]) -> pd.DataFrame:
    frame = pd.DataFrame(matrix.toarray(), index=pd.Index(list(periods), name="period"),
                         columns=pd.Index(list(vocabulary), name="term"))  # fmt: skip
    return frame


def tfidf_by_period(
    pooled: pd.DataFrame, analyzer: TermAnalyzer, workers: int | None = None
) -> pd.DataFrame:
    """TF-IDF weights of every term in every period, computed by scikit-learn.

    In: the pooled table of :func:`pool_by_period` (one text per period); the
    analyzer. ``TfidfVectorizer(analyzer=analyzer)`` with scikit-learn's
    defaults: raw counts as tf, smoothed idf = ln((1 + n) / (1 + df)) + 1 with
    n the number of periods, each row divided by its l2 norm. ``workers``:
    processes that turn the texts into terms (default: every core from
    ``CHARS_FROM`` characters, else one; the result is the same). Out: a
    DataFrame, one row per period (index ``period``), one column per term
    (alphabetical).
    """
    require_columns(pooled, ["period", "text"], "tfidf_by_period")
    return _by_period(TfidfVectorizer, pooled, analyzer, workers)


def count_by_period(
    pooled: pd.DataFrame, analyzer: TermAnalyzer, workers: int | None = None
) -> pd.DataFrame:
    """Raw counts of every term in every period (same layout as :func:`tfidf_by_period`)."""
    require_columns(pooled, ["period", "text"], "count_by_period")
    return _by_period(CountVectorizer, pooled, analyzer, workers)


def _by_period(
    kind: type[CountVectorizer], pooled: pd.DataFrame, analyzer: TermAnalyzer, workers
) -> pd.DataFrame:
    """Fit a scikit-learn vectorizer on the pooled texts, the terms made on several processes.

    With several processes, the vectorizer gets each text's terms, made by
    ``analyzer`` in a worker, in the order of the texts, so it counts the same
    terms in the same order as when it calls ``analyzer`` itself.
    """
    texts = list(pooled["text"])
    n_workers = worker_count(sum(len(str(text)) for text in texts), workers, CHARS_FROM)
    if n_workers <= 1 or len(texts) < 2:
        vectorizer = kind(analyzer=analyzer)
        matrix = vectorizer.fit_transform(pooled["text"])
    else:
        vectorizer = kind(analyzer=_given_terms)
        matrix = vectorizer.fit_transform(_terms_ahead(texts, analyzer, n_workers))
    return _matrix_frame(matrix, pooled["period"], vectorizer.get_feature_names_out())


def _given_terms(counts: dict[str, int]) -> Iterator[str]:
    """The analyzer of a vectorizer fed with the terms of a text already counted.

    ``counts``: each term and its count, in the order the terms first occur in
    the text. The vectorizer sees each term as often as it occurs, the terms
    in order of first occurrence: it numbers the terms and counts them as for
    the text itself (it keeps no other trace of the order), so the result is
    the same, and memory holds each distinct term once instead of every
    occurrence.
    """
    return chain.from_iterable(repeat(term, n) for term, n in counts.items())


def _terms_of(item: str | int) -> dict[str, int]:
    """In a worker: each term of a text and its count, in order of first occurrence.

    ``item``: the text, or its position among the texts the worker inherited.
    """
    analyzer, texts = worker_state()
    text = texts[item] if isinstance(item, int) else item
    counts: dict[str, int] = {}
    for term in analyzer(text):
        counts[term] = counts.get(term, 0) + 1
    return counts


def _terms_ahead(
    texts: list[str], analyzer: TermAnalyzer, workers: int
) -> Iterator[dict[str, int]]:
    """The terms of each text (see ``_terms_of``), in order, made on ``workers`` processes.

    At most ``workers`` results wait at a time, so memory holds a few texts'
    terms, not all of them. Forked workers inherit the texts and are sent
    their positions (``parallel.inherits_objects``).
    """
    inherit = inherits_objects()
    items = range(len(texts)) if inherit else texts
    setup = (analyzer, texts if inherit else None)
    with ProcessPoolExecutor(workers, initializer=start_worker, initargs=setup) as pool:
        queue = iter(items)
        pending = deque(pool.submit(packed, _terms_of, item) for item in islice(queue, workers))
        while pending:
            terms = pickle.loads(pending.popleft().result())
            following = next(queue, None)
            if following is not None:
                pending.append(pool.submit(packed, _terms_of, following))
            yield terms


def word_totals(pooled: pd.DataFrame, analyzer: TermAnalyzer) -> pd.Series:
    """Number of words (stop words included, numbers not) of each period's text."""
    require_columns(pooled, ["period", "text"], "word_totals")
    totals = [len(analyzer.words(text)) for text in pooled["text"]]
    return pd.Series(totals, index=pd.Index(list(pooled["period"]), name="period"), name="words")


def top_indices(row: np.ndarray, n: int) -> np.ndarray:
    """Indices of the ``n`` largest positive values; ties keep column (alphabetical) order."""
    order = np.argsort(-row, kind="stable")
    order = order[row[order] > 0]
    return order[:n]


def top_terms(weights: pd.DataFrame, n: int = 25) -> pd.DataFrame:
    """The ``n`` highest-weighted terms of each period.

    In: a period x term table (e.g. :func:`tfidf_by_period`). Out: columns
    ``period, rank, term, tfidf`` (rank 1 = highest; ties in alphabetical order;
    weights rounded to 6 decimals; terms with weight 0 never listed).
    """
    vocabulary = np.asarray(weights.columns)
    rows = []
    for period, row in zip(weights.index, weights.to_numpy(), strict=True):
        for rank, j in enumerate(top_indices(row, n), start=1):
            rows.append({"period": period, "rank": rank, "term": vocabulary[j],
                         "tfidf": round(float(row[j]), 6)})  # fmt: skip
    return pd.DataFrame(rows, columns=TOP_TERMS_COLUMNS)


def ties_at_rank(weights: pd.DataFrame, n: int = 25) -> pd.DataFrame:
    """How many terms share the weight of rank ``n`` in each period.

    In: a period x term table of weights; the rank. Out: ``period, weight,
    tied_in_top, tied_in_vocabulary``: the weight of rank ``n``, the number of
    terms of the top ``n`` with that weight, and the number of terms of the
    whole vocabulary with it (the list cut through a tie when the second is larger).
    """
    rows = []
    for period, row in zip(weights.index, weights.to_numpy(), strict=True):
        top = row[top_indices(row, n)]
        if not len(top):
            continue
        weight = top[-1]
        rows.append(
            {
                "period": period,
                "weight": round(float(weight), 6),
                "tied_in_top": int(np.isclose(top, weight).sum()),
                "tied_in_vocabulary": int(np.isclose(row, weight).sum()),
            }
        )
    return pd.DataFrame(rows, columns=["period", "weight", "tied_in_top", "tied_in_vocabulary"])


def compare_top_terms(
    first: pd.DataFrame, second: pd.DataFrame, labels: tuple[str, str], n: int = 10
) -> pd.DataFrame:
    """Put two top-term tables side by side: ``period, rank, <label 1>, <label 2>``.

    In: two tables from :func:`top_terms`; their column labels; how many ranks.
    Out: one row per period and rank; a term absent from the other list at any
    rank is marked with ``*``.
    """
    require_columns(first, ["period", "rank", "term"], "compare_top_terms")
    require_columns(second, ["period", "rank", "term"], "compare_top_terms")
    a = first[first["rank"] <= n]
    b = second[second["rank"] <= n]
    sets_a = a.groupby("period", sort=False)["term"].agg(set)
    sets_b = b.groupby("period", sort=False)["term"].agg(set)
    merged = a[["period", "rank", "term"]].merge(
        b[["period", "rank", "term"]], on=["period", "rank"], how="outer", sort=False
    )
    merged["term_x"] = [
        t if not isinstance(t, str) or t in sets_b.get(p, set()) else f"{t} *"
        for p, t in zip(merged["period"], merged["term_x"], strict=True)
    ]
    merged["term_y"] = [
        t if not isinstance(t, str) or t in sets_a.get(p, set()) else f"{t} *"
        for p, t in zip(merged["period"], merged["term_y"], strict=True)
    ]
    order = {period: i for i, period in enumerate(dict.fromkeys(first["period"]))}
    merged = merged.assign(_o=merged["period"].map(order)).sort_values(["_o", "rank"])
    merged = merged.drop(columns="_o").rename(columns={"term_x": labels[0], "term_y": labels[1]})
    return merged.fillna("").reset_index(drop=True)


# ---------------------------------------------------------------------------
# Teaching: TF-IDF by hand


def smoothed_idf(n_documents: int | np.ndarray, df: int | np.ndarray) -> np.ndarray | float:
    """scikit-learn's smoothed idf: ``ln((1 + n) / (1 + df)) + 1``."""
    return np.log((1 + np.asarray(n_documents)) / (1 + np.asarray(df))) + 1


def idf_table(n_documents: int) -> pd.DataFrame:
    """The smoothed idf of a term found in 1, 2, ..., n of ``n_documents`` documents.

    Out: ``df, idf`` (rounded to 4 decimals). A term found in every document
    gets idf 1, so the ``idf`` column also says how many times more a count of
    that term weighs than a count of a term found everywhere.
    """
    df = np.arange(1, n_documents + 1)
    return pd.DataFrame({"df": df, "idf": smoothed_idf(n_documents, df).round(4)})


def tfidf_steps(counts: pd.DataFrame) -> pd.DataFrame:
    """Every step of TF-IDF, by hand, for a small document x term table of counts.

    In: raw counts (rows: documents, columns: terms). Out, one row per document
    and term with a count > 0: ``document, term, tf, df, idf, tf_idf, l2_norm, tfidf``
    where ``idf = ln((1 + n) / (1 + df)) + 1``, ``tf_idf = tf * idf``,
    ``l2_norm`` = the square root of the sum of the squared ``tf_idf`` of the
    document, and ``tfidf = tf_idf / l2_norm`` (what scikit-learn returns).
    """
    n = len(counts)
    df = (counts > 0).sum(axis=0)
    idf = smoothed_idf(n, df.to_numpy())
    raw = counts.to_numpy(dtype=float) * idf
    norms = np.sqrt((raw**2).sum(axis=1))
    rows = []
    for i, document in enumerate(counts.index):
        for j, term in enumerate(counts.columns):
            tf = counts.iat[i, j]
            if tf > 0:
                rows.append({"document": document, "term": term, "tf": int(tf),
                             "df": int(df.iat[j]), "idf": idf[j], "tf_idf": raw[i, j],
                             "l2_norm": norms[i], "tfidf": raw[i, j] / norms[i]})  # fmt: skip
    return pd.DataFrame(
        rows, columns=["document", "term", "tf", "df", "idf", "tf_idf", "l2_norm", "tfidf"]
    )


# ---------------------------------------------------------------------------
# Framing terms, similarity, drift


def match_terms(
    entries: Iterable[str], analyzer: TermAnalyzer, vocabulary: Iterable[str]
) -> pd.DataFrame:
    """Match a word list to the vocabulary. Nothing is dropped silently.

    In: entries as written ("law enforcement", "cooperation"); the analyzer; the
    vocabulary (the columns of a weights table). Out: ``entry, term, status``
    in entry order, ``status`` being "found", "not used in any period", or why
    the entry cannot be a term. Two entries with the same term are both kept.
    """
    vocabulary = set(vocabulary)
    rows = []
    for entry in entries:
        term, problem = analyzer.term(entry)
        if term is None:
            status = f"cannot be counted: {problem}"
        elif term in vocabulary:
            status = "found"
        else:
            status = "not used in any period"
        rows.append({"entry": entry, "term": term or "", "status": status})
    return pd.DataFrame(rows, columns=["entry", "term", "status"])


def term_table(weights: pd.DataFrame, counts: pd.DataFrame, terms: Sequence[str]) -> pd.DataFrame:
    """Weights and counts of some terms in every period, long format.

    In: period x term weights and counts (same layout), the terms (each once,
    all in the vocabulary). Out: ``term, period, tfidf, count``, terms in the
    given order, periods in table order.
    """
    rows = []
    for term in dict.fromkeys(terms):
        for period in weights.index:
            rows.append({"term": term, "period": period,
                         "tfidf": round(float(weights.at[period, term]), 6),
                         "count": int(counts.at[period, term])})  # fmt: skip
    return pd.DataFrame(rows, columns=["term", "period", "tfidf", "count"])


def cosine_similarity_table(weights: pd.DataFrame) -> pd.DataFrame:
    """Cosine similarity of the TF-IDF vectors of every pair of periods (rounded to 6).

    In: period x term weights. Out: a period x period DataFrame; 1 on the
    diagonal, 0 for periods that share no term.
    """
    matrix = weights.to_numpy(dtype=float)
    norms = np.linalg.norm(matrix, axis=1)
    norms[norms == 0] = 1.0
    unit = matrix / norms[:, None]
    similarity = np.clip(unit @ unit.T, 0.0, 1.0).round(6)
    return pd.DataFrame(similarity, index=weights.index, columns=weights.index)


def consecutive_drift(weights: pd.DataFrame) -> pd.DataFrame:
    """Drift between each period and the next: ``1 - cosine`` of their TF-IDF vectors.

    Out: ``period_from, period_to, cosine, drift`` (one row per pair of
    consecutive periods, in table order).
    """
    similarity = cosine_similarity_table(weights)
    periods = list(weights.index)
    rows = [
        {"period_from": a, "period_to": b, "cosine": similarity.at[a, b],
         "drift": round(1 - similarity.at[a, b], 6)}
        for a, b in zip(periods[:-1], periods[1:], strict=True)
    ]  # fmt: skip
    return pd.DataFrame(rows, columns=["period_from", "period_to", "cosine", "drift"])


# ---------------------------------------------------------------------------
# Keyness


def log_likelihood(a, b, total_a, total_b):
    """Log-likelihood G2 of a term's counts in two corpora (Dunning 1993), as in
    Rayson & Garside (2000): ``E1 = total_a * (a + b) / (total_a + total_b)``,
    ``E2 = total_b * (a + b) / (total_a + total_b)``,
    ``G2 = 2 * (a * ln(a / E1) + b * ln(b / E2))``, a term with a zero count adding 0.

    In: counts ``a``, ``b`` (numbers or arrays) and the corpus sizes. Out: G2
    (same shape). Above 3.84, p < 0.05 (one degree of freedom); above 6.63, p < 0.01.
    """
    a = np.asarray(a, dtype=float)
    b = np.asarray(b, dtype=float)
    expected_a = total_a * (a + b) / (total_a + total_b)
    expected_b = total_b * (a + b) / (total_a + total_b)
    with np.errstate(divide="ignore", invalid="ignore"):
        part_a = np.where(a > 0, a * np.log(a / expected_a), 0.0)
        part_b = np.where(b > 0, b * np.log(b / expected_b), 0.0)
    return 2 * (part_a + part_b)


def log_ratio(a, b, total_a, total_b, zero: float = 0.5):
    """Log ratio (Hardie 2014): ``log2((b / total_b) / (a / total_a))``.

    Positive: relatively more frequent in corpus B; each unit is a doubling. A
    zero count is replaced by ``zero`` (0.5) first, so a term missing from one
    corpus gets a finite, conservative value. In: counts and corpus sizes. Out:
    the log ratio (same shape as the counts).
    """
    a = np.where(np.asarray(a, dtype=float) == 0, zero, np.asarray(a, dtype=float))
    b = np.where(np.asarray(b, dtype=float) == 0, zero, np.asarray(b, dtype=float))
    return np.log2((b / total_b) / (a / total_a))


def keyness(
    counts: pd.DataFrame,
    totals: pd.Series,
    first: Hashable,
    second: Hashable,
    min_count: int = 3,
) -> pd.DataFrame:
    """Terms that rise or fall from period ``first`` (A) to period ``second`` (B).

    In: period x term counts (:func:`count_by_period`), the number of words of
    each period (:func:`word_totals`), the two periods, and the smallest total
    count (A + B) a term needs to be tested. Out: ``KEYNESS_COLUMNS``: counts,
    frequencies per 10,000 words, log ratio (B against A, see :func:`log_ratio`),
    G2 (:func:`log_likelihood`), its p-value (chi-squared, 1 d.f.; not corrected
    for testing many terms) and ``direction`` ("rises" when relatively more
    frequent in B, else "falls"); sorted by G2, largest first (ties alphabetical).
    """
    a = counts.loc[first].to_numpy(dtype=float)
    b = counts.loc[second].to_numpy(dtype=float)
    total_a, total_b = float(totals.loc[first]), float(totals.loc[second])
    keep = (a + b) >= min_count
    a, b = a[keep], b[keep]
    terms = np.asarray(counts.columns)[keep]
    g2 = log_likelihood(a, b, total_a, total_b)
    table = pd.DataFrame(
        {
            "term": terms,
            "count_a": a.astype(int),
            "count_b": b.astype(int),
            "per_10k_a": (10_000 * a / total_a).round(2),
            "per_10k_b": (10_000 * b / total_b).round(2),
            "log_ratio": log_ratio(a, b, total_a, total_b).round(3),
            "g2": g2.round(3),
            "p_value": chi2.sf(g2, 1).round(4),
            "direction": np.where(b / total_b > a / total_a, "rises", "falls"),
        },
        columns=KEYNESS_COLUMNS,
    )
    return table.sort_values(["g2", "term"], ascending=[False, True], kind="stable").reset_index(
        drop=True
    )
