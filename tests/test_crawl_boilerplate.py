"""Crawl-wide passes against the fixture site: template boilerplate (BA311) over the pages of a
crawl, and robots.txt asked once per host per run even when the run is resumed."""

from __future__ import annotations

import copy
import json
import sqlite3
from pathlib import Path

import pytest

from bacaudit.config import Config
from bacaudit.crawl import load_job, run_crawl
from bacaudit.rules.marketing import TemplateBoilerplate
from bacaudit.store import findings_dataframe
from crawl_helpers import PROMO, FixtureServer, SiteState, job_toml

# The fixture pages that carry the promo and are audited under their own key (the print
# version is the same page as /articles/schedule.html by its canonical link).
PROMO_PAGES = ["/", "/articles/moved.html", "/articles/schedule.html", "/articles/taper.html"]


def q(db: Path, sql: str, *params) -> list[tuple]:
    conn = sqlite3.connect(db)
    try:
        return [tuple(r) for r in conn.execute(sql, params)]
    finally:
        conn.close()


@pytest.fixture
def site():
    state = SiteState()
    server = FixtureServer(state).start()
    yield state, server
    server.stop()


def quick_job(base: str, tmp: Path, **over):
    tmp.mkdir(parents=True, exist_ok=True)
    values = {"discover_sitemaps": False, "delay": 0.01, "max_depth": 2, **over}
    return load_job(job_toml(base, tmp, **values))


def ba311(db: Path, run_id: int) -> dict[str, tuple]:
    rows = q(
        db,
        "SELECT url, text, message, severity, category, fingerprint FROM findings "
        "WHERE run_id = ? AND rule = 'BA311' ORDER BY url",
        run_id,
    )
    return {r[0]: r[1:] for r in rows}


def test_template_boilerplate_across_runs(site, tmp_path, auditor):
    state, server = site
    job = quick_job(server.base, tmp_path)
    db = Path(job.db)
    urls = {server.base + p for p in PROMO_PAGES}

    first = run_crawl(job, auditor=auditor, log=lambda _: None)
    found = ba311(db, first.run_id)
    assert set(found) == urls
    rule = TemplateBoilerplate()
    for text, message, severity, category, _ in found.values():
        assert text == PROMO
        assert message == rule.message.format(n=len(PROMO_PAGES))
        assert (severity, category) == (rule.severity, rule.category)
    # the finding is the page's like any other: stored result, reports, dataframe, counts
    df = findings_dataframe(db, run_id=first.run_id)
    assert set(df[df["rule"] == "BA311"]["url"]) == urls
    report = json.loads((first.out_dir / "report.json").read_text())
    in_report = {
        a["source"]
        for a in report["articles"]
        for f in a["findings"]
        if f["rule"] == "BA311" and f["text"] == PROMO
    }
    assert len(in_report) == len(PROMO_PAGES)
    stored = q(db, "SELECT result FROM audits WHERE run_id = ? AND url = ?", 1, server.base + "/")
    assert any(f["rule"] == "BA311" for f in json.loads(stored[0][0])["findings"])
    assert first.counts["findings"] == q(db, "SELECT COUNT(*) FROM findings WHERE run_id = 1")[0][0]

    # an unchanged site: the pages come back 304, and BA311 is neither new nor resolved
    state.log.clear()
    second = run_crawl(job, auditor=auditor, log=lambda _: None)
    assert any(h.status == 304 for h in state.log)
    assert ba311(db, second.run_id) == found
    assert not [f for f in second.diff["new"] + second.diff["resolved"] if f["rule"] == "BA311"]

    # the promo leaves one page: it is resolved there; still on 3 pages (the threshold), the
    # others keep theirs under the same fingerprint, so they are not "new"
    state.promo_paths = set(PROMO_PAGES) - {"/articles/taper.html"}
    third = run_crawl(job, auditor=auditor, log=lambda _: None)
    now = ba311(db, third.run_id)
    assert set(now) == urls - {server.base + "/articles/taper.html"}
    assert all(v[1] == rule.message.format(n=3) for v in now.values())
    assert [f["url"] for f in third.diff["resolved"] if f["rule"] == "BA311"] == [
        server.base + "/articles/taper.html"
    ]
    assert not [f for f in third.diff["new"] if f["rule"] == "BA311"]

    # on two pages only, below boilerplate_min_articles (3): nothing is template any more,
    # including on the page that did not change and was carried
    state.promo_paths = {"/", "/articles/moved.html"}
    fourth = run_crawl(job, auditor=auditor, log=lambda _: None)
    assert ba311(db, fourth.run_id) == {}
    resolved = {f["url"] for f in fourth.diff["resolved"] if f["rule"] == "BA311"}
    assert resolved == {
        server.base + p for p in ("/", "/articles/moved.html", "/articles/schedule.html")
    }
    carried = q(
        db,
        "SELECT result FROM audits WHERE run_id = ? AND url = ? AND carried_from IS NOT NULL",
        fourth.run_id,
        server.base + "/",
    )
    assert carried and not [
        f for f in json.loads(carried[0][0])["findings"] if f["rule"] == "BA311"
    ]


def test_boilerplate_threshold_and_rule_switch_come_from_the_config(site, tmp_path, auditor):
    _state, server = site
    high = copy.copy(auditor)
    high.config = Config(boilerplate_min_articles=5)
    job = quick_job(server.base, tmp_path / "a")
    run_crawl(job, auditor=high, log=lambda _: None)
    assert ba311(Path(job.db), 1) == {}  # four pages carry it, five are needed

    off = copy.copy(auditor)
    off.config = Config(disable=["BA311"])
    job = quick_job(server.base, tmp_path / "b")
    run_crawl(job, auditor=off, log=lambda _: None)
    assert ba311(Path(job.db), 1) == {}


class Crash(BaseException):
    """Stands in for a kill: not an Exception, so nothing in the crawler catches it."""


class CrashingAuditor:
    """The real auditor, except that the n-th article audited ends the process."""

    def __init__(self, auditor, crash_at: int) -> None:
        self._auditor = auditor
        self._left = crash_at

    def __getattr__(self, name):
        return getattr(self._auditor, name)

    def audit_article(self, article):
        self._left -= 1
        if self._left == 0:
            raise Crash
        return self._auditor.audit_article(article)


def test_robots_is_read_once_per_host_per_run_even_when_resumed(site, tmp_path, auditor):
    state, server = site
    job = quick_job(server.base, tmp_path, discover_sitemaps=True)
    db = Path(job.db)
    with pytest.raises(Crash):
        run_crawl(job, auditor=CrashingAuditor(auditor, 3), log=lambda _: None)
    assert q(db, "SELECT id, status FROM runs") == [(1, "running")]
    assert state.paths().count("/robots.txt") == 1
    resumed = run_crawl(job, auditor=auditor, log=lambda _: None)
    assert resumed.resumed and resumed.run_id == 1
    assert state.paths().count("/robots.txt") == 1  # the resumed run read it from the database
    assert state.paths().count("/private/staff-notes.html") == 0  # and obeyed it
    assert q(db, "SELECT origin, outcome FROM robots") == [(server.base, "rules")]
    # the crash lost nothing: the promo still recurs on every page that carries it
    assert {u for u, *_ in q(db, "SELECT url FROM findings WHERE rule = 'BA311'")} == {
        server.base + p for p in PROMO_PAGES
    }

    run_crawl(job, auditor=auditor, log=lambda _: None)  # a new run asks again, once
    assert state.paths().count("/robots.txt") == 2
