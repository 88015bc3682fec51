"""The tables of one partition of a corpus, and the corpus's aggregate tables summed from them.

A corpus too large for one process is read in partitions of files
(``helpers.scale.run`` runs them on Dask). Each partition is read by the same
functions the notebooks call, on its own files only:

- :func:`partition_tables`: ``load_corpus`` on the partition's files (every
  skip in its ``report``), ``units.build_units`` (the one reading), and the
  counts behind the notebooks' aggregate tables, each a table that adds up
  over partitions: frames by year (02), security/rights counts (02), theme
  co-occurrence (04), documents per year, the texts terms are counted in
  (03: names of people removed, word senses applied) and the hyphenated
  spellings whose corpus-wide counts decide each term's form;
- :func:`term_tables`: once the spellings of the whole corpus are known, a
  partition's term counts by year and by period and its document counts
  (03's TF-IDF and keyness inputs);
- :func:`sum_tables` and the ``*_table`` functions: the aggregate tables from
  the partitions' counts, computed by the notebooks' own functions
  (``framing.frame_counts``, ``framing_stats.security_rights_from_counts``,
  ``themes_counts.cooccurrence_from_counts``, scikit-learn's TF-IDF,
  ``keyness.keyness_table``).

What is not the same as one process reading the whole folder: two files
with the same article text but different bytes, in different partitions, are
both loaded (same bytes and same file stem are kept in one partition by
``helpers.scale.run``, so those duplicates are found as the loader finds them);
and names of people are found within a partition (a surname that stands
alone in one partition is removed only when its full name occurs in the same
partition). Both touch only the term tables, and only on such corpora.

Pure functions over DataFrames; nothing is read or written here.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import sparse
from sklearn.feature_extraction.text import TfidfTransformer

from helpers.analysis.framing import (
    crime_units,
    security_rights_counts,
    security_rights_from_counts,
)
from helpers.analysis.keyness import KEYNESS_TABLE_COLUMNS, document_counts, keyness_table
from helpers.analysis.periods import periods_by_range
from helpers.analysis.terms import count_by_period, pool_by_period, top_terms, word_totals
from helpers.analysis.themes import DEFAULT_MIN_COUNT, cooccurrence_counts, cooccurrence_from_counts
from helpers.corpus.load import Corpus
from helpers.reading.counted import counted_documents
from helpers.reading.framing import FRAMES, frame_counts
from helpers.reading.themes import Codebook, read_codebook
from helpers.reading.units import build_units
from helpers.reading.views import framed_sentences, theme_flags, units_for_themes
from helpers.reading.voice import VoiceRules, read_voice_rules
from helpers.rules.cues import Cues, read_cues
from helpers.rules.name_finder import NameCues, read_name_cues
from helpers.rules.senses import SenseRule, apply_senses, read_senses
from helpers.rules.words import TermAnalyzer, hyphen_counts, read_stop_words, variants_from_counts

__all__ = [
    "KEYNESS_PERIODS",
    "PARTITION_TABLES",
    "SUMMED_TABLES",
    "TERM_TABLES",
    "Rules",
    "analyzer_from",
    "cooccurrence_table",
    "frames_table",
    "keyness_from_counts",
    "partition_tables",
    "read_rules",
    "security_rights_table",
    "sum_tables",
    "term_tables",
    "tfidf_from_counts",
    "top_terms_from_long",
]

# notebook 03's early and late periods for keyness
KEYNESS_PERIODS = {"2003-2008": (2003, 2008), "2013-2017": (2013, 2017)}
PARTITION_TABLES = (
    "documents", "units", "report", "texts", "frames", "documents_per_year", "security_rights",
    "theme_pairs", "hyphens",
)  # fmt: skip
SUMMED_TABLES = {  # table: its keys (the other columns are counts, summed)
    "frames": ["year", "frame"],
    "documents_per_year": ["year"],
    "security_rights": ["year", "crime"],
    "theme_pairs": ["theme_a", "theme_b"],
    "hyphens": ["form"],
    "terms_by_year": ["period", "term"],
    "terms_by_half": ["period", "term"],
    "words_by_year": ["period"],
    "words_by_half": ["period"],
    "documents_by_term": ["term"],
}
TERM_TABLES = (
    "terms_by_year", "terms_by_half", "words_by_year", "words_by_half", "documents_by_term",
)  # fmt: skip


@dataclass(frozen=True)
class Rules:
    """Every rule file the partitions read, read once and sent to each worker."""

    cues: Cues
    codebook: Codebook
    voice: VoiceRules
    senses: tuple[SenseRule, ...]
    name_cues: NameCues
    stop_words: frozenset[str]


def read_rules() -> Rules:
    """The rules of ``data/``, as the notebooks read them."""
    cues = read_cues()
    return Rules(
        cues=cues,
        codebook=read_codebook(cues=cues),
        voice=read_voice_rules(),
        senses=tuple(read_senses()),
        name_cues=read_name_cues(),
        stop_words=frozenset(read_stop_words()),
    )


def _long(wide: pd.DataFrame, keys: list[str], value: str) -> pd.DataFrame:
    """A wide count table as ``keys..., value`` rows, zeros left out."""
    table = wide.stack().rename(value).reset_index()
    table.columns = [*keys, value]
    return table[table[value] != 0].reset_index(drop=True)


def partition_tables(corpus: Corpus, rules: Rules) -> dict[str, pd.DataFrame]:
    """The tables of one partition.

    In: the partition's corpus (``load_corpus(folder, files=...)``); the rules.
    Out: ``PARTITION_TABLES``: ``documents`` (without their text, which
    ``texts`` holds as counted), ``units`` (``build_units``), ``report`` (the
    loader's), ``texts`` (``doc_id, year, text``: notebook 03's texts), and
    the counts that add up: ``frames`` (``year, frame, n``), ``documents_per_year``
    (``year, n_documents``), ``security_rights`` (``security_rights_counts``),
    ``theme_pairs`` (``theme_a, theme_b, n``: the square of
    ``cooccurrence_counts`` with the units counted on the row ``(units, units)``),
    ``hyphens`` (``form, count``).
    """
    documents = corpus.documents
    units = build_units(
        corpus, rules.cues, rules.codebook, rules.voice, rules.senses, workers=1, progress=False
    )
    years = sorted(int(y) for y in documents["year"].unique())
    framed = framed_sentences(units, corpus.sentences)
    frames = frame_counts(framed, years=years, shares=False)[list(FRAMES)]
    per_year = documents.groupby("year").size().rename("n_documents").reset_index()
    theme_units = units_for_themes(units, corpus.sentences, "sentence", include_titles=True)
    matrix = theme_flags(theme_units, rules.codebook.names)
    square = cooccurrence_counts(matrix)
    pairs = _long(
        square.rename_axis(index="theme_a", columns="theme_b"), ["theme_a", "theme_b"], "n"
    )
    pairs = pd.concat(
        [pairs, pd.DataFrame({"theme_a": ["units"], "theme_b": ["units"], "n": [len(matrix)]})],
        ignore_index=True,
    )
    texts = counted_documents(units, mask="people", include_titles=False)  # as notebook 03
    texts, _ = apply_senses(texts, list(rules.senses))
    hyphens = hyphen_counts(texts["text"], workers=1)
    return {
        "documents": documents.drop(columns=["text"]),
        "units": units,
        "report": corpus.report,
        "texts": texts[["doc_id", "year", "text"]].reset_index(drop=True),
        "frames": _long(frames.rename_axis(columns="frame"), ["year", "frame"], "n"),
        "documents_per_year": per_year.astype({"year": "int64", "n_documents": "int64"}),
        "security_rights": security_rights_counts(crime_units(units)),
        "theme_pairs": pairs.astype({"n": "int64"}),
        "hyphens": pd.DataFrame(
            {"form": list(hyphens), "count": np.array(list(hyphens.values()), dtype=np.int64)}
        ),
    }


def analyzer_from(hyphens: pd.DataFrame, stop_words: frozenset[str]) -> TermAnalyzer:
    """Notebook 03's analyzer (unigrams and bigrams) from the corpus's summed ``hyphens``."""
    counts = dict(zip(hyphens["form"], hyphens["count"].astype(int), strict=True))
    return TermAnalyzer(frozenset(stop_words), variants_from_counts(counts), (1, 2))


def term_tables(
    texts: pd.DataFrame,
    analyzer: TermAnalyzer,
    years: Iterable[int],
    periods: Mapping[str, tuple[int, int]] = KEYNESS_PERIODS,
) -> dict[str, pd.DataFrame]:
    """A partition's term counts, with the corpus's analyzer.

    In: the partition's ``texts``; :func:`analyzer_from`; the corpus's years;
    the two keyness periods. Out: ``TERM_TABLES``: ``terms_by_year`` and
    ``terms_by_half`` (``period, term, count``, from ``count_by_period`` on the
    texts pooled by year and by period), ``words_by_year`` and ``words_by_half``
    (``period, words``, ``word_totals``), ``documents_by_term`` (``term,
    n_docs``, ``keyness.document_counts`` over the documents of the periods).
    """
    halves_of = periods_by_range(years, periods)
    out = {}
    for name, grouping in (("year", None), ("half", halves_of)):
        pooled = pool_by_period(texts, grouping)
        if pooled.empty:
            out[f"terms_by_{name}"] = pd.DataFrame({"period": [], "term": [], "count": []})
            out[f"words_by_{name}"] = pd.DataFrame({"period": [], "words": []})
            continue
        pooled["period"] = pooled["period"].astype(str)
        counts = count_by_period(pooled, analyzer, workers=1)
        out[f"terms_by_{name}"] = _long(counts, ["period", "term"], "count")
        out[f"words_by_{name}"] = word_totals(pooled, analyzer).reset_index()
    in_periods = texts[texts["year"].isin(list(halves_of))]
    n_docs = document_counts(in_periods, analyzer)
    out["documents_by_term"] = n_docs.rename_axis("term").reset_index()
    for name in ("terms_by_year", "terms_by_half"):
        out[name] = out[name].astype({"period": str, "term": str, "count": "int64"})
    for name in ("words_by_year", "words_by_half"):
        out[name] = out[name].astype({"period": str, "words": "int64"})
    out["documents_by_term"] = out["documents_by_term"].astype({"term": str, "n_docs": "int64"})
    return out


def sum_tables(name: str, parts: Iterable[pd.DataFrame]) -> pd.DataFrame:
    """One of ``SUMMED_TABLES`` summed over partitions, in batches (never all at once).

    In: the table's name; its partitions' tables. Out: one row per key, sorted
    by the keys, the counts summed.
    """
    keys = SUMMED_TABLES[name]
    total: pd.DataFrame | None = None
    batch: list[pd.DataFrame] = []

    def fold(total: pd.DataFrame | None, batch: list[pd.DataFrame]) -> pd.DataFrame:
        frames = [total, *batch] if total is not None else batch
        return pd.concat(frames, ignore_index=True).groupby(keys, sort=True).sum().reset_index()

    for part in parts:
        batch.append(part)
        if len(batch) >= 32:
            total, batch = fold(total, batch), []
    if batch or total is None:
        total = fold(total, batch) if batch else None
    return total.reset_index(drop=True) if total is not None else pd.DataFrame(columns=keys)


def frames_table(frames: pd.DataFrame, years: Iterable[int]) -> pd.DataFrame:
    """Notebook 02's frames by year (``framing.frame_counts``) from summed ``frames``.

    In: ``year, frame, n`` summed; the corpus's years. Out: as ``frame_counts``.
    """
    template = frame_counts(pd.DataFrame({"year": [], "frame": []}), years=years)
    counts = frames.pivot_table(index="year", columns="frame", values="n", aggfunc="sum")
    counts = counts.reindex(index=template.index, columns=list(FRAMES)).fillna(0)
    template[list(FRAMES)] = counts.astype("int64").to_numpy()
    template["total"] = template[list(FRAMES)].sum(axis=1)
    total = template["total"].where(template["total"] > 0)
    for frame in FRAMES:
        template[f"share_{frame}"] = template[frame] / total
    return template


def security_rights_table(counts: pd.DataFrame) -> pd.DataFrame:
    """Notebook 02's security/rights table from summed counts."""
    return security_rights_from_counts(counts)


