"""The functions a notebook calls name a missing column of a table they are given.

Every DataFrame parameter of every function on a subpackage's public face (its
``__init__`` ``__all__``) has a case here or an ``EXEMPT`` reason; the last test finds
those parameters by reading the signatures, so a new face function cannot slip past.
A case drops each column the function needs from an input that works (the seeds, read
as the notebooks read them, or small tables in the same shapes) and expects
``"<function>: the table has no column '<column>'"`` (``base.checks.require_columns``).
Functions are keyed by their face name, looked up in whichever face has it, so they may
move between modules and between the analysis and figures faces; a name on two faces is
keyed ``face.name``. Functions below the faces are not checked, and not tested here.
"""

from __future__ import annotations

import ast
import functools
import importlib
import inspect
import pkgutil
import re
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd
import pytest

import helpers
from helpers import analysis, reading, validation
from helpers.base.paths import SEEDS_DIR
from helpers.corpus import load_with_report
from helpers.rules import make_analyzer, read_senses
from helpers.teaching import explore

LABELLED = Path(__file__).parent / "labelled_sentences.csv"
FACES = sorted(m.name for m in pkgutil.iter_modules(helpers.__path__) if m.ispkg)
CHECKED = "^{function}: the table has no column '{column}' "
PERIODS = {"early": (2003, 2008), "late": (2013, 2017)}

COUNTS = (*reading.FRAMES, "total")
CRIMES = ("trafficking", "smuggling")
CUE = ("list", "cue", "match", "rationale")
TRUTHS = ("truth", "predicted")
BOOT = ("year", "frame", "n", "n_year", "share", "ci_low", "ci_high")
COMPARED = ("doc_id", "sent_id", "year", "sentence", "frame")
SENTENCE = ("doc_id", "year", "sent_id", "sentence", "frame", "cues")
SENSITIVITY = ("decision", "variant", "year", "frame", "n", "total")
QUOTES = ("doc_id", "year", "sent_id", "frame", "keyword", "sentence", "voice", "speaker")
LABELS = ("doc_id", "year", "place", "date")
AXIS = ("crime", "year", "security", "rights", "refugee")
BY_DOCUMENT = ("document", "crime", "security", "rights")
FLAGS = ("doc_id", "document", "year", "sent_id", "unit_id", "text", "crime", "senses",
         "security", "rights")  # fmt: skip
SEARCH = {"sentences": ("doc_id", "sent_id", "text"), "documents": ("doc_id", "year")}
EXPLORE = {**SEARCH, "framed": ("doc_id", "sent_id", "frame")}
FINDINGS = ("term", "g2", "p_value", "q", "n_docs", "below_threshold", "single_document",
            "direction")  # fmt: skip
PRESENCE = ("year", "theme", "n_units", "n_theme", "share")
FOUND_PAIRS = ("theme_a", "theme_b", "n_both", "n_a", "n_b", "n_units", "expected", "jaccard",
               "lift")  # fmt: skip
TESTED = ("theme", "variant", "k_first", "n_first", "k_second", "n_second", "difference",
          "ci_low", "ci_high", "q", "text")  # fmt: skip
SCORES = ("label", "n_true", "precision", "recall", "f1")


@dataclass(frozen=True)
class Case:
    """A face function (``key``), keyword arguments that work (built from the tables),
    the columns each DataFrame parameter needs, and the expected message. ``callee``: the
    function (a name or a pattern) whose check speaks for this one today; if that check
    goes, the face function must check for itself (its own name is always accepted)."""

    key: str
    inputs: Callable[[dict], dict]
    needs: dict[str, tuple[str, ...]]
    message: str = CHECKED
    callee: str = ""

    def call(self, t: dict, parameter: str = "", column: str = "") -> object:
        kwargs = self.inputs(t)
        kwargs = {k: v.copy() if isinstance(v, pd.DataFrame) else v for k, v in kwargs.items()}
        if column:
            assert column in kwargs[parameter].columns, f"{column!r} is not in the input"
            kwargs[parameter] = kwargs[parameter].drop(columns=column)
        return face_function(self.key)(**kwargs)

    def expected(self, column: str) -> str:
        names = "|".join(n for n in (self.key.rsplit(".", 1)[-1], self.callee) if n)
        return self.message.format(function=f"(?:{names})", column=re.escape(column))


def case(key: str, inputs: Callable[[dict], dict], /, message: str = CHECKED, callee: str = "",
         **needs: tuple[str, ...]) -> Case:  # fmt: skip
    return Case(key, inputs, needs, message, callee)


def faces_of() -> dict[str, list[str]]:
    """Each name on a face -> the faces that export it."""
    found: dict[str, list[str]] = {}
    for face in FACES:
        for name in importlib.import_module(f"helpers.{face}").__all__:
            found.setdefault(name, []).append(face)
    return found


