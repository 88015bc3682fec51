"""Loading a corpus folder: the seeds, and every kind of bad input."""

import hashlib
import os
import re
import shutil
import sys
import warnings
from pathlib import Path

import pandas as pd
import pytest

from helpers.base.paths import SEEDS_DIR
from helpers.corpus.load import CorpusError, CorpusWarning, export_corpus, load_corpus
from helpers.corpus.pages import parse_text_page

FIXTURES = Path(__file__).parent / "fixtures" / "pages"
NAV_ONLY = ["Liechtenstein", "Holy See", "Roma and Sinti", "Documentation Centre in Prague",
            "Skip to main content", "Court of Conciliation and Arbitration"]  # fmt: skip

GOOD_PAGE = (
    "Press release\nA title for a good page\n- Date:\n- 2 May 2012\n"
    "VIENNA, 2 May 2012 - This is the body of a good page, long enough to count.\n"
)


def snapshot(folder: Path) -> dict[str, tuple[str, int]]:
    return {
        p.name: (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns)
        for p in sorted(folder.iterdir())
        if p.is_file()
    }


@pytest.fixture(scope="module")
def seeds():
    return load_corpus(SEEDS_DIR)


def test_seeds_are_the_published_pages() -> None:
    """seeds/README.md records each page's SHA-256; the files must still match."""
    manifest = dict(
        re.findall(
            r"`([0-9a-f]{64})`\s*\|\s*`?([\w.]+\.txt)", (SEEDS_DIR / "README.md").read_text()
        )
    )
    assert len(manifest) == 5
    for digest, name in manifest.items():
        assert hashlib.sha256((SEEDS_DIR / name).read_bytes()).hexdigest() == digest, name


def test_seed_documents(seeds) -> None:
    docs = seeds.documents.sort_values("date")
    assert docs["date"].dt.strftime("%Y-%m-%d").tolist() == [
        "2003-04-08", "2008-05-15", "2013-06-10", "2015-12-09", "2017-07-18"]  # fmt: skip
    assert docs["place"].tolist() == ["Vienna", "Tashkent", "Kyiv", "Brussels", "Sarajevo"]
    assert docs["doc_type"].tolist() == ["press release"] * 4 + ["event"]
    assert docs["year"].tolist() == [2003, 2008, 2013, 2015, 2017]
    assert (docs["title"].str.len() > 20).all()
    assert set(seeds.report["status"]) <= {"loaded", "ignored"}


def test_no_navigation_in_text(seeds) -> None:
    for doc in seeds.documents.itertuples():
        for name in NAV_ONLY:
            assert name not in doc.text, (doc.doc_id, name)
    # names that occur in the articles' own sentences stay
    assert seeds.documents["text"].str.contains("Uzbekistan").any()
    assert seeds.documents["text"].str.contains("Vienna, Austria").any()


def test_repeated_body_kept_once(seeds) -> None:
    doc = seeds.documents.set_index("doc_id").loc["000_49290edcd9cc3f01"]
    assert doc["text"].count("Addressing the OSCE Permanent Council in Vienna") == 1
    assert doc["repeats_dropped"] == 10
    assert "10 repeated paragraph(s) dropped" in seeds.report.set_index("doc_id").loc[
        "000_49290edcd9cc3f01", "reason"]  # fmt: skip


def test_sentences_are_keyed_and_traceable(seeds) -> None:
    sents = seeds.sentences
    assert not sents.duplicated(["doc_id", "sent_id"]).any()
    assert (sents.loc[sents["part"] == "title", "sent_id"] == 0).all()
    # every body sentence can be found in its document's text
    texts = seeds.documents.set_index("doc_id")["text"]
    body = sents[sents["part"] == "body"]
    assert all(s.rstrip('"') in texts[d] for d, s in zip(body["doc_id"], body["text"], strict=True))
    counts = body.groupby("doc_id").size()
    assert (counts == seeds.documents.set_index("doc_id")["n_sentences"]).all()


def test_lines_table_is_every_page_s_lines_in_order(seeds) -> None:
    """Line numbers restart on each page; each line keeps its own text and role."""
    by_file = seeds.documents.set_index("doc_id")["file"]
    expected = []
    for doc_id, file in by_file.items():
        page = parse_text_page((SEEDS_DIR / file).read_text(encoding="utf-8"))
        expected.append(page.lines.assign(doc_id=doc_id))
    expected = pd.concat(expected, ignore_index=True)[["doc_id", "line_no", "text", "role"]]
    lines = seeds.lines.assign(role=seeds.lines["role"].astype(str))
    pd.testing.assert_frame_equal(lines, expected, check_dtype=False)
    assert list(seeds.lines["role"].cat.categories) == sorted(set(expected["role"]))


