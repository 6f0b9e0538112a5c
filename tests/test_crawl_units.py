"""The crawl's small parts: URL keys, robots.txt, sitemaps, the job file, politeness, the lock."""

from __future__ import annotations

import gzip
import os
import subprocess
import sys
from itertools import pairwise

import pytest

from bacaudit.crawl.job import FIELDS, JobError, load_job
from bacaudit.crawl.lock import CrawlLock, CrawlLocked
from bacaudit.crawl.robots import parse_robots
from bacaudit.crawl.scheduler import HostClock
from bacaudit.crawl.sitemap import SitemapError, parse_sitemap
from bacaudit.crawl.urls import PathRule, domain_allowed, normalize_url

# -- URL normalisation ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("HTTP://Example.COM:80/a#frag", "http://example.com/a"),
        ("https://example.com:443", "https://example.com/"),
        ("https://example.com:8443/x", "https://example.com:8443/x"),
        ("http://example.com/p?b=2&a=1", "http://example.com/p?a=1&b=2"),
        ("http://example.com/p?utm_source=x&id=3&fbclid=y&gclid=z", "http://example.com/p?id=3"),
        ("http://example.com/p?utm_medium=a", "http://example.com/p"),
        ("http://example.com/a%7eb", "http://example.com/a~b"),
        ("http://example.com/a b", "http://example.com/a%20b"),
        ("http://[::1]:8080/x", "http://[::1]:8080/x"),
    ],
)
def test_normalize_url(raw, expected):
    assert normalize_url(raw) == expected


@pytest.mark.parametrize(
    "raw", ["mailto:a@b.example", "javascript:void(0)", "ftp://x.example/", "", "http://"]
)
def test_normalize_rejects_non_http(raw):
    assert normalize_url(raw) is None


def test_normalize_resolves_relative_links():
    base = "http://example.com/blog/post.html"
    assert normalize_url("../about#team", base) == "http://example.com/about"
    assert normalize_url("next.html?utm_campaign=z", base) == "http://example.com/blog/next.html"


def test_domain_and_path_rules():
    assert domain_allowed("http://www.example.com/x", ["example.com"])
    assert domain_allowed("http://example.com:8080/x", ["example.com"])
    assert not domain_allowed("http://badexample.com/x", ["example.com"])
    assert PathRule("/blog/*").matches("http://example.com/blog/a/b")
    assert not PathRule("/blog/*").matches("http://example.com/about")
    assert PathRule(r"re:\?page=\d+").matches("http://example.com/blog?page=2")
    assert not PathRule(r"re:\?page=\d+").matches("http://example.com/blog?page=x")


# -- robots.txt -------------------------------------------------------------------------------

ROBOTS = """
# comment
User-agent: otherbot
Disallow: /

User-agent: *
Disallow: /private/
Disallow: /*.pdf$
Disallow: /search
Allow: /private/press/
Crawl-delay: 2.5

Sitemap: https://example.com/sitemap.xml
"""


def test_robots_star_group_longest_match_and_wildcards():
    r = parse_robots(ROBOTS, "bacaudit/0.1.0 (+https://example.org)")
    assert r.crawl_delay == 2.5
    assert r.sitemaps == ["https://example.com/sitemap.xml"]
    assert not r.allowed("https://example.com/private/notes.html")
    assert r.allowed("https://example.com/private/press/launch.html")  # longer Allow wins
    assert not r.allowed("https://example.com/files/report.pdf")
    assert r.allowed("https://example.com/files/report.pdf?download=1")  # `$` anchors the end
    assert not r.allowed("https://example.com/search?q=x")
    assert r.allowed("https://example.com/articles/x.html")


def test_robots_group_for_our_agent_wins_over_star():
    text = "User-agent: *\nDisallow: /\n\nUser-agent: BacAudit\nDisallow: /drafts/\n"
    r = parse_robots(text, "bacaudit/0.1.0")
    assert r.allowed("https://example.com/a") and not r.allowed("https://example.com/drafts/x")
    assert not parse_robots(text, "someone-else/1.0").allowed("https://example.com/a")


