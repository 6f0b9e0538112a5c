"""The speed shortcuts of the rules never change a result.

Claim classification skips a kind's patterns when the sentence lacks every word they need, and
the keyword-run search skips positions whose first word does not come back soon enough. Both
are checked here against the full computation, on real sentences and on generated ones.
"""

from __future__ import annotations

import json
import re
import tomllib
from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from bacaudit.rules.claim_shapes import classify, default_shapes
from bacaudit.rules.seo import KeywordRun, _keyword_lists, near_me_repeats, words
from conftest import FIXTURES, SEEDS


def _real_texts() -> list[str]:
    texts = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    for path in sorted((FIXTURES / "rules").glob("*.toml")):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        texts += data.get("flag", []) + data.get("ok", [])
    unseen = sorted((FIXTURES / "rules" / "unseen").glob("*.*"))
    texts += [p.read_text(encoding="utf-8") for p in unseen if p.suffix in (".txt", ".html")]
    cases = json.loads((FIXTURES / "claims" / "cases.json").read_text(encoding="utf-8"))["cases"]
    texts += [c["text"] for c in cases]
    return texts


def test_classify_shortcut_matches_full_run_on_real_sentences(auditor):
    checked = 0
    for text in _real_texts():
        result = auditor.audit_text(text)
        for sent in auditor.pipeline.analyze(result.article).sentences:
            assert classify(sent.text) == classify(sent.text, shortcut=False), sent.text
            checked += 1
    assert checked > 200


# Words taken from the patterns themselves, so a needle missing from NEEDLES is still tried.
_SHAPES = default_shapes().by_kind
_PATTERNS = [p for pats in _SHAPES.values() for p, _ in pats]
_NEEDLES = [n for pats in _SHAPES.values() for _, ns in pats for n in ns]
_PATTERN_WORDS = {w for p in _PATTERNS for w in re.findall(r"[a-z][a-z-]{2,}", p.pattern)}
_NEEDLE_WORDS = sorted(_PATTERN_WORDS | {w for n in _NEEDLES for w in n.split()})
# Words no needle contains, and the objects the claim patterns look for after a needle.
_FILLER = ["baclofen", "the", "can", "may", "will", "is", "are", "has", "been", "as", "that",
           "a", "to", "cravings", "drinking", "withdrawal", "seizures", "death", "dependence",
           "abuse", "addiction", "of", "FDA", "DEA", "IV", "20", "mg", "day", "with", "we"]


@settings(max_examples=400, deadline=None)
@given(
    st.lists(st.sampled_from(_FILLER), min_size=3, max_size=14),
    st.lists(st.tuples(st.sampled_from(_NEEDLE_WORDS), st.integers(0, 14)), min_size=1,
             max_size=2),
)
def test_classify_shortcut_matches_full_run_on_generated_sentences(filler, inserts):
    ws = list(filler)
    for word, at in inserts:
        ws.insert(min(at, len(ws)), word)
    sentence = " ".join(ws) + "."
    assert classify(sentence) == classify(sentence, shortcut=False)


_TARGETS = ["cravings", "drinking", "seizures", "death", "dependence", "abuse", "placebo",
            "substance", "to", "that", "as", "the", "20 mg", "people", "in 10", "IV", "by the FDA"]
_FRAMES = [
    "Baclofen can {w} {t} in most adults today.",
    "The {w} {t} baclofen for adults in 2019.",
    "Some {w} that baclofen is {t} for most adults.",
    "According to the DEA, baclofen {w} {t} often.",
]


def test_classify_shortcut_matches_full_run_for_every_needle_word():
    for word in _NEEDLE_WORDS:
        for target in _TARGETS:
            for frame in _FRAMES:
                sentence = frame.format(w=word, t=target)
                assert classify(sentence) == classify(sentence, shortcut=False), sentence


def _slow_keyword_runs(text: str) -> list[tuple[int, int]]:
    """The keyword-run search without its shortcuts: every position, every list."""
    toks = words(text, 0, len(text))
    listed = list(_keyword_lists(text, toks, Counter(t.low for t in toks)))
    out = list(listed) + list(near_me_repeats(text, toks))
    i = 0
    while i < len(toks) - 3:
        span = KeywordRun._run_at(text, toks, i)
        if span and any(s <= span[0] < e for s, e in listed):
            span = None
        if span:
            out.append(span)
            while i < len(toks) and toks[i].start < span[1]:
                i += 1
        else:
            i += 1
    return sorted(set(out))


_SEO_VOCAB = ["rehab", "near", "me", "best", "cheap", "alcohol", "effects", "of", "kratom",
              "side", "baclofen", "the", "and", "long", "term", ",", "detox", "centers"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(_SEO_VOCAB), min_size=4, max_size=30))
def test_keyword_run_shortcut_matches_full_search(auditor, ws):
    text = " ".join(ws).replace(" ,", ",") + "."
    result = auditor.audit_text(text)
    fast = sorted((f.start, f.end) for f in result.findings if f.rule == "BA402")
    sents = auditor.pipeline.analyze(result.article).sentences
    if len(sents) == 1 and sents[0].start == 0:
        assert fast == _slow_keyword_runs(result.article.text)


def _pattern_texts() -> list[str]:
    html = sorted((FIXTURES / "html").glob("*.html")) + sorted(
        (FIXTURES / "hostile").glob("*.*")
    )
    return _real_texts() + [p.read_text(encoding="utf-8", errors="replace") for p in html]


def test_every_marketing_match_holds_one_of_its_needles():
    from bacaudit.rules.marketing import NEEDLES as PHRASE_NEEDLES

    assert len(PHRASE_NEEDLES) > 40
    matched = 0
    for text in _pattern_texts():
        for pattern, needles in PHRASE_NEEDLES.items():
            for m in pattern.finditer(text):
                assert any(n in m.group(0).lower() for n in needles), (pattern.pattern, m[0])
                matched += 1
    assert matched > 50


def test_marketing_needles_change_no_finding(auditor, monkeypatch):
    from bacaudit.rules import marketing

    texts = _pattern_texts()
    def marketing_findings() -> list[list[tuple[str, int, int]]]:
        return [
            [(f.rule, f.start, f.end) for f in auditor.audit_text(t).findings
             if f.category == "marketing"]
            for t in texts
        ]

    fast = marketing_findings()
    monkeypatch.setattr(marketing, "NEEDLES", {})
    slow = marketing_findings()
    assert fast == slow
    assert sum(map(len, fast)) > 20
