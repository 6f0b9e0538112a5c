"""What the triage app shows: the latest crawl run of a database, or saved audit output.

Both are read again whenever they change (a finished crawl run, a rewritten results file), so
a reviewer who leaves the app open sees the new run with the decisions already made on it.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import BacauditError
from ..models import AuditResult, InputError
from ..report.names import unique_filenames


@dataclass
class Snapshot:
    results: list[AuditResult]
    errors: list[InputError]
    pages: list[str]  # the article page name of each result, as in the static report
    origin: str  # one line saying what is shown, e.g. "crawl run 3 of site.db"

    def by_page(self, page: str) -> AuditResult | None:
        for r, p in zip(self.results, self.pages, strict=True):
            if p == page:
                return r
        return None


def _snapshot(results: list[AuditResult], errors: list[InputError], origin: str) -> Snapshot:
    pages = unique_filenames(r.article.source for r in results)
    return Snapshot(results, errors, pages, origin)


class CrawlSource:
    """The newest completed run of a crawl database (or the newest run with audits)."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        if not self.path.is_file():
            raise BacauditError(f"{self.path}: crawl database not found")
        self.key()  # fail now, with the file named, if it is not a crawl database

    def _connect(self) -> sqlite3.Connection:
        conn = sqlite3.connect(f"file:{self.path.resolve()}?mode=ro", uri=True, timeout=30.0)
        conn.row_factory = sqlite3.Row
        return conn

    def _run(self, conn: sqlite3.Connection) -> int | None:
        row = conn.execute("SELECT MAX(id) FROM runs WHERE status = 'completed'").fetchone()
        if row and row[0] is not None:
            return int(row[0])
        row = conn.execute("SELECT MAX(run_id) FROM audits").fetchone()
        return int(row[0]) if row and row[0] is not None else None

    def key(self) -> tuple[Any, ...]:
        try:
            with closing(self._connect()) as conn:
                run = self._run(conn)
                n = conn.execute("SELECT COUNT(*) FROM audits WHERE run_id = ?", (run,)).fetchone()
                return (run, n[0])
        except sqlite3.Error as exc:
            raise BacauditError(f"{self.path}: not a bacaudit crawl database ({exc})") from None

    def load(self) -> Snapshot:
        from ..store import result_from_dict

        with closing(self._connect()) as conn:
            run = self._run(conn)
            if run is None:
                return _snapshot([], [], f"{self.path.name}: no crawl run yet")
            rows = conn.execute(
                "SELECT a.result, t.text FROM audits a JOIN texts t ON t.sha256 = a.text_sha256 "
                "WHERE a.run_id = ? ORDER BY a.url",
                (run,),
            ).fetchall()
            errors = conn.execute(
                "SELECT url, note FROM frontier WHERE run_id = ? AND state = 'error' "
                "ORDER BY rowid",
                (run,),
            ).fetchall()
        results = [result_from_dict(json.loads(r[0]), r[1]) for r in rows]
        return _snapshot(
            results,
            [InputError(u, n or "error") for u, n in errors],
            f"crawl run {run} of {self.path.name}",
        )


class ResultsSource:
    """Saved audit output: `--format jsonl` (one article per line, then a summary line) or a
    `--format json` document. Article text is shown when the output carries it."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        if not self.path.is_file():
            raise BacauditError(f"{self.path}: results file not found")

    def key(self) -> tuple[Any, ...]:
        st = self.path.stat()
        return (st.st_mtime_ns, st.st_size)

    def _objects(self) -> Iterator[tuple[int, dict[str, Any]]]:
        try:
            text = self.path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise BacauditError(f"{self.path}: cannot read ({exc.__class__.__name__})") from None
        stripped = text.lstrip()
        if stripped.startswith("{") and '"articles"' in stripped[:4000]:
            try:
                doc = json.loads(text)
            except json.JSONDecodeError:
                doc = None
            if isinstance(doc, dict) and isinstance(doc.get("articles"), list):
                for a in doc["articles"]:
                    yield 0, a
                for e in doc.get("errors") or []:
                    yield 0, {"error": e}
                return
        for n, line in enumerate(text.splitlines(), 1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:
                raise BacauditError(f"{self.path}: line {n} is not JSON ({exc.msg})") from None
            if isinstance(obj, dict):
                yield n, obj

    def load(self) -> Snapshot:
        from ..store import result_from_dict

        results: list[AuditResult] = []
        errors: list[InputError] = []
        for n, obj in self._objects():
            if isinstance(obj.get("error"), dict):  # an errors entry of a json document
                e = obj["error"]
                errors.append(InputError(str(e.get("source", "")), str(e.get("error", ""))))
            elif "source" in obj and "error" in obj and "findings" not in obj:
                errors.append(InputError(str(obj["source"]), str(obj["error"])))
            elif "source" in obj and isinstance(obj.get("findings"), list):
                try:
                    results.append(result_from_dict(obj, str(obj.get("text") or "")))
                except (KeyError, TypeError, ValueError) as exc:
                    raise BacauditError(
                        f"{self.path}: line {n}: not an audit result ({exc})"
                    ) from None
            # anything else (the summary line) carries no article
        return _snapshot(results, errors, f"saved audit output {self.path.name}")
