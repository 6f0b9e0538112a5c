"""Quality gate on whole articles the rules were not written against (fixtures/rules/unseen).

The corpus and its labels were written before the rules were run on it. First run, before any
fixing: uncited P 0.810 R 0.857, marketing P 0.656 R 0.818, seo_spam P 1.000 R 0.200. The floors
below are pinned from the numbers after the fixes; raise them when the numbers improve, never
lower them silently.
"""

from __future__ import annotations

import pytest

from rules_unseen_eval import CATEGORIES, audit_case, load_corpus, score_corpus

FLOORS = {
    # category: (precision floor, recall floor, minimum expected findings)
    # Floors sit at the first run on these articles (docs/quality.md), not at 1.0 after tuning.
    "uncited": (0.8, 0.85, 18),  # first run P 0.810, R 0.857; after tuning 1.000 / 1.000
    "marketing": (0.65, 0.8, 20),  # first run P 0.656, R 0.818; after tuning 1.000 / 1.000
    "seo_spam": (0.9, 0.2, 5),  # first run P 1.000, R 0.200; after tuning 1.000 / 1.000
}


@pytest.fixture(scope="module")
def scored(auditor):
    return score_corpus(auditor)


def test_corpus_is_varied():
    corpus = load_corpus()
    assert len(corpus) >= 10
    assert {c.path.suffix for c in corpus} == {".html", ".txt"}
    assert any(not c.expect for c in corpus), "a clean, well-sourced article belongs in the corpus"
    assert any(c.low_uncited for c in corpus)


@pytest.mark.parametrize("category", CATEGORIES)
def test_precision_and_recall_floors(scored, category):
    tallies, _ = scored
    p_floor, r_floor, n_expected = FLOORS[category]
    t = tallies[category]
    print(f"{category}: precision {t.precision:.3f}, recall {t.recall:.3f}")
    assert t.expected >= n_expected
    assert t.precision >= p_floor, t.false_alarms
    assert t.recall >= r_floor, t.misses


def test_must_not_flag_spans_stay_clean(scored):
    _, wrong = scored
    assert wrong == []


def test_unlinked_reference_list_lowers_uncited_severity(auditor):
    cases = [c for c in load_corpus() if c.low_uncited]
    for case in cases:
        uncited = [f for f in audit_case(auditor, case).findings if f.category == "uncited"]
        assert uncited, case.name
        assert {f.severity for f in uncited} == {"low"}, case.name


def test_clean_articles_get_no_marketing_or_uncited_findings(auditor):
    clean = [c for c in load_corpus() if not c.expect and not c.maybe]
    assert clean
    for case in clean:
        result = audit_case(auditor, case)
        ours = [(f.rule, f.text) for f in result.findings if f.category in CATEGORIES]
        assert ours == [], case.name
