"""DNS rebinding: the fetcher connects to the address it vetted, never to a later DNS answer.

A stand-in resolver (socket.getaddrinfo) answers differently on its first and later calls.
127.0.0.1 plays the "public" address (the server listens there) by making the address check
call only that one public; 127.0.0.2 is loopback too but nothing listens on it.
"""

from __future__ import annotations

import http.server
import shutil
import socket
import ssl
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from urllib3.util import connection as u3_connection

from bacaudit.ingest import http as fetch_mod
from bacaudit.ingest.http import Fetcher, FetchError, FetchPolicy

REAL_GETADDRINFO = socket.getaddrinfo


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    seen: list[tuple[str, str]]  # (path, Host header), set per server

    def log_message(self, *args) -> None:
        pass

    def do_GET(self) -> None:
        self.server.seen.append((self.path, self.headers.get("Host", "")))  # type: ignore[attr-defined]
        if self.path == "/hop":
            port = self.server.server_address[1]
            self.send_response(302)
            self.send_header("Location", f"http://second.test:{port}/b")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        body = b"<html><body><p>Pinned page.</p></body></html>"
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def serve(tls: ssl.SSLContext | None = None) -> http.server.ThreadingHTTPServer:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    server.seen = []  # type: ignore[attr-defined]
    if tls is not None:
        server.socket = tls.wrap_socket(server.socket, server_side=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


@pytest.fixture
def server() -> Iterator[http.server.ThreadingHTTPServer]:
    srv = serve()
    yield srv
    srv.shutdown()
    srv.server_close()


class FlippingDNS:
    """Answers `first` to the first lookup of each test name and `later` after that."""

    def __init__(self, answers: dict[str, tuple[str, str]]) -> None:
        self.answers = answers
        self.calls: dict[str, int] = {}

    def __call__(self, host, port, *args, **kwargs):
        name = host.decode() if isinstance(host, bytes) else host
        if name not in self.answers:
            return REAL_GETADDRINFO(host, port, *args, **kwargs)
        n = self.calls[name] = self.calls.get(name, 0) + 1
        first, later = self.answers[name]
        return REAL_GETADDRINFO(first if n == 1 else later, port, *args, **kwargs)


@pytest.fixture
def only_127_0_0_1_is_public(monkeypatch):
    real = fetch_mod._address_kind
    monkeypatch.setattr(
        fetch_mod, "_address_kind", lambda a: None if str(a) == "127.0.0.1" else real(a)
    )


@pytest.fixture
def connects(monkeypatch) -> list[tuple[str, int]]:
    """Every address urllib3 opens a socket to."""
    seen: list[tuple[str, int]] = []
    real = u3_connection.create_connection

    def spy(address, *args, **kwargs):
        seen.append((address[0], address[1]))
        return real(address, *args, **kwargs)

    monkeypatch.setattr(u3_connection, "create_connection", spy)
    return seen


def strict() -> Fetcher:
    return Fetcher(FetchPolicy(allow_private=False, retries=0, timeout=3.0))


def test_connection_uses_the_vetted_address(
    server, monkeypatch, only_127_0_0_1_is_public, connects
):
    dns = FlippingDNS({"rebind.test": ("127.0.0.1", "127.0.0.2")})
    monkeypatch.setattr(socket, "getaddrinfo", dns)
    port = server.server_address[1]
    with strict() as fetcher:
        result = fetcher.fetch(f"http://rebind.test:{port}/a")
    assert result.status == 200 and b"Pinned page." in result.content
    assert server.seen == [("/a", f"rebind.test:{port}")]  # the name stays in the Host header
    assert dns.calls["rebind.test"] == 1  # resolved once, for the check, and never again
    assert connects == [("127.0.0.1", port)]


def test_rebinding_to_a_private_address_is_never_reached(
    server, monkeypatch, only_127_0_0_1_is_public, connects
):
    # The check sees 127.0.0.2 (no kind patch for it: loopback, so refused outright) ...
    dns = FlippingDNS({"rebind.test": ("127.0.0.2", "127.0.0.1")})
    monkeypatch.setattr(socket, "getaddrinfo", dns)
    port = server.server_address[1]
    with strict() as fetcher, pytest.raises(FetchError, match="loopback"):
        fetcher.fetch(f"http://rebind.test:{port}/a")
    assert server.seen == [] and connects == []


def test_vetted_address_unreachable_means_refused_not_rebound(server, monkeypatch, connects):
    """The check is answered a public address; the later answer (the listening loopback
    server) must never get the connection: the fetch fails instead."""
    real = fetch_mod._address_kind
    monkeypatch.setattr(
        fetch_mod, "_address_kind", lambda a: None if str(a) == "127.0.0.2" else real(a)
    )
    dns = FlippingDNS({"rebind.test": ("127.0.0.2", "127.0.0.1")})
    monkeypatch.setattr(socket, "getaddrinfo", dns)
    port = server.server_address[1]
    with strict() as fetcher, pytest.raises(FetchError, match="connection failed"):
        fetcher.fetch(f"http://rebind.test:{port}/a")
    assert server.seen == []
    assert connects and all(addr == "127.0.0.2" for addr, _ in connects)


def test_every_redirect_hop_is_pinned(server, monkeypatch, only_127_0_0_1_is_public, connects):
    dns = FlippingDNS(
        {"rebind.test": ("127.0.0.1", "127.0.0.2"), "second.test": ("127.0.0.1", "127.0.0.2")}
    )
    monkeypatch.setattr(socket, "getaddrinfo", dns)
    port = server.server_address[1]
    with strict() as fetcher:
        result = fetcher.fetch(f"http://rebind.test:{port}/hop")
    assert result.final_url == f"http://second.test:{port}/b"
    assert server.seen == [("/hop", f"rebind.test:{port}"), ("/b", f"second.test:{port}")]
    assert dns.calls == {"rebind.test": 1, "second.test": 1}
    assert {addr for addr, _ in connects} == {"127.0.0.1"}


def test_a_socket_the_fetch_loop_did_not_vet_is_vetted_at_connect(server, monkeypatch):
    """Even a request sent straight through the fetcher's session is held to the policy."""
    monkeypatch.setattr(socket, "getaddrinfo", FlippingDNS({"sneaky.test": ("127.0.0.1",) * 2}))
    port = server.server_address[1]
    with strict() as fetcher, pytest.raises(requests.exceptions.ConnectionError, match="loopback"):
        fetcher.session.get(f"http://sneaky.test:{port}/a", timeout=3)
    assert server.seen == []


def test_allow_private_still_connects_by_name(server):
    port = server.server_address[1]
    with Fetcher(FetchPolicy(allow_private=True, retries=0, timeout=3.0)) as fetcher:
        assert fetcher.fetch(f"http://localhost:{port}/a").status == 200


# -- https: the pinned socket still verifies the certificate against the URL's host name ------


def _self_signed(tmp: Path, name: str) -> tuple[Path, Path]:
    cert, key = tmp / f"{name}.pem", tmp / f"{name}.key"
    subprocess.run(
        [
            "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
            "-subj", f"/CN={name}", "-addext", f"subjectAltName=DNS:{name}",
            "-keyout", str(key), "-out", str(cert),
        ],
        check=True,
        capture_output=True,
    )  # fmt: skip
    return cert, key


@pytest.mark.skipif(shutil.which("openssl") is None, reason="needs the openssl command")
def test_https_pinned_connection_keeps_sni_and_hostname_verification(
    tmp_path, monkeypatch, only_127_0_0_1_is_public
):
    cert, key = _self_signed(tmp_path, "rebind.test")
    tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    tls.load_cert_chain(cert, key)
    srv = serve(tls)
    try:
        port = srv.server_address[1]
        dns = FlippingDNS(
            {"rebind.test": ("127.0.0.1", "127.0.0.2"), "wrong.test": ("127.0.0.1", "127.0.0.2")}
        )
        monkeypatch.setattr(socket, "getaddrinfo", dns)
        session = requests.Session()
        session.trust_env = False  # else REQUESTS_CA_BUNDLE would replace `verify`
        session.verify = str(cert)
        with Fetcher(
            FetchPolicy(allow_private=False, retries=0, timeout=3.0), session=session
        ) as f:
            assert f.fetch(f"https://rebind.test:{port}/a").status == 200
            # same server and certificate, another name: verification must still refuse it
            with pytest.raises(FetchError, match=r"(?i)certificate|hostname"):
                f.fetch(f"https://wrong.test:{port}/a")
        assert [path for path, _ in srv.seen] == ["/a"]
        session.close()
    finally:
        srv.shutdown()
        srv.server_close()
