"""The triage web app: the static report's pages, with Dismiss / Accept / Reopen on each finding.

A Starlette application served by uvicorn. Pages are rendered from the report's own templates
(the review templates extend them), so article text reaches the page only through Jinja's
autoescaping, under the same hash-pinned content security policy as the static report; the
only change is `form-action 'self'` so the decision forms can post back.

Guarding, on every request:
- with a token (`--token` or BACAUDIT_SERVE_TOKEN), nothing is served without it: a bearer
  header, or a cookie set after the first visit with `?token=...`;
- without one (loopback only), the Host header must name the loopback address, so a page on
  another site cannot reach the app through DNS rebinding;
- every POST carries a CSRF token tied to the browser's session cookie, and a cross-origin
  Origin header is refused.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections import Counter
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

from jinja2 import ChoiceLoader, Environment, PackageLoader, StrictUndefined
from markupsafe import Markup
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import Route

from .decisions import REASONS, Decision, DecisionStore, now_iso, validate

STATIC = Path(__file__).resolve().parent / "static"
STATUSES = ("open", "dismissed", "accepted")
REASON_LABELS = {"false_positive": "false positive", "wont_fix": "won't fix", "to_fix": "to fix"}
TOKEN_ENV = "BACAUDIT_SERVE_TOKEN"
TOKEN_COOKIE = "bacaudit_token"
SESSION_COOKIE = "bacaudit_session"
REVIEWER_COOKIE = "bacaudit_reviewer"
MAX_FORM = 16_384
LOOPBACK_NAMES = {"127.0.0.1", "localhost", "::1"}


@dataclass(frozen=True)
class Assets:
    css: Markup
    js: Markup
    csp: str  # for the page's <meta> and the response header


@cache
def assets() -> Assets:
    from ..report.html import STATIC as REPORT_STATIC

    css = (
        (REPORT_STATIC / "report.css").read_text(encoding="utf-8")
        + "\n"
        + (STATIC / "review.css").read_text(encoding="utf-8")
    )
    js = (REPORT_STATIC / "report.js").read_text(encoding="utf-8")
    from ..report.html import content_policy

    return Assets(Markup(css), Markup(js), content_policy(css, js, form_action="'self'"))


@cache
def env() -> Environment:
    return Environment(
        loader=ChoiceLoader(
            [
                PackageLoader("bacaudit.review", "templates"),
                PackageLoader("bacaudit.report", "templates"),
            ]
        ),
        autoescape=True,
        undefined=StrictUndefined,
    )


@dataclass
class ReviewState:
    """What the app holds: where the findings come from, the decisions, the secrets."""

    source: Any  # CrawlSource | ResultsSource
    decisions_path: Path
    refs: Any = None
    token: str | None = None
    allowed_hosts: frozenset[str] = frozenset()
    reviewer: str = ""
    secret: bytes = field(default_factory=lambda: secrets.token_bytes(32))
    _key: Any = None
    _snapshot: Any = None

    def snapshot(self):
        key = self.source.key()
        if key != self._key or self._snapshot is None:
            self._snapshot, self._key = self.source.load(), key
        return self._snapshot

    def decisions(self) -> dict[str, Decision]:
        with DecisionStore(self.decisions_path) as store:
            return store.all()

    def csrf_for(self, session: str) -> str:
        return hmac.new(self.secret, session.encode(), hashlib.sha256).hexdigest()[:40]


def status_of(decision: Decision | None) -> str:
    return decision.status if decision is not None and decision.status in STATUSES else "open"


# -- guard (every request) ---------------------------------------------------------------------


class Guard:
    """ASGI middleware: token or loopback Host on every request, before any route runs."""

    def __init__(self, app, state: ReviewState) -> None:
        self.app = app
        self.state = state

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        state = self.state
        if state.token is None:
            host = (request.headers.get("host") or "").lower()
            name = urlsplit(f"//{host}").hostname or ""
            if name not in state.allowed_hosts:
                await PlainTextResponse("unknown host", 421)(scope, receive, send)
                return
        else:
            supplied = _supplied_token(request)
            if supplied is None or not hmac.compare_digest(supplied.encode(), state.token.encode()):
                await PlainTextResponse(
                    "bacaudit serve: a token is required (open the address printed at start)",
                    401,
                    headers={"WWW-Authenticate": 'Bearer realm="bacaudit"'},
                )(scope, receive, send)
                return
            if "token" in request.query_params:  # first visit: keep it in a cookie, not the URL
                rest = [(k, v) for k, v in request.query_params.multi_items() if k != "token"]
                target = request.url.path + (f"?{urlencode(rest)}" if rest else "")
                response = RedirectResponse(target, 303)
                response.set_cookie(
                    TOKEN_COOKIE, state.token, httponly=True, samesite="strict", path="/"
                )
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)


def _supplied_token(request: Request) -> str | None:
    auth = request.headers.get("authorization", "")
    if auth.lower().startswith("bearer "):
        return auth[7:].strip()
    return request.query_params.get("token") or request.cookies.get(TOKEN_COOKIE)


# -- pages ---------------------------------------------------------------------------------------


def _headers() -> dict[str, str]:
    return {
        "Content-Security-Policy": assets().csp + "; frame-ancestors 'none'",
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "no-referrer",
        "X-Frame-Options": "DENY",
        "Cache-Control": "no-store",
    }


def _session(request: Request) -> tuple[str, bool]:
    s = request.cookies.get(SESSION_COOKIE)
    if s and 16 <= len(s) <= 64 and s.isalnum():
        return s, False
    return secrets.token_hex(16), True


def _page(request: Request, template: str, context: dict[str, Any]) -> HTMLResponse:
    state: ReviewState = request.app.state.review
    session, fresh = _session(request)
    here = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    review = context.setdefault("review", {})
    review.update(
        csrf=state.csrf_for(session),
        here=here,
        reviewer=request.cookies.get(REVIEWER_COOKIE) or state.reviewer,
        statuses=STATUSES,
        status=request.query_params.get("status") if _status_param(request) else "",
        reason_labels=REASON_LABELS,
    )
    html = env().get_template(template).render(**context)
    response = HTMLResponse(html, headers=_headers())
    if fresh:
        response.set_cookie(SESSION_COOKIE, session, httponly=True, samesite="strict", path="/")
    return response


def _status_param(request: Request) -> str | None:
    s = request.query_params.get("status")
    return s if s in STATUSES else None


def _common(state: ReviewState) -> dict[str, Any]:
    from ..report.html import _common as report_common

    common = report_common(state.refs)
    a = assets()
    common.update(css=a.css, js=a.js, csp=a.csp)
    return common


async def index(request: Request) -> Response:
    from ..report.html import index_context

    state: ReviewState = request.app.state.review
    snap = state.snapshot()
    decisions = state.decisions()
    ctx = index_context(snap.results, snap.pages, snap.errors)
    by_page: dict[str, Counter[str]] = {}
    totals: Counter[str] = Counter()
    for r, page in zip(snap.results, snap.pages, strict=True):
        c = Counter(status_of(decisions.get(f.fingerprint)) for f in r.findings)
        by_page[page] = c
        totals.update(c)
    wanted = _status_param(request)
    if wanted:
        ctx["rows"] = [row for row in ctx["rows"] if by_page[row["page"]][wanted]]
    ctx["review"] = {
        "by_page": by_page,
        "totals": totals,
        "total": sum(totals.values()),
        "origin": snap.origin,
    }
    return _page(request, "review_index.html.j2", {**_common(state), **ctx, "root": ""})


async def article(request: Request) -> Response:
    from ..report.html import _article_context

    state: ReviewState = request.app.state.review
    snap = state.snapshot()
    result = snap.by_page(request.path_params["page"])
    if result is None:
        return PlainTextResponse("no such article in this run", 404, headers=_headers())
    decisions = state.decisions()
    ctx = _article_context(result)
    counts: Counter[str] = Counter()
    for item, f in zip(ctx["findings"], result.findings, strict=True):
        d = decisions.get(f.fingerprint)
        item.update(fingerprint=f.fingerprint, decision=d, status=status_of(d))
        counts[item["status"]] += 1
    total = len(ctx["findings"])
    wanted = _status_param(request)
    if wanted:
        ctx["findings"] = [item for item in ctx["findings"] if item["status"] == wanted]
    ctx["review"] = {"counts": counts, "total": total, "no_text": not result.article.text}
    ctx.setdefault("extract_href", None)  # the static report links a JSON file; the app has none
    return _page(request, "review_article.html.j2", {**_common(state), **ctx, "root": "../"})


async def rules(request: Request) -> Response:
    from ..report.html import rules_context

    state: ReviewState = request.app.state.review
    ctx = {"rules": rules_context(state.snapshot().results)}
    return _page(request, "review_rules.html.j2", {**_common(state), **ctx, "root": ""})


# -- forms ---------------------------------------------------------------------------------------


async def _form(request: Request) -> dict[str, str] | Response:
    """The POSTed form after the CSRF and Origin checks, or the response refusing it."""
    state: ReviewState = request.app.state.review
    origin = request.headers.get("origin")
    if origin and origin != "null":
        o = urlsplit(origin)
        if (o.netloc or "").lower() != (request.headers.get("host") or "").lower():
            return PlainTextResponse("cross-origin form refused", 403)
    body = await request.body()
    if len(body) > MAX_FORM:
        return PlainTextResponse("form too large", 413)
    fields = {k: v[0] for k, v in parse_qs(body.decode("utf-8", "replace")).items()}
    session = request.cookies.get(SESSION_COOKIE) or ""
    expected = state.csrf_for(session) if session else ""
    if not session or not hmac.compare_digest(fields.get("csrf", ""), expected):
        return PlainTextResponse("form expired or forged (CSRF check failed): reload the page", 403)
    return fields


def _back(fields: dict[str, str], anchor: str = "") -> str:
    """Where to go after a form: a page of this app only (never another host)."""
    nxt = fields.get("next") or "/"
    parts = urlsplit(nxt)
    if parts.scheme or parts.netloc or not nxt.startswith("/") or nxt.startswith("//"):
        nxt = "/"
    return nxt + (f"#card-{anchor}" if anchor.isdigit() else "")


async def decide(request: Request) -> Response:
    state: ReviewState = request.app.state.review
    fields = await _form(request)
    if isinstance(fields, Response):
        return fields
    action = fields.get("action")
    status = {"dismiss": "dismissed", "accept": "accepted", "reopen": "open"}.get(action or "")
    if status is None:
        return PlainTextResponse("unknown action", 400)
    fingerprint = fields.get("fingerprint", "")
    finding = _find(state, fingerprint)
    if finding is None:
        return PlainTextResponse("no finding with that fingerprint in this run", 404)
    reason = fields.get("reason") if status == "dismissed" else REASONS[status][0]
    by = request.cookies.get(REVIEWER_COOKIE) or state.reviewer
    from ..errors import BacauditError

    try:
        decision = validate(
            {
                "fingerprint": fingerprint,
                "status": status,
                "reason": reason if reason in REASONS[status] else REASONS[status][0],
                "note": fields.get("note") or None,
                "by": by or None,
                "at": now_iso(),
                "rule": finding[1].rule,
                "source": finding[0].article.source,
                "text": finding[1].text,
            },
            "form",
        )
    except BacauditError as exc:
        return PlainTextResponse(str(exc), 400)
    with DecisionStore(state.decisions_path) as store:
        store.record(decision)
    return RedirectResponse(_back(fields, fields.get("card", "")), 303)


def _find(state: ReviewState, fingerprint: str):
    for r in state.snapshot().results:
        for f in r.findings:
            if f.fingerprint == fingerprint:
                return r, f
    return None


async def set_reviewer(request: Request) -> Response:
    fields = await _form(request)
    if isinstance(fields, Response):
        return fields
    name = " ".join((fields.get("by") or "").split())[:80]
    response = RedirectResponse(_back(fields), 303)
    if name:
        response.set_cookie(
            REVIEWER_COOKIE, name, httponly=True, samesite="strict", path="/", max_age=31536000
        )
    return response


async def not_found(request: Request, exc: Exception) -> Response:
    return PlainTextResponse("not found", 404, headers=_headers())


def create_app(state: ReviewState) -> Guard:
    app = Starlette(
        routes=[
            Route("/", index),
            Route("/index.html", index),
            Route("/rules.html", rules),
            Route("/articles/{page}", article),
            Route("/decide", decide, methods=["POST"]),
            Route("/reviewer", set_reviewer, methods=["POST"]),
        ],
        exception_handlers={404: not_found},
    )
    app.state.review = state
    return Guard(app, state)
