"""Escaping must hold for every HTML parser, not only the one that wrote the page: the report
of a hostile article is read back with BeautifulSoup's pure-Python parser (a different
tokeniser from libxml2 and from Chromium) and must contain no markup from the article."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

HOSTILE = Path(__file__).resolve().parent / "fixtures" / "hostile"


@pytest.fixture(scope="module")
def report(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("hostile-report")
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "bacaudit",
            "audit",
            str(HOSTILE),
            "--format",
            "html",
            "--out",
            str(out),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    return out


def pages(out: Path) -> list[Path]:
    found = [out / "index.html", *sorted((out / "articles").glob("*.html"))]
    assert len(found) >= 3
    return found


def test_no_article_markup_survives_in_any_page(report):
    for page in pages(report):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        scripts = soup.find_all("script")
        assert len(scripts) <= 1, page  # at most the report's own inline script
        assert all(not s.get("src") for s in scripts)
        assert not soup.find_all(["img", "iframe", "object", "embed", "textarea", "form"])
        for tag in soup.find_all(True):
            assert not [a for a in tag.attrs if a.lower().startswith("on")], (page, tag.name)
            href = str(tag.get("href", "")).strip().lower()
            assert not href.startswith(("javascript:", "data:", "vbscript:")), (page, href)


def test_the_payload_is_shown_as_text(report):
    texts = [
        BeautifulSoup(p.read_text(encoding="utf-8"), "html.parser").get_text()
        for p in pages(report)[1:]
    ]
    assert any("<script>" in t for t in texts)
    assert any("onerror" in t for t in texts)
