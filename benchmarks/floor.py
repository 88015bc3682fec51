"""The least time the pipeline could take, against the 3x speed target.

    python benchmarks/floor.py                     # 10,000 generated pages, 2 runs
    python benchmarks/floor.py --size 2000 --repeat 3

Writes a corpus with ``generate.py`` into a temporary folder (deleted
afterwards). In each run, a fresh Python process loads it (cache off, so every
page is parsed, on every core as ``run.py`` does), computes TF-IDF by period
twice (with the names of people removed, as the notebooks do by default, and
with names left in, the cheapest TF-IDF the project offers), then fits the
yardstick of ``run.py`` (a bare ``TfidfVectorizer(ngram_range=(1, 2))`` on the
clean text) ``YARDSTICK_RUNS`` times.

It prints each step as a multiple of the median yardstick fit, and the floor:
loading plus the cheapest TF-IDF, with framing and themes taking no time at
all. A floor near or above 3 means that no tuning of framing and themes can
bring the pipeline within 3x; only a faster loader or TF-IDF can.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
STEPS = ("load", "tfidf_names_removed", "tfidf_names_kept")


def worker(folder: Path) -> dict:
    """Time loading, both TF-IDFs and the yardstick on ``folder``.

    Out: a dict of the documents loaded, the seconds of each step (``STEPS``)
    and the seconds of each yardstick fit.
    """
    import warnings

    from run import YARDSTICK_RUNS
    from sklearn.feature_extraction.text import TfidfVectorizer

    from helpers.analysis import terms as terms_stats
    from helpers.corpus.load import load_corpus
    from helpers.reading.counted import counted_documents
    from helpers.reading.units import build_units
    from helpers.rules import words as terms

    stop_words = terms.read_stop_words()
    seconds: dict[str, float] = {}

    began = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        corpus = load_corpus(folder, cache=False, progress=False)
    seconds["load"] = time.perf_counter() - began

    table = build_units(corpus, progress=False)  # the one reading, not timed here
    for step, mask in (("tfidf_names_removed", "people"), ("tfidf_names_kept", "none")):
        began = time.perf_counter()
        texts = counted_documents(table, mask=mask)
        analyzer = terms.make_analyzer(texts["text"], stop_words, ngram_range=(1, 2))
        weights = terms_stats.tfidf_by_period(terms_stats.pool_by_period(texts), analyzer)
        terms_stats.top_terms(weights, n=25)
        seconds[step] = time.perf_counter() - began
        del texts, analyzer, weights

    fits = []
    for _ in range(YARDSTICK_RUNS):
        began = time.perf_counter()
        TfidfVectorizer(ngram_range=(1, 2)).fit(corpus.documents["text"])
        fits.append(time.perf_counter() - began)
    return {"documents": len(corpus.documents), "seconds": seconds, "fits": fits}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=10_000, help="pages (default 10,000)")
    parser.add_argument("--repeat", type=int, default=2, help="runs (default 2)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--worker", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    sys.path.insert(0, str(HERE))
    if args.worker:
        print(json.dumps(worker(args.worker)))
        return

    from generate import generate_corpus
    from run import _machine, run_worker

    print(_machine(), flush=True)
    root = Path(tempfile.mkdtemp(prefix="osce-floor-"))
    try:
        folder = root / "corpus"
        generate_corpus(folder, args.size, seed=args.seed)
        print(f"\n{args.size:,} pages; seconds, and in brackets the multiple of the median fit")
        print(
            "run  yardstick (fastest-slowest)  "
            + "  ".join(f"{step:>19}" for step in STEPS)
            + "  floor"
        )
        for run in range(1, args.repeat + 1):
            result = run_worker(Path(__file__), folder, f"run {run}")
            fits = result["fits"]
            yardstick = statistics.median(fits)
            seconds = [result["seconds"][step] for step in STEPS]
            floor = (seconds[0] + seconds[2]) / yardstick
            cells = "  ".join(f"{f'{s:.1f} s ({s / yardstick:.2f}x)':>19}" for s in seconds)
            span = f"{yardstick:.2f} s ({min(fits):.2f}-{max(fits):.2f})"
            print(f"{run:>3}  {span:>27}  {cells}  {floor:4.2f}x", flush=True)
    finally:
        shutil.rmtree(root, ignore_errors=True)
    print("\nfloor = (load + tfidf_names_kept) / yardstick: framing and themes taking no time")


if __name__ == "__main__":
    main()
