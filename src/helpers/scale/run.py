"""Run the analysis on a corpus of any size, by partitions of files, on Dask.

``run_scale(corpus, out)`` (``python -m helpers scale CORPUS --out DIR``):

1. **Plan.** The folder's entries are listed in name order and each regular
   file's bytes hashed; files with the same bytes or the same stem stay in
   one partition (so the loader finds duplicates and doc_id clashes as it
   does on the whole folder); partitions of about ``partition_size`` files
   are keyed by a hash of their file names, their content hashes, the
   loader's settings and the code and rules in use. ``manifest.json`` lists
   them.
2. **Partitions** (one Dask task each, ``scale_tables.partition_tables``):
   their tables are written as Parquet to ``parts/<key>/``: a temporary
   folder renamed when complete, so a partition is either whole or absent. A
   partition already there is not run again: an interrupted run resumes
   where it stopped, and a task lost with a killed worker is run again
   elsewhere by Dask. A page that makes the loader fail is read alone,
   reported as skipped with the error, and the rest of its partition loaded.
3. **Terms** (one task per partition, ``scale_tables.term_tables``): with the
   analyzer the whole corpus's hyphenated spellings decide, to
   ``terms/<key>/``.
4. **Aggregates**, summed from the partitions' small count tables, never
   their units: ``tables/`` holds the CSVs (frames by year, documents per
   year, security/rights, theme pairs, TF-IDF by year, keyness, the load
   report) and ``summary.json``.

The corpus folder must be reachable under the same path from every worker
(a shared file system). Nothing is written outside ``out``.
"""

from __future__ import annotations

import argparse
import hashlib
import heapq
import json
import os
import shutil
import stat
import sys
import time
import traceback
import uuid
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from helpers.base.paths import REPO_ROOT
from helpers.base.progress import progress_iter
from helpers.corpus.load import (
    DEFAULT_LANGUAGE,
    DEFAULT_MAX_BYTES,
    OTHER_LANGUAGES,
    REPORT_COLUMNS,
    CorpusError,
    CorpusWarning,
    display_name,
    load_corpus,
)
from helpers.corpus.metadata import METADATA_FILE, MetadataError, read_metadata
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
    security_rights_table,
    sum_tables,
    term_tables,
    tfidf_from_counts,
    top_terms_from_long,
)

__all__ = [
    "AGGREGATE_FILES",
    "add_scale_arguments",
    "DEFAULT_PARTITION_SIZE",
    "Partition",
    "ScaleResult",
    "plan_partitions",
    "read_part",
    "run_partition",
    "run_scale",
    "run_scale_command",
    "start_client",
]

DEFAULT_PARTITION_SIZE = 500  # files per partition: a few seconds to a minute of work each
AGGREGATE_FILES = (
    "frames_by_year.csv", "documents_per_year.csv", "security_rights.csv", "theme_cooccurrence.csv",
    "tfidf_by_year.csv", "tfidf_top_terms.csv", "keyness.csv", "load_report.csv",
)  # fmt: skip
_HASH_BLOCK = 1 << 20


@dataclass(frozen=True)
class Partition:
    """A partition of the corpus folder: its key and its files' names (name order)."""

    key: str
    files: tuple[str, ...]


@dataclass(frozen=True)
class ScaleResult:
    """What a run did: partitions run and found done, the tables written, skipped files."""

    partitions: int
    run: int
    resumed: int
    tables: tuple[Path, ...]
    skipped: tuple[str, ...]


def _content_hash(path: Path, max_bytes: int) -> str:
    """The sha256 of a regular file's bytes (up to ``max_bytes`` + 1), '' for anything else."""
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            return ""
        digest = hashlib.sha256()
        with open(path, "rb") as handle:
            left = max_bytes + 1
            while left > 0 and (block := handle.read(min(_HASH_BLOCK, left))):
                digest.update(block)
                left -= len(block)
        return digest.hexdigest()
    except OSError:
        return ""


