"""Politeness: one request at a time per host (several hosts may be asked at once), spaced by
the larger of the job's delay and the host's robots.txt Crawl-delay, counted from the end of
the previous response from that host (so a slow server gets more room, never less)."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

from .urls import host_of


@dataclass
class HostClock:
    delay: float
    sleep: Callable[[float], None] = time.sleep
    clock: Callable[[], float] = time.monotonic
    host_delays: dict[str, float] = field(default_factory=dict)  # robots Crawl-delay per host
    last: dict[str, float] = field(default_factory=dict)
    log: list[tuple[str, float]] = field(default_factory=list)  # (host, start time) per request

    def delay_for(self, host: str) -> float:
        return max(self.delay, self.host_delays.get(host, 0.0))

    def ready_at(self, url: str) -> float:
        return self.host_ready_at(host_of(url))

    def host_ready_at(self, host: str) -> float:
        """When `host` may be asked again (0: now; it has not been asked yet)."""
        if host not in self.last:
            return 0.0
        return self.last[host] + self.delay_for(host)

    def before_request(self, url: str) -> None:
        """Wait until the host may be asked again, then note the request."""
        host = host_of(url)
        wait = self.ready_at(url) - self.clock()
        if wait > 0:
            self.sleep(wait)
        now = self.clock()
        self.last[host] = now
        self.log.append((host, now))

    def after_request(self, url: str) -> None:
        """The response is in: the delay counts from now."""
        self.last[host_of(url)] = self.clock()

    def pick(self, candidates: list[tuple[str, int]]) -> tuple[str, int] | None:
        """The first candidate whose host is ready soonest (discovery order breaks ties)."""
        best: tuple[float, int] | None = None
        for i, (url, _) in enumerate(candidates):
            key = (self.ready_at(url), i)
            if best is None or key < best:
                best = key
        return candidates[best[1]] if best is not None else None
