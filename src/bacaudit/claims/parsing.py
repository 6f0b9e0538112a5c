"""The dependency parse of the sentences that can hold a claim.

Only candidate sentences are parsed: a cheap first pass on the entity ruler's drugs and the
cue words of the claim types picks them, and they go through the parser in one `nlp.pipe`
batch per article. Without a parser model every sentence keeps `doc = None` and the claim
extractors fall back to their keyword rules.
"""

from __future__ import annotations

import os
import re
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .subjects import ArticleView, SentenceView

ENV = "BACAUDIT_PARSER_MODEL"
DEFAULT_DIR = Path(__file__).resolve().parents[1] / "data" / "parser"

# statuses only a parse can place: a list the drug appears on, or is missing from
TREE_ONLY = re.compile(
    r"\b(?:appears?|listed|included|found|placed)\s+(?:\w+\s+){0,3}?(?:on|in)\s+(?:the\s+)?"
    r"(?:federal|dea['’]?s?)?\s*(?:schedules|controlled substances act|list of controlled)"
)
MAX_CHARS = 400  # longer "sentences" are lists or run-ons the tree reads poorly


@dataclass
class ParseStats:
    """Counts for the benchmark: how many sentences were seen, how many parsed, and the time."""

    sentences: int = 0
    parsed: int = 0
    seconds: float = 0.0

    @property
    def share(self) -> float:
        return self.parsed / self.sentences if self.sentences else 0.0


STATS = ParseStats()
_LOADED: dict[str, Any] = {}


def model_dir() -> Path:
    env = os.environ.get(ENV)
    return Path(env) if env else DEFAULT_DIR


def load_parser():
    """The tagger and parser, built once per process; None when no model is installed.

    The product's shared loader (`bacaudit.parser`) is used when present; otherwise the model
    directory comes from $BACAUDIT_PARSER_MODEL or the package's data/parser folder.
    """
    if "nlp" in _LOADED:
        return _LOADED["nlp"]
    nlp = None
    try:
        from .. import parser as shared  # type: ignore[attr-defined]

        nlp = shared.load_parser()
    except ImportError:
        nlp = _load_dir(model_dir())
    except Exception as exc:  # a broken model must not stop audits; keyword rules remain
        print(f"bacaudit: parser model not usable ({type(exc).__name__}: {exc})", file=sys.stderr)
        nlp = None
    _LOADED["nlp"] = nlp
    return nlp


def _load_dir(path: Path):
    if not (path / "config.cfg").is_file():
        return None
    try:
        import spacy

        nlp = spacy.load(path, exclude=["ner", "lemmatizer", "senter"])
    except (OSError, ValueError, ImportError) as exc:
        print(f"bacaudit: parser model at {path} not usable ({exc})", file=sys.stderr)
        return None
    return nlp if "parser" in nlp.pipe_names else None


def reset_parser() -> None:
    """Forget the loaded parser (tests switch models through the environment)."""
    _LOADED.clear()


def tree_only(s: SentenceView) -> bool:
    """A status the keyword rules cannot read: "does not appear on the federal schedules"."""
    return len(s.text) <= MAX_CHARS and TREE_ONLY.search(s.lower) is not None


def parse_sentences(view: ArticleView, sentences: list[SentenceView], nlp=None) -> None:
    """Attach a parse (`s.doc`) to each of `sentences`, in one `nlp.pipe` batch."""
    nlp = nlp if nlp is not None else load_parser()
    items = [s for s in sentences if len(s.text) <= MAX_CHARS]
    if nlp is None or not items:
        return
    t = time.perf_counter()
    for s, doc in zip(items, nlp.pipe((x.text for x in items), batch_size=64), strict=True):
        s.doc = doc
    STATS.parsed += len(items)
    STATS.seconds += time.perf_counter() - t
