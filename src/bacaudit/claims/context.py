"""Context cues that decide what a sentence really claims.

Polarity is decided at the claim trigger, inside its clause, not on entities: "is not approved
by the FDA" negates the approval, not the agency. Cues are plain regular expressions over the
lower-cased sentence: they are few, readable, and cheap next to tokenisation.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

CLAUSE_BREAK = re.compile(
    r";|:\s|(?<!\s)\s+but\s+|,\s*(?:and|while|whereas|although|though|yet|however|so)\s+"
    r"|(?<!\s)\s+whereas\s+|(?<!\s)\s+however,?\s+"
    r"|(?<!\s)\s+while\s+(?=\w+\s+(?:is|are|was|has|have|remains))"
)
LEADING_SUBORDINATE = re.compile(
    r"^(?:while|although|though|even though|whereas|unlike|despite)\b", re.I
)

NEGATION = re.compile(
    r"\b(?:not|never|no|none|neither|nor|without|lacks?|lacking|cannot|isn't|aren't|wasn't|"
    r"weren't|hasn't|haven't|hadn't|doesn't|don't|didn't|won't|wouldn't|yet to|nothing|"
    r"unapproved|non-approved|uncontrolled|non-controlled|noncontrolled|"
    r"isn’t|aren’t|wasn’t|hasn’t|haven’t|doesn’t|don’t|didn’t)\b"
)
DELAYED_NEGATION = re.compile(
    r"\b(?:is|are|was|were|has|have|had|does|do|did)\s+(?:not|never)\s*,(?=[^;:]*,)"
)
HEDGE = re.compile(
    # "may", but not the month ("in May 2018", "on May 16", "May 2018")
    r"\b(?:may(?!\s+\d)(?<!\bin may)(?<!\bof may)|might|could|possibly|potentially|perhaps|"
    r"probably|likely|unlikely|suggests?|"
    r"suggested|believed?|thought to|appears? to|seems? to|it is hoped|hypothesi[sz]ed|"
    r"some studies|some research|some evidence|can potentially|proposed)\b"
)
REPORTED = re.compile(
    r"\b(?:some (?:sites|websites|people|sources|articles|claim|say)|(?:sites|people|websites|"
    r"sources|rumou?rs?|others) (?:claim|say|said|state|suggest)|it is (?:often |commonly "
    r"|widely )?"
    r"(?:claimed|said|rumou?red)|(?:claims?|claimed) that|myth|misconception|misinformation|"
    r"falsely|incorrectly|wrongly|contrary to)\b"
)
DENIAL = re.compile(
    r"(?:\bit (?:is|isn't|is not|was) not\b|\bit isn['’]t\b|\bthis is (?:false|not "
    r"true|untrue|wrong|"
    r"incorrect)|\bthat is (?:false|not true|untrue|wrong)|\b(?:is|are) a myth\b|\bit is a myth\b|"
    r"\bmyth\b|\bnot true\b|\bfalse\b|\bincorrect(?:ly)?\b|\bwrong(?:ly)?\b|\bmisconception\b)"
)
QUESTION_START = re.compile(
    r"^(?:is|are|was|were|can|could|does|do|did|should|will|would|has|have|what|which|who|how|"
    r"why|when|where)\b",
    re.I,
)
RESEARCH = re.compile(
    r"\b(?:trials?|stud(?:y|ies|ied)|participants?|subjects|researchers?|investigat\w*|"
    r"randomi[sz]ed|placebo|cohorts?|case reports?|case series|meta-analys[ie]s|"
    r"experiments?|experimental|high[- ]dose|high doses|were given|was given|received|"
    r"were administered|administered|titrated|rats|mice|animal|patients were|"
    r"has been used|have been used|were used|was used|reported|published|evaluated|tested|"
    r"protocols?|in practice|up to \d+ ?mg (?:have|has) been)\b"
)
PAST = re.compile(
    r"\b(?:until|formerly|previously|used to be|originally|was once|at the time|historically|"
    r"before (?:19|20)\d\d|prior to|no longer|was moved|were moved|rescheduled|"
    r"temporary recommendation|rtu|at first|back then|in the past)\b"
)
# "Today French doctors can still prescribe it under the RTU": a present claim about a
# regime the PAST cues would otherwise mark as history
NOW = re.compile(r"\b(?:today|currently|nowadays|at present|as of today|right now)\b")
PAST_VERB = re.compile(r"\b(?:was|were|had|used to|ended|expired|replaced|until)\b")

JURISDICTIONS: list[tuple[str, re.Pattern[str]]] = [
    # several countries at once: no single reference applies ("some European countries")
    (
        "OTHER",
        re.compile(
            r"\b(?:some|several|many|other|certain|various|a few|most) (?:\w+ )?countries\b"
        ),
    ),
    ("FR", re.compile(r"\b(?:france|french|ansm|rtu|baclocur)\b")),
    ("AU", re.compile(r"\b(?:australia|australian|tga)\b")),
    # the EU as an authority; "Europe" alone is a set of countries with their own decisions
    ("EU", re.compile(r"\b(?:european union|ema|e\.u\.|eu|eu-wide|europe-wide|centrali[sz]ed)\b")),
    ("OTHER", re.compile(r"\b(?:europe|european)\b")),
    ("UK", re.compile(r"\b(?:united kingdom|u\.k\.|uk|britain|british|mhra|nhs)\b")),
    ("CA", re.compile(r"\b(?:canada|canadian|health canada)\b")),
    (
        "OTHER",
        re.compile(
            r"\b(?:italy|italian|austria|austrian|germany|german|netherlands|dutch|"
            r"spain|spanish|switzerland|swiss|india|china|japan|many countries|some countries|"
            r"other countries|several countries|worldwide|internationally)\b"
        ),
    ),
    (
        "US",
        re.compile(
            r"(?:\bu\.s\.|\busa\b|\bunited states\b|\bamerica|\bfda\b|\bdea\b|\bthe us\b|"
            r"\bus (?:label|market|patients|doctors|federal)\b)"
        ),
    ),
]
ROUTES: list[tuple[str, re.Pattern[str]]] = [
    (
        "intrathecal",
        re.compile(
            r"\b(?:intrathecal\w*|pumps?|spinal fluid|cerebrospinal|csf|"
            r"itb|spinal catheter|implanted)\b"
        ),
    ),
    ("sublingual", re.compile(r"\b(?:sublingual\w*|under the tongue|buccal)\b")),
    (
        "transdermal",
        re.compile(r"\b(?:transdermal\w*|topical\w*|applied to the skin|cream|patch)\b"),
    ),
    ("injection", re.compile(r"\b(?:inject\w*|intravenous\w*|intramuscular\w*|subcutaneous\w*)\b")),
    (
        "oral",
        re.compile(
            r"\b(?:oral|orally|by mouth|tablets?|pills?|capsules?|liquid|suspension|"
            r"granules|solution)\b"
        ),
    ),
]
# scope.formulation values a sentence can name (reference_claims/README.md)
FORMULATIONS: list[tuple[str, re.Pattern[str]]] = [
    (
        "fda_approved_product",
        re.compile(
            r"\b(?:prescri\w+|fda[- ]approved|approved (?:products?|forms?|medicines?|"
            r"medications?|drugs?|versions?)|pharmaceutical(?:[- ]grade)?|medical use|"
            r"legitimate medical)\b"
        ),
    ),
    (
        "combination",
        re.compile(r"\b(?:combination|combined with|with acetaminophen|with aspirin|tylenol)\b"),
    ),
    ("cough_preparation", re.compile(r"\b(?:cough (?:syrups?|medicines?|mixtures?)|syrups?)\b")),
    ("single_entity", re.compile(r"\b(?:single[- ]entity|on its own|by itself|alone)\b")),
]


def find_formulations(lower: str) -> list[str]:
    return [code for code, pat in FORMULATIONS if pat.search(lower)]


POPULATIONS: list[tuple[str, re.Pattern[str]]] = [
    (
        "pediatric",
        re.compile(
            r"\b(?:child(?:ren)?|paediatric|pediatric|kids?|infants?|adolescents?|"
            r"teens?|under (?:the age of )?1[0-8])\b"
        ),
    ),
    (
        "hospitalised",
        re.compile(
            r"\b(?:hospitali[sz]ed|inpatients?|in hospital|in the hospital|"
            r"hospital setting)\b"
        ),
    ),
    ("elderly", re.compile(r"\b(?:elderly|older adults|older patients|geriatric)\b")),
    (
        "renal",
        re.compile(
            r"\b(?:renal (?:impairment|failure|insufficiency)|kidney (?:disease|failure|"
            r"impairment)|dialysis|impaired renal)\b"
        ),
    ),
]


def clause_bounds(text: str) -> list[tuple[int, int]]:
    """Clause spans of a sentence; a leading "While X, ..." is its own clause."""
    cuts = [0]
    m = LEADING_SUBORDINATE.match(text)
    if m:
        comma = text.find(",", m.end())
        if comma > 0:
            cuts.append(comma + 1)
    for b in CLAUSE_BREAK.finditer(text):
        if b.start() > 0:
            cuts.append(b.start())
    cuts = sorted(set(cuts))
    bounds = [(a, b) for a, b in zip(cuts, [*cuts[1:], len(text)], strict=True)]
    return [(a, b) for a, b in bounds if b > a]


def clause_of(text: str, pos: int) -> tuple[int, int]:
    for a, b in _cached_bounds(text):
        if a <= pos < b:
            return a, b
    return 0, len(text)


@dataclass
class Cues:
    """The context of one claim trigger; stored in Claim.context for the report and verifier."""

    negated: bool = False
    hedged: bool = False
    question: bool = False
    reported: bool = False  # someone else's claim, not the article's
    denied: bool = False  # a reported claim the article then rejects (myth-busting)
    research: bool = False
    past: bool = False
    route: str | None = None
    jurisdiction: str = "US"
    jurisdiction_named: bool = False
    population: str | None = None
    extra: dict = field(default_factory=dict)

    def to_context(self) -> dict:
        d = {
            "route": self.route,
            "jurisdiction": self.jurisdiction,
            "population": self.population,
            "research": self.research,
            "question": self.question,
            "reported": self.reported,
            "denied": self.denied,
            "past": self.past,
        }
        d.update(self.extra)
        return {k: v for k, v in d.items() if v not in (None, False)}


def negated_before(lower: str, start: int, trigger: int, window: int = 60) -> bool:
    """A negation word between the clause start (or `window` chars back) and the trigger."""
    lo = max(start, trigger - window)
    if NEGATION.search(lower, lo, trigger) is not None:
        return True
    # "has not, despite years of petitions, been placed in ...": a negation that a
    # parenthetical separates from its predicate still governs it
    return DELAYED_NEGATION.search(lower, start, trigger) is not None


# A sentence with many triggers ("10 mg, 20 mg, ...") asks the same questions of the same text
# once per trigger: the answers are cached so the work stays linear in the sentence.
@functools.lru_cache(maxsize=512)
def _cached_bounds(text: str) -> tuple[tuple[int, int], ...]:
    return tuple(clause_bounds(text))


@functools.lru_cache(maxsize=512)
def _sentence_flags(lower: str) -> tuple[bool, bool]:
    """(research, past) for a whole lower-cased sentence."""
    research = RESEARCH.search(lower) is not None
    past = PAST.search(lower) is not None and not (
        NOW.search(lower) and not PAST_VERB.search(lower)
    )
    return research, past


@functools.lru_cache(maxsize=1024)
def find_jurisdiction(lower: str) -> str | None:
    for code, pat in JURISDICTIONS:
        if pat.search(lower):
            return code
    return None


@functools.lru_cache(maxsize=1024)
def find_route(lower: str) -> str | None:
    for code, pat in ROUTES:
        if pat.search(lower):
            return code
    return None


def route_near(text: str, trigger: int) -> str | None:
    """The route named closest before the trigger, else the first one after it.

    "Baclofen tablets carry the same boxed warning as the pump" is about tablets; "unlike oral
    baclofen, the intrathecal form carries a boxed warning" is about the intrathecal form.
    """
    before: tuple[int, str] | None = None
    after: tuple[int, str] | None = None
    for start, code in _route_hits(text):
        if start <= trigger:
            if before is None or start > before[0]:
                before = (start, code)
        elif after is None or start < after[0]:
            after = (start, code)
    found = before or after
    return found[1] if found else None


@functools.lru_cache(maxsize=512)
def _route_hits(text: str) -> tuple[tuple[int, str], ...]:
    return tuple((m.start(), code) for code, pat in ROUTES for m in pat.finditer(text))


@functools.lru_cache(maxsize=512)
def _hedged(clause_text: str) -> bool:
    return HEDGE.search(clause_text) is not None


@functools.lru_cache(maxsize=512)
def find_population(lower: str) -> str | None:
    for code, pat in POPULATIONS:
        if pat.search(lower):
            return code
    return None


def _most_recent(find, before: str) -> str | None:
    """The cue of the latest earlier sentence that has one (`before` is one per line)."""
    for line in reversed(before.split("\n")):
        found = find(line)
        if found:
            return found
    return None


def sentence_cues(lower: str, clause: tuple[int, int], trigger: int, before: str = "") -> Cues:
    """Cues for a trigger at `trigger` in clause `clause` of the lower-cased sentence.

    `before` is the lower-cased text of the earlier sentences of the same block (and its
    heading), read only for jurisdiction and route, which carry over within a paragraph.
    """
    a, b = clause
    clause_text = lower[a:b]
    c = Cues()
    c.negated = negated_before(lower, a, trigger)
    c.hedged = _hedged(clause_text)
    stripped = lower.rstrip(" )\"'”’")
    c.question = stripped.endswith("?") or (
        QUESTION_START.match(lower) is not None and stripped.endswith("?")
    )
    if REPORTED.search(lower, 0, b):
        c.reported = True
        if DENIAL.search(lower, b) or DENIAL.search(clause_text):
            c.denied = True
    c.research, c.past = _sentence_flags(lower)
    route = (
        route_near(clause_text, trigger - a)
        or find_route(lower[:a])
        or _most_recent(find_route, before)
    )
    c.route = route
    # the claim's own clause, then what came before it: "..., though French doctors" does not
    # move the first clause to France
    j = find_jurisdiction(clause_text) or find_jurisdiction(lower[:a])
    if j is None and before:
        j = _most_recent(find_jurisdiction, before)
    if j is not None:
        c.jurisdiction = j
        c.jurisdiction_named = True
    c.population = find_population(lower)
    return c
