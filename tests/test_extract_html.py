"""HTML pages modelled on rehab-center and pharmacy articles -> Article."""

from __future__ import annotations

import pytest

from bacaudit.errors import InputProblem
from bacaudit.models import Document
from extract_helpers import assert_tiles, html, load_html, texts

PAGE_URL = "https://lakeside-harbor.example/blog/baclofen-alcohol-use-disorder/"


@pytest.fixture(scope="module")
def rehab():
    return load_html("rehab_article.html", url=PAGE_URL)


def test_rehab_page_offsets_tile_exactly(rehab):
    assert_tiles(rehab)
    assert rehab.kind == "html" and rehab.url == PAGE_URL


@pytest.mark.parametrize(
    "chrome",
    ["We use cookies", "Accept all cookies", "Treatment Programs", "Our Locations",
     "Skip to content", "Home » Blog", "Share on Facebook", "Get Help Today",
     "Recent Posts", "You May Also Like", "All rights reserved", "Privacy Policy",
     "24/7 Admissions", "INJECTED SCRIPT TEXT", "position:fixed"],
)
def test_chrome_never_reaches_the_body(rehab, chrome):
    assert chrome not in rehab.text
    if chrome not in ("INJECTED SCRIPT TEXT", "position:fixed"):
        assert chrome in rehab.chrome_text
    else:
        assert chrome not in rehab.chrome_text


def test_chrome_blocks_are_marked_chrome(rehab):
    assert rehab.chrome and all(b.region == "chrome" for b in rehab.chrome)
    header_phone = [b for b in rehab.chrome if "(800) 555-0142" in b.text]
    assert header_phone and "tel" in header_phone[0].hints


def test_article_structure(rehab):
    assert texts(rehab, kind="heading", level=1) == [
        "Baclofen for Alcohol Use Disorder: What the Evidence Shows"
    ]
    assert texts(rehab, kind="list_item", region="body") == [
        "Drowsiness and fatigue", "Dizziness or weakness", "Nausea"]
    cells = texts(rehab, kind="table_cell")
    assert cells[:2] == ["Stage", "Dose"] and "80 mg" in cells
    assert texts(rehab, kind="caption") == ["Typical oral dosing for spasticity"]
    assert texts(rehab, kind="quote") == [
        "Stopping baclofen suddenly can cause withdrawal, so doses are tapered."]
    body = rehab.text
    assert body.index("How Baclofen Is Dosed") < body.index("Common Side Effects")


def test_cta_box_stays_in_body_with_hints(rehab):
    cta = [b for b in rehab.blocks if "cta" in b.hints and "form" not in b.hints]
    assert cta[0].text == "Ready to Start Recovery?"
    phone = next(b for b in cta if "(800) 555-0142" in b.text)
    assert "tel" in phone.hints and phone.region == "body"
    button = next(b for b in cta if b.text == "Get Help Now")
    assert "button" in button.hints


def test_insurance_form_keeps_labels_and_button_but_not_options(rehab):
    form = [b for b in rehab.blocks if "form" in b.hints and b.region == "body"]
    assert [b.text for b in form] == ["Full name", "Insurance provider", "Verify My Insurance"]
    assert "button" in form[-1].hints
    assert not any("cta" in b.hints for b in form)  # a form is a form: one hint, one finding
    assert "Aetna" not in rehab.text and "Jane Smith" not in rehab.text


def test_author_bio_and_byline(rehab):
    bio = [b for b in rehab.blocks if "author_bio" in b.hints]
    assert bio[-1].text.startswith("Maria Okafor is a health writer") and bio[-1].region == "body"
    bylines = texts(rehab, hint="byline")
    assert any(t.startswith("By Maria Okafor") for t in bylines)
    assert "Medically reviewed by Daniel Reyes, MD" in bylines


