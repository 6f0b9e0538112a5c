"""Hints that the words of a block give, whatever the markup: bylines and disclaimers."""

from __future__ import annotations

import re

from .metadata import BYLINE, REVIEWED_BY

_BYLINE_START = re.compile(
    r"^\s*(?:(?:medically|clinically)\s+reviewed\s+by|reviewed\s+by|fact[- ]checked\s+by"
    r"|written\s+by|authored\s+by|(?:last\s+)?updated\s*(?:on)?\s*:?\s*\w+\s+\d|published\s*"
    r"(?:on)?\s*:?\s*\w+\s+\d)",
    re.IGNORECASE,
)
_DISCLAIMER = re.compile(
    r"^\s*(?:medical\s+)?disclaimer\b|not\s+(?:intended\s+(?:to\s+be\s+|as\s+)?)?a\s+substitute\s+"
    r"for\s+(?:professional\s+)?medical\s+advice|for\s+(?:general\s+)?informational\s+purposes\s+only",
    re.IGNORECASE,
)


def text_hints(text: str) -> set[str]:
    hints: set[str] = set()
    words = len(text.split())
    if words <= 25 and (
        BYLINE.match(text) or _BYLINE_START.match(text) or REVIEWED_BY.match(text.strip())
    ):
        hints.add("byline")
    if _DISCLAIMER.search(text):
        hints.add("disclaimer")
    return hints