def test_lines_table_of_a_folder_with_no_page(tmp_path) -> None:
    (tmp_path / "empty.txt").write_text("")
    with pytest.warns(CorpusWarning, match="empty.txt"):
        lines = load_corpus(tmp_path).lines
    assert lines.empty and list(lines.columns) == ["doc_id", "line_no", "text", "role"]


def test_loading_never_writes_the_folder(tmp_path) -> None:
    for page in SEEDS_DIR.glob("*.txt"):
        shutil.copy2(page, tmp_path / page.name)
    (tmp_path / "empty.txt").write_bytes(b"")
    before = snapshot(tmp_path)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", CorpusWarning)
        load_corpus(tmp_path)
    assert snapshot(tmp_path) == before


SAME_TEXT = (
    "<html><body><main><h1>Another title</h1><p>VIENNA, 2 May 2012 - This is the body of a good "
    "page, long enough to count.</p></main></body></html>"
)
CASES = {  # case: (file, content, the reason it is skipped)
    "empty": ("empty.txt", "", "empty file"),
    "binary": ("image.html", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 20, "binary file"),
    "no body": ("menu_only.txt", "-\nMenu\n- One\n- Two\n- Three\n", "no article body"),
    "no date": (
        "undated.txt",
        "A title\nThis article has a body of running text but no date at all.\n",
        "no date found",
    ),
    "no year": (
        "no_year.txt",
        "A title\nA round table on safe migration was held in Osh on 3 March this year.\n",
        "no date found: only date-like words without a day, month and year ('on 3 March')",
    ),
    "duplicate": ("b_copy.txt", GOOD_PAGE, "duplicate: same bytes as a_good.txt"),
    "same text": ("b_same.html", SAME_TEXT, "duplicate: same article text as a_good.txt"),
    "unsupported": ("report.pdf", b"%PDF-1.4", "unsupported file type '.pdf'"),
    "oversized": ("huge.txt", GOOD_PAGE + "x" * 2_000, "over the 0.0 MB limit"),
}


@pytest.mark.parametrize("strict", [False, True])
@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_input_is_reported_by_name(tmp_path, case, strict) -> None:
    name, content, reason = CASES[case]
    if case in ("duplicate", "same text"):
        (tmp_path / "a_good.txt").write_text(GOOD_PAGE, encoding="utf-8")
    (tmp_path / name).write_bytes(content if isinstance(content, bytes) else content.encode())
    max_bytes = 1_000 if case == "oversized" else 5_000_000
    if strict:
        with pytest.raises(CorpusError, match=re.escape(name)):
            load_corpus(tmp_path, max_bytes=max_bytes, strict=True)
        return
    with pytest.warns(CorpusWarning, match=re.escape(name)):
        corpus = load_corpus(tmp_path, max_bytes=max_bytes)
    row = corpus.report.set_index("file").loc[name]
    assert row["status"] == "skipped"
    assert reason in row["reason"]
    assert name not in corpus.documents["file"].tolist()
    assert len(corpus.report) == len(list(tmp_path.iterdir()))  # every file has a row


def test_legacy_encoding_is_read_with_a_warning(tmp_path) -> None:
    page = GOOD_PAGE.replace("good page", "page from Chișinău and Zürich – café")
    (tmp_path / "legacy.txt").write_bytes(page.replace("ș", "s").replace("ă", "a").encode("cp1252"))
    with pytest.warns(CorpusWarning, match="legacy.txt.*Windows-1252"):
        corpus = load_corpus(tmp_path)
    assert corpus.report.loc[0, "status"] == "warning"
    assert "Zürich – café" in corpus.documents.loc[0, "text"]
    assert corpus.documents.loc[0, "encoding"] == "cp1252"


def test_readme_and_subfolders_are_listed_not_loaded(tmp_path) -> None:
    (tmp_path / "README.md").write_text("# About this corpus\n", encoding="utf-8")
    (tmp_path / "older").mkdir()
    (tmp_path / "page.txt").write_text(GOOD_PAGE, encoding="utf-8")
    corpus = load_corpus(tmp_path, strict=True)
    report = corpus.report.set_index("file")
    assert report.loc["README.md", "status"] == "ignored"
    assert report.loc["older", "status"] == "ignored"
    assert corpus.documents["doc_id"].tolist() == ["page"]


