"""The crawl job: a TOML file (or a few flags) saying what to watch and how politely.

Every setting is declared once in `FIELDS`, with its type and default; docs/crawling.md lists
the same keys and a test keeps the two in step.
"""

from __future__ import annotations

import hashlib
import tomllib
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from .. import USER_AGENT
from ..errors import BacauditError
from ..models import SEVERITIES
from .urls import MAX_URL_LENGTH, PathRule, normalize_url


class JobError(BacauditError):
    """A bad job file or flag; the message names the file and the key."""


@dataclass
class CrawlJob:
    name: str
    start_urls: list[str] = field(default_factory=list)
    sitemaps: list[str] = field(default_factory=list)
    discover_sitemaps: bool = True
    allowed_domains: list[str] = field(default_factory=list)
    allow: list[str] = field(default_factory=list)
    deny: list[str] = field(default_factory=list)
    max_pages: int = 500
    max_depth: int = 5
    max_query_variants: int = 50
    delay: float = 1.0
    concurrency: int = 4
    max_pages_per_host: int = 0
    host_retry_budget: int = 50
    jobs: int = 1
    proxy: str | None = None
    body_retention_runs: int = 3
    user_agent: str = USER_AGENT
    out: str = "crawl-reports"
    db: str = "crawl.sqlite"
    fail_on: str | None = None
    allow_private: bool = False
    timeout: float = 20.0
    article_timeout: float | None = None  # seconds to audit one page; None: the config's
    max_bytes: int = 5_000_000
    max_redirects: int = 5
    retries: int = 3
    backoff: float = 0.5
    max_retry_after: float = 60.0
    refs: str | None = None
    config: str | None = None
    origin: str = "<flags>"

    def __post_init__(self) -> None:
        self._allow = [PathRule(p) for p in self.allow]
        self._deny = [PathRule(p) for p in self.deny]

    def path_allowed(self, url: str) -> bool:
        if any(r.matches(url) for r in self._deny):
            return False
        return not self._allow or any(r.matches(url) for r in self._allow)

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d.pop("origin", None)
        return {k: v for k, v in d.items() if not k.startswith("_")}


# key -> (accepted python types, what the error says it must be)
FIELDS: dict[str, tuple[tuple[type, ...], str]] = {
    "name": ((str,), "a string"),
    "start_urls": ((list,), "a list of http(s) URLs"),
    "sitemaps": ((list,), "a list of http(s) URLs"),
    "discover_sitemaps": ((bool,), "true or false"),
    "allowed_domains": ((list,), "a list of host names"),
    "allow": ((list,), "a list of globs or re: patterns"),
    "deny": ((list,), "a list of globs or re: patterns"),
    "max_pages": ((int,), "a whole number >= 1"),
    "max_depth": ((int,), "a whole number >= 0"),
    "max_query_variants": ((int,), "a whole number >= 1"),
    "delay": ((int, float), "a number of seconds >= 0"),
    "concurrency": ((int,), "a whole number >= 1"),
    "max_pages_per_host": ((int,), "a whole number >= 0 (0: no cap)"),
    "host_retry_budget": ((int,), "a whole number >= 0"),
    "jobs": ((int,), "a whole number >= 0 (0: one per CPU)"),
    "proxy": ((str,), "an http(s) proxy URL"),
    "body_retention_runs": ((int,), "a whole number >= 0"),
    "user_agent": ((str,), "a non-empty string"),
    "out": ((str,), "a folder path"),
    "db": ((str,), "a file path"),
    "fail_on": ((str,), f"one of {', '.join(SEVERITIES)}"),
    "allow_private": ((bool,), "true or false"),
    "timeout": ((int, float), "a number of seconds > 0"),
    "article_timeout": ((int, float), "a number of seconds >= 0 (0: no limit)"),
    "max_bytes": ((int,), "a whole number >= 1"),
    "max_redirects": ((int,), "a whole number >= 0"),
    "retries": ((int,), "a whole number >= 0"),
    "backoff": ((int, float), "a number of seconds >= 0"),
    "max_retry_after": ((int, float), "a number of seconds >= 0"),
    "refs": ((str,), "a folder path"),
    "config": ((str,), "a file path"),
}
PATH_KEYS = ("out", "db", "refs", "config")


