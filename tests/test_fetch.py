"""The HTTP fetcher against a real server on 127.0.0.1: every failure mode ends in one line."""

from __future__ import annotations

import gzip
import time

import pytest
from werkzeug import Request, Response

from bacaudit import USER_AGENT
from bacaudit.ingest import http as fetch_mod
from bacaudit.ingest.http import Fetcher, FetchError, FetchPolicy, check_url_allowed

PAGE = b"<html><head><title>T</title></head><body><p>Hello there.</p></body></html>"


class Sleeps(list):
    """An injected `sleep` that records what it was asked to wait."""

    def __call__(self, seconds: float) -> None:
        self.append(seconds)


def make(retries: int = 3, timeout: float = 5.0, **kw) -> tuple[Fetcher, Sleeps]:
    sleeps = Sleeps()
    policy = FetchPolicy(allow_private=True, retries=retries, timeout=timeout, backoff=0.01, **kw)
    return Fetcher(policy, sleep=sleeps), sleeps


def test_ok_page_and_metadata(httpserver):
    httpserver.expect_request("/a").respond_with_data(
        PAGE,
        content_type="text/html; charset=ISO-8859-1",
        headers={"ETag": '"v1"', "Last-Modified": "Sat, 21 Nov 2026 10:00:00 GMT"},
    )
    f, _ = make()
    r = f.fetch(httpserver.url_for("/a"))
    assert r.status == 200 and r.content == PAGE
    assert r.content_type == "text/html" and r.encoding == "iso-8859-1"
    assert r.etag == '"v1"' and r.last_modified.startswith("Sat, 21 Nov")
    assert r.headers["content-type"].startswith("text/html")
    assert r.fetched_at.endswith("Z") and not r.not_modified
    doc = r.to_document("given")
    assert (
        doc.kind == "html"
        and doc.url == r.final_url
        and doc.source == "given"
        and doc.status == 200
    )
    req, _ = httpserver.log[0]
    assert req.headers["User-Agent"] == USER_AGENT
    assert "bacaudit/" in USER_AGENT


def test_plain_text_becomes_text_document(httpserver):
    httpserver.expect_request("/t.txt").respond_with_data("just words", content_type="text/plain")
    f, _ = make()
    assert f.fetch(httpserver.url_for("/t.txt")).to_document("x").kind == "text"


def test_missing_content_type_is_sniffed(httpserver):
    httpserver.expect_request("/bare").respond_with_data(b"\n<!DOCTYPE html><p>x</p>")
    httpserver.expect_request("/bare.txt").respond_with_data(b"Just a note.")
    f, _ = make()
    for path, kind in (("/bare", "html"), ("/bare.txt", "text")):
        r = f.fetch(httpserver.url_for(path))
        r.content_type = None  # the test server adds a default type; this is the no-header case
        assert r.to_document(path).kind == kind


def test_404_names_status(httpserver):
    httpserver.expect_request("/missing").respond_with_data("no", status=404)
    f, sleeps = make()
    with pytest.raises(FetchError) as ei:
        f.fetch(httpserver.url_for("/missing"))
    assert ei.value.reason == "HTTP 404 Not Found" and ei.value.status == 404
    assert sleeps == []  # a 404 is not retried
    assert str(ei.value).startswith(httpserver.url_for("/missing"))


def test_500_then_200_is_retried(httpserver):
    httpserver.expect_ordered_request("/flaky").respond_with_data("boom", status=500)
    httpserver.expect_ordered_request("/flaky").respond_with_data(PAGE, content_type="text/html")
    f, sleeps = make()
    assert f.fetch(httpserver.url_for("/flaky")).content == PAGE
    assert len(sleeps) == 1 and 0.01 <= sleeps[0] < 0.05


