"""Claim x reference set -> verdict (supported | contradicted | unverifiable).

A claim is only compared with entries whose scope matches its context: route, jurisdiction,
population and, for approvals, the agency. When the context leaves room for doubt the verdict
is `unverifiable`: a false alarm on a careful article costs more than a miss.

How hedges count, per claim type:
- doses, schedules, boxed warnings, pharmacokinetics, approvals: a hedged claim ("may be a
  controlled substance", "might be approved") asserts nothing firm and stays unverifiable;
- indications: a hedged claim that the drug is given for a condition its label warns against
  ("doctors might give it to manage epilepsy") is still contradicted, because the advice is
  wrong however softly it is put; hedged efficacy for an unlabelled use stays unverifiable.
Questions and reported speech that the article does not endorse are never judged; reported
speech the article rejects ("some sites claim X; it is not") is judged as the denial.
"""

from __future__ import annotations

from collections.abc import Callable

from .claims.context import ROUTES, find_jurisdiction, find_route
from .claims.lexicon import lexicon
from .models import Claim

UNIT_MG = {"mg": 1.0, "g": 1000.0, "mcg": 0.001, "µg": 0.001, "ug": 0.001}
INJECTED = {"intrathecal", "intramuscular", "intravenous", "subcutaneous", "injection"}
ADULT = {None, "adult", "any", "adults"}
ORAL = dict(ROUTES)["oral"]
DOSE_TYPES = {"max_daily_dose", "typical_dose", "starting_dose"}


def verify_claims(claims: list[Claim], refs) -> list[Claim]:
    for claim in claims:
        check = CHECKS.get(claim.type)
        if check is None:
            continue
        try:
            check(claim, refs)
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            # a malformed reference entry must not end the audit of an article
            _set(claim, "unverifiable", None, f"could not compare with the reference set ({exc})")
    return claims


# -- shared helpers -----------------------------------------------------------------------------


def _set(claim: Claim, verdict: str, entry, why: str) -> None:
    claim.verdict = verdict  # type: ignore[assignment]
    claim.reference = entry.to_ref() if entry is not None else None
    claim.explanation = why
    if entry is not None:
        sev = getattr(entry, "severity", None) or (entry.value or {}).get("severity")
        if sev:
            claim.context["ref_severity"] = sev


def _not_judged(claim: Claim, *, hedge_blocks: bool = True) -> str | None:
    c = claim.context
    if c.get("question"):
        return "a question, not an assertion"
    if c.get("reported") and not c.get("denied"):
        return "reported speech the article does not endorse"
    if hedge_blocks and claim.hedged:
        return "hedged; not a firm claim"
    return None


def _scope(e) -> dict:
    return e.scope or {}


def _jurisdiction_ok(claim: Claim, e) -> bool:
    return (_scope(e).get("jurisdiction") or "US") == (claim.context.get("jurisdiction") or "US")


def _route_ok(claim: Claim, e, default: str | None = None) -> bool:
    er = _scope(e).get("route") or "any"
    cr = claim.context.get("route") or default
    if er == "any":
        return True
    if cr is None:
        return False
    if cr == "injection":
        return er in INJECTED
    return er == cr


def _population_ok(claim: Claim, e) -> bool:
    ep = _scope(e).get("population")
    cp = claim.context.get("population")
    if cp is None:
        return ep in ADULT
    return ep == cp


def _condition_ok(refs, claim: Claim, e) -> bool:
    """An entry scoped to one condition applies to a claim about that condition: one the
    sentence names or, when it names none, one its paragraph named just before."""
    cond = _scope(e).get("condition")
    if not cond or claim.type not in DOSE_TYPES:
        return True
    named = claim.context.get("conditions") or claim.context.get("nearby_conditions") or []
    return any(_relation(refs, c, cond) for c in named)


def _complete(refs, claim: Claim, kind: str) -> bool:
    """Open world: the set records what it knows, not everything that is so. A claim about an
    approval or indication it does not record is wrong only when the drug's file declares that
    family complete for the claim's jurisdiction (reference_claims/README.md, "Coverage")."""
    is_complete = getattr(refs, "is_complete", None)
    if is_complete is None:
        return False
    agency = claim.value.get("agency")
    lexicon = getattr(refs, "agencies", {}) or {}
    if agency in lexicon:
        jur = lexicon[agency].jurisdiction
    else:
        jur = claim.context.get("jurisdiction") or "US"
    return bool(is_complete(claim.subject, f"{kind}.{str(jur).lower()}"))


NOT_RECORDED = "not in the reference set, which does not list every approval of this drug"


