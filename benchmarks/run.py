"""Benchmark the pipeline on synthetic corpora of growing size.

    python benchmarks/run.py                       # 100, 1,000, 10,000 and 50,000 documents
    python benchmarks/run.py --sizes 100 1000      # chosen sizes

For each size, ``benchmarks/generate.py`` writes a corpus shaped like the seed
pages into a temporary folder (deleted afterwards), and a fresh Python
process runs the stages on it, each timed with ``time.perf_counter``:

- ``load``: ``helpers.corpus.load.load_corpus`` (reading, cleaning, paragraphs and
  sentences; cache off, so every run parses; workers and progress as the
  loader decides, progress off);
- ``framing``: ``helpers.reading.framing.frame_sentences`` on every sentence;
- ``tfidf``: TF-IDF by period as notebook 03 computes it, with the defaults
  (names of people removed, unigrams and bigrams): the annotation table
  (``units.build_units``) and its counted words (``units.counted_documents``),
  ``make_analyzer``, ``pool_by_period``, ``tfidf_by_period``, ``top_terms``;
- ``themes``: ``make_units`` (sentences), ``theme_matrix`` and
  ``cooccurrence`` with the codebook of ``data/themes.csv``;
- ``sklearn``: the yardstick, a bare ``TfidfVectorizer(ngram_range=(1, 2))``
  fitted on the same clean text (``documents.text``) in the same process,
  ``YARDSTICK_RUNS`` times after the stages; ``sklearn_s`` is the median fit,
  ``sklearn_min_s`` and ``sklearn_max_s`` the fastest and the slowest.

Each stage keeps its results (the framed sentences, the TF-IDF weights and
top terms, the theme matrix and pairs) and lets go of the tables it made on
the way (the name-free texts, the pooled texts, the theme units), as each runs
in its own notebook; the loaded corpus is kept throughout.

Peak memory is the largest resident set size (``ru_maxrss``) of the process
that runs the stages, read after each stage (``<stage>_peak_mb``, a running
maximum) and after the pipeline (``peak_mb``, before the yardstick runs);
``workers_peak_mb`` is the largest of its child processes (the loader's and
the stages' worker processes, which share most of their pages with it). A
fresh process per size keeps one size's memory out of the next.

Out: a table on the screen and ``benchmarks/results.csv`` (``--out``): per
size, seconds and documents per second of each stage, the total, the peak
memory, ``ratio`` (pipeline total / yardstick) and ``scaling`` (seconds per
document relative to the 1,000-document run; 1.0 = linear).
"""

from __future__ import annotations

import argparse
import csv
import inspect
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_SIZES = (100, 1_000, 10_000, 50_000)
DEFAULT_OUT = HERE / "results.csv"
STAGES = ("load", "framing", "tfidf", "themes")
YARDSTICK_RUNS = 3  # fits of the bare vectorizer per size; ``sklearn_s`` is their median
COLUMNS = (
    ["documents", "sentences", "distinct_sentences"]
    + [f"{stage}_s" for stage in STAGES]
    + [f"{stage}_docs_per_s" for stage in STAGES]
    + [f"{stage}_peak_mb" for stage in STAGES]
    + ["total_s", "docs_per_s", "peak_mb", "workers_peak_mb", "sklearn_s", "sklearn_min_s",
       "sklearn_max_s", "ratio", "scaling", "generate_s"]
)  # fmt: skip


def _rss_mb(who: int = resource.RUSAGE_SELF) -> float:
    """Peak resident set size so far, in MB (``ru_maxrss`` is in KB on Linux, bytes on macOS)."""
    value = resource.getrusage(who).ru_maxrss
    return value / (1024 * 1024) if sys.platform == "darwin" else value / 1024


def _call(function, *args, **options):
    """Call ``function`` with the keyword options its signature accepts (others dropped)."""
    accepted = inspect.signature(function).parameters
    return function(*args, **{k: v for k, v in options.items() if k in accepted})


