"""`bacaudit audit INPUT...`: the contract in CONTRACT.md (schema_version 1)."""

from __future__ import annotations

import sys
from pathlib import Path
from types import SimpleNamespace

from ..errors import error_line
from ..models import SEVERITY_RANK, AuditResult, Finding, InputError


def add_parser(sub) -> None:
    p = sub.add_parser("audit", help="audit files, folders, URLs or stdin (-)")
    p.add_argument(
        "inputs", nargs="+", metavar="INPUT", help="file, folder, http(s) URL, or - for stdin"
    )
    p.add_argument(
        "--format",
        choices=_formats(),
        default="text",
        help="text (default), json, jsonl (a line per article as it is audited), csv, html, sarif",
    )
    p.add_argument("--out", help="output file (a folder for html); default: standard output")
    p.add_argument("--refs", help="reference set folder (default: the bundled reference_claims/)")
    p.add_argument(
        "--fail-on",
        choices=("low", "medium", "high"),
        help="exit 1 when a finding reaches this severity",
    )
    p.add_argument("--config", help="bacaudit.toml or pyproject.toml to read settings from")
    p.add_argument("--baseline", help="report only findings not listed in this baseline file")
    p.add_argument(
        "--decisions",
        metavar="FILE",
        help="hide findings dismissed in this decisions file (bacaudit decisions export)",
    )
    p.add_argument(
        "--input-format",
        choices=("auto", "markdown"),
        default="auto",
        help="read every input as Markdown (default: by file suffix, .md/.markdown)",
    )
    p.add_argument(
        "--write-baseline", metavar="PATH", help="write the findings of this run as a baseline"
    )
    p.add_argument(
        "--allow-private", action="store_true", help="allow URLs on private or loopback addresses"
    )
    p.add_argument(
        "--timeout", type=float, default=20.0, help="seconds per HTTP request (default 20)"
    )
    p.add_argument(
        "--jobs",
        type=_jobs,
        default=1,
        metavar="N",
        help="audit in N worker processes (0: one per CPU; default 1); same output",
    )
    p.add_argument(
        "--article-timeout",
        type=_seconds,
        default=None,
        metavar="SECONDS",
        help="an article audited for longer becomes an input error and the run goes on "
        "(default 30, or article_timeout in the config; 0: no limit)",
    )
    p.add_argument(
        "--scheduler",
        metavar="tcp://HOST:PORT",
        help="audit on this Dask distributed cluster (pip install distributed); same output",
    )
    p.add_argument("--no-progress", action="store_true", help="no progress bar on standard error")
    p.set_defaults(func=run)


def run(args) -> int:
    from ..audit import Auditor
    from ..config import load_config
    from ..errors import BacauditError
    from ..reference import load_reference_set
    from ..report import open_writer
    from ..streaming import stream_run

    config = load_config(args.config)
    if args.baseline:
        config.baseline = args.baseline
    if getattr(args, "article_timeout", None) is not None:
        config.article_timeout = args.article_timeout
    fail_on = args.fail_on or config.fail_on
    refs = load_reference_set(args.refs)
    auditor = Auditor(refs, config)
    writers: list = []
    decisions = None
    decisions_path = getattr(args, "decisions", None) or config.decisions
    if decisions_path:
        decisions = _DecisionsFilter(decisions_path)
        writers.append(decisions)  # first: every writer after it sees only kept findings
    writers.append(open_writer(args.format, args.out, refs))
    baseline = _BaselineSink() if args.write_baseline else None
    if baseline is not None:
        writers.append(baseline)
    worst = _Worst()
    writers.append(worst)

    progress = None
    if args.format != "text" or args.out:
        progress = _progress(args)

    def on_item(index: int, item: AuditResult | InputError) -> None:
        if isinstance(item, InputError):
            print(error_line(item.source, item.error), file=sys.stderr)
        if progress:
            progress(index + 1)

    items = auditor.audit_inputs(
        args.inputs,
        jobs=getattr(args, "jobs", 1),
        scheduler=getattr(args, "scheduler", None),
        isolate=config.article_timeout > 0,
        allow_private=args.allow_private,
        timeout=args.timeout,
        input_format=getattr(args, "input_format", "auto"),
    )
    if decisions is not None:
        items = decisions.filter(items)
    try:
        summary = stream_run(auditor, items, writers, on_item=on_item)
    except BrokenPipeError:  # the reader went away (`| head`): not an error of ours
        raise
    except OSError as exc:
        where = exc.filename or args.out or "standard output"
        raise BacauditError(f"{where}: cannot write the report ({exc.strerror or exc})") from exc
    finally:
        if progress:
            progress(None)
    if not summary.articles:
        if not summary.errors:
            print("bacaudit: no articles found in the inputs", file=sys.stderr)
        else:
            print(f"bacaudit: no readable input ({len(summary.errors)} failed)", file=sys.stderr)
        return 2
    if decisions is not None and decisions.hidden:
        print(f"bacaudit: {decisions.hidden} dismissed finding(s) hidden ({decisions.path})",
              file=sys.stderr)
    if baseline is not None:
        from ..baseline import write_baseline

        write_baseline(baseline.results(), Path(args.write_baseline))
    if fail_on and worst.rank >= SEVERITY_RANK[fail_on]:
        return 1
    return 0