def _before_first(claim: Claim, year: int, dated: list, what: str) -> tuple | None:
    """A dated claim more than a year before a recorded *first* approval (of the drug, of a
    product: `first_for_product`, or of an indication: `first_for_indication`) is impossible
    whatever else the set leaves out (reference_claims/README.md, "Coverage"). Only for a named
    agency: with none named, an earlier approval abroad may be meant."""
    c = claim.context
    if not dated or (c.get("agency_implicit") and not c.get("place_named")):
        return None
    first = min(dated, key=lambda e: int(e.value["year"]))
    ref_year = int(first.value["year"])
    if year >= ref_year - 1:
        return None
    claim.value["year_contradicted"] = True
    return (
        "contradicted",
        first,
        f"the article dates an approval of {what} to {year}; the reference records its first "
        f"approval in {ref_year}",
    )


def _unrecorded_approval_year(claim: Claim, refs, approved: list) -> tuple | None:
    """Open world, for an approval the set records: a claimed year the set does not record is
    wrong only when it comes before the first recorded approval of that product or indication;
    a later year may be another approval the set does not list. None leaves the verdict as is;
    otherwise (verdict, entry, why). Complete coverage is judged by _wrong_approval_year."""
    year = claim.value.get("year")
    if not year or claim.value.get("status") != "approved" or claim.hedged:
        return None
    if _complete(refs, claim, "approvals"):
        return None
    year = int(year)
    if claim.context.get("variant"):
        # "Suboxone film was approved in 2010": a later form of the product, judged only by
        # whether any recorded approval has that year
        if any(abs(int(e.value["year"]) - year) <= 1 for e in approved if e.value.get("year")):
            return None
        return ("unverifiable", None, "a later form, version or label change may be meant")
    product = (claim.value.get("product") or "").lower()
    claimed = claim.value.get("indications", []) or []
    dated = [e for e in approved if e.value.get("year")]
    if product:
        dated = [e for e in dated if (e.value.get("product") or "").lower() == product]
        firsts = [e for e in dated if e.value.get("first_for_product")]
        what = claim.value.get("product")
    else:
        dated = [
            e
            for e in dated
            if any(
                _relation(refs, c, x) == "same_or_narrower"
                for c in claimed
                for x in e.value.get("indications", []) or []
            )
        ]
        firsts = [e for e in dated if e.value.get("first_for_indication")]
        what = "this indication"
    if any(abs(int(e.value["year"]) - year) <= 1 for e in dated):
        return None
    drug_first = [e for e in _agency_entries(refs, claim, "first_approval") if e.value.get("year")]
    early = _before_first(claim, year, firsts, what) or _before_first(
        claim, year, drug_first, "the drug"
    )
    if early is not None:
        return early
    if dated:
        return ("unverifiable", None, NOT_RECORDED)
    return ("unverifiable", None, "the reference records this approval but not its year")


def _entries(
    refs,
    claim: Claim,
    type_: str,
    *,
    route_default: str | None = None,
    check_route: bool = True,
    check_population: bool = True,
    check_condition: bool = True,
) -> list:
    out = []
    for e in refs.find(claim.subject, type_):
        if not _jurisdiction_ok(claim, e):
            continue
        if check_condition and not _condition_ok(refs, claim, e):
            continue
        if check_population and not _population_ok(claim, e):
            continue
        if check_route and not _route_ok(claim, e, route_default):
            continue
        out.append(e)
    return out


def _mg(amount, unit) -> float:
    return float(amount) * UNIT_MG.get(str(unit).lower(), 1.0)


def _fmt(mg: float) -> str:
    if mg < 1:
        return f"{mg * 1000:g} mcg"
    return f"{mg:g} mg"


def _dose_route_default(claim: Claim) -> str | None:
    """An undeclared route is oral for milligram doses; microgram doses are not assumed oral."""
    return None if claim.value.get("unit") == "mcg" else "oral"


def _dose_blocked(claim: Claim) -> str | None:
    c = claim.context
    why = _not_judged(claim)
    if why:
        return why
    if c.get("research"):
        return "describes research or practice doses, not the label"
    if c.get("past"):
        return "describes a past situation"
    return None


# -- doses --------------------------------------------------------------------------------------


def _unit_confusion(claim: Claim, refs, said_mg: float) -> bool:
    """Milligrams where the route's label doses are micrograms ("a pump delivers 300 to 800 mg
    a day"): a figure a hundred times the route's largest reference dose is a unit mix-up, not
    a dosing choice. Sets the verdict and returns True when found."""
    route = claim.context.get("route") or ""
    if claim.value.get("unit") != "mg" or route not in INJECTED:
        return False
    # the route must be named in the sentence itself, with no oral dose beside it ("before
    # the pump I took 80 mg a day" compares two routes)
    said = claim.text.lower()
    if find_route(said) != route or ORAL.search(said):
        return False
    for type_ in ("max_daily_dose", "typical_dose"):
        # any condition: a unit slip is one whatever the patient's condition
        for e in _entries(refs, claim, type_, check_population=False, check_condition=False):
            unit = e.value.get("unit", "mg")
            if unit not in {"mcg", "µg", "ug"}:
                continue
            top = e.value.get("amount", e.value.get("max"))
            low = e.value.get("min")
            if top is None or said_mg < _mg(top, unit) * 100:
                continue
            # the figure reads as the route's microgram dose written with the wrong unit
            if not (low or top) / 2 <= said_mg <= top * 2:
                continue
            ref = f"{low:g}-{top:g} {unit}" if low is not None else f"{top:g} {unit}"
            _set(
                claim,
                "contradicted",
                e,
                f"the article gives {_fmt(said_mg)} a day by this route; the reference dose is "
                f"{ref} a day, in micrograms, not milligrams",
            )
            return True
    return False


