# ruff: noqa: E501  (module paths grew with the subpackages; this file shrinks with the checks)
"""Public DataFrame functions of the themes, corpus-overview, page, period, table and
figure modules name a missing input column instead of failing with a bare KeyError.

``CASES`` lists each function that checks its input, with the columns each of its
DataFrame arguments must have. The valid inputs come from the seeds (the corpus,
its units, their theme matrix and the tables counted from it): dropping one
required column must raise a ``ValueError`` naming the function and the column,
and keeping only the required columns must be enough. ``EXEMPT`` lists the
DataFrame arguments that need no check of their own, each with the reason; a
public function given a DataFrame argument that is in neither fails the last test.
"""

from __future__ import annotations

import ast
import importlib
import re
import warnings
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import matplotlib
import pandas as pd
import pytest

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

import helpers  # noqa: E402
from helpers.analysis import overview, periods, themes_findings, themes_kwic
from helpers.analysis import sensitivity as themes_sensitivity
from helpers.analysis import themes as themes_counts
from helpers.analysis.findings import stack_variants  # noqa: E402
from helpers.base.paths import SEEDS_DIR  # noqa: E402
from helpers.corpus import pages
from helpers.corpus.load import load_corpus  # noqa: E402
from helpers.figures import themes as themes_figures
from helpers.reading import themes

# The modules whose public DataFrame functions this file checks.
MODULES = (
    "reading.themes", "analysis.themes", "figures.themes", "analysis.themes_findings", "analysis.sensitivity",
    "analysis.themes_kwic", "analysis.overview", "corpus.pages", "analysis.periods", "corpus.load", "corpus.report", "base.tables",
    "base.style",
)  # fmt: skip
PERIODS = {"early": (2003, 2008), "late": (2013, 2017)}
BASELINE = ("as coded", "as coded")


@dataclass(frozen=True)
class Case:
    """A function, the valid input given to each parameter (a key of ``valid``) and the
    columns each DataFrame parameter must have; ``extra``: other arguments, fixed."""

    function: Callable
    inputs: Mapping[str, str]
    required: Mapping[str, tuple[str, ...]]
    extra: Mapping[str, object] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return f"{self.function.__module__.removeprefix('helpers.')}.{self.function.__name__}"

    def call(self, valid: Mapping[str, object], **changed: pd.DataFrame) -> object:
        """Call the function with the valid inputs, some of them replaced by ``changed``."""
        arguments = {parameter: valid[key] for parameter, key in self.inputs.items()}
        return self.function(**{**arguments, **changed, **self.extra})


PRESENCE = ("year", "theme", "n_units", "n_theme", "share")
PERIOD_PRESENCE = ("period", "theme", "n", "n_units", "share")
PERIOD_PAIRS = ("period", "theme_a", "theme_b", "n_both", "n_units", "jaccard")
PROFILES = ("crime", "theme", "n_crime", "n_both", "share")
TESTED = (
    "theme", "variant", "k_first", "n_first", "k_second", "n_second", "difference", "ci_low",
    "ci_high", "q", "text",
)  # fmt: skip
FOUND_PAIRS = (
    "theme_a", "theme_b", "n_both", "n_a", "n_b", "n_units", "expected", "jaccard", "lift",
)  # fmt: skip
OVERVIEW = ("doc_id", "date", "year", "place", "doc_type", "title", "n_words", "n_sentences")
CLEANING = ("doc_id", "date", "raw_words", "n_words", "repeats_dropped")
TIMELINE = ("doc_id", "date", "doc_type", "place", "n_words")