def test_robots_cache_statuses_and_bom():
    from bacaudit.crawl.robots import RobotsCache
    from bacaudit.ingest.http import FetchError, FetchResult

    def fake(status: int | None, body: bytes = b""):
        def fetch(url: str) -> FetchResult:
            if status != 200:
                raise FetchError(url, f"HTTP {status}", status=status)
            return FetchResult(url, url, 200, {}, body, "text/plain", None, None, None)

        return fetch

    page = "https://e.example/private/x"
    bom = b"\xef\xbb\xbfUser-agent: *\nDisallow: /private/\n"
    assert not RobotsCache(fake(200, bom), "bacaudit").for_url(page).allowed(page)
    assert RobotsCache(fake(404), "bacaudit").for_url(page).allowed(page)
    assert RobotsCache(fake(403), "bacaudit").for_url(page).allowed(page)
    blocked = RobotsCache(fake(503), "bacaudit").for_url(page)
    assert not blocked.allowed("https://e.example/") and "HTTP 503" in blocked.note
    unreachable = RobotsCache(fake(None), "bacaudit").for_url(page)
    assert not unreachable.allowed("https://e.example/")
    calls: list[str] = []

    def counting(url: str) -> FetchResult:
        calls.append(url)
        return FetchResult(url, url, 200, {}, b"", "text/plain", None, None, None)

    cache = RobotsCache(counting, "bacaudit")
    for path in ("/a", "/b", "/c"):
        cache.for_url("https://e.example" + path)
    cache.for_url("https://other.example/a")
    assert calls == ["https://e.example/robots.txt", "https://other.example/robots.txt"]


def test_robots_empty_disallow_allows_all():
    assert parse_robots("User-agent: *\nDisallow:\n", "bacaudit").allowed("https://e.example/x")


# -- sitemaps ---------------------------------------------------------------------------------

URLSET = b"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <url><loc> https://example.com/a </loc><lastmod>2026-01-01</lastmod></url>
  <url><loc>https://example.com/b</loc></url>
</urlset>"""


def test_sitemap_urlset_and_gzip():
    assert parse_sitemap(URLSET).pages == ["https://example.com/a", "https://example.com/b"]
    assert parse_sitemap(gzip.compress(URLSET)).pages == parse_sitemap(URLSET).pages


def test_sitemap_index():
    xml = b"""<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
      <sitemap><loc>https://example.com/s1.xml</loc></sitemap>
      <sitemap><loc>https://example.com/s2.xml.gz</loc></sitemap></sitemapindex>"""
    sm = parse_sitemap(xml)
    assert sm.children == ["https://example.com/s1.xml", "https://example.com/s2.xml.gz"]
    assert sm.pages == []


def test_sitemap_entities_are_not_expanded(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOPSECRET")
    xml = f"""<?xml version="1.0"?>
<!DOCTYPE urlset [<!ENTITY xxe SYSTEM "file://{secret}"><!ENTITY a "aaaaaaaaaa">]>
<urlset><url><loc>https://example.com/&xxe;&a;</loc></url></urlset>""".encode()
    pages = parse_sitemap(xml).pages
    assert all("TOPSECRET" not in p and "aaaaaaaaaa" not in p for p in pages)


def test_sitemap_garbage_is_an_error():
    with pytest.raises(SitemapError):
        parse_sitemap(b"\x1f\x8bnot really gzip")
    with pytest.raises(SitemapError):
        parse_sitemap(b"")


# -- job file ---------------------------------------------------------------------------------


def write(tmp_path, text: str):
    p = tmp_path / "nightly.toml"
    p.write_text(text, encoding="utf-8")
    return p


def test_job_file_defaults_and_relative_paths(tmp_path):
    job = load_job(
        write(
            tmp_path,
            'start_urls = ["https://Example.com/blog/?utm_source=x"]\ndb = "state/c.sqlite"\n'
            'deny = ["re:/tag/"]\n',
        )
    )
    assert job.name == "nightly"
    assert job.start_urls == ["https://example.com/blog/"]
    assert job.allowed_domains == ["example.com"]
    assert job.db == str(tmp_path / "state" / "c.sqlite")
    assert not job.path_allowed("https://example.com/tag/x") and job.path_allowed(
        "https://example.com/a"
    )
    assert job.allow_private is False and job.concurrency == 4


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('start_urls = ["https://e.example/"]\nmax_page = 3\n', "unknown key 'max_page'"),
        ('start_urls = ["https://e.example/"]\nmax_pages = 0\n', "max_pages must be"),
        ('start_urls = ["https://e.example/"]\nmax_pages = "ten"\n', "max_pages must be"),
        ('start_urls = ["https://e.example/"]\ndelay = -1\n', "delay must be"),
        ('start_urls = ["https://e.example/"]\nfail_on = "urgent"\n', "fail_on must be one of"),
        ('start_urls = ["https://e.example/"]\nconcurrency = 0\n', "concurrency must be a whole"),
        ('start_urls = ["https://e.example/"]\nallow_private = "yes"\n', "allow_private must be"),
        ('start_urls = ["ftp://e.example/"]\n', "not an http(s) URL"),
        ('start_urls = ["https://e.example/"]\ndeny = ["re:("]\n', "deny pattern"),
        ("max_pages = 3\n", "start_urls or sitemaps"),
        ("start_urls = [\n", "not valid TOML"),
    ],
)
def test_job_file_errors_name_file_and_key(tmp_path, text, message):
    path = write(tmp_path, text)
    with pytest.raises(JobError) as ei:
        load_job(path)
    line = str(ei.value)
    assert line.startswith(str(path)) and "\n" not in line
    assert message.split("(")[0] in line


