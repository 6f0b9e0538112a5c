"""Time, formulation, approval years and units: the cases that separate an outdated or
mistyped claim from a correct one (against the bundled reference set)."""

from __future__ import annotations

import pytest

from claims_helpers import article_from_text


@pytest.fixture(scope="module")
def bundled(auditor, refs):
    if not refs.find("naltrexone", "boxed_warning"):
        pytest.skip("bundled reference set has no naltrexone entries")
    return auditor


def contradictions(auditor, text: str) -> list:
    result = auditor.audit_article(article_from_text(text))
    return [f for f in result.findings if f.category == "contradiction"]


@pytest.mark.parametrize(
    "text",
    [
        "Varenicline once carried a boxed warning that the FDA removed in 2016.",
        "Naltrexone used to carry a boxed warning.",
        "Naltrexone formerly carried a boxed warning about liver toxicity.",
        "Chantix had a boxed warning until 2016.",
        "The FDA removed naltrexone's boxed warning in 2013.",
        "In 2016 the FDA approved a label change removing the Chantix boxed warning.",
        "The FDA took the boxed warning off Chantix in 2016.",
    ],
)
def test_boxed_warning_history_is_not_flagged(bundled, text):
    assert contradictions(bundled, text) == []


@pytest.mark.parametrize(
    ("text", "year"),
    [
        ("Naltrexone carries a boxed warning for liver damage.", "2013"),
        ("Chantix has a black box warning about suicidal thoughts.", "2016"),
    ],
)
def test_removed_boxed_warning_is_flagged_as_outdated(bundled, text, year):
    found = contradictions(bundled, text)
    assert [f.rule for f in found] == ["BA106"]
    assert found[0].message.startswith("Outdated")
    assert year in found[0].message
    assert found[0].severity == "low"


@pytest.mark.parametrize(
    ("text", "verdict"),
    [
        ("Xyrem is a Schedule III drug.", "supported"),
        ("Sodium oxybate is a Schedule III controlled substance.", "supported"),
        ("GHB is a Schedule I controlled substance.", "supported"),
        ("GHB is a Schedule III drug.", "contradicted"),
    ],
)
def test_schedule_follows_the_product(bundled, text, verdict):
    result = bundled.audit_article(article_from_text(text))
    schedules = [c for c in result.claims if c.type == "schedule"]
    assert schedules and schedules[0].verdict == verdict, [c.explanation for c in schedules]


@pytest.mark.parametrize(
    "text",
    [
        "Acamprosate was approved by the FDA in 1994.",
        "Naltrexone was approved for alcohol dependence in 2004.",
        "The FDA approved Suboxone for opioid dependence in 2006.",
        "Baclofen was first approved in 1985.",
    ],
)
def test_wrong_approval_year_is_ba105(bundled, text):
    found = contradictions(bundled, text)
    assert [f.rule for f in found] == ["BA105"], [f.message for f in found]
    assert found[0].reference is not None


@pytest.mark.parametrize(
    "text",
    [
        "Acamprosate was approved by the FDA in 2004.",
        "Naltrexone was approved for alcohol dependence in 1994.",
        "Naltrexone was approved for alcohol dependence in 1995.",
        "Vivitrol was approved for alcohol dependence in 2006.",
        "The FDA approved Suboxone for opioid dependence in 2002.",
        "Naltrexone was approved for opioid dependence in 1984.",
        "Baclofen was first approved in 1977.",
        "Baclofen was first approved in 1970.",
        "Baclofen was first approved in France in 1974.",
        "In the trial, baclofen was first approved in 2012 by the ethics committee.",
        "The FDA approved Suboxone film for opioid dependence in 2010.",
        "A generic version of Suboxone was approved in 2013.",
        "Extended-release naltrexone was approved for alcohol dependence in 2006.",
    ],
)
def test_right_or_neighbouring_approval_year_is_not_flagged(bundled, text):
    assert contradictions(bundled, text) == []


def test_wrong_year_names_every_recorded_year(bundled):
    found = contradictions(bundled, "Naltrexone was approved for alcohol dependence in 2001.")
    assert "1994" in found[0].message and "2006" in found[0].message


def test_milligrams_at_microgram_magnitudes_by_pump(bundled):
    found = contradictions(bundled, "A typical pump dose is 300 to 800 mg of baclofen per day.")
    assert [f.rule for f in found] == ["BA101"]
    assert "micrograms" in found[0].message


@pytest.mark.parametrize(
    "text",
    [
        "The pump delivers 300 to 800 mcg of baclofen per day.",
        "Before the pump, she took 80 mg of baclofen tablets a day.",
        "He had an intrathecal pump fitted. He also takes 20 mg of baclofen a day.",
    ],
)
def test_pump_sentences_in_the_right_unit_or_about_tablets(bundled, text):
    assert contradictions(bundled, text) == []


