"""The fetch command, against local web sites on 127.0.0.1 that the tests start and stop.

Site A holds pages, a robots.txt that disallows /private/, a slow page, a page
that fails twice, a 429 with Retry-After, a PDF, a page over the size limit, a
redirect to site C and a sitemap index. Site B asks for a Crawl-delay. Site C
is another host: nothing may ever be requested from it. Every site logs the
requests it gets, so the tests check politeness on the server's side.
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import os
import re
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pandas as pd
import pytest

from helpers.base.paths import REPO_ROOT, SEEDS_DIR
from helpers.cli import main
from helpers.corpus import provenance
from helpers.corpus.load import load_corpus
from helpers.web.fetch import (
    LOCK_FILE,
    FetchError,
    FolderLock,
    check_target,
    fetch_urls,
    file_name_for,
)
from helpers.web.polite import Fetcher, FetchOptions, user_agent
from helpers.web.sitemaps import SourceError, normalise_url, parse_url_list, read_source

DELAY = 0.1  # seconds between requests to one host, in the tests
SLACK = 0.02  # the server's clock and the client's are the same clock; allow rounding
FAST = ["--delay", str(DELAY), "--backoff", "0.05", "--timeout", "0.3", "--max-wait", "5"]
FAST += ["--max-mb", "0.02", "--contact", "tester@example.org"]


def page(n: int, extra: str = "") -> bytes:
    """An HTML page in the shape of a press release, its text unique to ``n``."""
    return (
        f"<!DOCTYPE html><html><head><title>Page {n}</title>{extra}</head><body>"
        f"<nav><a href='/'>Home</a></nav><main><h1>Meeting number {n} on trafficking</h1>"
        f"<p>VIENNA, {n % 27 + 1} May 2012 - Delegates met for the meeting number {n} to "
        f"discuss the trafficking of human beings and the smuggling of migrants.</p>"
        "</main></body></html>"
    ).encode()


Response = tuple[int, dict[str, str], bytes] | tuple[int, dict[str, str], bytes, float]
Route = Callable[[int], Response]  # the number of the request to this path, from 1 -> response


def chunked(size: int) -> bytes:
    """An HTML body of ``size`` bytes in HTTP chunks, sent without a Content-Length."""
    body = b"<html><body>" + b"x" * size + b"</body></html>"
    parts = [body[i : i + 4096] for i in range(0, len(body), 4096)]
    return b"".join(b"%x\r\n%s\r\n" % (len(part), part) for part in parts) + b"0\r\n\r\n"


def html(body: bytes) -> Route:
    return lambda n: (200, {"Content-Type": "text/html; charset=utf-8"}, body)


class Site:
    """A web site on 127.0.0.1 (port 0: any free one) that logs every request."""

    def __init__(self, routes: dict[str, Route]) -> None:
        self.routes = routes
        self.log: list[tuple[float, str, str]] = []  # (arrival, path, User-Agent)
        self.lock = threading.Lock()
        self.in_flight = self.max_in_flight = 0
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 (the name http.server calls)
                with site.lock:
                    site.log.append((time.monotonic(), self.path, self.headers["User-Agent"]))
                    n = sum(path == self.path for _, path, _ in site.log)
                    site.in_flight += 1
                    site.max_in_flight = max(site.max_in_flight, site.in_flight)
                try:
                    route = site.routes.get(self.path, lambda n: (404, {}, b"not found"))
                    code, headers, body, *pause = route(n)
                    if pause:
                        time.sleep(pause[0])
                    self.send_response(code)
                    for name, value in headers.items():
                        self.send_header(name, value)
                    if "Transfer-Encoding" not in headers:  # else streamed: no size given
                        self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (a timeout): fine
                finally:
                    with site.lock:
                        site.in_flight -= 1

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True)
        self.thread.start()

    def url(self, path: str) -> str:
        return self.base + path

    def paths(self) -> list[str]:
        with self.lock:
            return [path for _, path, _ in self.log]

    def arrivals(self, pattern: str = "") -> list[float]:
        with self.lock:
            return [when for when, path, _ in self.log if re.search(pattern, path)]

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def gaps(times: list[float]) -> list[float]:
    return [b - a for a, b in zip(times, times[1:], strict=False)]


def read_log(folder: Path) -> pd.DataFrame:
    return pd.read_csv(folder / provenance.FETCH_LOG, dtype=str, keep_default_na=False)


@pytest.fixture(scope="module")
def sites():
    c = Site({"/robots.txt": html(b""), "/landing": html(page(90))})

    def flaky(n: int) -> Response:
        return (500, {}, b"try again") if n <= 2 else (200, {"Content-Type": "text/html"}, page(3))

    def slow(n: int) -> Response:  # the first answer comes after the client's 0.3 s timeout
        return (200, {"Content-Type": "text/html"}, page(4), 0.35 if n == 1 else 0.0)

    def limited(n: int) -> Response:
        if n == 1:
            return 429, {"Retry-After": "1"}, b"slow down"
        return 200, {"Content-Type": "text/html"}, page(5)

    a = Site(
        {
            "/robots.txt": html(b"User-agent: *\nDisallow: /private/\n"),
            "/news/1": html(page(1)),
            "/news/2": html(page(2, '<link rel="canonical" href="https://example.org/n2">')),
            "/cyrillic": lambda n: (
                200,
                {"Content-Type": 'text/html; Charset="Windows-1251"'},
                page(9).replace(b"Delegates", "Делегаты".encode("cp1251")),
            ),
            "/private/secret": html(page(6)),
            "/flaky": flaky,
            "/slow": slow,
            "/limited": limited,
            "/busy": lambda n: (429, {"Retry-After": "3600"}, b"come back in an hour"),
            "/report.pdf": lambda n: (200, {"Content-Type": "application/pdf"}, b"%PDF-1.4 x"),
            "/unlabelled": lambda n: (200, {"Content-Type": "application/octet-stream"}, page(7)),
            "/scan": lambda n: (200, {}, b"%PDF-1.4 a scan with no Content-Type"),
            "/big": html(b"<html><body>" + b"x" * 30_000 + b"</body></html>"),
            "/big-unsized": lambda n: (
                200,
                {"Content-Type": "text/html", "Transfer-Encoding": "chunked"},
                chunked(30_000),
            ),
            "/moved": lambda n: (302, {"Location": c.url("/landing")}, b""),
            "/renamed": lambda n: (301, {"Location": "/news/1"}, b""),
        }
    )
    b = Site(
        {
            "/robots.txt": html(b"User-agent: *\nCrawl-delay: 1\n"),
            "/b/1": html(page(11)),
            "/b/2": html(page(12)),
        }
    )
    yield a, b, c
    for site in (a, b, c):
        site.stop()


@pytest.fixture(scope="module")
def run(sites, tmp_path_factory):
    """One fetch of a list of URLs on sites A and B into a new folder, and its output."""
    a, b, c = sites
    folder = tmp_path_factory.mktemp("fetched")
    urls = tmp_path_factory.mktemp("source") / "urls.txt"
    paths = ["/news/1", "/news/2", "/cyrillic", "/private/secret", "/flaky", "/slow", "/limited",
             "/busy", "/report.pdf", "/unlabelled", "/scan", "/big", "/big-unsized", "/moved",
             "/renamed"]  # fmt: skip
    lines = ["# pages of site A", *(a.url(p) for p in paths), "", b.url("/b/1"), b.url("/b/2")]
    urls.write_text("\n".join([*lines, "not a url"]) + "\n", encoding="utf-8")
    started = time.monotonic()
    import contextlib
    import io

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["fetch", str(urls), "--into", str(folder), *FAST])
    return {
        "code": code, "out": out.getvalue(), "err": err.getvalue(), "folder": folder,
        "urls": urls, "seconds": time.monotonic() - started, "a": a, "b": b, "c": c,
    }  # fmt: skip


def test_saves_html_pages_under_stable_names(run) -> None:
    a, b, folder = run["a"], run["b"], run["folder"]
    saved = [
        "/news/1",
        "/news/2",
        "/cyrillic",
        "/flaky",
        "/slow",
        "/limited",
        "/renamed",
        "/unlabelled",
    ]
    expected = {file_name_for(a.url(p)) for p in saved}
    expected |= {file_name_for(b.url("/b/1")), file_name_for(b.url("/b/2"))}
    assert {p.name for p in folder.iterdir()} == expected | {provenance.FETCH_LOG}
    assert (folder / file_name_for(a.url("/news/1"))).read_bytes() == page(1)
    assert run["code"] == 1  # /busy failed: worth running again later
    assert "line 20: not an http(s) URL: 'not a url'" in run["out"]


def test_nothing_disallowed_or_off_host_was_requested(run) -> None:
    assert "/private/secret" not in run["a"].paths()
    assert run["c"].paths() == []  # /moved redirects there: skipped before any request


def test_delay_between_requests_to_one_host(run) -> None:
    a, b = run["a"], run["b"]
    assert len(a.arrivals()) >= 10
    assert min(gaps(a.arrivals())) >= DELAY - SLACK
    assert min(gaps(b.arrivals(r"^/b/"))) >= 1.0 - SLACK  # its Crawl-delay: 1 beats --delay
    assert a.max_in_flight == 1 and b.max_in_flight == 1


def test_user_agent_names_the_project_and_the_contact(run) -> None:
    agents = {agent for site in (run["a"], run["b"]) for _, _, agent in site.log}
    assert len(agents) == 1
    assert re.fullmatch(r"migration-crime-framing/\S+ \(.*contact: tester@example\.org\)", *agents)


def test_transient_errors_are_retried_and_retry_after_obeyed(run) -> None:
    a, log = run["a"], read_log(run["folder"]).set_index("url")
    assert Counter(a.paths())["/flaky"] == 3  # two 500s, then the page
    assert Counter(a.paths())["/slow"] == 2  # a timeout, then the page
    assert gaps(a.arrivals("^/limited$")) >= [1.0 - SLACK]  # Retry-After: 1
    assert Counter(a.paths())["/busy"] == 1  # asked to wait an hour: more than --max-wait
    busy = log.loc[a.url("/busy")]
    assert busy["status"] == "failed" and "Retry-After" in busy["reason"]
    assert f"failed: {a.url('/busy')}" in run["out"]


def test_skips_are_logged_with_their_reason(run) -> None:
    a, log = run["a"], read_log(run["folder"]).set_index("url")
    reasons = {
        "/private/secret": "disallowed by robots.txt",
        "/report.pdf": "not HTML (Content-Type: application/pdf)",
        "/scan": "not HTML (Content-Type: none, and it does not start like a page)",
        "/big": "over the 0.02 MB limit",
        "/big-unsized": "over the 0.02 MB limit",  # no Content-Length: stopped while reading
        "/moved": f"redirects off the allowed hosts, to {run['c'].url('/landing')}",
    }
    for path, reason in reasons.items():
        row = log.loc[a.url(path)]
        assert row["status"] == "skipped" and reason in row["reason"], (path, row["reason"])
        assert row["file"] == "" and f"skipped: {a.url(path)}" in run["out"]


def test_fetch_log_has_one_row_per_url_with_provenance(run) -> None:
    a, folder = run["a"], run["folder"]
    log = read_log(folder)
    assert list(log.columns) == provenance.LOG_COLUMNS
    assert log["url"].is_unique and len(log) == 17
    saved = log[log["status"] == "saved"]
    assert len(saved) == 10
    for row in saved.itertuples():
        data = (folder / row.file).read_bytes()
        assert row.sha256 == hashlib.sha256(data).hexdigest() and int(row.bytes) == len(data)
        assert row.http_code == "200"
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", row.retrieved_at)
    renamed = log.set_index("url").loc[a.url("/renamed")]
    assert renamed["final_url"] == a.url("/news/1")


def test_fetch_log_keeps_the_http_content_type_and_charset(run, tmp_path) -> None:
    a, log = run["a"], read_log(run["folder"]).set_index("url")
    expected = {
        "/cyrillic": ("text/html", "windows-1251"),
        "/news/1": ("text/html", "utf-8"),
        "/flaky": ("text/html", ""),
        "/unlabelled": ("application/octet-stream", ""),
        "/report.pdf": ("application/pdf", ""),
        "/scan": ("", ""),
    }
    for path, (content_type, charset) in expected.items():
        assert tuple(log.loc[a.url(path), ["content_type", "charset"]]) == (content_type, charset)
    saved = run["folder"] / log.loc[a.url("/cyrillic"), "file"]
    assert "Делегаты".encode("cp1251") in saved.read_bytes()  # the bytes as sent, not re-encoded


def test_a_log_written_before_the_charset_columns_is_read_and_brought_up_to_date(tmp_path):
    old_columns = provenance.LOG_COLUMNS[: -len(provenance.ADDED_COLUMNS)]
    log = tmp_path / provenance.FETCH_LOG
    row = {"url": "https://example.org/a", "file": "a.html", "status": "saved"}
    log.write_text(",".join(old_columns) + "\n" + ",".join(row.get(c, "") for c in old_columns))
    (tmp_path / "a.html").write_bytes(page(1))
    assert provenance.read_log(log)[0] == dict.fromkeys(provenance.LOG_COLUMNS, "") | row
    assert provenance.read_origins(tmp_path) == {"a.html": ("https://example.org/a", "")}
    new = dict.fromkeys(provenance.LOG_COLUMNS, "") | {"url": "https://example.org/b"}
    provenance.compact_log(log)  # as a fetch does first: the header gains the new columns
    provenance.append_log_row(log, new | {"charset": "iso-8859-2"})
    assert [r["charset"] for r in provenance.read_log(log)] == ["", "iso-8859-2"]
    assert log.read_text().splitlines()[0] == ",".join(provenance.LOG_COLUMNS)


def test_the_loader_reads_the_fetched_pages_with_their_source(run, tmp_path) -> None:
    folder, a = run["folder"], run["a"]
    assert main(["corpus", str(folder), "--export", str(tmp_path)]) == 0
    docs = pd.read_csv(tmp_path / "documents.csv", dtype=str, keep_default_na=False)
    log = read_log(folder)
    assert len(docs) == 9  # /renamed is /news/1 again: a duplicate, skipped
    by_file = log.set_index("file")
    for row in docs.itertuples():
        assert row.source_url == by_file.loc[row.file, "final_url"] != ""
        assert row.retrieved == by_file.loc[row.file, "retrieved_at"]
    news2 = docs.set_index("file").loc[file_name_for(a.url("/news/2"))]
    assert news2["source_url"] == a.url("/news/2")  # the log wins over the canonical link
    report = pd.read_csv(tmp_path / "load_report.csv", dtype=str, keep_default_na=False)
    row = report.set_index("file").loc[provenance.FETCH_LOG]
    assert row["status"] == "ignored" and "fetch log" in row["reason"]
    duplicate = report.set_index("file").loc[file_name_for(a.url("/renamed"))]
    assert duplicate["status"] == "skipped" and duplicate["source_url"] == a.url("/news/1")


def test_rerun_skips_what_is_done_and_retries_what_failed(run, capsys) -> None:
    a, b = run["a"], run["b"]
    before_a, before_b = Counter(a.paths()), len(b.paths())
    assert main(["fetch", str(run["urls"]), "--into", str(run["folder"]), *FAST]) == 1
    out = capsys.readouterr().out
    assert "0 saved, 0 skipped, 1 failed, 16 already done" in out
    assert Counter(a.paths()) - before_a == Counter({"/robots.txt": 1, "/busy": 1})
    assert len(b.paths()) == before_b
    assert read_log(run["folder"])["url"].is_unique


def test_refresh_fetches_saved_pages_again(sites, tmp_path, capsys) -> None:
    a = sites[0]
    (tmp_path / "urls.txt").write_text(a.url("/news/1") + "\n")
    args = ["fetch", str(tmp_path / "urls.txt"), "--into", str(tmp_path / "out"), *FAST]
    before = Counter(a.paths())["/news/1"]
    assert main(args) == 0 and main(args) == 0
    assert Counter(a.paths())["/news/1"] == before + 1
    assert main([*args, "--refresh"]) == 0
    assert Counter(a.paths())["/news/1"] == before + 2
    assert len(read_log(tmp_path / "out")) == 1


def test_a_page_gone_on_refresh_keeps_its_saved_copy(sites, tmp_path) -> None:
    a = sites[0]
    a.routes["/withdrawn"] = lambda n: (
        (200, {"Content-Type": "text/html"}, page(8)) if n == 1 else (410, {}, b"")
    )
    (tmp_path / "urls.txt").write_text(a.url("/withdrawn") + "\n")
    args = ["fetch", str(tmp_path / "urls.txt"), "--into", str(tmp_path / "out"), *FAST]
    assert main(args) == 0
    first = read_log(tmp_path / "out").iloc[0]
    assert main([*args, "--refresh"]) == 0
    again = read_log(tmp_path / "out")
    assert len(again) == 1 and again.loc[0, "status"] == "saved"
    assert again.loc[0, "retrieved_at"] == first["retrieved_at"]
    assert (
        "HTTP 410" in again.loc[0, "reason"]
        and "copy saved before is kept" in again.loc[0, "reason"]
    )
    assert (tmp_path / "out" / first["file"]).read_bytes() == page(8)


def test_a_killed_run_resumes_without_duplicates(tmp_path) -> None:
    site = Site({"/robots.txt": html(b"")} | {f"/k/{n}": html(page(20 + n)) for n in range(8)})
    try:
        urls = [site.url(f"/k/{n}") for n in range(8)]
        (tmp_path / "urls.txt").write_text("\n".join(urls) + "\n")
        args = ["fetch", str(tmp_path / "urls.txt"), "--into", str(tmp_path / "out")]
        args += ["--delay", "0.1"]
        child = subprocess.Popen(
            [sys.executable, "-m", "helpers", *args], cwd=REPO_ROOT,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        log = tmp_path / "out" / provenance.FETCH_LOG
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and len(provenance.read_log(log)) < 3:
            time.sleep(0.02)
        child.kill()
        child.wait()
        logged = {row["url"] for row in provenance.read_log(log)}
        assert 3 <= len(logged) < len(urls)  # killed part way
        assert main(args) == 0
        rows = provenance.read_log(log)
        assert sorted(row["url"] for row in rows) == sorted(urls)  # one row per URL
        names = sorted(p.name for p in (tmp_path / "out").iterdir())
        assert names == sorted([provenance.FETCH_LOG, *map(file_name_for, urls)])  # no .part
        counts = Counter(site.paths())
        assert all(counts[url.removeprefix(site.base)] == 1 for url in logged)
        assert len(load_corpus(tmp_path / "out").documents) == len(urls)
        assert not (tmp_path / "out" / LOCK_FILE).exists()  # the killed run's lock: taken over
    finally:
        site.stop()


def test_sitemap_index_with_match_and_dates(sites, tmp_path) -> None:
    a = sites[0]
    child_2008 = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        f"<url><loc>{a.url('/news/1')}</loc><lastmod>2008-05-15</lastmod></url>"
        f"<url><loc>{a.url('/events/1')}</loc><lastmod>2008-06-01T10:00:00+02:00</lastmod></url>"
        f"<url><loc>{a.url('/news/old')}</loc><lastmod>2001-01-01</lastmod></url>"
        "</urlset>"
    )
    child_2015 = child_2008.replace("2008", "2015").replace("/news/old", "/news/undated")
    child_2015 = child_2015.replace("<lastmod>2001-01-01</lastmod>", "")
    index = (
        '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        f"<sitemap><loc>{a.url('/sitemap-2008.xml')}</loc></sitemap>"
        f"<sitemap><loc>{a.url('/sitemap-2015.xml.gz')}</loc></sitemap>"
        f"<sitemap><loc>{a.url('/sitemap-missing.xml')}</loc></sitemap>"
        "</sitemapindex>"
    )
    a.routes["/sitemap.xml"] = html(index.encode())
    a.routes["/sitemap-2008.xml"] = html(child_2008.encode())
    a.routes["/sitemap-2015.xml.gz"] = lambda n: (200, {}, gzip.compress(child_2015.encode()))
    fetcher = Fetcher(FetchOptions(delay=0.05, backoff=0.01, retries=0))
    get = fetcher.get_bytes
    urls, notes = read_source(a.url("/sitemap.xml"), get, match=r"/news/")
    assert urls == [a.url("/news/1"), a.url("/news/old"), a.url("/news/undated")]
    assert any("sitemap-missing.xml" in note and "HTTP 404" in note for note in notes)
    import datetime as dt

    since, until = dt.date(2003, 1, 1), dt.date(2010, 12, 31)
    urls, notes = read_source(a.url("/sitemap.xml"), get, since=since, until=until)
    assert urls == [a.url("/news/1"), a.url("/events/1"), a.url("/news/undated")]
    assert "1 sitemap entry without a date kept" in notes
    out = tmp_path / "out"
    args = ["fetch", a.url("/sitemap.xml"), "--into", str(out), "--match", r"/news/\d$", *FAST]
    assert main(args) == 0  # the command, on the sitemap's URL
    assert [p.name for p in out.glob("*.html")] == [file_name_for(a.url("/news/1"))]
    saved = tmp_path / "sitemap.xml"  # a saved sitemap is read from disk, not fetched
    saved.write_text(child_2008, encoding="utf-8")
    assert read_source(str(saved), get, since=since)[0] == [a.url("/news/1"), a.url("/events/1")]


@pytest.mark.parametrize(
    ("given", "fetched"),
    [
        ("http://Example.ORG:80/ok/../private/x#top", "http://example.org/private/x"),
        ("https://example.org:443/a/./b/%2e%2E/c?q=%7e%2f", "https://example.org/a/c?q=~%2F"),
        ("https://example.org:8443", "https://example.org:8443/"),
        ("https://example.org/a b/\u00e9", "https://example.org/a%20b/%C3%A9"),
        ("http://example.org/a/b/..", "http://example.org/a/"),
        ("http://example.org:99999/", None),
        ("mailto:x@example.org", None),
    ],
)
def test_urls_are_normalised_as_a_server_reads_them(given: str, fetched: str | None) -> None:
    assert normalise_url(given) == fetched


def test_dot_segments_and_escapes_do_not_slip_past_robots_txt(sites, tmp_path) -> None:
    a = sites[0]
    tricks = ["/ok/../private/secret", "/news/./../private/secret", "/ok/%2E%2E/private/secret",
              "/%70rivate/secret", "/private/x/../secret"]  # fmt: skip
    fetcher = Fetcher(FetchOptions(delay=DELAY, retries=0))
    for trick in tricks:
        outcome = fetcher.fetch(a.url(trick))
        assert (outcome.status, outcome.reason) == ("skipped", "disallowed by robots.txt"), trick
    (tmp_path / "urls.txt").write_text(a.url(tricks[0]) + "\n")
    assert main(["fetch", str(tmp_path / "urls.txt"), "--into", str(tmp_path / "out"), *FAST]) == 0
    row = read_log(tmp_path / "out").iloc[0]
    assert row["url"] == a.url("/private/secret") and row["reason"] == "disallowed by robots.txt"
    assert not any("private" in path for path in a.paths())


def test_url_lists_and_their_problems(tmp_path) -> None:
    text = "# a comment\n\nhttps://example.org/a#top\nhttps://example.org/b  # note\nftp://x/\n"
    text += "https://example.org/a\n"
    urls, problems = parse_url_list(text)
    assert urls == ["https://example.org/a", "https://example.org/b"]
    assert problems == ["line 5: not an http(s) URL: 'ftp://x/'"]
    (tmp_path / "urls.txt").write_text(text)
    with pytest.raises(SourceError, match="a list of URLs has none"):
        read_source(str(tmp_path / "urls.txt"), bytes, since=pd.Timestamp("2003-01-01").date())
    with pytest.raises(SourceError, match="missing.txt: cannot be read"):
        read_source(str(tmp_path / "missing.txt"), bytes)


def test_file_names_are_stable_readable_and_distinct() -> None:
    url = "https://www.osce.org/secretariat/press-releases/2008/05/Trafficking%20meeting"
    name = file_name_for(url)
    assert name == file_name_for(url)
    assert re.fullmatch(r"osce-org_secretariat-press-releases-2008-05-trafficking-meeting_"
                        r"[0-9a-f]{10}\.html", name)  # fmt: skip
    assert file_name_for(url + "?page=2") != name
    long = file_name_for("https://example.org/" + "a-long-path/" * 40 + "the-end")
    assert len(long) < 100 and "the-end" in long


def test_refuses_to_write_into_seeds(tmp_path, capsys) -> None:
    before = {p.name: p.read_bytes() for p in SEEDS_DIR.iterdir()}
    (tmp_path / "urls.txt").write_text("http://127.0.0.1:9/never\n")
    for target in (SEEDS_DIR, SEEDS_DIR / "more"):
        assert main(["fetch", str(tmp_path / "urls.txt"), "--into", str(target)]) == 2
        assert "seeds/ holds the project's published pages" in capsys.readouterr().err
        with pytest.raises(Exception, match="never written"):
            check_target(target)
    assert {p.name: p.read_bytes() for p in SEEDS_DIR.iterdir()} == before


def test_an_interrupted_write_leaves_the_old_page_or_none(tmp_path, monkeypatch) -> None:
    target = tmp_path / "page.html"

    def crash(fd: int) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", crash)
    with pytest.raises(KeyboardInterrupt):
        provenance.write_atomic(target, b"new page")
    assert list(tmp_path.iterdir()) == []
    target.write_bytes(b"old page")
    with pytest.raises(KeyboardInterrupt):
        provenance.write_atomic(target, b"new page")
    assert [p.name for p in tmp_path.iterdir()] == ["page.html"]
    assert target.read_bytes() == b"old page"


def test_the_log_is_never_read_as_a_page_and_keeps_one_row_per_url(tmp_path) -> None:
    log = tmp_path / provenance.FETCH_LOG
    row = dict.fromkeys(provenance.LOG_COLUMNS, "") | {"url": "https://example.org/a"}
    provenance.append_log_row(log, row | {"status": "failed"})
    provenance.append_log_row(log, row | {"status": "saved", "file": "a.html"})
    assert [r["status"] for r in provenance.read_log(log)] == ["failed", "saved"]
    assert list(provenance.compact_log(log).values())[0]["status"] == "saved"
    with open(log, encoding="utf-8", newline="") as handle:
        assert len(list(csv.reader(handle))) == 2  # the header and one row


def test_ctrl_c_stops_cleanly_and_keeps_what_was_saved(sites, tmp_path, monkeypatch, capsys):
    a = sites[0]
    urls = [a.url("/news/1"), a.url("/news/2"), a.url("/flaky")]
    (tmp_path / "urls.txt").write_text("\n".join(urls) + "\n")
    fetch = Fetcher.fetch
    calls = []

    def fetch_then_interrupt(self, url, kind="page"):
        calls.append(url)
        if len(calls) == 2:
            raise KeyboardInterrupt
        return fetch(self, url, kind)

    monkeypatch.setattr(Fetcher, "fetch", fetch_then_interrupt)
    args = ["fetch", str(tmp_path / "urls.txt"), "--into", str(tmp_path / "out"), *FAST]
    assert main(args) == 130
    assert "run the same command again" in capsys.readouterr().err
    rows = provenance.read_log(tmp_path / "out" / provenance.FETCH_LOG)
    assert [row["url"] for row in rows] == calls[:1]
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted(
        [provenance.FETCH_LOG, file_name_for(calls[0])]
    )


def test_contact_from_the_environment_and_a_progress_bar(sites, tmp_path, monkeypatch, capsys):
    a = sites[0]
    monkeypatch.setenv("FETCH_CONTACT", "lab@example.org")
    (tmp_path / "urls.txt").write_text(a.url("/news/2") + "\n")
    fast = [arg for arg in FAST if arg not in ("--contact", "tester@example.org")]
    assert main(["fetch", str(tmp_path / "urls.txt"), "--into", str(tmp_path / "a"), *fast]) == 0
    assert a.log[-1][1:] == ("/news/2", user_agent("lab@example.org"))
    assert "no contact given" not in capsys.readouterr().out
    fetch_urls([a.url("/news/1")], tmp_path / "b", FetchOptions(delay=DELAY), progress=True)
    assert "Fetching pages" in capsys.readouterr().err  # the tqdm bar


@pytest.mark.skipif(sys.platform == "win32", reason="holds the lock with fcntl, as POSIX runs do")
def test_a_second_run_into_the_same_folder_stops_at_once(sites, tmp_path, capsys) -> None:
    import fcntl

    a, out = sites[0], tmp_path / "out"
    out.mkdir()
    unfinished = out / ".page.html.4242.part"  # the first run is writing this page
    unfinished.write_bytes(b"<html>half a page")
    (tmp_path / "urls.txt").write_text(a.url("/news/1") + "\n")
    requests_before = len(a.paths())
    with open(out / LOCK_FILE, "a+b") as first:  # the first run, in another process
        fcntl.flock(first.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        first.write(b"process 4242 on lab-pc, started 2026-01-02T03:04:05Z")
        first.flush()
        started = time.monotonic()
        assert main(["fetch", str(tmp_path / "urls.txt"), "--into", str(out), *FAST]) == 2
        assert time.monotonic() - started < 5  # no waiting for the lock (loose: a loaded CI)
        err = capsys.readouterr().err
        assert "another run is fetching into" in err
        assert "(process 4242 on lab-pc, started 2026-01-02T03:04:05Z)" in err
        with pytest.raises(FetchError, match="two runs into one folder"):
            fetch_urls([a.url("/news/1")], out, FetchOptions(delay=DELAY))
    assert unfinished.exists() and len(a.paths()) == requests_before  # nothing touched
    assert not (out / provenance.FETCH_LOG).exists()


def test_a_lock_left_by_a_run_that_died_is_taken_over(sites, tmp_path, capsys) -> None:
    a, out = sites[0], tmp_path / "out"
    out.mkdir()
    (out / LOCK_FILE).write_text("process 4242 on lab-pc, started 2026-01-02T03:04:05Z")
    (out / ".page.html.4242.part").write_bytes(b"<html>half a page")
    (tmp_path / "urls.txt").write_text(a.url("/news/1") + "\n")
    assert main(["fetch", str(tmp_path / "urls.txt"), "--into", str(out), *FAST]) == 0
    printed = capsys.readouterr().out
    assert "a run that ended without cleaning up (process 4242 on lab-pc" in printed
    assert "this run takes over" in printed
    assert sorted(p.name for p in out.iterdir()) == sorted(
        [provenance.FETCH_LOG, file_name_for(a.url("/news/1"))]
    )  # the stale .part and the lock are gone
    with FolderLock(out) as lock, FolderLock(out):  # re-entrant in one process
        assert lock.stale == ""
        assert (out / LOCK_FILE).read_text().startswith(f"process {os.getpid()} on ")
    assert not (out / LOCK_FILE).exists()


def test_a_fractional_crawl_delay_is_honoured(tmp_path) -> None:
    site = Site({"/robots.txt": html(b"User-agent: *\nCrawl-delay: 0.35 # seconds\n")}
                | {f"/c/{n}": html(page(40 + n)) for n in range(2)})  # fmt: skip
    try:
        fetcher = Fetcher(FetchOptions(delay=0.05, retries=0))
        rows, _ = fetch_urls([site.url(f"/c/{n}") for n in range(2)], tmp_path, fetcher=fetcher)
        assert [row["status"] for row in rows] == ["saved"] * 2
        assert fetcher.delay_for(site.base) == 0.35
        assert min(gaps(site.arrivals())) >= 0.35 - SLACK  # robots.txt, then each page
    finally:
        site.stop()


class Trickle(BaseHTTPRequestHandler):
    """A site that sends one byte every 50 ms: of a page's body (/body), or of its headers
    (/headers); 400 bytes at most, so it stops by itself (and at once when the client goes)."""

    def do_GET(self) -> None:  # noqa: N802 (the name http.server calls)
        if self.path == "/robots.txt":
            self.wfile.write(b"HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\n")
            return
        head = b"HTTP/1.0 200 OK\r\nContent-Type: text/html\r\n"
        if self.path == "/body":
            self.wfile.write(head + b"Content-Length: 400\r\n\r\n")
        else:
            self.wfile.write(head + b"X-Slow: ")
        try:
            for _ in range(400):
                self.wfile.write(b"a")
                time.sleep(0.05)
        except OSError:
            pass  # the client cut it off

    def log_message(self, *args) -> None:
        pass


@pytest.mark.parametrize("path", ["/body", "/headers"])
def test_timeout_bounds_the_whole_request_even_when_bytes_keep_coming(path: str) -> None:
    server = ThreadingHTTPServer(("127.0.0.1", 0), Trickle)
    threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}{path}"
    try:
        fetcher = Fetcher(FetchOptions(delay=0.01, timeout=0.3, retries=1, backoff=0.01))
        started = time.monotonic()
        outcome = fetcher.fetch(url)
        took = time.monotonic() - started
    finally:
        server.shutdown()
        server.server_close()
    # cut off at the deadline; a page that was coming, however slowly, is not asked twice
    assert (outcome.status, outcome.reason) == ("failed", "timed out after 0.3 s (1 attempt)")
    # the trickle would take 20 s: ending well before it shows the deadline held, with room
    # for a loaded machine (an upper bound this loose measures no speed)
    assert 0.3 <= took < 5


def test_a_folder_that_cannot_be_made_or_written_is_a_clear_error(tmp_path, capsys) -> None:
    (tmp_path / "urls.txt").write_text("http://127.0.0.1:9/never\n")
    (tmp_path / "out" / LOCK_FILE).mkdir(parents=True)  # the lock file cannot be opened
    for into, said in [(tmp_path / "urls.txt" / "sub", "cannot be made"),
                       (tmp_path / "out", "cannot write or lock")]:  # fmt: skip
        assert main(["fetch", str(tmp_path / "urls.txt"), "--into", str(into)]) == 2
        err = capsys.readouterr().err
        assert said in err and "Traceback" not in err


def test_a_full_disk_mid_run_is_a_clear_error(sites, tmp_path, monkeypatch, capsys) -> None:
    import errno

    a = sites[0]
    (tmp_path / "urls.txt").write_text(a.url("/news/1") + "\n")
    target = tmp_path / "out" / file_name_for(a.url("/news/1"))

    def full(path, data) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))

    monkeypatch.setattr("helpers.web.fetch.write_atomic", full)
    args = ["fetch", str(tmp_path / "urls.txt"), "--into", str(tmp_path / "out"), *FAST]
    assert main(args) == 2
    assert f"cannot write {target} (No space left on device)" in capsys.readouterr().err
    assert not (tmp_path / "out" / LOCK_FILE).exists()  # the lock went with the run
