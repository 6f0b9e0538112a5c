"""Reporters: small plug-ins over the same list of AuditResults.

Each reporter module has `write(results, errors, refs, out)`: `out` is a folder for html and a
text stream for the others.
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

from ..errors import BacauditError
from ..models import AuditResult, InputError

FORMATS = ("text", "json", "csv", "html", "sarif")


def write_report(
    fmt: str, results: list[AuditResult], errors: list[InputError], refs, out: str | None
) -> None:
    """Write `fmt` to `out` (a folder for html; a file otherwise) or to standard output.

    A place that cannot be written (a file where a folder is expected, no permission, a full
    disk) ends the command with one line naming it, not a traceback.
    """
    if fmt not in FORMATS:
        raise BacauditError(f"unknown report format {fmt!r} (choose from {', '.join(FORMATS)})")
    module = importlib.import_module(f".{'json_report' if fmt == 'json' else fmt}", __package__)
    target = out or ("reports" if fmt == "html" else None)
    try:
        if fmt == "html":
            folder = Path(target)  # type: ignore[arg-type]
            if folder.exists() and not folder.is_dir():
                raise BacauditError(f"{folder}: --out must be a folder for the html format")
            module.write(results, errors, refs, folder)
        elif target:
            path = Path(target)
            path.parent.mkdir(parents=True, exist_ok=True)
            with path.open("w", encoding="utf-8", newline="") as fh:
                module.write(results, errors, refs, fh)
        else:
            module.write(results, errors, refs, sys.stdout)
    except BrokenPipeError:  # the reader went away (`| head`): not an error of ours
        raise
    except OSError as exc:
        where = exc.filename or target or "standard output"
        raise BacauditError(f"{where}: cannot write the report ({exc.strerror or exc})") from exc
