"""Small real sites for the crawl tests: a ThreadingHTTPServer on a loopback address serving a
dict of pages with ETags (304 on a match), an optional robots.txt and a request log.

Several hosts are several loopback addresses (127.0.0.1, 127.0.0.2, ...), each its own server.
"""

from __future__ import annotations

import hashlib
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from bacaudit.crawl.job import job_file_text


def page(title: str, *paragraphs: str, links: tuple[str, ...] = ()) -> bytes:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    nav = "".join(f'<a href="{href}">more</a> ' for href in links)
    return (
        f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{title}</title>'
        f"</head><body><article><h1>{title}</h1>{body}</article><nav>{nav}</nav></body></html>"
    ).encode()


@dataclass
class Hit:
    t: float
    path: str  # as sent on the request line (absolute-form through a proxy)
    headers: dict[str, str]
    status: int = 0


class _Handler(BaseHTTPRequestHandler):
    server: MiniSite  # type: ignore[assignment]
    protocol_version = "HTTP/1.1"

    def log_message(self, *args) -> None:
        pass

    def do_GET(self) -> None:
        site = self.server
        hit = Hit(time.monotonic(), self.path, {k.lower(): v for k, v in self.headers.items()})
        with site.lock:
            site.log.append(hit)
        status, headers, body = site.route(self.path, hit)
        hit.status = status
        self.send_response(status)
        for k, v in headers.items():
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


class MiniSite(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(
        self,
        pages: dict[str, bytes],
        host: str = "127.0.0.1",
        robots: str | None = None,
        page_delay: float = 0.0,
    ) -> None:
        super().__init__((host, 0), _Handler)
        self.pages = pages
        self.robots = robots
        self.page_delay = page_delay
        self.log: list[Hit] = []
        self.lock = threading.Lock()
        self.base = f"http://{host}:{self.server_address[1]}"
        threading.Thread(target=self.serve_forever, daemon=True).start()

    def handle_error(self, request, client_address) -> None:
        pass

    def route(self, path: str, hit: Hit) -> tuple[int, dict[str, str], bytes]:
        if path == "/robots.txt":
            if self.robots is None:
                return 404, {"Content-Type": "text/plain"}, b"none"
            return 200, {"Content-Type": "text/plain"}, self.robots.encode()
        body = self.pages.get(path)
        if body is None:
            return 404, {"Content-Type": "text/plain"}, b"not found"
        time.sleep(self.page_delay)
        etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
        if hit.headers.get("if-none-match") == etag:
            return 304, {"ETag": etag}, b""
        return 200, {"Content-Type": "text/html; charset=utf-8", "ETag": etag}, body

    def paths(self) -> list[str]:
        return [h.path for h in self.log if h.path != "/robots.txt"]

    def stop(self) -> None:
        self.shutdown()
        self.server_close()


@dataclass
class Job:
    """Job-file values for the small sites: fast, private addresses allowed."""

    tmp: Path
    values: dict[str, object] = field(default_factory=dict)

    def write(self, name: str = "job", **over: object) -> Path:
        values: dict[str, object] = {
            "name": name,
            "max_pages": 50,
            "max_depth": 3,
            "delay": 0.0,
            "timeout": 5,
            "retries": 0,
            "discover_sitemaps": False,
            "allow_private": True,
            "out": str(self.tmp / "out"),
            "db": str(self.tmp / "crawl.sqlite"),
        }
        values.update(self.values)
        values.update(over)
        path = self.tmp / f"{name}.toml"
        path.write_text(job_file_text(values), encoding="utf-8")
        return path
