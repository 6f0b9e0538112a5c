"""Documentation cannot drift from the code: every audit option, rule and command is in the
README, the way Datasette's tests keep its settings documented."""

from __future__ import annotations

import argparse
from pathlib import Path

from bacaudit.cli import COMMANDS, build_parser
from bacaudit.rules.base import all_rules

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _subparser(name: str) -> argparse.ArgumentParser:
    parser = build_parser()
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return action.choices[name]
    raise AssertionError("no subcommands")


def test_every_audit_option_is_in_the_readme():
    options = [
        opt
        for action in _subparser("audit")._actions
        for opt in action.option_strings
        if opt.startswith("--") and opt != "--help"
    ]
    assert options, "the audit command has options"
    missing = [o for o in options if f"`{o}" not in README]
    assert not missing, f"README.md does not document {missing}"


def test_every_rule_is_in_the_readme_rule_table():
    rules = all_rules()
    assert len(rules) >= 20
    for code, cls in rules.items():
        assert f"| {code} | {cls.name} | {cls.category} | {cls.severity} |" in README, code


def test_every_command_is_mentioned_in_the_readme():
    for name in COMMANDS:
        assert f"bacaudit {name}" in README, name


def test_readme_opens_with_the_two_commands():
    head = README[: README.index("## Example output")]
    assert "make demo" in head and "make test" in head
