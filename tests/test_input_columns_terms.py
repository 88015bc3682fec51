# ruff: noqa: E501  (module paths grew with the subpackages; this file shrinks with the checks)
"""Public DataFrame functions of the terms, keyness, names and seminar modules name a
missing input column (#18).

Each function that reads fixed columns of a table it is given checks them first
(``checks.require_columns``): called with a small valid input from which one of
those columns is dropped, it raises ``ValueError`` naming itself and the column,
not a bare ``KeyError``. A second test reads the modules themselves, so that a
public function taking a DataFrame is either checked here or exempt for a
stated reason.
"""

from __future__ import annotations

import ast
import importlib
import re
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from helpers.rules import words as terms
from helpers.rules.cues import CUE_COLUMNS  # noqa: E402

MODULES = [
    "rules.words", "analysis.terms", "figures.terms", "analysis.terms_findings", "analysis.stability", "analysis.keyness",
    "rules.name_finder", "teaching.search", "teaching.quiz", "teaching.edits",
    "teaching.terms", "scale.tables",
]  # fmt: skip

DOCUMENT_COLUMNS = ["doc_id", "year", "title", "text"]
FINDINGS_COLUMNS = ["term", "g2", "p_value", "q", "n_docs", "below_threshold", "single_document",
                    "direction"]  # fmt: skip

# function: {argument: the columns it reads whatever the other arguments}
REQUIRED: dict[str, dict[str, list[str]]] = {
    "analysis.terms.pool_by_period": {"texts": ["doc_id", "year", "text"]},
    "analysis.terms.tfidf_by_period": {"pooled": ["period", "text"]},
    "analysis.terms.count_by_period": {"pooled": ["period", "text"]},
    "analysis.terms.word_totals": {"pooled": ["period", "text"]},
    "analysis.terms.compare_top_terms": {
        "first": ["period", "rank", "term"],
        "second": ["period", "rank", "term"],
    },
    "figures.terms.plot_top_terms": {"top": ["period", "rank", "term", "tfidf"]},
    "figures.terms.plot_term_heatmap": {"table": ["term", "period", "tfidf", "count"]},
    "figures.terms.plot_drift": {"drift": ["period_from", "period_to", "drift"]},
    "figures.terms.drift_title": {"drift": ["period_from", "period_to"]},
    "figures.terms.plot_stability": {"stability": ["period", "rank", "term", "bootstrap_share"]},
    "analysis.terms_findings.top_terms_finding": {"top": ["period", "term"]},
    "analysis.terms_findings.similarity_finding": {"pairs": ["period_a", "period_b", "cosine"]},
    "analysis.terms_findings.stability_findings": {"stability": ["bootstrap_share"]},
    "analysis.stability.bootstrap_top_terms": {"sentences": ["doc_id", "year", "text"]},
    "analysis.stability.leave_one_out_top_terms": {"texts": ["doc_id", "year", "text"]},
    "analysis.keyness.document_counts": {"texts": ["text"]},
    "analysis.keyness.keyness_findings": {"key": FINDINGS_COLUMNS},
    "rules.words.name_cues_from_table": {"table": ["kind", "cue", "match", "rationale"]},
    "analysis.keyness.keyness_caption": {"shown": ["below_threshold", "single_document", "q"]},
    "analysis.keyness.keyness_title": {"key": ["q", "direction"]},
    "analysis.keyness.plot_keyness_marked": {
        "table": ["term", "log_ratio", "direction", "below_threshold", "single_document"]
    },
    "rules.name_finder.find_people": {"sentences": ["doc_id", "text"]},
    # The sentences have no year, so the years are read from the documents.
    "teaching.search.search_hits": {
        "sentences": ["doc_id", "sent_id", "text"],
        "documents": ["doc_id", "year"],
    },
    "teaching.search.check_search_years": {
        "sentences": ["doc_id", "sent_id", "text"],
        "documents": ["doc_id", "year"],
    },
    "teaching.search.check_search_count": {
        "sentences": ["doc_id", "sent_id", "text"],
        "documents": ["doc_id", "year"],
    },
    "teaching.quiz.frame_quiz": {"framed": ["year", "doc_id", "sent_id", "sentence", "frame"]},
    "teaching.quiz.quiz_text": {"quiz": ["number", "year", "doc_id", "sent_id", "sentence"]},
    "teaching.quiz.check_quiz_frames": {"quiz": ["number", "sentence"]},
    "teaching.quiz.check_quiz_why": {"quiz": ["number", "sentence"]},
    "teaching.edits.add_cue": {"cues_table": list(CUE_COLUMNS)},
    "teaching.edits.add_pattern": {"codebook_table": ["theme", "patterns"]},
    "teaching.edits.year_changes": {
        "before_documents": ["year"],
        "after_documents": ["year"],
        "before_framed": ["year", "frame"],
        "after_framed": ["year", "frame"],
    },
    "teaching.edits.check_new_cue": {
        "cues_table": list(CUE_COLUMNS),
        "sentences": ["doc_id", "sent_id", "text"],
        "documents": ["doc_id", "year"],
        "labelled": ["sentence", "frame"],
    },
    "teaching.edits.check_new_pattern": {
        "codebook_table": ["theme", "definition", "patterns"],
        "units": ["text"],
    },
    "teaching.edits.check_new_page": {"base_documents": ["year"]},
    "teaching.terms.side_by_side": {"top": ["period", "rank", "term"]},
    "teaching.terms.top_terms_by_year": {"units": ["doc_id", "year", "part", "text", "people"]},
    "teaching.terms.speaker_words": {"units": ["year", "speaker"]},
    "teaching.terms.check_speaker_terms": {
        "units": ["doc_id", "year", "part", "text", "people", "speaker"],
    },
    "teaching.terms.check_what_lists_show": {"documents": ["doc_id", "year"]},
}

