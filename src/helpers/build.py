"""Regenerate everything: run every notebook, then list the figures.

``build_all`` executes ``notebooks/NN_*.ipynb`` in fresh kernels, one kernel
per notebook and up to one notebook per core at a time, writes them back with
their outputs (normalised so that a rebuild on any machine gives the same
bytes), and writes ``figures/README.md``, a table of every figure with its
caption, its notebook and links to its files.

Notebooks run side by side because none reads what another writes: each
writes only figures named after its own number (``02_*`` for notebook 02), and
notebooks that share a number run one after the other in the same worker.

The command line (``python -m helpers build``) calls :func:`run_build` with
the options added by :func:`add_build_arguments`.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor, wait
from pathlib import Path
from typing import TYPE_CHECKING

from helpers.base import paths
from helpers.base.paths import FIGURE_FILE_PATTERN, find_notebooks

if TYPE_CHECKING:
    import nbformat
    from traitlets.config import Config

# nbformat, nbclient, traitlets and matplotlib are imported where they are used:
# ``python -m helpers corpus`` builds its parser from this module, and importing
# nbformat alone takes about a second (its JSON schema validator compiles a grammar).

__all__ = [
    "CATALOGUE_NAME",
    "FIGURE_SUFFIXES",
    "NotebookError",
    "TIMING_KEYS",
    "add_build_arguments",
    "build_all",
    "execute_notebook",
    "merge_streams",
    "normalise_notebook",
    "remove_figures",
    "run_build",
    "write_catalogue",
]

FIGURE_SUFFIXES = (".png", ".svg", ".pdf", ".csv")
CATALOGUE_NAME = "README.md"
TIMING_KEYS = ("execution", "ExecuteTime")

_ANSI_ESCAPE = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


class NotebookError(RuntimeError):
    """A notebook failed to run; ``notebook`` is its path, ``str(error)`` says why."""

    def __init__(self, notebook: Path, message: str, details: str = "") -> None:
        super().__init__(f"{paths.display_path(notebook)}: {message}")
        self.notebook = notebook
        self.details = details


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

    In: a notebook node (changed in place and returned). Drops per-cell
    timing metadata, clears empty code cells, merges consecutive outputs of the
    same stream (the kernel may flush one print in one piece or in two), and
    numbers the other code cells 1..n in order (also in their
    ``execute_result`` outputs). Keeps ``kernelspec`` and ``language_info``
    exactly as the kernel reported them (its Python version included):
    JupyterLab writes the kernel's report into the notebook when it opens it,
    so a notebook stored with anything else would be marked changed, and ask
    to be saved, as soon as it is opened.
    """
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


def kernel_config(socket_dir: Path) -> Config:
    """The kernel settings of one run. In: a new empty folder. Out: a traitlets ``Config``.

    On POSIX systems the kernel talks to this process over IPC: Unix sockets
    in ``socket_dir`` (absolute, so the kernel, whose working folder is the
    notebook's, finds them; one folder per kernel, so kernels running side by
    side never share a socket name) instead of TCP on localhost. Nothing
    listens on a network port, and ipykernel no longer warns "Kernel is running
    over TCP without encryption" once per notebook. Windows has no IPC
    transport, so it keeps TCP (and that warning).
    """
    from traitlets.config import Config

    config = Config()
    if os.name == "posix":
        config.KernelManager.transport = "ipc"
        config.KernelManager.ip = str(Path(socket_dir).resolve() / "kernel")
    return config


def execute_notebook(
    path: Path,
    out_path: Path | None = None,
    timeout: int = 600,
    env: Mapping[str, str] | None = None,
) -> None:
    """Run the notebook at ``path`` in a fresh ``python3`` kernel and save it with outputs.

    In: the notebook; where to write the result (default: over ``path``); the
    time limit per cell in seconds; the kernel's environment variables
    (default: this process's; ``NOTEBOOK_STATIC_OUTPUT=1`` is added, so that
    interactive views store text). The kernel's working folder is the notebook's
    folder. Out: None; the written file is normalised by
    :func:`normalise_notebook`. Raises nbclient's ``CellExecutionError`` when a
    cell fails, and then writes nothing.
    """
    import nbformat
    from nbclient import NotebookClient

    path = Path(path)
    nb = nbformat.read(path, as_version=4)
    with tempfile.TemporaryDirectory(prefix="kernel-") as sockets:
        client = NotebookClient(
            nb,
            timeout=timeout,
            kernel_name="python3",
            record_timing=False,
            resources={"metadata": {"path": str(path.parent)}},
            config=kernel_config(Path(sockets)),
        )
        kernel_env = dict(os.environ if env is None else env)
        kernel_env[paths.STATIC_ENV] = "1"  # stored outputs: interactive views show as text
        client.execute(env=kernel_env)
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


