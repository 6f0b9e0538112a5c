"""`bacaudit extract`: the ingest of `audit` without auditing, in json, jsonl and text."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from bacaudit.cli import main

PAGE = """<html><head><title>Buprenorphine at home | Lakeview Recovery</title>
<meta name="author" content="Dana Ortiz"></head><body>
<nav><a href="/">Home</a> <a href="/programs">Programs</a></nav>
<article><h1>Buprenorphine at home</h1>
<p class="byline">By Dana Ortiz, PharmD</p>
<p>Buprenorphine can be started at home once withdrawal has begun, and a prescriber usually
checks in by phone during the first two days to adjust the dose.</p>
<div class="cta-box"><p>Questions about starting? Call our admissions team today.</p>
<a class="btn" href="tel:+15550100">Call (555) 0100</a></div>
<p>Most people reach a steady dose within a week, and follow-up visits then move to once a
month, with urine tests at some of them.</p>
<div class="author-bio"><p>Dana Ortiz is a pharmacist who writes about addiction medicine.</p></div>
</article><footer class="site-footer">Lakeview Recovery, 12 Shore Road</footer></body></html>
"""


def _write(tmp_path: Path) -> Path:
    path = tmp_path / "bup.html"
    path.write_text(PAGE, encoding="utf-8")
    return path


def test_json_blocks_slice_the_text_and_hints_mark_furniture(tmp_path, capsys):
    path = _write(tmp_path)
    missing = tmp_path / "gone.html"
    assert main(["extract", str(path), str(missing), "--format", "json"]) == 0
    out = capsys.readouterr()
    data = json.loads(out.out)
    assert [e["source"] for e in data["errors"]] == [str(missing)]
    assert str(missing) in out.err and len(out.err.strip().splitlines()) == 1
    (art,) = data["articles"]
    assert art["title"] == "Buprenorphine at home"
    assert art["author"] == "Dana Ortiz"
    for b in art["blocks"]:
        full = art["chrome_text"] if b["region"] == "chrome" else art["text"]
        assert full[b["start"]:b["end"]] == b["text"]
        assert set(b) >= {"kind", "region", "hints", "start", "end", "text"}
    by_text = {b["text"]: b for b in art["blocks"]}
    cta = by_text["Questions about starting? Call our admissions team today."]
    assert cta["region"] == "body" and "cta" in cta["hints"]
    assert "author_bio" in by_text[
        "Dana Ortiz is a pharmacist who writes about addiction medicine."]["hints"]
    assert any("Programs" in b["text"] and b["region"] == "chrome" for b in art["blocks"])
    prose = [b["text"] for b in art["blocks"] if b["region"] == "body" and not b["hints"]]
    assert any(t.startswith("Buprenorphine can be started") for t in prose)
    assert any(t.startswith("Most people reach a steady dose") for t in prose)
    assert not any("admissions" in t or "pharmacist who writes" in t for t in prose)
    assert any(ln["href"] == "tel:+15550100" for ln in art["links"])


def test_text_prints_the_prose_only(tmp_path, capsys):
    assert main(["extract", str(_write(tmp_path)), "--format", "text"]) == 0
    out = capsys.readouterr().out
    assert "Buprenorphine can be started at home" in out
    assert "Most people reach a steady dose" in out
    for furniture in ("Call our admissions", "Programs", "By Dana Ortiz", "12 Shore Road"):
        assert furniture not in out


def test_jsonl_has_one_line_per_article_or_error(tmp_path, capsys):
    path = _write(tmp_path)
    assert main(["extract", str(path), str(tmp_path / "nope.html"), "--format", "jsonl"]) == 0
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [next(iter(row)) for row in lines] == ["article", "error"]
    assert lines[0]["article"]["source"] == str(path)


def test_no_readable_input_exits_2(tmp_path, capsys):
    assert main(["extract", str(tmp_path / "nope.html")]) == 2
    assert "no readable input" in capsys.readouterr().err


def test_cli_entry_point_and_out_file(tmp_path):
    out = tmp_path / "read" / "extract.json"
    run = subprocess.run(
        [sys.executable, "-m", "bacaudit", "extract", str(_write(tmp_path)), "--out", str(out)],
        capture_output=True, text=True, check=False,
    )
    assert run.returncode == 0, run.stderr
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["articles"][0]["text"].startswith("Buprenorphine at home")


def test_html_report_links_each_article_to_what_was_read(tmp_path):
    import lxml.html

    from bacaudit.audit import Auditor
    from bacaudit.config import Config
    from bacaudit.reference import load_reference_set
    from bacaudit.report import write_report

    refs = load_reference_set()
    results = list(Auditor(refs, Config()).audit_inputs([str(_write(tmp_path))]))
    out = tmp_path / "report"
    write_report("html", results, [], refs, str(out))
    (page,) = (out / "articles").glob("*.html")
    links = lxml.html.fromstring(page.read_bytes()).xpath("//a[@class='extract-link']/@href")
    assert len(links) == 1
    read = json.loads((page.parent / links[0]).read_text(encoding="utf-8"))
    (art,) = read["articles"]
    assert art["text"] == results[0].article.text
    assert art["text_sha256"] == results[0].article.text_sha256
