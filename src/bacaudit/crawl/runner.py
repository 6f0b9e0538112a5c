"""One crawl run: seed the frontier, fetch from several hosts at once, audit what changed (or
what a changed auditor has not seen), diff, report.

Threads fetch (one host each at a time, up to `concurrency` hosts at once, every host with its
own delay, robots.txt and retry budget); worker processes audit (`jobs`); the main thread alone
writes the database. Every page is committed in one transaction (frontier state, page, body,
fetch, audit, findings, host state and the links it adds), so a run killed at any instant
resumes with `bacaudit crawl` on the same job: pages already committed are not fetched again,
pages in flight are fetched and audited once, and each host keeps its retry budget and delay.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
import time
from collections import deque
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, ThreadPoolExecutor
from concurrent.futures import wait as wait_futures
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO
from urllib.parse import urljoin

import requests

from ..budget import time_budget
from ..errors import InputProblem, one_line
from ..ingest.http import (
    Fetcher,
    FetchError,
    FetchPolicy,
    FetchResult,
    proxy_warning,
    vetted_addresses,
)
from ..models import SEVERITY_RANK, InputError
from ..review.decisions import dismissed_in_db, hide_dismissed
from ..store import REQUESTED_STATES, PageRow, Store, url_host
from .boilerplate import flag_crawl_boilerplate, page_blocks
from .fingerprint import Fingerprint, changes
from .job import CrawlJob
from .lock import CrawlLock, CrawlLocked
from .robots import RobotsCache
from .scheduler import HostClock
from .sitemap import SitemapError, parse_sitemap
from .urls import domain_allowed, host_of, normalize_url

__all__ = ["CrawlLocked", "CrawlOutcome", "run_crawl"]

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE, EXIT_LOCKED = 0, 1, 2, 3
SITEMAP_TYPES = (
    "application/xml",
    "text/xml",
    "application/gzip",
    "application/x-gzip",
    "application/octet-stream",
    "text/plain",
    "text/html",
)
MAX_SITEMAPS = 50
MAX_SITEMAP_DEPTH = 3
MAX_LINKS_PER_PAGE = 2000  # links kept from one page; a page of endless links is a trap
MAX_CRAWL_DELAY = 60.0  # a longer robots.txt Crawl-delay is lowered to this, with a note
REQUEST_LOG = 100_000  # request start times kept for the outcome (politeness checks)


@dataclass
class CrawlOutcome:
    run_id: int
    exit_code: int
    resumed: bool
    counts: dict[str, Any]
    diff: dict[str, Any]
    out_dir: Path | None
    requests: list[tuple[str, float]] = field(default_factory=list)  # (host, monotonic start)


@dataclass
class _Task:
    """One page request handed to a fetch thread."""

    url: str
    depth: int
    host: str
    page: PageRow | None
    conditional: bool
    same_auditor: bool = True  # the page's last audit was made by this run's auditor


@dataclass
class _Fetched:
    """What a fetch thread brings back; the main thread decides and writes."""

    task: _Task
    kind: str  # page | error | robots
    reason: str = ""
    status: int | None = None
    seconds: float = 0.0
    result: FetchResult | None = None
    article: Any = None
    links: list[str] = field(default_factory=list)
    key: str = ""
    final: str = ""
    retries: int = 0
    from_body: bool = False  # re-audited from the stored body (a 304 to a changed auditor)
    unchanged: bool = False  # same text, key and auditor as last time: nothing audited
    audit: Any = None
    blocks: list = field(default_factory=list)


# -- audits in worker processes ---------------------------------------------------------------

_WORKER_AUDITOR: Any = None


def _links(article: Any, result: FetchResult) -> list[str]:
    """Links from the extracted article and from every <a href> of the raw page."""
    base = result.final_url
    hrefs = [ln.href for ln in getattr(article, "links", []) or []]
    try:
        import lxml.html

        root = lxml.html.document_fromstring(result.content)
        base_el = root.find(".//base[@href]")
        if base_el is not None:
            base = urljoin(base, base_el.get("href", ""))
        hrefs += [a.get("href", "") for a in root.iter("a")]
    except (ValueError, TypeError, Exception):  # unparsable markup: keep the article links
        pass
    out: dict[str, None] = {}
    for href in hrefs:
        norm = normalize_url(href, base=base)
        if norm is not None:
            out[norm] = None
            if len(out) >= MAX_LINKS_PER_PAGE:
                break
    return list(out)


def _work(
    job: CrawlJob, auditor: Any, f: _Fetched, result: FetchResult, from_body: bool
) -> _Fetched:
    """Extract, key and (unless the page is unchanged for the same auditor) audit one page.

    Runs in an audit worker process (or the main thread with jobs = 1): everything here is a
    pure function of the page and the auditor, so the main thread only decides and writes.
    """
    task, url = f.task, f.task.url
    out = _Fetched(task, "page", status=result.status, seconds=f.seconds, result=result)
    out.retries, out.from_body = f.retries, from_body
    try:
        from ..extract import extract

        document = result.to_document(url)
        article = extract(document)
    except InputProblem as exc:
        return _Fetched(task, "error", exc.reason, result.status, f.seconds, retries=f.retries)
    except Exception as exc:  # an odd page must not end the crawl
        reason = f"could not extract the page ({type(exc).__name__}: {exc})".splitlines()[0]
        return _Fetched(task, "error", reason, result.status, f.seconds, retries=f.retries)
    final = normalize_url(result.final_url) or url
    key = final
    canonical = normalize_url(article.canonical_url or "", base=result.final_url)
    if (
        canonical
        and host_of(canonical) == host_of(final)
        and domain_allowed(canonical, job.allowed_domains)
        and job.path_allowed(canonical)
    ):
        key = canonical
    out.article, out.key, out.final = article, key, final
    out.links = _links(article, result) if document.kind == "html" else []
    page = task.page
    if (
        page is not None
        and page.last_audit_id is not None
        and page.text_sha256 == article.text_sha256
        and page.canonical == key
        and task.same_auditor
    ):
        out.unchanged = True
        return out
    try:
        budget = getattr(getattr(auditor, "config", None), "article_timeout", None)
        with time_budget(budget, out.final or task.url):  # over it, the page fails; crawl goes on
            out.audit = auditor.audit_article(article)
        out.blocks = page_blocks(article, auditor)
    except Exception as exc:  # one bad page must not end a nightly crawl
        reason = f"audit failed ({type(exc).__name__}: {exc})".splitlines()[0]
        return _Fetched(task, "error", reason, 200, f.seconds, retries=f.retries)
    return out


def _work_in_worker(job: CrawlJob, f: _Fetched, result: FetchResult, from_body: bool) -> _Fetched:
    return _work(job, _WORKER_AUDITOR, f, result, from_body)


def _noop() -> None:
    return None


def _init_audit_worker(parent: int, inherited_fds: tuple[int, ...]) -> None:
    """A worker ends with the crawl that forked it, even when that is killed with SIGKILL, and
    lets go of the crawl's lock file: a resumed run must not find the lock held by orphans."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    for fd in inherited_fds:
        with contextlib.suppress(OSError):
            os.close(fd)
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):  # not Linux: the parent's shutdown ends the workers
        pass
    if os.getppid() != parent:  # the parent died before the line above took effect
        os._exit(1)


