"""Tests for helpers.build on made-up notebooks.

The tests that start kernels are marked ``slow`` (they run by default;
``pytest -m "not slow"`` skips them). The project's own notebooks are built
once per session and checked in ``test_notebooks_run.py``.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import threading
import time
from pathlib import Path

import nbformat
import pandas as pd
import pytest
from matplotlib.figure import Figure
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from helpers import build
from helpers.base import paths
from helpers.base.paths import find_notebooks
from helpers.base.style import save_figure
from helpers.build import (
    NotebookError,
    add_build_arguments,
    build_all,
    catalogue_text,
    kernel_config,
    normalise_notebook,
    run_build,
    run_notebooks,
    write_catalogue,
)

# ---------------------------------------------------------------- unit tests


def touch_notebook(path: Path) -> Path:
    """Write an empty notebook at ``path`` and return it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(new_notebook(), path)
    return path


def test_find_notebooks_orders_by_number(tmp_path: Path) -> None:
    for name in [
        "10_last.ipynb",
        "02_second.ipynb",
        "01_first.ipynb",
        "1_bad.ipynb",
        "notes.ipynb",
        "03_text.txt",
        ".ipynb_checkpoints/01_first-checkpoint.ipynb",
    ]:
        touch_notebook(tmp_path / name)
    found = [path.name for path in find_notebooks(tmp_path)]
    assert found == ["01_first.ipynb", "02_second.ipynb", "10_last.ipynb"]


def test_find_notebooks_empty(tmp_path: Path) -> None:
    assert find_notebooks(tmp_path) == []


def tiny_figure(title: str) -> Figure:
    """Return a one-line figure with a title."""
    fig = Figure(figsize=(2, 2))
    ax = fig.add_subplot()
    ax.plot([0, 1], [0, 1])
    ax.set_title(title)
    return fig


def fake_figures(tmp_path: Path) -> tuple[Path, Path]:
    """Make a notebooks folder and a figures folder with two figures; return both."""
    notebooks = tmp_path / "notebooks"
    touch_notebook(notebooks / "01_timeline.ipynb")
    touch_notebook(notebooks / "02_terms.ipynb")
    figures = tmp_path / "figures"
    data = pd.DataFrame({"x": [0, 1]})
    save_figure(tiny_figure("Per year"), data, "02_terms", "Terms | by\nyear.", figures)
    save_figure(tiny_figure("Timeline"), data, "01_timeline", "Documents per year.", figures)
    (figures / "03_orphan.csv").write_text("x\n1\n", encoding="utf-8")
    (figures / "notes.txt").write_text("not a figure\n", encoding="utf-8")
    return notebooks, figures


def test_write_catalogue(tmp_path: Path) -> None:
    notebooks, figures = fake_figures(tmp_path)
    target = write_catalogue(figures, notebooks)
    assert target == figures / "README.md"
    text = target.read_text(encoding="utf-8")
    rows = [line for line in text.splitlines() if line.startswith("| 0")]
    assert rows == [
        "| 01_timeline | Timeline | Documents per year. | `01_timeline.ipynb` | "
        "[PNG](01_timeline.png), [SVG](01_timeline.svg), [PDF](01_timeline.pdf), "
        "[CSV](01_timeline.csv) |",
        "| 02_terms | Per year | Terms \\| by year. | `02_terms.ipynb` | "
        "[PNG](02_terms.png), [SVG](02_terms.svg), [PDF](02_terms.pdf), [CSV](02_terms.csv) |",
        "| 03_orphan |  |  | (none) | [CSV](03_orphan.csv) |",
    ]
    assert str(tmp_path) not in text
    assert text.endswith("|\n")
    first = target.read_bytes()
    assert write_catalogue(figures, notebooks).read_bytes() == first


def test_write_catalogue_links_notebooks_inside_repo(tmp_path: Path, monkeypatch) -> None:
    notebooks, figures = fake_figures(tmp_path)
    monkeypatch.setattr(paths, "REPO_ROOT", tmp_path.resolve())
    text = write_catalogue(figures, notebooks).read_text(encoding="utf-8")
    assert "[notebooks/01_timeline.ipynb](../notebooks/01_timeline.ipynb)" in text


def test_write_catalogue_without_figures(tmp_path: Path) -> None:
    text = write_catalogue(tmp_path / "figures", tmp_path).read_text(encoding="utf-8")
    assert "No figures yet." in text


