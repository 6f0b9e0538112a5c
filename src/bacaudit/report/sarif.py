"""SARIF 2.1.0: one run, so code-review tools (GitHub code scanning, IDEs) annotate articles.

Every rule is listed with its code, name, descriptions from its docstring, a help link into
docs/rules.md and a default level from its severity. Each result carries the rule, level,
message (with the reference statement and source for contradictions), the article's location
relative to the working directory and a region with start/end line and column, and a partial
fingerprint from the finding's fingerprint, so a finding keeps its identity across pushes.

Regions: Markdown articles map exactly (the extractor keeps a source map); other local files
are searched for the flagged text, words matched across line breaks; when it cannot be found
the region is the article's first line with the flagged text as its snippet.
"""

from __future__ import annotations

import json
import os
import re
from functools import lru_cache
from pathlib import Path
from typing import IO, Any
from urllib.parse import quote

from .. import __version__
from ..extract.sourcemap import source_region
from ..models import AuditResult, Finding, InputError
from .writers import ReportWriter, register_writer

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
HOME = "https://github.com/bacaudit/bacaudit"
RULES_DOC = f"{HOME}/blob/main/docs/rules.md"
LEVELS = {"high": "error", "medium": "warning", "low": "note"}
FINGERPRINT_KEY = "bacauditFinding/v1"


def _rules(results: list[AuditResult]) -> list[dict[str, Any]]:
    try:
        from ..rules.base import all_rules

        registered = all_rules()
    except Exception:  # a broken rule module must not cost the whole report
        registered = {}
    rules: dict[str, dict[str, Any]] = {}
    for code, cls in registered.items():
        docs = cls.doc_sections()
        summary = docs.get("summary") or cls.name
        full = " ".join(
            x
            for x in (
                summary,
                f"What it flags: {docs['What it flags']}" if docs.get("What it flags") else "",
                f"Why: {docs['Why']}" if docs.get("Why") else "",
            )
            if x
        )
        rules[code] = _rule(code, cls.name, cls.category, cls.severity, summary, full)
    for r in results:  # a code a finding used that no registered rule declares
        for f in r.findings:
            if f.rule not in rules:
                text = f.name or f.rule
                rules[f.rule] = _rule(f.rule, f.name or f.rule, f.category, f.severity, text, text)
    return [rules[k] for k in sorted(rules)]


def _rule(code: str, name: str, category: str, severity: str, short: str, full: str) -> dict:
    return {
        "id": code,
        "name": name,
        "shortDescription": {"text": " ".join(short.split())},
        "fullDescription": {"text": " ".join(full.split())},
        "helpUri": f"{RULES_DOC}#{code.lower()}",
        "defaultConfiguration": {"level": LEVELS.get(severity, "warning")},
        "properties": {"category": category, "severity": severity, "tags": [category]},
    }


def artifact_uri(source: str, cwd: Path | None = None) -> str:
    """A URL as given; a local path relative to `cwd` when inside it, else a file: URI."""
    if "://" in source[:12]:
        return source
    if source == "-":
        return "stdin"
    cwd = (cwd or Path.cwd()).resolve()
    path = Path(source).resolve()
    try:
        return quote(path.relative_to(cwd).as_posix())
    except ValueError:
        return path.as_uri()


@lru_cache(maxsize=64)
def _read_source(path: str) -> str | None:
    try:
        p = Path(path)
        if not p.is_file() or p.stat().st_size > 20_000_000:
            return None
        return p.read_bytes().decode("utf-8", errors="replace").replace("\r\n", "\n")
    except OSError:
        return None


