"""Reviewers' decisions on findings, kept in SQLite and keyed by the finding's fingerprint.

A finding's fingerprint (`Finding.fingerprint`: rule + normalised flagged text) survives
re-runs and edits elsewhere on the page, so a decision made once holds until the flagged text
itself changes. The same text flagged by the same rule on another page shares the decision:
template boilerplate is dismissed once, not once per page.

The table lives in whatever SQLite file it is given: a crawl database (so crawl runs apply the
decisions made on it) or a file of its own beside saved audit output. It is created here with
`IF NOT EXISTS`, apart from the crawl store's migrations, so either kind of file works.

Statuses: "dismissed" (false positive or won't fix: hidden from output and exit codes),
"accepted" (confirmed, to fix: still reported) and "open" (reopened: kept as a row so that an
older decision arriving by import does not undo the reopening; newest decision wins).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import closing, contextmanager
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ..errors import BacauditError, read_json_list

STATUSES = ("dismissed", "accepted", "open")
EXPORTED = ("dismissed", "accepted")
REASONS = {
    "dismissed": ("false_positive", "wont_fix"),
    "accepted": ("to_fix",),
    "open": ("reopened",),
}
MAX_NOTE = 2000
MAX_BY = 80

_SCHEMA = """
CREATE TABLE IF NOT EXISTS decisions (
    fingerprint TEXT PRIMARY KEY,
    status TEXT NOT NULL,
    reason TEXT,
    note TEXT,
    by TEXT,
    at TEXT NOT NULL,
    rule TEXT,
    source TEXT,
    text TEXT
)
"""


def now_iso() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _when(value: str) -> datetime:
    """An ISO 8601 time as an aware datetime (naive times are read as UTC)."""
    dt = datetime.fromisoformat(value.replace("Z", "+00:00"))
    return dt if dt.tzinfo else dt.replace(tzinfo=UTC)


@dataclass(slots=True)
class Decision:
    fingerprint: str
    status: str
    reason: str | None = None
    note: str | None = None
    by: str | None = None
    at: str = ""
    # where the decision was made, for people reading an export; not part of the key
    rule: str | None = None
    source: str | None = None
    text: str | None = None

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        return {k: v for k, v in d.items() if v is not None}


def _clean(value: Any, limit: int) -> str | None:
    if value is None:
        return None
    text = " ".join(str(value).split()) if limit <= MAX_BY else str(value).strip()
    return text[:limit] or None


def validate(d: dict[str, Any], where: str) -> Decision:
    """One decision from JSON or a form, or a one-line error naming `where` and the field."""
    if not isinstance(d, dict):
        raise BacauditError(f"{where}: a decision must be an object")
    fp = d.get("fingerprint")
    if not isinstance(fp, str) or not fp.strip() or len(fp) > 128:
        raise BacauditError(f"{where}: fingerprint missing or not a string")
    status = d.get("status")
    if status not in STATUSES:
        raise BacauditError(f"{where}: status must be one of {', '.join(STATUSES)}")
    reason = d.get("reason")
    if reason is not None and reason not in REASONS[status]:
        allowed = ", ".join(REASONS[status])
        raise BacauditError(f"{where}: reason for {status} must be one of {allowed}")
    at = d.get("at") or now_iso()
    try:
        _when(str(at))
    except ValueError:
        raise BacauditError(f"{where}: at is not an ISO 8601 time ({at!r})") from None
    return Decision(
        fingerprint=fp.strip(),
        status=status,
        reason=reason,
        note=_clean(d.get("note"), MAX_NOTE),
        by=_clean(d.get("by"), MAX_BY),
        at=str(at),
        rule=_clean(d.get("rule"), 16),
        source=_clean(d.get("source"), MAX_NOTE),
        text=_clean(d.get("text"), MAX_NOTE),
    )


class DecisionStore:
    """The decisions table of one SQLite file; every write is one transaction."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.conn = sqlite3.connect(self.path, isolation_level=None, timeout=30.0)
            self.conn.row_factory = sqlite3.Row
            self.conn.execute("PRAGMA journal_mode=WAL")
            self.conn.execute(_SCHEMA)
        except sqlite3.Error as exc:
            where = self.path
            raise BacauditError(f"{where}: cannot open the decisions database ({exc})") from None

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> DecisionStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def _tx(self) -> Iterator[sqlite3.Connection]:
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self.conn
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        else:
            self.conn.execute("COMMIT")

    def all(self) -> dict[str, Decision]:
        rows = self.conn.execute("SELECT * FROM decisions ORDER BY fingerprint").fetchall()
        return {r["fingerprint"]: Decision(**dict(r)) for r in rows}

    def get(self, fingerprint: str) -> Decision | None:
        row = self.conn.execute(
            "SELECT * FROM decisions WHERE fingerprint = ?", (fingerprint,)
        ).fetchone()
        return Decision(**dict(row)) if row else None

    def record(self, decision: Decision) -> None:
        """Set the decision for its fingerprint (a reviewer's action: always the newest)."""
        with self._tx():
            self._put(decision)

    def _put(self, d: Decision) -> None:
        self.conn.execute(
            "INSERT OR REPLACE INTO decisions "
            "(fingerprint, status, reason, note, by, at, rule, source, text) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (d.fingerprint, d.status, d.reason, d.note, d.by, d.at, d.rule, d.source, d.text),
        )

    def merge(self, decisions: Iterable[Decision]) -> tuple[int, int]:
        """Import: for each fingerprint the newer decision wins. Returns (taken, kept older)."""
        taken = skipped = 0
        with self._tx():
            for d in decisions:
                current = self.get(d.fingerprint)
                if current is not None and _when(current.at) >= _when(d.at):
                    skipped += 1
                    continue
                self._put(d)
                taken += 1
        return taken, skipped

    def dismissed(self) -> set[str]:
        rows = self.conn.execute("SELECT fingerprint FROM decisions WHERE status = 'dismissed'")
        return {r[0] for r in rows}

    def export(self) -> dict[str, Any]:
        return export_document(self.all().values())


