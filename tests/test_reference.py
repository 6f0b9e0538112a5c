"""The bundled reference set: it loads fast, every entry is sourced, and the facts that
articles most often get wrong are encoded with the scope that keeps correct claims unflagged."""

from __future__ import annotations

import re
import tomllib
from datetime import date

import pytest

from bacaudit.reference import (
    LexiconTerm,
    RefEntry,
    ReferenceSet,
    default_reference_dir,
    entries_as_rows,
    load_reference_set,
)
from reference_helpers import copy_set


def test_bundled_set_version_comes_from_set_toml(refs: ReferenceSet) -> None:
    declared = tomllib.loads((default_reference_dir() / "set.toml").read_text())["version"]
    assert refs.version == declared
    assert re.fullmatch(r"\d{4}\.\d{2}\.\d{2}", refs.version)


def test_every_entry_is_sourced_dated_and_stated(refs: ReferenceSet) -> None:
    assert len(refs.entries) >= 100
    today = date.today()
    for e in refs.entries:
        assert e.sources and all(s.startswith(("http://", "https://")) for s in e.sources), e.id
        assert date.fromisoformat(e.retrieved) <= today, e.id
        assert e.statement.endswith("."), e.id
        assert len(e.statement) < 300, e.id
        assert e.id.startswith(f"{e.subject}.{e.type}"), e.id
        assert e.subject in refs.drugs, e.id


def test_at_least_twenty_drugs_have_fda_status_and_schedule(refs: ReferenceSet) -> None:
    both = [
        d
        for d in refs.drugs
        if any(e.value["agency"] == "FDA" for e in refs.find(d, "approval"))
        and any(e.value["authority"] == "DEA" for e in refs.find(d, "schedule"))
    ]
    assert len(both) >= 20, sorted(both)


# --- the baclofen facts ----------------------------------------------------------------------


def test_baclofen_us_oral_maximum_is_80_mg(refs: ReferenceSet) -> None:
    (entry,) = refs.select("baclofen", "max_daily_dose", route="oral", jurisdiction="US")
    assert refs.to_mg(entry.value["amount"], entry.value["unit"]) == 80
    assert entry.value["period"] == "day"
    assert "300" in (entry.notes or "")  # the research-dose trap is written down


def test_baclofen_maximum_depends_on_jurisdiction_and_population(refs: ReferenceSet) -> None:
    (fr,) = refs.select("baclofen", "max_daily_dose", jurisdiction="FR")
    assert fr.value["amount"] == 80
    au = refs.select("baclofen", "max_daily_dose", jurisdiction="AU", population="hospitalised")
    assert [e.value["amount"] for e in au] == [100]
    assert refs.select("baclofen", "max_daily_dose", jurisdiction="AU", population="adult") == []


def test_french_300_mg_recommendation_is_historical(refs: ReferenceSet) -> None:
    rtu = refs.get("baclofen.approval.aud.fr.rtu")
    assert rtu is not None and rtu.historical and rtu.value["until"] >= 2017
    current = refs.select("baclofen", "approval", jurisdiction="FR")
    assert rtu not in current
    assert [e.value["product"] for e in current] == ["Baclocur"]
    assert rtu in refs.select("baclofen", "approval", jurisdiction="FR", current_only=False)


def test_baclofen_is_not_fda_approved_for_any_substance_use_disorder(refs: ReferenceSet) -> None:
    us = refs.select("baclofen", "approval", jurisdiction="US")
    not_approved = [e for e in us if e.value["status"] == "not_approved"]
    assert len(not_approved) == 1
    assert {"alcohol_use_disorder", "substance_use_disorder"} <= set(
        not_approved[0].value["indications"]
    )
    approved = {c for e in us if e.value["status"] == "approved" for c in e.value["indications"]}
    assert "spasticity" in approved
    assert not any(refs.condition_is_a(c, "substance_use_disorder") for c in approved)