def cooccurrence_table(
    pairs: pd.DataFrame, names: Iterable[str], min_count: int = DEFAULT_MIN_COUNT
) -> pd.DataFrame:
    """Notebook 04's theme pairs (``cooccurrence``) from summed ``theme_pairs``.

    In: ``theme_a, theme_b, n`` summed; the codebook's theme names, in its order;
    ``min_count`` as in ``cooccurrence``. Out: as ``cooccurrence``.
    """
    n_units = int(pairs.loc[pairs["theme_a"] == "units", "n"].sum())
    pairs = pairs[pairs["theme_a"] != "units"]
    names = list(names)
    square = pairs.pivot_table(index="theme_a", columns="theme_b", values="n", aggfunc="sum")
    square = square.reindex(index=names, columns=names).fillna(0).astype("int64")
    return cooccurrence_from_counts(square, n_units, min_count)


def _wide(counts: pd.DataFrame, value: str) -> tuple[list[str], list[str], sparse.csr_matrix]:
    periods = list(dict.fromkeys(counts["period"]))
    terms = sorted(set(counts["term"]))
    rows = pd.Categorical(counts["period"], categories=periods).codes
    cols = pd.Categorical(counts["term"], categories=terms).codes
    matrix = sparse.csr_matrix(
        (counts[value].to_numpy(), (rows, cols)), shape=(len(periods), len(terms))
    )
    return periods, terms, matrix


