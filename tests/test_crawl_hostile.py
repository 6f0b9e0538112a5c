"""A hostile site on 127.0.0.1: link traps, odd schemes, bad bytes, a drip-fed body, a huge
Crawl-delay. The crawl must end, stay inside its limits and its output folder, and report
each bad page on one line that names it."""

from __future__ import annotations

import http.server
import sqlite3
import threading
import time
from pathlib import Path

import pytest

from bacaudit.crawl import load_job, run_crawl
from bacaudit.crawl.urls import MAX_URL_LENGTH
from crawl_helpers import article_html, job_toml

LONG_PATH = "/long/" + "a" * (MAX_URL_LENGTH + 10) + ".html"


def index_html() -> bytes:
    links = [
        "/trap?page=0",
        *(f"/trap?page={n}&sort=asc" for n in range(60)),
        LONG_PATH,
        "javascript:alert(1)",
        "file:///etc/passwd",
        "ftp://127.0.0.1/file.txt",
        "data:text/html,<p>x</p>",
        "/../../../../etc/passwd",
        "/..%2F..%2F..%2Fescape%2Fout.html",
        "/bad-encoding.html",
        "/broken.html",
        "/drip.html",
        "/binary.html",
        "/error.html",
        "/missing.html",
    ]
    body = "".join(f'<li><a href="{h}">link</a></li>' for h in links)
    return (
        "<!doctype html><html><head><title>Index</title></head><body><article>"
        "<h1>Index</h1><p>A page of links to odd places, for the crawler to survive.</p>"
        f"<ul>{body}</ul></article></body></html>"
    ).encode()


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args) -> None:
        pass

    def send(self, status: int, body: bytes, ctype: str = "text/html; charset=utf-8") -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        srv = self.server
        srv.paths.append(self.path)  # type: ignore[attr-defined]
        path = self.path.split("?", 1)[0]
        if path == "/robots.txt":
            delay = srv.crawl_delay  # type: ignore[attr-defined]
            text = "User-agent: *\nDisallow:\n" + (f"Crawl-delay: {delay}\n" if delay else "")
            return self.send(200, text.encode(), "text/plain")
        if path == "/":
            return self.send(200, index_html())
        if path == "/trap":  # every page links to ten more variants of itself
            n = int(self.path.rsplit("=", 1)[-1]) if "page=" in self.path else 0
            links = "".join(f'<a href="/trap?page={n * 10 + k}">more</a> ' for k in range(1, 11))
            body = f"<html><body><article><h1>Page {n}</h1><p>{links}</p></article></body></html>"
            return self.send(200, body.encode())
        if path == "/bad-encoding.html":
            body = article_html("Encoding", ["Caf\u00e9 au lait for breakfast every morning."])
            return self.send(200, body.replace("\u00e9".encode(), b"\xe9\xff\xfe"))
        if path == "/broken.html":
            body = b"<html><body><div><table><tr><td><p>Unclosed <b><i>tags " * 200 + b"<<>>&&;"
            return self.send(200, body)
        if path == "/binary.html":
            return self.send(200, b"\x00\x01\x02" * 400)
        if path == "/error.html":
            return self.send(500, b"broken", "text/plain")
        if path == "/drip.html":  # one byte every 50 ms of a declared 100 kB: never finishes
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", "100000")
            self.end_headers()
            try:
                for _ in range(2000):
                    self.wfile.write(b"x")
                    self.wfile.flush()
                    time.sleep(0.05)
            except OSError:
                pass
            return None
        return self.send(404, b"not found", "text/plain")


@pytest.fixture
def hostile():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    server.paths = []  # type: ignore[attr-defined]
    server.crawl_delay = None  # type: ignore[attr-defined]
    server.handle_error = lambda *a: None  # type: ignore[method-assign]
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server, f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_hostile_site_is_survived_within_limits(hostile, tmp_path, auditor):
    server, base = hostile
    job = load_job(
        job_toml(
            base,
            tmp_path,
            max_pages=60,
            max_depth=4,
            max_query_variants=5,
            delay=0.0,
            timeout=0.5,
            retries=0,
            discover_sitemaps=False,
        )
    )
    logs: list[str] = []
    t0 = time.monotonic()
    outcome = run_crawl(job, auditor=auditor, log=logs.append)
    assert time.monotonic() - t0 < 30
    assert outcome.exit_code == 0

    db = sqlite3.connect(job.db)
    frontier = [r[0] for r in db.execute("SELECT url FROM frontier")]
    db.close()
    # link traps: at most max_query_variants queries of one path, and the cap is said once
    assert sum(u.startswith(f"{base}/trap?") for u in frontier) == 5
    assert sum(p.startswith("/trap?") for p in server.paths) <= 5
    assert [ln for ln in logs if "query variants" in ln] == [
        f"{base}/trap: more than 5 query variants; the rest are not crawled in this run"
    ]
    # no other scheme, nothing longer than the cap, ever queued or asked for
    assert all(u.startswith(base + "/") for u in frontier)
    assert all(len(u) <= MAX_URL_LENGTH for u in frontier)
    assert not [p for p in server.paths if p.startswith("/long/")]

    # each bad page: one line naming it, and the run went on
    def line_for(path: str) -> str:
        found = [ln for ln in logs if ln.startswith(f"{base}{path}: ")]
        assert len(found) == 1, (path, logs)
        assert "\n" not in found[0] and len(found[0]) < 300
        return found[0]

    assert "timed out after 0.5 s" in line_for("/drip.html")
    assert "binary content" in line_for("/binary.html")
    assert "HTTP 500" in line_for("/error.html")
    assert "HTTP 404" in line_for("/missing.html")
    # odd bytes and broken markup are still pages: audited, not errors
    audited = {r.article.source for r in _results(job.db, outcome.run_id)}
    assert {f"{base}/bad-encoding.html", f"{base}/broken.html"} <= audited

    # nothing written outside the output folder, whatever the URLs looked like
    out = Path(job.out).resolve()
    outside = {
        p.relative_to(tmp_path).as_posix()
        for p in tmp_path.rglob("*")
        if p.is_file() and out not in p.resolve().parents
    }
    assert outside <= {"job.toml", "crawl.sqlite", "crawl.sqlite-wal", "crawl.sqlite-shm",
                       "crawl.sqlite.lock"}  # fmt: skip
    html_files = list((outcome.out_dir / "html").rglob("*.html"))
    assert len(html_files) >= len(audited)
    assert all(len(p.name) <= 255 for p in html_files)


def _results(db_path: str, run_id: int):
    from bacaudit.store import Store

    store = Store(db_path)
    try:
        return store.results(run_id)
    finally:
        store.close()


def test_huge_crawl_delay_is_capped(hostile, tmp_path, auditor):
    server, base = hostile
    server.crawl_delay = 100000
    sleeps: list[float] = []
    job = load_job(
        job_toml(base, tmp_path, max_pages=3, max_depth=1, delay=0.0, discover_sitemaps=False)
    )
    logs: list[str] = []
    t0 = time.monotonic()
    run_crawl(job, auditor=auditor, log=logs.append, sleep=sleeps.append)
    assert time.monotonic() - t0 < 20
    assert sleeps and max(sleeps) <= 60.0
    assert any("Crawl-delay of 100000 s lowered to 60 s" in ln for ln in logs)
