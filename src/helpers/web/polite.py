"""Polite HTTP for ``python -m helpers fetch``: robots.txt, pace, retries, redirects.

``requests`` with urllib3's ``Retry`` carries the transport (``Retry-After`` obeyed); on
top, ``Fetcher`` reads a site's robots.txt first, keeps ``delay`` (or its Crawl-delay)
between requests to one host, bounds each whole request by ``timeout`` (a site sending a
byte at a time is cut off), and follows redirects one checked hop at a time.
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

from helpers import DISTRIBUTION, __version__
from helpers.corpus.read import DEFAULT_MAX_BYTES, looks_like_html
from helpers.web.sitemaps import MAX_SITEMAP_BYTES, SourceError, normalise_url

__all__ = ["MAX_REDIRECTS", "FetchOptions", "Fetcher", "Outcome", "host_of", "user_agent"]

MAX_REDIRECTS = 5
HTML_TYPES = ("text/html", "application/xhtml+xml")
UNSAID_TYPES = ("", "application/octet-stream", "binary/octet-stream")  # then look at the bytes
REDIRECTS = (301, 302, 303, 307, 308)
_CRAWL_DELAY = re.compile(r"^(\s*crawl-delay\s*:\s*)(\d*\.?\d+)", re.IGNORECASE | re.MULTILINE)


@dataclass(frozen=True)
class FetchOptions:
    """The settings of a run, as ``python -m helpers fetch --help`` explains them."""

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
    code: int = 0
    headers: dict | requests.structures.CaseInsensitiveDict = field(default_factory=dict)
    body: bytes = b""
    error: str = ""  # no answer: a timeout or a connection error
    refused: str = ""  # why the body was not read: not HTML, over the size limit
    attempts: int = 1


@dataclass
class Outcome:
    """One URL fetched: ``status`` "ok", "skipped" (for good) or "failed" (try again later)."""

    url: str
    status: str
    reason: str = ""
    final_url: str = ""
    code: int = 0
    content_type: str = ""
    charset: str = ""
    body: bytes = b""


def user_agent(contact: str = "") -> str:
    """The User-Agent: the project, its version and the user's contact, if given."""
    about = f"research corpus builder; contact: {contact}" if contact else "research corpus builder"
    return f"{DISTRIBUTION}/{__version__} ({about})"


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc.lower()}"


def host_of(url_or_host: str) -> str:
    """The host (and port) of a URL or host, without a leading 'www.', to compare hosts."""
    netloc = urlsplit(url_or_host).netloc if "://" in url_or_host else url_or_host
    return netloc.lower().removeprefix("www.")


def _media(headers) -> tuple[str, str]:
    """The media type and charset of a Content-Type header, lower case ("" if none)."""
    value = headers.get("Content-Type") or ""
    charset = re.search(r";\s*charset\s*=\s*[\"']?([^\"';\s]+)", value, re.IGNORECASE)
    return value.split(";")[0].strip().lower(), charset[1].lower() if charset else ""


def _failure(reply: _Reply) -> str:
    tries = f"{reply.attempts} attempt{'s' if reply.attempts > 1 else ''}"
    return f"{reply.error or f'HTTP {reply.code}'} ({tries})"


class _Deadline:
    """Each attempt's time limit: a timer shuts the socket when it is up, ending the read
    however slowly the site sends."""

    def __init__(self, seconds: float) -> None:
        self.seconds, self.ends, self.timer = seconds, 0.0, None
        self.attempts = 0  # of the current request, retries included
        self.passed = False  # the current attempt was cut off

    def begin(self) -> None:
        self.cancel()
        self.attempts += 1
        self.passed, self.ends = False, time.monotonic() + self.seconds

    def arm(self, sock: socket.socket) -> None:
        def cut() -> None:
            self.passed = True
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)

        self.timer = threading.Timer(max(0.0, self.ends - time.monotonic()), cut)
        self.timer.daemon = True
        self.timer.start()

    def cancel(self) -> None:
        if self.timer is not None:
            self.timer.cancel()
            self.timer = None


class _Timed:
    """Mixed into urllib3's connections: each attempt starts and arms the ``deadline``."""

    deadline: _Deadline

    def request(self, *args, **kwargs) -> None:
        self.deadline.begin()
        super().request(*args, **kwargs)

    def getresponse(self):
        self.deadline.arm(self.sock)
        return super().getresponse()


