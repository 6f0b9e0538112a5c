"""Hostile pages and names through the real entry points: charsets, byte-order marks, deep
nesting, control characters in file names. Nothing is lost silently and nothing is forged."""

from __future__ import annotations

import csv
import io
import json
import os
from pathlib import Path

import pytest

from bacaudit.cli import main
from bacaudit.errors import InputProblem, error_line, one_line
from bacaudit.extract import extract
from bacaudit.extract.encoding import decode, normalise_label
from bacaudit.extract.nesting import parse_document
from bacaudit.models import Document

FALSE_SCHEDULE = "Baclofen is sold as a Schedule II narcotic under federal law."
PROSE = (
    "Baclofen is a muscle relaxant that doctors prescribe for spasticity. "
    "Some clinics also use it off label when patients want to stop drinking. "
)


def page(body: str, head: str = "") -> str:
    return f"<html><head>{head}</head><body><article><p>{PROSE}</p>{body}</article></body></html>"


# -- charsets: only real text encodings --------------------------------------------------------

TRANSFORM_CODECS = ["rot-13", "rot13", "zlib", "zip", "base64", "base_64", "hex", "bz2", "quopri",
                    "uu", "idna", "undefined", "punycode", "unicode_escape", "utf-7", "mbcs",
                    "raw-unicode-escape", "latin-1-but-not", "x-user-defined", "iso-2022-kr"]


@pytest.mark.parametrize("label", TRANSFORM_CODECS)
def test_a_page_cannot_choose_a_python_codec(label):
    assert normalise_label(label) is None
    text = f"<p>{PROSE} It’s café.</p>"
    for where in ("meta", "http"):
        head = f"<meta charset='{label}'>" if where == "meta" else ""
        data = page(text, head).encode("utf-8")
        declared = label if where == "http" else None
        article = extract(Document("<t>", data, "html", encoding=declared))
        assert "It’s café." in article.text  # unknown label: sniffed as UTF-8


@pytest.mark.parametrize(
    ("label", "codec"),
    [("ISO-8859-1", "cp1252"), ("ascii", "cp1252"), ("Shift_JIS", "cp932"), ("utf8", "utf-8"),
     ("  \"koi8-r\" ", "koi8-r"), ("gb2312", "gbk"), ("windows-1251", "cp1251")],
)
def test_real_labels_map_as_browsers_map_them(label, codec):
    assert normalise_label(label) == codec


def test_windows_1251_page_reads_in_its_own_charset():
    data = page("<p>Баклофен — миорелаксант.</p>", "<meta charset='windows-1251'>").encode(
        "cp1251")
    assert "Баклофен — миорелаксант." in extract(Document("<t>", data, "html")).text


def test_meta_claiming_utf16_on_an_ascii_page_reads_as_utf8():
    data = page("<p>It’s plain.</p>", "<meta charset='utf-16'>").encode("utf-8")
    assert "It’s plain." in extract(Document("<t>", data, "html")).text


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"])
def test_utf16_and_utf32_with_their_bom_are_honoured(codec):
    data = codecs_bom(codec) + page(f"<p>{FALSE_SCHEDULE}</p>").encode(codec)
    assert FALSE_SCHEDULE in extract(Document("<t>", data, "html")).text


def codecs_bom(codec: str) -> bytes:
    return "\ufeff".encode(codec)


@pytest.mark.parametrize("bom", [b"\x00\x00\xfe\xff", b"\xff\xfe\x00\x00"])
def test_utf32_bom_before_ascii_is_refused_in_one_line(bom, tmp_path, capsys):
    data = bom + (PROSE * 300).encode("ascii")
    with pytest.raises(InputProblem) as info:
        decode(data, source="x.txt")
    assert "UTF-32" in info.value.reason
    path = tmp_path / "utf32.txt"
    path.write_bytes(data)
    assert main(["audit", str(path), "--format", "json"]) == 2
    err = capsys.readouterr().err.splitlines()
    reason = "starts with a UTF-32 byte-order mark but is not UTF-32 text"
    assert err[0] == f"bacaudit: {path}: {reason}"
    assert "internal error" not in "\n".join(err)


# -- deep nesting: flattened, never cut off --------------------------------------------------


