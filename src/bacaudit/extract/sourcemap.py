"""Where a character of the extracted text came from in the source file.

Extractors that know (Markdown) keep, per article, runs of text offsets that map one-to-one
onto source offsets, plus the source's line starts, in `Article.meta["source_map"]`. Reporters
turn a finding's [start, end) into the source's 1-based line and column with `source_region`,
so an annotation lands on the line the editor wrote, front matter and markup included.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from typing import Any


@dataclass
class SourceMapBuilder:
    """Collects (text offset -> source offset) per character, then compresses to runs."""

    runs: list[list[int]] = field(default_factory=list)  # [text_start, source_start, length]

    def add(self, text_start: int, sources: list[int]) -> None:
        for i, src in enumerate(sources):
            if src < 0:
                continue
            t = text_start + i
            last = self.runs[-1] if self.runs else None
            if last and last[0] + last[2] == t and last[1] + last[2] == src:
                last[2] += 1
            else:
                self.runs.append([t, src, 1])

    def to_meta(self, source: str) -> dict[str, Any]:
        starts = [0] + [i + 1 for i, c in enumerate(source) if c == "\n"]
        return {"runs": self.runs, "line_starts": starts, "length": len(source)}


def _source_offset(runs: list[list[int]], keys: list[int], offset: int) -> int | None:
    i = bisect_right(keys, offset) - 1
    if i < 0:
        return None
    t, s, n = runs[i]
    if offset < t + n:
        return s + offset - t
    return None


def _line_col(line_starts: list[int], offset: int) -> tuple[int, int]:
    i = bisect_right(line_starts, offset) - 1
    return i + 1, offset - line_starts[i] + 1


def source_region(meta: dict[str, Any], start: int, end: int) -> tuple[int, int, int, int] | None:
    """(start line, start column, end line, end column) in the source, 1-based, end exclusive;
    None when the article has no source map or the span is not in it."""
    sm = meta.get("source_map") if isinstance(meta, dict) else None
    if not sm or end <= start:
        return None
    runs = sm["runs"]
    keys = [r[0] for r in runs]
    first = _source_offset(runs, keys, start)
    last = _source_offset(runs, keys, end - 1)
    if first is None or last is None or last < first:
        return None
    sl, sc = _line_col(sm["line_starts"], first)
    el, ec = _line_col(sm["line_starts"], last)
    return sl, sc, el, ec + 1


def source_position(meta: dict[str, Any], offset: int) -> tuple[int, int] | None:
    """1-based (line, column) in the source of text offset `offset`, or None."""
    region = source_region(meta, offset, offset + 1)
    return (region[0], region[1]) if region else None
