"""JSON Lines: one object per line, written and flushed as each result arrives.

Lines, told apart by `type` (schema: bacaudit/schema/audit-jsonl-line.schema.json):

- `article`: the article object of the JSON contract, plus `type` and `index` (the input's
  position in the run, counting errors too);
- `error`: an input that could not be audited (`source`, `error`);
- `update`: after the last article, one per article that a cross-article pass (template
  boilerplate) changed: its `index` and `source` and its complete `findings`, `score` and
  `score_breakdown`, which replace those of its article line;
- `summary`: the last line: schema version, tool, reference set and the run's totals.

A reader that needs only final figures applies `update` lines by `index`; one that processes
articles as they come can ignore them (they carry only low-severity template findings).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import IO, Any

from ..models import AuditResult, Finding, InputError
from .json_report import header
from .writers import ReportWriter, RunSummary, feed, register_writer

SCHEMA_PATH = Path(__file__).resolve().parent.parent / "schema" / "audit-jsonl-line.schema.json"


def write(results: list[AuditResult], errors: list[InputError], refs, fh: IO[str]) -> None:
    feed(JsonlWriter(fh, refs), results, errors)


def dumps(obj: dict[str, Any]) -> str:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":")) + "\n"


@register_writer
class JsonlWriter(ReportWriter):
    format = "jsonl"

    def __init__(self, out, refs) -> None:
        super().__init__(out, refs)
        self._held: list[str] | None = []  # error lines before the first article

    def add(self, index: int, item: AuditResult | InputError) -> None:
        if isinstance(item, InputError):
            line = dumps({"type": "error", "index": index, **item.to_dict()})
            if self._held is not None:  # a run with no readable input writes nothing
                self._held.append(line)
                return
        else:
            line = dumps({"type": "article", "index": index, **item.to_dict()})
            if self._held:
                line = "".join(self._held) + line
            self._held = None
        self.out.write(line)
        self.out.flush()

    def amend(self, index: int, result: AuditResult, added: list[Finding]) -> None:
        self.out.write(
            dumps(
                {
                    "type": "update",
                    "index": index,
                    "source": result.article.source,
                    "score": result.score,
                    "score_breakdown": result.score_breakdown,
                    "findings": [f.to_dict() for f in result.findings],
                }
            )
        )

    def close(self, summary: RunSummary) -> None:
        if self._held:
            self.out.write("".join(self._held))
        self.out.write(dumps({"type": "summary", **header(self.refs), **summary.to_dict()}))
        self.close_output()