def _check_max(claim: Claim, refs) -> None:
    why = _dose_blocked(claim)
    if why:
        return _set(claim, "unverifiable", None, why)
    if _unit_confusion(claim, refs, float(claim.value["amount_mg"])):
        return None
    entries = _entries(refs, claim, "max_daily_dose", route_default=_dose_route_default(claim))
    if not entries:
        return _set(
            claim, "unverifiable", None, "no reference maximum for this route, place and population"
        )
    e = entries[0]
    ref_mg = _mg(e.value["amount"], e.value.get("unit", "mg"))
    said = float(claim.value["amount_mg"])
    if said > ref_mg * 1.001:
        return _set(
            claim,
            "contradicted",
            e,
            f"the article gives a maximum of {_fmt(said)} a day; the reference maximum is "
            f"{_fmt(ref_mg)} a day",
        )
    if abs(said - ref_mg) <= ref_mg * 0.001:
        return _set(claim, "supported", e, f"matches the reference maximum of {_fmt(ref_mg)} a day")
    return _set(
        claim,
        "unverifiable",
        e,
        "below the reference maximum; may be a per-dose or cautious figure",
    )


def _check_typical(claim: Claim, refs) -> None:
    why = _dose_blocked(claim)
    if why:
        return _set(claim, "unverifiable", None, why)
    route = _dose_route_default(claim)
    hi = float(claim.value["max_mg"])
    lo = float(claim.value["min_mg"])
    if _unit_confusion(claim, refs, hi):
        return None
    for e in _entries(refs, claim, "max_daily_dose", route_default=route):
        ref_mg = _mg(e.value["amount"], e.value.get("unit", "mg"))
        if hi > ref_mg * 1.001 and claim.value.get("per_day_stated"):
            return _set(
                claim,
                "contradicted",
                e,
                f"the article's usual range reaches {_fmt(hi)} a day, above the reference "
                f"maximum of {_fmt(ref_mg)} a day",
            )
    for e in _entries(refs, claim, "typical_dose", route_default=route):
        unit = e.value.get("unit", "mg")
        rlo, rhi = _mg(e.value.get("min", 0), unit), _mg(e.value.get("max", 0), unit)
        if lo <= rhi * 1.001 and hi >= rlo * 0.999:
            return _set(claim, "supported", e, "overlaps the reference usual range")
    return _set(claim, "unverifiable", None, "no reference range to compare with")


def _check_starting(claim: Claim, refs) -> None:
    why = _dose_blocked(claim)
    if why:
        return _set(claim, "unverifiable", None, why)
    entries = _entries(refs, claim, "starting_dose", route_default=_dose_route_default(claim))
    if not entries:
        return _set(claim, "unverifiable", None, "no reference starting dose")
    e = entries[0]
    ref_mg = _mg(e.value["amount"], e.value.get("unit", "mg"))
    said = float(claim.value["amount_mg"])
    if abs(said - ref_mg) <= ref_mg * 0.001:
        return _set(claim, "supported", e, "matches the reference starting dose")
    if said > ref_mg * 3:
        return _set(
            claim,
            "contradicted",
            e,
            f"the article starts at {_fmt(said)}; the reference starting dose is {_fmt(ref_mg)}",
        )
    return _set(
        claim,
        "unverifiable",
        e,
        "differs from the reference starting dose, within the titration range",
    )


# -- conditions ---------------------------------------------------------------------------------


def _ancestors(refs, cid: str) -> list[str]:
    out, seen = [], set()
    cur = cid
    while cur and cur not in seen:
        seen.add(cur)
        out.append(cur)
        cond = refs.conditions.get(cur) if hasattr(refs, "conditions") else None
        cur = getattr(cond, "parent", None) if cond is not None else None
    return out


def _relation(refs, claimed: str, listed: str) -> str | None:
    """ "same_or_narrower" when the claimed condition is the listed one or a kind of it,
    "broader" when the listed condition is a kind of the claimed one, else None."""
    if listed in _ancestors(refs, claimed):
        return "same_or_narrower"
    if claimed in _ancestors(refs, listed):
        return "broader"
    return None


# -- approvals ----------------------------------------------------------------------------------


def _agency_entries(refs, claim: Claim, type_: str) -> list:
    agency = claim.value.get("agency")
    out = []
    for e in refs.find(claim.subject, type_):
        ea = e.value.get("agency")
        if agency == "any" or ea == agency:
            out.append(e)
    return out


