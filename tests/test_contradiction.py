"""BA1xx rules: contradicted claims become findings that quote the reference and suggest a fix."""

from __future__ import annotations

import pytest

from bacaudit.audit import Auditor
from bacaudit.config import Config
from bacaudit.rules.base import DOC_SECTIONS, all_rules
from claims_helpers import article_from_text, make_refs

FLAGGED = {
    "BA101": "Baclofen is a relaxant. The maximum dose of baclofen is 120 mg per day.",
    "BA102": "Baclofen is not approved by any government agency.",
    "BA103": "Baclofen is FDA-approved for the treatment of alcoholism.",
    "BA104": "Baclofen is classified as a Schedule III controlled substance.",
    "BA105": "Baclofen was first approved by the FDA in 1995.",
    "BA106": "Oral baclofen tablets carry a black box warning.",
    "BA107": "Baclofen is prescribed for epilepsy.",
    "BA108": "Patients usually start baclofen at 60 mg per dose.",
    "BA109": "Baclofen is primarily eliminated by the liver.",
}


@pytest.fixture(scope="module")
def mini_refs(tmp_path_factory):
    return make_refs(tmp_path_factory.mktemp("refs"))


@pytest.fixture(scope="module")
def mini_auditor(mini_refs):
    return Auditor(mini_refs, Config())


def contradiction_findings(auditor, text):
    result = auditor.audit_article(article_from_text(text))
    return result, [f for f in result.findings if f.category == "contradiction"]


@pytest.mark.parametrize(("code", "text"), sorted(FLAGGED.items()))
def test_each_rule_flags_its_example(mini_auditor, code, text):
    result, found = contradiction_findings(mini_auditor, text)
    assert [f.rule for f in found] == [code]
    f = found[0]
    assert result.article.text[f.start : f.end] == f.text
    assert f.reference is not None and f.reference.source_url.startswith("https://")
    claim = next(c for c in result.claims if c.verdict == "contradicted")
    assert f.message.endswith(claim.explanation + ".")
    assert f.fix and f.reference.statement in f.fix
    assert f.name and f.severity in {"high", "medium", "low"}
    claims = result.to_dict()["claims"]
    assert any(
        c["verdict"] == "contradicted" and c["reference"]["id"] == f.reference.id for c in claims
    )


def test_rule_docstring_examples_behave_as_documented(mini_auditor):
    rules = {code: cls for code, cls in all_rules().items() if code.startswith("BA1")}
    assert set(FLAGGED) <= set(rules)
    for code, cls in rules.items():
        sections = cls.doc_sections()
        for name in DOC_SECTIONS:
            assert sections.get(name), f"{code} lacks {name}"
        _, found = contradiction_findings(
            mini_auditor, "Baclofen is a relaxant. " + sections["Fine example"]
        )
        assert not found, f"{code} flags its own fine example"


def test_correct_article_has_no_contradictions(mini_auditor):
    text = (
        "Baclofen and alcohol\n\n"
        "Baclofen is a muscle relaxant approved by the FDA in 1977 for spasticity. It is not a "
        "controlled substance, and it is not FDA-approved for alcohol use disorder, so that use "
        "is off-label.\n\n"
        "The total daily dose should not exceed 80 mg (20 mg q.i.d.). Trials in alcohol dependence "
        "used doses ranging from 30 to 300 mg per day. Intrathecal pumps deliver 300 to 800 mcg "
        "a day.\n\n"
        "Some websites claim baclofen is Schedule III; it is not. Carisoprodol, unlike "
        "baclofen, is Schedule IV."
    )
    result, found = contradiction_findings(mini_auditor, text)
    assert found == []
    assert any(c.verdict == "supported" for c in result.claims)


def test_one_finding_per_sentence_and_rule(mini_auditor):
    _, found = contradiction_findings(
        mini_auditor, "Baclofen is a Schedule III controlled substance and a narcotic."
    )
    assert len(found) == 1


def test_entry_severity_overrides_rule_default(tmp_path):
    refs = make_refs(tmp_path)
    for e in refs.entries:
        if e.id == "baclofen.schedule.us":
            e.severity = "low"
    _, found = contradiction_findings(
        Auditor(refs, Config()), "Baclofen is a controlled substance."
    )
    assert [f.severity for f in found] == ["low"]


def test_rules_can_be_disabled(mini_refs):
    _, found = contradiction_findings(
        Auditor(mini_refs, Config(disable=["BA104"])), FLAGGED["BA104"]
    )
    assert found == []
