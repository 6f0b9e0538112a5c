"""The validator: every kind of problem in a broken copy of the bundled set gets one line that
names the file, the entry and the field, and a broken set never loads."""

from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bacaudit.errors import ReferenceSetError
from bacaudit.reference import default_reference_dir, load_reference_set, validate_reference_dir
from bacaudit.reference_schema import ENTRY_FIELDS, TYPES
from reference_helpers import append_entry, copy_set, replace_in

NALOXONE = "drugs/naloxone.toml: entry naloxone.history.test"


def test_bundled_set_has_no_problems() -> None:
    assert validate_reference_dir() == []


def test_a_sound_appended_entry_is_accepted(tmp_path) -> None:
    refs_dir = copy_set(tmp_path)
    append_entry(refs_dir, "naloxone")
    assert validate_reference_dir(refs_dir) == []
    assert load_reference_set(refs_dir).get("naloxone.history.test").value["year"] == 1961


ENTRY_CASES = [
    ("missing source", {"sources": None}, f"{NALOXONE}: sources: missing"),
    ("empty source list", {"sources": "[]"}, f"{NALOXONE}: sources: must list at least one"),
    (
        "source not http",
        {"sources": '["ftp://example.org/x"]'},
        f"{NALOXONE}: sources: 'ftp://example.org/x' is not an http(s) URL",
    ),
    ("empty statement", {"statement": '"  "'}, f"{NALOXONE}: statement: empty"),
    ("missing statement", {"statement": None}, f"{NALOXONE}: statement: missing"),
    (
        "control characters in statement",
        {"statement": '"Naloxone \\u001b[31mworks."'},
        f"{NALOXONE}: statement: contains line breaks or control characters",
    ),
    (
        "retrieved not a date",
        {"retrieved": '"22/11/2026"'},
        f"{NALOXONE}: retrieved: '22/11/2026' is not a date written YYYY-MM-DD",
    ),
    (
        "retrieved impossible date",
        {"retrieved": '"2026-02-30"'},
        f"{NALOXONE}: retrieved: '2026-02-30' is not a valid date",
    ),
    (
        "retrieved in the future",
        {"retrieved": '"2999-01-01"'},
        f"{NALOXONE}: retrieved: 2999-01-01 is in the future",
    ),
    ("retrieved unquoted", {"retrieved": "2026-01-02"}, f"{NALOXONE}: retrieved: write the date"),
    (
        "unknown claim type",
        {"type": '"dosage"'},
        f"{NALOXONE}: type: 'dosage' is not a known claim type",
    ),
    ("unknown entry field", {"sauce": '"x"'}, f"{NALOXONE}: sauce: unknown field"),
    (
        "id not starting with the drug id",
        {"id": '"baclofen.history.test"'},
        "drugs/naloxone.toml: entry baclofen.history.test: id: must start with its drug id "
        "'naloxone.'",
    ),
    (
        "id without the type",
        {"id": '"naloxone.story.test"'},
        "drugs/naloxone.toml: entry naloxone.story.test: id: second part must be the type",
    ),
    (
        "subject not a drug",
        {"subject": '"unobtainium"', "id": '"unobtainium.history.test"'},
        "drugs/naloxone.toml: entry unobtainium.history.test: subject: 'unobtainium' is not a "
        "known drug",
    ),
    (
        "bad unit",
        {
            "type": '"max_daily_dose"',
            "id": '"naloxone.max_daily_dose.test"',
            "value": '{ amount = 80, unit = "mgs", period = "day" }',
        },
        "drugs/naloxone.toml: entry naloxone.max_daily_dose.test: value.unit 'mgs' is not a "
        "known unit (mg, mcg, g)",
    ),
    (
        "bad period",
        {
            "type": '"max_daily_dose"',
            "id": '"naloxone.max_daily_dose.test"',
            "value": '{ amount = 8, unit = "mg", period = "fortnight" }',
        },
        "drugs/naloxone.toml: entry naloxone.max_daily_dose.test: value.period 'fortnight' is not",
    ),
    (
        "missing value field",
        {
            "type": '"max_daily_dose"',
            "id": '"naloxone.max_daily_dose.test"',
            "value": '{ amount = 8, unit = "mg" }',
        },
        "drugs/naloxone.toml: entry naloxone.max_daily_dose.test: value.period: missing",
    ),
    (
        "negative amount",
        {
            "type": '"max_daily_dose"',
            "id": '"naloxone.max_daily_dose.test"',
            "value": '{ amount = -8, unit = "mg", period = "day" }',
        },
        "drugs/naloxone.toml: entry naloxone.max_daily_dose.test: value.amount: -8 is not a "
        "positive number",
    ),
    (
        "unknown value field",
        {"value": '{ event = "synthesized", year = 1961, month = 3 }'},
        f"{NALOXONE}: value.month: unknown field for type history",
    ),
    (
        "year in the future",
        {"value": '{ event = "synthesized", year = 2999 }'},
        f"{NALOXONE}: value.year: 2999 is not a year",
    ),
    (
        "unknown history event",
        {"value": '{ event = "invented", year = 1961 }'},
        f"{NALOXONE}: value.event 'invented' is not a known event",
    ),
    (
        "unknown approval status",
        {
            "type": '"approval"',
            "id": '"naloxone.approval.test"',
            "value": '{ agency = "FDA", status = "pending", indications = ["opioid_overdose"] }',
        },
        "drugs/naloxone.toml: entry naloxone.approval.test: value.status 'pending' is not a "
        "known status",
    ),
    (
        "agency not in the lexicon",
        {
            "type": '"approval"',
            "id": '"naloxone.approval.test"',
            "value": '{ agency = "FBI", status = "approved", indications = ["opioid_overdose"] }',
        },
        "drugs/naloxone.toml: entry naloxone.approval.test: value.agency 'FBI' is not an agency "
        "in lexicon/agencies.toml",
    ),
    (
        "condition not in the lexicon",
        {
            "type": '"approval"',
            "id": '"naloxone.approval.test"',
            "value": '{ agency = "FDA", status = "approved", indications = ["gout"] }',
        },
        "drugs/naloxone.toml: entry naloxone.approval.test: value.indications 'gout' is not a "
        "condition in lexicon/conditions.toml",
    ),
    (
        "unknown schedule",
        {
            "type": '"schedule"',
            "id": '"naloxone.schedule.test"',
            "value": '{ controlled = true, schedule = "VI", authority = "DEA" }',
            "scope": '{ level = "state", jurisdiction = "US-KY" }',
        },
        "drugs/naloxone.toml: entry naloxone.schedule.test: value.schedule 'VI' is not a known "
        "schedule",
    ),
    (
        "controlled without a schedule",
        {
            "type": '"schedule"',
            "id": '"naloxone.schedule.test"',
            "value": '{ controlled = true, authority = "DEA" }',
            "scope": '{ level = "state", jurisdiction = "US-KY" }',
        },
        "drugs/naloxone.toml: entry naloxone.schedule.test: value.schedule: missing",
    ),
    (
        "unknown route",
        {"scope": '{ route = "oraly" }'},
        f"{NALOXONE}: scope.route: 'oraly' is not a known route",
    ),
    (
        "unknown jurisdiction",
        {"scope": '{ jurisdiction = "Narnia" }'},
        f"{NALOXONE}: scope.jurisdiction: 'Narnia' is not a known jurisdiction",
    ),
    (
        "unknown scope field",
        {"scope": '{ planet = "Mars" }'},
        f"{NALOXONE}: scope.planet: unknown scope field",
    ),
    (
        "unknown severity",
        {"severity": '"catastrophic"'},
        f"{NALOXONE}: severity: 'catastrophic' is not one of high, medium, low",
    ),
]