def face_function(key: str) -> Callable:
    """The face function ``key``: ``name`` on the one face that has it, or ``face.name``."""
    face, _, name = key.rpartition(".")
    faces = [face] if face else faces_of().get(name, [])
    assert len(faces) == 1, f"{key} is on {len(faces)} faces: key it face.name"
    return getattr(importlib.import_module(f"helpers.{faces[0]}"), name)


@functools.cache
def _tree(path: str) -> ast.Module:
    return ast.parse(Path(path).read_text(encoding="utf-8"))


def face_parameters() -> set[str]:
    """``key(parameter)`` of every DataFrame-annotated parameter of a face function, or of
    a public method (``__init__`` included) of a face class, read from its source."""
    found = set()
    for name, faces in faces_of().items():
        for face in faces:
            obj = getattr(importlib.import_module(f"helpers.{face}"), name)
            if not (inspect.isfunction(obj) or inspect.isclass(obj)):
                continue
            obj = inspect.unwrap(obj)  # a seminar check is wrapped by its decorator
            tree = _tree(inspect.getsourcefile(obj))
            node = next(n for n in tree.body if getattr(n, "name", "") == name)
            functions = [("", node)] if isinstance(node, ast.FunctionDef) else [
                (f".{item.name}", item) for item in node.body if isinstance(item, ast.FunctionDef)
                and (item.name == "__init__" or not item.name.startswith("_"))]  # fmt: skip
            key = name if len(faces) == 1 else f"{face}.{name}"
            for method, function in functions:
                a = function.args
                found |= {
                    f"{key}{method}({p.arg})"
                    for p in a.posonlyargs + a.args + a.kwonlyargs
                    if p.annotation is not None and "DataFrame" in ast.unparse(p.annotation)
                }
    return found


def _terms(t: dict) -> dict:
    return {"pooled": t["pooled"], "analyzer": t["analyzer"]}


def _explore(t: dict) -> dict:
    return {"sentences": t["sentences"], "framed": t["framed"], "documents": t["documents"]}


def _search(t: dict) -> dict:
    return {"sentences": t["small_sentences"], "documents": t["small_documents"]}


def _themes(t: dict, **more) -> dict:
    return {"units": t["theme_units"], "matrix": t["matrix"], **more}


