"""Streamed reports: each result is written as it arrives, the report equals the one-shot report
of the finished list (template boilerplate included), and no result is kept once written."""

from __future__ import annotations

import gc
import io
import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
import referencing

from bacaudit.models import AuditResult, Document, InputError
from bacaudit.report import write_report
from bacaudit.report.json_report import SCHEMA_PATH
from bacaudit.report.jsonl import SCHEMA_PATH as LINE_SCHEMA_PATH
from bacaudit.report.writers import writer_class
from bacaudit.streaming import BoilerplateTally, stream_run

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
HTML_FIXTURES = ROOT / "tests" / "fixtures" / "html"

# A sign-off pasted into several articles of one site: template boilerplate (BA311).
SIGN_OFF = "Questions about your medication? Our pharmacists answer messages every weekday."


def _doc(i: int, sign_off: bool) -> Document:
    body = (
        f"Notes on dosing, part {i}\n\n"
        f"Baclofen is a muscle relaxant. In case {i}, a dose of {5 + i % 3} mg three times a day "
        "was the start.\n\n"
        f"Paragraph {i} talks about something only this article covers, in its own words.\n\n"
        + (SIGN_OFF if sign_off else f"Nothing else to add to note {i}, thank you for reading.")
    )
    return Document(source=f"notes-{i}.txt", content=body.encode(), kind="text", encoding="utf-8")


def _inputs() -> list[Document | InputError]:
    docs: list[Document | InputError] = [_doc(i, sign_off=i % 2 == 0) for i in range(7)]
    docs.insert(3, InputError("missing.txt", "file not found"))
    return docs


@pytest.fixture(scope="module")
def outcomes(auditor):
    return list(auditor.audit_documents(_inputs()))


def _one_shot(auditor, fmt: str, outcomes, out: str | None = None) -> str:
    """The report of the finished list: results first through Auditor.finish."""
    results = [o for o in outcomes if isinstance(o, AuditResult)]
    errors = [o for o in outcomes if isinstance(o, InputError)]
    copies = [_copy(r) for r in results]
    auditor.finish(copies)
    buf = io.StringIO()
    if out is None:
        writer_class(fmt)  # registers the writers
        from bacaudit.report import writers as w

        w.feed(w.WRITERS[fmt](buf, auditor.refs), copies, errors)
        return buf.getvalue()
    write_report(fmt, copies, errors, auditor.refs, out)
    return ""


def _copy(r: AuditResult) -> AuditResult:
    import pickle

    return pickle.loads(pickle.dumps(r))


def _streamed(auditor, fmt: str, outcomes) -> tuple[str, object]:
    buf = io.StringIO()
    writer = writer_class(fmt)(buf, auditor.refs)
    summary = stream_run(auditor, (_copy(o) for o in outcomes), [writer])
    return buf.getvalue(), summary


def test_streamed_json_equals_the_report_of_the_finished_run(auditor, outcomes):
    streamed, summary = _streamed(auditor, "json", outcomes)
    assert streamed == _one_shot(auditor, "json", outcomes)
    doc = json.loads(streamed)
    jsonschema.validate(doc, json.loads(SCHEMA_PATH.read_text(encoding="utf-8")))
    flagged = [
        a["source"] for a in doc["articles"] if any(f["rule"] == "BA311" for f in a["findings"])
    ]
    assert flagged == ["notes-0.txt", "notes-2.txt", "notes-4.txt", "notes-6.txt"]
    assert doc["errors"] == [{"source": "missing.txt", "error": "file not found"}]
    assert summary.articles == 7 and len(summary.errors) == 1


def _registry():
    output = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    resource = referencing.Resource.from_contents(output)
    return referencing.Registry().with_resource(output["$id"], resource)


def test_jsonl_lines_validate_and_updates_give_the_final_findings(auditor, outcomes):
    streamed, _ = _streamed(auditor, "jsonl", outcomes)
    lines = [json.loads(line) for line in streamed.splitlines()]
    schema = json.loads(LINE_SCHEMA_PATH.read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema, registry=_registry())
    for line in lines:
        validator.validate(line)
    assert [line["type"] for line in lines[:8]] == ["article"] * 3 + ["error"] + ["article"] * 4
    assert [line["index"] for line in lines[:8]] == list(range(8))
    assert lines[-1]["type"] == "summary" and lines[-1]["articles"] == 7
    # applying the update lines gives what the one-shot JSON report says
    articles = {line["index"]: line for line in lines if line["type"] == "article"}
    for line in lines:
        if line["type"] == "update":
            articles[line["index"]].update(
                findings=line["findings"],
                score=line["score"],
                score_breakdown=line["score_breakdown"],
            )
    final = [{k: v for k, v in a.items() if k not in ("type", "index")} for a in articles.values()]
    assert final == json.loads(_one_shot(auditor, "json", outcomes))["articles"]
    assert lines[-1]["findings"] == sum(len(a["findings"]) for a in final)


