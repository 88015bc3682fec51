"""Polite HTTP for ``python -m helpers fetch``: robots.txt, pace, retries, redirects.

``Fetcher`` makes every request of a run, one at a time:

- a URL that the site's ``robots.txt`` disallows is never requested (the
  rules are read once per site, with the same User-Agent as the pages);
- two requests to one host are at least ``delay`` seconds apart, longer if
  the site's ``Crawl-delay`` or ``Request-rate`` asks for it;
- the User-Agent names the project, its version and the user's contact;
- timeouts, connection errors, 429 and 5xx answers are retried after a pause
  that doubles each time, or after the site's ``Retry-After`` if longer;
- redirects are followed one hop at a time, each hop checked against
  robots.txt and, for pages, against the allowed hosts;
- a page's body is read only when it is HTML and within the size limit.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import re
import time
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit
from urllib.robotparser import RobotFileParser

import requests

from . import __version__
from .corpus import DEFAULT_MAX_BYTES, looks_like_html
from .sitemaps import MAX_SITEMAP_BYTES, SourceError, normalise_url

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
    each next one after twice as long; ``timeout`` seconds per request;
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


def _retry_after(value: str | None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header (seconds, or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return max((when - dt.datetime.now(dt.UTC)).total_seconds(), 0.0)


def _media(headers) -> tuple[str, str]:
    """The media type and the charset of a Content-Type header, in lower case ("" if none)."""
    value = headers.get("Content-Type") or ""
    charset = re.search(r";\s*charset\s*=\s*[\"']?([^\"';\s]+)", value, re.IGNORECASE)
    return value.split(";")[0].strip().lower(), charset[1].lower() if charset else ""


def _failure(reply: _Reply) -> str:
    tries = f"{reply.attempts} attempt{'s' if reply.attempts > 1 else ''}"
    return f"{reply.error or f'HTTP {reply.code}'} ({tries})"


class Fetcher:
    """Makes the requests of one run, keeping each host's robots.txt and pace.

    In: ``FetchOptions``. One request at a time: the fetcher never starts a
    request before the previous one has ended.
    """

    def __init__(self, options: FetchOptions | None = None) -> None:
        self.options = options or FetchOptions()
        self.agent = user_agent(self.options.contact)
        self.session = requests.Session()
        self.session.headers["User-Agent"] = self.agent
        self.session.max_redirects = MAX_REDIRECTS
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

    def _once(self, url: str, kind: str) -> _Reply:
        """One request, after waiting for the host's turn; the body read only if wanted."""
        origin = _origin(url)
        pause = self.ready_at.get(origin, 0.0) - time.monotonic()
        if pause > 0:
            time.sleep(pause)
        limit = self.options.max_bytes if kind == "page" else MAX_SITEMAP_BYTES
        try:
            with self.session.get(
                url, timeout=self.options.timeout, stream=True, allow_redirects=kind == "robots"
            ) as response:
                reply = _Reply(response.status_code, response.headers)
                kind_of = _media(response.headers)[0]
                size = response.headers.get("Content-Length", "")
                if response.status_code in REDIRECTS and kind != "robots":
                    return reply
                if kind == "page" and 200 <= reply.code < 300:
                    if kind_of not in HTML_TYPES + UNSAID_TYPES:
                        reply.refused = f"not HTML (Content-Type: {kind_of})"
                        return reply
                too_big = f"over the {limit / 1e6:g} MB limit (--max-mb)"
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
        except requests.Timeout:
            return _Reply(error=f"timed out after {self.options.timeout:g} s")
        except requests.RequestException as error:
            return _Reply(error=f"connection failed ({type(error).__name__})")
        finally:
            self.ready_at[origin] = time.monotonic() + self.delay_for(origin)

    def get(self, url: str, kind: str = "page") -> _Reply:
        """Request ``url``, retrying timeouts, connection errors, 429 and 5xx answers.

        Each retry waits ``backoff`` seconds, doubled at each attempt, or the
        ``Retry-After`` the site sent if longer, and never less than the
        host's delay. A ``Retry-After`` over ``max_wait`` ends the retries.
        """
        for attempt in range(1, self.options.retries + 2):
            reply = self._once(url, kind)
            reply.attempts = attempt
            transient = bool(reply.error) or reply.code == 429 or 500 <= reply.code < 600
            if not transient or attempt > self.options.retries:
                return reply
            wait = self.options.backoff * 2 ** (attempt - 1)
            asked = _retry_after(reply.headers.get("Retry-After"))
            if asked is not None and asked > self.options.max_wait:
                reply.error = (
                    f"HTTP {reply.code}, and the site asked to wait {asked:.0f} s "
                    f"(Retry-After), more than --max-wait {self.options.max_wait:g} s"
                )
                return reply
            wait = max(wait, asked or 0.0)
            origin = _origin(url)
            self.ready_at[origin] = max(self.ready_at.get(origin, 0.0), time.monotonic() + wait)
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
