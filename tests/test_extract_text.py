"""Plain text and Markdown -> Article: lines, headings, bullets, references, comments."""

from __future__ import annotations

import pytest

from bacaudit.errors import InputProblem
from extract_helpers import assert_tiles, text

ARTICLE = """Naltrexone for Alcohol Use Disorder

By Priya Natarajan, PharmD
Medically reviewed by Omar Haddad, MD

Naltrexone is an opioid antagonist approved for alcohol dependence.
It is taken as a daily tablet or a monthly injection.

Common Side Effects
• Nausea
• Headache
- Dizziness
* Tiredness

How to Start
1. Stop drinking for a few days first.
2) Ask about liver tests before the first dose.

SOURCES

https://www.ncbi.nlm.nih.gov/books/NBK534811/
Anton RF, O'Malley SS, et al. Combined pharmacotherapies. JAMA. 2006;295(17):2003-2017.

Ready to Talk to Someone?

Our team can help you compare programs near you, and it is free and confidential to ask.

About the Author
Priya writes about medicines used in addiction care.

Leave a Reply
Your email address will not be published.
"""


@pytest.fixture(scope="module")
def art():
    return text(ARTICLE)


def kinds(article):
    return [(b.kind, b.text) for b in article.blocks]


def test_every_line_is_a_block_and_offsets_tile(art):
    assert_tiles(art)
    assert (
        "paragraph", "It is taken as a daily tablet or a monthly injection.") in kinds(art)
    assert art.kind == "text"


def test_title_author_reviewer(art):
    assert art.title == "Naltrexone for Alcohol Use Disorder"
    assert art.author == "Priya Natarajan, PharmD"
    assert art.meta["reviewer"] == "Omar Haddad, MD"
    bylines = [b.text for b in art.blocks if "byline" in b.hints]
    assert bylines == ["By Priya Natarajan, PharmD", "Medically reviewed by Omar Haddad, MD"]


def test_headings(art):
    headings = [b.text for b in art.blocks if b.kind == "heading"]
    assert headings == [
        "Naltrexone for Alcohol Use Disorder", "Common Side Effects", "How to Start", "SOURCES",
        "Ready to Talk to Someone?", "About the Author", "Leave a Reply"]


def test_bullet_markers_are_dropped_and_numbers_kept(art):
    items = [b.text for b in art.blocks if b.kind == "list_item"]
    assert items == ["Nausea", "Headache", "Dizziness", "Tiredness",
                     "1. Stop drinking for a few days first.",
                     "2) Ask about liver tests before the first dose."]


def test_references_section_ends_at_the_next_heading(art):
    refs = [b for b in art.blocks if b.region == "references"]
    assert [b.kind for b in refs] == ["heading", "citation", "citation"]
    assert art.references_start == refs[0].start and refs[0].text == "SOURCES"
    after = next(b for b in art.blocks if b.text == "Ready to Talk to Someone?")
    assert after.region == "body"
    assert art.links[0].href == "https://www.ncbi.nlm.nih.gov/books/NBK534811/"


def test_author_bio_and_comments(art):
    bio = [b.text for b in art.blocks if "author_bio" in b.hints]
    assert bio == ["About the Author", "Priya writes about medicines used in addiction care."]
    comments = [b for b in art.blocks if b.region == "comments"]
    assert [b.text for b in comments] == ["Leave a Reply",
                                          "Your email address will not be published."]
    assert all("comment_form" in b.hints for b in comments)


def test_citation_run_without_a_heading():
    a = text(
        "Baclofen Research\n\nSeveral trials have compared baclofen with placebo.\n\n"
        "Smith J, Doe K. Baclofen and alcohol: a trial. Addiction. 2015;110(7):1-9.\n"
        "Lee A, Park B. Dosing baclofen safely. J Addict Med. 2019;13(2):120-126. "
        "doi:10.1097/ADM.0000000000000478\n"
    )
    assert [b.kind for b in a.blocks] == ["heading", "paragraph", "citation", "citation"]
    assert a.references_start == a.blocks[2].start


