"""The notebook comparator (tests/nbcompare.py) on made-up notebooks: it follows nbval's rules."""

from __future__ import annotations

import copy
from pathlib import Path

import nbformat
import pytest
from nbcompare import compare_notebooks, read_sanitizers
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

SANITIZE = Path(__file__).with_name("sanitize.cfg")
PATTERNS = read_sanitizers(SANITIZE)


def stream(text: str, name: str = "stdout") -> nbformat.NotebookNode:
    return new_output("stream", name=name, text=text)


def result(data: dict, count: int) -> nbformat.NotebookNode:
    return new_output("execute_result", data=data, execution_count=count)


def display(data: dict) -> nbformat.NotebookNode:
    return new_output("display_data", data=data)


def committed() -> nbformat.NotebookNode:
    """A small executed notebook with every kind of output the project's notebooks have."""
    nb = new_notebook()
    nb.cells = [
        new_markdown_cell("# Title"),
        new_code_cell("import x", execution_count=1),
        new_code_cell(
            "print(a)\nprint(b)", execution_count=2, outputs=[stream("one\ntwo\nthree\n")]
        ),
        new_code_cell(
            "table",
            execution_count=3,
            outputs=[result({"text/plain": "  a  b\n0 1  2", "text/html": "<table/>"}, 3)],
        ),
        new_code_cell(
            "fig",
            execution_count=4,
            outputs=[
                display({"image/png": "iVBORw0KGgo=", "image/svg+xml": "<svg/>", "text/plain": "F"})
            ],
        ),
        new_code_cell("warn()", execution_count=5, outputs=[stream("careful\n", "stderr")]),
    ]
    return nb


def problems(old: nbformat.NotebookNode, new: nbformat.NotebookNode) -> list[str]:
    return compare_notebooks(old, new, PATTERNS)


def test_a_notebook_agrees_with_itself() -> None:
    assert problems(committed(), committed()) == []


def test_execution_counts_and_metadata_are_not_compared() -> None:
    new = committed()
    new.cells[3].outputs[0]["execution_count"] = 9
    new.cells[3].outputs[0]["metadata"] = {"x": 1}
    assert problems(committed(), new) == []


def test_a_changed_line_names_the_cell_and_the_line() -> None:
    new = committed()
    new.cells[2].outputs[0]["text"] = "one\nTWO\nthree\n"
    found = problems(committed(), new)
    assert found == ["Cell 1 ('print(a)'): stdout: line 2: committed 'two', now 'TWO'"]


@pytest.mark.parametrize(
    ("cell", "mime"), [(3, "text/plain"), (3, "text/html"), (4, "image/svg+xml"), (4, "text/plain")]
)
def test_text_html_and_svg_are_compared(cell: int, mime: str) -> None:
    new = committed()
    new.cells[cell].outputs[0]["data"][mime] += " changed"
    found = problems(committed(), new)
    assert len(found) == 1 and f"Cell {cell - 1} " in found[0] and mime in found[0]


def test_png_is_not_compared() -> None:
    new = committed()
    new.cells[4].outputs[0]["data"]["image/png"] = "AAAA"
    assert problems(committed(), new) == []


def test_stderr_is_compared() -> None:
    new = committed()
    new.cells[5].outputs = [stream("other\n", "stderr")]
    assert "stderr: line 1" in problems(committed(), new)[0]


def test_a_missing_or_extra_output_is_a_difference() -> None:
    new = committed()
    new.cells[3].outputs = []
    assert "missing from the new run: ['text/html', 'text/plain']" in problems(committed(), new)[0]
    new = committed()
    new.cells[1].outputs = [stream("surprise\n")]
    assert "the committed notebook does not have: ['stdout']" in problems(committed(), new)[0]


def test_an_extra_line_is_a_difference() -> None:
    new = committed()
    new.cells[2].outputs[0]["text"] += "four\n"
    assert problems(committed(), new) == ["Cell 1 ('print(a)'): stdout: line 4 is only now: 'four'"]


def test_one_print_in_two_pieces_is_the_same_output() -> None:
    new = committed()
    new.cells[2].outputs = [stream("one\ntw"), stream("o\nthree\n")]
    assert problems(committed(), new) == []


def test_memory_addresses_are_masked_by_the_sanitize_file() -> None:
    old, new = committed(), committed()
    old.cells[2].outputs = [stream("<object at 0x7f3a2b1c9d80>\n")]
    new.cells[2].outputs = [stream("<object at 0x7f00aa11bb22>\n")]
    assert problems(old, new) == []
    new.cells[2].outputs = [stream("<other at 0x7f00aa11bb22>\n")]
    assert len(problems(old, new)) == 1


def test_every_differing_cell_is_listed() -> None:
    new = committed()
    new.cells[2].outputs[0]["text"] = "x\n"
    new.cells[5].outputs[0]["text"] = "y\n"
    assert [p.split(" (")[0] for p in problems(committed(), new)] == ["Cell 1", "Cell 4"]


def test_cells_that_were_not_run_are_not_compared_unless_they_have_outputs() -> None:
    old, new = committed(), committed()
    old.cells[2].execution_count = None
    old.cells[2].outputs = []
    assert problems(old, new) == []
    old.cells[2].outputs = [stream("stale\n")]
    assert "not run but has outputs" in problems(old, new)[0]


def test_nbval_markers_are_honoured() -> None:
    old, new = committed(), committed()
    old.cells[2].source = "# NBVAL_IGNORE_OUTPUT\n" + old.cells[2].source
    new.cells[2].source = old.cells[2].source
    new.cells[2].outputs[0]["text"] = "anything\n"
    assert problems(old, new) == []


def test_different_cells_are_reported() -> None:
    new = copy.deepcopy(committed())
    new.cells[1].source = "import y"
    assert problems(committed(), new) == ["the two notebooks do not have the same code cells"]
