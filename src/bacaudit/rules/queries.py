"""Search queries dropped into prose, found by their shape and by the break they make.

A typed query has a shape prose rarely has: lower-cased place, payer, forum or shop names
("houston", "reddit", "walgreens"), shopping words ("near me", "cheap", "no prescription"),
a question word opening a clause in mid-sentence after a content word ("tight how long does
gabapentin stay"), drug names strung together with "vs". A span is flagged when it gathers
enough of that evidence in a tight chain (anchors at most one word apart, no punctuation),
starts after the sentence's first two words, and carries at least one marker prose does not
use this way (a lower-cased proper name, a forum or shop, a shopping phrase, or a question
glued onto a content word). The parser, when present, also vetoes spans whose words it reads
as one well-formed phrase of the host sentence. Vocabulary: rules/lexicons/seo.toml.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from functools import lru_cache

from .base import AuditContext
from .lexicon import Lexicon, config_lexicon

# A token's role in a query: S strong marker, P lower-cased proper name, Q question opener
# glued to the word before, D drug, C commercial word, W weak modifier, N query noun.
_QUERY_NOUNS = frozenset(
    """rehab rehabs detox centers center clinic clinics doctor doctors pharmacy treatment""".split()  # noqa: SIM905 - a word list reads better
)
_COMMERCIAL = frozenset(["best", "cheap", "cheapest", "affordable", "top"])
_PRONOUNS = frozenset(["you", "i", "your", "my"])
_ASKING = frozenset(
    """wonder wondering wondered know knowing knew ask asking asked asks question questions
    explain explains explained explaining learn learning understand understanding see tell
    shows show discover find decide determine consider considering examine examines describe
    describes discuss discusses discussing matter unclear sure unsure regarding including
    about on of to and or but so is was are be research investigate study studies clarify
    note noted unknown uncertain says said think thinks wonders asks check checking""".split()  # noqa: SIM905 - a word list reads better
)


@dataclass(frozen=True)
class QueryWords:
    strong: tuple[tuple[str, ...], ...]  # multi-word markers as word tuples
    weak: frozenset[str]
    openers: frozenset[str]
    places: tuple[tuple[str, ...], ...]
    verbs: frozenset[str]
    phrase_sets: dict[str, tuple[frozenset[str], ...]]  # first word -> words of each marker
    openers_glued: frozenset[str]  # question words that may open a glued query


@lru_cache(maxsize=8)
def _words_for(lex: Lexicon) -> QueryWords:
    strong_phrases = [
        w
        for w in lex["query_modifiers"]
        if " " in w or w in ("cheap", "cheapest", "vs", "vs.", "tx", "nyc", "coupon", "nearby")
    ]
    strong = [tuple(w.split()) for w in strong_phrases]
    strong += [tuple(w.split()) for w in lex["forum_names"]]
    strong += [tuple(w.split()) for w in lex["retailers"]]
    weak = frozenset(w for w in lex["query_modifiers"] if " " not in w) - {
        "cheap",
        "cheapest",
        "vs",
        "vs.",
        "tx",
        "nyc",
        "coupon",
        "nearby",
    }
    places = tuple(sorted({tuple(p.lower().split()) for p in lex["places"]}, key=len, reverse=True))
    openers = frozenset(w for w in lex["query_openers"] if " " not in w)
    return QueryWords(
        phrase_sets=_index_by_first([*strong, *places]),
        openers_glued=openers
        - {"is", "are", "can", "do", "does", "will", "should", "when", "which", "what"},
        strong=tuple(sorted(set(strong), key=len, reverse=True)),
        weak=weak,
        openers=openers,
        places=places,
        verbs=lex.set("query_verbs"),
    )


def _index_by_first(phrases) -> dict[str, tuple[frozenset[str], ...]]:
    index: dict[str, set[frozenset[str]]] = {}
    for p in phrases:
        index.setdefault(p[0], set()).add(frozenset(p))
    return {k: tuple(v) for k, v in index.items()}


def inserted_query_spans(
    ctx: AuditContext, sentences, names: set[str], function_words
) -> list[tuple[int, int]]:
    """Spans of body sentences that read as a search query pasted into the prose."""
    qw = _words_for(config_lexicon(ctx.config, "seo"))
    text = ctx.article.text
    out: list[tuple[int, int]] = []
    for _, toks in sentences:
        if len(toks) < 5:
            continue
        lows = {t.low for t in toks}
        if not (
            any(lows.issuperset(p) for w in lows for p in qw.phrase_sets.get(w, ()))
            or lows & qw.openers_glued
            or (lows & _COMMERCIAL and lows & names)
            or (
                lows & _AUX
                and any(
                    a.low in _AUX and (b.low in _PRONOUNS or b.low in names)
                    for a, b in itertools.pairwise(toks)
                )
            )
        ):
            continue  # no marker word at all: nothing here can be a pasted query
        roles = _roles(text, toks, qw, names, function_words)
        letters = {r for r, _ in roles if r}
        if not (letters & {"S", "P", "Q"} or {"C", "D"} <= letters):
            continue
        out.extend(_chains(text, toks, roles))
    return out


def _plain(text: str, a: int, b: int) -> bool:
    """Only spaces (and numbers, as in "300 mg") between two words: no clause boundary."""
    return text[a:b].strip(" 0123456789") == ""


def _roles(text, toks, qw: QueryWords, names, function_words) -> list[tuple[str, int]]:
    """Per token: (role letter or "", how many tokens the anchor covers)."""
    lows = [t.low for t in toks]
    roles: list[tuple[str, int]] = [("", 1)] * len(toks)
    i = 0
    while i < len(toks):
        hit = _phrase_at(text, toks, lows, i, qw.places)
        if hit and all(toks[k].text.islower() for k in range(i, i + hit)):
            roles[i] = ("P", hit)
            i += hit
            continue
        hit = _phrase_at(text, toks, lows, i, qw.strong)
        if hit and all(toks[k].text.islower() or toks[k].low in ("vs",) for k in range(i, i + hit)):
            roles[i] = ("W" if _prose_noun_phrase(lows, i, hit, function_words) else "S", hit)
            i += hit
            continue
        low = lows[i]
        if low in names and toks[i].text.islower():
            roles[i] = ("D", 1)
        elif (
            low in qw.openers
            and i >= 2
            and _glued_question(text, toks, lows, i, names, function_words, qw)
        ):
            roles[i] = ("Q", _span_of_question(lows, i, names))
            i += roles[i][1]
            continue
        elif low in _COMMERCIAL:
            roles[i] = ("C", 1)
        elif low in qw.weak:
            roles[i] = ("W", 1)
        elif low in _QUERY_NOUNS:
            roles[i] = ("N", 1)
        i += 1
    return roles


def _prose_noun_phrase(lows: list[str], i: int, n: int, function_words) -> bool:
    """ "the potential side effects of baclofen": a noun phrase the host sentence built, with its
    determiner or adjective before it and "of" after it; a query says "baclofen side effects"."""
    if " ".join(lows[i : i + n]) not in _PROSE_PHRASES:
        return False
    before = lows[i - 1] if i else ""
    after = lows[i + n] if i + n < len(lows) else ""
    return after in ("of", "from", "with") and (before in function_words or before in _ADJECTIVES)


_PROSE_PHRASES = frozenset(["side effects", "weight gain", "drug test"])
_ADJECTIVES = frozenset(
    """potential possible common serious rare mild severe known other main unwanted""".split()  # noqa: SIM905 - a word list reads better
)


def _phrase_at(text, toks, lows, i, phrases) -> int:
    """Length of the longest phrase of `phrases` starting at token i (0 when none)."""
    by_first = _BY_FIRST.get(id(phrases))
    if by_first is None or by_first[0] is not phrases:
        index: dict[str, list[tuple[str, ...]]] = {}
        for p in phrases:  # phrases come longest first; each list keeps that order
            index.setdefault(p[0], []).append(p)
        by_first = _BY_FIRST[id(phrases)] = (phrases, index)
    for p in by_first[1].get(lows[i], ()):
        n = len(p)
        if tuple(lows[i : i + n]) == p and all(
            _plain(text, toks[k].end, toks[k + 1].start) for k in range(i, i + n - 1)
        ):
            return n
    return 0


# Each phrase tuple indexed by its first word, so most tokens are rejected with one lookup.
_BY_FIRST: dict[int, tuple[tuple, dict[str, list[tuple[str, ...]]]]] = {}


def _glued_question(text, toks, lows, i, names, function_words, qw: QueryWords) -> bool:
    """A question word opening a clause right after a content word, about a drug or "you"."""
    prev = toks[i - 1]
    if not _plain(text, prev.end, toks[i].start) or not prev.text.islower():
        return False
    if prev.low in function_words or prev.low in _ASKING:
        return False
    ahead = lows[i + 1 : i + 5]
    if not ahead:
        return False
    if i >= 2 and lows[i - 2] in _WH and prev.low in _HOW_WORDS and not toks[i - 2].text.islower():
        return False  # "How long does methadone withdrawal last?": the sentence's own question
    if lows[i] in _AUX:
        # yes/no query: "can you drink ...", "is kratom legal ...", "does medicare cover ..."
        if ahead[0] in names and not _runs_on(text, toks, i + 1):
            return False  # "one option is chlordiazepoxide, ...", "... is Librium.": a copula
        return ahead[0] in _PRONOUNS or ahead[0] in names or _is_place(ahead, qw)
    if ahead[0] == "to":  # "how to get prescribed ...", "... at home how to can develop"
        return len(ahead) > 1 and (ahead[1] in qw.verbs or ahead[1] in function_words)
    if ahead[0] not in _AUX and ahead[0] not in ("long", "much", "many"):
        return False  # prose: "studied how clinics handled ..." has no inverted auxiliary
    if ahead[0] in ("is", "are") and len(ahead) > 1 and _comparative(ahead[1]):
        return True  # "... which is stronger"
    return any(w in names or w in _PRONOUNS for w in ahead)


_WH = frozenset(["how", "what", "why", "when", "where", "which", "who"])
_HOW_WORDS = frozenset(["long", "much", "many", "often", "soon", "far", "quickly", "fast"])


def _runs_on(text, toks, k: int) -> bool:
    """A typed query runs on in lower case: the drug written as typed, then more words with no
    punctuation between ("is kratom legal in texas"), unlike "... is Librium." in prose."""
    return (
        k + 1 < len(toks)
        and toks[k].text.islower()
        and _plain(text, toks[k].end, toks[k + 1].start)
    )


_AUX = frozenset(
    """is are can does do should will""".split()  # noqa: SIM905 - a word list reads better
)


def _comparative(word: str) -> bool:
    return word in ("better", "best", "worse", "worst") or (
        len(word) > 4 and word.endswith(("er", "est")) and not word.endswith(("ever", "never"))
    )


def _is_place(ahead: list[str], qw: QueryWords) -> bool:
    return any(tuple(ahead[: len(p)]) == p for p in qw.places)


def _span_of_question(lows: list[str], i: int, names) -> int:
    """How many words the glued question's opening covers ("can you", "how to get")."""
    if lows[i + 1 : i + 2] == ["to"]:
        return 3 if i + 2 < len(lows) else 2
    if i + 1 < len(lows) and (
        lows[i + 1] in _PRONOUNS or lows[i + 1] in _AUX or lows[i + 1] in ("long", "much", "many")
    ):
        return 2
    return 1


