"""Throughput of the whole audit (extraction, NLP, claims, verification, every rule, score).

    python benchmarks/run.py [--articles N] [--jobs N] [--corpus text|html|generated|DIR]

The corpus (see corpus.py) is streamed and cycled lazily, so memory reflects the auditor, not
the corpus. Prints articles per second, words per second and peak memory (max RSS of this
process and of the largest worker); with `--jobs 1`, the time per article of each stage.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import choose  # noqa: E402

from bacaudit.audit import Auditor  # noqa: E402
from bacaudit.claims.parsing import STATS as PARSE_STATS  # noqa: E402
from bacaudit.claims.parsing import load_parser  # noqa: E402
from bacaudit.config import Config  # noqa: E402
from bacaudit.parallel import resolve_jobs  # noqa: E402
from bacaudit.reference import load_reference_set  # noqa: E402

STAGES = ("extract", "nlp", "claims+verify", "rules", "score")


def _max_rss_mb(who: int) -> float:
    """ru_maxrss is in KiB on Linux (bytes on macOS)."""
    rss = resource.getrusage(who).ru_maxrss
    return rss / 2**20 if sys.platform == "darwin" else rss / 1024


def _cpu_seconds(who: int) -> float:
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument(
        "--articles", type=int, default=200, help="how many articles to audit (default 200)"
    )
    ap.add_argument(
        "--jobs", type=int, default=1, help="worker processes (0: one per CPU; default 1)"
    )
    ap.add_argument(
        "--corpus",
        default="text",
        help="text (seeds, else examples, else generated), html (examples and HTML fixtures), "
        "generated, or a folder of articles (default text)",
    )
    ap.add_argument(
        "--trace-memory",
        action="store_true",
        help="also trace this process's Python allocations (tracemalloc; slows the run)",
    )
    args = ap.parse_args(argv)
    if args.articles < 1:
        ap.error("--articles must be at least 1")
    if args.jobs < 0:
        ap.error("--jobs must be 0 (one per CPU) or more")
    jobs = resolve_jobs(args.jobs)
    corpus = choose(args.corpus)

    t0 = time.perf_counter()
    auditor = Auditor(load_reference_set(), Config())
    build = time.perf_counter() - t0
    # warm caches and lazy imports outside the timing (workers inherit them)
    auditor.audit_text("Baclofen is a muscle relaxant.")
    auditor.audit_html("<html><body><p>Baclofen is a muscle relaxant.</p></body></html>")
    if jobs == 1:
        auditor.clock = {}
    parse_stats = PARSE_STATS
    parse_stats.sentences = parse_stats.parsed = 0
    parse_stats.seconds = 0.0

    if args.trace_memory:
        tracemalloc.start()
    words = articles = findings = claims = errors = 0
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    cpu0 = _cpu_seconds(resource.RUSAGE_SELF)
    t1 = time.perf_counter()
    for result in auditor.audit_documents(corpus.stream(args.articles), jobs=jobs):
        if hasattr(result, "article"):
            articles += 1
            words += len(result.article.text.split())
            findings += len(result.findings)
            claims += len(result.claims)
        else:
            errors += 1
    elapsed = time.perf_counter() - t1
    cpu_self = _cpu_seconds(resource.RUSAGE_SELF) - cpu0
    cpu_workers = _cpu_seconds(resource.RUSAGE_CHILDREN)
    peak_traced = tracemalloc.get_traced_memory()[1] if args.trace_memory else None
    tracemalloc.stop()

    print(f"corpus: {corpus.describe()}")
    print(f"{articles} articles, {words:,} words, {errors} unreadable; jobs: {jobs}")
    print(f"auditor build: {build:.2f} s (reference set + spaCy pipeline + rules)")
    print(
        f"elapsed: {elapsed:.2f} s"
        + (" (tracemalloc on)" if args.trace_memory else "")
        + f"; CPUs: {os.cpu_count()}, load average at start {load:.2f}"
    )
    print(
        f"cpu: {cpu_self:.2f} s this process + {cpu_workers:.2f} s workers "
        f"= {1000 * (cpu_self + cpu_workers) / max(articles, 1):.1f} ms per article"
    )
    print(f"articles/s: {articles / elapsed:.1f}")
    print(f"words/s: {words / elapsed:,.0f}")
    print(f"ms/article: {1000 * elapsed / max(articles, 1):.1f}")
    print(f"claims: {claims}, findings: {findings}")
    if auditor.clock is not None:
        per = {s: 1000 * auditor.clock.get(s, 0.0) / max(articles, 1) for s in STAGES}
        total = sum(per.values()) or 1.0
        print(
            "per article, by stage: "
            + ", ".join(f"{s} {ms:.2f} ms ({100 * ms / total:.0f}%)" for s, ms in per.items())
        )
        rules = sorted(
            ((k.split(" ", 1)[1], v) for k, v in auditor.clock.items() if k.startswith("rule ")),
            key=lambda kv: -kv[1],
        )
        print(
            f"parser: {'loaded' if load_parser() is not None else 'not installed'}; "
            f"sentences parsed {parse_stats.parsed:,} of {parse_stats.sentences:,} "
            f"({100 * parse_stats.share:.1f}%), "
            f"{1000 * parse_stats.seconds / max(articles, 1):.2f} ms per article "
            "(inside claims+verify)"
        )
        print(
            "slowest rules, ms per article: "
            + ", ".join(f"{code} {1000 * s / max(articles, 1):.2f}" for code, s in rules[:5])
        )
    else:
        print("per article, by stage: measured with --jobs 1 only")
    traced = (
        f", {peak_traced / 2**20:.1f} MB traced during the run" if peak_traced is not None else ""
    )
    workers = (
        f", largest worker {_max_rss_mb(resource.RUSAGE_CHILDREN):.0f} MB max RSS"
        if jobs > 1
        else ""
    )
    print(f"peak memory: {_max_rss_mb(resource.RUSAGE_SELF):.0f} MB max RSS{workers}{traced}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
