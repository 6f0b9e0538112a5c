"""The one HTTP fetcher, shared by `bacaudit audit URL` and the crawler.

Every limit lives in `FetchPolicy` so an untrusted site can never make a run hang, fill the
disk or reach the machine's own network: redirects are followed by hand so each hop is checked
again (scheme, private address after DNS), bodies are streamed against a byte cap and a
deadline, and a Retry-After longer than the policy allows ends the fetch instead of sleeping.
"""

from __future__ import annotations

import contextlib
import ipaddress
import random
import re
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from http import HTTPStatus
from urllib.parse import urljoin, urlsplit

import requests

from .. import USER_AGENT
from ..errors import InputProblem
from ..models import Document
from .pinning import install_pinning
from .sniff import SNIFF_BYTES as HTML_SNIFF_BYTES
from .sniff import looks_like_html

RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
SNIFF_BYTES = 1024
CHUNK = 65536


@dataclass
class FetchPolicy:
    timeout: float = 20.0  # connect and read timeouts, and the deadline for the whole body
    max_bytes: int = 5_000_000
    max_redirects: int = 5
    retries: int = 3  # on 429/500/502/503/504 and connection errors/timeouts
    backoff: float = 0.5  # base seconds, doubling, with a little jitter
    max_retry_after: float = 60.0
    allow_private: bool = False
    user_agent: str = USER_AGENT
    # Requests go through this proxy only when it is given: HTTP(S)_PROXY and friends in the
    # environment are ignored, since a proxy resolves names itself and so defeats the
    # private-address check (see `proxy_warning`).
    proxy: str | None = None
    accept_types: tuple[str, ...] = (
        "text/html",
        "application/xhtml+xml",
        "text/plain",
        "text/markdown",
    )


@dataclass
class FetchResult:
    url: str  # as requested
    final_url: str  # after redirects
    status: int
    headers: dict[str, str]  # lower-case names
    content: bytes
    content_type: str | None  # the media type alone, lower-case
    encoding: str | None  # the charset parameter, if any
    etag: str | None
    last_modified: str | None
    redirects: list[str] = field(default_factory=list)  # every URL that answered with a redirect
    fetched_at: str = ""  # ISO 8601 UTC

    @property
    def not_modified(self) -> bool:
        return self.status == 304

    def to_document(self, source: str) -> Document:
        kind = "html" if self.content_type in HTML_TYPES else "text"
        if self.content_type is None and looks_like_html(self.content[:HTML_SNIFF_BYTES]):
            kind = "html"  # no Content-Type at all: judge by the body, as for stdin
        return Document(
            source=source,
            content=self.content,
            kind=kind,
            url=self.final_url,
            content_type=self.content_type,
            encoding=self.encoding,
            headers=dict(self.headers),
            fetched_at=self.fetched_at,
            status=self.status,
        )


class FetchError(InputProblem):
    """One URL could not be fetched; `reason` is the one line shown to the user."""

    def __init__(
        self, source: str, reason: str, *, url: str | None = None, status: int | None = None
    ):
        super().__init__(source, reason)
        self.url = url or source
        self.status = status


# -- address policy ---------------------------------------------------------------------------


