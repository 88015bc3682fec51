"""How much faster loading is on several processes than on one.

    python benchmarks/parallel.py                  # 10,000 generated pages, 1 and 2 processes
    python benchmarks/parallel.py --size 2000 --workers 1 2 --repeat 3

Writes a corpus with ``generate.py`` into a temporary folder (deleted
afterwards), then loads it with ``helpers.corpus.load.load_corpus`` (cache off,
progress off) once per number of workers, ``--repeat`` times in turn, each
load in a fresh Python process. Prints, per number of workers, the fastest
and the slowest of the loads and the speed-up of the fastest against one
process. The parent process does part of the work on its own (it checks for
duplicates and builds the tables while the workers parse), so the speed-up
stays below the number of cores.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def timed_load(folder: Path, workers: int) -> float:
    """Seconds to load ``folder`` with ``workers`` processes, in a fresh Python process."""
    code = (
        "import json, sys, time, warnings\n"
        "from helpers.corpus.load import load_corpus\n"
        "warnings.simplefilter('ignore')\n"
        "began = time.perf_counter()\n"
        "corpus = load_corpus(sys.argv[1], cache=False, progress=False, workers=int(sys.argv[2]))\n"
        "print(json.dumps([time.perf_counter() - began, len(corpus.documents)]))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(folder), str(workers)],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    seconds, _ = json.loads(done.stdout.strip().splitlines()[-1])
    return seconds


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=10_000, help="pages (default 10,000)")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--repeat", type=int, default=2, help="loads per setting (default 2)")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)

    sys.path.insert(0, str(HERE))
    from generate import generate_corpus
    from run import _machine

    print(_machine(), flush=True)
    root = Path(tempfile.mkdtemp(prefix="osce-parallel-"))
    try:
        folder = root / "corpus"
        generate_corpus(folder, args.size, seed=args.seed)
        times: dict[int, list[float]] = {w: [] for w in args.workers}
        for _ in range(args.repeat):
            for workers in args.workers:
                times[workers].append(timed_load(folder, workers))
                print(f"  workers={workers}: {times[workers][-1]:.1f} s", flush=True)
    finally:
        shutil.rmtree(root, ignore_errors=True)
    base = min(times[args.workers[0]])
    print(f"\n{args.size:,} pages, {args.repeat} loads each")
    print("workers  fastest  slowest  pages/s  speed-up")
    for workers, seconds in times.items():
        best = min(seconds)
        print(f"{workers:>7}  {best:6.1f} s  {max(seconds):6.1f} s  {args.size / best:7.0f}"
              f"  {base / best:7.2f}x")  # fmt: skip


if __name__ == "__main__":
    began = time.perf_counter()
    main()
    print(f"(the whole run: {time.perf_counter() - began:.0f} s)")
