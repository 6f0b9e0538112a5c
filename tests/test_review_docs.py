"""The triage docs cannot drift: serve options, the pre-commit hooks and the documented GitHub
Actions workflow are checked against the code."""

from __future__ import annotations

import argparse
import re

import yaml

from bacaudit.cli import build_parser
from bacaudit.cli import main as cli_main
from conftest import FIXTURES, ROOT

DOC = (ROOT / "docs" / "review.md").read_text(encoding="utf-8")


def _sub(name: str) -> argparse.ArgumentParser:
    for action in build_parser()._actions:
        if isinstance(action, argparse._SubParsersAction):
            return action.choices[name]
    raise AssertionError("no subcommands")


def test_every_serve_option_is_documented():
    options = [o for a in _sub("serve")._actions for o in a.option_strings if o.startswith("--")]
    missing = [o for o in options if o != "--help" and f"`{o}" not in DOC]
    assert not missing, f"docs/review.md does not document {missing}"
    help_text = _sub("serve").format_help()
    for flag in ("--db", "--results", "--token", "--host", "BACAUDIT_SERVE_TOKEN"):
        assert flag in help_text


def test_pre_commit_hooks_run_the_audit():
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert {h["id"] for h in hooks} == {"bacaudit", "bacaudit-markdown"}
    for hook in hooks:
        assert hook["language"] == "python"
        cmd = hook["entry"].split()
        assert cmd[:2] == ["bacaudit", "audit"] and "--fail-on" in cmd
        files = re.compile(hook["files"])
        assert files.search("content/guide.md") and files.search("a/b.markdown")
        assert not files.search("setup.py")
        # the hook's own command line on a changed article with high findings blocks the commit
        assert cli_main([*cmd[1:], str(FIXTURES / "markdown" / "naltrexone-guide.md")]) == 1
    assert re.search(r"^\s+args: \[--fail-on, medium", DOC, re.M)


def test_documented_workflow_uploads_sarif():
    blocks = re.findall(r"```yaml\n(.*?)```", DOC, re.S)
    workflow = next(yaml.safe_load(b) for b in blocks if "upload-sarif" in b)
    steps = workflow["jobs"]["audit"]["steps"]
    audit = next(s for s in steps if "bacaudit audit" in s.get("run", ""))
    args = audit["run"].split()
    assert args[args.index("--format") + 1] == "sarif"
    out = args[args.index("--out") + 1]
    upload = next(s for s in steps if "upload-sarif" in s.get("uses", ""))
    assert upload["with"]["sarif_file"] == out and "always()" in upload["if"]
    assert workflow["permissions"]["security-events"] == "write"
    build_parser().parse_args(args[1:])  # the documented command line is valid
