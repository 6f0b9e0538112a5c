"""The reference set seen through the auditor: correct statements (including the ones that look
wrong but are right) raise no contradiction, and the classic errors are caught against the
entry that says why. A gap in an approved-indication list or a mis-scoped schedule shows up
here as a false alarm."""

from __future__ import annotations

import pytest

# Correct statements, written for this test. Each must audit without a contradiction.
CORRECT = [
    "Baclofen was first made in 1962 as an epilepsy drug and only later became a muscle relaxant.",
    "Baclofen was approved by the FDA in 1977.",
    "In alcohol trials, doses of 150 to 300 mg per day were used.",
    "Baclofen is relatively safe in liver cirrhosis because it is cleared by the kidneys.",
    "Intrathecal baclofen doses range from 300 to 800 mcg per day.",
    "Intrathecal baclofen is FDA-approved for cerebral palsy.",
    "In Australia, hospitalised patients may receive up to 100 mg of baclofen daily.",
    "The maximum oral dose of baclofen is 80 mg per day.",
    "Patients usually start baclofen at 5 mg three times a day.",
    "Oral baclofen does not carry a boxed warning.",
    "Intrathecal baclofen carries a boxed warning about abrupt discontinuation.",
    "The half-life of baclofen is about 3 to 4 hours.",
    "Baclofen is mainly excreted unchanged by the kidneys.",
    "Baclofen is not FDA-approved for alcohol use disorder.",
    "Baclofen is not a controlled substance.",
    "Baclofen is FDA-approved for spasticity caused by multiple sclerosis.",
    "Baclofen is approved for spasticity caused by spinal cord injuries.",
    "Carisoprodol, unlike baclofen, is a Schedule IV drug.",
    "Naltrexone was approved for alcohol dependence in 1994.",
    "The FDA approved naltrexone for alcoholism in 1995.",
    "Naltrexone and naloxone are not controlled substances.",
    "Gabapentin is a Schedule V drug in some states but is not federally controlled.",
    "Methadone was first approved in the US in 1947.",
    "Methadone is FDA-approved for the treatment of chronic pain.",
    "Methadone is approved for opioid detox.",
    "Acamprosate was approved in the US in 2004.",
    "Buprenorphine was a Schedule V drug before 2002.",
    "Suboxone is a Schedule III medication.",
    "Suboxone is FDA-approved to treat opioid withdrawal.",
    "Pregabalin is a Schedule V controlled substance.",
    "Tramadol is a Schedule IV controlled substance.",
    "Clonidine is often used off-label for opioid withdrawal.",
    "Chlordiazepoxide is approved for alcohol withdrawal.",
    "Diazepam is FDA-approved for the treatment of seizures.",
    "Diazepam is FDA-approved for muscle spasticity.",
    "Tylenol with codeine is a Schedule III controlled substance.",
    "Codeine cough syrups are Schedule V drugs.",
    "Codeine is a Schedule II drug.",
    "GHB is a Schedule I drug, while Xyrem is a Schedule III drug.",
    "Xyrem is approved for excessive daytime sleepiness.",
    "Hydrocodone combination products are Schedule II drugs.",
    "Vigabatrin is approved for infantile spasms.",
    "Topiramate is approved for epilepsy and migraine prevention.",
    "Ondansetron is approved to prevent nausea and vomiting.",
]

# Wrong statements, each with the entry that should contradict it.
WRONG = [
    ("Baclofen is FDA-approved for alcohol use disorder.", "baclofen.approval.aud.us"),
    ("Baclofen is a Schedule III controlled substance.", "baclofen.schedule.us"),
    (
        "The FDA-approved maximum dose of baclofen is 120 mg per day.",
        "baclofen.max_daily_dose.oral.us",
    ),
    ("Oral baclofen carries a boxed warning.", "baclofen.boxed_warning.oral"),
    ("Baclofen is mainly metabolised by the liver.", "baclofen.elimination"),
    ("Buprenorphine is a Schedule II drug.", "buprenorphine.schedule.us"),
    ("Methadone is a Schedule III drug.", "methadone.schedule.us"),
    ("Gabapentin is a federally controlled substance.", "gabapentin.schedule.us"),
    ("Carisoprodol is not a controlled substance.", "carisoprodol.schedule.us"),
    ("GHB is a Schedule III drug.", "ghb.schedule.us"),
    ("Clonidine is FDA-approved for opioid withdrawal.", "clonidine.approval.opioid_withdrawal.us"),
    ("Topiramate is FDA-approved for alcohol use disorder.", "topiramate.approval.aud.us"),
    ("Tramadol is not a controlled substance.", "tramadol.schedule.us"),
    ("Phenibut is FDA-approved for anxiety.", "phenibut.approval.us"),
]


def _audit(auditor, sentence: str):
    return auditor.audit_text(f"Note\n\n{sentence}\n", source="<reference-precision>")


@pytest.mark.parametrize("sentence", CORRECT)
def test_correct_statement_is_not_contradicted(auditor, sentence) -> None:
    result = _audit(auditor, sentence)
    wrong = [c for c in result.claims if c.verdict == "contradicted"]
    assert not wrong, [(c.type, c.reference.id if c.reference else None) for c in wrong]
    assert not [f for f in result.findings if f.category == "contradiction"]


@pytest.mark.parametrize(("sentence", "entry_id"), WRONG)
def test_classic_error_is_contradicted_by_the_right_entry(
    auditor, refs, sentence, entry_id
) -> None:
    result = _audit(auditor, sentence)
    hits = [c for c in result.claims if c.verdict == "contradicted"]
    assert [c.reference.id for c in hits] == [entry_id]
    (finding,) = [f for f in result.findings if f.category == "contradiction"]
    entry = refs.get(entry_id)
    assert finding.reference.statement == entry.statement
    assert finding.reference.source_url == entry.source_url
