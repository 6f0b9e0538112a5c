"""Every BA2xx-BA4xx rule has should-flag and should-not-flag fixtures, and each one holds."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from bacaudit.rules.base import DOC_SECTIONS, all_rules

FIXTURE_DIR = Path(__file__).resolve().parent / "fixtures" / "rules"
OWN_PREFIXES = ("BA2", "BA3", "BA4")


def own_codes() -> list[str]:
    return [code for code in all_rules() if code.startswith(OWN_PREFIXES)]


def load_cases(code: str) -> dict[str, list[str]]:
    path = FIXTURE_DIR / f"{code}.toml"
    return tomllib.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}


def cases(kind: str) -> list[tuple[str, str]]:
    return [
        (code, text)
        for code in own_codes()
        if code != "BA311"
        for text in load_cases(code).get(kind, [])
    ]


@pytest.mark.parametrize("code", own_codes())
def test_every_rule_has_fixtures_both_ways(code):
    data = load_cases(code)
    assert data.get("flag"), f"{code} has no should-flag fixture in {FIXTURE_DIR}"
    assert data.get("ok"), f"{code} has no should-not-flag fixture in {FIXTURE_DIR}"


@pytest.mark.parametrize("code", own_codes())
def test_every_rule_documents_itself(code):
    cls = all_rules()[code]
    sections = cls.doc_sections()
    for name in DOC_SECTIONS:
        assert sections.get(name), f"{code} docstring lacks '{name}:'"
    assert sections["summary"]
    assert cls.name and cls.name[0].isupper() and " " not in cls.name
    assert cls.severity in ("high", "medium", "low")


@pytest.mark.parametrize(("code", "text"), cases("flag"))
def test_flags(auditor, code, text):
    result = auditor.audit_text(text, source=f"{code}-flag")
    hits = [f for f in result.findings if f.rule == code]
    assert hits, f"{code} missed: {text!r}; got {[f.rule for f in result.findings]}"
    for f in hits:
        assert result.article.text[f.start : f.end] == f.text
        assert f.message and f.name


@pytest.mark.parametrize(("code", "text"), cases("ok"))
def test_does_not_flag(auditor, code, text):
    result = auditor.audit_text(text, source=f"{code}-ok")
    wrong = [f.text for f in result.findings if f.rule == code]
    assert not wrong, f"{code} false alarm on {text!r}: {wrong}"


def _run(auditor, block: str) -> list:
    bodies = [
        "Baclofen is a muscle relaxant that some doctors prescribe off-label.",
        "Naltrexone blocks opioid receptors and is taken once a day.",
        "Acamprosate is taken three times a day after drinking has stopped.",
    ]
    results = [
        auditor.audit_text(f"{body}\n\n{block}", source=f"run-{i}") for i, body in enumerate(bodies)
    ]
    return auditor.finish(results)


@pytest.mark.parametrize("block", load_cases("BA311").get("flag", []))
def test_template_boilerplate_flags_block_recurring_in_three_articles(auditor, block):
    results = _run(auditor, block)
    for r in results:
        hits = [f for f in r.findings if f.rule == "BA311"]
        assert [f.text for f in hits] == [block]
        assert "3 articles" in hits[0].message
        assert r.findings == sorted(r.findings, key=lambda f: (f.start, f.end, f.rule))
        assert r.score_breakdown["counts"]["marketing"]["low"] >= 1


@pytest.mark.parametrize("block", load_cases("BA311").get("ok", []))
def test_template_boilerplate_ignores_short_blocks(auditor, block):
    results = _run(auditor, block)
    assert not [f for r in results for f in r.findings if f.rule == "BA311"]


def test_template_boilerplate_needs_enough_articles(refs):
    from bacaudit.audit import Auditor
    from bacaudit.config import Config

    auditor = Auditor(refs, Config(boilerplate_min_articles=4))
    results = _run(auditor, load_cases("BA311")["flag"][0])
    assert not [f for r in results for f in r.findings if f.rule == "BA311"]
