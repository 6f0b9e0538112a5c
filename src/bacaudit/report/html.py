"""HTML report: `index.html`, `rules.html` and one page per article under `articles/`.

Offline by construction: CSS and script are inlined and pinned by hash in a strict
Content-Security-Policy, the chart is SVG drawn here, nothing is fetched. Article-derived text
only ever reaches the page through Jinja's autoescaping or `markupsafe.escape`; links from data
are kept only when they are http(s).
"""

from __future__ import annotations

import base64
import hashlib
import json
from collections import Counter
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup, escape

from .. import __version__
from ..extract.export import article_dict
from ..extract.sourcemap import source_position
from ..models import CATEGORIES, SEVERITIES, AuditResult, Finding, InputError
from .highlight import css_token, has_span, render_text
from .names import UniqueNames
from .text import line_col
from .writers import ReportWriter, RunSummary, feed, register_writer

STATIC = Path(__file__).resolve().parent / "static"


@dataclass(frozen=True)
class _Assets:
    css: Markup
    js: Markup
    csp: str


@cache
def _assets() -> _Assets:
    css = (STATIC / "report.css").read_text(encoding="utf-8")
    js = (STATIC / "report.js").read_text(encoding="utf-8")
    # Trusted package files, not article data: they are inserted verbatim so the hashes match.
    return _Assets(Markup(css), Markup(js), content_policy(css, js, form_action="'none'"))


def content_policy(css: str, js: str, form_action: str) -> str:
    """A strict CSP that allows exactly this inline style and script (by hash), nothing else."""

    def digest(s: str) -> str:
        return base64.b64encode(hashlib.sha256(s.encode("utf-8")).digest()).decode()

    return (
        "default-src 'none'; "
        f"style-src 'sha256-{digest(css)}'; "
        f"script-src 'sha256-{digest(js)}'; "
        f"img-src data:; base-uri 'none'; form-action {form_action}"
    )