def test_intrathecal_baclofen_is_in_micrograms_with_its_own_boxed_warning(
    refs: ReferenceSet,
) -> None:
    doses = refs.select("baclofen", "typical_dose", route="intrathecal")
    assert doses and all(e.value["unit"] == "mcg" for e in doses)
    spinal = refs.get("baclofen.typical_dose.intrathecal.spinal")
    assert spinal is not None
    assert refs.to_mg(spinal.value["max"], spinal.value["unit"]) == pytest.approx(0.8)
    (it_box,) = refs.select("baclofen", "boxed_warning", route="intrathecal")
    (oral_box,) = refs.select("baclofen", "boxed_warning", route="oral")
    assert it_box.value["present"] is True
    assert oral_box.value["present"] is False


def test_baclofen_not_controlled_and_not_for_epilepsy(refs: ReferenceSet) -> None:
    (us,) = refs.select("baclofen", "schedule", jurisdiction="US")
    assert us.value["controlled"] is False and "schedule" not in us.value
    status = {e.value["condition"]: e.value["status"] for e in refs.find("baclofen", "indication")}
    assert status["epilepsy"] == "not_recommended"  # the label warns about seizures
    assert status["rheumatic_disorders"] == "not_indicated"
    assert status["back_pain"] == "not_indicated"
    assert status["spasticity"] == "indicated"
    (elim,) = refs.find("baclofen", "elimination")
    assert elim.value["primary"] == "renal"
    (hl,) = refs.find("baclofen", "half_life")
    assert hl.value["min_hours"] <= 4 and hl.value["max_hours"] < 12


def test_schedules_that_depend_on_the_formulation(refs: ReferenceSet) -> None:
    def sched(drug: str, **scope: str) -> set[str]:
        return {e.value["schedule"] for e in refs.select(drug, "schedule", **scope)}

    assert sched("ghb", formulation="single_entity") == {"I"}
    assert sched("ghb", formulation="fda_approved_product") == {"I", "III"}
    assert sched("codeine", formulation="single_entity") == {"II"}
    # by strength: III up to 90 mg per unit, V at no more than 200 mg per 100 mL (1308.15(c))
    assert sched("codeine", formulation="combination") == {"III", "V"}
    assert sched("codeine", formulation="cough_preparation") == {"V"}
    assert sched("pregabalin") == {"V"}
    assert sched("buprenorphine") == {"III"}
    (gaba,) = refs.find("gabapentin", "schedule")
    assert gaba.value["controlled"] is False and gaba.scope["level"] == "federal"
    (bup,) = refs.find("buprenorphine", "schedule")
    assert bup.value["previous"] == [{"schedule": "V", "until": 2002}]


def test_no_entry_for_what_the_research_could_not_verify(refs: ReferenceSet) -> None:
    assert refs.find("vigabatrin", "schedule") == []
    kemstro = refs.get("baclofen.product.kemstro.us")
    assert kemstro is not None and "year" not in kemstro.value


# --- look-ups ----------------------------------------------------------------------------------


def test_names_and_brands_resolve_to_drugs(refs: ReferenceSet) -> None:
    assert refs.drug_for_name("Lioresal").id == "baclofen"
    assert refs.drug_for_name("  GABLOFEN ").id == "baclofen"
    assert refs.drug_for_name("Suboxone").id == "buprenorphine_naloxone"
    assert refs.drug_for_name("Subutex").id == "buprenorphine"
    assert refs.drug_for_name("Xyrem").id == "sodium_oxybate"
    assert refs.drug_for_name("aspirin") is None
    assert refs.condition_for_name("Alcoholism").id == "alcohol_use_disorder"
    assert refs.agency_for_name("Drug Enforcement Administration").id == "DEA"


def test_conditions_form_a_hierarchy(refs: ReferenceSet) -> None:
    assert refs.condition_is_a("alcohol_use_disorder", "substance_use_disorder")
    assert refs.condition_is_a("infantile_spasms", "epilepsy")
    assert not refs.condition_is_a("spasticity", "epilepsy")
    assert refs.condition_ancestors("back_pain") == ["back_pain", "musculoskeletal_conditions"]


def test_units_convert_to_milligrams(refs: ReferenceSet) -> None:
    assert refs.to_mg(300, "mcg") == pytest.approx(0.3)
    assert refs.to_mg(300, "micrograms") == pytest.approx(0.3)
    assert refs.to_mg(2, "µg") == pytest.approx(0.002)
    assert refs.to_mg(1.5, "Grams") == pytest.approx(1500)
    assert refs.unit_for_name("Milligrams") == "mg"
    assert refs.unit_for_name("tablespoons") is None
    with pytest.raises(KeyError):
        refs.to_mg(1, "tablespoons")


