"""sitemap.xml and sitemap indexes, parsed without entity expansion or network access.

A sitemap is untrusted XML: entities are not resolved (no billion-laughs, no local files), DTDs
are not loaded, and a gzip sitemap is inflated only up to a byte cap.
"""

from __future__ import annotations

import gzip
import io
import zlib
from dataclasses import dataclass, field

from lxml import etree

MAX_INFLATED = 50_000_000  # the sitemaps.org limit for one uncompressed file


@dataclass
class Sitemap:
    pages: list[str] = field(default_factory=list)  # <urlset><url><loc>
    children: list[str] = field(default_factory=list)  # <sitemapindex><sitemap><loc>


class SitemapError(ValueError):
    pass


def _inflate(content: bytes) -> bytes:
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(content)) as fh:
            data = fh.read(MAX_INFLATED + 1)
    except (OSError, EOFError, zlib.error) as exc:
        raise SitemapError(f"bad gzip data ({exc})") from None
    if len(data) > MAX_INFLATED:
        raise SitemapError(f"sitemap larger than {MAX_INFLATED:,} bytes once inflated")
    return data


def parse_sitemap(content: bytes) -> Sitemap:
    """Page URLs and child sitemap URLs, in document order; namespaces are ignored."""
    if content[:2] == b"\x1f\x8b":
        content = _inflate(content)
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, recover=True
    )
    try:
        root = etree.fromstring(content, parser=parser)
    except etree.XMLSyntaxError as exc:
        raise SitemapError(f"not valid XML ({exc})") from None
    if root is None:
        raise SitemapError("empty or unreadable XML")
    out = Sitemap()
    kind = etree.QName(root).localname
    for el in root.iter():
        if not isinstance(el.tag, str) or etree.QName(el).localname != "loc":
            continue
        parent = el.getparent()
        loc = (el.text or "").strip()
        if not loc or parent is None:
            continue
        pname = etree.QName(parent).localname
        if pname == "sitemap" or kind == "sitemapindex":
            out.children.append(loc)
        elif pname == "url":
            out.pages.append(loc)
    return out