# Not `<a href>`: text that is all anchor text is a link list, which extraction files as
# page chrome on purpose (docs/extraction.md), however the anchors are nested.
@pytest.mark.parametrize("tag", ["font", "b", "span", "i", "div", "li", "h3"])
def test_a_claim_after_1000_unclosed_tags_still_gets_its_finding(auditor, tag):
    html = page(f"<{tag}>" * 1000 + f"<p>{FALSE_SCHEDULE}</p>")
    result = auditor.audit_html(html, source="deep.html")
    assert FALSE_SCHEDULE in result.article.text
    assert any(f.category == "contradiction" and "Schedule II" in f.text for f in result.findings)


def test_nesting_that_cannot_be_flattened_names_how_much_was_dropped():
    html = "<html><body>" + "<noscript>" * 1000 + "tail " * 200 + "</body></html>"
    with pytest.raises(InputProblem) as info:
        parse_document(html)
    reason = info.value.reason
    assert "nested more than 256 levels" in reason and "characters unread" in reason
    unread = int(reason.split("with ")[1].split(" of")[0].replace(",", ""))
    assert unread >= len("tail " * 200)


# -- names with control characters: well-formed CSV, one stderr line ---------------------------


HOSTILE_NAME = "a\r=HYPERLINK(\"evil.example\")\nbacaudit: forged.txt: not real\u2028x.txt"


def test_cr_lf_in_file_names_stay_inside_their_csv_cell_and_stderr_line(tmp_path, capsys):
    good = tmp_path / HOSTILE_NAME
    good.write_text(f"Baclofen facts\n\n{PROSE}{FALSE_SCHEDULE}\n", encoding="utf-8")
    bad = tmp_path / ("b\r\nbacaudit: forged-error.txt")
    bad.write_bytes(b"\x00\x00\xfe\xff" + b"plain ascii words" * 10)
    out = tmp_path / "r.csv"
    assert main(["audit", str(good), str(bad), "--format", "csv", "--out", str(out)]) == 0
    err = capsys.readouterr().err
    assert len(err.splitlines()) == 1 and "forged-error.txt" in err and "\\x0d\\x0a" in err
    data = out.read_bytes().decode("utf-8")
    physical = data.split("\n")
    assert all("\r" not in line for line in physical)
    rows = list(csv.DictReader(io.StringIO(data)))
    assert rows and all(r["source"] == rows[0]["source"] for r in rows)
    assert rows[0]["source"].endswith("\\x0d=HYPERLINK(\"evil.example\")\nbacaudit: "
                                      "forged.txt: not real\\u2028x.txt")
    for r in rows:
        for cell in r.values():
            assert not cell.lstrip(" ").startswith(("=", "+", "-", "@", "\t", "\r"))


def test_undecodable_bytes_in_a_file_name_reach_every_format(tmp_path, capsys):
    name = os.fsdecode(b"caf\xe9-\xff.txt")  # latin-1 bytes: not UTF-8, a lone surrogate in str
    path = Path(os.fsdecode(bytes(tmp_path))) / name
    path.write_text(f"Baclofen facts\n\n{PROSE}{FALSE_SCHEDULE}\n", encoding="utf-8")
    for fmt in ("text", "json", "csv"):
        assert main(["audit", str(path), "--format", fmt]) == 0, fmt
        out = capsys.readouterr().out
        if fmt == "json":
            out = json.loads(out)["articles"][0]["source"]
        assert "caf\\xe9-\\xff.txt" in out, fmt
    html_dir = tmp_path / "html"
    assert main(["audit", str(path), "--format", "html", "--out", str(html_dir)]) == 0
    assert "caf\\xe9-\\xff.txt" in (html_dir / "index.html").read_text(encoding="utf-8")


def test_error_lines_are_one_line_whatever_the_source_holds():
    line = error_line("x\r\nbacaudit: y: forged\x1b[2J\u202e", "reason\non two lines")
    assert "\n" not in line and "\r" not in line and "\x1b" not in line and "\u202e" not in line
    assert line == ("bacaudit: x\\x0d\\x0abacaudit: y: forged\\x1b[2J\\u202e: "
                    "reason\\x0aon two lines")
    assert one_line("café — ok") == "café — ok"
