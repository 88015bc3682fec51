"""Regenerate everything: run every notebook, then write the figures catalogue.

Each notebook runs in a fresh kernel, side by side (each writes only figures named after
its number; notebooks sharing a number run in turn), and is written back normalised so any
machine gives the same bytes. ``figures/README.md`` lists the figures and their captions.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor, wait
from pathlib import Path
from typing import TYPE_CHECKING

from helpers.base import paths
from helpers.base.paths import FIGURE_FILE_PATTERN, find_notebooks

if TYPE_CHECKING:
    import nbformat
    from traitlets.config import Config

# nbformat, nbclient and traitlets are imported where used: importing nbformat takes about
# a second, and ``python -m helpers corpus`` builds its parser from this module.

__all__ = [
    "CATALOGUE_NAME", "FIGURE_SUFFIXES", "NotebookError", "TIMING_KEYS", "add_build_arguments",
    "build_all", "catalogue_text", "execute_notebook", "find_notebooks", "kernel_config",
    "normalise_notebook", "prepare_kernels", "remove_figures", "run_build", "run_notebooks",
    "write_catalogue",
]  # fmt: skip

FIGURE_SUFFIXES = (".png", ".svg", ".pdf", ".csv")
CATALOGUE_NAME = "README.md"
TIMING_KEYS = ("execution", "ExecuteTime")
CELL_TIMEOUT = 600  # seconds a cell may run
_ANSI_ESCAPE = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


class NotebookError(RuntimeError):
    """A notebook failed: ``notebook`` is its path, ``details`` the full error text."""

    def __init__(self, notebook: Path, message: str, details: str = "") -> None:
        super().__init__(f"{paths.display_path(notebook)}: {message}")
        self.notebook = notebook
        self.details = details


def normalise_notebook(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Remove what differs between runs from an executed notebook (in place; returned):
    timing, empty cells' outputs, a stream split in two; code cells numbered 1..n. The kernel
    metadata stays as reported: JupyterLab writes it on opening, so it would change anyway."""
    count = 0
    for cell in nb.cells:
        for key in TIMING_KEYS:
            cell.metadata.pop(key, None)
        if cell.cell_type != "code":
            continue
        if not cell.source.strip():
            cell.execution_count, cell.outputs = None, []
            continue
        count += 1
        cell.execution_count = count
        merged: list = []
        for output in cell.outputs:
            last = merged[-1] if merged else {}
            if output.get("output_type") == last.get("output_type") == "stream" and (
                output.get("name") == last.get("name")
            ):
                last["text"] += output["text"]
            else:
                merged.append(output)
                if output.get("output_type") == "execute_result":
                    output["execution_count"] = count
        cell.outputs = merged
    return nb


def kernel_config(socket_dir: Path) -> Config:
    """The kernel settings: on POSIX, IPC sockets in ``socket_dir`` (one per kernel) instead
    of TCP, so nothing listens on a network port."""
    from traitlets.config import Config

    config = Config()
    if os.name == "posix":
        config.KernelManager.transport = "ipc"
        config.KernelManager.ip = str(Path(socket_dir).resolve() / "kernel")
    return config


def execute_notebook(path: Path, out_path: Path | None = None, env: Mapping | None = None) -> None:
    """Run a notebook in a fresh kernel in its folder, with ``NOTEBOOK_STATIC_OUTPUT=1``, and
    save it normalised (default: over it). Raises nbclient's error for a failed cell, writing
    nothing."""
    import nbformat
    from nbclient import NotebookClient

    path = Path(path)
    nb = nbformat.read(path, as_version=4)
    with tempfile.TemporaryDirectory(prefix="kernel-") as sockets:
        client = NotebookClient(
            nb, timeout=CELL_TIMEOUT, kernel_name="python3", record_timing=False,
            resources={"metadata": {"path": str(path.parent)}},
            config=kernel_config(Path(sockets)),
        )  # fmt: skip
        client.execute(env={**(os.environ if env is None else env), paths.STATIC_ENV: "1"})
    normalise_notebook(nb)
    target = Path(out_path) if out_path is not None else path
    target.parent.mkdir(parents=True, exist_ok=True)
    text = nbformat.writes(nb)
    target.write_bytes((text if text.endswith("\n") else text + "\n").encode("utf-8"))


