"""The corpus command: print, export, exit codes."""

import subprocess
import sys
import warnings
from pathlib import Path

import pandas as pd
import pytest

from helpers.base.paths import REPO_ROOT, SEEDS_DIR
from helpers.cli import main, print_corpus
from helpers.corpus.load import CorpusWarning, load_corpus
from helpers.reading.units import UNIT_COLUMNS

GOOD_PAGE = "A title\nVIENNA, 2 May 2012 - This is the body of a good page, long enough to count.\n"


def test_prints_documents_and_report(capsys) -> None:
    assert main(["corpus"]) == 0
    out = capsys.readouterr().out
    assert "Documents (5):" in out
    assert "2017-07-18 Sarajevo" in out
    assert "Load report (6 files):" in out
    assert "5 loaded, 0 warning, 0 skipped, 1 ignored" in out
    assert str(REPO_ROOT) not in out


def test_a_loaded_corpus_prints_as_the_command_does(tmp_path, capsys) -> None:
    """Notebook 01 prints the listing from the corpus it holds instead of loading it again."""
    (tmp_path / "a.txt").write_text(GOOD_PAGE)
    (tmp_path / "b.txt").write_text("")
    for folder in (SEEDS_DIR, tmp_path):
        main(["corpus", str(folder)])
        from_command = capsys.readouterr().out
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", CorpusWarning)  # b.txt: the listing names it
            corpus = load_corpus(folder)
        print_corpus(corpus, folder)
        assert capsys.readouterr().out == from_command


def test_export_writes_three_csv(tmp_path, capsys) -> None:
    assert main(["corpus", str(SEEDS_DIR), "--export", str(tmp_path)]) == 0
    docs = pd.read_csv(tmp_path / "documents.csv")
    assert sorted(docs["date"]) == ["2003-04-08", "2008-05-15", "2013-06-10", "2015-12-09",
                                    "2017-07-18"]  # fmt: skip
    assert (tmp_path / "sentences.csv").exists() and (tmp_path / "load_report.csv").exists()


def test_export_writes_the_annotation_table_as_the_build_does(tmp_path, capsys) -> None:
    assert main(["corpus", str(SEEDS_DIR), "--export", str(tmp_path)]) == 0
    assert "units.csv" in capsys.readouterr().out
    written = (tmp_path / "units.csv").read_bytes()
    header = written.decode("utf-8").splitlines()[0]
    assert header == ",".join(UNIT_COLUMNS)
    # the same reading as the one the build writes for the seeds (notebook 02)
    assert written == (REPO_ROOT / "figures" / "00_units.csv").read_bytes()


def test_skipped_files_exit_zero_but_strict_fails(tmp_path, capsys) -> None:
    (tmp_path / "good.txt").write_text(GOOD_PAGE, encoding="utf-8")
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    assert main(["corpus", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "empty.txt" in out and "empty file" in out
    assert main(["corpus", str(tmp_path), "--strict"]) != 0
    assert "empty.txt" in capsys.readouterr().err


def test_nothing_loaded_fails(tmp_path, capsys) -> None:
    (tmp_path / "notes.pdf").write_bytes(b"%PDF")
    assert main(["corpus", str(tmp_path)]) == 1
    assert "no document could be loaded" in capsys.readouterr().err


def test_max_mb_option(tmp_path, capsys) -> None:
    (tmp_path / "good.txt").write_text(GOOD_PAGE, encoding="utf-8")
    assert main(["corpus", str(tmp_path), "--max-mb", "0.00001"]) == 1
    assert "over the" in capsys.readouterr().out


def test_module_entry_point(tmp_path) -> None:
    (tmp_path / "good.txt").write_text(GOOD_PAGE, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "helpers", "corpus", str(tmp_path)],
        capture_output=True, text=True, check=False, cwd=Path(tmp_path),
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "1 loaded" in result.stdout


def test_a_large_folder_is_listed_in_part_and_its_problems_in_full(tmp_path, capsys) -> None:
    from helpers.cli import SHOW_ROWS

    for number in range(SHOW_ROWS + 5):
        page = GOOD_PAGE.replace("good page", f"good page number {number}")
        (tmp_path / f"page_{number:03d}.txt").write_text(page, encoding="utf-8")
    (tmp_path / "zz_empty.txt").write_text("", encoding="utf-8")
    assert main(["corpus", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert f"Documents ({SHOW_ROWS + 5}):" in out and "... and 5 more" in out
    assert "page_000" in out and f"page_{SHOW_ROWS + 4:03d}" not in out
    assert f"Load report ({SHOW_ROWS + 6} files):" in out
    assert "zz_empty.txt" in out and "empty file" in out  # a problem is always listed
    assert f"... and {SHOW_ROWS + 5} files loaded without remark" in out
    assert f"{SHOW_ROWS + 5} loaded, 0 warning, 1 skipped" in out


def test_a_file_where_a_folder_is_expected_is_named_as_a_file(tmp_path, capsys) -> None:
    page = tmp_path / "page.txt"
    page.write_text("A page\n", encoding="utf-8")
    assert main(["corpus", str(page)]) == 2
    err = capsys.readouterr().err
    assert f"{page} is a file, not a folder" in err and "not found" not in err
    assert main(["corpus", str(tmp_path / "missing")]) == 2
    assert "does not exist" in capsys.readouterr().err
    assert main(["build", "--corpus-dir", str(page)]) == 2
    assert "is a file, not a folder" in capsys.readouterr().err


def test_help_is_plain_text_and_lists_the_exit_codes(capsys) -> None:
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    assert "``" not in out and "Exit codes: 0" in out
    for code in ("1 nothing", "2 wrong input", "3 this", "130 stopped"):
        assert code in " ".join(out.split()), code


def test_every_exit_code_is_documented_in_one_place_in_the_readme() -> None:
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Exit codes", 1)[1].split("\n## ", 1)[0]
    for code in ("`0`", "`1`", "`2`", "`3`", "`130`"):
        assert f"| {code} |" in section, code