@cache
def _env() -> Environment:
    return Environment(
        loader=PackageLoader("bacaudit.report", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=False,
    )


def http_href(url: str | None) -> str | None:
    """A link target only when it is an absolute http(s) URL (no javascript:, data:, file:)."""
    if not url or any(c in url for c in "\x00\r\n\t"):
        return None
    parts = urlsplit(url.strip())
    return url.strip() if parts.scheme.lower() in ("http", "https") and parts.netloc else None


def score_class(score: int) -> str:
    return "good" if score >= 85 else "fair" if score >= 60 else "poor"


def write(results: list[AuditResult], errors: list[InputError], refs, out: Path) -> None:
    feed(HtmlWriter(Path(out), refs), results, errors)


@dataclass(slots=True)
class _Row:
    """What the index keeps of an article: a few strings and counts, never its text."""

    page: str
    label: str
    title: str | None
    source: str
    score: int
    by_category: tuple[int, ...]
    by_severity: tuple[int, ...]


@register_writer
class HtmlWriter(ReportWriter):
    """Each article page is written as its result arrives; `index.html` and `rules.html` at the
    end, from one small row per article and the run's counters. A page a cross-article pass
    changed is written again."""

    format = "html"
    folder = True

    def __init__(self, out: Path, refs) -> None:
        super().__init__(out, refs)
        self.folder_path = Path(out)
        self._names = UniqueNames()
        self._rows: list[_Row] = []
        self._row_of: dict[int, int] = {}
        self._by_rule: Counter[str] = Counter()
        self._rule_meta: dict[str, tuple[str, str, str]] = {}  # code -> (name, category, severity)
        self._common: dict | None = None

    @property
    def common(self) -> dict:
        if self._common is None:
            self._common = _common(self.refs)
        return self._common

    def _page(self, r: AuditResult, page: str) -> None:
        read = read_filename(page)
        html = (
            _env()
            .get_template("article.html.j2")
            .render(**self.common, **_article_context(r), extract_href=f"./{read}", root="../")
        )
        (self.folder_path / "articles" / page).write_text(html, encoding="utf-8")
        # What the auditor read: the same data as `bacaudit extract --format json`.
        payload = {"articles": [article_dict(r.article)], "errors": []}
        (self.folder_path / "articles" / read).write_text(
            json.dumps(payload, ensure_ascii=False, indent=1), encoding="utf-8"
        )

    def _count(self, r: AuditResult, sign: int) -> None:
        for f in r.findings:
            self._by_rule[f.rule] += sign
            self._rule_meta.setdefault(f.rule, (f.name or "", f.category, f.severity))

    def _row(self, r: AuditResult, page: str) -> _Row:
        return _row_of(r, page)

    def add(self, index: int, item: AuditResult | InputError) -> None:
        if not isinstance(item, AuditResult):
            return
        if not self._rows:
            (self.folder_path / "articles").mkdir(parents=True, exist_ok=True)
        page = self._names(item.article.source)
        self._page(item, page)
        self._count(item, 1)
        self._row_of[index] = len(self._rows)
        self._rows.append(self._row(item, page))

    def amend(self, index: int, result: AuditResult, added: list[Finding]) -> None:
        pos = self._row_of.get(index)
        if pos is None:
            return
        page = self._rows[pos].page
        self._page(result, page)
        for f in added:
            self._by_rule[f.rule] += 1
            self._rule_meta.setdefault(f.rule, (f.name or "", f.category, f.severity))
        self._rows[pos] = self._row(result, page)

    def close(self, summary: RunSummary) -> None:
        out = self.folder_path
        out.mkdir(parents=True, exist_ok=True)
        context = _index_context(self._rows, summary, self._by_rule, self._rule_meta)
        with (out / "index.html").open("w", encoding="utf-8") as fh:
            for chunk in (
                _env()
                .get_template("index.html.j2")
                .generate(**self.common, **context, root="")
            ):
                fh.write(chunk)
        (out / "rules.html").write_text(
            _env()
            .get_template("rules.html.j2")
            .render(**self.common, rules=_rules_context(self._rule_meta), root=""),
            encoding="utf-8",
        )


def read_filename(page: str) -> str:
    """`name.html` -> `name.extract.json`: the extraction beside the article's page."""
    stem = page[: -len(".html")] if page.endswith(".html") else page
    return f"{stem}.extract.json"


def _common(refs) -> dict:
    a = _assets()
    return {
        "css": a.css,
        "js": a.js,
        "csp": a.csp,
        "tool_version": __version__,
        "ref_version": getattr(refs, "version", "unknown"),
        "ref_entries": len(getattr(refs, "entries", ()) or ()),
        "categories": CATEGORIES,
        "severities": SEVERITIES,
    }


def _label(r: AuditResult) -> str:
    return (r.article.title or "").strip() or r.article.source


def _index_context(
    rows: list[_Row],
    summary: RunSummary,
    by_rule: Counter[str],
    rule_meta: dict[str, tuple[str, str, str]],
) -> dict:
    by_cat = summary.by_category
    ordered = sorted(rows, key=lambda row: (row.score, row.label))
    cat_bars = [(c, by_cat[c], c) for c in CATEGORIES] + [
        (c, n, c) for c, n in sorted(by_cat.items()) if c not in CATEGORIES and n
    ]
    sorted_rules = sorted(((k, n) for k, n in by_rule.items() if n), key=lambda kv: (-kv[1], kv[0]))
    rule_bars = [
        (_shorten(f"{code} {rule_meta[code][0]}", 26), n, rule_meta[code][1])
        for code, n in sorted_rules
    ]
    mean = summary.mean_score
    return {
        "rows": (_row_context(row) for row in ordered),
        "n_rows": len(rows),
        "errors": summary.errors,
        "total_findings": sum(by_cat.values()),
        "mean_score": round(mean) if mean is not None else "n/a",
        "chart_category": bar_chart("Findings by category", cat_bars),
        "chart_rule": bar_chart(
            "Findings by rule",
            rule_bars,
            width=520,
            label_w=200,
            links=[f"rules.html#{code}" for code, _ in sorted_rules],
        ),
    }


def _row_context(row: _Row) -> dict:
    return {
        "page": row.page,
        "label": row.label,
        "title": row.title,
        "source": row.source,
        "search": f"{row.label} {row.source}".lower(),
        "score": row.score,
        "score_class": score_class(row.score),
        "total": sum(row.by_category),
        "by_category": dict(zip(CATEGORIES, row.by_category, strict=True)),
        "by_severity": dict(zip(SEVERITIES, row.by_severity, strict=True)),
    }


def _shorten(s: str, limit: int) -> str:
    return s if len(s) <= limit else s[: limit - 1] + "…"


def _link_open(links: list[str] | None, i: int) -> str:
    return f'<a href="{escape(links[i])}">' if links else ""


def bar_chart(
    title: str,
    bars: list[tuple[str, int, str]],
    width: int = 420,
    label_w: int = 120,
    links: list[str] | None = None,
) -> Markup:
    """A horizontal bar chart as inline SVG: (label, value, category for the colour) per bar."""
    bar_h, gap, top = 20, 6, 26
    height = top + max(1, len(bars)) * (bar_h + gap) + 4
    biggest = max((v for _, v, _ in bars), default=0) or 1
    room = width - label_w - 50
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'role="{"group" if links else "img"}" aria-label="{escape(title)}">'
        f"<title>{escape(title)}</title>",
        f'<text class="label" x="0" y="16" font-weight="700">{escape(title)}</text>',
    ]
    if not bars:
        parts.append(f'<text class="label" x="0" y="{top + 14}">no findings</text>')
    for i, (label, value, cat) in enumerate(bars):
        y = top + i * (bar_h + gap)
        w = max(0, round(room * value / biggest))
        parts.append(
            f'<g class="cat-{css_token(cat)}"><title>{escape(label)}: {value}</title>'
            f"{_link_open(links, i)}"
            f'<text class="label" x="0" y="{y + 14}">{escape(label)}</text>'
            f"{'</a>' if links else ''}"
            f'<rect class="bar" x="{label_w}" y="{y}" width="{w}" height="{bar_h}" rx="3"></rect>'
            f'<text class="value" x="{label_w + w + 6}" y="{y + 14}">{value}</text></g>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))


def _article_context(r: AuditResult) -> dict:
    a = r.article
    keyed = [(str(i + 1), f) for i, f in enumerate(r.findings)]
    findings = []
    for key, f in keyed:
        located = has_span(f, a.text)
        line, col = (
            (source_position(a.meta, f.start) or line_col(a.text, f.start)) if located else (0, 0)
        )
        findings.append(
            {
                "key": key,
                "category": f.category,
                "severity": f.severity,
                "rule": f.rule,
                "name": f.name,
                "message": f.message,
                "text": f.text,
                "fix": f.fix,
                "reference": f.reference,
                "ref_href": http_href(f.reference.source_url) if f.reference else None,
                "located": located,
                "line": line,
                "col": col,
                "cat_token": css_token(f.category),
                "sev_token": css_token(f.severity),
            }
        )
    cats = Counter(f.category for f in r.findings)
    sevs = Counter(f.severity for f in r.findings)
    meta = [
        (label, value)
        for label, value in (
            ("Title", a.title),
            ("Author", a.author),
            ("Published", a.published),
            ("Modified", a.modified),
            ("URL", a.url),
            ("Canonical URL", a.canonical_url),
        )
        if value
    ]
    claims = [
        {
            "verdict": c.verdict,
            "verdict_token": css_token(c.verdict),
            "type": c.type,
            "subject": c.subject,
            "text": c.text,
            "explanation": c.explanation,
            "negated": c.negated,
            "hedged": c.hedged,
            "reference": c.reference,
            "ref_href": http_href(c.reference.source_url) if c.reference else None,
        }
        for c in r.claims
    ]
    return {
        "label": _label(r),
        "source": a.source,
        "source_href": http_href(a.url or a.source),
        "meta": meta,
        "text_sha256": a.text_sha256,
        "score": r.score,
        "score_class": score_class(r.score),
        "deductions": _deductions(r.score_breakdown),
        "breakdown": json.dumps(r.score_breakdown, ensure_ascii=False, sort_keys=True)
        if r.score_breakdown
        else "",
        "findings": findings,
        "by_category": cats,
        "by_severity": sevs,
        "present_categories": [c for c in CATEGORIES if cats[c]]
        + sorted(c for c in cats if c not in CATEGORIES),
        "present_severities": [s for s in SEVERITIES if sevs[s]]
        + sorted(s for s in sevs if s not in SEVERITIES),
        "body": render_text(a.text, a.blocks, keyed),
        "claims": claims,
    }


def _deductions(breakdown: dict) -> str:
    """`contradiction −50 · marketing −18`: the part of the score breakdown an editor reads."""
    deductions = breakdown.get("deductions") if isinstance(breakdown, dict) else None
    if not isinstance(deductions, dict):
        return ""
    parts = [f"{k} −{v}" for k, v in deductions.items() if isinstance(v, int | float) and v]
    return " · ".join(parts) or "none"


def _rules_context(rule_meta: dict[str, tuple[str, str, str]]) -> list[dict]:
    """Docs of every registered rule, plus any code a finding used that is not registered."""
    try:
        from ..rules.base import all_rules

        registered = all_rules()
    except Exception:  # a broken rule module must not cost the reader the whole report
        registered = {}
    rules = []
    for code, cls in registered.items():
        try:
            docs = cls.doc_sections()
        except Exception:
            docs = {}
        rules.append(
            {
                "code": code,
                "name": getattr(cls, "name", ""),
                "category": getattr(cls, "category", ""),
                "severity": getattr(cls, "severity", ""),
                "summary": docs.pop("summary", ""),
                "sections": list(docs.items()),
            }
        )
    for code, (name, category, severity) in sorted(rule_meta.items()):
        if code not in registered:
            rules.append(
                {
                    "code": code,
                    "name": name,
                    "category": category,
                    "severity": severity,
                    "summary": "",
                    "sections": [],
                }
            )
    for rule in rules:
        rule["cat_token"] = css_token(rule["category"])
        rule["sev_token"] = css_token(rule["severity"])
    rules.sort(key=lambda rule: rule["code"])
    return rules


def _row_of(r: AuditResult, page: str) -> _Row:
    cats = Counter(f.category for f in r.findings)
    sevs = Counter(f.severity for f in r.findings)
    return _Row(
        page,
        _label(r),
        r.article.title,
        r.article.source,
        r.score,
        tuple(cats[c] for c in CATEGORIES),
        tuple(sevs[s] for s in SEVERITIES),
    )


def _rule_meta_of(results: list[AuditResult]) -> tuple[Counter[str], dict]:
    by_rule: Counter[str] = Counter()
    meta: dict[str, tuple[str, str, str]] = {}
    for r in results:
        for f in r.findings:
            by_rule[f.rule] += 1
            meta.setdefault(f.rule, (f.name or "", f.category, f.severity))
    return by_rule, meta


def index_context(results: list[AuditResult], pages: list[str], errors: list[InputError]) -> dict:
    """The index page's context for results already in memory (the triage app's snapshot)."""
    summary = RunSummary()
    summary.errors.extend(errors)
    for r in results:
        summary.count(r)
    by_rule, meta = _rule_meta_of(results)
    rows = [_row_of(r, page) for r, page in zip(results, pages, strict=True)]
    ctx = _index_context(rows, summary, by_rule, meta)
    ctx["rows"] = list(ctx["rows"])
    return ctx


def rules_context(results: list[AuditResult]) -> list[dict]:
    """The rules page's context for results already in memory."""
    return _rules_context(_rule_meta_of(results)[1])
