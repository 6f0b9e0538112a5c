"""Acceptance on the seed articles with the bundled reference set.

Assertions name only short phrases; the seed text stays outside the repository.
"""

from __future__ import annotations

import pytest

from conftest import seed_path

pytestmark = pytest.mark.seeds


@pytest.fixture(scope="module")
def audited(auditor, refs):
    if not refs.find("baclofen", "max_daily_dose"):
        pytest.skip("bundled reference set has no baclofen entries")
    cache = {}

    def run(prefix: str):
        if prefix not in cache:
            path = seed_path(prefix)
            cache[prefix] = auditor.audit_text(path.read_text(encoding="utf-8"), source=path.name)
        return cache[prefix]

    return run


def contradictions(result, phrase: str):
    return [f for f in result.findings if f.category == "contradiction" and phrase in f.text]


def claims_in(result, phrase: str):
    return [c for c in result.claims if phrase in c.text]


@pytest.mark.parametrize(
    ("seed", "phrase", "rule"),
    [
        ("003", "maximum recommended dosage for baclofen is 100", "BA101"),
        ("000", "does not have any governmental approval", "BA102"),
        ("000", "first approved by the FDA in 1977", "BA103"),
        ("001", "to help manage epilepsy", "BA107"),
    ],
)
def test_required_contradictions(audited, seed, phrase, rule):
    found = contradictions(audited(seed), phrase)
    assert [f.rule for f in found] == [rule]
    f = found[0]
    assert f.reference is not None and f.reference.source_url.startswith("http")
    assert "the reference" in f.message and f.reference.statement in f.fix
    assert f.fix


def test_approval_year_is_supported_while_indication_is_not(audited):
    claims = claims_in(audited("000"), "first approved by the FDA in 1977")
    by_type = {c.type: c.verdict for c in claims}
    assert by_type["first_approval"] == "supported"
    assert by_type["approval"] == "contradicted"


@pytest.mark.parametrize(
    ("seed", "phrase"),
    [
        ("004", "should not exceed a maximum of 80 mg daily"),
        ("004", "ranging from 30 to 145 mg"),
        ("004", "temporary recommendation"),
        ("004", "2008 book"),
        ("001", "not listed as a controlled substance"),
        ("001", "typical therapeutic dose ranges from 10 to 80 mg"),
        ("001", "available in 10 mg and 20 mg oral doses"),
        ("003", "not approved for this specific use by the FDA"),
        ("003", "After synthesizing the drug in 1962"),
        ("003", "primarily eliminated in the kidneys"),
        ("002", "remains off-label"),
    ],
)
def test_never_contradictions(audited, seed, phrase):
    result = audited(seed)
    assert not contradictions(result, phrase)
    assert all(c.verdict != "contradicted" for c in claims_in(result, phrase))


@pytest.mark.parametrize(
    ("seed", "phrase", "type_"),
    [
        ("004", "should not exceed a maximum of 80 mg daily", "max_daily_dose"),
        ("001", "not listed as a controlled substance", "schedule"),
        ("003", "primarily eliminated in the kidneys", "elimination"),
    ],
)
def test_true_claims_are_supported(audited, seed, phrase, type_):
    verdicts = {c.type: c.verdict for c in claims_in(audited(seed), phrase)}
    assert verdicts.get(type_) == "supported"


def test_every_seed_contradiction_is_one_of_the_known_ones(audited):
    expected = {
        "000": {"BA102", "BA103"},
        "001": {"BA107"},
        "002": set(),
        "003": {"BA101"},
        "004": set(),
    }
    for seed, rules in expected.items():
        got = {f.rule for f in audited(seed).findings if f.category == "contradiction"}
        assert got == rules, (seed, got)
