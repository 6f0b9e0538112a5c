"""Boxed-warning claims: "carries a black box warning", "has no boxed warning".

Route matters: intrathecal baclofen carries one, oral baclofen does not, so the route cue
travels with the claim and the verifier only compares like with like.
"""

from __future__ import annotations

import re

from ..models import Claim
from .base import cues_at, make_claim
from .subjects import ArticleView, SentenceView, subjects_for

TRIGGER = re.compile(r"\b(?:black[- ]box(?:ed)?|boxed)\s+warnings?\b")
HISTORY = re.compile(
    r"\b(?:once|formerly|previously|used to|until|remov\w+|dropp\w+|lift\w+|no longer|had|was|"
    r"were|added in|since|took\b.{0,40}\boff|eliminat\w+|retir\w+|strip\w+|carried|"
    r"(?:from|between) (?:19|20)\d\d (?:to|until|through|and) (?:19|20)\d\d)\b"
)
TOPIC = re.compile(
    r"\b(?:about|for|on|regarding|warning of|warns? (?:of|about|against))\s+([a-z][a-z -]{3,40})"
)


def extract(view: ArticleView, s: SentenceView) -> list[Claim]:
    out: list[Claim] = []
    for m in TRIGGER.finditer(s.lower):
        cues, (_, b) = cues_at(view, s, m.start())
        subjects = subjects_for(view, s, m.start(), explicit=True)
        if not subjects:
            continue
        value: dict = {"present": not cues.negated}
        topic = TOPIC.search(s.lower, m.end(), b)
        if topic:
            value["topic"] = topic.group(1).strip()
        if HISTORY.search(s.lower):
            cues.past = True  # "once carried", "was removed in 2016": history, not today's label
        out.append(make_claim(s, "boxed_warning", subjects[0], value, cues))
        break
    return out