def test_same_stem_gets_a_distinct_doc_id(tmp_path) -> None:
    (tmp_path / "page.txt").write_text(GOOD_PAGE, encoding="utf-8")
    other = GOOD_PAGE.replace("good page", "different page")
    (tmp_path / "page.html").write_text(
        "<html><body><main><h1>A title</h1><p>"
        + other.splitlines()[-1]
        + "</p></main></body></html>",
        encoding="utf-8",
    )
    with pytest.warns(CorpusWarning, match="page.txt"):
        corpus = load_corpus(tmp_path)
    assert sorted(corpus.documents["doc_id"]) == ["page", "page_txt"]


TEXT_DATE_PAGE = (
    "Newsroom\nA course for judges\n"
    "A course for judges took place in Dushanbe from 22 to 26 October 2012, the OSCE said.\n"
)


def test_date_from_the_text_loads_with_a_warning_and_strict_refuses_it(tmp_path) -> None:
    (tmp_path / "course.txt").write_text(TEXT_DATE_PAGE, encoding="utf-8")
    (tmp_path / "good.txt").write_text(GOOD_PAGE, encoding="utf-8")
    with pytest.warns(CorpusWarning, match="course.txt: warning: date taken from the text"):
        corpus = load_corpus(tmp_path)
    report = corpus.report.set_index("file")
    assert report.loc["course.txt", "status"] == "warning"
    assert report.loc["course.txt", "reason"] == (
        "date taken from the text: 'from 22 to 26 October 2012'"
    )
    assert report["date_source"].tolist() == ["text", "metadata"]
    doc = corpus.documents.set_index("doc_id").loc["course"]
    assert (doc["title"], f"{doc['date']:%Y-%m-%d}") == ("A course for judges", "2012-10-22")
    with pytest.raises(CorpusError, match="course.txt: warning: date taken from the text"):
        load_corpus(tmp_path, strict=True)


def test_a_title_that_is_a_label_is_a_warning(tmp_path) -> None:
    html = (
        "<html><head><title>Newsroom | OSCE</title></head><body><main><p>VIENNA, 2 May 2012 - "
        "A page whose only heading is the name of the site's news section.</p></main></body></html>"
    )
    (tmp_path / "newsroom.html").write_text(html, encoding="utf-8")
    with pytest.warns(CorpusWarning, match="newsroom.html: warning: no title found"):
        corpus = load_corpus(tmp_path)
    assert corpus.documents.loc[0, "title"] == ""
    assert "'Newsroom', the HTML title, is a label" in corpus.report.loc[0, "reason"]


def test_missing_folder_raises(tmp_path) -> None:
    with pytest.raises(CorpusError, match="not found"):
        load_corpus(tmp_path / "nowhere")


def test_corpus_dir_setting(tmp_path, monkeypatch) -> None:
    (tmp_path / "page.txt").write_text(GOOD_PAGE, encoding="utf-8")
    monkeypatch.setenv("CORPUS_DIR", os.fspath(tmp_path))
    assert load_corpus().documents["doc_id"].tolist() == ["page"]


def test_export(seeds, tmp_path) -> None:
    written = export_corpus(seeds, tmp_path)
    assert [p.name for p in written] == ["documents.csv", "sentences.csv", "load_report.csv"]
    import pandas as pd

    docs = pd.read_csv(tmp_path / "documents.csv")
    for column in (
        "doc_id",
        "file",
        "date",
        "year",
        "place",
        "country",
        "doc_type",
        "title",
        "n_words",
        "text",
    ):
        assert column in docs.columns
    assert docs["date"].tolist()[0] == "2003-04-08"
    sents = pd.read_csv(tmp_path / "sentences.csv")
    assert {"doc_id", "sent_id", "text"} <= set(sents.columns)
    report = pd.read_csv(tmp_path / "load_report.csv")
    assert list(report.columns[:3]) == ["file", "status", "reason"]
    assert "date_source" in report.columns