def test_reported_claim_denied_in_the_next_sentence(bundled):
    text = "Some websites claim baclofen is a Schedule III narcotic. It is not."
    assert contradictions(bundled, text) == []


def test_approval_for_alcohol_cravings_is_an_approval_for_alcohol_use_disorder(bundled):
    found = contradictions(bundled, "Baclofen is approved by the FDA for alcohol cravings.")
    assert [f.rule for f in found] == ["BA103"]
    assert contradictions(bundled, "Naltrexone is FDA-approved and reduces alcohol cravings.") == []
    assert contradictions(bundled, "Baclofen is used off-label to reduce alcohol cravings.") == []


@pytest.mark.parametrize(
    "text",
    [
        "Acamprosate was authorised in France in 1989, fifteen years before the FDA approved it "
        "in 2004.",
        "The FDA approved acamprosate in 2004, 15 years after France authorised it in 1989.",
        "From 2009 to 2016, varenicline carried a boxed warning about psychiatric side effects.",
        "Between 2009 and 2016 Chantix had a boxed warning.",
    ],
)
def test_each_date_goes_with_its_own_country_and_period(bundled, text):
    assert contradictions(bundled, text) == []


def test_the_month_may_is_not_a_hedge(bundled):
    result = bundled.audit_article(article_from_text("The FDA approved Lucemyra in May 2018."))
    firsts = [c for c in result.claims if c.type == "first_approval"]
    assert firsts and firsts[0].verdict == "supported" and not firsts[0].hedged
    hedged = bundled.audit_article(article_from_text("Baclofen may be approved for alcoholism."))
    assert all(c.hedged for c in hedged.claims if c.type == "approval")


@pytest.mark.parametrize(
    "text",
    [
        "Topiramate, approved for epilepsy and migraine, is used off-label for alcohol use "
        "disorder.",
        "Baclofen, approved for spasticity, is not approved for alcohol use disorder.",
        "Baclofen is used off-label for alcoholism, although it is approved for spasticity.",
    ],
)
def test_each_condition_goes_with_its_own_approval_word(bundled, text):
    assert contradictions(bundled, text) == []


@pytest.mark.parametrize(
    "text",
    [
        "Not federally, though Kentucky, Tennessee and several other states list gabapentin as "
        "Schedule V.",
        "Gabapentin is a Schedule V drug in a handful of states.",
        "Gabapentin is listed as Schedule V in Virginia.",
    ],
)
def test_state_schedules_are_not_federal_claims(bundled, text):
    assert contradictions(bundled, text) == []


def test_federal_schedule_v_for_gabapentin_is_still_flagged(bundled):
    found = contradictions(bundled, "Gabapentin is Schedule V under federal law.")
    assert [f.rule for f in found] == ["BA104"]


@pytest.mark.parametrize(
    "text",
    [
        "In France, the maximum dose of baclofen for spasticity is 120 mg per day.",
        "In France, the maximum dose of baclofen is 120 mg per day.",
    ],
)
def test_a_limit_for_one_condition_does_not_bind_others(bundled, text):
    assert contradictions(bundled, text) == []


@pytest.mark.parametrize(
    "text",
    [
        "In France, the maximum dose of baclofen for alcohol dependence is 120 mg per day.",
        "French doctors treat alcohol dependence with baclofen. In France, the maximum dose of "
        "baclofen is now 120 mg per day.",
    ],
)
def test_a_limit_for_one_condition_binds_claims_about_it(bundled, text):
    found = contradictions(bundled, text)
    assert [f.rule for f in found] == ["BA101"]
    assert "80 mg" in found[0].message


@pytest.mark.parametrize(
    "text",
    [
        "The prescription form of GHB is Schedule III.",
        "GHB is a Schedule III substance when prescribed as Xyrem, but Schedule I otherwise.",
        "Codeine cough syrup is Schedule V.",
        "Acetaminophen with codeine is Schedule III.",
    ],
)
def test_a_named_formulation_is_judged_by_its_own_schedule(bundled, text):
    assert contradictions(bundled, text) == []


@pytest.mark.parametrize(
    "text",
    [
        "The FDA-approved form of GHB is Schedule I.",
        "Codeine on its own is Schedule III.",
        "GHB is a Schedule III drug, even when sold illegally.",
    ],
)
def test_a_named_formulation_with_the_wrong_schedule_is_flagged(bundled, text):
    assert [f.rule for f in contradictions(bundled, text)] == ["BA104"]
