"""Which drug a claim is about.

"carisoprodol, unlike baclofen, is Schedule IV" is about carisoprodol; "it", "the drug" and a
clause with no drug name refer back to the last drug named in the paragraph, or, when the
paragraph names none, to the article's main drug (the title's drug, else the most frequent).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from ..models import Article
from .context import clause_of

CONTRAST = re.compile(
    r"(?:\bunlike|\bcompared (?:with|to)|\bthan|\binstead of|\brather than|\bversus|\bvs\.?|"
    r"\bas opposed to|\bcombined with|\bcombination with|\btogether with|\bplus)\s+(?:the\s+)?$"
)
# Signs that a clause is about a drug the reference set does not know ("Benzodiazepines are
# Schedule IV", "Xanax is ..."): then a claim must not fall back to the article's main drug.
DRUG_CLASS = re.compile(
    r"\b(?:benzodiazepines?|opioids?|opiates?|antidepressants?|ssris?|snris?|stimulants?|"
    r"barbiturates?|antipsychotics?|anticonvulsants?|antiepileptics?|amphetamines?|"
    r"muscle relaxants|painkillers|sedatives|hypnotics|other (?:drugs|medications|medicines)|"
    r"these (?:drugs|medications|medicines)|such drugs|such medications|many drugs|some drugs)\b"
)
DRUG_SUFFIX = re.compile(
    r"\b[a-z]{3,}(?:pam|lam|zepam|zolam|done|codone|morphone|azine|apine|etine|oxetine|aline|"
    r"pramine|triptyline|barbital|phetamine|fentanil|fentanyl|azole|prazole|tidine|statin|sartan|"
    r"pril|olol|dipine|mab|cycline|mycin|floxacin|tadine|gliptin|lukast)\b"
)
_STARTER_WORDS = """
    the this that these those it its a an in on at for with from by of to as and but so or if
    when while although though because since after before however also then thus therefore
    generally usually typically often sometimes most many some all each any no your you we our
    they their he she his her patients patient people doctors doctor physicians clinicians
    prescribers adults children treatment therapy dosing dosage doses dose medication
    medications medicine drug drugs tablets label labels research studies according overall
    still even only currently today here there what which who how why yes not never one two
    """
GENERIC_STARTERS = frozenset(_STARTER_WORDS.split())
ANAPHOR = re.compile(
    r"\b(?:it|its|it's|it’s|this|the (?:\w+ )?(?:drug|medication|medicine|pill|tablet|form)s?|"
    r"(?:this|that|the same) (?:drug|medication|medicine|treatment))\b"
)
POSSESSIVE_START = re.compile(r"^\W*([A-Z][\w-]*)(?:'s|’s)\s")
SUBJECT_START = re.compile(
    r"^\W*([A-Z][\w-]*)\s+(?:is|are|was|were|has|have|can|may|might|should|,|\()"
)
CONTRAST_LIST = re.compile(r"^\s*(?:,\s*)?(?:and|or|nor)\s+$|^\s*/\s*$")
RELATIVE_GAP = re.compile(
    r"(?<!\s)\s*,\s*(?:which|who|that)\s+(?:is|are|was|remains|has been)\s+(?:not\s+)?(?:also\s+)?"
    r"(?:an?\s+|classified as\s+|listed as\s+|considered\s+(?:an?\s+)?)?(?:[\w-]+\s+){0,3}?$"
)
LIST_GLUE = re.compile(r"^\s*(?:,|and|or|,\s*and|,\s*or|/)\s*$")


@dataclass
class Mention:
    start: int  # offsets into the sentence text
    end: int
    id: str
    label: str
    text: str


@dataclass
class SentenceView:
    """One sentence with the reference-set entities found in it (offsets into `text`)."""

    start: int
    end: int
    text: str
    lower: str
    block: int  # index of the block that holds the sentence (-1: none)
    index: int  # position in the article's sentence list
    drugs: list[Mention] = field(default_factory=list)
    conditions: list[Mention] = field(default_factory=list)
    agencies: list[Mention] = field(default_factory=list)
    doc: Any = None  # the dependency parse, for candidate sentences when a parser is installed


@dataclass
class ArticleView:
    article: Article
    sentences: list[SentenceView]
    main_drug: str | None
    agency_jurisdiction: dict[str, str]
    brands: dict[str, str] = field(default_factory=dict)  # lower-cased brand -> drug id
    _heading_cache: list[str] | None = field(default=None, repr=False)

    def before(self, s: SentenceView, limit: int = 3) -> str:
        """Lower-cased context that carries over: the section heading and the earlier
        sentences of the same block ("Baclofen in France" governs its section)."""
        prev = [
            p.lower for p in self.sentences[max(0, s.index - limit) : s.index] if p.block == s.block
        ]
        heading = self.heading_for(s.block)
        return "\n".join([heading, *prev]) if heading else "\n".join(prev)

    def heading_for(self, block: int) -> str:
        """The nearest heading at or before `block` (a heading block, or a short line with no
        final stop in plain-text articles), lower-cased; "" when there is none."""
        blocks = self.article.blocks
        if not blocks:
            return ""
        if block < len(blocks) and blocks[block].kind == "heading":
            return ""
        return self._headings_before()[min(block, len(blocks))]

    def _headings_before(self) -> list[str]:
        """For every k, the lower-cased heading-like block nearest before block k: one pass, so
        long pages without headings stay linear."""
        if self._heading_cache is None:
            cache, last = [], ""
            for b in self.article.blocks:
                cache.append(last)
                text = b.text.strip()
                if b.kind == "heading" or (
                    len(text.split()) <= 12 and text[-1:] not in '.!?:;,"”)'
                ):
                    last = text.lower()
            cache.append(last)
            self._heading_cache = cache
        return self._heading_cache

    def previous_drug(self, s: SentenceView) -> str | None:
        """The last drug named earlier in the paragraph; "" when an unknown drug came later."""
        for p in reversed(self.sentences[: s.index]):
            if p.block != s.block:
                break
            if p.drugs:
                return sentence_subject_guess(p) or p.drugs[-1].id
            if unknown_subject(p, 0, len(p.text)):
                return ""
        return None


LEADING = re.compile(r"^\W*(?:(?:the|oral|generic|brand[- ]name|both)\s+)?$", re.I)


def sentence_subject_guess(s: SentenceView) -> str | None:
    """The drug a sentence opens with, as its subject ("Baclofen is often compared with
    carisoprodol."): a pronoun in the next sentence means it, not the last drug named."""
    if s.doc is not None:
        from .structure import sentence_subject

        found = sentence_subject(s)
        if found:
            return found
    contrasted = _contrasted_mentions(s)
    first = next((m for m in s.drugs if id(m) not in contrasted), None)
    if first is not None and LEADING.match(s.text[: first.start]):
        return first.id
    return None


def build_view(analysis, article: Article, refs) -> ArticleView:
    doc = analysis.doc
    ents = list(doc.ents) if doc is not None else []
    starts = [b.start for b in article.blocks]
    import bisect

    views: list[SentenceView] = []
    ei = 0
    for idx, sent in enumerate(analysis.sentences):
        bi = bisect.bisect_right(starts, sent.start) - 1
        v = SentenceView(sent.start, sent.end, sent.text, sent.text.lower(), bi, idx)
        while ei < len(ents) and ents[ei].end_char <= sent.start:
            ei += 1
        j = ei
        while j < len(ents) and ents[j].start_char < sent.end:
            e = ents[j]
            if e.start_char >= sent.start and e.end_char <= sent.end:
                m = Mention(
                    e.start_char - sent.start,
                    e.end_char - sent.start,
                    e.ent_id_ or e.text.lower(),
                    e.label_,
                    e.text,
                )
                if e.label_ == "DRUG":
                    v.drugs.append(m)
                elif e.label_ == "CONDITION":
                    v.conditions.append(m)
                elif e.label_ == "AGENCY":
                    v.agencies.append(m)
            j += 1
        views.append(v)
    juris = {}
    for a in getattr(refs, "agencies", {}).values():
        juris[a.id] = getattr(a, "jurisdiction", "US")
    brands = {
        b.lower(): d.id
        for d in getattr(refs, "drugs", {}).values()
        for b in getattr(d, "brands", [])
    }
    return ArticleView(article, views, _main_drug(article, views), juris, brands)


def _main_drug(article: Article, views: list[SentenceView]) -> str | None:
    counts = Counter(m.id for v in views for m in v.drugs)
    if not counts:
        return None
    if article.title:
        title = article.title.lower()
        in_title = [d for d in counts if d in title]
        if in_title:
            return max(in_title, key=lambda d: counts[d])
    first_block = [m.id for v in views if v.block == 0 for m in v.drugs]
    top = counts.most_common(2)
    if len(top) > 1 and top[0][1] == top[1][1] and first_block:
        return first_block[0]
    return top[0][0]


def subjects_for(
    view: ArticleView, s: SentenceView, trigger: int, *, explicit: bool = False
) -> list[str]:
    """The drug(s) a claim triggered at `trigger` (offset in the sentence) is about.

    With `explicit`, a clause that names no drug must refer to one ("it", "the drug", "this
    medication") to borrow the paragraph's or the article's drug: "a ketogenic diet is a
    treatment for epilepsy" says nothing about the article's drug."""
    a, b = clause_of(s.lower, trigger)
    for m in reversed(s.drugs):  # "..., than buprenorphine, which is a Schedule III drug"
        if m.end <= trigger and RELATIVE_GAP.match(s.lower, m.end, trigger):
            return [m.id]
    contrasted = _contrasted_mentions(s)
    in_clause = [m for m in s.drugs if a <= m.start < b and id(m) not in contrasted]
    if in_clause:
        before = [m for m in in_clause if m.start <= trigger]
        if before:
            group = [before[-1]]
            for m in reversed(before[:-1]):  # "X and Y are ..." : a coordinated list
                if LIST_GLUE.match(s.lower[m.end : group[0].start]):
                    group.insert(0, m)
                else:
                    break
            return list(dict.fromkeys(m.id for m in group))
        after = in_clause[0]
        gap = s.lower[trigger : after.start]
        if len(gap) <= 60 and not any(ch in gap for ch in ",;:()"):
            return [after.id]  # "the FDA approved baclofen", "prescribe baclofen for ..."
    # no drug in the clause: an earlier clause of the sentence, the paragraph, the article
    earlier = [m for m in s.drugs if m.start < a and id(m) not in contrasted]
    if earlier:
        return [earlier[-1].id]
    if unknown_subject(s, a, trigger) or unknown_subject(s, 0, trigger):
        return []
    if explicit and not ANAPHOR.search(s.lower, a, max(trigger, a) + 1 + 40):
        return []
    prev = view.previous_drug(s)
    if prev == "":
        return []
    if prev:
        return [prev]
    return [view.main_drug] if view.main_drug else []


def _contrasted_mentions(s: SentenceView) -> set[int]:
    """Drugs in a contrast phrase, including the rest of its list: in "unlike naltrexone and
    acamprosate", both are contrasted."""
    out: set[int] = set()
    prev: Mention | None = None
    for m in s.drugs:
        if _contrasted(s.lower, 0, m) or (
            prev is not None
            and id(prev) in out
            and CONTRAST_LIST.match(s.lower[prev.end : m.start])
        ):
            out.add(id(m))
        prev = m
    return out


def _contrasted(lower: str, clause_start: int, m: Mention) -> bool:
    """True when the drug sits in a contrast or comparison phrase ("unlike X", "than X")."""
    head = lower[max(clause_start, m.start - 25) : m.start]
    return CONTRAST.search(head) is not None


def unknown_subject(s: SentenceView, a: int, trigger: int) -> bool:
    """True when the clause seems to be about a drug or class the reference set lacks."""
    head_lower = s.lower[a:trigger]
    if DRUG_CLASS.search(head_lower) or DRUG_SUFFIX.search(head_lower):
        return True
    m = SUBJECT_START.match(s.text[a:trigger]) or POSSESSIVE_START.match(s.text[a:trigger])
    if m and m.group(1).lower() not in GENERIC_STARTERS:
        known = [*s.agencies, *s.conditions]
        pos = a + m.start(1)
        if not any(k.start <= pos < k.end for k in known):
            return True
    return False
