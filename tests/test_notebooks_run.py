"""Every notebook, run afresh, gives its committed outputs and figures, byte for byte.

The session's build (``project_builds`` in ``conftest.py``) runs each notebook
of ``notebooks/`` and the teacher's key once on ``seeds/``. Here each run is
compared with the committed notebook by nbval's strict rules (``nbcompare``),
every figure's CSV and SVG and the catalogue with the committed ``figures/``,
and the build with a second one, to show that the same input gives the same
bytes. These tests are ``slow``: ``pytest -m "not slow"`` skips them.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from conftest import TEACHER_KEY, Build, BuildPair
from nbcompare import compare_notebooks, read_sanitizers

from helpers.base import paths
from helpers.base.paths import FIGURE_FILE_PATTERN, find_notebooks
from helpers.base.style import CAPTIONS_FILE
from helpers.build import CATALOGUE_NAME, catalogue_text

SANITIZE = Path(__file__).with_name("sanitize.cfg")
NOTEBOOKS = find_notebooks(paths.NOTEBOOKS_DIR)


def files_in(folder: Path) -> dict[str, bytes]:
    """Return {name: bytes} for every file directly inside ``folder``."""
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir()) if path.is_file()}


def figure_files(
    folder: Path, suffixes: tuple[str, ...] = (".png", ".svg", ".pdf", ".csv")
) -> dict:
    """{name: bytes} of the figure files (``NN_name.png/.svg/.pdf/.csv``) in ``folder``."""
    return {
        name: data
        for name, data in files_in(folder).items()
        if FIGURE_FILE_PATTERN.match(name) and name.endswith(suffixes)
    }


def assert_same_outputs(committed: Path, fresh: Path) -> None:
    """Fail, listing every differing cell, unless ``fresh`` has ``committed``'s outputs."""
    problems = compare_notebooks(
        nbformat.read(committed, as_version=4),
        nbformat.read(fresh, as_version=4),
        read_sanitizers(SANITIZE),
    )
    assert not problems, (
        f"{paths.display_path(committed)}: a fresh run differs from the committed outputs "
        "(re-run it with the build and commit, or fix what changed):\n  " + "\n  ".join(problems)
    )


@pytest.mark.parametrize("committed", NOTEBOOKS, ids=[path.name for path in NOTEBOOKS])
def test_outputs_match_the_committed_notebook(committed: Path, project_builds: BuildPair) -> None:
    assert_same_outputs(committed, project_builds.first.executed(committed))


def test_teacher_key_outputs_match_the_committed_key(teacher_key_run: Build) -> None:
    assert_same_outputs(TEACHER_KEY, teacher_key_run.executed(TEACHER_KEY))
    assert not any(teacher_key_run.figures.iterdir()), "the teacher's key saved figures"


def test_builds_give_identical_notebooks(project_builds: BuildPair) -> None:
    first, second = (files_in(b.notebooks) for b in (project_builds.first, project_builds.second))
    assert sorted(first) == sorted(second) == [path.name for path in NOTEBOOKS]
    for name, data in first.items():
        assert data == second[name], (
            f"{name} differs between two builds (a memory address or unsorted set in an output?)"
        )


def test_builds_give_identical_figures(project_builds: BuildPair) -> None:
    first, second = (files_in(b.figures) for b in (project_builds.first, project_builds.second))
    assert sorted(first) == sorted(second)
    assert CATALOGUE_NAME in first
    assert any(name.endswith(".png") for name in first), "the notebooks saved no figure"
    for name, data in first.items():
        assert data == second[name], f"{name} differs between two builds"


def test_committed_figures_are_up_to_date(project_builds: BuildPair) -> None:
    committed = figure_files(paths.DEFAULT_FIGURES_DIR)
    fresh = figure_files(project_builds.first.figures)
    assert sorted(committed) == sorted(fresh), (
        "figures/ holds other figure files than a fresh build writes: run the build and commit"
    )
    for name, data in figure_files(project_builds.first.figures, (".csv", ".svg", ".pdf")).items():
        assert committed[name] == data, f"figures/{name} is stale: run the build and commit"


def test_committed_catalogue_is_up_to_date(project_builds: BuildPair) -> None:
    expected = catalogue_text(
        project_builds.first.figures, paths.NOTEBOOKS_DIR, placed_in=paths.DEFAULT_FIGURES_DIR
    )
    committed = (paths.DEFAULT_FIGURES_DIR / CATALOGUE_NAME).read_bytes()
    assert committed == expected.encode("utf-8"), (
        f"figures/{CATALOGUE_NAME} is stale: run the build and commit"
    )
    fresh = (project_builds.first.figures / CAPTIONS_FILE).read_bytes()
    assert (paths.DEFAULT_FIGURES_DIR / CAPTIONS_FILE).read_bytes() == fresh, (
        f"figures/{CAPTIONS_FILE} is stale: run the build and commit"
    )


def test_each_figure_comes_from_one_notebook(project_builds: BuildPair) -> None:
    # Notebooks run side by side, so no two may write the same file: each writes
    # only figures named after its own number, and no two notebooks share one.
    numbers = [path.name[:2] for path in NOTEBOOKS]
    assert len(numbers) == len(set(numbers)), f"two notebooks share a number: {numbers}"
    for name in figure_files(project_builds.first.figures):
        if name.startswith("00_"):
            # a table shared by every notebook (the annotation table): one notebook writes it
            quoted = f'\\"{Path(name).stem}\\"'  # as a string in a notebook's JSON
            writers = [nb.name for nb in NOTEBOOKS if quoted in nb.read_text(encoding="utf-8")]
            assert len(writers) == 1, f"{name} is written by {writers or 'no notebook'}"
            continue
        assert name[:2] in numbers, f"{name} is named after no notebook"
