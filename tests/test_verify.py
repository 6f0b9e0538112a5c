"""Verification is scoped: a claim is compared only with entries for its route, place and
population, and doubt means `unverifiable`."""

from __future__ import annotations

import pytest

from bacaudit.models import Claim
from bacaudit.verify import verify_claims
from claims_helpers import make_refs


@pytest.fixture(scope="module")
def refs(tmp_path_factory):
    return make_refs(tmp_path_factory.mktemp("refs"))


def claim(type_, value, subject="baclofen", negated=False, hedged=False, **context) -> Claim:
    context.setdefault("jurisdiction", "US")
    return Claim(
        type_, subject, "x", 0, 1, value=value, negated=negated, hedged=hedged, context=context
    )


def verdict(refs, c: Claim) -> str:
    verify_claims([c], refs)
    return c.verdict


def max_dose(mg, **ctx):
    return claim(
        "max_daily_dose",
        {"amount": mg, "unit": "mg", "amount_mg": mg, "per_day_stated": True},
        **ctx,
    )


def test_max_dose_against_the_us_oral_label(refs):
    high = max_dose(120)
    assert verdict(refs, high) == "contradicted"
    assert high.reference.id == "baclofen.max_daily_dose.oral.us"
    assert "120 mg" in high.explanation and "80 mg" in high.explanation
    assert verdict(refs, max_dose(80)) == "supported"
    assert verdict(refs, max_dose(60)) == "unverifiable"


@pytest.mark.parametrize(
    "ctx",
    [
        {"jurisdiction": "FR"},
        {"research": True},
        {"question": True},
        {"reported": True},
        {"past": True},
        {"population": "pediatric"},
    ],
)
def test_max_dose_out_of_scope_is_never_contradicted(refs, ctx):
    assert verdict(refs, max_dose(300, **ctx)) == "unverifiable"


def test_intrathecal_dose_is_not_held_to_the_oral_label(refs):
    itb = claim(
        "max_daily_dose",
        {"amount": 1000, "unit": "mcg", "amount_mg": 1.0, "per_day_stated": True},
        route="intrathecal",
    )
    itb.text = "Intrathecal doses above 1000 mcg a day are rarely needed."
    assert verdict(refs, itb) == "unverifiable"


def test_australian_hospital_maximum_is_its_own_scope(refs):
    c = max_dose(100, jurisdiction="AU", population="hospitalised")
    assert verdict(refs, c) == "supported"
    assert c.reference.id == "baclofen.max_daily_dose.oral.au.hospital"


def test_microgram_doses_are_not_assumed_oral(refs):
    c = claim(
        "max_daily_dose", {"amount": 800, "unit": "mcg", "amount_mg": 0.8, "per_day_stated": True}
    )
    assert verdict(refs, c) == "unverifiable"


def test_universal_denial_of_approval(refs):
    c = claim(
        "approval",
        {"agency": "any", "status": "not_approved", "indications": [], "universal": True},
        negated=True,
    )
    assert verdict(refs, c) == "contradicted"
    assert c.reference.id == "baclofen.approval.fda"


def test_approval_for_an_indication(refs):
    yes = {"agency": "FDA", "status": "approved", "indications": ["alcohol_use_disorder"]}
    assert verdict(refs, claim("approval", yes)) == "contradicted"
    assert (
        verdict(refs, claim("approval", {**yes, "indications": ["ms_spasticity"]})) == "supported"
    )
    no = {"agency": "FDA", "status": "not_approved", "indications": ["alcohol_use_disorder"]}
    assert verdict(refs, claim("approval", no, negated=True)) == "supported"
    assert (
        verdict(refs, claim("approval", {**no, "indications": []}, negated=True)) == "unverifiable"
    )


def test_hedged_positive_approval_is_not_judged(refs):
    c = claim(
        "approval",
        {"agency": "FDA", "status": "approved", "indications": ["alcohol_use_disorder"]},
        hedged=True,
    )
    assert verdict(refs, c) == "unverifiable"


def test_hedged_use_for_a_condition_the_label_warns_about_is_still_wrong(refs):
    c = claim("indication", {"condition": "epilepsy", "mode": "practice"}, hedged=True)
    assert verdict(refs, c) == "contradicted"
    assert c.reference.id == "baclofen.indication.epilepsy"


def test_off_label_practice_is_not_a_label_claim(refs):
    practice = claim("indication", {"condition": "rheumatic_spasm", "mode": "practice"})
    assert verdict(refs, practice) == "unverifiable"
    label = claim("indication", {"condition": "rheumatic_spasm", "mode": "label"})
    assert verdict(refs, label) == "contradicted"


def test_schedule_verdicts(refs):
    assert (
        verdict(refs, claim("schedule", {"controlled": True, "schedule": "III"})) == "contradicted"
    )
    assert verdict(refs, claim("schedule", {"controlled": True}, negated=True)) == "supported"
    assert verdict(refs, claim("schedule", {"controlled": True}, hedged=True)) == "unverifiable"
    assert verdict(refs, claim("schedule", {"controlled": True}, level="state")) == "unverifiable"
    bup = {"controlled": True, "schedule": "V"}
    assert verdict(refs, claim("schedule", bup, subject="buprenorphine")) == "contradicted"
    assert (
        verdict(refs, claim("schedule", {**bup, "until": 2002}, subject="buprenorphine", past=True))
        == "supported"
    )


