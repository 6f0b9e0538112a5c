"""Pages without a file name (standard input, a URL with no content type) are sniffed as HTML
from their first bytes; prose that merely mentions a tag stays text."""

from __future__ import annotations

import pytest

from bacaudit.ingest.sniff import looks_like_html


@pytest.mark.parametrize(
    "head",
    [
        b'<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0'
        b' Strict//EN" "x"><html xmlns="http://www.w3.org/1999/xhtml"><body><p>Hi</p></body>',
        b"\xef\xbb\xbf<!-- saved from url=(0042) -->\n<!doctype html><html><p>x</p>",
        b"  <header class='site'><nav><a href='/'>Home</a></nav></header><p>Text</p>",
        b"<link rel='stylesheet' href='a.css'><div>Fragment</div>",
        b"Intro line\n<p class='a'>One</p>\n<p class='b'>Two</p>\n<span>Three</span>",
    ],
)
def test_html_is_recognised(head):
    assert looks_like_html(head)


@pytest.mark.parametrize(
    "head",
    [
        b"Baclofen is a muscle relaxant.\n\nIt is sometimes used for alcohol use disorder.",
        b"Use the <p> tag for paragraphs in your notes, and </p> to end one.",
        "Naltrexone \u2013 what to know".encode("utf-16"),
    ],
)
def test_prose_stays_text(head):
    assert not looks_like_html(head)
