"""The five real seed articles (read from ../shared/seeds, skipped when absent)."""

from __future__ import annotations

import pytest

from bacaudit.ingest import iter_documents
from bacaudit.models import Document
from conftest import seed_path
from extract_helpers import assert_tiles

pytestmark = pytest.mark.seeds

PREFIXES = ["000", "001", "002", "003", "004"]


def extract_seed(prefix: str):
    from bacaudit.extract import extract

    (doc,) = iter_documents([str(seed_path(prefix))])
    assert isinstance(doc, Document)
    return extract(doc)


@pytest.mark.parametrize("prefix", PREFIXES)
def test_seed_blocks_tile_exactly(prefix):
    a = extract_seed(prefix)
    assert_tiles(a)
    assert len(a.blocks) >= 20 and a.title
    assert any(b.kind == "heading" for b in a.blocks)
    assert not any(b.text.startswith(("• ", "- ", "* ")) for b in a.blocks)


def test_seed_with_a_citations_list_gets_a_references_section():
    a = extract_seed("000")
    refs = [b for b in a.blocks if b.region == "references"]
    assert refs[0].kind == "heading" and refs[0].text.lower() == "citations"
    assert a.references_start == refs[0].start
    cites = [b for b in refs if b.kind == "citation"]
    assert len(cites) >= 3 and all(b.text.startswith("https://") for b in cites)
    assert {link.text for link in a.links} >= {b.text for b in cites}
    # the call to action after the list is body again
    assert a.blocks[-1].region == "body"


@pytest.mark.parametrize("prefix", ["001", "002", "003", "004"])
def test_seeds_without_a_reference_list_have_none(prefix):
    a = extract_seed(prefix)
    assert a.references_start is None
    assert not any(b.kind == "citation" for b in a.blocks)


@pytest.mark.parametrize("prefix", ["000", "001", "003", "004"])
def test_seed_bullets_become_list_items(prefix):
    a = extract_seed(prefix)
    items = [b for b in a.blocks if b.kind == "list_item"]
    assert len(items) >= 3


@pytest.mark.parametrize("prefix", ["001", "002"])
def test_seed_reply_widgets_are_the_comments_region(prefix):
    a = extract_seed(prefix)
    comments = [b for b in a.blocks if b.region == "comments"]
    assert comments and comments[0].text.lower().startswith("leave a reply")
    assert comments[-1] is a.blocks[-1]


def test_seed_author_box_is_hinted():
    a = extract_seed("002")
    bio = [b for b in a.blocks if "author_bio" in b.hints]
    assert len(bio) == 2 and bio[0].text.lower().startswith("about the author")
    assert bio[1].region == "body"


def test_numbered_section_titles_are_headings():
    a = extract_seed("002")
    numbered = [b for b in a.blocks if b.kind == "heading" and b.text[:1].isdigit()]
    assert len(numbered) >= 10
