"""Crawl acceptance against the fixture site on 127.0.0.1 (see tests/crawl_helpers.py)."""

from __future__ import annotations

import copy
import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
from itertools import pairwise
from pathlib import Path

import pytest

from bacaudit.crawl import load_job, run_crawl
from bacaudit.models import Document
from bacaudit.rules.base import Rule
from bacaudit.store import findings_dataframe
from crawl_helpers import CHANGING, FixtureServer, SiteState, article_html, job_toml

DELAY = 0.2


class PhoneNumberPitch(Rule):
    """A sentence that pushes a phone or text number; added to the crawl tests' auditor only,
    so the diff assertions do not hang on how the shipped marketing rules evolve."""

    code = "BA990"
    name = "PhoneNumberPitch"
    category = "marketing"
    severity = "medium"
    message = "A phone-number call to action."

    def check(self, ctx):
        for s in ctx.sentences:
            if re.search(r"\b(call|text)\s+\d{3}-\d{4}\b", s.text, re.I):
                yield self.finding(ctx, s.start, s.end)


@pytest.fixture(scope="module")
def crawl_auditor(auditor):
    aud = copy.copy(auditor)
    aud.rules = [*auditor.rules, PhoneNumberPitch()]
    return aud


def q(db: Path, sql: str, *params) -> list[tuple]:
    conn = sqlite3.connect(db)
    try:
        return [tuple(r) for r in conn.execute(sql, params)]
    finally:
        conn.close()


class Runs:
    """Two runs of one job against one site: version 1, then version 2."""

    def __init__(self, tmp: Path, auditor) -> None:
        self.state = SiteState()
        self.server = FixtureServer(self.state).start()
        self.tmp = tmp
        self.job = load_job(job_toml(self.server.base, tmp, delay=DELAY))
        self.db = Path(self.job.db)
        self.logs: list[str] = []
        self.first = run_crawl(self.job, auditor=auditor, log=self.logs.append)
        self.hits1 = list(self.state.log)
        self.state.version = 2
        self.state.log.clear()
        self.second = run_crawl(self.job, auditor=auditor, log=self.logs.append)
        self.hits2 = list(self.state.log)
        self.server.stop()

    def url(self, path: str) -> str:
        return self.server.base + path


@pytest.fixture(scope="module")
def runs(tmp_path_factory, crawl_auditor) -> Runs:
    return Runs(tmp_path_factory.mktemp("crawl"), crawl_auditor)


ALLOWED = [
    "/",
    "/articles/schedule.html",
    "/articles/changing.html",
    "/articles/vanishing.html",
    "/articles/moved.html",
    "/articles/taper.html",
    "/flaky.html",
    "/busy.html",
]


# -- first run --------------------------------------------------------------------------------


def test_first_run_audits_every_allowed_page(runs):
    audited = q(runs.db, "SELECT url FROM audits WHERE run_id = ?", runs.first.run_id)
    assert sorted(u for (u,) in audited) == sorted(runs.url(p) for p in ALLOWED)
    assert runs.first.counts["audited"] == len(ALLOWED)
    errors = dict(q(runs.db, "SELECT url, note FROM frontier WHERE state = 'error' AND run_id = 1"))
    assert errors == {
        runs.url("/slow.html"): "timed out after 0.5 s (1 retries)",
        runs.url("/huge.html"): "response larger than 100,000 bytes",
        runs.url("/files/chart.png"): "content type image/png is not HTML or text",
    }
    assert runs.first.exit_code == 0


def test_first_run_never_requests_disallowed_or_out_of_scope(runs):
    paths = [h.path for h in runs.hits1 + runs.hits2]
    assert not [p for p in paths if p.startswith("/private/") or "print=" in p]
    assert "/articles/deep.html" not in paths  # beyond max_depth
    robots = q(runs.db, "SELECT url FROM frontier WHERE state = 'robots' AND run_id = 1")
    assert sorted(u for (u,) in robots) == sorted(
        runs.url(p)
        for p in (
            "/private/staff-notes.html",
            "/private/from-sitemap.html",
            "/articles/moved.html?print=1",
        )
    )
    assert paths.count("/robots.txt") == 2  # once per host per run
    assert not q(runs.db, "SELECT url FROM frontier WHERE url LIKE '%outside.example%'")


def test_first_run_retries_429_and_500_and_follows_the_redirect(runs):
    paths = [(h.path, h.status) for h in runs.hits1]
    assert paths.count(("/busy.html", 429)) == 1 and paths.count(("/busy.html", 200)) == 1
    assert paths.count(("/flaky.html", 500)) == 1 and paths.count(("/flaky.html", 200)) == 1
    busy = [h.t for h in runs.hits1 if h.path == "/busy.html"]
    assert busy[1] - busy[0] >= 0.95  # Retry-After: 1 honoured
    assert ("/old-path.html", 301) in paths and ("/articles/moved.html", 200) in paths


