"""What a parsed sentence predicates, and of what: tree walks over UD dependencies.

A status word is a claim only when it is predicated of a subject: the attribute of a copula
("X is a Schedule IV drug"), the object or "as"-phrase of a classification verb ("listed as",
"placed in", "appears on the schedules"). From the predicate come the claim's context:
negation attached to it however far from the status word, an auxiliary-initial question, a
comparison that holds the status or the drug ("than", "unlike", "similar to"), a condition,
reported speech, a state-level scope; and its subject, with pronouns resolved to the
governing clause, the previous sentence's subject or the section heading's drug, never to a
drug named only inside a comparison.

Every function takes spaCy tokens from a sentence parsed on its own (offsets are the
sentence's), and returns None where the tree cannot tell, so the caller keeps its keyword rule.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .lexicon import lexicon
from .subjects import ArticleView, Mention, SentenceView

Token = Any

# dependencies a status word climbs through to reach its predicate ("a Schedule IV
# controlled substance": Schedule -> substance)
NOMINAL_LINKS = {
    "compound",
    "amod",
    "nmod",
    "flat",
    "nummod",
    "appos",
    "conj",
    "fixed",
    "nmod:npmod",
    "obl:npmod",
    "dep",
    "list",
    "goeswith",
}
SUBJECTS = {"nsubj", "nsubj:pass", "csubj", "nsubjpass", "expl"}
# clauses whose content another clause governs: a pronoun subject there may borrow its subject
EMBEDDED = {"advcl", "ccomp", "xcomp", "conj", "parataxis", "acl", "acl:relcl", "relcl"}
STOP_IN_SUBJECT = {"acl", "acl:relcl", "relcl", "advcl", "ccomp", "parataxis"}
ANAPHORA = {"it", "this", "that", "its", "itself", "which", "who"}
ANAPHOR_NOUNS = {
    "drug",
    "medication",
    "medicine",
    "pill",
    "tablet",
    "treatment",
    "product",
    "compound",
    "agent",
    "substance",
}
RELATIVE = {"which", "that", "who", "whom"}
PASSIVE = {"nsubj:pass", "nsubjpass", "aux:pass", "auxpass"}


@dataclass
class Reading:
    """What the tree says about one trigger."""

    predicate: Token
    predicated: bool = True
    negated: bool = False
    question: bool = False
    comparison: bool = False
    conditional: bool = False
    reported: bool = False
    state_level: bool = False
    federal: bool = False
    subjects: list[str] | None = None  # None: the tree could not tell
    like: list[str] = field(default_factory=list)  # "X, like Y, is ...": Y shares the claim


# -- tokens and mentions --------------------------------------------------------------------


def span_root(doc, start: int, end: int) -> Token | None:
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    return span.root


def token_at(doc, offset: int) -> Token | None:
    for t in doc:
        if t.idx <= offset < t.idx + len(t.text):
            return t
        if t.idx > offset:
            return t
    return None


def mention_tokens(doc, m: Mention) -> list[Token]:
    return [t for t in doc if m.start <= t.idx < m.end]


def _path_up(t: Token, stop: Token) -> list[Token] | None:
    """Tokens from t up to (excluding) stop; None when stop is not an ancestor."""
    out = []
    x = t
    while stop is None or x.i != stop.i:
        out.append(x)
        if x.head.i == x.i:
            return None
        x = x.head
    return out


IRREGULAR = {
    "made": "make",
    "became": "become",
    "kept": "keep",
    "fell": "fall",
    "said": "say",
    "says": "say",
    "thought": "think",
    "told": "tell",
    "wrote": "write",
    "written": "write",
    "put": "put",
    "set": "set",
    "is": "be",
    "are": "be",
    "was": "be",
    "were": "be",
}


def forms(t: Token) -> tuple[str, ...]:
    """Candidate lemmas of a token: the model's lemma when it has a lemmatizer, else the word
    and its regular stems ("classified" -> classify, "listed" -> list, "placed" -> place)."""
    w = t.lower_
    out = [t.lemma_.lower()] if t.lemma_ else []
    out.append(IRREGULAR.get(w, w))
    if w.endswith("ied") or w.endswith("ies"):
        out.append(w[:-3] + "y")
    if w.endswith("ed") or w.endswith("es"):
        out += [w[:-1], w[:-2]]
        if len(w) > 4 and w[-3] == w[-4]:
            out.append(w[:-3])  # "capped" -> cap
    elif w.endswith("s"):
        out.append(w[:-1])
    if w.endswith("ing"):
        out += [w[:-3], w[:-3] + "e"]
    return tuple(out)


def is_word(t: Token, words) -> bool:
    return any(f in words for f in forms(t))


# -- comparison, negation, question -----------------------------------------------------------


def compares(x: Token) -> str | None:
    """The comparison marker that puts x's phrase into a comparison, else None."""
    lx = lexicon()
    for c in x.children:
        if c.dep_ in {"case", "mark"}:
            w = c.lower_
            if w in lx.comparison_markers:
                return w
            if w in lx.comparison_cases and x.head.i != x.i:
                h = x.head
                if is_word(h, lx.comparison_heads):
                    return f"{h.lower_} {w}"
                if w == "as" and any(
                    k.lower_ == "as" and k.dep_ == "advmod" and k.i < x.i for k in h.children
                ):
                    return "as ... as"
    if x.dep_ in {"advcl", "obl", "acl"} and is_word(x, {"compare", "unlike"}):
        return x.lower_
    return None


