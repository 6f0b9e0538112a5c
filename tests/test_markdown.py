"""Markdown articles: front matter is metadata, structure maps to the same blocks as HTML, and
every finding's line and column point into the Markdown source (checked by slicing the file at
the reported positions, through the SARIF and text outputs)."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest

from bacaudit.cli import main as cli_main
from bacaudit.extract.sourcemap import source_region
from bacaudit.models import Document
from conftest import FIXTURES

GUIDE = FIXTURES / "markdown" / "naltrexone-guide.md"


def _md(auditor, text: str, source: str = "article.md"):
    return auditor.audit_document(Document(source=source, content=text.encode(), kind="markdown"))


def _slice(source: str, sl: int, sc: int, el: int, ec: int) -> str:
    lines = source.split("\n")
    if sl == el:
        return lines[sl - 1][sc - 1 : ec - 1]
    return "\n".join([lines[sl - 1][sc - 1 :], *lines[sl : el - 1], lines[el - 1][: ec - 1]])


def _rendered(markdown_slice: str) -> str:
    """What a reader sees of a slice of Markdown: link targets, emphasis and quote markers
    gone, entities decoded, whitespace collapsed."""
    s = re.sub(r"\]\([^)]*\)", "", markdown_slice)
    s = re.sub(r"(?m)^\s*>\s?", "", s)
    s = s.replace("**", "").replace("*", "").replace("[", "")
    s = html.unescape(s)
    return " ".join(s.split())


def test_sarif_regions_slice_the_markdown_source_to_the_flagged_text(tmp_path, monkeypatch):
    monkeypatch.chdir(FIXTURES.parent.parent)
    out = tmp_path / "out.sarif"
    assert cli_main(["audit", str(GUIDE), "--format", "sarif", "--out", str(out)]) in (0, 1)
    doc = json.loads(out.read_text(encoding="utf-8"))
    source = GUIDE.read_text(encoding="utf-8")
    results = doc["runs"][0]["results"]
    assert len(results) >= 4
    multi_line = 0
    for r in results:
        loc = r["locations"][0]["physicalLocation"]
        assert loc["artifactLocation"]["uri"] == "tests/fixtures/markdown/naltrexone-guide.md"
        reg = loc["region"]
        piece = _slice(source, reg["startLine"], reg["startColumn"], reg["endLine"],
                       reg["endColumn"])
        flagged = r["properties"]["flaggedText"]
        assert _rendered(piece) == " ".join(flagged.split()), (piece, flagged)
        # the region starts on the flagged text's first character and ends on its last
        assert piece[0] == flagged[0] and piece[-1] == flagged[-1]
        multi_line += reg["endLine"] > reg["startLine"]
    assert multi_line >= 1, "a flagged sentence wrapped over lines keeps both ends"
    # front matter lines are never flagged, though its description is a sales pitch
    end_of_front = source.split("\n").index("---", 1) + 1
    assert all(
        r["locations"][0]["physicalLocation"]["region"]["startLine"] > end_of_front
        for r in results
    )


def test_text_report_gives_markdown_lines(auditor, capsys):
    assert cli_main(["audit", str(GUIDE), "--no-progress"]) in (0, 1)
    out = capsys.readouterr().out
    source_lines = GUIDE.read_text(encoding="utf-8").split("\n")
    positions = re.findall(r"\b(\d+):(\d+)\s+“(.{12})", out)
    assert positions
    for line, col, head in positions:
        assert source_lines[int(line) - 1][int(col) - 1 :].replace("**", "").startswith(
            head.rstrip("…")[:8]
        )


def test_front_matter_is_metadata_not_text(auditor):
    r = _md(auditor, GUIDE.read_text(encoding="utf-8"))
    a = r.article
    assert a.title == "Naltrexone after detox: a plain guide"
    assert a.author == "Priya Okafor"
    assert a.published == "2026-02-14" and a.modified == "2026-05-30"
    assert a.canonical_url == "https://journal.example.org/naltrexone-guide"
    assert "free, confidential consultation" not in a.text
    assert "Priya Okafor" not in a.text


def test_toml_front_matter_and_input_format_flag(tmp_path, capsys):
    page = tmp_path / "draft.txt"
    page.write_text(
        '+++\ntitle = "Disulfiram questions answered"\nauthor = "Lena Hart"\n+++\n\n'
        "# Disulfiram\n\nDisulfiram makes drinking unpleasant by blocking an enzyme.\n",
        encoding="utf-8",
    )
    out = tmp_path / "o.json"
    args = ["audit", str(page), "--format", "json", "--out", str(out), "--no-progress"]
    assert cli_main([*args, "--input-format", "markdown"]) == 0
    art = json.loads(out.read_text(encoding="utf-8"))["articles"][0]
    assert art["title"] == "Disulfiram questions answered" and art["author"] == "Lena Hart"
    assert cli_main(args) == 0  # read as plain text, the front matter is just lines
    assert json.loads(out.read_text(encoding="utf-8"))["articles"][0]["author"] != "Lena Hart"


def test_markdown_and_html_give_the_same_blocks_and_findings(auditor):
    md = (
        "# Acamprosate basics\n\n"
        "Acamprosate is taken as two tablets three times a day.\n\n"
        "- Baclofen is a Schedule IV controlled substance.\n"
        "- Call us today to book a free assessment.\n\n"
        "> The maximum dose of baclofen is 140 mg per day.\n\n"
        "## References\n\n"
        "1. Smith J. Acamprosate in practice. 2019.\n"
    )
    page = (
        "<!doctype html><html><head><title>Acamprosate basics</title></head><body><article>"
        "<h1>Acamprosate basics</h1>"
        "<p>Acamprosate is taken as two tablets three times a day.</p>"
        "<ul><li>Baclofen is a Schedule IV controlled substance.</li>"
        "<li>Call us today to book a free assessment.</li></ul>"
        "<blockquote><p>The maximum dose of baclofen is 140 mg per day.</p></blockquote>"
        "<h2>References</h2><ol><li>Smith J. Acamprosate in practice. 2019.</li></ol>"
        "</article></body></html>"
    )
    from_md = _md(auditor, md)
    from_html = auditor.audit_html(page, source="article.html")

    def shape(r):
        return [(b.kind, b.region, b.text) for b in r.article.blocks]

    assert shape(from_md) == shape(from_html)
    assert [(f.rule, f.text) for f in from_md.findings] == [
        (f.rule, f.text) for f in from_html.findings
    ]
    assert {f.rule for f in from_md.findings} >= {"BA101", "BA104"}


def test_reference_style_citation_supports_the_claim(auditor):
    claim = "Research shows that acamprosate doubles the rate of continuous abstinence after detox"
    bare = _md(auditor, f"# Acamprosate\n\n{claim}.\n")
    cited = _md(
        auditor,
        f"# Acamprosate\n\n{claim} [4].\n\n## Sources\n\n"
        '[4]: https://pubmed.ncbi.nlm.nih.gov/15891256/ "A trial of acamprosate"\n',
    )
    assert any(f.category == "uncited" for f in bare.findings)
    assert not any(f.category == "uncited" for f in cited.findings)
    (link,) = cited.article.links
    assert link.text == "[4]" and link.href.startswith("https://pubmed.ncbi.nlm.nih.gov/")
    assert [b.kind for b in cited.article.blocks if b.region == "references"][-1] == "citation"


@pytest.mark.parametrize(
    "markdown",
    [
        "Intro line.\n\n* one **bold** item with `code` and an &amp; entity\n* two\n",
        "> quoted *text* spread\n> over two lines\n\nAfter \\*escaped\\* stars.\n",
        "Setext heading\n==============\n\nText with a [link][ref] inside.\n\n[ref]: https://x.org\n",
        "| a | b |\n|---|---|\n| cell one | cell *two* |\n",
    ],
)
def test_every_character_maps_back_to_a_source_character(markdown, auditor):
    a = _md(auditor, markdown).article
    for b in a.blocks:
        for i, ch in enumerate(b.text):
            region = source_region(a.meta, b.start + i, b.start + i + 1)
            assert region is not None
            line, col = region[:2]
            got = markdown[sum(len(x) + 1 for x in markdown.split("\n")[: line - 1]) + col - 1]
            if ch == " ":
                assert got.isspace()
            else:
                assert got == ch, (b.text, i, got)


def test_ignore_comment_covers_the_next_block(auditor):
    md = "# Page\n\n<!-- bacaudit: ignore BA301 -->\nCall us today to book a free assessment.\n"
    r = _md(auditor, md)
    assert not any(f.rule == "BA301" for f in r.findings)
    assert any(f.rule == "BA301" for f in _md(auditor, md.replace("ignore", "note")).findings)


def test_markdown_suffixes_are_read_as_markdown(tmp_path):
    from bacaudit.ingest import iter_documents

    for name in ("a.md", "b.markdown", "c.MD"):
        (tmp_path / name).write_text("# Title\n\nBody text here.\n", encoding="utf-8")
    kinds = {Path(d.source).name: d.kind for d in iter_documents([str(tmp_path)])}
    assert kinds == {"a.md": "markdown", "b.markdown": "markdown", "c.MD": "markdown"}


def test_raw_html_boxes_are_read_and_located(auditor):
    md = (
        "# Page\n\nSome text about acamprosate.\n\n<div class=\"cta\">\n"
        "  <p>Call now at (555) 013-2211 to book a <b>free</b> consultation today!</p>\n"
        "  <script>var pitch = 'Call now';</script>\n</div>\n"
    )
    r = _md(auditor, md)
    box = [b for b in r.article.blocks if "Call now" in b.text]
    assert [b.text for b in box] == [
        "Call now at (555) 013-2211 to book a free consultation today!"
    ]
    flagged = [f for f in r.findings if f.category == "marketing"]
    assert flagged
    for f in flagged:
        sl, sc, el, ec = source_region(r.article.meta, f.start, f.end)
        piece = _slice(md, sl, sc, el, ec)
        assert piece.startswith("Call now") and piece.endswith("today!")