def worker(folder: Path) -> dict:
    """Run the stages on one corpus folder; return the timings and memory (a dict)."""
    import warnings

    from sklearn.feature_extraction.text import TfidfVectorizer

    from helpers.analysis import terms as terms_stats
    from helpers.analysis import themes as themes_counts
    from helpers.corpus.load import load_corpus
    from helpers.reading import themes
    from helpers.reading.counted import counted_documents
    from helpers.reading.framing import frame_sentences
    from helpers.reading.units import build_units
    from helpers.rules import words as terms
    from helpers.rules.cues import read_cues

    cues = read_cues()
    codebook = themes.read_codebook(cues=cues)
    stop_words = terms.read_stop_words()
    seconds: dict[str, float] = {}
    rss: dict[str, float] = {}

    def timed(stage: str, began: float) -> None:
        seconds[stage] = time.perf_counter() - began
        rss[stage] = _rss_mb()

    began = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        corpus = _call(load_corpus, folder, cache=False, progress=False)
    timed("load", began)

    began = time.perf_counter()
    framed = _call(frame_sentences, corpus.sentences, corpus.documents, cues, progress=False)
    timed("framing", began)

    began = time.perf_counter()
    table = _call(build_units, corpus, cues, codebook, progress=False)
    texts = counted_documents(table, mask="people")
    del table
    analyzer = terms.make_analyzer(texts["text"], stop_words, ngram_range=(1, 2))
    pooled = terms_stats.pool_by_period(texts)
    weights = terms_stats.tfidf_by_period(pooled, analyzer)
    top = terms_stats.top_terms(weights, n=25)
    del texts, analyzer, pooled  # the stage's own tables: as in its notebook, not kept after
    timed("tfidf", began)

    began = time.perf_counter()
    units = themes.make_units(corpus, "sentence", include_titles=True)
    matrix = _call(themes.theme_matrix, units, codebook, progress=False)
    pairs = themes_counts.cooccurrence(matrix, min_count=3)
    n_units = len(units)
    del units
    timed("themes", began)

    peak = _rss_mb()
    workers_peak = _rss_mb(resource.RUSAGE_CHILDREN)
    fits = []  # the yardstick, several times: the ratio divides by the median
    for _ in range(YARDSTICK_RUNS):
        began = time.perf_counter()
        TfidfVectorizer(ngram_range=(1, 2)).fit(corpus.documents["text"])
        fits.append(time.perf_counter() - began)
    return {
        "documents": len(corpus.documents),
        "sentences": len(corpus.sentences),
        "distinct_sentences": int(corpus.sentences["text"].nunique()),
        "framed": len(framed),
        "terms": int(weights.shape[1]),
        "top_rows": len(top),
        "units": n_units,
        "pairs": len(pairs),
        "seconds": seconds,
        "rss_after": rss,
        "peak_mb": peak,
        "workers_peak_mb": workers_peak,
        "sklearn_s": statistics.median(fits),
        "sklearn_fits": fits,
    }