def test_a_line_is_written_before_the_next_input_is_read(auditor, outcomes):
    buf = io.StringIO()
    seen_before_next: list[int] = []

    def items():
        for o in outcomes:
            yield _copy(o)
            seen_before_next.append(buf.getvalue().count("\n"))

    stream_run(auditor, items(), [writer_class("jsonl")(buf, auditor.refs)])
    assert seen_before_next == list(range(1, len(outcomes) + 1))


def test_no_result_is_kept_once_written(auditor, outcomes):
    """At most the result being written is alive when the next one is read (slotted
    dataclasses take no weak references, so the garbage collector counts them)."""
    from bacaudit.models import Article

    alive: list[int] = []

    def live() -> int:
        return sum(
            1
            for o in gc.get_objects()
            if type(o) is Article and o.source.startswith("streamed-check/")
        )

    def items():
        for o in outcomes:
            item = _copy(o)
            if isinstance(item, AuditResult):
                item.article.source = "streamed-check/" + item.article.source
            yield item
            del item
            alive.append(live())

    for fmt in ("json", "csv"):
        alive.clear()
        stream_run(auditor, items(), [writer_class(fmt)(io.StringIO(), auditor.refs)])
        assert len(alive) == len(outcomes) and max(alive) <= 1, (fmt, alive)
        gc.collect()
        assert live() == 0


def test_csv_and_html_stream_the_same_findings(auditor, outcomes, tmp_path):
    import csv

    streamed, _ = _streamed(auditor, "csv", outcomes)
    rows = list(csv.DictReader(io.StringIO(streamed)))
    once = list(csv.DictReader(io.StringIO(_one_shot(auditor, "csv", outcomes))))
    key = lambda r: (r["source"], r["start"], r["rule"])  # noqa: E731
    assert sorted(map(key, rows)) == sorted(map(key, once))
    ba311 = [r for r in rows if r["rule"] == "BA311"]
    assert ba311 and rows[-len(ba311) :] == ba311  # found across the run: after the rest

    out = tmp_path / "html"
    writer = writer_class("html")(out, auditor.refs)
    stream_run(auditor, (_copy(o) for o in outcomes), [writer])
    _one_shot(auditor, "html", outcomes, str(tmp_path / "once"))
    for page in (tmp_path / "once" / "articles").iterdir():
        assert (out / "articles" / page.name).read_text() == page.read_text(), page.name
    assert (out / "index.html").read_text() == (tmp_path / "once" / "index.html").read_text()


def test_tally_counts_distinct_articles_and_keeps_twenty_bytes_a_block(auditor, outcomes):
    tally = BoilerplateTally(3)
    results = [o for o in outcomes if isinstance(o, AuditResult)]
    for i, r in enumerate(results + results[:1]):  # the first article read twice counts once
        tally.observe(i, r)
    flagged = tally.flagged()
    assert sorted(flagged) == [0, 2, 4, 6, 7]
    assert {n for places in flagged.values() for _, _, n in places} == {4}
    per_block = sum(a.itemsize for a in (tally.keys, tally.article, tally.start, tally.end))
    assert per_block == 20
    assert BoilerplateTally(5).flagged() == {}


def test_cli_jsonl_streams_and_ends_with_the_summary(tmp_path):
    for i in range(3):
        (tmp_path / f"a{i}.txt").write_bytes(_doc(i, sign_off=True).content)
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "bacaudit",
            "audit",
            str(tmp_path),
            "--format",
            "jsonl",
            "--no-progress",
            "--out",
            str(tmp_path / "out" / "run.jsonl"),
        ],
        capture_output=True,
        text=True,
        timeout=180,
        cwd=ROOT,
    )
    assert run.returncode == 0, run.stderr
    lines = [json.loads(x) for x in (tmp_path / "out" / "run.jsonl").read_text().splitlines()]
    assert [x["type"] for x in lines] == ["article"] * 3 + ["update"] * 3 + ["summary"]
    assert lines[-1]["articles"] == 3 and lines[-1]["errors"] == 0
