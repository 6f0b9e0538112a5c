"""Baseline files: write once, then report only new findings."""

from __future__ import annotations

import json

import pytest

from bacaudit.baseline import load_baseline, write_baseline
from bacaudit.cli import main
from bacaudit.errors import BacauditError

PAGE = (
    "Call our admissions team today to start your recovery!\n\nWe accept most major insurance "
    "plans."
)
NEW = "\n\nSpeak with an advisor at (866) 555-0199."


def test_write_then_load_round_trip(auditor, tmp_path):
    result = auditor.audit_text(PAGE, source="page.txt")
    path = tmp_path / "sub" / "baseline.json"
    n = write_baseline([result], path)
    assert n == len({f.fingerprint for f in result.findings}) > 0
    data = json.loads(path.read_text(encoding="utf-8"))
    assert {e["rule"] for e in data["findings"]} == {f.rule for f in result.findings}
    assert all(set(e) == {"source", "rule", "text", "fingerprint"} for e in data["findings"])
    assert load_baseline(path) == {f.fingerprint for f in result.findings}


@pytest.mark.parametrize(
    ("content", "needle"),
    [
        (None, "not found"),
        ("{not json", "not valid JSON"),
        ('{"x": 1}', 'no "findings"'),
        ('{"findings": [{"rule": "BA301"}]}', "no fingerprint"),
    ],
)
def test_broken_baseline_is_one_line_error(tmp_path, content, needle):
    path = tmp_path / "b.json"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(BacauditError) as err:
        load_baseline(path)
    assert needle in str(err.value) and str(path) in str(err.value)
    assert "\n" not in str(err.value)


def test_cli_reports_only_new_findings(tmp_path, capsys):
    page = tmp_path / "page.txt"
    page.write_text(PAGE, encoding="utf-8")
    base = tmp_path / "baseline.json"
    assert (
        main(
            ["audit", str(page), "--format", "json", "--write-baseline", str(base), "--no-progress"]
        )
        == 0
    )
    first = json.loads(capsys.readouterr().out)["articles"][0]["findings"]
    assert first and base.is_file()

    page.write_text(PAGE + NEW, encoding="utf-8")
    assert (
        main(["audit", str(page), "--format", "json", "--baseline", str(base), "--no-progress"])
        == 0
    )
    second = json.loads(capsys.readouterr().out)["articles"][0]["findings"]
    assert second, "the new phone number must be reported"
    assert {f["fingerprint"] for f in second}.isdisjoint({f["fingerprint"] for f in first})
    assert any(f["rule"] == "BA302" for f in second)


def test_cli_missing_baseline_is_a_clean_error(tmp_path, capsys):
    page = tmp_path / "page.txt"
    page.write_text(PAGE, encoding="utf-8")
    code = main(["audit", str(page), "--baseline", str(tmp_path / "nope.json")])
    err = capsys.readouterr().err
    assert code == 2
    assert "baseline file not found" in err and "Traceback" not in err
