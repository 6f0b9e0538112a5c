"""Lexicons are data: validated on load, extendable per site, and they steer the rules."""

from __future__ import annotations

import pytest

from bacaudit.audit import Auditor
from bacaudit.config import Config, load_config
from bacaudit.errors import ConfigError
from bacaudit.rules.lexicon import SCHEMA, _validate, load_lexicon


@pytest.mark.parametrize("family", sorted(SCHEMA))
def test_shipped_lexicons_load_with_every_list(family):
    lex = load_lexicon(family)
    assert set(lex) == SCHEMA[family]
    assert all(lex[key] for key in lex)
    assert all(lex.lists[key].about for key in lex)


def _lists(family: str) -> dict:
    return {k: {"about": "x", "words": list(v)} for k, v in load_lexicon(family).items()}


def test_a_missing_list_names_the_file_and_the_list():
    data = _lists("marketing")
    del data["safety_lines"]
    with pytest.raises(ConfigError, match=r"marketing\.toml: missing list\(s\) safety_lines"):
        _validate("marketing", data, "lexicons/marketing.toml")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"bogus": {"about": "x", "words": ["a"]}}, "unknown list 'bogus'"),
        ({"safety_lines": {"about": "x", "words": []}}, "non-empty list"),
        ({"safety_lines": {"about": "x", "words": ["988", 988]}}, "non-string entry"),
        ({"safety_lines": {"about": "x", "words": ["Poison Control"]}}, "must be lower case"),
        ({"safety_lines": {"about": "x", "words": ["988", "988"]}}, "twice"),
        ({"safety_lines": {"words": ["988"]}}, "needs an `about` line"),
        ({"safety_lines": ["988"]}, "must be a table"),
    ],
)
def test_malformed_lists_are_refused(change, message):
    data = {**_lists("marketing"), **change}
    with pytest.raises(ConfigError, match=message):
        _validate("marketing", data, "marketing.toml")


def test_config_extends_a_list_and_the_rule_follows(tmp_path, refs):
    sentence = "Snag a spot in the spring cohort before Friday."
    plain = Auditor(refs, Config()).audit_text(sentence)
    assert not [f for f in plain.findings if f.rule == "BA301"]
    (tmp_path / "bacaudit.toml").write_text(
        '[lexicons.marketing]\ncommercial_verbs = ["snag"]\ncommercial_objects = ["cohort"]\n',
        encoding="utf-8",
    )
    config = load_config(start=tmp_path)
    assert config.lexicons == {
        "marketing": {"commercial_verbs": ["snag"], "commercial_objects": ["cohort"]}
    }
    extended = Auditor(refs, config).audit_text(sentence)
    assert [f.text for f in extended.findings if f.rule == "BA301"] == [sentence]


def test_a_site_safety_line_is_spared(tmp_path, refs):
    text = "Call the Lakeside Warmline today at 555-201-3344 to talk with someone."
    flagged = Auditor(refs, Config()).audit_text(text)
    assert {f.rule for f in flagged.findings} >= {"BA301", "BA302"}
    (tmp_path / "bacaudit.toml").write_text(
        '[lexicons.marketing]\nsafety_lines = ["lakeside warmline"]\n', encoding="utf-8"
    )
    spared = Auditor(refs, load_config(start=tmp_path)).audit_text(text)
    assert not [f for f in spared.findings if f.category == "marketing"]


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        ('lexicons = ["x"]', "lexicons must be a table"),
        ("[lexicons.adverts]\nwords = ['x']", "no such family"),
        ("[lexicons.seo]\nnope = ['x']", "unknown list 'nope'"),
        ("[lexicons.seo]\nretailers = 'walgreens'", "non-empty list of strings"),
        ("[lexicons.uncited]\npeople_nouns = ['Residents']", "must be lower case"),
    ],
)
def test_bad_lexicon_settings_name_the_file_and_key(tmp_path, toml, message):
    (tmp_path / "bacaudit.toml").write_text(toml + "\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=message) as err:
        load_config(start=tmp_path)
    assert "bacaudit.toml" in str(err.value)