@pytest.mark.parametrize(
    ("changes", "expected"),
    [pytest.param(c, e, id=name) for name, c, e in ENTRY_CASES],
)
def test_each_entry_problem_gets_one_line_naming_file_entry_and_field(
    tmp_path, changes, expected
) -> None:
    refs_dir = copy_set(tmp_path)
    append_entry(refs_dir, "naloxone", **changes)
    problems = validate_reference_dir(refs_dir)
    assert len(problems) == 1, problems
    assert problems[0].startswith(expected), problems[0]
    with pytest.raises(ReferenceSetError) as err:
        load_reference_set(refs_dir)
    assert err.value.problems == problems


def test_duplicate_id_across_files(tmp_path) -> None:
    refs_dir = copy_set(tmp_path)
    append_entry(
        refs_dir,
        "naloxone",
        subject='"baclofen"',
        id='"baclofen.max_daily_dose.oral.us"',
        type='"max_daily_dose"',
        value='{ amount = 80, unit = "mg", period = "day" }',
        scope='{ route = "oral", jurisdiction = "US" }',
    )
    assert validate_reference_dir(refs_dir) == [
        "drugs/naloxone.toml: entry baclofen.max_daily_dose.oral.us: id: duplicate id "
        "(first defined in drugs/baclofen.toml)"
    ]