def _cell(text: str) -> str:
    """``text`` fit for one Markdown table cell: one line, pipes escaped."""
    return " ".join(text.split()).replace("|", "\\|")


def _figure_names(figures_dir: Path) -> list[str]:
    if not figures_dir.is_dir():
        return []
    return sorted({p.stem for p in figures_dir.iterdir() if FIGURE_FILE_PATTERN.match(p.name)})


def catalogue_text(figures_dir: Path, notebooks_dir: Path, placed_in: Path | None = None) -> str:
    """The Markdown of ``figures/README.md``: a row per figure, then the units table. Links
    are relative to ``placed_in`` (default ``figures_dir``); a notebook outside the repo is
    named, not linked, so the bytes never depend on where the repo is."""
    from helpers.base.style import SHARE_SCALE, read_captions

    figures_dir = Path(figures_dir)
    home = Path(placed_in) if placed_in is not None else figures_dir
    notebooks: dict[str, Path] = {}
    for notebook in find_notebooks(notebooks_dir):
        notebooks.setdefault(notebook.name[:2], notebook)
    names = _figure_names(figures_dir)
    captions = read_captions(figures_dir)
    lines = [
        "# Figures",
        "",
        "Written by `python -m helpers build`: do not edit by hand.",
        "Each figure is saved as PNG (300 dpi, to view), SVG and PDF (to print or to place in a",
        "report; their text stays text) and CSV (the data plotted). Shares are drawn on one",
        f"scale in every figure: {SHARE_SCALE}.",
        "",
        *(
            ["| Figure | Title | Caption | Notebook | Files |", "| --- | --- | --- | --- | --- |"]
            if names
            else ["No figures yet."]
        ),
    ]
    for name in names:
        title, caption = captions.get(name, ("", ""))
        notebook = notebooks.get(name[:2]) or next(
            (nb for nb in notebooks.values() if f'"{name}"' in _source(nb)), None
        )  # a table numbered 00 is written by another notebook
        if notebook is None:
            source = "(none)"
        elif all(p.resolve().is_relative_to(paths.REPO_ROOT) for p in (notebook, home)):
            link = Path(os.path.relpath(notebook.resolve(), home.resolve())).as_posix()
            source = f"[{paths.display_path(notebook)}]({link})"
        else:
            source = f"`{paths.display_path(notebook)}`"
        files = ", ".join(
            f"[{suffix[1:].upper()}]({name}{suffix})"
            for suffix in FIGURE_SUFFIXES
            if (figures_dir / f"{name}{suffix}").is_file()
        )
        lines.append(f"| {name} | {_cell(title)} | {_cell(caption)} | {source} | {files} |")
    if "00_units" in names:
        from helpers.reading.units import COLUMN_DOCS

        lines += [
            "",
            "## The annotation table: `00_units.csv`",
            "",
            "The project's one reading of every sentence of the seeds, from which the tables and",
            "figures above derive: one row per analysis unit (a sentence, or each clause of a",
            "sentence that a contrast word splits), UTF-8 with one header row.",
            "`python -m helpers corpus DIR --export OUT` writes the same table for any folder as",
            "`OUT/units.csv`.",
            "",
            "| Column | What it holds |",
            "| --- | --- |",
            *(f"| `{column}` | {_cell(text)} |" for column, text in COLUMN_DOCS.items()),
        ]
    return "\n".join(lines) + "\n"


def _source(notebook: Path) -> str:
    return notebook.read_text(encoding="utf-8").replace('\\"', '"')


