"""Which sentences make a checkable medical claim, and of what kind, read from their shape.

The uncited rules need to know when a sentence asserts something an editor would want a source
for. Typed claims from `claims/` (doses, approvals, schedules, with their hedge, negation and
research context) answer that for the drugs of the reference set; this module finds the rest
from the sentence's shape, with every vocabulary list in rules/lexicons/uncited.toml:

- quantities: percentages, "X in Y" rates, fractions and proportions of a population ("half of",
  "a third of"), multipliers ("twice as likely", "triples"), change verbs with a quantity or a
  risk ("cuts relapse by a third", "slashes the odds of"), rankings ("the 40th most dispensed",
  "among the ten most misused"), counts of people ("12,000 patients", "thousands of teens");
- evidence: research reported as finding something ("a 2012 study of 100 drinkers found");
- causes and harms stated as fact ("causes memory problems", "can cause seizures");
- doses with units, regulatory status words, and attributions to an agency.

Hedged generic talk, questions, headings, personal narrative, reported myths and "more research
is needed" are not claims.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..citations import AGENCY_NAMES
from ..claims.context import RESEARCH
from .lexicon import Lexicon, load_lexicon

_F = re.I


def _alt(lex: Lexicon, key: str) -> str:
    return rf"(?:{lex.alternation(key)})"


def _shapes(lex: Lexicon) -> dict[str, list[tuple[re.Pattern[str], tuple[str, ...]]]]:
    """Each kind's patterns, each with the lower-case needles one of which every match holds."""
    frac, mult, num = (
        _alt(lex, "fraction_words"),
        _alt(lex, "multipliers"),
        _alt(lex, "number_words"),
    )
    change, risk, people = (
        _alt(lex, "change_verbs"),
        _alt(lex, "risk_nouns"),
        _alt(lex, "people_nouns"),
    )
    rank, study, found = (
        _alt(lex, "ranking_words"),
        _alt(lex, "study_nouns"),
        _alt(lex, "finding_verbs"),
    )
    cause, harm = _alt(lex, "cause_verbs"), _alt(lex, "harm_nouns")
    words = lambda key: WordNeedles(w.lower() for w in lex[key])  # noqa: E731 - a shorthand
    quantity = (
        rf"(?:by\s+)?(?:\d[\d,.]*\s?(?:%|percent\b|per\s?cent\b)|(?:about\s+|nearly\s+|almost\s+"
        rf"|more\s+than\s+|roughly\s+)?{frac}|{mult})"
    )
    magnitude = r"(?:hundreds?|thousands?|millions?|billions?|dozens)"
    efficacy = [
        (re.compile(rf"\b{study}\s+(?:[\w,'’-]+\s+){{0,8}}?{found}\b", _F), words("study_nouns")),
        (
            re.compile(
                r"\b(?:has|have|had|is|are|was|were|been)\s+(?:\w+\s+)?(?:shown|proven|demonstrated|"
                r"found|identified|established)\s+(?:to|as|that)\b",
                _F,
            ),
            ("shown", "proven", "demonstrated", "found", "identified", "established"),
        ),
        (
            re.compile(
                r"\b(?:is|are|was|were|be|been|proven|highly|very|clinically|reasonably)\s+"
                r"(?:\w+\s+)?(?:effective|efficacious|superior to placebo)\s+(?:at|in|for|to)\b",
                _F,
            ),
            ("effective", "efficacious", "superior to placebo"),
        ),
        (re.compile(r"\bsuperior to placebo\b", _F), ("superior to placebo",)),
        (re.compile(rf"\b{change}\s+(?:\w+\s+){{0,3}}?{risk}\b", _F), words("change_verbs")),
        (re.compile(rf"\b{change}\s+(?:[\w-]+\s+){{0,5}}?{quantity}", _F), words("change_verbs")),
    ]
    statistic = [
        (
            re.compile(r"\b\d+(?:\.\d+)?\s?(?:%|percent\b|per\s?cent\b)", _F),
            ("%", "percent", "per cent"),
        ),
        (
            re.compile(
                rf"\b(?:\d+|{num})\s+(?:in|out of)\s+(?:\d+|every|ten|five|four|three|two|a hundred"
                r"|a thousand)\b",
                _F,
            ),
            WordNeedles((*(w.lower() for w in lex["number_words"]), *"0123456789")),
        ),
        (
            re.compile(r"\b\d+(?:\.\d+)?\s*(?:times|-fold)\s+(?:more|less|higher|lower|as)\b", _F),
            ("times", "-fold"),
        ),
        (
            re.compile(
                rf"(?<![\w-])(?<!second\s)(?<!first\s)(?<!other\s)(?<!last\s){frac}\s+(?:of|(?:\w+\s+)?(?:{people}))\b",
                _F,
            ),
            words("fraction_words"),
        ),
        (
            re.compile(
                rf"(?<![\w-]){mult}\s+(?:likely|as\s+(?:likely|many|common|often|much|high|fast)|(?:more|less)"
                rf"\s+(?:likely|common|often|people)|(?:the\s+|their\s+|your\s+|its\s+)?{risk})\b",
                _F,
            ),
            words("multipliers"),
        ),
        (
            re.compile(
                rf"\b(?:ranks?|ranked)\s+(?:among|as|in|first|second|third|\d)|\b(?:among|one\s+of)\s+"
                rf"the\s+(?:\d+|{num}|top\s+\w+)?\s*(?:most|least)\s+(?:\w+\s+)?{rank}"
                rf"|\bthe\s+(?:\d+(?:st|nd|rd|th)|second|third|fourth|fifth|sixth|seventh|eighth|ninth"
                rf"|tenth)\s+(?:most|least|leading|largest|biggest|highest)\b",
                _F,
            ),
            ("rank", "most", "least"),
        ),
        (
            re.compile(
                rf"\b(?:\d{{1,3}}(?:,\d{{3}})+|(?!(?:19|20)\d\d\b)\d{{3,}}|\d+(?:\.\d+)?\s*{magnitude}"
                rf"|(?:{num})\s+{magnitude})\s+(?:(?!(?:and|or|the|to|in|of|who|that|were|was|are|is"
                rf"|from|with|for)\b)[\w-]+\s+){{0,2}}?{people}\b",
                _F,
            ),
            words("people_nouns"),  # every count ends on who is counted
        ),
    ]
    safety = [
        (
            re.compile(
                rf"\b(?:can|will|does|may|could)\s+(?:\w+\s+)?(?:cause|lead to|result in|trigger"
                rf"|produce|induce)\s+(?:\w+[\s,-]+){{0,5}}?{harm}\b",
                _F,
            ),
            ("cause", "lead to", "result in", "trigger", "produce", "induce"),
        ),
        (
            re.compile(
                r"\b(?:is|are)\s+(?:generally\s+|completely\s+|perfectly\s+|very\s+|considered\s+|"
                r"relatively\s+|also\s+)*(?:safe|non-addictive|not addictive|highly addictive"
                r"|addictive|habit[- ]forming|deadly|lethal)\b",
                _F,
            ),
            ("safe", "addictive", "habit", "deadly", "lethal"),
        ),
        (re.compile(r"\b(?:easy|possible|common) to overdose\b", _F), ("to overdose",)),
        (
            re.compile(
                r"\b(?:low|no|little|high|minimal|significant)\s+(?:risk|potential)\s+(?:of|for)\s+"
                r"(?:abuse|addiction|misuse|dependence|overdose)\b",
                _F,
            ),
            ("risk", "potential"),
        ),
        (
            re.compile(
                rf"(?<!\bthe\s)(?<!\bits\s)(?<!main\s)(?<!\bcommon\s)(?<!\bother\s)\b{cause}"
                rf"(?!\s+(?:of|for|and)\b)\s+(?:[\w,-]+\s+){{0,6}}?{harm}\b",
                _F,
            ),
            words("cause_verbs"),
        ),
    ]
    return {
        "attribution": list(zip(ATTRIBUTION, ATTRIBUTION_NEEDLES, strict=True)),
        "statistic": statistic,
        "dosing": list(zip(DOSING, DOSING_NEEDLES, strict=True)),
        "regulatory": [
            (p, ("schedule", "controlled substance", "approv", "authori")) for p in REGULATORY
        ],
        "efficacy": efficacy,
        "safety": safety,
    }