def in_comparison(t: Token, stop: Token | None = None) -> str | None:
    """The marker of a comparison that t sits in, below `stop` (the predicate)."""
    x = t
    while True:
        found = compares(x)
        if found:
            return found
        if (stop is not None and x.i == stop.i) or x.head.i == x.i:
            return None
        x = x.head


def _has_negation(t: Token) -> bool:
    lx = lexicon()
    for c in t.children:
        if c.dep_ == "neg":
            return True
        if (
            c.dep_ in {"advmod", "det", "cc:preconj", "advmod:neg"}
            and c.lower_ in lx.negation_words
        ):
            return True
    return False


def negated(pred: Token, path: list[Token], subject: Token | None) -> bool:
    """Negation attached to the predicate (however far from the status word), to a word on
    the way up to it, to a governing verb ("does not seem to be"), or to the subject ("no
    regulator", "neither X nor Y")."""
    lx = lexicon()
    if any(_has_negation(x) for x in [pred, *path]):
        return True
    x = pred
    while x.dep_ in {"xcomp", "ccomp"} and x.head.i != x.i:
        x = x.head
        if _has_negation(x) or is_word(x, lx.negation_verbs):
            return True
    if subject is not None:
        for w in subject.subtree:
            if w.lower_ in {"no", "neither", "none", "nothing", "nobody"}:
                return True
    return False


def is_question(doc, heading: bool = False) -> bool:
    """A "?" at the end, or an auxiliary first with the subject after it ("Is X a ...");
    in a heading also a wh-word first."""
    lx = lexicon()
    words = [t for t in doc if not t.is_punct and not t.is_space]
    if not words:
        return False
    last = [t for t in doc if not t.is_space]
    if last and "?" in last[-1].text:
        return True
    first = words[0]
    if heading and first.lower_ in lx.question_wh:
        return True
    if first.lower_ not in lx.question_aux:
        return False
    if first.dep_ in {"aux", "cop", "aux:pass", "auxpass"}:
        head = first.head
        return any(c.dep_ in SUBJECTS and c.i > first.i for c in head.children)
    if first.dep_ == "ROOT" and first.pos_ in {"AUX", "VERB"}:
        return any(c.dep_ in SUBJECTS and c.i > first.i for c in first.children)
    return False


def conditional(pred: Token) -> bool:
    lx = lexicon()
    x = pred
    while True:
        if x.dep_ in {"advcl", "ccomp"} and any(
            c.dep_ == "mark" and c.lower_ in lx.condition_marks for c in x.children
        ):
            return True
        if x.head.i == x.i:
            return False
        x = x.head


def reported(pred: Token) -> bool:
    """The predicate is what someone says or claims ("sites say it is Schedule III", "the myth
    that it is a narcotic")."""
    lx = lexicon()
    x = pred
    while x.head.i != x.i:
        h = x.head
        if x.dep_ in {"ccomp", "parataxis"} and is_word(h, lx.report_verbs):
            return True
        if x.dep_ in {"acl", "acl:relcl", "ccomp"} and is_word(h, {
            "myth",
            "claim",
            "rumor",
            "rumour",
            "misconception",
            "belief",
            "idea",
            "notion",
            "question",
        }):
            return True
        x = h
    return False


def _is_clause(c: Token) -> bool:
    """A subordinate or coordinate clause hanging off a predicate."""
    if c.dep_ not in {"advcl", "ccomp", "parataxis", "conj", "acl:relcl"}:
        return False
    return c.pos_ in {"VERB", "AUX"} or any(k.dep_ == "cop" for k in c.children)


def _clause_tokens(pred: Token) -> list[Token]:
    """The predicate's own clause: its subtree without subordinate or coordinate clauses."""
    out = []
    stack = [pred]
    while stack:
        x = stack.pop()
        out.append(x)
        for c in x.children:
            if x.i == pred.i and _is_clause(c):
                continue
            stack.append(c)
    return out


