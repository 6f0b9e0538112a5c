"""Where an article backs up what it says: inline markers, source links and reference lists.

The uncited rules ask one question of this module: "is the span [start, end) supported?".
Support counts when the sentence or its paragraph carries an inline marker ("(15)",
"(4, 5, 12, 13)", "[3]", superscript digits, "(Smith et al., 2019)"), a link or bare URL to a
scholarly or official source, or sits inside the references section itself.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field
from urllib.parse import urlparse

from .models import Article

# "(15)", "(4, 5, 12, 13)", "(23, 49–55)", "(16, 91)": 1-3 digit numbers, so years stay out.
_NUM = r"\d{1,3}[a-z]?"
_NUM_LIST = rf"{_NUM}(?:\s*[–—-]\s*{_NUM})?(?:\s*[,;]\s*{_NUM}(?:\s*[–—-]\s*{_NUM})?)*"
NUMERIC_MARKER = re.compile(rf"(?<=[\w.,;:)’'\"”%])\s?\(({_NUM_LIST})\)|\[({_NUM_LIST})\]")
SUPERSCRIPT_MARKER = re.compile(r"(?<=[A-Za-z.,;:)’'\"”%])[¹²³⁴⁵⁶⁷⁸⁹⁰][¹²³⁴⁵⁶⁷⁸⁹⁰⁻,]*")
_NAME = r"[A-Z][A-Za-z'’-]+"
_AUTHORS = rf"{_NAME}(?:\s+et\s+al\.?|\s+(?:and|&)\s+{_NAME})?"
_YEAR = r"(?:19|20)\d\d[a-z]?"
AUTHOR_YEAR_MARKER = re.compile(
    rf"\(\s*(?:see\s+|e\.g\.,?\s+)?{_AUTHORS},?\s+{_YEAR}(?:\s*[;,]\s*(?:{_AUTHORS},?\s+)?{_YEAR})*\s*\)"
    rf"|\b{_NAME}\s+et\s+al\.?\s*\(\s*{_YEAR}\s*\)"
)
# A superscript flattened to text by the page ("... receive one 1."): a bare small number
# right after a word and before the sentence's punctuation. Only trusted when the article has a
# numbered reference list, and never after words that take a number ("stage 2", "day 40").
DETACHED_MARKER = re.compile(r"\b([a-z]+) (\d{1,3}(?:\s*[,–-]\s*\d{1,3})*)(?=[.,;:](?:\s|$))")
_NUMBERED_WORDS = frozenset(
    """stage phase type grade level step day days week weeks month months year years hour hours
    schedule class tier part chapter figure fig table page version category number no dose doses
    trial study group arm visit mg ml age aged of to and or than about over under at in on by for
    with from is are was were be only just""".split()  # noqa: SIM905 - a word list reads better
)
BARE_URL = re.compile(
    r"\bhttps?://[^\s<>()\"']+|\bdoi:\s*10\.\d{4,9}/\S+|\bPMID:?\s*\d{5,9}\b", re.I
)

# Hosts whose pages count as a source for a medical claim (suffix match on the host name).
SOURCE_HOSTS: tuple[str, ...] = (
    "doi.org",
    "ncbi.nlm.nih.gov",
    "pubmed.ncbi.nlm.nih.gov",
    "nih.gov",
    "nlm.nih.gov",
    "dailymed.nlm.nih.gov",
    "medlineplus.gov",
    "fda.gov",
    "accessdata.fda.gov",
    "cdc.gov",
    "samhsa.gov",
    "dea.gov",
    "deadiversion.usdoj.gov",
    "clinicaltrials.gov",
    "who.int",
    "europepmc.org",
    "cochranelibrary.com",
    "nejm.org",
    "thelancet.com",
    "jamanetwork.com",
    "bmj.com",
    "nature.com",
    "sciencedirect.com",
    "springer.com",
    "link.springer.com",
    "wiley.com",
    "onlinelibrary.wiley.com",
    "tandfonline.com",
    "academic.oup.com",
    "frontiersin.org",
    "plos.org",
    "journals.plos.org",
    "mdpi.com",
    "karger.com",
    "journals.lww.com",
    "cambridge.org",
    "sagepub.com",
    "ema.europa.eu",
    "ansm.sante.fr",
    "tga.gov.au",
    "nice.org.uk",
    "nhs.uk",
    "gov.uk",
    "canada.ca",
    "psychiatryonline.org",
    "semanticscholar.org",
    "researchgate.net",
    "medrxiv.org",
    "biorxiv.org",
)

REFERENCE_HEADING = re.compile(
    r"^\s*(?:references?|citations?|sources?(?:\s+cited)?|bibliography|works\s+cited|"
    r"literature\s+cited|notes\s+and\s+references|footnotes)\s*:?\s*$",
    re.I,
)
# One entry of a plain-text reference list: a URL, a DOI, or "Author A, Author B. Title. 2019"
_CITATION_LINE = re.compile(
    r"^\s*(?:\[?\d{1,3}[.\])]?\s+)?(?:https?://\S+|doi:|"
    r"[A-Z][A-Za-z'’-]+,?\s+[A-Z]{1,3}\b.*\b(?:19|20)\d\d\b)",
)


def is_source_url(href: str) -> bool:
    """True when `href` points at a scholarly, regulatory or public-health source."""
    try:
        host = (urlparse(href.strip()).hostname or "").lower()
    except ValueError:
        return False
    if not host:
        return href.strip().lower().startswith("doi:")
    host = host.removeprefix("www.")
    if host.endswith(".gov") or host.endswith(".edu") or ".gov." in host or host.endswith(".ac.uk"):
        return True
    return any(host == h or host.endswith("." + h) for h in SOURCE_HOSTS)


@dataclass
class CitationIndex:
    """Support markers of one article, as sorted offsets, plus whether it has a reference list."""

    article: Article
    markers: list[tuple[int, int, str]] = field(default_factory=list)  # start, end, kind
    references_start: int | None = None

    @property
    def has_reference_list(self) -> bool:
        return self.references_start is not None

    def _any_marker(self, start: int, end: int) -> bool:
        # the offsets are listed once, not per question: one per sentence would be quadratic
        starts = self.__dict__.get("_starts")
        if starts is None or len(starts) != len(self.markers):
            starts = self.__dict__["_starts"] = [m[0] for m in self.markers]
        i = bisect_left(starts, start)
        return i < len(starts) and starts[i] < end

    def in_references(self, offset: int) -> bool:
        if self.references_start is not None and offset >= self.references_start:
            return True
        block = self.article.block_at(offset)
        return block is not None and (block.region == "references" or block.kind == "citation")

    def supports(self, start: int, end: int) -> bool:
        """Is the span (a sentence) backed by a marker in itself or in its paragraph?"""
        if self._any_marker(start, end):
            return True
        block = self.article.block_at(start)
        if block is not None and self._any_marker(block.start, block.end):
            return True
        return self.in_references(start)

    def markers_in(self, start: int, end: int) -> list[tuple[int, int, str]]:
        return [m for m in self.markers if start <= m[0] < end]


def _reference_list_start(article: Article) -> int | None:
    """Where the article's reference list begins, from the extractor or the text's structure."""
    if article.references_start is not None:
        return article.references_start
    for block in article.blocks:
        if block.region == "references" or block.kind == "citation":
            return block.start
    blocks = article.blocks
    for i, block in enumerate(blocks):
        if not REFERENCE_HEADING.match(block.text):
            continue
        following = blocks[i + 1 : i + 6]
        if following and sum(bool(_CITATION_LINE.match(b.text)) for b in following) >= min(
            2, len(following)
        ):
            return block.start
    return None


def build_index(article: Article) -> CitationIndex:
    text = article.text
    markers: list[tuple[int, int, str]] = []
    for m in NUMERIC_MARKER.finditer(text):
        markers.append((m.start(), m.end(), "numeric"))
    for m in SUPERSCRIPT_MARKER.finditer(text):
        markers.append((m.start(), m.end(), "superscript"))
    for m in AUTHOR_YEAR_MARKER.finditer(text):
        markers.append((m.start(), m.end(), "author_year"))
    references_start = _reference_list_start(article)
    if references_start is not None:
        for m in DETACHED_MARKER.finditer(text, 0, references_start):
            if m.group(1) not in _NUMBERED_WORDS:
                markers.append((m.start(2), m.end(2), "detached"))
    for m in BARE_URL.finditer(text):
        if is_source_url(m.group(0)) or not m.group(0).lower().startswith("http"):
            markers.append((m.start(), m.end(), "url"))
    for link in article.links:
        if is_source_url(link.href) and 0 <= link.start < link.end <= len(text):
            markers.append((link.start, max(link.end, link.start + 1), "link"))
    markers.sort()
    return CitationIndex(article, markers, references_start)