def _audit_pool(auditor: Any, jobs: int, inherited_fds: tuple[int, ...] = ()) -> Any:
    """Worker processes forked with the run's auditor (rules, reference set, pipeline), started
    before any fetch thread exists."""
    import multiprocessing

    from ..parallel import resolve_jobs

    n = resolve_jobs(jobs)
    if n <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        return None
    global _WORKER_AUDITOR
    _WORKER_AUDITOR = auditor
    pool = ProcessPoolExecutor(
        max_workers=n,
        mp_context=multiprocessing.get_context("fork"),
        initializer=_init_audit_worker,
        initargs=(os.getpid(), inherited_fds),
    )
    pool.submit(_noop).result()  # with fork, every worker starts on the first submit
    return pool


def _policy(job: CrawlJob, **over: Any) -> FetchPolicy:
    values: dict[str, Any] = {
        "timeout": job.timeout,
        "max_bytes": job.max_bytes,
        "max_redirects": job.max_redirects,
        "retries": job.retries,
        "backoff": job.backoff,
        "max_retry_after": job.max_retry_after,
        "allow_private": job.allow_private,
        "user_agent": job.user_agent,
        "proxy": job.proxy,
    }
    values.update(over)
    return FetchPolicy(**values)


class _Crawl:
    def __init__(
        self,
        job: CrawlJob,
        store: Store,
        auditor: Any,
        log: Callable[[str], None],
        sleep: Callable[[float], None],
        session: requests.Session | None,
    ) -> None:
        self.job = job
        self.store = store
        self.auditor = auditor
        self.log = log
        self.sleep = sleep
        self.session = session
        self.clock = HostClock(job.delay, sleep=sleep)
        self.fingerprint = Fingerprint(auditor)
        self._fetchers: dict[str, tuple[Fetcher, Fetcher]] = {}  # host -> (pages, aux)
        self._writes: deque[Callable[[], None]] = deque()  # queued by threads, run by main
        self._robots_rows: dict[str, tuple[str, str]] = {}
        self.robots = RobotsCache(
            self._fetch_robots,
            job.user_agent,
            recall=self._robots_rows.get,
            remember=self._remember_robots,
        )
        self.run_id = 0
        self._noted: set[str] = set()
        self._variants: dict[str, set[str]] | None = None  # path -> queries in the frontier
        self._capped: set[str] = set()
        # scheduling state (main thread only)
        self.pool: ProcessPoolExecutor | None = None
        self.inherited_fds: tuple[int, ...] = ()  # the lock's file, closed in audit workers
        self.requested = 0
        self.host_requested: dict[str, int] = {}
        self.host_retries: dict[str, int] = {}
        self.hosts_pending: set[str] = set()
        self.inflight: dict[str, str] = {}  # url -> host, fetched or being audited
        self.busy: set[str] = set()  # hosts with a fetch in flight

    def close(self) -> None:
        for pages, aux in self._fetchers.values():
            pages.close()
            aux.close()
        if self.pool is not None:
            self.pool.shutdown(wait=False, cancel_futures=True)

    # -- helpers ----------------------------------------------------------------------------

    def _fetchers_for(self, host: str) -> tuple[Fetcher, Fetcher]:
        """Each host has its own fetchers (keep-alive, retry count); made on the main thread."""
        pair = self._fetchers.get(host)
        if pair is None:
            job = self.job
            pages = Fetcher(_policy(job), session=self.session, sleep=self.sleep)
            pages.before_request = self._page_hop
            pages.after_request = self.clock.after_request
            aux = Fetcher(
                _policy(job, accept_types=SITEMAP_TYPES, max_bytes=max(job.max_bytes, 10_000_000)),
                session=self.session,
                sleep=self.sleep,
            )
            aux.before_request = self.clock.before_request
            aux.after_request = self.clock.after_request
            pair = self._fetchers[host] = (pages, aux)
        return pair

    def _flush(self) -> None:
        """Run the writes fetch threads queued (robots.txt answers and their fetch rows)."""
        if not self._writes:
            return
        with self.store.write():
            while self._writes:
                self._writes.popleft()()

    def _fetch_aux(self, url: str, kind: str) -> FetchResult:
        t0 = time.monotonic()
        host = host_of(url)
        aux = self._fetchers[host][1] if host in self._fetchers else None
        if aux is None:  # robots.txt of a redirect target, asked from a thread
            aux = Fetcher(
                _policy(self.job, accept_types=SITEMAP_TYPES),
                session=self.session,
                sleep=self.sleep,
            )
            aux.before_request = self.clock.before_request
            aux.after_request = self.clock.after_request
        run, store = self.run_id, self.store
        try:
            result = aux.fetch(url)
        except FetchError as exc:
            seconds = time.monotonic() - t0
            status, reason = exc.status, exc.reason
            self._writes.append(
                lambda: store.record_fetch(
                    run, kind, url, "error", status=status, error=reason, seconds=seconds
                )
            )
            raise
        seconds = time.monotonic() - t0
        self._writes.append(
            lambda: store.record_fetch(
                run,
                kind,
                url,
                "fetched",
                final_url=result.final_url,
                status=result.status,
                size=len(result.content),
                seconds=seconds,
            )
        )
        return result

    def _page_hop(self, url: str) -> None:
        """Every request for a page, redirect hops included: scope and robots, then the delay."""
        norm = normalize_url(url) or url
        if not domain_allowed(norm, self.job.allowed_domains):
            raise FetchError(url, f"redirected outside the allowed domains ({host_of(norm)})")
        if not self.robots_for(norm).allowed(norm):
            raise FetchError(url, "redirected to a URL that robots.txt disallows")
        self.clock.before_request(url)

    def _fetch_robots(self, url: str) -> FetchResult:
        return self._fetch_aux(url, "robots")

    def _remember_robots(self, origin: str, outcome: str, body: str) -> None:
        store, run = self.store, self.run_id
        self._writes.append(lambda: store.save_robots(run, origin, outcome, body))

    def robots_for(self, url: str):
        rules = self.robots.for_url(url)
        host = host_of(url)
        if rules.crawl_delay:
            delay = min(rules.crawl_delay, MAX_CRAWL_DELAY)
            if delay < rules.crawl_delay and f"delay {host}" not in self._noted:
                self._noted.add(f"delay {host}")
                self.log(
                    f"{host}: robots.txt Crawl-delay of {rules.crawl_delay:g} s "
                    f"lowered to {MAX_CRAWL_DELAY:g} s"
                )
            self.clock.host_delays[host] = delay
        if rules.note and host not in self._noted:
            self._noted.add(host)
            self.log(f"{host}: {rules.note}; nothing on this host is fetched in this run")
        return rules

    def in_scope(self, url: str) -> bool:
        return domain_allowed(url, self.job.allowed_domains) and self.job.path_allowed(url)

    # -- seeding ----------------------------------------------------------------------------

    def seed(self) -> None:
        job = self.job
        found: list[tuple[str, str]] = [(u, "start") for u in job.start_urls]
        queue: list[tuple[str, int, bool]] = [(u, 0, True) for u in job.sitemaps]
        if job.discover_sitemaps:
            for root in dict.fromkeys(
                f"{u.split('://', 1)[0]}://{host_of(u)}" for u in (*job.start_urls, *job.sitemaps)
            ):
                self._fetchers_for(host_of(root + "/"))
                for sm in self.robots_for(root + "/").sitemaps:
                    queue.append((sm, 0, True))
                queue.append((root + "/sitemap.xml", 0, False))
        seen: set[str] = set()
        fetched = 0
        while queue and fetched < MAX_SITEMAPS:
            raw, level, explicit = queue.pop(0)
            url = normalize_url(raw)
            if url is None or url in seen:
                continue
            seen.add(url)
            self._fetchers_for(host_of(url))
            if not domain_allowed(url, job.allowed_domains) or not self.robots_for(url).allowed(
                url
            ):
                continue
            fetched += 1
            try:
                sitemap = parse_sitemap(self._fetch_aux(url, "sitemap").content)
            except FetchError as exc:
                if explicit or exc.status not in (404, 410):
                    self.log(f"{url}: sitemap not read: {exc.reason}")
                continue
            except SitemapError as exc:
                self.log(f"{url}: sitemap not read: {exc}")
                continue
            found += [(p, "sitemap") for p in sitemap.pages]
            if level < MAX_SITEMAP_DEPTH:
                queue += [(c, level + 1, True) for c in sitemap.children]
        self._flush()
        with self.store.write():
            for raw, via in found:
                url = normalize_url(raw)
                if url and self.in_scope(url):
                    self.store.add_frontier(self.run_id, url, 0, via)
            self.store.mark_seeded(self.run_id)

    # -- the loop ---------------------------------------------------------------------------

    def restore(self) -> None:
        """Scheduling state from the database: a resumed run picks up where it stopped."""
        store, run = self.store, self.run_id
        for origin, outcome, body in store.conn.execute(
            "SELECT origin, outcome, body FROM robots WHERE run_id = ?", (run,)
        ):
            self._robots_rows[origin] = (outcome, body or "")
        self.host_requested = store.requested_by_host(run)
        self.requested = sum(self.host_requested.values())
        self.hosts_pending = set(store.pending_hosts(run))
        now_wall, now_mono = time.time(), time.monotonic()
        for host, row in store.hosts(run).items():
            self.host_retries[host] = int(row["retries_used"] or 0)
            if row["crawl_delay"]:
                self.clock.host_delays[host] = float(row["crawl_delay"])
            if row["last_request"]:
                self.clock.last[host] = now_mono - max(0.0, now_wall - float(row["last_request"]))

    def crawl(self) -> None:
        job = self.job
        self.restore()
        self.pool = _audit_pool(self.auditor, job.jobs, self.inherited_fds)
        fetching: dict[Future, _Task] = {}
        working: dict[Future, str] = {}
        with ThreadPoolExecutor(max_workers=job.concurrency) as threads:
            try:
                while True:
                    self._flush()
                    while len(fetching) < job.concurrency:
                        task = self._next_task()
                        if task is None:
                            break
                        self.busy.add(task.host)
                        self.inflight[task.url] = task.host
                        fetching[threads.submit(self._fetch_one, task)] = task
                    if not fetching and not working:
                        break
                    done, _ = wait_futures([*fetching, *working], return_when=FIRST_COMPLETED)
                    self._flush()
                    for fut in done:
                        if fut in fetching:
                            task = fetching.pop(fut)
                            self.busy.discard(task.host)
                            self._fetched(fut.result(), working)
                        else:
                            working.pop(fut)
                            self._apply(fut.result())
            except BaseException:
                for fut in fetching:
                    fut.cancel()
                raise
        self._flush()

    def _next_task(self) -> _Task | None:
        job = self.job
        if self.requested + len(self.inflight) >= job.max_pages:
            return None
        cap = job.max_pages_per_host
        order = sorted(
            self.hosts_pending - self.busy, key=lambda h: (self.clock.host_ready_at(h), h)
        )
        for host in order:
            busy_urls = [u for u, h in self.inflight.items() if h == host]
            if cap and self.host_requested.get(host, 0) + len(busy_urls) >= cap:
                if not busy_urls:
                    self.hosts_pending.discard(host)
                    self.log(f"{host}: max_pages_per_host ({cap}) reached for this run")
                continue
            rows = self.store.next_for_host(self.run_id, host, limit=len(busy_urls) + 1)
            rows = [r for r in rows if r[0] not in self.inflight]
            if not rows:
                if not busy_urls:
                    self.hosts_pending.discard(host)
                continue
            url, depth = rows[0]
            page = self.store.page(url)
            conditional, same_auditor = False, True
            if page is not None and page.last_audit_id is not None:
                same_auditor = self.store.audit_fp(page.last_audit_id) == self.fingerprint.fp
                # a changed auditor needs the page again: from the stored body after a 304,
                # or downloaded in full when no body was kept
                conditional = same_auditor or self.store.has_body(url)
            pages, _ = self._fetchers_for(host)
            used = self.host_retries.get(host, 0)
            pages.policy.retries = max(0, min(job.retries, job.host_retry_budget - used))
            return _Task(url, depth, host, page, conditional, same_auditor)
        return None

    # -- one page, in a fetch thread --------------------------------------------------------

    def _fetch_one(self, task: _Task) -> _Fetched:
        """Address, robots.txt and the download; no database access here."""
        url, page = task.url, task.page
        t0 = time.monotonic()
        try:  # a refused address is reported as such, not as a robots.txt problem
            vetted_addresses(url, self.job.allow_private, through_proxy=bool(self.job.proxy))
        except FetchError as exc:
            return _Fetched(task, "error", exc.reason)
        try:
            rules = self.robots_for(url)
            if not rules.allowed(url):
                return _Fetched(task, "robots", rules.note or "disallowed by robots.txt")
            pages, _ = self._fetchers[task.host]
            before = pages.retries_used
            try:
                result = pages.fetch(
                    url,
                    etag=page.etag if task.conditional and page else None,
                    last_modified=page.last_modified if task.conditional and page else None,
                )
            except FetchError as exc:
                return _Fetched(
                    task,
                    "error",
                    exc.reason,
                    exc.status,
                    time.monotonic() - t0,
                    retries=pages.retries_used - before,
                )
            return _Fetched(
                task,
                "page",
                status=result.status,
                seconds=time.monotonic() - t0,
                result=result,
                retries=pages.retries_used - before,
            )
        except Exception as exc:  # an odd page must not end the crawl
            reason = f"fetch failed ({type(exc).__name__}: {exc})".splitlines()[0]
            return _Fetched(task, "error", reason, None, time.monotonic() - t0)

    # -- one page, back on the main thread --------------------------------------------------

    def _fetched(self, f: _Fetched, working: dict[Future, str]) -> None:
        """A download is in: settle what needs no extraction, hand the rest to the auditors."""
        task = f.task
        url, page = task.url, task.page
        self.host_retries[task.host] = self.host_retries.get(task.host, 0) + f.retries
        if f.kind == "robots":
            with self.store.write():
                self.store.set_state(self.run_id, url, "robots", f.reason)
                self._save_host(task.host, counted=False)
            self._done(url, "robots")
            return
        if f.kind == "error":
            self._failed(url, page, f.reason, f.status, f.seconds)
            return
        result = f.result
        assert result is not None
        from_body = False
        if result.not_modified:
            if page is None or page.last_audit_id is None:
                # a 304 we did not ask for: nothing to carry, so fail it
                self._failed(url, page, "HTTP 304 without a previous copy", 304, f.seconds)
                return
            if task.same_auditor:
                f.unchanged = True
                self._unchanged(f, page, "not_modified")
                return
            body = self.store.body(url)
            if body is None:
                self._failed(url, page, "HTTP 304 and no stored body to re-audit", 304, f.seconds)
                return
            result = FetchResult(
                url=url,
                final_url=body["final_url"] or url,
                status=int(body["status"] or 200),
                headers={},
                content=body["content"],
                content_type=body["content_type"],
                encoding=body["encoding"],
                etag=result.etag or page.etag,
                last_modified=result.last_modified or page.last_modified,
            )
            from_body = True
        if self.pool is not None:
            working[self.pool.submit(_work_in_worker, self.job, f, result, from_body)] = url
        else:
            self._apply(_work(self.job, self.auditor, f, result, from_body))

    def _apply(self, f: _Fetched) -> None:
        """An extracted (and, if it changed, audited) page: commit it in one transaction."""
        task, store, run = f.task, self.store, self.run_id
        url, page = task.url, task.page
        if f.kind == "error":
            self._failed(url, page, f.reason, 304 if f.from_body else f.status, f.seconds)
            return
        key, result = f.key, f.result
        assert result is not None
        if store.audit_exists(run, key):  # the same page, already audited under another URL
            self._duplicate(f)
            return
        if f.unchanged and page is not None:
            page.etag, page.last_modified = result.etag, result.last_modified
            page.links = f.links
            self._unchanged(f, page, "fetched")
            return
        outcome = "not_modified" if f.from_body else "fetched"
        with store.write():
            _record_page_fetch(store, run, url, key, result, f.seconds, outcome)
            audit_id = store.record_audit(run, key, url, f.audit, self.fingerprint.fp)
            store.save_blocks(audit_id, run, key, f.blocks)
            store.save_page(_page_row(url, key, run, result, f.article, f.links, audit_id))
            self._keep_body(url, result, f.from_body)
            self._enqueue(f.links, task.depth + 1)
            for alias in {key, f.final} - {url}:
                store.mark_alias(run, alias, url, task.depth)
            store.set_state(run, url, "done")
            self._save_host(task.host)
        self._done(url, "done")

    def _keep_body(self, url: str, result: FetchResult, stored: bool) -> None:
        if self.job.body_retention_runs <= 0:
            return
        if stored:
            self.store.touch_body(self.run_id, url)
        else:
            self.store.save_body(self.run_id, url, result)

    def _duplicate(self, f: _Fetched) -> None:
        store, run, task = self.store, self.run_id, f.task
        url, key, result = task.url, f.key, f.result
        with store.write():
            _record_page_fetch(store, run, url, key, result, f.seconds)
            store.set_state(run, url, "duplicate", f"same page as {key}")
            # remembered with its validators, so the next run asks it conditionally
            store.save_page(
                _page_row(url, key, run, result, f.article, f.links, store.audit_id(run, key))
            )
            self._save_host(task.host)
        self._done(url, "duplicate")

    def _unchanged(self, f: _Fetched, page: PageRow, outcome: str) -> None:
        store, run, task = self.store, self.run_id, f.task
        url, depth, result = task.url, task.depth, f.result
        assert result is not None
        key = page.canonical or url
        with store.write():
            store.record_fetch(
                run,
                "page",
                url,
                outcome,
                page_key=key,
                final_url=result.final_url,
                status=result.status,
                size=len(result.content),
                seconds=f.seconds,
            )
            self._save_host(task.host)
            if store.audit_exists(run, key):
                store.set_state(run, url, "duplicate", f"same page as {key}")
                self._done(url, "duplicate")
                return
            assert page.last_audit_id is not None
            page.last_audit_id = store.carry_audit(run, page.last_audit_id, url)
            page.last_seen_run = run
            if result.status != 304:
                page.status = result.status
            store.save_page(page)
            self._keep_body(url, result, result.status == 304)
            self._enqueue(page.links, depth + 1)
            if key != url:
                store.mark_alias(run, key, url, depth)
            store.set_state(run, url, "done", "unchanged")
        self._done(url, "done")

    def _failed(
        self, url: str, page: PageRow | None, reason: str, status: int | None, seconds: float
    ) -> None:
        store, run = self.store, self.run_id
        key = page.canonical if page and page.canonical else url
        with store.write():
            store.record_fetch(
                run,
                "page",
                url,
                "error",
                page_key=key,
                status=status,
                error=reason,
                seconds=seconds,
            )
            if page is not None and status in (404, 410):
                page.status = status
                page.last_seen_run = run
                store.save_page(page)
            store.set_state(run, url, "error", reason)
            self._save_host(url_host(url))
        self._done(url, "error")
        self.log(f"{url}: {reason}")

    def _done(self, url: str, state: str) -> None:
        host = self.inflight.pop(url, url_host(url))
        if state in REQUESTED_STATES:
            self.requested += 1
            self.host_requested[host] = self.host_requested.get(host, 0) + 1

    def _save_host(self, host: str, counted: bool = True) -> None:
        """The host's state, in the transaction of the page that is about to count against it
        (`counted`), so the stored numbers always match the frontier."""
        last = self.clock.last.get(host)
        wall = time.time() - (time.monotonic() - last) if last is not None else None
        self.store.save_host(
            self.run_id,
            host,
            requested=self.host_requested.get(host, 0) + int(counted),
            retries_used=self.host_retries.get(host, 0),
            crawl_delay=self.clock.host_delays.get(host),
            last_request=wall,
        )

    def _enqueue(self, links: list[str], depth: int) -> None:
        if depth > self.job.max_depth:
            return
        for link in links[:MAX_LINKS_PER_PAGE]:
            if (
                self.in_scope(link)
                and self._query_variant_allowed(link)
                and self.store.add_frontier(self.run_id, link, depth, "link")
            ):
                self.hosts_pending.add(url_host(link))

    def _query_variant_allowed(self, url: str) -> bool:
        """At most `max_query_variants` distinct queries per path and run (calendar and
        faceted-search traps generate endless ?page=, ?date=, ?sort= variants)."""
        base, sep, query = url.partition("?")
        if not sep:
            return True
        if self._variants is None:
            self._variants = {}
            for known in self.store.frontier_urls(self.run_id, with_query=True):
                b, _, qs = known.partition("?")
                self._variants.setdefault(b, set()).add(qs)
        seen = self._variants.setdefault(base, set())
        if query in seen:
            return True
        if len(seen) >= self.job.max_query_variants:
            if base not in self._capped:
                self._capped.add(base)
                self.log(
                    f"{base}: more than {self.job.max_query_variants} query variants; "
                    "the rest are not crawled in this run"
                )
            return False
        seen.add(query)
        return True

    # -- the end of a run -------------------------------------------------------------------

    def diff(self, previous: int | None) -> dict[str, Any]:
        store, run = self.store, self.run_id
        cur = store.finding_keys(run)
        old = store.finding_keys(previous) if previous else {}
        now_shas = store.audit_shas(run)
        old_shas = store.audit_shas(previous) if previous else {}
        now_fps = store.audit_fps(run)
        old_fps = store.audit_fps(previous) if previous else {}
        # gone: 404/410 now, and not audited under another URL of the same page this run
        gone = sorted((store.gone_keys(run) & set(old_shas)) - set(now_shas))
        changed = sorted(u for u, sha in now_shas.items() if u in old_shas and old_shas[u] != sha)
        reaudited = sorted(
            u
            for u, sha in now_shas.items()
            if old_shas.get(u) == sha and now_fps.get(u) != old_fps.get(u)
        )
        explained: dict[tuple[str | None, str | None], list[str]] = {}

        def why(url: str) -> dict[str, Any]:
            if previous is None or url not in old_shas:
                return {"reason": "new page"}
            if old_shas[url] != now_shas.get(url):
                return {"reason": "page changed"}
            pair = (old_fps.get(url), now_fps.get(url))
            if pair[0] != pair[1]:
                if pair not in explained:
                    new_parts = store.fingerprint(pair[1]) or {}
                    explained[pair] = changes(store.fingerprint(pair[0]), new_parts)
                return {"reason": "auditor changed", "auditor_changes": explained[pair]}
            return {"reason": "other pages changed"}  # cross-page findings (template blocks)

        new = [dict(v, url=k[0], **why(k[0])) for k, v in cur.items() if k not in old]
        resolved = [
            dict(v, url=k[0], **why(k[0]))
            for k, v in old.items()
            if k not in cur and k[0] in now_shas
        ]
        prev_fp = store.run_auditor(previous) if previous else None
        return {
            "run_id": run,
            "previous_run_id": previous,
            "new": new,
            "resolved": resolved,
            "changed_pages": changed,
            "new_pages": sorted(set(now_shas) - set(old_shas)) if previous else [],
            "gone_pages": gone,
            "not_checked": sorted(set(old_shas) - set(now_shas) - set(gone)),
            "reaudited_pages": reaudited,
            "auditor": {
                "fingerprint": self.fingerprint.fp,
                "previous_fingerprint": prev_fp,
                "changes": changes(store.fingerprint(prev_fp), self.fingerprint.components)
                if previous and prev_fp != self.fingerprint.fp
                else [],
            },
        }


