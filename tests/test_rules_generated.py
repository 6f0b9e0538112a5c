"""Floors on the generated variations (tests/generated_sets.py): templates times slot fillers.

First run, before the rules were changed for them (lexicon phrase templates only):
marketing P 0.882 R 0.324, uncited P 1.000 R 0.180, seo_spam P 1.000 R 0.067, 6 must-not
violations (helplines flagged as marketing). The floors below were pinned after the structural
detectors; the `held` templates (every third) were not looked at while tuning.
"""

from __future__ import annotations

import pytest

from generated_eval import CATEGORIES, score
from generated_sets import generate

FLOORS = {
    # category: (precision floor, recall floor) on all items; measured when pinned:
    "marketing": (0.97, 0.95),  # P 1.000 R 0.993 (138/139), held R 0.976
    "uncited": (0.97, 0.93),  # P 1.000 R 0.978 (87/89), held R 1.000
    "seo_spam": (0.97, 0.85),  # P 1.000 R 0.900 (81/90), held R 0.900
}


@pytest.fixture(scope="module")
def scores(auditor):
    return score(auditor)


def test_generated_sets_are_varied():
    items = generate()
    for cat in CATEGORIES:
        mine = [i for i in items if i.category == cat]
        assert sum(i.label == "flag" for i in mine) >= 80
        assert sum(i.label != "flag" for i in mine) >= 30
        assert {i.split for i in mine} == {"tune", "held"}
    assert len({i.text for i in items}) == len(items)


@pytest.mark.parametrize("category", CATEGORIES)
def test_generated_floors(scores, category):
    p_floor, r_floor = FLOORS[category]
    s = scores[(category, "all")]
    assert s.precision >= p_floor, s.wrong
    assert s.recall >= r_floor, s.misses


@pytest.mark.parametrize("category", CATEGORIES)
def test_no_must_not_violation(scores, category):
    s = scores[(category, "all")]
    assert s.must_not == 0, s.wrong