def _check(origin: str, key: str, value: Any) -> Any:
    types, what = FIELDS[key]
    bad = JobError(f"{origin}: {key} must be {what}")
    if isinstance(value, bool) and bool not in types:
        raise bad
    if not isinstance(value, types):
        raise bad
    if key in ("start_urls", "sitemaps"):
        out = []
        for item in value:
            norm = normalize_url(item) if isinstance(item, str) else None
            if norm is None:
                long = isinstance(item, str) and len(item) > 80
                shown = repr(item[:77] + "..." if long else item)
                raise JobError(
                    f"{origin}: {key} has {shown}, which is not an http(s) URL"
                    f" of at most {MAX_URL_LENGTH} characters"
                )
            out.append(norm)
        return out
    if key in ("allowed_domains", "allow", "deny"):
        if not all(isinstance(x, str) and x.strip() for x in value):
            raise bad
        if key != "allowed_domains":
            for pattern in value:
                try:
                    PathRule(pattern)
                except Exception as exc:  # re.error and friends
                    raise JobError(
                        f"{origin}: {key} pattern {pattern!r} is invalid: {exc}"
                    ) from None
        return [x.strip() for x in value]
    if key in ("max_pages", "max_bytes", "max_query_variants") and value < 1:
        raise bad
    if (
        key
        in (
            "max_depth",
            "max_redirects",
            "retries",
            "max_pages_per_host",
            "host_retry_budget",
            "jobs",
            "body_retention_runs",
        )
        and value < 0
    ):
        raise bad
    if key == "proxy":
        parts = urlsplit(value.strip())
        if parts.scheme not in ("http", "https", "socks5", "socks5h") or not parts.hostname:
            raise bad
        return value.strip()
    if key in ("delay", "backoff", "max_retry_after", "article_timeout") and value < 0:
        raise bad
    if key == "timeout" and value <= 0:
        raise bad
    if key == "concurrency" and value < 1:
        raise bad
    if key == "fail_on" and value not in SEVERITIES:
        raise bad
    if key in ("user_agent", "name", "out", "db") and not value.strip():
        raise bad
    if key in ("delay", "timeout", "backoff", "max_retry_after", "article_timeout"):
        return float(value)
    return value


def build_job(values: dict[str, Any], origin: str, base: Path | None = None) -> CrawlJob:
    """Validate `values` (from a job file or flags) into a CrawlJob; paths relative to `base`."""
    clean: dict[str, Any] = {}
    for key, value in values.items():
        if key not in FIELDS:
            raise JobError(f"{origin}: unknown key {key!r} (known: {', '.join(FIELDS)})")
        if value is None:
            continue
        clean[key] = _check(origin, key, value)
    if not clean.get("start_urls") and not clean.get("sitemaps"):
        raise JobError(f"{origin}: start_urls or sitemaps must list at least one URL")
    if base is not None:
        clean.setdefault("out", CrawlJob.out)  # defaults sit beside the job file too
        clean.setdefault("db", CrawlJob.db)
        for key in PATH_KEYS:
            if key in clean and not Path(clean[key]).is_absolute():
                clean[key] = str(base / clean[key])
    if not clean.get("allowed_domains"):
        seeds = (*clean.get("start_urls", []), *clean.get("sitemaps", []))
        clean["allowed_domains"] = sorted({urlsplit(u).hostname or "" for u in seeds} - {""})
    if "name" not in clean:
        seed = "\n".join(sorted((*clean.get("start_urls", []), *clean.get("sitemaps", []))))
        clean["name"] = "urls-" + hashlib.sha1(seed.encode()).hexdigest()[:12]
    return CrawlJob(**clean, origin=origin)


def load_job(path: str | Path) -> CrawlJob:
    """Read and validate a job file; every problem is one line naming the file and key."""
    p = Path(path)
    try:
        data = tomllib.loads(p.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise JobError(f"{p}: job file not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise JobError(f"{p}: cannot read the job file ({exc})") from None
    except tomllib.TOMLDecodeError as exc:
        raise JobError(f"{p}: not valid TOML: {exc}") from None
    data.setdefault("name", p.stem)
    return build_job(data, str(p), base=p.resolve().parent)


def job_file_text(values: dict[str, Any]) -> str:
    """A job file's text for flat settings (strings, numbers, booleans, lists of strings): what
    `load_job` reads back. Used to write generated jobs (benchmarks, test sites)."""
    lines = []
    for key, value in values.items():
        if isinstance(value, bool):
            lines.append(f"{key} = {'true' if value else 'false'}")
        elif isinstance(value, str):
            lines.append(f'{key} = "{value}"')
        elif isinstance(value, list):
            lines.append(f"{key} = [" + ", ".join(f'"{x}"' for x in value) + "]")
        else:
            lines.append(f"{key} = {value}")
    return "\n".join(lines) + "\n"
