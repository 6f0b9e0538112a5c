"""Regulatory approval claims: status for an indication, by an agency, with a year.

"first approved by the FDA in 1977 for back conditions" yields two claims: a first-approval
year (checked on its own) and an approval for an indication, so a wrong indication is
reported as such and a right year is not.
"""

from __future__ import annotations

import re

from ..models import Claim
from .base import YEAR_RE, cues_at, make_claim
from .context import JURISDICTIONS
from .structure import read_approval
from .subjects import ArticleView, SentenceView, subjects_for

TRIGGER = re.compile(
    r"\b(?:(?:fda|ema|tga|ansm)[- ])?(?:approv\w*|authori[sz]\w*|licen[cs]ed|unapproved|"
    r"off[- ]label)\b"
)
FIRST = re.compile(r"\b(?:first|initial(?:ly)?|original(?:ly)?|since)\b")
UNIVERSAL = re.compile(
    r"\b(?:any|no)\s+(?:\w+\s+){0,2}?(?:approv\w*|authori[sz]ation|license)\b"
    r"|\bnot\s+(?:been\s+)?approved\s+(?:by\s+)?any\b|\bby any "
    r"(?:government|agency|regulator|authority)"
    r"|\bnever been approved\b(?!\s+(?:for|to|in))|\bunapproved (?:drug|medication|substance)\b"
)
ANY_AGENCY = re.compile(
    r"\b(?:government\w*|regulatory|regulators?|any agency|any authority|anywhere|any "
    r"country|official)\b"
)
FUTURE = re.compile(
    r"\b(?:will|would|expected to|pending|seeking|seek|applied for|application|"
    r"submitted|awaiting|hopes? to|could become|may become|in the future)\b"
)
DEFAULT_AGENCY = {"US": "FDA", "FR": "ANSM", "EU": "EMA", "AU": "TGA", "UK": "MHRA", "CA": "HC"}
QUALIFIED = re.compile(
    r"\b(?:generic|version|formulations?|forms?|tablets?|solution|suspension|granules|injection|"
    r"injectable|pump|intrathecal|extended[- ]release|new|newer|brand|product|label(?:ing)?|"
    r"changes?|updated?|warning|removed|over[- ]the[- ]counter|otc|expanded|also|films?|strips?|"
    r"supplemental|revised|revision)\b"
)
# "Phenibut is an FDA-approved supplement", "X has been approved by the FDA": an approval
# asserted with no use named, which a drug approved for nothing contradicts
ANY_USE_HEAD = re.compile(r"\b(?:is|are|has been|have been)\s+(?:an?\s+|also\s+|now\s+)?$")
ANAPHORIC_USE = re.compile(
    r"\b(?:this|that|such|these|those) (?:specific |particular "
    r")?(?:use|uses|purpose|indication|condition)s?\b"
)


