"""robots.txt, read as RFC 9309 says: groups per user agent, longest match wins, `*` and `$`.

Fetched once per host per run, and kept in the crawl database for the run (`remember` and
`recall`) so a resumed run does not ask again. A 4xx robots.txt means no rules (allow all); a
5xx or an unreachable host means the site is not ready for crawling, so nothing on it is
fetched in this run (disallow all), as the large search engines do.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from ..ingest.http import FetchError, FetchResult

MAX_ROBOTS_BYTES = 500_000  # RFC 9309 asks crawlers to read at least 500 KiB


@dataclass
class RobotsRules:
    """What one host's robots.txt says for our user agent."""

    rules: list[tuple[bool, str, re.Pattern[str]]] = field(default_factory=list)  # allow?, raw
    crawl_delay: float | None = None
    sitemaps: list[str] = field(default_factory=list)
    disallow_all: bool = False
    note: str = ""  # why the whole host is off limits, for the run log

    def allowed(self, url: str) -> bool:
        if self.disallow_all:
            return False
        parts = urlsplit(url)
        target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        best: tuple[int, bool] | None = None
        for allow, raw, regex in self.rules:
            if regex.match(target):
                key = (len(raw), allow)  # longest pattern wins; on a tie, allow wins
                if best is None or key > best:
                    best = key
        return True if best is None else best[1]


def _pattern(raw: str) -> re.Pattern[str]:
    anchored = raw.endswith("$")
    body = raw[:-1] if anchored else raw
    regex = ".*".join(re.escape(part) for part in body.split("*"))
    return re.compile(regex + ("$" if anchored else ""))


def parse_robots(text: str, agent: str) -> RobotsRules:
    """Rules of the group naming `agent` (its product token), else of the `*` group."""
    token = agent.split("/", 1)[0].strip().lower()
    groups: list[tuple[set[str], list[tuple[str, str]]]] = []
    sitemaps: list[str] = []
    current: tuple[set[str], list[tuple[str, str]]] | None = None
    last_was_agent = False
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if ":" not in line:
            continue
        key, _, value = line.partition(":")
        key, value = key.strip().lower(), value.strip()
        if key == "sitemap":
            if value:
                sitemaps.append(value)
            continue
        if key == "user-agent":
            if current is None or not last_was_agent:
                current = (set(), [])
                groups.append(current)
            current[0].add(value.lower())
            last_was_agent = True
            continue
        last_was_agent = False
        if current is not None and key in ("allow", "disallow", "crawl-delay"):
            current[1].append((key, value))
    chosen = [g for g in groups if token and token in g[0]] or [g for g in groups if "*" in g[0]]
    out = RobotsRules(sitemaps=sitemaps)
    for _, lines in chosen:
        for key, value in lines:
            if key == "crawl-delay":
                with contextlib.suppress(ValueError):
                    out.crawl_delay = max(out.crawl_delay or 0.0, float(value))
            elif value:  # an empty Disallow allows everything: no rule needed
                out.rules.append((key == "allow", value, _pattern(value)))
    return out


class RobotsCache:
    """robots.txt per host for one run; `fetch` is the crawler's polite fetch.

    `recall(origin)` and `remember(origin, outcome, body)` keep the answers beyond this
    process (the crawl database), so a run resumed after a kill reads them instead of asking
    the host again. `outcome` is "rules" (body: the robots.txt text), "none" (a 4xx: no rules)
    or "unavailable" (body: why).
    """

    def __init__(
        self,
        fetch: Callable[[str], FetchResult],
        agent: str,
        *,
        recall: Callable[[str], tuple[str, str] | None] | None = None,
        remember: Callable[[str, str, str], None] | None = None,
    ) -> None:
        self._fetch = fetch
        self.agent = agent
        self._recall = recall
        self._remember = remember
        self._hosts: dict[str, RobotsRules] = {}

    def for_url(self, url: str) -> RobotsRules:
        parts = urlsplit(url)
        key = f"{parts.scheme.lower()}://{parts.netloc.lower()}"
        if key not in self._hosts:
            stored = self._recall(key) if self._recall else None
            if stored is None:
                stored = self._load(f"{key}/robots.txt")
                if self._remember:
                    self._remember(key, *stored)
            self._hosts[key] = self._rules(*stored)
        return self._hosts[key]

    def _load(self, robots_url: str) -> tuple[str, str]:
        try:
            result = self._fetch(robots_url)
        except FetchError as exc:
            if exc.status is not None and 400 <= exc.status < 500:
                return "none", ""
            return "unavailable", exc.reason
        return "rules", result.content[:MAX_ROBOTS_BYTES].decode("utf-8-sig", errors="replace")

    def _rules(self, outcome: str, body: str) -> RobotsRules:
        if outcome == "none":
            return RobotsRules()
        if outcome == "unavailable":
            return RobotsRules(disallow_all=True, note=f"robots.txt unavailable ({body})")
        return parse_robots(body, self.agent)