def _check_approval(claim: Claim, refs) -> None:
    v = claim.value
    why = _not_judged(claim, hedge_blocks=v.get("status") == "approved")
    if why:
        return _set(claim, "unverifiable", None, why)
    if claim.context.get("future"):
        return _set(claim, "unverifiable", None, "speaks of a future or pending decision")
    if claim.context.get("agency_implicit") and claim.context.get("jurisdiction") == "OTHER":
        return _set(claim, "unverifiable", None, "no agency or country the reference set covers")
    entries = _agency_entries(refs, claim, "approval")
    approved = [e for e in entries if e.value.get("status") == "approved"]
    if v.get("universal") and v.get("status") == "not_approved":
        first = _agency_entries(refs, claim, "first_approval")
        hit = sorted(approved + first, key=lambda e: e.value.get("agency") != "FDA")
        if hit:
            e = hit[0]
            return _set(
                claim,
                "contradicted",
                e,
                "the article says the drug has no approval at all; the reference records an "
                "approval",
            )
        return _set(claim, "unverifiable", None, "no approval recorded to compare with")
    indications = v.get("indications") or []
    if v.get("any_use") and v.get("status") == "approved":
        none = [e for e in entries if e.value.get("status") == "not_approved" and _for_any_use(e)]
        if none and not approved:
            return _set(
                claim,
                "contradicted",
                none[0],
                "the article says the drug is approved; the reference says it is approved for "
                "no use at all",
            )
        return _set(claim, "unverifiable", None, "no indication named")
    if not indications:
        return _set(claim, "unverifiable", None, "no indication named")
    if claim.context.get("anaphoric"):
        return _set(claim, "unverifiable", None, "the indication is only referred to, not named")
    # entries that match the claim's year or product are the ones it most likely describes
    year, product = v.get("year"), (v.get("product") or "").lower()
    entries.sort(
        key=lambda e: (
            e.value.get("year") != year if year else False,
            (e.value.get("product") or "").lower() != product if product else False,
        )
    )
    verdicts = []
    for cid in indications:
        verdicts.append(_approval_for(claim, refs, cid, entries, approved))
    for verdict, e, why in verdicts:
        if verdict == "contradicted":
            return _set(claim, verdict, e, why)
    for verdict, e, why in verdicts:
        if verdict == "supported":
            wrong = _wrong_approval_year(claim, refs, approved)
            if wrong is not None:
                claim.value["year_contradicted"] = True
                return _set(
                    claim,
                    "contradicted",
                    wrong[0],
                    f"the article dates this approval to {year}; the reference records it in "
                    f"{wrong[1]}",
                )
            dated = _unrecorded_approval_year(claim, refs, approved)
            if dated is not None:
                return _set(claim, *dated)
            return _set(claim, verdict, e, why)
    return _set(claim, "unverifiable", None, verdicts[0][2] if verdicts else "nothing to compare")


def _wrong_approval_year(claim: Claim, refs, approved: list) -> tuple | None:
    """The recorded approval nearest to the claimed year, and all the recorded years, when every
    recorded approval of the claimed indication (and product, if named) is dated and none is
    within a year of the claim (approval, announcement and launch can fall in neighbouring
    years); else None."""
    year = claim.value.get("year")
    if not year or claim.value.get("status") != "approved" or claim.hedged:
        return None
    if claim.context.get("variant"):
        return None  # "Suboxone film was approved in 2010": a later form of the product
    if not _complete(refs, claim, "approvals"):
        return None  # another approval of the same indication may be the one meant
    product = (claim.value.get("product") or "").lower()
    same = []
    for e in approved:
        if product and (e.value.get("product") or "").lower() != product:
            continue
        listed = e.value.get("indications", []) or []
        if any(_relation(refs, c, x) for c in claim.value.get("indications", []) for x in listed):
            same.append(e)
    if not same or any(not e.value.get("year") for e in same):
        return None
    nearest = min(same, key=lambda e: abs(int(e.value["year"]) - int(year)))
    if abs(int(nearest.value["year"]) - int(year)) <= 1:
        return None
    dated = sorted(
        {
            f"{e.value['year']} ({e.value['product']})"
            if e.value.get("product")
            else str(e.value["year"])
            for e in same
        }
    )
    return nearest, " and ".join(dated)


def _for_any_use(entry) -> bool:
    """A `not_approved` entry with no indications: not approved for any use (README)."""
    return not entry.value.get("indications")