CASES: tuple[Case, ...] = (
    # reading
    case("frame_sentences",
         lambda t: {"sentences": t["sentences"], "documents": t["documents"], "cues": t["cues"]},
         sentences=("doc_id", "sent_id", "text"), documents=("doc_id", "year")),
    case("frame_counts", lambda t: {"framed": t["framed"]}, framed=("year", "frame")),
    case("bootstrap_shares", lambda t: {"framed": t["framed"], "n_boot": 10},
         framed=("year", "frame")),
    case("label_predictions", lambda t: {"labelled": t["labelled"], "cues": t["cues"]},
         labelled=("sentence", "frame")),
    case("sentence_voices", lambda t: {"sentences": t["sentences"], "rules": t["voice_rules"]},
         sentences=("doc_id", "sent_id", "text")),
    case("theme_matrix", lambda t: {"units": t["theme_units"], "codebook": t["codebook"]},
         units=("text",)),
    case("codebook_from_table", lambda t: {"table": t["codebook"].table, "cues": t["cues"]},
         table=("theme", "definition", "patterns")),
    case("theme_flags", lambda t: {"units": t["theme_units"], "names": ["trafficking"]},
         units=("themes",)),
    case("framed_sentences", lambda t: {"units": t["annotated"], "sentences": t["sentences"]},
         units=("frame",), sentences=("text",)),
    case("units_for_themes", lambda t: {"units": t["annotated"], "sentences": t["sentences"]},
         units=("themes",), sentences=("para_id",)),
    case("counted_units", lambda t: {"units": t["annotated"]}, units=("people",)),
    case("counted_documents", lambda t: {"units": t["annotated"]}, callee="counted_units",
         units=("part",)),
    case("people_table", lambda t: {"units": t["annotated"]}, units=("speaker",)),
    # rules and corpus
    case("cues_from_table", lambda t: {"table": t["cues"].table}, table=CUE),
    case("apply_senses", lambda t: {"table": t["sentences"], "rules": t["senses"]},
         table=("text",)),
    case("label_documents", lambda t: {"table": t["framed"], "documents": t["documents"]},
         callee="document_labels", table=("doc_id",), documents=LABELS),
    # analysis: framing
    case("frame_findings",
         lambda t: {"counts": t["counts"], "n_documents": {}, "survivors": t["leaders"]},
         counts=COUNTS, survivors=("year", "survives", "moves_under")),
    case("voice_counts", lambda t: {"framed": t["voiced"]}, framed=("frame", "voice")),
    case("whose_framing", lambda t: {"framed": t["voiced"], "frame": "trafficking"},
         framed=("frame", "voice", "speaker")),
    case("plot_quotations", lambda t: {"quotes": t["quotes"], "documents": t["documents"]},
         callee="document_labels", quotes=QUOTES, documents=LABELS),
    case("quotation_pages", lambda t: {"quotes": t["quotes"], "documents": t["documents"]},
         callee="document_labels", quotes=QUOTES, documents=LABELS),
    case("plot_frame_sensitivity", lambda t: {"table": t["sensitivity"]}, table=SENSITIVITY),
    case("plot_security_rights_units", lambda t: {"by_year": t["by_year"]},
         by_year=("crime", "year", "vocabulary", "n", "k", "p_value")),
    case("cue_summary", lambda t: {"table": t["cues"].table}, table=("list", "cue")),
    case("survival_summary", lambda t: {"leaders": t["leaders"]},
         leaders=("year", "as_coded", "survives", "moves_under")),
    case("kwic_quotes", lambda t: {"framed": t["framed"]}, framed=(*COMPARED, "cues")),
    case("crime_units", lambda t: {"units": t["annotated"]}, units=FLAGS),
    case("security_rights_tests", lambda t: {"units": t["axis"]},
         units=("crime", "security", "rights")),
    case("security_rights_by_year", lambda t: {"units": t["axis"]}, units=AXIS),
    case("security_rights_by_document", lambda t: {"units": t["axis"]}, units=BY_DOCUMENT),
    case("document_level_tests", lambda t: {"units": t["axis"]},
         callee="security_rights_by_document", units=BY_DOCUMENT),
    case("refugee_only", lambda t: {"units": t["axis"]}, units=("crime", "rights", "refugee")),
    case("frame_variants", lambda t: {"framed": t["framed"], "cues": t["cues"]},
         framed=("sentence", "part", "frame", "year")),
    case("surviving_leaders", lambda t: {"table": t["sensitivity"]}, table=SENSITIVITY),
    # the documents are read only when the sentences have no year
    case("kwic", lambda t: {"sentences": t["sentences_with_year"], "query": "smuggl"},
         sentences=("doc_id", "sent_id", "text")),
    case("kwic",
         lambda t: {"sentences": t["sentences"], "query": "smuggl", "documents": t["documents"]},
         documents=("doc_id", "year")),
    case("repeat_summary", lambda t: {"lines": t["corpus"].lines, "documents": t["documents"]},
         lines=("doc_id", "text", "role"), documents=("doc_id", "file", "n_paragraphs")),
    case("repeat_sentences", lambda t: {"summary": t["repeats"]},
         summary=("document", "file", "paragraphs", "twice", "once", "once_texts")),
    # analysis: terms and keyness
    case("pool_by_period", lambda t: {"texts": t["texts"]}, texts=("doc_id", "year", "text")),
    case("tfidf_by_period", _terms, pooled=("period", "text")),
    case("count_by_period", _terms, pooled=("period", "text")),
    case("word_totals", _terms, pooled=("period", "text")),
    case("compare_top_terms",
         lambda t: {"first": t["top"], "second": t["top"], "labels": ("one", "two")},
         first=("period", "rank", "term"), second=("period", "rank", "term")),
    case("top_terms_finding", lambda t: {"top": t["top"]}, top=("period", "term")),
    case("similarity_finding",
         lambda t: {"pairs": t["similar"], "n_documents": {2003: 1, 2008: 1}},
         pairs=("period_a", "period_b", "cosine")),
    case("distinct_pairs", lambda t: {"similarity_long": t["similar"], "order": [2003, 2008]},
         similarity_long=("period_a", "period_b")),
    case("stability_findings", lambda t: {"stability": t["stability"], "n_boot": 10},
         stability=("bootstrap_share",)),
    case("bootstrap_top_terms",
         lambda t: {"sentences": t["texts"], "analyzer": t["analyzer"], "n_boot": 2},
         sentences=("doc_id", "year", "text")),
    case("leave_one_out_top_terms", lambda t: {"texts": t["texts"], "analyzer": t["analyzer"]},
         texts=("doc_id", "year", "text")),
    case("document_counts", lambda t: {"texts": t["texts"], "analyzer": t["analyzer"]},
         texts=("text",)),
    case("keyness_findings", lambda t: {"key": t["key"], "first": "early", "second": "late",
                                        "n_documents": {"early": 1, "late": 1}},
         key=FINDINGS),
    case("keyness_extremes", lambda t: {"key": t["key"]}, key=("direction",)),
    case("keyness_caption",
         lambda t: {"shown": t["key"], "first": "early", "second": "late", "n_tested": 1},
         shown=("below_threshold", "single_document", "q")),
    case("keyness_title", lambda t: {"key": t["key"], "first": "early", "second": "late"},
         key=("q", "direction")),
    case("plot_keyness_marked", lambda t: {"table": t["key"], "labels": ("early", "late")},
         table=("term", "log_ratio", "direction", "below_threshold", "single_document")),
    # analysis: themes and the corpus overview
    case("top_pairs", lambda t: {"pairs": t["pairs"]}, pairs=("n_both", "jaccard")),
    case("presence_by_year", _themes, units=("year",)),
    case("unmatched_by_year", _themes, units=("year",)),
    case("period_presence", lambda t: _themes(t, periods=PERIODS), units=("year",)),
    case("period_cooccurrence", lambda t: _themes(t, periods=PERIODS), units=("year",)),
    case("sensitivity_counts", lambda t: _themes(t, themes=["trafficking", "smuggling"]),
         units=("year",)),
    case("crime_profiles", lambda t: {"matrix": t["matrix"]},
         message=r"^the codebook has no theme \['{column}'\]: crime_profiles", matrix=CRIMES),
    case("theme_units_table", lambda t: _themes(t, documents=t["documents"]),
         callee="document_labels", units=("doc_id", "year", "unit_id", "text"),
         documents=LABELS),
    case("label_units", lambda t: {"units": t["theme_units"], "documents": t["documents"]},
         callee="document_labels", units=("doc_id", "unit_id"), documents=LABELS),
    case("theme_findings", lambda t: _themes(t, pairs=t["pairs"], periods=PERIODS, min_count=1),
         callee="(?:period|crime|overview)_findings|unit_documents", units=("year", "doc_id"),
         matrix=CRIMES, pairs=FOUND_PAIRS),
    case("merge_theme", lambda t: {"table": t["codebook"].table, "source": "refugee_protection",
                                   "target": "victims"},
         table=("theme", "patterns", "exclude")),
    case("theme_matrix_variant",
         lambda t: {"units": t["theme_units"], "codebook": t["codebook"], "count_names": True},
         callee="theme_matches", units=("text",)),
    case("period_tests", lambda t: {"sensitivity": t["theme_sensitivity"], "periods": PERIODS},
         sensitivity=("decision", "variant", "year", "theme", "n", "total")),
    case("survival", lambda t: {"tests": t["tests"], "baseline": ("as coded", "as coded")},
         tests=("decision", "variant", "theme", "strength", "text")),
    case("theme_kwic", lambda t: {"units": t["theme_units"], "codebook": t["codebook"]},
         units=("text",)),
    case("kwic_lines", lambda t: {"kwic": t["kwic"]},
         kwic=("year", "unit_id", "left", "keyword", "right")),
    case("corpus_overview", lambda t: {"documents": t["documents"]},
         documents=("doc_id", "date", "year", "place", "doc_type", "title", "n_words",
                    "n_sentences")),
    case("cleaning_summary", lambda t: {"documents": t["documents"], "lines": t["corpus"].lines},
         documents=("doc_id", "date", "raw_words", "n_words", "repeats_dropped"),
         lines=("doc_id", "role")),
    case("lines_by_role", lambda t: {"lines": t["corpus"].lines}, lines=("doc_id", "role")),
    case("navigation_in_text",
         lambda t: {"documents": t["documents"], "lines": t["corpus"].lines},
         documents=("doc_id", "text"), lines=("doc_id", "line_no", "role", "text")),
    case("plot_timeline", lambda t: {"documents": t["documents"]},
         documents=("doc_id", "date", "doc_type", "place", "n_words")),
    case("plot_documents_per_year", lambda t: {"documents": t["documents"]},
         callee="documents_per_year", documents=("year", "doc_type", "n_words")),
    case("plot_document_counts",
         lambda t: {"data": t["documents"].assign(n_documents=1)},
         data=("year", "doc_type", "n_documents")),
    case("period_table", lambda t: {"units": t["theme_units"], "periods": PERIODS},
         units=("doc_id", "year")),
    # figures
    case("cue_listing", lambda t: {"table": t["cues"].table}, table=CUE),
    case("validation_subsets", lambda t: {"labelled": t["labelled"]},
         labelled=("source", "shaped_cues")),
    case("agreement_summary", lambda t: {"predictions": t["predictions"]},
         predictions=("source", "shaped_cues", "correct")),
    case("compare_frames", lambda t: {"before": t["framed"], "after": t["framed"]},
         before=COMPARED, after=COMPARED),
    case("sentences_table", lambda t: {"framed": t["framed"]}, framed=SENTENCE),
    case("frame_count_table", lambda t: {"counts": t["counts"]}, counts=COUNTS),
    case("interval_table", lambda t: {"boot": t["boot"]}, boot=BOOT),
    case("evidence_by_year", lambda t: {"counts": t["counts"], "n_documents": {}},
         counts=("total",)),
    case("plot_frames_by_year", lambda t: {"counts": t["counts"]}, counts=COUNTS),
    case("plot_frame_shares_ci", lambda t: {"boot": t["boot"]}, boot=BOOT),
    case("plot_frames_by_document", lambda t: {"framed": t["framed"], "documents": t["documents"]},
         framed=SENTENCE, documents=("doc_id", "year")),
    case("drift_title", lambda t: {"drift": t["drift"]}, drift=("period_from", "period_to")),
    case("plot_drift", lambda t: {"drift": t["drift"]},
         drift=("period_from", "period_to", "drift")),
    case("plot_stability", lambda t: {"stability": t["stability"]},
         stability=("period", "rank", "term", "bootstrap_share")),
    case("plot_term_heatmap", lambda t: {"table": t["heat"]},
         table=("term", "period", "tfidf", "count")),
    case("plot_top_terms", lambda t: {"top": t["top"]}, top=("period", "rank", "term", "tfidf")),
    case("plot_presence_by_year", lambda t: {"presence": t["presence"]}, presence=PRESENCE),
    case("plot_cooccurrence_heatmap", lambda t: {"pairs": t["pairs"], "counts": t["square"]},
         pairs=("theme_a", "theme_b", "jaccard", "n_units")),
    case("plot_early_late", lambda t: {"presence": t["period_presence"],
                                       "pairs": t["period_pairs"], "periods": PERIODS,
                                       "min_count": 1},
         presence=("period", "theme", "n", "n_units", "share"),
         pairs=("period", "theme_a", "theme_b", "n_both", "n_units", "jaccard")),
    case("plot_crime_profiles", lambda t: {"profiles": t["profiles"]},
         profiles=("crime", "theme", "n_crime", "n_both", "share")),
    case("plot_theme_sensitivity",
         lambda t: {"tests": t["tests"], "first": "early", "second": "late"}, tests=TESTED),
    case("plot_theme_circle",
         lambda t: {"pairs": t["pairs"], "counts": t["theme_counts"], "min_count": 1},
         pairs=("theme_a", "theme_b", "n_both", "jaccard"), counts=("theme", "n")),
    # teaching
    case("add_cue", lambda t: {"cues_table": t["cues"].table, "new_cue": None}, cues_table=CUE),
    case("add_pattern", lambda t: {"codebook_table": t["codebook"].table, "theme": "victims",
                                   "pattern": None},
         codebook_table=("theme", "patterns")),
    case("year_changes", lambda t: {
             "before_documents": t["small_documents"], "before_framed": t["small_framed"],
             "after_documents": t["small_documents"], "after_framed": t["small_framed"]},
         before_documents=("year",), after_documents=("year",),
         before_framed=("year", "frame"), after_framed=("year", "frame")),
    case("check_new_cue", lambda t: {
             "answer": {"list": "nexus", "cue": "sell", "match": "phrase"},
             "cues_table": t["cues"].table, **_search(t), "labelled": t["small_labelled"]},
         cues_table=CUE, **SEARCH, labelled=("sentence", "frame")),
    case("check_new_pattern", lambda t: {"answer": "lives", "codebook_table": t["codebook"].table,
                                         "cues": t["cues"], "units": t["texts"][["text"]]},
         codebook_table=("theme", "definition", "patterns"), units=("text",)),
    # the documents are checked before the corpus with the page is read: none is given
    case("check_new_page", lambda t: {"answer": "A page.", "new_corpus": None,
                                      "base_documents": t["small_documents"], "cues": t["cues"]},
         base_documents=("year",)),
    case("check_search_years", lambda t: {"answer": [2003], **_search(t)}, **SEARCH),
    case("check_search_count", lambda t: {"answer": 1, **_search(t)}, **SEARCH),
    case("frame_quiz", lambda t: {"framed": t["small_framed"]},
         framed=("year", "doc_id", "sent_id", "sentence", "frame")),
    case("quiz_text", lambda t: {"quiz": t["quiz"], "documents": t["small_documents"]},
         callee="document_labels", quiz=("number", "year", "doc_id", "sent_id", "sentence"),
         documents=LABELS),
    case("check_quiz_frames",
         lambda t: {"answer": ["distinction"], "quiz": t["quiz"], "cues": t["cues"]},
         quiz=("number", "sentence")),
    case("check_quiz_why",
         lambda t: {"answer": "differs from", "quiz": t["quiz"], "cues": t["cues"]},
         quiz=("number", "sentence")),
    case("side_by_side", lambda t: {"top": t["top"], "first": 2003, "second": 2003},
         top=("period", "rank", "term")),
    case("top_terms_by_year", lambda t: {"units": t["small_units"]},
         units=("doc_id", "year", "part", "text", "people")),
    case("check_speaker_terms",
         lambda t: {"answer": ["migrant"], "units": t["small_units"], "year": 2003},
         units=("doc_id", "year", "part", "text", "people", "speaker")),
    case("check_what_lists_show", lambda t: {"answer": "b", "documents": t["small_documents"],
                                             "first": 2003, "second": 2008},
         documents=("doc_id", "year")),
    case("explore", lambda t: {**_explore(t), "term": "smuggl"}, **EXPLORE),
    case("explorer", lambda t: {**_explore(t), "live": False}, **EXPLORE),
    case("format_kwic", lambda t: {"lines": t["lines"]},
         lines=("year", "doc_id", "sent_id", "left", "keyword", "right")),
    # validation
    case("rules_frame", lambda t: {"units": t["coded_units"]}, units=("frame",)),
    case("draw_sample", lambda t: {"units": t["coded_units"], "n": 4},
         units=("unit_id", "year", "frame", "text")),
    case("sample_strata", lambda t: {"sample": t["sample"], "units": t["coded_units"]},
         sample=("stratum",), units=("year", "frame")),
    case("coding_sheet", lambda t: {"sample": t["sample"], "units": t["coded_units"]},
         sample=("sample_id", "item", "unit_id", "doc_id", "sent_id", "text"),
         units=("doc_id", "sent_id", "text")),
    case("read_codes", lambda t: {"template": t["sheet"], "sheets": {}},
         template=("sample_id", "unit_id", "item")),
    case("codes_from_lists", lambda t: {"sheet": t["sheet"], "labels_by_coder": {}},
         sheet=("unit_id", "item")),
    case("alpha", lambda t: {"codes": t["codes"], "variable": "frame"},
         callee="reliability_matrix", codes=("coder", "unit_id", "frame")),
    case("coder_confusion", lambda t: {"codes": t["codes"], "variable": "frame"},
         callee="reliability_matrix", codes=("coder", "unit_id", "frame")),
    case("alpha_table",
         lambda t: {"codes": t["codes"], "variables": ["frame", "voice"], "n_boot": 5},
         codes=("coder", "unit_id", "frame", "voice")),
    case("disagreements", lambda t: {"codes": t["codes"], "variables": ["frame"]},
         codes=("coder", "unit_id", "frame")),
    case("consensus", lambda t: {"codes": t["codes"], "variable": "frame"},
         codes=("coder", "unit_id", "frame")),
    case("confusion", lambda t: {"pairs": t["truths"]}, pairs=TRUTHS),
    case("label_scores", lambda t: {"pairs": t["truths"], "n_boot": 5}, pairs=TRUTHS),
    case("corrected_shares", lambda t: {"rules_labels": pd.Series(["a", "b"]),
                                        "pairs": t["truths"], "n_boot": 5},
         pairs=TRUTHS),
    case("recall_findings", lambda t: {"pairs": t["truths"], "labels": ["a"]}, pairs=TRUTHS),
    case("compare_scores", lambda t: {"rules": t["scores"], "classifier": t["scores"]},
         rules=SCORES, classifier=SCORES),
)  # fmt: skip