def test_references_section(rehab):
    refs = [b for b in rehab.blocks if b.region == "references"]
    assert refs[0].kind == "heading" and refs[0].text == "References"
    assert rehab.references_start == refs[0].start
    assert [b.kind for b in refs[1:]] == ["citation", "citation"]
    assert refs[1].text.startswith("Smith J, Doe K.")
    # the author box after the list is not part of the references
    bio = next(b for b in rehab.blocks if "author_bio" in b.hints)
    assert bio.region == "body"


def test_comments_region_and_reply_form(rehab):
    comments = [b for b in rehab.blocks if b.region == "comments"]
    assert "This helped my brother understand his options." in [b.text for b in comments]
    reply = [b for b in comments if "comment_form" in b.hints]
    assert [b.text for b in reply][:2] == [
        "Leave a Reply", "Your email address will not be published."]
    assert min(b.start for b in comments) > max(
        b.end for b in rehab.blocks if b.region in ("body", "references")
    )


def test_metadata(rehab):
    assert rehab.title == "Baclofen for Alcohol Use Disorder: What the Evidence Shows"
    assert rehab.author == "Maria Okafor"
    assert rehab.published == "2024-05-14T09:30:00+00:00"
    assert rehab.modified == "2024-08-02T12:00:00+00:00"
    assert rehab.canonical_url == PAGE_URL
    assert rehab.language == "en-US"
    assert rehab.description.startswith("How baclofen is studied")
    assert rehab.meta["site_name"] == "Lakeside Harbor Recovery"
    assert rehab.meta["reviewer"] == "Daniel Reyes, MD"
    assert set(rehab.meta["jsonld_types"]) == {"MedicalWebPage", "WebSite"}


def test_links_resolve_and_slice_the_anchor_text(rehab):
    by_text = {link.text: link for link in rehab.links}
    pubmed = by_text["according to a 2018 review"]
    assert pubmed.href == "https://pubmed.ncbi.nlm.nih.gov/29476567/"
    assert rehab.text[pubmed.start:pubmed.end] == "according to a 2018 review"
    assert by_text["prescribing information"].href.startswith("https://doi.org/10.1000/")
    assert by_text["Maria Okafor"].href == "https://lakeside-harbor.example/author/maria-okafor/"
    assert by_text["Maria Okafor"].rel == "author"
    assert by_text["(800) 555-0142"].href == "tel:+18005550142"
    assert "Share on Facebook" not in by_text  # chrome links are not article links


def test_pharmacy_page_without_article_element():
    a = load_html("pharmacy_page.html")
    assert_tiles(a)
    assert a.blocks[0].kind == "heading" and a.blocks[0].text == "Baclofen 10 mg Tablets"
    assert a.title == "Baclofen 10 mg Tablets - Uses, Dosage and Warnings"  # site suffix gone
    assert a.author == "Sam Lee, PharmD"
    assert a.modified == "2025-01-20" and a.published is None
    for chrome in ("Free shipping", "My Account", "refill reminders", "Careers", "cookies"):
        assert chrome not in a.text and chrome in a.chrome_text
    cites = [b for b in a.blocks if b.kind == "citation"]
    assert len(cites) == 3 and all(b.region == "references" for b in cites)
    assert a.references_start == cites[0].start
    disclaimer = a.blocks[-1]
    assert disclaimer.region == "body" and "disclaimer" in disclaimer.hints


def test_broken_html_still_extracts():
    a = load_html("broken.html")
    assert_tiles(a)
    assert a.title == "Broken page about naltrexone"
    assert texts(a, kind="list_item") == ["Nausea", "Headache", "Dizziness"]
    assert "It is available as a daily tablet and a monthly injection." in texts(a)
    assert "Text after garbage markup still counts." in a.text
    assert any(link.href.startswith("https://pubmed") for link in a.links)


def test_windows_1252_page_with_http_equiv_charset():
    a = load_html("windows1252.html")
    assert a.title == "Café talk: “Recovery” after detox"
    assert "“the first week is the hardest” — and that naïve hopes fade." in a.text
    assert "µg" in a.text and "\ufffd" not in a.text


