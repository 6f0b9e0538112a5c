"""Safe network defaults, against real servers on loopback addresses: environment proxies are
ignored unless a proxy is given (and then one warning says the address check cannot hold),
and private addresses are refused in every spelling: numeric IPv4 forms, IPv6 forms that carry
an IPv4 address, and names whose resolver changes its answer between lookups."""

from __future__ import annotations

import ipaddress
import re
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from urllib3.util import connection as u3_connection

from bacaudit.crawl import load_job, run_crawl
from bacaudit.ingest import http as fetch_mod
from bacaudit.ingest.http import Fetcher, FetchError, FetchPolicy, check_url_allowed
from crawl_sites import Job, MiniSite, page

REAL_GETADDRINFO = socket.getaddrinfo


@pytest.fixture
def site():
    srv = MiniSite({"/": page("Quiet hours", "Lights go out at ten on weeknights.")})
    yield srv
    srv.stop()


# -- address forms ----------------------------------------------------------------------------

NUMERIC_LOOPBACK = ["2130706433", "0x7f.0.0.1", "0177.0.0.1", "127.1", "0x7f000001"]


@pytest.mark.parametrize("host", NUMERIC_LOOPBACK)
def test_numeric_ipv4_spellings_are_loopback_and_refused(site, host):
    port = site.server_address[1]
    url = f"http://{host}:{port}/"
    with pytest.raises(FetchError, match=r"is a loopback address"):
        Fetcher(FetchPolicy(retries=0, timeout=3)).fetch(url)
    assert site.log == []
    # the spelling really does reach the local server: allowed, it is fetched from there
    result = Fetcher(FetchPolicy(retries=0, timeout=3, allow_private=True)).fetch(url)
    assert b"Lights go out" in result.content and len(site.log) == 1


@pytest.mark.parametrize(
    ("address", "kind"),
    [
        ("::ffff:127.0.0.1", "loopback"),  # IPv4-mapped
        ("::ffff:a9fe:a9fe", "link-local"),  # IPv4-mapped 169.254.169.254
        ("::7f00:1", "loopback"),  # IPv4-compatible
        ("::10.1.2.3", "private"),  # IPv4-compatible, dotted
        ("2002:a00:1::1", "private"),  # 6to4 of 10.0.0.1
        ("2002:c0a8:1::", "private"),  # 6to4 of 192.168.0.1
        ("64:ff9b::7f00:1", "loopback"),  # NAT64 of 127.0.0.1
        ("64:ff9b::a9fe:a9fe", "link-local"),  # NAT64 of the metadata address
        ("2001:0:4136:e378:8000:63bf:80ff:fffe", "loopback"),  # Teredo client 127.0.0.1
        ("ff02::1", "multicast"),
        ("fe80::1", "link-local"),
        ("fc00::1", "private"),
    ],
)
def test_ipv6_forms_carrying_private_addresses_are_refused(address, kind):
    with pytest.raises(FetchError, match=rf"is an? {kind} address"):
        check_url_allowed(f"http://[{address}]/x", allow_private=False)


@pytest.mark.parametrize(
    "address", ["::ffff:8.8.8.8", "64:ff9b::808:808", "2002:808:808::1", "2606:4700::1111"]
)
def test_ipv6_forms_of_public_addresses_pass(address):
    assert check_url_allowed(f"http://[{address}]/x", allow_private=False) is None


@pytest.mark.parametrize(
    "answer", ["64:ff9b::a00:5", "::ffff:10.0.0.5", "2002:a00:5::1", "0.0.0.0"]
)
def test_names_resolving_to_any_private_form_are_refused(monkeypatch, answer):
    monkeypatch.setattr(fetch_mod, "_resolve", lambda host, port: ["93.184.216.34", answer])
    with pytest.raises(FetchError, match=rf"resolves to an? \S+ address \({re.escape(answer)}\)"):
        check_url_allowed("https://intranet.example/x", allow_private=False)


class Flipping:
    """A resolver for `flip.test`: 127.0.0.1 (counted as public here) on odd lookups, the
    private 127.0.0.2 (where a second server listens) on even ones."""

    def __init__(self) -> None:
        self.calls = 0
        self.lock = threading.Lock()

    def __call__(self, host, port, *args, **kwargs):
        name = host.decode() if isinstance(host, bytes) else host
        if name != "flip.test":
            return REAL_GETADDRINFO(host, port, *args, **kwargs)
        with self.lock:
            self.calls += 1
            n = self.calls
        return REAL_GETADDRINFO("127.0.0.1" if n % 2 else "127.0.0.2", port, *args, **kwargs)


