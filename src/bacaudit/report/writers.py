"""Report writers fed one result at a time, so a run of any size is written in bounded memory.

A writer is one class per format, registered by name (`@register_writer`); adding a format is
adding one class. The run calls, in this order:

- `begin(amendable)`: whether `amend` may be called;
- `add(index, item)` for each input as its result arrives, in input order (`index` counts every
  input, article or error, from 0);
- `amend(index, result, added)` for each article a cross-article pass changed (template
  boilerplate), in index order, after the last `add`: `result` is the whole article again with
  its findings and score updated, `added` the findings the pass added;
- `close(summary)` once, with the run's totals.

Writers open their output lazily (`Output`): a run with no readable input writes nothing.
"""

from __future__ import annotations

import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, ClassVar

from ..errors import BacauditError
from ..models import CATEGORIES, SEVERITIES, AuditResult, Finding, InputError

Item = AuditResult | InputError


@dataclass
class RunSummary:
    """The run's totals, kept up to date as results arrive and are amended (a few counters)."""

    articles: int = 0
    score_sum: int = 0
    by_severity: Counter[str] = field(default_factory=Counter)
    by_category: Counter[str] = field(default_factory=Counter)
    errors: list[InputError] = field(default_factory=list)

    @property
    def findings(self) -> int:
        return sum(self.by_severity.values())

    @property
    def mean_score(self) -> float | None:
        return self.score_sum / self.articles if self.articles else None

    def count(self, result: AuditResult, sign: int = 1) -> None:
        """Add a result's findings and score (`sign=-1` takes back one about to be amended)."""
        self.articles += sign
        self.score_sum += sign * result.score
        for f in result.findings:
            self.by_severity[f.severity] += sign
            self.by_category[f.category] += sign

    def to_dict(self) -> dict[str, Any]:
        mean = self.mean_score
        return {
            "articles": self.articles,
            "errors": len(self.errors),
            "findings": self.findings,
            "by_severity": {s: self.by_severity[s] for s in SEVERITIES},
            "by_category": {c: self.by_category[c] for c in CATEGORIES}
            | {c: n for c, n in sorted(self.by_category.items()) if c not in CATEGORIES and n},
            "mean_score": None if mean is None else round(mean, 2),
        }


class Output:
    """Where a stream format goes: a file (created with its folder on first write) or stdout.

    Nothing is opened until the first write, so a run with nothing to report leaves no file.
    """

    def __init__(self, path: str | Path | None) -> None:
        self.path = Path(path) if path else None
        self._fh: IO[str] | None = None

    @property
    def fh(self) -> IO[str]:
        if self._fh is None:
            if self.path is None:
                self._fh = sys.stdout
            else:
                try:
                    self.path.parent.mkdir(parents=True, exist_ok=True)
                    self._fh = self.path.open("w", encoding="utf-8", newline="")
                except OSError as exc:
                    raise BacauditError(
                        f"{exc.filename or self.path}: cannot write the report "
                        f"({exc.strerror or exc})"
                    ) from exc
        return self._fh

    def write(self, s: str) -> None:
        self.fh.write(s)

    def flush(self) -> None:
        if self._fh is not None:
            self._fh.flush()

    def isatty(self) -> bool:
        return bool(getattr(self.fh, "isatty", lambda: False)())

    def close(self) -> None:
        if self._fh is not None and self._fh is not sys.stdout:
            self._fh.close()
        elif self._fh is not None:
            self._fh.flush()


class ReportWriter:
    """One output format. Subclasses set `format` and implement `add` and `close`."""

    format: ClassVar[str]
    folder: ClassVar[bool] = False  # True: `out` is a folder (html), else a file or stdout

    def __init__(self, out: Output | Path, refs: Any) -> None:
        self.out = out
        self.refs = refs

    def begin(self, amendable: bool) -> None:
        """Before the first `add`: whether `amend` may follow (a cross-article pass is on)."""

    def add(self, index: int, item: Item) -> None:  # pragma: no cover - abstract
        raise NotImplementedError

    def amend(self, index: int, result: AuditResult, added: list[Finding]) -> None:
        """A cross-article pass added `added` to this article (already passed to `add`)."""

    def close_output(self) -> None:
        if isinstance(self.out, Output):
            self.out.close()

    def close(self, summary: RunSummary) -> None:  # pragma: no cover - abstract
        raise NotImplementedError


WRITERS: dict[str, type[ReportWriter]] = {}


def register_writer(cls: type[ReportWriter]) -> type[ReportWriter]:
    WRITERS[cls.format] = cls
    return cls


def writer_class(fmt: str) -> type[ReportWriter]:
    from . import load_writers

    load_writers(fmt)
    try:
        return WRITERS[fmt]
    except KeyError:
        known = ", ".join(sorted(WRITERS))
        raise BacauditError(f"unknown report format {fmt!r} (choose from {known})") from None


def open_writer(fmt: str, out: str | None, refs: Any) -> ReportWriter:
    """The writer for `fmt` on `out` (a folder for html, default `reports`; a file or stdout)."""
    cls = writer_class(fmt)
    if cls.folder:
        folder = Path(out or "reports")
        if folder.exists() and not folder.is_dir():
            raise BacauditError(f"{folder}: --out must be a folder for the {fmt} format")
        return cls(folder, refs)
    return cls(Output(out), refs)


def feed(
    writer: ReportWriter | Any,
    results: list[AuditResult],
    errors: list[InputError],
) -> RunSummary:
    """Give a finished list of results to a writer: the one-shot path (API, crawl reports)."""
    summary = RunSummary()
    writer.begin(amendable=False)
    index = 0
    for r in results:
        summary.count(r)
        writer.add(index, r)
        index += 1
    for e in errors:
        summary.errors.append(e)
        writer.add(index, e)
        index += 1
    writer.close(summary)
    return summary
