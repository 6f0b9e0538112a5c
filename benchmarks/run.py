"""Throughput of the whole audit (text extraction, NLP, claims, verification, every rule) on a
stream of text articles.

    python benchmarks/run.py [--articles N] [--corpus DIR]

The corpus is the seed articles beside the repository when present, else this project's own
claim fixtures; it is cycled lazily, so memory reflects the auditor, not the corpus. Prints
articles per second, words per second and peak memory.
"""

from __future__ import annotations

import argparse
import itertools
import resource
import sys
import time
import tracemalloc
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from bacaudit.audit import Auditor  # noqa: E402
from bacaudit.config import Config  # noqa: E402
from bacaudit.models import Document  # noqa: E402
from bacaudit.reference import load_reference_set  # noqa: E402

DEFAULT_CORPORA = (
    ROOT.parent / "shared" / "seeds",
    ROOT / "tests" / "fixtures" / "claims" / "articles",
)


def corpus_files(explicit: str | None) -> list[Path]:
    dirs = [Path(explicit)] if explicit else list(DEFAULT_CORPORA)
    for d in dirs:
        files = sorted(p for p in d.glob("*.txt") if p.is_file()) if d.is_dir() else []
        if files:
            return files
    raise SystemExit(f"benchmark: no .txt articles found in {', '.join(map(str, dirs))}")


def stream(files: list[Path], n: int) -> Iterator[Document]:
    """Reads each article when it is needed, cycling through the corpus."""
    for i, path in enumerate(itertools.islice(itertools.cycle(files), n)):
        yield Document(
            source=f"{path.name}#{i}", content=path.read_bytes(), kind="text", encoding="utf-8"
        )


def stage_times(auditor: Auditor, files: list[Path]) -> tuple[float, float]:
    """Mean ms per article of the NLP stage and of claim extraction + verification."""
    from bacaudit.claims import extract_claims
    from bacaudit.extract import extract
    from bacaudit.verify import verify_claims

    articles = [extract(d) for d in stream(files, len(files))]
    t0 = time.perf_counter()
    analyses = [auditor.pipeline.analyze(a) for a in articles]
    t1 = time.perf_counter()
    for analysis, article in zip(analyses, articles, strict=True):
        verify_claims(extract_claims(analysis, article, auditor.refs), auditor.refs)
    t2 = time.perf_counter()
    n = len(articles)
    return 1000 * (t1 - t0) / n, 1000 * (t2 - t1) / n


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument(
        "--articles", type=int, default=200, help="how many articles to audit (default 200)"
    )
    ap.add_argument(
        "--corpus", help="a folder of .txt articles (default: the seeds, else the fixtures)"
    )
    ap.add_argument(
        "--trace-memory",
        action="store_true",
        help="also trace Python allocations (tracemalloc; slows the run several times)",
    )
    args = ap.parse_args(argv)
    files = corpus_files(args.corpus)

    t0 = time.perf_counter()
    auditor = Auditor(load_reference_set(), Config())
    build = time.perf_counter() - t0
    auditor.audit_text("Baclofen is a muscle relaxant.")  # warm caches outside the timing

    if args.trace_memory:
        tracemalloc.start()
    words = articles = findings = claims = 0
    t1 = time.perf_counter()
    for result in auditor.audit_documents(stream(files, args.articles)):
        if hasattr(result, "article"):
            articles += 1
            words += len(result.article.text.split())
            findings += len(result.findings)
            claims += len(result.claims)
    elapsed = time.perf_counter() - t1
    peak_traced = tracemalloc.get_traced_memory()[1] if args.trace_memory else None
    tracemalloc.stop()
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    print(f"corpus: {len(files)} files cycled; {articles} articles, {words:,} words")
    print(f"auditor build: {build:.2f} s (reference set + spaCy pipeline + rules)")
    print(f"elapsed: {elapsed:.2f} s" + (" (tracemalloc on)" if args.trace_memory else ""))
    print(f"articles/s: {articles / elapsed:.1f}")
    print(f"words/s: {words / elapsed:,.0f}")
    print(f"ms/article: {1000 * elapsed / max(articles, 1):.1f}")
    print(f"claims: {claims}, findings: {findings}")
    nlp_ms, claims_ms = stage_times(auditor, files)
    print(
        f"per article, by stage: spaCy analysis {nlp_ms:.1f} ms, claims + verification "
        f"{claims_ms:.1f} ms"
    )
    traced = (
        f", {peak_traced / 2**20:.1f} MB traced during the run" if peak_traced is not None else ""
    )
    print(f"peak memory: {rss_mb:.0f} MB max RSS{traced}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
