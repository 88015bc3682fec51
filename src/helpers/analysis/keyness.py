"""Keyness a researcher can defend: G2 with its p, a Benjamini-Hochberg q over every term
tested, and in how many documents each term occurs (a term of one document marks that
document, not a period)."""

from __future__ import annotations

from collections.abc import Hashable, Mapping

import numpy as np
import pandas as pd
from scipy.stats import chi2
from sklearn.feature_extraction.text import CountVectorizer

from helpers.analysis.findings import ALPHA, Finding, finding, format_p
from helpers.analysis.stats import benjamini_hochberg
from helpers.base.checks import require_columns
from helpers.rules import words as terms

__all__ = ["G2_THRESHOLD", "KEYNESS_TABLE_COLUMNS", "document_counts", "keyness_caption",
           "keyness_extremes", "keyness_findings", "keyness_table", "keyness_title",
           "log_likelihood", "log_ratio"]  # fmt: skip

G2_THRESHOLD = 3.84  # G2 (chi-squared, one degree of freedom) at p = 0.05
KEYNESS_TABLE_COLUMNS = [
    "term", "count_a", "count_b", "per_10k_a", "per_10k_b", "log_ratio", "g2", "p_value", "q",
    "n_docs", "direction", "single_document", "below_threshold",
]  # fmt: skip


def log_likelihood(a, b, total_a, total_b):
    """Log-likelihood G2 of counts ``a``, ``b`` in corpora of the given sizes (Dunning 1993;
    Rayson & Garside 2000); a zero count adds 0. Above 3.84, p < 0.05 (1 d.f.).
    """
    a = np.asarray(a, dtype=float)
    b = np.asarray(b, dtype=float)
    expected_a = total_a * (a + b) / (total_a + total_b)
    expected_b = total_b * (a + b) / (total_a + total_b)
    with np.errstate(divide="ignore", invalid="ignore"):
        part_a = np.where(a > 0, a * np.log(a / expected_a), 0.0)
        part_b = np.where(b > 0, b * np.log(b / expected_b), 0.0)
    return 2 * (part_a + part_b)


def log_ratio(a, b, total_a, total_b):
    """Log ratio (Hardie 2014): log2 of relative frequency in B over A; a zero count becomes
    0.5, so a term missing from one corpus gets a finite, conservative value.
    """
    a = np.where(np.asarray(a, dtype=float) == 0, 0.5, np.asarray(a, dtype=float))
    b = np.where(np.asarray(b, dtype=float) == 0, 0.5, np.asarray(b, dtype=float))
    return np.log2((b / total_b) / (a / total_a))


def document_counts(texts: pd.DataFrame, analyzer: terms.TermAnalyzer) -> pd.Series:
    """In: one row per document with ``text``; the analyzer. Out: term -> documents using it."""
    require_columns(texts, ["text"], "document_counts")
    if texts.empty:
        return pd.Series(dtype=int, name="n_docs")
    vectorizer = CountVectorizer(analyzer=analyzer, binary=True)
    try:
        matrix = vectorizer.fit_transform(texts["text"].fillna("").astype(str))
    except ValueError:  # no term in any text
        return pd.Series(dtype=int, name="n_docs")
    counts = np.asarray(matrix.sum(axis=0)).ravel().astype(int)
    return pd.Series(counts, index=vectorizer.get_feature_names_out(), name="n_docs")