def _approval_for(claim: Claim, refs, cid: str, entries: list, approved: list):
    status = claim.value.get("status")
    name = claim.value.get("condition_names", {}).get(cid, cid.replace("_", " "))
    for e in entries:
        if e.value.get("status") == "not_approved" and _for_any_use(e):
            if status == "approved":
                return (
                    "contradicted",
                    e,
                    f"the article says it is approved for {name}; the reference says it is "
                    "approved for no use at all",
                )
            return "supported", e, "the reference says it is approved for no use"
        for listed in e.value.get("indications", []) or []:
            rel = _relation(refs, cid, listed)
            if rel is None:
                continue
            es = e.value.get("status")
            if es == "approved":
                if status == "approved":
                    return "supported", e, "the reference records this approval"
                if rel == "same_or_narrower" and not claim.value.get("off_label"):
                    return (
                        "contradicted",
                        e,
                        f"the article says it is not approved for {name}; the reference records "
                        f"an approval",
                    )
                return "unverifiable", e, "broader or off-label wording"
            if es in {"not_approved", "withdrawn"}:
                if status == "approved" and rel == "same_or_narrower":
                    return (
                        "contradicted",
                        e,
                        f"the article says it is approved for {name}; the reference says it is not",
                    )
                if status == "not_approved":
                    return "supported", e, "the reference says it is not approved for this"
            if es == "temporary_authorisation" and status == "approved":
                return "supported", e, "a temporary authorisation is recorded"
    # a labelled indication for another route or product ("intrathecal ... cerebral palsy")
    for e in refs.find(claim.subject, "indication"):
        if not _jurisdiction_ok(claim, e):
            continue
        if e.value.get("status") == "indicated" and _relation(
            refs, cid, e.value.get("condition", "")
        ):
            if status == "approved" and (claim.context.get("route") is None or _route_ok(claim, e)):
                return "supported", e, "the label covers this condition"
            return "unverifiable", e, "the label covers this condition for some products"
    if claim.context.get("route"):
        approved = [e for e in approved if _route_ok(claim, e)]
    if not _complete(refs, claim, "approvals"):
        approved = []  # open world: an unlisted indication is not known to be unapproved
    # complete coverage: the agency's approval entries list every approved indication
    if approved and status == "approved" and not claim.value.get("off_label") and not claim.hedged:
        e = approved[0]
        return (
            "contradicted",
            e,
            (
                f"the article says it is approved for {name}; the reference lists the approved "
                "indications and this is not one of them"
            ),
        )
    if approved and status == "not_approved":
        return "supported", approved[0], "not among the approved indications in the reference"
    for e in refs.find(claim.subject, "indication"):
        if (
            _relation(refs, cid, e.value.get("condition", "")) == "same_or_narrower"
            and e.value.get("status") in {"not_indicated", "not_recommended"}
            and status == "not_approved"
        ):
            return "supported", e, "the reference says the label does not cover this"
    return "unverifiable", None, "no reference entry for this agency and indication"


_GRANTED = {"approved", "temporary_authorisation"}


def _same_product(entry, product: str | None) -> bool:
    """Whether an entry can describe the named product: it names that product or none."""
    named = (entry.value.get("product") or "").lower()
    return not product or not named or named == product.lower()


def _check_first_approval(claim: Claim, refs) -> None:
    why = _not_judged(claim)
    if why:
        return _set(claim, "unverifiable", None, why)
    if claim.context.get("agency_implicit") and claim.context.get("jurisdiction") != "US":
        return _set(claim, "unverifiable", None, "not a US statement")
    year = int(claim.value["year"])
    firsts = _agency_entries(refs, claim, "first_approval")
    years = {int(e.value["year"]): e for e in firsts if e.value.get("year")}
    for e in _agency_entries(refs, claim, "approval"):
        if e.value.get("year") and e.value.get("status") in {"approved", "temporary_authorisation"}:
            years.setdefault(int(e.value["year"]), e)
    product = claim.value.get("product")
    exact = [
        e
        for e in firsts + _agency_entries(refs, claim, "approval")
        if e.value.get("year")
        and int(e.value["year"]) == year
        and (e.type == "first_approval" or e.value.get("status") in _GRANTED)
        and _same_product(e, product)
    ]
    if exact:
        return _set(claim, "supported", exact[0], "matches a recorded approval year")
    if product:
        same = [
            e
            for e in firsts + _agency_entries(refs, claim, "approval")
            if (e.value.get("product") or "").lower() == product.lower() and e.value.get("year")
        ]
        if not same:
            return _set(claim, "unverifiable", None, f"no reference year for {product}")
        if claim.context.get("variant"):
            return _set(
                claim, "unverifiable", None, "a later form, version or label change may be meant"
            )
        if not _complete(refs, claim, "approvals") and not (
            claim.value.get("first") and any(x.type == "first_approval" for x in same)
        ):
            # open world: the product may have another approval (a new indication, an OTC
            # switch) the set does not record; only a year before its first one is wrong
            granted = [
                x for x in same if x.type == "first_approval" or x.value.get("first_for_product")
            ]
            early = _before_first(claim, year, granted, product)
            if early is not None:
                return _set(claim, *early)
            return _set(claim, "unverifiable", None, NOT_RECORDED)
        e = same[0]
        ref_year = int(e.value["year"])
        if abs(ref_year - year) > 1:
            return _set(
                claim,
                "contradicted",
                e,
                f"the article dates the approval of {product} to {year}; the reference says "
                f"{ref_year}",
            )
        return _set(claim, "unverifiable", e, "within a year of the recorded approval")
    if not claim.value.get("first") and firsts and not _complete(refs, claim, "approvals"):
        dated = [e for e in firsts if e.value.get("year")]
        early = (
            None
            if claim.context.get("qualified")
            else _before_first(claim, year, dated, "the drug")
        )
        if early is not None:
            return _set(claim, *early)
        return _set(claim, "unverifiable", None, NOT_RECORDED)
    if not claim.value.get("first") and firsts and not claim.context.get("qualified"):
        # "approved by the FDA in 1996": no recorded approval of the drug, for any product or
        # indication, falls within a year of it
        nearest = min(years, key=lambda y: abs(y - year))
        if abs(nearest - year) > 1:
            known = ", ".join(str(y) for y in sorted(years))
            return _set(
                claim,
                "contradicted",
                years[nearest],
                f"the article dates an approval to {year}; the reference records approvals in "
                f"{known}",
            )
        return _set(claim, "unverifiable", years[nearest], "within a year of a recorded approval")
    if not claim.value.get("first") or not firsts:
        return _set(
            claim,
            "unverifiable",
            None,
            "a later approval (another product or indication) may be meant",
        )
    e = firsts[0]
    ref_year = int(e.value["year"])
    if abs(ref_year - year) <= 1:
        return _set(
            claim, "unverifiable", e, "within a year of the recorded approval (approval vs launch)"
        )
    c = claim.context
    if c.get("agency_implicit") and not c.get("place_named") and year < ref_year:
        # "first approved in 1970" with no agency or country: an earlier approval elsewhere
        # may be meant; only a year after the US first approval is wrong everywhere
        return _set(claim, "unverifiable", e, "an earlier approval in another country may be meant")
    return _set(
        claim,
        "contradicted",
        e,
        f"the article dates the first approval to {year}; the reference says {ref_year}",
    )


