"""Reporters: small plug-ins over the same list of AuditResults."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

from ..models import AuditResult, InputError

FORMATS = ("text", "json", "csv", "html")


def write_report(
    fmt: str, results: list[AuditResult], errors: list[InputError], refs, out: str | None
) -> None:
    """Write `fmt` to `out` (a folder for html; a file otherwise) or to standard output."""
    module = importlib.import_module(f".{'json_report' if fmt == 'json' else fmt}", __package__)
    if fmt == "html":
        module.write(results, errors, refs, Path(out or "reports"))
        return
    if out:
        path = Path(out)
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("w", encoding="utf-8", newline="") as fh:
            module.write(results, errors, refs, fh)
    else:
        module.write(results, errors, refs, sys.stdout)