CUES = "a cue table goes to cues_from_table, which checks"
CODEBOOK = "a codebook table goes to codebook_from_table, which checks"
MATRIX = "a theme matrix: one column per theme, none read by name"
WIDE = "a wide table (periods or documents by terms): reads all columns or those named"
ANY = "reads no column by name: shows or writes whatever table it is given"
EXEMPT: dict[str, str] = {
    **{f"{name}(cues)": CUES for name in (
        "frame_sentences", "frame_sentence", "label_predictions", "agreement", "read_sentence",
        "build_units", "check_new_page", "check_quiz_frames", "check_quiz_why")},
    "agreement(labelled)": "goes to label_predictions, which checks",
    **{f"{name}(codebook)": CODEBOOK for name in (
        "build_units", "codebook_summary", "match_text", "theme_matrix", "theme_kwic")},
    **{f"{name}(matrix)": MATRIX for name in (
        "theme_counts", "cooccurrence", "cooccurrence_counts", "presence_by_year",
        "unmatched_by_year", "period_presence", "period_cooccurrence", "theme_units_table")},
    "sensitivity_counts(matrix)": "its own check names a theme missing from the matrix",
    "plot_cooccurrence_heatmap(counts)": "the square table of cooccurrence_counts: themes x themes",
    "plot_similarity(similarity)": "the square table of cosine_similarity_table: periods x periods",
    **{f"{name}({parameter})": WIDE for name, parameter in (
        ("top_terms", "weights"), ("ties_at_rank", "weights"), ("tfidf_steps", "counts"),
        ("cosine_similarity_table", "weights"), ("consecutive_drift", "weights"),
        ("term_table", "weights"), ("term_table", "counts"), ("peak_findings", "weights"),
        ("peak_findings", "counts"), ("keyness_table", "counts"))},
    "stability_caption(stability)": "reads loo_share only when the table has it",
    "second_axis_variants(units)": "goes to crime_units, which checks",
    "sensitivity_table(variants)": "each table goes to frame_counts, which checks",
    "stack_variants(tables)": "reads no column by name: stacks tables of the same columns",
    "write_table(table)": ANY,
    "readable(table)": ANY,
    "save_figure(data)": ANY,
    "write_csv_atomic(table)": ANY,
    "plot_scores(scores)": "a mapping of label_scores tables, each checked in the body",
    "read_codes(sheets)": "each coded sheet gets a SheetError of its own, naming the sheet",
    "disagreements(sheet)": "optional: only its item and text columns are joined when given",
    "write_coding_files(sample)": "goes to coding_sheet, which checks",
    "write_coding_files(units)": "goes to coding_sheet, which checks",
    "coding_widget(blank)": "the blank sheet coding_sheet made, or a file read_sheet checks",
}  # fmt: skip


