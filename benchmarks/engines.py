"""Measure candidate matching engines on the project's own patterns and sentences.

The research rules match a few hundred patterns (every framing cue of
``data/framing_cues.csv`` and every theme pattern of ``data/themes.csv``) over
every sentence. This script asks which well-kept compiled library could find
the same matches faster, on this pipeline rather than by reputation. Each
engine must return exactly the spans that Python's ``re`` returns, pattern by
pattern and sentence by sentence; the script checks that before it reports a
time.

Engines (each a prefilter that names the (sentence, pattern) pairs that may
match, confirmed by ``re``, so the spans are ``re``'s own):

- ``re``: every pattern over every sentence (the reference);
- ``perfect prefilter (floor)``: told in advance which pattern matches which
  sentence: what confirming with ``re`` costs, the floor for every engine below;
- ``helpers.rules.engine (re2)`` and ``helpers.rules.engine (re)``: the project's own
  matching engine (``src/helpers/engine.py``) on each of its backends, as the
  framing and theme rules call it;
- ``google-re2 set``: one RE2 ``Set`` of every pattern, one call per sentence;
- ``hyperscan batch``: one Hyperscan database of every pattern in prefilter
  mode, one scan over all sentences joined;
- ``polars``: each pattern's body as a vectorised ``str.contains`` over the
  sentence column (Rust regex, all cores), one call per pattern.

Look-arounds, which RE2, Rust's regex and Hyperscan do not support, are taken
off the patterns' word-boundary wrappers for the prefilter (a superset: more
candidates, never fewer); a pattern whose body still cannot be compiled by an
engine is tried with ``re`` on every sentence.

Run: ``python benchmarks/engines.py [--sentences 50000] [--repeat 3]``. It
needs the libraries it measures (``pip install -r benchmarks/requirements.txt``);
an engine whose library is missing is reported as such and left out.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from bisect import bisect_right
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import make_sentence, seed_material  # noqa: E402

from helpers.base.text import normalise  # noqa: E402
from helpers.reading.themes import read_codebook  # noqa: E402
from helpers.rules.cues import read_cues  # noqa: E402
from helpers.rules.engine import PatternSet, find  # noqa: E402

PREFIX, SUFFIX = r"(?<!\w)(?:", r")(?!\w)"
Spans = list[list[tuple[int, int, int]]]  # per sentence: (pattern, start, end)


def project_patterns() -> list:
    """Every compiled framing cue and theme pattern, in file order, without repeats."""
    cues = read_cues()
    patterns = [cue.pattern for items in cues.lists.values() for cue in items]
    codebook = read_codebook(cues=cues)
    for theme in codebook.themes:
        for pattern in (*theme.patterns, *theme.exclude):
            if pattern.regex is not None:
                patterns.append(pattern.regex)
    seen, unique = set(), []
    for pattern in patterns:
        if pattern.pattern not in seen:
            seen.add(pattern.pattern)
            unique.append(pattern)
    return unique


def body(pattern) -> str:
    """The pattern without its word-boundary look-arounds (a superset of its matches)."""
    source = pattern.pattern
    if source.startswith(PREFIX) and source.endswith(SUFFIX):
        return source[len(PREFIX) : -len(SUFFIX)]
    return source


CANDIDATES = [0]  # (sentence, pattern) pairs the last prefilter named


def confirm(patterns: list, texts: list[str], candidates: list[set[int]]) -> Spans:
    """``re``'s spans of the candidate patterns of each text."""
    CANDIDATES[0] = sum(map(len, candidates))
    out: Spans = []
    for text, ids in zip(texts, candidates, strict=True):
        found = []
        for i in sorted(ids):
            found.extend((i, *m.span()) for m in patterns[i].finditer(text))
        out.append(found)
    return out


def engine_re(patterns: list, texts: list[str]) -> Callable[[], Spans]:
    def run() -> Spans:
        return [
            [(i, *m.span()) for i, p in enumerate(patterns) for m in p.finditer(text)]
            for text in texts
        ]

    return run


def engine_project(backend: str) -> Callable[[list, list[str]], Callable[[], Spans]]:
    """The project's engine on one backend (its own prefilter and confirmation)."""

    def make(patterns: list, texts: list[str]) -> Callable[[], Spans]:
        pattern_set = PatternSet.from_patterns(patterns, backend)
        pairs = sum(len(pattern_set.candidates(text)) for text in texts)

        def run() -> Spans:
            CANDIDATES[0] = pairs
            return find(pattern_set, texts)

        return run

    return make


