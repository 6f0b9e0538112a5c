"""Claims read from sentence structure: the failure classes of keyword matching, with sentences
written for these tests (against the bundled reference set).

Each class has sentences that must not be flagged (the keyword reading gets them wrong) and,
where the class also hides real errors, sentences that must be. Classes:
headings that ask, comparisons, state-level rules, distant negation, pronoun attribution;
then the claim types keyword matching never produced (drug class, "X, like Y, is ...", label
caps, first synthesis, approval years of a brand, approvals scoped "for X").
"""

from __future__ import annotations

import pytest

from bacaudit.models import Article, Block
from claims_helpers import article_from_text


@pytest.fixture(scope="module")
def parsed(auditor):
    """The auditor, when a parser model is installed: some classes need the tree."""
    from bacaudit.claims.parsing import load_parser

    if load_parser() is None:
        pytest.skip("no parser model installed (set BACAUDIT_PARSER_MODEL)")
    return auditor


def _article(parts: list[tuple[str, str]]) -> Article:
    """Blocks of (kind, text), joined the way the extractor joins them."""
    blocks, text = [], ""
    for kind, body in parts:
        if text:
            text += "\n\n"
        blocks.append(Block(kind, body, len(text), len(text) + len(body)))
        text += body
    return Article(source="<structure>", text=text, blocks=blocks)


def _found(auditor, article: Article) -> list[str]:
    result = auditor.audit_article(article)
    return [f.rule for f in result.findings if f.category == "contradiction"]


def flagged(auditor, text: str) -> list[str]:
    return _found(auditor, article_from_text(text))


# -- headings that ask ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "heading",
    [
        "Is Naltrexone a Narcotic",
        "Does Gabapentin Count as a Scheduled Drug",
        "Can Baclofen Be Classified as a Controlled Substance",
        "Is Tizanidine a Schedule IV Medication",
    ],
)
def test_heading_that_asks_without_question_mark_claims_nothing(auditor, heading):
    art = _article(
        [("heading", heading), ("paragraph", "Readers ask this often, and the answer is short.")]
    )
    assert _found(auditor, art) == []


def test_short_line_that_asks_is_a_question_too(auditor):
    text = "Are Naltrexone Tablets a Controlled Drug\n\nMany readers wonder about this."
    assert flagged(auditor, text) == []


def test_a_statement_heading_still_claims(auditor):
    art = _article(
        [("heading", "Baclofen Is a Schedule II Narcotic"), ("paragraph", "Here is why.")]
    )
    assert _found(auditor, art) == ["BA104"]


# -- comparisons ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Baclofen carries a far lower misuse risk than controlled substances such as alprazolam.",
        "Naltrexone works unlike narcotic painkillers and is not habit-forming.",
        "Compared to Schedule II opioids, tizanidine is rarely diverted.",
        "The withdrawal syndrome of baclofen is similar to that of scheduled sedatives.",
        "Gabapentin's risk profile is different from that of Schedule IV benzodiazepines.",
        "Acamprosate is less sedating than the controlled medicines doctors once relied on.",
        "Naltrexone is no more addictive than a controlled substance would be at that dose.",
    ],
)
def test_status_inside_a_comparison_is_not_predicated(auditor, text):
    assert flagged(auditor, text) == []


def test_drug_inside_a_comparison_is_not_the_subject(auditor):
    # true of carisoprodol; the keyword reading pins it on baclofen inside "than"
    text = "Carisoprodol is more often misused than baclofen and is a Schedule IV drug."
    assert flagged(auditor, text) == []


def test_relative_clause_subject_is_the_drug_it_modifies(auditor):
    ok = "Baclofen is less habit-forming than buprenorphine, which is a Schedule III drug."
    bad = "Baclofen is less habit-forming than buprenorphine, which is a Schedule II drug."
    assert flagged(auditor, ok) == []
    assert flagged(auditor, bad) == ["BA104"]


# -- state-level rules ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Some state boards of pharmacy classify gabapentin as a Schedule V drug.",
        "Several state legislatures have made gabapentin a Schedule V controlled substance.",
        "Gabapentin is a Schedule V drug under Kentucky law.",
        "In a number of U.S. states, gabapentin is a controlled substance.",
        "State regulators list gabapentin as Schedule V in Tennessee.",
    ],
)
def test_state_level_schedules_are_not_federal_claims(auditor, text):
    assert flagged(auditor, text) == []


def test_a_federal_claim_about_the_same_drug_is_still_checked(auditor):
    assert flagged(auditor, "Gabapentin is a federally controlled Schedule V drug.") == ["BA104"]