def state_level(pred: Token, subject: Token | None) -> tuple[bool, bool]:
    """(state, federal): a state noun or a US state named in the predicate's clause, or a
    word that names the federal level."""
    lx = lexicon()
    tokens = _clause_tokens(pred)
    if subject is not None:
        tokens += list(subject.subtree)
    state = federal = False
    text = " ".join(t.lower_ for t in tokens)
    for t in tokens:
        w = t.lower_
        if w in lx.federal_words:
            federal = True
        united = t.i > 0 and t.doc[t.i - 1].lower_ == "united"
        if w in lx.state_nouns and t.pos_ in {"NOUN", "PROPN", "ADJ"} and not united:
            state = True
    if not state:
        state = any(f" {name} " in f" {text} " for name in lx.us_states)
    return state, federal


# -- predicates -----------------------------------------------------------------------------


def _subject_of(head: Token) -> Token | None:
    for c in head.children:
        if c.dep_ in SUBJECTS:
            return c
    return None


def predicate_of(t: Token) -> tuple[Token, Token | None, list[Token], str | None] | None:
    """Climb from a status word to the predicate that asserts it of something.

    Returns (predicate, subject, path, comparison): the subject is the word the status is
    predicated of (for "classify X as ..." the object X). None when nothing predicates it.
    """
    lx = lexicon()
    x = t
    path: list[Token] = []
    for _ in range(12):
        cmp_ = compares(x)
        if cmp_:
            return x, None, path, cmp_
        if any(c.dep_ == "cop" for c in x.children):
            return x, _subject_of(x), path, None
        h = x.head
        if h.i == x.i:
            return None
        if x.dep_ in {"obj", "xcomp", "obl", "iobj", "dobj", "attr", "oprd", "advcl"} and (
            is_word(h, lx.classify_verbs)
        ):
            obj = next((c for c in h.children if c.dep_ in {"obj", "dobj"} and c.i != x.i), None)
            active_obj = obj is not None and x.dep_ in {"xcomp", "obl", "advcl", "oprd"}
            subj = obj if active_obj else _subject_of(h)
            return h, subj, [*path, x], None
        if x.dep_ in NOMINAL_LINKS:
            path.append(x)
            x = h
            continue
        return None
    return None


# -- subjects --------------------------------------------------------------------------------


def _mentions_under(
    s: SentenceView, head: Token, *, like: list[Mention] | None = None
) -> list[Mention]:
    """Drugs named in head's phrase, not inside a comparison or a clause of their own."""
    out = []
    for m in s.drugs:
        toks = mention_tokens(s.doc, m)
        if not toks:
            continue
        tok = min(toks, key=lambda k: len(list(k.ancestors)))
        path = _path_up(tok, head)
        if path is None and tok.i != head.i:
            continue
        path = path or []
        if any(p.dep_ in STOP_IN_SUBJECT for p in path):
            continue
        marker = next((compares(p) for p in [*path, head] if compares(p)), None)
        if marker is None and tok.i != head.i:
            marker = compares(tok)
        if marker:
            if marker == "like" and like is not None:
                like.append(m)
            continue
        out.append(m)
    return out


def _is_anaphor(t: Token) -> bool:
    if t.lower_ in ANAPHORA and t.pos_ in {"PRON", "DET"}:
        return True
    return is_word(t, ANAPHOR_NOUNS) and any(
        c.lower_ in {"this", "that", "the", "such"} for c in t.children
    )


def subject_drugs(view: ArticleView, s: SentenceView, pred: Token, subj: Token | None) -> Reading:
    """Drug ids the predicate is about (None when the tree cannot tell) and the drugs that
    share the claim through "like"."""
    r = Reading(pred)
    if subj is None:
        return r
    like: list[Mention] = []
    found = _mentions_under(s, subj, like=like)
    # "X, like Y, is ...": the like-phrase may hang off the predicate instead of X
    for c in pred.children:
        other = subj is None or c.i != subj.i
        if other and c.dep_ in {"obl", "nmod", "advmod", "advcl"} and compares(c) == "like":
            like.extend(m for m in s.drugs if mention_tokens(s.doc, m) and _under(s, m, c))
    r.like = list(dict.fromkeys(m.id for m in like if m.id not in {f.id for f in found}))
    if found:
        r.subjects = list(dict.fromkeys(m.id for m in found))
        return r
    if subj.lower_ in RELATIVE:
        if pred.dep_ in {"acl:relcl", "relcl", "acl"}:
            ms = _mentions_under(s, pred.head)
            if ms:
                r.subjects = [ms[0].id]
        return r  # a relative clause the tree did not attach: the keyword rule decides
    if _is_anaphor(subj):
        r.subjects = resolve_anaphor(view, s, pred)
        return r
    if subj.pos_ in {"NOUN", "PROPN"} and not _under_any_drug(s, subj):
        if pred.pos_ == "VERB" and not any(c.dep_ == "cop" or c.dep_ in PASSIVE
                                           for c in pred.children):
            return r  # an agent ("regulators moved X to ..."): the keyword rule decides
        r.subjects = []  # a class or a drug the reference set does not know
    return r


