"""Controlled-substance claims: "Schedule III", "C-IV", "a controlled substance", "a narcotic".

A claim needs a copula or a listing verb before the status ("is", "listed as", "placed in"),
so "narcotic painkillers" or "Schedule II drugs such as ..." name a class without claiming
anything about the drug in the sentence.
"""

from __future__ import annotations

import re

from ..models import Claim
from .base import YEAR_RE, cues_at, is_heading, make_claim
from .context import find_formulations
from .structure import read_status
from .subjects import ArticleView, SentenceView, subjects_for

ROMAN = {
    "1": "I",
    "2": "II",
    "3": "III",
    "4": "IV",
    "5": "V",
    "i": "I",
    "ii": "II",
    "iii": "III",
    "iv": "IV",
    "v": "V",
}
STATUS = re.compile(
    r"\b(?:(?:dea\s+|federal\s+|federally\s+)?schedule\s+(?P<n1>iv|v|iii|ii|i|[1-5])\b"
    r"|c-?(?P<n2>iv|v|iii|ii|i)\b"
    r"|(?P<ctrl>(?:federally\s+)?controlled\s+(?:substance|drug|medication|medicine)s?"
    r"|federally\s+controlled)"
    r"|(?P<narc>narcotics?)(?!\s+(?:painkillers?|analgesics?|pain\s+relievers?|drugs\s+like|like))"
    r"|(?P<sched>scheduled\s+(?:drug|substance|medication|medicine))s?"
    r"|(?P<lists>(?:federal|dea['’]?s?|controlled substances act)\s+schedules?|"
    r"controlled substances act))"
)
# a comparison between the copula and the status: "is less sedating than controlled drugs"
COMPARED = re.compile(
    r"\b(?:than|unlike|like|similar to|different from|compared (?:to|with)|as opposed to|"
    r"versus|vs\.?)\b"
)
COPULA = re.compile(
    r"\b(?:is|are|was|were|be|been|being|remains?|remained|became|becomes|isn't|isn’t|wasn't|"
    r"as|classified|classed|listed|placed|considered|categori[sz]ed|labell?ed|regulated|"
    r"moved|rescheduled|scheduled|into|to|in|under)\b"
)
US_STATES = (
    "alabama|alaska|arizona|arkansas|california|colorado|connecticut|delaware|florida|georgia|"
    "hawaii|idaho|illinois|indiana|iowa|kansas|kentucky|louisiana|maine|maryland|massachusetts|"
    "michigan|minnesota|mississippi|missouri|montana|nebraska|nevada|new hampshire|new jersey|"
    "new mexico|new york state|north carolina|north dakota|ohio|oklahoma|oregon|pennsylvania|"
    "rhode island|south carolina|south dakota|tennessee|texas|utah|vermont|virginia|"
    "washington state|west virginia|wisconsin|wyoming"
)
STATE = re.compile(
    r"\b(?:(?:some|several|many|most|certain|few|other|a handful of|a number of|a few|"
    r"individual)\s+(?:other\s+)?(?:u\.?s\.?\s+)?states|state laws?|state[- ]level|"
    r"(?<!united )states? (?:like|such as|including)|state (?:controlled|schedules?|lists?)|"
    r"state (?:boards?|legislatures?|regulators?|governments?|agencies|pharmacy|law)|"
    r"u\.?s\.? states|"
    rf"{US_STATES})\b"
)
PAST_COPULA = re.compile(r"\b(?:was|were|had been|used to be|became|formerly|previously)\b")
UNTIL = re.compile(r"\b(?:until|before|prior to)\s+(?:\w+\s+)?(1[89]\d\d|20\d\d)\b")
# "moved from Schedule V to Schedule III", "taken out of Schedule II": the schedule it left
FORMER = re.compile(r"\b(?:from|out of|removed from)\s+(?:the\s+)?(?:dea['’]s\s+)?$")


def extract(view: ArticleView, s: SentenceView) -> list[Claim]:
    out: list[Claim] = []
    seen: set[str] = set()
    heading = is_heading(view, s) if s.doc is not None else False
    for m in STATUS.finditer(s.lower):
        lower = s.lower
        cues, (a, b) = cues_at(view, s, m.start())
        head = lower[max(a, m.start() - 45) : m.start()]
        if FORMER.search(head):
            continue
        reading = read_status(view, s, m.start(), m.end(), heading=heading)
        if reading is not None and not reading.predicated and not reading.comparison:
            # the tree placed no predicate: a parse error is likelier than a bare status
            # word after a copula, so the keyword rule decides (questions still count)
            asked = reading.question
            reading = None
            cues.question = cues.question or asked
        if reading is None:
            # no parse: a copula or listing word before the status, and no comparison between
            cop = list(COPULA.finditer(head))
            if not cop or COMPARED.search(head, cop[-1].end()):
                continue
            if m.group("lists"):
                continue
        elif not reading.predicated:
            continue
        n = m.group("n1") or m.group("n2")
        value: dict = {"authority": "DEA"}
        if n:
            value["schedule"] = ROMAN[n]
            value["controlled"] = True
        else:
            value["controlled"] = True
            if m.group("narc"):
                value["narcotic"] = True
        year = UNTIL.search(lower, a, b)
        if year:
            value["until"] = int(year.group(1))
        level = "state" if STATE.search(lower) else "federal"
        if PAST_COPULA.search(head):
            cues.past = True  # "before that it was Schedule V"
        negated = cues.negated
        subjects: list[str] | None = None
        like: list[str] = []
        if reading is not None:
            negated = negated or reading.negated or _prefixed_negation(lower, m.start())
            cues.question = cues.question or reading.question
            cues.hedged = cues.hedged or reading.conditional
            cues.reported = cues.reported or reading.reported
            if reading.state_level:
                level = "state"
            elif reading.federal:
                level = "federal"
            subjects, like = reading.subjects, reading.like
        if cues.reported and cues.denied:
            negated = True  # "some sites claim it is Schedule III; it is not"
        if subjects is None:
            subjects = subjects_for(view, s, m.start(), explicit=True)
        for subject in [*subjects, *like]:
            if subject in seen:
                continue
            seen.add(subject)
            out.append(
                make_claim(
                    s,
                    "schedule",
                    subject,
                    value,
                    cues,
                    negated=negated,
                    level=level,
                    formulations=find_formulations(lower[a:b]) or None,
                    years=[int(y) for y in YEAR_RE.findall(lower[a:b])] or None,
                    via_like=(subject in like and subject not in subjects) or None,
                )
            )
    return out


def _prefixed_negation(lower: str, start: int) -> bool:
    """ "non-controlled", "uncontrolled": the negation is part of the word."""
    return (
        lower[max(0, start - 4) : start] in {"non-", "non "}
        or lower[max(0, start - 2) : start] == "un"
    )