def test_first_run_keeps_the_per_host_delay(runs):
    for hits in (runs.hits1, runs.hits2):
        times = [h.t for h in hits]
        gaps = [b - a for a, b in pairwise(times)]
        assert min(gaps) >= DELAY * 0.9, gaps
    assert len(runs.first.requests) == len(runs.hits1)  # the crawler's own log agrees


def test_one_audit_per_page_under_canonical_and_tracking_variants(runs):
    rows = q(runs.db, "SELECT url FROM audits WHERE run_id = 1")
    assert len(rows) == len(set(rows))
    assert (runs.url("/articles/schedule-print.html"),) not in rows
    assert not [r for r in rows if "utm_" in r[0]]
    states = dict(q(runs.db, "SELECT url, state FROM frontier WHERE run_id = 1"))
    print_state = states[runs.url("/articles/schedule-print.html")]
    schedule_state = states[runs.url("/articles/schedule.html")]
    assert {print_state, schedule_state} <= {"done", "duplicate", "alias"}
    assert "done" in {print_state, schedule_state}


# -- second run -------------------------------------------------------------------------------


def test_second_run_sends_conditional_requests_and_gets_304(runs):
    by_path = {h.path: h for h in runs.hits2}
    for path in ALLOWED:
        hit = by_path[path]
        assert hit.headers.get("if-none-match", "").startswith('"'), path
        assert hit.headers.get("if-modified-since"), path
    not_modified = {h.path for h in runs.hits2 if h.status == 304}
    unchanged = set(ALLOWED) - {"/articles/changing.html", "/articles/vanishing.html"}
    assert not_modified == unchanged | {"/articles/schedule-print.html"}  # its duplicate too
    assert runs.second.counts["not_modified"] == len(not_modified)


def test_second_run_reaudits_only_the_changed_page(runs):
    fresh = q(runs.db, "SELECT url FROM audits WHERE run_id = 2 AND carried_from IS NULL")
    assert fresh == [(runs.url("/articles/changing.html"),)]
    carried = q(runs.db, "SELECT url FROM audits WHERE run_id = 2 AND carried_from IS NOT NULL")
    assert len(carried) == len(ALLOWED) - 2
    # carried findings are the same as last time for every unchanged page
    for (url,) in carried:
        sql = "SELECT fingerprint FROM findings WHERE run_id = ? AND url = ? ORDER BY fingerprint"
        assert q(runs.db, sql, 1, url) == q(runs.db, sql, 2, url)


def _fingerprints(auditor, html: bytes) -> set[str]:
    result = auditor.audit_document(Document(source="x", content=html, kind="html"))
    return {f.fingerprint for f in result.findings}


def test_diff_lists_exactly_new_resolved_and_gone(runs, crawl_auditor):
    diff = runs.second.diff
    changing = runs.url("/articles/changing.html")
    v1 = _fingerprints(crawl_auditor, article_html(*CHANGING[1]))
    v2 = _fingerprints(crawl_auditor, article_html(*CHANGING[2]))
    assert {(f["url"], f["fingerprint"]) for f in diff["new"]} == {(changing, x) for x in v2 - v1}
    assert {(f["url"], f["fingerprint"]) for f in diff["resolved"]} == {
        (changing, x) for x in v1 - v2
    }
    assert any(f["rule"] == "BA990" and "555-0177" in f["text"] for f in diff["new"])
    assert any(f["rule"] == "BA990" and "555-0101" in f["text"] for f in diff["resolved"])
    assert diff["gone_pages"] == [runs.url("/articles/vanishing.html")]
    assert diff["changed_pages"] == [changing]
    assert diff["previous_run_id"] == runs.first.run_id
    c = runs.second.counts
    assert (c["new"], c["resolved"], c["gone"]) == (len(v2 - v1), len(v1 - v2), 1)


def test_every_run_writes_reports_and_diff(runs):
    out = Path(runs.job.out)
    for outcome in (runs.first, runs.second):
        d = outcome.out_dir
        assert d is not None and d.parent == out
        report = json.loads((d / "report.json").read_text())
        audited = q(runs.db, "SELECT COUNT(*) FROM audits WHERE run_id = ?", outcome.run_id)
        assert len(report["articles"]) == audited[0][0]
        assert (d / "report.csv").stat().st_size > 0
        assert any((d / "html").iterdir())
        assert json.loads((d / "diff.json").read_text())["run_id"] == outcome.run_id
    text = (runs.second.out_dir / "diff.txt").read_text()
    assert "pages gone:        1" in text and "vanishing.html" in text
    assert (out / "latest").resolve() == runs.second.out_dir.resolve()


