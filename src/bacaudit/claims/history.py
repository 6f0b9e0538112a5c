"""History claims: when a drug was first synthesised, first used, first authorised or first
marketed ("baclofen was first synthesised in 1962", "first authorised in France in 1989").

A one-time event (synthesised, discovered, invented) needs only a year; an event that recurs
(used, authorised, marketed) needs "first" or "originally" too, or it is a later one.
"""

from __future__ import annotations

import re

from ..models import Claim
from .base import YEAR_RE, cues_at, make_claim
from .context import find_jurisdiction
from .subjects import ArticleView, SentenceView, subjects_for

TRIGGER = re.compile(
    r"\b(?P<once>synthes[iz](?:ed|ised|ized)|synthesi[sz]ed|discovered|invented)\b"
    r"|\b(?P<first>first|originally|initially)\s+(?:\w+\s+){0,2}?"
    r"(?P<verb>synthes\w+|created|made|developed|used|authori[sz]ed|licen[cs]ed|marketed|"
    r"launched|introduced|sold|prescribed)\b"
)
EVENTS = {
    "synthes": "synthesized",
    "discovered": "synthesized",
    "invented": "synthesized",
    "created": "synthesized",
    "made": "synthesized",
    "developed": "synthesized",
    "used": "first_clinical_use",
    "prescribed": "first_clinical_use",
    "authori": "first_authorised",
    "licen": "first_authorised",
    "marketed": "first_marketed",
    "launched": "first_marketed",
    "introduced": "first_marketed",
    "sold": "first_marketed",
}


def _event(word: str) -> str | None:
    for stem, event in EVENTS.items():
        if word.startswith(stem):
            return event
    return None


def extract(view: ArticleView, s: SentenceView) -> list[Claim]:
    out: list[Claim] = []
    for m in TRIGGER.finditer(s.lower):
        word = m.group("once") or m.group("verb")
        event = _event(word)
        if event is None:
            continue
        cues, (a, b) = cues_at(view, s, m.start())
        years = sorted(YEAR_RE.finditer(s.lower, a, b), key=lambda y: abs(y.start() - m.end()))
        if not years:
            continue
        if re.search(r"\b(?:19|20)\d\ds\b|\bbetween\b|\bby\s+(?:19|20)\d\d", s.lower[a:b]):
            continue  # decades and "by 1970" are bounds, not dates
        subjects = subjects_for(view, s, m.start(), explicit=True)
        if not subjects:
            continue
        place = find_jurisdiction(s.lower[a:b]) if cues.jurisdiction_named else None
        out.append(
            make_claim(
                s,
                "history",
                subjects[0],
                {
                    "event": event,
                    "year": int(years[0].group(1)),
                    "place": place,
                    "place_text": s.lower[a:b] if place else None,
                },
                cues,
            )
        )
        break
    return out
