"""``python -m helpers scale CORPUS --out DIR``: the analysis by partitions of files, on Dask.

Plan (files with the same bytes or stem share a partition, so duplicates are found as on
the whole folder; a key hashes names, contents, settings, code and rules), then a task per
partition writing Parquet to ``parts/<key>/`` atomically (one already there is not rerun:
a run resumes), a task per partition counting terms with the corpus's analyzer, and the
aggregates summed into ``tables/``. Every worker must see the corpus under the same path.
"""

from __future__ import annotations

import argparse
import hashlib
import heapq
import itertools
import json
import os
import shutil
import stat
import sys
import time
import traceback
import uuid
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from helpers.analysis.framing import security_rights_from_counts
from helpers.base.paths import REPO_ROOT
from helpers.base.progress import progress_iter
from helpers.corpus.load import (
    DEFAULT_LANGUAGE,
    DEFAULT_MAX_BYTES,
    REPORT_COLUMNS,
    CorpusError,
    CorpusWarning,
    display_name,
    load_corpus,
)
from helpers.corpus.metadata import METADATA_FILE, MetadataError, read_metadata
from helpers.corpus.provenance import write_atomic
from helpers.scale.tables import (
    KEYNESS_PERIODS,
    PARTITION_TABLES,
    TERM_TABLES,
    Rules,
    analyzer_from,
    cooccurrence_table,
    frames_table,
    keyness_from_counts,
    partition_tables,
    read_rules,
    sum_tables,
    term_tables,
    tfidf_from_counts,
    top_terms_from_long,
)

__all__ = [
    "AGGREGATE_FILES", "DEFAULT_PARTITION_SIZE", "Partition", "RESULT_COUNTS", "ScaleResult",
    "add_scale_arguments", "plan_partitions", "read_part", "run_partition", "run_scale",
    "run_scale_command", "start_client",
]  # fmt: skip

DEFAULT_PARTITION_SIZE = 500  # files per partition: a few seconds to a minute of work each
# the partitions' count tables summed into tables/ as Parquet, besides the term tables
RESULT_COUNTS = (
    "frames", "documents_per_year", "documents_by_type", "security_rights", "theme_pairs",
    "theme_pairs_by_year", "themes_by_year",
)  # fmt: skip
AGGREGATE_FILES = (
    "frames_by_year.csv", "documents_per_year.csv", "security_rights.csv", "theme_cooccurrence.csv",
    "tfidf_by_year.csv", "tfidf_top_terms.csv", "keyness.csv", "load_report.csv",
)  # fmt: skip


@dataclass(frozen=True)
class Partition:
    """A partition: its key and its files' names, in name order."""

    key: str
    files: tuple[str, ...]


@dataclass(frozen=True)
class ScaleResult:
    """What a run did: partitions in all, run, found done; tables written; skipped files."""

    partitions: int
    run: int
    resumed: int
    tables: tuple[Path, ...]
    skipped: tuple[str, ...]


def _content_hash(path: Path, max_bytes: int) -> str:
    """The sha256 of a regular file's first ``max_bytes`` + 1 bytes, '' for anything else."""
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            return ""
        with open(path, "rb") as handle:
            return hashlib.sha256(handle.read(max_bytes + 1)).hexdigest()
    except OSError:
        return ""


def _code_version() -> str:
    """A hash of the code and rules a partition's tables depend on."""
    digest = hashlib.sha256()
    for folder, pattern in ((Path(__file__).parents[1], "*.py"), (REPO_ROOT / "data", "*")):
        for path in sorted(folder.rglob(pattern)):
            if path.is_file():
                digest.update(path.relative_to(folder).as_posix().encode() + b"\0")
                digest.update(path.read_bytes())
    return digest.hexdigest()


def plan_partitions(
    folder: Path, partition_size: int = DEFAULT_PARTITION_SIZE, settings: str = "",
    progress: bool = False,
) -> list[Partition]:  # fmt: skip
    """Partitions of about ``partition_size`` files, in the order of their first file; files
    with the same bytes or stem share one (module docstring)."""
    names = sorted(os.listdir(folder))
    hashes = [
        _content_hash(folder / name, DEFAULT_MAX_BYTES)
        for name in progress_iter(names, len(names), "Hashing files", progress)
    ]
    parent = list(range(len(names)))  # union-find over files sharing a stem or a hash

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = i = parent[parent[i]]
        return i

    first: dict[tuple[str, str], int] = {}
    for i, (name, sha) in enumerate(zip(names, hashes, strict=True)):
        for key in (("stem", Path(name).stem), ("sha", sha)):
            if key[1]:
                a, b = root(i), root(first.setdefault(key, i))
                parent[max(a, b)] = min(a, b)
    groups: dict[int, list[int]] = {}
    for i in range(len(names)):
        groups.setdefault(root(i), []).append(i)
    version = _code_version()
    partitions, current = [], []
    for n, (_, members) in enumerate(sorted(groups.items()), start=1):
        current.extend(members)
        if len(current) >= partition_size or n == len(groups):
            digest = hashlib.sha256(f"{version}\n{settings}\n".encode())
            for i in sorted(current):
                digest.update(os.fsencode(names[i]) + b"\0" + hashes[i].encode() + b"\n")
            files = tuple(names[i] for i in sorted(current))
            partitions.append(Partition(digest.hexdigest()[:24], files))
            current = []
    return partitions


