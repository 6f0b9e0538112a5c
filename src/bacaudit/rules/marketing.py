"""BA3xx: promotional boilerplate, one rule per kind, from phrase families and HTML structure.

Each rule is a list of patterns plus the block hints (from the HTML) that mark the same thing
structurally. A pattern match flags its sentence (or the matched token for phone numbers and
ad-network lines); a hinted block with no pattern match is flagged as a whole.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import ClassVar

from ..models import Finding
from . import promotion
from .base import AuditContext, Rule, register
from .spans import sentence_span, trim

_F = re.I | re.M


class _PhraseRule(Rule):
    category = "marketing"
    severity = "low"
    patterns: ClassVar[list[re.Pattern[str]]] = []
    hints: ClassVar[frozenset[str]] = frozenset()
    regions: ClassVar[frozenset[str]] = frozenset()
    whole_match: ClassVar[bool] = False  # flag the match itself rather than its sentence
    fix: ClassVar[str] = "Remove it from the article body."

    def extra_patterns(self, ctx: AuditContext) -> list[re.Pattern[str]]:
        return []

    def accept(self, ctx: AuditContext, m: re.Match[str]) -> bool:
        return True

    def extra_spans(self, ctx: AuditContext) -> list[tuple[int, int]]:
        """Spans found from structure and the lexicon (rules/promotion.py), beside the patterns."""
        return []

    # Rules whose sentence findings give way to a safety helpline named in the same sentence.
    spares_helplines: ClassVar[bool] = False

    def check(self, ctx: AuditContext) -> Iterable[Finding]:
        spans = self._spans(ctx)
        if self.spares_helplines:
            p = promotion.patterns(ctx)
            text = ctx.article.text
            spans = [
                (s, e)
                for s, e in spans
                if not (
                    promotion.mentions_safety_line(p, text[s:e])
                    and not re.search(r"\b(?:our|us|we)\b", text[s:e], re.I)
                )
            ]
        # Sorted by start, every earlier span starts at or before this one, so it lies inside
        # one of them exactly when the furthest end so far reaches its end: one pass, not a
        # comparison with every span kept.
        reach = -1
        for start, end in sorted(set(spans)):
            if end <= reach:
                continue
            reach = end
            yield self.finding(ctx, start, end, self.message, fix=self.fix)

    def _spans(self, ctx: AuditContext) -> list[tuple[int, int]]:
        text = ctx.article.text
        low = _lowered(ctx)
        spans: list[tuple[int, int]] = list(self.extra_spans(ctx))
        for pattern in [*self.patterns, *self.extra_patterns(ctx)]:
            needles = NEEDLES.get(pattern)
            if needles is not None and not any(n in low for n in needles):
                continue  # the text lacks every word a match needs
            for m in _finditer(pattern, text, low):
                if m.end() <= m.start() or not self.accept(ctx, m):
                    continue
                if self.whole_match:
                    span = trim(text, m.start(), m.end())
                else:
                    span = sentence_span(ctx, m.start(), m.end())
                if span[1] > span[0]:
                    spans.append(span)
        if self.hints or self.regions:
            for block in ctx.article.blocks:
                if not (block.hints & self.hints or block.region in self.regions):
                    continue
                covered = any(s < block.end and e > block.start for s, e in spans)
                if block.text.strip() and not covered:
                    spans.append(trim(text, block.start, block.end))
        return spans


_FAST: dict[re.Pattern[str], re.Pattern[str] | None] = {}


def _finditer(pattern: re.Pattern[str], text: str, low: str):
    """pattern.finditer(text), found faster: a case-insensitive pattern with no capital letter
    of its own is run case-sensitively on the lower-cased text (several times quicker in `re`),
    and each hit is re-matched on the text itself, so matches, groups and offsets are unchanged.
    """
    fast = _FAST.get(pattern, 0)
    if fast == 0:
        plain = re.sub(r"\\.", "", pattern.pattern)
        caseless = pattern.flags & re.I and not re.search(r"[A-Z]", plain)
        fast = re.compile(pattern.pattern, pattern.flags & ~re.I) if caseless else None
        _FAST[pattern] = fast
    if fast is None or len(low) != len(text):
        yield from pattern.finditer(text)
        return
    for hit in fast.finditer(low):
        m = pattern.match(text, hit.start())
        if m is not None:
            yield m


def _lowered(ctx: AuditContext) -> str:
    """The article text lower-cased, once per article, for the needle checks."""
    low = ctx.extras.get("lowered_text")
    if low is None:
        low = ctx.extras["lowered_text"] = ctx.article.text.lower()
    return low


# For each phrase pattern, lower-case fragments of which every match contains at least one: a
# text holding none of them skips the pattern. tests/test_rule_shortcuts.py checks them.
NEEDLES: dict[re.Pattern[str], tuple[str, ...]] = {}


def _needles(cls: type[_PhraseRule], per_pattern: list[tuple[str, ...] | None]) -> None:
    if len(per_pattern) != len(cls.patterns):
        raise RuntimeError(f"{cls.code}: {len(cls.patterns)} patterns, {len(per_pattern)} needles")
    for pattern, needles in zip(cls.patterns, per_pattern, strict=True):
        if needles:
            NEEDLES[pattern] = needles


_NOT_US = (
    r"(?!\s+(?:your|a|the)\s+(?:doctor|physician|healthcare|health care|pharmacist|provider"
    r"|prescriber))"
)


@register
class CallToAction(_PhraseRule):
    """Calls to action aimed at turning readers into clients ("Call now", "Get help today").

    What it flags: imperatives addressed to the reader whose verb or object sells: a clause
    opening with a commercial verb (book, reserve, call, start, get, join, download, verify ...)
    whose object or modifiers are a booking, product, membership, the seller's staff, "our"/"us",
    a price, a brand or urgency ("Reserve your intake assessment this week", "Get the app to
    unlock member pricing"); the same offer as "you can ... / let us help you ... / we'll help
    you ..."; newsletter and app pitches; lone button labels ("Book now"); and blocks the HTML
    marks as a call-to-action box or button. Words come from the marketing lexicon.
    Why: an article is judged on its information; a sales prompt in the body reads as an ad and
    is removed by editors syndicating the text. Advice to see one's own doctor, medical
    instructions ("Take it with food") and safety helplines (988, 911, Poison Control, SAMHSA's
    National Helpline) are never flagged.
    Flagged example: Call our admissions team today to start your recovery!
    Fine example: Call your doctor right away if you notice confusion or hallucinations.
    Fix: remove the prompt from the article body (keep it in the page template if wanted).
    """

    code = "BA301"
    name = "CallToAction"
    severity = "medium"
    message = "Call to action: a sales prompt, not article content."
    hints = frozenset({"cta", "button"})
    spares_helplines = True

    def extra_spans(self, ctx: AuditContext) -> list[tuple[int, int]]:
        return promotion.call_to_action_spans(ctx) + promotion.phrase_spans(ctx, "pitch")

    patterns: ClassVar[list[re.Pattern[str]]] = [
        re.compile(
            r"^[^\S\n]*(?:are you\s+)?ready to (?:get help|start|begin|take the first step"
            r"|get sober)\b[^\n]{0,60}$",
            _F,
        ),
        re.compile(
            r"(?:^|(?<=[.!?]\s))[^\S\n]*(?:are you\s+)?ready to (?:get help|start|begin"
            r"|take the first step|get sober)\b[^.!?\n]{0,30}\?",
            _F,
        ),
        re.compile(r"\b(?:call|contact|text|message) us (?:today|now|anytime|24/7)\b", re.I),
        re.compile(
            r"^[^\S\n]*(?:get help|call|contact us|talk to someone|speak to someone)\s*(?:now"
            r"|today)\s*!?\s*$",
            _F,
        ),
    ]


_PHONE = (
    r"(?<![\w/.-])(?:\+?1[\s.-]?)?(?:\(\s*[2-9]\d{2}\s*\)"
    r"|[2-9]\d{2})[\s.-]?[2-9]\d{2}[\s.-]\d{4}(?![\w-])"
    r"|(?<![\w/.-])1?[\s-]?8(?:00|33|44|55|66|77|88)[\s-][A-Z]{3}[\s-]?[A-Z]{4}\b"
)


@register
class PhoneNumber(_PhraseRule):
    """Phone numbers (US formats, toll-free, vanity numbers, tel: links) in the article body.

    What it flags: a telephone number such as (855) 712-0000, 855-712-0000 or 1-800-HELP-NOW,
    and blocks holding a tel: link. The numbers of safety lines (Poison Control, SAMHSA's
    National Helpline, crisis lines), or a number given right after such a line's name, are not.
    Why: a phone number in a health article is a sales line; editors remove it before reuse.
    Flagged example: Speak with an advisor at (866) 555-0199.
    Fine example: The trial enrolled 1,204 adults between 2015 and 2019.
    Fix: remove the number (or keep it in the site template, outside the article).
    """

    code = "BA302"
    name = "PhoneNumber"
    severity = "medium"
    message = "Phone number in the article body: a sales line, not content."
    hints = frozenset({"tel"})
    whole_match = True
    patterns: ClassVar[list[re.Pattern[str]]] = [re.compile(_PHONE)]

    def accept(self, ctx: AuditContext, m: re.Match[str]) -> bool:
        # never inside a URL, DOI or a list of years
        line_start = ctx.article.text.rfind("\n", 0, m.start()) + 1
        before = ctx.article.text[line_start : m.start()]
        if re.search(r"(?:https?://|doi|www\.)\S*$", before, re.I):
            return False
        # a safety line (Poison Control, SAMHSA's helpline, 988) is never a sales line, nor is
        # a number given for the reader's own pharmacist or doctor; the whole sentence counts,
        # since a helpline's name may come a long way before its TTY number
        p = promotion.patterns(ctx)
        text = ctx.article.text
        sentence = re.split(r"[.!?;]\s", text[max(0, m.start() - 300) : m.start()])[-1]
        sentence += re.split(r"[.!?;](?:\s|$)", text[m.end() : m.end() + 200])[0]
        return not (
            promotion.is_safety_number(p, m.group(0))
            or p.safety.search(sentence)
            or promotion.OWN_CLINICIAN.search(sentence)
        )


@register
class ContactFormPrompt(_PhraseRule):
    """Forms and contact prompts ("Fill out this form", "Verify your insurance").

    What it flags: prompts to fill in a form, request a call back, check insurance or enter
    contact details, and blocks the HTML marks as part of a form.
    Why: form prompts are lead capture; they make no sense once the text is read elsewhere.
    Flagged example: Fill out the form below and an advisor will contact you.
    Fine example: The clinician fills out a withdrawal assessment form at each visit.
    Fix: remove the prompt from the article body.
    """

    code = "BA303"
    name = "ContactFormPrompt"
    severity = "medium"
    message = "Form or contact prompt: lead capture, not article content."
    hints = frozenset({"form"})
    spares_helplines = True
    patterns: ClassVar[list[re.Pattern[str]]] = [
        re.compile(
            r"\b(?:fill out|fill in|complete|submit)\s+(?:this|the|our)\s+(?:short\s+|quick\s+"
            r"|simple\s+)?"
            r"(?:contact\s+|online\s+|secure\s+)?form(?!\w)(?!\s+(?:of|for\s+(?:the|each)))",
            re.I,
        ),
        re.compile(r"\bverify\s+(?:your\s+)?(?:insurance|coverage|benefits)\b", re.I),
        re.compile(
            r"\bcheck\s+your\s+(?:insurance\s+)?(?:coverage|benefits)\s+(?:now|today|online"
            r"|with us|for free)",
            re.I,
        ),
        re.compile(
            r"\brequest\s+(?:a|your)\s+(?:free\s+)?(?:call(?:back)?|consultation|assessment)\b",
            re.I,
        ),
        re.compile(r"\benter your (?:email|name|phone|zip)\b", re.I),
        re.compile(r"\bsend us a (?:message|note)\b", re.I),
    ]

    def check(self, ctx: AuditContext) -> Iterable[Finding]:
        for f in super().check(ctx):
            block = ctx.article.block_at(f.start)
            if (
                block is not None
                and "comment_form" in block.hints
                and "form" not in block.hints - {"comment_form"}
            ):
                continue  # a comment form belongs to BA308
            yield f


@register
class ConfidentialityPitch(_PhraseRule):
    """Reassurance pitches ("free and confidential helpline", "available 24/7").

    What it flags: "free and confidential", "100% confidential", "confidential assessment",
    "available 24/7", "24/7 helpline", "no obligation".
    Why: these are the closing lines of an admissions funnel, not information about treatment.
    A treatment description ("inpatient care provides 24/7 supervision") is not flagged.
    Flagged example: Our helpline is free, confidential and available 24/7.
    Fine example: Residents receive 24/7 medical supervision during detox.
    Fix: remove the pitch from the article body.
    """

    code = "BA304"
    name = "ConfidentialityPitch"
    message = "Free/confidential/24-7 pitch: admissions boilerplate, not content."
    spares_helplines = True
    patterns: ClassVar[list[re.Pattern[str]]] = [
        re.compile(r"\b(?:100\s?%\s+)?free,?\s+(?:and|&)\s+confidential\b", re.I),
        re.compile(r"\bconfidential,?\s+(?:and|&)\s+free\b", re.I),
        re.compile(r"\b100\s?%\s+(?:confidential|free|private)\b", re.I),
        re.compile(
            r"\b(?:free|confidential)\s+(?:assessment|consultation|helpline|hotline|call"
            r"|insurance check)\b",
            re.I,
        ),
        re.compile(
            r"\b(?:available|open|here for you|answer(?:ed)?|standing by|call(?: us)?)\s+24/7\b",
            re.I,
        ),
        re.compile(r"\b24/7\s+(?:helpline|hotline|admissions|support line|phone line)\b", re.I),
        re.compile(r"\bno[- ]obligation\b", re.I),
    ]


@register
class InsurancePricingPitch(_PhraseRule):
    """Insurance and pricing pitches ("we take most insurance plans", "just $49 a month").

    What it flags: a facility saying which insurance it takes, "covered by insurance" in a
    first-person pitch, prices per month or visit, "just $X", "starting at $X".
    Why: pricing and payer lists are sales copy and go stale; they do not belong in an article.
    A neutral remark that off-label use can complicate insurance coverage is not flagged.
    Flagged example: We accept most major insurance plans, and care starts at just $49/month.
    Fine example: Off-label prescriptions are not always reimbursed by insurers.
    Fix: remove the pitch, or move it to the facility's own pricing page.
    """

    code = "BA305"
    name = "InsurancePricingPitch"
    severity = "medium"
    message = "Insurance or pricing pitch: sales copy, not article content."
    patterns: ClassVar[list[re.Pattern[str]]] = [
        re.compile(
            r"\bwe\s+(?:also\s+)?(?:accept|take|work with|are in[- ]network with"
            r"|bill)\s+(?:most\s+|many\s+|all\s+)?"
            r"(?:major\s+|private\s+|commercial\s+)?(?:insurance|health plans|insurers|medicaid"
            r"|medicare)",
            re.I,
        ),
        re.compile(
            r"\b(?:most|many|all)\s+(?:major\s+)?insurance\s+(?:providers|plans"
            r"|carriers)\s+(?:are\s+)?accepted\b",
            re.I,
        ),
        re.compile(r"\b(?:our|we)\b[^.!?\n]{0,60}\bcovered by (?:your |most )?insurance\b", re.I),
        re.compile(r"\b(?:just|only|starting at|from|as low as)\s+\$\d[\d,.]*", re.I),
        re.compile(
            r"\$\d[\d,.]*\s*(?:/|per\s+|a\s+)(?:mo\b|month|week|visit|session|consult)", re.I
        ),
        re.compile(r"\b(?:financing|payment plans)\s+(?:is\s+|are\s+)?available\b", re.I),
        re.compile(
            r"(?:^|(?<=[.!?]\s))(?:[A-Z][\w'’&.-]*\s+){0,4}[A-Z][\w'’&.-]*\s+(?:also\s+|now\s+)?"
            r"(?:accepts|takes|is in[- ]network with|bills)\s+(?:[\w-]+,?\s+){0,5}?"
            r"(?i:insurance|medicaid|medicare|health plans)\b",
            re.M,
        ),
        re.compile(
            r"\bcover(?:s|ed)?\b[^.!?\n]{0,60}?\b(?:at\s+)?(?:little\s+or\s+no|no|low)\s+"
            r"(?:cost|charge|out-of-pocket cost)\s+to\s+you\b",
            re.I,
        ),
        re.compile(r"\bfree\s+(?:shipping|delivery)\b", re.I),
        re.compile(r"\b(?:save|get|take)\s+\d+\s?%\s+off\b|\bsave\s+\d+\s?%\s+on\s+your\b", re.I),
        re.compile(r"\b(?:promo|coupon|discount)\s+code\b|\bwith\s+code\s+[A-Z0-9]{4,}\b"),
        re.compile(
            r"\b(?i:(?:most|many|all)\s+(?:major\s+)?(?:insurance|health)\s+(?:plans|providers"
            r"|carriers|companies|insurers)\s+(?:will\s+)?cover)\b[^.!?\n]{0,80}?\bat\s+(?:us\b"
            r"|our\b|[A-Z][\w'’-]+)",
        ),
    ]


# Whitespace that stays inside one paragraph: a phrase never runs over a blank line.
_NO_BLANK_LINE = r"(?:(?!\n\s*\n)\s)+"
# Words that end the noun phrase "our ...": past them the facility noun is someone else's.
_OUR_BROKEN = re.compile(
    r"^our\s+(?:[\w-]+,?\s+)*?(?:from|of|in|with|by|at|on|across|into|coming|that|which|who"
    r"|where)\s",
    re.I,
)
# A patient's history told in the past tense ("he presented at", "she was admitted to").
_CASE_NARRATIVE = re.compile(
    r"\b(?:presented|was\s+admitted|were\s+admitted|was\s+referred|were\s+referred|sought"
    r"|was\s+treated|were\s+treated|attended|was\s+seen|were\s+seen)\b[^.]*$",
    re.I,
)

_FACILITY = (
    r"(?:[A-Z][\w'’&.-]*\s+){1,4}(?:Recovery|Treatment|Rehab|Rehabilitation|Wellness|Detox"
    r"|Behavioral Health)"
    r"(?:\s+(?:Centers?|Centres?|Services|Group|Network|Institute|Village|Ranch|Programs?))?"
)


# Institutions, studies and methods an article praises without promoting itself.
_THIRD_PARTY = re.compile(
    r"^(?:[A-Z][\w'’.-]*\s+|&\s+){0,4}(?:University|Institute|Journal|Association|Administration"
    r"|Agency|Society|College|School|Foundation|Organi[sz]ation|Department|Council|Trial|Study"
    r"|Method|Academy|Library|Commission)\b"
)


@register
class SelfPromotion(_PhraseRule):
    """A facility, service or brand praising itself ("our world-class rehab centers").

    What it flags: first-person promotion of the publisher's own treatment ("our program",
    "our evidence-based treatment", "At Example Recovery, we ..."), first-person-plural service
    claims ("we offer same-day intake"), a named provider, clinic or app offering a service or a
    price ("Northline Wellness provides ...", "Acme is proud to offer ..."), sponsorship and
    affiliate lines ("brought to you by"), editorial trust badges ("fact-checks all the
    information"), and any name listed in the `self_promotion` setting. An editorial "we provide
    an overview" and a study's "we treated 40 patients" are not flagged.
    Why: self-promotion turns an explainer into an advert and undermines its credibility.
    Flagged example: Our award-winning treatment centers offer a proven path to recovery.
    Fine example: Treatment centers differ in how they use medication alongside counseling.
    Fix: remove the promotion, or move it to a clearly marked box outside the article.
    """

    code = "BA306"
    name = "SelfPromotion"
    message = "Self-promotion of a facility, service or brand."

    def extra_spans(self, ctx: AuditContext) -> list[tuple[int, int]]:
        from .seo import _substance_names

        return promotion.service_offer_spans(ctx, _substance_names(ctx)) + promotion.phrase_spans(
            ctx, "sponsor"
        )
    patterns: ClassVar[list[re.Pattern[str]]] = [
        re.compile(
            r"\bour\s+(?:[\w-]+,?" + _NO_BLANK_LINE + r"){0,6}?(?:treatment|rehab|detox|recovery"
            r"|residential|outpatient|inpatient)?(?:" + _NO_BLANK_LINE + r")?"
            r"(?:facilit(?:y|ies)|centers?|centres?|programs?|programmes?|clinics?|campus(?:es)?|"
            r"specialists|clinicians|counselors|staff|team of|services|admissions|experts)\b",
            re.I,
        ),
        re.compile(
            r"(?:^|(?<=[.!?]\s))At\s+(?:the\s+)?[A-Z][\w'’&.-]*(?:\s+[A-Z][\w'’&.-]*){0,4},\s+(?:we|our)\b",
            re.M,
        ),
        re.compile(
            r"\b(?:we\s+(?:can|will|are here to)\s+help\s+you|we\s+(?:offer|provide"
            r"|specialize in)\s+"
            r"(?:comprehensive|evidence-based|expert|personalized|individualized|holistic"
            r"|compassionate))\b",
            re.I,
        ),
        re.compile(
            r"\bour\s+(?:[\w-]+,?\s+){0,3}?(?:award[- ]winning|world[- ]class|compassionate|caring"
            r"|dedicated|experienced|highly[- ]trained|renowned|top[- ]rated|best[- ]in[- ]class"
            r"|expert|skilled|friendly|licensed|accredited)(?:,?\s+[\w-]+){0,3}?\s+(?:team|staff"
            r"|clinicians|doctors|physicians|therapists|counselors|nurses|specialists|professionals"
            r"|experts|providers)\b",
            re.I,
        ),
        re.compile(
            r"\b(?:best[- ]in[- ]class|world[- ]class|top[- ]rated|award[- ]winning|#1|number one"
            r"|leading)\s+"
            r"(?:\w+\s+)?(?:treatment|rehab|recovery|detox)\s+(?:facilit|center|centre|program"
            r"|provider)",
            re.I,
        ),
        re.compile(
            rf"\b(?:the\s+)?{_FACILITY}\s+(?:offers?|provides?|can provide|specializ\w+"
            rf"|is a leading|is here)\b"
        ),
        re.compile(
            r"(?:^|(?<=[.!?]\s))(?!The\s)(?:[A-Z][\w'’.-]*|&)(?:\s+(?:[A-Z][\w'’.-]*|&)){1,4}\s+"
            r"(?:is|are|has|have)\s+(?:proud\s+to\s+(?:offer|provide|be|serve)\b"
            r"|(?:the|a)\s+(?:(?:region|state|nation|country|area)['’]s\s+)?(?:leading|premier"
            r"|best|top|#1|number one|highest[- ]rated|most\s+(?:trusted|experienced"
            r"|compassionate|respected|comprehensive|advanced|reputable|effective))\b"
            r"[^.!?\n]{0,80}?\b(?:rehab|treatment|detox|recovery|resources?|programs?|clinics?"
            r"|cent(?:er|re)s?|team|providers?|facilit(?:y|ies)|care|services?)\b)",
            re.M,
        ),
        re.compile(
            r"\b(?:fact-checks?|medically reviews?)\s+(?:all|every)\s+(?:\w+\s+){0,2}?"
            r"(?:information|articles?|content|pages?)\b"
            r"|\b(?:uses?|cites?)\s+only\s+(?:\w+\s+)?(?:credible|trusted|reputable)\b"
            r"|\bthe\s+most\s+accurate,?\s+(?:trustworthy|reliable|up-to-date)\b",
            re.I,
        ),
    ]

    def accept(self, ctx: AuditContext, m: re.Match[str]) -> bool:
        if re.match(
            r"our\s+(?:readers|bodies|body|brains?|lives|society|understanding)\b", m.group(0), re.I
        ):
            return False
        if _THIRD_PARTY.search(m.group(0)):
            return False  # "Johns Hopkins University is a leading center": praise of others
        if m.group(0)[:3].lower() == "our" and _OUR_BROKEN.search(m.group(0)):
            return False  # "our long-term data coming from treatment programs": not our programs
        if m.group(0)[:3].lower() == "our" and _CASE_NARRATIVE.search(
            ctx.article.text[max(0, m.start() - 200) : m.start()].split(".")[-1]
        ):
            return False  # "the patient presented at our clinic": a case history, no pitch
        # "the usual dose in our program is ...": a plain place reference, no praise
        before = ctx.article.text[max(0, m.start() - 12) : m.start()]
        return not (
            re.search(r"\b(?:in|within|during|throughout)\s+$", before, re.I)
            and re.fullmatch(r"our\s+(?:program(?:me)?|clinic|cent(?:er|re))s?", m.group(0), re.I)
        )

    def extra_patterns(self, ctx: AuditContext) -> list[re.Pattern[str]]:
        names = [n.strip() for n in ctx.config.self_promotion if n.strip()]
        if not names:
            return []
        alts = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
        return [re.compile(rf"(?<!\w)(?:{alts})(?!\w)", re.I)]


_PUFFERY = re.compile(
    r"\b(?:award[- ]winning|top writer|best[- ]?selling|acclaimed|renowned|leading|expert"
    r"|featured (?:in|on|by)|as seen (?:in|on)|recogni[sz]ed as|named (?:one of|among)"
    r"|world['’]s|#1|number one|passionate about helping|follow (?:me|him|her) on"
    r"|sought[- ]after|thought leader|influencer|million (?:readers|views|followers))",
    re.I,
)


@register
class AuthorBioPuffery(_PhraseRule):
    """Author bios and self-praise ("top writer in Health on Medium", "award-winning writer").

    What it flags: "About the Author" blocks, "top writer in ...", praise next to a writer noun
    ("award-winning health writer", "bestselling author"), "whose work has been featured in",
    "follow me on ...", and author boxes in the HTML that praise the author ("featured in",
    "leading expert"); a plain bio ("a nurse and a mother of two") is not flagged.
    Why: a bio is page furniture; its self-praise is not evidence and it clutters the article text.
    Flagged example: Jane Roe is an award-winning writer and a top writer in Health on Medium.
    Fine example: Jane Roe is a pharmacist at a county hospital.
    Fix: keep the bio outside the article body (a byline with credentials is enough).
    """

    code = "BA307"
    name = "AuthorBioPuffery"
    message = "Author bio or self-praise: page furniture, not article content."

    def extra_spans(self, ctx: AuditContext) -> list[tuple[int, int]]:
        return promotion.phrase_spans(ctx, "bio")
    patterns: ClassVar[list[re.Pattern[str]]] = [
        re.compile(r"^[^\S\n]*about the author\b[^\n]{0,40}$", _F),
        re.compile(r"\btop writer in\b", re.I),
        re.compile(
            r"\b(?:award[- ]winning|best[- ]?selling|acclaimed|renowned)\s+(?:writer|author"
            r"|journalist|blogger|columnist)\b",
            re.I,
        ),
        re.compile(
            r"\bfollow (?:me|him|her) on (?:Medium|Twitter|X|Instagram|LinkedIn|Substack)\b", re.I
        ),
    ]

    def check(self, ctx: AuditContext) -> Iterable[Finding]:
        found = list(super().check(ctx))
        text = ctx.article.text
        # an author box is flagged when it praises; a plain "I'm a teacher" bio is not
        for block in ctx.article.blocks:
            if "author_bio" in block.hints and _PUFFERY.search(block.text):
                start, end = trim(text, block.start, block.end)
                if end > start and not any(f.start < end and f.end > start for f in found):
                    found.append(self.finding(ctx, start, end, self.message, fix=self.fix))
        blocks = ctx.article.blocks
        # the paragraph right after an "About the Author" heading is the bio itself
        for i, block in enumerate(blocks[:-1]):
            if re.match(r"^\s*about the author\b", block.text, re.I) and len(block.text) < 60:
                nxt = blocks[i + 1]
                start, end = trim(ctx.article.text, nxt.start, nxt.end)
                if end > start:
                    found = [f for f in found if not start <= f.start < end]
                    found.append(self.finding(ctx, start, end, self.message, fix=self.fix))
        return sorted(found, key=lambda f: f.start)


@register
class CommentWidget(_PhraseRule):
    """Comment-form residue ("Leave a Reply", "Your email address will not be published").

    What it flags: the labels of a blog comment form, login and moderation notices ("You must
    be logged in to post a comment", "Comments are moderated") and the blocks the HTML marks as
    that form, on HTML and on plain text. Readers' comments themselves are not flagged.
    Why: widget text scraped with the article is noise for readers and for search engines.
    Flagged example: Leave a Reply. Your email address will not be published.
    Fine example: Reply to your doctor's questions honestly about how much you drink.
    Fix: exclude the comment form from the article body.
    """

    code = "BA308"
    name = "CommentWidget"
    message = "Comment-widget text: page furniture, not article content."
    hints = frozenset({"comment_form"})

    def extra_spans(self, ctx: AuditContext) -> list[tuple[int, int]]:
        return promotion.phrase_spans(ctx, "widget")
    patterns: ClassVar[list[re.Pattern[str]]] = [
        re.compile(r"^[^\S\n]*leave a (?:reply|comment)\b[^\n]{0,40}$", _F),
        re.compile(r"\byour email address will not be published\b", re.I),
        re.compile(r"\brequired fields are marked\b", re.I),
        re.compile(r"^[^\S\n]*(?:post comment|cancel reply|submit comment)\s*$", _F),
        re.compile(r"\bnotify me of (?:follow-up comments|new posts)\b", re.I),
        re.compile(r"\bsave my name, email,? and website\b", re.I),
        re.compile(r"^[^\S\n]*\d+\s+(?:comments?|responses?|replies)\s*$", _F),
    ]


@register
class AdNetworkResidue(_PhraseRule):
    """Ad-network and tracking residue (ads.txt lines, site-verification tokens, click-fraud tools).

    What it flags: ads.txt records ("example.com, pub-0000000000000000, DIRECT, f08c47fec0942fa0"),
    site-verification tokens, click-fraud tool names (ClickCease, CHEQ, Lunio), tracking-script
    calls (gtag(, fbq(, dataLayer) and a lone "Advertisement" or "Sponsored" label.
    Why: this is machinery leaking into the text; it shows the page was scraped or templated badly.
    Flagged example: example.com, pub-0000000000000000, DIRECT, f08c47fec0942fa0
    Fine example: Advertising of prescription drugs is regulated in the United States.
    Fix: strip the residue from the article template.
    """

    code = "BA309"
    name = "AdNetworkResidue"
    severity = "medium"
    message = "Ad-network or tracking residue in the text."
    whole_match = True
    patterns: ClassVar[list[re.Pattern[str]]] = [
        re.compile(
            r"(?<![a-z0-9.-])[a-z0-9.-]+\.[a-z]{2,},\s*(?:pub-\d{6,}|\d{4,}|[a-f0-9]{8,}),"
            r"\s*(?:DIRECT"
            r"|RESELLER)\b"
            r"(?:,\s*[a-f0-9]{8,})?",
            re.I,
        ),
        re.compile(
            r"(?<![\w-])[\w-]*(?:site[- ]verification|verify-v1|domain[- ]verification)"
            r"\s*[:=]\s*[\w-]{8,}",
            re.I,
        ),
        re.compile(
            r"\b(?:ClickCease|ClickGUARD|CHEQ|Lunio|PPC Protect|Fraud Blocker|TrafficGuard)\b"
        ),
        re.compile(r"\b(?:gtag|fbq|_paq\.push|dataLayer\.push|ga)\s*\(\s*['\"]", re.I),
        re.compile(r"^[^\S\n]*(?:advertisement|sponsored|ad choices|adchoices)\s*$", _F),
    ]


@register
class ImageCaptionResidue(_PhraseRule):
    """Image alt-text and credit residue ("Photo by X on Unsplash", "close up of pills on a table").

    What it flags: "Image: ..." / "Photo credit: ..." lines, stock-photo credits, "alt=" text,
    "Avatar photo", and alt-text phrases such as "close up of ... on white background", plus
    blocks the HTML marks as image alt text.
    Why: alt text merged into a paragraph reads as a broken sentence and confuses readers.
    Flagged example: Side effects vary. close up of white pills on wooden table
    Fine example: Figure 2 shows the dose-response curve from the trial.
    Fix: keep alt text in the image's alt attribute, out of the article text.
    """

    code = "BA310"
    name = "ImageCaptionResidue"
    message = "Image alt-text or photo-credit residue in the article text."
    whole_match = True
    hints = frozenset({"image_alt"})
    patterns: ClassVar[list[re.Pattern[str]]] = [
        re.compile(
            r"^[^\S\n]*(?:image|photo|picture|photo credit|image credit|credit"
            r"|source: shutterstock)\s*:\s*[^\n]{0,120}$",
            _F,
        ),
        re.compile(
            r"\b(?:photo|image) by [\w .'-]{2,40} on (?:Unsplash|Pexels|Pixabay|Freepik)\b", re.I
        ),
        re.compile(r"\balt\s*=\s*[\"'][^\"'\n]{0,120}[\"']?", re.I),
        re.compile(r"\bAvatar photo\b", re.I),
        re.compile(
            r"\b(?:close[- ]up|closeup|stock photo|photo|image"
            r"|picture)\s+of\s+[\w ,'-]{3,60}?\s+(?:on|against|over)\s+"
            r"(?:a\s+)?(?:white|black|blue|grey|gray|wooden|dark|plain|pink"
            r"|yellow)\s+(?:background|table|surface)\b",
            re.I,
        ),
    ]


_needles(CallToAction, [
    ("ready",),
    ("ready",),
    ("call us", "contact us", "text us", "message us"),
    ("now", "today"),
])
_needles(PhoneNumber, [None])
_needles(ContactFormPrompt, [
    ("form",), ("verify",), ("check",), ("request",), ("enter",), ("send",),
])
_needles(ConfidentialityPitch, [
    ("confidential",), ("confidential",), ("100",), ("free", "confidential"), ("24/7",),
    ("24/7",), ("obligation",),
])
_needles(InsurancePricingPitch, [
    ("insur", "plans", "medicaid", "medicare"), ("accepted",), ("covered",), ("$",), ("$",),
    ("financing", "payment"), ("insurance", "medicaid", "medicare", "health plans"), ("to you",),
    ("shipping", "delivery"), ("%",), ("code",), ("cover",),
])
_needles(SelfPromotion, [
    ("our",), ("at",), ("we",), ("our",),
    ("best", "world", "top", "award", "#1", "number", "leading"),
    ("recovery", "treatment", "rehab", "detox", "wellness", "behavioral"),
    ("proud", "leading", "premier", "best", "top", "#1", "number one", "highest", "most"),
    ("fact", "review", "only", "accurate"),
])
_needles(AuthorBioPuffery, [
    ("author",), ("writer",), ("writer", "author", "journalist", "blogger", "columnist"),
    ("follow",),
])
_needles(CommentWidget, [
    ("leave",), ("email",), ("required",), ("comment", "reply"), ("notify",), ("save",),
    ("comment", "respons", "repl"),
])
_needles(AdNetworkResidue, [
    ("direct", "reseller"), ("verif",),
    ("clickcease", "clickguard", "cheq", "lunio", "ppc", "fraud", "trafficguard"), ("(",),
    ("advert", "sponsored", "choices"),
])
_needles(ImageCaptionResidue, [
    (":",), ("unsplash", "pexels", "pixabay", "freepik"), ("alt",), ("avatar",),
    ("background", "table", "surface"),
])


@register
class TemplateBoilerplate(Rule):
    """A block that recurs word for word across several articles of one run (template boilerplate).

    What it flags: a paragraph or list item (four words or more) that appears in at least
    `boilerplate_min_articles` different articles of the same audit run or crawl: site-wide
    promos, disclaimers and sign-offs pasted into every article body.
    Why: text repeated on every page is template, not article; it inflates every page the same
    way and hides what is specific to each article. Headings and reference entries are not flagged.
    Flagged example: Our caring admissions team is standing by to answer your questions.
    Fine example: A paragraph that appears in only one article of the run.
    Fix: move the block to the site template, or exclude it with `ignore_blocks`.
    """

    code = "BA311"
    name = "TemplateBoilerplate"
    category = "marketing"
    severity = "low"
    message = "Template boilerplate: this block recurs in {n} articles of this run."
    fix = "Move the block out of the article body (or list it under ignore_blocks)."

    def check(self, ctx: AuditContext) -> Iterable[Finding]:
        return ()  # works across articles: see apply_template_boilerplate


def _block_key(text: str) -> str | None:
    import hashlib

    norm = " ".join(re.findall(r"\w+", text.lower()))
    if len(norm.split()) < 4:
        return None
    return hashlib.blake2b(norm.encode("utf-8"), digest_size=12).hexdigest()


def apply_template_boilerplate(results: list, auditor) -> None:
    """Run-level pass: flag blocks recurring in >= boilerplate_min_articles articles (by hash)."""
    from ..score import score_findings
    from .base import AuditContext as _Ctx

    config = auditor.config
    if not config.rule_enabled(TemplateBoilerplate.code):
        return
    threshold = max(2, int(config.boilerplate_min_articles))
    where: dict[str, list[tuple[int, int, int]]] = {}
    articles_with: dict[str, set[str]] = {}
    for idx, result in enumerate(results):
        article = result.article
        digest = article.text_sha256
        for block in article.blocks:
            if block.kind in ("heading", "citation") or block.region == "references":
                continue
            key = _block_key(block.text)
            if key is None:
                continue
            where.setdefault(key, []).append((idx, block.start, block.end))
            articles_with.setdefault(key, set()).add(digest)
    rule = TemplateBoilerplate()
    severity = config.severity_for(rule.code, rule.severity)
    touched: set[int] = set()
    for key, places in where.items():
        n = len(articles_with[key])
        if n < threshold:
            continue
        for idx, start, end in places:
            result = results[idx]
            start, end = trim(result.article.text, start, end)
            if any(f.rule == rule.code and f.start == start for f in result.findings):
                continue
            ctx = _Ctx(result.article, [], result.claims, auditor.refs, config)
            f = rule.finding(
                ctx, start, end, rule.message.format(n=n), severity=severity, fix=rule.fix
            )
            kept = auditor._filter(result.article, [f]) if hasattr(auditor, "_filter") else [f]
            if kept:
                result.findings.append(kept[0])
                touched.add(idx)
    for idx in touched:
        result = results[idx]
        result.findings.sort(key=lambda f: (f.start, f.end, f.rule))
        result.score, result.score_breakdown = score_findings(result.findings)


def _register_pass() -> None:
    from .base import RUN_LEVEL_PASSES

    if apply_template_boilerplate not in RUN_LEVEL_PASSES:
        RUN_LEVEL_PASSES.append(apply_template_boilerplate)


_register_pass()
