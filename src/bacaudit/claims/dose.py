"""Dose claims: maximum daily dose, starting dose and typical range.

Only a dose with a cue that says what it is becomes a claim: "the maximum is 100 mg" is a
maximum, "usual range 40-80 mg/day" is typical, "start with 5 mg t.i.d." is a starting dose.
A dose with no such cue ("participants received 30 to 145 mg", "available in 10 mg and 20 mg
tablets") claims nothing about the label and is left alone.
"""

from __future__ import annotations

import re

from ..models import Claim
from .base import cues_at, make_claim
from .numbers import Dose, parse_doses
from .subjects import ArticleView, SentenceView, subjects_for

MAX_CUE = re.compile(
    r"\b(?:max(?:imum|imal)?|should not exceed|not (?:to )?exceed|must not exceed|never exceed|"
    r"no more than|not more than|at most|ceiling|upper limit|highest (?:recommended |safe "
    r")?(?:daily )?dos\w*|"
    r"limit(?:ed|s)? (?:of|to|at)|top dose|up to|caps?|capped|capping|"
    r"sets? (?:the |a |its )?(?:daily |total )?(?:maximum|max|limit|ceiling|cap)|"
    r"(?:do not|don't|never|should not|shouldn't|must not|not to) (?:be "
    r")?(?:take|taken|give|given|use|used)"
    r" (?:more than|above|over|beyond))\b"
)
TYPICAL_CUE = re.compile(
    r"\b(?:typical(?:ly)?|usual(?:ly)?|normal|standard|common(?:ly)?|optimal|optimum|"
    r"therapeutic dos\w*|maintenance dos\w*|recommended (?:daily )?dos\w*|average)\b"
)
START_CUE = re.compile(
    r"\b(?:start(?:ing|s|ed)?(?: (?:dose|at|with|on))?|initial(?:ly)?(?: "
    r"dose)?|begin(?:ning|s)? (?:with|at)|"
    r"first dose)\b"
)
STRENGTH_CUE = re.compile(
    r"\b(?:available|comes? in|come as|strengths?|tablets? of|formulations?|packets?|vials?|"
    r"syringes?|concentrations?|sold|marketed|supplied|contains?|per tablet|each tablet|pill)\b"
)
DOSE_WORD = re.compile(
    r"\b(?:dos(?:e|es|age|ages|ing)|daily|a day|per day|/day|intake|take|taking)\b"
)
LABEL_WORD = re.compile(
    r"\b(?:recommend\w*|approved|allowed|label\w*|safe(?:ly)?|can (?:take|be taken|use)|"
    r"can (?:still |now |legally )?(?:prescribe|be prescribed)|"
    r"may (?:take|be taken)|should|limit\w*|permitted|prescribing information|max\w*)\b"
)
PAST_TENSE = re.compile(r"\b(?:was|were|had been|used to be|used to)\b")
YEAR = re.compile(r"\b(?:1[89]\d\d|20\d\d)s?\b")
SINGLE = re.compile(
    r"\b(?:single|per dose|each dose|one dose|at a time|per administration|bolus)\b"
)
NOT_LABEL = re.compile(
    r"\b(?:overdose|overdoses|toxic|toxicity|lethal|fatal|poisoning|died|deaths?|abuse|misuse|"
    r"recreational|ingested|took|taking more|exceeding|more than prescribed)\b"
)


def _nearest(pattern: re.Pattern[str], lower: str, lo: int, hi: int, at: int) -> int | None:
    """Position of the cue match closest before `at` in [lo, hi), else the first after it."""
    best = None
    for m in pattern.finditer(lower, lo, hi):
        if m.start() <= at or (best is None and m.start() - at < 40):
            best = m.start()
    return best


def extract(view: ArticleView, s: SentenceView) -> list[Claim]:
    doses = parse_doses(s.text)
    if not doses:
        return []
    out: list[Claim] = []
    seen: set[tuple] = set()
    for d in doses:
        claim = _claim_for(view, s, d)
        if claim is None:
            continue
        v = claim.value
        key = (claim.type, claim.subject, v.get("amount_mg"), v.get("min_mg"), v.get("max_mg"))
        if key in seen:
            continue
        seen.add(key)
        out.append(claim)
    return out


