"""How stable the top terms are: a bootstrap over sentences and leave-one-document-out, each
recounting TF-IDF of every period (``TfidfTransformer`` on pooled counts).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable

import numpy as np
import pandas as pd
from scipy import sparse
from sklearn.feature_extraction.text import CountVectorizer, TfidfTransformer

from helpers.analysis.periods import PeriodSpec, assign_periods
from helpers.analysis.terms import top_indices
from helpers.base.checks import require_columns
from helpers.rules.words import TermAnalyzer

__all__ = ["bootstrap_top_terms", "leave_one_out_top_terms"]


def _period_rows(texts: pd.DataFrame, periods: PeriodSpec) -> tuple[list, list[np.ndarray]]:
    """Period labels in order of first year, and the row positions of each period."""
    labels = assign_periods(texts["year"], periods).to_numpy()
    frame = pd.DataFrame({"period": labels, "year": texts["year"].to_numpy()})
    frame = frame[frame["period"].notna()]
    first_year = frame.groupby("period", sort=False)["year"].min()
    order = sorted(first_year.index, key=lambda p: (first_year[p], str(p)))
    rows = [np.flatnonzero(labels == period) for period in order]
    return order, rows


def _tfidf_rows(period_counts: sparse.csr_matrix) -> np.ndarray:
    """TF-IDF of a period x term count matrix, by scikit-learn's TfidfTransformer."""
    return TfidfTransformer().fit_transform(period_counts).toarray()


def _full_top(
    order: list, tfidf: np.ndarray, vocabulary: np.ndarray, top_n: int
) -> list[tuple[Hashable, int, str, float, int]]:
    rows = []
    for p, period in enumerate(order):
        for rank, j in enumerate(top_indices(tfidf[p], top_n), start=1):
            rows.append((period, rank, vocabulary[j], round(float(tfidf[p, j]), 6), j))
    return rows


def _counts_and_top(
    texts: pd.DataFrame, analyzer: TermAnalyzer, periods: PeriodSpec, top_n: int
) -> tuple[sparse.csr_matrix, list, list[np.ndarray], np.ndarray, list]:
    """Each text's term counts, the periods and their rows, the counts per period and the
    full data's top ``top_n`` terms.
    """
    vectorizer = CountVectorizer(analyzer=analyzer)
    counts = vectorizer.fit_transform(texts["text"]).tocsr()
    vocabulary = vectorizer.get_feature_names_out()
    order, rows = _period_rows(texts, periods)
    full = np.vstack([np.asarray(counts[r].sum(axis=0)) for r in rows])
    full_top = _full_top(order, _tfidf_rows(sparse.csr_matrix(full)), vocabulary, top_n)
    return counts, order, rows, full, full_top


def bootstrap_top_terms(
    sentences: pd.DataFrame,
    analyzer: TermAnalyzer,
    periods: PeriodSpec = None,
    *,
    n_boot: int = 200,
    seed: int = 0,
    top_n: int = 10,
) -> pd.DataFrame:
    """How often each top term stays in its period's top ``top_n`` when sentences are resampled
    within every period (``numpy.random.default_rng(seed)``).

    In: sentences (``doc_id, year, text``); analyzer; grouping; samples; seed; top size.
    Out: ``period, rank, term, tfidf, bootstrap_share``.
    """
    require_columns(sentences, ["doc_id", "year", "text"], "bootstrap_top_terms")
    counts, order, rows, full, full_top = _counts_and_top(sentences, analyzer, periods, top_n)
    hits = np.zeros(len(full_top))
    rng = np.random.default_rng(seed)
    for _ in range(n_boot):
        sample = np.vstack(
            [np.asarray(counts[rng.choice(r, size=len(r), replace=True)].sum(axis=0)) for r in rows]
        )
        tfidf = _tfidf_rows(sparse.csr_matrix(sample))
        tops = {order[p]: set(top_indices(tfidf[p], top_n)) for p in range(len(order))}
        hits += [j in tops[period] for period, _, _, _, j in full_top]
    return pd.DataFrame(
        [
            {"period": period, "rank": rank, "term": term, "tfidf": w,
             "bootstrap_share": round(h / n_boot, 4) if n_boot else np.nan}
            for (period, rank, term, w, _), h in zip(full_top, hits, strict=True)
        ],
        columns=["period", "rank", "term", "tfidf", "bootstrap_share"],
    )  # fmt: skip


def leave_one_out_top_terms(
    texts: pd.DataFrame,
    analyzer: TermAnalyzer,
    periods: PeriodSpec = None,
    *,
    top_n: int = 10,
) -> pd.DataFrame:
    """How often each top term stays in the top ``top_n`` when one document is left out.

    In: documents (``doc_id, year, text``); analyzer; grouping; top size. Out: ``period,
    rank, term, tfidf, n_documents, loo_runs, loo_share`` (NaN for one document).
    """
    require_columns(texts, ["doc_id", "year", "text"], "leave_one_out_top_terms")
    counts, order, rows, full, full_top = _counts_and_top(texts, analyzer, periods, top_n)
    hits: Counter = Counter()
    runs: Counter = Counter()
    for p, period in enumerate(order):
        if len(rows[p]) < 2:
            continue
        for left_out in rows[p]:
            reduced = full.copy()
            reduced[p] -= np.asarray(counts[left_out].toarray()).ravel()
            tfidf = _tfidf_rows(sparse.csr_matrix(reduced))
            top = set(top_indices(tfidf[p], top_n))
            runs[period] += 1
            for _, rank, _, _, j in (t for t in full_top if t[0] == period):
                hits[(period, rank)] += j in top
    n_docs = {order[p]: texts.iloc[r]["doc_id"].nunique() for p, r in enumerate(rows)}
    return pd.DataFrame(
        [
            {"period": period, "rank": rank, "term": term, "tfidf": w,
             "n_documents": n_docs[period], "loo_runs": runs[period],
             "loo_share": round(hits[(period, rank)] / runs[period], 4) if runs[period]
             else np.nan}
            for period, rank, term, w, _ in full_top
        ],
        columns=["period", "rank", "term", "tfidf", "n_documents", "loo_runs", "loo_share"],
    )  # fmt: skip