def _diff_text(diff: dict[str, Any]) -> str:
    prev = diff["previous_run_id"]
    lines = [
        f"run {diff['run_id']} compared with "
        + (f"run {prev}" if prev else "nothing (first run of this job)"),
        f"  new findings:      {len(diff['new'])}",
        f"  resolved findings: {len(diff['resolved'])}",
        f"  changed pages:     {len(diff['changed_pages'])}",
        f"  pages gone:        {len(diff['gone_pages'])}",
        f"  re-audited pages:  {len(diff.get('reaudited_pages', []))} (unchanged, auditor changed)",
    ]
    auditor = diff.get("auditor") or {}
    if auditor.get("changes"):
        lines.append(
            f"Auditor changed ({auditor.get('previous_fingerprint')} -> "
            f"{auditor.get('fingerprint')}): " + "; ".join(auditor["changes"])
        )
    for title, key in (("New", "new"), ("Resolved", "resolved")):
        if diff[key]:
            lines.append(f"{title}:")
            lines += [
                f"  {f['url']}  {f['rule']} {f['severity']}: {f['message']}  [{_reason(f)}]\n"
                f"      {_clip(f['text'])}"
                for f in diff[key]
            ]
    if diff["gone_pages"]:
        lines.append("Gone:")
        lines += [f"  {u}" for u in diff["gone_pages"]]
    return "\n".join(lines) + "\n"


