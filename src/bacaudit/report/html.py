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
from ..models import CATEGORIES, SEVERITIES, AuditResult, InputError
from .highlight import css_token, has_span, render_text
from .names import unique_filenames
from .text import line_col

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

    def digest(s: str) -> str:
        return base64.b64encode(hashlib.sha256(s.encode("utf-8")).digest()).decode()

    csp = (
        "default-src 'none'; "
        f"style-src 'sha256-{digest(css)}'; "
        f"script-src 'sha256-{digest(js)}'; "
        "img-src data:; base-uri 'none'; form-action 'none'"
    )
    # Trusted package files, not article data: they are inserted verbatim so the hashes match.
    return _Assets(Markup(css), Markup(js), csp)


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
    out = Path(out)
    (out / "articles").mkdir(parents=True, exist_ok=True)
    pages = unique_filenames(r.article.source for r in results)
    common = _common(refs)

    for r, page in zip(results, pages, strict=True):
        read = read_filename(page)
        html = (
            _env()
            .get_template("article.html.j2")
            .render(**common, **_article_context(r), extract_href=f"./{read}", root="../")
        )
        (out / "articles" / page).write_text(html, encoding="utf-8")
        # What the auditor read: the same data as `bacaudit extract --format json`.
        payload = {"articles": [article_dict(r.article)], "errors": []}
        (out / "articles" / read).write_text(
            json.dumps(payload, ensure_ascii=False, indent=1), encoding="utf-8"
        )

    (out / "index.html").write_text(
        _env()
        .get_template("index.html.j2")
        .render(**common, **_index_context(results, pages, errors), root=""),
        encoding="utf-8",
    )
    (out / "rules.html").write_text(
        _env()
        .get_template("rules.html.j2")
        .render(**common, rules=_rules_context(results), root=""),
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


def _index_context(results: list[AuditResult], pages: list[str], errors: list[InputError]) -> dict:
    rows = []
    by_cat: Counter[str] = Counter()
    by_rule: Counter[str] = Counter()
    for r, page in zip(results, pages, strict=True):
        cats = Counter(f.category for f in r.findings)
        sevs = Counter(f.severity for f in r.findings)
        by_cat.update(cats)
        by_rule.update(f.rule for f in r.findings)
        label = _label(r)
        rows.append(
            {
                "page": page,
                "label": label,
                "title": r.article.title,
                "source": r.article.source,
                "search": f"{label} {r.article.source}".lower(),
                "score": r.score,
                "score_class": score_class(r.score),
                "total": len(r.findings),
                "by_category": {c: cats[c] for c in CATEGORIES},
                "by_severity": {s: sevs[s] for s in SEVERITIES},
            }
        )
    rows.sort(key=lambda row: (row["score"], row["label"]))
    cat_bars = [(c, by_cat[c], c) for c in CATEGORIES] + [
        (c, n, c) for c, n in sorted(by_cat.items()) if c not in CATEGORIES
    ]
    rule_category = {f.rule: f.category for r in results for f in r.findings}
    rule_name = {f.rule: f.name or "" for r in results for f in r.findings}
    sorted_rules = sorted(by_rule.items(), key=lambda kv: (-kv[1], kv[0]))
    rule_bars = [
        (_shorten(f"{code} {rule_name[code]}", 26), n, rule_category[code])
        for code, n in sorted_rules
    ]
    return {
        "rows": rows,
        "errors": errors,
        "total_findings": sum(by_cat.values()),
        "mean_score": round(sum(r.score for r in results) / len(results)) if results else "n/a",
        "chart_category": bar_chart("Findings by category", cat_bars),
        "chart_rule": bar_chart(
            "Findings by rule",
            rule_bars,
            width=520,
            label_w=200,
            links=[f"rules.html#{code}" for code, _ in sorted_rules],
        ),
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


def _rules_context(results: list[AuditResult]) -> list[dict]:
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
    seen = set(registered)
    for r in results:
        for f in r.findings:
            if f.rule not in seen:
                seen.add(f.rule)
                rules.append(
                    {
                        "code": f.rule,
                        "name": f.name or "",
                        "category": f.category,
                        "severity": f.severity,
                        "summary": "",
                        "sections": [],
                    }
                )
    for rule in rules:
        rule["cat_token"] = css_token(rule["category"])
        rule["sev_token"] = css_token(rule["severity"])
    rules.sort(key=lambda rule: rule["code"])
    return rules
