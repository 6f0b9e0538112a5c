"""A tiny site on 127.0.0.1 to crawl, and `bacaudit serve` run by uvicorn in a thread."""

from __future__ import annotations

import contextlib
import functools
import http.server
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

from crawl_helpers import article_html, job_toml

HOSTILE_PAGE = Path(__file__).resolve().parent / "fixtures" / "hostile" / "hostile.html"
PROMO_LINE = "Call now at (555) 013-7788 for a free, confidential consultation with our team!"
TOKEN = "t0ken-for-the-review-tests"


def write_site(root: Path) -> None:
    """Index -> intake page (a call to action and a dose contradiction) and the hostile page."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "index.html").write_bytes(
        b'<!doctype html><html><head><title>Site</title></head><body><article><h1>Guides</h1>'
        b'<p>Our guides to treatment.</p><ul><li><a href="/intake.html">Intake</a></li>'
        b'<li><a href="/hostile.html">Label</a></li></ul></article></body></html>'
    )
    (root / "intake.html").write_bytes(
        article_html(
            "Starting baclofen safely",
            [
                "Baclofen is started at a low dose and raised slowly over several weeks.",
                "The maximum dose of baclofen is 160 mg per day for most adults.",
                PROMO_LINE,
            ],
        )
    )
    (root / "hostile.html").write_bytes(HOSTILE_PAGE.read_bytes())


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


@contextlib.contextmanager
def site_server(root: Path) -> Iterator[str]:
    handler = functools.partial(_Quiet, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def crawl_job(base: str, tmp: Path):
    from bacaudit.crawl import load_job

    path = job_toml(base, tmp, name="review", delay=0.0, timeout=5.0, max_pages=10)
    return load_job(path)


@contextlib.contextmanager
def serving(state) -> Iterator[str]:
    """The app under a real uvicorn server on a free loopback port."""
    import uvicorn

    from bacaudit.review.app import create_app

    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    config = uvicorn.Config(create_app(state), log_level="warning", access_log=False)
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.02)
    assert server.started, "uvicorn did not start"
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()
