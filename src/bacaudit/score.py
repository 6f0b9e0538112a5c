"""The article score: 100 minus published weights per category and severity, floor 0.

The weights are part of the output contract (docs/scoring.md), so a score means the same thing
in every report and every run. Each category has a cap, so a page full of boilerplate cannot
score as low as a page with false dosing claims.

| category      | high | medium | low | cap |
| ------------- | ---- | ------ | --- | --- |
| contradiction |  25  |   15   |  8  |  -  |
| seo_spam      |  10  |    6   |  3  |  30 |
| uncited       |   8  |    4   |  2  |  40 |
| marketing     |   6  |    3   |  1  |  30 |
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from .models import CATEGORIES, SEVERITIES, Finding

WEIGHTS: dict[str, dict[str, int]] = {
    "contradiction": {"high": 25, "medium": 15, "low": 8},
    "seo_spam": {"high": 10, "medium": 6, "low": 3},
    "uncited": {"high": 8, "medium": 4, "low": 2},
    "marketing": {"high": 6, "medium": 3, "low": 1},
}
# Most a single category can take off the score (None: no cap).
CAPS: dict[str, int | None] = {
    "contradiction": None,
    "seo_spam": 30,
    "uncited": 40,
    "marketing": 30,
}


def score_findings(findings: Iterable[Finding]) -> tuple[int, dict[str, Any]]:
    """(score, breakdown): the breakdown shows weights, counts and deductions per category."""
    counts = {c: {s: 0 for s in SEVERITIES} for c in CATEGORIES}
    for f in findings:
        if f.category in counts and f.severity in counts[f.category]:
            counts[f.category][f.severity] += 1
    deductions: dict[str, int] = {}
    for cat in CATEGORIES:
        raw = sum(WEIGHTS[cat][sev] * n for sev, n in counts[cat].items())
        cap = CAPS[cat]
        deductions[cat] = raw if cap is None else min(raw, cap)
    total = sum(deductions.values())
    score = max(0, 100 - total)
    breakdown = {
        "base": 100,
        "weights": WEIGHTS,
        "caps": CAPS,
        "counts": counts,
        "deductions": deductions,
        "total_deduction": total,
    }
    return score, breakdown
