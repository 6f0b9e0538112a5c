"""Pharmacokinetic claims: main elimination route and elimination half-life."""

from __future__ import annotations

import re

from ..models import Claim
from .base import cues_at, make_claim
from .numbers import parse_number
from .subjects import ArticleView, SentenceView, subjects_for

ELIM = re.compile(
    r"\b(?:eliminated|excreted|cleared|metaboli[sz]ed|processed|removed|broken down)\s+"
    r"(?:\w+\s+){0,3}?(?P<organ>kidneys?|renal\w*|urine|liver|hepatic\w*)"
)
MAINLY = re.compile(
    r"\b(?:primarily|mainly|mostly|largely|predominantly|chiefly|principally|majority|main)\b"
)
ORGAN = {"kidney": "renal", "kidneys": "renal", "urine": "renal", "liver": "hepatic"}
HALF_LIFE = re.compile(
    r"half[- ]life\s+(?:\w+\s+){0,4}?(?P<a>\d+(?:\.\d+)?|[a-z]+)\s*"
    r"(?:(?:-|–|to)\s*(?P<b>\d+(?:\.\d+)?|[a-z]+)\s*)?"
    r"(?P<unit>hours?|hrs?|h|minutes?|days?)\b"
)


def extract(view: ArticleView, s: SentenceView) -> list[Claim]:
    out: list[Claim] = []
    lower = s.lower
    m = ELIM.search(lower)
    if m and MAINLY.search(lower, max(0, m.start() - 30), m.end()):
        organ = m.group("organ")
        primary = ORGAN.get(organ, "renal" if organ.startswith("renal") else "hepatic")
        if ("metaboli" in m.group(0) or "broken down" in m.group(0)) and primary != "hepatic":
            primary = None  # "metabolised in the kidneys" is not a claim we can check
        if primary:
            cues, _ = cues_at(view, s, m.start("organ"))
            for subject in subjects_for(view, s, m.start(), explicit=True)[:1]:
                out.append(make_claim(s, "elimination", subject, {"primary": primary}, cues))
    h = HALF_LIFE.search(lower)
    if h:
        lo, hi = parse_number(h.group("a")), parse_number(h.group("b") or h.group("a"))
        if lo is not None and hi is not None:
            scale = {"m": 1 / 60, "d": 24}.get(h.group("unit")[0], 1)
            cues, _ = cues_at(view, s, h.start())
            for subject in subjects_for(view, s, h.start(), explicit=True)[:1]:
                out.append(
                    make_claim(
                        s,
                        "half_life",
                        subject,
                        {"min_hours": lo * scale, "max_hours": hi * scale},
                        cues,
                    )
                )
    return out