def write_catalogue(figures_dir: Path, notebooks_dir: Path) -> Path:
    """Write ``figures_dir/README.md`` and tidy ``captions.csv`` to the figures there. Out:
    the README's path."""
    from helpers.base.style import read_captions

    figures_dir = Path(figures_dir)
    figures_dir.mkdir(parents=True, exist_ok=True)
    read_captions(figures_dir, keep=set(_figure_names(figures_dir)))
    target = figures_dir / CATALOGUE_NAME
    target.write_bytes(catalogue_text(figures_dir, notebooks_dir).encode("utf-8"))
    return target


def remove_figures(figures_dir: Path) -> None:
    """Delete a folder's figure files and captions (other files stay; a missing folder has none)."""
    from helpers.base.style import CAPTIONS_FILE

    for path in Path(figures_dir).glob("*"):
        if FIGURE_FILE_PATTERN.match(path.name) or path.name == CAPTIONS_FILE:
            path.unlink()


def prepare_kernels() -> None:
    """Import once, here, what starting kernels in threads would: matplotlib's font cache
    (else a notebook prints that it builds it) and the kernel spec (half-imported IPython in
    one thread confuses matplotlib in another)."""
    import matplotlib.font_manager  # noqa: F401
    from jupyter_client.kernelspec import KernelSpecManager

    KernelSpecManager().get_kernel_spec("python3")


def _run_group(group: list, env: dict, report: Callable, stop: threading.Event) -> None:
    """Run notebooks one after the other; none starts once ``stop`` is set, a failure sets it."""
    from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

    for notebook, target in group:
        if stop.is_set():
            return
        start = time.perf_counter()
        try:
            execute_notebook(notebook, out_path=target, env=env)
        except (CellExecutionError, CellTimeoutError, DeadKernelError) as error:
            stop.set()
            details = _ANSI_ESCAPE.sub("", str(error))
            ename, evalue = getattr(error, "ename", ""), getattr(error, "evalue", "")
            lines = [line for line in details.splitlines() if line.strip()]
            summary = (f"{ename}: {evalue}" if evalue else ename) if ename else lines[-1]
            raise NotebookError(notebook, summary, details) from error
        except BaseException:
            stop.set()
            raise
        report(notebook, time.perf_counter() - start)


def run_notebooks(
    jobs: list[tuple[Path, Path]],
    env: Mapping[str, str],
    workers: int | None = None,
    report: Callable[[Path, float], None] | None = None,
    stop: threading.Event | None = None,
) -> None:
    """Run ``(notebook, output path)`` jobs in separate kernels, ``workers`` at a time
    (default: cores, at most 4), ``report(notebook, seconds)`` after each; none starts once
    ``stop`` is set. Raises :class:`NotebookError` for the first failed one in job order."""
    groups: dict[str, list[tuple[Path, Path]]] = {}
    for notebook, target in jobs:
        groups.setdefault(Path(notebook).name[:2], []).append((Path(notebook), Path(target)))
    workers = max(1, min(workers or min(4, os.cpu_count() or 1), len(groups) or 1))
    report = report or (lambda notebook, seconds: None)
    stop = stop if stop is not None else threading.Event()
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="notebook") as pool:
        futures = [pool.submit(_run_group, g, dict(env), report, stop) for g in groups.values()]
        wait(futures)
    errors = [future.exception() for future in futures if future.exception() is not None]
    if errors:
        order = {notebook: index for index, (notebook, _) in enumerate(jobs)}
        raise min(errors, key=lambda e: order.get(getattr(e, "notebook", None), len(order)))


