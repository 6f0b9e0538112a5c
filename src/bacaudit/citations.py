"""Where an article backs up what it says: inline markers, source links and reference lists.

The uncited rules ask one question of this module: "is the span [start, end) supported, and
by what?". Support counts when the sentence or its paragraph carries an inline marker ("(15)",
"(4, 5, 12, 13)", "[3]", superscript digits, "(Smith et al., 2019)"), a link or bare URL to a
scholarly or official source, a named publication ("published in The Lancet", "a 2019 study
in JAMA"), or sits inside the references section itself; a sentence about "the study" or "the
trial" is supported by the source named for that study in the paragraphs just before it.
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
# A superscript flattened onto the sentence's full stop: "... the previous year.1 The trend".
GLUED_MARKER = re.compile(r"(?<=[a-z][.,])\d{1,2}(?:[,–-]\d{1,2})*(?=\s+[A-Z]|\s*$)", re.M)
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
# Reference numbers set after a line's last word, as answer engines print them ("... up to 80 mg
# daily (20 mg four times daily) 1", "... by indication 2, 4."). Trusted when the article has a
# reference list or prints at least two of them, never after words that take a number.
TRAILING_MARKER = re.compile(
    r"(?:\b([A-Za-z]+)|(?<=[)\]%]))[ \t](\d{1,2}(?:\s*,\s*\d{1,2})*)\.?[ \t]*$", re.M
)
_NUMBERED_WORDS = frozenset(
    """stage phase type grade level step day days week weeks month months year years hour hours
    schedule class tier part chapter figure fig table page version category number no dose doses
    trial study group arm visit mg ml age aged of to and or than about over under at in on by for
    with from is are was were be only just""".split()  # noqa: SIM905 - a word list reads better
)
# A publication named in the prose: "published in The Lancet", "appeared in the journal
# Addiction in 2020", "a 2012 study in JAMA", "published Le Dernier Verre".
NAMED_SOURCE = re.compile(
    r"\b(?:published|appeared|reported|printed)\s+(?:[\w-]+\s+){0,4}?in\s+(?:the\s+)?"
    r"(?:(?:medical|scientific|peer-reviewed)\s+)?(?:journal\s+)?(?:[A-Z][\w&'’-]*)"
    r"|\bpublished\s+(?:the\s+)?(?:[A-Z][\w'’-]*\s+){1,5}"
    r"|\b(?:19|20)\d\d\s+(?:study|trial|review|meta-analysis|report|survey|paper)\s+(?:in|published"
    r"\s+in|from|by|led\s+by)\s+(?:the\s+)?(?:journal\s+)?[A-Z]"
    r"|\b(?:study|trial|review|paper)\s+(?:led\s+)?by\s+[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?[^.;]{0,40}"
    r"\b(?:19|20)\d\d\b"
)
# A sentence about a study already introduced: "The study followed 320 adults ...".
STUDY_ANAPHORA = re.compile(
    r"^\W*(?:in\s+)?(?:the|this|that|these|those|its|their|both)\s+(?:\w+\s+){0,2}?(?:stud(?:y|ies)"
    r"|trials?|review|survey|paper|report|analysis|researchers|authors|investigators|team"
    r"|findings|results)\b",
    re.I,
)
# A named agency or institution: the guide counts "the DEA classifies ..." or "approved by the
# Food and Drug Administration" as a source the reader can look up, like a named publication.
AGENCY_NAMES = (
    r"(?:DEA|FDA|NIDA|NIAAA|NIH|CDC|SAMHSA|WHO|ANSM|EMA|TGA|NICE|NHS|AMA|APA|ASAM|"
    r"Mayo Clinic|Cleveland Clinic|Johns Hopkins|Harvard(?:\s+\w+)?"
    r"|Drug Enforcement Administration|"
    r"Food and Drug Administration|National Institute[s]?\s+(?:of|on)\s+[A-Z][\w ]{3,40}?|"
    r"World Health Organization|Centers for Disease Control(?: and Prevention)?|"
    r"University of [A-Z][\w]+(?: [A-Z][\w]+)?|[A-Z][\w]+ University|"
    r"American [A-Z][\w]+ (?:Association|Society|Academy)(?: of [A-Z][\w ]+?)?|"
    # any public body by the shape of its name: "Drug Enforcement Agency", "European Medicines
    # Agency", "Substance Abuse and Mental Health Services Administration", "Department of Health"
    r"(?:(?!(?:The|A|An|This|That|In|Our|Its|Their|Your)\s)[A-Z][\w’'-]+\s+(?:(?:and|of|on|for)\s+)?)"
    r"{1,7}(?:Administration|Agency|Commission|Department|Association|Society|Academy|Council"
    r"|College)(?:\s+(?:of|on|for)\s+(?:[A-Z][\w’'-]+\s*(?:and\s+)?){1,5})?|Department\s+of\s+[A-Z][\w]+(?:\s+(?:and\s+)?[A-Z][\w]+){0,3})"
)
NAMED_AGENCY = re.compile(rf"\b{AGENCY_NAMES}(?!\w)")
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
    # Where an agency or institution is named: a source for its own sentence only, since a
    # paragraph often names the agency once and then adds figures it never published.
    agencies: list[int] = field(default_factory=list)
    _starts: list[int] | None = field(default=None, repr=False, compare=False)

    @property
    def has_reference_list(self) -> bool:
        return self.references_start is not None

    def _any_marker(self, start: int, end: int) -> bool:
        starts = self._starts
        if starts is None or len(starts) != len(self.markers):
            starts = self._starts = [m[0] for m in self.markers]
        i = bisect_left(starts, start)
        return i < len(starts) and starts[i] < end

    def in_references(self, offset: int) -> bool:
        if self.references_start is not None and offset >= self.references_start:
            return True
        block = self.article.block_at(offset)
        return block is not None and (block.region == "references" or block.kind == "citation")

    def supports(self, start: int, end: int) -> bool:
        """Is the span (a sentence) backed by a marker in itself or in its paragraph?"""
        return self.support(start, end) is not None

    def support(self, start: int, end: int) -> str | None:
        """What backs the span: "sentence", "agency" (a named agency or institution),
        "paragraph", "earlier_reference" (the study a
        sentence about "the study" points back to), "reference_list", or None."""
        if self._any_marker(start, end):
            return "sentence"
        i = bisect_left(self.agencies, start)
        if i < len(self.agencies) and self.agencies[i] < end:
            return "agency"
        block = self.article.block_at(start)
        if block is not None and self._any_marker(block.start, block.end):
            return "paragraph"
        if self.in_references(start):
            return "reference_list"
        if block is not None and STUDY_ANAPHORA.match(self.article.text[start:end]):
            blocks = self.article.blocks
            i = blocks.index(block) if block in blocks else -1
            for prev in blocks[max(0, i - 3) : max(0, i)]:
                if self._any_marker(prev.start, prev.end):
                    return "earlier_reference"
        return None

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
    for m in GLUED_MARKER.finditer(text):
        markers.append((m.start(), m.end(), "superscript"))
    for m in AUTHOR_YEAR_MARKER.finditer(text):
        markers.append((m.start(), m.end(), "author_year"))
    references_start = _reference_list_start(article)
    if references_start is not None:
        for m in DETACHED_MARKER.finditer(text, 0, references_start):
            if m.group(1) not in _NUMBERED_WORDS:
                markers.append((m.start(2), m.end(2), "detached"))
    trailing = [
        m
        for m in TRAILING_MARKER.finditer(text, 0, references_start or len(text))
        if (m.group(1) or "").lower() not in _NUMBERED_WORDS
    ]
    if references_start is not None or len(trailing) >= 2:
        markers.extend((m.start(2), m.end(2), "trailing") for m in trailing)
    for m in NAMED_SOURCE.finditer(text):
        markers.append((m.start(), m.end(), "named_source"))
    for m in BARE_URL.finditer(text):
        if is_source_url(m.group(0)) or not m.group(0).lower().startswith("http"):
            markers.append((m.start(), m.end(), "url"))
    for link in article.links:
        if is_source_url(link.href) and 0 <= link.start < link.end <= len(text):
            markers.append((link.start, max(link.end, link.start + 1), "link"))
    markers.sort()
    agencies = [m.start() for m in NAMED_AGENCY.finditer(text)]
    return CitationIndex(article, markers, references_start, agencies)