def tfidf_from_counts(counts: pd.DataFrame, order: Iterable[str]) -> pd.DataFrame:
    """TF-IDF by period from summed term counts, as ``terms_stats.tfidf_by_period`` weighs them.

    In: ``period, term, count`` summed; the periods in their order. Out:
    ``period, term, tfidf``, the non-zero weights (scikit-learn's
    ``TfidfTransformer`` on the count matrix is what ``TfidfVectorizer`` does
    after counting, so the weights are the same).
    """
    order = [str(p) for p in order]
    if counts.empty:  # no document, or none with a term
        return pd.DataFrame({"period": [], "term": [], "tfidf": []})
    counts = counts.assign(period=pd.Categorical(counts["period"], categories=order))
    counts = counts.sort_values(["period", "term"], kind="stable")
    _, terms, matrix = _wide(counts.assign(period=counts["period"].astype(str)), "count")
    weights = TfidfTransformer().fit_transform(matrix.astype(np.float64)).tocoo()
    present = [p for p in order if p in set(counts["period"].astype(str))]
    table = pd.DataFrame(
        {
            "period": np.array(present, dtype=object)[weights.row],
            "term": np.array(terms, dtype=object)[weights.col],
            "tfidf": weights.data,
        }
    )
    return table.sort_values(["period", "term"], key=_period_key(present)).reset_index(drop=True)