CASES = [
    Case(themes.theme_matches, {"units": "units", "codebook": "codebook"}, {"units": ("text",)}),
    Case(themes.theme_matrix, {"units": "units", "codebook": "codebook"}, {"units": ("text",)}),
    Case(themes_counts.top_pairs, {"pairs": "pairs"}, {"pairs": ("n_both", "jaccard")}),
    Case(
        themes_counts.presence_by_year,
        {"units": "units", "matrix": "matrix"},
        {"units": ("year",)},
    ),
    Case(
        themes_counts.unmatched_by_year,
        {"units": "units", "matrix": "matrix"},
        {"units": ("year",)},
    ),
    Case(
        themes_counts.period_presence,
        {"units": "units", "matrix": "matrix"},
        {"units": ("year",)},
        {"periods": PERIODS},
    ),
    Case(
        themes_counts.period_cooccurrence,
        {"units": "units", "matrix": "matrix"},
        {"units": ("year",)},
        {"periods": PERIODS},
    ),
    Case(themes_figures.plot_presence_by_year, {"presence": "presence"}, {"presence": PRESENCE}),
    Case(
        themes_figures.plot_cooccurrence_heatmap,
        {"pairs": "pairs", "counts": "square"},
        {"pairs": ("theme_a", "theme_b", "jaccard", "n_units")},
    ),
    Case(
        themes_figures.plot_early_late,
        {"presence": "period_presence", "pairs": "period_pairs"},
        {"presence": PERIOD_PRESENCE, "pairs": PERIOD_PAIRS},
        {"periods": PERIODS, "min_count": 1},
    ),
    Case(themes_figures.plot_crime_profiles, {"profiles": "profiles"}, {"profiles": PROFILES}),
    Case(
        themes_figures.plot_theme_circle,
        {"pairs": "pairs", "counts": "counts"},
        {"pairs": ("theme_a", "theme_b", "n_both", "jaccard"), "counts": ("theme", "n")},
        {"min_count": 1},
    ),
    Case(
        themes_figures.plot_sensitivity,
        {"tests": "tests"},
        {"tests": TESTED},
        {"first": "early", "second": "late"},
    ),
    Case(
        themes_findings.theme_units_table,
        {"units": "units", "matrix": "matrix", "documents": "documents"},
        {"units": ("doc_id", "year", "unit_id", "text")},
    ),
    Case(
        themes_findings.overview_findings,
        {"matrix": "matrix", "pairs": "pairs"},
        {"pairs": FOUND_PAIRS},
        {"min_count": 1},
    ),
    Case(themes_findings.crime_findings, {"matrix": "matrix"}, {"matrix": themes.CRIMES}),
    Case(
        themes_findings.period_findings,
        {"units": "units", "matrix": "matrix"},
        {"units": ("year", "doc_id")},
        {"periods": PERIODS},
    ),
    Case(
        themes_findings.label_units,
        {"units": "units", "documents": "documents"},
        {"units": ("doc_id", "unit_id")},
    ),
    Case(themes_findings.unit_documents, {"units": "units"}, {"units": ("doc_id", "unit_id")}),
    Case(
        themes_sensitivity.merge_theme,
        {"table": "codebook_table"},
        {"table": ("theme", "patterns", "exclude")},
        {"source": "refugee_protection", "target": "victims"},
    ),
    Case(
        themes_sensitivity.sensitivity_counts,
        {"units": "units", "matrix": "matrix"},
        {"units": ("year",)},
        {"themes": ["trafficking", "smuggling"]},
    ),
    Case(
        themes_sensitivity.period_tests,
        {"sensitivity": "sensitivity"},
        {"sensitivity": ("decision", "variant", "year", "theme", "n", "total")},
        {"periods": PERIODS},
    ),
    Case(
        themes_sensitivity.survival,
        {"tests": "tests"},
        {"tests": ("decision", "variant", "theme", "strength", "text")},
        {"baseline": BASELINE},
    ),
    Case(themes_kwic.theme_kwic, {"units": "units", "codebook": "codebook"}, {"units": ("text",)}),
    Case(
        themes_kwic.kwic_lines,
        {"kwic": "kwic"},
        {"kwic": ("year", "unit_id", "left", "keyword", "right")},
    ),
    Case(overview.corpus_overview, {"documents": "documents"}, {"documents": OVERVIEW}),
    Case(
        overview.cleaning_summary,
        {"documents": "documents", "lines": "lines"},
        {"documents": CLEANING, "lines": ("doc_id", "role")},
    ),
    Case(overview.lines_by_role, {"lines": "lines"}, {"lines": ("doc_id", "role")}),
    Case(
        overview.navigation_in_text,
        {"documents": "documents", "lines": "lines"},
        {"documents": ("doc_id", "text"), "lines": ("doc_id", "line_no", "role", "text")},
    ),
    Case(
        overview.documents_per_year,
        {"documents": "documents"},
        {"documents": ("year", "doc_type", "n_words")},
    ),
    Case(overview.plot_timeline, {"documents": "documents"}, {"documents": TIMELINE}),
    Case(
        pages.build_page,
        {"table": "line_table", "meta": "meta"},
        {"table": ("text", "role")},
    ),
    Case(
        periods.period_table,
        {"units": "units"},
        {"units": ("doc_id", "year")},
        {"periods": PERIODS},
    ),
]

