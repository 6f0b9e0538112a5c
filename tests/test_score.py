"""The published score: 100 minus weights per category and severity, capped, floor 0."""

from __future__ import annotations

import re
from pathlib import Path

from bacaudit.models import Finding
from bacaudit.score import CAPS, WEIGHTS, score_findings

DOCS = Path(__file__).resolve().parents[1] / "docs" / "scoring.md"


def f(category: str, severity: str, n: int = 1) -> list[Finding]:
    return [Finding(category, "BA999", severity, "x", i, i + 1, "m") for i in range(n)]  # type: ignore[arg-type]


def test_no_findings_scores_100():
    score, breakdown = score_findings([])
    assert score == 100
    assert breakdown["total_deduction"] == 0


def test_worked_example_from_the_docs():
    findings = f("contradiction", "medium") + f("uncited", "medium", 3) + f("marketing", "low", 2)
    score, breakdown = score_findings(findings)
    assert score == 71
    assert breakdown["deductions"] == {
        "contradiction": 15,
        "uncited": 12,
        "marketing": 2,
        "seo_spam": 0,
    }
    assert breakdown["counts"]["uncited"]["medium"] == 3
    assert "**71**" in DOCS.read_text(encoding="utf-8")


def test_caps_per_category_and_floor_zero():
    score, breakdown = score_findings(f("marketing", "high", 50))
    assert breakdown["deductions"]["marketing"] == CAPS["marketing"] == 30
    assert score == 70
    score, _ = score_findings(f("contradiction", "high", 5))
    assert score == 0


def test_docs_table_matches_weights():
    text = DOCS.read_text(encoding="utf-8")
    for category, weights in WEIGHTS.items():
        row = re.search(rf"^\|\s*{category}\s*\|(.+)$", text, re.M)
        assert row, f"{category} missing from docs/scoring.md"
        cells = [c.strip() for c in row.group(1).split("|") if c.strip()]
        assert [int(c) for c in cells[:3]] == [weights["high"], weights["medium"], weights["low"]]
        cap = CAPS[category]
        assert cells[3] == ("no cap" if cap is None else str(cap))


def test_breakdown_is_in_the_json(auditor):
    result = auditor.audit_text("Call our admissions team today to start your recovery!")
    d = result.to_dict()
    assert d["score"] == result.score < 100
    assert d["score_breakdown"]["deductions"]["marketing"] == 100 - result.score
