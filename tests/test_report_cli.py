"""The hostile fixtures through the real CLI in the other formats: CSV and the terminal text."""

from __future__ import annotations

import csv
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd

from bacaudit.cli import main as cli_main
from conftest import FIXTURES

HOSTILE = FIXTURES / "hostile"


def _cli(*args: str) -> int:
    return cli_main(["audit", *args, "--no-progress"])


def test_hostile_csv_neutralised(tmp_path):
    out = tmp_path / "audit.csv"
    assert _cli(str(HOSTILE), "--format", "csv", "--out", str(out)) in (0, 1)
    assert _cli(str(HOSTILE), "--format", "json", "--out", str(tmp_path / "a.json")) in (0, 1)
    findings = [
        f for a in json.loads((tmp_path / "a.json").read_text())["articles"] for f in a["findings"]
    ]
    df = pd.read_csv(out, keep_default_na=False)
    assert len(df) == len(findings)
    starts = ("=", "+", "-", "@", "\t", "\r")
    for col in df.columns:
        if df[col].dtype == object:
            assert not [c for c in df[col] if c.lstrip(" ").startswith(starts)], col
    with out.open(newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    for f, row in zip(findings, rows, strict=True):
        expected = "'" + f["text"] if f["text"].lstrip(" ").startswith(starts) else f["text"]
        assert row["text"] == expected
        assert int(row["start"]) == f["start"]


def test_hostile_text_output_through_the_console_script(tmp_path):
    exe = shutil.which("bacaudit", path=str(Path(sys.executable).parent))
    cmd = [exe] if exe else [sys.executable, "-m", "bacaudit"]
    proc = subprocess.run(
        [*cmd, "audit", str(HOSTILE), str(tmp_path / "missing.html")],
        capture_output=True,
        text=True,
        timeout=120,
        env={"PATH": "/usr/bin:/bin", "NO_COLOR": "", "HOME": str(tmp_path)},
    )
    assert proc.returncode in (0, 1), proc.stderr
    assert "Traceback" not in proc.stderr
    assert "missing.html" in proc.stderr  # one bad input: a line, and the run goes on
    assert "hostile.txt" in proc.stdout and "hostile.html" in proc.stdout
    assert "\x1b" not in proc.stdout  # not a terminal: no colour, no raw escapes
    assert "Total:" in proc.stdout
