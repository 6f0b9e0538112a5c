"""BA1xx: claims that disagree with the curated reference set.

The verdicts are decided in verify.py; these rules turn contradicted claims of their type into
findings that quote the reference statement and its source, and suggest a correction.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from ..models import Claim, Finding
from .base import AuditContext, Rule, register


class ContradictionRule(Rule):
    """Shared behaviour: one finding per contradicted claim of the rule's types and sentence."""

    category: ClassVar[str] = "contradiction"
    claim_types: ClassVar[tuple[str, ...]] = ()

    def wants(self, claim: Claim) -> bool:
        return claim.type in self.claim_types

    def message_for(self, claim: Claim) -> str:
        if claim.context.get("outdated"):
            return f"Outdated: {self.message[0].lower()}{self.message[1:]}"
        return self.message

    def fix_for(self, claim: Claim) -> str | None:
        if claim.reference is None:
            return None
        return f"Correct it to match the reference: {claim.reference.statement}"

    def check(self, ctx: AuditContext) -> Iterable[Finding]:
        seen: set[tuple[int, int]] = set()
        for claim in ctx.claims:
            if claim.verdict != "contradicted" or not self.wants(claim):
                continue
            if (claim.start, claim.end) in seen:
                continue
            seen.add((claim.start, claim.end))
            ref = claim.reference
            said = claim.explanation or "this disagrees with the reference set"
            # one sentence: what the article says against what the reference says; the
            # reference statement and its source travel in `reference` and `fix`
            message = f"{self.message_for(claim)}: {said}."
            severity = claim.context.get("ref_severity") or self.severity
            yield self.finding(
                ctx,
                claim.start,
                claim.end,
                message,
                severity=severity,
                reference=ref,
                fix=self.fix_for(claim),
            )


@register
class MaxDoseAboveLabel(ContradictionRule):
    """A maximum or usual daily dose above the label's maximum for that route and place.

    What it flags: "the maximum recommended dosage for baclofen is 100 mg" when the US oral
    label caps it at 80 mg a day, or a "typical range" that runs past the label maximum.
    Why: readers dose by these numbers; a ceiling above the label invites overdose.
    Flagged example: The maximum dose of baclofen is 120 mg per day.
    Fine example: The total daily dose should not exceed 80 mg (20 mg q.i.d.); trials used up
    to 300 mg/day.
    Fix: state the label maximum, and keep research or other countries' doses clearly labelled
    as such.
    """

    code = "BA101"
    name = "MaxDoseAboveLabel"
    severity = "high"
    message = "Daily dose above the label maximum"
    claim_types = ("max_daily_dose", "typical_dose")


@register
class ApprovalStatusContradicted(ContradictionRule):
    """An approval the article denies although the reference records it.

    What it flags: "the drug does not have any governmental approval" about a drug the FDA
    approved (for another condition), or "not approved for X" when it is.
    Why: denying an existing approval misleads readers about the drug's standing and safety record.
    Flagged example: Baclofen is not approved by any government agency.
    Fine example: Baclofen is not FDA-approved for alcohol use disorder; its use there is off-label.
    Fix: name what the drug is approved for, and say which use is off-label.
    """

    code = "BA102"
    name = "ApprovalStatusContradicted"
    severity = "high"
    message = "Approval status contradicts the reference"

    def wants(self, claim: Claim) -> bool:
        return claim.type == "approval" and claim.value.get("status") == "not_approved"


@register
class UnapprovedIndicationClaimed(ContradictionRule):
    """An approval claimed for an indication the agency never approved.

    What it flags: "FDA-approved for alcohol use disorder", or "first approved in 1977 for
    back conditions" when the approval was for spasticity.
    Why: an invented approval makes off-label use look endorsed by a regulator.
    Flagged example: Baclofen is FDA-approved for the treatment of alcoholism.
    Fine example: Baclofen was approved by the FDA in 1977 for spasticity.
    Fix: name the indication the agency actually approved, and call other uses off-label.
    """

    code = "BA103"
    name = "UnapprovedIndicationClaimed"
    severity = "high"
    message = "Approval claimed for an indication the reference does not list"

    def wants(self, claim: Claim) -> bool:
        return (
            claim.type == "approval"
            and claim.value.get("status") != "not_approved"
            and not claim.value.get("year_contradicted")
        )


@register
class ControlledStatusContradicted(ContradictionRule):
    """A federal controlled-substance status (schedule, "narcotic") that disagrees with the DEA.

    What it flags: "baclofen is a Schedule III controlled substance", or "carisoprodol is not
    a controlled substance".
    Why: schedule status changes how a drug is prescribed and how risky readers think it is.
    Flagged example: Baclofen is classified as a Schedule III controlled substance.
    Fine example: Carisoprodol, unlike baclofen, is Schedule IV.
    Fix: give the current federal schedule, or say the drug is not federally controlled.
    """

    code = "BA104"
    name = "ControlledStatusContradicted"
    severity = "high"
    message = "Controlled-substance status contradicts the reference"
    claim_types = ("schedule",)


