"""Safe output names: one path component, inside --out, stable, bounded, collision-free."""

from __future__ import annotations

import re
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from bacaudit.report.names import MAX_NAME, article_filename, is_inside, unique_filenames

RESERVED = {"con", "prn", "aux", "nul"} | {f"{p}{i}" for p in ("com", "lpt") for i in range(10)}
SAFE = re.compile(r"^[a-z0-9][a-z0-9-]*\.html$")

hostile_sources = st.one_of(
    st.text(min_size=0, max_size=300),
    st.builds(
        lambda parts, sep, scheme: scheme + sep.join(parts),
        st.lists(
            st.sampled_from(["..", ".", "", "CON", "nul", "a b", "é", "\x00", "%2e%2e", "x" * 90]),
            max_size=8,
        ),
        st.sampled_from(["/", "\\", "//"]),
        st.sampled_from(
            ["", "/", "C:\\", "https://example.org/", "file:///", "\\\\server\\share\\"]
        ),
    ),
)


@settings(max_examples=300, deadline=None)
@given(hostile_sources)
def test_name_is_one_safe_component_inside_out(tmp_path_factory, source):
    out = tmp_path_factory.getbasetemp() / "out"
    name = article_filename(source)
    assert SAFE.match(name), name
    assert len(name) <= MAX_NAME
    assert is_inside(Path(out), name)
    assert article_filename(source) == name  # stable
    assert name.split(".")[0] not in RESERVED


@settings(max_examples=200, deadline=None)
@given(st.lists(hostile_sources, min_size=1, max_size=12))
def test_names_never_collide(sources):
    names = unique_filenames(sources)
    assert len(set(names)) == len(names)
    assert all(len(n) <= MAX_NAME and SAFE.match(n) for n in names)


def test_readable_and_distinct_for_similar_sources():
    a = article_filename("https://example.org/blog/baclofen-dose/")
    b = article_filename("https://example.org/blog/baclofen-dose")
    assert a.startswith("example-org-blog-baclofen-dose-")
    assert a != b  # slugs alike, sources differ: the hash tells them apart
    assert article_filename("/data/seeds/001_abc.txt").startswith("001-abc-")


def test_traversal_and_reserved_names_are_defused():
    for source in ("../../etc/passwd", "..", "/", "CON", "nul.txt", "C:\\Windows\\aux", "\x00\x01"):
        name = article_filename(source)
        assert "/" not in name and "\\" not in name and ".." not in name
        # Windows reserves a device name before the first dot (CON, CON.html), not con-1a2b.html
        assert name.split(".")[0] not in {"con", "nul", "aux", "prn", "com1", "lpt1"}


def test_same_source_twice_gets_two_files():
    names = unique_filenames(["a.html", "a.html", "b.html"])
    assert names[0] != names[1]
    assert names == unique_filenames(["a.html", "a.html", "b.html"])


def test_is_inside_rejects_escapes(tmp_path):
    assert is_inside(tmp_path, "page.html")
    assert not is_inside(tmp_path, "../page.html")
    assert not is_inside(tmp_path, "/etc/passwd")
    assert not is_inside(tmp_path, "sub/page.html")
