"""The audit command against CONTRACT.md: exit codes, per-input errors, the JSON schema."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from bacaudit.report.json_report import SCHEMA_PATH

PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)
CLEAN = (
    "Baclofen and sleep\n\n"
    "This short note explains how the team reviews medication pages before they are published.\n"
)


def run_cli(
    *args: str, stdin: str | None = None, cwd: Path | None = None
) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "bacaudit", *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
        cwd=cwd,
    )


@pytest.fixture(scope="module")
def schema() -> dict:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def seeds_json(seeds_dir) -> dict:
    proc = run_cli("audit", str(seeds_dir), "--format", "json")
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def test_seeds_json_validates_against_the_shipped_schema(seeds_json, schema, seeds_dir):
    jsonschema.validate(seeds_json, schema)
    assert len(seeds_json["articles"]) == len(list(seeds_dir.glob("*.txt")))
    assert seeds_json["errors"] == []
    for article in seeds_json["articles"]:
        assert len(article["text_sha256"]) == 64


def test_every_span_is_the_exact_slice_of_the_extracted_text(seeds_json, seeds_dir):
    from bacaudit.extract import extract
    from bacaudit.ingest import iter_documents

    docs = {d.source: d for d in iter_documents([str(seeds_dir)])}
    for article in seeds_json["articles"]:
        text = extract(docs[article["source"]]).text
        for item in article["findings"] + article["claims"]:
            assert text[item["start"] : item["end"]] == item["text"], item


def test_unreadable_inputs_are_reported_and_the_rest_is_audited(tmp_path, seeds_dir, schema):
    seed = sorted(seeds_dir.glob("*.txt"))[0]
    png = tmp_path / "picture.png"
    png.write_bytes(PNG)
    missing = tmp_path / "missing.html"
    proc = run_cli("audit", str(missing), str(seed), str(png), "--format", "json")
    assert proc.returncode == 0, proc.stderr
    doc = json.loads(proc.stdout)
    jsonschema.validate(doc, schema)
    assert [a["source"] for a in doc["articles"]] == [str(seed)]
    assert {e["source"] for e in doc["errors"]} == {str(missing), str(png)}
    lines = [ln for ln in proc.stderr.splitlines() if ln.strip()]
    assert any(str(missing) in ln for ln in lines) and any(str(png) in ln for ln in lines)
    assert "Traceback" not in proc.stderr


def test_no_readable_input_exits_2_with_one_line(tmp_path):
    proc = run_cli("audit", str(tmp_path / "nope.txt"), "--format", "json")
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert proc.stdout == ""
    assert 1 <= len(proc.stderr.strip().splitlines()) <= 2
    assert "nope.txt" in proc.stderr


def test_bad_usage_exits_2():
    proc = run_cli("audit", "--format", "yaml", "x.txt")
    assert proc.returncode == 2


def test_stdin_and_out_file(tmp_path, schema):
    out = tmp_path / "sub" / "result.json"
    proc = run_cli("audit", "-", "--format", "json", "--out", str(out), stdin=CLEAN)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == ""
    doc = json.loads(out.read_text(encoding="utf-8"))
    jsonschema.validate(doc, schema)
    assert doc["articles"][0]["source"] == "-"
    assert doc["reference_set"]["entries"] > 0


def test_fail_on_reaches_exit_1_only_when_a_finding_is_severe_enough(tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_text(
        "Baclofen facts\n\n"
        "Baclofen is a Schedule III controlled substance in the United States.\n\n"
        "Call 1-800-555-0199 now to speak with our admissions team today!\n",
        encoding="utf-8",
    )
    clean = tmp_path / "clean.txt"
    clean.write_text(CLEAN, encoding="utf-8")
    assert run_cli("audit", str(bad), "--fail-on", "low").returncode == 1
    assert run_cli("audit", str(bad)).returncode == 0
    assert run_cli("audit", str(clean), "--fail-on", "low").returncode == 0


def test_broken_reference_set_exits_2_without_traceback(tmp_path):
    refs = tmp_path / "refs"
    refs.mkdir()
    (refs / "set.toml").write_text('version = "x"\n[[[broken\n', encoding="utf-8")
    doc = tmp_path / "a.txt"
    doc.write_text(CLEAN, encoding="utf-8")
    proc = run_cli("audit", str(doc), "--refs", str(refs))
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert "set.toml" in proc.stderr
