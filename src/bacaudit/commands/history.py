"""`bacaudit history --db PATH`: the runs of a crawl database with their counts and the
fingerprint of the auditor that produced each run (and, below the table, what changed in the
auditor between consecutive runs)."""

from __future__ import annotations

import json
import sys
from itertools import pairwise

COLUMNS = (
    ("pages_fetched", "fetched"),
    ("not_modified", "304"),
    ("audited", "audited"),
    ("findings", "findings"),
    ("new", "new"),
    ("resolved", "resolved"),
    ("gone", "gone"),
    ("errors", "errors"),
)


def add_parser(sub) -> None:
    p = sub.add_parser("history", help="list the runs kept in a crawl database")
    p.add_argument("--db", required=True, help="the crawl's SQLite database")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.set_defaults(func=run)


def run(args) -> int:
    import sqlite3
    from pathlib import Path

    from ..crawl.fingerprint import changes
    from ..store import Store

    if not Path(args.db).is_file():
        print(f"bacaudit: {args.db}: no such crawl database", file=sys.stderr)
        return 2
    try:
        store = Store(args.db)
    except sqlite3.DatabaseError as exc:
        print(f"bacaudit: {args.db}: not a crawl database ({exc})", file=sys.stderr)
        return 2
    try:
        runs = store.runs()
    finally:
        store.close()
    if args.format == "json":
        json.dump({"runs": runs}, sys.stdout, indent=2)
        sys.stdout.write("\n")
        return 0
    header = f"{'run':>4}  {'job':<20} {'status':<10} {'started':<20} {'auditor':<12} " + " ".join(
        f"{title:>8}" for _, title in COLUMNS
    )
    print(header)
    for r in runs:
        s = r["summary"] or {}
        counts = " ".join(f"{s.get(key, '-')!s:>8}" for key, _ in COLUMNS)
        started = (r["started_at"] or "")[:19].replace("T", " ")
        fp = r.get("auditor_fp") or "-"
        print(
            f"{r['id']:>4}  {r['job'][:20]:<20} {r['status']:<10} {started:<20} {fp:<12} {counts}"
        )
    if not runs:
        print("(no runs yet)")
    for before, after in pairwise(runs):
        if before.get("auditor_fp") != after.get("auditor_fp") and before.get("auditor"):
            what = "; ".join(changes(before["auditor"], after.get("auditor") or {}))
            old, new = before["auditor_fp"], after["auditor_fp"]
            print(f"run {after['id']}: auditor {old} -> {new}: {what}")
    return 0
