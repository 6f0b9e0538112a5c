"""Markdown -> Article, with every character traced back to the source.

Parsed with markdown-it-py (CommonMark, plus GFM tables and strikethrough). Headings, list
items, block quotes, table cells and code map to the same block kinds as HTML; links (inline
and reference-style `[text][1]`) become `Article.links`; a numeric reference link `[1]` keeps
its brackets so it reads as a citation marker, and numeric reference definitions
(`[1]: https://... "Title"`) become citation blocks of a references section, as an HTML
reference list would. A "References"/"Sources" heading opens the references region.

YAML (`---`) or TOML (`+++`) front matter gives title, author, dates, description and canonical
URL; it is never audited as text. `<!-- bacaudit: ignore BA301 -->` covers the next block.

Each block's text is collected character by character with the source offset it came from, so
`Article.meta["source_map"]` (see sourcemap.py) places every finding on its Markdown line and
column.
"""

from __future__ import annotations

import datetime as _dt
import re
import tomllib
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from ..errors import InputProblem
from ..models import Article, Block, Document, Suppression
from .builder import TextBuilder, parse_ignore
from .encoding import decode
from .hints import text_hints
from .references import is_reference_heading, looks_like_citation, mark_citation_runs
from .sourcemap import SourceMapBuilder

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_FRONT = re.compile(r"\A(---|\+\+\+)[ \t]*\n(.*?\n)?(---|\.\.\.|\+\+\+)[ \t]*(?:\n|\Z)", re.DOTALL)
_NUMERIC_LABEL = re.compile(r"^\d{1,3}(?:\s*[,–-]\s*\d{1,3})*$")
_DEFINITION = re.compile(r"^ {0,3}\[(?P<label>\d{1,3})\]:[ \t]*(?P<rest>\S.*)$", re.MULTILINE)
_IGNORE_COMMENT = re.compile(r"^\s*<!--(.*?)-->\s*$", re.DOTALL)

_META_KEYS = {
    "title": ("title",),
    "author": ("author", "authors", "byline"),
    "published": ("date", "published", "pubdate", "publish_date", "datePublished"),
    "modified": ("modified", "updated", "lastmod", "last_modified", "dateModified"),
    "description": ("description", "summary", "excerpt"),
    "canonical_url": ("canonical_url", "canonical", "canonicalURL"),
    "language": ("lang", "language"),
}


@dataclass
class _Chars:
    """Block text under construction: each character with its source offset (-1: none)."""

    chars: list[str] = field(default_factory=list)
    src: list[int] = field(default_factory=list)
    links: list[tuple[int, int, str]] = field(default_factory=list)

    def put(self, text: str, offsets: list[int]) -> None:
        self.chars.extend(text)
        self.src.extend(offsets)

    def collapsed(self) -> tuple[str, list[int], list[tuple[int, int, str, str | None]]]:
        """Whitespace runs become one space, ends trimmed; offsets and links follow."""
        out: list[str] = []
        src: list[int] = []
        new_index: list[int] = []
        for c, s in zip(self.chars, self.src, strict=True):
            new_index.append(len(out))
            if c.isspace():
                if not out or out[-1] == " ":
                    continue
                out.append(" ")
                src.append(s)
            else:
                out.append(c)
                src.append(s)
        new_index.append(len(out))
        while out and out[-1] == " ":
            out.pop()
            src.pop()
        links = []
        for s, e, href in self.links:
            ns, ne = new_index[s], min(new_index[e], len(out))
            if ne > ns:
                links.append((ns, ne, href, None))
        return "".join(out), src, links


class _Aligner:
    """Finds each rendered fragment in the source, moving forward through one block."""

    def __init__(self, source: str, start: int, end: int) -> None:
        self.source = source
        self.pos = start
        self.end = end

    def locate(self, fragment: str, markup: str | None = None) -> list[int]:
        if not fragment:
            return []
        if markup:  # an escape or entity: the character stands for its markup in the source
            at = self.source.find(markup, self.pos, self.end)
            if at >= 0:
                self.pos = at + len(markup)
                at += 1 if markup.startswith("\\") else 0  # `\*` is the star after the slash
                return [at] * len(fragment)
        at = self.source.find(fragment, self.pos, self.end)
        if at >= 0:
            self.pos = at + len(fragment)
            return list(range(at, at + len(fragment)))
        out = []
        for c in fragment:  # fragments the renderer rewrote: character by character
            at = self.source.find(c, self.pos, self.end) if not c.isspace() else -1
            if at >= 0:
                self.pos = at + 1
            out.append(at)
        return out

    def find_back(self, char: str, before: int) -> int:
        return self.source.rfind(char, max(0, before - 3), before)

    def skip_link_tail(self) -> int:
        """Move past a link's `](destination "title")`, `][label]` or `]`; returns where its
        `]` is (-1 for an autolink), so later text is never found inside the URL."""
        s, p = self.source, self.pos
        close = s.find("]", p, min(self.end, p + 3))
        if close < 0:
            return -1
        p = close + 1
        if s.startswith("(", p):
            depth, i = 0, p + 1
            while i < self.end:
                c = s[i]
                if c == "\\":
                    i += 2
                    continue
                if c == "(":
                    depth += 1
                elif c == ")":
                    if depth == 0:
                        p = i + 1
                        break
                    depth -= 1
                i += 1
        elif s.startswith("[", p):
            end = s.find("]", p + 1, self.end)
            p = end + 1 if end >= 0 else p
        self.pos = p
        return close


