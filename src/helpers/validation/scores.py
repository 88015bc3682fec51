"""The rules, and a trained classifier, against the coders' consensus.

Precision and recall carry Wilson intervals (scipy), F1 a seeded bootstrap over units; on
a sample drawn within the rules' labels precision is the corpus's, recall is not.
**Corrected shares** spread each rules' label's corpus count over the true labels as the
coders found them, ``corrected_i = sum_j N_j * P(consensus = i | rules = j)``: the
calibration form, which a sample stratified by the rules' label estimates directly and
which never leaves 0-1 (Rogan-Gladen needs re-weighting and clipping). The classifier
(TF-IDF and logistic regression) predicts each unit from a cross-validation fold that
never saw it.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Sequence

import numpy as np
import pandas as pd
from scipy.stats import binomtest

from helpers.analysis.findings import Finding, describe_share
from helpers.base.checks import require_columns

__all__ = [
    "MIN_PER_LABEL",
    "MIN_UNITS",
    "classifier_predictions",
    "classifier_verdict",
    "compare_scores",
    "confusion",
    "corrected_shares",
    "label_scores",
    "recall_findings",
]

MIN_UNITS = 100  # coded units below which a classifier comparison is not worth reading
MIN_PER_LABEL = 10  # coded units of a label below which its classifier scores are not read


def _wilson(k: int, n: int, level: float) -> tuple[float, float]:
    if n == 0:
        return math.nan, math.nan
    ci = binomtest(int(k), int(n)).proportion_ci(confidence_level=level, method="wilson")
    return float(ci.low), float(ci.high)


def _axis(pairs: pd.DataFrame, labels: Sequence[str] | None) -> list[str]:
    if labels is not None:
        return list(labels)
    return sorted(set(pairs["truth"]) | set(pairs["predicted"]))


def confusion(pairs: pd.DataFrame, labels: Sequence[str] | None = None) -> pd.DataFrame:
    """Consensus against prediction: In: ``truth, predicted`` per unit; the labels in order
    (default: those present). Out: rows ``consensus``, columns ``predicted``, zeros kept."""
    require_columns(pairs, ["truth", "predicted"], "confusion")
    axis = _axis(pairs, labels)
    table = pd.crosstab(
        pd.Categorical(pairs["truth"], axis),
        pd.Categorical(pairs["predicted"], axis),
        dropna=False,
    ).reindex(index=axis, columns=axis, fill_value=0)
    table.index.name, table.columns.name = "consensus", "predicted"
    return table.astype("int64")


def label_scores(
    pairs: pd.DataFrame,
    labels: Sequence[str] | None = None,
    level: float = 0.95,
    n_boot: int = 1000,
    seed: int = 0,
) -> pd.DataFrame:
    """Precision, recall and F1 of each label, with intervals. In: ``truth, predicted`` per
    unit. Out: per label ``label, n_true, n_predicted, agree`` and ``precision``, ``recall``,
    ``f1`` each with ``_low`` and ``_high``; NaN where a share has no units."""
    require_columns(pairs, ["truth", "predicted"], "label_scores")
    truth, predicted = pairs["truth"].to_numpy(), pairs["predicted"].to_numpy()
    rng = np.random.default_rng(seed)
    draws = rng.integers(0, len(pairs), size=(n_boot, len(pairs))) if len(pairs) else None
    tail = (1 - level) / 2
    rows = []
    for label in _axis(pairs, labels):
        is_true, is_pred = truth == label, predicted == label
        tp, n_true, n_pred = int((is_true & is_pred).sum()), int(is_true.sum()), int(is_pred.sum())
        f1 = 2 * tp / (n_pred + n_true) if n_pred + n_true else math.nan
        f_low = f_high = math.nan
        if draws is not None and not math.isnan(f1):
            t, p = is_true[draws], is_pred[draws]
            with np.errstate(invalid="ignore", divide="ignore"):
                boot = 2 * (t & p).sum(axis=1) / (t.sum(axis=1) + p.sum(axis=1))
            f_low, f_high = np.nanquantile(boot, [tail, 1 - tail])
        (p_low, p_high), (r_low, r_high) = _wilson(tp, n_pred, level), _wilson(tp, n_true, level)
        rows.append({
            "label": label, "n_true": n_true, "n_predicted": n_pred, "agree": tp,
            "precision": tp / n_pred if n_pred else math.nan,
            "precision_low": p_low, "precision_high": p_high,
            "recall": tp / n_true if n_true else math.nan, "recall_low": r_low,
            "recall_high": r_high, "f1": f1, "f1_low": float(f_low), "f1_high": float(f_high),
        })  # fmt: skip
    return pd.DataFrame(rows)


def compare_scores(rules: pd.DataFrame, classifier: pd.DataFrame) -> pd.DataFrame:
    """The rules' and the classifier's scores side by side. In: two ``label_scores`` tables.
    Out: ``label, n_true``, then ``rules_`` and ``classifier_`` scores ("0.75 (0.41-0.93)")."""
    for table in (rules, classifier):
        require_columns(table, ["label", "n_true", "precision", "recall", "f1"], "compare_scores")

    def shown(table: pd.DataFrame, measure: str) -> list[str]:
        low, high = table.get(f"{measure}_low"), table.get(f"{measure}_high")
        text = ["n/a" if pd.isna(v) else f"{v:.2f}" for v in table[measure]]
        if low is None or high is None:
            return text
        return [
            t if pd.isna(lo) else f"{t} ({lo:.2f}-{hi:.2f})"
            for t, lo, hi in zip(text, low, high, strict=True)
        ]

    out = rules[["label", "n_true"]].copy()
    other = classifier.set_index("label").reindex(rules["label"]).reset_index()
    for measure in ("precision", "recall", "f1"):
        out[f"rules_{measure}"] = shown(rules, measure)
        out[f"classifier_{measure}"] = shown(other, measure)
    return out


def corrected_shares(
    rules_labels: pd.Series,
    pairs: pd.DataFrame,
    labels: Sequence[str] | None = None,
    n_boot: int = 1000,
    seed: int = 0,
    level: float = 0.95,
) -> pd.DataFrame:
    """Each label's corpus share, raw and corrected (module docstring). In: the rules' label
    of every corpus unit; the coded units' ``truth, predicted``. Out: per label ``raw_n,
    raw_share, corrected_n, corrected_share, ci_low, ci_high``, ``corpus_recall`` with its
    interval, ``coded`` and a ``note`` where none is coded (that label keeps its count)."""
    require_columns(pairs, ["truth", "predicted"], "corrected_shares")
    raw = pd.Series(rules_labels).astype(str).value_counts()
    axis = (
        list(labels)
        if labels is not None
        else sorted(set(raw.index) | set(pairs["truth"]) | set(pairs["predicted"]))
    )
    total = int(raw.sum())
    raw = raw.reindex(axis, fill_value=0)
    by_rule = {label: pairs.loc[pairs["predicted"] == label, "truth"].to_numpy() for label in axis}

    def estimate(groups: dict[str, np.ndarray]) -> np.ndarray:
        """Corrected counts (row 0) and the units the rules label right (row 1), per label."""
        counts, hits = np.zeros(len(axis)), np.zeros(len(axis))
        for j, label in enumerate(axis):
            truth = groups[label]
            if len(truth) == 0:
                counts[j] += raw[label]
                hits[j] += raw[label]
                continue
            for i, other in enumerate(axis):
                counts[i] += raw[label] * float(np.mean(truth == other))
            hits[j] += raw[label] * float(np.mean(truth == label))
        return np.vstack([counts, hits])

    point = estimate(by_rule)
    rng = np.random.default_rng(seed)
    boot = np.array(
        [
            estimate(
                {k: v[rng.integers(0, len(v), len(v))] if len(v) else v for k, v in by_rule.items()}
            )
            for _ in range(n_boot)
        ]
    ).reshape(n_boot, 2, len(axis))
    tail = (1 - level) / 2
    with np.errstate(invalid="ignore", divide="ignore"):
        recall = point[1] / point[0]
        boot_recall = boot[:, 1] / boot[:, 0]
    if n_boot:
        low, high = np.quantile(boot[:, 0], [tail, 1 - tail], axis=0)
        with warnings.catch_warnings():  # a label no unit truly has: no recall, NaN
            warnings.simplefilter("ignore", RuntimeWarning)
            r_low, r_high = np.nanquantile(boot_recall, [tail, 1 - tail], axis=0)
    else:
        low, high, r_low, r_high = point[0], point[0], recall, recall
    share = (lambda n: n / total) if total else (lambda n: n * math.nan)
    return pd.DataFrame(
        {
            "label": axis,
            "raw_n": raw.to_numpy(),
            "raw_share": share(raw.to_numpy()),
            "corrected_n": point[0],
            "corrected_share": share(point[0]),
            "ci_low": share(low),
            "ci_high": share(high),
            "corpus_recall": recall,
            "recall_low": r_low,
            "recall_high": r_high,
            "coded": [len(by_rule[label]) for label in axis],
            "note": [
                "" if len(by_rule[label]) else "not corrected: no coded unit" for label in axis
            ],
        }
    )


def classifier_predictions(
    texts: Sequence[str], labels: Sequence[str], seed: int = 0, folds: int = 5
) -> pd.DataFrame:
    """Cross-validated predictions of a TF-IDF and logistic-regression classifier. Out: per
    unit ``truth, predicted, fold``; ``predicted`` is None for a label of fewer than two units."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import StratifiedKFold
    from sklearn.pipeline import make_pipeline
    from threadpoolctl import threadpool_limits

    texts, labels = [str(t) for t in texts], [str(v) for v in labels]
    if len(texts) != len(labels):
        raise ValueError(f"classifier_predictions: {len(texts)} texts but {len(labels)} labels")
    out = pd.DataFrame({"truth": labels, "predicted": None, "fold": -1}, dtype=object)
    counts = pd.Series(labels, dtype=object).value_counts()
    usable = out["truth"].map(counts) >= 2
    kept = out.index[usable]
    if len(kept) == 0 or out.loc[kept, "truth"].nunique() < 2:
        return out
    k = int(min(folds, counts[counts >= 2].min()))
    splitter = StratifiedKFold(n_splits=k, shuffle=True, random_state=seed)
    x = np.array(texts, dtype=object)[kept]
    y = out.loc[kept, "truth"].to_numpy()
    # One thread: on a small problem, a pool of numerical threads costs far more than it saves.
    with threadpool_limits(limits=1):
        for fold, (train, test) in enumerate(splitter.split(x, y)):
            model = make_pipeline(
                TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, lowercase=True),
                LogisticRegression(max_iter=2000, class_weight="balanced", random_state=seed),
            )
            model.fit(x[train], y[train])
            out.loc[kept[test], "predicted"] = model.predict(x[test])
            out.loc[kept[test], "fold"] = fold
    return out