def engine_re2(patterns: list, texts: list[str]) -> Callable[[], Spans]:
    import re2

    options = re2.Options()
    options.case_sensitive = False
    options.never_capture = True
    regex_set = re2.Set.SearchSet(options)
    always: set[int] = set()
    index: list[int] = []
    for i, pattern in enumerate(patterns):
        try:
            regex_set.Add(body(pattern))
            index.append(i)
        except Exception:  # noqa: BLE001 - not RE2 syntax: tried with re everywhere
            always.add(i)
    regex_set.Compile()

    def run() -> Spans:
        candidates = [{index[j] for j in regex_set.Match(text)} | always for text in texts]
        return confirm(patterns, texts, candidates)

    return run


def engine_hyperscan(patterns: list, texts: list[str]) -> Callable[[], Spans]:
    import hyperscan

    flags = hyperscan.HS_FLAG_CASELESS | hyperscan.HS_FLAG_UTF8 | hyperscan.HS_FLAG_PREFILTER
    expressions, ids, always = [], [], set()
    for i, pattern in enumerate(patterns):
        source = body(pattern).encode("utf-8")
        probe = hyperscan.Database()
        try:
            probe.compile(expressions=[source], ids=[0], elements=1, flags=[flags])
        except Exception:  # noqa: BLE001 - not Hyperscan syntax: tried with re everywhere
            always.add(i)
            continue
        expressions.append(source)
        ids.append(i)
    database = hyperscan.Database()
    database.compile(expressions=expressions, ids=ids, elements=len(ids), flags=[flags] * len(ids))
    separator = "\n\x00\n"
    joined = separator.join(texts).encode("utf-8")
    # byte offset of each text's start, to map a match's end back to its text
    starts, offset = [], 0
    for text in texts:
        starts.append(offset)
        offset += len(text.encode("utf-8")) + len(separator)

    def run() -> Spans:
        candidates = [set(always) for _ in texts]

        def on_match(pattern_id, start, end, flags, context) -> None:
            candidates[bisect_right(starts, end - 1) - 1].add(pattern_id)

        database.scan(joined, match_event_handler=on_match)
        return confirm(patterns, texts, candidates)

    return run


def engine_polars(patterns: list, texts: list[str]) -> Callable[[], Spans]:
    import polars as pl

    column = pl.Series("text", texts)
    usable, always = [], set()
    for i, pattern in enumerate(patterns):
        try:
            column.head(1).str.contains(f"(?i){body(pattern)}")
            usable.append(i)
        except Exception:  # noqa: BLE001 - not Rust regex syntax: tried with re everywhere
            always.add(i)

    def run() -> Spans:
        candidates = [set(always) for _ in texts]
        for i in usable:
            mask = column.str.contains(f"(?i){body(patterns[i])}")
            for row in mask.arg_true().to_list():
                candidates[row].add(i)
        return confirm(patterns, texts, candidates)

    return run


def engine_oracle(patterns: list, texts: list[str]) -> Callable[[], Spans]:
    """A perfect prefilter (told in advance which pattern matches where): the floor
    that confirming with ``re`` leaves to any engine."""
    exact = [{i for i, p in enumerate(patterns) if p.search(text)} for text in texts]

    def run() -> Spans:
        return confirm(patterns, texts, exact)

    return run


ENGINES = {
    "re": engine_re,
    "perfect prefilter (floor)": engine_oracle,
    "helpers.rules.engine (re2)": engine_project("re2"),
    "helpers.rules.engine (re)": engine_project("re"),
    "google-re2 set": engine_re2,
    "hyperscan batch": engine_hyperscan,
    "polars": engine_polars,
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sentences", type=int, default=50_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)

    rng = random.Random(args.seed)
    material = seed_material()
    texts = [normalise(make_sentence(material, rng)) for _ in range(args.sentences)]
    patterns = project_patterns()
    print(f"{len(patterns)} patterns, {len(texts):,} generated sentences")
    reference = None
    print(f"{'engine':<26} {'setup s':>8} {'median s':>9} {'x re':>6} {'pairs':>9}  same spans")
    base = None
    for name, make in ENGINES.items():
        try:
            began = time.perf_counter()
            run = make(patterns, texts)
            setup = time.perf_counter() - began
        except (ImportError, ValueError) as error:
            print(f"{name:<26} not installed ({getattr(error, 'name', error)})")
            continue
        times, result = [], None
        CANDIDATES[0] = len(patterns) * len(texts)
        for _ in range(args.repeat):
            began = time.perf_counter()
            result = run()
            times.append(time.perf_counter() - began)
        median = statistics.median(times)
        if reference is None:
            reference, base = result, median
        same = result == reference
        pairs = CANDIDATES[0]
        print(f"{name:<26} {setup:8.2f} {median:9.2f} {median / base:6.2f} {pairs:>9}  {same}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