def _load(folder: Path, files: list[str], options: dict):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", CorpusWarning)
        return load_corpus(folder, files=files, cache=False, workers=1, progress=False, **options)


def _load_partition(folder: Path, files: tuple[str, ...], options: dict):
    """The partition's corpus, and a report row for each page that crashed the loader
    (found one by one, then left out)."""
    try:
        return _load(folder, list(files), options), []
    except (CorpusError, MemoryError):
        raise
    except Exception:  # noqa: BLE001 - one page must not stop the run: found below
        pass
    crashed = []
    for name in files:
        try:
            _load(folder, [name], options)
        except (CorpusError, MemoryError):
            raise
        except Exception as error:  # noqa: BLE001
            what = "".join(traceback.format_exception_only(error)).strip().splitlines()[-1]
            reason = (
                f"the loader failed on this page ({what}): skipped; please report it with the file"
            )
            values = [display_name(name), "skipped", reason, "", "", "", ""]
            crashed.append(dict(zip(REPORT_COLUMNS, values, strict=True)))
    bad = {row["file"] for row in crashed}
    kept = [name for name in files if display_name(name) not in bad]
    return _load(folder, kept, options), crashed


def run_partition(folder: str, partition: Partition, out: str, options: dict, rules: Rules) -> dict:
    """One partition (a Dask task): load, read, count, write ``parts/<key>/`` atomically.
    Out: ``{"key", "done": "run" | "found", "documents", "skipped": [lines]}``."""
    target = Path(out) / "parts" / partition.key
    done = "found"
    if not (target / f"{PARTITION_TABLES[-1]}.parquet").exists():
        corpus, crashed = _load_partition(Path(folder), partition.files, options)
        tables = partition_tables(corpus, rules)
        if crashed:
            report = pd.concat([tables["report"], pd.DataFrame(crashed)], ignore_index=True)
            tables["report"] = report.sort_values("file", kind="stable").reset_index(drop=True)
        _write_atomically(target, {name: tables[name] for name in PARTITION_TABLES})
        done = "run"
    report = pd.read_parquet(target / "report.parquet")
    skipped = report[report["status"].isin(["skipped", "warning"])]
    return {
        "key": partition.key,
        "done": done,
        "documents": int(report["status"].isin(["loaded", "warning"]).sum()),
        "skipped": [f"{r.file}: {r.status}: {r.reason}" for r in skipped.itertuples(index=False)],
    }


def _write_atomically(target: Path, tables: dict[str, pd.DataFrame]) -> None:
    """Write Parquet files into a temporary folder renamed to ``target``; the last table
    marks it whole. A copy of the task that finished first (a worker thought lost) wins."""
    temporary = target.parent / f".{target.name}.{uuid.uuid4().hex}.tmp"
    temporary.mkdir(parents=True)
    try:
        for name, table in tables.items():
            table.to_parquet(temporary / f"{name}.parquet", index=False)
        try:
            os.rename(temporary, target)
        except OSError:
            if not (target / f"{list(tables)[-1]}.parquet").exists():
                raise
    finally:
        shutil.rmtree(temporary, ignore_errors=True)


def _run_terms(out: str, key: str, analyzer_key: str, analyzer, years: list[int]) -> str:
    """Count a partition's terms with the corpus's analyzer (a Dask task), to ``terms/``."""
    target = Path(out) / "terms" / f"{key}-{analyzer_key}"
    if not (target / f"{TERM_TABLES[-1]}.parquet").exists():
        tables = term_tables(read_part(Path(out), key, "texts"), analyzer, years)
        _write_atomically(target, {name: tables[name] for name in TERM_TABLES})
    return key


def read_part(out: Path, key: str, table: str) -> pd.DataFrame:
    """One partition's table (``PARTITION_TABLES``) from an output folder."""
    return pd.read_parquet(Path(out) / "parts" / key / f"{table}.parquet")