_DOSE_NUM = (
    r"(?<![\d.,])\d+(?:[.,]\d+)?(?:\s*(?:-|–|to)\s*\d+(?:[.,]\d+)?)?\s?(?:mg|mcg|µg|milligrams?|micrograms?"
    r"|g)\b"
)
DOSING = [
    re.compile(
        r"\b(?:maximum|max|recommended|typical|usual|standard|starting|initial|therapeutic|"
        r"optimal|daily|safe)\s+(?:\w+\s+){0,2}?(?:dose|dosage|dosing|amount)s?\b[^.;]{0,60}?"
        + _DOSE_NUM,
        _F,
    ),
    re.compile(
        _DOSE_NUM + r"\s*(?:per day|a day|daily|/\s?day|each day|(?:\w+\s)?times (?:a|per) day)", _F
    ),
    re.compile(r"\b(?:should not|must not|never) exceed\b[^.;]{0,40}?" + _DOSE_NUM, _F),
    re.compile(r"\bup to\s+" + _DOSE_NUM, _F),
]

REGULATORY = [
    # Something placed in a schedule ("is a Schedule IV drug", "moved into Schedule II"); a
    # schedule named as a topic ("Schedule II drugs have a high potential for abuse", "Schedule
    # V: low potential") explains the system and asserts nothing about a drug.
    re.compile(
        r"\b(?:is|are|was|were|be|been|being|remains?|as|into|to|in|under|become|became)\s+"
        r"(?:(?:now|still|currently|also|officially|federally|a|an|the|federal)\s+){0,3}"
        r"[Ss]chedule\s+(?:I{1,3}|IV|V|[1-5])\b(?:\s+(?:controlled|drug|substance))?"
    ),
    re.compile(
        r"\b(?:is|was|are|not|never been|isn['’]t)\s+(?:\w+\s+)?a\s+controlled substance\b", _F
    ),
    re.compile(r"\b(?:not\s+)?listed as a controlled substance\b", _F),
    re.compile(
        r"\b(?:was|were|is|are|has been|have been|not been|yet to be|been)\s+(?:first\s+|not\s+|"
        r"never\s+|officially\s+)?(?:FDA[- ])?approved\s+(?:by|for|in)\b",
        _F,
    ),
    re.compile(r"\bFDA[- ]approved\b", _F),
    re.compile(
        r"\b(?:FDA|EMA|Food and Drug Administration)\s+(?:has|have|had)\s+(?:not\s+|never\s+)?"
        r"(?:yet\s+)?approved\b",
        _F,
    ),
    re.compile(
        r"\b(?:approval|authori[sz]ation)\s+(?:of|from)\s+(?:the\s+)?(?:FDA|EMA|ANSM|TGA)\b", _F
    ),
    re.compile(r"\bnot approved by any\b", _F),
    re.compile(r"\b(?:does not|doesn['’]t) have any governmental approval\b", _F),
]