def _reason(f: dict[str, Any]) -> str:
    reason = f.get("reason", "")
    if f.get("auditor_changes"):
        reason += ": " + "; ".join(f["auditor_changes"])
    return reason


def _clip(text: str, width: int = 100) -> str:
    one = " ".join(text.split())
    return f'"{one}"' if len(one) <= width else f'"{one[: width - 1]}…"'


def _write_reports(
    crawl: _Crawl,
    out_root: Path,
    diff: dict[str, Any],
    log: Callable[[str], None],
    dismissed: set[str] = frozenset(),
) -> Path:
    from ..report import write_report

    out_dir = out_root / f"run-{crawl.run_id:04d}"
    out_dir.mkdir(parents=True, exist_ok=True)
    results = crawl.store.results(crawl.run_id)
    hide_dismissed(results, dismissed)
    errors = [InputError(u, e) for u, e in crawl.store.errors(crawl.run_id)]
    refs = getattr(crawl.auditor, "refs", None)
    for fmt, target in (("json", "report.json"), ("csv", "report.csv"), ("html", "html")):
        try:
            write_report(fmt, results, errors, refs, str(out_dir / target))
        except Exception as exc:  # a reporter problem must not lose the run's state
            log(f"{out_dir / target}: the {fmt} report could not be written ({exc})")
    (out_dir / "diff.json").write_text(json.dumps(diff, indent=2) + "\n", encoding="utf-8")
    (out_dir / "diff.txt").write_text(_diff_text(diff), encoding="utf-8")
    latest = out_root / "latest"
    tmp = out_root / f".latest-{os.getpid()}"
    try:
        if tmp.is_symlink():
            tmp.unlink()
        tmp.symlink_to(out_dir.name)
        tmp.replace(latest)
    except OSError:
        pass
    return out_dir


