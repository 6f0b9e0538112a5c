"""Scoring of the end-to-end quality corpus (fixtures/quality): every category, whole articles.

Each article has a TOML beside it:
- `expect`: tables {text, category, rule?}; a finding of that category overlapping the span
  finds it (the rule, when given, is reported but not required).
- `maybe`: spans where an uncited, marketing or SEO finding is acceptable, not required; a
  string excuses those three categories, a table {text, category} excuses only its category.
  A contradiction is excused only by a `maybe` table naming "contradiction": a false alarm on a
  correct statement is the costliest mistake, so the labels never wave one through.
- `ok`: spans nothing may flag (true claims with citations, traps, narrative).
A non-contradiction finding on an expected contradiction is ignored: the sentence is a claim
and may well be uncited too. Locating spans and the tallies are shared with rules_unseen_eval.
Run this file to print the table.
"""

from __future__ import annotations

import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path

from rules_unseen_eval import Tally, audit_case, locate, overlaps

QUALITY = Path(__file__).resolve().parent / "fixtures" / "quality"
CATEGORIES = ("contradiction", "uncited", "marketing", "seo_spam")
SOFT = ("uncited", "marketing", "seo_spam")


@dataclass
class QualityCase:
    name: str
    path: Path
    expect: list[dict]
    maybe: list[tuple[str, tuple[str, ...]]]
    ok: list[str]
    low_uncited: bool


def load_corpus() -> list[QualityCase]:
    cases = []
    for page in sorted(QUALITY.iterdir()):
        if page.suffix not in (".html", ".txt"):
            continue
        meta = tomllib.loads(page.with_suffix(".toml").read_text(encoding="utf-8"))
        maybe = [
            (m, SOFT) if isinstance(m, str) else (m["text"], (m["category"],))
            for m in meta.get("maybe", [])
        ]
        cases.append(
            QualityCase(
                name=page.name,
                path=page,
                expect=list(meta.get("expect", [])),
                maybe=maybe,
                ok=list(meta.get("ok", [])),
                low_uncited=bool(meta.get("low_uncited", False)),
            )
        )
    return cases


@dataclass
class Scored:
    tallies: dict[str, Tally]
    must_not: list[str]
    wrong_rule: list[str]


def score_article(case: QualityCase, result, scored: Scored) -> None:
    text = result.article.text
    expected = [
        (e["category"], e.get("rule"), locate(text, e["text"], case.name), e["text"])
        for e in case.expect
    ]
    maybe = [(locate(text, span, case.name), cats) for span, cats in case.maybe]
    ok = [(locate(text, span, case.name), span) for span in case.ok]
    ours = [f for f in result.findings if f.category in CATEGORIES]
    for cat, rule, where, span in expected:
        t = scored.tallies[cat]
        t.expected += 1
        hits = [f for f in ours if f.category == cat and overlaps((f.start, f.end), where)]
        if hits:
            t.found += 1
            if rule and all(f.rule != rule for f in hits):
                got = ", ".join(sorted({f.rule for f in hits}))
                scored.wrong_rule.append(f"{case.name}: {span!r} wanted {rule}, got {got}")
        else:
            t.misses.append(f"{case.name}: {span}")
    for f in ours:
        where = (f.start, f.end)
        t = scored.tallies[f.category]
        on_false_claim = f.category != "contradiction" and any(
            cat == "contradiction" and overlaps(where, w) for cat, _, w, _ in expected
        )
        if any(cat == f.category and overlaps(where, w) for cat, _, w, _ in expected):
            t.tp += 1
        elif not on_false_claim and not any(
            f.category in cats and overlaps(where, w) for w, cats in maybe
        ):
            t.fp += 1
            t.false_alarms.append(f"{case.name}: {f.rule} {f.text!r}")
    scored.must_not += [
        f"{case.name}: {f.rule} on must-not-flag {span!r}"
        for f in ours
        for where, span in ok
        if overlaps((f.start, f.end), where)
    ]


def score_corpus(auditor) -> Scored:
    scored = Scored({cat: Tally() for cat in CATEGORIES}, [], [])
    for case in load_corpus():
        score_article(case, audit_case(auditor, case), scored)
    return scored


def main() -> int:
    from bacaudit.audit import Auditor

    scored = score_corpus(Auditor.default())
    for cat, t in scored.tallies.items():
        print(f"{cat:13} precision {t.precision:.3f} ({t.tp}/{t.tp + t.fp})  "
              f"recall {t.recall:.3f} ({t.found}/{t.expected})")
        for line in t.false_alarms:
            print("   false alarm", line)
        for line in t.misses:
            print("   missed     ", line)
    for line in scored.must_not:
        print("   must-not   ", line)
    for line in scored.wrong_rule:
        print("   other rule ", line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