def test_missing_job_file(tmp_path):
    with pytest.raises(JobError, match="job file not found"):
        load_job(tmp_path / "nope.toml")


def test_every_job_key_is_documented():
    from pathlib import Path

    doc = (Path(__file__).resolve().parents[1] / "docs" / "crawling.md").read_text()
    missing = [k for k in FIELDS if f"`{k}`" not in doc]
    assert not missing, f"keys missing from docs/crawling.md: {missing}"


# -- politeness -------------------------------------------------------------------------------


class FakeTime:
    def __init__(self) -> None:
        self.now = 100.0
        self.slept: list[float] = []

    def clock(self) -> float:
        return self.now

    def sleep(self, s: float) -> None:
        self.slept.append(s)
        self.now += s


def test_host_clock_spaces_requests_per_host_and_honours_crawl_delay():
    t = FakeTime()
    hc = HostClock(0.5, sleep=t.sleep, clock=t.clock)
    hc.before_request("http://a.example/1")
    hc.before_request("http://b.example/1")  # another host: no wait
    assert t.slept == []
    t.now += 0.1
    hc.before_request("http://a.example/2")
    assert t.slept == [pytest.approx(0.4)]
    hc.host_delays["a.example"] = 2.0  # Crawl-delay larger than the job's delay
    hc.before_request("http://a.example/3")
    assert t.slept[-1] == pytest.approx(2.0)
    starts = [s for h, s in hc.log if h == "a.example"]
    assert all(b - a >= 0.5 for a, b in pairwise(starts))


def test_pick_prefers_a_ready_host():
    t = FakeTime()
    hc = HostClock(5.0, sleep=t.sleep, clock=t.clock)
    hc.before_request("http://a.example/1")
    pending = [("http://a.example/2", 1), ("http://b.example/1", 1)]
    assert hc.pick(pending) == ("http://b.example/1", 1)
    assert hc.pick([]) is None


# -- the lock ---------------------------------------------------------------------------------


def test_lock_excludes_a_second_process(tmp_path):
    db = tmp_path / "c.sqlite"
    code = (
        "import sys\nfrom bacaudit.crawl.lock import CrawlLock, CrawlLocked\n"
        "try:\n    CrawlLock(sys.argv[1]).__enter__()\nexcept CrawlLocked as e:\n"
        "    print(e); sys.exit(3)\n"
    )
    with CrawlLock(db):
        proc = subprocess.run(
            [sys.executable, "-c", code, str(db)], capture_output=True, text=True, timeout=60
        )
        assert proc.returncode == 3
        assert f"another crawl of this job is running (pid {os.getpid()})" in proc.stdout
        with pytest.raises(CrawlLocked):  # a second holder in this process is refused too
            CrawlLock(db).__enter__()
    with CrawlLock(db):  # released on exit
        pass


def test_cli_flags_override_the_job_file(tmp_path, monkeypatch):
    from bacaudit.cli import main
    from bacaudit.crawl import runner

    seen = []

    def fake_run(job, **kw):
        seen.append(job)
        raise CrawlLocked("another crawl of this job is running (pid 42) on x", 42)

    monkeypatch.setattr(runner, "run_crawl", fake_run)
    path = write(tmp_path, 'start_urls = ["https://e.example/"]\nmax_pages = 50\ndelay = 3\n')
    assert main(["crawl", "--job", str(path), "--max-pages", "5", "--allow-private"]) == 3
    job = seen[0]
    assert (job.max_pages, job.delay, job.allow_private, job.name) == (5, 3.0, True, "nightly")
    assert (job.concurrency, job.jobs, job.proxy, job.max_pages_per_host) == (4, 1, None, 0)
    flags = ["--concurrency", "2", "--jobs", "3", "--max-pages-per-host", "7"]
    flags += ["--proxy", "http://proxy.example:3128"]
    assert main(["crawl", "--job", str(path), *flags]) == 3
    job = seen[1]
    assert (job.concurrency, job.jobs, job.max_pages_per_host) == (2, 3, 7)
    assert job.proxy == "http://proxy.example:3128"
    assert job.db == str(tmp_path / "crawl.sqlite")


def test_a_written_job_file_reads_back(tmp_path):
    from bacaudit.crawl.job import job_file_text, load_job

    values = {"name": "site", "start_urls": ["https://example.org/"], "max_pages": 7,
              "delay": 0.5, "allow_private": False, "db": str(tmp_path / "c.sqlite")}
    path = tmp_path / "job.toml"
    path.write_text(job_file_text(values), encoding="utf-8")
    job = load_job(path)
    assert (job.name, job.start_urls, job.max_pages, job.delay) == (
        "site", ["https://example.org/"], 7, 0.5)
    assert job.allow_private is False
