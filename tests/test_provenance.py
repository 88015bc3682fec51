"""Where each page came from: the fetch log and canonical links, as the loader reads them."""

from __future__ import annotations

import os
import warnings

import pytest

from helpers.corpus import provenance
from helpers.corpus.load import CorpusWarning, load_corpus
from helpers.corpus.provenance import FETCH_LOG, LOG_COLUMNS, ProvenanceWarning, canonical_url

BODY = (
    "<main><h1>Talks on migrant smuggling {n}</h1><p>VIENNA, 2 May 2012 - Delegates met for "
    "talks number {n} on the smuggling of migrants and the trafficking of persons.</p></main>"
)


def html_page(n: int, head: str = "") -> str:
    return f"<!DOCTYPE html><html><head>{head}</head><body>{BODY.format(n=n)}</body></html>"


def log_row(url: str, file: str, when: str, status: str = "saved") -> dict[str, str]:
    return dict.fromkeys(LOG_COLUMNS, "") | {
        "url": url, "file": file, "final_url": url, "status": status, "retrieved_at": when,
    }  # fmt: skip


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        ('<link rel="canonical" href="https://example.org/a">', "https://example.org/a"),
        ("<LINK href='https://example.org/b?x=1&amp;y=2' REL='Canonical'>",
         "https://example.org/b?x=1&y=2"),
        ('<meta property="og:url" content="https://example.org/c" />', "https://example.org/c"),
        ('<meta property="og:url" content="https://example.org/og">'
         '<link rel="canonical" href="https://example.org/link">', "https://example.org/link"),
        ('<link rel="canonical" href="/relative/path">', ""),
        ('<link rel="stylesheet" href="https://example.org/style.css">', ""),
        ("", ""),
    ],
)  # fmt: skip
def test_canonical_url_of_a_page(head: str, expected: str) -> None:
    assert canonical_url(html_page(1, head)) == expected


def test_pages_get_their_source_from_the_log_else_their_canonical_link(tmp_path) -> None:
    (tmp_path / "fetched.html").write_text(
        html_page(1, '<link rel="canonical" href="https://example.org/canonical">')
    )
    (tmp_path / "by_hand.html").write_text(
        html_page(2, '<link rel="canonical" href="https://example.org/two">')
    )
    (tmp_path / "plain.html").write_text(html_page(3))
    (tmp_path / "notes.txt").write_text("Notes\nVIENNA, 3 May 2012 - A page saved as text, long.\n")
    provenance.write_log(
        tmp_path / FETCH_LOG,
        [
            log_row("https://example.org/one", "fetched.html", "2026-01-02T03:04:05Z"),
            log_row("https://example.org/pdf", "", "2026-01-02T03:04:06Z", "skipped"),
        ],
    )
    corpus = load_corpus(tmp_path)
    docs = corpus.documents.set_index("file")
    assert docs.loc["fetched.html", ["source_url", "retrieved"]].tolist() == [
        "https://example.org/one", "2026-01-02T03:04:05Z",
    ]  # fmt: skip
    assert docs.loc["by_hand.html", ["source_url", "retrieved"]].tolist() == [
        "https://example.org/two", "",
    ]  # fmt: skip
    for hand_saved in ("plain.html", "notes.txt"):
        assert docs.loc[hand_saved, ["source_url", "retrieved"]].tolist() == ["", ""]
    report = corpus.report.set_index("file")
    assert report.loc[FETCH_LOG, "status"] == "ignored"
    assert "fetch log" in report.loc[FETCH_LOG, "reason"]
    assert report.loc["fetched.html", "source_url"] == "https://example.org/one"


def test_an_unreadable_log_is_reported_and_the_pages_still_load(tmp_path) -> None:
    (tmp_path / "a.html").write_text(html_page(1))
    (tmp_path / FETCH_LOG).write_text("address,when\nhttps://example.org/a,today\n")
    with pytest.warns(ProvenanceWarning, match="fetch_log.csv: cannot be read .*lacks the column"):
        corpus = load_corpus(tmp_path)
    assert corpus.documents["source_url"].tolist() == [""]


@pytest.mark.parametrize("max_bytes", [5_000_000, 1_500])  # the log within the limit, and over
def test_the_cache_notices_a_changed_log(tmp_path, monkeypatch, max_bytes) -> None:
    monkeypatch.setenv("CORPUS_CACHE_DIR", os.fspath(tmp_path / "cache"))
    folder = tmp_path / "pages"
    folder.mkdir()
    (folder / "a.html").write_text(html_page(1))
    rows = [log_row(f"https://example.org/{n}", f"{n}.html", "2026-01-01T00:00:00Z")
            for n in range(30)]  # fmt: skip
    rows.append(log_row("https://example.org/a", "a.html", "2026-01-01T00:00:00Z"))
    provenance.write_log(folder / FETCH_LOG, rows)
    assert (folder / FETCH_LOG).stat().st_size > 1_500 > (folder / "a.html").stat().st_size
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", CorpusWarning)
        first = load_corpus(folder, cache=True, max_bytes=max_bytes)
        assert first.documents["retrieved"].tolist() == ["2026-01-01T00:00:00Z"]
        rows[-1]["retrieved_at"] = "2026-09-09T09:09:09Z"  # same size, new content
        provenance.write_log(folder / FETCH_LOG, rows)
        again = load_corpus(folder, cache=True, max_bytes=max_bytes)
    assert again.documents["retrieved"].tolist() == ["2026-09-09T09:09:09Z"]
    assert len(list((tmp_path / "cache").glob("corpus-*.pkl"))) == 2
