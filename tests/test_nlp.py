"""The spaCy stage: sentence spans that survive medical abbreviations and never cross blocks,
and reference-set entities with canonical ids."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bacaudit.nlp import Pipeline, get_pipeline
from bacaudit.reference import Agency
from claims_helpers import article_from_text, make_refs

TWO_SENTENCES = [
    ("The label says 80 mg daily (20 mg q.i.d.).", "The lowest dose is recommended."),
    ("Dr. Smith of the U.S. FDA said 5 mg t.i.d. is the start.", "Next sentence."),
    ("Take 10 mg b.i.d. for 3 days, e.g. with food.", "Then stop."),
    ("Approx. 30% of pts. relapsed (see Fig. 2).", "The FDA (U.S.) did not comment."),
    ("It is off-label in the U.K. and France.", "It is not FDA-approved for AUD."),
    (
        "Garbutt et al. found no difference, i.e. no benefit (15).",
        "In any event, more trials came.",
    ),
    ("Doses of 5 mg. three times a day were used.", "Others used more."),
    ("Is baclofen addictive?", "Some studies say so."),
    ("Before 2002 it was Schedule V.", "Hydrocodone moved in 2014."),
]


@pytest.fixture(scope="module")
def pipeline(tmp_path_factory):
    return get_pipeline(make_refs(tmp_path_factory.mktemp("refs")))


def texts(pipeline, text: str) -> list[str]:
    return [s.text for s in pipeline.analyze(article_from_text(text)).sentences]


@pytest.mark.parametrize(("first", "second"), TWO_SENTENCES)
def test_tricky_sentence_pairs(pipeline, first, second):
    assert texts(pipeline, f"{first} {second}") == [first, second]


def test_pysbd_agrees_on_the_abbreviation_cases(pipeline):
    pysbd = pytest.importorskip("pysbd")
    seg = pysbd.Segmenter(language="en", clean=False)
    for first, second in TWO_SENTENCES[:3]:
        text = f"{first} {second}"
        assert [s.strip() for s in seg.segment(text)] == texts(pipeline, text)


def test_bullets_headings_and_lines_are_their_own_sentences(pipeline):
    text = "Side effects\n\n- drowsiness\n- Dizziness and nausea\n• Confusion\n\nSee a doctor. Now."
    article = article_from_text(text.replace("\n- ", "\n\n- ").replace("\n• ", "\n\n• "))
    got = [s.text for s in pipeline.analyze(article).sentences]
    assert got == [
        "Side effects",
        "drowsiness",
        "Dizziness and nausea",
        "Confusion",
        "See a doctor.",
        "Now.",
    ]


def test_single_newlines_inside_a_block_also_split(pipeline):
    assert texts(pipeline, "Withdrawal symptoms\nAnxiety\nSeizures are possible") == [
        "Withdrawal symptoms",
        "Anxiety",
        "Seizures are possible",
    ]


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.text(alphabet="abc XYZ.?!(15)-q.i.d.\n", min_size=1, max_size=60), min_size=1, max_size=6
    )
)
def test_sentences_never_cross_blocks_and_are_exact_slices(pipeline, blocks):
    article = article_from_text("\n\n".join(blocks))
    for s in pipeline.analyze(article).sentences:
        assert article.text[s.start : s.end] == s.text
        assert s.text == s.text.strip() and s.text
        assert "\n\n" not in s.text
        assert article.block_at(s.start) is article.block_at(s.end - 1)


def test_entities_map_names_and_brands_to_canonical_ids(pipeline):
    text = (
        "Lioresal (baclofen) 20 mg q.i.d. was approved by the FDA in 1977 for multiple sclerosis; "
        "it is not Schedule IV or C-II."
    )
    doc = pipeline.analyze(article_from_text(text)).doc
    ents = {(e.label_, e.text): e.ent_id_ for e in doc.ents}
    assert ents[("DRUG", "Lioresal")] == "baclofen"
    assert ents[("DRUG", "baclofen")] == "baclofen"
    assert ents[("AGENCY", "FDA")] == "FDA"
    assert ents[("CONDITION", "multiple sclerosis")] == "ms_spasticity"
    labels = {(e.label_, e.text) for e in doc.ents}
    assert ("DOSE", "20 mg q.i.d.") in labels
    assert ("YEAR", "1977") in labels
    assert ("SCHEDULE", "Schedule IV") in labels and ("SCHEDULE", "C-II") in labels


def test_acronym_terms_match_only_as_written(tmp_path):
    refs = make_refs(tmp_path)
    refs.agencies["WHO"] = Agency("WHO", ["World Health Organization"], "international")
    pipe = Pipeline(refs)
    doc = pipe.analyze(article_from_text("Ask who can help. The WHO lists it.")).doc
    assert [(e.text, e.label_) for e in doc.ents if e.label_ == "AGENCY"] == [("WHO", "AGENCY")]


def test_pipeline_is_built_once_per_reference_set(tmp_path):
    refs = make_refs(tmp_path)
    assert get_pipeline(refs) is get_pipeline(refs)


def test_missing_trained_model_falls_back_with_one_clear_line(tmp_path, capsys):
    pipe = Pipeline(make_refs(tmp_path), "en_core_web_not_installed")
    err = capsys.readouterr().err
    assert (
        "en_core_web_not_installed" in err
        and "not installed" in err
        and len(err.strip().splitlines()) == 1
    )
    assert pipe.fallback_reason
    assert [s.text for s in pipe.analyze(article_from_text("One. Two.")).sentences] == [
        "One.",
        "Two.",
    ]


def test_batch_api_matches_single_analysis(pipeline):
    articles = [
        article_from_text(t) for t in ("Baclofen is fine. Really.", "Take 5 mg t.i.d. Then more.")
    ]
    single = [[(s.start, s.end) for s in pipeline.analyze(a).sentences] for a in articles]
    batch = [[(s.start, s.end) for s in an.sentences] for an in pipeline.analyze_many(articles)]
    assert batch == single


def test_a_long_article_splits_into_its_sentences(pipeline):
    para = (
        "Baclofen 10 mg t.i.d. is often used for spasticity in multiple sclerosis, e.g. after an "
        "injury; Dr. Lee et al. (2019) reported that the FDA approved it in 1977. "
    )
    article = article_from_text("\n\n".join([para * 3] * 25))  # about 1,900 words
    analysis = pipeline.analyze(article)
    assert len(analysis.sentences) == 75  # three per paragraph


def test_a_named_pipeline_is_loaded_and_gets_the_same_rules(tmp_path):
    import spacy

    saved = tmp_path / "pipeline"
    spacy.blank("en").to_disk(saved)
    pipe = Pipeline(make_refs(tmp_path / "refs"), str(saved))
    assert pipe.fallback_reason is None
    analysis = pipe.analyze(article_from_text("Take baclofen 5 mg t.i.d. daily. Then stop."))
    assert [s.text for s in analysis.sentences] == [
        "Take baclofen 5 mg t.i.d. daily.",
        "Then stop.",
    ]
    assert [e.ent_id_ for e in analysis.doc.ents if e.label_ == "DRUG"] == ["baclofen"]


def test_line_break_marker_leaves_other_boundaries_to_a_parser():
    import spacy

    from bacaudit.nlp import _line_breaks

    doc = _line_breaks(spacy.blank("en")("Heading line\nFirst sentence. Second one."))
    starts = {t.text: t.is_sent_start for t in doc}
    assert starts["Heading"] is True and starts["First"] is True
    assert starts["Second"] is None  # undecided: the parser's call
