"""The Auditor's own behaviour: one pipeline per process, findings that explain themselves,
and no double reporting of one sentence."""

from __future__ import annotations

from bacaudit.audit import Auditor
from bacaudit.config import Config
from bacaudit.nlp import get_pipeline

FALSE_AND_UNSOURCED = (
    "Baclofen facts\n\n"
    "Baclofen is a Schedule III controlled substance in the United States.\n\n"
    "Studies show that baclofen cuts drinking in half for most patients.\n"
)


def test_pipeline_is_built_once_per_reference_set(refs):
    assert get_pipeline(refs, "blank") is get_pipeline(refs, "blank")
    a, b = Auditor(refs, Config()), Auditor(refs, Config())
    assert a.pipeline is b.pipeline


def test_a_contradicted_sentence_is_not_also_reported_as_uncited(auditor):
    result = auditor.audit_text(FALSE_AND_UNSOURCED)
    wrong = [f for f in result.findings if f.category == "contradiction"]
    assert wrong, "the schedule claim must be contradicted"
    for f in result.findings:
        if f.category == "uncited":
            assert all(f.end <= w.start or w.end <= f.start for w in wrong), f
    # the unsourced efficacy claim in its own sentence is still reported
    assert any(f.category == "uncited" and "Studies show" in f.text for f in result.findings)


def test_every_contradiction_quotes_its_reference_and_slices_the_text(auditor):
    result = auditor.audit_text(FALSE_AND_UNSOURCED)
    for f in result.findings:
        assert result.article.text[f.start : f.end] == f.text
        assert f.message
        if f.category == "contradiction":
            assert f.reference is not None
            assert f.reference.statement and f.reference.source_url.startswith("http")


def test_a_page_that_trips_a_rule_bug_is_an_error_and_the_run_goes_on(refs):
    from bacaudit.models import Document, InputError
    from bacaudit.rules.base import Rule

    class Exploding(Rule):
        code, name, category, severity, message = "BA399", "Exploding", "marketing", "low", "x"

        def check(self, ctx):
            if "explode" in ctx.article.text:
                raise IndexError("list index out of range\nsecond line")
            return []

    auditor = Auditor(refs, Config())
    auditor.rules = [*auditor.rules, Exploding()]
    docs = [
        Document("a.txt", b"Baclofen notes\n\nThis one will explode.\n", "text"),
        Document("b.txt", b"Baclofen notes\n\nThis one is fine.\n", "text"),
    ]
    out = list(auditor.audit_documents(docs))
    assert isinstance(out[0], InputError) and out[0].source == "a.txt"
    assert "IndexError" in out[0].error and "\n" not in out[0].error
    assert not isinstance(out[1], InputError) and out[1].article.source == "b.txt"


def test_a_page_longer_than_spacys_default_limit_is_audited(auditor):
    # spaCy refuses texts over 1,000,000 characters by default; inputs may be up to 5 MB
    para = "The clinic garden opened in spring and volunteers planted rows of herbs today."
    text = "Garden notes\n\n" + "\n\n".join([para] * 13_000)
    assert len(text) > 1_000_000
    result = auditor.audit_text(text)
    assert len(result.article.text) == len(text)
    assert len(result.article.blocks) == 13_001