# Public functions that take a DataFrame but read no fixed column of it, with the reason.
EXEMPT: dict[str, str] = {
    # Wide tables: one column per term (or per period), read by position or by the
    # terms and periods the caller names; no column name is fixed.
    "analysis.terms.top_terms": "period x term weights: reads the index and every term column",
    "analysis.terms.ties_at_rank": "period x term weights: reads the index and every term column",
    "analysis.terms.tfidf_steps": "document x term counts: reads every column",
    "analysis.terms.term_table": "period x term tables: reads the terms the caller gives",
    "analysis.terms.cosine_similarity_table": "period x term weights: reads every column",
    "analysis.terms.consecutive_drift": "period x term weights: reads every column",
    "analysis.terms.keyness": "period x term counts: reads the rows of the two periods given",
    "figures.terms.plot_similarity": "period x period table: reads every column",
    "analysis.terms_findings.peak_findings": "period x term tables: reads the words given, if present",
    "analysis.keyness.keyness_table": "period x term counts: passes them to terms_stats.keyness",
    # The partitioned pipeline: each table is a partition's, made by scale_tables itself,
    # and handed to the notebooks' functions, which check what they read.
    "scale.tables.analyzer_from": "reads form and count of the hyphens table it made",
    "scale.tables.term_tables": "texts go to pool_by_period, which checks",
    "scale.tables.sum_tables": "sums the count columns of the tables it made, by their keys",
    "scale.tables.frames_table": "year, frame, n of the frames table it made",
    "scale.tables.security_rights_table": "passed to security_rights_from_counts, which checks",
    "scale.tables.cooccurrence_table": "theme_a, theme_b, n of the pairs table it made",
    "scale.tables.tfidf_from_counts": "period, term, count of the terms table it made",
    "scale.tables.top_terms_from_long": "period, term, tfidf of the table it made",
    "scale.tables.keyness_from_counts": "the count tables it made, passed to keyness_table",
    # Optional columns only.
    "analysis.terms_findings.stability_caption": "reads loo_share only when the table has it",
    "teaching.edits.shaped_note": "reads shaped_cues only when the table has it",
    # Passed on to a public function that reads (and checks) it.
    "teaching.quiz.frame_of": "a cue table is passed to framing.frame_sentence",
    "teaching.quiz.deciding_words": "a cue table is passed to framing.analyse",
}


def _function(name: str):
    module, function = name.rsplit(".", 1)
    return getattr(importlib.import_module(f"helpers.{module}"), function)