def _claim_for(view: ArticleView, s: SentenceView, d: Dose) -> Claim | None:
    lower = s.lower
    cues, (a, b) = cues_at(view, s, d.start)
    lo = max(a, d.start - 90)
    window = lower[lo : min(b, d.end + 40)]
    if STRENGTH_CUE.search(lower[max(a, d.start - 60) : d.start]) and not MAX_CUE.search(window):
        return None
    if NOT_LABEL.search(lower[a:b]):
        return None
    if d.per_week:
        return None
    mx = _nearest(MAX_CUE, lower, lo, min(b, d.end + 20), d.start)
    ty = _nearest(TYPICAL_CUE, lower, lo, min(b, d.end + 20), d.start)
    st = _nearest(START_CUE, lower, lo, min(b, d.end + 20), d.start)
    kind = None
    candidates = [
        (p, k)
        for p, k in ((mx, "max_daily_dose"), (ty, "typical_dose"), (st, "starting_dose"))
        if p is not None
    ]
    if not candidates:
        return None
    # the cue closest before the dose wins; "typical ... up to 80 mg" is typical, not a maximum;
    # "the usual starting dose" is a starting dose
    before = [(p, k) for p, k in candidates if p <= d.start]
    kind = max(before)[1] if before else min(candidates)[1]
    if kind == "typical_dose" and st is not None and 0 <= d.start - st < 45:
        kind = "starting_dose"
    if kind == "max_daily_dose" and mx is not None and ty is not None and ty < mx and d.is_range:
        kind = "typical_dose"
    if kind == "typical_dose" and mx is not None and ty is not None and 0 <= ty - mx < 30:
        kind = "max_daily_dose"  # "the maximum recommended dosage is ..."
    if (
        kind == "max_daily_dose"
        and lower.startswith("up to", mx)
        and not LABEL_WORD.search(lower, a, b)
    ):
        return None  # "doctors prescribed up to 300 mg" describes practice, not a limit
    if kind != "starting_dose" and not DOSE_WORD.search(lower[a:b]) and not d.per_day:
        return None
    if kind == "max_daily_dose" and SINGLE.search(window) and not d.per_day:
        return None
    subjects = subjects_for(view, s, d.start)
    if not subjects:
        return None
    value: dict = {"text": d.text, "unit": d.unit}
    if kind == "max_daily_dose":
        value.update(
            amount=round(d.daily_mg_high / _factor(d.unit), 6),
            unit=d.unit,
            period="day",
            per_day_stated=d.per_day,
            amount_mg=d.daily_mg_high,
        )
    elif kind == "typical_dose":
        value.update(
            min=round(d.daily_mg_low / _factor(d.unit), 6),
            max=round(d.daily_mg_high / _factor(d.unit), 6),
            period="day",
            per_day_stated=d.per_day,
            min_mg=d.daily_mg_low,
            max_mg=d.daily_mg_high,
        )
    else:
        value.update(amount=d.high, times_per_day=d.times, amount_mg=d.mg_high)
    if "up to" in lower[lo : d.start] and kind == "max_daily_dose":
        value["up_to"] = True
    if YEAR.search(lower, a, b) or PAST_TENSE.search(lower, a, d.start):
        cues.past = True  # label limits carry no year: "in 2014, France allowed 300 mg" is history
    # "should not exceed 80 mg" is a limit, not a denial: negation is part of the cue here
    return make_claim(
        s,
        kind,
        subjects[0],
        value,
        cues,
        negated=False,
        dose_span=[s.start + d.start, s.start + d.end],
        conditions=list(dict.fromkeys(c.id for c in s.conditions)) or None,
        nearby_conditions=_nearby_conditions(view, s) or None,
    )


def _nearby_conditions(view: ArticleView, s: SentenceView, limit: int = 3) -> list[str]:
    """Conditions named in the earlier sentences of the paragraph: a dose limit that holds only
    for one condition (France's 80 mg a day for alcohol dependence) applies to a sentence that
    names none only when its paragraph is about that condition."""
    out: list[str] = []
    for p in view.sentences[max(0, s.index - limit) : s.index]:
        if p.block == s.block:
            out.extend(c.id for c in p.conditions)
    return list(dict.fromkeys(out))


def _factor(unit: str) -> float:
    return {"mg": 1.0, "g": 1000.0, "mcg": 0.001}[unit]
