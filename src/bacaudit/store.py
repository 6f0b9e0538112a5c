"""Crawl state and history in one SQLite file.

WAL mode so `bacaudit history` can read while a crawl writes; append-only named migrations
(a migration, once shipped, is never edited: a change is a new entry at the end); and one
write path, `Store.write()`, so every page lands in a single transaction (frontier state, page,
fetch, audit and findings together) and a crawl killed at any instant resumes without losing
a page or auditing one twice.

For analysis, `findings_dataframe(db_path, run_id=None)` loads findings into pandas.
"""

from __future__ import annotations

import json
import os
import sqlite3
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from .models import Article, AuditResult, Block, Claim, Finding, ReferenceRef

MIGRATIONS: list[tuple[str, str]] = [
    (
        "0001_crawl_state",
        """
        CREATE TABLE runs (
            id INTEGER PRIMARY KEY,
            job TEXT NOT NULL,
            job_config TEXT NOT NULL,
            status TEXT NOT NULL DEFAULT 'running',  -- running | completed
            seeded INTEGER NOT NULL DEFAULT 0,
            pid INTEGER,
            started_at TEXT NOT NULL,
            finished_at TEXT,
            summary TEXT,  -- JSON counts, set when the run completes
            diff TEXT      -- JSON diff against the previous completed run
        );
        CREATE INDEX runs_job ON runs(job, status);
        CREATE TABLE frontier (
            run_id INTEGER NOT NULL REFERENCES runs(id),
            url TEXT NOT NULL,
            depth INTEGER NOT NULL,
            state TEXT NOT NULL DEFAULT 'pending',
            found_via TEXT,
            note TEXT,
            PRIMARY KEY (run_id, url)
        );
        CREATE INDEX frontier_state ON frontier(run_id, state);
        CREATE TABLE texts (
            sha256 TEXT PRIMARY KEY,
            text TEXT NOT NULL
        );
        CREATE TABLE audits (
            id INTEGER PRIMARY KEY,
            run_id INTEGER NOT NULL REFERENCES runs(id),
            url TEXT NOT NULL,
            fetched_url TEXT NOT NULL,
            text_sha256 TEXT NOT NULL REFERENCES texts(sha256),
            title TEXT,
            score INTEGER,
            carried_from INTEGER REFERENCES audits(id),
            result TEXT NOT NULL,
            audited_at TEXT NOT NULL,
            UNIQUE (run_id, url)
        );
        CREATE TABLE findings (
            id INTEGER PRIMARY KEY,
            audit_id INTEGER NOT NULL REFERENCES audits(id),
            run_id INTEGER NOT NULL REFERENCES runs(id),
            url TEXT NOT NULL,
            fingerprint TEXT NOT NULL,
            rule TEXT NOT NULL,
            name TEXT,
            category TEXT NOT NULL,
            severity TEXT NOT NULL,
            text TEXT NOT NULL,
            start INTEGER NOT NULL,
            "end" INTEGER NOT NULL,
            message TEXT NOT NULL,
            reference TEXT
        );
        CREATE INDEX findings_run ON findings(run_id, url, fingerprint);
        CREATE TABLE pages (
            url TEXT PRIMARY KEY,
            canonical TEXT,
            etag TEXT,
            last_modified TEXT,
            text_sha256 TEXT,
            status INTEGER,
            last_seen_run INTEGER REFERENCES runs(id),
            last_audit_id INTEGER REFERENCES audits(id),
            links TEXT
        );
        CREATE TABLE fetches (
            id INTEGER PRIMARY KEY,
            run_id INTEGER NOT NULL REFERENCES runs(id),
            kind TEXT NOT NULL,      -- page | robots | sitemap
            url TEXT NOT NULL,
            page_key TEXT,
            final_url TEXT,
            status INTEGER,
            outcome TEXT NOT NULL,   -- fetched | not_modified | error
            error TEXT,
            bytes INTEGER,
            fetched_at TEXT NOT NULL,
            seconds REAL
        );
        CREATE INDEX fetches_run ON fetches(run_id, kind);
        """,
    ),
    (
        "0002_robots_per_run",
        """
        CREATE TABLE robots (
            run_id INTEGER NOT NULL REFERENCES runs(id),
            origin TEXT NOT NULL,    -- scheme://host[:port]
            outcome TEXT NOT NULL,   -- rules | none (4xx: no rules) | unavailable (5xx, no answer)
            body TEXT,               -- the robots.txt text, or why it was unavailable
            fetched_at TEXT NOT NULL,
            PRIMARY KEY (run_id, origin)
        );
        """,
    ),
    (
        "0003_page_blocks",
        """
        CREATE TABLE blocks (
            audit_id INTEGER NOT NULL REFERENCES audits(id),
            run_id INTEGER NOT NULL REFERENCES runs(id),
            url TEXT NOT NULL,
            block_hash TEXT NOT NULL,  -- the block's normalised text, hashed
            start INTEGER NOT NULL,
            "end" INTEGER NOT NULL,
            flaggable INTEGER NOT NULL  -- 0 when the article suppresses a finding there
        );
        CREATE INDEX blocks_run ON blocks(run_id, block_hash);
        CREATE INDEX blocks_audit ON blocks(audit_id);
        """,
    ),
    (
        "0004_auditor_fingerprints_bodies_hosts",
        """
        CREATE TABLE fingerprints (
            fp TEXT PRIMARY KEY,        -- short hash of the components
            components TEXT NOT NULL    -- JSON: tool, reference set, config, rules, model
        );
        ALTER TABLE runs ADD COLUMN auditor_fp TEXT REFERENCES fingerprints(fp);
        ALTER TABLE audits ADD COLUMN auditor_fp TEXT REFERENCES fingerprints(fp);
        CREATE TABLE bodies (
            url TEXT PRIMARY KEY,       -- the page (pages.url) this is the latest body of
            sha256 TEXT NOT NULL,       -- of the uncompressed body
            data BLOB NOT NULL,         -- zlib-compressed body
            final_url TEXT,
            content_type TEXT,
            encoding TEXT,
            status INTEGER,
            seen_run INTEGER NOT NULL   -- the last run that saw this body (retention)
        );
        CREATE INDEX bodies_seen ON bodies(seen_run);
        ALTER TABLE frontier ADD COLUMN host TEXT;
        UPDATE frontier SET host = url_host(url);
        CREATE INDEX frontier_host ON frontier(run_id, host, state);
        CREATE TABLE hosts (
            run_id INTEGER NOT NULL REFERENCES runs(id),
            host TEXT NOT NULL,
            requested INTEGER NOT NULL DEFAULT 0,     -- page requests (the per-host cap)
            retries_used INTEGER NOT NULL DEFAULT 0,  -- against the per-host retry budget
            crawl_delay REAL,                         -- from robots.txt, when it sets one
            last_request REAL,                        -- wall-clock end of the last response
            PRIMARY KEY (run_id, host)
        );
        """,
    ),
]