def _front_matter(source: str) -> tuple[dict[str, Any], int]:
    """(metadata, characters the front matter takes) for YAML or TOML front matter."""
    m = _FRONT.match(source)
    if not m:
        return {}, 0
    opener, body, closer = m.group(1), m.group(2) or "", m.group(3)
    if (opener == "+++") != (closer == "+++"):
        return {}, 0
    data: Any = None
    try:
        if opener == "+++":
            data = tomllib.loads(body)
        else:
            import yaml

            data = yaml.safe_load(body)
    except Exception:  # unreadable front matter is still front matter: skip it, audit the rest
        data = None
    return (data if isinstance(data, dict) else {}), m.end()


def _meta_value(data: dict[str, Any], keys: tuple[str, ...]) -> str | None:
    lowered = {str(k).lower(): v for k, v in data.items()}
    for k in keys:
        v = lowered.get(k.lower())
        if isinstance(v, list):
            v = ", ".join(str(x.get("name", x)) if isinstance(x, dict) else str(x) for x in v)
        elif isinstance(v, dict):
            v = v.get("name")
        elif isinstance(v, _dt.datetime | _dt.date):
            v = v.isoformat()
        if v not in (None, ""):
            return " ".join(str(v).split())[:500]
    return None


@cache
def _parser():
    """Built once per process: the rule chains are compiled at construction."""
    from markdown_it import MarkdownIt

    # text_join would fold escapes and entities into plain text and hide their markup
    return MarkdownIt("commonmark").enable(["table", "strikethrough"]).disable("text_join")


def extract_markdown(document: Document) -> Article:
    raw, _ = decode(document.content, document.encoding, html=False)
    if "\r" in raw:
        raw = raw.replace("\r\n", "\n").replace("\r", "\n")
    source = _CONTROL.sub(" ", raw)  # one for one, so columns stay the file's
    front, body_at = _front_matter(source)
    # the parser sees blank lines where the front matter was, so its line numbers are the file's
    parse_src = "\n" * source.count("\n", 0, body_at) + source[body_at:]
    tokens = _parser().parse(parse_src)

    line_starts = [0] + [i + 1 for i, c in enumerate(source) if c == "\n"]

    def line_start(line: int) -> int:
        return line_starts[line] if line < len(line_starts) else len(source)

    builder = TextBuilder()
    smap = SourceMapBuilder()
    suppressions: list[Suppression] = []
    waiting: list[tuple[str, ...]] = []
    covered: set[int] = set(range(source.count("\n", 0, body_at)))
    stack: list[str] = []
    refs_open = False
    block_map: list[int] | None = None

    def add(chars: _Chars, kind: str, level: int | None = None, region: str = "") -> None:
        nonlocal refs_open
        text, src, links = chars.collapsed()
        if not text:
            return
        if region:
            pass
        elif kind == "heading":
            refs_open = is_reference_heading(text)
            region = "references" if refs_open else "body"
        elif not refs_open:
            region = "body"
        else:
            if not looks_like_citation(text) and len(text.split()) > 25:
                refs_open = False
                region = "body"
            else:
                region = "references"
                kind = "citation" if kind in ("paragraph", "list_item") else kind
        block = builder.add(
            text, kind, region=region, level=level, hints=frozenset(text_hints(text)), links=links
        )
        if block is None:
            return
        smap.add(block.start, src)
        if waiting:
            suppressions.extend(Suppression(c, block.start, block.end) for c in waiting)
            waiting.clear()

    for i, tok in enumerate(tokens):
        if tok.map:
            covered.update(range(tok.map[0], tok.map[1]))
        if tok.nesting == 1 and tok.map:
            block_map = tok.map
        if tok.nesting == 1 and tok.type != "paragraph_open":
            stack.append(tok.type)
        elif tok.nesting == -1 and stack and tok.type != "paragraph_close":
            stack.pop()
        if tok.type == "inline":
            lines = tok.map or block_map or [0, 0]
            aligner = _Aligner(source, line_start(lines[0]), line_start(lines[1]))
            chars = _inline(tok, aligner)
            parent = tokens[i - 1].type if i else ""
            if parent == "heading_open":
                add(chars, "heading", int(tokens[i - 1].tag[1:]))
            elif parent in ("th_open", "td_open"):
                add(chars, "table_cell")
            elif "list_item_open" in stack:
                add(chars, "list_item")
            elif "blockquote_open" in stack:
                add(chars, "quote")
            else:
                add(chars, "paragraph")
        elif tok.type in ("fence", "code_block") and tok.map:
            start = line_start(tok.map[0])
            aligner = _Aligner(source, start, line_start(tok.map[1]))
            chars = _Chars()
            for line in tok.content.splitlines():
                chars.put(line + "\n", [*aligner.locate(line), -1])
            add(chars, "code")
        elif tok.type == "html_block":
            m = _IGNORE_COMMENT.match(tok.content)
            codes = parse_ignore(m.group(1)) if m else None
            if codes is not None:
                waiting.append(codes)
            elif tok.map:  # a raw HTML box (a call-to-action div, say): its words are read
                aligner = _Aligner(source, line_start(tok.map[0]), line_start(tok.map[1]))
                chars = _Chars()
                for word in _html_words(tok.content):
                    chars.put(word + " ", [*aligner.locate(word), -1])
                add(chars, "paragraph")

    _definitions(source, covered, line_starts, add)
    if not builder.blocks:
        raise InputProblem(document.source, "no readable text")
    blocks = builder.blocks
    mark_citation_runs(blocks)
    meta: dict[str, Any] = {"format": "markdown", "source_map": smap.to_meta(source)}
    if front:
        meta["front_matter"] = sorted(str(k) for k in front)
    values = {key: _meta_value(front, keys) for key, keys in _META_KEYS.items()}
    return Article(
        source=document.source,
        text=builder.text,
        blocks=blocks,
        kind="text",
        title=values["title"] or _first_heading(blocks),
        author=values["author"],
        published=values["published"],
        modified=values["modified"],
        canonical_url=values["canonical_url"],
        url=document.url,
        description=values["description"],
        language=values["language"],
        links=builder.links,
        references_start=next((b.start for b in blocks if b.region == "references"), None),
        suppressions=suppressions,
        meta=meta,
    )


