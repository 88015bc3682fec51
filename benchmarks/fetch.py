"""How fast the fetch command's transport is, against a web site on 127.0.0.1.

    python benchmarks/fetch.py                       # 400 pages of 20 kB, 5 rounds
    python benchmarks/fetch.py --pages 200 --kb 100  # other sizes
    python benchmarks/fetch.py --other OTHER/src     # also another checkout's code, in turn

Starts a local web site (``http.server`` in a thread, robots.txt allowing
all), then runs ``helpers.web.fetch.fetch_urls`` on every page with no delay into
a new temporary folder, ``--rounds`` times, each in a fresh Python process
(the code under test, and with ``--other`` the other code, in turn). Prints
the fastest and the median round, in milliseconds per page, on the clock and
of the client's CPU time. The site and the client share the machine's cores,
so the clock figures include the server's work:
compare them with each other, not with a real site, where the network and the
``--delay`` between requests take far longer than either.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

HERE = Path(__file__).resolve().parent

CLIENT = """
import json, sys, tempfile, time
from helpers.web.fetch import fetch_urls
from helpers.web.polite import FetchOptions
base, pages = sys.argv[1], int(sys.argv[2])
urls = [f"{base}/p/{n}" for n in range(pages)]
with tempfile.TemporaryDirectory() as folder:
    began, cpu = time.perf_counter(), time.process_time()
    rows, _ = fetch_urls(urls, folder, FetchOptions(delay=0.0), progress=False)
    seconds, cpu = time.perf_counter() - began, time.process_time() - cpu
print(json.dumps([seconds, cpu, sum(row["status"] == "saved" for row in rows)]))
"""


def serve(kb: int) -> ThreadingHTTPServer:
    """A site on a free port of 127.0.0.1: robots.txt allows all; /p/N is a page of ``kb`` kB."""
    body = b"<!DOCTYPE html><html><body><p>" + b"word " * (kb * 200) + b"</p></body></html>"

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # keep-alive, as most sites serve
        wbufsize = 1 << 16  # headers and body in one write: no wait for a delayed ACK
        disable_nagle_algorithm = True

        def do_GET(self) -> None:  # noqa: N802 (the name http.server calls)
            data = b"User-agent: *\nAllow: /\n" if self.path == "/robots.txt" else body
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def one_round(src: Path, base: str, pages: int) -> tuple[float, float]:
    """Seconds per page of one run of ``fetch_urls`` with the code in ``src``, in a new process:
    on the clock, and of the client's CPU time (steadier on a machine others use)."""
    env = os.environ | {"PYTHONPATH": str(src)}
    done = subprocess.run(
        [sys.executable, "-c", CLIENT, base, str(pages)],
        env=env, capture_output=True, text=True, check=True,
    )  # fmt: skip
    seconds, cpu, saved = json.loads(done.stdout)
    if saved != pages:
        raise SystemExit(f"{src}: {saved} of {pages} pages saved")
    return seconds / pages, cpu / pages


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pages", type=int, default=400)
    parser.add_argument("--kb", type=int, default=20, help="size of each page")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--other", type=Path, help="the src/ folder of another checkout")
    args = parser.parse_args()
    server = serve(args.kb)
    base = f"http://127.0.0.1:{server.server_address[1]}"
    codes = {"this code": HERE.parent / "src"}
    if args.other:
        codes["other code"] = args.other.resolve()
    times: dict[str, list[tuple[float, float]]] = {name: [] for name in codes}
    for _ in range(args.rounds):
        for name, src in codes.items():
            times[name].append(one_round(src, base, args.pages))
    print(f"{args.pages} pages of {args.kb} kB, {args.rounds} rounds, ms per page:")
    for name, values in times.items():
        clock, cpu = (sorted(v[i] * 1e3 for v in values) for i in (0, 1))
        print(f"  {name}: clock fastest {clock[0]:.2f}, median {statistics.median(clock):.2f}; "
              f"CPU fastest {cpu[0]:.2f}, median {statistics.median(cpu):.2f}")  # fmt: skip
    server.shutdown()


if __name__ == "__main__":
    main()
