# ruff: noqa: E501  (module paths grew with the subpackages; this file shrinks with the checks)
"""The public table functions of the framing modules and their neighbours name a missing column.

For every public function of ``MODULES`` that reads columns of a DataFrame
argument, and every column it needs, the column is dropped from an input that
works, and the call must raise ``ValueError`` naming the function and the
column (``checks.require_columns``; three rule readers have a check of their
own, with their own wording). The inputs come from the seeds: the corpus, its
framing, voices, counts, intervals, units and variants. Columns a function
reads only when they are there may be dropped without an error, so that no
call that worked before the checks fails now.

``test_every_dataframe_parameter_is_covered_or_exempt`` lists every public
function (and public method) of ``MODULES`` with a parameter annotated as a
DataFrame, so a new one needs a case here or an entry in ``EXEMPT`` saying why.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd
import pytest
from dataframe_parameters import dataframe_parameters

import helpers
from helpers.analysis import concordance, framing_report, repeats
from helpers.analysis import framing as framing_stats
from helpers.base.paths import SEEDS_DIR
from helpers.corpus import labels
from helpers.corpus.load import load_corpus
from helpers.figures import framing as framing_figures
from helpers.reading import framing, voice
from helpers.reading.units import FLAG_INPUTS, build_units
from helpers.rules import cues as framing_cues
from helpers.rules import senses
from helpers.teaching import kwic_explorer as explorer

PACKAGE = Path(helpers.__file__).parent
LABELLED = Path(__file__).parent / "labelled_sentences.csv"
MODULES = (
    "reading.framing", "rules.cues", "figures.framing", "analysis.framing_report", "analysis.framing", "reading.voice",
    "analysis.findings", "analysis.concordance", "teaching.kwic_explorer", "corpus.labels", "analysis.repeats", "rules.senses",
)  # fmt: skip

COUNTS = (*framing.FRAMES, "total")
BOOT = ("year", "frame", "n", "n_year", "share", "ci_low", "ci_high")
COMPARED = ("doc_id", "sent_id", "year", "sentence", "frame")
CHECKED = "^{function}: the table has no column '{column}' "


@dataclass(frozen=True)
class Case:
    """One DataFrame parameter of one function: the columns it needs, and inputs that work.

    ``inputs`` builds the keyword arguments of a call that works from the seeds'
    tables; ``optional`` are columns of that input the function reads only when
    present; ``message`` is the expected error, ``{function}`` and ``{column}``
    filled in (escaped).
    """

    function: Callable
    parameter: str
    needs: tuple[str, ...]
    inputs: Callable[[dict], dict]
    optional: tuple[str, ...] = ()
    message: str = CHECKED
    label: str = ""

    @property
    def key(self) -> str:
        """``module.function(parameter)``, as in ``EXEMPT``."""
        module = self.function.__module__.removeprefix("helpers.")
        return f"{module}.{self.function.__qualname__}({self.parameter})"

    def call(self, tables: dict, drop: str | None = None) -> object:
        kwargs = self.inputs(tables)
        if drop is not None:
            assert drop in kwargs[self.parameter].columns, f"{drop!r} is not in the input"
            kwargs[self.parameter] = kwargs[self.parameter].drop(columns=drop)
        return self.function(**kwargs)


def _explore_inputs(t: dict) -> dict:
    return {"sentences": t["sentences"], "framed": t["framed"], "documents": t["documents"]}


CASES: tuple[Case, ...] = (
    # framing
    Case(framing.frame_sentences, "sentences", ("doc_id", "sent_id", "text"),
         lambda t: {"sentences": t["sentences"], "documents": t["documents"], "cues": t["cues"]},
         optional=("para_id", "part")),
    Case(framing.frame_sentences, "documents", ("doc_id", "year"),
         lambda t: {"sentences": t["sentences"], "documents": t["documents"], "cues": t["cues"]},
         optional=("place", "date")),
    Case(framing.frame_counts, "framed", ("year", "frame"), lambda t: {"framed": t["framed"]},
         optional=("cues", "sentence")),
    Case(framing.bootstrap_shares, "framed", ("year", "frame"),
         lambda t: {"framed": t["framed"], "n_boot": 10}),
    Case(framing.label_predictions, "labelled", ("sentence", "frame"),
         lambda t: {"labelled": t["labelled"], "cues": t["cues"]},
         optional=("source", "shaped_cues")),
    # framing_cues: its own check, worded for the cue file
    Case(framing_cues.cues_from_table, "table", framing_cues.CUE_COLUMNS,
         lambda t: {"table": t["cues"].table},
         message=r"^cue table lacks column\(s\) \['{column}'\]"),
    # framing_figures
    Case(framing_figures.cue_listing, "table", ("list", "cue", "match", "rationale"),
         lambda t: {"table": t["cues"].table}),
    Case(framing_figures.validation_subsets, "labelled", ("source", "shaped_cues"),
         lambda t: {"labelled": t["labelled"]}),
    Case(framing_figures.agreement_summary, "predictions", ("source", "shaped_cues", "correct"),
         lambda t: {"predictions": t["predictions"]}),
    Case(framing_figures.compare_frames, "before", COMPARED,
         lambda t: {"before": t["framed"], "after": t["framed"]}, optional=("cues",)),
    Case(framing_figures.compare_frames, "after", COMPARED,
         lambda t: {"before": t["framed"], "after": t["framed"]}, optional=("cues",)),
    Case(framing_figures.sentences_table, "framed", framing_figures.SENTENCE_COLUMNS,
         lambda t: {"framed": t["framed"]}, optional=("para_id", "part")),
    Case(framing_figures.frame_count_table, "counts", COUNTS, lambda t: {"counts": t["counts"]},
         optional=("share_nexus",)),
    Case(framing_figures.interval_table, "boot", BOOT, lambda t: {"boot": t["boot"]}),
    Case(framing_figures.evidence_by_year, "counts", ("total",),
         lambda t: {"counts": t["counts"], "n_documents": {}}, optional=("nexus",)),
    Case(framing_figures.plot_frames_by_year, "counts", COUNTS, lambda t: {"counts": t["counts"]},
         optional=("share_nexus",)),
    Case(framing_figures.plot_frame_shares_ci, "boot", BOOT, lambda t: {"boot": t["boot"]}),
    Case(framing_figures.plot_frames_by_document, "framed", framing_figures.SENTENCE_COLUMNS,
         lambda t: {"framed": t["framed"], "documents": t["documents"]}),
    Case(framing_figures.plot_frames_by_document, "documents", ("doc_id", "year"),
         lambda t: {"framed": t["framed"], "documents": t["documents"]},
         optional=("place", "date")),
    # framing_report
    Case(framing_report.frame_findings, "counts", COUNTS,
         lambda t: {"counts": t["counts"], "n_documents": {}, "survivors": t["leaders"]}),
    Case(framing_report.frame_findings, "survivors", ("year", "survives", "moves_under"),
         lambda t: {"counts": t["counts"], "n_documents": {}, "survivors": t["leaders"]},
         optional=("as_coded", "count", "leaders")),
    Case(framing_report.voice_counts, "framed", ("frame", "voice"),
         lambda t: {"framed": t["voiced"]}, optional=("speaker",)),
    Case(framing_report.whose_framing, "framed", ("frame", "voice", "speaker"),
         lambda t: {"framed": t["voiced"], "frame": "trafficking"}),
    Case(framing_report.plot_quotations, "quotes",
         ("doc_id", "year", "sent_id", "frame", "keyword", "sentence", "voice", "speaker"),
         lambda t: {"quotes": t["quotes"], "documents": t["documents"]},
         optional=("left", "right")),
    Case(framing_report.quotation_pages, "quotes",
         ("doc_id", "year", "sent_id", "frame", "keyword", "sentence", "voice", "speaker"),
         lambda t: {"quotes": t["quotes"], "documents": t["documents"]},
         optional=("left", "right")),
    Case(framing_report.plot_sensitivity, "table", framing_stats.SENSITIVITY_COLUMNS,
         lambda t: {"table": t["sensitivity"]}),
    Case(framing_report.plot_security_rights_units, "by_year",
         ("crime", "year", "vocabulary", "n", "k", "p_value"),
         lambda t: {"by_year": t["by_year"]}, optional=("share",)),
    Case(framing_report.cue_summary, "table", ("list", "cue"),
         lambda t: {"table": t["cues"].table}, optional=("match", "rationale")),
    Case(framing_report.survival_summary, "leaders",
         ("year", "as_coded", "survives", "moves_under"),
         lambda t: {"leaders": t["leaders"]}, optional=("count", "leaders")),
    Case(framing_report.kwic_quotes, "framed", (*COMPARED, "cues"),
         lambda t: {"framed": t["framed"]}, optional=("para_id", "part", "security_cues")),
    # framing_stats
    Case(framing_stats.crime_units, "units", FLAG_INPUTS,
         lambda t: {"units": t["annotated"]}, optional=("frame", "cues")),
    Case(framing_stats.security_rights_tests, "units", ("crime", "security", "rights"),
         lambda t: {"units": t["units"]}, optional=("refugee", "year")),
    Case(framing_stats.security_rights_by_year, "units",
         ("crime", "year", "security", "rights", "refugee"), lambda t: {"units": t["units"]},
         optional=("text", "split")),
    Case(framing_stats.security_rights_counts, "units",
         ("crime", "year", "security", "rights", "refugee"), lambda t: {"units": t["units"]},
         optional=("text", "split")),
    Case(framing_stats.security_rights_from_counts, "counts",
         framing_stats.SECURITY_RIGHTS_COUNT_COLUMNS,
         lambda t: {"counts": framing_stats.security_rights_counts(t["units"])}),
    Case(framing_stats.security_rights_by_document, "units",
         ("document", "crime", "security", "rights"), lambda t: {"units": t["units"]},
         optional=("text", "split")),
    Case(framing_stats.document_level_tests, "units",
         ("document", "crime", "security", "rights"), lambda t: {"units": t["units"]},
         message="^security_rights_by_document: the table has no column '{column}' ",
         optional=("text", "split")),
    Case(framing_stats.refugee_only, "units", ("crime", "rights", "refugee"),
         lambda t: {"units": t["units"]}, optional=("security", "year")),
    Case(framing_stats.frame_variants, "framed", ("sentence", "part", "frame", "year"),
         lambda t: {"framed": t["framed"], "cues": t["cues"]}, optional=("para_id",)),
    Case(framing_stats.surviving_leaders, "table", framing_stats.SENSITIVITY_COLUMNS,
         lambda t: {"table": t["sensitivity"]}),
    # voice: the rule reader has its own check
    Case(voice.voice_rules_from_table, "table", ("kind", "cue", "rationale"),
         lambda t: {"table": t["voice_rules"].table},
         message="^voice rules lack column '{column}'"),
    Case(voice.sentence_voices, "sentences", ("doc_id", "sent_id", "text"),
         lambda t: {"sentences": t["sentences"], "rules": t["voice_rules"]},
         optional=("para_id", "part")),
    Case(voice.add_voices, "table", ("doc_id", "sent_id"),
         lambda t: {"table": t["framed"], "voices": t["voices"]}, optional=("frame", "year")),
    Case(voice.add_voices, "voices", ("doc_id", "sent_id", "voice", "speaker"),
         lambda t: {"table": t["framed"], "voices": t["voices"]}, optional=("voice_cue",)),
    # concordance: documents is read only when the sentences have no year
    Case(concordance.kwic, "sentences", ("doc_id", "sent_id", "text"),
         lambda t: {"sentences": t["sentences_with_year"], "query": "smuggl"},
         optional=("year", "para_id")),
    Case(concordance.kwic, "documents", ("doc_id", "year"),
         lambda t: {"sentences": t["sentences"], "query": "smuggl", "documents": t["documents"]},
         optional=("place",)),
    # explorer
    Case(explorer.explore, "sentences", ("doc_id", "sent_id", "text"),
         lambda t: {**_explore_inputs(t), "term": "smuggl"}, optional=("para_id",)),
    Case(explorer.explore, "framed", ("doc_id", "sent_id", "frame"),
         lambda t: {**_explore_inputs(t), "term": "smuggl"}, optional=("year", "cues")),
    Case(explorer.explore, "documents", ("doc_id", "year"),
         lambda t: {**_explore_inputs(t), "term": "smuggl"}, optional=("place",)),
    Case(explorer.explorer, "sentences", ("doc_id", "sent_id", "text"),
         lambda t: {**_explore_inputs(t), "live": False}),
    Case(explorer.explorer, "framed", ("doc_id", "sent_id", "frame"),
         lambda t: {**_explore_inputs(t), "live": False}),
    Case(explorer.explorer, "documents", ("doc_id", "year"),
         lambda t: {**_explore_inputs(t), "live": False}, optional=("place", "date")),
    Case(explorer.format_kwic, "lines", ("year", "doc_id", "sent_id", "left", "keyword", "right"),
         lambda t: {"lines": t["lines"]}, optional=("frame", "sentence")),
    Case(explorer.format_kwic, "lines", ("sent_id", "left", "keyword", "right"),
         lambda t: {"lines": labels.label_documents(t["lines"], t["documents"])},
         optional=("year",), label="labelled"),
    Case(explorer.format_per_year, "per_year", explorer.PER_YEAR_COLUMNS,
         lambda t: {"per_year": t["per_year"]}),
    Case(explorer.format_view, "lines", ("doc_id", "sent_id"),
         lambda t: {"lines": t["lines"], "per_year": t["per_year"]}, optional=("frame",)),
    # labels
    Case(labels.document_labels, "documents", labels.LABEL_COLUMNS,
         lambda t: {"documents": t["documents"]}, optional=("file",)),
    Case(labels.label_documents, "table", ("doc_id",),
         lambda t: {"table": t["framed"], "documents": t["documents"]}),
    # repeats
    Case(repeats.repeat_summary, "lines", ("doc_id", "text", "role"),
         lambda t: {"lines": t["corpus"].lines, "documents": t["documents"]},
         optional=("line_no",)),
    Case(repeats.repeat_summary, "documents", ("doc_id", "file", "n_paragraphs"),
         lambda t: {"lines": t["corpus"].lines, "documents": t["documents"]},
         optional=("title",)),
    Case(repeats.repeat_sentences, "summary", repeats.REPEAT_COLUMNS,
         lambda t: {"summary": t["repeats"]}),
    # senses: the rule reader has its own check
    Case(senses.senses_from_table, "table", tuple(senses.SENSE_COLUMNS),
         lambda t: {"table": t["senses"]}, message="^the sense rules lack the column '{column}'"),
    Case(senses.apply_senses, "table", ("text",),
         lambda t: {"table": t["sentences"], "rules": senses.read_senses()},
         optional=("doc_id",)),
)  # fmt: skip

# DataFrame parameters without a case above, and why they need no check of their own.
EXEMPT: dict[str, str] = {
    # A cue table is turned into Cues by framing_cues.as_cues -> cues_from_table, which checks.
    "reading.framing.analyse(cues)": "as_cues -> cues_from_table checks",
    "reading.framing.frame_sentence(cues)": "as_cues -> cues_from_table checks",
    "reading.framing.frame_sentences(cues)": "as_cues -> cues_from_table checks",
    "reading.framing.label_predictions(cues)": "as_cues -> cues_from_table checks",
    "reading.framing.agreement(cues)": "passed to label_predictions -> as_cues, which check",
    "rules.cues.as_cues(cues)": "passed to cues_from_table, which checks",
    "reading.framing.agreement(labelled)": "passed to label_predictions, which checks",
    "analysis.framing_report.plot_quotations(documents)": "passed to labels.document_labels, which checks",
    "analysis.framing.second_axis_variants(units)": "passed to crime_units, which checks",
    "analysis.framing_report.quotation_pages(documents)": "passed to labels.document_labels, which checks",
    "analysis.framing.sensitivity_table(variants)": "each table goes to frame_counts, which checks",
    "analysis.findings.stack_variants(tables)": "reads no named column; any tables of the same columns",
    "teaching.kwic_explorer.format_view(per_year)": "passed to format_per_year, which checks",
    "teaching.kwic_explorer.Explorer.__init__(sentences)": "built by explorer(), which checks the three tables",
    "teaching.kwic_explorer.Explorer.__init__(framed)": "built by explorer(), which checks the three tables",
    "teaching.kwic_explorer.Explorer.__init__(documents)": "built by explorer(), which checks the three tables",
    "corpus.labels.label_documents(documents)": "passed to document_labels, which checks",
}  # fmt: skip


@pytest.fixture(scope="module")
def tables(cues) -> dict:
    """The seeds' tables, and what the framing side makes of them: inputs that work."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        corpus = load_corpus(SEEDS_DIR)
    sentences, documents = corpus.sentences, corpus.documents
    framed = framing.frame_sentences(sentences, documents, cues)
    rules = voice.read_voice_rules()
    voices = voice.sentence_voices(sentences, rules)
    voiced = voice.add_voices(framed, voices)
    annotated = build_units(corpus, cues, voice_rules=voice.read_voice_rules())
    units = framing_stats.crime_units(annotated)
    years = sorted(int(year) for year in documents["year"].unique())
    sensitivity = framing_stats.sensitivity_table(framing_stats.frame_variants(framed, cues), years)
    labelled = pd.read_csv(LABELLED, dtype=str, keep_default_na=False).head(6)
    lines, per_year = explorer.explore(sentences, framed, documents, "smuggl")
    quotes = framing_report.kwic_quotes(framed, frames=framing.FRAMES).merge(
        voiced[["doc_id", "sent_id", "voice", "speaker"]], on=["doc_id", "sent_id"]
    )
    return {
        "corpus": corpus,
        "sentences": sentences,
        "sentences_with_year": sentences.merge(documents[["doc_id", "year"]], on="doc_id"),
        "documents": documents,
        "cues": cues,
        "framed": framed,
        "voice_rules": rules,
        "voices": voices,
        "voiced": voiced,
        "counts": framing.frame_counts(framed, years=years),
        "boot": framing.bootstrap_shares(framed, n_boot=20),
        "units": units,
        "annotated": annotated,
        "by_year": framing_stats.security_rights_by_year(units),
        "sensitivity": sensitivity,
        "leaders": framing_stats.surviving_leaders(sensitivity),
        "labelled": labelled,
        "predictions": framing.label_predictions(labelled, cues),
        "quotes": quotes,
        "lines": lines,
        "per_year": per_year,
        "repeats": repeats.repeat_summary(corpus.lines, documents),
        "senses": pd.read_csv(senses.SENSES_FILE, dtype=str, keep_default_na=False),
    }


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def _case_id(case: Case) -> str:
    return case.key + (f"[{case.label}]" if case.label else "")


