"""robots.txt through `protego` (Scrapy's parser): RFC 9309 groups and longest match, `*`
and `$`, percent-encoding (a rule written with non-ASCII characters also blocks its encoded
form), Crawl-delay, Request-rate and Sitemap lines.

Fetched once per host per run, and kept in the crawl database for the run (`remember` and
`recall`) so a resumed run does not ask again. A 4xx robots.txt means no rules (allow all); a
5xx or an unreachable host means the site is not ready for crawling, so nothing on it is
fetched in this run (disallow all), as the large search engines do.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from protego import Protego

from ..ingest.http import FetchError, FetchResult

MAX_ROBOTS_BYTES = 500_000  # RFC 9309 asks crawlers to read at least 500 KiB


@dataclass
class RobotsRules:
    """What one host's robots.txt says for our user agent."""

    parser: Protego | None = None
    agent: str = "*"
    crawl_delay: float | None = None  # the larger of Crawl-delay and Request-rate's interval
    sitemaps: list[str] = field(default_factory=list)
    disallow_all: bool = False
    note: str = ""  # why the whole host is off limits, for the run log

    def allowed(self, url: str) -> bool:
        if self.disallow_all:
            return False
        if self.parser is None:
            return True
        return bool(self.parser.can_fetch(url, self.agent))


def agent_token(agent: str) -> str:
    """The product token robots.txt groups are matched against ("bacaudit")."""
    return agent.split("/", 1)[0].strip().lower() or "*"


def parse_robots(text: str, agent: str) -> RobotsRules:
    """Rules of the group naming `agent` (its product token), else of the `*` group."""
    token = agent_token(agent)
    parser = Protego.parse(text)
    delays = []
    delay = parser.crawl_delay(token)
    if delay is not None:
        delays.append(float(delay))
    rate = parser.request_rate(token)
    if rate is not None and rate.requests:
        delays.append(rate.seconds / rate.requests)
    return RobotsRules(
        parser=parser,
        agent=token,
        crawl_delay=max(delays) if delays else None,
        sitemaps=list(parser.sitemaps),
    )


def origin_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme.lower()}://{parts.netloc.lower()}"


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
        self._locks: dict[str, threading.Lock] = {}
        self._guard = threading.Lock()

    def known(self, url: str) -> bool:
        return origin_of(url) in self._hosts

    def for_url(self, url: str) -> RobotsRules:
        """The rules for the URL's origin, fetched once (even from several threads)."""
        key = origin_of(url)
        rules = self._hosts.get(key)
        if rules is not None:
            return rules
        with self._guard:
            lock = self._locks.setdefault(key, threading.Lock())
        with lock:
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
