# ruff: noqa: E501  (module paths grew with the subpackages; this file shrinks with the checks)
"""The public table functions of the validation modules name a missing column.

Each case gives a function inputs that work (made-up units, codes and pairs in
the shapes the validation loop passes on), then drops one column the function
needs: the call must raise ``ValueError`` naming the function and the column
(``checks.require_columns``). ``EXEMPT`` lists the DataFrame parameters that need
no check of their own, each with the reason; a new public DataFrame parameter in
``MODULES`` that is in neither fails the last test.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pytest
from dataframe_parameters import dataframe_parameters

import helpers
from helpers.validation import agreement as validation_agreement
from helpers.validation import sample as validation
from helpers.validation import scores as validation_rules
from helpers.validation import sheets as validation_sheets

PACKAGE = Path(helpers.__file__).parent
MODULES = (
    "validation.sample", "validation.sheets", "validation.agreement", "validation.scores",
    "validation.commands", "validation.widget", "figures.validation", "validation.codebook",
)  # fmt: skip
CHECKED = "^{function}: the table has no column '{column}' "


@dataclass(frozen=True)
class Case:
    """One DataFrame parameter of one function, the columns it needs and inputs that work."""

    function: Callable
    parameter: str
    needs: tuple[str, ...]
    inputs: Callable[[dict], dict]

    @property
    def key(self) -> str:
        module = self.function.__module__.removeprefix("helpers.")
        return f"{module}.{self.function.__qualname__}({self.parameter})"

    def call(self, tables: dict, drop: str | None = None) -> object:
        kwargs = self.inputs(tables)
        if drop is not None:
            kwargs[self.parameter] = kwargs[self.parameter].drop(columns=drop)
        return self.function(**kwargs)


@pytest.fixture(scope="module")
def tables() -> dict:
    units = pd.DataFrame({
        "doc_id": ["d1"] * 6 + ["d2"] * 4,
        "sent_id": [0, 1, 2, 3, 4, 5, 0, 1, 2, 3],
        "year": [2003] * 6 + [2010] * 4,
        "frame": ["trafficking", "", "nexus", "trafficking", "none", "smuggling",
                  "paired", "", "trafficking", "umbrella"],
        "text": [f"Sentence {i}." for i in range(10)],
    })  # fmt: skip
    units["unit_id"] = units["doc_id"] + ":" + units["sent_id"].astype(str)
    sample = validation.draw_sample(units, 6, seed=1)
    sheet = validation_sheets.coding_sheet(sample, units)
    codes = pd.DataFrame({
        "coder": ["a", "a", "b", "b"], "unit_id": ["u1", "u2", "u1", "u2"],
        "item": [1, 2, 1, 2], "frame": ["nexus", "paired", "nexus", "nexus"],
        "crime": ["both", "both", "both", "both"], "voice": ["own", "own", "own", "quoted"],
    })  # fmt: skip
    pairs = pd.DataFrame({"truth": ["a", "a", "b"], "predicted": ["a", "b", "b"]})
    scores = validation_rules.label_scores(pairs, n_boot=10)
    return {"units": units, "sample": sample, "sheet": sheet, "codes": codes, "pairs": pairs,
            "scores": scores}  # fmt: skip


def _codes(variable: str = "frame") -> Callable[[dict], dict]:
    return lambda t: {"codes": t["codes"], "variable": variable}


CASES: tuple[Case, ...] = (
    Case(validation.rules_frame, "units", ("frame",), lambda t: {"units": t["units"]}),
    Case(validation.draw_sample, "units", ("unit_id", "year", "frame", "text"),
         lambda t: {"units": t["units"], "n": 4}),
    Case(validation.sample_strata, "sample", ("stratum",),
         lambda t: {"sample": t["sample"], "units": t["units"]}),
    Case(validation.sample_strata, "units", ("year", "frame"),
         lambda t: {"sample": t["sample"], "units": t["units"]}),
    Case(validation_sheets.coding_sheet, "sample",
         ("sample_id", "item", "unit_id", "doc_id", "sent_id", "text"),
         lambda t: {"sample": t["sample"], "units": t["units"]}),
    Case(validation_sheets.coding_sheet, "units", ("doc_id", "sent_id", "text"),
         lambda t: {"sample": t["sample"], "units": t["units"]}),
    Case(validation_sheets.read_codes, "template", ("sample_id", "unit_id", "item"),
         lambda t: {"template": t["sheet"], "sheets": {}}),
    Case(validation_sheets.codes_from_lists, "sheet", ("unit_id", "item"),
         lambda t: {"sheet": t["sheet"], "labels_by_coder": {}}),
    Case(validation_sheets.coding_progress, "codes",
         ("coder", "unit_id", "frame", "crime", "voice"),
         lambda t: {"codes": t["codes"], "sheet": t["sheet"]}),
    Case(validation_sheets.coding_progress, "sheet", ("unit_id", "item"),
         lambda t: {"codes": t["codes"], "sheet": t["sheet"]}),
    Case(validation_agreement.reliability_matrix, "codes", ("coder", "unit_id", "frame"),
         _codes()),
    Case(validation_agreement.alpha_table, "codes", ("coder", "unit_id", "frame", "voice"),
         lambda t: {"codes": t["codes"], "variables": ["frame", "voice"], "n_boot": 5}),
    Case(validation_agreement.disagreements, "codes", ("coder", "unit_id", "frame"),
         lambda t: {"codes": t["codes"], "variables": ["frame"]}),
    Case(validation_agreement.consensus, "codes", ("coder", "unit_id", "frame"), _codes()),
    Case(validation_rules.confusion, "pairs", ("truth", "predicted"),
         lambda t: {"pairs": t["pairs"]}),
    Case(validation_rules.label_scores, "pairs", ("truth", "predicted"),
         lambda t: {"pairs": t["pairs"], "n_boot": 5}),
    Case(validation_rules.corrected_shares, "pairs", ("truth", "predicted"),
         lambda t: {"rules_labels": pd.Series(["a", "b"]), "pairs": t["pairs"], "n_boot": 5}),
    Case(validation_rules.recall_findings, "pairs", ("truth", "predicted"),
         lambda t: {"pairs": t["pairs"], "labels": ["a"]}),
    Case(validation_rules.compare_scores, "rules", ("label", "n_true", "precision", "recall", "f1"),
         lambda t: {"rules": t["scores"], "classifier": t["scores"]}),
    Case(validation_rules.compare_scores, "classifier",
         ("label", "n_true", "precision", "recall", "f1"),
         lambda t: {"rules": t["scores"], "classifier": t["scores"]}),
)  # fmt: skip

EXEMPT: dict[str, str] = {
    "validation.sheets.read_codes(sheets)": "each sheet is checked with a SheetError of its own",
    "validation.codebook.write_coding_files(sample)": "passed to coding_sheet, which checks",
    "validation.codebook.write_coding_files(units)": "passed to coding_sheet, which checks",
    "figures.validation.plot_scores(scores)": "each table of the mapping is checked in the body",
    "validation.sheets.write_csv_atomic(table)": "writes any table; reads no named column",
    "validation.agreement.alpha(codes)": "passed to reliability_matrix, which checks",
    "validation.agreement.coder_confusion(codes)": "passed to reliability_matrix, which checks",
    "validation.agreement.disagreements(sheet)": "checked where it is used (item, text)",
    "validation.widget.CodingSession.__init__(blank)": "a sheet read by read_sheet, which checks",
    "validation.widget.coding_widget(blank)": "passed to CodingSession, whose sheet is checked",
}


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.key)
def test_the_inputs_work(case: Case, tables: dict) -> None:
    case.call(tables)


@pytest.mark.parametrize(
    ("case", "column"),
    [pytest.param(c, col, id=f"{c.key}-{col}") for c in CASES for col in c.needs],
)
def test_a_missing_column_is_named(case: Case, column: str, tables: dict) -> None:
    name = case.function.__name__
    expected = CHECKED.format(function=re.escape(name), column=re.escape(column))
    with pytest.raises(ValueError, match=expected):
        case.call(tables, drop=column)


def test_every_dataframe_parameter_is_covered_or_exempt() -> None:
    covered = {case.key for case in CASES}
    found = dataframe_parameters(MODULES)
    unchecked = sorted(found - covered - set(EXEMPT))
    assert not unchecked, f"DataFrame parameters with no case here and no EXEMPT entry: {unchecked}"
    stale = sorted((covered | set(EXEMPT)) - found)
    assert not stale, f"cases or EXEMPT entries that match no public DataFrame parameter: {stale}"
