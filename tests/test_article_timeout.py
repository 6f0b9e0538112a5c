"""A time budget per article: an article that runs over becomes one input error naming it, the
rest of the run goes on, and a worker that cannot be interrupted is replaced."""

from __future__ import annotations

import json
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bacaudit.audit import Auditor
from bacaudit.budget import ArticleTimeout, time_budget
from bacaudit.config import Config, load_config
from bacaudit.errors import ConfigError
from bacaudit.models import AuditResult, Document, InputError

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"


def test_budget_stops_a_backtracking_pattern_and_leaves_no_timer():
    evil = re.compile(r"^(\w+\s?)+$")
    previous = signal.getsignal(signal.SIGALRM)
    started = time.monotonic()
    with pytest.raises(ArticleTimeout) as err, time_budget(0.2, "page.html"):
        evil.match("word " * 40 + "!")
    assert time.monotonic() - started < 5
    assert str(err.value) == "page.html: took longer than 0.2 s to audit"
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
    assert signal.getsignal(signal.SIGALRM) is previous
    with time_budget(5, "quick.txt"):  # within budget: nothing happens
        assert sum(range(1000)) == 499500
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


def _long_article() -> bytes:
    """A real article repeated until auditing it takes seconds, not milliseconds."""
    text = "\n\n".join(p.read_text(encoding="utf-8") for p in sorted(EXAMPLES.glob("*.txt")))
    return ("\n\n".join([text] * 80)).encode("utf-8")


def test_an_article_over_budget_is_one_error_line_and_the_run_goes_on(tmp_path):
    for p in sorted(EXAMPLES.glob("*.txt"))[:3]:
        (tmp_path / p.name).write_bytes(p.read_bytes())
    slow = tmp_path / "b-very-long.txt"
    slow.write_bytes(_long_article())
    run = subprocess.run(
        [
            sys.executable, "-m", "bacaudit", "audit", str(tmp_path), "--format", "jsonl",
            "--no-progress", "--article-timeout", "1",
        ],
        capture_output=True, text=True, timeout=180, cwd=ROOT,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    assert run.stderr == f"bacaudit: {slow}: took longer than 1 s to audit\n"
    lines = [json.loads(x) for x in run.stdout.splitlines()]
    kinds = [(x["type"], Path(x["source"]).name) for x in lines if x["type"] != "summary"]
    names = sorted(p.name for p in tmp_path.iterdir())
    expected = [("error" if n == slow.name else "article", n) for n in names]
    assert kinds[: len(names)] == expected
    assert lines[-1]["type"] == "summary" and lines[-1]["errors"] == 1


def test_article_timeout_setting_and_flag(tmp_path):
    (tmp_path / "bacaudit.toml").write_text("article_timeout = 2.5\n", encoding="utf-8")
    assert load_config(start=tmp_path).article_timeout == 2.5
    assert Config().article_timeout == 30
    for bad in ("-1", '"soon"', "true"):
        (tmp_path / "bacaudit.toml").write_text(f"article_timeout = {bad}\n", encoding="utf-8")
        with pytest.raises(ConfigError, match="article_timeout"):
            load_config(start=tmp_path)
    run = subprocess.run(
        [sys.executable, "-m", "bacaudit", "audit", "examples", "--article-timeout", "-3"],
        capture_output=True, text=True, timeout=60, cwd=ROOT,
    )  # fmt: skip
    assert run.returncode == 2 and "--article-timeout" in run.stderr
    assert "Traceback" not in run.stderr


def test_crawl_job_key_reaches_the_auditor():
    from bacaudit.crawl.job import JobError, build_job
    from bacaudit.crawl.runner import _build_auditor

    job = build_job({"start_urls": ["http://127.0.0.1:9/"], "article_timeout": 4}, "job.toml")
    assert job.article_timeout == 4.0
    assert _build_auditor(job).config.article_timeout == 4.0
    assert build_job({"start_urls": ["http://127.0.0.1:9/"]}, "job.toml").article_timeout is None
    with pytest.raises(JobError, match="article_timeout"):
        build_job({"start_urls": ["http://127.0.0.1:9/"], "article_timeout": -1}, "job.toml")


# -- a worker stuck where no signal reaches it ------------------------------------------------

MARKER = "uninterruptible-test-marker"


@pytest.fixture
def stuck_rule():
    """A rule that, on one marked article, blocks the timer's signal and waits: what a C
    extension stuck in a loop looks like from Python. Registered for this test only."""
    from bacaudit.rules import base

    class StuckInC(base.Rule):
        code = "BA999"
        name = "StuckInC"
        category = "marketing"
        severity = "low"
        message = "never reported"

        def check(self, ctx):
            if MARKER in ctx.article.text:
                signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})
                time.sleep(60)
            return ()

    base._REGISTRY["BA999"] = StuckInC
    try:
        yield
    finally:
        del base._REGISTRY["BA999"]


def _doc(i: int, stuck: bool = False) -> Document:
    text = f"Article {i}. Baclofen is a muscle relaxant.\n\n" + (MARKER if stuck else "Thanks.")
    return Document(source=f"doc#{i}", content=text.encode(), kind="text", encoding="utf-8")


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_worker_stuck_past_its_budget_is_replaced(refs, stuck_rule, monkeypatch, jobs):
    from bacaudit import parallel

    monkeypatch.setattr(parallel, "BACKSTOP_GRACE", 0.5)
    auditor = Auditor(refs, Config(article_timeout=1))
    auditor.audit_text("Baclofen is a muscle relaxant.")  # lazy imports done before the fork
    docs: list[Document | InputError] = [_doc(i, stuck=i == 2) for i in range(6)]
    docs.insert(4, InputError("gone.txt", "file not found"))
    started = time.monotonic()
    out = list(auditor.audit_documents(docs, jobs=jobs, isolate=True))
    assert time.monotonic() - started < 60
    assert [o.source if isinstance(o, InputError) else o.article.source for o in out] == [
        d.source for d in docs
    ]
    errors = {o.source: o.error for o in out if isinstance(o, InputError)}
    assert errors == {"doc#2": "took longer than 1 s to audit", "gone.txt": "file not found"}
    for doc, outcome in zip(docs, out, strict=True):
        assert isinstance(outcome, InputError) == (doc.source in errors)
    assert all(isinstance(o, AuditResult) for o in out[:2])
