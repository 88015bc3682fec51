"""Regenerate everything: run every notebook in order, then list the figures.

``build_all`` executes ``notebooks/NN_*.ipynb`` in numeric order in fresh
kernels, writes them back with their outputs (normalised so that a rebuild on
any machine gives the same bytes), and writes ``figures/README.md``, a table
of every figure with its caption, its notebook and links to its files.

The command line (``python -m helpers build``) calls :func:`run_build` with
the options added by :func:`add_build_arguments`.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import sys
from collections.abc import Iterator
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

from helpers import paths
from helpers.figures import read_caption

__all__ = [
    "CATALOGUE_NAME",
    "FIGURE_FILE_PATTERN",
    "FIGURE_SUFFIXES",
    "NOTEBOOK_PATTERN",
    "NotebookError",
    "TIMING_KEYS",
    "add_build_arguments",
    "build_all",
    "execute_notebook",
    "find_notebooks",
    "merge_streams",
    "normalise_notebook",
    "remove_figures",
    "run_build",
    "write_catalogue",
]

NOTEBOOK_PATTERN = re.compile(r"^(\d{2})_[^/]*\.ipynb$")
FIGURE_FILE_PATTERN = re.compile(r"^(\d{2})_[a-z0-9_]+\.(png|svg|csv)$")
FIGURE_SUFFIXES = (".png", ".svg", ".csv")
CATALOGUE_NAME = "README.md"
TIMING_KEYS = ("execution", "ExecuteTime")

_ANSI_ESCAPE = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


class NotebookError(RuntimeError):
    """A notebook failed to run; ``notebook`` is its path, ``str(error)`` says why."""

    def __init__(self, notebook: Path, message: str, details: str = "") -> None:
        super().__init__(f"{paths.display_path(notebook)}: {message}")
        self.notebook = notebook
        self.details = details


def find_notebooks(notebooks_dir: Path) -> list[Path]:
    """Return the notebooks ``NN_*.ipynb`` directly inside ``notebooks_dir``.

    In: a folder. Out: their paths sorted by number, then by name; other
    files (and ``.ipynb_checkpoints``) are ignored.
    """
    found = [
        path
        for path in Path(notebooks_dir).glob("*.ipynb")
        if path.is_file() and NOTEBOOK_PATTERN.match(path.name)
    ]
    return sorted(found, key=lambda path: (int(path.name[:2]), path.name))


def merge_streams(outputs: list) -> list:
    """Join consecutive stream outputs of the same name (stdout, stderr) into one.

    In: a cell's outputs. Out: the same outputs, with runs of one stream joined.
    """
    merged: list = []
    for output in outputs:
        previous = merged[-1] if merged else None
        if (
            output.get("output_type") == "stream"
            and previous is not None
            and previous.get("output_type") == "stream"
            and previous.get("name") == output.get("name")
        ):
            previous["text"] = previous["text"] + output["text"]
        else:
            merged.append(output)
    return merged


def normalise_notebook(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Remove what differs between runs and machines from an executed notebook.

    In: a notebook node (changed in place and returned). Drops
    ``metadata.language_info.version`` and per-cell timing metadata, clears
    empty code cells, merges consecutive outputs of the same stream (the kernel
    may flush one print in one piece or in two), and numbers the other code
    cells 1..n in order (also in their ``execute_result`` outputs). Keeps
    ``kernelspec``.
    """
    nb.metadata.get("language_info", {}).pop("version", None)
    count = 0
    for cell in nb.cells:
        for key in TIMING_KEYS:
            cell.metadata.pop(key, None)
        if cell.cell_type != "code":
            continue
        if not cell.source.strip():
            cell.execution_count = None
            cell.outputs = []
            continue
        count += 1
        cell.execution_count = count
        cell.outputs = merge_streams(cell.outputs)
        for output in cell.outputs:
            if output.get("output_type") == "execute_result":
                output["execution_count"] = count
    return nb