def test_500_gives_up_after_retries_with_doubling_backoff(httpserver):
    httpserver.expect_request("/down").respond_with_data("boom", status=500)
    f, sleeps = make(retries=3)
    with pytest.raises(FetchError) as ei:
        f.fetch(httpserver.url_for("/down"))
    assert (
        ei.value.reason == "HTTP 500 Internal Server Error after 3 retries"
        and ei.value.status == 500
    )
    assert len(httpserver.log) == 4
    assert len(sleeps) == 3 and sleeps[0] < sleeps[1] < sleeps[2]


def test_429_retry_after_is_honoured(httpserver):
    httpserver.expect_ordered_request("/busy").respond_with_data(
        "slow down", status=429, headers={"Retry-After": "7"}
    )
    httpserver.expect_ordered_request("/busy").respond_with_data(PAGE, content_type="text/html")
    f, sleeps = make()
    assert f.fetch(httpserver.url_for("/busy")).status == 200
    assert sleeps == [7.0]


def test_429_retry_after_really_waits(httpserver):
    httpserver.expect_ordered_request("/busy").respond_with_data(
        "slow down", status=429, headers={"Retry-After": "1"}
    )
    httpserver.expect_ordered_request("/busy").respond_with_data(PAGE, content_type="text/html")
    f = Fetcher(FetchPolicy(allow_private=True, backoff=0.01))
    t0 = time.monotonic()
    assert f.fetch(httpserver.url_for("/busy")).status == 200
    assert time.monotonic() - t0 >= 0.95
    (first, _), (second, _) = httpserver.log
    assert first.path == second.path == "/busy"


def test_retry_after_beyond_limit_is_refused(httpserver):
    httpserver.expect_request("/later").respond_with_data(
        "later", status=503, headers={"Retry-After": "3600"}
    )
    f, sleeps = make()
    with pytest.raises(FetchError) as ei:
        f.fetch(httpserver.url_for("/later"))
    assert ei.value.reason == "Retry-After of 3600 s exceeds the 60 s limit"
    assert sleeps == [] and len(httpserver.log) == 1


def test_retry_after_http_date(httpserver):
    from datetime import UTC, datetime, timedelta
    from email.utils import format_datetime

    when = format_datetime(datetime.now(UTC) + timedelta(seconds=30), usegmt=True)
    httpserver.expect_ordered_request("/d").respond_with_data(
        "x", status=503, headers={"Retry-After": when}
    )
    httpserver.expect_ordered_request("/d").respond_with_data("ok", content_type="text/plain")
    f, sleeps = make()
    f.fetch(httpserver.url_for("/d"))
    assert len(sleeps) == 1 and 25 <= sleeps[0] <= 31


def test_slow_page_times_out(httpserver):
    def slow(request: Request) -> Response:
        time.sleep(0.8)
        return Response("late", content_type="text/plain")

    httpserver.expect_request("/slow").respond_with_handler(slow)
    f, _ = make(retries=0, timeout=0.25)
    with pytest.raises(FetchError) as ei:
        f.fetch(httpserver.url_for("/slow"))
    assert ei.value.reason == "timed out after 0.25 s"
    time.sleep(0.6)  # let the single-threaded server finish before the next test


def test_connection_refused_is_retried_then_reported():
    import socket

    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()  # nothing listens there now
    f, sleeps = make(retries=2)
    with pytest.raises(FetchError) as ei:
        f.fetch(f"http://127.0.0.1:{port}/")
    assert ei.value.reason.startswith("connection failed") and "(2 retries)" in ei.value.reason
    assert len(sleeps) == 2


def test_redirect_followed_and_recorded(httpserver):
    httpserver.expect_request("/old").respond_with_data(
        "", status=301, headers={"Location": "/new"}
    )
    httpserver.expect_request("/new").respond_with_data(PAGE, content_type="text/html")
    f, _ = make()
    r = f.fetch(httpserver.url_for("/old"))
    assert r.final_url == httpserver.url_for("/new") and r.url == httpserver.url_for("/old")
    assert r.redirects == [httpserver.url_for("/old")]


