"""Scores the rules on the generated variations (tests/generated_sets.py), per category and split.

An item of label `flag` is found when a finding of its category overlaps its target span; an
item of label `ok` or `must_not` is a false alarm when any finding of its category lands on it.
Precision counts found positives against flagged negatives. Run this file to print the table
(`--misses` lists what was missed and what was wrongly flagged).
"""

from __future__ import annotations

import sys
from collections import defaultdict
from dataclasses import dataclass, field

from generated_sets import Item, generate

CATEGORIES = ("marketing", "uncited", "seo_spam")


@dataclass
class Score:
    found: int = 0
    positives: int = 0
    false_alarms: int = 0
    negatives: int = 0
    must_not: int = 0
    misses: list[str] = field(default_factory=list)
    wrong: list[str] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return self.found / self.positives if self.positives else 1.0

    @property
    def precision(self) -> float:
        flagged = self.found + self.false_alarms
        return self.found / flagged if flagged else 1.0


def judge(auditor, item: Item) -> tuple[bool, list[str]]:
    """Whether the item is flagged in its category (on its target, for positives)."""
    result = auditor.audit_text(item.text, source="generated")
    text = result.article.text
    hits = [f for f in result.findings if f.category == item.category]
    if item.target is not None:
        start = text.find(item.target)
        end = start + len(item.target)
        hits = [f for f in hits if f.start < end and start < f.end]
    return bool(hits), [f"{f.rule} {f.text!r}" for f in hits]


def score(auditor, items: list[Item] | None = None) -> dict[tuple[str, str], Score]:
    scores: dict[tuple[str, str], Score] = defaultdict(Score)
    for item in items if items is not None else generate():
        flagged, hits = judge(auditor, item)
        for key in ((item.category, item.split), (item.category, "all")):
            s = scores[key]
            if item.label == "flag":
                s.positives += 1
                s.found += flagged
                if not flagged:
                    s.misses.append(f"[{item.kind}] {item.text}")
            else:
                s.negatives += 1
                if flagged:
                    s.false_alarms += 1
                    s.must_not += item.label == "must_not"
                    s.wrong.append(f"[{item.kind}] {item.text} <- {hits}")
    return scores


def main(argv: list[str]) -> int:
    from bacaudit.audit import Auditor
    from bacaudit.config import Config
    from bacaudit.reference import load_reference_set

    auditor = Auditor(load_reference_set(), Config())
    scores = score(auditor)
    for cat in CATEGORIES:
        for split in ("tune", "held", "all"):
            s = scores[(cat, split)]
            print(
                f"{cat:10} {split:5} precision {s.precision:.3f}  recall {s.recall:.3f} "
                f"({s.found}/{s.positives})  false alarms {s.false_alarms}/{s.negatives} "
                f"(must-not {s.must_not})"
            )
        if "--misses" in argv:
            for m in scores[(cat, "all")].misses:
                print("   missed", m)
            for w in scores[(cat, "all")].wrong:
                print("   wrong ", w)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
