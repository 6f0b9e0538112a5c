"""Citation analysis: markers, source links and reference lists decide what counts as cited."""

from __future__ import annotations

import pytest

from bacaudit.citations import build_index, is_source_url
from bacaudit.models import Article, Block, Link


def article(paragraphs: list[str], links: list[Link] | None = None, **kw) -> Article:
    text, blocks = "", []
    for p in paragraphs:
        if text:
            text += "\n\n"
        blocks.append(Block("paragraph", p, len(text), len(text) + len(p)))
        text += p
    return Article(source="t", text=text, blocks=blocks, links=links or [], **kw)


@pytest.mark.parametrize(
    "sentence",
    [
        "Craving fell in most patients (15).",
        "It is contraindicated in some patients (4, 5, 12, 13).",
        "It reduced consumption in some studies (23, 49–55).",
        "Relapse was less common [3].",
        "Relapse was less common.³",
        "Relapse was less common (Smith et al., 2019).",
        "Relapse was less common (Smith & Jones, 2019; Lee, 2020).",
        "Smith et al. (2019) found that relapse was less common.",
        "Relapse was less common (https://pubmed.ncbi.nlm.nih.gov/12345678/).",
        "Relapse was less common (PMID: 12345678).",
    ],
)
def test_inline_markers_support_their_sentence(sentence):
    a = article([sentence])
    assert build_index(a).supports(0, len(sentence))


@pytest.mark.parametrize(
    "sentence",
    [
        "The drug was first sold in 1977 (a year after trials began).",
        "Take 10 mg (one tablet) three times a day.",
        "The study (published in 2019) found nothing.",
        "See https://example-rehab.com/blog for more.",
        "(1) Talk to your doctor first.",
    ],
)
def test_things_that_are_not_citations(sentence):
    a = article([sentence])
    assert not build_index(a).supports(0, len(sentence))


def test_marker_in_paragraph_supports_every_sentence_of_it_but_not_the_next_paragraph():
    a = article(["Trials found fewer relapses. Craving fell too (7).", "Studies show it works."])
    idx = build_index(a)
    assert idx.supports(0, 28)
    second = a.blocks[1]
    assert not idx.supports(second.start, second.end)


@pytest.mark.parametrize(
    ("href", "ok"),
    [
        ("https://pubmed.ncbi.nlm.nih.gov/29887289/", True),
        ("https://doi.org/10.1111/add.15247", True),
        ("https://www.accessdata.fda.gov/scripts/cder/daf/", True),
        ("https://dailymed.nlm.nih.gov/dailymed/", True),
        ("https://www.nida.nih.gov/research", True),
        ("https://med.stanford.edu/news.html", True),
        ("https://jamanetwork.com/journals/jama/fullarticle/1", True),
        ("https://www.example-rehab.com/baclofen", False),
        ("https://medium.com/@someone/essay", False),
        ("not a url", False),
    ],
)
def test_source_hosts(href, ok):
    assert is_source_url(href) is ok


def test_source_link_near_claim_counts_but_a_sales_link_does_not():
    text = "Trials found fewer relapses with the drug."
    good = article([text], links=[Link("Trials", "https://doi.org/10.1/x", 0, 6)])
    bad = article([text], links=[Link("Trials", "https://rehab.example.com/", 0, 6)])
    assert build_index(good).supports(0, len(text))
    assert not build_index(bad).supports(0, len(text))


def test_reference_list_from_a_heading_followed_by_entries():
    a = article(
        [
            "Studies show it works.",
            "Sources",
            "https://www.ncbi.nlm.nih.gov/pmc/articles/PMC0000001/",
            "https://www.example.org/a-page",
        ]
    )
    idx = build_index(a)
    assert idx.has_reference_list
    assert idx.references_start == a.blocks[1].start
    assert idx.in_references(a.blocks[2].start)
    assert not idx.supports(a.blocks[0].start, a.blocks[0].end)


def test_a_heading_called_sources_without_entries_is_not_a_reference_list():
    a = article(["Sources", "Sources of stress include work and money."])
    assert not build_index(a).has_reference_list


def test_reference_list_from_the_extractor():
    a = article(["Studies show it works.", "Smith J. A trial. Lancet. 2019."])
    a.blocks[1].region = "references"
    assert build_index(a).has_reference_list
    b = article(["Studies show it works."], references_start=5)
    assert build_index(b).references_start == 5


def _support(text: str, sentence: str) -> str | None:
    from bacaudit.citations import build_index
    from bacaudit.extract import extract
    from bacaudit.models import Document

    article = extract(Document(source="t", content=text.encode(), kind="text", encoding="utf-8"))
    start = article.text.index(sentence)
    return build_index(article).support(start, start + len(sentence))


def test_a_named_publication_supports_its_paragraph():
    sentence = "Those on the drug drank on fewer days."
    text = f"A 2019 trial published in The Lancet Psychiatry tested the drug. {sentence}\n"
    assert _support(text, sentence) == "paragraph"
    unnamed = f"A 2019 trial of 300 adults tested the drug. {sentence}\n"
    assert _support(unnamed, sentence) is None


def test_the_study_points_back_to_its_source():
    sentence = "The study followed 410 adults for a year."
    cited = f"Results of the trial appeared in the journal Addiction in 2021.\n\n{sentence}\n"
    assert _support(cited, sentence) == "earlier_reference"
    uncited = f"Researchers ran a trial of the drug.\n\n{sentence}\n"
    assert _support(uncited, sentence) is None
    other = "Other claims follow here without any source."
    assert _support(f"{cited}\n{other}\n", other) is None


def test_a_named_agency_supports_its_own_sentence_only():
    first = "The Drug Enforcement Administration lists tramadol in Schedule IV."
    second = "Roughly two million adults misuse it each year."
    a = article([f"{first} {second}"])
    index = build_index(a)
    assert index.support(0, len(first)) == "agency"
    start = len(first) + 1
    assert index.support(start, start + len(second)) is None


@pytest.mark.parametrize(
    ("sentence", "named"),
    [
        ("The Centers for Disease Control tracks these deaths.", True),
        ("SAMHSA funds the program.", True),
        ("The Drug Enforcement Agency estimated a rise of a third.", True),
        ("The Nordic Medicines Agency reviewed the label.", True),
        ("The Department of Health counted the deaths.", True),
        ("Our Agency counted the deaths.", False),
        ("The American Association of Addiction Nurses surveyed members.", True),
        ("People who drink heavily relapse more.", False),
        ("Federal law covers it.", False),
    ],
)
def test_agency_names_but_not_lookalike_words(sentence, named):
    assert build_index(article([sentence])).supports(0, len(sentence)) is named


def test_a_superscript_flattened_onto_the_full_stop_supports_its_sentence():
    sentence = "About 30% of patients relapse within the first month.3"
    assert build_index(article([f"{sentence} The rest stay."])).supports(0, len(sentence))
    plain = "About 30% of patients relapse within 3 months."
    assert not build_index(article([f"{plain} The rest stay."])).supports(0, len(plain))


def test_reference_numbers_after_a_lines_last_word_count_when_repeated():
    lines = [
        "The maximum daily dose is 80 mg (20 mg four times daily) 1",
        "About 30% of patients relapse early in treatment 2, 4.",
    ]
    a = article(lines)
    index = build_index(a)
    assert index.supports(0, len(lines[0]))
    alone = article(["The maximum daily dose is 80 mg (20 mg four times daily) 1"])
    assert not build_index(alone).supports(0, len(lines[0]))
    numbered = article(["Doctors treat patients over age 12", "It is a Schedule 4"])
    assert not build_index(numbered).supports(0, 20)
