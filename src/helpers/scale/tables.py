"""A partition's tables, and the corpus's aggregate tables summed from them.

The notebooks' own functions read each partition and compute the aggregates from the
summed counts, so the tables are the same bytes. Only the term tables may differ from one
process: same text with different bytes in two partitions is kept twice, and people's
names are found per partition.
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
)
from helpers.analysis.keyness import KEYNESS_TABLE_COLUMNS, document_counts, keyness_table
from helpers.analysis.overview import documents_per_year
from helpers.analysis.periods import periods_by_range
from helpers.analysis.terms import count_by_period, pool_by_period, top_terms, word_totals
from helpers.analysis.themes import (
    DEFAULT_MIN_COUNT,
    cooccurrence_counts,
    cooccurrence_from_counts,
    presence_by_year,
)
from helpers.corpus.load import Corpus
from helpers.reading.counted import counted_documents
from helpers.reading.framing import FRAMES, frame_counts
from helpers.reading.themes import Codebook, read_codebook
from helpers.reading.units import build_units
from helpers.reading.views import framed_sentences, theme_flags, units_for_themes
from helpers.reading.voice import VoiceRules, read_voice_rules
from helpers.rules.cues import Cues, read_cues
from helpers.rules.name_cues import NameCues, read_name_cues
from helpers.rules.senses import SenseRule, apply_senses, read_senses
from helpers.rules.words import TermAnalyzer, hyphen_counts, read_stop_words, variants_from_counts

__all__ = [
    "KEYNESS_PERIODS", "PARTITION_TABLES", "SUMMED_TABLES", "TERM_TABLES", "Rules",
    "analyzer_from", "cooccurrence_table", "frames_table", "keyness_from_counts",
    "partition_tables", "read_rules", "square_from_pairs", "sum_tables", "term_tables",
    "tfidf_from_counts", "top_terms_from_long",
]  # fmt: skip

# notebook 03's early and late periods for keyness
KEYNESS_PERIODS = {"2003-2008": (2003, 2008), "2013-2017": (2013, 2017)}
PARTITION_TABLES = (
    "documents", "units", "report", "texts", "frames", "documents_per_year", "documents_by_type",
    "security_rights", "theme_pairs", "theme_pairs_by_year", "themes_by_year", "hyphens",
)  # fmt: skip
SUMMED_TABLES = {  # table: its keys (the other columns are counts, summed)
    "frames": ["year", "frame"],
    "documents_per_year": ["year"],
    "documents_by_type": ["year", "doc_type"],
    "themes_by_year": ["year", "theme"],
    "security_rights": ["year", "crime"],
    "theme_pairs": ["theme_a", "theme_b"],
    "theme_pairs_by_year": ["year", "theme_a", "theme_b"],
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
    """The rule files the partitions use, read once and sent to every worker."""

    cues: Cues
    codebook: Codebook
    voice: VoiceRules
    senses: tuple[SenseRule, ...]
    name_cues: NameCues
    stop_words: frozenset[str]


def read_rules() -> Rules:
    """The rules of ``data/``, as the notebooks read them."""
    cues = read_cues()
    return Rules(cues, read_codebook(cues=cues), read_voice_rules(), tuple(read_senses()),
                 read_name_cues(), frozenset(read_stop_words()))  # fmt: skip


def _long(wide: pd.DataFrame, keys: list[str], value: str) -> pd.DataFrame:
    """A wide count table as ``keys..., value`` rows, zeros left out."""
    table = wide.rename_axis(index=keys[0], columns=keys[1]).stack().rename(value).reset_index()
    table.columns = [*keys, value]
    return table[table[value] != 0].reset_index(drop=True)


def _pairs(matrix: pd.DataFrame) -> pd.DataFrame:
    """``theme_a, theme_b, n``: the non-zero :func:`cooccurrence_counts` of a theme matrix,
    and its number of units on the row ``units, units``."""
    return pd.concat(
        [_long(cooccurrence_counts(matrix), ["theme_a", "theme_b"], "n"),
         pd.DataFrame({"theme_a": ["units"], "theme_b": ["units"], "n": [len(matrix)]})],
        ignore_index=True,
    )  # fmt: skip


def partition_tables(corpus: Corpus, rules: Rules) -> dict[str, pd.DataFrame]:
    """``PARTITION_TABLES`` of a partition's corpus: ``documents`` (no text), ``units``,
    ``report``, notebook 03's ``texts``, and counts that add up (``theme_pairs`` holds the
    number of units on the row ``units, units``, and so does ``theme_pairs_by_year`` for each
    year; ``themes_by_year``, notebook 04's ``presence_by_year`` without its shares)."""
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
    pairs = _pairs(matrix)
    presence = presence_by_year(theme_units, matrix)[["year", "theme", "n_units", "n_theme"]]
    unit_years = theme_units.loc[matrix.index, "year"].astype("int64").to_numpy()
    by_year = [_pairs(matrix[unit_years == y]).assign(year=y) for y in sorted(set(unit_years))]
    pairs_by_year = (
        pd.concat(by_year, ignore_index=True)[["year", "theme_a", "theme_b", "n"]]
        if by_year
        else pd.DataFrame({"year": [], "theme_a": [], "theme_b": [], "n": []})
    )
    texts = counted_documents(units, mask="people", include_titles=False)  # as notebook 03
    texts, _ = apply_senses(texts, list(rules.senses))
    hyphens = hyphen_counts(texts["text"], workers=1)
    return {
        "documents": documents.drop(columns=["text"]),
        "units": units,
        "report": corpus.report,
        "texts": texts[["doc_id", "year", "text"]].reset_index(drop=True),
        "frames": _long(frames, ["year", "frame"], "n"),
        "documents_per_year": per_year.astype({"year": "int64", "n_documents": "int64"}),
        "documents_by_type": documents_per_year(documents),
        "security_rights": security_rights_counts(crime_units(units)),
        "theme_pairs": pairs.astype({"n": "int64"}),
        "theme_pairs_by_year": pairs_by_year.astype({"year": "int64", "n": "int64"}),
        "themes_by_year": presence.astype({"year": "int64"}),
        "hyphens": pd.DataFrame(
            {"form": list(hyphens), "count": np.array(list(hyphens.values()), dtype=np.int64)}
        ),
    }


