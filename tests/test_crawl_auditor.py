"""Audits know what produced them: a changed auditor re-audits unchanged pages, and the diff
and `bacaudit history` say why; an unchanged auditor on an unchanged page is a 304 and no
audit. Real servers on 127.0.0.1, real SQLite files."""

from __future__ import annotations

import copy
import json
import re
import shutil
import sqlite3
from pathlib import Path

import pytest

from bacaudit.crawl import load_job, run_crawl
from bacaudit.rules.base import Rule
from crawl_sites import Job, MiniSite, page


class CallNowPitch(Rule):
    """A "call now" sentence; a rule of these tests only, so the assertions do not depend on
    how the shipped rules evolve."""

    code = "BA991"
    name = "CallNowPitch"
    category = "marketing"
    severity = "medium"
    message = "A call-now pitch."

    def check(self, ctx):
        for s in ctx.sentences:
            if re.search(r"\bcall (us )?now\b", s.text, re.I):
                yield self.finding(ctx, s.start, s.end)


def with_rule(auditor, present: bool):
    aud = copy.copy(auditor)
    base = [r for r in auditor.rules if r.code != "BA991"]
    aud.rules = [*base, CallNowPitch()] if present else base
    return aud


def pages() -> dict[str, bytes]:
    return {
        "/": page("Harbor notes", "An index of our notes.", links=("/a.html", "/b.html")),
        "/a.html": page(
            "Evening routine",
            "Evenings are for a short walk and an early night.",
            "Call now to book a tour of the grounds.",
        ),
        "/b.html": page("Family days", "Family members may visit on the first Sunday."),
    }


def q(db: Path, sql: str, *params) -> list[tuple]:
    conn = sqlite3.connect(db)
    try:
        return [tuple(r) for r in conn.execute(sql, params)]
    finally:
        conn.close()


@pytest.fixture
def site():
    srv = MiniSite(pages())
    yield srv
    srv.stop()


def test_a_changed_auditor_reaudits_unchanged_pages_from_their_stored_bodies(
    site, tmp_path, auditor, capsys
):
    job = load_job(Job(tmp_path).write(start_urls=[f"{site.base}/"]))
    db = Path(job.db)
    with_pitch, without = with_rule(auditor, True), with_rule(auditor, False)
    first = run_crawl(job, auditor=with_pitch, log=lambda _: None)
    assert first.counts["audited"] == 3
    assert q(db, "SELECT COUNT(*) FROM findings WHERE run_id = 1 AND rule = 'BA991'") == [(1,)]

    # same auditor, one page edited: 304s for the rest, one audit, reason "page changed"
    site.pages["/b.html"] = page(
        "Family days", "Family members may visit on the first Sunday.", "Call us now for dates."
    )
    site.log.clear()
    second = run_crawl(job, auditor=with_pitch, log=lambda _: None)
    assert second.counts["audited"] == 1 and second.counts["not_modified"] == 2
    new = second.diff["new"]
    assert [f["rule"] for f in new if f["rule"] == "BA991"] == ["BA991"]
    assert {f["reason"] for f in new} == {"page changed"}
    assert {f["url"] for f in new} == {f"{site.base}/b.html"}
    assert second.diff["auditor"]["changes"] == []

    # the rule is switched off: nothing changed on the site, yet every page is re-audited from
    # its stored body after a 304, and the diff says the auditor changed and how
    site.log.clear()
    third = run_crawl(job, auditor=without, log=lambda _: None)
    assert {h.status for h in site.log if h.path != "/robots.txt"} == {304}
    assert third.counts["not_modified"] == 3 and third.counts["audited"] == 3
    assert third.counts["carried"] == 0
    resolved = third.diff["resolved"]
    assert {f["rule"] for f in resolved} == {"BA991"} and len(resolved) == 2
    assert all(f["reason"] == "auditor changed" for f in resolved)
    assert all(f["auditor_changes"] == ["rules: -BA991"] for f in resolved)
    assert third.diff["auditor"]["changes"] == ["rules: -BA991"]
    assert sorted(third.diff["reaudited_pages"]) == sorted(
        f"{site.base}{p}" for p in ("/", "/a.html", "/b.html")
    )
    assert "Auditor changed" in (third.out_dir / "diff.txt").read_text()
    assert q(db, "SELECT COUNT(*) FROM findings WHERE run_id = 3 AND rule = 'BA991'") == [(0,)]

    # unchanged auditor, unchanged pages: 304 and no audit at all
    fourth = run_crawl(job, auditor=without, log=lambda _: None)
    assert fourth.counts["audited"] == 0 and fourth.counts["not_modified"] == 3

    from bacaudit.cli import main

    assert main(["history", "--db", str(db), "--format", "json"]) == 0
    runs = json.loads(capsys.readouterr().out)["runs"]
    fps = [r["auditor_fp"] for r in runs]
    assert fps[0] == fps[1] != fps[2] == fps[3]
    assert "BA991" in runs[0]["auditor"]["rules"] and "BA991" not in runs[2]["auditor"]["rules"]
    assert main(["history", "--db", str(db)]) == 0
    text = capsys.readouterr().out
    assert fps[2] in text and f"run 3: auditor {fps[1]} -> {fps[2]}: rules: -BA991" in text


def test_reference_set_and_tool_version_changes_without_stored_bodies(
    site, tmp_path, auditor, monkeypatch
):
    from bacaudit import __version__
    from bacaudit.audit import Auditor
    from bacaudit.crawl import fingerprint
    from bacaudit.reference import default_reference_dir, load_reference_set

    job = load_job(Job(tmp_path).write(start_urls=[f"{site.base}/"], body_retention_runs=0))
    db = Path(job.db)
    first = run_crawl(job, auditor=with_rule(auditor, True), log=lambda _: None)
    assert first.counts["audited"] == 3
    assert q(db, "SELECT COUNT(*) FROM bodies") == [(0,)]

    refs_dir = tmp_path / "refs"
    shutil.copytree(default_reference_dir(), refs_dir)
    set_toml = refs_dir / "set.toml"
    text = set_toml.read_text()
    set_toml.write_text(re.sub(r'version\s*=\s*"[^"]*"', 'version = "2099.1"', text, count=1))
    newer = with_rule(Auditor(load_reference_set(refs_dir), auditor.config), True)
    site.log.clear()
    second = run_crawl(job, auditor=newer, log=lambda _: None)
    # no stored body: the pages are fetched in full (no validators sent) and audited again
    assert all("if-none-match" not in h.headers for h in site.log if h.path != "/robots.txt")
    assert second.counts["audited"] == 3 and second.counts["not_modified"] == 0
    changes = second.diff["auditor"]["changes"]
    assert any(c.startswith("reference set version") and c.endswith("-> 2099.1") for c in changes)
    assert "reference set content" in changes

    monkeypatch.setattr(fingerprint, "__version__", "99.0.0")
    third = run_crawl(job, auditor=newer, log=lambda _: None)
    assert third.counts["audited"] == 3
    assert third.diff["auditor"]["changes"] == [f"tool version {__version__} -> 99.0.0"]
    fourth = run_crawl(job, auditor=newer, log=lambda _: None)
    assert fourth.counts["audited"] == 0 and fourth.counts["not_modified"] == 3
