"""Template boilerplate (BA311) across a crawl.

`bacaudit audit` flags a block that recurs in several articles of one run with a pass over all
results at the end. A crawl commits each page as it goes and may be killed and resumed, so it
cannot hold every result in memory: instead each audit stores its blocks' hashes and offsets
(`page_blocks`, table `blocks`), carried audits carry them, and at the end of every run
(a resumed one included) `flag_crawl_boilerplate` counts the pages of the job's current
snapshot that hold each block and rewrites the run's BA311 findings in one transaction. The
finding is built by the same rule class as in `bacaudit audit`, so its code, message, severity
and fix match the rule's documentation, and its fingerprint (rule + text) stays the same from
one run to the next, so an unchanged site shows no new or resolved BA311 findings.
"""

from __future__ import annotations

import json
from typing import Any

from ..models import Article, Finding
from ..rules.base import AuditContext
from ..rules.marketing import TemplateBoilerplate, _block_key
from ..rules.spans import trim
from ..store import Store, result_from_dict

RULE = TemplateBoilerplate()
SKIPPED_KINDS = ("heading", "citation")


def page_blocks(article: Article, auditor: Any) -> list[tuple[str, int, int, bool]]:
    """(hash, start, end, flaggable) for each block that could be template boilerplate.

    `flaggable` is False where the editor has said a finding there is fine (an inline
    suppression, `ignore_blocks`, the baseline): the block still counts towards how often it
    recurs, it is just not flagged on this page.
    """
    config = getattr(auditor, "config", None)
    refs = getattr(auditor, "refs", None)
    ctx = AuditContext(article, [], [], refs, config)  # type: ignore[arg-type]
    out: list[tuple[str, int, int, bool]] = []
    for block in article.blocks:
        if block.kind in SKIPPED_KINDS or block.region == "references":
            continue
        key = _block_key(block.text)
        if key is None:
            continue
        start, end = trim(article.text, block.start, block.end)
        if end <= start:
            continue
        probe = RULE.finding(ctx, start, end, RULE.message.format(n=0), fix=RULE.fix)
        flaggable = bool(auditor._filter(article, [probe])) if hasattr(auditor, "_filter") else True
        out.append((key, start, end, flaggable))
    return out


def flag_crawl_boilerplate(store: Store, run_id: int, previous: int | None, auditor: Any) -> int:
    """Rewrite the run's BA311 findings from the blocks of the job's current snapshot.

    The snapshot is every page audited (or carried) in this run, plus the pages of the
    previous completed run that this run did not reach (a page limit, an error) and that are
    not gone: a partial run does not make a site-wide block look rare. Pages are counted by
    their text, as in `bacaudit audit`, so two URLs of one text count once. Call inside
    `store.write()`. Returns the number of BA311 findings the run now has.
    """
    config = getattr(auditor, "config", None)
    if config is None:
        return 0
    enabled = config.rule_enabled(RULE.code)
    threshold = max(2, int(config.boilerplate_min_articles))
    severity = config.severity_for(RULE.code, RULE.severity)

    pages: dict[str, set[str]] = {}  # block hash -> texts (sha256) holding it
    places: dict[int, list[tuple[str, int, int]]] = {}  # this run's audit id -> flaggable blocks
    for row in store.snapshot_blocks(run_id, previous):
        pages.setdefault(row["block_hash"], set()).add(row["text_sha256"])
        if row["run_id"] == run_id and row["flaggable"]:
            places.setdefault(row["audit_id"], []).append(
                (row["block_hash"], row["start"], row["end"])
            )

    store.delete_run_findings(run_id, RULE.code)
    total = 0
    for audit_id, data, text, url in store.run_audits(run_id):
        result = result_from_dict(data, text)
        kept = [f for f in result.findings if f.rule != RULE.code]
        had = len(kept) != len(result.findings)
        new: list[Finding] = []
        if enabled:
            ctx = AuditContext(result.article, [], [], auditor.refs, config)
            seen: set[tuple[int, int]] = set()
            for key, start, end in places.get(audit_id, []):
                n = len(pages.get(key, ()))
                if n < threshold or (start, end) in seen or end > len(text):
                    continue
                seen.add((start, end))
                message = RULE.message.format(n=n)
                new.append(RULE.finding(ctx, start, end, message, severity=severity, fix=RULE.fix))
        if not new and not had:
            continue
        findings = sorted([*kept, *new], key=lambda f: (f.start, f.end, f.rule))
        from ..score import score_findings

        score, breakdown = score_findings(findings)
        data = dict(data, findings=[f.to_dict() for f in findings], score=score)
        data["score_breakdown"] = breakdown
        store.update_audit_result(audit_id, json.dumps(data), score)
        store.insert_findings(audit_id, run_id, url, new)
        total += len(new)
    return total