def test_windows_1252_page_mislabelled_as_utf8_does_not_crash():
    a = load_html("windows1252.html", encoding="utf-8")
    assert "naïve" in a.text  # the false label is not trusted once the bytes disprove it


def test_inline_suppressions_cover_the_next_block_or_the_enclosing_element():
    a = load_html("suppressed.html")
    assert_tiles(a)
    covered = {s.codes: a.text[s.start:s.end] for s in a.suppressions}
    assert covered[("BA301",)] == "Call our team at (555) 010-0199 to talk about your options."
    assert covered[()] == (
        "First paragraph inside the covered box.\n\nSecond paragraph inside the covered box."
    )
    assert len(a.suppressions) == 2


def test_ignore_comment_lists_several_codes():
    a = html("<main><p>Intro words here.</p><!-- bacaudit: ignore BA301, ba302 BA4XX -->"
             "<p>Covered sentence.</p><p>Not covered.</p></main>")
    (s,) = a.suppressions
    assert s.codes == ("BA301", "BA302", "BA4XX") and a.text[s.start:s.end] == "Covered sentence."


def test_ordinary_comments_are_ignored():
    a = html("<article><p>One.</p><!-- tracking: ignore me --><p>Two.</p></article>")
    assert a.suppressions == [] and a.text == "One.\n\nTwo."


def test_hidden_text_is_not_body():
    a = html(
        "<main><p>Visible sentence about naltrexone.<span style='display:none'> hidden keyword"
        "</span> More visible text.</p><div hidden><p>Hidden block of keywords.</p></div>"
        "<div aria-hidden='true'>decorative</div></main>"
    )
    assert a.text == "Visible sentence about naltrexone. More visible text."
    assert "Hidden block of keywords." in a.chrome_text


def test_double_br_splits_blocks_and_single_br_joins():
    a = html("<article><p>Line one<br>continues here<br><br>New block after a gap</p></article>")
    assert [b.text for b in a.blocks] == ["Line one continues here", "New block after a gap"]


def test_xml_declaration_and_entities():
    a = html('<?xml version="1.0" encoding="utf-8"?><html><body><p>Tom &amp; Jerry &#8211; '
             "5&nbsp;mg</p></body></html>")
    assert a.text == "Tom & Jerry – 5 mg"  # no-break spaces collapse like any whitespace


def test_nested_lists_and_paragraphs_in_list_items():
    a = html("<article><ul><li><p>Outer item</p><ul><li>Inner item</li></ul></li></ul>"
             "<blockquote><p>Quoted one.</p><p>Quoted two.</p></blockquote></article>")
    assert [(b.kind, b.text) for b in a.blocks] == [
        ("list_item", "Outer item"), ("list_item", "Inner item"),
        ("quote", "Quoted one."), ("quote", "Quoted two.")]


def test_main_content_chosen_by_paragraph_text_over_a_teaser_article():
    filler = " ".join(["Naltrexone reduces cravings in many patients."] * 8)
    a = html(
        f"<body><div class='teasers'><article><p>Short teaser.</p></article></div>"
        f"<div class='entry-content'><p>{filler}</p><p>{filler}</p></div>"
        f"<div class='widget-area'><p>Sidebar words.</p></div></body>"
    )
    assert "Short teaser." not in a.text and a.text.startswith("Naltrexone reduces")
    assert "Sidebar words." in a.chrome_text


def test_genesis_style_wrapper_named_sidebar_is_not_chrome():
    a = html("<body><div class='content-sidebar-wrap'><div class='inner'><p>The article text "
             "lives here and is long enough to be the main content of the page.</p></div>"
             "<div class='sidebar'><p>Sidebar promo.</p></div></div></body>")
    assert a.text.startswith("The article text") and "Sidebar promo." not in a.text


