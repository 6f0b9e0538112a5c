"""Terminal summary (stub)."""

from __future__ import annotations


def write(results, errors, refs, fh) -> None:
    for r in results:
        fh.write(f"{r.article.source}: score {r.score}, {len(r.findings)} finding(s)\n")
        for f in r.findings:
            fh.write(f"  {f.rule} {f.severity} {f.category}: {f.message}\n")