def _stderr_log(stream: TextIO = sys.stderr) -> Callable[[str], None]:
    def log(line: str) -> None:
        print(f"bacaudit: {one_line(line)}", file=stream, flush=True)

    return log


def run_crawl(
    job: CrawlJob,
    *,
    auditor: Any = None,
    log: Callable[[str], None] | None = None,
    sleep: Callable[[float], None] = time.sleep,
    session: requests.Session | None = None,
) -> CrawlOutcome:
    """Run (or resume) the job's crawl to the end; raises CrawlLocked when one is running."""
    log = log or _stderr_log()
    with CrawlLock(job.db) as lock:
        if auditor is None:  # before a run is opened: a broken reference set starts nothing
            auditor = _build_auditor(job)
        fail_on = job.fail_on or getattr(getattr(auditor, "config", None), "fail_on", None)
        store = Store(job.db)
        try:
            run_id = store.unfinished_run(job.name)
            resumed = run_id is not None
            if run_id is None:
                run_id = store.start_run(job.name, job.to_dict())
            else:
                store.claim_run(run_id)
                log(f"resuming unfinished run {run_id} of job {job.name}")
            crawl = _Crawl(job, store, auditor, log, sleep, session)
            crawl.run_id = run_id
            crawl.inherited_fds = (lock.fd,) if lock.fd is not None else ()
            if job.proxy:
                log(proxy_warning(job.proxy))
            try:
                fp = crawl.fingerprint
                with store.write():
                    store.save_fingerprint(fp.fp, fp.components)
                    store.set_run_auditor(run_id, fp.fp)
                if not store.run_seeded(run_id):
                    crawl.seed()
                crawl.crawl()
                previous = store.previous_completed_run(job.name, run_id)
                with store.write():
                    store.close_frontier(run_id)
                    flag_crawl_boilerplate(store, run_id, previous, auditor)
                    store.prune_bodies(job.name, job.body_retention_runs)
                diff = crawl.diff(previous)
                counts = store.counts(run_id)
                dismissed = dismissed_in_db(store.conn)  # reviewers' decisions on this database
                counts["dismissed"] = _count_dismissed(store, run_id, dismissed)
                counts.update(
                    new=len(diff["new"]),
                    resolved=len(diff["resolved"]),
                    changed=len(diff["changed_pages"]),
                    gone=len(diff["gone_pages"]),
                )
                out_dir = _write_reports(crawl, Path(job.out), diff, log, dismissed)
                with store.write():
                    store.finish_run(run_id, counts, diff)
                exit_code = EXIT_OK
                fail_rank = SEVERITY_RANK[fail_on] if fail_on else None
                if fail_rank is not None and _worst_severity(store, run_id, dismissed) >= fail_rank:
                    exit_code = EXIT_FINDINGS
                return CrawlOutcome(
                    run_id, exit_code, resumed, counts, diff, out_dir, list(crawl.clock.log)
                )
            finally:
                crawl.close()
        finally:
            store.close()