_AGENCIES = AGENCY_NAMES
ATTRIBUTION = [
    re.compile(
        r"\b[Aa]ccording to\s+(?:the\s+|a\s+|an\s+)?(?:(?:latest|recent|new|\d{4})\s+)*"
        r"(?:(?:[A-Z][\w.&’'-]*|of|and|for|on)\s+){0,6}?(?:[A-Z][\w.&’'-]*)",
    ),
    re.compile(
        rf"\b(?:the\s+)?{_AGENCIES}(?:,\s*[^,]{{1,30}},)?\s+(?:has\s+|have\s+|also\s+)?"
        r"(?:pointed out|points out|says|said|reports?|reported|states?|stated|found|finds|"
        r"warns?|warned|recommends?|recommended|notes?|noted|estimates?|estimated|explains?|"
        r"explained|classifies|classified|considers?|lists?|advises?)\b",
    ),
    re.compile(
        rf"\b(?:research|studies|data|a study|a report|findings|statistics)\s+(?:from"
        rf"|by)\s+(?:the\s+)?{_AGENCIES}"
    ),
]

# Phrases that say the evidence is missing or unsettled: not a claim to source.
EVIDENCE_GAP = re.compile(
    r"\b(?:more|further|additional)\s+(?:\w+\s+)?(?:research|studies|trials|investigation)\s+"
    r"(?:is|are)\s+(?:still\s+)?(?:needed|required|necessary)|\b(?:mixed|conflicting|inconclusive|"
    r"inconsistent|limited)\s+(?:\w+\s+)?(?:results|evidence|findings|data)|\bnot\s+(?:yet\s+)?"
    r"(?:been\s+)?(?:established|conclusive)|\bno\s+(?:solid|conclusive|good|strong|clear)\s+"
    r"(?:\w+\s+)?evidence|\bunclear\b|\bremains?\s+(?:a\s+subject\s+of\s+debate|elusive"
    r"|controversial)",
    _F,
)
HEDGE = re.compile(
    r"\b(?:may|might|could|possibly|potentially|perhaps|appears? to|seems? to|likely|"
    r"is thought to|is believed to)\b",
    _F,
)
PERSONAL = re.compile(
    r"^\s*(?:I|I['’]m|I['’]ve|My|We(?:['’]ve)? personally)\b|\b(?:I|my)\s+(?:started|took|stopped"
    r"|was|felt|tried|doctor)\b"
)
QUESTION = re.compile(r"\?\s*[\"”’']?\s*$")
# A report that trials found nothing ("other trials found little or no benefit") makes no
# efficacy claim to source.
NULL_RESULT = re.compile(
    r"\b(?:found|showed|saw|reported)\s+(?:little|nothing|no)\b|\blittle or (?:no|nothing)\b"
    r"|\bno (?:significant |clear |overall )?(?:difference|benefit|effect|advantage)\b"
    r"|\b(?:did not|didn['’]t|failed to)\s+(?:show|find|beat|outperform|improve)\b",
    _F,
)
SECOND_PERSON_ADVICE = re.compile(
    r"^\s*(?:if you|you should|talk to|ask your|tell your|do not|don['’]t)\b", _F
)

