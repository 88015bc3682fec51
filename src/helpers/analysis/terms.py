"""Terms by period: pooling, TF-IDF (scikit-learn), top terms, similarity, drift, and the
findings of notebook 03 worded from them (a year of one document says so: it cannot show a
trend).

A period is a year unless ``periods.assign_periods`` says otherwise.
"""

from __future__ import annotations

import pickle
from collections import deque
from collections.abc import Iterable, Iterator, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from itertools import chain, islice, repeat

import numpy as np
import pandas as pd
from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer

from helpers.analysis.findings import Finding, describe_share, finding, leaders, with_text
from helpers.analysis.periods import PeriodSpec, assign_periods
from helpers.base.checks import require_columns
from helpers.base.parallel import (
    CHARS_FROM,
    inherits_objects,
    packed,
    start_worker,
    worker_count,  # fmt: skip
    worker_state,
)
from helpers.rules.words import TermAnalyzer

__all__ = ["TOP_TERMS_COLUMNS", "compare_top_terms", "consecutive_drift",
           "cosine_similarity_table", "count_by_period", "distinct_pairs", "idf_table",
           "match_terms",
           "peak_findings", "pool_by_period", "similarity_finding", "smoothed_idf",
           "stability_caption", "stability_findings", "term_table", "tfidf_by_period",
           "tfidf_steps", "ties_at_rank", "top_indices", "top_terms", "top_terms_finding",
           "word_totals"]  # fmt: skip

TOP_TERMS_COLUMNS = ["period", "rank", "term", "tfidf"]


def pool_by_period(texts: pd.DataFrame, periods: PeriodSpec = None) -> pd.DataFrame:
    """The texts of each period pooled into one.

    In: ``doc_id, year, text``; the grouping (``periods.assign_periods``). Out: by first year:
    ``period, first_year, last_year, n_documents, n_texts, doc_ids, text`` (blank-line joined).
    """
    require_columns(texts, ["doc_id", "year", "text"], "pool_by_period")
    table = texts.assign(period=assign_periods(texts["year"], periods).to_numpy())
    table = table[table["period"].notna()]
    rows = []
    for period, group in table.groupby("period", sort=False):
        rows.append({"period": period, "first_year": int(group["year"].min()),
                     "last_year": int(group["year"].max()),
                     "n_documents": group["doc_id"].nunique(), "n_texts": len(group),
                     "doc_ids": "; ".join(dict.fromkeys(group["doc_id"])),
                     "text": "\n\n".join(group["text"])})  # fmt: skip
    pooled = pd.DataFrame(
        rows,
        columns=["period", "first_year", "last_year", "n_documents", "n_texts", "doc_ids", "text"],
    )
    order = pooled.assign(_label=pooled["period"].astype(str))
    order = order.sort_values(["first_year", "_label"], kind="stable").drop(columns="_label")
    return order.reset_index(drop=True)


