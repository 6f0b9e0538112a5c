"""URL keys, so one page is one key however a site links to it.

Canonicalisation is w3lib's (Scrapy's): lower-case scheme and host, sorted query, uniform
percent escapes that keep reserved characters encoded (`%2F` stays `%2F`: decoding it would
fetch another URL), non-ASCII paths encoded as UTF-8. On top of that, the crawl's own policy:
no default port, no fragment, no tracking parameters, at most MAX_URL_LENGTH characters.
"""

from __future__ import annotations

import fnmatch
import re
from urllib.parse import unquote, urljoin, urlsplit, urlunsplit

from w3lib.url import canonicalize_url

TRACKING_PARAMS = frozenset({"fbclid", "gclid", "dclid", "msclkid", "mc_cid", "mc_eid", "yclid"})
DEFAULT_PORTS = {"http": 80, "https": 443}
MAX_URL_LENGTH = 2048  # longer URLs are refused: generated link traps, not articles


def _tracking(pair: str) -> bool:
    key = unquote(pair.split("=", 1)[0]).lower()
    return key.startswith("utm_") or key in TRACKING_PARAMS


def normalize_url(url: str, base: str | None = None) -> str | None:
    """The canonical spelling of an http(s) URL, or None for anything else (or too long)."""
    url = (url or "").strip()
    if not url or len(url) > MAX_URL_LENGTH * 2:
        return None
    try:
        if base:
            url = urljoin(base, url)
        parts = urlsplit(url)
        scheme = parts.scheme.lower()
        if scheme not in DEFAULT_PORTS or not parts.hostname:
            return None
        host = parts.hostname.lower().rstrip(".")
        port = parts.port
    except ValueError:
        return None
    if not host:
        return None
    if ":" in host:  # IPv6 literal
        host = f"[{host}]"
    netloc = host if port in (None, DEFAULT_PORTS[scheme]) else f"{host}:{port}"
    query = "&".join(p for p in parts.query.split("&") if p and not _tracking(p))
    try:
        out = canonicalize_url(urlunsplit((scheme, netloc, parts.path or "/", query, "")))
    except (ValueError, UnicodeError):
        return None
    return out if len(out) <= MAX_URL_LENGTH else None


def host_of(url: str) -> str:
    """The host (with a non-default port) that politeness delays and robots.txt are kept per."""
    return urlsplit(url).netloc.lower()


def domain_allowed(url: str, domains: list[str]) -> bool:
    """True when the URL's host is one of `domains` or a subdomain of one (ports ignored)."""
    host = (urlsplit(url).hostname or "").lower()
    for d in domains:
        d = d.lower().strip(".")
        if host == d or host.endswith("." + d):
            return True
    return False


class PathRule:
    """One allow/deny pattern: `re:` + a regular expression (searched), else a glob (matched).

    Both apply to the path with its query string, e.g. "/blog/*" or "re:^/\\d{4}/".
    """

    def __init__(self, pattern: str) -> None:
        self.pattern = pattern
        if pattern.startswith("re:"):
            self._regex = re.compile(pattern[3:])
        else:
            self._regex = re.compile(fnmatch.translate(pattern))
        self._search = pattern.startswith("re:")

    def matches(self, url: str) -> bool:
        parts = urlsplit(url)
        target = parts.path + (f"?{parts.query}" if parts.query else "")
        if self._search:
            return self._regex.search(target) is not None
        return self._regex.match(target) is not None or self._regex.match(parts.path) is not None
