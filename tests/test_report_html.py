"""HTML report structure, without a browser: marks, escaping, offline, CSP."""

from __future__ import annotations

import base64
import hashlib
import re

import lxml.html
from hypothesis import given, settings
from hypothesis import strategies as st

from bacaudit.models import Claim, Finding, InputError, ReferenceRef
from bacaudit.report import html as html_report
from bacaudit.report.highlight import render_text
from bacaudit.report.names import unique_filenames
from report_helpers import FakeRefs, blocks_for, finding, result

TEXT = (
    "Baclofen and alcohol\n\n"
    "Baclofen is FDA approved for alcohol use disorder, says "
    "<script>window.__pwned=1</script> one site.\n\n"
    "Call now on 555 0100 {{ 7*7 }} to verify your insurance, best rehab near me.\n\n"
    '=HYPERLINK("http://evil.example","x") <img src=x onerror=alert(2)> </textarea></style>'
)


def _findings() -> list[Finding]:
    ref = ReferenceRef("baclofen.fda", "Not approved for AUD.", "javascript:alert(1)")
    return [
        finding(
            TEXT,
            "Baclofen is FDA approved",
            "contradiction",
            "BA101",
            "high",
            extend=25,
            reference=ref,
        ),
        finding(TEXT, "FDA approved", "uncited", "BA201", "medium"),  # nested inside the first
        finding(
            TEXT, "one site.", "uncited", "BA202", "low", extend=10
        ),  # crosses into the next block
        finding(TEXT, "Call now", "marketing", "BA301", "medium", extend=40),
        finding(
            TEXT, "verify your insurance, best", "seo_spam", "BA401", "low", extend=14
        ),  # crosses BA301
        Finding("marketing", "BA399", "low", "", 0, 0, "Whole-page issue without a span."),
    ]


def _segments_text(root, key: str) -> str:
    return "".join(m.text_content() for m in root.xpath(f'//mark[@data-finding="{key}"]'))


def _check_marks(text: str, findings: list[Finding]) -> None:
    keyed = [(str(i), f) for i, f in enumerate(findings)]
    html = f'<div id="t">{render_text(text, blocks_for(text), keyed)}</div>'
    root = lxml.html.fromstring(html)
    located = [f for f in findings if 0 <= f.start < f.end <= len(text)]
    assert len(root.xpath("//mark[@data-category]")) == len(located)
    assert root.text_content() == text  # nothing added, nothing lost, nothing interpreted
    for i, f in enumerate(findings):
        if f in located:
            assert _segments_text(root, str(i)) == text[f.start : f.end]
            first = root.xpath(f'//mark[@data-finding="{i}"][@data-category]')
            assert len(first) == 1 and first[0].get("data-rule") == f.rule


def test_overlapping_nested_and_crossing_spans():
    _check_marks(TEXT, _findings())


@settings(max_examples=150, deadline=None)
@given(st.data())
def test_any_spans_render_one_first_mark_each(data):
    text = data.draw(st.text(alphabet="ab <&>\n\"'", min_size=0, max_size=60))
    spans = data.draw(st.lists(st.tuples(st.integers(-3, 65), st.integers(-3, 65)), max_size=8))
    findings = [
        Finding("marketing", f"BA3{i:02d}", "low", text[max(a, 0) : max(b, 0)], a, b, "m")
        for i, (a, b) in enumerate(spans)
    ]
    _check_marks(text, findings)


def _write(tmp_path, results=None, errors=None):
    results = results or [
        result(TEXT, _findings(), source="https://example.org/a?x=<b>", title="<i>T</i> {{ 7*7 }}")
    ]
    out = tmp_path / "report"
    html_report.write(
        results, errors or [InputError("bad<script>.html", "not <b>HTML</b>")], FakeRefs(), out
    )
    return out, results


def test_pages_written_and_linked(tmp_path):
    out, results = _write(tmp_path)
    page = unique_filenames([r.article.source for r in results])[0]
    assert (out / "index.html").is_file() and (out / "rules.html").is_file()
    assert (out / "articles" / page).is_file()
    index = lxml.html.parse(str(out / "index.html")).getroot()
    assert index.xpath(f'//a[@href="articles/{page}"]')
    assert "test-set" in index.text_content()  # reference-set version
    assert "bad<script>.html" in index.text_content()  # the error, as text
    assert index.xpath("//svg//rect[@class='bar']")
    rules = lxml.html.parse(str(out / "rules.html")).getroot()
    ids = set(rules.xpath("//section[@class and starts-with(@class,'rule')]/@id"))
    article = lxml.html.parse(str(out / "articles" / page)).getroot()
    for href in article.xpath(
        "//article[contains(@class,'card')]//a[starts-with(@href,'../rules.html#')]/@href"
    ):
        assert href.split("#")[1] in ids