def test_a_single_year_mention_is_not_a_citation():
    a = text("In 2009, a cardiologist wrote a book about his recovery.\n"
             "The French agency issued a recommendation in 2014.\n")
    assert a.references_start is None and {b.kind for b in a.blocks} == {"paragraph"}


def test_markdown_headings_links_bold_quotes_and_code():
    md = (
        "# Baclofen Dosing\n\n"
        "The **maximum** dose is discussed in [the label](https://example.org/label.pdf \"Label\")"
        " and at https://dailymed.nlm.nih.gov/dailymed/.\n\n"
        "Setext Heading\n--------------\n\n"
        "> Taper the dose slowly.\n\n"
        "```\ncode line one\n```\n\n"
        "---\n"
    )
    a = text(md)
    assert_tiles(a)
    assert kinds(a) == [
        ("heading", "Baclofen Dosing"),
        ("paragraph", "The maximum dose is discussed in the label and at "
                      "https://dailymed.nlm.nih.gov/dailymed/."),
        ("heading", "Setext Heading"),
        ("quote", "Taper the dose slowly."),
        ("code", "code line one"),
    ]
    assert a.blocks[0].level == 1 and a.blocks[2].level == 2
    label, url = a.links
    assert (label.text, label.href) == ("the label", "https://example.org/label.pdf")
    assert url.href == url.text == "https://dailymed.nlm.nih.gov/dailymed/"


def test_hard_wrapped_sentences_are_joined_into_one_block():
    a = text("Baclofen is a muscle relaxant that some clinicians\nprescribe off label for "
             "alcohol use disorder.\nA new sentence starts on its own line.\n")
    assert [b.text for b in a.blocks] == [
        "Baclofen is a muscle relaxant that some clinicians prescribe off label for alcohol use "
        "disorder.",
        "A new sentence starts on its own line."]


def test_sentences_are_not_taken_for_headings():
    a = text("Call us today.\nThis medicine can cause drowsiness, so do not drive\n"
             "Side effects include nausea, dizziness and fatigue in some patients who take it "
             "for several weeks.\n")
    assert [b.kind for b in a.blocks] == ["paragraph", "paragraph", "paragraph"]


def test_crlf_controls_and_windows_1252_bytes():
    raw = "Caf\u00e9 \u201cnotes\u201d\r\n\r\nLine\x07 two\x00 here\r\n".encode("cp1252")
    a = text(raw)
    assert [b.text for b in a.blocks] == ["Caf\u00e9 \u201cnotes\u201d", "Line two here"]


def test_utf8_bom_is_removed():
    a = text("\ufeffHello world, this is a sentence.".encode())
    assert a.text == "Hello world, this is a sentence."


@pytest.mark.parametrize("content", ["", "\n\n   \n", "---\n***\n"])
def test_empty_text_is_an_input_problem(content):
    with pytest.raises(InputProblem) as info:
        text(content)
    assert info.value.reason == "no readable text"


def test_a_comments_heading_early_in_the_text_is_not_the_comments_region():
    lines = ["Patient Comments", "Comments", *[f"Paragraph {i} about treatment." for i in range(8)]]
    a = text("\n".join(lines))
    assert {b.region for b in a.blocks} == {"body"}
    b = text("\n".join([*lines, "Comments", "Great article, thanks."]))
    assert [x.region for x in b.blocks][-2:] == ["comments", "comments"]


def test_title_prefers_a_real_heading_over_a_short_label():
    a = text("Publish Date\n\nHow Naltrexone Helps Recovery\n\nNaltrexone reduces cravings.")
    assert a.title == "How Naltrexone Helps Recovery"


def test_markdown_ignore_comment_covers_the_next_block():
    a = text("Intro paragraph here.\n<!-- bacaudit: ignore BA301 -->\nCall 555-0100 now.\n"
             "<!-- an editor's note -->\nLast line.\n")
    assert [b.text for b in a.blocks] == ["Intro paragraph here.", "Call 555-0100 now.",
                                          "Last line."]
    (s,) = a.suppressions
    assert s.codes == ("BA301",) and a.text[s.start:s.end] == "Call 555-0100 now."
