"""CSV for analysts: one row per finding, through pandas.

Only findings make rows, so every row counts as one finding when grouped or summed; an article
with nothing flagged has no row (its score is in the JSON and HTML reports). Input errors go to
standard error, not into the table.

Article text is untrusted and spreadsheets execute formulas: a text cell that would start with
`=`, `+`, `-`, `@`, a tab or a carriage return (also after leading whitespace, and their
full-width forms) gets a leading `'`, per OWASP's CSV-injection guidance. Control characters
but tab and newline (a carriage return in a file name would end the row for most readers) and
lone surrogates are written as visible `\\xNN`, so every row stays one well-formed record.
Numeric columns stay numbers. `findings_dataframe` returns the raw values for use inside pandas.
"""

from __future__ import annotations

import csv as _csv
import re
from typing import IO

import pandas as pd

from ..models import Article, AuditResult, Finding, InputError
from .writers import ReportWriter, RunSummary, feed, register_writer

COLUMNS = (
    "source",
    "title",
    "score",
    "category",
    "rule",
    "name",
    "severity",
    "text",
    "start",
    "end",
    "message",
    "reference_id",
    "reference_statement",
    "reference_source_url",
    "fix",
    "fingerprint",
)
NUMERIC = ("score", "start", "end")
_EMPTY = Article(source="", text="", blocks=[])
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")


def _row(r: AuditResult, f: Finding) -> dict:
    a = r.article
    ref = f.reference
    return {
        "source": a.source,
        "title": a.title,
        "score": r.score,
        "category": f.category,
        "rule": f.rule,
        "name": f.name,
        "severity": f.severity,
        "text": f.text,
        "start": f.start,
        "end": f.end,
        "message": f.message,
        "reference_id": ref.id if ref else None,
        "reference_statement": ref.statement if ref else None,
        "reference_source_url": ref.source_url if ref else None,
        "fix": f.fix,
        "fingerprint": f.fingerprint,
    }


def findings_dataframe(results: list[AuditResult]) -> pd.DataFrame:
    rows = [_row(r, f) for r in results for f in r.findings]
    df = pd.DataFrame(rows, columns=list(COLUMNS))
    return df.astype({c: "int64" for c in NUMERIC}) if rows else df


def neutralise(value: object) -> object:
    """Make a text cell inert in a spreadsheet; leave numbers and empty cells alone."""
    if not isinstance(value, str):
        return value
    stripped = value.lstrip(" \u00a0\n\x0b\x0c")
    if value.startswith(FORMULA_START) or stripped.startswith(FORMULA_START):
        return "'" + value
    return value


def escape_controls(value: object) -> object:
    """Control characters other than tab and newline as visible `\\xNN` (`\\uNNNN` above
    U+00FF); anything that is not a string is left alone."""
    if not isinstance(value, str) or not _CONTROL.search(value):
        return value
    return _CONTROL.sub(_visible, value)


def _visible(m: re.Match[str]) -> str:
    code = ord(m.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def safe_dataframe(results: list[AuditResult]) -> pd.DataFrame:
    df = findings_dataframe(results)
    for col in df.columns:
        if col not in NUMERIC:
            df[col] = df[col].map(lambda v: neutralise(escape_controls(v)))
    return df


def write(results: list[AuditResult], errors: list[InputError], refs, fh: IO[str]) -> None:
    feed(CsvWriter(fh, refs), results, errors)


@register_writer
class CsvWriter(ReportWriter):
    """Rows written as each article arrives, through the same pandas writer and cell rules as
    `safe_dataframe`. Rows a cross-article pass adds (template boilerplate) come after the
    last article's rows; their `score` is the article's score after that pass."""

    format = "csv"

    def __init__(self, out, refs) -> None:
        super().__init__(out, refs)
        self._header = True

    def _rows(self, result: AuditResult, findings: list[Finding]) -> None:
        if not findings and not self._header:
            return
        df = pd.DataFrame([_row(result, f) for f in findings], columns=list(COLUMNS))
        if findings:
            df = df.astype({c: "int64" for c in NUMERIC})
        for col in df.columns:
            if col not in NUMERIC:
                df[col] = df[col].map(lambda v: neutralise(escape_controls(v)))
        df.to_csv(
            self.out,
            index=False,
            header=self._header,
            quoting=_csv.QUOTE_MINIMAL,
            lineterminator="\n",
        )
        self._header = False

    def add(self, index: int, item: AuditResult | InputError) -> None:
        if isinstance(item, AuditResult) and item.findings:
            self._rows(item, item.findings)

    def amend(self, index: int, result: AuditResult, added: list[Finding]) -> None:
        self._rows(result, added)

    def close(self, summary: RunSummary) -> None:
        if self._header:  # no finding at all: the header alone
            self._rows(AuditResult(_EMPTY, [], []), [])
        self.close_output()