# DataFrame parameters that need no check of their own, and why.
CODEBOOK = "a codebook given as a table goes to themes.codebook_from_table, which checks it"
MATRIX = "a theme matrix: each column is a theme, none is read by name"
EXEMPT: dict[tuple[str, str], str] = {
    # its own check: "codebook lacks column(s) [...]; it needs [...]"
    ("reading.themes.codebook_from_table", "table"): "own check, naming the missing columns",
    ("reading.themes.as_codebook", "codebook"): CODEBOOK,
    ("reading.themes.codebook_summary", "codebook"): CODEBOOK,
    ("reading.themes.match_text", "codebook"): CODEBOOK,
    ("reading.themes.theme_matches", "codebook"): CODEBOOK,
    ("reading.themes.theme_matrix", "codebook"): CODEBOOK,
    ("analysis.themes_kwic.theme_kwic", "codebook"): CODEBOOK,
    ("analysis.themes.theme_counts", "matrix"): MATRIX,
    ("analysis.themes.cooccurrence_counts", "matrix"): MATRIX,
    ("analysis.themes.cooccurrence", "matrix"): MATRIX,
    ("analysis.themes.cooccurrence_from_counts", "square"): (
        "the square co-occurrence table: themes as index and columns, none read by name"
    ),
    ("analysis.themes.presence_by_year", "matrix"): MATRIX,
    ("analysis.themes.unmatched_by_year", "matrix"): MATRIX,
    ("analysis.themes.period_presence", "matrix"): MATRIX,
    ("analysis.themes.period_cooccurrence", "matrix"): MATRIX,
    ("analysis.themes_findings.theme_units_table", "matrix"): MATRIX,
    ("analysis.themes_findings.overview_findings", "matrix"): MATRIX,
    ("analysis.themes_findings.period_findings", "matrix"): MATRIX,
    # its own check: "the codebook has no theme [...]: crime_profiles needs (...)"
    ("analysis.themes.crime_profiles", "matrix"): "own check, naming the missing crime columns",
    # its own check: "theme 'x' is not in the theme matrix"
    ("analysis.sensitivity.sensitivity_counts", "matrix"): "own check, naming the missing theme",
    ("figures.themes.plot_cooccurrence_heatmap", "counts"): (
        "the square co-occurrence table: themes as index and columns, none read by name"
    ),
    (
        "analysis.themes_findings.theme_units_table",
        "documents",
    ): "passes it to labels.document_labels",
    ("analysis.themes_findings.label_units", "documents"): "passes it to labels.document_labels",
    # passes each on to overview_findings, crime_findings and period_findings, which check
    ("analysis.themes_findings.theme_findings", "units"): "passes it to period_findings",
    ("analysis.themes_findings.theme_findings", "matrix"): "passes it to crime_findings",
    ("analysis.themes_findings.theme_findings", "pairs"): "passes it to overview_findings",
    ("analysis.themes_findings.write_table", "table"): "writes every column, reads none by name",
    ("analysis.sensitivity.theme_matrix_variant", "units"): (
        "passes it to themes.theme_matrix or themes.theme_matches, which check"
    ),
    ("analysis.overview.plot_documents_per_year", "documents"): "passes it to documents_per_year",
    ("base.tables.readable", "table"): "shows every column, reads none by name",
    ("base.style.save_figure", "data"): "writes every column, reads none by name",
}

DROPPED = [
    pytest.param(case, parameter, column, id=f"{case.name}-{parameter}-{column}")
    for case in CASES
    for parameter, columns in case.required.items()
    for column in columns
]


