"""The word lists that claim structure is read with, loaded once from lexicon.toml.

They are data, not code: a new classification verb or comparison head is one line in the
TOML file beside this module.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

PATH = Path(__file__).with_name("lexicon.toml")


@dataclass(frozen=True)
class ClassSpec:
    """A drug class an article may name, and the reference class words it agrees with."""

    name: str
    words: frozenset[str]
    holds: tuple[str, ...]
    unsure: tuple[str, ...]


@dataclass(frozen=True)
class Lexicon:
    status_nouns: frozenset[str]
    status_modifiers: frozenset[str]
    status_lists: frozenset[str]
    classify_verbs: frozenset[str]
    approve_verbs: frozenset[str]
    cap_verbs: frozenset[str]
    report_verbs: frozenset[str]
    comparison_markers: frozenset[str]
    comparison_heads: frozenset[str]
    comparison_cases: frozenset[str]
    question_aux: frozenset[str]
    question_wh: frozenset[str]
    condition_marks: frozenset[str]
    negation_words: frozenset[str]
    negation_verbs: frozenset[str]
    state_nouns: frozenset[str]
    us_states: tuple[str, ...]
    federal_words: frozenset[str]
    classes: tuple[ClassSpec, ...]
    not_class_heads: frozenset[str]
    history: dict[str, frozenset[str]] = field(default_factory=dict)

    def class_of(self, word: str) -> ClassSpec | None:
        w = word.lower()
        for spec in self.classes:
            if w in spec.words:
                return spec
        return None


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    data = tomllib.loads(PATH.read_text(encoding="utf-8"))

    def fs(*keys: str) -> frozenset[str]:
        node = data
        for k in keys:
            node = node[k]
        return frozenset(w.lower() for w in node)

    dc = dict(data["drug_class"])
    not_heads = frozenset(dc.pop("not_class_heads"))
    classes = tuple(
        ClassSpec(name, frozenset(v["words"]), tuple(v["holds"]), tuple(v.get("unsure", [])))
        for name, v in dc.items()
    )
    return Lexicon(
        status_nouns=fs("status", "nouns"),
        status_modifiers=fs("status", "modifiers"),
        status_lists=fs("status", "lists"),
        classify_verbs=fs("verbs", "classify"),
        approve_verbs=fs("verbs", "approve"),
        cap_verbs=fs("verbs", "cap"),
        report_verbs=fs("verbs", "report"),
        comparison_markers=fs("comparison", "markers"),
        comparison_heads=fs("comparison", "heads"),
        comparison_cases=fs("comparison", "head_cases"),
        question_aux=fs("question", "auxiliaries"),
        question_wh=fs("question", "wh"),
        condition_marks=fs("condition", "marks"),
        negation_words=fs("negation", "words"),
        negation_verbs=fs("negation", "verbs"),
        state_nouns=fs("jurisdiction", "state_nouns"),
        us_states=tuple(data["jurisdiction"]["us_states"]),
        federal_words=fs("jurisdiction", "federal"),
        classes=classes,
        not_class_heads=not_heads,
        history={k: frozenset(v) for k, v in data["history"].items()},
    )
