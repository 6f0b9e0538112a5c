"""Document -> Article: HTML or plain text to one string of blocks with exact offsets.

`extract` is the one entry point; it raises `InputProblem(source, "no readable text")` when a
document holds nothing at all to read.
"""

from __future__ import annotations

from ..models import Article, Document

__all__ = ["extract"]


def extract(document: Document) -> Article:
    if document.kind == "html":
        from .html import extract_html

        return extract_html(document)
    if document.kind == "markdown":
        from .markdown import extract_markdown

        return extract_markdown(document)
    from .text import extract_text

    return extract_text(document)
