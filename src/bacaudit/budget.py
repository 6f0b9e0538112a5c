"""A time budget per article: an article audited for longer than `article_timeout` seconds
becomes an input error ("took longer than 30 s") and the run goes on.

In a process's main thread the budget is a real-time interval timer (`setitimer`): its signal
interrupts Python code, and the regular-expression engine checks for signals while it
backtracks, so a pathological page is stopped where it spins and the process carries on with
the next article. Code that never returns to the interpreter (a C extension stuck in a loop) is
not interrupted by a signal; `bacaudit audit` therefore audits in worker processes whenever a
budget is set, and the parent replaces a worker that overruns by a wide margin (parallel.py).
Outside the main thread (a Dask worker's task threads) the timer cannot be set; there the
client watches the time (cluster.py).
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from .errors import InputProblem

DEFAULT_TIMEOUT = 30.0


class ArticleTimeout(InputProblem):
    """The article's audit ran over its budget."""

    def __init__(self, source: str, seconds: float) -> None:
        super().__init__(source, f"took longer than {format_seconds(seconds)} s to audit")
        self.seconds = seconds


def format_seconds(seconds: float) -> str:
    return f"{seconds:g}"


class _Expired(BaseException):
    """Raised by the timer's signal handler; BaseException so that no `except Exception` in a
    rule swallows it on the way out."""


def can_interrupt() -> bool:
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


@contextmanager
def time_budget(seconds: float | None, source: str) -> Iterator[None]:
    """Run the block with a budget of `seconds` (None or 0: no budget; also none outside the
    main thread, where no signal can be delivered). Raises ArticleTimeout when it runs over."""
    if not seconds or seconds <= 0 or not can_interrupt():
        yield
        return

    active = True

    def expire(signum, frame):
        if active:
            raise _Expired

    previous = signal.signal(signal.SIGALRM, expire)
    try:
        signal.setitimer(signal.ITIMER_REAL, seconds)
        try:
            yield
        finally:
            active = False
            signal.setitimer(signal.ITIMER_REAL, 0)
    except _Expired:
        raise ArticleTimeout(source, seconds) from None
    finally:
        signal.signal(signal.SIGALRM, previous)