def _resolve(host: str, port: int) -> list[str]:
    """Every address `host` resolves to; a module function so tests can stand in for DNS."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return sorted({info[4][0] for info in infos})


_IPV4_PART = re.compile(r"(0x[0-9a-f]*|[0-9]+)", re.I)
NAT64 = (ipaddress.ip_network("64:ff9b::/96"), ipaddress.ip_network("64:ff9b:1::/48"))
# Forms that stand for the IPv4 address they carry (reaching them reaches it): judged by it.
TRANSLATED = frozenset({"IPv4-mapped", "IPv4-compatible", "NAT64"})


def ipv4_literal(host: str) -> ipaddress.IPv4Address | None:
    """The IPv4 address a host written in any of the forms inet_aton accepts stands for:
    decimal (2130706433), octal (0177.0.0.1), hex (0x7f.0.0.1) or short (127.1); else None.

    Browsers and many HTTP stacks connect to these, so they are judged like dotted quads.
    """
    labels = host.rstrip(".").split(".")
    if not 1 <= len(labels) <= 4 or not all(_IPV4_PART.fullmatch(x) for x in labels):
        return None
    try:
        return ipaddress.IPv4Address(socket.inet_aton(host.rstrip(".")))
    except (OSError, ValueError):
        return None


def embedded_ipv4(addr: ipaddress.IPv6Address) -> list[tuple[str, ipaddress.IPv4Address]]:
    """IPv4 addresses an IPv6 address carries, with the form that carries them."""
    out: list[tuple[str, ipaddress.IPv4Address]] = []
    if addr.ipv4_mapped is not None:
        out.append(("IPv4-mapped", addr.ipv4_mapped))
    elif int(addr) >> 32 == 0 and int(addr) > 1:
        out.append(("IPv4-compatible", ipaddress.IPv4Address(int(addr) & 0xFFFFFFFF)))
    if addr.sixtofour is not None:
        out.append(("6to4", addr.sixtofour))
    if addr.teredo is not None:
        server, client = addr.teredo
        out += [("Teredo server", server), ("Teredo client", client)]
    if any(addr in net for net in NAT64):
        out.append(("NAT64", ipaddress.IPv4Address(int(addr) & 0xFFFFFFFF)))
    return out


def _address_kind(addr: ipaddress.IPv4Address | ipaddress.IPv6Address) -> str | None:
    """Why an address is off limits ("loopback", "private", ...), or None when it is public.

    An IPv6 address that carries an IPv4 one (IPv4-mapped or -compatible, 6to4, NAT64,
    Teredo) is judged by what it carries too: `::ffff:10.0.0.1` reaches 10.0.0.1.
    """
    if isinstance(addr, ipaddress.IPv6Address):
        inner = embedded_ipv4(addr)
        for _, v4 in inner:
            kind = _address_kind(v4)
            if kind:
                return kind
        if any(form in TRANSLATED for form, _ in inner):
            return None  # a translation of the IPv4 address it carries, which is public
    for kind, flag in (
        ("loopback", addr.is_loopback),
        ("link-local", addr.is_link_local),
        ("multicast", addr.is_multicast),
        ("unspecified", addr.is_unspecified),
        ("private", addr.is_private),
        ("reserved", addr.is_reserved),
    ):
        if flag:
            return kind
    if not addr.is_global:
        return "non-public"
    return None


def _carried(addr: ipaddress.IPv4Address | ipaddress.IPv6Address, written: str) -> str:
    """" (6to4 of 10.0.0.1)" for an address that carries an IPv4 one, " (127.0.0.1)" for an
    IPv4 address written another way (2130706433), else ""."""
    if not isinstance(addr, ipaddress.IPv6Address):
        return "" if written.rstrip(".") == str(addr) else f" ({addr})"
    inner = embedded_ipv4(addr)
    return f" ({inner[0][0]} of {inner[0][1]})" if inner else ""


def _literal(host: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(host.split("%", 1)[0])
    except ValueError:
        return ipv4_literal(host)


def proxy_warning(proxy: str) -> str:
    """The one line a run through a proxy prints: the address check cannot hold there."""
    parts = urlsplit(proxy)
    shown = f"{parts.scheme}://{parts.hostname or ''}" + (f":{parts.port}" if parts.port else "")
    return (
        f"warning: fetching through the proxy {shown}: the proxy resolves host names and opens "
        "the connections, so private and loopback addresses cannot be refused behind it"
    )


def _article(kind: str) -> str:
    return "an" if kind[0] in "aeiou" else "a"


def check_url_allowed(url: str, allow_private: bool) -> None:
    """Refuse anything but http(s), and (unless allowed) hosts on non-public addresses.

    The check runs after DNS resolution, so a public-looking name that points at the
    machine's own network is refused too.
    """
    vetted_addresses(url, allow_private)


def vetted_addresses(
    url: str, allow_private: bool, *, through_proxy: bool = False
) -> tuple[str, ...] | None:
    """The addresses `url` may be fetched from, or None when any address will do.

    Raises FetchError for a scheme other than http(s) and, unless `allow_private`, for a host
    with a non-public address. `Fetcher` connects only to the addresses returned here, so a DNS
    server cannot answer one address to this check and another to the connection.
    """
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        raise FetchError(url, f"unsupported scheme {scheme or '(none)'}: only http and https URLs")
    try:
        host = parts.hostname
        port = parts.port or (443 if scheme == "https" else 80)
    except ValueError:
        raise FetchError(url, "invalid host or port in URL") from None
    if not host:
        raise FetchError(url, "URL has no host")
    if allow_private:
        return None
    literal = _literal(host)
    if literal is not None:
        kind = _address_kind(literal)
        if kind:
            raise FetchError(
                url,
                f"refused: {host} is {_article(kind)} {kind} address{_carried(literal, host)} "
                "(use --allow-private)",
            )
        return (str(literal),)
    if through_proxy:
        return None  # the proxy resolves the name: the check cannot see what it will reach
    try:
        addresses = _resolve(host, port)
    except (OSError, UnicodeError):
        raise FetchError(url, f"cannot resolve host {host}") from None
    if not addresses:
        raise FetchError(url, f"cannot resolve host {host}")
    vetted: list[str] = []
    for a in addresses:
        addr = _literal(a)
        if addr is None:
            continue
        kind = _address_kind(addr)
        if kind:
            raise FetchError(
                url,
                f"refused: {host} resolves to {_article(kind)} {kind} address ({a}); "
                "pass --allow-private to allow it",
            )
        vetted.append(a)
    if not vetted:
        raise FetchError(url, f"cannot resolve host {host}")
    return tuple(vetted)


# -- fetching ---------------------------------------------------------------------------------


def _parse_content_type(value: str | None) -> tuple[str | None, str | None]:
    if not value:
        return None, None
    media, _, rest = value.partition(";")
    charset = None
    for param in rest.split(";"):
        key, _, val = param.partition("=")
        if key.strip().lower() == "charset" and val.strip():
            charset = val.strip().strip("\"'").lower()
    return media.strip().lower() or None, charset


def _retry_after_seconds(value: str | None) -> float | None:
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


def _status_reason(status: int) -> str:
    try:
        return f"HTTP {status} {HTTPStatus(status).phrase}"
    except ValueError:
        return f"HTTP {status}"


def _retries(n: int) -> str:
    return f"{n} retries"  # kept plural even for one: callers and tests match on the phrase


def _secs(value: float) -> str:
    return f"{value:g}"


class Fetcher:
    """Fetches one URL at a time under a `FetchPolicy`; reuse one per run for keep-alive."""

    def __init__(
        self,
        policy: FetchPolicy | None = None,
        session: requests.Session | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.policy = policy or FetchPolicy()
        self._own_session = session is None
        self.session = session or requests.Session()
        self.sleep = sleep
        # Environment proxies (HTTP_PROXY, HTTPS_PROXY, ALL_PROXY, .netrc) are never used:
        # only an explicit policy.proxy is.
        self.session.trust_env = False
        if self.policy.proxy:
            self.session.proxies = {"http": self.policy.proxy, "https": self.policy.proxy}
        else:
            self.session.proxies = {}
        self.retries_used = 0  # retries made by this fetcher (the crawl's per-host budget)
        # Sockets open only to addresses vetted for the URL being fetched (no DNS rebinding).
        self.pins = install_pinning(self.session, self._vet_at_connect)
        # Called with the URL before every request (each retry and each redirect hop) and when
        # its response is in: the crawler's per-host politeness hooks.
        self.before_request: Callable[[str], None] | None = None
        self.after_request: Callable[[str], None] | None = None

    def _vet_at_connect(self, host: str, port: int) -> tuple[str, ...] | None:
        """A socket to a host the fetch loop did not vet (a proxy, say): vet it now."""
        name = f"[{host}]" if ":" in host else host
        try:
            return vetted_addresses(f"http://{name}:{port}/", self.policy.allow_private)
        except FetchError as exc:
            raise OSError(exc.reason) from None

    def close(self) -> None:
        if self._own_session:
            self.session.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def fetch(
        self, url: str, *, etag: str | None = None, last_modified: str | None = None
    ) -> FetchResult:
        """GET `url`, following redirects; a 304 comes back as a result with empty content."""
        p = self.policy
        headers = {"User-Agent": p.user_agent, "Accept": ", ".join((*p.accept_types, "*/*;q=0.1"))}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        current = url
        seen = {url}
        redirects: list[str] = []
        while True:
            try:
                addresses = vetted_addresses(current, p.allow_private, through_proxy=bool(p.proxy))
            except FetchError as exc:
                raise FetchError(url, exc.reason, url=current) from None
            parts = urlsplit(current)
            default_port = 443 if parts.scheme.lower() == "https" else 80
            self.pins.pin(parts.hostname or "", parts.port or default_port, addresses)
            resp = self._get_with_retries(url, current, headers)
            if resp.status_code in REDIRECT_STATUSES and resp.headers.get("location"):
                target = urljoin(current, resp.headers["location"].strip())
                resp.close()
                redirects.append(current)
                target = target.split("#", 1)[0]
                if target in seen:
                    raise FetchError(url, "redirect loop", url=target, status=resp.status_code)
                if len(redirects) > p.max_redirects:
                    raise FetchError(
                        url,
                        f"too many redirects (more than {p.max_redirects})",
                        url=target,
                        status=resp.status_code,
                    )
                seen.add(target)
                current = target
                continue
            try:
                return self._finish(url, current, resp, redirects)
            finally:
                if self.after_request is not None:
                    self.after_request(current)

    def _get_with_retries(
        self, url: str, current: str, headers: dict[str, str]
    ) -> requests.Response:
        p = self.policy
        last_reason = ""
        for attempt in range(p.retries + 1):
            wait = p.backoff * (2**attempt) + random.uniform(0, p.backoff * 0.1)
            if self.before_request is not None:
                self.before_request(current)
            try:
                resp = self.session.get(
                    current,
                    headers=headers,
                    stream=True,
                    timeout=(p.timeout, p.timeout),
                    allow_redirects=False,
                )
                if self.after_request is not None:
                    self.after_request(current)
            except requests.exceptions.Timeout:
                if self.after_request is not None:
                    self.after_request(current)
                last_reason = f"timed out after {_secs(p.timeout)} s"
            except requests.exceptions.ConnectionError as exc:
                if self.after_request is not None:
                    self.after_request(current)
                last_reason = f"connection failed ({_short(exc)})"
            except requests.exceptions.RequestException as exc:
                raise FetchError(url, f"request failed ({_short(exc)})", url=current) from None
            else:
                if resp.status_code not in RETRY_STATUSES:
                    return resp
                status = resp.status_code
                retry_after = _retry_after_seconds(resp.headers.get("retry-after"))
                resp.close()
                if retry_after is not None and retry_after > p.max_retry_after:
                    raise FetchError(
                        url,
                        f"Retry-After of {_secs(round(retry_after))} s exceeds the "
                        f"{_secs(p.max_retry_after)} s limit",
                        url=current,
                        status=status,
                    )
                if attempt == p.retries:
                    suffix = f" after {_retries(p.retries)}" if p.retries else ""
                    raise FetchError(
                        url, f"{_status_reason(status)}{suffix}", url=current, status=status
                    )
                if retry_after is not None:
                    wait = retry_after
                self.retries_used += 1
                self.sleep(wait)
                continue
            if attempt == p.retries:
                suffix = f" ({_retries(p.retries)})" if p.retries else ""
                raise FetchError(url, f"{last_reason}{suffix}", url=current)
            self.retries_used += 1
            self.sleep(wait)
        raise AssertionError("unreachable")  # pragma: no cover

    def _finish(
        self, url: str, current: str, resp: requests.Response, redirects: list[str]
    ) -> FetchResult:
        p = self.policy
        status = resp.status_code
        headers = {k.lower(): v for k, v in resp.headers.items()}
        media, charset = _parse_content_type(headers.get("content-type"))

        def result(content: bytes) -> FetchResult:
            return FetchResult(
                url=url,
                final_url=current,
                status=status,
                headers=headers,
                content=content,
                content_type=media,
                encoding=charset,
                etag=headers.get("etag"),
                last_modified=headers.get("last-modified"),
                redirects=redirects,
                fetched_at=datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            )

        try:
            if status == 304:
                return result(b"")
            if status >= 300:
                raise FetchError(url, _status_reason(status), url=current, status=status)
            if media is not None and media not in p.accept_types:
                raise FetchError(
                    url, f"content type {media} is not HTML or text", url=current, status=status
                )
            declared = headers.get("content-length", "")
            if declared.isdigit() and int(declared) > p.max_bytes:
                raise FetchError(
                    url, f"response larger than {p.max_bytes:,} bytes", url=current, status=status
                )
            body = self._read_body(url, current, resp, status)
        finally:
            resp.close()
        if _textual(media) and b"\x00" in body[:SNIFF_BYTES]:
            shown = media or "none given"
            raise FetchError(
                url,
                f"binary content (NUL bytes) despite content type {shown}",
                url=current,
                status=status,
            )
        return result(body)

    def _read_body(self, url: str, current: str, resp: requests.Response, status: int) -> bytes:
        p = self.policy
        deadline = time.monotonic() + p.timeout
        # A server can drip one byte just inside the read timeout, forever; the read of one
        # chunk would never end. When the deadline passes, the watchdog shuts the socket,
        # which ends the blocked read, and the fetch fails as a timeout.
        expired = threading.Event()

        def abort() -> None:
            expired.set()
            sock = getattr(getattr(resp.raw, "_connection", None), "sock", None)
            if sock is not None:
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)

        def timed_out() -> FetchError:
            return FetchError(
                url, f"timed out after {_secs(p.timeout)} s", url=current, status=status
            )

        watchdog = threading.Timer(p.timeout, abort)
        watchdog.daemon = True
        watchdog.start()
        chunks: list[bytes] = []
        size = 0
        try:
            for chunk in resp.iter_content(CHUNK):
                size += len(chunk)
                if size > p.max_bytes:
                    raise FetchError(
                        url,
                        f"response larger than {p.max_bytes:,} bytes",
                        url=current,
                        status=status,
                    )
                if expired.is_set() or time.monotonic() > deadline:
                    raise timed_out()
                chunks.append(chunk)
        except (requests.exceptions.ConnectionError, requests.exceptions.Timeout) as exc:
            if expired.is_set() or "timed out" in str(exc).lower():
                raise timed_out() from None
            raise FetchError(
                url, f"connection broken while reading ({_short(exc)})", url=current, status=status
            ) from None
        except requests.exceptions.RequestException as exc:
            if expired.is_set():
                raise timed_out() from None
            raise FetchError(
                url, f"could not read the response ({_short(exc)})", url=current, status=status
            ) from None
        finally:
            watchdog.cancel()
        if expired.is_set():
            raise timed_out()
        return b"".join(chunks)


def _textual(media: str | None) -> bool:
    """Types whose body must be text (a gzip sitemap, say, is binary by design)."""
    return media is None or media.startswith("text/") or media in HTML_TYPES or "xml" in media


def _short(exc: BaseException) -> str:
    """The innermost cause of a requests error, on one short line."""
    inner: BaseException = exc
    while True:
        nxt = inner.__cause__ or inner.__context__
        if nxt is None or nxt is inner:
            break
        inner = nxt
    text = " ".join(str(inner).split()) or type(inner).__name__
    return text if len(text) <= 120 else text[:117] + "..."
