"""Every regular expression that runs on article text stays linear on crafted input.

The patterns are collected by introspection (tests/regex_audit.py wraps `re`'s compiler before
bacaudit is imported and audits the examples), so a pattern added anywhere is checked without
a list to keep. A pathological page is also stopped by the time budget (test_article_timeout);
this test keeps the patterns from needing it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import regex_audit

ROOT = Path(__file__).resolve().parents[1]


def test_the_detector_flags_backtracking_and_passes_linear_patterns():
    assert regex_audit.slow_cases(r"\s+$", 0)  # quadratic on a long run of spaces
    assert regex_audit.slow_cases(r"^(\w+\s?)+$", 0)  # exponential
    assert regex_audit.slow_cases(r"(?<!\s)\s+$", 0) == []
    assert regex_audit.slow_cases(r"\bbaclofen\b", 0) == []


def test_no_article_pattern_backtracks_super_linearly():
    run = subprocess.run(
        [sys.executable, str(ROOT / "tests" / "regex_audit.py")],
        capture_output=True,
        text=True,
        timeout=900,
        cwd=ROOT,
    )
    assert run.returncode == 0, run.stderr[-2000:]
    report = json.loads(run.stdout)
    assert report["patterns"] > 150, "the recorder no longer sees bacaudit's patterns"
    for family in ("bacaudit.rules", "bacaudit.claims", "bacaudit.extract"):
        assert any(m.startswith(family) for m in report["modules"]), family
    assert report["slow"] == [], json.dumps(report["slow"], indent=1, ensure_ascii=False)
