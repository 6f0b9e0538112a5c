"""Files, folders and standard input -> Documents, one at a time.

Folders are walked lazily (sorted, hidden folders skipped), so a folder of a million pages never
sits in memory; each file is size-checked before it is read.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from ..models import Document, InputError
from .sniff import SNIFF_BYTES, binary_type, describe_binary, looks_like_html

SUFFIXES: dict[str, str] = {
    ".html": "html",
    ".htm": "html",
    ".txt": "text",
    ".md": "markdown",
    ".markdown": "markdown",
}
SUFFIX_LIST = ", ".join(SUFFIXES)


def display_name(name: str) -> str:
    """A path as text every report can write: bytes that are not UTF-8 (lone surrogates from
    the file system) become `\\xNN`. The file itself is still opened by its real name."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return os.fsencode(name).decode("utf-8", errors="backslashreplace")
    return name


def human_size(n: int) -> str:
    if n >= 1_000_000:
        return f"{n / 1_000_000:.1f} MB"
    if n >= 1_000:
        return f"{n / 1_000:.1f} kB"
    return f"{n} bytes"


def too_large(size: int | None, limit: int) -> str:
    shown = human_size(size) if size is not None else f"more than {human_size(limit)}"
    return f"too large ({shown}; the limit is {human_size(limit)})"


def _os_reason(exc: OSError) -> str:
    if isinstance(exc, FileNotFoundError):
        return "file not found"
    if isinstance(exc, PermissionError):
        return "permission denied"
    if isinstance(exc, IsADirectoryError):
        return "is a directory"
    return (exc.strerror or type(exc).__name__).lower()


def _check_content(source: str, data: bytes, kind: str, max_bytes: int) -> Document | InputError:
    if len(data) > max_bytes:
        return InputError(source, too_large(None, max_bytes))
    media = binary_type(data[:SNIFF_BYTES])
    if media:
        return InputError(source, describe_binary(media))
    return Document(source=source, content=data, kind=kind)  # type: ignore[arg-type]


def read_file(path: Path, max_bytes: int, source: str | None = None) -> Document | InputError:
    """One file as a Document, or the one-line reason it cannot be one."""
    source = display_name(source or str(path))
    try:
        st = path.stat()
    except OSError as exc:
        return InputError(source, _os_reason(exc))
    if path.is_dir():
        return InputError(source, "is a directory")
    if not path.is_file():
        return InputError(source, "not a regular file")
    if st.st_size > max_bytes:
        return InputError(source, too_large(st.st_size, max_bytes))
    kind = SUFFIXES.get(path.suffix.lower())
    try:
        with path.open("rb") as fh:
            data = fh.read(max_bytes + 1)
    except OSError as exc:
        return InputError(source, _os_reason(exc))
    if kind is None:
        media = binary_type(data[:SNIFF_BYTES])
        if media:
            return InputError(source, describe_binary(media))
        shown = path.suffix or "no suffix"
        return InputError(source, f"not a text or HTML file ({shown}; expected {SUFFIX_LIST})")
    return _check_content(source, data, kind, max_bytes)


def iter_directory(root: Path, max_bytes: int) -> Iterator[Document | InputError]:
    """Every supported file under `root`, in a stable order, skipping hidden folders and files."""
    errors: list[OSError] = []
    found = 0
    walker = os.walk(root, onerror=errors.append)
    for dirpath, dirnames, filenames in walker:
        while errors:
            found += 1
            yield _dir_error(errors.pop(0), dirpath)
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if name.startswith(".") or Path(name).suffix.lower() not in SUFFIXES:
                continue
            found += 1
            yield read_file(Path(dirpath) / name, max_bytes)
    for exc in errors:
        found += 1
        yield _dir_error(exc, str(root))
    if not found:
        yield InputError(display_name(str(root)), f"no {SUFFIX_LIST} files in this directory")


def _dir_error(exc: OSError, fallback: str) -> InputError:
    name = display_name(str(exc.filename or fallback))
    return InputError(name, f"cannot read directory: {_os_reason(exc)}")


def read_stdin(max_bytes: int, stream: BinaryIO | None = None) -> Document | InputError:
    """Standard input ("-"), sniffed as HTML or text since it has no file name."""
    if stream is None:
        if sys.stdin is None:
            return InputError("-", "standard input is closed")
        stream = sys.stdin.buffer
    try:
        data = stream.read(max_bytes + 1)
    except (OSError, ValueError) as exc:
        return InputError("-", f"cannot read standard input ({exc})")
    if not data.strip():
        return InputError("-", "standard input is empty")
    kind = "html" if looks_like_html(data[:SNIFF_BYTES]) else "text"
    return _check_content("-", data, kind, max_bytes)
