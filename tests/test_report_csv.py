"""CSV: one row per finding, formulas neutralised, numbers kept as numbers."""

from __future__ import annotations

import csv
import io

import pandas as pd
import pytest

from bacaudit.models import ReferenceRef
from bacaudit.report import csv as csv_report
from report_helpers import FakeRefs, finding, result

FORMULAS = [
    '=HYPERLINK("http://evil.example","x")',
    "@SUM(1+1)",
    "+cmd|' /C calc'!A0",
    "-2+3",
    "\t=1+1",
    "\r=1+1",
    "   =1+1",
    "＝1+1",
]


@pytest.mark.parametrize("cell", FORMULAS)
def test_neutralise_prefixes_a_quote(cell):
    assert csv_report.neutralise(cell) == "'" + cell


@pytest.mark.parametrize("cell", ["Baclofen 80 mg", "", "a=b", "e-mail", "1+1", "'already"])
def test_neutralise_leaves_ordinary_text(cell):
    assert csv_report.neutralise(cell) == cell


def test_neutralise_leaves_numbers_and_missing_values():
    assert csv_report.neutralise(-5) == -5
    assert csv_report.neutralise(None) is None


def _hostile_results():
    text = "Title line\n\n" + "\n\n".join(FORMULAS[:4]) + "\n\nCall now on 555 0100."
    ref = ReferenceRef("x.y", "=1+2 is not a statement", "https://example.org/label")
    fs = [
        finding(text, f, "marketing", "BA3" + str(i).zfill(2), "low")
        for i, f in enumerate(FORMULAS[:4])
    ]
    fs.append(
        finding(text, "Call now", "contradiction", "BA101", "high", reference=ref, fix="-remove")
    )
    return [
        result(text, fs, source="=cmd|' /C calc'!A0.html", title="@title", score=42),
        result("Clean text\n\nNothing here.", [], source="clean.html", score=100),
    ]


def test_csv_round_trip_neutralised_through_pandas_and_csv_module():
    buf = io.StringIO()
    csv_report.write(_hostile_results(), [], FakeRefs(), buf)
    data = buf.getvalue()

    df = pd.read_csv(io.StringIO(data))
    assert list(df.columns) == list(csv_report.COLUMNS)
    assert len(df) == 5  # a row per finding; the clean article has none
    for col in df.columns:
        if df[col].dtype == object:
            for cell in df[col].dropna():
                assert not cell.lstrip(" ").startswith(("=", "+", "-", "@", "\t", "\r")), (
                    col,
                    cell,
                )
    assert df["text"].iloc[0] == "'" + FORMULAS[0]
    assert df["source"].iloc[0].startswith("'=cmd")
    assert df["title"].iloc[0] == "'@title"
    assert df["fix"].iloc[4] == "'-remove"
    assert df["reference_statement"].iloc[4].startswith("'=1+2")
    for col in csv_report.NUMERIC:
        assert pd.api.types.is_integer_dtype(df[col]), col
    assert df["score"].iloc[0] == 42

    rows = list(csv.DictReader(io.StringIO(data)))
    assert rows[0]["text"] == "'" + FORMULAS[0]
    assert rows[4]["reference_source_url"] == "https://example.org/label"
    assert int(rows[4]["end"]) - int(rows[4]["start"]) == len("Call now")


def test_dataframe_keeps_raw_values_for_analysts():
    df = csv_report.findings_dataframe(_hostile_results())
    assert df["text"].iloc[0] == FORMULAS[0]  # raw inside pandas; neutralised only on write
    assert df.groupby("severity").size().to_dict() == {"high": 1, "low": 4}
    assert df["start"].dtype == "int64"


def test_empty_run_writes_header_only():
    buf = io.StringIO()
    csv_report.write([], [], FakeRefs(), buf)
    assert buf.getvalue().strip().split(",") == list(csv_report.COLUMNS)
