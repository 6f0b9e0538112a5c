"""The optional tagger and parser the rules consult for grammar, and parses cached per article.

The rules work from lexicons and word shapes alone; when a trained pipeline is available they
also ask it whether a clause is an imperative (sentence-initial base-form verb with no subject)
or whether a span breaks its host sentence. The pipeline comes from `bacaudit.parser` when the
package ships one, else from the spaCy model directory named by `BACAUDIT_PARSER_MODEL`; with
neither, `load_parser()` returns None and every rule falls back to its lexicon test. Only the
few candidate clauses a rule hands over are parsed, batched, once per article.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import Any

from .base import AuditContext

ENV = "BACAUDIT_PARSER_MODEL"


@lru_cache(maxsize=1)
def load_parser() -> Any | None:
    """A spaCy Language with tagger and parser, or None when none is installed."""
    try:  # the product's own loader, when the package ships a model
        from ..parser import load_parser as shipped  # type: ignore[import-not-found]
    except ImportError:
        shipped = None
    if shipped is not None:
        try:
            nlp = shipped()
        except Exception:  # a broken model must not stop an audit: rules fall back to lexicons
            nlp = None
        if nlp is not None:
            return nlp
    path = os.environ.get(ENV, "").strip()
    if not path or not Path(path).is_dir():
        return None
    try:
        import spacy

        return spacy.load(path, exclude=["ner", "lemmatizer", "textcat"])
    except Exception:
        return None


def parse_clauses(ctx: AuditContext, clauses: list[str]) -> dict[str, Any]:
    """Parses of the given clause texts (spaCy Docs), batched and cached in the context."""
    nlp = load_parser()
    if nlp is None or not clauses:
        return {}
    cache: dict[str, Any] = ctx.extras.setdefault("parses", {})
    todo = [c for c in dict.fromkeys(clauses) if c not in cache]
    if todo:
        for text, doc in zip(todo, nlp.pipe(todo, batch_size=64), strict=True):
            cache[text] = doc
    return {c: cache[c] for c in clauses if c in cache}


def is_imperative(doc: Any) -> bool | None:
    """Does the parsed clause open with a verb addressed to the reader?

    True when its first word (after "please", "just" ...) is a base-form verb or governs an
    object; False when the parser reads that word as a modifier of a noun ("Book reviews ...",
    "Text messages from ...", "Order matters"); None when the parse gives no verdict, and the
    caller keeps its lexicon decision.
    """
    toks = [t for t in doc if not t.is_punct and not t.is_space]
    skip = {"please", "so", "then", "just", "simply", "now", "easily", "quickly"}
    i = 0
    while i < len(toks) - 1 and toks[i].lower_ in skip:
        i += 1
    if not toks or not toks[i].tag_:
        return None
    first = toks[i]
    if any(c.dep_ in ("nsubj", "nsubj:pass", "expl") for c in first.children):
        return False  # "Visit rates fell": the word has a subject of its own
    if first.tag_ == "VB" or any(
        c.dep_ in ("obj", "iobj", "xcomp", "ccomp") for c in first.children
    ):
        return True
    if (
        first.dep_ in ("compound", "amod", "nsubj", "nsubj:pass", "nmod")
        and first.head is not first
    ):
        return False
    return None