def _line_col(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def _search_region(source_text: str, flagged: str) -> tuple[int, int, int, int] | None:
    """Find the flagged words in a raw file, any whitespace (line breaks too) between them."""
    words = flagged.split()
    for take in (len(words), min(len(words), 8)):
        if not take:
            return None
        pattern = r"\s+".join(re.escape(w) for w in words[:take])
        m = re.search(pattern, source_text)
        if m:
            sl, sc = _line_col(source_text, m.start())
            el, ec = _line_col(source_text, m.end())
            return sl, sc, el, ec
    return None


def _region(result: AuditResult, f: Finding) -> dict[str, Any]:
    a = result.article
    found = source_region(a.meta, f.start, f.end)
    if found is None and "://" not in a.source[:12] and a.source != "-":
        raw = _read_source(a.source)
        found = _search_region(raw, f.text) if raw else None
    region: dict[str, Any] = {"snippet": {"text": f.text}}
    if found is None:
        region["startLine"] = 1
        return region
    sl, sc, el, ec = found
    region.update(startLine=sl, startColumn=sc, endLine=el, endColumn=ec)
    return region


def _message(f: Finding) -> str:
    text = f.message
    if f.reference is not None:
        text += f" Reference: {f.reference.statement} (source: {f.reference.source_url})"
    return text


def _result(result: AuditResult, f: Finding, index: dict[str, int], cwd: Path | None) -> dict:
    props: dict[str, Any] = {
        "category": f.category,
        "severity": f.severity,
        "flaggedText": f.text,
        "fingerprint": f.fingerprint,
    }
    if f.reference is not None:
        props["reference"] = f.reference.to_dict()
    if f.fix:
        props["fix"] = f.fix
    return {
        "ruleId": f.rule,
        "ruleIndex": index[f.rule],
        "level": LEVELS.get(f.severity, "warning"),
        "message": {"text": _message(f)},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": {"uri": artifact_uri(result.article.source, cwd)},
                    "region": _region(result, f),
                }
            }
        ],
        "partialFingerprints": {FINGERPRINT_KEY: f.fingerprint},
        "properties": props,
    }


def build(
    results: list[AuditResult], errors: list[InputError], refs, cwd: Path | None = None
) -> dict[str, Any]:
    rules = _rules(results)
    index = {r["id"]: i for i, r in enumerate(rules)}
    notifications = [
        {
            "level": "error",
            "message": {"text": e.error},
            "locations": [
                {"physicalLocation": {"artifactLocation": {"uri": artifact_uri(e.source, cwd)}}}
            ],
        }
        for e in errors
    ]
    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": "bacaudit",
                "version": __version__,
                "semanticVersion": __version__,
                "informationUri": HOME,
                "rules": rules,
            }
        },
        "invocations": [{"executionSuccessful": True, "toolExecutionNotifications": notifications}],
        "results": [_result(r, f, index, cwd) for r in results for f in r.findings],
        "columnKind": "unicodeCodePoints",
    }
    if refs is not None:
        run["properties"] = {
            "referenceSet": {
                "version": str(getattr(refs, "version", "unknown")),
                "entries": len(getattr(refs, "entries", ()) or ()),
            }
        }
    return {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}


def write(results: list[AuditResult], errors: list[InputError], refs, fh: IO[str]) -> None:
    json.dump(build(results, errors, refs, Path(os.getcwd())), fh, ensure_ascii=False, indent=2)
    fh.write("\n")


@register_writer
class SarifWriter(ReportWriter):
    """SARIF is one JSON document whose rule list depends on every result, so it is written
    at the end; each article keeps its findings until then (not its extracted text)."""

    format = "sarif"

    def __init__(self, out, refs) -> None:
        super().__init__(out, refs)
        self._results: dict[int, AuditResult] = {}
        self._errors: list[InputError] = []

    def add(self, index: int, item: AuditResult | InputError) -> None:
        if isinstance(item, InputError):
            self._errors.append(item)
        else:
            self._results[index] = item

    def amend(self, index: int, result: AuditResult, added) -> None:
        self._results[index] = result

    def close(self, summary) -> None:
        write([self._results[i] for i in sorted(self._results)], self._errors, self.refs,
              self.out)  # type: ignore[arg-type]
        self.close_output()
