"""The objects that flow through the pipeline, one stage to the next.

INPUT -> Document -> Article -> (spaCy Doc) -> Claim -> Finding -> AuditResult -> reports.
Each stage takes the previous stage's object and returns the next; nothing flows back.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

Category = Literal["contradiction", "uncited", "marketing", "seo_spam"]
Severity = Literal["high", "medium", "low"]
Verdict = Literal["supported", "contradicted", "unverifiable"]

CATEGORIES: tuple[str, ...] = ("contradiction", "uncited", "marketing", "seo_spam")
SEVERITIES: tuple[str, ...] = ("high", "medium", "low")
SEVERITY_RANK = {"low": 1, "medium": 2, "high": 3}


@dataclass(slots=True)
class Document:
    """Raw bytes and where they came from, before any parsing.

    `encoding` is what the transport said (HTTP charset); the extractor decides the real one.
    """

    source: str  # the path or URL as the user gave it (stdin is "-")
    content: bytes
    kind: Literal["html", "text", "markdown"]
    url: str | None = None  # final URL after redirects, for http(s) inputs
    content_type: str | None = None
    encoding: str | None = None
    headers: dict[str, str] = field(default_factory=dict)
    fetched_at: str | None = None  # ISO 8601 UTC
    status: int | None = None


BlockKind = Literal[
    "heading",
    "paragraph",
    "list_item",
    "quote",
    "table_cell",
    "caption",
    "code",
    "citation",  # one entry of a references / sources list
    "other",
]
Region = Literal["body", "references", "comments", "chrome"]


@dataclass(slots=True)
class Block:
    """One visual block of the article: `text[start:end] == block.text` always holds.

    `hints` carries what the HTML structure said about the block, so rules need not re-parse:
    "cta" (inside a call-to-action box/class), "form", "button", "tel" (holds a tel: link),
    "aside", "author_bio", "image_alt", "figcaption", "comment_form", "byline", "disclaimer".
    """

    kind: BlockKind
    text: str
    start: int
    end: int
    region: Region = "body"
    level: int | None = None  # heading level 1-6
    hints: frozenset[str] = frozenset()


@dataclass(slots=True)
class Link:
    text: str
    href: str
    start: int  # offsets of the anchor text in Article.text
    end: int
    rel: str | None = None


@dataclass(slots=True)
class Suppression:
    """An inline `<!-- bacaudit: ignore BA301 -->` the editor put in the page.

    It covers [start, end) of Article.text (the block that follows the comment); an empty
    `codes` tuple means every rule.
    """

    codes: tuple[str, ...]
    start: int
    end: int


@dataclass(slots=True)
class Article:
    """Extracted article: one plain-text string and the blocks that tile it.

    Blocks are joined with a blank line ("\\n\\n") so sentence splitting never crosses blocks.
    `chrome` holds page furniture (nav, header, footer, cookie banners, sidebars) with offsets
    into `chrome_text`, kept apart from `text` so it never counts as the article's claims.
    """

    source: str
    text: str
    blocks: list[Block]
    kind: Literal["html", "text"] = "text"
    title: str | None = None
    author: str | None = None
    published: str | None = None
    modified: str | None = None
    canonical_url: str | None = None
    url: str | None = None
    description: str | None = None
    language: str | None = None
    links: list[Link] = field(default_factory=list)
    references_start: int | None = None  # offset where a references/sources section begins
    chrome: list[Block] = field(default_factory=list)
    chrome_text: str = ""
    suppressions: list[Suppression] = field(default_factory=list)
    meta: dict[str, Any] = field(default_factory=dict)
    _starts: list[int] | None = field(default=None, init=False, repr=False, compare=False)

    @property
    def text_sha256(self) -> str:
        import hashlib

        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()

    def block_at(self, offset: int) -> Block | None:
        """The block that holds `offset` (None between blocks)."""
        import bisect

        if self._starts is None or len(self._starts) != len(self.blocks):
            self._starts = [b.start for b in self.blocks]
        i = bisect.bisect_right(self._starts, offset) - 1
        if i >= 0 and self.blocks[i].start <= offset < self.blocks[i].end:
            return self.blocks[i]
        return None


@dataclass(slots=True)
class ReferenceRef:
    """What a contradiction (or a checked claim) quotes from the reference set."""

    id: str
    statement: str
    source_url: str
    retrieved: str | None = None

    def to_dict(self) -> dict[str, Any]:
        d = {"id": self.id, "statement": self.statement, "source_url": self.source_url}
        if self.retrieved:
            d["retrieved"] = self.retrieved
        return d


@dataclass(slots=True)
class Claim:
    """A typed, normalised statement the article makes, with the context that decides it."""

    type: str  # see reference_claims/README.md for the vocabulary
    subject: str  # canonical drug id, e.g. "baclofen"
    text: str  # the sentence carrying the claim, == Article.text[start:end]
    start: int
    end: int
    value: dict[str, Any] = field(default_factory=dict)
    negated: bool = False
    hedged: bool = False
    context: dict[str, Any] = field(default_factory=dict)  # route, jurisdiction, research, ...
    verdict: Verdict = "unverifiable"
    reference: ReferenceRef | None = None
    explanation: str | None = None  # why the verdict, for the finding message

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {
            "type": self.type,
            "subject": self.subject,
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "negated": self.negated,
            "hedged": self.hedged,
            "verdict": self.verdict,
            "reference_id": self.reference.id if self.reference else None,
            "value": self.value,
            "context": self.context,
        }
        if self.reference is not None and self.verdict != "unverifiable":
            d["reference"] = self.reference.to_dict()
        return d


@dataclass(slots=True)
class Finding:
    """One flag: the exact text, why, and (for contradictions) what the reference says."""

    category: Category
    rule: str  # stable code, e.g. "BA101"
    severity: Severity
    text: str  # == Article.text[start:end]
    start: int
    end: int
    message: str
    reference: ReferenceRef | None = None
    fix: str | None = None
    name: str | None = None  # the rule's name, e.g. "MaxDoseAboveLabel"

    @property
    def fingerprint(self) -> str:
        """Stable across runs and offsets: used by baselines and crawl diffs."""
        import hashlib

        norm = " ".join(self.text.split()).lower()
        return hashlib.sha1(f"{self.rule}\x00{norm}".encode()).hexdigest()[:16]

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {
            "category": self.category,
            "rule": self.rule,
            "name": self.name,
            "severity": self.severity,
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "message": self.message,
            "fingerprint": self.fingerprint,
        }
        if self.reference is not None:
            d["reference"] = self.reference.to_dict()
        if self.fix:
            d["fix"] = self.fix
        return d


@dataclass(slots=True)
class AuditResult:
    article: Article
    claims: list[Claim]
    findings: list[Finding]
    score: int = 100
    score_breakdown: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        a = self.article
        return {
            "source": a.source,
            "title": a.title,
            "author": a.author,
            "published": a.published,
            "modified": a.modified,
            "canonical_url": a.canonical_url,
            "url": a.url,
            "text_sha256": a.text_sha256,
            "score": self.score,
            "score_breakdown": self.score_breakdown,
            "claims": [c.to_dict() for c in self.claims],
            "findings": [f.to_dict() for f in self.findings],
        }


@dataclass(slots=True)
class InputError:
    """An input that could not be audited; the run goes on without it."""

    source: str
    error: str

    def to_dict(self) -> dict[str, str]:
        return {"source": self.source, "error": self.error}
