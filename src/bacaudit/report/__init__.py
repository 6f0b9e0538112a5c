"""Reporters: one writer class per format, fed one result at a time (see writers.py).

`write_report(fmt, results, errors, refs, out)` writes a finished list in one call (the API and
crawl reports); `bacaudit audit` streams results into `open_writer(...)` as they arrive.
"""

from __future__ import annotations

import importlib

from ..errors import BacauditError
from ..models import AuditResult, InputError
from .writers import WRITERS, feed, open_writer

# format -> module holding its writer class; a new format is one more module and entry here
WRITER_MODULES = {
    "text": "text",
    "json": "json_report",
    "jsonl": "jsonl",
    "csv": "csv",
    "html": "html",
    "sarif": "sarif",
}
FORMATS = tuple(WRITER_MODULES)


def load_writers(fmt: str | None = None) -> None:
    """Import the writer module of `fmt` (every one when None): a jsonl run never loads pandas."""
    names = [WRITER_MODULES[fmt]] if fmt in WRITER_MODULES else WRITER_MODULES.values()
    for name in names:
        importlib.import_module(f".{name}", __package__)


def write_report(
    fmt: str, results: list[AuditResult], errors: list[InputError], refs, out: str | None
) -> None:
    """Write `fmt` to `out` (a folder for html; a file otherwise) or to standard output.

    A place that cannot be written (a file where a folder is expected, no permission, a full
    disk) ends the command with one line naming it, not a traceback.
    """
    writer = open_writer(fmt, out, refs)
    try:
        feed(writer, results, errors)
    except BrokenPipeError:  # the reader went away (`| head`): not an error of ours
        raise
    except OSError as exc:
        where = exc.filename or out or "standard output"
        raise BacauditError(f"{where}: cannot write the report ({exc.strerror or exc})") from exc


__all__ = ["FORMATS", "WRITERS", "load_writers", "open_writer", "write_report"]