EMBEDDED = re.compile(
    r"\b(?:ask|asks|asked|wonder|know)\s+(?:what|whether|how|if|which|when|why)\s+(?:\S+\s+){0,3}$|\b(?:what|whether|how|if)\s+(?:the\s+|any\s+|current\s+)?$",
    _F,
)

# A belief, rumour or myth the article reports (usually to refute it) is not its own claim; only
# what follows a contrast ("..., but it is not controlled") is.
_REPORTERS = (
    r"(?:websites?|sites|sources|people|users|posts|forums?|articles|blogs|influencers|ads"
    r"|advertisements|marketers|sellers|vendors|rumou?rs|headlines|advocates|proponents|critics"
    r"|supporters)"
)
_REPORT_VERBS = (
    r"(?:claim(?:s|ed)?|say|says|said|suggest|believe[sd]?|think|thought|state|assert|insist"
    r"|argue|repeat|describe|call|label|list|wrongly|falsely|incorrectly|mistakenly|often"
    r"|still|sometimes)"
)
REPORTED = re.compile(
    r"^\s*(?:(?:some|many|several|other|a few|certain|online|forum|social media|internet)\s+)"
    rf"{{0,2}}{_REPORTERS}\s+(?:\w+\s+)?{_REPORT_VERBS}\b"
    r"|^\s*you\s+(?:may|might|will|could|can|often)\s+(?:have\s+)?(?:read|hear|heard|see|seen"
    r"|come across|find)\b"
    r"|^\s*(?:a|one|another|the)\s+(?:common|popular|widespread|persistent|frequent|old)\s+"
    r"(?:belief|myth|misconception|claim|rumou?r|idea)\s+(?:is|holds|says)\b"
    r"|^\s*(?:it\s+is|it['’]s)\s+(?:often|sometimes|commonly|widely|frequently|falsely|wrongly)"
    r"\s+(?:said|claimed|believed|thought|assumed|reported)\b"
    r"|^\s*myth\s*(?:\d+\s*)?:",
    _F,
)
CONTRAST = re.compile(
    r"(?:[,;:]|\s[-–—])\s*(?:but|however|yet|in fact|actually|in reality)\b"
    r"|\b(?:that|this)\s+is\s+(?:wrong|false|untrue|not true|incorrect|a myth)\b",
    _F,
)
# "people who want to stop drinking": a goal, not a reported effect.
GOAL_INFINITIVE = re.compile(
    r"\b(?:want(?:s|ed|ing)?|try(?:ing)?|tries|tried|decide[sd]?|plan(?:s|ned|ning)?|need(?:s|ed)?"
    r"|ready|hop(?:e|es|ed|ing)|wish(?:es|ed)?|how|able|struggl(?:e|es|ing)|attempt(?:s|ing)?)"
    r"\s+to\s+$",
    _F,
)


