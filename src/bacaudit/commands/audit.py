"""`bacaudit audit INPUT...`: the contract in CONTRACT.md (schema_version 1)."""

from __future__ import annotations

import sys
from pathlib import Path

from ..errors import error_line
from ..models import SEVERITY_RANK, AuditResult, InputError


def add_parser(sub) -> None:
    p = sub.add_parser("audit", help="audit files, folders, URLs or stdin (-)")
    p.add_argument(
        "inputs", nargs="+", metavar="INPUT", help="file, folder, http(s) URL, or - for stdin"
    )
    p.add_argument("--format", choices=("text", "json", "csv", "html"), default="text")
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
    p.add_argument("--no-progress", action="store_true", help="no progress bar on standard error")
    p.set_defaults(func=run)


def run(args) -> int:
    from ..audit import Auditor
    from ..config import load_config
    from ..reference import load_reference_set
    from ..report import write_report

    config = load_config(args.config)
    if args.baseline:
        config.baseline = args.baseline
    fail_on = args.fail_on or config.fail_on
    refs = load_reference_set(args.refs)
    auditor = Auditor(refs, config)

    results: list[AuditResult] = []
    errors: list[InputError] = []
    progress = None
    if args.format != "text" or args.out:
        progress = _progress(args)
    for item in auditor.audit_inputs(
        args.inputs,
        jobs=getattr(args, "jobs", 1),
        allow_private=args.allow_private,
        timeout=args.timeout,
    ):
        if isinstance(item, InputError):
            errors.append(item)
            print(error_line(item.source, item.error), file=sys.stderr)
        else:
            results.append(item)
        if progress:
            progress(len(results) + len(errors))
    if progress:
        progress(None)
    if not results:
        if not errors:
            print("bacaudit: no articles found in the inputs", file=sys.stderr)
        else:
            print(f"bacaudit: no readable input ({len(errors)} failed)", file=sys.stderr)
        return 2
    auditor.finish(results)
    write_report(args.format, results, errors, refs, args.out)
    if args.write_baseline:
        from ..baseline import write_baseline

        write_baseline(results, Path(args.write_baseline))
    if fail_on:
        worst = max((SEVERITY_RANK[f.severity] for r in results for f in r.findings), default=0)
        if worst >= SEVERITY_RANK[fail_on]:
            return 1
    return 0


def _jobs(value: str) -> int:
    import argparse

    try:
        n = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {value!r}") from None
    if n < 0:
        raise argparse.ArgumentTypeError("0 (one per CPU) or a positive number")
    return n


def _progress(args):
    """A progress bar on a TTY stderr (a counter when folders or URLs hide the total); silent
    otherwise."""
    if args.no_progress or not sys.stderr.isatty():
        return None
    from ..report.text import progress

    total = len(args.inputs) if all(Path(i).is_file() for i in args.inputs) else None
    return progress(total, sys.stderr)