# Frontier states that cost a page request (they count against max_pages).
REQUESTED_STATES = ("done", "error", "duplicate")


def url_host(url: str) -> str:
    """The host (with a non-default port) a frontier URL is crawled under."""
    return urlsplit(url).netloc.lower()


def now_iso() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


@dataclass
class PageRow:
    url: str
    canonical: str | None
    etag: str | None
    last_modified: str | None
    text_sha256: str | None
    status: int | None
    last_seen_run: int | None
    last_audit_id: int | None
    links: list[str]


class Store:
    """The crawl database. Reads anywhere; writes only inside `with store.write():`."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.conn = sqlite3.connect(self.path, isolation_level=None, timeout=30.0)
        self.conn.row_factory = sqlite3.Row
        self.conn.create_function("url_host", 1, url_host, deterministic=True)
        self.conn.execute("PRAGMA journal_mode=WAL")
        self.conn.execute("PRAGMA foreign_keys=ON")
        self.conn.execute("PRAGMA synchronous=NORMAL")
        self._in_tx = False
        self.migrate()

    def close(self) -> None:
        self.conn.close()

    # -- the one write path -----------------------------------------------------------------

    @contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """One transaction: all of it lands, or (on an error or a kill) none of it."""
        if self._in_tx:
            yield self.conn
            return
        self.conn.execute("BEGIN IMMEDIATE")
        self._in_tx = True
        try:
            yield self.conn
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        else:
            self.conn.execute("COMMIT")
        finally:
            self._in_tx = False

    def _w(self, sql: str, params: tuple | list = ()) -> sqlite3.Cursor:
        if not self._in_tx:
            raise RuntimeError("store writes must happen inside Store.write()")
        return self.conn.execute(sql, params)

    def migrate(self) -> list[str]:
        """Apply the migrations this file has not seen yet, in order; returns their names."""
        with self.write():
            self._w(
                "CREATE TABLE IF NOT EXISTS migrations (name TEXT PRIMARY KEY, applied_at TEXT)"
            )
            done = {r[0] for r in self.conn.execute("SELECT name FROM migrations")}
            applied = []
            for name, sql in MIGRATIONS:
                if name in done:
                    continue
                for statement in _statements(sql):
                    self._w(statement)
                self._w("INSERT INTO migrations VALUES (?, ?)", (name, now_iso()))
                applied.append(name)
        return applied

    # -- runs -------------------------------------------------------------------------------

    def unfinished_run(self, job: str) -> int | None:
        row = self.conn.execute(
            "SELECT id FROM runs WHERE job = ? AND status = 'running' ORDER BY id DESC LIMIT 1",
            (job,),
        ).fetchone()
        return row[0] if row else None

    def start_run(self, job: str, config: dict[str, Any]) -> int:
        with self.write():
            cur = self._w(
                "INSERT INTO runs (job, job_config, pid, started_at) VALUES (?, ?, ?, ?)",
                (job, json.dumps(config, sort_keys=True), os.getpid(), now_iso()),
            )
            return int(cur.lastrowid or 0)

    def claim_run(self, run_id: int) -> None:
        with self.write():
            self._w("UPDATE runs SET pid = ? WHERE id = ?", (os.getpid(), run_id))

    def run_seeded(self, run_id: int) -> bool:
        row = self.conn.execute("SELECT seeded FROM runs WHERE id = ?", (run_id,)).fetchone()
        return bool(row and row[0])

    def mark_seeded(self, run_id: int) -> None:
        self._w("UPDATE runs SET seeded = 1 WHERE id = ?", (run_id,))

    def previous_completed_run(self, job: str, before: int) -> int | None:
        row = self.conn.execute(
            "SELECT id FROM runs WHERE job = ? AND status = 'completed' AND id < ? "
            "ORDER BY id DESC LIMIT 1",
            (job, before),
        ).fetchone()
        return row[0] if row else None

    def finish_run(self, run_id: int, summary: dict[str, Any], diff: dict[str, Any]) -> None:
        self._w(
            "UPDATE runs SET status = 'completed', finished_at = ?, summary = ?, diff = ? "
            "WHERE id = ?",
            (now_iso(), json.dumps(summary), json.dumps(diff), run_id),
        )

    def runs(self) -> list[dict[str, Any]]:
        rows = self.conn.execute("SELECT * FROM runs ORDER BY id").fetchall()
        out = []
        for r in rows:
            d = dict(r)
            d["summary"] = json.loads(d["summary"]) if d["summary"] else self.counts(r["id"])
            d.pop("job_config", None)
            d.pop("diff", None)
            d["auditor"] = self.fingerprint(d.get("auditor_fp"))
            out.append(d)
        return out

    # -- frontier ---------------------------------------------------------------------------

    def add_frontier(self, run_id: int, url: str, depth: int, via: str) -> bool:
        cur = self._w(
            "INSERT OR IGNORE INTO frontier (run_id, url, depth, found_via, host) "
            "VALUES (?, ?, ?, ?, ?)",
            (run_id, url, depth, via, url_host(url)),
        )
        return cur.rowcount > 0

    def set_state(self, run_id: int, url: str, state: str, note: str | None = None) -> None:
        self._w(
            "UPDATE frontier SET state = ?, note = ? WHERE run_id = ? AND url = ?",
            (state, note, run_id, url),
        )

    def mark_alias(self, run_id: int, url: str, of: str, depth: int) -> None:
        """Another spelling of a page audited in this run: never fetched on its own."""
        self._w(
            "INSERT OR IGNORE INTO frontier (run_id, url, depth, state, found_via, note, host) "
            "VALUES (?, ?, ?, 'alias', 'alias', ?, ?)",
            (run_id, url, depth, f"same page as {of}", url_host(url)),
        )
        self._w(
            "UPDATE frontier SET state = 'alias', note = ? "
            "WHERE run_id = ? AND url = ? AND state = 'pending'",
            (f"same page as {of}", run_id, url),
        )

    def pending(self, run_id: int, limit: int = 200) -> list[tuple[str, int]]:
        rows = self.conn.execute(
            "SELECT url, depth FROM frontier WHERE run_id = ? AND state = 'pending' "
            "ORDER BY rowid LIMIT ?",
            (run_id, limit),
        ).fetchall()
        return [(r[0], r[1]) for r in rows]

    def pending_hosts(self, run_id: int) -> list[str]:
        rows = self.conn.execute(
            "SELECT DISTINCT host FROM frontier WHERE run_id = ? AND state = 'pending'", (run_id,)
        ).fetchall()
        return sorted(r[0] for r in rows)

    def next_for_host(self, run_id: int, host: str, limit: int = 1) -> list[tuple[str, int]]:
        """The host's oldest pending URLs, in discovery order."""
        rows = self.conn.execute(
            "SELECT url, depth FROM frontier WHERE run_id = ? AND host = ? AND state = 'pending' "
            "ORDER BY rowid LIMIT ?",
            (run_id, host, limit),
        ).fetchall()
        return [(r[0], r[1]) for r in rows]

    def requested_by_host(self, run_id: int) -> dict[str, int]:
        marks = ",".join("?" * len(REQUESTED_STATES))
        rows = self.conn.execute(
            f"SELECT host, COUNT(*) FROM frontier WHERE run_id = ? AND state IN ({marks}) "
            "GROUP BY host",
            (run_id, *REQUESTED_STATES),
        ).fetchall()
        return {r[0]: int(r[1]) for r in rows}

    # -- per-host state ---------------------------------------------------------------------

    def hosts(self, run_id: int) -> dict[str, sqlite3.Row]:
        rows = self.conn.execute("SELECT * FROM hosts WHERE run_id = ?", (run_id,)).fetchall()
        return {r["host"]: r for r in rows}

    def save_host(
        self,
        run_id: int,
        host: str,
        *,
        requested: int,
        retries_used: int,
        crawl_delay: float | None,
        last_request: float | None,
    ) -> None:
        self._w(
            "INSERT INTO hosts (run_id, host, requested, retries_used, crawl_delay, last_request) "
            "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(run_id, host) DO UPDATE SET "
            "requested = excluded.requested, retries_used = excluded.retries_used, "
            "crawl_delay = excluded.crawl_delay, last_request = excluded.last_request",
            (run_id, host, requested, retries_used, crawl_delay, last_request),
        )

    # -- auditor fingerprints ---------------------------------------------------------------

    def save_fingerprint(self, fp: str, components: dict[str, Any]) -> None:
        self._w(
            "INSERT OR IGNORE INTO fingerprints (fp, components) VALUES (?, ?)",
            (fp, json.dumps(components, sort_keys=True)),
        )

    def fingerprint(self, fp: str | None) -> dict[str, Any] | None:
        if not fp:
            return None
        row = self.conn.execute(
            "SELECT components FROM fingerprints WHERE fp = ?", (fp,)
        ).fetchone()
        return json.loads(row[0]) if row else None

    def set_run_auditor(self, run_id: int, fp: str) -> None:
        self._w("UPDATE runs SET auditor_fp = ? WHERE id = ?", (fp, run_id))

    def run_auditor(self, run_id: int) -> str | None:
        row = self.conn.execute("SELECT auditor_fp FROM runs WHERE id = ?", (run_id,)).fetchone()
        return row[0] if row else None

    def audit_fp(self, audit_id: int | None) -> str | None:
        if audit_id is None:
            return None
        row = self.conn.execute(
            "SELECT auditor_fp FROM audits WHERE id = ?", (audit_id,)
        ).fetchone()
        return row[0] if row else None

    def audit_fps(self, run_id: int) -> dict[str, str | None]:
        rows = self.conn.execute(
            "SELECT url, auditor_fp FROM audits WHERE run_id = ?", (run_id,)
        ).fetchall()
        return {r[0]: r[1] for r in rows}

    # -- stored bodies (re-audits without a download) -----------------------------------------

    def save_body(self, run_id: int, url: str, result: Any) -> None:
        """Keep the page's latest body, compressed, for a re-audit when the auditor changes."""
        import hashlib

        sha = hashlib.sha256(result.content).hexdigest()
        self._w(
            "INSERT INTO bodies (url, sha256, data, final_url, content_type, encoding, status, "
            "seen_run) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(url) DO UPDATE SET "
            "sha256 = excluded.sha256, data = excluded.data, final_url = excluded.final_url, "
            "content_type = excluded.content_type, encoding = excluded.encoding, "
            "status = excluded.status, seen_run = excluded.seen_run",
            (
                url,
                sha,
                zlib.compress(result.content, 6),
                result.final_url,
                result.content_type,
                result.encoding,
                result.status,
                run_id,
            ),
        )

    def touch_body(self, run_id: int, url: str) -> None:
        self._w("UPDATE bodies SET seen_run = ? WHERE url = ?", (run_id, url))

    def has_body(self, url: str) -> bool:
        return (
            self.conn.execute("SELECT 1 FROM bodies WHERE url = ?", (url,)).fetchone() is not None
        )

    def body(self, url: str) -> dict[str, Any] | None:
        row = self.conn.execute("SELECT * FROM bodies WHERE url = ?", (url,)).fetchone()
        if row is None:
            return None
        d = dict(row)
        d["content"] = zlib.decompress(d.pop("data"))
        return d

    def prune_bodies(self, job: str, keep_runs: int) -> int:
        """Drop bodies not seen in the job's last `keep_runs` runs (0: drop them all)."""
        if keep_runs <= 0:
            return self._w("DELETE FROM bodies").rowcount
        cur = self._w(
            "DELETE FROM bodies WHERE seen_run < (SELECT MIN(id) FROM "
            "(SELECT id FROM runs WHERE job = ? ORDER BY id DESC LIMIT ?))",
            (job, keep_runs),
        )
        return cur.rowcount

    def frontier_urls(self, run_id: int, *, with_query: bool = False) -> list[str]:
        sql = "SELECT url FROM frontier WHERE run_id = ?"
        if with_query:
            sql += " AND instr(url, '?') > 0"
        return [r[0] for r in self.conn.execute(sql + " ORDER BY rowid", (run_id,))]

    def requested_count(self, run_id: int) -> int:
        marks = ",".join("?" * len(REQUESTED_STATES))
        row = self.conn.execute(
            f"SELECT COUNT(*) FROM frontier WHERE run_id = ? AND state IN ({marks})",
            (run_id, *REQUESTED_STATES),
        ).fetchone()
        return int(row[0])

    def close_frontier(self, run_id: int) -> None:
        self._w(
            "UPDATE frontier SET state = 'limit', note = 'max_pages reached' "
            "WHERE run_id = ? AND state = 'pending'",
            (run_id,),
        )

    # -- robots.txt, once per host per run ---------------------------------------------------

    def robots(self, run_id: int, origin: str) -> tuple[str, str] | None:
        row = self.conn.execute(
            "SELECT outcome, body FROM robots WHERE run_id = ? AND origin = ?", (run_id, origin)
        ).fetchone()
        return (row[0], row[1] or "") if row else None

    def save_robots(self, run_id: int, origin: str, outcome: str, body: str) -> None:
        self._w(
            "INSERT OR REPLACE INTO robots (run_id, origin, outcome, body, fetched_at) "
            "VALUES (?, ?, ?, ?, ?)",
            (run_id, origin, outcome, body, now_iso()),
        )

    # -- pages, fetches, audits -------------------------------------------------------------

    def page(self, url: str) -> PageRow | None:
        r = self.conn.execute("SELECT * FROM pages WHERE url = ?", (url,)).fetchone()
        if r is None:
            return None
        d = dict(r)
        d["links"] = json.loads(d["links"]) if d["links"] else []
        return PageRow(**d)

    def save_page(self, page: PageRow) -> None:
        self._w(
            "INSERT INTO pages (url, canonical, etag, last_modified, text_sha256, status, "
            "last_seen_run, last_audit_id, links) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT(url) DO UPDATE SET canonical = excluded.canonical, etag = excluded.etag, "
            "last_modified = excluded.last_modified, text_sha256 = excluded.text_sha256, "
            "status = excluded.status, last_seen_run = excluded.last_seen_run, "
            "last_audit_id = excluded.last_audit_id, links = excluded.links",
            (
                page.url,
                page.canonical,
                page.etag,
                page.last_modified,
                page.text_sha256,
                page.status,
                page.last_seen_run,
                page.last_audit_id,
                json.dumps(page.links),
            ),
        )

    def record_fetch(
        self,
        run_id: int,
        kind: str,
        url: str,
        outcome: str,
        *,
        page_key: str | None = None,
        final_url: str | None = None,
        status: int | None = None,
        error: str | None = None,
        size: int | None = None,
        seconds: float | None = None,
    ) -> None:
        self._w(
            "INSERT INTO fetches (run_id, kind, url, page_key, final_url, status, outcome, error, "
            "bytes, fetched_at, seconds) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                run_id,
                kind,
                url,
                page_key,
                final_url,
                status,
                outcome,
                error,
                size,
                now_iso(),
                seconds,
            ),
        )

    def audit_exists(self, run_id: int, url: str) -> bool:
        row = self.conn.execute(
            "SELECT 1 FROM audits WHERE run_id = ? AND url = ?", (run_id, url)
        ).fetchone()
        return row is not None

    def audit_id(self, run_id: int, url: str) -> int | None:
        row = self.conn.execute(
            "SELECT id FROM audits WHERE run_id = ? AND url = ?", (run_id, url)
        ).fetchone()
        return row[0] if row else None

    def audit_row(self, audit_id: int) -> sqlite3.Row | None:
        return self.conn.execute("SELECT * FROM audits WHERE id = ?", (audit_id,)).fetchone()

    def record_audit(
        self,
        run_id: int,
        url: str,
        fetched_url: str,
        result: AuditResult,
        auditor_fp: str | None = None,
    ) -> int:
        """Store a fresh audit and its findings; returns the audit id."""
        article = result.article
        data = result.to_dict()
        data["blocks"] = [[b.kind, b.start, b.end, b.region] for b in article.blocks]
        data["kind"] = article.kind
        sha = article.text_sha256
        self._w("INSERT OR IGNORE INTO texts (sha256, text) VALUES (?, ?)", (sha, article.text))
        cur = self._w(
            "INSERT INTO audits (run_id, url, fetched_url, text_sha256, title, score, result, "
            "audited_at, auditor_fp) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                run_id,
                url,
                fetched_url,
                sha,
                article.title,
                result.score,
                json.dumps(data),
                now_iso(),
                auditor_fp,
            ),
        )
        audit_id = int(cur.lastrowid or 0)
        self.insert_findings(audit_id, run_id, url, result.findings)
        return audit_id

    def insert_findings(
        self, audit_id: int, run_id: int, url: str, findings: list[Finding]
    ) -> None:
        for f in findings:
            self._w(
                "INSERT INTO findings (audit_id, run_id, url, fingerprint, rule, name, category, "
                'severity, text, start, "end", message, reference) '
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    audit_id,
                    run_id,
                    url,
                    f.fingerprint,
                    f.rule,
                    f.name,
                    f.category,
                    f.severity,
                    f.text,
                    f.start,
                    f.end,
                    f.message,
                    json.dumps(f.reference.to_dict()) if f.reference else None,
                ),
            )

    def save_blocks(
        self, audit_id: int, run_id: int, url: str, blocks: list[tuple[str, int, int, bool]]
    ) -> None:
        """The audit's candidate template blocks: (hash, start, end, flaggable)."""
        for key, start, end, flaggable in blocks:
            self._w(
                'INSERT INTO blocks (audit_id, run_id, url, block_hash, start, "end", flaggable) '
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                (audit_id, run_id, url, key, start, end, int(flaggable)),
            )

    def carry_audit(self, run_id: int, previous_id: int, fetched_url: str) -> int:
        """An unchanged page: copy its previous audit and findings into this run, unaudited."""
        prev = self.audit_row(previous_id)
        if prev is None:
            raise LookupError(f"audit {previous_id} not found")
        cur = self._w(
            "INSERT INTO audits (run_id, url, fetched_url, text_sha256, title, score, "
            "carried_from, result, audited_at, auditor_fp) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                run_id,
                prev["url"],
                fetched_url,
                prev["text_sha256"],
                prev["title"],
                prev["score"],
                prev["carried_from"] or prev["id"],
                prev["result"],
                now_iso(),
                prev["auditor_fp"],
            ),
        )
        audit_id = int(cur.lastrowid or 0)
        self._w(
            "INSERT INTO findings (audit_id, run_id, url, fingerprint, rule, name, category, "
            'severity, text, start, "end", message, reference) '
            'SELECT ?, ?, url, fingerprint, rule, name, category, severity, text, start, "end", '
            "message, reference FROM findings WHERE audit_id = ? ORDER BY id",
            (audit_id, run_id, previous_id),
        )
        self._w(
            'INSERT INTO blocks (audit_id, run_id, url, block_hash, start, "end", flaggable) '
            'SELECT ?, ?, url, block_hash, start, "end", flaggable FROM blocks '
            "WHERE audit_id = ? ORDER BY rowid",
            (audit_id, run_id, previous_id),
        )
        return audit_id

    # -- cross-page passes (template boilerplate) -------------------------------------------

    def snapshot_blocks(self, run_id: int, previous: int | None) -> list[sqlite3.Row]:
        """Blocks of this run's audits, and of the previous run's pages this run did not reach
        and that are not gone."""
        cols = 'b.audit_id, b.run_id, b.block_hash, b.start, b."end", b.flaggable, a.text_sha256'
        rows = self.conn.execute(
            f"SELECT {cols} FROM blocks b JOIN audits a ON a.id = b.audit_id "
            "WHERE b.run_id = ? ORDER BY b.rowid",
            (run_id,),
        ).fetchall()
        if previous is not None:
            rows += self.conn.execute(
                f"SELECT {cols} FROM blocks b JOIN audits a ON a.id = b.audit_id "
                "WHERE b.run_id = ? AND a.url NOT IN (SELECT url FROM audits WHERE run_id = ?) "
                "AND a.url NOT IN (SELECT page_key FROM fetches WHERE run_id = ? "
                "AND kind = 'page' AND status IN (404, 410) AND page_key IS NOT NULL) "
                "ORDER BY b.rowid",
                (previous, run_id, run_id),
            ).fetchall()
        return rows

    def run_audits(self, run_id: int) -> Iterator[tuple[int, dict[str, Any], str, str]]:
        """(audit id, stored result, article text, url) for each audit of the run."""
        last = 0
        while True:  # in pages of 200, so a run of 100,000 audits is never all in memory
            rows = self.conn.execute(
                "SELECT a.id, a.result, t.text, a.url FROM audits a "
                "JOIN texts t ON t.sha256 = a.text_sha256 WHERE a.run_id = ? AND a.id > ? "
                "ORDER BY a.id LIMIT 200",
                (run_id, last),
            ).fetchall()
            if not rows:
                return
            for r in rows:
                yield r[0], json.loads(r[1]), r[2], r[3]
            last = rows[-1][0]

    def delete_run_findings(self, run_id: int, rule: str) -> None:
        self._w("DELETE FROM findings WHERE run_id = ? AND rule = ?", (run_id, rule))

    def update_audit_result(self, audit_id: int, result_json: str, score: int) -> None:
        self._w(
            "UPDATE audits SET result = ?, score = ? WHERE id = ?", (result_json, score, audit_id)
        )

    # -- reading a run back -----------------------------------------------------------------

    def results(self, run_id: int) -> list[AuditResult]:
        """The run's audits as AuditResults (fresh and carried alike), for the reports."""
        rows = self.conn.execute(
            "SELECT a.result, t.text FROM audits a JOIN texts t ON t.sha256 = a.text_sha256 "
            "WHERE a.run_id = ? ORDER BY a.url",
            (run_id,),
        ).fetchall()
        return [result_from_dict(json.loads(r[0]), r[1]) for r in rows]

    def errors(self, run_id: int) -> list[tuple[str, str]]:
        rows = self.conn.execute(
            "SELECT url, note FROM frontier WHERE run_id = ? AND state = 'error' ORDER BY rowid",
            (run_id,),
        ).fetchall()
        return [(r[0], r[1] or "error") for r in rows]

    def finding_keys(self, run_id: int) -> dict[tuple[str, str], dict[str, Any]]:
        rows = self.conn.execute(
            'SELECT url, fingerprint, rule, category, severity, text, start, "end", message '
            "FROM findings WHERE run_id = ? ORDER BY url, start, id",
            (run_id,),
        ).fetchall()
        return {(r["url"], r["fingerprint"]): dict(r) for r in rows}

    def audit_shas(self, run_id: int) -> dict[str, str]:
        rows = self.conn.execute(
            "SELECT url, text_sha256 FROM audits WHERE run_id = ?", (run_id,)
        ).fetchall()
        return {r[0]: r[1] for r in rows}

    def gone_keys(self, run_id: int) -> set[str]:
        rows = self.conn.execute(
            "SELECT DISTINCT page_key FROM fetches WHERE run_id = ? AND kind = 'page' "
            "AND status IN (404, 410) AND page_key IS NOT NULL",
            (run_id,),
        ).fetchall()
        return {r[0] for r in rows}

    def counts(self, run_id: int) -> dict[str, int]:
        """Live counts for a run (a completed run keeps a frozen copy in runs.summary)."""

        def one(sql: str, *params: Any) -> int:
            return int(self.conn.execute(sql, (run_id, *params)).fetchone()[0])

        return {
            "pages_fetched": one(
                "SELECT COUNT(*) FROM fetches WHERE run_id = ? AND kind = 'page' "
                "AND outcome = 'fetched'"
            ),
            "not_modified": one(
                "SELECT COUNT(*) FROM fetches WHERE run_id = ? AND kind = 'page' "
                "AND outcome = 'not_modified'"
            ),
            "audited": one("SELECT COUNT(*) FROM audits WHERE run_id = ? AND carried_from IS NULL"),
            "carried": one(
                "SELECT COUNT(*) FROM audits WHERE run_id = ? AND carried_from IS NOT NULL"
            ),
            "findings": one("SELECT COUNT(*) FROM findings WHERE run_id = ?"),
            "errors": one("SELECT COUNT(*) FROM frontier WHERE run_id = ? AND state = 'error'"),
            "robots_excluded": one(
                "SELECT COUNT(*) FROM frontier WHERE run_id = ? AND state = 'robots'"
            ),
        }


