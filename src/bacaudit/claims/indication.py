"""Indication claims: what the drug is for ("prescribed for epilepsy", "used to treat back
injuries", "to help manage X", "indicated for spasticity").

`mode` is "label" when the sentence speaks of the label ("indicated for", "licensed for") and
"practice" when it says how the drug is used; the verifier treats them differently because
off-label use is common and not an error, while recommending a drug for a condition its label
warns about is.
"""

from __future__ import annotations

import re

from ..models import Claim
from .base import cues_at, make_claim
from .subjects import ArticleView, SentenceView, subjects_for

TRIGGER = re.compile(
    r"\b(?:(?P<label>indicated|licensed|labell?ed)\s+(?:for|to|in)"
    r"|(?:prescribed|used|given|administered|taken|utili[sz]ed|recommended|effective|approved)\s+"
    r"(?:\w+\s+){0,3}?(?:for|to\s+(?:help\s+)?(?:treat|manage|control|relieve|alleviate|reduce|prevent)|in\s+the\s+treatment\s+of)"
    r"|(?:give|gives|giving|prescribe|prescribes|prescribing|use|uses|using)\s+(?:\w+\s+){1,3}?"
    r"(?:for|to\s+(?:help\s+)?(?:treat|manage|control|relieve|alleviate|prevent))"
    r"|to\s+help\s+(?:manage|treat|control)|(?:treats?|treating|treatment\s+of|treatment\s+for|"
    r"therapy\s+for|remedy\s+for|cure\s+for|cures?))\b"
)
NOT_INDICATION = re.compile(
    r"\b(?:caution|contraindicated|history of|patients with|people with|those with|individuals "
    r"with|"
    r"if you have|worsen\w*|exacerbat\w*|risk of|side effects?|adverse|in patients who|"
    r"withdrawal from|interact\w*)\b"
)
APPROVAL = re.compile(r"\b(?:approv\w*|authori[sz]\w*|licen[cs]ed)\b")
NEGATIVE = re.compile(
    r"\b(?:not (?:\w+ )?(?:recommended|indicated|effective|established|approved|used|licensed)|"
    r"should not be|must not be|avoid\w*|never be|ineffective|no benefit|minimal benefits?|"
    r"not (?:been )?shown|failed|disappointing)\b"
)


def extract(view: ArticleView, s: SentenceView) -> list[Claim]:
    if not s.conditions:
        return []
    out: list[Claim] = []
    seen: set[tuple[str, str]] = set()
    lower = s.lower
    for m in TRIGGER.finditer(lower):
        if m.group(0).startswith("approved"):
            continue  # approval claims carry their own indications
        cues, (a, b) = cues_at(view, s, m.start())
        if APPROVAL.search(lower, a, m.start()):
            continue  # "approved ... for the treatment of X" is an approval claim
        targets = [c for c in s.conditions if m.end() - 1 <= c.start < min(b, m.end() + 90)]
        if not targets:
            continue
        mode = "label" if m.group("label") else "practice"
        negated = cues.negated or NEGATIVE.search(lower, a, b) is not None
        if cues.reported and cues.denied:
            negated = not negated
        subjects = subjects_for(view, s, m.start(), explicit=True)
        if not subjects:
            continue
        for c in targets:
            gap = lower[m.end() : c.start]
            if NOT_INDICATION.search(gap) or NOT_INDICATION.search(
                lower[max(a, c.start - 20) : c.start]
            ):
                continue
            if re.search(r"[.;:]", gap):
                continue
            key = (subjects[0], c.id)
            if key in seen:
                continue
            seen.add(key)
            out.append(
                make_claim(
                    s,
                    "indication",
                    subjects[0],
                    {"condition": c.id, "mode": mode, "condition_text": c.text},
                    cues,
                    negated=negated,
                )
            )
    return out
