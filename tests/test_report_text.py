"""Text summary: colour only on a terminal without NO_COLOR, control characters made visible."""

from __future__ import annotations

import io

from bacaudit.models import InputError, ReferenceRef
from bacaudit.report import text as text_report
from report_helpers import FakeRefs, finding, result

TEXT = (
    "Heading\n\nBaclofen is FDA approved for alcohol use disorder.\n\n"
    "Call now: \x1b[2J\x1b]0;owned\x07 our line is open."
)


class Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def _results():
    ref = ReferenceRef(
        "baclofen.fda_approval",
        "Not approved for alcohol use disorder.",
        "https://example.org/label",
    )
    return [
        result(
            TEXT,
            [
                finding(
                    TEXT,
                    "Baclofen is FDA approved",
                    "contradiction",
                    "BA101",
                    "high",
                    extend=26,
                    reference=ref,
                ),
                finding(
                    TEXT,
                    "Call now",
                    "marketing",
                    "BA301",
                    "low",
                    extend=20,
                    fix="Delete the call to action.",
                ),
            ],
            score=55,
        )
    ]


def _render(stream, monkeypatch, no_color=None):
    if no_color is None:
        monkeypatch.delenv("NO_COLOR", raising=False)
    else:
        monkeypatch.setenv("NO_COLOR", no_color)
    monkeypatch.setenv("TERM", "xterm")
    text_report.write(_results(), [InputError("broken.html", "not HTML")], FakeRefs(), stream)
    return stream.getvalue()


def test_colour_on_a_tty(monkeypatch):
    out = _render(Tty(), monkeypatch)
    assert "\x1b[31;1m" in out  # high severity in red


def test_plain_when_not_a_tty(monkeypatch):
    out = _render(io.StringIO(), monkeypatch)
    assert "\x1b" not in out
    assert "\\x1b" in out  # the article's own escape sequence is shown, not executed


def test_no_color_wins_over_a_tty(monkeypatch):
    out = _render(Tty(), monkeypatch, no_color="1")
    assert "\x1b" not in out


def test_summary_content(monkeypatch):
    out = _render(io.StringIO(), monkeypatch)
    assert "articles/sample.html — Sample article" in out
    assert "score 55" in out and "contradiction 1" in out and "marketing 1" in out
    assert "BA101 contradiction  3:1" in out  # line:column of the flagged sentence
    assert "reference: Not approved for alcohol use disorder. (https://example.org/label)" in out
    assert "fix: Delete the call to action." in out
    assert "Total: 1 article(s), 2 finding(s) (high 1, medium 0, low 1)" in out
    assert "broken.html: not HTML" in out
    assert "\x07" not in out


def test_line_col_and_shorten():
    assert text_report.line_col("ab\ncd", 0) == (1, 1)
    assert text_report.line_col("ab\ncd", 4) == (2, 2)
    s = text_report.shorten("word " * 40, 30)
    assert len(s) <= 30 and s.endswith("…")


def test_progress_draws_on_a_tty_only():
    tty = Tty()
    tick = text_report.progress(4, tty)
    tick(2)
    tick(None)
    assert "2/4" in tty.getvalue() and tty.getvalue().endswith("\r\x1b[K")
    plain = io.StringIO()
    tick = text_report.progress(None, plain)
    tick(3)
    tick(None)
    assert plain.getvalue() == ""
    counter = Tty()
    text_report.progress(None, counter)(7)
    assert "audited 7 input(s)" in counter.getvalue()


def test_cli_draws_a_progress_bar_on_a_terminal_stderr(tmp_path):
    import os
    import pty
    import select
    import subprocess
    import sys

    from conftest import FIXTURES

    inputs = [str(FIXTURES / "hostile" / "hostile.txt"), str(FIXTURES / "hostile" / "promo.html")]
    master, slave = pty.openpty()
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "bacaudit",
            "audit",
            *inputs,
            "--format",
            "json",
            "--out",
            str(tmp_path / "a.json"),
        ],
        stdout=subprocess.DEVNULL,
        stderr=slave,
        env={**os.environ, "NO_COLOR": ""},
    )
    os.close(slave)
    seen = b""
    while True:
        ready, _, _ = select.select([master], [], [], 120)
        if not ready:
            break
        try:
            chunk = os.read(master, 4096)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        seen += chunk
    os.close(master)
    assert proc.wait(timeout=120) in (0, 1)
    assert b"2/2 input(s)" in seen
    assert seen.endswith(b"\r\x1b[K")  # the bar is cleared when the run ends