def _first_heading(blocks: list[Block]) -> str | None:
    return next((b.text for b in blocks[:8] if b.kind == "heading" and b.region == "body"), None)


def _inline(tok, aligner: _Aligner) -> _Chars:
    """Render an inline token's children to text, each character with its source offset."""
    chars = _Chars()
    open_links: list[tuple[int, str, int]] = []  # (text start, href, source start)
    for child in tok.children or ():
        t = child.type
        if t == "text":
            chars.put(child.content, aligner.locate(child.content))
        elif t == "text_special":  # an escape (\*) or entity (&amp;)
            chars.put(child.content, aligner.locate(child.content, child.markup or None))
        elif t == "code_inline":
            chars.put(child.content, aligner.locate(child.content))
        elif t in ("softbreak", "hardbreak"):
            at = aligner.source.find("\n", aligner.pos, aligner.end)
            if at >= 0:
                aligner.pos = at + 1
            chars.put(" ", [at])
        elif t == "link_open":
            open_links.append((len(chars.chars), str(child.attrGet("href") or ""), aligner.pos))
        elif t == "link_close" and open_links:
            begin, href, _ = open_links.pop()
            label = "".join(chars.chars[begin:])
            right = aligner.skip_link_tail()
            if _NUMERIC_LABEL.match(label.strip()):
                # `[1]` (a reference link to a numbered source) reads as a citation marker
                first_src = next((s for s in chars.src[begin:] if s >= 0), -1)
                left = aligner.find_back("[", first_src) if first_src >= 0 else -1
                chars.chars.insert(begin, "[")
                chars.src.insert(begin, left)
                chars.put("]", [right])
            if href:
                chars.links.append((begin, len(chars.chars), href))
        elif t == "image":
            continue  # alt text is not the article's prose
        elif t == "html_inline" and re.match(r"<br\s*/?>", child.content, re.I):
            chars.put(" ", [-1])
    return chars


_HIDDEN_HTML = re.compile(r"<(script|style|template)\b.*?</\1\s*>|<!--.*?-->", re.I | re.S)


def _html_words(content: str) -> list[str]:
    """The visible words of a raw HTML block, entities decoded (tags, comments and script or
    style bodies dropped)."""
    import html

    text = re.sub(r"<[^>]*>", " ", _HIDDEN_HTML.sub(" ", content))
    return [html.unescape(w) for w in text.split()]


def _definitions(source: str, covered: set[int], line_starts: list[int], add) -> None:
    """Numbered reference definitions (`[1]: url "title"`) as citation blocks: the parser keeps
    them out of the token stream, so they are read from the lines no block claimed."""
    found = []
    for m in _DEFINITION.finditer(source):
        line = source.count("\n", 0, m.start())
        if line in covered:
            continue
        found.append(m)
    if not found:
        return
    for m in found:
        chars = _Chars()
        text = m.group(0).strip()
        at = m.start() + (len(m.group(0)) - len(m.group(0).lstrip()))
        chars.put(text, list(range(at, at + len(text))))
        add(chars, "citation", region="references")
