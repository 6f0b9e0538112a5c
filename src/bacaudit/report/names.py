"""Output file names derived from article sources (paths or URLs).

A source is untrusted: a URL path can hold `..`, a file name can hold separators, control
characters or a Windows device name. Every name built here is a single safe path component
(ASCII letters, digits, `-`, `_`), bounded in length, stable between runs (same source, same
name) and carries a short hash of the whole source, so two sources that slug alike still get
different files.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from pathlib import Path
from urllib.parse import urlsplit

MAX_NAME = 100  # characters, extension included
HASH_LEN = 10
_WINDOWS_RESERVED = {"con", "prn", "aux", "nul"} | {
    f"{p}{i}" for p in ("com", "lpt") for i in range(10)
}
_UNSAFE = re.compile(r"[^a-z0-9]+")
_SOURCE_SUFFIX = re.compile(r"\.(html?|txt|md|php|aspx?)$", re.I)


def source_hash(source: str) -> str:
    return hashlib.sha256(source.encode("utf-8", "surrogatepass")).hexdigest()[:HASH_LEN]


def _readable_part(source: str) -> str:
    """The part of a source a reader recognises: host + path of a URL, the file name of a path."""
    if re.match(r"^[a-z][a-z0-9+.-]*://", source, re.I):
        parts = urlsplit(source)
        return f"{parts.hostname or ''} {parts.path}"
    tail = re.split(r"[\\/]+", source.rstrip("/\\"))[-1] if source.strip("/\\") else ""
    return _SOURCE_SUFFIX.sub("", tail)


def slug(text: str, limit: int) -> str:
    s = _UNSAFE.sub("-", text.lower()).strip("-")
    s = s[:limit].rstrip("-")
    if s in _WINDOWS_RESERVED:
        s = f"{s}-"
    return s


def safe_stem(source: str, max_len: int = MAX_NAME - len(".html")) -> str:
    """`readable-slug-<hash>`: one path component, never empty, at most `max_len` characters."""
    digest = source_hash(source)
    room = max(0, max_len - HASH_LEN - 1)
    readable = slug(_readable_part(source), room) or "article"
    return f"{readable[:room] or 'a'}-{digest}"


def article_filename(source: str) -> str:
    return unique_filenames([source])[0]


def unique_filenames(sources: Iterable[str], ext: str = ".html") -> list[str]:
    """One name per source, in order. The same source listed twice gets `-2`, `-3`... after the
    first, so no page overwrites another and the names stay stable for the same input list."""
    names = UniqueNames(ext)
    return [names(source) for source in sources]


class UniqueNames:
    """`unique_filenames` one source at a time, for reports written as results arrive."""

    def __init__(self, ext: str = ".html") -> None:
        self.ext = ext
        self._seen: dict[str, int] = {}

    def __call__(self, source: str) -> str:
        stem = safe_stem(source, MAX_NAME - len(self.ext) - 4)
        n = self._seen.get(stem, 0) + 1
        self._seen[stem] = n
        return f"{stem}{'' if n == 1 else f'-{n}'}{self.ext}"


def is_inside(folder: Path, name: str) -> bool:
    """Does `folder / name` resolve to a direct child of `folder`? (The property the tests hold.)"""
    root = folder.resolve()
    target = (root / name).resolve()
    return target.parent == root and target.name == name
