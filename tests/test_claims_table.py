"""Every claim type against labelled sentences: true claims, false claims and traps.

The table lives in tests/fixtures/claims/cases.json and is checked against the small reference
set in claims_helpers, so it does not move when the bundled data grows.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bacaudit.claims import extract_claims
from bacaudit.nlp import get_pipeline
from bacaudit.verify import verify_claims
from claims_helpers import article_from_text, make_refs

CASES = json.loads(
    (Path(__file__).parent / "fixtures" / "claims" / "cases.json").read_text("utf-8")
)["cases"]
CLAIM_TYPES = {
    "max_daily_dose",
    "typical_dose",
    "starting_dose",
    "approval",
    "first_approval",
    "schedule",
    "indication",
    "boxed_warning",
    "elimination",
    "half_life",
}


@pytest.fixture(scope="module")
def mini(tmp_path_factory):
    refs = make_refs(tmp_path_factory.mktemp("refs"))
    return refs, get_pipeline(refs)


def claims_for(mini, text: str):
    refs, pipeline = mini
    article = article_from_text(text)
    return verify_claims(extract_claims(pipeline.analyze(article), article, refs), refs)


@pytest.mark.parametrize("case", CASES, ids=[c["text"][:60] for c in CASES])
def test_case(mini, case):
    subject = case.get("subject", "baclofen")
    claims = [
        c for c in claims_for(mini, case["text"]) if c.type == case["type"] and c.subject == subject
    ]
    verdicts = [c.verdict for c in claims]
    expected = case["verdict"]
    if expected == "none":
        assert not claims, f"no {case['type']} claim expected, got {verdicts}"
    elif expected == "not_contradicted":
        assert "contradicted" not in verdicts
    else:
        assert expected in verdicts, f"expected {expected}, got {verdicts}"
        if expected != "contradicted":
            assert "contradicted" not in verdicts


def test_every_claim_type_has_true_false_and_trap_cases():
    by_type: dict[str, set[str]] = {}
    for c in CASES:
        by_type.setdefault(c["type"], set()).add(c["verdict"])
    assert set(by_type) == CLAIM_TYPES
    for type_, verdicts in by_type.items():
        assert "contradicted" in verdicts, f"{type_} has no false claim"
        assert verdicts & {"supported", "not_contradicted", "none"}, (
            f"{type_} has no true claim or trap"
        )


def test_claims_are_exact_slices_of_the_article(mini):
    text = (
        "Baclofen is a relaxant.\n\n"
        "The maximum dose of baclofen is 120 mg per day. It is not a controlled substance."
    )
    article = article_from_text(text)
    for c in claims_for(mini, text):
        assert article.text[c.start : c.end] == c.text
        assert c.to_dict()["verdict"] in {"supported", "contradicted", "unverifiable"}


def test_pronoun_refers_back_to_the_last_drug_in_the_paragraph(mini):
    text = "Carisoprodol is a muscle relaxant. It is not a controlled substance."
    claims = [c for c in claims_for(mini, text) if c.type == "schedule"]
    assert [c.subject for c in claims] == ["carisoprodol"]
    assert claims[0].verdict == "contradicted"


def test_paragraph_without_a_drug_falls_back_to_the_main_drug(mini):
    text = (
        "Baclofen for spasticity.\n\nBaclofen works on GABA-B receptors.\n\n"
        "The maximum dose is 150 mg per day."
    )
    claims = [c for c in claims_for(mini, text) if c.type == "max_daily_dose"]
    assert claims and claims[0].subject == "baclofen" and claims[0].verdict == "contradicted"


def test_french_paragraph_scopes_a_later_sentence(mini):
    text = (
        "In France, doctors used baclofen widely for alcoholism. "
        "The maximum dose was set at 300 mg per day."
    )
    claims = [c for c in claims_for(mini, text) if c.type == "max_daily_dose"]
    assert claims and claims[0].context["jurisdiction"] == "FR"
    assert claims[0].verdict != "contradicted"


def test_first_approval_with_wrong_indication_contradicts_only_the_indication(mini):
    text = "Baclofen is a relaxant. It was first approved by the FDA in 1977 for back pain."
    claims = claims_for(mini, text)
    by_type = {c.type: c for c in claims}
    assert by_type["first_approval"].verdict == "supported"
    assert by_type["approval"].verdict == "contradicted"
    assert "back pain" in by_type["approval"].explanation


def test_skips_references_region(mini):
    refs, pipeline = mini
    article = article_from_text(
        "Baclofen is a relaxant.\n\nBaclofen is a Schedule III controlled substance."
    )
    article.references_start = article.blocks[1].start
    assert not [
        c for c in extract_claims(pipeline.analyze(article), article, refs) if c.type == "schedule"
    ]
