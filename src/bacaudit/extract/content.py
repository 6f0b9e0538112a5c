"""Where the article is on a page: text statistics of the DOM, as the best extractors read it.

One bottom-up pass counts, for every element, its text and the part of it inside links. From
that:

- `best_container` scores the elements that hold paragraphs the way readability does: each
  paragraph of 25+ characters gives 1 point, 1 per comma and 1 per 100 characters (at most 3)
  to its parent, half to its grandparent and a third to the one above; a container starts from
  its tag (div +5; lists, forms and headings less) and its class and id names (article, body,
  content, entry, post, story... up; comment, footer, sidebar, related, share, promo... down),
  and its total is scaled by (1 - link density). When the top few candidates share an
  ancestor, the ancestor is the article (a story split by ads into several blocks).
- `siblings` adds the neighbours of that container that read as more of the same (a close
  score, or a paragraph of sentences with few links).
- `link_list` says whether a block inside the article is a list of links (related stories,
  teasers, tag clouds), which the walk then keeps out of the article's prose.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

SKIP = {
    "script", "style", "noscript", "template", "svg", "math", "iframe", "frame", "frameset",
    "object", "embed", "canvas", "head", "title", "meta", "link", "base", "select", "textarea",
    "audio", "video", "source", "track", "map", "area", "picture", "datalist", "option", "param",
}
PARAGRAPH_TAGS = {"p", "pre", "td", "blockquote"}
BLOCKISH = {
    "p", "div", "section", "article", "main", "aside", "header", "footer", "nav", "form", "ul",
    "ol", "dl", "table", "blockquote", "pre", "figure", "h1", "h2", "h3", "h4", "h5", "h6",
    "li", "tr", "td", "th", "tbody", "thead", "details", "address", "hr", "center", "fieldset",
}
TAG_SCORE = {
    "div": 5, "article": 8, "main": 5, "section": 3, "pre": 3, "td": 3, "blockquote": 3,
    "address": -3, "ol": -3, "ul": -3, "dl": -3, "dd": -3, "dt": -3, "li": -3, "form": -3,
    "h1": -5, "h2": -5, "h3": -5, "h4": -5, "h5": -5, "h6": -5, "th": -5,
}
POSITIVE = re.compile(
    r"article|body|content|entry|hentry|h-entry|main|page|pagination|post|text|blog|story|"
    r"prose|rich-?text|paywall",
    re.I,
)
NEGATIVE = re.compile(
    r"-ad-|\bads?\b|hidden|^hid$|\bhid\b|banner|combx|comment|com-|contact|foot|footer|footnote|"
    r"gdpr|masthead|media|meta|outbrain|promo|related|scroll|share|shoutbox|sidebar|skyscraper|"
    r"sponsor|shopping|tags|taboola|tool|widget|recommend|newsletter|subscribe|signup|popular|"
    r"trending|most-read|teaser|byline|author|caption|credit|nav|menu|social|breadcrumb",
    re.I,
)
_COMMAS = re.compile(r"[,،、，]")
_SENTENCE = re.compile(r"[.!?。][\"'”’)]?(?:\s|$)")


@dataclass(slots=True)
class Stats:
    text: int = 0  # characters of text (whitespace runs count once)
    link: int = 0  # characters of that text inside <a href>
    paras: int = 0  # paragraph elements (p, or text-only divs) with 25+ characters
    prose: int = 0  # characters in those paragraphs
    links: int = 0  # <a href> elements
    commas: int = 0
    ptext: int = 0  # text of <p>s plus long text runs (40+ characters) outside them


@dataclass
class PageStats:
    stats: dict = field(default_factory=dict)
    best: object = None  # the best-scoring paragraph container, before any widening
    paragraphs: list = field(default_factory=list)  # (element, points) in document order

    def of(self, el) -> Stats:
        return self.stats.get(el) or Stats()

    def link_density(self, el) -> float:
        s = self.of(el)
        return s.link / s.text if s.text else 0.0


def measure(root) -> PageStats:
    """Text, link and paragraph statistics of every element under `root`, in one pass."""
    page = PageStats()
    _measure(root, page, False)
    return page


def _measure(el, page: PageStats, in_link: bool) -> Stats:
    tag = el.tag
    s = Stats()
    if not isinstance(tag, str) or tag in SKIP:
        return s
    is_link = tag == "a" and el.get("href") is not None
    link = in_link or is_link
    if is_link:
        s.links += 1
    direct = direct_commas = 0
    blocky = False
    if el.text:
        n = _len(el.text)
        s.text += n
        direct += n
        s.ptext += _prose_len(el.text)
        if "," in el.text or "،" in el.text or "，" in el.text:
            direct_commas += len(_COMMAS.findall(el.text))
        if link:
            s.link += n
    first_text = direct
    for child in el:
        c = _measure(child, page, link)
        s.text += c.text
        s.link += c.link
        s.paras += c.paras
        s.prose += c.prose
        s.links += c.links
        s.commas += c.commas
        s.ptext += c.ptext
        ctag = child.tag
        if isinstance(ctag, str) and ctag in BLOCKISH:
            blocky = True
        tail = child.tail
        if tail:
            n = _len(tail)
            s.text += n
            direct += n
            s.ptext += _prose_len(tail)
            if "," in tail:
                direct_commas += len(_COMMAS.findall(tail))
            if link:
                s.link += n
    s.commas += direct_commas
    if tag == "p":
        s.ptext = s.text
        if s.text >= 25:
            s.paras += 1
            s.prose = s.text - s.link
    # Paragraph candidates for best_container (readability's "paragraph" nodes).
    length = commas = 0
    if tag in PARAGRAPH_TAGS:
        length, commas = s.text, s.commas
    elif tag in ("div", "section") or (tag in ("span", "font") and first_text >= 100):
        if direct >= 25:
            length, commas = direct, direct_commas  # text between images and line breaks
        elif not blocky:
            length, commas = s.text, s.commas
    if length >= 25:
        page.paragraphs.append((el, 1 + commas + min(length // 100, 3)))
    page.stats[el] = s
    return s


def _len(chunk: str) -> int:
    return len(" ".join(chunk.split())) if "  " in chunk or "\n" in chunk else len(chunk.strip())


def _prose_len(chunk: str) -> int:
    if len(chunk) < 40:
        return 0
    n = len(chunk.strip())
    return n if n >= 40 else 0


def class_weight(el) -> int:
    w = 0
    for name in (el.get("class"), el.get("id")):
        if not name:
            continue
        if NEGATIVE.search(name):
            w -= 25
        if POSITIVE.search(name):
            w += 25
    return w


def best_container(body, page: PageStats):
    """The element that best holds the article's paragraphs, or None (no paragraph at all)."""
    scores: dict = {}
    for el, points in page.paragraphs:
        parent = el.getparent()
        level = 0
        while parent is not None and level < 3 and isinstance(parent.tag, str):
            if parent not in scores:
                scores[parent] = TAG_SCORE.get(parent.tag, 0) + class_weight(parent)
            scores[parent] += points / (1 if level == 0 else 2 if level == 1 else level * 3)
            if parent is body:
                break
            parent = parent.getparent()
            level += 1
    if not scores:
        return None, scores
    final = {el: s * (1 - page.link_density(el)) for el, s in scores.items()}
    ranked = sorted(final.items(), key=lambda kv: -kv[1])
    top, top_score = ranked[0]
    page.best = top
    # A story cut by ads or embeds into several containers: when three of the five best
    # candidates (each close to the top) share an ancestor, that ancestor holds the story.
    top_prose = page.of(top).prose
    close = [
        el for el, s in ranked[1:5]
        if s >= 0.75 * top_score and page.of(el).prose >= 0.3 * top_prose
    ]
    if len(close) >= 2:
        shared = None
        for anc in top.iterancestors():
            if sum(1 for c in close if _is_ancestor(anc, c)) >= 2:
                shared = anc
                break
            if anc is body:
                break
        if shared is not None:
            top = shared
    # Climb while the parent holds little more than the candidate (a wrapper div), or holds
    # clearly more paragraphs at no more link density (one paragraph per wrapper, or a story
    # whose chunks sit between ad slots).
    parent = top.getparent()
    steps = 0
    while parent is not None and parent is not body and parent.tag not in ("html", "body"):
        mine, theirs = page.of(top), page.of(parent)
        wrapper = theirs.text and mine.text / theirs.text >= 0.85
        more = (
            steps < 3
            and theirs.prose >= 1.3 * mine.prose
            and page.link_density(parent) <= max(0.2, page.link_density(top) + 0.05)
            and _template_prose(parent, top, page) >= 0.3 * mine.prose
        )
        if not (wrapper or more):
            break
        top = parent
        parent = top.getparent()
        steps += 1
    return top, final


