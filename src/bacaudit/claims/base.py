"""What every claim extractor shares: building a Claim from a sentence, a trigger and its cues."""

from __future__ import annotations

import re
from typing import Any

from ..models import Claim
from .context import Cues, clause_of, sentence_cues
from .lexicon import lexicon
from .subjects import ArticleView, SentenceView

YEAR_RE = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
FIRST_WORD = re.compile(r"^\W*([a-z']+)")


def is_heading(view: ArticleView, s: SentenceView) -> bool:
    """A heading block, or a short line with no final stop (plain-text articles)."""
    blocks = view.article.blocks
    if 0 <= s.block < len(blocks):
        b = blocks[s.block]
        if b.kind == "heading":
            return True
        text = b.text.strip()
        return text == s.text.strip() and len(text.split()) <= 12 and text[-1:] not in '.!:;,"”)'
    return False


def asks(view: ArticleView, s: SentenceView) -> bool:
    """A heading that asks without a question mark ("Is X a Controlled Substance")."""
    m = FIRST_WORD.match(s.lower)
    if not m or not is_heading(view, s):
        return False
    lx = lexicon()
    return m.group(1) in lx.question_aux or m.group(1) in lx.question_wh


def cues_at(view: ArticleView, s: SentenceView, trigger: int) -> tuple[Cues, tuple[int, int]]:
    clause = clause_of(s.lower, trigger)
    cues = sentence_cues(s.lower, clause, trigger, view.before(s))
    for ag in s.agencies:  # a named agency fixes the jurisdiction ("ANSM" -> FR)
        j = view.agency_jurisdiction.get(ag.id)
        if j and clause[0] <= ag.start < clause[1]:
            cues.jurisdiction = j
            cues.jurisdiction_named = True
            break
    if not cues.question and asks(view, s):
        cues.question = True
    return cues, clause


def make_claim(
    s: SentenceView,
    type_: str,
    subject: str,
    value: dict[str, Any],
    cues: Cues,
    *,
    negated: bool | None = None,
    **context: Any,
) -> Claim:
    ctx = cues.to_context()
    ctx.update({k: v for k, v in context.items() if v is not None})
    return Claim(
        type=type_,
        subject=subject,
        text=s.text,
        start=s.start,
        end=s.end,
        value=value,
        negated=cues.negated if negated is None else negated,
        hedged=cues.hedged,
        context=ctx,
    )
