"""`bacaudit crawl`: run or resume a crawl job (see docs/crawling.md).

Exit codes: 0 done, 1 findings reached --fail-on, 2 bad usage or job file, 3 another crawl of
the same job (database) is running.
"""

from __future__ import annotations

import sys


def add_parser(sub) -> None:
    p = sub.add_parser(
        "crawl",
        help="crawl a site (job file or URLs), audit what changed, keep history in SQLite",
        description="Crawl a site politely, audit new and changed pages, and write reports and "
        "a diff against the previous run. Use --job FILE, or URLs with --db and --out.",
    )
    p.add_argument("urls", nargs="*", metavar="URL", help="start URLs (without --job)")
    p.add_argument("--job", help="TOML job file (see docs/crawling.md)")
    p.add_argument("--db", help="SQLite database with the crawl state and history")
    p.add_argument("--out", help="folder for the reports of each run")
    p.add_argument("--max-pages", type=int, help="stop after this many page requests")
    p.add_argument("--max-depth", type=int, help="follow links at most this deep")
    p.add_argument("--delay", type=float, help="seconds between requests to one host")
    p.add_argument("--timeout", type=float, help="seconds per request")
    p.add_argument("--retries", type=int, help="retries on 429/5xx and connection errors")
    p.add_argument("--backoff", type=float, help="base seconds between retries (doubling)")
    p.add_argument(
        "--concurrency", type=int, help="hosts fetched from at once (default 4; one request each)"
    )
    p.add_argument("--max-pages-per-host", type=int, help="page requests per host and run")
    p.add_argument("--jobs", type=int, help="audit worker processes (default 1; 0: one per CPU)")
    p.add_argument(
        "--proxy",
        metavar="URL",
        help="fetch through this proxy (environment proxy variables are ignored without it)",
    )
    p.add_argument("--sitemap", action="append", dest="sitemaps", help="a sitemap URL (repeat)")
    p.add_argument(
        "--allow-private",
        action="store_true",
        default=None,
        help="allow private and loopback addresses",
    )
    p.add_argument("--fail-on", choices=("low", "medium", "high"))
    p.add_argument("--refs", help="reference set folder")
    p.add_argument("--config", help="bacaudit.toml or pyproject.toml to read settings from")
    p.set_defaults(func=run)


FLAG_KEYS = {
    "max_pages": "max_pages",
    "max_depth": "max_depth",
    "delay": "delay",
    "timeout": "timeout",
    "retries": "retries",
    "backoff": "backoff",
    "allow_private": "allow_private",
    "concurrency": "concurrency",
    "max_pages_per_host": "max_pages_per_host",
    "jobs": "jobs",
    "proxy": "proxy",
    "fail_on": "fail_on",
    "refs": "refs",
    "config": "config",
    "db": "db",
    "out": "out",
}


def run(args) -> int:
    from dataclasses import asdict

    from ..crawl.job import JobError, build_job, load_job
    from ..crawl.runner import EXIT_LOCKED, EXIT_USAGE, CrawlLocked, run_crawl
    from ..errors import BacauditError

    overrides = {key: getattr(args, attr) for attr, key in FLAG_KEYS.items()}
    overrides = {k: v for k, v in overrides.items() if v is not None}
    try:
        if args.job:
            job = load_job(args.job)
            if args.urls or args.sitemaps:
                raise JobError("give start URLs in the job file or on the command line, not both")
            if overrides:
                values = {k: v for k, v in asdict(job).items() if k != "origin"}
                values.update(overrides)
                job = build_job(values, f"{job.origin} (with flags)")
        else:
            if not args.urls and not args.sitemaps:
                raise JobError("crawl needs --job FILE or at least one URL")
            if not args.db or not args.out:
                raise JobError("crawl with URLs needs --db PATH and --out DIR")
            job = build_job(
                {"start_urls": args.urls, "sitemaps": args.sitemaps or [], **overrides}, "flags"
            )
    except BacauditError as exc:
        print(f"bacaudit: {exc}", file=sys.stderr)
        return EXIT_USAGE
    try:
        outcome = run_crawl(job)
    except CrawlLocked as exc:
        print(f"bacaudit: {exc}", file=sys.stderr)
        return EXIT_LOCKED
    c = outcome.counts
    print(
        f"run {outcome.run_id}{' (resumed)' if outcome.resumed else ''}: "
        f"{c['pages_fetched']} fetched, {c['not_modified']} not modified, {c['audited']} audited, "
        f"{c['findings']} findings ({c['new']} new, {c['resolved']} resolved, "
        f"{c.get('dismissed', 0)} dismissed), "
        f"{c['gone']} gone, {c['errors']} errors; reports in {outcome.out_dir}",
        file=sys.stderr,
    )
    return outcome.exit_code