# -- schedules ----------------------------------------------------------------------------------


def _check_schedule(claim: Claim, refs) -> None:
    why = _not_judged(claim)
    if why:
        return _set(claim, "unverifiable", None, why)
    if (claim.context.get("jurisdiction") or "US") != "US":
        # other countries number their schedules differently (Australia's "Schedule 4" is
        # prescription-only): only the US federal schedule is compared
        return _set(claim, "unverifiable", None, "not a US federal schedule statement")
    if claim.context.get("level") == "state":
        return _set(
            claim, "unverifiable", None, "a state-level statement; the reference is federal"
        )
    entries = [
        e
        for e in _entries(refs, claim, "schedule", check_route=False)
        if (_scope(e).get("level") or "federal") == "federal"
    ]
    if not entries:
        return _set(claim, "unverifiable", None, "no reference schedule for this place")
    e = entries[0]
    named = claim.context.get("formulations") or []
    specific = [x for x in entries if _scope(x).get("formulation") in named]
    if specific:
        # "the prescription form of GHB is Schedule III": judged against that product's entry
        said = claim.value.get("schedule")
        entries = specific
        e = next((x for x in specific if x.value.get("schedule") == said), specific[0])
    elif not claim.negated and all(
        (_scope(x).get("formulation") or "any") != "any" for x in entries
    ):
        # only product-specific schedules (codeine: II alone, III combined, V in cough mixtures):
        # a claim that names no product may mean any of them (reference_claims/README.md)
        e = next((x for x in entries if x.value.get("schedule") == claim.value.get("schedule")), e)
    ref = e.value
    controlled = bool(ref.get("controlled"))
    ref_sched = ref.get("schedule")
    previous = [p.get("schedule") for p in ref.get("previous", []) or []]
    said = claim.value.get("schedule")
    past = claim.context.get("past") or claim.value.get("until")
    if past:
        if said and said in previous:
            return _set(claim, "supported", e, "matches a former schedule in the reference")
        return _set(claim, "unverifiable", None, "describes a past status")
    if claim.negated:
        if said:
            if controlled and said == ref_sched:
                return _set(
                    claim,
                    "contradicted",
                    e,
                    f"the article says it is not Schedule {said}; the reference says it is",
                )
            return _set(claim, "supported", e, "consistent with the reference schedule")
        if controlled:
            return _set(
                claim,
                "contradicted",
                e,
                "the article says it is not controlled; the reference says it is",
            )
        return _set(claim, "supported", e, "the reference also says it is not controlled")
    if not controlled:
        what = (
            f"Schedule {said}"
            if said
            else ("a narcotic" if claim.value.get("narcotic") else "a controlled substance")
        )
        return _set(
            claim,
            "contradicted",
            e,
            f"the article calls it {what}; the reference says it is not federally controlled",
        )
    if said and ref_sched and said != ref_sched:
        extra = " (a former schedule)" if said in previous else ""
        return _set(
            claim,
            "contradicted",
            e,
            f"the article says Schedule {said}{extra}; the reference says Schedule {ref_sched}",
        )
    return _set(claim, "supported", e, "consistent with the reference schedule")


