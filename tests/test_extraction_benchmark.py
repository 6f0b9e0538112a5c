"""The scorer in benchmarks/extraction.py implements the ScrapingHub benchmark's metric."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

_PATH = Path(__file__).resolve().parents[1] / "benchmarks" / "extraction.py"
_spec = importlib.util.spec_from_file_location("extraction_bench", _PATH)
bench = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(bench)


def test_four_token_shingles_normalised_per_page():
    # true shingles: (a b c d), (b c d e); predicted: (a b c d), (b c d x)
    tp, fp, fn = bench.shingle_match("a b c d e", "a, b. c d x")
    assert (tp, fp, fn) == pytest.approx((1 / 3, 1 / 3, 1 / 3))
    # fewer than four tokens: the whole text is one shingle
    assert bench.shingle_match("Short text", "short text") == (0.0, 0.5, 0.5)
    assert bench.shingle_match("Short text", "Short text") == (1.0, 0.0, 0.0)


def test_precision_skips_empty_predictions_recall_counts_them():
    rows = [bench.shingle_match("a b c d e f", "a b c d e f"),  # perfect
            bench.shingle_match("a b c d e f", ""),  # nothing predicted
            bench.shingle_match("a b c d e f", "a b c d e f g h")]  # 3 right of 5 predicted
    scores = bench.shingle_scores(rows)
    assert scores["precision"] == pytest.approx((1 + 3 / 5) / 2)
    assert scores["recall"] == pytest.approx((1 + 0 + 1) / 3)
    p, r = scores["precision"], scores["recall"]
    assert scores["f1"] == pytest.approx(2 * p * r / (p + r))


def test_snippet_scores():
    truth = {"1": {"with": ["kept one", "kept two"], "without": ["menu item"]},
             "2": {"with": ["missing"], "without": ["footer"]}}
    pred = {"1": "kept one ... kept two ... menu item", "2": "nothing"}
    s = bench.snippet_scores(truth, pred)
    assert s["precision"] == pytest.approx(2 / 3) and s["recall"] == pytest.approx(2 / 3)


def test_cache_from_a_clone_working_tree(tmp_path):
    import gzip

    clone = tmp_path / "clone"
    (clone / "html").mkdir(parents=True)
    (clone / ".git").mkdir()
    truth = {"k1": {"articleBody": "Body one.", "url": "https://example.org/1"}}
    (clone / "ground-truth.json").write_text(json.dumps(truth))
    (clone / "html" / "k1.html.gz").write_bytes(gzip.compress(b"<p>Body one.</p>"))
    cache = tmp_path / "cache"
    old = bench.CACHE
    bench.CACHE = cache
    try:
        assert bench.build_cache(bench.Clone(clone), "scrapinghub") == 1
    finally:
        bench.CACHE = old
    assert (cache / "scrapinghub" / "html" / "k1.html").read_bytes() == b"<p>Body one.</p>"
    assert json.loads((cache / "scrapinghub" / "truth.json").read_text()) == truth
