"""Several sites at once: hosts on 127.0.0.1, 127.0.0.2 and 127.0.0.3, each its own server.
Each host keeps its own delay; together they take about a third of the sequential time; a
multi-host crawl killed with SIGKILL resumes exactly."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from itertools import pairwise
from pathlib import Path

import pytest

from bacaudit.crawl import load_job, run_crawl
from crawl_sites import Job, MiniSite, page

SRC = Path(__file__).resolve().parents[1] / "src"
HOSTS = ("127.0.0.1", "127.0.0.2", "127.0.0.3")
DELAY = 0.5


def site_pages(host: str, n: int) -> dict[str, bytes]:
    links = tuple(f"/n{i}.html" for i in range(1, n))
    out = {"/": page(f"Notes from {host}", f"The index of {host}.", links=links)}
    for i in range(1, n):
        out[f"/n{i}.html"] = page(f"Note {i}", f"Note {i} of {host}: rest is part of the plan.")
    return out


@pytest.fixture
def hosts():
    try:
        servers = [MiniSite(site_pages(h, 3), h) for h in HOSTS]
    except OSError as exc:  # pragma: no cover - a machine without the 127/8 loopback range
        pytest.skip(f"cannot listen on every loopback address: {exc}")
    yield servers
    for s in servers:
        s.stop()


def _span(servers: list[MiniSite]) -> float:
    times = [h.t for s in servers for h in s.log]
    return max(times) - min(times)


def test_three_hosts_crawl_in_about_a_third_of_the_sequential_time(hosts, tmp_path, auditor):
    """Sequential: the three sites crawled one after another, as a crawl of one site at a time
    would. Together: one job over the three hosts."""
    jobs = Job(tmp_path, {"delay": DELAY})
    sequential = 0.0
    for i, s in enumerate(hosts):
        one = load_job(
            jobs.write(f"one-{i}", start_urls=[f"{s.base}/"], db=str(tmp_path / f"{i}.db"))
        )
        outcome = run_crawl(one, auditor=auditor, log=lambda _: None)
        assert outcome.counts["audited"] == 3
        sequential += _span([s])
        s.log.clear()
    together = load_job(
        jobs.write("together", start_urls=[f"{s.base}/" for s in hosts], concurrency=3)
    )
    outcome = run_crawl(together, auditor=auditor, log=lambda _: None)
    parallel = _span(hosts)
    assert outcome.counts["audited"] == 9
    # 4 requests per host (robots.txt and 3 pages) spaced by the delay: 1.5 s at least per host
    assert sequential >= 3 * 3 * DELAY * 0.95
    assert 3 * DELAY * 0.9 <= parallel < 0.5 * sequential, (parallel, sequential)
    for s in hosts:  # each host still waited its delay between its own requests
        starts_at = [h.t for h in s.log]
        assert len(starts_at) == 4
        assert all(b - a >= DELAY * 0.9 for a, b in pairwise(starts_at))
    # and the hosts really were asked at the same time
    firsts = sorted(s.log[0].t for s in hosts)
    assert firsts[-1] - firsts[0] < DELAY


def _q(db: Path, sql: str) -> list[tuple]:
    conn = sqlite3.connect(db)
    try:
        return [tuple(r) for r in conn.execute(sql)]
    except sqlite3.OperationalError:
        return []
    finally:
        conn.close()


def test_a_killed_multi_host_crawl_resumes_exactly(tmp_path, auditor):
    try:
        servers = [MiniSite(site_pages(h, 5), h, page_delay=0.3) for h in HOSTS]
    except OSError as exc:  # pragma: no cover
        pytest.skip(f"cannot listen on every loopback address: {exc}")
    try:
        starts = [f"{s.base}/" for s in servers]
        job_path = Job(tmp_path, {"start_urls": starts, "delay": 0.1}).write(
            "fleet", concurrency=3, max_pages_per_host=4, host_retry_budget=5
        )
        db = tmp_path / "crawl.sqlite"
        cmd = [sys.executable, "-m", "bacaudit", "crawl", "--job", str(job_path)]
        env = {k: v for k, v in os.environ.items() if not k.startswith("BACAUDIT")}
        env["PYTHONPATH"] = str(SRC)
        first = subprocess.Popen(cmd, cwd=tmp_path, env=env, stderr=subprocess.PIPE, text=True)
        deadline = time.monotonic() + 90
        done = "SELECT COUNT(*) FROM frontier WHERE state = 'done'"
        while time.monotonic() < deadline and first.poll() is None:
            rows = _q(db, done)
            if rows and rows[0][0] >= 4:
                break
            time.sleep(0.05)
        assert first.poll() is None, "the crawl ended before it could be killed"
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=10)
        at_kill = {s.base: [h.path for h in s.log if h.path != "/robots.txt"] for s in servers}
        done_at_kill = _q(db, done)[0][0]
        assert _q(db, "SELECT status FROM runs") == [("running",)]
        assert 4 <= done_at_kill < 12

        logs: list[str] = []  # resumed in this process (same code, no second start-up)
        outcome = run_crawl(load_job(job_path), auditor=auditor, log=logs.append)
        assert outcome.resumed and "resuming unfinished run 1 of job fleet" in logs
        assert _q(db, "SELECT id, status FROM runs") == [(1, "completed")]
        refetched = 0
        for s in servers:
            paths = [h.path for h in s.log if h.path != "/robots.txt"]
            after = paths[len(at_kill[s.base]) :]
            assert len(after) == len(set(after))
            refetched += len(set(at_kill[s.base]) & set(after))
            assert len(set(paths)) == 4  # the per-host cap held across the kill
        assert refetched <= 3  # at most the pages in flight (one per host)
        per_host = _q(
            db,
            "SELECT host, COUNT(*) FROM audits a JOIN frontier f ON f.url = a.url "
            "AND f.run_id = a.run_id GROUP BY host",
        )
        assert sorted(n for _, n in per_host) == [4, 4, 4]
        assert len(_q(db, "SELECT * FROM hosts WHERE run_id = 1")) == 3
    finally:
        for s in servers:
            s.stop()
