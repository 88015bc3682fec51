"""Compare an executed notebook's outputs with the committed ones, by nbval's strict rules.

nbval compares outputs inside its own pytest items, while it runs a kernel;
its comparison is a method of those items, not a function. The tests run each
notebook once, in a build, and compare afterwards, so this module applies the
same rules to two notebook files, reusing nbval's own helpers where they are
plain functions (stream merging, the sanitize file's format, cell markers):

- in every code cell whose committed copy was run (has an execution count),
  each output key is compared: stream text by stream name, and every MIME
  type of ``data`` (text, HTML, SVG, JSON, ...) except PNG and JPEG images
  and widget ids; ``metadata``, ``traceback`` and ``execution_count`` are not;
- consecutive stream outputs are merged first, and the sanitize file's
  regular expressions are applied to both sides;
- a cell marked ``# NBVAL_IGNORE_OUTPUT`` (or tagged ``nbval-ignore-output``)
  is not compared, nor one marked to be skipped;
- a committed cell that was not run but has outputs is an error.

Unlike nbval, a difference is reported with the notebook, the cell and the
first line that differs, and every differing cell is listed, not just the first.
"""

from __future__ import annotations

import copy
import re
from collections import defaultdict
from pathlib import Path

import nbformat
from nbval.plugin import (
    coalesce_streams,
    find_comment_markers,
    find_metadata_tags,
    get_sanitize_patterns,
    transform_streams_for_comparison,
)

# nbval's skip list in its default mode (without --nbval-lax and without nbdime).
SKIP_COMPARE = (
    "metadata",
    "traceback",
    "prompt_number",
    "output_type",
    "name",
    "execution_count",
    "application/vnd.jupyter.widget-view+json",
    "image/png",
    "image/jpeg",
)


def read_sanitizers(path: Path) -> list[tuple[str, str]]:
    """The (regex, replacement) pairs of an nbval sanitize file, in order."""
    return list(get_sanitize_patterns(Path(path).read_text(encoding="utf-8")))


def sanitize(value, patterns: list[tuple[str, str]]):
    """Apply every pattern to a string; other values are returned as they are."""
    if not isinstance(value, str):
        return value
    for regex, replacement in patterns:
        value = re.sub(regex, replacement, value)
    return value


def flatten(outputs: list, patterns: list[tuple[str, str]]) -> dict[str, list]:
    """{output key or MIME type: [sanitized values, in order]}, as nbval builds it."""
    flat: dict[str, list] = defaultdict(list)
    for output in transform_streams_for_comparison(outputs):
        for key, value in output.items():
            if key in SKIP_COMPARE:
                continue
            if key == "data":
                for mime, data in value.items():
                    if mime not in SKIP_COMPARE:
                        flat[mime].append(sanitize(data, patterns))
            else:
                flat[key].append(sanitize(value, patterns))
    return flat


def _as_text(value) -> str:
    if isinstance(value, list):  # nbformat may keep multi-line strings as lists of lines
        return "".join(value)
    return value if isinstance(value, str) else repr(value)


def first_difference(committed, executed) -> str:
    """Say where two output values first differ: the line number and both lines."""
    old, new = _as_text(committed).splitlines(), _as_text(executed).splitlines()
    for number, (a, b) in enumerate(zip(old, new, strict=False), start=1):
        if a != b:
            return f"line {number}: committed {a[:200]!r}, now {b[:200]!r}"
    if len(old) != len(new):
        number = min(len(old), len(new)) + 1
        extra = old[number - 1] if len(old) > len(new) else new[number - 1]
        side = "only committed" if len(old) > len(new) else "only now"
        return f"line {number} is {side}: {extra[:200]!r}"
    return "the values differ in line endings or type"


def compare_cell(committed: list, executed: list, patterns: list[tuple[str, str]]) -> str | None:
    """Compare one cell's outputs; out: None when they agree, else what differs."""
    old = flatten(coalesce_streams(copy.deepcopy(committed)), patterns)
    new = flatten(coalesce_streams(copy.deepcopy(executed)), patterns)
    if set(old) - set(new):
        return f"outputs missing from the new run: {sorted(set(old) - set(new))}"
    if set(new) - set(old):
        return f"outputs the committed notebook does not have: {sorted(set(new) - set(old))}"
    for key, values in old.items():
        if len(values) != len(new[key]):
            return f"{key}: {len(values)} output(s) committed, {len(new[key])} now"
        for old_value, new_value in zip(values, new[key], strict=True):
            if old_value != new_value:
                return f"{key}: {first_difference(old_value, new_value)}"
    return None


def _options(cell) -> dict:
    options = defaultdict(bool, find_metadata_tags(cell.metadata))
    options.update(dict(find_comment_markers(cell.source)))
    return options


def compare_notebooks(
    committed: nbformat.NotebookNode,
    executed: nbformat.NotebookNode,
    patterns: list[tuple[str, str]],
) -> list[str]:
    """Every difference between a committed notebook and a fresh run of it.

    In: both notebooks (the fresh one run from the committed one's cells); the
    sanitize patterns. Out: one message per differing code cell, naming it as
    nbval does ("Cell 3" counts code cells from 0) with its first source line;
    an empty list when they agree.
    """
    old_cells = [cell for cell in committed.cells if cell.cell_type == "code"]
    new_cells = [cell for cell in executed.cells if cell.cell_type == "code"]
    if [c.source for c in old_cells] != [c.source for c in new_cells]:
        return ["the two notebooks do not have the same code cells"]
    problems = []
    for number, (old, new) in enumerate(zip(old_cells, new_cells, strict=True)):
        first_line = old.source.strip().splitlines()[0][:60] if old.source.strip() else ""
        where = f"Cell {number} ({first_line!r})"
        if old.execution_count is None:
            if old.outputs:
                problems.append(f"{where}: the committed cell was not run but has outputs")
            continue
        options = _options(old)
        if options["skip"] or options.get("check", True) is False:
            continue
        difference = compare_cell(old.outputs, new.outputs, patterns)
        if difference is not None:
            problems.append(f"{where}: {difference}")
    return problems
