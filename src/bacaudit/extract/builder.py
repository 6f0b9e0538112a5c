"""Assemble blocks into one plain-text string with exact offsets.

Both extractors (HTML and text) hand finished block texts here; offsets are computed in one
place, so `text[block.start:block.end] == block.text` holds by construction. Body, references
and comments blocks go to `Article.text`; chrome blocks go to `Article.chrome_text`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..models import Block, Link, Suppression

SEPARATOR = "\n\n"
_IRREGULAR_WS = re.compile(r" \s+|[^\S ]\s*")  # any whitespace run but a lone space


@dataclass(slots=True)
class Piece:
    """Raw inline text of a block before whitespace is collapsed; links mark raw spans."""

    parts: list[str] = field(default_factory=list)
    links: list[tuple[int, int, str, str | None]] = field(default_factory=list)  # raw start/end
    size: int = 0
    gen: int = 0  # bumped on every clear, so a stale link start is never applied

    def add(self, text: str) -> None:
        if text:
            self.parts.append(text)
            self.size += len(text)

    def mark_link(self, start: int, href: str, rel: str | None) -> None:
        if self.size > start:
            self.links.append((start, self.size, href, rel))

    def clear(self) -> None:
        self.parts.clear()
        self.links.clear()
        self.size = 0
        self.gen += 1


def collapse(raw: str) -> tuple[str, list[tuple[int, int]]]:
    """Collapse whitespace runs to one space and trim; returns the text and the removed runs.

    Each removed run is (raw position after it, characters dropped up to there), for `remap`.
    A lone space needs no entry, so ordinary prose costs one regex scan.
    """
    shifts: list[tuple[int, int]] = []
    start = len(raw) - len(raw.lstrip())
    end = len(raw.rstrip())
    dropped = start
    if start:
        shifts.append((start, dropped))
    out: list[str] = []
    pos = start
    for m in _IRREGULAR_WS.finditer(raw, start, end):
        out.append(raw[pos:m.start()])
        out.append(" ")
        dropped += m.end() - m.start() - 1
        shifts.append((m.end(), dropped))
        pos = m.end()
    out.append(raw[pos:end])
    return "".join(out), shifts


def remap(raw_pos: int, shifts: list[tuple[int, int]]) -> int:
    """Position in the collapsed text of raw position `raw_pos`."""
    dropped = 0
    for at, total in shifts:
        if at > raw_pos:
            break
        dropped = total
    return raw_pos - dropped


@dataclass
class TextBuilder:
    """Collects one string of blocks joined by a blank line."""

    parts: list[str] = field(default_factory=list)
    blocks: list[Block] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    length: int = 0

    def add(
        self,
        text: str,
        kind: str,
        *,
        region: str = "body",
        level: int | None = None,
        hints: frozenset[str] = frozenset(),
        links: list[tuple[int, int, str, str | None]] | None = None,
    ) -> Block | None:
        """Append a block (already clean, one line); `links` hold offsets inside `text`."""
        if not text:
            return None
        if self.parts:
            self.parts.append(SEPARATOR)
            self.length += len(SEPARATOR)
        start = self.length
        self.parts.append(text)
        self.length += len(text)
        block = Block(kind, text, start, self.length, region, level, hints)  # type: ignore[arg-type]
        self.blocks.append(block)
        for s, e, href, rel in links or ():
            s, e = _trim(text, s, e)
            if e > s:
                self.links.append(Link(text[s:e], href, start + s, start + e, rel))
        return block

    def add_piece(self, piece: Piece, kind: str, **kw) -> Block | None:
        raw = "".join(piece.parts)
        text, shifts = collapse(raw)
        links = [
            (remap(s, shifts), remap(e, shifts), href, rel) for s, e, href, rel in piece.links
        ]
        links = [(max(0, s), min(len(text), e), h, r) for s, e, h, r in links]
        return self.add(text, kind, links=links, **kw)

    @property
    def text(self) -> str:
        return "".join(self.parts)


def _trim(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return s, e


@dataclass
class Suppressions:
    """Inline `bacaudit: ignore` comments waiting for the block(s) they cover."""

    done: list[Suppression] = field(default_factory=list)
    waiting_next: list[tuple[str, ...]] = field(default_factory=list)

    def block_added(self, block: Block) -> None:
        for codes in self.waiting_next:
            self.done.append(Suppression(codes, block.start, block.end))
        self.waiting_next.clear()

    def cover(self, codes: tuple[str, ...], start: int, end: int) -> None:
        if end > start:
            self.done.append(Suppression(codes, start, end))


_IGNORE = re.compile(r"^\s*bacaudit\s*:\s*ignore\b(.*)$", re.IGNORECASE | re.DOTALL)
_CODE = re.compile(r"^[A-Za-z]{1,4}\d[\dXx]{0,3}$")
_RULE_NAME = re.compile(r"^[A-Z][a-z0-9]+(?:[A-Z][a-z0-9]*)+$")


def parse_ignore(comment: str) -> tuple[str, ...] | None:
    """`bacaudit: ignore BA301, BA302` -> ("BA301", "BA302"); bare `ignore` -> (); else None.

    Codes (BA301, BA3XX) and rule names (MaxDoseAboveLabel) are read up to the first other word.
    """
    m = _IGNORE.match(comment)
    if not m:
        return None
    codes: list[str] = []
    for token in re.split(r"[\s,;]+", m.group(1).strip()):
        if _CODE.match(token):
            codes.append(token.upper())
        elif _RULE_NAME.match(token):
            codes.append(token)
        elif token:
            break  # free text after the codes: "ignore BA301 -- our own hotline"
    return tuple(codes)