def valid_arguments(name: str, cues, codebook) -> dict[str, object]:
    """Small valid keyword arguments of the function ``name`` (new tables on each call)."""
    texts = pd.DataFrame(
        {
            "doc_id": ["a", "b"],
            "year": [2003, 2008],
            "text": [
                "Trafficking in human beings differs from migrant smuggling.",
                "Migrant smuggling and trafficking are linked, said Ruth Pojman.",
            ],
        }
    )
    documents = texts.assign(title=["One", "Two"])
    sentences = pd.DataFrame(
        {
            "doc_id": ["a", "b"],
            "sent_id": [1, 1],
            "para_id": [1, 1],
            "part": ["body", "body"],
            "text": list(texts["text"]),
        }
    )
    pooled = pd.DataFrame({"period": [2003, 2008], "text": list(texts["text"])})
    annotated = pd.DataFrame(
        {"doc_id": ["a", "b"], "year": [2003, 2008], "sent_id": [1, 1], "unit_id": ["a#s1", "b#s1"],
         "part": ["body", "body"], "text": list(texts["text"]), "senses": ["", ""],
         "names": ["", ""], "people": ["", ""], "speaker": ["", ""]}
    )  # fmt: skip
    top = pd.DataFrame(
        {"period": [2003, 2003], "rank": [1, 2], "term": ["migrant", "smuggling"],
         "tfidf": [0.5, 0.4]}
    )  # fmt: skip
    stability = top.assign(bootstrap_share=[1.0, 0.5])
    framed = pd.DataFrame(
        {"year": [2003], "doc_id": ["a"], "sent_id": [1], "part": ["body"],
         "sentence": [texts["text"][0]], "frame": ["distinction"]}
    )  # fmt: skip
    quiz = framed.drop(columns=["frame", "part"]).assign(number=[1])
    key = pd.DataFrame(
        [{"term": "migrant", "count_a": 1, "count_b": 5, "per_10k_a": 1.0, "per_10k_b": 5.0,
          "log_ratio": 2.3, "g2": 4.2, "p_value": 0.04, "q": 0.04, "n_docs": 2,
          "direction": "rises", "single_document": False, "below_threshold": False}]
    )  # fmt: skip
    analyzer = terms.make_analyzer(texts["text"], frozenset())
    arguments: dict[str, dict[str, object]] = {
        "analysis.terms.pool_by_period": {"texts": texts},
        "rules.words.name_cues_from_table": {"table": pd.read_csv(terms.NAME_CUES_FILE, dtype=str)},
        "analysis.terms.tfidf_by_period": {"pooled": pooled, "analyzer": analyzer},
        "analysis.terms.count_by_period": {"pooled": pooled, "analyzer": analyzer},
        "analysis.terms.word_totals": {"pooled": pooled, "analyzer": analyzer},
        "analysis.terms.compare_top_terms": {"first": top, "second": top.copy(),
                                          "labels": ("one", "two")},
        "figures.terms.plot_top_terms": {"top": top},
        "figures.terms.plot_term_heatmap": {
            "table": pd.DataFrame({"term": ["migrant"], "period": [2003], "tfidf": [0.5],
                                   "count": [2]})
        },
        "figures.terms.plot_drift": {
            "drift": pd.DataFrame({"period_from": [2003], "period_to": [2008], "cosine": [0.4],
                                   "drift": [0.6]})
        },
        "figures.terms.drift_title": {
            "drift": pd.DataFrame({"period_from": [2003], "period_to": [2008]})
        },
        "figures.terms.plot_stability": {"stability": stability},
        "analysis.terms_findings.top_terms_finding": {"top": top},
        "analysis.terms_findings.similarity_finding": {
            "pairs": pd.DataFrame({"period_a": [2003], "period_b": [2008], "cosine": [0.4]}),
            "n_documents": {2003: 1, 2008: 1},
        },
        "analysis.terms_findings.stability_findings": {"stability": stability, "n_boot": 10},
        "analysis.stability.bootstrap_top_terms": {"sentences": texts, "analyzer": analyzer,
                                                "n_boot": 2},
        "analysis.stability.leave_one_out_top_terms": {"texts": texts, "analyzer": analyzer},
        "analysis.keyness.document_counts": {"texts": texts, "analyzer": analyzer},
        "analysis.keyness.keyness_findings": {"key": key, "first": "early", "second": "late",
                                     "n_documents": {"early": 1, "late": 1}},
        "analysis.keyness.keyness_caption": {"shown": key, "first": "early", "second": "late",
                                    "n_tested": 1},
        "analysis.keyness.plot_keyness_marked": {"table": key, "labels": ("early", "late")},
        "analysis.keyness.keyness_title": {"key": key, "first": "early", "second": "late"},
        "rules.name_finder.find_people": {"sentences": sentences},
        "teaching.search.search_hits": {"sentences": sentences, "documents": documents},
        "teaching.search.check_search_years": {"answer": [2003], "sentences": sentences,
                                              "documents": documents},
        "teaching.search.check_search_count": {"answer": 1, "sentences": sentences,
                                              "documents": documents},
        "teaching.quiz.frame_quiz": {"framed": framed},
        "teaching.quiz.quiz_text": {"quiz": quiz},
        "teaching.quiz.check_quiz_frames": {"answer": ["distinction"], "quiz": quiz,
                                           "cues": cues},
        "teaching.quiz.check_quiz_why": {"answer": "differs from", "quiz": quiz, "cues": cues},
        "teaching.edits.add_cue": {"cues_table": cues.table, "new_cue": None},
        "teaching.edits.add_pattern": {"codebook_table": codebook.table, "theme": "victims",
                                      "pattern": None},
        "teaching.edits.year_changes": {
            "before_documents": documents, "before_framed": framed,
            "after_documents": documents.copy(), "after_framed": framed.copy(),
        },
        "teaching.edits.check_new_cue": {
            "answer": {"list": "nexus", "cue": "sell", "match": "phrase"},
            "cues_table": cues.table, "sentences": sentences, "documents": documents,
            "labelled": pd.DataFrame({"sentence": list(texts["text"]),
                                      "frame": ["distinction", "nexus"]}),
        },
        "teaching.edits.check_new_pattern": {
            "answer": "lives", "codebook_table": codebook.table, "cues": cues,
            "units": pd.DataFrame({"text": list(texts["text"])}),
        },
        # The check of the documents comes before the corpus with the page is read.
        "teaching.edits.check_new_page": {"answer": "A page.", "new_corpus": None,
                                         "base_documents": documents, "cues": cues},
        "teaching.terms.side_by_side": {"top": top, "first": 2003, "second": 2003},
        "teaching.terms.top_terms_by_year": {"units": annotated},
        "teaching.terms.speaker_words": {"units": annotated, "year": 2008},
        "teaching.terms.check_speaker_terms": {"answer": ["migrant"], "units": annotated,
                                              "year": 2003},
        "teaching.terms.check_what_lists_show": {"answer": "b", "documents": documents,
                                                "first": 2003, "second": 2008},
    }  # fmt: skip
    return arguments[name]