def test_normalise_notebook() -> None:
    nb = new_notebook()
    nb.metadata["language_info"] = {"name": "python", "version": "3.11.7"}
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "py"}
    nb.cells = [
        new_markdown_cell("# Title"),
        new_code_cell("a = 1", execution_count=7),
        new_code_cell("  ", execution_count=8),
        new_code_cell(
            "a",
            execution_count=9,
            outputs=[
                nbformat.v4.new_output(
                    "execute_result", data={"text/plain": "1"}, execution_count=9
                )
            ],
        ),
    ]
    nb.cells[1].metadata["execution"] = {"iopub.status.busy": "2024-01-01T00:00:00"}
    nb.cells[3].metadata["ExecuteTime"] = {"end_time": "2024-01-01T00:00:00"}
    normalise_notebook(nb)
    assert nb.metadata["language_info"] == {"name": "python", "version": "3.11.7"}
    assert nb.metadata["kernelspec"]["name"] == "python3"
    assert [cell.get("execution_count") for cell in nb.cells] == [None, 1, None, 2]
    assert nb.cells[3].outputs[0]["execution_count"] == 2
    assert all(not cell.metadata for cell in nb.cells)


def test_add_build_arguments() -> None:
    parser = argparse.ArgumentParser()
    add_build_arguments(parser)
    args = parser.parse_args(["--figures-dir", "f", "--corpus-dir", "c", "--notebooks-out", "o"])
    assert (args.figures_dir, args.corpus_dir, args.notebooks_out) == (
        Path("f"),
        Path("c"),
        Path("o"),
    )
    defaults = parser.parse_args([])
    assert (defaults.figures_dir, defaults.corpus_dir, defaults.notebooks_out) == (None,) * 3


def test_build_all_without_notebooks(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="no notebooks found"):
        build_all(notebooks_dir=tmp_path, figures_dir=tmp_path / "figures")


# ----------------------------------------------------- tiny notebooks, real kernels


def write_tiny_notebooks(folder: Path, fail: bool = False) -> None:
    """Write two small notebooks that plot and save figures (the second may fail)."""
    setup = (
        "import pandas as pd\n"
        "from matplotlib.figure import Figure\n"
        "from helpers.base.style import save_figure, use_style\n"
        "from helpers.base import paths\n"
        "use_style()"
    )
    first = new_notebook()
    first.metadata["kernelspec"] = {
        "display_name": "Python 3 (ipykernel)",
        "language": "python",
        "name": "python3",
    }
    first.cells = [
        new_markdown_cell("# Tiny"),
        new_code_cell(setup),
        new_code_cell(""),
        new_code_cell("data = pd.DataFrame({'year': [2003, 2004], 'n': [2, 5]})\ndata"),
        new_code_cell(
            "fig = Figure()\nax = fig.add_subplot()\nax.plot(data.year, data.n)\n"
            "ax.set_title('Per year')\n"
            "save_figure(fig, data, '01_tiny', 'Tiny figure.')"
        ),
        new_code_cell("print(paths.corpus_dir().name)"),
    ]
    second = new_notebook()
    second.metadata["kernelspec"] = first.metadata["kernelspec"]
    second.cells = [new_code_cell("1 / 0" if fail else "print('two')")]
    folder.mkdir(parents=True, exist_ok=True)
    nbformat.write(first, folder / "01_tiny.ipynb")
    nbformat.write(second, folder / "02_second.ipynb")


@pytest.mark.slow
def test_build_all_tiny(tmp_path: Path) -> None:
    notebooks = tmp_path / "notebooks"
    write_tiny_notebooks(notebooks)
    figures = tmp_path / "figures"
    figures.mkdir()
    (figures / "09_stale.png").write_bytes(b"old")
    (figures / "keep.txt").write_text("kept\n", encoding="utf-8")
    corpus = tmp_path / "my_corpus"
    reported: list[tuple[str, float]] = []
    written = build_all(
        notebooks,
        figures,
        corpus,
        tmp_path / "out",
        workers=2,
        report=lambda notebook, seconds: reported.append((notebook.name, seconds)),
    )

    assert written == [tmp_path / "out" / "01_tiny.ipynb", tmp_path / "out" / "02_second.ipynb"]
    names = sorted(path.name for path in figures.iterdir())
    assert names == [
        "01_tiny.csv",
        "01_tiny.pdf",
        "01_tiny.png",
        "01_tiny.svg",
        "README.md",
        "captions.csv",
        "keep.txt",
    ]
    assert sorted(name for name, _ in reported) == ["01_tiny.ipynb", "02_second.ipynb"]
    assert all(seconds > 0 for _, seconds in reported)

    nb = nbformat.read(written[0], as_version=4)
    code = [cell for cell in nb.cells if cell.cell_type == "code"]
    assert [cell.execution_count for cell in code] == [1, None, 2, 3, 4]
    assert code[4].outputs[0]["text"] == "my_corpus\n"
    # language_info as the kernel reports it, so that JupyterLab finds nothing to change.
    assert nb.metadata["language_info"]["version"] == platform.python_version()
    assert nb.metadata["kernelspec"]["name"] == "python3"
    assert all("execution" not in cell.metadata for cell in nb.cells)
    # The originals are untouched when notebooks_out is given.
    original = nbformat.read(notebooks / "01_tiny.ipynb", as_version=4)
    assert all(not cell.get("outputs") for cell in original.cells)