def reported_prefix(sentence: str) -> int:
    """How many leading characters only report someone else's belief (0 when none do)."""
    m = REPORTED.search(sentence)
    if not m:
        return 0
    contrast = CONTRAST.search(sentence, m.end())
    return contrast.start() if contrast else len(sentence)


KINDS = ("attribution", "statistic", "dosing", "regulatory", "efficacy", "safety")
# Per pattern of ATTRIBUTION and DOSING, words one of which every match holds (lower case).
ATTRIBUTION_NEEDLES = (
    ("ccording to",),
    (
        "pointed out",
        "points out",
        "say",
        "said",
        "report",
        "state",
        "found",
        "find",
        "warn",
        "recommend",
        "note",
        "estimate",
        "explain",
        "classif",
        "consider",
        "list",
        "advise",
    ),
    ("research", "studies", "data", "study", "report", "findings", "statistics"),
)
DOSING_NEEDLES = (("dos", "amount"), ("day", "daily"), ("exceed",), ("up to",))
_DIGIT = re.compile(r"\d")
_ALNUM = re.compile(r"[a-z0-9]+")


class WordNeedles(tuple):
    """Needles that every match holds as whole words: tested as a set lookup of each entry's
    longest word (the rarest, usually) against the sentence's words, not as substrings."""

    __slots__ = ()

    @property
    def keys(self) -> frozenset[str]:
        return frozenset(max(_ALNUM.findall(n), key=len) for n in self if _ALNUM.search(n))


# Statistic patterns from this index on (fractions, multipliers, rankings, counts) give way to a
# reported research finding in the same sentence: that sentence is an efficacy claim.
_FIRST_SHAPE = 3


