"""Article score (stub)."""

from __future__ import annotations


def score_findings(findings) -> tuple[int, dict]:
    return 100, {}
