"""Configuration: every setting documented; disable, severity, self_promotion, ignore_blocks."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bacaudit.audit import Auditor
from bacaudit.config import SETTINGS, Config, load_config
from bacaudit.errors import ConfigError

DOCS = Path(__file__).resolve().parents[1] / "docs" / "configuration.md"
CTA = "Call our admissions team today to start your recovery!"


def test_every_setting_is_documented():
    text = DOCS.read_text(encoding="utf-8")
    documented = set(re.findall(r"^###\s+`([a-z_]+)`", text, re.M))
    missing = set(SETTINGS) - documented
    assert not missing, f"docs/configuration.md lacks: {sorted(missing)}"
    assert not documented - set(SETTINGS), "docs/configuration.md documents unknown settings"


def test_bacaudit_toml_is_read(tmp_path):
    (tmp_path / "bacaudit.toml").write_text(
        'disable = ["BA3"]\nenable = ["BA302"]\nseverity = {BA201 = "low"}\n'
        'self_promotion = ["Acme Rehab"]\n',
        encoding="utf-8",
    )
    config = load_config(start=tmp_path)
    assert not config.rule_enabled("BA301")
    assert config.rule_enabled("BA302")
    assert config.rule_enabled("BA201")
    assert config.severity_for("BA201", "medium") == "low"
    assert config.self_promotion == ["Acme Rehab"]


def test_pyproject_tool_table_is_read(tmp_path):
    (tmp_path / "pyproject.toml").write_text(
        '[tool.bacaudit]\ndisable = ["BA4XX"]\n', encoding="utf-8"
    )
    config = load_config(start=tmp_path)
    assert not config.rule_enabled("BA401") and config.rule_enabled("BA301")


@pytest.mark.parametrize(
    ("body", "needle"),
    [
        ('severity = {BA301 = "urgent"}', "severity.BA301"),
        ("colour = 1", "unknown setting 'colour'"),
        ('disable = "BA301"', "disable must be a list"),
    ],
)
def test_bad_config_names_file_and_key(tmp_path, body, needle):
    (tmp_path / "bacaudit.toml").write_text(body + "\n", encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        load_config(start=tmp_path)
    assert needle in str(err.value) and "bacaudit.toml" in str(err.value)


def test_disabled_rule_reports_nothing(refs):
    auditor = Auditor(refs, Config(disable=["BA301"]))
    assert not [f for f in auditor.audit_text(CTA).findings if f.rule == "BA301"]


def test_severity_override_changes_finding_and_score(refs, auditor):
    before = auditor.audit_text(CTA)
    after = Auditor(refs, Config(severity={"BA301": "high"})).audit_text(CTA)
    hit = next(f for f in after.findings if f.rule == "BA301")
    assert hit.severity == "high"
    assert after.score < before.score


def test_self_promotion_names_from_config(refs, auditor):
    text = "Many readers found help at Riverbend House after years of trying alone."
    assert not [f for f in auditor.audit_text(text).findings if f.rule == "BA306"]
    custom = Auditor(refs, Config(self_promotion=["Riverbend House"])).audit_text(text)
    assert [f.text for f in custom.findings if f.rule == "BA306"] == [text]


def test_ignore_blocks_drops_known_good_block(refs):
    auditor = Auditor(
        refs, Config(ignore_blocks=["call our admissions   team today to start your recovery!"])
    )
    assert not auditor.audit_text(CTA).findings


def test_inline_suppression_through_html(auditor):
    html = (
        "<html><body><article><h1>Baclofen basics</h1>"
        "<p>Baclofen is a muscle relaxant used for spasticity in adults with multiple "
        "sclerosis.</p>"
        "<!-- bacaudit: ignore BA301 --><p>Call our admissions team today to start your "
        "recovery!</p>"
        "<p>Contact us today to start your recovery with our team.</p>"
        "</article></body></html>"
    )
    result = auditor.audit_html(html, source="page.html")
    cta = [f.text for f in result.findings if f.rule == "BA301"]
    assert cta == ["Contact us today to start your recovery with our team."]
    assert result.article.suppressions