def classifier_verdict(labels: Sequence[str]) -> str:
    """A sentence: whether the consensus labels are enough to compare a classifier with the
    rules (``MIN_UNITS``), and which labels are too thin (``MIN_PER_LABEL``)."""
    counts = pd.Series(list(labels), dtype=object).value_counts()
    thin = sorted(label for label, n in counts.items() if n < MIN_PER_LABEL)
    n = int(counts.sum())
    thin_text = ""
    if thin:
        thin_text = (
            f" Labels with fewer than {MIN_PER_LABEL} coded units, whose classifier scores "
            f"say nothing: {', '.join(thin)}."
        )
    if n < MIN_UNITS:
        return (
            f"Too small to mean anything: {n} coded units, fewer than {MIN_UNITS}; a "
            f"classifier trained on so few units is no fair rival to the rules.{thin_text}"
        )
    return f"{n} coded units: enough to compare, label by label where each has enough.{thin_text}"


def recall_findings(
    pairs: pd.DataFrame,
    labels: Sequence[str],
    who: str = "the rules",
    coder: str = "the coders",
    units: str = "units",
) -> list[Finding]:
    """Recall and precision of each label in words, with Wilson intervals: "k of n units the
    coders labelled X are labelled X by the rules too", and the reverse."""
    require_columns(pairs, ["truth", "predicted"], "recall_findings")
    found = []
    for label in labels:
        is_true, is_pred = pairs["truth"] == label, pairs["predicted"] == label
        agree = int((is_true & is_pred).sum())
        for given, by, other in ((is_true, coder, who), (is_pred, who, coder)):
            if given.any():
                whose = f"{units} {by} labelled {label}"
                found.append(describe_share(agree, int(given.sum()), whose,
                                            f"are labelled {label} by {other} too"))  # fmt: skip
    return found