@dataclass(frozen=True)
class Shapes:
    """The compiled patterns of one lexicon: per kind, (pattern, needles) pairs."""

    by_kind: dict[str, list[tuple[re.Pattern[str], tuple[str, ...]]]]

    def __post_init__(self) -> None:
        # per kind: the substring needles of its hand-written patterns, the word keys of its
        # lexicon patterns, and whether a digit alone lets one of them run
        kinds = {}
        for kind, pats in self.by_kind.items():
            subs = tuple(
                sorted({n for _, ns in pats if not isinstance(ns, WordNeedles) for n in ns})
            )
            keys = frozenset().union(*(ns.keys for _, ns in pats if isinstance(ns, WordNeedles)))
            digit = any(n.isdigit() for _, ns in pats for n in ns)
            kinds[kind] = (subs, keys, digit)
        object.__setattr__(self, "_kinds", kinds)
        object.__setattr__(
            self,
            "_keys",
            {
                (kind, i): (
                    ns.keys if isinstance(ns, WordNeedles) else tuple(ns),
                    any(n.isdigit() for n in ns),
                )
                for kind, pats in self.by_kind.items()
                for i, (_, ns) in enumerate(pats)
            },
        )
        object.__setattr__(
            self,
            "plan",
            {
                kind: [(i, p, *self._keys[(kind, i)]) for i, (p, _) in enumerate(pats)]  # type: ignore[attr-defined]
                for kind, pats in self.by_kind.items()
            },
        )

    def kind_may_match(self, kind: str, low: str, has_digit: bool, words: frozenset[str]) -> bool:
        """Cheap necessary condition for any pattern of `kind` to match the sentence."""
        if kind == "dosing" and not has_digit:
            return False
        subs, keys, digit = self._kinds[kind]  # type: ignore[attr-defined]
        if has_digit and digit:
            return True
        return not keys.isdisjoint(words) or any(n in low for n in subs)

    def may_match(
        self, kind: str, i: int, low: str, words: frozenset[str], has_digit: bool
    ) -> bool:
        """Is one of pattern i's needles in the sentence (a whole word for a lexicon pattern,
        a substring for the others)?"""
        keys, digit = self._keys[(kind, i)]  # type: ignore[attr-defined]
        if has_digit and digit:
            return True
        if isinstance(keys, frozenset):
            return not keys.isdisjoint(words)
        return any(n in low for n in keys)


@lru_cache(maxsize=16)
def shapes_for(lex: Lexicon) -> Shapes:
    return Shapes(_shapes(lex))


def default_shapes() -> Shapes:
    return shapes_for(load_lexicon("uncited"))


@dataclass(frozen=True)
class ClaimCue:
    kind: str
    cue: str  # the phrase that made the sentence a claim, for the message


# A schedule defined as a category ("Schedule II drugs have a high potential for abuse",
# "Schedule V: low potential"): it explains the scheduling system, not a drug's status.
SCHEDULE_DEFINITION = re.compile(
    r"^\W*(?:(?:drugs|substances|medications)\s+(?:in|on)\s+)?Schedule\s+(?:I{1,3}|IV|V|[1-5])"
    r"\b(?:\s*[:–—-]|\s+(?:(?:controlled|prescription)\s+)?(?:drugs|substances|medications"
    r"|medicines|narcotics|prescriptions?)\b)",
    _F,
)
# A dosing instruction addressed to the prescriber or patient ("Start at 5 mg three times
# daily", "For severe withdrawal, initiate 50 mg orally"): the guide's instructions, not claims.
DOSE_INSTRUCTION = re.compile(
    r"^\W*(?:(?:for|in|if|when)\b[^,.;]{0,120},\s*)?(?:start|begin|initiate|titrate|take|give"
    r"|administer|increase|decrease|reduce|taper|continue|divide|repeat)\b(?!\s+(?:to|is|was|are"
    r"|were|has|had)\b)[^.;]{0,160}?\d\s*(?:mg|mcg|µg|g|ml)\b",
    _F,
)


def could_claim(sentence: str) -> bool:
    """False for what never makes a claim: questions, headings, fragments, personal narrative,
    schedule definitions and dosing instructions."""
    s = sentence.strip()
    if len(s) < 25 or QUESTION.search(s) or PERSONAL.search(s):
        return False
    if SCHEDULE_DEFINITION.search(s) or (s[:1].isupper() and DOSE_INSTRUCTION.search(s)):
        return False
    return bool(re.search(r"[.!;:]\s*[\"”’']?\s*$", s)) or len(s.split()) >= 12


