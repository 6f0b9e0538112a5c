"""Span helpers shared by the rules: grow a match to its sentence, trim whitespace."""

from __future__ import annotations

from bisect import bisect_right

from .base import AuditContext


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def sentence_span(ctx: AuditContext, start: int, end: int) -> tuple[int, int]:
    """The sentence holding [start, end), clipped to its block; the match itself as a fallback."""
    text = ctx.article.text
    start, end = trim(text, start, end)
    sents = ctx.sentences
    starts = ctx.extras.get("sentence_starts")
    if starts is None or len(starts) != len(sents):  # once per article, not once per match
        starts = ctx.extras["sentence_starts"] = [s.start for s in sents]
    i = bisect_right(starts, start) - 1
    s0, s1 = start, end
    if i >= 0 and sents[i].start <= start < sents[i].end:
        s0, s1 = sents[i].start, max(sents[i].end, end)
    block = ctx.article.block_at(start)
    if block is not None:
        s0, s1 = max(s0, block.start), min(s1, block.end)
        if s1 < end:
            s1 = end
    return trim(text, s0, s1)
