"""Real-world CMS markup (WordPress, Elementor, Divi, Drupal, Squarespace, Wix, AMP, a pharmacy
store, a split body, a mislabelled windows-1252 page) -> Article.

Each page in tests/fixtures/html/cms/ has a spec: the article's paragraphs in order (a phrase of
each), the chrome that must stay out of the body, in-body parts that keep their hints, and the
metadata. The pages were written for these tests and are modelled on what those CMSs emit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pytest

from bacaudit.citations import build_index
from bacaudit.extract import extract
from bacaudit.models import Article, Document
from extract_helpers import assert_tiles, html, load_html


@dataclass(frozen=True)
class Page:
    name: str
    body: tuple[str, ...]  # a phrase of every article paragraph, in reading order
    chrome: tuple[str, ...]  # must not reach the body
    meta: dict[str, str] = field(default_factory=dict)
    hints: tuple[tuple[str, str], ...] = ()  # (phrase, hint) of a body block
    cited: tuple[str, ...] = ()  # sentences whose inline marker must be recognised
    references: tuple[str, ...] = ()  # phrases that must sit in the references region


PAGES = [
    Page(
        "wordpress_yoast.html",
        body=(
            "Naltrexone for Alcohol Use Disorder: A Practical Guide",
            "It does not make a person sick when they drink",
            "How It Works in the Brain",
            "Alcohol releases endorphins",
            "The medicine comes as a daily tablet",
            "Regular check-ins help people stay on medication.",
            "Who Can Take It",
            "Adults who want to reduce or stop drinking",
            "Patients who are not taking any opioid medicine",
            "cannot be started while someone still uses opioid painkillers",
            "Not Sure Where to Start?",
            "Our admissions team can explain medication options today.",
            "Talk to Admissions",
            "Frequently Asked Questions",
            "Can I drink while taking naltrexone?",
            "Drinking on naltrexone is not dangerous",
            "How long do people stay on it?",
            "Many programs suggest at least three months",
            "References",
            "Combined pharmacotherapies and behavioral interventions",
            "Naltrexone hydrochloride tablets prescribing information",
            "Dana Whitfield is a health writer",
        ),
        chrome=(
            "Skip to the content", "Our Programs", "Call 24/7", "Home » Blog", "Table of Contents",
            "Share this", "Share on Facebook", "Related Posts", "Acamprosate Basics for Families",
            "A short look at another medicine", "Recent Articles", "Outpatient Care That Fits",
            "Flexible evening groups", "All rights reserved", "uses cookies", "Accept cookies",
            "Posted in",
        ),
        meta={
            "title": "Naltrexone for Alcohol Use Disorder: A Practical Guide",
            "author": "Dana Whitfield",
            "published": "2024-03-11T08:30:00+00:00",
            "modified": "2025-01-20T14:05:12+00:00",
            "canonical_url": "https://pinecrest-recovery.example/blog/naltrexone-alcohol-guide/",
        },
        hints=(
            ("Our admissions team can explain", "cta"),
            ("Our admissions team can explain", "tel"),
            ("Talk to Admissions", "button"),
            ("Dana Whitfield is a health writer", "author_bio"),
            ("By Dana Whitfield", "byline"),
        ),
        cited=("easier to stop after one drink", "cravings fade", "check liver tests"),
        references=("Combined pharmacotherapies", "Brief Guide"),
    ),
    Page(
        "elementor.html",
        body=(
            "What Happens During Medical Detox?",
            "Medical detox is the first stage of care",
            "A detox stay usually lasts from three to ten days",
            "After detox, most people move straight into",
            "The First Day",
            "On arrival, a nurse takes a history",
            "The medical team then writes a withdrawal plan",
            "Family members are told how and when",
            "Managing Symptoms",
            "can cause seizures",
            "Opioid withdrawal is rarely life-threatening",
            "Round-the-clock nursing",
            "Counseling from the second day",
            "Need Detox Today?",
            "Same-day admission is often possible.",
            "Start Admission",
            "Detox on its own rarely leads to lasting recovery.",
            "What helps is what comes next",
            "Ask the team to book your first follow-up",
            "Jordan Ellis is a licensed clinical social worker",
        ),
        chrome=(
            "Detox Programs", "Residential Care", "Contact Us", "400 Canyon Road", "Call Now",
            "Verify Insurance", "Wait! Before You Go", "free insurance check",
        ),
        meta={
            "title": "What Happens During Medical Detox?",
            "author": "Jordan Ellis, LCSW",
            "published": "2023-09-05T10:00:00+00:00",
            "modified": "2024-11-02T09:12:40+00:00",
            "canonical_url": "https://sunridge-bh.example/medical-detox/",
        },
        hints=(
            ("Same-day admission is often possible.", "cta"),
            ("Same-day admission is often possible.", "tel"),
            ("Start Admission", "button"),
            ("Jordan Ellis is a licensed clinical social worker", "author_bio"),
        ),
    ),
    Page(
        "divi.html",
        body=(
            "Signs a Loved One Is Misusing Prescription Stimulants",
            "Stimulant medicines such as amphetamine salts",
            "Families are often the first to notice",
            "Changes You Might See",
            "Common warning signs include running out",
            "At Home",
            "Pills missing from a shared cabinet",
            "At Work or School",
            "Bursts of intense productivity",
            "How to Start the Conversation",
            "Pick a calm moment",
            "Offer to help with a first appointment.",
            "Talk to Someone Who Understands",
            "Free, confidential guidance for families.",
            "Contact Us",
            "Treatment for stimulant use disorder relies mainly on behavioral therapies",
        ),
        chrome=(
            "About Bright Harbor", "Admissions Process", "More From Our Blog",
            "Opioids and Teenagers", "Teenagers are exposed to pills", "Copyright Bright Harbor",
        ),
        meta={
            "title": "Signs a Loved One Is Misusing Prescription Stimulants",
            "author": "Priya Raman",
            "published": "2024-06-18",
            "modified": "2024-08-02",
            "canonical_url": "https://brightharbor.example/stimulant-misuse-signs/",
        },
        hints=(
            ("Free, confidential guidance for families.", "cta"),
            ("Free, confidential guidance for families.", "tel"),
            ("Contact Us", "button"),
        ),
    ),
    Page(
        "drupal_library.html",
        body=(
            "Buprenorphine",
            "Medically reviewed by Helen Park, MD",
            "What is buprenorphine?",
            "It is a partial opioid agonist",
            "It is usually taken as a film or tablet",
            "How to take it",
            "Treatment normally starts when a person is already in mild",
            "Common forms",
            "Sublingual film",
            "Weekly or monthly",
            "Possible side effects",
            "Constipation, headache, nausea",
            "if someone taking this medicine is very hard to wake",
            "This information does not replace the advice of a doctor.",
        ),
        chrome=(
            "Skip to main content", "Find a Doctor", "Locations & Hours", "Health Library",
            "Related topics", "Methadone", "Popular in the Library", "Anxiety Disorders",
            "nonprofit health network", "Nondiscrimination Notice", "We use cookies",
            "OK, I agree",
        ),
        meta={
            "title": "Buprenorphine",
            "published": "2022-02-14",
            "modified": "2025-03-03",
            "canonical_url": "https://health.valleymed.example/library/buprenorphine",
            "reviewer": "Helen Park, MD",
        },
        hints=(("Medically reviewed by Helen Park", "byline"),),
    ),
    Page(
        "squarespace.html",
        body=(
            "Sober Living Homes: What to Expect",
            "A sober living home is a shared house",
            "Most homes ask residents to stay sober",
            "Residents share meals and house duties.",
            "How Long People Stay",
            "There is no fixed length of stay.",
            "Before moving in, ask how the house handles a relapse",
            "Apply for a Bed",
            "Get Our Monthly Letter",
            "Marcus Bell has managed recovery residences",
        ),
        chrome=(
            "Now accepting residents", "Our Homes", "Apply Now", "Choosing an Outpatient Program",
            "Certified by the state recovery residence association", "uses cookies",
        ),
        meta={
            "title": "Sober Living Homes: What to Expect",
            "author": "Marcus Bell",
            "published": "2024-04-02T15:20:11-0700",
            "modified": "2024-04-09T11:02:45-0700",
            "canonical_url":
                "https://www.northwind-residences.example/journal/sober-living-what-to-expect",
        },
        hints=(
            ("Apply for a Bed", "button"),
            ("Get Our Monthly Letter", "form"),
            ("Marcus Bell has managed recovery residences", "author_bio"),
        ),
    ),
    Page(
        "wix_blog.html",
        body=(
            "Relapse Is Not Failure: Getting Back on Track",
            "Many people in recovery from alcohol or drug use return to using",
            "A return to use is a signal to adjust treatment",
            "Warning Signs Before a Relapse",
            "Relapse tends to start before the first drink",
            "Isolation and missed appointments",
            "Romanticizing past use",
            "What to Do Next",
            "Tell someone you trust as soon as possible",
            "Then look honestly at what led up to the lapse",
        ),
        chrome=(
            "Book Online", "Share via Facebook", "Share via LinkedIn", "Recent Posts",
            "Staying Sober Through the Holidays", "Family gatherings can be the hardest",
            "Proudly created with Wix",
        ),
        meta={
            "title": "Relapse Is Not Failure: Getting Back on Track",
            "author": "Alicia Moreno",
            "published": "2023-11-14T16:00:00.000Z",
            "modified": "2024-02-01T09:30:00.000Z",
            "canonical_url": "https://www.clearpathcounseling.example/post/relapse-is-not-failure",
        },
    ),
    Page(
        "amp_article.html",
        body=(
            "Can You Overdose on Gabapentin?",
            "By Samuel Osei",
            "Gabapentin is prescribed for nerve pain and seizures",
            "Taken together with opioids",
            "Signs of Too Much Gabapentin",
            "Extreme drowsiness, slurred speech",
            "People with kidney disease clear the drug more slowly",
        ),
        chrome=(
            "partners use cookies", "Accept all", "Health Topics", "Newsletters", "Menu",
            "Advertisement", "Read Next", "What Is Kratom?", "{{title}}",
            "For general information only",
        ),
        meta={
            "title": "Can You Overdose on Gabapentin?",
            "author": "Samuel Osei",
            "published": "2024-10-07T07:00:00-04:00",
            "modified": "2024-10-08T12:15:00-04:00",
            "canonical_url": "https://news.harborview.example/gabapentin-overdose-risk/",
        },
        hints=(("By Samuel Osei", "byline"),),
    ),
    Page(
        "split_body.html",
        body=(
            "Kratom Withdrawal: Symptoms and Support",
            "Written by Rebecca Lindqvist",
            "Kratom comes from the leaves of a Southeast Asian tree",
            "When a regular user stops, withdrawal can begin within a day.",
            "Common Symptoms",
            "Muscle aches and jerking movements",
            "Trouble sleeping",
            "Most physical symptoms ease within a week",
            "Getting Help",
            "There is no medicine approved specifically for kratom withdrawal",
            "Questions about kratom?",
            "If you or someone you love is struggling",
            "Sources",
            "Kratom DrugFacts",
            "FDA and kratom",
        ),
        chrome=(
            "Free confidential assessment", "Find a Location", "Treatment Options",
            "Advertisement", "accredited by the Joint Commission", "Terms of Use",
            "Call (866) 555-0150", "Insurance accepted", "Before You Leave",
            "free copy of our family guide", "Chat with an admissions specialist",
        ),
        meta={
            "title": "Kratom Withdrawal: Symptoms and Support",
            "author": "Rebecca Lindqvist",
            "published": "2024-07-22T09:00:00Z",
            "canonical_url": "https://www.cedarpoint-recovery.example/resources/kratom-withdrawal",
        },
        hints=(
            ("Questions about kratom?", "cta"),
            ("Questions about kratom?", "tel"),
            ("Written by Rebecca Lindqvist", "byline"),
        ),
        references=("Kratom DrugFacts", "FDA and kratom"),
    ),
    Page(
        "pharmacy_product.html",
        body=(
            "Acamprosate Calcium 333 mg Delayed-Release Tablets",
            "Generic drug",
            "Price for 180 tablets",
            "Quantity",
            "Add to Cart",
            "Overview",
            "Acamprosate helps people who have already stopped drinking",
            "It works best as part of a program",
            "Dosage",
            "Usual dose",
            "Two 333 mg tablets three times a day",
            "Moderate kidney impairment",
            "One 333 mg tablet three times a day",
            "Swallow the tablets whole",
            "Side Effects",
            "Diarrhea is the most common side effect.",
            "Frequently Asked Questions",
            "Does acamprosate stop withdrawal?",
            "It is meant for the period after withdrawal",
            "Can I take it with naltrexone?",
            "The two medicines are sometimes used together.",
            "Reviewed by Tomas Reyes, PharmD",
        ),
        chrome=(
            "Free shipping on orders", "Search medications", "Cart (0)", "All Medications",
            "Refills", "Customers Also Bought", "Pill Organizer", "licensed in all 50 states",
            "We use cookies", "Got it", "360 tablets",
        ),
        meta={
            "title": "Acamprosate Calcium 333 mg Delayed-Release Tablets",
            "modified": "2025-02-10",
            "canonical_url": "https://www.medlane-rx.example/drugs/acamprosate-333mg",
            "reviewer": "Tomas Reyes, PharmD",
        },
        hints=(("Add to Cart", "form"), ("Add to Cart", "button"),
               ("Reviewed by Tomas Reyes", "byline")),
    ),
    Page(
        "windows1252_mislabelled.html",
        body=(
            "Kinship Care When a Parent Is in Treatment",
            "By Colette Dubois – May 17, 2021",
            "This arrangement is called “kinship care,”",
            "Children may feel angry, worried or relieved — sometimes all at once.",
            "she’s safe.”",
            "Practical Steps for Caregivers",
            "Ask the parent to sign a short medical consent",
            "Café-style support groups",
        ),
        chrome=("Donate", "Family Bridge Network", "© 2021"),
        meta={
            "title": "Kinship Care When a Parent Is in Treatment",  # the suffix is not the h1
            "author": "Colette Dubois",
            "published": "2021-05-17",
            "canonical_url": "http://www.familybridge.example/resources/kinship-care.html",
        },
        hints=(("By Colette Dubois", "byline"),),
    ),
]

_GLUED = re.compile(r"[a-z]{2}[.!?][A-Z][a-z]")


@pytest.fixture(scope="module")
def articles() -> dict[str, Article]:
    return {p.name: load_html(f"cms/{p.name}") for p in PAGES}


def _ids(pages):
    return [p.name.removesuffix(".html") for p in pages]


@pytest.mark.parametrize("page", PAGES, ids=_ids(PAGES))
def test_blocks_tile_the_text(articles, page):
    assert_tiles(articles[page.name])


@pytest.mark.parametrize("page", PAGES, ids=_ids(PAGES))
def test_article_paragraphs_in_order(articles, page):
    text = articles[page.name].text
    pos = 0
    for phrase in page.body:
        found = text.find(phrase, pos)
        assert found != -1, f"{phrase!r} missing or out of order in {page.name}"
        pos = found + len(phrase)


@pytest.mark.parametrize("page", PAGES, ids=_ids(PAGES))
def test_no_chrome_in_the_body(articles, page):
    a = articles[page.name]
    leaked = [c for c in page.chrome if c in a.text]
    assert not leaked, f"chrome in the body of {page.name}: {leaked}"
    kept = [c for c in page.chrome if c in a.chrome_text]
    assert kept, "visible chrome is kept, marked as chrome"


@pytest.mark.parametrize("page", PAGES, ids=_ids(PAGES))
def test_sentences_never_glued(articles, page):
    glued = _GLUED.findall(articles[page.name].text)
    assert not glued, glued


@pytest.mark.parametrize("page", PAGES, ids=_ids(PAGES))
def test_metadata(articles, page):
    a = articles[page.name]
    for key, want in page.meta.items():
        got = a.meta.get(key) if key == "reviewer" else getattr(a, key)
        assert got == want, f"{key} of {page.name}"


@pytest.mark.parametrize("page", [p for p in PAGES if p.hints],
                         ids=_ids(p for p in PAGES if p.hints))
def test_in_body_parts_keep_their_hints(articles, page):
    a = articles[page.name]
    for phrase, hint in page.hints:
        blocks = [b for b in a.blocks if phrase in b.text]
        assert blocks, phrase
        assert any(hint in b.hints and b.region == "body" for b in blocks), (phrase, hint, blocks)


@pytest.mark.parametrize("page", [p for p in PAGES if p.references],
                         ids=_ids(p for p in PAGES if p.references))
def test_reference_lists(articles, page):
    a = articles[page.name]
    for phrase in page.references:
        block = next(b for b in a.blocks if phrase in b.text)
        assert block.region == "references", block


def test_inline_citation_links_keep_a_recognised_marker(articles):
    a = articles["wordpress_yoast.html"]
    index = build_index(a)
    page = PAGES[0]
    for phrase in page.cited:
        start = a.text.index(phrase)
        block = a.block_at(start)
        assert index.supports(start, start + len(phrase)), block
    # the uncited paragraph stays uncited: the marker is the reason, not the reference list
    start = a.text.index("The medicine comes as a daily tablet")
    assert not index.supports(start, start + 20)


def test_br_lines_are_separate_sentences(articles):
    a = articles["elementor.html"]
    first = next(b for b in a.blocks if "Medical detox is the first stage" in b.text)
    assert "addiction itself." in first.text
    assert "itself.A detox" not in a.text
    assert "discharge.Ask" not in a.text and "discharge. Ask" not in a.text.replace("\n", " ")


def test_lazy_images_and_noscript_add_no_text(articles):
    a = articles["squarespace.html"]
    assert "front porch" not in a.text and "data:image" not in a.text
    assert a.text.count("Residents share meals") == 1


def test_faq_answers_are_body(articles):
    for name, answer in (("wordpress_yoast.html", "Many programs suggest"),
                         ("pharmacy_product.html", "sometimes used together")):
        block = next(b for b in articles[name].blocks if answer in b.text)
        assert block.region == "body" and block.kind == "paragraph"


def test_hidden_modal_and_sticky_bar_are_chrome(articles):
    a = articles["split_body.html"]
    hidden = [b for b in a.chrome if "Before You Leave" in b.text]
    assert hidden and "hidden" in hidden[0].hints
    assert "Insurance accepted" in a.chrome_text


_PROSE = ("Counseling and medication together help many people stay in treatment longer, and "
          "families who take part in sessions often report fewer conflicts at home.")


def test_collapsed_faq_answers_are_body_but_hidden_dialogs_are_not():
    a = html(
        f"<body><article><p>{_PROSE}</p>"
        "<div class='faq-item'><button aria-expanded='false' aria-controls='ans1'>Is it covered?"
        "</button><div id='ans1' hidden>Most plans cover outpatient counseling.</div></div>"
        "<div class='accordion-body' style='display:none'>Visits last about an hour.</div>"
        "<div role='tabpanel' aria-hidden='true'>Group sessions meet weekly.</div>"
        "<button aria-controls='m1'>Open</button>"
        "<div id='m1' class='help-modal' aria-hidden='true'>Claim your free guide now.</div>"
        "<div role='dialog' hidden class='faq-popup'>Wait, before you go.</div>"
        "<div style='display:none'>cheap rehab near me</div>"
        "<dialog open><p>Chat with us now</p></dialog>"
        "<div class='box' aria-modal='true'><p>Your free assessment awaits</p></div>"
        "</article></body>"
    )
    assert_tiles(a)
    for answer in ("Most plans cover", "Visits last about", "Group sessions meet"):
        assert answer in a.text
    for hidden in ("Claim your free guide", "Wait, before you go", "cheap rehab near me",
                   "Chat with us now", "Your free assessment"):
        assert hidden not in a.text and hidden in a.chrome_text


def test_sentences_in_sibling_spans_get_a_space_but_words_do_not():
    a = html(f"<article><p>{_PROSE}</p><p><span>Call us today.</span><span>We answer fast."
             "</span> <b>W</b>ord by <i>U.S.</i>Army e.g.<em>Naltrexone</em></p></article>")
    assert "Call us today. We answer fast." in a.text
    assert "Word by U.S.Army e.g. Naltrexone" in a.text
    meta = html(f"<article><p>{_PROSE}</p><div class='m'><span>Ann Lee</span><time>May 2, 2024"
                "</time><span>5 min read</span></div><p>Mc<b>D</b>onald and ba<i>clo</i>fen"
                "</p></article>")
    assert "Ann Lee May 2, 2024 5 min read" in meta.text
    assert "McDonald and baclofen" in meta.text
    assert "Alicia Moreno Nov 14, 2023 4 min read" in load_html("cms/wix_blog.html").text


def test_superscripts_read_as_markers_only_after_words():
    a = html(f"<article><p>{_PROSE}<sup>4,5</sup></p><p>An area of 20 m<sup>2</sup> and 10"
             "<sup>6</sup> cells; already bracketed<sup>[7]</sup> stays.</p></article>")
    assert "home.[4,5]" in a.text
    assert "20 m2 and 106 cells" in a.text and "bracketed[7] stays" in a.text
    index = build_index(a)
    assert index.supports(0, 10)


def test_plugin_furniture_is_chrome():
    a = html(
        f"<body><div class='entry-content'><p>{_PROSE}</p>"
        "<div class='addtoany_share_save_container a2a_kit'><a href='#'>Share this post</a></div>"
        "<div id='lwptoc'><p>Contents of this page</p></div>"
        "<div class='ad'><p>Sponsored message here</p></div></div>"
        "<div id='CybotCookiebotDialog'><p>This website uses cookies</p></div>"
        "<div class='footer'><p>Site footer words</p></div>"
        "<div class='pum pum-overlay'><p>Download the family workbook</p></div></body>"
    )
    assert a.text == _PROSE
    for chrome in ("Share this post", "Contents of this page", "Sponsored message",
                   "uses cookies", "Site footer words", "family workbook"):
        assert chrome in a.chrome_text


def test_br_after_a_sentence_starts_a_block_but_a_wrapped_line_does_not():
    a = html(f"<article><p>{_PROSE}</p><div>First point here.<br>Second point here!<br>"
             "a line that<br>wraps on</div></article>")
    assert [b.text for b in a.blocks[1:]] == [
        "First point here.", "Second point here!", "a line that wraps on"]


@pytest.mark.parametrize("where", ["meta", "http"])
def test_utf8_page_labelled_latin1_reads_as_utf8(where):
    body = f"<p>{_PROSE} It’s a café — not a clinic.</p>"
    head = "<meta charset='iso-8859-1'>" if where == "meta" else ""
    data = f"<html><head>{head}</head><body>{body}</body></html>".encode()
    a = extract(Document("<t>", data, "html", encoding="latin-1" if where == "http" else None))
    assert "It’s a café — not a clinic." in a.text and "â€" not in a.text


def test_real_windows1252_bytes_still_read_as_windows1252():
    data = "<meta charset='utf-8'><p>It’s “quoted” – café</p>".encode("cp1252")
    a = extract(Document("<t>", data, "html"))
    assert a.text == "It’s “quoted” – café"


def test_accordion_questions_are_headings_not_calls_to_action(articles):
    a = articles["pharmacy_product.html"]
    for question in ("Does acamprosate stop withdrawal?", "Can I take it with naltrexone?"):
        block = next(b for b in a.blocks if b.text == question)
        assert block.kind == "heading" and block.level == 3 and "button" not in block.hints
    cart = next(b for b in a.blocks if b.text == "Add to Cart")
    assert "button" in cart.hints  # a real button stays one


def test_warning_callout_is_advice_but_a_cta_callout_is_not():
    a = load_html("cms/drupal_library.html")
    warning = next(b for b in a.blocks if "very hard to wake" in b.text)
    assert "cta" not in warning.hints and warning.region == "body"
    b = html(f"<article><p>{_PROSE}</p><div class='callout'><p>Admissions are open.</p></div>"
             "<div class='callout callout--note cta-box'><p>Beds available.</p></div></article>")
    assert all("cta" in x.hints for x in b.blocks[1:])


def test_jsonld_graph_references_resolve_to_names():
    graph = (
        '{"@context":"https://schema.org","@graph":[{"@type":"Article","headline":"H",'
        '"author":{"@id":"https://x.example/#/person/1"},"publisher":{"@id":"https://x.example/#o"},'
        '"reviewedBy":[{"@id":"https://x.example/#/person/2"}],"datePublished":"2024-01-02"},'
        '{"@type":"Person","@id":"https://x.example/#/person/1","name":"Lena Hart"},'
        '{"@type":"Person","@id":"https://x.example/#/person/2","name":"Omar Vance, MD"},'
        '{"@type":"Organization","@id":"https://x.example/#o","name":"Hart Clinic"}]}'
    )
    a = html(f"<html><head><script type='application/ld+json'>{graph}</script></head>"
             f"<body><article><p>{_PROSE}</p></article></body></html>")
    assert (a.author, a.published) == ("Lena Hart", "2024-01-02")
    assert a.meta["reviewer"] == "Omar Vance, MD" and a.meta["publisher"] == "Hart Clinic"
