"""`bacaudit serve`: triage findings in the browser (see docs/review.md).

Exit codes: 0 stopped, 2 bad usage (no data, a non-loopback address without a token).
"""

from __future__ import annotations

import ipaddress
import os
import sys
from pathlib import Path


def add_parser(sub) -> None:
    p = sub.add_parser(
        "serve",
        help="triage findings in the browser: dismiss, accept, reopen (decisions in SQLite)",
        description="Serve the report's index and article pages locally, with Dismiss / Accept "
        "/ Reopen on every finding. Decisions are kept in SQLite, keyed by the finding's "
        "fingerprint, so they hold across runs while the flagged text is unchanged.",
    )
    src = p.add_mutually_exclusive_group(required=True)
    src.add_argument(
        "--db", help="crawl database: shows its newest run; decisions are stored in it"
    )
    src.add_argument(
        "--results",
        metavar="FILE",
        help="saved audit output (--format jsonl or json) to review",
    )
    p.add_argument(
        "--decisions-db",
        metavar="FILE",
        help="where decisions are kept with --results (default: FILE.decisions.sqlite beside "
        "it); with --db they go into the crawl database",
    )
    p.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    p.add_argument("--port", type=int, default=8765, help="port (default 8765; 0: any free one)")
    p.add_argument(
        "--token",
        help="secret every request must carry; required for a non-loopback --host "
        "(or set BACAUDIT_SERVE_TOKEN)",
    )
    p.add_argument(
        "--reviewer",
        help="name recorded with decisions until one is set in the page (default: $USER)",
    )
    p.add_argument("--refs", help="reference set folder (default: the bundled one)")
    p.set_defaults(func=run)


def is_loopback(host: str) -> bool:
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def build_state(args):
    from ..errors import BacauditError
    from ..review.app import LOOPBACK_NAMES, TOKEN_ENV, ReviewState
    from ..review.data import CrawlSource, ResultsSource

    token = args.token or os.environ.get(TOKEN_ENV) or None
    if not is_loopback(args.host) and not token:
        raise BacauditError(
            f"serve: --host {args.host} is reachable from other machines; give --token "
            f"(or set {TOKEN_ENV}) so every request must carry it"
        )
    if token is not None and len(token) < 12:
        raise BacauditError("serve: the token must be at least 12 characters")
    if args.db:
        source = CrawlSource(args.db)
        decisions = Path(args.db)
    else:
        source = ResultsSource(args.results)
        decisions = Path(args.decisions_db or f"{args.results}.decisions.sqlite")
    from ..reference import load_reference_set

    return ReviewState(
        source=source,
        decisions_path=decisions,
        refs=load_reference_set(args.refs),
        token=token,
        allowed_hosts=frozenset(LOOPBACK_NAMES | {args.host.lower().strip("[]")}),
        reviewer=args.reviewer or os.environ.get("USER") or "reviewer",
    )


def run(args) -> int:
    import socket

    import uvicorn

    from ..errors import BacauditError
    from ..review.app import create_app

    state = build_state(args)
    family = socket.AF_INET6 if ":" in args.host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((args.host.strip("[]"), args.port))
    except OSError as exc:
        sock.close()
        where = f"{args.host}:{args.port}"
        raise BacauditError(f"serve: cannot listen on {where} ({exc.strerror})") from None
    port = sock.getsockname()[1]
    shown = f"[{args.host}]" if family == socket.AF_INET6 else args.host
    url = f"http://{shown}:{port}/"
    if state.token:
        url += "?token=<your token>" if not args.token else f"?token={state.token}"
    print(f"bacaudit: reviewing {state.snapshot().origin} at {url}", file=sys.stderr, flush=True)
    print(f"bacaudit: decisions are kept in {state.decisions_path}", file=sys.stderr, flush=True)
    config = uvicorn.Config(
        create_app(state), log_level="warning", access_log=False, server_header=False
    )
    uvicorn.Server(config).run(sockets=[sock])
    return 0