def catalogue_text(figures_dir: Path, notebooks_dir: Path, placed_in: Path | None = None) -> str:
    """The text of the figures catalogue (see :func:`write_catalogue`), without writing it.

    In: the figures folder; the notebooks folder; the folder the catalogue is
    meant for, when not ``figures_dir`` (its links are relative to it, e.g. to
    compare a build made elsewhere with the committed ``figures/README.md``).
    Out: the Markdown text, ending with a newline.
    """
    from helpers.base.style import SHARE_SCALE, read_caption

    figures_dir = Path(figures_dir)
    home = Path(placed_in) if placed_in is not None else figures_dir
    notebooks: dict[str, Path] = {}
    for notebook in find_notebooks(notebooks_dir):
        notebooks.setdefault(notebook.name[:2], notebook)

    names = sorted(
        {path.stem for path in figures_dir.iterdir() if FIGURE_FILE_PATTERN.match(path.name)}
        if figures_dir.is_dir()
        else set()
    )
    lines = [
        "# Figures",
        "",
        "Written by `python -m helpers build`: do not edit by hand.",
        "Each figure is saved as PNG (300 dpi, to view), SVG and PDF (to print or to place in a",
        "report; their text stays text) and CSV (the data plotted). Shares are drawn on one",
        f"scale in every figure: {SHARE_SCALE}.",
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
        notebook = notebooks.get(name[:2]) or _writer_of(name, notebooks.values())
        if notebook is None:
            source = "(none)"
        elif _inside_repo(notebook) and _inside_repo(home):
            link = Path(os.path.relpath(notebook.resolve(), home.resolve())).as_posix()
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
    if "00_units" in names:
        lines += _units_section()
    return "\n".join(lines) + "\n"


def _writer_of(name: str, notebooks: Iterable[Path]) -> Path | None:
    """The notebook whose code writes the table ``name`` (a table numbered 00 has no
    notebook of its own number), or None."""
    for notebook in notebooks:
        if f'"{name}"' in notebook.read_text(encoding="utf-8").replace('\\"', '"'):
            return notebook
    return None


def _units_section() -> list[str]:
    """The catalogue's description of ``00_units.csv``, one line per column."""
    from helpers.reading.units import COLUMN_DOCS

    lines = [
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
    ]
    return lines + [f"| `{column}` | {_cell_text(text)} |" for column, text in COLUMN_DOCS.items()]


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
    target = figures_dir / CATALOGUE_NAME
    target.write_bytes(catalogue_text(figures_dir, notebooks_dir).encode("utf-8"))
    return target


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


def prepare_kernels() -> None:
    """Do, in the calling thread, the imports that starting a kernel would do later.

    In: nothing. Out: None. Builds matplotlib's font cache (else the first
    kernel prints "Matplotlib is building the font cache" into its notebook),
    and looks up the ``python3`` kernel as jupyter_client does before it starts
    one, which imports IPython. Run from worker threads, that import would
    leave a half-imported ``IPython`` in ``sys.modules`` for a moment, where
    matplotlib, in another thread, looks.
    """
    import matplotlib.font_manager  # noqa: F401
    from jupyter_client.kernelspec import KernelSpecManager

    KernelSpecManager().get_kernel_spec("python3")


def default_workers() -> int:
    """How many notebooks run at once: in: nothing; out: the number of cores, at most 4."""
    return max(1, min(4, os.cpu_count() or 1))


def _run_group(
    group: list[tuple[Path, Path]],
    env: dict[str, str],
    report: Callable[[Path, float], None],
    stop: threading.Event,
) -> None:
    """Run notebooks one after the other, reporting each one's time.

    Starts none once ``stop`` is set, and sets it when a notebook fails.
    """
    from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

    for notebook, target in group:
        if stop.is_set():
            return
        start = time.perf_counter()
        try:
            execute_notebook(notebook, out_path=target, env=env)
        except (CellExecutionError, CellTimeoutError, DeadKernelError) as error:
            stop.set()
            summary, details = _error_summary(error)
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
    """Run notebooks in separate kernels, up to ``workers`` at a time.

    In: ``(notebook, where to write it)`` pairs; the kernels' environment
    variables; the number of kernels at once (default :func:`default_workers`);
    a function called with each notebook and its run time in seconds as soon
    as it has run (called from the worker threads); an event that, once set
    (from any thread), lets no further notebook start. Notebooks start in the
    order given; those with the same two-digit number run one after the other,
    in one worker. Out: None. Raises :class:`NotebookError` for the first
    failed notebook in the order given; once one fails, no other starts (those
    already running finish).
    """
    groups: dict[str, list[tuple[Path, Path]]] = {}
    for notebook, target in jobs:
        groups.setdefault(Path(notebook).name[:2], []).append((Path(notebook), Path(target)))
    workers = max(1, min(workers or default_workers(), len(groups) or 1))
    report = report or (lambda notebook, seconds: None)
    env = dict(env)
    stop = stop if stop is not None else threading.Event()
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="notebook") as pool:
        futures = [pool.submit(_run_group, g, env, report, stop) for g in groups.values()]
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
    """Run every notebook, several at once, then write the figures catalogue.

    In: the notebooks folder (default: the repo's ``notebooks/``); the figures
    folder (default: :func:`helpers.base.paths.figures_dir`) and the corpus folder
    (default: unset, so ``$CORPUS_DIR`` or ``seeds/``), both passed to the
    kernels as ``FIGURES_DIR`` / ``CORPUS_DIR`` (this process's environment is
    left as it is); where to write the executed notebooks (default: over the
    originals); how many kernels run at once (default: :func:`default_workers`;
    the outputs are the same for any number); a function called with each
    notebook and its run time in seconds when it has run; the kernels' other
    environment variables (default: this process's, read once at the start);
    an event that stops the build before its next notebook once set (see
    :func:`run_notebooks`; the catalogue is then not written).

    Out: the paths of the executed notebooks, in notebook order. Stale figure
    files in the figures folder are deleted first. Raises
    :class:`NotebookError` naming the notebook that failed, and
    ``FileNotFoundError`` when there is no notebook.
    """
    notebooks_dir = Path(notebooks_dir) if notebooks_dir is not None else paths.NOTEBOOKS_DIR
    figures_dir = Path(figures_dir) if figures_dir is not None else paths.figures_dir()
    notebooks = find_notebooks(notebooks_dir)
    if not notebooks:
        raise FileNotFoundError(
            f"no notebooks found: expected NN_*.ipynb in {paths.display_path(notebooks_dir)}"
        )

    env = dict(os.environ if env is None else env)
    env[paths.FIGURES_ENV] = str(figures_dir.resolve())
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
        "--workers",
        type=int,
        default=None,
        help="notebooks run at once, each in its own kernel (default: the number of cores, "
        "at most 4)",
    )
    parser.add_argument(
        "--handout-dir",
        type=Path,
        default=None,
        help="where to write the HTML handout (default: handout/)",
    )