def analyzer_from(hyphens: pd.DataFrame, stop_words: frozenset[str]) -> TermAnalyzer:
    """Notebook 03's analyzer (uni- and bigrams) from the corpus's summed ``hyphens``."""
    counts = dict(zip(hyphens["form"], hyphens["count"].astype(int), strict=True))
    return TermAnalyzer(frozenset(stop_words), variants_from_counts(counts), (1, 2))


def term_tables(
    texts: pd.DataFrame,
    analyzer: TermAnalyzer,
    years: Iterable[int],
    periods: Mapping[str, tuple[int, int]] = KEYNESS_PERIODS,
) -> dict[str, pd.DataFrame]:
    """``TERM_TABLES`` of a partition's ``texts``, with the corpus's analyzer and years."""
    halves_of = periods_by_range(years, periods)
    out = {}
    for name, grouping in (("year", None), ("half", halves_of)):
        pooled = pool_by_period(texts, grouping)
        if pooled.empty:
            out[f"terms_by_{name}"] = pd.DataFrame({"period": [], "term": [], "count": []})
            out[f"words_by_{name}"] = pd.DataFrame({"period": [], "words": [], "n_documents": []})
            continue
        pooled["period"] = pooled["period"].astype(str)
        counts = count_by_period(pooled, analyzer, workers=1)
        out[f"terms_by_{name}"] = _long(counts, ["period", "term"], "count")
        words = word_totals(pooled, analyzer).reset_index()
        out[f"words_by_{name}"] = words.assign(n_documents=pooled["n_documents"].to_numpy())
    in_periods = texts[texts["year"].isin(list(halves_of))]
    n_docs = document_counts(in_periods, analyzer)
    out["documents_by_term"] = n_docs.rename_axis("term").reset_index()
    types = {"period": str, "term": str, "count": "int64", "words": "int64", "n_docs": "int64",
             "n_documents": "int64"}  # fmt: skip
    return {name: table.astype({c: types[c] for c in table}) for name, table in out.items()}


def sum_tables(name: str, parts: Iterable[pd.DataFrame]) -> pd.DataFrame:
    """One of ``SUMMED_TABLES`` summed over partitions, 32 at a time (never all at once):
    one row per key, sorted, the counts summed."""
    keys = SUMMED_TABLES[name]
    total: list[pd.DataFrame] = []
    for part in parts:
        total.append(part)
        if len(total) > 32:
            total = [pd.concat(total).groupby(keys, sort=True).sum().reset_index()]
    if not total:
        return pd.DataFrame(columns=keys)
    return pd.concat(total, ignore_index=True).groupby(keys, sort=True).sum().reset_index()


