"""Baseline files: the findings a scheduled job has already reported, so it reports only new ones.

A finding is known by `Finding.fingerprint` (rule + normalised text), which survives edits
elsewhere on the page that shift offsets.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from .errors import BacauditError, read_json_list

BASELINE_VERSION = 1


def load_baseline(path: str | Path) -> set[str]:
    """The fingerprints listed in a baseline file; a missing or broken file is a one-line error."""
    p = Path(path)
    entries = read_json_list(p, "findings", "baseline file", "baseline")
    out: set[str] = set()
    for i, entry in enumerate(entries):
        fp = entry.get("fingerprint") if isinstance(entry, dict) else None
        if not isinstance(fp, str) or not fp:
            raise BacauditError(f"{p}: baseline entry {i} has no fingerprint")
        out.add(fp)
    return out


def baseline_entries(results: Iterable[Any]) -> list[dict[str, str]]:
    entries: dict[str, dict[str, str]] = {}
    for result in results:
        for f in result.findings:
            entries.setdefault(
                f.fingerprint,
                {
                    "source": result.article.source,
                    "rule": f.rule,
                    "text": f.text,
                    "fingerprint": f.fingerprint,
                },
            )
    return sorted(entries.values(), key=lambda e: (e["source"], e["rule"], e["fingerprint"]))


def write_baseline(results: Iterable[Any], path: str | Path) -> int:
    """Write every finding of `results` as a baseline; returns how many entries were written."""
    p = Path(path)
    entries = baseline_entries(results)
    doc = {"bacaudit_baseline": BASELINE_VERSION, "findings": entries}
    try:
        if p.parent and not p.parent.exists():
            p.parent.mkdir(parents=True, exist_ok=True)
        tmp = p.with_name(p.name + ".tmp")
        tmp.write_text(json.dumps(doc, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        tmp.replace(p)
    except OSError as exc:
        raise BacauditError(f"{p}: cannot write baseline ({exc.strerror or exc})") from None
    return len(entries)