# -- indications, warnings, pharmacokinetics ----------------------------------------------------


def _check_indication(claim: Claim, refs) -> None:
    why = _not_judged(claim, hedge_blocks=False)
    if why:
        return _set(claim, "unverifiable", None, why)
    c = claim.context
    if c.get("past"):
        return _set(
            claim,
            "unverifiable",
            None,
            "describes what the drug was meant for or used for in the past",
        )
    cid = claim.value["condition"]
    mode = claim.value.get("mode", "practice")
    name = claim.value.get("condition_text") or cid.replace("_", " ")
    matches = []
    for e in _entries(refs, claim, "indication", route_default=None, check_route=False):
        if not _route_ok(claim, e, "oral") and (_scope(e).get("route") or "any") != "any":
            continue
        rel = _relation(refs, cid, e.value.get("condition", ""))
        if rel == "same_or_narrower":
            matches.append(e)
    if not matches:
        return _set(claim, "unverifiable", None, "no reference indication entry for this condition")
    e = matches[0]
    status = e.value.get("status")
    if status == "indicated":
        if not claim.negated:
            return _set(claim, "supported", e, "the label covers this condition")
        if mode == "label" and not claim.hedged:
            return _set(
                claim,
                "contradicted",
                e,
                f"the article says it is not indicated for {name}; the label says it is",
            )
        return _set(claim, "unverifiable", e, "a negative statement about a labelled use")
    if claim.negated:
        return _set(claim, "supported", e, "the reference also says the label does not cover this")
    if c.get("research"):
        return _set(claim, "unverifiable", e, "describes research, not a recommendation")
    if status == "not_recommended" or (
        status == "not_indicated" and (mode == "label" or e.value.get("off_label_use") is False)
    ):
        if claim.hedged and status == "not_indicated" and mode == "label":
            return _set(claim, "unverifiable", e, "hedged")
        return _set(
            claim,
            "contradicted",
            e,
            f"the article presents it as a treatment for {name}; the reference says it is not "
            f"indicated for it",
        )
    return _set(claim, "unverifiable", e, "off-label use is not a label claim")


def _check_boxed(claim: Claim, refs) -> None:
    why = _not_judged(claim)
    if why:
        return _set(claim, "unverifiable", None, why)
    if claim.context.get("past"):
        return _set(claim, "unverifiable", None, "describes the label's history")
    entries = _entries(refs, claim, "boxed_warning", check_route=False)
    route = claim.context.get("route")
    if route:
        entries = [e for e in entries if _route_ok(claim, e)]
    elif len({bool(e.value.get("present")) for e in entries}) > 1:
        return _set(
            claim, "unverifiable", None, "the answer depends on the route, and none is named"
        )
    if not entries:
        return _set(claim, "unverifiable", None, "no reference entry for this route")
    e = entries[0]
    if bool(e.value.get("present")) == bool(claim.value.get("present")):
        return _set(claim, "supported", e, "consistent with the label")
    if claim.value.get("present"):
        removed = e.value.get("removed")
        if removed:
            # true once, no longer: outdated rather than invented
            claim.context["outdated"] = True
            return _set(
                claim,
                "contradicted",
                e,
                f"the article says the drug carries this boxed warning; the FDA removed it in "
                f"{removed}",
            )
        return _set(
            claim,
            "contradicted",
            e,
            "the article says there is a boxed warning; the label has none",
        )
    return _set(
        claim, "contradicted", e, "the article says there is no boxed warning; the label has one"
    )


def _check_elimination(claim: Claim, refs) -> None:
    why = _not_judged(claim)
    if why:
        return _set(claim, "unverifiable", None, why)
    entries = _entries(refs, claim, "elimination", check_route=False, check_population=False)
    if not entries:
        return _set(claim, "unverifiable", None, "no reference entry")
    e = entries[0]
    same = e.value.get("primary") == claim.value.get("primary")
    if same != claim.negated:
        return _set(claim, "supported", e, "consistent with the reference")
    return _set(
        claim,
        "contradicted",
        e,
        f"the reference says elimination is mainly {e.value.get('primary')}",
    )


def _check_half_life(claim: Claim, refs) -> None:
    why = _not_judged(claim)
    if why:
        return _set(claim, "unverifiable", None, why)
    if claim.context.get("population") or claim.context.get("research"):
        return _set(claim, "unverifiable", None, "a special population or study")
    entries = _entries(refs, claim, "half_life", check_route=False)
    if not entries:
        return _set(claim, "unverifiable", None, "no reference entry")
    e = entries[0]
    rlo, rhi = float(e.value["min_hours"]), float(e.value["max_hours"])
    lo, hi = float(claim.value["min_hours"]), float(claim.value["max_hours"])
    if lo <= rhi * 1.25 and hi >= rlo * 0.8:
        return _set(claim, "supported", e, "within the accepted range")
    if lo > rhi * 1.5 or hi < rlo * 0.5:
        return _set(claim, "contradicted", e, f"the reference range is {rlo:g}-{rhi:g} hours")
    return _set(claim, "unverifiable", e, "near the edge of the accepted range")