def extract(view: ArticleView, s: SentenceView) -> list[Claim]:
    out: list[Claim] = []
    done: set[tuple] = set()
    triggers = list(TRIGGER.finditer(s.lower))
    for m in triggers:
        lower = s.lower
        cues, (a, b) = cues_at(view, s, m.start())
        word = m.group(0)
        off_label = "label" in word
        negated = cues.negated or word.startswith("unapproved") or off_label
        reading = read_approval(view, s, m.start(), m.end()) if s.doc is not None else None
        if reading is not None:
            if not reading.predicated:
                continue  # "approved ... than X" or an approval inside a comparison
            # negation on the predicate however far ("has not, since 1977, been approved")
            negated = negated or reading.negated
            cues.question = cues.question or reading.question
            cues.hedged = cues.hedged or reading.conditional
            cues.reported = cues.reported or reading.reported
        if cues.reported and cues.denied:
            negated = not negated
        agencies = [ag for ag in s.agencies if a <= ag.start < b]
        agency = None
        if agencies:
            nearest = min(agencies, key=lambda ag: abs(ag.start - m.start()))
            agency = nearest.id
            place = _nearer_place(lower, a, b, m.start(), abs(nearest.start - m.start()))
            home = view.agency_jurisdiction.get(agency)
            if place is not None and home == "US" and place != home:
                # "authorised in France in 1989, before the FDA approved it": the country
                # beside the trigger, not the agency further on, made this decision
                agencies, agency = [], None
                cues.jurisdiction, cues.jurisdiction_named = place, True
        elif re.match(r"(fda|ema|tga|ansm)", word):
            agency = word[:3].upper() if not word.startswith("ansm") else "ANSM"
        universal = bool(UNIVERSAL.search(lower, a, b)) and negated
        if agency is None and universal and ANY_AGENCY.search(lower, a, b):
            agency = "any"
        if agency is None:
            agency = DEFAULT_AGENCY.get(cues.jurisdiction, "FDA")
            implicit_agency = True
        else:
            implicit_agency = False
        # a condition belongs to the nearest trigger: in "approved for epilepsy, used off-label
        # for alcohol use disorder" the disorder goes with "off-label", not with "approved";
        # and one between two triggers to the earlier ("approved for spasticity, is not
        # approved for ..."); only the first trigger may take a condition named before it
        prev_end = m.start() if any(t.end() <= m.start() for t in triggers) else a
        next_start = min((t.start() for t in triggers if t.start() > m.start()), default=b)
        conditions = [
            c
            for c in s.conditions
            if max(a, prev_end) <= c.start < min(b, next_start) and c.start > m.start() - 40
        ]
        if conditions:
            universal = False  # "never approved for X" is about X, not every use
        anaphoric = ANAPHORIC_USE.search(lower, a, b) is not None
        if anaphoric:
            universal = False
        # the year nearest the trigger first: "approved in France in 1989 and by the FDA in 2004"
        found = sorted(YEAR_RE.finditer(lower, a, b), key=lambda y: abs(y.start() - m.end()))
        years = [int(y.group(1)) for y in found]
        subjects = subjects_for(view, s, m.start(), explicit=True)
        if reading is not None and reading.subjects:
            subjects = reading.subjects  # the drug approved, not the last one named
        if not subjects:
            continue
        if off_label and not conditions:
            continue  # "do so off-label": nothing to check without the use it refers to
        first_dated = bool(years) and FIRST.search(lower, a, m.end() + 30) is not None
        if not (
            agencies
            or conditions
            or universal
            or re.match(r"(fda|ema|tga|ansm)", word)
            or off_label
            or (first_dated and not cues.research)
        ):
            continue  # "approved by the ethics committee", "approved the study"
        future = FUTURE.search(lower, a, b) is not None
        any_use = (
            not negated
            and not conditions
            and not years
            and not implicit_agency
            and not off_label
            and ANY_USE_HEAD.search(lower, max(a, m.start() - 25), m.start()) is not None
            and not QUALIFIED.search(lower, m.end(), b)
        )
        product = _product(view, s, subjects[0], a, b)
        for subject in subjects[:1]:
            if years and not negated and (FIRST.search(lower, a, m.end() + 30) or not conditions):
                key = ("first_approval", subject, agency, years[0])
                if key not in done:
                    done.add(key)
                    out.append(
                        make_claim(
                            s,
                            "first_approval",
                            subject,
                            {
                                "agency": agency,
                                "year": years[0],
                                "product": product,
                                "first": bool(FIRST.search(lower, a, m.end() + 30)),
                            },
                            cues,
                            negated=False,
                            agency_implicit=implicit_agency or None,
                            place_named=cues.jurisdiction_named or None,
                            qualified=bool(product or QUALIFIED.search(lower, a, b)) or None,
                            # a version, form or label change of the product, not the product
                            variant=bool(QUALIFIED.search(lower, a, b)) or None,
                        )
                    )
            if conditions or universal or any_use or (negated and not years):
                value = {
                    "agency": agency,
                    "status": "not_approved" if negated else "approved",
                    "indications": list(dict.fromkeys(c.id for c in conditions)),
                    "universal": universal,
                    "condition_names": {c.id: c.text for c in conditions},
                }
                if off_label:
                    value["off_label"] = True
                if any_use:
                    value["any_use"] = True
                if product:
                    value["product"] = product
                if years:
                    value["year"] = years[0]
                key = ("approval", subject, agency, tuple(value["indications"]), value["status"])
                if key in done:
                    continue
                done.add(key)
                out.append(
                    make_claim(
                        s,
                        "approval",
                        subject,
                        value,
                        cues,
                        negated=negated,
                        future=future or None,
                        anaphoric=anaphoric or None,
                        agency_implicit=implicit_agency or None,
                        variant=bool(years and QUALIFIED.search(lower, a, b)) or None,
                    )
                )
    return out


def _nearer_place(lower: str, a: int, b: int, trigger: int, distance: int) -> str | None:
    """A country or region named closer to the trigger than `distance` characters."""
    best: tuple[int, str] | None = None
    for code, pat in JURISDICTIONS:
        for p in pat.finditer(lower, a, b):
            d = abs(p.start() - trigger)
            if d < distance and (best is None or d < best[0]):
                best = (d, code)
    return best[1] if best else None


def _product(view: ArticleView, s: SentenceView, subject: str, a: int, b: int) -> str | None:
    """The brand named for the subject in the clause ("Gablofen was approved in 2010")."""
    for d in s.drugs:
        if d.id == subject and a <= d.start < b and d.text.lower() in view.brands:
            return d.text
    return None
