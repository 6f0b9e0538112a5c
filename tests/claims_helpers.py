"""A small reference set built in code, so claim tests do not depend on the bundled data.

It follows reference_claims/README.md (types, value and scope fields); the statements are
short paraphrases with placeholder sources.
"""

from __future__ import annotations

from pathlib import Path

from bacaudit.models import Article, Block
from bacaudit.reference import Agency, Condition, Drug, RefEntry, ReferenceSet

SRC = "https://example.org/label"


def _e(id_, subject, type_, statement, value, scope=None, **kw) -> RefEntry:
    return RefEntry(
        id=id_,
        subject=subject,
        type=type_,
        statement=statement,
        sources=[SRC],
        retrieved="2026-11-22",
        value=value,
        scope=scope or {"jurisdiction": "US"},
        **kw,
    )


def make_refs(directory: Path) -> ReferenceSet:
    drugs = {
        # declared complete, so an unrecorded approval year or indication is wrong (README)
        "baclofen": Drug(
            "baclofen",
            ["baclofen"],
            ["Lioresal", "Kemstro", "Gablofen", "Ozobax"],
            complete=["approvals.us", "schedule.us"],
        ),
        "carisoprodol": Drug("carisoprodol", ["carisoprodol"], ["Soma"]),
        "buprenorphine": Drug("buprenorphine", ["buprenorphine"], ["Suboxone", "Subutex"]),
        "naltrexone": Drug("naltrexone", ["naltrexone"], ["ReVia", "Vivitrol"]),
        "gabapentin": Drug("gabapentin", ["gabapentin"], ["Neurontin"]),
    }
    conditions = {
        "spasticity": Condition("spasticity", ["spasticity", "muscle spasticity", "spasms"]),
        "ms_spasticity": Condition("ms_spasticity", ["multiple sclerosis"], parent="spasticity"),
        "spinal_cord_injury": Condition(
            "spinal_cord_injury",
            ["spinal cord injuries", "spinal cord injury"],
            parent="spasticity",
        ),
        "substance_use_disorder": Condition(
            "substance_use_disorder",
            ["substance use disorder", "substance use disorders", "addiction", "drug addiction"],
        ),
        "alcohol_use_disorder": Condition(
            "alcohol_use_disorder",
            [
                "alcohol use disorder",
                "AUD",
                "alcoholism",
                "alcohol dependence",
                "alcohol addiction",
            ],
            parent="substance_use_disorder",
        ),
        "opioid_use_disorder": Condition(
            "opioid_use_disorder",
            ["opioid use disorder", "opioid dependence", "opioid addiction"],
            parent="substance_use_disorder",
        ),
        "epilepsy": Condition("epilepsy", ["epilepsy", "seizures", "seizure disorders"]),
        "back_conditions": Condition(
            "back_conditions", ["back conditions", "back pain", "back injuries"]
        ),
        "rheumatic_spasm": Condition("rheumatic_spasm", ["rheumatic disorders"]),
        "stroke": Condition("stroke", ["stroke"]),
    }
    agencies = {
        "FDA": Agency("FDA", ["FDA", "Food and Drug Administration"], "US"),
        "DEA": Agency("DEA", ["DEA", "Drug Enforcement Administration"], "US"),
        "ANSM": Agency("ANSM", ["ANSM"], "FR"),
        "EMA": Agency("EMA", ["EMA", "European Medicines Agency"], "EU"),
        "TGA": Agency("TGA", ["TGA"], "AU"),
    }
    oral_us = {"route": "oral", "jurisdiction": "US"}
    entries = [
        _e(
            "baclofen.max_daily_dose.oral.us",
            "baclofen",
            "max_daily_dose",
            "Oral baclofen should not exceed 80 mg a day (US label).",
            {"amount": 80, "unit": "mg", "period": "day"},
            oral_us,
        ),
        _e(
            "baclofen.max_daily_dose.oral.au.hospital",
            "baclofen",
            "max_daily_dose",
            "In Australia up to 100 mg a day in hospitalised patients.",
            {"amount": 100, "unit": "mg", "period": "day"},
            {"route": "oral", "jurisdiction": "AU", "population": "hospitalised"},
        ),
        _e(
            "baclofen.starting_dose.oral.us",
            "baclofen",
            "starting_dose",
            "Start with 5 mg three times a day.",
            {"amount": 5, "unit": "mg", "times_per_day": 3},
            oral_us,
        ),
        _e(
            "baclofen.typical_dose.oral.us",
            "baclofen",
            "typical_dose",
            "Usual optimum 40-80 mg a day.",
            {"min": 40, "max": 80, "unit": "mg", "period": "day"},
            oral_us,
        ),
        _e(
            "baclofen.typical_dose.intrathecal.us",
            "baclofen",
            "typical_dose",
            "Intrathecal maintenance is about 300-800 mcg a day.",
            {"min": 300, "max": 800, "unit": "mcg", "period": "day"},
            {"route": "intrathecal", "jurisdiction": "US"},
        ),
        _e(
            "baclofen.approval.fda",
            "baclofen",
            "approval",
            "The FDA approved oral baclofen in 1977 for spasticity from multiple sclerosis and "
            "spinal cord disease.",
            {"agency": "FDA", "status": "approved", "indications": ["spasticity"], "year": 1977},
        ),
        _e(
            "baclofen.approval.fda.aud",
            "baclofen",
            "approval",
            "Baclofen is not FDA-approved for alcohol use disorder.",
            {
                "agency": "FDA",
                "status": "not_approved",
                "indications": ["alcohol_use_disorder", "substance_use_disorder"],
            },
        ),
        _e(
            "baclofen.approval.ansm.rtu",
            "baclofen",
            "approval",
            "ANSM granted a temporary recommendation for alcohol dependence in 2014.",
            {
                "agency": "ANSM",
                "status": "temporary_authorisation",
                "indications": ["alcohol_use_disorder"],
                "year": 2014,
            },
            {"jurisdiction": "FR"},
        ),
        _e(
            "baclofen.first_approval.fda",
            "baclofen",
            "first_approval",
            "Initial US approval: 1977.",
            {"agency": "FDA", "year": 1977},
        ),
        _e(
            "baclofen.schedule.us",
            "baclofen",
            "schedule",
            "Baclofen is not a federally controlled substance.",
            {"controlled": False, "authority": "DEA"},
        ),
        _e(
            "baclofen.indication.epilepsy",
            "baclofen",
            "indication",
            "Baclofen is not an antiseizure drug; the label warns it can worsen seizure control.",
            {"condition": "epilepsy", "status": "not_recommended"},
        ),
        _e(
            "baclofen.indication.spasticity",
            "baclofen",
            "indication",
            "Oral baclofen is indicated for spasticity from multiple sclerosis and spinal cord "
            "disease.",
            {"condition": "spasticity", "status": "indicated"},
        ),
        _e(
            "baclofen.indication.rheumatic",
            "baclofen",
            "indication",
            "Not indicated for skeletal muscle spasm from rheumatic disorders.",
            {"condition": "rheumatic_spasm", "status": "not_indicated"},
        ),
        _e(
            "baclofen.boxed_warning.oral",
            "baclofen",
            "boxed_warning",
            "Oral baclofen has no boxed warning.",
            {"present": False},
            oral_us,
        ),
        _e(
            "baclofen.boxed_warning.intrathecal",
            "baclofen",
            "boxed_warning",
            "Intrathecal baclofen carries a boxed warning about abrupt discontinuation.",
            {"present": True, "topic": "abrupt discontinuation"},
            {"route": "intrathecal", "jurisdiction": "US"},
        ),
        _e(
            "baclofen.elimination",
            "baclofen",
            "elimination",
            "Baclofen is excreted mainly unchanged by the kidneys.",
            {"primary": "renal"},
            {"jurisdiction": "US"},
        ),
        _e(
            "baclofen.half_life",
            "baclofen",
            "half_life",
            "Half-life about 2-7 hours in normal renal function.",
            {"min_hours": 2, "max_hours": 7},
        ),
        _e(
            "carisoprodol.schedule.us",
            "carisoprodol",
            "schedule",
            "Carisoprodol is Schedule IV since 2012.",
            {"controlled": True, "schedule": "IV", "since": 2012},
        ),
        _e(
            "buprenorphine.schedule.us",
            "buprenorphine",
            "schedule",
            "Buprenorphine is Schedule III since 2002 (was Schedule V).",
            {
                "controlled": True,
                "schedule": "III",
                "since": 2002,
                "previous": [{"schedule": "V", "until": 2002}],
            },
        ),
        _e(
            "naltrexone.approval.fda",
            "naltrexone",
            "approval",
            "Naltrexone is FDA-approved for alcohol dependence (1994) and opioid dependence "
            "(1984).",
            {
                "agency": "FDA",
                "status": "approved",
                "indications": ["alcohol_use_disorder", "opioid_use_disorder"],
            },
        ),
        _e(
            "naltrexone.schedule.us",
            "naltrexone",
            "schedule",
            "Naltrexone is not a controlled substance.",
            {"controlled": False},
        ),
        _e(
            "gabapentin.schedule.us",
            "gabapentin",
            "schedule",
            "Gabapentin is not federally controlled; some states schedule it.",
            {"controlled": False},
        ),
    ]
    return ReferenceSet(
        version="test",
        directory=directory,
        entries=entries,
        drugs=drugs,
        conditions=conditions,
        agencies=agencies,
    )


def article_from_text(text: str, source: str = "<test>", title: str | None = None) -> Article:
    """Paragraphs (blank-line separated) as blocks, joined the way the extractor joins them."""
    parts = [p.strip() for p in text.split("\n\n") if p.strip()]
    blocks, out = [], ""
    for p in parts:
        if out:
            out += "\n\n"
        blocks.append(Block("paragraph", p, len(out), len(out) + len(p)))
        out += p
    return Article(source=source, text=out, blocks=blocks, title=title)