def keyness_table(
    counts: pd.DataFrame,
    totals: pd.Series,
    first: Hashable,
    second: Hashable,
    n_docs: pd.Series,
    min_count: int = 3,
) -> pd.DataFrame:
    """Terms that rise or fall from period ``first`` (A) to ``second`` (B).

    In: ``count_by_period``; ``word_totals``; the periods; :func:`document_counts`
    (ValueError naming a tested term it lacks); the smallest count A + B tested. Out:
    ``KEYNESS_TABLE_COLUMNS``: per 10,000 words, log ratio, G2 with its uncorrected p and
    Benjamini-Hochberg q over every row, "rises"/"falls", ``single_document`` (one document),
    ``below_threshold`` (G2 < 3.84); G2 largest first, ties alphabetical.
    """
    a = counts.loc[first].to_numpy(dtype=float)
    b = counts.loc[second].to_numpy(dtype=float)
    total_a, total_b = float(totals.loc[first]), float(totals.loc[second])
    keep = (a + b) >= min_count
    a, b = a[keep], b[keep]
    terms_kept = np.asarray(counts.columns)[keep]
    missing = sorted(set(terms_kept) - set(n_docs.index))
    if missing:
        raise ValueError(f"n_docs has no count for the term {missing[0]!r}")
    g2 = log_likelihood(a, b, total_a, total_b)
    key = pd.DataFrame(
        {
            "term": terms_kept,
            "count_a": a.astype(int),
            "count_b": b.astype(int),
            "per_10k_a": (10_000 * a / total_a).round(2),
            "per_10k_b": (10_000 * b / total_b).round(2),
            "log_ratio": log_ratio(a, b, total_a, total_b).round(3),
            "g2": g2.round(3),
            "p_value": chi2.sf(g2, 1).round(4),
            "direction": np.where(b / total_b > a / total_a, "rises", "falls"),
        }
    )
    key = key.sort_values(["g2", "term"], ascending=[False, True], kind="stable")
    key = key.reset_index(drop=True)
    key["q"] = benjamini_hochberg(key["p_value"]).round(4)
    key["n_docs"] = key["term"].map(n_docs).astype(int)
    key["single_document"] = key["n_docs"] == 1
    key["below_threshold"] = key["g2"] < G2_THRESHOLD
    return key[KEYNESS_TABLE_COLUMNS]


def _term_text(row) -> str:
    where = "a single document" if row.single_document else f"{row.n_docs} documents"
    return (
        f"'{row.term}' ({row.count_a} → {row.count_b}, log ratio {row.log_ratio:+.1f}, "
        f"G2 {row.g2:.1f}, {format_p(row.p_value)}, q = {row.q:.3f}; in {where})"
    )


def keyness_findings(
    key: pd.DataFrame, first: str, second: str, n_documents: Mapping[str, int], top: int = 3
) -> list[Finding]:
    """The keyness findings, worded from the corrected test.

    In: :func:`keyness_table`; the two periods; documents in each; terms quoted each way.
    Out: terms passing G2 >= 3.84 against those expected by chance; terms with q <= 0.05
    (or that none is); terms passing G2 from a single document; the strongest each way.
    """
    require_columns(
        key,
        ["term", "g2", "p_value", "q", "n_docs", "below_threshold", "single_document", "direction"],
        "keyness_findings",
    )
    m = len(key)
    passing = key[~key["below_threshold"]]
    surviving = key[key["q"] <= ALPHA]
    docs = f"{first} is {n_documents[first]} document(s) and {second} {n_documents[second]}"
    text = (f"{len(passing)} of {m} terms tested have G2 ≥ {G2_THRESHOLD} (p < 0.05 for one "
            f"test); about {ALPHA * m:.0f} would by chance alone.")  # fmt: skip
    out = [_finding("terms pass G2 >= 3.84 uncorrected", "share", m,
                    len(passing) / m if m else np.nan, np.nan, text)]  # fmt: skip
    if len(surviving):
        strength = "evidence"
        text = (
            f"After the Benjamini-Hochberg correction over all {m} terms, {len(surviving)} "
            f"have q ≤ {ALPHA}: " + "; ".join(_term_text(r) for r in surviving.itertuples()) + "."
        )
    elif len(passing):
        # Terms pass one test each but none survives the correction: a lead, not an absence.
        strength = "suggestive"
        smallest = key["q"].min()
        text = (
            f"Suggestive, not significant after correction: {len(passing)} of {m} terms pass "
            f"one test each, but after the Benjamini-Hochberg correction over all {m} terms "
            f"none has q ≤ {ALPHA} (smallest q = {smallest:.3f}), so no single term can be "
            f"said to rise or fall."
        )
    else:
        strength = "no evidence"
        smallest = key["q"].min() if m else np.nan
        text = (
            f"No evidence, after the Benjamini-Hochberg correction over all {m} terms, that any "
            f"term rises or falls: none has q ≤ {ALPHA} (smallest q = {smallest:.3f})."
        )
    out.append(_finding("terms survive the correction", strength, m, len(surviving), np.nan, text))
    single = int(passing["single_document"].sum())
    text = (f"{single} of the {len(passing)} terms with G2 ≥ {G2_THRESHOLD} occur in a single "
            f"document: they may mark that document (its speaker, occasion or genre) rather "
            f"than a period ({docs}).")  # fmt: skip
    share = single / len(passing) if len(passing) else np.nan
    out.append(_finding("terms passing G2 found in a single document", "share", len(passing),
                        share, np.nan, text))  # fmt: skip
    for direction, verb in (("rises", "rise"), ("falls", "fall")):
        rows = key[key["direction"] == direction].head(top)
        if len(rows):
            text = (f"Largest G2 among the terms that {verb} from {first} to {second}: "
                    + "; ".join(_term_text(r) for r in rows.itertuples()) + ".")  # fmt: skip
            strength = "no evidence" if (rows["q"] > ALPHA).all() else "evidence"
            out.append(_finding(f"strongest terms to {verb}", strength, len(rows),
                                float(rows["log_ratio"].iloc[0]),
                                float(rows["p_value"].iloc[0]), text))  # fmt: skip
    return out


