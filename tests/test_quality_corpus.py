"""End-to-end quality gate on whole unseen articles, every finding category (fixtures/quality).

Eleven scraped-style articles (rehab blogs, a resource page, a Medium essay, a drug-info page
with a reference list, a content farm, a detox page, a news summary, a pump patient page, a
clinic FAQ, a muscle-relaxant comparison, a well-cited review) were written and labelled before
the system was run on them. First run, before any fix (labels as first written):
contradiction P 0.933 (14/15) R 0.737 (14/19); uncited P 0.727 (8/11) R 1.000 (8/8);
marketing P 0.875 (28/32) R 0.793 (23/29); seo_spam P 1.000 (4/4) R 0.571 (4/7); five
findings on must-not-flag spans. The floors below are pinned from the numbers after the fixes
(tests/test_quality_fixes.py); raise them when the numbers improve, never lower them silently.
"""

from __future__ import annotations

import pytest

from quality_eval import CATEGORIES, audit_case, load_corpus, score_corpus

FLOORS = {
    # category: (precision floor, recall floor, minimum expected findings)
    # Floors sit at the corpus's first run on text the rules had not seen (docs/quality.md),
    # not at the figures after tuning on it; one rises only when a blind first run supports it.
    "contradiction": (0.93, 0.73, 18),  # first run P 0.933, R 0.737; after tuning 1.000 / 0.895
    "uncited": (0.72, 0.85, 8),  # first run P 0.727, R 1.000; after tuning 1.000 / 1.000
    "marketing": (0.87, 0.79, 28),  # first run P 0.875, R 0.793; after tuning 0.973 / 1.000
    "seo_spam": (0.9, 0.57, 7),  # first run P 1.000, R 0.571; after tuning 1.000 / 1.000
}


@pytest.fixture(scope="module")
def scored(auditor):
    return score_corpus(auditor)


def test_corpus_is_varied():
    corpus = load_corpus()
    assert len(corpus) >= 10
    assert {c.path.suffix for c in corpus} == {".html", ".txt"}
    assert any(not c.expect for c in corpus), "a clean, well-cited article belongs in the corpus"
    cats = {e["category"] for c in corpus for e in c.expect}
    assert cats == set(CATEGORIES)


@pytest.mark.parametrize("category", CATEGORIES)
def test_precision_and_recall_floors(scored, category):
    p_floor, r_floor, n_expected = FLOORS[category]
    t = scored.tallies[category]
    print(f"{category}: precision {t.precision:.3f}, recall {t.recall:.3f}")
    assert t.expected >= n_expected
    assert t.precision >= p_floor, t.false_alarms
    assert t.recall >= r_floor, t.misses


def test_must_not_flag_spans_stay_clean(scored):
    assert scored.must_not == []


def test_cited_article_gets_no_findings_of_any_category(auditor):
    clean = [c for c in load_corpus() if not c.expect and not c.maybe]
    assert clean
    for case in clean:
        result = audit_case(auditor, case)
        assert [(f.rule, f.text) for f in result.findings if f.category in CATEGORIES] == []


def test_unlinked_reference_list_keeps_uncited_findings_low(auditor):
    for case in [c for c in load_corpus() if c.low_uncited]:
        uncited = [f for f in audit_case(auditor, case).findings if f.category == "uncited"]
        assert uncited, case.name
        assert {f.severity for f in uncited} == {"low"}, case.name
