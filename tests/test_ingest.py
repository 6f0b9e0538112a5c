"""Files, folders and standard input -> Documents (or one-line errors naming the input)."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest

from bacaudit.ingest import IngestOptions, iter_documents
from bacaudit.ingest.files import read_stdin
from bacaudit.ingest.sniff import binary_type, looks_like_html
from bacaudit.models import Document, InputError

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 40


def run(*inputs: str, **options) -> list[Document | InputError]:
    return list(iter_documents(list(inputs), IngestOptions(**options)))


def test_files_by_suffix_give_html_text_or_markdown(tmp_path: Path):
    (tmp_path / "a.html").write_text("<p>one</p>")
    (tmp_path / "b.HTM").write_text("<p>two</p>")
    (tmp_path / "c.txt").write_text("three")
    (tmp_path / "d.md").write_text("# four")
    docs = run(*(str(tmp_path / n) for n in ("a.html", "b.HTM", "c.txt", "d.md")))
    assert [d.kind for d in docs] == ["html", "html", "text", "markdown"]
    assert docs[2].content == b"three" and docs[2].source == str(tmp_path / "c.txt")


def test_directory_is_recursive_sorted_and_skips_hidden_and_other_suffixes(tmp_path: Path):
    for rel in ("b/z.txt", "b/a.html", "a.md", "c/d/e.htm", ".git/x.txt", "b/.hidden.txt",
                "notes.pdf", "img.png"):
        p = tmp_path / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text("words here")
    docs = run(str(tmp_path))
    assert all(isinstance(d, Document) for d in docs)
    names = [Path(d.source).relative_to(tmp_path).as_posix() for d in docs]
    assert names == ["a.md", "b/a.html", "b/z.txt", "c/d/e.htm"]


def test_directory_is_walked_lazily(tmp_path: Path):
    for i in range(3):
        (tmp_path / f"{i}.txt").write_text(f"doc {i}")
    it = iter_documents([str(tmp_path)])
    first = next(it)
    assert isinstance(first, Document) and first.content == b"doc 0"
    (tmp_path / "2.txt").unlink()  # removed after the walk began: reported, not crashed
    rest = list(it)
    assert isinstance(rest[0], Document)
    assert isinstance(rest[1], InputError) and "file not found" in rest[1].error


def test_missing_file_and_bad_inputs_do_not_stop_the_run(tmp_path: Path):
    good = tmp_path / "good.txt"
    good.write_text("Readable article text.")
    png = tmp_path / "picture.png"
    png.write_bytes(PNG)
    items = run(str(tmp_path / "missing.html"), str(good), str(png), "ftp://example.org/x")
    assert isinstance(items[1], Document)
    errors = [i for i in items if isinstance(i, InputError)]
    assert [e.source for e in errors] == [str(tmp_path / "missing.html"), str(png),
                                         "ftp://example.org/x"]
    assert errors[0].error == "file not found"
    assert errors[1].error == "not a text or HTML file (binary content, image/png)"
    assert "unsupported URL scheme ftp" in errors[2].error
    assert all("\n" not in e.error for e in errors)


def test_binary_content_behind_a_text_suffix_is_refused(tmp_path: Path):
    (tmp_path / "fake.html").write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj")
    (tmp_path / "nul.txt").write_bytes(b"some text\x00\x00\x01 more")
    a, b = run(str(tmp_path / "fake.html"), str(tmp_path / "nul.txt"))
    assert isinstance(a, InputError) and "application/pdf" in a.error
    assert isinstance(b, InputError) and "binary content" in b.error


def test_utf16_text_with_bom_is_not_mistaken_for_binary(tmp_path: Path):
    p = tmp_path / "u16.txt"
    p.write_bytes("Baclofen is a muscle relaxant.".encode("utf-16"))
    (doc,) = run(str(p))
    assert isinstance(doc, Document)


def test_text_file_with_unsupported_suffix_is_refused_with_the_reason(tmp_path: Path):
    p = tmp_path / "article.docx.bak"
    p.write_text("plain words")
    (err,) = run(str(p))
    assert isinstance(err, InputError) and ".bak" in err.error and ".html" in err.error


def test_file_larger_than_the_limit_names_its_size(tmp_path: Path):
    p = tmp_path / "big.txt"
    p.write_bytes(b"a" * 2_500)
    (err,) = run(str(p), max_bytes=1_000)
    assert isinstance(err, InputError)
    assert "too large (2.5 kB" in err.error and "1.0 kB" in err.error
    (ok,) = run(str(p), max_bytes=2_500)
    assert isinstance(ok, Document)


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_permission_denied(tmp_path: Path):
    p = tmp_path / "secret.txt"
    p.write_text("hidden")
    p.chmod(0)
    (err,) = run(str(p))
    assert isinstance(err, InputError) and err.error == "permission denied"


def test_permission_denied_while_reading_is_one_line(tmp_path: Path, monkeypatch):
    p = tmp_path / "locked.html"
    p.write_text("<p>x</p>")
    real_open = Path.open

    def guarded(self, *a, **kw):
        if self == p:
            raise PermissionError(13, "Permission denied", str(self))
        return real_open(self, *a, **kw)

    monkeypatch.setattr(Path, "open", guarded)
    err, ok = run(str(p), str(tmp_path))
    assert isinstance(err, InputError) and err == InputError(str(p), "permission denied")
    assert isinstance(ok, InputError) and ok.source == str(p)  # the same file, via the folder


def test_empty_directory_is_an_error_naming_it(tmp_path: Path):
    (tmp_path / "only.png").write_bytes(PNG)
    (err,) = run(str(tmp_path))
    assert isinstance(err, InputError) and err.source == str(tmp_path)
    assert "no .html" in err.error


def test_stdin_is_sniffed_as_html_or_text():
    html = read_stdin(1000, io.BytesIO(b"\n<!DOCTYPE html><html><body><p>x</p></body></html>"))
    text = read_stdin(1000, io.BytesIO(b"Baclofen <10 mg> is a dose.\n"))
    empty = read_stdin(1000, io.BytesIO(b"  \n"))
    big = read_stdin(10, io.BytesIO(b"x" * 50))
    png = read_stdin(1000, io.BytesIO(PNG))
    assert isinstance(html, Document) and html.kind == "html" and html.source == "-"
    assert isinstance(text, Document) and text.kind == "text"
    assert isinstance(empty, InputError) and "empty" in empty.error
    assert isinstance(big, InputError) and "too large" in big.error
    assert isinstance(png, InputError) and "image/png" in png.error


def test_sniffing_helpers():
    assert binary_type(b"\xff\xd8\xff\xe0\x00\x10JFIF") == "image/jpeg"
    assert binary_type(b"GIF89a\x01\x00") == "image/gif"
    assert binary_type(b"RIFF\x00\x00\x00\x00WEBPVP8 ") == "image/webp"
    assert binary_type(b"PK\x03\x04\x14\x00") == "application/zip"
    assert binary_type(b"BMI and baclofen: a plain sentence.") is None
    assert binary_type(b"MZ is not always an executable") is None
    assert binary_type("“Curly” text é".encode()) is None
    assert looks_like_html(b"\xef\xbb\xbf<!-- c --><html><p>x") is True
    assert looks_like_html(b"<div>a</div> <div>b</div> <br> and </div>") is True
    assert looks_like_html(b"Dose: 5 mg < 10 mg > 2 mg") is False


def test_each_document_is_read_once_and_only_when_reached(tmp_path: Path):
    (tmp_path / "a.txt").write_text("first")
    gen = iter_documents([str(tmp_path / "a.txt"), str(tmp_path / "later.txt")])
    assert isinstance(next(gen), Document)
    (tmp_path / "later.txt").write_text("created after the first was read")
    later = next(gen)
    assert isinstance(later, Document) and later.content.startswith(b"created")
