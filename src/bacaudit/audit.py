"""The core: Article -> AuditResult, a pure function of the article, the reference set and the
config. The same code serves a file, a directory, a crawl or a process pool."""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from .budget import time_budget
from .config import Config
from .errors import BacauditError, InputProblem
from .models import Article, AuditResult, Document, Finding, InputError
from .reference import ReferenceSet, load_reference_set
from .rules.base import AuditContext, iter_enabled


@dataclass
class Auditor:
    """Holds what is built once per process: the reference set, the spaCy pipeline, the rules."""

    refs: ReferenceSet
    config: Config = field(default_factory=Config)
    # seconds per stage summed over articles, when set (the benchmark's breakdown)
    clock: dict[str, float] | None = field(default=None, repr=False, compare=False)

    def __post_init__(self) -> None:
        from .nlp import get_pipeline

        self.pipeline = get_pipeline(self.refs, self.config.nlp_model)
        self.rules = list(iter_enabled(self.config))
        self._baseline: set[str] | None = None
        if self.config.baseline:
            from .baseline import load_baseline

            self._baseline = load_baseline(self.config.baseline)

    _default: Auditor | None = None

    @classmethod
    def default(cls) -> Auditor:
        if cls._default is None:
            cls._default = cls(load_reference_set())
        return cls._default

    # -- one article -------------------------------------------------------------------------

    def audit_article(self, article: Article) -> AuditResult:
        """Audit one extracted article. No time budget here: a caller that asks for one result
        waits for it; runs over many inputs apply `article_timeout` (`audit_one`, crawls)."""
        from .claims import extract_claims
        from .score import score_findings
        from .verify import verify_claims

        t = time.perf_counter()
        analysis = self.pipeline.analyze(article)
        t = self._lap("nlp", t)
        claims = verify_claims(extract_claims(analysis, article, self.refs), self.refs)
        t = self._lap("claims+verify", t)
        ctx = AuditContext(
            article=article,
            sentences=analysis.sentences,
            claims=claims,
            refs=self.refs,
            config=self.config,
            doc=analysis.doc,
        )
        findings: list[Finding] = []
        for rule in self.rules:
            r = time.perf_counter()
            for f in rule.check(ctx):
                f.severity = self.config.severity_for(f.rule, f.severity)  # type: ignore[assignment]
                findings.append(f)
            self._lap(f"rule {rule.code}", r)
        findings = _drop_superseded(self._filter(article, findings))
        findings.sort(key=lambda f: (f.start, f.end, f.rule))
        t = self._lap("rules", t)
        score, breakdown = score_findings(findings)
        self._lap("score", t)
        return AuditResult(article, claims, findings, score, breakdown)

    def _lap(self, stage: str, since: float) -> float:
        now = time.perf_counter()
        if self.clock is not None:
            self.clock[stage] = self.clock.get(stage, 0.0) + now - since
        return now

    def _filter(self, article: Article, findings: list[Finding]) -> list[Finding]:
        """Drop what the editor has said is fine: inline suppressions, known blocks, baseline."""
        from .rules.base import resolve_code

        kept = []
        seen: set[tuple[str, int, int]] = set()
        for f in findings:
            key = (f.rule, f.start, f.end)
            if key in seen:
                continue
            seen.add(key)
            if any(
                s.start <= f.start < s.end
                and (not s.codes or f.rule in {resolve_code(c) for c in s.codes})
                for s in article.suppressions
            ):
                continue
            block = article.block_at(f.start)
            if (
                block is not None
                and self.config.ignore_blocks
                and self.config.ignored_block(block.text)
            ):
                continue
            if self._baseline is not None and f.fingerprint in self._baseline:
                continue
            kept.append(f)
        return kept

    def audit_document(self, document: Document) -> AuditResult:
        from .extract import extract

        t = time.perf_counter()
        article = extract(document)
        self._lap("extract", t)
        return self.audit_article(article)

    def audit_text(self, text: str, source: str = "<text>") -> AuditResult:
        return self.audit_document(
            Document(source=source, content=text.encode("utf-8"), kind="text", encoding="utf-8")
        )

    def audit_html(self, html: str | bytes, source: str = "<html>") -> AuditResult:
        content = html.encode("utf-8") if isinstance(html, str) else html
        enc = "utf-8" if isinstance(html, str) else None
        return self.audit_document(
            Document(source=source, content=content, kind="html", encoding=enc)
        )

    # -- many inputs, streamed ---------------------------------------------------------------

    def audit_documents(
        self,
        documents: Iterable[Document | InputError],
        jobs: int = 1,
        scheduler: str | None = None,
        isolate: bool = False,
    ) -> Iterator[AuditResult | InputError]:
        """One result or InputError per input, in input order.

        `jobs` > 1 audits in that many worker processes (0: one per CPU), `scheduler` on a Dask
        cluster (`tcp://host:port`), with the same results; see parallel.py and cluster.py.
        `isolate` audits in a worker process even with one job, so an article stuck past its
        time budget where no signal reaches it costs a worker, not the run.
        """
        if scheduler:
            from .cluster import audit_on_cluster

            yield from audit_on_cluster(documents, self, scheduler)
            return
        if jobs != 1 or isolate:
            from .parallel import audit_parallel

            yield from audit_parallel(documents, self, jobs, isolate=isolate)
            return
        for doc in documents:
            if isinstance(doc, InputError):
                yield doc
                continue
            yield self.audit_one(doc)

    def audit_one(self, doc: Document) -> AuditResult | InputError:
        """One document's result within the config's `article_timeout` (budget.py), or an
        InputError that names it: never an exception."""
        try:
            with time_budget(self.config.article_timeout, doc.source):
                return self.audit_document(doc)
        except InputProblem as exc:
            return InputError(doc.source, exc.reason)
        except BacauditError as exc:
            return InputError(doc.source, str(exc))
        except RecursionError:
            return InputError(doc.source, "document nested too deeply to parse")
        except Exception as exc:  # one page that trips a bug must not end a run of thousands
            detail = " ".join(f"{type(exc).__name__}: {exc}".split())[:300]
            return InputError(doc.source, f"could not be audited (internal error {detail})")

    def audit_inputs(
        self,
        inputs: list[str],
        jobs: int = 1,
        scheduler: str | None = None,
        isolate: bool = False,
        **ingest_options,
    ) -> Iterator[AuditResult | InputError]:
        """Files, folders, URLs or "-", read lazily here and audited in `jobs` processes."""
        from .ingest import IngestOptions, iter_documents

        documents = iter_documents(inputs, IngestOptions(**ingest_options))
        yield from self.audit_documents(documents, jobs=jobs, scheduler=scheduler, isolate=isolate)

    def finish(self, results: list[AuditResult]) -> list[AuditResult]:
        """Cross-article passes that need the whole run (template boilerplate)."""
        from .rules import run_level_passes

        for apply in run_level_passes():
            apply(results, self)
        return results


def _drop_superseded(findings: list[Finding]) -> list[Finding]:
    """An uncited finding on a sentence that already contradicts the reference is noise.

    The fix for a false claim is to correct it, not to cite it, so the contradiction alone
    is reported for that span.
    """
    wrong = [(f.start, f.end) for f in findings if f.category == "contradiction"]
    if not wrong:
        return findings
    return [
        f
        for f in findings
        if f.category != "uncited" or not any(s < f.end and f.start < e for s, e in wrong)
    ]