_POINTS = {"S": 2.0, "P": 2.0, "Q": 1.5, "D": 1.0, "C": 1.0, "W": 0.5, "N": 0.25}


def _chains(text, toks, roles) -> list[tuple[int, int]]:
    """Tight runs of anchors with enough evidence, flagged from first to last anchor."""
    out = []
    anchors = [i for i, (r, _) in enumerate(roles) if r]
    k = 0
    while k < len(anchors):
        chain = [anchors[k]]
        end = anchors[k] + roles[anchors[k]][1] - 1
        j = k + 1
        while j < len(anchors):
            nxt = anchors[j]
            reach = 3 if roles[chain[-1]][0] == "Q" else 2  # a question runs on: "can you drink on"
            if nxt - end > reach or not all(
                _plain(text, toks[m].end, toks[m + 1].start) for m in range(end, nxt)
            ):
                break
            chain.append(nxt)
            end = nxt + roles[nxt][1] - 1
            j += 1
        k = j
        while len(chain) > 1 and chain[0] < 2 and roles[chain[0]][0] in "NDW":
            chain.pop(0)  # the sentence's own subject ("Doctors ...") is not part of the query
        letters = [roles[i][0] for i in chain]
        score = sum(_POINTS[c] for c in letters)
        if score < 2.5 or chain[0] < 2:
            continue
        if not any(c in "SPQ" for c in letters) and not ("C" in letters and "D" in letters):
            continue
        markers = [i for i in chain if roles[i][0] in "SPQC"]
        if all(toks[i].low in ("vs", "vs.") for i in markers):
            continue  # "baclofen vs tizanidine" alone is a comparison, not a pasted query
        out.append((toks[chain[0]].start, toks[end].end))
    return out
