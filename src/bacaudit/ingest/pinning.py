"""Connect only to addresses that passed the private-address check.

Checking a host's addresses and then letting the HTTP library resolve the name again leaves a
gap: a hostile DNS server can answer a public address to the check and a private one to the
connection (DNS rebinding). The fetcher therefore records the vetted addresses per host and
port (`AddressPins`), and the session's adapter opens every socket to one of those addresses.
The URL's host name still goes into the Host header, the TLS SNI and the certificate check, so
HTTPS verification is unchanged. A host with no recorded addresses is resolved and vetted at
connect time, so nothing reaches a socket unchecked.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

import requests
from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.exceptions import ConnectTimeoutError, NewConnectionError
from urllib3.util import connection as _connection

# Given a host and port, the addresses it may be reached at (None: any), or raise OSError.
Vet = Callable[[str, int], "tuple[str, ...] | None"]


def _key(host: str, port: int) -> tuple[str, int]:
    return host.strip("[]").lower().rstrip("."), int(port)


class AddressPins:
    """Vetted addresses per (host, port), shared by the fetchers of one session."""

    def __init__(self, vet: Vet) -> None:
        self._vet = vet
        self._pins: dict[tuple[str, int], tuple[str, ...] | None] = {}
        self._lock = threading.Lock()

    def pin(self, host: str, port: int, addresses: tuple[str, ...] | None) -> None:
        """Later connections to host:port go to `addresses` (None: wherever DNS says)."""
        with self._lock:
            self._pins[_key(host, port)] = addresses

    def addresses_for(self, host: str, port: int) -> tuple[str, ...] | None:
        key = _key(host, port)
        with self._lock:
            if key in self._pins:
                return self._pins[key]
        return self._vet(*key)


class _PinnedConnection:
    """Mixed into urllib3's connection classes: the socket goes to a pinned address."""

    pins: AddressPins

    def _new_conn(self):  # the urllib3 attributes come from the class this is mixed into
        host, port = self.host, self.port  # type: ignore[attr-defined]
        try:
            addresses = self.pins.addresses_for(host, port)
        except OSError as exc:
            raise NewConnectionError(self, f"Failed to establish a new connection: {exc}") from exc
        if addresses is None:
            return super()._new_conn()  # type: ignore[misc]
        last: OSError | None = None
        for address in addresses:
            try:
                return _connection.create_connection(
                    (address, port),
                    self.timeout,  # type: ignore[attr-defined]
                    source_address=self.source_address,  # type: ignore[attr-defined]
                    socket_options=self.socket_options,  # type: ignore[attr-defined]
                )
            except TimeoutError as exc:
                timeout = self.timeout  # type: ignore[attr-defined]
                raise ConnectTimeoutError(
                    self, f"Connection to {host} timed out. (connect timeout={timeout})"
                ) from exc
            except OSError as exc:
                last = exc
        raise NewConnectionError(self, f"Failed to establish a new connection: {last}")


class PinnedAdapter(HTTPAdapter):
    """A requests adapter whose connection pools connect to pinned addresses only."""

    def __init__(self, pins: AddressPins, **kwargs) -> None:
        self.pins = pins
        super().__init__(**kwargs)

    def init_poolmanager(self, *args, **kwargs) -> None:
        super().init_poolmanager(*args, **kwargs)
        attrs = {"pins": self.pins}
        http_conn = type("PinnedHTTPConnection", (_PinnedConnection, HTTPConnection), attrs)
        https_conn = type("PinnedHTTPSConnection", (_PinnedConnection, HTTPSConnection), attrs)
        self.poolmanager.pool_classes_by_scheme = {
            "http": type("PinnedHTTPPool", (HTTPConnectionPool,), {"ConnectionCls": http_conn}),
            "https": type("PinnedHTTPSPool", (HTTPSConnectionPool,), {"ConnectionCls": https_conn}),
        }


def install_pinning(session: requests.Session, vet: Vet) -> AddressPins:
    """Mount a PinnedAdapter on `session` (once) and return its pins."""
    current = session.adapters.get("https://")
    if isinstance(current, PinnedAdapter) and session.adapters.get("http://") is current:
        return current.pins
    adapter = PinnedAdapter(AddressPins(vet))
    session.mount("https://", adapter)
    session.mount("http://", adapter)
    return adapter.pins
