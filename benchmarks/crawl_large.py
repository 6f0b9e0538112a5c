"""The large-site crawl measurement: a generated site of N pages (default 20,000) on 127.0.0.1.

    PYTHONPATH=src python benchmarks/crawl_large.py [--pages 20000] [--jobs 2] [--concurrency 4]

Not part of the test suite (it takes minutes). What it does and prints (JSON at the end):

1. Serves N small articles from one local server, listed in a sitemap and linked to their
   neighbours, with ETags.
2. Crawls them with `bacaudit crawl` in a child process, sampling the resident memory of the
   crawl and its audit workers every 0.2 s, and kills it with SIGKILL part-way.
3. Resumes the killed run and checks that every page is audited exactly once and that no page
   finished before the kill is fetched again (at most the pages in flight are).
4. Reports pages per second, peak RSS, and RSS at each quarter of the crawl (flat memory means
   the later quarters are no higher than the first).
5. Checks the caps on a second, two-host job: `--max-pages` overall and `max_pages_per_host`.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import os
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import psutil

from bacaudit.crawl.job import job_file_text

ROOT = Path(__file__).resolve().parents[1]
WORDS = [
    "recovery",
    "counseling",
    "routine",
    "sleep",
    "family",
    "support",
    "meeting",
    "schedule",
    "walk",
    "journal",
    "friend",
    "evening",
    "morning",
    "plan",
    "goal",
    "week",
    "habit",
    "group",
    "talk",
    "note",
]


def page_html(i: int, n: int) -> bytes:
    words = [WORDS[(i * 7 + k * 3) % len(WORDS)] for k in range(24)]
    paras = [
        f"Week {i} notes: " + " ".join(words[:12]) + ".",
        "People in this group said that " + " ".join(words[12:]) + f" helped on day {i % 97}.",
    ]
    links = "".join(f'<a href="/p/{j}.html">next</a> ' for j in (i + 1, i + 2) if j < n)
    body = "".join(f"<p>{p}</p>" for p in paras)
    return (
        f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Notes {i}</title>'
        f"</head><body><article><h1>Notes {i}</h1>{body}</article><nav>{links}</nav></body></html>"
    ).encode()


class Site(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128

    def __init__(self, n: int, host: str = "127.0.0.1") -> None:
        super().__init__((host, 0), Handler)
        self.n = n
        self.hits: Counter[str] = Counter()
        self.lock = threading.Lock()
        self.base = f"http://{host}:{self.server_address[1]}"
        threading.Thread(target=self.serve_forever, daemon=True).start()


class Handler(BaseHTTPRequestHandler):
    server: Site  # type: ignore[assignment]
    protocol_version = "HTTP/1.1"

    def log_message(self, *args) -> None:
        pass

    def do_GET(self) -> None:
        path = self.path
        with self.server.lock:
            self.server.hits[path] += 1
        n, ctype = self.server.n, "text/html; charset=utf-8"
        if path == "/robots.txt":
            body, ctype = b"User-agent: *\nAllow: /\n", "text/plain"
        elif path == "/sitemap.xml":
            urls = "".join(f"<url><loc>{self.server.base}/p/{i}.html</loc></url>" for i in range(n))
            body = (
                '<?xml version="1.0" encoding="UTF-8"?>'
                f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>'
            ).encode()
            ctype = "application/xml"
        elif path.startswith("/p/") and path.endswith(".html") and path[3:-5].isdigit():
            i = int(path[3:-5])
            if i >= n:
                self.send_error(404)
                return
            body = page_html(i, n)
        else:
            self.send_error(404)
            return
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        self.send_header("ETag", '"' + hashlib.sha1(body).hexdigest()[:12] + '"')
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def job_file(tmp: Path, name: str, starts: list[str], **over: object) -> Path:
    values: dict[str, object] = {
        "name": name,
        "start_urls": starts,
        "max_pages": 1_000_000,
        "max_depth": 3,
        "delay": 0,
        "timeout": 10,
        "allow_private": True,
        "out": str(tmp / f"{name}-out"),
        "db": str(tmp / f"{name}.sqlite"),
    }
    values.update(over)
    path = tmp / f"{name}.toml"
    path.write_text(job_file_text(values), encoding="utf-8")
    return path


def tree_rss(proc: psutil.Process) -> int:
    total = 0
    try:
        for p in [proc, *proc.children(recursive=True)]:
            with contextlib.suppress(psutil.Error):
                total += p.memory_info().rss
    except psutil.Error:
        pass
    return total


def done_count(db: Path) -> int:
    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)
        try:
            return conn.execute(
                "SELECT COUNT(*) FROM frontier WHERE state IN ('done', 'error', 'duplicate')"
            ).fetchone()[0]
        finally:
            conn.close()
    except sqlite3.Error:
        return 0


def crawl(job: Path, extra: list[str], n: int, kill_at: int | None, samples: list) -> dict:
    """Run one `bacaudit crawl` child; sample RSS; SIGKILL it when `kill_at` pages are done."""
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    cmd = [sys.executable, "-m", "bacaudit", "crawl", "--job", str(job), *extra]
    t0 = time.monotonic()
    child = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    proc = psutil.Process(child.pid)
    db = Path(str(job).replace(".toml", ".sqlite"))
    killed = False
    last_check = 0.0
    while child.poll() is None:
        now = time.monotonic()
        done = done_count(db) if now - last_check > 1.0 or not samples else samples[-1][1]
        if now - last_check > 1.0:
            last_check = now
        samples.append((now - t0, done, tree_rss(proc)))
        if kill_at is not None and done >= kill_at:
            child.send_signal(signal.SIGKILL)
            killed = True
            break
        time.sleep(0.2)
    child.wait()
    err = child.stderr.read().decode() if child.stderr else ""
    return {
        "seconds": time.monotonic() - t0,
        "returncode": child.returncode,
        "killed": killed,
        "done": done_count(db),
        "stderr_tail": err.strip().splitlines()[-3:],
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--pages", type=int, default=20_000)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--concurrency", type=int, default=4)
    ap.add_argument("--kill-at", type=float, default=0.4, help="fraction done at the SIGKILL")
    args = ap.parse_args()
    n = args.pages
    tmp = Path(tempfile.mkdtemp(prefix="bacaudit-crawl-bench-"))
    site = Site(n)
    job = job_file(tmp, "large", [f"{site.base}/p/0.html"])
    extra = ["--jobs", str(args.jobs), "--concurrency", str(args.concurrency)]
    samples: list[tuple[float, int, int]] = []
    first = crawl(job, extra, n, int(n * args.kill_at), samples)
    hits_at_kill = Counter(site.hits)
    resumed_samples: list[tuple[float, int, int]] = []
    second = crawl(job, extra, n, None, resumed_samples)

    db = tmp / "large.sqlite"
    conn = sqlite3.connect(db)
    audits = conn.execute(
        "SELECT COUNT(*), COUNT(DISTINCT url) FROM audits WHERE run_id = 1"
    ).fetchone()
    status = conn.execute("SELECT status FROM runs").fetchall()
    conn.close()
    pages = {f"/p/{i}.html" for i in range(n)}
    refetched = [p for p in pages if hits_at_kill[p] and site.hits[p] > hits_at_kill[p]]
    fetched_twice = [p for p in pages if site.hits[p] > 1]
    never = [p for p in pages if not site.hits[p]]
    crawl_seconds = first["seconds"] + second["seconds"]

    every = samples + [(t + first["seconds"], d, r) for t, d, r in resumed_samples]
    quarters = []
    for q in (0.25, 0.5, 0.75, 1.0):
        window = [r for _, d, r in every if d <= q * n]
        quarters.append(round(max(window) / 2**20, 1) if window else None)

    # caps: two hosts, an overall cap and a per-host cap
    other = Site(n, "127.0.0.2")
    cap_job = job_file(
        tmp,
        "caps",
        [f"{site.base}/p/0.html", f"{other.base}/p/0.html"],
        max_pages=500,
        max_pages_per_host=200,
        discover_sitemaps=True,
    )
    site.hits.clear()
    caps = crawl(cap_job, extra, n, None, [])
    conn = sqlite3.connect(tmp / "caps.sqlite")
    per_host = dict(
        conn.execute(
            "SELECT host, COUNT(*) FROM frontier WHERE state IN ('done','error','duplicate') "
            "GROUP BY host"
        ).fetchall()
    )
    conn.close()
    page_hits = {
        "a": sum(c for p, c in site.hits.items() if p.startswith("/p/")),
        "b": sum(c for p, c in other.hits.items() if p.startswith("/p/")),
    }

    report = {
        "pages": n,
        "jobs": args.jobs,
        "concurrency": args.concurrency,
        "first_run": first,
        "resumed_run": second,
        "runs": [s[0] for s in status],
        "audits": {"rows": audits[0], "distinct_urls": audits[1]},
        "never_fetched": len(never),
        "fetched_more_than_once": len(fetched_twice),
        "finished_before_kill_and_fetched_again": len(refetched),
        "crawl_seconds": round(crawl_seconds, 1),
        "pages_per_second": round(n / crawl_seconds, 1),
        "peak_rss_mib": round(max(r for _, _, r in every) / 2**20, 1),
        "peak_rss_mib_by_quarter": quarters,
        "caps": {
            "run": caps,
            "requested_per_host": per_host,
            "page_requests_seen_by_servers": page_hits,
        },
        "tmp": str(tmp),
    }
    print(json.dumps(report, indent=2))
    ok = (
        status == [("completed",)]
        and audits == (n, n)
        and not never
        and len(refetched) <= args.concurrency + args.jobs * 2 + 2
        and all(c <= 200 for c in per_host.values())
        and sum(per_host.values()) <= 500
    )
    print("OK" if ok else "FAILED", file=sys.stderr)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