def _under(s: SentenceView, m: Mention, head: Token) -> bool:
    return any(head.i == t.i or head in t.ancestors for t in mention_tokens(s.doc, m))


def _under_any_drug(s: SentenceView, t: Token) -> bool:
    return any(_under(s, m, t) for m in s.drugs)


def resolve_anaphor(view: ArticleView, s: SentenceView, pred: Token) -> list[str] | None:
    """ "it", "the drug", "this medication": the governing clause's subject, else the previous
    sentence's subject, else the section heading's drug; None leaves it to the keyword rule."""
    x = pred
    while x.dep_ in EMBEDDED and x.head.i != x.i:
        x = x.head
        subj = _subject_of(x)
        if subj is not None:
            ms = _mentions_under(s, subj)
            if ms:
                return [ms[0].id]
    if s.index > 0:
        prev = view.sentences[s.index - 1]
        if prev.block == s.block:
            if prev.doc is not None:
                got = sentence_subject(prev)
                if got:
                    return [got]
            return None  # the paragraph's own drugs decide (keyword rule)
    got = heading_drug(view, s)
    return [got] if got else None


def heading_drug(view: ArticleView, s: SentenceView) -> str | None:
    """The drug named in the heading of the section a paragraph opens."""
    blocks = view.article.blocks
    for bi in range(min(s.block, len(blocks)) - 1, -1, -1):
        b = blocks[bi]
        text = b.text.strip()
        if b.kind == "heading" or (len(text.split()) <= 12 and text[-1:] not in '.!?:;,"”)'):
            for p in view.sentences:
                if p.block == bi and p.drugs:
                    return p.drugs[0].id
            return None
    return None


def sentence_subject(s: SentenceView) -> str | None:
    """The drug that is the subject of a parsed sentence's main clause."""
    if s.doc is None:
        return None
    for sent in s.doc.sents:
        root = sent.root
        subj = _subject_of(root)
        if subj is None:
            continue
        ms = _mentions_under(s, subj)
        if ms:
            return ms[0].id
    return None


# -- the reading of a status trigger ----------------------------------------------------------


def read_status(
    view: ArticleView, s: SentenceView, start: int, end: int, *, heading: bool = False
) -> Reading | None:
    """The tree's reading of a status word at [start, end) of the sentence, or None without a
    parse."""
    if s.doc is None:
        return None
    t = span_root(s.doc, start, end)
    if t is None:
        return None
    found = predicate_of(t)
    question = is_question(s.doc, heading)
    if found is None:
        r = Reading(t, predicated=False, question=question)
        return r
    pred, subj, path, cmp_ = found
    if subj is None and pred.dep_ == "conj" and pred.head is not pred:
        subj = _subject_of(pred.head)  # "X is misused more than Y and is a Schedule IV drug"
    if cmp_:
        return Reading(pred, predicated=False, comparison=True, question=question)
    r = subject_drugs(view, s, pred, subj)
    r.negated = negated(pred, path, subj)
    r.question = question
    r.conditional = conditional(pred)
    r.reported = reported(pred)
    r.state_level, r.federal = state_level(pred, subj)
    return r


def read_approval(view: ArticleView, s: SentenceView, start: int, end: int) -> Reading | None:
    """The tree's reading of an approval word: its subject (the drug approved: the passive or
    copula subject, the object of "approved", the subject of "has / received / lacks
    approval"), negation on it, a question, a condition. None without a parse or when the
    word has no predicate the tree can place."""
    if s.doc is None:
        return None
    t = span_root(s.doc, start, end)
    if t is None:
        return None
    lx = lexicon()
    path: list[Token] = []
    pred, subj = t, None
    if t.pos_ == "NOUN" and t.dep_ in {"obj", "dobj"}:
        path, pred = [t], t.head
        subj = _subject_of(pred)
    elif t.pos_ in {"VERB", "ADJ", "AUX"} or is_word(t, lx.approve_verbs):
        passive = any(c.dep_ in PASSIVE for c in t.children)
        cop = any(c.dep_ == "cop" for c in t.children)
        if passive or cop:
            subj = _subject_of(t)
        else:
            subj = next((c for c in t.children if c.dep_ in {"obj", "dobj"}), None)
            if subj is None and t.dep_ in {"amod", "acl"}:
                subj = t.head  # "the FDA-approved baclofen tablets"
    else:
        return None
    if compares(pred) or in_comparison(t, pred):
        return Reading(pred, predicated=False, comparison=True)
    r = subject_drugs(view, s, pred, subj) if subj is not None else Reading(pred)
    r.negated = negated(pred, path, subj) or _has_negation(t)
    r.question = is_question(s.doc)
    r.conditional = conditional(pred)
    r.reported = reported(pred)
    return r