def top_terms_from_long(tfidf: pd.DataFrame, n: int = 25) -> pd.DataFrame:
    """``terms_stats.top_terms`` of a long ``period, term, tfidf`` table, a period at a time."""
    tables = []
    for period, group in tfidf.groupby("period", sort=False):
        wide = pd.DataFrame([group["tfidf"].to_numpy()], index=[period], columns=group["term"])
        tables.append(top_terms(wide, n))
    return pd.concat(tables, ignore_index=True) if tables else top_terms(pd.DataFrame(), n)


def _period_key(order: list[str]):
    rank = {p: i for i, p in enumerate(order)}
    return lambda column: column.map(rank) if column.name == "period" else column


def keyness_from_counts(
    terms_by_half: pd.DataFrame,
    words_by_half: pd.DataFrame,
    documents_by_term: pd.DataFrame,
    periods: Mapping[str, tuple[int, int]] = KEYNESS_PERIODS,
    min_count: int = 3,
) -> pd.DataFrame:
    """Notebook 03's keyness table (``keyness.keyness_table``) from summed counts.

    Out: as ``keyness_table``; no row when a period has no word (nothing to compare).
    """
    first, second = list(periods)
    present = set(words_by_half.loc[words_by_half["words"] > 0, "period"])
    if not {first, second} <= present:
        return pd.DataFrame(columns=KEYNESS_TABLE_COLUMNS)
    wide = terms_by_half.pivot_table(
        index="period", columns="term", values="count", aggfunc="sum", fill_value=0
    )
    wide = wide.reindex(index=[first, second], fill_value=0).rename_axis(columns="term")
    totals = words_by_half.set_index("period")["words"].reindex([first, second], fill_value=0)
    n_docs = documents_by_term.set_index("term")["n_docs"]
    return keyness_table(wide, totals, first, second, n_docs, min_count=min_count)
