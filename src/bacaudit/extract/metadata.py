"""Page metadata from the parsed HTML tree: meta/OG tags, JSON-LD, `<time>`, bylines.

Each field has an order of trust (explicit meta tags, then JSON-LD, then what the visible page
says), because real rehab and pharmacy pages fill them in inconsistently.
"""

from __future__ import annotations

import contextlib
import json
import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin

ARTICLE_TYPES = {
    "article", "newsarticle", "blogposting", "medicalwebpage", "medicalscholarlyarticle",
    "scholarlyarticle", "report", "webpage", "healthtopiccontent", "posting", "techarticle",
}
TITLE_SEPARATORS = (" | ", " – ", " — ", " - ", " :: ", " · ", " » ", " / ")
_INVISIBLE = {"script", "style", "noscript", "template", "head", "title"}
_STOP = r"(?:Updated|Published|Posted|On|Last|Reviewed|Medically|Clinically|Fact|And|In|Date)\b"
_NAME = rf"(?:Dr\.?\s+)?[A-Z][\w'’.-]*(?:\s+(?!{_STOP})(?:[A-Z][\w'’.-]*|de|van|von|da|del)){{0,4}}"
_CREDENTIALS = r"(?:,\s*(?:M\.D\.|Pharm\.?D\.?|Ph\.D\.|PA-C|[A-Z][A-Za-z]{0,2}[A-Z]{1,4}))*"
REVIEWED_BY = re.compile(
    r"(?i:\b(?:medically|clinically|fact[- ]checked and|medical|clinical)?\s*reviewed\s+by)"
    rf"[:\s]+({_NAME}{_CREDENTIALS})"
)
BYLINE = re.compile(
    rf"^\s*(?i:(?:written\s+|posted\s+|authored\s+)?by)[:\s]+({_NAME}{_CREDENTIALS})"
)


@dataclass
class Metadata:
    title: str | None = None
    author: str | None = None
    published: str | None = None
    modified: str | None = None
    canonical_url: str | None = None
    description: str | None = None
    language: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)


