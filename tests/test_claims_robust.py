"""Untrusted article text of any shape goes through extraction and verification without
raising, and every claim stays an exact slice of the article."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bacaudit.claims import extract_claims
from bacaudit.nlp import get_pipeline
from bacaudit.verify import verify_claims
from claims_helpers import article_from_text, make_refs

WORDS = [
    "baclofen",
    "Lioresal",
    "it",
    "is",
    "not",
    "a",
    "Schedule",
    "III",
    "IV",
    "C-II",
    "controlled",
    "substance",
    "narcotic",
    "approved",
    "FDA",
    "ANSM",
    "in",
    "1977",
    "2014",
    "for",
    "epilepsy",
    "alcoholism",
    "maximum",
    "dose",
    "100",
    "mg",
    "mcg",
    "q.i.d.",
    "t.i.d.",
    "per",
    "day",
    "one",
    "hundred",
    "milligrams",
    "up",
    "to",
    "-",
    "–",
    "(",
    ")",
    ".",
    ",",
    ";",
    "?",
    "\n",
    "\n\n",
    "some",
    "sites",
    "claim",
    "it",
    "is",
    "not",
    "may",
    "study",
    "intrathecal",
    "oral",
    "black",
    "box",
    "warning",
    "half-life",
    "hours",
    "eliminated",
    "kidneys",
    "liver",
    "unlike",
    "carisoprodol",
    "which",
    "were",
    "until",
    "France",
    "first",
    "any",
    "government",
    "approval",
    "<script>",
    "&amp;",
    "µg",
    "½",
    "🙂",
    "0",
    "99999999999999999999",
]


@pytest.fixture(scope="module")
def mini(tmp_path_factory):
    refs = make_refs(tmp_path_factory.mktemp("refs"))
    return refs, get_pipeline(refs)


@settings(
    max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(st.sampled_from(WORDS), min_size=1, max_size=80))
def test_random_word_salad(mini, words):
    refs, pipeline = mini
    article = article_from_text(" ".join(words))
    if not article.text:
        return
    claims = verify_claims(extract_claims(pipeline.analyze(article), article, refs), refs)
    for c in claims:
        assert article.text[c.start : c.end] == c.text
        assert c.verdict in {"supported", "contradicted", "unverifiable"}
        if c.verdict != "unverifiable":
            assert c.reference is not None and c.explanation


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.text(min_size=1, max_size=400))
def test_arbitrary_unicode(mini, text):
    refs, pipeline = mini
    article = article_from_text(text)
    if not article.text:
        return
    for c in verify_claims(extract_claims(pipeline.analyze(article), article, refs), refs):
        assert article.text[c.start : c.end] == c.text
