"""Recognise binary payloads and HTML before decoding, from the first bytes only.

A renamed image or archive must be refused with a line that says what it is, not decoded into
mojibake and audited.
"""

from __future__ import annotations

import re

SNIFF_BYTES = 8192

# (prefix, media type); checked in order, longest prefixes first where they overlap.
MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
    (b"%PDF-", "application/pdf"),
    (b"PK\x03\x04", "application/zip"),
    (b"PK\x05\x06", "application/zip"),
    (b"\x1f\x8b", "application/gzip"),
    (b"BZh", "application/x-bzip2"),
    (b"\xfd7zXZ\x00", "application/x-xz"),
    (b"7z\xbc\xaf\x27\x1c", "application/x-7z-compressed"),
    (b"\x7fELF", "application/x-executable"),
    (b"MZ", "application/x-msdownload"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "application/x-ole-storage"),
    (b"BM", "image/bmp"),
    (b"II*\x00", "image/tiff"),
    (b"MM\x00*", "image/tiff"),
    (b"\x00\x00\x01\x00", "image/x-icon"),
    (b"OggS", "audio/ogg"),
    (b"ID3", "audio/mpeg"),
    (b"fLaC", "audio/flac"),
    (b"wOFF", "font/woff"),
    (b"wOF2", "font/woff2"),
    (b"SQLite format 3\x00", "application/vnd.sqlite3"),
)

BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")
_TEXTUAL_START = re.compile(rb"^\s*[\x20-\x7e]")
# An XHTML declaration and comments may come first; then a tag that only HTML starts with.
_HTML_START = re.compile(
    rb"^\s*(?:<\?xml[^>]{0,200}\?>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta"
    rb"|title|link|style|script|div|p|article|main|header|nav|aside|footer|h[1-6]|section|table"
    rb"|ul|ol|form|figure|blockquote)\b",
    re.IGNORECASE | re.DOTALL,
)
_CLOSING_TAGS = re.compile(rb"</(?:p|div|li|span|a|h[1-6]|section|article)\s*>|<br\b", re.I)


def binary_type(head: bytes) -> str | None:
    """The media type of a binary payload ("image/png"), "binary" for unknown ones, else None."""
    if head.startswith(BOMS) or head.startswith(b"\x00\x00\xfe\xff"):
        return None  # UTF-8/16/32 text: UTF-16 is full of NULs but is text
    if head.startswith(b"MZ") or head.startswith(b"BM") or head.startswith(b"ID3"):
        # Two- and three-letter magics also start ordinary words ("MZ...", "BMI", "ID3 tags"):
        # only trust them when the rest of the head is not text.
        if b"\x00" in head[:512]:
            return dict(MAGIC)[head[:3] if head.startswith(b"ID3") else head[:2]]
        return None
    for magic, media in MAGIC:
        if head.startswith(magic):
            return media
    if head[4:8] == b"ftyp":
        return "video/mp4"
    if head.startswith(b"RIFF") and head[8:12] in (b"WEBP", b"WAVE", b"AVI "):
        return {b"WEBP": "image/webp", b"WAVE": "audio/wav", b"AVI ": "video/x-msvideo"}[head[8:12]]
    if b"\x00" in head[:SNIFF_BYTES]:
        return "binary"
    return None


def looks_like_html(head: bytes) -> bool:
    """Whether text that arrived without a name (stdin) is an HTML page."""
    for bom in BOMS:
        if head.startswith(bom):
            head = head[len(bom):]
            break
    if head[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return False
    if _HTML_START.match(head[:4096]):
        return True
    return len(_CLOSING_TAGS.findall(head[:4096])) >= 3


def describe_binary(media: str) -> str:
    return f"not a text or HTML file (binary content, {media})"