def test_a_resolver_that_changes_its_answer_never_gets_a_private_connection(
    monkeypatch, tmp_path, auditor
):
    pages = {
        "/": page("Walks", "A walk after lunch helps.", links=("/b.html", "/c.html")),
        "/b.html": page("Meals", "Meals are at set hours."),
        "/c.html": page("Visits", "Visits are on Sundays."),
    }
    public = MiniSite(pages, "127.0.0.1")
    private = ThreadingHTTPServer(("127.0.0.2", public.server_address[1]), BaseHTTPRequestHandler)
    private_hits: list[str] = []
    private.RequestHandlerClass = type(
        "H", (BaseHTTPRequestHandler,), {"do_GET": lambda self: private_hits.append(self.path)}
    )
    threading.Thread(target=private.serve_forever, daemon=True).start()
    real_kind = fetch_mod._address_kind
    monkeypatch.setattr(
        fetch_mod, "_address_kind", lambda a: None if str(a) == "127.0.0.1" else real_kind(a)
    )
    monkeypatch.setattr(socket, "getaddrinfo", Flipping())
    opened: list[str] = []
    real_create = u3_connection.create_connection

    def spy(address, *args, **kwargs):
        opened.append(address[0])
        return real_create(address, *args, **kwargs)

    monkeypatch.setattr(u3_connection, "create_connection", spy)
    try:
        port = public.server_address[1]
        job = load_job(
            Job(tmp_path).write(start_urls=[f"http://flip.test:{port}/"], allow_private=False)
        )
        logs: list[str] = []
        run_crawl(job, auditor=auditor, log=logs.append)
    finally:
        public.stop()
        private.shutdown()
        private.server_close()
    assert private_hits == []
    assert set(opened) <= {"127.0.0.1"}
    assert any("127.0.0.2" in line and "loopback" in line for line in logs)


# -- proxies ----------------------------------------------------------------------------------


class RecordingProxy(ThreadingHTTPServer):
    """A forward proxy stand-in: records each absolute-form request and answers it itself."""

    daemon_threads = True

    def __init__(self) -> None:
        seen: list[str] = []

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args) -> None:
                pass

            def do_GET(self) -> None:
                seen.append(self.path)
                body = page("Via proxy", "This answer came from the proxy.")
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        super().__init__(("127.0.0.1", 0), Handler)
        self.seen = seen
        self.url = f"http://127.0.0.1:{self.server_address[1]}"
        threading.Thread(target=self.serve_forever, daemon=True).start()


@pytest.fixture
def proxy(monkeypatch):
    p = RecordingProxy()
    for name in ("NO_PROXY", "no_proxy"):
        monkeypatch.delenv(name, raising=False)
    for name in ("HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "https_proxy", "ALL_PROXY"):
        monkeypatch.setenv(name, p.url)
    yield p
    p.shutdown()
    p.server_close()


def test_environment_proxies_are_ignored(site, proxy, tmp_path, auditor):
    job = load_job(Job(tmp_path).write(start_urls=[f"{site.base}/"]))
    logs: list[str] = []
    outcome = run_crawl(job, auditor=auditor, log=logs.append)
    assert proxy.seen == []
    assert site.paths() == ["/"] and outcome.counts["audited"] == 1
    assert not any("proxy" in line for line in logs)
    # the one-page fetcher of `bacaudit audit URL` too
    Fetcher(FetchPolicy(retries=0, allow_private=True)).fetch(f"{site.base}/")
    assert proxy.seen == []


def test_a_given_proxy_is_used_with_one_warning(site, proxy, tmp_path, auditor):
    job = load_job(Job(tmp_path).write(start_urls=[f"{site.base}/"], proxy=proxy.url))
    logs: list[str] = []
    outcome = run_crawl(job, auditor=auditor, log=logs.append)
    assert f"{site.base}/" in proxy.seen and site.log == []
    assert outcome.counts["audited"] == 1
    warnings = [line for line in logs if "proxy" in line]
    assert len(warnings) == 1
    assert warnings[0].startswith("warning: fetching through the proxy http://127.0.0.1:")
    assert "private and loopback addresses cannot be refused" in warnings[0]


def test_through_a_proxy_private_literals_are_still_refused(proxy):
    policy = FetchPolicy(retries=0, proxy=proxy.url)
    with pytest.raises(FetchError, match="is a private address"):
        Fetcher(policy).fetch("http://10.0.0.7/")
    assert proxy.seen == []
    assert ipaddress.ip_address("10.0.0.7").is_private