class _DecisionsFilter:
    """Drops findings that reviewers dismissed (bacaudit decisions export) before any writer,
    the baseline or --fail-on sees them; counts what it hid."""

    def __init__(self, path: str) -> None:
        from ..review.decisions import dismissed_in_file

        self.path = path
        self.dismissed = dismissed_in_file(path)
        self.hidden = 0

    def begin(self, amendable: bool) -> None:
        pass

    def filter(self, items):
        """The run's results with dismissed findings dropped, before the run's totals."""
        for item in items:
            if isinstance(item, AuditResult):
                self._hide(item)
            yield item

    def add(self, index: int, item: AuditResult | InputError) -> None:
        pass

    def amend(self, index: int, result: AuditResult, added: list[Finding]) -> None:
        gone = {id(f) for f in added if f.fingerprint in self.dismissed}
        self._hide(result)
        added[:] = [f for f in added if id(f) not in gone]

    def _hide(self, result: AuditResult) -> None:
        from ..review.decisions import hide_dismissed

        self.hidden += hide_dismissed([result], self.dismissed)

    def close(self, summary) -> None:
        pass


class _Worst:
    """The highest severity of the run's findings, amended ones included (for --fail-on)."""

    def __init__(self) -> None:
        self.rank = 0

    def begin(self, amendable: bool) -> None:
        pass

    def add(self, index: int, item: AuditResult | InputError) -> None:
        if isinstance(item, AuditResult):
            self._see(item.findings)

    def amend(self, index: int, result: AuditResult, added: list[Finding]) -> None:
        self._see(added)

    def _see(self, findings: list[Finding]) -> None:
        self.rank = max([self.rank, *(SEVERITY_RANK[f.severity] for f in findings)])

    def close(self, summary) -> None:
        pass


class _BaselineSink(_Worst):
    """What --write-baseline needs of each article: its source and its findings."""

    def __init__(self) -> None:
        super().__init__()
        self._kept: dict[int, SimpleNamespace] = {}

    def add(self, index: int, item: AuditResult | InputError) -> None:
        if isinstance(item, AuditResult) and item.findings:
            self._kept[index] = _light(item)

    def amend(self, index: int, result: AuditResult, added: list[Finding]) -> None:
        self._kept[index] = _light(result)

    def results(self) -> list[SimpleNamespace]:
        return [self._kept[i] for i in sorted(self._kept)]


def _light(result: AuditResult) -> SimpleNamespace:
    return SimpleNamespace(
        article=SimpleNamespace(source=result.article.source), findings=list(result.findings)
    )


def _jobs(value: str) -> int:
    import argparse

    try:
        n = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {value!r}") from None
    if n < 0:
        raise argparse.ArgumentTypeError("0 (one per CPU) or a positive number")
    return n


def _seconds(value: str) -> float:
    import argparse
    import math

    try:
        n = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of seconds: {value!r}") from None
    if n < 0 or not math.isfinite(n):
        raise argparse.ArgumentTypeError("0 (no limit) or a positive number of seconds")
    return n


def _formats() -> tuple[str, ...]:
    from ..report import FORMATS

    return FORMATS


def _progress(args):
    """A progress bar on a TTY stderr (a counter when folders or URLs hide the total); silent
    otherwise."""
    if args.no_progress or not sys.stderr.isatty():
        return None
    from ..report.text import progress

    total = len(args.inputs) if all(Path(i).is_file() for i in args.inputs) else None
    return progress(total, sys.stderr)
