"""The real-page corpus manifest: well-formed labels, and no third-party text in the repository."""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "quality"))

import score  # noqa: E402

MANIFESTS = sorted((ROOT / "quality" / "manifest").glob("*.jsonl"))
LABELS = {"must-flag", "must-not-flag", "may-flag"}
FREE_TEXT_OK = {"url", "query"}  # the page's address and the words searched for are not page text
WORDS = re.compile(r"[a-z0-9']+")


def manifest_lines():
    for path in MANIFESTS:
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if line.strip():
                yield path, n, json.loads(line)


def strings(obj, key=""):
    if isinstance(obj, str):
        yield key, obj
    elif isinstance(obj, dict):
        for k, v in obj.items():
            yield from strings(v, k)
    elif isinstance(obj, list):
        for v in obj:
            yield from strings(v, key)


def shared_run(field: str, page: str, n: int = 5) -> str | None:
    """A run of n words that the field repeats from the page, if any."""
    words = WORDS.findall(field.lower())
    page_words = " " + " ".join(WORDS.findall(page.lower())) + " "
    for i in range(len(words) - n + 1):
        run = " ".join(words[i : i + n])
        if f" {run} " in page_words:
            return run
    return None


def test_manifests_exist_with_enough_pages():
    pages = list(manifest_lines())
    real = [p for _, _, p in pages if p["split"] in ("dev", "blind")]
    blind = [p for p in real if p["split"] == "blind"]
    assert len(real) >= 150, len(real)
    assert len(blind) >= 50, len(blind)
    drugs = {d for p in real for d in p.get("drugs", [])}
    assert len(drugs) >= 20, sorted(drugs)


def test_every_line_is_well_formed():
    seen = set()
    for path, n, page in manifest_lines():
        where = f"{path.name}:{n}"
        assert page["id"] not in seen, where
        seen.add(page["id"])
        assert re.fullmatch(r"[0-9a-f]{64}", page["sha256"]), where
        assert set(page["exhaustive"]) <= set(score.CATEGORIES), where
        if page["split"] in ("dev", "blind"):
            assert page["url"].startswith(("http://", "https://")), where
            assert page["obtained"]["method"], where
        for lab in page["labels"]:
            assert lab["category"] in score.CATEGORIES, where
            assert lab["label"] in LABELS, where
            assert 0 <= lab["start"] < lab["end"] <= page["chars"], (where, lab)


def test_no_field_holds_page_text():
    """Reasons are a few words of our own; with the cache present, no field repeats 5 words."""
    for path, n, page in manifest_lines():
        text = None
        cached = score.text_path(score.Page(page["id"], page["split"], page.get("url"),
                                            page["sha256"], (), []))
        if cached.is_file() and page["split"] in ("dev", "blind"):
            text = cached.read_text(encoding="utf-8")
        for key, value in strings(page):
            if key in FREE_TEXT_OK or key in ("id", "sha256", "split", "kind"):
                continue
            assert len(value.split()) <= 15, f"{path.name}:{n} {key} is long: {value!r}"
            if text is not None:
                run = shared_run(value, text)
                assert run is None, f"{path.name}:{n} {key} repeats page text {run!r}"


def test_shared_run_detects_copied_words():
    page = "Baclofen is a muscle relaxant that acts on GABA-B receptors in the spinal cord."
    assert shared_run("copied: acts on GABA-B receptors in the spinal", page)
    assert shared_run("muscle relaxant, spinal site of action", page) is None


def test_scorer_counts_hits_false_alarms_and_violations():
    text = "Drug X is Schedule II.  Call 988 in a crisis. Book your stay today! Plain text here."
    page = score.Page("t1", "dev", "https://example.org/a", "0" * 64, score.CATEGORIES, [
        score.Label(0, 22, "contradiction", "must-flag"),
        score.Label(24, 45, "marketing", "must-not-flag"),
        score.Label(46, 67, "marketing", "must-flag"),
    ], text=text)
    folded = " ".join(text.split())

    def finding(cat, snippet, rule):
        start = folded.index(snippet)
        return {"category": cat, "rule": rule, "text": snippet, "start": start,
                "end": start + len(snippet)}

    results = {"articles": [{"source": "/tmp/x/t1.txt", "findings": [
        finding("contradiction", "Drug X is Schedule II.", "BA104"),
        finding("marketing", "Call 988 in a crisis.", "BA302"),
        finding("uncited", "Plain text here.", "BA201"),
    ]}]}
    tallies, rule_tp, rule_fp = score.score([page], results)
    assert tallies["contradiction"].found == 1 and tallies["contradiction"].tp == 1
    assert tallies["marketing"].violations == 1 and tallies["marketing"].found == 0
    assert tallies["marketing"].recall == 0.0
    assert tallies["uncited"].fp == 1 and tallies["uncited"].precision == 0.0
    assert rule_fp["BA302"] == 1 and rule_tp["BA104"] == 1


def test_finding_is_mapped_back_through_folded_whitespace():
    raw = "Title\n\n\nFirst   line of text.\n  Second line."
    norm = score._normalise(raw)
    start, end = score.locate_finding(raw, norm, {"text": "First line of text.", "start": 7})
    assert raw[start:end] == "First   line of text."


def test_changed_text_is_reported_not_scored(tmp_path, monkeypatch):
    monkeypatch.setattr(score, "CACHE", tmp_path)
    (tmp_path / "p1.txt").write_text("changed text", encoding="utf-8")
    good = "kept text"
    (tmp_path / "p2.txt").write_text(good, encoding="utf-8")
    pages = [
        score.Page("p1", "dev", "u1", hashlib.sha256(b"original text").hexdigest(), (), []),
        score.Page("p2", "dev", "u2", hashlib.sha256(good.encode()).hexdigest(), (), []),
        score.Page("p3", "dev", "u3", "0" * 64, (), []),
    ]
    score.attach_texts(pages)
    assert pages[0].problem and "SHA-256" in pages[0].problem and pages[0].text is None
    assert pages[1].text == good and pages[1].problem is None
    assert pages[2].problem == "missing from the cache"


def test_missing_cache_says_how_to_rebuild(tmp_path):
    """With no cached texts the scorer names the rebuild procedure and exits non-zero."""
    manifests = tmp_path / "manifest"
    manifests.mkdir()
    line = {"id": "zz1", "split": "dev", "url": "https://example.org/", "sha256": "0" * 64,
            "chars": 10, "exhaustive": [], "labels": []}
    (manifests / "dev.jsonl").write_text(json.dumps(line) + "\n", encoding="utf-8")
    code = (f"import sys; sys.path.insert(0, {str(ROOT / 'quality')!r}); import score; "
            f"from pathlib import Path; score.MANIFESTS = Path({str(manifests)!r}); "
            f"score.CACHE = Path({str(tmp_path / 'nocache')!r}); "
            "sys.exit(score.main(['--split', 'dev']))")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.returncode == 2
    assert "Rebuilding the cache" in proc.stdout


@pytest.mark.parametrize("split", ["dev", "blind"])
def test_ledger_only_appends(tmp_path, monkeypatch, split):
    ledger = tmp_path / "quality.md"
    ledger.write_text("| a |\n<!-- ledger rows end -->\ntail\n", encoding="utf-8")
    monkeypatch.setattr(score, "LEDGER", ledger)
    score.append_ledger(f"| row {split} |")
    score.append_ledger("| row 2 |")
    text = ledger.read_text(encoding="utf-8")
    assert text.index("| a |") < text.index(f"| row {split} |") < text.index("| row 2 |")
    assert text.endswith("<!-- ledger rows end -->\ntail\n")
