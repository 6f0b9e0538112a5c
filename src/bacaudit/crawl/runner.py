"""One crawl run: seed the frontier, fetch politely, audit what changed, diff, report.

Every page is committed in one transaction (frontier state, page, fetch, audit, findings and
the links it adds), so a run killed at any instant resumes with `bacaudit crawl` on the same
job: pages already committed are not fetched again and the page that was in flight is fetched
and audited once.
"""

from __future__ import annotations

import json
import os
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO
from urllib.parse import urljoin

import requests

from ..errors import InputProblem, one_line
from ..ingest.http import Fetcher, FetchError, FetchPolicy, FetchResult, check_url_allowed
from ..models import SEVERITY_RANK, InputError
from ..store import PageRow, Store
from .boilerplate import flag_crawl_boilerplate, page_blocks
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


@dataclass
class CrawlOutcome:
    run_id: int
    exit_code: int
    resumed: bool
    counts: dict[str, Any]
    diff: dict[str, Any]
    out_dir: Path | None
    requests: list[tuple[str, float]] = field(default_factory=list)  # (host, monotonic start)


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
        self.clock = HostClock(job.delay, sleep=sleep)
        # Retries wait at least the per-host delay as well as the Fetcher's backoff.
        self.pages = Fetcher(_policy(job), session=session, sleep=sleep)
        self.pages.before_request = self._page_hop
        self.pages.after_request = self.clock.after_request
        self.aux = Fetcher(
            _policy(job, accept_types=SITEMAP_TYPES, max_bytes=max(job.max_bytes, 10_000_000)),
            session=session,
            sleep=sleep,
        )
        self.aux.before_request = self.clock.before_request
        self.aux.after_request = self.clock.after_request
        self.robots = RobotsCache(
            self._fetch_robots,
            job.user_agent,
            recall=lambda origin: self.store.robots(self.run_id, origin),
            remember=self._remember_robots,
        )
        self.run_id = 0
        self._noted: set[str] = set()
        self._variants: dict[str, set[str]] | None = None  # path -> queries in the frontier
        self._capped: set[str] = set()

    def close(self) -> None:
        self.pages.close()
        self.aux.close()

    # -- helpers ----------------------------------------------------------------------------

    def _fetch_aux(self, url: str, kind: str) -> FetchResult:
        t0 = time.monotonic()
        try:
            result = self.aux.fetch(url)
        except FetchError as exc:
            with self.store.write():
                self.store.record_fetch(
                    self.run_id,
                    kind,
                    url,
                    "error",
                    status=exc.status,
                    error=exc.reason,
                    seconds=time.monotonic() - t0,
                )
            raise
        with self.store.write():
            self.store.record_fetch(
                self.run_id,
                kind,
                url,
                "fetched",
                final_url=result.final_url,
                status=result.status,
                size=len(result.content),
                seconds=time.monotonic() - t0,
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
        with self.store.write():
            self.store.save_robots(self.run_id, origin, outcome, body)

    def robots_for(self, url: str):
        rules = self.robots.for_url(url)
        if rules.crawl_delay:
            delay = min(rules.crawl_delay, MAX_CRAWL_DELAY)
            if delay < rules.crawl_delay and f"delay {host_of(url)}" not in self._noted:
                self._noted.add(f"delay {host_of(url)}")
                self.log(
                    f"{host_of(url)}: robots.txt Crawl-delay of {rules.crawl_delay:g} s "
                    f"lowered to {MAX_CRAWL_DELAY:g} s"
                )
            self.clock.host_delays[host_of(url)] = delay
        if rules.note and host_of(url) not in self._noted:
            self._noted.add(host_of(url))
            self.log(f"{host_of(url)}: {rules.note}; nothing on this host is fetched in this run")
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
        with self.store.write():
            for raw, via in found:
                url = normalize_url(raw)
                if url and self.in_scope(url):
                    self.store.add_frontier(self.run_id, url, 0, via)
            self.store.mark_seeded(self.run_id)

    # -- one page ---------------------------------------------------------------------------

    def step(self) -> bool:
        """Process one pending URL; False when there is nothing left to do."""
        if self.store.requested_count(self.run_id) >= self.job.max_pages:
            return False
        nxt = self.clock.pick(self.store.pending(self.run_id))
        if nxt is None:
            return False
        url, depth = nxt
        try:  # a refused address is reported as such, not as a robots.txt problem
            check_url_allowed(url, self.job.allow_private)
        except FetchError as exc:
            self._failed(url, self.store.page(url), exc.reason, None, 0.0)
            return True
        rules = self.robots_for(url)
        if not rules.allowed(url):
            with self.store.write():
                reason = rules.note or "disallowed by robots.txt"
                self.store.set_state(self.run_id, url, "robots", reason)
            return True
        self.process(url, depth)
        return True

    def process(self, url: str, depth: int) -> None:
        store, run = self.store, self.run_id
        page = store.page(url)
        t0 = time.monotonic()
        cond = page is not None and page.last_audit_id is not None
        try:
            result = self.pages.fetch(
                url,
                etag=page.etag if cond and page else None,
                last_modified=page.last_modified if cond and page else None,
            )
        except FetchError as exc:
            self._failed(url, page, exc.reason, exc.status, time.monotonic() - t0)
            return
        seconds = time.monotonic() - t0
        if result.not_modified and page is not None and page.last_audit_id is not None:
            self._unchanged(url, depth, page, result, seconds, "not_modified")
            return
        if result.not_modified:  # a 304 we did not ask for: nothing to carry, so fail it
            self._failed(url, page, "HTTP 304 without a previous copy", 304, seconds)
            return
        try:
            from ..extract import extract

            article = extract(result.to_document(url))
        except InputProblem as exc:
            self._failed(url, page, exc.reason, result.status, seconds)
            return
        except Exception as exc:  # an odd page must not end the crawl
            reason = f"could not extract the page ({type(exc).__name__}: {exc})".splitlines()[0]
            self._failed(url, page, reason, result.status, seconds)
            return
        final = normalize_url(result.final_url) or url
        key = final
        canonical = normalize_url(article.canonical_url or "", base=result.final_url)
        if canonical and host_of(canonical) == host_of(final) and self.in_scope(canonical):
            key = canonical
        is_html = result.to_document(url).kind == "html"
        links = self._links(article, result) if is_html else []
        if key != url and store.audit_exists(run, key):
            with store.write():
                _record_page_fetch(store, run, url, key, result, seconds)
                store.set_state(run, url, "duplicate", f"same page as {key}")
                # remembered with its validators, so the next run asks it conditionally
                store.save_page(
                    _page_row(url, key, run, result, article, links, store.audit_id(run, key))
                )
            return
        if (
            page is not None
            and page.last_audit_id is not None
            and page.text_sha256 == article.text_sha256
            and page.canonical == key
        ):
            page.etag, page.last_modified = result.etag, result.last_modified
            page.links = links
            self._unchanged(url, depth, page, result, seconds, "fetched")
            return
        try:
            audit = self.auditor.audit_article(article)
            blocks = page_blocks(article, self.auditor)
        except Exception as exc:  # one bad page must not end a nightly crawl
            reason = f"audit failed ({type(exc).__name__}: {exc})".splitlines()[0]
            self._failed(url, page, reason, 200, seconds)
            return
        with store.write():
            _record_page_fetch(store, run, url, key, result, seconds)
            audit_id = store.record_audit(run, key, url, audit)
            store.save_blocks(audit_id, run, key, blocks)
            store.save_page(_page_row(url, key, run, result, article, links, audit_id))
            self._enqueue(links, depth + 1)
            for alias in {key, final} - {url}:
                store.mark_alias(run, alias, url, depth)
            store.set_state(run, url, "done")

    def _unchanged(
        self, url: str, depth: int, page: PageRow, result: FetchResult, seconds: float, outcome: str
    ) -> None:
        store, run = self.store, self.run_id
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
                seconds=seconds,
            )
            if store.audit_exists(run, key):
                store.set_state(run, url, "duplicate", f"same page as {key}")
                return
            assert page.last_audit_id is not None
            page.last_audit_id = store.carry_audit(run, page.last_audit_id, url)
            page.last_seen_run = run
            if result.status != 304:
                page.status = result.status
            store.save_page(page)
            self._enqueue(page.links, depth + 1)
            if key != url:
                store.mark_alias(run, key, url, depth)
            store.set_state(run, url, "done", "unchanged")

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
        self.log(f"{url}: {reason}")

    def _enqueue(self, links: list[str], depth: int) -> None:
        if depth > self.job.max_depth:
            return
        for link in links[:MAX_LINKS_PER_PAGE]:
            if self.in_scope(link) and self._query_variant_allowed(link):
                self.store.add_frontier(self.run_id, link, depth, "link")

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

    def _links(self, article: Any, result: FetchResult) -> list[str]:
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

    # -- the end of a run -------------------------------------------------------------------

    def diff(self, previous: int | None) -> dict[str, Any]:
        store, run = self.store, self.run_id
        cur = store.finding_keys(run)
        old = store.finding_keys(previous) if previous else {}
        now_shas = store.audit_shas(run)
        old_shas = store.audit_shas(previous) if previous else {}
        # gone: 404/410 now, and not audited under another URL of the same page this run
        gone = sorted((store.gone_keys(run) & set(old_shas)) - set(now_shas))
        new = [dict(v, url=k[0]) for k, v in cur.items() if k not in old]
        resolved = [dict(v, url=k[0]) for k, v in old.items() if k not in cur and k[0] in now_shas]
        changed = sorted(u for u, sha in now_shas.items() if u in old_shas and old_shas[u] != sha)
        return {
            "run_id": run,
            "previous_run_id": previous,
            "new": new,
            "resolved": resolved,
            "changed_pages": changed,
            "new_pages": sorted(set(now_shas) - set(old_shas)) if previous else [],
            "gone_pages": gone,
            "not_checked": sorted(set(old_shas) - set(now_shas) - set(gone)),
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
    ]
    for title, key in (("New", "new"), ("Resolved", "resolved")):
        if diff[key]:
            lines.append(f"{title}:")
            lines += [
                f"  {f['url']}  {f['rule']} {f['severity']}: {f['message']}\n"
                f"      {_clip(f['text'])}"
                for f in diff[key]
            ]
    if diff["gone_pages"]:
        lines.append("Gone:")
        lines += [f"  {u}" for u in diff["gone_pages"]]
    return "\n".join(lines) + "\n"


