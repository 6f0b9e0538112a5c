"""Mutated copies of our own pages through ingest -> extract -> audit -> every report format.

Shared by the fuzz test (a few dozen inputs in the suite, 100,000 under `make fuzz`) and the
regression test that replays every input that ever failed (tests/fixtures/fuzz/).

A case is a seed page (one of our fixtures or examples, cut to a few kilobytes so each input
costs tens of milliseconds) plus a few mutations: truncation, byte flips, inserted Unicode and
control characters, repeated slices (long lines, runs of tags), unclosed inline tags, charset
games (byte-order marks, `<meta charset>` and HTTP labels, including Python codec names) and
hostile markup. Cases are audited in batches and each batch is rendered once in every format.

The properties: no internal error (an unreadable input is a one-line input error), every
finding slices the article text exactly, each input finishes within the per-article budget,
JSON parses, CSV stays one record per finding with no formula cell and no bare carriage
return, the terminal text holds no control characters, and the HTML report holds no script,
event handler or link that the report did not put there itself.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import re
import tempfile
import time
from dataclasses import dataclass, replace
from pathlib import Path

import lxml.html
from hypothesis import strategies as st

from bacaudit.ingest import iter_documents
from bacaudit.models import AuditResult, Document, InputError
from bacaudit.report import csv as csv_report
from bacaudit.report import html as html_report
from bacaudit.report import json_report
from bacaudit.report import text as text_report

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent
# Beside fixtures/hostile/, not in it: other tests audit that whole folder and expect its pages.
REGRESSIONS = TESTS / "fixtures" / "fuzz"
SEED_DIRS = [ROOT / "examples", TESTS / "fixtures" / "html", TESTS / "fixtures" / "html" / "cms",
             TESTS / "fixtures" / "hostile", TESTS / "fixtures" / "quality"]
SEED_CAP = 6000
# Seconds one input may take; generous because the machine running it may be busy.
ARTICLE_BUDGET = float(os.environ.get("FUZZ_ARTICLE_BUDGET", "10"))


def load_seeds() -> list[tuple[str, bytes]]:
    seeds = []
    for folder in SEED_DIRS:
        for path in sorted(folder.glob("*")):
            if path.suffix in (".html", ".txt", ".md") and path.is_file():
                seeds.append((path.suffix, path.read_bytes()[:SEED_CAP]))
    return seeds


SEEDS = load_seeds()

NASTY = [
    "\ufffd" * 40, "\u202e", "\u2028", "\u2029", "\x00", "\r", "\r\n", "\x1b[2J", "\x0c", "\x85",
    "\ufeff", "\u200b\u200d", "e\u0301\u0301\u0301", "🧪💊", "\U0010ffff", "ǅ", "ﬃ", "İ",
    "．", "＝1+1", "=HYPERLINK(\"x\")", "@SUM(1)", "-2+3", "\t=1",
    "<script>window.__pwned='fuzz'</script>", "<img src=x onerror=\"window.__pwned=1\">",
    "<a href=\"javascript:window.__pwned=1\">Call now</a>", "</textarea></style></script>",
    "{{ 7*7 }}", "<!-- bacaudit: ignore BA301 -->", "<!--", "<![CDATA[", "<?xml ?>", "&#0;",
    "&#x110000;", "&amp;&lt;", "<title>", "<p>", "</p></div></article>", "<br>" * 5,
    ").", "." * 30, "#" + " " * 300, "1.2.3.4.5", "(" * 50, "<" * 50, "%" * 20,
]
CLAIMS = [
    "Baclofen is a Schedule II narcotic under federal law.",
    "Baclofen is FDA approved for alcohol use disorder.",
    "The usual dose of baclofen is 900 mg per day.",
    "Call now to verify your insurance today!",
    "Studies show 99% of patients recover.",
]
TAGS = ["font", "b", "span", "i", "div", "li", "a href=x", "table", "noscript", "p", "h2"]
LABELS = ["utf-8", "rot-13", "zlib", "base64", "hex", "bz2", "quopri", "uu", "idna",
          "undefined", "utf-16", "utf-16le", "utf-32", "latin-1", "iso-8859-1", "shift_jis",
          "gbk", "koi8-r", "x-user-defined", "iso-2022-kr", "utf-7", "\"", "", "windows-1252"]
BOMS = [b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff"]
SOURCES = ["page.html", "a\r\n=HYPERLINK(\"x\").html", "b\u202egpj.html", "c\x1b[31m.txt",
           "<script>alert(1)</script>.html", "ok.txt"]


@dataclass
class Case:
    """One input: the bytes of a file, its suffix, an HTTP charset, the name reports show."""

    content: bytes
    suffix: str
    encoding: str | None = None
    source: str = "page.html"

    @property
    def key(self) -> str:
        meta = f"{self.suffix}|{self.encoding}|{self.source}".encode("utf-8", "surrogatepass")
        return hashlib.sha256(meta + b"\0" + self.content).hexdigest()[:16]


def _mutate(data: bytes, op: int, pos: float, arg: int) -> bytes:
    p = int(pos * len(data))
    if op == 0:
        return data[:p]
    if op == 1:
        return data[:p] + bytes([arg % 256]) + data[p + 1:]
    if op == 2:
        return data[:p] + NASTY[arg % len(NASTY)].encode() + data[p:]
    if op == 3:  # a slice repeated: long lines, runs of tags, repeated sentences
        piece = data[p:p + 1 + arg % 12] or b"."
        return data[:p] + piece * (1 + arg % 1500) + data[p:]
    if op == 4:  # unclosed inline tags
        return data[:p] + f"<{TAGS[arg % len(TAGS)]}>".encode() * (1 + arg % 700) + data[p:]
    if op == 5:
        return BOMS[arg % len(BOMS)] + data
    if op == 6:
        meta = f"<meta charset=\"{LABELS[arg % len(LABELS)]}\">".encode()
        return data[:p] + meta + data[p:]
    if op == 7:
        return data[:p] + data[p + 1 + arg % 400:]
    if op == 8:
        return data[:p] + (" " + CLAIMS[arg % len(CLAIMS)] + " ").encode() + data[p:]
    # op 9: the text re-encoded in another codec (UTF-16 without a BOM, cp1252, ...)
    codec = ["utf-16-le", "utf-16-be", "cp1252", "utf-32-le", "koi8-r"][arg % 5]
    return data.decode("utf-8", "replace").encode(codec, "replace")


@st.composite
def cases(draw) -> Case:
    suffix, data = draw(st.sampled_from(SEEDS))
    data = data[: draw(st.integers(0, len(data)))] if draw(st.booleans()) else data
    for _ in range(draw(st.integers(1, 4))):
        op = draw(st.integers(0, 9))
        data = _mutate(data, op, draw(st.floats(0, 1)), draw(st.integers(0, 10_000)))
    if draw(st.integers(0, 5)) == 0:
        suffix = {".html": ".txt", ".txt": ".html", ".md": ".html"}[suffix]
    encoding = draw(st.sampled_from(LABELS)) if draw(st.integers(0, 4)) == 0 else None
    return Case(data, suffix, encoding, draw(st.sampled_from(SOURCES)))


def batches(size: int):
    return st.lists(cases(), min_size=size, max_size=size)


# -- running and checking -----------------------------------------------------------------------


@dataclass
class Outcome:
    results: list[AuditResult]
    errors: list[InputError]
    seconds: list[float]


def run_batch(auditor, batch: list[Case], workdir: Path) -> Outcome:
    """Write each case to a file, ingest the files, audit them one by one, timing each."""
    paths = []
    for i, case in enumerate(batch):
        path = workdir / f"in{i}{case.suffix}"
        path.write_bytes(case.content)
        paths.append(str(path))
    docs = []
    for case, doc in zip(batch, iter_documents(paths), strict=True):
        if isinstance(doc, Document):
            doc = replace(doc, encoding=case.encoding, source=case.source)
        docs.append(doc)
    results, errors, seconds = [], [], []
    stream = auditor.audit_documents(docs)
    while True:
        t = time.perf_counter()
        try:
            item = next(stream)
        except StopIteration:
            break
        seconds.append(time.perf_counter() - t)
        (errors if isinstance(item, InputError) else results).append(item)
    auditor.finish(results)
    return Outcome(results, errors, seconds)


def check_outcome(out: Outcome) -> None:
    for e in out.errors:
        assert "internal error" not in e.error, e.error
        assert "\n" not in e.error and "\r" not in e.error, e.error
    for s in out.seconds:
        assert s <= ARTICLE_BUDGET, f"one input took {s:.1f} s (budget {ARTICLE_BUDGET} s)"
    for r in out.results:
        text = r.article.text
        for f in r.findings:
            assert 0 <= f.start <= f.end <= len(text), (f.rule, f.start, f.end)
            assert text[f.start:f.end] == f.text, (f.rule, f.text, text[f.start:f.end])


_TEXT_UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\ud800-\udfff]")
_SAFE_HREF = ("#", "./", "../", "articles/", "index.html", "rules.html", "http://", "https://")


def check_reports(auditor, out: Outcome, workdir: Path) -> None:
    results, errors, refs = out.results, out.errors, auditor.refs
    n_findings = sum(len(r.findings) for r in results)

    buf = io.StringIO()
    text_report.write(results, errors, refs, buf)
    bad = _TEXT_UNSAFE.search(buf.getvalue())
    assert bad is None, f"raw control character {bad.group()!r} in the text report"

    buf = io.StringIO()
    json_report.write(results, errors, refs, buf)
    data = json.loads(buf.getvalue())
    assert len(data["articles"]) == len(results) and len(data["errors"]) == len(errors)

    buf = io.StringIO()
    csv_report.write(results, errors, refs, buf)
    raw = buf.getvalue()
    assert "\r" not in raw, "bare carriage return in the CSV"
    rows = list(csv.reader(io.StringIO(raw)))
    assert len(rows) == 1 + n_findings, (len(rows), n_findings)
    for row in rows[1:]:
        assert len(row) == len(csv_report.COLUMNS)
        for cell in row:
            assert not cell.lstrip(" \u00a0\n\x0b\x0c").startswith(csv_report.FORMULA_START), cell

    folder = workdir / "html"
    html_report.write(results, errors, refs, folder)
    js = (Path(html_report.__file__).parent / "static" / "report.js").read_text(encoding="utf-8")
    pages = [folder / "index.html", folder / "rules.html", *(folder / "articles").glob("*.html")]
    for page in pages:
        check_html_page(page.read_text(encoding="utf-8"), js, page.name)


def check_html_page(html: str, js: str, name: str) -> None:
    tree = lxml.html.document_fromstring(html)
    for el in tree.iter():
        if not isinstance(el.tag, str):
            continue
        assert el.tag not in ("iframe", "object", "embed", "form", "img", "base"), (name, el.tag)
        if el.tag == "script":
            assert (el.text or "") == js, f"{name}: a script the report did not write"
        for attr, value in el.attrib.items():
            assert not attr.lower().startswith("on"), (name, attr, value)
            if attr in ("href", "src", "action", "formaction"):
                assert value.startswith(_SAFE_HREF), (name, attr, value)


def check_batch(auditor, batch: list[Case]) -> int:
    """Run and check one batch; on failure every input of the batch is kept as a regression
    fixture before the failure is raised. Returns the number of inputs run."""
    with tempfile.TemporaryDirectory() as tmp:
        try:
            out = run_batch(auditor, batch, Path(tmp))
            check_outcome(out)
            check_reports(auditor, out, Path(tmp))
        except BaseException as exc:
            if not isinstance(exc, KeyboardInterrupt):
                for case in batch:
                    save_regression(case)
            raise
    return len(batch)


def save_regression(case: Case) -> Path:
    REGRESSIONS.mkdir(parents=True, exist_ok=True)
    path = REGRESSIONS / f"{case.key}{case.suffix}"
    path.write_bytes(case.content)
    meta = {"encoding": case.encoding, "source": case.source}
    path.with_suffix(".json").write_text(json.dumps(meta) + "\n", encoding="utf-8")
    return path


def load_regressions() -> list[Case]:
    found = []
    for path in sorted(REGRESSIONS.glob("*")) if REGRESSIONS.is_dir() else []:
        if path.suffix in (".html", ".txt"):
            meta_path = path.with_suffix(".json")
            meta = json.loads(meta_path.read_text("utf-8")) if meta_path.exists() else {}
            found.append(Case(path.read_bytes(), path.suffix, meta.get("encoding"),
                              meta.get("source") or path.name))
    return found
