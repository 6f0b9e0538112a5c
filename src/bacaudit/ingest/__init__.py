"""Inputs -> Documents: files, folders (recursive), standard input ("-") and http(s) URLs.

`iter_documents` is a generator: one Document (or one InputError naming the input) at a time,
so a bad input never stops the run and a large folder is never held in memory.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from .. import USER_AGENT
from ..models import Document, InputError
from .files import SUFFIXES, display_name, iter_directory, read_file, read_stdin
from .urls import fetch_document, is_url, make_fetcher

if TYPE_CHECKING:
    from .http import Fetcher

__all__ = ["SUFFIXES", "IngestOptions", "iter_documents"]


@dataclass
class IngestOptions:
    timeout: float = 20.0
    max_bytes: int = 5_000_000
    max_redirects: int = 5
    retries: int = 3
    allow_private: bool = False
    user_agent: str = USER_AGENT
    backoff: float = 0.5  # seconds before the first retry, doubling after
    max_retry_after: float = 60.0  # a longer Retry-After ends the fetch instead of waiting
    input_format: str = "auto"  # "markdown": read every input as Markdown whatever its name


def iter_documents(
    inputs: list[str], options: IngestOptions | None = None
) -> Iterator[Document | InputError]:
    options = options or IngestOptions()
    if options.input_format == "markdown":
        yield from _as_markdown(iter_documents(inputs, replace(options, input_format="auto")))
        return
    fetcher: Fetcher | None = None
    try:
        for inp in inputs:
            if inp == "-":
                yield read_stdin(options.max_bytes)
            elif is_url(inp):
                if fetcher is None:
                    fetcher = make_fetcher(options)
                yield fetch_document(fetcher, inp)
            elif "://" in inp[:12]:
                scheme = inp.split("://", 1)[0]
                yield InputError(inp, f"unsupported URL scheme {scheme}: only http and https")
            else:
                yield from _iter_path(inp, options)
    finally:
        if fetcher is not None:
            fetcher.close()


def _iter_path(inp: str, options: IngestOptions) -> Iterator[Document | InputError]:
    path = Path(inp)
    try:
        is_dir = path.is_dir()
    except OSError as exc:  # e.g. a name too long for the file system
        yield InputError(display_name(inp), (exc.strerror or str(exc)).lower())
        return
    if is_dir:
        yield from iter_directory(path, options.max_bytes)
    else:
        yield read_file(path, options.max_bytes, source=inp)


def _as_markdown(documents: Iterator[Document | InputError]) -> Iterator[Document | InputError]:
    for doc in documents:
        if isinstance(doc, Document):
            doc.kind = "markdown"  # type: ignore[assignment]
        yield doc
