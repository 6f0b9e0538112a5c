"""`bacaudit rules` and docs/rules.md are generated from the rule classes and never drift."""

from __future__ import annotations

import json
from pathlib import Path

from bacaudit.cli import main
from bacaudit.commands.rules import rules_markdown, selected_infos
from bacaudit.rules.base import all_rules

DOCS = Path(__file__).resolve().parents[1] / "docs" / "rules.md"


def test_docs_rules_md_is_up_to_date():
    expected = rules_markdown(selected_infos([]))
    assert DOCS.read_text(encoding="utf-8") == expected, (
        "docs/rules.md is out of date: run `bacaudit rules --format markdown > docs/rules.md`"
    )


def test_every_rule_has_a_docs_entry():
    text = DOCS.read_text(encoding="utf-8")
    for code in all_rules():
        assert f"### {code}" in text


def test_rules_text_lists_every_rule(capsys):
    assert main(["rules"]) == 0
    out = capsys.readouterr().out
    for code, cls in all_rules().items():
        line = next(ln for ln in out.splitlines() if ln.startswith(code))
        assert cls.name in line and cls.category in line and cls.severity in line


def test_rules_json(capsys):
    assert main(["rules", "--format", "json"]) == 0
    rules = json.loads(capsys.readouterr().out)["rules"]
    assert [r["code"] for r in rules] == list(all_rules())
    assert all(r["summary"] and r["fix"] and r["flagged_example"] for r in rules)


def test_one_rule_shows_full_docs(capsys):
    assert main(["rules", "ba302"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("BA302 PhoneNumber")
    for label in ("What it flags:", "Why:", "Flagged example:", "Fine example:", "Fix:"):
        assert label in out


def test_unknown_rule_is_a_one_line_error(capsys):
    assert main(["rules", "BA999"]) == 2
    err = capsys.readouterr().err.strip()
    assert err == "bacaudit: BA999: no such rule (see `bacaudit rules`)"