def test_workers_and_cache_give_the_same_corpus(tmp_path, monkeypatch) -> None:
    """Parallel parsing and a warm cache give exactly the tables of a plain load."""
    import pandas as pd

    for page in SEEDS_DIR.glob("*.txt"):
        shutil.copy2(page, tmp_path / page.name)
    (tmp_path / "empty.txt").write_bytes(b"")
    monkeypatch.setenv("CORPUS_CACHE_DIR", os.fspath(tmp_path.parent / f"{tmp_path.name}-cache"))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", CorpusWarning)
        plain = load_corpus(tmp_path, workers=1, cache=False)
        parallel = load_corpus(tmp_path, workers=2, cache=False)
        cold = load_corpus(tmp_path, cache=True)
    with pytest.warns(CorpusWarning, match="empty.txt"):  # a warm load still names the file
        warm = load_corpus(tmp_path, cache=True)
    for other in (parallel, cold, warm):
        for name in ("documents", "paragraphs", "sentences", "lines", "report"):
            pd.testing.assert_frame_equal(getattr(plain, name), getattr(other, name))


@pytest.mark.parametrize("child", [True, False])
def test_cache_written_by_a_child_process_or_here(tmp_path, monkeypatch, child) -> None:
    """Where processes are forked a child writes the cache, so the loaded texts are not
    pickled here and keep their size; elsewhere it is written here. Both read back alike."""
    import pandas as pd

    from helpers.corpus import cache as corpus_cache

    if child and not corpus_cache.inherits_objects():
        pytest.skip("processes are not forked here")
    monkeypatch.setattr(corpus_cache, "inherits_objects", lambda: child)
    monkeypatch.setenv("CORPUS_CACHE_DIR", os.fspath(tmp_path / "cache"))
    folder = tmp_path / "pages"
    folder.mkdir()
    for page in SEEDS_DIR.glob("*.txt"):
        shutil.copy2(page, folder / page.name)
    cold = load_corpus(folder, cache=True)
    texts = list(cold.sentences["text"]) + list(cold.documents["text"])
    assert any(not text.isascii() for text in texts)
    sizes = [sys.getsizeof(text) for text in texts]
    assert len(list((tmp_path / "cache").glob("corpus-*.pkl"))) == 1
    warm = load_corpus(folder, cache=True)
    for name in ("documents", "paragraphs", "sentences", "lines", "report"):
        pd.testing.assert_frame_equal(getattr(cold, name), getattr(warm, name))
    if child:
        assert [sys.getsizeof(text) for text in texts] == sizes


def test_cache_notices_changed_added_and_removed_files(tmp_path, monkeypatch) -> None:
    cache = tmp_path / "cache"
    folder = tmp_path / "pages"
    folder.mkdir()
    monkeypatch.setenv("CORPUS_CACHE_DIR", os.fspath(cache))
    (folder / "a.txt").write_text(GOOD_PAGE, encoding="utf-8")
    first = load_corpus(folder, cache=True).documents
    assert len(list(cache.glob("corpus-*.pkl"))) == 1
    (folder / "a.txt").write_text(GOOD_PAGE.replace("good page", "changed page"), "utf-8")
    assert "changed page" in load_corpus(folder, cache=True).documents.loc[0, "text"]
    (folder / "b.txt").write_text(GOOD_PAGE.replace("good page", "second page"), "utf-8")
    assert len(load_corpus(folder, cache=True).documents) == 2
    (folder / "b.txt").unlink()
    assert len(load_corpus(folder, cache=True).documents) == len(first) == 1
    assert not list(folder.glob("*.pkl"))  # the cache never lives in the corpus folder


def test_the_cache_key_covers_every_module_that_reads_pages() -> None:
    """A change to any module the loader parses pages with must give a new cache file."""
    import subprocess

    from helpers.corpus.cache import PARSING_PACKAGES

    code = "import sys, helpers.corpus.load; print(*(m for m in sys.modules if 'helpers.' in m))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    loaded = [name.split(".") for name in out.stdout.split()]
    assert ["helpers", "corpus", "pages"] in loaded
    assert {parts[1] for parts in loaded if len(parts) > 2} <= set(PARSING_PACKAGES)


def test_cache_in_strict_mode_still_raises(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("CORPUS_CACHE_DIR", os.fspath(tmp_path / "cache"))
    folder = tmp_path / "pages"
    folder.mkdir()
    (folder / "a.txt").write_text(GOOD_PAGE, encoding="utf-8")
    (folder / "empty.txt").write_bytes(b"")
    with pytest.warns(CorpusWarning):
        load_corpus(folder, cache=True)
    with pytest.raises(CorpusError, match="empty.txt"):
        load_corpus(folder, cache=True, strict=True)
