"""Polite HTTP for ``python -m helpers fetch``: robots.txt, pace, retries, redirects.

``Fetcher`` makes every request of a run, one at a time:

- a URL that the site's ``robots.txt`` disallows is never requested (the
  rules are read once per site, with the same User-Agent as the pages);
- two requests to one host are at least ``delay`` seconds apart, longer if
  the site's ``Crawl-delay`` or ``Request-rate`` asks for it;
- the User-Agent names the project, its version and the user's contact;
- ``timeout`` bounds the whole request, connecting and every read: a site
  that sends its page a byte at a time is cut off when the time is up;
- timeouts, connection errors, 429 and 5xx answers are retried by urllib3's
  ``Retry`` (through ``requests``) after a pause that doubles each time, or
  after the site's ``Retry-After`` if longer, never sooner than the delay;
- redirects are followed one hop at a time, each hop checked against
  robots.txt and, for pages, against the allowed hosts;
- a page's body is read only when it is HTML and within the size limit.
"""

from __future__ import annotations

import contextlib
import re
import socket
import sys
import threading
import time
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit
from urllib.robotparser import RobotFileParser

import requests
from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPSConnectionPool
from urllib3.exceptions import InvalidHeader, MaxRetryError
from urllib3.exceptions import TimeoutError as Urllib3Timeout
from urllib3.util.retry import Retry

from helpers import __version__
from helpers.corpus.read import DEFAULT_MAX_BYTES, looks_like_html
from helpers.web.sitemaps import MAX_SITEMAP_BYTES, SourceError, normalise_url

__all__ = [
    "MAX_REDIRECTS",
    "FetchOptions",
    "Fetcher",
    "Outcome",
    "host_of",
    "user_agent",
]

PROJECT = "migration-crime-framing"
MAX_REDIRECTS = 5
HTML_TYPES = ("text/html", "application/xhtml+xml")
UNSAID_TYPES = ("", "application/octet-stream", "binary/octet-stream")  # then look at the bytes
REDIRECTS = (301, 302, 303, 307, 308)
_CRAWL_DELAY = re.compile(r"^(\s*crawl-delay\s*:\s*)(\d*\.?\d+)", re.IGNORECASE | re.MULTILINE)


@dataclass(frozen=True)
class FetchOptions:
    """How to fetch: ``delay`` seconds between requests to one host (at least);
    ``retries`` of a transient error, the first after ``backoff`` seconds and
    each next one after twice as long; ``timeout`` seconds for the whole of
    one request (connecting, the headers and the body);
    ``max_bytes`` per page; ``max_wait``, the longest ``Retry-After`` obeyed
    (longer: the URL fails for this run); ``contact`` for the User-Agent;
    ``refresh`` fetches saved pages again; ``allow_hosts``, hosts that pages
    may redirect to besides the hosts of the URLs themselves."""

    delay: float = 2.0
    retries: int = 3
    backoff: float = 5.0
    timeout: float = 30.0
    max_bytes: int = DEFAULT_MAX_BYTES
    max_wait: float = 600.0
    contact: str = ""
    refresh: bool = False
    allow_hosts: tuple[str, ...] = ()


@dataclass
class _Reply:
    """One HTTP exchange (internal): the code and headers, the body if it was read."""

    code: int = 0
    headers: dict | requests.structures.CaseInsensitiveDict = field(default_factory=dict)
    body: bytes = b""
    error: str = ""  # no answer: a timeout or a connection error
    refused: str = ""  # why the body was not read: not HTML, over the size limit
    attempts: int = 1


@dataclass
class Outcome:
    """What fetching one URL gave: ``status`` "ok", "skipped" (for good) or "failed"
    (worth trying again), the reason, the URL after redirects, the code, the
    media type and charset of the HTTP Content-Type, and the body."""

    url: str
    status: str
    reason: str = ""
    final_url: str = ""
    code: int = 0
    content_type: str = ""  # as the server said, e.g. "text/html"
    charset: str = ""  # the charset of the Content-Type, e.g. "windows-1251"; "" if none
    body: bytes = b""


def user_agent(contact: str = "") -> str:
    """The User-Agent header: the project, its version and the user's contact, if given."""
    about = f"research corpus builder; contact: {contact}" if contact else "research corpus builder"
    return f"{PROJECT}/{__version__} ({about})"


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc.lower()}"


def host_of(url_or_host: str) -> str:
    """The host (and port) a URL is on, without a leading 'www.', to compare hosts."""
    netloc = urlsplit(url_or_host).netloc if "://" in url_or_host else url_or_host
    return netloc.lower().removeprefix("www.")


def _media(headers) -> tuple[str, str]:
    """The media type and the charset of a Content-Type header, in lower case ("" if none)."""
    value = headers.get("Content-Type") or ""
    charset = re.search(r";\s*charset\s*=\s*[\"']?([^\"';\s]+)", value, re.IGNORECASE)
    return value.split(";")[0].strip().lower(), charset[1].lower() if charset else ""


