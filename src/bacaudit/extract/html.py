"""HTML -> Article: one walk over the lxml tree that emits blocks with exact offsets.

How the page is split:
- The main content root is the best of `<article>`, `[itemprop=articleBody]`, common content
  classes (entry-content, post-content, article-body ...) and `<main>`/`[role=main]`, in that
  order of preference, provided it holds most of the page's prose (paragraphs, and long text
  runs in the `<div>`s and `<span>`s of page builders); else `<body>`.
- Inside the root is "body", except page furniture found by tag, role or class (nav,
  breadcrumbs, share bars, related posts, cookie banners, sidebars, tables of contents), which
  goes to chrome. Outside the root is chrome, except comment sections ("comments" region,
  wherever they sit) and a page's h1 or byline that sits just above the root.
- In-article calls to action, forms and author boxes stay in the body and carry `Block.hints`.
- Hidden elements are chrome, except collapsed FAQ/tab panels a visible control opens.
- A superscript citation number becomes "[3]", a `<br>` after a sentence starts a new block, and
  sentences or items in adjacent elements get a space, so nothing reads as one glued word.
- A `<!-- bacaudit: ignore CODES -->` comment covers the next block; when the comment is the
  first thing inside an element, it covers every block of that element.
- Scripts, styles, templates, SVG and frames are dropped unread: nothing is ever executed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
from urllib.parse import urljoin

import lxml.etree
import lxml.html

from ..errors import InputProblem
from ..models import Article, Block, Document
from .builder import Piece, Suppressions, TextBuilder, parse_ignore
from .content import PageStats, best_container, link_list, measure, siblings, wrapper
from .encoding import clean_text, decode
from .hints import text_hints
from .metadata import extract_metadata
from .nesting import parse_document
from .references import REFERENCE_CONTAINER, is_reference_heading, looks_like_citation

SKIP_TAGS = {
    "script", "style", "noscript", "template", "svg", "math", "iframe", "frame", "frameset",
    "object", "embed", "canvas", "head", "title", "meta", "link", "base", "select", "textarea",
    "audio", "video", "source", "track", "map", "area", "picture", "datalist", "option", "param",
}
OWN_KIND = {
    "h1": "heading", "h2": "heading", "h3": "heading", "h4": "heading", "h5": "heading",
    "h6": "heading", "li": "list_item", "blockquote": "quote", "td": "table_cell",
    "th": "table_cell", "caption": "caption", "figcaption": "caption", "pre": "code",
    "button": "other", "label": "other", "legend": "other",
}
INHERITED_KINDS = {"list_item", "quote", "table_cell", "caption", "code"}
BLOCK_TAGS = set(OWN_KIND) | {
    "p", "div", "section", "article", "main", "aside", "header", "footer", "nav", "form",
    "fieldset", "figure", "table", "tr", "tbody", "thead", "tfoot", "ul", "ol", "dl", "dt", "dd",
    "details", "summary", "body", "html", "center", "hgroup", "hr", "menu", "dialog", "address",
}
SPILL_TAGS = {"p", "ul", "ol", "dl", "table", "blockquote", "pre", "figure", "h2", "h3", "h4",
              "h5", "h6"}
CONTENT_CLASSES = re.compile(
    r"^(?:entry-content|post-content|article-content|article-body|articlebody|post-body"
    r"|content-body|blog-content|blog-post|single-content|post-entry|td-post-content"
    r"|article__body|article__content|c-article-body|story-body|rich-text|main-content"
    r"|page-content|post__content|entry__content|single-post-content|the-content)$"
)

_T = r"(?:^|[-_])"
_E = r"(?:$|[-_])"
CHROME_CLASSES = re.compile(
    rf"{_T}(?:nav|navbar|navigation|menu|menubar|breadcrumbs?|cookies?|consent|gdpr|cmplz|"
    r"share|sharing|sharedaddy|social-share|social-links|social-icons|social-media|socials|"
    r"sidebar|widget-area|related|yarpp|jp-relatedposts|modal|popup|toc|ez-toc|"
    r"table-of-contents|masthead|colophon|pagination|post-navigation|nav-links|skip-link|"
    r"screen-reader-text|sr-only|visually-hidden|site-header|site-footer|global-header|global-footer|footer-widgets|"
    r"newsletter-popup|exit-intent|announcement-bar|topbar|top-bar|search-form|"
    # blog grids, ad slots, sticky bars and page-builder header/footer/popup templates
    r"recent-posts|recent-articles|more-posts|read-next|ad|ads|adsbygoogle|advert|advertisement|"
    r"ad-slot|ad-unit|sticky|sticky-bar|sticky-cta|floating-cta|location-header|location-footer|"
    r"location-popup|lwptoc|addtoany|a2a|a2a_kit|swp_social_panel|sharethis|shared-counts|"
    r"rp4wp|cookiebot|cybotcookiebotdialog|onetrust-banner-sdk|pum|pum-overlay|popmake|"
    # taxonomy links under a post ("Posted in ...", "Tagged ...")
    rf"cat-links|tags-links|tag-links|post-tags|post-categories|entry-categories|entry-tags){_E}"
)
# Collapsed accordion, FAQ and tab panels are hidden until a reader opens them: still the article.
PANEL_CLASSES = re.compile(
    rf"{_T}(?:accordion|faq|faqs|collapse|collapsible|toggle|tab-content|tab-pane|tabpanel|"
    rf"panel|answer|faq-answer|schema-faq-answer){_E}"
)
WARNING_CLASSES = re.compile(
    rf"{_T}(?:warning|warn|alert|caution|danger|important|safety|note|info|tip|notice){_E}"
)
_CALLOUT = re.compile(r"call-?out")
# Hints that keep a block in the article even when it is mostly links (a CTA box, a byline).
KEEP_HINTS = frozenset({"cta", "form", "author_bio", "byline", "disclaimer", "comment_form"})
# A whole-page footer named plainly ("footer", "site_footer", "main-footer"): never the article's.
FOOTER_CLASSES = re.compile(r"^(?:(?:site|page|main|global|blog)[-_]?)?footer$")
# Custom elements that are page furniture whatever they hold (AMP ads, consent, menus).
CHROME_TAGS = {"amp-ad", "amp-embed", "amp-sticky-ad", "amp-consent", "amp-sidebar",
               "amp-user-notification", "amp-analytics", "amp-list", "dialog"}
COMMENT_CLASSES = re.compile(
    r"^(?:comments?|comment-list|commentlist|comments-area|comments-section|comment-section"
    r"|comment-respond|respond|disqus_thread|wpdiscuz.*|comment-form|commentform|reply-form"
    r"|comments-wrapper|fb-comments)$"
)
COMMENT_FORM_CLASSES = re.compile(
    r"^(?:comment-respond|respond|comment-form|commentform|reply-form|wpdiscuz-form.*)$"
)
CTA_CLASSES = re.compile(
    rf"{_T}(?:cta|ctas|call-to-action|calltoaction|callout|call-out|banner-cta|get-help|gethelp|"
    r"promo|promotion|helpline|hotline|admissions|contact-box|help-box|phone-box|call-box|"
    rf"call-now|callnow){_E}"
)
AUTHOR_CLASSES = re.compile(
    rf"{_T}(?:author-bio|about-author|about-the-author|author-box|authorbox|author-info|"
    rf"author-card|author-description|bio|author-profile|saboxplugin-wrap|abh_box|"
    rf"post-author|entry-author-box){_E}"
)
BYLINE_CLASSES = re.compile(
    rf"{_T}(?:byline|post-meta|entry-meta|article-meta|meta-author|posted-by|written-by|"
    rf"reviewed-by|medically-reviewed|reviewer|article-info|post-info){_E}"
)
DISCLAIMER_CLASSES = re.compile(rf"{_T}(?:disclaimer|medical-disclaimer){_E}")
# Photo captions and credits marked by class rather than <figcaption> (galleries, embeds).
CAPTION_CLASSES = re.compile(r"caption|(?:^|[-_])(?:photo|image|media|img)?-?credits?(?:$|[-_])")
BUTTON_CLASSES = re.compile(rf"{_T}(?:btn|button|wp-block-button__link){_E}")
_WRAPPER = re.compile(r"content|article|entry|post-body")
CHROME_ROLES = {"navigation", "banner", "contentinfo", "search", "dialog", "alertdialog", "menu",
                "menubar", "toolbar"}
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_FIXED_STYLE = re.compile(r"position\s*:\s*fixed", re.I)
# A superscript that is a citation number ("3", "2,5", "4-6"); written as "[3]" so that it
# reads as a marker instead of gluing to the word before it ("altogether.3").
_SUP_CITATION = re.compile(r"^\s*\d{1,3}(?:\s*[,–-]\s*\d{1,3})*\s*$")
_UNIT_BEFORE = re.compile(r"(?:^|[^A-Za-z])(?:m|cm|mm|km|ft|in|m/s|kg/m)$")
_SENTENCE_GLUE = re.compile(r"[a-z][.!?]$")
_WORD_GLUE = re.compile(r"[a-z0-9]$")
_CAPITALISED = re.compile(r"[A-Z][a-z]")
_ITEM_TAGS = frozenset({"span", "time"})
_SENTENCE_END = re.compile(r"[.!?][\"'”’)]?\s*$")
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>", re.I)
# bounded, so "<title<title<title..." without a ">" is not rescanned to the end from each "<"
_TITLE_OPEN = re.compile(r"<title\b[^<>]{0,2000}>", re.I)
_TITLE_CLOSE = re.compile(r"</title\s*>", re.I)


@dataclass(frozen=True, slots=True)
class Ctx:
    """What an element passes on to its descendants."""

    kind: str = "paragraph"
    level: int | None = None
    region: str = "chrome"
    hard: bool = False  # chrome that nothing inside can leave
    in_root: bool = False
    refs: bool = False  # inside a references container
    hints: frozenset[str] = frozenset()


def _tokens(el) -> tuple[str, ...]:
    attrs = (el.get("class"), el.get("id"), el.get("data-hook"))
    if attrs == (None, None, None):
        return ()
    return _split(" ".join(a for a in attrs if a))


@lru_cache(maxsize=8192)
def _split(names: str) -> tuple[str, ...]:
    return tuple(names.lower().split())


def _matches(pattern: re.Pattern[str], tokens: tuple[str, ...]) -> bool:
    return bool(tokens) and _search(pattern, tokens)


def _fullmatch(pattern: re.Pattern[str], tokens: tuple[str, ...]) -> bool:
    return bool(tokens) and _match(pattern, tokens)


# Pages repeat the same class lists hundreds of times: each pattern meets each list once.
@lru_cache(maxsize=32768)
def _search(pattern: re.Pattern[str], tokens: tuple[str, ...]) -> bool:
    return any(pattern.search(t) for t in tokens)


@lru_cache(maxsize=32768)
def _match(pattern: re.Pattern[str], tokens: tuple[str, ...]) -> bool:
    return any(pattern.match(t) for t in tokens)


def _hidden(el) -> bool:
    return (
        el.get("hidden") is not None
        or (el.get("aria-hidden") or "").lower() == "true"
        or bool(_HIDDEN_STYLE.search(el.get("style") or ""))
    )


def _glued(before: str, text: str, item_boundary: bool) -> bool:
    """Would `text` run into the text before it with no space, across an element boundary?"""
    if _SENTENCE_GLUE.search(before):
        return text[0].isupper()
    if _WORD_GLUE.search(before):
        return bool(_CAPITALISED.match(text)) or (item_boundary and text[0].isalnum())
    return False


def _warning_box(tokens: tuple[str, ...]) -> bool:
    """A callout styled as a safety warning or note ("callout callout--warning"): the article's
    own advice, not a sales box, unless a class names a call to action outright."""
    return _matches(WARNING_CLASSES, tokens) and not _matches(
        CTA_CLASSES, tuple(t for t in tokens if not _CALLOUT.search(t))
    )


def _disclosure(el, tokens: tuple[str, ...]) -> bool:
    """A button that opens a panel of the page (an FAQ question, a tab): not a call to action."""
    return (
        el.get("aria-expanded") is not None
        or bool(el.get("aria-controls"))
        or _matches(PANEL_CLASSES, tokens)
    )


def _close_title(text: str) -> str:
    """An unclosed <title> would swallow the whole page as its text: close it at the next tag."""
    m = _TITLE_OPEN.search(text)
    if m and not _TITLE_CLOSE.search(text, m.end()):
        nxt = text.find("<", m.end())
        if nxt != -1:
            return text[:nxt] + "</title>" + text[nxt:]
    return text


def parse_html(text: str):
    """lxml tree of untrusted markup; None when there is nothing to parse.

    libxml2's default limits stay on (nesting depth 256); a page nested deeper is flattened
    and parsed again rather than cut off (see nesting.py).
    """
    text = _close_title(_XML_DECL.sub("", text, count=1))
    if not text.strip():
        return None
    return parse_document(text)


def find_root(body, *, strict: bool = True, page: PageStats | None = None):
    """The element that holds the article (see the module docstring)."""
    root, _, _ = _choose_root(body, strict=strict, page=page)
    return root


def _choose_root(body, *, strict: bool, page: PageStats | None) -> tuple[object, list, object]:
    """The article's element and the siblings that continue it.

    Two opinions: the page's own markup (`<article>`, articleBody, content classes, `<main>`)
    and the text statistics (`content.best_container`). When one holds the other and they
    share most of the prose, the markup wins (it keeps the headline and byline in); else the
    statistics do.
    """
    if not strict:
        return body, [], None
    page = page or measure(body)
    total = page.of(body).ptext
    if total == 0:
        return body, [], None
    semantic = _semantic_root(body, total, page)
    top, final = best_container(body, page)
    if top is None:
        return semantic, [], None
    root = top
    if semantic is not body and semantic is not top:
        if _is_ancestor(semantic, top):
            if page.of(top).ptext >= 0.6 * page.of(semantic).ptext:
                root = semantic
        elif _is_ancestor(top, semantic) and page.of(semantic).ptext >= 0.85 * page.of(top).ptext:
            root = semantic
    outer = wrapper(root, page)
    score = max(final.get(outer, 0), final.get(root, 0), final.get(page.best, 0))
    return root, siblings(outer, final, page, score), top


def _semantic_root(body, total: int, page: PageStats):
    groups = [
        [a for a in body.iter("article")],
        body.xpath(".//*[@itemprop='articleBody']"),
        [e for e in body.xpath(".//*[@class or @id or @data-hook]")
         if _fullmatch(CONTENT_CLASSES, _tokens(e))],
        body.xpath(".//main|.//*[@role='main']"),
    ]
    for group in groups:
        # the element with the most prose that no furniture holds
        for score, _, e in sorted(
            ((page.of(e).ptext, i, e) for i, e in enumerate(group)), key=lambda x: (-x[0], x[1])
        ):
            if score < 0.5 * total or score <= 0:
                break
            if not _in_hard_chrome(e):
                return e
    return body


def _call_to_action(el) -> bool:
    """One or two links that are buttons, phone links or a form: a call to action, which stays
    visible in the body (hinted), not a list of links."""
    links = 0
    action = False
    for d in el.iter("a", "button", "form", "input"):
        if d.tag == "a":
            links += 1
            if links > 2:
                return False
            href = (d.get("href") or "").lower()
            if href.startswith("tel:") or _matches(BUTTON_CLASSES, _tokens(d)) or _matches(
                CTA_CLASSES, _tokens(d)
            ):
                action = True
        else:
            action = True
    return action or any(_matches(CTA_CLASSES, _tokens(d)) for d in el.iter()
                         if isinstance(d.tag, str))


def _is_ancestor(anc, el) -> bool:
    return any(a is anc for a in el.iterancestors())


def _in_hard_chrome(el) -> bool:
    for a in el.iterancestors():
        if a.tag in ("nav", "aside") or (a.tag in ("header", "footer") and not _has_article(a)):
            return True
        if _matches(CHROME_CLASSES, _tokens(a)):
            return True
    return False


def _has_article(el) -> bool:
    return any(a.tag == "article" for a in el.iterancestors())


@dataclass
class _Walker:
    root: object
    base_url: str | None
    strict: bool = True
    body: TextBuilder = field(default_factory=TextBuilder)
    chrome: TextBuilder = field(default_factory=TextBuilder)
    sup: Suppressions = field(default_factory=Suppressions)
    piece: Piece = field(default_factory=Piece)
    piece_hints: set[str] = field(default_factory=set)
    current: Ctx = field(default_factory=Ctx)
    root_ancestors: set = field(default_factory=set)
    root_has_h1: bool = False
    promoted_h1: bool = False
    ref_level: int | None = None  # inside a section opened by a references heading
    ref_parent: object = None
    last_br: bool = False
    _current_el: object = None  # the element whose block is being collected
    _covered: set = field(default_factory=set)  # ignore-comments already applied to a parent

    spill: set = field(default_factory=set)
    item_boundary: bool = False  # between two adjacent <span>/<time> siblings
    controlled: set | None = None  # ids named by aria-controls, read on first need
    page: PageStats | None = None  # text and link statistics, for link lists inside the root
    extra: list = field(default_factory=list)  # siblings of the root that continue the article
    top: object = None  # the container the text statistics chose (inside or equal to the root)
    protected: set = field(default_factory=set)  # it and its ancestors: never furniture

    def __post_init__(self) -> None:
        self.root_ancestors = set(self.root.iterancestors())
        for el in (self.top, self.page.best if self.page else None):
            if el is not None:
                self.protected.update((el, *el.iterancestors()))
        self.root_has_h1 = next(self.root.iter("h1"), None) is not None
        self.spill = set()
        if self.root.tag != "body":
            # A stray closing tag inside the article ends the root early: bare paragraphs
            # right after it are the rest of the article, not page furniture.
            self.spill.add(self.root)
            self.spill.update(self.extra)
            for sib in self.root.itersiblings():
                if not isinstance(sib.tag, str):
                    continue
                if sib.tag not in SPILL_TAGS or _tokens(sib):
                    break
                self.spill.add(sib)

    # -- context ------------------------------------------------------------------------------

    def context_for(self, el, tag: str, parent: Ctx) -> Ctx:
        # An element that holds the whole article is no call to action, form or bio box
        # (ASP.NET pages wrap everything in one <form>).
        tokens = () if el is self.root or el in self.protected else _tokens(el)
        hints = set(parent.hints)
        kind, level = parent.kind, None
        disclosure = tag == "button" and _disclosure(el, tokens)
        if disclosure:
            kind, level = parent.kind, parent.level  # an FAQ question in <h3><button>
        elif tag in OWN_KIND:
            kind = OWN_KIND[tag]
            level = int(tag[1]) if kind == "heading" else None
        elif tag in BLOCK_TAGS and parent.kind not in INHERITED_KINDS:
            kind = "paragraph"
        elif parent.kind == "heading":
            kind, level = "heading", parent.level
        if tag == "figcaption" or _matches(CAPTION_CLASSES, tokens):
            hints.add("figcaption")
        if tag == "form" and el not in self.protected:
            hints.add("form")
        if (tag == "button" and not disclosure) or (
            tag in ("a", "input", "div") and _matches(BUTTON_CLASSES, tokens)
        ):
            hints.add("button")
        if _matches(CTA_CLASSES, tokens) and not _warning_box(tokens):
            hints.add("cta")
        if _matches(AUTHOR_CLASSES, tokens):
            hints.add("author_bio")
        if _matches(BYLINE_CLASSES, tokens):
            hints.add("byline")
        if _matches(DISCLAIMER_CLASSES, tokens):
            hints.add("disclaimer")
        if _fullmatch(COMMENT_FORM_CLASSES, tokens):
            hints.add("comment_form")
        refs = parent.refs or bool(tokens and _fullmatch(REFERENCE_CONTAINER, tokens))
        ctx = Ctx(kind, level, parent.region, parent.hard, parent.in_root, refs, frozenset(hints))
        if parent.hard:
            return ctx
        if el is self.root or (el in self.spill and not _hidden(el)):
            return replace(ctx, region="body", in_root=True)
        is_ancestor = el in self.root_ancestors or el in self.protected
        if (
            not is_ancestor
            and _hidden(el)
            and not self._collapsed_panel(el, tokens)
            and not self._holds_article(el)
        ):
            return replace(ctx, region="chrome", hard=True, hints=ctx.hints | {"hidden"})
        if not is_ancestor and self._is_chrome(el, tag, tokens, parent):
            return replace(ctx, region="chrome", hard=True)
        if _fullmatch(COMMENT_CLASSES, tokens) and not is_ancestor:
            return replace(ctx, region="comments")
        if parent.region == "comments":
            return ctx
        if parent.in_root:
            if (
                self.page is not None
                and not is_ancestor
                and not ctx.hints & KEEP_HINTS
                and not ctx.refs
                and link_list(el, self.page)
                and not _call_to_action(el)
            ):
                return replace(ctx, region="chrome", hard=True, hints=ctx.hints | {"link_list"})
            if tag == "aside" or (el.get("role") or "").lower() == "complementary":
                return replace(ctx, hints=ctx.hints | {"aside"})
            if tag == "footer" and not is_ancestor:
                # An article's own footer: tags, share bars, comment policy, a bio.
                return replace(ctx, hints=ctx.hints | {"footer"})
            return ctx
        if not is_ancestor and not self.root_has_h1 and tag == "h1" and not self.promoted_h1:
            self.promoted_h1 = True
            return replace(ctx, region="body", in_root=True)
        if not is_ancestor and "byline" in ctx.hints and "byline" not in parent.hints:
            return replace(ctx, region="body", in_root=True)
        return replace(ctx, region="chrome")

    def _holds_article(self, el) -> bool:
        """A hidden block holding most of the article's paragraphs is the article (a body that
        a script reveals, or one behind a paywall), not a hidden popup."""
        if self.page is None:
            return False
        mine = self.page.of(el).prose
        return mine >= 500 and mine >= 0.5 * self.page.of(self.root).prose

    def _collapsed_panel(self, el, tokens: tuple[str, ...]) -> bool:
        """A hidden FAQ answer or tab that a visible control opens (aria-controls, a panel role
        or an accordion class); a dialog or popup is never one."""
        if (el.get("role") or "").lower() in ("dialog", "alertdialog"):
            return False
        if _matches(CHROME_CLASSES, tokens):
            return False
        if self.controlled is None:
            tree = self.root.getroottree()
            self.controlled = {i for v in tree.xpath("//@aria-controls") for i in str(v).split()}
        return (
            (el.get("role") or "").lower() in ("tabpanel", "region")
            or _matches(PANEL_CLASSES, tokens)
            or (el.get("id") or "") in self.controlled
        )

    def _is_chrome(self, el, tag: str, tokens: tuple[str, ...], parent: Ctx) -> bool:
        role = (el.get("role") or "").lower()
        if tag == "nav" or role in CHROME_ROLES or tag in CHROME_TAGS or (
            (el.get("aria-modal") or "").lower() == "true"
        ):
            return True
        if _fullmatch(FOOTER_CLASSES, tokens) or _FIXED_STYLE.search(el.get("style") or ""):
            return True  # a page footer, or a bar or overlay pinned over the page
        if tag in ("header", "footer"):
            return not _has_article(el) and not (parent.in_root and self.root.tag != "body")
        if tag == "aside" or role == "complementary":
            return not (parent.in_root and self.root.tag != "body") or _matches(
                CHROME_CLASSES, tokens
            )
        if not self.strict:
            return any(k in t for t in tokens for k in ("cookie", "consent", "gdpr"))
        # "content-sidebar-wrap" (Genesis) wraps the article too: such wrapper names are not chrome.
        return _matches(CHROME_CLASSES, tuple(t for t in tokens if not _WRAPPER.search(t)))

    # -- emitting -----------------------------------------------------------------------------

    def flush(self) -> None:
        ctx = self.current
        piece = self.piece
        if piece.size == 0:
            self.piece_hints.clear()
            return
        hints = set(ctx.hints) | self.piece_hints
        self.piece_hints = set()
        if ctx.region == "chrome":
            self.chrome.add_piece(piece, ctx.kind, region="chrome", level=ctx.level,
                                  hints=frozenset(hints))
            piece.clear()
            return
        raw = "".join(piece.parts)
        if not raw.strip():
            piece.clear()
            return
        kind, region, level = ctx.kind, ctx.region, ctx.level
        preview = " ".join(raw.split())
        hints |= text_hints(preview)
        if region == "body":
            region, kind = self._references(preview, kind, level, hints, ctx)
        block = self.body.add_piece(piece, kind, region=region, level=level,
                                    hints=frozenset(hints))
        piece.clear()
        if block is not None:
            self.sup.block_added(block)

    def _references(self, text: str, kind: str, level: int | None, hints: set[str], ctx: Ctx):
        if kind == "heading" and self.ref_level is not None and (level or 9) <= self.ref_level:
            self.ref_level = self.ref_parent = None
        if hints & {"cta", "form", "author_bio", "comment_form"}:
            self.ref_level = self.ref_parent = None
        if kind == "heading" and is_reference_heading(text):
            self.ref_level = level or 6
            self.ref_parent = self._current_el.getparent() if self._current_el is not None else None
            return "references", kind
        if self.ref_level is not None or ctx.refs:
            if kind == "list_item" or looks_like_citation(text):
                return "references", "citation"
            if kind == "paragraph" and len(text.split()) >= 12 and not ctx.refs:
                self.ref_level = self.ref_parent = None  # prose again: the list has ended
                return "body", kind
            return "references", kind
        return "body", kind

    def text(self, s: str | None) -> None:
        if s:
            s = clean_text(s)
            if s.strip():
                self.last_br = False
                if self.piece.size and _glued(self._tail(4), s, self.item_boundary):
                    # "<span>One.</span><span>Two.</span>", "<span>Ann Lee</span><time>May":
                    # items a theme lays out apart, which would otherwise read as one word
                    self.piece.add(" ")
                self.item_boundary = False
            self.piece.add(s)

    def walk(self, el, ctx: Ctx) -> None:
        tag = el.tag
        if not isinstance(tag, str):
            if tag is lxml.etree.Comment:
                self.comment(el, ctx)
            return
        tag = tag.lower()
        if tag in SKIP_TAGS:
            return
        if tag == "br":
            if self.last_br or self._sentence_ended():
                self.flush()  # a blank line, or lines that are each a sentence: new blocks
            else:
                self.piece.add("\n")
            self.last_br = True
            return
        if tag == "input":
            self.input(el, ctx)
            return
        if ctx.hard:
            self._walk_chrome(el, tag, ctx)
            return
        if tag not in BLOCK_TAGS and not self.current.hard and _hidden(el):
            return  # hidden inline text is not what a reader sees
        new = self.context_for(el, tag, ctx)
        block = tag in BLOCK_TAGS or new.region != self.current.region
        if block:
            self.flush()
            saved, saved_el = self.current, self._current_el
            self.current, self._current_el = new, el
        link_start = None
        if tag == "a":
            href = (el.get("href") or "").strip()
            if href.lower().startswith("tel:"):
                self.piece_hints.add("tel")
            if "button" in new.hints and "button" not in ctx.hints:
                self.piece_hints.add("button")
            if (
                href
                and new.region != "chrome"
                and not href.lower().startswith(("javascript:", "data:", "#"))
            ):
                link_start = (self.piece.gen, self.piece.size, self._resolve(href), el.get("rel"))
        cover_from = None
        first = self._first_comment(el)
        if first is not None:
            cover_from = (first, self.body.length)
        bracket = tag == "sup" and self._citation_sup(el)
        if bracket:
            self.text("[")
        self.text(el.text)
        prev = None
        for child in el:
            if prev is not None and not prev.tail and _ITEM_TAGS.issuperset((prev.tag, child.tag)):
                self.item_boundary = True
            prev = child
            self.walk(child, new)
            if child.tail and child in self.spill:
                self.flush()
                saved_tail = self.current
                self.current = replace(new, region="body", in_root=True, kind="paragraph")
                self.text(child.tail)
                self.flush()
                self.current = saved_tail
            else:
                self.text(child.tail)
        if bracket:
            self.text("]")
        if link_start is not None:
            gen, start, href, rel = link_start
            if gen == self.piece.gen:
                self.piece.mark_link(start, href, rel)
        if block:
            self.flush()
            self.current, self._current_el = saved, saved_el
            if self.ref_parent is not None and el is self.ref_parent:
                self.ref_level = self.ref_parent = None
        if cover_from is not None:
            codes, start = cover_from
            self.flush()
            self.sup.cover(codes, start + (2 if start else 0), self.body.length)

    def _walk_chrome(self, el, tag: str, ctx: Ctx) -> None:
        """Inside page furniture nothing can return to the article: read the text and split
        it into blocks by tag, without class, hint or link analysis (most of a page's markup
        is furniture, so this is where the time goes)."""
        block = tag in BLOCK_TAGS
        if block:
            self.flush()
            saved, saved_el = self.current, self._current_el
            kind = OWN_KIND.get(tag)
            if kind is None:
                kind = ctx.kind if ctx.kind in INHERITED_KINDS else "paragraph"
            level = int(tag[1]) if kind == "heading" else None
            self.current = Ctx(kind, level, "chrome", True, False, False, ctx.hints)
            self._current_el = el
        inner = self.current if block else ctx
        if tag == "a" and (el.get("href") or "").lstrip().lower().startswith("tel:"):
            self.piece_hints.add("tel")  # a phone number in the header is still marketing
        self.text(el.text)
        for child in el:
            self.walk(child, inner)
            self.text(child.tail)
        if block:
            self.flush()
            self.current, self._current_el = saved, saved_el

    def _tail(self, n: int = 40) -> str:
        out = ""
        for part in reversed(self.piece.parts):
            out = part + out
            if len(out) >= n:
                break
        return out

    def _sentence_ended(self) -> bool:
        return bool(_SENTENCE_END.search(self._tail()))

    def _citation_sup(self, el) -> bool:
        """A superscript number right after a word or punctuation: a citation marker."""
        if not _SUP_CITATION.match(el.text_content()):
            return False
        before = self._tail().rstrip()
        return bool(before) and not before[-1].isdigit() and not _UNIT_BEFORE.search(before)

    def _first_comment(self, el) -> tuple[str, ...] | None:
        """Codes of a `bacaudit: ignore` comment that is the first thing inside `el`."""
        if (el.text or "").strip() or not len(el):
            return None
        child = el[0]
        if child.tag is lxml.etree.Comment:
            codes = parse_ignore(child.text or "")
            if codes is not None:
                self._covered.add(child)
                return codes
        return None

    def comment(self, el, ctx: Ctx) -> None:
        if el in self._covered:
            return
        codes = parse_ignore(el.text or "")
        if codes is not None:
            self.flush()
            self.sup.waiting_next.append(codes)

    def input(self, el, ctx: Ctx) -> None:
        kind = (el.get("type") or "text").lower()
        value = (el.get("value") or "").strip()
        if kind in ("submit", "button") and value:
            self.flush()
            saved = self.current
            self.current = replace(self.context_for(el, "input", ctx), kind="other")
            self.piece_hints.add("button")
            self.text(value)
            self.flush()
            self.current = saved

    def _resolve(self, href: str) -> str:
        if self.base_url:
            try:
                return urljoin(self.base_url, href)
            except ValueError:
                return href
        return href


def _base_url(tree, document: Document) -> str | None:
    base = next((b.get("href") for b in tree.iter("base") if b.get("href")), None)
    page = document.url
    if base:
        return urljoin(page, base) if page else base if "://" in base else page
    return page


def extract_html(document: Document) -> Article:
    raw, _ = decode(document.content, document.encoding, html=True)
    text = clean_text(raw)
    tree = parse_html(text)
    if tree is None:
        raise InputProblem(document.source, "no readable text")
    md = extract_metadata(tree, document.url)
    base = _base_url(tree, document) or md.canonical_url
    body = tree.body if tree.find(".//body") is not None else tree
    walker = _run(body, base, strict=True)
    if len(walker.body.text) < 80 and len(walker.chrome.text) > 2 * len(walker.body.text):
        lenient = _run(body, base, strict=False)
        if len(lenient.body.text) > len(walker.body.text):
            walker = lenient
    body_text = walker.body.text
    if not body_text and not walker.chrome.text:
        raise InputProblem(document.source, "no readable text")
    blocks = walker.body.blocks
    _finish_references(blocks)
    title = md.title or next((b.text for b in blocks if b.kind == "heading"), None)
    return Article(
        source=document.source,
        text=body_text,
        blocks=blocks,
        kind="html",
        title=title,
        author=md.author,
        published=md.published,
        modified=md.modified,
        canonical_url=md.canonical_url,
        url=document.url,
        description=md.description,
        language=md.language,
        links=walker.body.links,
        references_start=next((b.start for b in blocks if b.region == "references"), None),
        chrome=walker.chrome.blocks,
        chrome_text=walker.chrome.text,
        suppressions=walker.sup.done,
        meta=md.meta,
    )


def _run(body, base: str | None, *, strict: bool) -> _Walker:
    page = measure(body) if strict else None
    root, extra, top = _choose_root(body, strict=strict, page=page)
    walker = _Walker(root, base, strict=strict, page=page, extra=extra, top=top)
    walker.walk(body, Ctx())
    walker.flush()
    return walker


def _finish_references(blocks: list[Block]) -> None:
    from .references import mark_citation_runs

    mark_citation_runs(blocks)