@pytest.fixture(scope="module")
def valid(codebook) -> dict[str, object]:
    """Valid inputs for every case, from the seeds."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        corpus = load_corpus(SEEDS_DIR)
    units = themes.make_units(corpus)
    matrix = themes.theme_matrix(units, codebook)
    counted = themes_sensitivity.sensitivity_counts(units, matrix, ["trafficking", "smuggling"])
    sensitivity = stack_variants({BASELINE: counted})
    line_table, meta = pages.label_page_lines(sorted(SEEDS_DIR.glob("*.txt"))[0].read_text("utf-8"))
    return {
        "codebook": codebook,
        "codebook_table": codebook.table,
        "units": units,
        "matrix": matrix,
        "pairs": themes_counts.cooccurrence(matrix, min_count=1),
        "counts": themes_counts.theme_counts(matrix),
        "square": themes_counts.cooccurrence_counts(matrix),
        "presence": themes_counts.presence_by_year(units, matrix),
        "period_presence": themes_counts.period_presence(units, matrix, PERIODS),
        "period_pairs": themes_counts.period_cooccurrence(units, matrix, PERIODS, 1),
        "profiles": themes_counts.crime_profiles(matrix),
        "sensitivity": sensitivity,
        "tests": themes_sensitivity.period_tests(sensitivity, PERIODS),
        "kwic": themes_kwic.theme_kwic(units, codebook),
        "documents": corpus.documents,
        "lines": corpus.lines,
        "line_table": line_table,
        "meta": meta,
    }


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


@pytest.mark.parametrize(("case", "parameter", "column"), DROPPED)
def test_a_missing_column_is_named(valid, case: Case, parameter: str, column: str) -> None:
    table = valid[case.inputs[parameter]].drop(columns=[column])
    where = re.escape(case.function.__name__)
    message = rf"^{where}: the table has no column '{re.escape(column)}' \(it has: "
    with pytest.raises(ValueError, match=message):
        case.call(valid, **{parameter: table})


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_the_required_columns_are_enough(valid, case: Case) -> None:
    """Each checked table cut down to the columns listed here still works: the check
    asks for no other column, and the function reads no other one on this input."""
    cut = {
        parameter: valid[case.inputs[parameter]][list(columns)]
        for parameter, columns in case.required.items()
    }
    case.call(valid, **cut)


@pytest.mark.parametrize(
    ("call", "column"),
    [
        (
            lambda v: themes.codebook_from_table(v["codebook_table"].drop(columns="patterns")),
            "patterns",
        ),
        (
            lambda v: themes_counts.crime_profiles(v["matrix"].drop(columns="smuggling")),
            "smuggling",
        ),
    ],
    ids=["codebook_from_table", "crime_profiles"],
)
def test_the_exempt_own_checks_name_the_missing_column(valid, call, column: str) -> None:
    with pytest.raises(ValueError, match=f"'{column}'"):
        call(valid)


def dataframe_parameters(module: str) -> set[tuple[str, str]]:
    """(``module.function``, parameter) for each public function of ``module`` with a
    parameter annotated as a DataFrame (alone or in a union)."""
    path = Path(helpers.__file__).parent.joinpath(*module.split(".")).with_suffix(".py")
    source = path.read_text(encoding="utf-8")
    public = set(importlib.import_module(f"helpers.{module}").__all__)
    found = set()
    for node in ast.parse(source).body:
        if isinstance(node, ast.FunctionDef) and node.name in public:
            arguments = node.args.posonlyargs + node.args.args + node.args.kwonlyargs
            found |= {
                (f"{module}.{node.name}", argument.arg)
                for argument in arguments
                if argument.annotation is not None
                and "DataFrame" in ast.unparse(argument.annotation)
            }
    return found


def test_every_dataframe_parameter_is_checked_or_exempt() -> None:
    found = set().union(*(dataframe_parameters(module) for module in MODULES))
    checked = {(case.name, parameter) for case in CASES for parameter in case.required}
    assert not checked & set(EXEMPT), "a parameter both checked and exempt"
    unlisted = sorted(found - checked - set(EXEMPT))
    assert not unlisted, f"DataFrame parameters without a check or a reason: {unlisted}"
    stale = sorted((checked | set(EXEMPT)) - found)
    assert not stale, f"listed here but no longer public DataFrame parameters: {stale}"
