"""URL ingest against a real HTTP server on 127.0.0.1: every failure is one line naming the URL,
and the run goes on."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from bacaudit.extract import extract
from bacaudit.ingest import IngestOptions, iter_documents
from bacaudit.models import Document, InputError

PAGE = (
    b"<!DOCTYPE html><html><head><title>Naltrexone basics</title></head><body><article>"
    b"<h1>Naltrexone basics</h1><p>Naltrexone blocks opioid receptors.</p></article></body></html>"
)


@pytest.fixture(scope="module")
def server() -> Iterator[HTTPServer]:
    """Threaded, so a deliberately slow handler never holds up the next test."""
    srv = HTTPServer(host="127.0.0.1", port=0, threaded=True)
    srv.start()
    yield srv
    srv.clear()
    if srv.is_running():
        srv.stop()


@pytest.fixture()
def http(server: HTTPServer) -> Iterator[HTTPServer]:
    server.clear()
    yield server
    server.clear()


def fetch(*urls: str, **kw) -> list[Document | InputError]:
    options = {"allow_private": True, "timeout": 2.0, "retries": 2, "backoff": 0.05, **kw}
    return list(iter_documents(list(urls), IngestOptions(**options)))


def test_html_page_becomes_a_document_with_its_url(http: HTTPServer):
    http.expect_request("/page").respond_with_data(PAGE, content_type="text/html; charset=utf-8")
    (doc,) = fetch(http.url_for("/page"))
    assert isinstance(doc, Document)
    assert doc.kind == "html" and doc.url == http.url_for("/page") and doc.status == 200
    assert doc.encoding == "utf-8" and doc.content == PAGE
    assert extract(doc).title == "Naltrexone basics"


def test_user_agent_names_the_tool(http: HTTPServer):
    seen: list[str] = []

    def handler(request: Request) -> Response:
        seen.append(request.headers.get("User-Agent", ""))
        return Response(PAGE, content_type="text/html")

    http.expect_request("/ua").respond_with_handler(handler)
    fetch(http.url_for("/ua"), user_agent="bacaudit/9.9 (test)")
    assert seen == ["bacaudit/9.9 (test)"]


def test_loopback_is_refused_unless_allowed(http: HTTPServer):
    http.expect_request("/private").respond_with_data(PAGE, content_type="text/html")
    (err,) = fetch(http.url_for("/private"), allow_private=False)
    assert isinstance(err, InputError) and err.source == http.url_for("/private")
    assert "loopback" in err.error and "allow-private" in err.error


def test_timeout(http: HTTPServer):
    def slow(request: Request) -> Response:
        time.sleep(1.5)
        return Response(PAGE, content_type="text/html")

    http.expect_request("/slow").respond_with_handler(slow)
    t0 = time.monotonic()
    (err,) = fetch(http.url_for("/slow"), timeout=0.3, retries=0)
    assert time.monotonic() - t0 < 1.4
    assert isinstance(err, InputError) and "timed out" in err.error


def test_404_is_one_line_and_the_next_url_still_runs(http: HTTPServer):
    http.expect_request("/gone").respond_with_data("nope", status=404)
    http.expect_request("/ok").respond_with_data(PAGE, content_type="text/html")
    err, ok = fetch(http.url_for("/gone"), http.url_for("/ok"))
    assert isinstance(err, InputError) and err.error == "HTTP 404 Not Found"
    assert isinstance(ok, Document)


def test_500_then_200_is_retried(http: HTTPServer):
    calls = []

    def flaky(request: Request) -> Response:
        calls.append(time.monotonic())
        if len(calls) == 1:
            return Response("boom", status=500)
        return Response(PAGE, content_type="text/html")

    http.expect_request("/flaky").respond_with_handler(flaky)
    (doc,) = fetch(http.url_for("/flaky"))
    assert isinstance(doc, Document) and doc.status == 200 and len(calls) == 2


def test_persistent_503_gives_up_after_the_retries(http: HTTPServer):
    calls = []

    def down(request: Request) -> Response:
        calls.append(1)
        return Response("boom", status=503)

    http.expect_request("/down").respond_with_handler(down)
    (err,) = fetch(http.url_for("/down"), retries=1)
    assert isinstance(err, InputError) and err.error.startswith("HTTP 503 Service Unavailable")
    assert len(calls) == 2  # the first try and one retry


def test_429_retry_after_is_honoured(http: HTTPServer):
    calls: list[float] = []

    def limited(request: Request) -> Response:
        calls.append(time.monotonic())
        if len(calls) == 1:
            return Response("slow down", status=429, headers={"Retry-After": "1"})
        return Response(PAGE, content_type="text/html")

    http.expect_request("/limited").respond_with_handler(limited)
    (doc,) = fetch(http.url_for("/limited"))
    assert isinstance(doc, Document)
    assert len(calls) == 2 and calls[1] - calls[0] >= 0.95


def test_redirect_loop_is_reported(http: HTTPServer):
    http.expect_request("/r1").respond_with_data("", status=302, headers={"Location": "/r2"})
    http.expect_request("/r2").respond_with_data("", status=302, headers={"Location": "/r1"})
    (err,) = fetch(http.url_for("/r1"))
    assert isinstance(err, InputError) and "redirect loop" in err.error


def test_too_many_redirects_is_reported(http: HTTPServer):
    for i in range(6):
        http.expect_request(f"/hop{i}").respond_with_data(
            "", status=301, headers={"Location": f"/hop{i + 1}"}
        )
    http.expect_request("/hop6").respond_with_data(PAGE, content_type="text/html")
    (err,) = fetch(http.url_for("/hop0"), max_redirects=3)
    assert isinstance(err, InputError) and "too many redirects" in err.error
    (doc,) = fetch(http.url_for("/hop0"), max_redirects=6)
    assert isinstance(doc, Document) and doc.url == http.url_for("/hop6")


def test_binary_body_is_refused(http: HTTPServer):
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
    http.expect_request("/img").respond_with_data(png, content_type="image/png")
    http.expect_request("/disguised").respond_with_data(png, content_type="text/html")
    err, disguised = fetch(http.url_for("/img"), http.url_for("/disguised"))
    assert isinstance(err, InputError) and "image/png" in err.error
    assert isinstance(disguised, InputError) and "binary" in disguised.error


def test_oversized_body_is_refused(http: HTTPServer):
    big = b"<html><body><p>" + b"word " * 5_000 + b"</p></body></html>"

    def chunked(request: Request) -> Response:  # no Content-Length: the cap applies while reading
        def gen():
            for i in range(0, len(big), 4096):
                yield big[i:i + 4096]

        return Response(gen(), content_type="text/html")

    http.expect_request("/big").respond_with_handler(chunked)
    http.expect_request("/declared").respond_with_data(big, content_type="text/html")
    a, b = fetch(http.url_for("/big"), http.url_for("/declared"), max_bytes=10_000)
    assert isinstance(a, InputError) and "larger than 10,000 bytes" in a.error
    assert isinstance(b, InputError) and "larger than 10,000 bytes" in b.error


@pytest.mark.parametrize(
    "content_type",
    ["text/html", "text/html; charset=utf-8", "text/html; charset=windows-1252",
     "text/html; charset=no-such-charset"],
)
def test_windows_1252_body_with_wrong_or_missing_charset_decodes(http: HTTPServer, content_type):
    body = (
        "<html><body><article><h1>Caf\u00e9 notes</h1><p>\u201cTaper slowly,\u201d said the "
        "pharmacist \u2014 it\u2019s safer.</p></article></body></html>"
    ).encode("cp1252")
    http.expect_request("/cp").respond_with_data(body, content_type=content_type)
    (doc,) = fetch(http.url_for("/cp"))
    assert isinstance(doc, Document)
    article = extract(doc)
    assert article.title == "Caf\u00e9 notes"
    assert "\u201cTaper slowly,\u201d" in article.text and "it\u2019s safer" in article.text
    assert "\ufffd" not in article.text


def test_charset_declared_in_http_wins_over_the_meta_tag(http: HTTPServer):
    body = '<meta charset="windows-1252"><p>\u0436\u0438\u0437\u043d\u044c</p>'.encode("koi8-r")
    http.expect_request("/koi").respond_with_data(body, content_type="text/html; charset=koi8-r")
    (doc,) = fetch(http.url_for("/koi"))
    assert "\u0436\u0438\u0437\u043d\u044c" in extract(doc).text


def test_plain_text_url_is_extracted_as_text(http: HTTPServer):
    http.expect_request("/a.txt").respond_with_data(
        "Baclofen Basics\n\n- Drowsiness\n- Dizziness\n", content_type="text/plain"
    )
    (doc,) = fetch(http.url_for("/a.txt"))
    art = extract(doc)
    assert doc.kind == "text" and [b.kind for b in art.blocks] == ["heading", "list_item",
                                                                   "list_item"]


def test_urls_through_the_auditor_keep_going_after_errors(http: HTTPServer, auditor):
    http.expect_request("/ok").respond_with_data(PAGE, content_type="text/html")
    http.expect_request("/missing").respond_with_data("", status=404)
    out = list(auditor.audit_inputs([http.url_for("/missing"), http.url_for("/ok")],
                                    allow_private=True, timeout=2.0))
    assert isinstance(out[0], InputError) and out[0].source == http.url_for("/missing")
    assert out[1].article.url == http.url_for("/ok") and out[1].article.title



def test_missing_content_type_is_sniffed(http: HTTPServer):
    def bare(request: Request) -> Response:
        resp = Response(PAGE)
        del resp.headers["Content-Type"]
        return resp

    http.expect_request("/bare").respond_with_handler(bare)
    (doc,) = fetch(http.url_for("/bare"))
    assert isinstance(doc, Document) and doc.content_type is None and doc.kind == "html"
    assert extract(doc).title == "Naltrexone basics"
