"""`bacaudit refs validate|list|show`, and `audit --refs` on a broken set: one line per problem,
exit 2, never a traceback."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from bacaudit.cli import main
from bacaudit.reference import ReferenceSet, validate_reference_dir
from reference_helpers import append_entry, copy_set


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "bacaudit", *args],
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture
def broken_set(tmp_path) -> Path:
    """A copy with three problems: missing source, bad unit, syntax error."""
    refs_dir = copy_set(tmp_path)
    append_entry(refs_dir, "naloxone", sources=None)
    append_entry(
        refs_dir,
        "methadone",
        id='"methadone.max_daily_dose.test"',
        type='"max_daily_dose"',
        value='{ amount = 80, unit = "mgs", period = "day" }',
    )
    path = refs_dir / "drugs" / "tramadol.toml"
    path.write_text(path.read_text(encoding="utf-8") + "\nid = = 3\n", encoding="utf-8")
    return refs_dir


def _problem_lines(stderr: str) -> list[str]:
    lines = stderr.splitlines()
    assert lines and all(line.startswith("bacaudit: ") for line in lines), stderr
    return [line.removeprefix("bacaudit: ") for line in lines]


def test_validate_bundled_set_exits_0(capsys, refs: ReferenceSet) -> None:
    assert main(["refs", "validate"]) == 0
    out, err = capsys.readouterr()
    assert err == ""
    assert f"reference set {refs.version} is valid: {len(refs.entries)} entries" in out


def test_validate_broken_copy_prints_one_line_per_problem(capsys, broken_set) -> None:
    assert main(["refs", "validate", str(broken_set)]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    lines = _problem_lines(err)
    assert lines == validate_reference_dir(broken_set)
    assert len(lines) == 3
    assert any(line.startswith("drugs/tramadol.toml: line ") for line in lines)
    assert "drugs/naloxone.toml: entry naloxone.history.test: sources: missing" in lines


def test_validate_missing_folder(capsys, tmp_path) -> None:
    assert main(["refs", "validate", str(tmp_path / "nope")]) == 2
    assert _problem_lines(capsys.readouterr().err) == [
        f"{tmp_path / 'nope'}: reference set folder not found"
    ]


def test_list_json_has_the_contract_fields(capsys, refs: ReferenceSet) -> None:
    assert main(["refs", "list", "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert len(rows) == len(refs.entries)
    assert all(
        set(r) == {"id", "subject", "type", "statement", "source_url", "retrieved"} for r in rows
    )
    by_id = {r["id"]: r for r in rows}
    row = by_id["baclofen.schedule.us"]
    assert row["subject"] == "baclofen" and row["type"] == "schedule"
    assert row["source_url"].startswith("https://dailymed.nlm.nih.gov/")


def test_list_filters_by_brand_and_type(capsys) -> None:
    assert (
        main(["refs", "list", "--format", "json", "--subject", "Lioresal", "--type", "schedule"])
        == 0
    )
    rows = json.loads(capsys.readouterr().out)
    assert {r["id"] for r in rows} == {"baclofen.schedule.us", "baclofen.schedule.au"}


def test_list_text_and_other_set(capsys, tmp_path) -> None:
    refs_dir = copy_set(tmp_path)
    append_entry(refs_dir, "naloxone")
    assert main(["refs", "list", "--refs", str(refs_dir), "--subject", "naloxone"]) == 0
    out = capsys.readouterr().out
    assert "naloxone.history.test  [history]" in out
    assert "source: https://example.org/naloxone-history (retrieved 2026-01-02)" in out


def test_show_prints_every_field(capsys, refs: ReferenceSet) -> None:
    entry = refs.get("baclofen.max_daily_dose.oral.us")
    assert main(["refs", "show", entry.id]) == 0
    out = capsys.readouterr().out
    for source in entry.sources:
        assert source in out
    for word in ("statement", "value", "scope", "notes", "retrieved", "drugs/baclofen.toml"):
        assert word in out
    assert 'amount=80, unit="mg", period="day"' in out
    assert main(["refs", "show", entry.id, "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["statement"] == entry.statement and data["notes"] == entry.notes
    assert data["value"] == entry.value and data["sources"] == entry.sources


def test_show_unknown_id_is_one_line(capsys) -> None:
    assert main(["refs", "show", "baclofen.nothing"]) == 2
    (line,) = _problem_lines(capsys.readouterr().err)
    assert line.startswith("baclofen.nothing: no such reference entry")


def test_list_on_a_broken_set_exits_2(capsys, broken_set) -> None:
    assert main(["refs", "list", "--refs", str(broken_set)]) == 2
    assert len(_problem_lines(capsys.readouterr().err)) == 3


def test_refs_validate_in_a_subprocess(broken_set) -> None:
    proc = run_cli("refs", "validate", str(broken_set))
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert len(_problem_lines(proc.stderr)) == 3


def test_audit_with_a_broken_set_exits_2_with_the_same_lines(broken_set, tmp_path) -> None:
    article = tmp_path / "article.txt"
    article.write_text("Baclofen is a muscle relaxant.\n", encoding="utf-8")
    proc = run_cli("audit", "--refs", str(broken_set), str(article))
    assert proc.returncode == 2, proc.stderr
    assert "Traceback" not in proc.stderr
    assert _problem_lines(proc.stderr) == validate_reference_dir(broken_set)


def test_audit_json_reports_the_set_version(capsys, tmp_path, refs: ReferenceSet) -> None:
    article = tmp_path / "article.txt"
    article.write_text(
        "Baclofen and sleep\n\nThis note explains how editors review medication pages.\n",
        encoding="utf-8",
    )
    # In-process: the spaCy pipeline is cached per reference set and shared with other tests.
    assert main(["audit", "--format", "json", "--no-progress", str(article)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["reference_set"] == {"version": refs.version, "entries": len(refs.entries)}