def _template_prose(parent, child, page: PageStats) -> int:
    """Prose in the siblings of `child` built like it (same tag and class): the other chunks
    of a story that a template repeats, as opposed to a column of teasers beside it."""
    tag, cls = child.tag, child.get("class")
    same = (c for c in parent if c is not child and c.tag == tag and c.get("class") == cls)
    return sum(page.of(c).prose for c in same)


def wrapper(el, page: PageStats):
    """The outermost ancestor of `el` that holds little more text than it (wrapper divs)."""
    mine = page.of(el).text
    parent = el.getparent()
    while parent is not None and parent.tag not in ("body", "html"):
        theirs = page.of(parent).text
        if not theirs or mine / theirs < 0.85:
            break
        el = parent
        parent = el.getparent()
    return el


def siblings(top, final: dict, page: PageStats, score: float | None = None) -> list:
    """Neighbours of `top` that read as more of the article (readability's sibling merge),
    or that repeat its template (a story cut into sections of the same class)."""
    parent = top.getparent()
    if parent is None:
        return []
    top_score = final.get(top, 0) if score is None else score
    threshold = max(10, top_score * 0.2)
    top_class = top.get("class")
    out = []
    for sib in parent:
        if sib is top or not isinstance(sib.tag, str) or sib.tag in SKIP:
            continue
        same = bool(top_class) and sib.get("class") == top_class
        bonus = 0.2 * top_score if same else 0
        if final.get(sib, 0) + bonus >= threshold:
            out.append(sib)
            continue
        if same and page.of(sib).prose >= 100 and page.link_density(sib) < 0.3:
            out.append(sib)
            continue
        if sib.tag == "p":
            s = page.of(sib)
            ld = page.link_density(sib)
            long_prose = s.text > 80 and ld < 0.25
            short_sentence = 0 < s.text <= 80 and ld == 0 and _SENTENCE.search(sib.text_content())
            if long_prose or short_sentence:
                out.append(sib)
    return out


def _is_ancestor(anc, el) -> bool:
    return any(a is anc for a in el.iterancestors())


def link_list(el, page: PageStats) -> bool:
    """A block that is mostly links: related stories, teaser grids, tag clouds, more-from lists."""
    s = page.of(el)
    if not s.text:
        return False
    ld = s.link / s.text
    if el.tag in ("ul", "ol", "dl", "div", "section", "table", "nav", "aside", "footer",
                  "header", "figure"):
        if ld > 0.5 and s.paras <= 1:
            return True
        return ld > 0.33 and s.text < 400 and s.paras == 0 and class_weight(el) < 0
    if el.tag in ("p", "li", "h2", "h3", "h4", "h5", "h6"):
        return (ld > 0.85 and s.text < 160) or (s.links >= 2 and ld >= 0.6)
    return False
