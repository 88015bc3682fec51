"""The committed notebooks carry their outputs, run in order, with nothing machine-specific.

``test_notebooks_run.py`` compares a fresh run of every notebook with these
committed outputs by nbval's strict rules, which pass vacuously on a notebook
without outputs (cells never run are not compared), hence these checks.
"""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
import pytest

from helpers.base.paths import NOTEBOOKS_DIR, REPO_ROOT
from helpers.build import TIMING_KEYS, find_notebooks

NOTEBOOKS = find_notebooks(NOTEBOOKS_DIR)


def forbidden_strings() -> list[str]:
    """Return substrings that reveal where or on which machine a notebook ran."""
    forbidden = [str(REPO_ROOT), "/tmp/"]
    home = str(Path.home())
    if len(home) > 1:
        forbidden.append(home + "/")
    return forbidden


@pytest.fixture(params=NOTEBOOKS, ids=[path.name for path in NOTEBOOKS])
def notebook(request: pytest.FixtureRequest) -> nbformat.NotebookNode:
    """Each committed notebook, read (no test runs when there is none: see below)."""
    return nbformat.read(request.param, as_version=4)


def test_notebooks_exist() -> None:
    assert NOTEBOOKS, f"no notebooks found in {NOTEBOOKS_DIR.name}/ (expected NN_*.ipynb)"


def code_cells(nb: nbformat.NotebookNode) -> list[nbformat.NotebookNode]:
    """Return the code cells of a notebook."""
    return [cell for cell in nb.cells if cell.cell_type == "code"]


def test_has_code_cells(notebook: nbformat.NotebookNode) -> None:
    assert code_cells(notebook), "the notebook has no code cell"


def test_execution_counts_are_1_to_n(notebook: nbformat.NotebookNode) -> None:
    counts = [cell.execution_count for cell in code_cells(notebook) if cell.source.strip()]
    assert counts == list(range(1, len(counts) + 1)), (
        f"execution counts {counts}: run the notebooks with the build command, top to bottom"
    )


def test_has_outputs(notebook: nbformat.NotebookNode) -> None:
    assert any(cell.outputs for cell in code_cells(notebook)), (
        "no code cell has outputs: a cleared notebook is not tested by nbval; run the build"
    )


def test_no_timing_metadata(notebook: nbformat.NotebookNode) -> None:
    for index, cell in enumerate(notebook.cells):
        found = [key for key in TIMING_KEYS if key in cell.metadata]
        assert not found, f"cell {index} has timing metadata {found}"


def test_outputs_have_no_machine_paths(notebook: nbformat.NotebookNode) -> None:
    for index, cell in enumerate(code_cells(notebook)):
        for output in cell.outputs:
            text_parts = {
                key: value
                for key, value in output.items()
                if key not in ("data", "metadata", "output_type")
            }
            text_parts.update(
                {
                    key: value
                    for key, value in output.get("data", {}).items()
                    if not key.startswith("image/")
                }
            )
            text = json.dumps(text_parts, ensure_ascii=False)
            for forbidden in forbidden_strings():
                assert forbidden not in text, f"cell {index} output shows the path {forbidden!r}"