def run_build(args: argparse.Namespace) -> int:
    """Run :func:`build_all` with parsed ``build`` options, then write the handout.

    In: the parsed options (``figures_dir``, ``corpus_dir``, ``notebooks_out``,
    ``handout_dir``; optional ``notebooks_dir`` and ``workers``). Prints one
    line per notebook with its run time as it finishes, then one line for the
    figure catalogue and one for the HTML handout (``helpers.teaching.handout``), and
    nothing else. Out: the exit code, 0 on success, 1 with a message on stderr
    naming the notebook when one fails, 2 when a folder given is missing or a file.
    """

    figures_dir = getattr(args, "figures_dir", None)
    figures_dir = Path(figures_dir) if figures_dir is not None else paths.figures_dir()
    corpus = getattr(args, "corpus_dir", None)
    problem = paths.folder_problem(corpus, "the corpus folder") if corpus is not None else ""
    if not problem and figures_dir.is_file():
        problem = f"--figures-dir {figures_dir} is a file, not a folder"
    if problem:
        print(f"build failed: {problem}", file=sys.stderr)
        return 2

    def report(notebook: Path, seconds: float) -> None:
        print(f"{paths.display_path(notebook)}  {seconds:.1f} s", flush=True)

    try:
        written = build_all(
            notebooks_dir=getattr(args, "notebooks_dir", None),
            figures_dir=figures_dir,
            corpus_dir=getattr(args, "corpus_dir", None),
            notebooks_out=getattr(args, "notebooks_out", None),
            workers=getattr(args, "workers", None),
            report=report,
        )
        catalogue = figures_dir / CATALOGUE_NAME
        count = len({p.stem for p in figures_dir.iterdir() if FIGURE_FILE_PATTERN.match(p.name)})
        plural = "" if count == 1 else "s"
        print(f"Wrote {paths.display_path(catalogue)}: {count} figure{plural}", flush=True)
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
