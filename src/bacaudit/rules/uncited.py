"""BA2xx: checkable medical claims with nothing in their sentence or paragraph to back them.

Severity is medium when the article has no references at all, and low when it ends with a
reference list that is simply not tied to its claims (the reader can dig, but not easily).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ..citations import CitationIndex, build_index
from ..models import Finding
from .base import AuditContext, Rule, register
from .claim_shapes import ClaimCue, classify, could_claim, reported_prefix, shapes_for
from .lexicon import config_lexicon

_SKIP_HINTS = frozenset(
    {
        "cta",
        "form",
        "button",
        "author_bio",
        "comment_form",
        "byline",
        "disclaimer",
        "image_alt",
        "figcaption",
        "aside",
    }
)
_CLAIM_TYPE_KIND = {
    "max_daily_dose": "dosing",
    "starting_dose": "dosing",
    "typical_dose": "dosing",
    "approval": "regulatory",
    "first_approval": "regulatory",
    "schedule": "regulatory",
}
_KIND_LABEL = {
    "efficacy": "efficacy claim",
    "statistic": "statistic",
    "dosing": "dose statement",
    "safety": "safety claim",
    "regulatory": "regulatory-status claim",
    "attribution": "attributed claim",
}


@dataclass(frozen=True)
class UncitedClaim:
    start: int
    end: int
    cue: ClaimCue


def citation_index(ctx: AuditContext) -> CitationIndex:
    """One CitationIndex per article, shared by every rule that needs it."""
    index = ctx.extras.get("citations")
    if index is None:
        index = ctx.extras["citations"] = build_index(ctx.article)
    return index


def uncited_claims(ctx: AuditContext) -> list[UncitedClaim]:
    """Every unsupported claim sentence of the article, computed once per article."""
    cached = ctx.extras.get("uncited_claims")
    if cached is not None:
        return cached
    index = citation_index(ctx)
    shapes = shapes_for(config_lexicon(ctx.config, "uncited"))
    found: dict[tuple[int, int], UncitedClaim] = {}
    for sent in ctx.sentences:
        start, end = _trim(ctx.article.text, sent.start, sent.end)
        if end <= start or not _claim_context(ctx, index, start):
            continue
        cue = classify(ctx.article.text[start:end], shapes=shapes)
        if cue is not None and not index.supports(start, end):
            found[(start, end)] = UncitedClaim(start, end, cue)
    for claim in ctx.claims:
        kind = _CLAIM_TYPE_KIND.get(claim.type)
        if kind is None or claim.hedged or claim.context.get("research"):
            continue
        if claim.type == "approval" and (
            not claim.value.get("agency")
            or claim.context.get("agency_implicit")
            or claim.value.get("off_label")
        ):
            continue  # "used off-label" names no decision to cite
        sent = next((s for s in ctx.sentences if s.start <= claim.start < s.end), None)
        if sent is None:
            continue
        start, end = _trim(ctx.article.text, sent.start, sent.end)
        if (
            (start, end) in found
            or not _claim_context(ctx, index, start)
            or index.supports(start, end)
            or not could_claim(ctx.article.text[start:end])
            or claim.start - start < reported_prefix(ctx.article.text[start:end])
        ):
            continue
        found[(start, end)] = UncitedClaim(start, end, ClaimCue(kind, claim.type.replace("_", " ")))
    result = sorted(found.values(), key=lambda c: c.start)
    ctx.extras["uncited_claims"] = result
    return result


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _claim_context(ctx: AuditContext, index: CitationIndex, offset: int) -> bool:
    """Only body prose makes claims: not headings, reference lists, widgets or captions."""
    if index.in_references(offset):
        return False
    block = ctx.article.block_at(offset)
    if block is None:
        return True
    if block.kind in ("heading", "citation", "code", "caption") or block.region != "body":
        return False
    return not (block.hints & _SKIP_HINTS)


class _UncitedRule(Rule):
    category = "uncited"
    severity = "medium"
    kind: str = ""

    def check(self, ctx: AuditContext) -> Iterable[Finding]:
        index = citation_index(ctx)
        severity = "low" if index.has_reference_list else "medium"
        where = (
            "the article's reference list is not tied to it"
            if index.has_reference_list
            else "the article cites no sources at all"
        )
        for claim in uncited_claims(ctx):
            if claim.cue.kind != self.kind:
                continue
            message = self.message.format(cue=claim.cue.cue, where=where)
            yield self.finding(
                ctx, claim.start, claim.end, message, severity=severity, fix=self.fix
            )

    fix = "Cite the study or official source next to the claim, or remove the claim."


@register
class UncitedEfficacyClaim(_UncitedRule):
    """Unsourced claims that a treatment works ("studies show", "shown to reduce cravings").

    What it flags: a sentence reporting evidence that a treatment works ("studies have shown",
    "a 2012 study of 100 drinkers found", "has been shown to reduce cravings", "is effective in
    treating") or a change it makes ("slashes the odds of relapse", "cuts cravings by half")
    with no inline citation, source link, named publication or author-year reference in the
    sentence or its paragraph (a sentence about "the study" counts the source named for it in
    the paragraphs just before).
    Why: efficacy claims are what readers act on; an editor must be able to check each one.
    "More research is needed" and plainly hedged talk ("baclofen may help") are not flagged.
    Flagged example: Several trials have shown that the drug reduces heavy drinking days.
    Fine example: Several trials have shown that the drug reduces heavy drinking days (12, 14).
    Fix: add a citation to the study (inline marker, link to PubMed/DOI) or cut the claim.
    """

    code = "BA201"
    name = "UncitedEfficacyClaim"
    message = (
        "Uncited efficacy claim (“{cue}”): no citation in this sentence or paragraph, and {where}."
    )
    kind = "efficacy"


@register
class UncitedStatistic(_UncitedRule):
    """Numbers about people or outcomes (percentages, "1 in 10") with no source.

    What it flags: a sentence with a quantitative claim and no source in its sentence or
    paragraph: a percentage, an "X in Y" rate, a fraction or share of a population ("half of",
    "a third of"), a multiplier ("twice as likely", "triples the risk"), a ranking ("the 40th
    most dispensed", "among the most misused"), or a count of people ("12,000 patients").
    Why: statistics are the most quoted and the most easily garbled part of a health article.
    Flagged example: About 30% of patients relapse within the first month.
    Fine example: About 30% of patients relapse within the first month [4].
    Fix: cite where the number comes from, or remove the number.
    """

    code = "BA202"
    name = "UncitedStatistic"
    message = "Uncited statistic (“{cue}”): no citation in this sentence or paragraph, and {where}."
    kind = "statistic"


@register
class UncitedDoseStatement(_UncitedRule):
    """Dose statements (maximum, typical, mg per day) with no source.

    What it flags: a sentence stating a maximum, recommended or typical dose, a daily amount
    ("20 mg three times a day", "should not exceed 80 mg") with no citation near it.
    Why: dosing errors hurt people; a dose must point to the label or guideline it comes from.
    Flagged example: The usual dose is 15 mg three times a day.
    Fine example: The usual dose is 15 mg three times a day, per the US label (https://dailymed.nlm.nih.gov/).
    Fix: cite the drug label or clinical guideline the dose comes from.
    """

    code = "BA203"
    name = "UncitedDoseStatement"
    message = (
        "Uncited dose statement (“{cue}”): no citation in this sentence or paragraph, and {where}."
    )
    kind = "dosing"


@register
class UncitedSafetyClaim(_UncitedRule):
    """Safety and risk statements ("can cause seizures", "is safe", "not addictive") with no source.

    What it flags: an unhedged statement about harm or safety: "can cause seizures", "is
    generally considered safe", "is not addictive", "low risk of abuse", with no citation nearby.
    Why: telling readers a drug is safe, or frightening them about it, needs evidence behind it.
    Flagged example: Stopping the drug suddenly can cause seizures and hallucinations.
    Fine example: Stopping the drug suddenly can cause seizures (Leo et al., 2005).
    Fix: cite the label's warnings section or the study, or soften to what the source says.
    """

    code = "BA204"
    name = "UncitedSafetyClaim"
    message = (
        "Uncited safety claim (“{cue}”): no citation in this sentence or paragraph, and {where}."
    )
    kind = "safety"


@register
class UncitedRegulatoryClaim(_UncitedRule):
    """Approval and scheduling statements (FDA-approved, Schedule IV) with no source.

    What it flags: a statement that a drug is approved or placed in a controlled-substance
    schedule ("was approved in 1977", "is not a controlled substance") that names neither the
    agency that decided nor any other source. Naming the agency ("approved by the FDA", "the DEA
    lists it in Schedule IV") is itself a source; a schedule described as a category ("Schedule
    II drugs have a high potential for abuse") says nothing about a drug and is not flagged.
    Why: regulatory status changes and is often repeated wrongly; it must point to the agency.
    Flagged example: Gabapentin was approved in 1993 as an add-on treatment for seizures.
    Fine example: Gabapentin was approved by the FDA in 1993 as an add-on treatment for seizures.
    Fix: name the agency and link its page (FDA label, DEA schedules) next to the statement.
    """

    code = "BA205"
    name = "UncitedRegulatoryClaim"
    message = (
        "Uncited regulatory claim (“{cue}”): no citation in this sentence or paragraph, and "
        "{where}."
    )
    kind = "regulatory"


@register
class UncitedAttribution(_UncitedRule):
    """Claims attributed to a person or body that is no agency ("according to Dr. Lee").

    What it flags: "according to ...", "... has pointed out" and the like naming a person, a
    company or another authority the reader cannot look up, with no citation or source link in
    the sentence or paragraph. A named agency or institution (the DEA, the CDC, a university, a
    "... Administration" or "... Association") is itself a source and is not flagged.
    Why: naming an authority without a pointer to what it said lends borrowed weight to a claim
    the reader cannot check.
    Flagged example: According to Dr. Laura Bennett, most patients relapse within a month.
    Fine example: According to the CDC, relapse is most common in the first 90 days.
    Fix: link the publication the claim comes from, or drop the attribution.
    """

    code = "BA206"
    name = "UncitedAttribution"
    message = "Claim attributed to an authority (“{cue}”) without a citation, and {where}."
    kind = "attribution"
