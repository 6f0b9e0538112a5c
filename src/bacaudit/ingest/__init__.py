"""Inputs -> Documents: files, folders, stdin and http(s) URLs (stub: files only)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .. import USER_AGENT
from ..models import Document, InputError

SUFFIXES = {".html": "html", ".htm": "html", ".txt": "text", ".md": "text"}


@dataclass
class IngestOptions:
    timeout: float = 20.0
    max_bytes: int = 5_000_000
    max_redirects: int = 5
    retries: int = 3
    allow_private: bool = False
    user_agent: str = USER_AGENT


def iter_documents(inputs: list[str], options: IngestOptions | None = None) -> Iterator[Document | InputError]:
    for inp in inputs:
        p = Path(inp)
        files = sorted(x for x in p.rglob("*") if x.suffix.lower() in SUFFIXES) if p.is_dir() else [p]
        for f in files:
            try:
                yield Document(source=str(f), content=f.read_bytes(), kind=SUFFIXES.get(f.suffix.lower(), "text"))  # type: ignore[arg-type]
            except OSError as exc:
                yield InputError(str(f), exc.strerror or str(exc))
