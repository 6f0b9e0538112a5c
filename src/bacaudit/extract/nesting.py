"""Parse markup nested deeper than libxml2 allows without losing the rest of the page.

libxml2 stops reading a document at nesting depth 256 (XML_PARSE_HUGE only moves the limit,
and a deeper tree would overflow the recursive walk anyway). Old editors leave `<font>`, `<b>`
and `<span>` unclosed by the hundred, so a page can be cut off mid-text with nothing said. When
the parser reports excessive depth, the markup is flattened and parsed again:

1. inline formatting tags are dropped (their text stays; they carry no structure we use);
2. if that is still too deep, every container and heading becomes a `<p>` boundary and all
   other tags but links and line breaks are dropped, so text keeps its block breaks.

Each pass is one linear regular-expression substitution. Only if the flattest form is still
too deep does the page fail, with an error that says how much of it was not read.
"""

from __future__ import annotations

import re

import lxml.etree
import lxml.html

from ..errors import InputProblem

INLINE = (
    "b|i|u|s|em|strong|font|span|small|big|tt|strike|sub|sup|mark|abbr|acronym|cite|code|q|dfn"
    "|kbd|samp|var|ins|del|bdi|bdo|time|label|nobr|wbr|blink|marquee"
)
CONTAINERS = (
    "div|section|article|main|aside|header|footer|nav|blockquote|center|ul|ol|dl|li|dd|dt|menu"
    "|table|thead|tbody|tfoot|tr|td|th|caption|form|fieldset|legend|figure|figcaption|details"
    "|summary|address|hgroup|dialog|pre|p|h[1-6]"
)
KEEP = "p|a|br|html|head|body|title|meta|link|base|script|style|noscript|template|hr"
# A tag is `<name` or `</name`, then attributes without `>` (bounded so a page full of `<`
# and no `>` stays linear), then `>`.
_INLINE_TAG = re.compile(rf"</?(?:{INLINE})\b[^<>]{{0,2000}}>", re.I)
_CONTAINER_START = re.compile(rf"<(?:{CONTAINERS})\b[^<>]{{0,2000}}>", re.I)
_OTHER_TAG = re.compile(rf"</?(?!(?:{KEEP})\b)[A-Za-z][\w:-]{{0,40}}\b[^<>]{{0,2000}}>", re.I)

MAX_DEPTH = 256


def parse_document(text: str, source: str = "<html>"):
    """The lxml tree of `text`, flattened as needed; None when lxml finds nothing to parse."""
    tree, cut = _parse(text)
    if cut is None:
        return tree
    flat = _INLINE_TAG.sub("", text)
    tree, cut = _parse(flat)
    if cut is None:
        return tree
    flat = _OTHER_TAG.sub("", _CONTAINER_START.sub("<p>", flat))
    tree, cut = _parse(flat)
    if cut is None:
        return tree
    left = len(flat) - cut
    raise InputProblem(
        source,
        f"markup nested more than {MAX_DEPTH} levels deep: the parser stopped with "
        f"{left:,} of {len(flat):,} characters unread",
    )


def _parse(text: str):
    """(tree, None), or (tree, the character offset where libxml2 gave up on depth)."""
    parser = lxml.html.HTMLParser(remove_comments=False, remove_pis=True, no_network=True,
                                  recover=True, huge_tree=False)
    try:
        tree = lxml.html.document_fromstring(text, parser=parser)
    except (lxml.etree.ParserError, ValueError):
        return None, None
    for e in parser.error_log:
        if "Excessive depth" in e.message:
            return tree, _offset(text, e.line, e.column)
    return tree, None


def _offset(text: str, line: int, column: int) -> int:
    """Character offset of a 1-based libxml2 line and (byte-ish) column, clamped to the text."""
    pos = 0
    for _ in range(max(line, 1) - 1):
        nxt = text.find("\n", pos)
        if nxt == -1:
            return len(text)
        pos = nxt + 1
    return min(len(text), pos + max(column, 0))