def test_entry_views(refs: ReferenceSet) -> None:
    entry = refs.get("baclofen.max_daily_dose.oral.us")
    assert isinstance(entry, RefEntry)
    ref = entry.to_ref()
    assert (ref.id, ref.statement, ref.source_url) == (entry.id, entry.statement, entry.sources[0])
    assert ref.retrieved == entry.retrieved
    full = entry.to_dict()
    assert full["sources"] == entry.sources and full["file"] == "drugs/baclofen.toml"
    assert full["value"]["amount"] == 80
    (row,) = entries_as_rows([entry])
    assert set(row) == {"id", "subject", "type", "statement", "source_url", "retrieved"}
    assert entry in refs.entries_for("baclofen")
    assert refs.get("no.such.entry") is None


# --- the NLP lexicon ---------------------------------------------------------------------------


def test_lexicon_covers_drugs_brands_conditions_and_agencies(refs: ReferenceSet) -> None:
    terms = refs.lexicon()
    assert all(isinstance(t, LexiconTerm) for t in terms)
    index = {(t.label, t.text): t for t in terms}
    assert index[("DRUG", "Gablofen")].id == "baclofen"
    assert index[("DRUG", "naltrexone")].id == "naltrexone"
    assert index[("CONDITION", "alcohol dependence")].id == "alcohol_use_disorder"
    assert index[("CONDITION", "back-related conditions")].id == "back_pain"
    assert index[("AGENCY", "Food and Drug Administration")].id == "FDA"
    assert index[("AGENCY", "ANSM")].id == "ANSM"
    assert index[("AGENCY", "WHO")].case_sensitive
    assert index[("CONDITION", "MS")].case_sensitive
    assert not index[("DRUG", "baclofen")].case_sensitive
    assert len(index) == len(terms)  # no duplicates


def test_a_new_drug_file_extends_the_lexicon_without_code_changes(tmp_path) -> None:
    refs_dir = copy_set(tmp_path)
    (refs_dir / "drugs" / "zeltrabine.toml").write_text(
        '[drug]\nid = "zeltrabine"\nnames = ["zeltrabine", "ZLT-42"]\n'
        'brands = ["Quorvant"]\n\n'
        "[[entries]]\n"
        'id = "zeltrabine.schedule.us"\ntype = "schedule"\n'
        'statement = "Zeltrabine is not a controlled substance."\n'
        'sources = ["https://example.org/zeltrabine"]\nretrieved = "2026-01-02"\n'
        'value = { controlled = false, authority = "DEA" }\nscope = {}\n',
        encoding="utf-8",
    )
    refs = load_reference_set(refs_dir)
    terms = {(t.label, t.text, t.id) for t in refs.lexicon()}
    assert ("DRUG", "Quorvant", "zeltrabine") in terms
    assert ("DRUG", "ZLT-42", "zeltrabine") in terms
    assert refs.drug_for_name("quorvant").id == "zeltrabine"
    assert [e.id for e in refs.find("zeltrabine", "schedule")] == ["zeltrabine.schedule.us"]


def test_readme_documents_every_type_field_and_scope_value() -> None:
    from bacaudit.reference_schema import SCOPE_DEFAULTS, SCOPE_VOCAB, TYPES

    readme = (default_reference_dir() / "README.md").read_text(encoding="utf-8")
    rows = {
        line.split("|")[1].strip(" `"): line
        for line in readme.splitlines()
        if line.startswith("| `")
    }
    for type_name, spec in TYPES.items():
        assert type_name in rows, f"claim type {type_name} missing from the README table"
        for field_name in spec:
            assert f"`{field_name}`" in rows[type_name], f"{type_name}.{field_name} undocumented"
    for scope_field in SCOPE_DEFAULTS:
        assert f"| `{scope_field}` |" in readme, f"scope field {scope_field} undocumented"
    for scope_field, values in SCOPE_VOCAB.items():
        (row,) = [line for line in readme.splitlines() if line.startswith(f"| `{scope_field}` |")]
        for v in values:
            assert v in row, f"scope.{scope_field} value {v} undocumented"
