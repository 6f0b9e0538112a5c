"""Promotion found from structure and the marketing lexicon, not from fixed sentences.

A call to action is an imperative addressed to the reader (a clause opening with a commercial
verb, or "you can / let us help you / we'll help you" + that verb) whose object or modifiers sell:
a booking, product, membership or the seller's staff, "our"/"us", a price, a brand, urgency.
An imperative toward the reader's own doctor, a safety line or a medical action is advice and
never counts. Promotion is a first-person-plural or named provider offering a service, a
sponsorship line, a newsletter or app pitch, author-bio puffery, or comment and login furniture.

Every test reads its words from rules/lexicons/marketing.toml (extendable in the config); the
parser, when present, confirms that a candidate clause really opens with a base-form verb.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache

from .base import AuditContext
from .lexicon import Lexicon, config_lexicon
from .spans import sentence_span, trim
from .syntax import is_imperative, parse_clauses

_CLAUSE_BREAK = re.compile(r"[?!:;]\s+|\s[-–—]\s|\.\s+(?=[A-Z])|\n")
_WORD = re.compile(r"[A-Za-z$#][\w'’$%#-]*|\d[\d,.]*%?")
# After the verb, words that open its object or complement: an imperative's next word.
_OBJECT_OPENERS = frozenset(
    """your our a an the us me this these that those up in out on with to for today now online
    more here free one any some back started it them yourself all every my its their tonight
    instantly anytime by from at same-day same""".split()  # noqa: SIM905 - a word list reads better
)
_YOU_CAN = re.compile(
    r"\b(?:you\s+can|you['’]ll\s+be\s+able\s+to|you\s+could|let\s+us\s+help\s+you"
    r"|we['’]ll\s+help\s+you|we\s+will\s+help\s+you|we\s+can\s+help\s+you|we\s+help\s+you"
    r"|(?:we|we['’]ll|we\s+will)\s+make\s+it\s+easy\s+to|it['’]s\s+easy\s+to|click\s+here\s+to"
    r"|tap\s+here\s+to)\s+(?:easily\s+|now\s+|also\s+|quickly\s+)?",
    re.I,
)
_CONDITION = re.compile(
    r"\bif\s+(?:you|someone|they|your\s+child|a\s+child)\s+(?:have|has|had|notice|feel|develop"
    r"|experience|think|stop|are|is|took|take|swallow|miss|become|get)\b",
    re.I,
)
_PRICE = re.compile(
    r"\$\s?\d|\b\d+\s?%|\bfree\b|\bno[- ]cost\b|\(?\b\d{3}\)?[\s.-]\d{3}[\s.-]\d{4}\b", re.I
)  # a price, a discount, "free", or a phone number to ring
_OUR = re.compile(r"\b(?:our|us|we)\b", re.I)
_CAP = re.compile(r"(?<![\w.])([A-Z][\w'’&-]*(?:\s+[A-Z][\w'’&-]*){0,3})")
_BRAND_CUE = re.compile(
    r"\b(?:with|at|from|via|through|on|join|try|download|get)\s+([A-Z][\w'’&-]*(?:\s+[A-Z][\w'’&-]*)"
    r"{0,3})|(?<![\w'’&-])([A-Z][\w'’&-]*(?:\s+[A-Z][\w'’&-]*){0,3})\s+(?:app|membership|members)\b"
)
_NOT_BRAND = frozenset(
    """I FDA CDC NIH NIDA NIAAA SAMHSA DEA WHO NHS VA Medicare Medicaid Google Apple App Store
    Play Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April
    May June July August September October November December English Spanish""".split()  # noqa: SIM905
)
_STUDY = re.compile(
    r"\b(?:stud(?:y|ies)|trials?|participants|cohort|researchers|analy[sz]ed|we\s+found"
    r"|in\s+this\s+(?:article|guide|review|post|piece))\b",
    re.I,
)
_THIRD_PARTY_TAIL = re.compile(
    r"\b(?:University|Institute|Administration|Agency|Department|Association|Society|College"
    r"|School|Foundation|Organi[sz]ation|Council|Academy|Commission|Journal|Hospital"
    r"|Library|Trial|Study)\b"
)


@dataclass(frozen=True)
class Patterns:
    """The regular expressions built from one lexicon (cached per lexicon)."""

    verb: re.Pattern[str]
    strong: re.Pattern[str]
    weak: re.Pattern[str]
    adverb: re.Pattern[str]
    medical: re.Pattern[str]
    safety: re.Pattern[str]
    # Whole-text scanners (service, sponsor, pitch, widget, bio) are compiled without re.I and
    # run on the lower-cased text (see lowered()): matching case-sensitively is several times
    # faster. service holds the verbs; the subject is read back from each one.
    service: re.Pattern[str]
    editorial: re.Pattern[str]
    sponsor: re.Pattern[str]
    pitch: re.Pattern[str]
    widget: re.Pattern[str]
    bio: re.Pattern[str]
    provider_words: frozenset[str]
    first_words: dict[str, tuple[str, ...]]
    buttons: frozenset[str]
    instruction: frozenset[str]
    safety_numbers: frozenset[str]


def _words(lex: Lexicon, key: str) -> str:
    return rf"(?<![\w-])(?:{lex.alternation(key)})(?![\w-])"


@lru_cache(maxsize=16)
def _patterns_for(lex: Lexicon) -> Patterns:
    openers = lex.alternation("imperative_openers")
    return Patterns(
        verb=re.compile(
            rf"^\W*(?:(?:{openers})[\s,]+)*(?P<verb>{lex.alternation('commercial_verbs')})"
            r"(?![\w-])",
            re.I,
        ),
        strong=re.compile(_words(lex, "commercial_objects"), re.I),
        weak=re.compile(_words(lex, "weak_objects"), re.I),
        adverb=re.compile(_words(lex, "prompt_adverbs"), re.I),
        medical=re.compile(_words(lex, "medical_persons"), re.I),
        safety=re.compile(_words(lex, "safety_lines"), re.I),
        service=re.compile(rf"(?<![\w-])(?P<verb>{lex.alternation('service_verbs')})(?![\w-])"),
        editorial=re.compile(_words(lex, "editorial_objects"), re.I),
        sponsor=re.compile(_words(lex, "sponsor_phrases")),
        pitch=re.compile(_words(lex, "pitch_phrases")),
        widget=re.compile(_words(lex, "widget_phrases")),
        bio=re.compile(
            rf"{_words(lex, 'puffery_words')}(?:\s+[\w-]+){{0,2}}?\s+"
            rf"(?:{lex.alternation('writer_nouns')})s?\b"
            r"|\bwhose\s+(?:work|writing|articles|stories)\s+(?:has|have)\s+(?:been\s+featured"
            r"|appeared|been\s+published)\s+(?:in|on|by)\b",
        ),
        provider_words=lex.set("provider_words"),
        first_words={
            which: _first_words(lex, key)
            for which, key in (
                ("sponsor", "sponsor_phrases"),
                ("pitch", "pitch_phrases"),
                ("widget", "widget_phrases"),
                ("bio", "writer_nouns"),
            )
        },
        buttons=lex.set("button_labels"),
        instruction=lex.set("instruction_verbs"),
        safety_numbers=lex.set("safety_numbers"),
    )


def _first_words(lex: Lexicon, key: str) -> tuple[str, ...]:
    """The entries to look for as plain substrings before running the list's pattern (for the
    bio pattern, its writer nouns and "whose", one of which every match holds)."""
    return (*lex[key], "whose") if key == "writer_nouns" else tuple(lex[key])


def lowered(ctx: AuditContext) -> str:
    """The article text lower-cased with the same offsets (the text itself when lowering would
    change its length, and the scanners then miss capitalised forms, never misplace a span)."""
    low = ctx.extras.get("lowered_text")
    if low is None:
        low = ctx.extras["lowered_text"] = ctx.article.text.lower()
    return low if len(low) == len(ctx.article.text) else ctx.article.text


def patterns(ctx: AuditContext) -> Patterns:
    return _patterns_for(config_lexicon(ctx.config, "marketing"))


def mentions_safety_line(p: Patterns, text: str) -> bool:
    """Does the text name a safety helpline or emergency number (988, Poison Control ...)?"""
    if p.safety.search(text):
        return True
    digits = re.sub(r"\D", "", text)
    return any(n in digits for n in p.safety_numbers if len(n) >= 6)


def is_safety_number(p: Patterns, number: str) -> bool:
    digits = re.sub(r"\D", "", number)
    return digits in p.safety_numbers or digits.lstrip("1") in p.safety_numbers


_BREAK_CHARS = frozenset("?!:;-–—\n.")


def _clauses(text: str, start: int, end: int) -> list[tuple[int, int]]:
    if _BREAK_CHARS.isdisjoint(text[start : end - 1]):
        return [trim(text, start, end)]  # one clause: nothing inside could split it
    out = []
    pos = start
    for m in _CLAUSE_BREAK.finditer(text, start, end):
        out.append((pos, m.start() + 1))
        pos = m.end()
    out.append((pos, end))
    return [trim(text, a, b) for a, b in out if b > a]


def _is_line(text: str, a: int, b: int) -> bool:
    """Does [a, b) stand alone on its line (a button label rather than part of a sentence)?"""
    before = text.rfind("\n", 0, a)
    after = text.find("\n", b)
    return (
        not text[before + 1 : a].strip()
        and not text[b : after if after >= 0 else len(text)].strip()
    )


# The reader's own clinicians however the page words them ("your clinic doctor, nurse or
# pharmacist", "the pharmacy staff"): contacting them is advice, whatever the lexicon lists.
OWN_CLINICIAN = re.compile(
    r"\b(?:your|the)\s+(?:[\w-]+\s+){0,2}?(?:doctors?|physicians?|pharmacists?|nurses?"
    r"|prescribers?|clinicians?|gp|pharmacy\s+(?:staff|team)|care\s+team)\b",
    re.I,
)


def _sales_cues(p: Patterns, rest: str, verb: str) -> int:
    """How strongly the words after a commercial verb sell (0: not at all)."""
    if p.medical.search(rest) or OWN_CLINICIAN.search(rest) or mentions_safety_line(p, rest):
        return 0
    strong = bool(p.strong.search(rest))
    ours = bool(_OUR.search(rest))
    price = bool(_PRICE.search(rest))
    score = 2 * (strong or ours or price)
    score += bool(p.weak.search(rest))
    score += _has_brand(rest)
    if verb.lower() not in p.instruction:
        score += bool(p.adverb.search(rest))
        score += bool(p.adverb.match(rest.strip()))  # "Call now ...": urgency right on the verb
    if _CONDITION.search(rest) and not (ours or price):
        score -= 1
    return score


def _has_brand(rest: str) -> bool:
    for m in _BRAND_CUE.finditer(rest):
        name = m.group(1) or m.group(2) or ""
        if name.split()[0] not in _NOT_BRAND and not _THIRD_PARTY_TAIL.search(name):
            return True
    return False


def _imperative_at(p: Patterns, clause: str) -> str | None:
    """The commercial verb a clause opens with, when the next word can start its object."""
    m = p.verb.match(clause)
    if not m:
        return None
    verb = m.group("verb")
    after = clause[m.end() :].split(None, 1)
    if not after:
        return verb  # a lone button label: "Book now", "Subscribe"
    nxt = after[0].strip(",.!").lower()
    if nxt in _OBJECT_OPENERS or nxt.startswith(("$", "#")) or nxt[:1].isdigit():
        return verb
    if after[0][:1].isupper() or p.strong.match(after[0]) or p.weak.match(after[0]):
        return verb
    return None


def call_to_action_spans(ctx: AuditContext) -> list[tuple[int, int]]:
    """Sentences holding a sales imperative or a "you can / let us help you" sales offer."""
    cached = ctx.extras.get("cta_spans")
    if cached is not None:
        return cached
    p = patterns(ctx)
    text = ctx.article.text
    candidates: list[tuple[int, int, str, bool]] = []  # start, end, clause, worth a parse
    offers = [m.start() for m in _YOU_CAN.finditer(text)]  # "you can ...", once per article
    for sent in _prose_sentences(ctx):
        for a, b in _clauses(text, sent.start, sent.end):
            clause = text[a:b]
            verb = _imperative_at(p, clause)
            if verb is not None:
                rest = clause[len(verb) :] if clause.lower().startswith(verb.lower()) else clause
                label = clause.strip(" !.")
                lone = label.lower() in p.buttons or (
                    len(label.split()) in (2, 3)
                    and bool(p.adverb.search(rest) or p.strong.search(rest))
                    and not rest.strip(" !.").lower().startswith(("to ", "of ", "and "))
                    and clause == text[a:b]
                    and _is_line(text, a, b)
                )
                cues = 0 if lone else _sales_cues(p, rest, verb)
                if lone or cues >= 2:
                    # only a borderline case is put to the parser: "Text messages from ..."
                    candidates.append((a, b, clause, cues == 2))
                    continue
            i = bisect_right(offers, a - 1)
            if i >= len(offers) or offers[i] >= b:
                continue
            for m in _YOU_CAN.finditer(clause):
                tail = clause[m.end() :]
                vm = p.verb.match(tail)
                if not vm:
                    continue
                cues = _sales_cues(p, tail[vm.end() :], vm.group("verb"))
                cues += bool(cues) and _has_brand(clause[: m.start()])
                if cues >= 2:
                    candidates.append((a, b, clause, False))
                    break
    parses = parse_clauses(ctx, [c for _, _, c, check in candidates if check])
    spans = []
    for a, b, clause, check in candidates:
        doc = parses.get(clause) if check else None
        if doc is not None and is_imperative(doc) is False:
            continue
        spans.append(sentence_span(ctx, a, b))
    ctx.extras["cta_spans"] = spans
    return spans


def phrase_spans(ctx: AuditContext, which: str) -> list[tuple[int, int]]:
    """Sentences holding a lexicon phrase of kind `which` (sponsor, pitch, widget, bio)."""
    p = patterns(ctx)
    pattern: re.Pattern[str] = getattr(p, which)
    text = ctx.article.text
    flat = ctx.extras.get("flat_lowered_text")
    if flat is None:
        flat = ctx.extras["flat_lowered_text"] = " ".join(text.lower().split())
    if not any(w in flat for w in p.first_words[which]):
        return []  # no entry of the list occurs in the article (a substring test per entry)
    return [sentence_span(ctx, m.start(), m.end()) for m in pattern.finditer(lowered(ctx))]


# The subject of a service verb, read backwards from the verb: "we", "our team", a name.
_WE_SUBJECT = re.compile(
    r"\b(?:we|we['’]re|we\s+are|our\s+(?:[\w-]+\s+){0,2}?(?:team|staff|clinicians|doctors"
    r"|experts|specialists|counselors|providers|physicians|nurses|therapists|program"
    r"|programs|center|centers|clinic|clinics|facility))\s+(?:also\s+|now\s+|proudly\s+"
    r"|currently\s+|gladly\s+)?$",
    re.I,
)
_NAME_SUBJECT = re.compile(
    r"(?<![\w.])(?P<name>[A-Z][\w'’&-]*(?:\s+[A-Z][\w'’&-]*){0,3})\s+(?:also\s+|now\s+"
    r"|proudly\s+)?$"
)


def service_offer_spans(ctx: AuditContext, names: set[str]) -> list[tuple[int, int]]:
    """A first-person-plural or named provider offering a service ("we offer same-day intake")."""
    p = patterns(ctx)
    text = ctx.article.text
    out = []
    for v in p.service.finditer(lowered(ctx)):
        window_start = max(0, v.start() - 70)
        window = text[window_start : v.start()]
        verb = text[v.start() : v.end()]
        we = _WE_SUBJECT.search(window)
        if we is not None:
            start = window_start + we.start()
            tail = text[v.end() : v.end() + 80].split(".")[0]
            span = sentence_span(ctx, start, v.end())
            sentence = text[span[0] : span[1]]
            if _editorial(p, tail) or _STUDY.search(sentence):
                continue
            if not tail.strip() and verb.lower() not in ("can help", "will help"):
                continue
            out.append(span)
            continue
        named = _NAME_SUBJECT.search(window)
        if named is None or not verb[:1].islower():
            continue
        name = named.group("name")
        first = name.split()[0]
        if first in _NOT_BRAND or first.lower() in names or _THIRD_PARTY_TAIL.search(name):
            continue
        if first in ("The", "This", "That", "These", "Each", "Every", "Most", "Many", "Some"):
            continue
        span = sentence_span(ctx, window_start + named.start(), v.end())
        sentence = text[span[0] : span[1]]
        if _STUDY.search(sentence):
            continue
        tail = text[v.end() : span[1]]
        if _editorial(p, tail):
            continue
        named_provider = name.split()[-1].lower() in p.provider_words and len(name.split()) > 1
        proud = "proud" in verb.lower()
        if not (named_provider or proud or _PRICE.search(tail) or p.strong.search(tail)):
            continue
        out.append(span)
    return out


def _editorial(p: Patterns, tail: str) -> bool:
    """Does the object offered read as editorial content ("an overview", "some tips")?"""
    tail = re.sub(
        r"^\s*(?:you\s+|readers\s+)?(?:a|an|the|some|more|our|this|these|clear|brief|"
        r"short|quick|detailed|general|basic|practical)\s+",
        "",
        tail,
        flags=re.I,
    )
    tail = re.sub(
        r"^(?:a|an|the|brief|short|quick|detailed|general|basic|practical)\s+",
        "",
        tail.strip(),
        flags=re.I,
    )
    return bool(p.editorial.match(tail.strip()))


def object_follows(p: Patterns, text: str, end: int) -> bool:
    """Can the word at `end` open a verb's object (so the word before is an imperative)?"""
    after = text[end : end + 40].split(None, 1)
    if not after:
        return True
    word = after[0]
    low = word.strip(",.!").lower()
    return (
        low in _OBJECT_OPENERS
        or word[:1].isupper()
        or word[:1].isdigit()
        or word[:1] in "($#+"
        or bool(p.strong.match(word) or p.weak.match(word))
    )


def _prose_sentences(ctx: AuditContext):
    for sent in ctx.sentences:
        block = ctx.article.block_at(sent.start)
        if block is not None and (
            block.kind in ("citation", "code") or block.region == "references"
        ):
            continue
        yield sent
