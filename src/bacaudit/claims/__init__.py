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
from .parsing import STATS, load_parser, parse_sentences, tree_only
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
STRUCTURAL = {"schedule", "drug_class", "approval", "first_approval", "history"}
SKIP_REGIONS = {"references", "comments", "chrome"}
SKIP_KINDS = {"citation", "code"}


def extract_claims(analysis, article: Article, refs) -> list[Claim]:
    """Keyword rules first, on every sentence; then the sentences whose claims the verifier
    would contradict (and a few cue patterns only the tree can read) are parsed in one batch
    and read again from structure, which replaces their first reading."""
    view = build_view(analysis, article, refs)
    kept = [s for s in view.sentences if not _skipped(article, view, s.block, s.start)]
    found = {s.index: _extract(view, s) for s in kept}
    nlp = load_parser()
    STATS.sentences += len(kept)
    if nlp is not None:
        chosen = _candidates(view, kept, found, refs)
        try:
            parse_sentences(view, chosen, nlp)
        except (ValueError, RuntimeError, IndexError, KeyError, TypeError) as exc:
            # a parser failure leaves the keyword rules in charge for this article
            for s in chosen:
                s.doc = None
            print(f"bacaudit: parse skipped for {article.source}: {exc}", file=sys.stderr)
        for s in chosen:
            if s.doc is not None:
                found[s.index] = _extract(view, s)
    claims = [c for s in kept for c in found[s.index]]
    claims.sort(key=lambda c: (c.start, c.type))
    return claims


def _extract(view: ArticleView, s) -> list[Claim]:
    out: list[Claim] = []
    for module in EXTRACTORS:
        try:
            out.extend(module.extract(view, s))
        except (ValueError, KeyError, IndexError, TypeError, AttributeError, OverflowError):
            # one odd sentence must not end the audit of the article; it just yields no
            # claim of this type (the robustness tests feed random text through here)
            continue
    return out


def _candidates(view: ArticleView, kept: list, found: dict, refs) -> list:
    """Sentences worth a parse: a structural claim (status, class, approval, history) the
    verifier would contradict, where a misread comparison, question, negation or subject
    becomes a false alarm; or a status only the tree can read ("not on the federal
    schedules")."""
    from ..verify import verify_claims

    out = []
    for s in kept:
        mine = [c for c in found[s.index] if c.type in STRUCTURAL]
        if mine:
            verify_claims(mine, refs)
            if any(c.verdict == "contradicted" for c in mine):
                out.append(s)
                continue
        if s.drugs and tree_only(s):
            out.append(s)
    return out


def _skipped(article: Article, view: ArticleView, block: int, start: int) -> bool:
    if article.references_start is not None and start >= article.references_start:
        return True
    if 0 <= block < len(article.blocks):
        b = article.blocks[block]
        return b.region in SKIP_REGIONS or b.kind in SKIP_KINDS
    return False


__all__ = ["extract_claims"]
