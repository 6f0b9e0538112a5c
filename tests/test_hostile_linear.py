"""Pathological pages cost time in proportion to their size, through every stage.

Each family is audited (ingest of the bytes, extract, nlp, claims, rules) and rendered in
every report format at two sizes, N and 4N, in the same run. A linear stage takes about 4x
the time; the test allows 6x. A quadratic one would take 16x. Absolute times are never
asserted: the machine may be busy. Timings are the minimum of a few interleaved repeats, and
a floor keeps a stage that is too fast to measure from producing a meaningless ratio.
"""

from __future__ import annotations

import contextlib
import html as html_lib
import io
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from bacaudit.errors import InputProblem
from bacaudit.extract import extract
from bacaudit.ingest.files import read_file
from bacaudit.models import Document, InputError
from bacaudit.report import csv as csv_report
from bacaudit.report import html as html_report
from bacaudit.report import json_report
from bacaudit.report import text as text_report

SMALL = 1_200
RATIO = 6.0
FLOOR = 0.03  # seconds: below this a timing is mostly noise
REPEATS = 3

OPENER = "Baclofen is listed as a Schedule II narcotic by the DEA. "

FAMILIES: dict[str, Callable[[int], str]] = {
    # a mis-decoded page: replacement characters with no space
    "replacement_run": lambda n: OPENER + "\ufffd" * n,
    # ")." repeated: every piece is a suffix the tokenizer splits off one at a time
    "close_paren_stops": lambda n: OPENER + ")." * (n // 2),
    "word_then_dots": lambda n: OPENER + "Acamprosate" + "." * n,
    "run_of_quotes": lambda n: OPENER + "”" * n,
    # a Markdown heading marker followed by thousands of spaces
    "heading_then_spaces": lambda n: "#" + " " * n + "Baclofen withdrawal\n\n" + OPENER,
    "hashes_without_space": lambda n: "#" * n + " Gabapentin\n\n" + OPENER,
    # one very long line without a sentence stop
    "line_without_stops": lambda n: OPENER + ("gabapentin and baclofen are taken daily " *
                                                 (n // 40)),
    # one dose trigger every few characters in one long "sentence"
    "dose_after_dose": lambda n: OPENER + "take " + ", ".join(["25 mg"] * (n // 7)),
    # a finding every sentence: the reports locate every one of them
    "finding_after_finding": lambda n: "\n".join(
        ["Call now to verify your insurance today!"] * (n // 41)),
    "digits_and_stops": lambda n: OPENER + "3." * (n // 2),
    "open_brackets": lambda n: OPENER + "([{" * (n // 3),
}

HTML_FAMILIES: dict[str, Callable[[int], str]] = {
    # unclosed inline tags: flattened and parsed again past libxml2's depth limit
    "unclosed_font_tags": lambda n: "<html><body><article><p>" + OPENER + "</p>"
    + "<font>" * (n // 6) + "<p>" + OPENER + "</p></article></body></html>",
    "unclosed_divs": lambda n: "<html><body>" + "<div>" * (n // 5) + "<p>" + OPENER + "</p>",
    "tag_soup_lt": lambda n: "<html><body><p>" + OPENER + "<" * n + "</p></body></html>",
    # "<title" over and over and never a ">": a tag pattern must not rescan to the end each time
    "title_never_closed": lambda n: OPENER + "<title" * (n // 6),
    "paragraph_after_paragraph": lambda n: "<html><body><article>" + "".join(
        f"<p>Call now, line {i}, to verify your insurance today!</p>" for i in range(n // 50)),
}


def _cold(auditor) -> None:
    """Empty spaCy's tokenizer cache: it remembers each whitespace-free chunk, so a repeat
    would otherwise measure a lookup instead of the tokenizer's work on the run."""
    tokenizer = auditor.pipeline.nlp.tokenizer
    flush = getattr(getattr(tokenizer, "inner", tokenizer), "_flush_cache", None)
    if flush is not None:
        flush()


def _run_once(auditor, kind: str, data: bytes, workdir: Path) -> float:
    path = workdir / ("page.html" if kind == "html" else "page.txt")
    path.write_bytes(data)
    _cold(auditor)
    t = time.perf_counter()
    doc = read_file(path, 10_000_000)
    assert isinstance(doc, Document), doc
    try:
        result = auditor.audit_document(doc)
    except InputProblem as exc:
        pytest.fail(f"{kind} page refused: {exc.reason}")
    results, errors = [result], list[InputError]()
    for module in (text_report, json_report, csv_report):
        module.write(results, errors, auditor.refs, io.StringIO())
    html_report.write(results, errors, auditor.refs, workdir / "report")
    return time.perf_counter() - t


def _growth(auditor, kind: str, make: Callable[[int], str]) -> tuple[float, float]:
    small = make(SMALL).encode("utf-8")
    large = make(4 * SMALL).encode("utf-8")
    best_small = best_large = float("inf")
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        _run_once(auditor, kind, small, workdir)  # warm caches and lazy imports
        for _ in range(REPEATS):
            best_small = min(best_small, _run_once(auditor, kind, small, workdir))
            best_large = min(best_large, _run_once(auditor, kind, large, workdir))
            if best_large <= RATIO * max(best_small, FLOOR):
                break  # already within bounds: no need to repeat
    return best_small, best_large


def _assert_linear(name: str, small: float, large: float) -> None:
    bound = RATIO * max(small, FLOOR)
    assert large <= bound, (
        f"{name}: {SMALL} chars took {small:.3f} s, {4 * SMALL} chars {large:.3f} s "
        f"({large / max(small, 1e-9):.1f}x for 4x the size; at most {RATIO}x allowed)"
    )


# The same text inside one HTML paragraph, for the families whose text reaches the extractor
# in one piece.
AS_HTML = ["replacement_run", "close_paren_stops", "line_without_stops", "run_of_quotes"]


@pytest.mark.parametrize("name", sorted(FAMILIES))
def test_text_families_grow_linearly(auditor, name):
    _assert_linear(name, *_growth(auditor, "text", FAMILIES[name]))


@pytest.mark.parametrize("name", AS_HTML)
def test_text_families_grow_linearly_as_html(auditor, name):
    def make(n: int) -> str:
        body = html_lib.escape(FAMILIES[name](n))
        return f"<html><body><article><p>{body}</p></article></body></html>"

    _assert_linear(f"{name} (html)", *_growth(auditor, "html", make))


@pytest.mark.parametrize("name", sorted(HTML_FAMILIES))
def test_markup_families_grow_linearly(auditor, name):
    _assert_linear(name, *_growth(auditor, "html", HTML_FAMILIES[name]))


EXTRACT_SMALL = 6_000


@pytest.mark.parametrize("name", sorted(HTML_FAMILIES))
def test_markup_families_extract_linearly_at_larger_sizes(name):
    """The extractor alone, at sizes where a quadratic scan of the markup would dominate."""
    make = HTML_FAMILIES[name]

    def once(n: int) -> float:
        doc = Document("x.html", make(n).encode("utf-8"), "html")
        t = time.perf_counter()
        with contextlib.suppress(InputProblem):  # refusing is fine, slowly is not
            extract(doc)
        return time.perf_counter() - t

    once(EXTRACT_SMALL)
    small = large = float("inf")
    for _ in range(REPEATS):
        small = min(small, once(EXTRACT_SMALL))
        large = min(large, once(4 * EXTRACT_SMALL))
        if large <= RATIO * max(small, FLOOR / 3):
            break
    bound = RATIO * max(small, FLOOR / 3)
    assert large <= bound, f"{name}: {small:.3f} s then {large:.3f} s for 4x the size"


def test_deep_font_nesting_keeps_the_claim(auditor):
    page = HTML_FAMILIES["unclosed_font_tags"](6_000)
    result = auditor.audit_html(page, source="font.html")
    assert result.article.text.count(OPENER.strip()) == 2
    hits = [f for f in result.findings if f.category == "contradiction"]
    assert len({f.start for f in hits}) == 2  # the claim before and the one after the tags