@pytest.mark.slow
def test_run_build_names_failing_notebook(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    notebooks = tmp_path / "notebooks"
    write_tiny_notebooks(notebooks, fail=True)
    # One real build (kernels are slow to start); how run_notebooks picks the
    # error to raise is tested with a fake runner below.
    args = argparse.Namespace(
        notebooks_dir=notebooks,
        figures_dir=tmp_path / "figures",
        corpus_dir=None,
        notebooks_out=tmp_path / "out",
    )
    assert run_build(args) == 1
    err = capsys.readouterr().err
    assert "build failed: notebook 02_second.ipynb: ZeroDivisionError" in err
    assert "1 / 0" in err  # the failing cell is shown


@pytest.mark.slow
def test_run_build_writes_the_handout_and_says_only_what_it_did(
    tmp_path: Path, capfd: pytest.CaptureFixture, project_builds, teacher_key_run
) -> None:
    # The session's own builds run their kernels in the background and those kernels
    # share this process's stderr: asking for them waits until they are done, so that
    # capfd below holds only what this build printed.
    notebooks = tmp_path / "notebooks"
    write_tiny_notebooks(notebooks)
    args = argparse.Namespace(
        notebooks_dir=notebooks,
        figures_dir=tmp_path / "figures",
        corpus_dir=None,
        notebooks_out=tmp_path / "out",
        handout_dir=tmp_path / "handout",
    )
    assert run_build(args) == 0
    pages = sorted(p.name for p in (tmp_path / "handout").glob("*.html"))
    expected = sorted(f"{p.stem}.html" for p in find_notebooks(notebooks))
    expected += ["index.html", "reference.html"]
    assert len(pages) == 4 and pages == expected
    # capfd also catches what the kernels write to the terminal (they share its stderr).
    out, err = capfd.readouterr()
    lines = out.splitlines()
    assert len(lines) == 4, out
    assert sorted(re.sub(r"  \d+\.\d s$", "  T", line) for line in lines[:2]) == [
        "01_tiny.ipynb  T",
        "02_second.ipynb  T",
    ]
    assert lines[2] == "Wrote README.md: 1 figure"
    assert lines[3] == "Wrote the handout: index.html (open it in a browser)"
    assert err == "", f"the build printed noise: {err!r}"


def test_normalise_notebook_joins_one_print_split_in_two() -> None:
    nb = new_notebook()
    outputs = [
        {"output_type": "stream", "name": "stdout", "text": "a"},
        {"output_type": "stream", "name": "stdout", "text": "b\n"},
        {"output_type": "stream", "name": "stderr", "text": "w\n"},
        {"output_type": "display_data", "data": {}, "metadata": {}},
        {"output_type": "stream", "name": "stdout", "text": "c\n"},
    ]
    nb.cells = [new_code_cell("print()", outputs=[nbformat.from_dict(o) for o in outputs])]
    merged = normalise_notebook(nb).cells[0].outputs
    assert [o.get("text") for o in merged] == ["ab\n", "w\n", None, "c\n"]


def test_catalogue_text_links_as_if_placed_elsewhere(tmp_path: Path, monkeypatch) -> None:
    notebooks, figures = fake_figures(tmp_path)
    monkeypatch.setattr(paths, "REPO_ROOT", (tmp_path / "repo").resolve())
    repo_figures = tmp_path / "repo" / "figures"
    moved = tmp_path / "repo" / "notebooks"
    moved.mkdir(parents=True)
    for notebook in notebooks.iterdir():
        (moved / notebook.name).write_bytes(notebook.read_bytes())
    text = catalogue_text(figures, moved, placed_in=repo_figures)
    assert "[notebooks/01_timeline.ipynb](../notebooks/01_timeline.ipynb)" in text
    assert "`notebooks/01_timeline.ipynb`" in catalogue_text(figures, moved)
    assert not (repo_figures / "README.md").exists()


def test_kernel_config_uses_ipc_sockets_on_posix(tmp_path: Path) -> None:
    config = kernel_config(tmp_path)
    if os.name == "posix":
        assert config.KernelManager.transport == "ipc"
        assert config.KernelManager.ip == str(tmp_path.resolve() / "kernel")
    else:
        assert "transport" not in config.KernelManager


def fake_runs(monkeypatch, fail: set[str] | None = None, together: int = 0) -> list[str]:
    """Replace execute_notebook by a fake that records the order of runs.

    ``fail``: names whose run raises a cell error. ``together``: the first that
    many runs wait until all of them have started (so they must run at once).
    """
    from nbclient.exceptions import CellExecutionError

    started: list[str] = []
    barrier = threading.Barrier(together, timeout=10) if together else None
    lock = threading.Lock()

    def fake(path: Path, out_path: Path, env: dict) -> None:
        with lock:
            started.append(path.name)
            position = len(started)
        assert env["MARK"] == "1"
        if barrier is not None and position <= together:
            barrier.wait()
        time.sleep(0.01)
        if fail and path.name in fail:
            raise CellExecutionError("boom", "ValueError", "bad cell")
        out_path.write_text(path.name, encoding="utf-8")

    monkeypatch.setattr(build, "execute_notebook", fake)
    return started


def test_run_notebooks_runs_them_side_by_side(tmp_path: Path, monkeypatch) -> None:
    started = fake_runs(monkeypatch, together=2)
    names = ["01_a.ipynb", "02_b.ipynb", "03_c.ipynb"]
    jobs = [(tmp_path / name, tmp_path / f"out_{name}") for name in names]
    reported: list[str] = []
    run_notebooks(jobs, {"MARK": "1"}, workers=2, report=lambda nb, s: reported.append(nb.name))
    assert sorted(started) == sorted(reported) == names
    assert all((tmp_path / f"out_{name}").read_text(encoding="utf-8") == name for name in names)


def test_run_notebooks_keeps_notebooks_of_one_number_in_order(tmp_path: Path, monkeypatch) -> None:
    started = fake_runs(monkeypatch)
    names = ["02_a.ipynb", "02_b.ipynb", "02_c.ipynb"]
    jobs = [(tmp_path / name, tmp_path / f"out_{name}") for name in names]
    run_notebooks(jobs, {"MARK": "1"}, workers=3)
    assert started == names


def test_run_notebooks_names_the_first_failed_notebook(tmp_path: Path, monkeypatch) -> None:
    started = fake_runs(monkeypatch, fail={"02_b.ipynb", "03_c.ipynb"})
    names = ["01_a.ipynb", "02_b.ipynb", "03_c.ipynb", "04_d.ipynb"]
    jobs = [(tmp_path / name, tmp_path / f"out_{name}") for name in names]
    with pytest.raises(NotebookError, match="02_b.ipynb: ValueError: bad cell"):
        run_notebooks(jobs, {"MARK": "1"}, workers=1)
    # Once one notebook failed, no other starts.
    assert started == ["01_a.ipynb", "02_b.ipynb"]
    assert not (tmp_path / "out_04_d.ipynb").exists()


def test_run_notebooks_names_the_first_in_order_when_several_fail(
    tmp_path: Path, monkeypatch
) -> None:
    fake_runs(monkeypatch, fail={"01_a.ipynb", "02_b.ipynb"}, together=2)
    jobs = [(tmp_path / name, tmp_path / f"out_{name}") for name in ["01_a.ipynb", "02_b.ipynb"]]
    with pytest.raises(NotebookError, match="01_a.ipynb"):
        run_notebooks(jobs, {"MARK": "1"}, workers=2)


def test_run_notebooks_starts_none_once_stopped(tmp_path: Path, monkeypatch) -> None:
    started = fake_runs(monkeypatch)
    stop = threading.Event()
    jobs = [(tmp_path / name, tmp_path / f"out_{name}") for name in ["01_a.ipynb", "02_b.ipynb"]]
    run_notebooks(jobs, {"MARK": "1"}, workers=1, report=lambda nb, s: stop.set(), stop=stop)
    assert started == ["01_a.ipynb"]
