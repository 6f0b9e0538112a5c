"""The schema of a reference entry: claim types, their value fields, scope vocabularies.

Kept apart from the loader so the vocabulary an editor may use is one readable table, and the
README in reference_claims/ can be checked against it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from itertools import combinations
from typing import TYPE_CHECKING, Any
from urllib.parse import urlparse

if TYPE_CHECKING:  # pragma: no cover
    from .reference import RefEntry

ENTRY_REQUIRED = ("id", "type", "statement", "sources", "retrieved", "value", "scope")
ENTRY_FIELDS = (*ENTRY_REQUIRED, "subject", "notes", "severity", "confidence")

ROUTES = (
    "any",
    "oral",
    "intrathecal",
    "intravenous",
    "intramuscular",
    "subcutaneous",
    "sublingual",
    "buccal",
    "transdermal",
    "nasal",
    "rectal",
)
JURISDICTIONS = ("US", "FR", "EU", "AU", "UK", "CA", "IT", "AT", "DE", "NL", "IE", "CH")
POPULATIONS = ("any", "adult", "pediatric", "elderly", "hospitalised", "renal_impairment")
FORMULATIONS = (
    "any",
    "transdermal_patch",
    "buccal_film",
    "implant",
    "tablet",
    "odt",
    "oral_solution",
    "oral_suspension",
    "oral_granules",
    "capsule",
    "delayed_release_tablet",
    "extended_release",
    "injection",
    "sublingual_tablet",
    "sublingual_film",
    "nasal_spray",
    "single_entity",
    "combination",
    "cough_preparation",
    "fda_approved_product",
    "illicit",
)
LEVELS = ("federal", "state", "national")
# Strength bands where the law sets a schedule by amount per dosage unit or per 100 mL
# (codeine: 21 CFR 1308.13(e) "intermediate", 1308.15(c) "low").
STRENGTHS = ("any", "intermediate", "low")
SCOPE_DEFAULTS: dict[str, Any] = {
    "route": "any",
    "jurisdiction": "US",
    "population": "any",
    "formulation": "any",
    "level": "federal",
    "strength": "any",
    "condition": None,
}
SCOPE_VOCAB: dict[str, tuple[str, ...]] = {
    "route": ROUTES,
    "jurisdiction": JURISDICTIONS,
    "population": POPULATIONS,
    "formulation": FORMULATIONS,
    "level": LEVELS,
    "strength": STRENGTHS,
}

# Coverage a drug file may declare complete (`complete = ["approvals.us", ...]` in [drug]):
# the verifier treats a claim the set does not record as wrong only inside a complete family.
COVERAGE_FAMILIES = ("approvals", "schedule", "indications")
_COVERAGE_RE = re.compile(r"(approvals|schedule|indications)\.([a-z]{2})")

APPROVAL_STATUS = ("approved", "not_approved", "temporary_authorisation", "withdrawn", "refused")
INDICATION_STATUS = ("indicated", "not_indicated", "not_recommended")
SCHEDULES = ("I", "II", "III", "IV", "V", "none", "S2", "S3", "S4", "S8")
ELIMINATION = ("renal", "hepatic", "mixed")
HISTORY_EVENTS = (
    "synthesized",
    "discovered",
    "patented",
    "first_clinical_use",
    "first_marketed",
    "first_authorised",
)
REQUIREMENTS = ("x_waiver", "opioid_treatment_program", "rems")
SEVERITIES = ("high", "medium", "low")
CONFIDENCES = ("high", "medium")

_ID_RE = re.compile(r"[a-z][a-z0-9_]*(\.[a-z0-9_]+)+")
_DATE_RE = re.compile(r"\d{4}-\d{2}-\d{2}")
_SPACE_RE = re.compile(r"\s")
_JURISDICTION_RE = re.compile(r"[A-Z]{2}(-[A-Z]{2})?")


@dataclass
class Problems:
    """Collects one line per problem: `<where>: <field>: <what>`."""

    lines: list[str] = field(default_factory=list)

    def add(self, where: str, what: str) -> None:
        self.lines.append(printable(f"{where}: {what}"))


def printable(text: str) -> str:
    """One terminal-safe line: control characters (newlines, escape sequences) shown escaped."""
    return "".join(c if c.isprintable() or c == " " else repr(c)[1:-1] for c in text)


# A field spec is (kind, required). Kinds are checked by _check_value below.
Spec = dict[str, tuple[str, bool]]
TYPES: dict[str, Spec] = {
    "max_daily_dose": {
        "amount": ("amount", True),
        "unit": ("unit", True),
        "period": ("period", True),
    },
    "starting_dose": {
        "amount": ("amount", True),
        "unit": ("unit", True),
        "times_per_day": ("count", True),
        "days": ("count", False),
    },
    "typical_dose": {
        "min": ("amount", True),
        "max": ("amount", True),
        "unit": ("unit", True),
        "period": ("period", True),
    },
    "approval": {
        "agency": ("agency", True),
        "status": ("approval_status", True),
        "indications": ("conditions", True),
        "year": ("year", False),
        "until": ("year", False),
        "product": ("text", False),
        "otc": ("bool", False),
        "first_for_product": ("bool", False),
        "first_for_indication": ("bool", False),
    },
    "first_approval": {
        "agency": ("agency", True),
        "year": ("year", True),
        "product": ("text", False),
    },
    "schedule": {
        "controlled": ("bool", True),
        "schedule": ("schedule", False),
        "authority": ("agency", True),
        "since": ("year", False),
        "until": ("year", False),
        "previous": ("previous", False),
    },
    "indication": {"condition": ("condition", True), "status": ("indication_status", True)},
    "boxed_warning": {
        "present": ("bool", True),
        "topic": ("text", False),
        "added": ("year", False),
        "removed": ("year", False),
    },
    "elimination": {"primary": ("elimination", True)},
    "half_life": {"min_hours": ("amount", True), "max_hours": ("amount", True)},
    "withdrawal_warning": {"present": ("bool", True)},
    "history": {"event": ("event", True), "year": ("year", True), "place": ("text", False)},
    "product": {
        "name": ("text", True),
        "form": ("formulation", True),
        "strengths": ("amounts", False),
        "unit": ("unit", False),
        "year": ("year", False),
    },
    "dietary_supplement": {
        "lawful": ("bool", True),
        "agency": ("agency", True),
        "year": ("year", False),
    },
    "prescribing_requirement": {
        "requirement": ("requirement", True),
        "required": ("bool", True),
        "condition": ("condition", False),
        "since": ("year", False),
    },
}


def _is_number(v: Any) -> bool:
    return isinstance(v, int | float) and not isinstance(v, bool)


def _known(v: Any, names: Any) -> bool:
    """Membership that tolerates unhashable values (a list where a name was expected)."""
    return isinstance(v, str) and v in names


def _check_value(kind: str, name: str, v: Any, known: dict[str, Any]) -> str | None:
    """None when `v` is acceptable for `kind`, else what is wrong with it."""
    today: date = known["today"]
    choices: dict[str, tuple[str, ...]] = {
        "approval_status": APPROVAL_STATUS,
        "indication_status": INDICATION_STATUS,
        "schedule": SCHEDULES,
        "elimination": ELIMINATION,
        "event": HISTORY_EVENTS,
        "requirement": REQUIREMENTS,
        "formulation": FORMULATIONS,
    }
    if kind in choices:
        if v not in choices[kind]:
            return f"'{v}' is not a known {name} ({', '.join(choices[kind])})"
        return None
    if kind == "amount":
        return None if _is_number(v) and v > 0 else f"{v!r} is not a positive number"
    if kind == "amounts":
        ok = isinstance(v, list) and v and all(_is_number(x) and x > 0 for x in v)
        return None if ok else "must be a list of positive numbers"
    if kind == "count":
        return (
            None
            if isinstance(v, int) and not isinstance(v, bool) and v > 0
            else "must be a whole number > 0"
        )
    if kind == "unit":
        units = known["units"]
        return None if _known(v, units) else f"'{v}' is not a known unit ({', '.join(units)})"
    if kind == "period":
        periods = known["periods"]
        return None if _known(v, periods) else f"'{v}' is not a known period ({', '.join(periods)})"
    if kind == "year":
        ok = isinstance(v, int) and not isinstance(v, bool) and 1800 <= v <= today.year
        return None if ok else f"{v!r} is not a year between 1800 and {today.year}"
    if kind == "bool":
        return None if isinstance(v, bool) else f"{v!r} is not true or false"
    if kind == "text":
        return None if isinstance(v, str) and v.strip() else "must be non-empty text"
    if kind == "agency":
        return (
            None
            if _known(v, known["agencies"])
            else f"'{v}' is not an agency in lexicon/agencies.toml"
        )
    if kind == "condition":
        return (
            None
            if _known(v, known["conditions"])
            else f"'{v}' is not a condition in lexicon/conditions.toml"
        )
    if kind == "conditions":
        if not isinstance(v, list):
            return "must be a list of condition ids"
        bad = [c for c in v if not _known(c, known["conditions"])]
        return f"'{bad[0]}' is not a condition in lexicon/conditions.toml" if bad else None
    if kind == "previous":
        if not isinstance(v, list) or not all(isinstance(p, dict) for p in v):
            return "must be a list of {schedule, until} tables"
        for p in v:
            if p.get("schedule") not in SCHEDULES:
                known_schedules = ", ".join(SCHEDULES)
                return f"schedule '{p.get('schedule')}' is not a known schedule ({known_schedules})"
            if _check_value("year", "until", p.get("until"), known):
                return f"until {p.get('until')!r} is not a year"
        return None
    return f"unknown kind {kind}"  # pragma: no cover


def _check_url(url: Any) -> bool:
    if not isinstance(url, str) or _SPACE_RE.search(url):
        return False
    parsed = urlparse(url)
    return parsed.scheme in ("http", "https") and bool(parsed.netloc) and "." in parsed.netloc


def check_entry_shape(
    where: str, raw: dict[str, Any], subject: Any, known: dict[str, Any], problems: Problems
) -> None:
    """Add a problem line for every field of `raw` that breaks the schema."""
    eid, etype = raw.get("id"), raw.get("type")
    if not _known(subject, known["drugs"]):
        problems.add(where, f"subject: '{subject}' is not a known drug (no drugs/{subject}.toml)")
    if "id" in raw:
        if not isinstance(eid, str) or not _ID_RE.fullmatch(eid):
            problems.add(where, "id: must be lower case, dotted: <drug>.<type>[.<qualifiers>]")
        elif isinstance(subject, str) and not eid.startswith(f"{subject}."):
            problems.add(where, f"id: must start with its drug id '{subject}.'")
        elif _known(etype, TYPES) and eid.split(".")[1] != etype:
            problems.add(where, f"id: second part must be the type '{etype}'")
    if "type" in raw and not _known(etype, TYPES):
        problems.add(where, f"type: '{etype}' is not a known claim type ({', '.join(TYPES)})")
    if "statement" in raw:
        st = raw["statement"]
        if not isinstance(st, str) or not st.strip():
            problems.add(where, "statement: empty")
        elif not st.isprintable():
            problems.add(where, "statement: contains line breaks or control characters")
    if "sources" in raw:
        srcs = raw["sources"]
        if not isinstance(srcs, list) or not srcs:
            problems.add(where, "sources: must list at least one http(s) URL")
        else:
            for s in srcs:
                if not _check_url(s):
                    problems.add(where, f"sources: {s!r} is not an http(s) URL")
    if "retrieved" in raw:
        _check_retrieved(where, raw["retrieved"], known["today"], problems)
    for opt, allowed in (("severity", SEVERITIES), ("confidence", CONFIDENCES)):
        if opt in raw and raw[opt] not in allowed:
            problems.add(where, f"{opt}: '{raw[opt]}' is not one of {', '.join(allowed)}")
    if "notes" in raw and not isinstance(raw["notes"], str):
        problems.add(where, "notes: must be text")
    if "scope" in raw:
        _check_scope(where, raw["scope"], known, problems)
    if "value" in raw and _known(etype, TYPES):
        _check_entry_value(where, etype, raw["value"], known, problems)


def _check_retrieved(where: str, v: Any, today: date, problems: Problems) -> None:
    if isinstance(v, date):
        problems.add(where, 'retrieved: write the date as a quoted string "YYYY-MM-DD"')
        return
    if not isinstance(v, str) or not _DATE_RE.fullmatch(v):
        problems.add(where, f"retrieved: {v!r} is not a date written YYYY-MM-DD")
        return
    try:
        d = date.fromisoformat(v)
    except ValueError:
        problems.add(where, f"retrieved: {v!r} is not a valid date")
        return
    if d > today:
        problems.add(where, f"retrieved: {v} is in the future")


def _check_scope(where: str, scope: Any, known: dict[str, Any], problems: Problems) -> None:
    if not isinstance(scope, dict):
        problems.add(where, "scope: must be a table")
        return
    for key, v in scope.items():
        if key == "condition":
            if not _known(v, known["conditions"]):
                problems.add(
                    where, f"scope.condition: '{v}' is not a condition in lexicon/conditions.toml"
                )
        elif key == "jurisdiction":
            if (
                not isinstance(v, str)
                or not _JURISDICTION_RE.fullmatch(v)
                or (v not in JURISDICTIONS and not v.startswith("US-"))
            ):
                problems.add(
                    where,
                    f"scope.jurisdiction: '{v}' is not a known jurisdiction "
                    f"({', '.join(JURISDICTIONS)}, or US-XX for a state)",
                )
        elif key in SCOPE_VOCAB:
            if v not in SCOPE_VOCAB[key]:
                problems.add(
                    where,
                    f"scope.{key}: '{v}' is not a known {key} ({', '.join(SCOPE_VOCAB[key])})",
                )
        else:
            problems.add(where, f"scope.{key}: unknown scope field ({', '.join(SCOPE_DEFAULTS)})")


def _check_entry_value(
    where: str, etype: str, value: Any, known: dict[str, Any], problems: Problems
) -> None:
    if not isinstance(value, dict):
        problems.add(where, "value: must be a table")
        return
    spec = TYPES[etype]
    for name, (kind, required) in spec.items():
        if name not in value:
            if required:
                problems.add(where, f"value.{name}: missing (required for type {etype})")
            continue
        err = _check_value(kind, name, value[name], known)
        if err:
            problems.add(
                where, f"value.{name} {err}" if err.startswith("'") else f"value.{name}: {err}"
            )
    for name in value:
        if name not in spec:
            problems.add(where, f"value.{name}: unknown field for type {etype} ({', '.join(spec)})")
    # cross-field rules
    for lo, hi in (("min", "max"), ("min_hours", "max_hours")):
        a, b = value.get(lo), value.get(hi)
        if lo in spec and _is_number(a) and _is_number(b) and a > b:
            problems.add(where, f"value.{lo}: greater than value.{hi}")
    if etype == "schedule" and isinstance(value.get("controlled"), bool):
        sched = value.get("schedule")
        if value["controlled"] and sched in (None, "none"):
            problems.add(where, "value.schedule: missing (a controlled substance has a schedule)")
        if not value["controlled"] and sched in ("I", "II", "III", "IV", "V", "S8"):
            problems.add(where, f"value.schedule: '{sched}' given but controlled = false")
    if etype == "product" and "strengths" in value and "unit" not in value:
        problems.add(where, "value.unit: missing (required with strengths)")


# --- contradictions between entries --------------------------------------------------------


def _scope_key(e: RefEntry) -> tuple[Any, ...]:
    return tuple((k, e.scope.get(k, d)) for k, d in SCOPE_DEFAULTS.items())


def _mg(units: dict[str, float], amount: Any, unit: Any) -> float:
    return round(float(amount) * units.get(unit, 1.0), 6)


def _dose_answer(units: dict[str, float], periods: dict[str, float]) -> Callable[[RefEntry], Any]:
    def answer(e: RefEntry) -> Any:
        v = e.value
        per = periods.get(v.get("period", "day"), 1.0)
        if e.type == "max_daily_dose":
            return (_mg(units, v["amount"], v["unit"]) / per,)
        if e.type == "typical_dose":
            return (_mg(units, v["min"], v["unit"]) / per, _mg(units, v["max"], v["unit"]) / per)
        return (_mg(units, v["amount"], v["unit"]), v["times_per_day"])

    return answer


def _describe(e: RefEntry) -> str:
    shown = {k: v for k, v in e.value.items() if k not in ("product", "year", "since", "previous")}
    return ", ".join(f"{k}={v}" for k, v in shown.items())


def contradictions(
    entries: list[RefEntry], units: dict[str, float], periods: dict[str, float]
) -> Iterator[tuple[RefEntry, RefEntry, str]]:
    """Pairs of current entries about the same subject, type and scope that disagree."""
    dose = _dose_answer(units, periods)
    key_of: dict[str, Callable[[RefEntry], tuple[Any, ...]]] = {
        "first_approval": lambda e: (e.value.get("agency"), e.value.get("product")),
        "approval": lambda e: (e.value.get("agency"),),
        "indication": lambda e: (e.value.get("condition"),),
        "boxed_warning": lambda e: (e.value.get("topic"),),
        "history": lambda e: (e.value.get("event"), e.value.get("place")),
        "product": lambda e: (e.value.get("name"),),
        "prescribing_requirement": lambda e: (e.value.get("requirement"), e.value.get("condition")),
    }
    answer_of: dict[str, Callable[[RefEntry], Any]] = {
        "max_daily_dose": dose,
        "typical_dose": dose,
        "starting_dose": dose,
        "first_approval": lambda e: e.value.get("year"),
        "approval": lambda e: e.value.get("status"),
        "schedule": lambda e: (e.value.get("controlled"), e.value.get("schedule", "none")),
        "indication": lambda e: e.value.get("status"),
        "boxed_warning": lambda e: e.value.get("present"),
        "elimination": lambda e: e.value.get("primary"),
        "half_life": lambda e: (e.value.get("min_hours"), e.value.get("max_hours")),
        "withdrawal_warning": lambda e: e.value.get("present"),
        "history": lambda e: e.value.get("year"),
        "product": lambda e: (e.value.get("form"), tuple(e.value.get("strengths", ()))),
        "dietary_supplement": lambda e: e.value.get("lawful"),
        "prescribing_requirement": lambda e: e.value.get("required"),
    }
    groups: dict[tuple[Any, ...], list[RefEntry]] = {}
    for e in entries:
        if e.historical or e.type not in answer_of:
            continue
        key = (e.subject, e.type, _scope_key(e), key_of.get(e.type, lambda _e: ())(e))
        groups.setdefault(key, []).append(e)
    for group in groups.values():
        for a, b in combinations(group, 2):
            if a.type == "approval" and not _indications_overlap(a, b):
                continue
            if answer_of[a.type](a) != answer_of[b.type](b):
                yield a, b, f"same subject, type and scope but {_describe(b)} vs {_describe(a)}"


def _indications_overlap(a: RefEntry, b: RefEntry) -> bool:
    ia, ib = a.value.get("indications") or [], b.value.get("indications") or []
    if not ia or not ib:  # an empty list means "for any use"
        return True
    return bool(set(ia) & set(ib))


# --- coverage declarations -----------------------------------------------------------------


def coverage_jurisdiction(family: str) -> str | None:
    """ "approvals.us" -> "US"; None when the family is not one the schema knows."""
    m = _COVERAGE_RE.fullmatch(family) if isinstance(family, str) else None
    if not m or m.group(2).upper() not in JURISDICTIONS:
        return None
    return m.group(2).upper()


def check_coverage(
    rel: str,
    drug_id: str,
    complete: Any,
    entries: list[RefEntry],
    agency_jurisdiction: dict[str, str],
    problems: Problems,
) -> None:
    """A drug that declares a family complete must hold what completeness promises: for
    approvals, every approval in that jurisdiction with its product, indications and year."""
    where = f"{rel}: drug {drug_id}"
    if not isinstance(complete, list) or not all(isinstance(f, str) for f in complete):
        problems.add(where, 'complete: must be a list of families such as "approvals.us"')
        return
    mine = [e for e in entries if e.subject == drug_id]
    for family in complete:
        jur = coverage_jurisdiction(family)
        if jur is None:
            known = ", ".join(f"{f}.us" for f in COVERAGE_FAMILIES)
            problems.add(where, f"complete: '{family}' is not a coverage family ({known}, ...)")
            continue
        kind = family.split(".")[0]
        if kind == "schedule":
            if not any(e.type == "schedule" and e.jurisdiction == jur for e in mine):
                problems.add(
                    where, f"complete: '{family}' declared but no schedule entry for {jur}"
                )
            continue
        approvals = [
            e
            for e in mine
            if e.type == "approval" and agency_jurisdiction.get(e.value.get("agency")) == jur
        ]
        granted = [e for e in approvals if e.value.get("status") == "approved"]
        if kind == "indications":
            if not granted and not any(e.type == "indication" for e in mine):
                problems.add(where, f"complete: '{family}' declared but no approval for {jur}")
            for e in granted:
                if not e.value.get("indications"):
                    problems.add(
                        f"{e.file}: entry {e.id}",
                        f"value.indications: empty, but {drug_id} declares {family} complete",
                    )
            continue
        if not approvals:
            problems.add(where, f"complete: '{family}' declared but no approval entry for {jur}")
        for e in granted:
            missing = [k for k in ("product", "year") if not e.value.get(k)]
            if not e.value.get("indications"):
                missing.append("indications")
            if missing:
                problems.add(
                    f"{e.file}: entry {e.id}",
                    f"value.{missing[0]}: missing, but {drug_id} declares {family} complete "
                    "(every approval needs product, indications and year)",
                )
