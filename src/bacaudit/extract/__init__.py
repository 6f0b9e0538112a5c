"""Document -> Article (stub: text only, paragraphs as blocks)."""

from __future__ import annotations

from ..models import Article, Block, Document


def extract(document: Document) -> Article:
    raw = document.content.decode("utf-8", errors="replace")
    blocks: list[Block] = []
    parts = [p.strip() for p in raw.splitlines() if p.strip()]
    text = ""
    for p in parts:
        if text:
            text += "\n\n"
        blocks.append(Block("paragraph", p, len(text), len(text) + len(p)))
        text += p
    return Article(source=document.source, text=text, blocks=blocks, kind=document.kind)