@pytest.fixture(scope="module")
def t(cues, codebook) -> dict:
    """Inputs that work: the seeds read as the notebooks read them, and small tables."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        corpus, _ = load_with_report(SEEDS_DIR)
    sentences, documents = corpus.sentences, corpus.documents
    voice_rules = reading.read_voice_rules()
    annotated = reading.build_units(corpus, cues, codebook=codebook, voice_rules=voice_rules)
    framed = reading.frame_sentences(sentences, documents, cues)
    voices = reading.sentence_voices(sentences, voice_rules)
    voices = voices[["doc_id", "sent_id", "voice", "speaker"]]
    voiced = framed.merge(voices, on=["doc_id", "sent_id"])
    years = sorted(int(year) for year in documents["year"].unique())
    sensitivity = analysis.sensitivity_table(analysis.frame_variants(framed, cues), years)
    labelled = pd.read_csv(LABELLED, dtype=str, keep_default_na=False).head(6)
    axis = analysis.crime_units(annotated)
    theme_units = reading.units_for_themes(annotated, sentences)
    matrix = reading.theme_matrix(theme_units, codebook)
    counted = analysis.sensitivity_counts(theme_units, matrix, ["trafficking", "smuggling"])
    theme_sensitivity = analysis.stack_variants({("as coded", "as coded"): counted})
    lines, _ = explore(sentences, framed, documents, "smuggl")
    texts = pd.DataFrame({"doc_id": ["a", "b"], "year": [2003, 2008], "text": [
        "Trafficking in human beings differs from migrant smuggling.",
        "Migrant smuggling and trafficking are linked, said Ruth Pojman."]})  # fmt: skip
    small_framed = pd.DataFrame({
        "year": [2003], "doc_id": ["a"], "sent_id": [1], "part": ["body"],
        "sentence": [texts["text"][0]], "frame": ["distinction"]})  # fmt: skip
    top = pd.DataFrame({"period": [2003, 2003], "rank": [1, 2], "term": ["migrant", "smuggling"],
                        "tfidf": [0.5, 0.4]})  # fmt: skip
    coded_units = pd.DataFrame({
        "doc_id": ["d1"] * 6 + ["d2"] * 4, "sent_id": [0, 1, 2, 3, 4, 5, 0, 1, 2, 3],
        "year": [2003] * 6 + [2010] * 4, "text": [f"Sentence {i}." for i in range(10)],
        "frame": ["trafficking", "", "nexus", "trafficking", "none", "smuggling", "paired", "",
                  "trafficking", "umbrella"]})  # fmt: skip
    coded_units["unit_id"] = coded_units["doc_id"] + ":" + coded_units["sent_id"].astype(str)
    sample = validation.draw_sample(coded_units, 6, seed=1)
    truths = pd.DataFrame({"truth": ["a", "a", "b"], "predicted": ["a", "b", "b"]})
    key = {"term": "migrant", "count_a": 1, "count_b": 5, "per_10k_a": 1.0, "per_10k_b": 5.0,
           "log_ratio": 2.3, "g2": 4.2, "p_value": 0.04, "q": 0.04, "n_docs": 2,
           "direction": "rises", "single_document": False, "below_threshold": False}  # fmt: skip
    return {
        "corpus": corpus, "sentences": sentences, "documents": documents, "cues": cues,
        "codebook": codebook, "voice_rules": voice_rules, "annotated": annotated,
        "framed": framed, "voiced": voiced, "labelled": labelled, "axis": axis,
        "by_year": analysis.security_rights_by_year(axis),
        "sentences_with_year": sentences.merge(documents[["doc_id", "year"]], on="doc_id"),
        "counts": reading.frame_counts(framed, years=years),
        "boot": reading.bootstrap_shares(framed, n_boot=20),
        "sensitivity": sensitivity, "leaders": analysis.surviving_leaders(sensitivity),
        "predictions": reading.label_predictions(labelled, cues), "lines": lines,
        "quotes": analysis.kwic_quotes(framed, frames=reading.FRAMES).merge(
            voices, on=["doc_id", "sent_id"]),
        "repeats": analysis.repeat_summary(corpus.lines, documents), "senses": read_senses(),
        "theme_units": theme_units, "matrix": matrix, "theme_sensitivity": theme_sensitivity,
        "pairs": analysis.cooccurrence(matrix, min_count=1),
        "theme_counts": analysis.theme_counts(matrix),
        "square": analysis.cooccurrence_counts(matrix),
        "presence": analysis.presence_by_year(theme_units, matrix),
        "period_presence": analysis.period_presence(theme_units, matrix, PERIODS),
        "period_pairs": analysis.period_cooccurrence(theme_units, matrix, PERIODS, 1),
        "profiles": analysis.crime_profiles(matrix),
        "tests": analysis.period_tests(theme_sensitivity, PERIODS),
        "kwic": analysis.theme_kwic(theme_units, codebook),
        "texts": texts, "analyzer": make_analyzer(texts["text"], frozenset()),
        "pooled": pd.DataFrame({"period": [2003, 2008], "text": list(texts["text"])}),
        "top": top, "stability": top.assign(bootstrap_share=[1.0, 0.5]),
        "similar": pd.DataFrame({"period_a": [2003], "period_b": [2008], "cosine": [0.4]}),
        "drift": pd.DataFrame({"period_from": [2003], "period_to": [2008], "cosine": [0.4],
                               "drift": [0.6]}),
        "heat": pd.DataFrame({"term": ["migrant"], "period": [2003], "tfidf": [0.5],
                              "count": [2]}),
        "key": pd.DataFrame([key]),
        "small_documents": texts.assign(title=["One", "Two"], place=["Vienna", "Riga"],
                                        date=pd.to_datetime(["2003-01-02", "2008-03-04"])),
        "small_sentences": texts.drop(columns="year").assign(sent_id=1, para_id=1, part="body"),
        "small_framed": small_framed,
        "small_labelled": pd.DataFrame({"sentence": texts["text"],
                                        "frame": ["distinction", "nexus"]}),
        "small_units": texts.assign(sent_id=1, unit_id=["a#s1", "b#s1"], part="body",
                                    senses="", names="", people="", speaker=""),
        "quiz": small_framed.drop(columns=["frame", "part"]).assign(number=[1]),
        "coded_units": coded_units, "sample": sample,
        "sheet": validation.coding_sheet(sample, coded_units),
        "codes": pd.DataFrame({
            "coder": ["a", "a", "b", "b"], "unit_id": ["u1", "u2", "u1", "u2"],
            "item": [1, 2, 1, 2], "frame": ["nexus", "paired", "nexus", "nexus"],
            "crime": ["both"] * 4, "voice": ["own", "own", "own", "quoted"]}),
        "truths": truths, "scores": validation.label_scores(truths, n_boot=10),
    }  # fmt: skip


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def _id(case: Case) -> str:
    return f"{case.key}({','.join(case.needs)})"


@pytest.mark.parametrize("case", CASES, ids=_id)
def test_the_inputs_work(case: Case, t: dict) -> None:
    """Each case's inputs work, so the errors below come from the column dropped."""
    result = case.call(t)
    if isinstance(result, str) and case.key != "check_new_page":  # given no corpus with the page
        assert "could not be checked" not in result, result


