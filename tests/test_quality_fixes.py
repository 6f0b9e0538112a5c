"""The general fixes the quality corpus prompted, each on sentences written for this test.

None of these sentences occurs in fixtures/quality; each pair holds one sentence the fix must
catch (or clear) and a control that shows the rule still works where it should.
"""

from __future__ import annotations

import pytest


def rules_on(auditor, text: str) -> set[str]:
    return {f.rule for f in auditor.audit_text(text).findings}


# -- contradictions ------------------------------------------------------------------------------


def test_the_schedule_a_drug_was_moved_out_of_is_not_its_claimed_schedule(auditor):
    assert "BA104" not in rules_on(
        auditor, "In 2002 the DEA moved buprenorphine out of Schedule V and into Schedule III."
    )
    # the schedule it was moved to is still checked
    assert "BA104" in rules_on(
        auditor, "Last year regulators moved buprenorphine from Schedule III to Schedule II."
    )


def test_the_route_named_nearest_before_the_claim_decides_it(auditor):
    assert "BA106" in rules_on(
        auditor, "Oral baclofen has a boxed warning, just like the intrathecal pump."
    )
    assert "BA106" not in rules_on(
        auditor, "Unlike the tablets, intrathecal baclofen carries a boxed warning."
    )


@pytest.mark.parametrize(
    "text",
    [
        "Phenibut has been approved by the FDA.",
        "Phenibut is an FDA-approved sleep aid sold in many shops.",
        "Phenibut is approved by the FDA for insomnia.",
    ],
)
def test_an_approval_of_a_drug_approved_for_nothing_is_contradicted(auditor, text):
    assert "BA103" in rules_on(auditor, text)


@pytest.mark.parametrize(
    "text",
    [
        "Baclofen is an FDA-approved medicine.",
        "Phenibut is not FDA-approved.",
        "Sodium oxybate is an FDA-approved form of a GHB salt.",
    ],
)
def test_an_approval_with_no_use_named_is_not_contradicted_otherwise(auditor, text):
    assert not rules_on(auditor, text) & {"BA102", "BA103"}


# -- uncited -------------------------------------------------------------------------------------


def test_a_dose_a_trial_gave_is_a_report_not_dosing_advice(auditor):
    assert "BA203" not in rules_on(
        auditor, "In that study the participants received 60 mg a day for twelve weeks."
    )
    assert "BA203" in rules_on(auditor, "The usual dose for adults is 60 mg a day, split in three.")


def test_a_null_result_is_not_an_efficacy_claim(auditor):
    assert "BA201" not in rules_on(
        auditor, "A later placebo-controlled trial found no benefit on heavy drinking."
    )
    assert "BA201" in rules_on(
        auditor, "Clinical trials have shown that the medicine reduces cravings in most patients."
    )


# -- marketing -----------------------------------------------------------------------------------


def test_a_named_provider_praising_itself_is_self_promotion(auditor):
    assert "BA306" in rules_on(
        auditor, "Harbor Lane Wellness is proud to provide holistic care to every client."
    )
    assert "BA306" in rules_on(
        auditor, "Blue Mesa Addiction Services is the region's most trusted detox provider."
    )
    assert "BA306" not in rules_on(
        auditor, "Johns Hopkins University is a leading center for addiction research."
    )


def test_a_named_provider_taking_insurance_is_a_pitch(auditor):
    assert "BA305" in rules_on(auditor, "Brightpath accepts Medicare and most private insurance.")
    assert "BA305" in rules_on(
        auditor, "Many employer plans cover outpatient rehab at no cost to you."
    )
    assert "BA305" not in rules_on(auditor, "Some insurers cover naltrexone injections.")


def test_call_us_now_mid_sentence_is_a_call_to_action(auditor):
    assert "BA301" in rules_on(auditor, "Stop by the front desk on any weekday, or call us now.")
    assert "BA301" not in rules_on(
        auditor, "Call your pharmacist now if you took a double dose by mistake."
    )


# -- SEO spam ------------------------------------------------------------------------------------


def test_a_superlative_query_jammed_after_a_noun(auditor):
    assert "BA401" in rules_on(
        auditor,
        "Many readers want sleep what is the best sleeping pill over the counter aids that work.",
    )
    assert "BA401" not in rules_on(
        auditor, "Patients often ask what is the safest option for them during pregnancy."
    )


def test_a_reprise_after_an_in_order_repeat_is_a_keyword_run(auditor):
    assert "BA402" in rules_on(
        auditor,
        "Xanax withdrawal xanax rebound withdrawal withdrawal from xanax timeline is long.",
    )
    assert "BA402" not in rules_on(
        auditor, "Acute withdrawal symptoms and protracted withdrawal symptoms differ in timing."
    )


def test_two_near_me_queries_back_to_back(auditor):
    assert "BA402" in rules_on(
        auditor, "Looking for a detox near me detox clinics near me open late tonight?"
    )
    assert "BA402" not in rules_on(
        auditor, "Typing detox near me into a search engine mostly returns advertisements."
    )


def test_a_present_tense_permission_under_a_past_regime_is_checked(auditor):
    assert "BA101" in rules_on(
        auditor,
        "Currently, physicians in France can prescribe baclofen for alcohol dependence at up to "
        "250 mg a day.",
    )
    # the same limit told as history stays history
    assert "BA101" not in rules_on(
        auditor,
        "Under the 2014 temporary recommendation, physicians in France could prescribe baclofen "
        "for alcohol dependence at up to 250 mg a day.",
    )
