"""``python -m helpers fetch SOURCE --into DIR``: save web pages into a corpus folder.

The only part that goes online, when asked. Each page is saved atomically, each URL logged
in ``fetch_log.csv``, so a re-run skips what is done and retries what failed. One run at a
time writes into a folder (``FolderLock``); never into ``seeds/``.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import hashlib
import os
import re
import socket
import sys
from pathlib import Path
from urllib.parse import unquote, urlsplit

from helpers.base.paths import SEEDS_DIR, display_path
from helpers.base.progress import progress_iter, show_progress
from helpers.corpus.provenance import FETCH_LOG, append_log_row, compact_log, write_atomic
from helpers.web.polite import Fetcher, FetchOptions, host_of
from helpers.web.sitemaps import SourceError, normalise_url, read_source

__all__ = [
    "CONTACT_ENV", "LOCK_FILE", "FetchError", "FolderLock", "add_fetch_arguments",
    "check_target", "fetch_urls", "file_name_for", "run_fetch",
]  # fmt: skip

CONTACT_ENV = "FETCH_CONTACT"
MAX_SLUG = 80  # characters of the readable part of a file name
PROGRESS_FROM = 20  # URLs: from this many, a progress bar (on a terminal)
SHOW_PROBLEMS = 40  # skipped or failed URLs printed (the log holds them all)
LOCK_FILE = ".fetch.lock"  # hidden: the loader ignores it


def _try_lock(handle) -> bool:
    """Take the system's lock on an open file (released when its process ends, however);
    False if another process holds it."""
    try:
        if os.name == "nt":
            import msvcrt

            handle.seek(1 << 30)  # a byte far past the text, which others can still read
            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
        else:
            import fcntl

            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    except OSError:
        if os.name == "nt":  # what Windows says when another process holds it
            return False
        raise
    return True


class FetchError(Exception):
    """The run cannot start (e.g. into ``seeds/``); the message says why."""


def file_name_for(url: str) -> str:
    """``<host>_<path and query slug>_<10 hex of the URL's SHA-256>.html``: stable, readable,
    safe on every system; a long slug keeps its end, the hash tells alike slugs apart."""
    parts = urlsplit(url)
    host = re.sub(r"[^a-z0-9]+", "-", (parts.hostname or "").removeprefix("www.")).strip("-")
    path = unquote(parts.path + (f"?{parts.query}" if parts.query else "")).lower()
    slug = re.sub(r"[^a-z0-9]+", "-", path).strip("-")
    room = max(MAX_SLUG - len(host) - 1, 10)
    slug = slug[-room:].lstrip("-") if len(slug) > room else slug
    digest = hashlib.sha256(url.encode("utf-8")).hexdigest()[:10]
    return "_".join(filter(None, [host, slug, digest])) + ".html"


def check_target(folder: Path | str) -> Path:
    """The folder to fetch into, absolute; ``FetchError`` for ``seeds/`` (or inside) or a file."""
    path = Path(folder).expanduser().resolve()
    seeds = SEEDS_DIR.resolve()
    if path == seeds or seeds in path.parents:
        raise FetchError(
            f"will not write into {display_path(path)}: seeds/ holds the project's published "
            "pages and is never written. Fetch into a folder of your own (--into my_pages), "
            "then point CORPUS_DIR at it"
        )
    if path.exists() and not path.is_dir():
        raise FetchError(f"--into {folder}: a file, not a folder")
    return path


class FolderLock:
    """One run at a time into a folder (re-entrant): the system's lock on ``.fetch.lock``,
    whose text names the holder for a second run's ``FetchError``. A dead run's file is taken
    over and ``stale`` says whose it was."""

    held: set[Path] = set()  # folders locked by this process

    def __init__(self, folder: Path | str) -> None:
        self.path = Path(folder).resolve() / LOCK_FILE
        self.handle = None
        self.stale = ""  # the text of a lock file left by a run that ended without removing it

    def __enter__(self) -> FolderLock:
        if self.path in FolderLock.held:
            return self
        where = display_path(self.path.parent)
        for _ in range(10):  # another run may remove the file between our open and our lock
            try:
                handle = open(self.path, "a+b")  # noqa: SIM115 (held until __exit__)
            except OSError as error:
                raise FetchError(f"cannot write or lock {where} ({error.strerror})") from None
            try:
                locked = _try_lock(handle)
            except OSError as error:
                handle.close()
                raise FetchError(f"cannot write or lock {where} ({error.strerror})") from None
            if not locked:
                holder = self._text(handle) or "unknown"
                handle.close()
                raise FetchError(
                    f"another run is fetching into {where} ({holder}); wait for it to end, or "
                    "stop it, then run again: two runs into one folder would fetch every page "
                    "twice, at twice the pace"
                )
            if self.path.exists() and os.path.samefile(self.path, handle.name):
                break
            handle.close()
        else:
            raise FetchError(f"{display_path(self.path)}: cannot be locked, it keeps changing")
        self.stale = self._text(handle)
        handle.seek(0)
        handle.truncate()
        handle.write(f"process {os.getpid()} on {socket.gethostname()}, started {_now()}".encode())
        handle.flush()
        self.handle = handle
        FolderLock.held.add(self.path)
        return self

    @staticmethod
    def _text(handle) -> str:
        handle.seek(0)
        return handle.read(1000).decode("utf-8", "replace").strip()

    def __exit__(self, *exc: object) -> None:
        if self.handle is None:
            return
        FolderLock.held.discard(self.path)
        try:
            self.path.unlink()  # while still locked: a run that opened the file tries again
            self.handle.close()
        except OSError:  # Windows removes a file only once it is closed
            self.handle.close()
            with contextlib.suppress(OSError):
                self.path.unlink()


def _is_done(row: dict[str, str] | None, folder: Path) -> bool:
    if row is None:
        return False
    return row["status"] == "skipped" or (
        row["status"] == "saved" and bool(row["file"]) and (folder / row["file"]).is_file()
    )


def _now() -> str:
    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def fetch_urls(
    urls: list[str],
    folder: Path | str,
    options: FetchOptions | None = None,
    *,
    fetcher: Fetcher | None = None,
    progress: bool | None = None,
) -> tuple[list[dict[str, str]], int]:
    """Fetch pages into a folder, logging each; a URL saved (its file still there) or
    skipped is not fetched again unless ``refresh``, and a saved page failing then keeps its
    copy. Out: this run's log rows, and how many URLs were left as they were."""
    options = options or FetchOptions()
    folder = check_target(folder)
    folder.mkdir(parents=True, exist_ok=True)
    with FolderLock(folder):
        for stale in folder.glob(".*.part"):  # left by a run that was killed mid-write
            stale.unlink(missing_ok=True)
        log = folder / FETCH_LOG
        previous = compact_log(log)
        wanted = list(dict.fromkeys(normalise_url(url) or url for url in urls))
        todo = [u for u in wanted if options.refresh or not _is_done(previous.get(u), folder)]
        fetcher = fetcher or Fetcher(options)
        fetcher.hosts |= {host_of(url) for url in wanted}
        rows = []
        show = show_progress(len(todo), PROGRESS_FROM, progress)
        try:
            for url in progress_iter(fetcher.schedule(todo), len(todo), "Fetching pages", show):
                rows.append(_fetch_one(fetcher, url, folder, previous.get(url)))
                append_log_row(log, rows[-1])
        finally:
            compact_log(log)
    return rows, len(wanted) - len(todo)


