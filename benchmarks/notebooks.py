"""Where a notebook's time goes: kernel start-up, each cell, shut-down.

    python benchmarks/notebooks.py                       # every notebook and the teacher's key
    python benchmarks/notebooks.py notebooks/03_tfidf_drift.ipynb --top 5

Runs each notebook, one after the other, in a fresh kernel started as
``python -m helpers build`` starts it, on the corpus in use (``$CORPUS_DIR``,
else ``seeds/``), with figures written to a temporary folder (deleted
afterwards). Nothing is written back: the notebooks stay as they are. Prints
one line per notebook (seconds to start the kernel and have it ready, to run
all cells, to shut it down), then the slowest cells of all with the first
line of each. The first cell's time includes the imports of the helpers.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

from helpers.base import paths
from helpers.build import find_notebooks, kernel_config, prepare_kernels


def time_notebook(path: Path, env: dict[str, str]) -> tuple[float, float, float, list]:
    """Run one notebook; return (start, cells, stop) seconds and [(seconds, cell number, line)]."""
    nb = nbformat.read(path, as_version=4)
    cells = []
    with tempfile.TemporaryDirectory(prefix="kernel-") as sockets:
        client = NotebookClient(
            nb,
            timeout=600,
            kernel_name="python3",
            resources={"metadata": {"path": str(path.parent)}},
            config=kernel_config(Path(sockets)),
        )
        began = time.perf_counter()
        with client.setup_kernel(env=env):
            ready = time.perf_counter()
            number = 0
            for index, cell in enumerate(nb.cells):
                if cell.cell_type != "code":
                    continue
                start = time.perf_counter()
                client.execute_cell(cell, index)
                line = cell.source.strip().splitlines()[0] if cell.source.strip() else ""
                cells.append((time.perf_counter() - start, number, line[:70]))
                number += 1
            done = time.perf_counter()
        stopped = time.perf_counter()
    return ready - began, done - ready, stopped - done, cells


def main(argv: list[str] | None = None) -> int:
    """Time the notebooks given (default: all, and the teacher's key). Out: the exit code."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("notebooks", nargs="*", type=Path, help="default: every notebook")
    parser.add_argument("--top", type=int, default=10, help="how many of the slowest cells")
    args = parser.parse_args(argv)
    notebooks = args.notebooks or [
        *find_notebooks(paths.NOTEBOOKS_DIR),
        paths.REPO_ROOT / "teacher" / "05_seminar_key.ipynb",
    ]
    prepare_kernels()
    slowest = []
    with tempfile.TemporaryDirectory(prefix="figures-") as figures:
        env = {**os.environ, paths.FIGURES_ENV: figures}
        print(f"{'notebook':<36} {'start':>6} {'cells':>6} {'stop':>6}  (seconds)")
        for path in notebooks:
            start, run, stop, cells = time_notebook(Path(path).resolve(), env)
            name = paths.display_path(Path(path))
            print(f"{name:<36} {start:6.2f} {run:6.2f} {stop:6.2f}", flush=True)
            slowest += [(seconds, name, number, line) for seconds, number, line in cells]
    print(f"\nThe {args.top} slowest cells:")
    for seconds, name, number, line in sorted(slowest, reverse=True)[: args.top]:
        print(f"{seconds:6.2f}  {name} Cell {number}: {line}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