def tfidf_by_period(
    pooled: pd.DataFrame, analyzer: TermAnalyzer, workers: int | None = None
) -> pd.DataFrame:
    """TF-IDF of every term in every period: ``TfidfVectorizer`` with its defaults (raw tf,
    smoothed idf ln((1 + n) / (1 + df)) + 1, l2 rows).

    In: :func:`pool_by_period`; the analyzer; ``workers`` making the terms (default every core
    from ``CHARS_FROM`` characters; same result). Out: period x term (alphabetical).
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
    """Fit a vectorizer on the pooled texts, the terms made on several processes in text order,
    so it counts the same terms in the same order as when it calls ``analyzer`` itself.
    """
    texts = list(pooled["text"])
    n_workers = worker_count(sum(len(str(text)) for text in texts), workers, CHARS_FROM)
    if n_workers <= 1 or len(texts) < 2:
        vectorizer = kind(analyzer=analyzer)
        matrix = vectorizer.fit_transform(pooled["text"])
    else:
        vectorizer = kind(analyzer=_given_terms)
        matrix = vectorizer.fit_transform(_terms_ahead(texts, analyzer, n_workers))
    terms = pd.Index(vectorizer.get_feature_names_out(), name="term")
    periods = pd.Index(list(pooled["period"]), name="period")
    return pd.DataFrame(matrix.toarray(), index=periods, columns=terms)


def _given_terms(counts: dict[str, int]) -> Iterator[str]:
    """An analyzer replaying a text's counted terms, each as often as it occurs, in order of
    first occurrence: the vectorizer numbers and counts them as for the text, while memory
    holds each distinct term once.
    """
    return chain.from_iterable(repeat(term, n) for term, n in counts.items())


def _terms_of(item: str | int) -> dict[str, int]:
    """In a worker: each term of a text (or of the inherited text at that position) and its
    count, in order of first occurrence.
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
    """The terms of each text, in order, made on ``workers`` processes; at most ``workers``
    results wait at a time, so memory holds a few texts' terms.
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
    """The ``n`` highest-weighted terms of each period: ``TOP_TERMS_COLUMNS`` (rank 1 highest;
    ties alphabetical; weights to 6 decimals; weight 0 never listed).
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

    Out: ``period, weight, tied_in_top, tied_in_vocabulary`` (the list cuts through a tie when
    the second is larger).
    """
    rows = []
    for period, row in zip(weights.index, weights.to_numpy(), strict=True):
        top = row[top_indices(row, n)]
        if not len(top):
            continue
        weight = top[-1]
        rows.append({"period": period, "weight": round(float(weight), 6),
                     "tied_in_top": int(np.isclose(top, weight).sum()),
                     "tied_in_vocabulary": int(np.isclose(row, weight).sum())})  # fmt: skip
    return pd.DataFrame(rows, columns=["period", "weight", "tied_in_top", "tied_in_vocabulary"])


def compare_top_terms(
    first: pd.DataFrame, second: pd.DataFrame, labels: tuple[str, str], n: int = 10
) -> pd.DataFrame:
    """Two :func:`top_terms` tables side by side: ``period, rank, <label 1>, <label 2>``; a term
    absent from the other list is marked ``*``.
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
    for column, other in (("term_x", sets_b), ("term_y", sets_a)):
        merged[column] = [
            t if not isinstance(t, str) or t in other.get(p, set()) else f"{t} *"
            for p, t in zip(merged["period"], merged[column], strict=True)
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
    """Smoothed idf of a term found in 1..n of ``n_documents`` documents: ``df, idf`` (4
    decimals); a term in every document weighs 1.
    """
    df = np.arange(1, n_documents + 1)
    return pd.DataFrame({"df": df, "idf": smoothed_idf(n_documents, df).round(4)})


def tfidf_steps(counts: pd.DataFrame) -> pd.DataFrame:
    """Every step of TF-IDF by hand for a small document x term table of counts.

    Out: per document and term counted, ``document, term, tf, df, idf, tf_idf, l2_norm,
    tfidf``; ``tfidf`` is what scikit-learn returns.
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
    """A word list matched to the vocabulary, nothing dropped silently.

    Out: ``entry, term, status`` in entry order; status "found", "not used in any period", or
    why the entry cannot be a term; entries sharing a term are both kept.
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
    """Weights and counts of the given terms in every period: ``term, period, tfidf, count``."""
    rows = []
    for term in dict.fromkeys(terms):
        for period in weights.index:
            rows.append({"term": term, "period": period,
                         "tfidf": round(float(weights.at[period, term]), 6),
                         "count": int(counts.at[period, term])})  # fmt: skip
    return pd.DataFrame(rows, columns=["term", "period", "tfidf", "count"])


def cosine_similarity_table(weights: pd.DataFrame) -> pd.DataFrame:
    """Cosine similarity of every pair of periods' TF-IDF vectors (6 decimals), period x period."""
    matrix = weights.to_numpy(dtype=float)
    norms = np.linalg.norm(matrix, axis=1)
    norms[norms == 0] = 1.0
    unit = matrix / norms[:, None]
    similarity = np.clip(unit @ unit.T, 0.0, 1.0).round(6)
    return pd.DataFrame(similarity, index=weights.index, columns=weights.index)


def distinct_pairs(similarity_long: pd.DataFrame, order: Iterable) -> pd.DataFrame:
    """Each unordered pair of periods once (``period_a`` before ``period_b`` in ``order``),
    from the long table ``plot_similarity`` returns (``period_a, period_b, cosine``)."""
    require_columns(similarity_long, ["period_a", "period_b"], "distinct_pairs")
    rank = {period: i for i, period in enumerate(order)}
    first = similarity_long["period_a"].map(rank) < similarity_long["period_b"].map(rank)
    return similarity_long[first]


def consecutive_drift(weights: pd.DataFrame) -> pd.DataFrame:
    """``period_from, period_to, cosine, drift`` (1 - cosine) for consecutive periods."""
    similarity = cosine_similarity_table(weights)
    periods = list(weights.index)
    rows = [
        {"period_from": a, "period_to": b, "cosine": similarity.at[a, b],
         "drift": round(1 - similarity.at[a, b], 6)}
        for a, b in zip(periods[:-1], periods[1:], strict=True)
    ]  # fmt: skip
    return pd.DataFrame(rows, columns=["period_from", "period_to", "cosine", "drift"])


# ---------------------------------------------------------------------------
# Findings


def _label(period) -> str:
    """A period as written: 2008, not 2008.0."""
    if isinstance(period, float) and period.is_integer():
        return str(int(period))
    return str(period)


def _one_document(period, n_documents: Mapping) -> str:
    n = int(n_documents.get(period, 0))
    return " That year is a single document." if n == 1 else f" That year has {n} documents."


def top_terms_finding(top: pd.DataFrame, n: int = 5) -> Finding:
    """The top ``n`` terms of each period: 'Top 5 terms by TF-IDF. 2003: a, b, ...'."""
    require_columns(top, ["period", "term"], "top_terms_finding")
    parts = [
        f"{period}: {', '.join(group['term'].head(n))}"
        for period, group in top.groupby("period", sort=False)
    ]
    text = f"Top {n} terms by TF-IDF. " + "; ".join(parts) + "."
    return finding(text, "top terms", "share", len(top))


def peak_findings(
    weights: pd.DataFrame, counts: pd.DataFrame, words: Iterable[str], n_documents: Mapping
) -> list[Finding]:
    """Where each word weighs most, with the share of its occurrences there: "7 of 8
    occurrences of 'refugees' are in 2003 (88%; 95% CI 53%-98%). It weighs most in that
    year (TF-IDF 0.25). That year is a single document."
    """
    out = []
    for word in words:
        if word not in counts.columns or counts[word].sum() == 0:
            continue
        tied = leaders(dict(weights[word].items()))
        peak = tied[0]
        k, total = int(counts.at[peak, word]), int(counts[word].sum())
        share = describe_share(k, total, f"occurrences of '{word}'", f"are in {_label(peak)}")
        weighs = (
            "It weighs most in that year"
            if len(tied) == 1
            else "It weighs as much in "
            + ", ".join(_label(p) for p in tied[1:])
            + ", a tie for the year where it weighs most"
        )
        text = f"{share.text} {weighs} (TF-IDF {weights.at[peak, word]:.2f})." + _one_document(
            peak, n_documents
        )
        out.append(with_text(share, text))
    return out


def similarity_finding(pairs: pd.DataFrame, n_documents: Mapping) -> Finding:
    """The range of cosine similarity between periods and the closest pair, saying when every
    period is a single document.
    """
    require_columns(pairs, ["period_a", "period_b", "cosine"], "similarity_finding")
    best = pairs.sort_values("cosine", ascending=False, kind="stable").iloc[0]
    single = all(int(v) == 1 for v in n_documents.values())
    text = (
        f"Cosine similarity of the years' TF-IDF vectors ranges from {pairs['cosine'].min():.2f} "
        f"to {pairs['cosine'].max():.2f} (1 = the same terms in the same proportions); the "
        f"closest pair is {_label(best['period_a'])} and {_label(best['period_b'])}."
    )
    if single:
        text += " Each year is a single document, so this compares documents, not periods."
    return finding(text, "similarity of years", "share", len(pairs), float(pairs["cosine"].max()))


def stability_findings(stability: pd.DataFrame, n_boot: int) -> list[Finding]:
    """Top terms kept in at least 80% of bootstrap samples, and in fewer than half."""
    require_columns(stability, ["bootstrap_share"], "stability_findings")
    shares = stability["bootstrap_share"]
    n = len(shares)
    stay = "stay in their year's top 10 in"
    return [
        describe_share(int((shares >= 0.8).sum()), n, "top-10 terms",
                       f"{stay} at least 80% of {n_boot} bootstrap samples"),
        describe_share(int((shares < 0.5).sum()), n, "top-10 terms",
                       f"{stay} fewer than half of the {n_boot} samples"),
    ]  # fmt: skip


def stability_caption(stability: pd.DataFrame, n_boot: int) -> str:
    """The caption of ``plot_stability``, naming only what is drawn."""
    drawn = "loo_share" in stability and stability["loo_share"].notna().any()
    text = f"Share of {n_boot} bootstrap samples of sentences (bars)"
    if drawn:
        text += " and of leave-one-document-out runs (diamonds, years with several documents)"
    text += " in which each top-10 term of a year stays in that year's top 10"
    if not drawn:
        text += "; no year has several documents, so no leave-one-out share is drawn"
    return text + "."
