"""The parser is optional: without it the rules use their lexicons; with it, it only vetoes
borderline calls to action that it reads as a noun phrase."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from bacaudit.rules import syntax


def test_no_parser_without_a_model(monkeypatch, tmp_path):
    monkeypatch.setenv(syntax.ENV, str(tmp_path / "absent"))
    syntax.load_parser.cache_clear()
    try:
        if syntax.load_parser() is not None:  # the package ships its own model
            pytest.skip("a shipped parser is installed")
        assert syntax.load_parser() is None
    finally:
        syntax.load_parser.cache_clear()


def test_a_broken_model_folder_is_no_parser(monkeypatch, tmp_path):
    (tmp_path / "config.cfg").write_text("not a spaCy config", encoding="utf-8")
    monkeypatch.setenv(syntax.ENV, str(tmp_path))
    syntax.load_parser.cache_clear()
    try:
        nlp = syntax.load_parser()
        assert nlp is None or "parser" in nlp.pipe_names
    finally:
        syntax.load_parser.cache_clear()


MODEL = os.environ.get(syntax.ENV, "")


@pytest.mark.skipif(not MODEL or not Path(MODEL).is_dir(), reason="no parser model configured")
def test_imperative_reading_with_the_parser():
    syntax.load_parser.cache_clear()
    nlp = syntax.load_parser()
    assert nlp is not None
    assert syntax.is_imperative(nlp("Start your recovery today.")) is True
    assert syntax.is_imperative(nlp("Text messages from counselors helped.")) is False
