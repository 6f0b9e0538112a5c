"""Quality gate on unseen whole articles: precision and recall of contradictions.

Each batch (fixtures/claims/unseen, unseen_b) was written, with its expectations, before the
system was run on it; together they cover page styles and drugs the tuning fixtures do not.
Batch A's misses and false alarms prompted fixes, which must stay general (never a match on
one of its sentences); batch B was written after those fixes. The floors are pinned: raise
them when the numbers improve, never lower them silently.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from claims_eval import Score as Tally
from claims_helpers import article_from_text

CLAIMS = Path(__file__).parent / "fixtures" / "claims"
FLOORS = {
    # batch: (precision floor, recall floor, minimum articles, minimum contradictions)
    # A, first run: P 1.000, R 0.857 (24/28); after the fixes: P 1.000, R 0.964 (27/28)
    "unseen": (0.95, 0.85, 8, 25),  # floors at the first run, not at the tuned 0.964
    # B, first run (after A's fixes): P 1.000, R 0.667 (8/12); with craving names in the
    # condition lexicon: P 1.000, R 0.750 (9/12)
    "unseen_b": (0.95, 0.66, 5, 10),
}


def _expect(batch: str) -> dict:
    return json.loads((CLAIMS / batch / "expectations.json").read_text("utf-8"))["articles"]


def _span(text: str, phrase: str) -> tuple[int, int]:
    start = text.index(phrase)
    return start, start + len(phrase)


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def score_article(auditor, batch: str, name: str, tally: Tally) -> None:
    """An expected phrase is found when a finding of its rule overlaps it; any finding that
    overlaps no expected phrase of its rule, and no unscored one, is a false alarm."""
    text = (CLAIMS / batch / name).read_text("utf-8")
    spec = _expect(batch)[name]
    result = auditor.audit_article(article_from_text(text, source=name))
    found = [f for f in result.findings if f.category == "contradiction"]
    expected = [(_span(text, p), rule) for p, rule in spec["contradictions"]]
    unscored = [_span(text, p) for p in spec.get("either", [])]
    for (span, rule), (phrase, _) in zip(expected, spec["contradictions"], strict=True):
        if any(_overlaps(span, (f.start, f.end)) and rule in (None, f.rule) for f in found):
            tally.tp += 1
        else:
            tally.fn += 1
            tally.misses.append(f"{name}: {phrase} ({rule})")
    for f in found:
        where = (f.start, f.end)
        if any(_overlaps(where, s) and r in (None, f.rule) for s, r in expected):
            continue
        if any(_overlaps(where, s) for s in unscored):
            continue
        tally.fp += 1
        tally.false_alarms.append(f"{name}: {f.rule} {f.text!r}")


@pytest.fixture(scope="module")
def bundled(auditor, refs):
    if not refs.find("baclofen", "max_daily_dose"):
        pytest.skip("bundled reference set has no baclofen entries")
    return auditor


@pytest.mark.parametrize("batch", sorted(FLOORS))
def test_corpus_is_annotated_consistently(batch):
    _, _, n_articles, n_contra = FLOORS[batch]
    expect = _expect(batch)
    assert len(expect) >= n_articles
    assert {p.name for p in (CLAIMS / batch).glob("*.txt")} == set(expect)
    total = 0
    for name, spec in expect.items():
        text = (CLAIMS / batch / name).read_text("utf-8")
        phrases = [p for p, _ in spec["contradictions"]] + spec["must_not_flag"]
        for phrase in phrases + spec.get("either", []):
            assert text.count(phrase) == 1, (name, phrase)
        total += len(spec["contradictions"])
    assert total >= n_contra


@pytest.mark.parametrize("batch", sorted(FLOORS))
def test_unseen_precision_and_recall(bundled, batch):
    p_floor, r_floor, _, _ = FLOORS[batch]
    tally = Tally()
    for name in sorted(_expect(batch)):
        score_article(bundled, batch, name, tally)
    print(
        f"{batch}: precision {tally.precision:.3f}, recall {tally.recall:.3f} "
        f"(tp {tally.tp}, fp {tally.fp}, fn {tally.fn})"
    )
    for line in tally.false_alarms:
        print("  false alarm:", line)
    for line in tally.misses:
        print("  miss:", line)
    assert tally.precision >= p_floor, tally.false_alarms
    assert tally.recall >= r_floor, tally.misses