def test_redirect_loop(httpserver):
    httpserver.expect_request("/a").respond_with_data("", status=302, headers={"Location": "/b"})
    httpserver.expect_request("/b").respond_with_data("", status=302, headers={"Location": "/a"})
    f, _ = make()
    with pytest.raises(FetchError, match="redirect loop"):
        f.fetch(httpserver.url_for("/a"))


def test_too_many_redirects(httpserver):
    for i in range(8):
        httpserver.expect_request(f"/r{i}").respond_with_data(
            "", status=302, headers={"Location": f"/r{i + 1}"}
        )
    f, _ = make(max_redirects=3)
    with pytest.raises(FetchError) as ei:
        f.fetch(httpserver.url_for("/r0"))
    assert ei.value.reason == "too many redirects (more than 3)"
    assert len(httpserver.log) == 4  # the original request and three hops, never the fifth


def test_redirect_to_other_scheme_refused(httpserver):
    httpserver.expect_request("/f").respond_with_data(
        "", status=302, headers={"Location": "ftp://example.org/x"}
    )
    f, _ = make()
    with pytest.raises(FetchError, match="unsupported scheme ftp"):
        f.fetch(httpserver.url_for("/f"))


def test_oversized_body_is_cut(httpserver):
    # streamed without a Content-Length, so the cap must hold while reading
    def big(request: Request) -> Response:
        return Response((b"a" * 10_000 for _ in range(100)), content_type="text/plain")

    httpserver.expect_request("/big").respond_with_handler(big)
    f, _ = make(max_bytes=50_000)
    with pytest.raises(FetchError) as ei:
        f.fetch(httpserver.url_for("/big"))
    assert ei.value.reason == "response larger than 50,000 bytes"


def test_declared_length_over_cap_refused_before_reading(httpserver):
    httpserver.expect_request("/big").respond_with_data(b"x" * 60_000, content_type="text/plain")
    f, _ = make(max_bytes=50_000)
    with pytest.raises(FetchError, match="larger than 50,000 bytes"):
        f.fetch(httpserver.url_for("/big"))


def test_wrong_content_type(httpserver):
    httpserver.expect_request("/p.png").respond_with_data(b"\x89PNG\r\n", content_type="image/png")
    f, _ = make()
    with pytest.raises(FetchError) as ei:
        f.fetch(httpserver.url_for("/p.png"))
    assert ei.value.reason == "content type image/png is not HTML or text"


def test_binary_body_despite_text_type(httpserver):
    httpserver.expect_request("/fake.html").respond_with_data(
        gzip.compress(b"x" * 100) + b"\x00" * 8, content_type="text/html"
    )
    f, _ = make()
    with pytest.raises(
        FetchError, match=r"binary content \(NUL bytes\) despite content type text/html"
    ):
        f.fetch(httpserver.url_for("/fake.html"))


def test_conditional_get_304(httpserver):
    httpserver.expect_request("/c", headers={"If-None-Match": '"v1"'}).respond_with_data(
        "", status=304
    )
    f, _ = make()
    r = f.fetch(
        httpserver.url_for("/c"), etag='"v1"', last_modified="Sat, 21 Nov 2026 10:00:00 GMT"
    )
    assert r.not_modified and r.status == 304 and r.content == b""
    req, _ = httpserver.log[0]
    assert req.headers["If-None-Match"] == '"v1"'
    assert req.headers["If-Modified-Since"] == "Sat, 21 Nov 2026 10:00:00 GMT"


def test_no_conditional_headers_unless_given(httpserver):
    httpserver.expect_request("/c").respond_with_data("x", content_type="text/plain")
    make()[0].fetch(httpserver.url_for("/c"))
    req, _ = httpserver.log[0]
    assert "If-None-Match" not in req.headers and "If-Modified-Since" not in req.headers


# -- private addresses ------------------------------------------------------------------------


