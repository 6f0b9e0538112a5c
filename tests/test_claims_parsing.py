"""Which sentences are parsed, and what the tree reads from them (sentences written for these
tests). Tree tests skip when no parser model is installed; the selection and the fallback run
everywhere."""

from __future__ import annotations

import pytest

from bacaudit.claims import extract_claims, parsing
from bacaudit.claims.structure import (
    in_comparison,
    is_question,
    negated,
    predicate_of,
    span_root,
)
from bacaudit.claims.subjects import build_view
from bacaudit.nlp import get_pipeline
from claims_helpers import article_from_text


@pytest.fixture(scope="module")
def nlp():
    found = parsing.load_parser()
    if found is None:
        pytest.skip("no parser model installed (set BACAUDIT_PARSER_MODEL)")
    return found


def _view(refs, text: str):
    article = article_from_text(text)
    analysis = get_pipeline(refs).analyze(article)
    return build_view(analysis, article, refs)


def test_only_sentences_with_contradicted_structural_claims_are_candidates(refs):
    from bacaudit.claims import _candidates, _extract

    view = _view(
        refs,
        "Recovery takes time and support. Baclofen is an opioid painkiller.\n\n"
        "Tizanidine is not a controlled substance. Schedule an appointment with your doctor. "
        "Acamprosate does not appear on the federal schedules.",
    )
    found = {s.index: _extract(view, s) for s in view.sentences}
    picked = [s.text for s in _candidates(view, view.sentences, found, refs)]
    # a supported claim ("not a controlled substance") is left to the keyword rules
    assert picked == [
        "Baclofen is an opioid painkiller.",
        "Acamprosate does not appear on the federal schedules.",
    ]


def test_no_model_directory_means_no_parser(tmp_path, monkeypatch):
    monkeypatch.setenv(parsing.ENV, str(tmp_path / "missing"))
    saved = dict(parsing._LOADED)
    parsing.reset_parser()
    try:
        assert parsing._load_dir(tmp_path / "missing") is None
    finally:
        parsing._LOADED.clear()
        parsing._LOADED.update(saved)


def test_without_a_parse_the_keyword_rules_still_find_claims(refs):
    article = article_from_text("Baclofen is classified as a Schedule III controlled substance.")
    analysis = get_pipeline(refs).analyze(article)
    view = build_view(analysis, article, refs)
    assert all(s.doc is None for s in view.sentences)
    saved = dict(parsing._LOADED)
    parsing._LOADED["nlp"] = None
    try:
        claims = extract_claims(analysis, article, refs)
    finally:
        parsing._LOADED.clear()
        parsing._LOADED.update(saved)
    assert [(c.type, c.subject, c.value.get("schedule")) for c in claims] == [
        ("schedule", "baclofen", "III")
    ]


def test_parse_share_counts_only_candidates(refs, nlp):
    from bacaudit.claims import extract_claims

    article = article_from_text(
        "Recovery takes time. Support groups help. Baclofen is a narcotic. Sleep matters."
    )
    analysis = get_pipeline(refs).analyze(article)
    before = (parsing.STATS.sentences, parsing.STATS.parsed)
    extract_claims(analysis, article, refs)
    assert parsing.STATS.sentences - before[0] == 4
    assert parsing.STATS.parsed - before[1] == 1


# -- the tree ---------------------------------------------------------------------------------


def _doc(nlp, text):
    return nlp(text)


def test_copula_attribute_is_predicated_of_its_subject(nlp):
    doc = _doc(nlp, "Tizanidine is a prescription muscle relaxant.")
    t = span_root(doc, doc.text.index("relaxant"), doc.text.index("relaxant") + 8)
    _pred, subj, _path, cmp_ = predicate_of(t)
    assert subj is not None and subj.text == "Tizanidine"
    assert cmp_ is None


def test_negation_far_from_the_status_word_reaches_the_predicate(nlp):
    doc = _doc(nlp, "Acamprosate has not been placed in Schedule V by federal regulators.")
    i = doc.text.index("Schedule")
    found = predicate_of(span_root(doc, i, i + 10))
    assert found is not None
    pred, subj, path, _ = found
    assert negated(pred, path, subj)


def test_than_phrase_is_a_comparison(nlp):
    doc = _doc(nlp, "Tizanidine is less habit-forming than controlled sedatives.")
    i = doc.text.index("sedatives")
    assert in_comparison(span_root(doc, i, i + 9)) == "than"


def test_auxiliary_initial_question_without_a_mark(nlp):
    assert is_question(_doc(nlp, "Is acamprosate a controlled drug?"))
    assert not is_question(_doc(nlp, "Acamprosate is not a controlled drug."))
