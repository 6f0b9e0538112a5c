"""robots.txt (protego) and URL keys (w3lib) on percent-encoding, against a real server: a rule
written with non-ASCII characters blocks its encoded form, an encoded slash is fetched as
written (never decoded into another URL), and two spellings of one path are one page."""

from __future__ import annotations

import pytest

from bacaudit.crawl import load_job, run_crawl
from bacaudit.crawl.robots import parse_robots
from bacaudit.crawl.urls import normalize_url
from crawl_sites import Job, MiniSite, page


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("http://example.com/a%2Fb", "http://example.com/a%2Fb"),  # an encoded slash stays
        ("http://example.com/a%2fb", "http://example.com/a%2Fb"),  # escapes in upper case
        ("http://example.com/caf%c3%a9", "http://example.com/caf%C3%A9"),
        ("http://example.com/café", "http://example.com/caf%C3%A9"),  # raw UTF-8 is encoded
        ("http://example.com/p?q=a%2Fb&utm_source=x", "http://example.com/p?q=a%2Fb"),
        ("http://example.com/%7Euser/", "http://example.com/~user/"),  # unreserved decoded
    ],
)
def test_percent_encoding_keys(raw, expected):
    assert normalize_url(raw) == expected


def test_robots_rules_match_encoded_and_raw_spellings():
    rules = parse_robots("User-agent: *\nDisallow: /café/\nDisallow: /docs%2Fdrafts\n", "bacaudit")
    assert not rules.allowed("http://e.example/caf%C3%A9/menu.html")
    assert not rules.allowed("http://e.example/café/menu.html")
    assert not rules.allowed("http://e.example/docs%2Fdrafts")
    assert rules.allowed("http://e.example/docs/drafts")  # a real slash is another path
    assert rules.allowed("http://e.example/cafe/menu.html")


def test_robots_request_rate_and_sitemaps():
    text = "User-agent: *\nRequest-rate: 1/4\nCrawl-delay: 2\nSitemap: https://e.example/s.xml\n"
    rules = parse_robots(text, "bacaudit/1.0")
    assert rules.crawl_delay == 4.0  # the slower of Crawl-delay and Request-rate wins
    assert rules.sitemaps == ["https://e.example/s.xml"]


def test_crawl_honours_percent_encoding(tmp_path, auditor):
    links = (
        "/caf%C3%A9/menu.html",  # disallowed, written encoded
        "/café/hours.html",  # disallowed, written raw
        "/docs%2Fguide.html",  # an encoded slash: fetched exactly like this
        "/na%c3%afve.html",  # the same page as the raw spelling below
        "/naïve.html",
    )
    pages = {
        "/": page("Index", "Links to the notes of the week.", links=links),
        "/caf%C3%A9/menu.html": page("Menu", "This must never be fetched."),
        "/caf%C3%A9/hours.html": page("Hours", "This must never be fetched either."),
        "/docs%2Fguide.html": page("Guide", "The guide to the first week."),
        "/docs/guide.html": page("Wrong", "The decoded path is another page."),
        "/na%C3%AFve.html": page("Naive", "A first visit is often short."),
    }
    site = MiniSite(pages, robots="User-agent: *\nDisallow: /café/\n")
    try:
        job = load_job(Job(tmp_path).write(start_urls=[f"{site.base}/"]))
        outcome = run_crawl(job, auditor=auditor, log=lambda _: None)
    finally:
        site.stop()
    fetched = site.paths()
    assert not any(p.startswith("/caf") for p in fetched)
    assert "/docs%2Fguide.html" in fetched and "/docs/guide.html" not in fetched
    assert fetched.count("/na%C3%AFve.html") == 1
    assert outcome.counts["robots_excluded"] == 2
    assert outcome.counts["audited"] == 3
