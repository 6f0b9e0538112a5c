"""Plain text and Markdown -> Article.

Each non-empty line is its own block (pages copied as text put one paragraph per line), except
that a hard-wrapped sentence continuing on the next line (no final punctuation, next line in
lower case) is joined back into one block. Recognised:
- headings: Markdown `#`, setext underlines, and short lines without final punctuation that are
  Title Case, ALL CAPS, or stand alone before a longer paragraph;
- list items: bullet glyphs ("•", "-", "*", "+", "–" ...) are dropped from the block text;
  numbers ("1.", "2)") are kept, because they carry meaning (steps, reference numbers);
- `> quotes`, fenced code, Markdown links `[text](url)` (text stays, url becomes Link.href),
  bare URLs (linked to themselves), `**bold**` markers (dropped);
- a references section after a "References" / "Sources" / "CITATIONS" heading, and runs of
  citation-like lines, as kind "citation" in region "references";
- `<!-- bacaudit: ignore BA301 -->` on its own line covers the next block (other `<!-- -->`
  lines are dropped);
- "Leave a Reply" / "Leave a comment" starts the "comments" region; "About the Author" marks the
  bio that follows with hint "author_bio".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..errors import InputProblem
from ..models import Article, Block, Document, Suppression
from .builder import Piece, TextBuilder, parse_ignore
from .encoding import clean_text, decode
from .hints import text_hints
from .metadata import BYLINE, REVIEWED_BY
from .references import is_reference_heading, looks_like_citation, mark_citation_runs

_MD_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_SETEXT = re.compile(r"^\s*(=+|-+)\s*$")
_RULE = re.compile(r"^[\s\-=*_~#•·.|+]*$")
_BULLET = re.compile(r"^\s*[•●◦▪▫■□‣⁃∙·\-*+–—✓✔➤►→]\s+(?=\S)")
_NUMBERED = re.compile(r"^\s*\(?\d{1,3}(?:\.\d{1,3})*[.)]?\s+(?=\S)")
_QUOTE = re.compile(r"^\s*>\s?")
_FENCE = re.compile(r"^\s*(```|~~~)")
_HTML_COMMENT = re.compile(r"^<!--(.*?)-->$", re.DOTALL)
_INLINE = re.compile(
    r"\[(?P<label>[^\]\n]{1,300})\]\((?P<href>[^)\s]{1,2000})(?:\s+\"[^\"]*\")?\)"
    r"|\*\*(?P<bold>[^*\n]{1,500}?)\*\*"
    r"|(?P<url>\bhttps?://[^\s<>()\[\]\"']+[^\s<>()\[\]\"'.,;:!?])"
)
_END_PUNCT = re.compile(r"[.,;:!]$|[.!?]['\"”’)]$")
_CONTINUES = re.compile(r"[.!?:;\"”’)\]]$")
_REPLY_WIDGET = re.compile(
    r"^(?:leave\s+a\s+(?:reply|comment)|post\s+a\s+comment|add\s+a\s+comment|join\s+the\s+"
    r"discussion|\d+\s+(?:comments?|responses?))\s*[:.]?\s*$",
    re.IGNORECASE,
)
_COMMENTS_WORD = re.compile(r"^(?:comments?|responses?)\s*:?\s*$", re.IGNORECASE)
_ABOUT_AUTHOR = re.compile(r"^(?:about\s+the\s+author|author\s+bio|about\s+me)\s*:?\s*$", re.I)
_SMALL_WORDS = {
    "a", "an", "the", "and", "or", "nor", "but", "of", "for", "to", "in", "on", "with", "at",
    "by", "from", "vs", "vs.", "as", "into", "over", "per", "via", "&", "-", "–", "—", "|",
}


@dataclass
class _Line:
    text: str  # the line without its list/quote/heading marker
    kind: str
    level: int | None = None
    blank_before: bool = False
    joined: list[str] = field(default_factory=list)  # wrapped continuation lines


def _title_case(words: list[str]) -> bool:
    content = [w for w in words if w.lower() not in _SMALL_WORDS and any(c.isalpha() for c in w)]
    if not content:
        return False
    caps = sum(1 for w in content if w.lstrip("(\"'“‘")[:1].isupper() or w[:1].isdigit())
    return caps / len(content) >= 0.75


def _heading_like(line: str, next_line: str | None) -> bool:
    s = line.strip()
    words = s.split()
    if not words or len(s) > 110 or len(words) > 14 or not any(c.isalpha() for c in s):
        return False
    if "://" in s or _END_PUNCT.search(s) or "byline" in text_hints(s):
        return False
    letters = [c for c in s if c.isalpha()]
    if len(letters) >= 4 and all(c.isupper() for c in letters):
        return True
    followed_by_prose = next_line is not None and len(next_line.split()) >= 2 * len(words) + 6
    if s.endswith("?"):
        return followed_by_prose and len(words) <= 12
    return _title_case(words) or followed_by_prose


def _classify(lines: list[str]) -> list[_Line]:
    out: list[_Line] = []
    blank = True
    fence = False
    n = len(lines)
    for i, raw in enumerate(lines):
        line = raw.strip()
        if _FENCE.match(line):
            fence = not fence
            continue
        if fence:
            if line:
                out.append(_Line(line, "code", blank_before=blank))
                blank = False
            continue
        if not line:
            blank = True
            continue
        comment = _HTML_COMMENT.match(line)
        if comment:  # Markdown comments are not text; `bacaudit: ignore` ones are kept
            if parse_ignore(comment.group(1)) is not None:
                out.append(_Line(comment.group(1), "ignore"))
            continue
        nxt = next((ln.strip() for ln in lines[i + 1:i + 3] if ln.strip()), None)
        raw_next = lines[i + 1].strip() if i + 1 < n else ""
        if _RULE.match(line) and not any(c.isalnum() for c in line):
            if _SETEXT.match(line) and out and not blank and out[-1].kind == "paragraph" and (
                len(out[-1].text) <= 110 and not out[-1].joined
            ):
                out[-1].kind, out[-1].level = "heading", 1 if "=" in line else 2
            blank = True
            continue
        item: _Line
        m = _MD_HEADING.match(line)
        if m and m.group(2):
            item = _Line(m.group(2), "heading", len(m.group(1)))
        elif _QUOTE.match(line):
            item = _Line(_QUOTE.sub("", line, count=1), "quote")
        elif _BULLET.match(line):
            item = _Line(_BULLET.sub("", line, count=1), "list_item")
        elif _NUMBERED.match(line) and not _heading_like(line, nxt):
            item = _Line(line, "list_item")
        elif _heading_like(line, nxt) and not (_SETEXT.match(raw_next) and "-" in raw_next):
            item = _Line(line, "heading")
        else:
            item = _Line(line, "paragraph")
        item.blank_before = blank
        prev = out[-1] if out else None
        if (
            prev is not None
            and not blank
            and prev.kind != "ignore"
            and item.kind == "paragraph"
            and prev.kind in ("paragraph", "list_item", "quote")
            and line[:1].islower()
            and not _CONTINUES.search((prev.joined or [prev.text])[-1])
        ):
            prev.joined.append(line)
        else:
            out.append(item)
        blank = False
    return out


def _inline(text: str) -> Piece:
    """Markdown links, bare URLs and bold markers -> plain text with link spans."""
    piece = Piece()
    pos = 0
    for m in _INLINE.finditer(text):
        piece.add(text[pos:m.start()])
        start = piece.size
        if m.group("label") is not None:
            piece.add(m.group("label"))
            piece.mark_link(start, m.group("href"), None)
        elif m.group("bold") is not None:
            piece.add(m.group("bold"))
        else:
            piece.add(m.group("url"))
            piece.mark_link(start, m.group("url"), None)
        pos = m.end()
    piece.add(text[pos:])
    return piece


@dataclass
class _State:
    region: str = "body"
    refs_open: bool = False
    author_bio: bool = False


def extract_text(document: Document) -> Article:
    raw, _ = decode(document.content, document.encoding, html=False)
    text = clean_text(raw)
    lines = _classify(text.split("\n"))
    builder = TextBuilder()
    state = _State()
    tail_from = int(len(lines) * 0.6)  # a bare "Comments" line only counts near the end
    waiting: list[tuple[str, ...]] = []
    suppressions: list[Suppression] = []
    for i, line in enumerate(lines):
        if line.kind == "ignore":
            waiting.append(parse_ignore(line.text) or ())
            continue
        content = " ".join([line.text, *line.joined])
        kind = line.kind
        plain = " ".join(content.split())
        hints = text_hints(plain)
        if state.region != "comments" and kind in ("heading", "paragraph") and (
            _REPLY_WIDGET.match(plain) or (i >= tail_from and _COMMENTS_WORD.match(plain))
        ):
            state.region, state.refs_open, state.author_bio = "comments", False, False
        region = state.region
        if region == "comments":
            hints.add("comment_form")
        elif kind == "heading" and is_reference_heading(plain):
            state.refs_open, state.author_bio = True, False
            region = "references"
        elif _ABOUT_AUTHOR.match(plain) or (kind == "heading" and "author" in plain.lower()
                                             and len(plain.split()) <= 4):
            state.author_bio, state.refs_open = True, False
            hints.add("author_bio")
        elif kind == "heading":
            state.refs_open = state.author_bio = False
        elif state.refs_open:
            prose = not looks_like_citation(plain) and len(plain.split()) > 25
            if prose:
                state.refs_open = False
            else:
                region = "references"
                kind = "citation" if kind in ("paragraph", "list_item") else kind
        if state.author_bio and kind != "heading":
            hints.add("author_bio")
        piece = _inline(content)
        block = builder.add_piece(piece, kind, region=region, level=line.level,
                                  hints=frozenset(hints))
        if block is not None and waiting:
            suppressions.extend(Suppression(codes, block.start, block.end) for codes in waiting)
            waiting.clear()
    if not builder.blocks:
        raise InputProblem(document.source, "no readable text")
    blocks = builder.blocks
    mark_citation_runs(blocks)
    return Article(
        source=document.source,
        text=builder.text,
        blocks=blocks,
        kind="text",
        title=_title(blocks),
        author=_author(blocks),
        url=document.url,
        links=builder.links,
        references_start=next((b.start for b in blocks if b.region == "references"), None),
        meta=_meta(blocks),
        suppressions=suppressions,
    )


def _title(blocks: list[Block]) -> str | None:
    """The first heading near the top, preferring one of three words or more over a label
    such as "Publish Date" left over from the page it was copied from."""
    headings = [b for b in blocks[:8] if b.kind == "heading" and b.region == "body"]
    full = [b for b in headings if len(b.text.split()) >= 3]
    pick = full or headings
    return pick[0].text if pick else None


def _author(blocks: list[Block]) -> str | None:
    for b in blocks[:15]:
        if "byline" in b.hints:
            m = BYLINE.match(b.text)
            if m:
                return m.group(1).strip(" ,")
    return None


def _meta(blocks: list[Block]) -> dict:
    meta: dict = {}
    for b in blocks:
        if "byline" in b.hints:
            m = REVIEWED_BY.search(b.text)
            if m:
                meta["reviewer"] = m.group(1).strip(" ,")
                break
    return meta
