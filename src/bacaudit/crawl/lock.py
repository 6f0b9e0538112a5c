"""One crawl per database at a time: an exclusive `flock` on `<db>.lock`.

The kernel drops the lock when the holder dies (even by SIGKILL), so a killed run never
blocks the next one; the holder's pid is written into the file for the message.
"""

from __future__ import annotations

import fcntl
import os
from pathlib import Path

from ..errors import BacauditError


class CrawlLocked(BacauditError):
    """Another crawl holds the lock (exit code 3)."""

    def __init__(self, message: str, pid: int | None) -> None:
        super().__init__(message)
        self.pid = pid


class CrawlLock:
    def __init__(self, db_path: str | Path) -> None:
        self.db_path = Path(db_path)
        self.path = self.db_path.with_name(self.db_path.name + ".lock")
        self._fd: int | None = None

    def __enter__(self) -> CrawlLock:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raw = os.pread(fd, 64, 0).decode("ascii", "replace").strip()
            os.close(fd)
            pid = int(raw) if raw.isdigit() else None
            raise CrawlLocked(
                f"another crawl of this job is running (pid {pid if pid else 'unknown'}) "
                f"on {self.db_path}; not starting a second one",
                pid,
            ) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        self._fd = fd
        return self

    @property
    def fd(self) -> int | None:
        """The lock file's descriptor (a forked worker closes its copy)."""
        return self._fd

    def __exit__(self, *exc: object) -> None:
        if self._fd is not None:
            os.ftruncate(self._fd, 0)
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None
