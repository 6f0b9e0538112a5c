"""BA4xx: text stuffed in for search engines, found where it breaks the sentence it sits in.

No part-of-speech model is needed: a search query jammed into a noun phrase shows itself by
question-word inversion ("how does X affect") after a content word with the sentence running
on; a keyword run repeats the same content words, reordered, back to back; a keyword insertion
is a drug name plus search modifiers ("abuse potential") wedged between a function word
and an adjective-noun phrase. Only the inserted span is flagged.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterable, Iterator
from itertools import pairwise
from typing import NamedTuple

from ..models import Finding
from .base import AuditContext, Rule, Sentence, register
from .queries import inserted_query_spans


def _wordset(words: str) -> frozenset[str]:
    return frozenset(words.split())


FUNCTION_WORDS = _wordset(
    """a an the and or but nor so yet of to in on at by for with from into onto about over under
    than as is are was were be been being am do does did have has had will would can could may
    might must shall should not no this that these those it its they them their there here he she
    his her we our you your i me my who whom whose which what when where why how if then also
    very more most less least such some any all each every both either neither other another
    same just only even still up out off"""
)

# Words that legitimately introduce an embedded question ("explains how ...").
QUESTION_INTRO = _wordset(
    """wonder wondering wondered know knowing knew ask asking asked asks question questions
    explain explains explained explaining learn learning understand understanding see tell
    shows show discover find decide determine consider considering examine examines describe
    describes discuss discusses discussing matter unclear sure unsure regarding including
    about on of to and or but so is was are be research researching investigate investigating
    study studies studied clarify note noted unknown uncertain says said"""
)

_WH_QUERY = re.compile(
    r"\b(?:how|what|why|when|where|which)\s+(?:long\s+|much\s+|often\s+|many\s+\w+\s+)?"
    r"(?:does|do|did|is|are|can|will|should)\s+(?:[\w-]+\s+){1,3}?"
    r"(?:affect|work|do|cause|make|feel|last|stay|interact|help|treat|mean|take|get|look|kick in|"
    r"show up|become|lead)"
    r"(?:\s+(?:your|the|a|my|you|in|on|with|to)\s+[\w-]+(?:\s+system)?)?",
    re.I,
)

# The same pattern without re.I, for the lower-cased text: case-sensitive scanning is several
# times quicker; each hit is re-matched on the text so the match objects are unchanged.
_WH_QUERY_LOW = re.compile(_WH_QUERY.pattern)


def _wh_queries(text: str, low: str, start: int, end: int) -> list[re.Match[str]]:
    if not low:
        return list(_WH_QUERY.finditer(text, start, end))
    out = []
    for hit in _WH_QUERY_LOW.finditer(low, start, end):
        m = _WH_QUERY.match(text, hit.start(), end)
        if m is not None:
            out.append(m)
    return out


# "what is the strongest muscle relaxer over the counter": a superlative shopping query
_SUPERLATIVE_QUERY = re.compile(
    r"\b(?:what|which)\s+(?:is|are)\s+the\s+(?:best|strongest|safest|cheapest|worst|most\s+"
    r"[\w-]+)\s+[\w-]+(?:\s+[\w-]+)?(?:\s+(?:over the counter|on the market|for [\w-]+"
    r"|near me))?",
    re.I,
)

_SUPERLATIVE_HINT = re.compile(r"\b(?:what|which)\s+(?:is|are)\s+the\s", re.I)

SEO_HEADS = (
    "addiction",
    "abuse",
    "withdrawal",
    "overdose",
    "detox",
    "effects",
    "dosage",
    "dose",
    "high",
    "potential",
    "rehab",
    "treatment",
    "symptoms",
    "dependence",
    "misuse",
    "interactions",
    "addictive",
    "tolerance",
    "timeline",
    "signs",
    "side",
    "half-life",
    "risks",
    "facts",
)
ADJECTIVES = _wordset(
    """full partial high low new severe mild strong weak direct indirect selective potent effective
    common rare chronic acute long-term short-term major minor significant positive negative
    specific inverse competitive irreversible reversible pure mixed"""
)
_ADJ_SUFFIX = re.compile(r"(?:ful|ous|ive|ic|ical|able|ible)$")
COMMON_SUBSTANCES = (
    "alcohol",
    "baclofen",
    "salvia",
    "flakka",
    "kratom",
    "heroin",
    "cocaine",
    "meth",
    "fentanyl",
    "xanax",
    "gabapentin",
    "phenibut",
    "ketamine",
    "marijuana",
    "cannabis",
    "opioid",
    "opioids",
    "suboxone",
    "methadone",
    "naltrexone",
    "buprenorphine",
    "benzodiazepine",
    "benzodiazepines",
    "adderall",
)


class Token(NamedTuple):
    """A word and its offsets (a tuple: articles have thousands, built once each)."""

    text: str
    low: str
    start: int
    end: int


_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")


def words(text: str, start: int, end: int) -> list[Token]:
    # tuple.__new__ skips the NamedTuple constructor's Python frame: articles have thousands
    new = tuple.__new__
    out = []
    for m in _WORD.finditer(text, start, end):
        w = m.group()
        s, e = m.span()
        out.append(new(Token, (w, w.lower(), s, e)))
    return out


def _body_tokens(ctx: AuditContext) -> list[tuple[Sentence, list[Token]]]:
    """Body sentences with their word tokens, tokenised once per article for all BA4xx rules."""
    cached = ctx.extras.get("seo_body_tokens")
    if cached is not None:
        return cached
    text = ctx.article.text
    toks = words(text, 0, len(text))
    starts = [t.start for t in toks]
    out = []
    for sent in _body_sentences(ctx):
        a = bisect_left(starts, sent.start)
        b = bisect_left(starts, sent.end)
        cut = (a > 0 and toks[a - 1].end > sent.start) or (b > 0 and toks[b - 1].end > sent.end)
        out.append((sent, words(text, sent.start, sent.end) if cut else toks[a:b]))
    ctx.extras["seo_body_tokens"] = out
    return out


# Yes/no search queries about a substance ("is baclofen addictive", "can kratom get you high").
_YES_NO_QUERY = re.compile(
    r"\b(?:is|are|does|do|can)\s+(?P<drug>[a-z][\w-]+)\s+(?:(?:get you high|show up on a drug test"
    r"|cause (?:weight gain|hair loss)|addictive|safe|dangerous|legal|habit[- ]forming"
    r"|a narcotic|an opioid|a benzo|a controlled substance|a stimulant|a depressant))\b",
    re.I,
)


# Cheap test for the tails _YES_NO_QUERY needs, so most sentences skip that pattern.
_YES_NO_TAILS = re.compile(
    r"high|drug test|weight|hair|addictive|safe|dangerous|legal|habit|narcotic|opioid|benzo"
    r"|controlled|stimulant|depressant",
    re.I,
)


def _plain_gap(text: str, a: int, b: int) -> bool:
    """Only spaces between two offsets: no punctuation, so no clause boundary."""
    return text[a:b].strip(" ") == ""


def _is_content(tok: Token) -> bool:
    return tok.low not in FUNCTION_WORDS and len(tok.low) > 2


class _SeoRule(Rule):
    category = "seo_spam"
    severity = "medium"
    fix = "Delete the inserted keywords so the sentence reads as written."

    def spans(self, ctx: AuditContext) -> Iterator[tuple[int, int]]:  # pragma: no cover - abstract
        raise NotImplementedError

    def check(self, ctx: AuditContext) -> Iterable[Finding]:
        seen: set[tuple[int, int]] = set()
        for start, end in self.spans(ctx):
            if (start, end) in seen:
                continue
            seen.add((start, end))
            phrase = ctx.article.text[start:end]
            yield self.finding(ctx, start, end, self.message.format(phrase=phrase), fix=self.fix)


def _body_sentences(ctx: AuditContext):
    for sent in ctx.sentences:
        block = ctx.article.block_at(sent.start)
        if block is not None and (
            block.kind in ("heading", "citation", "code") or block.region != "body"
        ):
            continue
        yield sent


@register
class JammedSearchQuery(_SeoRule):
    """A search query pasted into a phrase ("pain how does kratom affect your brain relievers").

    What it flags: a question-form search query (question word, then an inverted auxiliary:
    "how does X affect your brain", or a yes/no query such as "is baclofen addictive") that
    starts right after a content word and is followed by more of the sentence, so it splits a
    phrase apart; and any query-shaped span pasted into prose: lower-cased place, payer, forum
    or shop names, shopping phrases ("near me", "no prescription", "without insurance"), drug
    names and a glued question in a tight run ("relaxes tight baclofen for alcohol near me
    muscles"). Words come from the seo lexicon.
    Why: keyword stuffing makes the text unreadable and marks the page as spam to readers.
    An embedded question after a verb such as "explains how it works" is not flagged.
    Flagged example: Drugs such as muscle how does kratom affect your brain relaxers can help.
    Fine example: Researchers still ask how baclofen reduces craving in some patients.
    Fix: delete the query; restore the phrase it split.
    """

    code = "BA401"
    name = "JammedSearchQuery"
    message = "Search query jammed into the sentence: “{phrase}”."

    def spans(self, ctx: AuditContext) -> Iterator[tuple[int, int]]:
        text = ctx.article.text
        names = _substance_names(ctx)
        # superlative queries are rare: found once per article, then handed to their sentence
        all_superlative = (
            list(_SUPERLATIVE_QUERY.finditer(text)) if _SUPERLATIVE_HINT.search(text) else []
        )
        low = text.lower()
        if len(low) != len(text):
            low = ""  # lowering changed offsets: scan the text itself
        for sent, _ in _body_tokens(ctx):
            queries = _wh_queries(text, low, sent.start, sent.end)
            if _YES_NO_TAILS.search(text, sent.start, sent.end):
                queries += [
                    m
                    for m in _YES_NO_QUERY.finditer(text, sent.start, sent.end)
                    if m.group("drug").lower() in names
                ]
            superlative = [
                m for m in all_superlative if sent.start <= m.start() and m.end() <= sent.end
            ]
            for m in queries + superlative:
                before = words(text, sent.start, m.start())
                after = words(text, m.end(), sent.end)
                if len(before) < 2 or not after:
                    continue
                prev = before[-1]
                if not _plain_gap(text, prev.end, m.start()) or not _plain_gap(
                    text, m.end(), after[0].start
                ):
                    continue
                if (
                    prev.low in QUESTION_INTRO
                    or prev.low in FUNCTION_WORDS
                    or not prev.text.islower()
                ):
                    continue
                if m in superlative:
                    # a noun, then the query with no punctuation: it jams whatever follows
                    yield m.start(), m.end()
                    continue
                if not after[0].text.islower() or after[0].low in FUNCTION_WORDS:
                    continue
                yield m.start(), m.end()
        yield from inserted_query_spans(ctx, _body_tokens(ctx), names, FUNCTION_WORDS)


@register
class KeywordRun(_SeoRule):
    """Keywords repeated, reshuffled ("kratom effects short and long term effects of kratom").

    What it flags: two adjacent content words followed, within a few words and with no
    punctuation between, by the same words in another order ("kratom effects ... effects of
    kratom"), a phrase of two or more words repeated immediately ("rehab centers rehab centers"),
    or a comma list of shopping-query variants of one phrase ("best rehab near me, cheap rehab
    near me, alcohol rehab near me").
    Why: these runs are written for search engines, not readers.
    A real sentence that merely uses a word twice is not flagged.
    Flagged example: There are so many kratom effects short and long term effects of kratom risks.
    Fine example: The effects of alcohol differ from the effects of baclofen in several ways.
    Fix: delete the run and rewrite the sentence once.
    """

    code = "BA402"
    name = "KeywordRun"
    message = "Keyword run: “{phrase}” repeats the same search keywords back to back."

    def spans(self, ctx: AuditContext) -> Iterator[tuple[int, int]]:
        text = ctx.article.text
        for sent, toks in _body_tokens(ctx):
            lows = [t.low for t in toks]
            counts = Counter(lows)
            if max(counts.values(), default=0) < 2:
                continue  # every run repeats a word
            listed = []
            if max(counts.values()) >= 3 and text.count(",", sent.start, sent.end) >= 2:
                listed = list(_keyword_lists(text, toks, counts))
            yield from listed
            if counts["near"] >= 2:
                yield from near_me_repeats(text, toks)
            # a run's first word comes back within nine words (its reprise window)
            next_same = [len(toks)] * len(toks)
            last: dict[str, int] = {}
            for k in range(len(toks) - 1, -1, -1):
                next_same[k] = last.get(lows[k], len(toks))
                last[lows[k]] = k
            i = 0
            while i < len(toks) - 3:
                if next_same[i] > i + 9:
                    i += 1
                    continue
                span = self._run_at(text, toks, i)
                if span and any(s <= span[0] < e for s, e in listed):
                    span = None
                if span:
                    yield span
                    while i < len(toks) and toks[i].start < span[1]:
                        i += 1
                else:
                    i += 1

    @staticmethod
    def _run_at(text: str, toks: list[Token], i: int) -> tuple[int, int] | None:
        for n in (3, 2):
            head = toks[i : i + n]
            if len(head) < n or not all(_is_content(t) for t in head):
                continue
            if len({t.low for t in head}) < n:
                continue
            if not all(_plain_gap(text, a.end, b.start) for a, b in pairwise(head)):
                continue
            # exact repeat: "rehab centers rehab centers"
            nxt = toks[i + n : i + 2 * n]
            if [t.low for t in nxt] == [t.low for t in head] and _plain_gap(
                text, head[-1].end, nxt[0].start
            ):
                return head[0].start, nxt[-1].end
            # shuffled reprise within the next few words, no punctuation on the way
            wanted = {t.low for t in head}
            window = toks[i + n : i + n + 7]
            got: list[str] = []
            prev_end = head[-1].end
            for j, tok in enumerate(window):
                if not _plain_gap(text, prev_end, tok.start):
                    break
                prev_end = tok.end
                if tok.low in wanted and tok.low not in got:
                    got.append(tok.low)
                if set(got) == wanted:
                    if got != [t.low for t in head] and j + 1 > n:
                        return head[0].start, tok.end
                    got = []  # "kratom effects kratom side effects effects of kratom"
        return None


# Words that turn a phrase into a shopping query: "cheap rehab", "best detox near me".
COMMERCIAL = _wordset(
    """best cheap cheapest affordable top free low luxury local private nearby inexpensive
    discount online top-rated"""
)


def _keyword_lists(
    text: str, toks: list[Token], counts: Counter[str]
) -> Iterator[tuple[int, int]]:
    """Comma lists of search-phrase variants sharing a keyword phrase, sold as such.

    "best rehab near me, cheap rehab near me, baclofen rehab near me": three or more items,
    each a few modifiers plus the same two- or three-word phrase, with at least two items
    carrying a shopping word or "near me". "alcohol use disorder, opioid use disorder and
    cannabis use disorder" shares a phrase too but sells nothing, so it is left alone.
    """
    i = 0
    while i < len(toks):
        found = None
        if counts[toks[i].low] < 3:  # the shared phrase occurs three times at least
            i += 1
            continue
        for n in (3, 2):
            gram = [t.low for t in toks[i : i + n]]
            if len(gram) < n or not any(_is_content(t) for t in toks[i : i + n]):
                continue
            if not all(_plain_gap(text, a.end, b.start) for a, b in pairwise(toks[i : i + n])):
                continue
            chain = [i]
            k = i + n
            while k < len(toks):
                nxt = next(
                    (
                        p
                        for p in range(k, min(k + 5, len(toks) - n + 1))
                        if [t.low for t in toks[p : p + n]] == gram
                    ),
                    None,
                )
                if nxt is None or text[toks[k - 1].end : toks[k].start].strip() != ",":
                    break
                item = toks[k : nxt + n]
                if not all(_plain_gap(text, a.end, b.start) for a, b in pairwise(item)):
                    break
                chain.append(nxt)
                k = nxt + n
            if len(chain) >= 3:
                found = (chain, n)
                break
        if not found:
            i += 1
            continue
        chain, n = found
        item_starts = [_item_start(text, toks, chain[0])] + [p + n for p in chain[:-1]]
        end = chain[-1] + n
        end += 2 if _near_me_at(text, toks, end) else 0
        selling = sum(
            1
            for a, p in zip(item_starts, chain, strict=True)
            if _near_me_at(text, toks, p + n) or any(t.low in COMMERCIAL for t in toks[a : p + n])
        )
        if selling >= 2:
            yield toks[item_starts[0]].start, toks[end - 1].end
        i = end


def near_me_repeats(text: str, toks: list[Token]) -> Iterator[tuple[int, int]]:
    """Two "near me" queries with no punctuation between ("rehab near me rehab centers near
    me"): one query pasted after another."""
    near = [k for k in range(1, len(toks) - 1) if _near_me_at(text, toks, k)]
    if len(near) >= 2 and all(
        _plain_gap(text, toks[k].end, toks[k + 1].start) for k in range(near[0], near[-1])
    ):
        yield toks[_item_start(text, toks, near[0])].start, toks[near[-1] + 1].end


def _item_start(text: str, toks: list[Token], p: int) -> int:
    """The first modifier (at most three words back) of the item whose phrase starts at toks[p]."""
    a = p
    while a > 0 and p - a < 3 and _plain_gap(text, toks[a - 1].end, toks[a].start):
        a -= 1
    return a


@register
class KeywordInsertion(_SeoRule):
    """A drug keyword phrase wedged into a sentence ("act as kratom abuse potential full agonists").

    What it flags: a drug name followed by two or more search modifiers (addiction, abuse,
    withdrawal, potential, effects ...) standing between a function word and an adjective that
    starts the sentence's real noun phrase: a noun pile no writer would produce. A drug keyword
    ending in "near me" wedged mid-sentence ("as a alcohol rehab near me GABA-B agonist") too.
    Why: keyword insertions corrupt the meaning of the sentence they are pasted into.
    A normal compound ("baclofen withdrawal symptoms include confusion") is not flagged.
    Flagged example: Opioids act directly as kratom abuse potential full agonists on receptors.
    Fine example: The risk of baclofen withdrawal symptoms is higher after intrathecal use.
    Fix: delete the inserted keywords.
    """

    code = "BA403"
    name = "KeywordInsertion"
    message = "Keyword insertion: “{phrase}” breaks the sentence it was pasted into."

    def spans(self, ctx: AuditContext) -> Iterator[tuple[int, int]]:
        text = ctx.article.text
        names = _substance_names(ctx)
        heads = set(SEO_HEADS)
        for _, toks in _body_tokens(ctx):
            for i in range(1, len(toks) - 4):
                pre, drug = toks[i - 1], toks[i]
                if pre.low not in FUNCTION_WORDS or drug.low not in names:
                    continue
                j = i + 1
                while (
                    j < len(toks)
                    and toks[j].low in heads
                    and _plain_gap(text, toks[j - 1].end, toks[j].start)
                ):
                    j += 1
                near = _near_me_at(text, toks, j)
                if near and j > i + 1 and near + 1 < len(toks):
                    # the sentence resumes with a noun phrase ("GABA-B agonist"), not a verb
                    nxt, after = toks[near], toks[near + 1]
                    resumes = re.fullmatch(r"[A-Z]{2,}[\w-]*", nxt.text) or (
                        _adjective(nxt) and _is_content(after) and after.text.islower()
                    )
                    if _plain_gap(text, toks[near - 1].end, nxt.start) and resumes:
                        yield drug.start, toks[near - 1].end
                    continue
                if j - i - 1 < 2 or j + 1 >= len(toks):
                    continue
                adj, noun = toks[j], toks[j + 1]
                if not (
                    _plain_gap(text, toks[j - 1].end, adj.start)
                    and _plain_gap(text, adj.end, noun.start)
                ):
                    continue
                if _adjective(adj) and _is_content(noun) and noun.text.islower():
                    yield drug.start, toks[j - 1].end


def _adjective(tok: Token) -> bool:
    return tok.text.islower() and (tok.low in ADJECTIVES or bool(_ADJ_SUFFIX.search(tok.low)))


def _near_me_at(text: str, toks: list[Token], j: int) -> int:
    """Index after a "near me" that starts at toks[j] with nothing between the words, else 0."""
    if (
        j + 1 < len(toks)
        and toks[j].low == "near"
        and toks[j + 1].low == "me"
        and _plain_gap(text, toks[j - 1].end, toks[j].start)
        and _plain_gap(text, toks[j].end, toks[j + 1].start)
    ):
        return j + 2
    return 0


_NAMES_BY_REFS: dict[int, tuple[object, set[str]]] = {}


def _substance_names(ctx: AuditContext) -> set[str]:
    """Drug names of the reference set, built once per reference set (not per article)."""
    cached = ctx.extras.get("seo_substances")
    if cached is not None:
        return cached
    held = _NAMES_BY_REFS.get(id(ctx.refs))
    if held is not None and held[0] is ctx.refs:
        ctx.extras["seo_substances"] = held[1]
        return held[1]
    names = set(COMMON_SUBSTANCES)
    try:
        for term in ctx.refs.lexicon():
            if term.label == "DRUG" and " " not in term.text:
                names.add(term.text.lower())
    except Exception:  # the reference set is optional context here, never a reason to fail
        pass
    ctx.extras["seo_substances"] = names
    _NAMES_BY_REFS.clear()  # one reference set at a time is the normal case
    _NAMES_BY_REFS[id(ctx.refs)] = (ctx.refs, names)
    return names
