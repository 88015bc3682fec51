"""The partitioned pipeline on Dask gives the in-memory path's aggregate tables, resumes, and
reports a page that makes the loader fail."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import warnings
from pathlib import Path

import pandas as pd
import pytest

from helpers.analysis.framing import crime_units, security_rights_by_year
from helpers.analysis.keyness import document_counts, keyness_table
from helpers.analysis.periods import periods_by_range
from helpers.analysis.terms import (
    count_by_period,
    pool_by_period,
    tfidf_by_period,
    top_terms,
    word_totals,
)
from helpers.analysis.themes import cooccurrence
from helpers.base.paths import SEEDS_DIR
from helpers.corpus.load import CorpusWarning, load_corpus
from helpers.reading.counted import counted_documents
from helpers.reading.framing import frame_counts
from helpers.reading.units import build_units
from helpers.reading.views import framed_sentences, theme_flags, units_for_themes
from helpers.rules.senses import apply_senses
from helpers.rules.words import make_analyzer
from helpers.scale import run as scale
from helpers.scale import tables as scale_tables

# The partitions silence the loader's warnings with warnings.catch_warnings, which is not
# thread-safe: with two worker threads in one process (processes=False, as here), one thread
# can restore the filters while the other loads, and a warning about the test's own skipped
# files leaks. Worker processes (the command's default) have one thread each.
pytestmark = pytest.mark.filterwarnings("ignore::helpers.corpus.load.CorpusWarning")


def _csv(table: pd.DataFrame, index: bool = False) -> bytes:
    return table.to_csv(index=index, lineterminator="\n").encode("utf-8")


def _in_memory(folder: Path) -> dict[str, bytes]:
    """The aggregate tables as the notebooks compute them, on the whole corpus in one process."""
    rules = scale_tables.read_rules()
    with warnings.catch_warnings():  # the skipped files are the test's own, on purpose
        warnings.simplefilter("ignore", CorpusWarning)
        corpus = load_corpus(folder, cache=False)
    units = build_units(corpus, rules.cues, rules.codebook, rules.voice, rules.senses)
    years = sorted(int(y) for y in corpus.documents["year"].unique())
    framed = framed_sentences(units, corpus.sentences)
    theme_units = units_for_themes(units, corpus.sentences, "sentence", include_titles=True)
    matrix = theme_flags(theme_units, rules.codebook.names)
    texts = counted_documents(units, mask="people")
    texts, _ = apply_senses(texts, list(rules.senses))
    analyzer = make_analyzer(texts["text"], rules.stop_words)
    weights = tfidf_by_period(pool_by_period(texts), analyzer)
    weights.index = weights.index.astype(str)
    tfidf = weights.stack().rename("tfidf").reset_index()
    tfidf = tfidf[tfidf["tfidf"] != 0].reset_index(drop=True).round({"tfidf": 6})
    periods = periods_by_range(years, scale_tables.KEYNESS_PERIODS)
    halves = pool_by_period(texts, periods)
    first, second = scale_tables.KEYNESS_PERIODS
    n_docs = document_counts(texts[texts["year"].isin(list(periods))], analyzer)
    key = keyness_table(
        count_by_period(halves, analyzer), word_totals(halves, analyzer), first, second, n_docs
    )
    per_year = corpus.documents.groupby("year").size().rename("n_documents").reset_index()
    return {
        "frames_by_year.csv": _csv(frame_counts(framed, years=years), index=True),
        "documents_per_year.csv": _csv(per_year),
        "security_rights.csv": _csv(security_rights_by_year(crime_units(units))),
        "theme_cooccurrence.csv": _csv(cooccurrence(matrix, min_count=3)),
        "tfidf_by_year.csv": _csv(tfidf),
        "tfidf_top_terms.csv": _csv(top_terms(weights, 25)),
        "keyness.csv": _csv(key),
        "load_report.csv": _csv(corpus.report),
    }


def _mixed_folder(tmp_path: Path) -> Path:
    """The seeds, a byte copy of one, an empty page and a file of another type."""
    folder = tmp_path / "corpus"
    shutil.copytree(SEEDS_DIR, folder)
    first = sorted(SEEDS_DIR.glob("*.txt"))[0]
    (folder / "zz_copy.txt").write_bytes(first.read_bytes())
    (folder / "empty.txt").write_text("")
    (folder / "notes.pdf").write_bytes(b"%PDF-1.4")
    return folder


def test_partitions_give_the_in_memory_tables(tmp_path):
    folder = _mixed_folder(tmp_path)
    out = tmp_path / "out"
    result = scale.run_scale(
        folder, out, partition_size=2, workers=2, processes=False, echo=lambda _: None
    )
    assert result.partitions >= 3 and result.run == result.partitions
    expected = _in_memory(folder)
    for name, content in expected.items():
        assert (out / "tables" / name).read_bytes() == content, name
    assert any("zz_copy.txt: skipped: duplicate" in line for line in result.skipped)
    assert any("empty.txt: skipped" in line for line in result.skipped)

    again = scale.run_scale(
        folder, out, partition_size=2, workers=2, processes=False, echo=lambda _: None
    )
    assert again.run == 0 and again.resumed == result.partitions
    for name, content in expected.items():
        assert (out / "tables" / name).read_bytes() == content, name

    (folder / "empty.txt").write_text("Still no date\nA page with a title and a line.\n")
    changed = scale.run_scale(
        folder, out, partition_size=2, workers=2, processes=False, echo=lambda _: None
    )
    assert changed.run == 1  # only the partition of the changed file
    assert any(line.startswith("empty.txt: skipped: no date") for line in changed.skipped)


def test_a_folder_where_nothing_loads_still_gives_every_table(tmp_path):
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "empty.txt").write_text("")
    result = scale.run_scale(folder, tmp_path / "out", workers=1, processes=False, echo=print)
    assert result.skipped == ("empty.txt: skipped: empty file",)
    for name in scale.AGGREGATE_FILES:
        assert (tmp_path / "out" / "tables" / name).exists(), name
    report = pd.read_csv(tmp_path / "out" / "tables" / "load_report.csv")
    assert report["file"].tolist() == ["empty.txt"]


def test_duplicates_and_stems_share_a_partition(tmp_path):
    folder = tmp_path / "corpus"
    folder.mkdir()
    for name in ("a.txt", "b.txt", "c.txt", "d.txt"):
        (folder / name).write_text(f"Title {name}\nText of {name}.\n")
    (folder / "e.txt").write_text("Title a.txt\nText of a.txt.\n")  # same bytes as a.txt
    (folder / "b.html").write_text("<html><body><p>b</p></body></html>")  # same stem as b.txt
    parts = scale.plan_partitions(folder, partition_size=1)
    where = {name: p.key for p in parts for name in p.files}
    assert where["a.txt"] == where["e.txt"]
    assert where["b.txt"] == where["b.html"]
    assert where["c.txt"] != where["d.txt"]
    assert sorted(where) == sorted(os.listdir(folder))


def test_a_page_that_crashes_the_loader_is_reported(tmp_path, monkeypatch):
    folder = tmp_path / "corpus"
    shutil.copytree(SEEDS_DIR, folder)
    (folder / "crash.txt").write_text("Crash here\nThis page makes the parser fail.\n")
    import helpers.corpus.read as corpus_module

    parse = corpus_module.parse_text_page

    def failing(text, labels):
        if "makes the parser fail" in text:
            raise ValueError("an unforeseen page")
        return parse(text, labels)

    monkeypatch.setattr(corpus_module, "parse_text_page", failing)
    partition = scale.Partition("k1", tuple(sorted(os.listdir(folder))))
    summary = scale.run_partition(
        str(folder), partition, str(tmp_path / "out"), {}, scale_tables.read_rules()
    )
    assert summary["documents"] == 5
    crash = [line for line in summary["skipped"] if line.startswith("crash.txt")]
    assert len(crash) == 1 and "ValueError: an unforeseen page" in crash[0]
    report = scale.read_part(tmp_path / "out", "k1", "report")
    assert report["file"].tolist() == sorted(report["file"])


# --------------------------------------------------------------------------- cluster


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _generated(tmp_path: Path, n: int) -> Path:
    sys.path.insert(0, str(Path(__file__).parents[1] / "benchmarks"))
    try:
        import generate
    finally:
        sys.path.pop(0)
    folder = tmp_path / "generated"
    generate.generate_corpus(folder, n, seed=7)
    return folder


@pytest.fixture
def cluster(tmp_path):
    """A scheduler and two workers, each its own process, on 127.0.0.1."""
    port = _free_port()
    address = f"tcp://127.0.0.1:{port}"
    logs = tmp_path / "logs"
    logs.mkdir()
    dask = str(Path(sys.executable).parent / "dask")
    commands = [[dask, "scheduler", "--host", "127.0.0.1", "--port", str(port),
                 "--dashboard-address", ":0"]]  # fmt: skip
    commands += [[dask, "worker", address, "--nthreads", "1", "--no-nanny", "--name", f"w{i}",
                  "--local-directory", str(tmp_path / f"w{i}")] for i in range(2)]  # fmt: skip
    procs = []
    for n, command in enumerate(commands):
        log = open(logs / f"{n}.log", "w")  # noqa: SIM115 (the process writes it to its end)
        procs.append(subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT))
        time.sleep(2 if n == 0 else 0)  # the scheduler listens before the workers call
    time.sleep(3)
    yield address, procs
    for proc in reversed(procs):
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
    for proc in procs:
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()


@pytest.mark.slow
def test_command_on_a_cluster_of_processes_survives_a_killed_worker(tmp_path, cluster):
    address, procs = cluster
    folder = _generated(tmp_path, 120)
    out = tmp_path / "out"
    command = [
        sys.executable, "-m", "helpers", "scale", str(folder), "--out", str(out),
        "--scheduler", address, "--partition-size", "10",
    ]  # fmt: skip
    run = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    parts = out / "parts"
    deadline = time.time() + 120
    while time.time() < deadline and not (parts.exists() and len(list(parts.glob("[!.]*"))) >= 2):
        time.sleep(0.2)
    assert run.poll() is None, "the run ended before a worker could be killed"
    procs[1].kill()  # a worker dies mid-run
    output, _ = run.communicate(timeout=600)
    assert run.returncode == 0, output
    assert "12 partitions" in output
    reference = tmp_path / "reference"
    result = scale.run_scale(
        folder, reference, partition_size=10, workers=1, processes=False, echo=lambda _: None
    )
    assert result.run == 12
    for name in scale.AGGREGATE_FILES:
        assert (out / "tables" / name).read_bytes() == (reference / "tables" / name).read_bytes()


@pytest.mark.slow
def test_generated_pages_give_the_in_memory_tables(tmp_path):
    """1,000 generated pages (``SCALE_CHECK_PAGES`` to change) in partitions of 100."""
    folder = _generated(tmp_path, int(os.environ.get("SCALE_CHECK_PAGES", "1000")))
    out = tmp_path / "out"
    scale.run_scale(
        folder, out, partition_size=100, workers=2, processes=False, echo=lambda _: None
    )
    for name, content in _in_memory(folder).items():
        assert (out / "tables" / name).read_bytes() == content, name