def test_myth_busting_is_judged_as_the_denial(refs):
    c = claim(
        "schedule",
        {"controlled": True, "schedule": "III"},
        negated=True,
        reported=True,
        denied=True,
    )
    assert verdict(refs, c) == "supported"


def test_first_approval_year(refs):
    assert (
        verdict(refs, claim("first_approval", {"agency": "FDA", "year": 1977, "first": True}))
        == "supported"
    )
    assert (
        verdict(refs, claim("first_approval", {"agency": "FDA", "year": 1978, "first": True}))
        == "unverifiable"
    )
    assert (
        verdict(refs, claim("first_approval", {"agency": "FDA", "year": 1990, "first": True}))
        == "contradicted"
    )
    brand = {"agency": "FDA", "year": 2010, "first": False, "product": "Gablofen"}
    assert verdict(refs, claim("first_approval", brand)) == "unverifiable"


def test_boxed_warning_depends_on_route(refs):
    assert verdict(refs, claim("boxed_warning", {"present": True}, route="oral")) == "contradicted"
    assert (
        verdict(refs, claim("boxed_warning", {"present": True}, route="intrathecal")) == "supported"
    )
    assert verdict(refs, claim("boxed_warning", {"present": True})) == "unverifiable"


def test_malformed_entry_makes_the_claim_unverifiable_not_a_crash(tmp_path):
    refs = make_refs(tmp_path)
    for e in refs.entries:
        if e.type == "max_daily_dose":
            e.value = {"unit": "mg"}  # amount missing
    c = max_dose(500)
    verify_claims([c], refs)
    assert c.verdict == "unverifiable" and "could not compare" in c.explanation


def test_entry_severity_travels_with_the_claim(tmp_path):
    refs = make_refs(tmp_path)
    for e in refs.entries:
        if e.id == "baclofen.schedule.us":
            e.severity = "medium"
    c = claim("schedule", {"controlled": True})
    verify_claims([c], refs)
    assert c.verdict == "contradicted" and c.context["ref_severity"] == "medium"


def test_an_approval_year_far_from_every_recorded_approval(refs):
    plain = {"agency": "FDA", "year": 1996, "first": False}
    c = claim("first_approval", plain)
    assert verdict(refs, c) == "contradicted" and "1977" in c.explanation
    assert verdict(refs, claim("first_approval", {**plain, "year": 1978})) == "unverifiable"
    assert verdict(refs, claim("first_approval", plain, qualified=True)) == "unverifiable"


def test_a_product_year_is_checked_against_that_product(tmp_path):
    from bacaudit.reference import RefEntry
    from claims_helpers import SRC

    refs = make_refs(tmp_path)
    refs.entries.append(
        RefEntry(
            "baclofen.approval.gablofen",
            "baclofen",
            "approval",
            "Gablofen was approved in 2010.",
            [SRC],
            "2026-11-22",
            value={
                "agency": "FDA",
                "status": "approved",
                "indications": ["spasticity"],
                "year": 2010,
                "product": "Gablofen",
            },
            scope={"route": "intrathecal"},
        )
    )
    refs.reindex()
    brand = {"agency": "FDA", "year": 2014, "first": False, "product": "Gablofen"}
    c = claim("first_approval", brand, qualified=True)
    assert verdict(refs, c) == "contradicted" and c.reference.id == "baclofen.approval.gablofen"
    assert verdict(refs, claim("first_approval", {**brand, "year": 2010})) == "supported"


def test_open_world_unlisted_indication_is_unverifiable(tmp_path):
    """Without a declaration of complete approvals, an indication the set does not list is not
    known to be unapproved: unverifiable. Declared complete, the same claim is contradicted."""
    refs = make_refs(tmp_path)
    claimed = {"agency": "FDA", "status": "approved", "indications": ["epilepsy"]}
    assert verdict(refs, claim("approval", dict(claimed))) == "contradicted"
    refs.drugs["baclofen"].complete = []
    c = claim("approval", dict(claimed))
    assert verdict(refs, c) == "unverifiable" and c.reference is None
    # a positive record still contradicts: the set says "not approved for" alcohol use disorder
    aud = {"agency": "FDA", "status": "approved", "indications": ["alcohol_use_disorder"]}
    assert verdict(refs, claim("approval", aud)) == "contradicted"


def test_open_world_year_before_the_first_approval_is_still_wrong(tmp_path):
    refs = make_refs(tmp_path)
    refs.drugs["baclofen"].complete = []
    plain = {"agency": "FDA", "year": 1996, "first": False}
    # later than the first approval and not recorded: another approval may be meant
    assert verdict(refs, claim("first_approval", dict(plain))) == "unverifiable"
    # earlier than the recorded first approval (1977): impossible whatever the set leaves out
    early = claim("first_approval", {**plain, "year": 1960})
    assert verdict(refs, early) == "contradicted" and "1977" in early.explanation
    # with no agency or place named, an earlier approval abroad may be meant
    vague = claim("first_approval", {**plain, "year": 1960}, agency_implicit=True)
    assert verdict(refs, vague) == "unverifiable"