def _fetch_one(fetcher: Fetcher, url: str, folder: Path, before: dict | None) -> dict[str, str]:
    outcome = fetcher.fetch(url)
    row = {
        "url": url, "file": "", "final_url": outcome.final_url,
        "status": outcome.status, "http_code": str(outcome.code or ""), "bytes": "",
        "sha256": "", "retrieved_at": _now(), "reason": outcome.reason,
        "content_type": outcome.content_type, "charset": outcome.charset,
    }  # fmt: skip
    if outcome.status == "ok":
        name = file_name_for(url)
        write_atomic(folder / name, outcome.body)
        row.update(file=name, status="saved", bytes=str(len(outcome.body)))
        row["sha256"] = hashlib.sha256(outcome.body).hexdigest()
    elif _is_done(before, folder) and before["status"] == "saved":
        note = f"{outcome.status} when fetched again on {row['retrieved_at']}"
        row = before | {"reason": f"{note} ({outcome.reason}); the copy saved before is kept"}
    return row


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"not a date in the form 2003-01-31: {text!r}") from error


def _regex(text: str) -> str:
    try:
        re.compile(text)
    except re.error as error:
        raise argparse.ArgumentTypeError(f"not a regular expression: {text!r} ({error})") from None
    return text


def add_fetch_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the arguments of ``python -m helpers fetch``."""
    defaults = FetchOptions()
    add = parser.add_argument
    add("source", help="a text file of URLs (one a line, # comments), a saved sitemap.xml, "
        "or a sitemap's URL (a sitemap index is followed)")  # fmt: skip
    add("--into", required=True, metavar="DIR",
        help="the folder to save pages into (not seeds/; one run at a time)")  # fmt: skip
    add("--match", type=_regex, metavar="REGEX", help="keep only URLs this expression matches")
    add("--since", type=_date, metavar="DATE", help="keep sitemap entries dated from DATE")
    add("--until", type=_date, metavar="DATE", help="keep sitemap entries dated up to DATE")
    add("--delay", type=float, default=defaults.delay,
        help="seconds between requests to one host (default %(default)g; "
        "longer if its robots.txt gives a Crawl-delay)")  # fmt: skip
    add("--contact", help=f"an e-mail or web address for the User-Agent (default: ${CONTACT_ENV})")
    add("--refresh", action="store_true", help="fetch pages again that are already saved")
    add("--max-mb", type=float, default=defaults.max_bytes / 1e6,
        help="skip pages larger than this (default %(default)g MB)")  # fmt: skip
    add("--allow-host", action="append", default=[], metavar="HOST",
        help="a host pages may redirect to, besides the URLs' hosts (repeatable)")  # fmt: skip
    add("--timeout", type=float, default=defaults.timeout,
        help="seconds for the whole of one request, from connecting to the last byte "
        "(default %(default)g); a page still arriving then fails for this run")  # fmt: skip
    add("--retries", type=int, default=defaults.retries, help="retries of a transient error")
    add("--backoff", type=float, default=defaults.backoff,
        help="seconds before the first retry, doubled at each next one "
        "(default %(default)g)")  # fmt: skip
    add("--max-wait", type=float, default=defaults.max_wait,
        help="the longest Retry-After to obey, in seconds (default %(default)g)")  # fmt: skip


def run_fetch(args: argparse.Namespace) -> int:
    """``python -m helpers fetch``. Out: 0 when every URL was saved or skipped with a reason;
    1 when some failed (run again later) or none was found; 2 for bad input, a folder another
    run holds or that cannot be written; 130 on Ctrl-C."""
    try:
        return _run(args)
    except KeyboardInterrupt:
        print("\ninterrupted: the pages saved so far are kept and logged; "
              "run the same command again to go on", file=sys.stderr)  # fmt: skip
        return 130
    except OSError as error:  # the disk is full, the folder was removed, ...
        print(f"error: cannot write {error.filename or 'into the folder'} ({error.strerror}); "
              "the pages saved before are kept and logged", file=sys.stderr)  # fmt: skip
        return 2


def _run(args: argparse.Namespace) -> int:
    contact = args.contact if args.contact is not None else os.environ.get(CONTACT_ENV, "")
    options = FetchOptions(
        delay=args.delay, retries=args.retries, backoff=args.backoff, timeout=args.timeout,
        max_bytes=int(args.max_mb * 1e6), max_wait=args.max_wait, contact=contact.strip(),
        refresh=args.refresh, allow_hosts=tuple(args.allow_host),
    )  # fmt: skip
    try:
        folder = check_target(args.into)
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise FetchError(f"--into {args.into}: cannot be made ({error.strerror})") from None
        with FolderLock(folder) as lock:  # before anything goes online
            return _run_locked(args, folder, options, lock.stale)
    except (FetchError, SourceError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2


def _run_locked(args: argparse.Namespace, folder: Path, options: FetchOptions, stale: str) -> int:
    if stale:
        print(f"note: a run that ended without cleaning up ({stale}; killed, or its machine "
              "stopped) left its lock in this folder; no process holds it now, so this run "
              "takes over and removes that run's unfinished .part files")  # fmt: skip
    fetcher = Fetcher(options)
    urls, notes = read_source(args.source, fetcher.get_bytes, args.match, args.since, args.until)
    for note in notes:
        print(f"note: {note}")
    if not urls:
        print(f"error: no URL to fetch in {args.source}", file=sys.stderr)
        return 1
    print(f"{len(urls)} URL(s) to fetch into {display_path(folder)}, as '{fetcher.agent}'")
    if not options.contact:
        print(f"note: no contact given: add one with --contact or ${CONTACT_ENV}, so a site "
              "can reach you instead of blocking you")  # fmt: skip
    rows, unchanged = fetch_urls(urls, folder, options, fetcher=fetcher)
    counts = {s: sum(r["status"] == s for r in rows) for s in ("saved", "skipped", "failed")}
    print(
        f"{counts['saved']} saved, {counts['skipped']} skipped, {counts['failed']} failed, "
        f"{unchanged} already done (saved or skipped before; --refresh fetches again)"
    )
    problems = [r for r in rows if r["status"] != "saved"]
    for row in problems[:SHOW_PROBLEMS]:
        print(f"  {row['status']}: {row['url']}: {row['reason']}")
    if len(problems) > SHOW_PROBLEMS:
        print(f"  ... and {len(problems) - SHOW_PROBLEMS} more (see the log)")
    print(f"log: {Path(args.into) / FETCH_LOG}; "
          f"check the pages with: python -m helpers corpus {args.into}")  # fmt: skip
    return 1 if counts["failed"] else 0
