"""JSON output, schema_version 1 (CONTRACT.md); the schema ships in bacaudit/schema/.

The document is written one article at a time and never held whole in memory. Articles are
written straight to the output as they arrive unless a cross-article pass may still change
one (template boilerplate, on by default over more than one input): then each article's JSON
goes to a temporary file as it arrives and the document is assembled from it at the end, so
the `articles` array holds every finding, including those the pass adds.
"""

from __future__ import annotations

import json
import tempfile
from array import array
from pathlib import Path
from typing import IO, Any

from .. import __version__
from ..models import AuditResult, Finding, InputError
from .writers import ReportWriter, RunSummary, feed, register_writer

SCHEMA_PATH = Path(__file__).resolve().parent.parent / "schema" / "audit-output.schema.json"
INDENT = 2


def header(refs) -> dict[str, Any]:
    return {
        "schema_version": 1,
        "tool": {"name": "bacaudit", "version": __version__},
        "reference_set": {"version": refs.version, "entries": len(refs.entries)},
    }


def build(results: list[AuditResult], errors: list[InputError], refs) -> dict[str, Any]:
    return {
        **header(refs),
        "articles": [r.to_dict() for r in results],
        "errors": [e.to_dict() for e in errors],
    }


def write(results: list[AuditResult], errors: list[InputError], refs, fh: IO[str]) -> None:
    feed(JsonWriter(fh, refs), results, errors)


def _item(obj: Any, depth: int = 2) -> str:
    """An array item as `json.dump(..., indent=2)` lays it out at `depth` levels in."""
    pad = " " * (INDENT * depth)
    text = json.dumps(obj, ensure_ascii=False, indent=INDENT)
    return pad + text.replace("\n", "\n" + pad)


@register_writer
class JsonWriter(ReportWriter):
    """Byte for byte what `json.dump(build(...), indent=2)` writes, one article at a time."""

    format = "json"

    def __init__(self, out, refs) -> None:
        super().__init__(out, refs)
        self._n = 0
        self._spool: _Spool | None = None  # while a cross-article pass may amend articles
        self._positions: dict[int, int] = {}  # run index -> article position (spooled only)

    def begin(self, amendable: bool) -> None:
        self._spool = _Spool() if amendable else None

    def _open(self) -> None:
        text = json.dumps(header(self.refs), ensure_ascii=False, indent=INDENT)
        self.out.write(text[: text.rindex("\n}")] + ',\n  "articles": [')

    def add(self, index: int, item: AuditResult | InputError) -> None:
        if not isinstance(item, AuditResult):
            return  # errors are written at the end from the run summary
        text = _item(item.to_dict())
        if self._spool is not None:
            self._positions[index] = self._n
            self._spool.append(text)
        else:
            if self._n == 0:
                self._open()
            self.out.write(("," if self._n else "") + "\n" + text)
        self._n += 1

    def amend(self, index: int, result: AuditResult, added: list[Finding]) -> None:
        if self._spool is not None and index in self._positions:
            self._spool.replace(self._positions[index], _item(result.to_dict()))

    def close(self, summary: RunSummary) -> None:
        if self._spool is not None or self._n == 0:
            self._open()
        if self._spool is not None:
            for pos, text in enumerate(self._spool):
                self.out.write(("," if pos else "") + "\n" + text)
            self._spool.close()
        out = self.out
        out.write(("\n  ]" if self._n else "]") + ',\n  "errors": ')
        errors = [e.to_dict() for e in summary.errors]
        if errors:
            out.write("[\n" + ",\n".join(_item(e) for e in errors) + "\n  ]")
        else:
            out.write("[]")
        out.write("\n}\n")
        self.close_output()


class _Spool:
    """Texts on a temporary file, read back in order; one may be replaced by a later version.
    Memory: two integers per text."""

    def __init__(self) -> None:
        self._fh = tempfile.TemporaryFile()  # noqa: SIM115 - closed by close()
        self._where = array("q")  # offset, length pairs
        self._size = 0

    def append(self, text: str) -> None:
        self._where.extend(self._write(text))

    def replace(self, pos: int, text: str) -> None:
        self._where[2 * pos], self._where[2 * pos + 1] = self._write(text)

    def _write(self, text: str) -> tuple[int, int]:
        data = text.encode("utf-8")
        self._fh.seek(self._size)
        self._fh.write(data)
        at, self._size = self._size, self._size + len(data)
        return at, len(data)

    def __iter__(self):
        for i in range(0, len(self._where), 2):
            self._fh.seek(self._where[i])
            yield self._fh.read(self._where[i + 1]).decode("utf-8")

    def close(self) -> None:
        self._fh.close()
