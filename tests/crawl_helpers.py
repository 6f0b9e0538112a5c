"""A small fixture site on 127.0.0.1 for the crawl tests, with a request log.

Static pages come from tests/fixtures/site/; the rest is made here: robots.txt (one disallowed
folder and a Sitemap line), a sitemap, a redirect, a 429 with Retry-After then 200, a 500 then
200, a slow page, a huge page, a binary file, a page that changes between runs and one that
disappears. Static and changing pages answer conditional requests with 304.
"""

from __future__ import annotations

import contextlib
import hashlib
import threading
import time
from dataclasses import dataclass, field
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from bacaudit.crawl.job import job_file_text

SITE = Path(__file__).resolve().parent / "fixtures" / "site"
LAST_MODIFIED = formatdate(1_700_000_000, usegmt=True)

CHANGING = {
    1: (
        "What to expect in the first week",
        [
            "The first week of treatment sets the routine that later weeks build on.",
            "Call 555-0101 now and an intake coordinator will hold a bed for you.",
            "Most people meet their counselor on the second day.",
        ],
    ),
    2: (
        "What to expect in the first week",
        [
            "The first week of treatment sets the routine that later weeks build on.",
            "Most people meet their counselor on the second day.",
            "Text 555-0177 for a same-day assessment from our admissions desk.",
        ],
    ),
}
VANISHING = (
    "Seasonal support groups",
    ["Support groups meet on Tuesday evenings through the winter.", "Bring a friend if you like."],
)
DISALLOWED_PREFIX = "/private/"
# A site-wide promo pasted into the body of every static page (where the page says <!--promo-->):
# template boilerplate (BA311) once it recurs in enough pages of a crawl.
PROMO = "Every article in this journal is reviewed by the Harbor Light editorial board each spring."


def article_html(title: str, paragraphs: list[str]) -> bytes:
    body = "\n".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{title}</title>'
        f"</head><body><article><h1>{title}</h1>\n{body}\n</article></body></html>"
    ).encode()


@dataclass
class Hit:
    t: float  # time.monotonic() when the request arrived
    path: str
    headers: dict[str, str]
    status: int = 0


@dataclass
class SiteState:
    version: int = 1  # 1 on the first run; 2 makes changing.html change and vanishing.html go
    page_delay: float = 0.0  # seconds each article page waits before answering
    slow_seconds: float = 1.5
    huge_bytes: int = 300_000
    robots_status: int = 200  # 404: no robots.txt (allow all); 503: not ready (disallow all)
    crawl_delay: float | None = None  # a Crawl-delay line in robots.txt when set
    promo_paths: set[str] | None = None  # static pages that carry PROMO; None: all of them
    log: list[Hit] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def paths(self, *, pages_only: bool = False) -> list[str]:
        skip = ("/robots.txt", "/sitemap.xml")
        return [h.path for h in self.log if not (pages_only and h.path in skip)]


