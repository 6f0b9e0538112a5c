"""Acceptance on the real seed articles (skipped when ../shared/seeds is absent)."""

from __future__ import annotations

import re

import pytest

from conftest import seed_path

pytestmark = pytest.mark.seeds


@pytest.fixture(scope="module")
def seed_results(auditor, seeds_dir):
    out = {}
    for prefix in ("000", "001", "002", "003", "004"):
        path = seed_path(prefix)
        out[prefix] = auditor.audit_text(path.read_text(encoding="utf-8"), source=path.name)
    return out


def texts(result, category):
    return [f.text for f in result.findings if f.category == category]


def flagged(result, category, phrase):
    return any(phrase.lower() in t.lower() for t in texts(result, category))


@pytest.mark.parametrize(
    ("prefix", "phrase"),
    [
        ("003", "Call 855-712-7784"),
        ("003", "best-in-class treatment facilities"),
        ("000", "Fill out this form"),
        ("000", "Free and Confidential"),
        ("004", "Accept Most Insurance"),
        ("002", "pub-5415575505102445, DIRECT"),
        ("002", "Top writer in"),
        ("001", "just $99/mo"),
        ("001", "Leave a Reply"),
    ],
)
def test_marketing_acceptance(seed_results, prefix, phrase):
    assert flagged(seed_results[prefix], "marketing", phrase), texts(
        seed_results[prefix], "marketing"
    )


@pytest.mark.parametrize(
    ("prefix", "phrase"),
    [
        ("001", "how does flakka affect your brain"),
        ("001", "effects physical and psychological effects of"),
        ("004", "baclofen addiction potential"),
    ],
)
def test_seo_spam_acceptance_flags_only_the_inserted_span(seed_results, prefix, phrase):
    hits = [t for t in texts(seed_results[prefix], "seo_spam") if phrase in t]
    assert hits, texts(seed_results[prefix], "seo_spam")
    assert all(len(t) < len(phrase) + 20 for t in hits)


def test_seo_spam_is_rare_on_seeds(seed_results):
    for prefix in ("000", "002", "003"):
        assert texts(seed_results[prefix], "seo_spam") == []


def test_sentences_with_numeric_citations_are_never_uncited(seed_results):
    marker = re.compile(r"\(\d{1,3}(?:[,–-]\s*\d{1,3})*\)")
    result = seed_results["004"]
    for f in result.findings:
        if f.category == "uncited":
            assert not marker.search(f.text), f.text
            block = result.article.block_at(f.start)
            assert block is None or not marker.search(block.text)


def test_uncited_efficacy_claims_in_article_without_sources(seed_results):
    result = seed_results["002"]
    uncited = [f for f in result.findings if f.category == "uncited"]
    assert any("some studies have shown promising outcomes" in f.text for f in uncited)
    assert all(f.severity == "medium" for f in uncited)


def test_reference_list_lowers_uncited_severity(seed_results):
    rank = {"low": 1, "medium": 2, "high": 3}
    with_list = [f for f in seed_results["000"].findings if f.category == "uncited"]
    without = [f for f in seed_results["002"].findings if f.category == "uncited"]
    assert with_list and without
    assert max(rank[f.severity] for f in with_list) < min(rank[f.severity] for f in without)


def test_no_uncited_finding_on_headings_or_questions(seed_results):
    for result in seed_results.values():
        for f in result.findings:
            if f.category == "uncited":
                assert not f.text.rstrip().endswith("?")
                assert len(f.text.split()) >= 5