def test_hostile_text_stays_text(tmp_path):
    out, results = _write(tmp_path)
    page = out / "articles" / unique_filenames([r.article.source for r in results])[0]
    raw = page.read_text()
    doc = lxml.html.fromstring(raw)
    assert len(doc.xpath("//script")) == 1  # only the report's own
    assert not doc.xpath("//*[@onerror or @onload or @onclick]")
    assert not doc.xpath("//img")
    assert "{{ 7*7 }}" in doc.text_content() and "49" not in doc.text_content()
    assert (
        "<script>window.__pwned=1</script>"
        in doc.xpath('//*[@id="article-text"]')[0].text_content()
    )
    hrefs = doc.xpath("//a/@href")
    assert not [h for h in hrefs if h.lower().startswith(("javascript:", "data:", "vbscript:"))]
    for a in doc.xpath("//a[starts-with(@href,'http')]"):
        assert a.get("rel") == "noopener noreferrer"


def test_offline_and_strict_csp(tmp_path):
    out, _ = _write(tmp_path)
    for path in [
        out / "index.html",
        out / "rules.html",
        *sorted((out / "articles").glob("*.html")),
    ]:
        doc = lxml.html.parse(str(path)).getroot()
        csp = doc.xpath('//meta[@http-equiv="Content-Security-Policy"]/@content')[0]
        assert "default-src 'none'" in csp and "unsafe-eval" not in csp
        style, script = doc.xpath("//style")[0].text, doc.xpath("//script")[0].text
        for body, directive in ((style, "style-src"), (script, "script-src")):
            digest = base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()
            assert re.search(rf"{directive} 'sha256-{re.escape(digest)}'", csp), path
        assert not doc.xpath("//*[@src]") and not doc.xpath("//link")  # nothing to fetch
        assert not doc.xpath("//*[@style]")  # no inline style attributes (CSP would block them)


def test_claims_and_metadata_on_article_page(tmp_path):
    claim = Claim(
        "fda_approval",
        "baclofen",
        TEXT[22:70],
        22,
        70,
        verdict="contradicted",
        reference=ReferenceRef(
            "baclofen.fda", "Not approved for AUD.", "https://example.org/label"
        ),
        explanation="The label lists spasticity only.",
    )
    r = result(TEXT, _findings(), claims=[claim], source="seed.html")
    out, _ = _write(tmp_path, [r])
    doc = lxml.html.parse(str(out / "articles" / unique_filenames(["seed.html"])[0])).getroot()
    body = doc.text_content()
    assert r.article.text_sha256 in body and "A. Writer" in body and "test-set" in body
    assert "contradicted" in body and "The label lists spasticity only." in body
    assert doc.xpath('//a[@href="https://example.org/label"][@rel="noopener noreferrer"]')
    cards = doc.xpath("//article[contains(@class,'card')]")
    assert len(cards) == len(r.findings)
    assert "Not located in the article text." in cards[-1].text_content()


def test_http_href_only_accepts_web_links():
    assert html_report.http_href("https://example.org/x") == "https://example.org/x"
    for bad in (
        "javascript:alert(1)",
        " JAVASCRIPT:x",
        "data:text/html,x",
        "//evil",
        "file:///etc",
        None,
        "http://a\nb",
    ):
        assert html_report.http_href(bad) is None


def test_most_important_finding_is_drawn_innermost_on_a_shared_span():
    text = "Intro\n\nBaclofen is FDA approved for alcohol use disorder."
    needle = "Baclofen is FDA approved for alcohol use disorder."
    findings = [
        finding(text, needle, "marketing", "BA306", "low"),
        finding(text, needle, "contradiction", "BA103", "high"),
        finding(text, needle, "uncited", "BA203", "medium"),
    ]
    keyed = [(str(i), f) for i, f in enumerate(findings)]
    root = lxml.html.fromstring(f"<div>{render_text(text, blocks_for(text), keyed)}</div>")
    chain = root.xpath("//mark[not(mark)]/ancestor-or-self::mark/@data-category")
    assert chain == ["marketing", "uncited", "contradiction"]  # outermost first


def test_deductions_shown_in_words(tmp_path):
    r = result(TEXT, _findings(), source="d.html")
    r.score_breakdown = {"deductions": {"contradiction": 25, "marketing": 0, "uncited": 4}}
    out, _ = _write(tmp_path, [r])
    doc = lxml.html.parse(str(out / "articles" / unique_filenames(["d.html"])[0])).getroot()
    assert "contradiction −25 · uncited −4" in doc.text_content()


def test_unwritable_destinations_give_one_line_errors(tmp_path):
    import pytest

    from bacaudit.errors import BacauditError
    from bacaudit.report import write_report

    a_file = tmp_path / "taken"
    a_file.write_text("x")
    results = [result(TEXT, _findings())]
    with pytest.raises(BacauditError, match="must be a folder"):
        write_report("html", results, [], FakeRefs(), str(a_file))
    with pytest.raises(BacauditError, match="cannot write the report"):
        write_report("csv", results, [], FakeRefs(), str(a_file / "x.csv"))
    write_report("html", results, [], FakeRefs(), str(tmp_path / "new" / "folder"))
    assert (tmp_path / "new" / "folder" / "index.html").is_file()