def run_worker(script: Path, folder: Path, what: str) -> dict:
    """Run ``script --worker folder`` in a fresh Python process; return the JSON it prints last.

    A failed run prints the process's error output and stops with ``what`` in the message.
    """
    done = subprocess.run(
        [sys.executable, str(Path(script).resolve()), "--worker", str(folder)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    if done.returncode != 0:
        sys.stderr.write(done.stderr)
        raise SystemExit(f"{what} failed")
    return json.loads(done.stdout.strip().splitlines()[-1])


def _row(size: int, result: dict, generate_s: float) -> dict:
    seconds = result["seconds"]
    n = result["documents"]
    total = sum(seconds[stage] for stage in STAGES)
    row = {
        "documents": n,
        "sentences": result["sentences"],
        "distinct_sentences": result["distinct_sentences"],
    }
    for stage in STAGES:
        row[f"{stage}_s"] = round(seconds[stage], 3)
    for stage in STAGES:
        row[f"{stage}_docs_per_s"] = round(n / seconds[stage], 1) if seconds[stage] else ""
    for stage in STAGES:
        row[f"{stage}_peak_mb"] = round(result["rss_after"][stage], 1)
    row.update(
        total_s=round(total, 3),
        docs_per_s=round(n / total, 1),
        peak_mb=round(result["peak_mb"], 1),
        workers_peak_mb=round(result["workers_peak_mb"], 1),
        sklearn_s=round(result["sklearn_s"], 3),
        sklearn_min_s=round(min(result["sklearn_fits"]), 3),
        sklearn_max_s=round(max(result["sklearn_fits"]), 3),
        ratio=round(total / result["sklearn_s"], 2),
        scaling="",
        generate_s=round(generate_s, 2),
    )
    return row


def _print_table(rows: list[dict]) -> None:
    headers = ["docs", "sents"] + [f"{s} d/s" for s in STAGES] + [
        "total s", "peak MB", "sklearn s", "ratio", "scaling"]  # fmt: skip
    keys = ["documents", "sentences"] + [f"{s}_docs_per_s" for s in STAGES] + [
        "total_s", "peak_mb", "sklearn_s", "ratio", "scaling"]  # fmt: skip
    cells = [[f"{r[k]:,}" if isinstance(r[k], int) else str(r[k]) for k in keys] for r in rows]
    widths = [max(len(h), *(len(c[i]) for c in cells)) for i, h in enumerate(headers)]
    print("  ".join(h.rjust(w) for h, w in zip(headers, widths, strict=True)))
    for c in cells:
        print("  ".join(v.rjust(w) for v, w in zip(c, widths, strict=True)))


def _machine() -> str:
    import numpy
    import pandas
    import sklearn

    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = ""
    try:
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        memory = f", {kb / 1024 / 1024:.0f} GB RAM"
    except (OSError, ValueError, IndexError):
        pass
    return (
        f"{cpu}, {os.cpu_count()} cores{memory}; Python {platform.python_version()}, "
        f"pandas {pandas.__version__}, numpy {numpy.__version__}, "
        f"scikit-learn {sklearn.__version__}"
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=list(DEFAULT_SIZES))
    parser.add_argument("--seed", type=int, default=0, help="generator seed (default 0)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="CSV to write")
    parser.add_argument("--keep", action="store_true", help="keep the generated corpora")
    parser.add_argument("--worker", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        print(json.dumps(worker(args.worker)))
        return

    sys.path.insert(0, str(HERE))
    from generate import generate_corpus, seed_material

    print(_machine(), flush=True)
    material = seed_material()
    root = Path(tempfile.mkdtemp(prefix="osce-bench-"))
    rows: list[dict] = []
    try:
        for size in args.sizes:
            folder = root / f"corpus_{size}"
            began = time.perf_counter()
            generate_corpus(folder, size, seed=args.seed, material=material)
            generate_s = time.perf_counter() - began
            print(f"{size:,} documents generated in {generate_s:.1f} s; running ...", flush=True)
            result = run_worker(Path(__file__), folder, f"the run on {size} documents")
            row = _row(size, result, generate_s)
            rows.append(row)
            stages = ", ".join(
                f"{s} {result['seconds'][s]:.2f} s (peak {result['rss_after'][s]:.0f} MB)"
                for s in STAGES
            )
            fits = "/".join(f"{fit:.2f}" for fit in result["sklearn_fits"])
            print(f"  {stages}; sklearn {fits} s; peak {row['peak_mb']} MB; "
                  f"{result['distinct_sentences']:,} distinct sentences, "
                  f"{result['framed']:,} framed, {result['terms']:,} terms",
                  flush=True)  # fmt: skip
            if not args.keep:
                shutil.rmtree(folder, ignore_errors=True)
    finally:
        if not args.keep:
            shutil.rmtree(root, ignore_errors=True)
        else:
            print(f"corpora kept in {root}")
    base = next((r for r in rows if r["documents"] == 1_000), None)
    for row in rows:
        if base:
            per_doc = row["total_s"] / row["documents"]
            row["scaling"] = round(per_doc / (base["total_s"] / base["documents"]), 2)
    print()
    _print_table(rows)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with args.out.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    print(f"\nwritten: {args.out}")


if __name__ == "__main__":
    main()
