"""CPU time of loading generated pages on one process, for this code and for another checkout.

    python benchmarks/load_cpu.py                              # 2,000 pages, this checkout
    python benchmarks/load_cpu.py --other ../older-checkout    # and another one, in turn

Writes a corpus with ``generate.py`` into a temporary folder (deleted
afterwards), then loads it with ``helpers.corpus.load.load_corpus`` (one process,
cache off, progress off) ``--loads`` times in each of ``--rounds`` fresh
Python processes per checkout, the checkouts taking turns. Prints the
process's CPU seconds of every load, and the median and fastest per
checkout. CPU time, not wall time: on a shared machine, other people's jobs
stretch the wall time of a load far more than its CPU time. A checkout is a
folder holding ``src/helpers`` and ``data/`` (the code reads its word lists
from its own ``data/``).
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
CODE = """
import json, sys, time, warnings
sys.path.insert(0, sys.argv[1])
from helpers.corpus.load import load_corpus
warnings.simplefilter("ignore")
times = []
for _ in range(int(sys.argv[3])):
    began = time.process_time()
    corpus = load_corpus(sys.argv[2], cache=False, progress=False, workers=1)
    times.append(time.process_time() - began)
print(json.dumps([times, len(corpus.documents)]))
"""


def cpu_seconds(checkout: Path, folder: Path, loads: int) -> tuple[list[float], int]:
    """CPU seconds of each of ``loads`` loads of ``folder`` by ``checkout``, in a fresh process."""
    done = subprocess.run(
        [sys.executable, "-c", CODE, str(checkout / "src"), str(folder), str(loads)],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    times, n_documents = json.loads(done.stdout.strip().splitlines()[-1])
    return times, n_documents


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=2_000, help="pages (default 2,000)")
    parser.add_argument("--other", type=Path, default=None, help="another checkout to compare")
    parser.add_argument("--rounds", type=int, default=3, help="processes per checkout")
    parser.add_argument("--loads", type=int, default=3, help="loads per process")
    args = parser.parse_args(argv)

    sys.path.insert(0, str(HERE))
    from generate import generate_corpus

    checkouts = {"this": HERE.parent}
    if args.other:
        checkouts["other"] = args.other.resolve()
    found: dict[str, list[float]] = {name: [] for name in checkouts}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "pages"
        generate_corpus(folder, args.size, seed=0)
        for _ in range(args.rounds):
            for name, checkout in checkouts.items():
                times, n_documents = cpu_seconds(checkout, folder, args.loads)
                found[name] += times
                print(
                    f"{name}: {n_documents} documents, CPU s "
                    + ", ".join(f"{t:.2f}" for t in times)
                )
    for name, times in found.items():
        print(f"{name}: median {statistics.median(times):.2f} s, fastest {min(times):.2f} s")


if __name__ == "__main__":
    main()
