"""Which sentences make a checkable medical claim, and of what kind.

Kept apart from the rules so the phrase families can be read (and tested) on their own. The
families aim at what an editor would want a source for: evidence ("studies show"), numbers
(percentages, "1 in 10"), dose statements, safety and regulatory statements, and attributions
to an agency or institution. Hedged generic talk, questions, headings, personal narrative and
"more research is needed" are not claims.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..claims.context import RESEARCH

_F = re.I

EVIDENCE_NOUN = (
    r"(?:stud(?:y|ies)|research(?:ers)?|(?:clinical |randomi[sz]ed |controlled ){0,3}trials?|"
    r"evidence|data|findings|experiments?|scientists|experts|meta-analys[ie]s|reviews?)"
)
EVIDENCE_VERB = (
    r"(?:show(?:s|ed|n)?|suggest(?:s|ed)?|indicate[sd]?|found|find(?:s)?|demonstrate[sd]?|"
    r"reveal(?:s|ed)?|prove[sd]?|proven|confirm(?:s|ed)?|report(?:s|ed)?|support(?:s|ed)?|"
    r"point(?:s|ed)? to|observed|establish(?:es|ed)?)"
)

EFFICACY = [
    re.compile(rf"\b{EVIDENCE_NOUN}\s+(?:\w+\s+){{0,3}}?{EVIDENCE_VERB}\b", _F),
    re.compile(
        r"\b(?:has|have|had|is|are|was|were|been)\s+(?:\w+\s+)?(?:shown|proven|demonstrated|"
        r"found|identified|established)\s+(?:to|as|that)\b",
        _F,
    ),
    re.compile(
        r"\b(?:is|are|was|were|be|been|proven|highly|very|clinically|reasonably)\s+"
        r"(?:\w+\s+)?(?:effective|efficacious|superior to placebo)\s+(?:at|in|for|to)\b",
        _F,
    ),
    re.compile(r"\bsuperior to placebo\b", _F),
    re.compile(
        r"\b(?:reduces?|reduced|lowers?|decreases?|prevents?|cures?|eliminates?|stops?)\s+"
        r"(?:\w+\s+){0,2}?(?:cravings?|relapses?|consumption|drinking|withdrawal|drug use|"
        r"alcohol intake|mortality|overdoses?)\b",
        _F,
    ),
]

STATISTIC = [
    re.compile(r"\b\d+(?:\.\d+)?\s?(?:%|percent\b|per\s?cent\b)", _F),
    re.compile(
        r"\b(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten)\s+(?:in|out of)\s+"
        r"(?:\d+|every|ten|five|four|three|two|a hundred|a thousand)\b",
        _F,
    ),
    re.compile(r"\b\d+(?:\.\d+)?\s*(?:times|-fold)\s+(?:more|less|higher|lower|as)\b", _F),
    re.compile(
        r"\b(?<![\d,.])\d[\d,.]*\s*(?:million|billion)\s+(?:people|Americans|adults|teens|teenagers|"
        r"adolescents|patients|users|individuals|deaths|overdoses|men|women|children)\b",
        _F,
    ),
    re.compile(
        r"\b(?<![\d,.])\d[\d,.]*\s*(?:million|thousand|billion)?\s+(?:people|Americans|adults|patients|"
        r"deaths|overdoses|users|individuals)\s+(?:die|died|each year|every year|annually|a year|"
        r"per year|in the (?:US|United States))",
        _F,
    ),
]

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

SAFETY = [
    re.compile(
        r"\b(?:can|will|does|may)\s+(?:\w+\s+)?(?:cause|lead to|result in|trigger|produce"
        r"|induce)\s+"
        r"(?:\w+[\s,-]+){0,5}?(?:seizures?|death|fatal|overdoses?|hallucinations?|psychosis|coma|"
        r"respiratory depression|liver damage|kidney damage|dependence|addiction|withdrawal|"
        r"slow(?:ed)? breathing|slowed heart rate|breathing problems|trouble breathing|"
        r"convulsions|delirium|birth defects)\b",
        _F,
    ),
    re.compile(
        r"\b(?:is|are)\s+(?:generally\s+|completely\s+|perfectly\s+|very\s+|considered\s+|"
        r"relatively\s+|also\s+)*(?:safe|non-addictive|not addictive|highly addictive|addictive|"
        r"habit[- ]forming|deadly|lethal)\b",
        _F,
    ),
    re.compile(r"\b(?:easy|possible|common) to overdose\b", _F),
    re.compile(
        r"\b(?:low|no|little|high|minimal|significant)\s+(?:risk|potential)\s+(?:of|for)\s+"
        r"(?:abuse|addiction|misuse|dependence|overdose)\b",
        _F,
    ),
]

REGULATORY = [
    re.compile(r"\bSchedule\s+(?:I{1,3}|IV|V|[1-5])\b(?:\s+(?:controlled|drug|substance))?"),
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

_AGENCIES = (
    r"(?:DEA|FDA|NIDA|NIAAA|NIH|CDC|SAMHSA|WHO|ANSM|EMA|TGA|NICE|NHS|AMA|APA|ASAM|"
    r"Mayo Clinic|Cleveland Clinic|Johns Hopkins|Harvard(?:\s+\w+)?"
    r"|Drug Enforcement Administration|"
    r"Food and Drug Administration|National Institute[s]?\s+(?:of|on)\s+[A-Z][\w ]{3,40}?|"
    r"World Health Organization|Centers for Disease Control(?: and Prevention)?|"
    r"University of [A-Z][\w]+(?: [A-Z][\w]+)?|[A-Z][\w]+ University|"
    r"American [A-Z][\w]+ (?:Association|Society|Academy)(?: of [A-Z][\w ]+?)?)"
)
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
PATTERNS: dict[str, list[re.Pattern[str]]] = {
    "attribution": ATTRIBUTION,
    "statistic": STATISTIC,
    "dosing": DOSING,
    "regulatory": REGULATORY,
    "efficacy": EFFICACY,
    "safety": SAFETY,
}


# Words every pattern of a kind needs (lower-cased), so a sentence without any of them skips the
# kind's regular expressions. Each list must cover every pattern of its kind;
# tests/test_rule_shortcuts.py checks the shortcut never changes a result.
_NUMBER_WORDS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")
NEEDLES: dict[str, tuple[str, ...]] = {
    "attribution": (
        "ccording to", "pointed out", "points out", "say", "said", "report", "state", "found",
        "find", "warn", "recommend", "note", "estimate", "explain", "classif", "consider",
        "list", "advise", "from", "by",
    ),
    "statistic": (
        "%", "percent", "per cent", "times", "-fold", "million", "billion", "people",
        "americans", "adults", "patients", "deaths", "overdoses", "users", "individuals",
        *(f"{w} in" for w in _NUMBER_WORDS), *(f"{w} out of" for w in _NUMBER_WORDS),
    ),
    "dosing": ("mg", "mcg", "µg", "gram", "g"),
    "regulatory": ("schedule", "controlled substance", "approv", "authori"),
    "efficacy": (
        "stud", "research", "trial", "evidence", "data", "finding", "experiment", "scientist",
        "expert", "analys", "review", "shown", "proven", "demonstrated", "found", "identified",
        "established", "effective", "efficacious", "superior to placebo", "reduc", "lower",
        "decreas", "prevent", "cure", "eliminat", "stop",
    ),
    "safety": (
        "cause", "lead to", "result in", "trigger", "produce", "induce", "safe", "addictive",
        "habit", "deadly", "lethal", "to overdose", "risk", "potential",
    ),
}
_DIGIT = re.compile(r"\d")


def _may_match(kind: str, low: str, has_digit: bool) -> bool:
    """Cheap necessary condition for any pattern of `kind` to match the sentence."""
    if kind == "dosing" and not has_digit:
        return False
    if kind == "statistic" and has_digit:
        return True  # "3 in 10" needs no word from the list
    return any(n in low for n in NEEDLES[kind])


@dataclass(frozen=True)
class ClaimCue:
    kind: str
    cue: str  # the phrase that made the sentence a claim, for the message


def could_claim(sentence: str) -> bool:
    """False for what never makes a claim: questions, headings, fragments, personal narrative."""
    s = sentence.strip()
    if len(s) < 25 or QUESTION.search(s) or PERSONAL.search(s):
        return False
    return bool(re.search(r"[.!;:]\s*[\"”’']?\s*$", s)) or len(s.split()) >= 12


def classify(sentence: str, shortcut: bool = True) -> ClaimCue | None:
    """The kind of checkable claim the sentence makes, or None when it makes none.

    `shortcut=False` runs every pattern; it exists to test that the shortcut changes nothing.
    """
    s = sentence.strip()
    if not could_claim(s):
        return None
    low = " ".join(s.lower().split())  # multi-word needles match across line breaks
    has_digit = bool(_DIGIT.search(s))
    kinds = [k for k in KINDS if not shortcut or _may_match(k, low, has_digit)]
    if not kinds:
        return None
    gap = EVIDENCE_GAP.search(s)
    hedged = bool(HEDGE.search(s))
    skip = reported_prefix(s)
    for kind in kinds:
        for pattern in PATTERNS[kind]:
            m = pattern.search(s, skip)
            if not m:
                continue
            if kind == "efficacy" and GOAL_INFINITIVE.search(s[: m.start()]):
                continue
            if kind in ("efficacy", "safety") and gap:
                break
            if kind == "efficacy" and NULL_RESULT.search(s):
                break
            if kind == "dosing" and RESEARCH.search(low):
                break  # what a trial gave or a patient took is a report, not dosing advice
            if kind == "safety" and (hedged or SECOND_PERSON_ADVICE.search(s)):
                break
            if kind == "efficacy" and hedged and not re.search(EVIDENCE_NOUN, m.group(0), _F):
                break  # "baclofen may reduce cravings": hedged talk, not a reported finding
            if kind == "attribution" and not _attribution_ok(m.group(0)):
                continue
            if kind in ("efficacy", "safety", "regulatory") and EMBEDDED.search(s[: m.start()]):
                continue  # "ask what the evidence shows", "ask whether it is safe": no finding
            return ClaimCue(kind, m.group(0).strip())
    return None


def _attribution_ok(cue: str) -> bool:
    """'According to your doctor' or 'according to Dr. X' quote people, not sources to cite."""
    return not re.search(r"according to\s+(?:your|our|my|the\s+author|Dr\.?\s)", cue, _F)
