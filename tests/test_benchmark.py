"""`benchmarks/run.py` runs end to end and prints its figures. Speed itself is measured by the
benchmark, never asserted here: a loaded machine must not fail the suite."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "benchmarks" / "run.py"
FIGURE = r"([\d,]+(?:\.\d+)?)"


def _figure(out: str, label: str) -> float:
    m = re.search(rf"^{re.escape(label)}:? {FIGURE}", out, re.M)
    assert m, f"{label!r} missing from:\n{out}"
    return float(m.group(1).replace(",", ""))


def _bench(*args: str) -> str:
    run = subprocess.run(
        [sys.executable, str(SCRIPT), *args],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
    )
    assert run.returncode == 0, run.stderr
    assert "Traceback" not in run.stderr
    return run.stdout


def test_text_benchmark_with_one_job_prints_figures_and_stages():
    out = _bench(
        "--articles", "3", "--corpus", "generated", "--jobs", "1",
        "--sizes", "4", "--memory-jobs", "1",
    )  # fmt: skip
    assert _figure(out, "articles/s") > 0
    assert _figure(out, "ratio to the bare tokenizer") > 1
    memory = re.search(r"^peak RSS at 4 articles, jobs 1: (\d+) MB \(.*4 audited", out, re.M)
    assert memory and int(memory.group(1)) > 0, out
    assert _figure(out, "words/s") > 0
    assert _figure(out, "peak memory") > 0
    assert re.search(r"^3 articles, [\d,]+ words, 0 unreadable; jobs: 1$", out, re.M)
    stages = dict(re.findall(r"([a-z+]+) ([\d.]+) ms \(\d+%\)", out))
    assert set(stages) == {"extract", "nlp", "claims+verify", "rules", "score"}
    assert float(stages["nlp"]) > 0
    assert re.search(r"^slowest rules, ms per article: BA\d{3} [\d.]+", out, re.M)


def test_html_benchmark_with_two_jobs_reports_worker_memory():
    out = _bench("--articles", "4", "--corpus", "html", "--jobs", "2")
    assert _figure(out, "articles/s") > 0
    assert _figure(out, "words/s") > 0
    assert _figure(out, "peak memory") > 0
    worker = re.search(r"largest worker ([\d.]+) MB max RSS", out)
    assert worker and float(worker.group(1)) > 0
    assert re.search(r"^4 articles, [\d,]+ words, 0 unreadable; jobs: 2$", out, re.M)
    assert "corpus: html: " in out
