"""Scoring of labelled contradiction cases: precision and recall of BA1xx findings."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from claims_helpers import article_from_text


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0
    misses: list[str] = field(default_factory=list)
    false_alarms: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0


def load_cases(path: Path) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))["cases"]


def score_cases(auditor, cases: list[dict]) -> Score:
    """A case is found when a contradiction finding (of the expected rule, if given) appears."""
    sc = Score()
    for case in cases:
        result = auditor.audit_article(article_from_text(case["text"]))
        found = [f for f in result.findings if f.category == "contradiction"]
        rule = case.get("rule")
        hit = any(f.rule == rule for f in found) if rule else bool(found)
        if case["contradiction"]:
            if hit:
                sc.tp += 1
            else:
                sc.fn += 1
                sc.misses.append(case["text"])
            sc.fp += sum(1 for f in found if case.get("rule") and f.rule != case["rule"])
        elif found:
            sc.fp += 1
            sc.false_alarms.append(case["text"])
        else:
            sc.tn += 1
    return sc
