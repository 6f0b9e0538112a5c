"""Bytes -> clean text, the way browsers choose an encoding. Order of trust: a byte-order mark,
the HTTP charset, the page's own `<meta charset>` (or XML declaration), strict UTF-8, then
windows-1252 with replacement, so bad bytes never end a run.

Charset labels go through the WHATWG Encoding Standard's label table (`webencodings`), never
Python's codec registry: a page that says `charset="rot-13"`, "zlib", "base64" or "undefined"
must not pick a transform codec, so a label the standard does not know counts as absent and
the bytes are sniffed. As in browsers, "latin-1" and "ascii" mean windows-1252 (curly quotes
and dashes in such pages are really cp1252 bytes), and a `<meta>` that claims UTF-16 is read as
UTF-8, since the tag itself was readable as ASCII.

UTF-16 byte-order marks are honoured. UTF-32 ones are honoured when the rest really is UTF-32;
otherwise the page is refused with a reason (read as UTF-32 it would be a page of replacement
characters, read as UTF-16 one of NULs and noise).
"""

from __future__ import annotations

import re

import webencodings

from ..errors import InputProblem

BOMS: tuple[tuple[bytes, str], ...] = (
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)
# The standard's "replacement" encoding (ISO-2022-KR, HZ...) decodes to one U+FFFD and
# x-user-defined to private-use characters: neither yields text worth auditing, so both sniff.
_NOT_TEXT = {"replacement", "x-user-defined"}
_UTF16 = {"utf-16le", "utf-16be"}
_META_CHARSET = re.compile(
    rb"""<meta[^>]+?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE
)
_XML_DECL = re.compile(rb"""^\s*<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""", re.I)
# C0 and C1 controls except tab and newline, DEL, the BOM, and lone surrogates' replacement.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ufeff]")


def normalise_label(label: str | None, *, in_page: bool = False) -> str | None:
    """The Python codec for a WHATWG charset label, or None when the label is unknown (or names
    no usable text encoding). `in_page`: the label came from the page's own bytes, where a
    UTF-16 label cannot be true."""
    if not label:
        return None
    encoding = webencodings.lookup(label.strip().strip("\"'"))
    if encoding is None or encoding.name in _NOT_TEXT:
        return None
    if encoding.name in _UTF16:
        return "utf-8" if in_page else encoding.codec_info.name
    return encoding.codec_info.name


def meta_charset(head: bytes) -> str | None:
    """The charset an HTML page declares for itself in its first few kilobytes."""
    m = _XML_DECL.match(head) or _META_CHARSET.search(head[:4096])
    if not m:
        return None
    return normalise_label(m.group(1).decode("ascii", "ignore"), in_page=True)


def decode(
    content: bytes, declared: str | None = None, html: bool = False, *, source: str = "<input>"
) -> tuple[str, str]:
    """Decode `content`; returns (text, the encoding used). Bad bytes become U+FFFD; the only
    error is InputProblem for a UTF-32 byte-order mark in front of bytes that are not UTF-32."""
    for bom, name in BOMS:
        if content.startswith(bom):
            body = content[len(bom):]
            if name.startswith("utf-32"):
                try:
                    return body.decode(name), name
                except UnicodeDecodeError:
                    raise InputProblem(
                        source, "starts with a UTF-32 byte-order mark but is not UTF-32 text"
                    ) from None
            return body.decode(name, errors="replace"), name
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