def _clean(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    value = " ".join(value.split())
    return value or None


def _meta(tree, *keys: str) -> str | None:
    """The first non-empty <meta name|property|itemprop=key content=...> among `keys`."""
    found: dict[str, str] | None = getattr(tree, "_bacaudit_meta", None)
    if found is None:
        found = {}
        for el in tree.iter("meta"):
            content = _clean(el.get("content"))
            if not content:
                continue
            for attr in ("property", "name", "itemprop", "http-equiv"):
                key = (el.get(attr) or "").strip().lower()
                if key and key not in found:
                    found[key] = content
        with contextlib.suppress(AttributeError):
            tree._bacaudit_meta = found  # read once per page, asked for about ten times
    for key in keys:
        if key in found:
            return found[key]
    return None


def _jsonld_objects(tree) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for script in tree.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json":
            continue
        raw = (script.text or "").strip()
        raw = re.sub(r"^\s*(?:<!--|<!\[CDATA\[)|(?:-->|\]\]>)\s*$", "", raw)
        try:
            data = json.loads(raw)
        except (ValueError, RecursionError):
            continue
        stack = [data]
        while stack and len(out) < 200:
            item = stack.pop(0)
            if isinstance(item, list):
                stack.extend(item)
            elif isinstance(item, dict):
                out.append(item)
                graph = item.get("@graph")
                if isinstance(graph, list):
                    stack.extend(graph)
    return out


def _types(obj: dict[str, Any]) -> list[str]:
    t = obj.get("@type")
    if isinstance(t, str):
        return [t]
    if isinstance(t, list):
        return [x for x in t if isinstance(x, str)]
    return []


def _names(value: Any, ids: dict[str, dict[str, Any]] | None = None) -> list[str]:
    """Names of people or organisations; a bare {"@id": ...} (Yoast's @graph) is looked up."""
    if isinstance(value, str):
        return [value] if not value.startswith(("http://", "https://")) else []
    if isinstance(value, dict):
        name = _clean(value.get("name"))
        if not name and ids and isinstance(value.get("@id"), str):
            name = _clean(ids.get(value["@id"], {}).get("name"))
        return [name] if name else []
    if isinstance(value, list):
        return [n for v in value for n in _names(v, ids)]
    return []


def strip_site_suffix(title: str, site: str | None, h1: str | None) -> str:
    """"Title | Site" -> "Title", only when the removed part is the site name (or the rest is
    exactly the page's h1), so a title that merely holds a dash keeps it."""
    def norm(s: str) -> str:
        return re.sub(r"\W+", " ", s).strip().lower()

    for sep in TITLE_SEPARATORS:
        if sep not in title:
            continue
        head, tail = title.rsplit(sep, 1)
        if site and norm(tail) and (norm(tail) == norm(site) or norm(tail) in norm(site)):
            return head.strip()
        if h1 and norm(head) == norm(h1):
            return head.strip()
        first, rest = title.split(sep, 1)
        if site and norm(first) == norm(site):
            return rest.strip()
    return title


_BY = re.compile(r"\bby\b", re.IGNORECASE).search
_REVIEWED_BY = re.compile(r"\breviewed\s+by\b", re.IGNORECASE).search


def _bylines_near(tree, limit: int = 20) -> tuple[list[str], list[str]]:
    """Short visible texts holding the word "by", and those holding "reviewed by", each with
    its element's full text; one walk over the page serves both."""
    by: list[str] = []
    reviewed: list[str] = []
    body = tree.find(".//body")
    for el in (body if body is not None else tree).iter():
        tag = el.tag
        if not isinstance(tag, str) or tag in _INVISIBLE:
            continue
        for piece, holder in ((el.text, el), (el.tail, None)):
            if not piece or not _BY(piece):
                continue
            holder = holder if holder is not None else el.getparent()
            if holder is None:
                continue
            text = " ".join(holder.text_content().split())
            if len(text) < 40 and holder.getparent() is not None:  # "Reviewed by" + <a>Name</a>
                text = " ".join(holder.getparent().text_content().split())
            if len(by) < limit:
                by.append(text[:300])
            if len(reviewed) < limit and _REVIEWED_BY(piece):
                reviewed.append(text[:300])
        if len(by) >= limit and len(reviewed) >= limit:
            break
    return by, reviewed


def extract_metadata(tree, base_url: str | None) -> Metadata:
    md = Metadata()
    objects = _jsonld_objects(tree)
    articles = [o for o in objects if {t.lower() for t in _types(o)} & ARTICLE_TYPES]
    # A page-level Article outranks a bare WebPage when both are there.
    articles.sort(key=lambda o: "webpage" in {t.lower() for t in _types(o)})
    ids = {o["@id"]: o for o in objects if isinstance(o.get("@id"), str)}

    def ld(key: str) -> Any:
        for o in articles:
            if o.get(key):
                return o[key]
        return None

    site = _meta(tree, "og:site_name", "application-name")
    if not site:
        for o in objects:
            if "website" in {t.lower() for t in _types(o)} and _clean(o.get("name")):
                site = _clean(o.get("name"))
                break
    h1_el = next(iter(tree.iter("h1")), None)
    h1 = _clean(h1_el.text_content()) if h1_el is not None else None
    title_el = next(iter(tree.iter("title")), None)
    raw_title = (
        _meta(tree, "og:title", "twitter:title")
        or (_clean(title_el.text_content()) if title_el is not None else None)
        or _clean(ld("headline"))
        or h1
    )
    md.title = strip_site_suffix(raw_title, site, h1) if raw_title else None
    headline = _clean(ld("headline"))
    if md.title and headline and any(
        md.title.startswith(headline + sep) and sep in md.title[len(headline) + len(sep):]
        for sep in TITLE_SEPARATORS
    ):
        md.title = headline  # "Topic | Section | Site" whose structured data names the topic

    author = _meta(tree, "author", "article:author", "dc.creator", "parsely-author")
    if author and author.startswith(("http://", "https://")):
        author = None
    if not author:
        names = _names(ld("author"), ids)
        author = ", ".join(dict.fromkeys(names)) or None
    if not author:
        rel = tree.xpath("//body//a[contains(concat(' ', normalize-space(@rel), ' '), ' author ')]")
        author = _clean(rel[0].text_content()) if rel else None
    byline = None
    near_by, near_reviewed = _bylines_near(tree)
    for text in near_by:
        m = BYLINE.match(text)
        if m:
            byline = text
            author = author or m.group(1).strip(" ,")
            break
    md.author = author

    md.published = (
        _meta(tree, "article:published_time", "datepublished", "date", "dc.date", "pubdate")
        or _clean(ld("datePublished"))
        or _time(tree, "published")
    )
    md.modified = (
        _meta(tree, "article:modified_time", "og:updated_time", "datemodified", "last-modified")
        or _clean(ld("dateModified"))
        or _time(tree, "updated")
    )

    canonical = None
    for link in tree.iter("link"):
        if "canonical" in (link.get("rel") or "").lower().split() and _clean(link.get("href")):
            canonical = _clean(link.get("href"))
            break
    if canonical and base_url:
        canonical = urljoin(base_url, canonical)
    md.canonical_url = canonical
    md.description = _meta(tree, "description", "og:description", "twitter:description")

    html_el = tree.getroottree().getroot()
    lang = html_el.get("lang") or html_el.get("{http://www.w3.org/XML/1998/namespace}lang")
    md.language = _clean(lang) or _meta(tree, "content-language", "og:locale")

    meta: dict[str, Any] = {}
    if site:
        meta["site_name"] = site
    types = sorted({t for o in objects for t in _types(o)})
    if types:
        meta["jsonld_types"] = types
    reviewer = ", ".join(dict.fromkeys(_names(ld("reviewedBy"), ids))) or None
    if not reviewer:
        for text in near_reviewed:
            m = REVIEWED_BY.search(text)
            if m:
                reviewer = m.group(1).strip(" ,")
                break
    if reviewer:
        meta["reviewer"] = reviewer
    if byline:
        meta["byline"] = byline
    for key, value in (
        ("og_type", _meta(tree, "og:type")),
        ("keywords", _meta(tree, "keywords", "news_keywords")),
        ("publisher", ", ".join(_names(ld("publisher"), ids)) or None),
    ):
        if value:
            meta[key] = value
    md.meta = meta
    return md


def _time(tree, kind: str) -> str | None:
    """A <time datetime> in the page, preferring one whose class or itemprop names `kind`."""
    times = [t for t in tree.iter("time") if _clean(t.get("datetime"))]
    for t in times:
        marks = f"{t.get('class', '')} {t.get('itemprop', '')}".lower()
        if kind in marks or (kind == "published" and "date" in marks and "updat" not in marks):
            return _clean(t.get("datetime"))
    if kind == "published":
        for t in times:
            marks = f"{t.get('class', '')} {t.get('itemprop', '')}".lower()
            if "updat" not in marks and "modif" not in marks:
                return _clean(t.get("datetime"))
    return None
