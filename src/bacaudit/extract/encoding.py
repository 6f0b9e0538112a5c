"""Bytes -> clean text. Order of trust: BOM, the HTTP charset, the page's own `<meta charset>`,
strict UTF-8, then windows-1252 with replacement, so bad bytes never end a run.

Labels that browsers treat as windows-1252 (latin-1, ascii) decode as windows-1252 too: curly
quotes and dashes in "latin-1" pages are really cp1252 bytes.
"""

from __future__ import annotations

import codecs
import re

BOMS: tuple[tuple[bytes, str], ...] = (
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)
_WINDOWS_1252_ALIASES = {"latin-1", "iso8859-1", "ascii", "iso8859-15", "cp1252"}
_META_CHARSET = re.compile(
    rb"""<meta[^>]+?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE
)
_XML_DECL = re.compile(rb"""^\s*<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""", re.I)
# C0 and C1 controls except tab and newline, DEL, the BOM, and lone surrogates' replacement.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ufeff]")


def normalise_label(label: str | None) -> str | None:
    """A Python codec name for a charset label, or None when the label is unknown."""
    if not label:
        return None
    try:
        name = codecs.lookup(label.strip().strip("\"'")).name
    except (LookupError, ValueError):
        return None
    if name in _WINDOWS_1252_ALIASES:
        return "cp1252"
    if name in ("utf-16", "utf-32"):  # without a BOM these labels are guesses: sniff instead
        return None
    return name


def meta_charset(head: bytes) -> str | None:
    """The charset an HTML page declares for itself in its first few kilobytes."""
    m = _XML_DECL.match(head) or _META_CHARSET.search(head[:4096])
    return normalise_label(m.group(1).decode("ascii", "ignore")) if m else None


def decode(content: bytes, declared: str | None = None, html: bool = False) -> tuple[str, str]:
    """Decode `content`; returns (text, the encoding used). Never raises."""
    for bom, name in BOMS:
        if content.startswith(bom):
            return content[len(bom):].decode(name, errors="replace"), name
    candidates = [normalise_label(declared)]
    if html:
        candidates.append(meta_charset(content[:4096]))
    for name in candidates:
        if not name:
            continue
        if name == "cp1252" and not content.isascii() and _utf8(content):
            # Labelled latin-1/windows-1252 but valid UTF-8 with multibyte characters: cp1252
            # text almost never forms valid UTF-8, and reading it as cp1252 would give "â€™".
            return content.decode("utf-8"), "utf-8"
        try:
            return content.decode(name), name
        except UnicodeDecodeError:
            # A label that lies (UTF-8 declared, windows-1252 sent) falls through to sniffing.
            if name not in ("utf-8", "cp1252"):
                return content.decode(name, errors="replace"), name
    try:
        return content.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        return content.decode("cp1252", errors="replace"), "cp1252"


def _utf8(content: bytes) -> bool:
    try:
        content.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def clean_text(text: str) -> str:
    """Newlines normalised to \\n; NULs and control characters (but \\t and \\n) removed."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROL.sub("", text)
