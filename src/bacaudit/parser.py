"""The project's own English tagger and dependency parser, shipped inside the package.

Trained on the Universal Dependencies English Web Treebank (see `data/parser/NOTICE` and
`docs/parser.md`; `make model` rebuilds it). It runs offline: the weights are package data, so
an audit never downloads anything. It is loaded once per process and applied only to the
sentences that can hold a claim; the rest of the pipeline keeps the fast blank tokenizer.

Tokens carry UD part-of-speech tags in `pos_` (Penn tags in `tag_`), UD dependency labels in
`dep_` (nsubj, cop, obj, obl, case, advmod, aux, mark, advcl, ...) and sentence boundaries from
the parser.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator
from functools import lru_cache
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc

#: The model version this code was written against; the shipped model's meta must match.
PARSER_VERSION = "1.0.0"
PARSER_NAME = "bacaudit_ud_en"
ENV_VAR = "BACAUDIT_PARSER_MODEL"
SHIPPED = Path(__file__).resolve().parent / "data" / "parser"


class ParserVersionError(RuntimeError):
    """The model on disk is not the one this code expects."""


def model_path() -> Path:
    """The model directory: `$BACAUDIT_PARSER_MODEL` when set, else the shipped one."""
    env = os.environ.get(ENV_VAR)
    return Path(env) if env else SHIPPED


def model_meta(path: Path | None = None) -> dict | None:
    meta = (path or model_path()) / "meta.json"
    if not meta.is_file():
        return None
    return json.loads(meta.read_text(encoding="utf-8"))


def model_version() -> str:
    """`name-version` of the model in use, or "none": part of an audit's fingerprint."""
    meta = model_meta()
    return f"{meta['name']}-{meta['version']}" if meta else "none"


@lru_cache(maxsize=4)
def _load(path: str) -> Language:
    meta = model_meta(Path(path)) or {}
    if meta.get("version") != PARSER_VERSION:
        raise ParserVersionError(
            f"{path}: parser model version {meta.get('version')!r}, expected {PARSER_VERSION!r}"
        )
    return spacy.load(path)


def load_parser() -> Language | None:
    """The tagger and parser, built once per process; None when no model is installed."""
    path = model_path()
    if not (path / "meta.json").is_file():
        return None
    return _load(str(path))


def parse(texts: Iterable[str], batch_size: int = 64) -> Iterator[Doc]:
    """Tag and parse texts (sentences or short passages) in batches."""
    nlp = load_parser()
    if nlp is None:
        raise FileNotFoundError(f"no parser model at {model_path()}")
    yield from nlp.pipe(texts, batch_size=batch_size)
