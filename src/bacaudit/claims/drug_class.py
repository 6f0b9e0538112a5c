"""Drug-class claims: "X is an opioid", "X is a benzodiazepine", "classified as a stimulant".

A class word is a claim only when it is predicated of the drug (the attribute of a copula or
the "as"-phrase of a classification verb). "works differently from opioids", "opioid
receptors", "used in opioid withdrawal" name a class without calling the drug one.
Narcotic is a legal status, not a pharmacological class: schedule.py reads it.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..models import Claim
from .base import cues_at, is_heading, make_claim
from .lexicon import lexicon
from .structure import read_status
from .subjects import ArticleView, SentenceView, subjects_for


@lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    lx = lexicon()
    words = sorted({w for c in lx.classes for w in c.words}, key=len, reverse=True)
    alt = "|".join(re.escape(w) for w in words)
    trigger = re.compile(rf"\b(?:{alt})\b")
    # without a parse: the class right after a copula or "classified as", with at most one
    # modifier between ("is an atypical opioid")
    copula = re.compile(
        r"\b(?:is|are|isn['’]t|aren['’]t|remains|(?:classified|classed|categori[sz]ed|"
        r"considered|regarded|known)\s+as)\s+(?:not\s+)?(?:an?\s+|also\s+an?\s+)?"
        r"(?:[a-z-]+\s+)?$"
    )
    not_heads = "|".join(re.escape(w) for w in sorted(lx.not_class_heads))
    modifier = re.compile(rf"^\s*(?:{not_heads})\b")
    return trigger, copula, modifier


def extract(view: ArticleView, s: SentenceView) -> list[Claim]:
    trigger, copula, modifier = _patterns()
    lx = lexicon()
    out: list[Claim] = []
    seen: set[str] = set()
    heading = is_heading(view, s) if s.doc is not None else False
    for m in trigger.finditer(s.lower):
        spec = lx.class_of(m.group(0))
        if spec is None or modifier.match(s.lower, m.end()):
            continue  # "opioid receptors", "opioid withdrawal": a modifier, not a class
        cues, (a, _b) = cues_at(view, s, m.start())
        reading = read_status(view, s, m.start(), m.end(), heading=heading)
        if reading is not None and not reading.predicated and not reading.comparison:
            cues.question = cues.question or reading.question
            reading = None  # no predicate placed: the keyword rule decides
        subjects: list[str] | None = None
        like: list[str] = []
        negated = cues.negated
        if reading is None:
            if not copula.search(s.lower, max(a, m.start() - 60), m.start()):
                continue
            head = s.lower[max(a, m.start() - 60) : m.start()]
            if re.search(r"\b(?:than|unlike|like|similar to|different from|compared)\b", head):
                continue
        else:
            if not reading.predicated or _modified(reading, m.start()):
                continue
            negated = negated or reading.negated
            cues.question = cues.question or reading.question
            cues.hedged = cues.hedged or reading.conditional
            cues.reported = cues.reported or reading.reported
            subjects, like = reading.subjects, reading.like
        if cues.reported and cues.denied:
            negated = True
        if subjects is None:
            subjects = subjects_for(view, s, m.start(), explicit=True)
        for subject in [*subjects[:1], *like]:
            if subject in seen:
                continue
            seen.add(subject)
            out.append(
                make_claim(
                    s,
                    "drug_class",
                    subject,
                    {"class": spec.name, "word": m.group(0)},
                    cues,
                    negated=negated,
                )
            )
    return out


def _modified(reading, start: int) -> bool:
    """True when the class word only modifies a noun that is not a class ("an opioid
    antagonist" is not an opioid)."""
    lx = lexicon()
    pred = reading.predicate
    return pred.lower_ in lx.not_class_heads and pred.idx > start