def test_page_of_only_chrome_falls_back_to_readable_text():
    a = html("<body><div class='menu-wrapper'><p>Baclofen is a muscle relaxant used for "
             "spasticity, and it is sometimes prescribed off label.</p></div></body>")
    assert "Baclofen is a muscle relaxant" in a.text


@pytest.mark.parametrize(
    "markup",
    ["", "   \n ", "<html><head><script>var x = 1;</script></head><body></body></html>",
     "<!-- nothing -->", "<style>p{}</style><template><p>never shown</p></template>"],
)
def test_nothing_readable_raises_a_one_line_input_problem(markup):
    with pytest.raises(InputProblem) as info:
        html(markup)
    assert info.value.reason == "no readable text" and "\n" not in str(info.value)


def test_script_and_event_handlers_stay_inert_text():
    a = html('<article><p onclick="alert(1)">Click &lt;script&gt;alert(2)&lt;/script&gt; '
             "here</p><script>alert(3)</script><svg><text>svg text</text></svg></article>")
    assert a.text == "Click <script>alert(2)</script> here"


def test_document_url_is_the_base_for_relative_links():
    a = html("<article><p>See <a href='../guide/'>the guide</a>.</p></article>",
             url="https://site.example/blog/post/")
    assert a.links[0].href == "https://site.example/blog/guide/"
    b = html("<article><p>See <a href='javascript:void(0)'>nothing</a> and "
             "<a href='#top'>top</a>.</p></article>")
    assert b.links == []


def test_large_page_is_fast():

    para = "<p>" + "Baclofen is studied for alcohol use disorder in several trials. " * 3 + "</p>"
    page = "<html><body><nav><a href='/'>Home</a></nav><article>" + para * 400 + "</article>"
    page += "<footer>Footer</footer></body></html>"
    doc = Document("<big>", page.encode(), "html")
    from bacaudit.extract import extract

    a = extract(doc)
    assert len(a.blocks) == 400


def test_prose_after_a_sources_list_is_body_again():
    a = html(
        "<article><h2>Sources</h2><ol><li>Smith J. Baclofen review. Addiction. 2015;110:1-9."
        "</li></ol><p>Our admissions counselors are ready to help you or a loved one start "
        "treatment today, so reach out now.</p></article>"
    )
    assert [(b.region, b.kind) for b in a.blocks] == [
        ("references", "heading"), ("references", "citation"), ("body", "paragraph")]


def test_page_builder_theme_page():
    a = load_html("builder_theme_page.html")
    assert_tiles(a)
    assert a.title == "Suboxone vs. Methadone – Which Is Right for You?"  # no site suffix in og
    assert a.author == "Alex Rivera, Kim Tran"
    assert a.published == "2023-11-02T08:00:00-05:00"
    assert a.meta["publisher"] == "Northpoint Trail Treatment"
    assert a.blocks[0].text == "Suboxone vs. Methadone: Which Is Right for You?"
    for chrome in ("Call (888) 555-0177", "Rehab Programs", "Table of Contents", "Share Email",
                   "Screen reader note", "Before you go", "100 Main St"):
        assert chrome not in a.text and chrome in a.chrome_text
    assert texts(a, hint="aside") == [
        "Both medicines lower the risk of overdose death when taken as prescribed."]
    assert texts(a, hint="cta") == ["Talk to an Admissions Specialist",
                                    "Find out which program fits your needs and your insurance.",
                                    "Start Here"]
    assert "button" in a.blocks[-1].hints
    popup = next(b for b in a.chrome if "Before you go" in b.text)
    assert "hidden" in popup.hints


def test_absurd_nesting_is_flattened_not_dropped_and_moderate_nesting_works():
    assert html("<div>" * 5000 + "<p>deep text</p>").text == "deep text"
    assert html("<div>" * 200 + "<p>deep but fine</p>").text == "deep but fine"
