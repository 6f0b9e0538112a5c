"""Main-content detection on page shapes real sites use: text statistics pick the article,
link lists and furniture inside it stay out of the prose, calls to action stay visible.

Every page here is written for these tests; each shape is one that extractors must handle
(no semantic markup, a story cut by ads, one paragraph per wrapper, a page-wide <form>).
"""

from __future__ import annotations

from bacaudit.extract.export import is_prose, prose_text
from extract_helpers import assert_tiles, html

_P = [
    "Naloxone reverses an opioid overdose within minutes, and pharmacists in most states can "
    "dispense it without a prescription, which puts it within reach of families.",
    "The nasal spray is the form most people carry, because it needs no assembly, and a second "
    "dose can be given after two or three minutes if breathing does not return.",
    "Emergency physicians still ask that 911 be called, since the effect of naloxone can wear "
    "off before the opioid does, and the person may stop breathing again later.",
    "Training sessions at libraries and clinics take about twenty minutes, cover the signs of "
    "an overdose, and usually send people home with a kit of their own.",
]


def _related(n: int = 5) -> str:
    items = "".join(
        f'<li><a href="/news/story-{i}">Another headline about recovery number {i}</a></li>'
        for i in range(n)
    )
    return f"<ul>{items}</ul>"


def _teasers() -> str:
    return "".join(
        f'<div class="teaser"><h3><a href="/t{i}">Teaser {i}</a></h3>'
        f"<p>A short summary of another story that sits beside the article, number {i}.</p></div>"
        for i in range(4)
    )


def test_article_found_without_semantic_markup():
    page = (
        "<html><body><div id='top'><a href='/'>Home</a> <a href='/news'>News</a></div>"
        "<div class='wrap'><div class='left'>"
        + "".join(f"<p>{p}</p>" for p in _P)
        + _related()
        + "</div><div class='right'>"
        + _teasers()
        + "</div></div><div class='bottom'>Copyright and legal links</div></body></html>"
    )
    a = html(page)
    assert_tiles(a)
    prose = prose_text(a)
    for p in _P:
        assert p in prose
    assert "Another headline about recovery" not in prose  # a link list inside the container
    assert "A short summary of another story" not in prose  # the teaser column
    assert "Copyright and legal links" not in prose


def test_story_cut_by_ad_slots_is_read_whole():
    chunks = "".join(
        f"<div class='story-chunk'><p>{p}</p></div><div class='ad-slot'>Advertisement</div>"
        for p in _P
    )
    page = f"<html><body><nav><a href='/'>Home</a></nav><div class='main'>{chunks}</div>" \
        f"<aside>{_teasers()}</aside></body></html>"
    prose = prose_text(html(page))
    for p in _P:
        assert p in prose
    assert "Advertisement" not in prose


def test_one_paragraph_per_wrapper_is_read_whole():
    cards = "".join(f"<div class='block block--text'><div class='inner'><p>{p}</p></div></div>"
                    for p in _P)
    page = f"<html><body><header><a href='/'>Site</a></header><article><h1>Naloxone</h1>" \
        f"<div class='body'>{cards}</div></article><footer>Contact us</footer></body></html>"
    a = html(page)
    prose = prose_text(a)
    for p in _P:
        assert p in prose


def test_page_wide_form_is_not_a_form_hint_but_an_inner_form_is():
    page = (
        "<html><body><form id='aspnetForm' action='/page.aspx'><div class='page'>"
        "<div class='content'>" + "".join(f"<p>{p}</p>" for p in _P)
        + "<div class='signup'><form action='/subscribe'><h3>Get our recovery letter</h3>"
        "<input type='email' name='e'><input type='submit' value='Send it'></form></div>"
        "</div></div></form></body></html>"
    )
    a = html(page)
    assert_tiles(a)
    for p in _P:
        block = next(b for b in a.blocks if b.text == p)
        assert is_prose(block), block.hints
    inner = next(b for b in a.blocks if "Get our recovery letter" in b.text)
    assert inner.region == "body" and "form" in inner.hints


def test_single_button_link_stays_a_hinted_body_block():
    page = (
        "<html><body><article>" + "".join(f"<p>{p}</p>" for p in _P)
        + "<div class='wp-block-buttons'><a class='wp-block-button__link' href='/admissions'>"
        "Start Your Admission</a></div>"
        + "<p>" + _P[0].replace("Naloxone", "It") + "</p></article></body></html>"
    )
    a = html(page)
    block = next(b for b in a.blocks if b.text == "Start Your Admission")
    assert block.region == "body" and "button" in block.hints


def test_furniture_inside_the_article_gets_hints():
    furniture = {
        "Advertisement": "ad_label",
        "Photo: Jane Roe / City Herald": "credit",
        "Updated 9:14 am EST, Tuesday, March 5, 2024": "dateline",
        "Sign up for our weekly newsletter on treatment news.": "promo",
        "Reporting by Sam Diaz; editing by Lee Chan": "credit",
        "All rights reserved. This material may not be published or redistributed.":
            "disclaimer",
        "Have a tip? Reach the desk at tips@herald.example.": "contact",
    }
    page = (
        "<html><body><article><h1>Naloxone at the pharmacy</h1>"
        + "".join(f"<p>{t}</p>" for t in furniture)
        + "".join(f"<p>{p}</p>" for p in _P)
        + "<div class='image-caption'><p>A pharmacist hands over a kit.</p></div>"
        + "<p>The county newsletter reported last spring that pharmacies stocked naloxone in "
        "every neighbourhood, and the health department plans to keep the program going.</p>"
        + "</article></body></html>"
    )
    a = html(page)
    assert_tiles(a)
    for t, hint in furniture.items():
        block = next(b for b in a.blocks if b.text == t)
        assert hint in block.hints, (t, block.hints)
    caption = next(b for b in a.blocks if "pharmacist hands over" in b.text)
    assert "figcaption" in caption.hints
    mention = next(b for b in a.blocks if b.text.startswith("The county newsletter"))
    assert is_prose(mention)  # a sentence that mentions a newsletter is still prose


def test_hidden_block_that_holds_the_article_is_read():
    page = (
        "<html><body><div class='post'><h1>Naloxone</h1><p>A teaser line.</p>"
        "<div style='display:none' class='full'>" + "".join(f"<p>{p}</p>" for p in _P)
        + "</div></div><div style='display:none' class='modal'><p>Before you go, call us now "
        "for a free consultation with our admissions team.</p></div></body></html>"
    )
    a = html(page)
    prose = prose_text(a)
    for p in _P:
        assert p in prose
    assert "Before you go" not in a.text  # a hidden popup is still chrome