CASES = [
    pytest.param(name, argument, column, id=f"{name.split('.')[1]}-{argument}-{column}")
    for name, tables in REQUIRED.items()
    for argument, columns in tables.items()
    for column in columns
]


@pytest.mark.parametrize(("name", "argument", "column"), CASES)
def test_a_missing_column_is_named(name: str, argument: str, column: str, cues, codebook) -> None:
    arguments = valid_arguments(name, cues, codebook)
    arguments[argument] = arguments[argument].drop(columns=column)
    function = name.rsplit(".", 1)[1]
    message = rf"^{function}: the table has no column '{re.escape(column)}'"
    try:
        with pytest.raises(ValueError, match=message):
            _function(name)(**arguments)
    finally:
        plt.close("all")


@pytest.mark.parametrize("name", list(REQUIRED))
def test_the_valid_inputs_pass_the_checks(name: str, cues, codebook) -> None:
    """The inputs above are valid, so each error above comes from the column dropped."""
    try:
        result = _function(name)(**valid_arguments(name, cues, codebook))
    finally:
        plt.close("all")
    # A seminar check turns an error into a message: none here but check_new_page's,
    # which is given no corpus with the page.
    if name != "teaching.edits.check_new_page" and isinstance(result, str):
        assert "could not be checked" not in result, result


def _dataframe_functions(module: str) -> set[str]:
    """The public functions of ``helpers.<module>`` with a parameter annotated as a DataFrame."""
    loaded = importlib.import_module(f"helpers.{module}")
    tree = ast.parse(Path(loaded.__file__).read_text(encoding="utf-8"))
    public = set(loaded.__all__)
    found = set()
    for node in tree.body:
        if not isinstance(node, ast.FunctionDef) or node.name not in public:
            continue
        parameters = [*node.args.posonlyargs, *node.args.args, *node.args.kwonlyargs]
        annotations = [ast.unparse(p.annotation) for p in parameters if p.annotation]
        if any("DataFrame" in annotation for annotation in annotations):
            found.add(f"{module}.{node.name}")
    return found


def test_every_dataframe_function_is_checked_or_exempt() -> None:
    found = set().union(*(_dataframe_functions(module) for module in MODULES))
    unchecked = sorted(found - set(REQUIRED) - set(EXEMPT))
    assert not unchecked, f"check their columns (or exempt them, saying why): {unchecked}"
    assert not set(REQUIRED) & set(EXEMPT)
    stale = sorted((set(REQUIRED) | set(EXEMPT)) - found)
    assert not stale, f"not public DataFrame functions of these modules: {stale}"
