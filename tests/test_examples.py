"""The bundled sample articles show what each rule family catches, and what it leaves alone."""

from __future__ import annotations

from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


@pytest.fixture(scope="module")
def results(auditor):
    from bacaudit.models import AuditResult

    out = {}
    items = [r for r in auditor.audit_inputs([str(EXAMPLES)]) if isinstance(r, AuditResult)]
    auditor.finish(items)
    for r in items:
        out[Path(r.article.source).name] = r
    return out


def rules_of(result) -> set[str]:
    return {f.rule for f in result.findings}


def test_every_sample_is_audited(results):
    names = {p.name for p in EXAMPLES.iterdir() if p.suffix in (".html", ".txt")}
    assert names <= set(results)
    assert len(names) >= 6


@pytest.mark.parametrize("name", ["careful-explainer.html", "cited-research-summary.txt"])
def test_careful_articles_get_no_marketing_and_no_uncited(results, name):
    bad = [
        (f.rule, f.text)
        for f in results[name].findings
        if f.category in ("marketing", "uncited", "seo_spam")
    ]
    assert bad == []


def test_rehab_page(results):
    r = results["rehab-center-page.html"]
    assert {
        "BA201",
        "BA202",
        "BA301",
        "BA302",
        "BA303",
        "BA304",
        "BA305",
        "BA306",
        "BA311",
    } <= rules_of(r)
    phone = [f.text for f in r.findings if f.rule == "BA302"]
    assert phone == ["(888) 555-0142"]


def test_unsourced_explainer(results):
    r = results["pharmacy-explainer-unsourced.txt"]
    assert {"BA201", "BA203", "BA204", "BA205", "BA206"} <= rules_of(r)
    texts = [f.text for f in r.findings if f.category == "uncited"]
    assert not any("drowsy" in t or t.endswith("?") or t.startswith("Talk to") for t in texts)


def test_personal_essay(results):
    r = results["personal-essay.txt"]
    assert {"BA307", "BA308", "BA309"} <= rules_of(r)
    assert not [f for f in r.findings if f.category == "uncited"]


def test_seo_page(results):
    r = results["seo-spam-page.txt"]
    assert {"BA401", "BA402", "BA403", "BA310"} <= rules_of(r)
    assert not [f for f in r.findings if f.category == "uncited"]


def test_boilerplate_is_found_across_the_run(results):
    hits = [name for name, r in results.items() if "BA311" in rules_of(r)]
    assert sorted(hits) == [
        "pharmacy-explainer-unsourced.txt",
        "rehab-center-page.html",
        "seo-spam-page.txt",
    ]


def test_precision_on_samples(results):
    """Every finding on the good samples is a false alarm; there must be none."""
    good = ("careful-explainer.html", "cited-research-summary.txt")
    assert sum(len(results[n].findings) for n in good if n in results) == 0