@register
class ApprovalYearContradicted(ContradictionRule):
    """An approval year that matches no recorded approval of the drug or product.

    What it flags: "first approved by the FDA in 1992" for a drug first approved in 1977,
    "approved by the FDA in 1996" when no approval of the drug, for any product or indication,
    was recorded within a year of 1996, or "approved for alcohol dependence in 2004" when that
    indication was approved in 1994.
    Why: wrong dates undermine the article's credibility; a one-year gap (approval vs launch) is
    tolerated.
    Flagged example: Baclofen was first approved by the FDA in 1995.
    Fine example: Baclofen was first approved by the FDA in 1977.
    Fix: use the year of the first approval given in the reference.
    """

    code = "BA105"
    name = "ApprovalYearContradicted"
    severity = "low"
    message = "Approval year contradicts the reference"
    claim_types = ("first_approval",)

    def wants(self, claim: Claim) -> bool:
        # an approval for the right indication dated to the wrong year is a year error
        return claim.type in self.claim_types or bool(claim.value.get("year_contradicted"))


@register
class BoxedWarningContradicted(ContradictionRule):
    """A boxed warning claimed for a product that has none, or denied for one that has it.

    What it flags: "oral baclofen carries a black box warning" (only intrathecal products do);
    a boxed warning the FDA has since removed is reported as outdated, at the entry's severity.
    Why: boxed warnings are the label's strongest alarm; misplacing them misinforms about risk.
    Flagged example: Oral baclofen tablets carry a black box warning.
    Fine example: Intrathecal baclofen carries a boxed warning about abrupt discontinuation.
    Fix: say which product or route carries the boxed warning.
    """

    code = "BA106"
    name = "BoxedWarningContradicted"
    severity = "medium"
    message = "Boxed-warning claim contradicts the label"
    claim_types = ("boxed_warning",)


@register
class IndicationContradicted(ContradictionRule):
    """The drug presented as a treatment for a condition its label says it is not for.

    What it flags: "doctors might also give baclofen to help manage epilepsy" when the label
    warns it can worsen seizure control; hedging does not make the advice right.
    Why: recommending a drug for a condition the label warns about can cause harm.
    Flagged example: Baclofen is prescribed for epilepsy.
    Fine example: Baclofen is used off-label for alcohol use disorder.
    Fix: remove the indication, or say the label advises against it.
    """

    code = "BA107"
    name = "IndicationContradicted"
    severity = "high"
    message = "Indication contradicts the label"
    claim_types = ("indication",)


@register
class StartingDoseContradicted(ContradictionRule):
    """A starting dose far above the label's starting dose.

    What it flags: "start with 40 mg three times a day" when the label starts at 5 mg t.i.d.
    Why: too high a first dose is where sedation and falls happen.
    Flagged example: Patients usually start baclofen at 60 mg per dose.
    Fine example: Treatment starts at 5 mg three times daily and is increased every three days.
    Fix: give the label's starting dose and titration.
    """

    code = "BA108"
    name = "StartingDoseContradicted"
    severity = "medium"
    message = "Starting dose contradicts the label"
    claim_types = ("starting_dose",)


@register
class PharmacokineticsContradicted(ContradictionRule):
    """Elimination route or half-life that disagrees with the reference.

    What it flags: "baclofen is mainly metabolised by the liver", or a 12-24 hour half-life in
    people with normal kidney function.
    Why: these facts drive dosing in kidney and liver disease.
    Flagged example: Baclofen is primarily eliminated by the liver.
    Fine example: Baclofen is primarily eliminated in the kidneys.
    Fix: use the reference's elimination route and half-life range.
    """

    code = "BA109"
    name = "PharmacokineticsContradicted"
    severity = "medium"
    message = "Pharmacokinetic claim contradicts the reference"
    claim_types = ("elimination", "half_life")


@register
class DrugClassContradicted(ContradictionRule):
    """A drug called a member of a pharmacological class it does not belong to.

    What it flags: "baclofen is an opioid", "gabapentin is a benzodiazepine", or "methadone is
    not an opioid", when the reference gives the drug's class.
    Why: the class tells readers how a drug acts and what its risks are; calling a muscle
    relaxant an opioid misleads about addiction and overdose.
    Flagged example: Baclofen is an opioid.
    Fine example: Baclofen works differently from opioids.
    Fix: name the drug's class as the label gives it.
    """

    code = "BA110"
    name = "DrugClassContradicted"
    severity = "medium"
    message = "Drug class contradicts the reference"
    claim_types = ("drug_class",)


@register
class HistoryDateContradicted(ContradictionRule):
    """A first synthesis, first use or first authorisation dated to the wrong year.

    What it flags: "baclofen was first synthesised in 1978" when the reference records 1962;
    a first authorisation is compared only in the country the reference names.
    Why: wrong dates undermine the article's credibility; a one-year gap is tolerated.
    Flagged example: Baclofen was first synthesized in 1978.
    Fine example: Baclofen was first synthesized in 1962.
    Fix: use the year the reference gives.
    """

    code = "BA111"
    name = "HistoryDateContradicted"
    severity = "low"
    message = "Historical date contradicts the reference"
    claim_types = ("history",)
