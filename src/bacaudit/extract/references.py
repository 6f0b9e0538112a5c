"""Recognise references sections and citation entries, for HTML and plain text alike.

Two ways in: a heading such as "References" / "Sources" / "CITATIONS", or (without one) a run
of at least two consecutive entries that each look like a citation (DOI, PMID, a bare URL line,
"Smith J, Doe K. ... 2019;12:3-9", "Agency. (2021). Title. Retrieved from ...").
"""

from __future__ import annotations

import re

from ..models import Block

REF_HEADING = re.compile(
    r"^\s*(?:\d{1,2}[.)]?\s+)?(?:(?:article|medical|scientific|cited|our|key|additional)\s+)?"
    r"(?:references?|sources?(?:\s+cited)?|citations?|bibliography|works\s+cited|literature\s+cited"
    r"|footnotes|references?\s+(?:and|&)\s+(?:sources|further\s+reading)|sources?\s+(?:and|&)"
    r"\s+references?|studies\s+cited)\s*[:.]?\s*$",
    re.IGNORECASE,
)
_URL_LINE = re.compile(r"^\s*(?:\[?\d{1,3}[\].)]\s*)?(?:https?://|www\.)\S+\s*$", re.I)
_DOI = re.compile(
    r"\b(?:doi\s*:?\s*|doi\.org/)10\.\d{4,9}/\S+|\bPMID\s*:?\s*\d{5,9}|\bPMC\d{5,9}", re.I
)
_YEAR = re.compile(r"\b(?:19[5-9]\d|20[0-4]\d)[a-z]?\b")
_AUTHORS_START = re.compile(
    r"^\s*(?:\[?\d{1,3}[\].)]?\s*)?[A-Z][A-Za-z'’-]+,?\s+(?:[A-Z]\.?\s?){1,3}(?:[,.;]|\s+et\s+al)"
)
_ET_AL = re.compile(r"\bet\s+al\.?", re.I)
_VOLUME = re.compile(
    r"\b(?:19|20)\d\d\s*;\s*\d+|\b\d{1,4}\s*\(\d{1,4}\)\s*:\s*[e\d]|\bvol\.\s*\d+", re.I
)
_ORG_YEAR = re.compile(r"^[A-Z][^.!?]{2,120}\.\s*\((?:19|20)\d\d[^)]{0,20}\)\.")
_RETRIEVED = re.compile(r"\b(?:retrieved|accessed)\b.{0,60}(?:from|https?://|\d{4})", re.I)
_URL = re.compile(r"https?://|www\.", re.I)
REFERENCE_CONTAINER = re.compile(
    r"(?:^|[-_])(?:references?|citations?|bibliography|footnotes|reflist|works-cited|sources)"
    r"(?:$|[-_])"
)


def is_reference_heading(text: str) -> bool:
    return len(text) <= 60 and bool(REF_HEADING.match(text))


def looks_like_citation(text: str) -> bool:
    """Whether one entry reads like a bibliographic reference rather than prose."""
    t = text.strip()
    if not t or len(t) > 600:
        return False
    if _URL_LINE.match(t):
        return True
    if _DOI.search(t):
        return True
    has_year = bool(_YEAR.search(t))
    if has_year and (_AUTHORS_START.match(t) or _VOLUME.search(t)):
        return True
    if has_year and _ET_AL.search(t) and (_URL.search(t) or t.count(".") >= 3):
        return True
    if _ORG_YEAR.match(t) and (_URL.search(t) or _RETRIEVED.search(t) or t.count(".") >= 3):
        return True
    if has_year and _URL.search(t) and t.count(". ") >= 2:
        return True  # "Title. Publisher; 2012. https://..."
    return bool(has_year and _RETRIEVED.search(t) and _URL.search(t))


_RUN_KINDS = {"paragraph", "list_item", "other", "citation"}


def mark_citation_runs(blocks: list[Block], min_run: int = 2) -> None:
    """Turn runs of citation-like body blocks into region "references", kind "citation"."""
    run: list[Block] = []

    def close() -> None:
        if len(run) >= min_run:
            for b in run:
                b.kind = "citation"
                b.region = "references"
        run.clear()

    for b in blocks:
        if b.region == "body" and b.kind in _RUN_KINDS and looks_like_citation(b.text):
            run.append(b)
        else:
            close()
    close()


def references_start(blocks: list[Block]) -> int | None:
    return next((b.start for b in blocks if b.region == "references"), None)
