"""JSON output, schema_version 1 (CONTRACT.md); the schema ships in bacaudit/schema/."""

from __future__ import annotations

import json
from pathlib import Path
from typing import IO, Any

from .. import __version__
from ..models import AuditResult, InputError

SCHEMA_PATH = Path(__file__).resolve().parent.parent / "schema" / "audit-output.schema.json"


def build(results: list[AuditResult], errors: list[InputError], refs) -> dict[str, Any]:
    return {
        "schema_version": 1,
        "tool": {"name": "bacaudit", "version": __version__},
        "reference_set": {"version": refs.version, "entries": len(refs.entries)},
        "articles": [r.to_dict() for r in results],
        "errors": [e.to_dict() for e in errors],
    }


def write(results: list[AuditResult], errors: list[InputError], refs, fh: IO[str]) -> None:
    json.dump(build(results, errors, refs), fh, ensure_ascii=False, indent=2)
    fh.write("\n")