def _clip(text: str, width: int = 100) -> str:
    one = " ".join(text.split())
    return f'"{one}"' if len(one) <= width else f'"{one[: width - 1]}…"'


def _write_reports(
    crawl: _Crawl, out_root: Path, diff: dict[str, Any], log: Callable[[str], None]
) -> Path:
    from ..report import write_report

    out_dir = out_root / f"run-{crawl.run_id:04d}"
    out_dir.mkdir(parents=True, exist_ok=True)
    results = crawl.store.results(crawl.run_id)
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
    with CrawlLock(job.db):
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
            try:
                if not store.run_seeded(run_id):
                    crawl.seed()
                while crawl.step():
                    pass
                previous = store.previous_completed_run(job.name, run_id)
                with store.write():
                    store.close_frontier(run_id)
                    flag_crawl_boilerplate(store, run_id, previous, auditor)
                diff = crawl.diff(previous)
                counts = store.counts(run_id)
                counts.update(
                    new=len(diff["new"]),
                    resolved=len(diff["resolved"]),
                    changed=len(diff["changed_pages"]),
                    gone=len(diff["gone_pages"]),
                )
                out_dir = _write_reports(crawl, Path(job.out), diff, log)
                with store.write():
                    store.finish_run(run_id, counts, diff)
                exit_code = EXIT_OK
                fail_rank = SEVERITY_RANK[fail_on] if fail_on else None
                if fail_rank is not None and _worst_severity(store, run_id) >= fail_rank:
                    exit_code = EXIT_FINDINGS
                return CrawlOutcome(
                    run_id, exit_code, resumed, counts, diff, out_dir, list(crawl.clock.log)
                )
            finally:
                crawl.close()
        finally:
            store.close()


def _worst_severity(store: Store, run_id: int) -> int:
    rows = store.conn.execute(
        "SELECT DISTINCT severity FROM findings WHERE run_id = ?", (run_id,)
    ).fetchall()
    return max((SEVERITY_RANK.get(r[0], 0) for r in rows), default=0)


def _build_auditor(job: CrawlJob):
    from ..audit import Auditor
    from ..config import load_config
    from ..reference import load_reference_set

    return Auditor(load_reference_set(job.refs), load_config(job.config))


def _record_page_fetch(store, run: int, url: str, key: str, result, seconds: float) -> None:
    """The fetch-history row of a page that was downloaded (audited or a duplicate)."""
    store.record_fetch(
        run,
        "page",
        url,
        "fetched",
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
