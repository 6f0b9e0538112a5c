"""Audits a stream of documents in worker processes, results in input order.

Each worker builds its Auditor once (pool initializer) and then audits small batches. The
parent reads the input lazily and keeps only a bounded window of batches in flight, so a
folder of a million pages costs the memory of a few batches, not of the folder.
`multiprocessing.Pool.imap` is not used because its feeder thread reads the whole input ahead.
Results are the same objects, in the same order, as a one-process run; the run-level passes
(`Auditor.finish`) stay with the caller, which sees every result.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures import TimeoutError as FuturesTimeout
from concurrent.futures.process import BrokenProcessPool
from itertools import islice
from typing import TYPE_CHECKING

from .errors import BacauditError
from .models import AuditResult, Document, InputError

if TYPE_CHECKING:
    from .audit import Auditor
    from .config import Config
    from .reference import ReferenceSet

Item = Document | InputError
Outcome = AuditResult | InputError

DEFAULT_BATCH = 2  # documents per task: enough to hide the hand-over, small enough to balance
WINDOW_PER_WORKER = 2  # batches in flight per worker: one running, one queued
BACKSTOP_GRACE = 5.0  # seconds past a batch's budget before its worker is taken for stuck

_worker_auditor: Auditor | None = None


def cpu_count() -> int:
    """CPUs this process may run on (the affinity mask, not the machine's total)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def resolve_jobs(jobs: int) -> int:
    """`0` means one worker per CPU; negative counts are a usage error."""
    if jobs < 0:
        raise BacauditError(f"--jobs must be 0 (one per CPU) or a positive number, not {jobs}")
    return cpu_count() if jobs == 0 else jobs


def _init_worker(refs: ReferenceSet, config: Config) -> None:
    """Runs once per worker. Ctrl-C is the parent's to handle: workers ignore it and are
    stopped by the parent, so an interrupt prints one line, not one traceback per worker."""
    global _worker_auditor
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    from .audit import Auditor

    _worker_auditor = Auditor(refs, config)


def _audit_batch(batch: list[Item]) -> list[Outcome]:
    assert _worker_auditor is not None, "worker used before its initializer ran"
    return list(_worker_auditor.audit_documents(batch))


def _batches(items: Iterable[Item], size: int) -> Iterator[list[Item]]:
    it = iter(items)
    while batch := list(islice(it, size)):
        yield batch


def _context():
    """fork where the platform has it: workers inherit the parent's loaded modules and
    pipeline cache, so a worker starts in milliseconds instead of re-importing spaCy."""
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else None)


def audit_parallel(
    documents: Iterable[Item],
    auditor: Auditor,
    jobs: int,
    batch_size: int = DEFAULT_BATCH,
    isolate: bool = False,
) -> Iterator[Outcome]:
    """Audit `documents` with `jobs` worker processes (0 = one per CPU), yielding one result
    or InputError per input, in input order, exactly as `auditor.audit_documents` would.

    Fewer than two documents, or `jobs == 1`, run in this process (a pool would only add
    start-up time) unless `isolate` asks for a worker process anyway.
    """
    jobs = resolve_jobs(jobs)
    it = iter(documents)
    head = list(islice(it, 2))
    if not isolate and (jobs == 1 or len(head) < 2):
        yield from auditor.audit_documents(_chain(head, it))
        return
    yield from _run_pool(_chain(head, it), auditor, jobs, max(1, batch_size))


def _chain(head: list[Item], rest: Iterator[Item]) -> Iterator[Item]:
    yield from head
    yield from rest


def backstop_seconds(budget: float | None, batch_size: int) -> float | None:
    """How long the parent waits for a batch before it takes the worker for stuck: the
    in-worker timer stops each article at `budget`, so this only fires when a worker cannot be
    interrupted (stuck in C code) or was stopped."""
    if not budget or budget <= 0:
        return None
    return budget * batch_size + max(BACKSTOP_GRACE, budget)


class _Pool:
    """A ProcessPoolExecutor that can be thrown away and started again."""

    def __init__(self, auditor: Auditor, jobs: int) -> None:
        self.auditor = auditor
        self.jobs = jobs
        self.executor = self._start()

    def _start(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(
            max_workers=self.jobs,
            mp_context=_context(),
            initializer=_init_worker,
            initargs=(self.auditor.refs, self.auditor.config),
        )

    def submit(self, batch: list[Item]) -> Future[list[Outcome]]:
        return self.executor.submit(_audit_batch, batch)

    def replace(self) -> None:
        _stop(self.executor)
        self.executor = self._start()


def _run_pool(items: Iterator[Item], auditor: Auditor, jobs: int, size: int) -> Iterator[Outcome]:
    from .budget import ArticleTimeout

    pool = _Pool(auditor, jobs)
    budget = auditor.config.article_timeout
    window: deque[tuple[Future[list[Outcome]], list[Item]]] = deque()
    retry: deque[list[Item]] = deque()  # batches to audit again after a worker was replaced
    limit = jobs * WINDOW_PER_WORKER
    batches = _batches(items, size)
    done = False
    try:
        while True:
            while len(window) < limit and (retry or not done):
                batch = retry.popleft() if retry else next(batches, None)
                if batch is None:
                    done = True
                else:
                    window.append((pool.submit(batch), batch))
            if not window:
                break
            future, batch = window.popleft()
            wait = backstop_seconds(budget, len(batch))
            try:
                outcomes = future.result(timeout=wait)
            except (FuturesTimeout, BrokenProcessPool) as exc:
                # A worker is stuck past its budget or died (out of memory, a crash): replace
                # the pool, then audit the batch one document at a time to find which one.
                in_flight = [b for _, b in window]
                window.clear()
                pool.replace()
                if len(batch) > 1:
                    retry.extendleft(reversed([[item] for item in batch] + in_flight))
                    continue
                retry.extendleft(reversed(in_flight))
                item = batch[0]
                if isinstance(item, InputError):
                    outcomes = [item]
                elif isinstance(exc, FuturesTimeout):
                    outcomes = [InputError(item.source, ArticleTimeout(item.source, budget).reason)]
                else:
                    outcomes = [
                        InputError(
                            item.source,
                            "the worker process auditing it ended unexpectedly (out of memory?)",
                        )
                    ]
            yield from outcomes
    except BaseException:
        _stop(pool.executor)
        raise
    pool.executor.shutdown(wait=True)


def _stop(pool: ProcessPoolExecutor) -> None:
    """Interrupted, abandoned or stuck: drop queued work and end the workers now rather than
    letting them finish what they hold."""
    processes = list(getattr(pool, "_processes", {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for proc in processes:
        if proc.is_alive():
            proc.terminate()
    for proc in processes:
        proc.join(timeout=5)
        if proc.is_alive():  # pragma: no cover - a worker that ignores SIGTERM
            proc.kill()
            proc.join(timeout=5)
