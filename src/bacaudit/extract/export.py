"""An Article as plain data: what `bacaudit extract` prints and the HTML report links to.

Body, references and comments blocks slice `text`; chrome blocks slice `chrome_text`. A body
block without hints is the article's prose, the text the auditor reads as the site's own words.
"""

from __future__ import annotations

from typing import Any

from ..models import Article, Block


def is_prose(block: Block) -> bool:
    """A body block that no hint marks as furniture (CTA, form, byline, caption ...)."""
    return block.region == "body" and not block.hints


def prose_text(article: Article) -> str:
    return "\n\n".join(b.text for b in article.blocks if is_prose(b))


def block_dict(block: Block) -> dict[str, Any]:
    out: dict[str, Any] = {
        "kind": block.kind,
        "region": block.region,
        "hints": sorted(block.hints),
        "start": block.start,
        "end": block.end,
        "text": block.text,
    }
    if block.level is not None:
        out["level"] = block.level
    return out


def article_dict(article: Article) -> dict[str, Any]:
    """The extraction of one article; `blocks` are in reading order, chrome blocks last."""
    return {
        "source": article.source,
        "url": article.url,
        "title": article.title,
        "author": article.author,
        "published": article.published,
        "modified": article.modified,
        "canonical_url": article.canonical_url,
        "language": article.language,
        "text_sha256": article.text_sha256,
        "text": article.text,
        "chrome_text": article.chrome_text,
        "blocks": [block_dict(b) for b in article.blocks]
        + [block_dict(b) for b in article.chrome],
        "links": [
            {"text": ln.text, "href": ln.href, "start": ln.start, "end": ln.end, "rel": ln.rel}
            for ln in article.links
        ],
    }
