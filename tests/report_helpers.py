"""Building AuditResults by hand for report tests, and finding the browser."""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path

from bacaudit.models import Article, AuditResult, Block, Claim, Finding, ReferenceRef

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_path() -> str | None:
    if CHROMIUM.exists():
        return str(CHROMIUM)
    return shutil.which("chromium") or shutil.which("chromium-browser")


@dataclass
class FakeRefs:
    version: str = "test-set"
    entries: list = field(default_factory=lambda: [object()] * 3)


def blocks_for(text: str) -> list[Block]:
    """Paragraph blocks split on blank lines, with offsets, as the extractor makes them."""
    blocks, pos = [], 0
    for part in text.split("\n\n"):
        kind = "heading" if pos == 0 else "paragraph"
        blocks.append(Block(kind, part, pos, pos + len(part), level=1 if pos == 0 else None))
        pos += len(part) + 2
    return blocks


def finding(
    text: str,
    needle: str,
    category: str = "marketing",
    rule: str = "BA301",
    severity: str = "medium",
    *,
    extend: int = 0,
    reference: ReferenceRef | None = None,
    message: str = "Promotional call to action in the article body.",
    fix: str | None = None,
    name: str = "CallToAction",
) -> Finding:
    start = text.index(needle)
    end = min(len(text), start + len(needle) + extend)
    return Finding(
        category,  # type: ignore[arg-type]
        rule,
        severity,  # type: ignore[arg-type]
        text[start:end],
        start,
        end,
        message,
        reference=reference,
        fix=fix,
        name=name,
    )


def result(
    text: str,
    findings: list[Finding],
    source: str = "articles/sample.html",
    title: str | None = "Sample article",
    claims: list[Claim] | None = None,
    score: int = 80,
) -> AuditResult:
    article = Article(source, text, blocks_for(text), kind="html", title=title, author="A. Writer")
    return AuditResult(article, claims or [], findings, score, {"penalty": 100 - score})