def export_document(decisions: Iterable[Decision]) -> dict[str, Any]:
    """`{"decisions": [...]}`: dismissed and accepted decisions, oldest first."""
    kept = [d for d in decisions if d.status in EXPORTED]
    kept.sort(key=lambda d: (_when(d.at), d.fingerprint))
    return {"decisions": [d.to_dict() for d in kept]}


def load_decisions_file(path: str | Path) -> list[Decision]:
    """The decisions of an exported file; a missing or broken file is a one-line error."""
    p = Path(path)
    entries = read_json_list(p, "decisions", "decisions file", "decisions file")
    return [validate(e, f"{p}: decision {i}") for i, e in enumerate(entries)]


def dismissed_in_file(path: str | Path) -> set[str]:
    """Fingerprints whose newest decision in the file is "dismissed"."""
    newest: dict[str, Decision] = {}
    for d in load_decisions_file(path):
        cur = newest.get(d.fingerprint)
        if cur is None or _when(d.at) > _when(cur.at):
            newest[d.fingerprint] = d
    return {fp for fp, d in newest.items() if d.status == "dismissed"}


def dismissed_in_db(conn: sqlite3.Connection) -> set[str]:
    """Dismissed fingerprints of a database that may have no decisions table yet (read only)."""
    try:
        with closing(
            conn.execute("SELECT fingerprint FROM decisions WHERE status = 'dismissed'")
        ) as cur:
            return {r[0] for r in cur}
    except sqlite3.OperationalError:  # no such table: nobody has decided anything here
        return set()


def hide_dismissed(results: Iterable[Any], dismissed: set[str]) -> int:
    """Drop dismissed findings from `results` in place and re-score; returns how many went."""
    if not dismissed:
        return 0
    from ..score import score_findings

    hidden = 0
    for r in results:
        kept = [f for f in r.findings if f.fingerprint not in dismissed]
        if len(kept) != len(r.findings):
            hidden += len(r.findings) - len(kept)
            r.findings = kept
            r.score, r.score_breakdown = score_findings(kept)
    return hidden