DROPS = [
    pytest.param(c, p, column, id=f"{c.key}({p})-{column}")
    for c in CASES
    for p, columns in c.needs.items()
    for column in columns
]


@pytest.mark.parametrize(("case", "parameter", "column"), DROPS)
def test_a_missing_column_is_named(case: Case, parameter: str, column: str, t: dict) -> None:
    with pytest.raises(ValueError, match=case.expected(column)):
        case.call(t, parameter, column)


@pytest.mark.parametrize("column", ["doc_id", "sent_id", "text", "year", "place", "date"])
def test_build_units_names_a_missing_column_of_the_corpus(column: str, t: dict) -> None:
    """build_units takes the corpus, not a table: its two tables are checked all the same."""
    corpus = t["corpus"]
    table = "documents" if column in ("year", "place", "date") else "sentences"
    shaped = type("Corpus", (), {"sentences": corpus.sentences, "documents": corpus.documents})()
    setattr(shaped, table, getattr(corpus, table).drop(columns=column))
    with pytest.raises(ValueError, match=f"^build_units: the table has no column '{column}' "):
        reading.build_units(shaped, t["cues"])


def test_every_face_dataframe_parameter_is_covered_or_exempt() -> None:
    found = face_parameters()
    assert "frame_sentences(sentences)" in found and "plot_theme_sensitivity(tests)" in found
    covered = {f"{c.key}({p})" for c in CASES for p in c.needs}
    assert not covered & set(EXEMPT), f"both tested and exempt: {sorted(covered & set(EXEMPT))}"
    missing = sorted(found - covered - set(EXEMPT))
    assert not missing, f"face DataFrame parameters with no case and no EXEMPT reason: {missing}"
    stale = sorted((covered | set(EXEMPT)) - found)
    assert not stale, f"cases or EXEMPT entries that match no face DataFrame parameter: {stale}"
    # A name on two faces is found only as face.name, so a bare key for it is stale above;
    # each bare key names a function on exactly one face.
    for key in {c.key for c in CASES}:
        face_function(key)
