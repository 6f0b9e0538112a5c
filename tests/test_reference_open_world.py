"""The open-world reference set: a claim is contradicted only when an entry positively records
something incompatible; what the set does not record is unverifiable unless the drug declares
that coverage complete. True sentences that real pages print (and that a closed-world set used to
flag) must not be contradicted; their false twins (wrong year, wrong schedule) must be."""

from __future__ import annotations

import copy
import dataclasses

import pytest

from bacaudit.cli import main
from bacaudit.reference import validate_reference_dir
from bacaudit.verify import verify_claims
from claims_helpers import article_from_text
from reference_helpers import copy_set, replace_in

# True statements, each paired with a false twin and the entry that must contradict the twin.
PAIRS = [
    (
        "Narcan nasal spray was approved by the FDA in 2015.",
        "The FDA approved Narcan nasal spray in 2011.",
        "naloxone.approval.nasal_prescription.us",
    ),
    (
        "Butrans, a buprenorphine patch, was approved in 2010 for chronic pain.",
        "The FDA approved Butrans for chronic pain in 2004.",
        "buprenorphine.approval.pain.transdermal.us",
    ),
    (
        "The FDA approved pregabalin for fibromyalgia in 2007.",
        "The FDA approved pregabalin for fibromyalgia in 2001.",
        "pregabalin.approval.fibromyalgia.us",
    ),
    (
        "Methadone was approved for the treatment of opioid addiction in 1972.",
        "The FDA approved methadone for opioid addiction in 1962.",
        "methadone.approval.oud.year.us",
    ),
    (
        "Contrave (naltrexone/bupropion) was approved by the FDA in 2014.",
        "Contrave was approved by the FDA in 2004.",
        "naltrexone_bupropion.first_approval.us",
    ),
    (
        "Qsymia is a Schedule IV controlled substance.",
        "Qsymia is a Schedule II controlled substance.",
        "phentermine_topiramate.schedule.us",
    ),
    (
        "Lumryz was approved by the FDA in 2023.",
        "Lumryz was approved by the FDA in 2015.",
        "sodium_oxybate.approval.lumryz.us",
    ),
    (
        "Epidural clonidine is FDA-approved for cancer pain.",
        "Clonidine is a Schedule II controlled substance.",
        "clonidine.schedule.us",
    ),
    (
        "Diazepam is FDA-approved for preoperative sedation.",
        "Diazepam is a Schedule II drug.",
        "diazepam.schedule.us",
    ),
    (
        "A codeine liquid with no more than 200 mg per 100 mL is Schedule V.",
        "Low-strength codeine cough syrups are Schedule II.",
        "codeine.schedule.cough_preparation.us",
    ),
    (
        "Suboxone has no boxed warning.",
        "Suboxone carries a boxed warning.",
        "buprenorphine_naloxone.boxed_warning",
    ),
    (
        "The FDA approved Brixadi for opioid use disorder in 2023.",
        "The FDA approved Brixadi for opioid use disorder in 2013.",
        "buprenorphine.approval.oud.brixadi.us",
    ),
    (
        "Marijuana remains a Schedule I drug.",
        "Marijuana is a Schedule II drug.",
        "cannabis.schedule.us",
    ),
    (
        "Kratom is not a federally controlled substance.",
        "Kratom is a Schedule I controlled substance.",
        "kratom.schedule.us",
    ),
    (
        "Ketamine is a Schedule III controlled substance.",
        "Fentanyl is a Schedule I drug.",
        "fentanyl.schedule.us",
    ),
]

# Other true statements about the new drugs and combination products.
CORRECT = [
    "Topiramate is not a controlled substance.",
    "Zubsolv was approved by the FDA in 2013.",
    "Xywav was approved by the FDA in 2020.",
    "Nalmefene is not a controlled substance.",
    "Sublocade carries a boxed warning about intravenous injection.",
    "The FDA approved Narcan nasal spray for over-the-counter sale in 2023.",
    "Kloxxado was approved by the FDA in 2021.",
    "The FDA approved Probuphine for opioid dependence in 2016.",
    "Pregabalin was approved for spinal cord injury pain in 2012.",
    "Semaglutide has been studied for alcohol use disorder.",
]

# Classic errors about the new subjects, with the entry that must say why.
WRONG = [
    ("Ibogaine is FDA-approved for opioid addiction.", "ibogaine.approval.us"),
    ("Semaglutide is FDA-approved for alcohol use disorder.", "semaglutide.approval.aud.us"),
    ("Tianeptine is FDA-approved for depression.", "tianeptine.approval.us"),
    ("Heroin is a Schedule II drug.", "heroin.schedule.us"),
    ("Lorazepam is a Schedule II controlled substance.", "lorazepam.schedule.us"),
]


def _contradicted(auditor, sentence: str) -> list:
    result = auditor.audit_article(article_from_text(f"Note\n\n{sentence}\n"))
    return [c for c in result.claims if c.verdict == "contradicted"]


@pytest.mark.parametrize(("true", "false", "entry_id"), PAIRS)
def test_true_sentence_stands_and_its_false_twin_is_caught(auditor, true, false, entry_id):
    assert not _contradicted(auditor, true), true
    hits = _contradicted(auditor, false)
    assert [c.reference.id for c in hits] == [entry_id], false


@pytest.mark.parametrize("sentence", CORRECT)
def test_correct_statement_about_new_subjects(auditor, sentence):
    wrong = _contradicted(auditor, sentence)
    assert not wrong, [(c.type, c.reference.id) for c in wrong]


