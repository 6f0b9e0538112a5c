"""Article text as HTML: blocks as elements, flagged spans as `<mark>`, overlaps handled.

Findings may overlap or cross each other and cross block boundaries, but HTML elements must
nest. So the text is cut at every boundary and spans are rendered with a stack: when a span
must close while others opened after it are still open, those are closed and reopened as
*continuation* segments. Only the first segment of a finding carries `data-category`, the id
and `tabindex`, so there is exactly one `<mark data-category>` per finding with a span.
Every piece of article text goes through `escape`; nothing from the article becomes markup.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from markupsafe import Markup, escape

from ..models import SEVERITY_RANK, Block, Finding

_TOKEN = re.compile(r"[^a-z0-9_-]")


def css_token(value: str | None) -> str:
    """A class-name-safe token (categories and severities are a fixed vocabulary, but a rule
    could emit anything)."""
    return _TOKEN.sub("", (value or "").lower()) or "none"


def has_span(f: Finding, text: str) -> bool:
    return 0 <= f.start < f.end <= len(text)


@dataclass
class _Span:
    start: int
    end: int
    order: int
    block: Block | None = None
    finding: Finding | None = None
    key: str = ""

    @property
    def is_block(self) -> bool:
        return self.block is not None

    def open_tag(self, first: bool, gap: bool = False) -> str:
        if self.block is not None:
            b = self.block
            attrs = f'class="blk k-{css_token(b.kind)} r-{css_token(b.region)}"'
            if b.kind == "heading":
                level = min(max((b.level or 2) + 1, 2), 6)
                attrs += f' role="heading" aria-level="{level}"'
            return f"<div {attrs}>"
        f = self.finding
        assert f is not None
        cat, sev = css_token(f.category), css_token(f.severity)
        extra = "" if first else " cont gapseg" if gap else " cont"
        common = f'class="hl cat-{cat} sev-{sev}{extra}" data-finding="{self.key}"'
        if not first:
            return f"<mark {common}>"
        label = escape(f"{f.rule} {f.name or ''} ({f.severity}): {f.message}".replace("  ", " "))
        return (
            f'<mark id="m-{self.key}" {common} data-category="{escape(f.category)}" '
            f'data-rule="{escape(f.rule)}" data-severity="{escape(f.severity)}" tabindex="0" '
            f'role="button" aria-controls="card-{self.key}" title="{label}">'
        )

    def close_tag(self) -> str:
        return "</div>" if self.block is not None else "</mark>"


def render_text(text: str, blocks: list[Block], findings: list[tuple[str, Finding]]) -> Markup:
    """HTML for `text`; `findings` pairs each finding with the key its mark and card share."""
    n = len(text)
    spans: list[_Span] = []
    last_end = 0
    for b in sorted(blocks, key=lambda b: (b.start, b.end)):
        start, end = max(b.start, last_end), min(b.end, n)
        if start < end:  # blocks tile the text; overlapping or empty ones are skipped
            spans.append(_Span(start, end, len(spans), block=b))
            last_end = end
    for key, f in findings:
        if has_span(f, text):
            spans.append(_Span(f.start, f.end, len(spans), finding=f, key=key))

    starts: dict[int, list[_Span]] = defaultdict(list)
    for s in spans:
        starts[s.start].append(s)
    block_starts = {s.start for s in spans if s.is_block}
    has_blocks = bool(block_starts)  # without blocks, blank lines are the only paragraph breaks
    bounds = sorted({0, n} | {s.start for s in spans} | {s.end for s in spans})

    out: list[str] = []
    stack: list[_Span] = []
    for i, p in enumerate(bounds):
        cut = min((j for j, s in enumerate(stack) if s.end == p), default=len(stack))
        if p in block_starts:  # a block never opens inside a mark
            cut = min(cut, next((j for j, s in enumerate(stack) if not s.is_block), len(stack)))
        reopen = [s for s in stack[cut:] if s.end > p and not s.is_block]
        for s in reversed(stack[cut:]):
            out.append(s.close_tag())
        del stack[cut:]
        new = sorted(starts.get(p, []), key=_opening_order)
        for s in new:
            if s.is_block:
                out.append(s.open_tag(True))
                stack.append(s)
        chunk = text[p : bounds[i + 1]] if i + 1 < len(bounds) else ""
        in_gap = has_blocks and not chunk.strip() and not any(s.is_block for s in stack)
        for s in reopen:  # a mark over only the hidden gap between blocks is drawn as nothing
            out.append(s.open_tag(False, gap=in_gap))
            stack.append(s)
        for s in new:
            if not s.is_block:
                out.append(s.open_tag(True))
                stack.append(s)
        if chunk:
            out.append(_text(chunk, hide_blank=in_gap))
    for s in reversed(stack):
        out.append(s.close_tag())
    return Markup("".join(out))


# On the same span, the most important finding is drawn innermost, so its colour shows.
_CATEGORY_WEIGHT = {"marketing": 0, "seo_spam": 1, "uncited": 2, "contradiction": 3}


def _opening_order(s: _Span) -> tuple:
    """Blocks first, then longer spans outside shorter ones, then less important outside."""
    if s.finding is None:
        return (0, -s.end, 0, 0, s.order)
    f = s.finding
    return (
        1,
        -s.end,
        SEVERITY_RANK.get(f.severity, 0),
        _CATEGORY_WEIGHT.get(f.category, 0),
        s.order,
    )


def _text(chunk: str, hide_blank: bool) -> str:
    """Escape a chunk; the blank lines between blocks stay in the DOM (so the page's text equals
    the audited text) but are not shown, since blocks already have their own spacing."""
    if hide_blank:
        return f'<span class="gap">{escape(chunk)}</span>'
    return str(escape(chunk))