def frames_table(frames: pd.DataFrame, years: Iterable[int]) -> pd.DataFrame:
    """Notebook 02's ``frame_counts`` from summed ``frames`` and the corpus's years."""
    template = frame_counts(pd.DataFrame({"year": [], "frame": []}), years=years)
    counts = frames.pivot_table(index="year", columns="frame", values="n", aggfunc="sum")
    counts = counts.reindex(index=template.index, columns=list(FRAMES)).fillna(0)
    template[list(FRAMES)] = counts.astype("int64").to_numpy()
    template["total"] = template[list(FRAMES)].sum(axis=1)
    total = template["total"].where(template["total"] > 0)
    for frame in FRAMES:
        template[f"share_{frame}"] = template[frame] / total
    return template


def square_from_pairs(pairs: pd.DataFrame, names: Iterable[str]) -> tuple[pd.DataFrame, int]:
    """Notebook 04's ``cooccurrence_counts`` (themes x themes, in ``names`` order) and its
    number of units, from summed ``theme_pairs``."""
    n_units = int(pairs.loc[pairs["theme_a"] == "units", "n"].sum())
    pairs = pairs[pairs["theme_a"] != "units"]
    names = list(names)
    square = pairs.pivot_table(index="theme_a", columns="theme_b", values="n", aggfunc="sum")
    square = square.reindex(index=names, columns=names).fillna(0).astype("int64")
    square.index.name, square.columns.name = None, None
    return square, n_units


def cooccurrence_table(
    pairs: pd.DataFrame, names: Iterable[str], min_count: int = DEFAULT_MIN_COUNT
) -> pd.DataFrame:
    """Notebook 04's ``cooccurrence`` from summed ``theme_pairs`` and the theme names."""
    return cooccurrence_from_counts(*square_from_pairs(pairs, names), min_count)


def tfidf_from_counts(counts: pd.DataFrame, order: Iterable[str]) -> pd.DataFrame:
    """``period, term, tfidf`` (non-zero) from summed term counts: ``TfidfTransformer`` on
    them is what ``TfidfVectorizer`` does after counting."""
    order = [str(p) for p in order]
    if counts.empty:  # no document, or none with a term
        return pd.DataFrame({"period": [], "term": [], "tfidf": []})
    counts = counts.assign(period=pd.Categorical(counts["period"], categories=order))
    counts = counts.sort_values(["period", "term"], kind="stable")
    periods = counts["period"].astype(str)
    present = list(dict.fromkeys(periods))
    terms = sorted(set(counts["term"]))
    rows = pd.Categorical(periods, categories=present).codes
    cols = pd.Categorical(counts["term"], categories=terms).codes
    shape = (len(present), len(terms))
    matrix = sparse.csr_matrix((counts["count"].to_numpy(), (rows, cols)), shape=shape)
    weights = TfidfTransformer().fit_transform(matrix.astype(np.float64)).tocoo()
    table = pd.DataFrame(
        {
            "period": np.array(present, dtype=object)[weights.row],
            "term": np.array(terms, dtype=object)[weights.col],
            "tfidf": weights.data,
        }
    )
    rank = {p: i for i, p in enumerate(present)}
    key = lambda column: column.map(rank) if column.name == "period" else column  # noqa: E731
    return table.sort_values(["period", "term"], key=key).reset_index(drop=True)


def top_terms_from_long(tfidf: pd.DataFrame, n: int = 25) -> pd.DataFrame:
    """``top_terms`` of a long ``period, term, tfidf`` table, a period at a time."""
    tables = []
    for period, group in tfidf.groupby("period", sort=False):
        wide = pd.DataFrame([group["tfidf"].to_numpy()], index=[period], columns=group["term"])
        tables.append(top_terms(wide, n))
    return pd.concat(tables, ignore_index=True) if tables else top_terms(pd.DataFrame(), n)


def keyness_from_counts(
    terms_by_half: pd.DataFrame,
    words_by_half: pd.DataFrame,
    documents_by_term: pd.DataFrame,
    periods: Mapping[str, tuple[int, int]] = KEYNESS_PERIODS,
    min_count: int = 3,
) -> pd.DataFrame:
    """Notebook 03's ``keyness_table`` from summed counts; no row when a period has no word."""
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