def _code_version() -> str:
    """A hash of the code and rules a partition's tables depend on."""
    digest = hashlib.sha256()
    for folder, pattern in ((Path(__file__).parents[1], "*.py"), (REPO_ROOT / "data", "*")):
        for path in sorted(folder.rglob(pattern)):
            if path.is_file():
                name = path.relative_to(folder).as_posix()
                digest.update(name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def plan_partitions(
    folder: Path,
    partition_size: int = DEFAULT_PARTITION_SIZE,
    settings: str = "",
    progress: bool = False,
) -> list[Partition]:
    """Split a corpus folder into partitions of files.

    In: the folder; about how many files a partition holds; the loader's
    settings (part of each key). Out: the partitions, in the order of their
    first file's name; files with the same bytes or the same stem are in the
    same one. Each key hashes the partition's file names and content hashes,
    ``settings`` and the code and rules in use.
    """
    names = sorted(os.listdir(folder))
    hashes = [
        _content_hash(folder / name, DEFAULT_MAX_BYTES)
        for name in progress_iter(names, len(names), "Hashing files", progress)
    ]
    parent = list(range(len(names)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    first: dict[tuple[str, str], int] = {}
    for i, (name, sha) in enumerate(zip(names, hashes, strict=True)):
        for key in (("stem", Path(name).stem), ("sha", sha)):
            if key[1]:
                j = first.setdefault(key, i)
                a, b = root(i), root(j)
                if a != b:
                    parent[max(a, b)] = min(a, b)
    groups: dict[int, list[int]] = {}
    for i in range(len(names)):
        groups.setdefault(root(i), []).append(i)
    version = _code_version()
    partitions, current = [], []

    def close(members: list[int]) -> None:
        members = sorted(members)
        digest = hashlib.sha256(f"{version}\n{settings}\n".encode())
        for i in members:
            digest.update(os.fsencode(names[i]) + b"\0" + hashes[i].encode() + b"\n")
        partitions.append(Partition(digest.hexdigest()[:24], tuple(names[i] for i in members)))

    for _, members in sorted(groups.items()):
        current.extend(members)
        if len(current) >= partition_size:
            close(current)
            current = []
    if current:
        close(current)
    return partitions


def _load(folder: Path, files: list[str], options: dict):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", CorpusWarning)
        return load_corpus(folder, files=files, cache=False, workers=1, progress=False, **options)


def _crash_row(name: str, error: BaseException) -> dict:
    what = "".join(traceback.format_exception_only(type(error), error)).strip().splitlines()[-1]
    reason = f"the loader failed on this page ({what}): skipped; please report it with the file"
    values = [display_name(name), "skipped", reason, "", "", "", ""]
    return dict(zip(REPORT_COLUMNS, values, strict=True))


def _load_partition(folder: Path, files: tuple[str, ...], options: dict):
    """The partition's corpus; a page that makes the loader fail is found, reported, left out."""
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
            crashed.append(_crash_row(name, error))
    bad = {row["file"] for row in crashed}
    kept = [name for name in files if display_name(name) not in bad]
    return _load(folder, kept, options), crashed


def run_partition(folder: str, partition: Partition, out: str, options: dict, rules: Rules) -> dict:
    """Run one partition (a Dask task): load, read, count, write ``parts/<key>/`` atomically.

    In: the corpus folder; the partition; the output folder; ``load_corpus``
    options; the rules. Out: ``{"key", "done": "run" | "found", "documents",
    "units", "skipped": [report lines]}``.
    """
    target = Path(out) / "parts" / partition.key
    if _complete(target, PARTITION_TABLES[-1]):
        return _summary(partition.key, "found", target)
    corpus, crashed = _load_partition(Path(folder), partition.files, options)
    tables = partition_tables(corpus, rules)
    if crashed:
        report = pd.concat([tables["report"], pd.DataFrame(crashed)], ignore_index=True)
        tables["report"] = report.sort_values("file", kind="stable").reset_index(drop=True)
    _write_atomically(target, {name: tables[name] for name in PARTITION_TABLES})
    return _summary(partition.key, "run", target)


def _write_atomically(target: Path, tables: dict[str, pd.DataFrame]) -> None:
    """Write the tables as Parquet into a temporary folder, then rename it to ``target``.

    The last table written marks the folder complete; a copy of the same task
    that finished first (a worker thought lost) leaves its folder in place.
    """
    temporary = target.parent / f".{target.name}.{uuid.uuid4().hex}.tmp"
    temporary.mkdir(parents=True)
    try:
        for name, table in tables.items():
            table.to_parquet(temporary / f"{name}.parquet", index=False)
        try:
            os.rename(temporary, target)
        except OSError:
            if not _complete(target, list(tables)[-1]):
                raise
    finally:
        shutil.rmtree(temporary, ignore_errors=True)


def _complete(target: Path, last: str) -> bool:
    return (target / f"{last}.parquet").exists()


def _summary(key: str, done: str, target: Path) -> dict:
    report = pd.read_parquet(target / "report.parquet")
    skipped = report[report["status"].isin(["skipped", "warning"])]
    return {
        "key": key,
        "done": done,
        "documents": int(report["status"].isin(["loaded", "warning"]).sum()),
        "skipped": [f"{r.file}: {r.status}: {r.reason}" for r in skipped.itertuples(index=False)],
    }


def _run_terms(out: str, key: str, analyzer_key: str, analyzer, years: list[int]) -> str:
    """Count a partition's terms with the corpus's analyzer (a Dask task), to ``terms/<key>/``."""
    target = Path(out) / "terms" / f"{key}-{analyzer_key}"
    if not _complete(target, TERM_TABLES[-1]):
        texts = pd.read_parquet(Path(out) / "parts" / key / "texts.parquet")
        tables = term_tables(texts, analyzer, years)
        _write_atomically(target, {name: tables[name] for name in TERM_TABLES})
    return key


def read_part(out: Path, key: str, table: str) -> pd.DataFrame:
    """One partition's table (``scale_tables.PARTITION_TABLES``) from an output folder."""
    return pd.read_parquet(Path(out) / "parts" / key / f"{table}.parquet")


def start_client(
    scheduler: str | None = None,
    workers: int | None = None,
    memory_limit: str | None = None,
    local_directory: Path | None = None,
    processes: bool = True,
):
    """A Dask client: on ``scheduler`` (``tcp://HOST:PORT``), else on a new ``LocalCluster``.

    The local cluster has ``workers`` processes (default: one per core) of one
    thread each, each with ``memory_limit`` (default: four fifths of the
    machine's memory shared among them), spilling to ``local_directory``
    beyond Dask's thresholds; ``processes=False`` runs the workers as threads
    of this process (quick to start, for small corpora and tests). Out:
    ``(client, cluster or None)``.
    """
    from distributed import Client, LocalCluster

    if scheduler:
        return Client(scheduler, timeout="30s"), None
    import psutil

    n = workers or os.cpu_count() or 1
    limit = memory_limit or f"{int(psutil.virtual_memory().total * 0.8 / n / 2**20)}MiB"
    cluster = LocalCluster(
        n_workers=n,
        threads_per_worker=1,
        processes=processes,
        memory_limit=limit,
        local_directory=str(local_directory) if local_directory else None,
        dashboard_address=":0",
    )
    return Client(cluster), cluster


def _as_completed(client, futures: list, label: str, progress: bool) -> Iterator:
    from distributed import as_completed

    yield from progress_iter(
        as_completed(futures, with_results=True), len(futures), label, progress
    )


def _merged_report(out: Path, keys: list[str]) -> Iterator[tuple]:
    """The load report's rows in file-name order, merged from the partitions' reports."""

    def rows(key: str) -> Iterator[tuple]:
        yield from read_part(out, key, "report")[REPORT_COLUMNS].itertuples(index=False, name=None)

    yield from heapq.merge(*(rows(k) for k in keys), key=lambda row: row[0])


def _write_report(out: Path, keys: list[str], path: Path) -> None:
    batch, header = [], True
    with open(path, "w", encoding="utf-8", newline="") as handle:
        for row in _merged_report(out, keys):
            batch.append(row)
            if len(batch) >= 10_000:
                pd.DataFrame(batch, columns=REPORT_COLUMNS).to_csv(
                    handle, index=False, header=header, lineterminator="\n"
                )
                batch, header = [], False
        if batch or header:
            pd.DataFrame(batch, columns=REPORT_COLUMNS).to_csv(
                handle, index=False, header=header, lineterminator="\n"
            )


def _write_csv(table: pd.DataFrame, path: Path, index: bool = False) -> Path:
    temporary = path.with_name(f".{path.name}.tmp")
    table.to_csv(temporary, index=index, lineterminator="\n")
    os.replace(temporary, path)
    return path


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
    """Run the partitioned pipeline and write its tables to ``out`` (see the module docstring).

    In: the corpus folder (reachable by every worker under this path); the
    output folder; ``scheduler`` (``tcp://HOST:PORT``; default: a LocalCluster
    of ``workers`` with ``memory_limit`` each); ``partition_size``; the loader's
    ``language``, ``other_languages`` and ``max_bytes``; ``progress``, a bar;
    ``processes`` as in :func:`start_client`; ``echo``, where the progress
    lines go. Out: a ``ScaleResult``.
    Raises ``CorpusError`` for a missing folder or an unusable ``metadata.csv``.
    """
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
    settings = json.dumps(options, sort_keys=True)
    out.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    partitions = plan_partitions(folder, partition_size, settings, progress)
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
    try:
        n_workers = len(client.scheduler_info()["workers"])
        echo(
            f"Dask: {n_workers} workers, started at {time.perf_counter() - started:.1f} s; "
            f"dashboard: {client.dashboard_link}"
        )
        rules_future = client.scatter(rules, broadcast=True)
        futures = [
            client.submit(
                run_partition,
                str(folder),
                p,
                str(out),
                options,
                rules_future,
                key=f"partition-{p.key}",
                pure=False,
                retries=2,
            )  # fmt: skip
            for p in partitions
        ]
        summaries = {}
        for _, summary in _as_completed(client, futures, "Partitions", progress):
            summaries[summary["key"]] = summary
        echo(f"Partitions done at {time.perf_counter() - started:.1f} s")
        hyphens = sum_tables("hyphens", (read_part(out, k, "hyphens") for k in keys))
        per_year = sum_tables(
            "documents_per_year", (read_part(out, k, "documents_per_year") for k in keys)
        )
        years = [int(y) for y in per_year["year"]]
        analyzer = analyzer_from(hyphens, rules.stop_words)
        analyzer_key = hashlib.sha256(
            json.dumps([sorted(analyzer.variants.items()), years]).encode()
        ).hexdigest()[:16]
        analyzer_future = client.scatter(analyzer, broadcast=True)
        term_futures = [
            client.submit(
                _run_terms,
                str(out),
                k,
                analyzer_key,
                analyzer_future,
                years,
                key=f"terms-{k}-{analyzer_key}",
                pure=False,
                retries=2,
            )  # fmt: skip
            for k in keys
        ]
        for _ in _as_completed(client, term_futures, "Terms", progress):
            pass
        echo(f"Terms counted at {time.perf_counter() - started:.1f} s")
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
    }
    (out / "tables" / "summary.json").write_text(json.dumps(summary, indent=1) + "\n")
    return ScaleResult(len(partitions), run, len(partitions) - run, tables, skipped)


def _aggregate(
    out: Path, keys: list[str], analyzer_key: str, years: list[int], per_year: pd.DataFrame,
    rules: Rules,
) -> tuple[Path, ...]:  # fmt: skip
    """The aggregate tables, from the partitions' count tables, to ``out/tables/``."""
    tables = out / "tables"
    tables.mkdir(exist_ok=True)

    def summed(name: str, where: str = "parts") -> pd.DataFrame:
        folder = {
            "parts": lambda k: out / "parts" / k,
            "terms": lambda k: out / "terms" / f"{k}-{analyzer_key}",
        }[where]
        return sum_tables(name, (pd.read_parquet(folder(k) / f"{name}.parquet") for k in keys))

    written = [
        _write_csv(
            frames_table(summed("frames"), years), tables / "frames_by_year.csv", index=True
        ),
        _write_csv(per_year, tables / "documents_per_year.csv"),
        _write_csv(
            security_rights_table(summed("security_rights")), tables / "security_rights.csv"
        ),
        _write_csv(
            cooccurrence_table(summed("theme_pairs"), rules.codebook.names),
            tables / "theme_cooccurrence.csv",
        ),
    ]
    by_year = summed("terms_by_year", "terms")
    by_year.to_parquet(tables / "terms_by_year.parquet", index=False)
    tfidf = tfidf_from_counts(by_year, [str(y) for y in years])
    rounded = tfidf.assign(tfidf=tfidf["tfidf"].round(6))  # as the notebook's tables round
    written.append(_write_csv(rounded, tables / "tfidf_by_year.csv"))
    written.append(_write_csv(top_terms_from_long(tfidf, 25), tables / "tfidf_top_terms.csv"))
    halves = [summed(n, "terms") for n in ("terms_by_half", "words_by_half", "documents_by_term")]
    for name, table in zip(
        ("terms_by_half", "words_by_half", "documents_by_term"), halves, strict=True
    ):
        table.to_parquet(tables / f"{name}.parquet", index=False)
    written.append(
        _write_csv(keyness_from_counts(*halves, KEYNESS_PERIODS), tables / "keyness.csv")
    )
    _write_report(out, keys, tables / "load_report.csv")
    written.append(tables / "load_report.csv")
    return tuple(written)


def add_scale_arguments(parser: argparse.ArgumentParser) -> None:
    """The options of ``python -m helpers scale``."""
    parser.add_argument("corpus", type=Path, help="the corpus folder (seen by every worker)")
    parser.add_argument("--out", type=Path, required=True, help="the output folder")
    parser.add_argument(
        "--scheduler",
        metavar="tcp://HOST:PORT",
        help="a running Dask scheduler (default: a cluster of this machine's cores)",
    )
    parser.add_argument("--workers", type=int, help="local workers (default: one per core)")
    parser.add_argument(
        "--memory-limit", help="memory of each local worker, e.g. 4GiB (default: shared 80%%)"
    )
    parser.add_argument(
        "--partition-size",
        type=int,
        default=DEFAULT_PARTITION_SIZE,
        help=f"files per partition (default {DEFAULT_PARTITION_SIZE})",
    )
    parser.add_argument("--language", default=DEFAULT_LANGUAGE, metavar="CODE")
    parser.add_argument("--other-languages", choices=OTHER_LANGUAGES, default="skip")
    parser.add_argument("--max-mb", type=float, default=None, help="skip larger files")
    parser.add_argument("--no-progress", action="store_true", help="no progress bar")


def run_scale_command(args: argparse.Namespace) -> int:
    """``python -m helpers scale``. Out: the exit code (2 for an unusable corpus folder)."""
    max_bytes = int(args.max_mb * 1e6) if args.max_mb else DEFAULT_MAX_BYTES
    try:
        result = run_scale(
            args.corpus, args.out, scheduler=args.scheduler, workers=args.workers,
            memory_limit=args.memory_limit, partition_size=args.partition_size,
            language=args.language, other_languages=args.other_languages, max_bytes=max_bytes,
            progress=not args.no_progress and sys.stderr.isatty(),
        )  # fmt: skip
    except CorpusError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    print(
        f"{result.partitions} partitions: {result.run} run, {result.resumed} already done "
        "(from an earlier run)"
    )
    print(f"{len(result.skipped)} files skipped or loaded with a warning:")
    for line in result.skipped:
        print(f"  {line}")
    print(f"Tables in {display_name(str(Path(args.out) / 'tables'))}:")
    for path in result.tables:
        print(f"  {path.name}")
    return 0
