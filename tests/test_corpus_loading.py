"""Tests for load_with_report: the corpus and the loader's warnings as lines."""

from __future__ import annotations

import warnings

from helpers.base.paths import SEEDS_DIR
from helpers.corpus.load import load_with_report


def test_warnings_come_back_as_lines_and_nothing_is_shown(tmp_path) -> None:
    seed = sorted(SEEDS_DIR.glob("*.txt"))[0]
    (tmp_path / seed.name).write_bytes(seed.read_bytes())
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "notes.pdf").write_bytes(b"%PDF-1.4")
    with warnings.catch_warnings(record=True) as shown:
        warnings.simplefilter("always")
        corpus, lines = load_with_report(tmp_path, cache=False)
    assert len(corpus.documents) == 1
    assert lines == [
        "CorpusWarning: empty.txt: skipped: empty file",
        "CorpusWarning: notes.pdf: skipped: unsupported file type '.pdf': "
        "the corpus reads .txt, .html, .htm",
    ]
    assert not [w for w in shown if "skipped" in str(w.message)]  # kept, not shown


def test_a_clean_folder_gives_no_line(tmp_path) -> None:
    seed = sorted(SEEDS_DIR.glob("*.txt"))[0]
    (tmp_path / seed.name).write_bytes(seed.read_bytes())
    corpus, lines = load_with_report(tmp_path, cache=False)
    assert lines == []
    assert corpus.report["file"].tolist() == [seed.name]