MISSING = [
    pytest.param(case, column, id=f"{_case_id(case)}-{column}")
    for case in CASES
    for column in case.needs
]
OPTIONAL = [
    pytest.param(case, column, id=f"{_case_id(case)}-{column}")
    for case in CASES
    for column in case.optional
]


@pytest.mark.parametrize("case", CASES, ids=_case_id)
def test_the_inputs_work(case: Case, tables: dict) -> None:
    """The inputs of each case are valid, so the errors below come from the dropped column."""
    case.call(tables)


@pytest.mark.parametrize(("case", "column"), MISSING)
def test_a_missing_column_is_named(case: Case, column: str, tables: dict) -> None:
    name = case.function.__name__
    expected = case.message.format(function=re.escape(name), column=re.escape(column))
    with pytest.raises(ValueError, match=expected):
        case.call(tables, drop=column)


@pytest.mark.parametrize(("case", "column"), OPTIONAL)
def test_a_column_read_only_when_present_may_be_missing(
    case: Case, column: str, tables: dict
) -> None:
    case.call(tables, drop=column)


def test_every_dataframe_parameter_is_covered_or_exempt() -> None:
    covered = {case.key for case in CASES}
    found = dataframe_parameters(MODULES)
    assert "reading.framing.frame_sentences(sentences)" in found  # the scan sees annotations
    assert not covered & set(EXEMPT), f"both tested and exempt: {sorted(covered & set(EXEMPT))}"
    unchecked = sorted(found - covered - set(EXEMPT))
    assert not unchecked, f"DataFrame parameters with no case here and no EXEMPT entry: {unchecked}"
    stale = sorted((covered | set(EXEMPT)) - found)
    assert not stale, f"cases or EXEMPT entries that match no public DataFrame parameter: {stale}"