def test_loopback_refused_without_allow_private(httpserver):
    httpserver.expect_request("/a").respond_with_data("x", content_type="text/plain")
    f = Fetcher(FetchPolicy())
    url = httpserver.url_for("/a").replace("localhost", "127.0.0.1")
    with pytest.raises(FetchError) as ei:
        f.fetch(url)
    assert ei.value.reason == "refused: 127.0.0.1 is a loopback address (use --allow-private)"
    assert len(httpserver.log) == 0


def test_name_resolving_to_loopback_refused(httpserver):
    httpserver.expect_request("/a").respond_with_data("x", content_type="text/plain")
    with pytest.raises(
        FetchError, match=r"localhost resolves to a loopback address .*--allow-private"
    ):
        Fetcher(FetchPolicy()).fetch(httpserver.url_for("/a"))
    assert len(httpserver.log) == 0


def test_redirect_from_allowed_host_to_private_refused(httpserver, monkeypatch):
    """The first hop's address is made to count as public; the redirect to another loopback
    address must still be refused before any request is sent there."""
    real_kind = fetch_mod._address_kind
    monkeypatch.setattr(
        fetch_mod, "_address_kind", lambda a: None if str(a) == "127.0.0.1" else real_kind(a)
    )
    real = fetch_mod._resolve
    monkeypatch.setattr(
        fetch_mod,
        "_resolve",
        lambda host, port: ["127.0.0.1"] if host == "localhost" else real(host, port),
    )
    target = httpserver.url_for("/inside").replace("localhost", "127.0.0.2")
    httpserver.expect_request("/hop").respond_with_data(
        "", status=302, headers={"Location": target}
    )
    httpserver.expect_request("/inside").respond_with_data("secret", content_type="text/plain")
    with pytest.raises(FetchError) as ei:
        Fetcher(FetchPolicy(retries=0)).fetch(httpserver.url_for("/hop"))
    assert "127.0.0.2 is a loopback address" in ei.value.reason
    assert ei.value.url == target
    assert [req.path for req, _ in httpserver.log] == ["/hop"]


@pytest.mark.parametrize(
    ("url", "kind"),
    [
        ("http://10.1.2.3/", "private"),
        ("http://192.168.0.10/", "private"),
        ("http://169.254.169.254/latest/meta-data", "link-local"),
        ("http://[::1]/", "loopback"),
        ("http://[fe80::1]/", "link-local"),
        ("http://[::ffff:127.0.0.1]/", "loopback"),
        ("http://[::ffff:10.0.0.1]/", "private"),
        ("http://0.0.0.0/", "unspecified"),
        ("http://224.0.0.1/", "multicast"),
        ("http://100.64.0.1/", "non-public"),
    ],
)
def test_address_classes_refused(url, kind):
    with pytest.raises(FetchError, match=rf"is an? {kind} address"):
        check_url_allowed(url, allow_private=False)
    check_url_allowed(url, allow_private=True)  # allowed when asked


def test_dns_answer_checked(monkeypatch):
    monkeypatch.setattr(fetch_mod, "_resolve", lambda host, port: ["93.184.216.34", "10.0.0.5"])
    with pytest.raises(
        FetchError, match=r"intranet.example resolves to a private address \(10.0.0.5\)"
    ):
        check_url_allowed("https://intranet.example/x", allow_private=False)
    monkeypatch.setattr(fetch_mod, "_resolve", lambda host, port: ["93.184.216.34"])
    check_url_allowed("https://public.example/x", allow_private=False)


def test_unresolvable_host(monkeypatch):
    def fail(host, port):
        raise OSError("no such host")

    monkeypatch.setattr(fetch_mod, "_resolve", fail)
    with pytest.raises(FetchError, match=r"cannot resolve host nowhere\.invalid"):
        check_url_allowed("http://nowhere.invalid/", allow_private=False)


@pytest.mark.parametrize(
    "url", ["file:///etc/passwd", "ftp://example.org/", "javascript:alert(1)", "http:///nohost"]
)
def test_only_http_schemes(url):
    with pytest.raises(FetchError):
        check_url_allowed(url, allow_private=True)
