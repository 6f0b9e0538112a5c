"""Throughput and memory of the whole audit (extraction, NLP, claims, verification, every rule,
score, the streamed report).

    python benchmarks/run.py [--articles N] [--jobs N] [--corpus text|html|generated|DIR]
                             [--sizes 2000,20000] [--memory-jobs 1,2]

The corpus (see corpus.py) is streamed and cycled lazily, so memory reflects the auditor, not
the corpus. Prints articles per second, words per second, the ratio of the audit's time to
spaCy's bare tokenizer over the same texts, and peak memory (max RSS of this process and of the
largest worker); with `--jobs 1`, the time per article of each stage. `--sizes` adds memory
runs: each size audited in a process of its own, exactly as `bacaudit audit --format jsonl`
does (workers, streamed writer, template-boilerplate pass), on generated articles that all
differ, made one at a time.
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
        "--sizes",
        default="",
        help="comma-separated article counts for memory runs, e.g. 2000,20000 (default: none)",
    )
    ap.add_argument(
        "--memory-jobs",
        default="1,2",
        help="--jobs values for the memory runs (default 1,2)",
    )
    ap.add_argument(
        "--memory-corpus",
        default="generated",
        help="corpus of the memory runs: generated (~600 words an article, default) or "
        "generated-short (~200 words, three times quicker)",
    )
    ap.add_argument("--memory-run", type=int, default=0, help=argparse.SUPPRESS)
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
    if args.memory_run:
        return memory_run(args.memory_run, jobs, choose(args.memory_corpus))
    sizes = _counts(ap, args.sizes)
    memory_jobs = _counts(ap, args.memory_jobs)
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
    tokenizer = _bare_tokenizer()
    tok_seconds = tok_cpu = 0.0
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    cpu0 = _cpu_seconds(resource.RUSAGE_SELF)
    t1 = time.perf_counter()
    for result in auditor.audit_documents(corpus.stream(args.articles), jobs=jobs):
        if hasattr(result, "article"):
            articles += 1
            words += len(result.article.text.split())
            findings += len(result.findings)
            claims += len(result.claims)
            t, c = time.perf_counter(), time.process_time()  # the bare tokenizer, timed apart
            tokenizer(result.article.text)
            tok_seconds += time.perf_counter() - t
            tok_cpu += time.process_time() - c
        else:
            errors += 1
    elapsed = time.perf_counter() - t1 - tok_seconds
    cpu_self = _cpu_seconds(resource.RUSAGE_SELF) - cpu0 - tok_cpu
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
    audit_cpu = cpu_self + cpu_workers
    print(
        f"ratio to the bare tokenizer: {audit_cpu / max(tok_cpu, 1e-9):.1f} "
        f"(CPU: audit {audit_cpu:.2f} s over all processes, spaCy's blank English tokenizer "
        f"{tok_cpu:.2f} s over the same texts; wall clock {elapsed:.2f} s / {tok_seconds:.2f} s)"
    )
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
    for n in sizes:
        for j in memory_jobs:
            _memory_line(n, j, args.memory_corpus)
    return 0


def _counts(ap: argparse.ArgumentParser, spec: str) -> list[int]:
    try:
        counts = [int(x) for x in spec.replace(" ", "").split(",") if x]
    except ValueError:
        ap.error(f"not a list of whole numbers: {spec!r}")
    if any(n < 1 for n in counts):
        ap.error(f"counts must be at least 1: {spec!r}")
    return counts


def _bare_tokenizer():
    """spaCy's blank English tokenizer: the floor the audit is compared with."""
    import spacy

    return spacy.blank("en").tokenizer


def _memory_line(n: int, jobs: int, corpus: str) -> None:
    """Audit `n` articles in a fresh process (so its max RSS is this run's) and print its peak."""
    import subprocess

    cmd = [
        sys.executable,
        str(Path(__file__).resolve()),
        "--memory-run",
        str(n),
        "--jobs",
        str(jobs),
        "--memory-corpus",
        corpus,
    ]
    run = subprocess.run(cmd, capture_output=True, text=True, check=False)
    line = run.stdout.strip().splitlines()[-1] if run.stdout.strip() else run.stderr.strip()
    print(line if run.returncode == 0 else f"memory run of {n} failed: {line}")


def memory_run(n: int, jobs: int, corpus) -> int:
    """The streamed audit of `n` articles as `bacaudit audit --format jsonl` runs it."""
    from bacaudit.report.writers import Output, writer_class
    from bacaudit.streaming import stream_run

    auditor = Auditor(load_reference_set(), Config())
    out = Output(os.devnull)
    writer = writer_class("jsonl")(out, auditor.refs)
    t = time.perf_counter()
    items = auditor.audit_documents(
        corpus.stream(n), jobs=jobs, isolate=auditor.config.article_timeout > 0
    )
    summary = stream_run(auditor, items, [writer])
    elapsed = time.perf_counter() - t
    parent = _max_rss_mb(resource.RUSAGE_SELF)
    worker = _max_rss_mb(resource.RUSAGE_CHILDREN)
    print(
        f"peak RSS at {n:,} articles, jobs {jobs}: {max(parent, worker):.0f} MB "
        f"(this process {parent:.0f} MB, largest worker {worker:.0f} MB; "
        f"{summary.articles:,} audited, {summary.findings:,} findings, "
        f"{n / elapsed:.1f} articles/s, corpus {corpus.name})"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