def _finding(claim: str, strength: str, n: int, effect, p_value, text: str) -> Finding:
    test = "log-likelihood G2; Benjamini-Hochberg q over all terms tested"
    return finding(text, claim, strength, n, effect, p_value=p_value, test=test)


def keyness_extremes(key: pd.DataFrame, n: int = 10) -> pd.DataFrame:
    """The rows the keyness figure draws: the first ``n`` terms that rise, then the first
    ``n`` that fall, in the table's order (largest G2 first)."""
    require_columns(key, ["direction"], "keyness_extremes")
    parts = [key[key["direction"] == direction].head(n) for direction in ("rises", "falls")]
    return pd.concat(parts, ignore_index=True)


def keyness_caption(shown: pd.DataFrame, first: str, second: str, n_tested: int) -> str:
    """The caption of the keyness figure, saying only what it draws (rows drawn, periods,
    terms tested).
    """
    require_columns(shown, ["below_threshold", "single_document", "q"], "keyness_caption")
    below = int(shown["below_threshold"].sum())
    single = int(shown["single_document"].sum())
    surviving = int((shown["q"] <= ALPHA).sum())
    return (
        f"The terms with the highest log-likelihood G2 rising and falling from {first} to "
        f"{second}: log ratio (zero counts replaced by 0.5), with counts, G2 and the "
        f"Benjamini-Hochberg q (over {n_tested} terms) beside each bar; {below} light, hatched "
        f"bar(s) have G2 below {G2_THRESHOLD}; {single} term(s) marked '1 doc' occur in a single "
        f"document; {surviving} bar(s) have q ≤ {ALPHA}."
    )


def keyness_title(key: pd.DataFrame, first: str, second: str) -> str:
    """The keyness figure's title from the same test as :func:`keyness_findings`: how many
    terms survive the correction, or that the bars are the largest changes, not significant.
    """
    require_columns(key, ["q", "direction"], "keyness_title")
    surviving = key[key["q"] <= ALPHA]
    if surviving.empty:
        return (
            f"Largest changes in term frequency from {first} to {second}:\n"
            f"no term rises or falls significantly after correction (q ≤ {ALPHA})"
        )
    rises = int((surviving["direction"] == "rises").sum())
    falls = len(surviving) - rises
    return (
        f"Terms that rise and fall from {first} to {second}:\n"
        f"{rises} rise(s) and {falls} fall(s) significantly after correction (q ≤ {ALPHA})"
    )