# -- drug classes and history --------------------------------------------------------------------


def _class_entry(claim: Claim, refs):
    """The reference's class for the claim's drug: a `drug_class` entry when the set has one,
    else the drug file's `class`, quoted with the source of the drug's label entry."""
    found = refs.find(claim.subject, "drug_class")
    if found:
        e = found[0]
        return e, str(e.value.get("class") or "")
    drug = getattr(refs, "drugs", {}).get(claim.subject)
    cls = getattr(drug, "drug_class", None) if drug is not None else None
    if not cls:
        return None, ""
    label = [
        e
        for t in ("indication", "first_approval", "approval")
        for e in refs.find(claim.subject, t)
        if (_scope(e).get("jurisdiction") or "US") == "US"
    ]
    if not label:
        return None, ""
    from .reference import RefEntry

    src = label[0]
    name = drug.name[:1].upper() + drug.name[1:]
    article = "an" if cls[:1].lower() in "aeiou" else "a"
    entry = RefEntry(
        id=f"{claim.subject}.class",
        subject=claim.subject,
        type="drug_class",
        statement=f"{name} is {article} {cls} (its label gives the pharmacological class).",
        sources=list(src.sources),
        retrieved=src.retrieved,
        value={"class": cls},
        severity="medium",
    )
    return entry, cls


def _check_drug_class(claim: Claim, refs) -> None:
    why = _not_judged(claim)
    if why:
        return _set(claim, "unverifiable", None, why)
    if claim.context.get("past"):
        return _set(claim, "unverifiable", None, "describes a past classification")
    spec = next((c for c in lexicon().classes if c.name == claim.value.get("class")), None)
    entry, cls = _class_entry(claim, refs)
    if spec is None or entry is None:
        return _set(claim, "unverifiable", None, "no reference class for this drug")
    low = cls.lower()
    if any(u in low for u in spec.unsure):
        return _set(claim, "unverifiable", entry, "the class overlaps the reference class")
    holds = any(h in low for h in spec.holds)
    word = spec.name.replace("_", " ")
    if holds != claim.negated:
        return _set(claim, "supported", entry, "consistent with the reference class")
    if claim.negated:
        return _set(
            claim, "contradicted", entry, f"the article says it is not {_a(word)}; it is a {cls}"
        )
    return _set(
        claim,
        "contradicted",
        entry,
        f"the article calls it {_a(word)}; the reference class is {cls}",
    )


def _a(word: str) -> str:
    return f"{'an' if word[:1] in 'aeiou' else 'a'} {word}"


def _same_place(claim: Claim, e) -> bool | None:
    """True when the claim's place is the entry's, False when it names another, None when the
    claim names no place."""
    place = claim.value.get("place")
    if not place:
        return None
    said = claim.value.get("place_text") or ""
    listed = str(e.value.get("place") or "").lower()
    if not listed:
        return None
    if listed in said:
        return True
    code = find_jurisdiction(listed)
    return bool(code and code != "OTHER" and code == place)


def _check_history(claim: Claim, refs) -> None:
    why = _not_judged(claim)
    if why:
        return _set(claim, "unverifiable", None, why)
    event, year = claim.value.get("event"), int(claim.value["year"])
    entries = [e for e in refs.find(claim.subject, "history") if e.value.get("event") == event]
    if not entries:
        return _set(claim, "unverifiable", None, "no reference date for this event")
    for e in entries:
        same = _same_place(claim, e)
        if same is False:
            continue
        if same is None and event in {"first_authorised", "first_marketed"}:
            continue  # a first authorisation elsewhere may be meant
        ref_year = int(e.value["year"])
        if abs(ref_year - year) <= 1:
            return _set(claim, "supported", e, "matches the recorded date")
        what = event.replace("_", " ").replace("first ", "first ")
        return _set(
            claim,
            "contradicted",
            e,
            f"the article dates this ({what}) to {year}; the reference says {ref_year}",
        )
    return _set(claim, "unverifiable", None, "the reference records this event elsewhere")


CHECKS: dict[str, Callable[[Claim, object], None]] = {
    "max_daily_dose": _check_max,
    "typical_dose": _check_typical,
    "starting_dose": _check_starting,
    "approval": _check_approval,
    "first_approval": _check_first_approval,
    "schedule": _check_schedule,
    "indication": _check_indication,
    "boxed_warning": _check_boxed,
    "elimination": _check_elimination,
    "half_life": _check_half_life,
    "drug_class": _check_drug_class,
    "history": _check_history,
}