class _Handler(BaseHTTPRequestHandler):
    server: FixtureServer  # type: ignore[assignment]
    protocol_version = "HTTP/1.1"

    def log_message(self, *args) -> None:  # keep test output quiet
        pass

    def do_GET(self) -> None:
        st = self.server.state
        hit = Hit(time.monotonic(), self.path, {k.lower(): v for k, v in self.headers.items()})
        with st.lock:
            st.log.append(hit)
            n = st.counts[self.path] = st.counts.get(self.path, 0) + 1
        status, headers, body = self.route(self.path.split("?", 1)[0], n, hit)
        hit.status = status
        self.send_response(status)
        for k, v in headers.items():
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self.wfile.write(body)

    # -- routes ------------------------------------------------------------------------------

    def route(self, path: str, n: int, hit: Hit) -> tuple[int, dict[str, str], bytes]:
        st = self.server.state
        base = self.server.base
        html = {"Content-Type": "text/html; charset=utf-8"}
        if path == "/robots.txt":
            if st.robots_status != 200:
                return st.robots_status, {"Content-Type": "text/plain"}, b"no robots here"
            text = (
                "User-agent: *\n"
                f"Disallow: {DISALLOWED_PREFIX}\n"
                "Disallow: /*?print=\n"
                + (f"Crawl-delay: {st.crawl_delay}\n" if st.crawl_delay else "")
                + f"Sitemap: {base}/sitemap.xml\n"
            )
            return 200, {"Content-Type": "text/plain"}, text.encode()
        if path == "/sitemap.xml":
            locs = [
                "/articles/changing.html",
                "/flaky.html",
                "/busy.html",
                "/slow.html",
                "/huge.html",
                "/private/from-sitemap.html",
                "/articles/moved.html?print=1",
            ]
            urls = "".join(f"<url><loc>{base}{p}</loc></url>" for p in locs)
            xml = (
                '<?xml version="1.0" encoding="UTF-8"?>'
                f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>'
            )
            return 200, {"Content-Type": "application/xml"}, xml.encode()
        if path.startswith(DISALLOWED_PREFIX):
            return 200, html, article_html("Private", ["This must never be fetched."])
        if path == "/old-path.html":
            return 301, {"Location": "/articles/moved.html"}, b""
        if path == "/to-private.html":
            return 302, {"Location": DISALLOWED_PREFIX + "target.html"}, b""
        if path == "/to-outside.html":
            return 302, {"Location": "http://outside.example/landing.html"}, b""
        if path == "/busy.html":
            if n == 1:
                return 429, {"Retry-After": "1", "Content-Type": "text/plain"}, b"slow down"
            return self.cacheable(
                hit, article_html("Busy desk", ["We answered on the second try."])
            )
        if path == "/flaky.html":
            if n == 1:
                return 500, {"Content-Type": "text/plain"}, b"oops"
            return self.cacheable(hit, article_html("Flaky", ["The server recovered."]))
        if path == "/slow.html":
            time.sleep(st.slow_seconds)
            return 200, html, article_html("Slow", ["Too late."])
        if path == "/huge.html":
            return 200, html, b"<html><body><p>" + b"word " * (st.huge_bytes // 5) + b"</p>"
        if path == "/files/chart.png":
            return 200, {"Content-Type": "image/png"}, b"\x89PNG\r\n\x1a\n" + bytes(64)
        if path == "/articles/changing.html":
            time.sleep(st.page_delay)
            title, paras = CHANGING[st.version]
            return self.cacheable(hit, article_html(title, paras))
        if path == "/articles/vanishing.html":
            time.sleep(st.page_delay)
            if st.version >= 2:
                return 404, {"Content-Type": "text/plain"}, b"gone"
            return self.cacheable(hit, article_html(*VANISHING))
        file = (SITE / path.lstrip("/")) if path != "/" else SITE / "index.html"
        if file.is_file() and SITE in file.resolve().parents:
            time.sleep(st.page_delay)
            body = file.read_bytes().replace(b"http://HARBOR", base.encode())
            promo = st.promo_paths is None or path in st.promo_paths
            body = body.replace(b"<!--promo-->", f"<p>{PROMO}</p>".encode() if promo else b"")
            return self.cacheable(hit, body)
        return 404, {"Content-Type": "text/plain"}, b"not found"

    def cacheable(self, hit: Hit, body: bytes) -> tuple[int, dict[str, str], bytes]:
        etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
        headers = {
            "Content-Type": "text/html; charset=utf-8",
            "ETag": etag,
            "Last-Modified": LAST_MODIFIED,
        }
        if hit.headers.get("if-none-match") == etag:
            return 304, {"ETag": etag}, b""
        return 200, headers, body


class FixtureServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, state: SiteState) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.state = state
        self.base = f"http://127.0.0.1:{self.server_address[1]}"
        self._thread = threading.Thread(target=self.serve_forever, daemon=True)

    def handle_error(self, request, client_address) -> None:
        pass  # a client that gave up (a timeout test) is expected, not a failure

    def start(self) -> FixtureServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self.shutdown()
        self.server_close()


def job_toml(base: str, tmp: Path, **over: object) -> Path:
    """A job file for the fixture site with fast settings; `over` replaces keys."""
    values: dict[str, object] = {
        "name": "fixture",
        "start_urls": [f"{base}/"],
        "max_pages": 40,
        "max_depth": 2,
        "delay": 0.2,
        "timeout": 0.5,
        "retries": 1,
        "backoff": 0.01,
        "max_bytes": 100_000,
        "allow_private": True,
        "out": str(tmp / "out"),
        "db": str(tmp / "crawl.sqlite"),
    }
    values.update(over)
    path = tmp / "job.toml"
    path.write_text(job_file_text(values), encoding="utf-8")
    return path