@pytest.mark.parametrize(("sentence", "entry_id"), WRONG)
def test_classic_error_about_new_subjects(auditor, sentence, entry_id):
    assert [c.reference.id for c in _contradicted(auditor, sentence)] == [entry_id]


def test_brand_only_sentences_name_their_own_subject(auditor):
    """A combination product is its own subject: Qsymia's schedule is not topiramate's, and
    Contrave's approval is not naltrexone's."""
    for sentence, subject in [
        ("Qsymia is a Schedule IV controlled substance.", "phentermine_topiramate"),
        ("Contrave was approved by the FDA in 2014.", "naltrexone_bupropion"),
        ("Zurnai was approved by the FDA in 2024.", "nalmefene"),
        ("Spravato is a Schedule III controlled substance.", "esketamine"),
    ]:
        result = auditor.audit_article(article_from_text(f"Note\n\n{sentence}\n"))
        assert {c.subject for c in result.claims} == {subject}, sentence
        assert all(c.verdict == "supported" for c in result.claims), sentence


# -- removing a recorded approval never makes a true sentence wrong ------------------------------


def _dated_approvals(refs) -> list:
    """FDA approvals with a product and year, of drugs whose approvals are not declared
    complete (with complete coverage a missing approval is, by design, a gap that matters)."""
    return [
        e
        for e in refs.entries
        if e.type == "approval"
        and e.value.get("agency") == "FDA"
        and e.value.get("status") == "approved"
        and e.value.get("product")
        and e.value.get("year")
        and not refs.is_complete(e.subject, "approvals.us")
    ]


def _sentences(refs, entry) -> list[str]:
    product, year = entry.value["product"], entry.value["year"]
    condition = refs.conditions[entry.value["indications"][0]].names[0]
    return [
        f"The FDA approved {product} in {year}.",
        f"The FDA approved {product} for {condition} in {year}.",
    ]


def _fresh(claim):
    c = copy.deepcopy(claim)
    c.verdict, c.reference, c.explanation = "unverifiable", None, ""
    c.value.pop("year_contradicted", None)
    c.context.pop("ref_severity", None)
    return c


def test_removing_any_one_approval_turns_its_sentences_unverifiable(auditor, refs):
    entries = _dated_approvals(refs)
    assert len(entries) >= 25, len(entries)
    text = "Note\n\n" + "\n\n".join(s for e in entries for s in _sentences(refs, e)) + "\n"
    claims = auditor.audit_article(article_from_text(text)).claims
    checked = 0
    for entry in entries:
        mine = [
            c
            for c in claims
            if c.subject == entry.subject
            and c.type in {"approval", "first_approval"}
            and str(entry.value["year"]) in c.text
            and entry.value["product"].lower() in c.text.lower()
        ]
        # with the full set the true sentences stand
        assert not [c for c in mine if c.verdict == "contradicted"], entry.id
        without = dataclasses.replace(refs, entries=[e for e in refs.entries if e is not entry])
        for claim in verify_claims([_fresh(c) for c in mine], without):
            assert claim.verdict != "contradicted", (entry.id, claim.text, claim.explanation)
            same = [
                e
                for e in without.entries_for(entry.subject)
                if e.value.get("year") == entry.value["year"]
                and (e.value.get("product") or "").lower() in {"", entry.value["product"].lower()}
            ]
            if not same:
                assert claim.verdict == "unverifiable", (entry.id, claim.text, claim.verdict)
            checked += 1
    # most generated sentences must yield a claim, or the test proves nothing
    assert checked >= len(entries), (checked, len(entries))


# -- coverage declarations ------------------------------------------------------------------------


def test_is_complete_reads_the_declaration(refs):
    assert refs.is_complete("naltrexone", "approvals.us")
    assert refs.is_complete("kratom", "schedule.us")
    assert not refs.is_complete("naloxone", "approvals.us")
    assert not refs.is_complete("no_such_drug", "approvals.us")
    cov = refs.coverage("buprenorphine")
    assert cov["schedule.us"] is True and cov["approvals.us"] is False


def test_complete_approvals_need_product_indication_and_year(tmp_path):
    refs_dir = copy_set(tmp_path)
    path = refs_dir / "drugs" / "pregabalin.toml"
    replace_in(path, 'complete = ["schedule.us"]', 'complete = ["approvals.us", "schedule.us"]')
    problems = validate_reference_dir(refs_dir)
    # the seizure approval has no year: the declaration is refused, naming the entry and field
    assert problems == [
        "drugs/pregabalin.toml: entry pregabalin.approval.partial_onset_seizures.us: value.year: "
        "missing, but pregabalin declares approvals.us complete (every approval needs product, "
        "indications and year)"
    ]


def test_unknown_coverage_family_is_one_line(tmp_path):
    refs_dir = copy_set(tmp_path)
    path = refs_dir / "drugs" / "tramadol.toml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("[drug]\n", '[drug]\ncomplete = ["dosing.us"]\n', 1), "utf-8")
    (line,) = validate_reference_dir(refs_dir)
    assert line.startswith("drugs/tramadol.toml: drug tramadol: complete: 'dosing.us' is not")


def test_refs_validate_prints_coverage_per_drug(capsys, refs):
    assert main(["refs", "validate"]) == 0
    out = capsys.readouterr().out
    rows = {line.split()[0]: line for line in out.splitlines()[2:] if line.startswith("  ")}
    assert set(rows) == set(refs.drugs)
    assert "complete: approvals.us, schedule.us" in rows["naltrexone"]
    assert "partial: approvals.us" in rows["naloxone"]
    assert out.rstrip().endswith(f"of {len(refs.drugs)} drugs have partial coverage")
