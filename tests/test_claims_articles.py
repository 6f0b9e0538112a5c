"""Whole articles: a careful one with no contradictions and a sloppy one with known errors,
against the bundled reference set and against the small test set."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bacaudit.audit import Auditor
from bacaudit.config import Config
from claims_helpers import article_from_text, make_refs

ARTICLES = Path(__file__).parent / "fixtures" / "claims" / "articles"
EXPECT = json.loads((ARTICLES / "expectations.json").read_text("utf-8"))
NAMES = sorted(k for k in EXPECT if k.endswith(".txt"))


@pytest.fixture(scope="module")
def auditors(auditor, refs, tmp_path_factory):
    out = {"mini": Auditor(make_refs(tmp_path_factory.mktemp("refs")), Config())}
    if refs.find("baclofen", "max_daily_dose"):
        out["bundled"] = auditor
    return out


@pytest.mark.parametrize("which", ["mini", "bundled"])
@pytest.mark.parametrize("name", NAMES)
def test_article(auditors, which, name):
    if which not in auditors:
        pytest.skip("bundled reference set has no baclofen entries")
    text = (ARTICLES / name).read_text("utf-8")
    result = auditors[which].audit_article(article_from_text(text, source=name))
    found = [(f.text, f.rule) for f in result.findings if f.category == "contradiction"]
    expected = EXPECT[name]["contradictions"]
    for phrase, rule in expected:
        assert any(phrase in t and r == rule for t, r in found), (phrase, rule, found)
    assert len(found) == len(expected), found
    for f in result.findings:
        assert result.article.text[f.start : f.end] == f.text
