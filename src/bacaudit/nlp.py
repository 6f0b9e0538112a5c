"""Builds the spaCy pipeline once per process (stub: a blank pipeline with a sentencizer)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .models import Article
from .rules.base import Sentence


@dataclass
class Analysis:
    doc: Any
    sentences: list[Sentence]


class Pipeline:
    def __init__(self, refs, model: str = "blank") -> None:
        import spacy

        self.nlp = spacy.blank("en")
        self.nlp.add_pipe("sentencizer")

    def analyze(self, article: Article) -> Analysis:
        doc = self.nlp(article.text)
        sents = [Sentence(s.start_char, s.end_char, s.text) for s in doc.sents if s.text.strip()]
        return Analysis(doc, sents)


_PIPELINES: dict[tuple[str, str, str], Pipeline] = {}


def get_pipeline(refs, model: str = "blank") -> Pipeline:
    """One pipeline per (reference set, model) per process: building it costs ~0.2 s."""
    key = (str(refs.directory), refs.version, model)
    if key not in _PIPELINES:
        _PIPELINES[key] = Pipeline(refs, model)
    return _PIPELINES[key]
