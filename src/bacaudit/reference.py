"""Load and validate reference_claims/. (Minimal loader; the full schema lives in README there.)"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import ReferenceSetError
from .models import ReferenceRef


@dataclass
class RefEntry:
    id: str
    subject: str
    type: str
    statement: str
    sources: list[str]
    retrieved: str
    value: dict[str, Any] = field(default_factory=dict)
    scope: dict[str, Any] = field(default_factory=dict)
    notes: str | None = None
    file: str = ""

    @property
    def source_url(self) -> str:
        return self.sources[0]

    def to_ref(self) -> ReferenceRef:
        return ReferenceRef(self.id, self.statement, self.source_url, self.retrieved)


@dataclass
class Drug:
    id: str
    names: list[str]  # generic name first, then synonyms / chemical names
    brands: list[str] = field(default_factory=list)
    drug_class: str | None = None
    file: str = ""


@dataclass
class Condition:
    id: str
    names: list[str]
    parent: str | None = None  # e.g. "alcohol_use_disorder" -> "substance_use_disorder"


@dataclass
class Agency:
    id: str  # "FDA", "DEA", "ANSM", "EMA", "TGA", ...
    names: list[str]
    jurisdiction: str  # "US", "FR", "EU", "AU", ...


@dataclass(frozen=True)
class LexiconTerm:
    label: str  # DRUG | CONDITION | AGENCY
    text: str  # the phrase as written in the reference files
    id: str  # canonical id it maps to


@dataclass
class ReferenceSet:
    version: str
    directory: Path
    entries: list[RefEntry] = field(default_factory=list)
    drugs: dict[str, Any] = field(default_factory=dict)
    conditions: dict[str, Any] = field(default_factory=dict)
    agencies: dict[str, Any] = field(default_factory=dict)

    def find(self, subject: str, type: str) -> list[RefEntry]:
        return [e for e in self.entries if e.subject == subject and e.type == type]

    def lexicon(self) -> list[LexiconTerm]:
        """Every drug/brand, condition and agency name, generated from the files."""
        terms: list[LexiconTerm] = []
        for d in self.drugs.values():
            terms += [LexiconTerm("DRUG", n, d.id) for n in [*d.names, *d.brands]]
        for c in self.conditions.values():
            terms += [LexiconTerm("CONDITION", n, c.id) for n in c.names]
        for a in self.agencies.values():
            terms += [LexiconTerm("AGENCY", n, a.id) for n in a.names]
        return terms


def default_reference_dir() -> Path:
    here = Path(__file__).resolve().parent
    bundled = here / "_bundled" / "reference_claims"
    if bundled.is_dir():
        return bundled
    return here.parents[1] / "reference_claims"


def load_reference_set(path: str | Path | None = None) -> ReferenceSet:
    d = Path(path) if path else default_reference_dir()
    if not d.is_dir():
        raise ReferenceSetError([f"{d}: reference set folder not found"])
    entries: list[RefEntry] = []
    for f in sorted(d.glob("*.toml")):
        try:
            data = tomllib.loads(f.read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as exc:
            raise ReferenceSetError([f"{f.name}: syntax error: {exc}"]) from None
        for e in data.get("entries", []):
            entries.append(RefEntry(file=f.name, **e))
    return ReferenceSet(version="0", directory=d, entries=entries)