# -- distant negation -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Carisoprodol has not, despite repeated petitions over the past decade, been placed "
        "in Schedule II.",
        "Naltrexone is not, according to the published federal lists and the boards we "
        "contacted, a controlled substance.",
        "Baclofen does not appear on the federal schedules of controlled substances.",
        "Acamprosate has never, at any point since its US launch, been listed as a controlled "
        "substance.",
    ],
)
def test_distant_negation_reverses_the_claim(parsed, text):
    assert flagged(parsed, text) == []


def test_not_on_the_schedules_is_a_claim_that_can_be_wrong(parsed):
    text = "Buprenorphine does not appear on the federal schedules of controlled substances."
    assert flagged(parsed, text) == ["BA104"]


# -- pronoun attribution --------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Baclofen is often compared with carisoprodol. It is not a controlled substance.",
        "Gabapentin is sometimes taken together with buprenorphine. The drug is not federally "
        "controlled.",
        "Naltrexone blocks the effects of methadone. This medication is not a narcotic.",
        "Baclofen acts differently from diazepam. It is not a scheduled drug.",
    ],
)
def test_pronoun_resolves_to_the_previous_subject(auditor, text):
    assert flagged(auditor, text) == []


def test_pronoun_error_about_the_previous_subject_is_found(auditor):
    text = "Carisoprodol is often compared with baclofen. It is not a controlled substance."
    assert flagged(auditor, text) == ["BA104"]


def test_pronoun_in_a_subordinate_clause_takes_the_main_subject(auditor):
    text = (
        "Because it is not a controlled substance, baclofen is easier to prescribe than diazepam."
    )
    assert flagged(auditor, text) == []


# -- claim types keyword matching never produced ----------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Baclofen is an opioid that relaxes the muscles.", ["BA110"]),
        ("Baclofen is a benzodiazepine.", ["BA110"]),
        ("Gabapentin is classified as an opioid painkiller.", ["BA110"]),
        ("Diazepam is a benzodiazepine.", []),
        ("Baclofen is not an opioid.", []),
        ("Baclofen works differently from opioids.", []),
        ("Is baclofen an opioid?", []),
        ("Methadone is an opioid.", []),
    ],
)
def test_drug_class_claims(auditor, text, expected):
    assert flagged(auditor, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Tramadol, like baclofen, is a controlled substance.", ["BA104"]),
        ("Carisoprodol, like buprenorphine, is a Schedule IV drug.", ["BA104"]),
        ("Baclofen, like gabapentin, is not federally controlled.", []),
        ("Baclofen, unlike carisoprodol, is not a controlled substance.", []),
    ],
)
def test_like_y_is_a_claim_about_y(auditor, text, expected):
    assert flagged(auditor, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The US label caps the daily dose of baclofen at 120 mg.", ["BA101"]),
        ("The prescribing information limits oral baclofen to 80 mg a day.", []),
        ("The label sets the maximum at 100 mg of baclofen per day.", ["BA101"]),
        ("Baclofen's label sets the daily maximum at 80 mg.", []),
    ],
)
def test_label_caps_are_dose_limits(auditor, text, expected):
    assert flagged(auditor, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Baclofen was first synthesized in 1978.", ["BA111"]),
        ("Chemists first synthesised baclofen in 1962.", []),
        ("Baclofen was first synthesized in Switzerland in 1962.", []),
        ("Acamprosate was first authorised in France in 1995.", ["BA111"]),
    ],
)
def test_first_synthesis_and_first_use_dates(auditor, text, expected):
    assert flagged(auditor, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Gablofen was approved by the FDA in 2016.", ["BA105"]),
        ("The FDA approved Ozobax in 2019.", []),
        ("Lyvispah won FDA approval in 2012.", ["BA105"]),
    ],
)
def test_brand_approval_years(auditor, text, expected):
    assert flagged(auditor, text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Baclofen has never received FDA approval for alcohol use disorder.",
        "No US regulator has approved baclofen for alcohol dependence.",
        "Baclofen lacks any FDA approval for treating alcoholism.",
    ],
)
def test_approval_scoped_for_x_is_checked_against_x_only(auditor, text):
    assert flagged(auditor, text) == []


def test_not_approved_for_a_recorded_indication_is_contradicted(auditor):
    text = "Naltrexone has never been approved by the FDA for alcohol dependence."
    assert flagged(auditor, text) == ["BA102"]


def test_an_agent_subject_leaves_the_drug_object_its_schedule_claim():
    """The subject of an active verb is the actor, not the drug: the object keeps the claim."""
    from bacaudit import audit_text

    text = "Federal regulators moved gabapentin into Schedule IV last spring."
    result = audit_text(text, source="agent.txt")
    assert "BA104" in {f.rule for f in result.findings}, result.claims