def _worst_severity(store: Store, run_id: int, dismissed: set[str] = frozenset()) -> int:
    rows = store.conn.execute(
        "SELECT DISTINCT severity, fingerprint FROM findings WHERE run_id = ?", (run_id,)
    ).fetchall()
    return max(
        (SEVERITY_RANK.get(r[0], 0) for r in rows if r[1] not in dismissed), default=0
    )


def _count_dismissed(store: Store, run_id: int, dismissed: set[str]) -> int:
    if not dismissed:
        return 0
    rows = store.conn.execute("SELECT fingerprint FROM findings WHERE run_id = ?", (run_id,))
    return sum(1 for r in rows if r[0] in dismissed)


def _build_auditor(job: CrawlJob):
    from ..audit import Auditor
    from ..config import load_config
    from ..reference import load_reference_set

    config = load_config(job.config)
    if job.article_timeout is not None:
        config.article_timeout = job.article_timeout
    return Auditor(load_reference_set(job.refs), config)


def _record_page_fetch(
    store, run: int, url: str, key: str, result, seconds: float, outcome: str = "fetched"
) -> None:
    """The fetch-history row of a page that was downloaded (audited or a duplicate)."""
    store.record_fetch(
        run,
        "page",
        url,
        outcome,
        page_key=key,
        final_url=result.final_url,
        status=result.status,
        size=len(result.content),
        seconds=seconds,
    )


def _page_row(url, key, run, result, article, links, audit_id) -> PageRow:
    """What the next run needs of a downloaded page: its validators, text hash and audit."""
    return PageRow(
        url=url,
        canonical=key,
        etag=result.etag,
        last_modified=result.last_modified,
        text_sha256=article.text_sha256,
        status=result.status,
        last_seen_run=run,
        last_audit_id=audit_id,
        links=links,
    )