def test_history_and_dataframe(runs, capsys):
    from bacaudit.cli import main

    assert main(["history", "--db", str(runs.db), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [r["status"] for r in data["runs"]] == ["completed", "completed"]
    second = data["runs"][1]["summary"]
    assert second["gone"] == 1 and second["audited"] == 1
    assert second["not_modified"] == runs.second.counts["not_modified"]
    assert main(["history", "--db", str(runs.db)]) == 0
    text = capsys.readouterr().out
    assert "fetched" in text and "resolved" in text and len(text.strip().splitlines()) == 3

    df = findings_dataframe(runs.db)
    n2 = q(runs.db, "SELECT COUNT(*) FROM findings WHERE run_id = 2")[0][0]
    assert len(df) == n2 and set(df["run_id"]) == {2}
    assert {"url", "fingerprint", "rule", "severity", "message", "carried"} <= set(df.columns)
    assert df["carried"].any() and not df["carried"].all()
    assert len(findings_dataframe(runs.db, run_id=1)) == runs.first.counts["findings"]


# -- smaller runs -----------------------------------------------------------------------------


@pytest.fixture
def site():
    state = SiteState()
    server = FixtureServer(state).start()
    yield state, server
    server.stop()


def test_max_pages_and_crawl_delay(site, tmp_path, crawl_auditor):
    state, server = site
    state.crawl_delay = 0.4  # larger than the job's delay: it wins
    job = load_job(job_toml(server.base, tmp_path, max_pages=3, delay=0.05))
    outcome = run_crawl(job, auditor=crawl_auditor, log=lambda _: None)
    pages = [h for h in state.log if h.path not in ("/robots.txt", "/sitemap.xml")]
    assert len({h.path for h in pages}) == 3
    gaps = [b.t - a.t for a, b in pairwise(state.log)]
    assert min(gaps) >= 0.36, gaps
    limited = q(Path(job.db), "SELECT COUNT(*) FROM frontier WHERE state = 'limit'")[0][0]
    assert limited > 0 and outcome.counts["pages_fetched"] <= 3


def test_robots_5xx_means_nothing_is_fetched(site, tmp_path, crawl_auditor):
    state, server = site
    state.robots_status = 503
    job = load_job(job_toml(server.base, tmp_path))
    logs: list[str] = []
    outcome = run_crawl(job, auditor=crawl_auditor, log=logs.append)
    assert {h.path for h in state.log} == {"/robots.txt"}
    assert outcome.counts["robots_excluded"] == 1 and outcome.counts["audited"] == 0
    assert any("robots.txt unavailable (HTTP 503" in line for line in logs)


def test_robots_404_means_allow_all(site, tmp_path, crawl_auditor):
    state, server = site
    state.robots_status = 404
    job = load_job(
        job_toml(
            server.base,
            tmp_path,
            start_urls=[server.base + "/private/notes.html"],
            discover_sitemaps=False,
        )
    )
    outcome = run_crawl(job, auditor=crawl_auditor, log=lambda _: None)
    assert "/private/notes.html" in [h.path for h in state.log]
    assert outcome.counts["audited"] == 1


def test_private_address_refused_without_allow_private(site, tmp_path, crawl_auditor):
    state, server = site
    job = load_job(job_toml(server.base, tmp_path, allow_private=False))
    logs: list[str] = []
    outcome = run_crawl(job, auditor=crawl_auditor, log=logs.append)
    assert state.log == []
    assert outcome.counts["errors"] == 1
    assert any("127.0.0.1 is a loopback address" in line for line in logs)


def test_redirects_are_held_to_scope_and_robots(site, tmp_path, crawl_auditor):
    state, server = site
    job = load_job(
        job_toml(
            server.base,
            tmp_path,
            start_urls=[server.base + "/to-private.html", server.base + "/to-outside.html"],
            discover_sitemaps=False,
        )
    )
    outcome = run_crawl(job, auditor=crawl_auditor, log=lambda _: None)
    errors = dict(q(Path(job.db), "SELECT url, note FROM frontier WHERE state = 'error'"))
    assert errors == {
        server.base + "/to-private.html": "redirected to a URL that robots.txt disallows",
        server.base + "/to-outside.html": "redirected outside the allowed domains "
        "(outside.example)",
    }
    assert not [h for h in state.log if h.path.startswith("/private/")]
    assert outcome.counts["audited"] == 0


def test_cli_quick_run_with_flags(site, tmp_path, crawl_auditor, monkeypatch, capsys):
    from bacaudit.cli import main
    from bacaudit.crawl import runner

    state, server = site
    monkeypatch.setattr(runner, "_build_auditor", lambda job: crawl_auditor)
    argv = [
        "crawl",
        server.base + "/articles/schedule.html",
        "--db",
        str(tmp_path / "q.sqlite"),
        "--out",
        str(tmp_path / "out"),
        "--max-pages",
        "1",
        "--delay",
        "0.05",
        "--allow-private",
        "--fail-on",
        "low",
    ]
    assert main(argv) == 1  # the phone-number pitch is a medium finding
    err = capsys.readouterr().err
    assert "run 1:" in err and "1 audited" in err
    assert [h.path for h in state.log if h.path.endswith(".html")] == ["/articles/schedule.html"]


def test_cli_bad_job_file_is_one_line_exit_2(tmp_path, capsys):
    from bacaudit.cli import main

    job = tmp_path / "bad.toml"
    job.write_text('start_urls = ["https://e.example/"]\nmax_pages = -4\n')
    assert main(["crawl", "--job", str(job)]) == 2
    err = capsys.readouterr().err.strip()
    assert err == f"bacaudit: {job}: max_pages must be a whole number >= 1"
    assert main(["crawl", "https://e.example/"]) == 2
    assert "needs --db PATH and --out DIR" in capsys.readouterr().err


# -- kill and resume; a concurrent second run -------------------------------------------------


def _snapshot(db: Path) -> dict[str, list[tuple]]:
    return {
        "pages": sorted(q(db, "SELECT url, canonical, text_sha256, status, etag FROM pages")),
        "audits": sorted(q(db, "SELECT url, fetched_url, text_sha256, score FROM audits")),
        "findings": sorted(
            q(db, 'SELECT url, fingerprint, rule, start, "end", severity FROM findings')
        ),
        "frontier": sorted(q(db, "SELECT url, depth, state FROM frontier")),
    }


def _done(db: Path) -> int:
    try:
        return q(db, "SELECT COUNT(*) FROM frontier WHERE state != 'pending'")[0][0]
    except sqlite3.OperationalError:  # not created yet
        return 0


def test_killed_run_resumes_to_the_same_result(site, tmp_path, auditor):
    state, server = site
    state.page_delay = 0.6  # slow pages (within the job's timeout), so the kill lands between them
    killed = tmp_path / "killed"
    killed.mkdir()
    job_path = job_toml(
        server.base, killed, max_depth=1, discover_sitemaps=False, delay=0.05, timeout=5
    )
    db = killed / "crawl.sqlite"
    lock = killed / "crawl.sqlite.lock"
    cmd = [sys.executable, "-m", "bacaudit", "crawl", "--job", str(job_path)]
    env = {k: v for k, v in os.environ.items() if not k.startswith("BACAUDIT")}
    first = subprocess.Popen(cmd, cwd=killed, env=env, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline and first.poll() is None:
            if lock.is_file() and lock.read_text().strip():
                break
            time.sleep(0.02)
        # a second run of the same job while the first holds the lock
        second = subprocess.run(
            cmd, cwd=killed, env=env, capture_output=True, text=True, timeout=60
        )
        assert second.returncode == 3, second.stderr
        assert f"another crawl of this job is running (pid {first.pid})" in second.stderr
        while _done(db) < 2 and time.monotonic() < deadline and first.poll() is None:
            time.sleep(0.05)
        assert first.poll() is None, "the crawl ended before it could be killed"
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=10)
    finally:
        if first.poll() is None:
            first.kill()
    state.page_delay = 0.1
    done_at_kill = _done(db)
    assert q(db, "SELECT status FROM runs") == [("running",)]
    total_hits_before = len(state.log)

    resumed = subprocess.run(cmd, cwd=killed, env=env, capture_output=True, text=True, timeout=90)
    assert resumed.returncode == 0, resumed.stderr
    assert "resuming unfinished run 1" in resumed.stderr
    assert q(db, "SELECT id, status FROM runs") == [(1, "completed")]
    # pages finished before the kill were not fetched again
    before = {h.path for h in state.log[:total_hits_before] if h.path.endswith(".html")}
    after = [h.path for h in state.log[total_hits_before:] if h.path.endswith(".html")]
    assert len(after) == len(set(after))
    assert len(before & set(after)) <= 1  # at most the page in flight at the kill
    assert state.paths().count("/robots.txt") == 1  # the resumed run kept the killed run's copy
    assert done_at_kill >= 2

    state.page_delay = 0.0
    whole = tmp_path / "whole"
    whole.mkdir()
    ref_job = load_job(
        job_toml(server.base, whole, max_depth=1, discover_sitemaps=False, delay=0.05, timeout=5)
    )
    run_crawl(ref_job, auditor=auditor, log=lambda _: None)
    got, want = _snapshot(db), _snapshot(Path(ref_job.db))
    assert got == want
    assert len(want["audits"]) >= 5