def _failure(reply: _Reply) -> str:
    tries = f"{reply.attempts} attempt{'s' if reply.attempts > 1 else ''}"
    return f"{reply.error or f'HTTP {reply.code}'} ({tries})"


class _Deadline:
    """The time limit of a whole request. ``begin`` when an attempt starts (urllib3's retries
    too), ``arm`` once it is sent: when the time is up, a watcher thread shuts the socket,
    which ends the read under way, however slowly the site sends. The watcher ends when no
    request has come for ``IDLE`` seconds (the next one starts another)."""

    IDLE = 5.0

    def __init__(self, seconds: float) -> None:
        self.seconds, self.ends, self.sock, self.watcher = seconds, 0.0, None, None
        self.idle = False  # the watcher waits for a request, not for a deadline
        self.attempts = 0  # of the current request, retries included
        self.passed = False  # the current attempt was cut off
        self.changed = threading.Condition()

    def begin(self) -> None:
        with self.changed:
            self.sock, self.passed = None, False
            self.attempts += 1
            self.ends = time.monotonic() + self.seconds

    def arm(self, sock: socket.socket) -> None:
        with self.changed:
            self.sock = sock
            if self.watcher is None:
                self.watcher = threading.Thread(target=self._watch, daemon=True)
                self.watcher.start()
            elif self.idle:  # else it wakes at the last request's deadline, before this one's
                self.changed.notify()

    def cancel(self) -> None:
        with self.changed:
            self.sock = None

    def _watch(self) -> None:
        with self.changed:
            while True:
                self.idle = self.sock is None
                if self.idle:  # between requests: wait for the next, or end after IDLE seconds
                    if not self.changed.wait(self.IDLE) and self.sock is None:
                        self.watcher = None
                        return
                elif (left := self.ends - time.monotonic()) > 0:
                    self.changed.wait(left)
                else:
                    self.passed = True
                    with contextlib.suppress(OSError):
                        self.sock.shutdown(socket.SHUT_RDWR)
                    self.sock = None


class _Timed:
    """A urllib3 connection that keeps its ``deadline`` (mixed into the connection classes)."""

    deadline: _Deadline

    def request(self, *args, **kwargs) -> None:
        self.deadline.begin()
        super().request(*args, **kwargs)

    def getresponse(self):
        self.deadline.arm(self.sock)
        return super().getresponse()


