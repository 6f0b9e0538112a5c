"""Builds the spaCy pipeline once per process and turns an Article into sentences and entities.

The default is a blank English pipeline with rules, so audits run offline with no model
download: tokenizer special cases for dosing and citation abbreviations, a sentence splitter
that never crosses a line break (blocks are joined with a blank line), and an entity ruler whose
dictionaries (drugs, brands, conditions, agencies) come from the reference set, so a new drug
file extends the auditor with no code change.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from .linear_tokenizer import LinearTokenizer
from .models import Article
from .rules.base import Sentence

# Abbreviations whose final period must not end a sentence. spaCy's English tokenizer
# already keeps "Dr.", "U.S.", "e.g." and "i.e." whole; these need telling.
ABBREVIATIONS = (
    "q.i.d.",
    "t.i.d.",
    "b.i.d.",
    "q.d.",
    "p.r.n.",
    "q.h.s.",
    "q.o.d.",
    "h.s.",
    "p.o.",
    "Q.I.D.",
    "T.I.D.",
    "B.I.D.",
    "approx.",
    "Approx.",
    "pts.",
    "Fig.",
    "fig.",
    "Figs.",
    "vs.",
    "al.",
    "No.",
    "no.",
    "Ref.",
    "Refs.",
    "ed.",
    "eds.",
    "Vol.",
    "vol.",
    "pp.",
    "ca.",
    "cf.",
    "Ch.",
    "Eq.",
    "Prof.",
    "Mr.",
    "Mrs.",
    "Ms.",
    "St.",
    "Jr.",
    "Sr.",
    "Inc.",
    "Ltd.",
    "Co.",
    "Corp.",
    "Jan.",
    "Feb.",
    "Mar.",
    "Apr.",
    "Aug.",
    "Sept.",
    "Sep.",
    "Oct.",
    "Nov.",
    "Dec.",
    "U.K.",
    "E.U.",
    "e.g",
    "i.e",
    "etc.",
    "mL.",
    "hr.",
    "hrs.",
    "min.",
    "wk.",
    "wks.",
)
SENT_END = {".", "!", "?", "…", "?!", "!?", "..."}
ROMAN_STOP = {"I.", "II.", "III.", "IV.", "V."}
CLOSERS = {")", "]", "”", "’", '"', "'", "»"}
BULLETS = "-–—•·*▪◦●○‣⁃"
# Longest sentence in tokens: prose sentences run to a few dozen; only a page without stops
# reaches this, and cutting it keeps the claim and rule passes linear in the page length.
MAX_SENTENCE_TOKENS = 256

MASS_UNITS = [
    "mg",
    "mgs",
    "milligram",
    "milligrams",
    "g",
    "gm",
    "gram",
    "grams",
    "mcg",
    "mcgs",
    "µg",
    "μg",
    "ug",
    "microgram",
    "micrograms",
    "kg",
]
NUMBER_WORDS = [
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "fifteen",
    "twenty",
    "thirty",
    "forty",
    "fifty",
    "sixty",
    "seventy",
    "eighty",
    "ninety",
    "hundred",
    "thousand",
]
ROMAN = ["i", "ii", "iii", "iv", "v", "1", "2", "3", "4", "5"]


@dataclass

class Analysis:
    """What the NLP stage hands on: the spaCy Doc and sentence spans in Article.text."""

    doc: Any
    sentences: list[Sentence]


def _entity_patterns(refs) -> list[dict[str, Any]]:
    patterns: list[dict[str, Any]] = []
    seen: set[tuple[str, str]] = set()
    try:
        terms = refs.lexicon()
    except Exception:  # a half-loaded reference set must not stop sentence splitting
        terms = []
    for term in terms:
        if not term.text.strip():
            continue
        if getattr(term, "case_sensitive", False):
            # acronyms that are also words ("WHO", "MS") only match as written
            words = term.text.split()
            patterns.append(
                {"label": term.label, "pattern": [{"ORTH": w} for w in words], "id": term.id}
            )
            continue
        key = (term.label, term.text.lower())
        if key in seen:
            continue
        seen.add(key)
        patterns.append({"label": term.label, "pattern": term.text, "id": term.id})
    num = {"LIKE_NUM": True}
    unit = {"LOWER": {"IN": MASS_UNITS}}
    sep = {"LOWER": {"IN": ["-", "–", "—", "to", "and", "or"]}}
    freq_single = {
        "LOWER": {"IN": ["daily", "q.i.d.", "t.i.d.", "b.i.d.", "qid", "tid", "bid", "q.d."]}
    }
    per = {"LOWER": {"IN": ["per", "a", "each", "every", "/"]}}
    day = {"LOWER": {"IN": ["day", "d", "daily"]}}
    times = {"LOWER": {"IN": ["once", "twice", "thrice"]}}
    dose_bodies = [
        [num, unit],
        [num, sep, num, unit],
        [{"TEXT": {"REGEX": r"^\d+(?:[.,]\d+)?[-–]\d+(?:[.,]\d+)?$"}}, unit],
        [num, num, unit],  # "one hundred milligrams"
    ]
    tails: list[list[dict[str, Any]]] = [
        [],
        [freq_single],
        [per, day],
        [times, day],
        [
            num,
            {"LOWER": "times"},
            {"LOWER": {"IN": ["daily", "a", "per"]}},
            {"LOWER": "day", "OP": "?"},
        ],
    ]
    for body in dose_bodies:
        for tail in tails:
            patterns.append({"label": "DOSE", "pattern": body + tail})
    patterns.append(
        {"label": "SCHEDULE", "pattern": [{"LOWER": "schedule"}, {"LOWER": {"IN": ROMAN}}]}
    )
    patterns.append(
        {"label": "SCHEDULE", "pattern": [{"LOWER": "c"}, {"ORTH": "-"}, {"LOWER": {"IN": ROMAN}}]}
    )
    patterns.append(
        {
            "label": "SCHEDULE",
            "pattern": [
                {"LOWER": "controlled"},
                {"LOWER": {"IN": ["substance", "substances", "drug", "drugs"]}},
            ],
        }
    )
    patterns.append({"label": "YEAR", "pattern": [{"TEXT": {"REGEX": r"^(1[89]\d\d|20\d\d)$"}}]})
    return patterns


def _line_breaks(doc) -> Any:
    """For trained pipelines: only line breaks are fixed; the parser decides the rest."""
    return _mark_sentences(doc, rules=False)


def _split_sentences(doc) -> Any:
    return _mark_sentences(doc, rules=True)


def _mark_sentences(doc, rules: bool) -> Any:
    """Sentence starts: after a line break, or after . ! ? when the next word is not lower case.

    Abbreviations are single tokens (special cases above), so "q.i.d." or "et al." never end
    a sentence; "(15)." does, and "20 mg. twice" does not. A run of `MAX_SENTENCE_TOKENS` tokens
    without a boundary (a page with no stops at all) is cut there, so the per-sentence work of
    the claim and rule passes stays bounded and a page stays linear. Boundaries are written in one
    `from_array` call: setting `is_sent_start` token by token is quadratic in spaCy.
    """
    import numpy
    from spacy.attrs import IDX, LENGTH, SENT_START

    n = len(doc)
    if n == 0:
        return doc
    # token texts from offsets: making a Token object per token costs more than the rest
    # (a token's trailing whitespace is at most one plain space, so line breaks are tokens)
    arr = doc.to_array([IDX, LENGTH]).tolist()
    full = doc.text
    texts = [full[i : i + k] for i, k in arr]
    starts = [-1 if rules else 0] * n
    starts[0] = 1
    # opener[k]: the last token at or before k that is not a closing bracket or quote (or 0),
    # found in one pass: walking back from every token would be quadratic in a run of quotes.
    opener = [0] * n
    for k in range(1, n):
        opener[k] = opener[k - 1] if texts[k] in CLOSERS else k
    last = 0
    for i in range(1, n):
        text = texts[i]
        gap = full[arr[i - 1][0] + arr[i - 1][1] : arr[i][0]]  # the whitespace between them
        if "\n" in texts[i - 1] or "\n" in gap or i - last >= MAX_SENTENCE_TOKENS:
            starts[i] = 1
            last = i
            continue
        if text.isspace() or not rules:
            continue
        j = opener[i - 1]
        prev = texts[j]
        if prev in ROMAN_STOP and j > 0 and texts[j - 1].lower() in {"schedule", "-"}:
            prev = "."  # "... Schedule V. Hydrocodone ...": a numeral, not an initial
        if prev in SENT_END or (len(prev) > 1 and prev[-1] in "?!"):
            first = text[0]
            if not first.islower() and first not in ",;:)]":
                starts[i] = 1
                last = i
    doc.from_array(
        [SENT_START], numpy.asarray(starts, dtype="int64").astype("uint64").reshape(-1, 1)
    )
    return doc


class Pipeline:
    """One spaCy pipeline with the reference-set entity ruler; `analyze` is the hot path."""

    def __init__(self, refs, model: str = "blank") -> None:
        import spacy
        from spacy.language import Language

        if not Language.has_factory("bacaudit_sentences"):
            Language.component("bacaudit_sentences")(_split_sentences)
            Language.component("bacaudit_line_breaks")(_line_breaks)
        self.model = model
        self.fallback_reason: str | None = None
        nlp = None
        if model and model != "blank":
            try:
                nlp = spacy.load(model, exclude=["ner"])
            except (OSError, ImportError) as exc:
                self.fallback_reason = (
                    f"spaCy pipeline {model!r} is not installed ({type(exc).__name__}); "
                    "using the offline rule pipeline instead"
                )
                print(f"bacaudit: {self.fallback_reason}", file=sys.stderr)
        if nlp is None:
            nlp = spacy.blank("en")
        for ab in ABBREVIATIONS:
            nlp.tokenizer.add_special_case(ab, [{"ORTH": ab}])
        nlp.tokenizer = LinearTokenizer(nlp.tokenizer)
        if "parser" in nlp.pipe_names or "senter" in nlp.pipe_names:
            # a trained parser splits sentences better; it only has to respect line breaks
            nlp.add_pipe("bacaudit_line_breaks", first=True)
        else:
            nlp.add_pipe("bacaudit_sentences")
        ruler = nlp.add_pipe(
            "entity_ruler", config={"phrase_matcher_attr": "LOWER", "overwrite_ents": True}
        )
        ruler.add_patterns(_entity_patterns(refs))  # type: ignore[attr-defined]
        if "parser" not in nlp.pipe_names:
            # spaCy's 1,000,000-character guard protects parser/NER memory; the rule pipeline
            # has neither, so a long page (inputs are capped at 5 MB) is read whole.
            nlp.max_length = 20_000_000
        self.nlp = nlp

    def analyze(self, article: Article) -> Analysis:
        doc = self.nlp(article.text)
        return Analysis(doc, sentence_spans(doc, article.text))

    def analyze_many(self, articles: Iterable[Article], batch_size: int = 16) -> Iterable[Analysis]:
        """Batches through `nlp.pipe`: cheaper per article for crawl and directory runs."""
        items = list(articles)
        for article, doc in zip(
            items, self.nlp.pipe((a.text for a in items), batch_size=batch_size), strict=True
        ):
            yield Analysis(doc, sentence_spans(doc, article.text))


def sentence_spans(doc, text: str) -> list[Sentence]:
    """Sentence spans trimmed of surrounding space and leading bullet marks."""
    out: list[Sentence] = []
    for s in doc.sents:
        start, end = s.start_char, s.end_char
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        while start < end - 1 and text[start] in BULLETS and text[start + 1].isspace():
            start += 1
            while start < end and text[start].isspace():
                start += 1
        if start < end:
            out.append(Sentence(start, end, text[start:end]))
    return out


_PIPELINES: dict[tuple[str, str, str], Pipeline] = {}


def get_pipeline(refs, model: str = "blank") -> Pipeline:
    """One pipeline per (reference set, model) per process: building it costs ~0.2 s."""
    key = (str(refs.directory), str(refs.version), model)
    if key not in _PIPELINES:
        _PIPELINES[key] = Pipeline(refs, model)
    return _PIPELINES[key]