def test_two_entries_that_contradict_each_other(tmp_path) -> None:
    refs_dir = copy_set(tmp_path)
    append_entry(
        refs_dir,
        "baclofen",
        id='"baclofen.max_daily_dose.oral.us.second"',
        type='"max_daily_dose"',
        value='{ amount = 120, unit = "mg", period = "day" }',
        scope='{ route = "oral", jurisdiction = "US" }',
    )
    (problem,) = validate_reference_dir(refs_dir)
    assert problem.startswith(
        "drugs/baclofen.toml: entry baclofen.max_daily_dose.oral.us.second: value: contradicts "
        "baclofen.max_daily_dose.oral.us"
    )
    assert "amount=120" in problem and "amount=80" in problem


@pytest.mark.parametrize(
    ("value", "scope"),
    [
        pytest.param('{ amount = 0.08, unit = "g", period = "day" }', '{ route = "oral" }', id="g"),
        pytest.param(
            '{ amount = 120, unit = "mg", period = "day" }',
            '{ route = "oral", jurisdiction = "CA" }',
            id="other-jurisdiction",
        ),
        pytest.param(
            '{ amount = 1000, unit = "mcg", period = "day" }',
            '{ route = "intrathecal" }',
            id="other-route",
        ),
    ],
)
def test_agreeing_or_differently_scoped_entries_are_not_contradictions(
    tmp_path, value, scope
) -> None:
    refs_dir = copy_set(tmp_path)
    append_entry(
        refs_dir,
        "baclofen",
        id='"baclofen.max_daily_dose.extra"',
        type='"max_daily_dose"',
        value=value,
        scope=scope,
    )
    assert validate_reference_dir(refs_dir) == []


def test_contradicting_approval_status_for_an_overlapping_indication(tmp_path) -> None:
    refs_dir = copy_set(tmp_path)
    append_entry(
        refs_dir,
        "baclofen",
        id='"baclofen.approval.aud.us.claimed"',
        type='"approval"',
        value='{ agency = "FDA", status = "approved", indications = ["alcohol_use_disorder"] }',
    )
    problems = validate_reference_dir(refs_dir)
    assert any(
        "baclofen.approval.aud.us.claimed: value: contradicts baclofen.approval.aud.us" in p
        for p in problems
    ), problems


def test_brand_claimed_by_two_drugs(tmp_path) -> None:
    refs_dir = copy_set(tmp_path)
    replace_in(
        refs_dir / "drugs" / "naloxone.toml", 'brands = ["Narcan"', 'brands = ["lioresal", "Narcan"'
    )
    assert validate_reference_dir(refs_dir) == [
        "drugs/naloxone.toml: drug.names: 'lioresal' is also a name of drug 'baclofen' "
        "(drugs/baclofen.toml)"
    ]


def test_drug_id_must_match_its_file(tmp_path) -> None:
    refs_dir = copy_set(tmp_path)
    (refs_dir / "drugs" / "naloxone.toml").rename(refs_dir / "drugs" / "narcan.toml")
    assert validate_reference_dir(refs_dir) == [
        "drugs/narcan.toml: drug.id: 'naloxone' does not match the file name"
    ]


def test_syntax_error_names_the_line(tmp_path) -> None:
    refs_dir = copy_set(tmp_path)
    path = refs_dir / "drugs" / "naloxone.toml"
    lines = path.read_text(encoding="utf-8").splitlines()
    broken_at = next(i for i, line in enumerate(lines) if line.startswith("statement")) + 1
    lines[broken_at - 1] = 'statement "Naloxone reverses opioid overdose."'
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    (problem,) = validate_reference_dir(refs_dir)
    assert problem.startswith(f"drugs/naloxone.toml: line {broken_at}: syntax error: ")


def test_lexicon_problems(tmp_path) -> None:
    refs_dir = copy_set(tmp_path)
    cond = refs_dir / "lexicon" / "conditions.toml"
    replace_in(
        cond,
        'parent = "narcolepsy"\n\n[[conditions]]\nid = "excessive',
        'parent = "sleep"\n\n[[conditions]]\nid = "excessive',
    )
    with cond.open("a", encoding="utf-8") as fh:
        fh.write('\n[[conditions]]\nid = "drinking"\nnames = ["Alcoholism"]\n')
    assert validate_reference_dir(refs_dir) == [
        "lexicon/conditions.toml: condition drinking: names: 'Alcoholism' is also a name of "
        "condition 'alcohol_use_disorder'",
        "lexicon/conditions.toml: condition cataplexy: parent: 'sleep' is not a condition",
    ]


def test_missing_version_and_unit_problems(tmp_path) -> None:
    refs_dir = copy_set(tmp_path)
    (refs_dir / "set.toml").write_text('title = "no version"\n', encoding="utf-8")
    replace_in(refs_dir / "lexicon" / "units.toml", "g = 1000.0", 'g = "a lot"')
    problems = validate_reference_dir(refs_dir)
    assert "set.toml: version: missing or not a string" in problems
    assert "lexicon/units.toml: units.g: factor to mg must be a positive number" in problems


