"""The reference set: load reference_claims/, validate it, and look entries up.

The set is the product's memory, so it is treated like a database with a schema: every file is
checked on load, and a broken set stops the run with one line per problem naming the file, the
entry and the field (see reference_claims/README.md for the format). Loading happens once per
process and takes a few milliseconds.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from .errors import ReferenceSetError
from .models import ReferenceRef
from .reference_schema import (
    COVERAGE_FAMILIES,
    ENTRY_FIELDS,
    ENTRY_REQUIRED,
    SCOPE_DEFAULTS,
    Problems,
    check_coverage,
    check_entry_shape,
    contradictions,
    coverage_jurisdiction,
)


@dataclass
class RefEntry:
    """One sourced fact, with the scope in which it holds and the traps in `notes`."""

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
    severity: str | None = None
    confidence: str = "high"

    @property
    def source_url(self) -> str:
        return self.sources[0]

    def scope_value(self, key: str) -> Any:
        """A scope field with its documented default (jurisdiction US, route any, ...)."""
        return self.scope.get(key, SCOPE_DEFAULTS.get(key))

    @property
    def jurisdiction(self) -> str:
        return str(self.scope_value("jurisdiction"))

    @property
    def route(self) -> str:
        return str(self.scope_value("route"))

    @property
    def historical(self) -> bool:
        """True when the fact describes a past state (value `until` is set)."""
        return "until" in self.value

    def to_ref(self) -> ReferenceRef:
        return ReferenceRef(self.id, self.statement, self.source_url, self.retrieved)

    def to_dict(self) -> dict[str, Any]:
        """Every field, for `bacaudit refs show` and JSON listings."""
        return {
            "id": self.id,
            "subject": self.subject,
            "type": self.type,
            "statement": self.statement,
            "value": self.value,
            "scope": self.scope,
            "sources": list(self.sources),
            "source_url": self.source_url,
            "retrieved": self.retrieved,
            "notes": self.notes,
            "severity": self.severity,
            "confidence": self.confidence,
            "file": self.file,
        }


@dataclass
class Drug:
    id: str
    names: list[str]  # generic name first, then synonyms / chemical names
    brands: list[str] = field(default_factory=list)
    drug_class: str | None = None
    file: str = ""
    # claim families whose coverage the file declares complete ("approvals.us", ...): outside
    # them the set is open-world, and a claim it does not record is unverifiable, not wrong
    complete: list[str] = field(default_factory=list)

    @property
    def name(self) -> str:
        return self.names[0] if self.names else self.id


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
    case_sensitive: bool = False  # acronyms that are also words ("WHO", "MS") match as written


@dataclass
class ReferenceSet:
    version: str
    directory: Path
    entries: list[RefEntry] = field(default_factory=list)
    drugs: dict[str, Any] = field(default_factory=dict)
    conditions: dict[str, Any] = field(default_factory=dict)
    agencies: dict[str, Any] = field(default_factory=dict)
    units: dict[str, float] = field(default_factory=lambda: {"mg": 1.0, "mcg": 0.001, "g": 1000.0})
    unit_names: dict[str, str] = field(default_factory=dict)  # spelling (lower case) -> unit
    periods: dict[str, float] = field(default_factory=lambda: {"day": 1.0})  # in days

    def __post_init__(self) -> None:
        self._by_id: dict[str, RefEntry] = {}
        self._by_subject: dict[str, list[RefEntry]] = {}
        self._names: dict[str, str] = {}
        self._condition_names: dict[str, str] = {}
        self._agency_names: dict[str, str] = {}
        self.reindex()

    def reindex(self) -> None:
        """Rebuild the lookup tables (after entries or lexicons are changed in place)."""
        self._by_id = {e.id: e for e in self.entries}
        self._by_subject = {}
        for e in self.entries:
            self._by_subject.setdefault(e.subject, []).append(e)
        self._names = {}
        for d in self.drugs.values():
            for n in [d.id, *d.names, *d.brands]:
                self._names.setdefault(_norm_name(n), d.id)
        self._condition_names = {}
        for c in self.conditions.values():
            for n in [c.id, *c.names]:
                self._condition_names.setdefault(_norm_name(n), c.id)
        self._agency_names = {}
        for a in self.agencies.values():
            for n in [a.id, *a.names]:
                self._agency_names.setdefault(_norm_name(n), a.id)

    # --- look-ups -------------------------------------------------------------------------

    def find(self, subject: str, type: str) -> list[RefEntry]:
        return [e for e in self._by_subject.get(subject, ()) if e.type == type]

    def get(self, entry_id: str) -> RefEntry | None:
        return self._by_id.get(entry_id)

    def entries_for(self, subject: str) -> list[RefEntry]:
        return list(self._by_subject.get(subject, ()))

    def select(
        self,
        subject: str,
        type: str,
        *,
        current_only: bool = True,
        **scope: Any,
    ) -> list[RefEntry]:
        """Entries of `type` about `subject` whose scope agrees with the given scope fields.

        A field the caller leaves out (or passes as None) matches anything. An entry whose scope
        field is at its default ("any" route, "any" population, ...) matches every claim value,
        except `jurisdiction`, which must agree (default US). Historical entries (value `until`
        set) are left out unless `current_only=False`.
        """
        out = []
        for e in self.find(subject, type):
            if current_only and e.historical:
                continue
            if all(_scope_agrees(e, k, v) for k, v in scope.items() if v is not None):
                out.append(e)
        return out

    def is_complete(self, drug_id: str, family: str) -> bool:
        """True when the drug's file declares `family` ("approvals.us", "schedule.us",
        "indications.us", ...) complete, so that something it does not record is not so."""
        drug = self.drugs.get(drug_id)
        return bool(drug is not None and family.lower() in getattr(drug, "complete", ()))

    def coverage(self, drug_id: str) -> dict[str, bool]:
        """For each family the drug has entries in (or declares), whether it is complete."""
        drug = self.drugs.get(drug_id)
        declared = set(getattr(drug, "complete", ()) if drug else ())
        families = set(declared)
        kinds = {"approval": "approvals", "schedule": "schedule", "indication": "indications"}
        for e in self.entries_for(drug_id):
            kind = kinds.get(e.type)
            if kind is None:
                continue
            jur = e.jurisdiction
            if e.type == "approval":
                agency = self.agencies.get(e.value.get("agency"))
                jur = agency.jurisdiction if agency else jur
            if coverage_jurisdiction(f"{kind}.{jur.lower()}"):
                families.add(f"{kind}.{jur.lower()}")
        order = {k: i for i, k in enumerate(COVERAGE_FAMILIES)}
        ranked = sorted(families, key=lambda f: (order.get(f.split(".")[0], 9), f))
        return {f: f in declared for f in ranked}

    def drug_for_name(self, name: str) -> Drug | None:
        """The drug a generic name, synonym or brand (any case) refers to."""
        drug_id = self._names.get(_norm_name(name))
        return self.drugs.get(drug_id) if drug_id else None

    def condition_for_name(self, name: str) -> Condition | None:
        cid = self._condition_names.get(_norm_name(name))
        return self.conditions.get(cid) if cid else None

    def agency_for_name(self, name: str) -> Agency | None:
        aid = self._agency_names.get(_norm_name(name))
        return self.agencies.get(aid) if aid else None

    def condition_ancestors(self, condition_id: str) -> list[str]:
        """The condition and its parents, nearest first (AUD -> substance use disorder)."""
        chain: list[str] = []
        cur: str | None = condition_id
        while cur and cur not in chain:
            chain.append(cur)
            cond = self.conditions.get(cur)
            cur = cond.parent if cond else None
        return chain

    def condition_is_a(self, condition_id: str, ancestor_id: str) -> bool:
        return ancestor_id in self.condition_ancestors(condition_id)

    def unit_for_name(self, text: str) -> str | None:
        """Canonical unit for a spelling as written in an article ("micrograms" -> "mcg")."""
        t = text.strip().lower().replace("μ", "µ")
        if t in self.units:
            return t
        return self.unit_names.get(t)

    def to_mg(self, amount: float, unit: str) -> float:
        """Convert an amount in any known unit or spelling to milligrams."""
        canon = self.unit_for_name(unit)
        if canon is None:
            raise KeyError(f"unknown unit {unit!r}")
        return amount * self.units[canon]

    def lexicon(self) -> list[LexiconTerm]:
        """Every drug/brand, condition and agency name, generated from the files."""
        terms: list[LexiconTerm] = []
        for d in self.drugs.values():
            terms += [LexiconTerm("DRUG", n, d.id, _is_acronym(n)) for n in [*d.names, *d.brands]]
        for c in self.conditions.values():
            terms += [LexiconTerm("CONDITION", n, c.id, _is_acronym(n)) for n in c.names]
        for a in self.agencies.values():
            terms += [LexiconTerm("AGENCY", n, a.id, _is_acronym(n)) for n in [a.id, *a.names]]
        seen: set[tuple[str, str]] = set()
        unique = []
        for t in terms:
            key = (t.label, t.text)
            if key not in seen:
                seen.add(key)
                unique.append(t)
        return unique


def _norm_name(name: str) -> str:
    return " ".join(name.lower().replace("’", "'").split())


def _is_acronym(name: str) -> bool:
    letters = [c for c in name if c.isalpha()]
    return bool(letters) and len(name) <= 6 and all(c.isupper() for c in letters)


def _scope_agrees(entry: RefEntry, key: str, wanted: Any) -> bool:
    have = entry.scope_value(key)
    if key == "jurisdiction":
        return str(have).upper() == str(wanted).upper()
    if have in (None, "any"):
        return True
    return have == wanted


# --- loading and validation ---------------------------------------------------------------


def default_reference_dir() -> Path:
    here = Path(__file__).resolve().parent
    bundled = here / "_bundled" / "reference_claims"
    if bundled.is_dir():
        return bundled
    return here.parents[1] / "reference_claims"


def load_reference_set(path: str | Path | None = None) -> ReferenceSet:
    """Load and validate a reference set; raise ReferenceSetError listing every problem."""
    refs, problems = _load(Path(path) if path else default_reference_dir())
    if problems:
        raise ReferenceSetError(problems)
    assert refs is not None
    return refs


def validate_reference_dir(path: str | Path | None = None) -> list[str]:
    """Every problem in a reference set folder, one line each (empty when the set is sound)."""
    return _load(Path(path) if path else default_reference_dir())[1]


_TOML_LINE = re.compile(r"\(at line (\d+), column (\d+)\)")


def _read_toml(path: Path, rel: str, problems: Problems) -> dict[str, Any] | None:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        problems.add(rel, f"cannot be read: {exc.__class__.__name__}")
        return None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        msg = str(exc)
        m = _TOML_LINE.search(msg)
        if m:
            reason = _TOML_LINE.sub("", msg).strip()
            problems.add(
                f"{rel}: line {m.group(1)}", f"syntax error: {reason} (column {m.group(2)})"
            )
        else:
            problems.add(rel, f"syntax error: {msg}")
        return None


def _table_list(data: dict[str, Any], key: str, rel: str, problems: Problems) -> list[dict]:
    """The [[key]] tables of a file; anything else there is a problem, not a crash."""
    items = data.get(key) or []
    if not isinstance(items, list):
        problems.add(rel, f"{key}: must be an array of tables ([[{key}]])")
        return []
    out = []
    for i, item in enumerate(items):
        if isinstance(item, dict):
            out.append(item)
        else:
            problems.add(rel, f"{key} #{i + 1}: must be a table")
    return out


def _table(data: dict[str, Any], key: str, rel: str, problems: Problems) -> dict[str, Any]:
    table = data.get(key) or {}
    if not isinstance(table, dict):
        problems.add(rel, f"{key}: must be a table ([{key}])")
        return {}
    return table


def _str_list(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) and v.strip() for v in value)


def _load(directory: Path) -> tuple[ReferenceSet | None, list[str]]:
    problems = Problems()
    if not directory.is_dir():
        return None, [f"{directory}: reference set folder not found"]

    version = _load_version(directory, problems)
    units, unit_names, periods = _load_units(directory, problems)
    agencies = _load_agencies(directory, problems)
    conditions = _load_conditions(directory, problems)
    drugs, raw_entries, raw_complete = _load_drugs(directory, problems)

    known = {
        "drugs": drugs,
        "conditions": conditions,
        "agencies": agencies,
        "units": units,
        "periods": periods,
        "today": date.today(),
    }
    entries: list[RefEntry] = []
    first_seen: dict[str, str] = {}
    for rel, drug_id, raw in raw_entries:
        entry = _build_entry(rel, drug_id, raw, known, problems)
        if entry is None:
            continue
        if entry.id in first_seen:
            problems.add(
                f"{rel}: entry {entry.id}",
                f"id: duplicate id (first defined in {first_seen[entry.id]})",
            )
            continue
        first_seen[entry.id] = rel
        entries.append(entry)

    for entry_a, entry_b, why in contradictions(entries, units, periods):
        problems.add(
            f"{entry_b.file}: entry {entry_b.id}",
            f"value: contradicts {entry_a.id} ({entry_a.file}): {why}",
        )

    agency_jurisdiction = {a.id: a.jurisdiction for a in agencies.values()}
    for drug_id, (rel, complete) in raw_complete.items():
        if complete:
            check_coverage(rel, drug_id, complete, entries, agency_jurisdiction, problems)

    refs = ReferenceSet(
        version=version or "0",
        directory=directory,
        entries=entries,
        drugs=drugs,
        conditions=conditions,
        agencies=agencies,
        units=units,
        unit_names=unit_names,
        periods=periods,
    )
    return refs, problems.lines


def _load_version(directory: Path, problems: Problems) -> str | None:
    f = directory / "set.toml"
    if not f.is_file():
        problems.add("set.toml", "missing (it holds the version of the set)")
        return None
    data = _read_toml(f, "set.toml", problems)
    if data is None:
        return None
    version = data.get("version")
    if not isinstance(version, str) or not version.strip():
        problems.add("set.toml", "version: missing or not a string")
        return None
    return version.strip()


def _load_units(
    directory: Path, problems: Problems
) -> tuple[dict[str, float], dict[str, str], dict[str, float]]:
    rel = "lexicon/units.toml"
    units: dict[str, float] = {}
    names: dict[str, str] = {}
    periods: dict[str, float] = {}
    f = directory / rel
    if not f.is_file():
        problems.add(rel, "missing (it defines the dose units)")
        return {"mg": 1.0}, names, {"day": 1.0}
    data = _read_toml(f, rel, problems) or {}
    for key, factor in _table(data, "units", rel, problems).items():
        if isinstance(factor, bool) or not isinstance(factor, int | float) or factor <= 0:
            problems.add(rel, f"units.{key}: factor to mg must be a positive number")
            continue
        units[key] = float(factor)
    if data and "mg" not in units:
        problems.add(rel, "units.mg: missing (mg is the base unit, factor 1.0)")
    for spelling, unit in _table(data, "unit_names", rel, problems).items():
        if not isinstance(unit, str) or unit not in units:
            problems.add(rel, f"unit_names.{spelling}: '{unit}' is not one of the units")
            continue
        names[spelling.lower()] = unit
    for key, days in (_table(data, "periods", rel, problems) or {"day": 1.0}).items():
        if isinstance(days, bool) or not isinstance(days, int | float) or days <= 0:
            problems.add(rel, f"periods.{key}: length in days must be a positive number")
            continue
        periods[key] = float(days)
    for u in units:
        names.setdefault(u, u)
    return units or {"mg": 1.0}, names, periods or {"day": 1.0}


def _load_agencies(directory: Path, problems: Problems) -> dict[str, Agency]:
    rel = "lexicon/agencies.toml"
    f = directory / rel
    if not f.is_file():
        problems.add(rel, "missing (it lists the agencies entries may name)")
        return {}
    data = _read_toml(f, rel, problems) or {}
    out: dict[str, Agency] = {}
    for i, a in enumerate(_table_list(data, "agencies", rel, problems)):
        where = f"{rel}: agency {a.get('id') or f'#{i + 1}'}"
        if not isinstance(a.get("id"), str) or not a["id"].strip():
            problems.add(where, "id: missing")
            continue
        if not _str_list(a.get("names")):
            problems.add(where, "names: must be a list of non-empty strings")
            continue
        if not isinstance(a.get("jurisdiction"), str):
            problems.add(where, "jurisdiction: missing")
            continue
        if a["id"] in out:
            problems.add(where, "id: duplicate agency id")
            continue
        out[a["id"]] = Agency(a["id"], list(a["names"]), a["jurisdiction"])
    return out


def _load_conditions(directory: Path, problems: Problems) -> dict[str, Condition]:
    rel = "lexicon/conditions.toml"
    f = directory / rel
    if not f.is_file():
        problems.add(rel, "missing (it lists the conditions entries may name)")
        return {}
    data = _read_toml(f, rel, problems) or {}
    out: dict[str, Condition] = {}
    owner: dict[str, str] = {}
    for i, c in enumerate(_table_list(data, "conditions", rel, problems)):
        where = f"{rel}: condition {c.get('id') or f'#{i + 1}'}"
        cid = c.get("id")
        if not isinstance(cid, str) or not re.fullmatch(r"[a-z][a-z0-9_]*", cid):
            problems.add(where, "id: missing or not lower_snake_case")
            continue
        if not _str_list(c.get("names")):
            problems.add(where, "names: must be a list of non-empty strings")
            continue
        if cid in out:
            problems.add(where, "id: duplicate condition id")
            continue
        for n in c["names"]:
            k = _norm_name(n)
            if k in owner and owner[k] != cid:
                problems.add(where, f"names: '{n}' is also a name of condition '{owner[k]}'")
            owner.setdefault(k, cid)
        parent = c.get("parent")
        if parent is not None and not isinstance(parent, str):
            problems.add(where, "parent: must be a condition id")
            parent = None
        out[cid] = Condition(cid, list(c["names"]), parent)
    for cid, cond in out.items():
        if cond.parent is not None and cond.parent not in out:
            problems.add(f"{rel}: condition {cid}", f"parent: '{cond.parent}' is not a condition")
    return out


def _load_drugs(
    directory: Path, problems: Problems
) -> tuple[dict[str, Drug], list[tuple[str, str, dict[str, Any]]], dict[str, tuple[str, Any]]]:
    drugs: dict[str, Drug] = {}
    raw_entries: list[tuple[str, str, dict[str, Any]]] = []
    raw_complete: dict[str, tuple[str, Any]] = {}
    name_owner: dict[str, tuple[str, str]] = {}
    files = sorted((directory / "drugs").glob("*.toml")) if (directory / "drugs").is_dir() else []
    if not files:
        problems.add("drugs/", "no drug files found")
    for f in files:
        rel = f"drugs/{f.name}"
        data = _read_toml(f, rel, problems)
        if data is None:
            continue
        for key in data:
            if key not in ("drug", "entries"):
                problems.add(rel, f"{key}: unknown table (expected [drug] and [[entries]])")
        d = data.get("drug")
        if not isinstance(d, dict):
            problems.add(rel, "drug: missing [drug] table")
            continue
        drug_id = d.get("id")
        if not isinstance(drug_id, str) or not re.fullmatch(r"[a-z][a-z0-9_]*", drug_id):
            problems.add(rel, "drug.id: missing or not lower_snake_case")
            continue
        if drug_id != f.stem:
            problems.add(rel, f"drug.id: '{drug_id}' does not match the file name")
        if drug_id in drugs:
            problems.add(rel, f"drug.id: '{drug_id}' is also defined in {drugs[drug_id].file}")
            continue
        names, brands = d.get("names"), d.get("brands", [])
        if not _str_list(names) or not names:
            problems.add(rel, "drug.names: must be a non-empty list of names")
            names = [drug_id]
        if not _str_list(brands):
            problems.add(rel, "drug.brands: must be a list of names")
            brands = []
        for n in [*names, *brands]:
            k = _norm_name(n)
            prev = name_owner.get(k)
            if prev and prev[0] != drug_id:
                problems.add(
                    rel, f"drug.names: '{n}' is also a name of drug '{prev[0]}' ({prev[1]})"
                )
            name_owner.setdefault(k, (drug_id, rel))
        cls = d.get("class")
        complete = d.get("complete", [])
        drugs[drug_id] = Drug(
            drug_id,
            list(names),
            list(brands),
            cls if isinstance(cls, str) else None,
            rel,
            [c.lower() for c in complete if isinstance(c, str)]
            if isinstance(complete, list)
            else [],
        )
        raw_complete[drug_id] = (rel, complete)
        entries = data.get("entries", [])
        if not isinstance(entries, list):
            problems.add(rel, "entries: must be an array of tables ([[entries]])")
            continue
        for raw in entries:
            raw_entries.append((rel, drug_id, raw))
    return drugs, raw_entries, raw_complete


def _build_entry(
    rel: str, drug_id: str, raw: Any, known: dict[str, Any], problems: Problems
) -> RefEntry | None:
    if not isinstance(raw, dict):
        problems.add(rel, "entries: each entry must be a table")
        return None
    eid = raw.get("id")
    where = f"{rel}: entry {eid if isinstance(eid, str) and eid else '(no id)'}"
    before = len(problems.lines)
    for key in ENTRY_REQUIRED:
        if key not in raw:
            problems.add(where, f"{key}: missing")
    for key in raw:
        if key not in ENTRY_FIELDS:
            problems.add(where, f"{key}: unknown field")
    if len(problems.lines) > before and not isinstance(eid, str):
        return None
    subject = raw.get("subject", drug_id)
    check_entry_shape(where, raw, subject, known, problems)
    if len(problems.lines) > before:
        return None
    sources = raw["sources"]
    return RefEntry(
        id=eid,
        subject=subject,
        type=raw["type"],
        statement=raw["statement"].strip(),
        sources=list(sources),
        retrieved=raw["retrieved"],
        value=dict(raw["value"]),
        scope=dict(raw["scope"]),
        notes=(raw.get("notes") or "").strip() or None,
        file=rel,
        severity=raw.get("severity"),
        confidence=raw.get("confidence", "high"),
    )


def entries_as_rows(entries: Iterable[RefEntry]) -> list[dict[str, Any]]:
    """The listing shape of `bacaudit refs list --format json`."""
    return [
        {
            "id": e.id,
            "subject": e.subject,
            "type": e.type,
            "statement": e.statement,
            "source_url": e.source_url,
            "retrieved": e.retrieved,
        }
        for e in entries
    ]
