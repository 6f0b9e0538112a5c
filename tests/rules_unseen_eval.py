"""Scoring of whole labelled articles for the uncited, marketing and SEO-spam rules.

Each article in fixtures/rules/unseen has a TOML beside it: `expect` (text and the rule that should
flag it), `maybe` (flagging is acceptable, not required) and `ok` (must never be flagged). A
finding counts as correct when it overlaps an expected span of its category, is ignored when it
only overlaps a `maybe` span, and is a false alarm otherwise. Run this file to print the table.
"""

from __future__ import annotations

import sys
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

UNSEEN = Path(__file__).resolve().parent / "fixtures" / "rules" / "unseen"
CATEGORIES = ("uncited", "marketing", "seo_spam")


@dataclass
class Tally:
    tp: int = 0
    fp: int = 0
    found: int = 0
    expected: int = 0
    false_alarms: list[str] = field(default_factory=list)
    misses: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.found / self.expected if self.expected else 1.0


@dataclass
class ArticleCase:
    name: str
    path: Path
    expect: list[tuple[str, str]]
    maybe: list[str]
    ok: list[str]
    low_uncited: bool


def load_corpus() -> list[ArticleCase]:
    cases = []
    for page in sorted(UNSEEN.iterdir()):
        if page.suffix not in (".html", ".txt"):
            continue
        meta = tomllib.loads(page.with_suffix(".toml").read_text(encoding="utf-8"))
        cases.append(
            ArticleCase(
                name=page.name,
                path=page,
                expect=[(e["rule"], e["text"]) for e in meta.get("expect", [])],
                maybe=list(meta.get("maybe", [])),
                ok=list(meta.get("ok", [])),
                low_uncited=bool(meta.get("low_uncited", False)),
            )
        )
    return cases


def audit_case(auditor, case: ArticleCase):
    data = case.path.read_text(encoding="utf-8")
    if case.path.suffix == ".html":
        return auditor.audit_html(data, source=case.name)
    return auditor.audit_text(data, source=case.name)


def locate(text: str, span: str, where: str) -> tuple[int, int]:
    """The one place `span` occurs in the extracted text; an annotation must be unambiguous."""
    count = text.count(span)
    if count != 1:
        raise AssertionError(f"{where}: {span!r} occurs {count} times in the extracted text")
    start = text.index(span)
    return start, start + len(span)


def overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def score_article(case: ArticleCase, result, rule_category: dict[str, str], tallies) -> list[str]:
    """Adds the article to the per-category tallies; returns findings on must-not-flag spans."""
    text = result.article.text
    expected = [
        (rule_category[rule], locate(text, span, case.name), span) for rule, span in case.expect
    ]
    maybe = [locate(text, span, case.name) for span in case.maybe]
    ok = [(locate(text, span, case.name), span) for span in case.ok]
    ours = [f for f in result.findings if f.category in CATEGORIES]
    for cat, where, span in expected:
        tallies[cat].expected += 1
        if any(f.category == cat and overlaps((f.start, f.end), where) for f in ours):
            tallies[cat].found += 1
        else:
            tallies[cat].misses.append(f"{case.name}: {span}")
    for f in ours:
        where = (f.start, f.end)
        if any(cat == f.category and overlaps(where, w) for cat, w, _ in expected):
            tallies[f.category].tp += 1
        elif not any(overlaps(where, m) for m in maybe):
            tallies[f.category].fp += 1
            tallies[f.category].false_alarms.append(f"{case.name}: {f.rule} {f.text!r}")
    return [
        f"{case.name}: {f.rule} on must-not-flag {span!r}"
        for f in ours
        for where, span in ok
        if overlaps((f.start, f.end), where)
    ]


def score_corpus(auditor) -> tuple[dict[str, Tally], list[str]]:
    from bacaudit.rules.base import all_rules

    rule_category = {code: cls.category for code, cls in all_rules().items()}
    tallies = {cat: Tally() for cat in CATEGORIES}
    wrong: list[str] = []
    for case in load_corpus():
        wrong += score_article(case, audit_case(auditor, case), rule_category, tallies)
    return tallies, wrong


def main() -> int:
    from bacaudit.audit import Auditor

    tallies, wrong = score_corpus(Auditor.default())
    for cat, t in tallies.items():
        print(f"{cat:10} precision {t.precision:.3f} ({t.tp}/{t.tp + t.fp})  "
              f"recall {t.recall:.3f} ({t.found}/{t.expected})")
        for line in t.false_alarms:
            print("   false alarm", line)
        for line in t.misses:
            print("   missed     ", line)
    for line in wrong:
        print("   must-not   ", line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