def start_client(
    scheduler: str | None = None, workers: int | None = None, memory_limit: str | None = None,
    local_directory: Path | None = None, processes: bool = True,
):  # fmt: skip
    """``(client, cluster or None)``: on ``scheduler``, else a ``LocalCluster`` of single-thread
    workers (default one per core) sharing four fifths of the memory, spilling to disk."""
    from distributed import Client, LocalCluster

    if scheduler:
        return Client(scheduler, timeout="30s"), None
    import psutil

    n = workers or os.cpu_count() or 1
    limit = memory_limit or f"{int(psutil.virtual_memory().total * 0.8 / n / 2**20)}MiB"
    cluster = LocalCluster(
        n_workers=n, threads_per_worker=1, processes=processes, memory_limit=limit,
        local_directory=str(local_directory) if local_directory else None, dashboard_address=":0",
    )  # fmt: skip
    return Client(cluster), cluster


def _wait(futures: list, label: str, progress: bool) -> list:
    from distributed import as_completed

    done = as_completed(futures, with_results=True)
    return [result for _, result in progress_iter(done, len(futures), label, progress)]


def run_scale(
    corpus: Path | str,
    out: Path | str,
    *,
    scheduler: str | None = None,
    workers: int | None = None,
    memory_limit: str | None = None,
    partition_size: int = DEFAULT_PARTITION_SIZE,
    language: str = DEFAULT_LANGUAGE,
    other_languages: str = "skip",
    max_bytes: int = DEFAULT_MAX_BYTES,
    progress: bool = False,
    processes: bool = True,
    echo: Callable[[str], None] = print,
) -> ScaleResult:
    """Run the partitioned pipeline into ``out`` (module docstring). Out: a ``ScaleResult``.
    Raises ``CorpusError`` for a missing folder, ``out`` inside it or a bad ``metadata.csv``."""
    folder, out = Path(corpus).resolve(), Path(out).resolve()
    if not folder.is_dir():
        raise CorpusError(f"corpus folder not found: {folder}")
    if out == folder or folder in out.parents:
        raise CorpusError("the output folder must not be inside the corpus folder")
    try:  # checked once against the whole folder; partitions read only their rows
        read_metadata(folder, {n for n in os.listdir(folder) if n != METADATA_FILE})
    except MetadataError as error:
        raise CorpusError(str(error)) from None
    options = {"language": language, "other_languages": other_languages, "max_bytes": max_bytes}
    out.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    partitions = plan_partitions(
        folder, partition_size, json.dumps(options, sort_keys=True), progress
    )
    manifest = {
        "corpus": display_name(folder.name),
        "settings": options,
        "partitions": [{"key": p.key, "files": len(p.files)} for p in partitions],
    }
    (out / "manifest.json").write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")
    keys = [p.key for p in partitions]
    n_files = sum(len(p.files) for p in partitions)
    echo(f"{n_files:,} files in {len(partitions)} partitions of up to {partition_size}")
    rules = read_rules()
    client, cluster = start_client(scheduler, workers, memory_limit, out / ".dask", processes)
    at = lambda: f"{time.perf_counter() - started:.1f} s"  # noqa: E731
    try:
        n_workers = len(client.scheduler_info()["workers"])
        echo(f"Dask: {n_workers} workers, started at {at()}; dashboard: {client.dashboard_link}")
        shared = client.scatter(rules, broadcast=True)
        summaries = {s["key"]: s for s in _wait([
            client.submit(run_partition, str(folder), p, str(out), options, shared,
                          key=f"partition-{p.key}", pure=False, retries=2)
            for p in partitions
        ], "Partitions", progress)}  # fmt: skip
        echo(f"Partitions done at {at()}")
        hyphens = _summed(out, [f"parts/{k}" for k in keys], "hyphens")
        per_year = _summed(out, [f"parts/{k}" for k in keys], "documents_per_year")
        years = [int(y) for y in per_year["year"]]
        analyzer = analyzer_from(hyphens, rules.stop_words)
        analyzer_key = hashlib.sha256(
            json.dumps([sorted(analyzer.variants.items()), years]).encode()
        ).hexdigest()[:16]
        shared = client.scatter(analyzer, broadcast=True)
        _wait([
            client.submit(_run_terms, str(out), k, analyzer_key, shared, years,
                          key=f"terms-{k}-{analyzer_key}", pure=False, retries=2)
            for k in keys
        ], "Terms", progress)  # fmt: skip
        echo(f"Terms counted at {at()}")
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
    tables = _aggregate(out, keys, analyzer_key, years, per_year, rules)
    skipped = tuple(line for k in keys for line in summaries[k]["skipped"])
    run = sum(1 for s in summaries.values() if s["done"] == "run")
    summary = {
        "files": n_files,
        "partitions": len(partitions),
        "partitions_run": run,
        "partitions_found_done": len(partitions) - run,
        "documents": int(per_year["n_documents"].sum()) if len(per_year) else 0,
        "seconds": round(time.perf_counter() - started, 1),
        "themes": list(rules.codebook.names),  # notebook 04's order (helpers.scale.results)
    }
    (out / "tables" / "summary.json").write_text(json.dumps(summary, indent=1) + "\n")
    return ScaleResult(len(partitions), run, len(partitions) - run, tables, skipped)