def _statements(sql: str) -> list[str]:
    """Split a migration into statements (none of ours holds a ';' inside a literal)."""
    out = []
    for part in sql.split(";"):
        lines = [ln for ln in part.splitlines() if ln.strip() and not ln.strip().startswith("--")]
        if lines:
            out.append("\n".join(lines))
    return out


def result_from_dict(d: dict[str, Any], text: str) -> AuditResult:
    """Rebuild an AuditResult from its stored JSON and the article text."""
    blocks = [
        Block(kind, text[s:e], s, e, region=region) for kind, s, e, region in d.get("blocks", [])
    ]
    article = Article(
        source=d.get("source") or "",
        text=text,
        blocks=blocks,
        kind=d.get("kind", "html"),
        title=d.get("title"),
        author=d.get("author"),
        published=d.get("published"),
        modified=d.get("modified"),
        canonical_url=d.get("canonical_url"),
        url=d.get("url"),
    )

    def ref(x: dict[str, Any] | None) -> ReferenceRef | None:
        if not x:
            return None
        return ReferenceRef(x["id"], x["statement"], x["source_url"], x.get("retrieved"))

    claims = [
        Claim(
            type=c["type"],
            subject=c["subject"],
            text=c["text"],
            start=c["start"],
            end=c["end"],
            value=c.get("value") or {},
            negated=c.get("negated", False),
            hedged=c.get("hedged", False),
            context=c.get("context") or {},
            verdict=c.get("verdict", "unverifiable"),
            reference=ref(c.get("reference")),
        )
        for c in d.get("claims", [])
    ]
    findings = [
        Finding(
            category=f["category"],
            rule=f["rule"],
            severity=f["severity"],
            text=f["text"],
            start=f["start"],
            end=f["end"],
            message=f["message"],
            reference=ref(f.get("reference")),
            fix=f.get("fix"),
            name=f.get("name"),
        )
        for f in d.get("findings", [])
    ]
    return AuditResult(
        article, claims, findings, d.get("score", 100), d.get("score_breakdown") or {}
    )


def findings_dataframe(db_path: str | Path, run_id: int | None = None):
    """Findings as a pandas DataFrame, one row per finding (the latest run when run_id is None).

    Columns: run_id, url, fingerprint, rule, name, category, severity, text, start, end,
    message, reference (JSON text or None), audited_at, carried (True when copied forward
    from an earlier run because the page had not changed).
    """
    import pandas as pd

    conn = sqlite3.connect(f"file:{Path(db_path)}?mode=ro", uri=True)
    try:
        if run_id is None:
            row = conn.execute("SELECT MAX(run_id) FROM audits").fetchone()
            run_id = row[0] if row and row[0] is not None else -1
        return pd.read_sql_query(
            "SELECT f.run_id, f.url, f.fingerprint, f.rule, f.name, f.category, f.severity, "
            'f.text, f.start, f."end", f.message, f.reference, a.audited_at, '
            "a.carried_from IS NOT NULL AS carried "
            "FROM findings f JOIN audits a ON a.id = f.audit_id "
            "WHERE f.run_id = ? ORDER BY f.url, f.start, f.id",
            conn,
            params=(run_id,),
        ).astype({"carried": bool})
    finally:
        conn.close()
