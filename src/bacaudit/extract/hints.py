"""Hints that the words of a block give, whatever the markup.

Bylines, datelines, disclaimers (medical, affiliate, copyright), photo credits, ad labels,
subscription and follow prompts, and lists of bare URLs: short page furniture that sits inside
the article's container on real pages and is not the article's prose. Each pattern only
fires on a block short enough to be furniture, so a paragraph that mentions a newsletter or a
photo stays prose.
"""

from __future__ import annotations

import re

from .metadata import BYLINE, REVIEWED_BY

_BYLINE_START = re.compile(
    r"^\s*(?:(?:medically|clinically)\s+reviewed\s+by|reviewed\s+by|fact[- ]checked\s+by"
    r"|written\s+by|authored\s+by|(?:last\s+)?updated\s*(?:on)?\s*:?\s*\w+\s+\d|published\s*"
    r"(?:on)?\s*:?\s*\w+\s+\d)",
    re.IGNORECASE,
)
_DISCLAIMER = re.compile(
    r"^\s*(?:medical\s+)?disclaimer\b|not\s+(?:intended\s+(?:to\s+be\s+|as\s+)?)?a\s+substitute\s+"
    r"for\s+(?:professional\s+)?medical\s+advice|for\s+(?:general\s+)?informational\s+purposes\s+only",
    re.IGNORECASE,
)
# Affiliate and copyright notices: the site's legal furniture, not the article.
_LEGAL = re.compile(
    r"\baffiliate\s+(?:advertising\s+)?(?:program|links?|commission)|\bwe\s+(?:may\s+)?(?:earn|"
    r"receive)\s+(?:a\s+)?(?:small\s+)?(?:commission|compensation)|\ball\s+rights\s+reserved\b|"
    r"^\s*(?:©|\(c\)|copyright\b)|\bsubject\s+to\s+copyright\b|\bmay\s+not\s+be\s+(?:published|"
    r"reproduced|redistributed|rewritten)|\bif\s+you\s+(?:buy|purchase)\s+(?:something|anything|a\s+"
    r"product)\s+through\b|\bmay\s+(?:get|earn|receive)\s+a\s+(?:share|commission|portion)\b",
    re.IGNORECASE,
)
# Comment-section rules and contact lines ("may be reached at x@y.com").
_COMMENT_POLICY = re.compile(
    r"\b(?:comment(?:ing)?|submission|community)\s+(?:guidelines|policy|rules)\b|^\W*(?:as\s+you\s+"
    r"comment|please\s+(?:be\s+respectful|keep\s+(?:it|comments)\s+civil))",
    re.IGNORECASE,
)
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+\.[\w.-]+")  # starts once per run: linear
# A date and time alone ("20 Nov, 2019 05:47", "Updated 5:27 am CST, Wednesday, Nov. 20, 2019"):
# every word is a date or time word, a number or a time zone.
_DATE_PREFIX = re.compile(
    r"^\s*(?:(?:posted|published|updated|last\s+updated|modified)\s*(?:on|at)?\s*:?)", re.I
)
_DATE_WORD = re.compile(
    r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?|"
    r"(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?\.?|"
    r"\d{1,4}(?:st|nd|rd|th)?|\d{1,2}:\d{2}(?::\d{2})?|[ap]\.?m\.?|at|on|[A-Z]{2,4}|utc|gmt",
    re.IGNORECASE,
)
_DATE_SPLIT = re.compile(r"[\s,|·•/.-]+")


def _dateline(text: str) -> bool:
    rest = _DATE_PREFIX.sub("", text)
    words = [w for w in _DATE_SPLIT.split(rest) if w]
    if not words or not any(w[0].isdigit() for w in words):
        return False
    return all(_DATE_WORD.fullmatch(w) for w in words) and any(
        ":" in w or not w[0].isdigit() or len(w) == 4 for w in words
    )


_CREDIT = re.compile(
    r"^\s*[(\[]?(?:photo|photograph|image|picture|video|illustration|graphic|credit|source|"
    r"getty|file\s+photo)s?\s*(?:by|credit|courtesy)?\s*[:/|]|\((?:photo|image|credit|pictured)"
    r"[^)]{0,80}\)\s*$|\b(?:getty\s+images|shutterstock|istock(?:photo)?|associated\s+press|afp|"
    r"reuters|ap\s+photo)\s*\)?\s*$|^\W*(?:additional\s+)?(?:reporting|writing|editing)\s+by\b|"
    r"\bcontributed\s+to\s+this\s+report\b",
    re.IGNORECASE,
)
_AD_LABEL = re.compile(
    r"^\s*(?:advertisement|advertising|sponsored(?:\s+content)?|ad|story\s+continues\s+below"
    r"(?:\s+advertisement)?|continue\s+reading\s+(?:the\s+main\s+story|below)|"
    r"article\s+continues\s+(?:below|after\s+(?:this\s+)?advertisement))\s*[.:]?\s*$",
    re.IGNORECASE,
)
# Prompts start with the imperative ("Sign up for ...", "Follow us on ...", "Read more: ...").
_PROMPT = re.compile(
    r"^\W*(?:sign\s+up|subscribe|follow\s+(?:us|@|\w+\s+on\b)|join\s+(?:our|us)|like\s+this\s+"
    r"(?:story|article)|share\s+(?:this|it)\b|download\s+(?:our|the)\s+app|get\s+(?:our|the)\s+"
    r"(?:free\s+)?(?:daily\s+|weekly\s+)?(?:newsletter|email|alerts?)|don[’']t\s+miss|read\s+more"
    r"\s*:|related\s*:|see\s+also\s*:|more\s+from\b|recommended\s*:|chat\s+with\s+us|have\s+a\s+"
    r"(?:news\s+)?tip\b)|\b(?:sign\s+up|subscribe|get|receive|join)\b.{0,60}\bnewsletter\b|"
    r"\bnewsletter\b.{0,60}\b(?:inbox|sign\s+up|subscribe)\b|\bclick\s+here\b",
    re.IGNORECASE,
)
_URL = re.compile(r"https?://\S+")


def text_hints(text: str) -> set[str]:
    hints: set[str] = set()
    words = len(text.split())
    if words <= 25 and (
        BYLINE.match(text) or _BYLINE_START.match(text) or REVIEWED_BY.match(text.strip())
    ):
        hints.add("byline")
    if _DISCLAIMER.search(text):
        hints.add("disclaimer")
    if words <= 80 and _LEGAL.search(text):
        hints.add("disclaimer")
    if words <= 16 and _dateline(text):
        hints.add("dateline")
    if words <= 40 and _CREDIT.search(text):
        hints.add("credit")
    if words <= 6 and _AD_LABEL.match(text):
        hints.add("ad_label")
    if words <= 35 and _PROMPT.search(text):
        hints.add("promo")
    if words <= 60 and _COMMENT_POLICY.search(text):
        hints.add("comment_policy")
    if words <= 40 and _EMAIL.search(text):
        hints.add("contact")
    urls = sum(len(m.group()) for m in _URL.finditer(text))
    if urls >= 0.4 * len(text):
        hints.add("urls")
    return hints