def _summed(out: Path, folders: list[str], name: str) -> pd.DataFrame:
    """A count table summed over the partitions' ``folders`` (below ``out``)."""
    return sum_tables(name, (pd.read_parquet(out / f / f"{name}.parquet") for f in folders))


def _aggregate(
    out: Path, keys: list[str], analyzer_key: str, years: list[int], per_year: pd.DataFrame,
    rules: Rules,
) -> tuple[Path, ...]:  # fmt: skip
    """The aggregate tables, from the partitions' count tables, to ``out/tables/``."""
    tables = out / "tables"
    tables.mkdir(exist_ok=True)
    parts = [f"parts/{k}" for k in keys]
    term_parts = [f"terms/{k}-{analyzer_key}" for k in keys]
    summed = {n: _summed(out, term_parts, n) for n in TERM_TABLES}
    summed |= {n: _summed(out, parts, n) for n in RESULT_COUNTS if n != "documents_per_year"}
    summed["documents_per_year"] = per_year
    for name, table in summed.items():  # the counts notebook 07 reads (helpers.scale.results)
        table.to_parquet(tables / f"{name}.parquet", index=False)
    halves = [summed[n] for n in ("terms_by_half", "words_by_half", "documents_by_term")]
    tfidf = tfidf_from_counts(summed["terms_by_year"], [str(y) for y in years])
    written = {
        "frames_by_year.csv": frames_table(summed["frames"], years),
        "documents_per_year.csv": per_year,
        "security_rights.csv": security_rights_from_counts(summed["security_rights"]),
        "theme_cooccurrence.csv": cooccurrence_table(summed["theme_pairs"], rules.codebook.names),
        "tfidf_by_year.csv": tfidf.assign(tfidf=tfidf["tfidf"].round(6)),  # as the notebook rounds
        "tfidf_top_terms.csv": top_terms_from_long(tfidf, 25),
        "keyness.csv": keyness_from_counts(*halves, KEYNESS_PERIODS),
    }
    for name, table in written.items():  # only frames_by_year keeps its index (the years)
        csv = table.to_csv(index=name == "frames_by_year.csv", lineterminator="\n")
        write_atomic(tables / name, csv.encode("utf-8"))
    # the load report merged in file-name order, 10,000 rows at a time (never whole)
    rows = heapq.merge(
        *(read_part(out, k, "report")[REPORT_COLUMNS].itertuples(index=False, name=None)
          for k in keys),
        key=lambda row: row[0],
    )  # fmt: skip
    with open(tables / "load_report.csv", "w", encoding="utf-8", newline="") as handle:
        header = True
        while (batch := list(itertools.islice(rows, 10_000))) or header:
            pd.DataFrame(batch, columns=REPORT_COLUMNS).to_csv(
                handle, index=False, header=header, lineterminator="\n"
            )
            header = False
    return tuple(tables / name for name in AGGREGATE_FILES)


def add_scale_arguments(parser: argparse.ArgumentParser) -> None:
    """The options of ``python -m helpers scale`` (the loader's are the command line's,
    shared with ``corpus``)."""
    add = parser.add_argument
    add("corpus", type=Path, help="the corpus folder (seen by every worker)")
    add("--out", type=Path, required=True, help="the output folder")
    add(
        "--scheduler",
        metavar="tcp://HOST:PORT",
        help="a running Dask scheduler (default: a cluster of this machine's cores)",
    )
    add("--workers", type=int, help="local workers (default: one per core)")
    add("--memory-limit", help="memory of each local worker, e.g. 4GiB (default: shared 80%%)")
    add(
        "--partition-size",
        type=int,
        default=DEFAULT_PARTITION_SIZE,
        help="files per partition (default %(default)s)",
    )
    add("--no-progress", action="store_true", help="no progress bar")  # fmt: skip


def run_scale_command(args: argparse.Namespace) -> int:
    """``python -m helpers scale``. Out: the exit code (2 for an unusable corpus folder)."""
    try:
        result = run_scale(
            args.corpus, args.out, scheduler=args.scheduler, workers=args.workers,
            memory_limit=args.memory_limit, partition_size=args.partition_size,
            language=args.language, other_languages=args.other_languages, max_bytes=args.max_bytes,
            progress=not args.no_progress and sys.stderr.isatty(),
        )  # fmt: skip
    except CorpusError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    print(f"{result.partitions} partitions: {result.run} run, {result.resumed} already done "
          "(from an earlier run)")  # fmt: skip
    print(f"{len(result.skipped)} files skipped or loaded with a warning:")
    for line in result.skipped:
        print(f"  {line}")
    print(f"Tables in {display_name(str(Path(args.out) / 'tables'))}:")
    for path in result.tables:
        print(f"  {path.name}")
    return 0