def build_all(
    notebooks_dir: Path | None = None,
    figures_dir: Path | None = None,
    corpus_dir: Path | None = None,
    notebooks_out: Path | None = None,
    workers: int | None = None,
    report: Callable[[Path, float], None] | None = None,
    env: Mapping[str, str] | None = None,
    stop: threading.Event | None = None,
) -> list[Path]:
    """Delete stale figures, run every notebook (``FIGURES_DIR`` and ``CORPUS_DIR`` set), and
    write the catalogue unless stopped. Out: the executed notebooks' paths. Raises
    ``FileNotFoundError`` without notebooks."""
    notebooks_dir = Path(notebooks_dir) if notebooks_dir is not None else paths.NOTEBOOKS_DIR
    figures_dir = Path(figures_dir) if figures_dir is not None else paths.figures_dir()
    notebooks = find_notebooks(notebooks_dir)
    if not notebooks:
        raise FileNotFoundError(
            f"no notebooks found: expected NN_*.ipynb in {paths.display_path(notebooks_dir)}"
        )
    env = {**(os.environ if env is None else env), paths.FIGURES_ENV: str(figures_dir.resolve())}
    if corpus_dir is not None:
        env[paths.CORPUS_ENV] = str(Path(corpus_dir).resolve())
    prepare_kernels()
    remove_figures(figures_dir)
    figures_dir.mkdir(parents=True, exist_ok=True)
    targets = [Path(notebooks_out) / nb.name if notebooks_out else nb for nb in notebooks]
    run_notebooks(list(zip(notebooks, targets, strict=True)), env, workers, report, stop)
    if stop is not None and stop.is_set():
        return [target for target in targets if target.is_file()]
    write_catalogue(figures_dir, notebooks_dir)
    return targets


def add_build_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the ``build`` options to ``parser``."""
    add = parser.add_argument
    add("--figures-dir", type=Path, help="where to write figures (default: $FIGURES_DIR, else "
        "figures/)")  # fmt: skip
    add("--corpus-dir", type=Path, help="folder of pages to analyse (default: $CORPUS_DIR, else "
        "seeds/)")  # fmt: skip
    add("--notebooks-out", type=Path,
        help="write executed notebooks to this folder instead of over notebooks/")  # fmt: skip
    add("--workers", type=int, help="notebooks run at once, each in its own kernel (default: "
        "the number of cores, at most 4)")  # fmt: skip
    add("--handout-dir", type=Path, help="where to write the HTML handout (default: handout/)")


def run_build(args: argparse.Namespace) -> int:
    """``python -m helpers build``: :func:`build_all`, then the HTML handout, a line printed
    for each. Out: 0; 1 naming the failed notebook (or none found); 2 for bad folders."""
    figures_dir = getattr(args, "figures_dir", None)
    figures_dir = Path(figures_dir) if figures_dir is not None else paths.figures_dir()
    corpus = getattr(args, "corpus_dir", None)
    problem = paths.folder_problem(corpus, "the corpus folder") if corpus is not None else ""
    if not problem and figures_dir.is_file():
        problem = f"--figures-dir {figures_dir} is a file, not a folder"
    if problem:
        print(f"build failed: {problem}", file=sys.stderr)
        return 2
    try:
        written = build_all(
            notebooks_dir=getattr(args, "notebooks_dir", None),
            figures_dir=figures_dir,
            corpus_dir=corpus,
            notebooks_out=getattr(args, "notebooks_out", None),
            workers=getattr(args, "workers", None),
            report=lambda nb, s: print(f"{paths.display_path(nb)}  {s:.1f} s", flush=True),
        )
        count = len(_figure_names(figures_dir))
        catalogue = paths.display_path(figures_dir / CATALOGUE_NAME)
        print(f"Wrote {catalogue}: {count} figure{'' if count == 1 else 's'}", flush=True)
        from helpers.teaching.handout import write_handout  # nbconvert: imported only when used

        index = write_handout(
            notebooks_dir=written[0].parent,
            figures_dir=figures_dir,
            out_dir=getattr(args, "handout_dir", None),
        )
        print(f"Wrote the handout: {paths.display_path(index)} (open it in a browser)")
    except NotebookError as error:
        if error.details:
            print(error.details, file=sys.stderr)
        print(f"build failed: notebook {error}", file=sys.stderr)
        return 1
    except FileNotFoundError as error:
        print(f"build failed: {error}", file=sys.stderr)
        return 1
    return 0
