"""What the article asserts: typed, normalised claims with the context that decides them.

One module per claim type; each exposes `extract(view, sentence) -> list[Claim]` and reads only
the sentence, its entities and the paragraph before it. Sentences in the references list,
comments and page furniture assert nothing on the article's behalf and are skipped.
"""

from __future__ import annotations

import sys

from ..models import Article, Claim
from . import (
    approval,
    boxed_warning,
    dose,
    drug_class,
    history,
    indication,
    pharmacokinetics,
    schedule,
)
from .parsing import parse_sentences
from .subjects import ArticleView, build_view

EXTRACTORS = (
    dose,
    approval,
    schedule,
    drug_class,
    history,
    indication,
    boxed_warning,
    pharmacokinetics,
)
SKIP_REGIONS = {"references", "comments", "chrome"}
SKIP_KINDS = {"citation", "code"}


def extract_claims(analysis, article: Article, refs) -> list[Claim]:
    view = build_view(analysis, article, refs)
    kept = [s for s in view.sentences if not _skipped(article, view, s.block, s.start)]
    try:
        parse_sentences(view, kept)
    except (ValueError, RuntimeError, IndexError, KeyError, TypeError) as exc:
        # a parser failure leaves the keyword rules in charge for this article
        for s in kept:
            s.doc = None
        print(f"bacaudit: parse skipped for {article.source}: {exc}", file=sys.stderr)
    claims: list[Claim] = []
    for s in kept:
        for module in EXTRACTORS:
            try:
                claims.extend(module.extract(view, s))
            except (ValueError, KeyError, IndexError, TypeError, AttributeError, OverflowError):
                # one odd sentence must not end the audit of the article; it just yields no
                # claim of this type (the robustness tests feed random text through here)
                continue
    claims.sort(key=lambda c: (c.start, c.type))
    return claims


def _skipped(article: Article, view: ArticleView, block: int, start: int) -> bool:
    if article.references_start is not None and start >= article.references_start:
        return True
    if 0 <= block < len(article.blocks):
        b = article.blocks[block]
        return b.region in SKIP_REGIONS or b.kind in SKIP_KINDS
    return False


__all__ = ["extract_claims"]