def execute_notebook(path: Path, out_path: Path | None = None, timeout: int = 600) -> None:
    """Run the notebook at ``path`` in a fresh ``python3`` kernel and save it with outputs.

    In: the notebook; where to write the result (default: over ``path``); the
    time limit per cell in seconds. The kernel's working folder is the
    notebook's folder. Out: None; the written file is normalised by
    :func:`normalise_notebook`. Raises nbclient's ``CellExecutionError`` when a
    cell fails, and then writes nothing.
    """
    path = Path(path)
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(
        nb,
        timeout=timeout,
        kernel_name="python3",
        record_timing=False,
        resources={"metadata": {"path": str(path.parent)}},
    )
    client.execute()
    normalise_notebook(nb)
    target = Path(out_path) if out_path is not None else path
    target.parent.mkdir(parents=True, exist_ok=True)
    text = nbformat.writes(nb)
    if not text.endswith("\n"):
        text += "\n"
    target.write_bytes(text.encode("utf-8"))


def _cell_text(text: str) -> str:
    """Return ``text`` fit for one Markdown table cell (one line, pipes escaped)."""
    return " ".join(text.split()).replace("|", "\\|")


def _inside_repo(path: Path) -> bool:
    """Return whether ``path`` lies inside the repository."""
    return Path(path).resolve().is_relative_to(paths.REPO_ROOT)


def write_catalogue(figures_dir: Path, notebooks_dir: Path) -> Path:
    """Write ``figures_dir/README.md``, a Markdown table of every figure in it.

    In: the figures folder (files ``NN_name.png/.svg/.csv``) and the notebooks
    folder. One row per figure, sorted by name: its name, title and caption
    (read from its SVG), the notebook with the same number, and relative links
    to its PNG, SVG and CSV. The notebook is a relative link when both folders
    are inside the repo, else plain text, so the bytes never depend on where
    the repo or the folders are. Out: the path of the file written.
    """
    figures_dir = Path(figures_dir)
    figures_dir.mkdir(parents=True, exist_ok=True)
    notebooks: dict[str, Path] = {}
    for notebook in find_notebooks(notebooks_dir):
        notebooks.setdefault(notebook.name[:2], notebook)

    names = sorted(
        {path.stem for path in figures_dir.iterdir() if FIGURE_FILE_PATTERN.match(path.name)}
    )
    lines = [
        "# Figures",
        "",
        "Written by `python -m helpers build`: do not edit by hand.",
        "Each figure is saved as PNG (to view), SVG (to print) and CSV (the data plotted).",
        "",
    ]
    if not names:
        lines.append("No figures yet.")
    else:
        lines.append("| Figure | Title | Caption | Notebook | Files |")
        lines.append("| --- | --- | --- | --- | --- |")
    for name in names:
        svg = figures_dir / f"{name}.svg"
        title, caption = read_caption(svg) if svg.is_file() else ("", "")
        notebook = notebooks.get(name[:2])
        if notebook is None:
            source = "(none)"
        elif _inside_repo(notebook) and _inside_repo(figures_dir):
            link = Path(os.path.relpath(notebook.resolve(), figures_dir.resolve())).as_posix()
            source = f"[{paths.display_path(notebook)}]({link})"
        else:
            source = f"`{paths.display_path(notebook)}`"
        files = ", ".join(
            f"[{suffix[1:].upper()}]({name}{suffix})"
            for suffix in FIGURE_SUFFIXES
            if (figures_dir / f"{name}{suffix}").is_file()
        )
        lines.append(
            f"| {name} | {_cell_text(title)} | {_cell_text(caption)} | {source} | {files} |"
        )
    target = figures_dir / CATALOGUE_NAME
    target.write_bytes(("\n".join(lines) + "\n").encode("utf-8"))
    return target