def test_several_problems_one_line_each_across_files(tmp_path) -> None:
    refs_dir = copy_set(tmp_path)
    append_entry(refs_dir, "naloxone", sources=None)
    append_entry(
        refs_dir,
        "methadone",
        id='"methadone.max_daily_dose.test"',
        type='"max_daily_dose"',
        value='{ amount = 80, unit = "mgs", period = "day" }',
    )
    path = refs_dir / "drugs" / "tramadol.toml"
    text = path.read_text(encoding="utf-8")
    bad_line = len(text.splitlines()) + 2
    path.write_text(text + "\n[[entries]\n", encoding="utf-8")
    problems = validate_reference_dir(refs_dir)
    assert len(problems) == 3, problems
    assert f"{NALOXONE}: sources: missing" in problems
    assert any(
        p.startswith("drugs/methadone.toml: entry methadone.max_daily_dose.test: value.unit 'mgs'")
        for p in problems
    )
    assert any(
        p.startswith(f"drugs/tramadol.toml: line {bad_line}: syntax error: ") for p in problems
    )


def test_missing_folder_is_one_line(tmp_path) -> None:
    missing = tmp_path / "nowhere"
    assert validate_reference_dir(missing) == [f"{missing}: reference set folder not found"]


# --- robustness: whatever an editor writes, the validator answers with lines, never a crash ---


def _toml_value(v) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int | float):
        return repr(v)
    if isinstance(v, str):
        return json.dumps(v)
    if isinstance(v, list):
        return "[" + ", ".join(_toml_value(x) for x in v) + "]"
    return "{ " + ", ".join(f"{json.dumps(k)} = {_toml_value(x)}" for k, x in v.items()) + " }"


_scalars = (
    st.booleans()
    | st.integers(-5, 3000)
    | st.floats(allow_nan=False, allow_infinity=False, width=32)
    | st.text(max_size=12)
    | st.sampled_from(["mg", "mcg", "FDA", "DEA", "oral", "US", "II", "approved", "2026-01-02"])
)
_values = st.recursive(
    _scalars,
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(
            st.sampled_from(["amount", "unit", "route", "x", "schedule"]), inner, max_size=3
        )
    ),
    max_leaves=6,
)
_fields = st.dictionaries(
    st.sampled_from([*ENTRY_FIELDS, "extra"]),
    _values | st.sampled_from(list(TYPES)),
    max_size=len(ENTRY_FIELDS) + 1,
)


@pytest.fixture(scope="module")
def minimal_set():
    """set.toml, the lexicons and one drug file: enough to validate, cheap to rewrite."""
    root = Path(tempfile.mkdtemp(prefix="refs-fuzz-"))
    src = default_reference_dir()
    shutil.copy(src / "set.toml", root / "set.toml")
    shutil.copytree(src / "lexicon", root / "lexicon")
    (root / "drugs").mkdir()
    yield root
    shutil.rmtree(root, ignore_errors=True)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(fields=_fields)
def test_random_entries_give_problem_lines_not_crashes(minimal_set, fields) -> None:
    body = '[drug]\nid = "naloxone"\nnames = ["naloxone"]\n\n[[entries]]\n'
    body += "".join(f"{json.dumps(k)} = {_toml_value(v)}\n" for k, v in fields.items())
    (minimal_set / "drugs" / "naloxone.toml").write_text(body, encoding="utf-8")
    problems = validate_reference_dir(minimal_set)
    assert all(isinstance(p, str) and "\n" not in p and p for p in problems)
    if problems:
        with pytest.raises(ReferenceSetError):
            load_reference_set(minimal_set)
    else:
        refs = load_reference_set(minimal_set)
        assert [e.id for e in refs.entries] == [fields["id"]]


@pytest.mark.parametrize(
    "changes",
    [
        pytest.param({"subject": '["naloxone"]'}, id="subject-list"),
        pytest.param({"type": '["history"]'}, id="type-list"),
        pytest.param({"value": '{ event = ["synthesized"], year = 1961 }'}, id="event-list"),
        pytest.param({"value": '{ event = "first\\nline", year = 1961 }'}, id="newline"),
        pytest.param({"scope": '{ condition = ["pain"] }'}, id="condition-list"),
        pytest.param({"value": "[1, 2]", "scope": '"everywhere"'}, id="not-tables"),
    ],
)
def test_odd_shapes_are_problems_not_crashes(tmp_path, changes) -> None:
    refs_dir = copy_set(tmp_path)
    append_entry(refs_dir, "naloxone", **changes)
    problems = validate_reference_dir(refs_dir)
    assert problems
    assert all(p.startswith("drugs/naloxone.toml: entry ") and "\n" not in p for p in problems)
