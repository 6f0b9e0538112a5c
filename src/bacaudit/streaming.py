"""A run written as it goes: each result goes to the report writers as it arrives, and only
small things stay in memory until the end.

What stays: the run's counters, the input errors, and for the cross-article pass (template
boilerplate, BA311) a fingerprint of each block: its hash, article, start and end (20 bytes),
never its text. At the end the pass counts the articles that share each block hash; the
articles it flags are read back from a compressed spool on a temporary file (results are
written there as they arrive, only while the pass is enabled), given their BA311 findings
exactly as `Auditor.finish` gives them, re-scored, and handed to the writers' `amend`.
"""

from __future__ import annotations

import hashlib
import pickle
import re
import tempfile
import zlib
from array import array
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from .models import AuditResult, Finding, InputError
from .report.writers import RunSummary

if TYPE_CHECKING:
    from .audit import Auditor

_WORD = re.compile(r"\w+")
_SKIPPED_KINDS = ("heading", "citation")


def _block_hash(text: str) -> int | None:
    """The 64-bit head of BA311's block key (`rules.marketing._block_key`), or None when the
    block is too short to count (fewer than four words)."""
    words = _WORD.findall(text.lower())
    if len(words) < 4:
        return None
    digest = hashlib.blake2b(" ".join(words).encode("utf-8"), digest_size=12).digest()
    return int.from_bytes(digest[:8], "little", signed=True)


class BoilerplateTally:
    """Block fingerprints of every article of a run; `flagged()` says which recur.

    Per block: its 64-bit hash, the article's ordinal, start and end (20 bytes); per article:
    its input index and a 64-bit hash of its text (16 bytes), so an article read twice counts
    once, as in `Auditor.finish`."""

    def __init__(self, min_articles: int) -> None:
        self.threshold = max(2, int(min_articles))
        self.keys = array("q")
        self.article = array("i")
        self.start = array("i")
        self.end = array("i")
        self.index_of = array("q")  # article ordinal -> input index
        self.doc_of = array("q")  # article ordinal -> text hash

    def observe(self, index: int, result: AuditResult) -> None:
        article = result.article
        ordinal = len(self.index_of)
        self.index_of.append(index)
        self.doc_of.append(int(article.text_sha256[:15], 16))
        for block in article.blocks:
            if block.kind in _SKIPPED_KINDS or block.region == "references":
                continue
            key = _block_hash(block.text)
            if key is None:
                continue
            self.keys.append(key)
            self.article.append(ordinal)
            self.start.append(block.start)
            self.end.append(block.end)

    def flagged(self) -> dict[int, list[tuple[int, int, int]]]:
        """Input index -> (start, end, articles holding the block) of each recurring block,
        in input order."""
        import numpy as np

        if not self.keys:
            return {}
        keys = np.frombuffer(self.keys, dtype=np.int64)
        docs = np.frombuffer(self.doc_of, dtype=np.int64)[np.frombuffer(self.article, np.int32)]
        order = np.lexsort((docs, keys))
        k, d = keys[order], docs[order]
        first_of_pair = np.ones(len(k), dtype=bool)
        first_of_pair[1:] = (k[1:] != k[:-1]) | (d[1:] != d[:-1])
        _, inverse = np.unique(k, return_inverse=True)
        articles = np.bincount(inverse, weights=first_of_pair).astype(np.int64)
        per_record = np.empty(len(k), dtype=np.int64)
        per_record[order] = articles[inverse]
        out: dict[int, list[tuple[int, int, int]]] = {}
        for i in np.nonzero(per_record >= self.threshold)[0].tolist():
            index = self.index_of[self.article[i]]
            out.setdefault(index, []).append((self.start[i], self.end[i], int(per_record[i])))
        return dict(sorted(out.items()))


class ResultSpool:
    """Results on a temporary file (pickled, compressed), read back by input index.
    Memory: two integers per input."""

    def __init__(self) -> None:
        self._fh = tempfile.TemporaryFile()  # noqa: SIM115 - closed by close()
        self._where = array("q")  # input index -> offset, length (-1: not an article)
        self._size = 0

    def put(self, index: int, result: AuditResult) -> None:
        data = zlib.compress(pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL), 1)
        self._fh.seek(self._size)
        self._fh.write(data)
        while len(self._where) < 2 * index:
            self._where.append(-1)
        self._where.extend((self._size, len(data)))
        self._size += len(data)

    def get(self, index: int) -> AuditResult:
        at, size = self._where[2 * index], self._where[2 * index + 1]
        self._fh.seek(at)
        return pickle.loads(zlib.decompress(self._fh.read(size)))

    def close(self) -> None:
        self._fh.close()


def boilerplate_findings(
    result: AuditResult, places: list[tuple[int, int, int]], auditor: Auditor
) -> list[Finding]:
    """BA311 findings for `places` of one article, as `rules.marketing` builds them."""
    from .rules.base import AuditContext
    from .rules.marketing import TemplateBoilerplate
    from .rules.spans import trim

    rule = TemplateBoilerplate()
    config = auditor.config
    severity = config.severity_for(rule.code, rule.severity)
    added: list[Finding] = []
    article = result.article
    for start, end, n in places:
        start, end = trim(article.text, start, end)
        if any(f.rule == rule.code and f.start == start for f in [*result.findings, *added]):
            continue
        ctx = AuditContext(article, [], result.claims, auditor.refs, config)
        f = rule.finding(ctx, start, end, rule.message.format(n=n), severity=severity, fix=rule.fix)
        added.extend(auditor._filter(article, [f]))
    return added


def boilerplate_enabled(auditor: Auditor) -> bool:
    from .rules.marketing import TemplateBoilerplate

    return auditor.config.rule_enabled(TemplateBoilerplate.code)


def stream_run(
    auditor: Auditor,
    items: Iterable[AuditResult | InputError],
    writers: list[Any],
    on_item: Callable[[int, AuditResult | InputError], None] | None = None,
    cross_article: bool | None = None,
) -> RunSummary:
    """Feed `items` (results in input order) to `writers` as they arrive, run the cross-article
    pass, and close the writers. A run with no article closes nothing and writes nothing: the
    caller reports it. `cross_article` defaults to whether BA311 is enabled."""
    from .score import score_findings

    if cross_article is None:
        cross_article = boilerplate_enabled(auditor)
    summary = RunSummary()
    tally = BoilerplateTally(auditor.config.boilerplate_min_articles) if cross_article else None
    spool = ResultSpool() if cross_article else None
    for w in writers:
        w.begin(amendable=cross_article)
    try:
        for index, item in enumerate(items):
            if isinstance(item, InputError):
                summary.errors.append(item)
            else:
                summary.count(item)
                if tally is not None and spool is not None:
                    tally.observe(index, item)
                    spool.put(index, item)
            for w in writers:
                w.add(index, item)
            if on_item is not None:
                on_item(index, item)
        if not summary.articles:
            return summary
        if tally is not None and spool is not None:
            for index, places in tally.flagged().items():
                result = spool.get(index)
                added = boilerplate_findings(result, places, auditor)
                if not added:
                    continue
                summary.count(result, -1)
                result.findings = sorted(
                    [*result.findings, *added], key=lambda f: (f.start, f.end, f.rule)
                )
                result.score, result.score_breakdown = score_findings(result.findings)
                summary.count(result)
                for w in writers:
                    w.amend(index, result, added)
        for w in writers:
            w.close(summary)
        return summary
    finally:
        if spool is not None:
            spool.close()
