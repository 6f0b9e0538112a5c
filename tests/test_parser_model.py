"""The shipped tagger and parser: it loads offline, is the version the code expects, and reads
the sentence shapes that claim extraction relies on."""

from __future__ import annotations

import json

import pytest

from bacaudit import parser


@pytest.fixture(scope="module")
def nlp():
    model = parser.load_parser()
    assert model is not None, f"no parser model shipped at {parser.SHIPPED}"
    return model


def token(doc, text):
    return next(t for t in doc if t.text == text)


def test_shipped_model_is_the_expected_version():
    meta = json.loads((parser.SHIPPED / "meta.json").read_text(encoding="utf-8"))
    assert meta["name"] == parser.PARSER_NAME
    assert meta["version"] == parser.PARSER_VERSION
    assert (parser.SHIPPED / "NOTICE").is_file()
    assert "CC BY-SA 4.0" in (parser.SHIPPED / "NOTICE").read_text(encoding="utf-8")
    assert parser.model_version() == f"{parser.PARSER_NAME}-{parser.PARSER_VERSION}"


def test_pipeline_has_tagger_and_parser(nlp):
    assert {"tok2vec", "tagger", "parser"} <= set(nlp.pipe_names)


def test_loaded_once_per_process():
    assert parser.load_parser() is parser.load_parser()


def test_wrong_version_is_refused(tmp_path, monkeypatch):
    import shutil

    copy = tmp_path / "model"
    shutil.copytree(parser.SHIPPED, copy)
    meta = json.loads((copy / "meta.json").read_text(encoding="utf-8"))
    meta["version"] = "0.0.1"
    (copy / "meta.json").write_text(json.dumps(meta), encoding="utf-8")
    monkeypatch.setenv(parser.ENV_VAR, str(copy))
    with pytest.raises(parser.ParserVersionError):
        parser.load_parser()


def test_absent_model_gives_none(tmp_path, monkeypatch):
    monkeypatch.setenv(parser.ENV_VAR, str(tmp_path / "nothing"))
    assert parser.load_parser() is None
    assert parser.model_version() == "none"


def test_subject_of_a_copula(nlp):
    doc = nlp("Tizanidine is a prescription muscle relaxant.")
    head = token(doc, "relaxant")
    assert token(doc, "Tizanidine").dep_ == "nsubj"
    assert token(doc, "Tizanidine").head == head
    assert token(doc, "is").dep_ == "cop" and token(doc, "is").head == head
    assert head.dep_ == "ROOT"


def test_negation_attaches_to_the_predicate(nlp):
    doc = nlp("The pharmacy says methocarbamol does not appear on the federal schedules.")
    neg = token(doc, "not")
    assert neg.dep_ in ("advmod", "neg")
    assert neg.head == token(doc, "appear")
    assert token(doc, "methocarbamol").head == token(doc, "appear")


def test_comparison_is_a_modifier_not_the_subject(nlp):
    doc = nlp("Gabapentin is less addictive than most opioid painkillers.")
    than = token(doc, "than")
    assert than.dep_ == "case"
    assert than.head == token(doc, "painkillers")
    # the compared drug hangs under the predicate, not as its subject
    assert token(doc, "painkillers").head.i in (token(doc, "addictive").i,
                                                 token(doc, "less").i)
    assert token(doc, "Gabapentin").dep_ == "nsubj"


def test_auxiliary_initial_question(nlp):
    doc = nlp("Is the drug a narcotic?")
    assert doc[0].pos_ == "AUX" and doc[0].dep_ == "cop"
    assert token(doc, "drug").dep_ == "nsubj" and token(doc, "narcotic").dep_ == "ROOT"
    # with a rare drug name the tree is less reliable, but the question shape is kept: claim
    # extraction reads the subject from the entity ruler, the question from the auxiliary
    for text in ("Is cyclobenzaprine a controlled substance in Texas?",
                 "Are muscle relaxants controlled substances?"):
        assert nlp(text)[0].pos_ == "AUX", text


def test_imperative_base_form(nlp):
    doc = nlp("Schedule your free consultation today.")
    assert doc[0].tag_ == "VB" and doc[0].dep_ == "ROOT"


def test_parser_splits_sentences(nlp):
    doc = nlp("Naloxone reverses overdoses. It is sold over the counter.")
    assert len(list(doc.sents)) == 2
