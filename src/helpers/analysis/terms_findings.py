"""The findings of notebook 03 (TF-IDF by year), each worded from its numbers; a year of one
document says so, since it cannot show a trend.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import pandas as pd

from helpers.analysis.findings import Finding, describe_share, finding, leaders, with_text
from helpers.base.checks import require_columns

__all__ = ["peak_findings", "similarity_finding", "stability_caption", "stability_findings",
           "top_terms_finding"]  # fmt: skip


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