class _Retry(Retry):
    """urllib3's ``Retry`` at our pace: a retry waits ``backoff_factor`` seconds, doubled at
    each next one, or the site's ``Retry-After``, or the host's delay (``pace()``), whichever
    is longest; a ``Retry-After`` over ``max_wait`` ends the retries."""

    def __init__(self, *args, pace=lambda: 0.0, max_wait: float = 0.0, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.pace, self.max_wait = pace, max_wait

    def new(self, **kwargs) -> _Retry:
        return super().new(pace=self.pace, max_wait=self.max_wait, **kwargs)

    def asked(self, response) -> float | None:
        """The seconds a reply's ``Retry-After`` asks for (None if none, or unreadable)."""
        try:
            return self.get_retry_after(response) if response is not None else None
        except InvalidHeader:
            return None

    def increment(self, *args, **kwargs) -> _Retry:
        if (self.asked(kwargs.get("response")) or 0.0) > self.max_wait:
            url = args[1] if len(args) > 1 else kwargs.get("url")
            raise MaxRetryError(kwargs.get("_pool"), url, "Retry-After over max_wait")
        return super().increment(*args, **kwargs)

    def sleep(self, response=None) -> None:
        backoff = self.backoff_factor * 2 ** (len(self.history) - 1)
        time.sleep(max(backoff, self.asked(response) or 0.0, self.pace()))


class _Transport(HTTPAdapter):
    """``requests``' adapter with our ``_Retry``, on connections that keep the deadline."""

    def __init__(self, retry: _Retry, deadline: _Deadline) -> None:
        self.timed = {
            secure: type("Timed", (_Timed, base), {"deadline": deadline})
            for secure, base in ((False, HTTPConnection), (True, HTTPSConnection))
        }
        super().__init__(max_retries=retry)

    def get_connection_with_tls_context(self, *args, **kwargs):
        pool = super().get_connection_with_tls_context(*args, **kwargs)
        pool.ConnectionCls = self.timed[isinstance(pool, HTTPSConnectionPool)]
        return pool


class Fetcher:
    """Makes the requests of one run, keeping each host's robots.txt and pace.

    In: ``FetchOptions``. One request at a time: the fetcher never starts a
    request before the previous one has ended.
    """

    def __init__(self, options: FetchOptions | None = None) -> None:
        self.options = options or FetchOptions()
        self.agent = user_agent(self.options.contact)
        self.deadline = _Deadline(self.options.timeout)
        self.retry = _Retry(
            total=self.options.retries, status_forcelist=[429, *range(500, 600)],
            backoff_factor=self.options.backoff, raise_on_status=False,
            retry_after_max=sys.maxsize, pace=lambda: self.delay_for(self.origin),
            max_wait=self.options.max_wait,
        )  # fmt: skip
        self.origin = ""  # of the request under way
        self.session = requests.Session()
        self.session.headers["User-Agent"] = self.agent
        self.session.max_redirects = MAX_REDIRECTS
        for scheme in ("http://", "https://"):
            self.session.mount(scheme, _Transport(self.retry, self.deadline))
        self.hosts = {host_of(h) for h in self.options.allow_hosts}
        self.robots: dict[str, RobotFileParser | str] = {}  # by origin; str: why none
        self.ready_at: dict[str, float] = {}  # by origin: the clock time of the next request

    def delay_for(self, origin: str) -> float:
        """Seconds between two requests to ``origin``: ``delay``, or longer if robots.txt asks."""
        delays = [self.options.delay]
        rules = self.robots.get(origin)
        if isinstance(rules, RobotFileParser):
            delays.append((rules.crawl_delay(self.agent) or 0) / 1000)  # read in ms: see _rules
            rate = rules.request_rate(self.agent)
            if rate and rate.requests:
                delays.append(rate.seconds / rate.requests)
        return max(delays)

    def get(self, url: str, kind: str = "page") -> _Reply:
        """Request ``url`` when the host's turn comes, and read the body if it is wanted.

        urllib3 retries timeouts, dropped connections, 429 and 5xx answers
        (``_Retry``); each attempt has ``timeout`` seconds in all. A page's body
        is read only when it is HTML, and never past the size limit.
        """
        origin = self.origin = _origin(url)
        pause = self.ready_at.get(origin, 0.0) - time.monotonic()
        if pause > 0:
            time.sleep(pause)
        self.deadline.attempts = 0
        try:
            with self.session.get(
                url, timeout=self.options.timeout, stream=True, allow_redirects=kind == "robots"
            ) as response:
                reply = self._read(response, kind)
        except requests.RequestException as error:
            cause = getattr(error.args[0] if error.args else None, "reason", error)
            timed_out = isinstance(error, requests.Timeout) or isinstance(cause, Urllib3Timeout)
            if timed_out or self.deadline.passed:
                reply = _Reply(error=f"timed out after {self.options.timeout:g} s")
            else:
                reply = _Reply(error=f"connection failed ({type(cause).__name__})")
        finally:
            self.deadline.cancel()
            self.ready_at[origin] = time.monotonic() + self.delay_for(origin)
        reply.attempts = max(self.deadline.attempts, 1)
        asked = self.retry.asked(reply) if reply.code == 429 or reply.code >= 500 else None
        if asked is not None and asked > self.options.max_wait:
            reply.error = (
                f"HTTP {reply.code}, and the site asked to wait {asked:.0f} s "
                f"(Retry-After), more than --max-wait {self.options.max_wait:g} s"
            )
        return reply

    def _read(self, response: requests.Response, kind: str) -> _Reply:
        """The reply to keep of a response: its body if wanted, HTML and within the limit."""
        reply = _Reply(response.status_code, response.headers)
        limit = self.options.max_bytes if kind == "page" else MAX_SITEMAP_BYTES
        if response.status_code in REDIRECTS and kind != "robots":
            return reply
        if kind == "page" and 200 <= reply.code < 300:
            if (said := _media(response.headers)[0]) not in HTML_TYPES + UNSAID_TYPES:
                reply.refused = f"not HTML (Content-Type: {said})"
                return reply
        too_big = f"over the {limit / 1e6:g} MB limit (--max-mb)"
        size = response.headers.get("Content-Length", "")
        if size.isdigit() and int(size) > limit:
            reply.refused = too_big
            return reply
        chunks, total = [], 0
        for chunk in response.iter_content(65536):
            total += len(chunk)
            if total > limit:
                reply.refused = too_big
                return reply
            chunks.append(chunk)
        if self.deadline.passed:  # the socket was shut: what came is not the whole page
            return _Reply(error=f"timed out after {self.options.timeout:g} s")
        reply.body = b"".join(chunks)
        return reply

    def _rules(self, origin: str) -> RobotFileParser | str:
        """The robots.txt rules of ``origin``, read on first use; a str says why there are none."""
        if origin not in self.robots:
            reply = self.get(f"{origin}/robots.txt", "robots")
            rules = RobotFileParser(f"{origin}/robots.txt")
            if reply.error or reply.refused or reply.code == 429 or reply.code >= 500:
                problem = reply.refused or _failure(reply)
                self.robots[origin] = f"robots.txt could not be read ({problem}), so not fetched"
                return self.robots[origin]
            if reply.code in (401, 403):
                rules.disallow_all = True
            elif reply.code >= 400:
                rules.allow_all = True  # no robots.txt: no rules
            else:
                text = reply.body.decode("utf-8", "replace")
                # robotparser reads a Crawl-delay in whole seconds and drops "0.5" or "2.5":
                # given in milliseconds, every delay is whole
                text = _CRAWL_DELAY.sub(lambda m: f"{m[1]}{round(float(m[2]) * 1000)}", text)
                rules.parse(text.splitlines())
            self.robots[origin] = rules
            longer = self.delay_for(origin) - self.options.delay  # a Crawl-delay, from now on
            if longer > 0:
                self.ready_at[origin] = self.ready_at.get(origin, 0.0) + longer
        return self.robots[origin]

    def _refusal(self, url: str) -> tuple[str, str] | None:
        """("skipped" or "failed", reason) when robots.txt forbids ``url`` or cannot be read."""
        rules = self._rules(_origin(url))
        if isinstance(rules, str):
            return "failed", rules
        if not rules.can_fetch(self.agent, url):
            return "skipped", "disallowed by robots.txt"
        return None

    def fetch(self, url: str, kind: str = "page") -> Outcome:
        """Fetch one URL, following redirects one hop at a time.

        Every hop is normalised (``normalise_url``: dot segments, escapes, ports)
        and then checked against robots.txt before it is requested, and a page's
        hops must stay on the allowed hosts (``self.hosts``).
        Out: an ``Outcome``; its body is set when the status is "ok".
        """
        current = normalise_url(url)
        if current is None:
            return Outcome(url, "skipped", "not an http(s) URL")
        for hop in range(MAX_REDIRECTS + 1):
            after = f" (after a redirect to {current})" if hop else ""
            if kind == "page" and hop and host_of(current) not in self.hosts:
                reason = f"redirects off the allowed hosts, to {current}"
                return Outcome(url, "skipped", reason, current)
            refusal = self._refusal(current)
            if refusal:
                return Outcome(url, refusal[0], refusal[1] + after, current)
            reply = self.get(current, kind)
            location = reply.headers.get("Location") if reply.code in REDIRECTS else None
            if not location:
                return self._outcome(url, current, reply, kind)
            target = normalise_url(urljoin(current, location))
            if target is None:
                return Outcome(url, "skipped", f"redirects to a non-web address: {location}")
            current = target
        return Outcome(url, "failed", f"more than {MAX_REDIRECTS} redirects", current)

    def _outcome(self, url: str, final: str, reply: _Reply, kind: str) -> Outcome:
        outcome = Outcome(url, "skipped", "", final, reply.code, *_media(reply.headers))
        if reply.error or reply.code == 429 or reply.code >= 500:
            outcome.status, outcome.reason = "failed", _failure(reply)
        elif reply.refused:
            outcome.reason = reply.refused
        elif not 200 <= reply.code < 300:
            outcome.reason = f"HTTP {reply.code}"
        elif not reply.body.strip():
            outcome.reason = "empty response"
        elif kind == "page" and not self._html(reply):
            said = reply.headers.get("Content-Type") or "none"
            outcome.reason = f"not HTML (Content-Type: {said}, and it does not start like a page)"
        else:
            outcome.status, outcome.body = "ok", reply.body
        return outcome

    @staticmethod
    def _html(reply: _Reply) -> bool:
        """Whether a page's reply is HTML: by its Content-Type, or by its bytes if that says
        nothing useful (none, or a generic binary type, as some servers send)."""
        return _media(reply.headers)[0] in HTML_TYPES or looks_like_html(
            reply.body[:2000].decode("latin-1")
        )

    def get_bytes(self, url: str) -> bytes:
        """A sitemap's bytes (robots.txt and the pace obeyed). Raises ``SourceError`` if none."""
        outcome = self.fetch(url, kind="sitemap")
        if outcome.status != "ok":
            raise SourceError(f"{url}: {outcome.reason}")
        return outcome.body

    def schedule(self, urls: Iterable[str]) -> Iterator[str]:
        """The URLs in the order to fetch them: each next one from the host whose turn
        comes first, so that one host's delay is spent on another host's pages."""
        queues: dict[str, deque[str]] = {}
        for url in urls:
            queues.setdefault(_origin(url), deque()).append(url)
        while queues:
            origin = min(queues, key=lambda o: self.ready_at.get(o, 0.0))
            if origin not in self.robots:  # read robots.txt first: a Crawl-delay changes the turn
                self._rules(origin)
                continue
            yield queues[origin].popleft()
            if not queues[origin]:
                del queues[origin]
