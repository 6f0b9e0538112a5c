"""Reviewers' decisions: the SQLite store, export/import (newest wins), and `audit --decisions`
hiding dismissed findings from output and from the --fail-on threshold."""

from __future__ import annotations

import json
import sqlite3

import pytest

from bacaudit.cli import main as cli_main
from bacaudit.errors import BacauditError
from bacaudit.models import Document
from bacaudit.review.decisions import (
    Decision,
    DecisionStore,
    dismissed_in_db,
    dismissed_in_file,
    hide_dismissed,
    load_decisions_file,
)
from conftest import FIXTURES

GUIDE = FIXTURES / "markdown" / "naltrexone-guide.md"


def _d(fp: str, status: str, at: str, **kw) -> Decision:
    return Decision(fingerprint=fp, status=status, at=at, **kw)


def test_store_keeps_one_decision_per_fingerprint(tmp_path):
    db = tmp_path / "d.sqlite"
    with DecisionStore(db) as s:
        s.record(_d("aa", "dismissed", "2026-01-01T00:00:00Z", reason="false_positive", by="Ana"))
        s.record(_d("aa", "accepted", "2026-01-02T00:00:00Z", reason="to_fix", note="fix it"))
        s.record(_d("bb", "dismissed", "2026-01-03T00:00:00Z", reason="wont_fix"))
    with DecisionStore(db) as s:  # a new connection reads what was committed
        assert s.get("aa").status == "accepted" and s.get("aa").note == "fix it"
        assert s.dismissed() == {"bb"}
    assert dismissed_in_db(sqlite3.connect(db)) == {"bb"}
    assert dismissed_in_db(sqlite3.connect(tmp_path / "empty.sqlite")) == set()


def test_import_merges_and_the_newest_decision_wins(tmp_path):
    db = tmp_path / "d.sqlite"
    with DecisionStore(db) as s:
        s.record(_d("old", "dismissed", "2026-03-01T10:00:00Z", reason="false_positive"))
        s.record(_d("new", "open", "2026-03-05T10:00:00Z", reason="reopened"))
        taken, kept = s.merge(
            [
                _d("old", "accepted", "2026-03-02T10:00:00+00:00", reason="to_fix"),  # newer
                _d("new", "dismissed", "2026-03-04T10:00:00Z", reason="wont_fix"),  # older
                _d("fresh", "dismissed", "2026-01-01T00:00:00Z"),
            ]
        )
        assert (taken, kept) == (2, 1)
        assert s.get("old").status == "accepted"
        assert s.get("new").status == "open"  # a reopening is not undone by an older import
        assert s.dismissed() == {"fresh"}


def test_export_round_trips_through_the_cli(tmp_path, capsys):
    db = tmp_path / "crawl.db"
    with DecisionStore(db) as s:
        s.record(_d("f1", "dismissed", "2026-02-01T00:00:00Z", reason="false_positive", by="Ana",
                    note="the label allows it", rule="BA101"))
        s.record(_d("f2", "accepted", "2026-02-02T00:00:00Z", reason="to_fix"))
        s.record(_d("f3", "open", "2026-02-03T00:00:00Z", reason="reopened"))
    assert cli_main(["decisions", "export", "--db", str(db)]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert [d["fingerprint"] for d in doc["decisions"]] == ["f1", "f2"]
    first = doc["decisions"][0]
    assert {k: first[k] for k in ("status", "reason", "note", "by", "at")} == {
        "status": "dismissed",
        "reason": "false_positive",
        "note": "the label allows it",
        "by": "Ana",
        "at": "2026-02-01T00:00:00Z",
    }
    path = tmp_path / "decisions.json"
    path.write_text(json.dumps(doc))
    other = tmp_path / "other.db"
    assert cli_main(["decisions", "import", str(path), "--db", str(other)]) == 0
    with DecisionStore(other) as s:
        assert {fp: d.status for fp, d in s.all().items()} == {"f1": "dismissed", "f2": "accepted"}
    assert dismissed_in_file(path) == {"f1"}


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{", "not valid JSON"),
        ('{"items": []}', 'no "decisions" list'),
        ('{"decisions": [{"status": "dismissed"}]}', "decision 0: fingerprint"),
        ('{"decisions": [{"fingerprint": "x", "status": "gone"}]}', "status must be one of"),
        ('{"decisions": [{"fingerprint": "x", "status": "dismissed", "at": "soon"}]}', "ISO"),
    ],
)
def test_bad_decisions_files_name_the_file_and_the_problem(tmp_path, content, message):
    path = tmp_path / "bad.json"
    path.write_text(content)
    with pytest.raises(BacauditError) as err:
        load_decisions_file(path)
    assert str(path) in str(err.value) and message in str(err.value)


def test_missing_database_is_a_one_line_error(tmp_path, capsys):
    assert cli_main(["decisions", "export", "--db", str(tmp_path / "nope.db")]) == 2
    assert "nope.db: database not found" in capsys.readouterr().err


def test_hide_dismissed_rescores(auditor):
    r = auditor.audit_document(
        Document(source="g.md", content=GUIDE.read_bytes(), kind="markdown")
    )
    before = r.score
    worst = max(r.findings, key=lambda f: {"low": 1, "medium": 2, "high": 3}[f.severity])
    same = [f for f in r.findings if f.fingerprint == worst.fingerprint]
    assert hide_dismissed([r], {worst.fingerprint}) == len(same)
    assert worst.fingerprint not in {f.fingerprint for f in r.findings}
    assert r.score > before


def _json_findings(path):
    return json.loads(path.read_text())["articles"][0]["findings"]


def test_audit_decisions_hide_findings_and_lift_the_threshold(tmp_path, capsys):
    out = tmp_path / "a.json"
    base = ["audit", str(GUIDE), "--format", "json", "--out", str(out), "--no-progress"]
    assert cli_main([*base, "--fail-on", "high"]) == 1
    findings = _json_findings(out)
    high = [f for f in findings if f["severity"] == "high"]
    assert high
    decisions = {
        "decisions": [
            {"fingerprint": f["fingerprint"], "status": "dismissed", "reason": "false_positive",
             "by": "Ana", "at": "2026-04-01T09:00:00Z"}
            for f in high
        ]
        + [  # an accepted finding stays in the output
            {"fingerprint": f["fingerprint"], "status": "accepted", "reason": "to_fix",
             "at": "2026-04-01T09:00:00Z"}
            for f in findings
            if f["severity"] != "high"
        ][:1]
    }
    dec = tmp_path / "decisions.json"
    dec.write_text(json.dumps(decisions))
    capsys.readouterr()
    assert cli_main([*base, "--fail-on", "high", "--decisions", str(dec)]) == 0
    err = capsys.readouterr().err
    assert f"{len(high)} dismissed finding(s) hidden" in err
    left = _json_findings(out)
    assert len(left) == len(findings) - len(high)
    assert not {f["fingerprint"] for f in high} & {f["fingerprint"] for f in left}

    # the same through the config file
    (tmp_path / "bacaudit.toml").write_text(f'decisions = "{dec.name}"\n')
    cfg = ["--config", str(tmp_path / "bacaudit.toml")]
    assert cli_main([*base, "--fail-on", "high", *cfg]) == 0
    assert len(_json_findings(out)) == len(left)