def classify(sentence: str, shortcut: bool = True, shapes: Shapes | None = None) -> ClaimCue | None:
    """The kind of checkable claim the sentence makes, or None when it makes none.

    `shortcut=False` runs every pattern; it exists to test that the shortcut changes nothing.
    """
    s = sentence.strip()
    if not could_claim(s):
        return None
    shapes = shapes or default_shapes()
    low = " ".join(s.lower().split())  # multi-word needles match across line breaks
    has_digit = bool(_DIGIT.search(s))
    words = frozenset(_ALNUM.findall(low))
    gap = None
    hedged = None
    skip = reported_prefix(s)
    plan = shapes.plan  # type: ignore[attr-defined]
    for kind in KINDS:
        if shortcut and not shapes.kind_may_match(kind, low, has_digit, words):
            continue
        for i, pattern, keys, digit in plan[kind]:
            if shortcut and not (
                (has_digit and digit)
                or (
                    not keys.isdisjoint(words)
                    if isinstance(keys, frozenset)
                    else any(n in low for n in keys)
                )
            ):
                continue  # none of the pattern's needles is in the sentence
            m = pattern.search(s, skip)
            if not m:
                continue
            if gap is None:
                gap = bool(EVIDENCE_GAP.search(s))
                hedged = bool(HEDGE.search(_AS_LIKELY.sub(" ", s)))
            if kind == "efficacy" and GOAL_INFINITIVE.search(s[: m.start()]):
                continue
            if (
                kind in ("efficacy", "statistic")
                and m.start() == skip
                and skip == 0
                and (s[:1].isupper() and m.group(0).split()[0].lower() in _BASE_FORMS)
            ):
                continue  # "Cut down your use slowly": advice in the imperative, not a claim
            if kind in ("efficacy", "safety") and gap:
                break
            if kind == "efficacy" and NULL_RESULT.search(s):
                break
            if kind == "dosing" and RESEARCH.search(low):
                break  # what a trial gave or a patient took is a report, not dosing advice
            if kind == "safety" and (hedged or SECOND_PERSON_ADVICE.search(s)):
                break
            if kind == "efficacy" and hedged and not _EVIDENCE.search(m.group(0)):
                break  # "baclofen may reduce cravings": hedged talk, not a reported finding
            if kind == "statistic" and hedged and not _DIGIT.search(m.group(0)):
                continue  # "may cut the risk": a hedged effect with no number in it
            if (
                kind == "statistic"
                and i >= _FIRST_SHAPE
                and shapes.by_kind["efficacy"][0][0].search(s, skip)
            ):
                break  # "a study of 240 veterans found it halved ...": a reported finding
            if kind == "attribution" and not _attribution_ok(m.group(0)):
                continue
            if kind in ("efficacy", "safety", "regulatory", "statistic") and EMBEDDED.search(
                s[: m.start()]
            ):
                continue  # "ask what the evidence shows", "ask whether it is safe": no finding
            return ClaimCue(kind, m.group(0).strip())
    return None


# "twice as likely", "more likely to relapse": a comparison of rates, not a hedge
_AS_LIKELY = re.compile(r"\b(?:as|more|less|most|least)\s+likely\b", _F)
_BASE_FORMS = frozenset(
    [
        "cut",
        "slash",
        "reduce",
        "lower",
        "decrease",
        "raise",
        "increase",
        "boost",
        "improve",
        "drop",
        "shrink",
        "double",
        "triple",
        "halve",
        "prevent",
        "eliminate",
        "curb",
        "ease",
        "relieve",
        "drive",
        "push",
    ]
)
_EVIDENCE = re.compile(
    r"\b(?:stud(?:y|ies)|research(?:ers)?|trials?|evidence|data|findings|experiments?|scientists"
    r"|experts|meta-analys[ie]s|reviews?|surveys?|analysis|report|investigators)\b",
    _F,
)


def _attribution_ok(cue: str) -> bool:
    """'According to your doctor' or 'according to Dr. X' quote people, not sources to cite."""
    return not re.search(r"according to\s+(?:your|our|my|the\s+author|Dr\.?\s)", cue, _F)
