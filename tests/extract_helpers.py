"""Shared checks for extraction tests: the offsets contract every Article must keep."""

from __future__ import annotations

from pathlib import Path

from bacaudit.extract import extract
from bacaudit.models import Article, Document

HTML_FIXTURES = Path(__file__).resolve().parent / "fixtures" / "html"


def load_html(name: str, url: str | None = None, encoding: str | None = None) -> Article:
    path = HTML_FIXTURES / name
    return extract(Document(str(path), path.read_bytes(), "html", url=url, encoding=encoding))


def html(markup: str, url: str | None = None) -> Article:
    return extract(Document("<test>", markup.encode("utf-8"), "html", url=url, encoding="utf-8"))


def text(content: str | bytes, encoding: str | None = None) -> Article:
    data = content.encode("utf-8") if isinstance(content, str) else content
    return extract(Document("<test>", data, "text", encoding=encoding))


def assert_tiles(article: Article) -> None:
    """Blocks slice the text exactly, in order, joined by one blank line, with nothing else."""
    for blocks, full in ((article.blocks, article.text), (article.chrome, article.chrome_text)):
        for b in blocks:
            assert full[b.start:b.end] == b.text, b
            assert b.text and b.text == b.text.strip(), b
            assert "\n" not in b.text, b
        assert "\n\n".join(b.text for b in blocks) == full
    for link in article.links:
        assert article.text[link.start:link.end] == link.text, link
        assert link.text.strip() == link.text and link.href
    for s in article.suppressions:
        assert 0 <= s.start < s.end <= len(article.text)
    if article.references_start is not None:
        assert article.block_at(article.references_start).region == "references"


def texts(article: Article, **where) -> list[str]:
    """Block texts whose attributes equal `where` (hints=... checks membership)."""
    out = []
    for b in article.blocks:
        if all(
            (value in b.hints) if key == "hint" else getattr(b, key) == value
            for key, value in where.items()
        ):
            out.append(b.text)
    return out
