"""Property tests: whatever the markup or text, offsets slice exactly and nothing crashes."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bacaudit.errors import InputProblem
from bacaudit.extract import extract
from bacaudit.models import Document
from extract_helpers import assert_tiles

TAGS = ["p", "div", "span", "a", "li", "ul", "ol", "h2", "h3", "blockquote", "td", "tr", "table",
        "article", "main", "nav", "footer", "aside", "form", "button", "label", "b", "em", "br",
        "section", "figcaption", "pre", "script", "style", "header"]
CLASSES = ["", "cta", "cookie-banner", "entry-content", "author-bio", "sidebar", "comments",
           "references", "btn", "byline", "related-posts"]
WORDS = st.sampled_from(
    ["Baclofen", "dose", "80 mg", "café", "“quoted”", "&amp;", "&lt;b&gt;", "  ", "\n", "\t",
     "\u00a0", "é", "References", "Sources", "Leave a Reply", "Smith J, Doe K. 2019;12(3):4-5.",
     "https://doi.org/10.1000/x", "tel", "<", ">", "\x00", "\x07", "\u200b", "By Ann Lee"]
)


@st.composite
def fragments(draw, depth: int = 0) -> str:
    if depth > 4 or draw(st.booleans()):
        return " ".join(draw(st.lists(WORDS, max_size=6)))
    tag = draw(st.sampled_from(TAGS))
    cls = draw(st.sampled_from(CLASSES))
    attrs = f' class="{cls}"' if cls else ""
    if tag == "a":
        attrs += draw(st.sampled_from([' href="/x"', ' href="tel:+15550100"', ' href="#"', ""]))
    inner = "".join(draw(st.lists(fragments(depth + 1), max_size=4)))
    comment = draw(st.sampled_from(["", "<!-- bacaudit: ignore BA301 -->", "<!-- note -->"]))
    closing = draw(st.sampled_from([f"</{tag}>", f"</{tag}>", ""]))  # sometimes left open
    return f"<{tag}{attrs}>{comment}{inner}{closing}"


settings.register_profile("extract", max_examples=100, deadline=None, derandomize=True,
                          database=None,
                          suppress_health_check=[HealthCheck.too_slow])


@settings(settings.get_profile("extract"))
@given(st.lists(fragments(), min_size=1, max_size=5), st.sampled_from(["utf-8", None, "latin-1"]))
def test_random_html_always_tiles(parts, encoding):
    page = "<html><body>" + "".join(parts)
    doc = Document("<random>", page.encode("utf-8"), "html", encoding=encoding,
                   url="https://example.org/a/")
    try:
        article = extract(doc)
    except InputProblem as exc:
        assert exc.reason == "no readable text"
        return
    assert_tiles(article)


@settings(settings.get_profile("extract"))
@given(st.binary(max_size=400))
def test_random_bytes_never_crash_either_extractor(data):
    for kind in ("html", "text"):
        try:
            article = extract(Document("<bytes>", data, kind))  # type: ignore[arg-type]
        except InputProblem:
            continue
        assert_tiles(article)


LINES = st.sampled_from(
    ["# Heading", "Title Case Heading", "CITATIONS", "• bullet item", "- dash item",
     "1. numbered item", "A normal sentence that ends with a period.", "continues in lower case",
     "https://www.ncbi.nlm.nih.gov/pmc/articles/PMC1/", "[link](https://x.org/a) text",
     "**bold** words", "> quoted", "```", "---", "", "   ", "Leave a Reply", "About the Author",
     "Smith J, Doe K. Title. J Med. 2019;1(2):3-4.", "\t\ttabbed  words", "é “curly” text",
     "<!-- bacaudit: ignore BA301 -->", "<!-- note -->"]
)


@settings(settings.get_profile("extract"))
@given(st.lists(LINES, max_size=30), st.sampled_from(["\n", "\r\n", "\r"]))
def test_random_text_always_tiles(lines, newline):
    doc = Document("<text>", newline.join(lines).encode("utf-8"), "text")
    try:
        article = extract(doc)
    except InputProblem as exc:
        assert exc.reason == "no readable text"
        return
    assert_tiles(article)
    assert all(not b.text.startswith(("• ", "- ")) for b in article.blocks if b.kind != "code")