@contextlib.contextmanager
def _environ(values: dict[str, str]) -> Iterator[None]:
    """Set environment variables for the duration of a ``with`` block, then restore them."""
    saved = {key: os.environ.get(key) for key in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def remove_figures(figures_dir: Path) -> list[Path]:
    """Delete the figure files (``NN_name.png/.svg/.csv``) in ``figures_dir``.

    In: a folder (may be missing). Out: the paths deleted. Other files stay.
    """
    folder = Path(figures_dir)
    if not folder.is_dir():
        return []
    stale = sorted(p for p in folder.iterdir() if FIGURE_FILE_PATTERN.match(p.name))
    for path in stale:
        path.unlink()
    return stale


def _error_summary(error: Exception) -> tuple[str, str]:
    """Return a one-line summary and the full text (ANSI colours removed) of a run error."""
    details = _ANSI_ESCAPE.sub("", str(error))
    ename = getattr(error, "ename", "")
    evalue = getattr(error, "evalue", "")
    if ename:
        summary = f"{ename}: {evalue}" if evalue else ename
    else:
        lines = [line for line in details.splitlines() if line.strip()]
        summary = lines[-1] if lines else type(error).__name__
    return summary, details


def build_all(
    notebooks_dir: Path | None = None,
    figures_dir: Path | None = None,
    corpus_dir: Path | None = None,
    notebooks_out: Path | None = None,
) -> list[Path]:
    """Run every notebook in numeric order, then write the figures catalogue.

    In: the notebooks folder (default: the repo's ``notebooks/``); the figures
    folder (default: :func:`helpers.paths.figures_dir`) and the corpus folder
    (default: unset, so ``$CORPUS_DIR`` or ``seeds/``), both passed to the
    kernels as ``FIGURES_DIR`` / ``CORPUS_DIR`` while the build runs; where to
    write the executed notebooks (default: over the originals).

    Out: the paths of the executed notebooks. Stale figure files in the
    figures folder are deleted first. Raises :class:`NotebookError` naming the
    notebook that failed, and ``FileNotFoundError`` when there is no notebook.
    """
    notebooks_dir = Path(notebooks_dir) if notebooks_dir is not None else paths.NOTEBOOKS_DIR
    figures_dir = Path(figures_dir) if figures_dir is not None else paths.figures_dir()
    notebooks = find_notebooks(notebooks_dir)
    if not notebooks:
        raise FileNotFoundError(
            f"no notebooks found: expected NN_*.ipynb in {paths.display_path(notebooks_dir)}"
        )

    env = {paths.FIGURES_ENV: str(figures_dir.resolve())}
    if corpus_dir is not None:
        env[paths.CORPUS_ENV] = str(Path(corpus_dir).resolve())

    # Build matplotlib's font cache here, or the first kernel prints
    # "Matplotlib is building the font cache" into its notebook.
    import matplotlib.font_manager  # noqa: F401

    remove_figures(figures_dir)
    figures_dir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    with _environ(env):
        for index, notebook in enumerate(notebooks, start=1):
            target = Path(notebooks_out) / notebook.name if notebooks_out else notebook
            print(f"[{index}/{len(notebooks)}] Running {paths.display_path(notebook)}", flush=True)
            try:
                execute_notebook(notebook, out_path=target)
            except (CellExecutionError, CellTimeoutError, DeadKernelError) as error:
                summary, details = _error_summary(error)
                raise NotebookError(notebook, summary, details) from error
            written.append(target)
    catalogue = write_catalogue(figures_dir, notebooks_dir)
    print(f"Wrote {paths.display_path(catalogue)}", flush=True)
    return written


def add_build_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the ``build`` options to ``parser``. In: a parser. Out: None."""
    parser.add_argument(
        "--figures-dir",
        type=Path,
        default=None,
        help="where to write figures (default: $FIGURES_DIR, else figures/)",
    )
    parser.add_argument(
        "--corpus-dir",
        type=Path,
        default=None,
        help="folder of pages to analyse (default: $CORPUS_DIR, else seeds/)",
    )
    parser.add_argument(
        "--notebooks-out",
        type=Path,
        default=None,
        help="write executed notebooks to this folder instead of over notebooks/",
    )
    parser.add_argument(
        "--handout-dir",
        type=Path,
        default=None,
        help="where to write the HTML handout (default: handout/)",
    )


def run_build(args: argparse.Namespace) -> int:
    """Run :func:`build_all` with parsed ``build`` options.

    In: the parsed options (``figures_dir``, ``corpus_dir``, ``notebooks_out``,
    ``handout_dir``; an optional ``notebooks_dir``). After the notebooks, writes
    the HTML handout (``helpers.handout``). Out: the exit code, 0 on success, 1
    with a message on stderr naming the notebook when one fails.
    """
    from .handout import write_handout  # the handout module itself imports this one

    figures_dir = getattr(args, "figures_dir", None)
    try:
        written = build_all(
            notebooks_dir=getattr(args, "notebooks_dir", None),
            figures_dir=figures_dir,
            corpus_dir=getattr(args, "corpus_dir", None),
            notebooks_out=getattr(args, "notebooks_out", None),
        )
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
