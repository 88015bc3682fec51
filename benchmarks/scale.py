"""Benchmark ``python -m helpers scale`` on generated corpora, with one and with two workers.

    python benchmarks/scale.py                          # 10,000 pages, 1 and 2 workers
    python benchmarks/scale.py --sizes 10000 100000 --workers 2

For each size, ``benchmarks/generate.py`` writes a corpus shaped like the seed
pages into a temporary folder (deleted afterwards); for each number of
workers, the command runs in a fresh process on a fresh output folder (a
LocalCluster of that many single-threaded worker processes), and is measured
from outside:

- ``wall_s``: wall-clock time of the command, from start to exit (cluster
  start, hashing, partitions, terms, aggregate tables);
- ``pages_per_s_per_worker``: pages / wall_s / workers;
- ``peak_rss_mb``: the largest, over samples taken every second with psutil,
  of the resident memory summed over the command's process (the client and
  the scheduler) and all its descendants (nannies and workers), in MB of 2^20
  bytes. Processes share some pages, so the sum over-counts a little; a peak
  between two samples is missed.

Out: a table on the screen and ``benchmarks/results_scale.csv`` (``--out``),
one row per size and number of workers, rows of earlier runs kept.
"""

from __future__ import annotations

import argparse
import csv
import os
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import psutil

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from generate import generate_corpus  # noqa: E402

FIELDS = [
    "date", "pages", "workers", "partition_size", "wall_s", "pages_per_s_per_worker",
    "peak_rss_mb", "partitions", "cpu", "paragraphs",
]  # fmt: skip


def _tree_rss(process: psutil.Process) -> int:
    """Resident bytes of a process and all its descendants (those gone meanwhile skipped)."""
    total = 0
    for proc in [process, *process.children(recursive=True)]:
        try:
            total += proc.memory_info().rss
        except psutil.Error:
            pass
    return total


def run_once(folder: Path, out: Path, workers: int, partition_size: int) -> dict:
    """Run the command once; sample its memory every second. Out: wall time and peak RSS."""
    command = [
        sys.executable, "-m", "helpers", "scale", str(folder), "--out", str(out),
        "--workers", str(workers), "--partition-size", str(partition_size), "--no-progress",
    ]  # fmt: skip
    began = time.perf_counter()
    with open(out.parent / f"log-{workers}.txt", "w") as log:
        child = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
        process = psutil.Process(child.pid)
        peak = 0
        while child.poll() is None:
            peak = max(peak, _tree_rss(process))
            time.sleep(1.0)
    wall = time.perf_counter() - began
    if child.returncode != 0:
        raise SystemExit(f"the command failed: see {out.parent / f'log-{workers}.txt'}")
    text = (out / "manifest.json").read_text()
    return {"wall_s": wall, "peak_rss_mb": peak / 2**20, "partitions": text.count('"key"')}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000])
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--partition-size", type=int, default=500)
    parser.add_argument(
        "--paragraphs",
        type=int,
        nargs=2,
        default=[5, 12],
        metavar=("FEWEST", "MOST"),
        help="paragraphs per page (default 5 12, as the seeds; 1 2 makes short pages, to reach "
        "a million files in less time)",
    )
    parser.add_argument("--out", type=Path, default=HERE / "results_scale.csv")
    args = parser.parse_args(argv)
    rows = []
    cpu = f"{os.cpu_count()} cores, {psutil.virtual_memory().total / 2**30:.0f} GiB"
    for size in args.sizes:
        with tempfile.TemporaryDirectory(prefix="scale-bench-") as tmp:
            folder = Path(tmp) / "corpus"
            generate_corpus(folder, size, seed=0, paragraphs=tuple(args.paragraphs))
            for workers in args.workers:
                out = Path(tmp) / f"out-{workers}"
                result = run_once(folder, out, workers, args.partition_size)
                row = {
                    "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M"),
                    "pages": size,
                    "workers": workers,
                    "partition_size": args.partition_size,
                    "wall_s": round(result["wall_s"], 1),
                    "pages_per_s_per_worker": round(size / result["wall_s"] / workers, 1),
                    "peak_rss_mb": round(result["peak_rss_mb"]),
                    "partitions": result["partitions"],
                    "cpu": cpu,
                    "paragraphs": "{}-{}".format(*args.paragraphs),
                }
                rows.append(row)
                print(", ".join(f"{k}={v}" for k, v in row.items()), flush=True)
                print((out.parent / f"log-{workers}.txt").read_text(), flush=True)  # its stages
    new = not args.out.exists()
    with open(args.out, "a", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, FIELDS, lineterminator="\n")
        if new:
            writer.writeheader()
        writer.writerows(rows)


if __name__ == "__main__":
    main()
