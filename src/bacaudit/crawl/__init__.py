"""Scheduled crawls: a job file, a polite fetch loop, and run history in SQLite.

`run_crawl(job)` is the one entry point; `bacaudit crawl` and `bacaudit history` are thin
commands over it and over `bacaudit.store`.
"""

from __future__ import annotations

from .job import CrawlJob, JobError, load_job
from .runner import CrawlLocked, CrawlOutcome, run_crawl

__all__ = ["CrawlJob", "CrawlLocked", "CrawlOutcome", "JobError", "load_job", "run_crawl"]