class _Retry(Retry):
    """urllib3's ``Retry`` at our pace: the longest of the backoff, ``Retry-After`` and the
    host's delay; a ``Retry-After`` over ``max_wait`` ends the retries."""

    def __init__(self, *args, pace=lambda: 0.0, max_wait: float = 0.0, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.pace, self.max_wait = pace, max_wait

    def new(self, **kwargs) -> _Retry:
        return super().new(pace=self.pace, max_wait=self.max_wait, **kwargs)

    def asked(self, response) -> float | None:
        """The seconds a reply's ``Retry-After`` asks for (None if none or unreadable)."""
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
    """Makes the requests of one run, one at a time, keeping each host's robots.txt and pace."""

    def __init__(self, options: FetchOptions | None = None) -> None:
        self.options = options = options or FetchOptions()
        self.agent = user_agent(options.contact)
        self.deadline = _Deadline(options.timeout)
        self.retry = _Retry(
            total=options.retries, status_forcelist=[429, *range(500, 600)],
            backoff_factor=options.backoff, raise_on_status=False, retry_after_max=sys.maxsize,
            pace=lambda: self.delay_for(self.origin), max_wait=options.max_wait,
        )  # fmt: skip
        self.origin = ""  # of the request under way
        self.session = requests.Session()
        self.session.headers["User-Agent"] = self.agent
        self.session.max_redirects = MAX_REDIRECTS
        for scheme in ("http://", "https://"):
            self.session.mount(scheme, _Transport(self.retry, self.deadline))
        self.hosts = {host_of(h) for h in options.allow_hosts}
        self.robots: dict[str, RobotFileParser | str] = {}  # by origin; str: why none
        self.ready_at: dict[str, float] = {}  # by origin: the clock time of the next request

    def delay_for(self, origin: str) -> float:
        """Seconds between two requests to ``origin``: ``delay``, or robots.txt's if longer."""
        delays = [self.options.delay]
        rules = self.robots.get(origin)
        if isinstance(rules, RobotFileParser):
            delays.append((rules.crawl_delay(self.agent) or 0) / 1000)  # in ms: see _rules
            rate = rules.request_rate(self.agent)
            if rate and rate.requests:
                delays.append(rate.seconds / rate.requests)
        return max(delays)

    def get(self, url: str, kind: str = "page") -> _Reply:
        """Request ``url`` when its host's turn comes (``kind``: page, sitemap or robots)."""
        origin = self.origin = _origin(url)
        time.sleep(max(0.0, self.ready_at.get(origin, 0.0) - time.monotonic()))
        self.deadline.attempts = 0
        timed_out = _Reply(error=f"timed out after {self.options.timeout:g} s")
        try:
            with self.session.get(
                url, timeout=self.options.timeout, stream=True, allow_redirects=kind == "robots"
            ) as response:
                reply = self._read(response, kind)
                if self.deadline.passed:  # the socket was shut: not the whole page
                    reply = timed_out
        except requests.RequestException as error:
            cause = getattr(error.args[0] if error.args else None, "reason", error)
            reply = timed_out
            if not (
                isinstance(error, requests.Timeout)
                or isinstance(cause, Urllib3Timeout)
                or self.deadline.passed
            ):
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
        """The reply, with the body when wanted: a page only if HTML, never past the limit."""
        reply = _Reply(response.status_code, response.headers)
        if response.status_code in REDIRECTS and kind != "robots":
            return reply
        said = _media(response.headers)[0]
        if kind == "page" and 200 <= reply.code < 300 and said not in HTML_TYPES + UNSAID_TYPES:
            reply.refused = f"not HTML (Content-Type: {said})"
            return reply
        limit = self.options.max_bytes if kind == "page" else MAX_SITEMAP_BYTES
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
        reply.body = b"".join(chunks)
        return reply

    def _rules(self, origin: str) -> RobotFileParser | str:
        """The robots.txt rules of ``origin``, read on first use; a str says why there are none."""
        if origin not in self.robots:
            reply = self.get(f"{origin}/robots.txt", "robots")
            if reply.error or reply.refused or reply.code == 429 or reply.code >= 500:
                problem = reply.refused or _failure(reply)
                self.robots[origin] = f"robots.txt could not be read ({problem}), so not fetched"
                return self.robots[origin]
            rules = RobotFileParser(f"{origin}/robots.txt")
            if reply.code in (401, 403):
                rules.disallow_all = True
            elif reply.code >= 400:
                rules.allow_all = True  # no robots.txt: no rules
            else:
                # robotparser reads a Crawl-delay in whole seconds and drops "0.5": read in ms
                text = reply.body.decode("utf-8", "replace")
                text = _CRAWL_DELAY.sub(lambda m: f"{m[1]}{round(float(m[2]) * 1000)}", text)
                rules.parse(text.splitlines())
            self.robots[origin] = rules
            longer = self.delay_for(origin) - self.options.delay  # a Crawl-delay, from now on
            if longer > 0:
                self.ready_at[origin] = self.ready_at.get(origin, 0.0) + longer
        return self.robots[origin]

    def fetch(self, url: str, kind: str = "page") -> Outcome:
        """Fetch one URL, each redirect hop normalised, checked against robots.txt and, for a
        page, kept on the allowed hosts. Out: an ``Outcome``."""
        current = normalise_url(url)
        if current is None:
            return Outcome(url, "skipped", "not an http(s) URL")
        for hop in range(MAX_REDIRECTS + 1):
            after = f" (after a redirect to {current})" if hop else ""
            if kind == "page" and hop and host_of(current) not in self.hosts:
                reason = f"redirects off the allowed hosts, to {current}"
                return Outcome(url, "skipped", reason, current)
            rules = self._rules(_origin(current))
            if isinstance(rules, str):
                return Outcome(url, "failed", rules + after, current)
            if not rules.can_fetch(self.agent, current):
                return Outcome(url, "skipped", "disallowed by robots.txt" + after, current)
            reply = self.get(current, kind)
            location = reply.headers.get("Location") if reply.code in REDIRECTS else None
            if not location:
                return self._outcome(url, current, reply, kind)
            current = normalise_url(urljoin(current, location))
            if current is None:
                return Outcome(url, "skipped", f"redirects to a non-web address: {location}")
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
        elif kind == "page" and not (
            outcome.content_type in HTML_TYPES
            or looks_like_html(reply.body[:2000].decode("latin-1"))
        ):  # no Content-Type, or a generic binary one, as some servers send: the bytes tell
            said = reply.headers.get("Content-Type") or "none"
            outcome.reason = f"not HTML (Content-Type: {said}, and it does not start like a page)"
        else:
            outcome.status, outcome.body = "ok", reply.body
        return outcome

    def get_bytes(self, url: str) -> bytes:
        """A sitemap's bytes, robots.txt and pace kept. Raises ``SourceError`` if none."""
        outcome = self.fetch(url, kind="sitemap")
        if outcome.status != "ok":
            raise SourceError(f"{url}: {outcome.reason}")
        return outcome.body

    def schedule(self, urls: Iterable[str]) -> Iterator[str]:
        """The URLs in the order to fetch them: the next from the host whose turn comes first."""
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
